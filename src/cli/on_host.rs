//! `wsaioctl on-host [--host FILE] -- COMMAND [ARGS…]` — runs a program on a real copy of an
//! emulated host: a private network namespace built as the host (the Linux backend's
//! realisation, [`wsaioctl::scenario::linux::run_command_on_host`]). Used to run the Windows
//! build under Wine against the built-in default host, so that `check --backend windows`
//! answers for the same interfaces, addresses and routes as the emulated stack.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use wsaioctl::UsageError;
use wsaioctl::emulated::host::Host;
use wsaioctl::scenario::linux::run_command_on_host;

use super::scenario::Outcome;

/// The arguments of `on-host`.
#[derive(Debug, clap::Args)]
pub struct OnHostCmd {
    /// The host to build (a host TOML as in fixtures/hosts/); default: the built-in default host.
    #[arg(long, value_name = "FILE")]
    pub host: Option<PathBuf>,
    /// Give up after this many seconds (the command is left running).
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    pub timeout: u64,
    /// The program and its arguments (after `--`).
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

/// Builds the host, runs the command in it with this process's stdin/stdout/stderr, and fails
/// (exit 1) when the command does not exit 0.
pub fn run(cmd: &OnHostCmd) -> Result<Outcome, UsageError> {
    let host = match &cmd.host {
        None => Host::default_host(),
        Some(path) => super::args::load_host(path)?,
    };
    let (program, args) = cmd
        .command
        .split_first()
        .ok_or_else(|| UsageError::Other("on-host: no command given".into()))?;
    let mut command = Command::new(program);
    command.args(args);
    let status = run_command_on_host(&host, command, Duration::from_secs(cmd.timeout))?;
    Ok(Outcome {
        text: if status.success() {
            String::new()
        } else {
            format!("on-host: {program} ended with {status}\n")
        },
        failed: !status.success(),
    })
}
