//! The console's sign-in federation endpoint, `<signin>/federation`: the
//! one AWS endpoint without an SDK client. `getSigninToken` trades a
//! session's credentials for a sign-in token, asked as AWS documents it and
//! as aws-vault and granted ask: a GET whose `Session` is the JSON
//! `{"sessionId","sessionKey","sessionToken"}`, URL-encoded, with
//! `SessionDuration` when one is asked for. [`login_url`] is the URL that
//! redeems the token in a browser.
//!
//! The call goes through the SDK's own HTTP client (hyper and rustls, the
//! SDK's proxy settings), built on the first call, under the rules of every
//! AWS call: the connect timeout, the call's deadline (`sts_timeout`), a
//! notice when it is slow, the attempts of every AWS call
//! (`sts_max_attempts`) for failures that may pass, and one
//! classification: a 4xx answer is the endpoint refusing the session
//! (permanent), anything else that is not a token may pass (transient).
//! Messages name the endpoint without its query and never hold the
//! session's secrets or a token.

use std::sync::OnceLock;
use std::time::Duration;

use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
use aws_smithy_http_client::{Connector, proxy::ProxyConfig};
use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorSettings};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

use super::Limits;
use super::aws::{CONNECT_TIMEOUT, answered, innermost};
use crate::credentials::{Credentials, printable};
use crate::error::{CallFailure, FailureKind, SIGNIN_REFUSED};
use crate::secret::Secret;

/// An answer longer than this is not a sign-in token.
const MAX_ANSWER: usize = 64 * 1024;

/// The pause before the second attempt; it doubles for each one after.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// `getSigninToken` at `base` (the endpoint without `/federation`) for the
/// session `creds`, asking for a console session of `session_duration`
/// seconds when given. The token is valid for 15 minutes.
pub async fn signin_token(
    base: &str,
    creds: &Credentials,
    session_duration: Option<u64>,
    limits: &Limits,
) -> Result<Secret, CallFailure> {
    let what = describe(base);
    let session = serde_json::json!({
        "sessionId": creds.access_key_id,
        "sessionKey": creds.secret_access_key.expose(),
        "sessionToken": creds.session_token.as_ref().map_or("", Secret::expose),
    })
    .to_string();
    let mut query = String::from("Action=getSigninToken");
    if let Some(seconds) = session_duration {
        query.push_str(&format!("&SessionDuration={seconds}"));
    }
    query.push_str(&format!("&Session={}", super::url_encode(&session)));
    let url = Secret::new(format!("{}/federation?{query}", trim(base)));
    let attempts = async {
        let mut attempt = 1;
        loop {
            match once(&what, &url).await {
                Err(f) if f.kind == FailureKind::Transient && attempt < limits.attempts => {
                    tokio::time::sleep(FIRST_BACKOFF * 2u32.pow(attempt - 1)).await;
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    };
    let outcome = super::with_notice(
        limits,
        &what,
        tokio::time::timeout(limits.deadline, attempts),
    )
    .await
    .unwrap_or_else(|_| {
        Err(CallFailure {
            kind: FailureKind::Transient,
            code: "Timeout".into(),
            message: format!(
                "{what} did not answer within {} (sts_timeout)",
                crate::duration::format(limits.deadline)
            ),
        })
    });
    let secret = creds.secret_access_key.expose();
    let token = creds.session_token.as_ref().map_or("", Secret::expose);
    let encoded = [secret, token].map(super::url_encode);
    outcome.map_err(|f| super::scrub(f, &[secret, token, &encoded[0], &encoded[1]]))
}

/// The URL that signs a browser in with `token` and lands on
/// `destination`: `<base>/federation?Action=login&Issuer=…&Destination=…&SigninToken=…`.
/// It holds the token, so it is a secret too.
pub fn login_url(base: &str, issuer: &str, destination: &str, token: &Secret) -> Secret {
    Secret::new(format!(
        "{}/federation?Action=login&Issuer={}&Destination={}&SigninToken={}",
        trim(base),
        super::url_encode(issuer),
        super::url_encode(destination),
        super::url_encode(token.expose()),
    ))
}

/// `AWS sign-in getSigninToken at https://signin.aws.amazon.com/federation`.
fn describe(base: &str) -> String {
    format!("AWS sign-in getSigninToken at {}/federation", trim(base))
}

fn trim(base: &str) -> &str {
    base.trim_end_matches('/')
}

/// The SDK's connector, as its default client builds it, once per process.
/// Only an `https://` endpoint gets the system's root certificates (their
/// loading is most of the time a call to a local endpoint takes); a plain
/// `http://` one (a local fake, a test) needs none.
fn connector(url: &str) -> &'static Connector {
    static HTTPS: OnceLock<Connector> = OnceLock::new();
    static HTTP: OnceLock<Connector> = OnceLock::new();
    let plain = url.starts_with("http://");
    let (once, roots) = match plain {
        true => (&HTTP, TrustStore::empty()),
        false => (&HTTPS, TrustStore::default()),
    };
    once.get_or_init(|| {
        let builder = Connector::builder()
            .connector_settings(
                HttpConnectorSettings::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .build(),
            )
            .sleep_impl(aws_smithy_async::rt::sleep::TokioSleep::new())
            .proxy_config(ProxyConfig::from_env())
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::AwsLc,
            ));
        match TlsContext::builder().with_trust_store(roots).build() {
            Ok(context) => builder.tls_context(context).build(),
            Err(_) => builder.build(),
        }
    })
}

/// One attempt.
async fn once(what: &str, url: &Secret) -> Result<Secret, CallFailure> {
    let mut request = HttpRequest::get(url.expose()).map_err(|_| CallFailure {
        kind: FailureKind::Permanent,
        code: "InvalidEndpoint".into(),
        message: format!("{what}: the endpoint is not a URL"),
    })?;
    request.headers_mut().insert(
        "user-agent",
        concat!("credbroker/", env!("CARGO_PKG_VERSION")),
    );
    let response = connector(url.expose()).call(request).await.map_err(|e| {
        let kind = match (e.is_timeout(), e.is_io()) {
            (true, _) => "timed out",
            (_, true) => "connection failed",
            _ => "request failed",
        };
        CallFailure {
            kind: FailureKind::Transient,
            code: "ConnectionFailed".into(),
            message: format!("could not reach {what}: {kind}: {}", innermost(&e)),
        }
    })?;
    judge(what, response).await
}

/// The sign-in token in `response`, or what it was instead.
async fn judge(what: &str, mut response: HttpResponse) -> Result<Secret, CallFailure> {
    let status = response.status().as_u16();
    let failure = |kind, code: String, message: String| CallFailure {
        kind,
        code,
        message,
    };
    if (400..500).contains(&status) && status != 429 {
        return Err(failure(
            FailureKind::Permanent,
            SIGNIN_REFUSED.into(),
            format!("{what} refused the session: {}", answered(&response)),
        ));
    }
    if status != 200 {
        return Err(failure(
            FailureKind::Transient,
            format!("HTTP{status}"),
            format!(
                "{what} answered {}, not a sign-in token",
                answered(&response)
            ),
        ));
    }
    let seen = answered(&response);
    let lacks = |why: &str| {
        failure(
            FailureKind::Transient,
            "InvalidAnswer".into(),
            format!("{what} answered {seen} without a sign-in token: {why}"),
        )
    };
    let body = read(response.take_body()).await;
    let Some(body) = body else {
        return Err(lacks("the body could not be read, or is too long"));
    };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return Err(lacks("the body is not JSON"));
    };
    match json.get("SigninToken").and_then(serde_json::Value::as_str) {
        Some(token) if !token.is_empty() && printable(token) => Ok(Secret::new(token)),
        _ => Err(lacks("its JSON has no SigninToken")),
    }
}

/// The whole body, or `None` past [`MAX_ANSWER`] or on a broken read.
async fn read(body: SdkBody) -> Option<Vec<u8>> {
    let mut stream = ByteStream::new(body);
    let mut out = Vec::new();
    while let Some(chunk) = stream.try_next().await.ok()? {
        out.extend_from_slice(&chunk);
        if out.len() > MAX_ANSWER {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_url_encodes_every_value() {
        let url = login_url(
            "https://signin.aws.amazon.com/",
            "credbroker",
            "https://console.aws.amazon.com/s3/home?region=eu-west-1",
            &Secret::new("tok/en+="),
        );
        assert_eq!(
            url.expose(),
            "https://signin.aws.amazon.com/federation?Action=login&Issuer=credbroker\
             &Destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fs3%2Fhome%3Fregion%3Deu-west-1\
             &SigninToken=tok%2Fen%2B%3D"
        );
    }

    fn response(status: u16, content_type: &str, body: &str) -> HttpResponse {
        let mut r = HttpResponse::new(status.try_into().unwrap(), SdkBody::from(body.to_string()));
        r.headers_mut()
            .insert("content-type", content_type.to_string());
        r
    }

    #[test]
    fn answers_are_judged_by_status_and_body() {
        let rt = crate::runtime::runtime().unwrap();
        let what = "AWS sign-in getSigninToken at https://x/federation";
        let judged = |status, ct, body| rt.block_on(judge(what, response(status, ct, body)));
        let token = judged(200, "application/json", r#"{"SigninToken":"abc"}"#).unwrap();
        assert_eq!(token.expose(), "abc");
        let cases: &[(u16, &str, &str, FailureKind, &str, &str)] = &[
            (
                400,
                "text/html",
                "<html>Bad Request</html>",
                FailureKind::Permanent,
                SIGNIN_REFUSED,
                "refused the session: HTTP 400 (text/html)",
            ),
            (
                503,
                "text/html",
                "<html>down</html>",
                FailureKind::Transient,
                "HTTP503",
                "answered HTTP 503 (text/html), not a sign-in token",
            ),
            (
                429,
                "application/json",
                "{}",
                FailureKind::Transient,
                "HTTP429",
                "answered HTTP 429",
            ),
            (
                200,
                "text/html",
                "<html>portal</html>",
                FailureKind::Transient,
                "InvalidAnswer",
                "answered HTTP 200 (text/html) without a sign-in token: the body is not JSON",
            ),
            (
                200,
                "application/json",
                r#"{"SigninToken":""}"#,
                FailureKind::Transient,
                "InvalidAnswer",
                "its JSON has no SigninToken",
            ),
        ];
        for (status, ct, body, kind, code, message) in cases {
            let f = judged(*status, ct, body).unwrap_err();
            assert_eq!((f.kind, f.code.as_str()), (*kind, *code), "{status} {body}");
            assert!(f.message.starts_with(what), "{}", f.message);
            assert!(f.message.contains(message), "{}", f.message);
        }
    }
}
