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
//!
//! The `wine` profile's [`UrgentModel::Linux`] keeps urgent data as Linux TCP does instead
//! (tcp(7); net/ipv4/tcp.c `tcp_recvmsg`, `tcp_recv_urg`, `tcp_ioctl`; tcp_input.c
//! `tcp_check_urg`), since Wine's ws2_32 hands it to a Linux socket (docs/wine-divergences.md
//! rows 8, 10, 11): see [`RxQueue`]'s Linux methods.

use std::collections::{BTreeMap, VecDeque};
use std::net::{Ipv4Addr, SocketAddr};

use crate::error::WsaError;
use crate::profile::UrgentModel;
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

/// One urgent byte not yet read past ([`UrgentModel::Windows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Urgent {
    byte: u8,
    /// Stream offset (counted in bytes ever appended) at which the byte sits.
    pos: u64,
    /// Already in the stream (SO_OOBINLINE was turned on while it was held).
    inline: bool,
}

/// Linux's urgent mark ([`UrgentModel::Linux`]): `tp->urg_seq` and `tp->urg_data` of
/// net/ipv4/tcp_input.c (`tcp_check_urg`, `tcp_urg`). The byte itself stays in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    /// Stream offset of the urgent byte (`urg_seq`).
    pos: u64,
    /// The byte (`TCP_URG_VALID | byte`).
    byte: u8,
    /// Taken by `recv(MSG_OOB)` (`TCP_URG_READ`): the mark stays until read past.
    read: bool,
}

/// Why a `MSG_OOB` receive returned no byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoOob {
    /// Nothing urgent yet: wait (or WSAEWOULDBLOCK) — the Windows model.
    Wait,
    /// Linux `tcp_recv_urg`: no urgent byte, or it was already read — EINVAL ("Yes this is
    /// right !").
    Invalid,
}

/// The receive side.
#[derive(Debug, Default, Clone)]
pub(crate) struct RxQueue {
    model: UrgentModel,
    stream: VecDeque<u8>,
    /// Bytes ever appended to `stream` / read from it (Linux: `rcv_nxt` / `copied_seq`).
    appended: u64,
    consumed: u64,
    /// [`UrgentModel::Windows`]: the urgent bytes held or not yet read past.
    urgent: Vec<Urgent>,
    /// [`UrgentModel::Linux`]: the one urgent mark.
    mark: Option<Mark>,
    datagrams: VecDeque<(Vec<u8>, Option<SocketAddr>)>,
}

impl RxQueue {
    /// An empty queue keeping urgent data as `model` says.
    pub(crate) fn new(model: UrgentModel) -> Self {
        Self {
            model,
            ..Self::default()
        }
    }

    /// The urgent-data model the queue follows.
    pub(crate) fn model(&self) -> UrgentModel {
        self.model
    }

    /// Bytes in the stream buffer (under the Windows model, what a normal receive can return).
    pub(crate) fn stream_len(&self) -> usize {
        self.stream.len()
    }

    /// FIONREAD on a stream. Windows: the bytes a normal receive returns — held urgent bytes are
    /// not in the stream (observed-windows.md). Linux `tcp_inq` (SIOCINQ; tcp(7): "a read never
    /// reads across the urgent mark", and SIOCINQ counts what a read can reach): with
    /// SO_OOBINLINE off and a mark still ahead (`copied_seq <= urg_seq < rcv_nxt`), only the
    /// bytes before the mark — 0 while the next byte is the mark, even one already taken with
    /// `MSG_OOB`; otherwise every byte received and not read.
    pub(crate) fn fionread(&self, oobinline: bool) -> usize {
        match (self.model, self.mark) {
            (UrgentModel::Linux, Some(m))
                if !oobinline && m.pos >= self.consumed && m.pos < self.appended =>
            {
                (m.pos - self.consumed) as usize
            }
            _ => self.stream.len(),
        }
    }

    /// Total bytes of all queued datagrams.
    pub(crate) fn datagram_total(&self) -> usize {
        self.datagrams.iter().map(|(d, _)| d.len()).sum()
    }

    /// Size of the first queued datagram.
    pub(crate) fn first_datagram(&self) -> usize {
        self.datagrams.front().map_or(0, |(d, _)| d.len())
    }

    /// Windows model: true while an urgent byte is held or its inline mark has not been read
    /// past.
    pub(crate) fn urgent_pending(&self) -> bool {
        !self.urgent.is_empty()
    }

    /// Linux's SIOCATMARK (tcp(7): true "if the inbound data stream is at the urgent mark";
    /// `tcp_ioctl`: `urg_data && urg_seq == copied_seq`): the next byte a normal receive reaches
    /// is the mark — whether or not `recv(MSG_OOB)` already took the byte there. False under the
    /// Windows model.
    pub(crate) fn linux_at_mark(&self) -> bool {
        self.mark.is_some_and(|m| m.pos == self.consumed)
    }

    /// Appends stream data from the peer; `urgent` makes the last byte urgent; `oobinline` is
    /// the receiver's SO_OOBINLINE when it arrives.
    pub(crate) fn push_stream(&mut self, data: &[u8], urgent: bool, oobinline: bool) {
        match self.model {
            UrgentModel::Windows => self.push_windows(data, urgent, oobinline),
            UrgentModel::Linux => self.push_linux(data, urgent, oobinline),
        }
    }

    fn push_windows(&mut self, data: &[u8], urgent: bool, oobinline: bool) {
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

    /// Linux `tcp_check_urg` + `tcp_urg`: the byte joins the stream; a new urgent pointer
    /// replaces the old mark, so an earlier urgent byte not yet read past becomes normal data
    /// (tcp(7), NOTES: "if the other end sends newer out-of-band data the older urgent data is
    /// inserted as normal data into the stream (even when SO_OOBINLINE is not set)"). One
    /// exception: when the reader stands exactly at the old mark (SO_OOBINLINE off, more data
    /// behind it) the old byte is skipped (`copied_seq++`), as a normal receive would have.
    fn push_linux(&mut self, data: &[u8], urgent: bool, oobinline: bool) {
        if let (true, Some(&byte)) = (urgent, data.last()) {
            if self.linux_at_mark() && !oobinline && self.consumed != self.appended {
                self.stream.pop_front();
                self.consumed += 1;
            }
            self.mark = Some(Mark {
                pos: self.appended + data.len() as u64 - 1,
                byte,
                read: false,
            });
        }
        self.stream.extend(data);
        self.appended += data.len() as u64;
    }

    /// Queues a datagram.
    pub(crate) fn push_datagram(&mut self, data: &[u8], from: Option<SocketAddr>) {
        self.datagrams.push_back((data.to_vec(), from));
    }

    /// SO_OOBINLINE turned on. Windows: held urgent bytes go back into the stream at their mark.
    /// Linux: nothing moves — the byte is in the stream already and SO_OOBINLINE is read when
    /// the stream is read.
    pub(crate) fn inline_held(&mut self) {
        if self.model == UrgentModel::Linux {
            return;
        }
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

    /// A normal receive of up to `n` bytes from the stream (`oobinline`: the socket's
    /// SO_OOBINLINE now). `peek` (`MSG_PEEK`) returns the same bytes and leaves the queue as it
    /// was.
    pub(crate) fn read_stream(&mut self, n: usize, oobinline: bool, peek: bool) -> Vec<u8> {
        if peek {
            return self.clone().read_stream(n, oobinline, false);
        }
        match self.model {
            UrgentModel::Windows => self.read_windows(n),
            UrgentModel::Linux => self.read_linux(n, oobinline),
        }
    }

    fn read_windows(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.stream.len());
        let out: Vec<u8> = self.stream.drain(..n).collect();
        self.consumed += n as u64;
        let consumed = self.consumed;
        self.urgent.retain(|u| !(u.inline && u.pos < consumed));
        out
    }

    /// Linux `tcp_recvmsg_locked`: a receive that has copied something stops at the mark (tcp(7):
    /// "a read never reads across the urgent mark"); one that starts at the mark skips the
    /// urgent byte with SO_OOBINLINE off ("the next read … will return the bytes following the
    /// urgent data") or returns it with SO_OOBINLINE on, and goes on; reading past the mark
    /// clears it (`urg_data = 0`). May return nothing although
    /// the stream was not empty: the only byte was a skipped urgent byte.
    fn read_linux(&mut self, n: usize, oobinline: bool) -> Vec<u8> {
        let mut out = Vec::new();
        while out.len() < n && !self.stream.is_empty() {
            if self.linux_at_mark() && !out.is_empty() {
                break;
            }
            let mut used = self.stream.len().min(n - out.len());
            if let Some(m) = self.mark.filter(|m| m.pos >= self.consumed) {
                let offset = (m.pos - self.consumed) as usize;
                if offset < used {
                    if offset > 0 {
                        used = offset;
                    } else if !oobinline {
                        self.stream.pop_front();
                        self.consumed += 1;
                        used -= 1;
                    }
                }
            }
            out.extend(self.stream.drain(..used));
            self.consumed += used as u64;
            if self.mark.is_some_and(|m| self.consumed > m.pos) {
                self.mark = None;
            }
        }
        out
    }

    /// A `MSG_OOB` receive. Windows: the first held urgent byte, else [`NoOob::Wait`]. Linux
    /// `tcp_recv_urg`: the urgent byte, once (`peek` leaves it readable — tcp(7): "It is possible
    /// to peek at out-of-band data"); [`NoOob::Invalid`] when there is none or it was read.
    pub(crate) fn read_oob(&mut self, peek: bool) -> Result<u8, NoOob> {
        match self.model {
            UrgentModel::Windows => {
                let i = self
                    .urgent
                    .iter()
                    .position(|u| !u.inline)
                    .ok_or(NoOob::Wait)?;
                if peek {
                    return Ok(self.urgent[i].byte);
                }
                Ok(self.urgent.remove(i).byte)
            }
            UrgentModel::Linux => match &mut self.mark {
                Some(m) if !m.read => {
                    m.read = !peek;
                    Ok(m.byte)
                }
                _ => Err(NoOob::Invalid),
            },
        }
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
    /// A fresh socket whose receive side keeps urgent data as `urgent` says.
    pub(crate) fn new(kind: SocketKind, urgent: UrgentModel) -> Self {
        Self {
            kind,
            conn: Conn::Fresh,
            local: None,
            peer: None,
            peer_handle: None,
            nonblocking: false,
            oobinline: false,
            rx: RxQueue::new(urgent),
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
        assert_eq!(rx.read_stream(5, false, false), b"hello");
        assert!(rx.urgent_pending(), "still pending after the normal data");
        assert_eq!(rx.read_oob(false), Ok(b'!'));
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
        assert_eq!(rx.read_stream(2, true, false), b"ab");
        assert!(rx.urgent_pending());
        assert_eq!(rx.read_stream(1, true, false), b"U");
        assert!(!rx.urgent_pending());
    }

    // ---- UrgentModel::Linux (the wine profile; docs/wine-divergences.md rows 8, 10, 11) ----

    fn linux() -> RxQueue {
        RxQueue::new(UrgentModel::Linux)
    }

    /// tcp(7) SIOCATMARK: "a read never reads across the urgent mark"; with SO_OOBINLINE off
    /// "the next read … will return the bytes following the urgent data"; SIOCINQ (`tcp_inq`)
    /// counts only the bytes before a mark still ahead.
    #[test]
    fn linux_read_stops_at_the_mark_and_skips_the_urgent_byte() {
        let mut rx = linux();
        rx.push_stream(b"ab", false, false);
        rx.push_stream(b"U", true, false);
        rx.push_stream(b"cd", false, false);
        assert_eq!(rx.fionread(false), 2, "only the bytes before the mark");
        assert_eq!(rx.fionread(true), 5, "SO_OOBINLINE: every byte");
        assert!(!rx.linux_at_mark());
        assert_eq!(rx.read_stream(10, false, false), b"ab", "stops at the mark");
        assert!(rx.linux_at_mark());
        assert_eq!(rx.fionread(false), 0, "the next byte is the mark");
        assert_eq!(
            rx.read_stream(10, false, false),
            b"cd",
            "the urgent byte skipped"
        );
        assert!(!rx.linux_at_mark(), "read past the mark: urg_data cleared");
        assert_eq!(rx.read_oob(false), Err(NoOob::Invalid));
    }

    /// tcp(7): with SO_OOBINLINE set and SIOCATMARK true "the next read from the socket will
    /// return the urgent data" — a read still stops before the mark.
    #[test]
    fn linux_oobinline_returns_the_urgent_byte_in_the_stream() {
        let mut rx = linux();
        rx.push_stream(b"ab", false, false);
        rx.push_stream(b"U", true, false);
        // SO_OOBINLINE turned on afterwards: nothing moves, the flag is read at read time.
        rx.inline_held();
        assert_eq!(rx.fionread(true), 3);
        assert_eq!(rx.read_stream(10, true, false), b"ab");
        assert!(rx.linux_at_mark());
        assert_eq!(rx.read_stream(10, true, false), b"U");
        assert!(!rx.linux_at_mark());
        assert_eq!(rx.fionread(true), 0);
    }

    /// `tcp_recv_urg`: the byte once, then EINVAL; `TCP_URG_READ` keeps the mark, so SIOCATMARK
    /// stays true and SIOCINQ 0 until the stream is read past it (row 10, 11: Wine's FALSE and 0
    /// after `recv(MSG_OOB)`); peeking (tcp(7): "possible to peek at out-of-band data") does not
    /// take it.
    #[test]
    fn linux_oob_read_once_and_the_mark_stays() {
        let mut rx = linux();
        rx.push_stream(b"*", false, false);
        rx.push_stream(b"+", true, false);
        assert_eq!(rx.read_stream(1, false, false), b"*");
        assert!(rx.linux_at_mark());
        assert_eq!(rx.read_oob(true), Ok(b'+'), "peek");
        assert_eq!(rx.read_oob(false), Ok(b'+'));
        assert_eq!(rx.read_oob(false), Err(NoOob::Invalid), "TCP_URG_READ");
        assert!(rx.linux_at_mark(), "the mark stays after MSG_OOB");
        assert_eq!(rx.fionread(false), 0);
        assert_eq!(rx.stream_len(), 1, "the byte is still in the stream");
        assert!(
            rx.read_stream(1, false, false).is_empty(),
            "a normal read skips it and has nothing else"
        );
        assert!(!rx.linux_at_mark());
        assert_eq!(rx.stream_len(), 0);
    }

    /// tcp(7) NOTES: "if the other end sends newer out-of-band data the older urgent data is
    /// inserted as normal data into the stream (even when SO_OOBINLINE is not set)".
    #[test]
    fn linux_newer_urgent_byte_turns_the_older_into_normal_data() {
        let mut rx = linux();
        rx.push_stream(b"data\0", false, false);
        rx.push_stream(b"A", true, false);
        rx.push_stream(b"B", true, false);
        assert_eq!(rx.fionread(false), 6, "the older byte counts as data");
        assert_eq!(rx.read_stream(3, false, false), b"dat");
        assert_eq!(rx.read_oob(false), Ok(b'B'), "only the newer is urgent");
        assert_eq!(rx.read_stream(5, false, false), b"a\0A");
        assert!(rx.linux_at_mark());
        assert_eq!(rx.read_oob(false), Err(NoOob::Invalid));
    }

    /// `tcp_check_urg`: a new urgent pointer while the reader stands at the old mark (SO_OOBINLINE
    /// off, the old byte unread in the stream) skips the old byte (`copied_seq++`) instead of
    /// turning it into data.
    #[test]
    fn linux_new_mark_while_at_the_old_one_skips_the_old_byte() {
        let mut rx = linux();
        rx.push_stream(b"A", true, false);
        assert!(rx.linux_at_mark());
        rx.push_stream(b"B", true, false);
        assert_eq!(rx.stream_len(), 1, "A dropped");
        assert!(rx.linux_at_mark(), "now at B's mark");
        assert_eq!(rx.read_stream(5, true, false), b"B");
    }

    /// MSG_PEEK leaves the queue as it was, urgent state included (both models).
    #[test]
    fn peek_leaves_the_queue_unchanged() {
        for mut rx in [RxQueue::default(), linux()] {
            rx.push_stream(b"ab", false, false);
            rx.push_stream(b"U", true, false);
            let before = (rx.fionread(false), rx.urgent_pending(), rx.linux_at_mark());
            assert_eq!(rx.read_stream(1, false, true), b"a");
            assert_eq!(
                (rx.fionread(false), rx.urgent_pending(), rx.linux_at_mark()),
                before
            );
            assert_eq!(rx.read_stream(2, false, false), b"ab");
        }
    }
}
