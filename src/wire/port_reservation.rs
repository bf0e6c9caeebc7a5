//! Runtime port reservations (mstcpip.h): `INET_PORT_RANGE`, `INET_PORT_RESERVATION_TOKEN`,
//! `INET_PORT_RESERVATION_INSTANCE`, `INET_PORT_RESERVATION_INFORMATION`.
//!
//! ```c
//! typedef struct _INET_PORT_RANGE {
//!     USHORT StartPort;
//!     USHORT NumberOfPorts;
//! } INET_PORT_RANGE, *PINET_PORT_RANGE;
//! typedef struct _INET_PORT_RANGE INET_PORT_RESERVATION, *PINET_PORT_RESERVATION;
//!
//! typedef struct {
//!     ULONG64 Token;
//! } INET_PORT_RESERVATION_TOKEN, *PINET_PORT_RESERVATION_TOKEN;
//! #define INVALID_PORT_RESERVATION_TOKEN ((ULONG64)0)
//!
//! typedef struct {
//!     INET_PORT_RESERVATION Reservation;
//!     INET_PORT_RESERVATION_TOKEN Token;
//! } INET_PORT_RESERVATION_INSTANCE, *PINET_PORT_RESERVATION_INSTANCE;
//!
//! typedef struct {
//!     ULONG OwningPid;
//! } INET_PORT_RESERVATION_INFORMATION, *PINET_PORT_RESERVATION_INFORMATION;
//! ```
//!
//! Sizes 4, 8, 16 and 4 on both widths: `ULONG64` is 8-aligned on x86 too (MSVC), so the token
//! of an `INET_PORT_RESERVATION_INSTANCE` sits at offset 8 after 4 bytes of padding.
//!
//! Which code uses which (spec/002 and spec/003, "opcode setting: I, T==3"):
//! * `SIO_ACQUIRE_PORT_RESERVATION` — input `INET_PORT_RANGE`, output
//!   `INET_PORT_RESERVATION_INSTANCE`;
//! * `SIO_ASSOCIATE_PORT_RESERVATION`, `SIO_RELEASE_PORT_RESERVATION` — input
//!   `INET_PORT_RESERVATION_TOKEN`.
//!
//! # Byte order of `StartPort`
//!
//! `StartPort` is in **network byte order** (big-endian) on the wire; `NumberOfPorts` is an
//! ordinary little-endian count. The structure reference only says "the starting TCP or UDP port
//! number", but Microsoft's own example on the `SIO_ACQUIRE_PORT_RESERVATION` reference page
//! stores `htons(startPort)` into `StartPort` (its variable is commented "Network byte order"),
//! stores `NumberOfPorts` unconverted, and prints the returned
//! `htons(portRes.Reservation.StartPort)`; MsQuic's Windows datapath likewise copies a
//! `sin_port` into `StartPort`. The views and [`InetPortRange::start_port`] therefore hold the
//! port *number* (host order) and convert at the wire.
//!
//! ```
//! use wsaioctl::wire::{Arch, Repr, port_reservation::InetPortRange};
//! // The 4 bytes a caller passes to SIO_ACQUIRE_PORT_RESERVATION for ports 5000..5020.
//! let range = InetPortRange { start_port: 5000, number_of_ports: 20 };
//! let bytes = range.to_bytes(Arch::X86);
//! assert_eq!(bytes, [0x13, 0x88, 20, 0]); // htons(5000), then 20 little-endian
//! assert_eq!(InetPortRange::parse(&bytes, Arch::X64).unwrap(), range);
//! ```

use super::{Arch, Repr, WireError, le};

/// `INVALID_PORT_RESERVATION_TOKEN` — the token value that names no reservation.
pub const INVALID_PORT_RESERVATION_TOKEN: u64 = 0;

/// Field layouts (byte ranges), one module per structure.
pub mod field {
    /// `INET_PORT_RANGE` (= `INET_PORT_RESERVATION`).
    pub mod inet_port_range {
        use core::ops::Range;
        /// `StartPort` (`USHORT`, network byte order).
        pub const START_PORT: Range<usize> = 0..2;
        /// `NumberOfPorts` (`USHORT`).
        pub const NUMBER_OF_PORTS: Range<usize> = 2..4;
        /// `sizeof(INET_PORT_RANGE)`.
        pub const LEN: usize = 4;
    }

    /// `INET_PORT_RESERVATION_TOKEN`.
    pub mod inet_port_reservation_token {
        use core::ops::Range;
        /// `Token` (`ULONG64`).
        pub const TOKEN: Range<usize> = 0..8;
        /// `sizeof(INET_PORT_RESERVATION_TOKEN)`.
        pub const LEN: usize = 8;
    }

    /// `INET_PORT_RESERVATION_INSTANCE`.
    pub mod inet_port_reservation_instance {
        use core::ops::Range;
        /// `Reservation` (an `INET_PORT_RANGE`).
        pub const RESERVATION: Range<usize> = 0..4;
        /// Padding before the 8-aligned token (written as zero).
        pub const PADDING: Range<usize> = 4..8;
        /// `Token` (an `INET_PORT_RESERVATION_TOKEN`).
        pub const TOKEN: Range<usize> = 8..16;
        /// `sizeof(INET_PORT_RESERVATION_INSTANCE)`.
        pub const LEN: usize = 16;
    }

    /// `INET_PORT_RESERVATION_INFORMATION`.
    pub mod inet_port_reservation_information {
        use core::ops::Range;
        /// `OwningPid` (`ULONG`).
        pub const OWNING_PID: Range<usize> = 0..4;
        /// `sizeof(INET_PORT_RESERVATION_INFORMATION)`.
        pub const LEN: usize = 4;
    }
}

use field::inet_port_range as pr;
use field::inet_port_reservation_information as pinfo;
use field::inet_port_reservation_instance as pinst;
use field::inet_port_reservation_token as ptok;

/// A checked view of an `INET_PORT_RANGE` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct InetPortRangeView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> InetPortRangeView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(pr::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `StartPort` as a port number (decoded from network byte order).
    pub fn start_port(&self) -> u16 {
        let b = self.buffer.as_ref();
        u16::from_be_bytes([b[pr::START_PORT.start], b[pr::START_PORT.start + 1]])
    }

    /// `NumberOfPorts`.
    pub fn number_of_ports(&self) -> u16 {
        le::u16_at(self.buffer.as_ref(), pr::NUMBER_OF_PORTS.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> InetPortRangeView<T> {
    /// Sets `StartPort` from a port number (written in network byte order).
    pub fn set_start_port(&mut self, port: u16) {
        self.buffer.as_mut()[pr::START_PORT].copy_from_slice(&port.to_be_bytes())
    }

    /// Sets `NumberOfPorts`.
    pub fn set_number_of_ports(&mut self, v: u16) {
        le::put_u16(self.buffer.as_mut(), pr::NUMBER_OF_PORTS.start, v)
    }
}

/// `INET_PORT_RANGE` (= `INET_PORT_RESERVATION`) as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InetPortRange {
    /// `StartPort` as a port number; 0 lets the system choose. Network byte order on the wire.
    pub start_port: u16,
    /// `NumberOfPorts`: how many consecutive ports.
    pub number_of_ports: u16,
}

impl Repr for InetPortRange {
    const C_NAME: &'static str = "INET_PORT_RANGE";

    fn buffer_len(&self, _arch: Arch) -> usize {
        pr::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = InetPortRangeView::new_checked(buf)?;
        Ok(Self {
            start_port: v.start_port(),
            number_of_ports: v.number_of_ports(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = InetPortRangeView::new_checked(buf)?;
        v.set_start_port(self.start_port);
        v.set_number_of_ports(self.number_of_ports);
        Ok(pr::LEN)
    }
}

/// A checked view of an `INET_PORT_RESERVATION_TOKEN` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct InetPortReservationTokenView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> InetPortReservationTokenView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(ptok::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Token`.
    pub fn token(&self) -> u64 {
        le::u64_at(self.buffer.as_ref(), ptok::TOKEN.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> InetPortReservationTokenView<T> {
    /// Sets `Token`.
    pub fn set_token(&mut self, v: u64) {
        le::put_u64(self.buffer.as_mut(), ptok::TOKEN.start, v)
    }
}

/// `INET_PORT_RESERVATION_TOKEN` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InetPortReservationToken {
    /// `Token`; [`INVALID_PORT_RESERVATION_TOKEN`] (0) names no reservation.
    pub token: u64,
}

impl Repr for InetPortReservationToken {
    const C_NAME: &'static str = "INET_PORT_RESERVATION_TOKEN";

    fn buffer_len(&self, _arch: Arch) -> usize {
        ptok::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = InetPortReservationTokenView::new_checked(buf)?;
        Ok(Self { token: v.token() })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = InetPortReservationTokenView::new_checked(buf)?;
        v.set_token(self.token);
        Ok(ptok::LEN)
    }
}

/// A checked view of an `INET_PORT_RESERVATION_INSTANCE` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct InetPortReservationInstanceView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> InetPortReservationInstanceView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(pinst::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `Reservation`, as a view.
    pub fn reservation(&self) -> InetPortRangeView<&[u8]> {
        InetPortRangeView {
            buffer: &self.buffer.as_ref()[pinst::RESERVATION],
        }
    }

    /// `Token.Token`.
    pub fn token(&self) -> u64 {
        le::u64_at(self.buffer.as_ref(), pinst::TOKEN.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> InetPortReservationInstanceView<T> {
    /// `Reservation`, as a mutable view.
    pub fn reservation_mut(&mut self) -> InetPortRangeView<&mut [u8]> {
        InetPortRangeView {
            buffer: &mut self.buffer.as_mut()[pinst::RESERVATION],
        }
    }

    /// Sets `Token.Token`.
    pub fn set_token(&mut self, v: u64) {
        le::put_u64(self.buffer.as_mut(), pinst::TOKEN.start, v)
    }

    /// Zeroes the padding between `Reservation` and `Token`.
    pub fn clear_padding(&mut self) {
        self.buffer.as_mut()[pinst::PADDING].fill(0)
    }
}

/// `INET_PORT_RESERVATION_INSTANCE` as a value — what `SIO_ACQUIRE_PORT_RESERVATION` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InetPortReservationInstance {
    /// `Reservation`: the block of ports granted.
    pub reservation: InetPortRange,
    /// `Token`: the reservation's token.
    pub token: InetPortReservationToken,
}

impl Repr for InetPortReservationInstance {
    const C_NAME: &'static str = "INET_PORT_RESERVATION_INSTANCE";

    fn buffer_len(&self, _arch: Arch) -> usize {
        pinst::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = InetPortReservationInstanceView::new_checked(buf)?;
        let r = v.reservation();
        Ok(Self {
            reservation: InetPortRange {
                start_port: r.start_port(),
                number_of_ports: r.number_of_ports(),
            },
            token: InetPortReservationToken { token: v.token() },
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = InetPortReservationInstanceView::new_checked(buf)?;
        {
            let mut r = v.reservation_mut();
            r.set_start_port(self.reservation.start_port);
            r.set_number_of_ports(self.reservation.number_of_ports);
        }
        v.clear_padding();
        v.set_token(self.token.token);
        Ok(pinst::LEN)
    }
}

/// A checked view of an `INET_PORT_RESERVATION_INFORMATION` in a byte buffer.
#[derive(Debug, Clone, Copy)]
pub struct InetPortReservationInformationView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> InetPortReservationInformationView<T> {
    /// Wraps `buffer` after checking it holds the whole structure.
    pub fn new_checked(buffer: T) -> Result<Self, WireError> {
        WireError::check_len(pinfo::LEN, buffer.as_ref().len())?;
        Ok(Self { buffer })
    }

    /// `OwningPid`.
    pub fn owning_pid(&self) -> u32 {
        le::u32_at(self.buffer.as_ref(), pinfo::OWNING_PID.start)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> InetPortReservationInformationView<T> {
    /// Sets `OwningPid`.
    pub fn set_owning_pid(&mut self, v: u32) {
        le::put_u32(self.buffer.as_mut(), pinfo::OWNING_PID.start, v)
    }
}

/// `INET_PORT_RESERVATION_INFORMATION` as a value: the process owning a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InetPortReservationInformation {
    /// `OwningPid`.
    pub owning_pid: u32,
}

impl Repr for InetPortReservationInformation {
    const C_NAME: &'static str = "INET_PORT_RESERVATION_INFORMATION";

    fn buffer_len(&self, _arch: Arch) -> usize {
        pinfo::LEN
    }

    fn parse(buf: &[u8], _arch: Arch) -> Result<Self, WireError> {
        let v = InetPortReservationInformationView::new_checked(buf)?;
        Ok(Self {
            owning_pid: v.owning_pid(),
        })
    }

    fn emit(&self, buf: &mut [u8], _arch: Arch) -> Result<usize, WireError> {
        let mut v = InetPortReservationInformationView::new_checked(buf)?;
        v.set_owning_pid(self.owning_pid);
        Ok(pinfo::LEN)
    }
}
