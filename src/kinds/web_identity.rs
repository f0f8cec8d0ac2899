//! Web identity: `sts:AssumeRoleWithWebIdentity` (unsigned) with the token
//! in `web_identity_token_file`, from a profile or from
//! `AWS_WEB_IDENTITY_TOKEN_FILE` / `AWS_ROLE_ARN` / `AWS_ROLE_SESSION_NAME`.
//!
//! The token file is read at every refresh (Kubernetes and CI runners
//! rotate it), through the runner's [`file::read`] (never blocking, a
//! regular file only); the token is a secret and never reaches a message.

use serde::{Deserialize, Serialize};

use crate::answer::Expect;
use crate::credentials::Credentials;
use crate::error::{CallFailure, Error, FailureKind};
use crate::link::{self, ConsoleSession, EnvSnapshot, EnvWebIdentity, Fetch, Kind, Link};
use crate::profile::{Profiles, Section};
use crate::runner::aws::{self, DateProbe};
use crate::runner::file::{self, Follow};
use crate::runner::scrub;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebIdentity {
    pub role_arn: String,
    pub token_file: String,
    pub session_name: Option<String>,
}

impl Kind for WebIdentity {
    fn kind(&self) -> &'static str {
        "web-identity"
    }

    fn action(&self) -> &'static str {
        "AssumeRoleWithWebIdentity"
    }

    fn target(&self) -> &str {
        &self.role_arn
    }

    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::Role
    }

    fn role_arn(&self) -> Option<&str> {
        Some(&self.role_arn)
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        fetch(cx, self).await
    }
}

/// A profile's `web_identity_token_file` + `role_arn` (+ `role_session_name`).
pub fn from_profile(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Link<WebIdentity>, Error> {
    let call = WebIdentity {
        role_arn: section.get("role_arn").cloned().unwrap_or_default(),
        token_file: section
            .get("web_identity_token_file")
            .cloned()
            .unwrap_or_default(),
        session_name: section.get("role_session_name").cloned(),
    };
    hop(profiles, name, section, selected, env, call)
}

pub fn from_env(
    profiles: &Profiles,
    name: &str,
    from_env: &EnvWebIdentity,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Link<WebIdentity>, Error> {
    let call = WebIdentity {
        role_arn: from_env.role_arn.clone(),
        token_file: from_env.token_file.clone(),
        session_name: from_env.session_name.clone(),
    };
    let section = profiles.get(name).cloned().unwrap_or_default();
    hop(profiles, name, &section, selected, env, call)
}

fn hop(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    selected: &Section,
    env: &EnvSnapshot,
    call: WebIdentity,
) -> Result<Link<WebIdentity>, Error> {
    let sts = link::link_sts_target(profiles, name, section, selected, env)?;
    let key = link::hash(&[
        "web-identity",
        &call.role_arn,
        &call.token_file,
        call.session_name.as_deref().unwrap_or(""),
        sts.endpoint_url.as_deref().unwrap_or(""),
    ]);
    Ok(Link {
        profile: name.to_string(),
        call,
        sts,
        key,
    })
}

/// Largest token file read: STS takes tokens of up to 20,000 characters.
const MAX_TOKEN_FILE: u64 = 64 * 1024;

/// Read the token file now and exchange the token for credentials (in a
/// batch, paced by the shared throttle).
async fn fetch(cx: &Fetch<'_>, call: &WebIdentity) -> Result<Credentials, CallFailure> {
    let path = std::path::Path::new(&call.token_file);
    let token = file::read(path, Follow::Links, MAX_TOKEN_FILE).map_err(|e| CallFailure {
        kind: FailureKind::Permanent,
        code: "TokenFileUnreadable".into(),
        message: format!("cannot use web_identity_token_file: {e}"),
    })?;
    let token = token.trim();
    cx.sts.paced("STS", || exchange(cx, call, token)).await
}

/// `AssumeRoleWithWebIdentity` with `token`.
async fn exchange(
    cx: &Fetch<'_>,
    call: &WebIdentity,
    token: &str,
) -> Result<Credentials, CallFailure> {
    let overrides = crate::sts::overrides(cx.sts_target);
    let session_name = call
        .session_name
        .clone()
        .unwrap_or_else(crate::sts::default_session_name);
    let site = crate::sts::site(cx.sts_target, "AssumeRoleWithWebIdentity");
    let probe = DateProbe::default();
    let send = cx
        .sts
        .client()
        .await
        .assume_role_with_web_identity()
        .role_arn(&call.role_arn)
        .role_session_name(session_name)
        .web_identity_token(token)
        .customize()
        .config_override(overrides)
        .interceptor(probe.clone())
        .send();
    let output = aws::call(&site, cx.sts.limits(), send)
        .await
        .map_err(|failure| scrub(failure, &[token]))?;
    site.validate(
        crate::sts::answer(output.credentials),
        Expect::Temporary,
        &probe,
    )
}
