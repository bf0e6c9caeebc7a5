//! Filled by the structure wire work.
