//! Times one `WSAIoctl` sequence — FIONREAD, SIO_ADDRESS_LIST_QUERY and
//! SIO_ROUTING_INTERFACE_QUERY on an IPv4 UDP socket — through every real stack this build has,
//! beside the emulated API layer in the same process: ns per call.
//!
//! * Built for Windows (run on Windows, or under Wine by `scripts/test-windows.sh`):
//!   `native/raw` — the C call straight into ws2_32 (`Native::wsa_ioctl_raw`); `native/safe` —
//!   the same through the [`Winsock`](wsaioctl::api::Winsock) trait.
//! * Built for Linux (feature `linux`): `linux` — `Ws2` over the Linux provider (real sockets,
//!   netlink).
//! * Both: `emulated` — `Ws2` over the emulated provider (default host).
//!
//! Each line also prints `SEQ <stack> <code> <ns>` so that `scripts/test-windows.sh` can put the
//! two runs side by side (both inside `wsaioctl on-host`, the same default host) and report
//! Wine's ws2_32 against the Linux provider as a ratio.
//!
//! `cargo run --release --example native_bench -- [max iterations]`.

#[cfg(any(windows, all(target_os = "linux", feature = "linux")))]
fn main() {
    bench::run();
}

#[cfg(not(any(windows, all(target_os = "linux", feature = "linux"))))]
fn main() {
    eprintln!("native_bench needs a real stack: Windows, or Linux with the `linux` feature");
}

#[cfg(any(windows, all(target_os = "linux", feature = "linux")))]
mod bench {
    use std::hint::black_box;
    use std::net::Ipv4Addr;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    /// A timed batch runs at least this long (unless it reached the iteration cap).
    const MIN_BATCH: Duration = Duration::from_millis(300);

    use wsaioctl::ControlCode;
    use wsaioctl::api::{Completion, IoctlOutcome, Socket, Winsock};
    use wsaioctl::emulated::EmulatedProvider;
    use wsaioctl::ioctl::{FIONREAD, SIO_ADDRESS_LIST_QUERY, SIO_ROUTING_INTERFACE_QUERY};
    use wsaioctl::ws2::Ws2;

    fn sockaddr_in(ip: Ipv4Addr) -> Vec<u8> {
        let mut b = vec![0u8; 16];
        b[0..2].copy_from_slice(&2u16.to_le_bytes());
        b[4..8].copy_from_slice(&ip.octets());
        b
    }

    /// (name, code, input) of the sequence.
    fn sequence() -> Vec<(&'static str, ControlCode, Vec<u8>)> {
        vec![
            ("FIONREAD", FIONREAD, Vec::new()),
            ("SIO_ADDRESS_LIST_QUERY", SIO_ADDRESS_LIST_QUERY, Vec::new()),
            (
                "SIO_ROUTING_INTERFACE_QUERY",
                SIO_ROUTING_INTERFACE_QUERY,
                // The default host's gateway (on-link on its Ethernet interface): a real route
                // lookup on every stack (run inside `wsaioctl on-host`).
                sockaddr_in(Ipv4Addr::new(192, 0, 2, 1)),
            ),
        ]
    }

    /// ns per call of `f`: warm up, then double the batch until it runs for [`MIN_BATCH`] or
    /// reaches `max_iters` calls (Wine's SIO_ROUTING_INTERFACE_QUERY takes milliseconds).
    fn time(max_iters: u32, mut f: impl FnMut()) -> f64 {
        f();
        let mut n = 1u32;
        loop {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            let e = t.elapsed();
            if e >= MIN_BATCH || n >= max_iters {
                return e.as_nanos() as f64 / f64::from(n);
            }
            n = (n * 2).min(max_iters);
        }
    }

    fn safe_ns(w: &dyn Winsock, s: Socket, code: ControlCode, input: &[u8], iters: u32) -> f64 {
        let mut out = vec![0u8; 1024];
        let input = (!input.is_empty()).then_some(input);
        let first = w.wsa_ioctl(s, code, input, Some(&mut out), Completion::None);
        assert!(
            matches!(first, IoctlOutcome::Completed { .. }),
            "{code}: {first:?}"
        );
        time(iters, || {
            black_box(w.wsa_ioctl(black_box(s), code, input, Some(&mut out), Completion::None));
        })
    }

    fn iterations() -> u32 {
        std::env::args()
            .nth(1)
            .and_then(|a| a.parse().ok())
            .unwrap_or(20_000)
    }

    #[cfg(all(target_os = "linux", feature = "linux"))]
    pub fn run() {
        use wsaioctl::linux::LinuxProvider;
        let iters = iterations();
        let linux = Ws2::new(Arc::new(LinuxProvider::new().expect("netlink sockets")));
        let ls = linux.socket(2, 2, 17).expect("socket");
        let emulated = Ws2::new(Arc::new(EmulatedProvider::default()));
        let es = emulated.socket(2, 2, 17).expect("socket");
        println!(
            "native_bench (Linux): up to {iters} calls per measurement, batches of at least \
             {MIN_BATCH:?}"
        );
        println!("{:<30} {:>14} {:>14}", "code", "linux ns", "emulated ns");
        for (name, code, input) in sequence() {
            let lx = safe_ns(&linux, ls, code, &input, iters);
            let emu = safe_ns(&emulated, es, code, &input, iters);
            println!("{name:<30} {lx:>14.0} {emu:>14.0}");
            println!("SEQ linux {name} {lx:.0}");
        }
        linux.closesocket(ls).expect("closesocket");
    }

    #[cfg(windows)]
    pub fn run() {
        use std::ptr::{null, null_mut};
        use wsaioctl::windows::Native;
        let iters = iterations();
        let native = Native::new().expect("WSAStartup");
        let ns = native.socket(2, 2, 17).expect("socket");
        let emulated = Ws2::new(Arc::new(EmulatedProvider::default()));
        let es = emulated.socket(2, 2, 17).expect("socket");
        println!(
            "native_bench: up to {iters} calls per measurement, batches of at least {MIN_BATCH:?}; \
             ws2_32 says {:?}",
            native.description()
        );
        println!(
            "{:<30} {:>14} {:>14} {:>14}",
            "code", "native/raw ns", "native/safe ns", "emulated ns"
        );
        for (name, code, input) in sequence() {
            let mut out = vec![0u8; 1024];
            let mut bytes = 0u32;
            let raw = time(iters, || {
                // SAFETY: input and out are live for their lengths during the synchronous call
                // (no OVERLAPPED); bytes is a local.
                let r = unsafe {
                    native.wsa_ioctl_raw(
                        black_box(ns.0),
                        code.0,
                        if input.is_empty() {
                            null()
                        } else {
                            input.as_ptr().cast()
                        },
                        input.len() as u32,
                        out.as_mut_ptr().cast(),
                        out.len() as u32,
                        &mut bytes,
                        null_mut(),
                        None,
                    )
                };
                black_box(r);
            });
            let safe = safe_ns(&native, ns, code, &input, iters);
            let emu = safe_ns(&emulated, es, code, &input, iters);
            println!("{name:<30} {raw:>14.0} {safe:>14.0} {emu:>14.0}");
            println!("SEQ windows {name} {safe:.0}");
        }
        native.closesocket(ns).expect("closesocket");
    }
}
