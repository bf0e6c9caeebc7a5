//! `wsaioctl query CODE [ARGS]` — the Windows-shaped answer of this Linux host to one
//! `WSAIoctl` call, made through the API layer over a [`LinuxProvider`] on a fresh socket.
//!
//! ```no_run
//! use wsaioctl::linux::query::{Query, run};
//! use wsaioctl::ioctl::SIO_ROUTING_INTERFACE_QUERY;
//!
//! let q = Query::for_code(SIO_ROUTING_INTERFACE_QUERY, &["192.0.2.1"])?;
//! let a = run(&q)?;
//! println!("{}", a.decoded.join("\n")); // the local address the kernel would send from
//! # Ok::<(), wsaioctl::UsageError>(())
//! ```
//!
//! Arguments by code (all optional unless said):
//!
//! | code | ARGS |
//! |---|---|
//! | SIO_ROUTING_INTERFACE_QUERY, SIO_ROUTING_INTERFACE_CHANGE | the destination address (required; IPv6 selects an AF_INET6 socket, `%N` a scope id) |
//! | SIO_ADDRESS_LIST_QUERY, SIO_ADDRESS_LIST_CHANGE | `4` or `6`: the socket's family |
//! | SIO_KEEPALIVE_VALS | `ONOFF TIME_MS INTERVAL_MS` |
//! | SIO_TCP_INFO | the version, 0 or 1 (default 1) |
//! | other codes with a 4-byte input (FIONBIO, SIO_MULTICAST_SCOPE, …) | the value |
//!
//! The socket is UDP unless the code is about TCP (SIO_KEEPALIVE_VALS, SIO_TCP_INFO, the ideal
//! send backlog codes, SIOCATMARK, …); SIO_TCP_INFO and SIO_IDEAL_SEND_BACKLOG_QUERY run on a
//! fresh loopback connection. The change codes are issued nonblocking (WSAEWOULDBLOCK: nothing
//! waits). Output sizes: SIO_ADDRESS_LIST_QUERY asks for the size first (a NULL buffer) as
//! applications do; SIO_GET_INTERFACE_LIST doubles its buffer until the list fits; others get
//! 4096 bytes, or none when the catalog says the code has no output.

use std::net::{IpAddr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::sync::Arc;

use super::LinuxProvider;
use crate::UsageError;
use crate::api::{Completion, IoctlOutcome, Winsock};
use crate::catalog::{self, Len};
use crate::code::ControlCode;
use crate::ioctl::*;
use crate::spi::{SocketKind, protocol, sock_type};
use crate::wire::address_list::SocketAddressList;
use crate::wire::interface_info::InterfaceList;
use crate::wire::keepalive::TcpKeepalive;
use crate::wire::sockaddr::{AF_INET, AF_INET6, SockAddr};
use crate::wire::tcp_info::{TcpInfoV0, TcpInfoV1};
use crate::wire::{Arch, Repr};
use crate::ws2::Ws2;

/// One call to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// `dwIoControlCode`.
    pub code: ControlCode,
    /// The socket (Windows numbering).
    pub socket: SocketKind,
    /// `lpvInBuffer` (`None` = NULL).
    pub input: Option<Vec<u8>>,
    /// `cbOutBuffer` (`None` = the default for the code, see the module docs).
    pub output_len: Option<u32>,
    /// Connect the (TCP) socket over loopback first.
    pub connected: bool,
}

/// What the call answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Answer {
    /// The code.
    pub code: ControlCode,
    /// Its catalog name, if any.
    pub name: Option<&'static str>,
    /// The socket it ran on.
    pub socket: SocketKind,
    /// The socket was connected over loopback first.
    pub connected: bool,
    /// The input bytes (empty for NULL).
    pub input: Vec<u8>,
    /// `cbOutBuffer`.
    pub output_len: u32,
    /// The outcome (return value, error, `*lpcbBytesReturned`).
    pub outcome: IoctlOutcome,
    /// The output bytes written (`*lpcbBytesReturned` of them on success, else none).
    pub output: Vec<u8>,
    /// The output decoded, one line per item (empty when the code's output is not decoded).
    pub decoded: Vec<String>,
}

fn usage(msg: impl Into<String>) -> UsageError {
    UsageError::Other(msg.into())
}

fn tcp_code(code: ControlCode) -> bool {
    matches!(
        code,
        SIO_KEEPALIVE_VALS
            | SIO_TCP_INFO
            | SIO_IDEAL_SEND_BACKLOG_QUERY
            | SIO_IDEAL_SEND_BACKLOG_CHANGE
            | SIO_LOOPBACK_FAST_PATH
            | SIO_TCP_INITIAL_RTO
            | SIO_TCP_SET_ACK_FREQUENCY
            | SIO_TCP_SET_ICW
            | SIO_SET_COMPATIBILITY_MODE
            | SIOCATMARK
    )
}

fn number(text: &str, what: &str) -> Result<u32, UsageError> {
    let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(h) => (h, 16),
        None => (text, 10),
    };
    u32::from_str_radix(digits, radix).map_err(|_| {
        usage(format!(
            "{what}: `{text}` is not a number (decimal or 0x… hex)"
        ))
    })
}

fn family_arg(text: &str) -> Result<u16, UsageError> {
    match text.to_ascii_lowercase().as_str() {
        "4" | "inet" | "ipv4" | "af_inet" => Ok(AF_INET),
        "6" | "inet6" | "ipv6" | "af_inet6" => Ok(AF_INET6),
        _ => Err(usage(format!("`{text}` is not a family (4 or 6)"))),
    }
}

/// `ADDR` or `ADDR%SCOPE` → a Windows SOCKADDR.
fn address_arg(text: &str) -> Result<SockAddr, UsageError> {
    let (ip, scope) = match text.split_once('%') {
        Some((a, s)) => (a, number(s, "scope id")?),
        None => (text, 0),
    };
    let ip: IpAddr = ip
        .parse()
        .map_err(|_| usage(format!("`{text}` is not an IPv4 or IPv6 address")))?;
    Ok(match ip {
        IpAddr::V4(a) => SockAddr::V4(SocketAddrV4::new(a, 0)),
        IpAddr::V6(a) => SockAddr::V6(SocketAddrV6::new(a, 0, 0, scope)),
    })
}

fn kind(family: u16, stream: bool) -> SocketKind {
    if stream {
        SocketKind {
            family,
            ty: sock_type::STREAM,
            protocol: protocol::TCP,
        }
    } else {
        SocketKind {
            family,
            ty: sock_type::DGRAM,
            protocol: protocol::UDP,
        }
    }
}

impl Query {
    /// The call `wsaioctl query CODE ARGS…` makes (see the module docs for the ARGS).
    pub fn for_code(code: ControlCode, args: &[&str]) -> Result<Self, UsageError> {
        let stream = tcp_code(code);
        let mut q = Query {
            code,
            socket: kind(AF_INET, stream),
            input: None,
            output_len: None,
            connected: matches!(code, SIO_TCP_INFO | SIO_IDEAL_SEND_BACKLOG_QUERY),
        };
        let too_many = |n: usize| {
            if args.len() > n {
                Err(usage(format!(
                    "too many arguments for {}: {}",
                    name_of(code),
                    args[n..].join(" ")
                )))
            } else {
                Ok(())
            }
        };
        match code {
            SIO_ROUTING_INTERFACE_QUERY | SIO_ROUTING_INTERFACE_CHANGE => {
                too_many(1)?;
                let a = args.first().ok_or_else(|| {
                    usage(format!("{} needs a destination address", name_of(code)))
                })?;
                let a = address_arg(a)?;
                q.socket = kind(a.family(), false);
                q.input = Some(a.to_bytes(Arch::X64));
            }
            SIO_ADDRESS_LIST_QUERY | SIO_ADDRESS_LIST_CHANGE | SIO_GET_INTERFACE_LIST => {
                too_many(1)?;
                if let Some(f) = args.first() {
                    q.socket = kind(family_arg(f)?, false);
                }
            }
            SIO_KEEPALIVE_VALS => {
                too_many(3)?;
                if !args.is_empty() {
                    let [on, time, interval] = args else {
                        return Err(usage("SIO_KEEPALIVE_VALS takes ONOFF TIME_MS INTERVAL_MS"));
                    };
                    let ka = TcpKeepalive {
                        onoff: number(on, "onoff")?,
                        keepalivetime: number(time, "keepalivetime")?,
                        keepaliveinterval: number(interval, "keepaliveinterval")?,
                    };
                    q.input = Some(ka.to_bytes(Arch::X64));
                }
            }
            SIO_TCP_INFO => {
                too_many(1)?;
                let v = args.first().map_or(Ok(1), |v| number(v, "version"))?;
                q.input = Some(v.to_le_bytes().to_vec());
            }
            _ => {
                too_many(1)?;
                if let Some(v) = args.first() {
                    q.input = Some(number(v, "value")?.to_le_bytes().to_vec());
                }
            }
        }
        Ok(q)
    }
}

fn name_of(code: ControlCode) -> String {
    catalog::lookup(code)
        .next()
        .map_or_else(|| format!("{:#010x}", code.0), |e| e.name.to_string())
}

fn default_output_len(code: ControlCode) -> u32 {
    match catalog::lookup(code).next().map(|e| e.output.len) {
        Some(Len::None) => 0,
        _ => 4096,
    }
}

/// Makes the call on this host (a [`LinuxProvider`] in the calling thread's network namespace).
///
/// Errors: the provider or the socket cannot be created (a [`UsageError::Other`] naming why).
pub fn run(q: &Query) -> Result<Answer, UsageError> {
    let provider = Arc::new(
        LinuxProvider::new().map_err(|e| usage(format!("cannot open netlink sockets: {e}")))?,
    );
    let ws2 = Ws2::new(provider.clone());
    let s = ws2
        .socket(q.socket.family, q.socket.ty, q.socket.protocol)
        .map_err(|e| usage(format!("socket(): {e}")))?;
    let mut keep = Vec::new();
    if q.connected {
        connect_loopback(&ws2, &provider, s, q.socket.family, &mut keep)?;
    }
    if matches!(
        q.code,
        SIO_ADDRESS_LIST_CHANGE | SIO_ROUTING_INTERFACE_CHANGE
    ) {
        let mut one = 1u32;
        let _ = ws2.ioctlsocket(s, FIONBIO, &mut one);
    }
    let input = q.input.as_deref();
    let mut len = match q.output_len {
        Some(n) => n,
        None if q.code == SIO_ADDRESS_LIST_QUERY => {
            match ws2.wsa_ioctl(s, q.code, input, None, Completion::None) {
                IoctlOutcome::Failed {
                    bytes_returned: Some(need),
                    ..
                } if need > 0 => need,
                _ => 4096,
            }
        }
        None if q.code == SIO_GET_INTERFACE_LIST => 76 * 16,
        None => default_output_len(q.code),
    };
    loop {
        let mut out = vec![0u8; len as usize];
        let outcome = ws2.wsa_ioctl(
            s,
            q.code,
            input,
            (len > 0).then_some(&mut out[..]),
            Completion::None,
        );
        let grow = q.output_len.is_none()
            && q.code == SIO_GET_INTERFACE_LIST
            && outcome.error() == crate::WsaError::WSAEFAULT
            && len < (1 << 20);
        if grow {
            len *= 2;
            continue;
        }
        let n = match outcome {
            IoctlOutcome::Completed { bytes } => (bytes as usize).min(out.len()),
            _ => 0,
        };
        out.truncate(n);
        let decoded = if n > 0 || matches!(outcome, IoctlOutcome::Completed { .. }) {
            decode(q.code, &out)
        } else {
            Vec::new()
        };
        return Ok(Answer {
            code: q.code,
            name: catalog::lookup(q.code).next().map(|e| e.name),
            socket: q.socket,
            connected: q.connected,
            input: q.input.clone().unwrap_or_default(),
            output_len: len,
            outcome,
            output: out,
            decoded,
        });
    }
}

/// Connects `s` to a listener on the loopback address of `family` (kept open in `keep`).
fn connect_loopback(
    ws2: &Ws2,
    p: &LinuxProvider,
    s: crate::api::Socket,
    family: u16,
    keep: &mut Vec<crate::api::Socket>,
) -> Result<(), UsageError> {
    let lo: SocketAddr = if family == AF_INET6 {
        "[::1]:0".parse().expect("literal")
    } else {
        "127.0.0.1:0".parse().expect("literal")
    };
    let wire = |a: SocketAddr| match a {
        SocketAddr::V4(a) => SockAddr::V4(a).to_bytes(Arch::X64),
        SocketAddr::V6(a) => SockAddr::V6(a).to_bytes(Arch::X64),
    };
    let fail = |what: &str, e: crate::WsaError| usage(format!("loopback connection: {what}: {e}"));
    let l = ws2
        .socket(family, sock_type::STREAM, protocol::TCP)
        .map_err(|e| fail("socket", e))?;
    ws2.bind(l, &wire(lo)).map_err(|e| fail("bind", e))?;
    ws2.listen(l, 1).map_err(|e| fail("listen", e))?;
    let port = p
        .try_clone_fd(crate::spi::ProviderSocket(l.0))
        .and_then(Result::ok)
        .and_then(|fd| socket2::Socket::from(fd).local_addr().ok())
        .and_then(|a| a.as_socket())
        .map(|a| a.port())
        .ok_or_else(|| usage("loopback connection: getsockname failed"))?;
    let mut to = lo;
    to.set_port(port);
    ws2.connect(s, &wire(to)).map_err(|e| fail("connect", e))?;
    let a = ws2.accept(l).map_err(|e| fail("accept", e))?;
    keep.extend([l, a]);
    Ok(())
}

/// An address without the (always 0) port: `192.0.2.1`, `2001:db8::1%3`.
fn addr_text(a: &SockAddr) -> String {
    match a {
        SockAddr::V4(v4) => v4.ip().to_string(),
        SockAddr::V6(v6) if v6.scope_id() != 0 => format!("{}%{}", v6.ip(), v6.scope_id()),
        SockAddr::V6(v6) => v6.ip().to_string(),
        // The all-zero sockaddr_gen of an interface without IFF_BROADCAST.
        SockAddr::Other { family: 0, data } if data.iter().all(|&b| b == 0) => "none".into(),
        other => other.to_string(),
    }
}

/// The output of `code` as text lines (x64 layouts).
pub fn decode(code: ControlCode, out: &[u8]) -> Vec<String> {
    let arch = Arch::X64;
    let u32_at = |b: &[u8]| {
        b.get(..4)
            .map(|d| u32::from_le_bytes([d[0], d[1], d[2], d[3]]))
    };
    match code {
        FIONREAD | SIO_IDEAL_SEND_BACKLOG_QUERY => u32_at(out)
            .map(|v| vec![format!("{v} ({v:#x})")])
            .unwrap_or_default(),
        SIOCATMARK => u32_at(out)
            .map(|v| {
                vec![format!(
                    "{} — {}",
                    if v != 0 { "TRUE" } else { "FALSE" },
                    if v != 0 {
                        "no urgent data pending"
                    } else {
                        "urgent data pending"
                    }
                )]
            })
            .unwrap_or_default(),
        SIO_GET_INTERFACE_LIST => match InterfaceList::parse(out, arch) {
            Ok(list) => list
                .0
                .iter()
                .map(|e| {
                    format!(
                        "{}  mask {}  broadcast {}  flags {:?}",
                        addr_text(&e.address),
                        addr_text(&e.netmask),
                        addr_text(&e.broadcast),
                        e.flags
                    )
                })
                .collect(),
            Err(e) => vec![format!("undecodable: {e}")],
        },
        SIO_ADDRESS_LIST_QUERY => {
            match SocketAddressList::parse(out, arch) {
                Ok(list) => {
                    let mut v = vec![format!("iAddressCount = {}", list.entries.len())];
                    v.extend(list.entries.iter().map(|e| {
                        format!("{}  (iSockaddrLength {})", addr_text(&e.addr), e.length)
                    }));
                    v
                }
                Err(e) => vec![format!("undecodable: {e}")],
            }
        }
        SIO_ROUTING_INTERFACE_QUERY | SIO_GET_BROADCAST_ADDRESS => {
            match SockAddr::parse_lenient(out) {
                Ok(a) => vec![addr_text(&a)],
                Err(e) => vec![format!("undecodable: {e}")],
            }
        }
        SIO_TCP_INFO => {
            let lines = |s: String| s.lines().map(str::to_string).collect::<Vec<_>>();
            if out.len() >= 136 {
                TcpInfoV1::parse(out, arch)
                    .map_or_else(|e| vec![e.to_string()], |v| lines(format!("{v:#?}")))
            } else {
                TcpInfoV0::parse(out, arch)
                    .map_or_else(|e| vec![e.to_string()], |v| lines(format!("{v:#?}")))
            }
        }
        SIO_QUERY_RSS_SCALABILITY_INFO => out
            .first()
            .map(|&b| {
                vec![format!(
                    "RssEnabled = {}",
                    if b != 0 { "TRUE" } else { "FALSE" }
                )]
            })
            .unwrap_or_default(),
        SIO_BASE_HANDLE | SIO_BSP_HANDLE | SIO_BSP_HANDLE_SELECT | SIO_BSP_HANDLE_POLL => out
            .get(..8)
            .map(|d| {
                let mut a = [0u8; 8];
                a.copy_from_slice(d);
                vec![format!("SOCKET {:#x}", u64::from_le_bytes(a))]
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_by_code() {
        let q = Query::for_code(SIO_ROUTING_INTERFACE_QUERY, &["2001:db8::1%3"]).unwrap();
        assert_eq!(q.socket.family, AF_INET6);
        let a = SockAddr::parse_lenient(q.input.as_deref().unwrap()).unwrap();
        assert_eq!(addr_text(&a), "2001:db8::1%3");
        assert!(Query::for_code(SIO_ROUTING_INTERFACE_QUERY, &[]).is_err());
        assert!(Query::for_code(SIO_ROUTING_INTERFACE_QUERY, &["nope"]).is_err());
        let q = Query::for_code(SIO_ADDRESS_LIST_QUERY, &["6"]).unwrap();
        assert_eq!(q.socket.family, AF_INET6);
        let q = Query::for_code(SIO_KEEPALIVE_VALS, &["1", "10000", "0x3e8"]).unwrap();
        assert_eq!(q.socket.ty, sock_type::STREAM);
        assert_eq!(
            TcpKeepalive::parse(q.input.as_deref().unwrap(), Arch::X64).unwrap(),
            TcpKeepalive {
                onoff: 1,
                keepalivetime: 10000,
                keepaliveinterval: 1000
            }
        );
        assert!(Query::for_code(SIO_KEEPALIVE_VALS, &["1", "2"]).is_err());
        let q = Query::for_code(SIO_TCP_INFO, &[]).unwrap();
        assert!(q.connected);
        assert_eq!(q.input.as_deref(), Some(&1u32.to_le_bytes()[..]));
        assert!(Query::for_code(FIONBIO, &["1", "2"]).is_err());
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(FIONREAD, &5u32.to_le_bytes()), ["5 (0x5)"]);
        assert_eq!(
            decode(SIOCATMARK, &0u32.to_le_bytes()),
            ["FALSE — urgent data pending"]
        );
        assert!(decode(ControlCode(0x1234), &[1, 2]).is_empty());
    }
}
