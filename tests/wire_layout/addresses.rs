//! Address-family wire layouts: `SOCKADDR*`, `sockaddr_gen`, `SOCKET_ADDRESS(_LIST)`,
//! `INTERFACE_INFO(_EX)`, `GUID`, `WSAOVERLAPPED`.
//!
//! Known bytes below are written out by hand from the C definitions (ws2def.h, ws2ipdef.h,
//! guiddef.h, minwinbase.h) — never produced by the code under test. Sizes and offsets for x64
//! are checked against windows-sys (the SDK metadata); x86 sizes are pinned from the SDK
//! definitions. spec/002 and spec/003 (SIO_ADDRESS_LIST_QUERY, SIO_GET_INTERFACE_LIST,
//! SIO_GET_EXTENSION_FUNCTION_POINTER), spec/004 (SAN GUIDs, the hEvent low bit).

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

use proptest::prelude::*;
use wsaioctl::wire::address_list::{
    self, SocketAddress, SocketAddressEntry, SocketAddressList, SocketAddressListView,
    SocketAddressView,
};
use wsaioctl::wire::guid::{self, ExtensionKind, Guid, GuidView};
use wsaioctl::wire::interface_info::{
    self, InterfaceFlags, InterfaceInfo, InterfaceInfoEx, InterfaceInfoExView, InterfaceInfoView,
    InterfaceList,
};
use wsaioctl::wire::overlapped::{self, WsaOverlapped, WsaOverlappedView};
use wsaioctl::wire::sockaddr::{
    self, SockAddr, SockaddrGen, SockaddrIn6OldView, SockaddrIn6View, SockaddrInView, SockaddrView,
};
use wsaioctl::wire::{Arch, Repr, WireError};

// ---------------------------------------------------------------------------------------------
// Known bytes (from the C definitions, by hand)
// ---------------------------------------------------------------------------------------------

/// `SOCKADDR_IN` { AF_INET (2, LE), port 8080 (0x1f90, network order), 192.0.2.1, zero[8] }.
const SIN_BYTES: [u8; 16] = [0x02, 0x00, 0x1f, 0x90, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0];

/// `SOCKADDR_IN6` { AF_INET6 (23, LE), port 443 (0x01bb, network order), flowinfo 0x12345678
/// (ULONG, LE), 2001:db8::1, scope id 7 (ULONG, LE) }.
const SIN6_BYTES: [u8; 28] = [
    0x17, 0x00, 0x01, 0xbb, 0x78, 0x56, 0x34, 0x12, // family, port, flowinfo
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // sin6_addr
    0x07, 0x00, 0x00, 0x00, // sin6_scope_id
];

/// `SOCKADDR` { family 6 (AF_IPX on Windows), sa_data 1..=14 }.
const SA_OTHER_BYTES: [u8; 16] = [6, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

fn sin() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::new(192, 0, 2, 1), 8080)
}

fn sin6() -> SocketAddrV6 {
    SocketAddrV6::new("2001:db8::1".parse().unwrap(), 443, 0x1234_5678, 7)
}

/// `SOCKET_ADDRESS` x86 { lpSockaddr 0x11223344, iSockaddrLength 16 }.
const SA_X86_BYTES: [u8; 8] = [0x44, 0x33, 0x22, 0x11, 16, 0, 0, 0];
/// `SOCKET_ADDRESS` x64 { lpSockaddr 0x1122334455667788, iSockaddrLength 28, padding[4] }.
const SA_X64_BYTES: [u8; 16] = [
    0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 28, 0, 0, 0, 0, 0, 0, 0,
];

/// `SOCKADDR_IN` 192.0.2.1 port 0 and `SOCKADDR_IN6` 2001:db8::1 port 0, as they appear packed
/// after the array in an `SIO_ADDRESS_LIST_QUERY` buffer.
const LIST_V4: [u8; 16] = [2, 0, 0, 0, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0];
const LIST_V6: [u8; 28] = [
    23, 0, 0, 0, 0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0,
    0, 0,
];

/// x86 list of two: header (count 2) at 0, Address[0] at 4, Address[1] at 12, array ends at 20;
/// SOCKADDR_IN at 20..36, SOCKADDR_IN6 at 36..64 (pointers are offsets: base 0).
fn list_x86_bytes() -> Vec<u8> {
    let mut b = vec![2, 0, 0, 0];
    b.extend_from_slice(&[20, 0, 0, 0, 16, 0, 0, 0]);
    b.extend_from_slice(&[36, 0, 0, 0, 28, 0, 0, 0]);
    b.extend_from_slice(&LIST_V4);
    b.extend_from_slice(&LIST_V6);
    assert_eq!(b.len(), 64);
    b
}

/// x64 list of two: header (count 2 + 4 padding) at 0, Address[0] at 8, Address[1] at 24, array
/// ends at 40; SOCKADDR_IN at 40..56, SOCKADDR_IN6 at 56..84.
fn list_x64_bytes() -> Vec<u8> {
    let mut b = vec![2, 0, 0, 0, 0, 0, 0, 0];
    b.extend_from_slice(&[40, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]);
    b.extend_from_slice(&[56, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0]);
    b.extend_from_slice(&LIST_V4);
    b.extend_from_slice(&LIST_V6);
    assert_eq!(b.len(), 84);
    b
}

fn list_addrs() -> Vec<SockAddr> {
    vec![
        SockAddr::V4(SocketAddrV4::new(Ipv4Addr::new(192, 0, 2, 1), 0)),
        SockAddr::V6(SocketAddrV6::new("2001:db8::1".parse().unwrap(), 0, 0, 0)),
    ]
}

fn list_bytes(arch: Arch) -> Vec<u8> {
    match arch {
        Arch::X86 => list_x86_bytes(),
        Arch::X64 => list_x64_bytes(),
    }
}

/// `sockaddr_gen` holding `SOCKADDR_IN` a.b.c.d port 0, then 8 unused zero bytes.
fn gen_v4(a: [u8; 4]) -> [u8; 24] {
    let mut g = [0u8; 24];
    g[0] = 2;
    g[4..8].copy_from_slice(&a);
    g
}

/// `INTERFACE_INFO` { IFF_UP|IFF_BROADCAST|IFF_MULTICAST (0x13), 10.0.0.5, 10.0.0.255,
/// 255.255.255.0 }: flags at 0, the three sockaddr_gen at 4, 28, 52.
fn ii_bytes() -> Vec<u8> {
    let mut b = vec![0x13, 0, 0, 0];
    b.extend_from_slice(&gen_v4([10, 0, 0, 5]));
    b.extend_from_slice(&gen_v4([10, 0, 0, 255]));
    b.extend_from_slice(&gen_v4([255, 255, 255, 0]));
    assert_eq!(b.len(), 76);
    b
}

fn ii_repr() -> InterfaceInfo {
    InterfaceInfo {
        flags: InterfaceFlags(0x13),
        address: SockAddr::V4("10.0.0.5:0".parse().unwrap()),
        broadcast: SockAddr::V4("10.0.0.255:0".parse().unwrap()),
        netmask: SockAddr::V4("255.255.255.0:0".parse().unwrap()),
    }
}

/// `INTERFACE_INFO_EX` x86 { flags 3; {0x100, 16}; {0x110, 16}; {0x120, 16} }.
const IIX_X86_BYTES: [u8; 28] = [
    3, 0, 0, 0, 0x00, 0x01, 0, 0, 16, 0, 0, 0, 0x10, 0x01, 0, 0, 16, 0, 0, 0, 0x20, 0x01, 0, 0, 16,
    0, 0, 0,
];

fn iix_x64_bytes() -> Vec<u8> {
    let mut b = vec![3, 0, 0, 0, 0, 0, 0, 0];
    for p in [0x100u64, 0x110, 0x120] {
        b.extend_from_slice(&p.to_le_bytes());
        b.extend_from_slice(&[16, 0, 0, 0, 0, 0, 0, 0]);
    }
    assert_eq!(b.len(), 56);
    b
}

fn iix_repr() -> InterfaceInfoEx {
    let sa = |o| SocketAddress {
        sockaddr_offset: o,
        length: 16,
    };
    InterfaceInfoEx {
        flags: InterfaceFlags(3),
        address: sa(0x100),
        broadcast: sa(0x110),
        netmask: sa(0x120),
    }
}

/// `WSAID_ACCEPTEX` = {B5367DF1-CBAC-11CF-95CA-00805F48A192}: Data1..3 little-endian, Data4 as is.
const ACCEPTEX_BYTES: [u8; 16] = [
    0xf1, 0x7d, 0x36, 0xb5, 0xac, 0xcb, 0xcf, 0x11, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92,
];

/// `WSAOVERLAPPED` x86 { Internal STATUS_PENDING 0x103, InternalHigh 16, Offset 0x11223344,
/// OffsetHigh 0x55667788, hEvent 0x1235 }.
const OV_X86_BYTES: [u8; 20] = [
    0x03, 0x01, 0, 0, 16, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55, 0x35, 0x12, 0, 0,
];

/// `WSAOVERLAPPED` x64 { Internal 0xC000000000000120, InternalHigh 0x1_0000_0010, Offset
/// 0x11223344, OffsetHigh 0x55667788, hEvent 0x7ff0_0000_1235 }.
fn ov_x64_bytes() -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&0xc000_0000_0000_0120u64.to_le_bytes());
    b.extend_from_slice(&0x1_0000_0010u64.to_le_bytes());
    b.extend_from_slice(&[0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55]);
    b.extend_from_slice(&0x7ff0_0000_1235u64.to_le_bytes());
    assert_eq!(b.len(), 32);
    b
}

const OV_X86: WsaOverlapped = WsaOverlapped {
    internal: 0x103,
    internal_high: 16,
    offset: 0x1122_3344,
    offset_high: 0x5566_7788,
    h_event: 0x1235,
};

const OV_X64: WsaOverlapped = WsaOverlapped {
    internal: 0xc000_0000_0000_0120,
    internal_high: 0x1_0000_0010,
    offset: 0x1122_3344,
    offset_high: 0x5566_7788,
    h_event: 0x7ff0_0000_1235,
};

/// smoltcp's "emit": into a 0xa5-filled buffer one byte longer than needed; the bytes must match
/// and the extra byte stay untouched. Also: one byte short is `TooShort` and writes nothing.
fn check_emit<R: Repr + core::fmt::Debug>(r: &R, arch: Arch, expected: &[u8]) {
    let mut buf = vec![0xa5u8; expected.len() + 1];
    assert_eq!(r.emit(&mut buf, arch), Ok(expected.len()), "{}", R::C_NAME);
    assert_eq!(&buf[..expected.len()], expected, "{} {arch:?}", R::C_NAME);
    assert_eq!(buf[expected.len()], 0xa5, "emit wrote past the structure");
    assert_eq!(r.buffer_len(arch), expected.len());

    let mut short = vec![0xa5u8; expected.len() - 1];
    assert_eq!(
        r.emit(&mut short, arch),
        Err(WireError::TooShort {
            required: expected.len(),
            actual: expected.len() - 1
        })
    );
    assert!(short.iter().all(|&b| b == 0xa5), "a failed emit wrote");
}

// ---------------------------------------------------------------------------------------------
// SOCKADDR / SOCKADDR_IN / SOCKADDR_IN6 / sockaddr_in6_old / sockaddr_gen
// ---------------------------------------------------------------------------------------------

#[test]
fn sockaddr_in_deconstruct() {
    let v = SockaddrInView::new_checked(&SIN_BYTES[..]).unwrap();
    assert_eq!(v.sin_family(), sockaddr::AF_INET);
    assert_eq!(v.sin_port(), 8080);
    assert_eq!(v.sin_addr(), Ipv4Addr::new(192, 0, 2, 1));
    assert_eq!(v.sin_zero(), &[0; 8]);
    let g = SockaddrView::new_checked(&SIN_BYTES[..]).unwrap();
    assert_eq!(g.sa_family(), 2);
    assert_eq!(g.sa_data(), &SIN_BYTES[2..]);
}

#[test]
fn sockaddr_in_construct() {
    let mut buf = [0xa5u8; 16];
    let mut v = SockaddrInView::new_checked(&mut buf[..]).unwrap();
    assert_ne!(v.sin_port(), 8080, "the setter must change something");
    v.set_sin_family(sockaddr::AF_INET);
    v.set_sin_port(8080);
    v.set_sin_addr(Ipv4Addr::new(192, 0, 2, 1));
    v.clear_sin_zero();
    assert_eq!(buf, SIN_BYTES);
}

#[test]
fn sockaddr_in_parse_and_emit() {
    for arch in Arch::ALL {
        assert_eq!(SocketAddrV4::parse(&SIN_BYTES, arch), Ok(sin()));
        assert_eq!(SockAddr::parse(&SIN_BYTES, arch), Ok(SockAddr::V4(sin())));
        check_emit(&sin(), arch, &SIN_BYTES);
        check_emit(&SockAddr::V4(sin()), arch, &SIN_BYTES);
    }
    // sin_zero is ignored on input.
    let mut dirty = SIN_BYTES;
    dirty[8..].fill(0xee);
    assert_eq!(SocketAddrV4::parse(&dirty, Arch::X64), Ok(sin()));
    // The wrong family is Invalid for the typed parse.
    assert!(matches!(
        SocketAddrV4::parse(&SIN6_BYTES[..16], Arch::X64),
        Err(WireError::Invalid {
            field: "sin_family",
            ..
        })
    ));
}

#[test]
fn sockaddr_in6_deconstruct() {
    let v = SockaddrIn6View::new_checked(&SIN6_BYTES[..]).unwrap();
    assert_eq!(v.sin6_family(), 23);
    assert_eq!(v.sin6_port(), 443);
    assert_eq!(v.sin6_flowinfo(), 0x1234_5678);
    assert_eq!(v.sin6_addr(), "2001:db8::1".parse::<Ipv6Addr>().unwrap());
    assert_eq!(v.sin6_scope_id(), 7);
    let old = SockaddrIn6OldView::new_checked(&SIN6_BYTES[..24]).unwrap();
    assert_eq!(
        (old.sin6_family(), old.sin6_port(), old.sin6_flowinfo()),
        (23, 443, 0x1234_5678)
    );
    assert_eq!(old.sin6_addr(), v.sin6_addr());
}

#[test]
fn sockaddr_in6_construct() {
    let mut buf = [0xa5u8; 28];
    let mut v = SockaddrIn6View::new_checked(&mut buf[..]).unwrap();
    assert_ne!(v.sin6_scope_id(), 7);
    v.set_sin6_family(sockaddr::AF_INET6);
    v.set_sin6_port(443);
    v.set_sin6_flowinfo(0x1234_5678);
    v.set_sin6_addr("2001:db8::1".parse().unwrap());
    v.set_sin6_scope_id(7);
    assert_eq!(buf, SIN6_BYTES);

    let mut old = [0xa5u8; 24];
    let mut v = SockaddrIn6OldView::new_checked(&mut old[..]).unwrap();
    v.set_sin6_family(sockaddr::AF_INET6);
    v.set_sin6_port(443);
    v.set_sin6_flowinfo(0x1234_5678);
    v.set_sin6_addr("2001:db8::1".parse().unwrap());
    assert_eq!(old, SIN6_BYTES[..24]);
}

#[test]
fn sockaddr_in6_parse_and_emit() {
    for arch in Arch::ALL {
        assert_eq!(SocketAddrV6::parse(&SIN6_BYTES, arch), Ok(sin6()));
        assert_eq!(SockAddr::parse(&SIN6_BYTES, arch), Ok(SockAddr::V6(sin6())));
        check_emit(&sin6(), arch, &SIN6_BYTES);
        check_emit(&SockAddr::V6(sin6()), arch, &SIN6_BYTES);
    }
}

#[test]
fn sockaddr_in6_short_forms() {
    // A SOCKADDR_IN6 shorter than 28 bytes is TooShort for the strict parse …
    assert_eq!(
        SockAddr::parse(&SIN6_BYTES[..27], Arch::X64),
        Err(WireError::TooShort {
            required: 28,
            actual: 27
        })
    );
    // … while the (name, namelen) rule of ws2_32 takes the 24-byte sockaddr_in6_old (scope 0).
    let old = SockAddr::parse_lenient(&SIN6_BYTES[..24]).unwrap();
    assert_eq!(
        old,
        SockAddr::V6(SocketAddrV6::new(*sin6().ip(), 443, 0x1234_5678, 0))
    );
    assert_eq!(
        SockAddr::parse_lenient(&SIN6_BYTES[..23]),
        Err(WireError::TooShort {
            required: 24,
            actual: 23
        })
    );
    assert_eq!(
        SockAddr::parse_lenient(&SIN6_BYTES),
        Ok(SockAddr::V6(sin6()))
    );
}

#[test]
fn sockaddr_other_family() {
    let v = SockaddrView::new_checked(&SA_OTHER_BYTES[..]).unwrap();
    assert_eq!(v.sa_family(), 6);
    let mut buf = [0xa5u8; 16];
    let mut w = SockaddrView::new_checked(&mut buf[..]).unwrap();
    w.set_sa_family(6);
    w.sa_data_mut().copy_from_slice(&SA_OTHER_BYTES[2..]);
    assert_eq!(buf, SA_OTHER_BYTES);

    let other = SockAddr::Other {
        family: 6,
        data: (1..=14).collect(),
    };
    for arch in Arch::ALL {
        assert_eq!(SockAddr::parse(&SA_OTHER_BYTES, arch), Ok(other.clone()));
        check_emit(&other, arch, &SA_OTHER_BYTES);
    }
    // Other cannot smuggle AF_INET / AF_INET6.
    let bad = SockAddr::Other {
        family: 23,
        data: vec![0; 14],
    };
    assert!(matches!(
        bad.emit(&mut [0u8; 16], Arch::X64),
        Err(WireError::Invalid { .. })
    ));
    assert_eq!(
        SockAddr::parse(&[2, 0, 0], Arch::X64),
        Err(WireError::TooShort {
            required: 16,
            actual: 3
        })
    );
    assert_eq!(
        SockAddr::parse(&[2], Arch::X64),
        Err(WireError::TooShort {
            required: 2,
            actual: 1
        })
    );
}

#[test]
fn sockaddr_gen_forms() {
    // AF_INET: SOCKADDR_IN then 8 zero bytes.
    let mut v4 = [0u8; 24];
    v4[..16].copy_from_slice(&SIN_BYTES);
    // AF_INET6: sockaddr_in6_old (no scope id).
    let v6 = &SIN6_BYTES[..24];
    // AF_UNSPEC: all zero (the broadcast address of an interface without IFF_BROADCAST).
    let zero = [0u8; 24];
    let v6_repr = SockAddr::V6(SocketAddrV6::new(*sin6().ip(), 443, 0x1234_5678, 0));
    for arch in Arch::ALL {
        assert_eq!(
            SockaddrGen::parse(&v4, arch),
            Ok(SockaddrGen(SockAddr::V4(sin())))
        );
        check_emit(&SockaddrGen(SockAddr::V4(sin())), arch, &v4);
        assert_eq!(
            SockaddrGen::parse(v6, arch),
            Ok(SockaddrGen(v6_repr.clone()))
        );
        check_emit(&SockaddrGen(v6_repr.clone()), arch, v6);
        let unspec = SockAddr::Other {
            family: 0,
            data: vec![0; 22],
        };
        assert_eq!(
            SockaddrGen::parse(&zero, arch),
            Ok(SockaddrGen(unspec.clone()))
        );
        check_emit(&SockaddrGen(unspec), arch, &zero);
    }
    // A scope id cannot be carried by sockaddr_in6_old.
    assert!(matches!(
        SockaddrGen(SockAddr::V6(sin6())).emit(&mut [0u8; 24], Arch::X64),
        Err(WireError::Invalid { .. })
    ));
}

#[test]
fn family_constants_and_mapping() {
    assert_eq!(
        (sockaddr::AF_UNSPEC, sockaddr::AF_INET, sockaddr::AF_INET6),
        (0, 2, 23)
    );
    assert_eq!(sockaddr::from_linux_family(10), Some(23));
    assert_eq!(sockaddr::to_linux_family(23), Some(10));
    assert_eq!(sockaddr::to_linux_family(2), Some(2));
    assert_eq!(
        sockaddr::from_linux_family(23),
        None,
        "Linux 23 is not AF_INET6"
    );
    assert_eq!(sockaddr::SOCKADDR_STORAGE_LEN, 128);
}

#[cfg(target_os = "linux")]
#[test]
fn linux_family_values_match_libc() {
    let pairs = [
        (libc::AF_UNSPEC, sockaddr::AF_UNSPEC),
        (libc::AF_UNIX, sockaddr::AF_UNIX),
        (libc::AF_INET, sockaddr::AF_INET),
        (libc::AF_INET6, sockaddr::AF_INET6),
    ];
    for (linux, windows) in pairs {
        let linux = u16::try_from(linux).unwrap();
        assert_eq!(sockaddr::from_linux_family(linux), Some(windows));
        assert_eq!(sockaddr::to_linux_family(windows), Some(linux));
    }
    assert_eq!(libc::AF_INET6, i32::from(sockaddr::LINUX_AF_INET6));
}

// ---------------------------------------------------------------------------------------------
// SOCKET_ADDRESS / SOCKET_ADDRESS_LIST
// ---------------------------------------------------------------------------------------------

#[test]
fn socket_address_deconstruct() {
    let v = SocketAddressView::new_checked(&SA_X86_BYTES[..], Arch::X86).unwrap();
    assert_eq!((v.lp_sockaddr(), v.i_sockaddr_length()), (0x1122_3344, 16));
    let v = SocketAddressView::new_checked(&SA_X64_BYTES[..], Arch::X64).unwrap();
    assert_eq!(
        (v.lp_sockaddr(), v.i_sockaddr_length()),
        (0x1122_3344_5566_7788, 28)
    );
}

#[test]
fn socket_address_construct() {
    let mut b = [0xa5u8; 8];
    let mut v = SocketAddressView::new_checked(&mut b[..], Arch::X86).unwrap();
    assert_ne!(v.i_sockaddr_length(), 16);
    v.set_lp_sockaddr(0x1122_3344);
    v.set_i_sockaddr_length(16);
    v.clear_padding();
    assert_eq!(b, SA_X86_BYTES);

    let mut b = [0xa5u8; 16];
    let mut v = SocketAddressView::new_checked(&mut b[..], Arch::X64).unwrap();
    v.set_lp_sockaddr(0x1122_3344_5566_7788);
    v.set_i_sockaddr_length(28);
    v.clear_padding();
    assert_eq!(b, SA_X64_BYTES);
}

#[test]
fn socket_address_parse_and_emit() {
    let x86 = SocketAddress {
        sockaddr_offset: 0x1122_3344,
        length: 16,
    };
    let x64 = SocketAddress {
        sockaddr_offset: 0x1122_3344_5566_7788,
        length: 28,
    };
    assert_eq!(SocketAddress::parse(&SA_X86_BYTES, Arch::X86), Ok(x86));
    assert_eq!(SocketAddress::parse(&SA_X64_BYTES, Arch::X64), Ok(x64));
    check_emit(&x86, Arch::X86, &SA_X86_BYTES);
    check_emit(&x64, Arch::X64, &SA_X64_BYTES);
    // The x64 pointer does not fit x86.
    assert!(matches!(
        x64.emit(&mut [0u8; 8], Arch::X86),
        Err(WireError::Invalid {
            field: "lpSockaddr",
            ..
        })
    ));
    // Relocation against a base.
    let at = SocketAddress::parse_at(&SA_X86_BYTES, Arch::X86, 0x1122_0000).unwrap();
    assert_eq!(at.sockaddr_offset, 0x3344);
    assert!(SocketAddress::parse_at(&SA_X86_BYTES, Arch::X86, 0x2000_0000).is_err());
}

#[test]
fn socket_address_list_deconstruct() {
    for arch in Arch::ALL {
        let bytes = list_bytes(arch);
        let v = SocketAddressListView::new_checked(&bytes[..], arch).unwrap();
        assert_eq!(v.i_address_count(), 2);
        let (e0, e1) = (v.entry(0).unwrap(), v.entry(1).unwrap());
        let array_end = address_list::header_len(arch) + 2 * address_list::entry_len(arch);
        assert_eq!(e0.lp_sockaddr(), array_end as u64);
        assert_eq!(e0.i_sockaddr_length(), 16);
        assert_eq!(e1.lp_sockaddr(), array_end as u64 + 16);
        assert_eq!(e1.i_sockaddr_length(), 28);
        assert!(v.entry(8).is_none(), "beyond the buffer");
    }
}

#[test]
fn socket_address_list_construct() {
    for arch in Arch::ALL {
        let expected = list_bytes(arch);
        let mut buf = vec![0xa5u8; expected.len()];
        let end = address_list::header_len(arch) + 2 * address_list::entry_len(arch);
        let mut v = SocketAddressListView::new_checked(&mut buf[..], arch).unwrap();
        v.set_i_address_count(2);
        v.clear_header_padding();
        for (i, (at, len)) in [(end, 16), (end + 16, 28)].into_iter().enumerate() {
            let mut e = v.entry_mut(i).unwrap();
            e.set_lp_sockaddr(at as u64);
            e.set_i_sockaddr_length(len);
            e.clear_padding();
        }
        buf[end..end + 16].copy_from_slice(&LIST_V4);
        buf[end + 16..].copy_from_slice(&LIST_V6);
        assert_eq!(buf, expected, "{arch:?}");
    }
}

#[test]
fn socket_address_list_parse_and_emit() {
    for arch in Arch::ALL {
        let list = SocketAddressList::from_addrs(&list_addrs(), arch);
        let bytes = list_bytes(arch);
        assert_eq!(list.required_len(arch), bytes.len());
        assert_eq!(SocketAddressList::parse(&bytes, arch), Ok(list.clone()));
        check_emit(&list, arch, &bytes);
        assert_eq!(list.addrs().cloned().collect::<Vec<_>>(), list_addrs());
    }
    // Relocation: the same list at base 0x0040_0000 holds absolute pointers.
    let base = 0x0040_0000u64;
    let list = SocketAddressList::from_addrs(&list_addrs(), Arch::X86);
    let mut buf = vec![0u8; 64];
    assert_eq!(list.emit_at(&mut buf, Arch::X86, base), Ok(64));
    assert_eq!(&buf[4..8], &0x0040_0014u32.to_le_bytes());
    assert_eq!(SocketAddressList::parse_at(&buf, Arch::X86, base), Ok(list));
    // Parsed at base 0, those pointers lie outside the 64-byte buffer.
    assert!(matches!(
        SocketAddressList::parse(&buf, Arch::X86),
        Err(WireError::Invalid {
            field: "lpSockaddr",
            ..
        })
    ));
}

#[test]
fn socket_address_list_rejects_bad_input() {
    let arch = Arch::X86;
    let good = list_x86_bytes();

    let mut b = good.clone();
    b[0..4].copy_from_slice(&(-1i32).to_le_bytes());
    assert!(matches!(
        SocketAddressList::parse(&b, arch),
        Err(WireError::Invalid {
            field: "iAddressCount",
            ..
        })
    ));

    let mut b = good.clone();
    b[0..4].copy_from_slice(&i32::MAX.to_le_bytes());
    assert!(matches!(
        SocketAddressList::parse(&b, arch),
        Err(WireError::TooShort { actual: 64, .. })
    ));

    let mut b = good.clone();
    b[12..16].copy_from_slice(&60u32.to_le_bytes()); // Address[1] runs past the end
    assert!(matches!(
        SocketAddressList::parse(&b, arch),
        Err(WireError::Invalid {
            field: "lpSockaddr",
            ..
        })
    ));

    let mut b = good.clone();
    b[16..20].copy_from_slice(&(-28i32).to_le_bytes()); // negative length
    assert!(matches!(
        SocketAddressList::parse(&b, arch),
        Err(WireError::Invalid {
            field: "iSockaddrLength",
            ..
        })
    ));

    let mut b = good.clone();
    b[16..20].copy_from_slice(&24u32.to_le_bytes()); // SOCKADDR_IN6 cut to 24 bytes
    assert!(matches!(
        SocketAddressList::parse(&b, arch),
        Err(WireError::Invalid {
            field: "iSockaddrLength",
            ..
        })
    ));

    let mut b = good.clone();
    b[12..16].copy_from_slice(&28u32.to_le_bytes()); // Address[1] overlaps Address[0]'s bytes
    assert!(SocketAddressList::parse(&b, arch).is_err());

    assert_eq!(
        SocketAddressList::parse(&good[..3], arch),
        Err(WireError::TooShort {
            required: 4,
            actual: 3
        })
    );
    assert_eq!(
        SocketAddressList::parse(&good[..19], arch),
        Err(WireError::TooShort {
            required: 20,
            actual: 19
        })
    );
}

#[test]
fn socket_address_list_snapshot() {
    let mut out = String::new();
    for arch in Arch::ALL {
        let list = SocketAddressList::from_addrs(&list_addrs(), arch);
        let bytes = list.to_bytes(arch);
        let decoded = SocketAddressList::parse(&bytes, arch).unwrap();
        out += &format!(
            "== SOCKET_ADDRESS_LIST, {} ({} bytes; header {}, SOCKET_ADDRESS {}) ==\n",
            arch.name(),
            bytes.len(),
            address_list::header_len(arch),
            address_list::entry_len(arch)
        );
        out += &format!("iAddressCount = {}\n", decoded.entries.len());
        for (i, e) in decoded.entries.iter().enumerate() {
            out += &format!(
                "Address[{i}] at offset {:>2}: lpSockaddr = +{}, iSockaddrLength = {} -> {}\n",
                address_list::field::address(arch, i),
                e.sockaddr_offset,
                e.length,
                e.addr
            );
        }
        out += &format!("{decoded:#?}\n");
        out += &hex_dump(&bytes);
        out += "\n";
    }
    crate::common::with_snapshots(|| insta::assert_snapshot!("socket_address_list_v4_v6", out));
}

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

// ---------------------------------------------------------------------------------------------
// INTERFACE_INFO / INTERFACE_INFO_EX
// ---------------------------------------------------------------------------------------------

#[test]
fn interface_info_deconstruct() {
    let b = ii_bytes();
    let v = InterfaceInfoView::new_checked(&b[..]).unwrap();
    assert_eq!(v.ii_flags(), InterfaceFlags(0x13));
    assert!(v.ii_flags().contains(InterfaceFlags::BROADCAST));
    assert_eq!(v.ii_address(), &gen_v4([10, 0, 0, 5]));
    assert_eq!(v.ii_broadcast_address(), &gen_v4([10, 0, 0, 255]));
    assert_eq!(v.ii_netmask(), &gen_v4([255, 255, 255, 0]));
    assert_eq!(
        format!("{:?}", v.ii_flags()),
        "IFF_UP | IFF_BROADCAST | IFF_MULTICAST"
    );
}

#[test]
fn interface_info_construct() {
    let mut b = vec![0xa5u8; 76];
    let mut v = InterfaceInfoView::new_checked(&mut b[..]).unwrap();
    assert_ne!(v.ii_flags(), InterfaceFlags(0x13));
    v.set_ii_flags(InterfaceFlags::UP | InterfaceFlags::BROADCAST | InterfaceFlags::MULTICAST);
    v.ii_address_mut().copy_from_slice(&gen_v4([10, 0, 0, 5]));
    v.ii_broadcast_address_mut()
        .copy_from_slice(&gen_v4([10, 0, 0, 255]));
    v.ii_netmask_mut()
        .copy_from_slice(&gen_v4([255, 255, 255, 0]));
    assert_eq!(b, ii_bytes());
}

#[test]
fn interface_info_parse_and_emit() {
    for arch in Arch::ALL {
        assert_eq!(InterfaceInfo::parse(&ii_bytes(), arch), Ok(ii_repr()));
        check_emit(&ii_repr(), arch, &ii_bytes());

        let two = InterfaceList(vec![ii_repr(), ii_repr()]);
        let mut bytes = ii_bytes();
        bytes.extend_from_slice(&ii_bytes());
        assert_eq!(InterfaceList::parse(&bytes, arch), Ok(two.clone()));
        check_emit(&two, arch, &bytes);
        // Count comes from the length: a trailing partial element is ignored.
        bytes.extend_from_slice(&[0xee; 40]);
        assert_eq!(InterfaceList::parse(&bytes, arch), Ok(two));
        assert_eq!(InterfaceList::parse(&[], arch), Ok(InterfaceList(vec![])));
    }
}

#[test]
fn interface_info_ex_deconstruct() {
    let v = InterfaceInfoExView::new_checked(&IIX_X86_BYTES[..], Arch::X86).unwrap();
    assert_eq!(v.ii_flags(), InterfaceFlags(3));
    assert_eq!(v.ii_address().lp_sockaddr(), 0x100);
    assert_eq!(v.ii_broadcast_address().lp_sockaddr(), 0x110);
    assert_eq!(v.ii_netmask().lp_sockaddr(), 0x120);
    assert_eq!(v.ii_netmask().i_sockaddr_length(), 16);
    let b = iix_x64_bytes();
    let v = InterfaceInfoExView::new_checked(&b[..], Arch::X64).unwrap();
    assert_eq!(v.ii_broadcast_address().lp_sockaddr(), 0x110);
}

#[test]
fn interface_info_ex_construct() {
    let mut b = vec![0xa5u8; 56];
    let mut v = InterfaceInfoExView::new_checked(&mut b[..], Arch::X64).unwrap();
    v.set_ii_flags(InterfaceFlags(3));
    v.clear_padding();
    for (i, p) in [0x100u64, 0x110, 0x120].into_iter().enumerate() {
        let r = 8 + 16 * i;
        let mut sa = SocketAddressView::new_checked(&mut b[r..r + 16], Arch::X64).unwrap();
        sa.set_lp_sockaddr(p);
        sa.set_i_sockaddr_length(16);
        sa.clear_padding();
    }
    assert_eq!(b, iix_x64_bytes());
}

#[test]
fn interface_info_ex_parse_and_emit() {
    assert_eq!(
        InterfaceInfoEx::parse(&IIX_X86_BYTES, Arch::X86),
        Ok(iix_repr())
    );
    assert_eq!(
        InterfaceInfoEx::parse(&iix_x64_bytes(), Arch::X64),
        Ok(iix_repr())
    );
    check_emit(&iix_repr(), Arch::X86, &IIX_X86_BYTES);
    check_emit(&iix_repr(), Arch::X64, &iix_x64_bytes());
    let at = InterfaceInfoEx::parse_at(&IIX_X86_BYTES, Arch::X86, 0x100).unwrap();
    assert_eq!(at.netmask.sockaddr_offset, 0x20);
}

// ---------------------------------------------------------------------------------------------
// GUID
// ---------------------------------------------------------------------------------------------

#[test]
fn guid_deconstruct() {
    let v = GuidView::new_checked(&ACCEPTEX_BYTES[..]).unwrap();
    assert_eq!(v.data1(), 0xb536_7df1);
    assert_eq!(v.data2(), 0xcbac);
    assert_eq!(v.data3(), 0x11cf);
    assert_eq!(v.data4(), [0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92]);
}

#[test]
fn guid_construct() {
    let mut b = [0xa5u8; 16];
    let mut v = GuidView::new_checked(&mut b[..]).unwrap();
    assert_ne!(v.data1(), 0xb536_7df1);
    v.set_data1(0xb536_7df1);
    v.set_data2(0xcbac);
    v.set_data3(0x11cf);
    v.set_data4([0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92]);
    assert_eq!(b, ACCEPTEX_BYTES);
}

#[test]
fn guid_parse_and_emit() {
    for arch in Arch::ALL {
        assert_eq!(Guid::parse(&ACCEPTEX_BYTES, arch), Ok(guid::WSAID_ACCEPTEX));
        check_emit(&guid::WSAID_ACCEPTEX, arch, &ACCEPTEX_BYTES);
    }
    assert_eq!(guid::WSAID_ACCEPTEX.to_le_bytes(), ACCEPTEX_BYTES);
}

#[test]
fn guid_text_form() {
    // The forms spec/004 prints, case-insensitive, braces optional.
    let table = [
        (
            "WSPRegisterMemory",
            "{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D}",
        ),
        (
            "WSPDeregisterMemory",
            "{C0B422F6-F58C-11d1-AD6C-00C04FA34A2D}",
        ),
        (
            "WSPRegisterRdmaMemory",
            "{C0B422F7-F58C-11d1-AD6C-00C04FA34A2D}",
        ),
        (
            "WSPDeregisterRdmaMemory",
            "{C0B422F8-F58C-11d1-AD6C-00C04FA34A2D}",
        ),
        ("WSPRdmaWrite", "{C0B422F9-F58C-11d1-AD6C-00C04FA34A2D}"),
        ("WSPRdmaRead", "{C0B422FA-F58C-11d1-AD6C-00C04FA34A2D}"),
        (
            "WSPMemoryRegistrationCacheCallback",
            "{E5DA4AF8-D824-48CD-A799-6337A98ED2AF}",
        ),
    ];
    for (name, text) in table {
        let g: Guid = text.parse().unwrap();
        assert_eq!(guid::by_name(name), Some(g), "{name}");
        assert_eq!(guid::name_of(&g), Some(name));
        assert_eq!(guid::kind_of(&g), Some(ExtensionKind::San));
        assert_eq!(g.to_string(), text.to_ascii_uppercase());
        assert_eq!(text.trim_matches(['{', '}']).to_lowercase().parse(), Ok(g));
    }
    assert_eq!(guid::EXTENSION_GUIDS.len(), 17);
    assert_eq!(guid::by_name("wsaid_acceptex"), Some(guid::WSAID_ACCEPTEX));
    assert_eq!(guid::name_of(&Guid::NIL), None);
    assert_eq!(
        format!("{:?}", guid::WSAID_CONNECTEX),
        "{25A207B9-DDF3-4660-8EE9-76E58C74063E} (WSAID_CONNECTEX)"
    );
}

// ---------------------------------------------------------------------------------------------
// WSAOVERLAPPED
// ---------------------------------------------------------------------------------------------

#[test]
fn overlapped_deconstruct() {
    let v = WsaOverlappedView::new_checked(&OV_X86_BYTES[..], Arch::X86).unwrap();
    assert_eq!(
        (
            v.internal(),
            v.internal_high(),
            v.offset(),
            v.offset_high(),
            v.h_event()
        ),
        (0x103, 16, 0x1122_3344, 0x5566_7788, 0x1235)
    );
    assert_eq!(v.pointer(), 0x1122_3344, "x86 Pointer overlaps Offset only");
    let b = ov_x64_bytes();
    let v = WsaOverlappedView::new_checked(&b[..], Arch::X64).unwrap();
    assert_eq!(v.internal(), 0xc000_0000_0000_0120);
    assert_eq!(
        v.pointer(),
        0x5566_7788_1122_3344,
        "x64 Pointer spans Offset and OffsetHigh"
    );
    assert_eq!(v.h_event(), 0x7ff0_0000_1235);
}

#[test]
fn overlapped_construct() {
    let mut b = [0xa5u8; 20];
    let mut v = WsaOverlappedView::new_checked(&mut b[..], Arch::X86).unwrap();
    assert_ne!(v.h_event(), 0x1235);
    v.set_internal(0x103);
    v.set_internal_high(16);
    v.set_pointer(0x1122_3344);
    v.set_offset_high(0x5566_7788);
    v.set_h_event(0x1235);
    assert_eq!(b, OV_X86_BYTES);

    let mut b = vec![0xa5u8; 32];
    let mut v = WsaOverlappedView::new_checked(&mut b[..], Arch::X64).unwrap();
    v.set_internal(0xc000_0000_0000_0120);
    v.set_internal_high(0x1_0000_0010);
    v.set_offset(0x1122_3344);
    v.set_offset_high(0x5566_7788);
    v.set_h_event(0x7ff0_0000_1235);
    assert_eq!(b, ov_x64_bytes());
}

#[test]
fn overlapped_parse_and_emit() {
    assert_eq!(WsaOverlapped::parse(&OV_X86_BYTES, Arch::X86), Ok(OV_X86));
    assert_eq!(WsaOverlapped::parse(&ov_x64_bytes(), Arch::X64), Ok(OV_X64));
    check_emit(&OV_X86, Arch::X86, &OV_X86_BYTES);
    check_emit(&OV_X64, Arch::X64, &ov_x64_bytes());
    assert!(matches!(
        OV_X64.emit(&mut [0u8; 20], Arch::X86),
        Err(WireError::Invalid {
            field: "Internal",
            ..
        })
    ));
}

#[test]
fn overlapped_h_event_low_bit_rule() {
    // spec/004: the low bit asks for no completion-port notification; NULL remainder: none at all.
    assert!(OV_X86.skips_completion_port());
    assert_eq!(OV_X86.event_handle(), 0x1234);
    assert!(overlapped::skips_completion_port(1));
    assert!(overlapped::requires_no_notification(1));
    assert!(!overlapped::requires_no_notification(0x1235));
    assert!(!overlapped::skips_completion_port(0x1234));
    assert_eq!(overlapped::event_handle(0x1234), 0x1234);
}

// ---------------------------------------------------------------------------------------------
// Sizes: windows-sys parity for x64, SDK-pinned x86
// ---------------------------------------------------------------------------------------------

#[test]
fn x86_sizes_pinned_from_the_sdk() {
    let a = Arch::X86;
    assert_eq!(address_list::entry_len(a), 8, "SOCKET_ADDRESS");
    assert_eq!(address_list::header_len(a), 4, "SOCKET_ADDRESS_LIST header");
    assert_eq!(
        address_list::field::sdk_sizeof(a),
        12,
        "sizeof(SOCKET_ADDRESS_LIST)"
    );
    assert_eq!(overlapped::field::len(a), 20, "WSAOVERLAPPED");
    assert_eq!(
        interface_info::field::interface_info::LEN,
        76,
        "INTERFACE_INFO"
    );
    assert_eq!(
        interface_info::field::interface_info_ex::len(a),
        28,
        "INTERFACE_INFO_EX"
    );
    assert_eq!(overlapped::field::h_event(a), 16..20);
    assert_eq!(
        interface_info::field::interface_info_ex::ii_address(a),
        4..12
    );
}

#[cfg(target_pointer_width = "64")]
mod windows_sys_parity {
    use super::*;
    use core::mem::{offset_of, size_of};
    use windows_sys::Win32::Networking::WinSock as ws;
    use windows_sys::Win32::System::IO::OVERLAPPED;

    const X64: Arch = Arch::X64;

    #[test]
    fn sockaddr_layouts() {
        use wsaioctl::wire::sockaddr::field::{
            sockaddr as sa, sockaddr_gen, sockaddr_in, sockaddr_in6, sockaddr_in6_old,
            sockaddr_storage,
        };
        assert_eq!(size_of::<ws::SOCKADDR>(), sa::LEN);
        assert_eq!(offset_of!(ws::SOCKADDR, sa_family), sa::SA_FAMILY.start);
        assert_eq!(offset_of!(ws::SOCKADDR, sa_data), sa::SA_DATA.start);

        assert_eq!(size_of::<ws::SOCKADDR_IN>(), sockaddr_in::LEN);
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN, sin_family),
            sockaddr_in::SIN_FAMILY.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN, sin_port),
            sockaddr_in::SIN_PORT.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN, sin_addr),
            sockaddr_in::SIN_ADDR.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN, sin_zero),
            sockaddr_in::SIN_ZERO.start
        );

        assert_eq!(size_of::<ws::SOCKADDR_IN6>(), sockaddr_in6::LEN);
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN6, sin6_family),
            sockaddr_in6::SIN6_FAMILY.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN6, sin6_port),
            sockaddr_in6::SIN6_PORT.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN6, sin6_flowinfo),
            sockaddr_in6::SIN6_FLOWINFO.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN6, sin6_addr),
            sockaddr_in6::SIN6_ADDR.start
        );
        assert_eq!(
            offset_of!(ws::SOCKADDR_IN6, Anonymous.sin6_scope_id),
            sockaddr_in6::SIN6_SCOPE_ID.start
        );
        assert_eq!(size_of::<ws::SOCKADDR_IN6_W2KSP1>(), sockaddr_in6::LEN);

        assert_eq!(size_of::<ws::sockaddr_in6_old>(), sockaddr_in6_old::LEN);
        assert_eq!(
            offset_of!(ws::sockaddr_in6_old, sin6_flowinfo),
            sockaddr_in6_old::SIN6_FLOWINFO.start
        );
        assert_eq!(
            offset_of!(ws::sockaddr_in6_old, sin6_addr),
            sockaddr_in6_old::SIN6_ADDR.start
        );
        assert_eq!(size_of::<ws::sockaddr_gen>(), sockaddr_gen::LEN);
        assert_eq!(size_of::<ws::SOCKADDR_STORAGE>(), sockaddr_storage::LEN);
        assert_eq!(
            size_of::<ws::SOCKADDR_STORAGE>(),
            sockaddr::SOCKADDR_STORAGE_LEN
        );
    }

    #[test]
    fn socket_address_layouts() {
        use address_list::field::{self, socket_address};
        assert_eq!(
            size_of::<ws::SOCKET_ADDRESS>(),
            address_list::entry_len(X64)
        );
        assert_eq!(size_of::<ws::SOCKET_ADDRESS>(), socket_address::len(X64));
        assert_eq!(
            offset_of!(ws::SOCKET_ADDRESS, lpSockaddr),
            socket_address::lp_sockaddr(X64).start
        );
        assert_eq!(
            offset_of!(ws::SOCKET_ADDRESS, iSockaddrLength),
            socket_address::i_sockaddr_length(X64).start
        );
        assert_eq!(
            offset_of!(ws::SOCKET_ADDRESS_LIST, iAddressCount),
            field::I_ADDRESS_COUNT.start
        );
        assert_eq!(
            offset_of!(ws::SOCKET_ADDRESS_LIST, Address),
            address_list::header_len(X64)
        );
        assert_eq!(size_of::<ws::SOCKET_ADDRESS_LIST>(), field::sdk_sizeof(X64));
    }

    #[test]
    fn interface_info_layouts() {
        use interface_info::field::{interface_info as ii, interface_info_ex as iix};
        assert_eq!(size_of::<ws::INTERFACE_INFO>(), ii::LEN);
        assert_eq!(offset_of!(ws::INTERFACE_INFO, iiFlags), ii::II_FLAGS.start);
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO, iiAddress),
            ii::II_ADDRESS.start
        );
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO, iiBroadcastAddress),
            ii::II_BROADCAST_ADDRESS.start
        );
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO, iiNetmask),
            ii::II_NETMASK.start
        );

        assert_eq!(size_of::<ws::INTERFACE_INFO_EX>(), iix::len(X64));
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO_EX, iiFlags),
            iix::II_FLAGS.start
        );
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO_EX, iiAddress),
            iix::ii_address(X64).start
        );
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO_EX, iiBroadcastAddress),
            iix::ii_broadcast_address(X64).start
        );
        assert_eq!(
            offset_of!(ws::INTERFACE_INFO_EX, iiNetmask),
            iix::ii_netmask(X64).start
        );
    }

    #[test]
    fn guid_and_overlapped_layouts() {
        use windows_sys::core::GUID;
        assert_eq!(size_of::<GUID>(), guid::field::LEN);
        assert_eq!(offset_of!(GUID, data1), guid::field::DATA1.start);
        assert_eq!(offset_of!(GUID, data2), guid::field::DATA2.start);
        assert_eq!(offset_of!(GUID, data3), guid::field::DATA3.start);
        assert_eq!(offset_of!(GUID, data4), guid::field::DATA4.start);

        use overlapped::field as of;
        assert_eq!(size_of::<OVERLAPPED>(), of::len(X64));
        assert_eq!(offset_of!(OVERLAPPED, Internal), of::internal(X64).start);
        assert_eq!(
            offset_of!(OVERLAPPED, InternalHigh),
            of::internal_high(X64).start
        );
        assert_eq!(
            offset_of!(OVERLAPPED, Anonymous.Anonymous.Offset),
            of::offset(X64).start
        );
        assert_eq!(
            offset_of!(OVERLAPPED, Anonymous.Anonymous.OffsetHigh),
            of::offset_high(X64).start
        );
        assert_eq!(
            offset_of!(OVERLAPPED, Anonymous.Pointer),
            of::pointer(X64).start
        );
        assert_eq!(offset_of!(OVERLAPPED, hEvent), of::h_event(X64).start);
    }

    #[test]
    fn constants() {
        assert_eq!(ws::AF_UNSPEC, sockaddr::AF_UNSPEC);
        assert_eq!(ws::AF_UNIX, sockaddr::AF_UNIX);
        assert_eq!(ws::AF_INET, sockaddr::AF_INET);
        assert_eq!(ws::AF_INET6, sockaddr::AF_INET6);
        assert_eq!(ws::IFF_UP, interface_info::IFF_UP);
        assert_eq!(ws::IFF_BROADCAST, interface_info::IFF_BROADCAST);
        assert_eq!(ws::IFF_LOOPBACK, interface_info::IFF_LOOPBACK);
        assert_eq!(ws::IFF_POINTTOPOINT, interface_info::IFF_POINTTOPOINT);
        assert_eq!(ws::IFF_MULTICAST, interface_info::IFF_MULTICAST);
    }

    #[test]
    fn extension_guids_match_windows_sys() {
        let same = |ours: Guid, theirs: windows_sys::core::GUID| {
            (ours.data1, ours.data2, ours.data3, ours.data4)
                == (theirs.data1, theirs.data2, theirs.data3, theirs.data4)
        };
        let pairs = [
            ("WSAID_ACCEPTEX", ws::WSAID_ACCEPTEX),
            ("WSAID_CONNECTEX", ws::WSAID_CONNECTEX),
            ("WSAID_DISCONNECTEX", ws::WSAID_DISCONNECTEX),
            ("WSAID_GETACCEPTEXSOCKADDRS", ws::WSAID_GETACCEPTEXSOCKADDRS),
            ("WSAID_TRANSMITFILE", ws::WSAID_TRANSMITFILE),
            ("WSAID_TRANSMITPACKETS", ws::WSAID_TRANSMITPACKETS),
            ("WSAID_WSARECVMSG", ws::WSAID_WSARECVMSG),
            ("WSAID_WSASENDMSG", ws::WSAID_WSASENDMSG),
            ("WSAID_WSAPOLL", ws::WSAID_WSAPOLL),
            ("WSAID_MULTIPLE_RIO", ws::WSAID_MULTIPLE_RIO),
        ];
        for (name, theirs) in pairs {
            let ours = guid::by_name(name).unwrap_or_else(|| panic!("{name} missing"));
            assert!(same(ours, theirs), "{name}");
            assert_eq!(guid::kind_of(&ours), Some(ExtensionKind::MsWsock));
        }
        let ms = guid::EXTENSION_GUIDS
            .iter()
            .filter(|(_, _, k)| *k == ExtensionKind::MsWsock)
            .count();
        assert_eq!(ms, pairs.len(), "every mswsock GUID is checked");
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn arb_v4() -> impl Strategy<Value = SocketAddrV4> {
    (any::<u32>(), any::<u16>()).prop_map(|(ip, port)| SocketAddrV4::new(ip.into(), port))
}

fn arb_v6(scope: bool) -> impl Strategy<Value = SocketAddrV6> {
    (any::<u128>(), any::<u16>(), any::<u32>(), any::<u32>()).prop_map(
        move |(ip, port, flow, sc)| {
            SocketAddrV6::new(ip.into(), port, flow, if scope { sc } else { 0 })
        },
    )
}

fn arb_other_family() -> impl Strategy<Value = u16> {
    any::<u16>().prop_filter("not AF_INET/AF_INET6", |f| {
        *f != sockaddr::AF_INET && *f != sockaddr::AF_INET6
    })
}

/// A `SockAddr` as a `SOCKADDR`-shaped buffer holds it (Other: 14 data bytes).
fn arb_sockaddr() -> impl Strategy<Value = SockAddr> {
    prop_oneof![
        arb_v4().prop_map(SockAddr::V4),
        arb_v6(true).prop_map(SockAddr::V6),
        (arb_other_family(), prop::collection::vec(any::<u8>(), 14))
            .prop_map(|(family, data)| SockAddr::Other { family, data }),
    ]
}

/// A `SockAddr` as `sockaddr_gen` holds it (no scope id; Other: 22 data bytes).
fn arb_gen() -> impl Strategy<Value = SockAddr> {
    prop_oneof![
        arb_v4().prop_map(SockAddr::V4),
        arb_v6(false).prop_map(SockAddr::V6),
        (arb_other_family(), prop::collection::vec(any::<u8>(), 22))
            .prop_map(|(family, data)| SockAddr::Other { family, data }),
    ]
}

fn arb_arch() -> impl Strategy<Value = Arch> {
    prop_oneof![Just(Arch::X86), Just(Arch::X64)]
}

/// An arch and a value drawn for it.
fn with_arch<S: Strategy>(f: fn(Arch) -> S) -> impl Strategy<Value = (Arch, S::Value)> {
    arb_arch().prop_flat_map(move |a| (Just(a), f(a)))
}

fn arb_socket_address(arch: Arch) -> impl Strategy<Value = SocketAddress> {
    let max = match arch {
        Arch::X86 => u64::from(u32::MAX),
        Arch::X64 => u64::MAX,
    };
    (0..=max, any::<i32>()).prop_map(|(sockaddr_offset, length)| SocketAddress {
        sockaddr_offset,
        length,
    })
}

/// A list laid out with random gaps before and slack after each address (still a valid layout).
fn arb_list(arch: Arch) -> impl Strategy<Value = SocketAddressList> {
    prop::collection::vec((arb_sockaddr(), 0u64..8, 0i32..8), 0..6).prop_map(move |items| {
        let mut at = address_list::field::address(arch, items.len()) as u64;
        let entries = items
            .into_iter()
            .map(|(addr, gap, slack)| {
                at += gap;
                let length = addr.buffer_len(arch) as i32 + slack;
                let e = SocketAddressEntry {
                    sockaddr_offset: at,
                    length,
                    addr,
                };
                at += length as u64;
                e
            })
            .collect();
        SocketAddressList { entries }
    })
}

fn arb_interface_info() -> impl Strategy<Value = InterfaceInfo> {
    (any::<u32>(), arb_gen(), arb_gen(), arb_gen()).prop_map(|(f, address, broadcast, netmask)| {
        InterfaceInfo {
            flags: InterfaceFlags(f),
            address,
            broadcast,
            netmask,
        }
    })
}

fn arb_interface_info_ex(arch: Arch) -> impl Strategy<Value = InterfaceInfoEx> {
    (
        any::<u32>(),
        arb_socket_address(arch),
        arb_socket_address(arch),
        arb_socket_address(arch),
    )
        .prop_map(|(f, address, broadcast, netmask)| InterfaceInfoEx {
            flags: InterfaceFlags(f),
            address,
            broadcast,
            netmask,
        })
}

fn arb_guid() -> impl Strategy<Value = Guid> {
    any::<u128>().prop_map(Guid::from_u128)
}

fn arb_overlapped(arch: Arch) -> impl Strategy<Value = WsaOverlapped> {
    let max = match arch {
        Arch::X86 => u64::from(u32::MAX),
        Arch::X64 => u64::MAX,
    };
    (0..=max, 0..=max, any::<u32>(), any::<u32>(), 0..=max).prop_map(
        |(internal, internal_high, offset, offset_high, h_event)| WsaOverlapped {
            internal,
            internal_high,
            offset,
            offset_high,
            h_event,
        },
    )
}

/// `parse(emit(x)) == x`, `emit` writes exactly `buffer_len` bytes, and a buffer one byte short is
/// `TooShort` with nothing written.
fn round_trip<R: Repr + PartialEq + core::fmt::Debug>(
    x: &R,
    arch: Arch,
) -> Result<(), TestCaseError> {
    let len = x.buffer_len(arch);
    let mut buf = vec![0xa5u8; len + 3];
    prop_assert_eq!(x.emit(&mut buf, arch), Ok(len));
    prop_assert!(buf[len..].iter().all(|&b| b == 0xa5));
    prop_assert_eq!(&R::parse(&buf[..len], arch).map_err(tc)?, x);
    if len > 0 {
        let mut short = vec![0x5au8; len - 1];
        prop_assert_eq!(
            x.emit(&mut short, arch),
            Err(WireError::TooShort {
                required: len,
                actual: len - 1
            })
        );
        prop_assert!(short.iter().all(|&b| b == 0x5a));
    }
    Ok(())
}

fn tc(e: WireError) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

proptest! {
    #[test]
    fn sockaddr_round_trips(a in arb_sockaddr(), arch in arb_arch()) {
        round_trip(&a, arch)?;
        match &a {
            SockAddr::V4(v) => round_trip(v, arch)?,
            SockAddr::V6(v) => round_trip(v, arch)?,
            SockAddr::Other { .. } => {}
        }
    }

    #[test]
    fn sockaddr_gen_round_trips(a in arb_gen(), arch in arb_arch()) {
        round_trip(&SockaddrGen(a), arch)?;
    }

    #[test]
    fn socket_address_round_trips((arch, sa) in with_arch(arb_socket_address)) {
        round_trip(&sa, arch)?;
    }

    #[test]
    fn socket_address_list_round_trips((arch, list) in with_arch(arb_list)) {
        round_trip(&list, arch)?;
    }

    #[test]
    fn from_addrs_round_trips(
        addrs in prop::collection::vec(arb_sockaddr(), 0..8),
        arch in arb_arch(),
    ) {
        let list = SocketAddressList::from_addrs(&addrs, arch);
        let total: usize = addrs.iter().map(|a| a.buffer_len(arch)).sum();
        prop_assert_eq!(
            list.required_len(arch),
            address_list::field::address(arch, addrs.len()) + total,
            "packed: header + array + the sockaddrs back to back"
        );
        round_trip(&list, arch)?;
    }

    #[test]
    fn socket_address_list_relocates(
        (arch, list, base) in arb_arch().prop_flat_map(|a| {
            let max_base = match a {
                Arch::X86 => u64::from(u32::MAX) - 4096,
                Arch::X64 => u64::MAX - 4096,
            };
            (Just(a), arb_list(a), 0..=max_base)
        })
    ) {
        let len = list.required_len(arch);
        let mut buf = vec![0xa5u8; len];
        prop_assert_eq!(list.emit_at(&mut buf, arch, base), Ok(len));
        let back = SocketAddressList::parse_at(&buf, arch, base).map_err(tc)?;
        prop_assert_eq!(&back, &list);

        // Every pointer lands inside the buffer, after the array.
        let view = SocketAddressListView::new_checked(&buf[..], arch).map_err(tc)?;
        let n = usize::try_from(view.i_address_count()).unwrap();
        prop_assert_eq!(n, list.entries.len());
        let array_end = address_list::field::address(arch, n) as u64;
        for i in 0..n {
            let e = view.entry(i).unwrap();
            let off = e.lp_sockaddr().checked_sub(base).unwrap();
            prop_assert!(off >= array_end);
            prop_assert!(off + e.i_sockaddr_length() as u64 <= len as u64);
        }
        // At another base the same bytes do not decode to the same list.
        if !list.entries.is_empty() {
            let other = SocketAddressList::parse_at(&buf, arch, base.wrapping_add(len as u64));
            prop_assert!(other.is_err());
        }
    }

    #[test]
    fn interface_info_round_trips(info in arb_interface_info(), arch in arb_arch()) {
        round_trip(&info, arch)?;
    }

    #[test]
    fn interface_list_round_trips(
        list in prop::collection::vec(arb_interface_info(), 0..4),
        arch in arb_arch(),
    ) {
        round_trip(&InterfaceList(list), arch)?;
    }

    #[test]
    fn interface_info_ex_round_trips((arch, x) in with_arch(arb_interface_info_ex)) {
        round_trip(&x, arch)?;
    }

    #[test]
    fn guid_round_trips(g in arb_guid(), arch in arb_arch()) {
        round_trip(&g, arch)?;
        prop_assert_eq!(g.to_string().parse::<Guid>(), Ok(g));
        let bare = g.to_string().to_lowercase();
        prop_assert_eq!(bare.trim_matches(['{', '}']).parse::<Guid>(), Ok(g));
        prop_assert_eq!(Guid::from_u128(g.to_u128()), g);
    }

    #[test]
    fn overlapped_round_trips((arch, o) in with_arch(arb_overlapped)) {
        round_trip(&o, arch)?;
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        arch in arb_arch(),
        base in any::<u64>(),
    ) {
        let _ = SockAddr::parse(&bytes, arch);
        let _ = SockAddr::parse_lenient(&bytes);
        let _ = SocketAddrV4::parse(&bytes, arch);
        let _ = SocketAddrV6::parse(&bytes, arch);
        let _ = SockaddrGen::parse(&bytes, arch);
        let _ = SocketAddress::parse(&bytes, arch);
        let _ = SocketAddressList::parse(&bytes, arch);
        let _ = SocketAddressList::parse_at(&bytes, arch, base);
        let _ = InterfaceInfo::parse(&bytes, arch);
        let _ = InterfaceList::parse(&bytes, arch);
        let _ = InterfaceInfoEx::parse(&bytes, arch);
        let _ = InterfaceInfoEx::parse_at(&bytes, arch, base);
        let _ = Guid::parse(&bytes, arch);
        let _ = WsaOverlapped::parse(&bytes, arch);
        let _ = String::from_utf8_lossy(&bytes).parse::<Guid>();
        let sa = SocketAddress {
            sockaddr_offset: base % 512,
            length: i32::from(bytes.first().copied().unwrap_or(0)),
        };
        let _ = sa.resolve(&bytes);
    }

    #[test]
    fn parsed_lists_re_emit_identically(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        arch in arb_arch(),
    ) {
        // Whatever parses must emit and parse back to itself.
        if let Ok(list) = SocketAddressList::parse(&bytes, arch) {
            round_trip(&list, arch)?;
        }
    }
}
