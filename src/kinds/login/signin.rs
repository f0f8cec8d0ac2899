//! AWS Sign-In's `CreateOAuth2Token` (`POST /v1/token`) with the SDK's own
//! client (`aws-sdk-signin`), signed with the token file's DPoP key: the
//! refresh of an `aws login` session, as `aws-config`'s `credentials-login`
//! makes it. The refresh token works once, so the call is never retried.

use aws_sdk_signin::config::Region;
use aws_sdk_signin::types::CreateOAuth2TokenRequestBody;

use super::LoginSession;
use super::dpop;
use super::token::{AccessToken, TokenFile};
use crate::error::{CallFailure, FailureKind};
use crate::kinds::sso::token::format_time;
use crate::runner::aws::{self, Site, Spends};
use crate::runner::{Limits, scrub};
use crate::secret::Secret;

/// Where the refresh goes: the token's `signInRegion` if it names one,
/// else the profile's region; the configured endpoint, else the SDK's.
fn site(session: &LoginSession, region: &str) -> Site {
    Site {
        service: "Sign-In",
        action: "CreateOAuth2Token",
        endpoint: session
            .endpoint
            .clone()
            .unwrap_or_else(|| format!("https://{region}.signin.aws.amazon.com")),
        region: region.to_string(),
    }
}

/// `CreateOAuth2Token` with the refresh token of `token`: the new token,
/// every other field of the old one kept (the DPoP key, the client, the
/// account, the fields credbroker does not know).
pub async fn refresh(
    session: &LoginSession,
    token: &TokenFile,
    now: i64,
    limits: &Limits,
) -> Result<TokenFile, CallFailure> {
    let Some(refresh_token) = &token.refresh_token else {
        return Err(invalid("the token has no refresh token".into()));
    };
    let key = dpop::parse_key(token.dpop_key.expose()).map_err(|reason| CallFailure {
        kind: FailureKind::Permanent,
        code: "InvalidToken".into(),
        message: reason,
    })?;
    let region = token
        .sign_in_region()
        .unwrap_or(&session.region)
        .to_string();
    let site = site(session, &region);
    let mut config = aws_sdk_signin::Config::builder()
        .behavior_version(aws_sdk_signin::config::BehaviorVersion::latest())
        .region(Region::new(region))
        .timeout_config(
            aws_smithy_types::timeout::TimeoutConfig::builder()
                .connect_timeout(aws::CONNECT_TIMEOUT)
                .build(),
        )
        .retry_config(aws::retry(limits, Spends::OneTimeValue))
        .auth_scheme_resolver(dpop::OptionResolver)
        .push_auth_scheme(dpop::Scheme::new(key));
    if let Some(url) = &session.endpoint {
        config = config.endpoint_url(url.clone());
    }
    let client = aws_sdk_signin::Client::from_conf(config.build());
    let body = CreateOAuth2TokenRequestBody::builder()
        .client_id(&token.client_id)
        .grant_type("refresh_token")
        .refresh_token(refresh_token.expose())
        .build()
        .map_err(|_| invalid("the token has no clientId".into()))?;
    let send = client.create_o_auth2_token().token_input(body).send();
    let secrets = [refresh_token.expose(), token.dpop_key.expose()];
    let out = aws::call(&site, limits, send)
        .await
        .map_err(|f| scrub(f, &secrets))?;
    let Some(answer) = out.token_output else {
        return Err(invalid(format!(
            "{} answered without tokenOutput",
            site.describe()
        )));
    };
    let (Some(access), true) = (answer.access_token(), answer.expires_in() > 0) else {
        return Err(invalid(format!(
            "{} answered without accessToken or expiresIn",
            site.describe()
        )));
    };
    let mut new = token.clone();
    new.access_token = AccessToken {
        access_key_id: access.access_key_id().to_string(),
        secret_access_key: Secret::new(access.secret_access_key()),
        session_token: Secret::new(access.session_token()),
        account_id: token.access_token.account_id.clone(),
        expires_at: format_time(now + i64::from(answer.expires_in())),
        other: token.access_token.other.clone(),
    };
    if !answer.refresh_token().is_empty() {
        new.refresh_token = Some(Secret::new(answer.refresh_token()));
    }
    Ok(new)
}

fn invalid(message: String) -> CallFailure {
    CallFailure {
        kind: FailureKind::Transient,
        code: "InvalidAnswer".into(),
        message,
    }
}
