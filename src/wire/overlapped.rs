//! `WSAOVERLAPPED` (= `OVERLAPPED`, minwinbase.h / winsock2.h) — the `lpOverlapped` argument of
//! `WSAIoctl` and `LPWSPIOCTL` (spec/001, spec/002, spec/003, spec/004).
//!
//! ```c
//! typedef struct _OVERLAPPED {
//!     ULONG_PTR Internal;              // x86  0..4    x64  0..8    the NTSTATUS of the request
//!     ULONG_PTR InternalHigh;          // x86  4..8    x64  8..16   bytes transferred
//!     union {
//!         struct { DWORD Offset; DWORD OffsetHigh; };   // x86 8..12, 12..16  x64 16..20, 20..24
//!         PVOID Pointer;                                // x86 8..12          x64 16..24
//!     };
//!     HANDLE hEvent;                   // x86 16..20   x64 24..32
//! } OVERLAPPED, WSAOVERLAPPED;         // x86 20 bytes, x64 32 bytes
//! ```
//!
//! spec/004: "If the low order bit of the hEvent member in the WSAOVERLAPPED structure is set, an
//! application or the switch specifically requests to not be notified with a completion port. If
//! the remainder of hEvent is NULL as well, excluding the low order bit, the SAN service provider
//! can assume that the I/O request requires no completion notification." See
//! [`skips_completion_port`], [`event_handle`], [`requires_no_notification`].

use super::{Arch, Repr, WireError, le};

/// Field layout (byte ranges) as functions of the pointer width.
pub mod field {
    use super::Arch;
    use core::ops::Range;

    /// `Internal` (`ULONG_PTR`).
    pub const fn internal(arch: Arch) -> Range<usize> {
        0..arch.pointer_size()
    }
    /// `InternalHigh` (`ULONG_PTR`).
    pub const fn internal_high(arch: Arch) -> Range<usize> {
        arch.pointer_size()..2 * arch.pointer_size()
    }
    /// `Offset` (`DWORD`, first member of the union's struct).
    pub const fn offset(arch: Arch) -> Range<usize> {
        let s = 2 * arch.pointer_size();
        s..s + 4
    }
    /// `OffsetHigh` (`DWORD`).
    pub const fn offset_high(arch: Arch) -> Range<usize> {
        let s = 2 * arch.pointer_size() + 4;
        s..s + 4
    }
    /// `Pointer` (`PVOID`, the union's other member; overlaps `Offset`/`OffsetHigh`).
    pub const fn pointer(arch: Arch) -> Range<usize> {
        let s = 2 * arch.pointer_size();
        s..s + arch.pointer_size()
    }
    /// The whole union (8 bytes on both widths).
    pub const fn union(arch: Arch) -> Range<usize> {
        let s = 2 * arch.pointer_size();
        s..s + 8
    }
    /// `hEvent` (`HANDLE`).
    pub const fn h_event(arch: Arch) -> Range<usize> {
        let s = 2 * arch.pointer_size() + 8;
        s..s + arch.pointer_size()
    }
    /// `sizeof(WSAOVERLAPPED)`: x86 20, x64 32.
    pub const fn len(arch: Arch) -> usize {
        h_event(arch).end
    }
}

/// True when `hEvent`'s low bit is set: the caller asks not to be notified through a completion
/// port (spec/004).
pub const fn skips_completion_port(h_event: u64) -> bool {
    h_event & 1 != 0
}

/// The event handle proper: `hEvent` with the low bit cleared (spec/004).
pub const fn event_handle(h_event: u64) -> u64 {
    h_event & !1
}

/// True when the low bit is set and the rest of `hEvent` is NULL: the request needs no completion
/// notification at all and will be polled with `WSPGetOverlappedResult` (spec/004).
pub const fn requires_no_notification(h_event: u64) -> bool {
    skips_completion_port(h_event) && event_handle(h_event) == 0
}

/// A checked view of a `WSAOVERLAPPED` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct WsaOverlappedView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> WsaOverlappedView<T> {
    /// Wraps `buffer` after checking it holds the whole structure for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    fn ptr(&self, r: core::ops::Range<usize>) -> u64 {
        le::ptr_at(self.buffer.as_ref(), r.start, r.len())
    }

    /// `Internal` (zero-extended on x86).
    pub fn internal(&self) -> u64 {
        self.ptr(field::internal(self.arch))
    }

    /// `InternalHigh` (zero-extended on x86).
    pub fn internal_high(&self) -> u64 {
        self.ptr(field::internal_high(self.arch))
    }

    /// `Offset`.
    pub fn offset(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::offset(self.arch).start)
    }

    /// `OffsetHigh`.
    pub fn offset_high(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::offset_high(self.arch).start)
    }

    /// `Pointer` — the same bytes as `Offset` (and, on x64, `OffsetHigh`).
    pub fn pointer(&self) -> u64 {
        self.ptr(field::pointer(self.arch))
    }

    /// `hEvent` (zero-extended on x86).
    pub fn h_event(&self) -> u64 {
        self.ptr(field::h_event(self.arch))
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> WsaOverlappedView<T> {
    fn put_ptr(&mut self, r: core::ops::Range<usize>, v: u64) {
        le::put_ptr(self.buffer.as_mut(), r.start, r.len(), v)
    }

    /// Sets `Internal`; on x86 only the low 32 bits are stored (callers check the range).
    pub fn set_internal(&mut self, v: u64) {
        self.put_ptr(field::internal(self.arch), v)
    }

    /// Sets `InternalHigh`; on x86 only the low 32 bits are stored.
    pub fn set_internal_high(&mut self, v: u64) {
        self.put_ptr(field::internal_high(self.arch), v)
    }

    /// Sets `Offset`.
    pub fn set_offset(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::offset(self.arch).start, v)
    }

    /// Sets `OffsetHigh`.
    pub fn set_offset_high(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), field::offset_high(self.arch).start, v)
    }

    /// Sets `Pointer` (overwrites `Offset` and, on x64, `OffsetHigh`).
    pub fn set_pointer(&mut self, v: u64) {
        self.put_ptr(field::pointer(self.arch), v)
    }

    /// Sets `hEvent`; on x86 only the low 32 bits are stored.
    pub fn set_h_event(&mut self, v: u64) {
        self.put_ptr(field::h_event(self.arch), v)
    }
}

/// `WSAOVERLAPPED` as a value (the union seen through `Offset`/`OffsetHigh`).
///
/// On x86 `internal`, `internal_high` and `h_event` must fit 32 bits; `emit` returns `Invalid`
/// otherwise (and writes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WsaOverlapped {
    /// `Internal`: the request's NTSTATUS (`STATUS_PENDING` while it runs).
    pub internal: u64,
    /// `InternalHigh`: bytes transferred.
    pub internal_high: u64,
    /// `Offset`.
    pub offset: u32,
    /// `OffsetHigh`.
    pub offset_high: u32,
    /// `hEvent`: an event handle, or caller context when a completion routine is given; the low
    /// bit has the meaning of [`skips_completion_port`].
    pub h_event: u64,
}

impl WsaOverlapped {
    /// [`skips_completion_port`] of this `hEvent`.
    pub const fn skips_completion_port(&self) -> bool {
        skips_completion_port(self.h_event)
    }

    /// [`event_handle`] of this `hEvent`.
    pub const fn event_handle(&self) -> u64 {
        event_handle(self.h_event)
    }

    fn check_fits(arch: Arch, name: &'static str, v: u64) -> Result<(), WireError> {
        if arch == Arch::X86 && v > u64::from(u32::MAX) {
            return Err(WireError::invalid(
                name,
                format!("{v:#x} does not fit a 32-bit ULONG_PTR/HANDLE"),
            ));
        }
        Ok(())
    }
}

impl Repr for WsaOverlapped {
    const C_NAME: &'static str = "WSAOVERLAPPED";

    fn buffer_len(&self, arch: Arch) -> usize {
        field::len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        let v = WsaOverlappedView::new_checked(buf, arch)?;
        Ok(Self {
            internal: v.internal(),
            internal_high: v.internal_high(),
            offset: v.offset(),
            offset_high: v.offset_high(),
            h_event: v.h_event(),
        })
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        Self::check_fits(arch, "Internal", self.internal)?;
        Self::check_fits(arch, "InternalHigh", self.internal_high)?;
        Self::check_fits(arch, "hEvent", self.h_event)?;
        let mut v = WsaOverlappedView::new_checked(buf, arch)?;
        v.set_internal(self.internal);
        v.set_internal_high(self.internal_high);
        v.set_offset(self.offset);
        v.set_offset_high(self.offset_high);
        v.set_h_event(self.h_event);
        Ok(field::len(arch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(field::len(Arch::X86), 20);
        assert_eq!(field::len(Arch::X64), 32);
        assert_eq!(field::h_event(Arch::X64), 24..32);
    }

    #[test]
    fn low_bit_rule() {
        assert!(skips_completion_port(0x1235));
        assert_eq!(event_handle(0x1235), 0x1234);
        assert!(!skips_completion_port(0x1234));
        assert!(requires_no_notification(1));
        assert!(!requires_no_notification(0x1235));
        assert!(!requires_no_notification(0));
    }

    #[test]
    fn x86_rejects_wide_values_and_writes_nothing() {
        let o = WsaOverlapped {
            h_event: 1 << 32,
            ..Default::default()
        };
        let mut buf = [0xa5u8; 20];
        assert!(matches!(
            o.emit(&mut buf, Arch::X86),
            Err(WireError::Invalid {
                field: "hEvent",
                ..
            })
        ));
        assert_eq!(buf, [0xa5; 20]);
        assert_eq!(o.emit(&mut [0u8; 32], Arch::X64), Ok(32));
    }
}
