//! The Linux provider through the API layer, each beside its raw Linux baseline in the same run
//! (report ratios, not absolute times):
//!
//! * `fionread/{raw_ioctl,provider,wsaioctl}` — `ioctl(FIONREAD)` on a UDP socket vs the
//!   provider's `LPWSPIoctl(FIONREAD)` alone vs `WSAIoctl(FIONREAD)` through `Ws2` over
//!   `LinuxProvider` (goal ≤ 1.1×);
//! * `interface_list/{getifaddrs,wsaioctl}` — `getifaddrs`+`freeifaddrs` vs
//!   `WSAIoctl(SIO_GET_INTERFACE_LIST)` (goal ≤ 1.2×);
//! * `routing_query/{raw_rtm_getroute,wsaioctl}` — one prebuilt RTM_GETROUTE sent and its reply
//!   received on an open netlink socket vs `WSAIoctl(SIO_ROUTING_INTERFACE_QUERY)` (goal ≤ 1.2×);
//! * `address_change/latency` — from the RTM_NEWADDR request that adds an address to the
//!   completion of a pending overlapped `SIO_ADDRESS_LIST_CHANGE` being observed (event
//!   signalled); median and p99 are printed. Needs root (a private network namespace with a
//!   veth pair); skipped with a message otherwise.
//!
//! Run with `cargo bench --bench linux -- --warm-up-time 1 --measurement-time 3`.
#![allow(unsafe_code)]

#[cfg(all(target_os = "linux", feature = "linux"))]
mod linux {
    use std::hint::black_box;
    use std::net::{IpAddr, Ipv4Addr, SocketAddrV4};
    use std::os::fd::AsRawFd;
    use std::process::Command;
    use std::sync::Arc;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use criterion::Criterion;
    use netlink_packet_core::{
        NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST, NetlinkHeader, NetlinkMessage,
        NetlinkPayload,
    };
    use netlink_packet_route::address::{AddressAttribute, AddressMessage};
    use netlink_packet_route::route::{RouteAddress, RouteAttribute, RouteMessage};
    use netlink_packet_route::{AddressFamily, RouteNetlinkMessage};
    use netlink_sys::{Socket as NlSocket, SocketAddr as NlAddr, protocols::NETLINK_ROUTE};
    use wsaioctl::WsaError;
    use wsaioctl::api::{Completion, Overlapped, Winsock};
    use wsaioctl::ioctl::{
        FIONREAD, SIO_ADDRESS_LIST_CHANGE, SIO_GET_INTERFACE_LIST, SIO_ROUTING_INTERFACE_QUERY,
    };
    use wsaioctl::linux::LinuxProvider;
    use wsaioctl::spi::{BytesReturned, InBuf, OutBuf, Provider, SocketKind, ThreadId};
    use wsaioctl::wire::sockaddr::SockAddr;
    use wsaioctl::wire::{Arch, Repr};
    use wsaioctl::ws2::Ws2;

    fn stack() -> Ws2 {
        Ws2::new(Arc::new(LinuxProvider::new().expect("netlink sockets")))
    }

    pub fn fionread(c: &mut Criterion) {
        let mut g = c.benchmark_group("fionread");
        let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("loopback UDP socket");
        let fd = sock.as_raw_fd();
        g.bench_function("raw_ioctl", |b| {
            b.iter(|| {
                let mut n: libc::c_int = 0;
                // SAFETY: fd is a live socket owned by `sock`; FIONREAD writes one c_int to `n`.
                let r = unsafe { libc::ioctl(black_box(fd), libc::FIONREAD, &mut n) };
                black_box((r, n))
            })
        });
        // The provider alone (LPWSPIoctl), without the API layer's own work.
        let p = LinuxProvider::new().expect("netlink sockets");
        let ps = p
            .socket(SocketKind {
                family: 2,
                ty: 2,
                protocol: 17,
            })
            .expect("UDP socket");
        g.bench_function("provider", |b| {
            let mut out = [0u8; 4];
            b.iter(|| {
                let mut bytes = BytesReturned::new(0);
                let mut errno = WsaError::NO_ERROR;
                black_box(p.ioctl(
                    black_box(ps),
                    FIONREAD,
                    InBuf::null(0),
                    OutBuf::new(&mut out),
                    &mut bytes,
                    None,
                    ThreadId(1),
                    &mut errno,
                ))
            })
        });
        let ws2 = stack();
        let s = ws2.socket(2, 2, 17).expect("UDP socket");
        g.bench_function("wsaioctl", |b| {
            let mut out = [0u8; 4];
            b.iter(|| {
                black_box(ws2.wsa_ioctl(
                    black_box(s),
                    FIONREAD,
                    None,
                    Some(&mut out),
                    Completion::None,
                ))
            })
        });
        g.finish();
    }

    pub fn interface_list(c: &mut Criterion) {
        let mut g = c.benchmark_group("interface_list");
        g.bench_function("getifaddrs", |b| {
            b.iter(|| {
                let mut ifap: *mut libc::ifaddrs = std::ptr::null_mut();
                // SAFETY: getifaddrs writes a list head to `ifap`, freed right after.
                let r = unsafe { libc::getifaddrs(&mut ifap) };
                assert_eq!(r, 0);
                black_box(ifap);
                // SAFETY: `ifap` came from a successful getifaddrs and is freed once.
                unsafe { libc::freeifaddrs(ifap) };
            })
        });
        let ws2 = stack();
        let s = ws2.socket(2, 2, 17).expect("UDP socket");
        let mut out = vec![0u8; 76 * 64];
        g.bench_function("wsaioctl", |b| {
            b.iter(|| {
                black_box(ws2.wsa_ioctl(
                    s,
                    SIO_GET_INTERFACE_LIST,
                    None,
                    Some(&mut out),
                    Completion::None,
                ))
            })
        });
        g.finish();
    }

    /// A destination this host routes somewhere (the default route if any, else loopback).
    fn destination() -> Ipv4Addr {
        let ws2 = stack();
        let s = ws2.socket(2, 2, 17).expect("UDP socket");
        let probe: Ipv4Addr = "192.0.2.1".parse().unwrap();
        let input = SockAddr::V4(SocketAddrV4::new(probe, 0)).to_bytes(Arch::X64);
        let mut out = [0u8; 16];
        let r = ws2.wsa_ioctl(
            s,
            SIO_ROUTING_INTERFACE_QUERY,
            Some(&input),
            Some(&mut out),
            Completion::None,
        );
        if r.ret() == 0 {
            probe
        } else {
            Ipv4Addr::new(127, 0, 0, 2)
        }
    }

    fn nl_bytes(msg: RouteNetlinkMessage, flags: u16, seq: u32) -> Vec<u8> {
        let mut h = NetlinkHeader::default();
        h.flags = flags;
        h.sequence_number = seq;
        let mut p = NetlinkMessage::new(h, NetlinkPayload::from(msg));
        p.finalize();
        let mut buf = vec![0; p.buffer_len()];
        p.serialize(&mut buf);
        buf
    }

    pub fn routing_query(c: &mut Criterion) {
        let mut g = c.benchmark_group("routing_query");
        let dst = destination();
        let mut m = RouteMessage::default();
        m.header.address_family = AddressFamily::Inet;
        m.header.destination_prefix_length = 32;
        m.attributes
            .push(RouteAttribute::Destination(RouteAddress::from(IpAddr::V4(
                dst,
            ))));
        let req = nl_bytes(RouteNetlinkMessage::GetRoute(m), NLM_F_REQUEST, 1);
        let mut nl = NlSocket::new(NETLINK_ROUTE).expect("netlink socket");
        nl.bind_auto().unwrap();
        nl.connect(&NlAddr::new(0, 0)).unwrap();
        let mut rbuf = vec![0u8; 64 * 1024];
        g.bench_function("raw_rtm_getroute", |b| {
            b.iter(|| {
                nl.send(&req, 0).unwrap();
                let mut slice: &mut [u8] = &mut rbuf[..];
                black_box(nl.recv(&mut slice, 0).unwrap())
            })
        });
        let ws2 = stack();
        let s = ws2.socket(2, 2, 17).expect("UDP socket");
        let input = SockAddr::V4(SocketAddrV4::new(dst, 0)).to_bytes(Arch::X64);
        let mut out = [0u8; 16];
        g.bench_function("wsaioctl", |b| {
            b.iter(|| {
                black_box(ws2.wsa_ioctl(
                    s,
                    SIO_ROUTING_INTERFACE_QUERY,
                    Some(&input),
                    Some(&mut out),
                    Completion::None,
                ))
            })
        });
        g.finish();
    }

    fn is_root() -> bool {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("Uid:"))
                    .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
            })
            .unwrap_or(false)
    }

    fn ip(args: &str) {
        let ok = Command::new("ip")
            .args(args.split_whitespace())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "ip {args}");
    }

    /// One RTM_NEWADDR / RTM_DELADDR of 192.0.2.100/24 on `index`, acknowledged.
    fn change_address(nl: &NlSocket, index: u32, add: bool, seq: u32, rbuf: &mut [u8]) {
        let mut m = AddressMessage::default();
        m.header.family = AddressFamily::Inet;
        m.header.prefix_len = 24;
        m.header.index = index;
        let a = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 100));
        m.attributes.push(AddressAttribute::Local(a));
        m.attributes.push(AddressAttribute::Address(a));
        let (msg, flags) = if add {
            (
                RouteNetlinkMessage::NewAddress(m),
                NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
            )
        } else {
            (
                RouteNetlinkMessage::DelAddress(m),
                NLM_F_REQUEST | NLM_F_ACK,
            )
        };
        nl.send(&nl_bytes(msg, flags, seq), 0).unwrap();
        let mut slice: &mut [u8] = rbuf;
        nl.recv(&mut slice, 0).unwrap();
    }

    /// Runs in a private network namespace: answers each request for `n` samples with the
    /// latencies (address added → completion observed).
    fn latency_worker(rx: mpsc::Receiver<u64>, tx: mpsc::Sender<Vec<Duration>>) {
        // SAFETY: unshare(2) with CLONE_NEWNET only moves this thread into a new namespace.
        assert_eq!(unsafe { libc::unshare(libc::CLONE_NEWNET) }, 0);
        ip("link set lo up");
        ip("link add wa0 type veth peer name wb0");
        ip("link set wa0 up");
        ip("link set wb0 up");
        // `ip -o link show wa0` starts with "N: wa0@wb0: …".
        let out = Command::new("ip")
            .args(["-o", "link", "show", "wa0"])
            .output()
            .unwrap();
        let index: u32 = String::from_utf8_lossy(&out.stdout)
            .split(':')
            .next()
            .and_then(|n| n.trim().parse().ok())
            .expect("index of wa0");
        let mut nl = NlSocket::new(NETLINK_ROUTE).unwrap();
        nl.bind_auto().unwrap();
        nl.connect(&NlAddr::new(0, 0)).unwrap();
        let mut rbuf = vec![0u8; 8192];
        let ws2 = stack();
        let s = ws2.socket(2, 2, 17).unwrap();
        let ev = ws2.wsa_create_event().unwrap();
        let mut seq = 10;
        while let Ok(n) = rx.recv() {
            let mut samples = Vec::with_capacity(n as usize);
            for _ in 0..n {
                ws2.wsa_reset_event(ev).unwrap();
                let ov = Overlapped::with_event(ev);
                let r = ws2.wsa_ioctl(
                    s,
                    SIO_ADDRESS_LIST_CHANGE,
                    None,
                    None,
                    Completion::Overlapped(ov),
                );
                assert_eq!(r.ret(), -1);
                seq += 1;
                let t0 = Instant::now();
                change_address(&nl, index, true, seq, &mut rbuf);
                assert_eq!(
                    ws2.wsa_wait_for_multiple_events(&[ev], false, 5000, false),
                    0
                );
                samples.push(t0.elapsed());
                // Remove it again, and let that notification complete a request too, so the
                // next sample starts clean.
                ws2.wsa_reset_event(ev).unwrap();
                let ov = Overlapped::with_event(ev);
                let _ = ws2.wsa_ioctl(
                    s,
                    SIO_ADDRESS_LIST_CHANGE,
                    None,
                    None,
                    Completion::Overlapped(ov),
                );
                seq += 1;
                change_address(&nl, index, false, seq, &mut rbuf);
                assert_eq!(
                    ws2.wsa_wait_for_multiple_events(&[ev], false, 5000, false),
                    0
                );
            }
            if tx.send(samples).is_err() {
                break;
            }
        }
    }

    pub fn address_change(c: &mut Criterion) {
        if !is_root() {
            eprintln!("address_change/latency: skipped — needs root (a private network namespace)");
            return;
        }
        let (req_tx, req_rx) = mpsc::channel();
        let (res_tx, res_rx) = mpsc::channel();
        let worker = std::thread::spawn(move || latency_worker(req_rx, res_tx));
        let mut all = Vec::new();
        let mut g = c.benchmark_group("address_change");
        g.sample_size(20);
        g.bench_function("latency", |b| {
            b.iter_custom(|iters| {
                req_tx.send(iters).unwrap();
                let samples = res_rx.recv().unwrap();
                let total = samples.iter().sum();
                all.extend(samples);
                total
            })
        });
        g.finish();
        drop(req_tx);
        worker.join().unwrap();
        all.sort();
        if !all.is_empty() {
            let pct = |p: f64| all[((all.len() - 1) as f64 * p).round() as usize];
            println!(
                "address_change/latency: {} samples, median {:?}, p99 {:?}, max {:?}",
                all.len(),
                pct(0.5),
                pct(0.99),
                all[all.len() - 1]
            );
        }
    }
}

#[cfg(all(target_os = "linux", feature = "linux"))]
criterion::criterion_group!(
    benches,
    linux::fionread,
    linux::interface_list,
    linux::routing_query,
    linux::address_change
);
#[cfg(all(target_os = "linux", feature = "linux"))]
criterion::criterion_main!(benches);

#[cfg(not(all(target_os = "linux", feature = "linux")))]
fn main() {
    eprintln!("benches/linux.rs: the Linux provider is not built on this target");
}
