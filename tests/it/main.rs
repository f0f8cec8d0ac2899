//! End-to-end tests: the real binary, a throwaway HOME, a local STS.

// clippy.toml routes credbroker's own environment and clock reads through
// one place each; the harness has its own environment and clock to read.
#![allow(
    clippy::disallowed_methods,
    reason = "the test harness reads its own environment and clock"
)]

mod basics;
mod batch;
mod cache_files;
mod console;
mod contention;
mod docs;
mod edges;
mod eks;
mod errors;
mod failures;
mod fanout;
mod fuzz;
mod hostile;
mod keyring_bus;
mod links;
mod login_session;
mod real_client;
mod selftest;
mod server;
mod sso;
mod support;
mod trust;
