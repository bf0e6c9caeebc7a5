//! The Linux backend: the scenarios, and single calls, against the real Linux stack — the same
//! API layer ([`Ws2`]) over [`LinuxProvider`] instead of the emulated provider.
//!
//! # What is real
//!
//! Sockets are real sockets; a `connected` socket is a real loopback connection (a listening
//! socket, `connect`, `accept`), and its peer a real socket; `deliver` is a `send` from the peer
//! (`MSG_OOB` for urgent data, so the kernel marks the last byte urgent). Host mutations are real
//! changes made with `ip` (`ip addr add/del`, `ip link set … up/down`, `ip route add/del`), and a
//! mutation reports the changes it made as read back from the kernel (the bindable addresses and
//! the static routes of each family before and after, compared as the emulated host defines a
//! change). The calls' answers come from the kernel through the provider's translations
//! (`docs/linux-translations.md`).
//!
//! # Private namespaces only
//!
//! A scenario runs in a **network namespace of its own**: a thread `unshare(CLONE_NEWNET)`s,
//! builds the scenario's `[host]` there, and runs the scenario; the namespace disappears with
//! the thread. The backend refuses every host mutation unless it runs in such a namespace, and
//! checks before each `ip` command that the calling thread is still inside it (and not in the
//! namespace it came from) — it never changes the interfaces of the machine it runs on.
//! Without `CAP_SYS_ADMIN` no namespace can be made and [`run_linux`] / [`probe`] fail with a
//! [`UsageError`] instead. A single call ([`call_linux`] without a host) needs no namespace: it
//! only creates sockets, in the current namespace, and answers for this machine.
//!
//! # How a host is realised
//!
//! | host | Linux |
//! |---|---|
//! | loopback interface (must be index 1) | `lo`: its addresses made the host's, `multicast on/off`; a host without one gets `lo` without addresses, down |
//! | point-to-point interface | a `tun` device (`ip tuntap`), kept attached (carrier) by the backend |
//! | any other interface (must have `broadcast`) | a veth end with the host's index and `numrxqueues` = `rss_queues`; its peer is up in a second private namespace (so it is not an interface of this host); `addrgenmode none` (no automatic link-local address) |
//! | `multicast`, `up`, MTU (when Linux accepts it: 68–65535, loopback up to 2³¹−1) | `ip link set` |
//! | address | `ip addr add` (`nodad` for IPv6; `preferred_lft 0` when deprecated) |
//! | interface metric, route metric | Linux has no interface metric: a route's metric is route + interface metric + 1 (IPv6 has no metric 0), the on-link route of an address 256 + interface metric + 1 (`ip addr add … metric`) |
//! | static route | `ip route add … onlink`, ties (same prefix and metric) added in interface-index order (Linux prefers the first added, the emulated host the lower index) |
//! | down interface | `ip link set … down` with `keep_addr_on_down` on (Windows keeps the addresses of a disconnected adapter) |
//!
//! The names are the host's, shortened to what Linux accepts (15 bytes, no blanks, `/` or
//! `:`); names and the loopback MTU are the only attributes not carried over, and no control
//! code reports them. After building, the backend reads the namespace back
//! ([`crate::linux::read_host`]) and compares it with the host (interfaces and their flags,
//! receive queues, addresses and their flags, static routes and metrics): a difference is a
//! setup failure. A host that cannot be realised faithfully — a temporary or tentative address
//! (Linux sets these itself), a loopback interface at another index than 1, a non-loopback
//! interface at index 1, an interface neither broadcast nor point-to-point, several receive
//! queues on a loopback or point-to-point interface, a static route on a down interface (Linux
//! drops it) — makes the scenario "not applicable to linux", with the reason.
//!
//! After a host mutation the backend waits [`MUTATION_SETTLE`] for the kernel's notifications to
//! reach the provider's listener thread (the emulated host completes requests synchronously);
//! after data is sent, [`DATA_SETTLE`] for it to cross loopback. Taking a link up again re-adds
//! its static routes (Linux deletes the routes of a link that goes down; Windows keeps
//! persistent routes).

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::os::fd::OwnedFd;
use std::process::Command;
use std::sync::atomic::AtomicU16;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::api::{Event, IoctlArgs, IoctlOutcome, Socket, Winsock};
use crate::emulated::host::{Changes, Family, Host, HostAddress, IfFlags};
use crate::emulated::route::{ON_LINK_METRIC, Route};
use crate::error::{UsageError, WsaError};
use crate::linux::{LinuxProvider, read_host, sys};
use crate::profile::Profile;
use crate::wire::Arch;
use crate::ws2::Ws2;

use super::backend::{Backend, Mutation, Opened, Parsed, harness_ports, open_socket};
use super::call::{self, CallReport, CallSpec, SocketCtx, SocketSpec};
use super::format::{LINUX, Scenario};
use super::runner::{self, Report};

/// How long a mutation waits for the kernel's notifications to reach the provider.
pub const MUTATION_SETTLE: Duration = Duration::from_millis(150);
/// How long a `send` / `deliver` waits for the data to cross loopback.
pub const DATA_SETTLE: Duration = Duration::from_millis(20);
/// How long a link is given to report carrier after it is brought up.
const CARRIER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one scenario may run in its namespace before it counts as hung.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);
/// Added to every Linux route metric: IPv6 turns a metric of 0 into 1024.
const METRIC_OFFSET: u32 = 1;
/// Windows `MSG_OOB`.
const MSG_OOB: i32 = 0x1;
/// The window handle and message given to `WSAAsyncSelect` (as the emulated backend).
const ASYNC_HWND: u64 = 0x0001_0010;
const ASYNC_MSG: u32 = 0x0400 + 1;

// ---- namespaces -----------------------------------------------------------------------------

/// The network namespace of the calling thread, as `/proc` names it (`net:[4026531840]`).
fn namespace_id() -> Result<String, String> {
    std::fs::read_link("/proc/thread-self/ns/net")
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| format!("reading /proc/thread-self/ns/net: {e}"))
}

/// A private network namespace the calling thread entered (`unshare(CLONE_NEWNET)`): every
/// host change goes through its `ip` method, which checks the thread is still inside it.
#[derive(Debug)]
pub struct Namespace {
    inside: String,
    outside: String,
}

impl Namespace {
    /// Moves the calling thread into a new network namespace. Errors: not permitted (no
    /// `CAP_SYS_ADMIN`), or `/proc` cannot tell the namespaces apart.
    fn enter() -> Result<Self, String> {
        let outside = namespace_id()?;
        sys::unshare_netns().map_err(|e| {
            format!(
                "unshare(CLONE_NEWNET) failed: {e} — the linux backend builds each scenario's \
                 host in a private network namespace, which needs root (CAP_SYS_ADMIN); it \
                 never changes this machine's interfaces"
            )
        })?;
        let inside = namespace_id()?;
        if inside == outside {
            return Err("unshare(CLONE_NEWNET) left the thread in its namespace".into());
        }
        Ok(Self { inside, outside })
    }

    /// The calling thread is in this namespace (and not the one it came from).
    fn check(&self) -> Result<(), String> {
        let now = namespace_id()?;
        if now == self.inside && now != self.outside {
            Ok(())
        } else {
            Err(format!(
                "refusing to change the host: this thread is in network namespace {now}, not \
                 the private namespace {} the backend made",
                self.inside
            ))
        }
    }

    /// `ip ARGS…` in this namespace.
    fn ip(&self, args: &[&str]) -> Result<(), String> {
        self.check()?;
        let out = Command::new("ip")
            .args(args)
            .output()
            .map_err(|e| format!("running `ip` (iproute2): {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "ip {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// Writes `value` to `/proc/sys/net/KEY` (per namespace: the calling thread's).
    fn sysctl(&self, key: &str, value: &str) -> Result<(), String> {
        self.check()?;
        let path = format!("/proc/sys/net/{key}");
        std::fs::write(&path, value).map_err(|e| format!("writing {path}: {e}"))
    }
}

/// Runs `f` on a new thread inside a new private network namespace with `lo` up; the namespace
/// ends with the thread. `Err` when no namespace can be made (the message says why); a body
/// still running after `timeout` is abandoned and reported as `Ok(None)`.
fn in_private_namespace<R: Send + 'static>(
    timeout: Duration,
    f: impl FnOnce(&Namespace) -> R + Send + 'static,
) -> Result<Option<R>, UsageError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("wsaioctl-netns".into())
        .spawn(move || {
            let ns = match Namespace::enter() {
                Ok(ns) => ns,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            if let Err(e) = ns.ip(&["link", "set", "lo", "up"]) {
                let _ = tx.send(Err(e));
                return;
            }
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&ns)));
            let _ = tx.send(Ok(r));
        })
        .map_err(|e| UsageError::Other(format!("spawning the namespace thread: {e}")))?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(Ok(r))) => Ok(Some(r)),
        Ok(Ok(Err(panic))) => std::panic::resume_unwind(panic),
        Ok(Err(e)) => Err(UsageError::Other(format!("linux backend: {e}"))),
        Err(_) => Ok(None),
    }
}

/// Checks that the linux backend can run here: a private network namespace can be made and
/// `ip` works in it. Errors say why not (not root, no iproute2); nothing is changed.
pub fn probe() -> Result<(), UsageError> {
    in_private_namespace(Duration::from_secs(30), |_| ())?
        .ok_or_else(|| UsageError::Other("linux backend: making a namespace timed out".into()))
}

/// An `ip` command for the peer namespace's thread, and where its result goes.
type PeerCommand = (Vec<String>, mpsc::Sender<Result<(), String>>);

/// A second private namespace holding the veth peers, so that they are no interfaces of the
/// scenario's host; `ip` commands run in it through a channel to its thread.
struct PeerNamespace {
    /// `/proc/PID/task/TID/ns/net`, for `ip link add … peer … netns PATH`.
    path: String,
    tx: Option<mpsc::Sender<PeerCommand>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PeerNamespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeerNamespace")
            .field("path", &self.path)
            .finish()
    }
}

impl PeerNamespace {
    fn start() -> Result<Self, String> {
        let (tx, rx) = mpsc::channel::<PeerCommand>();
        let (ready_tx, ready) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("wsaioctl-netns-peers".into())
            .spawn(move || {
                let ns = match Namespace::enter().and_then(|ns| {
                    let me = std::fs::read_link("/proc/thread-self")
                        .map_err(|e| format!("reading /proc/thread-self: {e}"))?;
                    Ok((ns, format!("/proc/{}/ns/net", me.to_string_lossy())))
                }) {
                    Ok((ns, path)) => {
                        let _ = ready_tx.send(Ok(path));
                        ns
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                for (args, reply) in rx {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let _ = reply.send(ns.ip(&args));
                }
            })
            .map_err(|e| format!("spawning the peer namespace thread: {e}"))?;
        let path = ready
            .recv()
            .map_err(|_| "the peer namespace thread ended".to_string())??;
        Ok(Self {
            path,
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    fn ip(&self, args: &[&str]) -> Result<(), String> {
        let (reply, answer) = mpsc::channel();
        self.tx
            .as_ref()
            .ok_or("the peer namespace is closed")?
            .send((args.iter().map(|a| a.to_string()).collect(), reply))
            .map_err(|_| "the peer namespace thread ended".to_string())?;
        answer
            .recv()
            .map_err(|_| "the peer namespace thread ended".to_string())?
    }
}

impl Drop for PeerNamespace {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---- realising a host -----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    Loopback,
    Veth,
    Tun,
}

#[derive(Debug, Clone)]
struct LinkPlan {
    index: u32,
    name: String,
    kind: LinkKind,
    up: bool,
    multicast: bool,
    mtu: Option<u32>,
    rx_queues: u32,
    metric: u32,
    addresses: Vec<HostAddress>,
}

/// How a host is built in a namespace (module docs, "How a host is realised").
#[derive(Debug, Clone)]
pub struct HostPlan {
    host: Host,
    links: Vec<LinkPlan>,
}

/// `name` as Linux accepts it: at most 15 bytes, no blank, `/` or `:`; `fallback` when nothing
/// is left or it is taken.
fn linux_name(name: &str, fallback: String, taken: &BTreeSet<String>) -> String {
    let mut n: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    n.truncate(15);
    if n.is_empty() || n == "." || n == ".." || n == "lo" || taken.contains(&n) {
        fallback
    } else {
        n
    }
}

impl HostPlan {
    /// The plan for `host`, or why it cannot be realised faithfully on Linux.
    pub fn new(host: &Host) -> Result<Self, String> {
        let mut links = Vec::new();
        let mut taken = BTreeSet::new();
        for i in host.interfaces() {
            let f = i.flags();
            let what = format!("interface {} ({:?})", i.index(), i.name());
            let kind = if f.contains(IfFlags::LOOPBACK) {
                if i.index() != 1 {
                    return Err(format!(
                        "{what} is a loopback interface at index {}: Linux's lo is always index 1",
                        i.index()
                    ));
                }
                if f.contains(IfFlags::BROADCAST) || f.contains(IfFlags::POINT_TO_POINT) {
                    return Err(format!(
                        "{what}: Linux's lo is neither broadcast nor point-to-point"
                    ));
                }
                LinkKind::Loopback
            } else if i.index() == 1 {
                return Err(format!(
                    "{what} is not a loopback interface: index 1 is Linux's lo"
                ));
            } else if f.contains(IfFlags::POINT_TO_POINT) {
                if f.contains(IfFlags::BROADCAST) {
                    return Err(format!(
                        "{what} is both broadcast and point-to-point: no Linux device is"
                    ));
                }
                if !std::path::Path::new("/dev/net/tun").exists() {
                    return Err(format!(
                        "{what} is point-to-point: its stand-in, a tun device, needs /dev/net/tun"
                    ));
                }
                LinkKind::Tun
            } else if f.contains(IfFlags::BROADCAST) {
                LinkKind::Veth
            } else {
                return Err(format!(
                    "{what} is neither broadcast nor point-to-point: no Linux device stands in \
                     for it"
                ));
            };
            if i.rss_queues() > 1 && kind != LinkKind::Veth {
                return Err(format!(
                    "{what} has {} receive queues: only its Ethernet stand-in (veth) can have more \
                     than one",
                    i.rss_queues()
                ));
            }
            for a in i.addresses() {
                if a.temporary() {
                    return Err(format!(
                        "{what} has the temporary address {a}: Linux makes temporary addresses \
                         only through IPv6 privacy extensions"
                    ));
                }
                if a.tentative() {
                    return Err(format!(
                        "{what} has the tentative address {a}: Linux holds an address tentative \
                         only while its own duplicate address detection runs"
                    ));
                }
            }
            let name = match kind {
                LinkKind::Loopback => "lo".to_string(),
                _ => linux_name(i.name(), format!("if{}", i.index()), &taken),
            };
            taken.insert(name.clone());
            let mtu = match kind {
                LinkKind::Loopback => (i.mtu() <= i32::MAX as u32).then_some(i.mtu()),
                _ => (68..=65535).contains(&i.mtu()).then_some(i.mtu()),
            };
            links.push(LinkPlan {
                index: i.index(),
                name,
                kind,
                up: i.is_up(),
                multicast: f.contains(IfFlags::MULTICAST),
                mtu,
                rx_queues: i.rss_queues().max(1),
                metric: i.metric(),
                addresses: i.addresses().to_vec(),
            });
        }
        for r in host.routes() {
            if let Some(l) = links.iter().find(|l| l.index == r.if_index)
                && !l.up
            {
                return Err(format!(
                    "the static route {}/{} is on interface {}, which is down: Linux deletes the \
                     routes of a link that is down",
                    r.destination, r.prefix_len, r.if_index
                ));
            }
        }
        Ok(Self {
            host: host.clone(),
            links,
        })
    }

    fn link(&self, index: u32) -> Option<&LinkPlan> {
        self.links.iter().find(|l| l.index == index)
    }
}

/// The Linux metric of the on-link route of an address on an interface with `if_metric`.
fn on_link_metric(if_metric: u32) -> u32 {
    ON_LINK_METRIC + if_metric + METRIC_OFFSET
}

/// `ip addr add` arguments for `a` on `dev`.
fn addr_add_args(a: &HostAddress, dev: &str, if_metric: u32, loopback: bool) -> Vec<String> {
    let mut v = vec![
        "addr".into(),
        "add".into(),
        format!("{}/{}", a.addr(), a.prefix_len()),
        "dev".into(),
        dev.into(),
    ];
    if a.addr().is_ipv6() {
        v.push("nodad".into());
    }
    if loopback {
        v.extend(["scope".into(), "host".into()]);
    } else {
        v.extend(["metric".into(), on_link_metric(if_metric).to_string()]);
    }
    if a.deprecated() {
        v.extend([
            "preferred_lft".into(),
            "0".into(),
            "valid_lft".into(),
            "forever".into(),
        ]);
    }
    v
}

/// `ip route add|replace|del` arguments for `r` through `dev`.
fn route_args(verb: &str, r: &Route, dev: &str, metric: Option<u32>) -> Vec<String> {
    let mut v = vec![
        if r.destination.is_ipv6() { "-6" } else { "-4" }.to_string(),
        "route".into(),
        verb.into(),
        format!("{}/{}", r.destination, r.prefix_len),
    ];
    if let Some(g) = r.gateway {
        v.extend(["via".into(), g.to_string()]);
    }
    v.extend(["dev".into(), dev.into()]);
    if let Some(m) = metric {
        v.extend(["metric".into(), m.to_string()]);
    }
    if r.gateway.is_some() && verb != "del" {
        v.push("onlink".into());
    }
    v
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// What was built: the interface names and metrics, and what keeps the links alive.
#[derive(Debug)]
struct Realised {
    plan: HostPlan,
    peers: Option<PeerNamespace>,
    /// The tun devices' descriptors (their carrier).
    tun: Vec<OwnedFd>,
}

impl Realised {
    fn name(&self, index: u32) -> Option<&str> {
        self.plan.link(index).map(|l| l.name.as_str())
    }

    fn metric(&self, index: u32) -> u32 {
        self.plan.link(index).map_or(0, |l| l.metric)
    }
}

fn read() -> Result<Host, String> {
    read_host().map_err(|e| format!("reading the namespace back (netlink): {e}"))
}

/// Waits until every link of `plan` reads up or down as planned.
fn wait_links(want: &[(u32, bool)]) -> Result<(), String> {
    let deadline = Instant::now() + CARRIER_TIMEOUT;
    loop {
        let h = read()?;
        let pending: Vec<u32> = want
            .iter()
            .filter(|(i, up)| h.interface(*i).map(|x| x.is_up()) != Some(*up))
            .map(|(i, _)| *i)
            .collect();
        if pending.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "interfaces {pending:?} did not reach their state within {CARRIER_TIMEOUT:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn realise(plan: &HostPlan, ns: &Namespace) -> Result<Realised, String> {
    ns.sysctl("ipv6/conf/all/keep_addr_on_down", "1")?;
    ns.sysctl("ipv6/conf/default/keep_addr_on_down", "1")?;
    let mut r = Realised {
        plan: plan.clone(),
        peers: None,
        tun: Vec::new(),
    };
    // lo: the host's loopback interface, or nothing visible.
    ns.ip(&["addr", "flush", "dev", "lo"])?;
    match plan.links.iter().find(|l| l.kind == LinkKind::Loopback) {
        Some(l) => {
            let mc = if l.multicast { "on" } else { "off" };
            ns.ip(&["link", "set", "lo", "multicast", mc])?;
            if let Some(m) = l.mtu {
                ns.ip(&["link", "set", "lo", "mtu", &m.to_string()])?;
            }
            for a in &l.addresses {
                ns.ip(&strs(&addr_add_args(a, "lo", l.metric, true)))?;
            }
        }
        None => ns.ip(&["link", "set", "lo", "down"])?,
    }
    // Ethernet stand-ins, each with the host's index; peers in a namespace of their own.
    for l in plan.links.iter().filter(|l| l.kind == LinkKind::Veth) {
        if r.peers.is_none() {
            r.peers = Some(PeerNamespace::start()?);
        }
        let peers = r.peers.as_ref().expect("just started");
        let peer = format!("wsp{}", l.index);
        let (index, queues) = (l.index.to_string(), l.rx_queues.to_string());
        let mut args = vec![
            "link",
            "add",
            "name",
            &l.name,
            "index",
            &index,
            "numrxqueues",
            &queues,
        ];
        let mtu = l.mtu.map(|m| m.to_string());
        if let Some(m) = &mtu {
            args.extend(["mtu", m]);
        }
        args.extend(["type", "veth", "peer", "name", &peer, "netns", &peers.path]);
        ns.ip(&args)?;
        peers.ip(&["link", "set", &peer, "up"])?;
    }
    // Point-to-point stand-ins: tun devices, whose index the kernel picks — devices it gives a
    // lower index than wanted are kept aside until every link exists.
    let mut aside = Vec::new();
    for l in plan.links.iter().filter(|l| l.kind == LinkKind::Tun) {
        loop {
            ns.ip(&["tuntap", "add", "mode", "tun", "name", &l.name])?;
            let got = read()?
                .interfaces()
                .find(|i| i.name() == l.name)
                .map(|i| i.index())
                .ok_or_else(|| format!("the tun device {} did not appear", l.name))?;
            if got == l.index {
                break;
            }
            if got > l.index {
                return Err(format!(
                    "the kernel gave the tun device for interface {} index {got}",
                    l.index
                ));
            }
            let spare = format!("wsx{got}");
            ns.ip(&["link", "set", &l.name, "name", &spare])?;
            aside.push(spare);
        }
        let fd = sys::tun_attach(&l.name)
            .map_err(|e| format!("attaching to the tun device {}: {e}", l.name))?;
        r.tun.push(fd);
        if let Some(m) = l.mtu {
            ns.ip(&["link", "set", &l.name, "mtu", &m.to_string()])?;
        }
    }
    for spare in aside {
        ns.ip(&["tuntap", "del", "mode", "tun", "name", &spare])?;
    }
    for l in plan.links.iter().filter(|l| l.kind != LinkKind::Loopback) {
        let mc = if l.multicast { "on" } else { "off" };
        ns.ip(&["link", "set", &l.name, "addrgenmode", "none"])?;
        ns.ip(&["link", "set", &l.name, "multicast", mc])?;
        ns.ip(&["link", "set", &l.name, "up"])?;
    }
    for l in plan.links.iter().filter(|l| l.kind != LinkKind::Loopback) {
        for a in &l.addresses {
            ns.ip(&strs(&addr_add_args(a, &l.name, l.metric, false)))?;
        }
    }
    let up: Vec<(u32, bool)> = plan.links.iter().map(|l| (l.index, true)).collect();
    wait_links(&up)?;
    // Ties (same destination and metric) in interface-index order: Linux prefers the first.
    let mut routes: Vec<Route> = plan.host.routes().collect();
    routes.sort_by_key(|x| {
        (
            x.destination,
            x.prefix_len,
            x.metric + r.metric(x.if_index),
            x.if_index,
        )
    });
    for x in &routes {
        let dev = r
            .name(x.if_index)
            .ok_or("a route names an unknown interface")?;
        let m = x.metric + r.metric(x.if_index) + METRIC_OFFSET;
        ns.ip(&strs(&route_args("add", x, dev, Some(m))))?;
    }
    for l in plan.links.iter().filter(|l| !l.up) {
        ns.ip(&["link", "set", &l.name, "down"])?;
    }
    let want: Vec<(u32, bool)> = plan.links.iter().map(|l| (l.index, l.up)).collect();
    wait_links(&want)?;
    let problems = compare_hosts(plan, &read()?);
    if problems.is_empty() {
        Ok(r)
    } else {
        Err(format!(
            "the namespace does not match the scenario's host: {}",
            problems.join("; ")
        ))
    }
}

/// The differences between the host `plan` describes and the host read back from the
/// namespace, over what the control codes can observe (module docs).
fn compare_hosts(plan: &HostPlan, got: &Host) -> Vec<String> {
    let mut problems = Vec::new();
    let addrs =
        |a: &[HostAddress]| -> BTreeSet<String> { a.iter().map(|a| a.to_string()).collect() };
    for l in &plan.links {
        let Some(want) = plan.host.interface(l.index) else {
            continue;
        };
        let Some(g) = got.interface(l.index) else {
            problems.push(format!("interface {} is missing", l.index));
            continue;
        };
        if g.flags() != want.flags() {
            problems.push(format!(
                "interface {}: flags {:?}, not {:?}",
                l.index,
                g.flags(),
                want.flags()
            ));
        }
        if l.kind != LinkKind::Loopback && g.rss_queues() != want.rss_queues() {
            problems.push(format!(
                "interface {}: {} receive queues, not {}",
                l.index,
                g.rss_queues(),
                want.rss_queues()
            ));
        }
        if addrs(g.addresses()) != addrs(want.addresses()) {
            problems.push(format!(
                "interface {}: addresses {:?}, not {:?}",
                l.index,
                addrs(g.addresses()),
                addrs(want.addresses())
            ));
        }
    }
    for g in got.interfaces() {
        if plan.host.interface(g.index()).is_none() && !g.addresses().is_empty() {
            problems.push(format!(
                "interface {} ({}) is not in the host but has addresses",
                g.index(),
                g.name()
            ));
        }
    }
    let want_routes: BTreeSet<(IpAddr, u8, Option<IpAddr>, u32, u32)> = plan
        .host
        .routes()
        .map(|r| {
            let m = r.metric + plan.link(r.if_index).map_or(0, |l| l.metric) + METRIC_OFFSET;
            (r.destination, r.prefix_len, r.gateway, r.if_index, m)
        })
        .collect();
    let got_routes: BTreeSet<(IpAddr, u8, Option<IpAddr>, u32, u32)> = got
        .routes()
        .map(|r| (r.destination, r.prefix_len, r.gateway, r.if_index, r.metric))
        .collect();
    if want_routes != got_routes {
        problems.push(format!(
            "static routes {got_routes:?}, not {want_routes:?} (metrics: route + interface + \
             {METRIC_OFFSET})"
        ));
    }
    problems
}

/// What a host mutation changed, from the host read before and after it: for each family, a
/// different set of bindable addresses (interface, address, prefix, deprecated) is
/// `ADDRESS_f | ROUTE_f`; different static routes, or a link with addresses or routes of the
/// family going up or down, `ROUTE_f` (the emulated host's definition, module docs of
/// `emulated::host`, "Changes").
pub fn changes_between(before: &Host, after: &Host) -> Changes {
    let mut c = Changes::NONE;
    for f in Family::ALL {
        let view = |h: &Host| -> BTreeSet<(u32, IpAddr, u8, bool)> {
            h.bindable_addresses(f)
                .map(|(i, a)| (i.index(), a.addr(), a.prefix_len(), a.deprecated()))
                .collect()
        };
        if view(before) != view(after) {
            c |= Changes::address(f) | Changes::route(f);
        }
        let routes = |h: &Host| -> BTreeSet<(IpAddr, u8, Option<IpAddr>, u32, u32)> {
            h.routes()
                .filter(|r| Family::of(r.destination) == f)
                .map(|r| (r.destination, r.prefix_len, r.gateway, r.if_index, r.metric))
                .collect()
        };
        if routes(before) != routes(after) {
            c |= Changes::route(f);
        }
        for i in before.interfaces() {
            let flipped = after
                .interface(i.index())
                .is_some_and(|j| j.is_up() != i.is_up());
            let concerned = i.has_family(f)
                || before
                    .routes()
                    .any(|r| r.if_index == i.index() && Family::of(r.destination) == f);
            if flipped && concerned {
                c |= Changes::route(f);
            }
        }
    }
    c
}

// ---- the backend ----------------------------------------------------------------------------

/// What the backend owns when it runs in a private namespace.
#[derive(Debug)]
struct Private {
    realised: Realised,
    /// The host as the scenario's mutations left it (for names, prefixes and the static routes
    /// to restore when a link comes back up).
    mirror: Mutex<Host>,
}

/// The API layer over the Linux provider (see the module docs).
#[derive(Debug)]
pub struct Linux {
    ws2: Ws2,
    provider: Arc<LinuxProvider>,
    ports: AtomicU16,
    /// Each connected socket's peer, both ways (for `deliver`).
    peers: Mutex<BTreeMap<u64, Socket>>,
    /// `None`: the current namespace — host mutations are refused.
    private: Option<Private>,
    /// Set in a private namespace: the calling thread must be in it to change the host.
    ns: Option<Arc<Namespace>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Linux {
    /// The backend in the calling thread's current network namespace, behaving as `profile`:
    /// real sockets answering for this machine. Host mutations are refused.
    pub fn current(profile: Profile) -> Result<Self, UsageError> {
        Self::build(profile, None, None)
    }

    fn build(
        profile: Profile,
        private: Option<Private>,
        ns: Option<Arc<Namespace>>,
    ) -> Result<Self, UsageError> {
        let provider = Arc::new(LinuxProvider::with_profile(profile.clone()).map_err(|e| {
            UsageError::Other(format!("linux backend: opening the netlink sockets: {e}"))
        })?);
        let ws2 = Ws2::with_profile(provider.clone(), &profile);
        Ok(Self {
            ws2,
            provider,
            ports: harness_ports(),
            peers: Mutex::new(BTreeMap::new()),
            private,
            ns,
        })
    }

    /// The provider below.
    pub fn provider(&self) -> &Arc<LinuxProvider> {
        &self.provider
    }

    fn private(&self) -> Result<(&Private, &Namespace), UsageError> {
        match (&self.private, &self.ns) {
            (Some(p), Some(ns)) => Ok((p, ns)),
            _ => Err(UsageError::Other(
                "the linux backend changes a host only in a private network namespace it made; \
                 this one runs in the current namespace and refuses"
                    .into(),
            )),
        }
    }

    fn apply(&self, p: &Private, ns: &Namespace, m: Parsed) -> Result<(), String> {
        let r = &p.realised;
        let dev = |i: u32| -> Result<String, String> {
            r.name(i)
                .map(str::to_string)
                .ok_or_else(|| format!("no interface {i}"))
        };
        match m {
            Parsed::AddAddress(i, a, len) => {
                let ha = HostAddress::new(a, len).map_err(|e| e.to_string())?;
                ns.ip(&strs(&addr_add_args(&ha, &dev(i)?, r.metric(i), false)))
            }
            Parsed::RemoveAddress(i, a) => {
                let len = lock(&p.mirror)
                    .interface(i)
                    .and_then(|x| x.address(a))
                    .map(|x| x.prefix_len())
                    .ok_or_else(|| format!("interface {i} has no address {a}"))?;
                ns.ip(&["addr", "del", &format!("{a}/{len}"), "dev", &dev(i)?])
            }
            Parsed::Link(i, up) => {
                let name = dev(i)?;
                ns.ip(&["link", "set", &name, if up { "up" } else { "down" }])?;
                if up {
                    wait_links(&[(i, true)])?;
                    let routes: Vec<Route> = lock(&p.mirror)
                        .routes()
                        .filter(|x| x.if_index == i)
                        .collect();
                    for x in &routes {
                        let metric = x.metric + r.metric(i) + METRIC_OFFSET;
                        ns.ip(&strs(&route_args("replace", x, &name, Some(metric))))?;
                    }
                }
                Ok(())
            }
            Parsed::AddRoute(x) => {
                let metric = x.metric + r.metric(x.if_index) + METRIC_OFFSET;
                ns.ip(&strs(&route_args(
                    "add",
                    &x,
                    &dev(x.if_index)?,
                    Some(metric),
                )))
            }
            Parsed::RemoveRoute(k) => {
                let x = Route {
                    destination: k.destination,
                    prefix_len: k.prefix_len,
                    gateway: k.gateway,
                    if_index: k.if_index,
                    metric: 0,
                };
                ns.ip(&strs(&route_args("del", &x, &dev(k.if_index)?, None)))
            }
        }
    }
}

impl Backend for Linux {
    fn name(&self) -> &'static str {
        LINUX
    }

    fn profile_name(&self) -> String {
        self.provider.profile().name.clone()
    }

    fn arch(&self) -> Arch {
        self.provider.profile().arch
    }

    fn winsock(&self) -> &dyn Winsock {
        &self.ws2
    }

    fn open(&self, spec: &SocketSpec) -> Result<Opened, UsageError> {
        let o = open_socket(&self.ws2, &self.ports, spec)?;
        if let Some(p) = o.peer {
            let mut peers = lock(&self.peers);
            peers.insert(o.socket.0, p);
            peers.insert(p.0, o.socket);
        }
        Ok(o)
    }

    fn ioctl(&self, args: IoctlArgs<'_>, initial: u32) -> IoctlOutcome {
        self.ws2.wsa_ioctl_args_with_initial(args, initial)
    }

    fn mutate(&self, m: &Mutation) -> Result<Vec<&'static str>, UsageError> {
        let (p, ns) = self.private()?;
        let parsed = m.parse()?;
        // The emulated host's checks first (an unknown interface, an absent address…), on the
        // mirror of the host as the scenario left it.
        let mut next = lock(&p.mirror).clone();
        match parsed {
            Parsed::AddAddress(i, a, len) => next.add_address(i, a, len),
            Parsed::RemoveAddress(i, a) => next.remove_address(i, a),
            Parsed::Link(i, up) => next.set_link_up(i, up),
            Parsed::AddRoute(r) => next.add_route(r),
            Parsed::RemoveRoute(k) => next.remove_route(k),
        }
        .map_err(|e| UsageError::Other(format!("host mutation failed: {e}")))?;
        let before = read().map_err(UsageError::Other)?;
        self.apply(p, ns, parsed)
            .map_err(|e| UsageError::Other(format!("host mutation failed: {e}")))?;
        *lock(&p.mirror) = next;
        std::thread::sleep(MUTATION_SETTLE);
        let after = read().map_err(UsageError::Other)?;
        Ok(changes_between(&before, &after).names().collect())
    }

    fn deliver(&self, s: Socket, data: &[u8], urgent: bool) -> Result<(), WsaError> {
        let peer = *lock(&self.peers).get(&s.0).ok_or(WsaError::WSAENOTCONN)?;
        let flags = if urgent { MSG_OOB } else { 0 };
        self.ws2.send(peer, data, flags)?;
        std::thread::sleep(DATA_SETTLE);
        Ok(())
    }

    fn send(&self, s: Socket, data: &[u8], flags: i32) -> Result<usize, WsaError> {
        let n = self.ws2.send(s, data, flags)?;
        std::thread::sleep(DATA_SETTLE);
        Ok(n)
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

// ---- entry points ---------------------------------------------------------------------------

/// Builds `host` in the private namespace `ns` (the calling thread's) and a backend over it.
fn backend_in(ns: &Namespace, plan: &HostPlan, profile: Profile) -> Result<Linux, String> {
    let realised = realise(plan, ns)?;
    let private = Private {
        mirror: Mutex::new(plan.host.clone()),
        realised,
    };
    let ns = Arc::new(Namespace {
        inside: ns.inside.clone(),
        outside: ns.outside.clone(),
    });
    Linux::build(profile, Some(private), Some(ns)).map_err(|e| e.to_string())
}

/// Runs `scenario` on the Linux stack: in a new private network namespace its `[host]` is built
/// (module docs), then the steps run against the API layer over [`LinuxProvider`].
///
/// The report is "not applicable" when the scenario does not name `"linux"` in `backends` or
/// its host cannot be realised faithfully (the reason is given); a setup failure (the host
/// could not be built as planned, a socket could not be set up) fails the scenario.
///
/// Errors: no private namespace can be made (not root, no `ip`) — nothing has run.
pub fn run_linux(scenario: &Scenario) -> Result<Report, UsageError> {
    if !scenario.runs_on(LINUX) {
        return Ok(Report::not_applicable(
            scenario,
            LINUX,
            format!(
                "the scenario does not declare it (backends = [{}])",
                scenario
                    .backends
                    .iter()
                    .map(|b| format!("{b:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let plan = match HostPlan::new(&scenario.host) {
        Ok(p) => p,
        Err(why) => {
            return Ok(Report::not_applicable(
                scenario,
                LINUX,
                format!("its host cannot be built on Linux: {why}"),
            ));
        }
    };
    let s = scenario.clone();
    let r = in_private_namespace(RUN_TIMEOUT, move |ns| {
        match backend_in(ns, &plan, s.profile.clone()) {
            Ok(backend) => runner::run(&s, &backend),
            Err(e) => Report {
                setup_error: Some(format!("building the host: {e}")),
                ..Report::new(&s, LINUX)
            },
        }
    })?;
    Ok(r.unwrap_or_else(|| Report {
        setup_error: Some(format!(
            "the scenario did not finish within {RUN_TIMEOUT:?} (a call that never returned?)"
        )),
        ..Report::new(scenario, LINUX)
    }))
}

/// Runs `command` in a new private network namespace where `host` is built as a scenario's host
/// is (module docs, "How a host is realised"), and returns its exit status once it ends (or
/// after `timeout`: an error, the command left running). The command inherits the namespace:
/// everything it starts — a Windows program under Wine and Wine's server — sees exactly the
/// interfaces, addresses and routes of `host`, so a native Winsock run answers for the same
/// host as the emulated stack (`scripts/test-windows.sh` runs `check --backend windows` so).
///
/// Errors: no private namespace can be made (not root, no `ip`), `host` cannot be realised
/// faithfully on Linux, or the command cannot be started.
pub fn run_command_on_host(
    host: &Host,
    mut command: Command,
    timeout: Duration,
) -> Result<std::process::ExitStatus, UsageError> {
    let plan = HostPlan::new(host)
        .map_err(|why| UsageError::Other(format!("the host cannot be built on Linux: {why}")))?;
    let shown = format!("{command:?}");
    let r = in_private_namespace(timeout, move |ns| {
        // Kept alive (the veth peers, tun carriers) until the command ends.
        let _realised = realise(&plan, ns).map_err(|e| format!("building the host: {e}"))?;
        ns.check()?;
        command
            .status()
            .map_err(|e| format!("starting {command:?}: {e}"))
    })?;
    match r {
        Some(Ok(status)) => Ok(status),
        Some(Err(e)) => Err(UsageError::Other(e)),
        None => Err(UsageError::Other(format!(
            "{shown} did not end within {timeout:?}"
        ))),
    }
}

/// `WSAIoctl` as `spec` describes it, on the real Linux stack (`LinuxProvider` behaving as
/// `profile`, with `spec.arch` applied): on this machine as it is when `host` is `None` (no
/// namespace, nothing changed: sockets only, `connected` over loopback); else in a private
/// namespace where `host` is built first (needs root).
pub fn call_linux(
    spec: &CallSpec,
    profile: Profile,
    host: Option<&Host>,
) -> Result<CallReport, UsageError> {
    let profile = spec.profile(profile);
    let once = move |backend: &Linux, spec: &CallSpec| -> Result<CallReport, UsageError> {
        let opened = backend.open(&spec.socket)?;
        let mut ctx = SocketCtx {
            socket: opened.socket,
            event: opened.event,
            port: None,
        };
        Ok(call::call(backend, &mut ctx, &spec.args, &())?.report)
    };
    match host {
        None => once(&Linux::current(profile)?, spec),
        Some(h) => {
            let plan = HostPlan::new(h).map_err(|why| {
                UsageError::Other(format!("the host cannot be built on Linux: {why}"))
            })?;
            let spec = spec.clone();
            in_private_namespace(RUN_TIMEOUT, move |ns| {
                let backend = backend_in(ns, &plan, profile).map_err(UsageError::Other)?;
                once(&backend, &spec)
            })?
            .ok_or_else(|| UsageError::Other("the call did not return in time".into()))?
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_linux_accepts() {
        let none = BTreeSet::new();
        assert_eq!(linux_name("Ethernet", "if2".into(), &none), "Ethernet");
        assert_eq!(linux_name("Ethernet 2", "if9".into(), &none), "Ethernet_2");
        assert_eq!(
            linux_name("Loopback Pseudo-Interface 1", "x".into(), &none),
            "Loopback_Pseudo"
        );
        let taken: BTreeSet<String> = ["Wi-Fi".to_string()].into();
        assert_eq!(linux_name("Wi-Fi", "if3".into(), &taken), "if3");
        assert_eq!(linux_name("lo", "if4".into(), &none), "if4");
    }

    #[test]
    fn what_cannot_be_built() {
        let dual: Host = Host::from_toml_str(include_str!("../../fixtures/hosts/dual-nic.toml"))
            .expect("the fixture parses");
        let e = HostPlan::new(&dual).unwrap_err();
        assert!(e.contains("temporary"), "{e}");
        assert!(HostPlan::new(&Host::default_host()).is_ok());
    }

    #[test]
    fn metrics_fold_the_interface_metric_in() {
        let r = Route {
            destination: "0.0.0.0".parse().unwrap(),
            prefix_len: 0,
            gateway: Some("192.0.2.1".parse().unwrap()),
            if_index: 2,
            metric: 0,
        };
        assert_eq!(
            route_args("add", &r, "Ethernet", Some(26)).join(" "),
            "-4 route add 0.0.0.0/0 via 192.0.2.1 dev Ethernet metric 26 onlink"
        );
        assert_eq!(on_link_metric(25), 282);
    }

    #[test]
    fn changes_follow_the_emulated_definition() {
        let before = Host::default_host();
        let mut after = before.clone();
        let want = after
            .add_address(2, "198.51.100.5".parse().unwrap(), 24)
            .unwrap();
        assert_eq!(changes_between(&before, &after), want);
        let mut down = before.clone();
        let want = down.set_link_up(2, false).unwrap();
        assert_eq!(changes_between(&before, &down), want);
    }
}
