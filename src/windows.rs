//! The native passthrough: [`Native`] implements [`Winsock`] by calling the real ws2_32.dll and
//! kernel32.dll (through windows-sys), so the same user code and scenarios run against the
//! emulated API layer ([`crate::ws2::Ws2`]) and against Windows — or Wine — itself.
//!
//! Nothing is decided here: every answer is the system's. This module only translates between
//! the crate's safe shapes and the C calls.
//!
//! # How an [`Overlapped`] becomes a real `OVERLAPPED`
//! [`Overlapped`] is a shared Rust handle (`Arc<Mutex<…>>`); the system needs a C `OVERLAPPED` at
//! a fixed address from the call until the completion has been delivered, and — when the call
//! pends — an output buffer that outlives the borrowed `&mut [u8]` of the safe call. So each
//! overlapped call gets a **slot**: a heap allocation holding the `OVERLAPPED` (`Offset`s,
//! `hEvent` and `InternalHigh` from the [`Overlapped`]), a copy of the input, the output buffer
//! (pre-filled with the caller's bytes, so "untouched" stays observable) and
//! `lpcbBytesReturned`. Slots live in one process-wide registry keyed by the `OVERLAPPED` address
//! (a completion routine's trampoline has no other context). This needs no change to
//! [`crate::api`]: [`Overlapped::addr`] names the structure and [`Overlapped::set_status`] /
//! [`Overlapped::set_output`] receive what the system wrote.
//!
//! **Unwritten.** The slot's `Internal` starts as a private marker (`0xE0A5_0103`) rather than the
//! application's value, because Windows and Wine differ in what they write while a call pends:
//! Windows sets `STATUS_PENDING` at once, Wine writes nothing until the final status (observed
//! here; windows-facts.md, SIO_KEEPALIVE_VALS). The marker tells "the system has not written yet"
//! apart from any real status — also from a final `STATUS_SUCCESS` equal to a zeroed structure —
//! and is never shown: while it is there the [`Overlapped`] keeps the application's own values,
//! exactly what the real structure would hold.
//!
//! The system's writes are mirrored into the [`Overlapped`] (`Internal`, `InternalHigh`, and the
//! first `InternalHigh` bytes of the output as [`Overlapped::output`]):
//! * right after the call returns (immediate success, failure, or a pending call);
//! * when a completion is observed: a completion routine's trampoline, a dequeued completion
//!   packet, [`Winsock::wsa_get_overlapped_result`], and after every wait
//!   ([`Winsock::wsa_wait_for_multiple_events`], [`Winsock::sleep_ex`],
//!   [`Winsock::get_queued_completion_status`]), which sweep the slots still pending.
//!
//! Between those calls the [`Overlapped`] shows the state of the last observation (the real
//! structure may have moved on; read it after a wait, as a Windows program would). Outputs that
//! hold pointers (SOCKET_ADDRESS_LIST) point into the slot's buffer for overlapped calls: parse
//! them with the buffer's address as base, as `wire::address_list::SocketAddressList::parse_at`
//! allows.
//!
//! A slot is freed only when no further system notification can name it: a call that completed
//! or failed before returning (with neither routine nor port); a completion whose routine has run;
//! a completion packet that has been dequeued; or, with neither routine nor port, 500 ms after
//! a sweep first saw the final status (the system writes `InternalHigh` and signals the event
//! after `Internal`). A slot whose notification never comes (e.g. a packet never dequeued) stays
//! allocated until the process ends — never freed early, so the system never writes freed memory.
//!
//! `*lpcbBytesReturned` "untouched" is detected with a sentinel ([`BYTES_SENTINEL`], as the Wine
//! conformance tests do); a successful call that leaves it untouched (Windows' overlapped
//! SIO_KEEPALIVE_VALS) reports the sentinel as its `bytes`.
//!
//! # Completion routines
//! The system calls a trampoline (an `extern "system"` function) with the `OVERLAPPED` pointer;
//! it finds the slot, mirrors the result, and calls the registered Rust routine with the
//! [`Overlapped`]. A panic in the routine is caught there (it must not unwind through the system's
//! frames) and resumed when the alertable wait that ran it returns.
#![allow(unsafe_code)]

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::ptr::{addr_of, addr_of_mut, null, null_mut};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{
    CloseHandle, GetLastError, HANDLE, INVALID_HANDLE_VALUE, SetLastError,
};
use windows_sys::Win32::Networking::WinSock as ws;
use windows_sys::Win32::System::IO::{
    CancelIo, CancelIoEx, CreateIoCompletionPort, GetQueuedCompletionStatus, OVERLAPPED,
    OVERLAPPED_0, OVERLAPPED_0_0, PostQueuedCompletionStatus,
};
use windows_sys::Win32::System::Threading::SleepEx;

use crate::api::{
    Completion, CompletionRoutine, Event, IoctlArgs, IoctlOutcome, Overlapped, Port,
    QueuedCompletion, Socket, Winsock,
};
use crate::code::ControlCode;
use crate::error::{NtStatus, Win32Error, WsaError};

/// The value `*lpcbBytesReturned` holds before every call: still there afterwards means
/// "untouched" ([`IoctlOutcome::Failed::bytes_returned`] = `None`).
pub const BYTES_SENTINEL: u32 = 0xDEAD_BEEF;

/// The `Internal` a slot starts with: a customer-defined error status no system writes, so the
/// first write — `STATUS_PENDING` (Windows) or the final status (Wine, which leaves `Internal`
/// alone while an operation is pending) — is visible. Never shown to the application.
const UNWRITTEN: u32 = 0xE0A5_0103;

/// How long an observation-only slot stays allocated after it was first seen complete.
const GRACE: Duration = Duration::from_millis(500);

/// Winsock 2.2, the version [`Native::new`] asks `WSAStartup` for.
const WINSOCK_2_2: u16 = 0x0202;

/// The real ws2_32.dll behind the [`Winsock`] trait. `WSAStartup` on creation, `WSACleanup` on
/// drop (both reference-counted by ws2_32, so several values may coexist).
///
/// ```
/// use wsaioctl::api::{Completion, IoctlOutcome, Winsock};
/// use wsaioctl::ioctl::FIONREAD;
/// use wsaioctl::windows::Native;
///
/// let ws = Native::new().unwrap();
/// let s = ws.socket(2, 1, 6).unwrap(); // AF_INET, SOCK_STREAM, IPPROTO_TCP
/// let mut out = [0u8; 4];
/// let r = ws.wsa_ioctl(s, FIONREAD, None, Some(&mut out), Completion::None);
/// assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
/// ws.closesocket(s).unwrap();
/// ```
#[derive(Debug)]
pub struct Native {
    description: String,
    version: u16,
}

impl Native {
    /// `WSAStartup(MAKEWORD(2, 2), &data)` — fails with the error `WSAStartup` returns.
    pub fn new() -> Result<Self, WsaError> {
        let mut data = ws::WSADATA::default();
        // SAFETY: `data` is a valid, writable WSADATA for the call's duration.
        let r = unsafe { ws::WSAStartup(WINSOCK_2_2, &mut data) };
        if r != 0 {
            return Err(WsaError(r));
        }
        let desc: Vec<u8> = data
            .szDescription
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        Ok(Self {
            description: String::from_utf8_lossy(&desc).into_owned(),
            version: data.wVersion,
        })
    }

    /// `WSADATA.szDescription` as `WSAStartup` reported it (e.g. `"WinSock 2.0"` on Wine).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// `WSADATA.wVersion` (`0x0202` for 2.2).
    pub fn version(&self) -> u16 {
        self.version
    }

    /// Overlapped requests whose slot is still allocated (issued and not yet observed complete,
    /// or awaiting a routine or a packet) — for tests and leak checks.
    pub fn slots_in_flight() -> usize {
        registry().slots.len()
    }

    /// True while the latest overlapped call made with `ov` still holds its slot (module docs:
    /// until a routine ran, a packet was dequeued, or 500 ms after an observed completion).
    pub fn holds_slot(ov: &Overlapped) -> bool {
        let reg = registry();
        reg.latest
            .get(&ov.addr())
            .is_some_and(|k| reg.slots.contains_key(k))
    }

    /// `WSAIoctl` with its exact C signature, straight into ws2_32 (no slot, no mirroring).
    ///
    /// # Safety
    /// As for the system call: every pointer NULL or valid for its stated use, and for a call
    /// that pends, `lpOverlapped` and `lpvOutBuffer` valid and untouched until the completion is
    /// delivered; `lpCompletionRoutine` safe to call with the completion's arguments.
    #[allow(clippy::too_many_arguments, non_snake_case)]
    pub unsafe fn wsa_ioctl_raw(
        &self,
        s: u64,
        dwIoControlCode: u32,
        lpvInBuffer: *const c_void,
        cbInBuffer: u32,
        lpvOutBuffer: *mut c_void,
        cbOutBuffer: u32,
        lpcbBytesReturned: *mut u32,
        lpOverlapped: *mut OVERLAPPED,
        lpCompletionRoutine: ws::LPWSAOVERLAPPED_COMPLETION_ROUTINE,
    ) -> i32 {
        // SAFETY: forwarded verbatim; the caller upholds the system call's contract.
        unsafe {
            ws::WSAIoctl(
                s as usize,
                dwIoControlCode,
                lpvInBuffer,
                cbInBuffer,
                lpvOutBuffer,
                cbOutBuffer,
                lpcbBytesReturned,
                lpOverlapped,
                lpCompletionRoutine,
            )
        }
    }

    /// `bind(s, addr)` — `addr` is a SOCKADDR in Windows layout.
    pub fn bind(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        // SAFETY: addr is readable for its length.
        check(unsafe { ws::bind(s.0 as usize, addr.as_ptr().cast(), len_i32(addr)) })
    }

    /// `listen(s, backlog)`.
    pub fn listen(&self, s: Socket, backlog: i32) -> Result<(), WsaError> {
        // SAFETY: plain values only.
        check(unsafe { ws::listen(s.0 as usize, backlog) })
    }

    /// `connect(s, addr)`.
    pub fn connect(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        // SAFETY: addr is readable for its length.
        check(unsafe { ws::connect(s.0 as usize, addr.as_ptr().cast(), len_i32(addr)) })
    }

    /// `accept(s, NULL, NULL)`.
    pub fn accept(&self, s: Socket) -> Result<Socket, WsaError> {
        // SAFETY: NULL address pointers are allowed.
        let a = unsafe { ws::accept(s.0 as usize, null_mut(), null_mut()) };
        if a == ws::INVALID_SOCKET {
            Err(last_wsa())
        } else {
            Ok(Socket(a as u64))
        }
    }

    /// `getsockname(s)` — the SOCKADDR bytes (Windows layout).
    pub fn getsockname(&self, s: Socket) -> Result<Vec<u8>, WsaError> {
        let mut buf = [0u8; 128];
        let mut len = buf.len() as i32;
        // SAFETY: buf is writable for `len` bytes; len is a valid in/out int.
        check(unsafe { ws::getsockname(s.0 as usize, buf.as_mut_ptr().cast(), &mut len) })?;
        Ok(buf[..len.clamp(0, 128) as usize].to_vec())
    }

    /// `send(s, data, flags)` (`MSG_OOB` = 1 sends urgent data).
    pub fn send(&self, s: Socket, data: &[u8], flags: i32) -> Result<usize, WsaError> {
        // SAFETY: data is readable for its length.
        let n = unsafe { ws::send(s.0 as usize, data.as_ptr(), len_i32(data), flags) };
        count(n)
    }

    /// `sendto(s, data, flags, addr)`.
    pub fn sendto(
        &self,
        s: Socket,
        data: &[u8],
        flags: i32,
        addr: &[u8],
    ) -> Result<usize, WsaError> {
        // SAFETY: data and addr are readable for their lengths.
        let n = unsafe {
            ws::sendto(
                s.0 as usize,
                data.as_ptr(),
                len_i32(data),
                flags,
                addr.as_ptr().cast(),
                len_i32(addr),
            )
        };
        count(n)
    }

    /// `recv(s, buf, flags)`.
    pub fn recv(&self, s: Socket, buf: &mut [u8], flags: i32) -> Result<usize, WsaError> {
        // SAFETY: buf is writable for its length.
        let n = unsafe { ws::recv(s.0 as usize, buf.as_mut_ptr(), len_i32(buf), flags) };
        count(n)
    }

    /// `setsockopt(s, level, name, value)`.
    pub fn setsockopt(
        &self,
        s: Socket,
        level: i32,
        name: i32,
        value: &[u8],
    ) -> Result<(), WsaError> {
        // SAFETY: value is readable for its length.
        check(unsafe { ws::setsockopt(s.0 as usize, level, name, value.as_ptr(), len_i32(value)) })
    }

    /// `shutdown(s, how)`.
    pub fn shutdown(&self, s: Socket, how: i32) -> Result<(), WsaError> {
        // SAFETY: plain values only.
        check(unsafe { ws::shutdown(s.0 as usize, how) })
    }

    /// `WSAEnumNetworkEvents(s, event, &ne)` — the recorded `FD_*` bits (resets `event` if given).
    pub fn wsa_enum_network_events(
        &self,
        s: Socket,
        event: Option<Event>,
    ) -> Result<i32, WsaError> {
        let mut ne = ws::WSANETWORKEVENTS::default();
        // SAFETY: ne is a valid, writable WSANETWORKEVENTS; the event is a plain handle value.
        check(unsafe { ws::WSAEnumNetworkEvents(s.0 as usize, wsa_event(event), &mut ne) })?;
        Ok(ne.lNetworkEvents)
    }

    /// The overlapped shape of `WSAIoctl`: a slot holds the OVERLAPPED and buffers.
    fn ioctl_overlapped(
        &self,
        args: IoctlArgs<'_>,
        ov: Overlapped,
        routine: Option<CompletionRoutine>,
    ) -> IoctlOutcome {
        let s = args.socket;
        let notify = if routine.is_some() {
            Notify::Apc
        } else if ov.h_event() & 1 == 0 && registry().ported.contains_key(&s.0) {
            Notify::Packet
        } else {
            Notify::Observed
        };
        let slot = Box::new(Slot {
            ov: OVERLAPPED {
                // Detects the system's first write (module docs, "Unwritten").
                Internal: UNWRITTEN as usize,
                ..native_overlapped(&ov)
            },
            bytes_returned: BYTES_SENTINEL,
            input: args.input.map(<[u8]>::to_vec),
            output: args.output.as_deref().map(<[u8]>::to_vec),
            overlapped: ov,
            routine,
            notify,
            busy: 1,
            retired: false,
            done_at: None,
        });
        let p: *mut Slot = Box::into_raw(slot);
        let key = ov_ptr(p) as usize;
        {
            let mut reg = registry();
            // SAFETY: p is live (just allocated); the overlapped handle is only read.
            let ov_addr = unsafe { (*p).overlapped.addr() };
            reg.slots.insert(key, SlotPtr(p));
            reg.latest.insert(ov_addr, key);
        }
        // SAFETY: p is live until retired and released (busy = 1 holds it). The buffers are
        // addressed through p without creating references the system could alias.
        let (in_ptr, in_len, out_ptr, out_len, bytes_ptr) = unsafe {
            let (in_ptr, in_len) = match &(*p).input {
                Some(v) => (v.as_ptr(), v.len() as u32),
                None => (null(), args.null_input_len),
            };
            let (out_ptr, out_len) = match &mut (*p).output {
                Some(v) => (v.as_mut_ptr(), v.len() as u32),
                None => (null_mut(), args.null_output_len),
            };
            let bytes_ptr = if args.bytes_returned_null {
                null_mut()
            } else {
                addr_of_mut!((*p).bytes_returned)
            };
            (in_ptr, in_len, out_ptr, out_len, bytes_ptr)
        };
        // SAFETY: p is live, so is the routine flag read through it.
        let has_routine = unsafe { (*p).notify == Notify::Apc };
        // SAFETY: every pointer is NULL or points into the slot, which stays allocated until the
        // system can no longer write it (see the module docs); the trampoline is a valid
        // completion routine for any OVERLAPPED.
        let ret = unsafe {
            ws::WSAIoctl(
                s.0 as usize,
                args.code.0,
                in_ptr.cast(),
                in_len,
                out_ptr.cast(),
                out_len,
                bytes_ptr,
                ov_ptr(p),
                if has_routine { Some(trampoline) } else { None },
            )
        };
        // SAFETY: WSAGetLastError has no preconditions.
        let err = WsaError(unsafe { ws::WSAGetLastError() });

        let mut reg = registry();
        let outcome = if ret == 0 {
            // SAFETY: p is held (busy); the call completed, the system has written what it will.
            let bytes = unsafe { (*p).bytes_returned };
            IoctlOutcome::Completed { bytes }
        } else if err == WsaError::WSA_IO_PENDING {
            IoctlOutcome::Pending
        } else {
            // SAFETY: as above.
            let b = unsafe { (*p).bytes_returned };
            IoctlOutcome::Failed {
                error: err,
                bytes_returned: (b != BYTES_SENTINEL).then_some(b),
            }
        };
        if !matches!(outcome, IoctlOutcome::Pending) {
            // The operation is over (an immediate completion or a failure): hand the output back.
            if let Some(out) = args.output {
                // SAFETY: p is held; the system no longer writes the buffer.
                if let Some(v) = unsafe { &(*p).output } {
                    out.copy_from_slice(v);
                }
            }
        }
        // SAFETY: p is held.
        unsafe { mirror(p, matches!(outcome, IoctlOutcome::Completed { .. })) };
        let retire = match outcome {
            IoctlOutcome::Failed { .. } => true,
            // SAFETY: p is held.
            IoctlOutcome::Completed { .. } => unsafe { (*p).notify == Notify::Observed },
            IoctlOutcome::Pending => false,
        };
        if retire {
            reg.retire(key);
        }
        reg.release(key);
        drop(reg);
        restore_last_error(err);
        outcome
    }

    /// Mirrors every slot the system has completed since the last look; frees the ones nothing
    /// else will name (no routine, no packet).
    fn sweep(&self) {
        let mut reg = registry();
        let keys: Vec<usize> = reg.slots.keys().copied().collect();
        for key in keys {
            let p = reg.slots[&key].0;
            // SAFETY: p is registered, hence live; Internal is read volatile (the system may be
            // writing the structure).
            let done = unsafe { is_done(p) };
            // SAFETY: as above.
            let notify = unsafe { (*p).notify };
            if done && notify != Notify::Posted {
                // SAFETY: p is live and complete.
                unsafe { mirror(p, true) };
                if notify == Notify::Observed {
                    reg.observed_done(key);
                }
            }
        }
    }
}

impl Drop for Native {
    /// `WSACleanup()`. Slots still in flight stay allocated (module docs).
    fn drop(&mut self) {
        // SAFETY: balanced with the WSAStartup of `new`.
        unsafe { ws::WSACleanup() };
    }
}

impl Winsock for Native {
    fn wsa_socket(
        &self,
        family: u16,
        ty: i32,
        protocol: i32,
        flags: u32,
    ) -> Result<Socket, WsaError> {
        // SAFETY: a NULL protocol-info pointer is allowed.
        let s = unsafe { ws::WSASocketW(family.into(), ty, protocol, null(), 0, flags) };
        if s == ws::INVALID_SOCKET {
            Err(last_wsa())
        } else {
            Ok(Socket(s as u64))
        }
    }

    fn closesocket(&self, s: Socket) -> Result<(), WsaError> {
        // SAFETY: plain value; closing an unknown socket is an error, not UB.
        let r = check(unsafe { ws::closesocket(s.0 as usize) });
        if r.is_ok() {
            registry().ported.remove(&s.0);
        }
        r
    }

    fn wsa_ioctl_args(&self, args: IoctlArgs<'_>) -> IoctlOutcome {
        match args.completion.clone() {
            Completion::Overlapped(ov) => return self.ioctl_overlapped(args, ov, None),
            Completion::Routine(ov, f) => return self.ioctl_overlapped(args, ov, Some(f)),
            Completion::None => {}
        }
        let (in_ptr, in_len) = match args.input {
            Some(d) => (d.as_ptr(), d.len() as u32),
            None => (null(), args.null_input_len),
        };
        let out_len = args
            .output
            .as_deref()
            .map_or(args.null_output_len, |d| d.len() as u32);
        let out_ptr = args.output.map_or(null_mut(), |d| d.as_mut_ptr());
        let mut bytes = BYTES_SENTINEL;
        let bytes_ptr: *mut u32 = if args.bytes_returned_null {
            null_mut()
        } else {
            &mut bytes
        };
        // SAFETY: the buffers are NULL or borrowed for the call, which is synchronous (no
        // OVERLAPPED); bytes_ptr is NULL or a local.
        let ret = unsafe {
            ws::WSAIoctl(
                args.socket.0 as usize,
                args.code.0,
                in_ptr.cast(),
                in_len,
                out_ptr.cast(),
                out_len,
                bytes_ptr,
                null_mut(),
                None,
            )
        };
        if ret == 0 {
            IoctlOutcome::Completed { bytes }
        } else {
            // SAFETY: no preconditions.
            let error = WsaError(unsafe { ws::WSAGetLastError() });
            if error == WsaError::WSA_IO_PENDING {
                IoctlOutcome::Pending
            } else {
                IoctlOutcome::Failed {
                    error,
                    bytes_returned: (bytes != BYTES_SENTINEL).then_some(bytes),
                }
            }
        }
    }

    fn ioctlsocket(&self, s: Socket, cmd: ControlCode, argp: &mut u32) -> Result<(), WsaError> {
        // SAFETY: argp is a valid, writable u_long.
        check(unsafe { ws::ioctlsocket(s.0 as usize, cmd.0 as i32, argp) })
    }

    fn wsa_get_last_error(&self) -> WsaError {
        // SAFETY: no preconditions.
        WsaError(unsafe { ws::WSAGetLastError() })
    }

    fn wsa_set_last_error(&self, e: WsaError) {
        // SAFETY: no preconditions.
        unsafe { ws::WSASetLastError(e.0) }
    }

    fn wsa_create_event(&self) -> Result<Event, WsaError> {
        // SAFETY: no preconditions.
        let h = unsafe { ws::WSACreateEvent() };
        if h == ws::WSA_INVALID_EVENT {
            Err(last_wsa())
        } else {
            Ok(Event(h as usize as u64))
        }
    }

    fn wsa_set_event(&self, e: Event) -> Result<(), WsaError> {
        // SAFETY: a handle value; a bad one is an error, not UB.
        check_bool(unsafe { ws::WSASetEvent(wsa_event(Some(e))) })
    }

    fn wsa_reset_event(&self, e: Event) -> Result<(), WsaError> {
        // SAFETY: as for wsa_set_event.
        check_bool(unsafe { ws::WSAResetEvent(wsa_event(Some(e))) })
    }

    fn wsa_close_event(&self, e: Event) -> Result<(), WsaError> {
        // SAFETY: as for wsa_set_event.
        check_bool(unsafe { ws::WSACloseEvent(wsa_event(Some(e))) })
    }

    fn wsa_wait_for_multiple_events(
        &self,
        events: &[Event],
        wait_all: bool,
        timeout_ms: u32,
        alertable: bool,
    ) -> u32 {
        let hs: Vec<HANDLE> = events.iter().map(|e| event_handle(Some(*e))).collect();
        // SAFETY: hs holds events.len() handles for the call's duration.
        let r = unsafe {
            ws::WSAWaitForMultipleEvents(
                hs.len() as u32,
                hs.as_ptr(),
                wait_all.into(),
                timeout_ms,
                alertable.into(),
            )
        };
        let err = self.wsa_get_last_error();
        self.sweep();
        restore_last_error(err);
        rethrow_routine_panic();
        r
    }

    fn sleep_ex(&self, ms: u32, alertable: bool) -> u32 {
        // SAFETY: no preconditions.
        let r = unsafe { SleepEx(ms, alertable.into()) };
        self.sweep();
        rethrow_routine_panic();
        r
    }

    fn wsa_event_select(&self, s: Socket, event: Option<Event>, mask: i32) -> Result<(), WsaError> {
        // SAFETY: plain values.
        check(unsafe { ws::WSAEventSelect(s.0 as usize, wsa_event(event), mask) })
    }

    fn create_io_completion_port(
        &self,
        s: Option<Socket>,
        existing: Option<Port>,
        key: u64,
    ) -> Result<Port, Win32Error> {
        let file = s.map_or(INVALID_HANDLE_VALUE, |s| s.0 as usize as HANDLE);
        let existing = existing.map_or(null_mut(), |p| p.0 as usize as HANDLE);
        // SAFETY: handle values only.
        let h = unsafe { CreateIoCompletionPort(file, existing, key as usize, 0) };
        if h.is_null() {
            return Err(last_win32());
        }
        if let Some(s) = s {
            registry().ported.insert(s.0, ());
        }
        Ok(Port(h as usize as u64))
    }

    fn get_queued_completion_status(
        &self,
        port: Port,
        timeout_ms: u32,
    ) -> Result<QueuedCompletion, Win32Error> {
        let mut bytes = 0u32;
        let mut key = 0usize;
        let mut ovp: *mut OVERLAPPED = null_mut();
        // SAFETY: the out-pointers are locals.
        let ok = unsafe {
            GetQueuedCompletionStatus(
                port.0 as usize as HANDLE,
                &mut bytes,
                &mut key,
                &mut ovp,
                timeout_ms,
            )
        } != 0;
        let error = if ok {
            Win32Error::ERROR_SUCCESS
        } else {
            last_win32()
        };
        let overlapped = if ovp.is_null() {
            None
        } else {
            let mut reg = registry();
            let k = ovp as usize;
            let found = reg.slots.get(&k).map(|sp| sp.0);
            found.map(|p| {
                // SAFETY: p is registered, hence live; its completion has been delivered (the
                // packet is out), so the system no longer writes it.
                let ov = unsafe {
                    if (*p).notify != Notify::Posted {
                        mirror(p, true);
                    }
                    (*p).overlapped.clone()
                };
                reg.retire(k);
                ov
            })
        };
        self.sweep();
        if !ok && ovp.is_null() {
            restore_last_error(WsaError(error.0 as i32));
            return Err(error);
        }
        restore_last_error(WsaError(error.0 as i32));
        Ok(QueuedCompletion {
            ok,
            bytes,
            key: key as u64,
            overlapped,
            error,
        })
    }

    fn post_queued_completion_status(
        &self,
        port: Port,
        bytes: u32,
        key: u64,
        overlapped: Option<Overlapped>,
    ) -> Result<(), Win32Error> {
        let (p, k) = match overlapped {
            None => (null_mut(), None),
            Some(ov) => {
                let slot = Box::new(Slot {
                    ov: OVERLAPPED::default(),
                    bytes_returned: BYTES_SENTINEL,
                    input: None,
                    output: None,
                    overlapped: ov,
                    routine: None,
                    notify: Notify::Posted,
                    busy: 1,
                    retired: false,
                    done_at: None,
                });
                let p = Box::into_raw(slot);
                let k = ov_ptr(p) as usize;
                registry().slots.insert(k, SlotPtr(p));
                (ov_ptr(p), Some(k))
            }
        };
        // SAFETY: p is NULL or a registered slot's OVERLAPPED, which the system does not
        // dereference for a posted packet.
        let ok = unsafe {
            PostQueuedCompletionStatus(port.0 as usize as HANDLE, bytes, key as usize, p)
        };
        let err = if ok == 0 { Some(last_win32()) } else { None };
        if let Some(k) = k {
            let mut reg = registry();
            if err.is_some() {
                reg.retire(k);
            }
            reg.release(k);
        }
        err.map_or(Ok(()), Err)
    }

    fn close_port(&self, port: Port) -> Result<(), Win32Error> {
        // SAFETY: a handle value; a bad one is an error, not UB.
        if unsafe { CloseHandle(port.0 as usize as HANDLE) } == 0 {
            Err(last_win32())
        } else {
            Ok(())
        }
    }

    fn wsa_get_overlapped_result(
        &self,
        s: Socket,
        ov: &Overlapped,
        wait: bool,
    ) -> Result<(u32, u32), WsaError> {
        let held = registry().hold_latest(ov);
        // Not issued through this backend, already observed, or not yet written by the system
        // (Wine leaves Internal alone while pending): the call reads the structure's state as the
        // application sees it, as the system would.
        let mut scratch = native_overlapped(ov);
        let ovp = match held {
            // SAFETY: p is held.
            Some((_, p)) if unsafe { read_internal(p) } != NtStatus(UNWRITTEN) => ov_ptr(p),
            _ => addr_of_mut!(scratch),
        };
        let mut bytes = 0u32;
        let mut flags = 0u32;
        // SAFETY: ovp is a held slot's OVERLAPPED (busy keeps it allocated) or a local; the
        // out-pointers are locals.
        let ok = unsafe {
            ws::WSAGetOverlappedResult(s.0 as usize, ovp, &mut bytes, wait.into(), &mut flags)
        } != 0;
        let err = self.wsa_get_last_error();
        if let Some((key, p)) = held {
            let mut reg = registry();
            // SAFETY: p is held.
            if unsafe { is_done(p) } {
                // SAFETY: p is held and complete.
                unsafe { mirror(p, true) };
                // SAFETY: p is held.
                if unsafe { (*p).notify == Notify::Observed } {
                    reg.observed_done(key);
                }
            }
            reg.release(key);
        }
        restore_last_error(err);
        if ok { Ok((bytes, flags)) } else { Err(err) }
    }

    fn cancel_io(&self, s: Socket) -> Result<(), Win32Error> {
        // SAFETY: a handle value.
        if unsafe { CancelIo(s.0 as usize as HANDLE) } == 0 {
            Err(last_win32())
        } else {
            Ok(())
        }
    }

    fn cancel_io_ex(&self, s: Socket, ov: Option<&Overlapped>) -> Result<(), Win32Error> {
        let held = ov.and_then(|ov| registry().hold_latest(ov));
        let scratch = OVERLAPPED::default();
        let ovp: *const OVERLAPPED = match (ov, held) {
            (None, _) => null(),
            (Some(_), Some((_, p))) => ov_ptr(p),
            // An OVERLAPPED with no operation here: an address that matches none (ERROR_NOT_FOUND).
            (Some(_), None) => &scratch,
        };
        // SAFETY: ovp is NULL, a held slot's OVERLAPPED, or a local; CancelIoEx only compares it.
        let ok = unsafe { CancelIoEx(s.0 as usize as HANDLE, ovp) } != 0;
        let err = if ok { None } else { Some(last_win32()) };
        if let Some((key, _)) = held {
            registry().release(key);
        }
        err.map_or(Ok(()), Err)
    }
}

// ---------------------------------------------------------------------------------------------
// Slots and the registry.

/// What will name a slot's OVERLAPPED after the call returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notify {
    /// A completion routine (APC): freed after the trampoline ran.
    Apc,
    /// A packet on the socket's completion port: freed when dequeued.
    Packet,
    /// Nothing but observation (event, WSAGetOverlappedResult): freed once seen complete.
    Observed,
    /// A `PostQueuedCompletionStatus` packet: freed when dequeued; nothing to mirror.
    Posted,
}

/// One overlapped call's stable memory. `ov` first, so the OVERLAPPED address is the slot's.
#[repr(C)]
struct Slot {
    ov: OVERLAPPED,
    bytes_returned: u32,
    input: Option<Vec<u8>>,
    output: Option<Vec<u8>>,
    overlapped: Overlapped,
    routine: Option<CompletionRoutine>,
    notify: Notify,
    /// Threads currently using the slot's memory outside the registry lock.
    busy: u32,
    /// No notification will name it any more: free when `busy` drops to 0.
    retired: bool,
    /// When a sweep first saw an observation-only slot complete (freed [`GRACE`] later).
    done_at: Option<Instant>,
}

/// A slot pointer owned by the registry.
struct SlotPtr(*mut Slot);

// SAFETY: a slot is only touched under the registry lock or while held (`busy`), and its Rust
// contents (`Overlapped`, the routine) are `Send + Sync`; the raw OVERLAPPED is plain data.
unsafe impl Send for SlotPtr {}

#[derive(Default)]
struct Registry {
    /// OVERLAPPED address → slot.
    slots: HashMap<usize, SlotPtr>,
    /// `Overlapped::addr()` → the OVERLAPPED address of its latest operation.
    latest: HashMap<usize, usize>,
    /// Sockets associated with a completion port (a completion queues a packet).
    ported: HashMap<u64, ()>,
}

impl Registry {
    /// Marks `key` retired; frees it now unless held.
    fn retire(&mut self, key: usize) {
        if let Some(sp) = self.slots.get(&key) {
            let p = sp.0;
            // SAFETY: registered, hence live; mutated under the registry lock.
            unsafe { (*p).retired = true };
            self.free_if_idle(key);
        }
    }

    /// An observation-only slot was seen complete: retire it once [`GRACE`] has passed since
    /// the first sighting (the system may still be finishing its writes — Wine writes `Internal`
    /// before `InternalHigh`).
    fn observed_done(&mut self, key: usize) {
        if let Some(sp) = self.slots.get(&key) {
            let p = sp.0;
            // SAFETY: registered, hence live; mutated under the registry lock.
            let first = unsafe { *(*p).done_at.get_or_insert_with(Instant::now) };
            if first.elapsed() >= GRACE {
                self.retire(key);
            }
        }
    }

    /// Drops one hold on `key`; frees it if retired and idle.
    fn release(&mut self, key: usize) {
        if let Some(sp) = self.slots.get(&key) {
            let p = sp.0;
            // SAFETY: registered, hence live; mutated under the registry lock.
            unsafe { (*p).busy -= 1 };
            self.free_if_idle(key);
        }
    }

    fn free_if_idle(&mut self, key: usize) {
        let Some(sp) = self.slots.get(&key) else {
            return;
        };
        let p = sp.0;
        // SAFETY: registered, hence live.
        let (idle, ov_addr) = unsafe { ((*p).retired && (*p).busy == 0, (*p).overlapped.addr()) };
        if idle {
            self.slots.remove(&key);
            if self.latest.get(&ov_addr) == Some(&key) {
                self.latest.remove(&ov_addr);
            }
            // SAFETY: p came from Box::into_raw, is retired (no notification will name it) and
            // idle (no thread uses it); removed from the registry, so freed exactly once.
            drop(unsafe { Box::from_raw(p) });
        }
    }

    /// Holds the slot of `ov`'s latest operation (`busy` + 1) and returns it.
    fn hold_latest(&mut self, ov: &Overlapped) -> Option<(usize, *mut Slot)> {
        let key = *self.latest.get(&ov.addr())?;
        let p = self.slots.get(&key)?.0;
        // SAFETY: registered, hence live; mutated under the registry lock.
        unsafe { (*p).busy += 1 };
        Some((key, p))
    }
}

fn registry() -> MutexGuard<'static, Registry> {
    static REG: OnceLock<Mutex<Registry>> = OnceLock::new();
    REG.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// The slot's OVERLAPPED address (also the slot's, `repr(C)` with `ov` first).
fn ov_ptr(p: *mut Slot) -> *mut OVERLAPPED {
    p.cast()
}

/// A C `OVERLAPPED` holding `ov`'s current fields.
fn native_overlapped(ov: &Overlapped) -> OVERLAPPED {
    let (offset, offset_high) = ov.offsets();
    OVERLAPPED {
        Internal: ov.internal().0 as usize,
        InternalHigh: ov.internal_high() as usize,
        Anonymous: OVERLAPPED_0 {
            Anonymous: OVERLAPPED_0_0 {
                Offset: offset,
                OffsetHigh: offset_high,
            },
        },
        hEvent: ov.h_event() as usize as HANDLE,
    }
}

/// True once the system has written a final status (neither [`UNWRITTEN`] nor pending).
///
/// # Safety
/// `p` must be a live slot.
unsafe fn is_done(p: *mut Slot) -> bool {
    // SAFETY: p is live (caller).
    let s = unsafe { read_internal(p) };
    s != NtStatus(UNWRITTEN) && !s.is_pending()
}

/// `Internal`, read volatile (the system may write it concurrently).
///
/// # Safety
/// `p` must be a live slot.
unsafe fn read_internal(p: *mut Slot) -> NtStatus {
    // SAFETY: p is live (caller); an aligned word read of memory the system writes whole.
    NtStatus(unsafe { addr_of!((*p).ov.Internal).read_volatile() } as u32)
}

/// Copies `Internal`/`InternalHigh` (and, once complete, the output) into the `Overlapped`.
///
/// # Safety
/// `p` must be a live slot; with `complete`, the system must have finished writing it.
unsafe fn mirror(p: *mut Slot, complete: bool) {
    // SAFETY: p is live (caller).
    unsafe {
        let internal = read_internal(p);
        if internal == NtStatus(UNWRITTEN) {
            // The system has written nothing: the application still sees its own values.
            return;
        }
        let high = addr_of!((*p).ov.InternalHigh).read_volatile();
        (*p).overlapped.set_status(internal, high as u64);
        if complete && !internal.is_pending() {
            let out = match &(*p).output {
                Some(v) => &v[..v.len().min(high)],
                None => &[][..],
            };
            (*p).overlapped.set_output(out);
        }
    }
}

thread_local! {
    /// A panic raised by a completion routine, held until the alertable wait returns.
    static ROUTINE_PANIC: RefCell<Option<Box<dyn Any + Send>>> = const { RefCell::new(None) };
}

fn rethrow_routine_panic() {
    if let Some(payload) = ROUTINE_PANIC.with(|c| c.borrow_mut().take()) {
        resume_unwind(payload);
    }
}

/// The `LPWSAOVERLAPPED_COMPLETION_ROUTINE` given to the system for every call with a Rust
/// routine: finds the slot by its OVERLAPPED address, mirrors the result, runs the routine.
unsafe extern "system" fn trampoline(
    dw_error: u32,
    cb_transferred: u32,
    lp_overlapped: *mut OVERLAPPED,
    dw_flags: u32,
) {
    let key = lp_overlapped as usize;
    let found = {
        let mut reg = registry();
        let p = reg.slots.get(&key).map(|sp| sp.0);
        p.map(|p| {
            // SAFETY: registered, hence live; the APC runs after the completion was written.
            let (ov, routine) = unsafe {
                mirror(p, true);
                ((*p).overlapped.clone(), (*p).routine.clone())
            };
            reg.retire(key);
            (ov, routine)
        })
    };
    if let Some((ov, Some(routine))) = found {
        let r = catch_unwind(AssertUnwindSafe(|| {
            routine(WsaError(dw_error as i32), cb_transferred, &ov, dw_flags)
        }));
        if let Err(payload) = r {
            ROUTINE_PANIC.with(|c| *c.borrow_mut() = Some(payload));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

fn last_wsa() -> WsaError {
    // SAFETY: no preconditions.
    WsaError(unsafe { ws::WSAGetLastError() })
}

fn last_win32() -> Win32Error {
    // SAFETY: no preconditions.
    Win32Error(unsafe { GetLastError() })
}

/// Puts back the thread's last error after bookkeeping that may have touched it.
fn restore_last_error(e: WsaError) {
    // SAFETY: no preconditions.
    unsafe { SetLastError(e.0 as u32) };
}

fn check(ret: i32) -> Result<(), WsaError> {
    if ret == 0 { Ok(()) } else { Err(last_wsa()) }
}

fn check_bool(ret: windows_sys::core::BOOL) -> Result<(), WsaError> {
    if ret != 0 { Ok(()) } else { Err(last_wsa()) }
}

fn count(n: i32) -> Result<usize, WsaError> {
    usize::try_from(n).map_err(|_| last_wsa())
}

fn len_i32(b: &[u8]) -> i32 {
    i32::try_from(b.len()).unwrap_or(i32::MAX)
}

/// An event as a kernel `HANDLE` (for the waits).
fn event_handle(e: Option<Event>) -> HANDLE {
    e.map_or(null_mut(), |e| e.0 as usize as HANDLE)
}

/// An event as a `WSAEVENT` (windows-sys spells it as an integer).
fn wsa_event(e: Option<Event>) -> ws::WSAEVENT {
    e.map_or(ws::WSA_INVALID_EVENT, |e| e.0 as ws::WSAEVENT)
}

impl crate::api::SocketOps for Native {
    fn bind(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        Native::bind(self, s, addr)
    }
    fn listen(&self, s: Socket, backlog: i32) -> Result<(), WsaError> {
        Native::listen(self, s, backlog)
    }
    fn connect(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        Native::connect(self, s, addr)
    }
    fn accept(&self, s: Socket) -> Result<Socket, WsaError> {
        Native::accept(self, s)
    }
}
