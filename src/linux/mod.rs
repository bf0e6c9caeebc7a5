//! The Linux provider: real Linux sockets answering `WSAIoctl` as the Windows TCP/IP provider
//! would.
//!
//! [`LinuxProvider`] implements [`crate::spi::Provider`]; put the same API layer
//! ([`crate::ws2::Ws2`]) and overlapped engine above it as above the emulated stack:
//!
//! ```no_run
//! use std::sync::Arc;
//! use wsaioctl::api::{Completion, Winsock};
//! use wsaioctl::ioctl::SIO_GET_INTERFACE_LIST;
//! use wsaioctl::linux::LinuxProvider;
//! use wsaioctl::wire::{Arch, Repr, interface_info::InterfaceList};
//! use wsaioctl::ws2::Ws2;
//!
//! let ws2 = Ws2::new(Arc::new(LinuxProvider::new()?));
//! let s = ws2.socket(2, 2, 17).unwrap(); // a real AF_INET UDP socket
//! let mut out = vec![0u8; 4096];
//! let r = ws2.wsa_ioctl(s, SIO_GET_INTERFACE_LIST, None, Some(&mut out), Completion::None);
//! let n = r.bytes_returned().unwrap() as usize;
//! println!("{:#?}", InterfaceList::parse(&out[..n], Arch::X64));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # How it is built
//!
//! Every socket is a real socket (socket2) **and** an emulated "shadow" socket of an inner
//! [`EmulatedProvider`] with the same handle (both come from
//! [`Upcalls::create_socket_handle`](crate::spi::Upcalls::create_socket_handle)). A behaviour
//! lives in one place (DESIGN.md): the Windows rules — argument checks, output sizing, what
//! `*lpcbBytesReturned` holds, the overlapped behaviour of each code — are the emulated
//! provider's; this module supplies what only the kernel knows. Three patterns:
//!
//! * **translated** — the value comes from Linux, the rules from the emulated handler it shares
//!   (`FIONREAD`: `ioctl(FIONREAD)` then the emulated output rule);
//! * **checked, then applied** — the shadow answers first (all Windows checks, the value
//!   recorded), and only if it succeeded is the Linux option set (`SIO_KEEPALIVE_VALS` →
//!   `setsockopt`);
//! * **emulated answer** — codes with no Linux counterpart get exactly the emulated provider's
//!   answer, after the shadow was brought up to date with the real socket's state (bound,
//!   listening, connected, nonblocking). Never a silent success.
//!
//! The provider's netlink sockets are opened when it is created, so they — and the one shared
//! change-listener thread, started at the first `*_CHANGE` request — belong to the network
//! namespace of the thread that created the provider (namespaces are per thread). Sockets from
//! [`Provider::socket`] belong to the namespace of the calling thread, as any Linux socket.
//!
//! # Translations
//!
//! Status: **T** translated (Linux mechanism), **C** Windows checks then a Linux option,
//! **E** the emulated provider's answer (no Linux counterpart), **U** unsupported as on Windows.
//! `docs/linux-translations.md` has the same table with every known difference spelled out.
//!
//! | code | | Linux mechanism | known differences from Windows |
//! |---|---|---|---|
//! | FIONBIO | C | `ioctl(FIONBIO)` (O_NONBLOCK); the WSAEventSelect rule is the API layer's | — |
//! | FIONREAD | T | stream: `ioctl(FIONREAD)` (SIOCINQ already stops at the urgent mark, so an unread urgent byte is not counted); listening → 0 (Linux: EINVAL); the "hole" Linux keeps after an `MSG_OOB` read is passed as soon as the read pointer reaches it. Datagram: profile `TotalBytes` walks the queue with `MSG_PEEK\|MSG_TRUNC` under `SO_PEEK_OFF`; `FirstDatagram` is SIOCINQ | normal data after a still-unread urgent byte is not counted; a second urgent byte makes the first normal data |
//! | SIOCATMARK | T | Windows polarity (TRUE = no urgent data pending): `recv(MSG_OOB\|MSG_PEEK)` probes; with SO_OOBINLINE: TRUE (`InlineOnly`: `ioctl(SIOCATMARK)` inverted) | an urgent byte held out of band when SO_OOBINLINE is then turned on stays out of band |
//! | SIO_ADDRESS_LIST_QUERY | T | `RTM_GETLINK` + `RTM_GETADDR` dumps → [`Host`] → the emulated rules (loopback, tentative, down links excluded) | — |
//! | SIO_GET_INTERFACE_LIST | T | the same dumps (IPv4); Linux IFF_* → Windows IFF_*; broadcast 255.255.255.255 | Linux's `lo` has no IFF_MULTICAST |
//! | SIO_GET_INTERFACE_LIST_EX | U | WSAEOPNOTSUPP / pending then STATUS_NOT_SUPPORTED, as Windows | — |
//! | SIO_ROUTING_INTERFACE_QUERY | T | one `RTM_GETROUTE` (what `ip route get` sends; IPv6 scope id → RTA_OIF); no route → WSAENETUNREACH | the kernel's policy routing decides |
//! | SIO_ADDRESS_LIST_CHANGE, SIO_ROUTING_INTERFACE_CHANGE | T | one shared listener thread on RTNLGRP_LINK / IPV4_IFADDR / IPV6_IFADDR / IPV4_ROUTE / IPV6_ROUTE; an address notification fires only when the family's bindable-address view changed, a route one (main tables, not local/cached) its family's routes; blocking waits, nonblocking WSAEWOULDBLOCK (+ FD_*_CHANGE armed), overlapped pends; close → 995 | route notifications of policy tables count too; a link change fires both families' routes |
//! | SIO_KEEPALIVE_VALS | C | SO_KEEPALIVE + TCP_KEEPIDLE / TCP_KEEPINTVL: milliseconds rounded **up** to whole seconds, 1 ..= 32767 s ([`keepalive_secs`]) | second resolution; TCP_KEEPCNT stays Linux's |
//! | SIO_MULTICAST_SCOPE | C | IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS | — |
//! | SIO_MULTIPOINT_LOOPBACK | C | IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP | Linux's meaning is spec/002/003's (local listeners), not spec/000's |
//! | SIO_UDP_CONNRESET, SIO_UDP_NETRESET | C | recorded; UDP sockets get IP_RECVERR and [`Provider::recv`] reads the error queue: port unreachable → WSAECONNRESET, time exceeded → WSAENETRESET when enabled, else dropped | other ICMP errors are dropped |
//! | SIO_TCP_INFO | T | `getsockopt(TCP_INFO)` → TCP_INFO_v0/_v1 (mapping in the `tcp` module) | fields Linux does not keep are 0 |
//! | SIO_IDEAL_SEND_BACKLOG_QUERY | T | `TCP_INFO`: min(cwnd × mss, snd_wnd) rounded up to 64 KiB, at least 64 KiB | Windows' formula is not public |
//! | SIO_IDEAL_SEND_BACKLOG_CHANGE | E | pends / blocks until close | no Linux notification |
//! | SIO_QUERY_RSS_SCALABILITY_INFO | T | more than one receive queue (sysfs `queues/rx-*`, else IFLA_NUM_RX_QUEUES) | — |
//! | SIO_RCVALL, SIO_RCVALL_IF | C | AF_PACKET capture (ETH_P_ALL + a BPF protocol filter: both directions) on the bound address's interface; [`Provider::recv`] returns its IP packets; CAP_NET_RAW (WSAEACCES without) | a raw socket with protocol 0 is IPPROTO_RAW on Linux; no promiscuous mode |
//! | SIO_RCVALL_MCAST, SIO_RCVALL_IGMPMCAST, SIO_RCVALL_MCAST_IF | E | checked and recorded, nothing captured | — |
//! | SIO_GET_BROADCAST_ADDRESS | E | 255.255.255.255 | — |
//! | SIO_BASE_HANDLE, SIO_BSP_HANDLE* | E | the socket's own handle | — |
//! | SIO_GET_EXTENSION_FUNCTION_POINTER | E | the emulated stand-in addresses | no function behind them |
//! | every other catalog code, unknown codes | E | the emulated provider's answer | values are recorded, not applied |
//!
//! Linux errors map through [`WsaError::from_errno`]; in addition a nonblocking `connect`'s
//! EINPROGRESS is WSAEWOULDBLOCK (what Windows answers), and a call interrupted by
//! `closesocket` from another thread is WSAEINTR.
//!
//! Only `FD_ADDRESS_LIST_CHANGE` and `FD_ROUTING_INTERFACE_CHANGE` are posted for
//! `WSAEventSelect`; readiness events (`FD_READ`, …) of real sockets are not.

mod host;
mod netlink;
pub mod query;
pub(crate) mod sys;
mod tcp;

use std::collections::BTreeMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixDatagram;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::Instant;

use socket2::{Domain, SockAddr as LinuxSockAddr, Socket, Type};

use crate::code::ControlCode;
use crate::emulated::codes::ChangeKind;
use crate::emulated::host::{Changes, Family, Host};
use crate::emulated::{Answer, Call, EmulatedProvider, Observed, Watch, family_of_kind};
use crate::error::WsaError;
use crate::ioctl::*;
use crate::profile::{FionreadDatagram, Profile, SiocatmarkRule};
use crate::spi::{
    BytesReturned, InBuf, OutBuf, OverlappedIo, Provider, ProviderSocket, SOCKET_ERROR, SocketKind,
    SocketOp, SocketOpResult, ThreadId, UpcallTable, protocol, sock_type,
};
use crate::wire::Arch;
use crate::wire::Repr;
use crate::wire::keepalive::TcpKeepalive;
use crate::wire::rcvall::RcvallIf;
use crate::wire::sockaddr::{AF_INET, AF_INET6, SockAddr};
use netlink::{Listener, Rtnl};

/// Windows `MSG_OOB`, `MSG_PEEK`, `MSG_DONTROUTE`, `MSG_WAITALL` (winsock2.h).
const WIN_MSG_OOB: i32 = 0x1;
const WIN_MSG_PEEK: i32 = 0x2;
const WIN_MSG_DONTROUTE: i32 = 0x4;
const WIN_MSG_WAITALL: i32 = 0x8;

/// The kernel limit of TCP_KEEPIDLE / TCP_KEEPINTVL (`MAX_TCP_KEEPIDLE`, include/net/tcp.h).
const MAX_KEEPALIVE_SECS: u32 = 32767;

/// Milliseconds of `tcp_keepalive` → whole seconds for TCP_KEEPIDLE / TCP_KEEPINTVL: rounded
/// up (a probe never comes earlier than asked), at least 1 (Linux rejects 0), at most 32767.
pub fn keepalive_secs(ms: u32) -> u32 {
    ms.div_ceil(1000).clamp(1, MAX_KEEPALIVE_SECS)
}

/// One real socket.
#[derive(Debug)]
struct LinuxSocket {
    fd: Socket,
    /// Windows numbering, protocol resolved.
    kind: SocketKind,
    nonblocking: AtomicBool,
    closed: AtomicBool,
    udp_connreset: AtomicBool,
    udp_netreset: AtomicBool,
    /// A send consumed the socket error of a queued ICMP report; the next receive reads the
    /// error queue.
    icmp_pending: AtomicBool,
    /// SIO_RCVALL's capture socket.
    capture: Mutex<Option<OwnedFd>>,
    /// When the provider saw the connection established (SIO_TCP_INFO's ConnectionTimeMs).
    established: Mutex<Option<Instant>>,
    /// An urgent byte was read with MSG_OOB and the kernel still has its place in the stream
    /// (the "hole" a normal read skips): see [`LinuxProvider::pass_hole`].
    hole_pending: AtomicBool,
    /// Bytes read from the kernel while passing the hole, owed to the application.
    stash: Mutex<Vec<u8>>,
}

impl LinuxSocket {
    fn new(fd: Socket, kind: SocketKind, nonblocking: bool) -> Self {
        Self {
            fd,
            kind,
            nonblocking: AtomicBool::new(nonblocking),
            closed: AtomicBool::new(false),
            udp_connreset: AtomicBool::new(true),
            udp_netreset: AtomicBool::new(true),
            icmp_pending: AtomicBool::new(false),
            capture: Mutex::new(None),
            established: Mutex::new(None),
            hole_pending: AtomicBool::new(false),
            stash: Mutex::new(Vec::new()),
        }
    }

    fn is_stream(&self) -> bool {
        self.kind.ty == sock_type::STREAM
    }

    fn is_udp(&self) -> bool {
        self.kind.ty == sock_type::DGRAM
    }

    fn ipv6(&self) -> bool {
        self.kind.family == AF_INET6
    }

    /// The bound address (`None` when unbound: the wildcard with port 0, or any wildcard on a
    /// raw socket, whose "port" is its protocol).
    fn local(&self) -> Option<SocketAddr> {
        let a = self.fd.local_addr().ok()?.as_socket()?;
        let unbound = a.ip().is_unspecified() && (a.port() == 0 || self.kind.ty == sock_type::RAW);
        (!unbound).then_some(a)
    }

    fn peer(&self) -> Option<SocketAddr> {
        self.fd.peer_addr().ok()?.as_socket()
    }

    fn observe(&self) -> Observed {
        Observed {
            local: self.local(),
            peer: self.peer(),
            listening: self.is_stream() && self.fd.is_listener().unwrap_or(false),
            nonblocking: self.nonblocking.load(Ordering::Relaxed),
        }
    }

    fn mark_established(&self) {
        *lock(&self.established) = Some(Instant::now());
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn wsa(e: &io::Error) -> WsaError {
    WsaError::from_io(e)
}

/// A pending overlapped change request.
#[derive(Debug)]
struct Waiter {
    socket: u64,
    io: OverlappedIo,
    watch: Watch,
}

/// Generations of the four notification kinds, waiters, armed `FD_*` bits.
#[derive(Debug, Default)]
struct WatchState {
    generations: [u64; 4],
    waiters: Vec<Waiter>,
    /// socket → (FD_* bits armed, the socket's family).
    armed: BTreeMap<u64, (i32, Family)>,
}

fn slot(w: Watch) -> usize {
    match w {
        Watch::Addresses(f) => f as usize,
        Watch::Routes(f) => 2 + f as usize,
        Watch::Backlog => 0,
    }
}

fn fired(changes: Changes, w: Watch) -> bool {
    match w {
        Watch::Addresses(f) => changes.address_changed(f),
        Watch::Routes(f) => changes.route_changed(f),
        Watch::Backlog => false,
    }
}

/// Per family (V4, V6): (interface, address, prefix length, deprecated) of each bindable address.
type AddressView = [std::collections::BTreeSet<(u32, IpAddr, u8, bool)>; 2];

/// State shared with the listener thread.
#[derive(Debug)]
struct Shared {
    shadow: EmulatedProvider,
    sockets: Mutex<BTreeMap<u64, Arc<LinuxSocket>>>,
    rtnl: Mutex<Rtnl>,
    watch: Mutex<WatchState>,
    cv: Condvar,
    upcalls: OnceLock<UpcallTable>,
    listener_dead: AtomicBool,
    /// /sys/class/net describes the provider's namespace (see `host::sysfs_is_ours`).
    sysfs: bool,
}

impl Shared {
    /// Applies kernel notifications: completes the pending change requests they concern, wakes
    /// blocked callers, posts armed `FD_*_CHANGE` events.
    fn fire(&self, changes: Changes) {
        let mut w = lock(&self.watch);
        for (i, f) in Family::ALL.into_iter().enumerate() {
            if changes.address_changed(f) {
                w.generations[i] += 1;
            }
            if changes.route_changed(f) {
                w.generations[2 + i] += 1;
            }
        }
        let (done, keep): (Vec<Waiter>, Vec<Waiter>) = std::mem::take(&mut w.waiters)
            .into_iter()
            .partition(|x| fired(changes, x.watch));
        w.waiters = keep;
        let mut posts = Vec::new();
        w.armed.retain(|&s, (bits, f)| {
            let mut ev = 0;
            if *bits & crate::api::fd::ADDRESS_LIST_CHANGE != 0 && changes.address_changed(*f) {
                ev |= crate::api::fd::ADDRESS_LIST_CHANGE;
            }
            if *bits & crate::api::fd::ROUTING_INTERFACE_CHANGE != 0 && changes.route_changed(*f) {
                ev |= crate::api::fd::ROUTING_INTERFACE_CHANGE;
            }
            if ev != 0 {
                posts.push((s, ev));
                *bits &= !ev;
            }
            *bits != 0
        });
        drop(w);
        self.cv.notify_all();
        if let Some(up) = self.upcalls.get() {
            for x in done {
                let _ = up.complete_overlapped_request(&x.io, WsaError::NO_ERROR, 0, &[]);
            }
            for (s, ev) in posts {
                up.post_network_events(ProviderSocket(s), ev);
            }
        }
    }

    /// What the change notifications compare: per family, the bindable addresses (on links that
    /// are up) with their prefix length and usability flags.
    /// Only the families flagged in `which` are read (the others are left empty).
    fn address_view(&self, which: [bool; 2]) -> io::Result<AddressView> {
        let family = match which {
            [true, false] => Some(Family::V4),
            [false, true] => Some(Family::V6),
            _ => None,
        };
        let host = self.read_addresses(family)?;
        let view = |f: Family| {
            host.bindable_addresses(f)
                .map(|(i, a)| (i.index(), a.addr(), a.prefix_len(), a.deprecated()))
                .collect()
        };
        Ok([view(Family::V4), view(Family::V6)])
    }

    /// Reads the links and addresses of `family` (both when `None`) into a host.
    fn read_addresses(&self, family: Option<Family>) -> io::Result<Host> {
        let mut r = lock(&self.rtnl);
        let links = r.links()?;
        let addrs = r.addresses(family)?;
        drop(r);
        Ok(host::build(&links, &addrs, &[], None))
    }
}

#[derive(Debug)]
enum ListenerSlot {
    Idle(Listener),
    Running {
        wake: UnixDatagram,
        thread: Option<JoinHandle<()>>,
    },
    Failed,
}

/// The Linux provider (see the module docs).
#[derive(Debug)]
pub struct LinuxProvider {
    shared: Arc<Shared>,
    listener: Mutex<ListenerSlot>,
}

impl LinuxProvider {
    /// A provider behaving as current Windows (the default [`Profile`]), in the calling
    /// thread's network namespace. `administrator` (raw sockets, SIO_RCVALL) follows
    /// `CAP_NET_RAW`.
    ///
    /// Errors: the netlink sockets cannot be opened.
    pub fn new() -> io::Result<Self> {
        Self::with_profile(Profile::default())
    }

    /// A provider behaving as `profile` (its `administrator` is further limited by
    /// `CAP_NET_RAW`).
    pub fn with_profile(mut profile: Profile) -> io::Result<Self> {
        profile.administrator &= sys::has_cap_net_raw();
        let rtnl = Rtnl::open()?;
        let listener = Listener::open()?;
        Ok(Self {
            shared: Arc::new(Shared {
                shadow: EmulatedProvider::new(Host::empty(), profile),
                sockets: Mutex::new(BTreeMap::new()),
                rtnl: Mutex::new(rtnl),
                watch: Mutex::new(WatchState::default()),
                cv: Condvar::new(),
                upcalls: OnceLock::new(),
                listener_dead: AtomicBool::new(false),
                sysfs: host::sysfs_is_ours(),
            }),
            listener: Mutex::new(ListenerSlot::Idle(listener)),
        })
    }

    /// The behaviour profile.
    pub fn profile(&self) -> &Profile {
        self.shared.shadow.profile()
    }

    /// This host's interfaces, addresses and main-table routes as an emulated [`Host`] (read
    /// through the provider's netlink socket, in its namespace). See [`read_host`].
    pub fn host(&self) -> io::Result<Host> {
        let mut r = lock(&self.shared.rtnl);
        let links = r.links()?;
        let addrs = r.addresses(None)?;
        let routes = r.routes()?;
        Ok(host::build(
            &links,
            &addrs,
            &routes,
            Some(self.shared.sysfs),
        ))
    }

    /// Wraps a socket the caller already has (`WSPSocket` for an existing descriptor): the
    /// provider owns `fd` from now on and answers for it as for its own sockets. `kind` says
    /// what it is (Windows numbering; it is not checked against the descriptor). UDP sockets
    /// get IP_RECVERR / IPV6_RECVERR turned on (the SIO_UDP_CONNRESET machinery); IPv6 sockets
    /// keep their IPV6_V6ONLY setting.
    ///
    /// To use the socket through [`crate::ws2::Ws2`], see [`LinuxProvider::adopt_into`].
    pub fn adopt(&self, fd: OwnedFd, kind: SocketKind) -> Result<ProviderSocket, WsaError> {
        let h = self.shared.shadow.socket(kind)?;
        let kind = resolved(kind);
        let fd = Socket::from(fd);
        let nonblocking = fd.nonblocking().unwrap_or(false);
        let sock = LinuxSocket::new(fd, kind, nonblocking);
        if sock.is_udp()
            && let Err(e) = set_recverr(&sock)
        {
            let _ = self.shared.shadow.close_socket(h);
            return Err(wsa(&e));
        }
        if sock.peer().is_some() {
            sock.mark_established();
        }
        lock(&self.shared.sockets).insert(h.0, Arc::new(sock));
        Ok(h)
    }

    /// Adopts `fd` (as [`LinuxProvider::adopt`]) and enters it in `ws2`'s socket table, so the
    /// application can use it as a `SOCKET` (`WSASocket` with `WSA_FLAG_OVERLAPPED`). `self`
    /// must be the provider under `ws2`.
    pub fn adopt_into(
        self: &Arc<Self>,
        ws2: &crate::ws2::Ws2,
        fd: OwnedFd,
        kind: SocketKind,
    ) -> Result<crate::api::Socket, WsaError> {
        use crate::api::Winsock;
        ADOPTING.with(|a| *a.borrow_mut() = Some((fd, kind)));
        let r = ws2.wsa_socket(
            kind.family,
            kind.ty,
            kind.protocol,
            crate::api::WSA_FLAG_OVERLAPPED,
        );
        ADOPTING.with(|a| a.borrow_mut().take());
        r
    }

    fn get(&self, s: ProviderSocket) -> Option<Arc<LinuxSocket>> {
        lock(&self.shared.sockets).get(&s.0).cloned()
    }

    /// A duplicate of the descriptor behind provider socket `s` (`dup(2)`): for inspecting the
    /// real socket (`getsockopt`) beside the provider. `None` for an unknown socket.
    pub fn try_clone_fd(&self, s: ProviderSocket) -> Option<io::Result<OwnedFd>> {
        self.get(s).map(|sock| sock.fd.as_fd().try_clone_to_owned())
    }

    /// Starts the change listener (once): joins the groups in the calling thread, so a change
    /// after this call is seen, then spawns the thread that reads them.
    fn ensure_listener(&self) -> Result<(), WsaError> {
        let mut slot = lock(&self.listener);
        match &*slot {
            ListenerSlot::Running { .. } => {
                return if self.shared.listener_dead.load(Ordering::Relaxed) {
                    Err(WsaError::WSAENETDOWN)
                } else {
                    Ok(())
                };
            }
            ListenerSlot::Failed => return Err(WsaError::WSAENETDOWN),
            ListenerSlot::Idle(_) => {}
        }
        let ListenerSlot::Idle(l) = std::mem::replace(&mut *slot, ListenerSlot::Failed) else {
            unreachable!("matched above");
        };
        let (wake_rx, wake_tx) = UnixDatagram::pair().map_err(|e| wsa(&e))?;
        l.join().map_err(|_| WsaError::WSAENETDOWN)?;
        // The view the first notifications are compared with, read after joining: a change
        // from now on either shows in it or is notified after it.
        let view = self.shared.address_view([true; 2]).map_err(|e| wsa(&e))?;
        let shared = self.shared.clone();
        let thread = std::thread::Builder::new()
            .name("wsaioctl-netlink".into())
            .spawn(move || listen(shared, l, wake_rx, view))
            .map_err(|_| WsaError::WSAENOBUFS)?;
        *slot = ListenerSlot::Running {
            wake: wake_tx,
            thread: Some(thread),
        };
        Ok(())
    }
}

thread_local! {
    /// A descriptor [`LinuxProvider::adopt_into`] hands to the next `Provider::socket` call of
    /// this thread.
    static ADOPTING: std::cell::RefCell<Option<(OwnedFd, SocketKind)>> =
        const { std::cell::RefCell::new(None) };
}

impl Drop for LinuxProvider {
    fn drop(&mut self) {
        let mut slot = lock(&self.listener);
        if let ListenerSlot::Running { wake, thread } = &mut *slot {
            let _ = wake.send(&[1]);
            if let Some(t) = thread.take() {
                let _ = t.join();
            }
        }
    }
}

/// The listener thread: reads notifications until the provider is dropped.
fn listen(shared: Arc<Shared>, mut l: Listener, wake: UnixDatagram, mut view: AddressView) {
    while let Ok(ready) = sys::poll_readable(&[l.fd(), wake.as_fd()], -1) {
        if ready[1] {
            return;
        }
        if !ready[0] {
            continue;
        }
        let mut changes = Changes::NONE;
        let mut addresses = [false; 2];
        loop {
            match l.read() {
                Ok(n) => {
                    changes |= n.changes;
                    addresses[0] |= n.addresses[0];
                    addresses[1] |= n.addresses[1];
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(_) => {
                    shared.listener_dead.store(true, Ordering::Relaxed);
                    shared.fire(netlink::ALL_CHANGES);
                    return;
                }
            }
        }
        if addresses.contains(&true) {
            match shared.address_view(addresses) {
                Ok(now) => {
                    for (i, f) in Family::ALL.into_iter().enumerate() {
                        if addresses[i] && now[i] != view[i] {
                            changes |= Changes::address(f) | Changes::route(f);
                            view[i] = now[i].clone();
                        }
                    }
                }
                Err(_) => changes |= netlink::ALL_CHANGES,
            }
        }
        if !changes.is_empty() {
            shared.fire(changes);
        }
    }
    shared.listener_dead.store(true, Ordering::Relaxed);
}

/// The protocol a `socket(af, type, 0)` gets (as the emulated provider resolves it).
fn resolved(kind: SocketKind) -> SocketKind {
    let protocol = match (kind.ty, kind.protocol) {
        (sock_type::STREAM, 0) => protocol::TCP,
        (sock_type::DGRAM, 0) => protocol::UDP,
        (_, p) => p,
    };
    SocketKind { protocol, ..kind }
}

fn set_recverr(sock: &LinuxSocket) -> io::Result<()> {
    if sock.ipv6() {
        sys::set_int(sock.fd.as_fd(), libc::SOL_IPV6, libc::IPV6_RECVERR, 1)
    } else {
        sys::set_int(sock.fd.as_fd(), libc::SOL_IP, libc::IP_RECVERR, 1)
    }
}

/// Creates the real socket for `kind` (Windows numbering, protocol resolved).
fn open_real(kind: SocketKind) -> Result<LinuxSocket, WsaError> {
    let domain = match kind.family {
        AF_INET => Domain::IPV4,
        AF_INET6 => Domain::IPV6,
        _ => return Err(WsaError::WSAEAFNOSUPPORT),
    };
    let (ty, proto) = match kind.ty {
        sock_type::STREAM => (Type::STREAM, kind.protocol),
        sock_type::DGRAM => (Type::DGRAM, kind.protocol),
        // Windows' SOCK_RAW/IPPROTO_IP (the SIO_RCVALL socket) has no Linux equivalent:
        // IPPROTO_RAW (send-only) stands in; capture comes from SIO_RCVALL's packet socket.
        sock_type::RAW if kind.protocol == 0 => (Type::RAW, libc::IPPROTO_RAW),
        sock_type::RAW => (Type::RAW, kind.protocol),
        _ => return Err(WsaError::WSAESOCKTNOSUPPORT),
    };
    let fd = Socket::new(domain, ty, Some(socket2::Protocol::from(proto))).map_err(|e| wsa(&e))?;
    let sock = LinuxSocket::new(fd, kind, false);
    if sock.ipv6() && kind.ty != sock_type::RAW {
        // Windows' default for IPV6_V6ONLY is TRUE; Linux's follows net.ipv6.bindv6only. (Linux
        // refuses the option on a raw socket with a protocol, EINVAL; raw sockets carry no
        // IPv4-mapped traffic anyway.)
        sock.fd.set_only_v6(true).map_err(|e| wsa(&e))?;
    }
    if sock.is_udp() {
        set_recverr(&sock).map_err(|e| wsa(&e))?;
    }
    Ok(sock)
}

/// A Windows SOCKADDR → a socket address of the socket's family (emulated rules: unparsable
/// WSAEFAULT, another family WSAEAFNOSUPPORT).
fn parse_addr(sock: &LinuxSocket, bytes: &[u8]) -> Result<SocketAddr, WsaError> {
    let a = SockAddr::parse_lenient(bytes).map_err(|_| WsaError::WSAEFAULT)?;
    if a.family() != sock.kind.family {
        return Err(WsaError::WSAEAFNOSUPPORT);
    }
    a.to_socket_addr().ok_or(WsaError::WSAEAFNOSUPPORT)
}

/// Windows `(level, optname)` → Linux, for the options the crate models.
fn sockopt(level: i32, name: i32) -> Option<(i32, i32)> {
    Some(match (level, name) {
        (0xffff, 0x0004) => (libc::SOL_SOCKET, libc::SO_REUSEADDR),
        (0xffff, 0x0008) => (libc::SOL_SOCKET, libc::SO_KEEPALIVE),
        (0xffff, 0x0010) => (libc::SOL_SOCKET, libc::SO_DONTROUTE),
        (0xffff, 0x0020) => (libc::SOL_SOCKET, libc::SO_BROADCAST),
        (0xffff, 0x0100) => (libc::SOL_SOCKET, libc::SO_OOBINLINE),
        (0xffff, 0x1001) => (libc::SOL_SOCKET, libc::SO_SNDBUF),
        (0xffff, 0x1002) => (libc::SOL_SOCKET, libc::SO_RCVBUF),
        (6, 0x0001) => (libc::IPPROTO_TCP, libc::TCP_NODELAY),
        (0, 3) => (libc::IPPROTO_IP, libc::IP_TOS),
        (0, 4) => (libc::IPPROTO_IP, libc::IP_TTL),
        (0, 10) => (libc::IPPROTO_IP, libc::IP_MULTICAST_TTL),
        (0, 11) => (libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP),
        (41, 4) => (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS),
        (41, 10) => (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS),
        (41, 11) => (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP),
        (41, 27) => (libc::IPPROTO_IPV6, libc::IPV6_V6ONLY),
        _ => return None,
    })
}

/// Windows receive flags → Linux (`MSG_NOSIGNAL` is added for sends by the caller).
fn msg_flags(win: i32) -> Result<i32, WsaError> {
    if win & !(WIN_MSG_OOB | WIN_MSG_PEEK | WIN_MSG_DONTROUTE | WIN_MSG_WAITALL) != 0 {
        return Err(WsaError::WSAEOPNOTSUPP);
    }
    let mut f = 0;
    if win & WIN_MSG_OOB != 0 {
        f |= libc::MSG_OOB;
    }
    if win & WIN_MSG_PEEK != 0 {
        f |= libc::MSG_PEEK;
    }
    if win & WIN_MSG_DONTROUTE != 0 {
        f |= libc::MSG_DONTROUTE;
    }
    if win & WIN_MSG_WAITALL != 0 {
        f |= libc::MSG_WAITALL;
    }
    Ok(f)
}

/// Errors a UDP socket reports for an ICMP message (with IP_RECVERR).
fn is_icmp_errno(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(
            libc::ECONNREFUSED
                | libc::EHOSTUNREACH
                | libc::ENETUNREACH
                | libc::EPROTO
                | libc::EMSGSIZE
                | libc::ENOPROTOOPT
                | libc::EACCES
                | libc::EPERM
        )
    )
}

impl LinuxProvider {
    /// What a queued ICMP error means for a Windows receive: `Some(error)` to report, `None`
    /// to drop it (SIO_UDP_CONNRESET / SIO_UDP_NETRESET, see the module table).
    fn icmp_verdict(sock: &LinuxSocket, fallback_errno: i32) -> Option<WsaError> {
        let q = sys::take_queued_error(sock.fd.as_fd());
        let (errno, ty) = match q {
            Some(q) if q.errno != 0 => (q.errno, Some((q.origin, q.icmp_type))),
            _ => (fallback_errno, None),
        };
        // ICMP "time exceeded": type 11 (ICMPv4, origin 2) or 3 (ICMPv6, origin 3).
        let ttl = matches!(ty, Some((2, 11)) | Some((3, 3)));
        if ttl {
            return sock
                .udp_netreset
                .load(Ordering::Relaxed)
                .then_some(WsaError::WSAENETRESET);
        }
        if errno == libc::ECONNREFUSED {
            return sock
                .udp_connreset
                .load(Ordering::Relaxed)
                .then_some(WsaError::WSAECONNRESET);
        }
        None
    }

    /// Linux keeps an urgent byte that was read with MSG_OOB in the receive queue until a normal
    /// read passes it; while the read pointer sits at it, SIOCINQ answers 0 whatever follows
    /// (tcp_inq counts up to the mark), and turning SO_OOBINLINE on would deliver the byte
    /// again. Windows has consumed it. So once the read pointer reaches such a byte, pass it:
    /// a 1-byte nonblocking read skips it (and takes the next byte, if any, which is kept for
    /// the application).
    fn pass_hole(sock: &LinuxSocket) {
        // At a mark whose byte is still unread (a newer urgent byte), reading on would lose it.
        if !sock.hole_pending.load(Ordering::Relaxed)
            || !sys::siocatmark(sock.fd.as_fd()).unwrap_or(false)
            || sys::urgent_pending(sock.fd.as_fd())
        {
            return;
        }
        let mut b = [0u8; 1];
        match sys::recv(sock.fd.as_fd(), &mut b, libc::MSG_DONTWAIT) {
            Ok(1) => lock(&sock.stash).push(b[0]),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
        sock.hole_pending.store(false, Ordering::Relaxed);
    }

    fn recv_capture(
        &self,
        sock: &LinuxSocket,
        cap: &OwnedFd,
        buf: &mut [u8],
    ) -> Result<usize, WsaError> {
        let flags = if sock.nonblocking.load(Ordering::Relaxed) {
            libc::MSG_DONTWAIT
        } else {
            0
        };
        loop {
            if sock.closed.load(Ordering::Relaxed) {
                return Err(WsaError::WSAEINTR);
            }
            // Wake up now and then to notice a close (the capture socket is not shut down).
            if flags == 0 {
                match sys::poll_readable(&[cap.as_fd()], 200) {
                    Ok(r) if !r[0] => continue,
                    Ok(_) => {}
                    Err(e) => return Err(wsa(&e)),
                }
            }
            return match sys::recv(cap.as_fd(), buf, flags | libc::MSG_DONTWAIT) {
                Ok(n) => Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && flags == 0 => continue,
                Err(e) => Err(wsa(&e)),
            };
        }
    }

    // ---- ioctl -----------------------------------------------------------------------------

    /// Brings the shadow up to date and lets it answer.
    #[allow(clippy::too_many_arguments)]
    fn shadow_call(
        &self,
        s: ProviderSocket,
        sock: &LinuxSocket,
        code: ControlCode,
        input: InBuf<'_>,
        output: OutBuf<'_>,
        bytes: &mut BytesReturned,
        overlapped: Option<&OverlappedIo>,
        thread: ThreadId,
        errno: &mut WsaError,
    ) -> i32 {
        self.shared.shadow.sync_socket(s.0, sock.observe());
        self.shared
            .shadow
            .ioctl(s, code, input, output, bytes, overlapped, thread, errno)
    }

    /// The Linux side of a "checked, then applied" code, after the shadow accepted it.
    fn apply(
        &self,
        sock: &LinuxSocket,
        code: ControlCode,
        input: InBuf<'_>,
    ) -> Result<(), WsaError> {
        let fd = sock.fd.as_fd();
        let int = || {
            input
                .at_least(4)
                .map(|d| u32::from_le_bytes([d[0], d[1], d[2], d[3]]))
                .unwrap_or(0)
        };
        let io = |r: io::Result<()>| r.map_err(|e| wsa(&e));
        match code {
            FIONBIO => {
                let on = int() != 0;
                io(sock.fd.set_nonblocking(on))?;
                sock.nonblocking.store(on, Ordering::Relaxed);
            }
            SIO_KEEPALIVE_VALS => {
                let ka = input
                    .at_least(12)
                    .and_then(|d| TcpKeepalive::parse(d, Arch::X64).ok())
                    .ok_or(WsaError::WSAEFAULT)?;
                if ka.onoff != 0 {
                    let idle = keepalive_secs(ka.keepalivetime) as i32;
                    let intvl = keepalive_secs(ka.keepaliveinterval) as i32;
                    io(sys::set_int(
                        fd,
                        libc::IPPROTO_TCP,
                        libc::TCP_KEEPIDLE,
                        idle,
                    ))?;
                    io(sys::set_int(
                        fd,
                        libc::IPPROTO_TCP,
                        libc::TCP_KEEPINTVL,
                        intvl,
                    ))?;
                }
                io(sock.fd.set_keepalive(ka.onoff != 0))?;
            }
            SIO_MULTICAST_SCOPE => {
                let v = int();
                io(if sock.ipv6() {
                    sock.fd.set_multicast_hops_v6(v)
                } else {
                    sock.fd.set_multicast_ttl_v4(v)
                })?;
            }
            SIO_MULTIPOINT_LOOPBACK => {
                let on = int() != 0;
                io(if sock.ipv6() {
                    sock.fd.set_multicast_loop_v6(on)
                } else {
                    sock.fd.set_multicast_loop_v4(on)
                })?;
            }
            SIO_UDP_CONNRESET => {
                let on = int() != 0;
                sock.udp_connreset.store(on, Ordering::Relaxed);
            }
            SIO_UDP_NETRESET => sock.udp_netreset.store(int() != 0, Ordering::Relaxed),
            SIO_RCVALL | SIO_RCVALL_IF => self.rcvall(sock, code, input)?,
            _ => {}
        }
        Ok(())
    }

    /// SIO_RCVALL / SIO_RCVALL_IF accepted by the shadow: opens (mode ≠ RCVALL_OFF) or closes the
    /// capture socket.
    fn rcvall(
        &self,
        sock: &LinuxSocket,
        code: ControlCode,
        input: InBuf<'_>,
    ) -> Result<(), WsaError> {
        let data = input.data().unwrap_or(&[]);
        let (mode, index) = if code == SIO_RCVALL_IF {
            let r = RcvallIf::parse(data, Arch::X64).map_err(|_| WsaError::WSAEFAULT)?;
            (r.mode.0, r.interface)
        } else {
            let m = data
                .get(..4)
                .map_or(0, |d| i32::from_le_bytes([d[0], d[1], d[2], d[3]]));
            (m, 0)
        };
        let mut cap = lock(&sock.capture);
        if mode == 0 {
            *cap = None;
            return Ok(());
        }
        let index = if index != 0 {
            index
        } else {
            let local = sock.local().ok_or(WsaError::WSAEINVAL)?;
            let fam = Family::of(local.ip());
            let addrs = lock(&self.shared.rtnl)
                .addresses(Some(fam))
                .map_err(|e| wsa(&e))?;
            addrs
                .iter()
                .find(|a| a.addr == local.ip())
                .map(|a| a.index)
                .ok_or(WsaError::WSAEADDRNOTAVAIL)?
        };
        *cap = Some(sys::packet_socket(index, sock.ipv6()).map_err(|e| wsa(&e))?);
        Ok(())
    }

    /// The translated codes.
    fn translated(
        &self,
        s: ProviderSocket,
        sock: &LinuxSocket,
        c: &mut Call<'_, '_, '_>,
    ) -> Answer {
        let shadow = &self.shared.shadow;
        match c.code {
            FIONREAD => {
                let stashed = if sock.is_stream() {
                    Self::pass_hole(sock);
                    lock(&sock.stash).len() as u32
                } else {
                    0
                };
                let v = match sys::fionread(sock.fd.as_fd()) {
                    Ok(v) => v,
                    // A listening stream socket (Linux: EINVAL): 0, as Windows and Wine answer.
                    Err(e) if e.raw_os_error() == Some(libc::EINVAL) && sock.is_stream() => 0,
                    Err(e) => return Answer::Fail(wsa(&e)),
                };
                // Datagram sockets: SIOCINQ is the first datagram's size (spec/000's reading);
                // the profile's TotalBytes (spec/002/003) walks the queue. With nothing queued
                // (or a zero-length datagram first) SIOCINQ's 0 stands.
                let v = if !sock.is_stream()
                    && v > 0
                    && shadow.profile().fionread_datagram == FionreadDatagram::TotalBytes
                {
                    match sys::datagram_total(sock.fd.as_fd()) {
                        Ok(Some(t)) => t.max(v),
                        Ok(None) => v,
                        Err(e) => return Answer::Fail(wsa(&e)),
                    }
                } else {
                    v
                };
                EmulatedProvider::put_u32(c, v.saturating_add(stashed))
            }
            SIOCATMARK => {
                let at_mark = if !sock.is_stream() {
                    true
                } else {
                    let inline = sock.fd.out_of_band_inline().unwrap_or(false);
                    match shadow.profile().siocatmark {
                        SiocatmarkRule::Windows | SiocatmarkRule::Wine if inline => true,
                        SiocatmarkRule::InlineOnly if !inline => true,
                        SiocatmarkRule::InlineOnly => {
                            !sys::siocatmark(sock.fd.as_fd()).unwrap_or(false)
                        }
                        _ => !sys::urgent_pending(sock.fd.as_fd()),
                    }
                };
                EmulatedProvider::put_u32(c, u32::from(at_mark))
            }
            SIO_ADDRESS_LIST_QUERY => {
                let host = match family_of_kind(sock.kind) {
                    Some(f) => match self.shared.read_addresses(Some(f)) {
                        Ok(h) => h,
                        Err(e) => return Answer::Fail(wsa(&e)),
                    },
                    None => Host::empty(),
                };
                shadow.address_list_on(&host, sock.kind, c)
            }
            SIO_GET_INTERFACE_LIST => {
                let host = if sock.kind.family == AF_INET {
                    match self.shared.read_addresses(Some(Family::V4)) {
                        Ok(h) => h,
                        Err(e) => return Answer::Fail(wsa(&e)),
                    }
                } else {
                    Host::empty()
                };
                shadow.interface_list_on(&host, sock.kind, c)
            }
            SIO_ROUTING_INTERFACE_QUERY => {
                let scope = match EmulatedProvider::route_input(sock.kind, c) {
                    Ok((_, SocketAddr::V6(a))) => a.scope_id(),
                    _ => 0,
                };
                let rtnl = &self.shared.rtnl;
                shadow.routing_query_with(sock.kind, c, |dst| route_source(rtnl, dst, scope))
            }
            SIO_ADDRESS_LIST_CHANGE => self.change(s, sock, c, ChangeKind::Addresses),
            SIO_ROUTING_INTERFACE_CHANGE => self.change(s, sock, c, ChangeKind::Routes),
            SIO_TCP_INFO => shadow.tcp_info_with(c, sock.is_stream(), || {
                let raw = sys::tcp_info(sock.fd.as_fd()).map_err(|e| wsa(&e))?;
                let rcv_buf = sock.fd.recv_buffer_size().unwrap_or(0);
                let est = *lock(&sock.established);
                Ok(tcp::map(
                    &tcp::RawTcpInfo(&raw),
                    u32::try_from(rcv_buf).unwrap_or(u32::MAX),
                    est,
                ))
            }),
            SIO_IDEAL_SEND_BACKLOG_QUERY => {
                let connected = sock.is_stream() && sock.peer().is_some();
                EmulatedProvider::isb_query_with(c, sock.is_stream(), connected, || {
                    let raw = sys::tcp_info(sock.fd.as_fd()).map_err(|e| wsa(&e))?;
                    Ok(tcp::ideal_send_backlog(&tcp::RawTcpInfo(&raw)))
                })
            }
            SIO_QUERY_RSS_SCALABILITY_INFO => {
                let links = match lock(&self.shared.rtnl).links() {
                    Ok(l) => l,
                    Err(e) => return Answer::Fail(wsa(&e)),
                };
                let sysfs = self.shared.sysfs;
                EmulatedProvider::rss_with(c, links.iter().any(|l| host::rx_queues(l, sysfs) > 1))
            }
            _ => unreachable!("dispatch sends only translated codes here"),
        }
    }

    /// SIO_ADDRESS_LIST_CHANGE / SIO_ROUTING_INTERFACE_CHANGE over the netlink listener.
    fn change(
        &self,
        s: ProviderSocket,
        sock: &LinuxSocket,
        c: &mut Call<'_, '_, '_>,
        which: ChangeKind,
    ) -> Answer {
        let watch = match EmulatedProvider::change_watch(sock.kind, c, which) {
            Ok(w) => w,
            Err(e) => return Answer::Fail(e),
        };
        if let Err(e) = self.ensure_listener() {
            return Answer::Fail(e);
        }
        let mut w = lock(&self.shared.watch);
        if let Some(io) = c.overlapped {
            w.waiters.push(Waiter {
                socket: s.0,
                io: io.clone(),
                watch,
            });
            return Answer::Pending;
        }
        if sock.nonblocking.load(Ordering::Relaxed) {
            let bit = match which {
                ChangeKind::Addresses => crate::api::fd::ADDRESS_LIST_CHANGE,
                ChangeKind::Routes => crate::api::fd::ROUTING_INTERFACE_CHANGE,
            };
            let fam = family_of_kind(sock.kind).unwrap_or(Family::V4);
            w.armed.entry(s.0).or_insert((0, fam)).0 |= bit;
            return Answer::Fail(WsaError::WSAEWOULDBLOCK);
        }
        let start = w.generations[slot(watch)];
        loop {
            if sock.closed.load(Ordering::Relaxed) {
                // closesocket from another thread ended the blocking call (as the emulated
                // provider answers).
                return Answer::Fail(WsaError::WSAEINTR);
            }
            if w.generations[slot(watch)] != start {
                c.bytes.set(0);
                return Answer::Done;
            }
            if self.shared.listener_dead.load(Ordering::Relaxed) {
                return Answer::Fail(WsaError::WSAENETDOWN);
            }
            w = self.shared.cv.wait(w).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// The kernel's source address for `dst` (one RTM_GETROUTE), as `routing_query_with` wants it.
fn route_source(rtnl: &Mutex<Rtnl>, dst: IpAddr, scope: u32) -> Result<IpAddr, WsaError> {
    lock(rtnl)
        .route_get(dst, scope)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::EHOSTUNREACH) => WsaError::WSAEHOSTUNREACH,
            Some(libc::ENOBUFS | libc::ENOMEM) => WsaError::WSAENOBUFS,
            // ENETUNREACH, and the other route types that refuse traffic (blackhole: EINVAL,
            // prohibit: EACCES): no usable route.
            _ => WsaError::WSAENETUNREACH,
        })
}

impl Provider for LinuxProvider {
    fn startup(&self, upcalls: UpcallTable) {
        self.shared.shadow.startup(upcalls.clone());
        let _ = self.shared.upcalls.set(upcalls);
    }

    fn socket(&self, kind: SocketKind) -> Result<ProviderSocket, WsaError> {
        if let Some((fd, k)) = ADOPTING.with(|a| a.borrow_mut().take()) {
            return self.adopt(fd, k);
        }
        let h = self.shared.shadow.socket(kind)?;
        match open_real(resolved(kind)) {
            Ok(sock) => {
                lock(&self.shared.sockets).insert(h.0, Arc::new(sock));
                Ok(h)
            }
            Err(e) => {
                let _ = self.shared.shadow.close_socket(h);
                Err(e)
            }
        }
    }

    fn close_socket(&self, s: ProviderSocket) -> Result<(), WsaError> {
        let sock = lock(&self.shared.sockets)
            .remove(&s.0)
            .ok_or(WsaError::WSAENOTSOCK)?;
        sock.closed.store(true, Ordering::Relaxed);
        // Wakes threads blocked in recv/accept on it (they then answer WSAEINTR).
        let _ = sock.fd.shutdown(std::net::Shutdown::Both);
        let _ = self.shared.shadow.close_socket(s);
        {
            let mut w = lock(&self.shared.watch);
            w.waiters.retain(|x| x.socket != s.0);
            w.armed.remove(&s.0);
        }
        self.shared.cv.notify_all();
        Ok(())
    }

    fn socket_op<'a>(
        &self,
        s: ProviderSocket,
        op: SocketOp<'a>,
    ) -> Result<SocketOpResult, WsaError> {
        let sock = self.get(s).ok_or(WsaError::WSAENOTSOCK)?;
        let io = |r: io::Result<()>| r.map(|_| SocketOpResult::Done).map_err(|e| wsa(&e));
        match op {
            SocketOp::Bind(addr) => {
                let a = parse_addr(&sock, addr)?;
                io(sock.fd.bind(&LinuxSockAddr::from(a)))
            }
            SocketOp::Listen(backlog) => {
                if !sock.is_stream() {
                    return Err(WsaError::WSAEOPNOTSUPP);
                }
                // Windows refuses to listen on an unbound socket (WSAEINVAL); Linux would bind
                // it to an ephemeral port.
                if sock.local().is_none() {
                    return Err(WsaError::WSAEINVAL);
                }
                io(sock.fd.listen(backlog))
            }
            SocketOp::Connect(addr) => {
                let a = parse_addr(&sock, addr)?;
                match sock.fd.connect(&LinuxSockAddr::from(a)) {
                    Ok(()) => {
                        sock.mark_established();
                        Ok(SocketOpResult::Done)
                    }
                    // A nonblocking connect in progress: Windows answers WSAEWOULDBLOCK.
                    Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {
                        sock.mark_established();
                        Err(WsaError::WSAEWOULDBLOCK)
                    }
                    Err(e) => Err(wsa(&e)),
                }
            }
            SocketOp::Send(data, flags) => self.send(&sock, data, flags, None),
            SocketOp::SendTo(data, flags, addr) => {
                let a = parse_addr(&sock, addr)?;
                self.send(&sock, data, flags, Some(a))
            }
            SocketOp::SetSockOpt(level, name, value) => {
                let (l, n) = sockopt(level, name).ok_or(WsaError::WSAENOPROTOOPT)?;
                let v = value
                    .get(..4)
                    .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .or_else(|| value.first().map(|&b| i32::from(b)))
                    .ok_or(WsaError::WSAEFAULT)?;
                io(sys::set_int(sock.fd.as_fd(), l, n, v))
            }
            SocketOp::Shutdown(how) => {
                let how = match how {
                    0 => std::net::Shutdown::Read,
                    1 => std::net::Shutdown::Write,
                    2 => std::net::Shutdown::Both,
                    _ => return Err(WsaError::WSAEINVAL),
                };
                io(sock.fd.shutdown(how))
            }
            SocketOp::Select(mask) => {
                if mask != 0 {
                    sock.fd.set_nonblocking(true).map_err(|e| wsa(&e))?;
                    sock.nonblocking.store(true, Ordering::Relaxed);
                }
                self.shared.shadow.socket_op(s, SocketOp::Select(mask))
            }
        }
    }

    fn accept(&self, s: ProviderSocket) -> Result<(ProviderSocket, SocketKind), WsaError> {
        let sock = self.get(s).ok_or(WsaError::WSAENOTSOCK)?;
        if !sock.is_stream() {
            return Err(WsaError::WSAEOPNOTSUPP);
        }
        let (fd, _) = match sock.fd.accept() {
            Ok(x) => x,
            Err(_) if sock.closed.load(Ordering::Relaxed) => return Err(WsaError::WSAEINTR),
            Err(e) => return Err(wsa(&e)),
        };
        let h = self.shared.shadow.socket(sock.kind)?;
        // Linux does not pass O_NONBLOCK on to accepted sockets; the API layer records the
        // accepted socket as blocking, so make sure it is.
        let _ = fd.set_nonblocking(false);
        let a = LinuxSocket::new(fd, sock.kind, false);
        if a.ipv6() {
            let _ = a.fd.set_only_v6(true);
        }
        a.mark_established();
        lock(&self.shared.sockets).insert(h.0, Arc::new(a));
        Ok((h, sock.kind))
    }

    fn recv(&self, s: ProviderSocket, buf: &mut [u8], flags: i32) -> Result<usize, WsaError> {
        let sock = self.get(s).ok_or(WsaError::WSAENOTSOCK)?;
        let cap = lock(&sock.capture)
            .as_ref()
            .map(|c| c.try_clone())
            .transpose()
            .map_err(|e| wsa(&e))?;
        if let Some(cap) = cap {
            return self.recv_capture(&sock, &cap, buf);
        }
        let lflags = msg_flags(flags)?;
        let datagram = !sock.is_stream();
        if !datagram {
            return self.recv_stream(&sock, buf, lflags);
        }
        loop {
            if sock.icmp_pending.swap(false, Ordering::Relaxed)
                && let Some(e) = Self::icmp_verdict(&sock, 0)
            {
                return Err(e);
            }
            match sys::recv(sock.fd.as_fd(), buf, lflags) {
                Ok(_) | Err(_) if sock.closed.load(Ordering::Relaxed) => {
                    return Err(WsaError::WSAEINTR);
                }
                Ok(n) => return Ok(n),
                Err(e) if datagram && is_icmp_errno(&e) => {
                    let errno = e.raw_os_error().unwrap_or(0);
                    match Self::icmp_verdict(&sock, errno) {
                        Some(err) => return Err(err),
                        None => continue,
                    }
                }
                Err(e) => return Err(wsa(&e)),
            }
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
        thread: ThreadId,
        errno: &mut WsaError,
    ) -> i32 {
        let Some(sock) = self.get(s) else {
            *errno = WsaError::WSAENOTSOCK;
            return SOCKET_ERROR;
        };
        match code {
            FIONBIO
            | SIO_KEEPALIVE_VALS
            | SIO_MULTICAST_SCOPE
            | SIO_MULTIPOINT_LOOPBACK
            | SIO_UDP_CONNRESET
            | SIO_UDP_NETRESET
            | SIO_RCVALL
            | SIO_RCVALL_IF => {
                let ret = self.shadow_call(
                    s,
                    &sock,
                    code,
                    input,
                    output,
                    bytes_returned,
                    overlapped,
                    thread,
                    errno,
                );
                if ret != 0 {
                    return ret;
                }
                match self.apply(&sock, code, input) {
                    Ok(()) => 0,
                    Err(e) => Answer::Fail(e).ret(errno),
                }
            }
            FIONREAD
            | SIOCATMARK
            | SIO_ADDRESS_LIST_QUERY
            | SIO_GET_INTERFACE_LIST
            | SIO_ROUTING_INTERFACE_QUERY
            | SIO_ADDRESS_LIST_CHANGE
            | SIO_ROUTING_INTERFACE_CHANGE
            | SIO_TCP_INFO
            | SIO_IDEAL_SEND_BACKLOG_QUERY
            | SIO_QUERY_RSS_SCALABILITY_INFO => {
                let mut call = Call {
                    code,
                    input,
                    output,
                    bytes: bytes_returned,
                    overlapped,
                };
                let answer = match self.shared.shadow.gate(&mut call) {
                    Some(a) => a,
                    None => self.translated(s, &sock, &mut call),
                };
                answer.ret(errno)
            }
            _ => self.shadow_call(
                s,
                &sock,
                code,
                input,
                output,
                bytes_returned,
                overlapped,
                thread,
                errno,
            ),
        }
    }

    fn cancelled(&self, io: &OverlappedIo) {
        lock(&self.shared.watch)
            .waiters
            .retain(|w| w.io.id != io.id);
        self.shared.shadow.cancelled(io);
    }
}

impl LinuxProvider {
    /// A stream receive (Linux flags): the stash first, and the urgent-byte bookkeeping of
    /// [`LinuxProvider::pass_hole`].
    fn recv_stream(
        &self,
        sock: &LinuxSocket,
        buf: &mut [u8],
        lflags: i32,
    ) -> Result<usize, WsaError> {
        let oob = lflags & libc::MSG_OOB != 0;
        if !oob {
            let mut st = lock(&sock.stash);
            if !st.is_empty() && !buf.is_empty() {
                let n = st.len().min(buf.len());
                buf[..n].copy_from_slice(&st[..n]);
                if lflags & libc::MSG_PEEK == 0 {
                    st.drain(..n);
                }
                return Ok(n);
            }
        }
        let r = sys::recv(sock.fd.as_fd(), buf, lflags);
        if sock.closed.load(Ordering::Relaxed) {
            return Err(WsaError::WSAEINTR);
        }
        let n = r.map_err(|e| wsa(&e))?;
        if lflags & libc::MSG_PEEK == 0 {
            if oob && n > 0 {
                sock.hole_pending.store(true, Ordering::Relaxed);
            }
            Self::pass_hole(sock);
        }
        Ok(n)
    }

    fn send(
        &self,
        sock: &LinuxSocket,
        data: &[u8],
        flags: i32,
        to: Option<SocketAddr>,
    ) -> Result<SocketOpResult, WsaError> {
        let lflags = msg_flags(flags & !WIN_MSG_PEEK)? | libc::MSG_NOSIGNAL;
        let mut retried = false;
        loop {
            let r = match to {
                Some(a) => sock
                    .fd
                    .send_to_with_flags(data, &LinuxSockAddr::from(a), lflags),
                None => sock.fd.send_with_flags(data, lflags),
            };
            match r {
                Ok(n) => return Ok(SocketOpResult::Sent(n)),
                // The pending error of an earlier ICMP report surfaced on a send: Windows
                // reports it on a receive, so keep it for the next receive and send again.
                Err(e) if sock.is_udp() && !retried && is_icmp_errno(&e) => {
                    sock.icmp_pending.store(true, Ordering::Relaxed);
                    retried = true;
                }
                Err(e) => return Err(wsa(&e)),
            }
        }
    }
}

/// This host's interfaces, addresses and main-table routes, read through netlink in the calling
/// thread's network namespace, as an emulated [`Host`] (mapping in the `host` module's docs):
/// the host an emulated provider needs to answer as this machine does.
pub fn read_host() -> io::Result<Host> {
    let mut r = Rtnl::open()?;
    let links = r.links()?;
    let addrs = r.addresses(None)?;
    let routes = r.routes()?;
    Ok(host::build(
        &links,
        &addrs,
        &routes,
        Some(host::sysfs_is_ours()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keepalive_rounds_up_to_whole_seconds() {
        assert_eq!(keepalive_secs(0), 1);
        assert_eq!(keepalive_secs(1), 1);
        assert_eq!(keepalive_secs(1000), 1);
        assert_eq!(keepalive_secs(1001), 2);
        assert_eq!(keepalive_secs(7_200_000), 7200);
        assert_eq!(keepalive_secs(u32::MAX), MAX_KEEPALIVE_SECS);
    }

    #[test]
    fn receive_flags_translate() {
        assert_eq!(msg_flags(0), Ok(0));
        assert_eq!(
            msg_flags(WIN_MSG_OOB | WIN_MSG_PEEK),
            Ok(libc::MSG_OOB | libc::MSG_PEEK)
        );
        assert_eq!(msg_flags(WIN_MSG_WAITALL), Ok(libc::MSG_WAITALL));
        assert_eq!(msg_flags(0x8000), Err(WsaError::WSAEOPNOTSUPP));
    }

    #[test]
    fn socket_options_translate() {
        assert_eq!(
            sockopt(0xffff, 0x100),
            Some((libc::SOL_SOCKET, libc::SO_OOBINLINE))
        );
        assert_eq!(
            sockopt(41, 27),
            Some((libc::IPPROTO_IPV6, libc::IPV6_V6ONLY))
        );
        assert_eq!(sockopt(0xffff, 0x7777), None);
    }
}
