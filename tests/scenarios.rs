//! The conformance suite and its runner: every shipped scenario passes, the embedded list is the
//! directory, a wrong expectation fails with a readable diff, `wsaioctl run` / `check` exit
//! statuses, the README's main-job command and worked example, and a snapshot of the `check`
//! summary.
#![cfg(feature = "cli")]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wsaioctl::catalog::{self, Support, WindowsVersion};
use wsaioctl::code::ControlCode;
use wsaioctl::scenario::format::Action;
use wsaioctl::scenario::{Scenario, runner, suite};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/scenarios");

fn wsaioctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wsaioctl"))
        .args(args)
        .output()
        .expect("the wsaioctl binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("wsaioctl-{}-{name}", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_embedded_list_is_the_directory() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let embedded: BTreeSet<String> = suite::SCENARIOS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        embedded, on_disk,
        "src/scenario/suite.rs must list every fixtures/scenarios/*.toml"
    );
    for (name, text) in suite::SCENARIOS {
        let disk = std::fs::read_to_string(Path::new(DIR).join(name)).unwrap();
        assert_eq!(*text, disk, "{name}: embedded text differs (rebuild)");
    }
}

#[test]
fn every_shipped_scenario_passes() {
    let scenarios = suite::load().expect("every scenario parses");
    assert!(scenarios.len() >= 40, "{} scenarios", scenarios.len());
    let mut failed = Vec::new();
    for s in &scenarios {
        let r = runner::run_emulated(s);
        assert!(!r.steps.is_empty(), "{}: no steps", s.file);
        if !r.passed() {
            failed.push(r.to_text());
        }
    }
    assert!(
        failed.is_empty(),
        "failing scenarios:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_scenario_cites_and_calls() {
    for s in suite::load().unwrap() {
        assert!(!s.cites.is_empty(), "{}", s.file);
        assert!(
            s.cites
                .iter()
                .any(|c| c.contains("spec/") || c.contains("windows-facts")),
            "{}: cite a spec document or an observed fact",
            s.file
        );
        let codes = s.codes();
        assert!(!codes.is_empty(), "{}: no WSAIoctl call", s.file);
        // The codes called are among those cited (by name), so the summary's rows are traceable.
        for c in codes.iter().filter(|c| !c.starts_with("0x")) {
            assert!(
                s.cites.iter().any(|cite| cite.contains(c.as_str())),
                "{}: calls {c} but does not cite it",
                s.file
            );
        }
    }
}

#[test]
fn the_suite_covers_both_widths_and_the_documented_disagreements() {
    let scenarios = suite::load().unwrap();
    let with = |profile: &str, code: &str| {
        scenarios
            .iter()
            .any(|s| s.profile.name == profile && s.codes().iter().any(|c| c == code))
    };
    // spec/README.md, "Known disagreements", and observed-windows.md: each under both choices.
    for code in ["FIONREAD", "SIOCATMARK", "SIO_MULTIPOINT_LOOPBACK"] {
        assert!(with("windows", code), "{code} under the windows profile");
        assert!(with("doc000", code), "{code} under the doc000 profile");
    }
    // Both pointer widths where sizes differ.
    for code in [
        "SIO_ADDRESS_LIST_QUERY",
        "SIO_BASE_HANDLE",
        "SIO_GET_EXTENSION_FUNCTION_POINTER",
    ] {
        for arch in [wsaioctl::wire::Arch::X86, wsaioctl::wire::Arch::X64] {
            assert!(
                scenarios
                    .iter()
                    .any(|s| s.profile.arch == arch && s.codes().iter().any(|c| c == code)),
                "{code} on {arch:?}"
            );
        }
    }
    // Each completion kind appears.
    let kinds: BTreeSet<&str> = scenarios
        .iter()
        .flat_map(|s| s.steps.iter())
        .filter_map(|st| match &st.action {
            Action::Call { args, .. } => Some(args.completion.name()),
            _ => None,
        })
        .collect();
    for k in ["none", "event", "event-no-port", "iocp", "apc"] {
        assert!(kinds.contains(k), "completion {k}");
    }
}

/// Every `call` step of the suite: its code and the error its expectation names (by name or
/// number), if any.
fn calls(scenarios: &[Scenario]) -> Vec<(ControlCode, Option<String>)> {
    scenarios
        .iter()
        .flat_map(|s| s.steps.iter())
        .filter_map(|st| match &st.action {
            Action::Call { args, .. } => {
                let error = st
                    .expect
                    .as_ref()
                    .and_then(|e| e.get("error"))
                    .and_then(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .or_else(|| v.get("name").and_then(|n| n.as_str()).map(str::to_string))
                            .or_else(|| v.as_integer().map(|n| n.to_string()))
                    });
                Some((args.code, error))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_suite_calls_every_catalog_code() {
    let scenarios = suite::load().unwrap();
    // Computed from the parsed steps: a row is touched when a step calls its value (rows sharing
    // a value — SIO_PRIORITY_HINT / SIO_SET_PRIORITY_HINT, SIO_RCVALL_MCAST_IF /
    // SIO_SOCKET_CLOSE_NOTIFY — are one call).
    let touched: BTreeSet<ControlCode> = calls(&scenarios).into_iter().map(|(c, _)| c).collect();
    let missing: Vec<&str> = catalog::ENTRIES
        .iter()
        .filter(|e| !touched.contains(&e.code))
        .map(|e| e.name)
        .collect();
    assert!(
        missing.is_empty(),
        "catalog rows no scenario calls: {missing:?}"
    );
}

/// What the TCP/IP provider lacks gets the unknown-code answer both ways (windows-facts.md,
/// `test_unsupported_ioctls`): a step expecting WSAEOPNOTSUPP without OVERLAPPED and one
/// expecting WSA_IO_PENDING with one. That covers the rows the catalog records as unsupported or
/// another provider's (the Windows CE codes aside: profile `ce` implements them); an unrecorded
/// row either gets the same pair or is shown succeeding (the emulation implements it).
#[test]
fn every_code_the_provider_lacks_is_checked_plain_and_pending() {
    let scenarios = suite::load().unwrap();
    let calls = calls(&scenarios);
    let expected = |code: ControlCode, error: &str| {
        calls
            .iter()
            .any(|(c, e)| *c == code && e.as_deref() == Some(error))
    };
    let succeeds = |code: ControlCode| {
        scenarios
            .iter()
            .flat_map(|s| s.steps.iter())
            .any(|st| match &st.action {
                Action::Call { args, .. } => {
                    args.code == code
                        && st
                            .expect
                            .as_ref()
                            .and_then(|e| e.get("ret"))
                            .and_then(|r| r.as_integer())
                            == Some(0)
                }
                _ => false,
            })
    };
    let mut checked = 0;
    for e in catalog::ENTRIES {
        let unknown_both_ways =
            expected(e.code, "WSAEOPNOTSUPP") && expected(e.code, "WSA_IO_PENDING");
        match e.support {
            Support::Unsupported => {}
            Support::OtherProvider if e.first_windows != WindowsVersion::WindowsCe => {}
            Support::Unrecorded => {
                assert!(
                    unknown_both_ways || succeeds(e.code),
                    "{}: unrecorded, neither answered as unknown both ways nor shown succeeding",
                    e.name
                );
                continue;
            }
            _ => continue,
        }
        assert!(
            unknown_both_ways,
            "{}: WSAEOPNOTSUPP without OVERLAPPED and WSA_IO_PENDING with one",
            e.name
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked} rows: the check would be vacuous");
}

/// fionbio.toml with one expectation changed to something no source says.
fn wrong_scenario() -> String {
    let text = std::fs::read_to_string(Path::new(DIR).join("fionbio.toml")).unwrap();
    let from = "note = \"success writes *lpcbBytesReturned = 0 (not 4)\"\nexpect = { ret = 0, error = \"null\", bytes_returned = 0, completion = \"null\" }";
    assert!(
        text.contains(from),
        "fionbio.toml changed: update this test"
    );
    text.replace(
        from,
        "note = \"deliberately wrong\"\nexpect = { ret = 0, error = \"WSAEINVAL\", bytes_returned = 4, completion = \"null\" }",
    )
}

#[test]
fn a_wrong_expectation_fails_with_a_readable_diff() {
    let s = Scenario::from_toml_str(&wrong_scenario(), "wrong.toml", &suite::host_file).unwrap();
    let r = runner::run_emulated(&s);
    assert!(!r.passed());
    let failing: Vec<_> = r.steps.iter().filter(|s| !s.passed()).collect();
    assert_eq!(failing.len(), 1, "{}", r.to_text());
    let fields: Vec<(&str, &str, &str)> = failing[0]
        .diffs
        .iter()
        .map(|d| (d.field.as_str(), d.expected.as_str(), d.actual.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("bytes_returned", "4", "0"),
            ("error", "\"WSAEINVAL\"", "null")
        ]
    );
}

#[test]
fn run_exits_1_on_a_failing_scenario_with_the_diff() {
    let p = temp_file("wrong.toml", &wrong_scenario());
    let out = wsaioctl(&["run", p.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("[FAILED]"), "{text}");
    assert!(text.contains("FAIL step  3"), "{text}");
    assert!(text.contains("bytes_returned: expected 4, got 0"), "{text}");
    assert!(
        text.contains("error: expected \"WSAEINVAL\", got null"),
        "{text}"
    );
    assert!(text.contains("0 of 1 scenarios passed"), "{text}");
    let _ = std::fs::remove_file(p);
}

#[test]
fn run_exits_0_when_every_step_passes() {
    let a = Path::new(DIR).join("fionbio.toml");
    let b = Path::new(DIR).join("get-interface-list.toml");
    let out = wsaioctl(&["run", a.to_str().unwrap(), b.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("2 of 2 scenarios passed"), "{text}");
    assert!(!text.contains("FAIL"), "{text}");
}

#[test]
fn run_finds_host_files_above_the_scenario() {
    // `[host] file = "hosts/dual-nic.toml"` from a scenario two directories below `hosts/`, as
    // fixtures/scenarios/ is one below fixtures/hosts/.
    let root = std::env::temp_dir().join(format!("wsaioctl-hosts-{}", std::process::id()));
    let deep = root.join("a").join("b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir_all(root.join("hosts")).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hosts/dual-nic.toml"),
        root.join("hosts").join("dual-nic.toml"),
    )
    .unwrap();
    let text = "title = \"t\"\ncites = [\"spec/003: SIO_ADDRESS_LIST_QUERY\"]\n[host]\nfile = \"hosts/dual-nic.toml\"\n[[socket]]\nname = \"t\"\n[[step]]\nkind = \"call\"\nsocket = \"t\"\ncode = \"SIO_ADDRESS_LIST_QUERY\"\nout_null = true\nexpect = { ret = -1, error = \"WSAEFAULT\" }\n";
    let p = deep.join("s.toml");
    std::fs::write(&p, text).unwrap();
    let s = Scenario::load(&p);
    let out = wsaioctl(&["run", p.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&root);
    let s = s.expect("hosts/dual-nic.toml is found in a directory above the scenario");
    assert!(s.host.interface(4).is_some() && s.host.interface(9).is_some());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // The same reference resolves in the embedded suite.
    assert!(suite::host_file("hosts/dual-nic.toml").is_ok());
    assert!(suite::host_file("hosts/none.toml").is_err());
}

#[test]
fn run_rejects_a_malformed_file_with_exit_2() {
    let p = temp_file("bad.toml", "title = \"t\"\ncites = []\n");
    let out = wsaioctl(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cites"));
    let _ = std::fs::remove_file(p);
    let out = wsaioctl(&["run", "/nonexistent/scenario.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_socket_that_cannot_be_set_up_fails_the_scenario() {
    let text = "title = \"t\"\ncites = [\"spec/003: SIO_RCVALL\"]\nprofile = \"user\"\n[[socket]]\nname = \"r\"\ntype = \"raw\"\n[[step]]\nkind = \"call\"\nsocket = \"r\"\ncode = \"SIO_RCVALL\"\nin_u32 = 1\nexpect = { ret = 0 }\n";
    let s = Scenario::from_toml_str(text, "t.toml", &suite::host_file).unwrap();
    let r = runner::run_emulated(&s);
    assert!(!r.passed());
    let e = r
        .setup_error
        .expect("a raw socket needs Administrator (profile user)");
    assert!(e.contains("WSAEACCES"), "{e}");
}

#[test]
fn check_passes_and_prints_the_summary() {
    let out = wsaioctl(&["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let (_, summary) = suite::check_emulated().unwrap();
    assert!(summary.all_passed());
    assert_eq!(
        text,
        summary.to_text(),
        "check prints only the summary when all pass"
    );
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with(&format!(
            "total (emulated backend): {n} of {n} scenarios passed",
            n = suite::SCENARIOS.len()
        )),
        "{last}"
    );
    common::with_snapshots(|| insta::assert_snapshot!("check_summary", text));
}

#[test]
fn check_rejects_an_unknown_backend() {
    let out = wsaioctl(&["check", "--backend", "windows"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `check` prints a column per backend asked for: repeating `--backend emulated` changes
/// nothing, and the emulated column's cells are passed/applicable.
#[test]
fn check_has_a_column_per_backend() {
    let once = stdout(&wsaioctl(&["check"]));
    let twice = stdout(&wsaioctl(&[
        "check",
        "--backend",
        "emulated",
        "--backend",
        "emulated",
    ]));
    assert_eq!(once, twice);
    let header: Vec<&str> = once.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["CONTROL", "CODE", "TOTAL", "EMULATED"]);
    let fionbio: Vec<&str> = once
        .lines()
        .find(|l| l.starts_with("FIONBIO "))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(fionbio, ["FIONBIO", "3", "3/3"]);
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_main_job_is_check() {
    let readme = readme();
    let block: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != "## The two commands")
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(
        block[0].starts_with("cargo run --release -- check"),
        "the main job: {block:?}"
    );
    assert!(
        block.iter().any(|l| l.starts_with("cargo test")),
        "{block:?}"
    );
    // The summary lines the README shows are real output of `check`.
    let out = stdout(&wsaioctl(&["check"]));
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != "$ wsaioctl check")
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| !l.starts_with('…'))
        .collect();
    assert!(
        shown.len() >= 3,
        "README shows a `$ wsaioctl check` transcript"
    );
    for line in shown {
        assert!(
            out.lines().any(|o| o == line),
            "README line {line:?} is not in the output of `wsaioctl check`:\n{out}"
        );
    }
}

#[test]
fn the_worked_example_of_the_scenarios_readme_passes() {
    let text = std::fs::read_to_string(Path::new(DIR).join("README.md")).unwrap();
    let example: String = text
        .lines()
        .skip_while(|l| *l != "## A worked example")
        .skip_while(|l| *l != "```toml")
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| format!("{l}\n"))
        .collect();
    let s = Scenario::from_toml_str(&example, "README example", &suite::host_file).unwrap();
    let r = runner::run_emulated(&s);
    assert!(r.passed(), "{}", r.to_text());
    assert_eq!(r.steps.len(), 4);
}
