//! The API layer's socket table: which `SOCKET` values exist, what they were created as, and the
//! per-socket state ws2_32 keeps above the provider (blocking mode, `WSAEventSelect` /
//! `WSAAsyncSelect` registration, completion-port association, recorded network events).

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use crate::api::{Event, Socket, WSA_FLAG_OVERLAPPED};
use crate::error::WsaError;
use crate::spi::{ProviderSocket, SocketKind};

/// What the API layer knows of one socket.
#[derive(Debug, Clone)]
pub struct SocketEntry {
    /// The provider's handle (equal to the application's `SOCKET`).
    pub provider: ProviderSocket,
    /// Family, type, protocol.
    pub kind: SocketKind,
    /// `WSASocket` flags (`WSA_FLAG_OVERLAPPED`…).
    pub flags: u32,
    /// Nonblocking mode (FIONBIO, or set by `WSAEventSelect`/`WSAAsyncSelect`).
    pub nonblocking: bool,
    /// `WSAEventSelect` registration: event and `lNetworkEvents`.
    pub event_select: Option<(Event, i32)>,
    /// `WSAAsyncSelect` registration: window, message, events.
    pub async_select: Option<(u64, u32, i32)>,
    /// Completion port and key (`CreateIoCompletionPort`).
    pub port: Option<(u64, u64)>,
    /// Network events recorded and not yet enumerated (`WSAEnumNetworkEvents`).
    pub network_events: i32,
}

impl SocketEntry {
    /// True when created with `WSA_FLAG_OVERLAPPED`.
    pub fn overlapped_capable(&self) -> bool {
        self.flags & WSA_FLAG_OVERLAPPED != 0
    }

    /// The `lEvent`/`lNetworkEvents` mask currently registered (0 if none).
    pub fn select_mask(&self) -> i32 {
        self.event_select.map_or(0, |(_, m)| m) | self.async_select.map_or(0, |(_, _, m)| m)
    }
}

/// `SOCKET` → entry. Values are never reused within one stack (no ABA between a closed socket
/// and a new one).
#[derive(Debug, Default)]
pub struct SocketTable {
    map: Mutex<BTreeMap<u64, SocketEntry>>,
}

impl SocketTable {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, SocketEntry>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a socket; `WSAEMFILE` if the provider returned a value already in use.
    pub fn insert(&self, s: Socket, entry: SocketEntry) -> Result<(), WsaError> {
        let mut m = self.lock();
        if s == Socket::INVALID || s.0 == 0 || m.contains_key(&s.0) {
            return Err(WsaError::WSAEMFILE);
        }
        m.insert(s.0, entry);
        Ok(())
    }

    /// A copy of the entry, or `WSAENOTSOCK`.
    pub fn get(&self, s: Socket) -> Result<SocketEntry, WsaError> {
        self.lock().get(&s.0).cloned().ok_or(WsaError::WSAENOTSOCK)
    }

    /// Runs `f` on the entry, or `WSAENOTSOCK`.
    pub fn with<R>(&self, s: Socket, f: impl FnOnce(&mut SocketEntry) -> R) -> Result<R, WsaError> {
        self.lock()
            .get_mut(&s.0)
            .map(f)
            .ok_or(WsaError::WSAENOTSOCK)
    }

    /// Removes the entry, or `WSAENOTSOCK`.
    pub fn remove(&self, s: Socket) -> Result<SocketEntry, WsaError> {
        self.lock().remove(&s.0).ok_or(WsaError::WSAENOTSOCK)
    }

    /// Number of open sockets.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no socket is open.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}
