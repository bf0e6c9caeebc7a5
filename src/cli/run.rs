//! `wsaioctl run FILES…` — runs scenario files: per-step pass/fail with a field-by-field diff.

use std::path::PathBuf;

use clap::Args;
use wsaioctl::UsageError;
use wsaioctl::scenario::runner;
use wsaioctl::scenario::{Scenario, Status};

use super::check::{BackendArg, backends};
use super::scenario::Outcome;

/// The arguments of `wsaioctl run`.
#[derive(Debug, Args)]
pub struct RunCmd {
    /// Scenario files (TOML, see fixtures/scenarios/README.md).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The stack to run them on (repeat it, or `all`, for each in turn).
    #[arg(long, value_enum, default_value = "emulated")]
    pub backend: Vec<BackendArg>,
}

/// Runs every file on each backend asked for (each on a fresh stack); a file that does not
/// parse is a usage error (exit 2) and nothing runs. A scenario not applicable to a backend
/// counts as neither passed nor failed.
pub fn run(cmd: &RunCmd) -> Result<Outcome, UsageError> {
    let scenarios: Vec<Scenario> = cmd
        .files
        .iter()
        .map(|f| Scenario::load(f))
        .collect::<Result<_, _>>()?;
    let backends = backends(&cmd.backend);
    #[cfg(all(target_os = "linux", feature = "linux"))]
    if backends.contains(&BackendArg::Linux) {
        wsaioctl::scenario::linux::probe()?;
    }
    let mut text = String::new();
    let mut failed = 0;
    let mut ran = 0;
    for b in backends {
        for s in &scenarios {
            let r = match b {
                BackendArg::Emulated => runner::run_emulated(s),
                #[cfg(all(target_os = "linux", feature = "linux"))]
                BackendArg::Linux => wsaioctl::scenario::linux::run_linux(s)?,
                #[cfg(windows)]
                BackendArg::Windows => {
                    let native = wsaioctl::scenario::backend_windows::NativeBackend::new()
                        .map_err(|e| UsageError::Other(format!("WSAStartup failed with {e:?}")))?;
                    runner::run(s, &native)
                }
                BackendArg::All => unreachable!("expanded by `backends`"),
            };
            match r.status() {
                Status::NotApplicable => {}
                Status::Failed => {
                    ran += 1;
                    failed += 1;
                }
                Status::Passed | Status::Diverged => ran += 1,
            }
            text.push_str(&r.to_text());
            text.push('\n');
        }
    }
    let scenarios = ran;
    text.push_str(&format!(
        "{} of {} scenarios passed\n",
        scenarios - failed,
        scenarios
    ));
    Ok(Outcome {
        text,
        failed: failed > 0,
    })
}
