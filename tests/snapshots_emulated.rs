//! Snapshots of what the emulated provider answers for the list codes on the default host
//! (`Host::default_host`: loopback 127.0.0.1/8 and ::1; Ethernet 192.0.2.10/24,
//! 2001:db8::10/64, fe80::10/64; default routes via 192.0.2.1 and fe80::1), for an x86 process
//! (profile `windows-x86`) and an x64 one: the decoded `wire` value (pointers shown as offsets
//! from the start of the output buffer) and a hex dump of the bytes.
//!
//! Reviewed against the SDK layouts: SOCKET_ADDRESS_LIST (spec/002, observed-windows.md: the
//! sockaddrs follow the array with no padding), INTERFACE_INFO (76 bytes, W
//! `test_get_interface_list`), SOCKADDR_IN / SOCKADDR_IN6 (SIO_ROUTING_INTERFACE_QUERY).

mod common;

use std::fmt::Write;

use common::emu::*;
use wsaioctl::ControlCode;
use wsaioctl::api::{IoctlOutcome, Socket, Winsock};
use wsaioctl::emulated::host::Host;
use wsaioctl::ioctl::*;
use wsaioctl::wire::address_list::SocketAddressList;
use wsaioctl::wire::interface_info::InterfaceList;
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::{Arch, Repr};

fn hex_dump(bytes: &[u8]) -> String {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, c)| {
            let hex: Vec<String> = c.iter().map(|b| format!("{b:02x}")).collect();
            format!("{:04x}  {}\n", i * 16, hex.join(" "))
        })
        .collect()
}

const ARCHES: [(&str, Arch); 2] = [("windows-x86", Arch::X86), ("windows", Arch::X64)];

/// Calls `code` with a 4096-byte buffer and returns the bytes the outcome reports.
fn answer(st: &Stack, s: Socket, code: ControlCode, input: Option<&[u8]>) -> Vec<u8> {
    let (r, out) = call(st, s, code, input, Some(4096));
    let IoctlOutcome::Completed { bytes } = r else {
        panic!("{code:?}: {r:?}")
    };
    out[..bytes as usize].to_vec()
}

fn render<T: std::fmt::Debug>(title: &str, arch: Arch, value: &T, bytes: &[u8]) -> String {
    let mut s = String::new();
    writeln!(s, "{title} ({}, {} bytes)", arch.name(), bytes.len()).unwrap();
    writeln!(s, "{value:#?}").unwrap();
    s.push_str(&hex_dump(bytes));
    s
}

/// SIO_ADDRESS_LIST_QUERY on AF_INET and AF_INET6 sockets.
#[test]
fn address_list_query_default_host() {
    for (profile, arch) in ARCHES {
        let st = stack_with(Host::default_host(), profile);
        for (name, s) in [
            ("v4", udp(&st)),
            ("v6", st.socket(AF_INET6, DGRAM, UDP).unwrap()),
        ] {
            let bytes = answer(&st, s, SIO_ADDRESS_LIST_QUERY, None);
            let list = SocketAddressList::parse(&bytes, arch).unwrap();
            assert_eq!(list.to_bytes(arch), bytes, "round trip");
            let text = render("SIO_ADDRESS_LIST_QUERY", arch, &list, &bytes);
            common::with_snapshots(|| {
                insta::assert_snapshot!(format!("address_list_query_{name}_{}", arch.name()), text)
            });
        }
    }
}

/// SIO_GET_INTERFACE_LIST (INTERFACE_INFO has no pointer: the same bytes on both widths).
#[test]
fn interface_list_default_host() {
    let mut seen = Vec::new();
    for (profile, arch) in ARCHES {
        let st = stack_with(Host::default_host(), profile);
        let s = tcp(&st);
        let bytes = answer(&st, s, SIO_GET_INTERFACE_LIST, None);
        let list = InterfaceList::parse(&bytes, arch).unwrap();
        let text = render("SIO_GET_INTERFACE_LIST", arch, &list, &bytes);
        common::with_snapshots(|| {
            insta::assert_snapshot!(format!("interface_list_{}", arch.name()), text)
        });
        seen.push(bytes);
    }
    assert_eq!(seen[0], seen[1], "no pointer-sized field in INTERFACE_INFO");
}

/// SIO_ROUTING_INTERFACE_QUERY for a remote destination of each family (through the default
/// routes) and for loopback.
#[test]
fn routing_interface_query_default_host() {
    for (profile, arch) in ARCHES {
        let st = stack_with(Host::default_host(), profile);
        let v4 = udp(&st);
        let v6 = st.socket(AF_INET6, DGRAM, UDP).unwrap();
        let mut text = String::new();
        for (s, dst) in [
            (v4, "198.51.100.7"),
            (v4, "127.0.0.1"),
            (v6, "2001:db8:ffff::1"),
            (v6, "::1"),
        ] {
            let bytes = answer(&st, s, SIO_ROUTING_INTERFACE_QUERY, Some(&sa(dst, 0)));
            let a = SockAddr::parse(&bytes, arch).unwrap();
            text.push_str(&render(&format!("to {dst}"), arch, &a, &bytes));
        }
        common::with_snapshots(|| {
            insta::assert_snapshot!(format!("routing_interface_query_{}", arch.name()), text)
        });
    }
}
