//! The scenario file format (TOML), documented with a worked example in
//! `fixtures/scenarios/README.md`.
//!
//! ```toml
//! title = "FIONREAD counts the bytes a receive returns"
//! cites = ["spec/000 FIONREAD", "windows-facts.md FIONREAD"]   # required, not empty
//! profile = "windows"            # optional (default "windows"); arch = "x86" overrides its width
//! # [host] file = "hosts/dual-nic.toml", or the host's own tables inline; default host if absent
//!
//! [[socket]]
//! name = "c"
//! state = "connected"            # + family, type, protocol, nonblocking, event_select, …
//!
//! [[step]]
//! kind = "deliver"
//! socket = "c"
//! data = "hello"
//!
//! [[step]]
//! kind = "call"
//! socket = "c"
//! code = "FIONREAD"
//! out_len = 4
//! expect = { ret = 0, error = "null", bytes_returned = 4, output = 5 }
//! ```
//!
//! Step kinds: `call`, `mutate`, `deliver`, `send`, `recv`, `setsockopt`, `select`, `wait`,
//! `close`. Unknown keys anywhere are errors, so a misspelt expectation cannot pass silently.
//!
//! A scenario runs on the backends it names (`backends = ["emulated", "linux"]`, default
//! `["emulated"]`); on the others it is reported as not applicable. A step may declare where the
//! Linux translation is documented to differ (`docs/linux-translations.md`): `divergence = "why"`
//! with `expect_linux = { … }`, what the step must report on the Linux backend instead of
//! `expect`.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::emulated::host::Host;
use crate::error::UsageError;
use crate::profile::Profile;
use crate::wire::Arch;

use super::backend::Mutation;
use super::call::{CallArgs, CompletionKind, Input, NetworkEvents, SocketSpec, SocketState};

/// A named socket of a scenario (`[[socket]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketDecl {
    /// How steps refer to it (its peer, for state `connected`, is `"<name>.peer"`).
    pub name: String,
    /// The socket and its state.
    pub spec: SocketSpec,
}

/// What a `wait` step waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitTarget {
    /// The completion of an earlier overlapped call (or the return of a background call).
    Call(String),
    /// `GetQueuedCompletionStatus` on the socket's completion port.
    Port(String),
    /// The socket's `WSAEventSelect` event, then `WSAEnumNetworkEvents`.
    Event(String),
    /// `SleepEx(timeout, TRUE)`: runs queued completion routines.
    Sleep,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// One `WSAIoctl` call.
    Call {
        /// The socket.
        socket: String,
        /// A name for later steps (`wait`, `in_from`).
        name: Option<String>,
        /// Issued on a background thread (a call expected to block); its report comes from a
        /// later `wait` step.
        background: bool,
        /// The arguments.
        args: CallArgs,
    },
    /// A change to the simulated host.
    Mutate(Mutation),
    /// Data arriving on a socket from its peer.
    Deliver {
        /// The socket.
        socket: String,
        /// The bytes.
        data: Vec<u8>,
        /// The last byte is urgent.
        urgent: bool,
    },
    /// `send(s, data, oob ? MSG_OOB : 0)`.
    Send {
        /// The socket.
        socket: String,
        /// The bytes.
        data: Vec<u8>,
        /// `MSG_OOB`.
        oob: bool,
    },
    /// `recv(s, buf[len], flags)`.
    Recv {
        /// The socket.
        socket: String,
        /// The buffer length.
        len: usize,
        /// `MSG_OOB`.
        oob: bool,
        /// `MSG_PEEK`.
        peek: bool,
    },
    /// `setsockopt(s, level, option, value)`.
    SetSockOpt {
        /// The socket.
        socket: String,
        /// `SOL_SOCKET`, `IPPROTO_TCP`, … as a number.
        level: i32,
        /// `SO_OOBINLINE`, … as a number.
        option: i32,
        /// The value bytes.
        value: Vec<u8>,
    },
    /// `WSAEventSelect` / `WSAAsyncSelect` (an empty list cancels).
    Select {
        /// The socket.
        socket: String,
        /// `WSAEventSelect` with the socket's event (created if needed).
        event_select: Option<NetworkEvents>,
        /// `WSAAsyncSelect`.
        async_select: Option<NetworkEvents>,
    },
    /// Waits for something (see [`WaitTarget`]).
    Wait {
        /// What.
        target: WaitTarget,
        /// How long, in milliseconds.
        timeout_ms: u32,
    },
    /// `closesocket(s)`.
    Close {
        /// The socket.
        socket: String,
    },
}

impl Action {
    /// `"call"`, `"mutate"`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Call { .. } => "call",
            Self::Mutate(_) => "mutate",
            Self::Deliver { .. } => "deliver",
            Self::Send { .. } => "send",
            Self::Recv { .. } => "recv",
            Self::SetSockOpt { .. } => "setsockopt",
            Self::Select { .. } => "select",
            Self::Wait { .. } => "wait",
            Self::Close { .. } => "close",
        }
    }
}

/// One `[[step]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What it does.
    pub action: Action,
    /// What it must report: any subset of the report's fields (see the README).
    pub expect: Option<toml::Table>,
    /// Free text: what the step checks.
    pub note: Option<String>,
    /// Wine's documented answer where it differs from Windows (`expect_wine`): the listed keys
    /// replace `expect`'s under Wine (see [`super::wine`]).
    pub expect_wine: Option<toml::Table>,
    /// A documented difference of the Linux translation: why the Linux backend answers otherwise
    /// (given together with [`Step::expect_linux`]).
    pub divergence: Option<String>,
    /// On the Linux backend, what the step must report instead of `expect` (any subset of its
    /// fields, compared the same way). The step must then not match `expect`, or the
    /// declaration is stale.
    pub expect_linux: Option<toml::Table>,
}

impl Step {
    /// What the step must report on `backend`: `expect_linux` on the Linux backend when given,
    /// else `expect`; `None` when the step states nothing.
    pub fn expectation(&self, backend: &str) -> Option<&toml::Table> {
        match &self.expect_linux {
            Some(l) if backend == LINUX => Some(l),
            _ => self.expect.as_ref(),
        }
    }
}

/// The emulated backend's name (`backends = ["emulated"]`).
pub const EMULATED: &str = "emulated";
/// The Linux backend's name.
pub const LINUX: &str = "linux";
/// Native Winsock's name (never named in `backends`: it runs every scenario).
pub const WINDOWS: &str = "windows";
/// The backends a scenario may name.
pub const BACKENDS: [&str; 2] = [EMULATED, LINUX];

/// A scenario: a host, a profile, named sockets and ordered steps, citing what it checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Where it came from (file name), for reports.
    pub file: String,
    /// One line.
    pub title: String,
    /// The spec documents, control codes and observed facts it checks (at least one).
    pub cites: Vec<String>,
    /// The backends it runs on (`backends`, default `["emulated"]`); on the others its report
    /// says "not applicable".
    pub backends: Vec<String>,
    /// The behaviour profile (with `arch` applied).
    pub profile: Profile,
    /// The simulated host.
    pub host: Host,
    /// The sockets, created in order before the first step.
    pub sockets: Vec<SocketDecl>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// `[wine]`: a known Wine divergence (see [`super::wine`]).
    pub wine: Option<super::wine::WineDivergence>,
}

fn err(file: &str, msg: impl std::fmt::Display) -> UsageError {
    UsageError::Other(format!("{file}: {msg}"))
}

fn take<T: for<'de> Deserialize<'de>>(
    t: &mut toml::Table,
    key: &str,
    file: &str,
    at: &str,
) -> Result<Option<T>, UsageError> {
    match t.remove(key) {
        None => Ok(None),
        Some(v) => v
            .try_into()
            .map(Some)
            .map_err(|e| err(file, format!("{at}: `{key}`: {e}"))),
    }
}

fn rest<T: for<'de> Deserialize<'de>>(
    t: toml::Table,
    file: &str,
    at: &str,
) -> Result<T, UsageError> {
    toml::Value::Table(t)
        .try_into()
        .map_err(|e| err(file, format!("{at}: {e}")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataStep {
    socket: String,
    data: Option<String>,
    data_hex: Option<String>,
    #[serde(default)]
    urgent: bool,
    #[serde(default)]
    oob: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecvStep {
    socket: String,
    #[serde(default = "default_recv_len")]
    len: usize,
    #[serde(default)]
    oob: bool,
    #[serde(default)]
    peek: bool,
}

fn default_recv_len() -> usize {
    1024
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrName {
    Int(i64),
    Name(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OptValue {
    Bool(bool),
    Int(i64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SockOptStep {
    socket: String,
    level: IntOrName,
    option: IntOrName,
    value: OptValue,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SelectStep {
    socket: String,
    event_select: Option<NetworkEvents>,
    async_select: Option<NetworkEvents>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaitStep {
    call: Option<String>,
    port: Option<String>,
    event: Option<String>,
    #[serde(default)]
    sleep: bool,
    timeout_ms: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CloseStep {
    socket: String,
}

/// `SOL_SOCKET`, `IPPROTO_TCP`, `IPPROTO_IP`, `IPPROTO_IPV6` or a number.
fn level_value(v: IntOrName) -> Result<i32, String> {
    match v {
        IntOrName::Int(n) => i32::try_from(n).map_err(|_| format!("level {n} is out of range")),
        IntOrName::Name(s) => match s.to_ascii_uppercase().as_str() {
            "SOL_SOCKET" => Ok(0xffff),
            "IPPROTO_IP" => Ok(0),
            "IPPROTO_TCP" => Ok(6),
            "IPPROTO_UDP" => Ok(17),
            "IPPROTO_IPV6" => Ok(41),
            _ => Err(format!("unknown level {s:?}")),
        },
    }
}

/// `SO_OOBINLINE`, `SO_KEEPALIVE`, `IP_MULTICAST_TTL`, `IP_MULTICAST_LOOP`, `TCP_NODELAY` or a
/// number.
fn option_value(v: IntOrName) -> Result<i32, String> {
    match v {
        IntOrName::Int(n) => i32::try_from(n).map_err(|_| format!("option {n} is out of range")),
        IntOrName::Name(s) => match s.to_ascii_uppercase().as_str() {
            "SO_KEEPALIVE" => Ok(0x0008),
            "SO_OOBINLINE" => Ok(0x0100),
            "TCP_NODELAY" => Ok(0x0001),
            "IP_MULTICAST_TTL" => Ok(10),
            "IP_MULTICAST_LOOP" => Ok(11),
            _ => Err(format!("unknown option {s:?}")),
        },
    }
}

fn data_of(d: &DataStep, file: &str, at: &str) -> Result<Vec<u8>, UsageError> {
    match (&d.data, &d.data_hex) {
        (Some(t), None) => Ok(t.as_bytes().to_vec()),
        (None, Some(h)) => super::call::parse_hex(h).map_err(|e| err(file, format!("{at}: {e}"))),
        _ => Err(err(
            file,
            format!("{at}: give exactly one of data, data_hex"),
        )),
    }
}

const TOP_KEYS: [&str; 9] = [
    "title", "cites", "backends", "profile", "arch", "host", "socket", "step", "wine",
];

impl Scenario {
    /// Parses a scenario. `file` names it in messages; `host_file` returns the text of a
    /// `[host] file = "…"` reference.
    pub fn from_toml_str(
        text: &str,
        file: &str,
        host_file: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<Scenario, UsageError> {
        let mut root: toml::Table = text.parse().map_err(|e| err(file, e))?;
        if let Some(k) = root.keys().find(|k| !TOP_KEYS.contains(&k.as_str())) {
            return Err(err(
                file,
                format!(
                    "unknown key `{k}` (expected one of {})",
                    TOP_KEYS.join(", ")
                ),
            ));
        }
        let title: String =
            take(&mut root, "title", file, "top")?.ok_or_else(|| err(file, "`title` missing"))?;
        let cites: Vec<String> = take(&mut root, "cites", file, "top")?.unwrap_or_default();
        if cites.is_empty() || cites.iter().any(|c| c.trim().is_empty()) {
            return Err(err(
                file,
                "`cites` must list what the scenario checks (spec document, control code, \
                 observed fact)",
            ));
        }
        let backends: Vec<String> =
            take(&mut root, "backends", file, "top")?.unwrap_or_else(|| vec![EMULATED.into()]);
        if backends.is_empty() {
            return Err(err(file, "`backends` names at least one backend"));
        }
        let mut seen = BTreeSet::new();
        for b in &backends {
            if !BACKENDS.contains(&b.as_str()) {
                return Err(err(
                    file,
                    format!("unknown backend {b:?} (known: {})", BACKENDS.join(", ")),
                ));
            }
            if !seen.insert(b.as_str()) {
                return Err(err(file, format!("backend {b:?} named twice")));
            }
        }
        let profile_name: String =
            take(&mut root, "profile", file, "top")?.unwrap_or_else(|| "windows".into());
        let mut profile = Profile::by_name(&profile_name).ok_or_else(|| {
            err(
                file,
                format!(
                    "unknown profile {profile_name:?} (known: {})",
                    Profile::NAMES.join(", ")
                ),
            )
        })?;
        if let Some(a) = take::<String>(&mut root, "arch", file, "top")? {
            profile.arch = Arch::from_name(&a)
                .ok_or_else(|| err(file, format!("unknown arch {a:?} (x86 or x64)")))?;
        }
        let host = match take::<toml::Table>(&mut root, "host", file, "top")? {
            None => Host::default_host(),
            Some(mut t) => {
                let text = match t.remove("file") {
                    Some(toml::Value::String(f)) => {
                        if !t.is_empty() {
                            return Err(err(file, "[host]: give either `file` or the host inline"));
                        }
                        host_file(&f).map_err(|e| err(file, format!("[host] file {f:?}: {e}")))?
                    }
                    Some(_) => return Err(err(file, "[host] file: expected a string")),
                    None => toml::to_string(&t).map_err(|e| err(file, format!("[host]: {e}")))?,
                };
                Host::from_toml_str(&text).map_err(|e| err(file, format!("[host]: {e}")))?
            }
        };

        let mut sockets = Vec::new();
        let raw_sockets: Vec<toml::Table> =
            take(&mut root, "socket", file, "top")?.unwrap_or_default();
        for (i, mut t) in raw_sockets.into_iter().enumerate() {
            let at = format!("socket #{}", i + 1);
            let name: String = take(&mut t, "name", file, &at)?
                .ok_or_else(|| err(file, format!("{at}: `name` missing")))?;
            let spec: SocketSpec = rest(t, file, &at)?;
            sockets.push(SocketDecl { name, spec });
        }

        let mut steps = Vec::new();
        let raw_steps: Vec<toml::Table> = take(&mut root, "step", file, "top")?.unwrap_or_default();
        for (i, mut t) in raw_steps.into_iter().enumerate() {
            let at = format!("step {}", i + 1);
            let kind: String = take(&mut t, "kind", file, &at)?
                .ok_or_else(|| err(file, format!("{at}: `kind` missing")))?;
            let note: Option<String> = take(&mut t, "note", file, &at)?;
            let expect: Option<toml::Table> = take(&mut t, "expect", file, &at)?;
            let expect_wine: Option<toml::Table> = take(&mut t, "expect_wine", file, &at)?;
            let divergence: Option<String> = take(&mut t, "divergence", file, &at)?;
            let expect_linux: Option<toml::Table> = take(&mut t, "expect_linux", file, &at)?;
            let action = match kind.as_str() {
                "call" => {
                    let socket: String = take(&mut t, "socket", file, &at)?
                        .ok_or_else(|| err(file, format!("{at}: `socket` missing")))?;
                    let name: Option<String> = take(&mut t, "name", file, &at)?;
                    let background: bool = take(&mut t, "background", file, &at)?.unwrap_or(false);
                    let args: CallArgs = rest(t, file, &at)?;
                    Action::Call {
                        socket,
                        name,
                        background,
                        args,
                    }
                }
                "mutate" => Action::Mutate(rest(t, file, &at)?),
                "deliver" | "send" => {
                    let d: DataStep = rest(t, file, &at)?;
                    let data = data_of(&d, file, &at)?;
                    if kind == "deliver" {
                        if d.oob {
                            return Err(err(
                                file,
                                format!("{at}: deliver takes `urgent`, not `oob`"),
                            ));
                        }
                        Action::Deliver {
                            socket: d.socket,
                            data,
                            urgent: d.urgent,
                        }
                    } else {
                        if d.urgent {
                            return Err(err(file, format!("{at}: send takes `oob`, not `urgent`")));
                        }
                        Action::Send {
                            socket: d.socket,
                            data,
                            oob: d.oob,
                        }
                    }
                }
                "recv" => {
                    let r: RecvStep = rest(t, file, &at)?;
                    Action::Recv {
                        socket: r.socket,
                        len: r.len,
                        oob: r.oob,
                        peek: r.peek,
                    }
                }
                "setsockopt" => {
                    let o: SockOptStep = rest(t, file, &at)?;
                    let level =
                        level_value(o.level).map_err(|e| err(file, format!("{at}: {e}")))?;
                    let option =
                        option_value(o.option).map_err(|e| err(file, format!("{at}: {e}")))?;
                    let v: u32 = match o.value {
                        OptValue::Bool(b) => b.into(),
                        OptValue::Int(n) => u32::try_from(n)
                            .or_else(|_| i32::try_from(n).map(|v| v as u32))
                            .map_err(|_| err(file, format!("{at}: value {n} is out of range")))?,
                    };
                    Action::SetSockOpt {
                        socket: o.socket,
                        level,
                        option,
                        value: v.to_le_bytes().to_vec(),
                    }
                }
                "select" => {
                    let s: SelectStep = rest(t, file, &at)?;
                    if s.event_select.is_none() == s.async_select.is_none() {
                        return Err(err(
                            file,
                            format!("{at}: give exactly one of event_select, async_select"),
                        ));
                    }
                    Action::Select {
                        socket: s.socket,
                        event_select: s.event_select,
                        async_select: s.async_select,
                    }
                }
                "wait" => {
                    let w: WaitStep = rest(t, file, &at)?;
                    let targets = [
                        w.call.clone().map(WaitTarget::Call),
                        w.port.clone().map(WaitTarget::Port),
                        w.event.clone().map(WaitTarget::Event),
                        w.sleep.then_some(WaitTarget::Sleep),
                    ];
                    let mut given = targets.into_iter().flatten();
                    let target = given.next().ok_or_else(|| {
                        err(
                            file,
                            format!("{at}: wait for one of call, port, event, sleep"),
                        )
                    })?;
                    if given.next().is_some() {
                        return Err(err(
                            file,
                            format!("{at}: wait for only one of call, port, event, sleep"),
                        ));
                    }
                    Action::Wait {
                        target,
                        timeout_ms: w.timeout_ms.unwrap_or(0),
                    }
                }
                "close" => {
                    let c: CloseStep = rest(t, file, &at)?;
                    Action::Close { socket: c.socket }
                }
                other => {
                    return Err(err(
                        file,
                        format!(
                            "{at}: unknown kind {other:?} (call, mutate, deliver, send, recv, \
                             setsockopt, select, wait, close)"
                        ),
                    ));
                }
            };
            steps.push(Step {
                action,
                expect,
                note,
                expect_wine,
                divergence,
                expect_linux,
            });
        }
        let wine: Option<super::wine::WineDivergence> = take(&mut root, "wine", file, "[wine]")?;
        if steps.iter().any(|s| s.expect_wine.is_some()) && wine.is_none() {
            return Err(err(
                file,
                "`expect_wine` needs a `[wine] divergence` saying why Wine differs",
            ));
        }
        let s = Scenario {
            file: file.to_string(),
            title,
            cites,
            backends,
            profile,
            host,
            sockets,
            steps,
            wine,
        };
        s.check()?;
        Ok(s)
    }

    /// Reads and parses the scenario at `path`; a `[host] file` is looked up relative to the
    /// scenario's directory, then to each directory above it (so `"hosts/dual-nic.toml"` finds
    /// `fixtures/hosts/` from `fixtures/scenarios/`).
    pub fn load(path: &Path) -> Result<Scenario, UsageError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UsageError::Other(format!("{}: {e}", path.display())))?;
        let dir = path
            .parent()
            .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
        let resolve = move |f: &str| -> Result<String, String> {
            for d in dir.ancestors() {
                let p = d.join(f);
                if p.is_file() {
                    return std::fs::read_to_string(&p).map_err(|e| e.to_string());
                }
            }
            Err("not found next to the scenario or in a directory above it".into())
        };
        Self::from_toml_str(&text, &path.display().to_string(), &resolve)
    }

    /// Whether the scenario runs on `backend`: `"emulated"` and `"linux"` when it declares them;
    /// native Winsock (`"windows"`) always — every scenario describes what Windows does, so
    /// `backends` chooses among the emulation-based backends only, and a native run decides
    /// what it cannot reproduce itself (`scenario::wine::not_applicable`).
    pub fn runs_on(&self, backend: &str) -> bool {
        backend == WINDOWS || self.backends.iter().any(|b| b == backend)
    }

    /// The distinct control codes the scenario's calls use, by catalog name (or hex), sorted.
    pub fn codes(&self) -> Vec<String> {
        let set: BTreeSet<String> = self
            .steps
            .iter()
            .filter_map(|s| match &s.action {
                Action::Call { args, .. } => Some(super::call::code_name(args.code)),
                _ => None,
            })
            .collect();
        set.into_iter().collect()
    }

    /// Consistency: names exist and are unique, references point backwards, calls and waits
    /// have expectations, background calls are not overlapped.
    fn check(&self) -> Result<(), UsageError> {
        let file = &self.file;
        let mut names = BTreeSet::new();
        let mut peers = BTreeSet::new();
        for s in &self.sockets {
            if s.name.is_empty() || s.name.contains('.') {
                return Err(err(
                    file,
                    format!("socket name {:?}: not empty, no '.'", s.name),
                ));
            }
            if !names.insert(s.name.clone()) {
                return Err(err(file, format!("socket {:?} declared twice", s.name)));
            }
            if s.spec.state == SocketState::Connected {
                peers.insert(format!("{}.peer", s.name));
            }
            if let Some(b) = &s.spec.bind {
                super::call::parse_socket_addr(b).map_err(|e| err(file, e))?;
            }
        }
        let known = |n: &str| names.contains(n) || peers.contains(n);
        let mut calls: BTreeSet<String> = BTreeSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            let at = format!("step {}", i + 1);
            match (&step.divergence, &step.expect_linux) {
                (None, None) => {}
                (Some(d), Some(_)) if !d.trim().is_empty() => {
                    if !self.runs_on(LINUX) {
                        return Err(err(
                            file,
                            format!(
                                "{at}: a Linux divergence on a scenario that does not run on \
                                 linux (add \"linux\" to `backends`)"
                            ),
                        ));
                    }
                }
                _ => {
                    return Err(err(
                        file,
                        format!(
                            "{at}: a Linux divergence needs both `divergence` (why, citing \
                             docs/linux-translations.md) and `expect_linux` (what Linux answers)"
                        ),
                    ));
                }
            }
            let sock = |n: &String| -> Result<(), UsageError> {
                if known(n) {
                    Ok(())
                } else {
                    Err(err(
                        file,
                        format!(
                            "{at}: no socket {n:?} (declare it under [[socket]]; a connected socket's peer is \"<name>.peer\")"
                        ),
                    ))
                }
            };
            match &step.action {
                Action::Call {
                    socket,
                    name,
                    background,
                    args,
                } => {
                    sock(socket)?;
                    args.validate()
                        .map_err(|e| err(file, format!("{at}: {e}")))?;
                    if let Ok(Input::From { call, .. }) = args.input()
                        && !calls.contains(&call)
                    {
                        return Err(err(
                            file,
                            format!("{at}: in_from names {call:?}, no earlier call of that name"),
                        ));
                    }
                    if *background && args.completion != CompletionKind::None {
                        return Err(err(
                            file,
                            format!("{at}: a background call is a blocking one: completion none"),
                        ));
                    }
                    if *background && name.is_none() {
                        return Err(err(file, format!("{at}: a background call needs a `name`")));
                    }
                    if let Some(n) = name
                        && !calls.insert(n.clone())
                    {
                        return Err(err(file, format!("{at}: call name {n:?} used twice")));
                    }
                    if step.expect.is_none() {
                        return Err(err(file, format!("{at}: a call needs `expect`")));
                    }
                }
                Action::Wait { target, .. } => {
                    match target {
                        WaitTarget::Call(c) if !calls.contains(c) => {
                            return Err(err(
                                file,
                                format!("{at}: wait names {c:?}, no earlier call of that name"),
                            ));
                        }
                        WaitTarget::Port(s) | WaitTarget::Event(s) => sock(s)?,
                        _ => {}
                    }
                    if step.expect.is_none() {
                        return Err(err(file, format!("{at}: a wait needs `expect`")));
                    }
                }
                Action::Mutate(m) => {
                    m.parse().map_err(|e| err(file, format!("{at}: {e}")))?;
                }
                Action::Deliver { socket, .. }
                | Action::Send { socket, .. }
                | Action::Recv { socket, .. }
                | Action::SetSockOpt { socket, .. }
                | Action::Select { socket, .. }
                | Action::Close { socket } => sock(socket)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Scenario, UsageError> {
        Scenario::from_toml_str(text, "t.toml", &|_| Err("no files here".into()))
    }

    const OK: &str = r#"
title = "t"
cites = ["FIONREAD"]
[[socket]]
name = "c"
state = "connected"
[[step]]
kind = "deliver"
socket = "c"
data = "hello"
[[step]]
kind = "call"
socket = "c"
code = "FIONREAD"
out_len = 4
expect = { ret = 0 }
[[step]]
kind = "mutate"
op = "add_address"
interface = 2
address = "192.0.2.99/24"
[[step]]
kind = "recv"
socket = "c.peer"
"#;

    #[test]
    fn parses_the_worked_example() {
        let s = parse(OK).unwrap();
        assert_eq!(s.sockets[0].spec.state, SocketState::Connected);
        assert_eq!(s.steps.len(), 4);
        assert_eq!(s.codes(), ["FIONREAD"]);
        assert!(matches!(
            s.steps[2].action,
            Action::Mutate(Mutation::AddAddress { interface: 2, .. })
        ));
    }

    #[test]
    fn rejects_what_would_pass_silently() {
        for (from, to, why) in [
            ("cites = [\"FIONREAD\"]", "cites = []", "cites"),
            ("out_len = 4", "out_lne = 4", "out_lne"),
            ("expect = { ret = 0 }", "", "needs `expect`"),
            ("socket = \"c.peer\"", "socket = \"d\"", "no socket"),
            ("kind = \"recv\"", "kind = \"rcv\"", "unknown kind"),
            ("op = \"add_address\"", "op = \"add_adress\"", "add_adress"),
            (
                "address = \"192.0.2.99/24\"",
                "address = \"192.0.2.99\"",
                "prefix",
            ),
            ("title = \"t\"", "title = \"t\"\ntitel = 1", "titel"),
        ] {
            let text = OK.replace(from, to);
            let e = parse(&text).expect_err(why).to_string();
            assert!(e.contains(why), "{why}: {e}");
        }
    }

    #[test]
    fn backends_and_linux_divergences() {
        let s = parse(OK).unwrap();
        assert_eq!(s.backends, ["emulated"], "emulated only by default");
        assert!(!s.runs_on(LINUX));
        let both = OK.replace(
            "cites = [\"FIONREAD\"]",
            "cites = [\"FIONREAD\"]\nbackends = [\"emulated\", \"linux\"]",
        );
        let diverging = both.replace(
            "expect = { ret = 0 }",
            "expect = { ret = 0 }\ndivergence = \"docs/linux-translations.md: FIONREAD\"\n\
             expect_linux = { ret = -1 }",
        );
        let s = parse(&diverging).unwrap();
        assert!(s.runs_on(LINUX) && s.runs_on(EMULATED));
        let step = &s.steps[1];
        assert_eq!(
            step.expectation(EMULATED).unwrap()["ret"].as_integer(),
            Some(0)
        );
        assert_eq!(
            step.expectation(LINUX).unwrap()["ret"].as_integer(),
            Some(-1)
        );
        for (text, why) in [
            (
                OK.replace(
                    "cites = [\"FIONREAD\"]",
                    "cites = [\"FIONREAD\"]\nbackends = [\"windows\"]",
                ),
                "unknown backend",
            ),
            (
                OK.replace(
                    "cites = [\"FIONREAD\"]",
                    "cites = [\"FIONREAD\"]\nbackends = []",
                ),
                "at least one",
            ),
            (
                both.replace(
                    "expect = { ret = 0 }",
                    "expect = { ret = 0 }\nexpect_linux = { ret = -1 }",
                ),
                "both `divergence`",
            ),
            (
                both.replace(
                    "expect = { ret = 0 }",
                    "expect = { ret = 0 }\ndivergence = \"x\"",
                ),
                "both `divergence`",
            ),
            (
                diverging.replace("backends = [\"emulated\", \"linux\"]", ""),
                "does not run on linux",
            ),
        ] {
            let e = parse(&text).expect_err(why).to_string();
            assert!(e.contains(why), "{why}: {e}");
        }
    }

    #[test]
    fn host_inline_or_by_file() {
        let inline = format!(
            "{OK}\n[host]\n[[host.interface]]\nindex = 3\nname = \"e\"\nflags = [\"up\"]\nmtu = 1500\naddresses = [\"198.51.100.1/24\"]\n"
        );
        let s = parse(&inline).unwrap();
        assert!(s.host.interface(3).is_some());
        let by_file = format!("{OK}\n[host]\nfile = \"hosts/x.toml\"\n");
        let e = parse(&by_file).unwrap_err().to_string();
        assert!(e.contains("hosts/x.toml"), "{e}");
    }
}
