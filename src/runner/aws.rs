//! How credbroker talks to any AWS endpoint (STS, the SSO portal, SSO
//! OIDC): a per-call deadline, a notice on stderr when the call is slow, one
//! retry policy ([`retry`]), one classification of failures for every SDK
//! client, and the server's clock from the `Date` header.
//!
//! Use: `aws_call::call(&site, &limits, client.op().customize()
//! .interceptor(probe.clone()).send()).await`, then [`Site::validate`] the
//! answer with the probe's skew.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::answer::{Answer, Expect};
use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::error::FailureKind;

pub use super::{Limits, route_notices};

/// The connect timeout of every client: a few seconds.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether a call spends a value that works once (an MFA code, a refresh
/// token, an authorization or device code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spends {
    /// Nothing that works once: retried like any call.
    Nothing,
    /// A value that works once: never retried, because the service refuses
    /// it the second time, so a retry could only turn a lost answer (a 5xx,
    /// a dropped connection) into a refusal.
    OneTimeValue,
}

/// The one retry policy of every AWS endpoint (STS, the SSO portal, SSO
/// OIDC): the SDK's standard retry (jittered backoff, its throttling and
/// transient classification) with the call's [`Limits::attempts`]
/// (`sts_max_attempts`), except for a call that [`Spends::OneTimeValue`].
/// In a batch, the shared throttle comes on top (`Sts::paced`).
pub fn retry(limits: &Limits, spends: Spends) -> aws_smithy_types::retry::RetryConfig {
    match spends {
        Spends::Nothing => {
            aws_smithy_types::retry::RetryConfig::standard().with_max_attempts(limits.attempts)
        }
        Spends::OneTimeValue => aws_smithy_types::retry::RetryConfig::disabled(),
    }
}
/// A server clock further off ours than this makes credbroker's freshness
/// decisions wrong: an error, never a silent guess.
pub const MAX_CLOCK_SKEW: i64 = 5 * 60;

/// What is being called, for notices and errors.
#[derive(Clone, Debug)]
pub struct Site {
    /// `STS`, `SSO`, `SSO OIDC`.
    pub service: &'static str,
    /// `AssumeRole`, `GetRoleCredentials`, ...
    pub action: &'static str,
    pub endpoint: String,
    pub region: String,
}

impl Site {
    /// `STS AssumeRole at https://sts.eu-west-1.amazonaws.com (region eu-west-1)`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} at {} (region {})",
            self.service, self.action, self.endpoint, self.region
        )
    }

    /// Check an answer that carries credentials (see [`Answer::validate`]),
    /// after checking the server's clock against ours.
    pub fn validate(
        &self,
        answer: Answer,
        expect: Expect,
        probe: &DateProbe,
    ) -> Result<Credentials, CallFailure> {
        let now = crate::clock::now();
        if let Some(server) = probe.server_time() {
            let skew = now - server;
            if skew.abs() > MAX_CLOCK_SKEW {
                return Err(CallFailure {
                    kind: FailureKind::Transient,
                    code: "ClockSkew".into(),
                    message: format!(
                        "this computer's clock is {} {} the clock of {} (its answer is dated {}); \
                         credentials would look expired, or valid when they are not",
                        crate::duration::format(Duration::from_secs(skew.unsigned_abs())),
                        if skew > 0 { "ahead of" } else { "behind" },
                        self.describe(),
                        crate::clock::rfc3339(server),
                    ),
                });
            }
        }
        answer.validate(
            expect,
            now,
            &format!("an unexpected answer from {}", self.describe()),
        )
    }
}

/// Run `send` (an SDK call's future) within `limits`: a notice on stderr
/// after `notice_after`, a timeout error naming the endpoint after
/// `deadline`, and any SDK failure classified by [`classify`].
pub async fn call<T, E>(
    site: &Site,
    limits: &Limits,
    send: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
) -> Result<T, CallFailure>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let send = tokio::time::timeout(limits.deadline, send);
    let outcome = super::with_notice(limits, &site.describe(), send).await;
    match outcome {
        Ok(Ok(answer)) => Ok(answer),
        Ok(Err(err)) => Err(classify(site, err)),
        Err(_) => Err(CallFailure {
            kind: FailureKind::Transient,
            code: "Timeout".into(),
            message: format!(
                "{} did not answer within {} (sts_timeout)",
                site.describe(),
                crate::duration::format(limits.deadline)
            ),
        }),
    }
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
    "UnauthorizedException",
    "InvalidGrantException",
    "InvalidIdentityToken",
];

/// Client errors that do clear up by themselves: throttling, and these.
const TRANSIENT: &[&str] = &["IDPCommunicationError"];

/// One classification for every SDK client's failures. The message says
/// what was called and what came back (the AWS error, or the HTTP status
/// and content type of an answer that was not AWS's); never Rust `Debug`.
pub fn classify<E>(site: &Site, err: SdkError<E, HttpResponse>) -> CallFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let what = site.describe();
    match &err {
        SdkError::ServiceError(service) if service.err().code().is_some() => {
            let e = service.err();
            let code = e.code().unwrap_or_default().to_string();
            let status = service.raw().status().as_u16();
            let kind = if PERMANENT.contains(&code.as_str()) {
                FailureKind::Permanent
            } else if status >= 500
                || status == 429
                || TRANSIENT.contains(&code.as_str())
                || crate::error::THROTTLING.contains(&code.as_str())
            {
                FailureKind::Transient
            } else {
                // Any other client error: retrying the same request will
                // not change the answer.
                FailureKind::Permanent
            };
            let message = format!(
                "{} (HTTP {status} from {}, region {})",
                e.message()
                    .filter(|m| !m.is_empty())
                    .unwrap_or("no message"),
                site.endpoint,
                site.region
            );
            CallFailure {
                kind,
                code,
                message,
            }
        }
        SdkError::ServiceError(_) | SdkError::ResponseError(_) => {
            not_aws(&what, err.raw_response())
        }
        SdkError::TimeoutError(_) => transient(
            "Timeout",
            format!("{what} did not answer in time (connect timeout or attempt timeout)"),
        ),
        SdkError::DispatchFailure(failure) => {
            let reason = failure
                .as_connector_error()
                .map(|c| {
                    let kind = if c.is_timeout() {
                        "timed out"
                    } else if c.is_io() {
                        "connection failed"
                    } else {
                        "request failed"
                    };
                    format!("{kind}: {}", innermost(c))
                })
                .unwrap_or_else(|| "request failed".into());
            transient(
                "ConnectionFailed",
                format!("could not reach {what}: {reason}"),
            )
        }
        SdkError::ConstructionFailure(_) => CallFailure {
            kind: FailureKind::Permanent,
            code: "InvalidRequest".into(),
            message: format!(
                "could not build the request for {what}: {}",
                innermost(&err)
            ),
        },
        _ => transient("Unknown", format!("{what} failed: {}", innermost(&err))),
    }
}

/// An answer that is not an AWS answer (a proxy's error page, a redirect,
/// a web server's 404, another service's JSON, a broken body): its status
/// and content type. Always transient (exit 7, as the README's table says
/// for "an answer that is not STS's"): what answered is something between
/// credbroker and AWS, or the wrong endpoint, and a refusal (exit 6) is
/// AWS's own verdict on the request; the hint says what to check.
fn not_aws(what: &str, raw: Option<&HttpResponse>) -> CallFailure {
    let Some(raw) = raw else {
        return transient("BadResponse", format!("{what} gave an unreadable answer"));
    };
    CallFailure {
        kind: FailureKind::Transient,
        code: format!("HTTP{}", raw.status().as_u16()),
        message: format!(
            "{what} answered {}, which is not an AWS answer",
            answered(raw)
        ),
    }
}

/// What an answer was, for a message: `HTTP 503 (text/html)`, `HTTP 302
/// (text/html, a redirect to URL)`. Never its body.
pub fn answered(raw: &HttpResponse) -> String {
    let status = raw.status().as_u16();
    let content_type = raw
        .headers()
        .get("content-type")
        .unwrap_or("no content type");
    let location = raw
        .headers()
        .get("location")
        .map(|l| format!(" to {l}"))
        .unwrap_or_default();
    let redirect = if (300..400).contains(&status) {
        format!(", a redirect{location}")
    } else {
        String::new()
    };
    format!("HTTP {status} ({content_type}{redirect})")
}

fn transient(code: &str, message: String) -> CallFailure {
    CallFailure {
        kind: FailureKind::Transient,
        code: code.into(),
        message,
    }
}

/// The last source of an error: the part that says what happened
/// ("Connection refused (os error 111)").
pub fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        last = cause.to_string();
        source = cause.source();
    }
    last
}

/// An interceptor that remembers the `Date` header of the last answer, to
/// tell a wrong local clock from a wrong answer.
#[derive(Clone, Debug, Default)]
pub struct DateProbe {
    date: Arc<Mutex<Option<i64>>>,
}

impl DateProbe {
    /// The server's time (Unix seconds), if it sent a readable `Date`.
    pub fn server_time(&self) -> Option<i64> {
        *self.date.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Intercept for DateProbe {
    fn name(&self) -> &'static str {
        "credbroker::DateProbe"
    }

    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let date = context
            .response()
            .headers()
            .get("date")
            .and_then(|d| {
                time::OffsetDateTime::parse(d, &time::format_description::well_known::Rfc2822).ok()
            })
            .map(|t| t.unix_timestamp());
        *self.date.lock().unwrap_or_else(|e| e.into_inner()) = date;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates_parse() {
        let t = time::OffsetDateTime::parse(
            "Mon, 23 Nov 2026 05:50:31 GMT",
            &time::format_description::well_known::Rfc2822,
        )
        .unwrap();
        assert_eq!(t.unix_timestamp(), 1_795_413_031);
    }
}
