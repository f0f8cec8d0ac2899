//! IAM Identity Center (SSO): a link that starts a chain with role
//! credentials from the SSO portal, signed by the sign-in token that the AWS
//! CLI and the SDKs keep in `~/.aws/sso/cache`.
//!
//! Invariants: the token file is the AWS CLI's own (same path, same JSON);
//! credbroker refreshes it only under its lock for that token, re-reads it
//! after taking the lock, and replaces it atomically (temp + rename, 0600),
//! so the file is never torn and a token is refreshed once however many
//! processes need it. The SDK clients for the portal and OIDC are built on
//! the first call only: a cache hit never builds one.
//!
//! The AWS CLI and the SDKs refresh the same file without a lock, and IAM
//! Identity Center rotates refresh tokens (each works once): after a
//! refused refresh the file is read again, and a token another client
//! wrote meanwhile is used. The file is the link's sign-in file for the
//! protocol: a refusal is not learned once the file changed (a new sign-in
//! is seen at once), and its credentials are served only while the file
//! exists (signing out ends them).

pub mod accounts;
pub mod login;
pub mod oidc;
pub mod populate;
pub mod portal;
pub mod profile;
pub mod token;

use std::path::PathBuf;
use std::time::Duration;

use sha1::{Digest, Sha1};

use crate::cache::Cache;
use crate::credentials::{Credentials, Window};
use crate::error::{CallFailure, FailureKind};
use crate::kinds::token_file::{self, MAX_REFRESHES, describe, save};
use crate::link::{ConsoleSession, Fetch, Kind};
use crate::report::Reporter;
use crate::secret::Secret;
use token::State;

pub use crate::error::LOGIN_REQUIRED;

/// A sign-in: an `[sso-session NAME]`, or the legacy keys on a profile.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    /// The `[sso-session]` name; `None` for a legacy profile.
    pub name: Option<String>,
    pub start_url: String,
    pub region: String,
    pub scopes: Vec<String>,
    /// Where SSO OIDC is (`None`: the SDK's regional endpoint).
    pub oidc_endpoint: Option<String>,
    /// Where the SSO portal is (`None`: the SDK's regional endpoint).
    pub portal_endpoint: Option<String>,
    /// The profile the session was reached from, for the login command.
    pub profile: String,
}

impl Session {
    /// The token file's name, as the AWS CLI and SDKs compute it: the SHA-1
    /// of the session name (legacy: of the start URL).
    pub fn cache_file_name(&self) -> String {
        let input = self.name.as_deref().unwrap_or(&self.start_url);
        let digest = Sha1::digest(input.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.json")
    }

    /// `~/.aws/sso/cache/<sha1>.json`.
    pub fn token_path(&self) -> PathBuf {
        token_dir().join(self.cache_file_name())
    }

    /// The credbroker lock that guards this token's refresh and sign-in.
    pub fn lock_key(&self) -> String {
        format!(
            "sso-token-{}",
            self.cache_file_name().trim_end_matches(".json")
        )
    }

    /// `sso-session `corp`` or `SSO start URL https://…`, for messages.
    pub fn describe(&self) -> String {
        match &self.name {
            Some(name) => format!("sso-session `{name}`"),
            None => format!("SSO start URL {}", self.start_url),
        }
    }

    /// The commands that sign in to this session.
    pub fn login_hint(&self) -> String {
        let aws = match &self.name {
            Some(name) => format!("aws sso login --sso-session {name}"),
            None => format!("aws sso login --profile {}", self.profile),
        };
        match (&self.name, self.profile.is_empty()) {
            (Some(name), true) => {
                format!("run `credbroker login --sso-session {name}` (or `{aws}`)")
            }
            _ => format!("run `credbroker login {}` (or `{aws}`)", self.profile),
        }
    }
}

/// `~/.aws/sso/cache`, where the AWS CLI and the SDKs keep sign-in tokens.
pub fn token_dir() -> PathBuf {
    dirs::home_dir()
        .unwrap_or_default()
        .join(".aws")
        .join("sso")
        .join("cache")
}

/// `GetRoleCredentials` for one account and role.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SsoRole {
    pub session: Session,
    pub account_id: String,
    pub role_name: String,
    /// `sso:ACCOUNT/ROLE`, for labels and listings.
    pub target: String,
}

/// `GetRoleCredentials` for `role`: the sign-in token first (refreshed or
/// signed in as needed, under the token's lock), then the portal. Runs with
/// the link's lock held; the token's lock is only ever taken inside a link's,
/// never the other way round.
impl Kind for SsoRole {
    fn kind(&self) -> &'static str {
        "sso"
    }

    fn action(&self) -> &'static str {
        "SSO GetRoleCredentials"
    }

    fn target(&self) -> &str {
        &self.target
    }

    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::Role
    }

    fn account_id(&self) -> Option<&str> {
        Some(&self.account_id)
    }

    /// The token file: `aws sso logout` removes it, and a refresh refused
    /// meanwhile says nothing once another client rewrote it.
    fn sign_in_file(&self) -> Option<PathBuf> {
        Some(self.session.token_path())
    }

    fn status(&self, window: Window, now: i64) -> Option<String> {
        Some(format!(
            "{} via {}",
            self.target,
            sign_in_state(&self.session, window, now)
        ))
    }

    /// The portal's call is paced by a batch's shared throttle, as STS's
    /// are; the token's refresh is not (one per session, under its lock).
    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        let token = access_token(&self.session, cx).await?;
        let limits = cx.sts.limits();
        cx.sts
            .paced("the SSO portal", || {
                portal::role_credentials(self, &token, limits)
            })
            .await
    }
}

/// A usable access token for `session`, judged by the one freshness rule
/// with the fetch's window.
pub async fn access_token(session: &Session, cx: &Fetch<'_>) -> Result<Secret, CallFailure> {
    let (cache, limits, reporter, window) = (cx.cache, cx.sts.limits(), cx.reporter, cx.window);
    let path = session.token_path();
    let found = token::read(&path);
    if let (State::Valid, Some(t)) = (
        token::judge(&found, window, crate::clock::now()),
        found.token(),
    ) {
        return Ok(t.access_token.clone());
    }
    let _lock = lock_sign_in(cache, session, cx.lock_timeout, reporter).await?;
    // Someone may have refreshed it, or signed in, while we waited.
    let (mut found, mut witness) = token::read_witnessed(&path);
    for round in 1..=MAX_REFRESHES {
        let now = crate::clock::now();
        let t = match (token::judge(&found, window, now), found.token()) {
            (State::Valid, Some(t)) => return Ok(t.access_token.clone()),
            (State::Refresh, Some(t)) => t,
            (State::Login(reason), _) => return sign_in_here(session, cx, &reason).await,
            (_, None) => unreachable!("judge asks for a login when there is no token"),
        };
        let f = match oidc::refresh(session, t, now, limits).await {
            Ok(new) => {
                save(&path, &new)?;
                return Ok(new.access_token);
            }
            Err(f) => f,
        };
        // Another client may have refreshed it meanwhile: its token is as
        // good as ours would have been (and it spent the refresh token
        // ours carried, which works once).
        if round < MAX_REFRESHES
            && let Some(changed) =
                token_file::changed_since(&path, &witness, token_file::grace(&f), token::WHAT).await
        {
            (found, witness) = changed;
            continue;
        }
        return match f {
            f if window.usable(t.expires_at(), now) => {
                reporter.warn(&format!(
                    "could not refresh the SSO sign-in of {} ({}); using it until it expires",
                    session.describe(),
                    describe(&f)
                ));
                Ok(t.access_token.clone())
            }
            f if f.kind == FailureKind::Permanent => Err(login_required(
                session,
                &format!("refreshing its token failed ({})", describe(&f)),
            )),
            f => Err(f),
        };
    }
    unreachable!("the last round returns")
}

/// No usable sign-in (`reason`): sign in on the user's terminal if there
/// is one, else say how to sign in.
async fn sign_in_here(
    session: &Session,
    cx: &Fetch<'_>,
    reason: &str,
) -> Result<Secret, CallFailure> {
    match login::from_terminal(session, cx.cache, cx.sts.limits()).await {
        Some(signed_in) => {
            let new = signed_in?;
            save(&session.token_path(), &new)?;
            Ok(new.access_token)
        }
        None => Err(login_required(session, reason)),
    }
}

/// The sign-in's state for listings: never calls anything, never prints a
/// token.
pub fn sign_in_state(session: &Session, window: Window, now: i64) -> String {
    let found = token::read(&session.token_path());
    let until = found
        .token()
        .and_then(|t| t.expires_at())
        .map(crate::clock::rfc3339)
        .unwrap_or_default();
    match token::judge(&found, window, now) {
        State::Valid => format!("{}: signed in until {until}", session.describe()),
        State::Refresh => format!(
            "{}: token refresh due (expires {until}; refreshable)",
            session.describe()
        ),
        State::Login(reason) => format!(
            "{}: sign-in needed ({reason}; `credbroker login`)",
            session.describe()
        ),
    }
}

fn login_required(session: &Session, reason: &str) -> CallFailure {
    CallFailure {
        kind: FailureKind::Permanent,
        code: LOGIN_REQUIRED.into(),
        message: format!(
            "no usable SSO sign-in for {}: {reason}; {}",
            session.describe(),
            session.login_hint()
        ),
    }
}

/// Take the lock of `session`'s sign-in: the one lock for refreshing its
/// token and for signing in, so that one flow runs at a time.
pub(crate) async fn lock_sign_in(
    cache: &Cache,
    session: &Session,
    lock_timeout: Duration,
    reporter: &dyn Reporter,
) -> Result<crate::cache::LockGuard, CallFailure> {
    token_file::lock(
        cache,
        &session.lock_key(),
        &format!("the SSO sign-in of {}", session.describe()),
        lock_timeout,
        reporter,
    )
    .await
}

/// The SDK clients' timeouts: connect within seconds; the deadline of a
/// call is [`crate::runner::aws`]'s, which names the endpoint and the setting.
fn timeouts() -> aws_smithy_types::timeout::TimeoutConfig {
    aws_smithy_types::timeout::TimeoutConfig::builder()
        .connect_timeout(crate::runner::aws::CONNECT_TIMEOUT)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_file_names_match_the_aws_cli() {
        // botocore: hashlib.sha1(session_name or start_url).hexdigest()
        let mut s = Session {
            name: Some("my-sso".into()),
            start_url: "https://d-123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            scopes: vec![],
            oidc_endpoint: None,
            portal_endpoint: None,
            profile: "p".into(),
        };
        assert_eq!(
            s.cache_file_name(),
            "0ad374308c5a4e22f723adf10145eafad7c4031c.json"
        );
        s.name = None;
        assert_eq!(
            s.cache_file_name(),
            "2b829a45f04c9828cb45b7d092d8e4aa30818393.json"
        );
    }
}
