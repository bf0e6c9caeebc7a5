//! The stack a scenario runs against: a [`Backend`], and the emulated one ([`Emulated`]).
//!
//! Everything an application can do goes through [`Backend::winsock`] (the API-level
//! [`Winsock`] trait) or the few socket calls the trait does not carry (bind, listen, connect,
//! accept, send, recv, setsockopt, `WSAAsyncSelect`, `WSAEnumNetworkEvents`). What no
//! application can do — change the simulated host, make data arrive from the network — is
//! [`Backend::mutate`] and [`Backend::deliver`]. A Linux or native-Windows backend implements
//! the same trait (a mutation then configures a network namespace, or is unsupported).

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU16, Ordering};

use serde::Deserialize;

use crate::api::{Event, IoctlArgs, IoctlOutcome, Socket, SocketOps, WSA_FLAG_OVERLAPPED, Winsock};
use crate::code::ControlCode;
use crate::emulated::EmulatedProvider;
use crate::emulated::host::parse_cidr;
use crate::emulated::route::{Route, RouteKey};
use crate::error::{UsageError, WsaError};
use crate::wire::sockaddr::SockAddr;
use crate::wire::{Arch, Repr};
use crate::ws2::Ws2;

use super::call::{SockType, SocketSpec, SocketState, parse_socket_addr};

/// `FIONBIO`, for putting a socket in nonblocking mode through `ioctlsocket`.
const FIONBIO: ControlCode = ControlCode(0x8004_667e);
/// The window handle and message given to `WSAAsyncSelect` (no message loop is modelled).
const ASYNC_HWND: u64 = 0x0001_0010;
const ASYNC_MSG: u32 = 0x0400 + 1; // WM_USER + 1
/// First port the harness binds its loopback peers to (below the dynamic range 49152–65535, so
/// it never meets an ephemeral port).
const HARNESS_PORT: u16 = 40000;

/// A change to the simulated host (`[[step]] kind = "mutate"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Mutation {
    /// Adds `address` (`"ADDR/LEN"`) to interface `interface`.
    AddAddress {
        /// Interface index.
        interface: u32,
        /// `"192.0.2.99/24"`.
        address: String,
    },
    /// Removes `address` (`"ADDR"` or `"ADDR/LEN"`) from interface `interface`.
    RemoveAddress {
        /// Interface index.
        interface: u32,
        /// `"192.0.2.10"`.
        address: String,
    },
    /// Takes interface `interface` down.
    LinkDown {
        /// Interface index.
        interface: u32,
    },
    /// Brings interface `interface` up.
    LinkUp {
        /// Interface index.
        interface: u32,
    },
    /// Adds a static route.
    AddRoute {
        /// `"NETWORK/LEN"`.
        destination: String,
        /// Next hop; absent = on-link.
        gateway: Option<String>,
        /// Outgoing interface index.
        interface: u32,
        /// Route metric (default 0).
        #[serde(default)]
        metric: u32,
    },
    /// Removes a static route (destination, gateway and interface identify it).
    RemoveRoute {
        /// `"NETWORK/LEN"`.
        destination: String,
        /// Next hop; absent = on-link.
        gateway: Option<String>,
        /// Outgoing interface index.
        interface: u32,
    },
}

/// A [`Mutation`] with its text parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    /// Interface, address, prefix length.
    AddAddress(u32, IpAddr, u8),
    /// Interface, address.
    RemoveAddress(u32, IpAddr),
    /// Interface, up.
    Link(u32, bool),
    /// The route.
    AddRoute(Route),
    /// The route's key.
    RemoveRoute(RouteKey),
}

impl Mutation {
    /// Parses the addresses and prefixes (a scenario checks this before it runs).
    pub fn parse(&self) -> Result<Parsed, UsageError> {
        fn ip(text: &str) -> Result<IpAddr, UsageError> {
            let bare = text.split('/').next().unwrap_or(text).trim();
            bare.parse()
                .map_err(|_| UsageError::Other(format!("not an IP address: {text:?}")))
        }
        fn cidr(text: &str) -> Result<(IpAddr, u8), UsageError> {
            parse_cidr(text).map_err(|e| UsageError::Other(e.to_string()))
        }
        fn gateway(g: &Option<String>) -> Result<Option<IpAddr>, UsageError> {
            g.as_deref().map(ip).transpose()
        }
        Ok(match self {
            Self::AddAddress { interface, address } => {
                let (a, len) = cidr(address)?;
                Parsed::AddAddress(*interface, a, len)
            }
            Self::RemoveAddress { interface, address } => {
                Parsed::RemoveAddress(*interface, ip(address)?)
            }
            Self::LinkDown { interface } => Parsed::Link(*interface, false),
            Self::LinkUp { interface } => Parsed::Link(*interface, true),
            Self::AddRoute {
                destination,
                gateway: g,
                interface,
                metric,
            } => {
                let (d, len) = cidr(destination)?;
                Parsed::AddRoute(Route {
                    destination: d,
                    prefix_len: len,
                    gateway: gateway(g)?,
                    if_index: *interface,
                    metric: *metric,
                })
            }
            Self::RemoveRoute {
                destination,
                gateway: g,
                interface,
            } => {
                let (d, len) = cidr(destination)?;
                Parsed::RemoveRoute(RouteKey {
                    destination: d,
                    prefix_len: len,
                    if_index: *interface,
                    gateway: gateway(g)?,
                })
            }
        })
    }
}

/// A socket the harness created: the socket, its loopback peer (state `connected`), and the
/// event given to `WSAEventSelect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    /// The socket under test.
    pub socket: Socket,
    /// The other end of a connected socket.
    pub peer: Option<Socket>,
    /// The `WSAEventSelect` event.
    pub event: Option<Event>,
}

/// A stack the engine can drive (see the module docs). Implementations are shared with a
/// background thread for blocking calls, hence `Sync`.
pub trait Backend: Sync {
    /// `"emulated"`, …
    fn name(&self) -> &'static str;

    /// The behaviour profile's name (`"windows"`).
    fn profile_name(&self) -> String;

    /// The pointer width of the modelled process.
    fn arch(&self) -> Arch;

    /// The API level: sockets, `WSAIoctl`, events, waits, completion ports.
    fn winsock(&self) -> &dyn Winsock;

    /// Creates a socket and puts it in the state `spec` asks for.
    fn open(&self, spec: &SocketSpec) -> Result<Opened, UsageError>;

    /// `WSAIoctl` with every argument, `*lpcbBytesReturned` holding `initial` before the call.
    fn ioctl(&self, args: IoctlArgs<'_>, initial: u32) -> IoctlOutcome;

    /// Changes the host; returns the names of what changed (`ADDRESS_V4`, `ROUTE_V6`, …).
    fn mutate(&self, m: &Mutation) -> Result<Vec<&'static str>, UsageError>;

    /// Data arriving on `s` from its peer (`urgent`: its last byte is urgent, as `MSG_OOB` sends).
    fn deliver(&self, s: Socket, data: &[u8], urgent: bool) -> Result<(), WsaError>;

    /// `send(s, data, flags)`.
    fn send(&self, s: Socket, data: &[u8], flags: i32) -> Result<usize, WsaError>;

    /// `recv(s, buf[len], flags)` — the bytes received.
    fn recv(&self, s: Socket, len: usize, flags: i32) -> Result<Vec<u8>, WsaError>;

    /// `setsockopt(s, level, name, value)`.
    fn setsockopt(&self, s: Socket, level: i32, name: i32, value: &[u8]) -> Result<(), WsaError>;

    /// `WSAAsyncSelect(s, hwnd, msg, mask)`.
    fn async_select(&self, s: Socket, mask: i32) -> Result<(), WsaError>;

    /// `WSAEnumNetworkEvents(s, event, …)`: the recorded `FD_*` bits (cleared).
    fn enum_network_events(&self, s: Socket, event: Option<Event>) -> Result<i32, WsaError>;
}

/// The emulated stack: [`Ws2`] over an [`EmulatedProvider`].
#[derive(Debug)]
pub struct Emulated<'a> {
    ws2: &'a Ws2,
    provider: &'a EmulatedProvider,
    next_port: AtomicU16,
}

impl<'a> Emulated<'a> {
    /// The backend over `ws2`, whose provider is `provider`.
    pub fn new(ws2: &'a Ws2, provider: &'a EmulatedProvider) -> Self {
        Self {
            ws2,
            provider,
            next_port: harness_ports(),
        }
    }
}

/// A socket address as Windows SOCKADDR bytes.
pub(crate) fn sockaddr(a: SocketAddr) -> Vec<u8> {
    match a {
        SocketAddr::V4(a) => SockAddr::V4(a),
        SocketAddr::V6(a) => SockAddr::V6(a),
    }
    .to_bytes(Arch::X64)
}

fn fail(what: &str, e: WsaError) -> UsageError {
    UsageError::Other(format!("setting up the socket: {what} failed with {e:?}"))
}

/// A fresh counter of harness ports (the first is [`HARNESS_PORT`]).
pub(crate) fn harness_ports() -> AtomicU16 {
    AtomicU16::new(HARNESS_PORT)
}

/// Binds `s` to `ip` on the next free harness port of `ports`; returns the address.
fn bind_harness_port(
    ws: &Ws2,
    ports: &AtomicU16,
    s: Socket,
    ip: IpAddr,
) -> Result<SocketAddr, UsageError> {
    loop {
        let port = ports.fetch_add(1, Ordering::Relaxed);
        if port >= 49152 {
            return Err(UsageError::Other(
                "setting up the socket: no free harness port".into(),
            ));
        }
        let a = SocketAddr::new(ip, port);
        match ws.bind(s, &sockaddr(a)) {
            Ok(()) => return Ok(a),
            Err(WsaError::WSAEADDRINUSE) => continue,
            Err(e) => return Err(fail("bind", e)),
        }
    }
}

/// [`open_on`] over the emulated API layer (any provider below it): harness ports from `ports`,
/// `WSAAsyncSelect` registration available.
pub(crate) fn open_socket(
    ws: &Ws2,
    ports: &AtomicU16,
    spec: &SocketSpec,
) -> Result<Opened, UsageError> {
    open_on(
        ws,
        spec,
        &|s, ip| bind_harness_port(ws, ports, s, ip),
        Some(&|s, mask| ws.wsa_async_select(s, ASYNC_HWND, ASYNC_MSG, mask)),
    )
}

/// Creates a socket through the API layer `ws` and puts it in the state `spec` asks for — the
/// same calls whatever is below (see [`SocketState`] for what each state means). `bind_port`
/// binds a peer or listener of the harness to a port of `ip` and returns the address;
/// `async_select` registers `WSAAsyncSelect` where the layer can (`None`: a `spec` asking for it
/// is refused).
pub(crate) fn open_on<W: SocketOps + ?Sized>(
    ws: &W,
    spec: &SocketSpec,
    bind_port: &dyn Fn(Socket, IpAddr) -> Result<SocketAddr, UsageError>,
    async_select: Option<&dyn Fn(Socket, i32) -> Result<(), WsaError>>,
) -> Result<Opened, UsageError> {
    let (af, ty, proto) = (spec.family.af(), spec.ty.value(), spec.protocol().0);
    let flags = if spec.overlapped {
        WSA_FLAG_OVERLAPPED
    } else {
        0
    };
    let s = ws.wsa_socket(af, ty, proto, flags).map_err(|e| {
        UsageError::Other(format!(
            "socket({}, {}, {}) failed with {e:?}",
            spec.family.name(),
            spec.ty.name(),
            spec.protocol().name()
        ))
    })?;
    let bind_addr = |default: IpAddr| -> Result<SocketAddr, UsageError> {
        match &spec.bind {
            Some(text) => parse_socket_addr(text),
            None => Ok(SocketAddr::new(default, 0)),
        }
    };
    let mut peer = None;
    match spec.state {
        SocketState::Fresh => {}
        SocketState::Bound => {
            let a = bind_addr(spec.family.unspecified())?;
            ws.bind(s, &sockaddr(a)).map_err(|e| fail("bind", e))?;
        }
        SocketState::Listening => {
            let a = bind_addr(spec.family.loopback())?;
            ws.bind(s, &sockaddr(a)).map_err(|e| fail("bind", e))?;
            ws.listen(s, 5).map_err(|e| fail("listen", e))?;
        }
        SocketState::Connected => {
            let lo = spec.family.loopback();
            match spec.ty {
                SockType::Stream => {
                    let l = ws
                        .wsa_socket(af, ty, proto, WSA_FLAG_OVERLAPPED)
                        .map_err(|e| fail("socket (listener)", e))?;
                    let at = bind_port(l, lo)?;
                    ws.listen(l, 5).map_err(|e| fail("listen", e))?;
                    ws.connect(s, &sockaddr(at))
                        .map_err(|e| fail("connect", e))?;
                    peer = Some(ws.accept(l).map_err(|e| fail("accept", e))?);
                    ws.closesocket(l)
                        .map_err(|e| fail("closesocket (listener)", e))?;
                }
                SockType::Dgram => {
                    let p = ws
                        .wsa_socket(af, ty, proto, WSA_FLAG_OVERLAPPED)
                        .map_err(|e| fail("socket (peer)", e))?;
                    let pa = bind_port(p, lo)?;
                    let sa = bind_port(s, lo)?;
                    ws.connect(s, &sockaddr(pa))
                        .map_err(|e| fail("connect", e))?;
                    ws.connect(p, &sockaddr(sa))
                        .map_err(|e| fail("connect (peer)", e))?;
                    peer = Some(p);
                }
                SockType::Raw => {
                    return Err(UsageError::Other(
                        "state connected needs a stream or datagram socket".into(),
                    ));
                }
            }
        }
    }
    if spec.nonblocking {
        let mut one = 1u32;
        ws.ioctlsocket(s, FIONBIO, &mut one)
            .map_err(|e| fail("ioctlsocket(FIONBIO, 1)", e))?;
    }
    let mut event = None;
    if let Some(mask) = spec.event_select {
        let e = ws
            .wsa_create_event()
            .map_err(|e| fail("WSACreateEvent", e))?;
        ws.wsa_event_select(s, Some(e), mask.0)
            .map_err(|e| fail("WSAEventSelect", e))?;
        event = Some(e);
    }
    if let Some(mask) = spec.async_select {
        let register = async_select.ok_or_else(|| {
            UsageError::Other(
                "WSAAsyncSelect needs a window and message loop the harness lacks".into(),
            )
        })?;
        register(s, mask.0).map_err(|e| fail("WSAAsyncSelect", e))?;
    }
    Ok(Opened {
        socket: s,
        peer,
        event,
    })
}

impl Backend for Emulated<'_> {
    fn name(&self) -> &'static str {
        "emulated"
    }

    fn profile_name(&self) -> String {
        self.provider.profile().name.clone()
    }

    fn arch(&self) -> Arch {
        self.provider.profile().arch
    }

    fn winsock(&self) -> &dyn Winsock {
        self.ws2
    }

    fn open(&self, spec: &SocketSpec) -> Result<Opened, UsageError> {
        open_socket(self.ws2, &self.next_port, spec)
    }

    fn ioctl(&self, args: IoctlArgs<'_>, initial: u32) -> IoctlOutcome {
        self.ws2.wsa_ioctl_args_with_initial(args, initial)
    }

    fn mutate(&self, m: &Mutation) -> Result<Vec<&'static str>, UsageError> {
        let parsed = m.parse()?;
        let changes = self
            .provider
            .mutate_host(move |h| match parsed {
                Parsed::AddAddress(i, a, len) => h.add_address(i, a, len),
                Parsed::RemoveAddress(i, a) => h.remove_address(i, a),
                Parsed::Link(i, up) => h.set_link_up(i, up),
                Parsed::AddRoute(r) => h.add_route(r),
                Parsed::RemoveRoute(k) => h.remove_route(k),
            })
            .map_err(|e| UsageError::Other(format!("host mutation failed: {e}")))?;
        Ok(changes.names().collect())
    }

    fn deliver(&self, s: Socket, data: &[u8], urgent: bool) -> Result<(), WsaError> {
        self.provider.deliver(s.0, data, urgent)
    }

    fn send(&self, s: Socket, data: &[u8], flags: i32) -> Result<usize, WsaError> {
        self.ws2.send(s, data, flags)
    }

    fn recv(&self, s: Socket, len: usize, flags: i32) -> Result<Vec<u8>, WsaError> {
        let mut buf = vec![0u8; len];
        let n = self.ws2.recv(s, &mut buf, flags)?;
        buf.truncate(n);
        Ok(buf)
    }

    fn setsockopt(&self, s: Socket, level: i32, name: i32, value: &[u8]) -> Result<(), WsaError> {
        self.ws2.setsockopt(s, level, name, value)
    }

    fn async_select(&self, s: Socket, mask: i32) -> Result<(), WsaError> {
        self.ws2.wsa_async_select(s, ASYNC_HWND, ASYNC_MSG, mask)
    }

    fn enum_network_events(&self, s: Socket, event: Option<Event>) -> Result<i32, WsaError> {
        self.ws2.wsa_enum_network_events(s, event)
    }
}
