//! The SSO portal's `GetRoleCredentials`, with the SDK's own client
//! (built on the first call only), on the runner's retry policy.

use std::sync::OnceLock;

use aws_sdk_sso::config::Region;

use crate::answer::{Answer, Expect};
use crate::credentials::Credentials;
use crate::error::CallFailure;
use crate::error::FailureKind;
use crate::kinds::sso::{LOGIN_REQUIRED, SsoRole};
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
            .interceptor(crate::runner::aws::ShallowAnswers)
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
    let site = Site {
        service: "SSO",
        action: "GetRoleCredentials",
        endpoint: session
            .portal_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://portal.sso.{}.amazonaws.com", session.region)),
        region: session.region.clone(),
    };
    let probe = DateProbe::default();
    let mut overrides = aws_sdk_sso::config::Builder::default()
        .region(Region::new(session.region.clone()))
        .retry_config(aws::retry(limits, Spends::Nothing));
    if let Some(url) = &session.portal_endpoint {
        overrides = overrides.endpoint_url(url.clone());
    }
    let send = client()
        .get_role_credentials()
        .role_name(&role.role_name)
        .account_id(&role.account_id)
        .access_token(access_token.expose())
        .customize()
        .config_override(overrides)
        .interceptor(probe.clone())
        .send();
    let output = aws::call(&site, limits, send)
        .await
        .map_err(|f| scrub(f, &[access_token.expose()]))
        .map_err(|f| match f.code.as_str() {
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
        })?;
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
