//! The Linux provider against the real kernel, each test in a private network namespace it
//! configures itself (veth pairs, IPv4 and IPv6 addresses, routes) — the oracle no one here
//! wrote: the assertions compare the Windows-shaped answers with what the test configured.
//!
//! Needs root (`unshare(CLONE_NEWNET)`, `ip`): skipped with a message otherwise, and failing
//! under `CI=true` (`require_root!`). Tests take the `netns` lock so that the descriptor and
//! thread counts of the leak test are not disturbed by the others.
#![cfg(all(target_os = "linux", feature = "linux"))]
#![allow(unsafe_code)]

mod common;

use std::net::{IpAddr, Ipv4Addr, SocketAddrV4, SocketAddrV6};
use std::process::Command;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::require_root;
use wsaioctl::api::{Completion, IoctlOutcome, Overlapped, Socket, Winsock};
use wsaioctl::ioctl::*;
use wsaioctl::linux::LinuxProvider;
use wsaioctl::spi::ProviderSocket;
use wsaioctl::wire::address_list::SocketAddressList;
use wsaioctl::wire::interface_info::InterfaceList;
use wsaioctl::wire::keepalive::TcpKeepalive;
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::{Arch, Repr};
use wsaioctl::ws2::Ws2;
use wsaioctl::{ControlCode, WsaError};

const AF_INET: u16 = 2;
const AF_INET6: u16 = 23;
const SOCK_STREAM: i32 = 1;
const SOCK_DGRAM: i32 = 2;

/// Runs `ip ARGS…` in the calling thread's namespace; panics with its stderr on failure.
fn ip(args: &str) {
    let out = Command::new("ip")
        .args(args.split_whitespace())
        .output()
        .expect("the `ip` command (iproute2) must be installed");
    assert!(
        out.status.success(),
        "ip {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `body` on a thread in a fresh network namespace with `lo` up; fails after 60 s (a hung
/// blocking call must not hang the suite).
fn in_netns<R: Send + 'static>(body: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = mpsc::channel();
    let t = std::thread::spawn(move || {
        // SAFETY: unshare(2) with CLONE_NEWNET only moves the calling thread into a new network
        // namespace; no memory is involved.
        let r = unsafe { libc::unshare(libc::CLONE_NEWNET) };
        assert_eq!(
            r,
            0,
            "unshare(CLONE_NEWNET): {}",
            std::io::Error::last_os_error()
        );
        ip("link set lo up");
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)));
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(r)) => {
            t.join().expect("the namespaced thread ends after sending");
            r
        }
        Ok(Err(p)) => std::panic::resume_unwind(p),
        Err(_) => panic!("the namespaced test body did not finish within 60 s"),
    }
}

/// The standard namespace: veth pair `wa0`/`wb0`, both up, no automatic link-local addresses;
/// `wa0` 192.0.2.10/24 and 2001:db8::10/64, `wb0` 192.0.2.20/24; default routes via 192.0.2.1
/// and 2001:db8::1 on `wa0`.
fn standard() {
    ip("link add wa0 type veth peer name wb0");
    ip("link set wa0 addrgenmode none");
    ip("link set wb0 addrgenmode none");
    ip("link set wa0 up");
    ip("link set wb0 up");
    ip("addr add 192.0.2.10/24 dev wa0");
    ip("addr add 2001:db8::10/64 dev wa0 nodad");
    ip("addr add 192.0.2.20/24 dev wb0");
    ip("route add default via 192.0.2.1 dev wa0");
    ip("-6 route add default via 2001:db8::1 dev wa0");
    wait_running("wa0");
    wait_running("wb0");
}

/// Waits until a link reports carrier (veth needs both ends up).
fn wait_running(dev: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let out = Command::new("ip")
            .args(["link", "show", dev])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout).contains("LOWER_UP") {
            return;
        }
        assert!(Instant::now() < deadline, "{dev} never came up");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stack() -> (Ws2, Arc<LinuxProvider>) {
    let p = Arc::new(LinuxProvider::new().expect("netlink sockets"));
    (Ws2::new(p.clone()), p)
}

fn v4(a: &str, port: u16) -> Vec<u8> {
    SockAddr::V4(SocketAddrV4::new(a.parse().unwrap(), port)).to_bytes(Arch::X64)
}

fn v6(a: &str, port: u16) -> Vec<u8> {
    SockAddr::V6(SocketAddrV6::new(a.parse().unwrap(), port, 0, 0)).to_bytes(Arch::X64)
}

fn ioctl_out(
    ws2: &Ws2,
    s: Socket,
    code: ControlCode,
    input: Option<&[u8]>,
    len: usize,
) -> (IoctlOutcome, Vec<u8>) {
    let mut out = vec![0u8; len];
    let r = ws2.wsa_ioctl(s, code, input, Some(&mut out), Completion::None);
    (r, out)
}

fn addresses(list: &SocketAddressList) -> Vec<IpAddr> {
    list.entries
        .iter()
        .filter_map(|e| e.addr.to_socket_addr().map(|a| a.ip()))
        .collect()
}

// ---- interface and address lists ---------------------------------------------------------

/// spec/002, SIO_GET_INTERFACE_LIST; Wine's `test_get_interface_list`: 76-byte entries, one per
/// IPv4 address, loopback included with IFF_LOOPBACK, broadcast 255.255.255.255 iff
/// IFF_BROADCAST, masks from the prefix lengths configured.
#[test]
fn interface_list_reports_what_was_configured() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        ip("addr add 198.51.100.5/25 dev wa0");
        let (ws2, _p) = stack();
        let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let (r, out) = ioctl_out(&ws2, s, SIO_GET_INTERFACE_LIST, None, 4096);
        let IoctlOutcome::Completed { bytes } = r else {
            panic!("{r:?}")
        };
        assert_eq!(bytes % 76, 0);
        let list = InterfaceList::parse(&out[..bytes as usize], Arch::X64).unwrap();
        let mut got: Vec<(Ipv4Addr, Ipv4Addr, u32, Ipv4Addr)> = list
            .0
            .iter()
            .map(|e| {
                // Without IFF_BROADCAST the broadcast sockaddr_gen is all zero, family included
                // (Wine's test_get_interface_list): read as 0.0.0.0 here.
                let ip = |a: &SockAddr| match a.to_socket_addr().map(|s| s.ip()) {
                    Some(IpAddr::V4(v)) => v,
                    Some(IpAddr::V6(_)) => panic!("IPv6 in SIO_GET_INTERFACE_LIST"),
                    None => {
                        assert_eq!(
                            a,
                            &SockAddr::Other {
                                family: 0,
                                data: vec![0; 22]
                            }
                        );
                        Ipv4Addr::UNSPECIFIED
                    }
                };
                (ip(&e.address), ip(&e.netmask), e.flags.0, ip(&e.broadcast))
            })
            .collect();
        got.sort();
        // IFF_UP 1, IFF_BROADCAST 2, IFF_LOOPBACK 4, IFF_MULTICAST 0x10 (ws2ipdef.h).
        let eth = 0x1 | 0x2 | 0x10;
        let bc = Ipv4Addr::BROADCAST;
        let mut want = vec![
            (
                "127.0.0.1".parse().unwrap(),
                "255.0.0.0".parse().unwrap(),
                0x1 | 0x4,
                Ipv4Addr::UNSPECIFIED,
            ),
            (
                "192.0.2.10".parse().unwrap(),
                "255.255.255.0".parse().unwrap(),
                eth,
                bc,
            ),
            (
                "192.0.2.20".parse().unwrap(),
                "255.255.255.0".parse().unwrap(),
                eth,
                bc,
            ),
            (
                "198.51.100.5".parse().unwrap(),
                "255.255.255.128".parse().unwrap(),
                eth,
                bc,
            ),
        ];
        want.sort();
        assert_eq!(got, want);

        // Too small: WSAEFAULT with *lpcbBytesReturned = 0 (Wine's test, output length 75).
        let (r, _) = ioctl_out(&ws2, s, SIO_GET_INTERFACE_LIST, None, 75);
        assert_eq!(
            r,
            IoctlOutcome::Failed {
                error: WsaError::WSAEFAULT,
                bytes_returned: Some(0)
            }
        );

        // A link taken down keeps its address in the list without IFF_UP.
        ip("link set wb0 down");
        let (r, out) = ioctl_out(&ws2, s, SIO_GET_INTERFACE_LIST, None, 4096);
        let list =
            InterfaceList::parse(&out[..r.bytes_returned().unwrap() as usize], Arch::X64).unwrap();
        let wb0 = list
            .0
            .iter()
            .find(|e| {
                e.address.to_socket_addr().unwrap().ip() == "192.0.2.20".parse::<IpAddr>().unwrap()
            })
            .expect("a down link is still listed");
        assert_eq!(wb0.flags.0 & 1, 0, "IFF_UP clear on a down link");
    });
}

/// spec/002 + observed-windows.md, SIO_ADDRESS_LIST_QUERY: the bindable addresses of the
/// socket's family — loopback excluded, tentative excluded, a down link's excluded.
#[test]
fn address_list_v4_and_v6() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        // A tentative address (DAD running on wb0, which has no automatic addresses).
        ip("addr add 2001:db8:1::20/64 dev wb0");
        let (ws2, _p) = stack();
        for (family, want) in [
            (AF_INET, vec!["192.0.2.10", "192.0.2.20"]),
            (AF_INET6, vec!["2001:db8::10"]),
        ] {
            let s = ws2.socket(family, SOCK_DGRAM, 17).unwrap();
            let r = ws2.wsa_ioctl(s, SIO_ADDRESS_LIST_QUERY, None, None, Completion::None);
            let IoctlOutcome::Failed {
                error: WsaError::WSAEFAULT,
                bytes_returned: Some(need),
            } = r
            else {
                panic!("{r:?}")
            };
            let (r, out) = ioctl_out(&ws2, s, SIO_ADDRESS_LIST_QUERY, None, need as usize);
            assert_eq!(r, IoctlOutcome::Completed { bytes: need });
            let list = SocketAddressList::parse(&out, Arch::X64).unwrap();
            let mut got = addresses(&list);
            got.sort();
            let want: Vec<IpAddr> = want.iter().map(|a| a.parse().unwrap()).collect();
            assert_eq!(got, want, "family {family}");
            // One byte: WSAEINVAL with 0 (Wine's test_address_list_query, length 1).
            let (r, _) = ioctl_out(&ws2, s, SIO_ADDRESS_LIST_QUERY, None, 1);
            assert_eq!(
                r,
                IoctlOutcome::Failed {
                    error: WsaError::WSAEINVAL,
                    bytes_returned: Some(0)
                }
            );
        }
        // A second pair; then one end of the first goes down: its address leaves the list, and
        // so does its peer's (a veth whose peer is down has no carrier — Windows' "media
        // disconnected").
        ip("link add wc0 type veth peer name wd0");
        ip("link set wc0 addrgenmode none");
        ip("link set wd0 addrgenmode none");
        ip("link set wc0 up");
        ip("link set wd0 up");
        ip("addr add 192.0.2.30/24 dev wc0");
        wait_running("wc0");
        ip("link set wb0 down");
        let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let (r, out) = ioctl_out(&ws2, s, SIO_ADDRESS_LIST_QUERY, None, 1024);
        assert!(matches!(r, IoctlOutcome::Completed { .. }), "{r:?}");
        let list = SocketAddressList::parse(&out, Arch::X64).unwrap();
        assert_eq!(
            addresses(&list),
            vec!["192.0.2.30".parse::<IpAddr>().unwrap()]
        );
    });
}

// ---- routing ------------------------------------------------------------------------------

fn route_query(ws2: &Ws2, s: Socket, dst: &[u8]) -> Result<IpAddr, WsaError> {
    let (r, out) = ioctl_out(ws2, s, SIO_ROUTING_INTERFACE_QUERY, Some(dst), 28);
    match r {
        IoctlOutcome::Completed { bytes } => Ok(SockAddr::parse_lenient(&out[..bytes as usize])
            .unwrap()
            .to_socket_addr()
            .unwrap()
            .ip()),
        IoctlOutcome::Failed { error, .. } => Err(error),
        IoctlOutcome::Pending => panic!("pending"),
    }
}

/// spec/002, SIO_ROUTING_INTERFACE_QUERY: the local address the kernel would send from;
/// WSAENETUNREACH without a route; the input rules of Wine's `test_sioRoutingInterfaceQuery`.
#[test]
fn routing_query_v4_v6_and_unreachable() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        ip("addr add 203.0.113.10/24 dev wb0");
        ip("route add 198.18.0.0/15 via 203.0.113.1 dev wb0");
        let (ws2, _p) = stack();
        let s4 = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let s6 = ws2.socket(AF_INET6, SOCK_DGRAM, 17).unwrap();
        let ip4 = |a: &str| a.parse::<IpAddr>().unwrap();
        assert_eq!(
            route_query(&ws2, s4, &v4("198.51.100.7", 0)),
            Ok(ip4("192.0.2.10"))
        );
        assert_eq!(
            route_query(&ws2, s4, &v4("198.19.1.1", 0)),
            Ok(ip4("203.0.113.10"))
        );
        assert_eq!(
            route_query(&ws2, s4, &v4("192.0.2.99", 0)),
            Ok(ip4("192.0.2.10"))
        );
        assert_eq!(
            route_query(&ws2, s4, &v4("127.0.0.1", 0)),
            Ok(ip4("127.0.0.1"))
        );
        assert_eq!(
            route_query(&ws2, s6, &v6("2001:db8:ffff::1", 0)),
            Ok(ip4("2001:db8::10"))
        );
        // Input rules shared with the emulated provider.
        assert_eq!(
            route_query(&ws2, s4, &v4("0.0.0.0", 0)),
            Err(WsaError::WSAEINVAL)
        );
        assert_eq!(
            route_query(&ws2, s4, &[0u8; 16]),
            Err(WsaError::WSAEAFNOSUPPORT)
        );
        assert_eq!(
            route_query(&ws2, s4, &v4("198.51.100.7", 0)[..15]),
            Err(WsaError::WSAEINVAL)
        );
        // No route at all.
        ip("route del default");
        ip("-6 route del default");
        assert_eq!(
            route_query(&ws2, s4, &v4("198.51.100.7", 0)),
            Err(WsaError::WSAENETUNREACH)
        );
        assert_eq!(
            route_query(&ws2, s6, &v6("2001:db8:ffff::1", 0)),
            Err(WsaError::WSAENETUNREACH)
        );
        // Short output: WSAEFAULT with the size needed.
        let mut out = [0u8; 15];
        let r = ws2.wsa_ioctl(
            s4,
            SIO_ROUTING_INTERFACE_QUERY,
            Some(&v4("192.0.2.99", 0)),
            Some(&mut out),
            Completion::None,
        );
        assert_eq!(
            r,
            IoctlOutcome::Failed {
                error: WsaError::WSAEFAULT,
                bytes_returned: Some(16)
            }
        );
    });
}

// ---- change notifications -------------------------------------------------------------------

/// Runs `cmd` (an `ip` command line) after `delay` on a helper thread spawned from the calling
/// (namespaced) thread, so it runs in the same namespace.
fn ip_later(delay: Duration, cmd: &'static str) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        ip(cmd);
    })
}

/// spec/000 + observed-windows.md, SIO_ADDRESS_LIST_CHANGE without OVERLAPPED on a blocking
/// socket: blocks until the address list changes — released here by `ip addr add` from another
/// thread of the namespace.
#[test]
fn address_change_blocking_is_released_by_a_new_address() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        let (ws2, _p) = stack();
        for (family, cmd) in [
            (AF_INET, "addr add 192.0.2.50/24 dev wa0"),
            (AF_INET6, "addr add 2001:db8::50/64 dev wa0 nodad"),
        ] {
            let s = ws2.socket(family, SOCK_DGRAM, 17).unwrap();
            let t0 = Instant::now();
            let helper = ip_later(Duration::from_millis(300), cmd);
            let r = ws2.wsa_ioctl(s, SIO_ADDRESS_LIST_CHANGE, None, None, Completion::None);
            assert_eq!(r, IoctlOutcome::Completed { bytes: 0 }, "family {family}");
            assert!(
                t0.elapsed() >= Duration::from_millis(250),
                "returned before the change"
            );
            helper.join().unwrap();
        }
    });
}

/// Wine's `test_sioAddressListChange`: nonblocking without OVERLAPPED → WSAEWOULDBLOCK; after
/// `WSAEventSelect(FD_ADDRESS_LIST_CHANGE)` a change signals the event (Windows, todo_wine).
#[test]
fn address_change_nonblocking_would_block_then_signals_the_event() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        let (ws2, _p) = stack();
        let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let mut one = 1u32;
        ws2.ioctlsocket(s, FIONBIO, &mut one).unwrap();
        let r = ws2.wsa_ioctl(s, SIO_ADDRESS_LIST_CHANGE, None, None, Completion::None);
        assert_eq!(r.error(), WsaError::WSAEWOULDBLOCK);
        let ev = ws2.wsa_create_event().unwrap();
        ws2.wsa_event_select(s, Some(ev), 1 << 9).unwrap(); // FD_ADDRESS_LIST_CHANGE
        assert_eq!(ws2.event_is_set(ev), Some(false));
        ip("addr add 192.0.2.51/24 dev wa0");
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[ev], false, 5000, false),
            0
        );
        assert_eq!(ws2.wsa_enum_network_events(s, Some(ev)).unwrap(), 1 << 9);
    });
}

/// Overlapped SIO_ADDRESS_LIST_CHANGE / SIO_ROUTING_INTERFACE_CHANGE: pending, then completed
/// by a change of the socket's family only.
#[test]
fn overlapped_changes_pend_and_complete_per_family() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        let (ws2, _p) = stack();
        let s4 = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let s6 = ws2.socket(AF_INET6, SOCK_DGRAM, 17).unwrap();
        let start = |s: Socket, code: ControlCode, input: Option<Vec<u8>>| {
            let ev = ws2.wsa_create_event().unwrap();
            let ov = Overlapped::with_event(ev);
            let r = ws2.wsa_ioctl(
                s,
                code,
                input.as_deref(),
                None,
                Completion::Overlapped(ov.clone()),
            );
            assert_eq!(r, IoctlOutcome::Pending, "{code:?}");
            (ev, ov)
        };
        let (a4, oa4) = start(s4, SIO_ADDRESS_LIST_CHANGE, None);
        let (a6, _) = start(s6, SIO_ADDRESS_LIST_CHANGE, None);
        let (r4, or4) = start(
            s4,
            SIO_ROUTING_INTERFACE_CHANGE,
            Some(v4("198.51.100.1", 0)),
        );
        let (r6, or6) = start(
            s6,
            SIO_ROUTING_INTERFACE_CHANGE,
            Some(v6("2001:db8:ffff::1", 0)),
        );
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[a4, a6, r4, r6], false, 200, false),
            258
        );

        // An IPv4 route: only the IPv4 routing request completes.
        ip("route add 198.51.100.0/24 via 192.0.2.1 dev wa0");
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[r4], false, 5000, false),
            0
        );
        assert_eq!(ws2.wsa_get_overlapped_result(s4, &or4, false), Ok((0, 0)));
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[a4, a6, r6], false, 200, false),
            258
        );

        // An IPv6 address: the IPv6 address request, and the IPv6 route request (its on-link
        // route comes with it).
        ip("addr add 2001:db8:5::1/64 dev wa0 nodad");
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[a6, r6], true, 5000, false),
            0
        );
        assert_eq!(ws2.wsa_get_overlapped_result(s6, &or6, false), Ok((0, 0)));
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[a4], false, 200, false),
            258
        );

        // And IPv4 addresses complete the last one.
        ip("addr add 192.0.2.52/24 dev wa0");
        assert_eq!(
            ws2.wsa_wait_for_multiple_events(&[a4], false, 5000, false),
            0
        );
        assert_eq!(ws2.wsa_get_overlapped_result(s4, &oa4, false), Ok((0, 0)));
        assert_eq!(ws2.request_counts().1, 0, "nothing left in flight");
    });
}

/// Wine's `test_sioAddressListChange`: closesocket with the request pending → the port
/// packet fails with ERROR_OPERATION_ABORTED (995); a blocked caller is released (WSAEINTR).
#[test]
fn close_aborts_a_pending_change_with_995() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        let (ws2, _p) = stack();
        let ws2 = Arc::new(ws2);
        let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let port = ws2.create_io_completion_port(Some(s), None, 123).unwrap();
        let ov = Overlapped::new();
        let r = ws2.wsa_ioctl(
            s,
            SIO_ADDRESS_LIST_CHANGE,
            None,
            None,
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        assert_eq!(
            ws2.get_queued_completion_status(port, 0).err(),
            Some(wsaioctl::Win32Error::WAIT_TIMEOUT)
        );
        ws2.closesocket(s).unwrap();
        let pk = ws2.get_queued_completion_status(port, 5000).unwrap();
        assert!(!pk.ok);
        assert_eq!(pk.error.0, 995);
        assert_eq!(pk.key, 123);
        assert!(pk.overlapped.unwrap().same(&ov));

        // A blocked caller, closed from another thread.
        let b = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let w2 = ws2.clone();
        let closer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            w2.closesocket(b).unwrap();
        });
        let r = ws2.wsa_ioctl(
            b,
            SIO_ROUTING_INTERFACE_CHANGE,
            Some(&v4("198.51.100.1", 0)),
            None,
            Completion::None,
        );
        assert_eq!(r.error(), WsaError::WSAEINTR);
        closer.join().unwrap();
    });
}

// ---- TCP options and urgent data ---------------------------------------------------------------

fn local_port(p: &LinuxProvider, s: Socket) -> u16 {
    let fd = p.try_clone_fd(ProviderSocket(s.0)).unwrap().unwrap();
    socket2::Socket::from(fd)
        .local_addr()
        .unwrap()
        .as_socket()
        .unwrap()
        .port()
}

/// A connected loopback TCP pair through the API layer: (client, accepted).
fn tcp_pair(ws2: &Ws2, p: &LinuxProvider) -> (Socket, Socket) {
    let l = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
    ws2.bind(l, &v4("127.0.0.1", 0)).unwrap();
    ws2.listen(l, 4).unwrap();
    let port = local_port(p, l);
    let c = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
    ws2.connect(c, &v4("127.0.0.1", port)).unwrap();
    let a = ws2.accept(l).unwrap();
    (c, a)
}

/// spec/002, SIO_KEEPALIVE_VALS: SO_KEEPALIVE on, TCP_KEEPIDLE / TCP_KEEPINTVL in whole
/// seconds rounded up (read back with getsockopt); spec/001: WSAENOPROTOOPT on a datagram
/// socket.
#[test]
fn keepalive_values_reach_the_kernel() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, p) = stack();
        let s = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
        let real = || socket2::Socket::from(p.try_clone_fd(ProviderSocket(s.0)).unwrap().unwrap());
        assert!(!real().keepalive().unwrap(), "off before");
        for (time, interval, idle_s, intvl_s) in [
            (10_000, 1_000, 10, 1),
            (1_500, 100, 2, 1),
            (7_200_000, 30_500, 7200, 31),
        ] {
            let ka = TcpKeepalive {
                onoff: 1,
                keepalivetime: time,
                keepaliveinterval: interval,
            };
            let r = ws2.wsa_ioctl(
                s,
                SIO_KEEPALIVE_VALS,
                Some(&ka.to_bytes(Arch::X64)),
                None,
                Completion::None,
            );
            assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
            let fd = real();
            assert!(fd.keepalive().unwrap());
            assert_eq!(
                fd.tcp_keepalive_time().unwrap(),
                Duration::from_secs(idle_s)
            );
            assert_eq!(
                fd.tcp_keepalive_interval().unwrap(),
                Duration::from_secs(intvl_s)
            );
        }
        let off = TcpKeepalive {
            onoff: 0,
            keepalivetime: 1000,
            keepaliveinterval: 1000,
        };
        let r = ws2.wsa_ioctl(
            s,
            SIO_KEEPALIVE_VALS,
            Some(&off.to_bytes(Arch::X64)),
            None,
            Completion::None,
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
        assert!(!real().keepalive().unwrap());
        // Short input: WSAEFAULT with 0 (Wine's test_keepalive_vals), nothing changed.
        let r = ws2.wsa_ioctl(
            s,
            SIO_KEEPALIVE_VALS,
            Some(&[1, 0, 0, 0]),
            None,
            Completion::None,
        );
        assert_eq!(
            r,
            IoctlOutcome::Failed {
                error: WsaError::WSAEFAULT,
                bytes_returned: Some(0)
            }
        );
        let u = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let ka = TcpKeepalive {
            onoff: 1,
            keepalivetime: 1000,
            keepaliveinterval: 1000,
        };
        let r = ws2.wsa_ioctl(
            u,
            SIO_KEEPALIVE_VALS,
            Some(&ka.to_bytes(Arch::X64)),
            None,
            Completion::None,
        );
        assert_eq!(r.error(), WsaError::WSAENOPROTOOPT);
    });
}

fn u32_of(ws2: &Ws2, s: Socket, code: ControlCode) -> u32 {
    let mut v = 0xdead_beef;
    ws2.ioctlsocket(s, code, &mut v).unwrap();
    v
}

/// Polls `f` until it returns true (data crossing loopback takes a moment).
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Wine's `test_fionread_siocatmark` (Windows assertions) and dotnet's
/// `IOControl_SIOCATMARK_Windows_Success`, over a real loopback TCP pair with real urgent data:
/// FIONREAD does not count the urgent byte; SIOCATMARK is FALSE while it is pending (also after
/// the normal data was read), TRUE once read with MSG_OOB; with SO_OOBINLINE set first, the
/// urgent byte is counted and SIOCATMARK stays TRUE.
#[test]
fn fionread_and_siocatmark_with_real_urgent_data() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, p) = stack();
        let (c, a) = tcp_pair(&ws2, &p);
        assert_eq!(u32_of(&ws2, a, FIONREAD), 0);
        assert_eq!(u32_of(&ws2, a, SIOCATMARK), 1, "no data: TRUE");
        ws2.send(c, b"hello", 0).unwrap();
        eventually("5 bytes", || u32_of(&ws2, a, FIONREAD) == 5);
        assert_eq!(u32_of(&ws2, a, SIOCATMARK), 1, "normal data only: TRUE");
        ws2.send(c, b"!", 1).unwrap(); // MSG_OOB
        eventually("the urgent byte", || u32_of(&ws2, a, SIOCATMARK) == 0);
        assert_eq!(
            u32_of(&ws2, a, FIONREAD),
            5,
            "the urgent byte is not counted"
        );
        let mut buf = [0u8; 16];
        assert_eq!(ws2.recv(a, &mut buf, 0).unwrap(), 5);
        assert_eq!(&buf[..5], b"hello");
        assert_eq!(u32_of(&ws2, a, FIONREAD), 0);
        assert_eq!(
            u32_of(&ws2, a, SIOCATMARK),
            0,
            "still pending after the normal data"
        );
        assert_eq!(ws2.recv(a, &mut buf, 1).unwrap(), 1);
        assert_eq!(buf[0], b'!');
        assert_eq!(u32_of(&ws2, a, SIOCATMARK), 1, "read: TRUE");
        // Data after the consumed urgent byte is all counted and read (Linux alone would
        // answer 0 here: its SIOCINQ stops at the mark of a byte read out of band).
        ws2.send(c, b"abc", 0).unwrap();
        eventually("3 bytes", || u32_of(&ws2, a, FIONREAD) == 3);
        assert_eq!(ws2.recv(a, &mut buf, 0).unwrap(), 3);
        assert_eq!(&buf[..3], b"abc");
        // Urgent byte read out of band *before* the normal data before it.
        ws2.send(c, b"xy", 0).unwrap();
        ws2.send(c, b"#", 1).unwrap();
        ws2.send(c, b"z", 0).unwrap();
        eventually("xy, # and z", || {
            u32_of(&ws2, a, SIOCATMARK) == 0 && u32_of(&ws2, a, FIONREAD) >= 2
        });
        assert_eq!(ws2.recv(a, &mut buf, 1).unwrap(), 1);
        assert_eq!(buf[0], b'#');
        assert_eq!(u32_of(&ws2, a, SIOCATMARK), 1);
        let mut got = Vec::new();
        eventually("xyz", || {
            if let Ok(n) = ws2.recv(a, &mut buf, 0) {
                got.extend_from_slice(&buf[..n]);
            }
            got.len() >= 3
        });
        assert_eq!(got, b"xyz");
        assert_eq!(u32_of(&ws2, a, FIONREAD), 0);

        // SO_OOBINLINE on before the urgent byte arrives: counted, and SIOCATMARK TRUE.
        ws2.setsockopt(a, 0xffff, 0x0100, &1u32.to_le_bytes())
            .unwrap();
        ws2.send(c, b"U", 1).unwrap();
        eventually("the inline byte", || u32_of(&ws2, a, FIONREAD) == 1);
        assert_eq!(u32_of(&ws2, a, SIOCATMARK), 1);

        // A listening socket: FIONREAD succeeds with 0 (Linux itself answers EINVAL).
        let l = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
        ws2.bind(l, &v4("127.0.0.1", 0)).unwrap();
        ws2.listen(l, 1).unwrap();
        assert_eq!(u32_of(&ws2, l, FIONREAD), 0);
        // Unconnected and bound sockets: 0 and TRUE (Wine's test).
        let u = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
        assert_eq!(u32_of(&ws2, u, FIONREAD), 0);
        assert_eq!(u32_of(&ws2, u, SIOCATMARK), 1);
    });
}

/// spec/002, SIO_TCP_INFO and SIO_IDEAL_SEND_BACKLOG_QUERY on a real connection; Wine's
/// `test_backlog_query`: unconnected WSAENOTCONN, UDP WSAEOPNOTSUPP.
#[test]
fn tcp_info_and_ideal_send_backlog() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, p) = stack();
        let (c, a) = tcp_pair(&ws2, &p);
        ws2.send(c, &[7u8; 3000], 0).unwrap();
        eventually("3000 bytes", || u32_of(&ws2, a, FIONREAD) == 3000);
        let mut out = vec![0u8; 136];
        let r = ws2.wsa_ioctl(
            c,
            SIO_TCP_INFO,
            Some(&1u32.to_le_bytes()),
            Some(&mut out),
            Completion::None,
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 136 });
        let info = wsaioctl::wire::tcp_info::TcpInfoV1::parse(&out, Arch::X64).unwrap();
        assert_eq!(
            info.v0.state,
            wsaioctl::wire::tcp_info::TcpState::TCPSTATE_ESTABLISHED
        );
        assert!(info.v0.mss > 0);
        assert_eq!(info.v0.bytes_out, 3000);
        let r = ws2.wsa_ioctl(
            a,
            SIO_TCP_INFO,
            Some(&0u32.to_le_bytes()),
            Some(&mut out),
            Completion::None,
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 88 });
        let info = wsaioctl::wire::tcp_info::TcpInfoV0::parse(&out, Arch::X64).unwrap();
        assert_eq!(info.bytes_in, 3000);

        let isb = u32_of(&ws2, c, SIO_IDEAL_SEND_BACKLOG_QUERY);
        assert!(isb >= 0x10000 && isb.is_multiple_of(0x10000), "{isb:#x}");
        let fresh = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
        let mut v = 0;
        assert_eq!(
            ws2.ioctlsocket(fresh, SIO_IDEAL_SEND_BACKLOG_QUERY, &mut v),
            Err(WsaError::WSAENOTCONN)
        );
        let u = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        assert_eq!(
            ws2.ioctlsocket(u, SIO_IDEAL_SEND_BACKLOG_QUERY, &mut v),
            Err(WsaError::WSAEOPNOTSUPP)
        );
    });
}

/// SIO_UDP_CONNRESET (spec/003: "Controls whether UDP PORT_UNREACHABLE messages are
/// reported"): on (the default), a datagram to a closed port makes the next receive fail with
/// WSAECONNRESET; off, the ICMP report is dropped.
#[test]
fn udp_connreset_on_and_off() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, _p) = stack();
        for (on, want) in [(1u32, Some(WsaError::WSAECONNRESET)), (0, None)] {
            let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
            ws2.bind(s, &v4("127.0.0.1", 0)).unwrap();
            let r = ws2.wsa_ioctl(
                s,
                SIO_UDP_CONNRESET,
                Some(&on.to_le_bytes()),
                None,
                Completion::None,
            );
            assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
            let mut nb = 1;
            ws2.ioctlsocket(s, FIONBIO, &mut nb).unwrap();
            // Port 9 (discard) has no listener in a fresh namespace.
            ws2.sendto(s, b"x", 0, &v4("127.0.0.1", 9)).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            let mut buf = [0u8; 8];
            let got = ws2.recv(s, &mut buf, 0).err();
            match want {
                Some(e) => assert_eq!(got, Some(e)),
                None => assert_eq!(got, Some(WsaError::WSAEWOULDBLOCK)),
            }
            // Reported once: the next receive finds nothing.
            assert_eq!(
                ws2.recv(s, &mut buf, 0).err(),
                Some(WsaError::WSAEWOULDBLOCK)
            );
        }
        // TCP: WSAEINVAL (the emulated provider's rule, shared).
        let t = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
        let r = ws2.wsa_ioctl(
            t,
            SIO_UDP_CONNRESET,
            Some(&1u32.to_le_bytes()),
            None,
            Completion::None,
        );
        assert_eq!(r.error(), WsaError::WSAEINVAL);
    });
}

// ---- no leaks ---------------------------------------------------------------------------------

fn count(dir: &str) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

/// Waits (up to 2 s) until the descriptor and thread counts are back to `want` (exiting
/// threads take a moment to leave /proc).
fn settle(want: (usize, usize)) -> (usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let now = (count("/proc/self/fd"), count("/proc/self/task"));
        if now == want || Instant::now() > deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Thousands of calls — queries, overlapped changes aborted by close, sockets created and
/// closed — leave no descriptor and no thread behind; dropping the provider ends its listener.
#[test]
fn no_descriptor_or_thread_leaks() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        let base = settle((usize::MAX, usize::MAX));
        let (ws2, p) = stack();
        let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        // Warm up: the listener thread starts at the first change request.
        let ov = Overlapped::new();
        let r = ws2.wsa_ioctl(
            s,
            SIO_ADDRESS_LIST_CHANGE,
            None,
            None,
            Completion::Overlapped(ov),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        ws2.cancel_io_ex(s, None).unwrap();
        let warm = settle((usize::MAX, usize::MAX));
        assert_eq!(warm.1, base.1 + 1, "one listener thread");
        let mut out = vec![0u8; 4096];
        for i in 0..2000 {
            for code in [
                SIO_GET_INTERFACE_LIST,
                SIO_ADDRESS_LIST_QUERY,
                FIONREAD,
                SIO_QUERY_RSS_SCALABILITY_INFO,
                SIO_GET_BROADCAST_ADDRESS,
                ControlCode(0xdead_beef),
            ] {
                let _ = ws2.wsa_ioctl(s, code, None, Some(&mut out), Completion::None);
            }
            let _ = ws2.wsa_ioctl(
                s,
                SIO_ROUTING_INTERFACE_QUERY,
                Some(&v4("198.51.100.1", 0)),
                Some(&mut out),
                Completion::None,
            );
            let t = ws2
                .socket(if i % 2 == 0 { AF_INET } else { AF_INET6 }, SOCK_DGRAM, 17)
                .unwrap();
            let r = ws2.wsa_ioctl(
                t,
                SIO_ROUTING_INTERFACE_CHANGE,
                Some(&if i % 2 == 0 {
                    v4("198.51.100.1", 0)
                } else {
                    v6("2001:db8::1", 0)
                }),
                None,
                Completion::Overlapped(Overlapped::new()),
            );
            assert_eq!(r, IoctlOutcome::Pending);
            ws2.closesocket(t).unwrap();
        }
        assert_eq!(ws2.request_counts().1, 0, "every request completed");
        assert_eq!(
            settle(warm),
            warm,
            "(descriptors, threads) after 2000 rounds"
        );
        drop(ws2);
        drop(p);
        assert_eq!(
            settle(base),
            base,
            "(descriptors, threads) after the provider is dropped"
        );
    });
}

// ---- the CLI ---------------------------------------------------------------------------------

/// `wsaioctl query` run inside a namespace answers for that namespace.
#[test]
fn cli_query_answers_for_the_namespace() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        let run = |args: &[&str]| {
            let out = Command::new(env!("CARGO_BIN_EXE_wsaioctl"))
                .arg("query")
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let text = run(&["SIO_GET_INTERFACE_LIST"]);
        assert!(text.contains("192.0.2.10  mask 255.255.255.0  broadcast 255.255.255.255  flags IFF_UP | IFF_BROADCAST | IFF_MULTICAST"), "{text}");
        assert!(
            text.contains("127.0.0.1  mask 255.0.0.0  broadcast none  flags IFF_UP | IFF_LOOPBACK"),
            "{text}"
        );
        let text = run(&["SIO_ROUTING_INTERFACE_QUERY", "2001:db8:ffff::1"]);
        assert!(text.contains("decoded          2001:db8::10"), "{text}");
        let json: serde_json::Value =
            serde_json::from_str(&run(&["SIO_ADDRESS_LIST_QUERY", "4", "--json"])).unwrap();
        assert_eq!(json["ret"], 0);
        assert_eq!(json["decoded"][0], "iAddressCount = 2");
        ip("route del default");
        let json: serde_json::Value = serde_json::from_str(&run(&[
            "SIO_ROUTING_INTERFACE_QUERY",
            "198.51.100.1",
            "--json",
        ]))
        .unwrap();
        assert_eq!(json["error"]["name"], "WSAENETUNREACH");
        assert_eq!(json["bytes_returned"], serde_json::Value::Null);
    });
}

/// FIONREAD on a datagram socket (spec/README.md, "Known disagreements"): the total of the
/// queued datagrams under the default profile (spec/002/003), the first one's size under
/// `doc000` (spec/000); nothing is consumed, and the application's own MSG_PEEK still sees the
/// first datagram.
#[test]
fn fionread_on_datagrams_follows_the_profile() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        for (profile, want) in [("windows", [15, 12]), ("doc000", [3, 5])] {
            let p = Arc::new(
                LinuxProvider::with_profile(wsaioctl::profile::Profile::by_name(profile).unwrap())
                    .unwrap(),
            );
            let ws2 = Ws2::new(p.clone());
            let r = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
            ws2.bind(r, &v4("127.0.0.1", 0)).unwrap();
            let to = v4("127.0.0.1", local_port(&p, r));
            let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
            for d in [&b"abc"[..], b"defgh", b"ijklmno"] {
                ws2.sendto(s, d, 0, &to).unwrap();
            }
            eventually("three datagrams", || u32_of(&ws2, r, FIONREAD) == want[0]);
            let mut buf = [0u8; 16];
            assert_eq!(
                ws2.recv(r, &mut buf, 2).unwrap(),
                3,
                "MSG_PEEK: the first datagram"
            );
            assert_eq!(
                u32_of(&ws2, r, FIONREAD),
                want[0],
                "{profile}: FIONREAD consumed nothing"
            );
            assert_eq!(ws2.recv(r, &mut buf, 0).unwrap(), 3);
            assert_eq!(u32_of(&ws2, r, FIONREAD), want[1], "{profile}");
        }
    });
}

// ---- more codes -------------------------------------------------------------------------------

/// spec/000/003, FIONBIO → O_NONBLOCK; SIO_MULTICAST_SCOPE → IP_MULTICAST_TTL /
/// IPV6_MULTICAST_HOPS; SIO_MULTIPOINT_LOOPBACK → IP(V6)_MULTICAST_LOOP (read back with
/// getsockopt); the emulated rules (stream WSAENOPROTOOPT, TTL > 255 WSAEINVAL) first.
#[test]
fn fionbio_and_multicast_options_reach_the_kernel() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, p) = stack();
        let real = |s: Socket| {
            socket2::Socket::from(p.try_clone_fd(ProviderSocket(s.0)).unwrap().unwrap())
        };
        let u = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        assert!(!real(u).nonblocking().unwrap());
        let mut one = 1u32;
        ws2.ioctlsocket(u, FIONBIO, &mut one).unwrap();
        assert!(real(u).nonblocking().unwrap());
        let mut buf = [0u8; 4];
        assert_eq!(ws2.recv(u, &mut buf, 0), Err(WsaError::WSAEWOULDBLOCK));
        let mut zero = 0u32;
        ws2.ioctlsocket(u, FIONBIO, &mut zero).unwrap();
        assert!(!real(u).nonblocking().unwrap());

        let set = |s: Socket, code: ControlCode, v: u32| {
            ws2.wsa_ioctl(s, code, Some(&v.to_le_bytes()), None, Completion::None)
        };
        assert_eq!(real(u).multicast_ttl_v4().unwrap(), 1);
        assert_eq!(
            set(u, SIO_MULTICAST_SCOPE, 7),
            IoctlOutcome::Completed { bytes: 0 }
        );
        assert_eq!(real(u).multicast_ttl_v4().unwrap(), 7);
        assert!(real(u).multicast_loop_v4().unwrap());
        assert_eq!(
            set(u, SIO_MULTIPOINT_LOOPBACK, 0),
            IoctlOutcome::Completed { bytes: 0 }
        );
        assert!(!real(u).multicast_loop_v4().unwrap());
        assert_eq!(
            set(u, SIO_MULTICAST_SCOPE, 256).error(),
            WsaError::WSAEINVAL
        );
        assert_eq!(
            real(u).multicast_ttl_v4().unwrap(),
            7,
            "a rejected value is not applied"
        );

        let u6 = ws2.socket(AF_INET6, SOCK_DGRAM, 17).unwrap();
        assert_eq!(
            set(u6, SIO_MULTICAST_SCOPE, 9),
            IoctlOutcome::Completed { bytes: 0 }
        );
        assert_eq!(real(u6).multicast_hops_v6().unwrap(), 9);
        assert_eq!(
            set(u6, SIO_MULTIPOINT_LOOPBACK, 0),
            IoctlOutcome::Completed { bytes: 0 }
        );
        assert!(!real(u6).multicast_loop_v6().unwrap());
        assert!(
            real(u6).only_v6().unwrap(),
            "IPV6_V6ONLY on, as Windows' default"
        );

        let t = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
        assert_eq!(
            set(t, SIO_MULTICAST_SCOPE, 7).error(),
            WsaError::WSAENOPROTOOPT
        );
    });
}

/// spec/002, SIO_QUERY_RSS_SCALABILITY_INFO: TRUE when an interface has more than one receive
/// queue.
#[test]
fn rss_follows_the_receive_queues() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, _p) = stack();
        let s = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        let rss = || {
            let (r, out) = ioctl_out(&ws2, s, SIO_QUERY_RSS_SCALABILITY_INFO, None, 1);
            assert_eq!(r, IoctlOutcome::Completed { bytes: 1 });
            out[0]
        };
        ip("link add wa0 numrxqueues 1 type veth peer name wb0 numrxqueues 1");
        assert_eq!(rss(), 0);
        ip("link add wc0 numrxqueues 4 type veth peer name wd0 numrxqueues 4");
        assert_eq!(rss(), 1);
        // Output NULL: WSAEINVAL (spec/README.md: this code's short-buffer error).
        let r = ws2.wsa_ioctl(
            s,
            SIO_QUERY_RSS_SCALABILITY_INFO,
            None,
            None,
            Completion::None,
        );
        assert_eq!(r.error(), WsaError::WSAEINVAL);
    });
}

/// spec/002/003, SIO_RCVALL: a raw socket bound to a local address, with CAP_NET_RAW, receives
/// the IP packets of its interface (here an outgoing UDP datagram); unbound it is WSAEINVAL;
/// without administrator rights the raw socket itself is refused (WSAEACCES).
#[test]
fn rcvall_captures_ip_packets() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        standard();
        // One on-link route for 192.0.2.0/24 (wb0's would compete), and a neighbour so the
        // datagram leaves without ARP.
        ip("addr del 192.0.2.20/24 dev wb0");
        ip("neigh add 192.0.2.99 lladdr 02:00:00:00:00:99 dev wa0");
        let (ws2, _p) = stack();
        let raw = ws2.socket(AF_INET, 3, 0).unwrap(); // SOCK_RAW, IPPROTO_IP
        let on = 1u32.to_le_bytes();
        let r = ws2.wsa_ioctl(raw, SIO_RCVALL, Some(&on), None, Completion::None);
        assert_eq!(r.error(), WsaError::WSAEINVAL, "unbound");
        ws2.bind(raw, &v4("192.0.2.10", 0)).unwrap();
        let r = ws2.wsa_ioctl(raw, SIO_RCVALL, Some(&on), None, Completion::None);
        assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
        let u = ws2.socket(AF_INET, SOCK_DGRAM, 17).unwrap();
        ws2.bind(u, &v4("192.0.2.10", 0)).unwrap();
        ws2.sendto(u, b"captured", 0, &v4("192.0.2.99", 9)).unwrap();
        let mut pkt = [0u8; 2048];
        let n = ws2.recv(raw, &mut pkt, 0).unwrap();
        assert!(n >= 20 + 8 + 8, "{n} bytes");
        assert_eq!(pkt[0] >> 4, 4, "an IPv4 header first");
        assert_eq!(pkt[9], 17, "UDP");
        assert_eq!(&pkt[16..20], &[192, 0, 2, 99]);
        assert_eq!(&pkt[n - 8..n], b"captured");
        let off = 0u32.to_le_bytes();
        let r = ws2.wsa_ioctl(raw, SIO_RCVALL, Some(&off), None, Completion::None);
        assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });

        let user = Ws2::new(Arc::new(
            LinuxProvider::with_profile(wsaioctl::profile::Profile::by_name("user").unwrap())
                .unwrap(),
        ));
        assert_eq!(user.socket(AF_INET, 3, 0), Err(WsaError::WSAEACCES));
    });
}

/// Codes with no Linux counterpart answer exactly as the emulated provider (the shared
/// handlers), with the real socket's state mirrored: the same outcome and the same bytes.
#[test]
fn untranslated_codes_answer_as_the_emulated_provider() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        use wsaioctl::emulated::EmulatedProvider;
        standard();
        let (lin, _p) = stack();
        let emu = Ws2::new(Arc::new(EmulatedProvider::default()));
        let acceptex = wsaioctl::wire::guid::WSAID_ACCEPTEX.to_bytes(Arch::X64);
        let compat = [0u8, 0, 0, 0, 1, 0, 0, 0];
        type Case = (&'static str, i32, bool, ControlCode, Option<Vec<u8>>, usize);
        let cases: Vec<Case> = vec![
            (
                "unknown code",
                SOCK_DGRAM,
                false,
                ControlCode(0xdead_beef),
                None,
                0,
            ),
            (
                "FIOASYNC",
                SOCK_STREAM,
                false,
                ControlCode(0x8004_667d),
                None,
                0,
            ),
            (
                "SIO_GET_INTERFACE_LIST_EX",
                SOCK_DGRAM,
                false,
                SIO_GET_INTERFACE_LIST_EX,
                None,
                4096,
            ),
            (
                "extension pointer",
                SOCK_STREAM,
                false,
                SIO_GET_EXTENSION_FUNCTION_POINTER,
                Some(acceptex.clone()),
                8,
            ),
            (
                "bogus GUID",
                SOCK_STREAM,
                false,
                SIO_GET_EXTENSION_FUNCTION_POINTER,
                Some(vec![0xde; 16]),
                8,
            ),
            (
                "broadcast address",
                SOCK_DGRAM,
                false,
                SIO_GET_BROADCAST_ADDRESS,
                None,
                16,
            ),
            (
                "circular queueing UDP",
                SOCK_DGRAM,
                false,
                SIO_ENABLE_CIRCULAR_QUEUEING,
                None,
                0,
            ),
            (
                "circular queueing TCP",
                SOCK_STREAM,
                false,
                SIO_ENABLE_CIRCULAR_QUEUEING,
                None,
                0,
            ),
            (
                "CPU affinity fresh",
                SOCK_STREAM,
                false,
                SIO_CPU_AFFINITY,
                Some(vec![1, 0]),
                0,
            ),
            (
                "CPU affinity bound",
                SOCK_STREAM,
                true,
                SIO_CPU_AFFINITY,
                Some(vec![1, 0]),
                0,
            ),
            (
                "loopback fast path",
                SOCK_STREAM,
                false,
                SIO_LOOPBACK_FAST_PATH,
                Some(1u32.to_le_bytes().to_vec()),
                0,
            ),
            (
                "loopback fast path UDP",
                SOCK_DGRAM,
                false,
                SIO_LOOPBACK_FAST_PATH,
                Some(1u32.to_le_bytes().to_vec()),
                0,
            ),
            (
                "compatibility mode",
                SOCK_STREAM,
                false,
                SIO_SET_COMPATIBILITY_MODE,
                Some(compat.to_vec()),
                0,
            ),
            (
                "timestamping TCP",
                SOCK_STREAM,
                false,
                SIO_TIMESTAMPING,
                Some(vec![1, 0, 0, 0, 0, 0, 0, 0]),
                0,
            ),
            (
                "timestamping UDP",
                SOCK_DGRAM,
                false,
                SIO_TIMESTAMPING,
                Some(vec![1, 0, 0, 0, 0, 0, 0, 0]),
                0,
            ),
            (
                "ISB change UDP",
                SOCK_DGRAM,
                false,
                SIO_IDEAL_SEND_BACKLOG_CHANGE,
                None,
                0,
            ),
            (
                "ISB change unconnected",
                SOCK_STREAM,
                false,
                SIO_IDEAL_SEND_BACKLOG_CHANGE,
                None,
                0,
            ),
            (
                "port reservation",
                SOCK_DGRAM,
                false,
                SIO_ACQUIRE_PORT_RESERVATION,
                Some(vec![0, 0, 16, 0]),
                16,
            ),
            (
                "priority hint",
                SOCK_STREAM,
                false,
                SIO_SET_PRIORITY_HINT,
                Some(5u32.to_le_bytes().to_vec()),
                0,
            ),
        ];
        for (what, ty, bind, code, input, out_len) in cases {
            let proto = if ty == SOCK_STREAM { 6 } else { 17 };
            let mut outs = Vec::new();
            for ws2 in [&emu, &lin] {
                let s = ws2.socket(AF_INET, ty, proto).unwrap();
                if bind {
                    ws2.bind(s, &v4("192.0.2.10", 0)).unwrap();
                }
                let mut out = vec![0xccu8; out_len];
                let r = ws2.wsa_ioctl(
                    s,
                    code,
                    input.as_deref(),
                    (out_len > 0).then_some(&mut out[..]),
                    Completion::None,
                );
                outs.push((r, out));
            }
            assert_eq!(outs[0], outs[1], "{what}: emulated vs Linux");
        }
        // Overlapped unknown code: pending, then STATUS_NOT_SUPPORTED on both.
        for ws2 in [&emu, &lin] {
            let s = ws2.socket(AF_INET, SOCK_STREAM, 6).unwrap();
            let ov = Overlapped::new();
            let r = ws2.wsa_ioctl(
                s,
                ControlCode(0xdead_beef),
                None,
                None,
                Completion::Overlapped(ov.clone()),
            );
            assert_eq!(r, IoctlOutcome::Pending);
            assert_eq!(ov.internal(), wsaioctl::NtStatus::STATUS_NOT_SUPPORTED);
            // SIO_BASE_HANDLE: the socket itself.
            let (r, out) = ioctl_out(ws2, s, SIO_BASE_HANDLE, None, 8);
            assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
            assert_eq!(u64::from_le_bytes(out.try_into().unwrap()), s.0);
        }
    });
}

/// `linux::read_host` describes the namespace (interfaces, flags, addresses, routes), and an
/// emulated provider over that host answers the address, interface and routing queries as the
/// Linux provider does.
#[test]
fn read_host_describes_the_namespace_and_the_emulated_provider_agrees() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        use wsaioctl::emulated::EmulatedProvider;
        use wsaioctl::emulated::host::{Family, IfFlags};
        standard();
        // Two on-link routes for one prefix tie: the emulated host breaks the tie by interface
        // index, Linux by the order the routes were added — keep one.
        ip("addr del 192.0.2.20/24 dev wb0");
        let host = wsaioctl::linux::read_host().unwrap();
        let lo = host.interface(1).unwrap();
        assert_eq!(lo.name(), "lo");
        assert_eq!(lo.flags(), IfFlags::UP | IfFlags::LOOPBACK);
        let wa0 = host.interfaces().find(|i| i.name() == "wa0").unwrap();
        assert_eq!(
            wa0.flags(),
            IfFlags::UP | IfFlags::BROADCAST | IfFlags::MULTICAST
        );
        assert_eq!(wa0.mtu(), 1500);
        let addrs: Vec<String> = wa0
            .addresses()
            .iter()
            .map(|a| format!("{}/{}", a.addr(), a.prefix_len()))
            .collect();
        assert_eq!(addrs, ["192.0.2.10/24", "2001:db8::10/64"]);
        let routes: Vec<String> = host.routes().map(|r| r.to_string()).collect();
        let idx = wa0.index();
        assert!(
            routes.contains(&format!("0.0.0.0/0 via 192.0.2.1 interface {idx} metric 0")),
            "{routes:?}"
        );
        assert!(
            routes.contains(&format!("::/0 via 2001:db8::1 interface {idx} metric 1024")),
            "{routes:?}"
        );
        assert_eq!(
            host.bindable_addresses(Family::V6).count(),
            2,
            "::1 and 2001:db8::10"
        );

        let (lin, _p) = stack();
        let emu = Ws2::new(Arc::new(EmulatedProvider::new(
            host,
            wsaioctl::profile::Profile::default(),
        )));
        for (family, code, input) in [
            (AF_INET, SIO_GET_INTERFACE_LIST, None),
            (AF_INET, SIO_ADDRESS_LIST_QUERY, None),
            (AF_INET6, SIO_ADDRESS_LIST_QUERY, None),
            (
                AF_INET,
                SIO_ROUTING_INTERFACE_QUERY,
                Some(v4("198.51.100.7", 0)),
            ),
            (
                AF_INET,
                SIO_ROUTING_INTERFACE_QUERY,
                Some(v4("192.0.2.99", 0)),
            ),
            (
                AF_INET,
                SIO_ROUTING_INTERFACE_QUERY,
                Some(v4("127.0.0.1", 0)),
            ),
            (
                AF_INET6,
                SIO_ROUTING_INTERFACE_QUERY,
                Some(v6("2001:db8:ffff::1", 0)),
            ),
            (AF_INET6, SIO_ROUTING_INTERFACE_QUERY, Some(v6("::1", 0))),
        ] {
            let mut outs = Vec::new();
            for ws2 in [&emu, &lin] {
                let s = ws2.socket(family, SOCK_DGRAM, 17).unwrap();
                outs.push(ioctl_out(ws2, s, code, input.as_deref(), 1024));
            }
            assert_eq!(
                outs[0], outs[1],
                "{code:?} family {family}: emulated over read_host vs Linux"
            );
        }
    });
}

/// `LinuxProvider::adopt_into`: a socket the application already has becomes a `SOCKET` the
/// provider answers for.
#[test]
fn adopted_sockets_are_answered_for() {
    require_root!();
    let _g = common::named_lock("netns");
    in_netns(|| {
        let (ws2, p) = stack();
        let mine = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = mine.local_addr().unwrap().port();
        let kind = wsaioctl::spi::SocketKind {
            family: AF_INET,
            ty: SOCK_DGRAM,
            protocol: 17,
        };
        let s = p
            .adopt_into(&ws2, std::os::fd::OwnedFd::from(mine), kind)
            .unwrap();
        let other = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        other.send_to(b"four", ("127.0.0.1", port)).unwrap();
        eventually("a datagram", || u32_of(&ws2, s, FIONREAD) == 4);
        let mut buf = [0u8; 8];
        assert_eq!(ws2.recv(s, &mut buf, 0).unwrap(), 4);
        // The API layer knows it: closesocket works, and then it is gone.
        ws2.closesocket(s).unwrap();
        let mut v = 0;
        assert_eq!(
            ws2.ioctlsocket(s, FIONREAD, &mut v),
            Err(WsaError::WSAENOTSOCK)
        );
        // A connected TCP stream: TCP_INFO reports it established.
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let c = std::net::TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let tcp = wsaioctl::spi::SocketKind {
            family: AF_INET,
            ty: SOCK_STREAM,
            protocol: 6,
        };
        let t = p
            .adopt_into(&ws2, std::os::fd::OwnedFd::from(c), tcp)
            .unwrap();
        let mut out = vec![0u8; 88];
        let r = ws2.wsa_ioctl(
            t,
            SIO_TCP_INFO,
            Some(&0u32.to_le_bytes()),
            Some(&mut out),
            Completion::None,
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 88 });
        let info = wsaioctl::wire::tcp_info::TcpInfoV0::parse(&out, Arch::X64).unwrap();
        assert_eq!(
            info.state,
            wsaioctl::wire::tcp_info::TcpState::TCPSTATE_ESTABLISHED
        );
    });
}
