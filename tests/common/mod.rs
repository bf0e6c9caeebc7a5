//! Shared test support: snapshot settings, `require_root!`, named locks for process-wide state.
#![allow(dead_code, unused_macros, unused_imports)]

use std::sync::{Mutex, MutexGuard, OnceLock};

/// insta settings storing every snapshot under `snapshots/` at the repository root.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(true);
    s
}

/// Runs `f` with [`snapshot_settings`] bound.
pub fn with_snapshots<R>(f: impl FnOnce() -> R) -> R {
    snapshot_settings().bind(f)
}

/// True when running under CI (`CI=true`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skips (returns from) a test that needs root, printing why; under CI the test fails instead.
macro_rules! require_root {
    () => {
        // SAFETY-free check: effective uid via /proc (no libc call needed in tests).
        let is_root = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("Uid:"))
                    .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
            })
            .unwrap_or(false);
        if !is_root {
            if $crate::common::in_ci() {
                panic!("this test needs root and CI=true: it must run in CI");
            }
            eprintln!("skipped: this test needs root (run as root, or with CI=true to require it)");
            return;
        }
    };
}
pub(crate) use require_root;

/// A process-wide named lock for tests that share global state (network namespaces, env vars).
pub fn named_lock(name: &str) -> MutexGuard<'static, ()> {
    static LOCKS: OnceLock<Mutex<std::collections::BTreeMap<String, &'static Mutex<()>>>> =
        OnceLock::new();
    let m = {
        let mut map = LOCKS.get_or_init(Default::default).lock().unwrap();
        *map.entry(name.to_string())
            .or_insert_with(|| Box::leak(Box::new(Mutex::new(()))))
    };
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Helpers for the tests of the emulated stack (`Ws2` over `EmulatedProvider`).
pub mod emu;
