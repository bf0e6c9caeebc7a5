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

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
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
    std::thread::spawn(move || {
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
        Ok(Ok(r)) => r,
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
                let ip = |a: &SockAddr| match a.to_socket_addr().unwrap().ip() {
                    IpAddr::V4(v) => v,
                    IpAddr::V6(_) => panic!("IPv6 in SIO_GET_INTERFACE_LIST"),
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
