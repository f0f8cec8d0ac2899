//! `credential_source = Ec2InstanceMetadata`: the instance role's
//! credentials from IMDSv2, through aws-config's own provider (token, then
//! role name, then credentials; `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, `AWS_EC2_METADATA_DISABLED`),
//! so credbroker talks to IMDS exactly as the SDKs do. The provider is
//! built on a refresh only: a cache hit never pays for its HTTP client.

use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::ProvideCredentials;

use crate::aws_call::Limits;
use crate::cache::Credentials;
use crate::chain::{Call, EnvSnapshot, Hop, StsTarget};
use crate::sts::StsFailure;

/// The variables that decide which endpoint answers, hence the link's key.
pub(crate) const ENDPOINT_VARS: &[&str] = &[
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
];

pub fn link(profile: &str, env: &EnvSnapshot) -> Hop {
    Hop {
        profile: profile.to_string(),
        call: Call::InstanceMetadata,
        sts: StsTarget {
            region: "us-east-1".into(),
            endpoint_url: None,
        },
        key: super::ecs::key_of("imds", ENDPOINT_VARS, env),
    }
}

pub async fn fetch(limits: &Limits) -> Result<Credentials, StsFailure> {
    let provider = ImdsCredentialsProvider::builder()
        .configure(&ProviderConfig::default())
        .build();
    super::from_provider(
        super::within(limits, provider.provide_credentials()).await,
        "the EC2 instance metadata service (IMDSv2)",
    )
}
