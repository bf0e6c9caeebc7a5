//! The service-provider interface: the `Provider` trait in the shape of `LPWSPIoctl`, and the
//! upcalls a provider uses to finish overlapped work later.
//!
//! Windows splits Winsock in two (DESIGN.md): ws2_32.dll, the API layer, and the service
//! providers below it, reached through the SPI. spec/002 and spec/003 (`LPWSPIOCTL`) and spec/004
//! (`WSPIoctl` for SAN providers) describe the provider side of `WSAIoctl`: the same arguments, plus
//! `lpThreadId` (for `WPUQueueApc`) and `lpErrno` instead of `WSAGetLastError`.
//!
//! # The contract a provider implements (one written contract per seam)
//!
//! [`Provider::ioctl`] receives a call the API layer has already checked (socket valid,
//! `lpcbBytesReturned` non-NULL, the FIONBIO/`WSAEventSelect` rule). It must:
//!
//! 1. **Return 0** when the operation completed at once, having written `bytes_returned`
//!    (spec/002: "If no error occurs and the operation has completed immediately, LPWSPIoctl
//!    returns zero"). For an overlapped call it may complete the request through
//!    [`Upcalls::complete_overlapped_request`] before returning; if it does not, the API layer
//!    completes it with 0 bytes, as the Windows TCP/IP provider does (spec/observed-windows.md,
//!    "Completes at once although overlapped").
//! 2. **Return `SOCKET_ERROR` with `*errno = WSA_IO_PENDING`** when an overlapped operation was
//!    started; it must then complete it exactly once, later or at once, through
//!    [`Upcalls::complete_overlapped_request`] (the `WPUCompleteOverlappedRequest` upcall of spec/004),
//!    from any thread. Completions after the request was cancelled or its socket closed are ignored
//!    by the API layer (which has already completed it with `WSA_OPERATION_ABORTED`).
//! 3. **Return `SOCKET_ERROR` with any other `*errno`** when the call was rejected: no operation
//!    was started and no completion will follow (spec/002: "Any other error code indicates that no
//!    overlapped operation was initiated and no completion indication will occur"). It may set
//!    `bytes_returned` (e.g. to the required size with `WSAEFAULT`).
//! 4. For a **non-overlapped** call on a blocking socket, block the calling thread until the
//!    operation can finish (or the socket is closed); on a nonblocking socket return
//!    `WSAEWOULDBLOCK` instead of blocking.
//! 5. Never panic on any input; never write more than `output.len()` bytes.
//!
//! [`Provider::close_socket`] must release anything it holds for the socket and wake threads
//! blocked in it; pending overlapped requests are aborted by the API layer.

use core::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::code::ControlCode;
use crate::error::WsaError;

/// `SOCKET_ERROR` — the failing return value of `WSAIoctl` and `LPWSPIoctl`.
pub const SOCKET_ERROR: i32 = -1;

/// A provider's own handle for a socket (the value `WPUCreateSocketHandle` or an IFS provider
/// hands back). The API layer maps application `SOCKET`s to these.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProviderSocket(pub u64);

/// `WSATHREADID` — identifies the thread that issued a call, for `WPUQueueApc`.
///
/// Each OS thread gets a small, stable number the first time it asks (no wall clock, no OS ids:
/// deterministic within a test).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ThreadId(pub u64);

impl ThreadId {
    /// The calling thread's id.
    pub fn current() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        thread_local! {
            static ID: u64 = NEXT.fetch_add(1, Ordering::Relaxed);
        }
        ThreadId(ID.with(|id| *id))
    }
}

/// `lpvInBuffer` + `cbInBuffer`.
///
/// A NULL pointer can come with a nonzero length (the raw C shape allows it, and Windows answers
/// such calls code by code), so the pointer and the length are kept apart. When the pointer is
/// not NULL the data is exactly `len` bytes.
#[derive(Clone, Copy, Default)]
pub struct InBuf<'a> {
    data: Option<&'a [u8]>,
    len: u32,
}

impl<'a> InBuf<'a> {
    /// A NULL pointer with a declared length (often 0).
    pub const fn null(len: u32) -> Self {
        Self { data: None, len }
    }

    /// A valid buffer of `data.len()` bytes.
    ///
    /// # Panics
    /// If the buffer is longer than `u32::MAX` bytes (no `cbInBuffer` can describe it).
    pub fn new(data: &'a [u8]) -> Self {
        let len = u32::try_from(data.len()).expect("invariant: cbInBuffer is a DWORD");
        Self {
            data: Some(data),
            len,
        }
    }

    /// From the safe shape: `None` is NULL with length 0.
    pub fn from_option(data: Option<&'a [u8]>) -> Self {
        data.map_or(Self::null(0), Self::new)
    }

    /// The bytes, or `None` for a NULL pointer.
    pub fn data(&self) -> Option<&'a [u8]> {
        self.data
    }

    /// `cbInBuffer`.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// True for a NULL pointer.
    pub fn is_null(&self) -> bool {
        self.data.is_none()
    }

    /// True when `cbInBuffer` is 0.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes when the pointer is valid and at least `n` long (the usual provider check).
    pub fn at_least(&self, n: usize) -> Option<&'a [u8]> {
        self.data.filter(|d| d.len() >= n)
    }
}

impl fmt::Debug for InBuf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.data {
            None => write!(f, "InBuf(NULL, {})", self.len),
            Some(d) => write!(f, "InBuf({} bytes)", d.len()),
        }
    }
}

/// `lpvOutBuffer` + `cbOutBuffer`; like [`InBuf`], a NULL pointer keeps its declared length.
#[derive(Default)]
pub struct OutBuf<'a> {
    data: Option<&'a mut [u8]>,
    len: u32,
}

impl<'a> OutBuf<'a> {
    /// A NULL pointer with a declared length.
    pub const fn null(len: u32) -> Self {
        Self { data: None, len }
    }

    /// A valid buffer of `data.len()` bytes.
    ///
    /// # Panics
    /// If the buffer is longer than `u32::MAX` bytes.
    pub fn new(data: &'a mut [u8]) -> Self {
        let len = u32::try_from(data.len()).expect("invariant: cbOutBuffer is a DWORD");
        Self {
            data: Some(data),
            len,
        }
    }

    /// From the safe shape: `None` is NULL with length 0.
    pub fn from_option(data: Option<&'a mut [u8]>) -> Self {
        data.map_or(Self::null(0), Self::new)
    }

    /// `cbOutBuffer`.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// True for a NULL pointer.
    pub fn is_null(&self) -> bool {
        self.data.is_none()
    }

    /// True when `cbOutBuffer` is 0.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The writable bytes, or `None` for NULL.
    pub fn data(&mut self) -> Option<&mut [u8]> {
        self.data.as_deref_mut()
    }

    /// Reborrows for a shorter lifetime.
    pub fn reborrow(&mut self) -> OutBuf<'_> {
        OutBuf {
            data: self.data.as_deref_mut(),
            len: self.len,
        }
    }

    /// Copies `bytes` to the start of the buffer when it is valid and large enough; returns
    /// whether it did.
    pub fn write(&mut self, bytes: &[u8]) -> bool {
        match self.data.as_deref_mut() {
            Some(d) if d.len() >= bytes.len() => {
                d[..bytes.len()].copy_from_slice(bytes);
                true
            }
            _ => false,
        }
    }
}

impl fmt::Debug for OutBuf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.data {
            None => write!(f, "OutBuf(NULL, {})", self.len),
            Some(d) => write!(f, "OutBuf({} bytes)", d.len()),
        }
    }
}

/// `*lpcbBytesReturned`: the caller's value, and whether the callee wrote it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct BytesReturned {
    value: u32,
    written: bool,
}

impl BytesReturned {
    /// A slot holding the caller's initial value (not yet written).
    pub const fn new(initial: u32) -> Self {
        Self {
            value: initial,
            written: false,
        }
    }

    /// Writes the slot.
    pub fn set(&mut self, v: u32) {
        self.value = v;
        self.written = true;
    }

    /// The current value (the caller's if never written).
    pub const fn value(&self) -> u32 {
        self.value
    }

    /// `Some(value)` if the callee wrote it.
    pub const fn written(&self) -> Option<u32> {
        if self.written { Some(self.value) } else { None }
    }
}

/// One overlapped request as the provider sees it: `lpOverlapped` (+ whether a
/// `lpCompletionRoutine` was given), identified for the completion upcall.
///
/// The provider keeps a clone while the request is pending and passes it back to
/// [`Upcalls::complete_overlapped_request`]. It owns no caller memory: the output bytes are handed
/// over at completion and the API layer delivers them to the caller's buffer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OverlappedIo {
    /// The API layer's request number (unique per stack).
    pub id: u64,
    /// The provider socket the request was issued on.
    pub socket: ProviderSocket,
    /// `cbOutBuffer` of the call: completion output longer than this is truncated.
    pub out_capacity: u32,
    /// A completion routine was given (the completion will run as an APC on `thread`).
    pub has_completion_routine: bool,
    /// The issuing thread (`lpThreadId`).
    pub thread: ThreadId,
}

/// The upcall table a provider receives at start-up (`WSPStartup`'s `UpcallTable`).
pub trait Upcalls: Send + Sync + fmt::Debug {
    /// `WPUCompleteOverlappedRequest` — completes `io` with `error` (`NO_ERROR` for success),
    /// `bytes` transferred and the `output` bytes (at most `io.out_capacity` are delivered).
    ///
    /// Returns `Err(WSAEINVAL)` when the request is unknown or already completed (cancelled,
    /// aborted by close, or completed before); such a call has no effect.
    fn complete_overlapped_request(
        &self,
        io: &OverlappedIo,
        error: WsaError,
        bytes: u32,
        output: &[u8],
    ) -> Result<(), WsaError>;

    /// Marks `io` as having reached the I/O manager (`Internal` = `STATUS_PENDING`) although the
    /// provider is about to reject the call: some Windows paths do this (Wine's
    /// `test_keepalive_vals`: a short SIO_KEEPALIVE_VALS input with an OVERLAPPED fails with
    /// WSAEFAULT yet leaves Internal = STATUS_PENDING). No completion follows.
    fn mark_started(&self, io: &OverlappedIo);

    /// `WPUQueueApc` — queues `apc` to run on `thread` during its next alertable wait.
    fn queue_apc(&self, thread: ThreadId, apc: Box<dyn FnOnce() + Send>) -> Result<(), WsaError>;

    /// `WPUCreateSocketHandle` — a fresh handle value in the stack's handle space (multiples of
    /// four, never 0 or `INVALID_SOCKET`). A provider returns it from [`Provider::socket`]: the
    /// application's `SOCKET` *is* the provider's handle, as with an IFS base provider.
    fn create_socket_handle(&self) -> u64;

    /// Records network events (`FD_*` bits, e.g. `FD_ADDRESS_LIST_CHANGE`) on socket `s` and
    /// signals the event registered with `WSAEventSelect` if any of them is selected
    /// (`WPUPostMessage`/event signalling of the SPI).
    fn post_network_events(&self, s: ProviderSocket, events: i32);
}

/// A shared handle to the upcall table.
pub type UpcallTable = Arc<dyn Upcalls>;

/// Socket type values (`SOCK_*`, winsock2.h).
pub mod sock_type {
    /// `SOCK_STREAM`.
    pub const STREAM: i32 = 1;
    /// `SOCK_DGRAM`.
    pub const DGRAM: i32 = 2;
    /// `SOCK_RAW`.
    pub const RAW: i32 = 3;
}

/// Protocol values (`IPPROTO_*`, ws2def.h).
pub mod protocol {
    /// `IPPROTO_IP` (0), also "the default protocol".
    pub const IP: i32 = 0;
    /// `IPPROTO_ICMP`.
    pub const ICMP: i32 = 1;
    /// `IPPROTO_TCP`.
    pub const TCP: i32 = 6;
    /// `IPPROTO_UDP`.
    pub const UDP: i32 = 17;
    /// `IPPROTO_IPV6`.
    pub const IPV6: i32 = 41;
    /// `IPPROTO_ICMPV6`.
    pub const ICMPV6: i32 = 58;
}

/// What a socket was created as (`WSASocket`'s af, type, protocol).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketKind {
    /// Address family, Windows numbering (`AF_INET` 2, `AF_INET6` 23).
    pub family: u16,
    /// `SOCK_STREAM` 1, `SOCK_DGRAM` 2, `SOCK_RAW` 3.
    pub ty: i32,
    /// The protocol (0 resolved to the default by the provider).
    pub protocol: i32,
}

/// A socket-level operation other than ioctl that the emulation and tests need
/// (`WSPBind`, `WSPListen`, `WSPConnect`, `WSPAccept`, `WSPSend`, `WSPRecv`, `WSPSetSockOpt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketOp<'a> {
    /// `bind(addr)` — a SOCKADDR in Windows layout.
    Bind(&'a [u8]),
    /// `listen(backlog)`.
    Listen(i32),
    /// `connect(addr)` — a SOCKADDR in Windows layout.
    Connect(&'a [u8]),
    /// `send(data, flags)`; `MSG_OOB` (1) sends urgent data.
    Send(&'a [u8], i32),
    /// `sendto(data, flags, addr)`.
    SendTo(&'a [u8], i32, &'a [u8]),
    /// `setsockopt(level, name, value)`.
    SetSockOpt(i32, i32, &'a [u8]),
    /// `shutdown(how)`.
    Shutdown(i32),
    /// `WSPEventSelect`/`WSPAsyncSelect` registered `mask` (nonzero sets nonblocking mode,
    /// spec/000 FIONBIO: "WSAAsyncSelect or WSAEventSelect routine automatically sets a socket to
    /// nonblocking mode").
    Select(i32),
}

/// What a [`SocketOp`] or the receive side returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketOpResult {
    /// Done, nothing to return.
    Done,
    /// Bytes sent.
    Sent(usize),
}

/// A Winsock service provider, in the shape of the SPI (spec/002, spec/003, spec/004).
///
/// See the module documentation for the contract. Under the `mock` feature, `MockProvider`
/// (mockall) implements this trait so a test can script a provider while the API layer still
/// applies Windows' own rules — `crate::mock` has the example and a small script builder.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait Provider: Send + Sync + fmt::Debug {
    /// `WSPStartup` — receives the upcall table. Called once by the API layer.
    fn startup(&self, upcalls: UpcallTable);

    /// `WSPSocket` — creates a socket (Windows numbering for `family`). The returned handle is
    /// the one the application sees; take it from [`Upcalls::create_socket_handle`].
    fn socket(&self, kind: SocketKind) -> Result<ProviderSocket, WsaError>;

    /// `WSPCloseSocket` — releases the socket and wakes threads blocked on it.
    fn close_socket(&self, s: ProviderSocket) -> Result<(), WsaError>;

    /// Bind, listen, connect, send, setsockopt… (the subset of the SPI the crate models).
    fn socket_op<'a>(
        &self,
        s: ProviderSocket,
        op: SocketOp<'a>,
    ) -> Result<SocketOpResult, WsaError>;

    /// `WSPAccept` — takes the next connection of a listening socket (blocking unless the socket
    /// is nonblocking: `WSAEWOULDBLOCK`). The new socket's handle comes from
    /// [`Upcalls::create_socket_handle`], like [`Provider::socket`]'s.
    fn accept(&self, s: ProviderSocket) -> Result<(ProviderSocket, SocketKind), WsaError>;

    /// `WSPRecv` — receives up to `buf.len()` bytes (`flags`: `MSG_OOB` 1, `MSG_PEEK` 2);
    /// returns the count.
    fn recv(&self, s: ProviderSocket, buf: &mut [u8], flags: i32) -> Result<usize, WsaError>;

    /// `WSPIoctl` — see the module documentation for the contract. Returns 0 or
    /// [`SOCKET_ERROR`] with `*errno` set.
    #[allow(clippy::too_many_arguments)]
    fn ioctl<'a, 'b, 'c>(
        &self,
        s: ProviderSocket,
        code: ControlCode,
        input: InBuf<'a>,
        output: OutBuf<'b>,
        bytes_returned: &mut BytesReturned,
        overlapped: Option<&'c OverlappedIo>,
        thread: ThreadId,
        errno: &mut WsaError,
    ) -> i32;

    /// The API layer cancelled `io` (CancelIo/CancelIoEx) or aborted it on close: forget it.
    /// The API layer has already completed it with `WSA_OPERATION_ABORTED`.
    fn cancelled(&self, io: &OverlappedIo);
}
