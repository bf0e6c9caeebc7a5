//! The structures of the codes the emulated provider answers since the catalog's
//! "supported" rows were completed: `SIO_ADDRESS_LIST_SORT` (the list without its addresses),
//! `SIO_QUERY_RSS_PROCESSOR_INFO`, `SIO_SET/GET_MULTICAST_FILTER`, the transport-setting codes,
//! the secure-socket codes and `SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER`.
//!
//! * windows-sys parity (x64): `size_of`, `offset_of!` and the size of every field, and the
//!   constants (the oracle no one here wrote);
//! * x86 sizes pinned from the SDK definitions (4-byte pointers; `UINT64`, `SOCKADDR_STORAGE`
//!   8-aligned under MSVC on x86 too);
//! * proptest: `parse(emit(x)) == x` on both widths, and parsing any bytes never panics.
//!
//! smoltcp's four (deconstruct, construct, parse, emit) are unit tests next to each structure.

use core::fmt::Debug;
use core::mem::{offset_of, size_of};
use std::net::{Ipv4Addr, SocketAddrV4, SocketAddrV6};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use wsaioctl::wire::address_list::{SocketAddress, field as alf};
use wsaioctl::wire::address_sort::SocketAddressArray;
use wsaioctl::wire::guid::{self, Guid};
use wsaioctl::wire::msfilter::{self, IpMsfilter, MulticastModeType};
use wsaioctl::wire::processor_affinity::{self, ProcessorNumber, SocketProcessorAffinity};
use wsaioctl::wire::rio::{self, RioExtensionFunctionTable};
use wsaioctl::wire::security::{
    self, SocketPeerTargetName, SocketSecurityProtocol, SocketSecurityQueryInfo,
    SocketSecurityQueryTemplate, SocketSecuritySettings, SocketSecuritySettingsIpsec,
};
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::transport_setting::{
    self, AssociateNameresContextInput, ControlChannelTriggerStatus,
    RealTimeNotificationSettingInput, RealTimeNotificationSettingInputEx,
    RealTimeNotificationSettingOutput, TransportSettingId,
};
use wsaioctl::wire::{Arch, Repr};

use windows_sys::Win32::Networking::WinSock as ws;
use windows_sys::Win32::System::Kernel as wk;

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

/// Our GUID equals windows-sys's field by field.
fn same_guid(ours: Guid, theirs: windows_sys::core::GUID, what: &str) {
    assert_eq!(
        (ours.data1, ours.data2, ours.data3, ours.data4),
        (theirs.data1, theirs.data2, theirs.data3, theirs.data4),
        "{what}"
    );
}

mod parity {
    use super::*;

    const X64: Arch = Arch::X64;

    /// SIO_ADDRESS_LIST_SORT: the header and array of `SOCKET_ADDRESS_LIST`.
    #[test]
    fn socket_address_list_header_and_array() {
        layout!(ws::SOCKET_ADDRESS_LIST, alf::address(X64, 1), {
            iAddressCount => alf::I_ADDRESS_COUNT,
            Address => alf::address(X64, 0)..alf::address(X64, 1),
        });
        assert_eq!(
            SocketAddressArray::len_for(1, X64),
            size_of::<ws::SOCKET_ADDRESS_LIST>()
        );
    }

    /// SIO_QUERY_RSS_PROCESSOR_INFO.
    #[test]
    fn socket_processor_affinity() {
        use processor_affinity::field::{processor_number as pn, socket_processor_affinity as f};
        layout!(wk::PROCESSOR_NUMBER, pn::LEN, {
            Group => pn::GROUP, Number => pn::NUMBER, Reserved => pn::RESERVED,
        });
        layout!(ws::SOCKET_PROCESSOR_AFFINITY, f::LEN, {
            Processor => f::PROCESSOR, NumaNodeId => f::NUMA_NODE_ID, Reserved => f::RESERVED,
        });
    }

    /// SIO_SET_MULTICAST_FILTER / SIO_GET_MULTICAST_FILTER.
    #[test]
    fn ip_msfilter() {
        use msfilter::field as f;
        layout!(ws::IP_MSFILTER, f::SDK_SIZEOF, {
            imsf_multiaddr => f::IMSF_MULTIADDR,
            imsf_interface => f::IMSF_INTERFACE,
            imsf_fmode => f::IMSF_FMODE,
            imsf_numsrc => f::IMSF_NUMSRC,
            imsf_slist => f::imsf_slist(0),
        });
        // IP_MSFILTER_SIZE(n) = sizeof(IP_MSFILTER) - sizeof(IN_ADDR) + n * sizeof(IN_ADDR).
        for n in [0usize, 1, 7] {
            assert_eq!(
                f::ip_msfilter_size(n),
                size_of::<ws::IP_MSFILTER>() - size_of::<ws::IN_ADDR>()
                    + n * size_of::<ws::IN_ADDR>()
            );
        }
        assert_eq!(size_of::<ws::MULTICAST_MODE_TYPE>(), 4);
        consts!(ws, MulticastModeType: MCAST_INCLUDE, MCAST_EXCLUDE);
    }

    /// SIO_APPLY_TRANSPORT_SETTING / SIO_QUERY_TRANSPORT_SETTING.
    #[test]
    fn transport_settings() {
        use transport_setting::field::{
            associate_nameres_context_input as anc, real_time_notification_setting_input as rtn,
            real_time_notification_setting_output as rto, transport_setting_id as tsi,
        };
        layout!(ws::TRANSPORT_SETTING_ID, tsi::LEN, { Guid => tsi::GUID });
        layout!(ws::REAL_TIME_NOTIFICATION_SETTING_INPUT, rtn::LEN, {
            TransportSettingId => rtn::TRANSPORT_SETTING_ID,
            BrokerEventGuid => rtn::BROKER_EVENT_GUID,
        });
        layout!(ws::REAL_TIME_NOTIFICATION_SETTING_INPUT_EX, rtn::EX_LEN, {
            TransportSettingId => rtn::TRANSPORT_SETTING_ID,
            BrokerEventGuid => rtn::BROKER_EVENT_GUID,
            Unmark => rtn::UNMARK,
        });
        layout!(ws::REAL_TIME_NOTIFICATION_SETTING_OUTPUT, rto::LEN, {
            ChannelStatus => rto::CHANNEL_STATUS,
        });
        layout!(ws::ASSOCIATE_NAMERES_CONTEXT_INPUT, anc::LEN, {
            TransportSettingId => anc::TRANSPORT_SETTING_ID,
            Handle => anc::HANDLE,
        });
        same_guid(
            transport_setting::REAL_TIME_NOTIFICATION_CAPABILITY,
            ws::REAL_TIME_NOTIFICATION_CAPABILITY,
            "REAL_TIME_NOTIFICATION_CAPABILITY",
        );
        same_guid(
            transport_setting::REAL_TIME_NOTIFICATION_CAPABILITY_EX,
            ws::REAL_TIME_NOTIFICATION_CAPABILITY_EX,
            "REAL_TIME_NOTIFICATION_CAPABILITY_EX",
        );
        same_guid(
            transport_setting::ASSOCIATE_NAMERES_CONTEXT,
            ws::ASSOCIATE_NAMERES_CONTEXT,
            "ASSOCIATE_NAMERES_CONTEXT",
        );
        assert_eq!(size_of::<ws::CONTROL_CHANNEL_TRIGGER_STATUS>(), 4);
        consts!(ws, ControlChannelTriggerStatus:
            CONTROL_CHANNEL_TRIGGER_STATUS_INVALID,
            CONTROL_CHANNEL_TRIGGER_STATUS_SOFTWARE_SLOT_ALLOCATED,
            CONTROL_CHANNEL_TRIGGER_STATUS_HARDWARE_SLOT_ALLOCATED,
            CONTROL_CHANNEL_TRIGGER_STATUS_POLICY_ERROR,
            CONTROL_CHANNEL_TRIGGER_STATUS_SYSTEM_ERROR,
            CONTROL_CHANNEL_TRIGGER_STATUS_TRANSPORT_DISCONNECTED,
            CONTROL_CHANNEL_TRIGGER_STATUS_SERVICE_UNAVAILABLE);
    }

    /// SIO_SET_SECURITY, SIO_QUERY_SECURITY, SIO_SET/DELETE_PEER_TARGET_NAME.
    #[test]
    fn secure_sockets() {
        use security::field::{
            socket_peer_target_name as ptn, socket_security_query_info as sqi,
            socket_security_query_template as sqt, socket_security_settings as sss,
            socket_security_settings_ipsec as ssi,
        };
        layout!(ws::SOCKET_SECURITY_SETTINGS, sss::LEN, {
            SecurityProtocol => sss::SECURITY_PROTOCOL,
            SecurityFlags => sss::SECURITY_FLAGS,
        });
        layout!(ws::SOCKET_SECURITY_SETTINGS_IPSEC, ssi::SDK_SIZEOF, {
            SecurityProtocol => ssi::SECURITY_PROTOCOL,
            SecurityFlags => ssi::SECURITY_FLAGS,
            IpsecFlags => ssi::IPSEC_FLAGS,
            AuthipMMPolicyKey => ssi::AUTHIP_MM_POLICY_KEY,
            AuthipQMPolicyKey => ssi::AUTHIP_QM_POLICY_KEY,
            Reserved => ssi::RESERVED,
            Reserved2 => ssi::RESERVED2,
            UserNameStringLen => ssi::USER_NAME_STRING_LEN,
            DomainNameStringLen => ssi::DOMAIN_NAME_STRING_LEN,
            PasswordStringLen => ssi::PASSWORD_STRING_LEN,
            AllStrings => ssi::ALL_STRINGS..ssi::ALL_STRINGS + 2,
        });
        layout!(ws::SOCKET_SECURITY_QUERY_TEMPLATE, sqt::LEN, {
            SecurityProtocol => sqt::SECURITY_PROTOCOL,
            PeerAddress => sqt::PEER_ADDRESS,
            PeerTokenAccessMask => sqt::PEER_TOKEN_ACCESS_MASK,
        });
        layout!(ws::SOCKET_SECURITY_QUERY_INFO, sqi::LEN, {
            SecurityProtocol => sqi::SECURITY_PROTOCOL,
            Flags => sqi::FLAGS,
            PeerApplicationAccessTokenHandle => sqi::PEER_APPLICATION_ACCESS_TOKEN_HANDLE,
            PeerMachineAccessTokenHandle => sqi::PEER_MACHINE_ACCESS_TOKEN_HANDLE,
        });
        layout!(ws::SOCKET_PEER_TARGET_NAME, ptn::SDK_SIZEOF, {
            SecurityProtocol => ptn::SECURITY_PROTOCOL,
            PeerAddress => ptn::PEER_ADDRESS,
            PeerTargetNameStringLen => ptn::PEER_TARGET_NAME_STRING_LEN,
            AllStrings => ptn::ALL_STRINGS..ptn::ALL_STRINGS + 2,
        });
        assert_eq!(size_of::<ws::SOCKET_SECURITY_PROTOCOL>(), 4);
        consts!(ws, SocketSecurityProtocol:
            SOCKET_SECURITY_PROTOCOL_DEFAULT, SOCKET_SECURITY_PROTOCOL_IPSEC,
            SOCKET_SECURITY_PROTOCOL_IPSEC2, SOCKET_SECURITY_PROTOCOL_INVALID);
        for (ours, theirs) in [
            (
                security::SOCKET_SETTINGS_GUARANTEE_ENCRYPTION,
                ws::SOCKET_SETTINGS_GUARANTEE_ENCRYPTION,
            ),
            (
                security::SOCKET_SETTINGS_ALLOW_INSECURE,
                ws::SOCKET_SETTINGS_ALLOW_INSECURE,
            ),
            (
                security::SOCKET_SETTINGS_IPSEC_SKIP_FILTER_INSTANTIATION,
                ws::SOCKET_SETTINGS_IPSEC_SKIP_FILTER_INSTANTIATION,
            ),
            (
                security::SOCKET_SETTINGS_IPSEC_OPTIONAL_PEER_NAME_VERIFICATION,
                ws::SOCKET_SETTINGS_IPSEC_OPTIONAL_PEER_NAME_VERIFICATION,
            ),
            (
                security::SOCKET_SETTINGS_IPSEC_ALLOW_FIRST_INBOUND_PKT_UNENCRYPTED,
                ws::SOCKET_SETTINGS_IPSEC_ALLOW_FIRST_INBOUND_PKT_UNENCRYPTED,
            ),
            (
                security::SOCKET_SETTINGS_IPSEC_PEER_NAME_IS_RAW_FORMAT,
                ws::SOCKET_SETTINGS_IPSEC_PEER_NAME_IS_RAW_FORMAT,
            ),
            (
                security::SOCKET_INFO_CONNECTION_SECURED,
                ws::SOCKET_INFO_CONNECTION_SECURED,
            ),
            (
                security::SOCKET_INFO_CONNECTION_ENCRYPTED,
                ws::SOCKET_INFO_CONNECTION_ENCRYPTED,
            ),
            (
                security::SOCKET_INFO_CONNECTION_IMPERSONATED,
                ws::SOCKET_INFO_CONNECTION_IMPERSONATED,
            ),
        ] {
            assert_eq!(ours, theirs);
        }
    }

    /// SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER with WSAID_MULTIPLE_RIO.
    #[test]
    fn rio_extension_function_table() {
        use rio::field as f;
        layout!(ws::RIO_EXTENSION_FUNCTION_TABLE, f::len(X64), {
            cbSize => f::CB_SIZE,
            RIOReceive => f::function(X64, 0),
            RIOReceiveEx => f::function(X64, 1),
            RIOSend => f::function(X64, 2),
            RIOSendEx => f::function(X64, 3),
            RIOCloseCompletionQueue => f::function(X64, 4),
            RIOCreateCompletionQueue => f::function(X64, 5),
            RIOCreateRequestQueue => f::function(X64, 6),
            RIODequeueCompletion => f::function(X64, 7),
            RIODeregisterBuffer => f::function(X64, 8),
            RIONotify => f::function(X64, 9),
            RIORegisterBuffer => f::function(X64, 10),
            RIOResizeCompletionQueue => f::function(X64, 11),
            RIOResizeRequestQueue => f::function(X64, 12),
        });
        same_guid(
            guid::WSAID_MULTIPLE_RIO,
            ws::WSAID_MULTIPLE_RIO,
            "WSAID_MULTIPLE_RIO",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// x86 sizes, pinned from the SDK definitions

/// No pointer in any of these but `RIO_EXTENSION_FUNCTION_TABLE` and the `SOCKET_ADDRESS`
/// array; `UINT64` and `SOCKADDR_STORAGE` (it holds an `__int64`) are 8-aligned under MSVC on x86
/// too, so the secure-socket layouts do not move.
#[test]
fn x86_sizes_from_the_sdk() {
    let x86 = Arch::X86;
    assert_eq!(SocketProcessorAffinity::default().buffer_len(x86), 8);
    assert_eq!(ProcessorNumber::default().buffer_len(x86), 4);
    assert_eq!(SocketSecuritySettings::default().buffer_len(x86), 8);
    assert_eq!(SocketSecuritySettingsIpsec::default().buffer_len(x86), 84);
    assert_eq!(
        security::field::socket_security_settings_ipsec::SDK_SIZEOF,
        88
    );
    assert_eq!(SocketSecurityQueryTemplate::default().buffer_len(x86), 144);
    assert_eq!(SocketSecurityQueryInfo::default().buffer_len(x86), 24);
    let ptn = SocketPeerTargetName::from_text(
        SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_DEFAULT,
        SockAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)),
        "",
    );
    assert_eq!(ptn.buffer_len(x86), 140);
    assert_eq!(security::field::socket_peer_target_name::SDK_SIZEOF, 144);
    let f = IpMsfilter::new(
        Ipv4Addr::new(232, 0, 0, 1),
        Ipv4Addr::UNSPECIFIED,
        MulticastModeType::MCAST_EXCLUDE,
        vec![Ipv4Addr::LOCALHOST],
    );
    assert_eq!(f.buffer_len(x86), 20);
    assert_eq!(msfilter::field::SDK_SIZEOF, 20);
    assert_eq!(TransportSettingId::default().buffer_len(x86), 16);
    assert_eq!(
        RealTimeNotificationSettingInput::default().buffer_len(x86),
        32
    );
    assert_eq!(
        RealTimeNotificationSettingInputEx::default().buffer_len(x86),
        36
    );
    assert_eq!(
        RealTimeNotificationSettingOutput::default().buffer_len(x86),
        4
    );
    assert_eq!(AssociateNameresContextInput::default().buffer_len(x86), 24);
    // DWORD cbSize + 13 four-byte function pointers.
    assert_eq!(RioExtensionFunctionTable::default().buffer_len(x86), 56);
    assert_eq!(rio::field::function(x86, 0), 4..8);
    assert_eq!(
        RioExtensionFunctionTable::default().buffer_len(Arch::X64),
        112
    );
    // iAddressCount + one 8-byte SOCKET_ADDRESS.
    assert_eq!(SocketAddressArray::len_for(1, x86), 12);
}

// ---------------------------------------------------------------------------------------------
// Properties

fn arch() -> impl Strategy<Value = Arch> {
    prop_oneof![Just(Arch::X86), Just(Arch::X64)]
}

fn guid() -> impl Strategy<Value = Guid> {
    any::<u128>().prop_map(Guid::from_u128)
}

/// An IP socket address, or another family carrying all 126 bytes of a `SOCKADDR_STORAGE`.
fn storage_addr() -> impl Strategy<Value = SockAddr> {
    prop_oneof![
        (any::<[u8; 4]>(), any::<u16>())
            .prop_map(|(a, p)| SockAddr::V4(SocketAddrV4::new(a.into(), p))),
        (any::<[u8; 16]>(), any::<u16>(), any::<u32>(), any::<u32>())
            .prop_map(|(a, p, f, s)| SockAddr::V6(SocketAddrV6::new(a.into(), p, f, s))),
        (
            any::<u16>().prop_filter("not an IP family", |f| *f != 2 && *f != 23),
            vec(any::<u8>(), 126)
        )
            .prop_map(|(family, data)| SockAddr::Other { family, data }),
    ]
}

fn roundtrip<R: Repr + PartialEq + Debug>(v: &R, a: Arch) -> Result<(), TestCaseError> {
    let b = v.to_bytes(a);
    prop_assert_eq!(b.len(), v.buffer_len(a));
    prop_assert_eq!(&R::parse(&b, a).unwrap(), v);
    Ok(())
}

/// Parsing never panics; what parses re-emits to bytes that parse to the same value.
fn parse_any<R: Repr + PartialEq + Debug>(bytes: &[u8], a: Arch) -> Result<(), TestCaseError> {
    if let Ok(v) = R::parse(bytes, a) {
        let again = v.to_bytes(a);
        prop_assert!(again.len() <= bytes.len());
        prop_assert_eq!(R::parse(&again, a).unwrap(), v);
    }
    Ok(())
}

proptest! {
    #[test]
    fn roundtrip_all(
        a in arch(),
        g in (guid(), guid(), guid()),
        n in (any::<u16>(), any::<u8>(), any::<u8>(), any::<u16>(), any::<u16>()),
        w in (any::<i32>(), any::<u32>(), any::<u32>(), any::<u64>(), any::<u64>()),
        addr in storage_addr(),
        strings in (vec(any::<u8>(), 0..20), vec(any::<u8>(), 0..20), vec(any::<u8>(), 0..20)),
        mc in (any::<[u8; 4]>(), any::<[u8; 4]>(), any::<i32>(), vec(any::<[u8; 4]>(), 0..10)),
        offsets in vec((0u64..=u32::MAX as u64, any::<i32>()), 0..10),
        funcs in any::<[u32; 13]>(),
    ) {
        let processor = ProcessorNumber { group: n.0, number: n.1, reserved: n.2 };
        roundtrip(&processor, a)?;
        roundtrip(&SocketProcessorAffinity { processor, numa_node_id: n.3, reserved: n.4 }, a)?;
        let p = SocketSecurityProtocol(w.0);
        roundtrip(&SocketSecuritySettings { security_protocol: p, security_flags: w.1 }, a)?;
        roundtrip(&SocketSecuritySettingsIpsec {
            security_protocol: p,
            security_flags: w.1,
            ipsec_flags: w.2,
            authip_mm_policy_key: g.0,
            authip_qm_policy_key: g.1,
            reserved: g.2,
            reserved2: w.3,
            user_name: strings.0.clone(),
            domain_name: strings.1,
            password: strings.2,
        }, a)?;
        roundtrip(&SocketSecurityQueryTemplate {
            security_protocol: p,
            peer_address: addr.clone(),
            peer_token_access_mask: w.2,
        }, a)?;
        roundtrip(&SocketSecurityQueryInfo {
            security_protocol: p,
            flags: w.1,
            peer_application_access_token_handle: w.3,
            peer_machine_access_token_handle: w.4,
        }, a)?;
        roundtrip(&SocketPeerTargetName {
            security_protocol: p,
            peer_address: addr,
            name: strings.0,
        }, a)?;
        roundtrip(&IpMsfilter::new(
            mc.0.into(),
            mc.1.into(),
            MulticastModeType(mc.2),
            mc.3.into_iter().map(Ipv4Addr::from).collect(),
        ), a)?;
        let id = TransportSettingId { guid: g.0 };
        roundtrip(&id, a)?;
        roundtrip(&RealTimeNotificationSettingInput {
            transport_setting_id: id,
            broker_event_guid: g.1,
        }, a)?;
        roundtrip(&RealTimeNotificationSettingInputEx {
            transport_setting_id: id,
            broker_event_guid: g.1,
            unmark: n.1,
        }, a)?;
        roundtrip(&RealTimeNotificationSettingOutput {
            channel_status: ControlChannelTriggerStatus(w.0),
        }, a)?;
        roundtrip(&AssociateNameresContextInput { transport_setting_id: id, handle: w.3 }, a)?;
        roundtrip(&SocketAddressArray {
            entries: offsets
                .into_iter()
                .map(|(sockaddr_offset, length)| SocketAddress { sockaddr_offset, length })
                .collect(),
        }, a)?;
        roundtrip(&RioExtensionFunctionTable {
            cb_size: w.1,
            functions: funcs.map(u64::from),
        }, a)?;
    }

    #[test]
    fn parsing_never_panics(a in arch(), bytes in vec(any::<u8>(), 0..300)) {
        parse_any::<SocketAddressArray>(&bytes, a)?;
        parse_any::<SocketProcessorAffinity>(&bytes, a)?;
        parse_any::<IpMsfilter>(&bytes, a)?;
        parse_any::<TransportSettingId>(&bytes, a)?;
        parse_any::<RealTimeNotificationSettingInput>(&bytes, a)?;
        parse_any::<RealTimeNotificationSettingInputEx>(&bytes, a)?;
        parse_any::<RealTimeNotificationSettingOutput>(&bytes, a)?;
        parse_any::<AssociateNameresContextInput>(&bytes, a)?;
        parse_any::<SocketSecuritySettings>(&bytes, a)?;
        parse_any::<SocketSecuritySettingsIpsec>(&bytes, a)?;
        parse_any::<SocketSecurityQueryTemplate>(&bytes, a)?;
        parse_any::<SocketSecurityQueryInfo>(&bytes, a)?;
        parse_any::<SocketPeerTargetName>(&bytes, a)?;
        parse_any::<RioExtensionFunctionTable>(&bytes, a)?;
        let _ = IpMsfilter::parse_available(&bytes);
    }
}
