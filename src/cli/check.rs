//! `wsaioctl check` — runs the built-in conformance suite (`fixtures/scenarios/`, embedded in the
//! binary) and prints the summary per control code; the reports of failing scenarios come first.

use clap::{Args, ValueEnum};
use wsaioctl::UsageError;
use wsaioctl::scenario::suite;

use super::scenario::Outcome;

/// `--backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackendArg {
    /// The emulated API layer over the emulated TCP/IP provider.
    Emulated,
    /// Native Winsock (the real ws2_32: Windows, or Wine) — Windows builds only.
    #[cfg(windows)]
    Windows,
}

/// The arguments of `wsaioctl check`.
#[derive(Debug, Args)]
pub struct CheckCmd {
    /// The stack to check.
    #[arg(long, value_enum, default_value = "emulated")]
    pub backend: BackendArg,
    /// Also print every scenario's step-by-step report.
    #[arg(long)]
    pub verbose: bool,
}

/// Runs `check`.
pub fn run(cmd: &CheckCmd) -> Result<Outcome, UsageError> {
    let (reports, summary) = match cmd.backend {
        BackendArg::Emulated => suite::check_emulated()?,
        #[cfg(windows)]
        BackendArg::Windows => return run_windows(cmd),
    };
    let mut text = String::new();
    for r in &reports {
        if cmd.verbose || !r.passed() {
            text.push_str(&r.to_text());
            text.push('\n');
        }
    }
    text.push_str(&summary.to_text());
    Ok(Outcome {
        text,
        failed: !summary.all_passed(),
    })
}

// ---- --backend windows (native Winsock; pass / expected-divergence / not-applicable) ---------

#[cfg(windows)]
fn run_windows(cmd: &CheckCmd) -> Result<Outcome, UsageError> {
    use wsaioctl::scenario::backend_windows::check_windows;
    use wsaioctl::scenario::wine::Verdict;
    let run = check_windows()?;
    let mut text = String::new();
    for (_, r, v) in &run.results {
        if let Some(r) = r
            && (cmd.verbose || *v == Verdict::Fail)
        {
            text.push_str(&r.to_text());
            text.push('\n');
        }
    }
    text.push_str(&run.to_text());
    Ok(Outcome {
        text,
        failed: !run.ok(),
    })
}
