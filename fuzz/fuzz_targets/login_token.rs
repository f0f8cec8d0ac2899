//! Fuzz target `login_token`: see `checks::login_token` (tests/it/fuzz/checks.rs) for
//! the input and the properties checked.
#![no_main]

#[allow(dead_code, reason = "each target uses one check of the shared file")]
#[path = "../../tests/it/fuzz/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::login_token(data));
