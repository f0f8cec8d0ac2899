//! An MFA session: `sts:GetSessionToken` with a code, signed by long-term
//! keys, between them and the first hop, shared by every chain on the same
//! keys and device (so the hops above need no code).

use serde::{Deserialize, Serialize};

use crate::answer::Expect;
use crate::credentials::Credentials;
use crate::error::{CallFailure, Error};
use crate::link::{self, Base, ConsoleSession, EnvSnapshot, Fetch, Kind, Link};
use crate::profile::{Profiles, Section};
use crate::runner::aws::{self, DateProbe, Spends};
use crate::runner::mfa_code::{Mfa, refused_code};
use crate::runner::scrub;

/// An MFA session on long-term keys, shared by every chain on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MfaSession {
    pub mfa: Mfa,
    pub duration_seconds: Option<i32>,
}

impl Kind for MfaSession {
    fn kind(&self) -> &'static str {
        "mfa-session"
    }

    fn action(&self) -> &'static str {
        "GetSessionToken"
    }

    fn target(&self) -> &str {
        &self.mfa.serial
    }

    /// The federation endpoint refuses GetSessionToken's sessions.
    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::Refused
    }

    fn mfa(&self) -> Option<&Mfa> {
        Some(&self.mfa)
    }

    fn needs_parent(&self) -> bool {
        true
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        session_token(cx, self).await
    }
}

/// GetSessionToken's default duration (12 h), as the AWS CLI's MFA
/// helpers use; IAM users may ask for up to 36 h.
pub const DEFAULT_DURATION: i32 = 43_200;
const MAX_DURATION: i32 = 129_600;

/// The MFA session link above `base`.
pub fn session_link(
    profiles: &Profiles,
    base: &Base,
    mfa: Mfa,
    holder: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Link<MfaSession>, Error> {
    let duration_seconds = [holder, selected]
        .iter()
        .find_map(|s| s.get("mfa_session_duration"))
        .map(|text| match text.trim().parse::<i32>() {
            Ok(n) if (900..=MAX_DURATION).contains(&n) => Ok(n),
            _ => Err(link::invalid(
                profiles,
                &base.origin,
                &format!(
                    "mfa_session_duration = `{text}` is not a number of seconds from 900 to 129600"
                ),
                "set mfa_session_duration between 900 (15 minutes) and 129600 (36 hours)",
            )),
        })
        .transpose()?;
    let sts = link::link_sts_target(profiles, &base.origin, holder, selected, env)?;
    // Keyed on the keys and the device only: every chain on them shares the
    // session, whatever duration each profile would ask for.
    let key = link::hash(&[
        "mfa-session",
        &base.key,
        &mfa.serial,
        sts.endpoint_url.as_deref().unwrap_or(""),
    ]);
    Ok(Link {
        profile: base.origin.clone(),
        call: MfaSession {
            mfa,
            duration_seconds,
        },
        sts,
        key,
    })
}

/// `sts:GetSessionToken` with a code, signed by the long-term keys.
async fn session_token(cx: &Fetch<'_>, session: &MfaSession) -> Result<Credentials, CallFailure> {
    let parent = cx.parent(session.action())?;
    let code = cx.codes.read(cx.profile, &session.mfa, &cx.helpers).await?;
    let duration = cx
        .codes
        .duration
        .or(session.duration_seconds)
        .unwrap_or(DEFAULT_DURATION);
    // Never retried: STS refuses a code it has already seen.
    let overrides = crate::sts::overrides(cx.sts_target)
        .credentials_provider(crate::sts::provider(parent))
        .retry_config(aws::retry(cx.sts.limits(), Spends::OneTimeValue));
    let site = crate::sts::site(cx.sts_target, "GetSessionToken");
    let probe = DateProbe::default();
    let send = cx
        .sts
        .client()
        .await
        .get_session_token()
        .serial_number(&session.mfa.serial)
        .token_code(code.expose())
        .duration_seconds(duration)
        .customize()
        .config_override(overrides)
        .interceptor(probe.clone())
        .send();
    let output = aws::call(&site, cx.sts.limits(), send).await.map_err(|e| {
        let [secret, token] = crate::sts::secrets(parent);
        refused_code(scrub(e, &[secret, token, code.expose()]))
    })?;
    site.validate(
        crate::sts::answer(output.credentials),
        Expect::Temporary,
        &probe,
    )
}

/// The typed error for a failure to read a code for `profile`'s device.
pub fn no_code_error(profile: &str, mfa: Option<&Mfa>, message: &str) -> Error {
    Error::NoMfaCode {
        profile: profile.to_string(),
        serial: mfa.map_or("", |m| m.serial.as_str()).to_string(),
        message: message.to_string(),
    }
}
