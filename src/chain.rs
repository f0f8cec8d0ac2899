//! From a profile name to a chain of links: a pure function over
//! [`Profiles`] and an [`EnvSnapshot`], with cycle detection.
//!
//! A chain is a base (long-term keys) followed by role hops. Every hop has a
//! cache key: a hash of its canonical description that includes its parent's
//! key (never the parent's secrets) and, at the base, the access key id, so
//! rotated keys never see old sessions and two chains that share a link share
//! its cache entry.

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::profile::{Profiles, Section};
use crate::secret::Secret;

/// The environment variables resolution depends on, captured once.
#[derive(Clone, Debug, Default)]
pub struct EnvSnapshot {
    pub region: Option<String>,
    pub endpoint_url_sts: Option<String>,
    pub endpoint_url: Option<String>,
    pub endpoint_url_sso: Option<String>,
    pub endpoint_url_sso_oidc: Option<String>,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`: set either way, it overrides
    /// the profiles' `ignore_configured_endpoint_urls`.
    pub ignore_configured_endpoints: Option<bool>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    pub session_token: Option<Secret>,
    /// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`.
    pub web_identity: Option<crate::source::web_identity::EnvWebIdentity>,
    /// The profiles being resolved by credbroker processes up the process
    /// tree (`CREDBROKER_RESOLVING`), for the credential_process recursion guard.
    pub resolving: Vec<String>,
    /// The variables that locate the IMDS and container credential endpoints
    /// (part of those links' keys), when set.
    pub source_endpoints: std::collections::BTreeMap<&'static str, String>,
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
            ignore_configured_endpoints: var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
                .map(|v| v.eq_ignore_ascii_case("true")),
            access_key_id: var("AWS_ACCESS_KEY_ID"),
            secret_access_key: var("AWS_SECRET_ACCESS_KEY").map(Secret::new),
            session_token: var("AWS_SESSION_TOKEN").map(Secret::new),
            web_identity: crate::source::web_identity::EnvWebIdentity::from_vars(&var),
            resolving: crate::source::process::resolving_stack(var(
                crate::source::process::RESOLVING_VAR,
            )),
            source_endpoints: crate::source::ecs::ENDPOINT_VARS
                .iter()
                .chain(crate::source::imds::ENDPOINT_VARS)
                .filter_map(|k| Some((*k, var(k)?)))
                .collect(),
        }
    }
}

/// Long-term credentials at the root of a chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Base {
    /// Where the keys came from: a profile name, or `environment`.
    pub origin: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    pub key: String,
}

/// Where a hop's STS call goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StsTarget {
    pub region: String,
    pub endpoint_url: Option<String>,
}

/// One cached link of a chain: temporary credentials that some call
/// refreshes. The first link is signed by the chain's static base, if it has
/// one; every later link by the link before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    /// The profile that names this link (or `SOURCE+ARN` for `--role-arn`).
    pub profile: String,
    /// What refreshes it.
    pub call: Call,
    /// Where its STS call goes (unused by kinds that do not call STS).
    pub sts: StsTarget,
    pub key: String,
}

/// The call that refreshes a link. Each kind of link is one variant; the
/// broker runs the same cache protocol for all of them.
#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    AssumeRole(AssumeRole),
    /// `sts:GetSessionToken` with an MFA code, signed by long-term keys.
    SessionToken(MfaSession),
    /// `sts:AssumeRoleWithWebIdentity`, unsigned.
    WebIdentity(WebIdentity),
    /// `credential_source = Ec2InstanceMetadata` (IMDSv2).
    InstanceMetadata,
    /// `credential_source = EcsContainer`.
    Container,
    /// A nested `credential_process` command.
    Process(Process),
    /// SSO portal `GetRoleCredentials`, with the session's sign-in token.
    Sso(Box<crate::sso::SsoRole>),
}

/// How a link gets its MFA code: the device's serial and the profile's
/// `mfa_process`, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Mfa {
    pub serial: String,
    pub process: Option<String>,
}

/// An MFA session on long-term keys, shared by every chain on them.
#[derive(Clone, Debug, PartialEq)]
pub struct MfaSession {
    pub mfa: Mfa,
    pub duration_seconds: Option<i32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WebIdentity {
    pub role_arn: String,
    pub token_file: String,
    pub session_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Process {
    pub command: String,
    /// The profiles being resolved, passed down to the command.
    pub resolving: Vec<String>,
}

/// `sts:AssumeRole`, signed with the parent link's credentials.
#[derive(Clone, Debug, PartialEq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<i32>,
    /// Sent with the call (SerialNumber, TokenCode) when the source is
    /// already temporary and so cannot get an MFA session of its own.
    pub mfa: Option<Mfa>,
}

impl Call {
    /// The API action, for messages (`AssumeRole`).
    pub fn action(&self) -> &'static str {
        match self {
            Call::AssumeRole(_) => "AssumeRole",
            Call::SessionToken(_) => "GetSessionToken",
            Call::WebIdentity(_) => "AssumeRoleWithWebIdentity",
            Call::InstanceMetadata => "IMDS credentials",
            Call::Container => "container credentials",
            Call::Process(_) => "credential_process command",
            Call::Sso(_) => "SSO GetRoleCredentials",
        }
    }

    /// What kind of link this is, for `list`.
    pub fn kind(&self) -> &'static str {
        match self {
            Call::AssumeRole(_) => "role",
            Call::SessionToken(_) => "mfa-session",
            Call::WebIdentity(_) => "web-identity",
            Call::InstanceMetadata => "ec2-instance-metadata",
            Call::Container => "ecs-container",
            Call::Process(_) => "credential-process",
            Call::Sso(_) => "sso",
        }
    }

    /// The MFA device whose code this call sends, if any.
    pub fn mfa(&self) -> Option<&Mfa> {
        match self {
            Call::AssumeRole(role) => role.mfa.as_ref(),
            Call::SessionToken(session) => Some(&session.mfa),
            _ => None,
        }
    }

    /// What the link stands for, for labels and listings: a role ARN, or a
    /// description of the source.
    pub fn target(&self) -> &str {
        match self {
            Call::AssumeRole(role) => &role.role_arn,
            Call::Sso(sso) => &sso.target,
            Call::SessionToken(session) => &session.mfa.serial,
            Call::WebIdentity(w) => &w.role_arn,
            Call::InstanceMetadata => "instance metadata",
            Call::Container => "container credentials",
            Call::Process(p) => &p.command,
        }
    }

    /// Whether the call is signed with the parent link's credentials.
    pub fn needs_parent(&self) -> bool {
        match self {
            Call::AssumeRole(_) | Call::SessionToken(_) => true,
            Call::WebIdentity(_) | Call::InstanceMetadata | Call::Container | Call::Process(_) => {
                false
            }
            Call::Sso(_) => false,
        }
    }
}

impl Hop {
    pub fn label(&self) -> String {
        format!("{} ({})", self.profile, self.call.target())
    }

    /// The role this link assumes, if it is a role.
    pub fn role_arn(&self) -> Option<&str> {
        match &self.call {
            Call::AssumeRole(role) => Some(&role.role_arn),
            Call::WebIdentity(w) => Some(&w.role_arn),
            _ => None,
        }
    }
}

/// A static base (optional: a chain may start with a link that needs no
/// credentials of its own, such as SSO or web identity) and the links above it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    pub profile: String,
    pub base: Option<Base>,
    pub hops: Vec<Hop>,
}

impl Chain {
    /// `base -> hop -> hop`, for listings.
    pub fn describe(&self) -> String {
        self.base
            .iter()
            .map(|b| b.origin.clone())
            .chain(self.hops.iter().map(|h| match &h.call {
                Call::AssumeRole(_) => h.profile.clone(),
                other => format!("{} [{}]", h.profile, other.kind()),
            }))
            .collect::<Vec<_>>()
            .join(" -> ")
    }

    /// How the chain starts, for `list`: `static-keys`, `environment`, or
    /// the kind of its first link.
    pub fn start_kind(&self) -> &'static str {
        match (&self.base, self.hops.first()) {
            (Some(b), _) if b.origin == "environment" => "environment",
            (Some(_), _) => "static-keys",
            (None, Some(hop)) => hop.call.kind(),
            (None, None) => "none",
        }
    }

    /// The key of the link below link `i` (the base's for the first link).
    pub fn parent_key(&self, i: usize) -> Option<&str> {
        match i {
            0 => self.base.as_ref().map(|b| b.key.as_str()),
            _ => self.hops.get(i - 1).map(|h| h.key.as_str()),
        }
    }
}

/// An ad-hoc hop given on the command line (`--role-arn`).
#[derive(Clone, Debug, Default)]
pub struct AdHocRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub duration_seconds: Option<i32>,
    pub session_name: Option<String>,
}

/// Resolve `name` into a chain, as the AWS SDKs walk `source_profile`.
pub fn resolve(profiles: &Profiles, name: &str, env: &EnvSnapshot) -> Result<Chain, Error> {
    let mut visited: Vec<String> = Vec::new();
    let mut pending: Vec<PendingHop> = Vec::new();
    let mut current = name.to_string();
    let selected = profiles.get(name).cloned().unwrap_or_default();
    if env.resolving.iter().any(|p| p == name) {
        return Err(crate::source::process::recursion(
            profiles,
            name,
            &env.resolving,
        ));
    }
    let start = loop {
        let section = match profiles.get(&current) {
            Some(s) => s,
            // As in the SDKs' default chain: no profile at all, but a web
            // identity in the environment (EKS, GitHub Actions).
            None if visited.is_empty() && name == "default" && env.web_identity.is_some() => {
                let link = start_link(profiles, name, &Section::new(), &selected, env)?;
                break Start::Link(link.ok_or_else(|| not_found(profiles, name))?);
            }
            None if visited.is_empty() => return Err(not_found(profiles, name)),
            None => {
                let profile = visited.last().cloned().unwrap_or_default();
                return Err(Error::MissingSourceProfile {
                    location: profiles.locate(&profile),
                    profile,
                    source_profile: current,
                });
            }
        };
        if visited.contains(&current) {
            visited.push(current.clone());
            return Err(Error::Cycle {
                profile: name.to_string(),
                location: profiles.locate(&current),
                start: current,
                path: visited,
            });
        }
        visited.push(current.clone());
        let is_source = visited.len() > 1;
        // As in botocore and the SDKs: a source profile's own static keys win
        // over its role_arn.
        if is_source && section.contains_key("aws_access_key_id") {
            break Start::Keys(static_base(profiles, &current, section)?);
        }
        let Some(role_arn) = section.get("role_arn") else {
            if section.contains_key("aws_access_key_id") {
                break Start::Keys(static_base(profiles, &current, section)?);
            }
            if let Some(link) = start_link(profiles, &current, section, &selected, env)? {
                break Start::Link(link);
            }
            return Err(no_credentials(profiles, &current));
        };
        pending.push(PendingHop::from_profile(
            profiles, &current, section, role_arn,
        )?);
        match (
            section.get("source_profile"),
            section.get("credential_source"),
        ) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    profiles,
                    &current,
                    "sets both source_profile and credential_source",
                    "keep one of them",
                ));
            }
            (Some(source), None) if *source == current => {
                // `source_profile = <itself>`: its own keys, then the role.
                if !section.contains_key("aws_access_key_id") {
                    visited.push(current.clone());
                    return Err(Error::Cycle {
                        profile: name.to_string(),
                        location: profiles.locate(&current),
                        start: current,
                        path: visited,
                    });
                }
                break Start::Keys(static_base(profiles, &current, section)?);
            }
            (Some(source), None) => current = source.clone(),
            (None, Some(source)) => break credential_source(profiles, &current, source, env)?,
            (None, None) if section.contains_key("web_identity_token_file") => {
                // The role_arn is the web identity's own, not a hop.
                pending.pop();
                break Start::Link(crate::source::web_identity::from_profile(
                    profiles, &current, section, &selected, env,
                )?);
            }
            (None, None) => {
                return Err(invalid(
                    profiles,
                    &current,
                    "sets role_arn without source_profile or credential_source",
                    "add `source_profile = <a profile with keys>`",
                ));
            }
        }
    };

    let (base, mut hops) = match start {
        Start::Keys(base) => (Some(base), Vec::new()),
        Start::Link(link) => (None, vec![link]),
    };
    pending.reverse();
    // Long-term keys and an MFA device (on the first hop, or on the keys'
    // own profile): an MFA session between them, shared by every chain on
    // the same keys and serial, so the hops above need no code.
    if let Some(base) = base.as_ref().filter(|b| b.session_token.is_none()) {
        let own = profiles.get(&base.origin).and_then(mfa_of);
        let first = pending.first_mut().and_then(|p| p.mfa.take());
        if let Some(mfa) = first.or(own) {
            let holder = profiles.get(&base.origin).cloned().unwrap_or_default();
            hops.push(crate::source::mfa::session_link(
                profiles, base, mfa, &holder, &selected, env,
            )?);
        }
    }
    let mut parent_key = match (&base, hops.last()) {
        (_, Some(link)) => link.key.clone(),
        (Some(base), None) => base.key.clone(),
        (None, None) => String::new(),
    };
    for p in pending.into_iter() {
        let hop = p.finish(profiles, &selected, env, &parent_key)?;
        parent_key = hop.key.clone();
        hops.push(hop);
    }
    Ok(Chain {
        profile: name.to_string(),
        base,
        hops,
    })
}

/// Where a chain starts: long-term keys, or a link that needs no credentials
/// of its own (SSO, web identity, instance metadata, a credential_process).
enum Start {
    Keys(Base),
    Link(Hop),
}

/// The link that starts a chain from `section` without credentials of its
/// own, if it describes one; `selected` is the profile being resolved (for
/// region and endpoints). Each such kind of link adds its arm here.
fn start_link(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Option<Hop>, Error> {
    use crate::source::{process, web_identity};
    if let Some(link) = crate::sso::profile::link(profiles, name, section, selected, env)? {
        return Ok(Some(link));
    }
    if section.contains_key("web_identity_token_file") {
        // Without role_arn: with it, the profile never gets here.
        return Err(invalid(
            profiles,
            name,
            "sets web_identity_token_file without role_arn",
            "add `role_arn = <the role to assume with the token>`",
        ));
    }
    if let Some(command) = section.get("credential_process") {
        return process::link(profiles, name, command, env).map(Some);
    }
    if let Some(from_env) = &env.web_identity {
        return web_identity::from_env(profiles, name, from_env, selected, env).map(Some);
    }
    Ok(None)
}

/// Resolve `source` and put an ad-hoc role on top of it.
pub fn resolve_ad_hoc(
    profiles: &Profiles,
    source: &str,
    role: &AdHocRole,
    env: &EnvSnapshot,
) -> Result<Chain, Error> {
    let mut chain = resolve(profiles, source, env)?;
    let selected = profiles.get(source).cloned().unwrap_or_default();
    let parent_key = chain
        .parent_key(chain.hops.len())
        .unwrap_or_default()
        .to_string();
    let hop = PendingHop {
        profile: format!("{source}+{}", role.role_arn),
        section: Section::new(),
        role_arn: role.role_arn.clone(),
        external_id: role.external_id.clone(),
        session_name: role.session_name.clone(),
        duration_seconds: role.duration_seconds,
        mfa: None,
    }
    .finish(profiles, &selected, env, &parent_key)?;
    chain.profile = hop.profile.clone();
    chain.hops.push(hop);
    Ok(chain)
}

/// A hop whose key cannot be computed until its parent's is known.
struct PendingHop {
    profile: String,
    section: Section,
    role_arn: String,
    external_id: Option<String>,
    session_name: Option<String>,
    duration_seconds: Option<i32>,
    /// `mfa_serial` on this hop: an MFA session below it when its source
    /// is long-term keys, else sent with its AssumeRole.
    mfa: Option<Mfa>,
}

impl PendingHop {
    fn from_profile(
        profiles: &Profiles,
        name: &str,
        section: &Section,
        role_arn: &str,
    ) -> Result<Self, Error> {
        let duration_seconds = match section.get("duration_seconds") {
            None => None,
            Some(text) => match text.trim().parse::<i32>() {
                Ok(n) if (900..=43200).contains(&n) => Some(n),
                _ => {
                    return Err(invalid(
                        profiles,
                        name,
                        &format!(
                            "duration_seconds = `{text}` is not a number of seconds from 900 to 43200"
                        ),
                        "set duration_seconds between 900 (15 minutes) and 43200 (12 hours)",
                    ));
                }
            },
        };
        Ok(Self {
            profile: name.to_string(),
            section: section.clone(),
            role_arn: role_arn.to_string(),
            external_id: section.get("external_id").cloned(),
            session_name: section.get("role_session_name").cloned(),
            duration_seconds,
            mfa: mfa_of(section),
        })
    }

    fn finish(
        self,
        profiles: &Profiles,
        selected: &Section,
        env: &EnvSnapshot,
        parent: &str,
    ) -> Result<Hop, Error> {
        let sts = link_sts_target(profiles, &self.profile, &self.section, selected, env)?;
        let key = hash(&[
            "assume-role",
            parent,
            &self.role_arn,
            self.external_id.as_deref().unwrap_or(""),
            self.session_name.as_deref().unwrap_or(""),
            &self
                .duration_seconds
                .map(|d| d.to_string())
                .unwrap_or_default(),
            // The endpoint tells which STS (and so which world) issued the
            // credentials; the region does not matter to what they are, and
            // keying on it would split a link that chains share.
            sts.endpoint_url.as_deref().unwrap_or(""),
            // Each call needs a code: a separate link from the same role
            // assumed without MFA.
            self.mfa.as_ref().map_or("", |m| m.serial.as_str()),
        ]);
        Ok(Hop {
            profile: self.profile,
            call: Call::AssumeRole(AssumeRole {
                role_arn: self.role_arn,
                external_id: self.external_id,
                session_name: self.session_name,
                duration_seconds: self.duration_seconds,
                mfa: self.mfa,
            }),
            sts,
            key,
        })
    }
}

/// [`sts_target`] for the link named by profile `name`, its error naming
/// that profile.
pub(crate) fn link_sts_target(
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
fn sts_target(
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
pub(crate) struct Service<'a> {
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
pub(crate) fn endpoint_url(
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

/// The MFA device a section names, with its `mfa_process`.
fn mfa_of(section: &Section) -> Option<Mfa> {
    section.get("mfa_serial").map(|serial| Mfa {
        serial: serial.clone(),
        process: section.get("mfa_process").cloned(),
    })
}

fn static_base(profiles: &Profiles, name: &str, section: &Section) -> Result<Base, Error> {
    let access_key_id = section
        .get("aws_access_key_id")
        .cloned()
        .unwrap_or_default();
    let Some(secret) = section.get("aws_secret_access_key") else {
        return Err(invalid(
            profiles,
            name,
            "has aws_access_key_id but no aws_secret_access_key",
            "add aws_secret_access_key next to aws_access_key_id",
        ));
    };
    let session_token = section.get("aws_session_token").map(Secret::new);
    Ok(Base {
        origin: name.to_string(),
        key: hash(&["static", &access_key_id]),
        access_key_id,
        secret_access_key: Secret::new(secret.clone()),
        session_token,
    })
}

fn credential_source(
    profiles: &Profiles,
    name: &str,
    source: &str,
    env: &EnvSnapshot,
) -> Result<Start, Error> {
    match source {
        "Environment" => match (&env.access_key_id, &env.secret_access_key) {
            (Some(id), Some(secret)) => Ok(Start::Keys(Base {
                origin: "environment".to_string(),
                key: hash(&["static", id]),
                access_key_id: id.clone(),
                secret_access_key: secret.clone(),
                session_token: env.session_token.clone(),
            })),
            _ => Err(invalid(
                profiles,
                name,
                "uses credential_source = Environment, but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set",
                "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            )),
        },
        "Ec2InstanceMetadata" => Ok(Start::Link(crate::source::imds::link(name, env))),
        "EcsContainer" => Ok(Start::Link(crate::source::ecs::link(name, env))),
        other => Err(invalid(
            profiles,
            name,
            &format!("has unknown credential_source `{other}`"),
            "use Environment, Ec2InstanceMetadata or EcsContainer",
        )),
    }
}

fn no_credentials(profiles: &Profiles, name: &str) -> Error {
    Error::NoCredentials {
        profile: name.to_string(),
        location: profiles.locate(name),
    }
}

pub(crate) fn invalid(profiles: &Profiles, name: &str, message: &str, hint: &str) -> Error {
    Error::InvalidProfile {
        profile: name.to_string(),
        location: profiles.locate(name),
        message: message.to_string(),
        hint: hint.to_string(),
    }
}

fn not_found(profiles: &Profiles, name: &str) -> Error {
    if let Some(ignored) = profiles.ignored.iter().find(|i| i.name == name) {
        return crate::profile::ignored_error(ignored);
    }
    Error::ProfileNotFound {
        profile: name.to_string(),
        files: profiles.describe_files(),
        suggestions: suggest(name, profiles.names()),
        chosen_by: None,
    }
}

/// Up to three names close to `name`: by edit distance, or sharing a prefix.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let limit = (name.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let d = strsim::levenshtein(name, c);
            let related = c.starts_with(name) || name.starts_with(c) || c.contains(name);
            (d <= limit || related).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

pub(crate) fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
