//! The SSO portal's `GetRoleCredentials`, `ListAccounts` and
//! `ListAccountRoles` (one page each), with the SDK's own client (built on
//! the first call only), on the runner's retry policy.

use std::sync::OnceLock;

use aws_sdk_sso::config::Region;

use crate::answer::{Answer, Expect};
use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::error::FailureKind;
use crate::kinds::sso::{LOGIN_REQUIRED, Session, SsoRole};
use crate::runner::aws::{self, DateProbe, Site, Spends};
use crate::runner::{Limits, scrub};
use crate::secret::Secret;

fn client() -> &'static aws_sdk_sso::Client {
    static CLIENT: OnceLock<aws_sdk_sso::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let config = aws_sdk_sso::Config::builder()
            .behavior_version(aws_sdk_sso::config::BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .timeout_config(super::timeouts())
            .build();
        aws_sdk_sso::Client::from_conf(config)
    })
}

/// Role credentials for `role`, with the sign-in `access_token`.
pub async fn role_credentials(
    role: &SsoRole,
    access_token: &Secret,
    limits: &Limits,
) -> Result<Credentials, CallFailure> {
    let session = &role.session;
    let site = site(session, "GetRoleCredentials");
    let probe = DateProbe::default();
    let send = client()
        .get_role_credentials()
        .role_name(&role.role_name)
        .account_id(&role.account_id)
        .access_token(access_token.expose())
        .customize()
        .config_override(overrides(session, limits))
        .interceptor(probe.clone())
        .send();
    let output = aws::call(&site, limits, send)
        .await
        .map_err(|f| refused(session, f, access_token))?;
    let answer = output
        .role_credentials
        .map_or_else(Answer::default, |c| Answer {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_access_key,
            session_token: c.session_token,
            // Milliseconds since the epoch.
            expiration: Some(c.expiration / 1000),
        });
    site.validate(answer, Expect::Temporary, &probe)
}

/// Where a portal call goes, for notices and errors.
fn site(session: &Session, action: &'static str) -> Site {
    Site {
        service: "SSO",
        action,
        endpoint: session
            .portal_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://portal.sso.{}.amazonaws.com", session.region)),
        region: session.region.clone(),
    }
}

/// The per-call configuration of a portal call: the session's region and
/// portal, the one retry policy.
fn overrides(session: &Session, limits: &Limits) -> aws_sdk_sso::config::Builder {
    let overrides = aws_sdk_sso::config::Builder::default()
        .region(Region::new(session.region.clone()))
        .retry_config(aws::retry(limits, Spends::Nothing));
    match &session.portal_endpoint {
        Some(url) => overrides.endpoint_url(url.clone()),
        None => overrides,
    }
}

/// A failure without the token in it; a refused sign-in says how to sign in.
fn refused(session: &Session, f: CallFailure, access_token: &Secret) -> CallFailure {
    let f = scrub(f, &[access_token.expose()]);
    match f.code.as_str() {
        // The portal no longer accepts the sign-in (revoked, expired).
        "UnauthorizedException" => CallFailure {
            kind: FailureKind::Permanent,
            code: LOGIN_REQUIRED.into(),
            message: format!(
                "the SSO portal refused the sign-in of {} ({}: {}); {}",
                session.describe(),
                f.code,
                f.message,
                session.login_hint()
            ),
        },
        _ => f,
    }
}

/// One account as `ListAccounts` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountInfo {
    pub account_id: String,
    pub account_name: String,
    pub email: String,
}

/// One page of `ListAccounts` after `next_token`: the accounts, and the
/// token of the next page.
pub async fn list_accounts(
    session: &Session,
    access_token: &Secret,
    next_token: Option<&str>,
    limits: &Limits,
) -> Result<(Vec<AccountInfo>, Option<String>), CallFailure> {
    let site = site(session, "ListAccounts");
    let send = client()
        .list_accounts()
        .access_token(access_token.expose())
        .max_results(PAGE)
        .set_next_token(next_token.map(str::to_string))
        .customize()
        .config_override(overrides(session, limits))
        .send();
    let output = aws::call(&site, limits, send)
        .await
        .map_err(|f| refused(session, f, access_token))?;
    let accounts = output
        .account_list()
        .iter()
        .map(|a| AccountInfo {
            account_id: a.account_id().unwrap_or_default().to_string(),
            account_name: a.account_name().unwrap_or_default().to_string(),
            email: a.email_address().unwrap_or_default().to_string(),
        })
        .collect();
    Ok((accounts, output.next_token().map(str::to_string)))
}

/// One page of `ListAccountRoles` for `account_id` after `next_token`: the
/// role names, and the token of the next page.
pub async fn list_account_roles(
    session: &Session,
    access_token: &Secret,
    account_id: &str,
    next_token: Option<&str>,
    limits: &Limits,
) -> Result<(Vec<String>, Option<String>), CallFailure> {
    let site = site(session, "ListAccountRoles");
    let send = client()
        .list_account_roles()
        .access_token(access_token.expose())
        .account_id(account_id)
        .max_results(PAGE)
        .set_next_token(next_token.map(str::to_string))
        .customize()
        .config_override(overrides(session, limits))
        .send();
    let output = aws::call(&site, limits, send)
        .await
        .map_err(|f| refused(session, f, access_token))?;
    let roles = output
        .role_list()
        .iter()
        .filter_map(|r| r.role_name().map(str::to_string))
        .collect();
    Ok((roles, output.next_token().map(str::to_string)))
}

/// The page size asked for (the portal may answer fewer).
const PAGE: i32 = 100;
