//! The overlapped engine: event objects, per-thread APC queues and alertable waits, completion
//! ports, and the life of every overlapped request (issued → pending → completed exactly once).
//!
//! One lock and one condition variable guard all of it: waits re-check their condition whenever
//! anything changes. Simple, and deadlock-free by construction (no callback — APC, completion
//! routine, raw-buffer delivery — runs with the lock held).
//!
//! The three overlapped behaviours of spec/observed-windows.md are produced here, from what the
//! provider returned:
//! 1. provider returned 0 → the request completes at once; unless the provider completed it
//!    itself, the completion reports **0 bytes** with `Internal` = `InternalHigh` = 0;
//! 2. provider returned `WSA_IO_PENDING` → `Internal` = `STATUS_PENDING` until the provider's
//!    `WPUCompleteOverlappedRequest`;
//! 3. provider rejected the call → the request is dropped: no completion, OVERLAPPED untouched.
//!
//! A completion is delivered once: `Internal`/`InternalHigh` are set, the output is handed over,
//! then — with a completion routine — an APC is queued to the issuing thread (the routine gets
//! the Winsock error for the status and `dwFlags` 0); otherwise the `hEvent` (low bit cleared) is
//! signalled, and a packet is queued to the socket's completion port unless the `hEvent` low bit
//! is set.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::api::{
    CompletionRoutine, Event, INFINITE, Overlapped, Port, QueuedCompletion, WAIT_IO_COMPLETION,
    WAIT_OBJECT_0, WAIT_TIMEOUT, WSA_MAXIMUM_WAIT_EVENTS,
};
use crate::error::{NtStatus, Win32Error, WsaError};
use crate::spi::{OverlappedIo, ThreadId};

/// Mirrors a request into memory the engine does not own (the raw C shape's `lpOverlapped` and
/// `lpvOutBuffer`): `on_pending` when the request is started (`Internal` = `STATUS_PENDING`),
/// `on_complete` once at completion, before any notification (event, packet, APC) is made.
pub(crate) struct RawSink {
    pub(crate) on_pending: Box<dyn FnOnce() + Send>,
    pub(crate) on_complete: OnComplete,
}

/// Writes `(status, bytes, output)` of a completed request to caller memory.
pub(crate) type OnComplete = Box<dyn FnOnce(NtStatus, u32, &[u8]) + Send>;

type Apc = Box<dyn FnOnce() + Send>;

#[derive(Debug)]
struct EventObj {
    manual_reset: bool,
    signaled: bool,
}

#[derive(Debug, Default)]
struct PortObj {
    packets: VecDeque<Packet>,
}

#[derive(Debug, Clone)]
struct Packet {
    status: NtStatus,
    bytes: u32,
    key: u64,
    overlapped: Option<Overlapped>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpState {
    /// The provider has not returned yet; a completion arriving now is held.
    Issuing,
    /// Started (`WSA_IO_PENDING` returned).
    Pending,
    /// Completed; output being handed over, notifications not yet made.
    Delivering,
}

struct Op {
    io: OverlappedIo,
    app_socket: u64,
    overlapped: Overlapped,
    routine: Option<CompletionRoutine>,
    port: Option<(u64, u64)>,
    state: OpState,
    held: Option<(NtStatus, u32, Vec<u8>)>,
    sink: Option<RawSink>,
}

#[derive(Default)]
struct State {
    events: BTreeMap<u64, EventObj>,
    ports: BTreeMap<u64, PortObj>,
    apcs: BTreeMap<ThreadId, VecDeque<Apc>>,
    ops: BTreeMap<u64, Op>,
    /// Requests completed so far (for tests of "exactly once").
    completed: u64,
}

/// How completions are delivered where Windows and Wine differ (the overlapped fields of
/// [`crate::profile::Profile`]; the default is Windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DeliveryRules {
    /// [`crate::profile::Profile::routine_completion_posts_to_port`].
    pub(crate) routine_posts_to_port: bool,
    /// [`crate::profile::Profile::not_supported_signals_event`].
    pub(crate) not_supported_signals_event: bool,
    /// [`crate::profile::Profile::pending_writes_internal`].
    pub(crate) pending_writes_internal: bool,
}

impl Default for DeliveryRules {
    fn default() -> Self {
        Self::from_profile(&crate::profile::Profile::default())
    }
}

impl DeliveryRules {
    /// The rules `profile` chooses.
    pub(crate) fn from_profile(profile: &crate::profile::Profile) -> Self {
        Self {
            routine_posts_to_port: profile.routine_completion_posts_to_port,
            not_supported_signals_event: profile.not_supported_signals_event,
            pending_writes_internal: profile.pending_writes_internal,
        }
    }
}

/// The engine. Shared (`Arc`) by the API layer and, through the upcall table, the provider.
pub(crate) struct Engine {
    rules: DeliveryRules,
    st: Mutex<State>,
    cv: Condvar,
    next_handle: AtomicU64,
    next_op: AtomicU64,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = self.lock();
        f.debug_struct("Engine")
            .field("events", &st.events.len())
            .field("ports", &st.ports.len())
            .field("pending_ops", &st.ops.len())
            .field("completed", &st.completed)
            .finish()
    }
}

impl Engine {
    /// An engine delivering completions as Windows does.
    #[cfg(test)]
    pub(crate) fn new() -> Self {
        Self::with_rules(DeliveryRules::default())
    }

    /// An engine delivering completions under `rules`.
    pub(crate) fn with_rules(rules: DeliveryRules) -> Self {
        Self {
            rules,
            st: Mutex::new(State::default()),
            cv: Condvar::new(),
            // Handles are multiples of four, as kernel handles are; start past the small values
            // applications treat specially.
            next_handle: AtomicU64::new(0x100),
            next_op: AtomicU64::new(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A fresh handle value (socket, event or port share one space).
    pub(crate) fn new_handle(&self) -> u64 {
        self.next_handle.fetch_add(4, Ordering::Relaxed)
    }

    // ---- events -------------------------------------------------------------------------

    pub(crate) fn create_event(&self, manual_reset: bool, initial: bool) -> Event {
        let h = self.new_handle();
        self.lock().events.insert(
            h,
            EventObj {
                manual_reset,
                signaled: initial,
            },
        );
        Event(h)
    }

    pub(crate) fn set_event(&self, e: u64, signaled: bool) -> Result<(), WsaError> {
        let mut st = self.lock();
        let ev = st.events.get_mut(&e).ok_or(WsaError::WSA_INVALID_HANDLE)?;
        ev.signaled = signaled;
        drop(st);
        if signaled {
            self.cv.notify_all();
        }
        Ok(())
    }

    pub(crate) fn close_event(&self, e: u64) -> Result<(), WsaError> {
        self.lock()
            .events
            .remove(&e)
            .map(|_| ())
            .ok_or(WsaError::WSA_INVALID_HANDLE)
    }

    pub(crate) fn event_signaled(&self, e: u64) -> Option<bool> {
        self.lock().events.get(&e).map(|ev| ev.signaled)
    }

    // ---- waits --------------------------------------------------------------------------

    fn deadline(timeout_ms: u32) -> Option<Instant> {
        (timeout_ms != INFINITE).then(|| Instant::now() + Duration::from_millis(timeout_ms.into()))
    }

    /// Runs every APC queued for the calling thread; true if any ran.
    fn run_apcs(&self, mut st: MutexGuard<'_, State>, me: ThreadId) -> bool {
        let queue = st.apcs.remove(&me).unwrap_or_default();
        drop(st);
        let ran = !queue.is_empty();
        for apc in queue {
            apc();
        }
        ran
    }

    /// `WSAWaitForMultipleEvents` / `WaitForMultipleObjectsEx` over event handles.
    pub(crate) fn wait_events(
        &self,
        events: &[u64],
        wait_all: bool,
        timeout_ms: u32,
        alertable: bool,
    ) -> Result<u32, WsaError> {
        if events.is_empty() || events.len() > WSA_MAXIMUM_WAIT_EVENTS {
            return Err(WsaError::WSA_INVALID_PARAMETER);
        }
        let me = ThreadId::current();
        let deadline = Self::deadline(timeout_ms);
        let mut st = self.lock();
        loop {
            if alertable && st.apcs.get(&me).is_some_and(|q| !q.is_empty()) {
                self.run_apcs(st, me);
                return Ok(WAIT_IO_COMPLETION);
            }
            if events.iter().any(|e| !st.events.contains_key(e)) {
                return Err(WsaError::WSA_INVALID_HANDLE);
            }
            let sig: Vec<bool> = events.iter().map(|e| st.events[e].signaled).collect();
            let hit = if wait_all {
                sig.iter().all(|&s| s).then_some(0)
            } else {
                sig.iter().position(|&s| s)
            };
            if let Some(i) = hit {
                let consume: Vec<u64> = if wait_all {
                    events.to_vec()
                } else {
                    vec![events[i]]
                };
                for e in consume {
                    let ev = st.events.get_mut(&e).expect("checked above");
                    if !ev.manual_reset {
                        ev.signaled = false;
                    }
                }
                return Ok(WAIT_OBJECT_0 + i as u32);
            }
            st = match self.wait_until(st, deadline) {
                Some(g) => g,
                None => return Ok(WAIT_TIMEOUT),
            };
        }
    }

    /// Waits for a change; `None` when the deadline passed.
    fn wait_until<'a>(
        &self,
        st: MutexGuard<'a, State>,
        deadline: Option<Instant>,
    ) -> Option<MutexGuard<'a, State>> {
        match deadline {
            None => Some(self.cv.wait(st).unwrap_or_else(|p| p.into_inner())),
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return None;
                }
                Some(
                    self.cv
                        .wait_timeout(st, d - now)
                        .unwrap_or_else(|p| p.into_inner())
                        .0,
                )
            }
        }
    }

    /// `SleepEx`.
    pub(crate) fn sleep_ex(&self, ms: u32, alertable: bool) -> u32 {
        let me = ThreadId::current();
        let deadline = Self::deadline(ms);
        let mut st = self.lock();
        loop {
            if alertable && st.apcs.get(&me).is_some_and(|q| !q.is_empty()) {
                self.run_apcs(st, me);
                return WAIT_IO_COMPLETION;
            }
            st = match self.wait_until(st, deadline) {
                Some(g) => g,
                None => return 0,
            };
        }
    }

    /// `WPUQueueApc`.
    pub(crate) fn queue_apc(&self, thread: ThreadId, apc: Apc) {
        self.lock().apcs.entry(thread).or_default().push_back(apc);
        self.cv.notify_all();
    }

    // ---- completion ports -----------------------------------------------------------------

    pub(crate) fn create_port(&self) -> Port {
        let h = self.new_handle();
        self.lock().ports.insert(h, PortObj::default());
        Port(h)
    }

    pub(crate) fn port_exists(&self, p: u64) -> bool {
        self.lock().ports.contains_key(&p)
    }

    pub(crate) fn close_port(&self, p: u64) -> Result<(), Win32Error> {
        let removed = self.lock().ports.remove(&p);
        self.cv.notify_all();
        removed.map(|_| ()).ok_or(Win32Error::ERROR_INVALID_HANDLE)
    }

    pub(crate) fn post(
        &self,
        port: u64,
        status: NtStatus,
        bytes: u32,
        key: u64,
        overlapped: Option<Overlapped>,
    ) -> Result<(), Win32Error> {
        let mut st = self.lock();
        let p = st
            .ports
            .get_mut(&port)
            .ok_or(Win32Error::ERROR_INVALID_HANDLE)?;
        p.packets.push_back(Packet {
            status,
            bytes,
            key,
            overlapped,
        });
        drop(st);
        self.cv.notify_all();
        Ok(())
    }

    /// `GetQueuedCompletionStatus`.
    pub(crate) fn dequeue(
        &self,
        port: u64,
        timeout_ms: u32,
    ) -> Result<QueuedCompletion, Win32Error> {
        let deadline = Self::deadline(timeout_ms);
        let mut st = self.lock();
        loop {
            let p = st
                .ports
                .get_mut(&port)
                .ok_or(Win32Error::ERROR_ABANDONED_WAIT_0)?;
            if let Some(pk) = p.packets.pop_front() {
                let ok = pk.status.is_success();
                return Ok(QueuedCompletion {
                    ok,
                    bytes: pk.bytes,
                    key: pk.key,
                    overlapped: pk.overlapped,
                    error: if ok {
                        Win32Error::ERROR_SUCCESS
                    } else {
                        pk.status.to_win32()
                    },
                });
            }
            st = match self.wait_until(st, deadline) {
                Some(g) => g,
                None => return Err(Win32Error::WAIT_TIMEOUT),
            };
        }
    }

    // ---- requests -------------------------------------------------------------------------

    /// Registers a request before the provider sees it (state `Issuing`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn begin(
        &self,
        app_socket: u64,
        provider_socket: crate::spi::ProviderSocket,
        out_capacity: u32,
        overlapped: Overlapped,
        routine: Option<CompletionRoutine>,
        port: Option<(u64, u64)>,
        sink: Option<RawSink>,
    ) -> OverlappedIo {
        let io = OverlappedIo {
            id: self.next_op.fetch_add(1, Ordering::Relaxed),
            socket: provider_socket,
            out_capacity,
            has_completion_routine: routine.is_some(),
            thread: ThreadId::current(),
        };
        self.lock().ops.insert(
            io.id,
            Op {
                io: io.clone(),
                app_socket,
                overlapped,
                routine,
                port,
                state: OpState::Issuing,
                held: None,
                sink,
            },
        );
        io
    }

    /// `Internal` = `STATUS_PENDING` for a request still being issued (see
    /// [`crate::spi::Upcalls::mark_started`]); nothing under Wine's rule
    /// (`Profile::pending_writes_internal` false).
    pub(crate) fn mark_started(&self, id: u64) {
        let mut st = self.lock();
        if let Some(op) = st.ops.get_mut(&id)
            && op.state == OpState::Issuing
            && self.rules.pending_writes_internal
        {
            // Only Internal: InternalHigh stays as the caller left it (Wine's
            // test_keepalive_vals, outside todo_wine: InternalHigh still 0xdeadbeef).
            let high = op.overlapped.internal_high();
            op.overlapped.set_status(NtStatus::STATUS_PENDING, high);
            if let Some(sink) = op.sink.as_mut() {
                let on_pending = std::mem::replace(&mut sink.on_pending, Box::new(|| {}));
                on_pending();
            }
        }
    }

    /// The provider rejected the call: forget the request, deliver nothing.
    pub(crate) fn reject(&self, id: u64) {
        self.lock().ops.remove(&id);
    }

    /// The provider returned 0: complete now (with what it delivered, else success, 0 bytes).
    pub(crate) fn finish_immediate(&self, id: u64) {
        let mut st = self.lock();
        let Some(op) = st.ops.get_mut(&id) else {
            return;
        };
        let (status, bytes, out) =
            op.held
                .take()
                .unwrap_or((NtStatus::STATUS_SUCCESS, 0, Vec::new()));
        self.deliver(st, id, status, bytes, out, true);
    }

    /// The provider returned `WSA_IO_PENDING`.
    pub(crate) fn mark_pending(&self, id: u64) {
        let mut st = self.lock();
        let Some(op) = st.ops.get_mut(&id) else {
            return;
        };
        if let Some((status, bytes, out)) = op.held.take() {
            // Completed before WSAIoctl returned, yet reported as pending: the always-pending
            // unsupported forms. Wine leaves their event unsignalled
            // (`Profile::not_supported_signals_event`).
            let signal =
                self.rules.not_supported_signals_event || status != NtStatus::STATUS_NOT_SUPPORTED;
            self.deliver(st, id, status, bytes, out, signal);
        } else {
            op.state = OpState::Pending;
            // Wine writes nothing until the final status (`Profile::pending_writes_internal`,
            // docs/wine-divergences.md #16).
            if !self.rules.pending_writes_internal {
                return;
            }
            op.overlapped.set_status(NtStatus::STATUS_PENDING, 0);
            if let Some(sink) = op.sink.as_mut() {
                let on_pending = std::mem::replace(&mut sink.on_pending, Box::new(|| {}));
                on_pending();
            }
        }
    }

    /// `WPUCompleteOverlappedRequest`.
    pub(crate) fn complete(
        &self,
        io: &OverlappedIo,
        error: WsaError,
        bytes: u32,
        output: &[u8],
    ) -> Result<(), WsaError> {
        let mut st = self.lock();
        let op = st.ops.get_mut(&io.id).ok_or(WsaError::WSAEINVAL)?;
        let status = error.to_ntstatus();
        let cap = io.out_capacity as usize;
        let out = output[..output.len().min(cap)].to_vec();
        let bytes = bytes.min(io.out_capacity);
        match op.state {
            OpState::Issuing => {
                if op.held.is_some() {
                    return Err(WsaError::WSAEINVAL);
                }
                op.held = Some((status, bytes, out));
            }
            OpState::Pending => self.deliver(st, io.id, status, bytes, out, true),
            OpState::Delivering => return Err(WsaError::WSAEINVAL),
        }
        Ok(())
    }

    /// Cancels requests matching `pred` with `STATUS_CANCELLED`; returns the cancelled ones.
    pub(crate) fn cancel_where(
        &self,
        pred: impl Fn(&OverlappedIo, u64, &Overlapped) -> bool,
    ) -> Vec<OverlappedIo> {
        let st = self.lock();
        let ids: Vec<u64> = st
            .ops
            .values()
            .filter(|op| {
                op.state == OpState::Pending && pred(&op.io, op.app_socket, &op.overlapped)
            })
            .map(|op| op.io.id)
            .collect();
        drop(st);
        let mut done = Vec::new();
        for id in ids {
            let st = self.lock();
            if let Some(op) = st.ops.get(&id) {
                done.push(op.io.clone());
                self.deliver(st, id, NtStatus::STATUS_CANCELLED, 0, Vec::new(), true);
            }
        }
        done
    }

    /// True while `ov` has a request issued or pending.
    pub(crate) fn is_pending(&self, ov: &Overlapped) -> bool {
        self.lock().ops.values().any(|op| op.overlapped.same(ov))
    }

    /// Blocks until `ov` has no request in flight (for `WSAGetOverlappedResult(fWait)`).
    pub(crate) fn wait_done(&self, ov: &Overlapped) {
        let mut st = self.lock();
        while st.ops.values().any(|op| op.overlapped.same(ov)) {
            st = self.cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Requests completed so far, and requests still in flight.
    pub(crate) fn counts(&self) -> (u64, usize) {
        let st = self.lock();
        (st.completed, st.ops.len())
    }

    /// Completes request `id` (which must exist) and notifies; releases the lock.
    /// `signal_event`: false leaves the `hEvent` unsignalled (the port packet is still posted).
    ///
    /// The request stays in flight (`Delivering`) while its output is handed to the raw sink, so
    /// no notification can be observed before the caller's memory holds the result.
    fn deliver(
        &self,
        mut st: MutexGuard<'_, State>,
        id: u64,
        status: NtStatus,
        bytes: u32,
        out: Vec<u8>,
        signal_event: bool,
    ) {
        let op = st
            .ops
            .get_mut(&id)
            .expect("invariant: deliver on a known request");
        op.state = OpState::Delivering;
        op.overlapped.set_status(status, bytes.into());
        op.overlapped.set_output(&out);
        let sink = op.sink.take();
        drop(st);
        if let Some(sink) = sink {
            (sink.on_complete)(status, bytes, &out);
        }
        let mut st = self.lock();
        let mut op = st
            .ops
            .remove(&id)
            .expect("invariant: a delivering request stays until notified");
        st.completed += 1;
        if let Some(routine) = op.routine.take() {
            let ov = op.overlapped.clone();
            let err = status.to_wsa();
            st.apcs
                .entry(op.io.thread)
                .or_default()
                .push_back(Box::new(move || routine(err, bytes, &ov, 0)));
            // Wine also posts a packet whose lpOverlapped is the routine's address — a pointer
            // that designates no caller's OVERLAPPED, so a dequeuer never recognises it as its
            // own (docs/wine-divergences.md #21); the `hEvent` low bit does not stop it. Windows
            // posts none (spec/004).
            if self.rules.routine_posts_to_port
                && let Some((port, key)) = op.port
                && let Some(p) = st.ports.get_mut(&port)
            {
                p.packets.push_back(Packet {
                    status,
                    bytes,
                    key,
                    overlapped: Some(Overlapped::new()),
                });
            }
        } else {
            let h = op.overlapped.h_event();
            if signal_event
                && h & !1 != 0
                && let Some(ev) = st.events.get_mut(&(h & !1))
            {
                ev.signaled = true;
            }
            if let Some((port, key)) = op.port
                && h & 1 == 0
                && let Some(p) = st.ports.get_mut(&port)
            {
                p.packets.push_back(Packet {
                    status,
                    bytes,
                    key,
                    overlapped: Some(op.overlapped.clone()),
                });
            }
        }
        drop(st);
        self.cv.notify_all();
    }
}

/// The upcall table handed to the provider: the engine plus the socket table's network-event
/// hook.
pub(crate) struct UpcallHandle {
    pub(crate) engine: Arc<Engine>,
    pub(crate) on_network_events: Box<dyn Fn(u64, i32) + Send + Sync>,
}

impl std::fmt::Debug for UpcallHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpcallHandle")
            .field("engine", &self.engine)
            .finish()
    }
}

impl crate::spi::Upcalls for UpcallHandle {
    fn complete_overlapped_request(
        &self,
        io: &OverlappedIo,
        error: WsaError,
        bytes: u32,
        output: &[u8],
    ) -> Result<(), WsaError> {
        self.engine.complete(io, error, bytes, output)
    }

    fn queue_apc(&self, thread: ThreadId, apc: Box<dyn FnOnce() + Send>) -> Result<(), WsaError> {
        self.engine.queue_apc(thread, apc);
        Ok(())
    }

    fn mark_started(&self, io: &OverlappedIo) {
        self.engine.mark_started(io.id);
    }

    fn create_socket_handle(&self) -> u64 {
        self.engine.new_handle()
    }

    fn post_network_events(&self, s: crate::spi::ProviderSocket, events: i32) {
        (self.on_network_events)(s.0, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reset_event_is_consumed_by_one_wait() {
        let e = Engine::new();
        let ev = e.create_event(false, true);
        assert_eq!(e.wait_events(&[ev.0], false, 0, false), Ok(WAIT_OBJECT_0));
        assert_eq!(e.wait_events(&[ev.0], false, 0, false), Ok(WAIT_TIMEOUT));
    }

    #[test]
    fn wait_all_needs_every_event() {
        let e = Engine::new();
        let a = e.create_event(true, true);
        let b = e.create_event(true, false);
        assert_eq!(e.wait_events(&[a.0, b.0], true, 0, false), Ok(WAIT_TIMEOUT));
        e.set_event(b.0, true).unwrap();
        assert_eq!(
            e.wait_events(&[a.0, b.0], true, 0, false),
            Ok(WAIT_OBJECT_0)
        );
        assert_eq!(
            e.wait_events(&[b.0, a.0], false, 0, false),
            Ok(WAIT_OBJECT_0)
        );
    }

    #[test]
    fn apcs_run_only_in_alertable_waits_of_their_thread() {
        let e = Arc::new(Engine::new());
        let ran = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let r = ran.clone();
        e.queue_apc(
            ThreadId::current(),
            Box::new(move || {
                r.fetch_add(1, Ordering::SeqCst);
            }),
        );
        assert_eq!(e.sleep_ex(0, false), 0);
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        let e2 = e.clone();
        let other = std::thread::spawn(move || e2.sleep_ex(0, true))
            .join()
            .unwrap();
        assert_eq!(other, 0, "another thread's alertable wait does not run it");
        assert_eq!(e.sleep_ex(0, true), WAIT_IO_COMPLETION);
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        assert_eq!(e.sleep_ex(0, true), 0, "each APC runs once");
    }

    #[test]
    fn port_timeout_and_fifo() {
        let e = Engine::new();
        let p = e.create_port();
        assert_eq!(e.dequeue(p.0, 0).unwrap_err(), Win32Error::WAIT_TIMEOUT);
        e.post(p.0, NtStatus::STATUS_SUCCESS, 1, 7, None).unwrap();
        e.post(p.0, NtStatus::STATUS_NOT_SUPPORTED, 2, 8, None)
            .unwrap();
        let a = e.dequeue(p.0, 0).unwrap();
        assert!(a.ok && a.bytes == 1 && a.key == 7);
        let b = e.dequeue(p.0, 0).unwrap();
        assert!(!b.ok && b.error == Win32Error::ERROR_NOT_SUPPORTED);
    }

    #[test]
    fn a_request_completes_exactly_once() {
        let e = Engine::new();
        let ov = Overlapped::new();
        let io = e.begin(
            4,
            crate::spi::ProviderSocket(4),
            8,
            ov.clone(),
            None,
            None,
            None,
        );
        e.mark_pending(io.id);
        assert_eq!(ov.internal(), NtStatus::STATUS_PENDING);
        assert_eq!(
            e.complete(&io, WsaError::NO_ERROR, 4, &[1, 2, 3, 4]),
            Ok(())
        );
        assert_eq!(
            e.complete(&io, WsaError::NO_ERROR, 4, &[1, 2, 3, 4]),
            Err(WsaError::WSAEINVAL)
        );
        assert_eq!(ov.internal(), NtStatus::STATUS_SUCCESS);
        assert_eq!(ov.internal_high(), 4);
        assert_eq!(ov.output(), vec![1, 2, 3, 4]);
        assert_eq!(e.counts(), (1, 0));
    }
}
