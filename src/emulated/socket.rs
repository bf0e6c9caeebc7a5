//! Emulated sockets: the state the control codes read and write, and a tiny loopback data plane
//! (connect to a listening emulated socket, send with and without `MSG_OOB`, receive) so that
//! FIONREAD, SIOCATMARK and the connection-state rules have something real to observe.
//!
//! Urgent data follows Windows (spec/observed-windows.md, "SIOCATMARK answers TRUE when no urgent
//! data is pending"; "FIONREAD on a stream does not count urgent (OOB) bytes unless SO_OOBINLINE is
//! on"): the last byte of a `MSG_OOB` send is urgent. If SO_OOBINLINE is off when it arrives it is
//! held out of band (read with `MSG_OOB`), not counted by FIONREAD, and SIOCATMARK is FALSE until it
//! is read. If SO_OOBINLINE is on when it arrives it joins the stream and SIOCATMARK stays TRUE
//! (Wine's `test_fionread_siocatmark`, outside `todo_wine`). Turning SO_OOBINLINE on while urgent
//! bytes are held puts them back in the stream at their mark: FIONREAD counts them and SIOCATMARK
//! stays FALSE until the stream is read past the mark.

use std::collections::{BTreeMap, VecDeque};
use std::net::{Ipv4Addr, SocketAddr};

use crate::error::WsaError;
use crate::spi::{SocketKind, sock_type};
use crate::wire::compat::WsaCompatibilityMode;
use crate::wire::guid::Guid;
use crate::wire::keepalive::TcpKeepalive;

/// Connection state the codes depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conn {
    Fresh,
    Bound,
    Listening,
    Connected,
}

/// One urgent byte not yet read past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Urgent {
    byte: u8,
    /// Stream offset (counted in bytes ever appended) at which the byte sits.
    pos: u64,
    /// Already in the stream (SO_OOBINLINE was turned on while it was held).
    inline: bool,
}

/// The receive side.
#[derive(Debug, Default)]
pub(crate) struct RxQueue {
    stream: VecDeque<u8>,
    /// Bytes ever appended to `stream` / read from it.
    appended: u64,
    consumed: u64,
    urgent: Vec<Urgent>,
    datagrams: VecDeque<(Vec<u8>, Option<SocketAddr>)>,
}

impl RxQueue {
    /// Bytes a normal receive can return (stream) — FIONREAD on a stream.
    pub(crate) fn stream_len(&self) -> usize {
        self.stream.len()
    }

    /// Total bytes of all queued datagrams.
    pub(crate) fn datagram_total(&self) -> usize {
        self.datagrams.iter().map(|(d, _)| d.len()).sum()
    }

    /// Size of the first queued datagram.
    pub(crate) fn first_datagram(&self) -> usize {
        self.datagrams.front().map_or(0, |(d, _)| d.len())
    }

    /// True while an urgent byte is held or its inline mark has not been read past.
    pub(crate) fn urgent_pending(&self) -> bool {
        !self.urgent.is_empty()
    }

    /// Appends stream data from the peer; `urgent` makes the last byte urgent.
    pub(crate) fn push_stream(&mut self, data: &[u8], urgent: bool, oobinline: bool) {
        let (normal, oob) = match (urgent, data.split_last()) {
            (true, Some((last, rest))) if !oobinline => (rest, Some(*last)),
            _ => (data, None),
        };
        self.stream.extend(normal);
        self.appended += normal.len() as u64;
        if let Some(byte) = oob {
            self.urgent.push(Urgent {
                byte,
                pos: self.appended,
                inline: false,
            });
        }
    }

    /// Queues a datagram.
    pub(crate) fn push_datagram(&mut self, data: &[u8], from: Option<SocketAddr>) {
        self.datagrams.push_back((data.to_vec(), from));
    }

    /// SO_OOBINLINE turned on: held urgent bytes go back into the stream at their mark.
    pub(crate) fn inline_held(&mut self) {
        let consumed = self.consumed;
        let mut held: Vec<&mut Urgent> = self.urgent.iter_mut().filter(|u| !u.inline).collect();
        held.sort_by_key(|u| u.pos);
        let inserted = held.len() as u64;
        for (shift, u) in held.into_iter().enumerate() {
            // Its absolute stream offset once the earlier held bytes are back in the stream.
            u.pos += shift as u64;
            let at = ((u.pos - consumed) as usize).min(self.stream.len());
            self.stream.insert(at, u.byte);
            u.inline = true;
        }
        self.appended += inserted;
    }

    /// A normal receive of up to `n` bytes from the stream.
    pub(crate) fn read_stream(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.stream.len());
        let out: Vec<u8> = self.stream.drain(..n).collect();
        self.consumed += n as u64;
        let consumed = self.consumed;
        self.urgent.retain(|u| !(u.inline && u.pos < consumed));
        out
    }

    /// A `MSG_OOB` receive: the first held urgent byte.
    pub(crate) fn read_oob(&mut self) -> Option<u8> {
        let i = self.urgent.iter().position(|u| !u.inline)?;
        Some(self.urgent.remove(i).byte)
    }

    /// A datagram receive.
    pub(crate) fn read_datagram(&mut self, n: usize) -> Option<Vec<u8>> {
        self.datagrams.pop_front().map(|(mut d, _)| {
            d.truncate(n);
            d
        })
    }
}

/// Everything the emulated TCP/IP provider keeps per socket.
#[derive(Debug)]
pub(crate) struct EmuSocket {
    pub(crate) kind: SocketKind,
    pub(crate) conn: Conn,
    pub(crate) local: Option<SocketAddr>,
    pub(crate) peer: Option<SocketAddr>,
    /// The handle of the connected emulated peer.
    pub(crate) peer_handle: Option<u64>,
    pub(crate) nonblocking: bool,
    pub(crate) oobinline: bool,
    pub(crate) rx: RxQueue,
    pub(crate) peer_closed: bool,
    /// Accepted connections waiting on a listening socket.
    pub(crate) accept_queue: VecDeque<u64>,
    pub(crate) keepalive: Option<TcpKeepalive>,
    pub(crate) multicast_ttl: u32,
    pub(crate) multicast_loop: bool,
    pub(crate) udp_connreset: bool,
    pub(crate) udp_netreset: bool,
    /// An ICMP port unreachable waits to be reported by the next receive, as this error
    /// (WSAECONNRESET on Windows; see [`crate::profile::UdpUnreachable`]).
    pub(crate) icmp_reset_pending: Option<WsaError>,
    pub(crate) compat: Vec<WsaCompatibilityMode>,
    pub(crate) rcvall: Option<(u32, u32)>,
    pub(crate) loopback_fast_path: bool,
    pub(crate) initial_rto: Option<(u16, u8)>,
    pub(crate) ack_frequency: Option<u8>,
    pub(crate) icw: Option<u32>,
    pub(crate) priority_hint: Option<u32>,
    pub(crate) cpu_affinity: Option<u16>,
    pub(crate) timestamping: Option<(u32, u16)>,
    pub(crate) circular_queueing: bool,
    pub(crate) usage: Option<u32>,
    pub(crate) port_token: Option<u64>,
    /// FD_* notifications armed by a nonblocking `*_CHANGE` that answered WSAEWOULDBLOCK.
    pub(crate) armed: i32,
    /// Windows CE secure-socket flags (SO_SSL_SET_FLAGS).
    pub(crate) ssl_flags: u32,
    pub(crate) ssl_protocols: Vec<crate::wire::ssl::SslProtocol>,
    pub(crate) ssl_hook: Option<(u64, u64)>,
    /// SIO_SET_SECURITY applied (at most once): `(SecurityProtocol, SecurityFlags)`.
    pub(crate) security: Option<(i32, u32)>,
    /// SIO_SET_PEER_TARGET_NAME: peer address → target name (UTF-16LE bytes).
    pub(crate) peer_target_names: BTreeMap<SocketAddr, Vec<u8>>,
    /// REAL_TIME_NOTIFICATION_CAPABILITY applied: the broker event GUID.
    pub(crate) realtime_broker: Option<Guid>,
    /// ASSOCIATE_NAMERES_CONTEXT applied: the name-resolution context handle.
    pub(crate) nameres_context: Option<u64>,
    /// SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS: the records handed to this outbound socket.
    pub(crate) wfp_records_set: Option<Vec<u8>>,
    /// The redirect state a WFP connect-redirect callout left on this (accepted) connection:
    /// `(redirect records, redirect context)`.
    pub(crate) wfp_redirect: Option<(Vec<u8>, Option<Vec<u8>>)>,
    /// SIO_SET_MULTICAST_FILTER: `(group, interface index)` → `(imsf_fmode, sources)`.
    pub(crate) mcast_filters: BTreeMap<(Ipv4Addr, u32), (i32, Vec<Ipv4Addr>)>,
}

impl EmuSocket {
    pub(crate) fn new(kind: SocketKind) -> Self {
        Self {
            kind,
            conn: Conn::Fresh,
            local: None,
            peer: None,
            peer_handle: None,
            nonblocking: false,
            oobinline: false,
            rx: RxQueue::default(),
            peer_closed: false,
            accept_queue: VecDeque::new(),
            keepalive: None,
            multicast_ttl: 1,
            multicast_loop: true,
            // Windows enables both by default (SIO_UDP_CONNRESET reference: "enabled by default").
            udp_connreset: true,
            udp_netreset: true,
            icmp_reset_pending: None,
            compat: Vec::new(),
            rcvall: None,
            loopback_fast_path: false,
            initial_rto: None,
            ack_frequency: None,
            icw: None,
            priority_hint: None,
            cpu_affinity: None,
            timestamping: None,
            circular_queueing: false,
            usage: None,
            port_token: None,
            armed: 0,
            ssl_flags: 0,
            ssl_protocols: Vec::new(),
            ssl_hook: None,
            security: None,
            peer_target_names: BTreeMap::new(),
            realtime_broker: None,
            nameres_context: None,
            wfp_records_set: None,
            wfp_redirect: None,
            mcast_filters: BTreeMap::new(),
        }
    }

    pub(crate) fn is_stream(&self) -> bool {
        self.kind.ty == sock_type::STREAM
    }

    pub(crate) fn is_dgram(&self) -> bool {
        self.kind.ty == sock_type::DGRAM
    }

    pub(crate) fn is_raw(&self) -> bool {
        self.kind.ty == sock_type::RAW
    }

    /// Connected: a stream socket in [`Conn::Connected`], a datagram socket with a default peer
    /// (`connect` on a datagram socket only records the peer).
    pub(crate) fn is_connected(&self) -> bool {
        if self.is_stream() {
            self.conn == Conn::Connected
        } else {
            self.peer.is_some()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgent_byte_held_out_of_band() {
        let mut rx = RxQueue::default();
        rx.push_stream(b"hello", false, false);
        rx.push_stream(b"!", true, false);
        assert_eq!(rx.stream_len(), 5, "FIONREAD excludes the urgent byte");
        assert!(rx.urgent_pending());
        assert_eq!(rx.read_stream(5), b"hello");
        assert!(rx.urgent_pending(), "still pending after the normal data");
        assert_eq!(rx.read_oob(), Some(b'!'));
        assert!(!rx.urgent_pending());
    }

    #[test]
    fn urgent_byte_arriving_inline() {
        let mut rx = RxQueue::default();
        rx.push_stream(b"x", true, true);
        assert_eq!(rx.stream_len(), 1);
        assert!(!rx.urgent_pending());
    }

    #[test]
    fn oobinline_turned_on_while_held() {
        let mut rx = RxQueue::default();
        rx.push_stream(b"ab", false, false);
        rx.push_stream(b"U", true, false);
        rx.inline_held();
        assert_eq!(rx.stream_len(), 3);
        assert!(rx.urgent_pending(), "mark not read past yet");
        assert_eq!(rx.read_stream(2), b"ab");
        assert!(rx.urgent_pending());
        assert_eq!(rx.read_stream(1), b"U");
        assert!(!rx.urgent_pending());
    }
}
