//! The differential check: the shipped scenarios against the real Linux stack (the API layer
//! over `LinuxProvider`), each in a private network namespace the backend makes and where it
//! builds the scenario's host — every scenario that declares `"linux"` passes, or passes as the
//! divergences it declares (`docs/linux-translations.md`); a wrong expectation, a wrong or stale
//! divergence fail; the binary's `check --backend linux|all`, `run --backend linux` and
//! `call --backend linux`; no host change outside a private namespace; exit 2 without one.
//!
//! The namespaced tests need root (`require_root!`: skipped with a message, failing under
//! `CI=true`) and `ip` (iproute2). They take the `netns` lock, as tests/linux_netns.rs does.
#![cfg(all(target_os = "linux", feature = "linux", feature = "cli"))]

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Output};

use common::require_root;
use wsaioctl::profile::Profile;
use wsaioctl::scenario::backend::{Backend, Mutation};
use wsaioctl::scenario::linux::{Linux, run_linux};
use wsaioctl::scenario::{Scenario, Status, suite};

fn wsaioctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wsaioctl"))
        .args(args)
        .output()
        .expect("the wsaioctl binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn parse(text: &str) -> Scenario {
    Scenario::from_toml_str(text, "t.toml", &suite::host_file).expect("the scenario parses")
}

/// A loopback pair: the peer sends 4 bytes, FIONREAD on the other end (spec/000, FIONREAD: the
/// bytes a receive would return — 4). `EXPECT` and `LINUX` are replaced per test.
const FIONREAD_4: &str = r#"
title = "t"
cites = ["spec/000: FIONREAD"]
backends = ["emulated", "linux"]
[[socket]]
name = "c"
state = "connected"
[[step]]
kind = "send"
socket = "c.peer"
data = "abcd"
expect = { ret = 4 }
[[step]]
kind = "call"
socket = "c"
code = "FIONREAD"
out_len = 4
expect = EXPECT
LINUX
"#;

fn fionread_scenario(expect: &str, linux: &str) -> Scenario {
    parse(&FIONREAD_4.replace("EXPECT", expect).replace("LINUX", linux))
}

/// Every scenario declaring `"linux"` runs and passes — as `expect` says, or as its declared
/// divergences say, each of those steps diverging as declared — and the others are not
/// applicable; the summary counts agree with the parsed files.
#[test]
fn every_linux_scenario_passes_or_diverges_as_declared() {
    require_root!();
    let _g = common::named_lock("netns");
    let scenarios = suite::load().unwrap();
    let (reports, summary) = suite::check_linux().expect("a private namespace can be made");
    assert_eq!(reports.len(), scenarios.len());
    let declared = scenarios.iter().filter(|s| s.runs_on("linux")).count();
    assert!(declared >= 40, "{declared} scenarios declare linux");
    let mut failed = Vec::new();
    for (s, r) in scenarios.iter().zip(&reports) {
        assert_eq!(s.file, r.file);
        match (s.runs_on("linux"), r.status()) {
            (false, Status::NotApplicable) => continue,
            (false, st) => panic!("{}: not declared for linux but {st:?}", s.file),
            (true, Status::Passed | Status::Diverged) => {}
            (true, _) => {
                failed.push(r.to_text());
                continue;
            }
        }
        // Exactly the steps that declare a divergence are reported as one.
        for (step, sr) in s.steps.iter().zip(&r.steps) {
            assert_eq!(
                sr.diverged(),
                step.expect_linux.is_some(),
                "{} step {}",
                s.file,
                sr.index
            );
        }
    }
    assert!(
        failed.is_empty(),
        "failing on linux:\n{}",
        failed.join("\n")
    );
    assert!(summary.all_passed());
    assert_eq!(summary.applicable, declared);
    let with_divergences = scenarios
        .iter()
        .filter(|s| s.runs_on("linux") && s.steps.iter().any(|x| x.expect_linux.is_some()))
        .count();
    assert_eq!(summary.diverged, with_divergences);
    assert!(
        with_divergences > 0,
        "the documented differences are exercised"
    );
}

/// A wrong expectation fails on Linux with the field's difference; a wrong `expect_linux`
/// fails; a divergence Linux does not show (the step matches `expect`) is stale and fails; the
/// right one passes as an expected divergence.
#[test]
fn wrong_expectations_and_stale_divergences_fail() {
    require_root!();
    let _g = common::named_lock("netns");
    let right = run_linux(&fionread_scenario("{ ret = 0, output = 4 }", "")).unwrap();
    assert_eq!(right.status(), Status::Passed, "{}", right.to_text());

    let wrong = run_linux(&fionread_scenario("{ ret = 0, output = 5 }", "")).unwrap();
    assert_eq!(wrong.status(), Status::Failed);
    let d = &wrong.steps[1].diffs;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].field.as_str(), d[0].actual.as_str()), ("output", "4"));

    let div = "divergence = \"test\"\nexpect_linux = ";
    let declared = run_linux(&fionread_scenario(
        "{ ret = 0, output = 5 }",
        &format!("{div}{{ ret = 0, output = 4 }}"),
    ))
    .unwrap();
    assert_eq!(
        declared.status(),
        Status::Diverged,
        "{}",
        declared.to_text()
    );
    assert!(declared.to_text().contains("divergence: test"));

    let wrong_linux = run_linux(&fionread_scenario(
        "{ ret = 0, output = 5 }",
        &format!("{div}{{ ret = 0, output = 3 }}"),
    ))
    .unwrap();
    assert_eq!(wrong_linux.status(), Status::Failed);

    let stale = run_linux(&fionread_scenario(
        "{ ret = 0, output = 4 }",
        &format!("{div}{{ ret = 0 }}"),
    ))
    .unwrap();
    assert_eq!(stale.status(), Status::Failed);
    assert!(stale.to_text().contains("stale"), "{}", stale.to_text());
}

/// Host mutations are real (`ip` in the namespace) and report what changed, read back from the
/// kernel; the pending notification completes (spec/000, SIO_ADDRESS_LIST_CHANGE).
#[test]
fn mutations_change_the_namespace() {
    require_root!();
    let _g = common::named_lock("netns");
    let s = parse(
        r#"
title = "t"
cites = ["spec/000: SIO_ADDRESS_LIST_CHANGE"]
backends = ["linux"]
[[socket]]
name = "s"
[[step]]
kind = "call"
socket = "s"
code = "SIO_ADDRESS_LIST_CHANGE"
completion = "event"
name = "ev"
expect = { ret = -1, error = "WSA_IO_PENDING" }
[[step]]
kind = "mutate"
op = "add_route"
destination = "203.0.113.0/24"
gateway = "192.0.2.1"
interface = 2
expect = { changes = ["ROUTE_V4"] }
[[step]]
kind = "wait"
call = "ev"
note = "a route change is no address change"
expect = { posted = false }
[[step]]
kind = "call"
socket = "s"
code = "SIO_ROUTING_INTERFACE_QUERY"
in_sockaddr = "203.0.113.9"
out_len = 16
expect = { ret = 0, output = { V4 = "192.0.2.10:0" } }
[[step]]
kind = "mutate"
op = "add_address"
interface = 2
address = "198.51.100.1/24"
expect = { changes = ["ADDRESS_V4", "ROUTE_V4"] }
[[step]]
kind = "wait"
call = "ev"
expect = { posted = true, error = "null" }
[[step]]
kind = "mutate"
op = "remove_address"
interface = 7
address = "198.51.100.1"
expect = {}
"#,
    );
    let r = run_linux(&s).unwrap();
    // Everything but the last step: interface 7 does not exist — the emulated host's check
    // refuses it before anything runs.
    assert!(r.steps[..6].iter().all(|x| x.passed()), "{}", r.to_text());
    let last = &r.steps[6];
    assert!(
        last.error.as_deref().unwrap_or("").contains("7"),
        "{}",
        r.to_text()
    );
}

/// The binary: `check --backend linux` exits 0 with the linux total line; `--backend all` has a
/// column per backend; `run --backend linux` runs a file.
#[test]
fn the_binary_checks_linux() {
    require_root!();
    let _g = common::named_lock("netns");
    let out = wsaioctl(&["check", "--backend", "linux"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let total = text.lines().last().unwrap();
    assert!(
        total.starts_with("total (linux backend): ") && total.contains(" scenarios passed"),
        "{total}"
    );
    let out = wsaioctl(&["check", "--backend", "all"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let header = text.lines().next().unwrap();
    let columns: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        columns,
        ["CONTROL", "CODE", "TOTAL", "EMULATED", "LINUX"],
        "{header}"
    );
    let totals: Vec<&str> = text.lines().filter(|l| l.starts_with("total (")).collect();
    assert_eq!(totals.len(), 2, "{text}");

    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/scenarios/fionread-stream-oob.toml"
    );
    let out = wsaioctl(&["run", "--backend", "linux", file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("[ok, expected divergence]"), "{text}");
    assert!(text.contains("div  step"), "{text}");
}

/// Without `CAP_SYS_ADMIN` (dropped from the bounding set with `setpriv`) the linux backend
/// cannot make a namespace: exit 2 with the reason, nothing run. A single call on this machine
/// needs no namespace.
#[test]
fn without_a_namespace_the_linux_backend_exits_2() {
    require_root!();
    let setpriv = |args: &[&str]| {
        Command::new("setpriv")
            .arg("--bounding-set=-sys_admin")
            .arg(env!("CARGO_BIN_EXE_wsaioctl"))
            .args(args)
            .output()
    };
    let Ok(out) = setpriv(&["check", "--backend", "linux"]) else {
        eprintln!("skipped: setpriv (util-linux) is not installed");
        return;
    };
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CAP_SYS_ADMIN"), "{err}");
    let out = setpriv(&[
        "call",
        "FIONREAD",
        "--backend",
        "linux",
        "--host",
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hosts/default.toml"),
    ])
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = setpriv(&["call", "FIONREAD", "--backend", "linux", "--out-len", "4"]).unwrap();
    assert_eq!(out.status.code(), Some(0));
}

// ---- no root needed --------------------------------------------------------------------------

/// Outside a private namespace the backend refuses every host mutation.
#[test]
fn mutations_are_refused_outside_a_private_namespace() {
    let b = Linux::current(Profile::default()).expect("netlink sockets");
    for m in [
        Mutation::LinkDown { interface: 1 },
        Mutation::AddAddress {
            interface: 1,
            address: "192.0.2.99/24".into(),
        },
        Mutation::RemoveRoute {
            destination: "0.0.0.0/0".into(),
            gateway: None,
            interface: 1,
        },
    ] {
        let e = b.mutate(&m).expect_err("refused").to_string();
        assert!(e.contains("private network namespace"), "{e}");
    }
}

/// A host Linux cannot build faithfully (dual-nic.toml: a temporary and a tentative address)
/// makes the scenario not applicable, with the reason; an undeclared one is not applicable too.
#[test]
fn what_linux_cannot_build_is_not_applicable() {
    let text = FIONREAD_4
        .replace("EXPECT", "{ ret = 0 }")
        .replace("LINUX", "")
        .replace(
            "backends = [\"emulated\", \"linux\"]",
            "backends = [\"emulated\", \"linux\"]\n[host]\nfile = \"hosts/dual-nic.toml\"",
        );
    let r = run_linux(&parse(&text)).unwrap();
    assert_eq!(r.status(), Status::NotApplicable);
    let why = r.not_applicable.unwrap();
    assert!(why.contains("temporary"), "{why}");

    let undeclared = parse(
        &FIONREAD_4
            .replace("EXPECT", "{ ret = 0 }")
            .replace("LINUX", "")
            .replace("backends = [\"emulated\", \"linux\"]", ""),
    );
    let r = run_linux(&undeclared).unwrap();
    assert_eq!(r.status(), Status::NotApplicable);
    assert!(r.steps.is_empty());

    let out = wsaioctl(&[
        "call",
        "FIONREAD",
        "--backend",
        "linux",
        "--host",
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hosts/dual-nic.toml"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("temporary"));
}

/// `call --backend linux` on this machine: a real loopback connection (spec/000, FIONREAD: 0
/// bytes queued), the same report shape as the emulated stack's.
#[test]
fn call_on_this_machine() {
    let out = wsaioctl(&[
        "call",
        "FIONREAD",
        "--backend",
        "linux",
        "--state",
        "connected",
        "--out-len",
        "4",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ret"], 0);
    assert_eq!(v["output"], 0);
    assert_eq!(v["bytes_returned"], 4);
    let emulated = wsaioctl(&[
        "call",
        "FIONREAD",
        "--state",
        "connected",
        "--out-len",
        "4",
        "--json",
    ]);
    let e: serde_json::Value = serde_json::from_slice(&emulated.stdout).unwrap();
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&v), keys(&e));
}

/// `wsaioctl on-host -- COMMAND`: the command runs in a private namespace built as the default
/// host (the one the scenarios assume: 192.0.2.10/24 and 2001:db8::10/64 on its Ethernet
/// interface, the default route via 192.0.2.1), not in this machine's namespace; its failure is
/// the binary's (exit 1); `--host FILE` builds that host instead.
#[test]
fn on_host_runs_a_command_on_the_emulated_host() {
    require_root!();
    let _g = common::named_lock("netns");
    let ns_here = std::fs::read_link("/proc/self/ns/net").unwrap();
    let out = wsaioctl(&[
        "on-host",
        "--",
        "sh",
        "-c",
        "readlink /proc/self/ns/net; ip -o addr show; ip route show default",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let mut lines = text.lines();
    assert_ne!(
        lines.next().unwrap(),
        ns_here.to_string_lossy(),
        "the command ran in this machine's namespace"
    );
    for want in [
        "127.0.0.1/8",
        "192.0.2.10/24",
        "2001:db8::10/64",
        "fe80::10/64",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert!(text.contains("default via 192.0.2.1"), "{text}");

    let out = wsaioctl(&["on-host", "--", "false"]);
    assert_eq!(out.status.code(), Some(1));

    let dir = std::env::temp_dir().join(format!("wsaioctl-on-host-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("host.toml");
    std::fs::write(
        &file,
        r#"
[[interface]]
index = 1
name = "lo"
flags = ["up", "loopback", "multicast"]
mtu = 65536
metric = 75
addresses = ["127.0.0.1/8"]

[[interface]]
index = 3
name = "Ethernet 3"
flags = ["up", "broadcast", "multicast"]
mtu = 1500
metric = 25
addresses = ["198.51.100.7/24"]
"#,
    )
    .unwrap();
    let out = wsaioctl(&[
        "on-host",
        "--host",
        file.to_str().unwrap(),
        "--",
        "ip",
        "-o",
        "addr",
        "show",
    ]);
    let text = stdout(&out);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("3: Ethernet_3"), "index and name:\n{text}");
    assert!(text.contains("198.51.100.7/24"), "{text}");
    assert!(!text.contains("192.0.2.10"), "{text}");
}
