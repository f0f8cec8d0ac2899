//! Link the credbroker binary as a fixed-address (non-PIE) executable.
//!
//! Why: `credential_process` runs credbroker thousands of times a day, and
//! a cache hit is mostly process start-up. As a PIE, the dynamic loader
//! applies ~21,000 relocations and faults in the pages they touch on every
//! start (measured: ~40% of a cache hit's instructions and most of its
//! extra page faults). The code itself stays position-independent; only the
//! executable's load address is no longer randomised (shared libraries,
//! heap and stack still are). `CREDBROKER_PIE=1 cargo build` keeps PIE.
#[allow(
    clippy::disallowed_methods,
    reason = "a build script reads cargo's variables from its environment"
)]
#[allow(
    clippy::disallowed_macros,
    reason = "cargo reads a build script's instructions from its stdout"
)]
fn main() {
    println!("cargo:rerun-if-env-changed=CREDBROKER_PIE");
    let pie = std::env::var_os("CREDBROKER_PIE").is_some_and(|v| v == "1");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
