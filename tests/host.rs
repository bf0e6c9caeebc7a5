//! The simulated host of the emulated provider (src/emulated/host.rs, src/emulated/route.rs).
//!
//! * route lookup (`SIO_ROUTING_INTERFACE_QUERY`, spec/002): longest prefix, metric and index
//!   tie-breaks, down interfaces, unreachable destinations, IPv6, multicast — by example, and
//!   against a naive linear-scan oracle written here (proptest);
//! * the `Changes` every mutation reports (`SIO_ADDRESS_LIST_CHANGE`,
//!   `SIO_ROUTING_INTERFACE_CHANGE`), exactly by example and never missing one (proptest);
//! * typed errors, never panics;
//! * the SAN address rules of spec/004 (SIO_ADDRESS_LIST_QUERY), one example per excluded class;
//! * host files: `fixtures/hosts/default.toml` is `Host::default_host()`, round trips.

use std::cmp::Reverse;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;
use wsaioctl::emulated::host::{
    AddressFlags, Changes, Family, Host, HostAddress, HostError, IfFlags, Interface,
    InterfaceBuilder, ON_LINK_METRIC, Route, RouteChoice, RouteKey,
};

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn choice(if_index: u32, source: &str, gateway: Option<&str>) -> Option<RouteChoice> {
    Some(RouteChoice {
        if_index,
        source: ip(source),
        gateway: gateway.map(ip),
    })
}

fn route(dest: &str, gw: Option<&str>, if_index: u32, metric: u32) -> Route {
    Route::parse(dest, gw, if_index, metric).unwrap()
}

const ALL4: Changes = Changes::ADDRESS_V4
    .union(Changes::ADDRESS_V6)
    .union(Changes::ROUTE_V4)
    .union(Changes::ROUTE_V6);
const A4R4: Changes = Changes::ADDRESS_V4.union(Changes::ROUTE_V4);
const A6R6: Changes = Changes::ADDRESS_V6.union(Changes::ROUTE_V6);

// ---------------------------------------------------------------------------------------------
// The naive oracle
// ---------------------------------------------------------------------------------------------

fn octets(a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(a) => a.octets().to_vec(),
        IpAddr::V6(a) => a.octets().to_vec(),
    }
}

/// Bit `i` (0 = most significant), read octet by octet — not the crate's masks.
fn bit(a: IpAddr, i: u8) -> bool {
    let o = octets(a);
    (o[usize::from(i / 8)] >> (7 - i % 8)) & 1 == 1
}

fn in_prefix(dst: IpAddr, net: IpAddr, len: u8) -> bool {
    dst.is_ipv4() == net.is_ipv4() && (0..len).all(|i| bit(dst, i) == bit(net, i))
}

/// `a` with the bits after `len` cleared, octet by octet.
fn masked(a: IpAddr, len: u8) -> IpAddr {
    let mut o = octets(a);
    for (n, b) in o.iter_mut().enumerate() {
        let start = (n * 8) as u32;
        let keep = u32::from(len).saturating_sub(start).min(8);
        *b &= if keep == 0 { 0 } else { 0xffu8 << (8 - keep) };
    }
    match a {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::new(o[0], o[1], o[2], o[3])),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(o).unwrap())),
    }
}

fn link_delivered(dst: IpAddr) -> bool {
    match dst {
        IpAddr::V4(a) => a.octets()[0] >> 4 == 0xe || a == Ipv4Addr::BROADCAST,
        IpAddr::V6(a) => a.octets()[0] == 0xff,
    }
}

/// A linear scan over every static route and every address's on-link prefix.
fn naive_route(host: &Host, dst: IpAddr) -> Option<RouteChoice> {
    let mut all: Vec<(u8, IpAddr, u32, u32, Option<IpAddr>)> = host
        .routes()
        .map(|r| (r.prefix_len, r.destination, r.metric, r.if_index, r.gateway))
        .collect();
    for f in Family::ALL {
        for (i, a) in host.addresses(f) {
            all.push((a.prefix_len(), a.addr(), ON_LINK_METRIC, i.index(), None));
        }
    }
    type Key = (Reverse<u8>, u64, u32, Option<IpAddr>);
    let mut best: Option<(Key, RouteChoice)> = None;
    for (len, net, metric, if_index, gateway) in all {
        if !in_prefix(dst, net, len) {
            continue;
        }
        let iface = host
            .interface(if_index)
            .expect("routes name existing interfaces");
        if !iface.is_up() {
            continue;
        }
        let Some(source) = iface.preferred_source(dst) else {
            continue;
        };
        let key = (
            Reverse(len),
            u64::from(metric) + u64::from(iface.metric()),
            if_index,
            gateway,
        );
        let c = RouteChoice {
            if_index,
            source,
            gateway: if link_delivered(dst) { None } else { gateway },
        };
        if best.as_ref().is_none_or(|(k, _)| key < *k) {
            best = Some((key, c));
        }
    }
    best.map(|(_, c)| c)
}

// ---------------------------------------------------------------------------------------------
// The default host and the Windows constants
// ---------------------------------------------------------------------------------------------

#[test]
fn if_flags_are_the_windows_iff_bits() {
    use windows_sys::Win32::Networking::WinSock as ws;
    assert_eq!(IfFlags::UP.bits(), ws::IFF_UP);
    assert_eq!(IfFlags::BROADCAST.bits(), ws::IFF_BROADCAST);
    assert_eq!(IfFlags::LOOPBACK.bits(), ws::IFF_LOOPBACK);
    assert_eq!(IfFlags::POINT_TO_POINT.bits(), ws::IFF_POINTTOPOINT);
    assert_eq!(IfFlags::MULTICAST.bits(), ws::IFF_MULTICAST);
    assert_eq!(Family::V4.af(), ws::AF_INET);
    assert_eq!(Family::V6.af(), ws::AF_INET6);
}

#[test]
fn default_host_is_as_documented() {
    let h = Host::default_host();
    let ifs: Vec<&Interface> = h.interfaces().collect();
    assert_eq!(ifs.len(), 2);
    let lo = ifs[0];
    assert_eq!((lo.index(), lo.name()), (1, "Loopback Pseudo-Interface 1"));
    assert_eq!(lo.flags().bits(), 0x1 | 0x4 | 0x10);
    assert_eq!(lo.mtu(), 4_294_967_295);
    assert!(!lo.is_rss_capable());
    let eth = ifs[1];
    assert_eq!((eth.index(), eth.name()), (2, "Ethernet"));
    assert_eq!(eth.flags().bits(), 0x1 | 0x2 | 0x10);
    assert_eq!((eth.mtu(), eth.rss_queues()), (1500, 4));
    assert!(eth.is_rss_capable());
    let v4: Vec<String> = h
        .addresses(Family::V4)
        .map(|(i, a)| format!("{} {a}", i.index()))
        .collect();
    assert_eq!(v4, ["1 127.0.0.1/8", "2 192.0.2.10/24"]);
    let v6: Vec<String> = h
        .addresses(Family::V6)
        .map(|(i, a)| format!("{} {a}", i.index()))
        .collect();
    assert_eq!(v6, ["1 ::1/128", "2 2001:db8::10/64", "2 fe80::10/64"]);
    let routes: Vec<String> = h.routes().map(|r| r.to_string()).collect();
    assert_eq!(
        routes,
        [
            "0.0.0.0/0 via 192.0.2.1 interface 2 metric 0",
            "::/0 via fe80::1 interface 2 metric 0"
        ]
    );
    // SIO_GET_INTERFACE_LIST's netmask and broadcast for 192.0.2.10/24.
    let (_, a) = h.address_owner(ip("192.0.2.10")).unwrap();
    assert_eq!(a.netmask(), ip("255.255.255.0"));
    assert_eq!(a.broadcast(), Some(Ipv4Addr::new(192, 0, 2, 255)));
}

#[test]
fn addresses_are_ordered_by_interface_index_then_insertion() {
    let h = Host::builder()
        .interface(
            InterfaceBuilder::ethernet(9, "b")
                .address("198.51.100.9/24")
                .address("10.9.0.1/16"),
        )
        .interface(
            InterfaceBuilder::ethernet(4, "a")
                .address("192.0.2.4/24 tentative")
                .address("172.16.0.4/12"),
        )
        .interface(
            InterfaceBuilder::ethernet(6, "down")
                .up(false)
                .address("203.0.113.6/24"),
        )
        .build()
        .unwrap();
    let all: Vec<IpAddr> = h.addresses(Family::V4).map(|(_, a)| a.addr()).collect();
    assert_eq!(
        all,
        [
            ip("192.0.2.4"),
            ip("172.16.0.4"),
            ip("203.0.113.6"),
            ip("198.51.100.9"),
            ip("10.9.0.1")
        ]
    );
    let bindable: Vec<IpAddr> = h
        .bindable_addresses(Family::V4)
        .map(|(_, a)| a.addr())
        .collect();
    assert_eq!(
        bindable,
        [ip("172.16.0.4"), ip("198.51.100.9"), ip("10.9.0.1")],
        "tentative and down-link addresses are not bindable"
    );
    assert_eq!(h.addresses(Family::V6).count(), 0);
    let indices: Vec<u32> = h.interfaces().map(|i| i.index()).collect();
    assert_eq!(indices, [4, 6, 9]);
}

// ---------------------------------------------------------------------------------------------
// Route lookup by example
// ---------------------------------------------------------------------------------------------

#[test]
fn longest_prefix_wins_over_overlapping_prefixes() {
    let h = Host::builder()
        .interface(InterfaceBuilder::loopback(1, "lo").address("127.0.0.1/8"))
        .interface(InterfaceBuilder::new(2, "a").address("10.0.0.2/8"))
        .interface(InterfaceBuilder::new(3, "b").address("172.16.0.3/12"))
        .interface(InterfaceBuilder::new(4, "c").address("192.168.0.4/16"))
        .route("0.0.0.0/0", Some("10.0.0.1"), 2, 0)
        .route("198.51.0.0/16", Some("172.16.0.1"), 3, 0)
        .route("198.51.100.0/24", Some("192.168.0.1"), 4, 0)
        .route("198.51.100.128/25", Some("10.0.0.254"), 2, 0)
        .route("198.51.100.200/32", Some("172.16.0.254"), 3, 0)
        .build()
        .unwrap();
    let cases = [
        (
            "198.51.100.200",
            choice(3, "172.16.0.3", Some("172.16.0.254")),
        ),
        ("198.51.100.201", choice(2, "10.0.0.2", Some("10.0.0.254"))),
        ("198.51.100.128", choice(2, "10.0.0.2", Some("10.0.0.254"))),
        (
            "198.51.100.127",
            choice(4, "192.168.0.4", Some("192.168.0.1")),
        ),
        (
            "198.51.100.5",
            choice(4, "192.168.0.4", Some("192.168.0.1")),
        ),
        ("198.51.7.7", choice(3, "172.16.0.3", Some("172.16.0.1"))),
        ("198.52.0.1", choice(2, "10.0.0.2", Some("10.0.0.1"))),
        ("8.8.8.8", choice(2, "10.0.0.2", Some("10.0.0.1"))),
        ("10.9.9.9", choice(2, "10.0.0.2", None)),
        ("172.31.255.254", choice(3, "172.16.0.3", None)),
        ("172.32.0.1", choice(2, "10.0.0.2", Some("10.0.0.1"))),
        ("127.0.0.5", choice(1, "127.0.0.1", None)),
    ];
    for (dst, want) in cases {
        assert_eq!(h.route(ip(dst)), want, "{dst}");
        assert_eq!(naive_route(&h, ip(dst)), want, "oracle, {dst}");
    }
}

#[test]
fn metric_ties_break_by_route_plus_interface_metric_then_index_then_gateway() {
    let mut h = Host::builder()
        .interface(
            InterfaceBuilder::new(2, "a")
                .metric(10)
                .address("192.0.2.2/24"),
        )
        .interface(
            InterfaceBuilder::new(3, "b")
                .metric(5)
                .address("198.51.100.3/24"),
        )
        .interface(
            InterfaceBuilder::new(5, "c")
                .metric(10)
                .address("203.0.113.5/24"),
        )
        .route("100.64.0.0/10", Some("192.0.2.1"), 2, 0) // 10
        .route("100.64.0.0/10", Some("198.51.100.1"), 3, 4) // 9
        .build()
        .unwrap();
    let dst = ip("100.64.1.1");
    assert_eq!(
        h.route(dst),
        choice(3, "198.51.100.3", Some("198.51.100.1"))
    );

    let b = route("100.64.0.0/10", Some("198.51.100.1"), 3, 4).key();
    h.set_route_metric(b, 5).unwrap(); // 10 = 10: the lower interface index wins
    assert_eq!(h.route(dst), choice(2, "192.0.2.2", Some("192.0.2.1")));

    h.add_route(route("100.64.0.0/10", Some("203.0.113.1"), 5, 0))
        .unwrap(); // 10 as well, higher index
    assert_eq!(h.route(dst), choice(2, "192.0.2.2", Some("192.0.2.1")));

    h.add_route(route("100.64.0.0/10", Some("192.0.2.99"), 2, 0))
        .unwrap(); // same interface and total: the lower gateway wins
    assert_eq!(h.route(dst), choice(2, "192.0.2.2", Some("192.0.2.1")));
    h.remove_route(route("100.64.0.0/10", Some("192.0.2.1"), 2, 0).key())
        .unwrap();
    assert_eq!(h.route(dst), choice(2, "192.0.2.2", Some("192.0.2.99")));

    h.set_interface_metric(2, 11).unwrap(); // 11 vs 10 (b) vs 10 (c): index 3 beats 5
    assert_eq!(
        h.route(dst),
        choice(3, "198.51.100.3", Some("198.51.100.1"))
    );

    // A longer prefix wins whatever its metric.
    h.add_route(route("100.64.1.0/24", Some("203.0.113.1"), 5, 1_000_000))
        .unwrap();
    assert_eq!(h.route(dst), choice(5, "203.0.113.5", Some("203.0.113.1")));
    assert_eq!(
        h.route(ip("100.64.2.1")),
        choice(3, "198.51.100.3", Some("198.51.100.1"))
    );

    // Metrics at u32::MAX add without overflow and lose to small ones.
    h.set_interface_metric(5, u32::MAX).unwrap();
    h.add_route(route("100.64.1.0/24", Some("192.0.2.1"), 2, u32::MAX))
        .unwrap();
    h.set_route_metric(
        route("100.64.1.0/24", Some("203.0.113.1"), 5, 0).key(),
        u32::MAX,
    )
    .unwrap();
    assert_eq!(h.route(dst), choice(2, "192.0.2.2", Some("192.0.2.1")));
    for d in ["100.64.1.1", "100.64.2.1", "192.0.2.7", "1.1.1.1"] {
        assert_eq!(h.route(ip(d)), naive_route(&h, ip(d)), "{d}");
    }
}

#[test]
fn equal_routes_on_one_interface_prefer_the_lower_gateway_whatever_the_insertion_order() {
    let mut h = Host::builder()
        .interface(
            InterfaceBuilder::new(2, "a")
                .address("192.0.2.2/24")
                .address("2001:db8::2/64"),
        )
        .route("0.0.0.0/0", Some("192.0.2.99"), 2, 3)
        .route("0.0.0.0/0", Some("192.0.2.1"), 2, 3)
        .route("0.0.0.0/0", Some("192.0.2.50"), 2, 3)
        .route("::/0", Some("fe80::9"), 2, 0)
        .route("::/0", None, 2, 0)
        .build()
        .unwrap();
    assert_eq!(
        h.route(ip("8.8.8.8")),
        choice(2, "192.0.2.2", Some("192.0.2.1"))
    );
    assert_eq!(
        h.route(ip("2001:db8:1::1")),
        choice(2, "2001:db8::2", None),
        "on-link first"
    );
    h.set_route_metric(route("0.0.0.0/0", Some("192.0.2.1"), 2, 0).key(), 4)
        .unwrap();
    assert_eq!(
        h.route(ip("8.8.8.8")),
        choice(2, "192.0.2.2", Some("192.0.2.50"))
    );
}

#[test]
fn down_interfaces_are_skipped_and_shorter_prefixes_take_over() {
    let mut h = Host::from_dual_nic();
    // 203.0.113.0/24 is routed through interface 9; the default through 4, backup through 9.
    assert_eq!(
        h.route(ip("203.0.113.5")),
        choice(9, "198.51.100.20", Some("198.51.100.1"))
    );
    assert_eq!(
        h.route(ip("8.8.8.8")),
        choice(4, "192.0.2.10", Some("192.0.2.1"))
    );

    h.set_link_up(9, false).unwrap();
    assert_eq!(
        h.route(ip("203.0.113.5")),
        choice(4, "192.0.2.10", Some("192.0.2.1"))
    );
    assert_eq!(
        h.route(ip("198.51.100.7")),
        choice(4, "192.0.2.10", Some("192.0.2.1"))
    );

    h.set_link_up(9, true).unwrap();
    h.set_link_up(4, false).unwrap();
    assert_eq!(
        h.route(ip("8.8.8.8")),
        choice(9, "198.51.100.20", Some("198.51.100.1")),
        "the backup default route"
    );
    assert_eq!(
        h.route(ip("192.0.2.99")),
        choice(9, "198.51.100.20", Some("198.51.100.1"))
    );

    h.set_link_up(9, false).unwrap();
    assert_eq!(h.route(ip("8.8.8.8")), None);
    assert_eq!(h.route(ip("127.0.0.1")), choice(1, "127.0.0.1", None));
    h.set_link_up(1, false).unwrap();
    assert_eq!(h.route(ip("127.0.0.1")), None);
    assert_eq!(h.route(ip("::1")), None);
}

#[test]
fn unreachable_destinations_have_no_route() {
    assert_eq!(Host::empty().route(ip("192.0.2.1")), None);
    assert_eq!(Host::empty().route(ip("2001:db8::1")), None);

    let h = Host::builder()
        .interface(InterfaceBuilder::ethernet(2, "eth").address("192.0.2.10/24"))
        .build()
        .unwrap();
    assert_eq!(h.route(ip("192.0.2.99")), choice(2, "192.0.2.10", None));
    assert_eq!(h.route(ip("198.51.100.1")), None, "no default route");
    assert_eq!(h.route(ip("2001:db8::1")), None, "no IPv6 at all");
}

#[test]
fn routes_on_an_interface_without_a_source_of_the_family_are_skipped() {
    let mut h = Host::builder()
        .interface(InterfaceBuilder::ethernet(2, "v4 only").address("192.0.2.10/24"))
        .interface(InterfaceBuilder::ethernet(3, "v6").address("2001:db8:5::3/64"))
        .route("::/0", Some("fe80::1"), 2, 0)
        .build()
        .unwrap();
    assert_eq!(h.route(ip("2001:db8::1")), None);
    h.add_route(route("::/0", Some("fe80::2"), 3, 1000))
        .unwrap();
    assert_eq!(
        h.route(ip("2001:db8::1")),
        choice(3, "2001:db8:5::3", Some("fe80::2"))
    );
    // A tentative address is no source either.
    h.set_address_flags(3, ip("2001:db8:5::3"), AddressFlags::TENTATIVE)
        .unwrap();
    assert_eq!(h.route(ip("2001:db8::1")), None);
}

#[test]
fn ipv6_lookup_scopes_and_multicast() {
    let mut h = Host::default_host();
    let cases = [
        ("2001:db8::99", choice(2, "2001:db8::10", None)),
        ("2001:db8::10", choice(2, "2001:db8::10", None)),
        ("2001:db8:1::1", choice(2, "2001:db8::10", Some("fe80::1"))),
        ("fe80::99", choice(2, "fe80::10", None)),
        ("::1", choice(1, "::1", None)),
        ("ff02::1", choice(2, "fe80::10", None)),
        ("ff0e::1", choice(2, "2001:db8::10", None)),
        ("224.0.0.251", choice(2, "192.0.2.10", None)),
        ("239.255.255.250", choice(2, "192.0.2.10", None)),
        ("255.255.255.255", choice(2, "192.0.2.10", None)),
        ("192.0.2.255", choice(2, "192.0.2.10", None)),
        ("192.0.2.10", choice(2, "192.0.2.10", None)),
        ("198.51.100.1", choice(2, "192.0.2.10", Some("192.0.2.1"))),
    ];
    for (dst, want) in cases {
        assert_eq!(h.route(ip(dst)), want, "{dst}");
        assert_eq!(naive_route(&h, ip(dst)), want, "oracle, {dst}");
    }

    // Overlapping IPv6 prefixes across two interfaces.
    h.add_interface(
        InterfaceBuilder::ethernet(3, "Ethernet 2")
            .address("2001:db8:3::3/64")
            .build()
            .unwrap(),
    )
    .unwrap();
    for r in [
        route("2001:db8:ff::/48", Some("fe80::2"), 2, 0),
        route("2001:db8:ff:1::/64", Some("fe80::3"), 3, 0),
        route("2001:db8:ff:1:8000::/65", Some("fe80::4"), 2, 0),
    ] {
        h.add_route(r).unwrap();
    }
    let cases = [
        (
            "2001:db8:ff:1:8000::1",
            choice(2, "2001:db8::10", Some("fe80::4")),
        ),
        (
            "2001:db8:ff:1:7fff::1",
            choice(3, "2001:db8:3::3", Some("fe80::3")),
        ),
        (
            "2001:db8:ff:2::1",
            choice(2, "2001:db8::10", Some("fe80::2")),
        ),
        ("2001:db8:fe::1", choice(2, "2001:db8::10", Some("fe80::1"))),
        ("2001:db8:3::77", choice(3, "2001:db8:3::3", None)),
    ];
    for (dst, want) in cases {
        assert_eq!(h.route(ip(dst)), want, "{dst}");
        assert_eq!(naive_route(&h, ip(dst)), want, "oracle, {dst}");
    }
    // A multicast route of its own takes the multicast traffic (Windows' 224.0.0.0/4 on-link).
    h.add_route(route("224.0.0.0/4", None, 1, 0)).unwrap();
    assert_eq!(h.route(ip("224.0.0.251")), choice(1, "127.0.0.1", None));
}

#[test]
fn source_selection_avoids_tentative_and_deprecated_addresses() {
    let mut h = Host::builder()
        .interface(
            InterfaceBuilder::ethernet(2, "eth")
                .address("192.0.2.10/24 deprecated")
                .address("192.0.2.11/24")
                .address("192.0.2.12/24 tentative")
                .address("10.0.0.2/8"),
        )
        .route("0.0.0.0/0", Some("192.0.2.1"), 2, 0)
        .build()
        .unwrap();
    let src = |h: &Host, d: &str| h.route(ip(d)).map(|c| c.source);
    assert_eq!(src(&h, "198.51.100.1"), Some(ip("192.0.2.11")));
    assert_eq!(
        src(&h, "10.5.5.5"),
        Some(ip("10.0.0.2")),
        "the prefix holding the destination"
    );
    assert_eq!(
        src(&h, "192.0.2.12"),
        Some(ip("192.0.2.11")),
        "never a tentative address"
    );
    assert_eq!(
        src(&h, "192.0.2.10"),
        Some(ip("192.0.2.10")),
        "the destination itself"
    );

    h.set_address_flags(2, ip("192.0.2.11"), AddressFlags::DEPRECATED)
        .unwrap();
    assert_eq!(src(&h, "198.51.100.1"), Some(ip("10.0.0.2")));
    assert_eq!(
        src(&h, "192.0.2.99"),
        Some(ip("10.0.0.2")),
        "non-deprecated first"
    );
    h.set_address_flags(2, ip("10.0.0.2"), AddressFlags::DEPRECATED)
        .unwrap();
    assert_eq!(
        src(&h, "198.51.100.1"),
        Some(ip("192.0.2.10")),
        "all deprecated: the first"
    );
    assert_eq!(h.preferred_source(2, ip("2001:db8::1")), None);
    assert_eq!(h.preferred_source(7, ip("192.0.2.1")), None);
}

// ---------------------------------------------------------------------------------------------
// Changes by example
// ---------------------------------------------------------------------------------------------

#[test]
fn address_mutations_report_exact_changes() {
    let mut h = Host::default_host();
    assert_eq!(h.add_address(2, ip("192.0.2.11"), 24), Ok(A4R4));
    assert_eq!(h.add_address(2, ip("2001:db8::11"), 64), Ok(A6R6));
    assert_eq!(h.remove_address(2, ip("192.0.2.10")), Ok(A4R4));
    assert_eq!(h.remove_address(2, ip("2001:db8::11")), Ok(A6R6));
    let t = ip("2001:db8::10");
    assert_eq!(
        h.set_address_flags(2, t, AddressFlags::TEMPORARY),
        Ok(Changes::ADDRESS_V6)
    );
    assert_eq!(
        h.set_address_flags(2, t, AddressFlags::TEMPORARY),
        Ok(Changes::NONE)
    );
    assert_eq!(
        h.set_address_flags(2, t, AddressFlags::TEMPORARY | AddressFlags::DEPRECATED),
        Ok(A6R6)
    );
    assert_eq!(
        h.set_address_flags(2, ip("192.0.2.11"), AddressFlags::TENTATIVE),
        Ok(A4R4)
    );
    assert_eq!(
        h.add_host_address(2, "198.51.100.1/24 tentative".parse().unwrap()),
        Ok(A4R4)
    );
}

#[test]
fn link_and_metric_mutations_report_exact_changes() {
    let mut h = Host::default_host();
    assert_eq!(h.set_link_up(2, true), Ok(Changes::NONE));
    assert_eq!(h.set_link_up(2, false), Ok(ALL4));
    assert_eq!(h.set_link_up(2, false), Ok(Changes::NONE));
    assert_eq!(h.set_link_up(2, true), Ok(ALL4));
    assert_eq!(
        h.set_link_up(1, false),
        Ok(ALL4),
        "loopback has both families"
    );
    assert_eq!(h.set_interface_metric(2, 25), Ok(Changes::NONE));
    assert_eq!(
        h.set_interface_metric(2, 30),
        Ok(Changes::ROUTE_V4 | Changes::ROUTE_V6)
    );
    assert_eq!(
        h.set_interface_metric(1, 1),
        Ok(Changes::NONE),
        "down: invisible"
    );

    // An interface with an IPv4 address and only an IPv6 static route.
    let mut h = Host::builder()
        .interface(InterfaceBuilder::ethernet(3, "eth").address("192.0.2.3/24"))
        .route("::/0", Some("fe80::1"), 3, 0)
        .build()
        .unwrap();
    assert_eq!(h.set_link_up(3, false), Ok(A4R4 | Changes::ROUTE_V6));
    assert_eq!(h.set_link_up(3, true), Ok(A4R4 | Changes::ROUTE_V6));
    assert_eq!(
        h.set_interface_metric(3, 1),
        Ok(Changes::ROUTE_V4 | Changes::ROUTE_V6)
    );
    // No address and no route: flipping the link changes nothing visible.
    h.add_interface(InterfaceBuilder::new(4, "bare").build().unwrap())
        .unwrap();
    assert_eq!(h.set_link_up(4, false), Ok(Changes::NONE));
    assert!(!h.interface(4).unwrap().is_up());
}

#[test]
fn route_mutations_report_exact_changes() {
    let mut h = Host::default_host();
    let r = route("10.0.0.0/8", Some("192.0.2.1"), 2, 0);
    assert_eq!(h.add_route(r), Ok(Changes::ROUTE_V4));
    assert_eq!(h.set_route_metric(r.key(), 0), Ok(Changes::NONE));
    assert_eq!(h.set_route_metric(r.key(), 7), Ok(Changes::ROUTE_V4));
    assert_eq!(h.find_route(r.key()).map(|r| r.metric), Some(7));
    assert_eq!(h.remove_route(r.key()), Ok(Changes::ROUTE_V4));
    let r6 = route("2001:db8:ff::/48", None, 2, 0);
    assert_eq!(h.add_route(r6), Ok(Changes::ROUTE_V6));
    assert_eq!(h.remove_route(r6.key()), Ok(Changes::ROUTE_V6));
}

#[test]
fn interface_mutations_report_exact_changes() {
    let mut h = Host::default_host();
    let v4 = InterfaceBuilder::ethernet(3, "v4").address("198.51.100.3/24");
    assert_eq!(h.add_interface(v4.build().unwrap()), Ok(A4R4));
    let v6 = InterfaceBuilder::ethernet(4, "v6").address("2001:db8:4::4/64");
    assert_eq!(h.add_interface(v6.build().unwrap()), Ok(A6R6));
    let bare = InterfaceBuilder::ethernet(5, "bare");
    assert_eq!(h.add_interface(bare.build().unwrap()), Ok(Changes::NONE));
    let down = InterfaceBuilder::ethernet(6, "down")
        .up(false)
        .address("203.0.113.6/24");
    assert_eq!(h.add_interface(down.build().unwrap()), Ok(Changes::NONE));
    assert_eq!(h.remove_interface(6), Ok(Changes::NONE), "a down interface");
    assert_eq!(h.remove_interface(5), Ok(Changes::NONE));
    assert_eq!(h.remove_interface(2), Ok(ALL4));
    assert_eq!(h.routes().count(), 0, "its static routes went with it");
    assert_eq!(h.route(ip("8.8.8.8")), None);
    assert_eq!(h.route(ip("198.51.100.9")), choice(3, "198.51.100.3", None));
}

#[test]
fn nothing_on_a_down_interface_is_visible_until_it_comes_up() {
    let mut h = Host::default_host();
    assert_eq!(h.set_link_up(2, false), Ok(ALL4));
    assert_eq!(h.add_address(2, ip("192.0.2.11"), 24), Ok(Changes::NONE));
    assert_eq!(
        h.set_address_flags(2, ip("192.0.2.11"), AddressFlags::DEPRECATED),
        Ok(Changes::NONE)
    );
    assert_eq!(h.remove_address(2, ip("192.0.2.10")), Ok(Changes::NONE));
    let r = route("10.0.0.0/8", Some("192.0.2.1"), 2, 0);
    assert_eq!(h.add_route(r), Ok(Changes::NONE));
    assert_eq!(h.set_route_metric(r.key(), 3), Ok(Changes::NONE));
    assert_eq!(h.remove_route(r.key()), Ok(Changes::NONE));
    assert_eq!(h.set_interface_metric(2, 1), Ok(Changes::NONE));
    assert_eq!(h.bindable_addresses(Family::V4).count(), 1, "only loopback");
    assert_eq!(h.set_link_up(2, true), Ok(ALL4));
    assert_eq!(
        h.route(ip("192.0.2.99")),
        choice(2, "192.0.2.11", None),
        "the deprecated address is the only one left"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_mutations_are_typed_errors_that_change_nothing() {
    let orig = Host::default_host();
    let mut h = orig.clone();
    let def4 = route("0.0.0.0/0", Some("192.0.2.1"), 2, 0);
    let results: Vec<(Result<Changes, HostError>, HostError)> = vec![
        (
            h.add_address(9, ip("10.0.0.1"), 8),
            HostError::UnknownInterface(9),
        ),
        (
            h.add_address(1, ip("192.0.2.10"), 24),
            HostError::DuplicateAddress {
                addr: ip("192.0.2.10"),
                if_index: 2,
            },
        ),
        (
            h.add_address(2, ip("192.0.2.10"), 32),
            HostError::DuplicateAddress {
                addr: ip("192.0.2.10"),
                if_index: 2,
            },
        ),
        (
            h.add_address(2, ip("10.0.0.1"), 33),
            HostError::InvalidPrefix {
                addr: ip("10.0.0.1"),
                prefix_len: 33,
            },
        ),
        (
            h.add_address(2, ip("2001:db8::1"), 129),
            HostError::InvalidPrefix {
                addr: ip("2001:db8::1"),
                prefix_len: 129,
            },
        ),
        (
            h.add_address(2, ip("224.0.0.1"), 4),
            HostError::InvalidAddress {
                addr: ip("224.0.0.1"),
                reason: "a multicast address",
            },
        ),
        (
            h.add_address(2, ip("::"), 0),
            HostError::InvalidAddress {
                addr: ip("::"),
                reason: "the unspecified address",
            },
        ),
        (
            h.remove_address(2, ip("192.0.2.99")),
            HostError::NoSuchAddress {
                if_index: 2,
                addr: ip("192.0.2.99"),
            },
        ),
        (
            h.remove_address(1, ip("192.0.2.10")),
            HostError::NoSuchAddress {
                if_index: 1,
                addr: ip("192.0.2.10"),
            },
        ),
        (
            h.remove_address(8, ip("192.0.2.10")),
            HostError::UnknownInterface(8),
        ),
        (
            h.set_address_flags(2, ip("192.0.2.99"), AddressFlags::DEPRECATED),
            HostError::NoSuchAddress {
                if_index: 2,
                addr: ip("192.0.2.99"),
            },
        ),
        (
            h.set_address_flags(0, ip("192.0.2.10"), AddressFlags::DEPRECATED),
            HostError::UnknownInterface(0),
        ),
        (h.set_link_up(7, false), HostError::UnknownInterface(7)),
        (h.set_interface_metric(7, 1), HostError::UnknownInterface(7)),
        (h.remove_interface(7), HostError::UnknownInterface(7)),
        (
            h.add_interface(InterfaceBuilder::loopback(1, "again").build().unwrap()),
            HostError::DuplicateInterface(1),
        ),
        (
            h.add_interface(
                InterfaceBuilder::ethernet(3, "dup")
                    .address("198.51.100.3/24")
                    .address("fe80::10/64")
                    .build()
                    .unwrap(),
            ),
            HostError::DuplicateAddress {
                addr: ip("fe80::10"),
                if_index: 2,
            },
        ),
        (h.add_route(def4), HostError::DuplicateRoute(def4.key())),
        (
            h.add_route(route("0.0.0.0/0", Some("192.0.2.1"), 5, 0)),
            HostError::UnknownInterface(5),
        ),
        (
            h.add_route(Route {
                prefix_len: 33,
                ..route("10.0.0.0/8", None, 2, 0)
            }),
            HostError::InvalidPrefix {
                addr: ip("10.0.0.0"),
                prefix_len: 33,
            },
        ),
        (
            h.add_route(route("192.0.2.7/24", None, 2, 0)),
            HostError::HostBitsSet {
                destination: ip("192.0.2.7"),
                prefix_len: 24,
            },
        ),
        (
            h.add_route(route("10.0.0.0/8", Some("fe80::1"), 2, 0)),
            HostError::FamilyMismatch {
                destination: ip("10.0.0.0"),
                gateway: ip("fe80::1"),
            },
        ),
        (
            h.add_route(route("10.0.0.0/8", Some("224.0.0.1"), 2, 0)),
            HostError::InvalidAddress {
                addr: ip("224.0.0.1"),
                reason: "a multicast address",
            },
        ),
        (
            h.remove_route(route("10.0.0.0/8", None, 2, 0).key()),
            HostError::NoSuchRoute(route("10.0.0.0/8", None, 2, 0).key()),
        ),
        (
            // The on-link route of 192.0.2.10/24 goes only with its address.
            h.remove_route(route("192.0.2.0/24", None, 2, 0).key()),
            HostError::NoSuchRoute(route("192.0.2.0/24", None, 2, 0).key()),
        ),
        (
            h.set_route_metric(route("0.0.0.0/0", Some("192.0.2.2"), 2, 0).key(), 1),
            HostError::NoSuchRoute(route("0.0.0.0/0", Some("192.0.2.2"), 2, 0).key()),
        ),
    ];
    for (got, want) in results {
        assert_eq!(got, Err(want.clone()));
        assert!(!want.to_string().is_empty());
        let usage: wsaioctl::UsageError = want.into();
        assert!(!usage.to_string().is_empty());
    }
    assert_eq!(h, orig, "a failing mutation changes nothing");
    for d in ["192.0.2.1", "8.8.8.8", "2001:db8::1", "10.0.0.1"] {
        assert_eq!(h.route(ip(d)), orig.route(ip(d)), "{d}");
    }
}

#[test]
fn builder_errors_are_typed() {
    let bad = |b: wsaioctl::emulated::host::HostBuilder| b.build().unwrap_err();
    let eth = || InterfaceBuilder::ethernet(2, "eth");
    assert!(matches!(
        bad(Host::builder().interface(eth().address("192.0.2.10"))),
        HostError::BadCidr { .. }
    ));
    assert!(matches!(
        bad(Host::builder().interface(eth().address("192.0.2.300/24"))),
        HostError::BadCidr { .. }
    ));
    assert!(matches!(
        bad(Host::builder().interface(eth().address("192.0.2.10/24x"))),
        HostError::BadCidr { .. }
    ));
    assert_eq!(
        bad(Host::builder().interface(eth().address("192.0.2.10/24 permanent"))),
        HostError::UnknownFlag("permanent".into())
    );
    assert!(matches!(
        bad(Host::builder()
            .interface(eth())
            .route("0.0.0.0/0", Some("nope"), 2, 0)),
        HostError::BadCidr { .. }
    ));
    assert!(matches!(
        bad(Host::builder()
            .interface(eth())
            .route("10.0.0.0", None, 2, 0)),
        HostError::BadCidr { .. }
    ));
    assert_eq!(
        bad(Host::builder().interface(eth().address("192.0.2.10/24").address("192.0.2.10/25"))),
        HostError::DuplicateAddress {
            addr: ip("192.0.2.10"),
            if_index: 2
        }
    );
    assert_eq!(
        bad(Host::builder()
            .interface(eth().address("192.0.2.10/24"))
            .interface(InterfaceBuilder::ethernet(3, "b").address("192.0.2.10/24"))),
        HostError::DuplicateAddress {
            addr: ip("192.0.2.10"),
            if_index: 2
        }
    );
    assert_eq!(
        bad(Host::builder().interface(InterfaceBuilder::new(0, "zero"))),
        HostError::ZeroInterfaceIndex
    );
    assert_eq!(
        bad(Host::builder().interface(eth()).interface(eth())),
        HostError::DuplicateInterface(2)
    );
}

// ---------------------------------------------------------------------------------------------
// spec/004: the SAN address rules
// ---------------------------------------------------------------------------------------------

/// spec/004, SIO_ADDRESS_LIST_QUERY: "A SAN support should not return the following types of
/// IPv6 addresses" — one example per class, and examples of what it may return ("Native IPv6
/// addresses, including link local, site local, and global addresses").
#[test]
fn san_eligibility_follows_spec_004() {
    let excluded = [
        ("2001:db8::abcd/64 temporary", "Temporary IPv6 addresses"),
        (
            "::192.0.2.10/96",
            "IPv4-compatible address (0:0:0:0:0:0:w.x.y.z)",
        ),
        (
            "::ffff:192.0.2.10/96",
            "IPv4-mapped address (0:0:0:0:0:FFFF:w.x.y.z)",
        ),
        (
            "fe80::c000:20a/64",
            "6-over-4 address (FE80::0:0:WWXX:YYZZ)",
        ),
        (
            "2002:c000:20a:1::10/64",
            "6-to-4 address (2002:WWXX:YYZZ:[SLA ID]:[Interface ID])",
        ),
        (
            "2001:db8::5efe:c000:20a/64",
            "ISATAP address ([64 bit prefix]:0:5EFE:w.x.y.z)",
        ),
        ("fe80::5efe:c000:20a/64", "ISATAP, link-local prefix"),
        (
            "2001:db8::200:5efe:c000:20a/64",
            "ISATAP with the universal bit set",
        ),
    ];
    for (text, class) in excluded {
        let a: HostAddress = text.parse().unwrap();
        assert!(!a.san_eligible(), "{text}: {class}");
    }
    let eligible = [
        "2001:db8::10/64",
        "fe80::10/64",
        "fec0::10/64",
        "fe80::1/64",
        "2001:db8::10/64 deprecated",
        "192.0.2.10/24",
        "127.0.0.1/8",
    ];
    for text in eligible {
        let a: HostAddress = text.parse().unwrap();
        assert!(a.san_eligible(), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Host files
// ---------------------------------------------------------------------------------------------

const DEFAULT_TOML: &str = include_str!("../fixtures/hosts/default.toml");
const DUAL_NIC_TOML: &str = include_str!("../fixtures/hosts/dual-nic.toml");

trait DualNic {
    fn from_dual_nic() -> Host;
}

impl DualNic for Host {
    /// `fixtures/hosts/dual-nic.toml`, built here without the file so the routing tests run
    /// without the `toml` feature (the file test below checks the two are equal).
    fn from_dual_nic() -> Host {
        Host::builder()
            .interface(
                InterfaceBuilder::loopback(1, "Loopback Pseudo-Interface 1")
                    .address("127.0.0.1/8")
                    .address("::1/128"),
            )
            .interface(
                InterfaceBuilder::ethernet(4, "Ethernet")
                    .rss_queues(8)
                    .address("192.0.2.10/24")
                    .address("2001:db8:1::10/64")
                    .address("2001:db8:1::abcd/64 temporary")
                    .address("2001:db8:1::dead/64 deprecated")
                    .address("fe80::10/64")
                    .address("2002:c000:20a::10/48"),
            )
            .interface(
                InterfaceBuilder::ethernet(9, "Ethernet 2")
                    .mtu(9000)
                    .metric(35)
                    .address("198.51.100.20/24")
                    .address("2001:db8:2::20/64")
                    .address("2001:db8:2::99/64 tentative")
                    .address("fe80::20/64")
                    .address("fe80::5efe:c633:6414/64"),
            )
            .route("0.0.0.0/0", Some("192.0.2.1"), 4, 0)
            .route("0.0.0.0/0", Some("198.51.100.1"), 9, 50)
            .route("203.0.113.0/24", Some("198.51.100.1"), 9, 0)
            .route("::/0", Some("fe80::1"), 4, 0)
            .route("2001:db8:ff::/48", Some("fe80::2"), 9, 10)
            .build()
            .unwrap()
    }
}

#[test]
fn dual_nic_san_list() {
    let h = Host::from_dual_nic();
    let san: Vec<String> = h
        .bindable_addresses(Family::V6)
        .filter(|(_, a)| a.san_eligible())
        .map(|(i, a)| format!("{} {}", i.index(), a.addr()))
        .collect();
    assert_eq!(
        san,
        [
            "1 ::1",
            "4 2001:db8:1::10",
            "4 2001:db8:1::dead",
            "4 fe80::10",
            "9 2001:db8:2::20",
            "9 fe80::20"
        ]
    );
    assert_eq!(h.bindable_addresses(Family::V6).count(), 9);
    assert_eq!(h.addresses(Family::V6).count(), 10);
    // fe80::/64 is on both NICs: the interface metrics decide (25 + 256 < 35 + 256).
    assert_eq!(h.route(ip("fe80::99")), choice(4, "fe80::10", None));
    assert_eq!(
        h.route(ip("2001:db8:ff::1")),
        choice(9, "2001:db8:2::20", Some("fe80::2"))
    );
    // 2002:c000:20a::/48 is on-link on interface 4: its own source is the 6to4 address.
    assert_eq!(
        h.route(ip("2002:c000:20a::99")),
        choice(4, "2002:c000:20a::10", None)
    );
}

#[cfg(feature = "toml")]
mod files {
    use super::*;

    #[test]
    fn default_toml_is_the_default_host() {
        assert_eq!(
            Host::from_toml_str(DEFAULT_TOML).unwrap(),
            Host::default_host()
        );
    }

    #[test]
    fn dual_nic_toml_is_as_built() {
        assert_eq!(
            Host::from_toml_str(DUAL_NIC_TOML).unwrap(),
            Host::from_dual_nic()
        );
    }

    #[test]
    fn files_round_trip() {
        for h in [Host::default_host(), Host::from_dual_nic(), Host::empty()] {
            let text = h.to_toml_string();
            assert_eq!(Host::from_toml_str(&text).unwrap(), h, "{text}");
        }
        // A down interface, a gateway-less route, point-to-point flags.
        let h = Host::builder()
            .interface(
                InterfaceBuilder::new(3, "ppp \"quoted\" ünïcode")
                    .flags(IfFlags::POINT_TO_POINT | IfFlags::MULTICAST)
                    .address("100.64.0.1/32 deprecated tentative"),
            )
            .route("100.64.0.2/32", None, 3, 9)
            .build()
            .unwrap();
        let text = h.to_toml_string();
        assert_eq!(Host::from_toml_str(&text).unwrap(), h, "{text}");
    }

    #[test]
    fn bad_files_are_typed_errors() {
        let base = "[[interface]]\nindex = 2\nname = \"e\"\nmtu = 1500\n";
        type Check = fn(&HostError) -> bool;
        let cases: [(String, Check); 8] = [
            (format!("{base}flags = [\"up\", \"fast\"]\n"), |e| {
                *e == HostError::UnknownFlag("fast".into())
            }),
            (
                format!("{base}flags = []\naddresses = [\"10.0.0.1\"]\n"),
                |e| matches!(e, HostError::BadCidr { .. }),
            ),
            (
                format!("{base}flags = []\ncolour = \"blue\"\n"),
                |e| matches!(e, HostError::File(m) if m.contains("colour")),
            ),
            (
                format!("{base}\n"),
                |e| matches!(e, HostError::File(m) if m.contains("flags")),
            ),
            ("[[interface]\n".to_owned(), |e| {
                matches!(e, HostError::File(_))
            }),
            (
                "[[interface]]\nindex = 2\nname = \"e\"\nflags = []\nmtu = -1\n".to_owned(),
                |e| matches!(e, HostError::File(_)),
            ),
            (
                format!(
                    "{base}flags = []\n[[route]]\ndestination = \"0.0.0.0/0\"\ninterface = 3\n"
                ),
                |e| *e == HostError::UnknownInterface(3),
            ),
            (
                format!("{base}flags = []\naddresses = [\"10.0.0.1/8\", \"10.0.0.1/16\"]\n"),
                |e| matches!(e, HostError::DuplicateAddress { .. }),
            ),
        ];
        for (text, ok) in cases {
            let e = Host::from_toml_str(&text).unwrap_err();
            assert!(ok(&e), "{text}\n→ {e:?}");
        }
        assert_eq!(Host::from_toml_str("").unwrap(), Host::empty());
    }

    #[test]
    fn host_serializes_in_the_file_schema() {
        let v = serde_json::to_value(Host::default_host()).unwrap();
        assert_eq!(v["interface"][1]["name"], "Ethernet");
        assert_eq!(
            v["interface"][0]["flags"],
            serde_json::json!(["up", "loopback", "multicast"])
        );
        assert_eq!(v["route"][1]["gateway"], "fe80::1");
        let back: Host = serde_json::from_value(v).unwrap();
        assert_eq!(back, Host::default_host());
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------------

/// IPv4 addresses from a small space so that prefixes overlap often.
fn arb_v4() -> impl Strategy<Value = IpAddr> {
    (
        prop::sample::select(vec![10u8, 172, 192]),
        0u8..3,
        0u8..3,
        prop_oneof![0u8..4, any::<u8>()],
    )
        .prop_map(|(a, b, c, d)| IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
}

fn arb_v6() -> impl Strategy<Value = IpAddr> {
    (
        prop::sample::select(vec![0x2001u16, 0xfe80, 0x2002]),
        0u16..3,
        0u16..3,
        prop_oneof![0u16..4, any::<u16>()],
    )
        .prop_map(|(a, b, c, d)| IpAddr::V6(Ipv6Addr::new(a, b, c, 0, 0, 0, 0, d)))
}

fn arb_addr() -> impl Strategy<Value = IpAddr> {
    prop_oneof![arb_v4(), arb_v6()]
}

/// A prefix length valid for `addr`'s family, biased to the usual ones.
fn arb_len_for(addr: IpAddr) -> BoxedStrategy<u8> {
    if addr.is_ipv4() {
        prop_oneof![0u8..=32, prop::sample::select(vec![0u8, 8, 16, 24, 30, 32])].boxed()
    } else {
        prop_oneof![
            0u8..=128,
            prop::sample::select(vec![0u8, 16, 32, 48, 64, 128])
        ]
        .boxed()
    }
}

fn arb_dst() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        4 => arb_addr(),
        1 => prop::sample::select(vec![
            ip("224.0.0.251"),
            ip("255.255.255.255"),
            ip("ff02::1"),
            ip("ff0e::1"),
            ip("8.8.8.8"),
            ip("2001:db8::1"),
        ]),
    ]
}

fn arb_flags() -> impl Strategy<Value = AddressFlags> {
    (
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(temporary, deprecated, tentative)| AddressFlags {
            temporary,
            deprecated,
            tentative,
        })
}

type Cidr = (IpAddr, u8);

#[derive(Debug, Clone)]
struct Table {
    /// (index, up, interface metric, an IPv4 and an IPv6 address with their prefixes)
    ifaces: Vec<(u32, bool, u32, Cidr, Cidr)>,
    /// (interface, address, prefix, flags)
    addrs: Vec<(u32, IpAddr, u8, AddressFlags)>,
    /// (destination, prefix, gateway, interface, metric) — destination not yet masked
    routes: Vec<(IpAddr, u8, Option<IpAddr>, u32, u32)>,
}

/// Metrics mostly from a tiny set, so that sums tie and the index/gateway tie-breaks matter.
fn arb_metric() -> impl Strategy<Value = u32> {
    prop_oneof![
        8 => prop::sample::select(vec![0u32, 1, 5]),
        1 => Just(256u32),
        1 => any::<u32>(),
    ]
}

fn arb_with_len(a: impl Strategy<Value = IpAddr>) -> impl Strategy<Value = (IpAddr, u8)> {
    a.prop_flat_map(|a| (Just(a), arb_len_for(a)))
}

fn arb_table() -> impl Strategy<Value = Table> {
    let ifaces = prop::collection::vec(
        (
            1u32..6,
            prop::bool::weighted(0.8),
            arb_metric(),
            arb_with_len(arb_v4()),
            arb_with_len(arb_v6()),
        ),
        1..5,
    );
    let addrs = prop::collection::vec(
        (1u32..6, arb_with_len(arb_addr()), arb_flags()).prop_map(|(i, (a, l), f)| (i, a, l, f)),
        0..10,
    );
    let routes = prop::collection::vec(
        (arb_with_len(arb_addr()), 1u32..6, arb_metric()).prop_flat_map(|((d, l), i, m)| {
            let g = if d.is_ipv4() {
                arb_v4().boxed()
            } else {
                arb_v6().boxed()
            };
            (
                Just(d),
                Just(l),
                prop::option::weighted(0.6, g),
                Just(i),
                Just(m),
            )
        }),
        0..40,
    );
    (ifaces, addrs, routes).prop_map(|(ifaces, addrs, routes)| Table {
        ifaces,
        addrs,
        routes,
    })
}

fn build(t: &Table) -> Host {
    let mut h = Host::empty();
    for &(i, up, metric, (a4, l4), (a6, l6)) in &t.ifaces {
        let _ = h.add_interface(
            InterfaceBuilder::new(i, format!("if{i}"))
                .up(up)
                .metric(metric)
                .build()
                .unwrap(),
        );
        let _ = h.add_address(i, a4, l4);
        let _ = h.add_address(i, a6, l6);
    }
    for &(i, a, len, flags) in &t.addrs {
        if let Ok(addr) = HostAddress::new(a, len) {
            let _ = h.add_host_address(i, addr.with_flags(flags));
        }
    }
    for &(d, len, gateway, if_index, metric) in &t.routes {
        let _ = h.add_route(Route {
            destination: masked(d, len),
            prefix_len: len,
            gateway,
            if_index,
            metric,
        });
    }
    h
}

/// Destinations worth probing on `h`: its addresses, its routes' networks and their last
/// addresses, and neighbours of its addresses.
fn interesting(h: &Host) -> Vec<IpAddr> {
    let mut v = Vec::new();
    for f in Family::ALL {
        for (_, a) in h.addresses(f) {
            v.push(a.addr());
            v.push(a.network());
            v.push(match a.addr() {
                IpAddr::V4(x) => IpAddr::V4(Ipv4Addr::from(u32::from(x) ^ 1)),
                IpAddr::V6(x) => IpAddr::V6(Ipv6Addr::from(u128::from(x) ^ 1)),
            });
        }
    }
    for r in h.routes() {
        v.push(r.destination);
        v.push(match r.destination {
            IpAddr::V4(x) => IpAddr::V4(Ipv4Addr::from(
                u32::from(x) | (u32::MAX.checked_shr(u32::from(r.prefix_len)).unwrap_or(0)),
            )),
            IpAddr::V6(x) => IpAddr::V6(Ipv6Addr::from(
                u128::from(x) | u128::MAX.checked_shr(u32::from(r.prefix_len)).unwrap_or(0),
            )),
        });
    }
    v
}

#[derive(Debug, Clone)]
enum Op {
    AddIface(u32, bool, u32, Vec<(IpAddr, u8)>),
    RemoveIface(u32),
    AddAddr(u32, IpAddr, u8, AddressFlags),
    RemoveAddr(u32, IpAddr),
    RemoveSomeAddr(usize),
    SetFlags(usize, AddressFlags),
    SetLink(u32, bool),
    SetIfMetric(u32, u32),
    AddRoute(IpAddr, u8, Option<IpAddr>, u32, u32, bool),
    RemoveSomeRoute(usize),
    RemoveRoute(IpAddr, u8, Option<IpAddr>, u32),
    SetRouteMetric(usize, u32),
}

fn arb_op() -> impl Strategy<Value = Op> {
    let idx = 0u32..7; // 0 and 6 are never valid here
    prop_oneof![
        (
            idx.clone(),
            prop::bool::ANY,
            arb_metric(),
            prop::collection::vec((arb_addr(), 0u8..=130), 0..3)
        )
            .prop_map(|(i, up, m, a)| Op::AddIface(i, up, m, a)),
        idx.clone().prop_map(Op::RemoveIface),
        (idx.clone(), arb_addr(), 0u8..=135, arb_flags())
            .prop_map(|(i, a, l, f)| Op::AddAddr(i, a, l, f)),
        (idx.clone(), arb_addr()).prop_map(|(i, a)| Op::RemoveAddr(i, a)),
        any::<usize>().prop_map(Op::RemoveSomeAddr),
        (any::<usize>(), arb_flags()).prop_map(|(n, f)| Op::SetFlags(n, f)),
        (idx.clone(), prop::bool::ANY).prop_map(|(i, up)| Op::SetLink(i, up)),
        (idx.clone(), arb_metric()).prop_map(|(i, m)| Op::SetIfMetric(i, m)),
        (
            arb_addr(),
            0u8..=135,
            prop::option::of(arb_addr()),
            idx.clone(),
            arb_metric(),
            prop::bool::weighted(0.9)
        )
            .prop_map(|(d, l, g, i, m, mask)| Op::AddRoute(d, l, g, i, m, mask)),
        any::<usize>().prop_map(Op::RemoveSomeRoute),
        (arb_addr(), 0u8..=135, prop::option::of(arb_addr()), idx)
            .prop_map(|(d, l, g, i)| Op::RemoveRoute(d, l, g, i)),
        (any::<usize>(), arb_metric()).prop_map(|(n, m)| Op::SetRouteMetric(n, m)),
    ]
}

fn apply(h: &mut Host, op: &Op) -> Result<Changes, HostError> {
    match op.clone() {
        Op::AddIface(i, up, m, addrs) => {
            let mut b = InterfaceBuilder::ethernet(i, "x").up(up).metric(m);
            for (a, l) in addrs {
                b = b.address(&format!("{a}/{l}"));
            }
            h.add_interface(b.build()?)
        }
        Op::RemoveIface(i) => h.remove_interface(i),
        Op::AddAddr(i, a, l, f) => match HostAddress::new(a, l) {
            Ok(x) => h.add_host_address(i, x.with_flags(f)),
            Err(_) => h.add_address(i, a, l),
        },
        Op::RemoveAddr(i, a) => h.remove_address(i, a),
        Op::RemoveSomeAddr(n) => {
            let all: Vec<(u32, IpAddr)> = Family::ALL
                .iter()
                .flat_map(|&f| {
                    h.addresses(f)
                        .map(|(i, a)| (i.index(), a.addr()))
                        .collect::<Vec<_>>()
                })
                .collect();
            match all.get(n % all.len().max(1)) {
                Some(&(i, a)) => h.remove_address(i, a),
                None => h.remove_address(1, ip("10.0.0.1")),
            }
        }
        Op::SetFlags(n, f) => {
            let all: Vec<(u32, IpAddr)> = Family::ALL
                .iter()
                .flat_map(|&fam| {
                    h.addresses(fam)
                        .map(|(i, a)| (i.index(), a.addr()))
                        .collect::<Vec<_>>()
                })
                .collect();
            match all.get(n % all.len().max(1)) {
                Some(&(i, a)) => h.set_address_flags(i, a, f),
                None => h.set_address_flags(1, ip("10.0.0.1"), f),
            }
        }
        Op::SetLink(i, up) => h.set_link_up(i, up),
        Op::SetIfMetric(i, m) => h.set_interface_metric(i, m),
        Op::AddRoute(d, l, g, i, m, mask) => {
            let destination = if mask && l <= if d.is_ipv4() { 32 } else { 128 } {
                masked(d, l)
            } else {
                d
            };
            h.add_route(Route {
                destination,
                prefix_len: l,
                gateway: g,
                if_index: i,
                metric: m,
            })
        }
        Op::RemoveSomeRoute(n) => {
            let all: Vec<RouteKey> = h.routes().map(|r| r.key()).collect();
            match all.get(n % all.len().max(1)) {
                Some(&k) => h.remove_route(k),
                None => h.remove_route(route("0.0.0.0/0", None, 1, 0).key()),
            }
        }
        Op::RemoveRoute(d, l, g, i) => h.remove_route(RouteKey {
            destination: d,
            prefix_len: l,
            gateway: g,
            if_index: i,
        }),
        Op::SetRouteMetric(n, m) => {
            let all: Vec<RouteKey> = h.routes().map(|r| r.key()).collect();
            match all.get(n % all.len().max(1)) {
                Some(&k) => h.set_route_metric(k, m),
                None => h.set_route_metric(route("0.0.0.0/0", None, 1, 0).key(), m),
            }
        }
    }
}

const PROBES: [&str; 16] = [
    "192.0.2.1",
    "192.0.2.10",
    "10.0.0.1",
    "10.1.2.3",
    "172.0.1.200",
    "8.8.8.8",
    "127.0.0.1",
    "224.0.0.251",
    "255.255.255.255",
    "2001:db8::1",
    "2001:0:1::7",
    "fe80::1",
    "fe80:1::2",
    "2002::1",
    "::1",
    "ff02::1",
];

fn bindable(h: &Host, f: Family) -> Vec<(u32, HostAddress)> {
    h.bindable_addresses(f)
        .map(|(i, a)| (i.index(), *a))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The key correctness check: the indexed lookup agrees with a linear scan over every
    /// route, for random tables and random destinations.
    #[test]
    fn indexed_lookup_agrees_with_linear_scan(
        t in arb_table(),
        dsts in prop::collection::vec(arb_dst(), 1..40),
    ) {
        let h = build(&t);
        for dst in dsts.into_iter().chain(interesting(&h)) {
            prop_assert_eq!(h.route(dst), naive_route(&h, dst), "dst {}", dst);
        }
    }

}

proptest! {
    // Each case checks every operation against the oracle over ~100 destinations: 128 cases
    // keep the test near 6 s unoptimized on the 2-core machine.
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Arbitrary mutation sequences never panic; a failing one changes nothing; the index stays
    /// in step with the table (oracle); and no needed notification is ever missing from the
    /// reported Changes.
    #[test]
    fn mutation_sequences_are_safe_and_report_every_visible_change(
        start in prop::option::of(arb_table()),
        ops in prop::collection::vec(arb_op(), 1..40),
        extra in prop::collection::vec(arb_dst(), 0..10),
    ) {
        let mut h = start.as_ref().map_or_else(Host::default_host, build);
        for op in &ops {
            let before = h.clone();
            let mut probes: Vec<IpAddr> = PROBES.iter().map(|p| ip(p)).collect();
            probes.extend(&extra);
            probes.extend(interesting(&before));
            let routes_before: Vec<_> = probes.iter().map(|&d| h.route(d)).collect();
            match apply(&mut h, op) {
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    prop_assert_eq!(&h, &before, "{:?} failed with {:?} but changed the host", op, e);
                }
                Ok(c) => {
                    for f in Family::ALL {
                        if bindable(&before, f) != bindable(&h, f) {
                            prop_assert!(c.address_changed(f), "{:?}: {:?} list changed, got {}", op, f, c);
                        }
                    }
                    for (d, old) in probes.iter().zip(&routes_before) {
                        if h.route(*d) != *old {
                            prop_assert!(c.route_changed(Family::of(*d)), "{:?}: route to {} changed, got {}", op, d, c);
                        }
                    }
                }
            }
            probes.extend(interesting(&h));
            for &d in &probes {
                prop_assert_eq!(h.route(d), naive_route(&h, d), "after {:?}, dst {}", op, d);
            }
        }
    }
}

#[cfg(feature = "toml")]
proptest! {
    /// Any host survives the trip through its file.
    #[test]
    fn random_hosts_round_trip_through_toml(t in arb_table(), name in "\\PC{0,12}") {
        let mut h = build(&t);
        h.add_interface(InterfaceBuilder::new(42, name).build().unwrap()).unwrap();
        let text = h.to_toml_string();
        prop_assert_eq!(Host::from_toml_str(&text).unwrap(), h, "{}", text);
    }
}
