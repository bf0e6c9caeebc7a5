//! The built-in suite: every scenario in `fixtures/scenarios/` and the host files they use,
//! embedded in the binary so `wsaioctl check` runs from anywhere.
//!
//! The list is written by hand; `tests/scenarios.rs` checks it names exactly the `.toml` files
//! of the directory.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::UsageError;

use super::format::Scenario;
use super::runner::{self, Report, Status};

macro_rules! embed {
    ($dir:literal: $($f:literal),* $(,)?) => {
        &[$(($f, include_str!(concat!("../../fixtures/", $dir, "/", $f)))),*]
    };
}

/// `(file name, text)` of every scenario of `fixtures/scenarios/`.
pub static SCENARIOS: &[(&str, &str)] = embed!["scenarios":
    "address-list-change-blocking.toml",
    "address-list-change-close.toml",
    "address-list-change-event-select.toml",
    "address-list-change-overlapped.toml",
    "address-list-query-sizes.toml",
    "address-list-query-x86.toml",
    "address-list-query-overlapped.toml",
    "argument-rules.toml",
    "base-handle.toml",
    "base-handle-null-output.toml",
    "base-handle-x86.toml",
    "broadcast-address.toml",
    "bsp-handles.toml",
    "ce-secure-sockets.toml",
    "circular-queueing.toml",
    "compatibility-mode.toml",
    "extension-function-pointer.toml",
    "extension-function-pointer-x86.toml",
    "fionbio.toml",
    "fionbio-event-select.toml",
    "fionread-datagram-doc000.toml",
    "fionread-datagram-windows.toml",
    "fionread-siocatmark-args.toml",
    "fionread-stream-oob.toml",
    "get-interface-list.toml",
    "hevent-low-bit.toml",
    "ideal-send-backlog.toml",
    "keepalive-vals.toml",
    "multicast.toml",
    "multicast-filter.toml",
    "multipoint-loopback-doc000.toml",
    "non-overlapped-blocking.toml",
    "non-overlapped-socket.toml",
    "port-reservation.toml",
    "rcvall.toml",
    "rcvall-variants.toml",
    "routing-interface-change.toml",
    "routing-interface-query.toml",
    "rss-and-ale.toml",
    "secure-sockets.toml",
    "siocatmark-doc000.toml",
    "siocatmark-windows.toml",
    "socket-settings.toml",
    "sort-rss-rio.toml",
    "tcp-info.toml",
    "tcp-info-x86.toml",
    "tcp-settings.toml",
    "timestamping.toml",
    "transport-settings.toml",
    "udp-connreset.toml",
    "udp-netreset.toml",
    "unsupported-codes.toml",
    "unsupported-af-unix.toml",
    "unsupported-atm.toml",
    "unsupported-obsolete-vendor.toml",
    "unsupported-qos.toml",
    "unsupported-reserved.toml",
    "unsupported-unix-style.toml",
    "unsupported-ws2-legacy.toml",
    "version-gating-vista.toml",
    "version-gating-win7.toml",
    "version-gating-xp.toml",
    "wfp-redirect.toml",
    "xp-unknown-code.toml",
];

/// `(path as scenarios write it, text)` of the host files under `fixtures/hosts/`.
pub static HOSTS: &[(&str, &str)] = &[
    (
        "hosts/default.toml",
        include_str!("../../fixtures/hosts/default.toml"),
    ),
    (
        "hosts/dual-nic.toml",
        include_str!("../../fixtures/hosts/dual-nic.toml"),
    ),
];

/// The text of an embedded host file (`"hosts/dual-nic.toml"`, also `"../hosts/…"`).
pub fn host_file(path: &str) -> Result<String, String> {
    let p = path.trim_start_matches("./").trim_start_matches("../");
    HOSTS
        .iter()
        .find(|(n, _)| *n == p)
        .map(|(_, t)| (*t).to_string())
        .ok_or_else(|| {
            let known: Vec<&str> = HOSTS.iter().map(|(n, _)| *n).collect();
            format!("not an embedded host file (known: {})", known.join(", "))
        })
}

/// Parses every embedded scenario.
pub fn load() -> Result<Vec<Scenario>, UsageError> {
    SCENARIOS
        .iter()
        .map(|(name, text)| {
            Scenario::from_toml_str(text, &format!("fixtures/scenarios/{name}"), &host_file)
        })
        .collect()
}

/// One row of the summary: a control code and its scenarios on one backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    /// The code's catalog name (or hex).
    pub code: String,
    /// Scenarios calling it that passed (every step as `expect` says).
    pub passed: usize,
    /// Scenarios calling it that passed with declared divergences of the Linux translation.
    pub diverged: usize,
    /// Scenarios calling it that ran on the backend (the others are not applicable).
    pub applicable: usize,
    /// Scenarios calling it.
    pub total: usize,
}

impl CodeRow {
    /// Applicable scenarios that failed.
    pub fn failed(&self) -> usize {
        self.applicable - self.passed - self.diverged
    }

    /// The table cell: `passed/applicable`, `~N` for N expected divergences, `-` when no
    /// scenario calling the code runs on the backend.
    pub fn cell(&self) -> String {
        if self.applicable == 0 {
            return "-".into();
        }
        let mut c = format!("{}/{}", self.passed, self.applicable);
        if self.diverged > 0 {
            c.push_str(&format!(" ~{}", self.diverged));
        }
        c
    }
}

/// The suite's outcome on one backend, per control code and in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The backend.
    pub backend: String,
    /// One row per control code, by name (every code the suite calls, applicable or not).
    pub rows: Vec<CodeRow>,
    /// Scenarios in the suite.
    pub scenarios: usize,
    /// Scenarios that ran on the backend.
    pub applicable: usize,
    /// Scenarios that passed (every step as `expect` says).
    pub passed: usize,
    /// Scenarios that passed with declared divergences.
    pub diverged: usize,
    /// Steps run.
    pub steps: usize,
    /// Steps that passed (declared divergences included).
    pub steps_passed: usize,
    /// Steps that passed as a declared divergence.
    pub steps_diverged: usize,
}

impl Summary {
    /// Tallies `reports` (all from `backend`).
    pub fn of(backend: &str, reports: &[Report]) -> Self {
        let mut by_code: BTreeMap<String, CodeRow> = BTreeMap::new();
        for r in reports {
            let status = r.status();
            for c in &r.codes {
                let e = by_code.entry(c.clone()).or_insert_with(|| CodeRow {
                    code: c.clone(),
                    passed: 0,
                    diverged: 0,
                    applicable: 0,
                    total: 0,
                });
                e.total += 1;
                match status {
                    Status::NotApplicable => {}
                    Status::Passed => {
                        e.applicable += 1;
                        e.passed += 1;
                    }
                    Status::Diverged => {
                        e.applicable += 1;
                        e.diverged += 1;
                    }
                    Status::Failed => e.applicable += 1,
                }
            }
        }
        let count = |st: Status| reports.iter().filter(|r| r.status() == st).count();
        Self {
            backend: backend.to_string(),
            rows: by_code.into_values().collect(),
            scenarios: reports.len(),
            applicable: reports.len() - count(Status::NotApplicable),
            passed: count(Status::Passed),
            diverged: count(Status::Diverged),
            steps: reports.iter().map(|r| r.steps.len()).sum(),
            steps_passed: reports.iter().map(Report::steps_passed).sum(),
            steps_diverged: reports.iter().map(Report::steps_diverged).sum(),
        }
    }

    /// Applicable scenarios that failed.
    pub fn failed(&self) -> usize {
        self.applicable - self.passed - self.diverged
    }

    /// Scenarios that did not run on the backend.
    pub fn not_applicable(&self) -> usize {
        self.scenarios - self.applicable
    }

    /// Every applicable scenario passed (some perhaps as declared divergences).
    pub fn all_passed(&self) -> bool {
        self.failed() == 0 && self.steps_passed == self.steps
    }

    /// The total line: `total (linux backend): 30 of 30 scenarios passed (4 with expected
    /// divergences), …`.
    pub fn total_line(&self) -> String {
        let codes = self.rows.iter().filter(|r| r.applicable > 0).count();
        let mut line = format!(
            "total ({} backend): {} of {} scenarios passed",
            self.backend,
            self.passed + self.diverged,
            self.applicable
        );
        if self.diverged > 0 {
            line.push_str(&format!(" ({} with expected divergences)", self.diverged));
        }
        line.push_str(&format!(", {} of {} steps", self.steps_passed, self.steps));
        if self.steps_diverged > 0 {
            line.push_str(&format!(" ({} divergent)", self.steps_diverged));
        }
        line.push_str(&format!(", {codes} control codes"));
        if self.not_applicable() > 0 {
            line.push_str(&format!("; {} not applicable", self.not_applicable()));
        }
        line
    }

    /// The table of this backend alone (see [`table`]).
    pub fn to_text(&self) -> String {
        table(std::slice::from_ref(self))
    }
}

/// The summary table: a row per control code with the number of scenarios calling it, then a
/// column per backend — scenarios passed / applicable, `~N` more passed as declared Linux
/// divergences, `-` none applicable — and a total line per backend. A row where some backend
/// failed ends in `<- failing`.
pub fn table(summaries: &[Summary]) -> String {
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for s in summaries {
        for r in &s.rows {
            let t = codes.entry(r.code.as_str()).or_default();
            *t = (*t).max(r.total);
        }
    }
    let w = codes
        .keys()
        .map(|c| c.len())
        .max()
        .unwrap_or(0)
        .max("CONTROL CODE".len());
    let cell = |s: &Summary, code: &str| -> (String, bool) {
        s.rows
            .iter()
            .find(|r| r.code == code)
            .map_or(("-".into(), false), |r| (r.cell(), r.failed() > 0))
    };
    let widths: Vec<usize> = summaries
        .iter()
        .map(|s| {
            codes
                .keys()
                .map(|c| cell(s, c).0.len())
                .max()
                .unwrap_or(0)
                .max(s.backend.len())
                .max(6)
        })
        .collect();
    let mut out = String::new();
    let _ = write!(out, "{:<w$}  TOTAL", "CONTROL CODE");
    for (s, cw) in summaries.iter().zip(&widths) {
        let _ = write!(out, "  {:>cw$}", s.backend.to_ascii_uppercase());
    }
    out.push('\n');
    for (code, total) in &codes {
        let _ = write!(out, "{code:<w$}  {total:>5}");
        let mut failing = false;
        for (s, cw) in summaries.iter().zip(&widths) {
            let (c, f) = cell(s, code);
            failing |= f;
            let _ = write!(out, "  {c:>cw$}");
        }
        if failing {
            out.push_str("  <- failing");
        }
        out.push('\n');
    }
    if summaries
        .iter()
        .any(|s| s.not_applicable() > 0 || s.diverged > 0)
    {
        let _ = writeln!(
            out,
            "(passed/applicable scenarios; ~N: N more passed as declared divergences of the Linux \
             translation, docs/linux-translations.md; -: not applicable)"
        );
    }
    for s in summaries {
        let _ = writeln!(out, "{}", s.total_line());
    }
    out
}

/// Runs the whole suite on the emulated stack: every report, and the summary.
pub fn check_emulated() -> Result<(Vec<Report>, Summary), UsageError> {
    let reports: Vec<Report> = load()?.iter().map(runner::run_emulated).collect();
    let summary = Summary::of(super::format::EMULATED, &reports);
    Ok((reports, summary))
}

/// Runs the whole suite on the real Linux stack (see [`super::linux`]): each scenario that
/// declares `"linux"` in a private network namespace of its own, realising its host; every
/// report (the others not applicable), and the summary.
///
/// Errors (nothing has run): no private network namespace can be made — not root
/// (`CAP_SYS_ADMIN`), or `ip` (iproute2) is missing.
#[cfg(all(target_os = "linux", feature = "linux"))]
pub fn check_linux() -> Result<(Vec<Report>, Summary), UsageError> {
    let scenarios = load()?;
    super::linux::probe()?;
    let reports = scenarios
        .iter()
        .map(super::linux::run_linux)
        .collect::<Result<Vec<_>, _>>()?;
    let summary = Summary::of(super::format::LINUX, &reports);
    Ok((reports, summary))
}
