//! `INTERFACE_INFO` and `INTERFACE_INFO_EX` (ws2ipdef.h) and the `IFF_*` flags — the output
//! elements of `SIO_GET_INTERFACE_LIST` and `SIO_GET_INTERFACE_LIST_EX` (spec/002, spec/003).
//!
//! ```c
//! typedef struct _INTERFACE_INFO {     // 76 bytes on both widths (4-byte aligned)
//!     ULONG        iiFlags;            //  0..4
//!     sockaddr_gen iiAddress;          //  4..28
//!     sockaddr_gen iiBroadcastAddress; // 28..52
//!     sockaddr_gen iiNetmask;          // 52..76
//! } INTERFACE_INFO;
//! typedef struct _INTERFACE_INFO_EX {  // x86 28 bytes, x64 56 bytes
//!     ULONG          iiFlags;          //  0..4    (x64: 4 bytes padding)
//!     SOCKET_ADDRESS iiAddress;        //  x86 4..12,  x64 8..24
//!     SOCKET_ADDRESS iiBroadcastAddress; // x86 12..20, x64 24..40
//!     SOCKET_ADDRESS iiNetmask;        //  x86 20..28, x64 40..56
//! } INTERFACE_INFO_EX;
//! ```
//!
//! `SIO_GET_INTERFACE_LIST` returns an array of `INTERFACE_INFO`; "the number of interfaces
//! returned … can be determined based on the actual length of the output buffer returned in
//! lpcbBytesReturned" (spec/002, spec/003). Wine's conformance test (dlls/ws2_32/tests/sock.c,
//! `test_get_interface_list`) checks on Windows that the size is a nonzero multiple of
//! `sizeof(INTERFACE_INFO)` and counts `size / sizeof(INTERFACE_INFO)`. [`InterfaceList`] does the
//! same: its count is `len / 76`, and **trailing bytes short of a whole element are ignored**
//! (pass it `&out[..bytes_returned]`).
//!
//! `SIO_GET_INTERFACE_LIST_EX` is "not currently supported on Windows" (spec/README.md), so no
//! Windows buffer shows where `INTERFACE_INFO_EX`'s pointers point; [`InterfaceInfoEx`] keeps them
//! as raw [`SocketAddress`] offsets, resolvable with [`SocketAddress::resolve`].

use core::fmt;

use super::address_list::{SocketAddress, SocketAddressView};
use super::sockaddr::{self, SockAddr};
use super::{Arch, Repr, WireError, le};

/// `IFF_UP` (ws2ipdef.h): the interface is up.
pub const IFF_UP: u32 = 0x1;
/// `IFF_BROADCAST` (ws2ipdef.h): broadcast is supported (`iiBroadcastAddress` is valid).
pub const IFF_BROADCAST: u32 = 0x2;
/// `IFF_LOOPBACK` (ws2ipdef.h): the loopback interface.
pub const IFF_LOOPBACK: u32 = 0x4;
/// `IFF_POINTTOPOINT` (ws2ipdef.h): a point-to-point link.
pub const IFF_POINTTOPOINT: u32 = 0x8;
/// `IFF_MULTICAST` (ws2ipdef.h): multicast is supported.
pub const IFF_MULTICAST: u32 = 0x10;

/// `iiFlags`: an open set of `IFF_*` bits (unknown bits are kept and shown in hex).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InterfaceFlags(pub u32);

impl InterfaceFlags {
    /// `IFF_UP`.
    pub const UP: Self = Self(IFF_UP);
    /// `IFF_BROADCAST`.
    pub const BROADCAST: Self = Self(IFF_BROADCAST);
    /// `IFF_LOOPBACK`.
    pub const LOOPBACK: Self = Self(IFF_LOOPBACK);
    /// `IFF_POINTTOPOINT`.
    pub const POINTTOPOINT: Self = Self(IFF_POINTTOPOINT);
    /// `IFF_MULTICAST`.
    pub const MULTICAST: Self = Self(IFF_MULTICAST);

    /// Every named flag with its SDK name, in bit order.
    pub const NAMED: [(Self, &'static str); 5] = [
        (Self::UP, "IFF_UP"),
        (Self::BROADCAST, "IFF_BROADCAST"),
        (Self::LOOPBACK, "IFF_LOOPBACK"),
        (Self::POINTTOPOINT, "IFF_POINTTOPOINT"),
        (Self::MULTICAST, "IFF_MULTICAST"),
    ];

    /// The raw value.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// True when every bit of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
}

impl core::ops::BitOr for InterfaceFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl fmt::Debug for InterfaceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            if !core::mem::replace(&mut first, false) {
                f.write_str(" | ")?;
            }
            Ok::<(), fmt::Error>(())
        };
        for (flag, name) in Self::NAMED {
            if rest & flag.0 != 0 {
                sep(f)?;
                f.write_str(name)?;
                rest &= !flag.0;
            }
        }
        if rest != 0 {
            sep(f)?;
            write!(f, "{rest:#x}")?;
        }
        if self.0 == 0 {
            f.write_str("0")?;
        }
        Ok(())
    }
}

/// Field layouts (byte ranges).
pub mod field {
    /// `INTERFACE_INFO`: the same on both widths.
    pub mod interface_info {
        use core::ops::Range;
        /// `iiFlags`.
        pub const II_FLAGS: Range<usize> = 0..4;
        /// `iiAddress` (`sockaddr_gen`).
        pub const II_ADDRESS: Range<usize> = 4..28;
        /// `iiBroadcastAddress` (`sockaddr_gen`).
        pub const II_BROADCAST_ADDRESS: Range<usize> = 28..52;
        /// `iiNetmask` (`sockaddr_gen`).
        pub const II_NETMASK: Range<usize> = 52..76;
        /// `sizeof(INTERFACE_INFO)`.
        pub const LEN: usize = 76;
    }

    /// `INTERFACE_INFO_EX`: the `SOCKET_ADDRESS` members move with the pointer width.
    pub mod interface_info_ex {
        use crate::wire::Arch;
        use crate::wire::address_list::entry_len;
        use core::ops::Range;

        /// `iiFlags`.
        pub const II_FLAGS: Range<usize> = 0..4;
        const fn member(arch: Arch, i: usize) -> Range<usize> {
            let start = crate::wire::align_up(4, arch.pointer_align()) + i * entry_len(arch);
            start..start + entry_len(arch)
        }
        /// Padding after `iiFlags` (empty on x86, 4..8 on x64).
        pub const fn padding(arch: Arch) -> Range<usize> {
            4..member(arch, 0).start
        }
        /// `iiAddress` (`SOCKET_ADDRESS`).
        pub const fn ii_address(arch: Arch) -> Range<usize> {
            member(arch, 0)
        }
        /// `iiBroadcastAddress` (`SOCKET_ADDRESS`).
        pub const fn ii_broadcast_address(arch: Arch) -> Range<usize> {
            member(arch, 1)
        }
        /// `iiNetmask` (`SOCKET_ADDRESS`).
        pub const fn ii_netmask(arch: Arch) -> Range<usize> {
            member(arch, 2)
        }
        /// `sizeof(INTERFACE_INFO_EX)`: x86 28, x64 56.
        pub const fn len(arch: Arch) -> usize {
            member(arch, 2).end
        }
    }
}

// ---------------------------------------------------------------------------------------------
// INTERFACE_INFO
// ---------------------------------------------------------------------------------------------

/// A checked view of one `INTERFACE_INFO` (76 bytes) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct InterfaceInfoView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> InterfaceInfoView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::interface_info::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `iiFlags`.
    pub fn ii_flags(&self) -> InterfaceFlags {
        InterfaceFlags(le::u32_at(
            self.buffer.as_ref(),
            field::interface_info::II_FLAGS.start,
        ))
    }

    /// The 24 bytes of `iiAddress`.
    pub fn ii_address(&self) -> &[u8] {
        &self.buffer.as_ref()[field::interface_info::II_ADDRESS]
    }

    /// The 24 bytes of `iiBroadcastAddress`.
    pub fn ii_broadcast_address(&self) -> &[u8] {
        &self.buffer.as_ref()[field::interface_info::II_BROADCAST_ADDRESS]
    }

    /// The 24 bytes of `iiNetmask`.
    pub fn ii_netmask(&self) -> &[u8] {
        &self.buffer.as_ref()[field::interface_info::II_NETMASK]
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> InterfaceInfoView<T> {
    /// Sets `iiFlags`.
    pub fn set_ii_flags(&mut self, v: InterfaceFlags) {
        le::put_u32(
            self.buffer.as_mut(),
            field::interface_info::II_FLAGS.start,
            v.0,
        )
    }

    /// `iiAddress` for writing.
    pub fn ii_address_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::interface_info::II_ADDRESS]
    }

    /// `iiBroadcastAddress` for writing.
    pub fn ii_broadcast_address_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::interface_info::II_BROADCAST_ADDRESS]
    }

    /// `iiNetmask` for writing.
    pub fn ii_netmask_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::interface_info::II_NETMASK]
    }
}

/// One `INTERFACE_INFO` as a value. The three addresses follow the `sockaddr_gen` rules
/// ([`SockAddr::parse_gen`]): IPv4 as `SOCKADDR_IN`, IPv6 as `sockaddr_in6_old` (no scope id),
/// anything else — typically the all-zero `AF_UNSPEC` broadcast address of an interface without
/// `IFF_BROADCAST` — as 22 raw bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InterfaceInfo {
    /// `iiFlags`.
    pub flags: InterfaceFlags,
    /// `iiAddress`.
    pub address: SockAddr,
    /// `iiBroadcastAddress`.
    pub broadcast: SockAddr,
    /// `iiNetmask`.
    pub netmask: SockAddr,
}

impl Repr for InterfaceInfo {
    const C_NAME: &'static str = "INTERFACE_INFO";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::interface_info::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = InterfaceInfoView::new_checked(buf)?;
        Ok(Self {
            flags: v.ii_flags(),
            address: SockAddr::parse_gen(v.ii_address())?,
            broadcast: SockAddr::parse_gen(v.ii_broadcast_address())?,
            netmask: SockAddr::parse_gen(v.ii_netmask())?,
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        // Validate all three into scratch space first, so an error writes nothing.
        let mut tmp = [0u8; field::interface_info::LEN];
        let mut v = InterfaceInfoView::new_checked(&mut tmp[..])?;
        v.set_ii_flags(self.flags);
        self.address.emit_gen(v.ii_address_mut())?;
        self.broadcast.emit_gen(v.ii_broadcast_address_mut())?;
        self.netmask.emit_gen(v.ii_netmask_mut())?;
        WireError::check_len(field::interface_info::LEN, buf.len())?;
        buf[..field::interface_info::LEN].copy_from_slice(&tmp);
        Ok(field::interface_info::LEN)
    }
}

/// The `SIO_GET_INTERFACE_LIST` output: an array of `INTERFACE_INFO`, counted by length.
///
/// `parse` reads `buf.len() / 76` elements and ignores a trailing partial element (module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InterfaceList(pub Vec<InterfaceInfo>);

impl Repr for InterfaceList {
    const C_NAME: &'static str = "INTERFACE_INFO[]";

    fn buffer_len(&self, _arch: Arch) -> usize {
        self.0.len() * field::interface_info::LEN
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        buf.chunks_exact(field::interface_info::LEN)
            .map(|c| InterfaceInfo::parse(c, arch))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let len = self.buffer_len(arch);
        // Encode everything first: a bad element must not leave a half-written array.
        let mut tmp = vec![0u8; len];
        for (info, chunk) in self
            .0
            .iter()
            .zip(tmp.chunks_exact_mut(field::interface_info::LEN))
        {
            info.emit(chunk, arch)?;
        }
        WireError::check_len(len, buf.len())?;
        buf[..len].copy_from_slice(&tmp);
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// INTERFACE_INFO_EX
// ---------------------------------------------------------------------------------------------

/// A checked view of one `INTERFACE_INFO_EX` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct InterfaceInfoExView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> InterfaceInfoExView<T> {
    /// Wraps `buffer` after checking it holds the whole structure for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::interface_info_ex::len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `iiFlags`.
    pub fn ii_flags(&self) -> InterfaceFlags {
        InterfaceFlags(le::u32_at(
            self.buffer.as_ref(),
            field::interface_info_ex::II_FLAGS.start,
        ))
    }

    fn member(&self, r: core::ops::Range<usize>) -> SocketAddressView<&[u8]> {
        SocketAddressView::new_checked(&self.buffer.as_ref()[r], self.arch)
            .expect("invariant: new_checked verified the INTERFACE_INFO_EX length")
    }

    /// `iiAddress`.
    pub fn ii_address(&self) -> SocketAddressView<&[u8]> {
        self.member(field::interface_info_ex::ii_address(self.arch))
    }

    /// `iiBroadcastAddress`.
    pub fn ii_broadcast_address(&self) -> SocketAddressView<&[u8]> {
        self.member(field::interface_info_ex::ii_broadcast_address(self.arch))
    }

    /// `iiNetmask`.
    pub fn ii_netmask(&self) -> SocketAddressView<&[u8]> {
        self.member(field::interface_info_ex::ii_netmask(self.arch))
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> InterfaceInfoExView<T> {
    /// Sets `iiFlags`.
    pub fn set_ii_flags(&mut self, v: InterfaceFlags) {
        le::put_u32(
            self.buffer.as_mut(),
            field::interface_info_ex::II_FLAGS.start,
            v.0,
        )
    }

    /// Zeroes the padding after `iiFlags` (x64).
    pub fn clear_padding(&mut self) {
        let r = field::interface_info_ex::padding(self.arch);
        self.buffer.as_mut()[r].fill(0)
    }
}

/// One `INTERFACE_INFO_EX` as a value: flags and three raw `SOCKET_ADDRESS` members (offsets,
/// base 0 in the [`Repr`]; see the module docs for why they are not resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InterfaceInfoEx {
    /// `iiFlags`.
    pub flags: InterfaceFlags,
    /// `iiAddress`.
    pub address: SocketAddress,
    /// `iiBroadcastAddress`.
    pub broadcast: SocketAddress,
    /// `iiNetmask`.
    pub netmask: SocketAddress,
}

impl InterfaceInfoEx {
    /// Writes the structure with each pointer relocated to `base + offset`; writes nothing on
    /// error (a pointer that does not fit x86 is `Invalid`).
    pub fn emit_at(&self, buf: &mut [u8], arch: Arch, base: u64) -> Result<usize, WireError> {
        let len = field::interface_info_ex::len(arch);
        let mut tmp = [0u8; 56];
        let tmp = &mut tmp[..len];
        le::put_u32(tmp, field::interface_info_ex::II_FLAGS.start, self.flags.0);
        for (sa, r) in [
            (&self.address, field::interface_info_ex::ii_address(arch)),
            (
                &self.broadcast,
                field::interface_info_ex::ii_broadcast_address(arch),
            ),
            (&self.netmask, field::interface_info_ex::ii_netmask(arch)),
        ] {
            sa.emit_at(&mut tmp[r], arch, base)?;
        }
        WireError::check_len(len, buf.len())?;
        buf[..len].copy_from_slice(tmp);
        Ok(len)
    }

    /// Reads the structure, turning pointers into offsets from `base`.
    pub fn parse_at(buf: &[u8], arch: Arch, base: u64) -> Result<Self, WireError> {
        let v = InterfaceInfoExView::new_checked(buf, arch)?;
        let member = |r: core::ops::Range<usize>| SocketAddress::parse_at(&buf[r], arch, base);
        Ok(Self {
            flags: v.ii_flags(),
            address: member(field::interface_info_ex::ii_address(arch))?,
            broadcast: member(field::interface_info_ex::ii_broadcast_address(arch))?,
            netmask: member(field::interface_info_ex::ii_netmask(arch))?,
        })
    }
}

impl Repr for InterfaceInfoEx {
    const C_NAME: &'static str = "INTERFACE_INFO_EX";

    fn buffer_len(&self, arch: Arch) -> usize {
        field::interface_info_ex::len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        Self::parse_at(buf, arch, 0)
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        self.emit_at(buf, arch, 0)
    }
}

// Keep the sockaddr_gen size and the INTERFACE_INFO members in step.
const _: () = assert!(
    field::interface_info::II_ADDRESS.end - field::interface_info::II_ADDRESS.start
        == sockaddr::field::sockaddr_gen::LEN
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_debug_lists_names() {
        let f = InterfaceFlags(IFF_UP | IFF_LOOPBACK | 0x40);
        assert_eq!(format!("{f:?}"), "IFF_UP | IFF_LOOPBACK | 0x40");
        assert_eq!(format!("{:?}", InterfaceFlags(0)), "0");
        assert!((InterfaceFlags::UP | InterfaceFlags::MULTICAST).contains(InterfaceFlags::UP));
    }

    #[test]
    fn ex_sizes() {
        assert_eq!(field::interface_info_ex::len(Arch::X86), 28);
        assert_eq!(field::interface_info_ex::len(Arch::X64), 56);
        assert_eq!(field::interface_info_ex::ii_address(Arch::X64), 8..24);
        assert_eq!(field::interface_info_ex::ii_netmask(Arch::X86), 20..28);
    }

    #[test]
    fn trailing_partial_element_is_ignored() {
        let one = InterfaceInfo {
            flags: InterfaceFlags::UP,
            address: SockAddr::V4("10.0.0.1:0".parse().unwrap()),
            broadcast: SockAddr::V4("10.0.0.255:0".parse().unwrap()),
            netmask: SockAddr::V4("255.255.255.0:0".parse().unwrap()),
        };
        let mut bytes = InterfaceList(vec![one.clone()]).to_bytes(Arch::X64);
        bytes.extend_from_slice(&[0xa5; 75]);
        assert_eq!(
            InterfaceList::parse(&bytes, Arch::X86),
            Ok(InterfaceList(vec![one]))
        );
    }
}
