//! `GUID` (guiddef.h) and the extension-function GUIDs that `SIO_GET_EXTENSION_FUNCTION_POINTER`
//! takes as its input (spec/002, spec/003; spec/004 for the SAN provider's GUIDs).
//!
//! ```c
//! typedef struct _GUID {               // 16 bytes on both widths
//!     unsigned long  Data1;            //  0..4   little-endian
//!     unsigned short Data2;            //  4..6   little-endian
//!     unsigned short Data3;            //  6..8   little-endian
//!     unsigned char  Data4[8];         //  8..16  bytes as written
//! } GUID;
//! ```
//!
//! The text form is the registry form `{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D}`: `Data1`, `Data2`
//! and `Data3` as hex numbers, then `Data4[0..2]` and `Data4[2..8]` as hex bytes.

use core::fmt;
use core::str::FromStr;

use super::{Arch, Repr, WireError, le};

/// Field layout (byte ranges).
pub mod field {
    use core::ops::Range;
    /// `Data1`.
    pub const DATA1: Range<usize> = 0..4;
    /// `Data2`.
    pub const DATA2: Range<usize> = 4..6;
    /// `Data3`.
    pub const DATA3: Range<usize> = 6..8;
    /// `Data4[8]`.
    pub const DATA4: Range<usize> = 8..16;
    /// `sizeof(GUID)`.
    pub const LEN: usize = 16;
}

/// A checked view of a `GUID` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct GuidView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> GuidView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Data1`.
    pub fn data1(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::DATA1.start)
    }

    /// `Data2`.
    pub fn data2(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), field::DATA2.start)
    }

    /// `Data3`.
    pub fn data3(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), field::DATA3.start)
    }

    /// `Data4`.
    pub fn data4(&self) -> [u8; 8] {
        let mut d = [0u8; 8];
        d.copy_from_slice(&self.buffer.as_ref()[field::DATA4]);
        d
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> GuidView<T> {
    /// Sets `Data1`.
    pub fn set_data1(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::DATA1.start, v)
    }

    /// Sets `Data2`.
    pub fn set_data2(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), field::DATA2.start, v)
    }

    /// Sets `Data3`.
    pub fn set_data3(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), field::DATA3.start, v)
    }

    /// Sets `Data4`.
    pub fn set_data4(&mut self, v: [u8; 8]) {
        self.buffer.as_mut()[field::DATA4].copy_from_slice(&v)
    }
}

/// A `GUID` as a value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Guid {
    /// `Data1`.
    pub data1: u32,
    /// `Data2`.
    pub data2: u16,
    /// `Data3`.
    pub data3: u16,
    /// `Data4`.
    pub data4: [u8; 8],
}

impl Guid {
    /// The nil GUID (all zero).
    pub const NIL: Self = Self::from_u128(0);

    /// From the 128-bit number read left to right in the text form
    /// (`0xC0B422F5_F58C_11d1_AD6C_00C04FA34A2D`), as windows-sys' `GUID::from_u128`.
    pub const fn from_u128(v: u128) -> Self {
        Self {
            data1: (v >> 96) as u32,
            data2: (v >> 80) as u16,
            data3: (v >> 64) as u16,
            data4: (v as u64).to_be_bytes(),
        }
    }

    /// The inverse of [`from_u128`](Self::from_u128).
    pub const fn to_u128(self) -> u128 {
        ((self.data1 as u128) << 96)
            | ((self.data2 as u128) << 80)
            | ((self.data3 as u128) << 64)
            | u64::from_be_bytes(self.data4) as u128
    }

    /// The 16 bytes as they lie in memory.
    pub fn to_le_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        self.emit(&mut b, Arch::X64)
            .expect("invariant: a GUID fits 16 bytes");
        b
    }
}

impl fmt::Display for Guid {
    /// `{C0B422F5-F58C-11D1-AD6C-00C04FA34A2D}` (upper-case hex, with braces).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data4;
        write!(
            f,
            "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
            self.data1, self.data2, self.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match name_of(self) {
            Some(name) => write!(f, "{self} ({name})"),
            None => write!(f, "{self}"),
        }
    }
}

/// Why a string is not a GUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseGuidError(String);

impl fmt::Display for ParseGuidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a GUID ({}): expected {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}",
            self.0
        )
    }
}

impl std::error::Error for ParseGuidError {}

impl FromStr for Guid {
    type Err = ParseGuidError;

    /// Accepts `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`, with or without the surrounding braces,
    /// in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let inner = match (s.strip_prefix('{'), s.ends_with('}')) {
            (Some(rest), true) => &rest[..rest.len() - 1],
            (None, false) => s,
            _ => return Err(ParseGuidError("unbalanced braces".into())),
        };
        let b = inner.as_bytes();
        if b.len() != 36 {
            return Err(ParseGuidError(format!("{} characters, not 36", b.len())));
        }
        let mut v: u128 = 0;
        for (i, &c) in b.iter().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if c != b'-' {
                    return Err(ParseGuidError(format!("no hyphen at position {i}")));
                }
                continue;
            }
            let d = (c as char)
                .to_digit(16)
                .ok_or_else(|| ParseGuidError(format!("{:?} is not a hex digit", c as char)))?;
            v = (v << 4) | u128::from(d);
        }
        Ok(Self::from_u128(v))
    }
}

impl Repr for Guid {
    const C_NAME: &'static str = "GUID";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = GuidView::new_checked(buf)?;
        Ok(Self {
            data1: v.data1(),
            data2: v.data2(),
            data3: v.data3(),
            data4: v.data4(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = GuidView::new_checked(buf)?;
        v.set_data1(self.data1);
        v.set_data2(self.data2);
        v.set_data3(self.data3);
        v.set_data4(self.data4);
        Ok(field::LEN)
    }
}

/// Who serves an extension function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ExtensionKind {
    /// A Microsoft-specific extension (mswsock.h) served by the base TCP/IP provider.
    MsWsock,
    /// A SAN service provider's extension (spec/004, "Windows Sockets SPI Extensions for SANs").
    San,
}

/// `WSAID_ACCEPTEX` (mswsock.h).
pub const WSAID_ACCEPTEX: Guid = Guid::from_u128(0xb5367df1_cbac_11cf_95ca_00805f48a192);
/// `WSAID_CONNECTEX` (mswsock.h).
pub const WSAID_CONNECTEX: Guid = Guid::from_u128(0x25a207b9_ddf3_4660_8ee9_76e58c74063e);
/// `WSAID_DISCONNECTEX` (mswsock.h).
pub const WSAID_DISCONNECTEX: Guid = Guid::from_u128(0x7fda2e11_8630_436f_a031_f536a6eec157);
/// `WSAID_GETACCEPTEXSOCKADDRS` (mswsock.h).
pub const WSAID_GETACCEPTEXSOCKADDRS: Guid =
    Guid::from_u128(0xb5367df2_cbac_11cf_95ca_00805f48a192);
/// `WSAID_TRANSMITFILE` (mswsock.h).
pub const WSAID_TRANSMITFILE: Guid = Guid::from_u128(0xb5367df0_cbac_11cf_95ca_00805f48a192);
/// `WSAID_TRANSMITPACKETS` (mswsock.h).
pub const WSAID_TRANSMITPACKETS: Guid = Guid::from_u128(0xd9689da0_1f90_11d3_9971_00c04f68c876);
/// `WSAID_WSARECVMSG` (mswsock.h).
pub const WSAID_WSARECVMSG: Guid = Guid::from_u128(0xf689d7c8_6f1f_436b_8a53_e54fe351c322);
/// `WSAID_WSASENDMSG` (mswsock.h).
pub const WSAID_WSASENDMSG: Guid = Guid::from_u128(0xa441e712_754f_43ca_84a7_0dee44cf606d);
/// `WSAID_WSAPOLL` (mswsock.h).
pub const WSAID_WSAPOLL: Guid = Guid::from_u128(0x18c76f85_dc66_4964_972e_23c27238312b);
/// `WSAID_MULTIPLE_RIO` (mswsock.h): the registered-I/O function table.
pub const WSAID_MULTIPLE_RIO: Guid = Guid::from_u128(0x8509e081_96dd_4005_b165_9e2ee8c79e3f);

/// `WSPRegisterMemory` — spec/004.
pub const WSAID_REGISTERMEMORY: Guid = Guid::from_u128(0xc0b422f5_f58c_11d1_ad6c_00c04fa34a2d);
/// `WSPDeregisterMemory` — spec/004.
pub const WSAID_DEREGISTERMEMORY: Guid = Guid::from_u128(0xc0b422f6_f58c_11d1_ad6c_00c04fa34a2d);
/// `WSPRegisterRdmaMemory` — spec/004.
pub const WSAID_REGISTERRDMAMEMORY: Guid = Guid::from_u128(0xc0b422f7_f58c_11d1_ad6c_00c04fa34a2d);
/// `WSPDeregisterRdmaMemory` — spec/004.
pub const WSAID_DEREGISTERRDMAMEMORY: Guid =
    Guid::from_u128(0xc0b422f8_f58c_11d1_ad6c_00c04fa34a2d);
/// `WSPRdmaWrite` — spec/004.
pub const WSAID_RDMAWRITE: Guid = Guid::from_u128(0xc0b422f9_f58c_11d1_ad6c_00c04fa34a2d);
/// `WSPRdmaRead` — spec/004.
pub const WSAID_RDMAREAD: Guid = Guid::from_u128(0xc0b422fa_f58c_11d1_ad6c_00c04fa34a2d);
/// `WSPMemoryRegistrationCacheCallback` — spec/004.
pub const WSAID_MEMORYREGISTRATIONCACHECALLBACK: Guid =
    Guid::from_u128(0xe5da4af8_d824_48cd_a799_6337a98ed2af);

/// Every named extension-function GUID: `(name, GUID, who serves it)`.
///
/// The mswsock.h entries use their SDK macro names; the SAN entries use the function names of
/// spec/004's table (`WSPRegisterMemory`, …), the only names the specification gives them.
pub static EXTENSION_GUIDS: &[(&str, Guid, ExtensionKind)] = &[
    ("WSAID_ACCEPTEX", WSAID_ACCEPTEX, ExtensionKind::MsWsock),
    ("WSAID_CONNECTEX", WSAID_CONNECTEX, ExtensionKind::MsWsock),
    (
        "WSAID_DISCONNECTEX",
        WSAID_DISCONNECTEX,
        ExtensionKind::MsWsock,
    ),
    (
        "WSAID_GETACCEPTEXSOCKADDRS",
        WSAID_GETACCEPTEXSOCKADDRS,
        ExtensionKind::MsWsock,
    ),
    (
        "WSAID_TRANSMITFILE",
        WSAID_TRANSMITFILE,
        ExtensionKind::MsWsock,
    ),
    (
        "WSAID_TRANSMITPACKETS",
        WSAID_TRANSMITPACKETS,
        ExtensionKind::MsWsock,
    ),
    ("WSAID_WSARECVMSG", WSAID_WSARECVMSG, ExtensionKind::MsWsock),
    ("WSAID_WSASENDMSG", WSAID_WSASENDMSG, ExtensionKind::MsWsock),
    ("WSAID_WSAPOLL", WSAID_WSAPOLL, ExtensionKind::MsWsock),
    (
        "WSAID_MULTIPLE_RIO",
        WSAID_MULTIPLE_RIO,
        ExtensionKind::MsWsock,
    ),
    (
        "WSPRegisterMemory",
        WSAID_REGISTERMEMORY,
        ExtensionKind::San,
    ),
    (
        "WSPDeregisterMemory",
        WSAID_DEREGISTERMEMORY,
        ExtensionKind::San,
    ),
    (
        "WSPRegisterRdmaMemory",
        WSAID_REGISTERRDMAMEMORY,
        ExtensionKind::San,
    ),
    (
        "WSPDeregisterRdmaMemory",
        WSAID_DEREGISTERRDMAMEMORY,
        ExtensionKind::San,
    ),
    ("WSPRdmaWrite", WSAID_RDMAWRITE, ExtensionKind::San),
    ("WSPRdmaRead", WSAID_RDMAREAD, ExtensionKind::San),
    (
        "WSPMemoryRegistrationCacheCallback",
        WSAID_MEMORYREGISTRATIONCACHECALLBACK,
        ExtensionKind::San,
    ),
];

/// The GUID named `name` in [`EXTENSION_GUIDS`] (exact match; ASCII case ignored).
pub fn by_name(name: &str) -> Option<Guid> {
    EXTENSION_GUIDS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, g, _)| g)
}

/// The name of `guid` in [`EXTENSION_GUIDS`].
pub fn name_of(guid: &Guid) -> Option<&'static str> {
    EXTENSION_GUIDS
        .iter()
        .find(|(_, g, _)| g == guid)
        .map(|&(n, _, _)| n)
}

/// The kind of extension `guid` names, if it is in [`EXTENSION_GUIDS`].
pub fn kind_of(guid: &Guid) -> Option<ExtensionKind> {
    EXTENSION_GUIDS
        .iter()
        .find(|(_, g, _)| g == guid)
        .map(|&(_, _, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip() {
        let g: Guid = "{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D}".parse().unwrap();
        assert_eq!(g, WSAID_REGISTERMEMORY);
        assert_eq!(g.to_string(), "{C0B422F5-F58C-11D1-AD6C-00C04FA34A2D}");
        assert_eq!("c0b422f5-f58c-11d1-ad6c-00c04fa34a2d".parse(), Ok(g));
        assert!(
            "{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D"
                .parse::<Guid>()
                .is_err()
        );
        assert!(
            "C0B422F5-F58C-11d1-AD6C_00C04FA34A2D"
                .parse::<Guid>()
                .is_err()
        );
        assert!(
            "C0B422F5-F58C-11d1-AD6C-00C04FA34A2"
                .parse::<Guid>()
                .is_err()
        );
        assert!(
            "G0B422F5-F58C-11d1-AD6C-00C04FA34A2D"
                .parse::<Guid>()
                .is_err()
        );
    }

    #[test]
    fn table_is_unique() {
        for (i, (n, g, _)) in EXTENSION_GUIDS.iter().enumerate() {
            assert_eq!(by_name(n), Some(*g));
            assert_eq!(name_of(g), Some(*n), "GUID {g} listed twice");
            assert!(EXTENSION_GUIDS[i + 1..].iter().all(|(m, _, _)| m != n));
        }
    }
}
