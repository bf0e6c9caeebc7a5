//! `SOCKADDR`, `SOCKADDR_IN`, `SOCKADDR_IN6`, `sockaddr_in6_old` and `sockaddr_gen` (ws2def.h,
//! ws2ipdef.h) — the socket addresses every address-carrying control code reads or writes.
//!
//! ```c
//! typedef struct sockaddr {            // 16 bytes
//!     ADDRESS_FAMILY sa_family;        // USHORT, host order
//!     CHAR sa_data[14];
//! } SOCKADDR;
//! typedef struct sockaddr_in {         // 16 bytes
//!     ADDRESS_FAMILY sin_family;       // AF_INET = 2
//!     USHORT sin_port;                 // network order
//!     IN_ADDR sin_addr;                // network order (bytes as written)
//!     CHAR sin_zero[8];
//! } SOCKADDR_IN;
//! typedef struct sockaddr_in6 {        // 28 bytes
//!     ADDRESS_FAMILY sin6_family;      // AF_INET6 = 23 on Windows (10 on Linux)
//!     USHORT sin6_port;                // network order
//!     ULONG  sin6_flowinfo;            // copied as is, see below
//!     IN6_ADDR sin6_addr;
//!     union { ULONG sin6_scope_id; SCOPE_ID sin6_scope_struct; };   // host order
//! } SOCKADDR_IN6;
//! struct sockaddr_in6_old {            // 24 bytes: SOCKADDR_IN6 without the scope id
//!     SHORT sin6_family; USHORT sin6_port; ULONG sin6_flowinfo; IN6_ADDR sin6_addr;
//! };
//! typedef union sockaddr_gen {         // 24 bytes, the address fields of INTERFACE_INFO
//!     struct sockaddr Address;
//!     struct sockaddr_in AddressIn;
//!     struct sockaddr_in6_old AddressIn6;
//! } sockaddr_gen;
//! ```
//!
//! Used by SIO_ROUTING_INTERFACE_QUERY / SIO_ROUTING_INTERFACE_CHANGE (a `SOCKADDR` in and out),
//! SIO_ADDRESS_LIST_QUERY (the `SOCKET_ADDRESS_LIST` points at them) and SIO_GET_INTERFACE_LIST
//! (`sockaddr_gen` inside `INTERFACE_INFO`) — spec/000, spec/002, spec/003.
//!
//! ## `sin6_flowinfo` byte order (a documented choice)
//!
//! The header declares `sin6_flowinfo` a plain `ULONG` and nothing in Winsock converts it: Wine's
//! ws2_32 copies it byte for byte between the Windows and the Unix `sockaddr_in6`
//! (`uin6->sin6_flowinfo = win6->sin6_flowinfo` in `ws_sockaddr_ws2u`, dlls/ws2_32/socket.c), and
//! the Rust ecosystem (std, socket2, mio) stores `SocketAddrV6::flowinfo()` into the field without
//! a byte swap on Windows and on Linux alike. RFC 2553 §3.3 (and Linux's `__be32`) say the *bytes*
//! are in network order. This module therefore reads and writes the field like every other
//! `ULONG` — four little-endian bytes — and maps it 1:1 to [`SocketAddrV6::flowinfo`]: the same
//! four bytes a Rust program on Windows puts there. A flow label `L` sent on the wire corresponds
//! to `flowinfo == u32::from_be(L)` read on a little-endian host, exactly as on Linux.
//!
//! `sin6_scope_id` (or the `SCOPE_ID` struct: `Zone:28, Level:4`) is a host-order `ULONG`.
//!
//! ## Short AF_INET6 addresses (a documented choice)
//!
//! [`SockAddr::parse`] is strict: an `AF_INET6` address needs all 28 bytes of `SOCKADDR_IN6`, and a
//! shorter one is [`WireError::TooShort`]. Windows also accepts the 24-byte `sockaddr_in6_old` form
//! where a caller supplies a `(pointer, namelen)` pair — Wine's `ws_sockaddr_ws2u` accepts
//! `namelen >= sizeof(struct WS_sockaddr_in6_old)` and takes the scope id only when
//! `namelen >= sizeof(struct WS_sockaddr_in6)`. [`SockAddr::parse_lenient`] models that (the scope
//! id then reads as 0), and `sockaddr_gen` always holds the old form ([`SockaddrGen`]).

use core::fmt;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use super::{Arch, Repr, WireError, le};

/// `AF_UNSPEC` (ws2def.h): no family; the broadcast address of an interface without
/// `IFF_BROADCAST` is all zero.
pub const AF_UNSPEC: u16 = 0;
/// `AF_UNIX` (ws2def.h): 1 on Windows and Linux.
pub const AF_UNIX: u16 = 1;
/// `AF_INET` (ws2def.h): 2 on Windows and Linux.
pub const AF_INET: u16 = 2;
/// `AF_INET6` (ws2def.h): **23** on Windows (Linux uses 10, see [`LINUX_AF_INET6`]).
pub const AF_INET6: u16 = 23;
/// Linux's `AF_INET6` (10), for translating between the two stacks.
pub const LINUX_AF_INET6: u16 = 10;

/// `sizeof(SOCKADDR_STORAGE)` (ws2def.h): 128 on both widths.
pub const SOCKADDR_STORAGE_LEN: usize = 128;

/// Maps a Linux address family to the Windows value, for the families both systems define with
/// the same meaning (`AF_UNSPEC`, `AF_UNIX`, `AF_INET`, `AF_INET6`); `None` for the others, whose
/// numbers mean different things on the two systems (Linux 4 is `AF_IPX`, Windows 4 `AF_PUP`).
pub const fn from_linux_family(linux: u16) -> Option<u16> {
    match linux {
        0 => Some(AF_UNSPEC),
        1 => Some(AF_UNIX),
        2 => Some(AF_INET),
        LINUX_AF_INET6 => Some(AF_INET6),
        _ => None,
    }
}

/// Maps a Windows address family to the Linux value (the inverse of [`from_linux_family`]).
pub const fn to_linux_family(windows: u16) -> Option<u16> {
    match windows {
        AF_UNSPEC => Some(0),
        AF_UNIX => Some(1),
        AF_INET => Some(2),
        AF_INET6 => Some(LINUX_AF_INET6),
        _ => None,
    }
}

/// Field layouts (byte ranges). Identical on both widths: no pointer moves them.
pub mod field {
    /// `SOCKADDR`.
    pub mod sockaddr {
        use core::ops::Range;
        /// `sa_family`.
        pub const SA_FAMILY: Range<usize> = 0..2;
        /// `sa_data[14]`.
        pub const SA_DATA: Range<usize> = 2..16;
        /// `sizeof(SOCKADDR)`.
        pub const LEN: usize = 16;
    }

    /// `SOCKADDR_IN`.
    pub mod sockaddr_in {
        use core::ops::Range;
        /// `sin_family`.
        pub const SIN_FAMILY: Range<usize> = 0..2;
        /// `sin_port` (network order).
        pub const SIN_PORT: Range<usize> = 2..4;
        /// `sin_addr`.
        pub const SIN_ADDR: Range<usize> = 4..8;
        /// `sin_zero[8]`.
        pub const SIN_ZERO: Range<usize> = 8..16;
        /// `sizeof(SOCKADDR_IN)`.
        pub const LEN: usize = 16;
    }

    /// `SOCKADDR_IN6`.
    pub mod sockaddr_in6 {
        use core::ops::Range;
        /// `sin6_family`.
        pub const SIN6_FAMILY: Range<usize> = 0..2;
        /// `sin6_port` (network order).
        pub const SIN6_PORT: Range<usize> = 2..4;
        /// `sin6_flowinfo`.
        pub const SIN6_FLOWINFO: Range<usize> = 4..8;
        /// `sin6_addr`.
        pub const SIN6_ADDR: Range<usize> = 8..24;
        /// `sin6_scope_id` / `sin6_scope_struct` (union).
        pub const SIN6_SCOPE_ID: Range<usize> = 24..28;
        /// `sizeof(SOCKADDR_IN6)`.
        pub const LEN: usize = 28;
    }

    /// `struct sockaddr_in6_old` (ws2ipdef.h): `SOCKADDR_IN6` without the scope id.
    pub mod sockaddr_in6_old {
        use core::ops::Range;
        /// `sin6_family`.
        pub const SIN6_FAMILY: Range<usize> = 0..2;
        /// `sin6_port` (network order).
        pub const SIN6_PORT: Range<usize> = 2..4;
        /// `sin6_flowinfo`.
        pub const SIN6_FLOWINFO: Range<usize> = 4..8;
        /// `sin6_addr`.
        pub const SIN6_ADDR: Range<usize> = 8..24;
        /// `sizeof(struct sockaddr_in6_old)`.
        pub const LEN: usize = 24;
    }

    /// `sockaddr_gen` (ws2ipdef.h): the union of the three above, as large as the largest.
    pub mod sockaddr_gen {
        use core::ops::Range;
        /// The family shared by all three members.
        pub const FAMILY: Range<usize> = 0..2;
        /// Every byte after the family (the `Other` payload).
        pub const DATA: Range<usize> = 2..24;
        /// `sizeof(sockaddr_gen)`.
        pub const LEN: usize = 24;
    }

    /// `SOCKADDR_STORAGE` (only its family and size are modelled).
    pub mod sockaddr_storage {
        use core::ops::Range;
        /// `ss_family`.
        pub const SS_FAMILY: Range<usize> = 0..2;
        /// `sizeof(SOCKADDR_STORAGE)`.
        pub const LEN: usize = super::super::SOCKADDR_STORAGE_LEN;
    }
}

/// Reads the address family (the first two bytes, host order) of any socket address.
pub fn family_of(buf: &[u8]) -> Result<u16, WireError> {
    WireError::check_len(2, buf.len())?;
    Ok(le::u16_at(buf, 0))
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/// A checked view of a `SOCKADDR` (16 bytes) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SockaddrView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SockaddrView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::sockaddr::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `sa_family`.
    pub fn sa_family(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), field::sockaddr::SA_FAMILY.start)
    }

    /// `sa_data` (14 bytes).
    pub fn sa_data(&self) -> &[u8] {
        &self.buffer.as_ref()[field::sockaddr::SA_DATA]
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SockaddrView<T> {
    /// Sets `sa_family`.
    pub fn set_sa_family(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), field::sockaddr::SA_FAMILY.start, v)
    }

    /// `sa_data` for writing.
    pub fn sa_data_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::sockaddr::SA_DATA]
    }
}

/// A checked view of a `SOCKADDR_IN` (16 bytes) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SockaddrInView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SockaddrInView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::sockaddr_in::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `sin_family`.
    pub fn sin_family(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), field::sockaddr_in::SIN_FAMILY.start)
    }

    /// `sin_port`, converted from network order (the number a program means).
    pub fn sin_port(&self) -> u16 {
        let b = &self.buffer.as_ref()[field::sockaddr_in::SIN_PORT];
        u16::from_be_bytes([b[0], b[1]])
    }

    /// `sin_addr`.
    pub fn sin_addr(&self) -> Ipv4Addr {
        let b = &self.buffer.as_ref()[field::sockaddr_in::SIN_ADDR];
        Ipv4Addr::new(b[0], b[1], b[2], b[3])
    }

    /// `sin_zero` (8 bytes; Windows ignores them on input).
    pub fn sin_zero(&self) -> &[u8] {
        &self.buffer.as_ref()[field::sockaddr_in::SIN_ZERO]
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SockaddrInView<T> {
    /// Sets `sin_family`.
    pub fn set_sin_family(&mut self, v: u16) {
        le::put_u16(
            self.buffer.as_mut(),
            field::sockaddr_in::SIN_FAMILY.start,
            v,
        )
    }

    /// Sets `sin_port` from a host-order number (stored in network order).
    pub fn set_sin_port(&mut self, port: u16) {
        self.buffer.as_mut()[field::sockaddr_in::SIN_PORT].copy_from_slice(&port.to_be_bytes())
    }

    /// Sets `sin_addr`.
    pub fn set_sin_addr(&mut self, addr: Ipv4Addr) {
        self.buffer.as_mut()[field::sockaddr_in::SIN_ADDR].copy_from_slice(&addr.octets())
    }

    /// Zeroes `sin_zero`.
    pub fn clear_sin_zero(&mut self) {
        self.buffer.as_mut()[field::sockaddr_in::SIN_ZERO].fill(0)
    }
}

/// A checked view of a `SOCKADDR_IN6` (28 bytes) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SockaddrIn6View<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SockaddrIn6View<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::sockaddr_in6::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `sin6_family`.
    pub fn sin6_family(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), field::sockaddr_in6::SIN6_FAMILY.start)
    }

    /// `sin6_port`, converted from network order.
    pub fn sin6_port(&self) -> u16 {
        let b = &self.buffer.as_ref()[field::sockaddr_in6::SIN6_PORT];
        u16::from_be_bytes([b[0], b[1]])
    }

    /// `sin6_flowinfo`, as the `ULONG` a Windows program reads (see the module docs).
    pub fn sin6_flowinfo(&self) -> u32 {
        le::u32_at(
            self.buffer.as_ref(),
            field::sockaddr_in6::SIN6_FLOWINFO.start,
        )
    }

    /// `sin6_addr`.
    pub fn sin6_addr(&self) -> Ipv6Addr {
        ipv6_at(self.buffer.as_ref(), field::sockaddr_in6::SIN6_ADDR.start)
    }

    /// `sin6_scope_id` (host order).
    pub fn sin6_scope_id(&self) -> u32 {
        le::u32_at(
            self.buffer.as_ref(),
            field::sockaddr_in6::SIN6_SCOPE_ID.start,
        )
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SockaddrIn6View<T> {
    /// Sets `sin6_family`.
    pub fn set_sin6_family(&mut self, v: u16) {
        le::put_u16(
            self.buffer.as_mut(),
            field::sockaddr_in6::SIN6_FAMILY.start,
            v,
        )
    }

    /// Sets `sin6_port` from a host-order number (stored in network order).
    pub fn set_sin6_port(&mut self, port: u16) {
        self.buffer.as_mut()[field::sockaddr_in6::SIN6_PORT].copy_from_slice(&port.to_be_bytes())
    }

    /// Sets `sin6_flowinfo`.
    pub fn set_sin6_flowinfo(&mut self, v: u32) {
        le::put_u32(
            self.buffer.as_mut(),
            field::sockaddr_in6::SIN6_FLOWINFO.start,
            v,
        )
    }

    /// Sets `sin6_addr`.
    pub fn set_sin6_addr(&mut self, addr: Ipv6Addr) {
        self.buffer.as_mut()[field::sockaddr_in6::SIN6_ADDR].copy_from_slice(&addr.octets())
    }

    /// Sets `sin6_scope_id`.
    pub fn set_sin6_scope_id(&mut self, v: u32) {
        le::put_u32(
            self.buffer.as_mut(),
            field::sockaddr_in6::SIN6_SCOPE_ID.start,
            v,
        )
    }
}

/// A checked view of a `struct sockaddr_in6_old` (24 bytes) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SockaddrIn6OldView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SockaddrIn6OldView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::sockaddr_in6_old::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `sin6_family`.
    pub fn sin6_family(&self) -> u16 {
        le::u16_at(
            self.buffer.as_ref(),
            field::sockaddr_in6_old::SIN6_FAMILY.start,
        )
    }

    /// `sin6_port`, converted from network order.
    pub fn sin6_port(&self) -> u16 {
        let b = &self.buffer.as_ref()[field::sockaddr_in6_old::SIN6_PORT];
        u16::from_be_bytes([b[0], b[1]])
    }

    /// `sin6_flowinfo`.
    pub fn sin6_flowinfo(&self) -> u32 {
        le::u32_at(
            self.buffer.as_ref(),
            field::sockaddr_in6_old::SIN6_FLOWINFO.start,
        )
    }

    /// `sin6_addr`.
    pub fn sin6_addr(&self) -> Ipv6Addr {
        ipv6_at(
            self.buffer.as_ref(),
            field::sockaddr_in6_old::SIN6_ADDR.start,
        )
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SockaddrIn6OldView<T> {
    /// Sets `sin6_family`.
    pub fn set_sin6_family(&mut self, v: u16) {
        le::put_u16(
            self.buffer.as_mut(),
            field::sockaddr_in6_old::SIN6_FAMILY.start,
            v,
        )
    }

    /// Sets `sin6_port` from a host-order number (stored in network order).
    pub fn set_sin6_port(&mut self, port: u16) {
        self.buffer.as_mut()[field::sockaddr_in6_old::SIN6_PORT]
            .copy_from_slice(&port.to_be_bytes())
    }

    /// Sets `sin6_flowinfo`.
    pub fn set_sin6_flowinfo(&mut self, v: u32) {
        le::put_u32(
            self.buffer.as_mut(),
            field::sockaddr_in6_old::SIN6_FLOWINFO.start,
            v,
        )
    }

    /// Sets `sin6_addr`.
    pub fn set_sin6_addr(&mut self, addr: Ipv6Addr) {
        self.buffer.as_mut()[field::sockaddr_in6_old::SIN6_ADDR].copy_from_slice(&addr.octets())
    }
}

fn ipv6_at(b: &[u8], at: usize) -> Ipv6Addr {
    let mut o = [0u8; 16];
    o.copy_from_slice(&b[at..at + 16]);
    Ipv6Addr::from(o)
}

// ---------------------------------------------------------------------------------------------
// Reprs
// ---------------------------------------------------------------------------------------------

/// A socket address as a value: IPv4, IPv6, or any other family kept as raw bytes.
///
/// As a [`Repr`] it is a `SOCKADDR`-shaped buffer whose family decides the length: 16 bytes for
/// `AF_INET` (`SOCKADDR_IN`), 28 for `AF_INET6` (`SOCKADDR_IN6`), 16 for any other family
/// (`SOCKADDR`: `Other.data` holds the 14 `sa_data` bytes). The pointer width does not matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum SockAddr {
    /// `AF_INET`: a `SOCKADDR_IN` (`sin_zero` is written as zero and ignored when read).
    V4(SocketAddrV4),
    /// `AF_INET6`: a `SOCKADDR_IN6` (flow info and scope id kept, see the module docs).
    V6(SocketAddrV6),
    /// Any other family (`AF_UNSPEC` included): the bytes after `sa_family`.
    Other {
        /// `sa_family` (never `AF_INET` or `AF_INET6`).
        family: u16,
        /// The bytes after the family: 14 when parsed from a `SOCKADDR`, 22 from a
        /// `sockaddr_gen`; shorter data is zero-padded when emitted.
        data: Vec<u8>,
    },
}

impl SockAddr {
    /// The address family (Windows value).
    pub fn family(&self) -> u16 {
        match self {
            Self::V4(_) => AF_INET,
            Self::V6(_) => AF_INET6,
            Self::Other { family, .. } => *family,
        }
    }

    /// The IP socket address, if this is one.
    pub fn to_socket_addr(&self) -> Option<SocketAddr> {
        match self {
            Self::V4(a) => Some(SocketAddr::V4(*a)),
            Self::V6(a) => Some(SocketAddr::V6(*a)),
            Self::Other { .. } => None,
        }
    }

    /// An all-zero `AF_UNSPEC` `SOCKADDR` (what an unset address field holds).
    pub fn unspecified() -> Self {
        Self::Other {
            family: AF_UNSPEC,
            data: vec![0; field::sockaddr::SA_DATA.len()],
        }
    }

    /// Like [`Repr::parse`], but an `AF_INET6` address of 24 to 27 bytes (the
    /// `sockaddr_in6_old` form) is accepted with scope id 0 — how ws2_32 treats a caller's
    /// `(name, namelen)` (module docs, "Short AF_INET6 addresses"). `buf` is the caller's
    /// buffer cut to `namelen`.
    pub fn parse_lenient(buf: &[u8]) -> Result<Self, WireError> {
        if family_of(buf)? == AF_INET6 && buf.len() < field::sockaddr_in6::LEN {
            let v = SockaddrIn6OldView::new_checked(buf)?;
            return Ok(Self::V6(SocketAddrV6::new(
                v.sin6_addr(),
                v.sin6_port(),
                v.sin6_flowinfo(),
                0,
            )));
        }
        Self::parse(buf, Arch::X64)
    }

    /// Parses the 24-byte `sockaddr_gen` union: `AF_INET` reads `AddressIn` (the 8 bytes after it
    /// ignored), `AF_INET6` reads `AddressIn6` (a `sockaddr_in6_old`: scope id 0), any other
    /// family keeps its 22 data bytes.
    pub fn parse_gen(buf: &[u8]) -> Result<Self, WireError> {
        WireError::check_len(field::sockaddr_gen::LEN, buf.len())?;
        match le::u16_at(buf, 0) {
            AF_INET => Self::parse(&buf[..field::sockaddr_in::LEN], Arch::X64),
            AF_INET6 => Self::parse_lenient(&buf[..field::sockaddr_in6_old::LEN]),
            family => Ok(Self::Other {
                family,
                data: buf[field::sockaddr_gen::DATA].to_vec(),
            }),
        }
    }

    /// Writes the 24-byte `sockaddr_gen` union (unused bytes zero). An IPv6 address must have
    /// scope id 0 (`sockaddr_in6_old` has none) and `Other` data at most 22 bytes; otherwise
    /// `Invalid`, nothing written.
    pub fn emit_gen(&self, buf: &mut [u8]) -> Result<usize, WireError> {
        const LEN: usize = field::sockaddr_gen::LEN;
        match self {
            Self::V6(a) if a.scope_id() != 0 => {
                return Err(WireError::invalid(
                    "sockaddr_gen",
                    format!(
                        "sockaddr_in6_old has no scope id, cannot carry scope {}",
                        a.scope_id()
                    ),
                ));
            }
            Self::Other { family, data } => {
                self.check_other(*family)?;
                if data.len() > field::sockaddr_gen::DATA.len() {
                    return Err(WireError::invalid(
                        "sockaddr_gen",
                        format!(
                            "{} data bytes do not fit the 22 after the family",
                            data.len()
                        ),
                    ));
                }
            }
            _ => {}
        }
        WireError::check_len(LEN, buf.len())?;
        let buf = &mut buf[..LEN];
        buf.fill(0);
        match self {
            Self::V4(a) => write_v4(buf, a),
            Self::V6(a) => {
                let mut v = SockaddrIn6OldView::new_checked(&mut *buf)?;
                v.set_sin6_family(AF_INET6);
                v.set_sin6_port(a.port());
                v.set_sin6_flowinfo(a.flowinfo());
                v.set_sin6_addr(*a.ip());
            }
            Self::Other { family, data } => {
                le::put_u16(buf, 0, *family);
                buf[2..2 + data.len()].copy_from_slice(data);
            }
        }
        Ok(LEN)
    }

    fn check_other(&self, family: u16) -> Result<(), WireError> {
        if family == AF_INET || family == AF_INET6 {
            return Err(WireError::invalid(
                "sa_family",
                format!("SockAddr::Other cannot carry family {family}; use V4 or V6"),
            ));
        }
        Ok(())
    }
}

impl From<SocketAddr> for SockAddr {
    fn from(a: SocketAddr) -> Self {
        match a {
            SocketAddr::V4(a) => Self::V4(a),
            SocketAddr::V6(a) => Self::V6(a),
        }
    }
}

impl From<SocketAddrV4> for SockAddr {
    fn from(a: SocketAddrV4) -> Self {
        Self::V4(a)
    }
}

impl From<SocketAddrV6> for SockAddr {
    fn from(a: SocketAddrV6) -> Self {
        Self::V6(a)
    }
}

impl fmt::Display for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::V4(a) => write!(f, "{a}"),
            Self::V6(a) => write!(f, "{a}"),
            Self::Other { family, data } => {
                write!(f, "family {family} [")?;
                for (i, b) in data.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{b:02x}")?;
                }
                f.write_str("]")
            }
        }
    }
}

fn write_v4(buf: &mut [u8], a: &SocketAddrV4) {
    let mut v = SockaddrInView { buffer: buf };
    v.set_sin_family(AF_INET);
    v.set_sin_port(a.port());
    v.set_sin_addr(*a.ip());
    v.clear_sin_zero();
}

fn write_v6(buf: &mut [u8], a: &SocketAddrV6) {
    let mut v = SockaddrIn6View { buffer: buf };
    v.set_sin6_family(AF_INET6);
    v.set_sin6_port(a.port());
    v.set_sin6_flowinfo(a.flowinfo());
    v.set_sin6_addr(*a.ip());
    v.set_sin6_scope_id(a.scope_id());
}

impl Repr for SockAddr {
    const C_NAME: &'static str = "SOCKADDR";

    fn buffer_len(&self, _arch: Arch) -> usize {
        match self {
            Self::V4(_) => field::sockaddr_in::LEN,
            Self::V6(_) => field::sockaddr_in6::LEN,
            Self::Other { data, .. } => field::sockaddr::LEN.max(2 + data.len()),
        }
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        match family_of(buf)? {
            AF_INET => SocketAddrV4::parse(buf, arch).map(Self::V4),
            AF_INET6 => SocketAddrV6::parse(buf, arch).map(Self::V6),
            _ => {
                let v = SockaddrView::new_checked(buf)?;
                Ok(Self::Other {
                    family: v.sa_family(),
                    data: v.sa_data().to_vec(),
                })
            }
        }
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        match self {
            Self::V4(a) => a.emit(buf, arch),
            Self::V6(a) => a.emit(buf, arch),
            Self::Other { family, data } => {
                self.check_other(*family)?;
                let len = self.buffer_len(arch);
                WireError::check_len(len, buf.len())?;
                let buf = &mut buf[..len];
                buf.fill(0);
                le::put_u16(buf, 0, *family);
                buf[2..2 + data.len()].copy_from_slice(data);
                Ok(len)
            }
        }
    }
}

/// `SOCKADDR_IN` as a value: `parse` insists on `sin_family == AF_INET`.
impl Repr for SocketAddrV4 {
    const C_NAME: &'static str = "SOCKADDR_IN";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::sockaddr_in::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SockaddrInView::new_checked(buf)?;
        if v.sin_family() != AF_INET {
            return Err(WireError::invalid(
                "sin_family",
                format!("{} is not AF_INET ({AF_INET})", v.sin_family()),
            ));
        }
        Ok(SocketAddrV4::new(v.sin_addr(), v.sin_port()))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::sockaddr_in::LEN, buf.len())?;
        write_v4(&mut buf[..field::sockaddr_in::LEN], self);
        Ok(field::sockaddr_in::LEN)
    }
}

/// `SOCKADDR_IN6` as a value: `parse` insists on `sin6_family == AF_INET6` (23) and 28 bytes.
impl Repr for SocketAddrV6 {
    const C_NAME: &'static str = "SOCKADDR_IN6";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::sockaddr_in6::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SockaddrIn6View::new_checked(buf)?;
        if v.sin6_family() != AF_INET6 {
            return Err(WireError::invalid(
                "sin6_family",
                format!("{} is not AF_INET6 ({AF_INET6})", v.sin6_family()),
            ));
        }
        Ok(SocketAddrV6::new(
            v.sin6_addr(),
            v.sin6_port(),
            v.sin6_flowinfo(),
            v.sin6_scope_id(),
        ))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::sockaddr_in6::LEN, buf.len())?;
        write_v6(&mut buf[..field::sockaddr_in6::LEN], self);
        Ok(field::sockaddr_in6::LEN)
    }
}

/// `sockaddr_gen` (24 bytes) as a value — a [`SockAddr`] under the union's rules
/// ([`SockAddr::parse_gen`], [`SockAddr::emit_gen`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SockaddrGen(pub SockAddr);

impl Repr for SockaddrGen {
    const C_NAME: &'static str = "sockaddr_gen";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::sockaddr_gen::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        SockAddr::parse_gen(buf).map(Self)
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        self.0.emit_gen(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SOCKADDR_IN for 192.0.2.1:8080, from the C layout: family 2 LE, port 0x1f90 BE.
    static V4: [u8; 16] = [2, 0, 0x1f, 0x90, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0];

    #[test]
    fn v4_round_trip() {
        let a = SockAddr::parse(&V4, Arch::X86).unwrap();
        assert_eq!(a, SockAddr::V4("192.0.2.1:8080".parse().unwrap()));
        let mut buf = [0xa5u8; 17];
        assert_eq!(a.emit(&mut buf, Arch::X64), Ok(16));
        assert_eq!(&buf[..16], &V4);
        assert_eq!(buf[16], 0xa5);
    }

    #[test]
    fn short_v6_is_too_short_but_lenient_accepts_old_form() {
        let mut b = [0u8; 28];
        b[0] = 23;
        b[8] = 0xfe;
        b[9] = 0x80;
        b[24] = 7;
        assert_eq!(
            SockAddr::parse(&b[..24], Arch::X64),
            Err(WireError::TooShort {
                required: 28,
                actual: 24
            })
        );
        let old = SockAddr::parse_lenient(&b[..24]).unwrap();
        assert_eq!(old, SockAddr::V6("[fe80::]:0".parse().unwrap()));
        let full = SockAddr::parse_lenient(&b).unwrap();
        assert_eq!(full, SockAddr::V6("[fe80::%7]:0".parse().unwrap()));
    }

    #[test]
    fn family_mapping() {
        assert_eq!(from_linux_family(10), Some(AF_INET6));
        assert_eq!(to_linux_family(AF_INET6), Some(10));
        assert_eq!(from_linux_family(4), None);
        for f in [0, 1, 2, 23] {
            assert_eq!(to_linux_family(f).and_then(from_linux_family), Some(f));
        }
    }
}
