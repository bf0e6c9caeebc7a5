//! The emulated TCP/IP provider and its simulated host.

pub mod host;
pub mod route;
