//! `wsaioctl check` — runs the built-in conformance suite (`fixtures/scenarios/`, embedded in the
//! binary) on one or more backends and prints the summary per control code, a column per
//! backend; the reports of failing scenarios come first.

use clap::{Args, ValueEnum};
use wsaioctl::UsageError;
use wsaioctl::scenario::suite;

use super::scenario::Outcome;

/// `--backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum BackendArg {
    /// The emulated API layer over the emulated TCP/IP provider.
    Emulated,
    /// Native Winsock (the real ws2_32: Windows, or Wine) — Windows builds only.
    #[cfg(windows)]
    Windows,
    /// The emulated API layer over the Linux provider (real sockets), each scenario in a
    /// private network namespace where its host is built (needs root).
    #[cfg(all(target_os = "linux", feature = "linux"))]
    Linux,
    /// Every backend of this build, side by side.
    All,
}

/// The arguments of `wsaioctl check`.
#[derive(Debug, Args)]
pub struct CheckCmd {
    /// The stack to check; repeat it (or give `all`) for a column per backend.
    #[arg(long, value_enum, default_value = "emulated")]
    pub backend: Vec<BackendArg>,
    /// Also print every scenario's step-by-step report (and the scenarios not applicable to a
    /// backend, with the reason).
    #[arg(long)]
    pub verbose: bool,
}

/// The backends `args` name, in column order, each once.
pub fn backends(args: &[BackendArg]) -> Vec<BackendArg> {
    let mut v: Vec<BackendArg> = if args.contains(&BackendArg::All) {
        BackendArg::value_variants()
            .iter()
            .copied()
            .filter(|b| *b != BackendArg::All)
            .collect()
    } else {
        args.to_vec()
    };
    v.sort();
    v.dedup();
    v
}

/// Runs `check`.
pub fn run(cmd: &CheckCmd) -> Result<Outcome, UsageError> {
    #[cfg(windows)]
    if cmd.backend.contains(&BackendArg::Windows) {
        return run_windows(cmd);
    }
    let mut runs = Vec::new();
    for b in backends(&cmd.backend) {
        runs.push(match b {
            BackendArg::Emulated => suite::check_emulated()?,
            #[cfg(all(target_os = "linux", feature = "linux"))]
            BackendArg::Linux => suite::check_linux()?,
            // `all` on Windows: native Winsock has its own verdict table (`--backend windows`).
            #[cfg(windows)]
            BackendArg::Windows => continue,
            BackendArg::All => unreachable!("expanded by `backends`"),
        });
    }
    let mut text = String::new();
    for (reports, _) in &runs {
        for r in reports {
            if cmd.verbose || r.status() == wsaioctl::scenario::Status::Failed {
                text.push_str(&r.to_text());
                text.push('\n');
            }
        }
    }
    let summaries: Vec<suite::Summary> = runs.into_iter().map(|(_, s)| s).collect();
    text.push_str(&suite::table(&summaries));
    Ok(Outcome {
        text,
        failed: !summaries.iter().all(suite::Summary::all_passed),
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
