//! An EKS bearer token (`credbroker eks-token`): `k8s-aws-v1.` and the
//! base64url (unpadded) of an STS `GetCallerIdentity` URL presigned for 60
//! seconds (`X-Amz-Expires`) with the signed header `x-k8s-aws-id: <cluster>`,
//! exactly as `aws eks get-token` builds it. EKS forwards the URL to STS to
//! learn who signed it, and accepts the token for 15 minutes after signing.
//!
//! A link whose "credentials" are the token: its parent is the credentials
//! the broker served for the profile (the base of the chain the `eks-token`
//! command builds on them), and the broker runs the same protocol around it
//! as around any link (single flight, lock, re-check, generation), so any
//! number of processes sign one token and the rest read it from the cache.
//! Signing is local: the SDK's SigV4 signer, no network call, no STS client.
//!
//! In the cache, the token is the `session_token` of [`Credentials`] whose
//! `access_key_id` is the signing key id and whose secret is empty. It is
//! valid until [`TOKEN_LIFETIME`] after signing (what the AWS CLI states), or
//! until the signing credentials expire, whichever comes first. Its key holds
//! what selects it: the cluster, the region, the STS endpoint and the signing
//! key id (new credentials, a new token).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use aws_sdk_sts::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign,
};
use serde::{Deserialize, Serialize};

use crate::credentials::Credentials;
use crate::error::{CallFailure, FailureKind};
use crate::link::{self, Fetch, Kind, Link};
use crate::secret::Secret;
use crate::sts::StsTarget;

/// What precedes the encoded URL in a token.
pub const TOKEN_PREFIX: &str = "k8s-aws-v1.";
/// The header that binds a token to one cluster.
pub const CLUSTER_HEADER: &str = "x-k8s-aws-id";
/// How long the presigned URL itself is valid (`X-Amz-Expires`).
pub const URL_EXPIRES: Duration = Duration::from_secs(60);
/// How long a token is used after signing: EKS accepts it for 15 minutes,
/// and the AWS CLI states 14 in `expirationTimestamp`.
pub const TOKEN_LIFETIME: i64 = 14 * 60;
/// Served while at least this is left; below it a new one is signed.
pub const TOKEN_FLOOR: Duration = Duration::from_secs(60);

/// The query of the presigned call, before the signature's parameters.
const QUERY: &str = "Action=GetCallerIdentity&Version=2011-06-15";

/// A token for one cluster, signed by the chain's base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EksToken {
    pub cluster: String,
    /// `EKS token for <cluster> in <region>`, for labels and listings.
    pub target: String,
}

impl Kind for EksToken {
    fn kind(&self) -> &'static str {
        "eks-token"
    }

    fn action(&self) -> &'static str {
        "EKS token signing"
    }

    fn target(&self) -> &str {
        &self.target
    }

    fn needs_parent(&self) -> bool {
        true
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        let signer = cx.parent(self.action())?;
        let now = crate::clock::now();
        let endpoint = endpoint(cx.sts_target).await?;
        let url = presign(signer, &self.cluster, &cx.sts_target.region, &endpoint, now)?;
        Ok(Credentials {
            access_key_id: signer.access_key_id.clone(),
            secret_access_key: Secret::new(""),
            session_token: Some(Secret::new(token(&url))),
            expiration: Some(
                signer
                    .expiration
                    .map_or(now + TOKEN_LIFETIME, |e| e.min(now + TOKEN_LIFETIME)),
            ),
            issued_at: Some(now),
        })
    }
}

/// The token link of `cluster` for profile `profile`, signed in `sts`'s
/// region for its endpoint by the credentials with key id `signer`.
pub fn link(profile: &str, cluster: &str, sts: StsTarget, signer: &str) -> Link<EksToken> {
    let key = link::hash(&[
        "eks-token",
        cluster,
        &sts.region,
        sts.endpoint_url.as_deref().unwrap_or(""),
        signer,
    ]);
    Link {
        profile: profile.to_string(),
        call: EksToken {
            cluster: cluster.to_string(),
            target: format!("EKS token for {cluster} in {}", sts.region),
        },
        sts,
        key,
    }
}

/// The token held by credentials of this kind, if they hold one.
pub fn token_of(credentials: &Credentials) -> Option<&str> {
    credentials
        .session_token
        .as_ref()
        .map(Secret::expose)
        .filter(|t| t.starts_with(TOKEN_PREFIX))
}

/// The token that carries `url`.
pub fn token(url: &str) -> String {
    let encoded = aws_smithy_types::base64::encode(url.as_bytes());
    let url_safe: String = encoded
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    format!("{TOKEN_PREFIX}{url_safe}")
}

/// The STS endpoint of `target` by the SDK's rules (its own resolver: the
/// partition's host for the region, or the configured endpoint).
async fn endpoint(target: &StsTarget) -> Result<String, CallFailure> {
    let params = Params::builder()
        .region(target.region.clone())
        .set_endpoint(target.endpoint_url.clone())
        .use_fips(false)
        .use_dual_stack(false)
        .use_global_endpoint(false)
        .build()
        .map_err(|e| invalid_endpoint(target, &e.to_string()))?;
    let resolved = DefaultResolver::new()
        .resolve_endpoint(&params)
        .await
        .map_err(|e| invalid_endpoint(target, &e.to_string()))?;
    Ok(resolved.url().to_string())
}

fn invalid_endpoint(target: &StsTarget, why: &str) -> CallFailure {
    CallFailure {
        kind: FailureKind::Permanent,
        code: "InvalidEndpoint".into(),
        message: format!(
            "no STS endpoint for region `{}`{}: {why}",
            target.region,
            target
                .endpoint_url
                .as_deref()
                .map(|u| format!(" and endpoint `{u}`"))
                .unwrap_or_default()
        ),
    }
}

/// `GET <endpoint>?Action=GetCallerIdentity&Version=2011-06-15` presigned at
/// `now` with `signer`, the cluster in the signed `x-k8s-aws-id` header,
/// as botocore presigns it: the endpoint's own path (`/` when it has none),
/// the call's parameters, the signature's parameters in botocore's order,
/// the empty body's hash as the payload's (only S3 presigns
/// `UNSIGNED-PAYLOAD`).
pub fn presign(
    signer: &Credentials,
    cluster: &str,
    region: &str,
    endpoint: &str,
    now: i64,
) -> Result<String, CallFailure> {
    let base = request_base(endpoint).ok_or_else(|| CallFailure {
        kind: FailureKind::Permanent,
        code: "InvalidEndpoint".into(),
        message: format!("`{endpoint}` is not an http(s) URL with a host"),
    })?;
    let unsigned = format!("{base}?{QUERY}");
    let signing_failed = |e: &dyn std::fmt::Display| CallFailure {
        kind: FailureKind::Permanent,
        code: "SigningFailed".into(),
        message: e.to_string(),
    };
    let request = SignableRequest::new(
        "GET",
        unsigned.as_str(),
        [(CLUSTER_HEADER, cluster)].into_iter(),
        SignableBody::empty(),
    )
    .map_err(|e| signing_failed(&e))?;
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(URL_EXPIRES);
    let identity = crate::sts::provider(signer).into();
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(now).unwrap_or(0));
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("sts")
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| signing_failed(&e))?
        .into();
    let (instructions, _) = sign(request, &params)
        .map_err(|e| signing_failed(&e))?
        .into_parts();
    let (_, signed) = instructions.into_parts();
    Ok(with_params(unsigned, signed))
}

/// `url` with the signature's parameters appended, the signature last.
fn with_params(mut url: String, params: Vec<(&'static str, Cow<'static, str>)>) -> String {
    let (signature, rest): (Vec<_>, Vec<_>) = params
        .into_iter()
        .partition(|(name, _)| *name == "X-Amz-Signature");
    let order = |name: &str| {
        [
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Security-Token",
        ]
        .iter()
        .position(|n| *n == name)
        .unwrap_or(usize::MAX)
    };
    let mut rest = rest;
    rest.sort_by_key(|(name, _)| order(name));
    for (name, value) in rest.into_iter().chain(signature) {
        url.push('&');
        url.push_str(name);
        url.push('=');
        url.push_str(&percent_encode(&value));
    }
    url
}

/// `scheme://authority/path` of `endpoint`, its path `/` when it has none
/// (as botocore joins an endpoint and the call's path `/`); `None` unless it
/// is an http(s) URL with a host and no query or fragment.
fn request_base(endpoint: &str) -> Option<String> {
    let (scheme, rest) = endpoint.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host_ok = |c: char| c.is_ascii_alphanumeric() || "-.:[]".contains(c);
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    if host.is_empty() || !authority.chars().all(host_ok) {
        return None;
    }
    if path.contains(['?', '#']) || path.chars().any(|c| c.is_control() || c == ' ') {
        return None;
    }
    let path = if path.is_empty() { "/" } else { path };
    Some(format!("{scheme}://{authority}{path}"))
}

/// RFC 3986 percent-encoding of everything but the unreserved characters,
/// as SigV4 (and botocore) encode query values.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(token: Option<&str>) -> Credentials {
        Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            session_token: token.map(Secret::new),
            expiration: None,
            issued_at: None,
        }
    }

    /// 2015-08-30T12:36:00Z, the time of the SigV4 test suite.
    const T: i64 = 1_440_938_160;

    #[test]
    fn the_url_has_botocores_shape() {
        let url = presign(
            &signer(Some("tok/en+=")),
            "demo",
            "eu-west-1",
            "https://sts.eu-west-1.amazonaws.com",
            T,
        )
        .unwrap();
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "https://sts.eu-west-1.amazonaws.com/");
        let names: Vec<&str> = query
            .split('&')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            names,
            [
                "Action",
                "Version",
                "X-Amz-Algorithm",
                "X-Amz-Credential",
                "X-Amz-Date",
                "X-Amz-Expires",
                "X-Amz-SignedHeaders",
                "X-Amz-Security-Token",
                "X-Amz-Signature"
            ]
        );
        for expected in [
            "X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Feu-west-1%2Fsts%2Faws4_request",
            "X-Amz-Date=20150830T123600Z",
            "X-Amz-Expires=60",
            "X-Amz-SignedHeaders=host%3Bx-k8s-aws-id",
            "X-Amz-Security-Token=tok%2Fen%2B%3D",
        ] {
            assert!(query.split('&').any(|p| p == expected), "{expected}");
        }
    }

    #[test]
    fn an_endpoint_keeps_its_path_and_gets_slash_without_one() {
        let cases = [
            (
                "https://sts.amazonaws.com",
                Some("https://sts.amazonaws.com/"),
            ),
            (
                "http://127.0.0.1:4566/ns/a",
                Some("http://127.0.0.1:4566/ns/a"),
            ),
            (
                "http://127.0.0.1:4566/ns/a/",
                Some("http://127.0.0.1:4566/ns/a/"),
            ),
            ("http://[::1]:80", Some("http://[::1]:80/")),
            ("ftp://x", None),
            ("http://", None),
            ("http://:80/", None),
            ("http://a b/", None),
            ("http://h/?q=1", None),
        ];
        for (endpoint, want) in cases {
            assert_eq!(request_base(endpoint).as_deref(), want, "{endpoint}");
        }
    }

    #[test]
    fn the_token_is_unpadded_base64url_of_the_url() {
        // "??>" encodes to "Pz8+" in standard base64.
        assert_eq!(token("??>"), "k8s-aws-v1.Pz8-");
        assert_eq!(token("?"), "k8s-aws-v1.Pw");
        assert_eq!(token("??"), "k8s-aws-v1.Pz8");
    }

    #[test]
    fn the_key_changes_with_everything_that_selects_the_token() {
        let sts = |region: &str, url: Option<&str>| StsTarget {
            region: region.into(),
            endpoint_url: url.map(str::to_string),
        };
        let base = link("p", "demo", sts("eu-west-1", None), "ASIA1").key;
        for other in [
            link("p", "other", sts("eu-west-1", None), "ASIA1"),
            link("p", "demo", sts("us-east-1", None), "ASIA1"),
            link("p", "demo", sts("eu-west-1", Some("http://x")), "ASIA1"),
            link("p", "demo", sts("eu-west-1", None), "ASIA2"),
        ] {
            assert_ne!(other.key, base, "{:?}", other.call);
        }
        assert_eq!(link("q", "demo", sts("eu-west-1", None), "ASIA1").key, base);
    }
}
