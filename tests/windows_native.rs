//! The native backend ([`wsaioctl::windows::Native`]) against the real ws2_32 — on this project's
//! Linux machines that is Wine's (scripts/test-windows.sh builds for x86_64-win7-windows-gnu and
//! runs this file under wine64).
//!
//! Every assertion is Wine's answer. Sources: docs/windows-facts.md, which reads Wine's
//! own conformance suite (`dlls/ws2_32/tests/sock.c`, "W" below): an `ok()` outside `todo_wine`
//! holds on Windows and Wine; inside `todo_wine`, on Windows only. Where Wine differs from Windows
//! the test asserts Wine and the comment says "Windows:" with the fact; docs/wine-divergences.md
//! lists them. Code values come from windows-sys where it has them (the oracle no one here wrote),
//! else from `wsaioctl::ioctl` (checked against the SDK in tests/catalog.rs).
#![cfg(windows)]

use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use windows_sys::Win32::Networking::WinSock as ws;
use wsaioctl::api::{
    Completion, IoctlArgs, IoctlOutcome, Overlapped, Socket, WAIT_IO_COMPLETION, WAIT_OBJECT_0,
    WAIT_TIMEOUT, Winsock,
};
use wsaioctl::ioctl;
use wsaioctl::profile::{FionreadDatagram, Profile, UdpUnreachable};
use wsaioctl::windows::{BYTES_SENTINEL, Native};
use wsaioctl::wire::Repr;
use wsaioctl::wire::address_list::SocketAddressList;
use wsaioctl::wire::interface_info::InterfaceList;
use wsaioctl::wire::{Arch, sockaddr::SockAddr};
use wsaioctl::{ControlCode, NtStatus, Win32Error, WsaError};

const AF_INET: u16 = ws::AF_INET;
const SOCK_STREAM: i32 = ws::SOCK_STREAM;
const SOCK_DGRAM: i32 = ws::SOCK_DGRAM;
const IPPROTO_TCP: i32 = ws::IPPROTO_TCP;
const IPPROTO_UDP: i32 = ws::IPPROTO_UDP;
/// The completion key every W test uses.
const KEY: u64 = 123;

const FIONBIO: ControlCode = ControlCode(ws::FIONBIO as u32);
const FIONREAD: ControlCode = ControlCode(ws::FIONREAD as u32);
const SIOCATMARK: ControlCode = ControlCode(ws::SIOCATMARK as u32);
const FIOASYNC: ControlCode = ControlCode(ws::FIOASYNC as u32);
const SIO_KEEPALIVE_VALS: ControlCode = ControlCode(ws::SIO_KEEPALIVE_VALS);
const SIO_GET_EXTENSION_FUNCTION_POINTER: ControlCode =
    ControlCode(ws::SIO_GET_EXTENSION_FUNCTION_POINTER);
const SIO_ADDRESS_LIST_QUERY: ControlCode = ControlCode(ws::SIO_ADDRESS_LIST_QUERY);
const SIO_ADDRESS_LIST_CHANGE: ControlCode = ControlCode(ws::SIO_ADDRESS_LIST_CHANGE);
const SIO_ROUTING_INTERFACE_QUERY: ControlCode = ControlCode(ws::SIO_ROUTING_INTERFACE_QUERY);
const SIO_BASE_HANDLE: ControlCode = ControlCode(ws::SIO_BASE_HANDLE);
const SIO_UDP_CONNRESET: ControlCode = ControlCode(ws::SIO_UDP_CONNRESET);
const SIO_FLUSH: ControlCode = ControlCode(ws::SIO_FLUSH);
const SIO_ENABLE_CIRCULAR_QUEUEING: ControlCode = ControlCode(ws::SIO_ENABLE_CIRCULAR_QUEUEING);
const SIO_GET_INTERFACE_LIST: ControlCode = ioctl::SIO_GET_INTERFACE_LIST;
const SIO_IDEAL_SEND_BACKLOG_QUERY: ControlCode = ioctl::SIO_IDEAL_SEND_BACKLOG_QUERY;

fn native() -> Native {
    Native::new().expect("WSAStartup")
}

fn sockaddr_in(ip: Ipv4Addr, port: u16) -> Vec<u8> {
    let mut b = vec![0u8; 16];
    b[0..2].copy_from_slice(&AF_INET.to_le_bytes());
    b[2..4].copy_from_slice(&port.to_be_bytes());
    b[4..8].copy_from_slice(&ip.octets());
    b
}

fn tcp(w: &Native) -> Socket {
    w.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).expect("socket")
}

fn udp(w: &Native) -> Socket {
    w.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).expect("socket")
}

/// A socket bound to 127.0.0.1 and associated with a fresh port (key 123).
fn on_port(w: &Native, s: Socket) -> wsaioctl::api::Port {
    w.bind(s, &sockaddr_in(Ipv4Addr::LOCALHOST, 0)).unwrap();
    w.create_io_completion_port(Some(s), None, KEY).unwrap()
}

/// A connected loopback TCP pair `(client, server)`.
fn tcp_pair(w: &Native) -> (Socket, Socket) {
    let l = tcp(w);
    w.bind(l, &sockaddr_in(Ipv4Addr::LOCALHOST, 0)).unwrap();
    w.listen(l, 1).unwrap();
    let addr = w.getsockname(l).unwrap();
    let c = tcp(w);
    w.connect(c, &addr).unwrap();
    let s = w.accept(l).unwrap();
    w.closesocket(l).unwrap();
    (c, s)
}

/// Polls FIONREAD until it reads `want` (data over loopback is not instantaneous).
fn wait_readable(w: &Native, s: Socket, want: u32) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let v = u32_ioctl(w, s, FIONREAD).1;
        if v == want || Instant::now() > deadline {
            return v;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A 4-byte-output ioctl with no input: `(outcome, value)`.
fn u32_ioctl(w: &Native, s: Socket, code: ControlCode) -> (IoctlOutcome, u32) {
    let mut out = [0u8; 4];
    let r = w.wsa_ioctl(s, code, None, Some(&mut out), Completion::None);
    (r, u32::from_le_bytes(out))
}

/// An OVERLAPPED whose Internal and InternalHigh read 0xdeadbeef, as in every W test.
fn marked_overlapped() -> Overlapped {
    let ov = Overlapped::new();
    ov.set_status(NtStatus(0xdead_beef), 0xdead_beef);
    ov
}

fn failed(error: WsaError, bytes_returned: Option<u32>) -> IoctlOutcome {
    IoctlOutcome::Failed {
        error,
        bytes_returned,
    }
}

/// GQCS(0) finds nothing: `WAIT_TIMEOUT`.
fn assert_no_packet(w: &Native, port: wsaioctl::api::Port) {
    let r = w.get_queued_completion_status(port, 0);
    assert_eq!(r.map(|q| q.bytes).unwrap_err(), Win32Error::WAIT_TIMEOUT);
}

/// A completion routine that records its calls.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<Vec<Call>>>);

/// One completion-routine call: `(dwError, cbTransferred, lpOverlapped, dwFlags)`.
type Call = (WsaError, u32, usize, u32);

impl Recorder {
    fn completion(&self, ov: &Overlapped) -> Completion {
        let log = self.0.clone();
        Completion::Routine(
            ov.clone(),
            Arc::new(move |e, n, o: &Overlapped, f| log.lock().unwrap().push((e, n, o.addr(), f))),
        )
    }
    fn calls(&self) -> Vec<Call> {
        self.0.lock().unwrap().clone()
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn wsastartup_reports_winsock_2_2() {
    let w = native();
    assert_eq!(w.version(), 0x0202);
    assert!(!w.description().is_empty());
    // A second WSAStartup is reference-counted: both values work.
    let w2 = native();
    let s = tcp(&w2);
    drop(w2);
    assert_eq!(
        u32_ioctl(&w, s, FIONREAD).0,
        IoctlOutcome::Completed { bytes: 4 }
    );
    w.closesocket(s).unwrap();
}

#[test]
fn fionbio_sizes_and_the_event_select_rule() {
    let w = native();
    let s = tcp(&w);
    let one = 1u32.to_le_bytes();
    // W test_fionbio: success writes size 0, last error 0.
    let r = w.wsa_ioctl(s, FIONBIO, Some(&one), None, Completion::None);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    assert_eq!(w.wsa_get_last_error(), WsaError::NO_ERROR);
    // NULL lpcbBytesReturned → WSAEFAULT.
    let r = w.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: FIONBIO,
        input: Some(&one),
        bytes_returned_null: true,
        ..Default::default()
    });
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    // Input 3 bytes → WSAEFAULT; 5 bytes → success; an output buffer is ignored.
    let r = w.wsa_ioctl(s, FIONBIO, Some(&one[..3]), None, Completion::None);
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    let five = [1u8, 0, 0, 0, 0];
    let mut out = [0xccu8; 4];
    let r = w.wsa_ioctl(s, FIONBIO, Some(&five), Some(&mut out), Completion::None);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    assert_eq!(out, [0xcc; 4], "FIONBIO writes no output");
    // After WSAEventSelect: FIONBIO 1 succeeds, FIONBIO 0 fails with WSAEINVAL.
    let ev = w.wsa_create_event().unwrap();
    w.wsa_event_select(s, Some(ev), ws::FD_READ as i32).unwrap();
    let r = w.wsa_ioctl(s, FIONBIO, Some(&one), None, Completion::None);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    let zero = 0u32.to_le_bytes();
    let r = w.wsa_ioctl(s, FIONBIO, Some(&zero), None, Completion::None);
    // Windows: size = 0 on this failure (todo_wine in W); Wine leaves it untouched.
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    // ioctlsocket takes the same path.
    let mut v = 0u32;
    assert_eq!(w.ioctlsocket(s, FIONBIO, &mut v), Err(WsaError::WSAEINVAL));
    w.wsa_event_select(s, None, 0).unwrap();
    assert_eq!(w.ioctlsocket(s, FIONBIO, &mut v), Ok(()));
    w.wsa_close_event(ev).unwrap();
    w.closesocket(s).unwrap();
}

#[test]
fn fionbio_overlapped_on_a_port_queues_one_zero_byte_packet() {
    let w = native();
    let s = tcp(&w);
    let port = on_port(&w, s);
    let one = 1u32.to_le_bytes();
    let ov = marked_overlapped();
    // Input 3 with OVERLAPPED → WSAEFAULT, no packet, OVERLAPPED untouched.
    let r = w.wsa_ioctl(
        s,
        FIONBIO,
        Some(&one[..3]),
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    assert_eq!(ov.internal(), NtStatus(0xdead_beef));
    assert_no_packet(&w, port);
    // Success: returns 0, size 0; GQCS TRUE, bytes 0, key 123, &overlapped, Internal 0.
    let r = w.wsa_ioctl(
        s,
        FIONBIO,
        Some(&one),
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok);
    assert_eq!((q.bytes, q.key), (0, KEY));
    assert!(q.overlapped.unwrap().same(&ov));
    assert_eq!(
        (ov.internal(), ov.internal_high()),
        (NtStatus::STATUS_SUCCESS, 0)
    );
    assert_no_packet(&w, port);
    w.closesocket(s).unwrap();
    w.close_port(port).unwrap();
}

#[test]
fn fionread_and_siocatmark_sizes_and_values() {
    let w = native();
    let (c, s) = tcp_pair(&w);
    // W test_fionread_siocatmark: success writes 4; 0 bytes queued; no urgent data → TRUE.
    assert_eq!(
        u32_ioctl(&w, c, FIONREAD),
        (IoctlOutcome::Completed { bytes: 4 }, 0)
    );
    assert_eq!(w.wsa_get_last_error(), WsaError::NO_ERROR);
    assert_eq!(
        u32_ioctl(&w, c, SIOCATMARK),
        (IoctlOutcome::Completed { bytes: 4 }, 1)
    );
    // Output 3 bytes → WSAEFAULT, size untouched; NULL size → WSAEFAULT.
    for code in [FIONREAD, SIOCATMARK] {
        let mut out = [0u8; 3];
        let r = w.wsa_ioctl(c, code, None, Some(&mut out), Completion::None);
        assert_eq!(r, failed(WsaError::WSAEFAULT, None), "{code}");
        let mut out = [0u8; 4];
        let r = w.wsa_ioctl_args(IoctlArgs {
            socket: c,
            code,
            output: Some(&mut out),
            bytes_returned_null: true,
            ..Default::default()
        });
        assert_eq!(r.error(), WsaError::WSAEFAULT, "{code}");
    }
    // 5 bytes from the peer → FIONREAD 5; SIOCATMARK still TRUE.
    assert_eq!(w.send(s, b"hello", 0), Ok(5));
    assert_eq!(wait_readable(&w, c, 5), 5);
    assert_eq!(u32_ioctl(&w, c, SIOCATMARK).1, 1);
    // ioctlsocket(FIONREAD) agrees.
    let mut v = 0;
    w.ioctlsocket(c, FIONREAD, &mut v).unwrap();
    assert_eq!(v, 5);
    w.closesocket(c).unwrap();
    w.closesocket(s).unwrap();
}

#[test]
fn siocatmark_with_an_urgent_byte_pending() {
    let w = native();
    let (c, s) = tcp_pair(&w);
    assert_eq!(w.send(s, b"hello", 0), Ok(5));
    assert_eq!(w.send(s, b"X", ws::MSG_OOB), Ok(1));
    std::thread::sleep(Duration::from_millis(100));
    // FIONREAD does not count the urgent byte (W, outside todo_wine): 5.
    assert_eq!(wait_readable(&w, c, 5), 5);
    // Windows: FALSE while the urgent byte is pending (todo_wine in W). Wine: TRUE while normal
    // data precedes the mark.
    assert_eq!(
        u32_ioctl(&w, c, SIOCATMARK).1,
        1,
        "Wine: TRUE before the mark"
    );
    // After reading all normal data, urgent byte unread → FALSE (both agree, W).
    let mut buf = [0u8; 5];
    assert_eq!(w.recv(c, &mut buf, 0), Ok(5));
    assert_eq!(u32_ioctl(&w, c, SIOCATMARK).1, 0);
    // Reading the urgent byte out of band. Windows: TRUE again (todo_wine in W). Wine: still
    // FALSE — Linux stays "at the mark" until data past it is read.
    let mut oob = [0u8; 1];
    assert_eq!(w.recv(c, &mut oob, ws::MSG_OOB), Ok(1));
    assert_eq!(oob, *b"X");
    assert_eq!(
        u32_ioctl(&w, c, SIOCATMARK).1,
        0,
        "Wine: FALSE after the OOB read"
    );
    // A normal byte after that: no W test. Wine's FIONREAD says 0 although the byte is
    // readable — Linux answers "bytes up to the mark" while the (consumed) mark is current.
    assert_eq!(w.send(s, b"Z", 0), Ok(1));
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        u32_ioctl(&w, c, FIONREAD).1,
        0,
        "Wine: 0 at the consumed mark"
    );
    let mut z = [0u8; 4];
    assert_eq!(w.recv(c, &mut z, 0), Ok(1));
    assert_eq!(z[0], b'Z');
    w.closesocket(c).unwrap();
    w.closesocket(s).unwrap();

    // SO_OOBINLINE on before an urgent byte arrives: FIONREAD counts it (1) and SIOCATMARK is
    // TRUE (W, outside todo_wine: both agree).
    let (c, s) = tcp_pair(&w);
    w.setsockopt(c, ws::SOL_SOCKET, ws::SO_OOBINLINE, &1u32.to_le_bytes())
        .unwrap();
    assert_eq!(w.send(s, b"Y", ws::MSG_OOB), Ok(1));
    assert_eq!(wait_readable(&w, c, 1), 1);
    assert_eq!(u32_ioctl(&w, c, SIOCATMARK).1, 1);
    w.closesocket(c).unwrap();
    w.closesocket(s).unwrap();
}

#[test]
fn fionread_on_unconnected_bound_and_listening_sockets_is_zero() {
    let w = native();
    let s = tcp(&w);
    // W: unconnected and bound-not-listening succeed with 0 (not WSAENOTCONN).
    assert_eq!(
        u32_ioctl(&w, s, FIONREAD),
        (IoctlOutcome::Completed { bytes: 4 }, 0)
    );
    w.bind(s, &sockaddr_in(Ipv4Addr::LOCALHOST, 0)).unwrap();
    assert_eq!(
        u32_ioctl(&w, s, FIONREAD),
        (IoctlOutcome::Completed { bytes: 4 }, 0)
    );
    // Listening: no W test; Wine forces 0 (WI).
    w.listen(s, 1).unwrap();
    assert_eq!(
        u32_ioctl(&w, s, FIONREAD),
        (IoctlOutcome::Completed { bytes: 4 }, 0)
    );
    w.closesocket(s).unwrap();
}

#[test]
fn fionread_on_udp_reads_the_profile_choice_of_wine() {
    // No W test; WI passes Linux FIONREAD through: the FIRST datagram's size. The `wine` profile
    // says FirstDatagram; Windows (spec/002, spec/003) counts all bytes.
    let w = native();
    let a = udp(&w);
    let b = udp(&w);
    w.bind(a, &sockaddr_in(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let to = w.getsockname(a).unwrap();
    assert_eq!(w.sendto(b, &[1; 10], 0, &to), Ok(10));
    assert_eq!(w.sendto(b, &[2; 20], 0, &to), Ok(20));
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut v = 0;
    while Instant::now() < deadline {
        v = u32_ioctl(&w, a, FIONREAD).1;
        if v != 0 {
            std::thread::sleep(Duration::from_millis(50));
            v = u32_ioctl(&w, a, FIONREAD).1;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let wine = Profile::by_name("wine").unwrap();
    let expected = match wine.fionread_datagram {
        FionreadDatagram::FirstDatagram => 10,
        FionreadDatagram::TotalBytes => 30,
    };
    assert_eq!(
        v, expected,
        "FIONREAD with datagrams of 10 and 20 bytes queued"
    );
    w.closesocket(a).unwrap();
    w.closesocket(b).unwrap();
}

#[test]
fn fionread_and_siocatmark_overlapped_and_apc() {
    let w = native();
    let (c, s) = tcp_pair(&w);
    let port = w.create_io_completion_port(Some(c), None, KEY).unwrap();
    for code in [FIONREAD, SIOCATMARK] {
        // Port: returns 0, size 4, Internal 0 / InternalHigh 0; GQCS TRUE, bytes 0, key 123.
        let ev = w.wsa_create_event().unwrap();
        let ov = Overlapped::with_event(ev);
        ov.set_status(NtStatus(0xdead_beef), 0xdead_beef);
        let mut out = [0xccu8; 4];
        let r = w.wsa_ioctl(
            c,
            code,
            None,
            Some(&mut out),
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 4 }, "{code}");
        assert_ne!(out, [0xcc; 4], "{code}: the value is written at once");
        assert_eq!(
            (ov.internal(), ov.internal_high()),
            (NtStatus::STATUS_SUCCESS, 0)
        );
        let q = w.get_queued_completion_status(port, 0).unwrap();
        assert!(q.ok && q.bytes == 0 && q.key == KEY, "{code}: {q:?}");
        assert!(q.overlapped.unwrap().same(&ov));
        // The event is signalled too.
        assert_eq!(
            w.wsa_wait_for_multiple_events(&[ev], false, 0, false),
            WAIT_OBJECT_0
        );
        w.wsa_close_event(ev).unwrap();
    }
    // APC on a socket without a port: returns 0, size 4; the routine runs once, error 0, size 0.
    let (c2, s2) = tcp_pair(&w);
    let rec = Recorder::default();
    let ov = Overlapped::new();
    let mut out = [0u8; 4];
    let r = w.wsa_ioctl(c2, FIONREAD, None, Some(&mut out), rec.completion(&ov));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    assert!(
        rec.calls().is_empty(),
        "the routine waits for an alertable wait"
    );
    assert_eq!(w.sleep_ex(0, true), WAIT_IO_COMPLETION);
    assert_eq!(rec.calls(), vec![(WsaError::NO_ERROR, 0, ov.addr(), 0)]);
    assert_eq!(w.sleep_ex(0, true), 0, "exactly one APC");
    for x in [c, s, c2, s2] {
        w.closesocket(x).unwrap();
    }
    w.close_port(port).unwrap();
}

#[test]
fn keepalive_vals_sizes_errors_and_completion() {
    let w = native();
    let s = tcp(&w);
    let port = on_port(&w, s);
    let ka = |on: u32, t: u32, i: u32| {
        let mut b = Vec::new();
        for v in [on, t, i] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    };
    // W test_keepalive_vals: input length 0 → WSAEFAULT, size 0; NULL input, length 12 → same.
    let k = ka(0, 0, 0);
    let r = w.wsa_ioctl(s, SIO_KEEPALIVE_VALS, Some(&k[..0]), None, Completion::None);
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(0)));
    let r = w.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_KEEPALIVE_VALS,
        null_input_len: 12,
        ..Default::default()
    });
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(0)));
    // Success, no OVERLAPPED → size 0; the accepted values of W.
    for (on, t, i) in [
        (0, 0, 0),
        (1, 0, 0),
        (1, 1000, 1000),
        (1, 10000, 10000),
        (1, 100, 100),
        (0, 100, 100),
    ] {
        let r = w.wsa_ioctl(
            s,
            SIO_KEEPALIVE_VALS,
            Some(&ka(on, t, i)),
            None,
            Completion::None,
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 0 }, "({on},{t},{i})");
    }
    // Overlapped, input 11 → WSAEFAULT, size untouched, no packet.
    // Windows: Internal = STATUS_PENDING (todo_wine); Wine leaves it untouched.
    let ov = marked_overlapped();
    let r = w.wsa_ioctl(
        s,
        SIO_KEEPALIVE_VALS,
        Some(&k[..11]),
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    assert_eq!(
        ov.internal(),
        NtStatus(0xdead_beef),
        "Wine: Internal untouched"
    );
    assert_eq!(ov.internal_high(), 0xdead_beef);
    assert_no_packet(&w, port);
    // Overlapped success → 0. Windows: size untouched (todo_wine); Wine writes 0.
    let r = w.wsa_ioctl(
        s,
        SIO_KEEPALIVE_VALS,
        Some(&k),
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(
        r,
        IoctlOutcome::Completed { bytes: 0 },
        "Wine writes size 0"
    );
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 0 && q.key == KEY);
    assert_eq!(
        (ov.internal(), ov.internal_high()),
        (NtStatus::STATUS_SUCCESS, 0)
    );
    assert_no_packet(&w, port);
    w.closesocket(s).unwrap();
    w.close_port(port).unwrap();
}

#[test]
fn keepalive_vals_on_udp_reads_the_profile_choice_of_wine() {
    // No W test; the `wine` profile says WSAEINVAL (Linux setsockopt(SO_KEEPALIVE) on a datagram
    // socket); Windows per spec/001 answers WSAENOPROTOOPT.
    let w = native();
    let s = udp(&w);
    let k = [1u8, 0, 0, 0, 0xe8, 3, 0, 0, 0xe8, 3, 0, 0];
    let r = w.wsa_ioctl(s, SIO_KEEPALIVE_VALS, Some(&k), None, Completion::None);
    let wine = Profile::by_name("wine").unwrap();
    assert_eq!(r.error(), wine.keepalive_datagram_error, "{r:?}");
    w.closesocket(s).unwrap();
}

#[test]
fn get_extension_function_pointer() {
    let w = native();
    let s = tcp(&w);
    let port = on_port(&w, s);
    let guid = |g: windows_sys::core::GUID| {
        let mut b = Vec::new();
        b.extend_from_slice(&g.data1.to_le_bytes());
        b.extend_from_slice(&g.data2.to_le_bytes());
        b.extend_from_slice(&g.data3.to_le_bytes());
        b.extend_from_slice(&g.data4);
        b
    };
    let accept_ex = guid(ws::WSAID_ACCEPTEX);
    // The crate's own GUID table agrees with windows-sys.
    assert_eq!(
        accept_ex,
        wsaioctl::wire::guid::WSAID_ACCEPTEX.to_le_bytes()
    );
    let ptr_size = size_of::<usize>() as u32;
    // W test_get_extension_func: size = sizeof(void*), a non-NULL pointer.
    let mut out = [0u8; 8];
    let r = w.wsa_ioctl(
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&accept_ex),
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: ptr_size });
    assert_ne!(u64::from_le_bytes(out), 0);
    // Overlapped → 0, size sizeof(void*); GQCS TRUE, bytes 0.
    let ov = marked_overlapped();
    let mut out2 = [0u8; 8];
    let r = w.wsa_ioctl(
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&accept_ex),
        Some(&mut out2),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: ptr_size });
    assert_eq!(out2, out, "the same AcceptEx");
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 0);
    // Bogus GUID with OVERLAPPED → WSAEINVAL, size, Internal, InternalHigh untouched, no packet.
    let ov = marked_overlapped();
    let mut bogus = vec![0u8; 16];
    bogus[..4].copy_from_slice(&0xdead_beef_u32.to_le_bytes());
    let r = w.wsa_ioctl(
        s,
        SIO_GET_EXTENSION_FUNCTION_POINTER,
        Some(&bogus),
        Some(&mut out2),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, None));
    assert_eq!(
        (ov.internal(), ov.internal_high()),
        (NtStatus(0xdead_beef), 0xdead_beef)
    );
    assert_no_packet(&w, port);
    // Other GUIDs W uses successfully.
    for g in [
        ws::WSAID_CONNECTEX,
        ws::WSAID_GETACCEPTEXSOCKADDRS,
        ws::WSAID_DISCONNECTEX,
        ws::WSAID_TRANSMITFILE,
        ws::WSAID_WSARECVMSG,
    ] {
        let r = w.wsa_ioctl(
            s,
            SIO_GET_EXTENSION_FUNCTION_POINTER,
            Some(&guid(g)),
            Some(&mut out2),
            Completion::None,
        );
        assert_eq!(
            r,
            IoctlOutcome::Completed { bytes: ptr_size },
            "{:#x}",
            g.data1
        );
    }
    w.closesocket(s).unwrap();
    w.close_port(port).unwrap();
}

#[test]
fn ideal_send_backlog_query() {
    let w = native();
    // W test_backlog_query: unconnected TCP → WSAENOTCONN; connected → 0x10000; UDP → WSAEOPNOTSUPP.
    let s = tcp(&w);
    assert_eq!(
        u32_ioctl(&w, s, SIO_IDEAL_SEND_BACKLOG_QUERY).0.error(),
        WsaError::WSAENOTCONN
    );
    let (c, p) = tcp_pair(&w);
    let (r, v) = u32_ioctl(&w, c, SIO_IDEAL_SEND_BACKLOG_QUERY);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    assert_eq!(v, 0x10000);
    let u = udp(&w);
    assert_eq!(
        u32_ioctl(&w, u, SIO_IDEAL_SEND_BACKLOG_QUERY).0.error(),
        WsaError::WSAEOPNOTSUPP
    );
    // WI: a short output is WSAEFAULT, checked before the socket type.
    let mut out = [0u8; 3];
    let r = w.wsa_ioctl(
        u,
        SIO_IDEAL_SEND_BACKLOG_QUERY,
        None,
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    for x in [s, c, p, u] {
        w.closesocket(x).unwrap();
    }
}

#[test]
fn base_handle_plain_overlapped_and_apc() {
    let w = native();
    for ty in [SOCK_STREAM, SOCK_DGRAM] {
        let s = w.socket(AF_INET, ty, 0).unwrap();
        let port = on_port(&w, s);
        // W test_base_handle: no OVERLAPPED → size sizeof(SOCKET), base == s.
        let mut out = [0u8; 8];
        let r = w.wsa_ioctl(s, SIO_BASE_HANDLE, None, Some(&mut out), Completion::None);
        assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
        assert_eq!(u64::from_le_bytes(out), s.0);
        // OVERLAPPED → pending; GQCS FALSE, ERROR_NOT_SUPPORTED, bytes 0, key 123; Internal
        // STATUS_NOT_SUPPORTED, InternalHigh 0; output untouched.
        let ov = marked_overlapped();
        let mut out = [0xccu8; 8];
        let r = w.wsa_ioctl(
            s,
            SIO_BASE_HANDLE,
            None,
            Some(&mut out),
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        let q = w.get_queued_completion_status(port, 1000).unwrap();
        assert!(!q.ok);
        assert_eq!(
            (q.error, q.bytes, q.key),
            (Win32Error::ERROR_NOT_SUPPORTED, 0, KEY)
        );
        assert!(q.overlapped.unwrap().same(&ov));
        assert_eq!(
            (ov.internal(), ov.internal_high()),
            (NtStatus::STATUS_NOT_SUPPORTED, 0)
        );
        assert!(ov.output().is_empty(), "nothing delivered");
        w.closesocket(s).unwrap();
        w.close_port(port).unwrap();
        // APC → pending; the routine gets WSAEOPNOTSUPP, size 0.
        let s = w.socket(AF_INET, ty, 0).unwrap();
        let rec = Recorder::default();
        let ov = Overlapped::new();
        let mut out = [0u8; 8];
        let r = w.wsa_ioctl(
            s,
            SIO_BASE_HANDLE,
            None,
            Some(&mut out),
            rec.completion(&ov),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        assert_eq!(w.sleep_ex(1000, true), WAIT_IO_COMPLETION);
        assert_eq!(
            rec.calls(),
            vec![(WsaError::WSAEOPNOTSUPP, 0, ov.addr(), 0)]
        );
        w.closesocket(s).unwrap();
    }
}

#[test]
fn unsupported_codes_fail_plain_and_pend_overlapped() {
    let w = native();
    // W test_unsupported_ioctls: 0xdeadbeef, FIOASYNC, 0x667e, SIO_FLUSH; buffers NULL/0.
    for code in [
        ControlCode(0xdead_beef),
        FIOASYNC,
        ControlCode(0x667e),
        SIO_FLUSH,
    ] {
        let s = tcp(&w);
        let port = on_port(&w, s);
        // NULL size with OVERLAPPED → WSAEFAULT first.
        let r = w.wsa_ioctl_args(IoctlArgs {
            socket: s,
            code,
            bytes_returned_null: true,
            completion: Completion::Overlapped(Overlapped::new()),
            ..Default::default()
        });
        assert_eq!(r.error(), WsaError::WSAEFAULT, "{code}");
        // No OVERLAPPED → WSAEOPNOTSUPP, size 0.
        let r = w.wsa_ioctl(s, code, None, None, Completion::None);
        assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, Some(0)), "{code}");
        // OVERLAPPED → WSA_IO_PENDING, size untouched; GQCS FALSE ERROR_NOT_SUPPORTED.
        let ov = marked_overlapped();
        let r = w.wsa_ioctl(s, code, None, None, Completion::Overlapped(ov.clone()));
        assert_eq!(r, IoctlOutcome::Pending, "{code}");
        let q = w.get_queued_completion_status(port, 1000).unwrap();
        assert_eq!(
            (q.ok, q.error, q.bytes, q.key),
            (false, Win32Error::ERROR_NOT_SUPPORTED, 0, KEY),
            "{code}"
        );
        assert_eq!(
            (ov.internal(), ov.internal_high()),
            (NtStatus::STATUS_NOT_SUPPORTED, 0)
        );
        // WSAGetOverlappedResult maps it to WSAEOPNOTSUPP.
        assert_eq!(
            w.wsa_get_overlapped_result(s, &ov, false),
            Err(WsaError::WSAEOPNOTSUPP)
        );
        // APC → pending; routine error WSAEOPNOTSUPP, size 0.
        let s2 = tcp(&w);
        let rec = Recorder::default();
        let ov = Overlapped::new();
        let r = w.wsa_ioctl(s2, code, None, None, rec.completion(&ov));
        assert_eq!(r, IoctlOutcome::Pending, "{code}");
        assert_eq!(w.sleep_ex(1000, true), WAIT_IO_COMPLETION);
        assert_eq!(
            rec.calls(),
            vec![(WsaError::WSAEOPNOTSUPP, 0, ov.addr(), 0)],
            "{code}"
        );
        for x in [s, s2] {
            w.closesocket(x).unwrap();
        }
        w.close_port(port).unwrap();
    }
}

#[test]
fn routing_interface_query() {
    let w = native();
    let s = udp(&w);
    let port = on_port(&w, s);
    let lo = sockaddr_in(Ipv4Addr::LOCALHOST, 0);
    // W test_sioRoutingInterfaceQuery: 127.0.0.1 → size 16, an AF_INET address.
    let mut out = [0u8; 16];
    let r = w.wsa_ioctl(
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&lo),
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    assert_eq!(w.wsa_get_last_error(), WsaError::NO_ERROR);
    // W asserts only the size. Wine answers with the address of the interface its routing table
    // picks — on these machines (lo + eth0 with the default route) eth0's, not 127.0.0.1, because
    // Wine's GetBestRoute sees no loopback route. The emulated stack answers 127.0.0.1.
    let SockAddr::V4(a) = SockAddr::parse(&out, Arch::X64).unwrap() else {
        panic!("not IPv4: {out:?}")
    };
    let mut list = vec![0u8; 4096];
    let IoctlOutcome::Completed { bytes } = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut list),
        Completion::None,
    ) else {
        panic!("SIO_GET_INTERFACE_LIST failed")
    };
    let ifaces = InterfaceList::parse(&list[..bytes as usize], Arch::X64).unwrap();
    assert!(
        ifaces
            .0
            .iter()
            .any(|i| i.address == SockAddr::V4(std::net::SocketAddrV4::new(*a.ip(), 0))),
        "{a} is a local interface address"
    );
    eprintln!("observed: SIO_ROUTING_INTERFACE_QUERY(127.0.0.1) -> {a}");
    // Family 0 → WSAEAFNOSUPPORT, size untouched (both).
    let zero = [0u8; 16];
    let r = w.wsa_ioctl(
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&zero),
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(r, failed(WsaError::WSAEAFNOSUPPORT, None));
    // Input 15 bytes / NULL input. Windows: WSAEINVAL (todo_wine); Wine: WSAEFAULT.
    let r = w.wsa_ioctl(
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&lo[..15]),
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None), "Wine: short input");
    let r = w.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_ROUTING_INTERFACE_QUERY,
        null_input_len: 16,
        output: Some(&mut out),
        ..Default::default()
    });
    assert_eq!(r, failed(WsaError::WSAEFAULT, None), "Wine: NULL input");
    // 0.0.0.0. Windows: WSAEINVAL, size untouched (todo_wine); Wine: success.
    let any = sockaddr_in(Ipv4Addr::UNSPECIFIED, 0);
    let r = w.wsa_ioctl(
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&any),
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(
        r,
        IoctlOutcome::Completed { bytes: 16 },
        "Wine: 0.0.0.0 succeeds"
    );
    // Output 15 → WSAEFAULT. Windows: size 16 (todo_wine); Wine: untouched.
    let mut short = [0u8; 15];
    let r = w.wsa_ioctl(
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&lo),
        Some(&mut short),
        Completion::None,
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, None), "Wine: size untouched");
    // Output NULL, length 16 → WSAEFAULT, size untouched (both).
    let r = w.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_ROUTING_INTERFACE_QUERY,
        input: Some(&lo),
        null_output_len: 16,
        ..Default::default()
    });
    assert_eq!(r, failed(WsaError::WSAEFAULT, None));
    // Overlapped success → 0, size 16; GQCS TRUE, bytes 0, Internal 0, InternalHigh 0.
    let ov = marked_overlapped();
    let r = w.wsa_ioctl(
        s,
        SIO_ROUTING_INTERFACE_QUERY,
        Some(&lo),
        Some(&mut out),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 16 });
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 0);
    assert_eq!(
        (ov.internal(), ov.internal_high()),
        (NtStatus::STATUS_SUCCESS, 0)
    );
    w.closesocket(s).unwrap();
    w.close_port(port).unwrap();
}

#[test]
fn address_list_query_sizes() {
    let w = native();
    let s = tcp(&w);
    let port = on_port(&w, s);
    let hdr = 8u32; // FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[0]) on x64
    // W test_address_list_query: NULL output, length 0 → WSAEFAULT, size = need ≥ hdr.
    let r = w.wsa_ioctl(s, SIO_ADDRESS_LIST_QUERY, None, None, Completion::None);
    let Some(need) = r.bytes_returned() else {
        panic!("size not written: {r:?}")
    };
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    assert!(need >= hdr);
    // 1024 bytes → 0, size == need == FIELD_OFFSET(Address[n]) + Σ iSockaddrLength.
    let mut buf = vec![0u8; 1024];
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_QUERY,
        None,
        Some(&mut buf),
        Completion::None,
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: need });
    let list = SocketAddressList::parse_at(&buf, Arch::X64, buf.as_ptr() as u64).unwrap();
    eprintln!(
        "observed: SIO_ADDRESS_LIST_QUERY {:?}",
        list.addrs().collect::<Vec<_>>()
    );
    let sum: u32 = list.entries.iter().map(|e| e.length as u32).sum();
    assert_eq!(need, list.array_end(Arch::X64) as u32 + sum);
    // Wine lists IPv4 adapter addresses, 16 bytes each (WI).
    assert!(
        list.entries
            .iter()
            .all(|e| e.length == 16 && e.addr.family() == AF_INET)
    );
    // Buffer, length 0 / NULL, 1024 → WSAEFAULT, size need.
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_QUERY,
        None,
        Some(&mut buf[..0]),
        Completion::None,
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(need)));
    let r = w.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code: SIO_ADDRESS_LIST_QUERY,
        null_output_len: 1024,
        ..Default::default()
    });
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(need)));
    // Length 1 → WSAEINVAL, size 0.
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_QUERY,
        None,
        Some(&mut buf[..1]),
        Completion::None,
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
    // Length == hdr → WSAEFAULT, size need, buffer untouched (iAddressCount 0xcccccccc).
    let mut small = vec![0xccu8; hdr as usize];
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_QUERY,
        None,
        Some(&mut small),
        Completion::None,
    );
    if list.entries.is_empty() {
        // With no address the header alone is the whole list.
        assert_eq!(r, IoctlOutcome::Completed { bytes: hdr });
    } else {
        assert_eq!(r, failed(WsaError::WSAEFAULT, Some(need)));
        assert_eq!(small, vec![0xcc; hdr as usize]);
    }
    // Overlapped success → size need; exactly one packet, bytes 0.
    let ov = marked_overlapped();
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_QUERY,
        None,
        Some(&mut buf),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: need });
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 0);
    assert_no_packet(&w, port);
    // Overlapped length 1 → WSAEINVAL, size 0, OVERLAPPED untouched, no packet.
    let ov = marked_overlapped();
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_QUERY,
        None,
        Some(&mut buf[..1]),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
    assert_eq!(ov.internal(), NtStatus(0xdead_beef));
    assert_no_packet(&w, port);
    w.closesocket(s).unwrap();
    w.close_port(port).unwrap();
}

#[test]
fn get_interface_list_plain_and_pending_on_a_port() {
    let w = native();
    let s = w
        .wsa_socket(AF_INET, SOCK_STREAM, IPPROTO_TCP, ws::WSA_FLAG_OVERLAPPED)
        .unwrap();
    let port = on_port(&w, s);
    let info_len = size_of::<ws::INTERFACE_INFO>() as u32;
    assert_eq!(info_len, 76);
    // W test_get_interface_list: 4096 bytes → size ≠ 0, a multiple of 76; one IFF_LOOPBACK.
    let mut buf = vec![0u8; 4096];
    let r = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut buf),
        Completion::None,
    );
    let IoctlOutcome::Completed { bytes: size } = r else {
        panic!("{r:?}")
    };
    assert!(size != 0 && size % info_len == 0, "{size}");
    let list = InterfaceList::parse(&buf[..size as usize], Arch::X64).unwrap();
    assert!(
        list.0
            .iter()
            .all(|i| i.address.family() == AF_INET && i.netmask.family() == AF_INET)
    );
    assert!(list.0.iter().any(|i| i.flags.0 & ws::IFF_LOOPBACK != 0));
    for i in &list.0 {
        eprintln!("observed: INTERFACE_INFO {i:?}");
        let (SockAddr::V4(a), SockAddr::V4(m)) = (&i.address, &i.netmask) else {
            panic!("IPv4 address and mask: {i:?}")
        };
        // W: the broadcast address has family AF_INET iff IFF_BROADCAST.
        let flagged = i.flags.0 & ws::IFF_BROADCAST != 0;
        assert_eq!(i.broadcast.family() == AF_INET, flagged, "{i:?}");
        if flagged {
            // Wine (WI): addr | ~mask. Windows (R): 255.255.255.255.
            let want = u32::from(*a.ip()) | !u32::from(*m.ip());
            assert_eq!(
                i.broadcast,
                SockAddr::V4(std::net::SocketAddrV4::new(want.into(), 0)),
                "Wine's broadcast is the subnet's"
            );
        }
    }
    // Output 75 → WSAEFAULT, size 0.
    let r = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut buf[..75]),
        Completion::None,
    );
    assert_eq!(r, failed(WsaError::WSAEFAULT, Some(0)));
    // OVERLAPPED → pending; GQCS(100) TRUE, bytes = list size, Internal 0, InternalHigh = size.
    let ov = marked_overlapped();
    let mut obuf = vec![0u8; 4096];
    let r = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut obuf),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    // Wine has already completed it when WSAIoctl returns (Internal final, not STATUS_PENDING).
    assert_eq!(
        ov.internal(),
        NtStatus::STATUS_SUCCESS,
        "Wine: complete before returning"
    );
    let q = w.get_queued_completion_status(port, 1000).unwrap();
    assert!(q.ok);
    assert_eq!((q.bytes, q.key), (size, KEY));
    assert_eq!(
        (ov.internal(), ov.internal_high()),
        (NtStatus::STATUS_SUCCESS, size as u64)
    );
    // The safe shape delivers the pending output through the Overlapped.
    assert_eq!(ov.output(), buf[..size as usize].to_vec());
    // Output 75 with OVERLAPPED → pending; GQCS FALSE, ERROR_INSUFFICIENT_BUFFER,
    // Internal STATUS_BUFFER_TOO_SMALL, InternalHigh 0.
    let ov = marked_overlapped();
    let r = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut obuf[..75]),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    let q = w.get_queued_completion_status(port, 1000).unwrap();
    assert_eq!(
        (q.ok, q.error, q.bytes),
        (false, Win32Error::ERROR_INSUFFICIENT_BUFFER, 0)
    );
    assert_eq!(
        (ov.internal(), ov.internal_high()),
        (NtStatus::STATUS_BUFFER_TOO_SMALL, 0)
    );
    w.closesocket(s).unwrap();
    w.close_port(port).unwrap();
}

#[test]
fn get_interface_list_through_an_event_and_wsagetoverlappedresult() {
    let w = native();
    let s = tcp(&w);
    let ev = w.wsa_create_event().unwrap();
    let ov = Overlapped::with_event(ev);
    let mut buf = vec![0u8; 4096];
    let r = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut buf),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[ev], false, 1000, false),
        WAIT_OBJECT_0
    );
    let (bytes, flags) = w.wsa_get_overlapped_result(s, &ov, false).unwrap();
    assert!(bytes != 0 && bytes % 76 == 0);
    assert_eq!(flags, 0);
    assert_eq!(ov.internal_high(), u64::from(bytes));
    assert_eq!(ov.output().len(), bytes as usize);
    InterfaceList::parse(&ov.output(), Arch::X64).unwrap();
    // A second look reads the same (the slot is gone; the mirrored fields answer).
    assert_eq!(w.wsa_get_overlapped_result(s, &ov, true), Ok((bytes, 0)));
    // The short-buffer failure through an APC: WSAEFAULT, size 0 (W).
    let rec = Recorder::default();
    let ov2 = Overlapped::new();
    let r = w.wsa_ioctl(
        s,
        SIO_GET_INTERFACE_LIST,
        None,
        Some(&mut buf[..75]),
        rec.completion(&ov2),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_eq!(w.sleep_ex(1000, true), WAIT_IO_COMPLETION);
    assert_eq!(rec.calls(), vec![(WsaError::WSAEFAULT, 0, ov2.addr(), 0)]);
    w.wsa_close_event(ev).unwrap();
    w.closesocket(s).unwrap();
}

#[test]
fn udp_connreset_and_circular_queueing_are_accepted() {
    let w = native();
    let s = udp(&w);
    // No W test for SIO_UDP_CONNRESET; Wine's stub succeeds (WI), the `wine` profile records
    // that it has no effect (UdpUnreachable::LinuxConnRefused).
    let off = 0u32.to_le_bytes();
    let r = w.wsa_ioctl(s, SIO_UDP_CONNRESET, Some(&off), None, Completion::None);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    // W test_circular_queueing: UDP, all buffers NULL/0 → 0.
    let r = w.wsa_ioctl(
        s,
        SIO_ENABLE_CIRCULAR_QUEUEING,
        None,
        None,
        Completion::None,
    );
    assert_eq!(r.ret(), 0, "{r:?}");
    w.closesocket(s).unwrap();
    // WI: the stub accepts every socket type, a TCP socket too.
    let t = tcp(&w);
    let r = w.wsa_ioctl(t, SIO_UDP_CONNRESET, Some(&off), None, Completion::None);
    assert_eq!(
        r,
        IoctlOutcome::Completed { bytes: 0 },
        "Wine: TCP accepted"
    );
    w.closesocket(t).unwrap();
}

#[test]
fn udp_connreset_has_no_effect_on_wine() {
    // Windows (default SIO_UDP_CONNRESET on): a datagram to a closed port makes the next recv
    // fail with WSAECONNRESET; turning it off suppresses that. Wine's stub does nothing, so the
    // answer is the same either way: the `wine` profile's UdpUnreachable::LinuxConnRefused.
    let w = native();
    let mut answers = Vec::new();
    for on in [1u32, 0] {
        let closed = udp(&w);
        w.bind(closed, &sockaddr_in(Ipv4Addr::LOCALHOST, 0))
            .unwrap();
        let dead = w.getsockname(closed).unwrap();
        w.closesocket(closed).unwrap();
        let s = udp(&w);
        w.bind(s, &sockaddr_in(Ipv4Addr::LOCALHOST, 0)).unwrap();
        let r = w.wsa_ioctl(
            s,
            SIO_UDP_CONNRESET,
            Some(&on.to_le_bytes()),
            None,
            Completion::None,
        );
        assert_eq!(r.ret(), 0);
        let mut nb = 1u32;
        w.ioctlsocket(s, FIONBIO, &mut nb).unwrap();
        w.sendto(s, b"x", 0, &dead).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let mut buf = [0u8; 4];
        answers.push(w.recv(s, &mut buf, 0).map_err(|e| e.0));
        w.closesocket(s).unwrap();
    }
    assert_eq!(
        answers[0], answers[1],
        "SIO_UDP_CONNRESET changed nothing: {answers:?}"
    );
    assert_eq!(
        Profile::by_name("wine").unwrap().udp_unreachable,
        UdpUnreachable::LinuxConnRefused
    );
}

#[test]
fn address_list_change_would_block_pends_and_aborts_on_close() {
    let w = native();
    // W test_sioAddressListChange: nonblocking, no OVERLAPPED → WSAEWOULDBLOCK.
    let s = tcp(&w);
    let mut nb = 1u32;
    w.ioctlsocket(s, FIONBIO, &mut nb).unwrap();
    let r = w.wsa_ioctl(s, SIO_ADDRESS_LIST_CHANGE, None, None, Completion::None);
    assert_eq!(r.error(), WsaError::WSAEWOULDBLOCK);
    // On a port: pending; GQCS(0) → WAIT_TIMEOUT; closesocket → FALSE, ERROR_OPERATION_ABORTED.
    let port = on_port(&w, s);
    let ov = marked_overlapped();
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_no_packet(&w, port);
    // Windows sets Internal = STATUS_PENDING at once; Wine writes nothing until the end
    // (observed; windows-facts.md records the same for SIO_KEEPALIVE_VALS).
    assert_eq!(
        ov.internal(),
        NtStatus(0xdead_beef),
        "Wine: Internal untouched while pending"
    );
    // So Wine's WSAGetOverlappedResult reads the untouched value as a final status: 0xdeadbeef
    // maps to WSAEINVAL (Windows: WSA_IO_INCOMPLETE for a pending operation).
    assert_eq!(
        w.wsa_get_overlapped_result(s, &ov, false),
        Err(WsaError::WSAEINVAL)
    );
    // …and a zeroed OVERLAPPED reads as success with 0 bytes while the operation still pends.
    let s0 = tcp(&w);
    let ov0 = Overlapped::new();
    let r = w.wsa_ioctl(
        s0,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(ov0.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_eq!(
        w.wsa_get_overlapped_result(s0, &ov0, false),
        Ok((0, 0)),
        "Wine"
    );
    w.closesocket(s0).unwrap();
    // The close completes it (cancelled); the next wait mirrors the real status.
    let deadline = Instant::now() + Duration::from_secs(5);
    while ov0.internal() != NtStatus::STATUS_CANCELLED && Instant::now() < deadline {
        w.sleep_ex(10, false);
    }
    assert_eq!(ov0.internal(), NtStatus::STATUS_CANCELLED);
    w.closesocket(s).unwrap();
    let q = w.get_queued_completion_status(port, 1000).unwrap();
    assert_eq!(
        (q.ok, q.error),
        (false, Win32Error::ERROR_OPERATION_ABORTED)
    );
    assert!(q.overlapped.unwrap().same(&ov));
    assert_eq!(ov.internal(), NtStatus::STATUS_CANCELLED);
    w.close_port(port).unwrap();
}

#[test]
fn cancel_io_ex_aborts_a_pending_change_notification() {
    let w = native();
    let s = tcp(&w);
    let ev = w.wsa_create_event().unwrap();
    let ov = Overlapped::with_event(ev);
    let r = w.wsa_ioctl(
        s,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    // An OVERLAPPED with nothing pending: ERROR_NOT_FOUND.
    assert_eq!(
        w.cancel_io_ex(s, Some(&Overlapped::new())),
        Err(Win32Error(1168))
    );
    w.cancel_io_ex(s, Some(&ov)).unwrap();
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[ev], false, 1000, false),
        WAIT_OBJECT_0
    );
    assert_eq!(
        w.wsa_get_overlapped_result(s, &ov, true),
        Err(WsaError::WSA_OPERATION_ABORTED)
    );
    assert_eq!(ov.internal(), NtStatus::STATUS_CANCELLED);
    w.wsa_close_event(ev).unwrap();
    w.closesocket(s).unwrap();
}

#[test]
fn wsagetoverlappedresult_maps_statuses() {
    // W test_WSAGetOverlappedResult (outside todo_wine): TRUE iff NT_SUCCESS and not pending;
    // on FALSE, its map_status table; every other failing status → WSAEINVAL. Status and error
    // numbers from windows-sys.
    use windows_sys::Win32::Foundation as f;
    let w = native();
    let s = tcp(&w);
    let ok: &[i32] = &[
        f::STATUS_SUCCESS,
        0x0000_0001,
        0x4000_0000,
        f::STATUS_BUFFER_OVERFLOW & 0x7fff_ffff,
    ];
    for &status in ok {
        let ov = Overlapped::new();
        ov.set_status(NtStatus(status as u32), 7);
        assert_eq!(
            w.wsa_get_overlapped_result(s, &ov, false),
            Ok((7, 0)),
            "{status:#x}"
        );
    }
    let cases: &[(i32, i32)] = &[
        (f::STATUS_PENDING, f::ERROR_IO_INCOMPLETE as i32),
        (f::STATUS_BUFFER_OVERFLOW, ws::WSAEMSGSIZE),
        (f::STATUS_NOT_IMPLEMENTED, ws::WSAEOPNOTSUPP),
        (f::STATUS_ACCESS_VIOLATION, ws::WSAEFAULT),
        (f::STATUS_PAGEFILE_QUOTA, ws::WSAENOBUFS),
        (f::STATUS_NO_MEMORY, ws::WSAENOBUFS),
        (f::STATUS_INSUFFICIENT_RESOURCES, ws::WSAENOBUFS),
        (f::STATUS_TOO_MANY_ADDRESSES, ws::WSAENOBUFS),
        (f::STATUS_INVALID_HANDLE, ws::WSAENOTSOCK),
        (f::STATUS_OBJECT_TYPE_MISMATCH, ws::WSAENOTSOCK),
        (f::STATUS_NO_SUCH_DEVICE, ws::WSAENETDOWN),
        (f::STATUS_NETWORK_BUSY, ws::WSAENETDOWN),
        (f::STATUS_ACCESS_DENIED, ws::WSAEACCES),
        (f::STATUS_BUFFER_TOO_SMALL, ws::WSAEFAULT),
        (f::STATUS_SHARING_VIOLATION, ws::WSAEADDRINUSE),
        (f::STATUS_ADDRESS_ALREADY_EXISTS, ws::WSAEADDRINUSE),
        (f::STATUS_DEVICE_NOT_READY, ws::WSAEWOULDBLOCK),
        (f::STATUS_REQUEST_NOT_ACCEPTED, ws::WSAEWOULDBLOCK),
        (f::STATUS_PIPE_DISCONNECTED, ws::WSAESHUTDOWN),
        (f::STATUS_IO_TIMEOUT, ws::WSAETIMEDOUT),
        (f::STATUS_LINK_TIMEOUT, ws::WSAETIMEDOUT),
        (f::STATUS_NOT_SUPPORTED, ws::WSAEOPNOTSUPP),
        (f::STATUS_REMOTE_NOT_LISTENING, ws::WSAECONNREFUSED),
        (f::STATUS_CONNECTION_REFUSED, ws::WSAECONNREFUSED),
        (f::STATUS_BAD_NETWORK_PATH, ws::WSAENETUNREACH),
        (f::STATUS_NETWORK_UNREACHABLE, ws::WSAENETUNREACH),
        (f::STATUS_PROTOCOL_UNREACHABLE, ws::WSAENETUNREACH),
        (f::STATUS_HOST_UNREACHABLE, ws::WSAEHOSTUNREACH),
        (f::STATUS_CANCELLED, f::ERROR_OPERATION_ABORTED as i32),
        (f::STATUS_LOCAL_DISCONNECT, ws::WSAECONNABORTED),
        (f::STATUS_TRANSACTION_ABORTED, ws::WSAECONNABORTED),
        (f::STATUS_CONNECTION_ABORTED, ws::WSAECONNABORTED),
        (f::STATUS_REMOTE_DISCONNECT, ws::WSAECONNRESET),
        (f::STATUS_CONNECTION_DISCONNECTED, ws::WSAECONNRESET),
        (f::STATUS_CONNECTION_RESET, ws::WSAECONNRESET),
        (f::STATUS_PORT_UNREACHABLE, ws::WSAECONNRESET),
        (f::STATUS_INVALID_CONNECTION, ws::WSAENOTCONN),
        (f::STATUS_INVALID_ADDRESS, ws::WSAEADDRNOTAVAIL),
        (f::STATUS_INVALID_BUFFER_SIZE, ws::WSAEMSGSIZE),
        (f::STATUS_GRACEFUL_DISCONNECT, ws::WSAEDISCON),
        (f::STATUS_CONNECTION_ACTIVE, ws::WSAEISCONN),
        (f::STATUS_REQUEST_ABORTED, ws::WSAEINTR),
        (f::STATUS_DATATYPE_MISALIGNMENT_ERROR, ws::WSAEFAULT),
        (f::STATUS_HOST_DOWN, ws::WSAEHOSTDOWN),
        // Not in the table: WSAEINVAL.
        (f::STATUS_INVALID_PARAMETER, ws::WSAEINVAL),
        (f::STATUS_UNSUCCESSFUL, ws::WSAEINVAL),
        (0xC0FF_1234_u32 as i32, ws::WSAEINVAL),
    ];
    for &(status, want) in cases {
        let ov = Overlapped::new();
        ov.set_status(NtStatus(status as u32), 7);
        let got = w.wsa_get_overlapped_result(s, &ov, false);
        assert_eq!(got, Err(WsaError(want)), "{status:#x}");
    }
    // On an invalid socket: WSAENOTSOCK.
    let ov = Overlapped::new();
    assert_eq!(
        w.wsa_get_overlapped_result(Socket(0xdead_beef), &ov, false),
        Err(WsaError::WSAENOTSOCK)
    );
    w.closesocket(s).unwrap();
}

#[test]
fn null_bytes_returned_wins_over_a_bad_socket() {
    // No W test; WI checks lpcbBytesReturned first (WSAEFAULT), then the socket — the
    // `null_bytes_returned_first` profile field (true for every profile).
    let w = native();
    let r = w.wsa_ioctl_args(IoctlArgs {
        socket: Socket(0xdead_beef),
        code: FIONREAD,
        bytes_returned_null: true,
        ..Default::default()
    });
    assert_eq!(r.error(), WsaError::WSAEFAULT);
    assert!(Profile::by_name("wine").unwrap().null_bytes_returned_first);
    let mut out = [0u8; 4];
    let r = w.wsa_ioctl(
        Socket(0xdead_beef),
        FIONREAD,
        None,
        Some(&mut out),
        Completion::None,
    );
    assert_eq!(r.error(), WsaError::WSAENOTSOCK);
}

#[test]
fn post_queued_completion_status_round_trips_the_overlapped() {
    let w = native();
    let port = w.create_io_completion_port(None, None, 0).unwrap();
    let ov = marked_overlapped();
    w.post_queued_completion_status(port, 42, 7, Some(ov.clone()))
        .unwrap();
    w.post_queued_completion_status(port, 1, 2, None).unwrap();
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 42 && q.key == 7);
    assert!(q.overlapped.unwrap().same(&ov));
    // A posted packet writes nothing into the OVERLAPPED.
    assert_eq!(ov.internal(), NtStatus(0xdead_beef));
    let q = w.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 1 && q.key == 2 && q.overlapped.is_none());
    assert_no_packet(&w, port);
    w.close_port(port).unwrap();
}

#[test]
fn events_and_waits() {
    let w = native();
    let a = w.wsa_create_event().unwrap();
    let b = w.wsa_create_event().unwrap();
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[a, b], false, 0, false),
        WAIT_TIMEOUT
    );
    w.wsa_set_event(b).unwrap();
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[a, b], false, 0, false),
        WAIT_OBJECT_0 + 1
    );
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[a, b], true, 0, false),
        WAIT_TIMEOUT
    );
    w.wsa_set_event(a).unwrap();
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[a, b], true, 0, false),
        WAIT_OBJECT_0
    );
    w.wsa_reset_event(a).unwrap();
    assert_eq!(
        w.wsa_wait_for_multiple_events(&[a], false, 0, false),
        WAIT_TIMEOUT
    );
    w.wsa_close_event(a).unwrap();
    w.wsa_close_event(b).unwrap();
    assert_eq!(w.wsa_set_event(a), Err(WsaError::WSA_INVALID_HANDLE));
    assert_eq!(w.sleep_ex(0, true), 0);
}

#[test]
fn the_routine_runs_only_in_an_alertable_wait_of_the_issuing_thread() {
    let w = Arc::new(native());
    let s = tcp(&w);
    let calls = Arc::new(AtomicU32::new(0));
    let c2 = calls.clone();
    let ov = Overlapped::new();
    let r = w.wsa_ioctl(
        s,
        SIO_BASE_HANDLE,
        None,
        Some(&mut [0u8; 8]),
        Completion::Routine(
            ov.clone(),
            Arc::new(move |_, _, _, _| {
                c2.fetch_add(1, Ordering::SeqCst);
            }),
        ),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    // Another thread's alertable wait does not run it.
    let w2 = w.clone();
    std::thread::spawn(move || w2.sleep_ex(50, true))
        .join()
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    // A non-alertable wait does not either.
    w.sleep_ex(50, false);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(w.sleep_ex(1000, true), WAIT_IO_COMPLETION);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    w.closesocket(s).unwrap();
}

#[test]
fn the_bytes_sentinel_is_not_a_size_any_call_returns() {
    // The "untouched" detection relies on no call writing 0xdeadbeef to lpcbBytesReturned.
    let w = native();
    let s = tcp(&w);
    let r = w.wsa_ioctl(s, FIONREAD, None, Some(&mut [0u8; 4]), Completion::None);
    assert_ne!(r.bytes_returned(), Some(BYTES_SENTINEL));
    w.closesocket(s).unwrap();
}

#[test]
fn a_panicking_routine_resurfaces_after_the_alertable_wait() {
    let w = native();
    let s = tcp(&w);
    let ov = Overlapped::new();
    let r = w.wsa_ioctl(
        s,
        FIONREAD,
        None,
        Some(&mut [0u8; 4]),
        Completion::Routine(ov, Arc::new(|_, _, _, _| panic!("from the routine"))),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    // The panic cannot unwind through the system's APC dispatch: it is held and resumed when
    // SleepEx returns.
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| w.sleep_ex(0, true)));
    let payload = caught.expect_err("the routine's panic resurfaces");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"from the routine"));
    w.closesocket(s).unwrap();
}

#[test]
fn slots_of_observed_completions_are_freed() {
    // 50 pending SIO_GET_INTERFACE_LIST calls completed through events: after the grace period
    // a sweep frees their slots.
    let w = native();
    let s = tcp(&w);
    let ev = w.wsa_create_event().unwrap();
    let mut ovs = Vec::new();
    for _ in 0..50 {
        w.wsa_reset_event(ev).unwrap();
        let ov = Overlapped::with_event(ev);
        let r = w.wsa_ioctl(
            s,
            SIO_GET_INTERFACE_LIST,
            None,
            Some(&mut [0u8; 4096]),
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        assert_eq!(
            w.wsa_wait_for_multiple_events(&[ev], false, 1000, false),
            WAIT_OBJECT_0
        );
        ovs.push(ov);
    }
    // The last one was seen complete less than the grace period ago: still held.
    assert!(Native::holds_slot(ovs.last().unwrap()));
    std::thread::sleep(Duration::from_millis(600));
    w.sleep_ex(0, false);
    assert!(
        ovs.iter().all(|ov| !Native::holds_slot(ov)),
        "every slot freed after the grace period and a sweep"
    );
    // Every Overlapped got its result.
    for ov in &ovs {
        assert_eq!(ov.internal(), NtStatus::STATUS_SUCCESS);
        assert_eq!(ov.output().len() as u64, ov.internal_high());
    }
    w.wsa_close_event(ev).unwrap();
    w.closesocket(s).unwrap();
}
