//! Calls to IAM, for `keys rotate`: a new access key for the user whose
//! key signs the call, and the old key's deletion.
//!
//! As for Organizations (see `organizations.rs`): the client is built on
//! the first call only, every call goes through the runner (deadline,
//! notice, the one retry policy, classification, scrubbing), and the
//! endpoint follows `AWS_ENDPOINT_URL_IAM`, then `AWS_ENDPOINT_URL` (how
//! the tests point it at a local IAM). IAM is global: signed for
//! `us-east-1`.

use std::sync::OnceLock;

use aws_sdk_iam::config::Region;

use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::runner::aws::{self, Site, Spends};
use crate::runner::scrub;
use crate::secret::Secret;
use crate::sts::{self, Sts};

const REGION: &str = "us-east-1";

fn client() -> &'static aws_sdk_iam::Client {
    static CLIENT: OnceLock<aws_sdk_iam::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let config = aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(Region::new(REGION))
            .timeout_config(
                aws_smithy_types::timeout::TimeoutConfig::builder()
                    .connect_timeout(aws::CONNECT_TIMEOUT)
                    .build(),
            )
            .http_client(aws::http_client())
            .build();
        aws_sdk_iam::Client::from_conf(config)
    })
}

/// The endpoint from the environment, if one is set.
pub fn endpoint_from_env() -> Option<String> {
    ["AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|v| crate::settings::env_var_os(v))
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
}

fn endpoint() -> String {
    endpoint_from_env().unwrap_or_else(|| "https://iam.amazonaws.com".into())
}

fn site(action: &'static str) -> Site {
    Site {
        service: "IAM",
        action,
        endpoint: endpoint(),
        region: REGION.into(),
    }
}

fn overrides(credentials: &Credentials, sts: &Sts) -> aws_sdk_iam::config::Builder {
    let builder = aws_sdk_iam::config::Builder::default()
        .region(Region::new(REGION))
        .credentials_provider(sts::provider(credentials))
        .retry_config(aws::retry(sts.limits(), Spends::Nothing));
    match endpoint_from_env() {
        Some(url) => builder.endpoint_url(url),
        None => builder,
    }
}

/// `iam:CreateAccessKey` for the user `credentials` belong to: the new
/// key id and secret.
pub async fn create_access_key(
    credentials: &Credentials,
    sts: &Sts,
) -> Result<(String, Secret), CallFailure> {
    let send = client()
        .create_access_key()
        .customize()
        .config_override(overrides(credentials, sts))
        .send();
    let out = aws::call(&site("CreateAccessKey"), sts.limits(), send)
        .await
        .map_err(|f| scrub(f, &sts::secrets(credentials)))?;
    match out.access_key {
        Some(key) if !key.access_key_id.is_empty() && !key.secret_access_key.is_empty() => {
            Ok((key.access_key_id, Secret::new(key.secret_access_key)))
        }
        _ => Err(CallFailure {
            kind: crate::error::FailureKind::Transient,
            code: "IncompleteAnswer".into(),
            message: format!(
                "IAM CreateAccessKey at {} answered without a key",
                endpoint()
            ),
        }),
    }
}

/// `iam:DeleteAccessKey` of `access_key_id`, signed by `credentials`.
pub async fn delete_access_key(
    credentials: &Credentials,
    sts: &Sts,
    access_key_id: &str,
) -> Result<(), CallFailure> {
    let send = client()
        .delete_access_key()
        .access_key_id(access_key_id)
        .customize()
        .config_override(overrides(credentials, sts))
        .send();
    aws::call(&site("DeleteAccessKey"), sts.limits(), send)
        .await
        .map_err(|f| scrub(f, &sts::secrets(credentials)))?;
    Ok(())
}
