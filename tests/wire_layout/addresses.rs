//! Filled by the address-family wire work.
