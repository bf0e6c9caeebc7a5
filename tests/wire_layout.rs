//! Wire layouts: smoltcp's four (deconstruct, construct, parse, emit), windows-sys parity for x64
//! sizes and offsets, SDK-pinned x86 sizes, and proptest round trips for both pointer widths.
mod common;

#[path = "wire_layout/addresses.rs"]
mod addresses;
#[path = "wire_layout/extra.rs"]
mod extra;
#[path = "wire_layout/structs.rs"]
mod structs;
