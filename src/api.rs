//! The API-level interface: what user code calls, implemented by the emulated API layer
//! ([`crate::ws2::Ws2`]) and, on Windows, by the native passthrough.
//!
//! Handles are plain values (`SOCKET`, `WSAEVENT`, a completion-port `HANDLE`), so user code and
//! scenarios can be generic over [`Winsock`]. The one shared object is [`Overlapped`], the
//! `WSAOVERLAPPED` an application owns for the duration of an overlapped operation.
//!
//! # The contract of [`Winsock`]
//! An implementation behaves as ws2_32.dll: every call sets the calling thread's last error
//! (`WSAGetLastError`), success sets it to 0 (spec/observed-windows.md); overlapped operations
//! complete exactly once, through the OVERLAPPED's event, the socket's completion port, or the
//! completion routine run in an alertable wait of the issuing thread.

use core::fmt;
use std::sync::{Arc, Mutex};

use crate::code::ControlCode;
use crate::error::{NtStatus, Win32Error, WsaError};

/// A `SOCKET` value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Socket(pub u64);

impl Socket {
    /// `INVALID_SOCKET` (`~0`).
    pub const INVALID: Socket = Socket(u64::MAX);
}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Socket({:#x})", self.0)
    }
}

/// A `WSAEVENT` (event object handle).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Event(pub u64);

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Event({:#x})", self.0)
    }
}

/// A completion-port `HANDLE`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Port(pub u64);

impl fmt::Debug for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Port({:#x})", self.0)
    }
}

/// `WAIT_OBJECT_0`.
pub const WAIT_OBJECT_0: u32 = 0;
/// `WAIT_IO_COMPLETION` (192): an alertable wait returned because completion routines ran.
pub const WAIT_IO_COMPLETION: u32 = 0xC0;
/// `WAIT_TIMEOUT` (258).
pub const WAIT_TIMEOUT: u32 = 258;
/// `WSA_WAIT_FAILED` / `WAIT_FAILED`.
pub const WSA_WAIT_FAILED: u32 = u32::MAX;
/// `INFINITE` / `WSA_INFINITE`.
pub const INFINITE: u32 = u32::MAX;
/// `WSA_MAXIMUM_WAIT_EVENTS` (64).
pub const WSA_MAXIMUM_WAIT_EVENTS: usize = 64;
/// `WSA_FLAG_OVERLAPPED` — the socket may be used for overlapped I/O (`socket()` sets it).
pub const WSA_FLAG_OVERLAPPED: u32 = 0x01;

/// `FD_*` network-event bits (winsock2.h).
pub mod fd {
    /// `FD_READ`.
    pub const READ: i32 = 1 << 0;
    /// `FD_WRITE`.
    pub const WRITE: i32 = 1 << 1;
    /// `FD_OOB`.
    pub const OOB: i32 = 1 << 2;
    /// `FD_ACCEPT`.
    pub const ACCEPT: i32 = 1 << 3;
    /// `FD_CONNECT`.
    pub const CONNECT: i32 = 1 << 4;
    /// `FD_CLOSE`.
    pub const CLOSE: i32 = 1 << 5;
    /// `FD_QOS`.
    pub const QOS: i32 = 1 << 6;
    /// `FD_GROUP_QOS`.
    pub const GROUP_QOS: i32 = 1 << 7;
    /// `FD_ROUTING_INTERFACE_CHANGE`.
    pub const ROUTING_INTERFACE_CHANGE: i32 = 1 << 8;
    /// `FD_ADDRESS_LIST_CHANGE`.
    pub const ADDRESS_LIST_CHANGE: i32 = 1 << 9;
    /// `FD_ALL_EVENTS`.
    pub const ALL_EVENTS: i32 = (1 << 10) - 1;
}

/// `LPWSAOVERLAPPED_COMPLETION_ROUTINE`: `(dwError, cbTransferred, lpOverlapped, dwFlags)`.
pub type CompletionRoutine = Arc<dyn Fn(WsaError, u32, &Overlapped, u32) + Send + Sync>;

#[derive(Debug, Default)]
struct OverlappedState {
    internal: u64,
    internal_high: u64,
    offset: u32,
    offset_high: u32,
    h_event: u64,
    output: Vec<u8>,
}

/// A `WSAOVERLAPPED` the application owns: `Internal` (the status), `InternalHigh` (bytes),
/// `Offset`/`OffsetHigh`, `hEvent`, plus the output bytes delivered at completion (for the safe
/// call shape; the raw shape writes them to the caller's buffer).
///
/// Cloning shares the same structure (as passing the same pointer would).
///
/// With the native backend (`windows::Native`, on Windows) the system writes a real `OVERLAPPED`
/// that the backend keeps at a fixed address for the operation's life; its `Internal`,
/// `InternalHigh` and output are copied here when the call returns and whenever the backend
/// observes the completion (a wait, a dequeued packet, the completion routine,
/// `WSAGetOverlappedResult`) — read this structure after such a call, as a Windows program would.
#[derive(Clone, Default)]
pub struct Overlapped(Arc<Mutex<OverlappedState>>);

impl Overlapped {
    /// A zeroed OVERLAPPED with no event (`hEvent` NULL).
    pub fn new() -> Self {
        Self::default()
    }

    /// A zeroed OVERLAPPED whose `hEvent` is `event`.
    pub fn with_event(event: Event) -> Self {
        let o = Self::new();
        o.set_h_event(event.0);
        o
    }

    /// A zeroed OVERLAPPED whose `hEvent` is `event` with the low bit set: the completion is not
    /// queued to the socket's completion port (spec/004, "If the low order bit of the hEvent
    /// member … is set").
    pub fn with_event_no_port(event: Event) -> Self {
        let o = Self::new();
        o.set_h_event(event.0 | 1);
        o
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, OverlappedState> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Internal`: the NTSTATUS of the operation (`STATUS_PENDING` while pending).
    pub fn internal(&self) -> NtStatus {
        NtStatus(self.lock().internal as u32)
    }

    /// `InternalHigh`: the bytes transferred.
    pub fn internal_high(&self) -> u64 {
        self.lock().internal_high
    }

    /// `hEvent` as stored (including the low bit).
    pub fn h_event(&self) -> u64 {
        self.lock().h_event
    }

    /// Sets `hEvent` (with a completion routine it is free for the application's context).
    pub fn set_h_event(&self, v: u64) {
        self.lock().h_event = v;
    }

    /// `Offset` and `OffsetHigh`.
    pub fn offsets(&self) -> (u32, u32) {
        let s = self.lock();
        (s.offset, s.offset_high)
    }

    /// The output bytes the operation delivered at completion (empty before).
    pub fn output(&self) -> Vec<u8> {
        self.lock().output.clone()
    }

    /// True when both pointers designate the same structure.
    pub fn same(&self, other: &Overlapped) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Sets `Internal` and `InternalHigh` (what the I/O manager does; used by the API layers).
    pub fn set_status(&self, status: NtStatus, bytes: u64) {
        let mut s = self.lock();
        s.internal = status.0 as u64;
        s.internal_high = bytes;
    }

    /// Stores the output delivered at completion.
    pub fn set_output(&self, bytes: &[u8]) {
        self.lock().output = bytes.to_vec();
    }

    /// A value identifying this structure (stable while any clone lives), for display.
    pub fn addr(&self) -> usize {
        Arc::as_ptr(&self.0) as *const () as usize
    }
}

impl fmt::Debug for Overlapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.lock();
        f.debug_struct("Overlapped")
            .field("internal", &NtStatus(s.internal as u32))
            .field("internal_high", &s.internal_high)
            .field("h_event", &format_args!("{:#x}", s.h_event))
            .finish()
    }
}

/// How an overlapped call is to complete: `lpOverlapped` and `lpCompletionRoutine`.
#[derive(Clone, Default)]
pub enum Completion {
    /// Both NULL: a non-overlapped call (may block on a blocking socket).
    #[default]
    None,
    /// `lpOverlapped` only: completion signals its `hEvent` (if any) and queues a packet to the
    /// socket's completion port (if associated and the `hEvent` low bit is clear).
    Overlapped(Overlapped),
    /// `lpOverlapped` and `lpCompletionRoutine`: the routine runs as an APC in an alertable wait
    /// of the issuing thread.
    Routine(Overlapped, CompletionRoutine),
}

impl Completion {
    /// The OVERLAPPED, if any.
    pub fn overlapped(&self) -> Option<&Overlapped> {
        match self {
            Self::None => None,
            Self::Overlapped(o) | Self::Routine(o, _) => Some(o),
        }
    }
}

impl fmt::Debug for Completion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Overlapped(o) => f.debug_tuple("Overlapped").field(o).finish(),
            Self::Routine(o, _) => f.debug_tuple("Routine").field(o).finish(),
        }
    }
}

/// The outcome of one `WSAIoctl` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum IoctlOutcome {
    /// Returned 0; `*lpcbBytesReturned` was written with `bytes`.
    Completed {
        /// The value written to `*lpcbBytesReturned`.
        bytes: u32,
    },
    /// Returned `SOCKET_ERROR` with `WSA_IO_PENDING`; `*lpcbBytesReturned` untouched. The result
    /// arrives through the completion.
    Pending,
    /// Returned `SOCKET_ERROR` with `error`; no completion will follow.
    Failed {
        /// The error (`WSAGetLastError`).
        error: WsaError,
        /// `Some(n)` if `*lpcbBytesReturned` was set to `n`, `None` if left untouched.
        bytes_returned: Option<u32>,
    },
}

impl IoctlOutcome {
    /// `WSAIoctl`'s return value: 0 or `SOCKET_ERROR`.
    pub fn ret(&self) -> i32 {
        match self {
            Self::Completed { .. } => 0,
            _ => -1,
        }
    }

    /// The error `WSAGetLastError` reports after the call (`NO_ERROR` on success).
    pub fn error(&self) -> WsaError {
        match self {
            Self::Completed { .. } => WsaError::NO_ERROR,
            Self::Pending => WsaError::WSA_IO_PENDING,
            Self::Failed { error, .. } => *error,
        }
    }

    /// What `*lpcbBytesReturned` holds: `Some` if written.
    pub fn bytes_returned(&self) -> Option<u32> {
        match self {
            Self::Completed { bytes } => Some(*bytes),
            Self::Pending => None,
            Self::Failed { bytes_returned, .. } => *bytes_returned,
        }
    }
}

/// Every argument of `WSAIoctl`, for calls the simple safe shape cannot express (a NULL pointer
/// with a nonzero length, a NULL `lpcbBytesReturned`).
#[derive(Debug, Default)]
pub struct IoctlArgs<'a> {
    /// `s`.
    pub socket: Socket,
    /// `dwIoControlCode`.
    pub code: ControlCode,
    /// `lpvInBuffer` (`None` = NULL).
    pub input: Option<&'a [u8]>,
    /// `cbInBuffer` when `input` is NULL (ignored otherwise: the slice length is used).
    pub null_input_len: u32,
    /// `lpvOutBuffer` (`None` = NULL).
    pub output: Option<&'a mut [u8]>,
    /// `cbOutBuffer` when `output` is NULL.
    pub null_output_len: u32,
    /// `lpcbBytesReturned` is NULL.
    pub bytes_returned_null: bool,
    /// `lpOverlapped` / `lpCompletionRoutine`.
    pub completion: Completion,
}

impl Default for Socket {
    fn default() -> Self {
        Socket::INVALID
    }
}

/// One packet dequeued by `GetQueuedCompletionStatus`.
#[derive(Clone, Debug)]
pub struct QueuedCompletion {
    /// The function's return value: `TRUE` unless the I/O failed.
    pub ok: bool,
    /// `*lpNumberOfBytesTransferred`.
    pub bytes: u32,
    /// `*lpCompletionKey`.
    pub key: u64,
    /// `*lpOverlapped`.
    pub overlapped: Option<Overlapped>,
    /// `GetLastError()` when `ok` is false (`ERROR_NOT_SUPPORTED` 50,
    /// `ERROR_INSUFFICIENT_BUFFER` 122, `ERROR_OPERATION_ABORTED` 995, …).
    pub error: Win32Error,
}

/// The API-level interface user code is written against (see the module docs for the contract).
pub trait Winsock: Send + Sync {
    /// `WSASocket(af, type, protocol, NULL, 0, flags)`.
    fn wsa_socket(
        &self,
        family: u16,
        ty: i32,
        protocol: i32,
        flags: u32,
    ) -> Result<Socket, WsaError>;

    /// `socket(af, type, protocol)` — an overlapped-capable socket.
    fn socket(&self, family: u16, ty: i32, protocol: i32) -> Result<Socket, WsaError> {
        self.wsa_socket(family, ty, protocol, WSA_FLAG_OVERLAPPED)
    }

    /// `closesocket(s)`.
    fn closesocket(&self, s: Socket) -> Result<(), WsaError>;

    /// `WSAIoctl` with every argument.
    fn wsa_ioctl_args(&self, args: IoctlArgs<'_>) -> IoctlOutcome;

    /// `WSAIoctl(s, code, in, cbIn, out, cbOut, &bytes, lpOverlapped, lpCompletionRoutine)` with
    /// a valid `lpcbBytesReturned`; `None` buffers are NULL with length 0.
    fn wsa_ioctl(
        &self,
        s: Socket,
        code: ControlCode,
        input: Option<&[u8]>,
        output: Option<&mut [u8]>,
        completion: Completion,
    ) -> IoctlOutcome {
        self.wsa_ioctl_args(IoctlArgs {
            socket: s,
            code,
            input,
            output,
            completion,
            ..Default::default()
        })
    }

    /// `ioctlsocket(s, cmd, argp)`.
    fn ioctlsocket(&self, s: Socket, cmd: ControlCode, argp: &mut u32) -> Result<(), WsaError>;

    /// `WSAGetLastError()` for the calling thread.
    fn wsa_get_last_error(&self) -> WsaError;

    /// `WSASetLastError(e)` for the calling thread.
    fn wsa_set_last_error(&self, e: WsaError);

    /// `WSACreateEvent()` — manual reset, nonsignaled.
    fn wsa_create_event(&self) -> Result<Event, WsaError>;

    /// `WSASetEvent(e)`.
    fn wsa_set_event(&self, e: Event) -> Result<(), WsaError>;

    /// `WSAResetEvent(e)`.
    fn wsa_reset_event(&self, e: Event) -> Result<(), WsaError>;

    /// `WSACloseEvent(e)`.
    fn wsa_close_event(&self, e: Event) -> Result<(), WsaError>;

    /// `WSAWaitForMultipleEvents(n, events, fWaitAll, dwTimeout, fAlertable)` — returns
    /// `WAIT_OBJECT_0 + i`, `WAIT_TIMEOUT`, `WAIT_IO_COMPLETION` or `WSA_WAIT_FAILED`.
    fn wsa_wait_for_multiple_events(
        &self,
        events: &[Event],
        wait_all: bool,
        timeout_ms: u32,
        alertable: bool,
    ) -> u32;

    /// `SleepEx(ms, alertable)` — 0, or `WAIT_IO_COMPLETION` if completion routines ran.
    fn sleep_ex(&self, ms: u32, alertable: bool) -> u32;

    /// `WSAEventSelect(s, event, mask)`; `None` with mask 0 cancels.
    fn wsa_event_select(&self, s: Socket, event: Option<Event>, mask: i32) -> Result<(), WsaError>;

    /// `CreateIoCompletionPort(s, existing, key, 0)`: with `s` = `None` creates a port.
    fn create_io_completion_port(
        &self,
        s: Option<Socket>,
        existing: Option<Port>,
        key: u64,
    ) -> Result<Port, Win32Error>;

    /// `GetQueuedCompletionStatus(port, …, timeout)` — `Err(WAIT_TIMEOUT)` when nothing arrived.
    fn get_queued_completion_status(
        &self,
        port: Port,
        timeout_ms: u32,
    ) -> Result<QueuedCompletion, Win32Error>;

    /// `PostQueuedCompletionStatus(port, bytes, key, overlapped)`.
    fn post_queued_completion_status(
        &self,
        port: Port,
        bytes: u32,
        key: u64,
        overlapped: Option<Overlapped>,
    ) -> Result<(), Win32Error>;

    /// `CloseHandle(port)`.
    fn close_port(&self, port: Port) -> Result<(), Win32Error>;

    /// `WSAGetOverlappedResult(s, ov, &bytes, fWait, &flags)` — `Ok((bytes, flags))`.
    fn wsa_get_overlapped_result(
        &self,
        s: Socket,
        ov: &Overlapped,
        wait: bool,
    ) -> Result<(u32, u32), WsaError>;

    /// `CancelIo(s)` — cancels the calling thread's pending operations on `s`.
    fn cancel_io(&self, s: Socket) -> Result<(), Win32Error>;

    /// `CancelIoEx(s, ov)` — cancels `ov` (or every pending operation on `s`), any thread's.
    fn cancel_io_ex(&self, s: Socket, ov: Option<&Overlapped>) -> Result<(), Win32Error>;
}

/// The socket operations beside `WSAIoctl` that setting a socket up needs (`bind`, `listen`,
/// `connect`, `accept`), implemented by the emulated API layer and the native one, so one routine
/// (the scenario engine's) puts a socket in a state on either.
pub trait SocketOps: Winsock {
    /// `bind(s, addr)` — `addr` is a SOCKADDR in Windows layout.
    fn bind(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError>;
    /// `listen(s, backlog)`.
    fn listen(&self, s: Socket, backlog: i32) -> Result<(), WsaError>;
    /// `connect(s, addr)`.
    fn connect(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError>;
    /// `accept(s, NULL, NULL)`.
    fn accept(&self, s: Socket) -> Result<Socket, WsaError>;
}
