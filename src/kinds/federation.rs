//! `sts:GetFederationToken`: a federated user's session on an IAM user's
//! long-term keys, the one kind of temporary credentials such keys can get
//! that the console's sign-in federation endpoint takes (it refuses the
//! keys themselves and GetSessionToken's sessions). Resolution puts it on
//! top of long-term keys only when the console asks (`chain::federated`).
//!
//! The session's policy allows everything, so what it may do is exactly
//! what the user's own policies allow; its name is the user's (from
//! GetCallerIdentity), so CloudTrail shows who it is.

use serde::{Deserialize, Serialize};

use crate::answer::Expect;
use crate::credentials::Credentials;
use crate::error::{CallFailure, Error};
use crate::link::{self, Base, ConsoleSession, EnvSnapshot, Fetch, Kind, Link};
use crate::profile::{Profiles, Section};
use crate::runner::aws::{self, DateProbe, Spends};
use crate::runner::scrub;
use crate::sts::{Sts, StsTarget};

/// The session policy: everything, so the user's own policies decide.
pub const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The longest session asked for: the console's own limit (a federated
/// user's may be 36 h, but no console session outlasts 12 h).
pub const MAX_DURATION: i32 = 43_200;

/// `sts:GetFederationToken`, signed with the long-term keys below it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FederationToken {
    pub duration_seconds: i32,
}

impl Kind for FederationToken {
    fn kind(&self) -> &'static str {
        "federation-token"
    }

    fn action(&self) -> &'static str {
        "GetFederationToken"
    }

    fn target(&self) -> &str {
        "federated user"
    }

    fn needs_parent(&self) -> bool {
        true
    }

    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::FederatedUser
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        let parent = cx.parent(self.action())?;
        cx.sts
            .paced("STS", || async {
                let name = user_name(cx.sts, parent, cx.sts_target).await?;
                federation_token(cx.sts, parent, cx.sts_target, &name, self).await
            })
            .await
    }
}

/// The federated session on `base`'s keys, lasting `duration_seconds`
/// (900 to [`MAX_DURATION`]). Its STS endpoint is the keys' profile's, as
/// for an MFA session on them.
pub fn link(
    profiles: &Profiles,
    base: &Base,
    duration_seconds: i32,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Link<FederationToken>, Error> {
    let holder = profiles.get(&base.origin).cloned().unwrap_or_default();
    let sts = link::link_sts_target(profiles, &base.origin, &holder, selected, env)?;
    let duration_seconds = duration_seconds.clamp(900, MAX_DURATION);
    // The keys (their id is in the base's key) select the user, hence the
    // name and what the policy allows; the duration and the endpoint are
    // the rest of what was asked.
    let key = link::hash(&[
        "federation-token",
        &base.key,
        &duration_seconds.to_string(),
        sts.endpoint_url.as_deref().unwrap_or(""),
    ]);
    Ok(Link {
        profile: base.origin.clone(),
        call: FederationToken { duration_seconds },
        sts,
        key,
    })
}

/// The IAM user's name, from GetCallerIdentity (which needs no
/// permission), as a federated user's name: `alice` for
/// `arn:aws:iam::111111111111:user/team/alice`, `root` for the account.
async fn user_name(
    sts: &Sts,
    parent: &Credentials,
    target: &StsTarget,
) -> Result<String, CallFailure> {
    let overrides = crate::sts::overrides(target)
        .credentials_provider(crate::sts::provider(parent))
        .retry_config(aws::retry(sts.limits(), Spends::Nothing));
    let site = crate::sts::site(target, "GetCallerIdentity");
    let send = sts
        .client()
        .await
        .get_caller_identity()
        .customize()
        .config_override(overrides)
        .send();
    let output = aws::call(&site, sts.limits(), send)
        .await
        .map_err(|e| scrub(e, &crate::sts::secrets(parent)))?;
    Ok(name_from_arn(output.arn().unwrap_or_default()))
}

/// A federated user's name from the caller's ARN: its last part, in
/// GetFederationToken's characters (`[\w+=,.@-]`, 2 to 32 of them), else
/// `credbroker`.
pub fn name_from_arn(arn: &str) -> String {
    let last = arn.rsplit([':', '/']).next().unwrap_or_default();
    let name: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c))
        .take(32)
        .collect();
    match name.len() {
        2.. => name,
        _ => "credbroker".to_string(),
    }
}

async fn federation_token(
    sts: &Sts,
    parent: &Credentials,
    target: &StsTarget,
    name: &str,
    token: &FederationToken,
) -> Result<Credentials, CallFailure> {
    let overrides = crate::sts::overrides(target)
        .credentials_provider(crate::sts::provider(parent))
        .retry_config(aws::retry(sts.limits(), Spends::Nothing));
    let site = crate::sts::site(target, "GetFederationToken");
    let probe = DateProbe::default();
    let send = sts
        .client()
        .await
        .get_federation_token()
        .name(name)
        .policy(ALLOW_ALL)
        .duration_seconds(token.duration_seconds)
        .customize()
        .config_override(overrides)
        .interceptor(probe.clone())
        .send();
    let output = aws::call(&site, sts.limits(), send)
        .await
        .map_err(|e| scrub(e, &crate::sts::secrets(parent)))?;
    site.validate(
        crate::sts::answer(output.credentials),
        Expect::Temporary,
        &probe,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_callers_arn() {
        let cases = [
            ("arn:aws:iam::111111111111:user/alice", "alice"),
            ("arn:aws:iam::111111111111:user/team/ops/bob", "bob"),
            ("arn:aws:iam::111111111111:root", "root"),
            ("arn:aws-cn:iam::111111111111:user/carol", "carol"),
            (
                "arn:aws:iam::111111111111:user/a-very-long-user-name-beyond-thirty-two",
                "a-very-long-user-name-beyond-thi",
            ),
            ("arn:aws:iam::111111111111:user/é", "credbroker"),
            ("", "credbroker"),
        ];
        for (arn, want) in cases {
            assert_eq!(name_from_arn(arn), want, "{arn}");
        }
    }
}
