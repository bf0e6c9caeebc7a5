//! The built-in suite: every scenario in `fixtures/scenarios/` and the host files they use,
//! embedded in the binary so `wsaioctl check` runs from anywhere.
//!
//! The list is written by hand; `tests/scenarios.rs` checks it names exactly the `.toml` files
//! of the directory.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::UsageError;

use super::format::Scenario;
use super::runner::{self, Report};

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
    "multipoint-loopback-doc000.toml",
    "non-overlapped-socket.toml",
    "port-reservation.toml",
    "rcvall.toml",
    "rcvall-variants.toml",
    "routing-interface-change.toml",
    "routing-interface-query.toml",
    "rss-and-ale.toml",
    "siocatmark-doc000.toml",
    "siocatmark-windows.toml",
    "socket-settings.toml",
    "tcp-info.toml",
    "tcp-info-x86.toml",
    "tcp-settings.toml",
    "timestamping.toml",
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

/// One row of the summary: a control code and its scenarios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    /// The code's catalog name (or hex).
    pub code: String,
    /// Scenarios calling it that passed.
    pub passed: usize,
    /// Scenarios calling it.
    pub total: usize,
}

/// The suite's outcome per control code, and in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The backend.
    pub backend: String,
    /// One row per control code, by name.
    pub rows: Vec<CodeRow>,
    /// Scenarios run.
    pub scenarios: usize,
    /// Scenarios that passed.
    pub passed: usize,
    /// Steps run.
    pub steps: usize,
    /// Steps that passed.
    pub steps_passed: usize,
}

impl Summary {
    /// Tallies `reports`.
    pub fn of(backend: &str, reports: &[Report]) -> Self {
        let mut by_code: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for r in reports {
            for c in &r.codes {
                let e = by_code.entry(c.clone()).or_default();
                e.1 += 1;
                if r.passed() {
                    e.0 += 1;
                }
            }
        }
        Self {
            backend: backend.to_string(),
            rows: by_code
                .into_iter()
                .map(|(code, (passed, total))| CodeRow {
                    code,
                    passed,
                    total,
                })
                .collect(),
            scenarios: reports.len(),
            passed: reports.iter().filter(|r| r.passed()).count(),
            steps: reports.iter().map(|r| r.steps.len()).sum(),
            steps_passed: reports.iter().map(Report::steps_passed).sum(),
        }
    }

    /// Everything passed.
    pub fn all_passed(&self) -> bool {
        self.passed == self.scenarios && self.steps_passed == self.steps
    }

    /// The table: a row per control code (scenarios passed / total), then the total line.
    pub fn to_text(&self) -> String {
        let w = self
            .rows
            .iter()
            .map(|r| r.code.len())
            .max()
            .unwrap_or(0)
            .max("CONTROL CODE".len());
        let mut out = String::new();
        let _ = writeln!(out, "{:<w$}  PASSED  TOTAL", "CONTROL CODE");
        for r in &self.rows {
            let mark = if r.passed == r.total {
                ""
            } else {
                "  <- failing"
            };
            let _ = writeln!(out, "{:<w$}  {:>6}  {:>5}{mark}", r.code, r.passed, r.total);
        }
        let _ = writeln!(
            out,
            "total ({} backend): {} of {} scenarios passed, {} of {} steps, {} control codes",
            self.backend,
            self.passed,
            self.scenarios,
            self.steps_passed,
            self.steps,
            self.rows.len()
        );
        out
    }
}

/// Runs the whole suite on the emulated stack: every report, and the summary.
pub fn check_emulated() -> Result<(Vec<Report>, Summary), UsageError> {
    let reports: Vec<Report> = load()?.iter().map(runner::run_emulated).collect();
    let summary = Summary::of("emulated", &reports);
    Ok((reports, summary))
}
