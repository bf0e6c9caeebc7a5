//! WSAIoctl through the emulated API layer, beside the raw Linux syscall it stands in for, in the
//! same run (report ratios, not absolute times).
//!
//! * `fionread/raw_ioctl` — `ioctl(fd, FIONREAD)` on a real loopback UDP socket: the baseline;
//! * `fionread/emulated` — `WSAIoctl(FIONREAD)` through `Ws2` on the emulated provider;
//! * `address_list_query/emulated/{1,16,1000}` — `SIO_ADDRESS_LIST_QUERY` with 1, 16 and 1000
//!   addresses on the simulated host (the cost must grow linearly).
//!
//! Run with `cargo bench --bench ioctl`.
#![allow(unsafe_code)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use wsaioctl::api::{Completion, Winsock};
use wsaioctl::emulated::EmulatedProvider;
use wsaioctl::emulated::host::{Host, InterfaceBuilder};
use wsaioctl::ioctl::{FIONREAD, SIO_ADDRESS_LIST_QUERY};
use wsaioctl::profile::Profile;
use wsaioctl::ws2::Ws2;

fn fionread(c: &mut Criterion) {
    let mut g = c.benchmark_group("fionread");

    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("loopback UDP socket");
        let fd = sock.as_raw_fd();
        g.bench_function("raw_ioctl", |b| {
            b.iter(|| {
                let mut n: libc::c_int = 0;
                // SAFETY: fd is a live socket owned by `sock`; FIONREAD writes one c_int to `n`.
                let r = unsafe { libc::ioctl(black_box(fd), libc::FIONREAD, &mut n) };
                black_box((r, n))
            })
        });
    }

    let ws2 = Ws2::new(Arc::new(EmulatedProvider::default()));
    let s = ws2.socket(2, 2, 17).expect("emulated UDP socket");
    g.bench_function("emulated", |b| {
        let mut out = [0u8; 4];
        b.iter(|| {
            black_box(ws2.wsa_ioctl(
                black_box(s),
                FIONREAD,
                None,
                Some(&mut out),
                Completion::None,
            ))
        })
    });
    g.finish();
}

fn host_with(n: usize) -> Host {
    let mut eth = InterfaceBuilder::ethernet(2, "Ethernet").mtu(1500);
    for i in 0..n {
        let j = i + 1;
        let a = format!("10.{}.{}.{}/8", (j >> 16) & 0xff, (j >> 8) & 0xff, j & 0xff);
        eth = eth.address(&a);
    }
    Host::builder()
        .interface(InterfaceBuilder::loopback(1, "Loopback").address("127.0.0.1/8"))
        .interface(eth)
        .build()
        .expect("valid host")
}

fn address_list(c: &mut Criterion) {
    let mut g = c.benchmark_group("address_list_query");
    for n in [1usize, 16, 1000] {
        let ws2 = Ws2::new(Arc::new(EmulatedProvider::new(
            host_with(n),
            Profile::default(),
        )));
        let s = ws2.socket(2, 2, 17).expect("emulated UDP socket");
        let mut out = vec![0u8; 8 + n * (16 + 16)];
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("emulated", n), &n, |b, _| {
            b.iter(|| {
                let r = ws2.wsa_ioctl(
                    s,
                    SIO_ADDRESS_LIST_QUERY,
                    None,
                    Some(&mut out),
                    Completion::None,
                );
                black_box(r)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, fionread, address_list);
criterion_main!(benches);
