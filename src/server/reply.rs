//! What the server answers, always as `application/json`: credentials in
//! the container credential provider's shape, or `{"Code","Message"}`,
//! the shape the SDKs read an error from.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use serde::Serialize;

use super::Answer;
use crate::clock::rfc3339;

pub struct Reply {
    pub status: StatusCode,
    body: String,
}

/// The container credential provider's fields.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Wire<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    token: &'a str,
    expiration: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_arn: Option<&'a str>,
    /// botocore and the Rust SDK read it (account-based endpoints).
    #[serde(skip_serializing_if = "Option::is_none")]
    account_id: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Failure<'a> {
    code: &'a str,
    message: &'a str,
}

impl Reply {
    pub fn credentials(answer: &Answer) -> Reply {
        let c = &answer.credentials;
        let wire = Wire {
            access_key_id: &c.access_key_id,
            secret_access_key: c.secret_access_key.expose(),
            token: c.session_token.as_ref().map_or("", |t| t.expose()),
            expiration: c.expiration.map(rfc3339).unwrap_or_default(),
            role_arn: answer.role_arn.as_deref(),
            account_id: answer.role_arn.as_deref().and_then(account_of),
        };
        Reply {
            status: StatusCode::OK,
            body: serde_json::to_string(&wire).expect("plain strings always serialize"),
        }
    }

    /// A refusal or a failure: `code` names its kind, `message` says what
    /// to do. Neither holds a secret.
    pub fn error(status: StatusCode, code: &str, message: &str) -> Reply {
        Reply {
            status,
            body: serde_json::to_string(&Failure { code, message })
                .expect("plain strings always serialize"),
        }
    }

    pub fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(Bytes::from(self.body)));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// The account of a role ARN (`arn:aws:iam::123456789012:role/x`).
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':')
        .nth(4)
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::secret::Secret;

    #[test]
    fn credentials_have_the_container_providers_shape() {
        let answer = Answer::new(
            "prod",
            Credentials {
                access_key_id: "ASIAEXAMPLE".into(),
                secret_access_key: Secret::new("s\"e/c"),
                session_token: Some(Secret::new("tok")),
                expiration: Some(1_795_400_000),
                issued_at: Some(1_795_396_400),
            },
            Some("arn:aws:iam::222222222222:role/admin".into()),
        )
        .unwrap();
        let reply = Reply::credentials(&answer);
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.body,
            r#"{"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"s\"e/c","Token":"tok","Expiration":"2026-11-23T02:13:20Z","RoleArn":"arn:aws:iam::222222222222:role/admin","AccountId":"222222222222"}"#
        );
        let response = Reply::error(StatusCode::FORBIDDEN, "Forbidden", "no").into_response();
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    }

    #[test]
    fn only_a_role_arn_names_an_account() {
        assert_eq!(
            account_of("arn:aws:iam::222222222222:role/a"),
            Some("222222222222")
        );
        assert_eq!(account_of("arn:aws:iam::2222:role/a"), None);
        assert_eq!(account_of("not an arn"), None);
    }
}
