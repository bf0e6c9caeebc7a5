//! The `wine` profile of the emulated stack against the scenarios marked as known Wine
//! divergences (`[wine]` in `fixtures/scenarios/`, src/scenario/wine.rs): where the marker says
//! the profile models the divergence (`profile_models = true`), the emulated stack with
//! `profile = wine` must give Wine's documented answers (`expect_wine` replacing `expect`).
//! Divergences the profile does not model are listed in docs/wine-divergences.md and here.
#![cfg(feature = "scenario")]

use wsaioctl::profile::Profile;
use wsaioctl::scenario::runner::run_emulated;
use wsaioctl::scenario::suite;
use wsaioctl::scenario::wine::{self, Verdict};

#[test]
fn every_wine_marker_gives_a_reason_and_a_windows_source() {
    let all = suite::load().unwrap();
    for sc in all.iter().filter(|s| s.wine.is_some()) {
        let w = sc.wine.as_ref().unwrap();
        assert!(
            w.divergence.contains("Wine"),
            "{}: say what Wine does",
            sc.file
        );
        assert!(
            w.divergence.contains("Windows"),
            "{}: say what Windows does",
            sc.file
        );
        assert!(
            w.divergence.contains("spec/")
                || w.divergence.contains("W ")
                || w.divergence.contains("R "),
            "{}: cite the Windows fact's source",
            sc.file
        );
    }
}

#[test]
fn wine_profile_passes_the_divergences_it_models() {
    let all = suite::load().unwrap();
    let wine_profile = Profile::by_name("wine").unwrap();
    for sc in all
        .iter()
        .filter(|s| s.wine.as_ref().is_some_and(|w| w.profile_models))
    {
        let mut sc = sc.clone();
        let arch = sc.profile.arch;
        sc.profile = wine_profile.clone();
        sc.profile.arch = arch;
        let report = run_emulated(&sc);
        let judged = wine::rejudge(&sc, &report);
        assert!(judged.passed(), "{}", judged.to_text());
    }
}

#[test]
fn not_modelled_divergences_are_the_documented_ones() {
    // The crash (SIO_BASE_HANDLE with a NULL output buffer) and the hang (SIO_ADDRESS_LIST_CHANGE
    // on a nonblocking non-overlapped socket) are not something a profile models: those
    // scenarios are not run under Wine.
    let all = suite::load().unwrap();
    let mut unmodelled: Vec<&str> = all
        .iter()
        .filter(|s| s.wine.as_ref().is_some_and(|w| !w.profile_models))
        .map(|s| s.file.as_str())
        .collect();
    // Every other marker is modelled by the `wine` profile (`profile_models = true`).
    let documented = [
        "fixtures/scenarios/base-handle-null-output.toml",
        "fixtures/scenarios/non-overlapped-blocking.toml",
    ];
    unmodelled.sort_unstable();
    assert_eq!(unmodelled, documented);
}

#[test]
fn classify_separates_expected_divergence_from_failure() {
    let all = suite::load().unwrap();
    let sc = all
        .iter()
        .find(|s| s.file.ends_with("base-handle-null-output.toml"))
        .unwrap();
    // The emulated (Windows) stack passes it: a pass everywhere, flagged under Wine.
    let report = run_emulated(sc);
    assert_eq!(wine::classify(sc, &report, false), Verdict::Pass);
    assert_eq!(
        wine::classify(sc, &report, true),
        Verdict::PassDespiteMarker
    );
    // A failing run: excused only under Wine, by the marker.
    let mut bad = report.clone();
    bad.setup_error = Some("simulated failure".into());
    assert_eq!(wine::classify(sc, &bad, false), Verdict::Fail);
    assert!(matches!(
        wine::classify(sc, &bad, true),
        Verdict::ExpectedDivergence(_)
    ));
    // An unmarked scenario failing under Wine is a failure.
    let plain = all
        .iter()
        .find(|s| s.file.ends_with("fionbio.toml"))
        .unwrap();
    let mut r = run_emulated(plain);
    r.setup_error = Some("simulated failure".into());
    assert_eq!(wine::classify(plain, &r, true), Verdict::Fail);
    // Host-dependent scenarios are not applicable, with the reason.
    let ga = all
        .iter()
        .find(|s| s.file.ends_with("routing-interface-change.toml"))
        .unwrap();
    assert!(wine::not_applicable(ga).unwrap().contains("mutation"));
    assert_eq!(wine::not_applicable(plain), None);
}

/// `[wine] setup_error`: a scenario Wine cannot set up (rcvall: no raw IPPROTO_IP socket on
/// Linux, docs/wine-divergences.md #25) is an expected divergence only when its setup fails with
/// that text; the `wine` profile fails the same way; `hangs` / `crashes` keep a scenario from
/// running under Wine at all.
#[test]
fn setup_failures_and_scenarios_not_run_under_wine() {
    let all = suite::load().unwrap();
    let rcvall = all
        .iter()
        .find(|s| s.file.ends_with("/rcvall.toml"))
        .unwrap();
    let marker = rcvall.wine.as_ref().unwrap();
    assert!(marker.setup_error.is_some());
    // The Windows profile sets it up and passes: a pass (flagged under Wine).
    let report = run_emulated(rcvall);
    assert!(report.passed(), "{}", report.to_text());
    assert!(!marker.setup_failed_as_declared(&report));
    // The wine profile refuses the socket exactly as Wine did.
    let mut sc = rcvall.clone();
    sc.profile = Profile::by_name("wine").unwrap();
    let wine_report = run_emulated(&sc);
    assert!(
        marker.setup_failed_as_declared(&wine_report),
        "{wine_report:?}"
    );
    assert!(matches!(
        wine::classify(rcvall, &wine_report, true),
        Verdict::ExpectedDivergence(_)
    ));
    assert_eq!(wine::classify(rcvall, &wine_report, false), Verdict::Fail);
    assert!(wine::rejudge(&sc, &wine_report).passed());
    // Another setup failure is not excused.
    let mut other = wine_report.clone();
    other.setup_error = Some("socket \"raw\": bind failed with WSAEADDRNOTAVAIL".into());
    assert_eq!(wine::classify(rcvall, &other, true), Verdict::Fail);

    let hang = all
        .iter()
        .find(|s| s.file.ends_with("non-overlapped-blocking.toml"))
        .unwrap();
    assert_eq!(
        hang.wine.as_ref().unwrap().not_run_under_wine(),
        Some("hangs")
    );
    let crash = all
        .iter()
        .find(|s| s.file.ends_with("base-handle-null-output.toml"))
        .unwrap();
    assert_eq!(
        crash.wine.as_ref().unwrap().not_run_under_wine(),
        Some("crashes")
    );
    assert_eq!(marker.not_run_under_wine(), None);
}
