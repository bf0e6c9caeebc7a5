//! `wsaioctl` — decode, encode and list Winsock `WSAIoctl` control codes; make one call, run
//! scenarios and the conformance suite on the emulated stack.
//!
//! A client of the library's public API only (DESIGN.md, "Rules of the house"): every fact it
//! prints comes from [`wsaioctl::code`] and [`wsaioctl::catalog`]; the modules under `cli/` only
//! parse arguments and render text or JSON.
//!
//! Exit status: 0 on success, 2 for a usage error (clap's own, an unknown name, a malformed
//! number, a value out of range), 1 if the output cannot be written or a scenario failed
//! (`run`, `check`).
#![deny(unsafe_code)]

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, Subcommand};

use cli::args::{KindArg, SourceArg, SupportArg};

/// Decode, encode and list Winsock WSAIoctl control codes (dwIoControlCode); make calls and run
/// conformance scenarios on the emulated stack.
#[derive(Debug, Parser)]
#[command(name = "wsaioctl", version, color = clap::ColorChoice::Never)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode a control code: its fields, its SDK macro form and every catalog row with that value.
    Decode {
        /// The value (0x… hex or decimal) or a catalog name or alias (case-insensitive).
        value: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Build a control code from its fields or from an SDK macro expression.
    #[command(group(
        ArgGroup::new("source")
            .required(true)
            .multiple(true)
            .args(["expr", "input", "output", "void", "kind", "family", "code"])
    ))]
    Encode {
        /// An SDK macro expression, e.g. "_WSAIORW(IOC_WS2, 6)" or "_IOR('t', 127, u_long)".
        #[arg(conflicts_with_all = ["input", "output", "void", "kind", "family", "code"])]
        expr: Option<String>,
        /// Set I (bit 31, IOC_IN): the input buffer is valid.
        #[arg(long)]
        input: bool,
        /// Set O (bit 30, IOC_OUT): the output buffer is valid.
        #[arg(long)]
        output: bool,
        /// Set V (bit 29, IOC_VOID): the code has no parameters.
        #[arg(long)]
        void: bool,
        /// T (bits 28-27): unix, ws2, protocol or vendor (or 0-3). Default: unix.
        #[arg(long, value_enum, ignore_case = true)]
        kind: Option<KindArg>,
        /// Vendor / address family (bits 26-16), 0 to 0x7ff (decimal or 0x… hex).
        #[arg(long, value_name = "N", value_parser = cli::args::parse_family)]
        family: Option<u16>,
        /// Code (bits 15-0), 0 to 0xffff (decimal or 0x… hex).
        #[arg(long, value_name = "N", value_parser = cli::args::parse_code)]
        code: Option<u16>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the catalog of documented control codes as a table.
    List {
        /// Only codes of this T: unix, ws2, protocol or vendor (or 0-3).
        #[arg(long, value_enum, ignore_case = true)]
        kind: Option<KindArg>,
        /// Only codes described by this source.
        #[arg(long, value_enum, ignore_case = true)]
        source: Option<SourceArg>,
        /// Only codes a SAN service provider supports (spec/004).
        #[arg(long)]
        san: bool,
        /// Only codes with this support by the current Windows TCP/IP provider.
        #[arg(long, value_enum, ignore_case = true)]
        support: Option<SupportArg>,
        /// Only codes whose name or an alias contains SUBSTRING (case-insensitive).
        #[arg(long, value_name = "SUBSTRING")]
        name: Option<String>,
        /// Only codes the documents list as especially likely to block.
        #[arg(long)]
        blocking: bool,
        /// Print a JSON array of rows instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// The conformance commands: call, run, check.
    #[command(flatten)]
    Scenario(cli::scenario::ScenarioCommand),
    /// Ask this Linux host: the Windows-shaped answer of one WSAIoctl call on a fresh socket.
    #[cfg(all(target_os = "linux", feature = "linux"))]
    Query(cli::query::QueryArgs),
}

fn run(command: Command) -> Result<String, wsaioctl::UsageError> {
    match command {
        Command::Scenario(_) => unreachable!("main dispatches the conformance commands"),
        Command::Decode { value, json } => cli::decode::run(&value, json),
        Command::Encode {
            expr,
            input,
            output,
            void,
            kind,
            family,
            code,
            json,
        } => {
            let how = match expr {
                Some(e) => cli::encode::Encoding::Expr(e),
                None => cli::encode::Encoding::Fields(wsaioctl::code::Fields {
                    input,
                    output,
                    void,
                    kind: kind.map_or(wsaioctl::code::IoctlKind::Unix, KindArg::kind),
                    family: family.unwrap_or(0),
                    code: code.unwrap_or(0),
                }),
            };
            cli::encode::run(how, json)
        }
        Command::List {
            kind,
            source,
            san,
            support,
            name,
            blocking,
            json,
        } => {
            let filter = cli::list::Filter {
                kind: kind.map(KindArg::kind),
                source: source.map(SourceArg::source),
                san,
                support: support.map(SupportArg::support),
                name,
                blocking,
            };
            cli::list::run(&filter, json)
        }
        #[cfg(all(target_os = "linux", feature = "linux"))]
        Command::Query(args) => cli::query::run(args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `run` and `check` exit 1 when a scenario fails (after printing their report).
    let outcome = match cli.command {
        Command::Scenario(c) => cli::scenario::run(c),
        other => run(other).map(|text| cli::scenario::Outcome {
            text,
            failed: false,
        }),
    };
    match outcome {
        Ok(cli::scenario::Outcome { text, failed }) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) if failed => ExitCode::FAILURE,
                Ok(()) => ExitCode::SUCCESS,
                // `wsaioctl list | head`: the reader left; not an error of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && !failed => {
                    ExitCode::SUCCESS
                }
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("wsaioctl: error: cannot write the output: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("wsaioctl: error: {e}");
            if let wsaioctl::UsageError::UnknownName(n) = &e {
                eprintln!("hint: `wsaioctl list --name {n}` searches names and aliases");
                if n.chars().all(|c| c.is_ascii_hexdigit()) {
                    eprintln!("hint: for a hexadecimal value write 0x{n}");
                }
            }
            ExitCode::from(2)
        }
    }
}
