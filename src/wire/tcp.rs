//! Small TCP tuning structures (mstcpip.h) and the socket hints passed by value.
//!
//! | structure | size | code (mstcpip.h) |
//! |---|---|---|
//! | `TCP_INITIAL_RTO_PARAMETERS` | 4 (3 + 1 padding) | `SIO_TCP_INITIAL_RTO` = `_WSAIOW(IOC_VENDOR,17)` |
//! | `TCP_ICW_PARAMETERS` | 4 | `SIO_TCP_SET_ICW` = `_WSAIOW(IOC_VENDOR,22)` |
//! | `TCP_ACK_FREQUENCY_PARAMETERS` | 1 | `SIO_TCP_SET_ACK_FREQUENCY` = `_WSAIOW(IOC_VENDOR,23)` |
//! | `SOCKET_PRIORITY_HINT` | 4 | `SIO_SET_PRIORITY_HINT` = `_WSAIOW(IOC_VENDOR,24)` |
//! | `TIMESTAMPING_CONFIG` | 8 (6 + 2 padding) | `SIO_TIMESTAMPING` = `_WSAIOW(IOC_VENDOR,235)` |
//! | `SOCKET_USAGE_TYPE` | 4 | `SIO_SOCKET_USAGE_NOTIFICATION` = `_WSAIOW(IOC_VENDOR,204)` |
//!
//! ```c
//! typedef struct _TCP_INITIAL_RTO_PARAMETERS {
//!     USHORT Rtt;                     // milliseconds
//!     UCHAR MaxSynRetransmissions;
//! } TCP_INITIAL_RTO_PARAMETERS, *PTCP_INITIAL_RTO_PARAMETERS;
//!
//! typedef struct _TCP_ICW_PARAMETERS { TCP_ICW_LEVEL Level; } TCP_ICW_PARAMETERS;
//! typedef struct _TCP_ACK_FREQUENCY_PARAMETERS { UCHAR TcpDelayedAckFrequency; } TCP_ACK_FREQUENCY_PARAMETERS;
//!
//! typedef struct _TIMESTAMPING_CONFIG {
//!     ULONG Flags;
//!     USHORT TxTimestampsBuffered;
//! } TIMESTAMPING_CONFIG, *PTIMESTAMPING_CONFIG;
//! ```
//!
//! All the same on both widths (no pointers). Padding is written as zero.

use super::scalar::open_enum;
use super::{Arch, Repr, WireError, le};

/// `TCP_INITIAL_RTO_UNSPECIFIED_RTT` — `((USHORT) -1)`: use the administrator-configured RTT.
pub const TCP_INITIAL_RTO_UNSPECIFIED_RTT: u16 = u16::MAX;
/// `TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS` — `((UCHAR) -1)`: use the
/// administrator-configured count.
///
/// mstcpip.h casts to `UCHAR` (255); windows-sys 0.61 types it `u16` 65535, whose low byte is
/// the same value the one-byte field holds.
pub const TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS: u8 = u8::MAX;
/// `TCP_INITIAL_RTO_DEFAULT_RTT` (0): the system default RTT.
pub const TCP_INITIAL_RTO_DEFAULT_RTT: u16 = 0;
/// `TCP_INITIAL_RTO_DEFAULT_MAX_SYN_RETRANSMISSIONS` (0): the system default count.
pub const TCP_INITIAL_RTO_DEFAULT_MAX_SYN_RETRANSMISSIONS: u8 = 0;
/// `TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS` — `((UCHAR) -2)` (254): do not retransmit the SYN.
///
/// mstcpip.h casts to `UCHAR`; windows-sys 0.61 types it `u16` 65534 (low byte 254).
pub const TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS: u8 = 0xFE;

/// `TIMESTAMPING_FLAG_RX` — enable receive timestamps (`TIMESTAMPING_CONFIG.Flags`).
pub const TIMESTAMPING_FLAG_RX: u32 = 0x1;
/// `TIMESTAMPING_FLAG_TX` — enable transmit timestamps (`TIMESTAMPING_CONFIG.Flags`).
pub const TIMESTAMPING_FLAG_TX: u32 = 0x2;

open_enum! {
    /// `TCP_ICW_LEVEL` (mstcpip.h): the initial congestion window level of `SIO_TCP_SET_ICW`,
    /// a 4-byte C enum.
    pub struct TcpIcwLevel(i32);
    TCP_ICW_LEVEL_DEFAULT = 0, "the system default";
    TCP_ICW_LEVEL_HIGH = 1, "high";
    TCP_ICW_LEVEL_VERY_HIGH = 2, "very high";
    TCP_ICW_LEVEL_AGGRESSIVE = 3, "aggressive";
    TCP_ICW_LEVEL_EXPERIMENTAL = 4, "experimental";
    TCP_ICW_LEVEL_COMPAT = 254, "compatibility";
    TCP_ICW_LEVEL_MAX = 255, "the upper bound";
}

open_enum! {
    /// `SOCKET_PRIORITY_HINT` (mstcpip.h, Windows 10 RS3 on): the input of
    /// `SIO_SET_PRIORITY_HINT`, a 4-byte C enum. Also a [`Repr`] by itself.
    pub struct SocketPriorityHint(i32);
    SocketPriorityHintVeryLow = 0, "very low priority";
    SocketPriorityHintLow = 1, "low priority";
    SocketPriorityHintNormal = 2, "normal priority";
    SocketMaximumPriorityHintType = 3, "one past the last hint";
}

open_enum! {
    /// `SOCKET_USAGE_TYPE` (mstcpip.h): the input of `SIO_SOCKET_USAGE_NOTIFICATION`, a 4-byte
    /// C enum. Also a [`Repr`] by itself.
    pub struct SocketUsageType(i32);
    SYSTEM_CRITICAL_SOCKET = 1, "the socket is used by a system-critical component";
}

/// Field layouts (byte ranges).
pub mod field {
    /// `TCP_INITIAL_RTO_PARAMETERS`.
    pub mod tcp_initial_rto_parameters {
        use core::ops::Range;
        /// `Rtt` (`USHORT`, milliseconds).
        pub const RTT: Range<usize> = 0..2;
        /// `MaxSynRetransmissions` (`UCHAR`).
        pub const MAX_SYN_RETRANSMISSIONS: Range<usize> = 2..3;
        /// Trailing padding to the 2-byte alignment (written as zero).
        pub const PADDING: Range<usize> = 3..4;
        /// `sizeof(TCP_INITIAL_RTO_PARAMETERS)`.
        pub const LEN: usize = 4;
    }

    /// `TCP_ACK_FREQUENCY_PARAMETERS`.
    pub mod tcp_ack_frequency_parameters {
        use core::ops::Range;
        /// `TcpDelayedAckFrequency` (`UCHAR`).
        pub const TCP_DELAYED_ACK_FREQUENCY: Range<usize> = 0..1;
        /// `sizeof(TCP_ACK_FREQUENCY_PARAMETERS)`.
        pub const LEN: usize = 1;
    }

    /// `TIMESTAMPING_CONFIG`.
    pub mod timestamping_config {
        use core::ops::Range;
        /// `Flags` (`ULONG`).
        pub const FLAGS: Range<usize> = 0..4;
        /// `TxTimestampsBuffered` (`USHORT`).
        pub const TX_TIMESTAMPS_BUFFERED: Range<usize> = 4..6;
        /// Trailing padding to the 4-byte alignment (written as zero).
        pub const PADDING: Range<usize> = 6..8;
        /// `sizeof(TIMESTAMPING_CONFIG)`.
        pub const LEN: usize = 8;
    }

    /// `TCP_ICW_PARAMETERS`.
    pub mod tcp_icw_parameters {
        use core::ops::Range;
        /// `Level` (`TCP_ICW_LEVEL`, a 4-byte enum).
        pub const LEVEL: Range<usize> = 0..4;
        /// `sizeof(TCP_ICW_PARAMETERS)`.
        pub const LEN: usize = 4;
    }

    /// A 4-byte C enum passed by value (`SOCKET_PRIORITY_HINT`, `SOCKET_USAGE_TYPE`).
    pub mod enum_value {
        use core::ops::Range;
        /// The value.
        pub const VALUE: Range<usize> = 0..4;
        /// `sizeof` a C enum.
        pub const LEN: usize = 4;
    }
}

use field::enum_value as ev;
use field::tcp_ack_frequency_parameters as ack;
use field::tcp_icw_parameters as icw;
use field::tcp_initial_rto_parameters as rto;
use field::timestamping_config as ts;

macro_rules! enum_repr {
    ($ty:ident, $cname:literal) => {
        impl Repr for $ty {
            const C_NAME: &'static str = $cname;

            fn buffer_len(&self, _arch: Arch) -> usize {
                ev::LEN
            }

            fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
                WireError::check_len(ev::LEN, buf.len())?;
                Ok(Self(le::u32_at(buf, ev::VALUE.start) as i32))
            }

            fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
                WireError::check_len(ev::LEN, buf.len())?;
                le::put_u32(buf, ev::VALUE.start, self.0 as u32);
                Ok(ev::LEN)
            }
        }
    };
}

enum_repr!(SocketPriorityHint, "SOCKET_PRIORITY_HINT");
enum_repr!(SocketUsageType, "SOCKET_USAGE_TYPE");

/// A checked view of a `TCP_INITIAL_RTO_PARAMETERS` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct TcpInitialRtoParametersView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpInitialRtoParametersView<T> {
    /// Wraps `buffer` after checking it holds the whole structure (4 bytes, padding included).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(rto::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Rtt` (milliseconds).
    pub fn rtt(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), rto::RTT.start)
    }

    /// `MaxSynRetransmissions`.
    pub fn max_syn_retransmissions(&self) -> u8 {
        le::u8_at(self.buffer.as_ref(), rto::MAX_SYN_RETRANSMISSIONS.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpInitialRtoParametersView<T> {
    /// Sets `Rtt`.
    pub fn set_rtt(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), rto::RTT.start, v)
    }

    /// Sets `MaxSynRetransmissions`.
    pub fn set_max_syn_retransmissions(&mut self, v: u8) {
        le::put_u8(self.buffer.as_mut(), rto::MAX_SYN_RETRANSMISSIONS.start, v)
    }

    /// Zeroes the trailing padding byte.
    pub fn clear_padding(&mut self) {
        self.buffer.as_mut()[rto::PADDING].fill(0)
    }
}

/// `TCP_INITIAL_RTO_PARAMETERS` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TcpInitialRtoParameters {
    /// `Rtt`: initial RTT estimate in milliseconds, or [`TCP_INITIAL_RTO_UNSPECIFIED_RTT`] /
    /// [`TCP_INITIAL_RTO_DEFAULT_RTT`].
    pub rtt: u16,
    /// `MaxSynRetransmissions`, or [`TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS`] /
    /// [`TCP_INITIAL_RTO_DEFAULT_MAX_SYN_RETRANSMISSIONS`] /
    /// [`TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS`].
    pub max_syn_retransmissions: u8,
}

impl Repr for TcpInitialRtoParameters {
    const C_NAME: &'static str = "TCP_INITIAL_RTO_PARAMETERS";

    fn buffer_len(&self, _arch: Arch) -> usize {
        rto::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TcpInitialRtoParametersView::new_checked(buf)?;
        Ok(Self {
            rtt: v.rtt(),
            max_syn_retransmissions: v.max_syn_retransmissions(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TcpInitialRtoParametersView::new_checked(buf)?;
        v.set_rtt(self.rtt);
        v.set_max_syn_retransmissions(self.max_syn_retransmissions);
        v.clear_padding();
        Ok(rto::LEN)
    }
}

/// A checked view of a `TCP_ACK_FREQUENCY_PARAMETERS` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct TcpAckFrequencyParametersView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpAckFrequencyParametersView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(ack::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `TcpDelayedAckFrequency`.
    pub fn tcp_delayed_ack_frequency(&self) -> u8 {
        le::u8_at(self.buffer.as_ref(), ack::TCP_DELAYED_ACK_FREQUENCY.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpAckFrequencyParametersView<T> {
    /// Sets `TcpDelayedAckFrequency`.
    pub fn set_tcp_delayed_ack_frequency(&mut self, v: u8) {
        le::put_u8(
            self.buffer.as_mut(),
            ack::TCP_DELAYED_ACK_FREQUENCY.start,
            v,
        )
    }
}

/// `TCP_ACK_FREQUENCY_PARAMETERS` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TcpAckFrequencyParameters {
    /// `TcpDelayedAckFrequency`: segments received before a delayed ACK is sent.
    pub tcp_delayed_ack_frequency: u8,
}

impl Repr for TcpAckFrequencyParameters {
    const C_NAME: &'static str = "TCP_ACK_FREQUENCY_PARAMETERS";

    fn buffer_len(&self, _arch: Arch) -> usize {
        ack::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TcpAckFrequencyParametersView::new_checked(buf)?;
        Ok(Self {
            tcp_delayed_ack_frequency: v.tcp_delayed_ack_frequency(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TcpAckFrequencyParametersView::new_checked(buf)?;
        v.set_tcp_delayed_ack_frequency(self.tcp_delayed_ack_frequency);
        Ok(ack::LEN)
    }
}

/// A checked view of a `TIMESTAMPING_CONFIG` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct TimestampingConfigView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TimestampingConfigView<T> {
    /// Wraps `buffer` after checking it holds the whole structure (8 bytes, padding included).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(ts::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Flags`.
    pub fn flags(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), ts::FLAGS.start)
    }

    /// `TxTimestampsBuffered`.
    pub fn tx_timestamps_buffered(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), ts::TX_TIMESTAMPS_BUFFERED.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TimestampingConfigView<T> {
    /// Sets `Flags`.
    pub fn set_flags(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), ts::FLAGS.start, v)
    }

    /// Sets `TxTimestampsBuffered`.
    pub fn set_tx_timestamps_buffered(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), ts::TX_TIMESTAMPS_BUFFERED.start, v)
    }

    /// Zeroes the trailing padding.
    pub fn clear_padding(&mut self) {
        self.buffer.as_mut()[ts::PADDING].fill(0)
    }
}

/// `TIMESTAMPING_CONFIG` as a value — the input of `SIO_TIMESTAMPING`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TimestampingConfig {
    /// `Flags`: [`TIMESTAMPING_FLAG_RX`] | [`TIMESTAMPING_FLAG_TX`].
    pub flags: u32,
    /// `TxTimestampsBuffered`: how many transmit timestamps the stack buffers.
    pub tx_timestamps_buffered: u16,
}

impl Repr for TimestampingConfig {
    const C_NAME: &'static str = "TIMESTAMPING_CONFIG";

    fn buffer_len(&self, _arch: Arch) -> usize {
        ts::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TimestampingConfigView::new_checked(buf)?;
        Ok(Self {
            flags: v.flags(),
            tx_timestamps_buffered: v.tx_timestamps_buffered(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TimestampingConfigView::new_checked(buf)?;
        v.set_flags(self.flags);
        v.set_tx_timestamps_buffered(self.tx_timestamps_buffered);
        v.clear_padding();
        Ok(ts::LEN)
    }
}

/// A checked view of a `TCP_ICW_PARAMETERS` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct TcpIcwParametersView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpIcwParametersView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(icw::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Level`.
    pub fn level(&self) -> TcpIcwLevel {
        TcpIcwLevel(le::u32_at(self.buffer.as_ref(), icw::LEVEL.start) as i32)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpIcwParametersView<T> {
    /// Sets `Level`.
    pub fn set_level(&mut self, v: TcpIcwLevel) {
        le::put_u32(self.buffer.as_mut(), icw::LEVEL.start, v.0 as u32)
    }
}

/// `TCP_ICW_PARAMETERS` as a value — the input of `SIO_TCP_SET_ICW`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TcpIcwParameters {
    /// `Level`.
    pub level: TcpIcwLevel,
}

impl Repr for TcpIcwParameters {
    const C_NAME: &'static str = "TCP_ICW_PARAMETERS";

    fn buffer_len(&self, _arch: Arch) -> usize {
        icw::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TcpIcwParametersView::new_checked(buf)?;
        Ok(Self { level: v.level() })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TcpIcwParametersView::new_checked(buf)?;
        v.set_level(self.level);
        Ok(icw::LEN)
    }
}
