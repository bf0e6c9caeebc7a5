//! The secure-socket structures (mstcpip.h) of `SIO_SET_SECURITY`, `SIO_QUERY_SECURITY`,
//! `SIO_SET_PEER_TARGET_NAME` and `SIO_DELETE_PEER_TARGET_NAME` — the IOCTLs behind
//! `WSASetSocketSecurity`, `WSAQuerySocketSecurity`, `WSASetSocketPeerTargetName` and
//! `WSADeleteSocketPeerTargetName` (Windows Vista and later).
//!
//! ```c
//! typedef struct _SOCKET_SECURITY_SETTINGS {          // 8
//!     SOCKET_SECURITY_PROTOCOL SecurityProtocol;      //  0..4
//!     ULONG SecurityFlags;                            //  4..8
//! } SOCKET_SECURITY_SETTINGS;
//! typedef struct _SOCKET_SECURITY_SETTINGS_IPSEC {    // FIELD_OFFSET(AllStrings) 84, sizeof 88
//!     SOCKET_SECURITY_PROTOCOL SecurityProtocol;      //  0..4   must be _IPSEC
//!     ULONG SecurityFlags;                            //  4..8
//!     ULONG IpsecFlags;                               //  8..12
//!     GUID AuthipMMPolicyKey;                         // 12..28
//!     GUID AuthipQMPolicyKey;                         // 28..44
//!     GUID Reserved;                                  // 44..60, 4 bytes padding
//!     UINT64 Reserved2;                               // 64..72
//!     ULONG UserNameStringLen;                        // 72..76  in bytes
//!     ULONG DomainNameStringLen;                      // 76..80  in bytes
//!     ULONG PasswordStringLen;                        // 80..84  in bytes
//!     wchar_t AllStrings[];                           // 84..    user, domain, password
//! } SOCKET_SECURITY_SETTINGS_IPSEC;
//! typedef struct _SOCKET_SECURITY_QUERY_TEMPLATE {    // 144
//!     SOCKET_SECURITY_PROTOCOL SecurityProtocol;      //   0..4, 4 bytes padding
//!     SOCKADDR_STORAGE PeerAddress;                   //   8..136 (8-aligned)
//!     ULONG PeerTokenAccessMask;                      // 136..140, 4 bytes padding
//! } SOCKET_SECURITY_QUERY_TEMPLATE;
//! typedef struct _SOCKET_SECURITY_QUERY_INFO {        // 24
//!     SOCKET_SECURITY_PROTOCOL SecurityProtocol;      //  0..4
//!     ULONG Flags;                                    //  4..8   SOCKET_INFO_CONNECTION_*
//!     UINT64 PeerApplicationAccessTokenHandle;        //  8..16
//!     UINT64 PeerMachineAccessTokenHandle;            // 16..24
//! } SOCKET_SECURITY_QUERY_INFO;
//! typedef struct _SOCKET_PEER_TARGET_NAME {           // FIELD_OFFSET(AllStrings) 140, sizeof 144
//!     SOCKET_SECURITY_PROTOCOL SecurityProtocol;      //   0..4, 4 bytes padding
//!     SOCKADDR_STORAGE PeerAddress;                   //   8..136
//!     ULONG PeerTargetNameStringLen;                  // 136..140 in bytes
//!     wchar_t AllStrings[];                           // 140..
//! } SOCKET_PEER_TARGET_NAME;
//! ```
//!
//! No pointer anywhere, and `SOCKADDR_STORAGE` / `UINT64` are 8-aligned on x86 too: every layout
//! is the same on both widths. The string lengths are in bytes (Microsoft's
//! `SOCKET_SECURITY_SETTINGS_IPSEC` and `SOCKET_PEER_TARGET_NAME` references: "The length, in
//! bytes, of …"), so the strings are kept as their raw UTF-16LE bytes.
//!
//! A `SOCKADDR_STORAGE` reads as a [`SockAddr`]: `AF_INET` / `AF_INET6` as those addresses, any
//! other family as [`SockAddr::Other`] with the 126 bytes after the family (shorter data is
//! zero-padded when written).

use super::guid::Guid;
use super::scalar::open_enum;
use super::sockaddr::{AF_INET, AF_INET6, SOCKADDR_STORAGE_LEN, SockAddr};
use super::{Arch, Repr, WireError, le};

open_enum! {
    /// `SOCKET_SECURITY_PROTOCOL` (mstcpip.h), a 4-byte C enum.
    pub struct SocketSecurityProtocol(i32);
    SOCKET_SECURITY_PROTOCOL_DEFAULT = 0, "the system default (IPsec)";
    SOCKET_SECURITY_PROTOCOL_IPSEC = 1, "IPsec";
    SOCKET_SECURITY_PROTOCOL_IPSEC2 = 2, "IPsec with the _IPSEC2 query structures (Windows 7)";
    SOCKET_SECURITY_PROTOCOL_INVALID = 3, "one past the last protocol";
}

/// `SOCKET_SETTINGS_GUARANTEE_ENCRYPTION` — `SecurityFlags`: traffic must be encrypted.
pub const SOCKET_SETTINGS_GUARANTEE_ENCRYPTION: u32 = 0x1;
/// `SOCKET_SETTINGS_ALLOW_INSECURE` — `SecurityFlags`: clear text is allowed.
pub const SOCKET_SETTINGS_ALLOW_INSECURE: u32 = 0x2;
/// `SOCKET_SETTINGS_IPSEC_SKIP_FILTER_INSTANTIATION` — `IpsecFlags`.
pub const SOCKET_SETTINGS_IPSEC_SKIP_FILTER_INSTANTIATION: u32 = 0x1;
/// `SOCKET_SETTINGS_IPSEC_OPTIONAL_PEER_NAME_VERIFICATION` — `IpsecFlags`.
pub const SOCKET_SETTINGS_IPSEC_OPTIONAL_PEER_NAME_VERIFICATION: u32 = 0x2;
/// `SOCKET_SETTINGS_IPSEC_ALLOW_FIRST_INBOUND_PKT_UNENCRYPTED` — `IpsecFlags`.
pub const SOCKET_SETTINGS_IPSEC_ALLOW_FIRST_INBOUND_PKT_UNENCRYPTED: u32 = 0x4;
/// `SOCKET_SETTINGS_IPSEC_PEER_NAME_IS_RAW_FORMAT` — `IpsecFlags`.
pub const SOCKET_SETTINGS_IPSEC_PEER_NAME_IS_RAW_FORMAT: u32 = 0x8;
/// `SOCKET_INFO_CONNECTION_SECURED` — `SOCKET_SECURITY_QUERY_INFO.Flags`.
pub const SOCKET_INFO_CONNECTION_SECURED: u32 = 0x1;
/// `SOCKET_INFO_CONNECTION_ENCRYPTED` — `SOCKET_SECURITY_QUERY_INFO.Flags`.
pub const SOCKET_INFO_CONNECTION_ENCRYPTED: u32 = 0x2;
/// `SOCKET_INFO_CONNECTION_IMPERSONATED` — `SOCKET_SECURITY_QUERY_INFO.Flags`.
pub const SOCKET_INFO_CONNECTION_IMPERSONATED: u32 = 0x4;

/// Field layouts (byte ranges).
pub mod field {
    /// `SOCKET_SECURITY_SETTINGS` (also the head of `_IPSEC`).
    pub mod socket_security_settings {
        use core::ops::Range;
        /// `SecurityProtocol`.
        pub const SECURITY_PROTOCOL: Range<usize> = 0..4;
        /// `SecurityFlags`.
        pub const SECURITY_FLAGS: Range<usize> = 4..8;
        /// `sizeof(SOCKET_SECURITY_SETTINGS)`.
        pub const LEN: usize = 8;
    }

    /// `SOCKET_SECURITY_SETTINGS_IPSEC`.
    pub mod socket_security_settings_ipsec {
        use core::ops::Range;
        /// `SecurityProtocol`.
        pub const SECURITY_PROTOCOL: Range<usize> = 0..4;
        /// `SecurityFlags`.
        pub const SECURITY_FLAGS: Range<usize> = 4..8;
        /// `IpsecFlags`.
        pub const IPSEC_FLAGS: Range<usize> = 8..12;
        /// `AuthipMMPolicyKey`.
        pub const AUTHIP_MM_POLICY_KEY: Range<usize> = 12..28;
        /// `AuthipQMPolicyKey`.
        pub const AUTHIP_QM_POLICY_KEY: Range<usize> = 28..44;
        /// `Reserved` (a `GUID`).
        pub const RESERVED: Range<usize> = 44..60;
        /// Padding before the 8-aligned `Reserved2` (written as zero).
        pub const PADDING: Range<usize> = 60..64;
        /// `Reserved2` (`UINT64`).
        pub const RESERVED2: Range<usize> = 64..72;
        /// `UserNameStringLen`.
        pub const USER_NAME_STRING_LEN: Range<usize> = 72..76;
        /// `DomainNameStringLen`.
        pub const DOMAIN_NAME_STRING_LEN: Range<usize> = 76..80;
        /// `PasswordStringLen`.
        pub const PASSWORD_STRING_LEN: Range<usize> = 80..84;
        /// `FIELD_OFFSET(SOCKET_SECURITY_SETTINGS_IPSEC, AllStrings)`.
        pub const ALL_STRINGS: usize = 84;
        /// `sizeof(SOCKET_SECURITY_SETTINGS_IPSEC)` as declared (`AllStrings[1]`, 8-aligned).
        pub const SDK_SIZEOF: usize = 88;
    }

    /// `SOCKET_SECURITY_QUERY_TEMPLATE`.
    pub mod socket_security_query_template {
        use core::ops::Range;
        /// `SecurityProtocol`.
        pub const SECURITY_PROTOCOL: Range<usize> = 0..4;
        /// Padding before the 8-aligned `PeerAddress` (written as zero).
        pub const PADDING: Range<usize> = 4..8;
        /// `PeerAddress` (`SOCKADDR_STORAGE`).
        pub const PEER_ADDRESS: Range<usize> = 8..136;
        /// `PeerTokenAccessMask`.
        pub const PEER_TOKEN_ACCESS_MASK: Range<usize> = 136..140;
        /// Trailing padding (written as zero).
        pub const TAIL_PADDING: Range<usize> = 140..144;
        /// `sizeof(SOCKET_SECURITY_QUERY_TEMPLATE)`.
        pub const LEN: usize = 144;
    }

    /// `SOCKET_SECURITY_QUERY_INFO`.
    pub mod socket_security_query_info {
        use core::ops::Range;
        /// `SecurityProtocol`.
        pub const SECURITY_PROTOCOL: Range<usize> = 0..4;
        /// `Flags`.
        pub const FLAGS: Range<usize> = 4..8;
        /// `PeerApplicationAccessTokenHandle`.
        pub const PEER_APPLICATION_ACCESS_TOKEN_HANDLE: Range<usize> = 8..16;
        /// `PeerMachineAccessTokenHandle`.
        pub const PEER_MACHINE_ACCESS_TOKEN_HANDLE: Range<usize> = 16..24;
        /// `sizeof(SOCKET_SECURITY_QUERY_INFO)`.
        pub const LEN: usize = 24;
    }

    /// `SOCKET_PEER_TARGET_NAME`.
    pub mod socket_peer_target_name {
        use core::ops::Range;
        /// `SecurityProtocol`.
        pub const SECURITY_PROTOCOL: Range<usize> = 0..4;
        /// Padding before the 8-aligned `PeerAddress` (written as zero).
        pub const PADDING: Range<usize> = 4..8;
        /// `PeerAddress` (`SOCKADDR_STORAGE`).
        pub const PEER_ADDRESS: Range<usize> = 8..136;
        /// `PeerTargetNameStringLen`.
        pub const PEER_TARGET_NAME_STRING_LEN: Range<usize> = 136..140;
        /// `FIELD_OFFSET(SOCKET_PEER_TARGET_NAME, AllStrings)`.
        pub const ALL_STRINGS: usize = 140;
        /// `sizeof(SOCKET_PEER_TARGET_NAME)` as declared (`AllStrings[1]`, 8-aligned).
        pub const SDK_SIZEOF: usize = 144;
    }
}

use field::socket_peer_target_name as ptn;
use field::socket_security_query_info as sqi;
use field::socket_security_query_template as sqt;
use field::socket_security_settings as sss;
use field::socket_security_settings_ipsec as ssi;

// ---------------------------------------------------------------------------------------------
// SOCKADDR_STORAGE

/// Reads the 128-byte `SOCKADDR_STORAGE` at the start of `b` (module docs).
fn parse_storage(b: &[u8]) -> Result<SockAddr, WireError> {
    WireError::check_len(SOCKADDR_STORAGE_LEN, b.len())?;
    let b = &b[..SOCKADDR_STORAGE_LEN];
    match le::u16_at(b, 0) {
        AF_INET | AF_INET6 => SockAddr::parse(b, Arch::X64),
        family => Ok(SockAddr::Other {
            family,
            data: b[2..].to_vec(),
        }),
    }
}

/// Checks that `a` fits a `SOCKADDR_STORAGE` (`Other`: not family 2 or 23, at most 126 bytes).
fn check_storage(a: &SockAddr) -> Result<(), WireError> {
    if let SockAddr::Other { family, data } = a {
        if *family == AF_INET || *family == AF_INET6 {
            return Err(WireError::invalid(
                "PeerAddress",
                format!("SockAddr::Other cannot carry family {family}"),
            ));
        }
        if data.len() > SOCKADDR_STORAGE_LEN - 2 {
            return Err(WireError::invalid(
                "PeerAddress",
                format!("{} data bytes do not fit a SOCKADDR_STORAGE", data.len()),
            ));
        }
    }
    Ok(())
}

/// Writes `a` as a zero-padded `SOCKADDR_STORAGE` into `b[..128]` (checked by the caller).
fn put_storage(b: &mut [u8], a: &SockAddr) {
    let b = &mut b[..SOCKADDR_STORAGE_LEN];
    b.fill(0);
    match a {
        SockAddr::Other { family, data } => {
            le::put_u16(b, 0, *family);
            b[2..2 + data.len()].copy_from_slice(data);
        }
        _ => {
            a.emit(b, Arch::X64)
                .expect("invariant: an IP sockaddr fits SOCKADDR_STORAGE");
        }
    }
}

fn guid_at(b: &[u8], r: core::ops::Range<usize>) -> Guid {
    Guid::parse(&b[r], Arch::X64).expect("invariant: the view checked the length")
}

fn put_guid(b: &mut [u8], r: core::ops::Range<usize>, g: Guid) {
    g.emit(&mut b[r], Arch::X64)
        .expect("invariant: the view checked the length");
}

fn protocol_at(b: &[u8], at: usize) -> SocketSecurityProtocol {
    SocketSecurityProtocol(le::u32_at(b, at) as i32)
}

/// A byte count of a string field, as a `ULONG` (`Invalid` beyond 4 GiB).
fn string_len(field: &'static str, s: &[u8]) -> Result<u32, WireError> {
    u32::try_from(s.len()).map_err(|_| WireError::invalid(field, "longer than a ULONG counts"))
}

// ---------------------------------------------------------------------------------------------
// SOCKET_SECURITY_SETTINGS

/// A checked view of a `SOCKET_SECURITY_SETTINGS` (or the head of the `_IPSEC` form).
#[derive(Debug, Clone, Copy)]
pub struct SocketSecuritySettingsView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SocketSecuritySettingsView<T> {
    /// Wraps `buffer` after checking it holds the 8-byte structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(sss::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `SecurityProtocol`.
    pub fn security_protocol(&self) -> SocketSecurityProtocol {
        protocol_at(self.buffer.as_ref(), sss::SECURITY_PROTOCOL.start)
    }

    /// `SecurityFlags`.
    pub fn security_flags(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), sss::SECURITY_FLAGS.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SocketSecuritySettingsView<T> {
    /// Sets `SecurityProtocol`.
    pub fn set_security_protocol(&mut self, p: SocketSecurityProtocol) {
        le::put_u32(
            self.buffer.as_mut(),
            sss::SECURITY_PROTOCOL.start,
            p.0 as u32,
        )
    }

    /// Sets `SecurityFlags`.
    pub fn set_security_flags(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), sss::SECURITY_FLAGS.start, v)
    }
}

/// `SOCKET_SECURITY_SETTINGS` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketSecuritySettings {
    /// `SecurityProtocol`.
    pub security_protocol: SocketSecurityProtocol,
    /// `SecurityFlags` (`SOCKET_SETTINGS_*`).
    pub security_flags: u32,
}

impl Repr for SocketSecuritySettings {
    const C_NAME: &'static str = "SOCKET_SECURITY_SETTINGS";

    fn buffer_len(&self, _arch: Arch) -> usize {
        sss::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SocketSecuritySettingsView::new_checked(buf)?;
        Ok(Self {
            security_protocol: v.security_protocol(),
            security_flags: v.security_flags(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = SocketSecuritySettingsView::new_checked(buf)?;
        v.set_security_protocol(self.security_protocol);
        v.set_security_flags(self.security_flags);
        Ok(sss::LEN)
    }
}

// ---------------------------------------------------------------------------------------------
// SOCKET_SECURITY_SETTINGS_IPSEC

/// A checked view of the fixed part of a `SOCKET_SECURITY_SETTINGS_IPSEC` (84 bytes); the
/// strings are checked by [`SocketSecuritySettingsIpsecView::all_strings`].
#[derive(Debug, Clone, Copy)]
pub struct SocketSecuritySettingsIpsecView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SocketSecuritySettingsIpsecView<T> {
    /// Wraps `buffer` after checking it holds the fixed part (`FIELD_OFFSET(AllStrings)`).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(ssi::ALL_STRINGS, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    fn u32(&self, r: core::ops::Range<usize>) -> u32 {
        le::u32_at(self.buffer.as_ref(), r.start)
    }

    /// `SecurityProtocol`.
    pub fn security_protocol(&self) -> SocketSecurityProtocol {
        protocol_at(self.buffer.as_ref(), ssi::SECURITY_PROTOCOL.start)
    }

    /// `SecurityFlags`.
    pub fn security_flags(&self) -> u32 {
        self.u32(ssi::SECURITY_FLAGS)
    }

    /// `IpsecFlags`.
    pub fn ipsec_flags(&self) -> u32 {
        self.u32(ssi::IPSEC_FLAGS)
    }

    /// `AuthipMMPolicyKey`.
    pub fn authip_mm_policy_key(&self) -> Guid {
        guid_at(self.buffer.as_ref(), ssi::AUTHIP_MM_POLICY_KEY)
    }

    /// `AuthipQMPolicyKey`.
    pub fn authip_qm_policy_key(&self) -> Guid {
        guid_at(self.buffer.as_ref(), ssi::AUTHIP_QM_POLICY_KEY)
    }

    /// `Reserved`.
    pub fn reserved(&self) -> Guid {
        guid_at(self.buffer.as_ref(), ssi::RESERVED)
    }

    /// `Reserved2`.
    pub fn reserved2(&self) -> u64 {
        le::u64_at(self.buffer.as_ref(), ssi::RESERVED2.start)
    }

    /// `UserNameStringLen`, `DomainNameStringLen`, `PasswordStringLen` (bytes).
    pub fn string_lens(&self) -> [u32; 3] {
        [
            self.u32(ssi::USER_NAME_STRING_LEN),
            self.u32(ssi::DOMAIN_NAME_STRING_LEN),
            self.u32(ssi::PASSWORD_STRING_LEN),
        ]
    }

    /// `FIELD_OFFSET(AllStrings)` plus the three string lengths (saturating).
    pub fn total_len(&self) -> usize {
        self.string_lens()
            .iter()
            .fold(ssi::ALL_STRINGS, |n, &l| n.saturating_add(l as usize))
    }

    /// The user name, domain name and password bytes; `TooShort` when the buffer ends first.
    pub fn all_strings(&self) -> Result<[&[u8]; 3], WireError> {
        let b = self.buffer.as_ref();
        WireError::check_len(self.total_len(), b.len())?;
        let [u, d, _] = self.string_lens().map(|l| l as usize);
        let s = &b[ssi::ALL_STRINGS..self.total_len()];
        Ok([&s[..u], &s[u..u + d], &s[u + d..]])
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

/// `SOCKET_SECURITY_SETTINGS_IPSEC` as a value (strings as raw UTF-16LE bytes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketSecuritySettingsIpsec {
    /// `SecurityProtocol` (must be `SOCKET_SECURITY_PROTOCOL_IPSEC` for Windows to accept it).
    pub security_protocol: SocketSecurityProtocol,
    /// `SecurityFlags`.
    pub security_flags: u32,
    /// `IpsecFlags` (`SOCKET_SETTINGS_IPSEC_*`).
    pub ipsec_flags: u32,
    /// `AuthipMMPolicyKey`.
    pub authip_mm_policy_key: Guid,
    /// `AuthipQMPolicyKey`.
    pub authip_qm_policy_key: Guid,
    /// `Reserved`.
    pub reserved: Guid,
    /// `Reserved2`.
    pub reserved2: u64,
    /// The user name (`UserNameStringLen` bytes of `AllStrings`).
    pub user_name: Vec<u8>,
    /// The domain name.
    pub domain_name: Vec<u8>,
    /// The password.
    pub password: Vec<u8>,
}

impl Repr for SocketSecuritySettingsIpsec {
    const C_NAME: &'static str = "SOCKET_SECURITY_SETTINGS_IPSEC";

    /// `FIELD_OFFSET(AllStrings)` + the three strings.
    fn buffer_len(&self, _arch: Arch) -> usize {
        ssi::ALL_STRINGS + self.user_name.len() + self.domain_name.len() + self.password.len()
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SocketSecuritySettingsIpsecView::new_checked(buf)?;
        let [u, d, p] = v.all_strings()?;
        Ok(Self {
            security_protocol: v.security_protocol(),
            security_flags: v.security_flags(),
            ipsec_flags: v.ipsec_flags(),
            authip_mm_policy_key: v.authip_mm_policy_key(),
            authip_qm_policy_key: v.authip_qm_policy_key(),
            reserved: v.reserved(),
            reserved2: v.reserved2(),
            user_name: u.to_vec(),
            domain_name: d.to_vec(),
            password: p.to_vec(),
        })
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let lens = [
            string_len("UserNameStringLen", &self.user_name)?,
            string_len("DomainNameStringLen", &self.domain_name)?,
            string_len("PasswordStringLen", &self.password)?,
        ];
        let len = self.buffer_len(arch);
        WireError::check_len(len, buf.len())?;
        let b = &mut buf[..len];
        le::put_u32(b, 0, self.security_protocol.0 as u32);
        le::put_u32(b, ssi::SECURITY_FLAGS.start, self.security_flags);
        le::put_u32(b, ssi::IPSEC_FLAGS.start, self.ipsec_flags);
        put_guid(b, ssi::AUTHIP_MM_POLICY_KEY, self.authip_mm_policy_key);
        put_guid(b, ssi::AUTHIP_QM_POLICY_KEY, self.authip_qm_policy_key);
        put_guid(b, ssi::RESERVED, self.reserved);
        b[ssi::PADDING].fill(0);
        le::put_u64(b, ssi::RESERVED2.start, self.reserved2);
        le::put_u32(b, ssi::USER_NAME_STRING_LEN.start, lens[0]);
        le::put_u32(b, ssi::DOMAIN_NAME_STRING_LEN.start, lens[1]);
        le::put_u32(b, ssi::PASSWORD_STRING_LEN.start, lens[2]);
        let mut at = ssi::ALL_STRINGS;
        for s in [&self.user_name, &self.domain_name, &self.password] {
            b[at..at + s.len()].copy_from_slice(s);
            at += s.len();
        }
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// SOCKET_SECURITY_QUERY_TEMPLATE

/// A checked view of a `SOCKET_SECURITY_QUERY_TEMPLATE`.
#[derive(Debug, Clone, Copy)]
pub struct SocketSecurityQueryTemplateView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SocketSecurityQueryTemplateView<T> {
    /// Wraps `buffer` after checking it holds the 144-byte structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(sqt::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `SecurityProtocol`.
    pub fn security_protocol(&self) -> SocketSecurityProtocol {
        protocol_at(self.buffer.as_ref(), sqt::SECURITY_PROTOCOL.start)
    }

    /// `PeerAddress.ss_family`.
    pub fn peer_family(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), sqt::PEER_ADDRESS.start)
    }

    /// `PeerAddress` (module docs).
    pub fn peer_address(&self) -> Result<SockAddr, WireError> {
        parse_storage(&self.buffer.as_ref()[sqt::PEER_ADDRESS])
    }

    /// `PeerTokenAccessMask`.
    pub fn peer_token_access_mask(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), sqt::PEER_TOKEN_ACCESS_MASK.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

/// `SOCKET_SECURITY_QUERY_TEMPLATE` as a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketSecurityQueryTemplate {
    /// `SecurityProtocol`.
    pub security_protocol: SocketSecurityProtocol,
    /// `PeerAddress`: the peer (needed for a socket that is not TCP).
    pub peer_address: SockAddr,
    /// `PeerTokenAccessMask`: 0 = no peer access tokens wanted.
    pub peer_token_access_mask: u32,
}

impl Default for SocketSecurityQueryTemplate {
    /// All zero: the default query (Microsoft's `WSAQuerySocketSecurity` reference).
    fn default() -> Self {
        Self {
            security_protocol: SocketSecurityProtocol::default(),
            peer_address: SockAddr::Other {
                family: 0,
                data: vec![0; SOCKADDR_STORAGE_LEN - 2],
            },
            peer_token_access_mask: 0,
        }
    }
}

impl Repr for SocketSecurityQueryTemplate {
    const C_NAME: &'static str = "SOCKET_SECURITY_QUERY_TEMPLATE";

    fn buffer_len(&self, _arch: Arch) -> usize {
        sqt::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SocketSecurityQueryTemplateView::new_checked(buf)?;
        Ok(Self {
            security_protocol: v.security_protocol(),
            peer_address: v.peer_address()?,
            peer_token_access_mask: v.peer_token_access_mask(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        check_storage(&self.peer_address)?;
        WireError::check_len(sqt::LEN, buf.len())?;
        let b = &mut buf[..sqt::LEN];
        le::put_u32(b, 0, self.security_protocol.0 as u32);
        b[sqt::PADDING].fill(0);
        put_storage(&mut b[sqt::PEER_ADDRESS], &self.peer_address);
        le::put_u32(
            b,
            sqt::PEER_TOKEN_ACCESS_MASK.start,
            self.peer_token_access_mask,
        );
        b[sqt::TAIL_PADDING].fill(0);
        Ok(sqt::LEN)
    }
}

// ---------------------------------------------------------------------------------------------
// SOCKET_SECURITY_QUERY_INFO

/// A checked view of a `SOCKET_SECURITY_QUERY_INFO`.
#[derive(Debug, Clone, Copy)]
pub struct SocketSecurityQueryInfoView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SocketSecurityQueryInfoView<T> {
    /// Wraps `buffer` after checking it holds the 24-byte structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(sqi::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `SecurityProtocol`.
    pub fn security_protocol(&self) -> SocketSecurityProtocol {
        protocol_at(self.buffer.as_ref(), sqi::SECURITY_PROTOCOL.start)
    }

    /// `Flags`.
    pub fn flags(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), sqi::FLAGS.start)
    }

    /// `PeerApplicationAccessTokenHandle`.
    pub fn peer_application_access_token_handle(&self) -> u64 {
        le::u64_at(
            self.buffer.as_ref(),
            sqi::PEER_APPLICATION_ACCESS_TOKEN_HANDLE.start,
        )
    }

    /// `PeerMachineAccessTokenHandle`.
    pub fn peer_machine_access_token_handle(&self) -> u64 {
        le::u64_at(
            self.buffer.as_ref(),
            sqi::PEER_MACHINE_ACCESS_TOKEN_HANDLE.start,
        )
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SocketSecurityQueryInfoView<T> {
    /// Sets `SecurityProtocol`.
    pub fn set_security_protocol(&mut self, p: SocketSecurityProtocol) {
        le::put_u32(
            self.buffer.as_mut(),
            sqi::SECURITY_PROTOCOL.start,
            p.0 as u32,
        )
    }

    /// Sets `Flags`.
    pub fn set_flags(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), sqi::FLAGS.start, v)
    }

    /// Sets `PeerApplicationAccessTokenHandle`.
    pub fn set_peer_application_access_token_handle(&mut self, v: u64) {
        le::put_u64(
            self.buffer.as_mut(),
            sqi::PEER_APPLICATION_ACCESS_TOKEN_HANDLE.start,
            v,
        )
    }

    /// Sets `PeerMachineAccessTokenHandle`.
    pub fn set_peer_machine_access_token_handle(&mut self, v: u64) {
        le::put_u64(
            self.buffer.as_mut(),
            sqi::PEER_MACHINE_ACCESS_TOKEN_HANDLE.start,
            v,
        )
    }
}

/// `SOCKET_SECURITY_QUERY_INFO` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketSecurityQueryInfo {
    /// `SecurityProtocol`.
    pub security_protocol: SocketSecurityProtocol,
    /// `Flags` (`SOCKET_INFO_CONNECTION_*`).
    pub flags: u32,
    /// `PeerApplicationAccessTokenHandle`.
    pub peer_application_access_token_handle: u64,
    /// `PeerMachineAccessTokenHandle`.
    pub peer_machine_access_token_handle: u64,
}

impl Repr for SocketSecurityQueryInfo {
    const C_NAME: &'static str = "SOCKET_SECURITY_QUERY_INFO";

    fn buffer_len(&self, _arch: Arch) -> usize {
        sqi::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SocketSecurityQueryInfoView::new_checked(buf)?;
        Ok(Self {
            security_protocol: v.security_protocol(),
            flags: v.flags(),
            peer_application_access_token_handle: v.peer_application_access_token_handle(),
            peer_machine_access_token_handle: v.peer_machine_access_token_handle(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = SocketSecurityQueryInfoView::new_checked(buf)?;
        v.set_security_protocol(self.security_protocol);
        v.set_flags(self.flags);
        v.set_peer_application_access_token_handle(self.peer_application_access_token_handle);
        v.set_peer_machine_access_token_handle(self.peer_machine_access_token_handle);
        Ok(sqi::LEN)
    }
}

// ---------------------------------------------------------------------------------------------
// SOCKET_PEER_TARGET_NAME

/// A checked view of the fixed part of a `SOCKET_PEER_TARGET_NAME` (140 bytes); the name is
/// checked by [`SocketPeerTargetNameView::name`].
#[derive(Debug, Clone, Copy)]
pub struct SocketPeerTargetNameView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SocketPeerTargetNameView<T> {
    /// Wraps `buffer` after checking it holds the fixed part (`FIELD_OFFSET(AllStrings)`).
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(ptn::ALL_STRINGS, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `SecurityProtocol`.
    pub fn security_protocol(&self) -> SocketSecurityProtocol {
        protocol_at(self.buffer.as_ref(), ptn::SECURITY_PROTOCOL.start)
    }

    /// `PeerAddress.ss_family`.
    pub fn peer_family(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), ptn::PEER_ADDRESS.start)
    }

    /// `PeerAddress` (module docs).
    pub fn peer_address(&self) -> Result<SockAddr, WireError> {
        parse_storage(&self.buffer.as_ref()[ptn::PEER_ADDRESS])
    }

    /// `PeerTargetNameStringLen` (bytes).
    pub fn peer_target_name_string_len(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), ptn::PEER_TARGET_NAME_STRING_LEN.start)
    }

    /// The name's bytes; `TooShort` when the buffer ends first.
    pub fn name(&self) -> Result<&[u8], WireError> {
        let b = self.buffer.as_ref();
        let end = ptn::ALL_STRINGS.saturating_add(self.peer_target_name_string_len() as usize);
        WireError::check_len(end, b.len())?;
        Ok(&b[ptn::ALL_STRINGS..end])
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

/// `SOCKET_PEER_TARGET_NAME` as a value (the name as raw UTF-16LE bytes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketPeerTargetName {
    /// `SecurityProtocol`.
    pub security_protocol: SocketSecurityProtocol,
    /// `PeerAddress`.
    pub peer_address: SockAddr,
    /// `AllStrings` (`PeerTargetNameStringLen` bytes).
    pub name: Vec<u8>,
}

impl SocketPeerTargetName {
    /// A target name given as text (stored as UTF-16LE, no terminator).
    pub fn from_text(
        security_protocol: SocketSecurityProtocol,
        peer_address: SockAddr,
        name: &str,
    ) -> Self {
        Self {
            security_protocol,
            peer_address,
            name: name.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        }
    }

    /// The name as text (UTF-16LE, lossy; an odd trailing byte is dropped).
    pub fn text(&self) -> String {
        let units: Vec<u16> = self
            .name
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}

impl Repr for SocketPeerTargetName {
    const C_NAME: &'static str = "SOCKET_PEER_TARGET_NAME";

    /// `FIELD_OFFSET(AllStrings)` + the name.
    fn buffer_len(&self, _arch: Arch) -> usize {
        ptn::ALL_STRINGS + self.name.len()
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SocketPeerTargetNameView::new_checked(buf)?;
        let name = v.name()?.to_vec();
        Ok(Self {
            security_protocol: v.security_protocol(),
            peer_address: v.peer_address()?,
            name,
        })
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        check_storage(&self.peer_address)?;
        let n = string_len("PeerTargetNameStringLen", &self.name)?;
        let len = self.buffer_len(arch);
        WireError::check_len(len, buf.len())?;
        let b = &mut buf[..len];
        le::put_u32(b, 0, self.security_protocol.0 as u32);
        b[ptn::PADDING].fill(0);
        put_storage(&mut b[ptn::PEER_ADDRESS], &self.peer_address);
        le::put_u32(b, ptn::PEER_TARGET_NAME_STRING_LEN.start, n);
        b[ptn::ALL_STRINGS..].copy_from_slice(&self.name);
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{SocketAddrV4, SocketAddrV6};

    fn put(b: &mut [u8], at: usize, v: u32) {
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    /// SOCKET_PEER_TARGET_NAME {IPSEC, 192.0.2.7:443, "ab"}: protocol at 0, SOCKADDR_IN at 8
    /// (family 2, port big-endian, address bytes), length 4 at 136, "a\0b\0" at 140.
    fn ptn_bytes() -> Vec<u8> {
        let mut b = vec![0u8; 144];
        put(&mut b, 0, 1);
        b[8..10].copy_from_slice(&2u16.to_le_bytes());
        b[10..12].copy_from_slice(&443u16.to_be_bytes());
        b[12..16].copy_from_slice(&[192, 0, 2, 7]);
        put(&mut b, 136, 4);
        b[140..144].copy_from_slice(b"a\0b\0");
        b
    }

    fn ptn_repr() -> SocketPeerTargetName {
        SocketPeerTargetName::from_text(
            SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_IPSEC,
            SockAddr::V4(SocketAddrV4::new([192, 0, 2, 7].into(), 443)),
            "ab",
        )
    }

    #[test]
    fn deconstruct() {
        let b = ptn_bytes();
        let v = SocketPeerTargetNameView::new_checked(&b[..]).unwrap();
        assert_eq!(
            v.security_protocol(),
            SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_IPSEC
        );
        assert_eq!((v.peer_family(), v.peer_target_name_string_len()), (2, 4));
        assert_eq!(v.name().unwrap(), b"a\0b\0");
        let mut info = [0u8; 24];
        put(&mut info, 0, 2);
        put(&mut info, 4, 3);
        info[8..16].copy_from_slice(&0x10u64.to_le_bytes());
        info[16..24].copy_from_slice(&0x20u64.to_le_bytes());
        let v = SocketSecurityQueryInfoView::new_checked(&info[..]).unwrap();
        assert_eq!(
            (
                v.security_protocol().0,
                v.flags(),
                v.peer_application_access_token_handle(),
                v.peer_machine_access_token_handle()
            ),
            (2, 3, 0x10, 0x20)
        );
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 24];
        let mut v = SocketSecurityQueryInfoView::new_checked(&mut buf[..]).unwrap();
        v.set_security_protocol(SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_IPSEC2);
        v.set_flags(SOCKET_INFO_CONNECTION_SECURED | SOCKET_INFO_CONNECTION_ENCRYPTED);
        v.set_peer_application_access_token_handle(0x10);
        v.set_peer_machine_access_token_handle(0x20);
        let mut want = [0u8; 24];
        put(&mut want, 0, 2);
        put(&mut want, 4, 3);
        want[8..16].copy_from_slice(&0x10u64.to_le_bytes());
        want[16..24].copy_from_slice(&0x20u64.to_le_bytes());
        assert_eq!(buf, want);
        let mut s = [0xa5u8; 8];
        let mut v = SocketSecuritySettingsView::new_checked(&mut s[..]).unwrap();
        v.set_security_protocol(SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_DEFAULT);
        v.set_security_flags(SOCKET_SETTINGS_ALLOW_INSECURE);
        assert_eq!(s, [0, 0, 0, 0, 2, 0, 0, 0]);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            assert_eq!(
                SocketPeerTargetName::parse(&ptn_bytes(), arch).unwrap(),
                ptn_repr()
            );
            let mut buf = vec![0xa5u8; 145];
            assert_eq!(ptn_repr().emit(&mut buf, arch), Ok(144));
            assert_eq!(&buf[..144], &ptn_bytes()[..]);
            assert_eq!(buf[144], 0xa5);
        }
        assert_eq!(ptn_repr().text(), "ab");
        // The query template: same storage at 8, mask at 136.
        let t = SocketSecurityQueryTemplate {
            security_protocol: SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_DEFAULT,
            peer_address: SockAddr::V6(SocketAddrV6::new("2001:db8::1".parse().unwrap(), 80, 0, 0)),
            peer_token_access_mask: 0x8,
        };
        let b = t.to_bytes(Arch::X86);
        assert_eq!(b.len(), 144);
        assert_eq!(&b[8..10], &23u16.to_le_bytes());
        assert_eq!(&b[136..140], &8u32.to_le_bytes());
        assert_eq!(
            SocketSecurityQueryTemplate::parse(&b, Arch::X64).unwrap(),
            t
        );
        // IPsec settings with strings "u\0", "", "pw" (as bytes).
        let s = SocketSecuritySettingsIpsec {
            security_protocol: SocketSecurityProtocol::SOCKET_SECURITY_PROTOCOL_IPSEC,
            ipsec_flags: SOCKET_SETTINGS_IPSEC_SKIP_FILTER_INSTANTIATION,
            reserved2: 7,
            user_name: b"u\0".to_vec(),
            password: b"p\0w\0".to_vec(),
            ..Default::default()
        };
        let b = s.to_bytes(Arch::X64);
        assert_eq!(b.len(), 90);
        assert_eq!(&b[64..72], &7u64.to_le_bytes());
        assert_eq!(&b[72..84], &[2, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0]);
        assert_eq!(&b[84..], b"u\0p\0w\0");
        assert_eq!(
            SocketSecuritySettingsIpsec::parse(&b, Arch::X86).unwrap(),
            s
        );
    }

    #[test]
    fn short_buffers() {
        let b = ptn_bytes();
        assert_eq!(
            SocketPeerTargetName::parse(&b[..143], Arch::X64),
            Err(WireError::TooShort {
                required: 144,
                actual: 143
            })
        );
        assert_eq!(
            SocketPeerTargetName::parse(&b[..139], Arch::X64),
            Err(WireError::TooShort {
                required: 140,
                actual: 139
            })
        );
        assert_eq!(
            SocketSecurityQueryInfo::parse(&[0; 23], Arch::X64),
            Err(WireError::TooShort {
                required: 24,
                actual: 23
            })
        );
        let bad = SocketPeerTargetName {
            peer_address: SockAddr::Other {
                family: 2,
                data: vec![],
            },
            ..ptn_repr()
        };
        let mut buf = [0xa5u8; 150];
        assert!(matches!(
            bad.emit(&mut buf, Arch::X64),
            Err(WireError::Invalid { .. })
        ));
        assert_eq!(buf, [0xa5; 150]);
    }
}
