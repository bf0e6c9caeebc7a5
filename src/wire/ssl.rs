//! Windows CE secure sockets (sslsock.h): `SSLPROTOCOL`, `SSLPROTOCOLS`, `SSLVALIDATECERTHOOK`
//! and the `SO_SSL_*` flag values.
//!
//! spec/000 ("Windows CE: … the dwIoControlCode parameter may also assume the following
//! SSL-specific control flags"):
//! * `SO_SSL_GET_PROTOCOLS` / `SO_SSL_SET_PROTOCOLS` — an `SSLPROTOCOLS`;
//! * `SO_SSL_SET_VALIDATE_CERT_HOOK` — an `SSLVALIDATECERTHOOK` (spec/000 prints the typedef as
//!   `SSLVALIDATEPROTOCOLCERTHOOK`; sslsock.h names it `SSLVALIDATECERTHOOK`);
//! * `SO_SSL_GET_CAPABILITIES` — a `DWORD` of `SSL_CAP_*` bits (spec/000 says "the
//!   SO_CAP_CLIENT flag"; sslsock.h defines it as [`SSL_CAP_CLIENT`], and no header found defines
//!   `SO_CAP_CLIENT`);
//! * `SO_SSL_GET_FLAGS` / `SO_SSL_SET_FLAGS` — a `DWORD` of `SSL_FLAG_*` bits, chiefly
//!   [`SSL_FLAG_DEFER_HANDSHAKE`].
//!
//! The `DWORD` buffers are [`ULong`](super::scalar::ULong).
//!
//! ```c
//! typedef struct _SSLPROTOCOL {
//!     DWORD dwProtocol;
//!     DWORD dwVersion;
//!     DWORD dwFlags;
//! } SSLPROTOCOL, FAR *LPSSLPROTOCOL;                 // 12 bytes
//!
//! typedef struct _SSLPROTOCOLS {
//!     DWORD dwCount;
//!     SSLPROTOCOL ProtocolList[1];   // array of 'count' structures
//! } SSLPROTOCOLS, FAR *LPSSLPROTOCOLS;               // 4 + 12 * dwCount bytes used
//!
//! typedef int (CALLBACK FAR *SSLVALIDATECERTFUNC)(DWORD dwType, LPVOID pvArg,
//!     DWORD dwChainLen, LPBLOB pCertChain, DWORD dwFlags);
//! typedef struct _SSLVALIDATECERTHOOK {
//!     SSLVALIDATECERTFUNC HookFunc;
//!     LPVOID pvArg;
//! } SSLVALIDATECERTHOOK, FAR *LPSSLVALIDATECERTHOOK; // two pointers: 8 (x86) / 16 (x64)
//! ```
//!
//! Values are from Microsoft's sslsock.h ("Copyright (c) 1997-1998 Microsoft Corporation", the
//! copy in the public repository kenrestivo/sersnoop). `SSL_PROTOCOL_TLS1`, which later Windows
//! CE code uses, is defined in no header the search tools reach, so it is not given here.
//!
//! Windows CE ran on 32-bit processors only; both widths are modelled anyway, as for every
//! structure here.

use super::scalar::{check_pointer, open_enum};
use super::{Arch, Repr, WireError, le};

/// `SSL_CAP_CLIENT` (0x0001) — `SO_SSL_GET_CAPABILITIES`: the provider can act as a client
/// (spec/000's "SO_CAP_CLIENT").
#[doc(alias = "SO_CAP_CLIENT")]
pub const SSL_CAP_CLIENT: u32 = 0x0001;
/// `SSL_CAP_SERVER` (0x0002) — the provider can act as a server.
pub const SSL_CAP_SERVER: u32 = 0x0002;
/// `SSL_CAP_CLIENT_AUTH` (0x0004) — the provider supports client authentication.
pub const SSL_CAP_CLIENT_AUTH: u32 = 0x0004;
/// `SSL_CAP_CRYPTOAPI` (0x0008) — the provider uses CryptoAPI.
pub const SSL_CAP_CRYPTOAPI: u32 = 0x0008;

/// `SSL_FLAG_SERVER` (0x0002) — `SO_SSL_SET_FLAGS`: act as the server side.
pub const SSL_FLAG_SERVER: u32 = 0x0002;
/// `SSL_FLAG_AUTH_CLIENT` (0x0004) — request client authentication.
pub const SSL_FLAG_AUTH_CLIENT: u32 = 0x0004;
/// `SSL_FLAG_DEFER_HANDSHAKE` (0x0008) — defer the handshake from `connect` to
/// `SO_SSL_PERFORM_HANDSHAKE`, which then resets the flag (spec/000).
pub const SSL_FLAG_DEFER_HANDSHAKE: u32 = 0x0008;

/// `SSL_CERT_X509` (1) — the `dwType` the validation callback receives (spec/000 spells it
/// "SSL_CERT_X59").
pub const SSL_CERT_X509: u32 = 0x0001;
/// `SSL_CERT_FLAG_ISSUER_UNKNOWN` (1) — the callback's `dwFlags`: the issuer is not a known CA.
pub const SSL_CERT_FLAG_ISSUER_UNKNOWN: u32 = 0x0001;

open_enum! {
    /// A protocol identifier (`SSLPROTOCOL.dwProtocol`, a `DWORD`): `SSL_PROTOCOL_*` of
    /// sslsock.h. spec/000: "Valid protocols include SSL_PROTOCOL_SSL2, SSL_PROTOCOL_SSL3, and
    /// SSL_PROTOCOL_PCT1."
    pub struct SslProtocolId(u32);
    SSL_PROTOCOL_PCT1 = 1, "Private Communications Technology 1.0";
    SSL_PROTOCOL_SSL2 = 2, "SSL 2.0";
    SSL_PROTOCOL_SSL3 = 3, "SSL 3.0";
}

open_enum! {
    /// What a certificate validation callback (`SSLVALIDATECERTFUNC`) returns: `SSL_ERR_*` of
    /// sslsock.h (spec/000, "Certificate Validation Callback"). An `int`.
    pub struct SslErr(i32);
    SSL_ERR_OKAY = 0, "the remote party's certificate is acceptable";
    SSL_ERR_FAILED = 2, "failed";
    SSL_ERR_BAD_LEN = 3, "bad length";
    SSL_ERR_BAD_TYPE = 4, "bad type";
    SSL_ERR_BAD_DATA = 5, "the certificate is improperly formatted";
    SSL_ERR_NO_CERT = 6, "no certificate";
    SSL_ERR_BAD_SIG = 7, "the signature check fails";
    SSL_ERR_CERT_EXPIRED = 8, "the certificate has expired";
    SSL_ERR_CERT_REVOKED = 9, "the certificate has been revoked by its issuer";
    SSL_ERR_CERT_UNKNOWN = 10, "the issuer is not recognized, or the certificate is otherwise unacceptable";
    SSL_ERR_SIGNATURE = 11, "signature error";
}

/// Field layouts (byte ranges).
pub mod field {
    /// `SSLPROTOCOL`.
    pub mod sslprotocol {
        use core::ops::Range;
        /// `dwProtocol`.
        pub const PROTOCOL: Range<usize> = 0..4;
        /// `dwVersion`.
        pub const VERSION: Range<usize> = 4..8;
        /// `dwFlags`.
        pub const FLAGS: Range<usize> = 8..12;
        /// `sizeof(SSLPROTOCOL)`.
        pub const LEN: usize = 12;
    }

    /// `SSLPROTOCOLS` (variable length).
    pub mod sslprotocols {
        use core::ops::Range;
        /// `dwCount`.
        pub const COUNT: Range<usize> = 0..4;
        /// Where `ProtocolList` starts (`DWORD` then 4-aligned `SSLPROTOCOL`s: no padding).
        pub const PROTOCOL_LIST: usize = 4;
        /// `sizeof(SSLPROTOCOLS)` as C declares it (one `SSLPROTOCOL`): 16.
        pub const SIZEOF: usize = PROTOCOL_LIST + super::sslprotocol::LEN;

        /// The bytes `dwCount` entries occupy: `4 + 12 * count`, or `None` on overflow.
        pub const fn len(count: usize) -> Option<usize> {
            match count.checked_mul(super::sslprotocol::LEN) {
                Some(n) => n.checked_add(PROTOCOL_LIST),
                None => None,
            }
        }

        /// The range of `ProtocolList[i]` (the caller checks `i < dwCount`).
        pub const fn protocol(i: usize) -> Range<usize> {
            let start = PROTOCOL_LIST + i * super::sslprotocol::LEN;
            start..start + super::sslprotocol::LEN
        }
    }

    /// `SSLVALIDATECERTHOOK`: two pointers.
    pub mod sslvalidatecerthook {
        use crate::wire::Arch;
        use core::ops::Range;
        /// `HookFunc` (`SSLVALIDATECERTFUNC`, a function pointer).
        pub const fn hook_func(arch: Arch) -> Range<usize> {
            0..arch.pointer_size()
        }
        /// `pvArg` (`LPVOID`).
        pub const fn pv_arg(arch: Arch) -> Range<usize> {
            arch.pointer_size()..2 * arch.pointer_size()
        }
        /// `sizeof(SSLVALIDATECERTHOOK)`: 8 on x86, 16 on x64.
        pub const fn len(arch: Arch) -> usize {
            2 * arch.pointer_size()
        }
    }
}

use field::sslprotocol as sp;
use field::sslprotocols as sps;
use field::sslvalidatecerthook as hook;

/// A checked view of an `SSLPROTOCOL` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SslProtocolView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SslProtocolView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(sp::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `dwProtocol`.
    pub fn protocol(&self) -> SslProtocolId {
        SslProtocolId(le::u32_at(self.buffer.as_ref(), sp::PROTOCOL.start))
    }

    /// `dwVersion`.
    pub fn version(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), sp::VERSION.start)
    }

    /// `dwFlags`.
    pub fn flags(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), sp::FLAGS.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SslProtocolView<T> {
    /// Sets `dwProtocol`.
    pub fn set_protocol(&mut self, v: SslProtocolId) {
        le::put_u32(self.buffer.as_mut(), sp::PROTOCOL.start, v.0)
    }

    /// Sets `dwVersion`.
    pub fn set_version(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), sp::VERSION.start, v)
    }

    /// Sets `dwFlags`.
    pub fn set_flags(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), sp::FLAGS.start, v)
    }
}

/// `SSLPROTOCOL` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SslProtocol {
    /// `dwProtocol`.
    pub protocol: SslProtocolId,
    /// `dwVersion`.
    pub version: u32,
    /// `dwFlags`.
    pub flags: u32,
}

impl SslProtocol {
    fn read<T: AsRef<[u8]>>(v: &SslProtocolView<T>) -> Self {
        Self {
            protocol: v.protocol(),
            version: v.version(),
            flags: v.flags(),
        }
    }

    fn write<T: AsRef<[u8]> + AsMut<[u8]>>(&self, v: &mut SslProtocolView<T>) {
        v.set_protocol(self.protocol);
        v.set_version(self.version);
        v.set_flags(self.flags);
    }
}

impl Repr for SslProtocol {
    const C_NAME: &'static str = "SSLPROTOCOL";

    fn buffer_len(&self, _arch: Arch) -> usize {
        sp::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        Ok(Self::read(&SslProtocolView::new_checked(buf)?))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        self.write(&mut SslProtocolView::new_checked(buf)?);
        Ok(sp::LEN)
    }
}

/// A checked view of an `SSLPROTOCOLS` (header and all `dwCount` entries) in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SslProtocolsView<T: AsRef<[u8]>> {
    buffer: T,
}

/// The length `count` entries need, or `Invalid` when it cannot be represented.
fn required_len(count: u32) -> Result<usize, WireError> {
    usize::try_from(count)
        .ok()
        .and_then(sps::len)
        .ok_or_else(|| WireError::invalid("dwCount", format!("{count} entries overflow a length")))
}

impl<T: AsRef<[u8]>> SslProtocolsView<T> {
    /// Wraps `buffer` after checking it holds the `dwCount` header and every entry it announces.
    ///
    /// The count comes from untrusted bytes: it is checked against the buffer length before
    /// anything is read or allocated.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        let len = buffer.as_ref().len();
        WireError::check_len(sps::PROTOCOL_LIST, len)?;
        let count = le::u32_at(buffer.as_ref(), sps::COUNT.start);
        WireError::check_len(required_len(count)?, len)?;
        Ok(Self { buffer })
    }

    /// `dwCount`.
    pub fn count(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), sps::COUNT.start)
    }

    /// `ProtocolList[i]`, or `None` when `i >= dwCount`.
    pub fn protocol(&self, i: usize) -> Option<SslProtocolView<&[u8]>> {
        (i < self.count() as usize).then(|| SslProtocolView {
            buffer: &self.buffer.as_ref()[sps::protocol(i)],
        })
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SslProtocolsView<T> {
    /// Writes `dwCount = count` into `buffer` after checking it can hold that many entries, and
    /// wraps it (for building a structure in a buffer of arbitrary content).
    pub fn new_with_count(mut buffer: T, count: u32) -> Result<Self, WireError> {
        WireError::check_len(required_len(count)?, buffer.as_ref().len())?;
        le::put_u32(buffer.as_mut(), sps::COUNT.start, count);
        Ok(Self { buffer })
    }

    /// `ProtocolList[i]`, mutable, or `None` when `i >= dwCount`.
    pub fn protocol_mut(&mut self, i: usize) -> Option<SslProtocolView<&mut [u8]>> {
        (i < self.count() as usize).then(|| SslProtocolView {
            buffer: &mut self.buffer.as_mut()[sps::protocol(i)],
        })
    }
}

/// `SSLPROTOCOLS` as a value: the protocol list (`dwCount` is its length).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SslProtocols {
    /// `ProtocolList[0..dwCount]`.
    pub protocols: Vec<SslProtocol>,
}

impl Repr for SslProtocols {
    const C_NAME: &'static str = "SSLPROTOCOLS";

    /// `4 + 12 * n` — the bytes used, not C's `sizeof` (16, one entry).
    fn buffer_len(&self, _arch: Arch) -> usize {
        sps::len(self.protocols.len()).unwrap_or(usize::MAX)
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SslProtocolsView::new_checked(buf)?;
        // new_checked bounded count by the buffer length, so this allocation is too.
        let protocols = (0..v.count() as usize)
            .filter_map(|i| v.protocol(i))
            .map(|p| SslProtocol::read(&p))
            .collect();
        Ok(Self { protocols })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let count = u32::try_from(self.protocols.len()).map_err(|_| {
            WireError::invalid(
                "dwCount",
                format!("{} entries do not fit a DWORD", self.protocols.len()),
            )
        })?;
        let mut v = SslProtocolsView::new_with_count(buf, count)?;
        for (i, p) in self.protocols.iter().enumerate() {
            if let Some(mut pv) = v.protocol_mut(i) {
                p.write(&mut pv);
            }
        }
        required_len(count)
    }
}

/// A checked view of an `SSLVALIDATECERTHOOK` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SslValidateCertHookView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> SslValidateCertHookView<T> {
    /// Wraps `buffer` after checking it holds the whole structure for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(hook::len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `HookFunc` (the function pointer's value).
    pub fn hook_func(&self) -> u64 {
        let p = self.arch.pointer_size();
        le::ptr_at(self.buffer.as_ref(), hook::hook_func(self.arch).start, p)
    }

    /// `pvArg` (the pointer's value).
    pub fn pv_arg(&self) -> u64 {
        let p = self.arch.pointer_size();
        le::ptr_at(self.buffer.as_ref(), hook::pv_arg(self.arch).start, p)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SslValidateCertHookView<T> {
    /// Sets `HookFunc`; on x86 only the low 32 bits are written (the Repr checks the value).
    pub fn set_hook_func(&mut self, v: u64) {
        let p = self.arch.pointer_size();
        le::put_ptr(self.buffer.as_mut(), hook::hook_func(self.arch).start, p, v)
    }

    /// Sets `pvArg`; on x86 only the low 32 bits are written (the Repr checks the value).
    pub fn set_pv_arg(&mut self, v: u64) {
        let p = self.arch.pointer_size();
        le::put_ptr(self.buffer.as_mut(), hook::pv_arg(self.arch).start, p, v)
    }
}

/// `SSLVALIDATECERTHOOK` as a value — the input of `SO_SSL_SET_VALIDATE_CERT_HOOK`.
///
/// Both members are pointers into the caller's process, kept as opaque values: the crate never
/// calls `HookFunc` or dereferences `pvArg`; an emulated provider stores and returns them.
#[doc(alias = "SSLVALIDATEPROTOCOLCERTHOOK")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SslValidateCertHook {
    /// `HookFunc`: the callback's address (opaque).
    pub hook_func: u64,
    /// `pvArg`: the application context passed to the callback (opaque).
    pub pv_arg: u64,
}

impl Repr for SslValidateCertHook {
    const C_NAME: &'static str = "SSLVALIDATECERTHOOK";

    fn buffer_len(&self, arch: Arch) -> usize {
        hook::len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        let v = SslValidateCertHookView::new_checked(buf, arch)?;
        Ok(Self {
            hook_func: v.hook_func(),
            pv_arg: v.pv_arg(),
        })
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let mut v = SslValidateCertHookView::new_checked(buf, arch)?;
        check_pointer("HookFunc", self.hook_func, arch)?;
        check_pointer("pvArg", self.pv_arg, arch)?;
        v.set_hook_func(self.hook_func);
        v.set_pv_arg(self.pv_arg);
        Ok(hook::len(arch))
    }
}
