//! Runs a [`Scenario`] against a [`Backend`]: every step's observed values, compared field by
//! field with its `expect` table.
//!
//! # How expectations compare
//! `expect` lists any subset of the step's report fields; each is compared exactly, recursively
//! (a nested table compares the keys it lists, an array element by element). TOML has no null,
//! so the string `"null"` (or `"untouched"`, which reads better for `bytes_returned`) stands for
//! it. An error field (`{"name": …, "code": …}`) may be expected as its name (`"WSAEFAULT"`), its
//! number, or the whole table. Hex strings compare case-insensitively. A string `"$field"` stands
//! for the value of another top-level field of the same report (`output = "$socket"`); in a hex
//! field it stands for that number's little-endian bytes, as many as the field holds (at most 8:
//! `output_hex = "$socket"` for a buffer holding the first bytes of the handle). A key the
//! report does not have is itself a difference, so a misspelt expectation cannot pass.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{WAIT_IO_COMPLETION, WAIT_OBJECT_0};
use crate::emulated::EmulatedProvider;
use crate::error::WsaError;
use crate::ws2::Ws2;

use super::backend::{Backend, Emulated};
use super::call::{
    self, CallResult, ErrorValue, NetworkEvents, Outputs, PendingCall, SocketCtx, hex,
};
use super::format::{Action, Scenario, Step, WaitTarget};

/// How long a background call is given to return before it counts as blocked.
const BLOCK_GRACE: Duration = Duration::from_millis(50);
/// How long a `wait` on a background call waits when the step gives no timeout.
const BACKGROUND_WAIT: Duration = Duration::from_secs(2);

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The field path (`completion.status`).
    pub field: String,
    /// What the scenario expects.
    pub expected: String,
    /// What the step reported.
    pub actual: String,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    /// 1-based position in the scenario.
    pub index: usize,
    /// One line: `call FIONREAD on c`.
    pub summary: String,
    /// Everything the step observed, as JSON.
    pub actual: Value,
    /// The fields that differ from `expect`.
    pub diffs: Vec<Diff>,
    /// The step could not run as written (a setup failure, an unexpected socket error).
    pub error: Option<String>,
    /// The step was compared with its declared Linux divergence (`expect_linux`): the reason.
    pub divergence: Option<String>,
}

impl StepReport {
    /// No difference and no error (against `expect_linux` where a divergence is declared).
    pub fn passed(&self) -> bool {
        self.diffs.is_empty() && self.error.is_none()
    }

    /// Passed, as the declared divergence says the Linux translation answers.
    pub fn diverged(&self) -> bool {
        self.passed() && self.divergence.is_some()
    }
}

/// A scenario's outcome on one backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Every step reported what `expect` says.
    Passed,
    /// Every step passed, some as a declared divergence of the Linux translation says.
    Diverged,
    /// A step differed, or the setup failed.
    Failed,
    /// The scenario does not run on this backend (not declared, or its host cannot be built).
    NotApplicable,
}

impl Status {
    /// `"pass"`, `"expected divergence"`, `"FAIL"`, `"not applicable"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Passed => "pass",
            Self::Diverged => "expected divergence",
            Self::Failed => "FAIL",
            Self::NotApplicable => "not applicable",
        }
    }
}

/// What a scenario did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The scenario's file.
    pub file: String,
    /// Its title.
    pub title: String,
    /// What it cites.
    pub cites: Vec<String>,
    /// The control codes its calls use.
    pub codes: Vec<String>,
    /// The backend it ran on.
    pub backend: String,
    /// Why the scenario did not run on this backend (no step ran).
    pub not_applicable: Option<String>,
    /// Setting up the host or the sockets failed (no step ran).
    pub setup_error: Option<String>,
    /// One report per step.
    pub steps: Vec<StepReport>,
}

impl Report {
    /// A report for `scenario` on `backend` with no step run yet.
    pub fn new(scenario: &Scenario, backend: &str) -> Self {
        Self {
            file: scenario.file.clone(),
            title: scenario.title.clone(),
            cites: scenario.cites.clone(),
            codes: scenario.codes(),
            backend: backend.to_string(),
            not_applicable: None,
            setup_error: None,
            steps: Vec::new(),
        }
    }

    /// The report of a scenario that does not run on `backend`, and why.
    pub fn not_applicable(scenario: &Scenario, backend: &str, why: impl Into<String>) -> Self {
        Self {
            not_applicable: Some(why.into()),
            ..Self::new(scenario, backend)
        }
    }

    /// Pass, expected divergence, fail or not applicable.
    pub fn status(&self) -> Status {
        if self.not_applicable.is_some() {
            Status::NotApplicable
        } else if self.setup_error.is_some() || !self.steps.iter().all(StepReport::passed) {
            Status::Failed
        } else if self.steps.iter().any(StepReport::diverged) {
            Status::Diverged
        } else {
            Status::Passed
        }
    }

    /// It ran and every step passed (some perhaps as a declared divergence).
    pub fn passed(&self) -> bool {
        matches!(self.status(), Status::Passed | Status::Diverged)
    }

    /// Steps that passed as a declared divergence.
    pub fn steps_diverged(&self) -> usize {
        self.steps.iter().filter(|s| s.diverged()).count()
    }

    /// Steps that passed.
    pub fn steps_passed(&self) -> usize {
        self.steps.iter().filter(|s| s.passed()).count()
    }

    /// The readable report: a line per step, and under each failing one its differences.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let verdict = match self.status() {
            Status::Passed => "ok",
            Status::Diverged => "ok, expected divergence",
            Status::Failed => "FAILED",
            Status::NotApplicable => "not applicable",
        };
        let on = if self.backend == super::format::EMULATED {
            String::new()
        } else {
            format!("  ({})", self.backend)
        };
        let _ = writeln!(out, "{}  {}{on}  [{verdict}]", self.file, self.title);
        if let Some(e) = &self.not_applicable {
            let _ = writeln!(out, "  not applicable to {}: {e}", self.backend);
            return out;
        }
        if let Some(e) = &self.setup_error {
            let _ = writeln!(out, "  setup: {e}");
        }
        for s in &self.steps {
            let mark = match (s.passed(), s.divergence.is_some()) {
                (true, false) => "ok  ",
                (true, true) => "div ",
                (false, _) => "FAIL",
            };
            let _ = writeln!(out, "  {mark} step {:>2}  {}", s.index, s.summary);
            if let Some(d) = &s.divergence {
                let _ = writeln!(out, "             divergence: {d}");
            }
            if let Some(e) = &s.error {
                let _ = writeln!(out, "             error: {e}");
            }
            for d in &s.diffs {
                let _ = writeln!(
                    out,
                    "             {}: expected {}, got {}",
                    d.field, d.expected, d.actual
                );
            }
            if !s.passed() {
                let _ = writeln!(out, "             observed: {}", s.actual);
            }
        }
        let diverged = self.steps_diverged();
        let _ = writeln!(
            out,
            "  {} of {} steps passed{}",
            self.steps_passed(),
            self.steps.len(),
            if diverged > 0 {
                format!(" ({diverged} as an expected divergence)")
            } else {
                String::new()
            }
        );
        out
    }
}

// ---- comparison -----------------------------------------------------------------------------

fn show_toml(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) if s == "null" || s == "untouched" => "null".into(),
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k}: {}", show_toml(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        toml::Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(show_toml).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

fn is_error_object(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.len() == 2 && o.contains_key("name") && o.contains_key("code"))
}

/// Compares `expected` with `actual` at `path`, appending differences; `root` (the whole report)
/// resolves `"$field"` references.
pub fn compare(
    path: &str,
    expected: &toml::Value,
    actual: &Value,
    root: &Value,
    diffs: &mut Vec<Diff>,
) {
    if let toml::Value::String(s) = expected
        && let Some(field) = s.strip_prefix('$')
    {
        let want = root.get(field);
        // In a hex field: the number's little-endian bytes, as many as the buffer holds.
        let as_hex = match (want, actual) {
            (Some(Value::Number(n)), Value::String(a)) if path.ends_with("hex") => n
                .as_u64()
                .filter(|_| a.len() % 2 == 0 && a.len() <= 16)
                .map(|v| super::call::hex(&v.to_le_bytes()[..a.len() / 2])),
            _ => None,
        };
        let same = match (&as_hex, actual) {
            (Some(h), Value::String(a)) => h.eq_ignore_ascii_case(a),
            _ => want == Some(actual),
        };
        if !same {
            diffs.push(Diff {
                field: path.to_string(),
                expected: format!(
                    "{s} = {}",
                    want.map_or_else(|| "(no such field)".to_string(), Value::to_string)
                ),
                actual: actual.to_string(),
            });
        }
        return;
    }
    let mut differ = || {
        diffs.push(Diff {
            field: path.to_string(),
            expected: show_toml(expected),
            actual: actual.to_string(),
        })
    };
    match (expected, actual) {
        (toml::Value::String(s), Value::Null) if s == "null" || s == "untouched" => {}
        (toml::Value::String(s), a) if is_error_object(a) => {
            if a["name"].as_str() != Some(s.as_str()) {
                differ();
            }
        }
        (toml::Value::Integer(n), a) if is_error_object(a) => {
            if a["code"].as_i64() != Some(*n) {
                differ();
            }
        }
        // An error may be any of a list (a stack whose answer depends on timing it does not
        // control: docs/wine-divergences.md #15).
        (toml::Value::Array(alts), a) if is_error_object(a) => {
            let mut scratch = Vec::new();
            if !alts.iter().any(|alt| {
                scratch.clear();
                compare(path, alt, actual, root, &mut scratch);
                scratch.is_empty()
            }) {
                differ();
            }
        }
        (toml::Value::String(s), Value::String(a)) => {
            let same = if path.ends_with("hex") {
                s.eq_ignore_ascii_case(a)
            } else {
                s == a
            };
            if !same {
                differ();
            }
        }
        (toml::Value::Integer(n), Value::Number(a)) => {
            let same = a.as_i64() == Some(*n)
                || (a.as_u64().is_some() && a.as_u64() == u64::try_from(*n).ok());
            if !same {
                differ();
            }
        }
        (toml::Value::Float(f), Value::Number(a)) => {
            if a.as_f64() != Some(*f) {
                differ();
            }
        }
        (toml::Value::Boolean(b), Value::Bool(a)) => {
            if a != b {
                differ();
            }
        }
        (toml::Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                differ();
                return;
            }
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}[{i}]"), e, a, root, diffs);
            }
        }
        (toml::Value::Table(t), Value::Object(o)) => {
            for (k, e) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match o.get(k) {
                    Some(a) => compare(&p, e, a, root, diffs),
                    None => diffs.push(Diff {
                        field: p,
                        expected: show_toml(e),
                        actual: "(no such field)".into(),
                    }),
                }
            }
        }
        _ => differ(),
    }
}

// ---- running --------------------------------------------------------------------------------

impl Outputs for BTreeMap<String, Vec<u8>> {
    fn output_of(&self, name: &str) -> Option<Vec<u8>> {
        self.get(name).cloned()
    }
}

type Background = mpsc::Receiver<Result<CallResult, String>>;

#[derive(Default)]
struct State {
    sockets: BTreeMap<String, SocketCtx>,
    pending: BTreeMap<String, PendingCall>,
    outputs: BTreeMap<String, Vec<u8>>,
    background: BTreeMap<String, Background>,
    finished: BTreeMap<String, Result<CallResult, String>>,
}

fn err_json(e: Result<(), WsaError>) -> Value {
    match e {
        Ok(()) => json!({"ret": 0, "error": null}),
        Err(e) => json!({"ret": -1, "error": ErrorValue::wsa(e)}),
    }
}

/// Runs `scenario` against `backend` (not applicable when the scenario does not name the
/// backend in `backends`).
pub fn run(scenario: &Scenario, backend: &dyn Backend) -> Report {
    if !scenario.runs_on(backend.name()) {
        return Report::not_applicable(
            scenario,
            backend.name(),
            format!(
                "the scenario does not declare it (backends = [{}])",
                scenario
                    .backends
                    .iter()
                    .map(|b| format!("{b:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let mut report = Report::new(scenario, backend.name());
    let mut st = State::default();
    for d in &scenario.sockets {
        match backend.open(&d.spec) {
            Ok(o) => {
                st.sockets.insert(
                    d.name.clone(),
                    SocketCtx {
                        socket: o.socket,
                        event: o.event,
                        port: None,
                    },
                );
                if let Some(p) = o.peer {
                    st.sockets.insert(
                        format!("{}.peer", d.name),
                        SocketCtx {
                            socket: p,
                            event: None,
                            port: None,
                        },
                    );
                }
            }
            Err(e) => {
                report.setup_error = Some(format!("socket {:?}: {e}", d.name));
                cleanup(backend, &st);
                return report;
            }
        }
    }
    std::thread::scope(|scope| {
        for (i, step) in scenario.steps.iter().enumerate() {
            let r = run_step(scope, backend, &mut st, i + 1, step);
            report.steps.push(r);
        }
        // Close everything: this also ends calls still blocked on a background thread, so the
        // scope can join them.
        cleanup(backend, &st);
    });
    report
}

fn cleanup(backend: &dyn Backend, st: &State) {
    for ctx in st.sockets.values() {
        let _ = backend.winsock().closesocket(ctx.socket);
        if let Some(p) = ctx.port {
            let _ = backend.winsock().close_port(p);
        }
    }
}

/// Builds the emulated stack the scenario describes (its host, its profile) and runs it.
pub fn run_emulated(scenario: &Scenario) -> Report {
    let provider = Arc::new(EmulatedProvider::new(
        scenario.host.clone(),
        scenario.profile.clone(),
    ));
    let ws2 = Ws2::with_profile(provider.clone(), &scenario.profile);
    let backend = Emulated::new(&ws2, &provider);
    run(scenario, &backend)
}

fn summary(step: &Step) -> String {
    let mut s = match &step.action {
        Action::Call {
            socket,
            name,
            background,
            args,
        } => {
            let mut s = format!("call {} on {socket}", call::code_name(args.code));
            if args.completion != call::CompletionKind::None {
                s.push_str(&format!(" ({})", args.completion.name()));
            }
            if *background {
                s.push_str(" in the background");
            }
            if let Some(n) = name {
                s.push_str(&format!(" as {n:?}"));
            }
            s
        }
        Action::Mutate(m) => format!("mutate {m:?}"),
        Action::Deliver {
            socket,
            data,
            urgent,
        } => format!(
            "deliver {} bytes{} to {socket}",
            data.len(),
            if *urgent { " (urgent)" } else { "" }
        ),
        Action::Send { socket, data, oob } => format!(
            "send {} bytes{} on {socket}",
            data.len(),
            if *oob { " (MSG_OOB)" } else { "" }
        ),
        Action::Recv {
            socket, len, oob, ..
        } => format!(
            "recv {len}{} on {socket}",
            if *oob { " (MSG_OOB)" } else { "" }
        ),
        Action::SetSockOpt {
            socket,
            level,
            option,
            ..
        } => format!("setsockopt({level:#x}, {option:#x}) on {socket}"),
        Action::Select {
            socket,
            event_select,
            async_select,
        } => match (event_select, async_select) {
            (Some(e), _) => format!("WSAEventSelect({}) on {socket}", e.names().join("|")),
            (_, Some(e)) => format!("WSAAsyncSelect({}) on {socket}", e.names().join("|")),
            _ => format!("select on {socket}"),
        },
        Action::Wait { target, timeout_ms } => match target {
            WaitTarget::Call(c) => format!("wait for {c:?} ({timeout_ms} ms)"),
            WaitTarget::Port(s) => {
                format!("GetQueuedCompletionStatus on {s}'s port ({timeout_ms} ms)")
            }
            WaitTarget::Event(s) => format!("wait on {s}'s event ({timeout_ms} ms)"),
            WaitTarget::Sleep => format!("SleepEx({timeout_ms}, TRUE)"),
        },
        Action::Close { socket } => format!("closesocket {socket}"),
    };
    if let Some(n) = &step.note {
        s.push_str(" — ");
        s.push_str(n);
    }
    s
}

fn run_step<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    backend: &'env dyn Backend,
    st: &mut State,
    index: usize,
    step: &Step,
) -> StepReport {
    let mut r = StepReport {
        index,
        summary: summary(step),
        actual: Value::Null,
        diffs: Vec::new(),
        error: None,
        divergence: None,
    };
    match observe(scope, backend, st, step) {
        Ok(actual) => r.actual = actual,
        Err(e) => {
            r.error = Some(e);
            return r;
        }
    }
    let diverges = backend.name() == super::format::LINUX && step.expect_linux.is_some();
    if diverges {
        r.divergence = step.divergence.clone();
    }
    match step.expectation(backend.name()) {
        Some(expect) => {
            if !r.actual.is_object() {
                r.error = Some("the step reported no fields".into());
                return r;
            }
            r.diffs = differences(expect, &r.actual);
            // A declared divergence the backend no longer shows is stale: say so.
            if diverges
                && r.diffs.is_empty()
                && let Some(original) = &step.expect
                && differences(original, &r.actual).is_empty()
            {
                r.diffs.push(Diff {
                    field: "expect_linux".into(),
                    expected: "a difference from `expect` (a declared divergence)".into(),
                    actual: "the step matches `expect`: the divergence is stale, remove it".into(),
                });
            }
        }
        None => {
            // Without expectations a socket call must simply succeed.
            if let Some(e) = r.actual.get("error")
                && !e.is_null()
            {
                r.error = Some(format!(
                    "failed with {e}; give `expect` to assert a failure"
                ));
            }
        }
    }
    r
}

/// The differences between `expect` and the step's report `actual` (a JSON object).
fn differences(expect: &toml::Table, actual: &Value) -> Vec<Diff> {
    let mut diffs = Vec::new();
    let Value::Object(obj) = actual else {
        return diffs;
    };
    for (k, e) in expect {
        match obj.get(k) {
            Some(a) => compare(k, e, a, actual, &mut diffs),
            None => diffs.push(Diff {
                field: k.clone(),
                expected: show_toml(e),
                actual: format!(
                    "(no such field; the step reports {})",
                    obj.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    }
    diffs
}

fn ctx<'a>(st: &'a mut State, name: &str) -> Result<&'a mut SocketCtx, String> {
    st.sockets
        .get_mut(name)
        .ok_or_else(|| format!("no socket {name:?}"))
}

fn observe<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    backend: &'env dyn Backend,
    st: &mut State,
    step: &Step,
) -> Result<Value, String> {
    let ws = backend.winsock();
    match &step.action {
        Action::Call {
            socket,
            name,
            background,
            args,
        } => {
            if *background {
                let name = name.clone().expect("checked by the format");
                let mut c = ctx(st, socket)?.clone();
                let args = args.clone();
                let outputs = st.outputs.clone();
                let (tx, rx) = mpsc::channel();
                let (started_tx, started) = mpsc::channel();
                scope.spawn(move || {
                    let _ = started_tx.send(());
                    let r = call::call(backend, &mut c, &args, &outputs).map_err(|e| e.to_string());
                    let _ = tx.send(r);
                });
                // The grace period counts from the moment the thread runs, not from the spawn:
                // on a loaded machine the thread may start late, and a host change made before
                // the call is in would be missed.
                let _ = started.recv();
                return match rx.recv_timeout(BLOCK_GRACE) {
                    Ok(r) => {
                        st.finished.insert(name, r);
                        Ok(json!({"blocked": false}))
                    }
                    Err(_) => {
                        st.background.insert(name, rx);
                        Ok(json!({"blocked": true}))
                    }
                };
            }
            let outputs = st.outputs.clone();
            let c = ctx(st, socket)?;
            let r = call::call(backend, c, args, &outputs).map_err(|e| e.to_string())?;
            if let Some(n) = name {
                st.outputs.insert(n.clone(), r.output.clone());
                if let Some(p) = r.pending {
                    st.pending.insert(n.clone(), p);
                }
            }
            serde_json::to_value(&r.report).map_err(|e| e.to_string())
        }
        Action::Mutate(m) => {
            let changes = backend.mutate(m).map_err(|e| e.to_string())?;
            Ok(json!({ "changes": changes }))
        }
        Action::Deliver {
            socket,
            data,
            urgent,
        } => {
            let s = ctx(st, socket)?.socket;
            Ok(err_json(backend.deliver(s, data, *urgent)))
        }
        Action::Send { socket, data, oob } => {
            let s = ctx(st, socket)?.socket;
            Ok(match backend.send(s, data, i32::from(*oob)) {
                Ok(n) => json!({"ret": n, "error": null}),
                Err(e) => json!({"ret": -1, "error": ErrorValue::wsa(e)}),
            })
        }
        Action::Recv {
            socket,
            len,
            oob,
            peek,
        } => {
            let s = ctx(st, socket)?.socket;
            let flags = i32::from(*oob) | if *peek { 2 } else { 0 };
            Ok(match backend.recv(s, *len, flags) {
                Ok(d) => json!({
                    "ret": d.len(),
                    "error": null,
                    "data": String::from_utf8_lossy(&d),
                    "data_hex": hex(&d),
                }),
                Err(e) => {
                    json!({"ret": -1, "error": ErrorValue::wsa(e), "data": null, "data_hex": null})
                }
            })
        }
        Action::SetSockOpt {
            socket,
            level,
            option,
            value,
        } => {
            let s = ctx(st, socket)?.socket;
            Ok(err_json(backend.setsockopt(s, *level, *option, value)))
        }
        Action::Select {
            socket,
            event_select,
            async_select,
        } => {
            let c = ctx(st, socket)?;
            let s = c.socket;
            if let Some(mask) = event_select {
                let ev = match c.event {
                    Some(e) => e,
                    None => {
                        let e = ws
                            .wsa_create_event()
                            .map_err(|e| format!("WSACreateEvent failed: {e:?}"))?;
                        c.event = Some(e);
                        e
                    }
                };
                let r = if mask.0 == 0 {
                    ws.wsa_event_select(s, None, 0)
                } else {
                    ws.wsa_event_select(s, Some(ev), mask.0)
                };
                Ok(err_json(r))
            } else {
                let mask = async_select.unwrap_or_default();
                Ok(err_json(backend.async_select(s, mask.0)))
            }
        }
        Action::Close { socket } => {
            let s = ctx(st, socket)?.socket;
            Ok(err_json(ws.closesocket(s)))
        }
        Action::Wait { target, timeout_ms } => match target {
            WaitTarget::Call(name) => {
                if let Some(rx) = st.background.remove(name) {
                    let limit = if *timeout_ms == 0 {
                        BACKGROUND_WAIT
                    } else {
                        Duration::from_millis((*timeout_ms).into())
                    };
                    let r = rx.recv_timeout(limit).map_err(|_| {
                        format!("the background call {name:?} is still blocked after {limit:?}")
                    })?;
                    st.finished.insert(name.clone(), r);
                }
                if let Some(r) = st.finished.remove(name) {
                    let r = r?;
                    st.outputs.insert(name.clone(), r.output.clone());
                    return serde_json::to_value(&r.report).map_err(|e| e.to_string());
                }
                let p = st
                    .pending
                    .get(name)
                    .ok_or_else(|| format!("{name:?} was not an overlapped call"))?;
                let c = call::wait(backend, p, *timeout_ms);
                serde_json::to_value(&c).map_err(|e| e.to_string())
            }
            WaitTarget::Port(sock) => {
                let c = ctx(st, sock)?;
                let port = c
                    .port
                    .ok_or_else(|| format!("{sock:?} has no completion port (no iocp call yet)"))?;
                match ws.get_queued_completion_status(port, *timeout_ms) {
                    Ok(pk) => {
                        let call = pk.overlapped.as_ref().and_then(|o| {
                            st.pending
                                .iter()
                                .find(|(_, p)| p.overlapped.same(o))
                                .map(|(n, _)| n.clone())
                        });
                        Ok(json!({
                            "result": "packet",
                            "ok": pk.ok,
                            "bytes": pk.bytes,
                            "key": pk.key,
                            "error": if pk.ok { None } else { Some(ErrorValue::win32(pk.error)) },
                            "call": call,
                        }))
                    }
                    Err(e) => Ok(json!({
                        "result": ErrorValue::win32(e).name.unwrap_or("failed"),
                        "ok": false,
                        "bytes": null,
                        "key": null,
                        "error": ErrorValue::win32(e),
                        "call": null,
                    })),
                }
            }
            WaitTarget::Event(sock) => {
                let c = ctx(st, sock)?;
                let ev = c
                    .event
                    .ok_or_else(|| format!("{sock:?} has no WSAEventSelect event"))?;
                let signaled = ws.wsa_wait_for_multiple_events(&[ev], false, *timeout_ms, false)
                    == WAIT_OBJECT_0;
                let events = backend
                    .enum_network_events(c.socket, Some(ev))
                    .map_err(|e| format!("WSAEnumNetworkEvents failed: {e:?}"))?;
                Ok(json!({
                    "signaled": signaled,
                    "network_events": NetworkEvents(events).names(),
                }))
            }
            WaitTarget::Sleep => {
                let r = ws.sleep_ex(*timeout_ms, true);
                Ok(json!({
                    "result": if r == WAIT_IO_COMPLETION { "WAIT_IO_COMPLETION" } else { "elapsed" },
                }))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diffs(expected: &str, actual: Value) -> Vec<Diff> {
        let t: toml::Table = expected.parse().unwrap();
        let mut d = Vec::new();
        compare("", &toml::Value::Table(t), &actual, &actual, &mut d);
        d
    }

    /// An error may be given as a list of alternatives (`expect_wine` of `udp-connreset`: Wine
    /// answers either, depending on a race in its server).
    #[test]
    fn an_error_list_accepts_any_of_its_errors() {
        let actual = json!({"error": {"name": "WSAECONNREFUSED", "code": 10061}});
        assert!(
            diffs(
                "error = [\"WSAEWOULDBLOCK\", \"WSAECONNREFUSED\"]",
                actual.clone()
            )
            .is_empty()
        );
        assert!(diffs("error = [10035, 10061]", actual.clone()).is_empty());
        let d = diffs(
            "error = [\"WSAEWOULDBLOCK\", \"WSAECONNRESET\"]",
            actual.clone(),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].field, "error");
        assert_eq!(diffs("error = []", actual).len(), 1);
    }

    #[test]
    fn null_errors_and_subsets() {
        let actual = json!({
            "ret": -1,
            "error": {"name": "WSAEFAULT", "code": 10014},
            "bytes_returned": null,
            "output_hex": "ccCC",
            "completion": {"posted": true, "bytes": 0},
        });
        assert!(diffs(
            "ret = -1\nerror = \"WSAEFAULT\"\nbytes_returned = \"untouched\"\noutput_hex = \"CCCC\"\ncompletion = { posted = true }",
            actual.clone()
        )
        .is_empty());
        assert!(diffs("error = 10014", actual.clone()).is_empty());
        assert!(
            diffs(
                "error = { name = \"WSAEFAULT\", code = 10014 }",
                actual.clone()
            )
            .is_empty()
        );
        let d = diffs(
            "error = \"WSAEINVAL\"\nbytes_returned = 0\ncompletion = { postd = true }",
            actual,
        );
        let fields: Vec<&str> = d.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["bytes_returned", "completion.postd", "error"]);
    }

    #[test]
    fn field_references() {
        let a = json!({"socket": 260, "output": 260, "bytes_returned": 8});
        assert!(diffs("output = \"$socket\"", a.clone()).is_empty());
        assert_eq!(diffs("bytes_returned = \"$socket\"", a.clone()).len(), 1);
        assert_eq!(diffs("output = \"$nope\"", a).len(), 1);
        // A hex field: the number's little-endian bytes, as many as the buffer holds.
        let h = json!({"socket": 0x130, "output_hex": "30010000000000"});
        assert!(diffs("output_hex = \"$socket\"", h).is_empty());
        let h = json!({"socket": 0x130, "output_hex": "31010000000000"});
        assert_eq!(diffs("output_hex = \"$socket\"", h).len(), 1);
    }

    #[test]
    fn arrays_compare_whole() {
        let a = json!({"changes": ["ADDRESS_V4", "ROUTE_V4"]});
        assert!(diffs("changes = [\"ADDRESS_V4\", \"ROUTE_V4\"]", a.clone()).is_empty());
        assert_eq!(diffs("changes = [\"ADDRESS_V4\"]", a).len(), 1);
    }
}
