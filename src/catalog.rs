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
    /// Windows 10 1703 (Creators Update) — TCP_INFO v1, ideal-send-backlog changes.
    Win10_1703,
    /// Windows 10 1803 — AF_UNIX.
    Win10_1803,
    /// Windows 10 1809 — timestamping.
    Win10_1809,
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
        Self::Win10_1803,
        Self::Win10_1809,
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
            Self::Win10_1803 => "Windows 10 1803",
            Self::Win10_1809 => "Windows 10 1809",
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
    /// Decided by the provider or the companion interface; nothing fixed.
    Variable,
}

impl Len {
    /// The minimum length for `arch` (0 for `None`/`Variable`).
    pub const fn min_for(self, arch: crate::wire::Arch) -> u32 {
        match self {
            Self::None | Self::Variable => 0,
            Self::Fixed(n) | Self::Min(n) => n,
            Self::PerArch { x86, x64 } => match arch {
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

/// What a too-small (or NULL) output buffer does: the error and `*lpcbBytesReturned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ShortOutput {
    /// The Winsock error.
    pub error: WsaError,
    /// What `*lpcbBytesReturned` becomes.
    pub bytes_returned: BytesReturned,
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
    /// Only on another platform or provider (Windows CE secure sockets, ATM, AF_UNIX, SAN).
    OtherProvider,
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
    /// The SDK macro that defines it, as written in the header (`_WSAIORW(IOC_WS2,6)`).
    pub definition: &'static str,
    /// The header that defines it.
    pub header: &'static str,
    /// The opcode setting each spec document states, verbatim (`(Doc000, "I, O, T==1")`).
    pub opcode_settings: &'static [(Source, &'static str)],
    /// The real input contract.
    pub input: Buffer,
    /// The real output contract.
    pub output: Buffer,
    /// What a short or NULL output buffer does (`None` when the code has no output or Windows
    /// has no rule for it).
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
    /// The sources that describe the code.
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
pub static ENTRIES: &[Entry] = &[];

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
