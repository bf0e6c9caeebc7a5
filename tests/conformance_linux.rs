//! The Linux provider against the emulated stack (`wsaioctl::conformance`): proptest-state-
//! machine sequences of sockets, `WSAIoctl` calls (every buffer shape, overlapped or not) and
//! host mutations, run in a private network namespace on both stacks — the emulated one over the
//! host `linux::read_host` reads from the namespace — with every outcome compared except the
//! documented differences.
//!
//! Needs root (`require_root!`) and `ip`; feature `conformance` (`cargo test --features
//! conformance --test conformance_linux`).
#![cfg(all(target_os = "linux", feature = "linux", feature = "conformance"))]
#![allow(unsafe_code)]

mod common;

use std::process::Command;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use common::require_root;
use proptest::test_runner::{Config, TestRunner};
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};
use wsaioctl::conformance::{Conformance, EmulatedReference, Mutation, Target};
use wsaioctl::emulated::host::Host;
use wsaioctl::linux::LinuxProvider;
use wsaioctl::spi::Provider;

fn ip(args: &str) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args.split_whitespace())
        .output()
        .map_err(|e| format!("ip: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {args}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The Linux provider in the calling thread's namespace.
struct Linux;

fn dev_of(if_index: u32) -> String {
    wsaioctl::linux::read_host()
        .ok()
        .and_then(|h| h.interface(if_index).map(|i| i.name().to_string()))
        .unwrap_or_else(|| "wa0".into())
}

impl Target for Linux {
    fn provider() -> Arc<dyn Provider> {
        Arc::new(LinuxProvider::new().expect("netlink sockets"))
    }

    fn host() -> Host {
        wsaioctl::linux::read_host().expect("read_host")
    }

    fn mutate(m: &Mutation, if_index: u32) -> Result<(), String> {
        let dev = dev_of(if_index);
        match m {
            Mutation::AddAddress(a, l) => ip(&format!("addr add {a}/{l} dev {dev} nodad")),
            Mutation::RemoveAddress(a, l) => ip(&format!("addr del {a}/{l} dev {dev}")),
            Mutation::AddRoute(d, l, g) => ip(&format!("route add {d}/{l} via {g} dev {dev}")),
            Mutation::RemoveRoute(d, l, g) => ip(&format!("route del {d}/{l} via {g} dev {dev}")),
        }
    }
}

/// IPv4 `nodad` is not accepted by every `ip`; IPv4 has no DAD anyway.
fn setup() {
    let must = |a: &str| ip(a).unwrap();
    must("link set lo up");
    must("link add wa0 type veth peer name wb0");
    must("link set wa0 addrgenmode none");
    must("link set wb0 addrgenmode none");
    must("link set wa0 up");
    must("link set wb0 up");
    must("addr add 192.0.2.10/24 dev wa0");
    must("addr add 2001:db8::10/64 dev wa0 nodad");
    must("route add default via 192.0.2.1 dev wa0");
    must("-6 route add default via 2001:db8::1 dev wa0");
    for _ in 0..500 {
        let out = Command::new("ip")
            .args(["link", "show", "wa0"])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout).contains("LOWER_UP") {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("wa0 never came up");
}

#[test]
fn linux_provider_conforms_to_the_emulated_stack() {
    require_root!();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // SAFETY: unshare(2) with CLONE_NEWNET only moves this thread into a new namespace.
        assert_eq!(unsafe { libc::unshare(libc::CLONE_NEWNET) }, 0);
        let r = std::panic::catch_unwind(|| {
            setup();
            let cases = std::env::var("CONFORMANCE_CASES")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(48);
            let config = Config {
                cases,
                failure_persistence: None,
                ..Config::default()
            };
            let mut runner = TestRunner::new(config.clone());
            let result = runner.run(
                &EmulatedReference::<Linux>::sequential_strategy(1..40),
                |(init, steps, seen)| {
                    Conformance::<Linux>::test_sequential(config.clone(), init, steps, seen);
                    Ok(())
                },
            );
            if let Err(e) = result {
                panic!("{e}");
            }
        });
        let _ = tx.send(r);
    });
    match rx.recv_timeout(Duration::from_secs(600)) {
        Ok(Ok(())) => {}
        Ok(Err(p)) => std::panic::resume_unwind(p),
        Err(_) => panic!("the conformance run did not finish within 10 minutes"),
    }
}
