//! Byte-exact Windows structures, for both pointer widths.
//!
//! Every structure follows the smoltcp triple (DESIGN.md, "Examples to follow" 3):
//! 1. the **field layout as data** — a `field` module of byte ranges (functions of [`Arch`] where
//!    a pointer or `ULONG_PTR` moves them);
//! 2. a **checked view** over `&[u8]` / `&mut [u8]` (`new_checked` verifies the length once, the
//!    accessors then cannot fail);
//! 3. a **`Repr`** — an owned, high-level value implementing [`Repr`]: `parse`, `emit`,
//!    `buffer_len(arch)`.
//!
//! Pointers are offsets: a structure that points into the same buffer (`SOCKET_ADDRESS_LIST`,
//! `INTERFACE_INFO_EX`) keeps each pointer as an offset from the start of the output buffer, and
//! becomes an address only at the FFI edge (`emit_at`/`parse_at` with a base address). The
//! [`Repr`] impls use base 0, so a pointer field *is* the offset — how snapshots show them.
//!
//! All integers are little-endian (every Windows architecture this models is). Parsing untrusted
//! bytes never panics: a short buffer is [`WireError::TooShort`] with the numbers, a value that
//! cannot be represented is [`WireError::Invalid`].

use core::fmt;

pub mod address_list;
pub mod address_sort;
pub mod compat;
pub mod guid;
pub mod interface_info;
pub mod keepalive;
pub mod msfilter;
pub mod overlapped;
pub mod port_reservation;
pub mod processor_affinity;
pub mod qos;
pub mod rcvall;
pub mod rio;
pub mod rss;
pub mod scalar;
pub mod security;
pub mod sockaddr;
pub mod ssl;
pub mod tcp;
pub mod tcp_info;
pub mod transport_setting;

/// The pointer width of the Windows process whose buffers are modelled.
///
/// Never the host's `size_of::<usize>()`: an x86 process's buffers are modelled on any host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Arch {
    /// 32-bit Windows (or a WOW64 process): 4-byte pointers, `SOCKET`, `HANDLE`, `ULONG_PTR`.
    X86,
    /// 64-bit Windows: 8-byte pointers.
    #[default]
    X64,
}

impl Arch {
    /// Both widths, for tests that must hold on each.
    pub const ALL: [Arch; 2] = [Arch::X86, Arch::X64];

    /// Size of a pointer, `SOCKET`, `HANDLE`, `ULONG_PTR` or `SIZE_T`.
    pub const fn pointer_size(self) -> usize {
        match self {
            Self::X86 => 4,
            Self::X64 => 8,
        }
    }

    /// Alignment of a pointer (equal to its size on both widths).
    pub const fn pointer_align(self) -> usize {
        self.pointer_size()
    }

    /// Alignment of a 64-bit integer (`ULONG64`, `UINT64`): 8 on both (MSVC aligns them to 8 on
    /// x86 too).
    pub const fn u64_align(self) -> usize {
        8
    }

    /// The name used on the command line and in files (`x86`, `x64`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::X86 => "x86",
            Self::X64 => "x64",
        }
    }

    /// Parses `x86`/`i686`/`win32` or `x64`/`x86_64`/`amd64`/`win64`.
    pub fn from_name(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "x86" | "i686" | "i386" | "win32" => Some(Self::X86),
            "x64" | "x86_64" | "amd64" | "win64" => Some(Self::X64),
            _ => None,
        }
    }
}

/// Rounds `n` up to a multiple of `align` (a power of two).
pub const fn align_up(n: usize, align: usize) -> usize {
    (n + align - 1) & !(align - 1)
}

/// Why bytes could not be parsed or emitted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WireError {
    /// The buffer is shorter than the structure needs.
    TooShort {
        /// Bytes needed.
        required: usize,
        /// Bytes available.
        actual: usize,
    },
    /// A field holds a value the structure cannot carry (with the field's name and why).
    Invalid {
        /// The field (C name).
        field: &'static str,
        /// What was wrong.
        reason: String,
    },
}

impl WireError {
    /// `TooShort` unless `actual >= required`.
    pub fn check_len(required: usize, actual: usize) -> Result<(), WireError> {
        if actual < required {
            Err(Self::TooShort { required, actual })
        } else {
            Ok(())
        }
    }

    /// An `Invalid` error.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { required, actual } => {
                write!(
                    f,
                    "buffer too short: {required} bytes needed, {actual} given"
                )
            }
            Self::Invalid { field, reason } => write!(f, "invalid {field}: {reason}"),
        }
    }
}

impl std::error::Error for WireError {}

/// The high-level value of one Windows structure (the smoltcp `Repr`).
///
/// Contract, checked for every implementation by the tests in `tests/wire_layout.rs`:
/// * `emit` writes exactly `buffer_len(arch)` bytes at the start of `buf` and returns that count,
///   or `TooShort { required: buffer_len(arch), .. }` without writing anything;
/// * padding bytes are written as zero (what Windows leaves in a zeroed kernel buffer);
/// * `parse(emit(x)) == x` for both widths;
/// * `parse` of any bytes returns `Ok` or `Err`, never panics.
pub trait Repr: Sized {
    /// The C name of the structure (`"SOCKET_ADDRESS_LIST"`).
    const C_NAME: &'static str;

    /// Bytes this value occupies for `arch` (variable-length structures count their tail).
    fn buffer_len(&self, arch: Arch) -> usize;

    /// Reads a value from the start of `buf`.
    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError>;

    /// Writes the value at the start of `buf`; returns the bytes written.
    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError>;

    /// Emits into a new `Vec` of exactly `buffer_len(arch)` bytes.
    fn to_bytes(&self, arch: Arch) -> Vec<u8> {
        let mut v = vec![0u8; self.buffer_len(arch)];
        let n = self
            .emit(&mut v, arch)
            .expect("invariant: emit into a buffer of buffer_len bytes succeeds");
        v.truncate(n);
        v
    }
}

/// Little-endian field access shared by the views (bounds are checked by each view's
/// `new_checked`, so these index directly).
pub(crate) mod le {
    pub fn u8_at(b: &[u8], at: usize) -> u8 {
        b[at]
    }
    pub fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }
    pub fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }
    pub fn u64_at(b: &[u8], at: usize) -> u64 {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(a)
    }
    /// A pointer-sized value (`ULONG_PTR`, `HANDLE`, `SOCKET`, a pointer) of `size` 4 or 8.
    pub fn ptr_at(b: &[u8], at: usize, size: usize) -> u64 {
        if size == 4 {
            u32_at(b, at) as u64
        } else {
            u64_at(b, at)
        }
    }
    pub fn put_u8(b: &mut [u8], at: usize, v: u8) {
        b[at] = v;
    }
    pub fn put_u16(b: &mut [u8], at: usize, v: u16) {
        b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
    pub fn put_u32(b: &mut [u8], at: usize, v: u32) {
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    pub fn put_u64(b: &mut [u8], at: usize, v: u64) {
        b[at..at + 8].copy_from_slice(&v.to_le_bytes());
    }
    /// Writes a pointer-sized value; on x86 the value must fit 32 bits (checked by callers).
    pub fn put_ptr(b: &mut [u8], at: usize, size: usize, v: u64) {
        if size == 4 {
            put_u32(b, at, v as u32)
        } else {
            put_u64(b, at, v)
        }
    }
}
