//! `struct tcp_keepalive` (mstcpip.h) — the input of `SIO_KEEPALIVE_VALS`.
//!
//! ```c
//! struct tcp_keepalive {
//!     ULONG onoff;
//!     ULONG keepalivetime;     // milliseconds without activity before the first probe
//!     ULONG keepaliveinterval; // milliseconds between unanswered probes
//! };
//! ```
//!
//! 12 bytes on both widths. spec/002 and spec/003, "SIO_KEEPALIVE_VALS (opcode setting: I, T==3)".

use super::{Arch, Repr, WireError, le};

/// Field layout (byte ranges).
pub mod field {
    use core::ops::Range;
    /// `onoff`.
    pub const ONOFF: Range<usize> = 0..4;
    /// `keepalivetime`.
    pub const KEEPALIVETIME: Range<usize> = 4..8;
    /// `keepaliveinterval`.
    pub const KEEPALIVEINTERVAL: Range<usize> = 8..12;
    /// `sizeof(struct tcp_keepalive)`.
    pub const LEN: usize = 12;
}

/// A checked view of a `tcp_keepalive` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct TcpKeepaliveView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpKeepaliveView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `onoff`.
    pub fn onoff(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::ONOFF.start)
    }

    /// `keepalivetime` (ms).
    pub fn keepalivetime(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::KEEPALIVETIME.start)
    }

    /// `keepaliveinterval` (ms).
    pub fn keepaliveinterval(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::KEEPALIVEINTERVAL.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpKeepaliveView<T> {
    /// Sets `onoff`.
    pub fn set_onoff(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::ONOFF.start, v)
    }

    /// Sets `keepalivetime`.
    pub fn set_keepalivetime(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::KEEPALIVETIME.start, v)
    }

    /// Sets `keepaliveinterval`.
    pub fn set_keepaliveinterval(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::KEEPALIVEINTERVAL.start, v)
    }
}

/// `tcp_keepalive` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TcpKeepalive {
    /// Nonzero enables keep-alive.
    pub onoff: u32,
    /// Idle time before the first probe, in milliseconds.
    pub keepalivetime: u32,
    /// Time between unanswered probes, in milliseconds.
    pub keepaliveinterval: u32,
}

impl Repr for TcpKeepalive {
    const C_NAME: &'static str = "tcp_keepalive";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TcpKeepaliveView::new_checked(buf)?;
        Ok(Self {
            onoff: v.onoff(),
            keepalivetime: v.keepalivetime(),
            keepaliveinterval: v.keepaliveinterval(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TcpKeepaliveView::new_checked(buf)?;
        v.set_onoff(self.onoff);
        v.set_keepalivetime(self.keepalivetime);
        v.set_keepaliveinterval(self.keepaliveinterval);
        Ok(field::LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static BYTES: [u8; 12] = [1, 0, 0, 0, 0x40, 0xe2, 0x01, 0, 0xe8, 0x03, 0, 0];
    const REPR: TcpKeepalive = TcpKeepalive {
        onoff: 1,
        keepalivetime: 123_456,
        keepaliveinterval: 1000,
    };

    #[test]
    fn deconstruct() {
        let v = TcpKeepaliveView::new_checked(&BYTES[..]).unwrap();
        assert_eq!(
            (v.onoff(), v.keepalivetime(), v.keepaliveinterval()),
            (1, 123_456, 1000)
        );
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 12];
        let mut v = TcpKeepaliveView::new_checked(&mut buf[..]).unwrap();
        v.set_onoff(1);
        v.set_keepalivetime(123_456);
        v.set_keepaliveinterval(1000);
        assert_eq!(buf, BYTES);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            assert_eq!(TcpKeepalive::parse(&BYTES, arch).unwrap(), REPR);
            let mut buf = [0xa5u8; 13];
            assert_eq!(REPR.emit(&mut buf, arch), Ok(12));
            assert_eq!(&buf[..12], &BYTES);
            assert_eq!(buf[12], 0xa5, "emit writes nothing past the structure");
        }
    }

    #[test]
    fn short_buffer() {
        assert_eq!(
            TcpKeepalive::parse(&BYTES[..11], Arch::X64),
            Err(WireError::TooShort {
                required: 12,
                actual: 11
            })
        );
    }
}
