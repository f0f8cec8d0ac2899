//! Calls to AWS Organizations, for `batch --org`: the active accounts of
//! the organization, or of an organizational unit and the units under it.
//!
//! The client is built on the first call only, so nothing of it is on the
//! credential path; every call goes through the runner (deadline, notice,
//! the one retry policy, classification) and is paced by the shared
//! throttle ([`Sts::paced`]). Its endpoint follows
//! `AWS_ENDPOINT_URL_ORGANIZATIONS`, then `AWS_ENDPOINT_URL` (how the tests
//! point it at a local Organizations).

use std::sync::OnceLock;

use aws_sdk_organizations::config::Region;
use aws_sdk_organizations::types::{AccountStatus, ChildType};

use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::runner::aws::{self, Site, Spends};
use crate::runner::scrub;
use crate::sts::{self, Sts};

/// An account of the organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgAccount {
    pub id: String,
    pub name: String,
}

/// Where the calls go: the signing credentials' region, and the endpoint.
pub struct Target<'a> {
    pub credentials: &'a Credentials,
    pub region: String,
    pub endpoint_url: Option<String>,
}

fn client() -> &'static aws_sdk_organizations::Client {
    static CLIENT: OnceLock<aws_sdk_organizations::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let config = aws_sdk_organizations::Config::builder()
            .behavior_version(aws_sdk_organizations::config::BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .timeout_config(
                aws_smithy_types::timeout::TimeoutConfig::builder()
                    .connect_timeout(aws::CONNECT_TIMEOUT)
                    .build(),
            )
            .build();
        aws_sdk_organizations::Client::from_conf(config)
    })
}

/// The endpoint from the environment, if one is set.
pub fn endpoint_from_env() -> Option<String> {
    ["AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|v| crate::settings::env_var_os(v))
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
}

fn site(target: &Target, action: &'static str) -> Site {
    Site {
        service: "Organizations",
        action,
        endpoint: target
            .endpoint_url
            .clone()
            .unwrap_or_else(|| "https://organizations.us-east-1.amazonaws.com".into()),
        region: target.region.clone(),
    }
}

fn overrides(target: &Target, sts: &Sts) -> aws_sdk_organizations::config::Builder {
    let builder = aws_sdk_organizations::config::Builder::default()
        .region(Region::new(target.region.clone()))
        .credentials_provider(sts::provider(target.credentials))
        .retry_config(aws::retry(sts.limits(), Spends::Nothing));
    match &target.endpoint_url {
        Some(url) => builder.endpoint_url(url.clone()),
        None => builder,
    }
}

/// The active accounts: of the whole organization, or of `ou` and every
/// unit under it. Sorted by id.
pub async fn active_accounts(
    target: &Target<'_>,
    sts: &Sts,
    ou: Option<&str>,
) -> Result<Vec<OrgAccount>, CallFailure> {
    let mut out = match ou {
        None => list_accounts(target, sts, None).await?,
        Some(ou) => {
            let mut out = Vec::new();
            let mut parents = vec![ou.to_string()];
            while let Some(parent) = parents.pop() {
                out.extend(list_accounts(target, sts, Some(&parent)).await?);
                parents.extend(child_units(target, sts, &parent).await?);
            }
            out
        }
    };
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup();
    Ok(out)
}

/// `ListAccounts` (no parent) or `ListAccountsForParent`, every page; the
/// active accounts only.
async fn list_accounts(
    target: &Target<'_>,
    sts: &Sts,
    parent: Option<&str>,
) -> Result<Vec<OrgAccount>, CallFailure> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page = sts
            .paced("Organizations", || async {
                let (accounts, after) = match parent {
                    None => {
                        let send = client()
                            .list_accounts()
                            .set_next_token(next.clone())
                            .customize()
                            .config_override(overrides(target, sts))
                            .send();
                        let o = call(target, sts, "ListAccounts", send).await?;
                        (o.accounts.unwrap_or_default(), o.next_token)
                    }
                    Some(parent) => {
                        let send = client()
                            .list_accounts_for_parent()
                            .parent_id(parent)
                            .set_next_token(next.clone())
                            .customize()
                            .config_override(overrides(target, sts))
                            .send();
                        let o = call(target, sts, "ListAccountsForParent", send).await?;
                        (o.accounts.unwrap_or_default(), o.next_token)
                    }
                };
                Ok((accounts, after))
            })
            .await?;
        let (accounts, after) = page;
        #[allow(deprecated, reason = "`state` is newer than what moto answers")]
        out.extend(
            accounts
                .into_iter()
                .filter(|a| a.status() == Some(&AccountStatus::Active))
                .map(|a| OrgAccount {
                    id: a.id().unwrap_or_default().to_string(),
                    name: a.name().unwrap_or_default().to_string(),
                }),
        );
        match after {
            Some(token) if !token.is_empty() => next = Some(token),
            _ => return Ok(out),
        }
    }
}

/// The organizational units directly under `parent`, every page.
async fn child_units(
    target: &Target<'_>,
    sts: &Sts,
    parent: &str,
) -> Result<Vec<String>, CallFailure> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let (children, after) = sts
            .paced("Organizations", || async {
                let send = client()
                    .list_children()
                    .parent_id(parent)
                    .child_type(ChildType::OrganizationalUnit)
                    .set_next_token(next.clone())
                    .customize()
                    .config_override(overrides(target, sts))
                    .send();
                let o = call(target, sts, "ListChildren", send).await?;
                Ok((o.children.unwrap_or_default(), o.next_token))
            })
            .await?;
        out.extend(children.into_iter().filter_map(|c| c.id));
        match after {
            Some(token) if !token.is_empty() => next = Some(token),
            _ => return Ok(out),
        }
    }
}

async fn call<T, E>(
    target: &Target<'_>,
    sts: &Sts,
    action: &'static str,
    send: impl std::future::Future<
        Output = Result<
            T,
            aws_smithy_runtime_api::client::result::SdkError<
                E,
                aws_smithy_runtime_api::client::orchestrator::HttpResponse,
            >,
        >,
    >,
) -> Result<T, CallFailure>
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
{
    aws::call(&site(target, action), sts.limits(), send)
        .await
        .map_err(|f| scrub(f, &sts::secrets(target.credentials)))
}
