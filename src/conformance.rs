//! Conformance of any provider to the emulated stack, as a proptest state machine (feature
//! `conformance`).
//!
//! The **reference** is the emulated TCP/IP provider over a host description; the **system
//! under test** is any [`Provider`] (the Linux one in a network namespace, say) answering for the
//! same host. Both sit under their own API layer ([`Ws2`]). proptest-state-machine generates
//! sequences of [`Step`]s — sockets opened, bound, listened on and closed, `WSAIoctl` calls with
//! every kind of buffer (NULL with a length, empty, short, valid, oversized), with or without an
//! OVERLAPPED, and host mutations (addresses and routes added and removed) — runs each on both
//! stacks and compares **every outcome**: the return value, the error, `*lpcbBytesReturned`
//! (written or not), the output bytes (the whole buffer, so bytes written beyond the answer are
//! caught), the OVERLAPPED's `Internal` / `InternalHigh` / delivered output, and how many
//! overlapped requests are completed and in flight — except the documented differences
//! ([`DIFFERENCES`]).
//!
//! A [`Target`] says how to build the system under test, which host it answers for, and how to
//! apply a host mutation to the real system; [`Conformance`] is the `StateMachineTest`, and
//! [`EmulatedReference`] the `ReferenceStateMachine`. Blocking calls are never generated (a
//! `*_CHANGE` without OVERLAPPED on a blocking socket would wait for a mutation that comes only
//! after it returns).
//!
//! Pointed at the emulated provider itself (the Linux target is in `tests/conformance_linux.rs`):
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use proptest::test_runner::{Config, TestRunner};
//! use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};
//! use wsaioctl::conformance::{Conformance, EmulatedReference, Mutation, Target};
//! use wsaioctl::emulated::{EmulatedProvider, host::{Host, Route}};
//! use wsaioctl::spi::Provider;
//!
//! static SUT: Mutex<Option<Arc<EmulatedProvider>>> = Mutex::new(None);
//! struct Emulated;
//! impl Target for Emulated {
//!     fn provider() -> Arc<dyn Provider> {
//!         let p = Arc::new(EmulatedProvider::new(Self::host(), Default::default()));
//!         *SUT.lock().unwrap() = Some(p.clone());
//!         p
//!     }
//!     fn host() -> Host {
//!         Host::default_host()
//!     }
//!     fn mutate(m: &Mutation, i: u32) -> Result<(), String> {
//!         let p = SUT.lock().unwrap().clone().ok_or("no provider")?;
//!         let route = |d, l, g| Route { destination: d, prefix_len: l, gateway: Some(g), if_index: i, metric: 0 };
//!         p.mutate_host(|h| match *m {
//!             Mutation::AddAddress(a, l) => h.add_address(i, a, l),
//!             Mutation::RemoveAddress(a, _) => h.remove_address(i, a),
//!             Mutation::AddRoute(d, l, g) => h.add_route(route(d, l, g)),
//!             Mutation::RemoveRoute(d, l, g) => h.remove_route(route(d, l, g).key()),
//!         })
//!         .map(|_| ())
//!         .map_err(|e| e.to_string())
//!     }
//! }
//!
//! let config = Config { cases: 8, failure_persistence: None, ..Config::default() };
//! let mut runner = TestRunner::new(config.clone());
//! runner
//!     .run(&EmulatedReference::<Emulated>::sequential_strategy(1..20), |(init, steps, seen)| {
//!         Conformance::<Emulated>::test_sequential(config.clone(), init, steps, seen);
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::select;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};

use crate::api::{Completion, IoctlArgs, Overlapped, Socket, Winsock};
use crate::code::ControlCode;
use crate::emulated::EmulatedProvider;
use crate::emulated::host::{Changes, Family, Host, HostError, Route};
use crate::ioctl::*;
use crate::profile::Profile;
use crate::spi::Provider;
use crate::wire::guid::WSAID_ACCEPTEX;
use crate::wire::keepalive::TcpKeepalive;
use crate::wire::sockaddr::{AF_INET, AF_INET6, SockAddr};
use crate::wire::{Arch, Repr};
use crate::ws2::Ws2;

/// The documented differences: what is *not* compared, and why (each is also in
/// `docs/linux-translations.md`).
pub const DIFFERENCES: &[(&str, &str)] = &[
    (
        "SIO_TCP_INFO output",
        "the statistics are the real connection's (MSS, windows, counters); only the outcome and \
         the size are compared",
    ),
    (
        "SIO_BASE_HANDLE / SIO_BSP_HANDLE* output",
        "each stack answers its own handle value; the output is compared with that handle",
    ),
    (
        "the order of SIO_ADDRESS_LIST_QUERY / SIO_GET_INTERFACE_LIST entries",
        "the host's order: the emulated host keeps insertion order, Linux its own (IPv6 addresses \
         newest first within a scope); Windows documents none. Compared as sets, sizes exactly",
    ),
    (
        "SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE",
        "a value derived from the handle; not generated",
    ),
    (
        "connected sockets, urgent data, timing",
        "not generated: the emulated data plane is not a TCP stack (the netns tests cover them)",
    ),
];

/// An address family of a generated socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fam {
    /// `AF_INET`.
    V4,
    /// `AF_INET6`.
    V6,
}

impl Fam {
    fn af(self) -> u16 {
        match self {
            Fam::V4 => AF_INET,
            Fam::V6 => AF_INET6,
        }
    }
}

/// A socket type of a generated socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `SOCK_STREAM` / TCP.
    Stream,
    /// `SOCK_DGRAM` / UDP.
    Dgram,
}

/// What the model knows of one socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotState {
    /// Its family.
    pub family: Fam,
    /// Its type.
    pub ty: Ty,
    /// `bind` was called.
    pub bound: bool,
    /// `listen` was called.
    pub listening: bool,
    /// FIONBIO 1 was set.
    pub nonblocking: bool,
}

/// The reference model: the host's fixed facts and what the steps changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// The interface host mutations act on.
    pub if_index: u32,
    /// Its IPv4 address (sockets bind to it) and the IPv4 default gateway.
    pub base_v4: (Ipv4Addr, Ipv4Addr),
    /// Its IPv6 address and the IPv6 default gateway.
    pub base_v6: (Ipv6Addr, Ipv6Addr),
    /// Sockets by slot (`None` once closed).
    pub slots: Vec<Option<SlotState>>,
    /// Addresses the steps added (and have not removed).
    pub added_addrs: Vec<(IpAddr, u8)>,
    /// Routes the steps added (destination, prefix length, gateway).
    pub added_routes: Vec<(IpAddr, u8, IpAddr)>,
}

impl Model {
    /// The model of `host`: the first up, non-loopback interface with an IPv4 and an IPv6
    /// address, and default routes of both families through it. `None` when there is none.
    pub fn of(host: &Host) -> Option<Self> {
        let gw = |f: Family, idx: u32| {
            host.routes()
                .find(|r| r.prefix_len == 0 && r.if_index == idx && Family::of(r.destination) == f)
                .and_then(|r| r.gateway)
        };
        host.interfaces()
            .filter(|i| i.is_up() && !i.flags().contains(crate::emulated::host::IfFlags::LOOPBACK))
            .find_map(|i| {
                let v4 = i.addresses().iter().find_map(|a| match a.addr() {
                    IpAddr::V4(v) => Some(v),
                    _ => None,
                })?;
                let v6 = i.addresses().iter().find_map(|a| match a.addr() {
                    IpAddr::V6(v) if !v.is_unicast_link_local() => Some(v),
                    _ => None,
                })?;
                let (IpAddr::V4(g4), IpAddr::V6(g6)) =
                    (gw(Family::V4, i.index())?, gw(Family::V6, i.index())?)
                else {
                    return None;
                };
                Some(Model {
                    if_index: i.index(),
                    base_v4: (v4, g4),
                    base_v6: (v6, g6),
                    slots: Vec::new(),
                    added_addrs: Vec::new(),
                    added_routes: Vec::new(),
                })
            })
    }

    fn live(&self) -> Vec<usize> {
        (0..self.slots.len())
            .filter(|&i| self.slots[i].is_some())
            .collect()
    }
}

/// `lpvInBuffer` of a generated call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// NULL with this `cbInBuffer`.
    Null(u32),
    /// These bytes.
    Bytes(Vec<u8>),
}

/// `lpvOutBuffer` of a generated call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// NULL with this `cbOutBuffer`.
    Null(u32),
    /// A buffer of this many bytes (filled with 0xCC before the call).
    Len(u32),
}

/// A host mutation (applied to the reference host and, through [`Target::mutate`], to the
/// system under test).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    /// Add `addr/len` to the model's interface.
    AddAddress(IpAddr, u8),
    /// Remove it.
    RemoveAddress(IpAddr, u8),
    /// Add a route `dst/len via gw` on the model's interface (metric 0 for IPv4, 1024 for
    /// IPv6 — the kernel's default).
    AddRoute(IpAddr, u8, IpAddr),
    /// Remove it.
    RemoveRoute(IpAddr, u8, IpAddr),
}

/// One generated step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `socket(af, type, 0)`.
    Open(Fam, Ty),
    /// `closesocket(slot)`.
    Close(usize),
    /// `bind(slot, base address:0)`.
    Bind(usize),
    /// `listen(slot, 4)`.
    Listen(usize),
    /// `WSAIoctl(slot, code, input, output, &bytes, overlapped?)`.
    Ioctl {
        /// The socket.
        slot: usize,
        /// The code.
        code: ControlCode,
        /// The input buffer.
        input: Input,
        /// The output buffer.
        output: Output,
        /// With an OVERLAPPED (no event, no port).
        overlapped: bool,
    },
    /// A host mutation.
    Mutate(Mutation),
}

/// How to build and drive the system under test.
pub trait Target: 'static {
    /// A fresh provider answering for the host [`Target::host`] describes.
    fn provider() -> Arc<dyn Provider>;
    /// The host (read when each case starts, e.g. `linux::read_host`).
    fn host() -> Host;
    /// Applies `m` to the real system (e.g. with `ip`), on interface `if_index`.
    fn mutate(m: &Mutation, if_index: u32) -> Result<(), String>;
}

/// The reference state machine: generates steps from the [`Model`].
#[derive(Debug)]
pub struct EmulatedReference<T>(PhantomData<T>);

/// The codes generated, with the socket types they are generated for.
const CODES: &[ControlCode] = &[
    FIONBIO,
    FIONREAD,
    SIOCATMARK,
    SIO_ADDRESS_LIST_QUERY,
    SIO_ADDRESS_LIST_CHANGE,
    SIO_ROUTING_INTERFACE_QUERY,
    SIO_ROUTING_INTERFACE_CHANGE,
    SIO_GET_INTERFACE_LIST,
    SIO_GET_INTERFACE_LIST_EX,
    SIO_GET_BROADCAST_ADDRESS,
    SIO_GET_EXTENSION_FUNCTION_POINTER,
    SIO_BASE_HANDLE,
    SIO_BSP_HANDLE,
    SIO_KEEPALIVE_VALS,
    SIO_MULTICAST_SCOPE,
    SIO_MULTIPOINT_LOOPBACK,
    SIO_UDP_CONNRESET,
    SIO_TCP_INFO,
    SIO_IDEAL_SEND_BACKLOG_QUERY,
    SIO_QUERY_RSS_SCALABILITY_INFO,
    SIO_ENABLE_CIRCULAR_QUEUEING,
    SIO_CPU_AFFINITY,
    SIO_LOOPBACK_FAST_PATH,
    ControlCode(0xdead_beef),
];

fn sockaddr(a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(v) => SockAddr::V4(SocketAddrV4::new(v, 0)).to_bytes(Arch::X64),
        IpAddr::V6(v) => SockAddr::V6(SocketAddrV6::new(v, 0, 0, 0)).to_bytes(Arch::X64),
    }
}

/// Valid inputs of `code` for the model (destinations, values, structures).
fn valid_inputs(code: ControlCode, m: &Model) -> Vec<Vec<u8>> {
    let u = |v: u32| v.to_le_bytes().to_vec();
    match code {
        SIO_ROUTING_INTERFACE_QUERY | SIO_ROUTING_INTERFACE_CHANGE => {
            let (b4, g4) = m.base_v4;
            let (b6, g6) = m.base_v6;
            let near4 = Ipv4Addr::from(u32::from(b4) ^ 0x7f);
            let near6 = Ipv6Addr::from(u128::from(b6) ^ 0x99);
            [
                IpAddr::V4(g4),
                IpAddr::V4(near4),
                IpAddr::V4(Ipv4Addr::new(198, 51, 100, 77)),
                IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)),
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                IpAddr::V6(g6),
                IpAddr::V6(near6),
                IpAddr::V6("2001:db8:1::77".parse().expect("literal")),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ]
            .into_iter()
            .map(sockaddr)
            .chain([vec![0u8; 16]])
            .collect()
        }
        SIO_KEEPALIVE_VALS => [(1, 10_000, 1_000), (0, 100, 100), (1, 0, 0)]
            .into_iter()
            .map(|(onoff, t, i)| {
                TcpKeepalive {
                    onoff,
                    keepalivetime: t,
                    keepaliveinterval: i,
                }
                .to_bytes(Arch::X64)
            })
            .collect(),
        SIO_GET_EXTENSION_FUNCTION_POINTER => {
            vec![WSAID_ACCEPTEX.to_bytes(Arch::X64), vec![0xde; 16]]
        }
        SIO_TCP_INFO => vec![u(0), u(1), u(2)],
        SIO_CPU_AFFINITY => vec![vec![1, 0]],
        FIONBIO => vec![u(0), u(1)],
        SIO_MULTICAST_SCOPE => vec![u(7), u(300)],
        _ => vec![u(0), u(1)],
    }
}

fn input_strategy(code: ControlCode, m: &Model) -> BoxedStrategy<Input> {
    let valid = valid_inputs(code, m);
    let short: Vec<Input> = valid
        .iter()
        .filter(|v| v.len() > 1)
        .map(|v| Input::Bytes(v[..v.len() - 1].to_vec()))
        .collect();
    prop_oneof![
        1 => select(vec![Input::Null(0), Input::Null(16), Input::Bytes(Vec::new())]),
        1 => select(if short.is_empty() { vec![Input::Null(4)] } else { short }),
        4 => select(valid.into_iter().map(Input::Bytes).collect::<Vec<_>>()),
    ]
    .boxed()
}

fn output_strategy() -> BoxedStrategy<Output> {
    prop_oneof![
        1 => select(vec![Output::Null(0), Output::Null(16), Output::Null(4096)]),
        4 => select(vec![0u32, 1, 3, 4, 8, 15, 16, 27, 28, 75, 76, 152, 512, 4096])
            .prop_map(Output::Len),
    ]
    .boxed()
}

/// The addresses the steps may add.
fn pool_addrs() -> Vec<(IpAddr, u8)> {
    [
        ("198.51.100.1", 24),
        ("203.0.113.5", 24),
        ("2001:db8:1::1", 64),
        ("2001:db8:2::1", 64),
    ]
    .into_iter()
    .map(|(a, l)| (a.parse::<IpAddr>().expect("literal"), l))
    .collect()
}

/// The routes the steps may add (through the model's gateways).
fn pool_routes(m: &Model) -> Vec<(IpAddr, u8, IpAddr)> {
    let (_, g4) = m.base_v4;
    let (_, g6) = m.base_v6;
    vec![
        (IpAddr::V4(Ipv4Addr::new(10, 1, 0, 0)), 16, IpAddr::V4(g4)),
        (IpAddr::V4(Ipv4Addr::new(10, 0, 0, 0)), 8, IpAddr::V4(g4)),
        (
            "2001:db8:ff00::".parse().expect("literal"),
            40,
            IpAddr::V6(g6),
        ),
    ]
}

/// Undoes every mutation the steps can make on the real system (errors ignored: most are not
/// there), so that each case starts from the same host even after a failed one.
pub fn reset<T: Target>(m: &Model) {
    for (d, l, g) in pool_routes(m) {
        let _ = T::mutate(&Mutation::RemoveRoute(d, l, g), m.if_index);
    }
    for (a, l) in pool_addrs() {
        let _ = T::mutate(&Mutation::RemoveAddress(a, l), m.if_index);
    }
}

fn mutation_strategy(m: &Model) -> BoxedStrategy<Mutation> {
    let adds: Vec<Mutation> = pool_addrs()
        .into_iter()
        .filter(|a| !m.added_addrs.contains(a))
        .map(|(a, l)| Mutation::AddAddress(a, l))
        .collect();
    let routes: Vec<Mutation> = pool_routes(m)
        .into_iter()
        .filter(|r| !m.added_routes.contains(r))
        .map(|(d, l, g)| Mutation::AddRoute(d, l, g))
        .collect();
    let mut all: Vec<Mutation> = adds;
    all.extend(routes);
    all.extend(
        m.added_addrs
            .iter()
            .map(|&(a, l)| Mutation::RemoveAddress(a, l)),
    );
    all.extend(
        m.added_routes
            .iter()
            .map(|&(d, l, g)| Mutation::RemoveRoute(d, l, g)),
    );
    if all.is_empty() {
        return Just(Mutation::AddAddress(
            "198.51.100.1".parse().expect("literal"),
            24,
        ))
        .boxed();
    }
    select(all).boxed()
}

fn blocks(m: &Model, step: &Step) -> bool {
    match step {
        Step::Ioctl {
            slot,
            code,
            overlapped: false,
            ..
        } if matches!(
            *code,
            SIO_ADDRESS_LIST_CHANGE | SIO_ROUTING_INTERFACE_CHANGE | SIO_IDEAL_SEND_BACKLOG_CHANGE
        ) =>
        {
            !m.slots
                .get(*slot)
                .and_then(Option::as_ref)
                .is_some_and(|s| s.nonblocking)
        }
        _ => false,
    }
}

impl<T: Target> ReferenceStateMachine for EmulatedReference<T> {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        let m = Model::of(&T::host()).expect(
            "the target's host needs an up interface with IPv4 and IPv6 addresses and default \
             routes of both families",
        );
        Just(m).boxed()
    }

    fn transitions(m: &Model) -> BoxedStrategy<Step> {
        let open = (
            select(vec![Fam::V4, Fam::V6]),
            select(vec![Ty::Stream, Ty::Dgram]),
        )
            .prop_map(|(f, t)| Step::Open(f, t));
        let live = m.live();
        if live.is_empty() {
            return prop_oneof![3 => open, 1 => mutation_strategy(m).prop_map(Step::Mutate)]
                .boxed();
        }
        let model = m.clone();
        let ioctl = (select(live.clone()), select(CODES.to_vec()))
            .prop_flat_map(move |(slot, code)| {
                (
                    Just(slot),
                    Just(code),
                    input_strategy(code, &model),
                    output_strategy(),
                    prop::bool::weighted(0.3),
                )
            })
            .prop_map(|(slot, code, input, output, overlapped)| Step::Ioctl {
                slot,
                code,
                input,
                output,
                overlapped,
            });
        prop_oneof![
            2 => open,
            1 => select(live.clone()).prop_map(Step::Close),
            2 => select(live.clone()).prop_map(Step::Bind),
            1 => select(live).prop_map(Step::Listen),
            10 => ioctl,
            2 => mutation_strategy(m).prop_map(Step::Mutate),
        ]
        .boxed()
    }

    fn preconditions(m: &Model, step: &Step) -> bool {
        let live = |s: &usize| m.slots.get(*s).is_some_and(Option::is_some);
        match step {
            Step::Open(..) => m.slots.len() < 8,
            Step::Close(s) | Step::Bind(s) | Step::Listen(s) => live(s),
            Step::Ioctl { slot, .. } => live(slot) && !blocks(m, step),
            Step::Mutate(Mutation::AddAddress(a, l)) => !m.added_addrs.contains(&(*a, *l)),
            Step::Mutate(Mutation::RemoveAddress(a, l)) => m.added_addrs.contains(&(*a, *l)),
            Step::Mutate(Mutation::AddRoute(d, l, g)) => !m.added_routes.contains(&(*d, *l, *g)),
            Step::Mutate(Mutation::RemoveRoute(d, l, g)) => m.added_routes.contains(&(*d, *l, *g)),
        }
    }

    fn apply(mut m: Model, step: &Step) -> Model {
        match step {
            Step::Open(family, ty) => m.slots.push(Some(SlotState {
                family: *family,
                ty: *ty,
                bound: false,
                listening: false,
                nonblocking: false,
            })),
            Step::Close(s) => m.slots[*s] = None,
            Step::Bind(s) => {
                if let Some(x) = m.slots[*s].as_mut() {
                    x.bound = true;
                }
            }
            Step::Listen(s) => {
                if let Some(x) = m.slots[*s].as_mut()
                    && x.bound
                    && x.ty == Ty::Stream
                {
                    x.listening = true;
                }
            }
            Step::Ioctl {
                slot,
                code: FIONBIO,
                input: Input::Bytes(b),
                ..
            } if b.len() >= 4 => {
                if let Some(x) = m.slots[*slot].as_mut() {
                    x.nonblocking = b[..4] != [0, 0, 0, 0];
                }
            }
            Step::Ioctl { .. } => {}
            Step::Mutate(mu) => match mu {
                Mutation::AddAddress(a, l) => m.added_addrs.push((*a, *l)),
                Mutation::RemoveAddress(a, l) => m.added_addrs.retain(|x| x != &(*a, *l)),
                Mutation::AddRoute(d, l, g) => m.added_routes.push((*d, *l, *g)),
                Mutation::RemoveRoute(d, l, g) => m.added_routes.retain(|x| x != &(*d, *l, *g)),
            },
        }
        m
    }
}

/// Both stacks, and what is open and pending on them.
pub struct Pair {
    /// The emulated stack (the reference).
    pub reference: Ws2,
    /// The stack over the system under test.
    pub sut: Ws2,
    reference_provider: Arc<EmulatedProvider>,
    /// Sockets by slot: (reference, system under test).
    sockets: Vec<Option<(Socket, Socket)>>,
    /// Overlapped requests issued: (step, reference OVERLAPPED, system under test OVERLAPPED).
    overlapped: Vec<(String, Overlapped, Overlapped)>,
}

impl fmt::Debug for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pair")
            .field("sockets", &self.sockets)
            .field("overlapped", &self.overlapped.len())
            .finish()
    }
}

impl Pair {
    /// Builds both stacks: the emulated provider over `host` (default profile), and `sut`.
    pub fn new(host: Host, sut: Arc<dyn Provider>) -> Self {
        let reference_provider = Arc::new(EmulatedProvider::new(host, Profile::default()));
        Pair {
            reference: Ws2::new(reference_provider.clone()),
            sut: Ws2::new(sut),
            reference_provider,
            sockets: Vec::new(),
            overlapped: Vec::new(),
        }
    }

    fn slot(&self, s: usize) -> (Socket, Socket) {
        self.sockets[s].expect("invariant: the model only uses open slots")
    }

    /// Waits (up to 3 s) until the system under test has as many requests completed and in
    /// flight as the reference (its notifications arrive asynchronously).
    pub fn settle(&self) {
        let deadline = Instant::now() + Duration::from_secs(3);
        while self.sut.request_counts() != self.reference.request_counts()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Compares the request counts and every OVERLAPPED issued so far.
    pub fn check(&self) -> Result<(), String> {
        let (r, s) = (self.reference.request_counts(), self.sut.request_counts());
        if r != s {
            return Err(format!(
                "overlapped requests (completed, in flight): reference {r:?}, system under test {s:?}"
            ));
        }
        for (what, ro, so) in &self.overlapped {
            let a = (ro.internal(), ro.internal_high(), ro.output());
            let b = (so.internal(), so.internal_high(), so.output());
            if a != b {
                return Err(format!(
                    "{what}: OVERLAPPED (Internal, InternalHigh, output) reference {a:?}, system \
                     under test {b:?}"
                ));
            }
        }
        Ok(())
    }

    /// Runs `step` on both stacks and compares the outcomes (except [`DIFFERENCES`]).
    pub fn step<T: Target>(&mut self, m: &Model, step: &Step) -> Result<(), String> {
        let pair = |r: Result<(), crate::WsaError>, s: Result<(), crate::WsaError>| {
            if r == s {
                Ok(())
            } else {
                Err(format!(
                    "{step:?}: reference {r:?}, system under test {s:?}"
                ))
            }
        };
        match step {
            Step::Open(f, t) => {
                let (ty, proto) = match t {
                    Ty::Stream => (1, 6),
                    Ty::Dgram => (2, 17),
                };
                let r = self.reference.socket(f.af(), ty, proto);
                let s = self.sut.socket(f.af(), ty, proto);
                match (r, s) {
                    (Ok(a), Ok(b)) => {
                        self.sockets.push(Some((a, b)));
                        Ok(())
                    }
                    (r, s) => Err(format!(
                        "{step:?}: reference {r:?}, system under test {s:?}"
                    )),
                }
            }
            Step::Close(i) => {
                let (a, b) = self.slot(*i);
                self.sockets[*i] = None;
                let r = pair(self.reference.closesocket(a), self.sut.closesocket(b));
                self.settle();
                r
            }
            Step::Bind(i) => {
                let (a, b) = self.slot(*i);
                let fam = m.slots[*i].as_ref().map_or(Fam::V4, |x| x.family);
                let addr = match fam {
                    Fam::V4 => sockaddr(IpAddr::V4(m.base_v4.0)),
                    Fam::V6 => sockaddr(IpAddr::V6(m.base_v6.0)),
                };
                pair(self.reference.bind(a, &addr), self.sut.bind(b, &addr))
            }
            Step::Listen(i) => {
                let (a, b) = self.slot(*i);
                pair(self.reference.listen(a, 4), self.sut.listen(b, 4))
            }
            Step::Ioctl {
                slot,
                code,
                input,
                output,
                overlapped,
            } => {
                let (a, b) = self.slot(*slot);
                let run = |ws2: &Ws2, s: Socket| {
                    let ov = Overlapped::new();
                    let mut out = match output {
                        Output::Len(n) => Some(vec![0xccu8; *n as usize]),
                        Output::Null(_) => None,
                    };
                    let (inp, null_in) = match input {
                        Input::Null(n) => (None, *n),
                        Input::Bytes(b) => (Some(&b[..]), 0),
                    };
                    let r = ws2.wsa_ioctl_args(IoctlArgs {
                        socket: s,
                        code: *code,
                        input: inp,
                        null_input_len: null_in,
                        output: out.as_deref_mut(),
                        null_output_len: match output {
                            Output::Null(n) => *n,
                            Output::Len(_) => 0,
                        },
                        bytes_returned_null: false,
                        completion: if *overlapped {
                            Completion::Overlapped(ov.clone())
                        } else {
                            Completion::None
                        },
                    });
                    (r, out, ov)
                };
                let (ro, rout, rov) = run(&self.reference, a);
                let (so, sout, sov) = run(&self.sut, b);
                let fail = |what: &str, x: &dyn fmt::Debug, y: &dyn fmt::Debug| {
                    Err(format!(
                        "{step:?}: {what}: reference {x:?}, system under test {y:?}"
                    ))
                };
                if ro != so {
                    return fail("outcome", &ro, &so);
                }
                // Documented differences: TCP_INFO's statistics; each stack's own handle.
                let norm = |out: &Option<Vec<u8>>, s: Socket| {
                    out.clone().map(|mut v| {
                        if matches!(*code, SIO_BASE_HANDLE | SIO_BSP_HANDLE)
                            && v.len() >= 8
                            && v[..8] == s.0.to_le_bytes()
                        {
                            v[..8].fill(0xaa);
                        }
                        v
                    })
                };
                // The order of the addresses in a list is the host's: the emulated host keeps
                // insertion order, Linux its own (IPv6: newest first within a scope) — compare
                // the lists as sets, their sizes exactly.
                let listed = |out: &Option<Vec<u8>>| -> Option<Vec<String>> {
                    let v = out.as_ref()?;
                    let mut e: Vec<String> = match *code {
                        SIO_ADDRESS_LIST_QUERY => {
                            crate::wire::address_list::SocketAddressList::parse(v, Arch::X64)
                                .ok()?
                                .entries
                                .iter()
                                .map(|x| format!("{:?}", (x.length, &x.addr)))
                                .collect()
                        }
                        SIO_GET_INTERFACE_LIST => {
                            let n = ro.bytes_returned().unwrap_or(0) as usize;
                            crate::wire::interface_info::InterfaceList::parse(
                                v.get(..n)?,
                                Arch::X64,
                            )
                            .ok()?
                            .0
                            .iter()
                            .map(|x| format!("{x:?}"))
                            .collect()
                        }
                        _ => return None,
                    };
                    e.sort();
                    Some(e)
                };
                let same = match (ro.ret(), *code) {
                    (0, SIO_ADDRESS_LIST_QUERY | SIO_GET_INTERFACE_LIST) => {
                        listed(&rout) == listed(&sout)
                    }
                    (_, SIO_TCP_INFO) => true,
                    _ => norm(&rout, a) == norm(&sout, b),
                };
                if !same {
                    return fail("output buffer", &rout, &sout);
                }
                if *overlapped {
                    self.overlapped.push((format!("{step:?}"), rov, sov));
                }
                self.check()
            }
            Step::Mutate(mu) => {
                let idx = m.if_index;
                let r = self
                    .reference_provider
                    .mutate_host(|h| apply_mutation(h, mu, idx));
                if let Err(e) = r {
                    return Err(format!("{mu:?} on the reference host: {e}"));
                }
                T::mutate(mu, idx)?;
                self.settle();
                self.check()
            }
        }
    }
}

/// `m` applied to an emulated host (metrics as the kernel's defaults: 0 for IPv4 routes, 1024
/// for IPv6).
pub fn apply_mutation(h: &mut Host, m: &Mutation, if_index: u32) -> Result<Changes, HostError> {
    match *m {
        Mutation::AddAddress(a, l) => h.add_address(if_index, a, l),
        Mutation::RemoveAddress(a, _) => h.remove_address(if_index, a),
        Mutation::AddRoute(d, l, g) => h.add_route(Route {
            destination: d,
            prefix_len: l,
            gateway: Some(g),
            if_index,
            metric: if d.is_ipv4() { 0 } else { 1024 },
        }),
        Mutation::RemoveRoute(d, l, g) => h.remove_route(
            Route {
                destination: d,
                prefix_len: l,
                gateway: Some(g),
                if_index,
                metric: 0,
            }
            .key(),
        ),
    }
}

/// The state machine test over target `T`.
#[derive(Debug)]
pub struct Conformance<T>(PhantomData<T>);

/// The system under test with its model snapshot (for teardown).
#[derive(Debug)]
pub struct Sut {
    /// Both stacks.
    pub pair: Pair,
}

impl<T: Target> StateMachineTest for Conformance<T> {
    type SystemUnderTest = Sut;
    type Reference = EmulatedReference<T>;

    fn init_test(m: &Model) -> Sut {
        reset::<T>(m);
        Sut {
            pair: Pair::new(T::host(), T::provider()),
        }
    }

    fn apply(mut sut: Sut, m: &Model, step: Step) -> Sut {
        // `m` is the state *after* the step; the step itself needs the state before only for
        // the bind address (unchanged by any step) and the interface index (fixed).
        if let Err(e) = sut.pair.step::<T>(m, &step) {
            panic!("conformance: {e}");
        }
        sut
    }

    fn teardown(sut: Sut, m: Model) {
        drop(sut);
        reset::<T>(&m);
    }
}
