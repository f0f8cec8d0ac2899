//! `credential_source = EcsContainer`: the task role's credentials from the
//! container credentials endpoint, through aws-config's own provider
//! (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `..._FULL_URI`, with
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN` or `..._TOKEN_FILE`), so its rules
//! (which hosts a full URI may name, how the token is sent) are the SDKs'.

use aws_config::ecs::EcsCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::ProvideCredentials;

use crate::aws_call::Limits;
use crate::cache::Credentials;
use crate::chain::{Call, EnvSnapshot, Hop, StsTarget};
use crate::sts::StsFailure;

/// The variables that decide which endpoint answers, hence the link's key
/// (not the authorization token: it is a secret, and does not change whose
/// credentials come back).
pub(crate) const ENDPOINT_VARS: &[&str] = &[
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

pub fn link(profile: &str, env: &EnvSnapshot) -> Hop {
    Hop {
        profile: profile.to_string(),
        call: Call::Container,
        sts: StsTarget {
            region: "us-east-1".into(),
            endpoint_url: None,
        },
        key: key_of("ecs", ENDPOINT_VARS, env),
    }
}

/// A key from a kind and the values of the variables that locate it (as
/// captured in the [`EnvSnapshot`], so the memo of resolved chains sees
/// them).
pub(super) fn key_of(kind: &str, vars: &[&str], env: &EnvSnapshot) -> String {
    let mut parts = vec![kind];
    parts.extend(
        vars.iter()
            .map(|v| env.source_endpoints.get(v).map_or("", String::as_str)),
    );
    crate::chain::hash(&parts)
}

pub async fn fetch(limits: &Limits) -> Result<Credentials, StsFailure> {
    let provider = EcsCredentialsProvider::builder()
        .configure(&ProviderConfig::default())
        .build();
    super::from_provider(
        super::within(limits, provider.provide_credentials()).await,
        "the container credentials endpoint",
    )
}
