//! The wall clock, read in one place. The protocol's decisions take `now`
//! as an argument (see `broker.rs`'s tables); the broker
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

/// RFC 3339 UTC with second precision, as the SDKs expect: `2026-11-23T02:28:33Z`.
pub fn rfc3339(unix: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}
