//! The transport-setting structures (mstcpip.h) of `SIO_APPLY_TRANSPORT_SETTING` and
//! `SIO_QUERY_TRANSPORT_SETTING`.
//!
//! ```c
//! typedef struct TRANSPORT_SETTING_ID { GUID Guid; } TRANSPORT_SETTING_ID;        // 16
//! typedef struct _REAL_TIME_NOTIFICATION_SETTING_INPUT {                         // 32
//!     TRANSPORT_SETTING_ID TransportSettingId;   //  0..16
//!     GUID BrokerEventGuid;                      // 16..32
//! } REAL_TIME_NOTIFICATION_SETTING_INPUT;
//! typedef struct _REAL_TIME_NOTIFICATION_SETTING_INPUT_EX {                      // 36
//!     TRANSPORT_SETTING_ID TransportSettingId;   //  0..16
//!     GUID BrokerEventGuid;                      // 16..32
//!     BOOLEAN Unmark;                            // 32..33, then 3 bytes padding
//! } REAL_TIME_NOTIFICATION_SETTING_INPUT_EX;
//! typedef struct _REAL_TIME_NOTIFICATION_SETTING_OUTPUT {                        // 4
//!     CONTROL_CHANNEL_TRIGGER_STATUS ChannelStatus;
//! } REAL_TIME_NOTIFICATION_SETTING_OUTPUT;
//! typedef struct _ASSOCIATE_NAMERES_CONTEXT_INPUT {                              // 24
//!     TRANSPORT_SETTING_ID TransportSettingId;   //  0..16
//!     UINT64 Handle;                             // 16..24
//! } ASSOCIATE_NAMERES_CONTEXT_INPUT;
//! ```
//!
//! The same on both widths (a `GUID` is 4-aligned, a `UINT64` 8-aligned on x86 too). Microsoft's
//! `SIO_APPLY_TRANSPORT_SETTING` reference: the input is "a structure where the first member of
//! the structure is a TRANSPORT_SETTING_ID structure that determines what transport setting is
//! being applied"; `REAL_TIME_NOTIFICATION_CAPABILITY` (Windows 8) and
//! `ASSOCIATE_NAMERES_CONTEXT` (Windows 10) are the defined settings.

use super::guid::Guid;
use super::scalar::open_enum;
use super::{Arch, Repr, WireError, le};

/// `REAL_TIME_NOTIFICATION_CAPABILITY` (mstcpip.h): mark a TCP socket as used by
/// `ControlChannelTrigger` (input `REAL_TIME_NOTIFICATION_SETTING_INPUT`).
pub const REAL_TIME_NOTIFICATION_CAPABILITY: Guid =
    Guid::from_u128(0x6b59819a_5cae_492d_a901_2a3c2c50164f);
/// `REAL_TIME_NOTIFICATION_CAPABILITY_EX` (mstcpip.h): the same with an `Unmark` flag (input
/// `REAL_TIME_NOTIFICATION_SETTING_INPUT_EX`).
pub const REAL_TIME_NOTIFICATION_CAPABILITY_EX: Guid =
    Guid::from_u128(0x6843da03_154a_4616_a508_44371295f96b);
/// `ASSOCIATE_NAMERES_CONTEXT` (mstcpip.h, Windows 10): associate a name-resolution context
/// handle with the socket (input `ASSOCIATE_NAMERES_CONTEXT_INPUT`).
pub const ASSOCIATE_NAMERES_CONTEXT: Guid = Guid::from_u128(0x59a38b67_d4fe_46e1_ba3c_87ea74ca3049);

open_enum! {
    /// `CONTROL_CHANNEL_TRIGGER_STATUS` (mstcpip.h): `ChannelStatus`, a 4-byte C enum.
    pub struct ControlChannelTriggerStatus(i32);
    CONTROL_CHANNEL_TRIGGER_STATUS_INVALID = 0, "not marked";
    CONTROL_CHANNEL_TRIGGER_STATUS_SOFTWARE_SLOT_ALLOCATED = 1, "a software slot is allocated";
    CONTROL_CHANNEL_TRIGGER_STATUS_HARDWARE_SLOT_ALLOCATED = 2, "a hardware slot is allocated";
    CONTROL_CHANNEL_TRIGGER_STATUS_POLICY_ERROR = 3, "refused by policy";
    CONTROL_CHANNEL_TRIGGER_STATUS_SYSTEM_ERROR = 4, "a system error";
    CONTROL_CHANNEL_TRIGGER_STATUS_TRANSPORT_DISCONNECTED = 5, "the transport disconnected";
    CONTROL_CHANNEL_TRIGGER_STATUS_SERVICE_UNAVAILABLE = 6, "the service is unavailable";
}

/// Field layouts (byte ranges).
pub mod field {
    /// `TRANSPORT_SETTING_ID`.
    pub mod transport_setting_id {
        use core::ops::Range;
        /// `Guid`.
        pub const GUID: Range<usize> = 0..16;
        /// `sizeof(TRANSPORT_SETTING_ID)`.
        pub const LEN: usize = 16;
    }

    /// `REAL_TIME_NOTIFICATION_SETTING_INPUT` and `_INPUT_EX`.
    pub mod real_time_notification_setting_input {
        use core::ops::Range;
        /// `TransportSettingId`.
        pub const TRANSPORT_SETTING_ID: Range<usize> = 0..16;
        /// `BrokerEventGuid`.
        pub const BROKER_EVENT_GUID: Range<usize> = 16..32;
        /// `sizeof(REAL_TIME_NOTIFICATION_SETTING_INPUT)`.
        pub const LEN: usize = 32;
        /// `Unmark` (`BOOLEAN`, `_EX` only).
        pub const UNMARK: Range<usize> = 32..33;
        /// Trailing padding of `_EX` (written as zero).
        pub const EX_PADDING: Range<usize> = 33..36;
        /// `sizeof(REAL_TIME_NOTIFICATION_SETTING_INPUT_EX)`.
        pub const EX_LEN: usize = 36;
    }

    /// `REAL_TIME_NOTIFICATION_SETTING_OUTPUT`.
    pub mod real_time_notification_setting_output {
        use core::ops::Range;
        /// `ChannelStatus`.
        pub const CHANNEL_STATUS: Range<usize> = 0..4;
        /// `sizeof(REAL_TIME_NOTIFICATION_SETTING_OUTPUT)`.
        pub const LEN: usize = 4;
    }

    /// `ASSOCIATE_NAMERES_CONTEXT_INPUT`.
    pub mod associate_nameres_context_input {
        use core::ops::Range;
        /// `TransportSettingId`.
        pub const TRANSPORT_SETTING_ID: Range<usize> = 0..16;
        /// `Handle` (`UINT64`).
        pub const HANDLE: Range<usize> = 16..24;
        /// `sizeof(ASSOCIATE_NAMERES_CONTEXT_INPUT)`.
        pub const LEN: usize = 24;
    }
}

use field::associate_nameres_context_input as anc;
use field::real_time_notification_setting_input as rtn;
use field::real_time_notification_setting_output as rto;

fn guid_at(b: &[u8], at: usize) -> Guid {
    Guid::parse(&b[at..at + 16], Arch::X64).expect("invariant: the view checked the length")
}

fn put_guid(b: &mut [u8], at: usize, g: Guid) {
    g.emit(&mut b[at..at + 16], Arch::X64)
        .expect("invariant: the view checked the length");
}

/// A checked view of the input of the transport-setting codes: any structure that starts with a
/// `TRANSPORT_SETTING_ID`, with the accessors of each known layout (each checks its own length).
#[derive(Debug, Clone, Copy)]
pub struct TransportSettingView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TransportSettingView<T> {
    /// Wraps `buffer` after checking it holds the `TRANSPORT_SETTING_ID`.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::transport_setting_id::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `TransportSettingId.Guid`.
    pub fn transport_setting_id(&self) -> Guid {
        guid_at(self.buffer.as_ref(), 0)
    }

    /// `BrokerEventGuid`, when the buffer holds a `REAL_TIME_NOTIFICATION_SETTING_INPUT`.
    pub fn broker_event_guid(&self) -> Option<Guid> {
        let b = self.buffer.as_ref();
        (b.len() >= rtn::LEN).then(|| guid_at(b, rtn::BROKER_EVENT_GUID.start))
    }

    /// `Unmark`, when the buffer holds a `REAL_TIME_NOTIFICATION_SETTING_INPUT_EX` (the
    /// `BOOLEAN` byte; the padding after it is not required).
    pub fn unmark(&self) -> Option<u8> {
        let b = self.buffer.as_ref();
        (b.len() > rtn::UNMARK.start).then(|| le::u8_at(b, rtn::UNMARK.start))
    }

    /// `Handle`, when the buffer holds an `ASSOCIATE_NAMERES_CONTEXT_INPUT`.
    pub fn handle(&self) -> Option<u64> {
        let b = self.buffer.as_ref();
        (b.len() >= anc::LEN).then(|| le::u64_at(b, anc::HANDLE.start))
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TransportSettingView<T> {
    /// Sets `TransportSettingId.Guid`.
    pub fn set_transport_setting_id(&mut self, g: Guid) {
        put_guid(self.buffer.as_mut(), 0, g)
    }

    /// Sets `BrokerEventGuid`; false (nothing written) when the buffer is too short.
    pub fn set_broker_event_guid(&mut self, g: Guid) -> bool {
        let b = self.buffer.as_mut();
        if b.len() < rtn::LEN {
            return false;
        }
        put_guid(b, rtn::BROKER_EVENT_GUID.start, g);
        true
    }

    /// Sets `Unmark` and zeroes the `_EX` padding; false when the buffer is shorter than `_EX`.
    pub fn set_unmark(&mut self, v: u8) -> bool {
        let b = self.buffer.as_mut();
        if b.len() < rtn::EX_LEN {
            return false;
        }
        le::put_u8(b, rtn::UNMARK.start, v);
        b[rtn::EX_PADDING].fill(0);
        true
    }

    /// Sets `Handle`; false when the buffer is shorter than `ASSOCIATE_NAMERES_CONTEXT_INPUT`.
    pub fn set_handle(&mut self, v: u64) -> bool {
        let b = self.buffer.as_mut();
        if b.len() < anc::LEN {
            return false;
        }
        le::put_u64(b, anc::HANDLE.start, v);
        true
    }
}

/// `TRANSPORT_SETTING_ID` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TransportSettingId {
    /// `Guid`: which setting.
    pub guid: Guid,
}

impl Repr for TransportSettingId {
    const C_NAME: &'static str = "TRANSPORT_SETTING_ID";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::transport_setting_id::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TransportSettingView::new_checked(buf)?;
        Ok(Self {
            guid: v.transport_setting_id(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TransportSettingView::new_checked(buf)?;
        v.set_transport_setting_id(self.guid);
        Ok(field::transport_setting_id::LEN)
    }
}

/// `REAL_TIME_NOTIFICATION_SETTING_INPUT` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RealTimeNotificationSettingInput {
    /// `TransportSettingId` (`REAL_TIME_NOTIFICATION_CAPABILITY`).
    pub transport_setting_id: TransportSettingId,
    /// `BrokerEventGuid`: the real-time notification broker event.
    pub broker_event_guid: Guid,
}

impl Repr for RealTimeNotificationSettingInput {
    const C_NAME: &'static str = "REAL_TIME_NOTIFICATION_SETTING_INPUT";

    fn buffer_len(&self, _arch: Arch) -> usize {
        rtn::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(rtn::LEN, buf.len())?;
        let v = TransportSettingView::new_checked(buf)?;
        Ok(Self {
            transport_setting_id: TransportSettingId {
                guid: v.transport_setting_id(),
            },
            broker_event_guid: v.broker_event_guid().expect("length checked"),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(rtn::LEN, buf.len())?;
        let mut v = TransportSettingView::new_checked(&mut buf[..rtn::LEN])?;
        v.set_transport_setting_id(self.transport_setting_id.guid);
        v.set_broker_event_guid(self.broker_event_guid);
        Ok(rtn::LEN)
    }
}

/// `REAL_TIME_NOTIFICATION_SETTING_INPUT_EX` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RealTimeNotificationSettingInputEx {
    /// `TransportSettingId` (`REAL_TIME_NOTIFICATION_CAPABILITY_EX`).
    pub transport_setting_id: TransportSettingId,
    /// `BrokerEventGuid`.
    pub broker_event_guid: Guid,
    /// `Unmark` (the raw `BOOLEAN` byte): nonzero removes the mark.
    pub unmark: u8,
}

impl Repr for RealTimeNotificationSettingInputEx {
    const C_NAME: &'static str = "REAL_TIME_NOTIFICATION_SETTING_INPUT_EX";

    fn buffer_len(&self, _arch: Arch) -> usize {
        rtn::EX_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(rtn::EX_LEN, buf.len())?;
        let v = TransportSettingView::new_checked(buf)?;
        Ok(Self {
            transport_setting_id: TransportSettingId {
                guid: v.transport_setting_id(),
            },
            broker_event_guid: v.broker_event_guid().expect("length checked"),
            unmark: v.unmark().expect("length checked"),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(rtn::EX_LEN, buf.len())?;
        let mut v = TransportSettingView::new_checked(&mut buf[..rtn::EX_LEN])?;
        v.set_transport_setting_id(self.transport_setting_id.guid);
        v.set_broker_event_guid(self.broker_event_guid);
        v.set_unmark(self.unmark);
        Ok(rtn::EX_LEN)
    }
}

/// `REAL_TIME_NOTIFICATION_SETTING_OUTPUT` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RealTimeNotificationSettingOutput {
    /// `ChannelStatus`.
    pub channel_status: ControlChannelTriggerStatus,
}

impl Repr for RealTimeNotificationSettingOutput {
    const C_NAME: &'static str = "REAL_TIME_NOTIFICATION_SETTING_OUTPUT";

    fn buffer_len(&self, _arch: Arch) -> usize {
        rto::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(rto::LEN, buf.len())?;
        Ok(Self {
            channel_status: ControlChannelTriggerStatus(
                le::u32_at(buf, rto::CHANNEL_STATUS.start) as i32
            ),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(rto::LEN, buf.len())?;
        le::put_u32(buf, rto::CHANNEL_STATUS.start, self.channel_status.0 as u32);
        Ok(rto::LEN)
    }
}

/// `ASSOCIATE_NAMERES_CONTEXT_INPUT` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AssociateNameresContextInput {
    /// `TransportSettingId` (`ASSOCIATE_NAMERES_CONTEXT`).
    pub transport_setting_id: TransportSettingId,
    /// `Handle`: the name-resolution context (`addrinfoex4`'s `ai_resolutionhandle`).
    pub handle: u64,
}

impl Repr for AssociateNameresContextInput {
    const C_NAME: &'static str = "ASSOCIATE_NAMERES_CONTEXT_INPUT";

    fn buffer_len(&self, _arch: Arch) -> usize {
        anc::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(anc::LEN, buf.len())?;
        let v = TransportSettingView::new_checked(buf)?;
        Ok(Self {
            transport_setting_id: TransportSettingId {
                guid: v.transport_setting_id(),
            },
            handle: v.handle().expect("length checked"),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(anc::LEN, buf.len())?;
        let mut v = TransportSettingView::new_checked(&mut buf[..anc::LEN])?;
        v.set_transport_setting_id(self.transport_setting_id.guid);
        v.set_handle(self.handle);
        Ok(anc::LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `REAL_TIME_NOTIFICATION_CAPABILITY` {6B59819A-5CAE-492D-A901-2A3C2C50164F} in memory:
    /// Data1..3 little-endian, Data4 as written.
    const RTNC: [u8; 16] = [
        0x9a, 0x81, 0x59, 0x6b, 0xae, 0x5c, 0x2d, 0x49, 0xa9, 0x01, 0x2a, 0x3c, 0x2c, 0x50, 0x16,
        0x4f,
    ];

    fn ex_bytes() -> Vec<u8> {
        let mut b = RTNC.to_vec();
        b.extend((1..=16).collect::<Vec<u8>>()); // BrokerEventGuid bytes 01..10
        b.extend_from_slice(&[1, 0, 0, 0]); // Unmark TRUE + padding
        b
    }

    fn broker() -> Guid {
        Guid::parse(&(1..=16).collect::<Vec<u8>>(), Arch::X64).unwrap()
    }

    #[test]
    fn deconstruct() {
        let b = ex_bytes();
        let v = TransportSettingView::new_checked(&b[..]).unwrap();
        assert_eq!(v.transport_setting_id(), REAL_TIME_NOTIFICATION_CAPABILITY);
        assert_eq!(v.broker_event_guid(), Some(broker()));
        assert_eq!(v.unmark(), Some(1));
        // Read as an ASSOCIATE_NAMERES_CONTEXT_INPUT, bytes 16..24 are the Handle.
        assert_eq!(
            v.handle(),
            Some(u64::from_le_bytes([1, 2, 3, 4, 5, 6, 7, 8]))
        );
        let short = TransportSettingView::new_checked(&b[..16]).unwrap();
        assert_eq!((short.broker_event_guid(), short.unmark()), (None, None));
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 36];
        let mut v = TransportSettingView::new_checked(&mut buf[..]).unwrap();
        v.set_transport_setting_id(REAL_TIME_NOTIFICATION_CAPABILITY);
        assert!(v.set_broker_event_guid(broker()));
        assert!(v.set_unmark(1));
        assert_eq!(buf.to_vec(), ex_bytes());
    }

    #[test]
    fn parse_and_emit() {
        let ex = RealTimeNotificationSettingInputEx {
            transport_setting_id: TransportSettingId {
                guid: REAL_TIME_NOTIFICATION_CAPABILITY,
            },
            broker_event_guid: broker(),
            unmark: 1,
        };
        for arch in Arch::ALL {
            assert_eq!(
                RealTimeNotificationSettingInputEx::parse(&ex_bytes(), arch).unwrap(),
                ex
            );
            let mut buf = [0xa5u8; 37];
            assert_eq!(ex.emit(&mut buf, arch), Ok(36));
            assert_eq!(&buf[..36], &ex_bytes()[..]);
            assert_eq!(buf[36], 0xa5);
            let plain = RealTimeNotificationSettingInput::parse(&ex_bytes(), arch).unwrap();
            assert_eq!(plain.to_bytes(arch), ex_bytes()[..32].to_vec());
        }
        let out = RealTimeNotificationSettingOutput {
            channel_status:
                ControlChannelTriggerStatus::CONTROL_CHANNEL_TRIGGER_STATUS_SOFTWARE_SLOT_ALLOCATED,
        };
        assert_eq!(out.to_bytes(Arch::X86), [1, 0, 0, 0]);
        let anc = AssociateNameresContextInput {
            transport_setting_id: TransportSettingId {
                guid: ASSOCIATE_NAMERES_CONTEXT,
            },
            handle: 0x1122_3344_5566_7788,
        };
        let b = anc.to_bytes(Arch::X64);
        assert_eq!(&b[16..], &0x1122_3344_5566_7788u64.to_le_bytes());
        assert_eq!(
            AssociateNameresContextInput::parse(&b, Arch::X86).unwrap(),
            anc
        );
    }

    #[test]
    fn short_buffers() {
        assert_eq!(
            RealTimeNotificationSettingInput::parse(&ex_bytes()[..31], Arch::X64),
            Err(WireError::TooShort {
                required: 32,
                actual: 31
            })
        );
        assert_eq!(
            TransportSettingId::parse(&RTNC[..15], Arch::X64),
            Err(WireError::TooShort {
                required: 16,
                actual: 15
            })
        );
        let mut b = [0xa5u8; 23];
        assert!(
            AssociateNameresContextInput::default()
                .emit(&mut b, Arch::X64)
                .is_err()
        );
        assert_eq!(b, [0xa5; 23]);
    }
}
