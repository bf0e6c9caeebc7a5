//! Destination ordering for `SIO_ADDRESS_LIST_SORT`: a documented subset of RFC 6724, section 6,
//! over the simulated host's routes.
//!
//! Microsoft's "Using SIO_ADDRESS_LIST_SORT": the order "is based on the prefix policy table" and
//! "also determined by an algorithm outlined in the RFC 3484" (RFC 6724 obsoletes it; Windows'
//! default prefix policy table, `netsh interface ipv6 show prefixpolicies`, is RFC 6724's
//! [`POLICY`]). The rules applied, in order, for destinations DA and DB:
//!
//! 1. **Avoid unusable destinations** — one the host has no route to (no source address) goes
//!    after every usable one.
//! 2. **Prefer matching scope** — `Scope(D) == Scope(Source(D))`.
//! 5. **Prefer matching label** — `Label(Source(D)) == Label(D)`: an IPv4 (IPv4-mapped)
//!    destination reached from an IPv4 source, a native IPv6 one from an IPv6 source.
//! 6. **Prefer higher precedence** — [`POLICY`]: `::1` 50, IPv6 40, IPv4 35, 6to4 30, Teredo 5, …
//! 9. **Use longest matching prefix** — `CommonPrefixLen(Source(D), D)`, counted up to the
//!    source's prefix length (RFC 6724 §2.2), when both are of one family.
//! 10. **Otherwise, leave the order unchanged** (a stable sort).
//!
//! **Not modelled:** rule 3 (avoid deprecated sources), 4 (home addresses), 7 (native
//! transport) and 8 (smaller scope). Rules 1–6 compare a property of each destination, and two
//! destinations of equal precedence are always of one family (only `::ffff:0:0/96` has 35), so
//! the rules are a lexicographic key and the order is total.
//!
//! The source of a destination is the one `SIO_ROUTING_INTERFACE_QUERY` reports: the
//! destination itself for a loopback address, else [`Host::route`]'s.

use std::cmp::Reverse;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::host::{Host, is_ipv4_mapped, is_link_local};

/// RFC 6724 §2.1's default policy table — Windows' default prefix policies:
/// `(prefix, length, precedence, label)`.
pub(crate) const POLICY: [(Ipv6Addr, u8, u8, u8); 9] = [
    (Ipv6Addr::LOCALHOST, 128, 50, 0),
    (Ipv6Addr::UNSPECIFIED, 0, 40, 1),
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), 96, 35, 4),
    (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16, 30, 2),
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 32, 5, 5),
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, 3, 13),
    (Ipv6Addr::UNSPECIFIED, 96, 1, 3),
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10, 1, 11),
    (Ipv6Addr::new(0x3ffe, 0, 0, 0, 0, 0, 0, 0), 16, 1, 12),
];

/// The address a destination is routed as: an IPv4-mapped IPv6 address is its IPv4 address.
pub(crate) fn unmapped(d: &Ipv6Addr) -> IpAddr {
    if is_ipv4_mapped(d) {
        let o = d.octets();
        IpAddr::V4(Ipv4Addr::new(o[12], o[13], o[14], o[15]))
    } else {
        IpAddr::V6(*d)
    }
}

/// The IPv6 form the policy table is looked up with (IPv4 as IPv4-mapped).
fn mapped(ip: IpAddr) -> Ipv6Addr {
    match ip {
        IpAddr::V4(a) => a.to_ipv6_mapped(),
        IpAddr::V6(a) => a,
    }
}

/// True for a site-local `fec0::/10` address.
pub(crate) fn is_site_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfec0
}

/// RFC 6724 §3.1: IPv6 multicast by its scope field, `::1` and `fe80::/10` link-local (2),
/// `fec0::/10` site-local (5), else global (14); IPv4 `127/8` and `169.254/16` link-local, else
/// global (§3.2).
pub(crate) fn scope(ip: IpAddr) -> u8 {
    match ip {
        IpAddr::V4(a) => {
            if a.is_loopback() || a.is_link_local() {
                2
            } else {
                14
            }
        }
        IpAddr::V6(a) if a.is_multicast() => (a.segments()[0] & 0x000f) as u8,
        IpAddr::V6(a) if a.is_loopback() || is_link_local(&a) => 2,
        IpAddr::V6(a) if is_site_local(&a) => 5,
        IpAddr::V6(_) => 14,
    }
}

/// `(precedence, label)` from [`POLICY`]: the longest matching prefix.
pub(crate) fn policy(ip: IpAddr) -> (u8, u8) {
    let bits = u128::from(mapped(ip));
    POLICY
        .iter()
        .filter(|(p, len, _, _)| prefix_eq(bits, u128::from(*p), *len))
        .max_by_key(|(_, len, _, _)| *len)
        .map_or((40, 1), |&(_, _, prec, label)| (prec, label))
}

fn prefix_eq(a: u128, b: u128, len: u8) -> bool {
    len == 0 || (a ^ b) >> (128 - u32::from(len)) == 0
}

/// Leading bits `a` and `b` share, at most `cap` (both of one family; IPv4 counts 32 bits).
pub(crate) fn common_prefix_len(a: IpAddr, b: IpAddr, cap: u8) -> u8 {
    let n = match (a, b) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u32::from(a) ^ u32::from(b)).leading_zeros(),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a) ^ u128::from(b)).leading_zeros(),
        _ => 0,
    };
    (n as u8).min(cap)
}

/// The source address the host would use for `dst`, as `SIO_ROUTING_INTERFACE_QUERY` answers.
pub(crate) fn source_for(host: &Host, dst: IpAddr) -> Option<IpAddr> {
    if dst.is_loopback() {
        return Some(dst);
    }
    host.route(dst).map(|r| r.source)
}

/// The order of `dests` (indices into it) by the rules of the module docs.
pub(crate) fn order(host: &Host, dests: &[IpAddr]) -> Vec<usize> {
    type Key = (bool, bool, bool, Reverse<u8>, Reverse<u8>, usize);
    let mut keyed: Vec<Key> = dests
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let (prec, label) = policy(d);
            match source_for(host, d) {
                None => (true, false, false, Reverse(prec), Reverse(0), i),
                Some(s) => {
                    let cap = host
                        .address_owner(s)
                        .map_or(if s.is_ipv4() { 32 } else { 128 }, |(_, a)| a.prefix_len());
                    (
                        false,
                        scope(d) != scope(s),
                        policy(s).1 != label,
                        Reverse(prec),
                        Reverse(common_prefix_len(s, d, cap)),
                        i,
                    )
                }
            }
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|k| k.5).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn policy_table_lookups() {
        assert_eq!(policy(ip("::1")), (50, 0));
        assert_eq!(policy(ip("2001::1")), (5, 5), "Teredo 2001::/32");
        assert_eq!(
            policy(ip("2001:db8::1")),
            (40, 1),
            "2001:0db8 is outside 2001:0::/32"
        );
        assert_eq!(policy(ip("2a00::1")), (40, 1));
        assert_eq!(policy(ip("192.0.2.1")), (35, 4));
        assert_eq!(policy(ip("2002::1")), (30, 2));
        assert_eq!(policy(ip("fd00::1")), (3, 13));
        assert_eq!(policy(ip("fec0::1")), (1, 11));
    }

    #[test]
    fn scopes_and_prefixes() {
        assert_eq!(scope(ip("fe80::1")), 2);
        assert_eq!(scope(ip("127.0.0.1")), 2);
        assert_eq!(scope(ip("169.254.1.1")), 2);
        assert_eq!(scope(ip("ff05::1")), 5);
        assert_eq!(scope(ip("2001:db8::1")), 14);
        assert_eq!(
            common_prefix_len(ip("2001:db8::10"), ip("2001:db8::20"), 64),
            64
        );
        assert_eq!(
            common_prefix_len(ip("2001:db8::10"), ip("2001:db9::"), 128),
            31
        );
        assert_eq!(
            common_prefix_len(ip("192.0.2.10"), ip("192.0.2.77"), 24),
            24
        );
        assert_eq!(common_prefix_len(ip("192.0.2.10"), ip("::1"), 24), 0);
        assert_eq!(
            unmapped(&"::ffff:192.0.2.1".parse().unwrap()),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn default_host_order() {
        // Default host: 192.0.2.10/24, 2001:db8::10/64, fe80::10/64, default routes both.
        let h = Host::default_host();
        let d = [
            ip("198.51.100.7"), // IPv4 global, prec 35
            ip("2a00::1"),      // IPv6 global, prec 40
            ip("::1"),          // prec 50
            ip("fe80::77"),     // link-local, source fe80::10, prec 40, longer prefix
        ];
        // ::1 (precedence 50) first; then fe80::77 and 2a00::1 (40), both matching their
        // source's scope and label — fe80::77 shares 64 bits with its source fe80::10, 2a00::1
        // only 2 with 2001:db8::10 (rule 9); the IPv4 destination (35) last.
        assert_eq!(order(&h, &d), [2, 3, 1, 0]);
    }

    #[test]
    fn label_mismatch_beats_precedence() {
        // A host whose only IPv6 address is a Teredo one (2001::/32, label 5): a native IPv6
        // destination (label 1, precedence 40) reached from it loses to an IPv4 destination
        // (labels 4 = 4, precedence 35) — rule 5 comes before rule 6.
        let h = Host::builder()
            .interface(
                super::super::host::InterfaceBuilder::ethernet(2, "eth")
                    .address("192.0.2.10/24")
                    .address("2001:0:5ef5:79fb::10/64"),
            )
            .route("0.0.0.0/0", Some("192.0.2.1"), 2, 0)
            .route("::/0", Some("2001:0:5ef5:79fb::1"), 2, 0)
            .build()
            .unwrap();
        assert_eq!(order(&h, &[ip("2a00::1"), ip("198.51.100.7")]), [1, 0]);
    }

    #[test]
    fn unreachable_goes_last_and_ties_keep_order() {
        let h = Host::builder()
            .interface(
                super::super::host::InterfaceBuilder::ethernet(2, "eth").address("192.0.2.10/24"),
            )
            .build()
            .unwrap();
        let d = [ip("198.51.100.7"), ip("192.0.2.77"), ip("192.0.2.78")];
        assert_eq!(order(&h, &d), [1, 2, 0]);
    }
}
