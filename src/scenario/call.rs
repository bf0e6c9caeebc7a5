//! One `WSAIoctl` call as data ([`CallSpec`], [`CallArgs`]) and everything it returned
//! ([`CallReport`]).
//!
//! The conventions follow the public conformance tests that run on Windows (Wine's
//! `dlls/ws2_32/tests/sock.c`, see `windows-facts.md`): before the call `*lpcbBytesReturned`,
//! `OVERLAPPED.Internal` and `OVERLAPPED.InternalHigh` hold [`SENTINEL`] (`0xdeadbeef`), so a
//! value the call left alone reads as "untouched" (`null` in the report), and the output buffer
//! is filled with [`OUTPUT_FILL`] (`0xcc`), so bytes the call did not write are visible in
//! `output_hex`. A completion port is associated with key [`COMPLETION_KEY`] (123), and the
//! completion is awaited the way those tests do: `GetQueuedCompletionStatus`, an alertable
//! `SleepEx`, or a wait on the `hEvent`, each with a short timeout (`wait_ms`, default 0).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Deserializer, Serialize};

use crate::api::{
    Completion, Event, IoctlArgs, IoctlOutcome, Overlapped, Port, Socket, WAIT_OBJECT_0, fd,
};
use crate::catalog;
use crate::code::ControlCode;
use crate::emulated::EmulatedProvider;
use crate::emulated::host::Host;
use crate::error::{NtStatus, UsageError, Win32Error, WsaError};
use crate::ioctl;
use crate::profile::Profile;
use crate::wire::address_list::SocketAddressList;
use crate::wire::guid::{self, Guid};
use crate::wire::interface_info::InterfaceList;
use crate::wire::keepalive::TcpKeepalive;
use crate::wire::port_reservation::InetPortReservationInstance;
use crate::wire::rss::RssScalabilityInfo;
use crate::wire::scalar::{Handle, UInt64, ULong, WinBool};
use crate::wire::sockaddr::{AF_INET, AF_INET6, SockAddr};
use crate::wire::tcp_info::{TcpInfoV0, TcpInfoV1};
use crate::wire::{Arch, Repr};
use crate::ws2::Ws2;

use super::backend::{Backend, Emulated};

/// What `*lpcbBytesReturned`, `Internal` and `InternalHigh` hold before a call (Wine's tests'
/// `0xdeadbeef`): still reading it afterwards means "untouched".
pub const SENTINEL: u32 = 0xdead_beef;
/// The byte the output buffer is filled with before a call.
pub const OUTPUT_FILL: u8 = 0xcc;
/// The completion key a socket's completion port is associated with (Wine's tests use 123).
pub const COMPLETION_KEY: u64 = 123;

// ---- socket description ---------------------------------------------------------------------

/// `af`: `AF_INET` or `AF_INET6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SockFamily {
    /// `AF_INET` (2).
    #[default]
    Inet,
    /// `AF_INET6` (23).
    Inet6,
}

impl SockFamily {
    /// The Windows `AF_*` value.
    pub const fn af(self) -> u16 {
        match self {
            Self::Inet => AF_INET,
            Self::Inet6 => AF_INET6,
        }
    }

    /// `"AF_INET"` / `"AF_INET6"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Inet => "AF_INET",
            Self::Inet6 => "AF_INET6",
        }
    }

    /// `127.0.0.1` / `::1`.
    pub const fn loopback(self) -> IpAddr {
        match self {
            Self::Inet => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Self::Inet6 => IpAddr::V6(Ipv6Addr::LOCALHOST),
        }
    }

    /// `0.0.0.0` / `::`.
    pub const fn unspecified(self) -> IpAddr {
        match self {
            Self::Inet => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            Self::Inet6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        }
    }
}

/// `type`: `SOCK_STREAM`, `SOCK_DGRAM` or `SOCK_RAW`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SockType {
    /// `SOCK_STREAM` (1).
    #[default]
    Stream,
    /// `SOCK_DGRAM` (2).
    Dgram,
    /// `SOCK_RAW` (3).
    Raw,
}

impl SockType {
    /// The `SOCK_*` value.
    pub const fn value(self) -> i32 {
        match self {
            Self::Stream => 1,
            Self::Dgram => 2,
            Self::Raw => 3,
        }
    }

    /// `"SOCK_STREAM"`, …
    pub const fn name(self) -> &'static str {
        match self {
            Self::Stream => "SOCK_STREAM",
            Self::Dgram => "SOCK_DGRAM",
            Self::Raw => "SOCK_RAW",
        }
    }

    /// The protocol a socket of this type gets when none is named: TCP, UDP, or `IPPROTO_IP`
    /// for raw sockets (what SIO_RCVALL needs on IPv4).
    pub const fn default_protocol(self) -> Protocol {
        match self {
            Self::Stream => Protocol(6),
            Self::Dgram => Protocol(17),
            Self::Raw => Protocol(0),
        }
    }
}

/// `protocol`: `tcp`, `udp`, `ip`, `ipv6`, `icmp`, `icmpv6` or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Protocol(pub i32);

const PROTOCOLS: [(&str, i32); 6] = [
    ("ip", 0),
    ("icmp", 1),
    ("tcp", 6),
    ("udp", 17),
    ("ipv6", 41),
    ("icmpv6", 58),
];

impl Protocol {
    /// `"IPPROTO_TCP"`, … or the number.
    pub fn name(self) -> String {
        PROTOCOLS.iter().find(|(_, v)| *v == self.0).map_or_else(
            || self.0.to_string(),
            |(n, _)| format!("IPPROTO_{}", n.to_ascii_uppercase()),
        )
    }
}

impl FromStr for Protocol {
    type Err = UsageError;

    fn from_str(s: &str) -> Result<Self, UsageError> {
        let lower = s.to_ascii_lowercase();
        let bare = lower.strip_prefix("ipproto_").unwrap_or(&lower);
        if let Some((_, v)) = PROTOCOLS.iter().find(|(n, _)| *n == bare) {
            return Ok(Self(*v));
        }
        s.parse::<i32>()
            .map(Self)
            .map_err(|_| UsageError::BadNumber {
                text: s.to_string(),
                expected: "tcp, udp, ip, ipv6, icmp, icmpv6 or a protocol number",
            })
    }
}

impl<'de> Deserialize<'de> for Protocol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match NameOrNumber::deserialize(d)? {
            NameOrNumber::Number(n) => i32::try_from(n)
                .map(Self)
                .map_err(|_| serde::de::Error::custom(format!("protocol {n} is out of range"))),
            NameOrNumber::Name(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A string or an integer in a file.
#[derive(Deserialize)]
#[serde(untagged)]
enum NameOrNumber {
    Number(i64),
    Name(String),
}

/// The state the harness puts a socket in before the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SocketState {
    /// Just created.
    #[default]
    Fresh,
    /// Bound (to `bind`, default the wildcard address, port 0).
    Bound,
    /// Bound (to `bind`, default the loopback address) and listening (stream sockets).
    Listening,
    /// Connected over loopback to a peer the harness creates: for a stream socket a listening
    /// socket on 127.0.0.1 / ::1, `connect`, `accept` (the accepted socket is the peer); for a
    /// datagram socket a peer bound on loopback, each connected to the other.
    Connected,
}

/// `FD_*` network events, written as names (`"FD_READ"` or `"read"`, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct NetworkEvents(pub i32);

const FD_NAMES: [(&str, i32); 10] = [
    ("FD_READ", fd::READ),
    ("FD_WRITE", fd::WRITE),
    ("FD_OOB", fd::OOB),
    ("FD_ACCEPT", fd::ACCEPT),
    ("FD_CONNECT", fd::CONNECT),
    ("FD_CLOSE", fd::CLOSE),
    ("FD_QOS", fd::QOS),
    ("FD_GROUP_QOS", fd::GROUP_QOS),
    ("FD_ROUTING_INTERFACE_CHANGE", fd::ROUTING_INTERFACE_CHANGE),
    ("FD_ADDRESS_LIST_CHANGE", fd::ADDRESS_LIST_CHANGE),
];

impl NetworkEvents {
    /// The event named `name` (`FD_READ`, `read`, …).
    pub fn from_name(name: &str) -> Result<Self, UsageError> {
        let up = name.trim().to_ascii_uppercase();
        let full = if up.starts_with("FD_") {
            up
        } else {
            format!("FD_{up}")
        };
        FD_NAMES
            .iter()
            .find(|(n, _)| *n == full)
            .map(|(_, v)| Self(*v))
            .ok_or_else(|| UsageError::Other(format!("unknown network event {name:?}")))
    }

    /// A comma-separated list of names (`"FD_READ,FD_OOB"`).
    pub fn parse_list(text: &str) -> Result<Self, UsageError> {
        let mut v = 0;
        for n in text.split(',').filter(|n| !n.trim().is_empty()) {
            v |= Self::from_name(n)?.0;
        }
        Ok(Self(v))
    }

    /// The names of the set bits.
    pub fn names(self) -> Vec<&'static str> {
        FD_NAMES
            .iter()
            .filter(|(_, v)| self.0 & v != 0)
            .map(|(n, _)| *n)
            .collect()
    }
}

impl<'de> Deserialize<'de> for NetworkEvents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        let mut v = 0;
        for n in &names {
            v |= Self::from_name(n).map_err(serde::de::Error::custom)?.0;
        }
        Ok(Self(v))
    }
}

/// The socket a call is made on, and the state the harness puts it in first.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SocketSpec {
    /// `inet` (default) or `inet6`.
    pub family: SockFamily,
    /// `stream` (default), `dgram` or `raw`.
    #[serde(rename = "type")]
    pub ty: SockType,
    /// Default: TCP for stream, UDP for datagram, `IPPROTO_IP` for raw sockets.
    pub protocol: Option<Protocol>,
    /// `fresh` (default), `bound`, `listening` or `connected`.
    pub state: SocketState,
    /// `FIONBIO` 1 after setting up the state (through `ioctlsocket`).
    pub nonblocking: bool,
    /// `WSAEventSelect(s, event, mask)` with a new manual-reset event (sets nonblocking mode).
    pub event_select: Option<NetworkEvents>,
    /// `WSAAsyncSelect(s, hwnd, msg, mask)` (registration only; sets nonblocking mode).
    pub async_select: Option<NetworkEvents>,
    /// Created with `WSA_FLAG_OVERLAPPED` (default true, as `socket()` does).
    pub overlapped: bool,
    /// The address for `bound` / `listening` (`"192.0.2.10:0"`, `"[::1]:0"`).
    pub bind: Option<String>,
}

impl Default for SocketSpec {
    fn default() -> Self {
        Self {
            family: SockFamily::Inet,
            ty: SockType::Stream,
            protocol: None,
            state: SocketState::Fresh,
            nonblocking: false,
            event_select: None,
            async_select: None,
            overlapped: true,
            bind: None,
        }
    }
}

impl SocketSpec {
    /// The protocol, defaulted by type.
    pub fn protocol(&self) -> Protocol {
        self.protocol.unwrap_or(self.ty.default_protocol())
    }

    /// `AF_INET SOCK_STREAM IPPROTO_TCP, connected` — for reports.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} {} {}, {}",
            self.family.name(),
            self.ty.name(),
            self.protocol().name(),
            match self.state {
                SocketState::Fresh => "fresh",
                SocketState::Bound => "bound",
                SocketState::Listening => "listening",
                SocketState::Connected => "connected",
            }
        );
        if self.nonblocking {
            s.push_str(", nonblocking");
        }
        if let Some(e) = self.event_select {
            s.push_str(&format!(", WSAEventSelect({})", e.names().join("|")));
        }
        if let Some(e) = self.async_select {
            s.push_str(&format!(", WSAAsyncSelect({})", e.names().join("|")));
        }
        if !self.overlapped {
            s.push_str(", without WSA_FLAG_OVERLAPPED");
        }
        s
    }
}

// ---- the call -------------------------------------------------------------------------------

/// `lpOverlapped` / `lpCompletionRoutine`, and how the completion is awaited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionKind {
    /// Both NULL.
    #[default]
    None,
    /// An OVERLAPPED whose `hEvent` is a new manual-reset event; awaited with
    /// `WSAWaitForMultipleEvents`, the result read with `WSAGetOverlappedResult`.
    Event,
    /// As `event`, with the `hEvent` low bit set: no completion-port packet (spec/004). The
    /// socket is associated with a completion port so that the absence can be observed.
    EventNoPort,
    /// An OVERLAPPED (no event) on a socket associated with a completion port (key 123);
    /// awaited with `GetQueuedCompletionStatus`.
    Iocp,
    /// An OVERLAPPED and a completion routine; awaited with `SleepEx(wait_ms, TRUE)`.
    Apc,
}

impl CompletionKind {
    /// The name used in files and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Event => "event",
            Self::EventNoPort => "event-no-port",
            Self::Iocp => "iocp",
            Self::Apc => "apc",
        }
    }
}

fn de_code<'de, D: Deserializer<'de>>(d: D) -> Result<ControlCode, D::Error> {
    match NameOrNumber::deserialize(d)? {
        NameOrNumber::Number(n) => u32::try_from(n)
            .map(ControlCode)
            .map_err(|_| serde::de::Error::custom(format!("control code {n} is out of range"))),
        NameOrNumber::Name(s) => parse_code(&s).map_err(serde::de::Error::custom),
    }
}

/// A control code by catalog name or alias (any case) or value (`0x…` or decimal).
pub fn parse_code(text: &str) -> Result<ControlCode, UsageError> {
    if let Some(e) = catalog::by_name(text) {
        return Ok(e.code);
    }
    let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(h) => (h, 16),
        None => (text, 10),
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    match u32::from_str_radix(&digits, radix) {
        Ok(v) if !digits.is_empty() => Ok(ControlCode(v)),
        _ if text.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => {
            Err(UsageError::UnknownName(text.to_string()))
        }
        _ => Err(UsageError::BadNumber {
            text: text.to_string(),
            expected: "a catalog name or a value (decimal or 0x… hex)",
        }),
    }
}

/// Every argument of one `WSAIoctl` call except the socket (the same names as the `wsaioctl
/// call` flags, with `_` for `-`). At most one `in_*` form may be given; none means a NULL
/// `lpvInBuffer` with `cbInBuffer` = `in_len` (default 0).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallArgs {
    /// `dwIoControlCode`: a catalog name (`"SIO_KEEPALIVE_VALS"`) or a value.
    #[serde(deserialize_with = "de_code")]
    pub code: ControlCode,
    /// The input bytes in hex (`"01000000"`; spaces and `_` ignored).
    pub in_hex: Option<String>,
    /// A `u_long` / `DWORD` / `BOOL` input (4 bytes, little-endian).
    pub in_u32: Option<u32>,
    /// A SOCKADDR input: `"192.0.2.1"`, `"192.0.2.1:80"`, `"2001:db8::1"`, `"[2001:db8::1]:80"`
    /// (`SOCKADDR_IN`, 16 bytes, or `SOCKADDR_IN6`, 28 bytes).
    pub in_sockaddr: Option<String>,
    /// A `tcp_keepalive` input: `"onoff,keepalivetime,keepaliveinterval"` (12 bytes).
    pub in_keepalive: Option<String>,
    /// A GUID input: a `WSAID_*` name or `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` (16 bytes).
    pub in_guid: Option<String>,
    /// Scenarios only: bytes of an earlier call's output, `"name[8..16]"` or `"name"`.
    pub in_from: Option<String>,
    /// A NULL `lpvInBuffer` (also the default when no `in_*` form is given).
    pub in_null: bool,
    /// `cbInBuffer` when it differs from the bytes given: shorter cuts them, longer pads with
    /// zeros (the declared length is what the provider sees); with a NULL pointer, its length.
    pub in_len: Option<u32>,
    /// `cbOutBuffer` (default 0); the buffer is filled with 0xcc before the call.
    pub out_len: u32,
    /// A NULL `lpvOutBuffer` (with `cbOutBuffer` = `out_len`).
    pub out_null: bool,
    /// A NULL `lpcbBytesReturned`.
    pub bytes_null: bool,
    /// `none` (default), `event`, `event-no-port`, `iocp` or `apc`.
    pub completion: CompletionKind,
    /// How long to wait for the completion after the call, in milliseconds (default 0, as
    /// Wine's tests do).
    pub wait_ms: u32,
}

/// The input of a call, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// `lpvInBuffer` NULL.
    Null,
    /// These bytes (before `in_len` is applied).
    Bytes(Vec<u8>),
    /// Bytes of an earlier call's output (scenarios): the call's name and the byte range.
    From {
        /// The name of the earlier call.
        call: String,
        /// `start..end` within its output (`None`: all of it).
        range: Option<(usize, usize)>,
    },
}

impl CallArgs {
    /// The input, from whichever `in_*` form was given (at most one).
    pub fn input(&self) -> Result<Input, UsageError> {
        let given = [
            self.in_hex.is_some(),
            self.in_u32.is_some(),
            self.in_sockaddr.is_some(),
            self.in_keepalive.is_some(),
            self.in_guid.is_some(),
            self.in_from.is_some(),
            self.in_null,
        ]
        .iter()
        .filter(|&&g| g)
        .count();
        if given > 1 {
            return Err(UsageError::Other(
                "give at most one input form (in_hex, in_u32, in_sockaddr, in_keepalive, \
                 in_guid, in_from, in_null)"
                    .into(),
            ));
        }
        if let Some(h) = &self.in_hex {
            return parse_hex(h).map(Input::Bytes);
        }
        if let Some(v) = self.in_u32 {
            return Ok(Input::Bytes(v.to_le_bytes().to_vec()));
        }
        if let Some(a) = &self.in_sockaddr {
            return parse_sockaddr(a).map(Input::Bytes);
        }
        if let Some(k) = &self.in_keepalive {
            return parse_keepalive(k).map(Input::Bytes);
        }
        if let Some(g) = &self.in_guid {
            return parse_guid(g).map(|g| Input::Bytes(g.to_le_bytes().to_vec()));
        }
        if let Some(f) = &self.in_from {
            return parse_from(f);
        }
        Ok(Input::Null)
    }

    /// Checks the arguments without running them (input forms parse).
    pub fn validate(&self) -> Result<(), UsageError> {
        self.input().map(|_| ())
    }
}

/// Hex digits (pairs; whitespace, `_` and `:` ignored, an optional `0x` prefix).
pub fn parse_hex(text: &str) -> Result<Vec<u8>, UsageError> {
    let t = text.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let digits: Vec<char> = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != ':')
        .collect();
    let bad = || UsageError::BadNumber {
        text: text.to_string(),
        expected: "hex bytes, two digits each (\"01000000\")",
    };
    if !digits.len().is_multiple_of(2) {
        return Err(bad());
    }
    digits
        .chunks(2)
        .map(|p| {
            let s: String = p.iter().collect();
            u8::from_str_radix(&s, 16).map_err(|_| bad())
        })
        .collect()
}

/// A socket address in text → its Windows SOCKADDR bytes (16 for IPv4, 28 for IPv6).
pub fn parse_sockaddr(text: &str) -> Result<Vec<u8>, UsageError> {
    let sa = parse_socket_addr(text)?;
    let v = match sa {
        SocketAddr::V4(a) => SockAddr::V4(a),
        SocketAddr::V6(a) => SockAddr::V6(a),
    };
    Ok(v.to_bytes(Arch::X64))
}

/// `"192.0.2.1"`, `"192.0.2.1:80"`, `"2001:db8::1"`, `"[2001:db8::1]:80"` (port 0 when absent).
pub fn parse_socket_addr(text: &str) -> Result<SocketAddr, UsageError> {
    let t = text.trim();
    if let Ok(a) = t.parse::<SocketAddr>() {
        return Ok(a);
    }
    if let Ok(ip) = t.parse::<Ipv4Addr>() {
        return Ok(SocketAddr::V4(SocketAddrV4::new(ip, 0)));
    }
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(t);
    if let Ok(ip) = inner.parse::<Ipv6Addr>() {
        return Ok(SocketAddr::V6(SocketAddrV6::new(ip, 0, 0, 0)));
    }
    Err(UsageError::Other(format!(
        "not a socket address: {text:?} (expected 192.0.2.1, 192.0.2.1:80, 2001:db8::1 or \
         [2001:db8::1]:80)"
    )))
}

/// `"onoff,keepalivetime,keepaliveinterval"` → the 12 bytes of `tcp_keepalive`.
pub fn parse_keepalive(text: &str) -> Result<Vec<u8>, UsageError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let bad = || UsageError::BadNumber {
        text: text.to_string(),
        expected: "three numbers: onoff,keepalivetime,keepaliveinterval (\"1,7200000,1000\")",
    };
    let [a, b, c] = parts.as_slice() else {
        return Err(bad());
    };
    let n = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let ka = TcpKeepalive {
        onoff: n(a)?,
        keepalivetime: n(b)?,
        keepaliveinterval: n(c)?,
    };
    Ok(ka.to_bytes(Arch::X64))
}

/// A `WSAID_*` name (any case) or the braced text form → the GUID.
pub fn parse_guid(text: &str) -> Result<Guid, UsageError> {
    if let Some(g) = guid::by_name(text.trim()) {
        return Ok(g);
    }
    Guid::from_str(text.trim()).map_err(|e| {
        UsageError::Other(format!(
            "{e}, or a name such as WSAID_ACCEPTEX (given {text:?})"
        ))
    })
}

fn parse_from(text: &str) -> Result<Input, UsageError> {
    let bad = || {
        UsageError::Other(format!(
            "in_from {text:?}: expected \"name\" or \"name[start..end]\""
        ))
    };
    let (name, range) = match text.split_once('[') {
        None => (text.trim(), None),
        Some((name, rest)) => {
            let inner = rest.strip_suffix(']').ok_or_else(bad)?;
            let (a, b) = inner.split_once("..").ok_or_else(bad)?;
            let a: usize = a.trim().parse().map_err(|_| bad())?;
            let b: usize = b.trim().parse().map_err(|_| bad())?;
            if b < a {
                return Err(bad());
            }
            (name.trim(), Some((a, b)))
        }
    };
    if name.is_empty() {
        return Err(bad());
    }
    Ok(Input::From {
        call: name.to_string(),
        range,
    })
}

/// One call: the socket it is made on, its arguments, and the pointer width of the process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSpec {
    /// The socket and its state.
    pub socket: SocketSpec,
    /// The `WSAIoctl` arguments.
    pub args: CallArgs,
    /// The process's pointer width; `None` keeps the profile's. It selects the profile's `arch`
    /// when the stack is built ([`CallSpec::profile`], [`CallSpec::run`]).
    pub arch: Option<Arch>,
}

impl CallSpec {
    /// `base` with this call's `arch` applied.
    pub fn profile(&self, base: Profile) -> Profile {
        match self.arch {
            Some(arch) => Profile { arch, ..base },
            None => base,
        }
    }

    /// Builds an emulated stack over `host` behaving as `profile` (with [`CallSpec::arch`]
    /// applied) and runs the call on it.
    pub fn run(&self, host: Host, profile: Profile) -> Result<CallReport, UsageError> {
        let provider = Arc::new(EmulatedProvider::new(host, self.profile(profile)));
        let ws2 = Ws2::new(provider.clone());
        execute(&ws2, &provider, self)
    }
}

// ---- the report -----------------------------------------------------------------------------

/// An error number with its name, serialized as `{"name": "WSAEFAULT", "code": 10014}` (the
/// shape of [`WsaError`]'s serialization, for Win32 errors too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ErrorValue {
    /// The SDK name, if known.
    pub name: Option<&'static str>,
    /// The number.
    pub code: i64,
}

impl ErrorValue {
    /// A Winsock error.
    pub fn wsa(e: WsaError) -> Self {
        Self {
            name: e.name(),
            code: e.0.into(),
        }
    }

    /// A Win32 error (named from the Win32 table, else the Winsock one: they share numbers).
    pub fn win32(e: Win32Error) -> Self {
        Self {
            name: e.name().or_else(|| WsaError(e.0 as i32).name()),
            code: e.0.into(),
        }
    }
}

/// How the completion of an overlapped call went, as the completion mechanism reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletionReport {
    /// `event`, `event-no-port`, `iocp` or `apc`.
    pub kind: &'static str,
    /// A completion arrived: a packet was dequeued (iocp) or the event was signalled (event)
    /// within the wait; the routine has run (apc — in this alertable wait or an earlier one).
    pub posted: bool,
    /// Bytes transferred: the packet's, `WSAGetOverlappedResult`'s `cbTransfer`, or the
    /// routine's `cbTransferred` (0 when nothing was posted).
    pub bytes: u32,
    /// `OVERLAPPED.Internal` after the wait, as a status name (`"STATUS_PENDING"`), or hex
    /// (`"0xdeadbeef"`: untouched).
    pub status: String,
    /// The error the mechanism reported: `GetLastError()` after a failed
    /// `GetQueuedCompletionStatus` (a Win32 error), `WSAGetOverlappedResult`'s error, or the
    /// routine's `dwError`; `null` on success or when nothing was posted.
    pub error: Option<ErrorValue>,
    /// `OVERLAPPED.Internal` (0xdeadbeef = untouched).
    pub internal: u64,
    /// `OVERLAPPED.InternalHigh` (0xdeadbeef = untouched).
    pub internal_high: u64,
    /// The completion key of the dequeued packet (iocp only).
    pub key: Option<u64>,
    /// Whether the dequeued packet carried this call's OVERLAPPED (iocp only).
    pub same_overlapped: Option<bool>,
    /// The routine's `dwFlags` (apc only).
    pub flags: Option<u32>,
    /// How many times the routine has run (apc only).
    pub runs: Option<u32>,
    /// `CreateIoCompletionPort` refused to associate the socket (iocp, event-no-port; e.g.
    /// `ERROR_INVALID_PARAMETER` for a socket not opened for overlapped I/O); the call was
    /// then made with its OVERLAPPED alone. Absent when the association worked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_error: Option<ErrorValue>,
}

/// Everything one `WSAIoctl` call returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallReport {
    /// The control code's catalog name, or its value in hex.
    pub code: String,
    /// The `SOCKET` the call was made on (what SIO_BASE_HANDLE returns for a base provider's
    /// socket; scenarios compare with it as `"$socket"`).
    pub socket: u64,
    /// The return value: 0 or -1 (`SOCKET_ERROR`).
    pub ret: i32,
    /// `WSAGetLastError()` after a failure (`WSA_IO_PENDING` included); `null` on success.
    pub error: Option<WsaError>,
    /// `*lpcbBytesReturned`, or `null` when the call left it untouched.
    pub bytes_returned: Option<u32>,
    /// The output buffer afterwards, in hex (`null` for a NULL buffer); a pending call's output
    /// is included once its completion delivered it.
    pub output_hex: Option<String>,
    /// The output decoded by the code's structure, where the crate has a wire type for it and
    /// the call (or its completion) succeeded; else `null`.
    pub output: Option<serde_json::Value>,
    /// The completion (`null` without an OVERLAPPED).
    pub completion: Option<CompletionReport>,
    /// The behaviour profile.
    pub profile: String,
    /// The pointer width of the process (`x86`, `x64`).
    pub arch: &'static str,
}

/// The catalog name of `code`, or its hex value.
pub fn code_name(code: ControlCode) -> String {
    catalog::lookup(code)
        .next()
        .map_or_else(|| code.to_string(), |e| e.name.to_string())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn status_text(s: NtStatus) -> String {
    s.name()
        .map_or_else(|| format!("{:#010x}", s.0), str::to_string)
}

/// Decodes `bytes` (the valid part of the output) with the structure `code` returns, for the
/// codes the crate has a wire type for.
pub fn decode_output(
    code: ControlCode,
    input: Option<&[u8]>,
    bytes: &[u8],
    arch: Arch,
) -> Option<serde_json::Value> {
    fn j<T: Serialize>(v: Result<T, crate::wire::WireError>) -> Option<serde_json::Value> {
        v.ok().and_then(|v| serde_json::to_value(v).ok())
    }
    if bytes.is_empty() {
        return None;
    }
    match code {
        ioctl::FIONREAD | ioctl::SIO_IDEAL_SEND_BACKLOG_QUERY => j(ULong::parse(bytes, arch)),
        ioctl::SIOCATMARK => j(WinBool::parse(bytes, arch)),
        ioctl::SIO_ADDRESS_LIST_QUERY => j(SocketAddressList::parse(bytes, arch)),
        ioctl::SIO_GET_INTERFACE_LIST => j(InterfaceList::parse(bytes, arch)),
        ioctl::SIO_ROUTING_INTERFACE_QUERY | ioctl::SIO_GET_BROADCAST_ADDRESS => {
            j(SockAddr::parse(bytes, arch))
        }
        ioctl::SIO_BASE_HANDLE
        | ioctl::SIO_BSP_HANDLE
        | ioctl::SIO_BSP_HANDLE_SELECT
        | ioctl::SIO_BSP_HANDLE_POLL
        | ioctl::SIO_QUERY_TARGET_PNP_HANDLE
        | ioctl::SIO_GET_EXTENSION_FUNCTION_POINTER => j(Handle::parse(bytes, arch)),
        ioctl::SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE | ioctl::SIO_GET_TX_TIMESTAMP => {
            j(UInt64::parse(bytes, arch))
        }
        ioctl::SIO_QUERY_RSS_SCALABILITY_INFO => j(RssScalabilityInfo::parse(bytes, arch)),
        ioctl::SIO_ACQUIRE_PORT_RESERVATION => j(InetPortReservationInstance::parse(bytes, arch)),
        ioctl::SIO_TCP_INFO => {
            let version = input
                .and_then(|i| i.get(..4))
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            match version {
                Some(1) => j(TcpInfoV1::parse(bytes, arch)),
                _ => j(TcpInfoV0::parse(bytes, arch)),
            }
        }
        _ => None,
    }
}

// ---- running a call -------------------------------------------------------------------------

/// A socket as the harness holds it: its handle and the objects created for it.
#[derive(Debug, Clone, Default)]
pub struct SocketCtx {
    /// The `SOCKET`.
    pub socket: Socket,
    /// The event given to `WSAEventSelect`, if any.
    pub event: Option<Event>,
    /// The completion port the socket is associated with (key [`COMPLETION_KEY`]), once made.
    pub port: Option<Port>,
}

/// An overlapped call whose completion has not been observed yet.
#[derive(Clone)]
pub struct PendingCall {
    /// The socket it was issued on.
    pub socket: Socket,
    /// How it completes.
    pub kind: CompletionKind,
    /// Its OVERLAPPED.
    pub overlapped: Overlapped,
    /// The `hEvent` (event kinds).
    pub event: Option<Event>,
    /// The socket's completion port (iocp, event-no-port).
    pub port: Option<Port>,
    /// The completion routine's calls so far: `(dwError, cbTransferred, dwFlags)` (apc).
    pub routine_calls: Arc<Mutex<Vec<(WsaError, u32, u32)>>>,
    /// `CreateIoCompletionPort` refused to associate the socket with a port (iocp,
    /// event-no-port): the call was made with its OVERLAPPED and no port.
    pub port_error: Option<Win32Error>,
}

impl std::fmt::Debug for PendingCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingCall")
            .field("socket", &self.socket)
            .field("kind", &self.kind)
            .field("overlapped", &self.overlapped)
            .finish()
    }
}

/// Where `in_from` finds the outputs of earlier calls.
pub trait Outputs {
    /// The output buffer of the call named `name`, if there is one.
    fn output_of(&self, name: &str) -> Option<Vec<u8>>;
}

impl Outputs for () {
    fn output_of(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
}

/// What [`call`] produced: the report, and the call itself if its completion is still due.
#[derive(Debug)]
pub struct CallResult {
    /// Everything observed so far.
    pub report: CallReport,
    /// The raw output buffer (empty for NULL).
    pub output: Vec<u8>,
    /// The call, when it was overlapped (whether or not its completion was observed).
    pub pending: Option<PendingCall>,
}

/// The socket's completion port, associating it with a new one (key 123) on first use; the
/// association's failure is an observation (`completion.port_error`), not a harness error.
fn ensure_port(backend: &dyn Backend, ctx: &mut SocketCtx) -> Result<Port, Win32Error> {
    if let Some(p) = ctx.port {
        return Ok(p);
    }
    let p = backend
        .winsock()
        .create_io_completion_port(Some(ctx.socket), None, COMPLETION_KEY)?;
    ctx.port = Some(p);
    Ok(p)
}

/// Issues one call on `ctx`'s socket through `backend`, then waits for its completion (if
/// overlapped) for `args.wait_ms`.
pub fn call(
    backend: &dyn Backend,
    ctx: &mut SocketCtx,
    args: &CallArgs,
    outputs: &dyn Outputs,
) -> Result<CallResult, UsageError> {
    let arch = backend.arch();
    let input = match args.input()? {
        Input::Null => None,
        Input::Bytes(b) => Some(b),
        Input::From { call, range } => {
            let out = outputs.output_of(&call).ok_or_else(|| {
                UsageError::Other(format!("in_from: no earlier call named {call:?}"))
            })?;
            Some(match range {
                None => out,
                Some((a, b)) => out.get(a..b).map(<[u8]>::to_vec).ok_or_else(|| {
                    UsageError::Other(format!(
                        "in_from: {call:?} has {} output bytes, not {a}..{b}",
                        out.len()
                    ))
                })?,
            })
        }
    };
    let input = input.map(|mut b| {
        if let Some(n) = args.in_len {
            b.resize(n as usize, 0);
        }
        b
    });
    let mut out = vec![
        OUTPUT_FILL;
        if args.out_null {
            0
        } else {
            args.out_len as usize
        }
    ];

    let ws = backend.winsock();
    let routine_calls: Arc<Mutex<Vec<(WsaError, u32, u32)>>> = Arc::default();
    let (completion, pending) = match args.completion {
        CompletionKind::None => (Completion::None, None),
        kind => {
            let mut event = None;
            let mut port = None;
            let mut port_error = None;
            let ov = match kind {
                CompletionKind::Event | CompletionKind::EventNoPort => {
                    let e = ws
                        .wsa_create_event()
                        .map_err(|e| UsageError::Other(format!("WSACreateEvent failed: {e:?}")))?;
                    event = Some(e);
                    if kind == CompletionKind::EventNoPort {
                        match ensure_port(backend, ctx) {
                            Ok(p) => port = Some(p),
                            Err(e) => port_error = Some(e),
                        }
                        Overlapped::with_event_no_port(e)
                    } else {
                        port = ctx.port;
                        Overlapped::with_event(e)
                    }
                }
                CompletionKind::Iocp => {
                    match ensure_port(backend, ctx) {
                        Ok(p) => port = Some(p),
                        Err(e) => port_error = Some(e),
                    }
                    Overlapped::new()
                }
                _ => Overlapped::new(),
            };
            ov.set_status(NtStatus(SENTINEL), SENTINEL.into());
            let c = if kind == CompletionKind::Apc {
                let rec = routine_calls.clone();
                Completion::Routine(
                    ov.clone(),
                    Arc::new(move |err, bytes, _ov: &Overlapped, flags| {
                        rec.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push((err, bytes, flags));
                    }),
                )
            } else {
                Completion::Overlapped(ov.clone())
            };
            let p = PendingCall {
                socket: ctx.socket,
                kind,
                overlapped: ov,
                event,
                port,
                routine_calls: routine_calls.clone(),
                port_error,
            };
            (c, Some(p))
        }
    };

    let in_len_null = if input.is_none() {
        args.in_len.unwrap_or(0)
    } else {
        0
    };
    let outcome = backend.ioctl(
        IoctlArgs {
            socket: ctx.socket,
            code: args.code,
            input: input.as_deref(),
            null_input_len: in_len_null,
            output: (!args.out_null).then_some(&mut out[..]),
            null_output_len: args.out_len,
            bytes_returned_null: args.bytes_null,
            completion,
        },
        SENTINEL,
    );
    let bytes_returned = match outcome {
        IoctlOutcome::Completed { bytes } => (bytes != SENTINEL).then_some(bytes),
        other => other.bytes_returned(),
    };
    let error = match outcome.error() {
        WsaError::NO_ERROR => None,
        e => Some(e),
    };
    let completion = pending.as_ref().map(|p| wait(backend, p, args.wait_ms));
    if let Some(p) = &pending {
        let delivered = p.overlapped.output();
        if !delivered.is_empty() && !args.out_null {
            let n = delivered.len().min(out.len());
            out[..n].copy_from_slice(&delivered[..n]);
        }
    }
    let valid = match (&outcome, &completion) {
        (IoctlOutcome::Completed { .. }, _) => bytes_returned,
        (_, Some(c)) if c.posted && c.error.is_none() => Some(c.bytes),
        _ => None,
    };
    let output = valid.and_then(|n| {
        let n = (n as usize).min(out.len());
        decode_output(args.code, input.as_deref(), &out[..n], arch)
    });
    let report = CallReport {
        code: code_name(args.code),
        socket: ctx.socket.0,
        ret: outcome.ret(),
        error,
        bytes_returned,
        output_hex: (!args.out_null).then(|| hex(&out)),
        output,
        completion,
        profile: backend.profile_name(),
        arch: arch.name(),
    };
    Ok(CallResult {
        report,
        output: out,
        pending,
    })
}

/// Waits up to `wait_ms` for `p`'s completion through its mechanism and reports what it saw.
pub fn wait(backend: &dyn Backend, p: &PendingCall, wait_ms: u32) -> CompletionReport {
    let ws = backend.winsock();
    let mut r = CompletionReport {
        kind: p.kind.name(),
        posted: false,
        bytes: 0,
        status: String::new(),
        error: None,
        internal: 0,
        internal_high: 0,
        key: None,
        same_overlapped: None,
        flags: None,
        runs: None,
        port_error: p.port_error.map(ErrorValue::win32),
    };
    match p.kind {
        CompletionKind::None => {}
        CompletionKind::Iocp => {
            if let Some(port) = p.port
                && let Ok(pk) = ws.get_queued_completion_status(port, wait_ms)
            {
                r.posted = true;
                r.bytes = pk.bytes;
                r.key = Some(pk.key);
                r.same_overlapped = Some(
                    pk.overlapped
                        .as_ref()
                        .is_some_and(|o| o.same(&p.overlapped)),
                );
                if !pk.ok {
                    r.error = Some(ErrorValue::win32(pk.error));
                }
            }
        }
        CompletionKind::Event | CompletionKind::EventNoPort => {
            if let Some(e) = p.event
                && ws.wsa_wait_for_multiple_events(&[e], false, wait_ms, false) == WAIT_OBJECT_0
            {
                r.posted = true;
                match ws.wsa_get_overlapped_result(p.socket, &p.overlapped, false) {
                    Ok((bytes, _flags)) => r.bytes = bytes,
                    Err(e) => {
                        r.bytes = p.overlapped.internal_high() as u32;
                        r.error = Some(ErrorValue::wsa(e));
                    }
                }
            }
        }
        CompletionKind::Apc => {
            // The alertable wait runs every routine queued to this thread; this call's may also
            // have run in an earlier wait (another call's): posted means it has run.
            let _ = ws.sleep_ex(wait_ms, true);
            let calls = p
                .routine_calls
                .lock()
                .unwrap_or_else(|x| x.into_inner())
                .clone();
            r.runs = Some(calls.len() as u32);
            if let Some(&(err, bytes, flags)) = calls.last() {
                r.posted = true;
                r.bytes = bytes;
                r.flags = Some(flags);
                if err != WsaError::NO_ERROR {
                    r.error = Some(ErrorValue::wsa(err));
                }
            }
        }
    }
    let status = p.overlapped.internal();
    r.status = status_text(status);
    r.internal = status.0.into();
    r.internal_high = p.overlapped.internal_high();
    r
}

/// `WSAIoctl` as `spec` describes it, on a socket the harness creates on the emulated stack
/// (`ws2` over `provider`), with the completion awaited as `spec.args.completion` says.
///
/// `Err` when the harness cannot set the call up (the socket cannot be created in the state
/// asked for, an input form does not parse, `spec.arch` differs from the provider's profile);
/// the call's own outcome — an error included — is in the report.
pub fn execute(
    ws2: &Ws2,
    provider: &EmulatedProvider,
    spec: &CallSpec,
) -> Result<CallReport, UsageError> {
    if let Some(a) = spec.arch
        && a != provider.profile().arch
    {
        return Err(UsageError::Other(format!(
            "the call asks for {} but the provider's profile is {}: build it with \
             CallSpec::profile (or use CallSpec::run)",
            a.name(),
            provider.profile().arch.name()
        )));
    }
    let backend = Emulated::new(ws2, provider);
    let opened = backend.open(&spec.socket)?;
    let mut ctx = SocketCtx {
        socket: opened.socket,
        event: opened.event,
        port: None,
    };
    let r = call(&backend, &mut ctx, &spec.args, &())?;
    Ok(r.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_forms() {
        assert_eq!(parse_hex("01 00_00:00").unwrap(), [1, 0, 0, 0]);
        assert!(parse_hex("123").is_err());
        assert!(parse_hex("zz").is_err());
        // SOCKADDR_IN: family 2, port 80 big-endian, address, 8 zero bytes.
        assert_eq!(
            parse_sockaddr("192.0.2.1:80").unwrap(),
            [2, 0, 0, 80, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(parse_sockaddr("2001:db8::1").unwrap().len(), 28);
        assert_eq!(
            parse_sockaddr("[2001:db8::1]:80").unwrap()[..4],
            [23, 0, 0, 80]
        );
        assert!(parse_sockaddr("nowhere").is_err());
        assert_eq!(
            parse_keepalive("1,7200000,1000").unwrap(),
            [1, 0, 0, 0, 0x00, 0xdd, 0x6d, 0x00, 0xe8, 0x03, 0, 0]
        );
        assert!(parse_keepalive("1,2").is_err());
        assert_eq!(
            parse_guid("wsaid_acceptex").unwrap(),
            crate::wire::guid::WSAID_ACCEPTEX
        );
        assert_eq!(
            parse_guid("{B5367DF1-CBAC-11CF-95CA-00805F48A192}").unwrap(),
            crate::wire::guid::WSAID_ACCEPTEX
        );
        assert_eq!(
            parse_from("acq[8..16]").unwrap(),
            Input::From {
                call: "acq".into(),
                range: Some((8, 16))
            }
        );
        assert!(parse_from("acq[9..1]").is_err());
    }

    #[test]
    fn one_input_form_only() {
        let a = CallArgs {
            in_u32: Some(1),
            in_null: true,
            ..CallArgs::default()
        };
        assert!(a.input().is_err());
        assert_eq!(CallArgs::default().input().unwrap(), Input::Null);
    }

    #[test]
    fn codes_by_name_and_value() {
        assert_eq!(parse_code("fionbio").unwrap(), ioctl::FIONBIO);
        assert_eq!(parse_code("0x8004667e").unwrap(), ioctl::FIONBIO);
        assert_eq!(parse_code("2147772030").unwrap(), ioctl::FIONBIO);
        assert_eq!(parse_code("0xdeadbeef").unwrap(), ControlCode(0xdead_beef));
        assert!(matches!(
            parse_code("SIO_NOPE"),
            Err(UsageError::UnknownName(_))
        ));
        assert!(matches!(
            parse_code("12x"),
            Err(UsageError::BadNumber { .. })
        ));
    }

    #[test]
    fn network_event_names() {
        assert_eq!(
            NetworkEvents::parse_list("FD_READ,oob").unwrap().0,
            fd::READ | fd::OOB
        );
        assert_eq!(
            NetworkEvents(fd::ADDRESS_LIST_CHANGE).names(),
            ["FD_ADDRESS_LIST_CHANGE"]
        );
        assert!(NetworkEvents::from_name("FD_NOPE").is_err());
    }
}
