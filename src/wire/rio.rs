//! `RIO_EXTENSION_FUNCTION_TABLE` (mswsock.h) — the output of
//! `SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER` for `WSAID_MULTIPLE_RIO`.
//!
//! ```c
//! typedef struct _RIO_EXTENSION_FUNCTION_TABLE {
//!     DWORD cbSize;                                        // x86: 0..4   x64: 0..4, padding 4..8
//!     LPFN_RIORECEIVE RIOReceive;                          // then 13 function pointers:
//!     LPFN_RIORECEIVEEX RIOReceiveEx;                      //   x86: 4 + 4 i   x64: 8 + 8 i
//!     LPFN_RIOSEND RIOSend;
//!     LPFN_RIOSENDEX RIOSendEx;
//!     LPFN_RIOCLOSECOMPLETIONQUEUE RIOCloseCompletionQueue;
//!     LPFN_RIOCREATECOMPLETIONQUEUE RIOCreateCompletionQueue;
//!     LPFN_RIOCREATEREQUESTQUEUE RIOCreateRequestQueue;
//!     LPFN_RIODEQUEUECOMPLETION RIODequeueCompletion;
//!     LPFN_RIODEREGISTERBUFFER RIODeregisterBuffer;
//!     LPFN_RIONOTIFY RIONotify;
//!     LPFN_RIOREGISTERBUFFER RIORegisterBuffer;
//!     LPFN_RIORESIZECOMPLETIONQUEUE RIOResizeCompletionQueue;
//!     LPFN_RIORESIZEREQUESTQUEUE RIOResizeRequestQueue;
//! } RIO_EXTENSION_FUNCTION_TABLE;                          // x86: 56   x64: 112
//! ```
//!
//! Microsoft's `RIO_EXTENSION_FUNCTION_TABLE` reference: `cbSize` is "the size, in bytes, of the
//! structure"; the table is obtained "by making a call to the WSAIoctl function with the
//! SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER opcode … The input buffer … must contain
//! WSAID_MULTIPLE_RIO". Function pointers are kept as addresses (`u64`, zero-extended on x86).

use super::scalar::check_pointer;
use super::{Arch, Repr, WireError, le};

/// The 13 members after `cbSize`, in header order.
pub const FUNCTION_NAMES: [&str; 13] = [
    "RIOReceive",
    "RIOReceiveEx",
    "RIOSend",
    "RIOSendEx",
    "RIOCloseCompletionQueue",
    "RIOCreateCompletionQueue",
    "RIOCreateRequestQueue",
    "RIODequeueCompletion",
    "RIODeregisterBuffer",
    "RIONotify",
    "RIORegisterBuffer",
    "RIOResizeCompletionQueue",
    "RIOResizeRequestQueue",
];

/// Field layout (byte ranges, functions of the pointer width).
pub mod field {
    use super::Arch;
    use core::ops::Range;
    /// `cbSize`.
    pub const CB_SIZE: Range<usize> = 0..4;
    /// Padding after `cbSize` (empty on x86, 4..8 on x64; written as zero).
    pub const fn padding(arch: Arch) -> Range<usize> {
        4..arch.pointer_size()
    }
    /// The `i`-th function pointer (`i` indexes [`FUNCTION_NAMES`](super::FUNCTION_NAMES)).
    pub const fn function(arch: Arch, i: usize) -> Range<usize> {
        let p = arch.pointer_size();
        p * (i + 1)..p * (i + 2)
    }
    /// `sizeof(RIO_EXTENSION_FUNCTION_TABLE)`: 56 on x86, 112 on x64.
    pub const fn len(arch: Arch) -> usize {
        arch.pointer_size() * 14
    }
}

/// A checked view of a `RIO_EXTENSION_FUNCTION_TABLE`.
#[derive(Debug, Clone, Copy)]
pub struct RioExtensionFunctionTableView<T: AsRef<[u8]>> {
    buffer: T,
    arch: Arch,
}

impl<T: AsRef<[u8]>> RioExtensionFunctionTableView<T> {
    /// Wraps `buffer` after checking it holds the whole table for `arch`.
    pub fn new_checked(buffer: T, arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(field::len(arch), buffer.as_ref().len())?;
        Ok(Self { buffer, arch })
    }

    /// `cbSize`.
    pub fn cb_size(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), field::CB_SIZE.start)
    }

    /// Function pointer `i` (0..13), zero-extended on x86.
    ///
    /// # Panics
    /// If `i` is 13 or more (a broken invariant of the caller).
    pub fn function(&self, i: usize) -> u64 {
        assert!(i < FUNCTION_NAMES.len(), "invariant: 13 RIO functions");
        let r = field::function(self.arch, i);
        le::ptr_at(self.buffer.as_ref(), r.start, r.len())
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> RioExtensionFunctionTableView<T> {
    /// Sets `cbSize` and zeroes the padding after it.
    pub fn set_cb_size(&mut self, v: u32) {
        let b = self.buffer.as_mut();
        le::put_u32(b, field::CB_SIZE.start, v);
        b[field::padding(self.arch)].fill(0);
    }

    /// Sets function pointer `i` (only the low 32 bits on x86; callers check the range).
    ///
    /// # Panics
    /// If `i` is 13 or more.
    pub fn set_function(&mut self, i: usize, v: u64) {
        assert!(i < FUNCTION_NAMES.len(), "invariant: 13 RIO functions");
        let r = field::function(self.arch, i);
        le::put_ptr(self.buffer.as_mut(), r.start, r.len(), v)
    }
}

/// `RIO_EXTENSION_FUNCTION_TABLE` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RioExtensionFunctionTable {
    /// `cbSize` (the provider writes `sizeof(RIO_EXTENSION_FUNCTION_TABLE)`).
    pub cb_size: u32,
    /// The function addresses, in the order of [`FUNCTION_NAMES`].
    pub functions: [u64; 13],
}

impl Repr for RioExtensionFunctionTable {
    const C_NAME: &'static str = "RIO_EXTENSION_FUNCTION_TABLE";

    fn buffer_len(&self, arch: Arch) -> usize {
        field::len(arch)
    }

    fn parse(buf: &[u8], arch: Arch) -> Result<Self, WireError> {
        let v = RioExtensionFunctionTableView::new_checked(buf, arch)?;
        let mut functions = [0u64; 13];
        for (i, f) in functions.iter_mut().enumerate() {
            *f = v.function(i);
        }
        Ok(Self {
            cb_size: v.cb_size(),
            functions,
        })
    }

    /// An address above 4 GiB on x86 is `Invalid`; nothing is written then.
    fn emit(&self, buf: &mut [u8], arch: Arch) -> Result<usize, WireError> {
        for (i, &f) in self.functions.iter().enumerate() {
            check_pointer(FUNCTION_NAMES[i], f, arch)?;
        }
        let mut v = RioExtensionFunctionTableView::new_checked(&mut *buf, arch)?;
        v.set_cb_size(self.cb_size);
        for (i, &f) in self.functions.iter().enumerate() {
            v.set_function(i, f);
        }
        Ok(field::len(arch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(cb: u32) -> RioExtensionFunctionTable {
        let mut functions = [0u64; 13];
        for (i, f) in functions.iter_mut().enumerate() {
            *f = 0x1000 + i as u64;
        }
        RioExtensionFunctionTable {
            cb_size: cb,
            functions,
        }
    }

    /// x64: cbSize 112 at 0, 4 zero bytes, then pointer i at 8 + 8 i.
    fn bytes_x64() -> Vec<u8> {
        let mut b = vec![112, 0, 0, 0, 0, 0, 0, 0];
        for i in 0..13u64 {
            b.extend_from_slice(&(0x1000 + i).to_le_bytes());
        }
        b
    }

    #[test]
    fn deconstruct() {
        let b = bytes_x64();
        let v = RioExtensionFunctionTableView::new_checked(&b[..], Arch::X64).unwrap();
        assert_eq!(v.cb_size(), 112);
        assert_eq!(v.function(0), 0x1000);
        assert_eq!(v.function(12), 0x100c);
    }

    #[test]
    fn construct() {
        let mut buf = vec![0xa5u8; 112];
        let mut v = RioExtensionFunctionTableView::new_checked(&mut buf[..], Arch::X64).unwrap();
        v.set_cb_size(112);
        for i in 0..13 {
            v.set_function(i, 0x1000 + i as u64);
        }
        assert_eq!(buf, bytes_x64());
    }

    #[test]
    fn parse_and_emit() {
        assert_eq!(
            RioExtensionFunctionTable::parse(&bytes_x64(), Arch::X64).unwrap(),
            repr(112)
        );
        let mut buf = vec![0xa5u8; 113];
        assert_eq!(repr(112).emit(&mut buf, Arch::X64), Ok(112));
        assert_eq!(&buf[..112], &bytes_x64()[..]);
        assert_eq!(buf[112], 0xa5);
        // x86: cbSize 56 at 0, pointer i at 4 + 4 i.
        let mut x86 = 56u32.to_le_bytes().to_vec();
        for i in 0..13u32 {
            x86.extend_from_slice(&(0x1000 + i).to_le_bytes());
        }
        assert_eq!(repr(56).to_bytes(Arch::X86), x86);
        assert_eq!(
            RioExtensionFunctionTable::parse(&x86, Arch::X86).unwrap(),
            repr(56)
        );
    }

    #[test]
    fn short_and_invalid() {
        assert_eq!(
            RioExtensionFunctionTable::parse(&bytes_x64()[..111], Arch::X64),
            Err(WireError::TooShort {
                required: 112,
                actual: 111
            })
        );
        let mut r = repr(56);
        r.functions[3] = 1 << 33;
        let mut buf = [0xa5u8; 56];
        assert!(matches!(
            r.emit(&mut buf, Arch::X86),
            Err(WireError::Invalid { .. })
        ));
        assert_eq!(buf, [0xa5; 56], "nothing written");
    }
}
