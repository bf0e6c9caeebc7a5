//! One row per documented control code: the spec documents' claims and the real contract.
//!
//! Sources: the five spec documents (`spec/000` … `spec/004`), spec/observed-windows.md, and the
//! Windows SDK headers (winsock2.h, ws2def.h, ws2ipdef.h, mstcpip.h, mswsock.h, mswsockdef.h,
//! qos.h, ws2atm.h, afunix.h, and Windows CE's sslsock.h). Each row keeps what every document
//! states — they disagree (spec/README.md, "Known disagreements") — next to the contract that
//! Windows actually applies (the I/O/V bits are hints only).
//!
//! [`ENTRIES`] is sorted by value, then name; several names can share a value
//! (`SIO_SOCKET_CLOSE_NOTIFY` / `SIO_RCVALL_MCAST_IF` = 0x9800000D), and [`lookup`] returns all.
//!
//! What the rows hold, and on what authority:
//! * 88 rows are the `SIO_*`, `FIO*` and `SIOC*` constants of windows-sys 0.61 (the Win32
//!   metadata); 14 more come from headers windows-sys lacks: ws2ipdef.h
//!   (`SIO_GET_INTERFACE_LIST`, `_EX`, `SIO_SET_MULTICAST_FILTER`, `SIO_GET_MULTICAST_FILTER`,
//!   `SIO_IDEAL_SEND_BACKLOG_QUERY`, `_CHANGE`), qossp.h (`SIO_CHK_QOS`) and Windows CE's
//!   sslsock.h (the seven `SO_SSL_*` codes of spec/000). Every `definition` re-evaluates to its
//!   value with [`parse_sdk_expr`](crate::code::parse_sdk_expr) (tests/catalog.rs).
//! * `opcode_settings` are copied verbatim from spec/000, 002, 003 ("opcode setting: …") and 004
//!   ("Partition settings: …"); `sources` lists every document that names the code (or an alias).
//! * `input`/`output` are the real buffer contracts, from the documents and the SDK structures
//!   (x64 sizes checked against windows-sys in tests/catalog.rs); the I/O/V bits are only hints.
//! * `short_output` records what a too-small or NULL output buffer does, with its [`Basis`]:
//!   public conformance tests that pass on Windows (Wine's `dlls/ws2_32/tests/sock.c`, summarised
//!   in spec/observed-windows.md), a sentence of the documents, or only the documents' general
//!   rule ("cbOutBuffer … too small" → WSAEFAULT).
//! * `first_windows` comes from the documents' "supported on Windows X and later" sentences, else
//!   Microsoft's Winsock IOCTLs page or the SDK header conditionals; each row's comment says which.
//! * `support` is what the current Windows TCP/IP provider does; [`Support::Unrecorded`] marks
//!   codes no document or public test describes.
//!
//! ```
//! use wsaioctl::catalog;
//! use wsaioctl::code::ControlCode;
//! let e = catalog::by_name("SIO_FINDROUTE").unwrap(); // an alias the documents use
//! assert_eq!(e.name, "SIO_FIND_ROUTE");
//! assert_eq!(e.code, ControlCode(0x4800_0003));
//! let shared: Vec<_> = catalog::lookup(ControlCode(0x9800_000D)).map(|e| e.name).collect();
//! assert_eq!(shared, ["SIO_RCVALL_MCAST_IF", "SIO_SOCKET_CLOSE_NOTIFY"]);
//! ```

use crate::code::ControlCode;
use crate::error::WsaError;

/// A source a catalog row cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Source {
    /// spec/000_e7363a25510ba551.txt — WSAIoctl, older Win32 / Windows CE reference.
    Doc000,
    /// spec/001_cb227be48a6ffcad.txt — WSAIoctl (winsock2.h), current reference.
    Doc001,
    /// spec/002_86825a7dc1a03f5f.txt — LPWSPIOCTL (ws2spi.h), rendered page.
    Doc002,
    /// spec/003_7da2a22f488fb8e8.txt — LPWSPIOCTL, markdown source.
    Doc003,
    /// spec/004_ee0d3aa09cb06b9c.txt — WSPIoctl for SAN service providers.
    Doc004,
    /// spec/observed-windows.md — what real Windows does beyond the documents.
    Observed,
    /// The Windows SDK headers only (no spec document describes the code).
    Sdk,
}

impl Source {
    /// The file under `spec/` (or `"Windows SDK headers"`).
    pub const fn file(self) -> &'static str {
        match self {
            Self::Doc000 => "spec/000_e7363a25510ba551.txt",
            Self::Doc001 => "spec/001_cb227be48a6ffcad.txt",
            Self::Doc002 => "spec/002_86825a7dc1a03f5f.txt",
            Self::Doc003 => "spec/003_7da2a22f488fb8e8.txt",
            Self::Doc004 => "spec/004_ee0d3aa09cb06b9c.txt",
            Self::Observed => "spec/observed-windows.md",
            Self::Sdk => "Windows SDK headers",
        }
    }

    /// Short label: `000` … `004`, `observed`, `sdk`.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Doc000 => "000",
            Self::Doc001 => "001",
            Self::Doc002 => "002",
            Self::Doc003 => "003",
            Self::Doc004 => "004",
            Self::Observed => "observed",
            Self::Sdk => "sdk",
        }
    }
}

/// A Windows release, ordered, for "first Windows version that has the code".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum WindowsVersion {
    /// Windows CE (the secure-socket `SO_SSL_*` codes of document 000 exist only there).
    WindowsCe,
    /// Windows 95 / NT 4 with Winsock 2.
    Win95Nt4,
    /// Windows 98.
    Win98,
    /// Windows 2000.
    Win2000,
    /// Windows XP.
    WinXp,
    /// Windows Server 2003.
    Server2003,
    /// Windows Vista.
    Vista,
    /// Windows Vista SP1 / Server 2008.
    VistaSp1,
    /// Windows 7 / Server 2008 R2.
    Win7,
    /// Windows 8 / Server 2012.
    Win8,
    /// Windows 8.1 / Server 2012 R2.
    Win81,
    /// Windows 10 (1507).
    Win10,
    /// Windows 10 1607 (Anniversary Update) — TCP_INFO v0.
    Win10_1607,
    /// Windows 10 1703 (Creators Update) / Server 2016 — `SIO_TCP_INFO` (TCP_INFO v0).
    Win10_1703,
    /// Windows 10 1709 (Fall Creators Update, NTDDI_WIN10_RS3) — `SIO_SET_PRIORITY_HINT`.
    Win10_1709,
    /// Windows 10 1803 — AF_UNIX.
    Win10_1803,
    /// Windows 10 1809 / Server 2019 — TCP_INFO v1.
    Win10_1809,
    /// Windows 10 2004 (NTDDI_WIN10_VB, SDK 10.0.19041) — `SIO_CPU_AFFINITY`.
    Win10_2004,
    /// Windows Server 2022, build 20348 (NTDDI_WIN10_FE) — timestamping, `SIO_PRIORITY_HINT`.
    Server2022,
    /// Windows 11.
    Win11,
}

impl WindowsVersion {
    /// Every version, oldest first.
    pub const ALL: &'static [WindowsVersion] = &[
        Self::WindowsCe,
        Self::Win95Nt4,
        Self::Win98,
        Self::Win2000,
        Self::WinXp,
        Self::Server2003,
        Self::Vista,
        Self::VistaSp1,
        Self::Win7,
        Self::Win8,
        Self::Win81,
        Self::Win10,
        Self::Win10_1607,
        Self::Win10_1703,
        Self::Win10_1709,
        Self::Win10_1803,
        Self::Win10_1809,
        Self::Win10_2004,
        Self::Server2022,
        Self::Win11,
    ];

    /// Human name, e.g. `"Windows Vista"`.
    pub const fn label(self) -> &'static str {
        match self {
            Self::WindowsCe => "Windows CE",
            Self::Win95Nt4 => "Windows 95 / NT 4.0",
            Self::Win98 => "Windows 98",
            Self::Win2000 => "Windows 2000",
            Self::WinXp => "Windows XP",
            Self::Server2003 => "Windows Server 2003",
            Self::Vista => "Windows Vista",
            Self::VistaSp1 => "Windows Vista SP1 / Server 2008",
            Self::Win7 => "Windows 7",
            Self::Win8 => "Windows 8",
            Self::Win81 => "Windows 8.1",
            Self::Win10 => "Windows 10",
            Self::Win10_1607 => "Windows 10 1607",
            Self::Win10_1703 => "Windows 10 1703",
            Self::Win10_1709 => "Windows 10 1709",
            Self::Win10_1803 => "Windows 10 1803",
            Self::Win10_1809 => "Windows 10 1809",
            Self::Win10_2004 => "Windows 10 2004",
            Self::Server2022 => "Windows Server 2022 (build 20348)",
            Self::Win11 => "Windows 11",
        }
    }
}

/// How long a buffer must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Len {
    /// The buffer is not used.
    None,
    /// Exactly or at least this many bytes, on both pointer widths.
    Fixed(u32),
    /// Different fixed sizes for the two widths (a pointer, `SOCKET`, `HANDLE`, `WSABUF`…).
    PerArch {
        /// Size for x86.
        x86: u32,
        /// Size for x64.
        x64: u32,
    },
    /// At least this many bytes; the length depends on the content (a list, a sockaddr).
    Min(u32),
    /// At least this many bytes, different for the two widths: a header that holds a pointer
    /// (`SOCKET_ADDRESS_LIST`, `QOS`) followed by content.
    MinPerArch {
        /// Minimum for x86.
        x86: u32,
        /// Minimum for x64.
        x64: u32,
    },
    /// Decided by the provider or the companion interface; nothing fixed.
    Variable,
}

impl Len {
    /// True when a longer buffer is also right (`Min`, `MinPerArch`, `Variable`).
    pub const fn is_open_ended(self) -> bool {
        matches!(
            self,
            Self::Min(_) | Self::MinPerArch { .. } | Self::Variable
        )
    }

    /// The minimum length for `arch` (0 for `None`/`Variable`).
    pub const fn min_for(self, arch: crate::wire::Arch) -> u32 {
        match self {
            Self::None | Self::Variable => 0,
            Self::Fixed(n) | Self::Min(n) => n,
            Self::PerArch { x86, x64 } | Self::MinPerArch { x86, x64 } => match arch {
                crate::wire::Arch::X86 => x86,
                crate::wire::Arch::X64 => x64,
            },
        }
    }
}

/// The real input or output contract of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Buffer {
    /// The C type the buffer holds (`"SOCKADDR"`, `"u_long"`, `"SOCKET_ADDRESS_LIST"`), or `""`.
    pub c_type: &'static str,
    /// Its length rule.
    pub len: Len,
    /// The buffer may be NULL / empty (e.g. SIO_GET_QOS's "input buffer is optional").
    pub optional: bool,
}

impl Buffer {
    /// No buffer.
    pub const NONE: Buffer = Buffer {
        c_type: "",
        len: Len::None,
        optional: true,
    };

    /// A required buffer holding `c_type` of length `len`.
    pub const fn of(c_type: &'static str, len: Len) -> Buffer {
        Buffer {
            c_type,
            len,
            optional: false,
        }
    }

    /// An optional buffer holding `c_type` of length `len`.
    pub const fn optional(c_type: &'static str, len: Len) -> Buffer {
        Buffer {
            c_type,
            len,
            optional: true,
        }
    }

    /// True when the code uses this buffer at all.
    pub const fn is_used(&self) -> bool {
        !matches!(self.len, Len::None)
    }
}

/// What Windows writes to `*lpcbBytesReturned` when a call fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum BytesReturned {
    /// Left as the caller had it.
    Untouched,
    /// Set to 0.
    Zero,
    /// Set to the size the output buffer needs (so a retry with that size succeeds).
    Required,
}

/// On what authority a [`ShortOutput`] rule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Basis {
    /// Public conformance tests that pass on real Windows (Wine's `dlls/ws2_32/tests/sock.c`,
    /// summarised in spec/observed-windows.md): the error and `*lpcbBytesReturned` are recorded.
    Observed,
    /// A sentence of the spec documents about this code; `*lpcbBytesReturned` is not recorded
    /// and taken as [`BytesReturned::Untouched`], as for the up-front checks observed elsewhere.
    Documented,
    /// Only the documents' general rule (WSAEFAULT when "the cbInBuffer or cbOutBuffer parameter
    /// is too small", spec/000–004 error tables); `*lpcbBytesReturned` taken as untouched.
    General,
}

/// What a too-small (or NULL) output buffer does: the error and `*lpcbBytesReturned`.
///
/// The base rule is `error`/`bytes_returned`; two codes refine it (see [`ShortOutput::failure`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ShortOutput {
    /// The Winsock error.
    pub error: WsaError,
    /// What `*lpcbBytesReturned` becomes.
    pub bytes_returned: BytesReturned,
    /// A NULL `lpvOutBuffer` whose `cbOutBuffer` would be large enough, where Windows answers
    /// differently: `SIO_ROUTING_INTERFACE_QUERY` leaves the size untouched then, although a short
    /// real buffer gets the required size (Wine sock.c, test_sioRoutingInterfaceQuery).
    pub null_buffer: Option<(WsaError, BytesReturned)>,
    /// A `cbOutBuffer` that is not 0 but below this header length: `SIO_ADDRESS_LIST_QUERY`
    /// answers WSAEINVAL then (spec/observed-windows.md), not WSAEFAULT.
    pub below_header: Option<(Len, WsaError, BytesReturned)>,
    /// Where the rule comes from.
    pub basis: Basis,
}

impl ShortOutput {
    /// A rule recorded by public tests that pass on Windows.
    pub const fn observed(error: WsaError, bytes_returned: BytesReturned) -> Self {
        Self {
            error,
            bytes_returned,
            null_buffer: None,
            below_header: None,
            basis: Basis::Observed,
        }
    }

    /// A rule stated for this code by the documents.
    pub const fn documented(error: WsaError, bytes_returned: BytesReturned) -> Self {
        Self {
            basis: Basis::Documented,
            ..Self::observed(error, bytes_returned)
        }
    }

    /// The documents' general rule: WSAEFAULT, `*lpcbBytesReturned` untouched.
    pub const fn general() -> Self {
        Self {
            basis: Basis::General,
            ..Self::observed(WsaError::WSAEFAULT, BytesReturned::Untouched)
        }
    }

    /// With a different answer for a NULL output buffer.
    pub const fn with_null_buffer(self, error: WsaError, bytes_returned: BytesReturned) -> Self {
        Self {
            null_buffer: Some((error, bytes_returned)),
            ..self
        }
    }

    /// With a different answer for a non-zero length below `header`.
    pub const fn with_below_header(
        self,
        header: Len,
        error: WsaError,
        bytes_returned: BytesReturned,
    ) -> Self {
        Self {
            below_header: Some((header, error, bytes_returned)),
            ..self
        }
    }

    /// The answer to a call whose output buffer is too small or NULL: `out_is_null` and
    /// `out_len` are `lpvOutBuffer == NULL` and `cbOutBuffer`. A non-zero length below the
    /// header comes first, then the NULL-buffer rule, then the base rule.
    ///
    /// ```
    /// use wsaioctl::catalog::{by_name, BytesReturned};
    /// use wsaioctl::wire::Arch;
    /// use wsaioctl::WsaError;
    /// let q = by_name("SIO_ADDRESS_LIST_QUERY").unwrap().short_output.unwrap();
    /// assert_eq!(q.failure(true, 0, Arch::X64), (WsaError::WSAEFAULT, BytesReturned::Required));
    /// assert_eq!(q.failure(false, 4, Arch::X64), (WsaError::WSAEINVAL, BytesReturned::Zero));
    /// assert_eq!(q.failure(false, 4, Arch::X86), (WsaError::WSAEFAULT, BytesReturned::Required));
    /// ```
    pub fn failure(
        &self,
        out_is_null: bool,
        out_len: u32,
        arch: crate::wire::Arch,
    ) -> (WsaError, BytesReturned) {
        if let Some((header, error, bytes)) = self.below_header
            && out_len != 0
            && out_len < header.min_for(arch)
        {
            return (error, bytes);
        }
        if out_is_null && let Some(rule) = self.null_buffer {
            return rule;
        }
        (self.error, self.bytes_returned)
    }
}

/// The current Windows TCP/IP provider's support for a code (the default behaviour profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Support {
    /// Implemented by the TCP/IP provider on the socket types the row's notes name.
    Supported,
    /// Answered as not supported (WSAEOPNOTSUPP, or the pending variant when overlapped —
    /// spec/observed-windows.md).
    Unsupported,
    /// Handled by ws2_32 or mswsock above the provider (extension pointers, base handles).
    ApiLayer,
    /// Only on another platform or provider (Windows CE secure sockets, ATM, AF_UNIX, SAN,
    /// namespace providers, the removed QoS service provider).
    OtherProvider,
    /// No document or public conformance test records what the current TCP/IP provider does
    /// (undocumented or reserved codes); the default profile answers as for an unknown code,
    /// WSAEOPNOTSUPP (spec/observed-windows.md).
    Unrecorded,
}

/// One catalog row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Entry {
    /// Canonical SDK name.
    pub name: &'static str,
    /// Other spellings the documents or headers use (`SIO_FINDROUTE`…).
    pub aliases: &'static [&'static str],
    /// The value.
    pub code: ControlCode,
    /// The SDK expression that defines it (`_WSAIORW(IOC_WS2,6)`), whitespace normalised;
    /// helper macros that [`parse_sdk_expr`](crate::code::parse_sdk_expr) does not know are
    /// expanded: CE's `_SO_SSL`, qossp.h's `mIOC_*`, and `SIO_PRIORITY_HINT`, which mstcpip.h
    /// defines as `SIO_SET_PRIORITY_HINT`.
    pub definition: &'static str,
    /// The header that defines it.
    pub header: &'static str,
    /// The opcode setting each spec document states, verbatim (`(Doc000, "I, O, T==1")`).
    pub opcode_settings: &'static [(Source, &'static str)],
    /// The real input contract.
    pub input: Buffer,
    /// The real output contract.
    pub output: Buffer,
    /// What a short or NULL output buffer does: `None` when the code has no output buffer, or
    /// when it is [`Support::Unsupported`] or [`Support::Unrecorded`] (rejected before any buffer
    /// check).
    pub short_output: Option<ShortOutput>,
    /// Listed by the documents among the codes "especially likely to block".
    pub blocking_prone: bool,
    /// First Windows release that has the code.
    pub first_windows: WindowsVersion,
    /// Supported by a SAN service provider (spec/004, "Supported IOCTL Codes for SAN Service
    /// Providers").
    pub san: bool,
    /// Support by the current Windows TCP/IP provider.
    pub support: Support,
    /// The spec documents that name the code or one of its aliases, plus [`Source::Observed`]
    /// when spec/observed-windows.md does; only [`Source::Sdk`] when none does.
    pub sources: &'static [Source],
    /// One-line summary of what the code does.
    pub summary: &'static str,
}

impl Entry {
    /// Every name of the row: canonical first, then aliases.
    pub fn all_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        core::iter::once(self.name).chain(self.aliases.iter().copied())
    }

    /// True when `name` (case-insensitive) is this row's name or an alias.
    pub fn is_named(&self, name: &str) -> bool {
        self.all_names().any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// All rows, sorted by value then name.
pub static ENTRIES: &[Entry] = table::ROWS;

/// The rows. Each row's comment gives the basis of `first_windows` and, where a specific rule
/// applies, of `short_output`.
mod table {
    use super::BytesReturned::{Required, Untouched, Zero};
    use super::Source::*;
    use super::Support::*;
    use super::WindowsVersion::*;
    use super::{Buffer, Entry, Len, ShortOutput};
    use crate::code::ControlCode;
    use crate::error::WsaError;

    pub(super) const ROWS: &[Entry] = &[
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_PERFORM_HANDSHAKE",
            aliases: &[],
            code: ControlCode(0x1073_000D),
            definition: "(((2L<<27)|0x00730000)|0x0d)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::optional("char[] (server name)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: performs the deferred handshake on a connected socket; no I/O/V bits; 000 says no buffers are required (public CE code passes the server name)",
        },
        // First Windows: spec/002 and 003: Windows Server 2008, Windows Vista SP1 and later.
        Entry {
            name: "SIO_IDEAL_SEND_BACKLOG_CHANGE",
            aliases: &[],
            code: ControlCode(0x2000_747A),
            definition: "_IO('t',122)",
            header: "ws2ipdef.h",
            opcode_settings: &[(Doc002, "V, T==0"), (Doc003, "V, T==0")],
            input: Buffer::NONE,
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: VistaSp1,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Completes when the ideal send backlog of the TCP connection changes (use overlapped I/O)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_ENABLE_CIRCULAR_QUEUEING",
            aliases: &[],
            code: ControlCode(0x2800_0002),
            definition: "_WSAIO(IOC_WS2,2)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "V, T==1"),
                (Doc002, "V, T==1"),
                (Doc003, "V, T==1"),
            ],
            input: Buffer::NONE,
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc002, Doc003],
            summary: "On unreliable message-oriented sockets, drop the oldest queued message instead of the newest on overflow",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_FLUSH",
            aliases: &[],
            code: ControlCode(0x2800_0004),
            definition: "_WSAIO(IOC_WS2,4)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "V, T==1"),
                (Doc002, "V, T==1"),
                (Doc003, "V, T==1"),
            ],
            input: Buffer::NONE,
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: true,
            first_windows: Win95Nt4,
            san: false,
            support: Unsupported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Observed],
            summary: "Discards the send queue; documented (WSAENOPROTOOPT where unsupported) but the TCP/IP provider answers WSAEOPNOTSUPP (observed)",
        },
        // First Windows: Microsoft docs (WSAIoctl generation of Windows 2000).
        Entry {
            name: "SIO_ADDRESS_LIST_CHANGE",
            aliases: &[],
            code: ControlCode(0x2800_0017),
            definition: "_WSAIO(IOC_WS2,23)",
            header: "ws2def.h",
            opcode_settings: &[(Doc000, "T==1"), (Doc002, "T==1"), (Doc003, "T==1")],
            input: Buffer::NONE,
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: true,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004, Observed],
            summary: "Completes when the local address list changes; always pends when overlapped, WSAEWOULDBLOCK when nonblocking without OVERLAPPED",
        },
        // First Windows: spec/000 and 001: a Windows Sockets 1.1/Unix code (winsock.h).
        // Short output: Wine sock.c test_fionread_siocatmark: cbOutBuffer 3 -> WSAEFAULT, size
        // left 0xdeadbeef.
        Entry {
            name: "FIONREAD",
            aliases: &[],
            code: ControlCode(0x4004_667F),
            definition: "_IOR('f',127,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("u_long", Len::Fixed(4)),
            short_output: Some(ShortOutput::observed(WsaError::WSAEFAULT, Untouched)),
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004, Observed],
            summary: "Bytes readable at once; on datagram sockets the first datagram (000) or all queued bytes (002/003, the default)",
        },
        // First Windows: winsock.h (Windows Sockets 1.1).
        Entry {
            name: "SIOCGHIWAT",
            aliases: &[],
            code: ControlCode(0x4004_7301),
            definition: "_IOR('s',1,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("u_long", Len::Fixed(4)),
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unsupported,
            sources: &[Sdk],
            summary: "BSD: get the high-water mark; defined in the header only, not among the Unix codes Winsock supports",
        },
        // First Windows: winsock.h (Windows Sockets 1.1).
        Entry {
            name: "SIOCGLOWAT",
            aliases: &[],
            code: ControlCode(0x4004_7303),
            definition: "_IOR('s',3,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("u_long", Len::Fixed(4)),
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unsupported,
            sources: &[Sdk],
            summary: "BSD: get the low-water mark; defined in the header only, not among the Unix codes Winsock supports",
        },
        // First Windows: spec/000 and 001: a Windows Sockets 1.1/Unix code (winsock.h).
        // Short output: Wine sock.c test_fionread_siocatmark: cbOutBuffer 3 -> WSAEFAULT, size
        // left 0xdeadbeef.
        Entry {
            name: "SIOCATMARK",
            aliases: &[],
            code: ControlCode(0x4004_7307),
            definition: "_IOR('s',7,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("BOOL", Len::Fixed(4)),
            short_output: Some(ShortOutput::observed(WsaError::WSAEFAULT, Untouched)),
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc002, Doc003, Observed],
            summary: "TRUE when no urgent (OOB) data is pending, FALSE while some is: the inverse of BSD, with or without SO_OOBINLINE (observed)",
        },
        // First Windows: spec/002 and 003: Windows Server 2008, Windows Vista SP1 and later.
        Entry {
            name: "SIO_IDEAL_SEND_BACKLOG_QUERY",
            aliases: &[],
            code: ControlCode(0x4004_747B),
            definition: "_IOR('t',123,ULONG)",
            header: "ws2ipdef.h",
            opcode_settings: &[(Doc002, "O, T==0"), (Doc003, "O, T==0")],
            input: Buffer::NONE,
            output: Buffer::of("ULONG", Len::Fixed(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: VistaSp1,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003, Observed],
            summary: "Ideal send backlog (bytes) of a connected TCP socket; WSAENOTCONN unconnected, WSAEOPNOTSUPP on datagram sockets (observed)",
        },
        // First Windows: SDK header (ws2tcpip.h, Windows XP); no Windows implements it.
        Entry {
            name: "SIO_GET_INTERFACE_LIST_EX",
            aliases: &[],
            code: ControlCode(0x4004_747E),
            definition: "_IOR('t',126,ULONG)",
            header: "ws2ipdef.h",
            opcode_settings: &[(Doc002, "O, T==0"), (Doc003, "O, T==0")],
            input: Buffer::NONE,
            output: Buffer::of("INTERFACE_INFO_EX[]", Len::MinPerArch { x86: 28, x64: 56 }),
            short_output: None,
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Unsupported,
            sources: &[Doc002, Doc003],
            summary: "Would return INTERFACE_INFO_EX records; \"not currently supported on Windows\" (002/003)",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows Me/98 and Windows NT 4.0 SP4
        // and later.
        // Short output: spec/002, 003: WSAEFAULT; Wine sock.c test_get_interface_list:
        // cbOutBuffer 75 -> WSAEFAULT, size 0.
        Entry {
            name: "SIO_GET_INTERFACE_LIST",
            aliases: &[],
            code: ControlCode(0x4004_747F),
            definition: "_IOR('t',127,ULONG)",
            header: "ws2ipdef.h",
            opcode_settings: &[(Doc002, "O, T==0"), (Doc003, "O, T==0")],
            input: Buffer::NONE,
            output: Buffer::of("INTERFACE_INFO[]", Len::Min(76)),
            short_output: Some(ShortOutput::observed(WsaError::WSAEFAULT, Zero)),
            blocking_prone: false,
            first_windows: Win98,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003, Observed],
            summary: "Array of INTERFACE_INFO for the IPv4 unicast addresses; the count is *lpcbBytesReturned / 76; always pends when overlapped (observed)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_FIND_ROUTE",
            aliases: &["SIO_FINDROUTE"],
            code: ControlCode(0x4800_0003),
            definition: "_WSAIOR(IOC_WS2,3)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "O, T==1"),
                (Doc002, "O, T==1"),
                (Doc003, "O, T==1"),
            ],
            input: Buffer::of("SOCKADDR", Len::Min(16)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: true,
            first_windows: Win95Nt4,
            san: false,
            support: Unrecorded,
            sources: &[Doc000, Doc001, Doc002, Doc003],
            summary: "Discovers the route to the SOCKADDR in the INPUT buffer although only O is set (IPX GetLocalTarget); no output",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_GET_BROADCAST_ADDRESS",
            aliases: &[],
            code: ControlCode(0x4800_0005),
            definition: "_WSAIOR(IOC_WS2,5)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "O, T==1"),
                (Doc002, "O, T==1"),
                (Doc003, "O, T==1"),
            ],
            input: Buffer::NONE,
            output: Buffer::of("SOCKADDR", Len::Min(16)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc001, Doc002, Doc003],
            summary: "A broadcast SOCKADDR suitable for sendto/WSASendTo; WSAENOPROTOOPT on IPv6 sockets (001)",
        },
        // First Windows: spec/002 and 003: Windows 2000 and later.
        // Short output: spec/000, 004 + observed-windows.md: NULL, 0 or too small -> WSAEFAULT
        // with the exact size; nonzero below FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address) ->
        // WSAEINVAL, size 0 (Wine dlls/ws2_32/socket.c, which follows its
        // test_address_list_query).
        Entry {
            name: "SIO_ADDRESS_LIST_QUERY",
            aliases: &[],
            code: ControlCode(0x4800_0016),
            definition: "_WSAIOR(IOC_WS2,22)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, O, T==1"),
                (Doc002, "O, T==1"),
                (Doc003, "O, T==1"),
                (Doc004, "O==1(set), I==1(set), T==01"),
            ],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET_ADDRESS_LIST", Len::MinPerArch { x86: 4, x64: 8 }),
            short_output: Some(
                ShortOutput::observed(WsaError::WSAEFAULT, Required).with_below_header(
                    Len::PerArch { x86: 4, x64: 8 },
                    WsaError::WSAEINVAL,
                    Zero,
                ),
            ),
            blocking_prone: false,
            first_windows: Win2000,
            san: true,
            support: Supported,
            sources: &[Doc000, Doc002, Doc003, Doc004, Observed],
            summary: "Local addresses of the socket's family as a SOCKET_ADDRESS_LIST; opcode I, O (000) vs O (002/003) vs O, I (004)",
        },
        // First Windows: Windows 2000 Plug and Play (assumed; no document dates it).
        Entry {
            name: "SIO_QUERY_TARGET_PNP_HANDLE",
            aliases: &["SIO_QUERY_PNP_TARGET_HANDLE"],
            code: ControlCode(0x4800_0018),
            definition: "_WSAIOR(IOC_WS2,24)",
            header: "ws2def.h",
            opcode_settings: &[(Doc002, "O, T==1"), (Doc003, "O, T==1")],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET", Len::PerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: ApiLayer,
            sources: &[Doc002, Doc003],
            summary: "Issued by ws2_32 itself to non-IFS providers: the socket of the next provider in the PnP chain; applications do not use it",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        // Short output: spec/002, 003: WSAEFAULT below sizeof(SOCKET) or NULL; the size written
        // is not recorded.
        Entry {
            name: "SIO_BSP_HANDLE",
            aliases: &[],
            code: ControlCode(0x4800_001B),
            definition: "_WSAIOR(IOC_WS2,27)",
            header: "mswsock.h",
            opcode_settings: &[(Doc002, "O, T==1"), (Doc003, "O, T==1")],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET", Len::PerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::documented(WsaError::WSAEFAULT, Untouched)),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: ApiLayer,
            sources: &[Doc002, Doc003],
            summary: "The base-provider SOCKET used for WSASendMsg, so layered providers can intercept it",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        // Short output: spec/002, 003: WSAEFAULT below sizeof(SOCKET) or NULL; the size written
        // is not recorded.
        Entry {
            name: "SIO_BSP_HANDLE_SELECT",
            aliases: &[],
            code: ControlCode(0x4800_001C),
            definition: "_WSAIOR(IOC_WS2,28)",
            header: "mswsock.h",
            opcode_settings: &[(Doc002, "O, T==1"), (Doc003, "O, T==1")],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET", Len::PerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::documented(WsaError::WSAEFAULT, Untouched)),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: ApiLayer,
            sources: &[Doc002, Doc003],
            summary: "The base-provider SOCKET used for select, so layered providers can intercept it",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        // Short output: spec/002, 003: WSAEFAULT below sizeof(SOCKET) or NULL; the size written
        // is not recorded.
        Entry {
            name: "SIO_BSP_HANDLE_POLL",
            aliases: &[],
            code: ControlCode(0x4800_001D),
            definition: "_WSAIOR(IOC_WS2,29)",
            header: "mswsock.h",
            opcode_settings: &[(Doc002, "O, T==1"), (Doc003, "O, T==1")],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET", Len::PerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::documented(WsaError::WSAEFAULT, Untouched)),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: ApiLayer,
            sources: &[Doc002, Doc003],
            summary: "The base-provider SOCKET used for WSAPoll; lpOverlapped must be NULL (WSAEFAULT otherwise, 002/003)",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        // Short output: spec/002, 003: WSAEFAULT below sizeof(SOCKET) or NULL; the size written
        // is not recorded.
        Entry {
            name: "SIO_BASE_HANDLE",
            aliases: &[],
            code: ControlCode(0x4800_0022),
            definition: "_WSAIOR(IOC_WS2,34)",
            header: "mswsock.h",
            opcode_settings: &[(Doc002, "O, T==1"), (Doc003, "O, T==1")],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET", Len::PerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::documented(WsaError::WSAEFAULT, Untouched)),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: ApiLayer,
            sources: &[Doc002, Doc003, Observed],
            summary: "The base service provider SOCKET under any layered providers; LSPs must not intercept it; its overlapped form is unsupported (observed)",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_QUERY_RSS_PROCESSOR_INFO",
            aliases: &[],
            code: ControlCode(0x4800_0025),
            definition: "_WSAIOR(IOC_WS2,37)",
            header: "ws2def.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("SOCKET_PROCESSOR_AFFINITY", Len::Fixed(8)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "The RSS processor (PROCESSOR_NUMBER) and NUMA node of the socket",
        },
        // First Windows: Winsock 2 ATM annex (ws2atm.h): Windows 98 and Windows 2000.
        Entry {
            name: "SIO_GET_NUMBER_OF_ATM_DEVICES",
            aliases: &[],
            code: ControlCode(0x5016_0001),
            definition: "0x50160001",
            header: "ws2atm.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("DWORD", Len::Fixed(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win98,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_ATM (22) family code: the number of ATM adapters",
        },
        // First Windows: Winsock 2 ATM annex (ws2atm.h): Windows 98 and Windows 2000.
        Entry {
            name: "SIO_GET_ATM_CONNECTION_ID",
            aliases: &[],
            code: ControlCode(0x5016_0004),
            definition: "0x50160004",
            header: "ws2atm.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("ATM_CONNECTION_ID", Len::Fixed(12)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win98,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_ATM: the device, VPI and VCI of the connection",
        },
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_GET_CAPABILITIES",
            aliases: &[],
            code: ControlCode(0x5073_0001),
            definition: "(IOC_OUT|((2L<<27)|0x00730000)|0x01)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("DWORD", Len::Fixed(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: capability flags of the secure-socket provider (SSL_CAP_CLIENT, ...)",
        },
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_GET_FLAGS",
            aliases: &[],
            code: ControlCode(0x5073_0002),
            definition: "(IOC_OUT|((2L<<27)|0x00730000)|0x02)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("DWORD", Len::Fixed(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: the s-channel flags of the socket",
        },
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_GET_PROTOCOLS",
            aliases: &[],
            code: ControlCode(0x5073_0003),
            definition: "(IOC_OUT|((2L<<27)|0x00730000)|0x03)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("SSLPROTOCOLS", Len::Min(16)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: the protocols (SSL2, SSL3, PCT1) the provider supports on the socket",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        // Short output: spec/002, 003: WSAEINVAL below sizeof(UINT64) or NULL; the size written
        // is not recorded.
        Entry {
            name: "SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE",
            aliases: &[],
            code: ControlCode(0x5800_00CD),
            definition: "_WSAIOR(IOC_VENDOR,205)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "O, T==3"), (Doc003, "O, T==3")],
            input: Buffer::NONE,
            output: Buffer::of("UINT64", Len::Fixed(8)),
            short_output: Some(ShortOutput::documented(WsaError::WSAEINVAL, Untouched)),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "The WFP ALE transport endpoint handle of the socket",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        // Short output: spec/002, 003: WSAEINVAL below sizeof(RSS_SCALABILITY_INFO) or NULL; the
        // size written is not recorded.
        Entry {
            name: "SIO_QUERY_RSS_SCALABILITY_INFO",
            aliases: &[],
            code: ControlCode(0x5800_00D2),
            definition: "_WSAIOR(IOC_VENDOR,210)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "O, T==3"), (Doc003, "O, T==3")],
            input: Buffer::NONE,
            output: Buffer::of("RSS_SCALABILITY_INFO", Len::Fixed(1)),
            short_output: Some(ShortOutput::documented(WsaError::WSAEINVAL, Untouched)),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Whether receive-side scaling is enabled on at least one interface (one BOOLEAN)",
        },
        // First Windows: AF_UNIX arrived in Windows 10 1803 with afunix.h.
        Entry {
            name: "SIO_AF_UNIX_GETPEERPID",
            aliases: &[],
            code: ControlCode(0x5800_0100),
            definition: "_WSAIOR(IOC_VENDOR,256)",
            header: "afunix.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("ULONG", Len::Fixed(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win10_1803,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_UNIX provider: the process id of the peer",
        },
        // First Windows: spec/000 and 001: a Windows Sockets 1.1/Unix code (winsock.h).
        Entry {
            name: "FIOASYNC",
            aliases: &[],
            code: ControlCode(0x8004_667D),
            definition: "_IOW('f',125,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::of("u_long", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unsupported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Observed],
            summary: "BSD asynchronous-I/O mode; Winsock has no equivalent (all documents) and answers WSAEOPNOTSUPP (observed)",
        },
        // First Windows: spec/000 and 001: a Windows Sockets 1.1/Unix code (winsock.h).
        Entry {
            name: "FIONBIO",
            aliases: &[],
            code: ControlCode(0x8004_667E),
            definition: "_IOW('f',126,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::of("u_long", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004, Observed],
            summary: "Enables (nonzero) or disables (0) nonblocking mode; fails with WSAEINVAL while WSAAsyncSelect/WSAEventSelect is active",
        },
        // First Windows: winsock.h (Windows Sockets 1.1).
        Entry {
            name: "SIOCSHIWAT",
            aliases: &[],
            code: ControlCode(0x8004_7300),
            definition: "_IOW('s',0,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::of("u_long", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unsupported,
            sources: &[Sdk],
            summary: "BSD: set the high-water mark; defined in the header only, not among the Unix codes Winsock supports",
        },
        // First Windows: winsock.h (Windows Sockets 1.1).
        Entry {
            name: "SIOCSLOWAT",
            aliases: &[],
            code: ControlCode(0x8004_7302),
            definition: "_IOW('s',2,u_long)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::of("u_long", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unsupported,
            sources: &[Sdk],
            summary: "BSD: set the low-water mark; defined in the header only, not among the Unix codes Winsock supports",
        },
        // First Windows: SDK header (ws2tcpip.h, Windows XP source-specific multicast).
        Entry {
            name: "SIO_GET_MULTICAST_FILTER",
            aliases: &["SIOCGIPMSFILTER"],
            code: ControlCode(0x8004_747C),
            definition: "_IOW('t',124|IOC_IN,ULONG)",
            header: "ws2ipdef.h",
            opcode_settings: &[],
            input: Buffer::of("ip_msfilter", Len::Min(16)),
            output: Buffer::of("ip_msfilter", Len::Min(16)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Reads an IPv4 multicast source filter into the ip_msfilter the caller passes as both buffers; only I is set (124|IOC_IN); alias SIOCGIPMSFILTER",
        },
        // First Windows: SDK header (ws2tcpip.h, Windows XP source-specific multicast).
        Entry {
            name: "SIO_SET_MULTICAST_FILTER",
            aliases: &["SIOCSIPMSFILTER"],
            code: ControlCode(0x8004_747D),
            definition: "_IOW('t',125,ULONG)",
            header: "ws2ipdef.h",
            opcode_settings: &[],
            input: Buffer::of("ip_msfilter", Len::Min(16)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Sets an IPv4 multicast source filter (ip_msfilter, IP_MSFILTER_SIZE(n) bytes); alias SIOCSIPMSFILTER",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_ASSOCIATE_HANDLE",
            aliases: &[],
            code: ControlCode(0x8800_0001),
            definition: "_WSAIOW(IOC_WS2,1)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, T==1"),
                (Doc002, "I, T==1"),
                (Doc003, "I, T==1"),
            ],
            input: Buffer::of("companion-interface id + handle", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unrecorded,
            sources: &[Doc000, Doc002, Doc003],
            summary: "Associates the socket with a companion-interface handle (TH_NETDEV, TH_TAPI); WSAENOPROTOOPT where unsupported (000/002/003)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_MULTIPOINT_LOOPBACK",
            aliases: &[],
            code: ControlCode(0x8800_0009),
            definition: "_WSAIOW(IOC_WS2,9)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, T==1"),
                (Doc002, "I, T==1"),
                (Doc003, "I, T==1"),
            ],
            input: Buffer::of("BOOL", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc002, Doc003],
            summary: "Multicast loopback on or off: the same socket (000) or any listener on the loopback interface (002/003)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_MULTICAST_SCOPE",
            aliases: &[],
            code: ControlCode(0x8800_000A),
            definition: "_WSAIOW(IOC_WS2,10)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, T==1"),
                (Doc002, "I, T==1"),
                (Doc003, "I, T==1"),
            ],
            input: Buffer::of("int", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc002, Doc003],
            summary: "Multicast scope (routed segments, the IP TTL); 0 keeps the data on the local host, 1 (the default) stays on the link",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_SET_QOS",
            aliases: &[],
            code: ControlCode(0x8800_000B),
            definition: "_WSAIOW(IOC_WS2,11)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, T==1"),
                (Doc002, "I, T==1"),
                (Doc003, "I, T==1"),
                (Doc004, "O==0(not set), I==1(set), T==01"),
            ],
            input: Buffer::of("QOS", Len::MinPerArch { x86: 72, x64: 80 }),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: true,
            first_windows: Win95Nt4,
            san: true,
            support: Unrecorded,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004],
            summary: "Associates the QOS in the input buffer with the socket; WSAENOPROTOOPT without QoS support (000/002/003/004)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_SET_GROUP_QOS",
            aliases: &[],
            code: ControlCode(0x8800_000C),
            definition: "_WSAIOW(IOC_WS2,12)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, T==1"),
                (Doc002, "I, T==1"),
                (Doc003, "I, T==1"),
                (Doc004, "O==0(not set), I==1(set), T==01"),
            ],
            input: Buffer::of("QOS", Len::MinPerArch { x86: 72, x64: 80 }),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: true,
            first_windows: Win95Nt4,
            san: true,
            support: Unsupported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004],
            summary: "Sets the QOS of the socket group: described in 000, \"Reserved\" in 002/003, ignored by the switch (004)",
        },
        // First Windows: Microsoft docs (WSAIoctl generation of Windows 2000).
        Entry {
            name: "SIO_ROUTING_INTERFACE_CHANGE",
            aliases: &[],
            code: ControlCode(0x8800_0015),
            definition: "_WSAIOW(IOC_WS2,21)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, T==1"),
                (Doc002, "I, T==1"),
                (Doc003, "I, T==1"),
            ],
            input: Buffer::of("SOCKADDR", Len::Min(16)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: true,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Observed],
            summary: "Completes when the route to the input SOCKADDR (or, with a wildcard, any route) changes; WSAEWOULDBLOCK when nonblocking without OVERLAPPED",
        },
        // First Windows: WSANSPIoctl (namespace providers) arrived with Windows XP.
        Entry {
            name: "SIO_NSP_NOTIFY_CHANGE",
            aliases: &[],
            code: ControlCode(0x8800_0019),
            definition: "_WSAIOW(IOC_WS2,25)",
            header: "winsock2.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "A namespace-provider code for WSANSPIoctl (completion in its WSACOMPLETION argument), not a socket WSAIoctl code; same number as SIO_ADDRESS_LIST_SORT except the I/O bits",
        },
        // First Windows: SDK header conditional _WIN32_WINNT >= 0x0600.
        Entry {
            name: "SIO_RESERVED_1",
            aliases: &[],
            code: ControlCode(0x8800_001A),
            definition: "_WSAIOW(IOC_WS2,26)",
            header: "ws2def.h",
            opcode_settings: &[],
            input: Buffer::of("(reserved)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Reserved by Microsoft; no contract is published",
        },
        // First Windows: SDK header conditional _WIN32_WINNT >= 0x0600.
        Entry {
            name: "SIO_RESERVED_2",
            aliases: &[],
            code: ControlCode(0x8800_0021),
            definition: "_WSAIOW(IOC_WS2,33)",
            header: "ws2def.h",
            opcode_settings: &[],
            input: Buffer::of("(reserved)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Reserved by Microsoft; no contract is published",
        },
        // First Windows: Winsock 2 ATM annex (ws2atm.h): Windows 98 and Windows 2000.
        Entry {
            name: "SIO_ASSOCIATE_PVC",
            aliases: &[],
            code: ControlCode(0x9016_0003),
            definition: "0x90160003",
            header: "ws2atm.h",
            opcode_settings: &[],
            input: Buffer::of("ATM_PVC_PARAMS", Len::PerArch { x86: 84, x64: 92 }),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win98,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_ATM: binds the socket to a permanent virtual circuit (ATM_PVC_PARAMS, packed to 4)",
        },
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_SET_FLAGS",
            aliases: &[],
            code: ControlCode(0x9073_0002),
            definition: "(IOC_IN|((2L<<27)|0x00730000)|0x02)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::of("DWORD", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: sets s-channel flags; SSL_FLAG_DEFER_HANDSHAKE defers the handshake to SO_SSL_PERFORM_HANDSHAKE",
        },
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_SET_PROTOCOLS",
            aliases: &[],
            code: ControlCode(0x9073_0003),
            definition: "(IOC_IN|((2L<<27)|0x00730000)|0x03)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::of("SSLPROTOCOLS", Len::Min(16)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: the protocols the provider is to support on the socket",
        },
        // First Windows: spec/000: Windows CE secure sockets.
        Entry {
            name: "SO_SSL_SET_VALIDATE_CERT_HOOK",
            aliases: &[],
            code: ControlCode(0x9073_0008),
            definition: "(IOC_IN|((2L<<27)|0x00730000)|0x08)",
            header: "sslsock.h (Windows CE)",
            opcode_settings: &[],
            input: Buffer::of("SSLVALIDATECERTHOOK", Len::PerArch { x86: 8, x64: 16 }),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WindowsCe,
            san: false,
            support: OtherProvider,
            sources: &[Doc000],
            summary: "Windows CE: installs the certificate-validation callback (HookFunc, pvArg)",
        },
        // First Windows: spec/002 and 003: Windows 2000 and later.
        Entry {
            name: "SIO_RCVALL",
            aliases: &[],
            code: ControlCode(0x9800_0001),
            definition: "_WSAIOW(IOC_VENDOR,1)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("RCVALL_VALUE", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Doc001, Doc002, Doc003],
            summary: "Promiscuous capture of every IPv4/IPv6 packet on the bound interface (raw socket, administrator); forwarded/outbound packets from Windows 7 on",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 2000 and later.
        Entry {
            name: "SIO_RCVALL_MCAST",
            aliases: &[],
            code: ControlCode(0x9800_0002),
            definition: "_WSAIOW(IOC_VENDOR,2)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("RCVALL_VALUE", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Receive all multicast IP traffic on the bound interface (raw IPPROTO_UDP socket, administrator)",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 2000 and later.
        Entry {
            name: "SIO_RCVALL_IGMPMCAST",
            aliases: &[],
            code: ControlCode(0x9800_0003),
            definition: "_WSAIOW(IOC_VENDOR,3)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("RCVALL_VALUE", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Receive all IGMP multicast traffic on the bound interface (raw IPPROTO_IGMP socket, administrator)",
        },
        // First Windows: spec/002 and 003: Windows 2000 and later.
        Entry {
            name: "SIO_KEEPALIVE_VALS",
            aliases: &[],
            code: ControlCode(0x9800_0004),
            definition: "_WSAIOW(IOC_VENDOR,4)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("tcp_keepalive", Len::Fixed(12)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Doc001, Doc002, Doc003, Observed],
            summary: "Per-connection TCP keep-alive on/off, time and interval (ms); WSAENOPROTOOPT on datagram sockets (001)",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_ABSORB_RTRALERT",
            aliases: &[],
            code: ControlCode(0x9800_0005),
            definition: "_WSAIOW(IOC_VENDOR,5)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: absorb IP router-alert packets",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_UCAST_IF",
            aliases: &[],
            code: ControlCode(0x9800_0006),
            definition: "_WSAIOW(IOC_VENDOR,6)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: select the unicast outgoing interface",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_LIMIT_BROADCASTS",
            aliases: &[],
            code: ControlCode(0x9800_0007),
            definition: "_WSAIOW(IOC_VENDOR,7)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: limit broadcasts to the bound interface",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_INDEX_BIND",
            aliases: &[],
            code: ControlCode(0x9800_0008),
            definition: "_WSAIOW(IOC_VENDOR,8)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: bind to an interface by index",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_INDEX_MCASTIF",
            aliases: &[],
            code: ControlCode(0x9800_0009),
            definition: "_WSAIOW(IOC_VENDOR,9)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: multicast interface by index",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_INDEX_ADD_MCAST",
            aliases: &[],
            code: ControlCode(0x9800_000A),
            definition: "_WSAIOW(IOC_VENDOR,10)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: join a multicast group on an interface by index",
        },
        // First Windows: mstcpip.h of the Windows 2000 SDK (undocumented).
        Entry {
            name: "SIO_INDEX_DEL_MCAST",
            aliases: &[],
            code: ControlCode(0x9800_000B),
            definition: "_WSAIOW(IOC_VENDOR,11)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: leave a multicast group on an interface by index",
        },
        // First Windows: spec/002 and 003 ("Windows XP:").
        Entry {
            name: "SIO_UDP_CONNRESET",
            aliases: &[],
            code: ControlCode(0x9800_000C),
            definition: "_WSAIOW(IOC_VENDOR,12)",
            header: "mswsock.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("BOOL", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Whether ICMP port-unreachable is reported on UDP sockets as WSAECONNRESET (TRUE, the default) or ignored (FALSE)",
        },
        // First Windows: mstcpip.h; number 13 was SIO_SOCKET_CLOSE_NOTIFY before Vista (assumed
        // Vista).
        Entry {
            name: "SIO_RCVALL_MCAST_IF",
            aliases: &[],
            code: ControlCode(0x9800_000D),
            definition: "_WSAIOW(IOC_VENDOR,13)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented multicast capture on one interface; shares 0x9800000D with SIO_SOCKET_CLOSE_NOTIFY",
        },
        // First Windows: mswsock.h defines it only for Windows XP and Server 2003 (_WIN32_WINNT
        // >= 0x0501 and < 0x0600).
        Entry {
            name: "SIO_SOCKET_CLOSE_NOTIFY",
            aliases: &[],
            code: ControlCode(0x9800_000D),
            definition: "_WSAIOW(IOC_VENDOR,13)",
            header: "mswsock.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented, Windows XP/2003 only; shares 0x9800000D with SIO_RCVALL_MCAST_IF",
        },
        // First Windows: mstcpip.h beside SIO_RCVALL_MCAST_IF (assumed Vista).
        Entry {
            name: "SIO_RCVALL_IF",
            aliases: &[],
            code: ControlCode(0x9800_000E),
            definition: "_WSAIOW(IOC_VENDOR,14)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("RCVALL_IF", Len::Fixed(8)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: capture on the interface named in an RCVALL_IF {Mode, Interface}",
        },
        // First Windows: mswsock.h beside SIO_UDP_CONNRESET (no document dates it; assumed
        // Windows XP).
        Entry {
            name: "SIO_UDP_NETRESET",
            aliases: &[],
            code: ControlCode(0x9800_000F),
            definition: "_WSAIOW(IOC_VENDOR,15)",
            header: "mswsock.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented companion of SIO_UDP_CONNRESET for WSAENETRESET (TTL-expired) reports on UDP sockets",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_LOOPBACK_FAST_PATH",
            aliases: &[],
            code: ControlCode(0x9800_0010),
            definition: "_WSAIOW(IOC_VENDOR,16)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("int", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "TCP loopback fast path on both ends of a loopback connection (deprecated by Microsoft)",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_TCP_INITIAL_RTO",
            aliases: &[],
            code: ControlCode(0x9800_0011),
            definition: "_WSAIOW(IOC_VENDOR,17)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("TCP_INITIAL_RTO_PARAMETERS", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Initial SYN/SYN-ACK retransmission timeout and retry count of a TCP socket",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_APPLY_TRANSPORT_SETTING",
            aliases: &[],
            code: ControlCode(0x9800_0013),
            definition: "_WSAIOW(IOC_VENDOR,19)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("TRANSPORT_SETTING_ID-headed input", Len::Min(16)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Applies the transport setting named by the leading TRANSPORT_SETTING_ID (REAL_TIME_NOTIFICATION_CAPABILITY)",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_QUERY_TRANSPORT_SETTING",
            aliases: &[],
            code: ControlCode(0x9800_0014),
            definition: "_WSAIOW(IOC_VENDOR,20)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("TRANSPORT_SETTING_ID", Len::Min(16)),
            output: Buffer::of("REAL_TIME_NOTIFICATION_SETTING_OUTPUT", Len::Min(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Queries a transport setting; returns its status in the output although only I is set",
        },
        // First Windows: SDK header conditional NTDDI_WIN10_VB; Microsoft docs name SDK
        // 10.0.19041.0 (Windows 10 2004).
        Entry {
            name: "SIO_CPU_AFFINITY",
            aliases: &[],
            code: ControlCode(0x9800_0015),
            definition: "_WSAIOW(IOC_VENDOR,21)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("USHORT", Len::Fixed(2)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win10_2004,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Associates a UDP socket with a processor index before bind (RSS receive parallelization); WSAEINVAL after bind",
        },
        // First Windows: mstcpip.h beside the Windows 8 codes (no document dates it).
        Entry {
            name: "SIO_TCP_SET_ICW",
            aliases: &[],
            code: ControlCode(0x9800_0016),
            definition: "_WSAIOW(IOC_VENDOR,22)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("TCP_ICW_PARAMETERS", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: TCP initial congestion window level (TCP_ICW_LEVEL)",
        },
        // First Windows: mstcpip.h beside the Windows 8 codes (no document dates it).
        Entry {
            name: "SIO_TCP_SET_ACK_FREQUENCY",
            aliases: &[],
            code: ControlCode(0x9800_0017),
            definition: "_WSAIOW(IOC_VENDOR,23)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("TCP_ACK_FREQUENCY_PARAMETERS", Len::Fixed(1)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented: TCP delayed-ACK frequency (segments per ACK)",
        },
        // First Windows: SDK header conditional NTDDI_WIN10_FE.
        Entry {
            name: "SIO_PRIORITY_HINT",
            aliases: &[],
            code: ControlCode(0x9800_0018),
            definition: "_WSAIOW(IOC_VENDOR,24)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("SOCKET_PRIORITY_HINT", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Server2022,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Socket priority hint; mstcpip.h defines it as SIO_SET_PRIORITY_HINT, the same number",
        },
        // First Windows: SDK header conditional NTDDI_WIN10_RS3.
        Entry {
            name: "SIO_SET_PRIORITY_HINT",
            aliases: &[],
            code: ControlCode(0x9800_0018),
            definition: "_WSAIOW(IOC_VENDOR,24)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("SOCKET_PRIORITY_HINT", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win10_1709,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Socket priority hint (very low, low, normal); SIO_PRIORITY_HINT is the same number",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        Entry {
            name: "SIO_ACQUIRE_PORT_RESERVATION",
            aliases: &[],
            code: ControlCode(0x9800_0064),
            definition: "_WSAIOW(IOC_VENDOR,100)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("INET_PORT_RANGE", Len::Fixed(4)),
            output: Buffer::of("INET_PORT_RESERVATION_INSTANCE", Len::Fixed(16)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Runtime reservation of a block of TCP/UDP ports for the life of the socket; returns the range and its token although only I is set",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        Entry {
            name: "SIO_RELEASE_PORT_RESERVATION",
            aliases: &[],
            code: ControlCode(0x9800_0065),
            definition: "_WSAIOW(IOC_VENDOR,101)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("INET_PORT_RESERVATION_TOKEN", Len::Fixed(8)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Releases a runtime port reservation made by this process",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        Entry {
            name: "SIO_ASSOCIATE_PORT_RESERVATION",
            aliases: &[],
            code: ControlCode(0x9800_0066),
            definition: "_WSAIOW(IOC_VENDOR,102)",
            header: "mstcpip.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("INET_PORT_RESERVATION_TOKEN", Len::Fixed(8)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Before bind: take the port from the reservation named by the token",
        },
        // First Windows: mstcpip.h, NTDDI_VISTA block (Microsoft docs: secure socket API,
        // Windows Vista and later).
        Entry {
            name: "SIO_SET_SECURITY",
            aliases: &[],
            code: ControlCode(0x9800_00C8),
            definition: "_WSAIOW(IOC_VENDOR,200)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::optional("SOCKET_SECURITY_SETTINGS", Len::Min(8)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Applies IPsec socket security settings (WSASetSocketSecurity)",
        },
        // First Windows: mstcpip.h, NTDDI_VISTA block (Microsoft docs: secure socket API,
        // Windows Vista and later).
        Entry {
            name: "SIO_SET_PEER_TARGET_NAME",
            aliases: &[],
            code: ControlCode(0x9800_00CA),
            definition: "_WSAIOW(IOC_VENDOR,202)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("SOCKET_PEER_TARGET_NAME", Len::Min(140)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Peer target name for IPsec authentication (WSASetSocketPeerTargetName); 140 = FIELD_OFFSET(AllStrings)",
        },
        // First Windows: mstcpip.h, NTDDI_VISTA block (Microsoft docs: secure socket API,
        // Windows Vista and later).
        Entry {
            name: "SIO_DELETE_PEER_TARGET_NAME",
            aliases: &[],
            code: ControlCode(0x9800_00CB),
            definition: "_WSAIOW(IOC_VENDOR,203)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("SOCKET_PEER_TARGET_NAME", Len::Min(140)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Removes a peer target name (WSADeleteSocketPeerTargetName)",
        },
        // First Windows: Microsoft docs (SOCKET_USAGE_TYPE): Windows Vista and later.
        Entry {
            name: "SIO_SOCKET_USAGE_NOTIFICATION",
            aliases: &[],
            code: ControlCode(0x9800_00CC),
            definition: "_WSAIOW(IOC_VENDOR,204)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("SOCKET_USAGE_TYPE", Len::Fixed(4)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Marks the socket as system-critical (SYSTEM_CRITICAL_SOCKET)",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS",
            aliases: &[],
            code: ControlCode(0x9800_00DC),
            definition: "_WSAIOW(IOC_VENDOR,220)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("redirect records (opaque)", Len::Variable),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "WFP redirect records of an accepted connection, into the output buffer although only I is set",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT",
            aliases: &[],
            code: ControlCode(0x9800_00DD),
            definition: "_WSAIOW(IOC_VENDOR,221)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::NONE,
            output: Buffer::of("redirect context (opaque)", Len::Variable),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "WFP redirect context of a redirected connection, into the output buffer although only I is set",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 8, Windows Server 2012 and
        // later.
        Entry {
            name: "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS",
            aliases: &[],
            code: ControlCode(0x9800_00DE),
            definition: "_WSAIOW(IOC_VENDOR,222)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("redirect records (opaque)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Hands WFP redirect records to the outgoing proxy connection",
        },
        // First Windows: Microsoft docs (TIMESTAMPING_CONFIG): Windows 10 build 20348; SDK
        // conditional NTDDI_WIN10_FE.
        Entry {
            name: "SIO_GET_TX_TIMESTAMP",
            aliases: &[],
            code: ControlCode(0x9800_00EA),
            definition: "_WSAIOW(IOC_VENDOR,234)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("UINT32 (timestamp id)", Len::Fixed(4)),
            output: Buffer::of("UINT64", Len::Fixed(8)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Server2022,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "The transmit timestamp of a sent datagram, into the output buffer although only I is set",
        },
        // First Windows: Microsoft docs (TIMESTAMPING_CONFIG): Windows 10 build 20348; SDK
        // conditional NTDDI_WIN10_FE.
        Entry {
            name: "SIO_TIMESTAMPING",
            aliases: &[],
            code: ControlCode(0x9800_00EB),
            definition: "_WSAIOW(IOC_VENDOR,235)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("TIMESTAMPING_CONFIG", Len::Fixed(8)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Server2022,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Enables receive/transmit timestamping on a datagram socket",
        },
        // First Windows: later afunix.h (the 1803 header has only GETPEERPID; assumed Windows
        // 11).
        Entry {
            name: "SIO_AF_UNIX_SETBINDPARENTPATH",
            aliases: &[],
            code: ControlCode(0x9800_0101),
            definition: "_WSAIOW(IOC_VENDOR,257)",
            header: "afunix.h",
            opcode_settings: &[],
            input: Buffer::of("char[] (directory path)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win11,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_UNIX provider: directory against which bind resolves relative paths",
        },
        // First Windows: later afunix.h (the 1803 header has only GETPEERPID; assumed Windows
        // 11).
        Entry {
            name: "SIO_AF_UNIX_SETCONNPARENTPATH",
            aliases: &[],
            code: ControlCode(0x9800_0102),
            definition: "_WSAIOW(IOC_VENDOR,258)",
            header: "afunix.h",
            opcode_settings: &[],
            input: Buffer::of("char[] (directory path)", Len::Variable),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Win11,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_UNIX provider: directory against which connect resolves relative paths",
        },
        // First Windows: spec/002 and 003: Windows Vista and later.
        Entry {
            name: "SIO_SET_COMPATIBILITY_MODE",
            aliases: &[],
            code: ControlCode(0x9800_012C),
            definition: "_WSAIOW(IOC_VENDOR,300)",
            header: "mswsockdef.h",
            opcode_settings: &[(Doc002, "I, T==3"), (Doc003, "I, T==3")],
            input: Buffer::of("WSA_COMPATIBILITY_MODE", Len::Fixed(8)),
            output: Buffer::NONE,
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Doc002, Doc003],
            summary: "Requests pre-Vista TCP behaviour (receive buffering, auto-tuning) for a target OS version",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_GET_EXTENSION_FUNCTION_POINTER",
            aliases: &["SIO_GET_EXTENSION_POINTER"],
            code: ControlCode(0xC800_0006),
            definition: "_WSAIORW(IOC_WS2,6)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "O, I, T==1"),
                (Doc002, "O, I, T==1"),
                (Doc003, "O, I, T==1"),
                (Doc004, "O==1(set), I==1(set), T==01"),
            ],
            input: Buffer::of("GUID", Len::Fixed(16)),
            output: Buffer::of("function pointer", Len::PerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: true,
            support: ApiLayer,
            sources: &[Doc000, Doc002, Doc003, Doc004, Observed],
            summary: "The extension function named by the input GUID (WSAID_ACCEPTEX, WSAID_CONNECTEX, ...); an unknown GUID is WSAEINVAL (observed)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_GET_QOS",
            aliases: &[],
            code: ControlCode(0xC800_0007),
            definition: "_WSAIORW(IOC_WS2,7)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "O, T==1"),
                (Doc002, "O, T==1"),
                (Doc003, "O, T==1"),
                (Doc004, "O==1(set), I==1(set), T==01"),
            ],
            input: Buffer::optional("provider-specific QoS qualifier", Len::Variable),
            output: Buffer::of("QOS", Len::MinPerArch { x86: 72, x64: 80 }),
            short_output: None,
            blocking_prone: true,
            first_windows: Win95Nt4,
            san: true,
            support: Unrecorded,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004],
            summary: "The QOS of the socket (input optional, e.g. RSVP); marked O in 000/002/003 but O and I in 004; WSAENOPROTOOPT without QoS support",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_GET_GROUP_QOS",
            aliases: &[],
            code: ControlCode(0xC800_0008),
            definition: "_WSAIORW(IOC_WS2,8)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "O, I, T==1"),
                (Doc002, "O, T==1"),
                (Doc003, "O, T==1"),
                (Doc004, "O==1(set), I==1(set), T==01"),
            ],
            input: Buffer::optional("provider-specific QoS qualifier", Len::Variable),
            output: Buffer::of("QOS", Len::MinPerArch { x86: 72, x64: 80 }),
            short_output: None,
            blocking_prone: true,
            first_windows: Win95Nt4,
            san: true,
            support: Unsupported,
            sources: &[Doc000, Doc001, Doc002, Doc003, Doc004],
            summary: "The QOS of the socket group: described in 000, \"Reserved\" in 002/003, ignored by the switch (004)",
        },
        // First Windows: Windows Sockets 2 (000).
        Entry {
            name: "SIO_TRANSLATE_HANDLE",
            aliases: &[],
            code: ControlCode(0xC800_000D),
            definition: "_WSAIORW(IOC_WS2,13)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, O, T==1"),
                (Doc002, "I, O, T==1"),
                (Doc003, "I, O, T==1"),
            ],
            input: Buffer::of("companion-interface id + parameters", Len::Variable),
            output: Buffer::of("companion-interface handle", Len::Variable),
            short_output: None,
            blocking_prone: false,
            first_windows: Win95Nt4,
            san: false,
            support: Unrecorded,
            sources: &[Doc000, Doc002, Doc003],
            summary: "The handle of the socket in a companion interface (TH_NETDEV, TH_TAPI); WSAENOPROTOOPT where unsupported (000/002/003)",
        },
        // First Windows: Microsoft docs (WSAIoctl generation of Windows 2000).
        // Short output: spec/000, 002, 003: WSAEFAULT, required size in lpcbBytesReturned; Wine
        // sock.c test_sioRoutingInterfaceQuery: cbOutBuffer 15 -> size 16 (todo_wine, so
        // Windows), NULL output -> size untouched.
        Entry {
            name: "SIO_ROUTING_INTERFACE_QUERY",
            aliases: &[],
            code: ControlCode(0xC800_0014),
            definition: "_WSAIORW(IOC_WS2,20)",
            header: "ws2def.h",
            opcode_settings: &[
                (Doc000, "I, O, T==1"),
                (Doc002, "I, O, T==1"),
                (Doc003, "I, O, T==1"),
            ],
            input: Buffer::of("SOCKADDR", Len::Min(16)),
            output: Buffer::of("SOCKADDR", Len::Min(16)),
            short_output: Some(
                ShortOutput::observed(WsaError::WSAEFAULT, Required)
                    .with_null_buffer(WsaError::WSAEFAULT, Untouched),
            ),
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: Supported,
            sources: &[Doc000, Doc002, Doc003, Observed],
            summary: "The local interface address to reach the destination SOCKADDR; WSAEINVAL for a malformed input, WSAEAFNOSUPPORT for family 0 (observed)",
        },
        // First Windows: SDK header conditional _WIN32_WINNT >= 0x0501.
        Entry {
            name: "SIO_ADDRESS_LIST_SORT",
            aliases: &[],
            code: ControlCode(0xC800_0019),
            definition: "_WSAIORW(IOC_WS2,25)",
            header: "ws2def.h",
            opcode_settings: &[],
            input: Buffer::of("SOCKET_ADDRESS_LIST", Len::MinPerArch { x86: 4, x64: 8 }),
            output: Buffer::of("SOCKET_ADDRESS_LIST", Len::MinPerArch { x86: 4, x64: 8 }),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: WinXp,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Sorts the destination addresses of the input SOCKET_ADDRESS_LIST by preference (RFC 3484), in place",
        },
        // First Windows: SDK header conditional _WIN32_WINNT >= 0x0600.
        Entry {
            name: "SIO_EXT_SELECT",
            aliases: &[],
            code: ControlCode(0xC800_001E),
            definition: "_WSAIORW(IOC_WS2,30)",
            header: "mswsock.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::of("(undocumented)", Len::Variable),
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented select extension between ws2_32 and layered providers",
        },
        // First Windows: SDK header conditional _WIN32_WINNT >= 0x0600.
        Entry {
            name: "SIO_EXT_POLL",
            aliases: &[],
            code: ControlCode(0xC800_001F),
            definition: "_WSAIORW(IOC_WS2,31)",
            header: "mswsock.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::of("(undocumented)", Len::Variable),
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented WSAPoll extension between ws2_32 and layered providers",
        },
        // First Windows: SDK header conditional _WIN32_WINNT >= 0x0600.
        Entry {
            name: "SIO_EXT_SENDMSG",
            aliases: &[],
            code: ControlCode(0xC800_0020),
            definition: "_WSAIORW(IOC_WS2,32)",
            header: "mswsock.h",
            opcode_settings: &[],
            input: Buffer::of("(undocumented)", Len::Variable),
            output: Buffer::of("(undocumented)", Len::Variable),
            short_output: None,
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Unrecorded,
            sources: &[Sdk],
            summary: "Undocumented WSASendMsg extension between ws2_32 and layered providers",
        },
        // First Windows: Registered I/O (WSAID_MULTIPLE_RIO) is Windows 8 and later (Microsoft
        // docs).
        Entry {
            name: "SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER",
            aliases: &[],
            code: ControlCode(0xC800_0024),
            definition: "_WSAIORW(IOC_WS2,36)",
            header: "ws2def.h",
            opcode_settings: &[],
            input: Buffer::of("GUID", Len::Fixed(16)),
            output: Buffer::of(
                "RIO_EXTENSION_FUNCTION_TABLE",
                Len::PerArch { x86: 56, x64: 112 },
            ),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win8,
            san: false,
            support: ApiLayer,
            sources: &[Sdk],
            summary: "A table of extension functions named by the input GUID: RIO_EXTENSION_FUNCTION_TABLE for WSAID_MULTIPLE_RIO",
        },
        // First Windows: Winsock 2 ATM annex (ws2atm.h): Windows 98 and Windows 2000.
        Entry {
            name: "SIO_GET_ATM_ADDRESS",
            aliases: &[],
            code: ControlCode(0xD016_0002),
            definition: "0xd0160002",
            header: "ws2atm.h",
            opcode_settings: &[],
            input: Buffer::of("DWORD", Len::Fixed(4)),
            output: Buffer::of("ATM_ADDRESS", Len::Fixed(28)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win98,
            san: false,
            support: OtherProvider,
            sources: &[Sdk],
            summary: "AF_ATM: the ATM_ADDRESS of the adapter numbered in the input DWORD",
        },
        // First Windows: Microsoft docs (Winsock IOCTLs): Windows 10 1703, Windows Server 2016
        // and later.
        Entry {
            name: "SIO_TCP_INFO",
            aliases: &[],
            code: ControlCode(0xD800_0027),
            definition: "_WSAIORW(IOC_VENDOR,39)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::of("DWORD (version 0 or 1)", Len::Fixed(4)),
            output: Buffer::of("TCP_INFO_v0", Len::Min(88)),
            // Microsoft's SIO_TCP_INFO reference (sio-tcp-info.md): an output buffer too small for
            // the requested version is WSAEINVAL; a NULL buffer stays the general WSAEFAULT.
            short_output: Some(
                ShortOutput::documented(WsaError::WSAEINVAL, Zero)
                    .with_null_buffer(WsaError::WSAEFAULT, Untouched),
            ),
            blocking_prone: false,
            first_windows: Win10_1703,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "TCP statistics of the connection: TCP_INFO_v0 (88 bytes) for version 0, TCP_INFO_v1 (136) for version 1",
        },
        // First Windows: mstcpip.h, NTDDI_VISTA block (Microsoft docs: secure socket API,
        // Windows Vista and later).
        Entry {
            name: "SIO_QUERY_SECURITY",
            aliases: &[],
            code: ControlCode(0xD800_00C9),
            definition: "_WSAIORW(IOC_VENDOR,201)",
            header: "mstcpip.h",
            opcode_settings: &[],
            input: Buffer::optional("SOCKET_SECURITY_QUERY_TEMPLATE", Len::Min(144)),
            output: Buffer::of("SOCKET_SECURITY_QUERY_INFO", Len::Min(24)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Vista,
            san: false,
            support: Supported,
            sources: &[Sdk],
            summary: "Security information of the connection (WSAQuerySocketSecurity)",
        },
        // First Windows: Generic QoS service provider of Windows 2000 (removed with GQoS).
        Entry {
            name: "SIO_CHK_QOS",
            aliases: &[],
            code: ControlCode(0xDC00_0001),
            definition: "(0x80000000|0x40000000|0x04000000|0x18000000|0x00000001)",
            header: "qossp.h",
            opcode_settings: &[(Doc002, "I, O, T==3"), (Doc003, "I, O, T==3")],
            input: Buffer::of("DWORD (query code)", Len::Fixed(4)),
            output: Buffer::of("DWORD", Len::Fixed(4)),
            short_output: Some(ShortOutput::general()),
            blocking_prone: false,
            first_windows: Win2000,
            san: false,
            support: OtherProvider,
            sources: &[Doc002, Doc003],
            summary: "QoS service provider query (ALLOWED_TO_SEND_DATA, LINE_RATE, ...); qossp.h ORs mIOC_VENDOR 0x04000000 in, so it is 0xDC000001, not the _WSAIORW(IOC_VENDOR,1) its comment claims",
        },
    ];
}

/// The rows whose value is `code` (several names can share one value), in name order.
pub fn lookup(code: ControlCode) -> impl Iterator<Item = &'static Entry> {
    let start = ENTRIES.partition_point(|e| e.code < code);
    ENTRIES[start..].iter().take_while(move |e| e.code == code)
}

/// The row named `name` or having it as an alias (case-insensitive).
pub fn by_name(name: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.is_named(name))
}

/// The rows citing `source`.
pub fn citing(source: Source) -> impl Iterator<Item = &'static Entry> {
    ENTRIES.iter().filter(move |e| e.sources.contains(&source))
}
