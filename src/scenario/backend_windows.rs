//! The scenario [`Backend`] over native Winsock ([`Native`], the real ws2_32 — Windows, or Wine),
//! and the suite run behind `wsaioctl check --backend windows`.
//!
//! Sockets are put in their state over real loopback: a connected stream socket gets a peer
//! accepted from a listener on `127.0.0.1:0` (`::1` for inet6), a connected datagram socket a
//! peer bound on loopback, each connected to the other. A `deliver` step is a real `send` from
//! that peer (an urgent last byte is sent with `MSG_OOB`), followed by a short pause for the
//! loopback to carry it. Waits, completion ports and completion routines are [`Native`]'s. What
//! no application can do on a real machine — host mutations — fails here; the suite run reports
//! such scenarios as not applicable before running them ([`wine::not_applicable`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Duration;

use crate::api::{Event, IoctlArgs, IoctlOutcome, Socket, Winsock};
use crate::error::{UsageError, WsaError};
use crate::windows::{BYTES_SENTINEL, Native};
use crate::wire::sockaddr::SockAddr;
use crate::wire::{Arch, Repr};

use super::backend::{Backend, Mutation, Opened, open_on};
use super::call::SocketSpec;
use super::runner;
use super::suite;
use super::wine::{self, NativeRun, Verdict};

/// How long a delivered segment is given to cross the loopback.
const DELIVERY_PAUSE: Duration = Duration::from_millis(50);

/// Native Winsock as a scenario backend.
#[derive(Debug)]
pub struct NativeBackend {
    native: Native,
    /// Socket under test → its peer (the sender of `deliver`).
    peers: Mutex<HashMap<u64, Socket>>,
}

fn fail(what: &str, e: WsaError) -> UsageError {
    UsageError::Other(format!("setting up the socket: {what} failed with {e:?}"))
}

fn sockaddr(a: SocketAddr) -> Vec<u8> {
    match a {
        SocketAddr::V4(a) => SockAddr::V4(a),
        SocketAddr::V6(a) => SockAddr::V6(a),
    }
    .to_bytes(Arch::X64)
}

impl NativeBackend {
    /// `WSAStartup` and an empty peer table.
    pub fn new() -> Result<Self, WsaError> {
        Ok(Self {
            native: Native::new()?,
            peers: Mutex::new(HashMap::new()),
        })
    }

    /// The native layer.
    pub fn native(&self) -> &Native {
        &self.native
    }

    /// Binds `s` to `ip` on a system-chosen port; returns the address bound.
    fn bind_any_port(&self, s: Socket, ip: IpAddr) -> Result<SocketAddr, UsageError> {
        self.native
            .bind(s, &sockaddr(SocketAddr::new(ip, 0)))
            .map_err(|e| fail("bind", e))?;
        let bytes = self
            .native
            .getsockname(s)
            .map_err(|e| fail("getsockname", e))?;
        SockAddr::parse(&bytes, Arch::X64)
            .ok()
            .and_then(|a| a.to_socket_addr())
            .ok_or_else(|| UsageError::Other("getsockname: not an IP address".into()))
    }
}

impl Backend for NativeBackend {
    fn name(&self) -> &'static str {
        super::format::WINDOWS
    }

    fn profile_name(&self) -> String {
        "native".into()
    }

    fn arch(&self) -> Arch {
        Arch::X64
    }

    fn winsock(&self) -> &dyn Winsock {
        &self.native
    }

    fn open(&self, spec: &SocketSpec) -> Result<Opened, UsageError> {
        // The same setup as the emulated backends; ports chosen by the system (no harness range
        // on a real machine), and no WSAAsyncSelect (no window or message loop here).
        let opened = open_on(&self.native, spec, &|s, ip| self.bind_any_port(s, ip), None)?;
        if let Some(p) = opened.peer {
            self.peers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(opened.socket.0, p);
        }
        Ok(opened)
    }

    fn ioctl(&self, args: IoctlArgs<'_>, initial: u32) -> IoctlOutcome {
        // Native detects "untouched" with its own sentinel; report it as the engine's.
        match self.native.wsa_ioctl_args(args) {
            IoctlOutcome::Completed {
                bytes: BYTES_SENTINEL,
            } => IoctlOutcome::Completed { bytes: initial },
            other => other,
        }
    }

    fn mutate(&self, m: &Mutation) -> Result<Vec<&'static str>, UsageError> {
        Err(UsageError::Other(format!(
            "host mutation {m:?}: not applicable to windows (a real machine is not reconfigured)"
        )))
    }

    fn deliver(&self, s: Socket, data: &[u8], urgent: bool) -> Result<(), WsaError> {
        let peer = self
            .peers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&s.0)
            .copied()
            .ok_or(WsaError::WSAENOTCONN)?;
        let (normal, oob) = match (urgent, data.split_last()) {
            (true, Some((last, rest))) => (rest, Some(*last)),
            _ => (data, None),
        };
        if !normal.is_empty() || oob.is_none() {
            self.native.send(peer, normal, 0)?;
        }
        if let Some(b) = oob {
            self.native.send(peer, &[b], 1)?; // MSG_OOB
        }
        std::thread::sleep(DELIVERY_PAUSE);
        Ok(())
    }

    fn send(&self, s: Socket, data: &[u8], flags: i32) -> Result<usize, WsaError> {
        let n = self.native.send(s, data, flags)?;
        // As after `deliver`: the data (or the ICMP answering it) crosses loopback before the
        // next step looks.
        std::thread::sleep(DELIVERY_PAUSE);
        Ok(n)
    }

    fn recv(&self, s: Socket, len: usize, flags: i32) -> Result<Vec<u8>, WsaError> {
        let mut buf = vec![0u8; len];
        let n = self.native.recv(s, &mut buf, flags)?;
        buf.truncate(n);
        Ok(buf)
    }

    fn setsockopt(&self, s: Socket, level: i32, name: i32, value: &[u8]) -> Result<(), WsaError> {
        self.native.setsockopt(s, level, name, value)
    }

    fn async_select(&self, _s: Socket, _mask: i32) -> Result<(), WsaError> {
        // Reported as not applicable before a run; never reached from the suite.
        Err(WsaError::WSAEOPNOTSUPP)
    }

    fn enum_network_events(&self, s: Socket, event: Option<Event>) -> Result<i32, WsaError> {
        self.native.wsa_enum_network_events(s, event)
    }
}

/// True when the system is Wine: Wine's loader puts `WINECONFIGDIR` (or `WINELOADER`) into every
/// process's environment; Windows sets neither.
pub fn under_wine() -> bool {
    ["WINECONFIGDIR", "WINELOADER", "WINEDATADIR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
}

/// Runs the built-in suite on native Winsock: each scenario's verdict (module docs of
/// [`wine`]). Environment: `WSAIOCTL_CHECK_TRACE` prints each scenario's file to stderr before
/// it runs; `WSAIOCTL_CHECK_SCENARIO=path` runs that one scenario file instead of the suite.
pub fn check_windows() -> Result<NativeRun, UsageError> {
    let backend = NativeBackend::new()
        .map_err(|e| UsageError::Other(format!("WSAStartup failed with {e:?}")))?;
    let wine_here = under_wine();
    let trace = std::env::var_os("WSAIOCTL_CHECK_TRACE").is_some();
    let scenarios = match std::env::var_os("WSAIOCTL_CHECK_SCENARIO") {
        Some(p) => vec![super::format::Scenario::load(std::path::Path::new(&p))?],
        None => suite::load()?,
    };
    let mut results = Vec::new();
    for sc in scenarios {
        if trace {
            eprintln!("check: {}", sc.file);
        }
        if let Some(why) = wine::not_applicable(&sc) {
            results.push((sc.file.clone(), None, Verdict::NotApplicable(why)));
            continue;
        }
        if let Some((w, how)) = sc
            .wine
            .as_ref()
            .filter(|_| wine_here)
            .and_then(|w| Some((w, w.not_run_under_wine()?)))
        {
            let why = format!("not run under Wine ({how}): {}", w.divergence);
            results.push((sc.file.clone(), None, Verdict::ExpectedDivergence(why)));
            continue;
        }
        let report = runner::run(&sc, &backend);
        backend
            .peers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        let verdict = wine::classify(&sc, &report, wine_here);
        results.push((sc.file.clone(), Some(report), verdict));
    }
    Ok(NativeRun {
        backend: if wine_here {
            "windows (Wine)".into()
        } else {
            "windows".into()
        },
        results,
    })
}
