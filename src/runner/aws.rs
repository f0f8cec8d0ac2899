//! How credbroker talks to any AWS endpoint (STS, the SSO portal, SSO
//! OIDC): a per-call deadline, a notice on stderr when the call is slow, one
//! retry policy ([`retry`]), one classification of failures for every SDK
//! client, and the server's clock from the `Date` header.
//!
//! Use: `aws_call::call(&site, &limits, client.op().customize()
//! .interceptor(probe.clone()).send()).await`, then [`Site::validate`] the
//! answer with the probe's skew. Every client and provider is built with
//! [`http_client`].

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use aws_smithy_runtime::client::defaults::default_http_client_plugin_v2;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_types::body::SdkBody;
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

/// The deepest nesting of `{` and `[` an answer may have. AWS answers
/// nest a handful of levels; the SDK's JSON deserializer skips a value it
/// does not know by recursion, so an answer nested 50,000 deep overflowed
/// the stack (the process aborted) before any error could be returned.
pub const MAX_NESTING: usize = 64;

/// The HTTP client of every AWS client and of the providers: the SDK's
/// default (as its own runtime plugin makes it: rustls, the proxy from the
/// environment), with the body of every answer [`Shallow`], so that one
/// nested deeper than [`MAX_NESTING`] fails as it streams in, as an answer
/// that is not AWS's (exit 7), before the SDK deserializes it. A new one
/// per call: each client keeps its own, as with the SDK's default.
pub fn http_client() -> SharedHttpClient {
    let default = default_http_client_plugin_v2(BehaviorVersion::latest())
        .and_then(|plugin| {
            plugin
                .runtime_components(&RuntimeComponentsBuilder::new("credbroker"))
                .http_client()
        })
        .expect("the SDK's default HTTPS client is compiled in (default-https-client)");
    SharedHttpClient::new(ShallowClient(default))
}

/// An HTTP client whose answers are [`Shallow`].
#[derive(Debug)]
struct ShallowClient(SharedHttpClient);

impl HttpClient for ShallowClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(ShallowConnector(
            self.0.http_connector(settings, components),
        ))
    }

    fn validate_base_client_config(
        &self,
        components: &RuntimeComponentsBuilder,
        cfg: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.validate_base_client_config(components, cfg)
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.0.connector_metadata()
    }
}

#[derive(Debug)]
struct ShallowConnector(SharedHttpConnector);

impl HttpConnector for ShallowConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let answer = self.0.call(request);
        HttpConnectorFuture::new(async move {
            let mut response = answer.await?;
            let body = response.take_body();
            *response.body_mut() = SdkBody::from_body_1_x(Shallow {
                inner: Box::pin(body),
                nesting: Nesting::default(),
            });
            Ok(response)
        })
    }
}

/// A body that fails once [`Nesting`] goes too deep.
struct Shallow {
    inner: Pin<Box<SdkBody>>,
    nesting: Nesting,
}

impl http_body::Body for Shallow {
    type Data = bytes::Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, BoxError>>> {
        let polled = self.inner.as_mut().poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled
            && let Some(data) = frame.data_ref()
            && !self.nesting.feed(data)
        {
            return Poll::Ready(Some(Err(format!(
                "the answer nests deeper than {MAX_NESTING} levels"
            )
            .into())));
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::Body::size_hint(&*self.inner)
    }
}

/// The nesting of `{` and `[` outside JSON strings, across the chunks of a
/// body (an XML body has none).
#[derive(Default)]
struct Nesting {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Nesting {
    /// Take the next chunk; `false` once the nesting went too deep.
    fn feed(&mut self, chunk: &[u8]) -> bool {
        for &b in chunk {
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        return false;
                    }
                }
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_strings_across_chunks() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let mut n = Nesting::default();
        assert!(n.feed(deep(MAX_NESTING).as_bytes()));
        assert!(!Nesting::default().feed(deep(MAX_NESTING + 1).as_bytes()));
        // Brackets inside strings, escaped quotes included, do not count.
        let text = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(1000));
        assert!(Nesting::default().feed(text.as_bytes()));
        // Split anywhere, the count goes on.
        let mut n = Nesting::default();
        let deep = deep(MAX_NESTING + 1);
        let (head, tail) = deep.as_bytes().split_at(30);
        assert!(n.feed(head));
        assert!(!n.feed(tail));
    }

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
