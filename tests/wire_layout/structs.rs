//! The remaining Windows structures: RSS, compatibility mode, port reservations, TCP_INFO,
//! RCVALL, TCP tuning, CE SSL, QOS and the scalar buffers.
//!
//! * smoltcp's four per structure (deconstruct, construct into 0xa5, parse, emit) against known
//!   bytes written out here by hand from the C definitions (offsets in the comments);
//! * windows-sys parity (x64): `size_of`, `offset_of!` and the size of every field, and the
//!   constants;
//! * x86 sizes pinned from the SDK definitions (MSVC: 4-byte pointers, `ULONG64` 8-aligned);
//! * proptest: `parse(emit(x)) == x` on both widths, and no input of 0..300 bytes panics;
//! * insta snapshots of a decoded `TCP_INFO_v1` and `QOS` for x86 and x64 with hex dumps.

use core::fmt::Debug;
use core::mem::{offset_of, size_of};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use wsaioctl::wire::compat::{self, CompatibilityBehaviorId, WsaCompatibilityMode};
use wsaioctl::wire::port_reservation::{
    self as pres, InetPortRange, InetPortRangeView, InetPortReservationInformation,
    InetPortReservationInformationView, InetPortReservationInstance,
    InetPortReservationInstanceView, InetPortReservationToken, InetPortReservationTokenView,
};
use wsaioctl::wire::qos::{
    self, Flowspec, FlowspecView, Qos, QosView, ServiceType, WsaBuf, WsaBufView,
};
use wsaioctl::wire::rcvall::{self, RcvallIf, RcvallIfView, RcvallValue};
use wsaioctl::wire::rss::{RssScalabilityInfo, RssScalabilityInfoView};
use wsaioctl::wire::scalar::{Boolean, Handle, UInt64, ULong, UShort, WinBool};
use wsaioctl::wire::ssl::{
    self, SslProtocol, SslProtocolId, SslProtocolView, SslProtocols, SslProtocolsView,
    SslValidateCertHook, SslValidateCertHookView,
};
use wsaioctl::wire::tcp::{
    self, SocketPriorityHint, SocketUsageType, TcpAckFrequencyParameters,
    TcpAckFrequencyParametersView, TcpIcwLevel, TcpIcwParameters, TcpIcwParametersView,
    TcpInitialRtoParameters, TcpInitialRtoParametersView, TimestampingConfig,
    TimestampingConfigView,
};
use wsaioctl::wire::tcp_info::{
    self, TcpInfoV0, TcpInfoV0View, TcpInfoV1, TcpInfoV1View, TcpState,
};
use wsaioctl::wire::{Arch, Repr, WireError, keepalive};

use windows_sys::Win32::NetworkManagement::QoS as wqos;
use windows_sys::Win32::Networking::WinSock as ws;
use windows_sys::Win32::System::SystemInformation as wsi;

// ---------------------------------------------------------------------------------------------
// Helpers

/// The contract of `Repr` on known bytes: parse gives `repr`; emit into a 0xa5 buffer one byte
/// longer writes exactly `bytes` and leaves the extra byte; a buffer one byte short is
/// `TooShort` and stays untouched.
fn check_repr<R: Repr + PartialEq + Debug>(repr: &R, bytes: &[u8], arch: Arch) {
    let what = format!("{} ({})", R::C_NAME, arch.name());
    assert_eq!(repr.buffer_len(arch), bytes.len(), "{what}: buffer_len");
    assert_eq!(&R::parse(bytes, arch).unwrap(), repr, "{what}: parse");

    let mut buf = vec![0xa5u8; bytes.len() + 1];
    assert_eq!(repr.emit(&mut buf, arch), Ok(bytes.len()), "{what}: emit");
    assert_eq!(&buf[..bytes.len()], bytes, "{what}: emitted bytes");
    assert_eq!(
        buf[bytes.len()],
        0xa5,
        "{what}: emit wrote past the structure"
    );

    let short = bytes.len() - 1;
    let mut buf = vec![0xa5u8; short];
    assert_eq!(
        repr.emit(&mut buf, arch),
        Err(WireError::TooShort {
            required: bytes.len(),
            actual: short
        }),
        "{what}: short emit"
    );
    assert!(buf.iter().all(|&b| b == 0xa5), "{what}: short emit wrote");
    assert_eq!(
        R::parse(&bytes[..short], arch),
        Err(WireError::TooShort {
            required: bytes.len(),
            actual: short
        }),
        "{what}: short parse"
    );
}

/// Little-endian writers for building known bytes at offsets read off the C definitions.
fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
fn put64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

fn hexdump(bytes: &[u8]) -> String {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, c)| {
            let hex: Vec<String> = c.iter().map(|b| format!("{b:02x}")).collect();
            format!("{:04x}: {}", i * 16, hex.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// RSS_SCALABILITY_INFO (spec/002, spec/003: SIO_QUERY_RSS_SCALABILITY_INFO)

mod rss_scalability_info {
    use super::*;
    static BYTES: [u8; 1] = [1];
    const REPR: RssScalabilityInfo = RssScalabilityInfo { rss_enabled: 1 };

    #[test]
    fn deconstruct() {
        let v = RssScalabilityInfoView::new_checked(&BYTES[..]).unwrap();
        assert_eq!(v.rss_enabled(), 1);
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 1];
        let mut v = RssScalabilityInfoView::new_checked(&mut buf[..]).unwrap();
        v.set_rss_enabled(1);
        assert_eq!(buf, BYTES);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&REPR, &BYTES, arch);
        }
        assert!(REPR.is_rss_enabled());
        assert!(
            !RssScalabilityInfo::parse(&[0], Arch::X64)
                .unwrap()
                .is_rss_enabled()
        );
        assert_eq!(
            RssScalabilityInfo::parse(&[], Arch::X64),
            Err(WireError::TooShort {
                required: 1,
                actual: 0
            }),
            "spec/002: an output shorter than RSS_SCALABILITY_INFO is refused"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// WSA_COMPATIBILITY_MODE (spec/002, spec/003: SIO_SET_COMPATIBILITY_MODE)

mod wsa_compatibility_mode {
    use super::*;
    // BehaviorId = WsaBehaviorAutoTuning (2) at 0; TargetOsVersion = NTDDI_VISTA 0x06000000 at 4.
    static BYTES: [u8; 8] = [2, 0, 0, 0, 0, 0, 0, 6];
    const REPR: WsaCompatibilityMode = WsaCompatibilityMode {
        behavior_id: CompatibilityBehaviorId::WsaBehaviorAutoTuning,
        target_os_version: compat::ntddi::NTDDI_VISTA,
    };

    #[test]
    fn deconstruct() {
        let v = compat::WsaCompatibilityModeView::new_checked(&BYTES[..]).unwrap();
        assert_eq!(
            v.behavior_id(),
            CompatibilityBehaviorId::WsaBehaviorAutoTuning
        );
        assert_eq!(v.target_os_version(), 0x0600_0000);
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 8];
        let mut v = compat::WsaCompatibilityModeView::new_checked(&mut buf[..]).unwrap();
        v.set_behavior_id(CompatibilityBehaviorId(2));
        v.set_target_os_version(0x0600_0000);
        assert_eq!(buf, BYTES);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&REPR, &BYTES, arch);
        }
    }

    #[test]
    fn vista_boundary() {
        // spec/002: behaviours differ for a target "for Windows Vista or later" and "earlier".
        let mut m = REPR;
        assert!(m.targets_vista_or_later());
        m.target_os_version = compat::ntddi::NTDDI_WS03;
        assert!(!m.targets_vista_or_later());
        assert_eq!(format!("{:?}", m.behavior_id), "WsaBehaviorAutoTuning");
        assert_eq!(
            format!("{:?}", CompatibilityBehaviorId(7)),
            "CompatibilityBehaviorId(7)"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Port reservations (spec/002, spec/003: SIO_ACQUIRE/ASSOCIATE/RELEASE_PORT_RESERVATION)

mod port_reservation {
    use super::*;
    // StartPort 5000 = 0x1388 in network byte order; NumberOfPorts 20 little-endian.
    static RANGE: [u8; 4] = [0x13, 0x88, 20, 0];
    // Token 0x0123456789ABCDEF little-endian.
    static TOKEN: [u8; 8] = [0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01];
    // Reservation at 0..4, 4 bytes of padding, Token at 8..16 (ULONG64 is 8-aligned).
    static INSTANCE: [u8; 16] = [
        0x13, 0x88, 20, 0, 0, 0, 0, 0, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
    ];
    // OwningPid 4242 = 0x1092.
    static INFORMATION: [u8; 4] = [0x92, 0x10, 0, 0];

    const R: InetPortRange = InetPortRange {
        start_port: 5000,
        number_of_ports: 20,
    };
    const T: InetPortReservationToken = InetPortReservationToken {
        token: 0x0123_4567_89ab_cdef,
    };

    #[test]
    fn deconstruct() {
        let v = InetPortRangeView::new_checked(&RANGE[..]).unwrap();
        assert_eq!((v.start_port(), v.number_of_ports()), (5000, 20));
        let v = InetPortReservationTokenView::new_checked(&TOKEN[..]).unwrap();
        assert_eq!(v.token(), 0x0123_4567_89ab_cdef);
        let v = InetPortReservationInstanceView::new_checked(&INSTANCE[..]).unwrap();
        assert_eq!(v.reservation().start_port(), 5000);
        assert_eq!(v.reservation().number_of_ports(), 20);
        assert_eq!(v.token(), 0x0123_4567_89ab_cdef);
        let v = InetPortReservationInformationView::new_checked(&INFORMATION[..]).unwrap();
        assert_eq!(v.owning_pid(), 4242);
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 4];
        let mut v = InetPortRangeView::new_checked(&mut buf[..]).unwrap();
        v.set_start_port(5000);
        v.set_number_of_ports(20);
        assert_eq!(buf, RANGE);

        let mut buf = [0xa5u8; 8];
        InetPortReservationTokenView::new_checked(&mut buf[..])
            .unwrap()
            .set_token(0x0123_4567_89ab_cdef);
        assert_eq!(buf, TOKEN);

        let mut buf = [0xa5u8; 16];
        let mut v = InetPortReservationInstanceView::new_checked(&mut buf[..]).unwrap();
        v.reservation_mut().set_start_port(5000);
        v.reservation_mut().set_number_of_ports(20);
        v.clear_padding();
        v.set_token(0x0123_4567_89ab_cdef);
        assert_eq!(buf, INSTANCE);

        let mut buf = [0xa5u8; 4];
        InetPortReservationInformationView::new_checked(&mut buf[..])
            .unwrap()
            .set_owning_pid(4242);
        assert_eq!(buf, INFORMATION);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&R, &RANGE, arch);
            check_repr(&T, &TOKEN, arch);
            check_repr(
                &InetPortReservationInstance {
                    reservation: R,
                    token: T,
                },
                &INSTANCE,
                arch,
            );
            check_repr(
                &InetPortReservationInformation { owning_pid: 4242 },
                &INFORMATION,
                arch,
            );
        }
    }

    #[test]
    fn start_port_is_network_byte_order() {
        // Microsoft's SIO_ACQUIRE_PORT_RESERVATION example stores htons(startPort).
        let bytes = R.to_bytes(Arch::X64);
        assert_eq!(&bytes[..2], &5000u16.to_be_bytes());
        assert_eq!(&bytes[2..], &20u16.to_le_bytes());
        assert_eq!(pres::INVALID_PORT_RESERVATION_TOKEN, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// TCP_INFO_v0 / TCP_INFO_v1 (mstcpip.h: SIO_TCP_INFO)

mod tcp_info_structs {
    use super::*;

    /// The known bytes, written at the offsets of the C definition (comments in tcp_info.rs
    /// are not consulted: these offsets follow from MSVC alignment of each member).
    pub fn v1_bytes() -> Vec<u8> {
        let mut b = vec![0u8; 136];
        put32(&mut b, 0, 4); // State = TCPSTATE_ESTABLISHED
        put32(&mut b, 4, 1460); // Mss
        put64(&mut b, 8, 0x0000_0001_0000_0002); // ConnectionTimeMs (8-aligned)
        b[16] = 1; // TimestampsEnabled; 17..20 padding
        put32(&mut b, 20, 25_000); // RttUs
        put32(&mut b, 24, 12_000); // MinRttUs
        put32(&mut b, 28, 2920); // BytesInFlight
        put32(&mut b, 32, 14_600); // Cwnd
        put32(&mut b, 36, 64_240); // SndWnd
        put32(&mut b, 40, 65_535); // RcvWnd
        put32(&mut b, 44, 131_072); // RcvBuf
        put64(&mut b, 48, 0x1_2345_6789); // BytesOut
        put64(&mut b, 56, 987_654_321); // BytesIn
        put32(&mut b, 64, 3); // BytesReordered
        put32(&mut b, 68, 1460); // BytesRetrans
        put32(&mut b, 72, 1); // FastRetrans
        put32(&mut b, 76, 2); // DupAcksIn
        put32(&mut b, 80, 5); // TimeoutEpisodes
        b[84] = 1; // SynRetrans; 85..88 padding (end of v0)
        put32(&mut b, 88, 7); // SndLimTransRwin
        put32(&mut b, 92, 120); // SndLimTimeRwin
        put64(&mut b, 96, 0xaabb_ccdd_0011); // SndLimBytesRwin
        put32(&mut b, 104, 9); // SndLimTransCwnd
        put32(&mut b, 108, 340); // SndLimTimeCwnd
        put64(&mut b, 112, 5_000_000_000); // SndLimBytesCwnd
        put32(&mut b, 120, 11); // SndLimTransSnd
        put32(&mut b, 124, 56); // SndLimTimeSnd
        put64(&mut b, 128, 0x0102_0304_0506_0708); // SndLimBytesSnd
        b
    }

    pub const V0: TcpInfoV0 = TcpInfoV0 {
        state: TcpState::TCPSTATE_ESTABLISHED,
        mss: 1460,
        connection_time_ms: 0x0000_0001_0000_0002,
        timestamps_enabled: 1,
        rtt_us: 25_000,
        min_rtt_us: 12_000,
        bytes_in_flight: 2920,
        cwnd: 14_600,
        snd_wnd: 64_240,
        rcv_wnd: 65_535,
        rcv_buf: 131_072,
        bytes_out: 0x1_2345_6789,
        bytes_in: 987_654_321,
        bytes_reordered: 3,
        bytes_retrans: 1460,
        fast_retrans: 1,
        dup_acks_in: 2,
        timeout_episodes: 5,
        syn_retrans: 1,
    };

    pub const V1: TcpInfoV1 = TcpInfoV1 {
        v0: V0,
        snd_lim_trans_rwin: 7,
        snd_lim_time_rwin: 120,
        snd_lim_bytes_rwin: 0xaabb_ccdd_0011,
        snd_lim_trans_cwnd: 9,
        snd_lim_time_cwnd: 340,
        snd_lim_bytes_cwnd: 5_000_000_000,
        snd_lim_trans_snd: 11,
        snd_lim_time_snd: 56,
        snd_lim_bytes_snd: 0x0102_0304_0506_0708,
    };

    fn set_v0(v: &mut TcpInfoV0View<&mut [u8]>) {
        v.set_state(TcpState::TCPSTATE_ESTABLISHED);
        v.set_mss(1460);
        v.set_connection_time_ms(0x0000_0001_0000_0002);
        v.set_timestamps_enabled(1);
        v.set_rtt_us(25_000);
        v.set_min_rtt_us(12_000);
        v.set_bytes_in_flight(2920);
        v.set_cwnd(14_600);
        v.set_snd_wnd(64_240);
        v.set_rcv_wnd(65_535);
        v.set_rcv_buf(131_072);
        v.set_bytes_out(0x1_2345_6789);
        v.set_bytes_in(987_654_321);
        v.set_bytes_reordered(3);
        v.set_bytes_retrans(1460);
        v.set_fast_retrans(1);
        v.set_dup_acks_in(2);
        v.set_timeout_episodes(5);
        v.set_syn_retrans(1);
        v.clear_padding();
    }

    #[test]
    fn deconstruct() {
        let b = v1_bytes();
        let v1 = TcpInfoV1View::new_checked(&b[..]).unwrap();
        let v = v1.v0();
        assert_eq!(v.state(), TcpState::TCPSTATE_ESTABLISHED);
        assert_eq!(v.mss(), 1460);
        assert_eq!(v.connection_time_ms(), 0x0000_0001_0000_0002);
        assert_eq!(v.timestamps_enabled(), 1);
        assert_eq!((v.rtt_us(), v.min_rtt_us()), (25_000, 12_000));
        assert_eq!((v.bytes_in_flight(), v.cwnd()), (2920, 14_600));
        assert_eq!(
            (v.snd_wnd(), v.rcv_wnd(), v.rcv_buf()),
            (64_240, 65_535, 131_072)
        );
        assert_eq!((v.bytes_out(), v.bytes_in()), (0x1_2345_6789, 987_654_321));
        assert_eq!((v.bytes_reordered(), v.bytes_retrans()), (3, 1460));
        assert_eq!(
            (v.fast_retrans(), v.dup_acks_in(), v.timeout_episodes()),
            (1, 2, 5)
        );
        assert_eq!(v.syn_retrans(), 1);
        assert_eq!(
            (
                v1.snd_lim_trans_rwin(),
                v1.snd_lim_time_rwin(),
                v1.snd_lim_bytes_rwin()
            ),
            (7, 120, 0xaabb_ccdd_0011)
        );
        assert_eq!(
            (
                v1.snd_lim_trans_cwnd(),
                v1.snd_lim_time_cwnd(),
                v1.snd_lim_bytes_cwnd()
            ),
            (9, 340, 5_000_000_000)
        );
        assert_eq!(
            (
                v1.snd_lim_trans_snd(),
                v1.snd_lim_time_snd(),
                v1.snd_lim_bytes_snd()
            ),
            (11, 56, 0x0102_0304_0506_0708)
        );
        // The v0 view reads the first 88 bytes of the same buffer.
        let v0 = TcpInfoV0View::new_checked(&b[..88]).unwrap();
        assert_eq!(v0.syn_retrans(), 1);
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 136];
        let mut v1 = TcpInfoV1View::new_checked(&mut buf[..]).unwrap();
        set_v0(&mut v1.v0_mut());
        v1.set_snd_lim_trans_rwin(7);
        v1.set_snd_lim_time_rwin(120);
        v1.set_snd_lim_bytes_rwin(0xaabb_ccdd_0011);
        v1.set_snd_lim_trans_cwnd(9);
        v1.set_snd_lim_time_cwnd(340);
        v1.set_snd_lim_bytes_cwnd(5_000_000_000);
        v1.set_snd_lim_trans_snd(11);
        v1.set_snd_lim_time_snd(56);
        v1.set_snd_lim_bytes_snd(0x0102_0304_0506_0708);
        assert_eq!(&buf[..], &v1_bytes()[..]);

        let mut buf = [0xa5u8; 88];
        set_v0(&mut TcpInfoV0View::new_checked(&mut buf[..]).unwrap());
        assert_eq!(&buf[..], &v1_bytes()[..88]);
    }

    #[test]
    fn parse_and_emit() {
        let b = v1_bytes();
        for arch in Arch::ALL {
            check_repr(&V1, &b, arch);
            check_repr(&V0, &b[..88], arch);
        }
    }

    #[test]
    fn version_sizes() {
        assert_eq!(tcp_info::output_len(0), Some(88));
        assert_eq!(tcp_info::output_len(1), Some(136));
        assert_eq!(tcp_info::output_len(2), None);
        assert_eq!(format!("{:?}", TcpState(4)), "TCPSTATE_ESTABLISHED");
        assert_eq!(format!("{:?}", TcpState(42)), "TcpState(42)");
        assert_eq!(
            TcpState::from_name("tcpstate_time_wait"),
            Some(TcpState::TCPSTATE_TIME_WAIT)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RCVALL_VALUE / RCVALL_IF (spec/002, spec/003: SIO_RCVALL; mstcpip.h: SIO_RCVALL_IF)

mod rcvall_structs {
    use super::*;
    static VALUE: [u8; 4] = [1, 0, 0, 0];
    // Mode = RCVALL_IPLEVEL (3) at 0, Interface = 7 at 4.
    static IF: [u8; 8] = [3, 0, 0, 0, 7, 0, 0, 0];

    #[test]
    fn deconstruct() {
        let v = RcvallIfView::new_checked(&IF[..]).unwrap();
        assert_eq!((v.mode(), v.interface()), (RcvallValue::RCVALL_IPLEVEL, 7));
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 8];
        let mut v = RcvallIfView::new_checked(&mut buf[..]).unwrap();
        v.set_mode(RcvallValue::RCVALL_IPLEVEL);
        v.set_interface(7);
        assert_eq!(buf, IF);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&RcvallValue::RCVALL_ON, &VALUE, arch);
            check_repr(
                &RcvallIf {
                    mode: RcvallValue::RCVALL_IPLEVEL,
                    interface: 7,
                },
                &IF,
                arch,
            );
        }
        assert_eq!(rcvall::RCVALL_MAX, RcvallValue::RCVALL_IPLEVEL);
        assert_eq!(format!("{:?}", RcvallValue(1)), "RCVALL_ON");
    }
}

// ---------------------------------------------------------------------------------------------
// TCP tuning (mstcpip.h: SIO_TCP_INITIAL_RTO, SIO_TCP_SET_ACK_FREQUENCY, SIO_TIMESTAMPING,
// SIO_TCP_SET_ICW, SIO_SET_PRIORITY_HINT, SIO_SOCKET_USAGE_NOTIFICATION)

mod tcp_structs {
    use super::*;
    // Rtt 3000 = 0x0BB8 at 0, MaxSynRetransmissions 2 at 2, padding at 3.
    static RTO: [u8; 4] = [0xb8, 0x0b, 2, 0];
    static ACK: [u8; 1] = [5];
    // Flags RX|TX = 3 at 0, TxTimestampsBuffered 16 at 4, padding 6..8.
    static TS: [u8; 8] = [3, 0, 0, 0, 16, 0, 0, 0];
    static ICW: [u8; 4] = [3, 0, 0, 0];

    const RTO_REPR: TcpInitialRtoParameters = TcpInitialRtoParameters {
        rtt: 3000,
        max_syn_retransmissions: 2,
    };

    #[test]
    fn deconstruct() {
        let v = TcpInitialRtoParametersView::new_checked(&RTO[..]).unwrap();
        assert_eq!((v.rtt(), v.max_syn_retransmissions()), (3000, 2));
        let v = TcpAckFrequencyParametersView::new_checked(&ACK[..]).unwrap();
        assert_eq!(v.tcp_delayed_ack_frequency(), 5);
        let v = TimestampingConfigView::new_checked(&TS[..]).unwrap();
        assert_eq!((v.flags(), v.tx_timestamps_buffered()), (3, 16));
        let v = TcpIcwParametersView::new_checked(&ICW[..]).unwrap();
        assert_eq!(v.level(), TcpIcwLevel::TCP_ICW_LEVEL_AGGRESSIVE);
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 4];
        let mut v = TcpInitialRtoParametersView::new_checked(&mut buf[..]).unwrap();
        v.set_rtt(3000);
        v.set_max_syn_retransmissions(2);
        v.clear_padding();
        assert_eq!(buf, RTO);

        let mut buf = [0xa5u8; 1];
        TcpAckFrequencyParametersView::new_checked(&mut buf[..])
            .unwrap()
            .set_tcp_delayed_ack_frequency(5);
        assert_eq!(buf, ACK);

        let mut buf = [0xa5u8; 8];
        let mut v = TimestampingConfigView::new_checked(&mut buf[..]).unwrap();
        v.set_flags(tcp::TIMESTAMPING_FLAG_RX | tcp::TIMESTAMPING_FLAG_TX);
        v.set_tx_timestamps_buffered(16);
        v.clear_padding();
        assert_eq!(buf, TS);

        let mut buf = [0xa5u8; 4];
        TcpIcwParametersView::new_checked(&mut buf[..])
            .unwrap()
            .set_level(TcpIcwLevel(3));
        assert_eq!(buf, ICW);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&RTO_REPR, &RTO, arch);
            check_repr(
                &TcpAckFrequencyParameters {
                    tcp_delayed_ack_frequency: 5,
                },
                &ACK,
                arch,
            );
            check_repr(
                &TimestampingConfig {
                    flags: 3,
                    tx_timestamps_buffered: 16,
                },
                &TS,
                arch,
            );
            check_repr(
                &TcpIcwParameters {
                    level: TcpIcwLevel::TCP_ICW_LEVEL_AGGRESSIVE,
                },
                &ICW,
                arch,
            );
            check_repr(
                &SocketPriorityHint::SocketPriorityHintLow,
                &[1, 0, 0, 0],
                arch,
            );
            check_repr(
                &SocketUsageType::SYSTEM_CRITICAL_SOCKET,
                &[1, 0, 0, 0],
                arch,
            );
        }
    }

    #[test]
    fn rto_sentinels() {
        // mstcpip.h: ((USHORT) -1), ((UCHAR) -1), ((UCHAR) -2).
        let r = TcpInitialRtoParameters {
            rtt: tcp::TCP_INITIAL_RTO_UNSPECIFIED_RTT,
            max_syn_retransmissions: tcp::TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS,
        };
        assert_eq!(r.to_bytes(Arch::X86), [0xff, 0xff, 0xff, 0]);
        let r = TcpInitialRtoParameters {
            rtt: tcp::TCP_INITIAL_RTO_DEFAULT_RTT,
            max_syn_retransmissions: tcp::TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS,
        };
        assert_eq!(r.to_bytes(Arch::X64), [0, 0, 0xfe, 0]);
    }
}

// ---------------------------------------------------------------------------------------------
// Windows CE SSL (spec/000: SO_SSL_GET/SET_PROTOCOLS, SO_SSL_SET_VALIDATE_CERT_HOOK)

mod ssl_structs {
    use super::*;
    // dwProtocol SSL_PROTOCOL_SSL3 (3), dwVersion 0x0300, dwFlags 0.
    static PROTO: [u8; 12] = [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0];
    // dwCount 2, then SSL3 as above, then PCT1 (1) version 1 flags 0x10.
    static PROTOS: [u8; 28] = [
        2, 0, 0, 0, //
        3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, //
        1, 0, 0, 0, 1, 0, 0, 0, 0x10, 0, 0, 0,
    ];
    // x86: HookFunc 0x00401000 at 0, pvArg 0x12345678 at 4.
    static HOOK_X86: [u8; 8] = [0x00, 0x10, 0x40, 0x00, 0x78, 0x56, 0x34, 0x12];
    // x64: HookFunc 0x00007FF6_12340000 at 0, pvArg 0xDEADBEEF at 8.
    static HOOK_X64: [u8; 16] = [
        0x00, 0x00, 0x34, 0x12, 0xf6, 0x7f, 0, 0, 0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0,
    ];

    const SSL3: SslProtocol = SslProtocol {
        protocol: SslProtocolId::SSL_PROTOCOL_SSL3,
        version: 0x0300,
        flags: 0,
    };
    const PCT1: SslProtocol = SslProtocol {
        protocol: SslProtocolId::SSL_PROTOCOL_PCT1,
        version: 1,
        flags: 0x10,
    };

    #[test]
    fn deconstruct() {
        let v = SslProtocolView::new_checked(&PROTO[..]).unwrap();
        assert_eq!(
            (v.protocol(), v.version(), v.flags()),
            (SslProtocolId::SSL_PROTOCOL_SSL3, 0x0300, 0)
        );
        let v = SslProtocolsView::new_checked(&PROTOS[..]).unwrap();
        assert_eq!(v.count(), 2);
        assert_eq!(v.protocol(1).unwrap().protocol(), SslProtocolId(1));
        assert_eq!(v.protocol(1).unwrap().flags(), 0x10);
        assert!(v.protocol(2).is_none());
        let v = SslValidateCertHookView::new_checked(&HOOK_X86[..], Arch::X86).unwrap();
        assert_eq!((v.hook_func(), v.pv_arg()), (0x0040_1000, 0x1234_5678));
        let v = SslValidateCertHookView::new_checked(&HOOK_X64[..], Arch::X64).unwrap();
        assert_eq!((v.hook_func(), v.pv_arg()), (0x7ff6_1234_0000, 0xdead_beef));
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 28];
        let mut v = SslProtocolsView::new_with_count(&mut buf[..], 2).unwrap();
        let mut p = v.protocol_mut(0).unwrap();
        p.set_protocol(SslProtocolId::SSL_PROTOCOL_SSL3);
        p.set_version(0x0300);
        p.set_flags(0);
        let mut p = v.protocol_mut(1).unwrap();
        p.set_protocol(SslProtocolId::SSL_PROTOCOL_PCT1);
        p.set_version(1);
        p.set_flags(0x10);
        assert!(v.protocol_mut(2).is_none());
        assert_eq!(buf, PROTOS);

        let mut buf = [0xa5u8; 8];
        let mut v = SslValidateCertHookView::new_checked(&mut buf[..], Arch::X86).unwrap();
        v.set_hook_func(0x0040_1000);
        v.set_pv_arg(0x1234_5678);
        assert_eq!(buf, HOOK_X86);

        let mut buf = [0xa5u8; 16];
        let mut v = SslValidateCertHookView::new_checked(&mut buf[..], Arch::X64).unwrap();
        v.set_hook_func(0x7ff6_1234_0000);
        v.set_pv_arg(0xdead_beef);
        assert_eq!(buf, HOOK_X64);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&SSL3, &PROTO, arch);
            check_repr(
                &SslProtocols {
                    protocols: vec![SSL3, PCT1],
                },
                &PROTOS,
                arch,
            );
        }
        let x86 = SslValidateCertHook {
            hook_func: 0x0040_1000,
            pv_arg: 0x1234_5678,
        };
        check_repr(&x86, &HOOK_X86, Arch::X86);
        let x64 = SslValidateCertHook {
            hook_func: 0x7ff6_1234_0000,
            pv_arg: 0xdead_beef,
        };
        check_repr(&x64, &HOOK_X64, Arch::X64);
        let mut buf = [0xa5u8; 8];
        assert!(matches!(
            x64.emit(&mut buf, Arch::X86),
            Err(WireError::Invalid {
                field: "HookFunc",
                ..
            })
        ));
        assert_eq!(buf, [0xa5; 8], "a refused emit writes nothing");
    }

    #[test]
    fn protocols_count_is_checked_before_allocating() {
        // dwCount = 0xFFFFFFFF announces 4 + 12 * 0xFFFFFFFF bytes; 8 are there.
        let bytes = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];
        assert_eq!(
            SslProtocols::parse(&bytes, Arch::X86),
            Err(WireError::TooShort {
                required: 4 + 12 * 0xffff_ffffusize,
                actual: 8
            })
        );
        // One entry announced, half of it present.
        assert_eq!(
            SslProtocols::parse(&[1, 0, 0, 0, 3, 0, 0, 0, 0, 3], Arch::X64),
            Err(WireError::TooShort {
                required: 16,
                actual: 10
            })
        );
        // An empty list is the 4-byte header; C's sizeof(SSLPROTOCOLS) is 16 (one entry).
        let empty = SslProtocols::default();
        assert_eq!(empty.to_bytes(Arch::X86), [0, 0, 0, 0]);
        assert_eq!(ssl::field::sslprotocols::SIZEOF, 16);
        // Extra bytes after the announced entries are not part of the structure.
        let mut long = PROTOS.to_vec();
        long.extend_from_slice(&[9; 12]);
        assert_eq!(
            SslProtocols::parse(&long, Arch::X64)
                .unwrap()
                .protocols
                .len(),
            2
        );
    }

    #[test]
    fn sslsock_values() {
        // sslsock.h (Microsoft, 1997-1998).
        assert_eq!(SslProtocolId::SSL_PROTOCOL_PCT1.0, 1);
        assert_eq!(SslProtocolId::SSL_PROTOCOL_SSL2.0, 2);
        assert_eq!(SslProtocolId::SSL_PROTOCOL_SSL3.0, 3);
        assert_eq!(ssl::SSL_CAP_CLIENT, 0x0001);
        assert_eq!(ssl::SSL_FLAG_DEFER_HANDSHAKE, 0x0008);
        assert_eq!(format!("{:?}", SslProtocolId(2)), "SSL_PROTOCOL_SSL2");
        assert_eq!(format!("{:?}", ssl::SslErr(0)), "SSL_ERR_OKAY");
    }
}

// ---------------------------------------------------------------------------------------------
// FLOWSPEC / WSABUF / QOS (spec/000, spec/001: SIO_GET_QOS, SIO_SET_QOS)

mod qos_structs {
    use super::*;
    use qos::QOS_NOT_SPECIFIED as NS;

    pub const SENDING: Flowspec = Flowspec {
        token_rate: 9250,
        token_bucket_size: 680,
        peak_bandwidth: 13_875,
        latency: NS,
        delay_variation: NS,
        service_type: ServiceType::SERVICETYPE_GUARANTEED,
        max_sdu_size: 340,
        minimum_policed_size: 340,
    };

    pub const RECEIVING: Flowspec = Flowspec {
        service_type: ServiceType::SERVICETYPE_NOTRAFFIC,
        ..Flowspec::NOT_SPECIFIED
    };

    /// A QOS whose provider-specific data (12 bytes) follows it in the same buffer.
    pub fn qos(arch: Arch) -> Qos {
        Qos {
            sending_flowspec: SENDING,
            receiving_flowspec: RECEIVING,
            provider_specific: WsaBuf {
                len: 12,
                buf: match arch {
                    Arch::X86 => 72,
                    Arch::X64 => 80,
                },
            },
        }
    }

    fn flowspec_bytes(f: [u32; 8]) -> Vec<u8> {
        let mut b = vec![0u8; 32];
        for (i, v) in f.iter().enumerate() {
            put32(&mut b, 4 * i, *v); // eight ULONGs, no padding
        }
        b
    }

    fn sending_bytes() -> Vec<u8> {
        flowspec_bytes([9250, 680, 13_875, NS, NS, 3, 340, 340])
    }

    fn receiving_bytes() -> Vec<u8> {
        flowspec_bytes([NS, NS, NS, NS, NS, 0, NS, NS])
    }

    /// x86: WSABUF { len at 0, buf at 4 } (8 bytes); x64: { len at 0, padding, buf at 8 } (16).
    fn wsabuf_bytes(arch: Arch, len: u32, buf: u64) -> Vec<u8> {
        match arch {
            Arch::X86 => {
                let mut b = vec![0u8; 8];
                put32(&mut b, 0, len);
                put32(&mut b, 4, buf as u32);
                b
            }
            Arch::X64 => {
                let mut b = vec![0u8; 16];
                put32(&mut b, 0, len);
                put64(&mut b, 8, buf);
                b
            }
        }
    }

    /// QOS: SendingFlowspec at 0, ReceivingFlowspec at 32, ProviderSpecific at 64.
    pub fn qos_bytes(arch: Arch) -> Vec<u8> {
        let mut b = sending_bytes();
        b.extend(receiving_bytes());
        b.extend(wsabuf_bytes(
            arch,
            12,
            if arch == Arch::X86 { 72 } else { 80 },
        ));
        b
    }

    #[test]
    fn deconstruct() {
        let b = sending_bytes();
        let v = FlowspecView::new_checked(&b[..]).unwrap();
        assert_eq!(
            (v.token_rate(), v.token_bucket_size(), v.peak_bandwidth()),
            (9250, 680, 13_875)
        );
        assert_eq!((v.latency(), v.delay_variation()), (NS, NS));
        assert_eq!(v.service_type(), ServiceType::SERVICETYPE_GUARANTEED);
        assert_eq!((v.max_sdu_size(), v.minimum_policed_size()), (340, 340));

        for arch in Arch::ALL {
            let b = qos_bytes(arch);
            let v = QosView::new_checked(&b[..], arch).unwrap();
            assert_eq!(v.sending_flowspec().token_rate(), 9250);
            assert_eq!(
                v.receiving_flowspec().service_type(),
                ServiceType::SERVICETYPE_NOTRAFFIC
            );
            assert_eq!(v.provider_specific().len(), 12);
            assert_eq!(v.provider_specific().buf(), b.len() as u64);
            let w = wsabuf_bytes(arch, 3, 0x1000);
            let v = WsaBufView::new_checked(&w[..], arch).unwrap();
            assert_eq!((v.len(), v.buf()), (3, 0x1000));
        }
    }

    #[test]
    fn construct() {
        for arch in Arch::ALL {
            let mut buf = vec![0xa5u8; qos::field::qos::len(arch)];
            let mut v = QosView::new_checked(&mut buf[..], arch).unwrap();
            let mut s = v.sending_flowspec_mut();
            s.set_token_rate(9250);
            s.set_token_bucket_size(680);
            s.set_peak_bandwidth(13_875);
            s.set_latency(NS);
            s.set_delay_variation(NS);
            s.set_service_type(ServiceType(3));
            s.set_max_sdu_size(340);
            s.set_minimum_policed_size(340);
            let mut r = v.receiving_flowspec_mut();
            for set in [
                FlowspecView::set_token_rate,
                FlowspecView::set_token_bucket_size,
                FlowspecView::set_peak_bandwidth,
                FlowspecView::set_latency,
                FlowspecView::set_delay_variation,
                FlowspecView::set_max_sdu_size,
                FlowspecView::set_minimum_policed_size,
            ] {
                set(&mut r, NS);
            }
            r.set_service_type(ServiceType::SERVICETYPE_NOTRAFFIC);
            let mut p = v.provider_specific_mut();
            p.set_len(12);
            p.clear_padding();
            p.set_buf(if arch == Arch::X86 { 72 } else { 80 });
            assert_eq!(buf, qos_bytes(arch), "{arch:?}");
        }
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&SENDING, &sending_bytes(), arch);
            check_repr(&RECEIVING, &receiving_bytes(), arch);
            check_repr(&qos(arch), &qos_bytes(arch), arch);
            check_repr(
                &WsaBuf {
                    len: 3,
                    buf: 0x1000,
                },
                &wsabuf_bytes(arch, 3, 0x1000),
                arch,
            );
        }
        let mut buf = [0xa5u8; 72];
        let far = Qos {
            provider_specific: WsaBuf {
                len: 1,
                buf: 1 << 40,
            },
            ..qos(Arch::X64)
        };
        assert!(matches!(
            far.emit(&mut buf, Arch::X86),
            Err(WireError::Invalid { .. })
        ));
        assert!(
            buf.iter().all(|&b| b == 0xa5),
            "a refused emit writes nothing"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Scalars (spec/001–003: FIONBIO, FIONREAD, SIOCATMARK, SIO_UDP_CONNRESET, SIO_CPU_AFFINITY,
// SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE, SIO_BASE_HANDLE)

mod scalars {
    use super::*;

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            check_repr(&ULong(0x0102_0304), &[4, 3, 2, 1], arch);
            check_repr(&WinBool(-1), &[0xff; 4], arch);
            check_repr(&WinBool::TRUE, &[1, 0, 0, 0], arch);
            check_repr(&Boolean(1), &[1], arch);
            check_repr(&UShort(0x0a0b), &[0x0b, 0x0a], arch);
            check_repr(
                &UInt64(0x1122_3344_5566_7788),
                &[0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11],
                arch,
            );
        }
        check_repr(&Handle(0x0000_01f4), &[0xf4, 0x01, 0, 0], Arch::X86);
        check_repr(
            &Handle(0x0000_01f4),
            &[0xf4, 0x01, 0, 0, 0, 0, 0, 0],
            Arch::X64,
        );
        check_repr(&Handle::invalid(Arch::X64), &[0xff; 8], Arch::X64);
        check_repr(&Handle::invalid(Arch::X86), &[0xff; 4], Arch::X86);
        let mut buf = [0xa5u8; 4];
        assert!(matches!(
            Handle(u64::from(u32::MAX) + 1).emit(&mut buf, Arch::X86),
            Err(WireError::Invalid { .. })
        ));
        assert_eq!(buf, [0xa5; 4]);
    }
}

// ---------------------------------------------------------------------------------------------
// windows-sys parity (x64 layouts; the host this runs on lays out repr(C) like Windows x64)

/// The size of a field, from a projection (no value of `S` needed).
fn field_size<S, F>(_: fn(&S) -> &F) -> usize {
    size_of::<F>()
}

/// `size_of` of the windows-sys type equals `$len`, and each field's offset and size equal the
/// range in the crate's field module.
macro_rules! layout {
    ($ws:ty, $len:expr, { $($f:ident => $range:expr),* $(,)? }) => {{
        assert_eq!(size_of::<$ws>(), $len, concat!("sizeof ", stringify!($ws)));
        $(
            let r: core::ops::Range<usize> = $range;
            assert_eq!(offset_of!($ws, $f), r.start, concat!(stringify!($ws), ".", stringify!($f), " offset"));
            assert_eq!(field_size(|s: &$ws| &s.$f), r.len(), concat!(stringify!($ws), ".", stringify!($f), " size"));
        )*
    }};
}

/// Each named constant equals windows-sys's, and every named value of the newtype was checked.
macro_rules! consts {
    ($module:ident, $ty:ty: $($name:ident),* $(,)?) => {{
        $( assert_eq!(<$ty>::$name.0, $module::$name, stringify!($name)); )*
        assert_eq!(<$ty>::ALL.len(), [$(stringify!($name)),*].len(), concat!("every ", stringify!($ty), " value checked"));
    }};
}

mod parity {
    use super::*;
    use wsaioctl::wire::{compat, port_reservation, rss, tcp, tcp_info};

    const X64: Arch = Arch::X64;

    #[test]
    fn keepalive() {
        use keepalive::field as f;
        layout!(ws::tcp_keepalive, f::LEN, {
            onoff => f::ONOFF,
            keepalivetime => f::KEEPALIVETIME,
            keepaliveinterval => f::KEEPALIVEINTERVAL,
        });
    }

    #[test]
    fn rss_and_compat() {
        layout!(ws::RSS_SCALABILITY_INFO, rss::field::LEN, {
            RssEnabled => rss::field::RSS_ENABLED,
        });
        use compat::field as c;
        layout!(ws::WSA_COMPATIBILITY_MODE, c::LEN, {
            BehaviorId => c::BEHAVIOR_ID,
            TargetOsVersion => c::TARGET_OS_VERSION,
        });
        assert_eq!(size_of::<ws::WSA_COMPATIBILITY_BEHAVIOR_ID>(), 4);
        consts!(ws, CompatibilityBehaviorId:
            WsaBehaviorAll, WsaBehaviorReceiveBuffering, WsaBehaviorAutoTuning);
        use compat::ntddi as n;
        for (ours, theirs) in [
            (n::NTDDI_WIN2K, wsi::NTDDI_WIN2K),
            (n::NTDDI_WINXP, wsi::NTDDI_WINXP),
            (n::NTDDI_WS03, wsi::NTDDI_WS03),
            (n::NTDDI_VISTA, wsi::NTDDI_VISTA),
            (n::NTDDI_VISTA, wsi::NTDDI_WIN6),
            (n::NTDDI_VISTA, wsi::NTDDI_LONGHORN),
            (n::NTDDI_WIN7, wsi::NTDDI_WIN7),
            (n::NTDDI_WIN8, wsi::NTDDI_WIN8),
            (n::NTDDI_WINBLUE, wsi::NTDDI_WINBLUE),
            (n::NTDDI_WIN10, wsi::NTDDI_WIN10),
        ] {
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn port_reservation() {
        use port_reservation::field as f;
        layout!(ws::INET_PORT_RANGE, f::inet_port_range::LEN, {
            StartPort => f::inet_port_range::START_PORT,
            NumberOfPorts => f::inet_port_range::NUMBER_OF_PORTS,
        });
        layout!(ws::INET_PORT_RESERVATION_TOKEN, f::inet_port_reservation_token::LEN, {
            Token => f::inet_port_reservation_token::TOKEN,
        });
        layout!(ws::INET_PORT_RESERVATION_INSTANCE, f::inet_port_reservation_instance::LEN, {
            Reservation => f::inet_port_reservation_instance::RESERVATION,
            Token => f::inet_port_reservation_instance::TOKEN,
        });
        layout!(ws::INET_PORT_RESERVATION_INFORMATION, f::inet_port_reservation_information::LEN, {
            OwningPid => f::inet_port_reservation_information::OWNING_PID,
        });
    }

    #[test]
    fn tcp_info() {
        use tcp_info::field as f;
        layout!(ws::TCP_INFO_v0, f::V0_LEN, {
            State => f::STATE, Mss => f::MSS, ConnectionTimeMs => f::CONNECTION_TIME_MS,
            TimestampsEnabled => f::TIMESTAMPS_ENABLED, RttUs => f::RTT_US,
            MinRttUs => f::MIN_RTT_US, BytesInFlight => f::BYTES_IN_FLIGHT, Cwnd => f::CWND,
            SndWnd => f::SND_WND, RcvWnd => f::RCV_WND, RcvBuf => f::RCV_BUF,
            BytesOut => f::BYTES_OUT, BytesIn => f::BYTES_IN,
            BytesReordered => f::BYTES_REORDERED, BytesRetrans => f::BYTES_RETRANS,
            FastRetrans => f::FAST_RETRANS, DupAcksIn => f::DUP_ACKS_IN,
            TimeoutEpisodes => f::TIMEOUT_EPISODES, SynRetrans => f::SYN_RETRANS,
        });
        layout!(ws::TCP_INFO_v1, f::V1_LEN, {
            State => f::STATE, Mss => f::MSS, ConnectionTimeMs => f::CONNECTION_TIME_MS,
            TimestampsEnabled => f::TIMESTAMPS_ENABLED, RttUs => f::RTT_US,
            MinRttUs => f::MIN_RTT_US, BytesInFlight => f::BYTES_IN_FLIGHT, Cwnd => f::CWND,
            SndWnd => f::SND_WND, RcvWnd => f::RCV_WND, RcvBuf => f::RCV_BUF,
            BytesOut => f::BYTES_OUT, BytesIn => f::BYTES_IN,
            BytesReordered => f::BYTES_REORDERED, BytesRetrans => f::BYTES_RETRANS,
            FastRetrans => f::FAST_RETRANS, DupAcksIn => f::DUP_ACKS_IN,
            TimeoutEpisodes => f::TIMEOUT_EPISODES, SynRetrans => f::SYN_RETRANS,
            SndLimTransRwin => f::SND_LIM_TRANS_RWIN, SndLimTimeRwin => f::SND_LIM_TIME_RWIN,
            SndLimBytesRwin => f::SND_LIM_BYTES_RWIN, SndLimTransCwnd => f::SND_LIM_TRANS_CWND,
            SndLimTimeCwnd => f::SND_LIM_TIME_CWND, SndLimBytesCwnd => f::SND_LIM_BYTES_CWND,
            SndLimTransSnd => f::SND_LIM_TRANS_SND, SndLimTimeSnd => f::SND_LIM_TIME_SND,
            SndLimBytesSnd => f::SND_LIM_BYTES_SND,
        });
        assert_eq!(size_of::<ws::TCPSTATE>(), 4);
        consts!(ws, TcpState:
            TCPSTATE_CLOSED, TCPSTATE_LISTEN, TCPSTATE_SYN_SENT, TCPSTATE_SYN_RCVD,
            TCPSTATE_ESTABLISHED, TCPSTATE_FIN_WAIT_1, TCPSTATE_FIN_WAIT_2, TCPSTATE_CLOSE_WAIT,
            TCPSTATE_CLOSING, TCPSTATE_LAST_ACK, TCPSTATE_TIME_WAIT, TCPSTATE_MAX);
    }

    #[test]
    fn rcvall() {
        use rcvall::field::rcvall_if as f;
        layout!(ws::RCVALL_IF, f::LEN, { Mode => f::MODE, Interface => f::INTERFACE });
        assert_eq!(
            size_of::<ws::RCVALL_VALUE>(),
            rcvall::field::rcvall_value::LEN
        );
        consts!(ws, RcvallValue: RCVALL_OFF, RCVALL_ON, RCVALL_SOCKETLEVELONLY, RCVALL_IPLEVEL);
    }

    #[test]
    fn tcp_tuning() {
        use tcp::field as f;
        layout!(ws::TCP_INITIAL_RTO_PARAMETERS, f::tcp_initial_rto_parameters::LEN, {
            Rtt => f::tcp_initial_rto_parameters::RTT,
            MaxSynRetransmissions => f::tcp_initial_rto_parameters::MAX_SYN_RETRANSMISSIONS,
        });
        layout!(ws::TCP_ACK_FREQUENCY_PARAMETERS, f::tcp_ack_frequency_parameters::LEN, {
            TcpDelayedAckFrequency => f::tcp_ack_frequency_parameters::TCP_DELAYED_ACK_FREQUENCY,
        });
        layout!(ws::TIMESTAMPING_CONFIG, f::timestamping_config::LEN, {
            Flags => f::timestamping_config::FLAGS,
            TxTimestampsBuffered => f::timestamping_config::TX_TIMESTAMPS_BUFFERED,
        });
        layout!(ws::TCP_ICW_PARAMETERS, f::tcp_icw_parameters::LEN, {
            Level => f::tcp_icw_parameters::LEVEL,
        });
        assert_eq!(size_of::<ws::SOCKET_PRIORITY_HINT>(), f::enum_value::LEN);
        assert_eq!(size_of::<ws::SOCKET_USAGE_TYPE>(), f::enum_value::LEN);
        consts!(ws, TcpIcwLevel:
            TCP_ICW_LEVEL_DEFAULT, TCP_ICW_LEVEL_HIGH, TCP_ICW_LEVEL_VERY_HIGH,
            TCP_ICW_LEVEL_AGGRESSIVE, TCP_ICW_LEVEL_EXPERIMENTAL, TCP_ICW_LEVEL_COMPAT,
            TCP_ICW_LEVEL_MAX);
        consts!(ws, SocketPriorityHint:
            SocketPriorityHintVeryLow, SocketPriorityHintLow, SocketPriorityHintNormal,
            SocketMaximumPriorityHintType);
        consts!(ws, SocketUsageType: SYSTEM_CRITICAL_SOCKET);
        assert_eq!(tcp::TIMESTAMPING_FLAG_RX, ws::TIMESTAMPING_FLAG_RX);
        assert_eq!(tcp::TIMESTAMPING_FLAG_TX, ws::TIMESTAMPING_FLAG_TX);
        assert_eq!(
            u32::from(tcp::TCP_INITIAL_RTO_DEFAULT_RTT),
            ws::TCP_INITIAL_RTO_DEFAULT_RTT
        );
        assert_eq!(
            u32::from(tcp::TCP_INITIAL_RTO_DEFAULT_MAX_SYN_RETRANSMISSIONS),
            ws::TCP_INITIAL_RTO_DEFAULT_MAX_SYN_RETRANSMISSIONS
        );
        // mstcpip.h casts these to UCHAR; windows-sys 0.61 types them u16 (65535, 65534). The
        // one-byte field holds the low byte, which must agree.
        assert_eq!(
            tcp::TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS,
            ws::TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS as u8
        );
        assert_eq!(
            tcp::TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS,
            ws::TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS as u8
        );
    }

    #[test]
    fn qos() {
        use qos::field as f;
        layout!(ws::FLOWSPEC, f::flowspec::LEN, {
            TokenRate => f::flowspec::TOKEN_RATE,
            TokenBucketSize => f::flowspec::TOKEN_BUCKET_SIZE,
            PeakBandwidth => f::flowspec::PEAK_BANDWIDTH,
            Latency => f::flowspec::LATENCY,
            DelayVariation => f::flowspec::DELAY_VARIATION,
            ServiceType => f::flowspec::SERVICE_TYPE,
            MaxSduSize => f::flowspec::MAX_SDU_SIZE,
            MinimumPolicedSize => f::flowspec::MINIMUM_POLICED_SIZE,
        });
        layout!(ws::WSABUF, f::wsabuf::len(X64), {
            len => f::wsabuf::LEN_FIELD,
            buf => f::wsabuf::buf(X64),
        });
        layout!(ws::QOS, f::qos::len(X64), {
            SendingFlowspec => f::qos::SENDING_FLOWSPEC,
            ReceivingFlowspec => f::qos::RECEIVING_FLOWSPEC,
            ProviderSpecific => f::qos::provider_specific(X64),
        });
        consts!(wqos, ServiceType:
            SERVICETYPE_NOTRAFFIC, SERVICETYPE_BESTEFFORT, SERVICETYPE_CONTROLLEDLOAD,
            SERVICETYPE_GUARANTEED, SERVICETYPE_NETWORK_UNAVAILABLE,
            SERVICETYPE_GENERAL_INFORMATION, SERVICETYPE_NOCHANGE, SERVICETYPE_NONCONFORMING,
            SERVICETYPE_NETWORK_CONTROL, SERVICETYPE_QUALITATIVE, SERVICE_BESTEFFORT,
            SERVICE_CONTROLLEDLOAD, SERVICE_GUARANTEED, SERVICE_QUALITATIVE, QOS_NOT_SPECIFIED);
        assert_eq!(qos::QOS_NOT_SPECIFIED, wqos::QOS_NOT_SPECIFIED);
        assert_eq!(qos::POSITIVE_INFINITY_RATE, wqos::POSITIVE_INFINITY_RATE);
        assert_eq!(
            qos::SERVICE_NO_TRAFFIC_CONTROL,
            wqos::SERVICE_NO_TRAFFIC_CONTROL
        );
        assert_eq!(
            qos::SERVICE_NO_QOS_SIGNALING,
            wqos::SERVICE_NO_QOS_SIGNALING
        );
    }
}

// ---------------------------------------------------------------------------------------------
// x86 sizes, pinned from the SDK definitions (4-byte pointers; MSVC aligns ULONG64 to 8)

#[test]
fn x86_sizes_from_the_sdk() {
    use wsaioctl::wire::{port_reservation::field as pf, qos::field as qf, ssl::field as sf};
    let x86 = Arch::X86;
    // INET_PORT_RANGE (4) + 4 padding + ULONG64 Token (8-aligned on x86 too).
    assert_eq!(pf::inet_port_reservation_instance::LEN, 16);
    assert_eq!(pf::inet_port_reservation_instance::TOKEN.start, 8);
    // WSABUF { ULONG len; CHAR *buf; } with a 4-byte pointer.
    assert_eq!(qf::wsabuf::len(x86), 8);
    assert_eq!(qf::wsabuf::buf(x86), 4..8);
    // QOS: two 32-byte FLOWSPECs and a WSABUF.
    assert_eq!(qf::qos::len(x86), 72);
    assert_eq!(qf::qos::provider_specific(x86), 64..72);
    // SSLVALIDATECERTHOOK: two pointers.
    assert_eq!(sf::sslvalidatecerthook::len(x86), 8);
    assert_eq!(sf::sslvalidatecerthook::len(Arch::X64), 16);
    assert_eq!(sf::sslvalidatecerthook::pv_arg(x86), 4..8);
    // TCP_INFO has no pointer and ULONG64 is 8-aligned on both: the x64 sizes hold on x86.
    assert_eq!(TcpInfoV0::default().buffer_len(x86), 88);
    assert_eq!(TcpInfoV1::default().buffer_len(x86), 136);
    assert_eq!(Qos::default().buffer_len(x86), 72);
    assert_eq!(Qos::default().buffer_len(Arch::X64), 80);
    assert_eq!(WsaBuf::default().buffer_len(x86), 8);
    assert_eq!(SslValidateCertHook::default().buffer_len(x86), 8);
    assert_eq!(Handle::default().buffer_len(x86), 4);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of decoded TCP_INFO_v1 and QOS (spec/002-style output a provider returns)

#[test]
fn snapshots() {
    crate::common::with_snapshots(|| {
        for arch in Arch::ALL {
            let bytes = tcp_info_structs::v1_bytes();
            let v = TcpInfoV1::parse(&bytes, arch).unwrap();
            insta::assert_snapshot!(
                format!("tcp_info_v1_{}", arch.name()),
                format!("{v:#?}\n\n{}", hexdump(&bytes))
            );

            let bytes = qos_structs::qos_bytes(arch);
            let v = Qos::parse(&bytes, arch).unwrap();
            insta::assert_snapshot!(
                format!("qos_{}", arch.name()),
                format!("{v:#?}\n\n{}", hexdump(&bytes))
            );
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Property tests

fn arch() -> impl Strategy<Value = Arch> {
    prop_oneof![Just(Arch::X86), Just(Arch::X64)]
}

/// A pointer-sized value that exists for `arch`.
fn pointer(arch: Arch) -> BoxedStrategy<u64> {
    match arch {
        Arch::X86 => any::<u32>().prop_map(u64::from).boxed(),
        Arch::X64 => any::<u64>().boxed(),
    }
}

fn flowspec() -> impl Strategy<Value = Flowspec> {
    any::<[u32; 8]>().prop_map(|f| Flowspec {
        token_rate: f[0],
        token_bucket_size: f[1],
        peak_bandwidth: f[2],
        latency: f[3],
        delay_variation: f[4],
        service_type: ServiceType(f[5]),
        max_sdu_size: f[6],
        minimum_policed_size: f[7],
    })
}

fn tcp_info_v0() -> impl Strategy<Value = TcpInfoV0> {
    (
        (
            any::<i32>(),
            any::<u32>(),
            any::<u64>(),
            any::<u8>(),
            any::<[u32; 7]>(),
        ),
        (any::<[u64; 2]>(), any::<[u32; 5]>(), any::<u8>()),
    )
        .prop_map(|((state, mss, ct, ts, w), (io, c, syn))| TcpInfoV0 {
            state: TcpState(state),
            mss,
            connection_time_ms: ct,
            timestamps_enabled: ts,
            rtt_us: w[0],
            min_rtt_us: w[1],
            bytes_in_flight: w[2],
            cwnd: w[3],
            snd_wnd: w[4],
            rcv_wnd: w[5],
            rcv_buf: w[6],
            bytes_out: io[0],
            bytes_in: io[1],
            bytes_reordered: c[0],
            bytes_retrans: c[1],
            fast_retrans: c[2],
            dup_acks_in: c[3],
            timeout_episodes: c[4],
            syn_retrans: syn,
        })
}

fn tcp_info_v1() -> impl Strategy<Value = TcpInfoV1> {
    (tcp_info_v0(), any::<[u32; 6]>(), any::<[u64; 3]>()).prop_map(|(v0, t, b)| TcpInfoV1 {
        v0,
        snd_lim_trans_rwin: t[0],
        snd_lim_time_rwin: t[1],
        snd_lim_bytes_rwin: b[0],
        snd_lim_trans_cwnd: t[2],
        snd_lim_time_cwnd: t[3],
        snd_lim_bytes_cwnd: b[1],
        snd_lim_trans_snd: t[4],
        snd_lim_time_snd: t[5],
        snd_lim_bytes_snd: b[2],
    })
}

fn ssl_protocol() -> impl Strategy<Value = SslProtocol> {
    any::<[u32; 3]>().prop_map(|p| SslProtocol {
        protocol: SslProtocolId(p[0]),
        version: p[1],
        flags: p[2],
    })
}

/// `emit` writes `buffer_len` bytes and nothing past them, `parse` gives the value back, and a
/// buffer one byte short is refused without being written.
fn roundtrip<R: Repr + PartialEq + Debug>(r: &R, arch: Arch) -> Result<(), TestCaseError> {
    let len = r.buffer_len(arch);
    let mut buf = vec![0xa5u8; len + 3];
    prop_assert_eq!(r.emit(&mut buf, arch), Ok(len));
    prop_assert!(buf[len..].iter().all(|&b| b == 0xa5));
    prop_assert_eq!(&R::parse(&buf[..len], arch).unwrap(), r);
    let mut short = vec![0x5au8; len - 1];
    prop_assert_eq!(
        r.emit(&mut short, arch),
        Err(WireError::TooShort {
            required: len,
            actual: len - 1
        })
    );
    prop_assert!(short.iter().all(|&b| b == 0x5a));
    Ok(())
}

/// Parsing never panics; what parses re-emits to bytes that parse to the same value.
fn parse_any<R: Repr + PartialEq + Debug>(bytes: &[u8], arch: Arch) -> Result<(), TestCaseError> {
    if let Ok(v) = R::parse(bytes, arch) {
        let again = v.to_bytes(arch);
        prop_assert!(again.len() <= bytes.len());
        prop_assert_eq!(R::parse(&again, arch).unwrap(), v);
    }
    Ok(())
}

proptest! {
    #[test]
    fn roundtrip_fixed(
        a in arch(),
        rss in any::<u8>(),
        compat in (any::<i32>(), any::<u32>()),
        range in (any::<u16>(), any::<u16>()),
        token in any::<u64>(),
        pid in any::<u32>(),
        rcv in (any::<i32>(), any::<u32>()),
        rto in (any::<u16>(), any::<u8>()),
        ack in any::<u8>(),
        ts in (any::<u32>(), any::<u16>()),
        hints in any::<[i32; 3]>(),
    ) {
        let range = InetPortRange { start_port: range.0, number_of_ports: range.1 };
        let token = InetPortReservationToken { token };
        roundtrip(&RssScalabilityInfo { rss_enabled: rss }, a)?;
        roundtrip(&WsaCompatibilityMode {
            behavior_id: CompatibilityBehaviorId(compat.0),
            target_os_version: compat.1,
        }, a)?;
        roundtrip(&range, a)?;
        roundtrip(&token, a)?;
        roundtrip(&InetPortReservationInstance { reservation: range, token }, a)?;
        roundtrip(&InetPortReservationInformation { owning_pid: pid }, a)?;
        roundtrip(&RcvallValue(rcv.0), a)?;
        roundtrip(&RcvallIf { mode: RcvallValue(rcv.0), interface: rcv.1 }, a)?;
        roundtrip(&TcpInitialRtoParameters { rtt: rto.0, max_syn_retransmissions: rto.1 }, a)?;
        roundtrip(&TcpAckFrequencyParameters { tcp_delayed_ack_frequency: ack }, a)?;
        roundtrip(&TimestampingConfig { flags: ts.0, tx_timestamps_buffered: ts.1 }, a)?;
        roundtrip(&TcpIcwParameters { level: TcpIcwLevel(hints[0]) }, a)?;
        roundtrip(&SocketPriorityHint(hints[1]), a)?;
        roundtrip(&SocketUsageType(hints[2]), a)?;
    }

    #[test]
    fn roundtrip_tcp_info(a in arch(), v1 in tcp_info_v1()) {
        roundtrip(&v1.v0, a)?;
        roundtrip(&v1, a)?;
    }

    #[test]
    fn roundtrip_ssl(
        (a, hook) in arch().prop_flat_map(|a| (Just(a), (pointer(a), pointer(a)))),
        protocols in vec(ssl_protocol(), 0..8),
    ) {
        for p in &protocols {
            roundtrip(p, a)?;
        }
        roundtrip(&SslProtocols { protocols }, a)?;
        roundtrip(&SslValidateCertHook { hook_func: hook.0, pv_arg: hook.1 }, a)?;
    }

    #[test]
    fn roundtrip_qos(
        (a, buf) in arch().prop_flat_map(|a| (Just(a), pointer(a))),
        s in flowspec(),
        r in flowspec(),
        len in any::<u32>(),
    ) {
        let wsabuf = WsaBuf { len, buf };
        roundtrip(&s, a)?;
        roundtrip(&wsabuf, a)?;
        roundtrip(&Qos { sending_flowspec: s, receiving_flowspec: r, provider_specific: wsabuf }, a)?;
    }

    #[test]
    fn roundtrip_scalars(
        (a, h) in arch().prop_flat_map(|a| (Just(a), pointer(a))),
        v in (any::<u32>(), any::<i32>(), any::<u8>(), any::<u16>(), any::<u64>()),
    ) {
        roundtrip(&ULong(v.0), a)?;
        roundtrip(&WinBool(v.1), a)?;
        roundtrip(&Boolean(v.2), a)?;
        roundtrip(&UShort(v.3), a)?;
        roundtrip(&UInt64(v.4), a)?;
        roundtrip(&Handle(h), a)?;
    }

    #[test]
    fn parse_never_panics(bytes in vec(any::<u8>(), 0..300)) {
        for a in Arch::ALL {
            parse_any::<RssScalabilityInfo>(&bytes, a)?;
            parse_any::<WsaCompatibilityMode>(&bytes, a)?;
            parse_any::<InetPortRange>(&bytes, a)?;
            parse_any::<InetPortReservationToken>(&bytes, a)?;
            parse_any::<InetPortReservationInstance>(&bytes, a)?;
            parse_any::<InetPortReservationInformation>(&bytes, a)?;
            parse_any::<TcpInfoV0>(&bytes, a)?;
            parse_any::<TcpInfoV1>(&bytes, a)?;
            parse_any::<RcvallValue>(&bytes, a)?;
            parse_any::<RcvallIf>(&bytes, a)?;
            parse_any::<TcpInitialRtoParameters>(&bytes, a)?;
            parse_any::<TcpAckFrequencyParameters>(&bytes, a)?;
            parse_any::<TimestampingConfig>(&bytes, a)?;
            parse_any::<TcpIcwParameters>(&bytes, a)?;
            parse_any::<SocketPriorityHint>(&bytes, a)?;
            parse_any::<SocketUsageType>(&bytes, a)?;
            parse_any::<SslProtocol>(&bytes, a)?;
            parse_any::<SslProtocols>(&bytes, a)?;
            parse_any::<SslValidateCertHook>(&bytes, a)?;
            parse_any::<Flowspec>(&bytes, a)?;
            parse_any::<WsaBuf>(&bytes, a)?;
            parse_any::<Qos>(&bytes, a)?;
            parse_any::<ULong>(&bytes, a)?;
            parse_any::<WinBool>(&bytes, a)?;
            parse_any::<Boolean>(&bytes, a)?;
            parse_any::<UShort>(&bytes, a)?;
            parse_any::<UInt64>(&bytes, a)?;
            parse_any::<Handle>(&bytes, a)?;
        }
    }

    /// SSLPROTOCOLS with a small count and random entries: parses exactly when the buffer holds
    /// the announced entries.
    #[test]
    fn ssl_protocols_count_vs_length(count in 0u32..20, body in vec(any::<u8>(), 0..260)) {
        let mut bytes = count.to_le_bytes().to_vec();
        bytes.extend_from_slice(&body);
        let need = 4 + 12 * count as usize;
        match SslProtocols::parse(&bytes, Arch::X86) {
            Ok(p) => {
                prop_assert!(bytes.len() >= need);
                prop_assert_eq!(p.protocols.len(), count as usize);
            }
            Err(e) => {
                prop_assert!(bytes.len() < need);
                prop_assert_eq!(e, WireError::TooShort { required: need, actual: bytes.len() });
            }
        }
    }
}
