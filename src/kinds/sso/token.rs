//! The sign-in token file the AWS CLI and the SDKs share:
//! `~/.aws/sso/cache/<sha1>.json`, in their JSON format (`startUrl`,
//! `region`, `accessToken`, `expiresAt`, and for sessions `clientId`,
//! `clientSecret`, `registrationExpiresAt`, `refreshToken`). Fields credbroker
//! does not know are kept as they are when the file is rewritten.
//!
//! Deciding what to do with a token is a pure function of the file, the
//! freshness rule's window and the time ([`judge`]); reading never locks
//! (writes are atomic renames).

use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::credentials::{Freshness, Window};
use crate::kinds::token_file;
use crate::secret::Secret;

/// One token file. No `Debug`: even redacted, the unknown fields could hold
/// secrets (an id token).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub access_token: Secret,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl TokenFile {
    pub fn expires_at(&self) -> Option<i64> {
        parse_time(&self.expires_at)
    }

    /// A client registration that can still refresh or sign in.
    pub fn registration(&self, now: i64) -> Option<(&str, &Secret)> {
        let expires = parse_time(self.registration_expires_at.as_deref()?)?;
        match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) if expires > now => Some((id, secret)),
            _ => None,
        }
    }
}

/// What reading the token file found.
pub type Found = token_file::Found<TokenFile>;

/// What token files are called in messages.
pub const WHAT: &str = "an SSO token file";

/// Read the token file through the runner's file reading: never blocks
/// (a FIFO there is an error naming it), a regular file only.
pub fn read(path: &Path) -> Found {
    read_witnessed(path).0
}

/// [`read`], and the file's witness as that reading found it.
pub fn read_witnessed(path: &Path) -> (Found, String) {
    token_file::read_witnessed(path, WHAT)
}

/// The token file at `path` (named in messages) from its text.
pub fn parse(path: &Path, text: &str) -> Found {
    token_file::parse(path, text, WHAT)
}

/// Serialize as the AWS CLI writes it.
pub fn to_json(token: &TokenFile) -> Vec<u8> {
    token_file::to_json(token)
}

pub use token_file::State;

/// The token's state by the one freshness rule (`credentials::judge`),
/// with the window and floor credentials get.
pub fn judge(found: &Found, window: Window, now: i64) -> State {
    let token = match found {
        Found::Missing => return State::Login("there is no sign-in token".into()),
        Found::Bad(reason) => return State::Login(reason.clone()),
        Found::Token(t) => t,
    };
    let Some(expires) = token.expires_at() else {
        return State::Login(format!(
            "its token has an unreadable expiresAt {}",
            crate::error::quote(&token.expires_at)
        ));
    };
    if window.judge(Some(expires), now) == Freshness::Fresh {
        return State::Valid;
    }
    let refreshable = token.refresh_token.is_some() && token.registration(now).is_some();
    let ends = match expires > now {
        true => "expires",
        false => "expired",
    };
    match (refreshable, window.usable(Some(expires), now)) {
        (true, _) => State::Refresh,
        (false, true) => State::Valid,
        (false, false) if token.refresh_token.is_none() => State::Login(format!(
            "its token {ends} at {} and has no refresh token",
            crate::clock::rfc3339(expires)
        )),
        (false, false) => State::Login(format!(
            "its token {ends} at {} and its client registration expired too",
            crate::clock::rfc3339(expires)
        )),
    }
}

/// `2026-11-23T06:00:00Z` (what botocore and the Rust SDK write); also
/// reads the `…UTC` suffix older AWS CLI v2 releases wrote, and offsets,
/// with or without their colon (`+00:00`, `+0000`: botocore reads both).
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let normalized = match text.strip_suffix("UTC") {
        Some(head) => format!("{head}Z"),
        None => with_offset_colon(text),
    };
    OffsetDateTime::parse(&normalized, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// `…+0000` as RFC 3339 writes it, `…+00:00`; anything else as it is.
fn with_offset_colon(text: &str) -> String {
    let bytes = text.as_bytes();
    let Some(sign) = bytes.len().checked_sub(5) else {
        return text.to_string();
    };
    let offset = &bytes[sign..];
    let compact = matches!(offset[0], b'+' | b'-') && offset[1..].iter().all(u8::is_ascii_digit);
    match compact && text.contains('T') {
        true => format!("{}:{}", &text[..sign + 3], &text[sign + 3..]),
        false => text.to_string(),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, botocore's `%Y-%m-%dT%H:%M:%SZ`.
pub fn format_time(unix: i64) -> String {
    crate::clock::rfc3339(unix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(expires: i64, refresh: bool, registration: i64) -> Found {
        Found::Token(Box::new(TokenFile {
            start_url: Some("https://x/start".into()),
            region: Some("us-east-1".into()),
            access_token: Secret::new("at"),
            expires_at: format_time(expires),
            client_id: Some("cid".into()),
            client_secret: Some(Secret::new("cs")),
            registration_expires_at: Some(format_time(registration)),
            refresh_token: refresh.then(|| Secret::new("rt")),
            other: Default::default(),
        }))
    }

    #[test]
    fn decisions_over_state_and_time() {
        let now = 1_800_000_000;
        let day = 86_400;
        // A 15-minute window and a 5-minute floor, the defaults.
        let window = Window {
            refresh_window: 900,
            floor: 300,
        };
        let cases = [
            (token(now + 3600, true, now + day), window, State::Valid),
            (token(now + 600, true, now + day), window, State::Refresh),
            (token(now - 600, true, now + day), window, State::Refresh),
            (token(now + 600, false, now + day), window, State::Valid),
            (token(now + 600, true, now - 1), window, State::Valid),
            // The window and the floor are the settings', not the token's own.
            (
                token(now + 1200, true, now + day),
                Window {
                    refresh_window: 1800,
                    ..window
                },
                State::Refresh,
            ),
            (
                token(now + 120, false, now + day),
                Window {
                    floor: 60,
                    ..window
                },
                State::Valid,
            ),
        ];
        for (i, (found, window, want)) in cases.into_iter().enumerate() {
            assert_eq!(judge(&found, window, now), want, "case {i}");
        }
        assert!(
            matches!(judge(&token(now + 120, false, now + day), window, now), State::Login(m) if m.contains("expires at"))
        );
        assert!(
            matches!(judge(&token(now - 1, false, now + day), window, now), State::Login(m) if m.contains("no refresh token"))
        );
        assert!(
            matches!(judge(&token(now - 1, true, now - 1), window, now), State::Login(m) if m.contains("registration expired"))
        );
        assert!(matches!(
            judge(&Found::Missing, window, now),
            State::Login(_)
        ));
    }

    #[test]
    fn times_in_every_format_the_tools_write() {
        assert_eq!(parse_time("2026-11-23T06:00:00Z"), Some(1_795_413_600));
        assert_eq!(parse_time("2026-11-23T06:00:00UTC"), Some(1_795_413_600));
        assert_eq!(parse_time("2026-11-23T07:00:00+01:00"), Some(1_795_413_600));
        assert_eq!(parse_time("2026-11-23T06:00:00+0000"), Some(1_795_413_600));
        assert_eq!(parse_time("2026-11-23T05:00:00-0100"), Some(1_795_413_600));
        assert_eq!(
            parse_time("2026-11-23T06:00:00.5+0000"),
            Some(1_795_413_600)
        );
        assert_eq!(parse_time("+0000"), None);
        assert_eq!(parse_time("20261123"), None);
        assert_eq!(format_time(1_795_413_600), "2026-11-23T06:00:00Z");
        assert_eq!(parse_time("tomorrow"), None);
    }

    #[test]
    fn unknown_fields_survive_a_rewrite() {
        let text = r#"{"startUrl":"u","region":"r","accessToken":"a","expiresAt":"2026-11-23T06:00:00Z","idToken":"x"}"#;
        let t: TokenFile = serde_json::from_str(text).unwrap();
        let back: serde_json::Value = serde_json::from_slice(&to_json(&t)).unwrap();
        assert_eq!(back["idToken"], "x");
        assert_eq!(back["expiresAt"], "2026-11-23T06:00:00Z");
        assert!(back.get("refreshToken").is_none());
    }
}
