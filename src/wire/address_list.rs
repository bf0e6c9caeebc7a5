//! `SOCKET_ADDRESS` and `SOCKET_ADDRESS_LIST` (ws2def.h) — the output of
//! `SIO_ADDRESS_LIST_QUERY` (spec/000, spec/002, spec/003; spec/004 for SAN providers).
//!
//! ```c
//! typedef struct _SOCKET_ADDRESS {
//!     LPSOCKADDR lpSockaddr;           // x86: 0..4          x64: 0..8
//!     INT iSockaddrLength;             // x86: 4..8          x64: 8..12, then 4 bytes padding
//! } SOCKET_ADDRESS;                    // x86: 8 bytes       x64: 16 bytes
//! typedef struct _SOCKET_ADDRESS_LIST {
//!     INT iAddressCount;               // 0..4 (x64: then 4 bytes padding, the array is
//!     SOCKET_ADDRESS Address[1];       //       aligned to the pointer)
//! } SOCKET_ADDRESS_LIST;               // header before Address[0]: x86 4, x64 8
//! ```
//!
//! ## The buffer Windows fills (a documented choice, with its source)
//!
//! `lpSockaddr` points *into the same output buffer*: the header, then `iAddressCount`
//! `SOCKET_ADDRESS` entries, then the socket addresses themselves, packed one after the other
//! with no alignment padding (a `SOCKADDR_IN` takes 16 bytes, a `SOCKADDR_IN6` 28). The required
//! size is `FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[n]) + Σ iSockaddrLength`. Source: Wine's
//! implementation in dlls/ws2_32/socket.c (`total = FIELD_OFFSET(SOCKET_ADDRESS_LIST,
//! Address[num]) + num * sizeof(*sockaddr)`; `sockaddr = (SOCKADDR_IN *)&sa[num]`;
//! `sa[i].lpSockaddr = &sockaddr[i]`), and spec/observed-windows.md (a too-small buffer reports
//! the exact size that a retry then fills). Wine only returns IPv4 addresses; that IPv6 entries
//! (28 bytes) follow the same packing, without re-aligning later entries, is this crate's
//! extrapolation. On Windows one list holds the addresses of the socket's own protocol family
//! (spec/000: "local transport addresses of socket's protocol family"), so a mixed list occurs
//! only in tests.
//!
//! ## Pointers are offsets
//!
//! [`SocketAddressList`] keeps each `lpSockaddr` as an offset from the start of the buffer.
//! [`SocketAddressList::emit_at`] / [`SocketAddressList::parse_at`] turn offsets into pointer
//! values against a base address (where the buffer lives in the modelled process); the [`Repr`]
//! impl uses base 0, so a pointer field *is* the offset.

use super::sockaddr::SockAddr;
use super::{Arch, Repr, WireError, le};

/// Bytes before `Address[0]`: `FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address)` — 4 on x86, 8 on x64.
pub const fn header_len(arch: Arch) -> usize {
    super::align_up(4, arch.pointer_align())
}

/// `sizeof(SOCKET_ADDRESS)` — 8 on x86, 16 on x64.
pub const fn entry_len(arch: Arch) -> usize {
    super::align_up(arch.pointer_size() + 4, arch.pointer_align())
}

/// Field layout (byte ranges), as functions of the pointer width.
pub mod field {
    use super::Arch;
    use core::ops::Range;

    /// `SOCKET_ADDRESS`.
    pub mod socket_address {
        use super::super::Arch;
        use core::ops::Range;

        /// `lpSockaddr`.
        pub const fn lp_sockaddr(arch: Arch) -> Range<usize> {
            0..arch.pointer_size()
        }
        /// `iSockaddrLength`.
        pub const fn i_sockaddr_length(arch: Arch) -> Range<usize> {
            arch.pointer_size()..arch.pointer_size() + 4
        }
        /// Trailing padding (empty on x86, 12..16 on x64).
        pub const fn padding(arch: Arch) -> Range<usize> {
            arch.pointer_size() + 4..len(arch)
        }
        /// `sizeof(SOCKET_ADDRESS)`.
        pub const fn len(arch: Arch) -> usize {
            super::super::entry_len(arch)
        }
    }

    /// `SOCKET_ADDRESS_LIST.iAddressCount`.
    pub const I_ADDRESS_COUNT: Range<usize> = 0..4;

    /// Padding between `iAddressCount` and `Address` (empty on x86, 4..8 on x64).
    pub const fn header_padding(arch: Arch) -> Range<usize> {
        4..super::header_len(arch)
    }

    /// `&Address[i]` as an offset — `FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[i])`.
    pub const fn address(arch: Arch, i: usize) -> usize {
        super::header_len(arch) + i * super::entry_len(arch)
    }

    /// `sizeof(SOCKET_ADDRESS_LIST)` as the SDK declares it (with `Address[1]`): x86 12, x64 24.
    pub const fn sdk_sizeof(arch: Arch) -> usize {
        address(arch, 1)
    }
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/// A checked view of one `SOCKET_ADDRESS` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct SocketAddressView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> SocketAddressView<T> {
    /// Wraps `buffer` after checking it holds the whole structure for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(entry_len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `lpSockaddr` (a pointer value, zero-extended on x86).
    pub fn lp_sockaddr(&self) -> u64 {
        let r = field::socket_address::lp_sockaddr(self.arch);
        le::ptr_at(self.buffer.as_ref(), r.start, r.len())
    }

    /// `iSockaddrLength`.
    pub fn i_sockaddr_length(&self) -> i32 {
        let r = field::socket_address::i_sockaddr_length(self.arch);
        le::u32_at(self.buffer.as_ref(), r.start) as i32
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SocketAddressView<T> {
    /// Sets `lpSockaddr`; on x86 only the low 32 bits are stored (callers check the range).
    pub fn set_lp_sockaddr(&mut self, v: u64) {
        let r = field::socket_address::lp_sockaddr(self.arch);
        le::put_ptr(self.buffer.as_mut(), r.start, r.len(), v)
    }

    /// Sets `iSockaddrLength`.
    pub fn set_i_sockaddr_length(&mut self, v: i32) {
        let r = field::socket_address::i_sockaddr_length(self.arch);
        le::put_u32(self.buffer.as_mut(), r.start, v as u32)
    }

    /// Zeroes the trailing padding (x64).
    pub fn clear_padding(&mut self) {
        let r = field::socket_address::padding(self.arch);
        self.buffer.as_mut()[r].fill(0)
    }
}

/// A checked view of a `SOCKET_ADDRESS_LIST` header and its array in a byte buffer.
///
/// `new_checked` checks the header only; [`entry`](Self::entry) checks each element's bounds.
#[derive(Debug, Clone, Copy)]
pub struct SocketAddressListView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> SocketAddressListView<T> {
    /// Wraps `buffer` after checking it holds the header (`iAddressCount` and its padding).
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(header_len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `iAddressCount` (may be negative in untrusted bytes).
    pub fn i_address_count(&self) -> i32 {
        le::u32_at(self.buffer.as_ref(), field::I_ADDRESS_COUNT.start) as i32
    }

    /// `Address[i]`, or `None` when the buffer does not hold it.
    pub fn entry(&self, i: usize) -> Option<SocketAddressView<&[u8]>> {
        let start = i
            .checked_mul(entry_len(self.arch))?
            .checked_add(header_len(self.arch))?;
        let b = self
            .buffer
            .as_ref()
            .get(start..start.checked_add(entry_len(self.arch))?)?;
        SocketAddressView::new_checked(b, self.arch).ok()
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SocketAddressListView<T> {
    /// Sets `iAddressCount`.
    pub fn set_i_address_count(&mut self, v: i32) {
        le::put_u32(self.buffer.as_mut(), field::I_ADDRESS_COUNT.start, v as u32)
    }

    /// Zeroes the padding after `iAddressCount` (x64).
    pub fn clear_header_padding(&mut self) {
        self.buffer.as_mut()[field::header_padding(self.arch)].fill(0)
    }

    /// `Address[i]` for writing, or `None` when the buffer does not hold it.
    pub fn entry_mut(&mut self, i: usize) -> Option<SocketAddressView<&mut [u8]>> {
        let arch = self.arch;
        let start = i
            .checked_mul(entry_len(arch))?
            .checked_add(header_len(arch))?;
        let end = start.checked_add(entry_len(arch))?;
        let b = self.buffer.as_mut().get_mut(start..end)?;
        SocketAddressView::new_checked(b, arch).ok()
    }
}

// ---------------------------------------------------------------------------------------------
// SOCKET_ADDRESS
// ---------------------------------------------------------------------------------------------

/// One `SOCKET_ADDRESS` as a value: where the socket address lies and how long it is.
///
/// `sockaddr_offset` is `lpSockaddr` minus the base address of the buffer it points into (the
/// [`Repr`] impl uses base 0, so it is the pointer value itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketAddress {
    /// `lpSockaddr` as an offset from the buffer start.
    pub sockaddr_offset: u64,
    /// `iSockaddrLength`.
    pub length: i32,
}

impl SocketAddress {
    /// Decodes the socket address this entry points at, inside `buf` (the buffer its offset is
    /// relative to): `Invalid` if the offset or length leaves the buffer, or the bytes are not a
    /// socket address of the length given.
    pub fn resolve(&self, buf: &[u8]) -> Result<SockAddr, WireError> {
        let region = region_in(self.sockaddr_offset, self.length, buf.len())?;
        parse_region(&buf[region])
    }

    /// Writes the entry with `lpSockaddr = base + sockaddr_offset`.
    pub fn emit_at(&self, buf: &mut [u8], arch: Arch, base: u64) -> Result<usize, WireError> {
        let ptr = pointer_value(base, self.sockaddr_offset, arch)?;
        let mut v = SocketAddressView::new_checked(buf, arch)?;
        v.set_lp_sockaddr(ptr);
        v.set_i_sockaddr_length(self.length);
        v.clear_padding();
        Ok(entry_len(arch))
    }

    /// Reads the entry, turning `lpSockaddr` into an offset from `base` (`Invalid` if the
    /// pointer lies below `base`).
    pub fn parse_at(buf: &[u8], arch: Arch, base: u64) -> Result<Self, WireError> {
        let v = SocketAddressView::new_checked(buf, arch)?;
        let sockaddr_offset = v.lp_sockaddr().checked_sub(base).ok_or_else(|| {
            WireError::invalid(
                "lpSockaddr",
                format!(
                    "{:#x} points below the buffer at {base:#x}",
                    v.lp_sockaddr()
                ),
            )
        })?;
        Ok(Self {
            sockaddr_offset,
            length: v.i_sockaddr_length(),
        })
    }
}

impl Repr for SocketAddress {
    const C_NAME: &'static str = "SOCKET_ADDRESS";

    fn buffer_len(&self, arch: Arch) -> usize {
        entry_len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        Self::parse_at(buf, arch, 0)
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        self.emit_at(buf, arch, 0)
    }
}

/// `base + offset` as a pointer value that fits `arch`'s pointer width.
fn pointer_value(base: u64, offset: u64, arch: Arch) -> Result<u64, WireError> {
    let ptr = base.checked_add(offset).ok_or_else(|| {
        WireError::invalid(
            "lpSockaddr",
            format!("base {base:#x} + offset {offset:#x} overflows"),
        )
    })?;
    if arch == Arch::X86 && ptr > u64::from(u32::MAX) {
        return Err(WireError::invalid(
            "lpSockaddr",
            format!("{ptr:#x} does not fit a 32-bit pointer"),
        ));
    }
    Ok(ptr)
}

/// The byte range `[offset, offset + length)`, or `Invalid` if it leaves `0..total`.
fn region_in(offset: u64, length: i32, total: usize) -> Result<core::ops::Range<usize>, WireError> {
    let len = usize::try_from(length)
        .map_err(|_| WireError::invalid("iSockaddrLength", format!("{length} is negative")))?;
    let outside = || {
        WireError::invalid(
            "lpSockaddr",
            format!("offset {offset} + {len} bytes lies outside the {total}-byte buffer"),
        )
    };
    let start = usize::try_from(offset).map_err(|_| outside())?;
    let end = start.checked_add(len).ok_or_else(outside)?;
    if end > total {
        return Err(outside());
    }
    Ok(start..end)
}

/// The error for an `lpSockaddr` that points into the header or the `SOCKET_ADDRESS` array.
fn into_array(i: usize, offset: usize, array_end: usize) -> WireError {
    WireError::invalid(
        "lpSockaddr",
        format!(
            "Address[{i}] points at offset {offset}, inside the header or array \
             (which end at {array_end})"
        ),
    )
}

/// Parses the socket address filling an `iSockaddrLength`-byte region; a region too short for
/// its family is `Invalid` (the list's own length field is wrong, not the buffer).
fn parse_region(region: &[u8]) -> Result<SockAddr, WireError> {
    SockAddr::parse(region, Arch::X64).map_err(|e| match e {
        WireError::TooShort { required, actual } => WireError::invalid(
            "iSockaddrLength",
            format!("{actual} bytes is too short for the socket address ({required} needed)"),
        ),
        other => other,
    })
}

// ---------------------------------------------------------------------------------------------
// SOCKET_ADDRESS_LIST
// ---------------------------------------------------------------------------------------------

/// One element of a [`SocketAddressList`]: the `SOCKET_ADDRESS` fields and the address it
/// points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketAddressEntry {
    /// `lpSockaddr` as an offset from the start of the list's buffer.
    pub sockaddr_offset: u64,
    /// `iSockaddrLength` (at least the address's encoded length).
    pub length: i32,
    /// The socket address stored at that offset.
    pub addr: SockAddr,
}

impl SocketAddressEntry {
    /// The raw `SOCKET_ADDRESS` fields.
    pub fn socket_address(&self) -> SocketAddress {
        SocketAddress {
            sockaddr_offset: self.sockaddr_offset,
            length: self.length,
        }
    }
}

/// `SOCKET_ADDRESS_LIST` with the socket addresses it points at — the whole
/// `SIO_ADDRESS_LIST_QUERY` output buffer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketAddressList {
    /// `Address[0..iAddressCount]`, in order.
    pub entries: Vec<SocketAddressEntry>,
}

impl SocketAddressList {
    /// Lays `addrs` out the way Windows fills the buffer: the header, the array, then each
    /// address packed right after the previous one (`iSockaddrLength` = its encoded length).
    pub fn from_addrs(addrs: &[SockAddr], arch: Arch) -> Self {
        let mut at = field::address(arch, addrs.len()) as u64;
        let entries = addrs
            .iter()
            .map(|addr| {
                let len = addr.buffer_len(arch);
                let e = SocketAddressEntry {
                    sockaddr_offset: at,
                    length: len as i32,
                    addr: addr.clone(),
                };
                at += len as u64;
                e
            })
            .collect();
        Self { entries }
    }

    /// The addresses, in order.
    pub fn addrs(&self) -> impl Iterator<Item = &SockAddr> {
        self.entries.iter().map(|e| &e.addr)
    }

    /// Offset just past the array: `FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[n])`.
    pub fn array_end(&self, arch: Arch) -> usize {
        field::address(arch, self.entries.len())
    }

    /// Bytes the buffer needs: the end of the array or of the furthest socket address, whichever
    /// is larger (what `*lpcbBytesReturned` reports when the output is too small). Saturates at
    /// `usize::MAX` for offsets no buffer can hold (which `emit_at` then rejects).
    pub fn required_len(&self, arch: Arch) -> usize {
        self.entries
            .iter()
            .map(|e| {
                let end = e
                    .sockaddr_offset
                    .saturating_add(u64::try_from(e.length.max(0)).unwrap_or(0));
                usize::try_from(end).unwrap_or(usize::MAX)
            })
            .fold(self.array_end(arch), usize::max)
    }

    /// Checks the invariants `emit_at` relies on and `parse_at` enforces: each address lies after
    /// the array, inside `total` bytes, long enough for its encoding; regions do not partially
    /// overlap (two entries may share one address exactly).
    fn check_layout(&self, arch: Arch, total: usize) -> Result<(), WireError> {
        let array_end = self.array_end(arch);
        let mut regions = Vec::with_capacity(self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            let r = region_in(e.sockaddr_offset, e.length, total)?;
            if r.start < array_end {
                return Err(into_array(i, r.start, array_end));
            }
            let need = e.addr.buffer_len(arch);
            if r.len() < need {
                return Err(WireError::invalid(
                    "iSockaddrLength",
                    format!(
                        "Address[{i}]: {} bytes cannot hold the {need}-byte socket address",
                        r.len()
                    ),
                ));
            }
            regions.push((r, i));
        }
        regions.sort_by_key(|(r, _)| (r.start, r.end));
        for w in regions.windows(2) {
            let ((a, ia), (b, ib)) = (&w[0], &w[1]);
            if a == b {
                if self.entries[*ia].addr != self.entries[*ib].addr {
                    return Err(WireError::invalid(
                        "lpSockaddr",
                        format!("Address[{ia}] and Address[{ib}] share bytes but not a value"),
                    ));
                }
            } else if b.start < a.end {
                return Err(WireError::invalid(
                    "lpSockaddr",
                    format!("Address[{ia}] and Address[{ib}] overlap"),
                ));
            }
        }
        Ok(())
    }

    /// Writes the list into `buf`, which lives at address `base` in the modelled process:
    /// every `lpSockaddr` becomes `base + sockaddr_offset`. Writes exactly
    /// [`required_len`](Self::required_len) bytes (gaps and padding zero) and returns that count;
    /// on any error writes nothing.
    pub fn emit_at(&self, buf: &mut [u8], arch: Arch, base: u64) -> Result<usize, WireError> {
        let count = i32::try_from(self.entries.len()).map_err(|_| {
            WireError::invalid(
                "iAddressCount",
                format!("{} entries do not fit an INT", self.entries.len()),
            )
        })?;
        let required = self.required_len(arch);
        self.check_layout(arch, required)?;
        for e in &self.entries {
            pointer_value(base, e.sockaddr_offset, arch)?;
        }
        WireError::check_len(required, buf.len())?;

        let buf = &mut buf[..required];
        buf.fill(0);
        let mut list = SocketAddressListView::new_checked(&mut *buf, arch)?;
        list.set_i_address_count(count);
        for (i, e) in self.entries.iter().enumerate() {
            let at = field::address(arch, i);
            e.socket_address()
                .emit_at(&mut buf[at..at + entry_len(arch)], arch, base)?;
            let start = e.sockaddr_offset as usize;
            e.addr
                .emit(&mut buf[start..start + e.length as usize], arch)?;
        }
        Ok(required)
    }

    /// Reads a list from `buf`, which lives at address `base`: pointers become offsets. Every
    /// pointer must land inside `buf`, after the array (`Invalid` otherwise); a negative
    /// `iAddressCount` is `Invalid`, one whose array does not fit is `TooShort`.
    pub fn parse_at(buf: &[u8], arch: Arch, base: u64) -> Result<Self, WireError> {
        let view = SocketAddressListView::new_checked(buf, arch)?;
        let count = view.i_address_count();
        let count = usize::try_from(count)
            .map_err(|_| WireError::invalid("iAddressCount", format!("{count} is negative")))?;
        let array_end = (count as u64)
            .checked_mul(entry_len(arch) as u64)
            .and_then(|n| n.checked_add(header_len(arch) as u64))
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                WireError::invalid(
                    "iAddressCount",
                    format!("{count} entries cannot fit memory"),
                )
            })?;
        WireError::check_len(array_end, buf.len())?;

        let mut entries = Vec::with_capacity(count);
        for i in 0..count {
            let at = field::address(arch, i);
            let sa = SocketAddress::parse_at(&buf[at..at + entry_len(arch)], arch, base)?;
            let r = region_in(sa.sockaddr_offset, sa.length, buf.len())?;
            if r.start < array_end {
                return Err(into_array(i, r.start, array_end));
            }
            entries.push(SocketAddressEntry {
                sockaddr_offset: sa.sockaddr_offset,
                length: sa.length,
                addr: parse_region(&buf[r])?,
            });
        }
        let list = Self { entries };
        list.check_layout(arch, buf.len())?;
        Ok(list)
    }
}

impl Repr for SocketAddressList {
    const C_NAME: &'static str = "SOCKET_ADDRESS_LIST";

    fn buffer_len(&self, arch: Arch) -> usize {
        self.required_len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        Self::parse_at(buf, arch, 0)
    }

    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        self.emit_at(buf, arch, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!((header_len(Arch::X86), header_len(Arch::X64)), (4, 8));
        assert_eq!((entry_len(Arch::X86), entry_len(Arch::X64)), (8, 16));
        assert_eq!(field::sdk_sizeof(Arch::X86), 12);
        assert_eq!(field::sdk_sizeof(Arch::X64), 24);
    }

    #[test]
    fn empty_list_is_just_the_header() {
        let l = SocketAddressList::default();
        for arch in Arch::ALL {
            assert_eq!(l.to_bytes(arch), vec![0; header_len(arch)]);
            assert_eq!(
                SocketAddressList::parse(&l.to_bytes(arch), arch),
                Ok(l.clone())
            );
        }
    }

    #[test]
    fn negative_count_is_invalid() {
        let buf = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];
        assert!(matches!(
            SocketAddressList::parse(&buf, Arch::X64),
            Err(WireError::Invalid {
                field: "iAddressCount",
                ..
            })
        ));
    }

    #[test]
    fn pointer_into_the_array_is_invalid() {
        // x86: count 1, lpSockaddr = 0 (the header), length 16, then 16 bytes of AF_INET.
        let mut buf = vec![1, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0];
        buf.extend_from_slice(&[2, 0, 0, 0, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert!(matches!(
            SocketAddressList::parse(&buf, Arch::X86),
            Err(WireError::Invalid {
                field: "lpSockaddr",
                ..
            })
        ));
        buf[4] = 12;
        assert!(SocketAddressList::parse(&buf, Arch::X86).is_ok());
    }
}
