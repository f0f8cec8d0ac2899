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
use crate::error::CallFailure;
use crate::link::{self, EnvSnapshot, Fetch, Kind, Link};
use crate::runner::aws::Limits;
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

async fn fetch(limits: &Limits) -> Result<Credentials, CallFailure> {
    let provider = EcsCredentialsProvider::builder()
        .configure(&ProviderConfig::default())
        .build();
    crate::runner::provider::from_provider(
        crate::runner::provider::within(limits, provider.provide_credentials()).await,
        "the container credentials endpoint",
    )
}
