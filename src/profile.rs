//! Behaviour profiles: which Windows the emulation is, and every choice where the spec documents
//! disagree (spec/README.md, "Known disagreements") or Windows differs from them
//! (spec/observed-windows.md). Each choice is a named field, defaulting to what current Windows
//! does; the documents' versions stay selectable.
//!
//! Used by the API layer ([`crate::ws2`]) for the rules it applies and by the emulated provider
//! for the TCP/IP provider's decisions. (DESIGN.md puts the profile under `emulated/`; it sits at
//! the top because the API layer reads it too.)

use crate::catalog::WindowsVersion;
use crate::code::ControlCode;
use crate::error::WsaError;
use crate::ioctl;
use crate::wire::Arch;

/// The control codes Wine 8.0's ws2_32 does not implement although current Windows has them: it
/// answers each as an unknown code — WSAEOPNOTSUPP with `*lpcbBytesReturned` = 0, or, with an
/// OVERLAPPED, pending and then STATUS_NOT_SUPPORTED — before looking at any argument
/// (docs/wine-divergences.md #22, observed under wine64 by `check --backend windows`: the
/// `expect_wine` steps of the scenarios that call them). The profile `wine` lists them in
/// [`Profile::unimplemented`].
pub const WINE_8_UNIMPLEMENTED: &[ControlCode] = &[
    ioctl::SIO_ACQUIRE_PORT_RESERVATION,
    ioctl::SIO_ADDRESS_LIST_SORT,
    ioctl::SIO_APPLY_TRANSPORT_SETTING,
    ioctl::SIO_ASSOCIATE_PORT_RESERVATION,
    ioctl::SIO_BSP_HANDLE,
    ioctl::SIO_BSP_HANDLE_POLL,
    ioctl::SIO_BSP_HANDLE_SELECT,
    ioctl::SIO_CPU_AFFINITY,
    ioctl::SIO_DELETE_PEER_TARGET_NAME,
    ioctl::SIO_GET_BROADCAST_ADDRESS,
    ioctl::SIO_GET_MULTICAST_FILTER,
    ioctl::SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER,
    ioctl::SIO_GET_TX_TIMESTAMP,
    ioctl::SIO_IDEAL_SEND_BACKLOG_CHANGE,
    ioctl::SIO_LOOPBACK_FAST_PATH,
    ioctl::SIO_MULTICAST_SCOPE,
    ioctl::SIO_MULTIPOINT_LOOPBACK,
    ioctl::SIO_PRIORITY_HINT,
    ioctl::SIO_QUERY_RSS_PROCESSOR_INFO,
    ioctl::SIO_QUERY_SECURITY,
    ioctl::SIO_QUERY_TARGET_PNP_HANDLE,
    ioctl::SIO_QUERY_TRANSPORT_SETTING,
    ioctl::SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT,
    ioctl::SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS,
    ioctl::SIO_RELEASE_PORT_RESERVATION,
    ioctl::SIO_SET_COMPATIBILITY_MODE,
    ioctl::SIO_SET_MULTICAST_FILTER,
    ioctl::SIO_SET_PEER_TARGET_NAME,
    ioctl::SIO_SET_SECURITY,
    ioctl::SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS,
    ioctl::SIO_SOCKET_USAGE_NOTIFICATION,
    ioctl::SIO_TCP_INFO,
    ioctl::SIO_TCP_INITIAL_RTO,
    ioctl::SIO_TCP_SET_ACK_FREQUENCY,
    ioctl::SIO_TCP_SET_ICW,
    ioctl::SIO_TIMESTAMPING,
    ioctl::SIO_UDP_NETRESET,
];

/// FIONREAD on a message-oriented socket (spec/README.md: 000 vs 002/003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum FionreadDatagram {
    /// spec/002, spec/003: "the total number of bytes available to read, not the size of the first
    /// datagram". The default (observed-windows.md: "defaulting to 002/003").
    TotalBytes,
    /// spec/000: "the size of the first datagram (message) queued on the socket".
    FirstDatagram,
}

/// What SIO_MULTIPOINT_LOOPBACK controls (spec/README.md: 000 vs 002/003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum MultipointLoopback {
    /// spec/002, spec/003: delivery of locally sent multicast to sockets on the loopback
    /// interface (any local sender). Default.
    LoopbackInterface,
    /// spec/000: whether the *same socket* receives its own multipoint data.
    SameSocket,
}

/// SIOCATMARK's reading (spec/000 vs spec/observed-windows.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum SiocatmarkRule {
    /// observed-windows.md: FALSE while urgent data is pending, with SO_OOBINLINE off too; an
    /// urgent byte that arrived while SO_OOBINLINE was on reads TRUE. Default.
    Windows,
    /// spec/000: the answer applies only to SO_OOBINLINE sockets; without it, always TRUE.
    InlineOnly,
    /// Wine: TRUE whenever SO_OOBINLINE is on, else FALSE while urgent data is pending. Under
    /// [`UrgentModel::Linux`] "pending" is Linux's own SIOCATMARK answer, which Wine's ws2_32
    /// negates ("windows is reversed with respect to unix"): `oobinline || !linux_at_mark`
    /// (docs/wine-divergences.md rows 8–10, 12).
    Wine,
}

/// What a UDP socket learns of an ICMP port unreachable answering its datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum UdpUnreachable {
    /// Windows (spec/002/003, SIO_UDP_CONNRESET; the Winsock recv reference): reported as
    /// WSAECONNRESET on the next receive while SIO_UDP_CONNRESET is on (the default), dropped
    /// when it is off. Default.
    ConnReset,
    /// Wine 8.0 over Linux: SIO_UDP_CONNRESET is accepted without effect; a *connected* socket
    /// gets Linux's ECONNREFUSED on its next receive — WSAECONNREFUSED — either way, an
    /// unconnected one nothing (docs/wine-divergences.md #15; observed under wine64 by the
    /// `udp-connreset` scenario).
    LinuxConnRefused,
}

/// How the TCP receive side keeps urgent (`MSG_OOB`) data — which SIOCATMARK, FIONREAD and
/// `recv(MSG_OOB)` then observe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum UrgentModel {
    /// Windows (spec/observed-windows.md, SIOCATMARK and FIONREAD on a stream): every urgent
    /// byte that arrives with SO_OOBINLINE off is held out of band until `recv(MSG_OOB)` takes
    /// it, and FIONREAD counts the normal bytes. Default.
    #[default]
    Windows,
    /// Linux tcp(7) — what Wine's ws2_32 passes urgent data to (docs/wine-divergences.md rows
    /// 8, 10, 11): the urgent byte stays in the stream at its mark and only the **latest** one
    /// is urgent (an earlier one not taken with `MSG_OOB` becomes normal data); a normal receive
    /// stops at the mark and skips the byte there unless SO_OOBINLINE is on; SIOCATMARK is
    /// "the next byte read is the mark" (also after `recv(MSG_OOB)` took it); FIONREAD
    /// (SIOCINQ) counts only the bytes before a mark still ahead; `recv(MSG_OOB)` with no urgent
    /// byte left fails with EINVAL.
    Linux,
}

/// What SIO_ROUTING_INTERFACE_QUERY answers for an IPv4 loopback destination (127.0.0.0/8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum LoopbackRouteSource {
    /// The loopback destination itself (127.0.0.1 for 127.0.0.1): the packet leaves through the
    /// loopback interface, whose address it is. Windows' answer is only sized by the sources (W
    /// `test_sioRoutingInterfaceQuery`: success, 16 bytes; docs/wine-divergences.md #7 "the
    /// address itself —"); this is the emulated stack's reading (spec/000: "the local interface
    /// address to use for sending to the destination"). Default.
    Destination,
    /// Wine 8.0: the address of the interface of the **default route** — its ws2_32 asks
    /// `GetBestRoute`, whose table (Linux's main table) has no loopback route, and answers the
    /// first address `GetIpAddrTable` lists for that interface (docs/wine-divergences.md #7,
    /// observed under wine64: 192.0.2.2, eth0's). IPv6 loopback is not affected (Wine's query is
    /// IPv4 only, not modelled). No default route: the unreachable error of the stack.
    DefaultRoute,
}

/// SIO_GET_INTERFACE_LIST's `iiBroadcastAddress` for an interface with IFF_BROADCAST.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum InterfaceListBroadcast {
    /// The limited broadcast address 255.255.255.255 (R `Test_WSAIoctl_GetInterfaceList`:
    /// 0xFFFFFFFF for every IFF_BROADCAST entry). Default.
    Limited,
    /// The subnet's directed broadcast, `address | ~mask` (192.0.2.255 for 192.0.2.10/24): Wine
    /// 8.0 copies it from `getifaddrs` (its ntdll `IOCTL_AFD_WINE_GET_INTERFACE_LIST`;
    /// docs/wine-divergences.md #18, observed under wine64).
    Subnet,
}

/// What SIO_ADDRESS_LIST_QUERY lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AddressListSource {
    /// The local addresses of the socket's family an application can bind to — on an up
    /// interface, not tentative — loopback left out (spec/002: "local transport addresses of
    /// the socket's protocol family to which the application can bind"). Default.
    BindableAddresses,
    /// Wine 8.0's `GetAdaptersInfo` list: one 16-byte IPv4 entry per non-loopback adapter, up
    /// or down, by interface index — its first IPv4 address, or **0.0.0.0 when it has none**
    /// (docs/wine-divergences.md #20, observed under wine64: `[0.0.0.0, 0.0.0.0, 192.0.2.2]` for
    /// the down, address-less `ifb0`, `ifb1` and eth0). Wine's ws2_32 does not look at the
    /// socket's family, so an IPv6 socket gets the same IPv4 list (read from its source, not
    /// observed).
    AdaptersInfo,
}

/// A complete behaviour profile.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Profile {
    /// Short name (`"windows"`, `"xp"`, `"doc000"`, `"wine"`, …).
    pub name: String,
    /// The Windows release modelled: codes whose first version is later answer as unknown.
    pub version: WindowsVersion,
    /// Pointer width of the process (sizes of SOCKET, pointers, list headers).
    pub arch: Arch,
    /// FIONREAD on datagram sockets.
    pub fionread_datagram: FionreadDatagram,
    /// SIO_MULTIPOINT_LOOPBACK's meaning.
    pub multipoint_loopback: MultipointLoopback,
    /// SIOCATMARK's reading.
    pub siocatmark: SiocatmarkRule,
    /// How the receive side keeps urgent data (Windows, or Linux's under Wine:
    /// docs/wine-divergences.md rows 8, 10, 11).
    pub urgent_data: UrgentModel,
    /// The error for a code the stack does not know, without OVERLAPPED: WSAEOPNOTSUPP on current
    /// stacks, WSAEINVAL on XP-era ones (observed-windows.md).
    pub unknown_code_error: WsaError,
    /// `lpcbBytesReturned == NULL` is checked before the socket (WSAEFAULT wins over
    /// WSAENOTSOCK). Windows is untested here; Wine checks the pointer first, ReactOS' model the
    /// socket first. Default true.
    pub null_bytes_returned_first: bool,
    /// SIO_KEEPALIVE_VALS on a datagram socket: WSAENOPROTOOPT (spec/001) or WSAEINVAL (Wine).
    pub keepalive_datagram_error: WsaError,
    /// How an ICMP port unreachable reaches a UDP socket, and whether SIO_UDP_CONNRESET
    /// controls it.
    pub udp_unreachable: UdpUnreachable,
    /// The process runs elevated (raw sockets, SIO_RCVALL need Administrator).
    pub administrator: bool,
    /// A raw socket of protocol 0 (`IPPROTO_IP`, what SIO_RCVALL needs: spec/003) can be
    /// created. Windows: yes (for an Administrator). Wine 8.0 hands `socket()` to Linux, which
    /// has no protocol-0 raw socket: WSAEPROTONOSUPPORT (docs/wine-divergences.md #25, observed
    /// under wine64 as root by the `rcvall` scenarios).
    pub raw_protocol_zero: bool,
    /// Wine's divergences from Windows where the public suites mark `todo_wine`
    /// (bytes-returned details, SIO_ROUTING_INTERFACE_QUERY input checks).
    pub wine_quirks: bool,
    /// Codes the stack answers as unknown although the modelled release has them (a stack
    /// that lacks them: [`WINE_8_UNIMPLEMENTED`] for `wine`). Empty for every Windows profile.
    pub unimplemented: &'static [ControlCode],
    /// An overlapped WSAIoctl given a completion routine, on a socket associated with a
    /// completion port, **also** posts a packet to the port (the socket's key; the packet's
    /// `lpOverlapped` is the routine's address, not the call's OVERLAPPED).
    ///
    /// Windows: false — the routine runs and no packet is posted (spec/004: the provider
    /// completes through `WPUCompleteOverlappedRequest`, the port path, only when the completion
    /// routine is NULL). Wine 8.0: true (docs/wine-divergences.md #21, observed by the
    /// `unsupported-*` scenarios and `fionread-siocatmark-args` 19–20; Wine's ws2_32
    /// `server_ioctl_sock` passes the routine as the I/O's completion value).
    pub routine_completion_posts_to_port: bool,
    /// FIONBIO with a completion routine on a socket associated with a completion port fails
    /// with WSAEINVAL before anything is written (`*lpcbBytesReturned` and `Internal` untouched,
    /// the routine never runs).
    ///
    /// Windows: false — it succeeds, size 0, the routine runs once (Wine's `test_fionbio`, APC
    /// case; docs/windows-facts.md FIONBIO). Wine 8.0: true (observed, `fionbio` step 10; Wine's
    /// server refuses an asynchronous request with an APC on a handle bound to a port,
    /// STATUS_INVALID_PARAMETER).
    pub fionbio_routine_on_port_fails: bool,
    /// An overlapped call the provider completes with STATUS_NOT_SUPPORTED before WSAIoctl
    /// returns (the always-pending unsupported forms: SIO_BASE_HANDLE overlapped, unknown codes)
    /// signals the OVERLAPPED's `hEvent`.
    ///
    /// Windows: true (spec/observed-windows.md, "the three overlapped behaviours"; spec/001,
    /// lpOverlapped's hEvent). Wine 8.0: false — the call pends, `Internal` =
    /// STATUS_NOT_SUPPORTED, but the event stays unsignalled (observed, `base-handle` step 17,
    /// `unsupported-*` event steps). **Choice** (not observed): a port packet or a routine is
    /// still delivered; only the event is affected.
    pub not_supported_signals_event: bool,
    /// SIO_BASE_HANDLE with an output buffer shorter than a SOCKET fails with WSAEFAULT.
    ///
    /// Windows: true (spec/003, SIO_BASE_HANDLE: "shorter than a SOCKET … WSAEFAULT"). Wine 8.0:
    /// false — it succeeds, writes the first `cbOutBuffer` bytes of the handle and sets
    /// `*lpcbBytesReturned` = sizeof(SOCKET) (observed, `base-handle` step 18).
    pub base_handle_short_output_fails: bool,
    /// A started overlapped operation gets `Internal` = STATUS_PENDING at once.
    ///
    /// Windows: true (spec/observed-windows.md, "the three overlapped behaviours"; W
    /// `test_keepalive_vals`: written even for the failing call, docs/wine-divergences.md #2), so
    /// WSAGetOverlappedResult(fWait FALSE) answers WSA_IO_INCOMPLETE. Wine 8.0: false — `Internal`
    /// stays as the caller left it until the final status (observed, SIO_ADDRESS_LIST_CHANGE,
    /// docs/wine-divergences.md #16), and WSAGetOverlappedResult(fWait FALSE) reads that value as
    /// a final status (#17: a zeroed OVERLAPPED → success, 0 bytes; 0xdeadbeef → WSAEINVAL).
    pub pending_writes_internal: bool,
    /// On a socket created without `WSA_FLAG_OVERLAPPED`, WSAIoctl ignores `lpOverlapped` and
    /// `lpCompletionRoutine` (spec/000, spec/001: "ignored for non-overlapped sockets").
    /// Windows: true. Wine 8.0: false — it completes the OVERLAPPED (Internal and InternalHigh
    /// written) and runs the routine as for an overlapped socket (observed, the
    /// `non-overlapped-socket` scenario; docs/wine-divergences.md #26).
    pub non_overlapped_ignores_overlapped: bool,
    /// SIO_ROUTING_INTERFACE_QUERY to an IPv4 loopback destination: the destination itself
    /// (Windows, the default) or the default route's interface address (Wine 8.0,
    /// docs/wine-divergences.md #7).
    pub loopback_route_source: LoopbackRouteSource,
    /// SIO_GET_INTERFACE_LIST's broadcast address of an IFF_BROADCAST interface:
    /// 255.255.255.255 (Windows, R `Test_WSAIoctl_GetInterfaceList`; the default) or
    /// `address | ~mask` (Wine 8.0, docs/wine-divergences.md #18).
    pub interface_list_broadcast: InterfaceListBroadcast,
    /// SIO_ADDRESS_LIST_QUERY's entries: the socket family's bindable addresses (Windows, the
    /// default) or one IPv4 entry per adapter, 0.0.0.0 for an adapter without an IPv4 address
    /// (Wine 8.0, docs/wine-divergences.md #20).
    pub address_list_source: AddressListSource,
}

impl Default for Profile {
    /// Current Windows (11), x64.
    fn default() -> Self {
        Self {
            name: "windows".into(),
            version: WindowsVersion::Win11,
            arch: Arch::X64,
            fionread_datagram: FionreadDatagram::TotalBytes,
            multipoint_loopback: MultipointLoopback::LoopbackInterface,
            siocatmark: SiocatmarkRule::Windows,
            urgent_data: UrgentModel::Windows,
            unknown_code_error: WsaError::WSAEOPNOTSUPP,
            null_bytes_returned_first: true,
            keepalive_datagram_error: WsaError::WSAENOPROTOOPT,
            udp_unreachable: UdpUnreachable::ConnReset,
            administrator: true,
            raw_protocol_zero: true,
            wine_quirks: false,
            unimplemented: &[],
            routine_completion_posts_to_port: false,
            fionbio_routine_on_port_fails: false,
            not_supported_signals_event: true,
            base_handle_short_output_fails: true,
            pending_writes_internal: true,
            non_overlapped_ignores_overlapped: true,
            loopback_route_source: LoopbackRouteSource::Destination,
            interface_list_broadcast: InterfaceListBroadcast::Limited,
            address_list_source: AddressListSource::BindableAddresses,
        }
    }
}

impl Profile {
    /// The names [`Profile::by_name`] knows.
    pub const NAMES: &'static [&'static str] = &[
        "windows",
        "windows-x86",
        "win7",
        "vista",
        "xp",
        "doc000",
        "wine",
        "user",
    ];

    /// A named profile:
    /// * `windows` — current Windows, x64 (the default);
    /// * `windows-x86` — current Windows, a 32-bit process;
    /// * `win7`, `vista` — those releases (later codes unknown);
    /// * `xp` — Windows XP, x86, WSAEINVAL for unknown codes;
    /// * `doc000` — the readings of spec/000 where it disagrees (FIONREAD first datagram,
    ///   SIO_MULTIPOINT_LOOPBACK same socket, SIOCATMARK inline only);
    /// * `wine` — Wine's ws2_32 where the public suites record it differing from Windows, and
    ///   Linux's urgent-data model ([`UrgentModel::Linux`]);
    /// * `user` — current Windows without Administrator rights;
    /// * `ce` — Windows CE (32-bit) with its secure-socket provider: the `SO_SSL_*` codes of
    ///   spec/000 and the three ioctlsocket codes.
    pub fn by_name(name: &str) -> Option<Self> {
        let base = Self::default();
        let p = match name {
            "windows" => base,
            "windows-x86" => Self {
                arch: Arch::X86,
                ..base
            },
            "win7" => Self {
                version: WindowsVersion::Win7,
                ..base
            },
            "vista" => Self {
                version: WindowsVersion::Vista,
                ..base
            },
            "xp" => Self {
                version: WindowsVersion::WinXp,
                arch: Arch::X86,
                unknown_code_error: WsaError::WSAEINVAL,
                ..base
            },
            "doc000" => Self {
                fionread_datagram: FionreadDatagram::FirstDatagram,
                multipoint_loopback: MultipointLoopback::SameSocket,
                siocatmark: SiocatmarkRule::InlineOnly,
                ..base
            },
            // Checked against Wine 8.0's ws2_32 (tests/windows_native.rs under
            // scripts/test-windows.sh): every field below matches what Wine answered there;
            // docs/wine-divergences.md lists what Wine does that no field models yet.
            "wine" => Self {
                siocatmark: SiocatmarkRule::Wine,
                // Wine's ws2_32 hands urgent data to the Linux socket (docs/wine-divergences.md
                // rows 8, 10, 11: fionread-stream-oob, siocatmark-windows).
                urgent_data: UrgentModel::Linux,
                keepalive_datagram_error: WsaError::WSAEINVAL,
                fionread_datagram: FionreadDatagram::FirstDatagram,
                udp_unreachable: UdpUnreachable::LinuxConnRefused,
                wine_quirks: true,
                unimplemented: WINE_8_UNIMPLEMENTED,
                raw_protocol_zero: false,
                routine_completion_posts_to_port: true,
                fionbio_routine_on_port_fails: true,
                not_supported_signals_event: false,
                base_handle_short_output_fails: false,
                pending_writes_internal: false,
                non_overlapped_ignores_overlapped: false,
                // docs/wine-divergences.md rows 7, 18, 20: the routing query to 127.0.0.1, the
                // interface list's broadcast address, the address list's per-adapter entries
                // (tests/emulated_codes.rs, `wine_*`). Row 19 needs no field: Wine copies the
                // host's interface flags, as every profile does.
                loopback_route_source: LoopbackRouteSource::DefaultRoute,
                interface_list_broadcast: InterfaceListBroadcast::Subnet,
                address_list_source: AddressListSource::AdaptersInfo,
                ..base
            },
            "user" => Self {
                administrator: false,
                ..base
            },
            "ce" => Self {
                version: WindowsVersion::WindowsCe,
                arch: Arch::X86,
                ..base
            },
            _ => return None,
        };
        Some(Self {
            name: name.to_string(),
            ..p
        })
    }

    /// True when the modelled release has `v`'s features.
    pub fn at_least(&self, v: WindowsVersion) -> bool {
        self.version >= v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_profile_exists_and_keeps_its_name() {
        for n in Profile::NAMES {
            assert_eq!(Profile::by_name(n).unwrap().name, *n);
        }
        assert!(Profile::by_name("nope").is_none());
        assert_eq!(Profile::by_name("windows").unwrap(), Profile::default());
    }
}
