//! The 32-bit control-code layout and the SDK's code-building macros.
//!
//! Every spec document (000 "dwIoControlCode", 001, 002/003 "The dwIoControlCode parameter has the
//! following form", 004 "Because IOCTL codes are 32-bit entities…") describes the same layout:
//!
//! ```text
//!  31 30 29 28 27 26 ………………… 16 15 ………………………………… 0
//!   I  O  V   T   vendor/family       code
//! ```
//!
//! * **I** (`IOC_IN`) — the input buffer is valid for the code;
//! * **O** (`IOC_OUT`) — the output buffer is valid;
//! * **V** (`IOC_VOID`) — the code takes no parameters;
//! * **T** — 0 Unix, 1 generic Winsock 2, 2 address-family specific, 3 vendor specific;
//! * **vendor/address family** — 11 bits: the vendor (T = 3), the family (T = 2), an extension
//!   of the code (T = 1), or "the same value as the code on Unix" (T = 0);
//! * **code** — 16 bits.
//!
//! Codes with T = 0 were built with the BSD macros (`_IO`, `_IOR`, `_IOW` in winsock2.h), which
//! read the same word differently: parameter size in bits 16–22 (`IOCPARM_MASK`), a group
//! character in bits 8–15 and a number in bits 0–7. [`ControlCode::bsd`] gives that reading.
//!
//! The I/O/V bits are hints only: `SIO_FIND_ROUTE` is marked O although its input is a sockaddr
//! (spec/README.md, "Known disagreements"); the catalog records each code's real buffer contract.
//!
//! Decoding never fails: every `u32` decodes to [`Fields`], and [`ControlCode::from_fields`] is its
//! exact inverse.

use core::fmt;

/// `IOCPARM_MASK` — parameters must be smaller than 128 bytes in the BSD encoding (winsock2.h).
pub const IOCPARM_MASK: u32 = 0x7f;
/// `IOC_VOID` — no parameters (bit 29, the V bit).
pub const IOC_VOID: u32 = 0x2000_0000;
/// `IOC_OUT` — copy out parameters (bit 30, the O bit).
pub const IOC_OUT: u32 = 0x4000_0000;
/// `IOC_IN` — copy in parameters (bit 31, the I bit).
pub const IOC_IN: u32 = 0x8000_0000;
/// `IOC_INOUT` — `IOC_IN | IOC_OUT`.
pub const IOC_INOUT: u32 = IOC_IN | IOC_OUT;
/// `IOC_UNIX` — T = 0, a Unix (BSD) ioctl code.
pub const IOC_UNIX: u32 = 0x0000_0000;
/// `IOC_WS2` — T = 1, a generic Winsock 2 code.
pub const IOC_WS2: u32 = 0x0800_0000;
/// `IOC_PROTOCOL` — T = 2, a code of one address family.
pub const IOC_PROTOCOL: u32 = 0x1000_0000;
/// `IOC_VENDOR` — T = 3, a vendor-specific code.
pub const IOC_VENDOR: u32 = 0x1800_0000;
/// `IOC_WSK` — `IOC_WS2 | 0x07000000`, the Winsock Kernel range (wsk.h).
pub const IOC_WSK: u32 = IOC_WS2 | 0x0700_0000;

/// `_IO(x, y)` — a BSD code without parameters: `IOC_VOID | (x << 8) | y`.
#[allow(non_snake_case)]
pub const fn _IO(x: u32, y: u32) -> u32 {
    IOC_VOID | (x << 8) | y
}

/// `_IOR(x, y, t)` — a BSD code that returns a `t`; `size` stands for `sizeof(t)`:
/// `IOC_OUT | ((size & IOCPARM_MASK) << 16) | (x << 8) | y`.
#[allow(non_snake_case)]
pub const fn _IOR(x: u32, y: u32, size: u32) -> u32 {
    IOC_OUT | ((size & IOCPARM_MASK) << 16) | (x << 8) | y
}

/// `_IOW(x, y, t)` — a BSD code that takes a `t`; `size` stands for `sizeof(t)`:
/// `IOC_IN | ((size & IOCPARM_MASK) << 16) | (x << 8) | y`.
#[allow(non_snake_case)]
pub const fn _IOW(x: u32, y: u32, size: u32) -> u32 {
    IOC_IN | ((size & IOCPARM_MASK) << 16) | (x << 8) | y
}

/// `_WSAIO(x, y)` — a Winsock 2 code without parameters: `IOC_VOID | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIO(x: u32, y: u32) -> u32 {
    IOC_VOID | x | y
}

/// `_WSAIOR(x, y)` — a Winsock 2 code with output: `IOC_OUT | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIOR(x: u32, y: u32) -> u32 {
    IOC_OUT | x | y
}

/// `_WSAIOW(x, y)` — a Winsock 2 code with input: `IOC_IN | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIOW(x: u32, y: u32) -> u32 {
    IOC_IN | x | y
}

/// `_WSAIORW(x, y)` — a Winsock 2 code with input and output: `IOC_INOUT | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIORW(x: u32, y: u32) -> u32 {
    IOC_INOUT | x | y
}

/// The T field (bits 28–27): which authority defines the code.
///
/// Two bits hold exactly four values, so this enum is exhaustive over every `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum IoctlKind {
    /// T = 0 — a standard Unix ioctl code, as with FIONREAD and FIONBIO (`IOC_UNIX`).
    Unix = 0,
    /// T = 1 — a generic Windows Sockets 2 code (`IOC_WS2`).
    Winsock2 = 1,
    /// T = 2 — applies only to one address family (`IOC_PROTOCOL`).
    Protocol = 2,
    /// T = 3 — applies only to one vendor's provider (`IOC_VENDOR`).
    Vendor = 3,
}

impl IoctlKind {
    /// The kind for a 2-bit T value (only the low two bits are read).
    pub const fn from_bits(t: u32) -> Self {
        match t & 3 {
            0 => Self::Unix,
            1 => Self::Winsock2,
            2 => Self::Protocol,
            _ => Self::Vendor,
        }
    }

    /// The 2-bit T value.
    pub const fn bits(self) -> u32 {
        self as u32
    }

    /// The SDK constant that sets this T value in a code (`IOC_UNIX`, `IOC_WS2`, …).
    pub const fn sdk_name(self) -> &'static str {
        match self {
            Self::Unix => "IOC_UNIX",
            Self::Winsock2 => "IOC_WS2",
            Self::Protocol => "IOC_PROTOCOL",
            Self::Vendor => "IOC_VENDOR",
        }
    }
}

/// The Winsock 2 reading of a control code: every bit of the word, in named fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Fields {
    /// I, bit 31: the input buffer is valid for the code.
    pub input: bool,
    /// O, bit 30: the output buffer is valid for the code.
    pub output: bool,
    /// V, bit 29: the code has no parameters.
    pub void: bool,
    /// T, bits 28–27.
    pub kind: IoctlKind,
    /// Vendor / address family, bits 26–16 (11 bits; higher bits are ignored on encode).
    pub family: u16,
    /// Code, bits 15–0.
    pub code: u16,
}

/// The BSD reading of a T = 0 code (as built by `_IO`, `_IOR`, `_IOW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BsdFields {
    /// Parameter size in bytes, bits 22–16 (`IOCPARM_MASK`).
    pub param_len: u8,
    /// Group character, bits 15–8 (`'f'` for file codes, `'s'` for socket, `'t'` for TCP/IP).
    pub group: u8,
    /// Number within the group, bits 7–0.
    pub number: u8,
}

/// A `dwIoControlCode` value.
///
/// An open newtype: any `u32` is a valid `ControlCode`, known or not. `Debug` prints the catalog
/// name(s) when the value is catalogued, else the hex value.
///
/// ```
/// use wsaioctl::code::{ControlCode, IoctlKind};
/// let c = ControlCode::new(0x9800_0004); // SIO_KEEPALIVE_VALS
/// assert!(c.is_input() && !c.is_output());
/// assert_eq!(c.kind(), IoctlKind::Vendor);
/// assert_eq!(c.code(), 4);
/// assert_eq!(ControlCode::from_fields(c.fields()), c);
/// assert_eq!(format!("{c:?}"), "SIO_KEEPALIVE_VALS");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[repr(transparent)]
pub struct ControlCode(pub u32);

impl ControlCode {
    /// Wraps a raw value.
    pub const fn new(raw: u32) -> Self {
        Self(raw)
    }

    /// The raw value.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// I (bit 31): the input buffer is valid for the code.
    pub const fn is_input(self) -> bool {
        self.0 & IOC_IN != 0
    }

    /// O (bit 30): the output buffer is valid for the code.
    pub const fn is_output(self) -> bool {
        self.0 & IOC_OUT != 0
    }

    /// V (bit 29): the code has no parameters.
    pub const fn is_void(self) -> bool {
        self.0 & IOC_VOID != 0
    }

    /// T (bits 28–27).
    pub const fn kind(self) -> IoctlKind {
        IoctlKind::from_bits(self.0 >> 27)
    }

    /// Vendor / address family (bits 26–16).
    pub const fn family(self) -> u16 {
        ((self.0 >> 16) & 0x7ff) as u16
    }

    /// Code (bits 15–0).
    pub const fn code(self) -> u16 {
        self.0 as u16
    }

    /// Every field of the Winsock 2 reading.
    pub const fn fields(self) -> Fields {
        Fields {
            input: self.is_input(),
            output: self.is_output(),
            void: self.is_void(),
            kind: self.kind(),
            family: self.family(),
            code: self.code(),
        }
    }

    /// Builds a code from its fields; the exact inverse of [`fields`](Self::fields).
    /// Bits of `family` above the eleventh are ignored.
    pub const fn from_fields(f: Fields) -> Self {
        let mut v = 0u32;
        if f.input {
            v |= IOC_IN;
        }
        if f.output {
            v |= IOC_OUT;
        }
        if f.void {
            v |= IOC_VOID;
        }
        v |= f.kind.bits() << 27;
        v |= ((f.family as u32) & 0x7ff) << 16;
        v |= f.code as u32;
        Self(v)
    }

    /// The BSD reading (meaningful for T = 0 codes; defined for every value).
    pub const fn bsd(self) -> BsdFields {
        BsdFields {
            param_len: ((self.0 >> 16) & IOCPARM_MASK) as u8,
            group: (self.0 >> 8) as u8,
            number: self.0 as u8,
        }
    }

    /// True when the value is exactly what `_IO`/`_IOR`/`_IOW` can build: T = 0 and bits 23–28
    /// clear, so the BSD reading loses nothing.
    pub const fn is_bsd_shaped(self) -> bool {
        self.0 & 0x1f80_0000 == 0
    }

    /// The SDK macro expression that rebuilds this value, e.g. `_IOR('f', 127, 4)` or
    /// `_WSAIORW(IOC_WS2, 6)`; values no macro builds come back as a hex literal.
    pub fn macro_form(self) -> String {
        let v = self.0;
        let dir = v & (IOC_INOUT | IOC_VOID);
        if self.is_bsd_shaped() {
            let b = self.bsd();
            let g = if b.group.is_ascii_graphic() {
                format!("'{}'", b.group as char)
            } else {
                format!("{:#x}", b.group)
            };
            match dir {
                IOC_VOID if b.param_len == 0 => return format!("_IO({g}, {})", b.number),
                IOC_OUT => return format!("_IOR({g}, {}, {})", b.number, b.param_len),
                IOC_IN => return format!("_IOW({g}, {}, {})", b.number, b.param_len),
                _ => {}
            }
        }
        let base = v & !(IOC_INOUT | IOC_VOID);
        let kind = self.kind();
        let rest = base & !(kind.bits() << 27);
        let t = kind.sdk_name();
        let arg = if rest < 10 {
            format!("{rest}")
        } else {
            format!("{rest:#x}")
        };
        match dir {
            IOC_VOID => format!("_WSAIO({t}, {arg})"),
            IOC_OUT => format!("_WSAIOR({t}, {arg})"),
            IOC_IN => format!("_WSAIOW({t}, {arg})"),
            IOC_INOUT => format!("_WSAIORW({t}, {arg})"),
            _ => format!("{v:#010x}"),
        }
    }

    /// The catalog's names for this value (several codes can share a value), empty if unknown.
    pub fn names(self) -> Vec<&'static str> {
        crate::catalog::lookup(self).map(|e| e.name).collect()
    }
}

impl From<u32> for ControlCode {
    fn from(v: u32) -> Self {
        Self(v)
    }
}

impl From<ControlCode> for u32 {
    fn from(c: ControlCode) -> u32 {
        c.0
    }
}

impl fmt::Debug for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.names();
        if names.is_empty() {
            write!(f, "ControlCode({:#010x})", self.0)
        } else {
            f.write_str(&names.join("|"))
        }
    }
}

impl fmt::Display for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010x}", self.0)
    }
}

impl fmt::LowerHex for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::LowerHex::fmt(&self.0, f)
    }
}

impl fmt::UpperHex for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::UpperHex::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_macros_build_the_documented_values() {
        // winsock2.h: FIONREAD _IOR('f', 127, u_long), FIONBIO _IOW('f', 126, u_long).
        assert_eq!(_IOR('f' as u32, 127, 4), 0x4004_667f);
        assert_eq!(_IOW('f' as u32, 126, 4), 0x8004_667e);
        // SIO_GET_EXTENSION_FUNCTION_POINTER _WSAIORW(IOC_WS2, 6).
        assert_eq!(_WSAIORW(IOC_WS2, 6), 0xc800_0006);
        // SIO_ADDRESS_LIST_CHANGE _WSAIO(IOC_WS2, 23).
        assert_eq!(_WSAIO(IOC_WS2, 23), 0x2800_0017);
        // ws2ipdef.h: SIO_IDEAL_SEND_BACKLOG_CHANGE _IO('t', 122).
        assert_eq!(_IO('t' as u32, 122), 0x2000_747a);
    }

    #[test]
    fn fields_of_a_vendor_code() {
        let f = ControlCode(0x9800_0004).fields();
        assert!(f.input && !f.output && !f.void);
        assert_eq!((f.kind, f.family, f.code), (IoctlKind::Vendor, 0, 4));
    }

    #[test]
    fn bsd_reading_of_fionread() {
        let b = ControlCode(0x4004_667f).bsd();
        assert_eq!((b.param_len, b.group, b.number), (4, b'f', 127));
        assert!(ControlCode(0x4004_667f).is_bsd_shaped());
        assert!(!ControlCode(0xc800_0006).is_bsd_shaped());
    }

    #[test]
    fn macro_forms() {
        assert_eq!(ControlCode(0x4004_667f).macro_form(), "_IOR('f', 127, 4)");
        assert_eq!(ControlCode(0x2000_747a).macro_form(), "_IO('t', 122)");
        assert_eq!(
            ControlCode(0xc800_0006).macro_form(),
            "_WSAIORW(IOC_WS2, 6)"
        );
        assert_eq!(
            ControlCode(0x9800_0004).macro_form(),
            "_WSAIOW(IOC_VENDOR, 4)"
        );
        assert_eq!(ControlCode(0x0800_0001).macro_form(), "0x08000001");
    }
}
