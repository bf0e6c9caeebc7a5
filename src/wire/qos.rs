//! `FLOWSPEC`, `WSABUF` and `QOS` (qos.h, winsock2.h) — the buffers of `SIO_GET_QOS`,
//! `SIO_SET_QOS`, `SIO_GET_GROUP_QOS` and `SIO_SET_GROUP_QOS`.
//!
//! ```c
//! typedef ULONG SERVICETYPE;
//! typedef struct _flowspec {
//!     ULONG TokenRate;           // bytes/second
//!     ULONG TokenBucketSize;     // bytes
//!     ULONG PeakBandwidth;       // bytes/second
//!     ULONG Latency;             // microseconds
//!     ULONG DelayVariation;      // microseconds
//!     SERVICETYPE ServiceType;
//!     ULONG MaxSduSize;          // bytes
//!     ULONG MinimumPolicedSize;  // bytes
//! } FLOWSPEC;                    // 32 bytes on both widths
//!
//! typedef struct _WSABUF {
//!     ULONG len;
//!     CHAR FAR *buf;
//! } WSABUF;                      // x86: 8 (buf at 4); x64: 16 (4 bytes of padding, buf at 8)
//!
//! typedef struct _QualityOfService {
//!     FLOWSPEC SendingFlowspec;  //  0
//!     FLOWSPEC ReceivingFlowspec;// 32
//!     WSABUF ProviderSpecific;   // 64: sizeof = 72 (x86) / 80 (x64)
//! } QOS;
//! ```
//!
//! `WSABUF.buf` is a pointer, kept as an opaque `u64`. In a `QOS` it points at the
//! provider-specific buffer, which callers usually place right after the `QOS` in the same
//! allocation; following the convention of [`crate::wire`] (base address 0), the value is then
//! the offset of that data from the start of the buffer. The [`Qos`] Repr covers the fixed part
//! only (72 / 80 bytes); the `len` bytes the pointer names are not read or written by it.
//!
//! ```
//! use wsaioctl::wire::{Arch, Repr, qos::{Flowspec, Qos, WsaBuf}};
//! // No provider-specific data: len 0, buf NULL.
//! let q = Qos {
//!     sending_flowspec: Flowspec::NOT_SPECIFIED,
//!     receiving_flowspec: Flowspec::NOT_SPECIFIED,
//!     provider_specific: WsaBuf { len: 0, buf: 0 },
//! };
//! assert_eq!(q.to_bytes(Arch::X86).len(), 72);
//! assert_eq!(q.to_bytes(Arch::X64).len(), 80);
//! assert_eq!(Qos::parse(&q.to_bytes(Arch::X86), Arch::X86).unwrap(), q);
//! ```
//!
//! spec/000 and spec/001: `WSAEOPNOTSUPP` when "the FLOWSPEC structures specified in
//! SIO_SET_QOS or SIO_SET_GROUP_QOS cannot be satisfied"; spec/README.md records that
//! `SIO_GET_QOS` is "O" in 000/002 and "O, I" in 004, and that the group QOS codes are reserved
//! in 002/003.

use super::scalar::{check_pointer, open_enum};
use super::{Arch, Repr, WireError, le};

/// `QOS_NOT_SPECIFIED` (0xFFFFFFFF) — any `FLOWSPEC` member: no value given.
pub const QOS_NOT_SPECIFIED: u32 = 0xFFFF_FFFF;
/// `POSITIVE_INFINITY_RATE` (0xFFFFFFFE) — `TokenRate` / `PeakBandwidth`: unlimited.
pub const POSITIVE_INFINITY_RATE: u32 = 0xFFFF_FFFE;
/// `SERVICE_NO_TRAFFIC_CONTROL` (0x81000000) — OR'ed into `ServiceType`: no traffic control.
pub const SERVICE_NO_TRAFFIC_CONTROL: u32 = 0x8100_0000;
/// `SERVICE_NO_QOS_SIGNALING` (0x40000000) — OR'ed into `ServiceType`: no RSVP signalling.
pub const SERVICE_NO_QOS_SIGNALING: u32 = 0x4000_0000;

open_enum! {
    /// `SERVICETYPE` (qos.h, a `ULONG`): the `ServiceType` of a `FLOWSPEC`. Open: flag bits such
    /// as [`SERVICE_NO_QOS_SIGNALING`] may be OR'ed in, and `Debug` then prints the number.
    pub struct ServiceType(u32);
    SERVICETYPE_NOTRAFFIC = 0x0000_0000, "no data in this direction";
    SERVICETYPE_BESTEFFORT = 0x0000_0001, "best effort";
    SERVICETYPE_CONTROLLEDLOAD = 0x0000_0002, "controlled load";
    SERVICETYPE_GUARANTEED = 0x0000_0003, "guaranteed";
    SERVICETYPE_NETWORK_UNAVAILABLE = 0x0000_0004, "used to notify the user of a change";
    SERVICETYPE_GENERAL_INFORMATION = 0x0000_0005, "IntServ \"General Parameters\"";
    SERVICETYPE_NOCHANGE = 0x0000_0006, "the flow spec contains no change from the previous one";
    SERVICETYPE_NONCONFORMING = 0x0000_0009, "non-conforming traffic";
    SERVICETYPE_NETWORK_CONTROL = 0x0000_000A, "network control traffic";
    SERVICETYPE_QUALITATIVE = 0x0000_000D, "qualitative applications";
    SERVICE_BESTEFFORT = 0x8001_0000, "best effort (usage not supported, qos.h)";
    SERVICE_CONTROLLEDLOAD = 0x8002_0000, "controlled load (usage not supported, qos.h)";
    SERVICE_GUARANTEED = 0x8004_0000, "guaranteed (usage not supported, qos.h)";
    SERVICE_QUALITATIVE = 0x8020_0000, "qualitative (usage not supported, qos.h)";
    QOS_NOT_SPECIFIED = 0xFFFF_FFFF, "not specified";
}

/// Field layouts (byte ranges; functions of [`Arch`] where the `buf` pointer moves them).
pub mod field {
    /// `FLOWSPEC`.
    pub mod flowspec {
        use core::ops::Range;
        /// `TokenRate`.
        pub const TOKEN_RATE: Range<usize> = 0..4;
        /// `TokenBucketSize`.
        pub const TOKEN_BUCKET_SIZE: Range<usize> = 4..8;
        /// `PeakBandwidth`.
        pub const PEAK_BANDWIDTH: Range<usize> = 8..12;
        /// `Latency`.
        pub const LATENCY: Range<usize> = 12..16;
        /// `DelayVariation`.
        pub const DELAY_VARIATION: Range<usize> = 16..20;
        /// `ServiceType`.
        pub const SERVICE_TYPE: Range<usize> = 20..24;
        /// `MaxSduSize`.
        pub const MAX_SDU_SIZE: Range<usize> = 24..28;
        /// `MinimumPolicedSize`.
        pub const MINIMUM_POLICED_SIZE: Range<usize> = 28..32;
        /// `sizeof(FLOWSPEC)`.
        pub const LEN: usize = 32;
    }

    /// `WSABUF`.
    pub mod wsabuf {
        use crate::wire::Arch;
        use core::ops::Range;
        /// `len` (`ULONG`).
        pub const LEN_FIELD: Range<usize> = 0..4;
        /// Padding between `len` and the pointer-aligned `buf` (empty on x86).
        pub const fn padding(arch: Arch) -> Range<usize> {
            4..arch.pointer_size()
        }
        /// `buf` (`CHAR *`).
        pub const fn buf(arch: Arch) -> Range<usize> {
            arch.pointer_size()..2 * arch.pointer_size()
        }
        /// `sizeof(WSABUF)`: 8 on x86, 16 on x64.
        pub const fn len(arch: Arch) -> usize {
            2 * arch.pointer_size()
        }
    }

    /// `QOS`.
    pub mod qos {
        use crate::wire::Arch;
        use core::ops::Range;
        /// `SendingFlowspec`.
        pub const SENDING_FLOWSPEC: Range<usize> = 0..32;
        /// `ReceivingFlowspec`.
        pub const RECEIVING_FLOWSPEC: Range<usize> = 32..64;
        /// `ProviderSpecific` (a `WSABUF`; offset 64 is pointer-aligned on both widths).
        pub const fn provider_specific(arch: Arch) -> Range<usize> {
            64..64 + super::wsabuf::len(arch)
        }
        /// `sizeof(QOS)`: 72 on x86, 80 on x64.
        pub const fn len(arch: Arch) -> usize {
            64 + super::wsabuf::len(arch)
        }
    }
}

use field::flowspec as fs;
use field::qos as fq;
use field::wsabuf as wb;

/// A checked view of a `FLOWSPEC` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct FlowspecView<T: AsRef<[u8]>> {
    buffer: T,
}

macro_rules! flowspec_u32 {
    ($( $get:ident, $set:ident, $field:ident, $doc:literal; )*) => {
        impl<T: AsRef<[u8]>> FlowspecView<T> {
            $( #[doc = concat!("`", $doc, "`.")]
               pub fn $get(&self) -> u32 { le::u32_at(self.buffer.as_ref(), fs::$field.start) } )*
        }
        impl<T: AsRef<[u8]> + AsMut<[u8]>> FlowspecView<T> {
            $( #[doc = concat!("Sets `", $doc, "`.")]
               pub fn $set(&mut self, v: u32) { le::put_u32(self.buffer.as_mut(), fs::$field.start, v) } )*
        }
    };
}

flowspec_u32! {
    token_rate, set_token_rate, TOKEN_RATE, "TokenRate";
    token_bucket_size, set_token_bucket_size, TOKEN_BUCKET_SIZE, "TokenBucketSize";
    peak_bandwidth, set_peak_bandwidth, PEAK_BANDWIDTH, "PeakBandwidth";
    latency, set_latency, LATENCY, "Latency";
    delay_variation, set_delay_variation, DELAY_VARIATION, "DelayVariation";
    max_sdu_size, set_max_sdu_size, MAX_SDU_SIZE, "MaxSduSize";
    minimum_policed_size, set_minimum_policed_size, MINIMUM_POLICED_SIZE, "MinimumPolicedSize";
}

impl<T: AsRef<[u8]>> FlowspecView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(fs::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `ServiceType`.
    pub fn service_type(&self) -> ServiceType {
        ServiceType(le::u32_at(self.buffer.as_ref(), fs::SERVICE_TYPE.start))
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> FlowspecView<T> {
    /// Sets `ServiceType`.
    pub fn set_service_type(&mut self, v: ServiceType) {
        le::put_u32(self.buffer.as_mut(), fs::SERVICE_TYPE.start, v.0)
    }
}

/// `FLOWSPEC` as a value. Every member may be [`QOS_NOT_SPECIFIED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Flowspec {
    /// `TokenRate` (bytes/second).
    pub token_rate: u32,
    /// `TokenBucketSize` (bytes).
    pub token_bucket_size: u32,
    /// `PeakBandwidth` (bytes/second).
    pub peak_bandwidth: u32,
    /// `Latency` (microseconds).
    pub latency: u32,
    /// `DelayVariation` (microseconds).
    pub delay_variation: u32,
    /// `ServiceType`.
    pub service_type: ServiceType,
    /// `MaxSduSize` (bytes).
    pub max_sdu_size: u32,
    /// `MinimumPolicedSize` (bytes).
    pub minimum_policed_size: u32,
}

impl Flowspec {
    /// A `FLOWSPEC` whose every member is [`QOS_NOT_SPECIFIED`].
    pub const NOT_SPECIFIED: Self = Self {
        token_rate: QOS_NOT_SPECIFIED,
        token_bucket_size: QOS_NOT_SPECIFIED,
        peak_bandwidth: QOS_NOT_SPECIFIED,
        latency: QOS_NOT_SPECIFIED,
        delay_variation: QOS_NOT_SPECIFIED,
        service_type: ServiceType::QOS_NOT_SPECIFIED,
        max_sdu_size: QOS_NOT_SPECIFIED,
        minimum_policed_size: QOS_NOT_SPECIFIED,
    };

    fn read<T: AsRef<[u8]>>(v: &FlowspecView<T>) -> Self {
        Self {
            token_rate: v.token_rate(),
            token_bucket_size: v.token_bucket_size(),
            peak_bandwidth: v.peak_bandwidth(),
            latency: v.latency(),
            delay_variation: v.delay_variation(),
            service_type: v.service_type(),
            max_sdu_size: v.max_sdu_size(),
            minimum_policed_size: v.minimum_policed_size(),
        }
    }

    fn write<T: AsRef<[u8]> + AsMut<[u8]>>(&self, v: &mut FlowspecView<T>) {
        v.set_token_rate(self.token_rate);
        v.set_token_bucket_size(self.token_bucket_size);
        v.set_peak_bandwidth(self.peak_bandwidth);
        v.set_latency(self.latency);
        v.set_delay_variation(self.delay_variation);
        v.set_service_type(self.service_type);
        v.set_max_sdu_size(self.max_sdu_size);
        v.set_minimum_policed_size(self.minimum_policed_size);
    }
}

impl Repr for Flowspec {
    const C_NAME: &'static str = "FLOWSPEC";

    fn buffer_len(&self, _arch: Arch) -> usize {
        fs::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        Ok(Self::read(&FlowspecView::new_checked(buf)?))
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        self.write(&mut FlowspecView::new_checked(buf)?);
        Ok(fs::LEN)
    }
}

/// A checked view of a `WSABUF` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct WsaBufView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> WsaBufView<T> {
    /// Wraps `buffer` after checking it holds the whole structure for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(wb::len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `len`.
    pub fn len(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), wb::LEN_FIELD.start)
    }

    /// Whether `len` is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `buf` (the pointer's value: an offset or an opaque address).
    pub fn buf(&self) -> u64 {
        let p = self.arch.pointer_size();
        le::ptr_at(self.buffer.as_ref(), wb::buf(self.arch).start, p)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> WsaBufView<T> {
    /// Sets `len`.
    pub fn set_len(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), wb::LEN_FIELD.start, v)
    }

    /// Sets `buf`; on x86 only the low 32 bits are written (the Repr checks the value).
    pub fn set_buf(&mut self, v: u64) {
        let p = self.arch.pointer_size();
        le::put_ptr(self.buffer.as_mut(), wb::buf(self.arch).start, p, v)
    }

    /// Zeroes the padding between `len` and `buf` (x64 only).
    pub fn clear_padding(&mut self) {
        self.buffer.as_mut()[wb::padding(self.arch)].fill(0)
    }
}

/// `WSABUF` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WsaBuf {
    /// `len`: bytes at `buf`.
    pub len: u32,
    /// `buf`: an offset from the start of the enclosing buffer, or an opaque address (base 0).
    pub buf: u64,
}

impl WsaBuf {
    fn read<T: AsRef<[u8]>>(v: &WsaBufView<T>) -> Self {
        Self {
            len: v.len(),
            buf: v.buf(),
        }
    }

    fn write<T: AsRef<[u8]> + AsMut<[u8]>>(&self, v: &mut WsaBufView<T>) {
        v.set_len(self.len);
        v.clear_padding();
        v.set_buf(self.buf);
    }
}

impl Repr for WsaBuf {
    const C_NAME: &'static str = "WSABUF";

    fn buffer_len(&self, arch: Arch) -> usize {
        wb::len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        Ok(Self::read(&WsaBufView::new_checked(buf, arch)?))
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let mut v = WsaBufView::new_checked(buf, arch)?;
        check_pointer("buf", self.buf, arch)?;
        self.write(&mut v);
        Ok(wb::len(arch))
    }
}

/// A checked view of a `QOS` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct QosView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> QosView<T> {
    /// Wraps `buffer` after checking it holds the whole structure for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(fq::len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `SendingFlowspec`, as a view.
    pub fn sending_flowspec(&self) -> FlowspecView<&[u8]> {
        FlowspecView {
            buffer: &self.buffer.as_ref()[fq::SENDING_FLOWSPEC],
        }
    }

    /// `ReceivingFlowspec`, as a view.
    pub fn receiving_flowspec(&self) -> FlowspecView<&[u8]> {
        FlowspecView {
            buffer: &self.buffer.as_ref()[fq::RECEIVING_FLOWSPEC],
        }
    }

    /// `ProviderSpecific`, as a view.
    pub fn provider_specific(&self) -> WsaBufView<&[u8]> {
        WsaBufView {
            buffer: &self.buffer.as_ref()[fq::provider_specific(self.arch)],
            arch: self.arch,
        }
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> QosView<T> {
    /// `SendingFlowspec`, as a mutable view.
    pub fn sending_flowspec_mut(&mut self) -> FlowspecView<&mut [u8]> {
        FlowspecView {
            buffer: &mut self.buffer.as_mut()[fq::SENDING_FLOWSPEC],
        }
    }

    /// `ReceivingFlowspec`, as a mutable view.
    pub fn receiving_flowspec_mut(&mut self) -> FlowspecView<&mut [u8]> {
        FlowspecView {
            buffer: &mut self.buffer.as_mut()[fq::RECEIVING_FLOWSPEC],
        }
    }

    /// `ProviderSpecific`, as a mutable view.
    pub fn provider_specific_mut(&mut self) -> WsaBufView<&mut [u8]> {
        let arch = self.arch;
        WsaBufView {
            buffer: &mut self.buffer.as_mut()[fq::provider_specific(arch)],
            arch,
        }
    }
}

/// `QOS` as a value (the fixed part; see the module docs for `ProviderSpecific.buf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Qos {
    /// `SendingFlowspec`.
    pub sending_flowspec: Flowspec,
    /// `ReceivingFlowspec`.
    pub receiving_flowspec: Flowspec,
    /// `ProviderSpecific`.
    pub provider_specific: WsaBuf,
}

impl Repr for Qos {
    const C_NAME: &'static str = "QOS";

    fn buffer_len(&self, arch: Arch) -> usize {
        fq::len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        let v = QosView::new_checked(buf, arch)?;
        Ok(Self {
            sending_flowspec: Flowspec::read(&v.sending_flowspec()),
            receiving_flowspec: Flowspec::read(&v.receiving_flowspec()),
            provider_specific: WsaBuf::read(&v.provider_specific()),
        })
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let mut v = QosView::new_checked(buf, arch)?;
        check_pointer("ProviderSpecific.buf", self.provider_specific.buf, arch)?;
        self.sending_flowspec.write(&mut v.sending_flowspec_mut());
        self.receiving_flowspec
            .write(&mut v.receiving_flowspec_mut());
        self.provider_specific.write(&mut v.provider_specific_mut());
        Ok(fq::len(arch))
    }
}
