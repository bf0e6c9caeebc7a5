//! The simulated host under the emulated TCP/IP provider: interfaces, addresses and routes.
//!
//! A [`Host`] is a plain value — no clock, no randomness, no globals, ordered maps only
//! (DESIGN.md, "Deterministic by default") — that you build ([`Host::builder`]), take
//! ([`Host::default_host`]) or load from a file (`Host::from_toml_str`, feature `toml`). The
//! emulated provider answers `WSAIoctl` from it and never touches a real network.
//!
//! # What the provider asks of it
//!
//! | control code | the host's answer |
//! |---|---|
//! | `SIO_ADDRESS_LIST_QUERY` | [`Host::bindable_addresses`] for the socket's family; a SAN provider further keeps only [`HostAddress::san_eligible`] ones (spec/004) |
//! | `SIO_ROUTING_INTERFACE_QUERY` | [`Host::route`] → [`RouteChoice::source`]; `None` is `WSAENETUNREACH` (spec/002) |
//! | `SIO_GET_INTERFACE_LIST` | [`Host::addresses`]`(Family::V4)` with [`IfFlags::bits`] (the `IFF_*` values), [`HostAddress::netmask`], [`HostAddress::broadcast`] |
//! | `SIO_QUERY_RSS_SCALABILITY_INFO` | [`Interface::rss_queues`] (> 1 is RSS-capable) |
//! | `SIO_ADDRESS_LIST_CHANGE`, `SIO_ROUTING_INTERFACE_CHANGE` | the [`Changes`] every mutation returns |
//!
//! # Changes: which notifications a mutation fires
//!
//! Every mutation returns the [`Changes`] the provider must act on: `ADDRESS_V4`/`ADDRESS_V6`
//! complete the pending `SIO_ADDRESS_LIST_CHANGE` requests of that family (and signal
//! `FD_ADDRESS_LIST_CHANGE`), `ROUTE_V4`/`ROUTE_V6` the pending `SIO_ROUTING_INTERFACE_CHANGE`
//! ones (the provider may treat every request as a wildcard, which spec/002 allows: "The
//! service provider can opt to ignore the information supplied … in the input buffer"). A flag
//! is set when what `SIO_ADDRESS_LIST_QUERY` or `SIO_ROUTING_INTERFACE_QUERY` of that family
//! answers may have changed:
//!
//! | mutation | changes (only when the interface is up; nothing on a down interface is visible) |
//! |---|---|
//! | [`Host::add_interface`], [`Host::remove_interface`], [`Host::set_link_up`] | `ADDRESS_f \| ROUTE_f` for each family `f` of its addresses, `ROUTE_f` for each family of its static routes (a removed interface takes its static routes with it) |
//! | [`Host::add_address`], [`Host::remove_address`] | `ADDRESS_f \| ROUTE_f` (the address and its on-link route) |
//! | [`Host::set_address_flags`] | `ADDRESS_f`, plus `ROUTE_f` when `tentative` or `deprecated` changed (they steer source selection) |
//! | [`Host::set_interface_metric`] | `ROUTE_f` for each family it has routes of (static or on-link) |
//! | [`Host::add_route`], [`Host::remove_route`], [`Host::set_route_metric`] | `ROUTE_f` |
//!
//! A mutation that changes nothing (a link set to the state it has, a flag or metric set to its
//! value) returns empty [`Changes`]. A failing mutation changes nothing and returns a
//! [`HostError`]; no input panics.
//!
//! A link going down ([`Host::set_link_up`]`(i, false)`) keeps its addresses and routes
//! configured ([`Host::addresses`] still lists them, as `SIO_GET_INTERFACE_LIST` lists a down
//! interface with `IFF_UP` clear) but removes them from what is bindable
//! ([`Host::bindable_addresses`]) and from route lookups.
//!
//! # Routing
//!
//! [`Host::route`] is a longest-prefix match over the static routes and the implicit on-link
//! routes, then the lowest route metric + interface metric, then the lowest interface index,
//! then the lowest gateway (none first). Routes on a down interface, or on an interface with no
//! usable source address of the destination's family, are skipped as if absent (the next
//! shorter prefix then gets its chance). The lookup probes at most 33 (IPv4) or 129 (IPv6)
//! prefix lengths whatever the size of the table (see [`super::route`]).
//!
//! * **On-link routes.** Adding an address materializes the on-link route of its prefix
//!   (`network/len`, no gateway, route metric [`ON_LINK_METRIC`], on the address's interface) in
//!   the lookup index; removing the address removes it. They are not static routes:
//!   [`Host::routes`] does not list them and [`Host::remove_route`] cannot remove them (remove
//!   the address). Windows also installs a host route per address and a subnet-broadcast route;
//!   they are not modelled — a local destination simply matches its subnet's route, and source
//!   rule 1 below then answers the address itself.
//! * **Source address** ([`Interface::preferred_source`]), among the interface's addresses of
//!   the destination's family that are not `tentative`, the first by: (1) the destination
//!   itself; (2) not `deprecated`; (3) IPv6 only, appropriate scope (RFC 6724 rule 2: the
//!   smallest scope not below the destination's; link-local `fe80::/10` and `::1` are scope 2,
//!   site-local `fec0::/10` 5, the rest global 14, a multicast destination its scope nibble);
//!   (4) an address whose prefix contains the destination; (5) insertion order. Windows'
//!   preference for temporary addresses (RFC 6724 rule 7) and longest-matching-prefix (rule 8)
//!   are not modelled.
//! * **Multicast and broadcast destinations** (`224.0.0.0/4`, `255.255.255.255`, `ff00::/8`)
//!   take the route the table gives them — a default route, or a `224.0.0.0/4` / `ff00::/8`
//!   route you add — and the answer has no gateway (such packets are sent on the link). Windows
//!   additionally installs `224.0.0.0/4` and `ff00::/8` on-link routes on every interface; add
//!   them as static routes to model that.
//! * Zone (scope) ids are not modelled: `fe80::/64` on two interfaces is decided by the metrics.
//! * [`Host::route`] is the table's answer for any address, `0.0.0.0` and `::` included; the
//!   provider rejects those first (`WSAEINVAL`, spec/observed-windows.md,
//!   "SIO_ROUTING_INTERFACE_QUERY: malformed input (too short, NULL, 0.0.0.0) is WSAEINVAL").
//!
//! # File format (feature `toml`)
//!
//! ```toml
//! [[interface]]
//! index = 2                          # u32, unique, not 0
//! name = "Ethernet"
//! flags = ["up", "broadcast", "multicast"]   # up, broadcast, loopback, point_to_point, multicast
//! mtu = 1500
//! rss_queues = 4                     # optional, default 1; more than 1 is RSS-capable
//! metric = 25                        # optional, default 0: the interface metric
//! addresses = [                      # optional: "ADDRESS/LEN" then any of the words
//!     "192.0.2.10/24",               #   temporary, deprecated, tentative
//!     "2001:db8::10/64",
//!     "2001:db8::abcd/64 temporary",
//! ]
//!
//! [[route]]
//! destination = "0.0.0.0/0"          # network/len, host bits zero
//! gateway = "192.0.2.1"              # optional; absent = on-link
//! interface = 2                      # the outgoing interface's index
//! metric = 0                         # optional, default 0: the route metric
//! ```
//!
//! Unknown keys are errors. `fixtures/hosts/README.md` says the same, with the fixtures.
//!
//! # Example
//!
//! ```
//! use std::net::IpAddr;
//! use wsaioctl::emulated::host::{Changes, Host, InterfaceBuilder};
//!
//! let mut host = Host::builder()
//!     .interface(InterfaceBuilder::loopback(1, "Loopback Pseudo-Interface 1").address("127.0.0.1/8"))
//!     .interface(InterfaceBuilder::ethernet(2, "eth0").mtu(1500).address("192.0.2.10/24"))
//!     .route("0.0.0.0/0", Some("192.0.2.1"), 2, 0)
//!     .build()?;
//!
//! let r = host.route("198.51.100.7".parse()?).unwrap();
//! assert_eq!((r.if_index, r.source), (2, "192.0.2.10".parse::<IpAddr>()?));
//! assert_eq!(r.gateway, Some("192.0.2.1".parse()?));
//!
//! // The link goes down: its addresses leave the bindable list and its routes the lookup.
//! assert_eq!(host.set_link_up(2, false)?, Changes::ADDRESS_V4 | Changes::ROUTE_V4);
//! assert_eq!(host.route("198.51.100.7".parse()?), None);
//! assert_eq!(host.set_link_up(2, false)?, Changes::NONE);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::{BitOr, BitOrAssign};
use std::str::FromStr;

use super::route::{Candidate, RouteIndex, addr_bits, mask_bits};
pub use super::route::{ON_LINK_METRIC, Route, RouteChoice, RouteKey};

// ---------------------------------------------------------------------------------------------
// Family
// ---------------------------------------------------------------------------------------------

/// An address family of the host: IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Family {
    /// IPv4 (`AF_INET`).
    V4,
    /// IPv6 (`AF_INET6`).
    V6,
}

impl Family {
    /// Both families, IPv4 first.
    pub const ALL: [Family; 2] = [Family::V4, Family::V6];

    /// The family of `addr`.
    pub const fn of(addr: IpAddr) -> Self {
        match addr {
            IpAddr::V4(_) => Self::V4,
            IpAddr::V6(_) => Self::V6,
        }
    }

    /// The longest prefix length: 32 or 128.
    pub const fn max_prefix_len(self) -> u8 {
        match self {
            Self::V4 => 32,
            Self::V6 => 128,
        }
    }

    /// The Windows address-family number: `AF_INET` (2) or `AF_INET6` (23), ws2def.h.
    pub const fn af(self) -> u16 {
        match self {
            Self::V4 => 2,
            Self::V6 => 23,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// IfFlags
// ---------------------------------------------------------------------------------------------

/// Interface flags, stored as the Windows `IFF_*` bits of `INTERFACE_INFO::iiFlags` (ws2ipdef.h).
///
/// ```
/// use wsaioctl::emulated::host::IfFlags;
/// let f = IfFlags::UP | IfFlags::LOOPBACK | IfFlags::MULTICAST;
/// assert_eq!(f.bits(), 0x15);
/// assert_eq!(format!("{f:?}"), "UP | LOOPBACK | MULTICAST");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IfFlags(u32);

impl IfFlags {
    /// No flag.
    pub const EMPTY: Self = Self(0);
    /// `IFF_UP` (1): the interface is up.
    pub const UP: Self = Self(0x1);
    /// `IFF_BROADCAST` (2): broadcast is supported.
    pub const BROADCAST: Self = Self(0x2);
    /// `IFF_LOOPBACK` (4): the loopback interface.
    pub const LOOPBACK: Self = Self(0x4);
    /// `IFF_POINTTOPOINT` (8): a point-to-point link.
    pub const POINT_TO_POINT: Self = Self(0x8);
    /// `IFF_MULTICAST` (0x10): multicast is supported.
    pub const MULTICAST: Self = Self(0x10);

    /// Each flag with its constant's name and its file-format name.
    const NAMED: [(IfFlags, &'static str, &'static str); 5] = [
        (Self::UP, "UP", "up"),
        (Self::BROADCAST, "BROADCAST", "broadcast"),
        (Self::LOOPBACK, "LOOPBACK", "loopback"),
        (Self::POINT_TO_POINT, "POINT_TO_POINT", "point_to_point"),
        (Self::MULTICAST, "MULTICAST", "multicast"),
    ];
    const ALL_BITS: u32 = 0x1f;

    /// The Windows `IFF_*` bits.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The flags of `bits`, or `None` if a bit is not one of the five `IFF_*` flags.
    pub const fn from_bits(bits: u32) -> Option<Self> {
        if bits & !Self::ALL_BITS == 0 {
            Some(Self(bits))
        } else {
            None
        }
    }

    /// The flags of `bits`, dropping unknown bits.
    pub const fn from_bits_truncate(bits: u32) -> Self {
        Self(bits & Self::ALL_BITS)
    }

    /// True if every flag of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets of flags.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// `self` without the flags of `other`.
    pub const fn difference(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }

    /// True if no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The file-format names of the set flags (`"up"`, `"broadcast"`, `"loopback"`,
    /// `"point_to_point"`, `"multicast"`), in bit order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMED
            .into_iter()
            .filter(move |(f, _, _)| self.contains(*f))
            .map(|(_, _, n)| n)
    }

    /// The flag with file-format name `name` (case-insensitive; `pointtopoint` also accepted).
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("pointtopoint") {
            return Some(Self::POINT_TO_POINT);
        }
        Self::NAMED
            .into_iter()
            .find(|(_, _, n)| n.eq_ignore_ascii_case(name))
            .map(|(f, _, _)| f)
    }
}

impl BitOr for IfFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        self.union(rhs)
    }
}

impl BitOrAssign for IfFlags {
    fn bitor_assign(&mut self, rhs: Self) {
        *self = self.union(rhs);
    }
}

impl fmt::Debug for IfFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("(empty)");
        }
        let mut first = true;
        for (flag, name, _) in Self::NAMED {
            if self.contains(flag) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for IfFlags {
    /// As the list of file-format names, e.g. `["up", "loopback"]`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

/// What a mutation changed, as the notifications the provider must fire (see the module docs,
/// "Changes").
///
/// ```
/// use wsaioctl::emulated::host::{Changes, Family};
/// let c = Changes::address(Family::V6) | Changes::ROUTE_V6;
/// assert!(c.route_changed(Family::V6) && !c.address_changed(Family::V4));
/// assert_eq!(c.to_string(), "ADDRESS_V6 | ROUTE_V6");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Changes(u8);

impl Changes {
    /// Nothing visible changed.
    pub const NONE: Self = Self(0);
    /// The IPv4 address list changed: complete `SIO_ADDRESS_LIST_CHANGE` on IPv4 sockets.
    pub const ADDRESS_V4: Self = Self(0x1);
    /// The IPv6 address list changed: complete `SIO_ADDRESS_LIST_CHANGE` on IPv6 sockets.
    pub const ADDRESS_V6: Self = Self(0x2);
    /// IPv4 routing may have changed: complete `SIO_ROUTING_INTERFACE_CHANGE` on IPv4 sockets.
    pub const ROUTE_V4: Self = Self(0x4);
    /// IPv6 routing may have changed: complete `SIO_ROUTING_INTERFACE_CHANGE` on IPv6 sockets.
    pub const ROUTE_V6: Self = Self(0x8);

    const NAMED: [(Changes, &'static str); 4] = [
        (Self::ADDRESS_V4, "ADDRESS_V4"),
        (Self::ADDRESS_V6, "ADDRESS_V6"),
        (Self::ROUTE_V4, "ROUTE_V4"),
        (Self::ROUTE_V6, "ROUTE_V6"),
    ];

    /// `ADDRESS_V4` or `ADDRESS_V6`.
    pub const fn address(family: Family) -> Self {
        match family {
            Family::V4 => Self::ADDRESS_V4,
            Family::V6 => Self::ADDRESS_V6,
        }
    }

    /// `ROUTE_V4` or `ROUTE_V6`.
    pub const fn route(family: Family) -> Self {
        match family {
            Family::V4 => Self::ROUTE_V4,
            Family::V6 => Self::ROUTE_V6,
        }
    }

    /// The raw bits (ADDRESS_V4 1, ADDRESS_V6 2, ROUTE_V4 4, ROUTE_V6 8).
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// True if nothing changed.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True if every change of `other` is in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// True if `self` and `other` share a change.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// Both sets of changes.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// True if the address list of `family` changed.
    pub const fn address_changed(self, family: Family) -> bool {
        self.contains(Self::address(family))
    }

    /// True if routing for `family` may have changed.
    pub const fn route_changed(self, family: Family) -> bool {
        self.contains(Self::route(family))
    }

    /// The names of the set changes, in bit order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMED
            .into_iter()
            .filter(move |(c, _)| self.contains(*c))
            .map(|(_, n)| n)
    }
}

impl BitOr for Changes {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        self.union(rhs)
    }
}

impl BitOrAssign for Changes {
    fn bitor_assign(&mut self, rhs: Self) {
        *self = self.union(rhs);
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("(none)");
        }
        for (i, n) in self.names().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            f.write_str(n)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Changes {
    /// As the list of names, e.g. `["ADDRESS_V4", "ROUTE_V4"]`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

// ---------------------------------------------------------------------------------------------
// HostError
// ---------------------------------------------------------------------------------------------

/// Why a host could not be built, loaded or changed. Misuse of the Rust API, never a Winsock
/// error (convertible to [`UsageError`](crate::UsageError)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostError {
    /// No interface has this index.
    UnknownInterface(u32),
    /// An interface with this index already exists.
    DuplicateInterface(u32),
    /// Interface index 0 (`NET_IFINDEX_UNSPECIFIED` on Windows) names no interface.
    ZeroInterfaceIndex,
    /// The address is already assigned (to the interface given).
    DuplicateAddress {
        /// The address.
        addr: IpAddr,
        /// The interface that has it.
        if_index: u32,
    },
    /// The interface has no such address.
    NoSuchAddress {
        /// The interface.
        if_index: u32,
        /// The address.
        addr: IpAddr,
    },
    /// The address cannot be assigned to an interface or used as a gateway.
    InvalidAddress {
        /// The address.
        addr: IpAddr,
        /// Why (e.g. "unspecified", "multicast").
        reason: &'static str,
    },
    /// The prefix length is longer than the family allows (32 or 128).
    InvalidPrefix {
        /// The address it was given with.
        addr: IpAddr,
        /// The prefix length.
        prefix_len: u8,
    },
    /// A route destination has bits set after its prefix (e.g. `192.0.2.7/24`).
    HostBitsSet {
        /// The destination given.
        destination: IpAddr,
        /// Its prefix length.
        prefix_len: u8,
    },
    /// A route's gateway is not of its destination's family.
    FamilyMismatch {
        /// The destination.
        destination: IpAddr,
        /// The gateway.
        gateway: IpAddr,
    },
    /// The route (destination, interface, gateway) is already in the table.
    DuplicateRoute(RouteKey),
    /// No such static route.
    NoSuchRoute(RouteKey),
    /// Text that is not `ADDRESS/LEN` (with why).
    BadCidr {
        /// The text given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An unknown interface-flag or address-flag name.
    UnknownFlag(String),
    /// A host file that does not parse or does not follow the schema (TOML's message).
    File(String),
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownInterface(i) => write!(f, "no interface has index {i}"),
            Self::DuplicateInterface(i) => write!(f, "an interface with index {i} already exists"),
            Self::ZeroInterfaceIndex => f.write_str("interface index 0 names no interface"),
            Self::DuplicateAddress { addr, if_index } => {
                write!(
                    f,
                    "address {addr} is already assigned to interface {if_index}"
                )
            }
            Self::NoSuchAddress { if_index, addr } => {
                write!(f, "interface {if_index} has no address {addr}")
            }
            Self::InvalidAddress { addr, reason } => {
                write!(f, "{addr} cannot be used here: {reason}")
            }
            Self::InvalidPrefix { addr, prefix_len } => write!(
                f,
                "prefix length {prefix_len} is too long for {addr} (at most {})",
                Family::of(*addr).max_prefix_len()
            ),
            Self::HostBitsSet {
                destination,
                prefix_len,
            } => write!(
                f,
                "route destination {destination}/{prefix_len} has bits set after the prefix"
            ),
            Self::FamilyMismatch {
                destination,
                gateway,
            } => write!(
                f,
                "gateway {gateway} is not of the family of destination {destination}"
            ),
            Self::DuplicateRoute(k) => write!(f, "route {k} already exists"),
            Self::NoSuchRoute(k) => write!(f, "no route {k}"),
            Self::BadCidr { text, reason } => write!(f, "bad address/prefix {text:?}: {reason}"),
            Self::UnknownFlag(n) => write!(f, "unknown flag {n:?}"),
            Self::File(m) => write!(f, "bad host file: {m}"),
        }
    }
}

impl std::error::Error for HostError {}

impl From<HostError> for crate::UsageError {
    fn from(e: HostError) -> Self {
        crate::UsageError::Other(e.to_string())
    }
}

// ---------------------------------------------------------------------------------------------
// CIDR text
// ---------------------------------------------------------------------------------------------

/// Parses `"ADDRESS/LEN"` (`"192.0.2.10/24"`, `"2001:db8::/32"`).
///
/// The length is required (1 to 3 decimal digits) and must fit the family. Errors:
/// [`HostError::BadCidr`] for text that is not of that shape, [`HostError::InvalidPrefix`] for a
/// length beyond 32 / 128. Host bits may be set (an address keeps them).
///
/// ```
/// use wsaioctl::emulated::host::{parse_cidr, HostError};
/// assert_eq!(parse_cidr("192.0.2.10/24").unwrap(), ("192.0.2.10".parse().unwrap(), 24));
/// assert!(matches!(parse_cidr("192.0.2.10"), Err(HostError::BadCidr { .. })));
/// assert!(matches!(parse_cidr("::1/129"), Err(HostError::InvalidPrefix { .. })));
/// ```
pub fn parse_cidr(text: &str) -> Result<(IpAddr, u8), HostError> {
    let bad = |reason| HostError::BadCidr {
        text: text.to_owned(),
        reason,
    };
    let t = text.trim();
    let (a, l) = t
        .split_once('/')
        .ok_or_else(|| bad("missing \"/prefix-length\""))?;
    let addr: IpAddr = a.parse().map_err(|_| bad("not an IP address"))?;
    if l.is_empty() || l.len() > 3 || !l.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("the prefix length is not a decimal number"));
    }
    let len: u16 = l
        .parse()
        .map_err(|_| bad("the prefix length is not a number"))?;
    let prefix_len = u8::try_from(len).map_err(|_| bad("the prefix length is out of range"))?;
    if prefix_len > Family::of(addr).max_prefix_len() {
        return Err(HostError::InvalidPrefix { addr, prefix_len });
    }
    Ok((addr, prefix_len))
}

fn parse_ip(text: &str) -> Result<IpAddr, HostError> {
    text.trim().parse().map_err(|_| HostError::BadCidr {
        text: text.to_owned(),
        reason: "not an IP address",
    })
}

fn mask_addr(addr: IpAddr, len: u8) -> IpAddr {
    let max = Family::of(addr).max_prefix_len();
    bits_to_addr(Family::of(addr), mask_bits(addr_bits(addr), len, max))
}

fn bits_to_addr(family: Family, bits: u128) -> IpAddr {
    match family {
        // The value came from a 32-bit address or a 32-bit mask: the truncation is exact.
        Family::V4 => IpAddr::V4(Ipv4Addr::from(bits as u32)),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(bits)),
    }
}

// ---------------------------------------------------------------------------------------------
// IPv6 classification (spec/004)
// ---------------------------------------------------------------------------------------------

/// IPv4-compatible: `::w.x.y.z` — the first 96 bits zero — except `::` and `::1`, exactly as
/// the SDK's `IN6_IS_ADDR_V4COMPAT` (ws2ipdef.h). spec/004, SIO_ADDRESS_LIST_QUERY:
/// "IPv4-compatible address (0:0:0:0:0:0:w.x.y.z …)".
pub fn is_ipv4_compatible(a: &Ipv6Addr) -> bool {
    let o = a.octets();
    o[..12].iter().all(|&b| b == 0) && !(o[12..15].iter().all(|&b| b == 0) && o[15] <= 1)
}

/// IPv4-mapped: `::ffff:w.x.y.z` (SDK `IN6_IS_ADDR_V4MAPPED`). spec/004: "IPv4-mapped address
/// (0:0:0:0:0:FFFF:w.x.y.z)".
pub fn is_ipv4_mapped(a: &Ipv6Addr) -> bool {
    let o = a.octets();
    o[..10].iter().all(|&b| b == 0) && o[10] == 0xff && o[11] == 0xff
}

/// 6over4 (RFC 2529): spec/004's "6-over-4 address (FE80::0:0:WWXX:YYZZ)" — `fe80::/64` with
/// interface identifier `0:0:WWXX:YYZZ`, where `WW.XX.YY.ZZ` is an IPv4 address.
///
/// The SDK has no macro for it. Taken literally the pattern also covers every short
/// hand-written link-local address (`fe80::1`, `fe80::10` are `fe80::0:0:0:1`, …), so the
/// embedded IPv4 address must be outside `0.0.0.0/8` ("this network", never an interface's
/// address): `fe80::c000:20a` (192.0.2.10) is 6over4, `fe80::10` is native.
pub fn is_6over4(a: &Ipv6Addr) -> bool {
    let o = a.octets();
    o[..8] == [0xfe, 0x80, 0, 0, 0, 0, 0, 0] && o[8..12] == [0, 0, 0, 0] && o[12] != 0
}

/// 6to4 (RFC 3056): `2002::/16` (SDK `IN6_IS_ADDR_6TO4`, mstcpip.h). spec/004: "6-to-4 address
/// (2002:WWXX:YYZZ:[SLA ID]:[Interface ID])".
pub fn is_6to4(a: &Ipv6Addr) -> bool {
    a.segments()[0] == 0x2002
}

/// ISATAP (RFC 5214): any 64-bit prefix with interface identifier `0:5efe:w.x.y.z`, the
/// universal/local bit disregarded (`200:5efe:…` too) — exactly the SDK's `IN6_IS_ADDR_ISATAP`
/// (mstcpip.h). spec/004: "ISATAP address ( [64 bit prefix]:0:5EFE:w.x.y.z )".
pub fn is_isatap(a: &Ipv6Addr) -> bool {
    let o = a.octets();
    o[8] & 0xfd == 0 && o[9] == 0 && o[10] == 0x5e && o[11] == 0xfe
}

/// Link-local unicast: `fe80::/10` (SDK `IN6_IS_ADDR_LINKLOCAL`). spec/004 lists link-local
/// addresses among those a SAN provider *may* return.
pub fn is_link_local(a: &Ipv6Addr) -> bool {
    let s = a.segments()[0];
    s & 0xffc0 == 0xfe80
}

/// The scope of an IPv6 address for source selection (RFC 6724 §3.1): a multicast address its
/// scope nibble, `::1` and `fe80::/10` link-local (2), `fec0::/10` site-local (5), else global
/// (14).
fn ipv6_scope(a: &Ipv6Addr) -> u8 {
    let s = a.segments()[0];
    if s & 0xff00 == 0xff00 {
        (s & 0x000f) as u8
    } else if a.is_loopback() || is_link_local(a) {
        2
    } else if s & 0xffc0 == 0xfec0 {
        5
    } else {
        14
    }
}

/// RFC 6724 rule 2 as a sort key (smaller is better): the smallest scope not below the
/// destination's, else the largest.
fn scope_rank(src: IpAddr, dst: IpAddr) -> (u8, u8) {
    match (src, dst) {
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let (s, d) = (ipv6_scope(&s), ipv6_scope(&d));
            if s >= d { (0, s) } else { (1, u8::MAX - s) }
        }
        _ => (0, 0),
    }
}

/// Multicast or the IPv4 limited broadcast: sent on the link, never to a gateway.
fn is_link_delivered(dst: IpAddr) -> bool {
    match dst {
        IpAddr::V4(a) => a.is_multicast() || a.is_broadcast(),
        IpAddr::V6(a) => a.is_multicast(),
    }
}

// ---------------------------------------------------------------------------------------------
// HostAddress
// ---------------------------------------------------------------------------------------------

/// The state flags of an address.
///
/// File words: `temporary`, `deprecated`, `tentative`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AddressFlags {
    /// An IPv6 temporary (privacy, RFC 8981) address. A SAN provider must not return it
    /// (spec/004, SIO_ADDRESS_LIST_QUERY: "Temporary IPv6 addresses").
    pub temporary: bool,
    /// Its preferred lifetime has expired: still bindable, avoided as a source address.
    pub deprecated: bool,
    /// Duplicate address detection is in progress: not bindable, never a source address.
    pub tentative: bool,
}

impl AddressFlags {
    /// No flag.
    pub const NONE: Self = Self {
        temporary: false,
        deprecated: false,
        tentative: false,
    };
    /// Only `temporary`.
    pub const TEMPORARY: Self = Self {
        temporary: true,
        ..Self::NONE
    };
    /// Only `deprecated`.
    pub const DEPRECATED: Self = Self {
        deprecated: true,
        ..Self::NONE
    };
    /// Only `tentative`.
    pub const TENTATIVE: Self = Self {
        tentative: true,
        ..Self::NONE
    };

    /// The file words of the set flags, in the order temporary, deprecated, tentative.
    pub fn words(self) -> impl Iterator<Item = &'static str> {
        [
            (self.temporary, "temporary"),
            (self.deprecated, "deprecated"),
            (self.tentative, "tentative"),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, w)| w)
    }
}

impl BitOr for AddressFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self {
            temporary: self.temporary | rhs.temporary,
            deprecated: self.deprecated | rhs.deprecated,
            tentative: self.tentative | rhs.tentative,
        }
    }
}

/// An address assigned to an interface: the address, its prefix length, its state flags.
///
/// Text form (`Display` / `FromStr`, and the file format): `"ADDRESS/LEN"` then the set flag
/// words, e.g. `"2001:db8::abcd/64 temporary deprecated"`.
///
/// ```
/// use wsaioctl::emulated::host::HostAddress;
/// let a: HostAddress = "192.0.2.10/24".parse().unwrap();
/// assert_eq!(a.netmask().to_string(), "255.255.255.0");
/// assert_eq!(a.broadcast().unwrap().to_string(), "192.0.2.255");
/// let t: HostAddress = "2001:db8::abcd/64 temporary".parse().unwrap();
/// assert!(t.temporary() && !t.san_eligible());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HostAddress {
    addr: IpAddr,
    prefix_len: u8,
    flags: AddressFlags,
}

impl HostAddress {
    /// `addr/prefix_len` with no flag set.
    ///
    /// Errors: [`HostError::InvalidPrefix`] beyond 32 / 128; [`HostError::InvalidAddress`] for
    /// an address no interface can have (unspecified, multicast, `255.255.255.255`).
    pub fn new(addr: IpAddr, prefix_len: u8) -> Result<Self, HostError> {
        if prefix_len > Family::of(addr).max_prefix_len() {
            return Err(HostError::InvalidPrefix { addr, prefix_len });
        }
        check_unicast(addr)?;
        Ok(Self {
            addr,
            prefix_len,
            flags: AddressFlags::NONE,
        })
    }

    /// The same address with `flags`.
    pub const fn with_flags(mut self, flags: AddressFlags) -> Self {
        self.flags = flags;
        self
    }

    /// The address.
    pub const fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix (subnet) length.
    pub const fn prefix_len(&self) -> u8 {
        self.prefix_len
    }

    /// The state flags.
    pub const fn flags(&self) -> AddressFlags {
        self.flags
    }

    /// Its family.
    pub const fn family(&self) -> Family {
        Family::of(self.addr)
    }

    /// A temporary (privacy) address.
    pub const fn temporary(&self) -> bool {
        self.flags.temporary
    }

    /// A deprecated address.
    pub const fn deprecated(&self) -> bool {
        self.flags.deprecated
    }

    /// A tentative address (not bindable yet).
    pub const fn tentative(&self) -> bool {
        self.flags.tentative
    }

    /// The network: the address with the bits after the prefix cleared.
    pub fn network(&self) -> IpAddr {
        mask_addr(self.addr, self.prefix_len)
    }

    /// The subnet mask (`255.255.255.0` for /24; an IPv6 mask likewise).
    pub fn netmask(&self) -> IpAddr {
        let f = self.family();
        bits_to_addr(f, mask_bits(!0u128, self.prefix_len, f.max_prefix_len()))
    }

    /// The IPv4 directed broadcast address, network | !mask; `None` for IPv6 (no broadcast).
    ///
    /// Also `None` for /31 and /32: a /31 is a point-to-point pair with no broadcast address
    /// (RFC 3021, both addresses are hosts) and a /32 is a lone host. (The provider decides
    /// what `INTERFACE_INFO::iiBroadcastAddress` shows; Windows fills it independently of this.)
    pub fn broadcast(&self) -> Option<Ipv4Addr> {
        match self.addr {
            IpAddr::V4(a) if self.prefix_len <= 30 => {
                let mask = mask_bits(!0u128, self.prefix_len, 32) as u32;
                Some(Ipv4Addr::from(u32::from(a) | !mask))
            }
            _ => None,
        }
    }

    /// True if `ip` is in this address's prefix.
    pub fn contains(&self, ip: IpAddr) -> bool {
        Family::of(ip) == self.family() && mask_addr(ip, self.prefix_len) == self.network()
    }

    /// True if a SAN service provider may report this address in `SIO_ADDRESS_LIST_QUERY`.
    ///
    /// spec/004, SIO_ADDRESS_LIST_QUERY: "A SAN support should not return the following types
    /// of IPv6 addresses: Temporary IPv6 addresses; Any IPv4-compatible IPv6 addresses,
    /// including: IPv4-compatible …, IPv4-mapped …, 6-over-4 …, 6-to-4 …, ISATAP …". Exactly
    /// that list ([`is_ipv4_compatible`], [`is_ipv4_mapped`], [`is_6over4`], [`is_6to4`],
    /// [`is_isatap`], and the `temporary` flag); everything else is eligible — every IPv4
    /// address, and native IPv6 ones, "including link local, site local, and global".
    /// Bindability (`tentative`, a down link) is a separate question
    /// ([`Host::bindable_addresses`]).
    pub fn san_eligible(&self) -> bool {
        match self.addr {
            IpAddr::V4(_) => true,
            IpAddr::V6(a) => {
                !(self.flags.temporary
                    || is_ipv4_compatible(&a)
                    || is_ipv4_mapped(&a)
                    || is_6over4(&a)
                    || is_6to4(&a)
                    || is_isatap(&a))
            }
        }
    }
}

fn check_unicast(addr: IpAddr) -> Result<(), HostError> {
    let reason = match addr {
        a if a.is_unspecified() => "the unspecified address",
        a if a.is_multicast() => "a multicast address",
        IpAddr::V4(a) if a.is_broadcast() => "the limited broadcast address",
        _ => return Ok(()),
    };
    Err(HostError::InvalidAddress { addr, reason })
}

impl fmt::Display for HostAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix_len)?;
        for w in self.flags.words() {
            write!(f, " {w}")?;
        }
        Ok(())
    }
}

impl FromStr for HostAddress {
    type Err = HostError;

    fn from_str(s: &str) -> Result<Self, HostError> {
        let mut words = s.split_whitespace();
        let cidr = words.next().ok_or_else(|| HostError::BadCidr {
            text: s.to_owned(),
            reason: "empty",
        })?;
        let (addr, len) = parse_cidr(cidr)?;
        let mut flags = AddressFlags::NONE;
        for w in words {
            match w.to_ascii_lowercase().as_str() {
                "temporary" => flags.temporary = true,
                "deprecated" => flags.deprecated = true,
                "tentative" => flags.tentative = true,
                _ => return Err(HostError::UnknownFlag(w.to_owned())),
            }
        }
        Ok(HostAddress::new(addr, len)?.with_flags(flags))
    }
}

// ---------------------------------------------------------------------------------------------
// Interface
// ---------------------------------------------------------------------------------------------

/// A network interface of the simulated host. Built with [`InterfaceBuilder`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Interface {
    index: u32,
    name: String,
    flags: IfFlags,
    mtu: u32,
    rss_queues: u32,
    metric: u32,
    addresses: Vec<HostAddress>,
}

impl Interface {
    /// The interface index (unique, never 0).
    pub const fn index(&self) -> u32 {
        self.index
    }

    /// The friendly name (`"Ethernet"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The flags (`IFF_*` bits through [`IfFlags::bits`]).
    pub const fn flags(&self) -> IfFlags {
        self.flags
    }

    /// True if `IFF_UP` is set.
    pub const fn is_up(&self) -> bool {
        self.flags.contains(IfFlags::UP)
    }

    /// The MTU in bytes.
    pub const fn mtu(&self) -> u32 {
        self.mtu
    }

    /// The number of receive queues (`SIO_QUERY_RSS_SCALABILITY_INFO`).
    pub const fn rss_queues(&self) -> u32 {
        self.rss_queues
    }

    /// True if receive-side scaling is possible: more than one receive queue.
    pub const fn is_rss_capable(&self) -> bool {
        self.rss_queues > 1
    }

    /// The interface metric, added to each route's metric when routes are compared.
    pub const fn metric(&self) -> u32 {
        self.metric
    }

    /// Its addresses, both families, in the order they were added.
    pub fn addresses(&self) -> &[HostAddress] {
        &self.addresses
    }

    /// The address `addr` if the interface has it.
    pub fn address(&self, addr: IpAddr) -> Option<&HostAddress> {
        self.addresses.iter().find(|a| a.addr == addr)
    }

    /// True if it has an address of `family`.
    pub fn has_family(&self, family: Family) -> bool {
        self.addresses.iter().any(|a| a.family() == family)
    }

    /// The source address this interface uses to reach `dst`, or `None` if it has no usable
    /// (non-tentative) address of `dst`'s family. The rules are in the module docs, "Routing".
    /// Does not look at whether the interface is up.
    pub fn preferred_source(&self, dst: IpAddr) -> Option<IpAddr> {
        let family = Family::of(dst);
        self.addresses
            .iter()
            .enumerate()
            .filter(|(_, a)| a.family() == family && !a.tentative())
            .min_by_key(|(i, a)| {
                (
                    a.addr != dst,
                    a.deprecated(),
                    scope_rank(a.addr, dst),
                    !a.contains(dst),
                    *i,
                )
            })
            .map(|(_, a)| a.addr)
    }

    fn families(&self) -> Changes {
        let mut c = Changes::NONE;
        for f in Family::ALL {
            if self.has_family(f) {
                c |= Changes::address(f) | Changes::route(f);
            }
        }
        c
    }
}

/// Builds an [`Interface`]; errors are kept until [`InterfaceBuilder::build`].
///
/// ```
/// use wsaioctl::emulated::host::{IfFlags, InterfaceBuilder};
/// let eth = InterfaceBuilder::ethernet(2, "eth0")
///     .mtu(9000)
///     .rss_queues(8)
///     .address("192.0.2.10/24")
///     .address("2001:db8::abcd/64 temporary")
///     .build()
///     .unwrap();
/// assert_eq!(eth.flags(), IfFlags::UP | IfFlags::BROADCAST | IfFlags::MULTICAST);
/// assert_eq!(eth.addresses().len(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct InterfaceBuilder {
    index: u32,
    name: String,
    flags: IfFlags,
    mtu: u32,
    rss_queues: u32,
    metric: u32,
    addresses: Vec<Result<HostAddress, HostError>>,
}

impl InterfaceBuilder {
    /// A plain interface: flags `UP`, MTU 1500, 1 receive queue, interface metric 0.
    pub fn new(index: u32, name: impl Into<String>) -> Self {
        Self {
            index,
            name: name.into(),
            flags: IfFlags::UP,
            mtu: 1500,
            rss_queues: 1,
            metric: 0,
            addresses: Vec::new(),
        }
    }

    /// An Ethernet interface: `UP | BROADCAST | MULTICAST`, MTU 1500, 1 receive queue,
    /// interface metric 25 (Windows' automatic metric for a 1 Gb/s link).
    pub fn ethernet(index: u32, name: impl Into<String>) -> Self {
        Self::new(index, name)
            .flags(IfFlags::UP | IfFlags::BROADCAST | IfFlags::MULTICAST)
            .metric(25)
    }

    /// A loopback interface: `UP | LOOPBACK | MULTICAST`, MTU 4294967295 (what
    /// `netsh interface ipv4 show subinterfaces` shows for "Loopback Pseudo-Interface 1"),
    /// 1 receive queue, interface metric 75 (what `Get-NetIPInterface` shows for it).
    pub fn loopback(index: u32, name: impl Into<String>) -> Self {
        Self::new(index, name)
            .flags(IfFlags::UP | IfFlags::LOOPBACK | IfFlags::MULTICAST)
            .mtu(u32::MAX)
            .metric(75)
    }

    /// Replaces the flags.
    pub fn flags(mut self, flags: IfFlags) -> Self {
        self.flags = flags;
        self
    }

    /// Sets or clears `IFF_UP`.
    pub fn up(mut self, up: bool) -> Self {
        self.flags = if up {
            self.flags | IfFlags::UP
        } else {
            self.flags.difference(IfFlags::UP)
        };
        self
    }

    /// The MTU.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = mtu;
        self
    }

    /// The number of receive queues (more than 1 is RSS-capable).
    pub fn rss_queues(mut self, queues: u32) -> Self {
        self.rss_queues = queues;
        self
    }

    /// The interface metric.
    pub fn metric(mut self, metric: u32) -> Self {
        self.metric = metric;
        self
    }

    /// Adds an address from its text form, `"ADDRESS/LEN"` then flag words
    /// (`"2001:db8::abcd/64 temporary"`); see [`HostAddress`].
    pub fn address(mut self, text: &str) -> Self {
        self.addresses.push(text.parse());
        self
    }

    /// Adds an address value.
    pub fn host_address(mut self, address: HostAddress) -> Self {
        self.addresses.push(Ok(address));
        self
    }

    /// The interface, or the first error: a bad address text, index 0, or the same address
    /// twice.
    pub fn build(self) -> Result<Interface, HostError> {
        if self.index == 0 {
            return Err(HostError::ZeroInterfaceIndex);
        }
        let mut addresses: Vec<HostAddress> = Vec::with_capacity(self.addresses.len());
        for a in self.addresses {
            let a = a?;
            if addresses.iter().any(|b| b.addr == a.addr) {
                return Err(HostError::DuplicateAddress {
                    addr: a.addr,
                    if_index: self.index,
                });
            }
            addresses.push(a);
        }
        Ok(Interface {
            index: self.index,
            name: self.name,
            flags: self.flags,
            mtu: self.mtu,
            rss_queues: self.rss_queues,
            metric: self.metric,
            addresses,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Route helpers
// ---------------------------------------------------------------------------------------------

impl Route {
    /// A route from text: `destination` as `"NETWORK/LEN"`, an optional gateway address.
    ///
    /// ```
    /// use wsaioctl::emulated::host::Route;
    /// let r = Route::parse("0.0.0.0/0", Some("192.0.2.1"), 2, 0).unwrap();
    /// assert_eq!(r.to_string(), "0.0.0.0/0 via 192.0.2.1 interface 2 metric 0");
    /// ```
    pub fn parse(
        destination: &str,
        gateway: Option<&str>,
        if_index: u32,
        metric: u32,
    ) -> Result<Route, HostError> {
        let (destination, prefix_len) = parse_cidr(destination)?;
        let gateway = gateway.map(parse_ip).transpose()?;
        Ok(Route {
            destination,
            prefix_len,
            gateway,
            if_index,
            metric,
        })
    }
}

fn on_link(if_index: u32) -> Candidate {
    Candidate {
        if_index,
        gateway: None,
        metric: ON_LINK_METRIC,
    }
}

// ---------------------------------------------------------------------------------------------
// Host
// ---------------------------------------------------------------------------------------------

/// The simulated host: interfaces (by index), their addresses, the static routes, and the
/// lookup index over routes and on-link prefixes. See the module docs.
///
/// `PartialEq` compares what the host *is* — interfaces with their addresses in order, static
/// routes — not how its index was built.
#[derive(Clone)]
pub struct Host {
    interfaces: BTreeMap<u32, Interface>,
    /// Static routes → route metric.
    routes: BTreeMap<RouteKey, u32>,
    /// Every assigned address → its interface (addresses are unique host-wide).
    local: BTreeMap<IpAddr, u32>,
    index: RouteIndex,
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        self.interfaces == other.interfaces && self.routes == other.routes
    }
}

impl Eq for Host {}

impl fmt::Debug for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Host")
            .field("interfaces", &self.interfaces.values().collect::<Vec<_>>())
            .field("routes", &self.routes().collect::<Vec<_>>())
            .finish()
    }
}

impl Host {
    /// A fluent builder.
    pub fn builder() -> HostBuilder {
        HostBuilder::default()
    }

    /// A host with no interface and no route.
    pub fn empty() -> Self {
        Self {
            interfaces: BTreeMap::new(),
            routes: BTreeMap::new(),
            local: BTreeMap::new(),
            index: RouteIndex::default(),
        }
    }

    /// The built-in host (`fixtures/hosts/default.toml` describes the same):
    ///
    /// * index 1, "Loopback Pseudo-Interface 1" ([`InterfaceBuilder::loopback`]: up, loopback,
    ///   multicast; MTU 4294967295; metric 75): `127.0.0.1/8`, `::1/128`;
    /// * index 2, "Ethernet" ([`InterfaceBuilder::ethernet`]: up, broadcast, multicast; MTU 1500;
    ///   metric 25) with 4 receive queues: `192.0.2.10/24` (TEST-NET-1, RFC 5737),
    ///   `2001:db8::10/64` (documentation prefix, RFC 3849), `fe80::10/64`;
    /// * default routes `0.0.0.0/0` via `192.0.2.1` and `::/0` via `fe80::1`, both on
    ///   interface 2 with route metric 0.
    ///
    /// The Ethernet index is 2, the smallest after loopback; `fixtures/hosts/dual-nic.toml`
    /// uses sparse indices to catch code that confuses an index with a position.
    pub fn default_host() -> Self {
        Host::builder()
            .interface(
                InterfaceBuilder::loopback(1, "Loopback Pseudo-Interface 1")
                    .address("127.0.0.1/8")
                    .address("::1/128"),
            )
            .interface(
                InterfaceBuilder::ethernet(2, "Ethernet")
                    .rss_queues(4)
                    .address("192.0.2.10/24")
                    .address("2001:db8::10/64")
                    .address("fe80::10/64"),
            )
            .route("0.0.0.0/0", Some("192.0.2.1"), 2, 0)
            .route("::/0", Some("fe80::1"), 2, 0)
            .build()
            .expect("invariant: the built-in default host is valid")
    }

    // --- queries -------------------------------------------------------------------------------

    /// The interfaces, by index.
    pub fn interfaces(&self) -> impl DoubleEndedIterator<Item = &Interface> + '_ {
        self.interfaces.values()
    }

    /// The interface with index `index`.
    pub fn interface(&self, index: u32) -> Option<&Interface> {
        self.interfaces.get(&index)
    }

    /// Every configured address of `family` with its interface — up or down, any flags — by
    /// interface index, then in the order added.
    pub fn addresses(&self, family: Family) -> impl Iterator<Item = (&Interface, &HostAddress)> {
        self.interfaces.values().flat_map(move |i| {
            i.addresses
                .iter()
                .filter(move |a| a.family() == family)
                .map(move |a| (i, a))
        })
    }

    /// The addresses of `family` a socket can bind to — on an interface that is up, not
    /// `tentative` — in the order of [`Host::addresses`]. What `SIO_ADDRESS_LIST_QUERY` lists
    /// (spec/002: "local transport addresses of the socket's protocol family to which the
    /// application can bind").
    pub fn bindable_addresses(
        &self,
        family: Family,
    ) -> impl Iterator<Item = (&Interface, &HostAddress)> {
        self.addresses(family)
            .filter(|(i, a)| i.is_up() && !a.tentative())
    }

    /// The interface and address entry of local address `addr`, if assigned (up or down).
    pub fn address_owner(&self, addr: IpAddr) -> Option<(&Interface, &HostAddress)> {
        let i = self.interfaces.get(self.local.get(&addr)?)?;
        Some((i, i.address(addr)?))
    }

    /// The static routes, ordered by [`RouteKey`]. The implicit on-link routes of the addresses
    /// are not listed (module docs, "Routing").
    pub fn routes(&self) -> impl Iterator<Item = Route> + '_ {
        self.routes.iter().map(|(k, &metric)| Route {
            destination: k.destination,
            prefix_len: k.prefix_len,
            gateway: k.gateway,
            if_index: k.if_index,
            metric,
        })
    }

    /// The static route `key`, if present.
    pub fn find_route(&self, key: RouteKey) -> Option<Route> {
        self.routes.get(&key).map(|&metric| Route {
            destination: key.destination,
            prefix_len: key.prefix_len,
            gateway: key.gateway,
            if_index: key.if_index,
            metric,
        })
    }

    /// `SIO_ROUTING_INTERFACE_QUERY`'s lookup — where a packet to `dst` leaves and from which
    /// address; `None` when no usable route reaches it (the provider's `WSAENETUNREACH`,
    /// spec/002, "SIO_ROUTING_INTERFACE_QUERY"). Rules in the module docs, "Routing".
    #[doc(alias = "SIO_ROUTING_INTERFACE_QUERY")]
    pub fn route(&self, dst: IpAddr) -> Option<RouteChoice> {
        self.lookup(dst).0
    }

    /// [`Host::route`] and the number of hash probes it made (at most 33 / 129).
    fn lookup(&self, dst: IpAddr) -> (Option<RouteChoice>, usize) {
        let link = is_link_delivered(dst);
        self.index.lookup(dst, |c| {
            let iface = self.interfaces.get(&c.if_index)?;
            if !iface.is_up() {
                return None;
            }
            let source = iface.preferred_source(dst)?;
            let key = (
                u64::from(c.metric) + u64::from(iface.metric),
                c.if_index,
                c.gateway,
            );
            let gateway = if link { None } else { c.gateway };
            Some((
                key,
                RouteChoice {
                    if_index: c.if_index,
                    source,
                    gateway,
                },
            ))
        })
    }

    /// The source address interface `if_index` uses to reach `dst`
    /// ([`Interface::preferred_source`]); `None` for an unknown interface or no usable address.
    pub fn preferred_source(&self, if_index: u32, dst: IpAddr) -> Option<IpAddr> {
        self.interfaces.get(&if_index)?.preferred_source(dst)
    }

    // --- mutations -----------------------------------------------------------------------------

    fn iface(&self, if_index: u32) -> Result<&Interface, HostError> {
        self.interfaces
            .get(&if_index)
            .ok_or(HostError::UnknownInterface(if_index))
    }

    /// `ROUTE_f` for each family of the static routes on `if_index`.
    fn static_route_families(&self, if_index: u32) -> Changes {
        let mut c = Changes::NONE;
        for k in self.routes.keys().filter(|k| k.if_index == if_index) {
            c |= Changes::route(Family::of(k.destination));
        }
        c
    }

    /// Adds an interface with its addresses.
    ///
    /// Errors: [`HostError::DuplicateInterface`], [`HostError::ZeroInterfaceIndex`],
    /// [`HostError::DuplicateAddress`] (an address another interface has). Changes, when it is
    /// up: `ADDRESS_f | ROUTE_f` for each family of its addresses.
    pub fn add_interface(&mut self, iface: Interface) -> Result<Changes, HostError> {
        if iface.index == 0 {
            return Err(HostError::ZeroInterfaceIndex);
        }
        if self.interfaces.contains_key(&iface.index) {
            return Err(HostError::DuplicateInterface(iface.index));
        }
        for (n, a) in iface.addresses.iter().enumerate() {
            if let Some(&owner) = self.local.get(&a.addr) {
                return Err(HostError::DuplicateAddress {
                    addr: a.addr,
                    if_index: owner,
                });
            }
            if iface.addresses[..n].iter().any(|b| b.addr == a.addr) {
                return Err(HostError::DuplicateAddress {
                    addr: a.addr,
                    if_index: iface.index,
                });
            }
        }
        for a in &iface.addresses {
            self.local.insert(a.addr, iface.index);
            self.index
                .insert(a.network(), a.prefix_len, on_link(iface.index));
        }
        let changes = if iface.is_up() {
            iface.families()
        } else {
            Changes::NONE
        };
        self.interfaces.insert(iface.index, iface);
        Ok(changes)
    }

    /// Removes an interface, its addresses and its static routes.
    ///
    /// Errors: [`HostError::UnknownInterface`]. Changes, when it was up: `ADDRESS_f | ROUTE_f`
    /// for each family of its addresses, `ROUTE_f` for each family of its static routes.
    pub fn remove_interface(&mut self, if_index: u32) -> Result<Changes, HostError> {
        self.iface(if_index)?;
        let route_families = self.static_route_families(if_index);
        let iface = self
            .interfaces
            .remove(&if_index)
            .expect("invariant: the interface was just found");
        for a in &iface.addresses {
            self.local.remove(&a.addr);
            self.index
                .remove(a.network(), a.prefix_len, &on_link(if_index));
        }
        let keys: Vec<RouteKey> = self
            .routes
            .keys()
            .filter(|k| k.if_index == if_index)
            .copied()
            .collect();
        for k in keys {
            let metric = self.routes.remove(&k).expect("invariant: key just listed");
            self.index.remove(
                k.destination,
                k.prefix_len,
                &Candidate {
                    if_index,
                    gateway: k.gateway,
                    metric,
                },
            );
        }
        Ok(if iface.is_up() {
            iface.families() | route_families
        } else {
            Changes::NONE
        })
    }

    /// Adds `addr/prefix_len` (no flag set) to interface `if_index`, with its on-link route.
    ///
    /// Errors: [`HostError::UnknownInterface`], [`HostError::InvalidPrefix`],
    /// [`HostError::InvalidAddress`], [`HostError::DuplicateAddress`] (on any interface).
    /// Changes, when the interface is up: `ADDRESS_f | ROUTE_f`.
    pub fn add_address(
        &mut self,
        if_index: u32,
        addr: IpAddr,
        prefix_len: u8,
    ) -> Result<Changes, HostError> {
        self.iface(if_index)?;
        self.add_host_address(if_index, HostAddress::new(addr, prefix_len)?)
    }

    /// Adds an address value (with its flags); as [`Host::add_address`].
    pub fn add_host_address(
        &mut self,
        if_index: u32,
        address: HostAddress,
    ) -> Result<Changes, HostError> {
        self.iface(if_index)?;
        if let Some(&owner) = self.local.get(&address.addr) {
            return Err(HostError::DuplicateAddress {
                addr: address.addr,
                if_index: owner,
            });
        }
        let iface = self
            .interfaces
            .get_mut(&if_index)
            .expect("invariant: the interface was just found");
        iface.addresses.push(address);
        let up = iface.is_up();
        self.local.insert(address.addr, if_index);
        self.index
            .insert(address.network(), address.prefix_len, on_link(if_index));
        let f = address.family();
        Ok(if up {
            Changes::address(f) | Changes::route(f)
        } else {
            Changes::NONE
        })
    }

    /// Removes address `addr` from interface `if_index`, with its on-link route.
    ///
    /// Errors: [`HostError::UnknownInterface`], [`HostError::NoSuchAddress`]. Changes, when the
    /// interface is up: `ADDRESS_f | ROUTE_f`.
    pub fn remove_address(&mut self, if_index: u32, addr: IpAddr) -> Result<Changes, HostError> {
        let iface = self
            .interfaces
            .get_mut(&if_index)
            .ok_or(HostError::UnknownInterface(if_index))?;
        let pos = iface
            .addresses
            .iter()
            .position(|a| a.addr == addr)
            .ok_or(HostError::NoSuchAddress { if_index, addr })?;
        let a = iface.addresses.remove(pos);
        let up = iface.is_up();
        self.local.remove(&addr);
        self.index
            .remove(a.network(), a.prefix_len, &on_link(if_index));
        let f = a.family();
        Ok(if up {
            Changes::address(f) | Changes::route(f)
        } else {
            Changes::NONE
        })
    }

    /// Replaces the flags of address `addr` on interface `if_index`.
    ///
    /// Errors: [`HostError::UnknownInterface`], [`HostError::NoSuchAddress`]. Changes, when the
    /// interface is up and a flag changed: `ADDRESS_f`, plus `ROUTE_f` if `tentative` or
    /// `deprecated` changed.
    pub fn set_address_flags(
        &mut self,
        if_index: u32,
        addr: IpAddr,
        flags: AddressFlags,
    ) -> Result<Changes, HostError> {
        let iface = self
            .interfaces
            .get_mut(&if_index)
            .ok_or(HostError::UnknownInterface(if_index))?;
        let up = iface.is_up();
        let a = iface
            .addresses
            .iter_mut()
            .find(|a| a.addr == addr)
            .ok_or(HostError::NoSuchAddress { if_index, addr })?;
        let old = a.flags;
        a.flags = flags;
        if old == flags || !up {
            return Ok(Changes::NONE);
        }
        let f = Family::of(addr);
        let mut c = Changes::address(f);
        if old.tentative != flags.tentative || old.deprecated != flags.deprecated {
            c |= Changes::route(f);
        }
        Ok(c)
    }

    /// Brings interface `if_index` up or down (`IFF_UP`).
    ///
    /// Down, its addresses stay configured but are not bindable and its routes are skipped.
    /// Errors: [`HostError::UnknownInterface`]. Changes when the state flips:
    /// `ADDRESS_f | ROUTE_f` for each family of its addresses, `ROUTE_f` for each family of its
    /// static routes.
    pub fn set_link_up(&mut self, if_index: u32, up: bool) -> Result<Changes, HostError> {
        let iface = self.iface(if_index)?;
        if iface.is_up() == up {
            return Ok(Changes::NONE);
        }
        let changes = iface.families() | self.static_route_families(if_index);
        let iface = self
            .interfaces
            .get_mut(&if_index)
            .expect("invariant: the interface was just found");
        iface.flags = if up {
            iface.flags | IfFlags::UP
        } else {
            iface.flags.difference(IfFlags::UP)
        };
        Ok(changes)
    }

    /// Sets the interface metric of `if_index`.
    ///
    /// Errors: [`HostError::UnknownInterface`]. Changes, when it is up and the metric changed:
    /// `ROUTE_f` for each family it has routes of (static, or on-link from its addresses).
    pub fn set_interface_metric(
        &mut self,
        if_index: u32,
        metric: u32,
    ) -> Result<Changes, HostError> {
        let iface = self.iface(if_index)?;
        if iface.metric == metric {
            return Ok(Changes::NONE);
        }
        let mut changes = self.static_route_families(if_index);
        for f in Family::ALL {
            if iface.has_family(f) {
                changes |= Changes::route(f);
            }
        }
        let up = iface.is_up();
        self.interfaces
            .get_mut(&if_index)
            .expect("invariant: the interface was just found")
            .metric = metric;
        Ok(if up { changes } else { Changes::NONE })
    }

    fn check_route_key(&self, k: &RouteKey) -> Result<(), HostError> {
        self.iface(k.if_index)?;
        let family = Family::of(k.destination);
        if k.prefix_len > family.max_prefix_len() {
            return Err(HostError::InvalidPrefix {
                addr: k.destination,
                prefix_len: k.prefix_len,
            });
        }
        if mask_addr(k.destination, k.prefix_len) != k.destination {
            return Err(HostError::HostBitsSet {
                destination: k.destination,
                prefix_len: k.prefix_len,
            });
        }
        if let Some(g) = k.gateway {
            if Family::of(g) != family {
                return Err(HostError::FamilyMismatch {
                    destination: k.destination,
                    gateway: g,
                });
            }
            check_unicast(g)?;
        }
        Ok(())
    }

    fn route_changes(&self, k: &RouteKey) -> Changes {
        match self.interfaces.get(&k.if_index) {
            Some(i) if i.is_up() => Changes::route(Family::of(k.destination)),
            _ => Changes::NONE,
        }
    }

    /// Adds a static route.
    ///
    /// Errors: [`HostError::UnknownInterface`], [`HostError::InvalidPrefix`],
    /// [`HostError::HostBitsSet`], [`HostError::FamilyMismatch`] or
    /// [`HostError::InvalidAddress`] (gateway), [`HostError::DuplicateRoute`] (same
    /// destination, interface and gateway). Changes, when the interface is up: `ROUTE_f`.
    pub fn add_route(&mut self, route: Route) -> Result<Changes, HostError> {
        let k = route.key();
        self.check_route_key(&k)?;
        if self.routes.contains_key(&k) {
            return Err(HostError::DuplicateRoute(k));
        }
        self.routes.insert(k, route.metric);
        self.index.insert(
            k.destination,
            k.prefix_len,
            Candidate {
                if_index: k.if_index,
                gateway: k.gateway,
                metric: route.metric,
            },
        );
        Ok(self.route_changes(&k))
    }

    /// Removes static route `key`.
    ///
    /// Errors: [`HostError::NoSuchRoute`] (on-link routes included: remove the address).
    /// Changes, when its interface is up: `ROUTE_f`.
    pub fn remove_route(&mut self, key: RouteKey) -> Result<Changes, HostError> {
        let metric = self
            .routes
            .remove(&key)
            .ok_or(HostError::NoSuchRoute(key))?;
        self.index.remove(
            key.destination,
            key.prefix_len,
            &Candidate {
                if_index: key.if_index,
                gateway: key.gateway,
                metric,
            },
        );
        Ok(self.route_changes(&key))
    }

    /// Sets the route metric of static route `key`.
    ///
    /// Errors: [`HostError::NoSuchRoute`]. Changes, when the metric changed and the interface is
    /// up: `ROUTE_f`.
    pub fn set_route_metric(&mut self, key: RouteKey, metric: u32) -> Result<Changes, HostError> {
        let slot = self
            .routes
            .get_mut(&key)
            .ok_or(HostError::NoSuchRoute(key))?;
        let old = *slot;
        if old == metric {
            return Ok(Changes::NONE);
        }
        *slot = metric;
        let mut c = Candidate {
            if_index: key.if_index,
            gateway: key.gateway,
            metric: old,
        };
        self.index.remove(key.destination, key.prefix_len, &c);
        c.metric = metric;
        self.index.insert(key.destination, key.prefix_len, c);
        Ok(self.route_changes(&key))
    }
}

#[cfg(test)]
impl Host {
    /// The number of hash probes a lookup of `dst` makes.
    pub(crate) fn probes(&self, dst: IpAddr) -> usize {
        self.lookup(dst).1
    }
}

// ---------------------------------------------------------------------------------------------
// HostBuilder
// ---------------------------------------------------------------------------------------------

/// Builds a [`Host`] fluently; errors are kept until [`HostBuilder::build`].
///
/// ```
/// use wsaioctl::emulated::host::{Host, InterfaceBuilder, HostError};
/// let err = Host::builder()
///     .interface(InterfaceBuilder::ethernet(2, "eth0").address("192.0.2.10/24"))
///     .route("0.0.0.0/0", Some("192.0.2.1"), 3, 0)
///     .build()
///     .unwrap_err();
/// assert_eq!(err, HostError::UnknownInterface(3));
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct HostBuilder {
    interfaces: Vec<InterfaceBuilder>,
    routes: Vec<Result<Route, HostError>>,
}

impl HostBuilder {
    /// Adds an interface.
    pub fn interface(mut self, iface: InterfaceBuilder) -> Self {
        self.interfaces.push(iface);
        self
    }

    /// Adds a static route from text (see [`Route::parse`]).
    pub fn route(
        mut self,
        destination: &str,
        gateway: Option<&str>,
        if_index: u32,
        metric: u32,
    ) -> Self {
        self.routes
            .push(Route::parse(destination, gateway, if_index, metric));
        self
    }

    /// Adds a static route value.
    pub fn route_value(mut self, route: Route) -> Self {
        self.routes.push(Ok(route));
        self
    }

    /// The host, or the first error (interfaces first, in order, then routes).
    pub fn build(self) -> Result<Host, HostError> {
        let mut host = Host::empty();
        for i in self.interfaces {
            host.add_interface(i.build()?)?;
        }
        for r in self.routes {
            host.add_route(r?)?;
        }
        Ok(host)
    }
}

// ---------------------------------------------------------------------------------------------
// Files (feature `serde` for the schema, `toml` for the text)
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "serde")]
mod file {
    //! The file schema (module docs, "File format"), as serde structures.
    use super::*;

    fn one() -> u32 {
        1
    }

    fn is_zero(n: &u32) -> bool {
        *n == 0
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct HostFile {
        #[serde(default, rename = "interface", skip_serializing_if = "Vec::is_empty")]
        interfaces: Vec<InterfaceFile>,
        #[serde(default, rename = "route", skip_serializing_if = "Vec::is_empty")]
        routes: Vec<RouteFile>,
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct InterfaceFile {
        index: u32,
        name: String,
        flags: Vec<String>,
        mtu: u32,
        #[serde(default = "one")]
        rss_queues: u32,
        #[serde(default)]
        metric: u32,
        #[serde(default)]
        addresses: Vec<String>,
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RouteFile {
        destination: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gateway: Option<String>,
        interface: u32,
        #[serde(default, skip_serializing_if = "is_zero")]
        metric: u32,
    }

    impl From<&Host> for HostFile {
        fn from(h: &Host) -> Self {
            HostFile {
                interfaces: h
                    .interfaces()
                    .map(|i| InterfaceFile {
                        index: i.index,
                        name: i.name.clone(),
                        flags: i.flags.names().map(str::to_owned).collect(),
                        mtu: i.mtu,
                        rss_queues: i.rss_queues,
                        metric: i.metric,
                        addresses: i.addresses.iter().map(ToString::to_string).collect(),
                    })
                    .collect(),
                routes: h
                    .routes()
                    .map(|r| RouteFile {
                        destination: format!("{}/{}", r.destination, r.prefix_len),
                        gateway: r.gateway.map(|g| g.to_string()),
                        interface: r.if_index,
                        metric: r.metric,
                    })
                    .collect(),
            }
        }
    }

    impl HostFile {
        pub(super) fn into_host(self) -> Result<Host, HostError> {
            let mut b = Host::builder();
            for i in self.interfaces {
                let mut flags = IfFlags::EMPTY;
                for n in &i.flags {
                    flags |=
                        IfFlags::from_name(n).ok_or_else(|| HostError::UnknownFlag(n.clone()))?;
                }
                let mut ib = InterfaceBuilder::new(i.index, i.name)
                    .flags(flags)
                    .mtu(i.mtu)
                    .rss_queues(i.rss_queues)
                    .metric(i.metric);
                for a in &i.addresses {
                    ib = ib.address(a);
                }
                b = b.interface(ib);
            }
            for r in self.routes {
                b = b.route(&r.destination, r.gateway.as_deref(), r.interface, r.metric);
            }
            b.build()
        }
    }

    impl serde::Serialize for Host {
        /// In the file schema (module docs, "File format").
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            HostFile::from(self).serialize(s)
        }
    }

    impl<'de> serde::Deserialize<'de> for Host {
        /// From the file schema, validated as [`Host::builder`] validates.
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            HostFile::deserialize(d)?
                .into_host()
                .map_err(serde::de::Error::custom)
        }
    }
}

#[cfg(feature = "toml")]
impl Host {
    /// Loads a host from TOML text in the file format (module docs, "File format";
    /// `fixtures/hosts/README.md`).
    ///
    /// Errors: [`HostError::File`] for TOML syntax or schema errors (unknown keys included),
    /// otherwise the error building the host gives (bad CIDR, unknown flag, duplicate address…).
    ///
    /// ```
    /// use wsaioctl::emulated::host::Host;
    /// let text = Host::default_host().to_toml_string();
    /// assert_eq!(Host::from_toml_str(&text).unwrap(), Host::default_host());
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Host, HostError> {
        toml::from_str::<file::HostFile>(text)
            .map_err(|e| HostError::File(e.to_string()))?
            .into_host()
    }

    /// The host as TOML text in the file format; [`Host::from_toml_str`] reads it back equal.
    pub fn to_toml_string(&self) -> String {
        toml::to_string(&file::HostFile::from(self))
            .expect("invariant: the host file schema always serializes to TOML")
    }
}

// ---------------------------------------------------------------------------------------------
// Unit tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn v6(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    #[test]
    fn cidr_parsing_errors_are_typed() {
        assert_eq!(parse_cidr(" 10.0.0.0/8 ").unwrap(), (ip("10.0.0.0"), 8));
        assert_eq!(parse_cidr("::/0").unwrap(), (ip("::"), 0));
        for bad in [
            "",
            "/",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0.0/-1",
            "x/8",
            "10.0.0.0/8/8",
        ] {
            assert!(
                matches!(parse_cidr(bad), Err(HostError::BadCidr { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            parse_cidr("10.0.0.0/1000"),
            Err(HostError::BadCidr { .. })
        ));
        assert!(matches!(
            parse_cidr("10.0.0.0/256"),
            Err(HostError::BadCidr { .. })
        ));
        assert_eq!(
            parse_cidr("10.0.0.0/33"),
            Err(HostError::InvalidPrefix {
                addr: ip("10.0.0.0"),
                prefix_len: 33
            })
        );
        assert!(parse_cidr("::/128").is_ok());
    }

    #[test]
    fn host_address_text_round_trips() {
        for t in [
            "192.0.2.10/24",
            "2001:db8::abcd/64 temporary",
            "2001:db8::dead/64 deprecated tentative",
        ] {
            let a: HostAddress = t.parse().unwrap();
            assert_eq!(a.to_string(), t);
        }
        assert_eq!(
            "192.0.2.10/24 shiny".parse::<HostAddress>(),
            Err(HostError::UnknownFlag("shiny".into()))
        );
        assert!(matches!(
            "224.0.0.1/4".parse::<HostAddress>(),
            Err(HostError::InvalidAddress { .. })
        ));
        assert!(matches!(
            "0.0.0.0/0".parse::<HostAddress>(),
            Err(HostError::InvalidAddress { .. })
        ));
        assert!(matches!(
            "255.255.255.255/32".parse::<HostAddress>(),
            Err(HostError::InvalidAddress { .. })
        ));
    }

    #[test]
    fn netmask_and_broadcast() {
        let a: HostAddress = "10.1.2.3/8".parse().unwrap();
        assert_eq!(a.netmask(), ip("255.0.0.0"));
        assert_eq!(a.network(), ip("10.0.0.0"));
        assert_eq!(a.broadcast(), Some("10.255.255.255".parse().unwrap()));
        let b: HostAddress = "198.51.100.5/30".parse().unwrap();
        assert_eq!(b.broadcast(), Some("198.51.100.7".parse().unwrap()));
        let p2p: HostAddress = "198.51.100.4/31".parse().unwrap();
        assert_eq!(p2p.netmask(), ip("255.255.255.254"));
        assert_eq!(p2p.broadcast(), None, "RFC 3021: a /31 has no broadcast");
        let host: HostAddress = "198.51.100.4/32".parse().unwrap();
        assert_eq!(host.netmask(), ip("255.255.255.255"));
        assert_eq!(host.broadcast(), None);
        let zero: HostAddress = "198.51.100.4/0".parse().unwrap();
        assert_eq!(zero.netmask(), ip("0.0.0.0"));
        assert_eq!(zero.broadcast(), Some(Ipv4Addr::BROADCAST));
        let six: HostAddress = "2001:db8::1/64".parse().unwrap();
        assert_eq!(six.netmask(), ip("ffff:ffff:ffff:ffff::"));
        assert_eq!(six.broadcast(), None);
        assert!(six.contains(ip("2001:db8::ffff")));
        assert!(!six.contains(ip("2001:db8:1::1")));
        assert!(!six.contains(ip("10.0.0.1")));
    }

    #[test]
    fn classification_boundaries() {
        // IN6_IS_ADDR_V4COMPAT excludes :: and ::1 (ws2ipdef.h) but not ::2.
        assert!(!is_ipv4_compatible(&v6("::")));
        assert!(!is_ipv4_compatible(&v6("::1")));
        assert!(is_ipv4_compatible(&v6("::2")));
        assert!(is_ipv4_compatible(&v6("::192.0.2.1")));
        assert!(!is_ipv4_compatible(&v6("::ffff:192.0.2.1")));
        assert!(is_ipv4_mapped(&v6("::ffff:192.0.2.1")));
        assert!(!is_ipv4_mapped(&v6("::fffe:192.0.2.1")));
        assert!(is_6over4(&v6("fe80::c000:20a")));
        assert!(
            !is_6over4(&v6("fe80::10")),
            "0.0.0.16 is not an interface address"
        );
        assert!(!is_6over4(&v6("fe80::1:0:c000:20a")));
        assert!(!is_6over4(&v6("fe81::c000:20a")));
        assert!(is_6to4(&v6("2002:c000:20a::1")));
        assert!(!is_6to4(&v6("2003::1")));
        assert!(is_isatap(&v6("2001:db8::5efe:c000:20a")));
        assert!(
            is_isatap(&v6("fe80::200:5efe:c000:20a")),
            "u/g bit disregarded"
        );
        assert!(!is_isatap(&v6("2001:db8::100:5efe:c000:20a")));
        assert!(is_link_local(&v6("fe80::1")));
        assert!(is_link_local(&v6("febf::1")));
        assert!(!is_link_local(&v6("fec0::1")));
    }

    #[test]
    fn flags_names_round_trip() {
        for bits in 0..=0x1f {
            let f = IfFlags::from_bits(bits).unwrap();
            let back = f
                .names()
                .map(|n| IfFlags::from_name(n).unwrap())
                .fold(IfFlags::EMPTY, |a, b| a | b);
            assert_eq!(back, f);
        }
        assert_eq!(IfFlags::from_bits(0x20), None);
        assert_eq!(
            IfFlags::from_bits_truncate(0x31),
            IfFlags::UP | IfFlags::MULTICAST
        );
        assert_eq!(format!("{:?}", IfFlags::EMPTY), "(empty)");
        assert_eq!(Changes::NONE.to_string(), "(none)");
    }

    #[test]
    fn scope_rank_prefers_matching_scope() {
        let ll = ip("fe80::1");
        let gl = ip("2001:db8::1");
        assert!(scope_rank(ll, ip("fe80::2")) < scope_rank(gl, ip("fe80::2")));
        assert!(scope_rank(gl, ip("2001:db8::2")) < scope_rank(ll, ip("2001:db8::2")));
        // ff02::1 is link-scope multicast, ff0e::1 global.
        assert!(scope_rank(ll, ip("ff02::1")) < scope_rank(gl, ip("ff02::1")));
        assert!(scope_rank(gl, ip("ff0e::1")) < scope_rank(ll, ip("ff0e::1")));
    }

    #[test]
    fn lookup_probes_are_bounded_on_a_big_table() {
        let mut host = Host::default_host();
        for i in 0u32..5_000 {
            let len = (8 + i % 25) as u8;
            let dst = mask_addr(IpAddr::V4(Ipv4Addr::from(i.wrapping_mul(0x9e37_79b9))), len);
            let _ = host.add_route(Route {
                destination: dst,
                prefix_len: len,
                gateway: Some(ip("192.0.2.1")),
                if_index: 2,
                metric: i,
            });
        }
        assert!(host.routes().count() > 4_000);
        for d in ["203.0.113.1", "10.0.0.1", "192.0.2.77", "255.255.255.255"] {
            assert!(host.probes(ip(d)) <= 33, "{d}");
        }
    }
}
