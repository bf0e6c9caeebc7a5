//! `TCP_INFO_v0` and `TCP_INFO_v1` (mstcpip.h) — the output of `SIO_TCP_INFO`.
//!
//! `SIO_TCP_INFO` (`_WSAIORW(IOC_VENDOR,39)`, Windows 10 1703 on) takes a `DWORD` version as
//! input (0 or 1, see [`output_len`]) and writes the matching structure:
//!
//! ```c
//! typedef struct _TCP_INFO_v0 {
//!     TCPSTATE State;             //   0
//!     ULONG Mss;                  //   4
//!     ULONG64 ConnectionTimeMs;   //   8
//!     BOOLEAN TimestampsEnabled;  //  16, then 3 bytes of padding
//!     ULONG RttUs;                //  20
//!     ULONG MinRttUs;             //  24
//!     ULONG BytesInFlight;        //  28
//!     ULONG Cwnd;                 //  32
//!     ULONG SndWnd;               //  36
//!     ULONG RcvWnd;               //  40
//!     ULONG RcvBuf;               //  44
//!     ULONG64 BytesOut;           //  48
//!     ULONG64 BytesIn;            //  56
//!     ULONG BytesReordered;       //  64
//!     ULONG BytesRetrans;         //  68
//!     ULONG FastRetrans;          //  72
//!     ULONG DupAcksIn;            //  76
//!     ULONG TimeoutEpisodes;      //  80
//!     UCHAR SynRetrans;           //  84, then 3 bytes of padding: sizeof = 88
//! } TCP_INFO_v0;
//!
//! typedef struct _TCP_INFO_v1 {
//!     /* the v0 fields, as above, 0..85 */
//!     ULONG SndLimTransRwin;      //  88
//!     ULONG SndLimTimeRwin;       //  92
//!     ULONG64 SndLimBytesRwin;    //  96
//!     ULONG SndLimTransCwnd;      // 104
//!     ULONG SndLimTimeCwnd;       // 108
//!     ULONG64 SndLimBytesCwnd;    // 112
//!     ULONG SndLimTransSnd;       // 120
//!     ULONG SndLimTimeSnd;        // 124
//!     ULONG64 SndLimBytesSnd;     // 128: sizeof = 136
//! } TCP_INFO_v1;
//! ```
//!
//! The same on both widths: there is no pointer, and MSVC aligns `ULONG64` to 8 on x86 too, so
//! both structures are 8-aligned with trailing padding. Padding is written as zero.

use super::scalar::open_enum;
use super::{Arch, Repr, WireError, le};

open_enum! {
    /// `TCPSTATE` (mstcpip.h): the `State` of a `TCP_INFO_v0`/`TCP_INFO_v1`, a 4-byte C enum.
    ///
    /// The SDK names the type `TCPSTATE` and its values `TCPSTATE_*` (not
    /// `TCP_CONNECTION_STATE`); `TCPSTATE_MAX` closes the list.
    pub struct TcpState(i32);
    TCPSTATE_CLOSED = 0, "closed";
    TCPSTATE_LISTEN = 1, "listening";
    TCPSTATE_SYN_SENT = 2, "SYN sent";
    TCPSTATE_SYN_RCVD = 3, "SYN received";
    TCPSTATE_ESTABLISHED = 4, "established";
    TCPSTATE_FIN_WAIT_1 = 5, "FIN-WAIT-1";
    TCPSTATE_FIN_WAIT_2 = 6, "FIN-WAIT-2";
    TCPSTATE_CLOSE_WAIT = 7, "CLOSE-WAIT";
    TCPSTATE_CLOSING = 8, "closing";
    TCPSTATE_LAST_ACK = 9, "LAST-ACK";
    TCPSTATE_TIME_WAIT = 10, "TIME-WAIT";
    TCPSTATE_MAX = 11, "one past the last state";
}

/// The output size `SIO_TCP_INFO` needs for the input version (`0` → 88, `1` → 136), or `None`
/// for a version this models no structure for.
pub const fn output_len(version: u32) -> Option<usize> {
    match version {
        0 => Some(field::V0_LEN),
        1 => Some(field::V1_LEN),
        _ => None,
    }
}

/// Field layout (byte ranges), the same for both widths.
pub mod field {
    use core::ops::Range;
    /// `State` (`TCPSTATE`, a 4-byte enum).
    pub const STATE: Range<usize> = 0..4;
    /// `Mss`.
    pub const MSS: Range<usize> = 4..8;
    /// `ConnectionTimeMs` (`ULONG64`).
    pub const CONNECTION_TIME_MS: Range<usize> = 8..16;
    /// `TimestampsEnabled` (`BOOLEAN`).
    pub const TIMESTAMPS_ENABLED: Range<usize> = 16..17;
    /// Padding after `TimestampsEnabled`.
    pub const PADDING_1: Range<usize> = 17..20;
    /// `RttUs`.
    pub const RTT_US: Range<usize> = 20..24;
    /// `MinRttUs`.
    pub const MIN_RTT_US: Range<usize> = 24..28;
    /// `BytesInFlight`.
    pub const BYTES_IN_FLIGHT: Range<usize> = 28..32;
    /// `Cwnd`.
    pub const CWND: Range<usize> = 32..36;
    /// `SndWnd`.
    pub const SND_WND: Range<usize> = 36..40;
    /// `RcvWnd`.
    pub const RCV_WND: Range<usize> = 40..44;
    /// `RcvBuf`.
    pub const RCV_BUF: Range<usize> = 44..48;
    /// `BytesOut` (`ULONG64`).
    pub const BYTES_OUT: Range<usize> = 48..56;
    /// `BytesIn` (`ULONG64`).
    pub const BYTES_IN: Range<usize> = 56..64;
    /// `BytesReordered`.
    pub const BYTES_REORDERED: Range<usize> = 64..68;
    /// `BytesRetrans`.
    pub const BYTES_RETRANS: Range<usize> = 68..72;
    /// `FastRetrans`.
    pub const FAST_RETRANS: Range<usize> = 72..76;
    /// `DupAcksIn`.
    pub const DUP_ACKS_IN: Range<usize> = 76..80;
    /// `TimeoutEpisodes`.
    pub const TIMEOUT_EPISODES: Range<usize> = 80..84;
    /// `SynRetrans` (`UCHAR`).
    pub const SYN_RETRANS: Range<usize> = 84..85;
    /// Padding after `SynRetrans` (trailing in v0; before `SndLimTransRwin` in v1).
    pub const PADDING_2: Range<usize> = 85..88;
    /// `sizeof(TCP_INFO_v0)`.
    pub const V0_LEN: usize = 88;

    /// `SndLimTransRwin` (v1).
    pub const SND_LIM_TRANS_RWIN: Range<usize> = 88..92;
    /// `SndLimTimeRwin` (v1).
    pub const SND_LIM_TIME_RWIN: Range<usize> = 92..96;
    /// `SndLimBytesRwin` (v1, `ULONG64`).
    pub const SND_LIM_BYTES_RWIN: Range<usize> = 96..104;
    /// `SndLimTransCwnd` (v1).
    pub const SND_LIM_TRANS_CWND: Range<usize> = 104..108;
    /// `SndLimTimeCwnd` (v1).
    pub const SND_LIM_TIME_CWND: Range<usize> = 108..112;
    /// `SndLimBytesCwnd` (v1, `ULONG64`).
    pub const SND_LIM_BYTES_CWND: Range<usize> = 112..120;
    /// `SndLimTransSnd` (v1).
    pub const SND_LIM_TRANS_SND: Range<usize> = 120..124;
    /// `SndLimTimeSnd` (v1).
    pub const SND_LIM_TIME_SND: Range<usize> = 124..128;
    /// `SndLimBytesSnd` (v1, `ULONG64`).
    pub const SND_LIM_BYTES_SND: Range<usize> = 128..136;
    /// `sizeof(TCP_INFO_v1)`.
    pub const V1_LEN: usize = 136;
}

macro_rules! accessors {
    ($( $get:ident, $set:ident, $field:ident, $ty:ty, $read:ident, $write:ident, $doc:literal; )*) => {
        impl<T: AsRef<[u8]>> TcpInfoV0View<T> {
            $( #[doc = concat!("`", $doc, "`.")]
               pub fn $get(&self) -> $ty { le::$read(self.buffer.as_ref(), field::$field.start) } )*
        }
        impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpInfoV0View<T> {
            $( #[doc = concat!("Sets `", $doc, "`.")]
               pub fn $set(&mut self, v: $ty) { le::$write(self.buffer.as_mut(), field::$field.start, v) } )*
        }
    };
}

macro_rules! accessors_v1 {
    ($( $get:ident, $set:ident, $field:ident, $ty:ty, $read:ident, $write:ident, $doc:literal; )*) => {
        impl<T: AsRef<[u8]>> TcpInfoV1View<T> {
            $( #[doc = concat!("`", $doc, "`.")]
               pub fn $get(&self) -> $ty { le::$read(self.buffer.as_ref(), field::$field.start) } )*
        }
        impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpInfoV1View<T> {
            $( #[doc = concat!("Sets `", $doc, "`.")]
               pub fn $set(&mut self, v: $ty) { le::$write(self.buffer.as_mut(), field::$field.start, v) } )*
        }
    };
}

/// A checked view of a `TCP_INFO_v0` (or of the v0 prefix of a `TCP_INFO_v1`) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct TcpInfoV0View<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpInfoV0View<T> {
    /// Wraps `buffer` after checking it holds a whole `TCP_INFO_v0` (88 bytes).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::V0_LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `State`.
    pub fn state(&self) -> TcpState {
        TcpState(le::u32_at(self.buffer.as_ref(), field::STATE.start) as i32)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpInfoV0View<T> {
    /// Sets `State`.
    pub fn set_state(&mut self, v: TcpState) {
        le::put_u32(self.buffer.as_mut(), field::STATE.start, v.0 as u32)
    }

    /// Zeroes the padding bytes (17..20 and 85..88).
    pub fn clear_padding(&mut self) {
        let b = self.buffer.as_mut();
        b[field::PADDING_1].fill(0);
        b[field::PADDING_2].fill(0);
    }
}

accessors! {
    mss, set_mss, MSS, u32, u32_at, put_u32, "Mss";
    connection_time_ms, set_connection_time_ms, CONNECTION_TIME_MS, u64, u64_at, put_u64, "ConnectionTimeMs";
    timestamps_enabled, set_timestamps_enabled, TIMESTAMPS_ENABLED, u8, u8_at, put_u8, "TimestampsEnabled";
    rtt_us, set_rtt_us, RTT_US, u32, u32_at, put_u32, "RttUs";
    min_rtt_us, set_min_rtt_us, MIN_RTT_US, u32, u32_at, put_u32, "MinRttUs";
    bytes_in_flight, set_bytes_in_flight, BYTES_IN_FLIGHT, u32, u32_at, put_u32, "BytesInFlight";
    cwnd, set_cwnd, CWND, u32, u32_at, put_u32, "Cwnd";
    snd_wnd, set_snd_wnd, SND_WND, u32, u32_at, put_u32, "SndWnd";
    rcv_wnd, set_rcv_wnd, RCV_WND, u32, u32_at, put_u32, "RcvWnd";
    rcv_buf, set_rcv_buf, RCV_BUF, u32, u32_at, put_u32, "RcvBuf";
    bytes_out, set_bytes_out, BYTES_OUT, u64, u64_at, put_u64, "BytesOut";
    bytes_in, set_bytes_in, BYTES_IN, u64, u64_at, put_u64, "BytesIn";
    bytes_reordered, set_bytes_reordered, BYTES_REORDERED, u32, u32_at, put_u32, "BytesReordered";
    bytes_retrans, set_bytes_retrans, BYTES_RETRANS, u32, u32_at, put_u32, "BytesRetrans";
    fast_retrans, set_fast_retrans, FAST_RETRANS, u32, u32_at, put_u32, "FastRetrans";
    dup_acks_in, set_dup_acks_in, DUP_ACKS_IN, u32, u32_at, put_u32, "DupAcksIn";
    timeout_episodes, set_timeout_episodes, TIMEOUT_EPISODES, u32, u32_at, put_u32, "TimeoutEpisodes";
    syn_retrans, set_syn_retrans, SYN_RETRANS, u8, u8_at, put_u8, "SynRetrans";
}

/// A checked view of a `TCP_INFO_v1` in a byte buffer; [`TcpInfoV1View::v0`] reads the shared
/// prefix.
#[derive(Debug, Clone, Copy)]
pub struct TcpInfoV1View<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpInfoV1View<T> {
    /// Wraps `buffer` after checking it holds a whole `TCP_INFO_v1` (136 bytes).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(field::V1_LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// The v0 fields (the first 88 bytes), as a view.
    pub fn v0(&self) -> TcpInfoV0View<&[u8]> {
        TcpInfoV0View {
            buffer: &self.buffer.as_ref()[..field::V0_LEN],
        }
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpInfoV1View<T> {
    /// The v0 fields, as a mutable view.
    pub fn v0_mut(&mut self) -> TcpInfoV0View<&mut [u8]> {
        TcpInfoV0View {
            buffer: &mut self.buffer.as_mut()[..field::V0_LEN],
        }
    }
}

accessors_v1! {
    snd_lim_trans_rwin, set_snd_lim_trans_rwin, SND_LIM_TRANS_RWIN, u32, u32_at, put_u32, "SndLimTransRwin";
    snd_lim_time_rwin, set_snd_lim_time_rwin, SND_LIM_TIME_RWIN, u32, u32_at, put_u32, "SndLimTimeRwin";
    snd_lim_bytes_rwin, set_snd_lim_bytes_rwin, SND_LIM_BYTES_RWIN, u64, u64_at, put_u64, "SndLimBytesRwin";
    snd_lim_trans_cwnd, set_snd_lim_trans_cwnd, SND_LIM_TRANS_CWND, u32, u32_at, put_u32, "SndLimTransCwnd";
    snd_lim_time_cwnd, set_snd_lim_time_cwnd, SND_LIM_TIME_CWND, u32, u32_at, put_u32, "SndLimTimeCwnd";
    snd_lim_bytes_cwnd, set_snd_lim_bytes_cwnd, SND_LIM_BYTES_CWND, u64, u64_at, put_u64, "SndLimBytesCwnd";
    snd_lim_trans_snd, set_snd_lim_trans_snd, SND_LIM_TRANS_SND, u32, u32_at, put_u32, "SndLimTransSnd";
    snd_lim_time_snd, set_snd_lim_time_snd, SND_LIM_TIME_SND, u32, u32_at, put_u32, "SndLimTimeSnd";
    snd_lim_bytes_snd, set_snd_lim_bytes_snd, SND_LIM_BYTES_SND, u64, u64_at, put_u64, "SndLimBytesSnd";
}

/// `TCP_INFO_v0` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TcpInfoV0 {
    /// `State`.
    pub state: TcpState,
    /// `Mss`: the maximum segment size.
    pub mss: u32,
    /// `ConnectionTimeMs`: connection age in milliseconds.
    pub connection_time_ms: u64,
    /// `TimestampsEnabled`: the raw `BOOLEAN` byte.
    pub timestamps_enabled: u8,
    /// `RttUs`: smoothed round-trip time, microseconds.
    pub rtt_us: u32,
    /// `MinRttUs`: minimum round-trip time, microseconds.
    pub min_rtt_us: u32,
    /// `BytesInFlight`.
    pub bytes_in_flight: u32,
    /// `Cwnd`: congestion window, bytes.
    pub cwnd: u32,
    /// `SndWnd`: peer's receive window, bytes.
    pub snd_wnd: u32,
    /// `RcvWnd`: our receive window, bytes.
    pub rcv_wnd: u32,
    /// `RcvBuf`: receive buffer size, bytes.
    pub rcv_buf: u32,
    /// `BytesOut`.
    pub bytes_out: u64,
    /// `BytesIn`.
    pub bytes_in: u64,
    /// `BytesReordered`.
    pub bytes_reordered: u32,
    /// `BytesRetrans`.
    pub bytes_retrans: u32,
    /// `FastRetrans`.
    pub fast_retrans: u32,
    /// `DupAcksIn`.
    pub dup_acks_in: u32,
    /// `TimeoutEpisodes`.
    pub timeout_episodes: u32,
    /// `SynRetrans`.
    pub syn_retrans: u8,
}

impl TcpInfoV0 {
    fn read<T: AsRef<[u8]>>(v: &TcpInfoV0View<T>) -> Self {
        Self {
            state: v.state(),
            mss: v.mss(),
            connection_time_ms: v.connection_time_ms(),
            timestamps_enabled: v.timestamps_enabled(),
            rtt_us: v.rtt_us(),
            min_rtt_us: v.min_rtt_us(),
            bytes_in_flight: v.bytes_in_flight(),
            cwnd: v.cwnd(),
            snd_wnd: v.snd_wnd(),
            rcv_wnd: v.rcv_wnd(),
            rcv_buf: v.rcv_buf(),
            bytes_out: v.bytes_out(),
            bytes_in: v.bytes_in(),
            bytes_reordered: v.bytes_reordered(),
            bytes_retrans: v.bytes_retrans(),
            fast_retrans: v.fast_retrans(),
            dup_acks_in: v.dup_acks_in(),
            timeout_episodes: v.timeout_episodes(),
            syn_retrans: v.syn_retrans(),
        }
    }

    fn write<T: AsRef<[u8]> + AsMut<[u8]>>(&self, v: &mut TcpInfoV0View<T>) {
        v.set_state(self.state);
        v.set_mss(self.mss);
        v.set_connection_time_ms(self.connection_time_ms);
        v.set_timestamps_enabled(self.timestamps_enabled);
        v.set_rtt_us(self.rtt_us);
        v.set_min_rtt_us(self.min_rtt_us);
        v.set_bytes_in_flight(self.bytes_in_flight);
        v.set_cwnd(self.cwnd);
        v.set_snd_wnd(self.snd_wnd);
        v.set_rcv_wnd(self.rcv_wnd);
        v.set_rcv_buf(self.rcv_buf);
        v.set_bytes_out(self.bytes_out);
        v.set_bytes_in(self.bytes_in);
        v.set_bytes_reordered(self.bytes_reordered);
        v.set_bytes_retrans(self.bytes_retrans);
        v.set_fast_retrans(self.fast_retrans);
        v.set_dup_acks_in(self.dup_acks_in);
        v.set_timeout_episodes(self.timeout_episodes);
        v.set_syn_retrans(self.syn_retrans);
        v.clear_padding();
    }
}

impl Repr for TcpInfoV0 {
    const C_NAME: &'static str = "TCP_INFO_v0";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::V0_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        Ok(Self::read(&TcpInfoV0View::new_checked(buf)?))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TcpInfoV0View::new_checked(buf)?;
        self.write(&mut v);
        Ok(field::V0_LEN)
    }
}

/// `TCP_INFO_v1` as a value: the v0 fields plus the send-limit statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TcpInfoV1 {
    /// The fields shared with `TCP_INFO_v0` (offsets 0..85).
    pub v0: TcpInfoV0,
    /// `SndLimTransRwin`: transitions into the receive-window-limited state.
    pub snd_lim_trans_rwin: u32,
    /// `SndLimTimeRwin`: milliseconds spent receive-window-limited.
    pub snd_lim_time_rwin: u32,
    /// `SndLimBytesRwin`: bytes sent while receive-window-limited.
    pub snd_lim_bytes_rwin: u64,
    /// `SndLimTransCwnd`: transitions into the congestion-window-limited state.
    pub snd_lim_trans_cwnd: u32,
    /// `SndLimTimeCwnd`: milliseconds spent congestion-window-limited.
    pub snd_lim_time_cwnd: u32,
    /// `SndLimBytesCwnd`: bytes sent while congestion-window-limited.
    pub snd_lim_bytes_cwnd: u64,
    /// `SndLimTransSnd`: transitions into the sender-limited state.
    pub snd_lim_trans_snd: u32,
    /// `SndLimTimeSnd`: milliseconds spent sender-limited.
    pub snd_lim_time_snd: u32,
    /// `SndLimBytesSnd`: bytes sent while sender-limited.
    pub snd_lim_bytes_snd: u64,
}

impl Repr for TcpInfoV1 {
    const C_NAME: &'static str = "TCP_INFO_v1";

    fn buffer_len(&self, _arch: Arch) -> usize {
        field::V1_LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = TcpInfoV1View::new_checked(buf)?;
        Ok(Self {
            v0: TcpInfoV0::read(&v.v0()),
            snd_lim_trans_rwin: v.snd_lim_trans_rwin(),
            snd_lim_time_rwin: v.snd_lim_time_rwin(),
            snd_lim_bytes_rwin: v.snd_lim_bytes_rwin(),
            snd_lim_trans_cwnd: v.snd_lim_trans_cwnd(),
            snd_lim_time_cwnd: v.snd_lim_time_cwnd(),
            snd_lim_bytes_cwnd: v.snd_lim_bytes_cwnd(),
            snd_lim_trans_snd: v.snd_lim_trans_snd(),
            snd_lim_time_snd: v.snd_lim_time_snd(),
            snd_lim_bytes_snd: v.snd_lim_bytes_snd(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = TcpInfoV1View::new_checked(buf)?;
        self.v0.write(&mut v.v0_mut());
        v.set_snd_lim_trans_rwin(self.snd_lim_trans_rwin);
        v.set_snd_lim_time_rwin(self.snd_lim_time_rwin);
        v.set_snd_lim_bytes_rwin(self.snd_lim_bytes_rwin);
        v.set_snd_lim_trans_cwnd(self.snd_lim_trans_cwnd);
        v.set_snd_lim_time_cwnd(self.snd_lim_time_cwnd);
        v.set_snd_lim_bytes_cwnd(self.snd_lim_bytes_cwnd);
        v.set_snd_lim_trans_snd(self.snd_lim_trans_snd);
        v.set_snd_lim_time_snd(self.snd_lim_time_snd);
        v.set_snd_lim_bytes_snd(self.snd_lim_bytes_snd);
        Ok(field::V1_LEN)
    }
}
