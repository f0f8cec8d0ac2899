//! The credentials a link yields, and the time rules that judge them and
//! everything else that expires: the one freshness rule (refresh window and
//! floor; the protocol, `list` and the SSO sign-in token all ask it), and
//! the one backoff rule after a failure (the protocol and `list`).

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

/// How something that expires (credentials, a sign-in token) stands
/// against the refresh window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Used without a refresh (if above the caller's floor).
    Fresh,
    /// Inside the refresh window: the next caller refreshes ahead.
    RefreshDue,
    Expired,
}

/// The one freshness rule, for everything that expires: cached credentials
/// (the protocol and `list`) and the SSO sign-in token. The window is the
/// setting, but at most half the lifetime when the issue time is known, so
/// that short sessions are still cached. `None` never expires.
pub fn judge(
    expiration: Option<i64>,
    issued_at: Option<i64>,
    refresh_window: i64,
    now: i64,
) -> Freshness {
    let window = match (issued_at, expiration) {
        (Some(issued), Some(expires)) => refresh_window.min(expires.saturating_sub(issued) / 2),
        _ => refresh_window,
    };
    match expiration.map_or(i64::MAX, |e| e.saturating_sub(now)) {
        r if r <= 0 => Freshness::Expired,
        r if r <= window => Freshness::RefreshDue,
        _ => Freshness::Fresh,
    }
}

/// [`judge`] for credentials.
pub fn freshness(creds: &Credentials, refresh_window: i64, now: i64) -> Freshness {
    judge(creds.expiration, creds.issued_at, refresh_window, now)
}

/// The floor, the other half of the rule: never use something with less
/// than `floor` seconds left.
pub fn above_floor(expiration: Option<i64>, floor: i64, now: i64) -> bool {
    expiration.is_none_or(|e| e - now >= floor)
}

/// The settings [`judge`] and [`above_floor`] are given, in seconds: the
/// refresh window and the floor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub refresh_window: i64,
    pub floor: i64,
}

impl Window {
    pub fn new(refresh_window: std::time::Duration, floor: std::time::Duration) -> Self {
        let secs = |d: std::time::Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        Window {
            refresh_window: secs(refresh_window),
            floor: secs(floor),
        }
    }

    /// [`judge`] with this window (no issue time known).
    pub fn judge(self, expiration: Option<i64>, now: i64) -> Freshness {
        judge(expiration, None, self.refresh_window, now)
    }

    /// [`above_floor`] with this floor.
    pub fn usable(self, expiration: Option<i64>, now: i64) -> bool {
        above_floor(expiration, self.floor, now)
    }
}

/// First transient backoff; it doubles per consecutive failure up to the cap.
const BACKOFF_BASE: i64 = 60;
/// The longest backoff.
pub const BACKOFF_CAP: i64 = 15 * 60;

/// The backoff after `consecutive` transient failures: 60 s, 120 s, 240 s,
/// ... up to 15 minutes.
pub fn backoff(consecutive: u32) -> i64 {
    let doublings = consecutive.saturating_sub(1).min(10);
    (BACKOFF_BASE << doublings).min(BACKOFF_CAP)
}

/// Whether a failure that said "not before `retry_after`" still holds at
/// `now`: the one backoff rule, for the protocol and for `list`. A
/// `retry_after` further ahead than any backoff could reach comes from a
/// clock that jumped, and is ignored.
pub fn in_backoff(retry_after: i64, now: i64) -> bool {
    retry_after > now && retry_after <= now + BACKOFF_CAP
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_over_time() {
        let now = 1_800_000_000;
        let cases = [
            (Some(now + 3600), None, Freshness::Fresh),
            (Some(now + 900), None, Freshness::RefreshDue),
            (Some(now + 901), None, Freshness::Fresh),
            (Some(now), None, Freshness::Expired),
            (None, None, Freshness::Fresh),
            // A 20-minute session: the window is half of it.
            (Some(now + 601), Some(now - 599), Freshness::Fresh),
            (Some(now + 600), Some(now - 600), Freshness::RefreshDue),
        ];
        for (i, (expiration, issued_at, want)) in cases.into_iter().enumerate() {
            assert_eq!(judge(expiration, issued_at, 900, now), want, "case {i}");
        }
        let window = Window::new(
            std::time::Duration::from_secs(900),
            std::time::Duration::from_secs(300),
        );
        assert!(window.usable(Some(now + 300), now));
        assert!(!window.usable(Some(now + 299), now));
        assert!(window.usable(None, now));
    }

    #[test]
    fn a_clock_jump_is_no_backoff() {
        let now = 1_800_000_000;
        assert!(in_backoff(now + 1, now));
        assert!(in_backoff(now + BACKOFF_CAP, now));
        assert!(!in_backoff(now, now));
        assert!(!in_backoff(now + BACKOFF_CAP + 1, now));
    }
}
