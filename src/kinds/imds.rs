//! `credential_source = Ec2InstanceMetadata`: the instance role's
//! credentials from IMDSv2, through aws-config's own IMDS client (token,
//! then role name, then credentials; `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`), so credbroker talks to IMDS
//! exactly as the SDKs do, and `AWS_EC2_METADATA_DISABLED`. The answer is
//! judged here, not by the SDK's provider, which extends credentials IMDS
//! answers already expired. The client is built on a refresh only: a
//! cache hit never pays for it.

use aws_config::imds::client::error::ImdsError;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::error::CredentialsError;
use serde::{Deserialize, Serialize};

use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::link::{self, ConsoleSession, EnvSnapshot, Fetch, Kind, Link};
use crate::runner::Limits;
use crate::sts::StsTarget;

/// The link's data: none beyond the endpoint variables in its key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceMetadata;

impl Kind for InstanceMetadata {
    fn kind(&self) -> &'static str {
        "ec2-instance-metadata"
    }

    fn action(&self) -> &'static str {
        "IMDS credentials"
    }

    fn target(&self) -> &str {
        "instance metadata"
    }

    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::Role
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        fetch(cx.sts.limits()).await
    }
}

pub fn link(profile: &str, env: &EnvSnapshot) -> Link<InstanceMetadata> {
    Link {
        profile: profile.to_string(),
        call: InstanceMetadata,
        sts: StsTarget {
            region: "us-east-1".into(),
            endpoint_url: None,
        },
        key: link::endpoint_key("imds", link::IMDS_ENDPOINT_VARS, env),
    }
}

/// The endpoint the provider calls, for messages: the SDK's choice from
/// the same variables (`AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the
/// endpoint mode's address).
fn endpoint() -> String {
    let var = crate::settings::env_var;
    var("AWS_EC2_METADATA_SERVICE_ENDPOINT").unwrap_or_else(|| {
        match var("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") {
            Some(mode) if mode.eq_ignore_ascii_case("ipv6") => "http://[fd00:ec2::254]".into(),
            _ => "http://169.254.169.254".into(),
        }
    })
}

/// The instance role's credentials, read from IMDS with aws-config's own
/// IMDSv2 client (token, then role name, then credentials) but judged
/// here: the SDK's credentials provider extends credentials that IMDS
/// answers already expired ("static stability"), which would cache and
/// sign with keys that stopped working an hour ago. Runs through the
/// runner, which contains the client's panics.
async fn fetch(limits: &Limits) -> Result<Credentials, CallFailure> {
    let source = format!("the EC2 instance metadata service at {}", endpoint());
    crate::runner::provider::credentials(&source, limits, read_credentials).await
}

const ROLES: &str = "/latest/meta-data/iam/security-credentials/";

async fn read_credentials() -> Result<aws_credential_types::Credentials, CredentialsError> {
    let disabled = crate::settings::env_var("AWS_EC2_METADATA_DISABLED");
    if disabled.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Err(CredentialsError::not_loaded(
            "IMDS disabled by AWS_EC2_METADATA_DISABLED=true",
        ));
    }
    let client = aws_config::imds::Client::builder()
        .configure(&ProviderConfig::default().with_http_client(crate::runner::aws::http_client()))
        .build();
    let roles = client
        .get(ROLES)
        .await
        .map_err(|e| imds_error(e, Ask::Role))?;
    let role = roles.as_ref().lines().next().unwrap_or_default().trim();
    let is_role_name = |r: &str| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    };
    if !is_role_name(role) {
        return Err(CredentialsError::provider_error(
            "IMDS answered the role list with something that is not a role name",
        ));
    }
    let answer = client
        .get(format!("{ROLES}{role}"))
        .await
        .map_err(|e| imds_error(e, Ask::Credentials))?;
    parse(answer.as_ref())
}

/// IMDS's credentials document, as the SDKs read it. Its expiration is
/// kept as IMDS gave it: the runner's validation refuses it when past.
fn parse(text: &str) -> Result<aws_credential_types::Credentials, CredentialsError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Document {
        code: Option<String>,
        message: Option<String>,
        access_key_id: Option<String>,
        secret_access_key: Option<String>,
        token: Option<String>,
        expiration: Option<String>,
    }
    // Only where, never what: the text holds secrets.
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        CredentialsError::provider_error(format!(
            "IMDS answered credentials that are not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    match doc.code.as_deref() {
        Some("Success") | None => {}
        Some(code) => {
            let message = doc.message.unwrap_or_default();
            return Err(CredentialsError::invalid_configuration(format!(
                "IMDS refused the role's credentials: {} {}",
                crate::error::quote(code),
                crate::error::quote(&message)
            )));
        }
    }
    let expiry = doc
        .expiration
        .as_deref()
        .and_then(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
        })
        .and_then(|t| {
            let secs = u64::try_from(t.unix_timestamp()).ok()?;
            std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(secs))
        });
    Ok(aws_credential_types::Credentials::new(
        doc.access_key_id.unwrap_or_default(),
        doc.secret_access_key.unwrap_or_default(),
        doc.token,
        // Missing or unreadable: the validation names it missing.
        expiry.or(Some(std::time::UNIX_EPOCH)),
        "IMDSv2",
    ))
}

/// What was asked of IMDS.
#[derive(Clone, Copy, PartialEq)]
enum Ask {
    Role,
    Credentials,
}

/// An IMDS client error, without the SDK's Debug rendering of the answer:
/// no role attached (a 404 for the role list) will not change by retrying;
/// anything else (no token, a timeout, a 5xx, the connection, a 404 for
/// the credentials of a role IMDS just named) may pass.
fn imds_error(e: ImdsError, ask: Ask) -> CredentialsError {
    let what = match ask {
        Ask::Role => "the instance's role",
        Ask::Credentials => "the role's credentials",
    };
    match &e {
        ImdsError::ErrorResponse(answer)
            if ask == Ask::Role && answer.response().status().as_u16() == 404 =>
        {
            CredentialsError::not_loaded(
                "IMDS lists no role (HTTP 404): is an IAM role attached to the instance?",
            )
        }
        ImdsError::ErrorResponse(answer) => CredentialsError::provider_error(format!(
            "IMDS answered HTTP {} for {what}",
            answer.response().status().as_u16()
        )),
        ImdsError::FailedToLoadToken(_) => CredentialsError::provider_error(format!(
            "could not get an IMDSv2 session token: {}",
            crate::error::chain_message(&e)
        )),
        _ => CredentialsError::provider_error(format!(
            "could not read {what}: {}",
            crate::error::chain_message(&e)
        )),
    }
}
