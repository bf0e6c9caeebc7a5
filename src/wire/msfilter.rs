//! `ip_msfilter` / `IP_MSFILTER` (ws2ipdef.h) — the IPv4 multicast source filter that
//! `SIO_SET_MULTICAST_FILTER` takes and `SIO_GET_MULTICAST_FILTER` fills.
//!
//! ```c
//! typedef struct ip_msfilter {
//!     IN_ADDR imsf_multiaddr;          //  0..4   the group (network order)
//!     IN_ADDR imsf_interface;          //  4..8   local address, 0.0.0.0, or 0.x.y.z = index
//!     MULTICAST_MODE_TYPE imsf_fmode;  //  8..12  MCAST_INCLUDE 0 / MCAST_EXCLUDE 1
//!     ULONG imsf_numsrc;               // 12..16
//!     IN_ADDR imsf_slist[1];           // 16..    4 bytes per source
//! } IP_MSFILTER;                       // sizeof 20
//! #define IP_MSFILTER_SIZE(NumSources) \
//!     (sizeof(IP_MSFILTER) - sizeof(IN_ADDR) + (NumSources) * sizeof(IN_ADDR))
//! ```
//!
//! The same on both widths. Microsoft's `ip_msfilter` reference: "Any IPv4 address in the
//! 0.x.x.x block (first octet of 0) except for the IPv4 address of 0.0.0.0 is treated as an
//! interface index … a 24-bit number"; the semantics are RFC 3678's (sections 4 and 8.1): on
//! `SIO_GET_MULTICAST_FILTER` the caller's `imsf_numsrc` says how many sources its buffer holds
//! and the answer's says how many the filter has — only the smaller number is listed, so
//! [`IpMsfilter::numsrc`] is kept apart from [`IpMsfilter::sources`].

use std::net::Ipv4Addr;

use super::scalar::open_enum;
use super::{Arch, Repr, WireError, le};

open_enum! {
    /// `MULTICAST_MODE_TYPE` (ws2ipdef.h): `imsf_fmode`, a 4-byte C enum.
    pub struct MulticastModeType(i32);
    MCAST_INCLUDE = 0, "receive only from the listed sources";
    MCAST_EXCLUDE = 1, "receive from every source but the listed ones";
}

/// Field layout (byte ranges).
pub mod field {
    use core::ops::Range;
    /// `imsf_multiaddr`.
    pub const IMSF_MULTIADDR: Range<usize> = 0..4;
    /// `imsf_interface`.
    pub const IMSF_INTERFACE: Range<usize> = 4..8;
    /// `imsf_fmode`.
    pub const IMSF_FMODE: Range<usize> = 8..12;
    /// `imsf_numsrc`.
    pub const IMSF_NUMSRC: Range<usize> = 12..16;
    /// `imsf_slist[i]`.
    pub const fn imsf_slist(i: usize) -> Range<usize> {
        16 + 4 * i..20 + 4 * i
    }
    /// `sizeof(IP_MSFILTER)` as the SDK declares it (one source).
    pub const SDK_SIZEOF: usize = 20;

    /// `IP_MSFILTER_SIZE(n)`: the bytes a filter with `n` sources takes (saturating).
    pub const fn ip_msfilter_size(n: usize) -> usize {
        match n.checked_mul(4) {
            Some(b) => b.saturating_add(16),
            None => usize::MAX,
        }
    }
}

/// A checked view of an `ip_msfilter` header (the sources are checked one by one).
#[derive(Debug, Clone, Copy)]
pub struct IpMsfilterView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> IpMsfilterView<T> {
    /// Wraps `buffer` after checking it holds the 16-byte header (`IP_MSFILTER_SIZE(0)`).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::ip_msfilter_size(0), buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `imsf_multiaddr`.
    pub fn imsf_multiaddr(&self) -> Ipv4Addr {
        ipv4_at(self.buffer.as_ref(), field::IMSF_MULTIADDR.start)
    }

    /// `imsf_interface`.
    pub fn imsf_interface(&self) -> Ipv4Addr {
        ipv4_at(self.buffer.as_ref(), field::IMSF_INTERFACE.start)
    }

    /// `imsf_fmode`.
    pub fn imsf_fmode(&self) -> MulticastModeType {
        MulticastModeType(le::u32_at(self.buffer.as_ref(), field::IMSF_FMODE.start) as i32)
    }

    /// `imsf_numsrc`.
    pub fn imsf_numsrc(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::IMSF_NUMSRC.start)
    }

    /// How many whole sources the buffer holds after the header.
    pub fn sources_held(&self) -> usize {
        (self.buffer.as_ref().len() - field::ip_msfilter_size(0)) / 4
    }

    /// `imsf_slist[i]`, or `None` when the buffer does not hold it.
    pub fn source(&self, i: usize) -> Option<Ipv4Addr> {
        (i < self.sources_held()).then(|| ipv4_at(self.buffer.as_ref(), field::imsf_slist(i).start))
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> IpMsfilterView<T> {
    /// Sets `imsf_multiaddr`.
    pub fn set_imsf_multiaddr(&mut self, a: Ipv4Addr) {
        let r = field::IMSF_MULTIADDR;
        self.buffer.as_mut()[r].copy_from_slice(&a.octets())
    }

    /// Sets `imsf_interface`.
    pub fn set_imsf_interface(&mut self, a: Ipv4Addr) {
        let r = field::IMSF_INTERFACE;
        self.buffer.as_mut()[r].copy_from_slice(&a.octets())
    }

    /// Sets `imsf_fmode`.
    pub fn set_imsf_fmode(&mut self, m: MulticastModeType) {
        le::put_u32(self.buffer.as_mut(), field::IMSF_FMODE.start, m.0 as u32)
    }

    /// Sets `imsf_numsrc`.
    pub fn set_imsf_numsrc(&mut self, n: u32) {
        le::put_u32(self.buffer.as_mut(), field::IMSF_NUMSRC.start, n)
    }

    /// Sets `imsf_slist[i]`; returns false (writing nothing) when the buffer does not hold it.
    pub fn set_source(&mut self, i: usize, a: Ipv4Addr) -> bool {
        if i >= self.sources_held() {
            return false;
        }
        let r = field::imsf_slist(i);
        self.buffer.as_mut()[r].copy_from_slice(&a.octets());
        true
    }
}

fn ipv4_at(b: &[u8], at: usize) -> Ipv4Addr {
    Ipv4Addr::new(b[at], b[at + 1], b[at + 2], b[at + 3])
}

/// `ip_msfilter` as a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IpMsfilter {
    /// `imsf_multiaddr`: the multicast group.
    pub multiaddr: Ipv4Addr,
    /// `imsf_interface`: a local address, `0.0.0.0` (the default multicast interface), or
    /// `0.x.y.z` (interface index `x.y.z` as a 24-bit number).
    pub interface: Ipv4Addr,
    /// `imsf_fmode`.
    pub fmode: MulticastModeType,
    /// `imsf_numsrc`: normally `sources.len()`; a `SIO_GET_MULTICAST_FILTER` answer reports the
    /// filter's full count here even when fewer sources fit the caller's buffer.
    pub numsrc: u32,
    /// `imsf_slist`, as many as the buffer carries.
    pub sources: Vec<Ipv4Addr>,
}

impl IpMsfilter {
    /// A filter listing `sources` (`numsrc` = their count).
    pub fn new(
        multiaddr: Ipv4Addr,
        interface: Ipv4Addr,
        fmode: MulticastModeType,
        sources: Vec<Ipv4Addr>,
    ) -> Self {
        Self {
            multiaddr,
            interface,
            fmode,
            numsrc: u32::try_from(sources.len()).unwrap_or(u32::MAX),
            sources,
        }
    }

    /// The interface index `imsf_interface` names (`0.x.y.z`, not `0.0.0.0`), if it names one.
    pub fn interface_index(&self) -> Option<u32> {
        let o = self.interface.octets();
        (o[0] == 0 && self.interface != Ipv4Addr::UNSPECIFIED).then(|| u32::from(self.interface))
    }

    /// Reads a `SIO_GET_MULTICAST_FILTER` answer: the header, then the `min(imsf_numsrc, what
    /// fits)` sources the buffer holds (RFC 3678: only that many are returned).
    pub fn parse_available(buf: &[u8]) -> Result<Self, WireError> {
        let v = IpMsfilterView::new_checked(buf)?;
        let n = (v.imsf_numsrc() as usize).min(v.sources_held());
        Ok(Self {
            multiaddr: v.imsf_multiaddr(),
            interface: v.imsf_interface(),
            fmode: v.imsf_fmode(),
            numsrc: v.imsf_numsrc(),
            sources: (0..n).filter_map(|i| v.source(i)).collect(),
        })
    }
}

impl Repr for IpMsfilter {
    const C_NAME: &'static str = "ip_msfilter";

    /// `IP_MSFILTER_SIZE(sources.len())`.
    fn buffer_len(&self, _arch: Arch) -> usize {
        field::ip_msfilter_size(self.sources.len())
    }

    /// Strict: the buffer must hold `IP_MSFILTER_SIZE(imsf_numsrc)` bytes (what
    /// `SIO_SET_MULTICAST_FILTER` needs); see [`IpMsfilter::parse_available`] for answers.
    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = IpMsfilterView::new_checked(buf)?;
        let n = v.imsf_numsrc() as usize;
        WireError::check_len(field::ip_msfilter_size(n), buf.len())?;
        Self::parse_available(buf)
    }

    /// Writes the header and every source; `numsrc` below `sources.len()` is `Invalid`.
    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let len = self.buffer_len(arch);
        if (self.numsrc as usize) < self.sources.len() {
            return Err(WireError::invalid(
                "imsf_numsrc",
                format!(
                    "{} is below the {} sources listed",
                    self.numsrc,
                    self.sources.len()
                ),
            ));
        }
        WireError::check_len(len, buf.len())?;
        let mut v = IpMsfilterView::new_checked(&mut buf[..len])?;
        v.set_imsf_multiaddr(self.multiaddr);
        v.set_imsf_interface(self.interface);
        v.set_imsf_fmode(self.fmode);
        v.set_imsf_numsrc(self.numsrc);
        for (i, s) in self.sources.iter().enumerate() {
            v.set_source(i, *s);
        }
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Group 232.1.1.1 on interface index 2 (0.0.0.2), INCLUDE, two sources 192.0.2.1 and
    /// 198.51.100.7: addresses as their bytes, the two ULONGs little-endian.
    static BYTES: [u8; 24] = [
        232, 1, 1, 1, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 192, 0, 2, 1, 198, 51, 100, 7,
    ];

    fn repr() -> IpMsfilter {
        IpMsfilter::new(
            Ipv4Addr::new(232, 1, 1, 1),
            Ipv4Addr::new(0, 0, 0, 2),
            MulticastModeType::MCAST_INCLUDE,
            vec![Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(198, 51, 100, 7)],
        )
    }

    #[test]
    fn deconstruct() {
        let v = IpMsfilterView::new_checked(&BYTES[..]).unwrap();
        assert_eq!(v.imsf_multiaddr(), Ipv4Addr::new(232, 1, 1, 1));
        assert_eq!(v.imsf_interface(), Ipv4Addr::new(0, 0, 0, 2));
        assert_eq!(v.imsf_fmode(), MulticastModeType::MCAST_INCLUDE);
        assert_eq!(v.imsf_numsrc(), 2);
        assert_eq!(v.source(1), Some(Ipv4Addr::new(198, 51, 100, 7)));
        assert_eq!(v.source(2), None);
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 24];
        let mut v = IpMsfilterView::new_checked(&mut buf[..]).unwrap();
        v.set_imsf_multiaddr(Ipv4Addr::new(232, 1, 1, 1));
        v.set_imsf_interface(Ipv4Addr::new(0, 0, 0, 2));
        v.set_imsf_fmode(MulticastModeType::MCAST_INCLUDE);
        v.set_imsf_numsrc(2);
        assert!(v.set_source(0, Ipv4Addr::new(192, 0, 2, 1)));
        assert!(v.set_source(1, Ipv4Addr::new(198, 51, 100, 7)));
        assert!(!v.set_source(2, Ipv4Addr::LOCALHOST));
        assert_eq!(buf, BYTES);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            assert_eq!(IpMsfilter::parse(&BYTES, arch).unwrap(), repr());
            let mut buf = [0xa5u8; 25];
            assert_eq!(repr().emit(&mut buf, arch), Ok(24));
            assert_eq!(&buf[..24], &BYTES);
            assert_eq!(buf[24], 0xa5);
        }
        assert_eq!(repr().interface_index(), Some(2));
    }

    #[test]
    fn short_buffers() {
        assert_eq!(
            IpMsfilter::parse(&BYTES[..23], Arch::X64),
            Err(WireError::TooShort {
                required: 24,
                actual: 23
            })
        );
        assert_eq!(
            IpMsfilter::parse(&BYTES[..15], Arch::X64),
            Err(WireError::TooShort {
                required: 16,
                actual: 15
            })
        );
        // An answer listing fewer sources than it counts (RFC 3678 getsourcefilter).
        let a = IpMsfilter::parse_available(&BYTES[..20]).unwrap();
        assert_eq!((a.numsrc, a.sources.len()), (2, 1));
        let mut bad = repr();
        bad.numsrc = 1;
        assert!(matches!(
            bad.emit(&mut [0u8; 24], Arch::X64),
            Err(WireError::Invalid { .. })
        ));
    }
}
