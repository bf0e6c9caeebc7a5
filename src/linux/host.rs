//! The kernel's links, addresses and routes as an emulated [`Host`], so that the emulated
//! provider's rules (which addresses `SIO_ADDRESS_LIST_QUERY` lists, what
//! `SIO_GET_INTERFACE_LIST` reports) answer for this Linux host unchanged, and so that a
//! conformance run can compare the two providers over the same host.
//!
//! | Host | from |
//! |---|---|
//! | interface index, name, MTU | `ifi_index`, `IFLA_IFNAME`, `IFLA_MTU` |
//! | `IFF_UP` | Linux `IFF_UP` **and** `IFF_RUNNING` (administratively up and operational: Windows reports a disconnected adapter without `IFF_UP` and removes its addresses from the bindable list) |
//! | `IFF_BROADCAST`, `IFF_LOOPBACK`, `IFF_POINTTOPOINT`, `IFF_MULTICAST` | the Linux flags of the same names (Linux `IFF_LOOPBACK` is 0x8 and `IFF_POINTOPOINT` 0x10; Windows 0x4 and 0x8) |
//! | receive queues | `/sys/class/net/NAME/queues/rx-*` (the queues in use) when the netlink socket's thread is in the process's network namespace and the sysfs entry's `ifindex` matches, else `IFLA_NUM_RX_QUEUES` (the queues allocated): sysfs describes the namespace it was mounted in, not the calling thread's |
//! | interface metric | 0 (Linux has none; route metrics carry it) |
//! | address `tentative` | `IFA_F_TENTATIVE` or `IFA_F_DADFAILED` (not usable) |
//! | address `deprecated` | `IFA_F_DEPRECATED` |
//! | address `temporary` | IPv6 `IFA_F_TEMPORARY` (the same bit is `IFA_F_SECONDARY` on IPv4, which is not temporary) |
//! | static routes | main-table unicast routes not installed by the kernel for an address (`proto kernel`: the host derives on-link routes itself), first next hop of a multipath route |
//!
//! Linux allows one address on two interfaces, a host does not: the second occurrence is
//! skipped. A route the host rejects (an unknown interface, a duplicate) is skipped.

use std::net::IpAddr;

use netlink_packet_route::address::AddressFlags;
use netlink_packet_route::link::LinkFlags;

use super::netlink::{AddrInfo, LinkInfo, RouteInfo};
use crate::emulated::host::{
    AddressFlags as HostAddressFlags, Host, HostAddress, IfFlags, InterfaceBuilder, Route,
};

/// Linux link flags → the Windows `IFF_*` bits of a host interface.
pub(crate) fn if_flags(f: LinkFlags) -> IfFlags {
    let mut w = IfFlags::EMPTY;
    if f.contains(LinkFlags::Up) && f.contains(LinkFlags::Running) {
        w |= IfFlags::UP;
    }
    if f.contains(LinkFlags::Broadcast) {
        w |= IfFlags::BROADCAST;
    }
    if f.contains(LinkFlags::Loopback) {
        w |= IfFlags::LOOPBACK;
    }
    if f.contains(LinkFlags::Pointopoint) {
        w |= IfFlags::POINT_TO_POINT;
    }
    if f.contains(LinkFlags::Multicast) {
        w |= IfFlags::MULTICAST;
    }
    w
}

fn address_flags(a: &AddrInfo) -> HostAddressFlags {
    HostAddressFlags {
        temporary: a.addr.is_ipv6() && a.flags.contains(AddressFlags::Secondary),
        deprecated: a.flags.contains(AddressFlags::Deprecated),
        tentative: a
            .flags
            .intersects(AddressFlags::Tentative | AddressFlags::Dadfailed),
    }
}

/// Whether the calling thread is in the process's (main thread's) network namespace — the one
/// sysfs was most likely mounted for; otherwise /sys/class/net describes other interfaces.
pub(crate) fn sysfs_is_ours() -> bool {
    let ns = |p: &str| std::fs::read_link(p).ok();
    let me = ns("/proc/thread-self/ns/net");
    me.is_some() && me == ns("/proc/self/ns/net")
}

/// The receive queues of `link` (see the module table); `sysfs` says whether /sys/class/net may
/// be consulted ([`sysfs_is_ours`] where the netlink socket was opened).
pub(crate) fn rx_queues(link: &LinkInfo, sysfs: bool) -> u32 {
    let dir = format!("/sys/class/net/{}", link.name);
    let same = sysfs
        && !link.name.is_empty()
        && !link.name.contains('/')
        && std::fs::read_to_string(format!("{dir}/ifindex"))
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            == Some(link.index);
    if same && let Ok(rd) = std::fs::read_dir(format!("{dir}/queues")) {
        let n = rd
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("rx-"))
            .count();
        if n > 0 {
            return n as u32;
        }
    }
    link.rx_queues.max(1)
}

/// Builds a host from the dumps; `queues` reads the receive queues too (`Some(sysfs)`, see
/// [`rx_queues`]).
pub(crate) fn build(
    links: &[LinkInfo],
    addrs: &[AddrInfo],
    routes: &[RouteInfo],
    queues: Option<bool>,
) -> Host {
    let mut host = Host::empty();
    let mut seen: std::collections::BTreeSet<IpAddr> = std::collections::BTreeSet::new();
    for l in links {
        if l.index == 0 {
            continue;
        }
        let mut b = InterfaceBuilder::new(l.index, l.name.clone())
            .flags(if_flags(l.flags))
            .mtu(l.mtu)
            .metric(0);
        if let Some(sysfs) = queues {
            b = b.rss_queues(rx_queues(l, sysfs));
        }
        for a in addrs.iter().filter(|a| a.index == l.index) {
            if !seen.insert(a.addr) {
                continue;
            }
            if let Ok(ha) = HostAddress::new(a.addr, a.prefix_len) {
                b = b.host_address(ha.with_flags(address_flags(a)));
            }
        }
        if let Ok(iface) = b.build() {
            let _ = host.add_interface(iface);
        }
    }
    for r in routes.iter().filter(|r| !r.kernel) {
        let _ = host.add_route(Route {
            destination: r.destination,
            prefix_len: r.prefix_len,
            gateway: r.gateway,
            if_index: r.oif,
            metric: r.metric,
        });
    }
    host
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulated::host::Family;

    fn link(index: u32, name: &str, flags: LinkFlags) -> LinkInfo {
        LinkInfo {
            index,
            name: name.into(),
            flags,
            mtu: 1500,
            rx_queues: 1,
        }
    }

    #[test]
    fn flags_translate_bit_by_bit() {
        let lo = LinkFlags::Up | LinkFlags::Running | LinkFlags::Loopback | LinkFlags::LowerUp;
        assert_eq!(if_flags(lo), IfFlags::UP | IfFlags::LOOPBACK);
        let eth_down = LinkFlags::Up | LinkFlags::Broadcast | LinkFlags::Multicast;
        assert_eq!(if_flags(eth_down), IfFlags::BROADCAST | IfFlags::MULTICAST);
        assert_eq!(if_flags(LinkFlags::Pointopoint).bits(), 0x8);
    }

    #[test]
    fn duplicates_and_tentative_addresses() {
        let up = LinkFlags::Up | LinkFlags::Running | LinkFlags::Broadcast;
        let links = [link(2, "a", up), link(3, "b", up)];
        let addrs = [
            AddrInfo {
                index: 2,
                addr: "192.0.2.1".parse().unwrap(),
                prefix_len: 24,
                flags: AddressFlags::Permanent,
            },
            AddrInfo {
                index: 3,
                addr: "192.0.2.1".parse().unwrap(),
                prefix_len: 24,
                flags: AddressFlags::Permanent,
            },
            AddrInfo {
                index: 3,
                addr: "2001:db8::1".parse().unwrap(),
                prefix_len: 64,
                flags: AddressFlags::Tentative,
            },
        ];
        let h = build(&links, &addrs, &[], None);
        assert_eq!(h.addresses(Family::V4).count(), 1);
        assert_eq!(h.bindable_addresses(Family::V6).count(), 0);
        assert_eq!(h.addresses(Family::V6).count(), 1);
    }
}
