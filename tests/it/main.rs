//! End-to-end tests: the real binary, a throwaway HOME, a local STS.

mod basics;
mod batch;
mod cache_files;
mod contention;
mod docs;
mod errors;
mod failures;
mod fanout;
mod hostile;
mod links;
mod real_client;
mod selftest;
mod sso;
mod support;
