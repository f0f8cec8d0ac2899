//! What every link kind is made of, below the kinds themselves: the
//! environment resolution reads ([`EnvSnapshot`]), a link's shape
//! ([`Link`]), the interface each kind implements ([`Kind`]) with what a
//! refresh is given ([`Fetch`]), endpoint precedence, and cache keys.
//!
//! Adding a kind: write `src/kinds/<kind>.rs` with the link's data (a
//! serializable struct, so the memo of resolved chains can hold it), a
//! builder that resolution calls, and `impl Kind`; then register it, once,
//! as a variant of `kinds::Call` (and in `chain::start_link` if a chain can
//! start with it). The broker needs no change: it runs the same protocol
//! (single flight, lock, re-check, failure learning, validation,
//! generation) for every kind.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::credentials::{Credentials, Window};
use crate::error::{CallFailure, Error, FailureKind};
use crate::profile::{Profiles, Section};
use crate::report::Reporter;
use crate::runner::Limits;
use crate::runner::mfa_code::{Codes, Mfa};
use crate::secret::Secret;
use crate::sts::{Sts, StsTarget};

/// `CREDBROKER_RESOLVING`: the profiles being resolved by credbroker
/// processes up the process tree, one per line (the nested
/// `credential_process` recursion guard).
pub const RESOLVING_VAR: &str = "CREDBROKER_RESOLVING";

/// The variables that locate the container credentials endpoint, hence that
/// link's key (not the authorization token: it is a secret, and does not
/// change whose credentials come back).
pub const ECS_ENDPOINT_VARS: &[&str] = &[
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// The variables that decide which IMDS answers, hence that link's key.
pub const IMDS_ENDPOINT_VARS: &[&str] = &[
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
];

/// The environment variables resolution depends on, captured once.
#[derive(Clone, Debug, Default)]
pub struct EnvSnapshot {
    pub region: Option<String>,
    pub endpoint_url_sts: Option<String>,
    pub endpoint_url: Option<String>,
    pub endpoint_url_sso: Option<String>,
    pub endpoint_url_sso_oidc: Option<String>,
    /// `AWS_ENDPOINT_URL_SIGNIN`: AWS Sign-In (an `aws login` session's
    /// refresh, the console's sign-in federation endpoint).
    pub endpoint_url_signin: Option<String>,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`: set either way, it overrides
    /// the profiles' `ignore_configured_endpoint_urls`.
    pub ignore_configured_endpoints: Option<bool>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    pub session_token: Option<Secret>,
    /// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`.
    pub web_identity: Option<EnvWebIdentity>,
    /// The profiles being resolved by credbroker processes up the process
    /// tree (`CREDBROKER_RESOLVING`), for the credential_process recursion guard.
    pub resolving: Vec<String>,
    /// The variables that locate the IMDS and container credential endpoints
    /// (part of those links' keys), when set.
    pub source_endpoints: std::collections::BTreeMap<&'static str, String>,
    /// A digest of the environment a nested `credential_process` sees, less
    /// [`SESSION_ONLY_VARS`]: part of that link's key, so one environment's
    /// identity is never served to another.
    pub process_env: String,
}

impl EnvSnapshot {
    pub fn from_process() -> Self {
        let var = crate::settings::env_var;
        Self {
            region: var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")),
            endpoint_url_sts: var("AWS_ENDPOINT_URL_STS"),
            endpoint_url: var("AWS_ENDPOINT_URL"),
            endpoint_url_sso: var("AWS_ENDPOINT_URL_SSO"),
            endpoint_url_sso_oidc: var("AWS_ENDPOINT_URL_SSO_OIDC"),
            endpoint_url_signin: var("AWS_ENDPOINT_URL_SIGNIN"),
            ignore_configured_endpoints: var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
                .map(|v| v.eq_ignore_ascii_case("true")),
            access_key_id: var("AWS_ACCESS_KEY_ID"),
            secret_access_key: var("AWS_SECRET_ACCESS_KEY").map(Secret::new),
            session_token: var("AWS_SESSION_TOKEN").map(Secret::new),
            web_identity: EnvWebIdentity::from_vars(&var),
            resolving: resolving_stack(var(RESOLVING_VAR)),
            source_endpoints: ECS_ENDPOINT_VARS
                .iter()
                .chain(IMDS_ENDPOINT_VARS)
                .filter_map(|k| Some((*k, var(k)?)))
                .collect(),
            process_env: process_env_digest(crate::settings::env_vars_os()),
        }
    }
}

/// Variables that describe only the terminal or login session (or, for
/// `KUBERNETES_EXEC_INFO`, what answer kubectl expects from `eks-token`),
/// not whose credentials a command prints: left out of a nested
/// `credential_process`'s identity (README: "Nested credential_process and
/// the cache"), so they never split a cache entry or a memo. Every other
/// variable is in it, `CREDBROKER_*` aside (credbroker's own settings, and
/// the recursion guard's stack, which it hands on).
pub const SESSION_ONLY_VARS: &[&str] = &[
    "_",
    "COLORTERM",
    "COLUMNS",
    "DBUS_SESSION_BUS_ADDRESS",
    "DISPLAY",
    "GPG_AGENT_INFO",
    "HISTFILE",
    "HISTSIZE",
    "KUBERNETES_EXEC_INFO",
    "LINES",
    "OLDPWD",
    "PROMPT_COMMAND",
    "PS1",
    "PS2",
    "PWD",
    "SHLVL",
    "SSH_AGENT_PID",
    "SSH_AUTH_SOCK",
    "SSH_CLIENT",
    "SSH_CONNECTION",
    "SSH_TTY",
    "STY",
    "TERM",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "TERM_SESSION_ID",
    "TMUX",
    "TMUX_PANE",
    "WINDOWID",
    "XDG_SESSION_ID",
    "XDG_VTNR",
    // hyperfine pads the environment of every run with a random length.
    "HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET",
];

/// A digest of `vars` less [`SESSION_ONLY_VARS`] and `CREDBROKER_*`, in
/// name order. Never a value: they may be secrets.
pub fn process_env_digest(
    vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> String {
    let mut kept: Vec<_> = vars
        .filter(|(name, _)| {
            let name = name.to_string_lossy();
            !name.starts_with("CREDBROKER_") && !SESSION_ONLY_VARS.contains(&name.as_ref())
        })
        .collect();
    kept.sort();
    let mut h = Sha256::new();
    for (name, value) in kept {
        for part in [name, value] {
            let bytes = part.as_encoded_bytes();
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The web identity the environment describes.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvWebIdentity {
    pub token_file: String,
    pub role_arn: String,
    pub session_name: Option<String>,
}

impl EnvWebIdentity {
    /// Both the token file and the role must be set, as in the SDKs.
    pub fn from_vars(var: &impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(Self {
            token_file: var("AWS_WEB_IDENTITY_TOKEN_FILE")?,
            role_arn: var("AWS_ROLE_ARN")?,
            session_name: var("AWS_ROLE_SESSION_NAME"),
        })
    }
}

/// The stack as `CREDBROKER_RESOLVING` carries it.
pub fn resolving_stack(value: Option<String>) -> Vec<String> {
    value
        .map(|v| {
            v.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The credentials at the root of a chain: long-term keys, or (for a
/// consumer's chain built on a profile, such as `eks-token`'s) the
/// credentials the broker served for that profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Base {
    /// Where the keys came from: a profile name, or `environment`.
    pub origin: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    /// When they expire (Unix seconds); `None` for long-term keys.
    pub expiration: Option<i64>,
    pub key: String,
    /// Keys kept in a keyring (`credbroker keys`): the backend that holds
    /// them. `secret_access_key` is empty until the broker reads it there,
    /// under the lock of the link they sign (never on a cache hit).
    pub stored: Option<crate::keyring::Backend>,
}

impl Base {
    /// A chain's root made of credentials the broker served for `origin`:
    /// what a consumer's link (an EKS token) is signed with. Keyed on the
    /// key id, so new credentials are a new parent.
    pub fn served(origin: &str, credentials: &Credentials) -> Self {
        Self {
            origin: origin.to_string(),
            key: hash(&["served", &credentials.access_key_id]),
            access_key_id: credentials.access_key_id.clone(),
            secret_access_key: credentials.secret_access_key.clone(),
            session_token: credentials.session_token.clone(),
            expiration: credentials.expiration,
            stored: None,
        }
    }
}

/// One cached link of a chain, of some kind `C`: temporary credentials
/// that its call refreshes. The first link is signed by the chain's static
/// base, if it has one; every later link by the link before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link<C> {
    /// The profile that names this link (or `SOURCE+ARN` for `--role-arn`).
    pub profile: String,
    /// What refreshes it: the kind's own data.
    pub call: C,
    /// Where its STS call goes (unused by kinds that do not call STS).
    pub sts: StsTarget,
    /// The cache key: everything that selects the identity it returns.
    pub key: String,
}

impl<C> Link<C> {
    /// The same link with its call wrapped (a kind's link into a chain's).
    pub fn map<D>(self, f: impl FnOnce(C) -> D) -> Link<D> {
        Link {
            profile: self.profile,
            call: f(self.call),
            sts: self.sts,
            key: self.key,
        }
    }
}

/// What the protocol asks of every kind of link. The broker applies the
/// cache protocol around [`Kind::fetch`] identically for all of them.
pub trait Kind {
    /// What kind of link this is, for `list`: `role`, `sso`, ...
    fn kind(&self) -> &'static str;
    /// The call that refreshes it, for messages: `AssumeRole`, ...
    fn action(&self) -> &'static str;
    /// What the link stands for, for labels and listings: a role ARN, or a
    /// description of the source. Never a secret.
    fn target(&self) -> &str;
    /// The role this link assumes, if it assumes one.
    fn role_arn(&self) -> Option<&str> {
        None
    }
    /// The account whose credentials the link returns, when the kind
    /// names it otherwise than by a role ARN (an SSO link's account).
    fn account_id(&self) -> Option<&str> {
        None
    }
    /// The MFA device whose code the refresh sends, if any.
    fn mfa(&self) -> Option<&Mfa> {
        None
    }
    /// Whether the call is signed with the parent link's credentials.
    fn needs_parent(&self) -> bool {
        false
    }
    /// Whether a chain through this link may be remembered by the memo of
    /// resolved chains: not when its key depends on something the memo's
    /// fingerprint does not see (the working directory).
    fn memoizable(&self) -> bool {
        true
    }
    /// Whether its credentials are kept in the cache at all.
    fn cached(&self) -> bool {
        true
    }
    /// What the console's sign-in federation endpoint makes of the link's
    /// credentials (see [`ConsoleSession`]).
    fn console_session(&self) -> ConsoleSession {
        ConsoleSession::AsIs
    }
    /// Whether its key holds the environment's digest
    /// ([`EnvSnapshot::process_env`]): the memo then checks it too.
    fn keyed_on_environment(&self) -> bool {
        false
    }
    /// The file another program shares this link's sign-in through, if
    /// any: an SSO token file, which the AWS CLI and the SDKs refresh,
    /// `aws sso login` replaces and `aws sso logout` removes. The protocol
    /// serves the cached credentials of this link, and of the links built
    /// on it, only while the file exists ([`signed_out`]), and learns a
    /// failure of its refresh only while the file is as it was when that
    /// refresh began ([`sign_in_witness`]), so a new sign-in is seen at once
    /// (a refresh that finds the file changed since, by itself or by another
    /// process, and then fails costs the next caller one more try).
    fn sign_in_file(&self) -> Option<PathBuf> {
        None
    }
    /// What `list` says of the link beyond its cache entry (an SSO link's
    /// sign-in, judged with `window`), if anything.
    fn status(&self, _window: Window, _now: i64) -> Option<String> {
        None
    }
    /// Fetch new credentials; runs with the link's lock held. The answer
    /// is validated here (key id, secret, token, a future expiration).
    fn fetch(
        &self,
        cx: &Fetch<'_>,
    ) -> impl Future<Output = Result<Credentials, CallFailure>> + Send;
}

/// What a link's credentials are to the AWS console's sign-in federation
/// endpoint (`credbroker console`), which takes the temporary credentials
/// of a role or of a federated user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleSession {
    /// A role's session (AssumeRole, SSO, web identity, an instance's or a
    /// container's role): taken, with a console session of up to 12 h
    /// (`SessionDuration`) unless the role was assumed with another role's
    /// session (role chaining: at most one hour, and no `SessionDuration`).
    Role,
    /// A federated user's session (GetFederationToken): taken; the console
    /// session lasts as long as the credentials, and `SessionDuration` is
    /// not allowed.
    FederatedUser,
    /// Refused (GetSessionToken's session): the console federates the
    /// long-term keys below it instead.
    Refused,
    /// Whatever a helper answered: handed on as it is, the console
    /// session's length left to AWS.
    AsIs,
}

/// Whether the sign-in kept in `file` ([`Kind::sign_in_file`]) has ended:
/// the file is gone, as signing out leaves it (an expired token still
/// counts as signed in, as it does for botocore). A `stat`, asked on every
/// use, the cache hit included.
pub fn signed_out(file: &Path) -> bool {
    crate::runner::file::missing(file)
}

/// What the sign-in kept in `file` is now, as a digest: a failure recorded
/// with one witness is not learned once the file has another.
pub fn sign_in_witness(file: &Path) -> String {
    crate::runner::file::witness(file)
}

/// What a refresh is given: the link's profile and STS target, its
/// parent's credentials, and the broker's shared pieces.
pub struct Fetch<'a> {
    pub profile: &'a str,
    pub sts_target: &'a StsTarget,
    pub parent: Option<&'a Credentials>,
    pub sts: &'a Sts,
    pub codes: &'a Codes,
    pub cache: &'a Cache,
    pub lock_timeout: Duration,
    pub reporter: &'a dyn Reporter,
    /// The deadline and notice of a helper process (`process_timeout`).
    pub helpers: Limits,
    /// The freshness rule's settings for what the call is signed with
    /// besides the parent (an SSO sign-in token): the refresh window, and
    /// the floor of the links that only sign the next call.
    pub window: Window,
}

impl Fetch<'_> {
    /// The parent's credentials, for a kind that signs with them.
    pub fn parent(&self, action: &str) -> Result<&Credentials, CallFailure> {
        self.parent.ok_or_else(|| CallFailure {
            kind: FailureKind::Permanent,
            code: "NoSourceCredentials".into(),
            message: format!("{action} needs source credentials, and the chain has none"),
        })
    }
}

/// [`sts_target`] for the link named by profile `name`, its error naming
/// that profile.
pub fn link_sts_target(
    profiles: &Profiles,
    name: &str,
    hop: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<StsTarget, Error> {
    sts_target(profiles, hop, selected, env).map_err(|message| Error::InvalidProfile {
        profile: name.to_string(),
        location: profiles.locate(name),
        message,
        hint: "write the endpoint as a full URL, e.g. `https://sts.eu-west-1.amazonaws.com`".into(),
    })
}

/// Region and endpoint for one hop, by the SDK's precedence: environment,
/// then the hop's own profile (its `[services]` section, then
/// `endpoint_url`), then the selected profile, then the SDK's defaults.
pub fn sts_target(
    profiles: &Profiles,
    hop: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<StsTarget, String> {
    let region = env
        .region
        .clone()
        .or_else(|| hop.get("region").cloned())
        .or_else(|| selected.get("region").cloned())
        .unwrap_or_else(|| "us-east-1".to_string());
    let endpoint_url = endpoint_url(
        env,
        &Service {
            name: "STS",
            key: "sts",
            env_var: "AWS_ENDPOINT_URL_STS",
            env_value: env.endpoint_url_sts.as_deref(),
        },
        hop,
        selected,
        |name| profiles.sts_endpoints.get(name).cloned(),
    )?;
    Ok(StsTarget {
        region,
        endpoint_url,
    })
}

/// The service an endpoint is for: its name in messages, its key in a
/// `[services]` section, and its own environment variable.
pub struct Service<'a> {
    pub name: &'static str,
    pub key: &'static str,
    pub env_var: &'static str,
    pub env_value: Option<&'a str>,
}

/// A service's endpoint by the SDK's precedence: its own environment
/// variable, `AWS_ENDPOINT_URL`, the hop's profile (its `[services]` entry,
/// found by `services`, then `endpoint_url`), then the selected profile's;
/// none when configured endpoints are ignored. An endpoint without a scheme
/// is an error naming where it was set.
pub fn endpoint_url(
    env: &EnvSnapshot,
    service: &Service,
    hop: &Section,
    selected: &Section,
    services: impl Fn(&str) -> Option<String>,
) -> Result<Option<String>, String> {
    let ignore = env.ignore_configured_endpoints.unwrap_or_else(|| {
        [hop, selected].iter().any(|s| {
            s.get("ignore_configured_endpoint_urls")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        })
    });
    // Each candidate with where it was set, for the error below.
    let from_section = |s: &Section, whose: &str| {
        let configured = s.get("services").and_then(|name| {
            services(name).map(|url| {
                (
                    url,
                    format!("`{} = endpoint_url` of `[services {name}]`", service.key),
                )
            })
        });
        configured.or_else(|| {
            s.get("endpoint_url")
                .map(|url| (url.clone(), format!("`endpoint_url` of {whose}")))
        })
    };
    let endpoint = if ignore {
        None
    } else {
        let env_var = |value: Option<&str>, name: &str| {
            value.map(|url| (url.to_string(), format!("`{name}`")))
        };
        env_var(service.env_value, service.env_var)
            .or_else(|| env_var(env.endpoint_url.as_deref(), "AWS_ENDPOINT_URL"))
            .or_else(|| from_section(hop, "this profile"))
            .or_else(|| from_section(selected, "the selected profile"))
    };
    if let Some((url, origin)) = &endpoint
        && !url.contains("://")
    {
        return Err(format!(
            "the {} endpoint `{url}` (set by {origin}) has no scheme",
            service.name
        ));
    }
    Ok(endpoint.map(|(url, _)| url))
}

pub fn invalid(profiles: &Profiles, name: &str, message: &str, hint: &str) -> Error {
    Error::InvalidProfile {
        profile: name.to_string(),
        location: profiles.locate(name),
        message: message.to_string(),
        hint: hint.to_string(),
    }
}

/// A link's key from its kind and the values of the variables that locate
/// its endpoint (as captured in the [`EnvSnapshot`], so the memo of resolved
/// chains sees them).
pub fn endpoint_key(kind: &str, vars: &[&str], env: &EnvSnapshot) -> String {
    let mut parts = vec![kind];
    parts.extend(
        vars.iter()
            .map(|v| env.source_endpoints.get(v).map_or("", String::as_str)),
    );
    hash(&parts)
}

/// Whether `text` is a key as [`hash`] makes them (32 lowercase hex
/// digits), and so names nothing but a file in the cache directory.
pub fn is_key(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A cache key: a hash of a link's canonical description.
pub fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod key_tests {
    #[test]
    fn keys_are_what_hash_makes() {
        assert!(super::is_key(&super::hash(&["role", "arn"])));
        for not_a_key in ["", "../../etc/passwd", &"A".repeat(32), &"0".repeat(33)] {
            assert!(!super::is_key(not_a_key), "{not_a_key}");
        }
    }
}
