//! Named control-code values, as the SDK headers spell them (winsock2.h, ws2ipdef.h,
//! mstcpip.h, mswsock.h, qos.h, ws2atm.h, afunix.h). The catalog ([`crate::catalog`]) describes
//! each; `tests/catalog.rs` checks every constant here against its catalog row and windows-sys.

use crate::code::ControlCode;

/// `SIO_IDEAL_SEND_BACKLOG_CHANGE`.
pub const SIO_IDEAL_SEND_BACKLOG_CHANGE: ControlCode = ControlCode(0x2000747A);
/// `SIO_ENABLE_CIRCULAR_QUEUEING`.
pub const SIO_ENABLE_CIRCULAR_QUEUEING: ControlCode = ControlCode(0x28000002);
/// `SIO_FLUSH`.
pub const SIO_FLUSH: ControlCode = ControlCode(0x28000004);
/// `SIO_ADDRESS_LIST_CHANGE`.
pub const SIO_ADDRESS_LIST_CHANGE: ControlCode = ControlCode(0x28000017);
/// `FIONREAD`.
pub const FIONREAD: ControlCode = ControlCode(0x4004667F);
/// `SIOCGHIWAT`.
pub const SIOCGHIWAT: ControlCode = ControlCode(0x40047301);
/// `SIOCGLOWAT`.
pub const SIOCGLOWAT: ControlCode = ControlCode(0x40047303);
/// `SIOCATMARK`.
pub const SIOCATMARK: ControlCode = ControlCode(0x40047307);
/// `SIO_IDEAL_SEND_BACKLOG_QUERY`.
pub const SIO_IDEAL_SEND_BACKLOG_QUERY: ControlCode = ControlCode(0x4004747B);
/// `SIO_GET_INTERFACE_LIST_EX`.
pub const SIO_GET_INTERFACE_LIST_EX: ControlCode = ControlCode(0x4004747E);
/// `SIO_GET_INTERFACE_LIST`.
pub const SIO_GET_INTERFACE_LIST: ControlCode = ControlCode(0x4004747F);
/// `SIO_FIND_ROUTE`.
pub const SIO_FIND_ROUTE: ControlCode = ControlCode(0x48000003);
/// `SIO_GET_BROADCAST_ADDRESS`.
pub const SIO_GET_BROADCAST_ADDRESS: ControlCode = ControlCode(0x48000005);
/// `SIO_ADDRESS_LIST_QUERY`.
pub const SIO_ADDRESS_LIST_QUERY: ControlCode = ControlCode(0x48000016);
/// `SIO_QUERY_TARGET_PNP_HANDLE`.
pub const SIO_QUERY_TARGET_PNP_HANDLE: ControlCode = ControlCode(0x48000018);
/// `SIO_BSP_HANDLE`.
pub const SIO_BSP_HANDLE: ControlCode = ControlCode(0x4800001B);
/// `SIO_BSP_HANDLE_SELECT`.
pub const SIO_BSP_HANDLE_SELECT: ControlCode = ControlCode(0x4800001C);
/// `SIO_BSP_HANDLE_POLL`.
pub const SIO_BSP_HANDLE_POLL: ControlCode = ControlCode(0x4800001D);
/// `SIO_BASE_HANDLE`.
pub const SIO_BASE_HANDLE: ControlCode = ControlCode(0x48000022);
/// `SIO_QUERY_RSS_PROCESSOR_INFO`.
pub const SIO_QUERY_RSS_PROCESSOR_INFO: ControlCode = ControlCode(0x48000025);
/// `SIO_GET_NUMBER_OF_ATM_DEVICES`.
pub const SIO_GET_NUMBER_OF_ATM_DEVICES: ControlCode = ControlCode(0x50160001);
/// `SIO_GET_ATM_CONNECTION_ID`.
pub const SIO_GET_ATM_CONNECTION_ID: ControlCode = ControlCode(0x50160004);
/// `SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE`.
pub const SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE: ControlCode = ControlCode(0x580000CD);
/// `SIO_QUERY_RSS_SCALABILITY_INFO`.
pub const SIO_QUERY_RSS_SCALABILITY_INFO: ControlCode = ControlCode(0x580000D2);
/// `SIO_AF_UNIX_GETPEERPID`.
pub const SIO_AF_UNIX_GETPEERPID: ControlCode = ControlCode(0x58000100);
/// `FIOASYNC`.
pub const FIOASYNC: ControlCode = ControlCode(0x8004667D);
/// `FIONBIO`.
pub const FIONBIO: ControlCode = ControlCode(0x8004667E);
/// `SIOCSHIWAT`.
pub const SIOCSHIWAT: ControlCode = ControlCode(0x80047300);
/// `SIOCSLOWAT`.
pub const SIOCSLOWAT: ControlCode = ControlCode(0x80047302);
/// `SIO_GET_MULTICAST_FILTER`.
pub const SIO_GET_MULTICAST_FILTER: ControlCode = ControlCode(0x8004747C);
/// `SIO_SET_MULTICAST_FILTER`.
pub const SIO_SET_MULTICAST_FILTER: ControlCode = ControlCode(0x8004747D);
/// `SIO_ASSOCIATE_HANDLE`.
pub const SIO_ASSOCIATE_HANDLE: ControlCode = ControlCode(0x88000001);
/// `SIO_MULTIPOINT_LOOPBACK`.
pub const SIO_MULTIPOINT_LOOPBACK: ControlCode = ControlCode(0x88000009);
/// `SIO_MULTICAST_SCOPE`.
pub const SIO_MULTICAST_SCOPE: ControlCode = ControlCode(0x8800000A);
/// `SIO_SET_QOS`.
pub const SIO_SET_QOS: ControlCode = ControlCode(0x8800000B);
/// `SIO_SET_GROUP_QOS`.
pub const SIO_SET_GROUP_QOS: ControlCode = ControlCode(0x8800000C);
/// `SIO_ROUTING_INTERFACE_CHANGE`.
pub const SIO_ROUTING_INTERFACE_CHANGE: ControlCode = ControlCode(0x88000015);
/// `SIO_NSP_NOTIFY_CHANGE`.
pub const SIO_NSP_NOTIFY_CHANGE: ControlCode = ControlCode(0x88000019);
/// `SIO_RESERVED_1`.
pub const SIO_RESERVED_1: ControlCode = ControlCode(0x8800001A);
/// `SIO_RESERVED_2`.
pub const SIO_RESERVED_2: ControlCode = ControlCode(0x88000021);
/// `SIO_ASSOCIATE_PVC`.
pub const SIO_ASSOCIATE_PVC: ControlCode = ControlCode(0x90160003);
/// `SIO_RCVALL`.
pub const SIO_RCVALL: ControlCode = ControlCode(0x98000001);
/// `SIO_RCVALL_MCAST`.
pub const SIO_RCVALL_MCAST: ControlCode = ControlCode(0x98000002);
/// `SIO_RCVALL_IGMPMCAST`.
pub const SIO_RCVALL_IGMPMCAST: ControlCode = ControlCode(0x98000003);
/// `SIO_KEEPALIVE_VALS`.
pub const SIO_KEEPALIVE_VALS: ControlCode = ControlCode(0x98000004);
/// `SIO_ABSORB_RTRALERT`.
pub const SIO_ABSORB_RTRALERT: ControlCode = ControlCode(0x98000005);
/// `SIO_UCAST_IF`.
pub const SIO_UCAST_IF: ControlCode = ControlCode(0x98000006);
/// `SIO_LIMIT_BROADCASTS`.
pub const SIO_LIMIT_BROADCASTS: ControlCode = ControlCode(0x98000007);
/// `SIO_INDEX_BIND`.
pub const SIO_INDEX_BIND: ControlCode = ControlCode(0x98000008);
/// `SIO_INDEX_MCASTIF`.
pub const SIO_INDEX_MCASTIF: ControlCode = ControlCode(0x98000009);
/// `SIO_INDEX_ADD_MCAST`.
pub const SIO_INDEX_ADD_MCAST: ControlCode = ControlCode(0x9800000A);
/// `SIO_INDEX_DEL_MCAST`.
pub const SIO_INDEX_DEL_MCAST: ControlCode = ControlCode(0x9800000B);
/// `SIO_UDP_CONNRESET`.
pub const SIO_UDP_CONNRESET: ControlCode = ControlCode(0x9800000C);
/// `SIO_RCVALL_MCAST_IF`.
pub const SIO_RCVALL_MCAST_IF: ControlCode = ControlCode(0x9800000D);
/// `SIO_SOCKET_CLOSE_NOTIFY`.
pub const SIO_SOCKET_CLOSE_NOTIFY: ControlCode = ControlCode(0x9800000D);
/// `SIO_RCVALL_IF`.
pub const SIO_RCVALL_IF: ControlCode = ControlCode(0x9800000E);
/// `SIO_UDP_NETRESET`.
pub const SIO_UDP_NETRESET: ControlCode = ControlCode(0x9800000F);
/// `SIO_LOOPBACK_FAST_PATH`.
pub const SIO_LOOPBACK_FAST_PATH: ControlCode = ControlCode(0x98000010);
/// `SIO_TCP_INITIAL_RTO`.
pub const SIO_TCP_INITIAL_RTO: ControlCode = ControlCode(0x98000011);
/// `SIO_APPLY_TRANSPORT_SETTING`.
pub const SIO_APPLY_TRANSPORT_SETTING: ControlCode = ControlCode(0x98000013);
/// `SIO_QUERY_TRANSPORT_SETTING`.
pub const SIO_QUERY_TRANSPORT_SETTING: ControlCode = ControlCode(0x98000014);
/// `SIO_CPU_AFFINITY`.
pub const SIO_CPU_AFFINITY: ControlCode = ControlCode(0x98000015);
/// `SIO_TCP_SET_ICW`.
pub const SIO_TCP_SET_ICW: ControlCode = ControlCode(0x98000016);
/// `SIO_TCP_SET_ACK_FREQUENCY`.
pub const SIO_TCP_SET_ACK_FREQUENCY: ControlCode = ControlCode(0x98000017);
/// `SIO_PRIORITY_HINT`.
pub const SIO_PRIORITY_HINT: ControlCode = ControlCode(0x98000018);
/// `SIO_SET_PRIORITY_HINT`.
pub const SIO_SET_PRIORITY_HINT: ControlCode = ControlCode(0x98000018);
/// `SIO_ACQUIRE_PORT_RESERVATION`.
pub const SIO_ACQUIRE_PORT_RESERVATION: ControlCode = ControlCode(0x98000064);
/// `SIO_RELEASE_PORT_RESERVATION`.
pub const SIO_RELEASE_PORT_RESERVATION: ControlCode = ControlCode(0x98000065);
/// `SIO_ASSOCIATE_PORT_RESERVATION`.
pub const SIO_ASSOCIATE_PORT_RESERVATION: ControlCode = ControlCode(0x98000066);
/// `SIO_SET_SECURITY`.
pub const SIO_SET_SECURITY: ControlCode = ControlCode(0x980000C8);
/// `SIO_SET_PEER_TARGET_NAME`.
pub const SIO_SET_PEER_TARGET_NAME: ControlCode = ControlCode(0x980000CA);
/// `SIO_DELETE_PEER_TARGET_NAME`.
pub const SIO_DELETE_PEER_TARGET_NAME: ControlCode = ControlCode(0x980000CB);
/// `SIO_SOCKET_USAGE_NOTIFICATION`.
pub const SIO_SOCKET_USAGE_NOTIFICATION: ControlCode = ControlCode(0x980000CC);
/// `SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS`.
pub const SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS: ControlCode = ControlCode(0x980000DC);
/// `SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT`.
pub const SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT: ControlCode = ControlCode(0x980000DD);
/// `SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS`.
pub const SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS: ControlCode = ControlCode(0x980000DE);
/// `SIO_GET_TX_TIMESTAMP`.
pub const SIO_GET_TX_TIMESTAMP: ControlCode = ControlCode(0x980000EA);
/// `SIO_TIMESTAMPING`.
pub const SIO_TIMESTAMPING: ControlCode = ControlCode(0x980000EB);
/// `SIO_AF_UNIX_SETBINDPARENTPATH`.
pub const SIO_AF_UNIX_SETBINDPARENTPATH: ControlCode = ControlCode(0x98000101);
/// `SIO_AF_UNIX_SETCONNPARENTPATH`.
pub const SIO_AF_UNIX_SETCONNPARENTPATH: ControlCode = ControlCode(0x98000102);
/// `SIO_SET_COMPATIBILITY_MODE`.
pub const SIO_SET_COMPATIBILITY_MODE: ControlCode = ControlCode(0x9800012C);
/// `SIO_GET_EXTENSION_FUNCTION_POINTER`.
pub const SIO_GET_EXTENSION_FUNCTION_POINTER: ControlCode = ControlCode(0xC8000006);
/// `SIO_GET_QOS`.
pub const SIO_GET_QOS: ControlCode = ControlCode(0xC8000007);
/// `SIO_GET_GROUP_QOS`.
pub const SIO_GET_GROUP_QOS: ControlCode = ControlCode(0xC8000008);
/// `SIO_TRANSLATE_HANDLE`.
pub const SIO_TRANSLATE_HANDLE: ControlCode = ControlCode(0xC800000D);
/// `SIO_ROUTING_INTERFACE_QUERY`.
pub const SIO_ROUTING_INTERFACE_QUERY: ControlCode = ControlCode(0xC8000014);
/// `SIO_ADDRESS_LIST_SORT`.
pub const SIO_ADDRESS_LIST_SORT: ControlCode = ControlCode(0xC8000019);
/// `SIO_EXT_SELECT`.
pub const SIO_EXT_SELECT: ControlCode = ControlCode(0xC800001E);
/// `SIO_EXT_POLL`.
pub const SIO_EXT_POLL: ControlCode = ControlCode(0xC800001F);
/// `SIO_EXT_SENDMSG`.
pub const SIO_EXT_SENDMSG: ControlCode = ControlCode(0xC8000020);
/// `SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER`.
pub const SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER: ControlCode = ControlCode(0xC8000024);
/// `SIO_GET_ATM_ADDRESS`.
pub const SIO_GET_ATM_ADDRESS: ControlCode = ControlCode(0xD0160002);
/// `SIO_CHK_QOS`.
pub const SIO_CHK_QOS: ControlCode = ControlCode(0xD8000001);
/// `SIO_TCP_INFO`.
pub const SIO_TCP_INFO: ControlCode = ControlCode(0xD8000027);
/// `SIO_QUERY_SECURITY`.
pub const SIO_QUERY_SECURITY: ControlCode = ControlCode(0xD80000C9);
