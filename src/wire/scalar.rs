//! The scalar buffers many control codes use, as [`Repr`] types.
//!
//! | type | C type | size | used by (spec/001–003 unless noted) |
//! |---|---|---|---|
//! | [`ULong`] | `u_long`, `ULONG`, `DWORD` | 4 | `FIONBIO`, `FIONREAD`, `SIO_TCP_INFO`'s version, the Windows CE `SO_SSL_*_FLAGS` and `SO_SSL_GET_CAPABILITIES` (spec/000) |
//! | [`WinBool`] | `BOOL` | 4 | `SIOCATMARK`, `SIO_UDP_CONNRESET`, `SIO_LOOPBACK_FAST_PATH`, `SIO_MULTIPOINT_LOOPBACK` |
//! | [`Boolean`] | `BOOLEAN` | 1 | one-byte flags |
//! | [`UShort`] | `USHORT` | 2 | `SIO_CPU_AFFINITY` |
//! | [`UInt64`] | `UINT64` | 8 | the output of `SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE` (spec/002: "the size of a UINT64") |
//! | [`Handle`] | `SOCKET`, `HANDLE`, a function pointer | 4 on x86, 8 on x64 | `SIO_BASE_HANDLE`, `SIO_BSP_HANDLE*`, `SIO_GET_EXTENSION_FUNCTION_POINTER`'s output |
//!
//! A scalar is its own view: there is one field at offset 0, so these types have no separate
//! checked view; `parse` checks the length once and reads. Sizes are in [`field`].
//!
//! The module also holds the crate-internal `open_enum!` macro that the other structure files use
//! for C enumerations: an open newtype with associated constants and a name-printing `Debug`
//! (DESIGN.md, "Examples to follow" 2), never an exhaustive Rust `enum`.

use super::{Arch, Repr, WireError, le};

/// Defines an open newtype over a C enumeration or `#define` family: any value of the inner
/// integer is representable; the named ones are associated constants; `Debug` prints the name.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($inner:ty);
        $( $konst:ident = $val:literal, $doc:literal; )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[repr(transparent)]
        pub struct $name(pub $inner);

        #[allow(non_upper_case_globals)]
        impl $name {
            $(
                #[doc = concat!("`", stringify!($konst), "` (", stringify!($val), ") — ", $doc)]
                pub const $konst: Self = Self($val);
            )*

            /// Every named value, in the order of the SDK header.
            pub const ALL: &'static [Self] = &[$(Self::$konst),*];

            /// The SDK name, or `None` for a value with no name here.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some(stringify!($konst)),)*
                    _ => None,
                }
            }

            /// The value named `name` (case-insensitive SDK name).
            pub fn from_name(name: &str) -> Option<Self> {
                $( if name.eq_ignore_ascii_case(stringify!($konst)) { return Some(Self::$konst); } )*
                None
            }

            /// The raw value.
            pub const fn get(self) -> $inner {
                self.0
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!(stringify!($name), "({})"), self.0),
                }
            }
        }

        impl From<$inner> for $name {
            fn from(v: $inner) -> Self {
                Self(v)
            }
        }

        impl From<$name> for $inner {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            /// As `{"name": "RCVALL_ON", "value": 1}` (`name` is `null` for an unnamed value).
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut st = s.serialize_struct(stringify!($name), 2)?;
                st.serialize_field("name", &self.name())?;
                st.serialize_field("value", &self.0)?;
                st.end()
            }
        }
    };
}
pub(crate) use open_enum;

/// `Invalid` unless `value` fits a pointer-sized field of `arch` (32 bits on x86).
pub(crate) fn check_pointer(field: &'static str, value: u64, arch: Arch) -> Result<(), WireError> {
    if arch.pointer_size() == 4 && value > u64::from(u32::MAX) {
        Err(WireError::invalid(
            field,
            format!("{value:#x} does not fit a 32-bit pointer-sized field (x86)"),
        ))
    } else {
        Ok(())
    }
}

/// Sizes of the scalar buffers (each has one field at offset 0).
pub mod field {
    use super::Arch;
    /// `sizeof(ULONG)` (`u_long`, `DWORD`).
    pub const ULONG_LEN: usize = 4;
    /// `sizeof(BOOL)`.
    pub const BOOL_LEN: usize = 4;
    /// `sizeof(BOOLEAN)`.
    pub const BOOLEAN_LEN: usize = 1;
    /// `sizeof(USHORT)`.
    pub const USHORT_LEN: usize = 2;
    /// `sizeof(UINT64)`.
    pub const UINT64_LEN: usize = 8;
    /// `sizeof(HANDLE)` / `sizeof(SOCKET)`: the pointer size of `arch`.
    pub const fn handle_len(arch: Arch) -> usize {
        arch.pointer_size()
    }
}

/// `u_long` / `ULONG` / `DWORD` — a 4-byte unsigned integer buffer.
///
/// The argument of `FIONBIO` (nonzero enables non-blocking mode) and the result of `FIONREAD`
/// (spec/001, spec/002), the version input of `SIO_TCP_INFO`, and the DWORD bit fields of the
/// Windows CE `SO_SSL_GET_CAPABILITIES` / `SO_SSL_SET_FLAGS` / `SO_SSL_GET_FLAGS` (spec/000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ULong(pub u32);

impl Repr for ULong {
    const C_NAME: &'static str = "ULONG";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::ULONG_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::ULONG_LEN, buf.len())?;
        Ok(Self(le::u32_at(buf, 0)))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::ULONG_LEN, buf.len())?;
        le::put_u32(buf, 0, self.0);
        Ok(field::ULONG_LEN)
    }
}

/// `BOOL` — a 4-byte signed integer, nonzero meaning true.
///
/// The output of `SIOCATMARK` and the input of `SIO_UDP_CONNRESET`, `SIO_LOOPBACK_FAST_PATH`
/// and `SIO_MULTIPOINT_LOOPBACK` (spec/002, spec/003). Any value is kept as given: Windows
/// tests `!= 0`, and a caller may pass 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WinBool(pub i32);

impl WinBool {
    /// `TRUE` (1).
    pub const TRUE: Self = Self(1);
    /// `FALSE` (0).
    pub const FALSE: Self = Self(0);

    /// Whether the value is nonzero (how Windows reads a `BOOL`).
    pub const fn is_true(self) -> bool {
        self.0 != 0
    }
}

impl From<bool> for WinBool {
    fn from(b: bool) -> Self {
        Self(b as i32)
    }
}

impl Repr for WinBool {
    const C_NAME: &'static str = "BOOL";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::BOOL_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::BOOL_LEN, buf.len())?;
        Ok(Self(le::u32_at(buf, 0) as i32))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::BOOL_LEN, buf.len())?;
        le::put_u32(buf, 0, self.0 as u32);
        Ok(field::BOOL_LEN)
    }
}

/// `BOOLEAN` — one byte, nonzero meaning true. The byte is kept as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Boolean(pub u8);

impl Boolean {
    /// `TRUE` (1).
    pub const TRUE: Self = Self(1);
    /// `FALSE` (0).
    pub const FALSE: Self = Self(0);

    /// Whether the byte is nonzero.
    pub const fn is_true(self) -> bool {
        self.0 != 0
    }
}

impl From<bool> for Boolean {
    fn from(b: bool) -> Self {
        Self(b as u8)
    }
}

impl Repr for Boolean {
    const C_NAME: &'static str = "BOOLEAN";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::BOOLEAN_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::BOOLEAN_LEN, buf.len())?;
        Ok(Self(le::u8_at(buf, 0)))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::BOOLEAN_LEN, buf.len())?;
        le::put_u8(buf, 0, self.0);
        Ok(field::BOOLEAN_LEN)
    }
}

/// `USHORT` — a 2-byte unsigned integer buffer; the processor number of `SIO_CPU_AFFINITY`
/// (mstcpip.h: `_WSAIOW(IOC_VENDOR,21)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UShort(pub u16);

impl Repr for UShort {
    const C_NAME: &'static str = "USHORT";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::USHORT_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::USHORT_LEN, buf.len())?;
        Ok(Self(le::u16_at(buf, 0)))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::USHORT_LEN, buf.len())?;
        le::put_u16(buf, 0, self.0);
        Ok(field::USHORT_LEN)
    }
}

/// `UINT64` — an 8-byte unsigned integer buffer; the ALE endpoint handle that
/// `SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE` returns (spec/002: a shorter output is `WSAEINVAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UInt64(pub u64);

impl Repr for UInt64 {
    const C_NAME: &'static str = "UINT64";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::UINT64_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::UINT64_LEN, buf.len())?;
        Ok(Self(le::u64_at(buf, 0)))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(field::UINT64_LEN, buf.len())?;
        le::put_u64(buf, 0, self.0);
        Ok(field::UINT64_LEN)
    }
}

/// A pointer-sized value: `SOCKET`, `HANDLE`, or a function pointer.
///
/// 4 bytes on x86, 8 on x64. The value is the raw bit pattern, zero-extended on x86: x86's
/// `INVALID_SOCKET` is `0xFFFF_FFFF` here, not `u64::MAX` (see [`Handle::invalid`]). Emitting a
/// value above `u32::MAX` for x86 is [`WireError::Invalid`] — it cannot exist in a 32-bit
/// process. The output of `SIO_BASE_HANDLE` / `SIO_BSP_HANDLE*` and the function pointer that
/// `SIO_GET_EXTENSION_FUNCTION_POINTER` returns (spec/002, spec/003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Handle(pub u64);

impl Handle {
    /// `INVALID_SOCKET` / `INVALID_HANDLE_VALUE` for `arch`: all ones at the pointer width.
    pub const fn invalid(arch: Arch) -> Self {
        match arch {
            Arch::X86 => Self(u32::MAX as u64),
            Arch::X64 => Self(u64::MAX),
        }
    }
}

impl Repr for Handle {
    const C_NAME: &'static str = "HANDLE";

    fn buffer_len(&self, arch: Arch) -> usize {
        field::handle_len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        let len = field::handle_len(arch);
        WireError::check_len(len, buf.len())?;
        Ok(Self(le::ptr_at(buf, 0, len)))
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let len = field::handle_len(arch);
        WireError::check_len(len, buf.len())?;
        check_pointer("HANDLE", self.0, arch)?;
        le::put_ptr(buf, 0, len, self.0);
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_widths() {
        let h = Handle(0x1234_5678);
        assert_eq!(h.to_bytes(Arch::X86), [0x78, 0x56, 0x34, 0x12]);
        assert_eq!(h.to_bytes(Arch::X64), [0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0]);
        let mut buf = [0xa5u8; 8];
        assert!(matches!(
            Handle(1 << 32).emit(&mut buf, Arch::X86),
            Err(WireError::Invalid { .. })
        ));
        assert_eq!(buf, [0xa5; 8], "a rejected emit writes nothing");
        assert_eq!(
            Handle::parse(&[0xff; 4], Arch::X86),
            Ok(Handle::invalid(Arch::X86))
        );
    }

    #[test]
    fn bool_reads_nonzero() {
        assert!(WinBool::parse(&[2, 0, 0, 0], Arch::X64).unwrap().is_true());
        assert!(!WinBool::parse(&[0; 4], Arch::X64).unwrap().is_true());
        assert_eq!(WinBool::from(true).to_bytes(Arch::X86), [1, 0, 0, 0]);
        assert_eq!(
            WinBool::parse(&[0; 3], Arch::X86),
            Err(WireError::TooShort {
                required: 4,
                actual: 3
            })
        );
    }
}
