//! Calls to STS, and how their failures are classified.
//!
//! The STS client (HTTP stack, TLS roots) is built on the first call only, so
//! a cache hit never pays for it. Each call overrides region, endpoint and
//! credentials for its hop, sharing one connection pool.

use std::time::Duration;

use aws_sdk_sts::config::{Region, timeout::TimeoutConfig};
use tokio::sync::OnceCell;

use crate::answer::Answer;
use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::runner::Limits;
use crate::runner::aws::{self, Site, Spends};
use crate::throttle::Throttle;

/// Where a link's STS call goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct StsTarget {
    pub region: String,
    pub endpoint_url: Option<String>,
}

pub struct Sts {
    client: OnceCell<aws_sdk_sts::Client>,
    /// Deadline, notice and attempts of every AWS call (STS and the others).
    limits: Limits,
    /// Shared pacing and a throttling retry budget (batch only).
    throttle: Option<std::sync::Arc<Throttle>>,
}

impl Sts {
    /// `timeout`: the deadline of one call, all attempts included.
    pub fn new(max_attempts: u32, timeout: Duration) -> Self {
        Self {
            client: OnceCell::new(),
            limits: Limits::new(timeout).with_attempts(max_attempts),
            throttle: None,
        }
    }

    /// Pace calls through `throttle` and retry throttled ones on its budget.
    pub fn with_throttle(mut self, throttle: std::sync::Arc<Throttle>) -> Self {
        self.throttle = Some(throttle);
        self
    }

    pub async fn client(&self) -> &aws_sdk_sts::Client {
        self.client
            .get_or_init(|| async {
                let config = aws_sdk_sts::Config::builder()
                    .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
                    .region(Region::new("us-east-1"))
                    .retry_config(aws::retry(&self.limits, Spends::Nothing))
                    .timeout_config(
                        TimeoutConfig::builder()
                            // The call's deadline is aws_call's, which
                            // names the endpoint and the setting.
                            .connect_timeout(aws::CONNECT_TIMEOUT)
                            .build(),
                    )
                    .build();
                aws_sdk_sts::Client::from_conf(config)
            })
            .await
    }

    /// The deadline, notice and attempts of every AWS call, for the calls
    /// made elsewhere (the link kinds, the SSO portal and OIDC).
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Run `call` (to `service`: `STS`, `SSO`, Organizations; credentials
    /// or a page of a listing) paced by the shared throttle, if there is one: a slot in its window, and retries with
    /// backoff while the answer is throttling, up to its budget. Without a
    /// throttle, `call` once (the SDK's own attempts apply inside it).
    pub async fn paced<T, F, Fut>(&self, service: &str, mut call: F) -> Result<T, CallFailure>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, CallFailure>>,
    {
        let Some(throttle) = &self.throttle else {
            return call().await;
        };
        let mut retries = 0;
        loop {
            let slot = throttle.slot().await;
            let result = call().await;
            drop(slot);
            match result {
                Err(f) if f.is_throttling() => {
                    throttle.throttled();
                    if retries == throttle.retries {
                        return Err(CallFailure {
                            message: format!(
                                "throttled by {service} on {} attempts, the batch's budget: {}",
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
pub fn provider(parent: &Credentials) -> aws_credential_types::Credentials {
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

/// The signing secrets of `parent`, for [`crate::runner::scrub`]: some
/// endpoints echo parts of the signed request back.
pub fn secrets(parent: &Credentials) -> [&str; 2] {
    [
        parent.secret_access_key.expose(),
        parent.session_token.as_ref().map_or("", |t| t.expose()),
    ]
}

/// `credbroker-<user>-<unix time>`, within STS's 64 characters of
/// `[\w+=,.@-]`.
pub fn default_session_name() -> String {
    let user: String = crate::settings::env_var_os("USER")
        .map_or_else(|| "user".into(), |u| u.to_string_lossy().into_owned())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(*c))
        .take(32)
        .collect();
    let now = crate::clock::now();
    format!("credbroker-{user}-{now}")
}
