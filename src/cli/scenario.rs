//! The conformance commands — `call`, `run`, `check` — as one clap subcommand group that
//! `main` flattens into the command list, and their common result.

use clap::Subcommand;
use wsaioctl::UsageError;

use super::{call, check, run};

/// `call`, `run`, `check`.
#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Make one WSAIoctl call on the emulated stack (or real Linux sockets, --backend linux)
    /// and print every out-value.
    ///
    /// The Winsock outcome, an error included, exits 0; a bad flag or value exits 2.
    Call(Box<call::CallCmd>),
    /// Run scenario files: each step passes or fails with a field-by-field diff (exit 1 if any
    /// fails).
    Run(run::RunCmd),
    /// Run the built-in conformance suite and print a summary per control code (exit 1 if any
    /// scenario fails).
    Check(check::CheckCmd),
    /// Run a program in a private network namespace built as an emulated host (default: the
    /// built-in one) — e.g. the Windows build under Wine, so that native Winsock answers for the
    /// host the emulation models. Needs root; exits 1 when the program fails.
    #[cfg(all(target_os = "linux", feature = "linux"))]
    OnHost(super::on_host::OnHostCmd),
}

/// A command's output and whether it found a failure (exit status 1).
#[derive(Debug)]
pub struct Outcome {
    /// What to print on stdout.
    pub text: String,
    /// A scenario failed.
    pub failed: bool,
}

/// Runs one of the commands.
pub fn run(command: ScenarioCommand) -> Result<Outcome, UsageError> {
    match command {
        ScenarioCommand::Call(c) => call::run(&c),
        ScenarioCommand::Run(c) => run::run(&c),
        ScenarioCommand::Check(c) => check::run(&c),
        #[cfg(all(target_os = "linux", feature = "linux"))]
        ScenarioCommand::OnHost(c) => super::on_host::run(&c),
    }
}
