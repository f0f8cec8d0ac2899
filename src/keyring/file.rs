//! The encrypted-file backend (to be written).
