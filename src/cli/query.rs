//! `wsaioctl query CODE [ARGS]` — the Windows-shaped answer of this Linux host (the logic is
//! [`wsaioctl::linux::query`]; this module parses the command line and renders the answer).

use std::fmt::Write as _;

use serde::Serialize;
use wsaioctl::UsageError;
use wsaioctl::api::IoctlOutcome;
use wsaioctl::linux::query::{self, Answer, Query};
use wsaioctl::spi::{SocketKind, sock_type};
use wsaioctl::wire::sockaddr::{AF_INET, AF_INET6};

use super::args::parse_number;
use super::decode::{line, resolve};

/// The arguments of `query`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The control code: a catalog name or alias, or a value (0x… hex or decimal).
    pub code: String,
    /// Code-specific arguments: a destination address (SIO_ROUTING_INTERFACE_QUERY), 4 or 6
    /// (the address and interface lists), ONOFF TIME_MS INTERVAL_MS (SIO_KEEPALIVE_VALS), a
    /// version (SIO_TCP_INFO), a value (codes with a 4-byte input).
    pub args: Vec<String>,
    /// The socket's family, 4 or 6 (default: from the arguments, else 4).
    #[arg(long, value_name = "4|6")]
    pub family: Option<String>,
    /// The socket's type: tcp or udp (default: tcp for TCP codes, else udp).
    #[arg(long = "type", value_name = "tcp|udp")]
    pub ty: Option<String>,
    /// lpvInBuffer as hex bytes (spaces allowed), replacing what ARGS would give.
    #[arg(long, value_name = "HEX")]
    pub input: Option<String>,
    /// cbOutBuffer (decimal or 0x… hex); default: what the code needs.
    #[arg(long, value_name = "N")]
    pub output_len: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn hex_bytes(text: &str) -> Result<Vec<u8>, UsageError> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = digits.strip_prefix("0x").unwrap_or(&digits);
    if !digits.len().is_multiple_of(2) || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(UsageError::Other(format!(
            "--input `{text}` is not hex bytes (e.g. 01000000)"
        )));
    }
    Ok((0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("checked hex"))
        .collect())
}

/// `query --json`.
#[derive(Debug, Serialize)]
struct QueryView<'a> {
    code: u32,
    code_hex: String,
    name: Option<&'static str>,
    socket: SocketKind,
    connected: bool,
    input_hex: Option<String>,
    output_len: u32,
    ret: i32,
    error: wsaioctl::WsaError,
    bytes_returned: Option<u32>,
    output_hex: String,
    decoded: &'a [String],
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn socket_text(k: SocketKind) -> String {
    let fam = match k.family {
        AF_INET => "AF_INET".to_string(),
        AF_INET6 => "AF_INET6".to_string(),
        f => format!("family {f}"),
    };
    let ty = match k.ty {
        sock_type::STREAM => "SOCK_STREAM",
        sock_type::DGRAM => "SOCK_DGRAM",
        _ => "SOCK_RAW",
    };
    format!("{fam}, {ty}, protocol {}", k.protocol)
}

/// Runs `query`.
pub fn run(a: QueryArgs) -> Result<String, UsageError> {
    let code = resolve(&a.code)?;
    let args: Vec<&str> = a.args.iter().map(String::as_str).collect();
    let mut q = Query::for_code(code, &args)?;
    if let Some(f) = &a.family {
        q.socket.family = match f.as_str() {
            "4" | "inet" => AF_INET,
            "6" | "inet6" => AF_INET6,
            _ => return Err(UsageError::Other(format!("--family `{f}`: 4 or 6"))),
        };
    }
    if let Some(t) = &a.ty {
        let (ty, protocol) = match t.to_ascii_lowercase().as_str() {
            "tcp" | "stream" => (sock_type::STREAM, 6),
            "udp" | "dgram" => (sock_type::DGRAM, 17),
            _ => return Err(UsageError::Other(format!("--type `{t}`: tcp or udp"))),
        };
        q.socket.ty = ty;
        q.socket.protocol = protocol;
        q.connected &= ty == sock_type::STREAM;
    }
    if let Some(h) = &a.input {
        q.input = Some(hex_bytes(h)?);
    }
    if let Some(n) = &a.output_len {
        q.output_len = Some(parse_number(n, "output length", u32::MAX)?);
    }
    let answer = query::run(&q)?;
    if a.json {
        let mut s = serde_json::to_string_pretty(&QueryView {
            code: answer.code.0,
            code_hex: format!("{:#010x}", answer.code.0),
            name: answer.name,
            socket: answer.socket,
            connected: answer.connected,
            input_hex: (!answer.input.is_empty()).then(|| hex(&answer.input)),
            output_len: answer.output_len,
            ret: answer.outcome.ret(),
            error: answer.outcome.error(),
            bytes_returned: answer.outcome.bytes_returned(),
            output_hex: hex(&answer.output),
            decoded: &answer.decoded,
        })
        .map_err(|e| UsageError::Other(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    Ok(text(&answer))
}

fn text(a: &Answer) -> String {
    let mut out = String::new();
    let name = a.name.unwrap_or("(not in the catalog)");
    line(&mut out, 0, "code", &format!("{name} ({:#010x})", a.code.0));
    let mut sock = socket_text(a.socket);
    if a.connected {
        sock.push_str(", connected over loopback");
    }
    line(&mut out, 0, "socket", &sock);
    let input = if a.input.is_empty() {
        "NULL".to_string()
    } else {
        format!("{} bytes: {}", a.input.len(), hex(&a.input))
    };
    line(&mut out, 0, "input", &input);
    line(&mut out, 0, "cbOutBuffer", &a.output_len.to_string());
    let result = match a.outcome {
        IoctlOutcome::Completed { bytes } => format!("0, lpcbBytesReturned = {bytes}"),
        IoctlOutcome::Pending => "SOCKET_ERROR, WSA_IO_PENDING".to_string(),
        IoctlOutcome::Failed {
            error,
            bytes_returned,
        } => {
            let br = bytes_returned.map_or("untouched".to_string(), |b| b.to_string());
            format!("SOCKET_ERROR, {error}\nlpcbBytesReturned = {br}")
        }
    };
    line(&mut out, 0, "result", &result);
    if !a.output.is_empty() {
        let mut dump = String::new();
        for (i, chunk) in a.output.chunks(16).enumerate() {
            let bytes: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let _ = writeln!(dump, "{:04x}  {}", i * 16, bytes.join(" "));
        }
        line(&mut out, 0, "output", dump.trim_end());
    }
    if !a.decoded.is_empty() {
        line(&mut out, 0, "decoded", &a.decoded.join("\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_input() {
        assert_eq!(hex_bytes("01 00 00 00").unwrap(), [1, 0, 0, 0]);
        assert_eq!(hex_bytes("0xff10").unwrap(), [0xff, 0x10]);
        assert!(hex_bytes("123").is_err());
        assert!(hex_bytes("zz").is_err());
    }
}
