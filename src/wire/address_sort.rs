//! `SOCKET_ADDRESS_LIST` (ws2def.h) as `SIO_ADDRESS_LIST_SORT` exchanges it: the header and the
//! `SOCKET_ADDRESS` array only, whose `lpSockaddr` point into *another* buffer.
//!
//! ```c
//! typedef struct _SOCKET_ADDRESS_LIST {
//!     INT iAddressCount;               // 0..4 (x64: then 4 bytes padding)
//!     SOCKET_ADDRESS Address[1];       // x86: 8 bytes each from 4; x64: 16 bytes each from 8
//! } SOCKET_ADDRESS_LIST;
//! ```
//!
//! The layout is [`address_list`](super::address_list)'s (its `field` module is re-exported
//! here). What differs is what the pointers point at. `SIO_ADDRESS_LIST_QUERY` fills one buffer
//! with the list *and* the addresses ([`SocketAddressList`](super::address_list::SocketAddressList)).
//! `SIO_ADDRESS_LIST_SORT` reads a caller-built list whose addresses may lie anywhere, and writes
//! back only the header and the reordered array (a **choice**: the answer is the count and the
//! reordered entries, `*lpcbBytesReturned` = `FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[n])`,
//! consistent with how callers read it); Chromium's
//! `net/dns/address_sorter_win.cc` reads the sorted addresses through the output's
//! `lpSockaddr`, into the sockaddrs it laid out after the *input* array.
//!
//! ## Pointers are offsets (a documented choice)
//!
//! [`SocketAddressArray`] keeps each `lpSockaddr` as [`SocketAddress::sockaddr_offset`]: an
//! offset from the start of the buffer the addresses live in. For `SIO_ADDRESS_LIST_SORT` that is
//! the **input** buffer, in the input and in the output list alike (base 0 in the safe shape of
//! the API); the [`Repr`] impl writes and reads the offset itself as the pointer value.

use super::address_list::{SocketAddress, SocketAddressListView, entry_len, header_len};
use super::{Arch, Repr, WireError};

/// Field layout: the same as `SIO_ADDRESS_LIST_QUERY`'s list.
pub use super::address_list::field;

/// A `SOCKET_ADDRESS_LIST` header and array as a value, the addresses left where they are.
///
/// ```
/// use wsaioctl::wire::address_list::SocketAddress;
/// use wsaioctl::wire::address_sort::SocketAddressArray;
/// use wsaioctl::wire::{Arch, Repr};
/// let a = SocketAddressArray {
///     entries: vec![SocketAddress { sockaddr_offset: 40, length: 28 }],
/// };
/// let b = a.to_bytes(Arch::X64);
/// assert_eq!(b.len(), 24); // FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[1])
/// assert_eq!(SocketAddressArray::parse(&b, Arch::X64).unwrap(), a);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketAddressArray {
    /// `Address[0..iAddressCount]`, in order; each `lpSockaddr` an offset (module docs).
    pub entries: Vec<SocketAddress>,
}

impl SocketAddressArray {
    /// `FIELD_OFFSET(SOCKET_ADDRESS_LIST, Address[count])`, saturating for counts no buffer holds.
    pub fn len_for(count: usize, arch: Arch) -> usize {
        count
            .checked_mul(entry_len(arch))
            .and_then(|n| n.checked_add(header_len(arch)))
            .unwrap_or(usize::MAX)
    }
}

impl Repr for SocketAddressArray {
    const C_NAME: &'static str = "SOCKET_ADDRESS_LIST";

    fn buffer_len(&self, arch: Arch) -> usize {
        Self::len_for(self.entries.len(), arch)
    }

    /// Reads `iAddressCount` entries; a negative count is `Invalid`, a buffer shorter than
    /// `FIELD_OFFSET(Address[iAddressCount])` is `TooShort` (checked before anything is read).
    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        let v = SocketAddressListView::new_checked(buf, arch)?;
        let count = v.i_address_count();
        let n = usize::try_from(count)
            .map_err(|_| WireError::invalid("iAddressCount", format!("{count} is negative")))?;
        WireError::check_len(Self::len_for(n, arch), buf.len())?;
        let entries = (0..n)
            .map(|i| SocketAddress::parse(&buf[field::address(arch, i)..], arch))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { entries })
    }

    /// Writes the count, then each entry (x64 padding zero). An offset that does not fit an x86
    /// pointer, or more than `i32::MAX` entries, is `Invalid`; nothing is written then.
    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        let len = self.buffer_len(arch);
        let count = i32::try_from(self.entries.len()).map_err(|_| {
            WireError::invalid(
                "iAddressCount",
                format!("{} entries do not fit an INT", self.entries.len()),
            )
        })?;
        WireError::check_len(len, buf.len())?;
        for e in &self.entries {
            super::scalar::check_pointer("lpSockaddr", e.sockaddr_offset, arch)?;
        }
        let mut v = SocketAddressListView::new_checked(&mut *buf, arch)?;
        v.set_i_address_count(count);
        v.clear_header_padding();
        for (i, e) in self.entries.iter().enumerate() {
            let at = field::address(arch, i);
            e.emit(&mut buf[at..at + entry_len(arch)], arch)?;
        }
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x64: count 2 + padding, then {lpSockaddr 56, len 28, pad} and {lpSockaddr 84, len 28,
    /// pad} — offsets read off the ws2def.h layout.
    fn bytes_x64() -> Vec<u8> {
        let mut b = vec![2, 0, 0, 0, 0, 0, 0, 0];
        b.extend_from_slice(&56u64.to_le_bytes());
        b.extend_from_slice(&[28, 0, 0, 0, 0, 0, 0, 0]);
        b.extend_from_slice(&84u64.to_le_bytes());
        b.extend_from_slice(&[28, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    fn repr() -> SocketAddressArray {
        SocketAddressArray {
            entries: vec![
                SocketAddress {
                    sockaddr_offset: 56,
                    length: 28,
                },
                SocketAddress {
                    sockaddr_offset: 84,
                    length: 28,
                },
            ],
        }
    }

    #[test]
    fn deconstruct() {
        let b = bytes_x64();
        let v = SocketAddressListView::new_checked(&b[..], Arch::X64).unwrap();
        assert_eq!(v.i_address_count(), 2);
        let e = v.entry(1).unwrap();
        assert_eq!((e.lp_sockaddr(), e.i_sockaddr_length()), (84, 28));
        assert!(v.entry(2).is_none());
    }

    #[test]
    fn construct() {
        let mut buf = vec![0xa5u8; 40];
        let mut v = SocketAddressListView::new_checked(&mut buf[..], Arch::X64).unwrap();
        v.set_i_address_count(2);
        v.clear_header_padding();
        for (i, off) in [56u64, 84].into_iter().enumerate() {
            let mut e = v.entry_mut(i).unwrap();
            e.set_lp_sockaddr(off);
            e.set_i_sockaddr_length(28);
            e.clear_padding();
        }
        assert_eq!(buf, bytes_x64());
    }

    #[test]
    fn parse_and_emit() {
        assert_eq!(
            SocketAddressArray::parse(&bytes_x64(), Arch::X64).unwrap(),
            repr()
        );
        let mut buf = vec![0xa5u8; 41];
        assert_eq!(repr().emit(&mut buf, Arch::X64), Ok(40));
        assert_eq!(&buf[..40], &bytes_x64()[..]);
        assert_eq!(buf[40], 0xa5);
        // x86: count 4, then 8-byte entries {ptr, len}.
        let mut x86 = vec![2, 0, 0, 0];
        for off in [56u32, 84] {
            x86.extend_from_slice(&off.to_le_bytes());
            x86.extend_from_slice(&28u32.to_le_bytes());
        }
        assert_eq!(repr().to_bytes(Arch::X86), x86);
        assert_eq!(SocketAddressArray::parse(&x86, Arch::X86).unwrap(), repr());
    }

    #[test]
    fn short_and_invalid() {
        let b = bytes_x64();
        assert_eq!(
            SocketAddressArray::parse(&b[..39], Arch::X64),
            Err(WireError::TooShort {
                required: 40,
                actual: 39
            })
        );
        let mut neg = b.clone();
        neg[..4].copy_from_slice(&(-1i32).to_le_bytes());
        assert!(matches!(
            SocketAddressArray::parse(&neg, Arch::X64),
            Err(WireError::Invalid { .. })
        ));
        let big = SocketAddressArray {
            entries: vec![SocketAddress {
                sockaddr_offset: 1 << 40,
                length: 28,
            }],
        };
        let mut buf = [0xa5u8; 12];
        assert!(matches!(
            big.emit(&mut buf, Arch::X86),
            Err(WireError::Invalid { .. })
        ));
        assert_eq!(buf, [0xa5; 12], "nothing written");
    }
}
