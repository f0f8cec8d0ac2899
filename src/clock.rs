//! The wall clock, read in one place. The protocol's decisions take `now`
//! as an argument (see `broker.rs`'s tables); the [`Broker`](crate::broker::Broker)
//! reads it through a [`Clock`] it is given, so a test can pass its own.
//! (`Instant`s for timeouts are not wall-clock readings and stay where they
//! are used.)

use std::time::SystemTime;

/// Seconds since the Unix epoch, from some clock.
pub type Clock = fn() -> i64;

/// The system clock, in whole seconds since the Unix epoch.
#[allow(
    clippy::disallowed_methods,
    reason = "the one reader of the wall clock"
)]
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The system clock at full precision (file timestamps are compared to it).
#[allow(
    clippy::disallowed_methods,
    reason = "the one reader of the wall clock"
)]
pub fn system_now() -> SystemTime {
    SystemTime::now()
}
