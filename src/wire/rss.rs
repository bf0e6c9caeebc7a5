//! `RSS_SCALABILITY_INFO` (mstcpip.h) — the output of `SIO_QUERY_RSS_SCALABILITY_INFO`.
//!
//! ```c
//! typedef struct _RSS_SCALABILITY_INFO {
//!     BOOLEAN RssEnabled;
//! } RSS_SCALABILITY_INFO, *PRSS_SCALABILITY_INFO;
//! ```
//!
//! 1 byte on both widths. spec/002 and spec/003, "SIO_QUERY_RSS_SCALABILITY_INFO (opcode
//! setting: O, T==3)": `RssEnabled` says whether RSS is enabled on at least one interface; an
//! output buffer shorter than the structure (or NULL) fails with `WSAEINVAL`.

use super::{Arch, Repr, WireError, le};

/// Field layout (byte ranges).
pub mod field {
    use core::ops::Range;
    /// `RssEnabled` (`BOOLEAN`).
    pub const RSS_ENABLED: Range<usize> = 0..1;
    /// `sizeof(RSS_SCALABILITY_INFO)`.
    pub const LEN: usize = 1;
}

/// A checked view of an `RSS_SCALABILITY_INFO` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct RssScalabilityInfoView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RssScalabilityInfoView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `RssEnabled` (the raw `BOOLEAN` byte).
    pub fn rss_enabled(&self) -> u8 {
        le::u8_at(self.buffer.as_ref(), field::RSS_ENABLED.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> RssScalabilityInfoView<T> {
    /// Sets `RssEnabled`.
    pub fn set_rss_enabled(&mut self, v: u8) {
        le::put_u8(self.buffer.as_mut(), field::RSS_ENABLED.start, v)
    }
}

/// `RSS_SCALABILITY_INFO` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RssScalabilityInfo {
    /// `RssEnabled`: the raw `BOOLEAN` byte (Windows writes 0 or 1; any byte is kept).
    pub rss_enabled: u8,
}

impl RssScalabilityInfo {
    /// Whether `RssEnabled` is nonzero.
    pub const fn is_rss_enabled(&self) -> bool {
        self.rss_enabled != 0
    }
}

impl Repr for RssScalabilityInfo {
    const C_NAME: &'static str = "RSS_SCALABILITY_INFO";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = RssScalabilityInfoView::new_checked(buf)?;
        Ok(Self {
            rss_enabled: v.rss_enabled(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = RssScalabilityInfoView::new_checked(buf)?;
        v.set_rss_enabled(self.rss_enabled);
        Ok(field::LEN)
    }
}
