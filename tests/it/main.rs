//! End-to-end tests: the real binary, a throwaway HOME, a local STS.

mod basics;
mod cache_files;
mod contention;
mod docs;
mod errors;
mod failures;
mod fanout;
mod real_client;
mod sso;
mod support;
