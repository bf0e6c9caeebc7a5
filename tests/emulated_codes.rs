//! Every control code the emulated TCP/IP provider handles (`src/emulated/codes.rs::handle`):
//! its main success path (exact output bytes, decoded with the `wire` types, and the exact
//! `IoctlOutcome` with `*lpcbBytesReturned`) and its main failure path (exact error, and
//! whether `*lpcbBytesReturned` was written), on the socket types the sources name; then the
//! codes the provider does not implement.
//!
//! Sources, cited on each test: the spec documents (spec/000…004), spec/observed-windows.md
//! ("observed"), and Wine's `dlls/ws2_32/tests/sock.c` ("W", as summarized in
//! docs/windows-facts.md: assertions outside `todo_wine` hold on Windows and Wine, inside on
//! Windows only). Where a handler's answer is a documented **Choice** of the provider (no source
//! settles it), the test says so and checks the choice its doc comment states.

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use common::emu::*;
use wsaioctl::api::{Completion, IoctlArgs, IoctlOutcome, Overlapped, Socket, Winsock};
use wsaioctl::emulated::host::{Host, IfFlags, InterfaceBuilder};
use wsaioctl::ioctl::*;
use wsaioctl::wire::address_list::SocketAddressList;
use wsaioctl::wire::address_sort::SocketAddressArray;
use wsaioctl::wire::compat::{CompatibilityBehaviorId, WsaCompatibilityMode};
use wsaioctl::wire::guid::{self, Guid};
use wsaioctl::wire::interface_info::{InterfaceFlags, InterfaceList};
use wsaioctl::wire::keepalive::TcpKeepalive;
use wsaioctl::wire::msfilter::IpMsfilter;
use wsaioctl::wire::port_reservation::{
    InetPortRange, InetPortReservationInstance, InetPortReservationToken,
};
use wsaioctl::wire::rcvall::{RcvallIf, RcvallValue};
use wsaioctl::wire::rio::RioExtensionFunctionTable;
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::tcp_info::{TcpInfoV0, TcpInfoV1, TcpState};
use wsaioctl::wire::transport_setting as ts;
use wsaioctl::wire::{Arch, Repr};
use wsaioctl::{ControlCode, NtStatus, Win32Error, WsaError};

const OK0: IoctlOutcome = IoctlOutcome::Completed { bytes: 0 };
const OK4: IoctlOutcome = IoctlOutcome::Completed { bytes: 4 };

/// A 16-byte SOCKADDR_IN written field by field from the SDK layout (ws2def.h: family u16,
/// port u16 big-endian, address 4 bytes, 8 zero bytes) — independent of `wire`.
fn sockaddr_in(a: [u8; 4], port: u16) -> Vec<u8> {
    let mut v = vec![2, 0];
    v.extend_from_slice(&port.to_be_bytes());
    v.extend_from_slice(&a);
    v.extend_from_slice(&[0; 8]);
    v
}

/// A 28-byte SOCKADDR_IN6 (ws2ipdef.h: family 23, port, flowinfo, address, scope id).
fn sockaddr_in6(a: Ipv6Addr) -> Vec<u8> {
    let mut v = vec![23, 0, 0, 0, 0, 0, 0, 0];
    v.extend_from_slice(&a.octets());
    v.extend_from_slice(&[0; 4]);
    v
}

// =============================================================================================
// FIONBIO
// =============================================================================================

/// W `test_fionbio`: success writes `*lpcbBytesReturned` = 0 (not 4), last error 0; input length
/// 5 succeeds; the output buffer is ignored entirely.
#[test]
fn fionbio_success_writes_zero_and_ignores_output() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, FIONBIO, Some(&u32_bytes(1)), Some(4));
    assert_eq!(r, OK0);
    assert_eq!(out, [0xa5; 4], "the output buffer is ignored entirely");
    assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
    let (r, _) = call(&st, s, FIONBIO, Some(&[0, 0, 0, 0, 0]), None);
    assert_eq!(r, OK0, "input length 5 (sizeof + 1) succeeds");
}

/// The socket really becomes nonblocking: a nonblocking socket gets WSAEWOULDBLOCK from
/// SIO_ADDRESS_LIST_CHANGE (observed, "A nonblocking socket without OVERLAPPED gets
/// WSAEWOULDBLOCK").
#[test]
fn fionbio_makes_the_socket_nonblocking() {
    let st = stack();
    let s = tcp(&st);
    let (r, _) = call(&st, s, FIONBIO, Some(&u32_bytes(1)), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_CHANGE, None, None);
    assert_eq!(r.error(), WsaError::WSAEWOULDBLOCK);
}

/// W `test_fionbio`: input length 3 → WSAEFAULT. (W does not record `*lpcbBytesReturned` here;
/// the handler leaves it untouched.) NULL input likewise (`ioctlsocket(s, FIONBIO, 1)`: bad
/// pointer → WSAEFAULT).
#[test]
fn fionbio_short_or_null_input_is_efault() {
    let st = stack();
    let s = tcp(&st);
    let (r, _) = call(&st, s, FIONBIO, Some(&[1, 0, 0]), None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    let (r, _) = call(&st, s, FIONBIO, None, None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

// =============================================================================================
// FIONREAD
// =============================================================================================

/// W `test_fionread_siocatmark`: value = bytes readable, `size` = 4; an urgent byte is not
/// counted (observed: "FIONREAD on a stream does not count urgent (OOB) bytes unless
/// SO_OOBINLINE is on").
#[test]
fn fionread_counts_stream_bytes_but_not_urgent_ones() {
    let st = stack();
    let (c, a) = tcp_pair(&st, 5000);
    let (r, out) = call(&st, a, FIONREAD, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 0));
    st.send(c, b"hello", 0).unwrap();
    let (r, out) = call(&st, a, FIONREAD, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 5));
    st.send(c, b"!", MSG_OOB).unwrap();
    let (r, out) = call(&st, a, FIONREAD, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 5), "urgent byte not counted");
    assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
}

/// W: "With SO_OOBINLINE set while one urgent byte is pending → 1 (the inline byte is
/// counted)"; and with SO_OOBINLINE on before it arrives the byte is counted too.
#[test]
fn fionread_counts_inline_urgent_bytes() {
    let st = stack();
    let (c, a) = tcp_pair(&st, 5001);
    st.send(c, b"U", MSG_OOB).unwrap();
    let (_, out) = call(&st, a, FIONREAD, None, Some(4));
    assert_eq!(u32_at(&out), 0);
    st.setsockopt(a, SOL_SOCKET, SO_OOBINLINE, &u32_bytes(1))
        .unwrap();
    let (r, out) = call(&st, a, FIONREAD, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 1));
}

/// W: unconnected TCP socket, and TCP socket bound but not listening: FIONREAD succeeds with 0
/// (not WSAENOTCONN).
#[test]
fn fionread_on_unconnected_and_bound_sockets_is_zero() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, FIONREAD, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 0));
    st.bind(s, &sa("127.0.0.1", 5002)).unwrap();
    let (r, out) = call(&st, s, FIONREAD, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 0));
}

/// spec/002/003 (default profile): FIONREAD on a datagram socket is the total of the queued
/// bytes; spec/000 (profile `doc000`): the size of the first datagram (spec/README.md, "Known
/// disagreements").
#[test]
fn fionread_on_datagram_sockets_per_profile() {
    for (profile, want) in [("windows", 7), ("doc000", 3)] {
        let st = stack_with(Host::default_host(), profile);
        let r = udp(&st);
        st.bind(r, &sa("127.0.0.1", 5003)).unwrap();
        let s = udp(&st);
        st.sendto(s, b"abc", 0, &sa("127.0.0.1", 5003)).unwrap();
        st.sendto(s, b"defg", 0, &sa("127.0.0.1", 5003)).unwrap();
        let (res, out) = call(&st, r, FIONREAD, None, Some(4));
        assert_eq!((res, u32_at(&out)), (OK4, want), "profile {profile}");
    }
}

/// W: output length 3 → WSAEFAULT, `size` untouched. N: NULL output fails.
#[test]
fn fionread_short_output_is_efault_size_untouched() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, FIONREAD, None, Some(3));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 3], "nothing written");
    let (r, _) = call(&st, s, FIONREAD, None, None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

// =============================================================================================
// SIOCATMARK
// =============================================================================================

/// W `test_fionread_siocatmark`, N `IOControl_SIOCATMARK_Windows_Success`: TRUE with no urgent
/// data, FALSE while one is pending (also after the normal data is read), TRUE after
/// `recv(MSG_OOB)`; `size` = 4. observed: the inverse of the BSD meaning.
#[test]
fn siocatmark_true_unless_urgent_data_pending() {
    let st = stack();
    let (c, a) = tcp_pair(&st, 5010);
    let (r, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 1));
    st.send(c, b"hello", 0).unwrap();
    let (_, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!(u32_at(&out), 1, "5 normal bytes pending → TRUE");
    st.send(c, b"!", MSG_OOB).unwrap();
    let (_, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!(u32_at(&out), 0, "urgent byte pending → FALSE");
    let mut buf = [0u8; 16];
    assert_eq!(st.recv(a, &mut buf, 0).unwrap(), 5);
    let (_, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!(
        u32_at(&out),
        0,
        "normal data read, urgent byte unread → still FALSE"
    );
    assert_eq!(st.recv(a, &mut buf, MSG_OOB).unwrap(), 1);
    assert_eq!(buf[0], b'!');
    let (_, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!(u32_at(&out), 1, "after recv(MSG_OOB) → TRUE");
}

/// W (outside todo_wine): SO_OOBINLINE already on when a new urgent byte arrives → FIONREAD 1,
/// SIOCATMARK TRUE. Unconnected socket → TRUE.
#[test]
fn siocatmark_with_oobinline_before_arrival_is_true() {
    let st = stack();
    let s = tcp(&st);
    let (_, out) = call(&st, s, SIOCATMARK, None, Some(4));
    assert_eq!(u32_at(&out), 1, "unconnected → TRUE");
    let (c, a) = tcp_pair(&st, 5011);
    st.setsockopt(a, SOL_SOCKET, SO_OOBINLINE, &u32_bytes(1))
        .unwrap();
    st.provider.deliver(a.0, b"x", true).unwrap();
    let _ = c;
    let (_, n) = call(&st, a, FIONREAD, None, Some(4));
    let (r, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!((u32_at(&n), r, u32_at(&out)), (1, OK4, 1));
}

/// Profile `doc000` (spec/000: SIOCATMARK applies only with SO_OOBINLINE): without it, TRUE even
/// with an urgent byte pending.
#[test]
fn siocatmark_doc000_profile_is_true_without_oobinline() {
    let st = stack_with(Host::default_host(), "doc000");
    let (c, a) = tcp_pair(&st, 5012);
    st.send(c, b"!", MSG_OOB).unwrap();
    let (_, out) = call(&st, a, SIOCATMARK, None, Some(4));
    assert_eq!(u32_at(&out), 1);
}

/// W: output length 3 → WSAEFAULT, `size` untouched.
#[test]
fn siocatmark_short_output_is_efault_size_untouched() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIOCATMARK, None, Some(3));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 3]);
}

// =============================================================================================
// SIO_ADDRESS_LIST_QUERY
// =============================================================================================

/// W `test_address_list_query` + spec/002 ("local transport addresses of the socket's protocol
/// family to which the application can bind"): the default host has one bindable, non-loopback
/// IPv4 address, 192.0.2.10. x64 layout from the SDK: iAddressCount (4) + padding (4), one
/// SOCKET_ADDRESS {lpSockaddr (8), iSockaddrLength (4), padding (4)}, then the SOCKADDR_IN right
/// after the array (`size` == FIELD_OFFSET(Address[1]) + 16 = 40).
#[test]
fn address_list_query_ipv4_exact_bytes_x64() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(40));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 40 });
    let mut want = vec![1, 0, 0, 0, 0, 0, 0, 0];
    want.extend_from_slice(&24u64.to_le_bytes());
    want.extend_from_slice(&16u32.to_le_bytes());
    want.extend_from_slice(&[0; 4]);
    want.extend(sockaddr_in([192, 0, 2, 10], 0));
    assert_eq!(out, want);
    let list = SocketAddressList::parse(&out, Arch::X64).unwrap();
    let addrs: Vec<_> = list.addrs().cloned().collect();
    assert_eq!(addrs, [SockAddr::V4("192.0.2.10:0".parse().unwrap())]);
}

/// The same on x86 (profile `windows-x86`): header 4, SOCKET_ADDRESS 8, total 28.
#[test]
fn address_list_query_ipv4_exact_bytes_x86() {
    let st = stack_with(Host::default_host(), "windows-x86");
    let s = udp(&st);
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(64));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 28 });
    let mut want = vec![1, 0, 0, 0];
    want.extend_from_slice(&12u32.to_le_bytes());
    want.extend_from_slice(&16u32.to_le_bytes());
    want.extend(sockaddr_in([192, 0, 2, 10], 0));
    assert_eq!(&out[..28], &want[..]);
    assert_eq!(&out[28..], &[0xa5; 36][..], "nothing written past the list");
}

/// IPv6 socket: the list holds the IPv6 addresses of the up, non-loopback interface (spec/000:
/// "of socket's protocol family"), each a 28-byte SOCKADDR_IN6 packed after the array.
#[test]
fn address_list_query_ipv6() {
    let st = stack();
    let s = st.socket(AF_INET6, STREAM, TCP).unwrap();
    let need = 8 + 2 * 16 + 2 * 28;
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(need));
    assert_eq!(r, IoctlOutcome::Completed { bytes: need as u32 });
    let list = SocketAddressList::parse(&out, Arch::X64).unwrap();
    let ips: Vec<IpAddr> = list
        .addrs()
        .map(|a| a.to_socket_addr().unwrap().ip())
        .collect();
    assert_eq!(
        ips,
        [
            "2001:db8::10".parse::<IpAddr>().unwrap(),
            "fe80::10".parse().unwrap()
        ]
    );
    assert_eq!(list.entries[0].sockaddr_offset, 40);
    assert_eq!(list.entries[1].sockaddr_offset, 68);
    assert_eq!(
        &out[40..48],
        &sockaddr_in6("2001:db8::10".parse().unwrap())[..8]
    );
}

/// W: NULL output / length 0 / length == header → WSAEFAULT with `size` = need (buffer
/// untouched); length 1 → WSAEINVAL with `size` = 0. observed: "a retry with that size then
/// fills".
#[test]
fn address_list_query_sizing_failures() {
    let st = stack();
    let s = tcp(&st);
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(40)));
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(0));
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(40)));
    let r = st.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_ADDRESS_LIST_QUERY,
        null_output_len: 1024,
        ..Default::default()
    });
    assert_eq!(
        r,
        failed(WsaError::WSAEFAULT, Some(40)),
        "NULL output, length 1024"
    );
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(8));
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(40)));
    assert_eq!(out, [0xa5; 8], "length == header: buffer untouched");
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(1));
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(39));
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(40)));
}

/// spec/002: only addresses "to which the application can bind": a link that goes down leaves
/// the list (empty list: 8 bytes, count 0).
#[test]
fn address_list_query_follows_the_host() {
    let st = stack();
    let s = tcp(&st);
    st.provider
        .mutate_host(|h| h.set_link_up(2, false))
        .unwrap();
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(8));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
    assert_eq!(out, [0; 8]);
}

// =============================================================================================
// SIO_ROUTING_INTERFACE_QUERY
// =============================================================================================

/// W `test_sioRoutingInterfaceQuery`: AF_INET 127.0.0.1 on a UDP socket → 0, last error 0,
/// `size` = 16, the loopback address. spec/000: the local interface address to reach a remote
/// destination — 198.51.100.7 goes through the default route via 192.0.2.1 on the Ethernet
/// interface, whose address is 192.0.2.10.
#[test]
fn routing_query_answers_the_source_address() {
    let st = stack();
    let s = udp(&st);
    let (r, out) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("127.0.0.1", 0)),
        Some(16),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    assert_eq!(out, sockaddr_in([127, 0, 0, 1], 0));
    assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
    let (r, out) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("198.51.100.7", 80)),
        Some(16),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    assert_eq!(out, sockaddr_in([192, 0, 2, 10], 0));
}

/// IPv6 (not tested by W; spec/000): `::1` → `::1`, a 28-byte SOCKADDR_IN6.
#[test]
fn routing_query_ipv6() {
    let st = stack();
    let s = st.socket(AF_INET6, DGRAM, UDP).unwrap();
    let (r, out) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("::1", 0)),
        Some(28),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 28 });
    assert_eq!(out, sockaddr_in6(Ipv6Addr::LOCALHOST));
}

/// W (todo_wine = Windows): input length 15 / NULL input / 0.0.0.0 → WSAEINVAL; family 0 →
/// WSAEAFNOSUPPORT (both); all with `size` untouched — in that order.
#[test]
fn routing_query_input_failures() {
    let st = stack();
    let s = udp(&st);
    let good = sa("127.0.0.1", 0);
    let (r, _) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&good[..15]),
        Some(16),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let r = st.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_ROUTING_INTERFACE_QUERY,
        null_input_len: 16,
        output: Some(&mut [0u8; 16]),
        ..Default::default()
    });
    assert_eq!(
        r,
        failed(WsaError::WSAEINVAL, None),
        "NULL input, length 16"
    );
    let (r, _) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&[0; 16]),
        Some(16),
    );
    assert_eq!(r, failed(WsaError::WSAEAFNOSUPPORT, None));
    let (r, _) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("0.0.0.0", 0)),
        Some(16),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

/// W (todo_wine for the size): output length 15 → WSAEFAULT with `size` = 16; NULL output →
/// WSAEFAULT, `size` untouched.
#[test]
fn routing_query_output_failures() {
    let st = stack();
    let s = udp(&st);
    let input = sa("127.0.0.1", 0);
    let (r, out) = call(&st, s, SIO_ROUTING_INTERFACE_QUERY, Some(&input), Some(15));
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(16)));
    assert_eq!(out, [0xa5; 15]);
    let (r, _) = call(&st, s, SIO_ROUTING_INTERFACE_QUERY, Some(&input), None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

/// Profile `wine` (W: Wine answers these differently — todo_wine): input length 15 is
/// WSAEFAULT, 0.0.0.0 succeeds, a short output leaves `size` untouched.
#[test]
fn routing_query_wine_profile() {
    let st = stack_with(Host::default_host(), "wine");
    let s = udp(&st);
    let input = sa("127.0.0.1", 0);
    let (r, _) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&input[..15]),
        Some(16),
    );
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    let (r, _) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("0.0.0.0", 0)),
        Some(16),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    let (r, _) = call(&st, s, SIO_ROUTING_INTERFACE_QUERY, Some(&input), Some(15));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

/// spec/002/003 SIO_ROUTING_INTERFACE_QUERY: "WSAENETUNREACH … no route to the remote address".
/// A host with no default route cannot reach 198.51.100.7.
#[test]
fn routing_query_without_route_is_enetunreach() {
    let host = Host::builder()
        .interface(InterfaceBuilder::loopback(1, "lo").address("127.0.0.1/8"))
        .interface(InterfaceBuilder::ethernet(2, "eth").address("192.0.2.10/24"))
        .build()
        .unwrap();
    let st = stack_with(host, "windows");
    let s = udp(&st);
    let (r, out) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("198.51.100.7", 0)),
        Some(16),
    );
    assert_eq!(r, failed(WsaError::WSAENETUNREACH, None));
    assert_eq!(out, [0xa5; 16]);
    let (r, out) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("192.0.2.77", 0)),
        Some(16),
    );
    assert_eq!(
        r,
        IoctlOutcome::Completed { bytes: 16 },
        "on-link still reachable"
    );
    assert_eq!(out, sockaddr_in([192, 0, 2, 10], 0));
}

// =============================================================================================
// SIO_ADDRESS_LIST_CHANGE / SIO_ROUTING_INTERFACE_CHANGE (blocking and overlapped paths are in
// tests/overlapped.rs)
// =============================================================================================

/// W `test_sioAddressListChange`: nonblocking, no OVERLAPPED → WSAEWOULDBLOCK; with an
/// OVERLAPPED → pending (ERROR_IO_PENDING).
#[test]
fn address_list_change_nonblocking_and_overlapped() {
    let st = stack();
    let s = tcp(&st);
    st.ioctlsocket(s, FIONBIO, &mut 1).unwrap();
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_CHANGE, None, None);
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
    let ov = Overlapped::new();
    let (r, _) = call_with(
        &st,
        s,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_eq!(ov.internal(), NtStatus::STATUS_PENDING);
    st.closesocket(s).unwrap();
    assert_eq!(ov.internal(), NtStatus::STATUS_CANCELLED);
}

/// spec/002: SIO_ROUTING_INTERFACE_CHANGE takes the destination as input (the provider may ignore
/// it — a **Choice** here: checked as the query checks it, then treated as a wildcard):
/// nonblocking → WSAEWOULDBLOCK; family 0 → WSAEAFNOSUPPORT.
#[test]
fn routing_interface_change_nonblocking_and_bad_input() {
    let st = stack();
    let s = udp(&st);
    st.ioctlsocket(s, FIONBIO, &mut 1).unwrap();
    let (r, _) = call(
        &st,
        s,
        SIO_ROUTING_INTERFACE_CHANGE,
        Some(&sa("198.51.100.7", 0)),
        None,
    );
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
    let (r, _) = call(&st, s, SIO_ROUTING_INTERFACE_CHANGE, Some(&[0; 16]), None);
    assert_eq!(r, failed(WsaError::WSAEAFNOSUPPORT, None));
}

// =============================================================================================
// SIO_GET_INTERFACE_LIST
// =============================================================================================

/// A 24-byte sockaddr_gen holding an AF_INET address (ws2ipdef.h: the union is as large as
/// sockaddr_in6_old; the tail is zero).
fn gen_in(a: [u8; 4]) -> Vec<u8> {
    let mut v = sockaddr_in(a, 0);
    v.extend_from_slice(&[0; 8]);
    v
}

/// W `test_get_interface_list` and R `Test_WSAIoctl_GetInterfaceList`: one 76-byte
/// INTERFACE_INFO per IPv4 address; address and netmask AF_INET; broadcast AF_INET and
/// 255.255.255.255 iff IFF_BROADCAST, else all zero ("broadcast family AF_INET iff
/// IFF_BROADCAST; broadcast address non-zero iff IFF_BROADCAST"); one entry has IFF_LOOPBACK.
/// The default host: loopback 127.0.0.1/8 (UP | LOOPBACK | MULTICAST), Ethernet 192.0.2.10/24
/// (UP | BROADCAST | MULTICAST).
#[test]
fn interface_list_exact_bytes() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_GET_INTERFACE_LIST, None, Some(4096));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 152 });
    let mut want = Vec::new();
    want.extend_from_slice(&0x15u32.to_le_bytes());
    want.extend(gen_in([127, 0, 0, 1]));
    want.extend_from_slice(&[0; 24]);
    want.extend(gen_in([255, 0, 0, 0]));
    want.extend_from_slice(&0x13u32.to_le_bytes());
    want.extend(gen_in([192, 0, 2, 10]));
    want.extend(gen_in([255, 255, 255, 255]));
    want.extend(gen_in([255, 255, 255, 0]));
    assert_eq!(&out[..152], &want[..]);
    let list = InterfaceList::parse(&out[..152], Arch::X64).unwrap();
    assert_eq!(list.0.len(), 2);
    for e in &list.0 {
        let bcast = e.flags.contains(InterfaceFlags::BROADCAST);
        assert_eq!(
            e.broadcast.family() == 2,
            bcast,
            "W: family AF_INET iff IFF_BROADCAST"
        );
    }
    assert!(list.0[0].flags.contains(InterfaceFlags::LOOPBACK));
}

/// R: IFF_UP only when the interface is up ("IFF_UP (if connected)").
#[test]
fn interface_list_down_link_has_no_iff_up() {
    let st = stack();
    let s = tcp(&st);
    st.provider
        .mutate_host(|h| h.set_link_up(2, false))
        .unwrap();
    let (_, out) = call(&st, s, SIO_GET_INTERFACE_LIST, None, Some(152));
    let list = InterfaceList::parse(&out, Arch::X64).unwrap();
    assert_eq!(list.0[1].flags.bits(), 0x12);
}

/// W and R: output length 75 → WSAEFAULT with `size` = 0 (not the required size). spec/002: an
/// IPv6 socket → WSAEINVAL (**Choice** of the error, handler doc).
#[test]
fn interface_list_short_output_and_ipv6() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_GET_INTERFACE_LIST, None, Some(75));
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(0)));
    assert_eq!(out, [0xa5; 75]);
    let s6 = st.socket(AF_INET6, STREAM, TCP).unwrap();
    let (r, _) = call(&st, s6, SIO_GET_INTERFACE_LIST, None, Some(4096));
    assert_eq!(r.error(), WsaError::WSAEINVAL);
}

// =============================================================================================
// The `wine` profile: routing query to loopback, interface list, address list
// (docs/wine-divergences.md rows 7, 18, 19, 20)
// =============================================================================================

/// The machine the native run saw (docs/wine-divergences.md, header): loopback, an address-less
/// **down** adapter with a smaller index than the Ethernet one (`ifb0`), and the Ethernet adapter
/// carrying the default route — here 192.0.2.10/24 via 192.0.2.1 on index 5.
fn host_with_unaddressed_adapter() -> Host {
    Host::builder()
        .interface(
            InterfaceBuilder::loopback(1, "lo")
                .address("127.0.0.1/8")
                .address("::1/128"),
        )
        .interface(InterfaceBuilder::ethernet(2, "ifb0").up(false))
        .interface(
            InterfaceBuilder::ethernet(5, "eth0")
                .address("192.0.2.10/24")
                .address("2001:db8::10/64"),
        )
        .route("0.0.0.0/0", Some("192.0.2.1"), 5, 0)
        .build()
        .unwrap()
}

/// SIO_ROUTING_INTERFACE_QUERY to `dst:port` with a 16-byte output.
fn route_query(st: &Stack, s: Socket, dst: &str, port: u16) -> (IoctlOutcome, Vec<u8>) {
    call(
        st,
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa(dst, port)),
        Some(16),
    )
}

/// Row 7 (W `test_sioRoutingInterfaceQuery`: 127.0.0.1 succeeds with 16 bytes, both). The
/// default profile answers the loopback address itself; `wine` answers the address of the
/// default route's interface, as Wine 8.0 did under wine64 (192.0.2.2, eth0's, on the machine;
/// Wine's ws2_32 asks GetBestRoute, whose table has no loopback route). Other destinations are
/// unchanged.
#[test]
fn wine_routing_query_to_loopback_answers_the_default_route_interface() {
    for host in [Host::default_host(), host_with_unaddressed_adapter()] {
        let win = stack_with(host.clone(), "windows");
        let s = udp(&win);
        let (r, out) = route_query(&win, s, "127.0.0.1", 0);
        assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
        assert_eq!(out, sockaddr_in([127, 0, 0, 1], 0));

        let wine = stack_with(host, "wine");
        let s = udp(&wine);
        for dst in ["127.0.0.1", "127.1.2.3"] {
            let (r, out) = route_query(&wine, s, dst, 0);
            assert_eq!(r, IoctlOutcome::Completed { bytes: 16 }, "{dst}");
            assert_eq!(out, sockaddr_in([192, 0, 2, 10], 0), "{dst}");
        }
        let (r, out) = route_query(&wine, s, "198.51.100.7", 80);
        assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
        assert_eq!(out, sockaddr_in([192, 0, 2, 10], 0));
    }
}

/// Row 7 without a default route: `wine` has no interface to answer with, and reports the
/// stack's no-route error (spec/002/003: WSAENETUNREACH; Wine itself answers WSAEFAULT for any
/// failed GetBestRoute — not modelled), where the default profile still answers 127.0.0.1.
#[test]
fn wine_routing_query_to_loopback_without_default_route() {
    let host = Host::builder()
        .interface(InterfaceBuilder::loopback(1, "lo").address("127.0.0.1/8"))
        .interface(InterfaceBuilder::ethernet(2, "eth0").address("192.0.2.10/24"))
        .build()
        .unwrap();
    let win = stack_with(host.clone(), "windows");
    let s = udp(&win);
    let (r, out) = route_query(&win, s, "127.0.0.1", 0);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    assert_eq!(out, sockaddr_in([127, 0, 0, 1], 0));
    let wine = stack_with(host, "wine");
    let s = udp(&wine);
    let (r, out) = route_query(&wine, s, "127.0.0.1", 0);
    assert_eq!(r, failed(WsaError::WSAENETUNREACH, None));
    assert_eq!(out, [0xa5; 16]);
}

/// Row 18 on the default host. Windows (R `Test_WSAIoctl_GetInterfaceList`): an IFF_BROADCAST
/// entry's broadcast address is 255.255.255.255. Wine 8.0 (observed under wine64, also in the
/// namespace `on-host` builds from this host; its ntdll `IOCTL_AFD_WINE_GET_INTERFACE_LIST` copies
/// `getifaddrs`): `address | ~mask` = 192.0.2.255. Everything else — count, order, addresses,
/// masks, flags (loopback 0x15, Ethernet 0x13: Wine showed exactly these in that namespace), the
/// loopback's all-zero broadcast (no IFF_BROADCAST) — is the same.
#[test]
fn wine_interface_list_subnet_broadcast() {
    let entry = |flags: u32, addr: [u8; 4], bcast: Option<[u8; 4]>, mask: [u8; 4]| {
        let mut v = flags.to_le_bytes().to_vec();
        v.extend(gen_in(addr));
        match bcast {
            Some(b) => v.extend(gen_in(b)),
            None => v.extend_from_slice(&[0; 24]),
        }
        v.extend(gen_in(mask));
        v
    };
    let mut windows = entry(0x15, [127, 0, 0, 1], None, [255, 0, 0, 0]);
    windows.extend(entry(
        0x13,
        [192, 0, 2, 10],
        Some([255, 255, 255, 255]),
        [255, 255, 255, 0],
    ));
    let mut wine = entry(0x15, [127, 0, 0, 1], None, [255, 0, 0, 0]);
    wine.extend(entry(
        0x13,
        [192, 0, 2, 10],
        Some([192, 0, 2, 255]),
        [255, 255, 255, 0],
    ));
    for (profile, want) in [("windows", &windows), ("wine", &wine)] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let (r, out) = call(&st, s, SIO_GET_INTERFACE_LIST, None, Some(4096));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 152 }, "{profile}");
        assert_eq!(&out[..152], &want[..], "{profile}");
        let list = InterfaceList::parse(&out[..152], Arch::X64).unwrap();
        assert!(list.0[0].flags.contains(InterfaceFlags::LOOPBACK), "W");
    }
}

/// Row 19: Wine's IFF_UP | IFF_LOOPBACK (0x5) on the project's machines is the flags of Linux's
/// `lo`, which has no IFF_MULTICAST there — Wine copies `ifa_flags` bit by bit, and in the
/// `on-host` namespace, whose `lo` has IFF_MULTICAST, it answered 0x15. A host whose loopback is
/// described as Linux's (`up`, `loopback`) gives 0x5 on every profile; the /30 Ethernet subnet
/// has broadcast .3 under `wine`.
#[test]
fn wine_interface_list_flags_are_the_hosts() {
    let host = Host::builder()
        .interface(
            InterfaceBuilder::loopback(1, "lo")
                .flags(IfFlags::UP | IfFlags::LOOPBACK)
                .address("127.0.0.1/8"),
        )
        .interface(InterfaceBuilder::ethernet(2, "eth0").address("198.51.100.1/30"))
        .build()
        .unwrap();
    for (profile, bcast) in [
        ("windows", [255, 255, 255, 255]),
        ("wine", [198, 51, 100, 3]),
    ] {
        let st = stack_with(host.clone(), profile);
        let s = tcp(&st);
        let (r, out) = call(&st, s, SIO_GET_INTERFACE_LIST, None, Some(152));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 152 }, "{profile}");
        assert_eq!(u32_at(&out[..4]), 0x5, "{profile}");
        assert_eq!(u32_at(&out[76..80]), 0x13, "{profile}");
        assert_eq!(
            &out[76 + 28..76 + 28 + 16],
            &sockaddr_in(bcast, 0)[..],
            "{profile}"
        );
    }
}

/// Row 20. Windows (spec/002: "local transport addresses of the socket's protocol family to
/// which the application can bind"): the one bindable IPv4 address, 40 bytes on x64. Wine 8.0
/// (observed under wine64: `[0.0.0.0, 0.0.0.0, 192.0.2.2]` with two down, address-less `ifb`
/// links; its ws2_32 lists GetAdaptersInfo): one 16-byte entry per non-loopback adapter by
/// index, 0.0.0.0 for the down adapter without an address. x64 layout (SDK): count 2 + padding,
/// two SOCKET_ADDRESS {lpSockaddr offset, length 16, padding}, the two SOCKADDR_INs after the
/// array: 8 + 2 × 16 + 2 × 16 = 72 bytes; W's size rule `size == FIELD_OFFSET(Address[n]) + Σ
/// iSockaddrLength` holds.
#[test]
fn wine_address_list_lists_unaddressed_adapters() {
    let win = stack_with(host_with_unaddressed_adapter(), "windows");
    let s = tcp(&win);
    let (r, out) = call(&win, s, SIO_ADDRESS_LIST_QUERY, None, Some(72));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 40 });
    let mut want = vec![1, 0, 0, 0, 0, 0, 0, 0];
    want.extend_from_slice(&24u64.to_le_bytes());
    want.extend_from_slice(&16u32.to_le_bytes());
    want.extend_from_slice(&[0; 4]);
    want.extend(sockaddr_in([192, 0, 2, 10], 0));
    assert_eq!(&out[..40], &want[..]);

    let wine = stack_with(host_with_unaddressed_adapter(), "wine");
    let s = tcp(&wine);
    let (r, _) = call(&wine, s, SIO_ADDRESS_LIST_QUERY, None, Some(40));
    assert_eq!(
        r,
        failed(WsaError::WSAEFAULT, Some(72)),
        "the size counts the 0.0.0.0 entry"
    );
    let (r, out) = call(&wine, s, SIO_ADDRESS_LIST_QUERY, None, Some(72));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 72 });
    let mut want = vec![2, 0, 0, 0, 0, 0, 0, 0];
    want.extend_from_slice(&40u64.to_le_bytes());
    want.extend_from_slice(&16u32.to_le_bytes());
    want.extend_from_slice(&[0; 4]);
    want.extend_from_slice(&56u64.to_le_bytes());
    want.extend_from_slice(&16u32.to_le_bytes());
    want.extend_from_slice(&[0; 4]);
    want.extend(sockaddr_in([0, 0, 0, 0], 0));
    want.extend(sockaddr_in([192, 0, 2, 10], 0));
    assert_eq!(out, want);
    let list = SocketAddressList::parse(&out, Arch::X64).unwrap();
    let addrs: Vec<_> = list.addrs().cloned().collect();
    assert_eq!(
        addrs,
        [
            SockAddr::V4("0.0.0.0:0".parse().unwrap()),
            SockAddr::V4("192.0.2.10:0".parse().unwrap()),
        ]
    );
}

/// Row 20 on the default host (no unaddressed adapter): both profiles list 192.0.2.10 alone —
/// why `check --backend windows` in the default namespace could not see the divergence. A down
/// adapter keeps its address in Wine's list (GetAdaptersInfo lists it) where Windows drops it
/// (not bindable).
#[test]
fn wine_address_list_on_the_default_host_and_a_down_link() {
    for profile in ["windows", "wine"] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(40));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 40 }, "{profile}");
        assert_eq!(
            &out[24..40],
            &sockaddr_in([192, 0, 2, 10], 0)[..],
            "{profile}"
        );
    }
    let st = stack_with(Host::default_host(), "wine");
    let s = tcp(&st);
    st.provider
        .mutate_host(|h| h.set_link_up(2, false))
        .unwrap();
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(40));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 40 });
    assert_eq!(&out[24..40], &sockaddr_in([192, 0, 2, 10], 0)[..]);
}

// =============================================================================================
// SIO_GET_BROADCAST_ADDRESS
// =============================================================================================

/// spec/000: "a SOCKADDR structure containing the broadcast address"; **Choice**: the limited
/// broadcast 255.255.255.255, `size` = 16. spec/001: WSAENOPROTOOPT on an IPv6 socket.
#[test]
fn broadcast_address() {
    let st = stack();
    let s = udp(&st);
    let (r, out) = call(&st, s, SIO_GET_BROADCAST_ADDRESS, None, Some(16));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    assert_eq!(out, sockaddr_in([255; 4], 0));
    let s6 = st.socket(AF_INET6, DGRAM, UDP).unwrap();
    let (r, _) = call(&st, s6, SIO_GET_BROADCAST_ADDRESS, None, Some(28));
    assert_eq!(r, failed(WsaError::WSAENOPROTOOPT, None));
    let (r, _) = call(&st, s, SIO_GET_BROADCAST_ADDRESS, None, Some(15));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

// =============================================================================================
// SIO_GET_EXTENSION_FUNCTION_POINTER
// =============================================================================================

/// W `test_get_extension_func`: WSAID_ACCEPTEX → 0, last error 0, `size` = sizeof(void*) (8 on
/// x64, 4 on x86); distinct GUIDs give distinct nonzero pointers.
#[test]
fn extension_pointer_success() {
    for (profile, n) in [("windows", 8usize), ("windows-x86", 4)] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let mut ptrs = Vec::new();
        for g in [
            guid::WSAID_ACCEPTEX,
            guid::WSAID_CONNECTEX,
            guid::WSAID_WSARECVMSG,
        ] {
            let (r, out) = call(
                &st,
                s,
                SIO_GET_EXTENSION_FUNCTION_POINTER,
                Some(&g.to_le_bytes()),
                Some(8),
            );
            assert_eq!(r, IoctlOutcome::Completed { bytes: n as u32 }, "{profile}");
            let mut p = [0u8; 8];
            p[..n].copy_from_slice(&out[..n]);
            assert!(
                out[n..].iter().all(|&b| b == 0xa5),
                "only sizeof(void*) written"
            );
            let p = u64::from_le_bytes(p);
            assert_ne!(p, 0);
            ptrs.push(p);
        }
        ptrs.dedup();
        assert_eq!(ptrs.len(), 3);
    }
}

/// W: a bogus GUID → WSAEINVAL, `size` untouched (before any I/O). spec/004's SAN GUIDs are
/// served only by SAN providers: WSAEINVAL from the TCP/IP provider too.
#[test]
fn extension_pointer_bogus_guid_is_einval() {
    let st = stack();
    let s = tcp(&st);
    let bogus = Guid::from_u128(0xdeadbeef).to_le_bytes();
    let (r, out) = call(
        &st,
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&bogus),
        Some(8),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    assert_eq!(out, [0xa5; 8]);
    let (r, _) = call(
        &st,
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&guid::WSAID_REGISTERMEMORY.to_le_bytes()),
        Some(8),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

/// **Choice** (handler doc; W does not test it): a short input or output is WSAEFAULT.
#[test]
fn extension_pointer_short_buffers_are_efault() {
    let st = stack();
    let s = tcp(&st);
    let g = guid::WSAID_ACCEPTEX.to_le_bytes();
    let (r, _) = call(
        &st,
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&g[..15]),
        Some(8),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    let (r, _) = call(
        &st,
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&g),
        Some(7),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

// =============================================================================================
// SIO_BASE_HANDLE, SIO_BSP_HANDLE*, SIO_QUERY_TARGET_PNP_HANDLE
// =============================================================================================

/// W `test_base_handle` (AF_INET and AF_INET6 × TCP, UDP): no OVERLAPPED → 0, `size` =
/// sizeof(SOCKET), base == s (a base provider).
#[test]
fn base_handle_is_the_socket() {
    let st = stack();
    for (af, ty, p) in [
        (AF_INET, STREAM, TCP),
        (AF_INET, DGRAM, UDP),
        (AF_INET6, STREAM, TCP),
        (AF_INET6, DGRAM, UDP),
    ] {
        let s = st.socket(af, ty, p).unwrap();
        let (r, out) = call(&st, s, SIO_BASE_HANDLE, None, Some(8));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
        assert_eq!(u64::from_le_bytes(out.try_into().unwrap()), s.0);
    }
    let st = stack_with(Host::default_host(), "windows-x86");
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_BASE_HANDLE, None, Some(8));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    assert_eq!(u64::from(u32_at(&out)), s.0);
}

/// W: overlapped → pending, completes with STATUS_NOT_SUPPORTED / ERROR_NOT_SUPPORTED, output
/// untouched. spec/README.md: a short output of the SIO_BASE_HANDLE family is WSAEFAULT.
#[test]
fn base_handle_failures() {
    let st = stack();
    let s = tcp(&st);
    let (r, _) = call(&st, s, SIO_BASE_HANDLE, None, Some(7));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let ov = Overlapped::new();
    let (r, out) = call_with(
        &st,
        s,
        SIO_BASE_HANDLE,
        None,
        Some(8),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_eq!(out, [0xa5; 8]);
    let q = st.get_queued_completion_status(port, 0).unwrap();
    assert!(!q.ok);
    assert_eq!(
        (q.error, q.bytes, q.key),
        (Win32Error::ERROR_NOT_SUPPORTED, 0, 123)
    );
    assert_eq!(ov.internal(), NtStatus::STATUS_NOT_SUPPORTED);
    assert!(ov.output().is_empty(), "output untouched");
}

/// spec/003: SIO_BSP_HANDLE, SIO_BSP_HANDLE_SELECT, SIO_BSP_HANDLE_POLL return the base
/// provider's SOCKET; a short or NULL output is WSAEFAULT; SIO_BSP_HANDLE_POLL with an
/// OVERLAPPED is WSAEFAULT ("or the lpOverlapped parameter is not a NULL pointer").
/// SIO_QUERY_TARGET_PNP_HANDLE (spec/002) likewise returns the socket.
#[test]
fn bsp_handles() {
    let st = stack();
    let s = udp(&st);
    for code in [
        SIO_BSP_HANDLE,
        SIO_BSP_HANDLE_SELECT,
        SIO_BSP_HANDLE_POLL,
        SIO_QUERY_TARGET_PNP_HANDLE,
    ] {
        let (r, out) = call(&st, s, code, None, Some(8));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 8 }, "{code:?}");
        assert_eq!(u64::from_le_bytes(out.try_into().unwrap()), s.0);
        let (r, _) = call(&st, s, code, None, Some(4));
        assert_eq!(r, failed(WsaError::WSAEFAULT, None), "{code:?} short");
        let (r, _) = call(&st, s, code, None, None);
        assert_eq!(r, failed(WsaError::WSAEFAULT, None), "{code:?} NULL");
    }
    let ov = Overlapped::new();
    let (r, _) = call_with(
        &st,
        s,
        SIO_BSP_HANDLE_POLL,
        None,
        Some(8),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(
        ov.internal(),
        NtStatus::STATUS_SUCCESS,
        "OVERLAPPED untouched"
    );
}

// =============================================================================================
// SIO_KEEPALIVE_VALS
// =============================================================================================

fn ka(onoff: u32, time: u32, interval: u32) -> Vec<u8> {
    TcpKeepalive {
        onoff,
        keepalivetime: time,
        keepaliveinterval: interval,
    }
    .to_bytes(Arch::X64)
}

/// W `test_keepalive_vals` (unconnected TCP socket): success → 0, last error 0, `size` = 0; the
/// values (1,0,0) (1,1000,1000) (1,10000,10000) (1,100,100) (0,100,100) all succeed.
#[test]
fn keepalive_success() {
    let st = stack();
    let s = tcp(&st);
    for v in [
        (0, 0, 0),
        (1, 0, 0),
        (1, 1000, 1000),
        (1, 10000, 10000),
        (1, 100, 100),
        (0, 100, 100),
    ] {
        let (r, _) = call(&st, s, SIO_KEEPALIVE_VALS, Some(&ka(v.0, v.1, v.2)), None);
        assert_eq!(r, OK0, "{v:?}");
        assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
    }
}

/// W: input length 0 / NULL input with length 12 → WSAEFAULT, `size` = 0. spec/001: a datagram
/// socket → WSAENOPROTOOPT ("the option is unknown or unsupported"); the `wine` profile answers
/// WSAEINVAL.
#[test]
fn keepalive_failures() {
    let st = stack();
    let s = tcp(&st);
    let (r, _) = call(&st, s, SIO_KEEPALIVE_VALS, Some(&[]), None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(0)));
    let r = st.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_KEEPALIVE_VALS,
        null_input_len: 12,
        ..Default::default()
    });
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(0)));
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_KEEPALIVE_VALS, Some(&ka(1, 1000, 1000)), None);
    assert_eq!(r, failed(WsaError::WSAENOPROTOOPT, None));
    let wine = stack_with(Host::default_host(), "wine");
    let u = udp(&wine);
    let (r, _) = call(&wine, u, SIO_KEEPALIVE_VALS, Some(&ka(1, 1000, 1000)), None);
    assert_eq!(r.error(), WsaError::WSAEINVAL);
}

/// W (todo_wine = Windows): overlapped with input length 11 → WSAEFAULT, `size` untouched,
/// Internal = STATUS_PENDING, InternalHigh untouched, no packet.
#[test]
fn keepalive_overlapped_short_input_marks_pending() {
    let st = stack();
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let ov = Overlapped::new();
    ov.set_status(NtStatus(DEADBEEF), DEADBEEF.into());
    let (r, _) = call_with(
        &st,
        s,
        SIO_KEEPALIVE_VALS,
        Some(&ka(1, 1000, 1000)[..11]),
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(ov.internal(), NtStatus::STATUS_PENDING);
    assert_eq!(
        st.get_queued_completion_status(port, 0).unwrap_err(),
        Win32Error::WAIT_TIMEOUT
    );
}

// =============================================================================================
// SIO_MULTICAST_SCOPE, SIO_MULTIPOINT_LOOPBACK
// =============================================================================================

/// spec/000, spec/003: SIO_MULTICAST_SCOPE takes an int (the IP multicast TTL),
/// SIO_MULTIPOINT_LOOPBACK a BOOL; both succeed on a UDP socket with `size` = 0. **Choice**
/// (handler doc): TTL > 255 → WSAEINVAL, a stream socket → WSAENOPROTOOPT, short input →
/// WSAEFAULT.
#[test]
fn multicast_scope_and_loopback() {
    let st = stack();
    let u = udp(&st);
    for code in [SIO_MULTICAST_SCOPE, SIO_MULTIPOINT_LOOPBACK] {
        let (r, _) = call(&st, u, code, Some(&u32_bytes(1)), None);
        assert_eq!(r, OK0, "{code:?}");
        let (r, _) = call(&st, u, code, Some(&[1, 0]), None);
        assert_eq!(r, failed(WsaError::WSAEFAULT, None), "{code:?}");
        let t = tcp(&st);
        let (r, _) = call(&st, t, code, Some(&u32_bytes(1)), None);
        assert_eq!(r, failed(WsaError::WSAENOPROTOOPT, None), "{code:?}");
    }
    let (r, _) = call(&st, u, SIO_MULTICAST_SCOPE, Some(&u32_bytes(256)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_UDP_CONNRESET, SIO_UDP_NETRESET
// =============================================================================================

/// spec/002/003 SIO_UDP_CONNRESET: with it on (the default) an ICMP port unreachable makes the
/// next receive fail with WSAECONNRESET; turned off, the error is dropped. Success `size` = 0.
#[test]
fn udp_connreset_controls_the_icmp_report() {
    let st = stack();
    let u = udp(&st);
    st.ioctlsocket(u, FIONBIO, &mut 1).unwrap();
    st.sendto(u, b"x", 0, &sa("127.0.0.1", 5020)).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(st.recv(u, &mut buf, 0), Err(WsaError::WSAECONNRESET));
    let (r, _) = call(&st, u, SIO_UDP_CONNRESET, Some(&u32_bytes(0)), None);
    assert_eq!(r, OK0);
    st.sendto(u, b"x", 0, &sa("127.0.0.1", 5020)).unwrap();
    assert_eq!(st.recv(u, &mut buf, 0), Err(WsaError::WSAEWOULDBLOCK));
    let (r, _) = call(&st, u, SIO_UDP_NETRESET, Some(&u32_bytes(0)), None);
    assert_eq!(r, OK0);
}

/// **Choice** (handler doc): on a TCP socket both codes are WSAEINVAL; short input WSAEFAULT.
#[test]
fn udp_reset_failures() {
    let st = stack();
    let t = tcp(&st);
    for code in [SIO_UDP_CONNRESET, SIO_UDP_NETRESET] {
        let (r, _) = call(&st, t, code, Some(&u32_bytes(1)), None);
        assert_eq!(r, failed(WsaError::WSAEINVAL, None));
        let u = udp(&st);
        let (r, _) = call(&st, u, code, Some(&[1]), None);
        assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    }
}

// =============================================================================================
// SIO_RCVALL and variants
// =============================================================================================

fn raw_bound(st: &Stack) -> Socket {
    let s = st.socket(AF_INET, RAW, 0).unwrap();
    st.bind(s, &sa("192.0.2.10", 0)).unwrap();
    s
}

/// spec/002/003 SIO_RCVALL: a SOCK_RAW, IPPROTO_IP socket bound to an explicit local address;
/// input RCVALL_VALUE (RCVALL_ON etc.), RCVALL_IF for the `_IF` variants. `size` = 0.
#[test]
fn rcvall_success() {
    let st = stack();
    let s = raw_bound(&st);
    // winsock-ioctls.md: SIO_RCVALL_MCAST on a raw IPPROTO_UDP socket, SIO_RCVALL_IGMPMCAST on
    // a raw IPPROTO_IGMP (2) one; each fails on the other protocols.
    for (code, proto) in [
        (SIO_RCVALL, 0),
        (SIO_RCVALL_MCAST, 17),
        (SIO_RCVALL_IGMPMCAST, 2),
    ] {
        let on = RcvallValue::RCVALL_ON.to_bytes(Arch::X64);
        let r_ = st.socket(AF_INET, RAW, proto).unwrap();
        st.bind(r_, &sa("192.0.2.10", 0)).unwrap();
        let (r, _) = call(&st, r_, code, Some(&on), None);
        assert_eq!(r, OK0, "{code:?}");
        if proto != 0 {
            let (r, _) = call(&st, s, code, Some(&on), None);
            assert_eq!(
                r,
                failed(WsaError::WSAEINVAL, None),
                "{code:?} on IPPROTO_IP"
            );
        }
    }
    let rif = RcvallIf {
        mode: RcvallValue::RCVALL_ON,
        interface: 2,
    }
    .to_bytes(Arch::X64);
    for code in [SIO_RCVALL_IF, SIO_RCVALL_MCAST_IF] {
        let (r, _) = call(&st, s, code, Some(&rif), None);
        assert_eq!(r, OK0, "{code:?}");
    }
    let (r, _) = call(&st, s, SIO_RCVALL, Some(&u32_bytes(0)), None);
    assert_eq!(r, OK0, "RCVALL_OFF");
}

/// spec/002/003: WSAEINVAL on an unbound raw socket, on a socket that is not SOCK_RAW, and for a
/// value outside RCVALL_VALUE; a short input is WSAEFAULT. 0x9800000D on a non-raw socket is
/// SIO_SOCKET_CLOSE_NOTIFY, which the TCP/IP provider does not implement (WSAEOPNOTSUPP).
#[test]
fn rcvall_failures() {
    let st = stack();
    let unbound = st.socket(AF_INET, RAW, 0).unwrap();
    let on = u32_bytes(1);
    let (r, _) = call(&st, unbound, SIO_RCVALL, Some(&on), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let u = udp(&st);
    st.bind(u, &sa("192.0.2.10", 0)).unwrap();
    let (r, _) = call(&st, u, SIO_RCVALL, Some(&on), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let s = raw_bound(&st);
    let (r, _) = call(&st, s, SIO_RCVALL, Some(&u32_bytes(4)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let (r, _) = call(&st, s, SIO_RCVALL, Some(&on[..3]), None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    let t = tcp(&st);
    let (r, _) = call(&st, t, SIO_SOCKET_CLOSE_NOTIFY, Some(&[0; 8]), None);
    assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, Some(0)));
}

/// spec/002/003 (SIO_RCVALL: "Administrator privilege is required"): without it (profile
/// `user`) a raw socket cannot even be created — WSAEACCES, as Windows answers `socket(SOCK_RAW)`
/// for a non-administrator.
#[test]
fn raw_sockets_need_administrator() {
    let st = stack_with(Host::default_host(), "user");
    assert_eq!(st.socket(AF_INET, RAW, 0), Err(WsaError::WSAEACCES));
    assert_eq!(st.wsa_get_last_error(), WsaError::WSAEACCES);
}

// =============================================================================================
// SIO_QUERY_RSS_SCALABILITY_INFO, SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE
// =============================================================================================

/// spec/002/003: RSS_SCALABILITY_INFO (1 byte BOOLEAN): TRUE when RSS is possible — the default
/// host's Ethernet interface has 4 receive queues; `size` = 1. Output NULL or short → WSAEINVAL
/// (spec/README.md, "Error for a too-small output buffer").
#[test]
fn rss_scalability_info() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_QUERY_RSS_SCALABILITY_INFO, None, Some(1));
    assert_eq!((r, out), (IoctlOutcome::Completed { bytes: 1 }, vec![1]));
    let (r, _) = call(&st, s, SIO_QUERY_RSS_SCALABILITY_INFO, None, None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let host = Host::builder()
        .interface(InterfaceBuilder::ethernet(2, "eth").address("192.0.2.10/24"))
        .build()
        .unwrap();
    let st = stack_with(host, "windows");
    let s = tcp(&st);
    let (_, out) = call(&st, s, SIO_QUERY_RSS_SCALABILITY_INFO, None, Some(1));
    assert_eq!(out, [0], "one receive queue: no RSS");
}

/// spec/002/003: a UINT64 handle, `size` = 8; output NULL or short → WSAEINVAL.
#[test]
fn wfp_ale_endpoint_handle() {
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE, None, Some(8));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
    assert_ne!(u64::from_le_bytes(out.try_into().unwrap()), 0);
    let (r, _) = call(&st, s, SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE, None, Some(7));
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_IDEAL_SEND_BACKLOG_QUERY / _CHANGE
// =============================================================================================

/// W `test_backlog_query`: connected loopback TCP → 0x10000; unconnected TCP → WSAENOTCONN;
/// UDP → WSAEOPNOTSUPP.
#[test]
fn ideal_send_backlog_query() {
    let st = stack();
    let (c, _a) = tcp_pair(&st, 5030);
    let (r, out) = call(&st, c, SIO_IDEAL_SEND_BACKLOG_QUERY, None, Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 0x10000));
    let t = tcp(&st);
    let (r, _) = call(&st, t, SIO_IDEAL_SEND_BACKLOG_QUERY, None, Some(4));
    assert_eq!(r, failed(WsaError::WSAENOTCONN, None));
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_IDEAL_SEND_BACKLOG_QUERY, None, Some(4));
    assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, None));
    let (r, _) = call(&st, c, SIO_IDEAL_SEND_BACKLOG_QUERY, None, Some(3));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

/// spec/002/003 SIO_IDEAL_SEND_BACKLOG_CHANGE: notifies when the ideal backlog changes — never,
/// on the emulated connection: overlapped pends until close (995); nonblocking →
/// WSAEWOULDBLOCK; the query's socket checks apply (WSAENOTCONN, WSAEOPNOTSUPP).
#[test]
fn ideal_send_backlog_change() {
    let st = stack();
    let (c, _a) = tcp_pair(&st, 5031);
    let ov = Overlapped::new();
    let (r, _) = call_with(
        &st,
        c,
        SIO_IDEAL_SEND_BACKLOG_CHANGE,
        None,
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    st.ioctlsocket(c, FIONBIO, &mut 1).unwrap();
    let (r, _) = call(&st, c, SIO_IDEAL_SEND_BACKLOG_CHANGE, None, None);
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
    st.closesocket(c).unwrap();
    assert_eq!(ov.internal(), NtStatus::STATUS_CANCELLED);
    let t = tcp(&st);
    let (r, _) = call(&st, t, SIO_IDEAL_SEND_BACKLOG_CHANGE, None, None);
    assert_eq!(r, failed(WsaError::WSAENOTCONN, None));
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_IDEAL_SEND_BACKLOG_CHANGE, None, None);
    assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, None));
}

// =============================================================================================
// SIO_TCP_INFO
// =============================================================================================

/// mstcpip.h / SIO_TCP_INFO reference: input DWORD version; v0 output TCP_INFO_v0 (88 bytes),
/// v1 TCP_INFO_v1 (136); `size` = the structure size; State ESTABLISHED on a connected socket,
/// LISTEN on a listener.
#[test]
fn tcp_info_v0_and_v1() {
    let st = stack();
    let (c, _a) = tcp_pair(&st, 5040);
    let (r, out) = call(&st, c, SIO_TCP_INFO, Some(&u32_bytes(0)), Some(88));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 88 });
    let v0 = TcpInfoV0::parse(&out, Arch::X64).unwrap();
    assert_eq!(v0.state, TcpState::TCPSTATE_ESTABLISHED);
    assert_eq!(
        u32_at(&out),
        4,
        "State at offset 0 = TCPSTATE_ESTABLISHED (4)"
    );
    let (r, out) = call(&st, c, SIO_TCP_INFO, Some(&u32_bytes(1)), Some(200));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 136 });
    let v1 = TcpInfoV1::parse(&out[..136], Arch::X64).unwrap();
    assert_eq!(v1.v0.state, TcpState::TCPSTATE_ESTABLISHED);
    let l = tcp(&st);
    st.bind(l, &sa("127.0.0.1", 5041)).unwrap();
    st.listen(l, 1).unwrap();
    let (_, out) = call(&st, l, SIO_TCP_INFO, Some(&u32_bytes(0)), Some(88));
    assert_eq!(u32_at(&out), 1, "TCPSTATE_LISTEN");
}

/// The SIO_TCP_INFO reference page (MicrosoftDocs/win32 `sio-tcp-info.md`): version 2 and a
/// socket that is not TCP → WSAEINVAL; an output shorter than the structure → WSAEINVAL with
/// `size` = 0; input NULL or not 4 bytes → WSAEMSGSIZE.
#[test]
fn tcp_info_failures() {
    let st = stack();
    let (c, _a) = tcp_pair(&st, 5042);
    let (r, _) = call(&st, c, SIO_TCP_INFO, Some(&u32_bytes(2)), Some(200));
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let (r, _) = call(&st, c, SIO_TCP_INFO, Some(&u32_bytes(0)), Some(87));
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
    let (r, _) = call(&st, c, SIO_TCP_INFO, Some(&[0, 0, 0]), Some(88));
    assert_eq!(r, failed(WsaError::WSAEMSGSIZE, None));
    let (r, _) = call(&st, c, SIO_TCP_INFO, None, Some(88));
    assert_eq!(r, failed(WsaError::WSAEMSGSIZE, None));
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_TCP_INFO, Some(&u32_bytes(0)), Some(88));
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_SET_COMPATIBILITY_MODE
// =============================================================================================

/// spec/002/003: WSA_COMPATIBILITY_MODE with BehaviorId WsaBehaviorAll /
/// …ReceiveBuffering / …AutoTuning; other ids → WSAEINVAL; short input → WSAEFAULT.
#[test]
fn compatibility_mode() {
    let st = stack();
    let t = tcp(&st);
    for id in 0..=2 {
        let m = WsaCompatibilityMode {
            behavior_id: CompatibilityBehaviorId(id),
            target_os_version: 0x0600_0000,
        }
        .to_bytes(Arch::X64);
        let (r, _) = call(&st, t, SIO_SET_COMPATIBILITY_MODE, Some(&m), None);
        assert_eq!(r, OK0, "behavior {id}");
    }
    let bad = WsaCompatibilityMode {
        behavior_id: CompatibilityBehaviorId(3),
        target_os_version: 0x0600_0000,
    }
    .to_bytes(Arch::X64);
    let (r, _) = call(&st, t, SIO_SET_COMPATIBILITY_MODE, Some(&bad), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let (r, _) = call(&st, t, SIO_SET_COMPATIBILITY_MODE, Some(&bad[..7]), None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
}

// =============================================================================================
// Port reservations
// =============================================================================================

/// spec/002/003: SIO_ACQUIRE_PORT_RESERVATION → INET_PORT_RESERVATION_INSTANCE (16 bytes) with
/// the block and a token; SIO_RELEASE_PORT_RESERVATION releases it (a second release →
/// WSAEINVAL); SIO_ASSOCIATE_PORT_RESERVATION must come before bind (spec/003: "must be issued
/// before the socket is bound").
#[test]
fn port_reservations() {
    let st = stack();
    let s = tcp(&st);
    let range = InetPortRange {
        start_port: 0,
        number_of_ports: 10,
    }
    .to_bytes(Arch::X64);
    let (r, out) = call(&st, s, SIO_ACQUIRE_PORT_RESERVATION, Some(&range), Some(16));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    let inst = InetPortReservationInstance::parse(&out, Arch::X64).unwrap();
    assert_eq!(inst.reservation.number_of_ports, 10);
    assert_ne!(inst.reservation.start_port, 0);
    assert_ne!(inst.token.token, 0);
    let token = inst.token.to_bytes(Arch::X64);
    let other = tcp(&st);
    let (r, _) = call(
        &st,
        other,
        SIO_ASSOCIATE_PORT_RESERVATION,
        Some(&token),
        None,
    );
    assert_eq!(r, OK0);
    let bound = tcp(&st);
    st.bind(bound, &sa("127.0.0.1", 0)).unwrap();
    let (r, _) = call(
        &st,
        bound,
        SIO_ASSOCIATE_PORT_RESERVATION,
        Some(&token),
        None,
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None), "after bind");
    let (r, _) = call(&st, s, SIO_RELEASE_PORT_RESERVATION, Some(&token), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, s, SIO_RELEASE_PORT_RESERVATION, Some(&token), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None), "released twice");
    let (r, _) = call(&st, s, SIO_ACQUIRE_PORT_RESERVATION, Some(&range), Some(15));
    assert_eq!(
        r,
        failed(WsaError::WSAEFAULT, None),
        "output shorter than the instance"
    );
}

/// **Choice** (handler doc): NumberOfPorts 0 → WSAEINVAL; an overlapping block →
/// WSAEADDRINUSE; the reservation lives as long as its socket (spec/003).
#[test]
fn port_reservation_conflicts() {
    let st = stack();
    let s = tcp(&st);
    let range = |start, n| {
        InetPortRange {
            start_port: start,
            number_of_ports: n,
        }
        .to_bytes(Arch::X64)
    };
    let (r, _) = call(
        &st,
        s,
        SIO_ACQUIRE_PORT_RESERVATION,
        Some(&range(0, 0)),
        Some(16),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let (r, _) = call(
        &st,
        s,
        SIO_ACQUIRE_PORT_RESERVATION,
        Some(&range(60000, 4)),
        Some(16),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    let (r, _) = call(
        &st,
        s,
        SIO_ACQUIRE_PORT_RESERVATION,
        Some(&range(60002, 4)),
        Some(16),
    );
    assert_eq!(r, failed(WsaError::WSAEADDRINUSE, None));
    st.closesocket(s).unwrap();
    let s2 = tcp(&st);
    let (r, _) = call(
        &st,
        s2,
        SIO_ACQUIRE_PORT_RESERVATION,
        Some(&range(60002, 4)),
        Some(16),
    );
    assert_eq!(
        r,
        IoctlOutcome::Completed { bytes: 16 },
        "freed with its socket"
    );
    let tok = InetPortReservationToken { token: 0xffff }.to_bytes(Arch::X64);
    let (r, _) = call(&st, s2, SIO_RELEASE_PORT_RESERVATION, Some(&tok), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_ENABLE_CIRCULAR_QUEUEING
// =============================================================================================

/// W `test_circular_queueing`: UDP socket, all buffers NULL/0 → returns 0. spec/000/003: for
/// unreliable message-oriented sockets — **Choice**: WSAENOPROTOOPT on a stream socket.
#[test]
fn circular_queueing() {
    let st = stack();
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_ENABLE_CIRCULAR_QUEUEING, None, None);
    assert_eq!(r, OK0);
    let t = tcp(&st);
    let (r, _) = call(&st, t, SIO_ENABLE_CIRCULAR_QUEUEING, None, None);
    assert_eq!(r, failed(WsaError::WSAENOPROTOOPT, None));
}

// =============================================================================================
// TCP settings: SIO_LOOPBACK_FAST_PATH, SIO_TCP_INITIAL_RTO, SIO_TCP_SET_ACK_FREQUENCY,
// SIO_TCP_SET_ICW
// =============================================================================================

/// mstcpip.h structures (BOOL, TCP_INITIAL_RTO_PARAMETERS 4 bytes, one byte, TCP_ICW_PARAMETERS
/// 4 bytes): TCP sockets succeed with `size` = 0; UDP → WSAEOPNOTSUPP; short input → WSAEFAULT.
/// SIO_LOOPBACK_FAST_PATH reference: "must be issued before connect" (WSAEINVAL after).
#[test]
fn tcp_settings() {
    let st = stack();
    let t = tcp(&st);
    let u = udp(&st);
    for (code, input) in [
        (SIO_LOOPBACK_FAST_PATH, vec![1, 0, 0, 0]),
        (SIO_TCP_INITIAL_RTO, vec![0xe8, 0x03, 2, 0]),
        (SIO_TCP_SET_ACK_FREQUENCY, vec![2]),
        (SIO_TCP_SET_ICW, vec![1, 0, 0, 0]),
    ] {
        let (r, _) = call(&st, t, code, Some(&input), None);
        assert_eq!(r, OK0, "{code:?}");
        let (r, _) = call(&st, u, code, Some(&input), None);
        assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, None), "{code:?} on UDP");
        let (r, _) = call(&st, t, code, Some(&input[..input.len() - 1]), None);
        assert_eq!(r, failed(WsaError::WSAEFAULT, None), "{code:?} short");
    }
    let (c, _a) = tcp_pair(&st, 5050);
    let (r, _) = call(&st, c, SIO_LOOPBACK_FAST_PATH, Some(&u32_bytes(1)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_SET_PRIORITY_HINT, SIO_CPU_AFFINITY, SIO_SOCKET_USAGE_NOTIFICATION
// =============================================================================================

/// mstcpip.h: SOCKET_PRIORITY_HINT (4 bytes), USHORT processor (before bind/connect),
/// SOCKET_USAGE_TYPE. Success `size` = 0; **Choice** (handler doc): an unknown hint →
/// WSAEINVAL, short input → WSAEFAULT.
#[test]
fn socket_settings() {
    let st = stack();
    let t = tcp(&st);
    let (r, _) = call(&st, t, SIO_SET_PRIORITY_HINT, Some(&u32_bytes(2)), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, t, SIO_SET_PRIORITY_HINT, Some(&u32_bytes(7)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let (r, _) = call(
        &st,
        t,
        SIO_SOCKET_USAGE_NOTIFICATION,
        Some(&u32_bytes(1)),
        None,
    );
    assert_eq!(r, OK0);
    // winsock-ioctls.md: SIO_CPU_AFFINITY is "Only supported for UDP sockets" and "must be
    // called prior to bind, otherwise WSAEINVAL will be returned".
    let (r, _) = call(&st, t, SIO_CPU_AFFINITY, Some(&[1, 0]), None);
    assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, None));
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_CPU_AFFINITY, Some(&[1, 0]), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, u, SIO_CPU_AFFINITY, Some(&[1]), None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    st.bind(u, &sa("127.0.0.1", 0)).unwrap();
    let (r, _) = call(&st, u, SIO_CPU_AFFINITY, Some(&[1, 0]), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_TIMESTAMPING, SIO_GET_TX_TIMESTAMP
// =============================================================================================

/// mstcpip.h TIMESTAMPING_CONFIG (8 bytes): datagram sockets only; flag bits other than RX/TX →
/// WSAEINVAL. SIO_GET_TX_TIMESTAMP: nothing is ever sent out of the emulated host, so no TX
/// timestamp is buffered — **Choice**: WSAEWOULDBLOCK with TX timestamping on, WSAEINVAL off.
#[test]
fn timestamping() {
    let st = stack();
    let u = udp(&st);
    let cfg = |flags: u32| {
        let mut v = flags.to_le_bytes().to_vec();
        v.extend_from_slice(&[4, 0, 0, 0]);
        v
    };
    let (r, _) = call(&st, u, SIO_GET_TX_TIMESTAMP, Some(&u32_bytes(0)), Some(8));
    assert_eq!(r, failed(WsaError::WSAEINVAL, None), "TX timestamping off");
    let (r, _) = call(&st, u, SIO_TIMESTAMPING, Some(&cfg(3)), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, u, SIO_GET_TX_TIMESTAMP, Some(&u32_bytes(0)), Some(8));
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
    let (r, _) = call(&st, u, SIO_GET_TX_TIMESTAMP, Some(&u32_bytes(0)), Some(7));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    let (r, _) = call(&st, u, SIO_TIMESTAMPING, Some(&cfg(4)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    let t = tcp(&st);
    let (r, _) = call(&st, t, SIO_TIMESTAMPING, Some(&cfg(1)), None);
    assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, None));
}

// =============================================================================================
// Codes the provider does not implement
// =============================================================================================

/// The codes W `test_unsupported_ioctls` uses (0xdeadbeef, FIOASYNC, 0x667E, SIO_FLUSH), plus
/// SIO_GET_QOS and SIO_GET_INTERFACE_LIST_EX (spec/README.md: "not currently supported on
/// Windows").
const UNSUPPORTED: [ControlCode; 6] = [
    ControlCode(0xdead_beef),
    FIOASYNC,
    ControlCode(0x667e),
    SIO_FLUSH,
    SIO_GET_QOS,
    SIO_GET_INTERFACE_LIST_EX,
];

/// W `test_unsupported_ioctls`, observed ("An unknown or unsupported code fails with
/// WSAEOPNOTSUPP"): no OVERLAPPED → WSAEOPNOTSUPP, `size` = 0.
#[test]
fn unsupported_codes_without_overlapped() {
    let st = stack();
    let s = tcp(&st);
    for code in UNSUPPORTED {
        let (r, _) = call(&st, s, code, None, None);
        assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, Some(0)), "{code:?}");
        assert_eq!(st.wsa_get_last_error(), WsaError::WSAEOPNOTSUPP);
    }
}

/// W: with an OVERLAPPED on a port → WSA_IO_PENDING, `size` untouched; GQCS → FALSE,
/// ERROR_NOT_SUPPORTED, bytes 0, key 123, Internal STATUS_NOT_SUPPORTED, InternalHigh 0. With a
/// completion routine: the routine gets WSAEOPNOTSUPP and 0 bytes.
#[test]
fn unsupported_codes_pend_when_overlapped() {
    let st = stack();
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    for code in UNSUPPORTED {
        let ov = Overlapped::new();
        let (r, _) = call_with(&st, s, code, None, None, Completion::Overlapped(ov.clone()));
        assert_eq!(r, IoctlOutcome::Pending, "{code:?}");
        assert_eq!(st.wsa_get_last_error(), WsaError::WSA_IO_PENDING);
        let q = st.get_queued_completion_status(port, 0).unwrap();
        assert!(!q.ok);
        assert_eq!(
            (q.error, q.bytes, q.key),
            (Win32Error::ERROR_NOT_SUPPORTED, 0, 123)
        );
        assert!(q.overlapped.unwrap().same(&ov));
        assert_eq!(ov.internal(), NtStatus::STATUS_NOT_SUPPORTED);
        assert_eq!(ov.internal_high(), 0);
    }
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let s2 = tcp(&st);
    for code in UNSUPPORTED {
        let seen2 = seen.clone();
        let (r, _) = call_with(
            &st,
            s2,
            code,
            None,
            None,
            Completion::Routine(
                Overlapped::new(),
                std::sync::Arc::new(move |e, n, _, f| seen2.lock().unwrap().push((e, n, f))),
            ),
        );
        assert_eq!(r, IoctlOutcome::Pending);
    }
    assert_eq!(st.sleep_ex(0, true), wsaioctl::api::WAIT_IO_COMPLETION);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), UNSUPPORTED.len());
    assert!(seen.iter().all(|&x| x == (WsaError::WSAEOPNOTSUPP, 0, 0)));
}

/// observed: "Old stacks (XP era) answered WSAEINVAL for codes they did not know" — profile `xp`.
#[test]
fn unknown_code_on_xp_is_einval() {
    let st = stack_with(Host::default_host(), "xp");
    let s = tcp(&st);
    let (r, _) = call(&st, s, ControlCode(0xdead_beef), None, None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
}

// =============================================================================================
// Errors of the API layer, named by the spec documents for WSAIoctl
// =============================================================================================

/// spec/001 WSAIoctl: "WSAENOTSOCK — The descriptor s is not a socket": a closed socket, a value
/// never returned; `size` untouched.
#[test]
fn closed_socket_is_enotsock() {
    let st = stack();
    let s = tcp(&st);
    st.closesocket(s).unwrap();
    for sock in [s, Socket(0x1234_5678)] {
        let (r, _) = call(&st, sock, FIONREAD, None, Some(4));
        assert_eq!(r, failed(WsaError::WSAENOTSOCK, None));
        assert_eq!(st.wsa_get_last_error(), WsaError::WSAENOTSOCK);
    }
}

/// The emulated host's peers: `EmulatedProvider::peer_of` links the two ends of a pair, so the
/// data-plane tests above observe a real connection; the accepted end's peer address is the
/// client's auto-bound loopback address.
#[test]
fn connected_pair_is_linked() {
    let st = stack();
    let (c, a) = tcp_pair(&st, 5060);
    assert_eq!(st.provider.peer_of(c.0), Some(a.0));
    assert_eq!(st.provider.peer_of(a.0), Some(c.0));
    let (r, out) = call(
        &st,
        c,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&sa("127.0.0.1", 5060)),
        Some(16),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    let src: SocketAddr = parse_sa(&out);
    assert_eq!(src.ip(), IpAddr::V4(Ipv4Addr::LOCALHOST));
}

// =============================================================================================
// SIO_ADDRESS_LIST_SORT
// =============================================================================================

/// A 28-byte SOCKADDR_IN6 (ws2ipdef.h) with a port, written field by field.
fn sin6(a: &str, port: u16) -> Vec<u8> {
    let a: Ipv6Addr = a.parse().unwrap();
    let mut v = vec![23, 0];
    v.extend_from_slice(&port.to_be_bytes());
    v.extend_from_slice(&[0; 4]);
    v.extend_from_slice(&a.octets());
    v.extend_from_slice(&[0; 4]);
    v
}

/// An x64 SOCKET_ADDRESS_LIST input built as Chromium's `address_sorter_win.cc` builds it: the
/// header (count + 4 bytes padding), one 16-byte SOCKET_ADDRESS {lpSockaddr, iSockaddrLength,
/// padding} per address, then the sockaddrs; each `lpSockaddr` an offset into this buffer (the
/// safe shape's base 0). Returns the bytes and the offsets.
fn sort_input_x64(addrs: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut b = (addrs.len() as u32).to_le_bytes().to_vec();
    b.extend_from_slice(&[0; 4]);
    let mut at = 8 + 16 * addrs.len();
    let mut offsets = Vec::new();
    for a in addrs {
        b.extend_from_slice(&(at as u64).to_le_bytes());
        b.extend_from_slice(&(a.len() as u32).to_le_bytes());
        b.extend_from_slice(&[0; 4]);
        offsets.push(at as u64);
        at += a.len();
    }
    for a in addrs {
        b.extend_from_slice(a);
    }
    (b, offsets)
}

/// The x64 answer: count, then {offset, 28, padding} per kept entry.
fn sorted_x64(offsets: &[u64]) -> Vec<u8> {
    let mut b = (offsets.len() as u32).to_le_bytes().to_vec();
    b.extend_from_slice(&[0; 4]);
    for o in offsets {
        b.extend_from_slice(&o.to_le_bytes());
        b.extend_from_slice(&[28, 0, 0, 0, 0, 0, 0, 0]);
    }
    b
}

/// "Using SIO_ADDRESS_LIST_SORT" (Microsoft): entries in SOCKADDR_IN6 form, IPv4 as
/// IPv4-mapped; sorted best first; invalid destinations removed ("iAddressCount … may be
/// smaller"). The answer (the handler's documented choice) is the header and the reordered
/// SOCKET_ADDRESS entries of the input, `*lpcbBytesReturned` = FIELD_OFFSET(Address[n]).
/// On the default host (RFC 6724 subset, handler doc): `::1` (precedence 50), then `2a00::1`
/// (IPv6, 40), then `::ffff:198.51.100.7` (IPv4, 35); `::` is removed. Nothing after the array
/// is written; the pointers still point into the input.
#[test]
fn address_list_sort_orders_and_prunes() {
    let st = stack();
    let s = st.socket(AF_INET6, DGRAM, UDP).unwrap();
    let (input, off) = sort_input_x64(&[
        sin6("::ffff:198.51.100.7", 443),
        sin6("2a00::1", 443),
        sin6("::", 443),
        sin6("::1", 443),
    ]);
    let (r, out) = call(
        &st,
        s,
        SIO_ADDRESS_LIST_SORT,
        Some(&input),
        Some(input.len()),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 56 });
    assert_eq!(&out[..56], &sorted_x64(&[off[3], off[1], off[0]])[..]);
    assert!(out[56..].iter().all(|&b| b == 0xa5), "only the array");
    // Chromium reads each sorted address through the (input-relative) pointer.
    let sorted = SocketAddressArray::parse(&out, Arch::X64).unwrap();
    let first = sorted.entries[0].resolve(&input).unwrap();
    assert_eq!(
        first.to_socket_addr().unwrap().ip(),
        IpAddr::V6(Ipv6Addr::LOCALHOST)
    );
}

/// The same on x86 (profile `windows-x86`): header 4, SOCKET_ADDRESS {ptr 4, len 4}. RFC 6724
/// rule 1: a destination with no route sorts after a reachable one (a host without a default
/// IPv6 route cannot reach 2a00::1; `fe80::77` is on-link).
#[test]
fn address_list_sort_x86_unreachable_last() {
    let host = Host::builder()
        .interface(InterfaceBuilder::loopback(1, "lo").address("::1/128"))
        .interface(InterfaceBuilder::ethernet(2, "eth").address("fe80::10/64"))
        .build()
        .unwrap();
    let st = stack_with(host, "windows-x86");
    let s = st.socket(AF_INET6, DGRAM, UDP).unwrap();
    let mut input = vec![2, 0, 0, 0];
    for off in [20u32, 48] {
        input.extend_from_slice(&off.to_le_bytes());
        input.extend_from_slice(&28u32.to_le_bytes());
    }
    input.extend(sin6("2a00::1", 0));
    input.extend(sin6("fe80::77", 0));
    let (r, out) = call(&st, s, SIO_ADDRESS_LIST_SORT, Some(&input), Some(20));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 20 });
    let mut want = vec![2, 0, 0, 0];
    for off in [48u32, 20] {
        want.extend_from_slice(&off.to_le_bytes());
        want.extend_from_slice(&28u32.to_le_bytes());
    }
    assert_eq!(out, want);
}

/// The handler's documented checks: input shorter than sizeof(SOCKET_ADDRESS_LIST) (24) or than
/// FIELD_OFFSET(Address[iAddressCount]) → WSAEINVAL (**Choice**); a sockaddr not AF_INET6 →
/// WSAEINVAL ("Using SIO_ADDRESS_LIST_SORT": entries "must be in SOCKADDR_IN6 format").
/// **Choice** (handler doc): NULL input and a pointer outside the input → WSAEFAULT; an IPv4
/// socket before Vista → WSAEINVAL. A short output follows the catalog row (WSAEFAULT, size
/// untouched). No failure writes the output or `*lpcbBytesReturned`.
#[test]
fn address_list_sort_failures() {
    let st = stack();
    let s = st.socket(AF_INET6, DGRAM, UDP).unwrap();
    let (good, _) = sort_input_x64(&[sin6("::1", 0), sin6("2a00::1", 0)]);
    let run =
        |input: Option<&[u8]>, out: usize| call(&st, s, SIO_ADDRESS_LIST_SORT, input, Some(out));
    assert_eq!(
        run(Some(&good[..23]), 64).0,
        failed(WsaError::WSAEINVAL, None)
    );
    let mut many = good.clone();
    many[0] = 9; // 9 entries do not fit the 96-byte buffer
    assert_eq!(run(Some(&many), 256).0, failed(WsaError::WSAEINVAL, None));
    let (v4, _) = sort_input_x64(&[sockaddr_in([192, 0, 2, 1], 0), sin6("::1", 0)]);
    assert_eq!(run(Some(&v4), 64).0, failed(WsaError::WSAEINVAL, None));
    let mut outside = good.clone();
    outside[8..16].copy_from_slice(&1000u64.to_le_bytes());
    assert_eq!(run(Some(&outside), 64).0, failed(WsaError::WSAEFAULT, None));
    assert_eq!(run(None, 64).0, failed(WsaError::WSAEFAULT, None));
    let (r, out) = run(Some(&good), 39);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None), "needs 40");
    assert_eq!(out, [0xa5; 39]);
    let xp = stack_with(Host::default_host(), "xp");
    let s4 = udp(&xp);
    let (r, _) = call(&xp, s4, SIO_ADDRESS_LIST_SORT, Some(&good), Some(64));
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER
// =============================================================================================

/// Microsoft's RIO_EXTENSION_FUNCTION_TABLE reference: input WSAID_MULTIPLE_RIO, output the
/// table, `cbSize` "the size, in bytes, of the structure" — 112 on x64, 56 on x86 (windows-sys
/// / SDK layouts, tests/wire_layout/extra.rs); `*lpcbBytesReturned` = that size, 13 distinct
/// nonzero function addresses.
#[test]
fn multiple_extension_pointer_rio_table() {
    for (profile, size) in [("windows", 112usize), ("windows-x86", 56)] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let arch = if size == 112 { Arch::X64 } else { Arch::X86 };
        let (r, out) = call(
            &st,
            s,
            SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
            Some(&guid::WSAID_MULTIPLE_RIO.to_le_bytes()),
            Some(size + 8),
        );
        assert_eq!(
            r,
            IoctlOutcome::Completed { bytes: size as u32 },
            "{profile}"
        );
        assert_eq!(u32_at(&out) as usize, size, "cbSize");
        assert!(out[size..].iter().all(|&b| b == 0xa5));
        let t = RioExtensionFunctionTable::parse(&out, arch).unwrap();
        let mut f = t.functions.to_vec();
        f.sort();
        f.dedup();
        assert_eq!(f.len(), 13);
        assert!(f[0] != 0);
    }
}

/// **Choice** (handler doc), as for SIO_GET_EXTENSION_FUNCTION_POINTER's unknown GUID (W
/// `test_get_extension_func`: WSAEINVAL, size untouched): any GUID but WSAID_MULTIPLE_RIO —
/// WSAID_ACCEPTEX names one function, not a table — is WSAEINVAL; a short input WSAEFAULT; a
/// short output follows the catalog row (WSAEFAULT, size untouched).
#[test]
fn multiple_extension_pointer_failures() {
    let st = stack();
    let s = tcp(&st);
    for g in [guid::WSAID_ACCEPTEX, Guid::from_u128(0xdeadbeef)] {
        let (r, out) = call(
            &st,
            s,
            SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
            Some(&g.to_le_bytes()),
            Some(112),
        );
        assert_eq!(r, failed(WsaError::WSAEINVAL, None), "{g:?}");
        assert_eq!(out, [0xa5; 112]);
    }
    let rio = guid::WSAID_MULTIPLE_RIO.to_le_bytes();
    let (r, _) = call(
        &st,
        s,
        SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
        Some(&rio[..15]),
        Some(112),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    let (r, out) = call(
        &st,
        s,
        SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
        Some(&rio),
        Some(111),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 111]);
}

// =============================================================================================
// SIO_QUERY_RSS_PROCESSOR_INFO
// =============================================================================================

/// Microsoft's SIO_QUERY_RSS_PROCESSOR_INFO reference: a SOCKET_PROCESSOR_AFFINITY (8 bytes:
/// PROCESSOR_NUMBER {Group u16, Number u8, Reserved u8}, NumaNodeId u16, Reserved u16) for a
/// connected socket; a UDP socket "must be connected". **Choice** of the value (handler doc):
/// the SIO_CPU_AFFINITY processor (index 70 = group 1, number 6), else
/// `(local port + remote port) % queues` of the outgoing interface — the default host's
/// Ethernet has 4 queues: (5070 + 53) % 4 = 3.
#[test]
fn rss_processor_info() {
    let st = stack();
    let u = udp(&st);
    st.bind(u, &sa("192.0.2.10", 5070)).unwrap();
    st.connect(u, &sa("198.51.100.7", 53)).unwrap();
    let (r, out) = call(&st, u, SIO_QUERY_RSS_PROCESSOR_INFO, None, Some(8));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
    assert_eq!(out, [0, 0, 3, 0, 0, 0, 0, 0]);
    // SIO_CPU_AFFINITY is UDP only ("Only supported for UDP sockets", winsock-ioctls.md).
    let t = udp(&st);
    let (r, _) = call(&st, t, SIO_CPU_AFFINITY, Some(&70u16.to_le_bytes()), None);
    assert_eq!(r, OK0);
    st.connect(t, &sa("198.51.100.7", 53)).unwrap();
    let (r, out) = call(&st, t, SIO_QUERY_RSS_PROCESSOR_INFO, None, Some(8));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
    assert_eq!(out, [1, 0, 6, 0, 0, 0, 0, 0]);
}

/// Reference page: WSAENOTCONN for a socket that is not connected (TCP, and UDP without a
/// peer); a short output follows the catalog row (WSAEFAULT, size untouched).
#[test]
fn rss_processor_info_failures() {
    let st = stack();
    for s in [tcp(&st), udp(&st)] {
        let (r, _) = call(&st, s, SIO_QUERY_RSS_PROCESSOR_INFO, None, Some(8));
        assert_eq!(r, failed(WsaError::WSAENOTCONN, None));
    }
    let (c, _a) = tcp_pair(&st, 5072);
    let (r, out) = call(&st, c, SIO_QUERY_RSS_PROCESSOR_INFO, None, Some(7));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 7]);
}

// =============================================================================================
// SIO_SET_MULTICAST_FILTER / SIO_GET_MULTICAST_FILTER
// =============================================================================================

/// An ip_msfilter (ws2ipdef.h): group, interface, fmode, numsrc, then the sources — addresses
/// as their bytes, the two ULONGs little-endian.
fn msfilter(group: [u8; 4], iface: [u8; 4], mode: u32, numsrc: u32, src: &[[u8; 4]]) -> Vec<u8> {
    let mut v = group.to_vec();
    v.extend_from_slice(&iface);
    v.extend_from_slice(&mode.to_le_bytes());
    v.extend_from_slice(&numsrc.to_le_bytes());
    for s in src {
        v.extend_from_slice(s);
    }
    v
}

/// Microsoft's ip_msfilter reference and RFC 3678 (4.2, 8.1): SET records the INCLUDE filter
/// of 232.1.1.1 on interface index 2 (`0.0.0.2`); GET answers `imsf_numsrc` = the filter's
/// count and lists only as many sources as the caller said fit (1 here: 20 bytes), or all of
/// them; SET INCLUDE with no source leaves the group, and GET then finds nothing
/// (WSAEADDRNOTAVAIL, **Choice**).
#[test]
fn multicast_filter_set_and_get() {
    let st = stack();
    let s = udp(&st);
    let srcs = [[192, 0, 2, 1], [198, 51, 100, 7]];
    let set = msfilter([232, 1, 1, 1], [0, 0, 0, 2], 0, 2, &srcs);
    let (r, _) = call(&st, s, SIO_SET_MULTICAST_FILTER, Some(&set), None);
    assert_eq!(r, OK0);
    let ask = msfilter([232, 1, 1, 1], [0, 0, 0, 2], 0, 1, &[]);
    let (r, out) = call(&st, s, SIO_GET_MULTICAST_FILTER, Some(&ask), Some(24));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 20 });
    assert_eq!(
        &out[..20],
        &msfilter([232, 1, 1, 1], [0, 0, 0, 2], 0, 2, &srcs[..1])[..]
    );
    assert_eq!(&out[20..], &[0xa5; 4]);
    let ask = msfilter([232, 1, 1, 1], [0, 0, 0, 2], 0, 8, &[]);
    let (r, out) = call(&st, s, SIO_GET_MULTICAST_FILTER, Some(&ask), Some(64));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 24 });
    assert_eq!(
        IpMsfilter::parse_available(&out).unwrap().sources,
        [Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(198, 51, 100, 7)]
    );
    // The same group through the interface's address, then leave.
    let leave = msfilter([232, 1, 1, 1], [192, 0, 2, 10], 0, 0, &[]);
    let (r, _) = call(&st, s, SIO_SET_MULTICAST_FILTER, Some(&leave), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, s, SIO_GET_MULTICAST_FILTER, Some(&ask), Some(64));
    assert_eq!(r, failed(WsaError::WSAEADDRNOTAVAIL, None));
}

/// The documents' general rule: an input shorter than IP_MSFILTER_SIZE(imsf_numsrc) →
/// WSAEFAULT. **Choice** (handler doc): a stream socket → WSAENOPROTOOPT, an IPv6 socket or a
/// unicast group or an unknown fmode → WSAEINVAL, an interface that is not local →
/// WSAEADDRNOTAVAIL; a short GET output follows the catalog row (WSAEFAULT, size untouched).
#[test]
fn multicast_filter_failures() {
    let st = stack();
    let s = udp(&st);
    let ok = msfilter([232, 1, 1, 1], [0, 0, 0, 0], 1, 0, &[]);
    let cases: Vec<(Socket, Vec<u8>, WsaError)> = vec![
        (s, ok[..15].to_vec(), WsaError::WSAEFAULT),
        (
            s,
            msfilter([232, 1, 1, 1], [0; 4], 0, 2, &[[192, 0, 2, 1]]),
            WsaError::WSAEFAULT,
        ),
        (tcp(&st), ok.clone(), WsaError::WSAENOPROTOOPT),
        (
            st.socket(AF_INET6, DGRAM, UDP).unwrap(),
            ok.clone(),
            WsaError::WSAEINVAL,
        ),
        (
            s,
            msfilter([192, 0, 2, 1], [0; 4], 1, 0, &[]),
            WsaError::WSAEINVAL,
        ),
        (
            s,
            msfilter([232, 1, 1, 1], [0; 4], 2, 0, &[]),
            WsaError::WSAEINVAL,
        ),
        (
            s,
            msfilter([232, 1, 1, 1], [10, 0, 0, 1], 1, 0, &[]),
            WsaError::WSAEADDRNOTAVAIL,
        ),
    ];
    for (sock, input, want) in cases {
        let (r, _) = call(&st, sock, SIO_SET_MULTICAST_FILTER, Some(&input), None);
        assert_eq!(r, failed(want, None), "{input:?}");
    }
    let (r, _) = call(&st, s, SIO_SET_MULTICAST_FILTER, Some(&ok), None);
    assert_eq!(r, OK0, "EXCLUDE with no source: any-source join");
    let (r, out) = call(&st, s, SIO_GET_MULTICAST_FILTER, Some(&ok), Some(15));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 15]);
}

// =============================================================================================
// SIO_APPLY_TRANSPORT_SETTING / SIO_QUERY_TRANSPORT_SETTING
// =============================================================================================

/// REAL_TIME_NOTIFICATION_SETTING_INPUT (mstcpip.h): the setting's GUID, then the broker GUID.
fn realtime_input(broker: u128) -> Vec<u8> {
    let mut v = ts::REAL_TIME_NOTIFICATION_CAPABILITY.to_le_bytes().to_vec();
    v.extend_from_slice(&Guid::from_u128(broker).to_le_bytes());
    v
}

/// Microsoft's SIO_APPLY_TRANSPORT_SETTING / SIO_QUERY_TRANSPORT_SETTING references:
/// REAL_TIME_NOTIFICATION_CAPABILITY on a TCP socket; the query returns a
/// REAL_TIME_NOTIFICATION_SETTING_OUTPUT (4 bytes) — **Choice** of the status:
/// CONTROL_CHANNEL_TRIGGER_STATUS_INVALID (0) before, SOFTWARE_SLOT_ALLOCATED (1) after.
/// ASSOCIATE_NAMERES_CONTEXT (Windows 10) applies to UDP too.
#[test]
fn transport_settings() {
    let st = stack();
    let t = tcp(&st);
    let id = ts::REAL_TIME_NOTIFICATION_CAPABILITY.to_le_bytes();
    let (r, out) = call(&st, t, SIO_QUERY_TRANSPORT_SETTING, Some(&id), Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 0));
    let (r, out) = call(
        &st,
        t,
        SIO_APPLY_TRANSPORT_SETTING,
        Some(&realtime_input(7)),
        Some(4),
    );
    assert_eq!(r, OK0);
    assert_eq!(out, [0xa5; 4], "the output is unused");
    let (r, out) = call(&st, t, SIO_QUERY_TRANSPORT_SETTING, Some(&id), Some(4));
    assert_eq!((r, u32_at(&out)), (OK4, 1));
    let mut anc = ts::ASSOCIATE_NAMERES_CONTEXT.to_le_bytes().to_vec();
    anc.extend_from_slice(&0x1234u64.to_le_bytes());
    let (r, _) = call(&st, udp(&st), SIO_APPLY_TRANSPORT_SETTING, Some(&anc), None);
    assert_eq!(r, OK0);
}

/// Reference pages: WSAEOPNOTSUPP on "a socket other than UDP or TCP" (a raw socket);
/// REAL_TIME_NOTIFICATION_CAPABILITY "applies only to TCP sockets" (UDP → WSAEINVAL); another
/// GUID → WSAEINVAL. **Choice**: a short input → WSAEFAULT. A short query output follows the
/// catalog row (WSAEFAULT, size untouched).
#[test]
fn transport_setting_failures() {
    let st = stack();
    let t = tcp(&st);
    let u = udp(&st);
    let raw = st.socket(AF_INET, RAW, 0).unwrap();
    let input = realtime_input(7);
    let apply = |s, i: &[u8]| call(&st, s, SIO_APPLY_TRANSPORT_SETTING, Some(i), None).0;
    assert_eq!(apply(raw, &input), failed(WsaError::WSAEOPNOTSUPP, None));
    assert_eq!(apply(u, &input), failed(WsaError::WSAEINVAL, None));
    assert_eq!(apply(t, &input[..31]), failed(WsaError::WSAEFAULT, None));
    assert_eq!(apply(t, &input[..15]), failed(WsaError::WSAEFAULT, None));
    let bogus = Guid::from_u128(0xdeadbeef).to_le_bytes();
    assert_eq!(apply(t, &bogus), failed(WsaError::WSAEINVAL, None));
    let id = ts::REAL_TIME_NOTIFICATION_CAPABILITY.to_le_bytes();
    let (r, out) = call(&st, t, SIO_QUERY_TRANSPORT_SETTING, Some(&id), Some(3));
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 3]);
    let (r, _) = call(&st, u, SIO_QUERY_TRANSPORT_SETTING, Some(&id), Some(4));
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
}

// =============================================================================================
// SIO_SET_SECURITY / SIO_QUERY_SECURITY
// =============================================================================================

/// SOCKET_SECURITY_SETTINGS (mstcpip.h): SecurityProtocol, SecurityFlags.
fn security_settings(protocol: u32, flags: u32) -> Vec<u8> {
    let mut v = protocol.to_le_bytes().to_vec();
    v.extend_from_slice(&flags.to_le_bytes());
    v
}

/// SOCKET_SECURITY_SETTINGS_IPSEC with SOCKET_SECURITY_PROTOCOL_IPSEC and no strings: the
/// 8-byte head, IpsecFlags, three zero GUIDs, padding, Reserved2 and three zero string lengths —
/// FIELD_OFFSET(AllStrings) = 84 bytes (windows-sys layout, tests/wire_layout/extra.rs).
fn ipsec_settings(flags: u32) -> Vec<u8> {
    let mut v = security_settings(1, flags);
    v.resize(84, 0);
    v
}

/// Microsoft's WSASetSocketSecurity reference: a TCP client sets security before connect; NULL
/// settings apply the defaults. The SOCKET_SECURITY_SETTINGS_IPSEC form (SecurityProtocol
/// "must be set to SOCKET_SECURITY_PROTOCOL_IPSEC") is accepted on TCP and UDP sockets.
/// WSAQuerySocketSecurity on the connected socket: a 24-byte SOCKET_SECURITY_QUERY_INFO —
/// **Choice** of the value: the protocol set, Flags 0 (the emulated host negotiates no IPsec),
/// no token handles.
#[test]
fn security_set_then_query() {
    let st = stack();
    let c = tcp(&st);
    let (r, _) = call(&st, c, SIO_SET_SECURITY, Some(&ipsec_settings(1)), None);
    assert_eq!(r, OK0);
    let l = tcp(&st);
    st.bind(l, &sa("127.0.0.1", 5080)).unwrap();
    st.listen(l, 1).unwrap();
    st.connect(c, &sa("127.0.0.1", 5080)).unwrap();
    let (r, out) = call(&st, c, SIO_QUERY_SECURITY, None, Some(24));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 24 });
    let mut want = vec![1, 0, 0, 0];
    want.extend_from_slice(&[0; 20]);
    assert_eq!(out, want);
    let d = tcp(&st);
    let (r, _) = call(&st, d, SIO_SET_SECURITY, None, None);
    assert_eq!(r, OK0, "NULL: default settings");
    let u = udp(&st);
    let (r, _) = call(&st, u, SIO_SET_SECURITY, Some(&ipsec_settings(2)), None);
    assert_eq!(r, OK0);
    // UDP: the template is required, PeerAddress AF_INET at offset 8 (SOCKADDR_STORAGE).
    let mut template = vec![0u8; 144];
    template[8..24].copy_from_slice(&sockaddr_in([192, 0, 2, 7], 500));
    let (r, out) = call(&st, u, SIO_QUERY_SECURITY, Some(&template), Some(24));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 24 });
    assert_eq!(u32_at(&out), 1, "SOCKET_SECURITY_PROTOCOL_IPSEC as set");
}

/// WSASetSocketSecurity reference: WSAEMSGSIZE "A buffer passed was too small", WSAEISCONN on
/// a connected socket, WSAEINVAL for "an incorrect value" and for a socket that is not a
/// stream or datagram socket; once per socket and before bind (**Choice**: WSAEINVAL).
/// WSAQuerySocketSecurity reference: a non-TCP socket without a template → WSAEMSGSIZE, a peer
/// family other than AF_INET/AF_INET6 → WSAEAFNOSUPPORT; **Choice**: an unconnected TCP socket
/// → WSAENOTCONN; a short output follows the catalog row (WSAEFAULT, size untouched).
#[test]
fn security_failures() {
    let st = stack();
    let set = |s, i: Option<&[u8]>| call(&st, s, SIO_SET_SECURITY, i, None).0;
    let t = tcp(&st);
    assert_eq!(set(t, Some(&[0; 7])), failed(WsaError::WSAEMSGSIZE, None));
    assert_eq!(
        set(t, Some(&security_settings(1, 0))),
        failed(WsaError::WSAEMSGSIZE, None),
        "IPSEC needs 84 bytes"
    );
    assert_eq!(
        set(t, Some(&security_settings(0, 4))),
        failed(WsaError::WSAEINVAL, None)
    );
    assert_eq!(
        set(t, Some(&security_settings(3, 0))),
        failed(WsaError::WSAEINVAL, None)
    );
    assert_eq!(set(t, None), OK0);
    assert_eq!(
        set(t, None),
        failed(WsaError::WSAEINVAL, None),
        "once per socket"
    );
    let b = tcp(&st);
    st.bind(b, &sa("127.0.0.1", 0)).unwrap();
    assert_eq!(
        set(b, None),
        failed(WsaError::WSAEINVAL, None),
        "after bind"
    );
    let (c, _a) = tcp_pair(&st, 5081);
    assert_eq!(set(c, None), failed(WsaError::WSAEISCONN, None));
    let raw = st.socket(AF_INET, RAW, 0).unwrap();
    assert_eq!(set(raw, None), failed(WsaError::WSAEINVAL, None));
    let query = |s, i: Option<&[u8]>, out| call(&st, s, SIO_QUERY_SECURITY, i, Some(out));
    assert_eq!(
        query(tcp(&st), None, 24).0,
        failed(WsaError::WSAENOTCONN, None)
    );
    let u = udp(&st);
    assert_eq!(query(u, None, 24).0, failed(WsaError::WSAEMSGSIZE, None));
    assert_eq!(
        query(u, Some(&[0; 144]), 24).0,
        failed(WsaError::WSAEAFNOSUPPORT, None)
    );
    let (r, out) = query(c, None, 23);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 23]);
}

// =============================================================================================
// SIO_SET_PEER_TARGET_NAME / SIO_DELETE_PEER_TARGET_NAME
// =============================================================================================

/// SOCKET_PEER_TARGET_NAME (mstcpip.h): SecurityProtocol, 4 bytes padding, the SOCKADDR_STORAGE
/// PeerAddress (128 bytes from offset 8), PeerTargetNameStringLen at 136, the name from 140.
fn peer_target(protocol: u32, peer: &[u8], name: &str, declared: Option<u32>) -> Vec<u8> {
    let name: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut v = vec![0u8; 140];
    v[..4].copy_from_slice(&protocol.to_le_bytes());
    v[8..8 + peer.len()].copy_from_slice(peer);
    let len = declared.unwrap_or(name.len() as u32);
    v[136..140].copy_from_slice(&len.to_le_bytes());
    v.extend(name);
    v
}

/// Microsoft's WSASetSocketPeerTargetName / WSADeleteSocketPeerTargetName references: a name
/// per peer address on an unconnected socket; deleting removes the association. **Choice**:
/// deleting a name that is not there → WSAEINVAL.
#[test]
fn peer_target_name_set_and_delete() {
    let st = stack();
    let u = udp(&st);
    let peer = sockaddr_in([192, 0, 2, 7], 500);
    let (r, _) = call(
        &st,
        u,
        SIO_SET_PEER_TARGET_NAME,
        Some(&peer_target(1, &peer, "host/peer", None)),
        None,
    );
    assert_eq!(r, OK0);
    let del = peer_target(1, &peer, "", None);
    let (r, _) = call(&st, u, SIO_DELETE_PEER_TARGET_NAME, Some(&del), None);
    assert_eq!(r, OK0);
    let (r, _) = call(&st, u, SIO_DELETE_PEER_TARGET_NAME, Some(&del), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, None), "already deleted");
}

/// WSASetSocketPeerTargetName reference: NULL → WSAEFAULT, "a buffer passed was too small" →
/// WSAEMSGSIZE, a connected socket → WSAEISCONN, a connectionless socket with address and port
/// zero → WSAEINVAL, an unsupported family → WSAEAFNOSUPPORT (**Choice**: also the other IP
/// family than the socket's).
#[test]
fn peer_target_name_failures() {
    let st = stack();
    let u = udp(&st);
    let peer = sockaddr_in([192, 0, 2, 7], 500);
    let set = |s, i: Option<&[u8]>| call(&st, s, SIO_SET_PEER_TARGET_NAME, i, None).0;
    assert_eq!(set(u, None), failed(WsaError::WSAEFAULT, None));
    let good = peer_target(1, &peer, "n", None);
    assert_eq!(
        set(u, Some(&good[..139])),
        failed(WsaError::WSAEMSGSIZE, None)
    );
    assert_eq!(
        set(u, Some(&peer_target(1, &peer, "n", Some(10)))),
        failed(WsaError::WSAEMSGSIZE, None)
    );
    let zero = sockaddr_in([0; 4], 0);
    assert_eq!(
        set(u, Some(&peer_target(1, &zero, "n", None))),
        failed(WsaError::WSAEINVAL, None)
    );
    let v6 = sin6("2001:db8::7", 500);
    assert_eq!(
        set(u, Some(&peer_target(1, &v6, "n", None))),
        failed(WsaError::WSAEAFNOSUPPORT, None)
    );
    let (c, _a) = tcp_pair(&st, 5082);
    assert_eq!(set(c, Some(&good)), failed(WsaError::WSAEISCONN, None));
}

// =============================================================================================
// SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS / SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS / _CONTEXT
// =============================================================================================

/// Microsoft's reference pages: a redirect service queries the records (and context) of the
/// accepted, redirected connection and hands the records to its new outbound TCP socket. On
/// the emulated host `EmulatedProvider::redirect_by_wfp` plays the WFP callout. Each query
/// returns the blob, `*lpcbBytesReturned` = its length.
#[test]
fn wfp_redirect_records_round_trip() {
    let st = stack();
    let (_c, a) = tcp_pair(&st, 5090);
    st.provider
        .redirect_by_wfp(a.0, b"opaque-records", Some(b"ctx"))
        .unwrap();
    let (r, out) = call(
        &st,
        a,
        SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS,
        None,
        Some(64),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 14 });
    assert_eq!(&out[..14], b"opaque-records");
    let (r, out) = call(
        &st,
        a,
        SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT,
        None,
        Some(3),
    );
    assert_eq!(
        (r, &out[..]),
        (IoctlOutcome::Completed { bytes: 3 }, &b"ctx"[..])
    );
    let proxy = tcp(&st);
    let (r, _) = call(
        &st,
        proxy,
        SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS,
        Some(&out),
        None,
    );
    assert_eq!(r, OK0);
}

/// Reference pages: WSAENOTCONN for an unconnected socket; WSAEACCES without administrative
/// privileges (profile `user`). **Choice** (handler docs): a connection no callout redirected
/// → WSAEINVAL; a UDP socket for SET → WSAEINVAL; NULL records → WSAEFAULT; SET on a connected
/// socket → WSAEISCONN. A short query output follows the catalog row (WSAEFAULT, size
/// untouched).
#[test]
fn wfp_redirect_failures() {
    let st = stack();
    let (c, a) = tcp_pair(&st, 5091);
    let query = |s, out| {
        call(
            &st,
            s,
            SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS,
            None,
            Some(out),
        )
    };
    assert_eq!(
        query(a, 64).0,
        failed(WsaError::WSAEINVAL, None),
        "not redirected"
    );
    assert_eq!(query(tcp(&st), 64).0, failed(WsaError::WSAENOTCONN, None));
    st.provider.redirect_by_wfp(a.0, b"records", None).unwrap();
    let (r, out) = query(a, 6);
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(out, [0xa5; 6]);
    let (r, _) = call(
        &st,
        a,
        SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT,
        None,
        Some(64),
    );
    assert_eq!(
        r,
        failed(WsaError::WSAEINVAL, None),
        "redirected without a context"
    );
    let set = |st: &Stack, s, i: Option<&[u8]>| {
        call(st, s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, i, None).0
    };
    assert_eq!(
        set(&st, udp(&st), Some(b"r")),
        failed(WsaError::WSAEINVAL, None)
    );
    assert_eq!(set(&st, tcp(&st), None), failed(WsaError::WSAEFAULT, None));
    assert_eq!(set(&st, c, Some(b"r")), failed(WsaError::WSAEISCONN, None));
    let user = stack_with(Host::default_host(), "user");
    assert_eq!(
        set(&user, tcp(&user), Some(b"r")),
        failed(WsaError::WSAEACCES, None)
    );
}

// =============================================================================================
// The new codes complete at once when overlapped
// =============================================================================================

/// One call: code, socket, input, output length, the size it answers.
type OverlappedCase = (ControlCode, Socket, Option<Vec<u8>>, Option<usize>, u32);

/// No source says any of these pends (handler docs: "completes at once when overlapped"): with
/// an OVERLAPPED on a port the call returns 0 with the size of the answer and the port gets one
/// packet with 0 bytes (the class of FIONREAD, observed-windows.md "Completes at once").
#[test]
fn new_codes_complete_at_once_when_overlapped() {
    let st = stack();
    let (input, _) = sort_input_x64(&[sin6("::1", 0), sin6("2a00::1", 0)]);
    let id = ts::REAL_TIME_NOTIFICATION_CAPABILITY.to_le_bytes();
    let cases: Vec<OverlappedCase> = vec![
        (
            SIO_ADDRESS_LIST_SORT,
            st.socket(AF_INET6, DGRAM, UDP).unwrap(),
            Some(input.clone()),
            Some(input.len()),
            40,
        ),
        (
            SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
            tcp(&st),
            Some(guid::WSAID_MULTIPLE_RIO.to_le_bytes().to_vec()),
            Some(112),
            112,
        ),
        (
            SIO_QUERY_TRANSPORT_SETTING,
            tcp(&st),
            Some(id.to_vec()),
            Some(4),
            4,
        ),
        (SIO_SET_SECURITY, tcp(&st), None, None, 0),
    ];
    for (code, s, input, out, size) in cases {
        let port = st.create_io_completion_port(Some(s), None, 7).unwrap();
        let ov = Overlapped::new();
        let (r, _) = call_with(
            &st,
            s,
            code,
            input.as_deref(),
            out,
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: size }, "{code:?}");
        let q = st.get_queued_completion_status(port, 0).unwrap();
        assert!(q.ok, "{code:?}");
        assert_eq!((q.bytes, q.key), (0, 7));
        assert_eq!(ov.internal(), NtStatus::STATUS_SUCCESS);
    }
}

// =============================================================================================
// Every code the catalog says the TCP/IP provider supports is answered
// =============================================================================================

/// catalog.rs: rows with `Support::Supported` or `Support::ApiLayer` are codes Windows answers
/// on a TCP/IP socket; the emulated provider must not answer any of them as an unknown code
/// (WSAEOPNOTSUPP with `*lpcbBytesReturned` = 0, observed-windows.md) on at least one of a
/// nonblocking TCP or UDP socket (nonblocking: a blocking socket would make the `*_CHANGE`
/// codes block). Rows `Unsupported` and `OtherProvider` are answered as unknown on both. The
/// rows only meaningful on another platform (Windows CE's) are skipped. Buffers are NULL: the
/// handler's own checks answer first.
#[test]
fn every_supported_catalog_code_is_answered() {
    use wsaioctl::catalog::{self, Support, WindowsVersion};
    let unknown = failed(WsaError::WSAEOPNOTSUPP, Some(0));
    let st = stack();
    let mut checked = 0;
    for row in catalog::ENTRIES {
        if row.first_windows == WindowsVersion::WindowsCe {
            continue;
        }
        let answers: Vec<IoctlOutcome> = [tcp(&st), udp(&st)]
            .into_iter()
            .map(|s| {
                st.ioctlsocket(s, FIONBIO, &mut 1).unwrap();
                call(&st, s, row.code, None, None).0
            })
            .collect();
        match row.support {
            Support::Supported | Support::ApiLayer => {
                assert!(
                    answers.iter().any(|r| *r != unknown),
                    "{} ({:?}) is answered as unknown: {answers:?}",
                    row.name,
                    row.support
                );
                checked += 1;
            }
            Support::Unsupported | Support::OtherProvider => {
                assert!(
                    answers.iter().all(|r| *r == unknown),
                    "{} ({:?}) is not answered as unknown: {answers:?}",
                    row.name,
                    row.support
                );
            }
            Support::Unrecorded => {}
        }
    }
    assert!(checked >= 50, "only {checked} supported rows");
}
