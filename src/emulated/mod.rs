//! The emulated TCP/IP provider and its simulated host.
//!
//! [`EmulatedProvider`] implements [`crate::spi::Provider`] the way the Windows TCP/IP provider
//! (msafd/AFD) answers `WSPIoctl`, over a deterministic simulated [`host::Host`] and emulated
//! sockets — no real network, no clock, no randomness. Put it under the API layer:
//!
//! ```
//! use std::sync::Arc;
//! use wsaioctl::api::{Completion, IoctlOutcome, Winsock};
//! use wsaioctl::emulated::EmulatedProvider;
//! use wsaioctl::ioctl::SIO_ADDRESS_LIST_QUERY;
//! use wsaioctl::wire::{Arch, Repr, address_list::SocketAddressList};
//! use wsaioctl::ws2::Ws2;
//! use wsaioctl::WsaError;
//!
//! let ws2 = Ws2::new(Arc::new(EmulatedProvider::default()));
//! let s = ws2.socket(2, 2, 17).unwrap(); // AF_INET, SOCK_DGRAM, IPPROTO_UDP
//!
//! // First ask with no buffer: WSAEFAULT and the size needed (spec/002, spec/observed-windows.md).
//! let r = ws2.wsa_ioctl(s, SIO_ADDRESS_LIST_QUERY, None, None, Completion::None);
//! let IoctlOutcome::Failed { error: WsaError::WSAEFAULT, bytes_returned: Some(need) } = r else {
//!     panic!("{r:?}")
//! };
//! let mut buf = vec![0u8; need as usize];
//! let r = ws2.wsa_ioctl(s, SIO_ADDRESS_LIST_QUERY, None, Some(&mut buf), Completion::None);
//! assert_eq!(r, IoctlOutcome::Completed { bytes: need });
//! let list = SocketAddressList::parse(&buf, Arch::X64).unwrap();
//! assert_eq!(list.entries.len(), 1); // 192.0.2.10 on the default host's Ethernet interface
//! ```
//!
//! Host mutations ([`EmulatedProvider::mutate_host`]) complete the pending
//! `SIO_ADDRESS_LIST_CHANGE` / `SIO_ROUTING_INTERFACE_CHANGE` requests of the changed family,
//! wake blocked callers and signal `FD_ADDRESS_LIST_CHANGE` / `FD_ROUTING_INTERFACE_CHANGE` for
//! sockets that armed them.
//!
//! Each control code's behaviour is documented on its handler in [`codes`](self) (module
//! `codes`, private) and in the table of `README.md`; the spec file and the observed fact each
//! one follows are cited there.

pub(crate) mod codes;
pub mod host;
mod rfc6724;
pub mod route;
mod socket;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

use crate::code::ControlCode;
use crate::error::WsaError;
use crate::profile::{Profile, UdpUnreachable};
use crate::spi::{
    BytesReturned, InBuf, OutBuf, OverlappedIo, Provider, ProviderSocket, SocketKind, SocketOp,
    SocketOpResult, ThreadId, UpcallTable, sock_type,
};
use crate::wire::sockaddr::{AF_INET, AF_INET6, SockAddr};
use host::{Changes, Family, Host, HostError};
use socket::{Conn, EmuSocket};

/// `SOL_SOCKET`.
const SOL_SOCKET: i32 = 0xffff;
/// `SO_KEEPALIVE`.
const SO_KEEPALIVE: i32 = 0x0008;
/// `SO_OOBINLINE`.
const SO_OOBINLINE: i32 = 0x0100;
/// `IPPROTO_IP`.
const IPPROTO_IP: i32 = 0;
/// `IP_MULTICAST_TTL` (ws2ipdef.h).
const IP_MULTICAST_TTL: i32 = 10;
/// `IP_MULTICAST_LOOP`.
const IP_MULTICAST_LOOP: i32 = 11;
/// `MSG_OOB`.
const MSG_OOB: i32 = 1;
/// `MSG_PEEK`.
const MSG_PEEK: i32 = 2;
/// First port of the dynamic range Windows uses (49152–65535).
const EPHEMERAL_FIRST: u16 = 49152;

/// An emulated stack: the API layer and the emulated provider, built from one host and one
/// profile (the API layer reads the profile's API-level choices, the provider the rest).
///
/// ```
/// use wsaioctl::emulated::{self, host::Host};
/// use wsaioctl::profile::Profile;
/// let stack = emulated::stack(Host::default_host(), Profile::by_name("xp").unwrap());
/// assert_eq!(stack.provider.profile().name, "xp");
/// ```
#[derive(Debug, Clone)]
pub struct Stack {
    /// The API layer.
    pub ws2: std::sync::Arc<crate::ws2::Ws2>,
    /// The provider below it (host mutations, data delivery).
    pub provider: std::sync::Arc<EmulatedProvider>,
}

/// Builds a [`Stack`].
pub fn stack(host: Host, profile: Profile) -> Stack {
    let provider = std::sync::Arc::new(EmulatedProvider::new(host, profile.clone()));
    let ws2 = std::sync::Arc::new(crate::ws2::Ws2::with_profile(provider.clone(), &profile));
    Stack { ws2, provider }
}

/// What a pending or blocked change request waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Watch {
    /// SIO_ADDRESS_LIST_CHANGE of a family.
    Addresses(Family),
    /// SIO_ROUTING_INTERFACE_CHANGE of a family.
    Routes(Family),
    /// SIO_IDEAL_SEND_BACKLOG_CHANGE (the emulated backlog never changes: only close ends it).
    Backlog,
}

#[derive(Debug)]
struct Waiter {
    socket: u64,
    io: OverlappedIo,
    watch: Watch,
}

#[derive(Debug, Default)]
struct Generations {
    addresses: [u64; 2],
    routes: [u64; 2],
}

impl Generations {
    fn of(&self, w: Watch) -> u64 {
        match w {
            Watch::Addresses(f) => self.addresses[f as usize],
            Watch::Routes(f) => self.routes[f as usize],
            Watch::Backlog => 0,
        }
    }
}

#[derive(Debug)]
struct Reservation {
    start: u16,
    count: u16,
    owner: u64,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) host: Host,
    pub(crate) sockets: BTreeMap<u64, EmuSocket>,
    waiters: Vec<Waiter>,
    generations: Generations,
    next_ephemeral: u16,
    reservations: BTreeMap<u64, Reservation>,
    next_token: u64,
}

/// The emulated Windows TCP/IP provider (see the module docs).
#[derive(Debug)]
pub struct EmulatedProvider {
    profile: Profile,
    inner: Mutex<Inner>,
    cv: Condvar,
    upcalls: OnceLock<UpcallTable>,
}

impl Default for EmulatedProvider {
    /// The built-in default host ([`Host::default_host`]) and profile (current Windows, x64).
    fn default() -> Self {
        Self::new(Host::default_host(), Profile::default())
    }
}

/// How a handler answered.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Return 0.
    Done,
    /// Return `SOCKET_ERROR` with this error (no operation started).
    Fail(WsaError),
    /// Return `SOCKET_ERROR` / `WSA_IO_PENDING` (the request is registered or already completed
    /// through the upcall).
    Pending,
    /// Non-overlapped call on a blocking socket: block until `Watch` fires or the socket closes,
    /// then succeed with 0 bytes.
    Block(Watch),
}

impl Answer {
    /// `WSPIoctl`'s return value for a resolved answer, setting `*errno` (a `Block` that was not
    /// resolved by its caller is a broken invariant of the caller; it fails with WSAEINVAL).
    pub(crate) fn ret(self, errno: &mut WsaError) -> i32 {
        let e = match self {
            Answer::Done => return 0,
            Answer::Fail(e) => e,
            Answer::Pending => WsaError::WSA_IO_PENDING,
            Answer::Block(_) => WsaError::WSAEINVAL,
        };
        *errno = e;
        crate::spi::SOCKET_ERROR
    }
}

/// What another provider observed of a real socket, mirrored into an emulated socket so that the
/// emulated handlers answer for it (the Linux provider keeps one emulated "shadow" per socket).
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(not(all(target_os = "linux", feature = "linux")), allow(dead_code))]
pub(crate) struct Observed {
    /// The bound local address (`None` when unbound).
    pub(crate) local: Option<SocketAddr>,
    /// The connected peer.
    pub(crate) peer: Option<SocketAddr>,
    /// `listen` was called.
    pub(crate) listening: bool,
    /// Nonblocking mode.
    pub(crate) nonblocking: bool,
}

/// The arguments of one `WSPIoctl` call, as the handlers see them.
pub(crate) struct Call<'a, 'b, 'c> {
    pub(crate) code: ControlCode,
    pub(crate) input: InBuf<'a>,
    pub(crate) output: OutBuf<'b>,
    pub(crate) bytes: &'c mut BytesReturned,
    pub(crate) overlapped: Option<&'c OverlappedIo>,
}

impl EmulatedProvider {
    /// A provider over `host` behaving as `profile`.
    pub fn new(host: Host, profile: Profile) -> Self {
        Self {
            profile,
            inner: Mutex::new(Inner {
                host,
                sockets: BTreeMap::new(),
                waiters: Vec::new(),
                generations: Generations::default(),
                next_ephemeral: EPHEMERAL_FIRST,
                reservations: BTreeMap::new(),
                next_token: 1,
            }),
            cv: Condvar::new(),
            upcalls: OnceLock::new(),
        }
    }

    /// The behaviour profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// A copy of the simulated host as it is now.
    pub fn host(&self) -> Host {
        self.lock().host.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn upcalls(&self) -> Option<&UpcallTable> {
        self.upcalls.get()
    }

    /// Changes the host; completes the change requests the [`Changes`] concern, wakes blocked
    /// callers, and posts `FD_ADDRESS_LIST_CHANGE` / `FD_ROUTING_INTERFACE_CHANGE` to sockets that
    /// armed them with a nonblocking request (spec/000, SIO_ADDRESS_LIST_CHANGE: "the application
    /// can then wait for address list change events via … WSAEventSelect").
    ///
    /// ```
    /// use wsaioctl::emulated::EmulatedProvider;
    /// let p = EmulatedProvider::default();
    /// let changes = p.mutate_host(|h| h.set_link_up(2, false)).unwrap();
    /// assert!(!changes.is_empty());
    /// ```
    pub fn mutate_host(
        &self,
        f: impl FnOnce(&mut Host) -> Result<Changes, HostError>,
    ) -> Result<Changes, HostError> {
        let mut g = self.lock();
        let changes = f(&mut g.host)?;
        if changes.is_empty() {
            return Ok(changes);
        }
        let fired = |w: Watch| match w {
            Watch::Addresses(f) => changes.address_changed(f),
            Watch::Routes(f) => changes.route_changed(f),
            Watch::Backlog => false,
        };
        for f in Family::ALL {
            if changes.address_changed(f) {
                g.generations.addresses[f as usize] += 1;
            }
            if changes.route_changed(f) {
                g.generations.routes[f as usize] += 1;
            }
        }
        let (done, keep): (Vec<Waiter>, Vec<Waiter>) = std::mem::take(&mut g.waiters)
            .into_iter()
            .partition(|w| fired(w.watch));
        g.waiters = keep;
        let mut posts = Vec::new();
        for (&h, sock) in g.sockets.iter_mut() {
            let fam = family_of_kind(sock.kind);
            let mut ev = 0;
            if let Some(f) = fam {
                if sock.armed & crate::api::fd::ADDRESS_LIST_CHANGE != 0
                    && changes.address_changed(f)
                {
                    ev |= crate::api::fd::ADDRESS_LIST_CHANGE;
                }
                if sock.armed & crate::api::fd::ROUTING_INTERFACE_CHANGE != 0
                    && changes.route_changed(f)
                {
                    ev |= crate::api::fd::ROUTING_INTERFACE_CHANGE;
                }
            }
            if ev != 0 {
                sock.armed &= !ev;
                posts.push((h, ev));
            }
        }
        drop(g);
        self.cv.notify_all();
        if let Some(up) = self.upcalls() {
            for w in done {
                let _ = up.complete_overlapped_request(&w.io, WsaError::NO_ERROR, 0, &[]);
            }
            for (h, ev) in posts {
                up.post_network_events(ProviderSocket(h), ev);
            }
        }
        Ok(changes)
    }

    /// Mirrors `o` into emulated socket `s` (no effect for an unknown socket).
    #[cfg_attr(not(all(target_os = "linux", feature = "linux")), allow(dead_code))]
    pub(crate) fn sync_socket(&self, s: u64, o: Observed) {
        let mut g = self.lock();
        if let Some(sock) = g.sockets.get_mut(&s) {
            sock.local = o.local;
            sock.peer = o.peer;
            sock.nonblocking = o.nonblocking;
            sock.conn = if o.listening {
                Conn::Listening
            } else if sock.is_stream() && o.peer.is_some() {
                Conn::Connected
            } else if o.local.is_some() {
                Conn::Bound
            } else {
                Conn::Fresh
            };
        }
    }

    /// The handle of the emulated peer of a connected socket (the accepted end for a client, the
    /// client for an accepted socket).
    pub fn peer_of(&self, s: u64) -> Option<u64> {
        self.lock().sockets.get(&s).and_then(|x| x.peer_handle)
    }

    /// Data arriving on `s` as if its connected peer sent it (`urgent`: the last byte is urgent,
    /// as with `send(…, MSG_OOB)`); for a datagram socket, one datagram. Returns
    /// `WSAENOTSOCK` for an unknown socket, `WSAENOTCONN` for an unconnected stream socket.
    pub fn deliver(&self, s: u64, data: &[u8], urgent: bool) -> Result<(), WsaError> {
        let mut g = self.lock();
        let sock = g.sockets.get_mut(&s).ok_or(WsaError::WSAENOTSOCK)?;
        if sock.is_stream() {
            if sock.conn != Conn::Connected {
                return Err(WsaError::WSAENOTCONN);
            }
            let inline = sock.oobinline;
            sock.rx.push_stream(data, urgent, inline);
        } else {
            let from = sock.peer;
            sock.rx.push_datagram(data, from);
        }
        drop(g);
        self.cv.notify_all();
        if let Some(up) = self.upcalls() {
            let ev = crate::api::fd::READ | if urgent { crate::api::fd::OOB } else { 0 };
            up.post_network_events(ProviderSocket(s), ev);
        }
        Ok(())
    }

    /// As if a Windows Filtering Platform connect-redirect callout had redirected the connection
    /// `s` holds (the accepted end of a redirected connection): its redirect `records` and the
    /// callout's optional redirect `context` become what `SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS`
    /// and `SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT` return (Microsoft's reference pages of
    /// those codes). The emulated host has no WFP callouts of its own, so this is the only way a
    /// connection becomes redirected. Returns `WSAENOTSOCK` for an unknown socket and
    /// `WSAENOTCONN` unless `s` is connected.
    ///
    /// ```
    /// use wsaioctl::emulated::EmulatedProvider;
    /// use wsaioctl::WsaError;
    /// let p = EmulatedProvider::default();
    /// assert_eq!(p.redirect_by_wfp(42, b"rec", None), Err(WsaError::WSAENOTSOCK));
    /// ```
    pub fn redirect_by_wfp(
        &self,
        s: u64,
        records: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), WsaError> {
        let mut g = self.lock();
        let sock = g.sockets.get_mut(&s).ok_or(WsaError::WSAENOTSOCK)?;
        if !sock.is_connected() {
            return Err(WsaError::WSAENOTCONN);
        }
        sock.wfp_redirect = Some((records.to_vec(), context.map(<[u8]>::to_vec)));
        Ok(())
    }

    fn new_handle(&self) -> u64 {
        match self.upcalls() {
            Some(u) => u.create_socket_handle(),
            None => {
                // Used before WSPStartup (a provider driven directly): a private handle space.
                static NEXT: std::sync::atomic::AtomicU64 =
                    std::sync::atomic::AtomicU64::new(0x1_0000);
                NEXT.fetch_add(4, std::sync::atomic::Ordering::Relaxed)
            }
        }
    }

    /// Completes a just-issued overlapped request through the upcall (the "always pends"
    /// behaviour: the result arrives only through the completion).
    pub(crate) fn pend_with(
        &self,
        io: &OverlappedIo,
        error: WsaError,
        bytes: u32,
        out: &[u8],
    ) -> Answer {
        if let Some(up) = self.upcalls() {
            let _ = up.complete_overlapped_request(io, error, bytes, out);
        }
        Answer::Pending
    }

    fn register_waiter(&self, g: &mut Inner, socket: u64, io: &OverlappedIo, watch: Watch) {
        g.waiters.push(Waiter {
            socket,
            io: io.clone(),
            watch,
        });
    }

    fn ephemeral_port(g: &mut Inner, family: u16, ty: i32) -> u16 {
        loop {
            let p = g.next_ephemeral;
            g.next_ephemeral = if p == u16::MAX {
                EPHEMERAL_FIRST
            } else {
                p + 1
            };
            let used = g.sockets.values().any(|s| {
                s.kind.family == family && s.kind.ty == ty && s.local.is_some_and(|l| l.port() == p)
            }) || g
                .reservations
                .values()
                .any(|r| p >= r.start && (p - r.start) < r.count);
            if !used {
                return p;
            }
        }
    }

    fn is_local_addr(g: &Inner, ip: IpAddr) -> bool {
        ip.is_unspecified()
            || ip.is_loopback()
            || g.host
                .interfaces()
                .any(|i| i.addresses().iter().any(|a| a.addr() == ip))
    }

    fn bind_locked(g: &mut Inner, s: u64, addr: SocketAddr) -> Result<(), WsaError> {
        let sock = g.sockets.get(&s).ok_or(WsaError::WSAENOTSOCK)?;
        if sock.local.is_some() {
            return Err(WsaError::WSAEINVAL);
        }
        if !Self::is_local_addr(g, addr.ip()) {
            return Err(WsaError::WSAEADDRNOTAVAIL);
        }
        let (family, ty) = (sock.kind.family, sock.kind.ty);
        let port = if addr.port() == 0 {
            Self::ephemeral_port(g, family, ty)
        } else {
            let clash = g.sockets.values().any(|o| {
                o.kind.family == family
                    && o.kind.ty == ty
                    && o.local.is_some_and(|l| {
                        l.port() == addr.port()
                            && (l.ip() == addr.ip()
                                || l.ip().is_unspecified()
                                || addr.ip().is_unspecified())
                    })
            });
            if clash {
                return Err(WsaError::WSAEADDRINUSE);
            }
            addr.port()
        };
        let sock = g.sockets.get_mut(&s).expect("checked above");
        sock.local = Some(SocketAddr::new(addr.ip(), port));
        if sock.conn == Conn::Fresh {
            sock.conn = Conn::Bound;
        }
        Ok(())
    }

    /// The local address an unbound socket gets when it connects or sends to `dst`.
    fn auto_bind(g: &mut Inner, s: u64, dst: IpAddr) -> Result<(), WsaError> {
        if g.sockets.get(&s).is_some_and(|x| x.local.is_some()) {
            return Ok(());
        }
        let src = if dst.is_loopback() {
            dst
        } else {
            g.host
                .route(dst)
                .map(|r| r.source)
                .ok_or(WsaError::WSAENETUNREACH)?
        };
        Self::bind_locked(g, s, SocketAddr::new(src, 0))
    }

    fn find_bound(g: &Inner, ty: i32, dst: SocketAddr, want_listening: bool) -> Option<u64> {
        g.sockets.iter().find_map(|(&h, o)| {
            let l = o.local?;
            let ok = o.kind.ty == ty
                && l.port() == dst.port()
                && (l.ip() == dst.ip() || l.ip().is_unspecified())
                && l.is_ipv4() == dst.is_ipv4()
                && (!want_listening || o.conn == Conn::Listening);
            ok.then_some(h)
        })
    }

    fn parse_addr(sock: &EmuSocket, bytes: &[u8]) -> Result<SocketAddr, WsaError> {
        let a = SockAddr::parse_lenient(bytes).map_err(|_| WsaError::WSAEFAULT)?;
        if a.family() != sock.kind.family {
            return Err(WsaError::WSAEAFNOSUPPORT);
        }
        a.to_socket_addr().ok_or(WsaError::WSAEAFNOSUPPORT)
    }

    fn connect_locked(&self, g: &mut Inner, s: u64, dst: SocketAddr) -> Result<(), WsaError> {
        let sock = g.sockets.get(&s).ok_or(WsaError::WSAENOTSOCK)?;
        match sock.conn {
            Conn::Connected if sock.is_stream() => return Err(WsaError::WSAEISCONN),
            Conn::Listening => return Err(WsaError::WSAEINVAL),
            _ => {}
        }
        if dst.ip().is_unspecified() || dst.port() == 0 {
            return Err(WsaError::WSAEADDRNOTAVAIL);
        }
        let (ty, kind) = (sock.kind.ty, sock.kind);
        Self::auto_bind(g, s, dst.ip())?;
        if ty != sock_type::STREAM {
            let sock = g.sockets.get_mut(&s).expect("exists");
            sock.peer = Some(dst);
            sock.peer_handle = None;
            return Ok(());
        }
        let listener = Self::find_bound(g, ty, dst, true).ok_or(WsaError::WSAECONNREFUSED)?;
        let accepted = self.new_handle();
        let client_local = g.sockets[&s].local.expect("auto-bound");
        let mut a = EmuSocket::new(kind, self.profile.urgent_data);
        a.conn = Conn::Connected;
        a.local = Some(dst);
        a.peer = Some(client_local);
        a.peer_handle = Some(s);
        a.oobinline = g.sockets[&listener].oobinline;
        g.sockets.insert(accepted, a);
        g.sockets
            .get_mut(&listener)
            .expect("found above")
            .accept_queue
            .push_back(accepted);
        let c = g.sockets.get_mut(&s).expect("exists");
        c.conn = Conn::Connected;
        c.peer = Some(dst);
        c.peer_handle = Some(accepted);
        Ok(())
    }

    fn send_locked(
        &self,
        g: &mut Inner,
        s: u64,
        data: &[u8],
        flags: i32,
        to: Option<SocketAddr>,
    ) -> Result<(usize, Option<(u64, i32)>), WsaError> {
        let sock = g.sockets.get(&s).ok_or(WsaError::WSAENOTSOCK)?;
        if sock.is_stream() {
            let peer = match (sock.conn, sock.peer_handle) {
                (Conn::Connected, Some(p)) => p,
                _ => return Err(WsaError::WSAENOTCONN),
            };
            let p = g.sockets.get_mut(&peer).ok_or(WsaError::WSAECONNRESET)?;
            let urgent = flags & MSG_OOB != 0;
            let inline = p.oobinline;
            p.rx.push_stream(data, urgent, inline);
            let ev = crate::api::fd::READ | if urgent { crate::api::fd::OOB } else { 0 };
            return Ok((data.len(), Some((peer, ev))));
        }
        let dst = match to.or(sock.peer) {
            Some(d) => d,
            None => return Err(WsaError::WSAENOTCONN),
        };
        Self::auto_bind(g, s, dst.ip())?;
        let from = g.sockets[&s].local;
        match Self::find_bound(g, g.sockets[&s].kind.ty, dst, false) {
            Some(r) => {
                g.sockets
                    .get_mut(&r)
                    .expect("found")
                    .rx
                    .push_datagram(data, from);
                Ok((data.len(), Some((r, crate::api::fd::READ))))
            }
            None => {
                // No socket there: an ICMP port unreachable comes back (loopback and local
                // destinations only — others leave the emulated host).
                let local = Self::is_local_addr(g, dst.ip());
                let me = g.sockets.get_mut(&s).expect("exists");
                if local {
                    me.icmp_reset_pending = match self.profile.udp_unreachable {
                        UdpUnreachable::ConnReset if me.udp_connreset => {
                            Some(WsaError::WSAECONNRESET)
                        }
                        UdpUnreachable::LinuxConnRefused if me.peer.is_some() => {
                            Some(WsaError::WSAECONNREFUSED)
                        }
                        _ => me.icmp_reset_pending,
                    };
                }
                Ok((data.len(), None))
            }
        }
    }
}

pub(crate) fn family_of_kind(k: SocketKind) -> Option<Family> {
    match k.family {
        AF_INET => Some(Family::V4),
        AF_INET6 => Some(Family::V6),
        _ => None,
    }
}

/// The unspecified address of a family.
pub(crate) fn unspecified(f: Family) -> IpAddr {
    match f {
        Family::V4 => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        Family::V6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}

impl Provider for EmulatedProvider {
    fn startup(&self, upcalls: UpcallTable) {
        let _ = self.upcalls.set(upcalls);
    }

    fn socket(&self, kind: SocketKind) -> Result<ProviderSocket, WsaError> {
        let family = match kind.family {
            AF_INET => Family::V4,
            AF_INET6 => Family::V6,
            _ => return Err(WsaError::WSAEAFNOSUPPORT),
        };
        let _ = family;
        let protocol = match (kind.ty, kind.protocol) {
            (sock_type::STREAM, 0 | 6) => 6,
            (sock_type::DGRAM, 0 | 17) => 17,
            (sock_type::STREAM | sock_type::DGRAM, _) => return Err(WsaError::WSAEPROTONOSUPPORT),
            (sock_type::RAW, 0) if !self.profile.raw_protocol_zero => {
                return Err(WsaError::WSAEPROTONOSUPPORT);
            }
            (sock_type::RAW, p) if (0..=255).contains(&p) => {
                if !self.profile.administrator {
                    return Err(WsaError::WSAEACCES);
                }
                p
            }
            (sock_type::RAW, _) => return Err(WsaError::WSAEPROTONOSUPPORT),
            _ => return Err(WsaError::WSAESOCKTNOSUPPORT),
        };
        let h = self.new_handle();
        self.lock().sockets.insert(
            h,
            EmuSocket::new(
                SocketKind {
                    family: kind.family,
                    ty: kind.ty,
                    protocol,
                },
                self.profile.urgent_data,
            ),
        );
        Ok(ProviderSocket(h))
    }

    fn close_socket(&self, s: ProviderSocket) -> Result<(), WsaError> {
        let mut g = self.lock();
        let sock = g.sockets.remove(&s.0).ok_or(WsaError::WSAENOTSOCK)?;
        g.waiters.retain(|w| w.socket != s.0);
        g.reservations.retain(|_, r| r.owner != s.0);
        if let Some(p) = sock.peer_handle
            && let Some(peer) = g.sockets.get_mut(&p)
        {
            peer.peer_closed = true;
            peer.peer_handle = None;
        }
        for a in sock.accept_queue {
            g.sockets.remove(&a);
        }
        drop(g);
        self.cv.notify_all();
        Ok(())
    }

    fn socket_op<'a>(
        &self,
        s: ProviderSocket,
        op: SocketOp<'a>,
    ) -> Result<SocketOpResult, WsaError> {
        let mut g = self.lock();
        let sock = g.sockets.get(&s.0).ok_or(WsaError::WSAENOTSOCK)?;
        let r = match op {
            SocketOp::Bind(addr) => {
                let a = Self::parse_addr(sock, addr)?;
                Self::bind_locked(&mut g, s.0, a).map(|_| SocketOpResult::Done)
            }
            SocketOp::Listen(_) => {
                if !sock.is_stream() {
                    return Err(WsaError::WSAEOPNOTSUPP);
                }
                match sock.conn {
                    Conn::Fresh => Err(WsaError::WSAEINVAL),
                    Conn::Connected => Err(WsaError::WSAEISCONN),
                    _ => {
                        g.sockets.get_mut(&s.0).expect("exists").conn = Conn::Listening;
                        Ok(SocketOpResult::Done)
                    }
                }
            }
            SocketOp::Connect(addr) => {
                let a = Self::parse_addr(sock, addr)?;
                self.connect_locked(&mut g, s.0, a)
                    .map(|_| SocketOpResult::Done)
            }
            SocketOp::Send(data, flags) => {
                let (n, post) = self.send_locked(&mut g, s.0, data, flags, None)?;
                drop(g);
                self.after_send(post);
                return Ok(SocketOpResult::Sent(n));
            }
            SocketOp::SendTo(data, flags, addr) => {
                let a = Self::parse_addr(sock, addr)?;
                let (n, post) = self.send_locked(&mut g, s.0, data, flags, Some(a))?;
                drop(g);
                self.after_send(post);
                return Ok(SocketOpResult::Sent(n));
            }
            SocketOp::SetSockOpt(level, name, value) => {
                let v = value
                    .get(..4)
                    .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .or_else(|| value.first().map(|&b| b as i32))
                    .ok_or(WsaError::WSAEFAULT)?;
                let sock = g.sockets.get_mut(&s.0).expect("exists");
                match (level, name) {
                    (SOL_SOCKET, SO_OOBINLINE) => {
                        let on = v != 0;
                        if on && !sock.oobinline {
                            sock.rx.inline_held();
                        }
                        sock.oobinline = on;
                    }
                    (SOL_SOCKET, SO_KEEPALIVE) => {
                        let mut ka = sock.keepalive.unwrap_or_default();
                        ka.onoff = u32::from(v != 0);
                        sock.keepalive = Some(ka);
                    }
                    (IPPROTO_IP, IP_MULTICAST_TTL) => sock.multicast_ttl = v as u32,
                    (IPPROTO_IP, IP_MULTICAST_LOOP) => sock.multicast_loop = v != 0,
                    _ => return Err(WsaError::WSAENOPROTOOPT),
                }
                Ok(SocketOpResult::Done)
            }
            SocketOp::Shutdown(_) => Ok(SocketOpResult::Done),
            SocketOp::Select(mask) => {
                if mask != 0 {
                    g.sockets.get_mut(&s.0).expect("exists").nonblocking = true;
                }
                Ok(SocketOpResult::Done)
            }
        };
        drop(g);
        self.cv.notify_all();
        r
    }

    fn accept(&self, s: ProviderSocket) -> Result<(ProviderSocket, SocketKind), WsaError> {
        let mut g = self.lock();
        loop {
            let sock = g.sockets.get_mut(&s.0).ok_or(WsaError::WSAENOTSOCK)?;
            if sock.conn != Conn::Listening {
                return Err(WsaError::WSAEINVAL);
            }
            if let Some(a) = sock.accept_queue.pop_front() {
                let kind = sock.kind;
                return Ok((ProviderSocket(a), kind));
            }
            if sock.nonblocking {
                return Err(WsaError::WSAEWOULDBLOCK);
            }
            g = self.cv.wait(g).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn recv(&self, s: ProviderSocket, buf: &mut [u8], flags: i32) -> Result<usize, WsaError> {
        let mut g = self.lock();
        loop {
            let sock = g.sockets.get_mut(&s.0).ok_or(WsaError::WSAEINTR)?;
            if sock.is_stream() {
                if sock.conn != Conn::Connected && !sock.peer_closed {
                    return Err(WsaError::WSAENOTCONN);
                }
                if flags & MSG_OOB != 0 {
                    if sock.oobinline {
                        return Err(WsaError::WSAEINVAL);
                    }
                    match sock.rx.read_oob(flags & MSG_PEEK != 0) {
                        Ok(b) => {
                            if let Some(first) = buf.first_mut() {
                                *first = b;
                            }
                            return Ok(1);
                        }
                        // Linux tcp_recv_urg (the wine profile's model): EINVAL, never blocks.
                        Err(socket::NoOob::Invalid) => return Err(WsaError::WSAEINVAL),
                        Err(socket::NoOob::Wait) => {}
                    }
                } else if sock.rx.stream_len() > 0 {
                    let oobinline = sock.oobinline;
                    let data = sock
                        .rx
                        .read_stream(buf.len(), oobinline, flags & MSG_PEEK != 0);
                    // Empty with a non-empty buffer: the Linux model skipped an urgent byte that
                    // was all there was (tcp_recvmsg then waits for more).
                    if !data.is_empty() || buf.is_empty() {
                        buf[..data.len()].copy_from_slice(&data);
                        return Ok(data.len());
                    }
                    if sock.peer_closed {
                        return Ok(0);
                    }
                } else if sock.peer_closed {
                    return Ok(0);
                }
            } else {
                if let Some(e) = sock.icmp_reset_pending.take() {
                    return Err(e);
                }
                if let Some(d) = sock.rx.read_datagram(buf.len()) {
                    buf[..d.len()].copy_from_slice(&d);
                    return Ok(d.len());
                }
            }
            if sock.nonblocking {
                return Err(WsaError::WSAEWOULDBLOCK);
            }
            g = self.cv.wait(g).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn ioctl<'a, 'b, 'c>(
        &self,
        s: ProviderSocket,
        code: ControlCode,
        input: InBuf<'a>,
        output: OutBuf<'b>,
        bytes_returned: &mut BytesReturned,
        overlapped: Option<&'c OverlappedIo>,
        _thread: ThreadId,
        errno: &mut WsaError,
    ) -> i32 {
        let mut call = Call {
            code,
            input,
            output,
            bytes: bytes_returned,
            overlapped,
        };
        let mut g = self.lock();
        let answer = match g.sockets.contains_key(&s.0) {
            false => Answer::Fail(WsaError::WSAENOTSOCK),
            true => self.handle(&mut g, s.0, &mut call),
        };
        let answer = match answer {
            Answer::Block(watch) => {
                let start = g.generations.of(watch);
                loop {
                    if !g.sockets.contains_key(&s.0) {
                        // closesocket from another thread ended the blocking call.
                        break Answer::Fail(WsaError::WSAEINTR);
                    }
                    if g.generations.of(watch) != start {
                        call.bytes.set(0);
                        break Answer::Done;
                    }
                    g = self.cv.wait(g).unwrap_or_else(|p| p.into_inner());
                }
            }
            other => other,
        };
        drop(g);
        answer.ret(errno)
    }

    fn cancelled(&self, io: &OverlappedIo) {
        self.lock().waiters.retain(|w| w.io.id != io.id);
    }
}

impl EmulatedProvider {
    fn after_send(&self, post: Option<(u64, i32)>) {
        self.cv.notify_all();
        if let (Some((h, ev)), Some(up)) = (post, self.upcalls()) {
            up.post_network_events(ProviderSocket(h), ev);
        }
    }
}
