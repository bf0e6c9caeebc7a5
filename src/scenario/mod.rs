//! The conformance engine: one `WSAIoctl` call described as data, scenarios of calls and host
//! events in TOML, a runner that compares every out-value with what the sources say, and the
//! built-in suite (`fixtures/scenarios/`).
//!
//! The engine is a client of the public API (DESIGN.md, "Rules of the house"): it creates sockets
//! and drives them through [`crate::api::Winsock`] and, for what no API call can do (change the
//! simulated host, make data arrive), through a small [`Backend`] trait: the emulated stack
//! ([`Emulated`]) and, on Linux (feature `linux`), the real Linux stack (`linux::Linux`: the same
//! API layer over the Linux provider, each scenario in a private network namespace where its
//! host is built). A scenario names the backends it runs on (`backends`); where the Linux
//! translation is documented to differ, a step declares the divergence (`expect_linux`).
//!
//! | module | what it holds |
//! |---|---|
//! | [`call`] | [`CallSpec`] / [`CallArgs`]: every argument of one call; [`CallReport`]: every out-value |
//! | [`backend`] | [`Backend`]: sockets in a state, the call, host mutations, data; [`Emulated`] |
//! | [`format`](mod@format) | [`Scenario`]: the TOML schema (`fixtures/scenarios/README.md`) |
//! | [`runner`] | runs a scenario: a [`Report`] per step with a field-by-field diff, a [`Status`] |
//! | [`suite`] | the built-in suite, embedded in the binary, and its per-code summary per backend |
//! | `linux` | (Linux, feature `linux`) the Linux backend: private namespaces, hosts built with `ip` |
//!
//! ```
//! use wsaioctl::scenario::{CallArgs, CallSpec, CompletionKind};
//! use wsaioctl::emulated::host::Host;
//! use wsaioctl::profile::Profile;
//! use wsaioctl::ioctl::FIONBIO;
//!
//! // WSAIoctl(s, FIONBIO, &one, 4, NULL, 0, NULL, NULL, NULL): lpcbBytesReturned NULL.
//! let spec = CallSpec {
//!     args: CallArgs { code: FIONBIO, in_u32: Some(1), bytes_null: true, ..CallArgs::default() },
//!     ..CallSpec::default()
//! };
//! let report = spec.run(Host::default_host(), Profile::default()).unwrap();
//! assert_eq!(report.ret, -1);
//! assert_eq!(report.error.unwrap().name(), Some("WSAEFAULT")); // observed-windows.md
//! assert_eq!(report.completion, None);
//! # let _ = CompletionKind::None;
//! ```

pub mod backend;
pub mod call;
pub mod format;
#[cfg(all(target_os = "linux", feature = "linux"))]
pub mod linux;
pub mod runner;
pub mod suite;
// Known Wine divergences and the verdicts of a run on native Winsock (the Windows backend).
#[cfg(windows)]
pub mod backend_windows;
pub mod wine;

pub use backend::{Backend, Emulated, Mutation, Opened};
pub use call::{
    CallArgs, CallReport, CallSpec, CompletionKind, CompletionReport, ErrorValue, SocketSpec,
    execute,
};
pub use format::Scenario;
pub use runner::{Diff, Report, Status, StepReport};
