//! Behaviour profiles on the emulated stack: the release gate (codes newer than the modelled
//! Windows answer as unknown), the Windows CE secure-socket codes of spec/000, the API-level
//! profile choices, and WSAENETDOWN when connectivity is lost (spec/000, spec/003).
mod common;

use common::emu::*;
use wsaioctl::WsaError;
use wsaioctl::api::{Completion, IoctlArgs, IoctlOutcome, Overlapped, Socket, Winsock};
use wsaioctl::emulated::host::Host;
use wsaioctl::ioctl::*;
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::{Arch, Repr};

/// SIO_TCP_INFO first appears in Windows 10 1703 (catalog): on Vista it is an unknown code,
/// WSAEOPNOTSUPP with 0 bytes (spec/observed-windows.md); on XP unknown codes are WSAEINVAL
/// ("Old stacks (XP era) answered WSAEINVAL for codes they did not know").
#[test]
fn codes_newer_than_the_release_are_unknown() {
    for (profile, error) in [
        ("vista", WsaError::WSAEOPNOTSUPP),
        ("xp", WsaError::WSAEINVAL),
    ] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let (r, _) = call(&st, s, SIO_TCP_INFO, Some(&u32_bytes(0)), Some(88));
        assert_eq!(r, failed(error, Some(0)), "{profile}");
    }
    // The same call on current Windows is answered (an unconnected socket: TCPSTATE_CLOSED).
    let st = stack();
    let s = tcp(&st);
    let (r, out) = call(&st, s, SIO_TCP_INFO, Some(&u32_bytes(0)), Some(88));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 88 });
    assert_eq!(u32_at(&out), 0, "TCPSTATE_CLOSED");
}

/// SIO_KEEPALIVE_VALS exists since Windows 2000: XP answers it.
#[test]
fn older_codes_stay_available() {
    let st = stack_with(Host::default_host(), "xp");
    let s = tcp(&st);
    let ka = [1u8, 0, 0, 0, 0x10, 0x27, 0, 0, 0xe8, 3, 0, 0];
    assert_eq!(
        call(&st, s, SIO_KEEPALIVE_VALS, Some(&ka), None).0,
        IoctlOutcome::Completed { bytes: 0 }
    );
}

/// spec/000, Windows CE: SO_SSL_GET_CAPABILITIES returns a DWORD with SO_CAP_CLIENT;
/// SO_SSL_SET_FLAGS / GET_FLAGS round-trip; "lpOverlapped and lpCompletionRoutine must be NULL".
#[test]
fn windows_ce_secure_socket_codes() {
    let st = stack_with(Host::default_host(), "ce");
    let s = tcp(&st);
    let (r, out) = call(&st, s, SO_SSL_GET_CAPABILITIES, None, Some(4));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    assert_eq!(u32_at(&out), wsaioctl::wire::ssl::SSL_CAP_CLIENT);

    let flag = wsaioctl::wire::ssl::SSL_FLAG_DEFER_HANDSHAKE;
    assert_ne!(
        u32_at(&call(&st, s, SO_SSL_GET_FLAGS, None, Some(4)).1),
        flag
    );
    assert_eq!(
        call(&st, s, SO_SSL_SET_FLAGS, Some(&u32_bytes(flag)), None).0,
        IoctlOutcome::Completed { bytes: 0 }
    );
    assert_eq!(
        u32_at(&call(&st, s, SO_SSL_GET_FLAGS, None, Some(4)).1),
        flag
    );

    // Not connected: no handshake.
    assert_eq!(
        call(&st, s, SO_SSL_PERFORM_HANDSHAKE, None, None).0.error(),
        WsaError::WSAENOTCONN
    );
    // An OVERLAPPED is refused before any I/O.
    let ov = Overlapped::new();
    let (r, _) = call_with(
        &st,
        s,
        SO_SSL_GET_CAPABILITIES,
        None,
        Some(4),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r.error(), WsaError::WSAEINVAL);
    assert_eq!(ov.internal().0, 0, "OVERLAPPED untouched");
    // CE has the ioctlsocket codes, and not the desktop ones.
    assert_eq!(
        call(&st, s, FIONREAD, None, Some(4)).0,
        IoctlOutcome::Completed { bytes: 4 }
    );
    assert_eq!(
        call(&st, s, SIO_ADDRESS_LIST_QUERY, None, Some(64))
            .0
            .error(),
        WsaError::WSAEOPNOTSUPP
    );
}

/// The CE codes do not exist on desktop Windows.
#[test]
fn ce_codes_are_unknown_on_desktop_windows() {
    let st = stack();
    let s = tcp(&st);
    assert_eq!(
        call(&st, s, SO_SSL_GET_CAPABILITIES, None, Some(4)).0,
        failed(WsaError::WSAEOPNOTSUPP, Some(0))
    );
}

/// `null_bytes_returned_first`: with it (default) a NULL size pointer on a bad socket is
/// WSAEFAULT (Wine's order); without it the socket is checked first (ReactOS' model).
#[test]
fn null_size_pointer_versus_bad_socket() {
    let bad = Socket(0x1234);
    let args = || IoctlArgs {
        socket: bad,
        code: FIONREAD,
        bytes_returned_null: true,
        ..Default::default()
    };
    let st = stack();
    assert_eq!(st.wsa_ioctl_args(args()).error(), WsaError::WSAEFAULT);

    let p = wsaioctl::profile::Profile {
        null_bytes_returned_first: false,
        ..Default::default()
    };
    let st = wsaioctl::emulated::stack(Host::default_host(), p);
    assert_eq!(st.ws2.wsa_ioctl_args(args()).error(), WsaError::WSAENOTSOCK);
    // A good socket with a NULL size pointer is still WSAEFAULT.
    let s = st.ws2.socket(AF_INET, STREAM, TCP).unwrap();
    let r = st.ws2.wsa_ioctl_args(IoctlArgs {
        socket: s,
        ..args()
    });
    assert_eq!(r.error(), WsaError::WSAEFAULT);
}

/// FIONBIO 0 with WSAEventSelect registered: Windows writes `*lpcbBytesReturned` = 0, Wine leaves
/// it (windows-facts: `test_fionbio`, `todo_wine ok(!size)`).
#[test]
fn fionbio_size_on_select_rule_per_profile() {
    for (profile, size) in [("windows", Some(0)), ("wine", None)] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let ev = st.wsa_create_event().unwrap();
        st.wsa_event_select(s, Some(ev), 1).unwrap();
        let (r, _) = call(&st, s, FIONBIO, Some(&u32_bytes(0)), None);
        assert_eq!(r, failed(WsaError::WSAEINVAL, size), "{profile}");
    }
}

/// spec/000, spec/003 SIO_ROUTING_INTERFACE_QUERY: "WSAENETUNREACH or even WSAENETDOWN if all of
/// the network connectivity is lost" — the only non-loopback link goes down.
#[test]
fn routing_query_network_down() {
    let st = stack();
    let s = udp(&st);
    let dst = SockAddr::V4("198.51.100.7:9".parse().unwrap()).to_bytes(Arch::X64);
    assert_eq!(
        call(&st, s, SIO_ROUTING_INTERFACE_QUERY, Some(&dst), Some(16)).0,
        IoctlOutcome::Completed { bytes: 16 }
    );
    st.provider
        .mutate_host(|h| h.set_link_up(2, false))
        .unwrap();
    assert_eq!(
        call(&st, s, SIO_ROUTING_INTERFACE_QUERY, Some(&dst), Some(16))
            .0
            .error(),
        WsaError::WSAENETDOWN
    );
}
