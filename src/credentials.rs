//! The credentials a link yields, and the one freshness rule that judges
//! them (the protocol and `list` both ask it).

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// Temporary credentials as STS returned them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<Secret>,
    /// Unix seconds; `None` for long-term keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    /// Unix seconds when STS issued them, to know the session's lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<i64>,
}

impl Credentials {
    /// Seconds of validity left at `now` (`i64::MAX` for long-term keys).
    pub fn remaining(&self, now: i64) -> i64 {
        self.expiration.map_or(i64::MAX, |e| e - now)
    }
}

/// How cached credentials stand against the refresh window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Served without a refresh (if above the caller's floor).
    Fresh,
    /// Inside the refresh window: the next caller refreshes ahead.
    RefreshDue,
    Expired,
}

/// The one freshness rule, for the protocol and for listings. The window is
/// the setting, but at most half the credentials' lifetime, so that short
/// sessions are still cached.
pub fn freshness(creds: &Credentials, refresh_window: i64, now: i64) -> Freshness {
    let window = match (creds.issued_at, creds.expiration) {
        (Some(issued), Some(expires)) => refresh_window.min((expires - issued) / 2),
        _ => refresh_window,
    };
    match creds.remaining(now) {
        r if r <= 0 => Freshness::Expired,
        r if r <= window => Freshness::RefreshDue,
        _ => Freshness::Fresh,
    }
}
