//! `aws login` console sessions: a link that starts a chain with the
//! credentials of a `login_session` profile, kept (with a refresh token
//! that works once and a DPoP key) by the AWS CLI in
//! `~/.aws/login/cache/<sha256 of the login_session value>.json`
//! (`AWS_LOGIN_CACHE_DIRECTORY` moves it, as in botocore and the Rust SDK).
//!
//! Invariants, as for the SSO sign-in token: the file is the AWS CLI's own
//! (same path, same JSON, every field kept, the DPoP key kept); credbroker
//! refreshes it only under its lock for that session, re-reads it after
//! taking the lock, and replaces it atomically, so a session is refreshed
//! once however many credbroker processes need it, and the AWS CLI and the
//! SDKs then use the file without refreshing again. They refresh it without
//! a lock: after a refused refresh the file is read again, and a token
//! another client wrote meanwhile is used. The file is the link's sign-in
//! file for the protocol (signing out ends the cached credentials; a refusal
//! is not learned once the file changed). credbroker never signs in by
//! itself: an expired session without a usable refresh token says to run
//! `aws login`.

pub mod dpop;
pub mod signin;
pub mod token;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::credentials::{Credentials, Window};
use crate::error::{CallFailure, Error, FailureKind, LOGIN_REQUIRED};
use crate::kinds::token_file::{self, MAX_REFRESHES, describe, save};
use crate::link::{self, EnvSnapshot, Fetch, Kind, Link, Service};
use crate::profile::{Profiles, Section};
use token::State;

/// A `login_session` profile's session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginSession {
    /// The `login_session` value (the ARN `aws login` signed in as).
    pub session: String,
    /// The region of the sign-in service when the token does not name one
    /// (`signInRegion`): the profile's, as for the SDKs.
    pub region: String,
    /// Where the sign-in service is (`None`: the SDK's regional endpoint).
    pub endpoint: Option<String>,
    /// The profile, for messages.
    pub profile: String,
    /// `login:<session>`, for labels and listings.
    pub target: String,
}

impl LoginSession {
    /// The token file's name, as the AWS CLI and the SDKs compute it: the
    /// SHA-256 of the `login_session` value.
    pub fn cache_file_name(&self) -> String {
        let digest = Sha256::digest(self.session.trim().as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.json")
    }

    pub fn token_path(&self) -> PathBuf {
        token_dir().join(self.cache_file_name())
    }

    /// The credbroker lock that guards this session's refresh.
    pub fn lock_key(&self) -> String {
        format!(
            "login-token-{}",
            &self.cache_file_name().trim_end_matches(".json")[..32]
        )
    }

    fn describe(&self) -> String {
        format!("login_session `{}`", self.session)
    }

    fn login_hint(&self) -> String {
        format!("run `aws login --profile {}`", self.profile)
    }
}

/// `AWS_LOGIN_CACHE_DIRECTORY`, else `~/.aws/login/cache`.
pub fn token_dir() -> PathBuf {
    match crate::settings::env_var("AWS_LOGIN_CACHE_DIRECTORY") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::home_dir()
            .unwrap_or_default()
            .join(".aws")
            .join("login")
            .join("cache"),
    }
}

/// The link a `login_session` profile describes, if it describes one.
pub fn link(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Option<Link<LoginSession>>, Error> {
    let Some(session) = section.get("login_session") else {
        return Ok(None);
    };
    if session.trim().is_empty() {
        return Err(link::invalid(
            profiles,
            name,
            "sets an empty login_session",
            "run `aws login` to sign in; it writes login_session to the profile",
        ));
    }
    let region = env
        .region
        .clone()
        .or_else(|| section.get("region").cloned())
        .or_else(|| selected.get("region").cloned())
        .unwrap_or_else(|| "us-east-1".to_string());
    let service = Service {
        name: "Sign-In",
        key: "signin",
        env_var: "AWS_ENDPOINT_URL_SIGNIN",
        env_value: env.endpoint_url_signin.as_deref(),
    };
    let endpoint = link::endpoint_url(env, &service, section, selected, |services| {
        profiles
            .sso_endpoints
            .get(&(services.to_string(), "signin".to_string()))
            .cloned()
    })
    .map_err(|message| {
        link::invalid(
            profiles,
            name,
            &message,
            "write the endpoint as a full URL, e.g. `https://us-east-1.signin.aws.amazon.com`",
        )
    })?;
    let session = session.trim().to_string();
    let key = link::hash(&["login", &session, endpoint.as_deref().unwrap_or("")]);
    let sts = crate::sts::StsTarget {
        region: region.clone(),
        endpoint_url: endpoint.clone(),
    };
    Ok(Some(Link {
        profile: name.to_string(),
        call: LoginSession {
            target: format!("login:{session}"),
            session,
            region,
            endpoint,
            profile: name.to_string(),
        },
        sts,
        key,
    }))
}

impl Kind for LoginSession {
    fn kind(&self) -> &'static str {
        "login"
    }

    fn action(&self) -> &'static str {
        "Sign-In CreateOAuth2Token"
    }

    fn target(&self) -> &str {
        &self.target
    }

    /// The token file: signing out removes it, and a refresh refused
    /// meanwhile says nothing once another client rewrote it.
    fn sign_in_file(&self) -> Option<PathBuf> {
        Some(self.token_path())
    }

    fn status(&self, window: Window, now: i64) -> Option<String> {
        let found = token::read(&self.token_path());
        let until = found
            .token()
            .and_then(|t| t.expires_at())
            .map(crate::clock::rfc3339)
            .unwrap_or_default();
        Some(match token::judge(&found, window, now) {
            State::Valid => format!("{}: signed in until {until}", self.describe()),
            State::Refresh => format!(
                "{}: refresh due (expires {until}; refreshable)",
                self.describe()
            ),
            State::Login(reason) => {
                format!(
                    "{}: sign-in needed ({reason}; `aws login`)",
                    self.describe()
                )
            }
        })
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        session_credentials(self, cx).await
    }
}

/// The session's credentials, refreshed under the session's lock when the
/// freshness rule asks for it.
async fn session_credentials(
    session: &LoginSession,
    cx: &Fetch<'_>,
) -> Result<Credentials, CallFailure> {
    let (window, reporter) = (cx.window, cx.reporter);
    let path = session.token_path();
    let found = token::read(&path);
    if let (State::Valid, Some(t)) = (
        token::judge(&found, window, crate::clock::now()),
        found.token(),
    ) {
        return token::credentials(t, &path);
    }
    let _lock = token_file::lock(
        cx.cache,
        &session.lock_key(),
        &format!("the sign-in of {}", session.describe()),
        cx.lock_timeout,
        reporter,
    )
    .await?;
    // Someone may have refreshed it while we waited.
    let (mut found, mut witness) = token::read_witnessed(&path);
    for round in 1..=MAX_REFRESHES {
        let now = crate::clock::now();
        let t = match (token::judge(&found, window, now), found.token()) {
            (State::Valid, Some(t)) => return token::credentials(t, &path),
            (State::Refresh, Some(t)) => t,
            (State::Login(reason), _) => return Err(login_required(session, &reason)),
            (_, None) => unreachable!("judge asks for a login when there is no token"),
        };
        let f = match signin::refresh(session, t, now, cx.sts.limits()).await {
            Ok(new) => {
                save(&path, &new)?;
                return token::credentials(&new, &path);
            }
            Err(f) => f,
        };
        // Another client may have refreshed it meanwhile (and spent the
        // refresh token ours carried, which works once).
        if round < MAX_REFRESHES
            && let Some(changed) =
                token_file::changed_since(&path, &witness, token_file::grace(&f), token::WHAT).await
        {
            (found, witness) = changed;
            continue;
        }
        return match f {
            f if token::session_window(window).usable(t.expires_at(), now) => {
                reporter.warn(&format!(
                    "could not refresh the {} ({}); using its credentials until they expire",
                    session.describe(),
                    describe(&f)
                ));
                token::credentials(t, &path)
            }
            f if f.kind == FailureKind::Permanent => Err(login_required(
                session,
                &format!("refreshing it failed ({})", describe(&f)),
            )),
            f => Err(f),
        };
    }
    unreachable!("the last round returns")
}

fn login_required(session: &LoginSession, reason: &str) -> CallFailure {
    CallFailure {
        kind: FailureKind::Permanent,
        code: LOGIN_REQUIRED.into(),
        message: format!(
            "no usable sign-in for {}: {reason}; {} (credbroker does not sign in to console sessions itself)",
            session.describe(),
            session.login_hint()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_file_names_match_the_sdks() {
        // botocore: hashlib.sha256(login_session.encode()).hexdigest()
        let s = LoginSession {
            session: "arn:aws:iam::0123456789012:user/Admin".into(),
            region: "us-east-1".into(),
            endpoint: None,
            profile: "p".into(),
            target: String::new(),
        };
        let want: String = Sha256::digest(b"arn:aws:iam::0123456789012:user/Admin")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(s.cache_file_name(), format!("{want}.json"));
        assert_eq!(want.len(), 64);
    }
}
