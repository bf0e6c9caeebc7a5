//! Named control-code values, as the SDK headers spell them (winsock2.h, ws2def.h, ws2ipdef.h,
//! mstcpip.h, mswsock.h, qossp.h, ws2atm.h, afunix.h, and Windows CE's sslsock.h). The catalog
//! ([`crate::catalog`]) describes each; `tests/catalog.rs` checks that every constant here has the
//! value of its catalog row.

use crate::code::ControlCode;

/// `SO_SSL_PERFORM_HANDSHAKE` — Windows CE: performs the deferred handshake on a connected socket.
pub const SO_SSL_PERFORM_HANDSHAKE: ControlCode = ControlCode(0x1073000D);
/// `SIO_IDEAL_SEND_BACKLOG_CHANGE` — Completes when the ideal send backlog of the TCP connection changes (use overlapped I/O).
pub const SIO_IDEAL_SEND_BACKLOG_CHANGE: ControlCode = ControlCode(0x2000747A);
/// `SIO_ENABLE_CIRCULAR_QUEUEING` — On unreliable message-oriented sockets, drop the oldest queued message instead of the newest on overflow.
pub const SIO_ENABLE_CIRCULAR_QUEUEING: ControlCode = ControlCode(0x28000002);
/// `SIO_FLUSH` — Discards the send queue.
pub const SIO_FLUSH: ControlCode = ControlCode(0x28000004);
/// `SIO_ADDRESS_LIST_CHANGE` — Completes when the local address list changes.
pub const SIO_ADDRESS_LIST_CHANGE: ControlCode = ControlCode(0x28000017);
/// `FIONREAD` — Bytes readable at once.
pub const FIONREAD: ControlCode = ControlCode(0x4004667F);
/// `SIOCGHIWAT` — BSD: get the high-water mark.
pub const SIOCGHIWAT: ControlCode = ControlCode(0x40047301);
/// `SIOCGLOWAT` — BSD: get the low-water mark.
pub const SIOCGLOWAT: ControlCode = ControlCode(0x40047303);
/// `SIOCATMARK` — TRUE when no urgent (OOB) data is pending, FALSE while some is: the inverse of BSD, with or without SO_OOBINLINE (observed).
pub const SIOCATMARK: ControlCode = ControlCode(0x40047307);
/// `SIO_IDEAL_SEND_BACKLOG_QUERY` — Ideal send backlog (bytes) of a connected TCP socket.
pub const SIO_IDEAL_SEND_BACKLOG_QUERY: ControlCode = ControlCode(0x4004747B);
/// `SIO_GET_INTERFACE_LIST_EX` — Would return INTERFACE_INFO_EX records.
pub const SIO_GET_INTERFACE_LIST_EX: ControlCode = ControlCode(0x4004747E);
/// `SIO_GET_INTERFACE_LIST` — Array of INTERFACE_INFO for the IPv4 unicast addresses.
pub const SIO_GET_INTERFACE_LIST: ControlCode = ControlCode(0x4004747F);
/// `SIO_FIND_ROUTE` — Discovers the route to the SOCKADDR in the INPUT buffer although only O is set (IPX GetLocalTarget).
pub const SIO_FIND_ROUTE: ControlCode = ControlCode(0x48000003);
/// `SIO_GET_BROADCAST_ADDRESS` — A broadcast SOCKADDR suitable for sendto/WSASendTo.
pub const SIO_GET_BROADCAST_ADDRESS: ControlCode = ControlCode(0x48000005);
/// `SIO_ADDRESS_LIST_QUERY` — Local addresses of the socket's family as a SOCKET_ADDRESS_LIST.
pub const SIO_ADDRESS_LIST_QUERY: ControlCode = ControlCode(0x48000016);
/// `SIO_QUERY_TARGET_PNP_HANDLE` — Issued by ws2_32 itself to non-IFS providers: the socket of the next provider in the PnP chain.
pub const SIO_QUERY_TARGET_PNP_HANDLE: ControlCode = ControlCode(0x48000018);
/// `SIO_BSP_HANDLE` — The base-provider SOCKET used for WSASendMsg, so layered providers can intercept it.
pub const SIO_BSP_HANDLE: ControlCode = ControlCode(0x4800001B);
/// `SIO_BSP_HANDLE_SELECT` — The base-provider SOCKET used for select, so layered providers can intercept it.
pub const SIO_BSP_HANDLE_SELECT: ControlCode = ControlCode(0x4800001C);
/// `SIO_BSP_HANDLE_POLL` — The base-provider SOCKET used for WSAPoll.
pub const SIO_BSP_HANDLE_POLL: ControlCode = ControlCode(0x4800001D);
/// `SIO_BASE_HANDLE` — The base service provider SOCKET under any layered providers.
pub const SIO_BASE_HANDLE: ControlCode = ControlCode(0x48000022);
/// `SIO_QUERY_RSS_PROCESSOR_INFO` — The RSS processor (PROCESSOR_NUMBER) and NUMA node of the socket.
pub const SIO_QUERY_RSS_PROCESSOR_INFO: ControlCode = ControlCode(0x48000025);
/// `SIO_GET_NUMBER_OF_ATM_DEVICES` — AF_ATM (22) family code: the number of ATM adapters.
pub const SIO_GET_NUMBER_OF_ATM_DEVICES: ControlCode = ControlCode(0x50160001);
/// `SIO_GET_ATM_CONNECTION_ID` — AF_ATM: the device, VPI and VCI of the connection.
pub const SIO_GET_ATM_CONNECTION_ID: ControlCode = ControlCode(0x50160004);
/// `SO_SSL_GET_CAPABILITIES` — Windows CE: capability flags of the secure-socket provider (SSL_CAP_CLIENT, ...).
pub const SO_SSL_GET_CAPABILITIES: ControlCode = ControlCode(0x50730001);
/// `SO_SSL_GET_FLAGS` — Windows CE: the s-channel flags of the socket.
pub const SO_SSL_GET_FLAGS: ControlCode = ControlCode(0x50730002);
/// `SO_SSL_GET_PROTOCOLS` — Windows CE: the protocols (SSL2, SSL3, PCT1) the provider supports on the socket.
pub const SO_SSL_GET_PROTOCOLS: ControlCode = ControlCode(0x50730003);
/// `SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE` — The WFP ALE transport endpoint handle of the socket.
pub const SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE: ControlCode = ControlCode(0x580000CD);
/// `SIO_QUERY_RSS_SCALABILITY_INFO` — Whether receive-side scaling is enabled on at least one interface (one BOOLEAN).
pub const SIO_QUERY_RSS_SCALABILITY_INFO: ControlCode = ControlCode(0x580000D2);
/// `SIO_AF_UNIX_GETPEERPID` — AF_UNIX provider: the process id of the peer.
pub const SIO_AF_UNIX_GETPEERPID: ControlCode = ControlCode(0x58000100);
/// `FIOASYNC` — BSD asynchronous-I/O mode.
pub const FIOASYNC: ControlCode = ControlCode(0x8004667D);
/// `FIONBIO` — Enables (nonzero) or disables (0) nonblocking mode.
pub const FIONBIO: ControlCode = ControlCode(0x8004667E);
/// `SIOCSHIWAT` — BSD: set the high-water mark.
pub const SIOCSHIWAT: ControlCode = ControlCode(0x80047300);
/// `SIOCSLOWAT` — BSD: set the low-water mark.
pub const SIOCSLOWAT: ControlCode = ControlCode(0x80047302);
/// `SIO_GET_MULTICAST_FILTER` — Reads an IPv4 multicast source filter into the ip_msfilter the caller passes as both buffers.
pub const SIO_GET_MULTICAST_FILTER: ControlCode = ControlCode(0x8004747C);
/// `SIO_SET_MULTICAST_FILTER` — Sets an IPv4 multicast source filter (ip_msfilter, IP_MSFILTER_SIZE(n) bytes).
pub const SIO_SET_MULTICAST_FILTER: ControlCode = ControlCode(0x8004747D);
/// `SIO_ASSOCIATE_HANDLE` — Associates the socket with a companion-interface handle (TH_NETDEV, TH_TAPI).
pub const SIO_ASSOCIATE_HANDLE: ControlCode = ControlCode(0x88000001);
/// `SIO_MULTIPOINT_LOOPBACK` — Multicast loopback on or off: the same socket (000) or any listener on the loopback interface (002/003).
pub const SIO_MULTIPOINT_LOOPBACK: ControlCode = ControlCode(0x88000009);
/// `SIO_MULTICAST_SCOPE` — Multicast scope (routed segments, the IP TTL).
pub const SIO_MULTICAST_SCOPE: ControlCode = ControlCode(0x8800000A);
/// `SIO_SET_QOS` — Associates the QOS in the input buffer with the socket.
pub const SIO_SET_QOS: ControlCode = ControlCode(0x8800000B);
/// `SIO_SET_GROUP_QOS` — Sets the QOS of the socket group: described in 000, "Reserved" in 002/003, ignored by the switch (004).
pub const SIO_SET_GROUP_QOS: ControlCode = ControlCode(0x8800000C);
/// `SIO_ROUTING_INTERFACE_CHANGE` — Completes when the route to the input SOCKADDR (or, with a wildcard, any route) changes.
pub const SIO_ROUTING_INTERFACE_CHANGE: ControlCode = ControlCode(0x88000015);
/// `SIO_NSP_NOTIFY_CHANGE` — A namespace-provider code for WSANSPIoctl (completion in its WSACOMPLETION argument), not a socket WSAIoctl code.
pub const SIO_NSP_NOTIFY_CHANGE: ControlCode = ControlCode(0x88000019);
/// `SIO_RESERVED_1` — Reserved by Microsoft.
pub const SIO_RESERVED_1: ControlCode = ControlCode(0x8800001A);
/// `SIO_RESERVED_2` — Reserved by Microsoft.
pub const SIO_RESERVED_2: ControlCode = ControlCode(0x88000021);
/// `SIO_ASSOCIATE_PVC` — AF_ATM: binds the socket to a permanent virtual circuit (ATM_PVC_PARAMS, packed to 4).
pub const SIO_ASSOCIATE_PVC: ControlCode = ControlCode(0x90160003);
/// `SO_SSL_SET_FLAGS` — Windows CE: sets s-channel flags.
pub const SO_SSL_SET_FLAGS: ControlCode = ControlCode(0x90730002);
/// `SO_SSL_SET_PROTOCOLS` — Windows CE: the protocols the provider is to support on the socket.
pub const SO_SSL_SET_PROTOCOLS: ControlCode = ControlCode(0x90730003);
/// `SO_SSL_SET_VALIDATE_CERT_HOOK` — Windows CE: installs the certificate-validation callback (HookFunc, pvArg).
pub const SO_SSL_SET_VALIDATE_CERT_HOOK: ControlCode = ControlCode(0x90730008);
/// `SIO_RCVALL` — Promiscuous capture of every IPv4/IPv6 packet on the bound interface (raw socket, administrator).
pub const SIO_RCVALL: ControlCode = ControlCode(0x98000001);
/// `SIO_RCVALL_MCAST` — Receive all multicast IP traffic on the bound interface (raw IPPROTO_UDP socket, administrator).
pub const SIO_RCVALL_MCAST: ControlCode = ControlCode(0x98000002);
/// `SIO_RCVALL_IGMPMCAST` — Receive all IGMP multicast traffic on the bound interface (raw IPPROTO_IGMP socket, administrator).
pub const SIO_RCVALL_IGMPMCAST: ControlCode = ControlCode(0x98000003);
/// `SIO_KEEPALIVE_VALS` — Per-connection TCP keep-alive on/off, time and interval (ms).
pub const SIO_KEEPALIVE_VALS: ControlCode = ControlCode(0x98000004);
/// `SIO_ABSORB_RTRALERT` — Undocumented: absorb IP router-alert packets.
pub const SIO_ABSORB_RTRALERT: ControlCode = ControlCode(0x98000005);
/// `SIO_UCAST_IF` — Undocumented: select the unicast outgoing interface.
pub const SIO_UCAST_IF: ControlCode = ControlCode(0x98000006);
/// `SIO_LIMIT_BROADCASTS` — Undocumented: limit broadcasts to the bound interface.
pub const SIO_LIMIT_BROADCASTS: ControlCode = ControlCode(0x98000007);
/// `SIO_INDEX_BIND` — Undocumented: bind to an interface by index.
pub const SIO_INDEX_BIND: ControlCode = ControlCode(0x98000008);
/// `SIO_INDEX_MCASTIF` — Undocumented: multicast interface by index.
pub const SIO_INDEX_MCASTIF: ControlCode = ControlCode(0x98000009);
/// `SIO_INDEX_ADD_MCAST` — Undocumented: join a multicast group on an interface by index.
pub const SIO_INDEX_ADD_MCAST: ControlCode = ControlCode(0x9800000A);
/// `SIO_INDEX_DEL_MCAST` — Undocumented: leave a multicast group on an interface by index.
pub const SIO_INDEX_DEL_MCAST: ControlCode = ControlCode(0x9800000B);
/// `SIO_UDP_CONNRESET` — Whether ICMP port-unreachable is reported on UDP sockets as WSAECONNRESET (TRUE, the default) or ignored (FALSE).
pub const SIO_UDP_CONNRESET: ControlCode = ControlCode(0x9800000C);
/// `SIO_RCVALL_MCAST_IF` — Undocumented multicast capture on one interface.
pub const SIO_RCVALL_MCAST_IF: ControlCode = ControlCode(0x9800000D);
/// `SIO_SOCKET_CLOSE_NOTIFY` — Undocumented, Windows XP/2003 only.
pub const SIO_SOCKET_CLOSE_NOTIFY: ControlCode = ControlCode(0x9800000D);
/// `SIO_RCVALL_IF` — Undocumented: capture on the interface named in an RCVALL_IF {Mode, Interface}.
pub const SIO_RCVALL_IF: ControlCode = ControlCode(0x9800000E);
/// `SIO_UDP_NETRESET` — Undocumented companion of SIO_UDP_CONNRESET for WSAENETRESET (TTL-expired) reports on UDP sockets.
pub const SIO_UDP_NETRESET: ControlCode = ControlCode(0x9800000F);
/// `SIO_LOOPBACK_FAST_PATH` — TCP loopback fast path on both ends of a loopback connection (deprecated by Microsoft).
pub const SIO_LOOPBACK_FAST_PATH: ControlCode = ControlCode(0x98000010);
/// `SIO_TCP_INITIAL_RTO` — Initial SYN/SYN-ACK retransmission timeout and retry count of a TCP socket.
pub const SIO_TCP_INITIAL_RTO: ControlCode = ControlCode(0x98000011);
/// `SIO_APPLY_TRANSPORT_SETTING` — Applies the transport setting named by the leading TRANSPORT_SETTING_ID (REAL_TIME_NOTIFICATION_CAPABILITY).
pub const SIO_APPLY_TRANSPORT_SETTING: ControlCode = ControlCode(0x98000013);
/// `SIO_QUERY_TRANSPORT_SETTING` — Queries a transport setting.
pub const SIO_QUERY_TRANSPORT_SETTING: ControlCode = ControlCode(0x98000014);
/// `SIO_CPU_AFFINITY` — Associates a UDP socket with a processor index before bind (RSS receive parallelization).
pub const SIO_CPU_AFFINITY: ControlCode = ControlCode(0x98000015);
/// `SIO_TCP_SET_ICW` — Undocumented: TCP initial congestion window level (TCP_ICW_LEVEL).
pub const SIO_TCP_SET_ICW: ControlCode = ControlCode(0x98000016);
/// `SIO_TCP_SET_ACK_FREQUENCY` — Undocumented: TCP delayed-ACK frequency (segments per ACK).
pub const SIO_TCP_SET_ACK_FREQUENCY: ControlCode = ControlCode(0x98000017);
/// `SIO_PRIORITY_HINT` — Socket priority hint.
pub const SIO_PRIORITY_HINT: ControlCode = ControlCode(0x98000018);
/// `SIO_SET_PRIORITY_HINT` — Socket priority hint (very low, low, normal).
pub const SIO_SET_PRIORITY_HINT: ControlCode = ControlCode(0x98000018);
/// `SIO_ACQUIRE_PORT_RESERVATION` — Runtime reservation of a block of TCP/UDP ports for the life of the socket.
pub const SIO_ACQUIRE_PORT_RESERVATION: ControlCode = ControlCode(0x98000064);
/// `SIO_RELEASE_PORT_RESERVATION` — Releases a runtime port reservation made by this process.
pub const SIO_RELEASE_PORT_RESERVATION: ControlCode = ControlCode(0x98000065);
/// `SIO_ASSOCIATE_PORT_RESERVATION` — Before bind: take the port from the reservation named by the token.
pub const SIO_ASSOCIATE_PORT_RESERVATION: ControlCode = ControlCode(0x98000066);
/// `SIO_SET_SECURITY` — Applies IPsec socket security settings (WSASetSocketSecurity).
pub const SIO_SET_SECURITY: ControlCode = ControlCode(0x980000C8);
/// `SIO_SET_PEER_TARGET_NAME` — Peer target name for IPsec authentication (WSASetSocketPeerTargetName).
pub const SIO_SET_PEER_TARGET_NAME: ControlCode = ControlCode(0x980000CA);
/// `SIO_DELETE_PEER_TARGET_NAME` — Removes a peer target name (WSADeleteSocketPeerTargetName).
pub const SIO_DELETE_PEER_TARGET_NAME: ControlCode = ControlCode(0x980000CB);
/// `SIO_SOCKET_USAGE_NOTIFICATION` — Marks the socket as system-critical (SYSTEM_CRITICAL_SOCKET).
pub const SIO_SOCKET_USAGE_NOTIFICATION: ControlCode = ControlCode(0x980000CC);
/// `SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS` — WFP redirect records of an accepted connection, into the output buffer although only I is set.
pub const SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS: ControlCode = ControlCode(0x980000DC);
/// `SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT` — WFP redirect context of a redirected connection, into the output buffer although only I is set.
pub const SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT: ControlCode = ControlCode(0x980000DD);
/// `SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS` — Hands WFP redirect records to the outgoing proxy connection.
pub const SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS: ControlCode = ControlCode(0x980000DE);
/// `SIO_GET_TX_TIMESTAMP` — The transmit timestamp of a sent datagram, into the output buffer although only I is set.
pub const SIO_GET_TX_TIMESTAMP: ControlCode = ControlCode(0x980000EA);
/// `SIO_TIMESTAMPING` — Enables receive/transmit timestamping on a datagram socket.
pub const SIO_TIMESTAMPING: ControlCode = ControlCode(0x980000EB);
/// `SIO_AF_UNIX_SETBINDPARENTPATH` — AF_UNIX provider: directory against which bind resolves relative paths.
pub const SIO_AF_UNIX_SETBINDPARENTPATH: ControlCode = ControlCode(0x98000101);
/// `SIO_AF_UNIX_SETCONNPARENTPATH` — AF_UNIX provider: directory against which connect resolves relative paths.
pub const SIO_AF_UNIX_SETCONNPARENTPATH: ControlCode = ControlCode(0x98000102);
/// `SIO_SET_COMPATIBILITY_MODE` — Requests pre-Vista TCP behaviour (receive buffering, auto-tuning) for a target OS version.
pub const SIO_SET_COMPATIBILITY_MODE: ControlCode = ControlCode(0x9800012C);
/// `SIO_GET_EXTENSION_FUNCTION_POINTER` — The extension function named by the input GUID (WSAID_ACCEPTEX, WSAID_CONNECTEX, ...).
pub const SIO_GET_EXTENSION_FUNCTION_POINTER: ControlCode = ControlCode(0xC8000006);
/// `SIO_GET_QOS` — The QOS of the socket (input optional, e.g. RSVP).
pub const SIO_GET_QOS: ControlCode = ControlCode(0xC8000007);
/// `SIO_GET_GROUP_QOS` — The QOS of the socket group: described in 000, "Reserved" in 002/003, ignored by the switch (004).
pub const SIO_GET_GROUP_QOS: ControlCode = ControlCode(0xC8000008);
/// `SIO_TRANSLATE_HANDLE` — The handle of the socket in a companion interface (TH_NETDEV, TH_TAPI).
pub const SIO_TRANSLATE_HANDLE: ControlCode = ControlCode(0xC800000D);
/// `SIO_ROUTING_INTERFACE_QUERY` — The local interface address to reach the destination SOCKADDR.
pub const SIO_ROUTING_INTERFACE_QUERY: ControlCode = ControlCode(0xC8000014);
/// `SIO_ADDRESS_LIST_SORT` — Sorts the destination addresses of the input SOCKET_ADDRESS_LIST by preference (RFC 3484), in place.
pub const SIO_ADDRESS_LIST_SORT: ControlCode = ControlCode(0xC8000019);
/// `SIO_EXT_SELECT` — Undocumented select extension between ws2_32 and layered providers.
pub const SIO_EXT_SELECT: ControlCode = ControlCode(0xC800001E);
/// `SIO_EXT_POLL` — Undocumented WSAPoll extension between ws2_32 and layered providers.
pub const SIO_EXT_POLL: ControlCode = ControlCode(0xC800001F);
/// `SIO_EXT_SENDMSG` — Undocumented WSASendMsg extension between ws2_32 and layered providers.
pub const SIO_EXT_SENDMSG: ControlCode = ControlCode(0xC8000020);
/// `SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER` — A table of extension functions named by the input GUID: RIO_EXTENSION_FUNCTION_TABLE for WSAID_MULTIPLE_RIO.
pub const SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER: ControlCode = ControlCode(0xC8000024);
/// `SIO_GET_ATM_ADDRESS` — AF_ATM: the ATM_ADDRESS of the adapter numbered in the input DWORD.
pub const SIO_GET_ATM_ADDRESS: ControlCode = ControlCode(0xD0160002);
/// `SIO_TCP_INFO` — TCP statistics of the connection: TCP_INFO_v0 (88 bytes) for version 0, TCP_INFO_v1 (136) for version 1.
pub const SIO_TCP_INFO: ControlCode = ControlCode(0xD8000027);
/// `SIO_QUERY_SECURITY` — Security information of the connection (WSAQuerySocketSecurity).
pub const SIO_QUERY_SECURITY: ControlCode = ControlCode(0xD80000C9);
/// `SIO_CHK_QOS` — QoS service provider query (ALLOWED_TO_SEND_DATA, LINE_RATE, ...).
pub const SIO_CHK_QOS: ControlCode = ControlCode(0xDC000001);
