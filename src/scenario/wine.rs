//! Known Wine divergences and the verdicts of a run on native Winsock.
//!
//! A scenario states what **Windows** does. Run on native ws2_32 (the Windows backend, built for
//! Windows and run on Windows or under Wine), each scenario gets one [`Verdict`]:
//!
//! * **pass** — every step answered as the scenario expects;
//! * **expected divergence** — under Wine, the scenario fails *and* is marked with a `[wine]`
//!   table saying why (Wine's answer against the Windows fact and its source,
//!   `docs/wine-divergences.md`); where steps also give `expect_wine = {…}` (Wine's documented
//!   answer, replacing the listed keys of `expect`), the run must match *that* exactly, so a new,
//!   different Wine behaviour is still a failure;
//! * **not applicable** — the scenario needs what a real machine cannot be made to do here (a
//!   host mutation, a custom `[host]`, another Windows release's profile, the x86 layouts of a
//!   32-bit process, `WSAAsyncSelect` without a window) — reported with the reason, never
//!   silently skipped;
//! * **fail** — anything else (on real Windows a `[wine]` marker excuses nothing).
//!
//! The same marker drives `tests/scenarios_wine_profile.rs`: the emulated stack with the `wine`
//! profile must give Wine's answers ([`rejudge`]) for the divergences the profile models
//! (`[wine] profile_models = true`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::emulated::host::Host;
use crate::wire::Arch;

use super::format::{Action, Scenario};
use super::runner::{Diff, Report, compare};

/// `[wine]`: the scenario is a known Wine divergence.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WineDivergence {
    /// Why: Wine's answer against the Windows fact, with the fact's source
    /// (`docs/wine-divergences.md` row).
    pub divergence: String,
    /// The emulated stack's `wine` profile models the divergence (it answers `expect_wine`).
    #[serde(default)]
    pub profile_models: bool,
    /// The call kills the process under Wine (a page fault inside ws2_32): under Wine the
    /// scenario is not run and reports as an expected divergence with the reason.
    #[serde(default)]
    pub crashes: bool,
    /// A call blocks forever under Wine: under Wine the scenario is not run and reports as an
    /// expected divergence with the reason.
    #[serde(default)]
    pub hangs: bool,
    /// Under Wine the scenario cannot be set up: its setup fails with an error containing this
    /// text (e.g. a socket Wine cannot create). The run must fail exactly so to count as the
    /// expected divergence; the `wine` profile must fail the same way.
    #[serde(default)]
    pub setup_error: Option<String>,
}

impl WineDivergence {
    /// Why the scenario is not run under Wine (it crashes or hangs there), if it is not.
    pub fn not_run_under_wine(&self) -> Option<&'static str> {
        if self.crashes {
            Some("crashes")
        } else if self.hangs {
            Some("hangs")
        } else {
            None
        }
    }

    /// `report`'s setup failed as this marker says it does under Wine.
    pub fn setup_failed_as_declared(&self, report: &Report) -> bool {
        matches!(
            (&self.setup_error, &report.setup_error),
            (Some(want), Some(got)) if got.contains(want.as_str())
        )
    }
}

/// What one scenario's run on native Winsock came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every step passed.
    Pass,
    /// Every step passed although the scenario is marked as a Wine divergence, under Wine (the
    /// marker may be stale).
    PassDespiteMarker,
    /// Failed under Wine as the `[wine]` marker says (the reason).
    ExpectedDivergence(String),
    /// Not run: the reason.
    NotApplicable(String),
    /// Failed.
    Fail,
}

impl Verdict {
    /// `"pass"`, `"expected-divergence"`, `"not-applicable"`, `"FAIL"`.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::PassDespiteMarker => "pass (marked as a Wine divergence)",
            Self::ExpectedDivergence(_) => "expected-divergence",
            Self::NotApplicable(_) => "not-applicable",
            Self::Fail => "FAIL",
        }
    }
}

/// Why `scenario` cannot run on a real machine (`None`: it can).
pub fn not_applicable(scenario: &Scenario) -> Option<String> {
    let p = &scenario.profile;
    if p.name != "windows" {
        return Some(format!(
            "profile {:?} models another stack; a native run answers as the machine's own \
             Windows",
            p.name
        ));
    }
    if p.arch != Arch::X64 {
        return Some(format!(
            "arch {}: the native process is 64-bit",
            p.arch.name()
        ));
    }
    if scenario.host != Host::default_host() {
        return Some("a custom [host]: the machine's interfaces are what they are".into());
    }
    for (i, s) in scenario.steps.iter().enumerate() {
        match &s.action {
            Action::Mutate(_) => {
                return Some(format!(
                    "step {}: a host mutation (the harness does not reconfigure a real machine)",
                    i + 1
                ));
            }
            Action::Select {
                async_select: Some(_),
                ..
            } => {
                return Some(format!(
                    "step {}: WSAAsyncSelect needs a window and message loop the harness lacks",
                    i + 1
                ));
            }
            _ => {}
        }
    }
    if scenario
        .sockets
        .iter()
        .any(|d| d.spec.async_select.is_some())
    {
        return Some(
            "a socket uses WSAAsyncSelect, which needs a window and message loop the harness \
             lacks"
                .into(),
        );
    }
    None
}

/// `report` judged again with each step's `expect_wine` keys replacing its `expect` keys.
pub fn rejudge(scenario: &Scenario, report: &Report) -> Report {
    let mut out = report.clone();
    if let Some(w) = &scenario.wine
        && w.setup_failed_as_declared(report)
    {
        // The setup failure Wine gives is its documented answer.
        out.setup_error = None;
        return out;
    }
    for (sr, step) in out.steps.iter_mut().zip(&scenario.steps) {
        let Some(w) = &step.expect_wine else { continue };
        let mut merged = step.expect.clone().unwrap_or_default();
        for (k, v) in w {
            merged.insert(k.clone(), v.clone());
        }
        let mut diffs: Vec<Diff> = Vec::new();
        for (k, e) in &merged {
            match sr.actual.get(k) {
                Some(a) => compare(k, e, a, &sr.actual, &mut diffs),
                None => diffs.push(Diff {
                    field: k.clone(),
                    expected: e.to_string(),
                    actual: "(no such field)".into(),
                }),
            }
        }
        sr.diffs = diffs;
    }
    out
}

/// The verdict of `report` (the run of `scenario` on native Winsock); `under_wine`: the system
/// is Wine, so `[wine]` markers apply.
pub fn classify(scenario: &Scenario, report: &Report, under_wine: bool) -> Verdict {
    let marker = scenario.wine.as_ref().filter(|_| under_wine);
    if report.passed() {
        return if marker.is_some() {
            Verdict::PassDespiteMarker
        } else {
            Verdict::Pass
        };
    }
    let Some(m) = marker else {
        return Verdict::Fail;
    };
    let precise = m.setup_error.is_some() || scenario.steps.iter().any(|s| s.expect_wine.is_some());
    if !precise || rejudge(scenario, report).passed() {
        Verdict::ExpectedDivergence(m.divergence.clone())
    } else {
        Verdict::Fail
    }
}

/// A run on native Winsock: each scenario's report (absent when not applicable) and verdict.
#[derive(Debug, Clone)]
pub struct NativeRun {
    /// `"windows"` or `"windows (Wine)"`.
    pub backend: String,
    /// `(file, report, verdict)` per scenario, in suite order.
    pub results: Vec<(String, Option<Report>, Verdict)>,
}

impl NativeRun {
    /// How many scenarios got each label.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for (_, _, v) in &self.results {
            *m.entry(v.label()).or_insert(0) += 1;
        }
        m
    }

    /// No scenario failed.
    pub fn ok(&self) -> bool {
        !self.results.iter().any(|(_, _, v)| *v == Verdict::Fail)
    }

    /// The table: a row per control code (pass / expected divergence / not applicable / fail),
    /// the divergences and the not-applicable reasons, and the totals.
    pub fn to_text(&self) -> String {
        let mut rows: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        for (_, r, v) in &self.results {
            let col = match v {
                Verdict::Pass | Verdict::PassDespiteMarker => 0,
                Verdict::ExpectedDivergence(_) => 1,
                Verdict::NotApplicable(_) => 2,
                Verdict::Fail => 3,
            };
            if let Some(r) = r {
                for c in &r.codes {
                    rows.entry(c.clone()).or_default()[col] += 1;
                }
            }
        }
        let w = rows
            .keys()
            .map(String::len)
            .max()
            .unwrap_or(0)
            .max("CONTROL CODE".len());
        let mut out = String::new();
        let _ = writeln!(out, "{:<w$}  PASS  DIVERGE  FAIL", "CONTROL CODE");
        for (code, [p, d, _, f]) in &rows {
            let mark = if *f > 0 { "  <- failing" } else { "" };
            let _ = writeln!(out, "{code:<w$}  {p:>4}  {d:>7}  {f:>4}{mark}");
        }
        let _ = writeln!(out);
        for (file, _, v) in &self.results {
            match v {
                Verdict::Pass => {}
                Verdict::ExpectedDivergence(why) | Verdict::NotApplicable(why) => {
                    let _ = writeln!(out, "{:<20} {file}: {why}", v.label());
                }
                Verdict::PassDespiteMarker | Verdict::Fail => {
                    let _ = writeln!(out, "{:<20} {file}", v.label());
                }
            }
        }
        let c = self.counts();
        let n = |k: &str| c.get(k).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "total ({} backend): {} scenarios: {} pass, {} expected-divergence, {} \
             not-applicable, {} failed",
            self.backend,
            self.results.len(),
            n("pass") + n("pass (marked as a Wine divergence)"),
            n("expected-divergence"),
            n("not-applicable"),
            n("FAIL"),
        );
        out
    }
}
