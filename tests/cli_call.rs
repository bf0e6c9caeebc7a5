//! `wsaioctl call`, run as a process: the JSON report of single calls against the emulated stack,
//! exit statuses, and snapshots of the text and JSON output.
//!
//! Oracles no one here wrote: the Windows SDK constants and struct sizes in windows-sys
//! (WSAEFAULT, WSA_IO_PENDING, WSAEOPNOTSUPP, sizeof(SOCKET_ADDRESS_LIST), sizeof(SOCKADDR_IN),
//! sizeof(INTERFACE_INFO)), and the behaviour Wine's Windows-run tests record
//! (windows-facts.md): a NULL lpcbBytesReturned is WSAEFAULT (observed-windows.md), a short
//! SIO_ADDRESS_LIST_QUERY output reports the exact size a retry then fills, SIO_GET_INTERFACE_LIST
//! always pends when overlapped and its packet carries the list size, SIO_BASE_HANDLE's
//! completion routine gets WSAEOPNOTSUPP.
#![cfg(feature = "cli")]

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use windows_sys::Win32::Networking::WinSock as ws;

fn wsaioctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wsaioctl"))
        .args(args)
        .output()
        .expect("the wsaioctl binary runs")
}

/// A command that must exit 0 with nothing on stderr; its stdout.
fn ok(args: &[&str]) -> String {
    let out = wsaioctl(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "wsaioctl {args:?}: {stderr}");
    assert!(
        stderr.is_empty(),
        "wsaioctl {args:?} wrote to stderr: {stderr}"
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let text = ok(&all);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("wsaioctl {args:?}: {e}\n{text}"))
}

/// A command that must be a usage error: exit 2, nothing on stdout; its stderr.
fn usage_error(args: &[&str]) -> String {
    let out = wsaioctl(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "wsaioctl {args:?} should exit 2; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty(), "wsaioctl {args:?} wrote to stdout");
    String::from_utf8(out.stderr).expect("UTF-8 error output")
}

fn error_is(v: &Value, code: i32, name: &str) {
    assert_eq!(v["code"], code, "{v}");
    assert_eq!(v["name"], name, "{v}");
}

/// A host with one interface and one IPv4 address (and no loopback interface), so the address
/// list holds exactly one entry whatever the stack's choice about loopback.
fn one_address_host() -> PathBuf {
    let p = std::env::temp_dir().join(format!("wsaioctl-cli-call-{}.toml", std::process::id()));
    std::fs::write(
        &p,
        "[[interface]]\nindex = 2\nname = \"Ethernet\"\nflags = [\"up\", \"broadcast\", \"multicast\"]\nmtu = 1500\naddresses = [\"192.0.2.10/24\"]\n",
    )
    .unwrap();
    p
}

#[test]
fn null_bytes_returned_is_wsaefault_and_exit_0() {
    // observed-windows.md: lpcbBytesReturned == NULL fails with WSAEFAULT for every code, first.
    for code in [
        "FIONBIO",
        "FIONREAD",
        "SIO_ADDRESS_LIST_QUERY",
        "0xdeadbeef",
    ] {
        let r = json(&[
            "call",
            code,
            "--in-u32",
            "1",
            "--out-len",
            "4",
            "--bytes-null",
        ]);
        assert_eq!(r["ret"], -1, "{code}: {r}");
        error_is(&r["error"], ws::WSAEFAULT, "WSAEFAULT");
        assert_eq!(r["bytes_returned"], Value::Null, "{code}: {r}");
        assert_eq!(r["completion"], Value::Null);
        assert_eq!(r["output_hex"], "cccccccc", "the output is not touched");
        assert_eq!(r["profile"], "windows");
    }
}

#[test]
fn short_address_list_reports_the_size_a_retry_fills() {
    // windows-facts.md, SIO_ADDRESS_LIST_QUERY: length == header → WSAEFAULT, size = need,
    // buffer untouched; need = FIELD_OFFSET(Address[n]) + Σ iSockaddrLength.
    let host = one_address_host();
    let host = host.to_str().unwrap();
    let need =
        std::mem::size_of::<ws::SOCKET_ADDRESS_LIST>() + std::mem::size_of::<ws::SOCKADDR_IN>();
    let header = std::mem::offset_of!(ws::SOCKET_ADDRESS_LIST, Address);
    let header_arg = header.to_string();
    let r = json(&[
        "call",
        "SIO_ADDRESS_LIST_QUERY",
        "--out-len",
        &header_arg,
        "--host",
        host,
    ]);
    assert_eq!(r["ret"], -1);
    error_is(&r["error"], ws::WSAEFAULT, "WSAEFAULT");
    assert_eq!(r["bytes_returned"], need as u64, "{r}");
    assert_eq!(
        r["output_hex"],
        "cc".repeat(header),
        "iAddressCount still 0xcccccccc"
    );

    let need_arg = need.to_string();
    let r = json(&[
        "call",
        "SIO_ADDRESS_LIST_QUERY",
        "--out-len",
        &need_arg,
        "--host",
        host,
    ]);
    assert_eq!(r["ret"], 0, "{r}");
    assert_eq!(r["error"], Value::Null);
    assert_eq!(r["bytes_returned"], need as u64);
    let entries = r["output"]["entries"].as_array().expect("a decoded list");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["addr"]["V4"], "192.0.2.10:0");
    assert_eq!(
        entries[0]["length"],
        std::mem::size_of::<ws::SOCKADDR_IN>() as u64
    );
    assert!(
        !r["output_hex"].as_str().unwrap().contains("cc"),
        "every byte written"
    );

    // One byte below the header: WSAEINVAL and size 0 (observed-windows.md).
    let r = json(&[
        "call",
        "SIO_ADDRESS_LIST_QUERY",
        "--out-len",
        "1",
        "--host",
        host,
    ]);
    error_is(&r["error"], ws::WSAEINVAL, "WSAEINVAL");
    assert_eq!(r["bytes_returned"], 0);
}

#[test]
fn overlapped_on_a_completion_port() {
    // windows-facts.md, SIO_GET_INTERFACE_LIST: overlapped → -1 WSA_IO_PENDING, size untouched;
    // GQCS → TRUE, bytes = list size, key 123, Internal 0, InternalHigh = list size.
    let r = json(&[
        "call",
        "SIO_GET_INTERFACE_LIST",
        "--out-len",
        "4096",
        "--completion",
        "iocp",
    ]);
    assert_eq!(r["ret"], -1, "{r}");
    error_is(&r["error"], ws::WSA_IO_PENDING, "WSA_IO_PENDING");
    assert_eq!(r["bytes_returned"], Value::Null);
    let c = &r["completion"];
    assert_eq!(c["kind"], "iocp");
    assert_eq!(c["posted"], true, "{c}");
    assert_eq!(c["error"], Value::Null);
    assert_eq!(c["key"], 123);
    assert_eq!(c["same_overlapped"], true);
    assert_eq!(c["status"], "STATUS_SUCCESS");
    let bytes = c["bytes"].as_u64().unwrap();
    let info = std::mem::size_of::<ws::INTERFACE_INFO>() as u64;
    assert!(
        bytes > 0 && bytes.is_multiple_of(info),
        "{bytes} is a multiple of {info}"
    );
    assert_eq!(c["internal_high"], bytes);
    assert_eq!(
        r["output"].as_array().map(Vec::len),
        Some((bytes / info) as usize),
        "the delivered list is decoded"
    );

    // A completion that completes at once (FIONREAD) still queues a 0-byte packet.
    let r = json(&["call", "FIONREAD", "--out-len", "4", "--completion", "iocp"]);
    assert_eq!(r["ret"], 0);
    assert_eq!(r["bytes_returned"], 4);
    assert_eq!(r["completion"]["posted"], true);
    assert_eq!(r["completion"]["bytes"], 0);
    assert_eq!(r["completion"]["internal_high"], 0);
}

#[test]
fn completion_routine() {
    // windows-facts.md, SIO_BASE_HANDLE: APC → -1 WSA_IO_PENDING; the routine gets WSAEOPNOTSUPP,
    // 0 bytes; output untouched. dwFlags is 0 and the routine runs once (spec/001).
    let r = json(&[
        "call",
        "SIO_BASE_HANDLE",
        "--out-len",
        "8",
        "--completion",
        "apc",
    ]);
    assert_eq!(r["ret"], -1);
    error_is(&r["error"], ws::WSA_IO_PENDING, "WSA_IO_PENDING");
    assert_eq!(r["output_hex"], "cccccccccccccccc");
    let c = &r["completion"];
    assert_eq!(c["kind"], "apc");
    assert_eq!(c["posted"], true, "{c}");
    error_is(&c["error"], ws::WSAEOPNOTSUPP, "WSAEOPNOTSUPP");
    assert_eq!(c["bytes"], 0);
    assert_eq!(c["flags"], 0);
    assert_eq!(c["runs"], 1);
    assert_eq!(c["status"], "STATUS_NOT_SUPPORTED");

    // Without OVERLAPPED the same code returns the socket itself, sizeof(SOCKET) bytes.
    let r = json(&["call", "SIO_BASE_HANDLE", "--out-len", "8"]);
    assert_eq!(r["ret"], 0);
    assert_eq!(
        r["bytes_returned"],
        std::mem::size_of::<ws::SOCKET>() as u64
    );
    assert_eq!(r["output"], r["socket"]);
}

#[test]
fn pointer_width_and_profile_flags() {
    // The x86 pointer width: sizeof(void*) = 4 (windows-facts.md, EXTENSION: size = sizeof(void*)).
    let r = json(&[
        "call",
        "SIO_GET_EXTENSION_FUNCTION_POINTER",
        "--in-guid",
        "WSAID_ACCEPTEX",
        "--out-len",
        "8",
        "--arch",
        "x86",
    ]);
    assert_eq!(r["arch"], "x86");
    assert_eq!(r["bytes_returned"], 4);
    // The XP profile answers an unknown code with WSAEINVAL (observed-windows.md).
    let r = json(&["call", "0xdeadbeef", "--profile", "xp"]);
    error_is(&r["error"], ws::WSAEINVAL, "WSAEINVAL");
    assert_eq!(r["profile"], "xp");
}

#[test]
fn typed_inputs_reach_the_provider() {
    // SIO_ROUTING_INTERFACE_QUERY with a sockaddr, declared one byte short: WSAEINVAL, size
    // untouched (test_sioRoutingInterfaceQuery); the full length succeeds with 16 bytes.
    let args = [
        "call",
        "SIO_ROUTING_INTERFACE_QUERY",
        "--type",
        "dgram",
        "--in-sockaddr",
        "127.0.0.1",
    ];
    let mut short = args.to_vec();
    short.extend(["--in-len", "15", "--out-len", "16"]);
    let r = json(&short);
    error_is(&r["error"], ws::WSAEINVAL, "WSAEINVAL");
    assert_eq!(r["bytes_returned"], Value::Null);
    let mut full = args.to_vec();
    full.extend(["--out-len", "16"]);
    let r = json(&full);
    assert_eq!(r["ret"], 0);
    assert_eq!(
        r["bytes_returned"],
        std::mem::size_of::<ws::SOCKADDR_IN>() as u64
    );
    assert_eq!(r["output"]["V4"], "127.0.0.1:0");
    // tcp_keepalive from text, and NULL with a declared length (test_keepalive_vals).
    let r = json(&[
        "call",
        "SIO_KEEPALIVE_VALS",
        "--in-keepalive",
        "1,7200000,1000",
    ]);
    assert_eq!(r["ret"], 0);
    assert_eq!(r["bytes_returned"], 0);
    let r = json(&["call", "SIO_KEEPALIVE_VALS", "--in-null", "--in-len", "12"]);
    error_is(&r["error"], ws::WSAEFAULT, "WSAEFAULT");
    assert_eq!(r["bytes_returned"], 0);
}

#[test]
fn bad_flags_and_values_exit_2() {
    for (args, says) in [
        (&["call", "FIONBIO", "--family", "ipx"][..], "ipx"),
        (&["call", "SIO_NOPE"][..], "SIO_NOPE"),
        (&["call", "12x"][..], "12x"),
        (&["call", "FIONBIO", "--in-hex", "zz"][..], "zz"),
        (
            &["call", "FIONBIO", "--in-u32", "1", "--in-hex", "00"][..],
            "--in-hex",
        ),
        (&["call", "FIONBIO", "--in-keepalive", "1,2"][..], "1,2"),
        (
            &["call", "FIONBIO", "--in-guid", "WSAID_NOPE"][..],
            "WSAID_NOPE",
        ),
        (
            &["call", "FIONBIO", "--in-sockaddr", "nowhere"][..],
            "nowhere",
        ),
        (&["call", "FIONBIO", "--out-len", "-1"][..], "-1"),
        (&["call", "FIONBIO", "--profile", "win95"][..], "win95"),
        (&["call", "FIONBIO", "--completion", "later"][..], "later"),
        (
            &["call", "FIONBIO", "--state", "connected", "--type", "raw"][..],
            "connected",
        ),
        (&["call", "FIONBIO", "--protocol", "sctp"][..], "sctp"),
        (
            &["call", "FIONBIO", "--event-select=FD_NOPE"][..],
            "FD_NOPE",
        ),
        (
            &["call", "FIONBIO", "--host", "/nonexistent/host.toml"][..],
            "/nonexistent/host.toml",
        ),
    ] {
        let err = usage_error(args);
        assert!(err.contains(says), "wsaioctl {args:?}: {err}");
    }
}

#[test]
fn snapshot_call_text_and_json() {
    let mut out = String::new();
    for args in [
        &["call", "SIO_ADDRESS_LIST_QUERY"][..],
        &["call", "SIO_ADDRESS_LIST_QUERY", "--out-len", "64"][..],
        &[
            "call",
            "FIONREAD",
            "--state",
            "connected",
            "--out-len",
            "4",
            "--completion",
            "iocp",
        ][..],
        &[
            "call",
            "SIO_BASE_HANDLE",
            "--out-len",
            "8",
            "--completion",
            "apc",
        ][..],
        &["call", "FIONBIO", "--in-u32", "0", "--event-select"][..],
    ] {
        out.push_str(&format!("$ wsaioctl {}\n{}\n", args.join(" "), ok(args)));
    }
    common::with_snapshots(|| insta::assert_snapshot!("call_text", out));
    let r = json(&[
        "call",
        "SIO_GET_INTERFACE_LIST",
        "--out-len",
        "200",
        "--completion",
        "event",
    ]);
    common::with_snapshots(|| insta::assert_json_snapshot!("call_json", r));
}
