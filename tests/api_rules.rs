//! The rules the API layer (`ws2::Ws2`) applies to every control code before and after any
//! provider sees the call (spec/observed-windows.md, "Argument rules that apply to every control
//! code"; docs/windows-facts.md "Argument-check order"), checked over the emulated provider and,
//! with feature `mock`, over a scripted `MockProvider`.

mod common;

use std::sync::{Arc, Barrier, Mutex};
use std::thread;

use common::emu::*;
use wsaioctl::api::{
    Completion, IoctlArgs, IoctlOutcome, Overlapped, Socket, WAIT_TIMEOUT, WSA_FLAG_OVERLAPPED,
    Winsock, fd,
};
use wsaioctl::ioctl::*;
use wsaioctl::{ControlCode, NtStatus, Win32Error, WsaError};

/// Every mode of W's tests: plain, OVERLAPPED with an event, OVERLAPPED on a completion port,
/// completion routine. (The port association is made by the caller when needed.)
fn modes(st: &Stack) -> Vec<(&'static str, Completion)> {
    let ev = st.wsa_create_event().unwrap();
    vec![
        ("plain", Completion::None),
        ("event", Completion::Overlapped(Overlapped::with_event(ev))),
        ("port", Completion::Overlapped(Overlapped::new())),
        (
            "routine",
            Completion::Routine(Overlapped::new(), Arc::new(|_, _, _, _| {})),
        ),
    ]
}

fn null_size(s: Socket, code: ControlCode, completion: Completion) -> IoctlArgs<'static> {
    IoctlArgs {
        socket: s,
        code,
        bytes_returned_null: true,
        completion,
        ..Default::default()
    }
}

/// observed: "`lpcbBytesReturned == NULL` fails with WSAEFAULT for every code, in every mode …
/// before everything else that was tried, including 'unknown code'"; windows-facts (Wine's
/// implementation checks it first, before the socket): before WSAENOTSOCK too. No completion
/// follows.
#[test]
fn null_size_pointer_is_efault_before_enotsock_and_unknown_code() {
    let st = stack();
    let s = tcp(&st);
    let port = st.create_io_completion_port(Some(s), None, 123).unwrap();
    let closed = tcp(&st);
    st.closesocket(closed).unwrap();
    for (mode, c) in modes(&st) {
        for (sock, code) in [
            (s, ControlCode(0xdead_beef)),
            (s, FIONREAD),
            (s, SIO_GET_INTERFACE_LIST),
            (s, SIO_ADDRESS_LIST_CHANGE),
            (closed, FIONREAD),
            (Socket(0x7777_0000), ControlCode(0xdead_beef)),
            (Socket::INVALID, SIO_BASE_HANDLE),
        ] {
            let r = st.wsa_ioctl_args(null_size(sock, code, c.clone()));
            assert_eq!(
                r,
                failed(WsaError::WSAEFAULT, None),
                "{mode} {sock:?} {code:?}"
            );
            assert_eq!(st.wsa_get_last_error(), WsaError::WSAEFAULT);
        }
        if let Some(ov) = c.overlapped() {
            assert_eq!(ov.internal(), NtStatus::STATUS_SUCCESS, "{mode}: untouched");
        }
    }
    assert_eq!(
        st.get_queued_completion_status(port, 0).unwrap_err(),
        Win32Error::WAIT_TIMEOUT
    );
    assert_eq!(st.sleep_ex(0, true), 0, "no routine queued");
    assert_eq!(st.request_counts(), (0, 0));
}

/// spec/001 WSAIoctl: "WSAENOTSOCK — The descriptor s is not a socket": a closed socket, a value
/// never handed out, INVALID_SOCKET; in every mode, `size` untouched, no completion.
#[test]
fn closed_or_unknown_socket_is_enotsock_in_every_mode() {
    let st = stack();
    let closed = tcp(&st);
    st.closesocket(closed).unwrap();
    for (mode, c) in modes(&st) {
        for sock in [closed, Socket(0x7777_0000), Socket::INVALID, Socket(0)] {
            let (r, _) = call_with(&st, sock, FIONREAD, None, Some(4), c.clone());
            assert_eq!(r, failed(WsaError::WSAENOTSOCK, None), "{mode} {sock:?}");
            assert_eq!(st.wsa_get_last_error(), WsaError::WSAENOTSOCK);
        }
    }
    assert_eq!(st.closesocket(closed), Err(WsaError::WSAENOTSOCK));
    assert_eq!(st.request_counts(), (0, 0));
}

/// observed: "A successful call sets the thread's last error to 0"; `WSAGetLastError` is per
/// thread: two threads see their own errors.
#[test]
fn last_error_is_per_thread_and_success_clears_it() {
    let st = Arc::new(stack());
    let s = tcp(&st);
    let barrier = Arc::new(Barrier::new(2));
    let (st2, b2) = (st.clone(), barrier.clone());
    let other = thread::spawn(move || {
        let (r, _) = call(&st2, Socket(0x7777_0000), FIONREAD, None, Some(4));
        assert_eq!(r.error(), WsaError::WSAENOTSOCK);
        b2.wait(); // main thread now succeeds
        b2.wait(); // main thread has checked its own error
        st2.wsa_get_last_error()
    });
    let (r, _) = call(&st, s, SIO_FLUSH, None, None);
    assert_eq!(r.error(), WsaError::WSAEOPNOTSUPP);
    barrier.wait();
    assert_eq!(st.wsa_get_last_error(), WsaError::WSAEOPNOTSUPP);
    let (r, _) = call(&st, s, FIONREAD, None, Some(4));
    assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    assert_eq!(
        st.wsa_get_last_error(),
        WsaError::NO_ERROR,
        "success sets 0"
    );
    barrier.wait();
    assert_eq!(
        other.join().unwrap(),
        WsaError::WSAENOTSOCK,
        "its own error"
    );
    st.wsa_set_last_error(WsaError::WSAEINTR);
    assert_eq!(st.wsa_get_last_error(), WsaError::WSAEINTR);
    let (r, _) = call(&st, s, FIONBIO, Some(&u32_bytes(1)), None);
    assert_eq!(r.ret(), 0);
    assert_eq!(st.wsa_get_last_error(), WsaError::NO_ERROR);
}

/// spec/000, spec/003 FIONBIO ("WSAAsyncSelect or WSAEventSelect … automatically sets a socket to
/// nonblocking mode … any attempt to use ioctlsocket to set the socket back to blocking mode will
/// fail with WSAEINVAL"); W `test_fionbio`: FIONBIO 1 after WSAEventSelect succeeds, FIONBIO 0 →
/// -1, WSAEINVAL, and Windows sets `size` to 0 (todo_wine). After deregistering (mask 0) it
/// succeeds. windows-facts: Wine answers WSAEINVAL for WSAAsyncSelect too (one mask for both).
#[test]
fn fionbio_back_to_blocking_with_select_registered_is_einval() {
    let st = stack();
    let s = tcp(&st);
    let ev = st.wsa_create_event().unwrap();
    st.wsa_event_select(s, Some(ev), fd::READ).unwrap();
    let (r, _) = call(&st, s, FIONBIO, Some(&u32_bytes(1)), None);
    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
    let (r, _) = call(&st, s, FIONBIO, Some(&u32_bytes(0)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
    assert_eq!(st.ioctlsocket(s, FIONBIO, &mut 0), Err(WsaError::WSAEINVAL));
    st.wsa_event_select(s, None, 0).unwrap();
    let (r, _) = call(&st, s, FIONBIO, Some(&u32_bytes(0)), None);
    assert_eq!(
        r,
        IoctlOutcome::Completed { bytes: 0 },
        "after deregistering"
    );

    let a = tcp(&st);
    st.wsa_async_select(a, 0x1234, 0x401, fd::READ | fd::CLOSE)
        .unwrap();
    let (r, _) = call(&st, a, FIONBIO, Some(&u32_bytes(0)), None);
    assert_eq!(r, failed(WsaError::WSAEINVAL, Some(0)));
    st.wsa_async_select(a, 0x1234, 0x401, 0).unwrap();
    assert_eq!(st.ioctlsocket(a, FIONBIO, &mut 0), Ok(()));
}

/// The select registration really made the socket nonblocking (spec/000 FIONBIO: "automatically
/// sets a socket to nonblocking mode"): SIO_ADDRESS_LIST_CHANGE answers WSAEWOULDBLOCK.
#[test]
fn event_select_makes_the_socket_nonblocking() {
    let st = stack();
    let s = tcp(&st);
    let ev = st.wsa_create_event().unwrap();
    st.wsa_event_select(s, Some(ev), fd::ADDRESS_LIST_CHANGE)
        .unwrap();
    let (r, _) = call(&st, s, SIO_ADDRESS_LIST_CHANGE, None, None);
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
}

/// winsock.h `ioctlsocket(s, cmd, u_long *argp)`: the value goes both ways (FIONREAD, SIOCATMARK
/// out; FIONBIO in). An unknown code is WSAEOPNOTSUPP (windows-facts: Wine and ReactOS implement
/// ioctlsocket as WSAIoctl with 4-byte buffers [inferred]); a closed socket WSAENOTSOCK.
#[test]
fn ioctlsocket_passes_one_u_long_both_ways() {
    let st = stack();
    let (c, a) = tcp_pair(&st, 6000);
    st.send(c, b"abc", 0).unwrap();
    let mut v = DEADBEEF;
    st.ioctlsocket(a, FIONREAD, &mut v).unwrap();
    assert_eq!(v, 3);
    st.ioctlsocket(a, SIOCATMARK, &mut v).unwrap();
    assert_eq!(v, 1);
    let mut nb = 1;
    st.ioctlsocket(a, FIONBIO, &mut nb).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(st.recv(a, &mut buf, 0), Ok(3));
    assert_eq!(st.recv(a, &mut buf, 0), Err(WsaError::WSAEWOULDBLOCK));
    let mut x = 5;
    assert_eq!(
        st.ioctlsocket(a, ControlCode(0xdead_beef), &mut x),
        Err(WsaError::WSAEOPNOTSUPP)
    );
    assert_eq!(x, 5, "argp untouched on failure");
    assert_eq!(st.wsa_get_last_error(), WsaError::WSAEOPNOTSUPP);
    st.closesocket(a).unwrap();
    assert_eq!(
        st.ioctlsocket(a, FIONREAD, &mut x),
        Err(WsaError::WSAENOTSOCK)
    );
}

/// spec/001: lpOverlapped and lpCompletionRoutine are "ignored for non-overlapped sockets" — a
/// socket created without WSA_FLAG_OVERLAPPED: no completion, the OVERLAPPED untouched, unknown
/// codes fail at once (WSAEOPNOTSUPP, `size` 0) instead of pending, and the *_CHANGE codes
/// follow the non-overlapped rules (nonblocking → WSAEWOULDBLOCK). Such a socket cannot be
/// associated with a completion port (CreateIoCompletionPort reference: the handle "has to have
/// been opened for overlapped I/O"; Wine 8.0 answers ERROR_INVALID_PARAMETER), with a new port
/// or an existing one.
#[test]
fn socket_without_overlapped_flag_ignores_the_overlapped() {
    let st = stack();
    let s = st.wsa_socket(AF_INET, STREAM, TCP, 0).unwrap();
    assert_eq!(
        st.create_io_completion_port(Some(s), None, 123),
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    );
    let port = st.create_io_completion_port(None, None, 0).unwrap();
    assert_eq!(
        st.create_io_completion_port(Some(s), Some(port), 123),
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    );
    let ev = st.wsa_create_event().unwrap();
    let ov = Overlapped::with_event(ev);
    ov.set_status(NtStatus(DEADBEEF), 7);
    let ran = Arc::new(Mutex::new(0));
    let ran2 = ran.clone();
    let routine = Completion::Routine(
        ov.clone(),
        Arc::new(move |_, _, _, _| *ran2.lock().unwrap() += 1),
    );
    for c in [Completion::Overlapped(ov.clone()), routine] {
        let (r, _) = call_with(&st, s, FIONREAD, None, Some(4), c.clone());
        assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
        let (r, _) = call_with(&st, s, ControlCode(0xdead_beef), None, None, c.clone());
        assert_eq!(r, failed(WsaError::WSAEOPNOTSUPP, Some(0)));
        let (r, _) = call_with(&st, s, SIO_GET_INTERFACE_LIST, None, Some(4096), c);
        assert_eq!(r, IoctlOutcome::Completed { bytes: 152 });
    }
    st.ioctlsocket(s, FIONBIO, &mut 1).unwrap();
    let (r, _) = call_with(
        &st,
        s,
        SIO_ADDRESS_LIST_CHANGE,
        None,
        None,
        Completion::Overlapped(ov.clone()),
    );
    assert_eq!(r, failed(WsaError::WSAEWOULDBLOCK, None));
    assert_eq!((ov.internal(), ov.internal_high()), (NtStatus(DEADBEEF), 7));
    assert_eq!(
        st.wsa_wait_for_multiple_events(&[ev], false, 0, false),
        WAIT_TIMEOUT
    );
    assert_eq!(
        st.get_queued_completion_status(port, 0).unwrap_err(),
        Win32Error::WAIT_TIMEOUT
    );
    assert_eq!(st.sleep_ex(0, true), 0);
    assert_eq!(*ran.lock().unwrap(), 0);
    assert_eq!(st.request_counts(), (0, 0));
    // The same call on an overlapped socket pends (the flag is what differs).
    let o = st
        .wsa_socket(AF_INET, STREAM, TCP, WSA_FLAG_OVERLAPPED)
        .unwrap();
    let (r, _) = call_with(
        &st,
        o,
        ControlCode(0xdead_beef),
        None,
        None,
        Completion::Overlapped(Overlapped::new()),
    );
    assert_eq!(r, IoctlOutcome::Pending);
}

/// api.rs contract ("overlapped operations complete exactly once"): several threads issuing
/// calls at once on their own and on a shared socket — FIONBIO toggles, queries, overlapped
/// changes cancelled or completed by host mutations — leave the stack consistent: every request
/// completed exactly once, none in flight, every thread's last error its own.
#[test]
fn concurrent_calls_leave_state_consistent() {
    const THREADS: usize = 4;
    const ROUNDS: u32 = 100;
    let st = Arc::new(stack());
    let shared = tcp(&st);
    let completions = Arc::new(Mutex::new(0u64));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (st, completions) = (st.clone(), completions.clone());
            thread::spawn(move || {
                let own = tcp(&st);
                let mut issued = 0u64;
                for i in 0..ROUNDS {
                    let v = (i + t as u32) % 2;
                    let (r, _) = call(&st, own, FIONBIO, Some(&u32_bytes(v)), None);
                    assert_eq!(r, IoctlOutcome::Completed { bytes: 0 });
                    let (r, _) = call(&st, shared, SIO_ADDRESS_LIST_QUERY, None, Some(256));
                    assert!(matches!(r, IoctlOutcome::Completed { .. }), "{r:?}");
                    let c2 = completions.clone();
                    let ov = Overlapped::new();
                    let (r, _) = call_with(
                        &st,
                        shared,
                        SIO_ADDRESS_LIST_CHANGE,
                        None,
                        None,
                        Completion::Routine(
                            ov.clone(),
                            Arc::new(move |_, _, _, _| *c2.lock().unwrap() += 1),
                        ),
                    );
                    assert_eq!(r, IoctlOutcome::Pending);
                    issued += 1;
                    if i % 3 == 0 {
                        let _ = st.cancel_io_ex(shared, Some(&ov));
                    } else if i % 3 == 1 {
                        let up = i % 2 == 0;
                        st.provider.mutate_host(|h| h.set_link_up(2, up)).unwrap();
                    }
                    let (r, _) = call(&st, Socket(0x7777_0000), FIONREAD, None, Some(4));
                    assert_eq!(r.error(), WsaError::WSAENOTSOCK);
                    assert_eq!(st.wsa_get_last_error(), WsaError::WSAENOTSOCK);
                    // Alertable: runs this thread's routines.
                    st.sleep_ex(0, true);
                }
                (issued, own)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let issued: u64 = results.iter().map(|r| r.0).sum();
    // Whatever is still pending is aborted by the close.
    st.closesocket(shared).unwrap();
    let (done, in_flight) = st.request_counts();
    assert_eq!((done, in_flight), (issued, 0));
    assert_eq!(st.socket_count(), THREADS);
    // Routines of requests aborted by the close are queued to threads that have exited; those
    // run for the threads that drained their queues: never more than issued.
    assert!(*completions.lock().unwrap() <= issued);
    for (_, own) in results {
        let (r, _) = call(&st, own, FIONREAD, None, Some(4));
        assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
    }
}

// =============================================================================================
// The rules hold over any provider: MockProvider (feature `mock`)
// =============================================================================================

#[cfg(feature = "mock")]
mod mock {
    use super::*;
    use wsaioctl::spi::{
        MockProvider, OverlappedIo, ProviderSocket, SOCKET_ERROR, SocketKind, UpcallTable,
    };
    use wsaioctl::ws2::Ws2;

    /// A Ws2 over a mock whose socket() answers one handle and whose startup() hands the upcall
    /// table to the test.
    fn mock_stack(mut m: MockProvider) -> (Ws2, Arc<Mutex<Option<UpcallTable>>>, Socket) {
        let table: Arc<Mutex<Option<UpcallTable>>> = Arc::default();
        let t2 = table.clone();
        m.expect_startup()
            .times(1)
            .returning(move |up| *t2.lock().unwrap() = Some(up));
        m.expect_socket().times(1).returning(|k: SocketKind| {
            assert_eq!((k.family, k.ty, k.protocol), (2, 1, 6));
            Ok(ProviderSocket(0x4000))
        });
        let ws2 = Ws2::new(Arc::new(m));
        let s = ws2.socket(2, 1, 6).unwrap();
        assert_eq!(s, Socket(0x4000));
        (ws2, table, s)
    }

    /// observed: the NULL size pointer is the API layer's rule — the provider never sees the
    /// call (mockall fails the test if `ioctl` is called more often than expected); WSAENOTSOCK
    /// likewise never reaches it. A scripted pending answer: WSA_IO_PENDING, `Internal` =
    /// STATUS_PENDING; the later `WPUCompleteOverlappedRequest` through the upcall table captured
    /// in `startup` completes it exactly once (spec/004; a second completion is refused).
    #[test]
    fn api_rules_hold_over_a_scripted_provider() {
        let mut m = MockProvider::new();
        let saved: Arc<Mutex<Option<OverlappedIo>>> = Arc::default();
        let s2 = saved.clone();
        m.expect_ioctl().times(1).returning(
            move |s, code, _inb, out, _bytes, ov, _thread, errno| {
                assert_eq!(s, ProviderSocket(0x4000));
                assert_eq!(code, ControlCode(0x1234_5678));
                assert_eq!(out.len(), 16);
                let io = ov.expect("overlapped call").clone();
                assert_eq!(io.out_capacity, 16);
                *s2.lock().unwrap() = Some(io);
                *errno = WsaError::WSA_IO_PENDING;
                SOCKET_ERROR
            },
        );
        let (ws2, table, s) = mock_stack(m);

        for c in [Completion::None, Completion::Overlapped(Overlapped::new())] {
            let r = ws2.wsa_ioctl_args(null_size(s, ControlCode(0x1234_5678), c));
            assert_eq!(r, failed(WsaError::WSAEFAULT, None));
        }
        let r = ws2.wsa_ioctl(
            Socket(0x8888),
            ControlCode(0x1234_5678),
            None,
            None,
            Completion::None,
        );
        assert_eq!(r, failed(WsaError::WSAENOTSOCK, None));

        let port = ws2.create_io_completion_port(Some(s), None, 77).unwrap();
        let ov = Overlapped::new();
        let mut out = [0u8; 16];
        let r = ws2.wsa_ioctl(
            s,
            ControlCode(0x1234_5678),
            None,
            Some(&mut out),
            Completion::Overlapped(ov.clone()),
        );
        assert_eq!(r, IoctlOutcome::Pending);
        assert_eq!(ws2.wsa_get_last_error(), WsaError::WSA_IO_PENDING);
        assert_eq!(ov.internal(), NtStatus::STATUS_PENDING);
        assert_eq!(ws2.request_counts(), (0, 1));
        assert_eq!(
            ws2.wsa_get_overlapped_result(s, &ov, false),
            Err(WsaError::WSA_IO_INCOMPLETE)
        );

        let io = saved.lock().unwrap().clone().unwrap();
        let up = table.lock().unwrap().clone().unwrap();
        // From another thread, as a provider's worker would.
        let io2 = io.clone();
        let up2 = up.clone();
        thread::spawn(move || {
            up2.complete_overlapped_request(&io2, WsaError::NO_ERROR, 4, &[1, 2, 3, 4, 5])
        })
        .join()
        .unwrap()
        .unwrap();
        assert_eq!(
            up.complete_overlapped_request(&io, WsaError::NO_ERROR, 4, &[]),
            Err(WsaError::WSAEINVAL),
            "exactly once"
        );
        let q = ws2.get_queued_completion_status(port, 0).unwrap();
        assert!(q.ok && q.bytes == 4 && q.key == 77);
        assert_eq!(
            (ov.internal(), ov.internal_high()),
            (NtStatus::STATUS_SUCCESS, 4)
        );
        assert_eq!(ov.output(), [1, 2, 3, 4, 5]);
        assert_eq!(ws2.wsa_get_overlapped_result(s, &ov, false), Ok((4, 0)));
        assert_eq!(ws2.request_counts(), (1, 0));
    }

    /// spi.rs contract 1: a provider that returns 0 for an overlapped call without completing
    /// it gets the 0-byte completion from the API layer (observed, "Completes at once");
    /// contract 3: SOCKET_ERROR with an error is a rejection — no completion, `size` as the
    /// provider wrote it; a contract breach (SOCKET_ERROR, errno 0) reads as WSAEINVAL.
    #[test]
    fn provider_answers_become_the_three_behaviours() {
        let mut m = MockProvider::new();
        let mut n = 0;
        m.expect_ioctl()
            .times(3)
            .returning(move |_, _, _, _, bytes, _, _, errno| {
                n += 1;
                match n {
                    1 => {
                        bytes.set(4);
                        0
                    }
                    2 => {
                        bytes.set(40);
                        *errno = WsaError::WSAEFAULT;
                        SOCKET_ERROR
                    }
                    _ => SOCKET_ERROR,
                }
            });
        let (ws2, _table, s) = mock_stack(m);
        let port = ws2.create_io_completion_port(Some(s), None, 5).unwrap();
        let ov = Overlapped::new();
        let c = Completion::Overlapped(ov.clone());
        let r = ws2.wsa_ioctl(s, FIONREAD, None, None, c.clone());
        assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
        let q = ws2.get_queued_completion_status(port, 0).unwrap();
        assert!(q.ok && q.bytes == 0 && q.key == 5);
        assert_eq!(
            (ov.internal(), ov.internal_high()),
            (NtStatus::STATUS_SUCCESS, 0)
        );
        let r = ws2.wsa_ioctl(s, FIONREAD, None, None, c.clone());
        assert_eq!(r, failed(WsaError::WSAEFAULT, Some(40)));
        let r = ws2.wsa_ioctl(s, FIONREAD, None, None, c);
        assert_eq!(r, failed(WsaError::WSAEINVAL, None));
        assert_eq!(
            ws2.get_queued_completion_status(port, 0).unwrap_err(),
            Win32Error::WAIT_TIMEOUT
        );
        assert_eq!(ws2.request_counts(), (1, 0));
    }
}
