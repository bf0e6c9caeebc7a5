//! The raw Linux calls the provider needs that socket2 does not offer: `ioctl(FIONREAD)`,
//! `ioctl(SIOCATMARK)`, `recv(MSG_OOB | MSG_PEEK)`, `getsockopt(TCP_INFO)`, the `IP_RECVERR`
//! error queue, `AF_PACKET` capture sockets, `poll` and `setns`-free capability checks.
//!
//! The only `unsafe` of the Linux provider lives here (DESIGN.md, "An unsafe budget you can
//! grep"): every block is one FFI call on a descriptor the caller borrows, with a `// SAFETY:`
//! line.
#![allow(unsafe_code)]

use std::io;
use std::mem::{MaybeUninit, size_of};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// `SIOCATMARK` (asm-generic/sockios.h; libc does not export it).
const SIOCATMARK: libc::c_ulong = 0x8905;

fn cvt(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// `ioctl(fd, FIONREAD)` (`SIOCINQ` on sockets): bytes a normal receive would return (stream: up
/// to the urgent mark; datagram: the first datagram's payload).
pub(crate) fn fionread(fd: BorrowedFd<'_>) -> io::Result<u32> {
    let mut n: libc::c_int = 0;
    // SAFETY: `fd` is a live descriptor for the duration of the borrow; FIONREAD writes one
    // c_int to `n`, which outlives the call.
    cvt(unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut n) })?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// The total payload of every datagram queued on a datagram socket — what spec/002/003 say
/// FIONREAD answers on Windows — found by walking the queue with `MSG_PEEK | MSG_TRUNC` under a
/// peek offset (`SO_PEEK_OFF`, which makes each peek start after the previous datagram);
/// nothing is consumed and the socket's own peek offset is restored. `Ok(None)` when the kernel
/// does not support peek offsets on this socket.
pub(crate) fn datagram_total(fd: BorrowedFd<'_>) -> io::Result<Option<u32>> {
    let old = match get_int(fd, libc::SOL_SOCKET, libc::SO_PEEK_OFF) {
        Ok(v) => v,
        Err(_) => return Ok(None),
    };
    if set_int(fd, libc::SOL_SOCKET, libc::SO_PEEK_OFF, 0).is_err() {
        return Ok(None);
    }
    let mut total: u64 = 0;
    let mut walk = || -> io::Result<()> {
        // A bound on the walk: the queue cannot hold more datagrams than bytes of buffer.
        for _ in 0..1_000_000 {
            let mut b = 0u8;
            // SAFETY: one writable byte at `b`; MSG_TRUNC makes the call return the datagram's
            // full length while writing at most the 1 byte given; MSG_PEEK consumes nothing.
            let r = unsafe {
                libc::recv(
                    fd.as_raw_fd(),
                    (&mut b as *mut u8).cast(),
                    1,
                    libc::MSG_PEEK | libc::MSG_TRUNC | libc::MSG_DONTWAIT,
                )
            };
            if r < 0 {
                let e = io::Error::last_os_error();
                return match e.kind() {
                    io::ErrorKind::WouldBlock => Ok(()),
                    io::ErrorKind::Interrupted => continue,
                    _ => Err(e),
                };
            }
            total += r as u64;
        }
        Ok(())
    };
    let r = walk();
    let _ = set_int(fd, libc::SOL_SOCKET, libc::SO_PEEK_OFF, old);
    r.map(|()| Some(u32::try_from(total).unwrap_or(u32::MAX)))
}

/// `getsockopt(level, name)` as an int.
pub(crate) fn get_int(fd: BorrowedFd<'_>, level: i32, name: i32) -> io::Result<i32> {
    let mut v: i32 = 0;
    let mut len = size_of::<i32>() as libc::socklen_t;
    // SAFETY: `v` is writable for `len` (4) bytes; the kernel writes at most that.
    cvt(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&mut v as *mut i32).cast(),
            &mut len,
        )
    })?;
    Ok(v)
}

/// `ioctl(fd, SIOCATMARK)`: 1 when the read pointer is at the urgent mark (the BSD meaning).
pub(crate) fn siocatmark(fd: BorrowedFd<'_>) -> io::Result<bool> {
    let mut n: libc::c_int = 0;
    // SAFETY: as in `fionread`: one c_int written to `n`.
    cvt(unsafe { libc::ioctl(fd.as_raw_fd(), SIOCATMARK as _, &mut n) })?;
    Ok(n != 0)
}

/// Whether an urgent byte is pending out of band: `recv(MSG_OOB | MSG_PEEK | MSG_DONTWAIT)`
/// returns it (or `EAGAIN`: the urgent pointer arrived, the byte not yet). `EINVAL` means no
/// urgent data (or SO_OOBINLINE is on, or it was already read). Nothing is consumed.
pub(crate) fn urgent_pending(fd: BorrowedFd<'_>) -> bool {
    let mut b = 0u8;
    // SAFETY: one byte of writable memory at `b` for a 1-byte receive; MSG_PEEK consumes nothing.
    let r = unsafe {
        libc::recv(
            fd.as_raw_fd(),
            (&mut b as *mut u8).cast(),
            1,
            libc::MSG_OOB | libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    if r >= 1 {
        return true;
    }
    r < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN)
}

/// The kernel's `struct tcp_info`, as many bytes as this kernel fills (at most 512).
pub(crate) fn tcp_info(fd: BorrowedFd<'_>) -> io::Result<Vec<u8>> {
    let mut buf = [0u8; 512];
    let mut len = buf.len() as libc::socklen_t;
    // SAFETY: `buf` is writable for `len` bytes and `len` is a valid in/out length; the kernel
    // writes at most `len` bytes and stores the count in `len`.
    cvt(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    })?;
    Ok(buf[..(len as usize).min(buf.len())].to_vec())
}

/// `setsockopt(level, name, int)`.
pub(crate) fn set_int(fd: BorrowedFd<'_>, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: `value` is a c_int that lives across the call; its size is passed.
    cvt(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&value as *const i32).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    })
    .map(|_| ())
}

/// One entry of the `IP_RECVERR` / `IPV6_RECVERR` error queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueuedError {
    /// `ee_errno`.
    pub(crate) errno: i32,
    /// `ee_origin` (`SO_EE_ORIGIN_ICMP` 2, `SO_EE_ORIGIN_ICMP6` 3, …).
    pub(crate) origin: u8,
    /// ICMP type.
    pub(crate) icmp_type: u8,
    /// ICMP code.
    pub(crate) icmp_code: u8,
}

/// Takes the first entry of the socket's error queue (`recvmsg(MSG_ERRQUEUE | MSG_DONTWAIT)`);
/// `None` when it is empty.
pub(crate) fn take_queued_error(fd: BorrowedFd<'_>) -> Option<QueuedError> {
    let mut data = [0u8; 64];
    let mut iov = libc::iovec {
        iov_base: data.as_mut_ptr().cast(),
        iov_len: data.len(),
    };
    let mut control = [0u64; 64];
    // SAFETY: an all-zero msghdr is a valid "no name, no buffers" value.
    let mut msg: libc::msghdr = unsafe { MaybeUninit::zeroed().assume_init() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = size_of::<[u64; 64]>() as _;
    // SAFETY: `msg` points at `iov` (→ `data`) and `control`, all live and writable for the
    // lengths given; the kernel writes within them.
    let r = unsafe {
        libc::recvmsg(
            fd.as_raw_fd(),
            &mut msg,
            libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT,
        )
    };
    if r < 0 {
        return None;
    }
    // SAFETY: `msg` was filled by recvmsg; CMSG_FIRSTHDR/NXTHDR only read within
    // `msg_control[..msg_controllen]`.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    while !cmsg.is_null() {
        // SAFETY: `cmsg` is non-NULL and points at a header inside `control`.
        let (level, ty) = unsafe { ((*cmsg).cmsg_level, (*cmsg).cmsg_type) };
        if (level == libc::SOL_IP && ty == libc::IP_RECVERR)
            || (level == libc::SOL_IPV6 && ty == libc::IPV6_RECVERR)
        {
            // SAFETY: for these types the data is a `sock_extended_err` (ip(7), ipv6(7));
            // read_unaligned copes with the cmsg data alignment.
            let ee: libc::sock_extended_err =
                unsafe { std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast()) };
            return Some(QueuedError {
                errno: ee.ee_errno as i32,
                origin: ee.ee_origin,
                icmp_type: ee.ee_type,
                icmp_code: ee.ee_code,
            });
        }
        // SAFETY: as above.
        cmsg = unsafe { libc::CMSG_NXTHDR(&msg, cmsg) };
    }
    Some(QueuedError {
        errno: 0,
        origin: 0,
        icmp_type: 0,
        icmp_code: 0,
    })
}

/// An `AF_PACKET`/`SOCK_DGRAM` socket receiving the IP packets (IPv4 or IPv6 by `ipv6`) in
/// both directions on interface `if_index` — what `SIO_RCVALL` hands to a raw socket on
/// Windows 7 and later. Needs `CAP_NET_RAW` (`EPERM` without).
///
/// Outgoing packets reach only `ETH_P_ALL` taps (dev_queue_xmit_nit walks `ptype_all`), so the
/// socket is bound to `ETH_P_ALL` with a classic BPF filter keeping `skb->protocol` ==
/// ETH_P_IP (ETH_P_IPV6); the filter is attached before the bind, so nothing else is queued.
pub(crate) fn packet_socket(if_index: u32, ipv6: bool) -> io::Result<OwnedFd> {
    let want = if ipv6 {
        libc::ETH_P_IPV6
    } else {
        libc::ETH_P_IP
    } as u32;
    // SAFETY: plain socket(2) call (protocol 0: no packets until bound); on success the
    // descriptor is owned by the OwnedFd below.
    let fd =
        cvt(unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) })?;
    // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // ld [SKF_AD_OFF + SKF_AD_PROTOCOL]  (ntohs(skb->protocol)); jeq #want, accept, drop
    let op = |code: u32, jt: u8, jf: u8, k: u32| libc::sock_filter {
        code: code as u16,
        jt,
        jf,
        k,
    };
    let prog = [
        op(
            libc::BPF_LD | libc::BPF_W | libc::BPF_ABS,
            0,
            0,
            (libc::SKF_AD_OFF + libc::SKF_AD_PROTOCOL) as u32,
        ),
        op(libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K, 0, 1, want),
        op(libc::BPF_RET | libc::BPF_K, 0, 0, u32::MAX),
        op(libc::BPF_RET | libc::BPF_K, 0, 0, 0),
    ];
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_ptr() as *mut libc::sock_filter,
    };
    // SAFETY: `fprog` points at `prog`, both alive across the call; the kernel copies the
    // program.
    cvt(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_ATTACH_FILTER,
            (&fprog as *const libc::sock_fprog).cast(),
            size_of::<libc::sock_fprog>() as libc::socklen_t,
        )
    })?;
    // SAFETY: an all-zero sockaddr_ll is valid; the fields are set below.
    let mut sll: libc::sockaddr_ll = unsafe { MaybeUninit::zeroed().assume_init() };
    sll.sll_family = libc::AF_PACKET as u16;
    sll.sll_protocol = (libc::ETH_P_ALL as u16).to_be();
    sll.sll_ifindex = if_index as i32;
    // SAFETY: `sll` is a complete sockaddr_ll whose size is passed.
    cvt(unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&sll as *const libc::sockaddr_ll).cast(),
            size_of::<libc::sockaddr_ll>() as libc::socklen_t,
        )
    })?;
    Ok(fd)
}

/// `recv(fd, buf, flags)` on any descriptor (the capture socket).
pub(crate) fn recv(fd: BorrowedFd<'_>, buf: &mut [u8], flags: i32) -> io::Result<usize> {
    // SAFETY: `buf` is writable for its length.
    let r = unsafe { libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), flags) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r as usize)
    }
}

/// Waits until one of `fds` is readable (or hung up); returns which, by position.
pub(crate) fn poll_readable(fds: &[BorrowedFd<'_>], timeout_ms: i32) -> io::Result<Vec<bool>> {
    let mut p: Vec<libc::pollfd> = fds
        .iter()
        .map(|f| libc::pollfd {
            fd: f.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    loop {
        // SAFETY: `p` is a live array of `p.len()` pollfd structures.
        let r = unsafe { libc::poll(p.as_mut_ptr(), p.len() as libc::nfds_t, timeout_ms) };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(e);
        }
        return Ok(p.iter().map(|x| x.revents != 0).collect());
    }
}

/// Whether the process has `CAP_NET_RAW` in its effective set (`CapEff` of
/// /proc/self/status, bit 13) — what raw sockets and `SIO_RCVALL` need.
pub(crate) fn has_cap_net_raw() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("CapEff:"))
                .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
        })
        .is_some_and(|caps| caps & (1 << 13) != 0)
}

/// `unshare(CLONE_NEWNET)`: moves the calling thread (only it) into a new, empty network
/// namespace; threads and processes it starts afterwards inherit it. Needs `CAP_SYS_ADMIN`
/// (EPERM otherwise). Used by the scenario engine's Linux backend, which changes hosts only in
/// a namespace of its own.
pub(crate) fn unshare_netns() -> io::Result<()> {
    // SAFETY: unshare(2) takes only flags; CLONE_NEWNET affects the calling thread's namespace
    // membership, no memory.
    cvt(unsafe { libc::unshare(libc::CLONE_NEWNET) }).map(drop)
}

/// `struct ifreq` as `TUNSETIFF` reads it: the name, the flags, the rest of the union zeroed
/// (40 bytes on 64-bit Linux, 32 on 32-bit: the union holds a sockaddr and a pointer).
#[repr(C)]
struct TunReq {
    name: [u8; libc::IFNAMSIZ],
    flags: libc::c_short,
    rest: [u8; 22],
}

/// Attaches a descriptor to the existing tun device `name` (`open("/dev/net/tun")` +
/// `ioctl(TUNSETIFF, IFF_TUN | IFF_NO_PI)`): the device has carrier (`IFF_RUNNING`) while the
/// descriptor is open. Packets the kernel routes to it queue unread.
pub(crate) fn tun_attach(name: &str) -> io::Result<OwnedFd> {
    if name.is_empty() || name.len() >= libc::IFNAMSIZ || name.contains('\0') {
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")?;
    let mut req = TunReq {
        name: [0; libc::IFNAMSIZ],
        flags: (libc::IFF_TUN | libc::IFF_NO_PI) as libc::c_short,
        rest: [0; 22],
    };
    req.name[..name.len()].copy_from_slice(name.as_bytes());
    // SAFETY: `file` is open; TUNSETIFF reads a `struct ifreq` (at most 40 bytes, all of `req`
    // initialised) and may write the name back into it; `req` outlives the call.
    cvt(unsafe { libc::ioctl(file.as_raw_fd(), libc::TUNSETIFF, &mut req) })?;
    Ok(file.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fionread_on_a_fresh_udp_socket_is_zero() {
        let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        use std::os::fd::AsFd;
        assert_eq!(fionread(s.as_fd()).unwrap(), 0);
        assert_eq!(take_queued_error(s.as_fd()), None);
    }
}
