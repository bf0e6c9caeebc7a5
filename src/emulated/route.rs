//! The simulated host's route table: route values and the indexed longest-prefix lookup.
//!
//! The host ([`super::host::Host`]) owns the table; this module holds the values it hands out
//! ([`Route`], [`RouteKey`], [`RouteChoice`]) and the lookup index behind
//! [`Host::route`](super::host::Host::route).
//!
//! # The index
//!
//! Per address family, a map from prefix length to a hash map of masked network → the routes
//! with exactly that prefix. A lookup probes the lengths present in the table from the longest
//! down — at most 33 probes for IPv4 and 129 for IPv6, whatever the number of routes — and stops
//! at the first length holding a usable route. Only the routes of that one bucket (those sharing
//! the destination's exact prefix) are compared, so the cost does not grow with the table.
//!
//! The hash maps use a fixed-key hasher: the crate's emulated stack has no randomness (DESIGN.md,
//! "Deterministic by default"), and nothing ever iterates them — the ordered view of the static
//! routes lives in the host's `BTreeMap`.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::net::IpAddr;

/// The route metric of the implicit on-link route of an address's prefix.
///
/// Windows gives the subnet route it creates for a new address `RouteMetric` 256 (what
/// `Get-NetRoute` shows for every on-link prefix route); the interface metric is added on top
/// like for any route.
pub const ON_LINK_METRIC: u32 = 256;

/// A static route: destination prefix, optional gateway, outgoing interface, route metric.
///
/// The destination is stored masked (host bits zero); [`Host::add_route`] rejects a destination
/// with host bits set.
///
/// [`Host::add_route`]: super::host::Host::add_route
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Route {
    /// The destination network (host bits zero).
    pub destination: IpAddr,
    /// The destination prefix length (0 ..= 32 for IPv4, 0 ..= 128 for IPv6).
    pub prefix_len: u8,
    /// The next hop, or `None` for a route whose destination is on-link.
    pub gateway: Option<IpAddr>,
    /// The outgoing interface's index.
    pub if_index: u32,
    /// The route metric; the interface metric is added to it when routes are compared.
    pub metric: u32,
}

impl Route {
    /// The identity of the route in the table (everything but the metric).
    pub const fn key(&self) -> RouteKey {
        RouteKey {
            destination: self.destination,
            prefix_len: self.prefix_len,
            if_index: self.if_index,
            gateway: self.gateway,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} metric {}", self.key(), self.metric)
    }
}

/// What identifies a route in the table, as Windows identifies it: destination prefix,
/// interface and next hop. The metric is an attribute ([`Host::set_route_metric`]).
///
/// Ordered by destination, prefix length, interface index, then gateway (no gateway first):
/// the order [`Host::routes`] yields.
///
/// [`Host::set_route_metric`]: super::host::Host::set_route_metric
/// [`Host::routes`]: super::host::Host::routes
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RouteKey {
    /// The destination network (host bits zero).
    pub destination: IpAddr,
    /// The destination prefix length.
    pub prefix_len: u8,
    /// The outgoing interface's index.
    pub if_index: u32,
    /// The next hop, or `None` for on-link.
    pub gateway: Option<IpAddr>,
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.destination, self.prefix_len)?;
        match self.gateway {
            Some(g) => write!(f, " via {g}")?,
            None => f.write_str(" on-link")?,
        }
        write!(f, " interface {}", self.if_index)
    }
}

/// The answer of a route lookup ([`Host::route`]): where a packet to the destination leaves,
/// and from which local address.
///
/// This is what `SIO_ROUTING_INTERFACE_QUERY` reports (spec/002, "SIO_ROUTING_INTERFACE_QUERY":
/// "the address of the local interface … that should be used to send to the remote address"):
/// the provider writes `source` into the output `sockaddr`.
///
/// [`Host::route`]: super::host::Host::route
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RouteChoice {
    /// The outgoing interface's index.
    pub if_index: u32,
    /// The preferred source address on that interface, of the destination's family.
    pub source: IpAddr,
    /// The next hop, or `None` when the destination is on-link (always `None` for multicast and
    /// the IPv4 limited broadcast).
    pub gateway: Option<IpAddr>,
}

/// One entry of the lookup index: a static route or the implicit on-link route of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) if_index: u32,
    pub(crate) gateway: Option<IpAddr>,
    pub(crate) metric: u32,
}

type FixedState = BuildHasherDefault<DefaultHasher>;

/// The routes of one family, bucketed by prefix length then masked network.
#[derive(Debug, Clone)]
struct FamilyIndex {
    /// `buckets[len]`: masked network → candidates with exactly that prefix.
    buckets: Vec<HashMap<u128, Vec<Candidate>, FixedState>>,
    /// `counts[len]`: how many candidates have prefix length `len` (0 = skip the probe).
    counts: Vec<usize>,
    /// 32 or 128.
    max_len: u8,
}

impl FamilyIndex {
    fn new(max_len: u8) -> Self {
        let n = usize::from(max_len) + 1;
        Self {
            buckets: (0..n).map(|_| HashMap::default()).collect(),
            counts: vec![0; n],
            max_len,
        }
    }
}

/// The lookup index of both families.
#[derive(Debug, Clone)]
pub(crate) struct RouteIndex {
    v4: FamilyIndex,
    v6: FamilyIndex,
}

impl Default for RouteIndex {
    fn default() -> Self {
        Self {
            v4: FamilyIndex::new(32),
            v6: FamilyIndex::new(128),
        }
    }
}

/// The address as an unsigned integer (IPv4 in the low 32 bits).
pub(crate) fn addr_bits(addr: IpAddr) -> u128 {
    match addr {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// `bits` with everything after the first `len` of `max_len` bits cleared.
pub(crate) fn mask_bits(bits: u128, len: u8, max_len: u8) -> u128 {
    debug_assert!(len <= max_len && (max_len == 32 || max_len == 128));
    if len == 0 {
        return 0;
    }
    let keep = (!0u128) << (max_len - len);
    let width = if max_len == 128 {
        !0u128
    } else {
        (1u128 << max_len) - 1
    };
    bits & keep & width
}

impl RouteIndex {
    fn family(&self, dst: IpAddr) -> &FamilyIndex {
        match dst {
            IpAddr::V4(_) => &self.v4,
            IpAddr::V6(_) => &self.v6,
        }
    }

    fn family_mut(&mut self, dst: IpAddr) -> &mut FamilyIndex {
        match dst {
            IpAddr::V4(_) => &mut self.v4,
            IpAddr::V6(_) => &mut self.v6,
        }
    }

    /// Adds a candidate for `network/len` (the caller has checked `len` for the family).
    pub(crate) fn insert(&mut self, network: IpAddr, len: u8, candidate: Candidate) {
        let fam = self.family_mut(network);
        let key = mask_bits(addr_bits(network), len, fam.max_len);
        let l = usize::from(len);
        fam.buckets[l].entry(key).or_default().push(candidate);
        fam.counts[l] += 1;
    }

    /// Removes one candidate equal to `candidate` for `network/len`; false if there was none.
    pub(crate) fn remove(&mut self, network: IpAddr, len: u8, candidate: &Candidate) -> bool {
        let fam = self.family_mut(network);
        if len > fam.max_len {
            return false;
        }
        let key = mask_bits(addr_bits(network), len, fam.max_len);
        let l = usize::from(len);
        let Some(bucket) = fam.buckets[l].get_mut(&key) else {
            return false;
        };
        let Some(pos) = bucket.iter().position(|c| c == candidate) else {
            return false;
        };
        bucket.remove(pos);
        if bucket.is_empty() {
            fam.buckets[l].remove(&key);
        }
        fam.counts[l] -= 1;
        true
    }

    /// Longest-prefix lookup. `rank` turns a candidate into `None` (unusable: skipped as if it
    /// were absent) or `(key, answer)`; the answer with the smallest key among the usable
    /// candidates of the longest matching prefix wins. Returns the answer and the number of
    /// hash probes made.
    pub(crate) fn lookup<K: Ord, T>(
        &self,
        dst: IpAddr,
        mut rank: impl FnMut(&Candidate) -> Option<(K, T)>,
    ) -> (Option<T>, usize) {
        let fam = self.family(dst);
        let bits = addr_bits(dst);
        let mut probes = 0;
        for len in (0..=fam.max_len).rev() {
            let l = usize::from(len);
            if fam.counts[l] == 0 {
                continue;
            }
            probes += 1;
            let Some(bucket) = fam.buckets[l].get(&mask_bits(bits, len, fam.max_len)) else {
                continue;
            };
            let mut best: Option<(K, T)> = None;
            for c in bucket {
                if let Some((k, t)) = rank(c)
                    && best.as_ref().is_none_or(|(bk, _)| k < *bk)
                {
                    best = Some((k, t));
                }
            }
            if let Some((_, t)) = best {
                return (Some(t), probes);
            }
        }
        (None, probes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_bits_keeps_the_prefix() {
        let a = addr_bits("192.0.2.77".parse().unwrap());
        assert_eq!(
            mask_bits(a, 24, 32),
            addr_bits("192.0.2.0".parse().unwrap())
        );
        assert_eq!(mask_bits(a, 32, 32), a);
        assert_eq!(mask_bits(a, 0, 32), 0);
        assert_eq!(mask_bits(a, 1, 32), 0x8000_0000);
        let b = addr_bits("2001:db8::ff".parse().unwrap());
        assert_eq!(mask_bits(b, 128, 128), b);
        assert_eq!(
            mask_bits(b, 32, 128),
            addr_bits("2001:db8::".parse().unwrap())
        );
        assert_eq!(mask_bits(b, 1, 128), 0);
    }

    #[test]
    fn insert_remove_keeps_counts() {
        let mut idx = RouteIndex::default();
        let net: IpAddr = "10.0.0.0".parse().unwrap();
        let c = Candidate {
            if_index: 3,
            gateway: None,
            metric: 1,
        };
        idx.insert(net, 8, c);
        idx.insert(net, 8, c);
        assert_eq!(idx.v4.counts[8], 2);
        assert!(idx.remove(net, 8, &c));
        assert!(idx.remove(net, 8, &c));
        assert!(!idx.remove(net, 8, &c));
        assert_eq!(idx.v4.counts[8], 0);
        assert!(idx.v4.buckets[8].is_empty());
        assert!(
            !idx.remove(net, 200, &c),
            "an impossible length is simply absent"
        );
    }

    /// The lookup cost does not depend on the table size: with 20 000 routes over every IPv4
    /// prefix length, a lookup makes at most 33 probes (one per length present).
    #[test]
    fn probes_are_bounded_by_the_number_of_lengths() {
        let mut idx = RouteIndex::default();
        for i in 0u32..20_000 {
            let len = (i % 33) as u8;
            let net = IpAddr::from(std::net::Ipv4Addr::from(mask_bits(
                u128::from(i.wrapping_mul(2_654_435_761)),
                len,
                32,
            ) as u32));
            idx.insert(
                net,
                len,
                Candidate {
                    if_index: i % 7 + 1,
                    gateway: None,
                    metric: i,
                },
            );
        }
        // A rank that accepts nothing forces a probe at every length.
        let (hit, probes) = idx.lookup::<u32, ()>("203.0.113.9".parse().unwrap(), |_| None);
        assert!(hit.is_none());
        assert_eq!(probes, 33);
        let (hit, probes) = idx.lookup("203.0.113.9".parse().unwrap(), |c| Some((c.metric, ())));
        assert!(hit.is_some());
        assert!(probes <= 33);
        // IPv6: nothing present, nothing probed.
        let (hit, probes) = idx.lookup("2001:db8::1".parse().unwrap(), |c| Some((c.metric, ())));
        assert!(hit.is_none());
        assert_eq!(probes, 0);
    }
}
