//! rtnetlink for the Linux provider: the link, address and route dumps behind
//! `SIO_GET_INTERFACE_LIST` / `SIO_ADDRESS_LIST_QUERY` / [`super::read_host`], the single
//! `RTM_GETROUTE` behind `SIO_ROUTING_INTERFACE_QUERY` (what `ip route get` sends), and the
//! classification of the multicast notifications behind `SIO_ADDRESS_LIST_CHANGE` /
//! `SIO_ROUTING_INTERFACE_CHANGE`.
//!
//! Messages are built and parsed with netlink-packet-route's types (no hand-rolled netlink
//! parsing); the socket is netlink-sys's. A socket belongs to the network namespace of the
//! thread that created it, whatever thread uses it later.

use std::io;
use std::net::IpAddr;

use netlink_packet_core::{
    Emitable, ErrorBuffer, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR,
    NetlinkBuffer, NetlinkHeader, NetlinkMessage, NetlinkPayload, NlaBuffer, NlasIterator,
    ParseableParametrized,
};
use netlink_packet_route::address::{
    AddressAttribute, AddressFlags, AddressHeader, AddressMessage,
};
use netlink_packet_route::link::{LinkAttribute, LinkFlags, LinkHeader, LinkMessage};
use netlink_packet_route::route::{
    RouteAddress, RouteAttribute, RouteFlags, RouteHeader, RouteLwEnCapType, RouteMessage,
    RouteProtocol, RouteType,
};
use netlink_packet_route::{AddressFamily, RouteNetlinkMessage};
use netlink_sys::{Socket, SocketAddr, protocols::NETLINK_ROUTE};

use crate::emulated::host::{Changes, Family};

/// One link of `RTM_GETLINK`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkInfo {
    /// `ifi_index`.
    pub(crate) index: u32,
    /// `IFLA_IFNAME`.
    pub(crate) name: String,
    /// `ifi_flags` (Linux `IFF_*`).
    pub(crate) flags: LinkFlags,
    /// `IFLA_MTU`.
    pub(crate) mtu: u32,
    /// `IFLA_NUM_RX_QUEUES` (1 when absent).
    pub(crate) rx_queues: u32,
}

/// One address of `RTM_GETADDR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddrInfo {
    /// `ifa_index`.
    pub(crate) index: u32,
    /// `IFA_LOCAL` (IPv4) or `IFA_ADDRESS`.
    pub(crate) addr: IpAddr,
    /// `ifa_prefixlen`.
    pub(crate) prefix_len: u8,
    /// `IFA_FLAGS` (or the header's 8 bits).
    pub(crate) flags: AddressFlags,
}

/// One main-table unicast route of `RTM_GETROUTE` (dump).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RouteInfo {
    pub(crate) destination: IpAddr,
    pub(crate) prefix_len: u8,
    pub(crate) gateway: Option<IpAddr>,
    pub(crate) oif: u32,
    pub(crate) metric: u32,
    /// Installed by the kernel for an address (`proto kernel`): the emulated host materializes
    /// those itself.
    pub(crate) kernel: bool,
}

fn family_code(f: Family) -> AddressFamily {
    match f {
        Family::V4 => AddressFamily::Inet,
        Family::V6 => AddressFamily::Inet6,
    }
}

fn route_ip(a: &RouteAddress) -> Option<IpAddr> {
    match a {
        RouteAddress::Inet(v4) => Some(IpAddr::V4(*v4)),
        RouteAddress::Inet6(v6) => Some(IpAddr::V6(*v6)),
        _ => None,
    }
}

fn bad_data(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// A NETLINK_ROUTE socket for requests (not subscribed to any group).
#[derive(Debug)]
pub(crate) struct Rtnl {
    sock: Socket,
    seq: u32,
    buf: Vec<u8>,
    out: Vec<u8>,
}

impl Rtnl {
    /// Opens and binds a request socket in the calling thread's network namespace.
    pub(crate) fn open() -> io::Result<Self> {
        let mut sock = Socket::new(NETLINK_ROUTE)?;
        sock.bind_auto()?;
        sock.connect(&SocketAddr::new(0, 0))?;
        Ok(Self {
            sock,
            seq: 0,
            // Dumps come in datagrams of at most 32 KiB (netlink_recvmsg caps the size).
            buf: vec![0; 64 * 1024],
            out: Vec::with_capacity(128),
        })
    }

    /// Sends `msg` and hands every reply payload (type, bytes) to `each`, until `NLMSG_DONE`
    /// (dump) or the first reply (single request). An `NLMSG_ERROR` with a code is returned as
    /// that errno; an interrupted dump as `EAGAIN` (the caller retries).
    fn request(
        &mut self,
        msg: RouteNetlinkMessage,
        dump: bool,
        mut each: impl FnMut(u16, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let mut header = NetlinkHeader::default();
        header.flags = NLM_F_REQUEST | if dump { NLM_F_DUMP } else { 0 };
        header.sequence_number = seq;
        let mut packet = NetlinkMessage::new(header, NetlinkPayload::from(msg));
        packet.finalize();
        self.out.clear();
        self.out.resize(packet.buffer_len(), 0);
        packet.serialize(&mut self.out);
        self.sock.send(&self.out, 0)?;
        let mut interrupted = false;
        loop {
            let n = {
                let mut b: &mut [u8] = &mut self.buf[..];
                self.sock.recv(&mut b, 0)?
            };
            let mut off = 0;
            while off < n {
                let m = NetlinkBuffer::new_checked(&self.buf[off..n]).map_err(bad_data)?;
                let len = m.length() as usize;
                if len == 0 {
                    break;
                }
                off += (len + 3) & !3;
                if m.sequence_number() != seq {
                    continue; // a stale reply to an abandoned request
                }
                if m.flags() & NLM_F_DUMP_INTR != 0 {
                    interrupted = true;
                }
                match m.message_type() {
                    NLMSG_DONE => {
                        return if interrupted {
                            Err(io::Error::from_raw_os_error(libc::EAGAIN))
                        } else {
                            Ok(())
                        };
                    }
                    NLMSG_ERROR => {
                        let e = ErrorBuffer::new_checked(m.payload()).map_err(bad_data)?;
                        return match e.code() {
                            Some(code) => Err(io::Error::from_raw_os_error(-code.get())),
                            None => Ok(()),
                        };
                    }
                    ty => {
                        each(ty, m.payload())?;
                        if !dump {
                            return Ok(());
                        }
                    }
                }
            }
        }
    }

    /// A dump, retried (up to 4 times, from scratch) when the kernel reports it interrupted by
    /// a concurrent change; `parse` turns each reply into at most one item.
    fn dump<T>(
        &mut self,
        msg: impl Fn() -> RouteNetlinkMessage,
        mut parse: impl FnMut(u16, &[u8]) -> io::Result<Option<T>>,
    ) -> io::Result<Vec<T>> {
        let mut tries = 0;
        loop {
            let mut out = Vec::new();
            match self.request(msg(), true, |ty, payload| {
                out.extend(parse(ty, payload)?);
                Ok(())
            }) {
                Err(e) if e.raw_os_error() == Some(libc::EAGAIN) && tries < 4 => tries += 1,
                Err(e) => return Err(e),
                Ok(()) => return Ok(out),
            }
        }
    }

    /// `RTM_GETLINK` dump: index, name, flags, MTU and receive queues of every link (only the
    /// header and those three attributes are parsed).
    pub(crate) fn links(&mut self) -> io::Result<Vec<LinkInfo>> {
        let hdr_len = LinkHeader::default().buffer_len();
        self.dump(
            || RouteNetlinkMessage::GetLink(LinkMessage::default()),
            |ty, payload| {
                if ty != libc::RTM_NEWLINK {
                    return Ok(None);
                }
                let h = LinkHeader::parse(payload).map_err(bad_data)?;
                let mut link = LinkInfo {
                    index: h.index,
                    name: String::new(),
                    flags: h.flags,
                    mtu: 0,
                    rx_queues: 1,
                };
                for nla in NlasIterator::new(payload.get(hdr_len..).unwrap_or(&[])) {
                    let nla: NlaBuffer<&[u8]> = nla.map_err(bad_data)?;
                    if ![libc::IFLA_IFNAME, libc::IFLA_MTU, libc::IFLA_NUM_RX_QUEUES]
                        .contains(&nla.kind())
                    {
                        continue;
                    }
                    match LinkAttribute::parse_with_param(&nla, h.interface_family)
                        .map_err(bad_data)?
                    {
                        LinkAttribute::IfName(n) => link.name = n,
                        LinkAttribute::Mtu(m) => link.mtu = m,
                        LinkAttribute::NumRxQueues(q) => link.rx_queues = q,
                        _ => {}
                    }
                }
                Ok(Some(link))
            },
        )
    }

    /// `RTM_GETADDR` dump of one family (or both).
    pub(crate) fn addresses(&mut self, family: Option<Family>) -> io::Result<Vec<AddrInfo>> {
        self.dump(
            || {
                let mut m = AddressMessage::default();
                if let Some(f) = family {
                    m.header.family = family_code(f);
                }
                RouteNetlinkMessage::GetAddress(m)
            },
            |ty, payload| {
                if ty != libc::RTM_NEWADDR {
                    return Ok(None);
                }
                parse_address(payload)
            },
        )
    }

    /// `RTM_GETROUTE` dump of the main table's unicast routes (both families).
    pub(crate) fn routes(&mut self) -> io::Result<Vec<RouteInfo>> {
        self.dump(
            || RouteNetlinkMessage::GetRoute(RouteMessage::default()),
            |ty, payload| {
                if ty != libc::RTM_NEWROUTE {
                    return Ok(None);
                }
                let m = <RouteMessage as netlink_packet_core::Parseable<[u8]>>::parse(payload)
                    .map_err(bad_data)?;
                let mut table = u32::from(m.header.table);
                let mut r = RouteInfo {
                    destination: match m.header.address_family {
                        AddressFamily::Inet => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
                        AddressFamily::Inet6 => IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
                        _ => return Ok(None),
                    },
                    prefix_len: m.header.destination_prefix_length,
                    gateway: None,
                    oif: 0,
                    metric: 0,
                    kernel: m.header.protocol == RouteProtocol::Kernel,
                };
                for a in &m.attributes {
                    match a {
                        RouteAttribute::Destination(d) => {
                            r.destination = route_ip(d).unwrap_or(r.destination)
                        }
                        RouteAttribute::Gateway(g) => r.gateway = route_ip(g),
                        RouteAttribute::Oif(i) => r.oif = *i,
                        RouteAttribute::Priority(p) => r.metric = *p,
                        RouteAttribute::Table(t) => table = *t,
                        RouteAttribute::MultiPath(hops) => {
                            // The first next hop stands for the group.
                            if let Some(h) = hops.first() {
                                r.oif = h.interface_index;
                                r.gateway = h.attributes.iter().find_map(|a| match a {
                                    RouteAttribute::Gateway(g) => route_ip(g),
                                    _ => None,
                                });
                            }
                        }
                        _ => {}
                    }
                }
                let main = table == u32::from(RouteHeader::RT_TABLE_MAIN);
                let keep = main
                    && m.header.kind == RouteType::Unicast
                    && !m.header.flags.contains(RouteFlags::Cloned)
                    && r.oif != 0;
                Ok(keep.then_some(r))
            },
        )
    }

    /// One `RTM_GETROUTE` for `dst` (what `ip route get DST [oif N]` sends): the preferred
    /// source address the kernel would use. Errors are the kernel's errno (`ENETUNREACH`, …);
    /// a reply without a source (no usable address) is `ENETUNREACH`.
    pub(crate) fn route_get(&mut self, dst: IpAddr, oif: u32) -> io::Result<IpAddr> {
        let mut m = RouteMessage::default();
        m.header.address_family = match dst {
            IpAddr::V4(_) => AddressFamily::Inet,
            IpAddr::V6(_) => AddressFamily::Inet6,
        };
        m.header.destination_prefix_length = if dst.is_ipv4() { 32 } else { 128 };
        m.attributes
            .push(RouteAttribute::Destination(RouteAddress::from(dst)));
        if oif != 0 {
            m.attributes.push(RouteAttribute::Oif(oif));
        }
        let mut src = None;
        let hdr_len = RouteHeader::default().buffer_len();
        self.request(RouteNetlinkMessage::GetRoute(m), false, |ty, payload| {
            if ty != libc::RTM_NEWROUTE {
                return Ok(());
            }
            // Only the header and RTA_PREFSRC are parsed (the reply also carries cache info,
            // table, output interface…).
            let h = RouteHeader::parse(payload).map_err(bad_data)?;
            for nla in NlasIterator::new(payload.get(hdr_len..).unwrap_or(&[])) {
                let nla: NlaBuffer<&[u8]> = nla.map_err(bad_data)?;
                if nla.kind() != libc::RTA_PREFSRC {
                    continue;
                }
                let param = (h.address_family, h.kind, RouteLwEnCapType::default());
                if let RouteAttribute::PrefSource(p) =
                    RouteAttribute::parse_with_param(&nla, param).map_err(bad_data)?
                {
                    src = route_ip(&p);
                }
            }
            Ok(())
        })?;
        src.ok_or_else(|| io::Error::from_raw_os_error(libc::ENETUNREACH))
    }
}

fn parse_address(payload: &[u8]) -> io::Result<Option<AddrInfo>> {
    let m = <AddressMessage as netlink_packet_core::Parseable<[u8]>>::parse(payload)
        .map_err(bad_data)?;
    let mut local = None;
    let mut address = None;
    let mut flags = AddressFlags::from_bits_retain(u32::from(m.header.flags.bits()));
    for a in &m.attributes {
        match a {
            AddressAttribute::Local(ip) => local = Some(*ip),
            AddressAttribute::Address(ip) => address = Some(*ip),
            AddressAttribute::Flags(f) => flags = *f,
            _ => {}
        }
    }
    // IPv4: IFA_LOCAL is the interface's own address (IFA_ADDRESS is the peer on a
    // point-to-point link); IPv6 sets IFA_LOCAL only with a peer, IFA_ADDRESS otherwise.
    let addr = match m.header.family {
        AddressFamily::Inet => local.or(address),
        AddressFamily::Inet6 => local.or(address),
        _ => None,
    };
    Ok(addr.map(|addr| AddrInfo {
        index: m.header.index,
        addr,
        prefix_len: m.header.prefix_len,
        flags,
    }))
}

/// The multicast groups the change listener joins (RTNLGRP_* numbers, rtnetlink.h).
pub(crate) const GROUPS: [u32; 5] = [
    libc::RTNLGRP_LINK,
    libc::RTNLGRP_IPV4_IFADDR,
    libc::RTNLGRP_IPV6_IFADDR,
    libc::RTNLGRP_IPV4_ROUTE,
    libc::RTNLGRP_IPV6_ROUTE,
];

/// A NETLINK_ROUTE socket for notifications: created (in the provider's namespace) unbound to
/// any group; [`Listener::join`] subscribes it when the first change request arrives.
#[derive(Debug)]
pub(crate) struct Listener {
    sock: Socket,
    buf: Vec<u8>,
}

impl Listener {
    /// Opens the notification socket in the calling thread's network namespace.
    pub(crate) fn open() -> io::Result<Self> {
        let mut sock = Socket::new(NETLINK_ROUTE)?;
        sock.bind_auto()?;
        Ok(Self {
            sock,
            buf: vec![0; 64 * 1024],
        })
    }

    /// Joins [`GROUPS`]; from now on the kernel queues their notifications on this socket.
    pub(crate) fn join(&self) -> io::Result<()> {
        for g in GROUPS {
            self.sock.add_membership(g)?;
        }
        Ok(())
    }

    /// The descriptor, for `poll`.
    pub(crate) fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        use std::os::fd::AsFd;
        self.sock.as_fd()
    }

    /// Reads one datagram of notifications (nonblocking) and returns what they change.
    /// `ENOBUFS` (the kernel dropped notifications) counts as every change.
    pub(crate) fn read(&mut self) -> io::Result<Notified> {
        let n = {
            let mut b: &mut [u8] = &mut self.buf[..];
            match self.sock.recv(&mut b, libc::MSG_DONTWAIT) {
                Ok(n) => n,
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => {
                    return Ok(Notified {
                        changes: ALL_CHANGES,
                        addresses: [true; 2],
                    });
                }
                Err(e) => return Err(e),
            }
        };
        let mut changes = Notified::default();
        let mut off = 0;
        while off < n {
            let Ok(m) = NetlinkBuffer::new_checked(&self.buf[off..n]) else {
                break;
            };
            let len = m.length() as usize;
            if len == 0 {
                break;
            }
            off += (len + 3) & !3;
            let c = classify(m.message_type(), m.payload());
            changes.changes |= c.changes;
            changes.addresses[0] |= c.addresses[0];
            changes.addresses[1] |= c.addresses[1];
        }
        Ok(changes)
    }
}

/// What a batch of notifications says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Notified {
    /// Changes known from the messages themselves (routes, links).
    pub(crate) changes: Changes,
    /// An address of the family (IPv4, IPv6) — or a link's state — changed: that family's
    /// address view must be read again to know whether what `SIO_ADDRESS_LIST_QUERY` answers
    /// changed.
    pub(crate) addresses: [bool; 2],
}

/// `RT_TABLE_LOCAL` (rtnetlink.h).
const RT_TABLE_LOCAL: u8 = 255;

/// Every address and route change of both families.
pub(crate) const ALL_CHANGES: Changes = Changes::ADDRESS_V4
    .union(Changes::ADDRESS_V6)
    .union(Changes::ROUTE_V4)
    .union(Changes::ROUTE_V6);

/// What one notification changes, in the emulated host's terms (emulated::host, "Changes"):
/// a route added or removed is `ROUTE_f` (cloned/cached entries and the local table ignored); an address added,
/// removed or changed asks for the address view to be compared (the provider then fires
/// `ADDRESS_f | ROUTE_f` only for a family whose view changed — so the second RTM_NEWADDR the
/// kernel sends when (no-)DAD completes, or a lifetime refresh, changes nothing); a link whose
/// `IFF_UP`, `IFF_RUNNING` or `IFF_LOWER_UP` changed, or that was deleted, is `ROUTE_f` of both
/// families plus an address-view comparison (which families it carries is not in the message).
pub(crate) fn classify(ty: u16, payload: &[u8]) -> Notified {
    let fam = |f: AddressFamily| match f {
        AddressFamily::Inet => Some(Family::V4),
        AddressFamily::Inet6 => Some(Family::V6),
        _ => None,
    };
    let links = Notified {
        changes: Changes::ROUTE_V4 | Changes::ROUTE_V6,
        addresses: [true; 2],
    };
    match ty {
        libc::RTM_NEWADDR | libc::RTM_DELADDR => Notified {
            changes: Changes::NONE,
            addresses: match AddressHeader::parse(payload)
                .ok()
                .and_then(|h| fam(h.family))
            {
                Some(f) => [f == Family::V4, f == Family::V6],
                None => [false; 2],
            },
        },
        libc::RTM_NEWROUTE | libc::RTM_DELROUTE => Notified {
            changes: match RouteHeader::parse(payload) {
                // The local table holds the kernel's host routes for local addresses (the
                // emulated host does not model them; the address change already fires
                // ROUTE_f) — IPv6 inserts them when (no-)DAD completes, after the address.
                Ok(h) if !h.flags.contains(RouteFlags::Cloned) && h.table != RT_TABLE_LOCAL => {
                    fam(h.address_family).map_or(Changes::NONE, Changes::route)
                }
                _ => Changes::NONE,
            },
            addresses: [false; 2],
        },
        libc::RTM_NEWLINK => match LinkHeader::parse(payload) {
            Ok(h)
                if h.change_mask
                    .intersects(LinkFlags::Up | LinkFlags::Running | LinkFlags::LowerUp) =>
            {
                links
            }
            _ => Notified::default(),
        },
        libc::RTM_DELLINK => links,
        _ => Notified::default(),
    }
}
