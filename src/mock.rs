//! Scripted providers (feature `mock`): mockall's [`MockProvider`] generated from
//! [`crate::spi::Provider`], and [`Script`], a small builder for the common case — "this code
//! answers that" — while the API layer above still applies Windows' own rules.
//!
//! ```
//! use std::sync::Arc;
//! use wsaioctl::api::{Completion, IoctlArgs, IoctlOutcome, Overlapped, Winsock};
//! use wsaioctl::mock::{Script, Scripted};
//! use wsaioctl::ws2::Ws2;
//! use wsaioctl::{ControlCode, WsaError};
//!
//! let code = ControlCode(0x9800_1234); // a vendor code of an imaginary provider
//! let provider = Script::new()
//!     .on(code, Scripted::Complete { output: vec![1, 2, 3, 4] })
//!     .on_pending(ControlCode(0x9800_1235), WsaError::NO_ERROR, vec![9; 2])
//!     .build();
//! let ws2 = Ws2::new(Arc::new(provider));
//! let s = ws2.socket(2, 1, 6).unwrap();
//!
//! // The scripted answer comes back through the real API layer…
//! let mut out = [0u8; 4];
//! let r = ws2.wsa_ioctl(s, code, None, Some(&mut out), Completion::None);
//! assert_eq!((r, out), (IoctlOutcome::Completed { bytes: 4 }, [1, 2, 3, 4]));
//!
//! // …which still applies Windows' rules first: a NULL lpcbBytesReturned never reaches the
//! // provider (spec/observed-windows.md).
//! let r = ws2.wsa_ioctl_args(IoctlArgs { socket: s, code, bytes_returned_null: true, ..Default::default() });
//! assert_eq!(r.error(), WsaError::WSAEFAULT);
//!
//! // A pending answer completes through WPUCompleteOverlappedRequest, exactly once.
//! let ov = Overlapped::new();
//! let mut out = [0u8; 2];
//! let r = ws2.wsa_ioctl(s, ControlCode(0x9800_1235), None, Some(&mut out), Completion::Overlapped(ov.clone()));
//! assert_eq!(r, IoctlOutcome::Pending);
//! assert_eq!(ws2.wsa_get_overlapped_result(s, &ov, true), Ok((2, 0)));
//! assert_eq!(ov.output(), vec![9, 9]);
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::code::ControlCode;
use crate::error::WsaError;
pub use crate::spi::MockProvider;
use crate::spi::{ProviderSocket, SOCKET_ERROR, UpcallTable};

/// What a scripted code answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scripted {
    /// Completes at once: `output` is copied to the caller's buffer (WSAEFAULT if it does not
    /// fit) and `*lpcbBytesReturned` = its length.
    Complete {
        /// The output bytes.
        output: Vec<u8>,
    },
    /// Rejected: `SOCKET_ERROR` with `error`; `*lpcbBytesReturned` set if `bytes_returned`.
    Fail {
        /// The error.
        error: WsaError,
        /// The value written to `*lpcbBytesReturned`, or `None` to leave it.
        bytes_returned: Option<u32>,
    },
    /// Pends when overlapped, then completes through the upcall with `error` and `output`
    /// (without OVERLAPPED: answered as `Complete`/`Fail` would).
    Pend {
        /// The completion's error (`NO_ERROR` for success).
        error: WsaError,
        /// The completion's output bytes.
        output: Vec<u8>,
    },
}

/// Builds a [`MockProvider`] from a table of answers; codes not in the table answer
/// `WSAEOPNOTSUPP` as the Windows TCP/IP provider does for unknown codes.
#[derive(Debug, Default, Clone)]
pub struct Script {
    answers: BTreeMap<u32, Scripted>,
}

impl Script {
    /// An empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// `code` answers `answer`.
    pub fn on(mut self, code: ControlCode, answer: Scripted) -> Self {
        self.answers.insert(code.0, answer);
        self
    }

    /// `code` pends and completes with `error` and `output`.
    pub fn on_pending(self, code: ControlCode, error: WsaError, output: Vec<u8>) -> Self {
        self.on(code, Scripted::Pend { error, output })
    }

    /// The mock: sockets get handles from the upcall table, closing and cancelling are no-ops,
    /// `socket_op`/`recv`/`accept` answer `WSAEOPNOTSUPP`.
    pub fn build(self) -> MockProvider {
        let upcalls: Arc<OnceLock<UpcallTable>> = Arc::new(OnceLock::new());
        let answers = Arc::new(Mutex::new(self.answers));
        let mut m = MockProvider::new();
        let up = upcalls.clone();
        m.expect_startup().returning(move |u| {
            let _ = up.set(u);
        });
        let up = upcalls.clone();
        m.expect_socket().returning(move |_| {
            up.get()
                .map(|u| ProviderSocket(u.create_socket_handle()))
                .ok_or(WsaError::WSASYSNOTREADY)
        });
        m.expect_close_socket().returning(|_| Ok(()));
        m.expect_cancelled().returning(|_| ());
        m.expect_socket_op()
            .returning(|_, _| Err(WsaError::WSAEOPNOTSUPP));
        m.expect_recv()
            .returning(|_, _, _| Err(WsaError::WSAEOPNOTSUPP));
        m.expect_accept()
            .returning(|_| Err(WsaError::WSAEOPNOTSUPP));
        let up = upcalls;
        m.expect_ioctl().returning(
            move |_s, code, _input, mut output, bytes, overlapped, _thread, errno| {
                let answer = answers
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get(&code.0)
                    .cloned();
                let fail = |errno: &mut WsaError, e| {
                    *errno = e;
                    SOCKET_ERROR
                };
                match (answer, overlapped) {
                    (None, _) => {
                        bytes.set(0);
                        fail(errno, WsaError::WSAEOPNOTSUPP)
                    }
                    (Some(Scripted::Pend { error, output: out }), Some(io)) => {
                        if let Some(u) = up.get() {
                            let _ =
                                u.complete_overlapped_request(io, error, out.len() as u32, &out);
                        }
                        fail(errno, WsaError::WSA_IO_PENDING)
                    }
                    (Some(Scripted::Complete { output: out }), _)
                    | (
                        Some(Scripted::Pend {
                            error: WsaError::NO_ERROR,
                            output: out,
                        }),
                        None,
                    ) => {
                        if output.write(&out) {
                            bytes.set(out.len() as u32);
                            0
                        } else {
                            fail(errno, WsaError::WSAEFAULT)
                        }
                    }
                    (Some(Scripted::Pend { error, .. }), None) => fail(errno, error),
                    (
                        Some(Scripted::Fail {
                            error,
                            bytes_returned,
                        }),
                        _,
                    ) => {
                        if let Some(n) = bytes_returned {
                            bytes.set(n);
                        }
                        fail(errno, error)
                    }
                }
            },
        );
        m
    }
}
