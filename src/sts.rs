//! Calls to STS, and how their failures are classified.
//!
//! The STS client (HTTP stack, TLS roots) is built on the first call only, so
//! a cache hit never pays for it. Each call overrides region, endpoint and
//! credentials for its hop, sharing one connection pool.

use std::time::Duration;

use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::config::{Region, retry::RetryConfig, timeout::TimeoutConfig};
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use tokio::sync::OnceCell;

use crate::answer::{Answer, Expect};
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
}

impl Sts {
    pub fn new(max_attempts: u32) -> Self {
        Self {
            client: OnceCell::new(),
            max_attempts: max_attempts.max(1),
        }
    }

    async fn client(&self) -> &aws_sdk_sts::Client {
        self.client
            .get_or_init(|| async {
                let config = aws_sdk_sts::Config::builder()
                    .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
                    .region(Region::new("us-east-1"))
                    .retry_config(RetryConfig::standard().with_max_attempts(self.max_attempts))
                    .timeout_config(
                        TimeoutConfig::builder()
                            .connect_timeout(Duration::from_secs(5))
                            .operation_attempt_timeout(Duration::from_secs(60))
                            .build(),
                    )
                    .build();
                aws_sdk_sts::Client::from_conf(config)
            })
            .await
    }

    /// AssumeRole at `target`, signed with `parent`.
    pub async fn assume_role(
        &self,
        parent: &Credentials,
        target: &StsTarget,
        role: &AssumeRole,
    ) -> Result<Credentials, StsFailure> {
        let provider = aws_credential_types::Credentials::new(
            parent.access_key_id.clone(),
            parent.secret_access_key.expose().to_string(),
            parent
                .session_token
                .as_ref()
                .map(|t| t.expose().to_string()),
            None,
            "credbroker",
        );
        let mut overrides = aws_sdk_sts::config::Builder::default()
            .region(Region::new(target.region.clone()))
            .credentials_provider(provider);
        if let Some(url) = &target.endpoint_url {
            overrides = overrides.endpoint_url(url.clone());
        }
        let session_name = role
            .session_name
            .clone()
            .unwrap_or_else(default_session_name);
        let output = self
            .client()
            .await
            .assume_role()
            .role_arn(&role.role_arn)
            .role_session_name(session_name)
            .set_external_id(role.external_id.clone())
            .set_duration_seconds(role.duration_seconds)
            .customize()
            .config_override(overrides)
            .send()
            .await
            .map_err(|e| scrub(classify(e), parent))?;
        let endpoint = target
            .endpoint_url
            .as_deref()
            .unwrap_or("the regional endpoint");
        let answer = output.credentials.map_or_else(Answer::default, |c| Answer {
            access_key_id: Some(c.access_key_id),
            secret_access_key: Some(c.secret_access_key),
            session_token: Some(c.session_token),
            expiration: Some(c.expiration.secs()),
        });
        answer.validate(
            Expect::Temporary,
            crate::broker::now(),
            &format!("STS AssumeRole at {endpoint}"),
        )
    }
}

/// STS messages are stored and printed; some endpoints echo parts of the
/// signed request back. Keep the signing secrets out, and keep it short.
fn scrub(mut failure: StsFailure, parent: &Credentials) -> StsFailure {
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
fn default_session_name() -> String {
    let user: String = std::env::var("USER")
        .unwrap_or_else(|_| "user".into())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(*c))
        .take(32)
        .collect();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    format!("credbroker-{user}-{now}")
}

/// Codes that retrying will not fix.
const PERMANENT: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "MalformedPolicyDocument",
    "PackedPolicyTooLarge",
    "RegionDisabledException",
    "ValidationError",
    "InvalidParameterValue",
    "UnrecognizedClientException",
];

/// Client errors that do clear up by themselves.
const TRANSIENT: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "IDPCommunicationError",
];

pub(crate) fn classify<E>(err: SdkError<E, HttpResponse>) -> StsFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let context = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let code = e.code().unwrap_or("Unknown").to_string();
            let status = service.raw().status().as_u16();
            let message = e.message().unwrap_or("").to_string();
            let kind = if PERMANENT.contains(&code.as_str()) {
                FailureKind::Permanent
            } else if status >= 500 || status == 429 || TRANSIENT.contains(&code.as_str()) {
                FailureKind::Transient
            } else {
                // Any other client error: retrying the same request will
                // not change the answer.
                FailureKind::Permanent
            };
            StsFailure {
                kind,
                code,
                message,
            }
        }
        SdkError::TimeoutError(_) => transient("Timeout", context),
        SdkError::DispatchFailure(_) => transient("ConnectionFailed", context),
        SdkError::ResponseError(_) => transient("BadResponse", context),
        SdkError::ConstructionFailure(_) => StsFailure {
            kind: FailureKind::Permanent,
            code: "InvalidRequest".into(),
            message: context,
        },
        _ => transient("Unknown", context),
    }
}

pub(crate) fn transient(code: &str, message: String) -> StsFailure {
    StsFailure {
        kind: FailureKind::Transient,
        code: code.into(),
        message,
    }
}
