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

/// The latest instant (Unix seconds) a timestamp may name: the end of year
/// 9999, as far as RFC 3339 goes. Anything later, or before the epoch, is a
/// corrupt or hostile value, never a long validity.
pub const LATEST: i64 = 253_402_300_799;

/// Whether `t` is a timestamp credbroker can reason about (see [`LATEST`]).
pub fn in_range(t: i64) -> bool {
    (0..=LATEST).contains(&t)
}

/// Whether a credential value can be handed on: no NUL or other control
/// character (no environment can carry a NUL, and a shell export must not
/// carry a line break or an escape sequence).
pub fn printable(value: &str) -> bool {
    !value.chars().any(char::is_control)
}

impl Credentials {
    /// Seconds of validity left at `now` (`i64::MAX` for long-term keys).
    pub fn remaining(&self, now: i64) -> i64 {
        self.expiration.map_or(i64::MAX, |e| e.saturating_sub(now))
    }

    /// What is wrong with credentials read back from a file, if anything:
    /// timestamps out of range or out of order, or a value that cannot be
    /// handed on.
    pub fn defect(&self) -> Option<&'static str> {
        let times = [self.expiration, self.issued_at];
        if times.iter().flatten().any(|t| !in_range(*t)) {
            return Some("a timestamp out of range");
        }
        if let (Some(issued), Some(expires)) = (self.issued_at, self.expiration)
            && issued > expires
        {
            return Some("credentials issued after they expire");
        }
        let values = [
            Some(self.access_key_id.as_str()),
            Some(self.secret_access_key.expose()),
            self.session_token.as_ref().map(Secret::expose),
        ];
        if values.iter().flatten().any(|v| !printable(v)) {
            return Some("a control character in a credential");
        }
        None
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
        (Some(issued), Some(expires)) => refresh_window.min(expires.saturating_sub(issued) / 2),
        _ => refresh_window,
    };
    match creds.remaining(now) {
        r if r <= 0 => Freshness::Expired,
        r if r <= window => Freshness::RefreshDue,
        _ => Freshness::Fresh,
    }
}
