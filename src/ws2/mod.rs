//! The emulated API layer: what ws2_32.dll does before and after a provider.
//!
//! [`Ws2`] owns the socket table, the per-thread last-error slots and the overlapped engine, and
//! reaches its provider only through [`crate::spi::Provider`]. The rules Windows applies to every
//! control code before any provider sees the call live here, once
//! (spec/observed-windows.md, "Argument rules that apply to every control code"):
//!
//! 1. `lpcbBytesReturned == NULL` fails with `WSAEFAULT`, in every mode, before anything else —
//!    even before the socket is looked up and before "unknown code";
//! 2. an unknown or closed `SOCKET` is `WSAENOTSOCK`;
//! 3. on a socket created without `WSA_FLAG_OVERLAPPED`, `lpOverlapped` and
//!    `lpCompletionRoutine` are ignored (spec/000: "ignored for non-overlapped sockets");
//! 4. FIONBIO clearing nonblocking mode while `WSAEventSelect`/`WSAAsyncSelect` is registered
//!    fails with `WSAEINVAL` (spec/000, spec/003 FIONBIO) and `*lpcbBytesReturned` = 0 (Wine's
//!    `test_fionbio`, Windows side);
//! 5. the call goes to the provider; its answer is turned into one of the three overlapped
//!    behaviours by the engine (module `overlapped`);
//! 6. the thread's last error is set — to 0 on success.
//!
//! Two call shapes: the safe one ([`crate::api::Winsock::wsa_ioctl`] /
//! [`crate::api::Winsock::wsa_ioctl_args`]) and the exact C signature over raw pointers
//! ([`raw::WSAIoctl`]), the only `unsafe` of the layer.

pub(crate) mod overlapped;
pub mod raw;
pub mod socket_table;

use std::sync::Arc;

use crate::api::{
    Completion, CompletionRoutine, Event, IoctlArgs, IoctlOutcome, Overlapped, Port,
    QueuedCompletion, Socket, Winsock,
};
use crate::catalog;
use crate::code::ControlCode;
use crate::error::{NtStatus, Win32Error, WsaError};
use crate::profile::Profile;
use crate::spi::{
    BytesReturned, InBuf, OutBuf, Provider, SOCKET_ERROR, SocketKind, SocketOp, SocketOpResult,
    ThreadId,
};
use overlapped::{DeliveryRules, Engine, RawSink, UpcallHandle};
use socket_table::{SocketEntry, SocketTable};

/// Numbers the stacks of the process, for the per-thread last-error slots.
static NEXT_STACK_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// How many stacks' last errors one thread remembers (most recently used first). A thread that
/// used more stacks since it last touched one reads that one's last error as 0.
const LAST_ERROR_SLOTS: usize = 64;

thread_local! {
    /// `WSAGetLastError` is per thread (and here per stack): `(stack id, error)` pairs of the
    /// calling thread, without a lock on the call path.
    static LAST_ERROR: std::cell::RefCell<Vec<(u64, WsaError)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `FIONBIO` (`_IOW('f', 126, u_long)`).
const FIONBIO: ControlCode = ControlCode(0x8004_667e);
/// `ERROR_NOT_FOUND` — CancelIo/CancelIoEx found nothing to cancel.
const ERROR_NOT_FOUND: Win32Error = Win32Error(1168);

/// The emulated ws2_32: an API layer over one provider.
///
/// ```
/// use std::sync::Arc;
/// use wsaioctl::api::{Completion, IoctlOutcome, Winsock};
/// use wsaioctl::emulated::EmulatedProvider;
/// use wsaioctl::ws2::Ws2;
/// use wsaioctl::{ControlCode, WsaError};
///
/// let ws2 = Ws2::new(Arc::new(EmulatedProvider::default()));
/// let s = ws2.socket(2, 1, 6).unwrap(); // AF_INET, SOCK_STREAM, IPPROTO_TCP
/// let mut out = [0u8; 4];
/// // FIONREAD on a fresh stream socket: 0 bytes queued.
/// let r = ws2.wsa_ioctl(s, ControlCode(0x4004_667f), None, Some(&mut out), Completion::None);
/// assert_eq!(r, IoctlOutcome::Completed { bytes: 4 });
/// assert_eq!(ws2.wsa_get_last_error(), WsaError::NO_ERROR);
/// ```
pub struct Ws2 {
    provider: Arc<dyn Provider>,
    engine: Arc<Engine>,
    sockets: Arc<SocketTable>,
    /// This stack's key in every thread's last-error slots ([`LAST_ERROR`]).
    id: u64,
    null_bytes_returned_first: bool,
    wine_quirks: bool,
    fionbio_routine_on_port_fails: bool,
    non_overlapped_ignores_overlapped: bool,
}

impl std::fmt::Debug for Ws2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ws2")
            .field("provider", &self.provider)
            .field("engine", &self.engine)
            .field("sockets", &self.sockets.len())
            .finish()
    }
}

impl Ws2 {
    /// An API layer over `provider` (calls its `WSPStartup` with the upcall table).
    pub fn new(provider: Arc<dyn Provider>) -> Self {
        Self::with_profile(provider, &Profile::default())
    }

    /// An API layer over `provider` applying the API-level choices of `profile`
    /// (`null_bytes_returned_first`, and Wine's FIONBIO size quirk under `wine_quirks`). Give the
    /// emulated provider the same profile (or use [`crate::emulated::stack`]).
    pub fn with_profile(provider: Arc<dyn Provider>, profile: &Profile) -> Self {
        let engine = Arc::new(Engine::with_rules(DeliveryRules::from_profile(profile)));
        let sockets = Arc::new(SocketTable::default());
        let (e2, t2) = (engine.clone(), sockets.clone());
        let upcalls = Arc::new(UpcallHandle {
            engine: engine.clone(),
            on_network_events: Box::new(move |s, events| {
                let ev = t2.with(Socket(s), |entry| {
                    entry.network_events |= events;
                    entry
                        .event_select
                        .filter(|(_, mask)| mask & events != 0)
                        .map(|(ev, _)| ev)
                });
                if let Ok(Some(ev)) = ev {
                    let _ = e2.set_event(ev.0, true);
                }
            }),
        });
        provider.startup(upcalls);
        Self {
            provider,
            engine,
            sockets,
            id: NEXT_STACK_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            null_bytes_returned_first: profile.null_bytes_returned_first,
            wine_quirks: profile.wine_quirks,
            fionbio_routine_on_port_fails: profile.fionbio_routine_on_port_fails,
            non_overlapped_ignores_overlapped: profile.non_overlapped_ignores_overlapped,
        }
    }

    /// The provider below.
    pub fn provider(&self) -> &Arc<dyn Provider> {
        &self.provider
    }

    /// Overlapped requests completed so far and still in flight (for "exactly once" checks).
    pub fn request_counts(&self) -> (u64, usize) {
        self.engine.counts()
    }

    /// Open sockets.
    pub fn socket_count(&self) -> usize {
        self.sockets.len()
    }

    fn set_error<T>(&self, r: Result<T, WsaError>) -> Result<T, WsaError> {
        let e = match &r {
            Ok(_) => WsaError::NO_ERROR,
            Err(e) => *e,
        };
        self.wsa_set_last_error(e);
        r
    }

    /// `WSACreateEvent`-like `CreateEvent(NULL, manual_reset, initial, NULL)`.
    pub fn create_event(&self, manual_reset: bool, initial: bool) -> Event {
        self.engine.create_event(manual_reset, initial)
    }

    /// Whether `e` is signalled (`None` for an unknown handle) — a test helper, not a Win32 API.
    pub fn event_is_set(&self, e: Event) -> Option<bool> {
        self.engine.event_signaled(e.0)
    }

    /// `WSAAsyncSelect(s, hwnd, msg, mask)` — registration only (no message loop is modelled).
    pub fn wsa_async_select(
        &self,
        s: Socket,
        hwnd: u64,
        msg: u32,
        mask: i32,
    ) -> Result<(), WsaError> {
        let r = self.select(s, mask, |e| {
            e.async_select = (mask != 0).then_some((hwnd, msg, mask));
        });
        self.set_error(r)
    }

    fn select(
        &self,
        s: Socket,
        mask: i32,
        f: impl FnOnce(&mut SocketEntry),
    ) -> Result<(), WsaError> {
        let p = self.sockets.get(s)?.provider;
        self.provider.socket_op(p, SocketOp::Select(mask))?;
        self.sockets.with(s, |e| {
            f(e);
            if mask != 0 {
                e.nonblocking = true;
            }
        })
    }

    /// `WSAEnumNetworkEvents(s, event, …)` — returns and clears the recorded `FD_*` bits (and
    /// resets `event` if given).
    pub fn wsa_enum_network_events(
        &self,
        s: Socket,
        event: Option<Event>,
    ) -> Result<i32, WsaError> {
        let r = self
            .sockets
            .with(s, |e| std::mem::take(&mut e.network_events));
        if let (Ok(_), Some(ev)) = (&r, event) {
            let _ = self.engine.set_event(ev.0, false);
        }
        self.set_error(r)
    }

    fn op(&self, s: Socket, op: SocketOp<'_>) -> Result<SocketOpResult, WsaError> {
        let r = self
            .sockets
            .get(s)
            .and_then(|e| self.provider.socket_op(e.provider, op));
        self.set_error(r)
    }

    /// `bind(s, addr)` — `addr` is a SOCKADDR in Windows layout.
    pub fn bind(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        self.op(s, SocketOp::Bind(addr)).map(|_| ())
    }

    /// `listen(s, backlog)`.
    pub fn listen(&self, s: Socket, backlog: i32) -> Result<(), WsaError> {
        self.op(s, SocketOp::Listen(backlog)).map(|_| ())
    }

    /// `connect(s, addr)`.
    pub fn connect(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        self.op(s, SocketOp::Connect(addr)).map(|_| ())
    }

    /// `send(s, data, flags)` (`MSG_OOB` = 1 sends urgent data).
    pub fn send(&self, s: Socket, data: &[u8], flags: i32) -> Result<usize, WsaError> {
        self.op(s, SocketOp::Send(data, flags)).map(|r| match r {
            SocketOpResult::Sent(n) => n,
            SocketOpResult::Done => 0,
        })
    }

    /// `sendto(s, data, flags, addr)`.
    pub fn sendto(
        &self,
        s: Socket,
        data: &[u8],
        flags: i32,
        addr: &[u8],
    ) -> Result<usize, WsaError> {
        self.op(s, SocketOp::SendTo(data, flags, addr))
            .map(|r| match r {
                SocketOpResult::Sent(n) => n,
                SocketOpResult::Done => 0,
            })
    }

    /// `setsockopt(s, level, name, value)`.
    pub fn setsockopt(
        &self,
        s: Socket,
        level: i32,
        name: i32,
        value: &[u8],
    ) -> Result<(), WsaError> {
        self.op(s, SocketOp::SetSockOpt(level, name, value))
            .map(|_| ())
    }

    /// `shutdown(s, how)`.
    pub fn shutdown(&self, s: Socket, how: i32) -> Result<(), WsaError> {
        self.op(s, SocketOp::Shutdown(how)).map(|_| ())
    }

    /// `accept(s, NULL, NULL)` — the accepted socket joins the table with the listener's flags.
    pub fn accept(&self, s: Socket) -> Result<Socket, WsaError> {
        let r = self.sockets.get(s).and_then(|listener| {
            let (p, kind) = self.provider.accept(listener.provider)?;
            let a = Socket(p.0);
            self.sockets.insert(
                a,
                SocketEntry {
                    provider: p,
                    kind,
                    flags: listener.flags,
                    nonblocking: false,
                    event_select: None,
                    async_select: None,
                    port: None,
                    network_events: 0,
                },
            )?;
            Ok(a)
        });
        self.set_error(r)
    }

    /// `recv(s, buf, flags)`.
    pub fn recv(&self, s: Socket, buf: &mut [u8], flags: i32) -> Result<usize, WsaError> {
        let r = self
            .sockets
            .get(s)
            .and_then(|e| self.provider.recv(e.provider, buf, flags));
        self.set_error(r)
    }

    /// The core of `WSAIoctl`: the API layer's checks, the provider call, the engine.
    ///
    /// `sink`: for the raw shape, delivers a pending request's output to caller memory.
    pub(crate) fn ioctl_inner(
        &self,
        args: IoctlArgs<'_>,
        initial_bytes: u32,
        sink: Option<RawSink>,
    ) -> IoctlOutcome {
        let outcome = self.ioctl_checked(args, initial_bytes, sink);
        self.wsa_set_last_error(outcome.error());
        outcome
    }

    fn ioctl_checked(
        &self,
        args: IoctlArgs<'_>,
        initial_bytes: u32,
        sink: Option<RawSink>,
    ) -> IoctlOutcome {
        let fail = |error| IoctlOutcome::Failed {
            error,
            bytes_returned: None,
        };
        // Rule 1: NULL lpcbBytesReturned before everything (spec/observed-windows.md) — before
        // the socket too unless the profile says otherwise (Windows is untested there).
        if args.bytes_returned_null && self.null_bytes_returned_first {
            return fail(WsaError::WSAEFAULT);
        }
        // Rule 2: the socket.
        let entry = match self.sockets.get(args.socket) {
            Ok(e) => e,
            Err(e) => return fail(e),
        };
        if args.bytes_returned_null {
            return fail(WsaError::WSAEFAULT);
        }
        let input = match args.input {
            Some(d) => InBuf::new(d),
            None => InBuf::null(args.null_input_len),
        };
        let output = match args.output {
            Some(d) => OutBuf::new(d),
            None => OutBuf::null(args.null_output_len),
        };
        // Rule 3: overlapped arguments are ignored on a non-overlapped socket (not by Wine:
        // `Profile::non_overlapped_ignores_overlapped`).
        let completion = if entry.overlapped_capable() || !self.non_overlapped_ignores_overlapped {
            args.completion
        } else {
            Completion::None
        };
        // Rule 4: FIONBIO back to blocking while a select is registered.
        let fionbio_value = (args.code == FIONBIO)
            .then(|| {
                input
                    .at_least(4)
                    .map(|d| u32::from_le_bytes([d[0], d[1], d[2], d[3]]))
            })
            .flatten();
        if fionbio_value == Some(0) && entry.select_mask() != 0 {
            // Windows writes `*lpcbBytesReturned` = 0 on this failure (Wine's `test_fionbio`,
            // `todo_wine ok(!size)`; Wine itself leaves it).
            return IoctlOutcome::Failed {
                error: WsaError::WSAEINVAL,
                bytes_returned: (!self.wine_quirks).then_some(0),
            };
        }
        // FIONBIO with a completion routine on a socket bound to a completion port: Wine 8.0
        // refuses it (WSAEINVAL, nothing written, the routine never runs); Windows runs the
        // routine (`Profile::fionbio_routine_on_port_fails`).
        if args.code == FIONBIO
            && self.fionbio_routine_on_port_fails
            && matches!(completion, Completion::Routine(..))
            && entry.port.is_some()
        {
            return fail(WsaError::WSAEINVAL);
        }

        let mut bytes = BytesReturned::new(initial_bytes);
        let mut errno = WsaError::NO_ERROR;
        let thread = ThreadId::current();
        let ret;
        let outcome = match completion {
            Completion::None => {
                ret = self.provider.ioctl(
                    entry.provider,
                    args.code,
                    input,
                    output,
                    &mut bytes,
                    None,
                    thread,
                    &mut errno,
                );
                Self::outcome(ret, errno, bytes)
            }
            Completion::Overlapped(ov) => {
                self.overlapped_call(&entry, args.code, input, output, ov, None, sink, &mut bytes)
            }
            Completion::Routine(ov, routine) => self.overlapped_call(
                &entry,
                args.code,
                input,
                output,
                ov,
                Some(routine),
                sink,
                &mut bytes,
            ),
        };
        if let (Some(v), IoctlOutcome::Completed { .. }) = (fionbio_value, &outcome) {
            let _ = self.sockets.with(args.socket, |e| e.nonblocking = v != 0);
        }
        outcome
    }

    #[allow(clippy::too_many_arguments)]
    fn overlapped_call(
        &self,
        entry: &SocketEntry,
        code: ControlCode,
        input: InBuf<'_>,
        output: OutBuf<'_>,
        ov: Overlapped,
        routine: Option<CompletionRoutine>,
        sink: Option<RawSink>,
        bytes: &mut BytesReturned,
    ) -> IoctlOutcome {
        let io = self.engine.begin(
            entry.provider.0,
            entry.provider,
            output.len(),
            ov,
            routine,
            entry.port,
            sink,
        );
        let mut errno = WsaError::NO_ERROR;
        let ret = self.provider.ioctl(
            entry.provider,
            code,
            input,
            output,
            bytes,
            Some(&io),
            io.thread,
            &mut errno,
        );
        if ret == 0 {
            self.engine.finish_immediate(io.id);
        } else if errno == WsaError::WSA_IO_PENDING {
            self.engine.mark_pending(io.id);
        } else {
            self.engine.reject(io.id);
        }
        Self::outcome(ret, errno, *bytes)
    }

    fn outcome(ret: i32, errno: WsaError, bytes: BytesReturned) -> IoctlOutcome {
        if ret == 0 {
            IoctlOutcome::Completed {
                bytes: bytes.value(),
            }
        } else if errno == WsaError::WSA_IO_PENDING {
            IoctlOutcome::Pending
        } else {
            debug_assert_eq!(ret, SOCKET_ERROR);
            IoctlOutcome::Failed {
                error: if errno == WsaError::NO_ERROR {
                    // A provider broke its contract (SOCKET_ERROR without an error): report the
                    // generic failure rather than "success".
                    WsaError::WSAEINVAL
                } else {
                    errno
                },
                bytes_returned: bytes.written(),
            }
        }
    }

    /// `WSAIoctl` with every argument, `*lpcbBytesReturned` holding `initial` before the call.
    ///
    /// The safe shape starts the slot at 0, so "written as 0" and "left untouched" look alike on
    /// success; a caller that must tell them apart (the conformance scenarios, following Wine's
    /// tests, which preset `0xdeadbeef`) passes a sentinel here and compares the
    /// [`IoctlOutcome::Completed`] value with it.
    pub fn wsa_ioctl_args_with_initial(&self, args: IoctlArgs<'_>, initial: u32) -> IoctlOutcome {
        self.ioctl_inner(args, initial, None)
    }

    /// Looks up the catalog name of a code for messages.
    pub fn code_name(code: ControlCode) -> String {
        catalog::lookup(code)
            .next()
            .map_or_else(|| format!("{code}"), |e| e.name.to_string())
    }
}

impl Winsock for Ws2 {
    fn wsa_socket(
        &self,
        family: u16,
        ty: i32,
        protocol: i32,
        flags: u32,
    ) -> Result<Socket, WsaError> {
        let kind = SocketKind {
            family,
            ty,
            protocol,
        };
        let r = self.provider.socket(kind).and_then(|p| {
            let s = Socket(p.0);
            let entry = SocketEntry {
                provider: p,
                kind,
                flags,
                nonblocking: false,
                event_select: None,
                async_select: None,
                port: None,
                network_events: 0,
            };
            match self.sockets.insert(s, entry) {
                Ok(()) => Ok(s),
                Err(e) => {
                    let _ = self.provider.close_socket(p);
                    Err(e)
                }
            }
        });
        self.set_error(r)
    }

    fn closesocket(&self, s: Socket) -> Result<(), WsaError> {
        let r = self.sockets.remove(s).map(|entry| {
            // Pending work completes with WSA_OPERATION_ABORTED (spec/observed-windows.md,
            // "Closing a socket completes its pending operations with WSA_OPERATION_ABORTED").
            for io in self.engine.cancel_where(|_, app, _| app == s.0) {
                self.provider.cancelled(&io);
            }
            let _ = self.provider.close_socket(entry.provider);
        });
        self.set_error(r)
    }

    fn wsa_ioctl_args(&self, args: IoctlArgs<'_>) -> IoctlOutcome {
        self.ioctl_inner(args, 0, None)
    }

    fn ioctlsocket(&self, s: Socket, cmd: ControlCode, argp: &mut u32) -> Result<(), WsaError> {
        // ioctlsocket passes one u_long both ways (winsock.h: `u_long FAR *argp`).
        let mut buf = argp.to_le_bytes();
        let inb = buf;
        let outcome = self.wsa_ioctl_args(IoctlArgs {
            socket: s,
            code: cmd,
            input: Some(&inb),
            output: Some(&mut buf),
            ..Default::default()
        });
        match outcome {
            IoctlOutcome::Completed { .. } => {
                *argp = u32::from_le_bytes(buf);
                Ok(())
            }
            other => Err(other.error()),
        }
    }

    fn wsa_get_last_error(&self) -> WsaError {
        LAST_ERROR.with(|slots| {
            slots
                .borrow()
                .iter()
                .find(|(id, _)| *id == self.id)
                .map_or(WsaError::NO_ERROR, |&(_, e)| e)
        })
    }

    fn wsa_set_last_error(&self, e: WsaError) {
        LAST_ERROR.with(|slots| {
            let mut slots = slots.borrow_mut();
            match slots.iter().position(|(id, _)| *id == self.id) {
                // Most recently used first: the common case is one stack per thread.
                Some(0) => slots[0].1 = e,
                Some(i) => {
                    slots.remove(i);
                    slots.insert(0, (self.id, e));
                }
                None => {
                    slots.insert(0, (self.id, e));
                    slots.truncate(LAST_ERROR_SLOTS);
                }
            }
        })
    }

    fn wsa_create_event(&self) -> Result<Event, WsaError> {
        let e = self.engine.create_event(true, false);
        self.wsa_set_last_error(WsaError::NO_ERROR);
        Ok(e)
    }

    fn wsa_set_event(&self, e: Event) -> Result<(), WsaError> {
        let r = self.engine.set_event(e.0, true);
        self.set_error(r)
    }

    fn wsa_reset_event(&self, e: Event) -> Result<(), WsaError> {
        let r = self.engine.set_event(e.0, false);
        self.set_error(r)
    }

    fn wsa_close_event(&self, e: Event) -> Result<(), WsaError> {
        let r = self.engine.close_event(e.0);
        self.set_error(r)
    }

    fn wsa_wait_for_multiple_events(
        &self,
        events: &[Event],
        wait_all: bool,
        timeout_ms: u32,
        alertable: bool,
    ) -> u32 {
        let hs: Vec<u64> = events.iter().map(|e| e.0).collect();
        match self
            .engine
            .wait_events(&hs, wait_all, timeout_ms, alertable)
        {
            Ok(r) => r,
            Err(e) => {
                self.wsa_set_last_error(e);
                crate::api::WSA_WAIT_FAILED
            }
        }
    }

    fn sleep_ex(&self, ms: u32, alertable: bool) -> u32 {
        self.engine.sleep_ex(ms, alertable)
    }

    fn wsa_event_select(&self, s: Socket, event: Option<Event>, mask: i32) -> Result<(), WsaError> {
        if let Some(ev) = event
            && mask != 0
            && self.engine.event_signaled(ev.0).is_none()
        {
            return self.set_error(Err(WsaError::WSAEINVAL));
        }
        let r = self.select(s, mask, |e| {
            e.event_select = match (event, mask) {
                (Some(ev), m) if m != 0 => Some((ev, m)),
                _ => None,
            };
        });
        self.set_error(r)
    }

    /// A socket is associated once; it must have been opened for overlapped I/O (created with
    /// `WSA_FLAG_OVERLAPPED`, as `socket()` does): Microsoft's CreateIoCompletionPort reference,
    /// "If a handle is provided, it has to have been opened for overlapped I/O completion"; Wine
    /// 8.0 answers ERROR_INVALID_PARAMETER for a non-overlapped socket (observed by the
    /// `non-overlapped-socket` scenario under wine64), the error modelled here. The socket is
    /// checked before a new port is made, so a refused association leaves no port behind.
    fn create_io_completion_port(
        &self,
        s: Option<Socket>,
        existing: Option<Port>,
        key: u64,
    ) -> Result<Port, Win32Error> {
        if let Some(p) = existing
            && !self.engine.port_exists(p.0)
        {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        if let Some(s) = s {
            self.sockets
                .with(s, |e| {
                    if e.port.is_some() || !e.overlapped_capable() {
                        Err(Win32Error::ERROR_INVALID_PARAMETER)
                    } else {
                        Ok(())
                    }
                })
                .map_err(|_| Win32Error::ERROR_INVALID_HANDLE)??;
        }
        let port = existing.unwrap_or_else(|| self.engine.create_port());
        if let Some(s) = s {
            self.sockets
                .with(s, |e| e.port = Some((port.0, key)))
                .map_err(|_| Win32Error::ERROR_INVALID_HANDLE)?;
        }
        Ok(port)
    }

    fn get_queued_completion_status(
        &self,
        port: Port,
        timeout_ms: u32,
    ) -> Result<QueuedCompletion, Win32Error> {
        self.engine.dequeue(port.0, timeout_ms)
    }

    fn post_queued_completion_status(
        &self,
        port: Port,
        bytes: u32,
        key: u64,
        overlapped: Option<Overlapped>,
    ) -> Result<(), Win32Error> {
        self.engine
            .post(port.0, NtStatus::STATUS_SUCCESS, bytes, key, overlapped)
    }

    fn close_port(&self, port: Port) -> Result<(), Win32Error> {
        self.engine.close_port(port.0)
    }

    fn wsa_get_overlapped_result(
        &self,
        s: Socket,
        ov: &Overlapped,
        wait: bool,
    ) -> Result<(u32, u32), WsaError> {
        let r = self.sockets.get(s).and_then(|_| {
            if wait {
                self.engine.wait_done(ov);
            }
            let status = ov.internal();
            if status.is_pending() && self.engine.is_pending(ov) {
                return Err(WsaError::WSA_IO_INCOMPLETE);
            }
            let bytes = ov.internal_high() as u32;
            match status.to_wsa() {
                WsaError::NO_ERROR => Ok((bytes, 0)),
                e => Err(e),
            }
        });
        self.set_error(r)
    }

    fn cancel_io(&self, s: Socket) -> Result<(), Win32Error> {
        let me = ThreadId::current();
        self.sockets
            .get(s)
            .map_err(|_| Win32Error::ERROR_INVALID_HANDLE)?;
        let done = self
            .engine
            .cancel_where(|io, app, _| app == s.0 && io.thread == me);
        self.finish_cancel(done)
    }

    fn cancel_io_ex(&self, s: Socket, ov: Option<&Overlapped>) -> Result<(), Win32Error> {
        self.sockets
            .get(s)
            .map_err(|_| Win32Error::ERROR_INVALID_HANDLE)?;
        let done = self
            .engine
            .cancel_where(|_, app, o| app == s.0 && ov.is_none_or(|want| want.same(o)));
        self.finish_cancel(done)
    }
}

impl crate::api::SocketOps for Ws2 {
    fn bind(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        Ws2::bind(self, s, addr)
    }
    fn listen(&self, s: Socket, backlog: i32) -> Result<(), WsaError> {
        Ws2::listen(self, s, backlog)
    }
    fn connect(&self, s: Socket, addr: &[u8]) -> Result<(), WsaError> {
        Ws2::connect(self, s, addr)
    }
    fn accept(&self, s: Socket) -> Result<Socket, WsaError> {
        Ws2::accept(self, s)
    }
}

impl Ws2 {
    fn finish_cancel(&self, done: Vec<crate::spi::OverlappedIo>) -> Result<(), Win32Error> {
        if done.is_empty() {
            return Err(ERROR_NOT_FOUND);
        }
        for io in &done {
            self.provider.cancelled(io);
        }
        Ok(())
    }
}
