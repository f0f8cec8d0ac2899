//! The DPoP proof (RFC 9449) that signs a `CreateOAuth2Token` call with the
//! token file's key, as `aws-config`'s `credentials-login` builds it (its
//! pieces are private to it, so they are repeated here): a JWT with header
//! `{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","x","y","crv":"P-256"}}`
//! and payload `{"jti","htm":"POST","htu":<the request URL>,"iat"}`, signed
//! ES256, sent as the `DPoP` header by an SDK auth scheme.

use std::sync::{Arc, LazyLock};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::auth::{
    AuthScheme, AuthSchemeEndpointConfig, AuthSchemeId, AuthSchemeOption, AuthSchemeOptionsFuture,
    Sign,
};
use aws_smithy_runtime_api::client::identity::{
    Identity, IdentityCacheLocation, IdentityCachePartition, IdentityFuture, ResolveIdentity,
    SharedIdentityResolver,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::{GetIdentityResolver, RuntimeComponents};
use aws_smithy_types::config_bag::ConfigBag;
use p256::SecretKey;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;

/// The key in the token file's `dpopKey` (SEC1 PEM), or why not (never
/// the key itself).
pub fn parse_key(pem: &str) -> Result<SecretKey, String> {
    SecretKey::from_sec1_pem(&pem.replace("\\n", "\n"))
        .map_err(|_| "its dpopKey is not a P-256 private key in SEC1 PEM".to_string())
}

fn b64url(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

/// The proof for a POST to `url` at `iat` (Unix seconds).
pub fn proof(key: &SecretKey, url: &str, iat: u64) -> String {
    let point = key.public_key().to_encoded_point(false);
    let (x, y) = (
        b64url(point.x().map(|x| x.as_slice()).unwrap_or_default()),
        b64url(point.y().map(|y| y.as_slice()).unwrap_or_default()),
    );
    let header = serde_json::json!({
        "typ": "dpop+jwt",
        "alg": "ES256",
        "jwk": {"kty": "EC", "x": x, "y": y, "crv": "P-256"},
    });
    let mut jti = [0u8; 16];
    getrandom::fill(&mut jti).expect("the OS's random source");
    // A UUID v4, as the SDK's.
    jti[6] = (jti[6] & 0x0f) | 0x40;
    jti[8] = (jti[8] & 0x3f) | 0x80;
    let hex: String = jti.iter().map(|b| format!("{b:02x}")).collect();
    let jti = format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    );
    let payload = serde_json::json!({"jti": jti, "htm": "POST", "htu": url, "iat": iat});
    let message = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(payload.to_string().as_bytes())
    );
    let signature: Signature = SigningKey::from(key).sign(message.as_bytes());
    format!("{message}.{}", b64url(&signature.to_bytes()))
}

const SCHEME_ID: AuthSchemeId = AuthSchemeId::new("dpop");

/// Every call of the client is signed with DPoP.
#[derive(Debug, Default)]
pub struct OptionResolver;

impl aws_sdk_signin::config::auth::ResolveAuthScheme for OptionResolver {
    fn resolve_auth_scheme<'a>(
        &'a self,
        _params: &'a aws_sdk_signin::config::auth::Params,
        _cfg: &'a ConfigBag,
        _runtime_components: &'a RuntimeComponents,
    ) -> AuthSchemeOptionsFuture<'a> {
        let options = vec![
            AuthSchemeOption::builder()
                .scheme_id(SCHEME_ID)
                .build()
                .expect("a scheme id is all an option needs"),
        ];
        AuthSchemeOptionsFuture::ready(Ok(options))
    }
}

/// The DPoP auth scheme with the token file's key as its identity.
#[derive(Debug)]
pub struct Scheme {
    signer: DpopSigner,
    key: Arc<SecretKey>,
}

impl Scheme {
    pub fn new(key: SecretKey) -> Self {
        Self {
            signer: DpopSigner,
            key: Arc::new(key),
        }
    }
}

impl AuthScheme for Scheme {
    fn scheme_id(&self) -> AuthSchemeId {
        SCHEME_ID
    }

    fn identity_resolver(&self, _: &dyn GetIdentityResolver) -> Option<SharedIdentityResolver> {
        Some(SharedIdentityResolver::new(KeyResolver(self.key.clone())))
    }

    fn signer(&self) -> &dyn Sign {
        &self.signer
    }
}

#[derive(Debug)]
struct KeyResolver(Arc<SecretKey>);

#[derive(Debug)]
struct Key(Arc<SecretKey>);

/// Not cached by the SDK: one partition for every resolver, as the SDK's.
static PARTITION: LazyLock<IdentityCachePartition> = LazyLock::new(IdentityCachePartition::new);

impl ResolveIdentity for KeyResolver {
    fn resolve_identity<'a>(
        &'a self,
        _: &'a RuntimeComponents,
        _: &'a ConfigBag,
    ) -> IdentityFuture<'a> {
        IdentityFuture::ready(Ok(Identity::new(Key(self.0.clone()), None)))
    }

    fn cache_location(&self) -> IdentityCacheLocation {
        IdentityCacheLocation::IdentityResolver
    }

    fn cache_partition(&self) -> Option<IdentityCachePartition> {
        Some(*PARTITION)
    }
}

#[derive(Debug, Default)]
struct DpopSigner;

impl Sign for DpopSigner {
    fn sign_http_request(
        &self,
        request: &mut HttpRequest,
        identity: &Identity,
        _: AuthSchemeEndpointConfig<'_>,
        _: &RuntimeComponents,
        _: &ConfigBag,
    ) -> Result<(), BoxError> {
        let key = identity
            .data::<Key>()
            .ok_or("the DPoP signer was given another identity than its key")?;
        let iat = crate::clock::now().max(0) as u64;
        let proof = proof(&key.0, request.uri(), iat);
        request.headers_mut().insert("DPoP", proof);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;

    const TEST_KEY: &str = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBMB/RwQERsVoqWRQG4zK8CnaAa5dfrpbm+9tFdBh3z4oAoGCCqGSM49\nAwEHoUQDQgAEWb1VLi1EA2hJaTz4yYuxSELvY+1GAfL+8rUTCAdiFid87Bf6GY+s\n2+1RpqDv0RpZiDIMCrZrsAh+RK9S3QCaGA==\n-----END EC PRIVATE KEY-----\n";

    fn unb64(s: &str) -> Vec<u8> {
        let std = s.replace('-', "+").replace('_', "/");
        let pad = "=".repeat((4 - std.len() % 4) % 4);
        aws_smithy_types::base64::decode(format!("{std}{pad}")).unwrap()
    }

    #[test]
    fn the_proof_verifies_with_the_key_in_its_header() {
        let key = parse_key(TEST_KEY).unwrap();
        let p = proof(&key, "https://signin.example/v1/token", 1_763_510_400);
        let parts: Vec<&str> = p.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value = serde_json::from_slice(&unb64(parts[0])).unwrap();
        let payload: serde_json::Value = serde_json::from_slice(&unb64(parts[1])).unwrap();
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["jwk"]["crv"], "P-256");
        assert_eq!(payload["htm"], "POST");
        assert_eq!(payload["htu"], "https://signin.example/v1/token");
        assert_eq!(payload["iat"], 1_763_510_400);
        assert_eq!(payload["jti"].as_str().unwrap().len(), 36);
        let mut point = vec![4u8];
        point.extend(unb64(header["jwk"]["x"].as_str().unwrap()));
        point.extend(unb64(header["jwk"]["y"].as_str().unwrap()));
        let verifying = VerifyingKey::from_sec1_bytes(&point).unwrap();
        let signature = Signature::from_slice(&unb64(parts[2])).unwrap();
        let message = format!("{}.{}", parts[0], parts[1]);
        verifying.verify(message.as_bytes(), &signature).unwrap();
        assert!(parse_key("not a key").is_err());
    }
}
