//! `PROCESSOR_NUMBER` (winnt.h) and `SOCKET_PROCESSOR_AFFINITY` (ws2def.h) — the output of
//! `SIO_QUERY_RSS_PROCESSOR_INFO`.
//!
//! ```c
//! typedef struct _PROCESSOR_NUMBER {
//!     WORD Group;                      // 0..2
//!     BYTE Number;                     // 2..3  processor within the group
//!     BYTE Reserved;                   // 3..4
//! } PROCESSOR_NUMBER;
//! typedef struct _SOCKET_PROCESSOR_AFFINITY {
//!     PROCESSOR_NUMBER Processor;      // 0..4
//!     USHORT NumaNodeId;               // 4..6
//!     USHORT Reserved;                 // 6..8
//! } SOCKET_PROCESSOR_AFFINITY;
//! ```
//!
//! 8 bytes (4) on both widths. Microsoft's `SIO_QUERY_RSS_PROCESSOR_INFO` reference: "returns a
//! SOCKET_PROCESSOR_AFFINITY structure that contains the PROCESSOR_NUMBER and the NUMA node ID";
//! `cbOutBuffer` "must be at least the size of a SOCKET_PROCESSOR_AFFINITY structure".

use super::{Arch, Repr, WireError, le};

/// Field layout (byte ranges).
pub mod field {
    /// `PROCESSOR_NUMBER`.
    pub mod processor_number {
        use core::ops::Range;
        /// `Group`.
        pub const GROUP: Range<usize> = 0..2;
        /// `Number`.
        pub const NUMBER: Range<usize> = 2..3;
        /// `Reserved`.
        pub const RESERVED: Range<usize> = 3..4;
        /// `sizeof(PROCESSOR_NUMBER)`.
        pub const LEN: usize = 4;
    }

    /// `SOCKET_PROCESSOR_AFFINITY`.
    pub mod socket_processor_affinity {
        use core::ops::Range;
        /// `Processor` (a `PROCESSOR_NUMBER`).
        pub const PROCESSOR: Range<usize> = 0..4;
        /// `NumaNodeId`.
        pub const NUMA_NODE_ID: Range<usize> = 4..6;
        /// `Reserved`.
        pub const RESERVED: Range<usize> = 6..8;
        /// `sizeof(SOCKET_PROCESSOR_AFFINITY)`.
        pub const LEN: usize = 8;
    }
}

use field::processor_number as pn;
use field::socket_processor_affinity as spa;

/// A checked view of a `SOCKET_PROCESSOR_AFFINITY` (its `PROCESSOR_NUMBER` included).
#[derive(Debug, Clone, Copy)]
pub struct SocketProcessorAffinityView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> SocketProcessorAffinityView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(spa::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Processor.Group`.
    pub fn group(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), pn::GROUP.start)
    }

    /// `Processor.Number`.
    pub fn number(&self) -> u8 {
        le::u8_at(self.buffer.as_ref(), pn::NUMBER.start)
    }

    /// `Processor.Reserved`.
    pub fn processor_reserved(&self) -> u8 {
        le::u8_at(self.buffer.as_ref(), pn::RESERVED.start)
    }

    /// `NumaNodeId`.
    pub fn numa_node_id(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), spa::NUMA_NODE_ID.start)
    }

    /// `Reserved`.
    pub fn reserved(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), spa::RESERVED.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> SocketProcessorAffinityView<T> {
    /// Sets `Processor.Group`.
    pub fn set_group(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), pn::GROUP.start, v)
    }

    /// Sets `Processor.Number`.
    pub fn set_number(&mut self, v: u8) {
        le::put_u8(self.buffer.as_mut(), pn::NUMBER.start, v)
    }

    /// Sets `Processor.Reserved`.
    pub fn set_processor_reserved(&mut self, v: u8) {
        le::put_u8(self.buffer.as_mut(), pn::RESERVED.start, v)
    }

    /// Sets `NumaNodeId`.
    pub fn set_numa_node_id(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), spa::NUMA_NODE_ID.start, v)
    }

    /// Sets `Reserved`.
    pub fn set_reserved(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), spa::RESERVED.start, v)
    }
}

/// `PROCESSOR_NUMBER` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessorNumber {
    /// `Group`: the processor group.
    pub group: u16,
    /// `Number`: the processor within the group.
    pub number: u8,
    /// `Reserved` (Windows writes 0; any byte is kept).
    pub reserved: u8,
}

impl Repr for ProcessorNumber {
    const C_NAME: &'static str = "PROCESSOR_NUMBER";

    fn buffer_len(&self, _arch: Arch) -> usize {
        pn::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        WireError::check_len(pn::LEN, buf.len())?;
        Ok(Self {
            group: le::u16_at(buf, pn::GROUP.start),
            number: le::u8_at(buf, pn::NUMBER.start),
            reserved: le::u8_at(buf, pn::RESERVED.start),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        WireError::check_len(pn::LEN, buf.len())?;
        le::put_u16(buf, pn::GROUP.start, self.group);
        le::put_u8(buf, pn::NUMBER.start, self.number);
        le::put_u8(buf, pn::RESERVED.start, self.reserved);
        Ok(pn::LEN)
    }
}

/// `SOCKET_PROCESSOR_AFFINITY` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketProcessorAffinity {
    /// `Processor`: the RSS processor of the socket.
    pub processor: ProcessorNumber,
    /// `NumaNodeId`.
    pub numa_node_id: u16,
    /// `Reserved` (Windows writes 0; any value is kept).
    pub reserved: u16,
}

impl Repr for SocketProcessorAffinity {
    const C_NAME: &'static str = "SOCKET_PROCESSOR_AFFINITY";

    fn buffer_len(&self, _arch: Arch) -> usize {
        spa::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = SocketProcessorAffinityView::new_checked(buf)?;
        Ok(Self {
            processor: ProcessorNumber {
                group: v.group(),
                number: v.number(),
                reserved: v.processor_reserved(),
            },
            numa_node_id: v.numa_node_id(),
            reserved: v.reserved(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = SocketProcessorAffinityView::new_checked(buf)?;
        v.set_group(self.processor.group);
        v.set_number(self.processor.number);
        v.set_processor_reserved(self.processor.reserved);
        v.set_numa_node_id(self.numa_node_id);
        v.set_reserved(self.reserved);
        Ok(spa::LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Group 1, Number 5, NUMA node 2 — little-endian at the offsets of the C definition.
    static BYTES: [u8; 8] = [1, 0, 5, 0, 2, 0, 0, 0];
    const REPR: SocketProcessorAffinity = SocketProcessorAffinity {
        processor: ProcessorNumber {
            group: 1,
            number: 5,
            reserved: 0,
        },
        numa_node_id: 2,
        reserved: 0,
    };

    #[test]
    fn deconstruct() {
        let v = SocketProcessorAffinityView::new_checked(&BYTES[..]).unwrap();
        assert_eq!((v.group(), v.number(), v.processor_reserved()), (1, 5, 0));
        assert_eq!((v.numa_node_id(), v.reserved()), (2, 0));
    }

    #[test]
    fn construct() {
        let mut buf = [0xa5u8; 8];
        let mut v = SocketProcessorAffinityView::new_checked(&mut buf[..]).unwrap();
        v.set_group(1);
        v.set_number(5);
        v.set_processor_reserved(0);
        v.set_numa_node_id(2);
        v.set_reserved(0);
        assert_eq!(buf, BYTES);
    }

    #[test]
    fn parse_and_emit() {
        for arch in Arch::ALL {
            assert_eq!(SocketProcessorAffinity::parse(&BYTES, arch).unwrap(), REPR);
            let mut buf = [0xa5u8; 9];
            assert_eq!(REPR.emit(&mut buf, arch), Ok(8));
            assert_eq!(&buf[..8], &BYTES);
            assert_eq!(buf[8], 0xa5, "emit writes nothing past the structure");
            assert_eq!(
                ProcessorNumber::parse(&BYTES, arch).unwrap(),
                REPR.processor
            );
        }
    }

    #[test]
    fn short_buffer() {
        assert_eq!(
            SocketProcessorAffinity::parse(&BYTES[..7], Arch::X64),
            Err(WireError::TooShort {
                required: 8,
                actual: 7
            })
        );
        let mut b = [0xa5u8; 3];
        assert!(REPR.processor.emit(&mut b, Arch::X86).is_err());
        assert_eq!(b, [0xa5; 3]);
    }
}
