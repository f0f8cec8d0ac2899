//! The token file `aws login` writes and the SDKs share, in their JSON
//! format: `accessToken` (`accessKeyId`, `secretAccessKey`, `sessionToken`,
//! `accountId`, `expiresAt`), `tokenType`, `refreshToken`, `idToken`,
//! `clientId`, `dpopKey` (a SEC1 PEM P-256 key). Written in the order the
//! Rust SDK writes it; fields credbroker does not know (`signInRegion`, …)
//! are kept as they are, as botocore keeps them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, Expect};
use crate::credentials::{Credentials, Freshness, Window};
use crate::error::CallFailure;
use crate::kinds::sso::token::parse_time;
use crate::kinds::token_file;
use crate::secret::Secret;

/// The session's credentials. No `Debug`: secrets.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Secret,
    pub account_id: String,
    pub expires_at: String,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// One token file.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenFile {
    pub access_token: AccessToken,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Secret>,
    pub client_id: String,
    pub dpop_key: Secret,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl TokenFile {
    pub fn expires_at(&self) -> Option<i64> {
        parse_time(&self.access_token.expires_at)
    }

    /// The region the token says to refresh it in (`signInRegion`, written
    /// by newer `aws login`s; botocore prefers it to the profile's).
    pub fn sign_in_region(&self) -> Option<&str> {
        self.other
            .get("signInRegion")
            .and_then(|v| v.as_str())
            .filter(|r| !r.is_empty())
    }
}

/// What reading the token file found.
pub type Found = token_file::Found<TokenFile>;

/// What token files are called in messages.
pub const WHAT: &str = "an `aws login` token file";

/// Read the token file through the runner's file reading (never blocks, a
/// regular file only).
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

/// Serialize as the SDKs write it.
pub fn to_json(token: &TokenFile) -> Vec<u8> {
    token_file::to_json(token)
}

pub use token_file::State;

/// How long before its credentials expire the SDKs refresh a session
/// (`aws-config`'s `REFRESH_BUFFER_TIME`, botocore's `_REFRESH_THRESHOLD`):
/// its credentials last 15 minutes, so a longer refresh window would
/// refresh it on every use.
pub const SDK_REFRESH: i64 = 5 * 60;

/// The window a session is judged with: the setting's, but no wider than
/// the SDKs'.
pub fn session_window(window: Window) -> Window {
    Window {
        refresh_window: window.refresh_window.min(SDK_REFRESH),
        ..window
    }
}

/// The token's state by the one freshness rule, with the floor credentials
/// get and [`session_window`].
pub fn judge(found: &Found, window: Window, now: i64) -> State {
    let window = session_window(window);
    let token = match found {
        Found::Missing => return State::Login("there is no `aws login` token".into()),
        Found::Bad(reason) => return State::Login(reason.clone()),
        Found::Token(t) => t,
    };
    let Some(expires) = token.expires_at() else {
        return State::Login(format!(
            "its token has an unreadable expiresAt {}",
            crate::error::quote(&token.access_token.expires_at)
        ));
    };
    if window.judge(Some(expires), now) == Freshness::Fresh {
        return State::Valid;
    }
    let refreshable = token
        .refresh_token
        .as_ref()
        .is_some_and(|r| !r.expose().is_empty());
    match (refreshable, window.usable(Some(expires), now)) {
        (true, _) => State::Refresh,
        (false, true) => State::Valid,
        (false, false) => State::Login(format!(
            "its credentials {} at {} and it has no refresh token",
            if expires > now { "expire" } else { "expired" },
            crate::clock::rfc3339(expires)
        )),
    }
}

/// The token's credentials, validated as every answer is.
pub fn credentials(token: &TokenFile, path: &Path) -> Result<Credentials, CallFailure> {
    let t = &token.access_token;
    let answer = Answer {
        access_key_id: Some(t.access_key_id.clone()),
        secret_access_key: Some(t.secret_access_key.expose().to_string()),
        session_token: Some(t.session_token.expose().to_string()),
        expiration: token.expires_at(),
    };
    answer.validate(
        Expect::Temporary,
        crate::clock::now(),
        &format!("the `aws login` token file {}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{"accessToken":{"accessKeyId":"AKID","secretAccessKey":"S","sessionToken":"T","accountId":"012345678901","expiresAt":"2026-11-23T06:00:00Z"},"tokenType":"aws_sigv4","refreshToken":"R","idToken":"I","clientId":"arn:aws:signin:::devtools/same-device","dpopKey":"-----BEGIN EC PRIVATE KEY-----\nK\n-----END EC PRIVATE KEY-----\n","signInRegion":"eu-west-1"}"#;

    #[test]
    fn every_field_survives_a_rewrite_in_the_sdks_order() {
        let t: TokenFile = serde_json::from_str(FILE).unwrap();
        assert_eq!(t.sign_in_region(), Some("eu-west-1"));
        assert_eq!(String::from_utf8(to_json(&t)).unwrap(), FILE);
    }

    #[test]
    fn decisions_over_state_and_time() {
        let mut t: TokenFile = serde_json::from_str(FILE).unwrap();
        let expires = t.expires_at().unwrap();
        let window = Window {
            refresh_window: 900,
            floor: 300,
        };
        let found = |t: &TokenFile| Found::Token(Box::new(t.clone()));
        assert_eq!(judge(&found(&t), window, expires - 3600), State::Valid);
        assert_eq!(judge(&found(&t), window, expires - 600), State::Valid);
        assert_eq!(judge(&found(&t), window, expires - 200), State::Refresh);
        assert_eq!(judge(&found(&t), window, expires + 600), State::Refresh);
        t.refresh_token = None;
        assert_eq!(judge(&found(&t), window, expires - 600), State::Valid);
        assert!(
            matches!(judge(&found(&t), window, expires + 1), State::Login(m) if m.contains("no refresh token"))
        );
        assert!(matches!(judge(&Found::Missing, window, 0), State::Login(_)));
    }
}
