//! `credential_source = EcsContainer`: the task role's credentials from the
//! container credentials endpoint, through aws-config's own provider
//! (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `..._FULL_URI`, with
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN` or `..._TOKEN_FILE`), so its rules
//! (which hosts a full URI may name, how the token is sent) are the SDKs'.

use aws_config::ecs::EcsCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::ProvideCredentials;
use serde::{Deserialize, Serialize};

use crate::credentials::Credentials;
use crate::error::{CallFailure, FailureKind};
use crate::link::{self, ConsoleSession, EnvSnapshot, Fetch, Kind, Link};
use crate::runner::Limits;
use crate::runner::file::{self, Follow};
use crate::sts::StsTarget;

/// The link's data: none beyond the endpoint variables in its key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Container;

impl Kind for Container {
    fn kind(&self) -> &'static str {
        "ecs-container"
    }

    fn action(&self) -> &'static str {
        "container credentials"
    }

    fn target(&self) -> &str {
        "container credentials"
    }

    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::Role
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        fetch(cx.sts.limits()).await
    }
}

pub fn link(profile: &str, env: &EnvSnapshot) -> Link<Container> {
    Link {
        profile: profile.to_string(),
        call: Container,
        sts: StsTarget {
            region: "us-east-1".into(),
            endpoint_url: None,
        },
        key: link::endpoint_key("ecs", link::ECS_ENDPOINT_VARS, env),
    }
}

/// The variable that names a file holding the authorization token.
const TOKEN_FILE_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

/// The endpoint the provider calls, for messages.
fn endpoint() -> String {
    let var = crate::settings::env_var;
    match (
        var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
    ) {
        (_, Some(relative)) => format!("http://169.254.170.2{relative}"),
        (Some(full), None) => full,
        (None, None) => "(no AWS_CONTAINER_CREDENTIALS_*_URI set)".into(),
    }
}

/// The provider reads the token file itself, with a blocking read: check
/// it first through the runner's [`file::read`], so that a FIFO or a
/// directory there is an error naming it, not a hang.
async fn fetch(limits: &Limits) -> Result<Credentials, CallFailure> {
    if let Some(path) = crate::settings::env_var(TOKEN_FILE_VAR) {
        file::read(std::path::Path::new(&path), Follow::Links, 16 * 1024).map_err(|e| {
            CallFailure {
                kind: FailureKind::Permanent,
                code: "TokenFileUnreadable".into(),
                message: format!("cannot use {TOKEN_FILE_VAR}: {e}"),
            }
        })?;
    }
    let source = format!("the container credentials endpoint at {}", endpoint());
    crate::runner::provider::credentials(&source, limits, || async {
        EcsCredentialsProvider::builder()
            .configure(
                &ProviderConfig::default().with_http_client(crate::runner::aws::http_client()),
            )
            .build()
            .provide_credentials()
            .await
    })
    .await
}
