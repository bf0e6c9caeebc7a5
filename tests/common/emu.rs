//! Helpers for the tests of the emulated stack (`Ws2` over `EmulatedProvider`): building a
//! stack, socket addresses in Windows layout, connected pairs, and short call shapes.

use std::net::{IpAddr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::sync::Arc;

use wsaioctl::ControlCode;
use wsaioctl::api::{Completion, IoctlArgs, IoctlOutcome, Socket, Winsock};
use wsaioctl::emulated::EmulatedProvider;
use wsaioctl::emulated::host::Host;
use wsaioctl::profile::Profile;
use wsaioctl::wire::sockaddr::SockAddr;
use wsaioctl::wire::{Arch, Repr};
use wsaioctl::ws2::Ws2;

/// `AF_INET`.
pub const AF_INET: u16 = 2;
/// `AF_INET6`.
pub const AF_INET6: u16 = 23;
/// `SOCK_STREAM`.
pub const STREAM: i32 = 1;
/// `SOCK_DGRAM`.
pub const DGRAM: i32 = 2;
/// `SOCK_RAW`.
pub const RAW: i32 = 3;
/// `IPPROTO_TCP`.
pub const TCP: i32 = 6;
/// `IPPROTO_UDP`.
pub const UDP: i32 = 17;
/// `MSG_OOB`.
pub const MSG_OOB: i32 = 1;
/// `SOL_SOCKET`.
pub const SOL_SOCKET: i32 = 0xffff;
/// `SO_OOBINLINE`.
pub const SO_OOBINLINE: i32 = 0x0100;
/// The value the public suites preset `*lpcbBytesReturned` / Internal to (W conventions).
pub const DEADBEEF: u32 = 0xdead_beef;

/// An emulated stack: the provider (for host mutations and deliveries) and the API layer.
pub struct Stack {
    /// The provider under the API layer.
    pub provider: Arc<EmulatedProvider>,
    /// The API layer.
    pub ws2: Ws2,
}

impl std::ops::Deref for Stack {
    type Target = Ws2;
    fn deref(&self) -> &Ws2 {
        &self.ws2
    }
}

/// A stack over `host` with profile `profile` (a [`Profile::NAMES`] name).
pub fn stack_with(host: Host, profile: &str) -> Stack {
    let profile = Profile::by_name(profile).expect("known profile name");
    let provider = Arc::new(EmulatedProvider::new(host, profile.clone()));
    let ws2 = Ws2::with_profile(provider.clone(), &profile);
    Stack { provider, ws2 }
}

/// The default host, current Windows x64.
pub fn stack() -> Stack {
    stack_with(Host::default_host(), "windows")
}

/// A SOCKADDR (Windows layout) for `ip:port`.
pub fn sa(ip: &str, port: u16) -> Vec<u8> {
    let ip: IpAddr = ip.parse().expect("test address");
    let a = match ip {
        IpAddr::V4(v4) => SockAddr::V4(SocketAddrV4::new(v4, port)),
        IpAddr::V6(v6) => SockAddr::V6(SocketAddrV6::new(v6, port, 0, 0)),
    };
    a.to_bytes(Arch::X64)
}

/// Parses a SOCKADDR back to an IP socket address.
pub fn parse_sa(b: &[u8]) -> SocketAddr {
    SockAddr::parse(b, Arch::X64)
        .expect("a sockaddr")
        .to_socket_addr()
        .expect("an IP sockaddr")
}

/// A TCP socket.
pub fn tcp(ws2: &Ws2) -> Socket {
    ws2.socket(AF_INET, STREAM, TCP).expect("TCP socket")
}

/// A UDP socket.
pub fn udp(ws2: &Ws2) -> Socket {
    ws2.socket(AF_INET, DGRAM, UDP).expect("UDP socket")
}

/// A connected loopback TCP pair: (client, accepted server end). `port` must be free.
pub fn tcp_pair(ws2: &Ws2, port: u16) -> (Socket, Socket) {
    let l = tcp(ws2);
    ws2.bind(l, &sa("127.0.0.1", port)).expect("bind");
    ws2.listen(l, 5).expect("listen");
    let c = tcp(ws2);
    ws2.connect(c, &sa("127.0.0.1", port)).expect("connect");
    let a = ws2.accept(l).expect("accept");
    (c, a)
}

/// `WSAIoctl` without OVERLAPPED, with an output buffer of `out_len` bytes filled with 0xa5
/// (`None` = NULL output): the outcome and the buffer afterwards.
pub fn call(
    ws2: &Ws2,
    s: Socket,
    code: ControlCode,
    input: Option<&[u8]>,
    out_len: Option<usize>,
) -> (IoctlOutcome, Vec<u8>) {
    call_with(ws2, s, code, input, out_len, Completion::None)
}

/// Like [`call`] with a completion.
pub fn call_with(
    ws2: &Ws2,
    s: Socket,
    code: ControlCode,
    input: Option<&[u8]>,
    out_len: Option<usize>,
    completion: Completion,
) -> (IoctlOutcome, Vec<u8>) {
    let mut buf = vec![0xa5u8; out_len.unwrap_or(0)];
    let r = ws2.wsa_ioctl_args(IoctlArgs {
        socket: s,
        code,
        input,
        output: out_len.map(|_| &mut buf[..]),
        completion,
        ..Default::default()
    });
    (r, buf)
}

/// A 4-byte little-endian input.
pub fn u32_bytes(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// The 4-byte value at the start of `b`.
pub fn u32_at(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// `Failed { error, bytes_returned }`.
pub fn failed(error: wsaioctl::WsaError, bytes_returned: Option<u32>) -> IoctlOutcome {
    IoctlOutcome::Failed {
        error,
        bytes_returned,
    }
}
