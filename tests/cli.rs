//! The `wsaioctl` binary, run as a process: exit codes, agreement between the ways of naming a
//! value, JSON against the library, and snapshots of the text output.
//!
//! Oracles: the Windows SDK constants in windows-sys (SIO_GET_EXTENSION_FUNCTION_POINTER,
//! SIO_KEEPALIVE_VALS, FIONREAD…), the bit layout as spec/003 states it ("The dwIoControlCode
//! parameter has the following form", computed here by hand), and the catalog rows themselves.
//!
//! Snapshots: one per catalog row (`cli__decode_<NAME>.snap`), so a change to one row reviews as
//! one file named after the code; rows sharing a value (SIO_RCVALL_MCAST_IF /
//! SIO_SOCKET_CLOSE_NOTIFY) get identical files, which `decode_by_value_name_and_alias_agree`
//! states anyway. `list` is one snapshot; `encode` and the decoding of uncatalogued values are one
//! transcript each, of values checked not to be in the catalog, so they do not change when rows
//! are added.
#![cfg(feature = "cli")]

mod common;

use std::process::{Command, Output};

use serde_json::Value;
use windows_sys::Win32::Networking::WinSock as ws;
use wsaioctl::ControlCode;
use wsaioctl::catalog::{self, ENTRIES, Entry, Source, Support};
use wsaioctl::code::IoctlKind;

fn wsaioctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wsaioctl"))
        .args(args)
        .output()
        .expect("the wsaioctl binary runs")
}

/// Runs a command that must succeed (exit 0, nothing on stderr) and returns its stdout.
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

/// Runs a command that must fail as a usage error (exit 2, nothing on stdout); returns stderr.
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

fn json(args: &[&str]) -> Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("wsaioctl {args:?}: {e}\n{text}"))
}

/// `$ wsaioctl …` followed by the output, for transcript snapshots.
fn transcript(commands: &[&[&str]]) -> String {
    let mut s = String::new();
    for args in commands {
        let words: Vec<String> = args.iter().map(|a| shell_word(a)).collect();
        s.push_str(&format!("$ wsaioctl {}\n", words.join(" ")));
        s.push_str(&ok(args));
        s.push('\n');
    }
    s
}

/// `a` as a shell would need it typed: bare when plain, else in double quotes.
fn shell_word(a: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-.,/:=+".contains(c);
    if a.chars().all(plain) {
        a.to_string()
    } else {
        assert!(!a.contains(['"', '$', '`', '\\']), "{a}");
        format!("\"{a}\"")
    }
}

fn not_in_catalog(v: u32) -> bool {
    catalog::lookup(ControlCode(v)).next().is_none()
}

#[test]
fn numeric_forms_agree() {
    // spec/003 layout: 0x98000004 is SIO_KEEPALIVE_VALS (mstcpip.h); whether or not the catalog
    // has it, hex, upper-case hex, separated hex and decimal name the same value.
    let want = ok(&["decode", "0x98000004"]);
    assert!(want.contains("0x98000004 (2550136836)"), "{want}");
    for form in ["0X98000004", "0x9800_0004", "2550136836"] {
        assert_eq!(ok(&["decode", form]), want, "decode {form}");
    }
}

#[test]
fn decode_by_value_name_and_alias_agree() {
    for e in ENTRIES {
        let hex = format!("{:#010x}", e.code.raw());
        let want = ok(&["decode", &hex]);
        let mut forms = vec![
            format!("{:#X}", e.code.raw()).replace("0X", "0x"),
            e.code.raw().to_string(),
        ];
        for name in e.all_names() {
            forms.push(name.to_string());
            forms.push(name.to_ascii_lowercase());
        }
        for form in &forms {
            assert_eq!(ok(&["decode", form]), want, "decode {form} vs decode {hex}");
        }
        // The row's own content is printed, not just its name.
        for text in [e.name, e.header, e.definition, e.summary]
            .into_iter()
            .chain(e.aliases.iter().copied())
            .chain(e.sources.iter().map(|s| s.file()))
            .chain(e.opcode_settings.iter().map(|(_, s)| *s))
        {
            assert!(want.contains(text), "decode {hex} lacks {text:?}:\n{want}");
        }
        assert!(!want.contains("not in the catalog"), "{want}");
    }
}

#[test]
fn unknown_value_still_decodes() {
    // 0x4384667f: FIONREAD's layout with bits 23-25 set; not a documented code.
    let v = 0x4384_667f;
    assert!(not_in_catalog(v));
    let out = ok(&["decode", "0x4384667f"]);
    assert!(out.contains("not in the catalog"), "{out}");
    assert!(out.contains("0x4384667f (1132750463)"), "{out}");
    assert!(
        out.contains("BSD reading"),
        "T = 0 has a BSD reading:\n{out}"
    );
}

#[test]
fn unknown_name_exits_2() {
    let err = usage_error(&["decode", "SIO_NO_SUCH_CODE"]);
    assert!(err.contains("SIO_NO_SUCH_CODE"), "{err}");
    assert!(err.contains("not in the catalog"), "{err}");
}

#[test]
fn malformed_numbers_exit_2() {
    for text in ["98000004h", "0xZZ", "12ab", "0x", "1.5", "0x100000000"] {
        let err = usage_error(&["decode", text]);
        assert!(
            err.contains(text) || err.contains("4294967296"),
            "{text}: {err}"
        );
    }
}

#[test]
fn bad_flags_exit_2() {
    usage_error(&["decode"]);
    usage_error(&["decode", "0x1", "--bogus"]);
    usage_error(&["frobnicate"]);
    let err = usage_error(&["list", "--support", "sometimes"]);
    assert!(err.contains("sometimes"), "{err}");
    let err = usage_error(&["list", "--source", "005"]);
    assert!(err.contains("005"), "{err}");
    let err = usage_error(&["list", "--kind", "4"]);
    assert!(err.contains('4'), "{err}");
}

#[test]
fn help_and_version_exit_0() {
    assert!(ok(&["--help"]).contains("decode"));
    assert!(ok(&["list", "--help"]).contains("--support"));
    assert!(ok(&["--version"]).contains(env!("CARGO_PKG_VERSION")));
}

/// Each case: the SDK macro form, the same code as fields, and the value from an outside source.
fn encode_cases() -> Vec<(&'static str, Vec<&'static str>, u32)> {
    vec![
        (
            "_WSAIORW(IOC_WS2, 6)",
            vec!["--input", "--output", "--kind", "ws2", "--code", "6"],
            ws::SIO_GET_EXTENSION_FUNCTION_POINTER,
        ),
        (
            "_WSAIOW(IOC_VENDOR, 4)",
            vec!["--input", "--kind", "vendor", "--code", "4"],
            ws::SIO_KEEPALIVE_VALS,
        ),
        (
            "_WSAIO(IOC_WS2, 23)",
            vec!["--void", "--kind", "1", "--code", "23"],
            ws::SIO_ADDRESS_LIST_CHANGE,
        ),
        (
            "_WSAIORW(IOC_VENDOR, 39)",
            vec!["--input", "--output", "--kind", "VENDOR", "--code", "0x27"],
            ws::SIO_TCP_INFO,
        ),
        (
            "_WSAIOR(IOC_WS2, 34)",
            vec!["--output", "--kind", "ws2", "--code", "34"],
            ws::SIO_BASE_HANDLE,
        ),
        (
            "_IOR('f', 127, u_long)",
            vec!["--output", "--family", "4", "--code", "0x667f"],
            ws::FIONREAD as u32,
        ),
        (
            "_IOW('f', 126, u_long)",
            vec![
                "--input", "--kind", "unix", "--family", "4", "--code", "0x667e",
            ],
            ws::FIONBIO as u32,
        ),
        (
            "_IOR('s', 7, u_long)",
            vec![
                "--output", "--kind", "0", "--family", "0x4", "--code", "0x7307",
            ],
            ws::SIOCATMARK as u32,
        ),
        // ws2ipdef.h: #define SIO_GET_INTERFACE_LIST _IOR('t', 127, u_long) — by hand from the
        // layout: IOC_OUT | (4 << 16) | ('t' << 8) | 127.
        (
            "_IOR('t', 127, u_long)",
            vec!["--output", "--family", "4", "--code", "29823"],
            0x4000_0000 | (4 << 16) | ((b't' as u32) << 8) | 127,
        ),
    ]
}

fn value_of(v: &Value) -> u32 {
    v["value"].as_u64().expect("a numeric value") as u32
}

#[test]
fn encode_from_fields_and_macro_form_agree() {
    for (expr, fields, want) in encode_cases() {
        let from_expr = json(&["encode", expr, "--json"]);
        let mut args = vec!["encode"];
        args.extend(&fields);
        args.push("--json");
        let from_fields = json(&args);
        assert_eq!(value_of(&from_expr), want, "encode {expr}");
        assert_eq!(value_of(&from_fields), want, "encode {fields:?}");
        assert_eq!(from_expr, from_fields, "{expr} vs {fields:?}");
        // The text output shows the same value in hex and decimal, and the catalog's names.
        let text = ok(&["encode", expr]);
        assert!(text.contains(&format!("{want:#010x} ({want})")), "{text}");
        for name in ControlCode(want).names() {
            assert!(text.contains(name), "encode {expr} lacks {name}:\n{text}");
        }
    }
}

#[test]
fn encode_rebuilds_every_catalog_value() {
    for e in ENTRIES {
        let form = e.code.macro_form();
        let out = json(&["encode", &form, "--json"]);
        assert_eq!(value_of(&out), e.code.raw(), "encode {form} ({})", e.name);
        let names: Vec<&str> = out["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert!(names.contains(&e.name), "{form}: {names:?}");
    }
}

#[test]
fn encode_rejects_bad_input() {
    let err = usage_error(&["encode", "--family", "2048"]);
    assert!(err.contains("2048"), "{err}");
    let err = usage_error(&["encode", "--code", "65536"]);
    assert!(err.contains("65536"), "{err}");
    let err = usage_error(&["encode", "--code", "0xZZ"]);
    assert!(err.contains("0xZZ"), "{err}");
    let err = usage_error(&["encode", "--kind", "ws3"]);
    assert!(err.contains("ws3"), "{err}");
    let err = usage_error(&["encode", "_NOT_A_MACRO(1, 2)"]);
    assert!(err.contains("_NOT_A_MACRO"), "{err}");
    // A macro form and fields at once, and nothing at all.
    usage_error(&["encode", "_WSAIO(IOC_WS2, 23)", "--input"]);
    usage_error(&["encode"]);
}

/// The fields as spec/003 lays them out, extracted here by hand.
fn fields_by_hand(v: u32) -> Value {
    let kind = ["Unix", "Winsock2", "Protocol", "Vendor"][((v >> 27) & 3) as usize];
    serde_json::json!({
        "input": v >> 31 == 1,
        "output": (v >> 30) & 1 == 1,
        "void": (v >> 29) & 1 == 1,
        "kind": kind,
        "family": (v >> 16) & 0x7ff,
        "code": v & 0xffff,
    })
}

#[test]
fn decode_json_fields_match_control_code_fields() {
    let edges = [
        0,
        u32::MAX,
        0x8000_0000,
        0x4004_667f,
        0x2000_747a,
        0x07ff_0000,
        0x1800_ffff,
        0x9800_0004,
    ];
    let values = edges
        .into_iter()
        .chain(ENTRIES.iter().map(|e| e.code.raw()));
    for v in values {
        let out = json(&["decode", &format!("{v:#x}"), "--json"]);
        let code = ControlCode(v);
        assert_eq!(value_of(&out), v);
        assert_eq!(out["hex"], format!("{v:#010x}"));
        assert_eq!(out["fields"], fields_by_hand(v), "{v:#x}");
        assert_eq!(
            out["fields"],
            serde_json::to_value(code.fields()).unwrap(),
            "{v:#x}"
        );
        assert_eq!(out["kind"]["t"], (v >> 27) & 3);
        assert_eq!(out["macro_form"], code.macro_form());
        // The BSD reading exactly for T = 0.
        assert_eq!(
            out["bsd"].is_null(),
            code.kind() != IoctlKind::Unix,
            "{v:#x}"
        );
        if code.kind() == IoctlKind::Unix {
            assert_eq!(out["bsd"]["param_len"], (v >> 16) & 0x7f);
            assert_eq!(out["bsd"]["group"], (v >> 8) & 0xff);
            assert_eq!(out["bsd"]["number"], v & 0xff);
        }
        let rows: Vec<&Entry> = catalog::lookup(code).collect();
        assert_eq!(out["in_catalog"], !rows.is_empty());
        let names: Vec<&str> = rows.iter().map(|e| e.name).collect();
        assert_eq!(out["names"], serde_json::json!(names));
        let entries = out["entries"].as_array().unwrap();
        assert_eq!(entries.len(), rows.len());
        for (j, e) in entries.iter().zip(&rows) {
            assert_eq!(j["name"], e.name);
            assert_eq!(j["value"], v);
            assert_eq!(j["header"], e.header);
            assert_eq!(j["san"], e.san);
            assert_eq!(j["blocking_prone"], e.blocking_prone);
            let files: Vec<&str> = e.sources.iter().map(|s| s.file()).collect();
            let got: Vec<&str> = j["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["file"].as_str().unwrap())
                .collect();
            assert_eq!(got, files);
        }
    }
}

#[test]
fn list_json_has_every_row() {
    let rows = json(&["list", "--json"]);
    let rows = rows.as_array().expect("a JSON array");
    assert_eq!(rows.len(), ENTRIES.len());
    for (row, e) in rows.iter().zip(ENTRIES) {
        assert_eq!(row["name"], e.name);
        assert_eq!(row["value"], e.code.raw());
        assert_eq!(row["fields"], fields_by_hand(e.code.raw()));
    }
}

#[test]
fn list_text_has_a_line_per_row_and_the_count() {
    let out = ok(&["list"]);
    let lines: Vec<&str> = out.lines().collect();
    let n = ENTRIES.len();
    // Header, one line per row, the count.
    assert_eq!(lines.len(), n + 2, "{out}");
    assert!(lines[0].starts_with("VALUE"), "{out}");
    for (line, e) in lines[1..=n].iter().zip(ENTRIES) {
        let hex = format!("{:#010x}", e.code.raw());
        assert!(line.starts_with(&hex), "{line}");
        assert!(line.split_whitespace().any(|w| w == e.name), "{line}");
    }
    let noun = if n == 1 { "code" } else { "codes" };
    assert_eq!(lines[n + 1], format!("{n} {noun}"));
}

/// The names `list <filter> --json` prints.
fn listed(filter: &[&str]) -> Vec<String> {
    let mut args = vec!["list"];
    args.extend(filter);
    args.push("--json");
    json(&args)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

fn names_where(keep: impl Fn(&Entry) -> bool) -> Vec<String> {
    ENTRIES
        .iter()
        .filter(|e| keep(e))
        .map(|e| e.name.to_string())
        .collect()
}

#[test]
fn list_filters_match_the_catalog() {
    for (arg, t) in [("unix", 0), ("ws2", 1), ("protocol", 2), ("vendor", 3)] {
        let want = names_where(|e| (e.code.raw() >> 27) & 3 == t);
        assert_eq!(listed(&["--kind", arg]), want, "--kind {arg}");
        assert_eq!(listed(&["--kind", &t.to_string()]), want, "--kind {t}");
    }
    for s in [
        Source::Doc000,
        Source::Doc001,
        Source::Doc002,
        Source::Doc003,
        Source::Doc004,
        Source::Observed,
        Source::Sdk,
    ] {
        let want = names_where(|e| e.sources.contains(&s));
        assert_eq!(listed(&["--source", s.label()]), want, "--source {s:?}");
    }
    for (arg, s) in [
        ("supported", Support::Supported),
        ("unsupported", Support::Unsupported),
        ("api-layer", Support::ApiLayer),
        ("other", Support::OtherProvider),
    ] {
        assert_eq!(listed(&["--support", arg]), names_where(|e| e.support == s));
    }
    assert_eq!(listed(&["--san"]), names_where(|e| e.san));
    assert_eq!(listed(&["--blocking"]), names_where(|e| e.blocking_prone));
    let by_name = |needle: &str| {
        names_where(|e| {
            e.all_names()
                .any(|n| n.to_ascii_lowercase().contains(needle))
        })
    };
    assert_eq!(listed(&["--name", "KeepAlive"]), by_name("keepalive"));
    assert_eq!(listed(&["--name", "route"]), by_name("route"));
    // Filters combine with "and".
    assert_eq!(
        listed(&["--kind", "vendor", "--san"]),
        names_where(|e| e.san && e.code.kind() == IoctlKind::Vendor)
    );
    // A filtered table says how many of the catalog it shows.
    let out = ok(&["list", "--name", "no-such-code-anywhere"]);
    assert!(
        out.ends_with(&format!("0 codes (of {} in the catalog)\n", ENTRIES.len())),
        "{out}"
    );
}

#[test]
fn snapshot_decode_every_catalog_code() {
    for e in ENTRIES {
        let out = ok(&["decode", e.name]);
        common::with_snapshots(|| insta::assert_snapshot!(format!("decode_{}", e.name), out));
    }
}

#[test]
fn snapshot_decode_uncatalogued() {
    let values = ["0x0", "0x4384667f", "0x3123abcd", "0xdfffffff"];
    for v in values {
        let v = u32::from_str_radix(v.trim_start_matches("0x"), 16).unwrap();
        assert!(
            not_in_catalog(v),
            "{v:#x} is catalogued: pick another value"
        );
    }
    let commands: Vec<[&str; 2]> = values.iter().map(|v| ["decode", *v]).collect();
    let commands: Vec<&[&str]> = commands.iter().map(|c| c.as_slice()).collect();
    let out = transcript(&commands);
    common::with_snapshots(|| insta::assert_snapshot!("decode_uncatalogued", out));
}

#[test]
fn snapshot_list() {
    let out = ok(&["list"]);
    common::with_snapshots(|| insta::assert_snapshot!("list", out));
}

#[test]
fn snapshot_encode() {
    let commands: &[&[&str]] = &[
        &[
            "encode", "--input", "--output", "--kind", "protocol", "--family", "23", "--code",
            "0xfff0",
        ],
        &[
            "encode", "--void", "--kind", "vendor", "--family", "0x7ff", "--code", "65535",
        ],
        &["encode", "_IOW('x', 200, u_long)"],
        &["encode", "_WSAIOR(IOC_PROTOCOL, 0x170042)"],
        &["encode", "--kind", "ws2", "--code", "0x7777", "--json"],
    ];
    // The values are not in the catalog, so the transcript does not change when rows are added.
    for c in commands {
        let mut args: Vec<&str> = c.iter().copied().filter(|a| *a != "--json").collect();
        args.push("--json");
        let v = value_of(&json(&args));
        assert!(
            not_in_catalog(v),
            "{v:#x} is catalogued: pick another value"
        );
    }
    let out = transcript(commands);
    common::with_snapshots(|| insta::assert_snapshot!("encode", out));
}

/// The fenced block of `text` that starts with the line `open`, without its fences.
fn fenced_block<'a>(text: &'a str, open: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| *l != open)
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect()
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_example_is_the_crate_docs_example() {
    // The README's library example is not compiled itself; src/lib.rs's copy is a doc test.
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    let docs: String = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    // `## Example`, then the first fenced block after it.
    let in_docs: Vec<&str> = docs
        .lines()
        .skip_while(|l| *l != "## Example")
        .skip_while(|l| *l != "```")
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    let readme = readme();
    let in_readme = fenced_block(&readme, "```rust");
    assert!(!in_docs.is_empty(), "no example in src/lib.rs's crate docs");
    assert_eq!(
        in_readme, in_docs,
        "README.md's example differs from src/lib.rs's"
    );
}

#[test]
fn readme_shows_real_output() {
    let readme = readme();
    let console = fenced_block(&readme, "```console");
    // The encode example, whole: its value is not in the catalog.
    let encode: Vec<&str> = console
        .iter()
        .copied()
        .skip_while(|l| !l.starts_with("$ wsaioctl encode \"_IOW"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let out = ok(&["encode", "_IOW('x', 200, u_long)"]);
    assert_eq!(encode, out.lines().collect::<Vec<_>>());
    // The decode example's field lines; its catalog line once the catalog has the row.
    let out = ok(&["decode", "0x98000004"]);
    let decode = console
        .iter()
        .skip(1)
        .take_while(|l| !l.starts_with('…'))
        .filter(|l| !l.starts_with("catalog") || catalog::by_name("SIO_KEEPALIVE_VALS").is_some());
    for line in decode {
        assert!(
            out.lines().any(|o| o == *line),
            "README line {line:?} not in:\n{out}"
        );
    }
}
