//! Every control code the emulated TCP/IP provider handles (`src/emulated/codes.rs::handle`):
//! its main success path (exact output bytes, decoded with the `wire` types, and the exact
//! `IoctlOutcome` with `*lpcbBytesReturned`) and its main failure path (exact error, and
//! whether `*lpcbBytesReturned` was written), on the socket types the sources name; then the
//! codes the provider does not implement.
//!
//! Sources, cited on each test: the spec documents (spec/000…004), spec/observed-windows.md
//! ("observed"), and Wine's `dlls/ws2_32/tests/sock.c` ("W", as summarized in
//! briefs/windows-facts.md: assertions outside `todo_wine` hold on Windows and Wine, inside on
//! Windows only). Where a handler's answer is a documented **Choice** of the provider (no source
//! settles it), the test says so and checks the choice its doc comment states.

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use common::emu::*;
use wsaioctl::api::{Completion, IoctlArgs, IoctlOutcome, Overlapped, Socket, Winsock};
use wsaioctl::emulated::host::{Host, InterfaceBuilder};
use wsaioctl::ioctl::*;
use wsaioctl::wire::address_list::SocketAddressList;
use wsaioctl::wire::compat::{CompatibilityBehaviorId, WsaCompatibilityMode};
use wsaioctl::wire::guid::{self, Guid};
use wsaioctl::wire::interface_info::{InterfaceFlags, InterfaceList};
use wsaioctl::wire::keepalive::TcpKeepalive;
use wsaioctl::wire::port_reservation::{
    InetPortRange, InetPortReservationInstance, InetPortReservationToken,
};
use wsaioctl::wire::rcvall::{RcvallIf, RcvallValue};
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::tcp_info::{TcpInfoV0, TcpInfoV1, TcpState};
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
