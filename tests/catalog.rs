//! The control-code catalog (src/catalog.rs) against oracles nobody here wrote: the windows-sys
//! constants and structure sizes, the SDK definitions re-evaluated, and the spec documents.

mod common;

use proptest::prelude::*;
use windows_sys::Win32::Networking::WinSock as ws;
use wsaioctl::WsaError;
use wsaioctl::catalog::{
    self, Basis, Buffer, BytesReturned, ENTRIES, Entry, Len, Source, Support, WindowsVersion,
};
use wsaioctl::code::{ControlCode, IoctlKind, parse_sdk_expr};
use wsaioctl::wire::Arch;

/// Every `SIO_*`, `FIO*` and `SIOC*` constant of windows-sys 0.61 (Win32_Networking_WinSock).
/// FIO*/SIOC* are `i32` there.
const WINDOWS_SYS: &[(&str, u32)] = &[
    ("FIOASYNC", ws::FIOASYNC as u32),
    ("FIONBIO", ws::FIONBIO as u32),
    ("FIONREAD", ws::FIONREAD as u32),
    ("SIOCATMARK", ws::SIOCATMARK as u32),
    ("SIOCGHIWAT", ws::SIOCGHIWAT as u32),
    ("SIOCGLOWAT", ws::SIOCGLOWAT as u32),
    ("SIOCSHIWAT", ws::SIOCSHIWAT as u32),
    ("SIOCSLOWAT", ws::SIOCSLOWAT as u32),
    ("SIO_ABSORB_RTRALERT", ws::SIO_ABSORB_RTRALERT),
    (
        "SIO_ACQUIRE_PORT_RESERVATION",
        ws::SIO_ACQUIRE_PORT_RESERVATION,
    ),
    ("SIO_ADDRESS_LIST_CHANGE", ws::SIO_ADDRESS_LIST_CHANGE),
    ("SIO_ADDRESS_LIST_QUERY", ws::SIO_ADDRESS_LIST_QUERY),
    ("SIO_ADDRESS_LIST_SORT", ws::SIO_ADDRESS_LIST_SORT),
    ("SIO_AF_UNIX_GETPEERPID", ws::SIO_AF_UNIX_GETPEERPID),
    (
        "SIO_AF_UNIX_SETBINDPARENTPATH",
        ws::SIO_AF_UNIX_SETBINDPARENTPATH,
    ),
    (
        "SIO_AF_UNIX_SETCONNPARENTPATH",
        ws::SIO_AF_UNIX_SETCONNPARENTPATH,
    ),
    (
        "SIO_APPLY_TRANSPORT_SETTING",
        ws::SIO_APPLY_TRANSPORT_SETTING,
    ),
    ("SIO_ASSOCIATE_HANDLE", ws::SIO_ASSOCIATE_HANDLE),
    (
        "SIO_ASSOCIATE_PORT_RESERVATION",
        ws::SIO_ASSOCIATE_PORT_RESERVATION,
    ),
    ("SIO_ASSOCIATE_PVC", ws::SIO_ASSOCIATE_PVC),
    ("SIO_BASE_HANDLE", ws::SIO_BASE_HANDLE),
    ("SIO_BSP_HANDLE", ws::SIO_BSP_HANDLE),
    ("SIO_BSP_HANDLE_POLL", ws::SIO_BSP_HANDLE_POLL),
    ("SIO_BSP_HANDLE_SELECT", ws::SIO_BSP_HANDLE_SELECT),
    ("SIO_CPU_AFFINITY", ws::SIO_CPU_AFFINITY),
    (
        "SIO_DELETE_PEER_TARGET_NAME",
        ws::SIO_DELETE_PEER_TARGET_NAME,
    ),
    (
        "SIO_ENABLE_CIRCULAR_QUEUEING",
        ws::SIO_ENABLE_CIRCULAR_QUEUEING,
    ),
    ("SIO_EXT_POLL", ws::SIO_EXT_POLL),
    ("SIO_EXT_SELECT", ws::SIO_EXT_SELECT),
    ("SIO_EXT_SENDMSG", ws::SIO_EXT_SENDMSG),
    ("SIO_FIND_ROUTE", ws::SIO_FIND_ROUTE),
    ("SIO_FLUSH", ws::SIO_FLUSH),
    ("SIO_GET_ATM_ADDRESS", ws::SIO_GET_ATM_ADDRESS),
    ("SIO_GET_ATM_CONNECTION_ID", ws::SIO_GET_ATM_CONNECTION_ID),
    ("SIO_GET_BROADCAST_ADDRESS", ws::SIO_GET_BROADCAST_ADDRESS),
    (
        "SIO_GET_EXTENSION_FUNCTION_POINTER",
        ws::SIO_GET_EXTENSION_FUNCTION_POINTER,
    ),
    ("SIO_GET_GROUP_QOS", ws::SIO_GET_GROUP_QOS),
    (
        "SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER",
        ws::SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
    ),
    (
        "SIO_GET_NUMBER_OF_ATM_DEVICES",
        ws::SIO_GET_NUMBER_OF_ATM_DEVICES,
    ),
    ("SIO_GET_QOS", ws::SIO_GET_QOS),
    ("SIO_GET_TX_TIMESTAMP", ws::SIO_GET_TX_TIMESTAMP),
    ("SIO_INDEX_ADD_MCAST", ws::SIO_INDEX_ADD_MCAST),
    ("SIO_INDEX_BIND", ws::SIO_INDEX_BIND),
    ("SIO_INDEX_DEL_MCAST", ws::SIO_INDEX_DEL_MCAST),
    ("SIO_INDEX_MCASTIF", ws::SIO_INDEX_MCASTIF),
    ("SIO_KEEPALIVE_VALS", ws::SIO_KEEPALIVE_VALS),
    ("SIO_LIMIT_BROADCASTS", ws::SIO_LIMIT_BROADCASTS),
    ("SIO_LOOPBACK_FAST_PATH", ws::SIO_LOOPBACK_FAST_PATH),
    ("SIO_MULTICAST_SCOPE", ws::SIO_MULTICAST_SCOPE),
    ("SIO_MULTIPOINT_LOOPBACK", ws::SIO_MULTIPOINT_LOOPBACK),
    ("SIO_NSP_NOTIFY_CHANGE", ws::SIO_NSP_NOTIFY_CHANGE),
    ("SIO_PRIORITY_HINT", ws::SIO_PRIORITY_HINT),
    (
        "SIO_QUERY_RSS_PROCESSOR_INFO",
        ws::SIO_QUERY_RSS_PROCESSOR_INFO,
    ),
    (
        "SIO_QUERY_RSS_SCALABILITY_INFO",
        ws::SIO_QUERY_RSS_SCALABILITY_INFO,
    ),
    ("SIO_QUERY_SECURITY", ws::SIO_QUERY_SECURITY),
    (
        "SIO_QUERY_TARGET_PNP_HANDLE",
        ws::SIO_QUERY_TARGET_PNP_HANDLE,
    ),
    (
        "SIO_QUERY_TRANSPORT_SETTING",
        ws::SIO_QUERY_TRANSPORT_SETTING,
    ),
    (
        "SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE",
        ws::SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE,
    ),
    (
        "SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT",
        ws::SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT,
    ),
    (
        "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS",
        ws::SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS,
    ),
    ("SIO_RCVALL", ws::SIO_RCVALL),
    ("SIO_RCVALL_IF", ws::SIO_RCVALL_IF),
    ("SIO_RCVALL_IGMPMCAST", ws::SIO_RCVALL_IGMPMCAST),
    ("SIO_RCVALL_MCAST", ws::SIO_RCVALL_MCAST),
    ("SIO_RCVALL_MCAST_IF", ws::SIO_RCVALL_MCAST_IF),
    (
        "SIO_RELEASE_PORT_RESERVATION",
        ws::SIO_RELEASE_PORT_RESERVATION,
    ),
    ("SIO_RESERVED_1", ws::SIO_RESERVED_1),
    ("SIO_RESERVED_2", ws::SIO_RESERVED_2),
    (
        "SIO_ROUTING_INTERFACE_CHANGE",
        ws::SIO_ROUTING_INTERFACE_CHANGE,
    ),
    (
        "SIO_ROUTING_INTERFACE_QUERY",
        ws::SIO_ROUTING_INTERFACE_QUERY,
    ),
    ("SIO_SET_COMPATIBILITY_MODE", ws::SIO_SET_COMPATIBILITY_MODE),
    ("SIO_SET_GROUP_QOS", ws::SIO_SET_GROUP_QOS),
    ("SIO_SET_PEER_TARGET_NAME", ws::SIO_SET_PEER_TARGET_NAME),
    ("SIO_SET_PRIORITY_HINT", ws::SIO_SET_PRIORITY_HINT),
    ("SIO_SET_QOS", ws::SIO_SET_QOS),
    ("SIO_SET_SECURITY", ws::SIO_SET_SECURITY),
    (
        "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS",
        ws::SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS,
    ),
    ("SIO_SOCKET_CLOSE_NOTIFY", ws::SIO_SOCKET_CLOSE_NOTIFY),
    (
        "SIO_SOCKET_USAGE_NOTIFICATION",
        ws::SIO_SOCKET_USAGE_NOTIFICATION,
    ),
    ("SIO_TCP_INFO", ws::SIO_TCP_INFO),
    ("SIO_TCP_INITIAL_RTO", ws::SIO_TCP_INITIAL_RTO),
    ("SIO_TCP_SET_ACK_FREQUENCY", ws::SIO_TCP_SET_ACK_FREQUENCY),
    ("SIO_TCP_SET_ICW", ws::SIO_TCP_SET_ICW),
    ("SIO_TIMESTAMPING", ws::SIO_TIMESTAMPING),
    ("SIO_TRANSLATE_HANDLE", ws::SIO_TRANSLATE_HANDLE),
    ("SIO_UCAST_IF", ws::SIO_UCAST_IF),
    ("SIO_UDP_CONNRESET", ws::SIO_UDP_CONNRESET),
    ("SIO_UDP_NETRESET", ws::SIO_UDP_NETRESET),
];

/// The rows the catalog adds to windows-sys, with the header each comes from.
const NOT_IN_WINDOWS_SYS: &[&str] = &[
    // ws2ipdef.h
    "SIO_GET_INTERFACE_LIST",
    "SIO_GET_INTERFACE_LIST_EX",
    "SIO_SET_MULTICAST_FILTER",
    "SIO_GET_MULTICAST_FILTER",
    "SIO_IDEAL_SEND_BACKLOG_QUERY",
    "SIO_IDEAL_SEND_BACKLOG_CHANGE",
    // qossp.h
    "SIO_CHK_QOS",
    // Windows CE sslsock.h (spec/000)
    "SO_SSL_GET_CAPABILITIES",
    "SO_SSL_GET_FLAGS",
    "SO_SSL_SET_FLAGS",
    "SO_SSL_GET_PROTOCOLS",
    "SO_SSL_SET_PROTOCOLS",
    "SO_SSL_SET_VALIDATE_CERT_HOOK",
    "SO_SSL_PERFORM_HANDSHAKE",
];

fn row(name: &str) -> &'static Entry {
    let e = catalog::by_name(name).unwrap_or_else(|| panic!("{name} is not in the catalog"));
    assert_eq!(e.name, name, "{name} is an alias, not a row name");
    e
}

fn code(raw: u32) -> ControlCode {
    ControlCode(raw)
}

// ---------------------------------------------------------------------------------------------
// Oracles: windows-sys and the SDK definitions
// ---------------------------------------------------------------------------------------------

#[test]
fn every_windows_sys_constant_is_a_row_with_its_value() {
    assert_eq!(WINDOWS_SYS.len(), 88);
    for &(name, value) in WINDOWS_SYS {
        let e = ENTRIES.iter().find(|e| e.name == name).unwrap_or_else(|| {
            panic!("windows-sys defines {name} but the catalog has no such row")
        });
        assert_eq!(
            e.code,
            code(value),
            "{name}: catalog {} vs windows-sys {value:#010x}",
            e.code
        );
    }
}

#[test]
fn rows_are_the_windows_sys_constants_plus_the_header_only_codes() {
    let from_windows_sys = ENTRIES
        .iter()
        .filter(|e| WINDOWS_SYS.iter().any(|&(n, _)| n == e.name))
        .count();
    assert_eq!(from_windows_sys, 88);
    let mut added: Vec<&str> = ENTRIES
        .iter()
        .filter(|e| !WINDOWS_SYS.iter().any(|&(n, _)| n == e.name))
        .map(|e| e.name)
        .collect();
    let mut expected = NOT_IN_WINDOWS_SYS.to_vec();
    added.sort_unstable();
    expected.sort_unstable();
    assert_eq!(added, expected);
    assert_eq!(ENTRIES.len(), 88 + NOT_IN_WINDOWS_SYS.len());
}

/// Recomputes every value — including the ones windows-sys lacks — from its SDK definition.
#[test]
fn every_definition_evaluates_to_its_value() {
    for e in ENTRIES {
        assert_eq!(
            parse_sdk_expr(e.definition),
            Ok(e.code.raw()),
            "{}: {}",
            e.name,
            e.definition
        );
        assert_eq!(
            ControlCode::from_sdk_expr(e.definition),
            Ok(e.code),
            "{}",
            e.name
        );
    }
}

/// The definitions the headers spell out (ws2ipdef.h, qossp.h, sslsock.h), checked against the
/// header text itself rather than against the row.
#[test]
fn header_only_codes_match_their_header_text() {
    // ws2ipdef.h
    assert_eq!(
        parse_sdk_expr("_IOR('t',127,ULONG)"),
        Ok(row("SIO_GET_INTERFACE_LIST").code.raw())
    );
    assert_eq!(
        parse_sdk_expr("_IOR('t',126,ULONG)"),
        Ok(row("SIO_GET_INTERFACE_LIST_EX").code.raw())
    );
    assert_eq!(
        parse_sdk_expr("_IOW('t',125,ULONG)"),
        Ok(row("SIO_SET_MULTICAST_FILTER").code.raw())
    );
    assert_eq!(
        parse_sdk_expr("_IOW('t',124|IOC_IN,ULONG)"),
        Ok(row("SIO_GET_MULTICAST_FILTER").code.raw())
    );
    assert_eq!(
        parse_sdk_expr("_IOR('t',123,ULONG)"),
        Ok(row("SIO_IDEAL_SEND_BACKLOG_QUERY").code.raw())
    );
    assert_eq!(
        parse_sdk_expr("_IO('t',122)"),
        Ok(row("SIO_IDEAL_SEND_BACKLOG_CHANGE").code.raw())
    );
    // qossp.h: #define SIO_CHK_QOS mIOC_IN | mIOC_OUT | mIOC_VENDOR | mCOMPANY | ioctl_code, with
    // mIOC_VENDOR = 0x04000000 and mCOMPANY = 0x18000000; its comment's _WSAIORW(IOC_VENDOR,1) differs.
    let chk = row("SIO_CHK_QOS").code.raw();
    assert_eq!(
        chk,
        0x8000_0000 | 0x4000_0000 | 0x0400_0000 | 0x1800_0000 | 1
    );
    assert_ne!(Ok(chk), parse_sdk_expr("_WSAIORW(IOC_VENDOR,1)"));
    // sslsock.h: _SO_SSL = ((2L << 27) | SO_SSL_FAMILY), SO_SSL_FAMILY = 0x00730000.
    let ssl = "((2L << 27) | 0x00730000)";
    for (name, expr) in [
        (
            "SO_SSL_GET_CAPABILITIES",
            format!("(IOC_OUT | {ssl} | 0x01)"),
        ),
        ("SO_SSL_SET_FLAGS", format!("(IOC_IN | {ssl} | 0x02)")),
        ("SO_SSL_GET_FLAGS", format!("(IOC_OUT | {ssl} | 0x02)")),
        ("SO_SSL_SET_PROTOCOLS", format!("(IOC_IN | {ssl} | 0x03)")),
        ("SO_SSL_GET_PROTOCOLS", format!("(IOC_OUT | {ssl} | 0x03)")),
        (
            "SO_SSL_SET_VALIDATE_CERT_HOOK",
            format!("(IOC_IN | {ssl} | 0x08)"),
        ),
        ("SO_SSL_PERFORM_HANDSHAKE", format!("({ssl} | 0x0d)")),
    ] {
        assert_eq!(parse_sdk_expr(&expr), Ok(row(name).code.raw()), "{name}");
    }
}

#[test]
fn every_code_survives_its_fields() {
    for e in ENTRIES {
        assert_eq!(
            ControlCode::from_fields(e.code.fields()),
            e.code,
            "{}",
            e.name
        );
        assert_eq!(
            ControlCode::from_sdk_expr(&e.code.macro_form()),
            Ok(e.code),
            "{}",
            e.name
        );
    }
}

/// x64 buffer lengths against windows-sys structure sizes (tests run on a 64-bit host).
#[test]
fn buffer_lengths_match_windows_sys_sizes_on_x64() {
    use core::mem::{offset_of, size_of};
    assert_eq!(size_of::<usize>(), 8, "these checks describe x64");
    let sizes: &[(&str, usize)] = &[
        ("u_long", 4),
        ("ULONG", 4),
        ("DWORD", 4),
        ("BOOL", 4),
        ("int", 4),
        ("USHORT", 2),
        ("UINT64", 8),
        ("GUID", size_of::<windows_sys::core::GUID>()),
        ("SOCKADDR", size_of::<ws::SOCKADDR>()),
        ("SOCKET", size_of::<ws::SOCKET>()),
        ("function pointer", size_of::<usize>()),
        ("QOS", size_of::<ws::QOS>()),
        ("tcp_keepalive", size_of::<ws::tcp_keepalive>()),
        ("INTERFACE_INFO[]", size_of::<ws::INTERFACE_INFO>()),
        ("INTERFACE_INFO_EX[]", size_of::<ws::INTERFACE_INFO_EX>()),
        ("ip_msfilter", offset_of!(ws::IP_MSFILTER, imsf_slist)),
        (
            "SOCKET_ADDRESS_LIST",
            offset_of!(ws::SOCKET_ADDRESS_LIST, Address),
        ),
        ("TCP_INFO_v0", size_of::<ws::TCP_INFO_v0>()),
        ("INET_PORT_RANGE", size_of::<ws::INET_PORT_RANGE>()),
        (
            "INET_PORT_RESERVATION_INSTANCE",
            size_of::<ws::INET_PORT_RESERVATION_INSTANCE>(),
        ),
        (
            "INET_PORT_RESERVATION_TOKEN",
            size_of::<ws::INET_PORT_RESERVATION_TOKEN>(),
        ),
        (
            "WSA_COMPATIBILITY_MODE",
            size_of::<ws::WSA_COMPATIBILITY_MODE>(),
        ),
        (
            "RSS_SCALABILITY_INFO",
            size_of::<ws::RSS_SCALABILITY_INFO>(),
        ),
        ("RCVALL_VALUE", size_of::<ws::RCVALL_VALUE>()),
        ("RCVALL_IF", size_of::<ws::RCVALL_IF>()),
        (
            "TCP_INITIAL_RTO_PARAMETERS",
            size_of::<ws::TCP_INITIAL_RTO_PARAMETERS>(),
        ),
        ("TCP_ICW_PARAMETERS", size_of::<ws::TCP_ICW_PARAMETERS>()),
        (
            "TCP_ACK_FREQUENCY_PARAMETERS",
            size_of::<ws::TCP_ACK_FREQUENCY_PARAMETERS>(),
        ),
        ("TIMESTAMPING_CONFIG", size_of::<ws::TIMESTAMPING_CONFIG>()),
        (
            "SOCKET_PRIORITY_HINT",
            size_of::<ws::SOCKET_PRIORITY_HINT>(),
        ),
        ("SOCKET_USAGE_TYPE", size_of::<ws::SOCKET_USAGE_TYPE>()),
        (
            "RIO_EXTENSION_FUNCTION_TABLE",
            size_of::<ws::RIO_EXTENSION_FUNCTION_TABLE>(),
        ),
        ("ATM_ADDRESS", size_of::<ws::ATM_ADDRESS>()),
        ("ATM_CONNECTION_ID", size_of::<ws::ATM_CONNECTION_ID>()),
        ("ATM_PVC_PARAMS", size_of::<ws::ATM_PVC_PARAMS>()),
        (
            "SOCKET_SECURITY_SETTINGS",
            size_of::<ws::SOCKET_SECURITY_SETTINGS>(),
        ),
        (
            "SOCKET_SECURITY_QUERY_TEMPLATE",
            size_of::<ws::SOCKET_SECURITY_QUERY_TEMPLATE>(),
        ),
        (
            "SOCKET_SECURITY_QUERY_INFO",
            size_of::<ws::SOCKET_SECURITY_QUERY_INFO>(),
        ),
        (
            "SOCKET_PEER_TARGET_NAME",
            offset_of!(ws::SOCKET_PEER_TARGET_NAME, AllStrings),
        ),
        (
            "TRANSPORT_SETTING_ID",
            size_of::<ws::TRANSPORT_SETTING_ID>(),
        ),
        (
            "TRANSPORT_SETTING_ID-headed input",
            size_of::<ws::TRANSPORT_SETTING_ID>(),
        ),
        (
            "REAL_TIME_NOTIFICATION_SETTING_OUTPUT",
            size_of::<ws::REAL_TIME_NOTIFICATION_SETTING_OUTPUT>(),
        ),
    ];
    let mut checked = 0;
    for e in ENTRIES {
        for (which, b) in [("input", e.input), ("output", e.output)] {
            let ty = b.c_type.split(" (").next().unwrap_or("");
            if let Some(&(_, size)) = sizes.iter().find(|&&(t, _)| t == ty) {
                assert_eq!(
                    b.len.min_for(Arch::X64) as usize,
                    size,
                    "{} {which} {}: {:?}",
                    e.name,
                    b.c_type,
                    b.len
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 70, "only {checked} buffers checked");
}

#[test]
fn pointer_sized_buffers_differ_by_width() {
    for e in ENTRIES {
        for b in [e.input, e.output] {
            if matches!(b.c_type, "SOCKET" | "function pointer") {
                assert_eq!(b.len, Len::PerArch { x86: 4, x64: 8 }, "{}", e.name);
            }
            if let Len::PerArch { x86, x64 } | Len::MinPerArch { x86, x64 } = b.len {
                assert!(x86 < x64, "{}: {:?}", e.name, b.len);
            }
        }
    }
    // QOS: two 32-byte FLOWSPECs and a WSABUF (8 bytes on x86, 16 on x64).
    assert_eq!(
        row("SIO_SET_QOS").input.len,
        Len::MinPerArch { x86: 72, x64: 80 }
    );
    // SOCKET_ADDRESS_LIST header: the count, padded to the pointer of SOCKET_ADDRESS.
    assert_eq!(
        row("SIO_ADDRESS_LIST_QUERY").output.len,
        Len::MinPerArch { x86: 4, x64: 8 }
    );
}

// ---------------------------------------------------------------------------------------------
// Invariants of the table
// ---------------------------------------------------------------------------------------------

#[test]
fn entries_are_sorted_by_value_then_name() {
    for w in ENTRIES.windows(2) {
        assert!(
            (w[0].code, w[0].name) < (w[1].code, w[1].name),
            "{} before {}",
            w[0].name,
            w[1].name
        );
    }
}

#[test]
fn lookup_finds_every_row_of_a_value() {
    for e in ENTRIES {
        let found: Vec<&str> = catalog::lookup(e.code).map(|r| r.name).collect();
        assert!(found.contains(&e.name), "{}", e.name);
        let linear: Vec<&str> = ENTRIES
            .iter()
            .filter(|r| r.code == e.code)
            .map(|r| r.name)
            .collect();
        assert_eq!(found, linear, "{}", e.name);
    }
    assert_eq!(catalog::lookup(code(0)).count(), 0);
    assert_eq!(catalog::lookup(code(u32::MAX)).count(), 0);
}

#[test]
fn names_and_aliases_are_unique_and_resolve() {
    let mut all = Vec::new();
    for e in ENTRIES {
        for n in e.all_names() {
            all.push(n.to_ascii_uppercase());
            assert!(
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            );
            assert_eq!(catalog::by_name(n).map(|r| r.name), Some(e.name), "{n}");
            assert_eq!(
                catalog::by_name(&n.to_ascii_lowercase()).map(|r| r.name),
                Some(e.name),
                "{n}"
            );
        }
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "a name or alias is used twice");
    assert!(catalog::by_name("SIO_NO_SUCH_CODE").is_none());
}

#[test]
fn aliases_the_documents_use() {
    // spec/000–003 list SIO_FINDROUTE among the codes likely to block; 002/003 describe
    // SIO_QUERY_PNP_TARGET_HANDLE; 004 says SIO_GET_EXTENSION_POINTER.
    assert_eq!(
        catalog::by_name("SIO_FINDROUTE").unwrap().name,
        "SIO_FIND_ROUTE"
    );
    assert_eq!(
        catalog::by_name("SIO_QUERY_PNP_TARGET_HANDLE")
            .unwrap()
            .name,
        "SIO_QUERY_TARGET_PNP_HANDLE"
    );
    assert_eq!(
        catalog::by_name("SIO_GET_EXTENSION_POINTER").unwrap().name,
        "SIO_GET_EXTENSION_FUNCTION_POINTER"
    );
    // ws2ipdef.h: SIOCSIPMSFILTER / SIOCGIPMSFILTER are #defined as the multicast-filter codes.
    assert_eq!(
        catalog::by_name("SIOCSIPMSFILTER").unwrap().name,
        "SIO_SET_MULTICAST_FILTER"
    );
    assert_eq!(
        catalog::by_name("SIOCGIPMSFILTER").unwrap().name,
        "SIO_GET_MULTICAST_FILTER"
    );
}

#[test]
fn opcode_settings_cite_documents_the_row_cites() {
    for e in ENTRIES {
        for &(src, text) in e.opcode_settings {
            assert!(
                e.sources.contains(&src),
                "{}: {src:?} not in {:?}",
                e.name,
                e.sources
            );
            assert!(
                matches!(
                    src,
                    Source::Doc000 | Source::Doc002 | Source::Doc003 | Source::Doc004
                ),
                "{}: only 000/002/003/004 state opcode settings",
                e.name
            );
            assert!(text.contains("T=="), "{}: {text}", e.name);
        }
        let docs: Vec<Source> = e.opcode_settings.iter().map(|&(s, _)| s).collect();
        let mut sorted = docs.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            docs, sorted,
            "{}: one setting per document, in order",
            e.name
        );
    }
}

#[test]
fn sources_are_ordered_and_sdk_stands_alone() {
    for e in ENTRIES {
        assert!(!e.sources.is_empty(), "{}", e.name);
        assert!(
            e.sources.windows(2).all(|w| w[0] < w[1]),
            "{}: {:?}",
            e.name,
            e.sources
        );
        if e.sources.contains(&Source::Sdk) {
            assert_eq!(e.sources, &[Source::Sdk], "{}", e.name);
        }
    }
    // The documents' own lists: 37 codes have opcode settings in 002/003.
    assert_eq!(
        catalog::citing(Source::Doc002)
            .filter(|e| !e.opcode_settings.is_empty())
            .count(),
        36
    );
    assert_eq!(catalog::citing(Source::Doc004).count(), 9);
    assert!(catalog::citing(Source::Doc000).any(|e| e.name == "SO_SSL_PERFORM_HANDSHAKE"));
    assert!(catalog::citing(Source::Observed).any(|e| e.name == "SIO_IDEAL_SEND_BACKLOG_QUERY"));
}

#[test]
fn short_output_only_where_an_output_buffer_is_used() {
    for e in ENTRIES {
        if let Some(s) = e.short_output {
            assert!(
                e.output.is_used(),
                "{} has no output but a short-output rule",
                e.name
            );
            assert!(
                matches!(s.error, WsaError::WSAEFAULT | WsaError::WSAEINVAL),
                "{}: {:?}",
                e.name,
                s.error
            );
        }
        if e.output.is_used() && matches!(e.support, Support::Supported | Support::ApiLayer) {
            assert!(
                e.short_output.is_some(),
                "{} has an output but no short-output rule",
                e.name
            );
        }
        if matches!(e.support, Support::Unsupported | Support::Unrecorded) {
            assert!(
                e.short_output.is_none(),
                "{}: rejected before any buffer check",
                e.name
            );
        }
    }
}

#[test]
fn optional_buffers_are_used_buffers() {
    for e in ENTRIES {
        for b in [e.input, e.output] {
            if b != Buffer::NONE && b.optional {
                assert!(b.is_used(), "{}", e.name);
            }
            assert_eq!(b.c_type.is_empty(), !b.is_used(), "{}", e.name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Spot checks against the spec documents
// ---------------------------------------------------------------------------------------------

/// spec/README.md "Known disagreements": SIO_ADDRESS_LIST_QUERY is I, O, T==1 in 000; O, T==1 in
/// 002/003; O, I, T==01 in 004.
#[test]
fn address_list_query_has_three_different_opcode_settings() {
    let e = row("SIO_ADDRESS_LIST_QUERY");
    assert_eq!(
        e.opcode_settings,
        &[
            (Source::Doc000, "I, O, T==1"),
            (Source::Doc002, "O, T==1"),
            (Source::Doc003, "O, T==1"),
            (Source::Doc004, "O==1(set), I==1(set), T==01"),
        ]
    );
    let mut distinct: Vec<&str> = e.opcode_settings.iter().map(|&(_, t)| t).collect();
    distinct.dedup();
    assert_eq!(distinct.len(), 3);
    // The real contract: no input, a SOCKET_ADDRESS_LIST out — the O bit alone is right.
    assert!(!e.code.is_input() && e.code.is_output());
    assert!(!e.input.is_used());
    assert_eq!(e.output.c_type, "SOCKET_ADDRESS_LIST");
}

/// spec/README.md: SIO_GET_QOS is "O" in 000/002/003 and "O, I" in 004.
#[test]
fn get_qos_settings_disagree_between_000_and_004() {
    let e = row("SIO_GET_QOS");
    assert_eq!(e.opcode_settings[0], (Source::Doc000, "O, T==1"));
    assert_eq!(
        e.opcode_settings[3],
        (Source::Doc004, "O==1(set), I==1(set), T==01")
    );
    assert!(
        e.code.is_input() && e.code.is_output(),
        "the header sets both: _WSAIORW"
    );
    assert!(e.input.optional, "000: the input buffer is optional");
}

/// spec/000/002/003: SIO_FIND_ROUTE is "O, T==1" yet takes "a SOCKADDR in the input buffer".
#[test]
fn find_route_takes_a_sockaddr_input_though_marked_output() {
    let e = row("SIO_FIND_ROUTE");
    assert!(!e.code.is_input() && e.code.is_output());
    assert_eq!(e.input.c_type, "SOCKADDR");
    assert!(e.input.is_used());
    assert!(!e.output.is_used());
    assert!(e.opcode_settings.iter().all(|&(_, t)| t == "O, T==1"));
    assert_eq!(e.aliases, &["SIO_FINDROUTE"]);
}

/// Codes whose I bit alone hides an output buffer (the I/O bits are hints only).
#[test]
fn input_only_codes_that_return_data() {
    for name in [
        "SIO_ACQUIRE_PORT_RESERVATION",
        "SIO_QUERY_TRANSPORT_SETTING",
        "SIO_GET_TX_TIMESTAMP",
        "SIO_GET_MULTICAST_FILTER",
    ] {
        let e = row(name);
        assert!(e.code.is_input() && !e.code.is_output(), "{name}");
        assert!(e.output.is_used(), "{name}");
    }
}

#[test]
fn shared_values_are_separate_rows() {
    let d: Vec<&str> = catalog::lookup(code(0x9800_000D)).map(|e| e.name).collect();
    assert_eq!(d, ["SIO_RCVALL_MCAST_IF", "SIO_SOCKET_CLOSE_NOTIFY"]);
    assert_ne!(row("SIO_RCVALL_MCAST_IF").header, "");
    let p: Vec<&str> = catalog::lookup(code(0x9800_0018)).map(|e| e.name).collect();
    assert_eq!(p, ["SIO_PRIORITY_HINT", "SIO_SET_PRIORITY_HINT"]);
    assert_eq!(
        format!("{:?}", code(0x9800_000D)),
        "SIO_RCVALL_MCAST_IF|SIO_SOCKET_CLOSE_NOTIFY"
    );
    // Same number, different I/O bits: different codes.
    assert_eq!(
        row("SIO_ADDRESS_LIST_SORT").code.code(),
        row("SIO_NSP_NOTIFY_CHANGE").code.code()
    );
    assert_ne!(
        row("SIO_ADDRESS_LIST_SORT").code,
        row("SIO_NSP_NOTIFY_CHANGE").code
    );
}

/// spec/README.md "Known disagreements" and spec/observed-windows.md.
#[test]
fn short_output_rules() {
    use BytesReturned::{Required, Untouched, Zero};
    let s = |name: &str| row(name).short_output.unwrap_or_else(|| panic!("{name}"));

    let q = s("SIO_ADDRESS_LIST_QUERY");
    assert_eq!(
        (q.error, q.bytes_returned, q.basis),
        (WsaError::WSAEFAULT, Required, Basis::Observed)
    );
    assert_eq!(
        q.failure(true, 0, Arch::X64),
        (WsaError::WSAEFAULT, Required)
    );
    assert_eq!(q.failure(false, 7, Arch::X64), (WsaError::WSAEINVAL, Zero));
    assert_eq!(
        q.failure(false, 8, Arch::X64),
        (WsaError::WSAEFAULT, Required)
    );
    assert_eq!(q.failure(false, 3, Arch::X86), (WsaError::WSAEINVAL, Zero));

    let r = s("SIO_ROUTING_INTERFACE_QUERY");
    assert_eq!(
        (r.error, r.bytes_returned, r.basis),
        (WsaError::WSAEFAULT, Required, Basis::Observed)
    );
    assert_eq!(
        r.failure(false, 15, Arch::X64),
        (WsaError::WSAEFAULT, Required)
    );
    assert_eq!(
        r.failure(true, 16, Arch::X64),
        (WsaError::WSAEFAULT, Untouched)
    );

    for name in [
        "SIO_QUERY_RSS_SCALABILITY_INFO",
        "SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE",
    ] {
        assert_eq!(s(name).error, WsaError::WSAEINVAL, "{name}");
        assert_eq!(s(name).basis, Basis::Documented, "{name}");
    }
    for name in [
        "SIO_BASE_HANDLE",
        "SIO_BSP_HANDLE",
        "SIO_BSP_HANDLE_SELECT",
        "SIO_BSP_HANDLE_POLL",
    ] {
        assert_eq!(s(name).error, WsaError::WSAEFAULT, "{name}");
        assert_eq!(s(name).basis, Basis::Documented, "{name}");
    }
    let l = s("SIO_GET_INTERFACE_LIST");
    assert_eq!(
        (l.error, l.bytes_returned, l.basis),
        (WsaError::WSAEFAULT, Zero, Basis::Observed)
    );
    for name in ["FIONREAD", "SIOCATMARK"] {
        assert_eq!(
            (s(name).error, s(name).bytes_returned),
            (WsaError::WSAEFAULT, Untouched),
            "{name}"
        );
    }
    assert!(row("FIONBIO").short_output.is_none(), "no output buffer");
    assert_eq!(
        s("SIO_GET_EXTENSION_FUNCTION_POINTER").basis,
        Basis::General
    );
}

/// spec/000, 001, 002, 003: "IOCTLs that are especially likely to block".
#[test]
fn blocking_prone_codes_are_the_documents_list() {
    let mut got: Vec<&str> = ENTRIES
        .iter()
        .filter(|e| e.blocking_prone)
        .map(|e| e.name)
        .collect();
    got.sort_unstable();
    let mut want: Vec<&str> = [
        "SIO_FINDROUTE",
        "SIO_FLUSH",
        "SIO_GET_QOS",
        "SIO_GET_GROUP_QOS",
        "SIO_SET_QOS",
        "SIO_SET_GROUP_QOS",
        "SIO_ROUTING_INTERFACE_CHANGE",
        "SIO_ADDRESS_LIST_CHANGE",
    ]
    .iter()
    .map(|n| catalog::by_name(n).unwrap().name)
    .collect();
    want.sort_unstable();
    assert_eq!(got, want);
}

/// spec/004 "Supported IOCTL Codes for SAN Service Providers".
#[test]
fn san_codes_are_the_004_list() {
    let mut got: Vec<&str> = ENTRIES.iter().filter(|e| e.san).map(|e| e.name).collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "SIO_ADDRESS_LIST_QUERY",
            "SIO_GET_EXTENSION_FUNCTION_POINTER",
            "SIO_GET_GROUP_QOS",
            "SIO_GET_QOS",
            "SIO_SET_GROUP_QOS",
            "SIO_SET_QOS",
        ]
    );
    for e in ENTRIES.iter().filter(|e| e.san) {
        assert!(e.sources.contains(&Source::Doc004), "{}", e.name);
        assert!(
            e.opcode_settings.iter().any(|&(s, _)| s == Source::Doc004),
            "{}",
            e.name
        );
    }
}

/// spec/000, Windows CE secure sockets; values from CE's sslsock.h.
#[test]
fn windows_ce_secure_socket_codes() {
    let ce: Vec<&Entry> = ENTRIES
        .iter()
        .filter(|e| e.name.starts_with("SO_SSL_"))
        .collect();
    assert_eq!(ce.len(), 7);
    for e in ce {
        assert_eq!(e.first_windows, WindowsVersion::WindowsCe, "{}", e.name);
        assert_eq!(e.support, Support::OtherProvider, "{}", e.name);
        assert_eq!(e.sources, &[Source::Doc000], "{}", e.name);
        assert_eq!(
            e.code.kind(),
            IoctlKind::Protocol,
            "{}: T = 2 from (2L << 27)",
            e.name
        );
        assert_eq!(e.code.family(), 0x073, "{}: SO_SSL_FAMILY", e.name);
    }
    let h = row("SO_SSL_PERFORM_HANDSHAKE").code;
    assert!(
        !h.is_input() && !h.is_output() && !h.is_void(),
        "no I/O/V bits at all"
    );
}

/// spec/observed-windows.md: WSAEOPNOTSUPP for FIOASYNC and SIO_FLUSH; brief of the QoS codes.
#[test]
fn codes_the_current_provider_rejects() {
    for name in [
        "FIOASYNC",
        "SIO_FLUSH",
        "SIO_GET_INTERFACE_LIST_EX",
        "SIO_GET_GROUP_QOS",
        "SIO_SET_GROUP_QOS",
    ] {
        assert_eq!(row(name).support, Support::Unsupported, "{name}");
    }
    for name in [
        "SIO_GET_EXTENSION_FUNCTION_POINTER",
        "SIO_BASE_HANDLE",
        "SIO_BSP_HANDLE",
        "SIO_BSP_HANDLE_SELECT",
        "SIO_BSP_HANDLE_POLL",
    ] {
        assert_eq!(row(name).support, Support::ApiLayer, "{name}");
    }
    for name in [
        "SIO_GET_ATM_ADDRESS",
        "SIO_AF_UNIX_GETPEERPID",
        "SO_SSL_GET_FLAGS",
        "SIO_CHK_QOS",
    ] {
        assert_eq!(row(name).support, Support::OtherProvider, "{name}");
    }
}

/// The documents' "supported on Windows X and later" sentences (spec/002, 003).
#[test]
fn first_windows_from_the_documents() {
    use WindowsVersion::*;
    for (name, v) in [
        ("SIO_ADDRESS_LIST_QUERY", Win2000),
        ("SIO_KEEPALIVE_VALS", Win2000),
        ("SIO_RCVALL", Win2000),
        ("SIO_BASE_HANDLE", Vista),
        ("SIO_ACQUIRE_PORT_RESERVATION", Vista),
        ("SIO_SET_COMPATIBILITY_MODE", Vista),
        ("SIO_QUERY_RSS_SCALABILITY_INFO", Vista),
        ("SIO_IDEAL_SEND_BACKLOG_QUERY", VistaSp1),
        ("SIO_IDEAL_SEND_BACKLOG_CHANGE", VistaSp1),
        ("SIO_UDP_CONNRESET", WinXp),
        ("SIO_TCP_INFO", Win10_1703),
    ] {
        assert_eq!(row(name).first_windows, v, "{name}");
    }
    assert!(WindowsVersion::ALL.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(WindowsVersion::ALL.len(), 20);
}

/// A few contracts that the brief and the documents spell out.
#[test]
fn buffer_contracts() {
    assert_eq!(row("FIONBIO").input, Buffer::of("u_long", Len::Fixed(4)));
    assert_eq!(row("FIONREAD").output, Buffer::of("u_long", Len::Fixed(4)));
    assert_eq!(row("SIOCATMARK").output, Buffer::of("BOOL", Len::Fixed(4)));
    assert_eq!(
        row("SIO_KEEPALIVE_VALS").input,
        Buffer::of("tcp_keepalive", Len::Fixed(12))
    );
    let gefp = row("SIO_GET_EXTENSION_FUNCTION_POINTER");
    assert_eq!(gefp.input, Buffer::of("GUID", Len::Fixed(16)));
    assert_eq!(gefp.output.len, Len::PerArch { x86: 4, x64: 8 });
    let riq = row("SIO_ROUTING_INTERFACE_QUERY");
    assert_eq!(riq.input, Buffer::of("SOCKADDR", Len::Min(16)));
    assert_eq!(riq.output, Buffer::of("SOCKADDR", Len::Min(16)));
    assert_eq!(
        row("SIO_BASE_HANDLE").output,
        Buffer::of("SOCKET", Len::PerArch { x86: 4, x64: 8 })
    );
    assert_eq!(row("SIO_GET_INTERFACE_LIST").output.len, Len::Min(76));
    for b in [
        row("SIO_ADDRESS_LIST_CHANGE"),
        row("SIO_FLUSH"),
        row("SIO_ENABLE_CIRCULAR_QUEUEING"),
    ] {
        assert!(!b.input.is_used() && !b.output.is_used(), "{}", b.name);
        assert!(b.code.is_void(), "{}", b.name);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties and the snapshot
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn lookup_never_panics_and_returns_only_its_value(raw in any::<u32>()) {
        let c = ControlCode(raw);
        let found: Vec<&Entry> = catalog::lookup(c).collect();
        prop_assert!(found.iter().all(|e| e.code == c));
        prop_assert_eq!(found.len(), ENTRIES.iter().filter(|e| e.code == c).count());
    }

    #[test]
    fn lookup_near_known_codes(i in 0..ENTRIES.len(), delta in -2i64..=2) {
        let raw = (i64::from(ENTRIES[i].code.raw()) + delta).rem_euclid(1 << 32) as u32;
        let found: Vec<&Entry> = catalog::lookup(ControlCode(raw)).collect();
        prop_assert!(found.iter().all(|e| e.code.raw() == raw));
        prop_assert_eq!(found.len(), ENTRIES.iter().filter(|e| e.code.raw() == raw).count());
    }
}

fn fmt_len(l: Len) -> String {
    match l {
        Len::None => "-".into(),
        Len::Fixed(n) => n.to_string(),
        Len::Min(n) => format!(">={n}"),
        Len::PerArch { x86, x64 } => format!("{x86}/{x64}"),
        Len::MinPerArch { x86, x64 } => format!(">={x86}/{x64}"),
        Len::Variable => "var".into(),
    }
}

fn fmt_buf(b: Buffer) -> String {
    if !b.is_used() {
        return "-".into();
    }
    format!(
        "{}:{}{}",
        b.c_type.replace(' ', "_"),
        fmt_len(b.len),
        if b.optional { "?" } else { "" }
    )
}

fn fmt_short(e: &Entry) -> String {
    let Some(s) = e.short_output else {
        return "-".into();
    };
    let b = |b: BytesReturned| match b {
        BytesReturned::Untouched => "kept",
        BytesReturned::Zero => "0",
        BytesReturned::Required => "req",
    };
    let mut out = format!("{}/{}", s.error.name().unwrap_or("?"), b(s.bytes_returned));
    if let Some((err, bytes)) = s.null_buffer {
        out += &format!(",null:{}/{}", err.name().unwrap_or("?"), b(bytes));
    }
    if let Some((len, err, bytes)) = s.below_header {
        out += &format!(
            ",<{}:{}/{}",
            fmt_len(len),
            err.name().unwrap_or("?"),
            b(bytes)
        );
    }
    out + match s.basis {
        Basis::Observed => "(obs)",
        Basis::Documented => "(doc)",
        Basis::General => "(gen)",
    }
}

#[test]
fn catalog_snapshot() {
    let mut text = String::new();
    for e in ENTRIES {
        let c = e.code;
        let iov: String = [
            (c.is_input(), 'I'),
            (c.is_output(), 'O'),
            (c.is_void(), 'V'),
        ]
        .iter()
        .map(|&(on, ch)| if on { ch } else { '-' })
        .collect();
        let sources: Vec<&str> = e.sources.iter().map(|s| s.label()).collect();
        text += &format!(
            "{:#010x} {} [{}] {:?} {} in={} out={} short={} {:?}{}{} {:?} {}\n",
            c.raw(),
            e.name,
            e.aliases.join(","),
            c.kind(),
            iov,
            fmt_buf(e.input),
            fmt_buf(e.output),
            fmt_short(e),
            e.first_windows,
            if e.san { " san" } else { "" },
            if e.blocking_prone { " blocks" } else { "" },
            e.support,
            sources.join(","),
        );
    }
    common::with_snapshots(|| insta::assert_snapshot!("catalog", text));
}

/// Every named constant in `wsaioctl::ioctl` has the value of the catalog row of that name, and
/// every catalog row has a constant.
#[test]
fn ioctl_constants_match_the_catalog() {
    let src = include_str!("../src/ioctl.rs");
    let mut n = 0;
    for line in src.lines().filter(|l| l.starts_with("pub const ")) {
        let name = line["pub const ".len()..].split(':').next().unwrap();
        let hex = line
            .rsplit("ControlCode(0x")
            .next()
            .unwrap()
            .trim_end_matches(");");
        let value = u32::from_str_radix(hex, 16).unwrap();
        let row = wsaioctl::catalog::ENTRIES
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} has no catalog row"));
        assert_eq!(row.code.0, value, "{name}");
        n += 1;
    }
    assert_eq!(n, wsaioctl::catalog::ENTRIES.len());
    assert_eq!(wsaioctl::ioctl::SIO_KEEPALIVE_VALS.0, 0x9800_0004);
}

/// Every NTSTATUS this crate names has windows-sys' value, and maps as Wine's
/// `test_WSAGetOverlappedResult` (`map_status`, which passes on Windows) records.
#[test]
fn ntstatus_values_and_mapping() {
    use windows_sys::Win32::Foundation as f;
    use wsaioctl::{NtStatus, WsaError};
    let table: &[(NtStatus, i32, WsaError)] = &[
        (
            NtStatus::STATUS_PAGEFILE_QUOTA,
            f::STATUS_PAGEFILE_QUOTA,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_NO_SUCH_DEVICE,
            f::STATUS_NO_SUCH_DEVICE,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_NO_SUCH_FILE,
            f::STATUS_NO_SUCH_FILE,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_NO_MEMORY,
            f::STATUS_NO_MEMORY,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_CONFLICTING_ADDRESSES,
            f::STATUS_CONFLICTING_ADDRESSES,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_ACCESS_DENIED,
            f::STATUS_ACCESS_DENIED,
            WsaError::WSAEACCES,
        ),
        (
            NtStatus::STATUS_OBJECT_TYPE_MISMATCH,
            f::STATUS_OBJECT_TYPE_MISMATCH,
            WsaError::WSAENOTSOCK,
        ),
        (
            NtStatus::STATUS_OBJECT_NAME_NOT_FOUND,
            f::STATUS_OBJECT_NAME_NOT_FOUND,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_OBJECT_PATH_NOT_FOUND,
            f::STATUS_OBJECT_PATH_NOT_FOUND,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_SHARING_VIOLATION,
            f::STATUS_SHARING_VIOLATION,
            WsaError::WSAEADDRINUSE,
        ),
        (
            NtStatus::STATUS_QUOTA_EXCEEDED,
            f::STATUS_QUOTA_EXCEEDED,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_TOO_MANY_PAGING_FILES,
            f::STATUS_TOO_MANY_PAGING_FILES,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_INSUFFICIENT_RESOURCES,
            f::STATUS_INSUFFICIENT_RESOURCES,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_WORKING_SET_QUOTA,
            f::STATUS_WORKING_SET_QUOTA,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_PIPE_DISCONNECTED,
            f::STATUS_PIPE_DISCONNECTED,
            WsaError::WSAESHUTDOWN,
        ),
        (
            NtStatus::STATUS_IO_TIMEOUT,
            f::STATUS_IO_TIMEOUT,
            WsaError::WSAETIMEDOUT,
        ),
        (
            NtStatus::STATUS_REMOTE_NOT_LISTENING,
            f::STATUS_REMOTE_NOT_LISTENING,
            WsaError::WSAECONNREFUSED,
        ),
        (
            NtStatus::STATUS_BAD_NETWORK_PATH,
            f::STATUS_BAD_NETWORK_PATH,
            WsaError::WSAENETUNREACH,
        ),
        (
            NtStatus::STATUS_NETWORK_BUSY,
            f::STATUS_NETWORK_BUSY,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_INVALID_NETWORK_RESPONSE,
            f::STATUS_INVALID_NETWORK_RESPONSE,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_UNEXPECTED_NETWORK_ERROR,
            f::STATUS_UNEXPECTED_NETWORK_ERROR,
            WsaError::WSAENETDOWN,
        ),
        (
            NtStatus::STATUS_REQUEST_NOT_ACCEPTED,
            f::STATUS_REQUEST_NOT_ACCEPTED,
            WsaError::WSAEWOULDBLOCK,
        ),
        (
            NtStatus::STATUS_COMMITMENT_LIMIT,
            f::STATUS_COMMITMENT_LIMIT,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_LOCAL_DISCONNECT,
            f::STATUS_LOCAL_DISCONNECT,
            WsaError::WSAECONNABORTED,
        ),
        (
            NtStatus::STATUS_REMOTE_DISCONNECT,
            f::STATUS_REMOTE_DISCONNECT,
            WsaError::WSAECONNRESET,
        ),
        (
            NtStatus::STATUS_REMOTE_RESOURCES,
            f::STATUS_REMOTE_RESOURCES,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_LINK_FAILED,
            f::STATUS_LINK_FAILED,
            WsaError::WSAECONNRESET,
        ),
        (
            NtStatus::STATUS_LINK_TIMEOUT,
            f::STATUS_LINK_TIMEOUT,
            WsaError::WSAETIMEDOUT,
        ),
        (
            NtStatus::STATUS_INVALID_CONNECTION,
            f::STATUS_INVALID_CONNECTION,
            WsaError::WSAENOTCONN,
        ),
        (
            NtStatus::STATUS_INVALID_ADDRESS,
            f::STATUS_INVALID_ADDRESS,
            WsaError::WSAEADDRNOTAVAIL,
        ),
        (
            NtStatus::STATUS_INVALID_BUFFER_SIZE,
            f::STATUS_INVALID_BUFFER_SIZE,
            WsaError::WSAEMSGSIZE,
        ),
        (
            NtStatus::STATUS_INVALID_ADDRESS_COMPONENT,
            f::STATUS_INVALID_ADDRESS_COMPONENT,
            WsaError::WSAEADDRNOTAVAIL,
        ),
        (
            NtStatus::STATUS_TOO_MANY_ADDRESSES,
            f::STATUS_TOO_MANY_ADDRESSES,
            WsaError::WSAENOBUFS,
        ),
        (
            NtStatus::STATUS_ADDRESS_ALREADY_EXISTS,
            f::STATUS_ADDRESS_ALREADY_EXISTS,
            WsaError::WSAEADDRINUSE,
        ),
        (
            NtStatus::STATUS_CONNECTION_DISCONNECTED,
            f::STATUS_CONNECTION_DISCONNECTED,
            WsaError::WSAECONNRESET,
        ),
        (
            NtStatus::STATUS_CONNECTION_RESET,
            f::STATUS_CONNECTION_RESET,
            WsaError::WSAECONNRESET,
        ),
        (
            NtStatus::STATUS_TRANSACTION_ABORTED,
            f::STATUS_TRANSACTION_ABORTED,
            WsaError::WSAECONNABORTED,
        ),
        (
            NtStatus::STATUS_CONNECTION_REFUSED,
            f::STATUS_CONNECTION_REFUSED,
            WsaError::WSAECONNREFUSED,
        ),
        (
            NtStatus::STATUS_GRACEFUL_DISCONNECT,
            f::STATUS_GRACEFUL_DISCONNECT,
            WsaError::WSAEDISCON,
        ),
        (
            NtStatus::STATUS_CONNECTION_ACTIVE,
            f::STATUS_CONNECTION_ACTIVE,
            WsaError::WSAEISCONN,
        ),
        (
            NtStatus::STATUS_REQUEST_ABORTED,
            f::STATUS_REQUEST_ABORTED,
            WsaError::WSAEINTR,
        ),
        (
            NtStatus::STATUS_CONNECTION_ABORTED,
            f::STATUS_CONNECTION_ABORTED,
            WsaError::WSAECONNABORTED,
        ),
        (
            NtStatus::STATUS_DATATYPE_MISALIGNMENT_ERROR,
            f::STATUS_DATATYPE_MISALIGNMENT_ERROR,
            WsaError::WSAEFAULT,
        ),
        (
            NtStatus::STATUS_HOST_DOWN,
            f::STATUS_HOST_DOWN,
            WsaError::WSAEHOSTDOWN,
        ),
    ];
    for &(ours, theirs, wsa) in table {
        assert_eq!(ours.0, theirs as u32, "{ours:?}");
        assert_eq!(ours.to_wsa(), wsa, "{ours:?}");
    }
}
