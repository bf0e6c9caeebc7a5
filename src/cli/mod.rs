//! The binary's private modules: argument types, the serializable views, one module per command.
//!
//! Each command's `run` returns the whole output as a `String` (text or JSON) or a
//! [`UsageError`](wsaioctl::UsageError); `main` prints it and picks the exit status.

pub mod args;
pub mod call;
pub mod check;
pub mod decode;
pub mod encode;
pub mod list;
#[cfg(all(target_os = "linux", feature = "linux"))]
pub mod on_host;
#[cfg(all(target_os = "linux", feature = "linux"))]
pub mod query;
pub mod run;
pub mod scenario;
pub mod view;
