//! `WSA_COMPATIBILITY_MODE` (mswsockdef.h) — the input of `SIO_SET_COMPATIBILITY_MODE`.
//!
//! ```c
//! typedef enum _WSA_COMPATIBILITY_BEHAVIOR_ID {
//!     WsaBehaviorAll = 0,
//!     WsaBehaviorReceiveBuffering,
//!     WsaBehaviorAutoTuning
//! } WSA_COMPATIBILITY_BEHAVIOR_ID, *PWSA_COMPATIBILITY_BEHAVIOR_ID;
//!
//! typedef struct _WSA_COMPATIBILITY_MODE {
//!     WSA_COMPATIBILITY_BEHAVIOR_ID BehaviorId;
//!     ULONG TargetOsVersion;
//! } WSA_COMPATIBILITY_MODE, *PWSA_COMPATIBILITY_MODE;
//! ```
//!
//! 8 bytes on both widths. spec/002 and spec/003, "SIO_SET_COMPATIBILITY_MODE (opcode setting:
//! I, T==3)": `BehaviorId` names the behaviour, `TargetOsVersion` the Windows version (an
//! `NTDDI_*` value, see [`ntddi`]) whose behaviour is requested; a target of Windows Vista or
//! later keeps the Vista behaviour, an earlier one asks for the pre-Vista behaviour
//! ([`WsaCompatibilityMode::targets_vista_or_later`]).

use super::scalar::open_enum;
use super::{Arch, Repr, WireError, le};

open_enum! {
    /// `WSA_COMPATIBILITY_BEHAVIOR_ID` (mswsockdef.h): which behaviour
    /// `SIO_SET_COMPATIBILITY_MODE` adjusts (spec/002, spec/003). A 4-byte C enum.
    pub struct CompatibilityBehaviorId(i32);
    WsaBehaviorAll = 0, "all of the compatible behaviours defined for the enumeration";
    WsaBehaviorReceiveBuffering = 1, "whether SO_RCVBUF may shrink the TCP receive buffer after the connection is established";
    WsaBehaviorAutoTuning = 2, "receive-window auto-tuning and window scaling";
}

/// `NTDDI_*` version values (sdkddkver.h) for `TargetOsVersion`.
pub mod ntddi {
    /// `NTDDI_WIN2K` — Windows 2000.
    pub const NTDDI_WIN2K: u32 = 0x0500_0000;
    /// `NTDDI_WINXP` — Windows XP.
    pub const NTDDI_WINXP: u32 = 0x0501_0000;
    /// `NTDDI_WS03` — Windows Server 2003.
    pub const NTDDI_WS03: u32 = 0x0502_0000;
    /// `NTDDI_VISTA` (= `NTDDI_WIN6`, `NTDDI_LONGHORN`) — Windows Vista / Server 2008.
    pub const NTDDI_VISTA: u32 = 0x0600_0000;
    /// `NTDDI_WIN7` — Windows 7 / Server 2008 R2.
    pub const NTDDI_WIN7: u32 = 0x0601_0000;
    /// `NTDDI_WIN8` — Windows 8 / Server 2012.
    pub const NTDDI_WIN8: u32 = 0x0602_0000;
    /// `NTDDI_WINBLUE` — Windows 8.1 / Server 2012 R2.
    pub const NTDDI_WINBLUE: u32 = 0x0603_0000;
    /// `NTDDI_WIN10` (= `NTDDI_WINTHRESHOLD`) — Windows 10 RTM.
    pub const NTDDI_WIN10: u32 = 0x0A00_0000;
}

/// Field layout (byte ranges).
pub mod field {
    use core::ops::Range;
    /// `BehaviorId` (`WSA_COMPATIBILITY_BEHAVIOR_ID`, a 4-byte enum).
    pub const BEHAVIOR_ID: Range<usize> = 0..4;
    /// `TargetOsVersion` (`ULONG`).
    pub const TARGET_OS_VERSION: Range<usize> = 4..8;
    /// `sizeof(WSA_COMPATIBILITY_MODE)`.
    pub const LEN: usize = 8;
}

/// A checked view of a `WSA_COMPATIBILITY_MODE` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct WsaCompatibilityModeView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> WsaCompatibilityModeView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `BehaviorId`.
    pub fn behavior_id(&self) -> CompatibilityBehaviorId {
        CompatibilityBehaviorId(le::u32_at(self.buffer.as_ref(), field::BEHAVIOR_ID.start) as i32)
    }

    /// `TargetOsVersion`.
    pub fn target_os_version(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::TARGET_OS_VERSION.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> WsaCompatibilityModeView<T> {
    /// Sets `BehaviorId`.
    pub fn set_behavior_id(&mut self, v: CompatibilityBehaviorId) {
        le::put_u32(self.buffer.as_mut(), field::BEHAVIOR_ID.start, v.0 as u32)
    }

    /// Sets `TargetOsVersion`.
    pub fn set_target_os_version(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::TARGET_OS_VERSION.start, v)
    }
}

/// `WSA_COMPATIBILITY_MODE` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WsaCompatibilityMode {
    /// `BehaviorId`.
    pub behavior_id: CompatibilityBehaviorId,
    /// `TargetOsVersion`: an `NTDDI_*` value ([`ntddi`]).
    pub target_os_version: u32,
}

impl WsaCompatibilityMode {
    /// Whether `TargetOsVersion` is Windows Vista or later (`>= NTDDI_VISTA`): spec/002 and
    /// spec/003 describe each behaviour for "a value for Windows Vista or later" and "a value
    /// earlier than Windows Vista".
    pub const fn targets_vista_or_later(&self) -> bool {
        self.target_os_version >= ntddi::NTDDI_VISTA
    }
}

impl Repr for WsaCompatibilityMode {
    const C_NAME: &'static str = "WSA_COMPATIBILITY_MODE";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = WsaCompatibilityModeView::new_checked(buf)?;
        Ok(Self {
            behavior_id: v.behavior_id(),
            target_os_version: v.target_os_version(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = WsaCompatibilityModeView::new_checked(buf)?;
        v.set_behavior_id(self.behavior_id);
        v.set_target_os_version(self.target_os_version);
        Ok(field::LEN)
    }
}
