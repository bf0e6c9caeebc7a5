//! The overlapped behaviours of spec/observed-windows.md ("The three overlapped behaviours"),
//! each with every completion kind — the OVERLAPPED's event, a completion port, a completion
//! routine run by an alertable wait — plus the hEvent low bit, WSAGetOverlappedResult,
//! cancellation, closesocket while pending, the blocking and nonblocking forms of the
//! `*_CHANGE` codes driven by host mutations from another thread, and the raw C signature.
//!
//! Sources: spec/observed-windows.md ("observed"), Wine's `dlls/ws2_32/tests/sock.c` ("W", per
//! docs/windows-facts.md), spec/002/003 (LPWSPIOCTL), spec/004 (hEvent low bit).

mod common;

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::emu::*;
use wsaioctl::api::{
    Completion, Event, IoctlOutcome, Overlapped, Port, Socket, WAIT_IO_COMPLETION, WAIT_OBJECT_0,
    WAIT_TIMEOUT, Winsock, fd,
};
use wsaioctl::emulated::host::{Host, Route};
use wsaioctl::ioctl::*;
use wsaioctl::wire::guid;
use wsaioctl::wire::keepalive::TcpKeepalive;
use wsaioctl::wire::{Arch, Repr};
use wsaioctl::ws2::raw::{self, WSAOVERLAPPED};
use wsaioctl::{ControlCode, NtStatus, Win32Error, WsaError};

/// The three completion kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Event,
    Port,
    Routine,
}

const KINDS: [Kind; 3] = [Kind::Event, Kind::Port, Kind::Routine];

/// One run of a completion routine: (dwError, cbTransferred, dwFlags, the OVERLAPPED, the thread
/// it ran on).
type RoutineCall = (WsaError, u32, u32, Overlapped, thread::ThreadId);

/// What a test observes of one overlapped call.
struct Probe {
    kind: Kind,
    ov: Overlapped,
    ev: Option<Event>,
    port: Option<Port>,
    calls: Arc<Mutex<Vec<RoutineCall>>>,
}

impl Probe {
    /// Prepares a call of `kind` on `s`: an event in hEvent (Event), the socket associated with
    /// a new port with key 123 (Port), a routine recording its calls (Routine). Internal and
    /// InternalHigh are preset to 0xdeadbeef as W does.
    fn new(st: &Stack, s: Socket, kind: Kind) -> Self {
        let ev = (kind == Kind::Event).then(|| st.wsa_create_event().unwrap());
        let ov = match ev {
            Some(e) => Overlapped::with_event(e),
            None => Overlapped::new(),
        };
        ov.set_status(NtStatus(DEADBEEF), DEADBEEF.into());
        let port =
            (kind == Kind::Port).then(|| st.create_io_completion_port(Some(s), None, 123).unwrap());
        Probe {
            kind,
            ov,
            ev,
            port,
            calls: Arc::default(),
        }
    }

    fn completion(&self) -> Completion {
        match self.kind {
            Kind::Routine => {
                let calls = self.calls.clone();
                Completion::Routine(
                    self.ov.clone(),
                    Arc::new(move |e, n, ov: &Overlapped, f| {
                        calls
                            .lock()
                            .unwrap()
                            .push((e, n, f, ov.clone(), thread::current().id()))
                    }),
                )
            }
            _ => Completion::Overlapped(self.ov.clone()),
        }
    }

    /// Asserts exactly one completion with `status` and `bytes`, delivered through this kind:
    /// GQCS TRUE/FALSE with the mapped Win32 error, key 123 and the OVERLAPPED; the event
    /// signalled; or the routine run once by an alertable wait of this thread, with dwFlags 0
    /// and the Winsock error of the status (observed).
    fn expect_completion(&self, st: &Stack, status: NtStatus, bytes: u32) {
        match self.kind {
            Kind::Event => {
                assert_eq!(
                    st.wsa_wait_for_multiple_events(&[self.ev.unwrap()], false, 1000, false),
                    WAIT_OBJECT_0,
                    "event signalled"
                );
            }
            Kind::Port => {
                let q = st
                    .get_queued_completion_status(self.port.unwrap(), 1000)
                    .expect("one packet");
                assert_eq!(q.ok, status.is_success());
                let want_err = if status.is_success() {
                    Win32Error::ERROR_SUCCESS
                } else {
                    status.to_win32()
                };
                assert_eq!((q.error, q.bytes, q.key), (want_err, bytes, 123));
                assert!(q.overlapped.unwrap().same(&self.ov));
                assert_eq!(
                    st.get_queued_completion_status(self.port.unwrap(), 0)
                        .unwrap_err(),
                    Win32Error::WAIT_TIMEOUT,
                    "exactly one packet"
                );
            }
            Kind::Routine => {
                assert_eq!(
                    st.sleep_ex(0, false),
                    0,
                    "a non-alertable wait runs nothing"
                );
                assert!(self.calls.lock().unwrap().is_empty());
                assert_eq!(st.sleep_ex(1000, true), WAIT_IO_COMPLETION);
                let calls = self.calls.lock().unwrap();
                assert_eq!(calls.len(), 1, "run exactly once");
                let (e, n, f, ov, tid) = &calls[0];
                assert_eq!((*e, *n, *f), (status.to_wsa(), bytes, 0));
                assert!(ov.same(&self.ov));
                assert_eq!(*tid, thread::current().id(), "on the issuing thread");
                drop(calls);
                assert_eq!(st.sleep_ex(0, true), 0, "nothing more queued");
            }
        }
        assert_eq!(self.ov.internal(), status);
        assert_eq!(self.ov.internal_high(), u64::from(bytes));
    }

    /// Asserts that no completion came: no packet, event not signalled, routine not run, and
    /// the OVERLAPPED untouched (still 0xdeadbeef).
    fn expect_nothing(&self, st: &Stack) {
        match self.kind {
            Kind::Event => assert_eq!(
                st.wsa_wait_for_multiple_events(&[self.ev.unwrap()], false, 0, false),
                WAIT_TIMEOUT
            ),
            Kind::Port => assert_eq!(
                st.get_queued_completion_status(self.port.unwrap(), 0)
                    .unwrap_err(),
                Win32Error::WAIT_TIMEOUT
            ),
            Kind::Routine => {
                assert_eq!(st.sleep_ex(0, true), 0);
                assert!(self.calls.lock().unwrap().is_empty());
            }
        }
    }

    fn expect_untouched(&self) {
        assert_eq!(self.ov.internal(), NtStatus(DEADBEEF));
        assert_eq!(self.ov.internal_high(), u64::from(DEADBEEF));
    }
}

/// One call: code, input, output length (`None` = NULL), and what it must answer.
type Case<T> = (ControlCode, Option<Vec<u8>>, Option<usize>, T);

fn ka_bytes() -> Vec<u8> {
    TcpKeepalive {
        onoff: 1,
        keepalivetime: 1000,
        keepaliveinterval: 1000,
    }
    .to_bytes(Arch::X64)
}

// =============================================================================================
// 1. Completes at once although overlapped
// =============================================================================================

/// observed, "Completes at once although overlapped": FIONBIO, FIONREAD, SIOCATMARK,
/// SIO_KEEPALIVE_VALS, SIO_GET_EXTENSION_FUNCTION_POINTER, SIO_ADDRESS_LIST_QUERY and
/// SIO_ROUTING_INTERFACE_QUERY return 0 with `*lpcbBytesReturned` written, yet a completion is
/// produced reporting 0 bytes with Internal = InternalHigh = 0 — through each kind.
#[test]
fn completes_at_once_codes_report_zero_bytes_on_every_kind() {
    let cases: Vec<Case<u32>> = vec![
        (FIONBIO, Some(u32_bytes(0).to_vec()), None, 0),
        (FIONREAD, None, Some(4), 4),
        (SIOCATMARK, None, Some(4), 4),
        (
            SIO_GET_EXTENSION_FUNCTION_POINTER,
            Some(guid::WSAID_ACCEPTEX.to_le_bytes().to_vec()),
            Some(8),
            8,
        ),
        (SIO_ADDRESS_LIST_QUERY, None, Some(1024), 40),
        (
            SIO_ROUTING_INTERFACE_QUERY,
            Some(sa("127.0.0.1", 0)),
            Some(16),
            16,
        ),
    ];
    for kind in KINDS {
        for (code, input, out, size) in &cases {
            let st = stack();
            let s = udp_or_tcp(&st, *code);
            let p = Probe::new(&st, s, kind);
            let (r, _) = call_with(&st, s, *code, input.as_deref(), *out, p.completion());
            assert_eq!(
                r,
                IoctlOutcome::Completed { bytes: *size },
                "{code:?} {kind:?}"
            );
            assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
            p.expect_completion(&st, NtStatus::STATUS_SUCCESS, 0);
            assert_eq!(st.request_counts(), (1, 0), "{code:?} {kind:?}");
        }
    }
}

/// W `test_sioRoutingInterfaceQuery` uses a UDP socket; the others a TCP one.
fn udp_or_tcp(st: &Stack, code: ControlCode) -> Socket {
    if code == SIO_ROUTING_INTERFACE_QUERY {
        udp(st)
    } else {
        tcp(st)
    }
}

/// W `test_keepalive_vals`: overlapped success on a port (no routine) leaves `size` untouched —
/// shown through the raw signature with 0xdeadbeef; with a completion routine `size` = 0. Both
/// complete with 0 bytes, Internal 0, InternalHigh 0.
#[test]
fn keepalive_overlapped_success_size_per_kind() {
    let st = stack();
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let input = ka_bytes();
    let mut size = DEADBEEF;
    let mut ov = WSAOVERLAPPED {
        Internal: DEADBEEF as usize,
        InternalHigh: DEADBEEF as usize,
        ..Default::default()
    };
    // SAFETY: every pointer is valid for its stated length; the call completes at once.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            SIO_KEEPALIVE_VALS.0,
            input.as_ptr().cast(),
            12,
            std::ptr::null_mut(),
            0,
            &mut size,
            &mut ov,
            None,
        )
    };
    assert_eq!((r, size), (0, DEADBEEF), "W (todo_wine): size untouched");
    assert_eq!((ov.Internal, ov.InternalHigh), (0, 0));
    let q = st.get_queued_completion_status(port, 0).unwrap();
    assert!(q.ok && q.bytes == 0 && q.key == 123);

    let p = Probe::new(&st, s, Kind::Routine);
    let (r, _) = call_with(
        &st,
        s,
        SIO_KEEPALIVE_VALS,
        Some(&input),
        None,
        p.completion(),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    p.expect_completion(&st, NtStatus::STATUS_SUCCESS, 0);
}

/// W `test_fionread_siocatmark`: the OVERLAPPED on a port also had a manual-reset event in
/// hEvent (low bit clear): the event is signalled and the packet queued anyway.
#[test]
fn event_and_port_both_notified() {
    let st = stack();
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let ev = st.wsa_create_event().unwrap();
    let ov = Overlapped::with_event(ev);
    let (r, _) = call_with(
        &st,
        s,
        FIONREAD,
        None,
        Some(4),
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    assert!(st.get_queued_completion_status(port, 0).unwrap().ok);
    assert_eq!(st.event_is_set(ev), Some(true));
}

/// spec/004: "If the low order bit of the hEvent member … is set, … the completion is not
/// queued to the completion port"; the event (low bit cleared) is still signalled.
#[test]
fn hevent_low_bit_suppresses_the_port_packet() {
    let st = stack();
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let ev = st.wsa_create_event().unwrap();
    for (code, out) in [(FIONREAD, Some(4)), (SIO_GET_INTERFACE_LIST, Some(4096))] {
        st.wsa_reset_event(ev).unwrap();
        let ov = Overlapped::with_event_no_port(ev);
        let (r, _) = call_with(&st, s, code, None, out, Completion::Overlapped(ov.clone()));
        assert_ne!(r.error(), WsaError::WSAEFAULT);
        assert_eq!(
            st.wsa_wait_for_multiple_events(&[ev], false, 1000, false),
            WAIT_OBJECT_0
        );
        assert_eq!(
            st.get_queued_completion_status(port, 0).unwrap_err(),
            Win32Error::WAIT_TIMEOUT,
            "{code:?}: no packet"
        );
        assert!(ov.internal().is_success());
    }
}

// =============================================================================================
// 2. Always pends when overlapped
// =============================================================================================

/// W `test_get_interface_list`: overlapped → WSA_IO_PENDING, `size` untouched; the completion
/// reports the list size in bytes and InternalHigh (unlike the immediate codes), Internal 0, and
/// delivers the list.
#[test]
fn interface_list_pends_and_reports_the_size_on_every_kind() {
    for kind in KINDS {
        let st = stack();
        let s = tcp(&st);
        let p = Probe::new(&st, s, kind);
        let (r, _) = call_with(
            &st,
            s,
            SIO_GET_INTERFACE_LIST,
            None,
            Some(4096),
            p.completion(),
        );
        assert_eq!(r, IoctlOutcome::Pending, "{kind:?}");
        assert_eq!(st.wsa_get_last_error(), WsaError::WSA_IO_PENDING);
        p.expect_completion(&st, NtStatus::STATUS_SUCCESS, 152);
        assert_eq!(p.ov.output().len(), 152);
        assert_eq!(&p.ov.output()[..4], &0x15u32.to_le_bytes());
    }
}

/// W: output length 75 with OVERLAPPED → pending; GQCS FALSE with ERROR_INSUFFICIENT_BUFFER
/// (122), bytes 0, Internal STATUS_BUFFER_TOO_SMALL, InternalHigh 0; a routine gets WSAEFAULT.
#[test]
fn interface_list_short_buffer_completes_with_buffer_too_small() {
    for kind in KINDS {
        let st = stack();
        let s = tcp(&st);
        let p = Probe::new(&st, s, kind);
        let (r, _) = call_with(
            &st,
            s,
            SIO_GET_INTERFACE_LIST,
            None,
            Some(75),
            p.completion(),
        );
        assert_eq!(r, IoctlOutcome::Pending, "{kind:?}");
        p.expect_completion(&st, NtStatus::STATUS_BUFFER_TOO_SMALL, 0);
        assert_eq!(NtStatus::STATUS_BUFFER_TOO_SMALL.to_win32().0, 122);
        assert_eq!(
            NtStatus::STATUS_BUFFER_TOO_SMALL.to_wsa(),
            WsaError::WSAEFAULT
        );
    }
}

/// W `test_unsupported_ioctls` and `test_base_handle`: unknown codes and SIO_BASE_HANDLE pend
/// and complete with STATUS_NOT_SUPPORTED (GQCS ERROR_NOT_SUPPORTED 50, routine WSAEOPNOTSUPP).
#[test]
fn unsupported_and_base_handle_pend_with_not_supported_on_every_kind() {
    for kind in KINDS {
        for code in [ControlCode(0xdead_beef), SIO_FLUSH, SIO_BASE_HANDLE] {
            let st = stack();
            let s = tcp(&st);
            let p = Probe::new(&st, s, kind);
            let (r, out) = call_with(&st, s, code, None, Some(8), p.completion());
            assert_eq!(r, IoctlOutcome::Pending, "{code:?} {kind:?}");
            p.expect_completion(&st, NtStatus::STATUS_NOT_SUPPORTED, 0);
            assert_eq!(out, [0xa5; 8], "output untouched");
        }
    }
}

/// W `test_sioAddressListChange` + observed ("Always pends … SIO_ADDRESS_LIST_CHANGE (until a
/// change or close)"): pending, Internal STATUS_PENDING; GQCS(0) → WAIT_TIMEOUT; a host
/// address change (another thread) completes it with success and 0 bytes.
#[test]
fn address_list_change_pends_until_a_mutation_on_every_kind() {
    for kind in KINDS {
        let st = stack();
        let s = tcp(&st);
        let p = Probe::new(&st, s, kind);
        let (r, _) = call_with(&st, s, SIO_ADDRESS_LIST_CHANGE, None, None, p.completion());
        assert_eq!(r, IoctlOutcome::Pending, "{kind:?}");
        assert_eq!(p.ov.internal(), NtStatus::STATUS_PENDING);
        p.expect_nothing(&st);
        assert_eq!(st.request_counts(), (0, 1));
        // A change of the other family does not complete it.
        st.provider
            .mutate_host(|h| h.add_address(2, "2001:db8::99".parse().unwrap(), 64))
            .unwrap();
        assert_eq!(p.ov.internal(), NtStatus::STATUS_PENDING);
        let provider = st.provider.clone();
        thread::spawn(move || {
            provider
                .mutate_host(|h| h.add_address(2, "198.51.100.5".parse().unwrap(), 24))
                .unwrap()
        })
        .join()
        .unwrap();
        p.expect_completion(&st, NtStatus::STATUS_SUCCESS, 0);
        assert_eq!(st.request_counts(), (1, 0));
    }
}

/// spec/002/003 SIO_ROUTING_INTERFACE_CHANGE: pends until routing changes; a route-only change
/// completes it but not a pending SIO_ADDRESS_LIST_CHANGE (the address list did not change).
#[test]
fn routing_interface_change_pends_until_a_route_change_on_every_kind() {
    for kind in KINDS {
        let st = stack();
        let s = udp(&st);
        let p = Probe::new(&st, s, kind);
        let other = udp(&st);
        let addr_ov = Overlapped::new();
        let (r, _) = call_with(
            &st,
            other,
            SIO_ADDRESS_LIST_CHANGE,
            None,
            None,
            Completion::Overlapped(addr_ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        let (r, _) = call_with(
            &st,
            s,
            SIO_ROUTING_INTERFACE_CHANGE,
            Some(&sa("198.51.100.7", 0)),
            None,
            p.completion(),
        );
        assert_eq!(r, IoctlOutcome::Pending, "{kind:?}");
        p.expect_nothing(&st);
        st.provider
            .mutate_host(|h| {
                h.add_route(Route {
                    destination: "198.51.100.0".parse().unwrap(),
                    prefix_len: 24,
                    gateway: Some("192.0.2.254".parse().unwrap()),
                    if_index: 2,
                    metric: 0,
                })
            })
            .unwrap();
        p.expect_completion(&st, NtStatus::STATUS_SUCCESS, 0);
        assert_eq!(
            addr_ov.internal(),
            NtStatus::STATUS_PENDING,
            "address list unchanged"
        );
    }
}

// =============================================================================================
// 3. Rejected before any I/O
// =============================================================================================

/// observed, "Rejected before any I/O": a bad GUID (W: WSAEINVAL, `size` untouched, Internal and
/// InternalHigh untouched, no packet), SIO_ADDRESS_LIST_QUERY with 1 byte (WSAEINVAL, 0) or a
/// header-sized buffer (WSAEFAULT, need), FIONBIO with 3 bytes (WSAEFAULT), NULL
/// lpcbBytesReturned — on every kind: no completion at all, the OVERLAPPED untouched.
#[test]
fn rejected_calls_produce_no_completion_on_every_kind() {
    let bogus = guid::Guid::from_u128(0xdeadbeef).to_le_bytes();
    let cases: Vec<Case<IoctlOutcome>> = vec![
        (
            SIO_GET_EXTENSION_FUNCTION_POINTER,
            Some(bogus.to_vec()),
            Some(8),
            failed(WsaError::WSAEINVAL, None),
        ),
        (
            SIO_ADDRESS_LIST_QUERY,
            None,
            Some(1),
            failed(WsaError::WSAEINVAL, Some(0)),
        ),
        (
            SIO_ADDRESS_LIST_QUERY,
            None,
            Some(8),
            failed(WsaError::WSAEFAULT, Some(40)),
        ),
        (
            FIONBIO,
            Some(vec![1, 0, 0]),
            None,
            failed(WsaError::WSAEFAULT, None),
        ),
    ];
    for kind in KINDS {
        for (code, input, out, want) in &cases {
            let st = stack();
            let s = tcp(&st);
            let p = Probe::new(&st, s, kind);
            let (r, _) = call_with(&st, s, *code, input.as_deref(), *out, p.completion());
            assert_eq!(r, *want, "{code:?} {kind:?}");
            p.expect_nothing(&st);
            p.expect_untouched();
            assert_eq!(st.request_counts(), (0, 0));
        }
        let st = stack();
        let s = tcp(&st);
        let p = Probe::new(&st, s, kind);
        let r = st.wsa_ioctl_args(wsaioctl::api::IoctlArgs {
            socket: s,
            code: FIONREAD,
            output: Some(&mut [0u8; 4]),
            bytes_returned_null: true,
            completion: p.completion(),
            ..Default::default()
        });
        assert_eq!(r, failed(WsaError::WSAEFAULT, None), "NULL size, {kind:?}");
        p.expect_nothing(&st);
        p.expect_untouched();
    }
}

// =============================================================================================
// WSAGetOverlappedResult
// =============================================================================================

/// observed: "WSAGetOverlappedResult maps … STATUS_PENDING → WSA_IO_INCOMPLETE"; after the
/// completion it returns the bytes (0) and flags 0; fWait blocks until a completion made by
/// another thread.
#[test]
fn get_overlapped_result_pending_then_wait() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let ev = st.wsa_create_event().unwrap();
    let ov = Overlapped::with_event(ev);
    let (r, _) = call_with(
        &st,
        s,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    assert_eq!(
        st.wsa_get_overlapped_result(s, &ov, false),
        Err(WsaError::WSA_IO_INCOMPLETE)
    );
    assert_eq!(st.wsa_get_last_error(), WsaError::WSA_IO_INCOMPLETE);
    let st2 = st.clone();
    let t = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        st2.provider
            .mutate_host(|h| h.set_link_up(2, false))
            .unwrap();
    });
    assert_eq!(st.wsa_get_overlapped_result(s, &ov, true), Ok((0, 0)));
    assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
    t.join().unwrap();
    // W `test_WSAGetOverlappedResult`: a socket that is not one → WSAENOTSOCK.
    assert_eq!(
        st.wsa_get_overlapped_result(Socket(0xdead_beef), &ov, false),
        Err(WsaError::WSAENOTSOCK)
    );
}

/// W `test_WSAGetOverlappedResult` (`map_status`, checked on Windows): TRUE iff NT_SUCCESS and
/// not pending; otherwise the Winsock error of the status.
#[test]
fn get_overlapped_result_status_mapping() {
    let st = stack();
    let s = tcp(&st);
    let cases: [(u32, Result<(), WsaError>); 22] = [
        (0x0000_0000, Ok(())),
        (0x0000_0001, Ok(())),
        (0x4000_0005, Ok(())),
        (0x0000_0103, Err(WsaError::WSA_IO_INCOMPLETE)),
        (0x8000_0005, Err(WsaError::WSAEMSGSIZE)),
        (0xC000_0002, Err(WsaError::WSAEOPNOTSUPP)),
        (0xC000_0005, Err(WsaError::WSAEFAULT)),
        (0xC000_0008, Err(WsaError::WSAENOTSOCK)),
        (0xC000_0023, Err(WsaError::WSAEFAULT)),
        (0xC000_00A3, Err(WsaError::WSAEWOULDBLOCK)),
        (0xC000_00BB, Err(WsaError::WSAEOPNOTSUPP)),
        (0xC000_0120, Err(WsaError::WSA_OPERATION_ABORTED)),
        (0xC000_023C, Err(WsaError::WSAENETUNREACH)),
        (0xC000_023D, Err(WsaError::WSAEHOSTUNREACH)),
        (0xC000_023E, Err(WsaError::WSAENETUNREACH)),
        (0xC000_023F, Err(WsaError::WSAECONNRESET)),
        (0xC000_000D, Err(WsaError::WSAEINVAL)),
        (0xC000_1234, Err(WsaError::WSAEINVAL)),
        (0x8000_0001, Err(WsaError::WSAEINVAL)),
        (0x8007_03E6, Err(WsaError::WSA_IO_INCOMPLETE)),
        (0xC001_03E6, Err(WsaError::WSA_IO_INCOMPLETE)),
        (0xC007_03E6, Err(WsaError::WSA_IO_INCOMPLETE)),
    ];
    for (status, want) in cases {
        let ov = Overlapped::new();
        ov.set_status(NtStatus(status), 7);
        let got = st.wsa_get_overlapped_result(s, &ov, false);
        match want {
            Ok(()) => assert_eq!(got, Ok((7, 0)), "{status:#x}"),
            Err(e) => {
                assert_eq!(got, Err(e), "{status:#x}");
                assert_eq!(st.wsa_get_last_error(), e);
            }
        }
    }
}

/// windows-facts (W): "With fWait TRUE, … does not run queued APCs (the wait is not
/// alertable)": the routine of a completed request still waits for an alertable wait.
#[test]
fn get_overlapped_result_wait_does_not_run_routines() {
    let st = stack();
    let s = tcp(&st);
    let p = Probe::new(&st, s, Kind::Routine);
    let (r, _) = call_with(&st, s, SIO_ADDRESS_LIST_CHANGE, None, None, p.completion());
    assert_eq!(r, IoctlOutcome::Pending);
    st.provider
        .mutate_host(|h| h.set_link_up(2, false))
        .unwrap();
    assert_eq!(st.wsa_get_overlapped_result(s, &p.ov, true), Ok((0, 0)));
    assert!(p.calls.lock().unwrap().is_empty());
    p.expect_completion(&st, NtStatus::STATUS_SUCCESS, 0);
}

// =============================================================================================
// Cancellation and close
// =============================================================================================

/// CancelIo cancels only the calling thread's requests on the socket; CancelIoEx any thread's
/// (a given OVERLAPPED, or all); each completes with STATUS_CANCELLED / 995. Nothing left to
/// cancel: ERROR_NOT_FOUND (1168).
#[test]
fn cancel_io_is_per_thread_and_cancel_io_ex_is_not() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let mine = Overlapped::new();
    let (r, _) = call_with(
        &st,
        s,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(mine.clone()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
    let theirs = Overlapped::new();
    let (st2, t2) = (st.clone(), theirs.clone());
    let r = thread::spawn(move || {
        call_with(
            &st2,
            s,
            SIO_ADDRESS_LIST_CHANGE,
            None,
            None,
            Completion::Overlapped(t2),
        )
        .0
    })
    .join()
    .unwrap();
    assert_eq!(r, IoctlOutcome::Pending);
    // Vista and later: the issuing thread's exit does not cancel (W `test_completion_port`).
    assert_eq!(theirs.internal(), NtStatus::STATUS_PENDING);

    st.cancel_io(s).unwrap();
    assert_eq!(mine.internal(), NtStatus::STATUS_CANCELLED);
    assert_eq!(
        theirs.internal(),
        NtStatus::STATUS_PENDING,
        "another thread's"
    );
    let q = st.get_queued_completion_status(port, 0).unwrap();
    assert!(!q.ok && q.overlapped.unwrap().same(&mine));
    assert_eq!(
        (q.error, q.bytes, q.key),
        (Win32Error::ERROR_OPERATION_ABORTED, 0, 123)
    );
    assert_eq!(
        st.cancel_io(s),
        Err(Win32Error(1168)),
        "nothing of mine left"
    );

    st.cancel_io_ex(s, Some(&theirs)).unwrap();
    assert_eq!(theirs.internal(), NtStatus::STATUS_CANCELLED);
    assert_eq!(
        st.get_queued_completion_status(port, 0).unwrap().error,
        Win32Error::ERROR_OPERATION_ABORTED
    );
    assert_eq!(st.cancel_io_ex(s, None), Err(Win32Error(1168)));
    assert_eq!(st.request_counts(), (2, 0));
    // A later host change completes nothing more.
    st.provider
        .mutate_host(|h| h.set_link_up(2, false))
        .unwrap();
    assert_eq!(
        st.get_queued_completion_status(port, 0).unwrap_err(),
        Win32Error::WAIT_TIMEOUT
    );
}

/// observed, "Closing a socket completes its pending operations with WSA_OPERATION_ABORTED (995;
/// STATUS_CANCELLED in Internal)"; W `test_sioAddressListChange`: after closesocket, GQCS →
/// FALSE, ERROR_OPERATION_ABORTED, ovl = &overlapped — on every kind.
#[test]
fn closesocket_aborts_pending_requests_on_every_kind() {
    for kind in KINDS {
        for code in [SIO_ADDRESS_LIST_CHANGE, SIO_ROUTING_INTERFACE_CHANGE] {
            let st = stack();
            let s = tcp(&st);
            let p = Probe::new(&st, s, kind);
            let (r, _) = call_with(
                &st,
                s,
                code,
                Some(&sa("198.51.100.7", 0)),
                None,
                p.completion(),
            );
            assert_eq!(r, IoctlOutcome::Pending, "{code:?} {kind:?}");
            st.closesocket(s).unwrap();
            p.expect_completion(&st, NtStatus::STATUS_CANCELLED, 0);
            assert_eq!(
                NtStatus::STATUS_CANCELLED.to_wsa(),
                WsaError::WSA_OPERATION_ABORTED
            );
            assert_eq!(st.request_counts(), (1, 0));
        }
    }
}

// =============================================================================================
// Blocking and nonblocking *_CHANGE
// =============================================================================================

/// Runs `f` on another thread and checks it is still blocked after `ms` milliseconds.
fn spawn_blocked<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
    ms: u64,
) -> thread::JoinHandle<T> {
    let h = thread::spawn(f);
    thread::sleep(Duration::from_millis(ms));
    assert!(!h.is_finished(), "the call must block");
    h
}

/// observed: "a blocking one blocks until the list changes": SIO_ADDRESS_LIST_CHANGE without
/// OVERLAPPED on a blocking socket blocks its thread until `mutate_host` (here from the test
/// thread) changes the IPv4 address list; it then returns 0.
#[test]
fn blocking_address_list_change_released_by_a_mutation() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let st2 = st.clone();
    let h = spawn_blocked(
        move || call(&st2, s, SIO_ADDRESS_LIST_CHANGE, None, None).0,
        150,
    );
    // An IPv6-only change does not release an IPv4 socket.
    st.provider
        .mutate_host(|h| h.add_address(2, "2001:db8::77".parse().unwrap(), 64))
        .unwrap();
    thread::sleep(Duration::from_millis(50));
    assert!(!h.is_finished());
    st.provider
        .mutate_host(|h| h.add_address(2, "198.51.100.5".parse().unwrap(), 24))
        .unwrap();
    assert_eq!(h.join().unwrap(), IoctlOutcome::Completed { bytes: 0 });
}

/// The same for SIO_ROUTING_INTERFACE_CHANGE and a route change.
#[test]
fn blocking_routing_interface_change_released_by_a_route_change() {
    let st = Arc::new(stack());
    let s = udp(&st);
    let st2 = st.clone();
    let h = spawn_blocked(
        move || {
            call(
                &st2,
                s,
                SIO_ROUTING_INTERFACE_CHANGE,
                Some(&sa("198.51.100.7", 0)),
                None,
            )
            .0
        },
        150,
    );
    let key = Host::default_host().routes().next().unwrap().key();
    st.provider
        .mutate_host(|h| h.set_route_metric(key, 50))
        .unwrap();
    assert_eq!(h.join().unwrap(), IoctlOutcome::Completed { bytes: 0 });
}

/// spec/SPI contract ("wake threads blocked in it"): a blocking call released by closesocket
/// from another thread fails with WSAEINTR.
#[test]
fn blocking_change_released_by_closesocket_is_eintr() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let st2 = st.clone();
    let h = spawn_blocked(
        move || {
            let r = call(&st2, s, SIO_ADDRESS_LIST_CHANGE, None, None).0;
            (r, st2.wsa_get_last_error())
        },
        200,
    );
    st.closesocket(s).unwrap();
    assert_eq!(
        h.join().unwrap(),
        (failed(WsaError::WSAEINTR, None), WsaError::WSAEINTR)
    );
}

/// W `test_sioAddressListChange` (todo_wine = Windows): a nonblocking socket gets WSAEWOULDBLOCK,
/// then after `WSAEventSelect(FD_ADDRESS_LIST_CHANGE)` a real change signals its event; a socket
/// that never issued the ioctl is not signalled (WAIT_TIMEOUT, both).
#[test]
fn nonblocking_address_list_change_signals_fd_address_list_change() {
    let st = stack();
    let armed = tcp(&st);
    let idle = tcp(&st);
    for s in [armed, idle] {
        st.ioctlsocket(s, FIONBIO, &mut 1).unwrap();
    }
    let (r, _) = call(&st, armed, SIO_ADDRESS_LIST_CHANGE, None, None);
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
    let (ev_a, ev_i) = (
        st.wsa_create_event().unwrap(),
        st.wsa_create_event().unwrap(),
    );
    st.wsa_event_select(armed, Some(ev_a), fd::ADDRESS_LIST_CHANGE)
        .unwrap();
    st.wsa_event_select(idle, Some(ev_i), fd::ADDRESS_LIST_CHANGE)
        .unwrap();
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev_a], false, 0, false),
        WAIT_TIMEOUT
    );
    st.provider
        .mutate_host(|h| h.remove_address(2, "192.0.2.10".parse::<IpAddr>().unwrap()))
        .unwrap();
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev_a], false, 1000, false),
        WAIT_OBJECT_0
    );
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev_i], false, 100, false),
        WAIT_TIMEOUT,
        "never issued the ioctl"
    );
    assert_eq!(
        st.wsa_enum_network_events(armed, Some(ev_a)),
        Ok(fd::ADDRESS_LIST_CHANGE)
    );
    assert_eq!(
        st.event_is_set(ev_a),
        Some(false),
        "reset by WSAEnumNetworkEvents"
    );
}

/// Likewise FD_ROUTING_INTERFACE_CHANGE after a nonblocking SIO_ROUTING_INTERFACE_CHANGE and a
/// route change (spec/000: the application then waits "via WSAEventSelect").
#[test]
fn nonblocking_routing_change_signals_fd_routing_interface_change() {
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
    let ev = st.wsa_create_event().unwrap();
    st.wsa_event_select(s, Some(ev), fd::ROUTING_INTERFACE_CHANGE)
        .unwrap();
    let key = Host::default_host().routes().next().unwrap().key();
    st.provider.mutate_host(|h| h.remove_route(key)).unwrap();
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev], false, 1000, false),
        WAIT_OBJECT_0
    );
    assert_eq!(
        st.wsa_enum_network_events(s, None),
        Ok(fd::ROUTING_INTERFACE_CHANGE)
    );
}

// =============================================================================================
// Completion routines and alertable waits
// =============================================================================================

/// observed: "Completion routines run only when the issuing thread enters an alertable wait
/// (SleepEx, WSAWaitForMultipleEvents with fAlertable), which then returns WAIT_IO_COMPLETION";
/// not in another thread's alertable wait, not in a non-alertable wait.
#[test]
fn routines_run_only_in_the_issuing_threads_alertable_wait() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let p = Probe::new(&st, s, Kind::Routine);
    let (r, _) = call_with(&st, s, FIONREAD, None, Some(4), p.completion());
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    let st2 = st.clone();
    assert_eq!(
        thread::spawn(move || st2.sleep_ex(0, true)).join().unwrap(),
        0,
        "another thread's alertable wait"
    );
    let ev = st.wsa_create_event().unwrap();
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev], false, 0, false),
        WAIT_TIMEOUT
    );
    assert!(p.calls.lock().unwrap().is_empty());
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev], false, 1000, true),
        WAIT_IO_COMPLETION
    );
    assert_eq!(p.calls.lock().unwrap().len(), 1);
}

// =============================================================================================
// The raw C signature
// =============================================================================================

/// spec/001 + observed: the exact C signature with NULL pointers and lengths that disagree:
/// NULL lpcbBytesReturned → WSAEFAULT; NULL output with cbOutBuffer 4 → WSAEFAULT, size
/// untouched (W: FIONREAD short output); SIO_ADDRESS_LIST_QUERY with NULL output and
/// cbOutBuffer 1024 → WSAEFAULT, size = need (W); NULL input with cbInBuffer 12 for
/// SIO_KEEPALIVE_VALS → WSAEFAULT, size 0 (W); success writes size.
#[test]
fn raw_null_pointers_and_lengths() {
    let st = stack();
    let s = tcp(&st);
    let null = std::ptr::null_mut::<core::ffi::c_void>();
    let mut value = DEADBEEF;
    let mut size = DEADBEEF;
    let vp: *mut core::ffi::c_void = (&mut value as *mut u32).cast();
    // SAFETY (all calls below): each pointer is NULL or points to live memory of the stated
    // length; no call pends.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            FIONREAD.0,
            null,
            0,
            vp,
            4,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            None,
        )
    };
    assert_eq!((r, st.wsa_get_last_error()), (-1, WsaError::WSAEFAULT));
    // SAFETY: as above.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            FIONREAD.0,
            null,
            0,
            null,
            4,
            &mut size,
            std::ptr::null_mut(),
            None,
        )
    };
    assert_eq!(
        (r, size, st.wsa_get_last_error()),
        (-1, DEADBEEF, WsaError::WSAEFAULT)
    );
    // SAFETY: as above.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            SIO_ADDRESS_LIST_QUERY.0,
            null,
            0,
            null,
            1024,
            &mut size,
            std::ptr::null_mut(),
            None,
        )
    };
    assert_eq!(
        (r, size, st.wsa_get_last_error()),
        (-1, 40, WsaError::WSAEFAULT)
    );
    size = DEADBEEF;
    // SAFETY: as above.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            SIO_KEEPALIVE_VALS.0,
            null,
            12,
            null,
            0,
            &mut size,
            std::ptr::null_mut(),
            None,
        )
    };
    assert_eq!(
        (r, size, st.wsa_get_last_error()),
        (-1, 0, WsaError::WSAEFAULT)
    );
    size = DEADBEEF;
    // SAFETY: as above.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            FIONREAD.0,
            null,
            0,
            vp,
            4,
            &mut size,
            std::ptr::null_mut(),
            None,
        )
    };
    assert_eq!(
        (r, size, value, st.wsa_get_last_error()),
        (0, 4, 0, WsaError::NO_ERROR)
    );
}

/// W `test_get_interface_list` through the raw signature: -1 / WSA_IO_PENDING with `size`
/// untouched; the completion writes the caller's output buffer and Internal = 0, InternalHigh =
/// the list size, before the event is signalled.
#[test]
fn raw_pending_call_writes_output_and_status_at_completion() {
    let st = stack();
    let s = tcp(&st);
    let ev = st.wsa_create_event().unwrap();
    let mut out = vec![0xa5u8; 4096];
    let mut size = DEADBEEF;
    let mut ov = WSAOVERLAPPED {
        Internal: DEADBEEF as usize,
        InternalHigh: DEADBEEF as usize,
        hEvent: ev.0 as usize,
        ..Default::default()
    };
    // SAFETY: the buffers and the OVERLAPPED outlive the operation (we wait for its event
    // before reading them) and are not touched meanwhile.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            SIO_GET_INTERFACE_LIST.0,
            std::ptr::null(),
            0,
            out.as_mut_ptr().cast(),
            4096,
            &mut size,
            &mut ov,
            None,
        )
    };
    assert_eq!(
        (r, size, st.wsa_get_last_error()),
        (-1, DEADBEEF, WsaError::WSA_IO_PENDING)
    );
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev], false, 1000, false),
        WAIT_OBJECT_0
    );
    assert_eq!((ov.Internal, ov.InternalHigh), (0, 152));
    assert_eq!(&out[..4], &0x15u32.to_le_bytes());
    assert_eq!(&out[152..156], &[0xa5; 4], "nothing past the list");
}

static RAW_CALLS: Mutex<Vec<(u32, u32, usize, u32)>> = Mutex::new(Vec::new());

unsafe extern "system" fn raw_routine(err: u32, n: u32, ov: *mut WSAOVERLAPPED, flags: u32) {
    RAW_CALLS.lock().unwrap().push((err, n, ov as usize, flags));
}

/// A raw overlapped call that stays pending (SIO_ADDRESS_LIST_CHANGE): Internal reads
/// STATUS_PENDING (0x103) while pending; a host change from another thread writes Internal = 0,
/// InternalHigh = 0, and the completion routine runs in the issuing thread's alertable wait with
/// (0, 0, lpOverlapped, 0).
#[test]
fn raw_pending_call_with_routine_completes_later() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let mut size = DEADBEEF;
    let mut ov = Box::new(WSAOVERLAPPED {
        Internal: DEADBEEF as usize,
        InternalHigh: DEADBEEF as usize,
        ..Default::default()
    });
    let ovp: *mut WSAOVERLAPPED = &mut *ov;
    // SAFETY: the OVERLAPPED is boxed and lives until after the routine ran; it is only read
    // through `ovp` after the completion; no buffers.
    let r = unsafe {
        raw::WSAIoctl(
            &st,
            s.0,
            SIO_ADDRESS_LIST_CHANGE.0,
            std::ptr::null(),
            0,
            std::ptr::null_mut(),
            0,
            &mut size,
            ovp,
            Some(raw_routine),
        )
    };
    assert_eq!((r, size), (-1, DEADBEEF));
    // SAFETY: reading the still-live OVERLAPPED through its pointer.
    assert_eq!(unsafe { (*ovp).Internal }, 0x103);
    let st2 = st.clone();
    thread::spawn(move || {
        st2.provider
            .mutate_host(|h| h.set_link_up(2, false))
            .unwrap()
    })
    .join()
    .unwrap();
    // SAFETY: as above; the completion happened (the mutating thread has finished).
    assert_eq!(unsafe { ((*ovp).Internal, (*ovp).InternalHigh) }, (0, 0));
    assert!(
        RAW_CALLS.lock().unwrap().is_empty(),
        "not before an alertable wait"
    );
    assert_eq!(st.sleep_ex(0, true), WAIT_IO_COMPLETION);
    assert_eq!(*RAW_CALLS.lock().unwrap(), [(0, 0, ovp as usize, 0)]);
    drop(ov);
}

// =============================================================================================
// Wine 8.0's overlapped completions: the `wine` profile against the default (Windows) one
// =============================================================================================

/// The runs of a recording routine: `(dwError, cbTransferred, lpOverlapped)`.
type Runs = Arc<Mutex<Vec<(WsaError, u32, Overlapped)>>>;

/// A routine recording `(dwError, cbTransferred, lpOverlapped)` of each run.
fn recording_routine(ov: &Overlapped) -> (Completion, Runs) {
    let calls: Runs = Arc::default();
    let c = calls.clone();
    let completion = Completion::Routine(
        ov.clone(),
        Arc::new(move |e, n, o: &Overlapped, _f| c.lock().unwrap().push((e, n, o.clone()))),
    );
    (completion, calls)
}

/// docs/wine-divergences.md #21: a completion routine on a socket associated with a completion
/// port. Windows runs the routine and posts no packet (spec/004: the port path,
/// WPUCompleteOverlappedRequest, only when the completion routine is NULL); Wine 8.0 runs it
/// **and** posts a packet with the socket's key whose lpOverlapped is not the call's OVERLAPPED
/// (the routine's address, observed) — so a later port call dequeues that packet first.
#[test]
fn routine_on_a_port_also_posts_a_packet_only_under_wine() {
    for profile in ["windows", "wine"] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
        // An unsupported code (pends, STATUS_NOT_SUPPORTED) and an immediate one (FIONREAD).
        for (code, status) in [
            (SIO_FLUSH, NtStatus::STATUS_NOT_SUPPORTED),
            (FIONREAD, NtStatus::STATUS_SUCCESS),
        ] {
            let ov = Overlapped::new();
            let (completion, calls) = recording_routine(&ov);
            let (r, _) = call_with(&st, s, code, None, Some(4), completion);
            assert_ne!(r.error(), WsaError::WSAEFAULT, "{profile} {code:?}");
            assert_eq!(st.sleep_ex(1000, true), WAIT_IO_COMPLETION);
            let calls = calls.lock().unwrap();
            assert_eq!(
                calls.len(),
                1,
                "{profile}: the routine runs once either way"
            );
            assert_eq!((calls[0].0, calls[0].1), (status.to_wsa(), 0));
            assert!(calls[0].2.same(&ov));
            let q = st.get_queued_completion_status(port, 0);
            if profile == "windows" {
                assert_eq!(
                    q.unwrap_err(),
                    Win32Error::WAIT_TIMEOUT,
                    "{code:?}: no packet"
                );
                continue;
            }
            let q = q.expect("Wine posts a packet");
            assert_eq!(q.ok, status.is_success(), "{code:?}");
            let want = if status.is_success() {
                Win32Error::ERROR_SUCCESS
            } else {
                Win32Error::ERROR_NOT_SUPPORTED
            };
            assert_eq!((q.error, q.bytes, q.key), (want, 0, 123));
            let pov = q.overlapped.expect("a non-NULL lpOverlapped");
            assert!(
                !pov.same(&ov),
                "the routine's address, not the call's OVERLAPPED"
            );
            assert_eq!(
                st.get_queued_completion_status(port, 0).unwrap_err(),
                Win32Error::WAIT_TIMEOUT,
                "one packet per call"
            );
        }
        // The shift the unsupported-* scenarios observed: a routine call, then a port call —
        // the port call's dequeue gets the routine call's packet first (same_overlapped false).
        let (completion, _calls) = recording_routine(&Overlapped::new());
        call_with(&st, s, SIO_FLUSH, None, None, completion);
        st.sleep_ex(0, true);
        let ov = Overlapped::new();
        let (r, _) = call_with(
            &st,
            s,
            SIO_FLUSH,
            None,
            None,
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        let first = st.get_queued_completion_status(port, 0).unwrap();
        assert_eq!(
            first.overlapped.unwrap().same(&ov),
            profile == "windows",
            "{profile}"
        );
    }
}

/// FIONBIO with a completion routine on a socket associated with a completion port. Windows:
/// success, size 0, the routine runs once (W `test_fionbio`, APC case; docs/windows-facts.md
/// FIONBIO). Wine 8.0: -1 WSAEINVAL, nothing written, the routine never runs (observed,
/// `fionbio` step 10). Without a port Wine answers as Windows (W `test_fionbio` passes there).
#[test]
fn fionbio_with_a_routine_on_a_port_fails_only_under_wine() {
    for profile in ["windows", "wine"] {
        for with_port in [false, true] {
            let st = stack_with(Host::default_host(), profile);
            let s = tcp(&st);
            if with_port {
                st.create_io_completion_port(Some(s), None, 123).unwrap();
            }
            let ov = Overlapped::new();
            ov.set_status(NtStatus(DEADBEEF), DEADBEEF.into());
            let (completion, calls) = recording_routine(&ov);
            let r = st.wsa_ioctl_args_with_initial(
                wsaioctl::api::IoctlArgs {
                    socket: s,
                    code: FIONBIO,
                    input: Some(&u32_bytes(1)),
                    completion,
                    ..Default::default()
                },
                DEADBEEF,
            );
            st.sleep_ex(0, true);
            let calls = calls.lock().unwrap();
            if profile == "wine" && with_port {
                assert_eq!(r, failed(WsaError::WSAEINVAL, None), "size untouched");
                assert_eq!(st.wsa_get_last_error(), WsaError::WSAEINVAL);
                assert!(calls.is_empty(), "the routine never runs");
                assert_eq!(ov.internal(), NtStatus(DEADBEEF), "Internal untouched");
            } else {
                assert_eq!(
                    r,
                    IoctlOutcome::Completed { bytes: 0 },
                    "{profile} {with_port}"
                );
                assert_eq!(calls.len(), 1, "{profile} {with_port}");
                assert_eq!((calls[0].0, calls[0].1), (WsaError::NO_ERROR, 0));
            }
        }
    }
}

/// The always-pending unsupported forms (SIO_BASE_HANDLE overlapped, unknown codes) with an
/// event. Windows signals the event (spec/observed-windows.md, "the three overlapped
/// behaviours"; spec/001, lpOverlapped's hEvent). Wine 8.0 pends with Internal
/// STATUS_NOT_SUPPORTED but never signals it (observed, `base-handle` step 17 and the
/// `unsupported-*` event steps). Other completions (an immediate FIONREAD) still signal it
/// (docs/wine-divergences.md, "Agreeing"). **Choice** (not observed): the port packet is still
/// posted under Wine's rule — only the event is affected.
#[test]
fn not_supported_completion_leaves_the_event_unsignalled_only_under_wine() {
    for profile in ["windows", "wine"] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
        for code in [SIO_BASE_HANDLE, ControlCode(0xdead_beef)] {
            let ev = st.wsa_create_event().unwrap();
            let ov = Overlapped::with_event(ev);
            let (r, out) = call_with(
                &st,
                s,
                code,
                None,
                Some(8),
                Completion::Overlapped(ov.clone()),
            );
            assert_eq!(r, IoctlOutcome::Pending, "{profile} {code:?}");
            assert_eq!(out, [0xa5; 8]);
            assert_eq!(ov.internal(), NtStatus::STATUS_NOT_SUPPORTED);
            assert_eq!(ov.internal_high(), 0);
            assert_eq!(
                st.wsa_wait_for_multiple_events(&[ev], false, 0, false),
                if profile == "windows" {
                    WAIT_OBJECT_0
                } else {
                    WAIT_TIMEOUT
                },
                "{profile} {code:?}"
            );
            let q = st
                .get_queued_completion_status(port, 0)
                .expect("the packet either way");
            assert!(q.overlapped.unwrap().same(&ov));
            assert_eq!(q.error, Win32Error::ERROR_NOT_SUPPORTED);
            // The status is final: WSAGetOverlappedResult maps it (observed-windows.md).
            assert_eq!(
                st.wsa_get_overlapped_result(s, &ov, false),
                Err(WsaError::WSAEOPNOTSUPP)
            );
        }
        let ev = st.wsa_create_event().unwrap();
        let (r, _) = call_with(
            &st,
            s,
            FIONREAD,
            None,
            Some(4),
            Completion::Overlapped(Overlapped::with_event(ev)),
        );
        assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
        assert_eq!(
            st.event_is_set(ev),
            Some(true),
            "{profile}: a success signals it"
        );
    }
}

/// SIO_BASE_HANDLE with a 7-byte output. Windows: WSAEFAULT, nothing written (spec/003,
/// SIO_BASE_HANDLE: output shorter than a SOCKET). Wine 8.0: success, the handle's first 7
/// bytes, `*lpcbBytesReturned` = 8 (observed, `base-handle` step 18).
#[test]
fn base_handle_short_output_is_truncated_only_under_wine() {
    for profile in ["windows", "wine"] {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let (r, out) = call(&st, s, SIO_BASE_HANDLE, None, Some(7));
        if profile == "windows" {
            assert_eq!(r.error(), WsaError::WSAEFAULT);
            assert_eq!(out, [0xa5; 7]);
        } else {
            assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
            assert_eq!(out, s.0.to_le_bytes()[..7]);
        }
        // A full SOCKET and a NULL output answer alike under both (spec/003; Wine crashes on
        // NULL: base-handle-null-output.toml).
        let (r, out) = call(&st, s, SIO_BASE_HANDLE, None, Some(8));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 8 });
        assert_eq!(out, s.0.to_le_bytes());
        assert_eq!(
            call(&st, s, SIO_BASE_HANDLE, None, None).0.error(),
            WsaError::WSAEFAULT
        );
    }
}

/// docs/wine-divergences.md #16–#17: `Internal` while an overlapped SIO_ADDRESS_LIST_CHANGE
/// pends. Windows writes STATUS_PENDING at once and WSAGetOverlappedResult(fWait FALSE) answers
/// WSA_IO_INCOMPLETE (spec/observed-windows.md, "the three overlapped behaviours"; W
/// `test_keepalive_vals` shows Windows writing it). Wine 8.0 leaves `Internal` as the caller set
/// it and reads that value as a final status (observed: 0xdeadbeef → WSAEINVAL, a zeroed
/// OVERLAPPED → success with 0 bytes). Closing the socket writes the final status under both.
#[test]
fn pending_internal_and_get_overlapped_result_per_profile() {
    for profile in ["windows", "wine"] {
        let st = stack_with(Host::default_host(), profile);
        for preset in [DEADBEEF, 0] {
            let s = tcp(&st);
            let ov = Overlapped::new();
            ov.set_status(NtStatus(preset), preset.into());
            let (r, _) = call_with(
                &st,
                s,
                SIO_ADDRESS_LIST_CHANGE,
                None,
                None,
                Completion::Overlapped(ov.clone()),
            );
            assert_eq!(r, IoctlOutcome::Pending, "{profile}");
            let got = st.wsa_get_overlapped_result(s, &ov, false);
            if profile == "windows" {
                assert_eq!(ov.internal(), NtStatus::STATUS_PENDING);
                assert_eq!(got, Err(WsaError::WSA_IO_INCOMPLETE));
            } else {
                assert_eq!(ov.internal(), NtStatus(preset), "Internal untouched");
                let want = if preset == 0 {
                    Ok((0, 0))
                } else {
                    Err(WsaError::WSAEINVAL)
                };
                assert_eq!(got, want, "{preset:#x}");
            }
            st.closesocket(s).unwrap();
            assert_eq!(ov.internal(), NtStatus::STATUS_CANCELLED, "{profile}");
        }
    }
}
