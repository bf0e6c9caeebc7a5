//! # wsaioctl — Winsock's `WSAIoctl`, modelled exactly as Windows behaves
//!
//! Test Windows socket code without Windows. The crate models `WSAIoctl` — every documented
//! control code, the byte-exact Windows structures, the error precedence — and runs the same calls
//! against real sockets.
//!
//! ## Map of the modules (bottom up)
//!
//! | module | what it holds |
//! |---|---|
//! | [`code`] | [`ControlCode`]: the I/O/V/T/family/code layout, the SDK `_IO*`/`_WSAIO*` macros |
//! | [`error`] | [`WsaError`] (Winsock errors), [`NtStatus`], [`Win32Error`], [`UsageError`] |
//! | [`catalog`] | one row per documented control code, with each spec document's claims |
//! | [`wire`] | byte-exact Windows structures (x86 and x64), parse / emit |
//!
//! The layers above — the emulated API layer (`ws2`), the provider contract (`spi`), the
//! emulated, Linux and native backends — build on these; see DESIGN.md in the repository.
//!
//! ## Example
//!
//! ```
//! use wsaioctl::{catalog, ControlCode, WsaError};
//! use wsaioctl::wire::{Arch, Repr, keepalive::TcpKeepalive};
//!
//! // "What is 0x98000004?"
//! let names: Vec<_> = catalog::lookup(ControlCode(0x9800_0004)).map(|e| e.name).collect();
//! assert_eq!(names, ["SIO_KEEPALIVE_VALS"]);
//!
//! // The 12 bytes a caller passes as lpvInBuffer for SIO_KEEPALIVE_VALS.
//! let ka = TcpKeepalive { onoff: 1, keepalivetime: 7_200_000, keepaliveinterval: 1_000 };
//! let bytes = ka.to_bytes(Arch::X64);
//! assert_eq!(bytes.len(), 12);
//! assert_eq!(TcpKeepalive::parse(&bytes, Arch::X86).unwrap(), ka);
//! assert_eq!(WsaError::WSAENOPROTOOPT.code(), 10042);
//! ```
#![deny(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod api;
pub mod catalog;
pub mod code;
pub mod emulated;
pub mod error;
pub mod ioctl;
#[cfg(feature = "mock")]
pub mod mock;
pub mod profile;
pub mod spi;
#[cfg(windows)]
pub mod windows;
pub mod wire;
pub mod ws2;

pub use code::ControlCode;
pub use error::{NtStatus, UsageError, Win32Error, WsaError};
