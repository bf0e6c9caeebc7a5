//! `RCVALL_VALUE` and `RCVALL_IF` (mstcpip.h) — the inputs of the `SIO_RCVALL` family.
//!
//! ```c
//! typedef enum {
//!     RCVALL_OFF = 0,
//!     RCVALL_ON = 1,
//!     RCVALL_SOCKETLEVELONLY = 2,
//!     RCVALL_IPLEVEL = 3,
//! } RCVALL_VALUE, *PRCVALL_VALUE;
//! #define RCVALL_MAX RCVALL_IPLEVEL
//!
//! typedef struct {
//!     RCVALL_VALUE Mode;
//!     ULONG Interface;
//! } RCVALL_IF, *PRCVALL_IF;
//! ```
//!
//! * `SIO_RCVALL`, `SIO_RCVALL_MCAST`, `SIO_RCVALL_IGMPMCAST` take an `RCVALL_VALUE`: 4 bytes
//!   (spec/002 and spec/003, "SIO_RCVALL (opcode setting: I, T==3)", with the meaning of each
//!   value; `RCVALL_SOCKETLEVELONLY` "is not currently implemented").
//! * `SIO_RCVALL_IF`, `SIO_RCVALL_MCAST_IF` take an `RCVALL_IF`: 8 bytes on both widths.
//!   mstcpip.h gives `Interface` no further meaning than `ULONG`; it is kept as that number.

use super::scalar::open_enum;
use super::{Arch, Repr, WireError, le};

open_enum! {
    /// `RCVALL_VALUE` (mstcpip.h): the option value of `SIO_RCVALL` and its relatives, a 4-byte
    /// C enum. Also a [`Repr`] by itself: the whole input buffer of `SIO_RCVALL`.
    pub struct RcvallValue(i32);
    RCVALL_OFF = 0, "do not receive all packets";
    RCVALL_ON = 1, "receive all IPv4/IPv6 packets passing the interface (promiscuous mode where the NIC supports it)";
    RCVALL_SOCKETLEVELONLY = 2, "not implemented by Windows: setting it has no effect";
    RCVALL_IPLEVEL = 3, "receive all packets at the IP level, without promiscuous mode";
}

/// `RCVALL_MAX` — an alias of `RCVALL_IPLEVEL`, the largest value.
pub const RCVALL_MAX: RcvallValue = RcvallValue::RCVALL_IPLEVEL;

/// Field layouts (byte ranges).
pub mod field {
    /// `RCVALL_VALUE` as a buffer.
    pub mod rcvall_value {
        use core::ops::Range;
        /// The value (a 4-byte enum).
        pub const VALUE: Range<usize> = 0..4;
        /// `sizeof(RCVALL_VALUE)`.
        pub const LEN: usize = 4;
    }

    /// `RCVALL_IF`.
    pub mod rcvall_if {
        use core::ops::Range;
        /// `Mode` (`RCVALL_VALUE`).
        pub const MODE: Range<usize> = 0..4;
        /// `Interface` (`ULONG`).
        pub const INTERFACE: Range<usize> = 4..8;
        /// `sizeof(RCVALL_IF)`.
        pub const LEN: usize = 8;
    }
}

use field::rcvall_if as rif;
use field::rcvall_value as rval;

impl Repr for RcvallValue {
    const C_NAME: &'static str = "RCVALL_VALUE";

    fn buffer_len(&self, _arch: Arch) -> usize {
        rval::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(rval::LEN, buf.len())?;
        Ok(Self(le::u32_at(buf, rval::VALUE.start) as i32))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(rval::LEN, buf.len())?;
        le::put_u32(buf, rval::VALUE.start, self.0 as u32);
        Ok(rval::LEN)
    }
}

/// A checked view of an `RCVALL_IF` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct RcvallIfView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RcvallIfView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(rif::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Mode`.
    pub fn mode(&self) -> RcvallValue {
        RcvallValue(le::u32_at(self.buffer.as_ref(), rif::MODE.start) as i32)
    }

    /// `Interface`.
    pub fn interface(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), rif::INTERFACE.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> RcvallIfView<T> {
    /// Sets `Mode`.
    pub fn set_mode(&mut self, v: RcvallValue) {
        le::put_u32(self.buffer.as_mut(), rif::MODE.start, v.0 as u32)
    }

    /// Sets `Interface`.
    pub fn set_interface(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), rif::INTERFACE.start, v)
    }
}

/// `RCVALL_IF` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RcvallIf {
    /// `Mode`.
    pub mode: RcvallValue,
    /// `Interface`.
    pub interface: u32,
}

impl Repr for RcvallIf {
    const C_NAME: &'static str = "RCVALL_IF";

    fn buffer_len(&self, _arch: Arch) -> usize {
        rif::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = RcvallIfView::new_checked(buf)?;
        Ok(Self {
            mode: v.mode(),
            interface: v.interface(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = RcvallIfView::new_checked(buf)?;
        v.set_mode(self.mode);
        v.set_interface(self.interface);
        Ok(rif::LEN)
    }
}
