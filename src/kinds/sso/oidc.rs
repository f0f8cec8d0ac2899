//! SSO OIDC with the SDK's own client (built on the first call only):
//! refreshing a token, registering a client, the device authorization and
//! authorization code grants. Every token answered becomes a [`TokenFile`]
//! in the AWS CLI's format.

use std::sync::OnceLock;

use aws_sdk_ssooidc::config::Region;
use aws_sdk_ssooidc::operation::create_token::CreateTokenOutput;

use crate::error::CallFailure;
use crate::error::FailureKind;
use crate::kinds::sso::Session;
use crate::kinds::sso::token::{TokenFile, format_time};
use crate::runner::aws::{self, Site, Spends};
use crate::runner::{Limits, scrub};
use crate::secret::Secret;

/// The scope `aws sso login` asks for when the session names none.
pub const DEFAULT_SCOPE: &str = "sso:account:access";

fn client() -> &'static aws_sdk_ssooidc::Client {
    static CLIENT: OnceLock<aws_sdk_ssooidc::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let config = aws_sdk_ssooidc::Config::builder()
            .behavior_version(aws_sdk_ssooidc::config::BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .timeout_config(super::timeouts())
            .http_client(crate::runner::aws::http_client())
            .build();
        aws_sdk_ssooidc::Client::from_conf(config)
    })
}

/// A call's region, endpoint and retries ([`aws::retry`]: `CreateToken`
/// spends a refresh token, a device code or an authorization code, which
/// work once, so it is never retried; the others get the attempts of
/// every AWS call).
fn overrides(
    session: &Session,
    limits: &Limits,
    spends: Spends,
) -> aws_sdk_ssooidc::config::Builder {
    let mut o = aws_sdk_ssooidc::config::Builder::default()
        .region(Region::new(session.region.clone()))
        .retry_config(aws::retry(limits, spends));
    if let Some(url) = &session.oidc_endpoint {
        o = o.endpoint_url(url.clone());
    }
    o
}

fn site(session: &Session, action: &'static str) -> Site {
    Site {
        service: "SSO OIDC",
        action,
        endpoint: base_url(session),
        region: session.region.clone(),
    }
}

/// The OIDC base URL (for `/authorize`).
pub fn base_url(session: &Session) -> String {
    session
        .oidc_endpoint
        .clone()
        .unwrap_or_else(|| format!("https://oidc.{}.amazonaws.com", session.region))
        .trim_end_matches('/')
        .to_string()
}

/// A registered client.
#[derive(Clone)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: Secret,
    /// Unix seconds.
    pub expires_at: i64,
}

/// `CreateToken` with the refresh token of `token`.
pub async fn refresh(
    session: &Session,
    token: &TokenFile,
    now: i64,
    limits: &Limits,
) -> Result<TokenFile, CallFailure> {
    let (Some(refresh), Some((client_id, client_secret))) =
        (&token.refresh_token, token.registration(now))
    else {
        return Err(invalid("the token cannot be refreshed".into()));
    };
    let registration = Registration {
        client_id: client_id.to_string(),
        client_secret: client_secret.clone(),
        expires_at: token
            .registration_expires_at
            .as_deref()
            .and_then(super::token::parse_time)
            .unwrap_or(now),
    };
    let send = client()
        .create_token()
        .client_id(client_id)
        .client_secret(client_secret.expose())
        .grant_type("refresh_token")
        .refresh_token(refresh.expose())
        .customize()
        .config_override(overrides(session, limits, Spends::OneTimeValue))
        .send();
    let out = aws::call(&site(session, "CreateToken"), limits, send)
        .await
        .map_err(|f| {
            let secrets = [refresh, client_secret, &token.access_token];
            scrub(f, &secrets.map(Secret::expose))
        })?;
    let mut new = token_file(session, &registration, out, now)?;
    if new.refresh_token.is_none() {
        new.refresh_token = Some(refresh.clone());
    }
    new.other = token.other.clone();
    Ok(new)
}

/// `RegisterClient`: for the authorization code grant when `redirect_uri`
/// is given, else for the device grant.
pub async fn register(
    session: &Session,
    redirect_uri: Option<&str>,
    limits: &Limits,
) -> Result<Registration, CallFailure> {
    let now = crate::clock::now();
    let mut call = client()
        .register_client()
        .client_name(format!("credbroker-{now}"))
        .client_type("public");
    for scope in scopes(session) {
        call = call.scopes(scope);
    }
    call = match redirect_uri {
        Some(uri) => call
            .grant_types("authorization_code")
            .grant_types("refresh_token")
            .redirect_uris(uri)
            .issuer_url(&session.start_url),
        None => call
            .grant_types("urn:ietf:params:oauth:grant-type:device_code")
            .grant_types("refresh_token"),
    };
    let send = call
        .customize()
        .config_override(overrides(session, limits, Spends::Nothing))
        .send();
    let out = aws::call(&site(session, "RegisterClient"), limits, send).await?;
    match (out.client_id, out.client_secret) {
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => Ok(Registration {
            client_id: id,
            client_secret: Secret::new(secret),
            expires_at: out.client_secret_expires_at,
        }),
        _ => Err(invalid(
            "RegisterClient answered without clientId or clientSecret".into(),
        )),
    }
}

fn scopes(session: &Session) -> Vec<String> {
    match session.scopes.is_empty() {
        true => vec![DEFAULT_SCOPE.to_string()],
        false => session.scopes.clone(),
    }
}

/// What `StartDeviceAuthorization` answered.
pub struct Device {
    pub device_code: Secret,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: i64,
    pub interval: i64,
}

pub async fn start_device(
    session: &Session,
    reg: &Registration,
    limits: &Limits,
) -> Result<Device, CallFailure> {
    let send = client()
        .start_device_authorization()
        .client_id(&reg.client_id)
        .client_secret(reg.client_secret.expose())
        .start_url(&session.start_url)
        .customize()
        .config_override(overrides(session, limits, Spends::Nothing))
        .send();
    let out = aws::call(&site(session, "StartDeviceAuthorization"), limits, send)
        .await
        .map_err(|f| scrub(f, &[reg.client_secret.expose()]))?;
    match (out.device_code, out.user_code, out.verification_uri) {
        (Some(code), Some(user), Some(uri)) => Ok(Device {
            device_code: Secret::new(code),
            user_code: user,
            verification_uri: uri,
            verification_uri_complete: out.verification_uri_complete,
            expires_in: i64::from(out.expires_in),
            interval: i64::from(out.interval),
        }),
        _ => Err(invalid(
            "StartDeviceAuthorization answered without deviceCode, userCode or verificationUri"
                .into(),
        )),
    }
}

/// One poll of the device grant.
pub enum Poll {
    Token(Box<TokenFile>),
    Pending,
    SlowDown,
}

pub async fn poll_device(
    session: &Session,
    reg: &Registration,
    device: &Device,
    limits: &Limits,
) -> Result<Poll, CallFailure> {
    let send = client()
        .create_token()
        .client_id(&reg.client_id)
        .client_secret(reg.client_secret.expose())
        .grant_type("urn:ietf:params:oauth:grant-type:device_code")
        .device_code(device.device_code.expose())
        .customize()
        .config_override(overrides(session, limits, Spends::OneTimeValue))
        .send();
    let sent = aws::call(&site(session, "CreateToken"), limits, send).await;
    match sent {
        Ok(out) => Ok(Poll::Token(Box::new(token_file(
            session,
            reg,
            out,
            crate::clock::now(),
        )?))),
        Err(e) => {
            let f = scrub(
                e,
                &[reg.client_secret.expose(), device.device_code.expose()],
            );
            match f.code.as_str() {
                "AuthorizationPendingException" => Ok(Poll::Pending),
                "SlowDownException" => Ok(Poll::SlowDown),
                _ => Err(f),
            }
        }
    }
}

/// `CreateToken` with an authorization code and its PKCE verifier.
pub async fn exchange_code(
    session: &Session,
    reg: &Registration,
    code: &Secret,
    verifier: &Secret,
    redirect_uri: &str,
    limits: &Limits,
) -> Result<TokenFile, CallFailure> {
    let send = client()
        .create_token()
        .client_id(&reg.client_id)
        .client_secret(reg.client_secret.expose())
        .grant_type("authorization_code")
        .code(code.expose())
        .code_verifier(verifier.expose())
        .redirect_uri(redirect_uri)
        .customize()
        .config_override(overrides(session, limits, Spends::OneTimeValue))
        .send();
    let out = aws::call(&site(session, "CreateToken"), limits, send)
        .await
        .map_err(|f| {
            let secrets = [&reg.client_secret, code, verifier];
            scrub(f, &secrets.map(Secret::expose))
        })?;
    token_file(session, reg, out, crate::clock::now())
}

fn token_file(
    session: &Session,
    reg: &Registration,
    out: CreateTokenOutput,
    now: i64,
) -> Result<TokenFile, CallFailure> {
    let access_token = out.access_token.filter(|t| !t.is_empty());
    let Some(access_token) = access_token.filter(|_| out.expires_in > 0) else {
        return Err(invalid(
            "SSO OIDC CreateToken answered without accessToken or expiresIn".into(),
        ));
    };
    Ok(TokenFile {
        start_url: Some(session.start_url.clone()),
        region: Some(session.region.clone()),
        access_token: Secret::new(access_token),
        expires_at: format_time(now + i64::from(out.expires_in)),
        client_id: Some(reg.client_id.clone()),
        client_secret: Some(reg.client_secret.clone()),
        registration_expires_at: Some(format_time(reg.expires_at)),
        refresh_token: out.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
        other: Default::default(),
    })
}

fn invalid(message: String) -> CallFailure {
    CallFailure {
        kind: FailureKind::Transient,
        code: "InvalidAnswer".into(),
        message,
    }
}
