//! `wsaioctl call CODE [flags]` — one `WSAIoctl` call on the emulated stack (or, with
//! `--backend linux`, on real Linux sockets), every out-value printed as a table or as JSON
//! (`wsaioctl::scenario::CallReport`).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};
use wsaioctl::UsageError;
use wsaioctl::emulated::host::Host;
use wsaioctl::profile::Profile;
use wsaioctl::scenario::call::{
    CallArgs, CallReport, CallSpec, CompletionKind, NetworkEvents, Protocol, SockFamily, SockType,
    SocketSpec, SocketState, parse_code,
};
use wsaioctl::wire::Arch;

use super::decode::line;
use super::scenario::Outcome;
use super::view;

/// `--family`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FamilyArg {
    /// AF_INET.
    Inet,
    /// AF_INET6.
    Inet6,
}

/// `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    /// SOCK_STREAM.
    Stream,
    /// SOCK_DGRAM.
    Dgram,
    /// SOCK_RAW.
    Raw,
}

/// `--state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    /// Just created.
    Fresh,
    /// Bound (to --bind, default the wildcard address).
    Bound,
    /// Bound and listening.
    Listening,
    /// Connected over loopback to a peer the stack creates.
    Connected,
}

/// `--completion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionArg {
    /// lpOverlapped and lpCompletionRoutine NULL.
    None,
    /// An OVERLAPPED with an event; waited on, then WSAGetOverlappedResult.
    Event,
    /// As event, with the hEvent low bit set (no completion-port packet).
    EventNoPort,
    /// An OVERLAPPED on a completion port (key 123); GetQueuedCompletionStatus.
    Iocp,
    /// An OVERLAPPED and a completion routine; SleepEx(wait, TRUE).
    Apc,
}

/// `--arch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArchArg {
    /// A 32-bit process.
    X86,
    /// A 64-bit process.
    X64,
}

/// `--backend` of `call`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallBackendArg {
    /// The emulated API layer over the emulated TCP/IP provider (over --host).
    Emulated,
    /// The emulated API layer over the Linux provider: real sockets on this machine (state
    /// connected over loopback); with --host, in a private network namespace where that host
    /// is built (needs root).
    #[cfg(all(target_os = "linux", feature = "linux"))]
    Linux,
}

/// The flags of `wsaioctl call`.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("input")
        .multiple(false)
        .args(["in_hex", "in_sockaddr", "in_keepalive", "in_guid", "in_u32", "in_null"])
))]
pub struct CallCmd {
    /// The control code: a catalog name or alias (case-insensitive) or a value (0x… or decimal).
    pub code: String,
    /// Address family of the socket.
    #[arg(long, value_enum, default_value = "inet")]
    pub family: FamilyArg,
    /// Socket type.
    #[arg(long = "type", value_enum, default_value = "stream")]
    pub ty: TypeArg,
    /// Protocol: tcp, udp, ip, ipv6, icmp, icmpv6 or a number (default: by type).
    #[arg(long, value_name = "PROTO")]
    pub protocol: Option<String>,
    /// The state the socket is put in before the call.
    #[arg(long, value_enum, default_value = "fresh")]
    pub state: StateArg,
    /// The address to bind for --state bound/listening ("192.0.2.10:0", "[::1]:0").
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Put the socket in nonblocking mode (FIONBIO 1) first.
    #[arg(long)]
    pub nonblocking: bool,
    /// WSAEventSelect the socket first: FD_READ, or --event-select=FD_READ,FD_OOB (FD_* names).
    #[arg(long, value_name = "EVENTS", num_args = 0..=1, require_equals = true, default_missing_value = "FD_READ")]
    pub event_select: Option<String>,
    /// Create the socket without WSA_FLAG_OVERLAPPED.
    #[arg(long)]
    pub no_overlapped_flag: bool,
    /// Input bytes in hex ("01000000").
    #[arg(long, value_name = "HEX")]
    pub in_hex: Option<String>,
    /// Input SOCKADDR: 192.0.2.1, 192.0.2.1:80, 2001:db8::1 or [2001:db8::1]:80.
    #[arg(long, value_name = "ADDR")]
    pub in_sockaddr: Option<String>,
    /// Input tcp_keepalive: onoff,keepalivetime,keepaliveinterval ("1,7200000,1000").
    #[arg(long, value_name = "ON,TIME,INTERVAL")]
    pub in_keepalive: Option<String>,
    /// Input GUID: a WSAID_* name or {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.
    #[arg(long, value_name = "GUID")]
    pub in_guid: Option<String>,
    /// Input u_long / DWORD / BOOL (4 bytes).
    #[arg(long, value_name = "N", value_parser = parse_u32)]
    pub in_u32: Option<u32>,
    /// lpvInBuffer NULL (the default when no input is given).
    #[arg(long)]
    pub in_null: bool,
    /// cbInBuffer, when it differs from the bytes given (longer pads with zeros).
    #[arg(long, value_name = "N", value_parser = parse_u32)]
    pub in_len: Option<u32>,
    /// cbOutBuffer (the buffer is filled with 0xcc first).
    #[arg(long, value_name = "N", default_value = "0", value_parser = parse_u32)]
    pub out_len: u32,
    /// lpvOutBuffer NULL (with cbOutBuffer = --out-len).
    #[arg(long)]
    pub out_null: bool,
    /// lpcbBytesReturned NULL.
    #[arg(long)]
    pub bytes_null: bool,
    /// Pointer width of the process (default: the profile's).
    #[arg(long, value_enum)]
    pub arch: Option<ArchArg>,
    /// How the call completes.
    #[arg(long, value_enum, default_value = "none")]
    pub completion: CompletionArg,
    /// How long to wait for the completion, in milliseconds.
    #[arg(long, value_name = "MS", default_value = "0", value_parser = parse_u32)]
    pub wait_ms: u32,
    /// A host file (TOML, see fixtures/hosts/README.md); default: the built-in host.
    #[arg(long, value_name = "FILE")]
    pub host: Option<PathBuf>,
    /// The behaviour profile (windows, windows-x86, win7, vista, xp, doc000, wine, user, ce).
    #[arg(long, value_name = "NAME", default_value = "windows")]
    pub profile: String,
    /// The stack the call is made on.
    #[arg(long, value_enum, default_value = "emulated")]
    pub backend: CallBackendArg,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_u32(text: &str) -> Result<u32, UsageError> {
    super::args::parse_number(text, "value", u32::MAX)
}

impl CallCmd {
    /// The library's description of the call.
    pub fn spec(&self) -> Result<CallSpec, UsageError> {
        let event_select = self
            .event_select
            .as_deref()
            .map(NetworkEvents::parse_list)
            .transpose()?;
        let protocol = self
            .protocol
            .as_deref()
            .map(str::parse::<Protocol>)
            .transpose()?;
        Ok(CallSpec {
            socket: SocketSpec {
                family: match self.family {
                    FamilyArg::Inet => SockFamily::Inet,
                    FamilyArg::Inet6 => SockFamily::Inet6,
                },
                ty: match self.ty {
                    TypeArg::Stream => SockType::Stream,
                    TypeArg::Dgram => SockType::Dgram,
                    TypeArg::Raw => SockType::Raw,
                },
                protocol,
                state: match self.state {
                    StateArg::Fresh => SocketState::Fresh,
                    StateArg::Bound => SocketState::Bound,
                    StateArg::Listening => SocketState::Listening,
                    StateArg::Connected => SocketState::Connected,
                },
                nonblocking: self.nonblocking,
                event_select,
                async_select: None,
                overlapped: !self.no_overlapped_flag,
                bind: self.bind.clone(),
            },
            args: CallArgs {
                code: parse_code(&self.code)?,
                in_hex: self.in_hex.clone(),
                in_u32: self.in_u32,
                in_sockaddr: self.in_sockaddr.clone(),
                in_keepalive: self.in_keepalive.clone(),
                in_guid: self.in_guid.clone(),
                in_from: None,
                in_null: self.in_null,
                in_len: self.in_len,
                out_len: self.out_len,
                out_null: self.out_null,
                bytes_null: self.bytes_null,
                completion: match self.completion {
                    CompletionArg::None => CompletionKind::None,
                    CompletionArg::Event => CompletionKind::Event,
                    CompletionArg::EventNoPort => CompletionKind::EventNoPort,
                    CompletionArg::Iocp => CompletionKind::Iocp,
                    CompletionArg::Apc => CompletionKind::Apc,
                },
                wait_ms: self.wait_ms,
            },
            arch: self.arch.map(|a| match a {
                ArchArg::X86 => Arch::X86,
                ArchArg::X64 => Arch::X64,
            }),
        })
    }
}

/// Runs `call`.
pub fn run(cmd: &CallCmd) -> Result<Outcome, UsageError> {
    let spec = cmd.spec()?;
    spec.args.validate()?;
    let profile = Profile::by_name(&cmd.profile).ok_or_else(|| {
        UsageError::Other(format!(
            "unknown profile {:?} (known: {}, ce)",
            cmd.profile,
            Profile::NAMES.join(", ")
        ))
    })?;
    let host = cmd
        .host
        .as_deref()
        .map(super::args::load_host)
        .transpose()?;
    let report = match cmd.backend {
        CallBackendArg::Emulated => spec.run(host.unwrap_or_else(Host::default_host), profile)?,
        #[cfg(all(target_os = "linux", feature = "linux"))]
        CallBackendArg::Linux => {
            wsaioctl::scenario::linux::call_linux(&spec, profile, host.as_ref())?
        }
    };
    let text = if cmd.json {
        view::to_json(&report)
    } else {
        let mut t = text(&spec, &report);
        if cmd.backend != CallBackendArg::Emulated {
            let on = if cmd.host.is_some() {
                "the host of --host, built in a private network namespace"
            } else {
                "this machine"
            };
            let mut head = String::new();
            line(
                &mut head,
                0,
                "stack",
                &format!("linux: real sockets on {on}"),
            );
            t.insert_str(0, &head);
        }
        t
    };
    Ok(Outcome {
        text,
        failed: false,
    })
}

fn buffer_text(null: bool, len: u32) -> String {
    if null {
        format!("NULL, length {len}")
    } else {
        format!("{len} bytes (filled with 0xcc)")
    }
}

/// The output buffer in hex, 32 bytes a line; a tail the call left at 0xcc is counted, not shown.
fn output_text(hex: Option<&str>) -> String {
    let Some(hex) = hex else {
        return "NULL".to_string();
    };
    if hex.is_empty() {
        return "- (0 bytes)".to_string();
    }
    let bytes: Vec<&str> = (0..hex.len() / 2).map(|i| &hex[2 * i..2 * i + 2]).collect();
    let written = bytes.iter().rposition(|b| *b != "cc").map_or(0, |i| i + 1);
    if written == 0 {
        return format!("{} bytes, all still 0xcc (not written)", bytes.len());
    }
    let mut lines: Vec<String> = bytes[..written].chunks(32).map(|c| c.concat()).collect();
    let tail = bytes.len() - written;
    if tail > 0 {
        lines.push(format!("(then {tail} bytes still 0xcc)"));
    }
    lines.join("\n")
}

/// The readable table of a report.
pub fn text(spec: &CallSpec, r: &CallReport) -> String {
    let a = &spec.args;
    let mut out = String::new();
    line(
        &mut out,
        0,
        "call",
        &format!("WSAIoctl({}, {:#010x})", r.code, a.code.raw()),
    );
    line(&mut out, 0, "socket", &spec.socket.describe());
    line(
        &mut out,
        0,
        "profile",
        &format!("{} ({})", r.profile, r.arch),
    );
    let input = match a.input() {
        Ok(wsaioctl::scenario::call::Input::Bytes(b)) => {
            let len = a.in_len.unwrap_or(b.len() as u32);
            let mut shown = b.clone();
            shown.resize(len as usize, 0);
            format!(
                "{} bytes: {}",
                len,
                if shown.is_empty() {
                    "-".to_string()
                } else {
                    wsaioctl::scenario::call::hex(&shown)
                }
            )
        }
        _ => format!("NULL, length {}", a.in_len.unwrap_or(0)),
    };
    line(&mut out, 0, "input", &input);
    line(
        &mut out,
        0,
        "output buffer",
        &buffer_text(a.out_null, a.out_len),
    );
    line(
        &mut out,
        0,
        "bytes pointer",
        if a.bytes_null {
            "lpcbBytesReturned NULL"
        } else {
            "lpcbBytesReturned valid (holds 0xdeadbeef)"
        },
    );
    line(&mut out, 0, "completion mode", a.completion.name());
    out.push('\n');
    line(
        &mut out,
        0,
        "returned",
        if r.ret == 0 { "0" } else { "-1 (SOCKET_ERROR)" },
    );
    line(
        &mut out,
        0,
        "WSAGetLastError",
        &r.error.map_or_else(
            || "0 (NO_ERROR)".to_string(),
            |e| format!("{} ({})", e.name().unwrap_or("?"), e.code()),
        ),
    );
    line(
        &mut out,
        0,
        "bytes returned",
        &r.bytes_returned
            .map_or_else(|| "untouched".to_string(), |n| n.to_string()),
    );
    line(&mut out, 0, "output", &output_text(r.output_hex.as_deref()));
    if let Some(v) = &r.output {
        let pretty = serde_json::to_string_pretty(v).unwrap_or_default();
        line(&mut out, 0, "decoded", &pretty);
    }
    match &r.completion {
        None => line(&mut out, 0, "completion", "-"),
        Some(c) => {
            let mut s = if c.posted {
                format!("posted ({}): {} bytes", c.kind, c.bytes)
            } else {
                format!("nothing posted ({}) within the wait", c.kind)
            };
            if let Some(e) = c.error {
                let _ = write!(s, ", error {} ({})", e.name.unwrap_or("?"), e.code);
            }
            line(&mut out, 0, "completion", &s);
            line(
                &mut out,
                2,
                "Internal",
                &format!("{:#x} ({})", c.internal, c.status),
            );
            line(
                &mut out,
                2,
                "InternalHigh",
                &format!("{:#x}", c.internal_high),
            );
            if let Some(k) = c.key {
                line(&mut out, 2, "key", &k.to_string());
            }
            if let Some(same) = c.same_overlapped {
                line(
                    &mut out,
                    2,
                    "lpOverlapped",
                    if same {
                        "this call's"
                    } else {
                        "another call's"
                    },
                );
            }
            if let Some(f) = c.flags {
                line(&mut out, 2, "dwFlags", &f.to_string());
            }
            if let Some(n) = c.runs {
                line(&mut out, 2, "routine runs", &n.to_string());
            }
        }
    }
    out
}
