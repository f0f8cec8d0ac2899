//! `credential_source = Ec2InstanceMetadata`: the instance role's
//! credentials from IMDSv2, through aws-config's own provider (token, then
//! role name, then credentials; `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, `AWS_EC2_METADATA_DISABLED`),
//! so credbroker talks to IMDS exactly as the SDKs do. The provider is
//! built on a refresh only: a cache hit never pays for its HTTP client.

use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::ProvideCredentials;
use serde::{Deserialize, Serialize};

use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::link::{self, EnvSnapshot, Fetch, Kind, Link, SignIn};
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

    fn sign_in(&self) -> SignIn {
        SignIn::Role
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

/// The provider runs through the runner, which contains its panics (it
/// panics on a role name that is not a URL path).
async fn fetch(limits: &Limits) -> Result<Credentials, CallFailure> {
    let source = format!("the EC2 instance metadata service at {}", endpoint());
    crate::runner::provider::credentials(&source, limits, || async {
        ImdsCredentialsProvider::builder()
            .configure(&ProviderConfig::default())
            .build()
            .provide_credentials()
            .await
    })
    .await
}
