//! `getsockopt(TCP_INFO)` mapped into `TCP_INFO_v0` / `TCP_INFO_v1` (mstcpip.h, via
//! [`crate::wire::tcp_info`]) and the ideal send backlog of `SIO_IDEAL_SEND_BACKLOG_QUERY`.
//!
//! | `TCP_INFO_v0/_v1` field | from Linux `struct tcp_info` (uapi/linux/tcp.h) |
//! |---|---|
//! | `State` | `tcpi_state` (`TCP_ESTABLISHED` 1 … `TCP_CLOSING` 11) → `TCPSTATE_*` |
//! | `Mss` | `tcpi_snd_mss` |
//! | `ConnectionTimeMs` | milliseconds since the provider saw the connection established (connect/accept; 0 for an adopted socket) — Linux keeps no such time |
//! | `TimestampsEnabled` | `tcpi_options & TCPI_OPT_TIMESTAMPS` |
//! | `RttUs`, `MinRttUs` | `tcpi_rtt`, `tcpi_min_rtt` (both µs) |
//! | `BytesInFlight` | `tcpi_bytes_sent − tcpi_bytes_retrans − tcpi_bytes_acked` (original bytes sent, not acknowledged) |
//! | `Cwnd` | `tcpi_snd_cwnd × tcpi_snd_mss` (Linux counts segments, Windows bytes) |
//! | `SndWnd`, `RcvWnd` | `tcpi_snd_wnd`, `tcpi_rcv_wnd` (0 on kernels older than 6.2 / 6.4, which lack them) |
//! | `RcvBuf` | `SO_RCVBUF` |
//! | `BytesOut`, `BytesIn` | `tcpi_bytes_sent`, `tcpi_bytes_received` |
//! | `BytesRetrans` | `tcpi_bytes_retrans` |
//! | `FastRetrans` | `tcpi_total_retrans − tcpi_total_rto` (retransmissions not caused by a timeout; `tcpi_total_rto` needs Linux 6.7, else 0) |
//! | `TimeoutEpisodes` | `tcpi_total_rto_recoveries` (Linux 6.7, else 0) |
//! | `SynRetrans` | `tcpi_retransmits` while in SYN-SENT/SYN-RECEIVED, else 0 |
//! | `BytesReordered`, `DupAcksIn` | 0 — Linux counts reordering events and no duplicate ACKs per socket |
//! | v1 `SndLimTimeRwin`, `SndLimTimeSnd` | `tcpi_rwnd_limited`, `tcpi_sndbuf_limited` (µs → ms) |
//! | v1 `SndLimTimeCwnd` | `tcpi_busy_time − rwnd_limited − sndbuf_limited` (µs → ms) |
//! | v1 `SndLimTrans*`, `SndLimBytes*` | 0 — Linux keeps no per-limit transition or byte counts |
//!
//! Fields the running kernel does not fill (the returned length is shorter) read as 0.

use std::time::Instant;

use crate::wire::tcp_info::{TcpInfoV0, TcpInfoV1, TcpState};

/// Byte offsets in Linux's `struct tcp_info` (uapi/linux/tcp.h); checked against libc's
/// definition in the tests for the fields libc has.
pub(crate) mod off {
    pub const STATE: usize = 0;
    pub const RETRANSMITS: usize = 2;
    pub const OPTIONS: usize = 5;
    pub const SND_MSS: usize = 16;
    pub const RTT: usize = 68;
    pub const SND_CWND: usize = 80;
    pub const TOTAL_RETRANS: usize = 100;
    pub const BYTES_ACKED: usize = 120;
    pub const BYTES_RECEIVED: usize = 128;
    pub const MIN_RTT: usize = 148;
    pub const BUSY_TIME: usize = 168;
    pub const RWND_LIMITED: usize = 176;
    pub const SNDBUF_LIMITED: usize = 184;
    pub const BYTES_SENT: usize = 200;
    pub const BYTES_RETRANS: usize = 208;
    pub const SND_WND: usize = 228;
    pub const RCV_WND: usize = 232;
    pub const TOTAL_RTO: usize = 240;
    pub const TOTAL_RTO_RECOVERIES: usize = 242;
}

/// `TCPI_OPT_TIMESTAMPS`.
const TCPI_OPT_TIMESTAMPS: u8 = 1;

/// Reads fields from the bytes the kernel returned; missing ones are 0.
#[derive(Debug)]
pub(crate) struct RawTcpInfo<'a>(pub(crate) &'a [u8]);

impl RawTcpInfo<'_> {
    fn bytes<const N: usize>(&self, at: usize) -> [u8; N] {
        let mut a = [0u8; N];
        if let Some(b) = self.0.get(at..at + N) {
            a.copy_from_slice(b);
        }
        a
    }
    pub(crate) fn u8(&self, at: usize) -> u8 {
        self.0.get(at).copied().unwrap_or(0)
    }
    pub(crate) fn u16(&self, at: usize) -> u16 {
        u16::from_ne_bytes(self.bytes(at))
    }
    pub(crate) fn u32(&self, at: usize) -> u32 {
        u32::from_ne_bytes(self.bytes(at))
    }
    pub(crate) fn u64(&self, at: usize) -> u64 {
        u64::from_ne_bytes(self.bytes(at))
    }

    /// `tcpi_snd_cwnd × tcpi_snd_mss`, in bytes.
    pub(crate) fn cwnd_bytes(&self) -> u64 {
        u64::from(self.u32(off::SND_CWND)) * u64::from(self.u32(off::SND_MSS))
    }
}

/// Linux `tcpi_state` → `TCPSTATE` (include/net/tcp_states.h numbering).
pub(crate) fn state(linux: u8) -> TcpState {
    match linux {
        1 => TcpState::TCPSTATE_ESTABLISHED,
        2 => TcpState::TCPSTATE_SYN_SENT,
        3 => TcpState::TCPSTATE_SYN_RCVD,
        4 => TcpState::TCPSTATE_FIN_WAIT_1,
        5 => TcpState::TCPSTATE_FIN_WAIT_2,
        6 => TcpState::TCPSTATE_TIME_WAIT,
        8 => TcpState::TCPSTATE_CLOSE_WAIT,
        9 => TcpState::TCPSTATE_LAST_ACK,
        10 => TcpState::TCPSTATE_LISTEN,
        11 => TcpState::TCPSTATE_CLOSING,
        _ => TcpState::TCPSTATE_CLOSED,
    }
}

fn sat32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The `TCP_INFO_v1` for a socket whose kernel `tcp_info` is `raw` (see the module table).
pub(crate) fn map(raw: &RawTcpInfo<'_>, rcv_buf: u32, established: Option<Instant>) -> TcpInfoV1 {
    let st = raw.u8(off::STATE);
    let sent = raw.u64(off::BYTES_SENT);
    let retrans = raw.u64(off::BYTES_RETRANS);
    let acked = raw.u64(off::BYTES_ACKED);
    let busy = raw.u64(off::BUSY_TIME);
    let rwnd = raw.u64(off::RWND_LIMITED);
    let sndbuf = raw.u64(off::SNDBUF_LIMITED);
    let total_rto = u32::from(raw.u16(off::TOTAL_RTO));
    let v0 = TcpInfoV0 {
        state: state(st),
        mss: raw.u32(off::SND_MSS),
        connection_time_ms: established.map_or(0, |t| t.elapsed().as_millis() as u64),
        timestamps_enabled: u8::from(raw.u8(off::OPTIONS) & TCPI_OPT_TIMESTAMPS != 0),
        rtt_us: raw.u32(off::RTT),
        min_rtt_us: raw.u32(off::MIN_RTT),
        bytes_in_flight: sat32(sent.saturating_sub(retrans).saturating_sub(acked)),
        cwnd: sat32(raw.cwnd_bytes()),
        snd_wnd: raw.u32(off::SND_WND),
        rcv_wnd: raw.u32(off::RCV_WND),
        rcv_buf,
        bytes_out: sent,
        bytes_in: raw.u64(off::BYTES_RECEIVED),
        bytes_reordered: 0,
        bytes_retrans: sat32(retrans),
        fast_retrans: raw.u32(off::TOTAL_RETRANS).saturating_sub(total_rto),
        dup_acks_in: 0,
        timeout_episodes: u32::from(raw.u16(off::TOTAL_RTO_RECOVERIES)),
        syn_retrans: if matches!(st, 2 | 3) {
            raw.u8(off::RETRANSMITS)
        } else {
            0
        },
    };
    TcpInfoV1 {
        v0,
        snd_lim_time_rwin: sat32(rwnd / 1000),
        snd_lim_time_snd: sat32(sndbuf / 1000),
        snd_lim_time_cwnd: sat32(busy.saturating_sub(rwnd).saturating_sub(sndbuf) / 1000),
        ..TcpInfoV1::default()
    }
}

/// The ideal send backlog of `SIO_IDEAL_SEND_BACKLOG_QUERY`: the bytes the connection can have
/// in flight, `min(tcpi_snd_cwnd × tcpi_snd_mss, tcpi_snd_wnd)` (the congestion window bounded by
/// the peer's advertised window; the window alone when the kernel does not report
/// `tcpi_snd_wnd`), rounded up to a multiple of 64 KiB with a minimum of 64 KiB.
///
/// **Choice** (no source gives Windows' formula; spec/003 says only "a function of the
/// bandwidth-delay product … and the receiver's advertised receive window"): the rounding makes
/// a fresh loopback connection answer 0x10000 as Windows does (Wine's `test_backlog_query`)
/// whenever its window is at most 64 KiB.
pub(crate) fn ideal_send_backlog(raw: &RawTcpInfo<'_>) -> u32 {
    const UNIT: u64 = 0x10000;
    let cwnd = raw.cwnd_bytes();
    let wnd = u64::from(raw.u32(off::SND_WND));
    let bdp = if wnd == 0 { cwnd } else { cwnd.min(wnd) };
    let rounded = bdp.div_ceil(UNIT).max(1) * UNIT;
    sat32(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::offset_of;

    /// The offsets agree with libc's `struct tcp_info` (an independent transcription of the
    /// kernel header) for every field libc declares.
    #[test]
    fn offsets_match_libc() {
        use libc::tcp_info as T;
        assert_eq!(offset_of!(T, tcpi_state), off::STATE);
        assert_eq!(offset_of!(T, tcpi_retransmits), off::RETRANSMITS);
        assert_eq!(offset_of!(T, tcpi_options), off::OPTIONS);
        assert_eq!(offset_of!(T, tcpi_snd_mss), off::SND_MSS);
        assert_eq!(offset_of!(T, tcpi_rtt), off::RTT);
        assert_eq!(offset_of!(T, tcpi_snd_cwnd), off::SND_CWND);
        assert_eq!(offset_of!(T, tcpi_total_retrans), off::TOTAL_RETRANS);
        assert_eq!(offset_of!(T, tcpi_bytes_acked), off::BYTES_ACKED);
        assert_eq!(offset_of!(T, tcpi_bytes_received), off::BYTES_RECEIVED);
        assert_eq!(offset_of!(T, tcpi_min_rtt), off::MIN_RTT);
    }

    #[test]
    fn missing_fields_read_as_zero() {
        let raw = RawTcpInfo(&[1, 0, 0]);
        assert_eq!(raw.u8(0), 1);
        assert_eq!(raw.u32(off::SND_WND), 0);
        let v1 = map(&raw, 0, None);
        assert_eq!(v1.v0.state, TcpState::TCPSTATE_ESTABLISHED);
        assert_eq!(v1.v0.cwnd, 0);
    }

    #[test]
    fn backlog_rounds_up_to_64k() {
        let mut b = vec![0u8; 256];
        b[off::SND_MSS..off::SND_MSS + 4].copy_from_slice(&65483u32.to_ne_bytes());
        b[off::SND_CWND..off::SND_CWND + 4].copy_from_slice(&10u32.to_ne_bytes());
        b[off::SND_WND..off::SND_WND + 4].copy_from_slice(&65483u32.to_ne_bytes());
        assert_eq!(ideal_send_backlog(&RawTcpInfo(&b)), 0x10000);
        b[off::SND_WND..off::SND_WND + 4].copy_from_slice(&0u32.to_ne_bytes());
        assert_eq!(ideal_send_backlog(&RawTcpInfo(&b)), 0xA0000);
        assert_eq!(ideal_send_backlog(&RawTcpInfo(&[])), 0x10000);
    }
}
