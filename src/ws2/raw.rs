//! `WSAIoctl` with its exact C signature, over raw pointers — so NULL pointers and lengths that
//! disagree with the buffers behave exactly as on Windows.
//!
//! This is the only `unsafe` code of the API layer. The emulated layer cannot probe arbitrary
//! addresses the way the Windows kernel does (a bad non-NULL pointer is `WSAEFAULT` there, and
//! undefined behaviour here): callers must pass NULL or valid memory, as the `# Safety` sections
//! say. NULL is always accepted and answered as Windows answers it.
#![allow(unsafe_code)]
#![allow(non_snake_case, non_camel_case_types)]

use core::ffi::c_void;
use std::sync::Arc;

use crate::api::{Completion, IoctlArgs, IoctlOutcome, Overlapped, Socket};
use crate::code::ControlCode;
use crate::error::NtStatus;
use crate::spi::SOCKET_ERROR;

use super::Ws2;
use super::overlapped::RawSink;

/// The host-native `WSAOVERLAPPED` (`ULONG_PTR`s are the host's pointer width).
#[repr(C)]
#[derive(Debug, Default, Clone, Copy)]
pub struct WSAOVERLAPPED {
    /// `Internal` — the status.
    pub Internal: usize,
    /// `InternalHigh` — the bytes transferred.
    pub InternalHigh: usize,
    /// `Offset`.
    pub Offset: u32,
    /// `OffsetHigh`.
    pub OffsetHigh: u32,
    /// `hEvent`.
    pub hEvent: usize,
}

/// `LPWSAOVERLAPPED_COMPLETION_ROUTINE`.
pub type LPWSAOVERLAPPED_COMPLETION_ROUTINE = Option<
    unsafe extern "system" fn(
        dwError: u32,
        cbTransferred: u32,
        lpOverlapped: *mut WSAOVERLAPPED,
        dwFlags: u32,
    ),
>;

/// A raw pointer that may cross threads: the caller promised it stays valid until completion.
#[derive(Clone, Copy)]
struct SendPtr(usize);

/// `int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
/// LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
/// LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)` —
/// on the emulated API layer `ws2`.
///
/// Returns 0 or `SOCKET_ERROR` (-1); the error is `ws2.wsa_get_last_error()`.
///
/// ```
/// use std::sync::Arc;
/// use wsaioctl::api::Winsock;
/// use wsaioctl::emulated::EmulatedProvider;
/// use wsaioctl::ws2::{Ws2, raw};
/// use wsaioctl::WsaError;
///
/// let ws2 = Ws2::new(Arc::new(EmulatedProvider::default()));
/// let s = ws2.socket(2, 1, 6).unwrap();
/// let mut n: u32 = 0;
/// // FIONREAD with a NULL lpcbBytesReturned: WSAEFAULT (spec/observed-windows.md).
/// // SAFETY: every pointer is NULL or points to live memory of the stated length.
/// let r = unsafe {
///     raw::WSAIoctl(&ws2, s.0, 0x4004_667f, std::ptr::null(), 0,
///         (&mut n as *mut u32).cast(), 4, std::ptr::null_mut(), std::ptr::null_mut(), None)
/// };
/// assert_eq!(r, -1);
/// assert_eq!(ws2.wsa_get_last_error(), WsaError::WSAEFAULT);
/// ```
///
/// # Safety
/// Each pointer must be NULL or valid for its stated use: `lpvInBuffer` readable for
/// `cbInBuffer` bytes, `lpvOutBuffer` writable for `cbOutBuffer` bytes, `lpcbBytesReturned`
/// writable, `lpOverlapped` writable. For an overlapped call that pends, `lpOverlapped` and
/// `lpvOutBuffer` must stay valid (and not be accessed by the caller) until the operation
/// completes — the completion writes them from whichever thread completes it, exactly as on
/// Windows. `lpCompletionRoutine` must be safe to call with the completion's arguments.
#[allow(clippy::too_many_arguments)]
pub unsafe fn WSAIoctl(
    ws2: &Ws2,
    s: u64,
    dwIoControlCode: u32,
    lpvInBuffer: *const c_void,
    cbInBuffer: u32,
    lpvOutBuffer: *mut c_void,
    cbOutBuffer: u32,
    lpcbBytesReturned: *mut u32,
    lpOverlapped: *mut WSAOVERLAPPED,
    lpCompletionRoutine: LPWSAOVERLAPPED_COMPLETION_ROUTINE,
) -> i32 {
    let input = if lpvInBuffer.is_null() {
        None
    } else {
        // SAFETY: the caller guarantees lpvInBuffer is readable for cbInBuffer bytes.
        Some(unsafe { std::slice::from_raw_parts(lpvInBuffer.cast::<u8>(), cbInBuffer as usize) })
    };
    let output = if lpvOutBuffer.is_null() {
        None
    } else {
        // SAFETY: the caller guarantees lpvOutBuffer is writable for cbOutBuffer bytes and not
        // aliased during the call.
        Some(unsafe {
            std::slice::from_raw_parts_mut(lpvOutBuffer.cast::<u8>(), cbOutBuffer as usize)
        })
    };
    let initial = if lpcbBytesReturned.is_null() {
        0
    } else {
        // SAFETY: non-NULL lpcbBytesReturned is writable (hence readable) per the contract.
        unsafe { lpcbBytesReturned.read_unaligned() }
    };

    let (completion, sink) = if lpOverlapped.is_null() {
        (Completion::None, None)
    } else {
        // SAFETY: non-NULL lpOverlapped is valid per the contract.
        let h_event = unsafe { (*lpOverlapped).hEvent } as u64;
        let mirror = Overlapped::new();
        mirror.set_h_event(h_event);
        let ovp = SendPtr(lpOverlapped as usize);
        let outp = SendPtr(lpvOutBuffer as usize);
        let sink = RawSink {
            on_pending: Box::new(move || {
                let p = ovp.0 as *mut WSAOVERLAPPED;
                // SAFETY: lpOverlapped stays valid until completion (caller contract).
                unsafe { (*p).Internal = NtStatus::STATUS_PENDING.0 as usize };
            }),
            on_complete: Box::new(move |status: NtStatus, bytes: u32, out: &[u8]| {
                if outp.0 != 0 && !out.is_empty() {
                    let n = out.len().min(cbOutBuffer as usize);
                    // SAFETY: lpvOutBuffer stays valid and writable for cbOutBuffer bytes until
                    // completion; n <= cbOutBuffer.
                    unsafe {
                        std::ptr::copy_nonoverlapping(out.as_ptr(), outp.0 as *mut u8, n);
                    }
                }
                let p = ovp.0 as *mut WSAOVERLAPPED;
                // SAFETY: lpOverlapped stays valid until completion (caller contract).
                unsafe {
                    (*p).Internal = status.0 as usize;
                    (*p).InternalHigh = bytes as usize;
                }
            }),
        };
        let completion = match lpCompletionRoutine {
            None => Completion::Overlapped(mirror),
            Some(f) => Completion::Routine(
                mirror,
                Arc::new(move |err, bytes, _ov: &Overlapped, flags| {
                    // SAFETY: the caller guarantees the routine may be called with the
                    // completion's arguments and lpOverlapped is still valid.
                    unsafe { f(err.0 as u32, bytes, ovp.0 as *mut WSAOVERLAPPED, flags) }
                }),
            ),
        };
        (completion, Some(sink))
    };

    let outcome = ws2.ioctl_inner(
        IoctlArgs {
            socket: Socket(s),
            code: ControlCode(dwIoControlCode),
            input,
            null_input_len: cbInBuffer,
            output,
            null_output_len: cbOutBuffer,
            bytes_returned_null: lpcbBytesReturned.is_null(),
            completion,
        },
        initial,
        sink,
    );
    if let Some(v) = outcome.bytes_returned()
        && !lpcbBytesReturned.is_null()
    {
        // SAFETY: non-NULL lpcbBytesReturned is writable per the contract.
        unsafe { lpcbBytesReturned.write_unaligned(v) };
    }
    match outcome {
        IoctlOutcome::Completed { .. } => 0,
        _ => SOCKET_ERROR,
    }
}
