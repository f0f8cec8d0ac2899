//! `sts:AssumeRole`: a `role_arn` hop (with `external_id`,
//! `role_session_name`, `duration_seconds`, and `mfa_serial` when its source
//! is already temporary), signed with the parent link's credentials. In a
//! batch, paced by the shared throttle.

use serde::{Deserialize, Serialize};

use crate::answer::Expect;
use crate::credentials::Credentials;
use crate::error::{CallFailure, Error};
use crate::link::{self, ConsoleSession, EnvSnapshot, Fetch, Kind, Link};
use crate::profile::{Profiles, Section};
use crate::runner::aws::{self, DateProbe, Spends};
use crate::runner::mfa_code::{Mfa, refused_code};
use crate::runner::scrub;
use crate::sts::{Sts, StsTarget};

/// `sts:AssumeRole`, signed with the parent link's credentials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssumeRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<i32>,
    /// Sent with the call (SerialNumber, TokenCode) when the source is
    /// already temporary and so cannot get an MFA session of its own.
    pub mfa: Option<Mfa>,
}

impl Kind for AssumeRole {
    fn kind(&self) -> &'static str {
        "role"
    }

    fn action(&self) -> &'static str {
        "AssumeRole"
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

    fn mfa(&self) -> Option<&Mfa> {
        self.mfa.as_ref()
    }

    fn needs_parent(&self) -> bool {
        true
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        let parent = cx.parent(self.action())?;
        match &self.mfa {
            None => {
                cx.sts
                    .paced("STS", || call(cx.sts, parent, cx.sts_target, self, None))
                    .await
            }
            Some(device) => {
                let code = cx.codes.read(cx.profile, device, &cx.helpers).await?;
                let mfa = Some((device.serial.as_str(), &code));
                call(cx.sts, parent, cx.sts_target, self, mfa).await
            }
        }
    }
}

/// A hop whose key cannot be computed until its parent's is known.
pub struct Pending {
    pub profile: String,
    pub section: Section,
    pub role_arn: String,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<i32>,
    /// `mfa_serial` on this hop: an MFA session below it when its source
    /// is long-term keys, else sent with its AssumeRole.
    pub mfa: Option<Mfa>,
}

impl Pending {
    pub fn from_profile(
        profiles: &Profiles,
        name: &str,
        section: &Section,
        role_arn: &str,
    ) -> Result<Self, Error> {
        let duration_seconds = match section.get("duration_seconds") {
            None => None,
            Some(text) => match text.trim().parse::<i32>() {
                Ok(n) if (900..=43200).contains(&n) => Some(n),
                _ => {
                    return Err(link::invalid(
                        profiles,
                        name,
                        &format!(
                            "duration_seconds = `{text}` is not a number of seconds from 900 to 43200"
                        ),
                        "set duration_seconds between 900 (15 minutes) and 43200 (12 hours)",
                    ));
                }
            },
        };
        Ok(Self {
            profile: name.to_string(),
            section: section.clone(),
            role_arn: role_arn.to_string(),
            external_id: section.get("external_id").cloned(),
            session_name: section.get("role_session_name").cloned(),
            duration_seconds,
            mfa: mfa_of(name, section),
        })
    }

    pub fn finish(
        self,
        profiles: &Profiles,
        selected: &Section,
        env: &EnvSnapshot,
        parent: &str,
    ) -> Result<Link<AssumeRole>, Error> {
        let sts = link::link_sts_target(profiles, &self.profile, &self.section, selected, env)?;
        let key = link::hash(&[
            "assume-role",
            parent,
            &self.role_arn,
            self.external_id.as_deref().unwrap_or(""),
            self.session_name.as_deref().unwrap_or(""),
            &self
                .duration_seconds
                .map(|d| d.to_string())
                .unwrap_or_default(),
            // The endpoint tells which STS (and so which world) issued the
            // credentials; the region does not matter to what they are, and
            // keying on it would split a link that chains share.
            sts.endpoint_url.as_deref().unwrap_or(""),
            // Each call needs a code: a separate link from the same role
            // assumed without MFA.
            self.mfa.as_ref().map_or("", |m| m.serial.as_str()),
        ]);
        Ok(Link {
            profile: self.profile,
            call: AssumeRole {
                role_arn: self.role_arn,
                external_id: self.external_id,
                session_name: self.session_name,
                duration_seconds: self.duration_seconds,
                mfa: self.mfa,
            },
            sts,
            key,
        })
    }
}

/// The MFA device a section names, with its `mfa_process`.
pub fn mfa_of(profile: &str, section: &Section) -> Option<Mfa> {
    section.get("mfa_serial").map(|serial| Mfa {
        serial: serial.clone(),
        process: section.get("mfa_process").cloned(),
        profile: profile.to_string(),
    })
}

/// AssumeRole, sending `mfa` (serial, code) when given. Never retried
/// (by the SDK or a throttle) when it carries a code: STS refuses a code
/// it has seen, so a retry would only turn a 5xx into AccessDenied.
async fn call(
    sts: &Sts,
    parent: &Credentials,
    target: &StsTarget,
    role: &AssumeRole,
    mfa: Option<(&str, &crate::secret::Secret)>,
) -> Result<Credentials, CallFailure> {
    let spends = match mfa {
        Some(_) => Spends::OneTimeValue,
        None => Spends::Nothing,
    };
    let overrides = crate::sts::overrides(target)
        .credentials_provider(crate::sts::provider(parent))
        .retry_config(aws::retry(sts.limits(), spends));
    let session_name = role
        .session_name
        .clone()
        .unwrap_or_else(crate::sts::default_session_name);
    let site = crate::sts::site(target, "AssumeRole");
    let probe = DateProbe::default();
    let send = sts
        .client()
        .await
        .assume_role()
        .role_arn(&role.role_arn)
        .role_session_name(session_name)
        .set_external_id(role.external_id.clone())
        .set_duration_seconds(role.duration_seconds)
        .set_serial_number(mfa.map(|(serial, _)| serial.to_string()))
        .set_token_code(mfa.map(|(_, code)| code.expose().to_string()))
        .customize()
        .config_override(overrides)
        .interceptor(probe.clone())
        .send();
    let output = aws::call(&site, sts.limits(), send).await.map_err(|e| {
        let [secret, token] = crate::sts::secrets(parent);
        match mfa {
            Some((_, code)) => refused_code(scrub(e, &[secret, token, code.expose()])),
            None => scrub(e, &[secret, token]),
        }
    })?;
    site.validate(
        crate::sts::answer(output.credentials),
        Expect::Temporary,
        &probe,
    )
}
