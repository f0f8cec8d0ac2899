//! Calls to STS, and how their failures are classified.
//!
//! The STS client (HTTP stack, TLS roots) is built on the first call only, so
//! a cache hit never pays for it. Each call overrides region, endpoint and
//! credentials for its hop, sharing one connection pool.

use std::time::Duration;

use aws_sdk_sts::config::{Region, retry::RetryConfig, timeout::TimeoutConfig};
use tokio::sync::OnceCell;

use crate::answer::{Answer, Expect};
use crate::aws_call::{self, DateProbe, Limits, Site};
use crate::batch::throttle::Throttle;
use crate::cache::Credentials;
use crate::chain::{AssumeRole, StsTarget};
use crate::error::FailureKind;

/// A failed STS call, classified.
#[derive(Clone, Debug)]
pub struct StsFailure {
    pub kind: FailureKind,
    pub code: String,
    pub message: String,
}

pub struct Sts {
    client: OnceCell<aws_sdk_sts::Client>,
    max_attempts: u32,
    limits: Limits,
    /// Shared pacing and a throttling retry budget (batch only).
    throttle: Option<std::sync::Arc<Throttle>>,
}

impl StsFailure {
    /// The service asked the caller to slow down.
    pub fn is_throttling(&self) -> bool {
        aws_call::THROTTLING.contains(&self.code.as_str())
    }
}

impl Sts {
    /// `timeout`: the deadline of one call, all attempts included.
    pub fn new(max_attempts: u32, timeout: Duration) -> Self {
        Self {
            client: OnceCell::new(),
            max_attempts: max_attempts.max(1),
            limits: Limits::new(timeout),
            throttle: None,
        }
    }

    /// Pace calls through `throttle` and retry throttled ones on its budget.
    pub fn with_throttle(mut self, throttle: std::sync::Arc<Throttle>) -> Self {
        self.throttle = Some(throttle);
        self
    }

    pub(crate) async fn client(&self) -> &aws_sdk_sts::Client {
        self.client
            .get_or_init(|| async {
                let config = aws_sdk_sts::Config::builder()
                    .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
                    .region(Region::new("us-east-1"))
                    .retry_config(RetryConfig::standard().with_max_attempts(self.max_attempts))
                    .timeout_config(
                        TimeoutConfig::builder()
                            // The call's deadline is aws_call's, which
                            // names the endpoint and the setting.
                            .connect_timeout(aws_call::CONNECT_TIMEOUT)
                            .build(),
                    )
                    .build();
                aws_sdk_sts::Client::from_conf(config)
            })
            .await
    }

    /// The deadline and notice of every call, for the calls made elsewhere
    /// (`source::mfa`, `source::web_identity`).
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// AssumeRole at `target`, signed with `parent`; with a throttle, paced
    /// and retried while STS throttles, up to its budget.
    pub async fn assume_role(
        &self,
        parent: &Credentials,
        target: &StsTarget,
        role: &AssumeRole,
    ) -> Result<Credentials, StsFailure> {
        let Some(throttle) = &self.throttle else {
            return self.assume_role_with_mfa(parent, target, role, None).await;
        };
        let mut retries = 0;
        loop {
            let slot = throttle.slot().await;
            let result = self.assume_role_with_mfa(parent, target, role, None).await;
            drop(slot);
            match result {
                Err(f) if f.is_throttling() => {
                    throttle.throttled();
                    if retries == throttle.retries {
                        return Err(StsFailure {
                            message: format!(
                                "throttled by STS on {} attempts, the batch's budget: {}",
                                retries + 1,
                                f.message
                            ),
                            ..f
                        });
                    }
                    retries += 1;
                    tokio::time::sleep(Throttle::backoff(retries)).await;
                }
                other => {
                    if other.is_ok() {
                        throttle.succeeded();
                    }
                    return other;
                }
            }
        }
    }

    /// AssumeRole, sending `mfa` (serial, code) when given. Never retried
    /// (by the SDK or a throttle) when it carries a code: STS refuses a code
    /// it has seen, so a retry would only turn a 5xx into AccessDenied.
    pub async fn assume_role_with_mfa(
        &self,
        parent: &Credentials,
        target: &StsTarget,
        role: &AssumeRole,
        mfa: Option<(&str, &crate::secret::Secret)>,
    ) -> Result<Credentials, StsFailure> {
        let mut overrides = overrides(target).credentials_provider(provider(parent));
        if mfa.is_some() {
            overrides = overrides.retry_config(RetryConfig::disabled());
        }
        let session_name = role
            .session_name
            .clone()
            .unwrap_or_else(default_session_name);
        let site = site(target, "AssumeRole");
        let probe = DateProbe::default();
        let send = self
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
        let output = aws_call::call(&site, &self.limits, send)
            .await
            .map_err(|e| {
                let failure = scrub(e, parent);
                match mfa {
                    Some((_, code)) => crate::source::mfa::refused_code(failure, code),
                    None => failure,
                }
            })?;
        site.validate(answer(output.credentials), Expect::Temporary, &probe)
    }
}

/// The credentials of an STS answer (AssumeRole, AssumeRoleWithWebIdentity,
/// GetSessionToken), to be validated before anything trusts them.
pub fn answer(credentials: Option<aws_sdk_sts::types::Credentials>) -> Answer {
    credentials.map_or_else(Answer::default, |c| Answer {
        access_key_id: Some(c.access_key_id),
        secret_access_key: Some(c.secret_access_key),
        session_token: Some(c.session_token),
        expiration: Some(c.expiration.secs()),
    })
}

/// The per-call configuration of a call to `target`: its region and, when
/// set, its endpoint (the client itself is shared).
pub fn overrides(target: &StsTarget) -> aws_sdk_sts::config::Builder {
    let builder =
        aws_sdk_sts::config::Builder::default().region(Region::new(target.region.clone()));
    match &target.endpoint_url {
        Some(url) => builder.endpoint_url(url.clone()),
        None => builder,
    }
}

/// Where an STS call goes, for notices and errors.
pub fn site(target: &StsTarget, action: &'static str) -> Site {
    Site {
        service: "STS",
        action,
        endpoint: target
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("https://sts.{}.amazonaws.com", target.region)),
        region: target.region.clone(),
    }
}

/// `parent` as the SDK's credentials, to sign one call.
pub(crate) fn provider(parent: &Credentials) -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new(
        parent.access_key_id.clone(),
        parent.secret_access_key.expose().to_string(),
        parent
            .session_token
            .as_ref()
            .map(|t| t.expose().to_string()),
        None,
        "credbroker",
    )
}

/// STS messages are stored and printed; some endpoints echo parts of the
/// signed request back. Keep the signing secrets out, and keep it short.
pub(crate) fn scrub(mut failure: StsFailure, parent: &Credentials) -> StsFailure {
    let secrets = std::iter::once(parent.secret_access_key.expose())
        .chain(parent.session_token.as_ref().map(|t| t.expose()))
        .filter(|s| !s.is_empty());
    for secret in secrets {
        failure.message = failure.message.replace(secret, "REDACTED");
    }
    if failure.message.len() > 500 {
        let cut = (0..=500)
            .rev()
            .find(|i| failure.message.is_char_boundary(*i))
            .unwrap_or(0);
        failure.message.truncate(cut);
        failure.message.push('…');
    }
    failure
}

/// `credbroker-<user>-<unix time>`, within STS's 64 characters of
/// `[\w+=,.@-]`.
pub(crate) fn default_session_name() -> String {
    let user: String = crate::settings::env_var_os("USER")
        .map_or_else(|| "user".into(), |u| u.to_string_lossy().into_owned())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(*c))
        .take(32)
        .collect();
    let now = crate::clock::now();
    format!("credbroker-{user}-{now}")
}
