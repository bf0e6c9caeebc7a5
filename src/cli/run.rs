//! `wsaioctl run FILES…` — runs scenario files: per-step pass/fail with a field-by-field diff.

use std::path::PathBuf;

use clap::Args;
use wsaioctl::UsageError;
use wsaioctl::scenario::Scenario;
use wsaioctl::scenario::runner;

use super::scenario::Outcome;

/// The arguments of `wsaioctl run`.
#[derive(Debug, Args)]
pub struct RunCmd {
    /// Scenario files (TOML, see fixtures/scenarios/README.md).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Runs every file on the emulated stack (each on a fresh stack); a file that does not parse is
/// a usage error (exit 2) and nothing runs.
pub fn run(cmd: &RunCmd) -> Result<Outcome, UsageError> {
    let scenarios: Vec<Scenario> = cmd
        .files
        .iter()
        .map(|f| Scenario::load(f))
        .collect::<Result<_, _>>()?;
    let mut text = String::new();
    let mut failed = 0;
    for s in &scenarios {
        let r = runner::run_emulated(s);
        if !r.passed() {
            failed += 1;
        }
        text.push_str(&r.to_text());
        text.push('\n');
    }
    text.push_str(&format!(
        "{} of {} scenarios passed\n",
        scenarios.len() - failed,
        scenarios.len()
    ));
    Ok(Outcome {
        text,
        failed: failed > 0,
    })
}
