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
//! | [`ioctl`] | named control-code constants (`SIO_KEEPALIVE_VALS`, …) |
//! | [`error`] | [`WsaError`] (Winsock errors), [`NtStatus`], [`Win32Error`], [`UsageError`] |
//! | [`catalog`] | one row per documented control code, with each spec document's claims |
//! | [`wire`] | byte-exact Windows structures (x86 and x64), parse / emit |
//! | [`api`] | the API-level interface user code calls ([`api::Winsock`]) and its types |
//! | [`spi`] | the provider contract in the shape of `LPWSPIoctl`, and the upcalls |
//! | [`ws2`] | the emulated API layer: argument rules, last error, the overlapped engine |
//! | [`emulated`] | the emulated Windows TCP/IP provider over a simulated host |
//! | [`profile`] | behaviour profiles: Windows release, pointer width, each documented disagreement |
//! | `mock` | (feature `mock`) scripted providers over mockall |
//!
//! Dependencies point downwards only: `code`, `error`, `wire`, `catalog` know nothing above them;
//! [`ws2`] reaches providers only through [`spi::Provider`]; providers reach back only through
//! [`spi::Upcalls`]. See DESIGN.md in the repository.
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
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod emulated;
pub mod error;
pub mod ioctl;
#[cfg(all(target_os = "linux", feature = "linux"))]
pub mod linux;
#[cfg(feature = "mock")]
pub mod mock;
pub mod profile;
#[cfg(feature = "scenario")]
pub mod scenario;
pub mod spi;
#[cfg(windows)]
pub mod windows;
pub mod wire;
pub mod ws2;

pub use code::ControlCode;
pub use error::{NtStatus, UsageError, Win32Error, WsaError};

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
