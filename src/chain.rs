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
}

impl EnvSnapshot {
    pub fn from_process() -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
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
    /// SSO portal `GetRoleCredentials`, with the session's sign-in token.
    Sso(Box<crate::sso::SsoRole>),
}

/// `sts:AssumeRole`, signed with the parent link's credentials.
#[derive(Clone, Debug, PartialEq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<i32>,
}

impl Call {
    /// The API action, for messages (`AssumeRole`).
    pub fn action(&self) -> &'static str {
        match self {
            Call::AssumeRole(_) => "AssumeRole",
            Call::Sso(_) => "GetRoleCredentials",
        }
    }

    /// What the link stands for, for labels and listings: a role ARN, or a
    /// description of the source.
    pub fn target(&self) -> &str {
        match self {
            Call::AssumeRole(role) => &role.role_arn,
            Call::Sso(sso) => &sso.target,
        }
    }

    /// Whether the call is signed with the parent link's credentials.
    pub fn needs_parent(&self) -> bool {
        match self {
            Call::AssumeRole(_) => true,
            Call::Sso(_) => false,
        }
    }

    /// The service that answers the call, for messages (`STS`).
    pub fn service(&self) -> &'static str {
        match self {
            Call::AssumeRole(_) => "STS",
            Call::Sso(_) => "SSO",
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
            Call::Sso(_) => None,
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
            .chain(self.hops.iter().map(|h| h.profile.clone()))
            .collect::<Vec<_>>()
            .join(" -> ")
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
    let start = loop {
        let section = match profiles.get(&current) {
            Some(s) => s,
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
            return Err(no_credentials(profiles, &current, section));
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
                        path: visited,
                    });
                }
                break Start::Keys(static_base(profiles, &current, section)?);
            }
            (Some(source), None) => current = source.clone(),
            (None, Some(source)) => break credential_source(profiles, &current, source, env)?,
            (None, None) if section.contains_key("web_identity_token_file") => {
                return Err(unsupported(profiles, &current, "web_identity_token_file"));
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
    let mut parent_key = match (&base, hops.last()) {
        (_, Some(link)) => link.key.clone(),
        (Some(base), None) => base.key.clone(),
        (None, None) => String::new(),
    };
    for p in pending.into_iter().rev() {
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
    if let Some(link) = crate::sso::profile::link(profiles, name, section, selected, env)? {
        return Ok(Some(link));
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
}

impl PendingHop {
    fn from_profile(
        profiles: &Profiles,
        name: &str,
        section: &Section,
        role_arn: &str,
    ) -> Result<Self, Error> {
        if section.contains_key("mfa_serial") {
            // Calling AssumeRole without the MFA code would only earn an
            // AccessDenied that blames the trust policy.
            return Err(unsupported(profiles, name, "mfa_serial (MFA sessions)"));
        }
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
        })
    }

    fn finish(
        self,
        profiles: &Profiles,
        selected: &Section,
        env: &EnvSnapshot,
        parent: &str,
    ) -> Result<Hop, Error> {
        let sts = sts_target(profiles, &self.section, selected, env).map_err(|message| {
            Error::InvalidProfile {
                profile: self.profile.clone(),
                location: profiles.locate(&self.profile),
                message,
                hint:
                    "write the endpoint as a full URL, e.g. `https://sts.eu-west-1.amazonaws.com`"
                        .into(),
            }
        })?;
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
        ]);
        Ok(Hop {
            profile: self.profile,
            call: Call::AssumeRole(AssumeRole {
                role_arn: self.role_arn,
                external_id: self.external_id,
                session_name: self.session_name,
                duration_seconds: self.duration_seconds,
            }),
            sts,
            key,
        })
    }
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
        "Ec2InstanceMetadata" | "EcsContainer" => Err(unsupported(
            profiles,
            name,
            &format!("credential_source = {source}"),
        )),
        other => Err(invalid(
            profiles,
            name,
            &format!("has unknown credential_source `{other}`"),
            "use Environment, Ec2InstanceMetadata or EcsContainer",
        )),
    }
}

fn no_credentials(profiles: &Profiles, name: &str, section: &Section) -> Error {
    let unsupported_key = ["credential_process", "web_identity_token_file"]
        .into_iter()
        .find(|k| section.contains_key(*k));
    match unsupported_key {
        Some(key) => unsupported(profiles, name, key),
        None => Error::NoCredentials {
            profile: name.to_string(),
            location: profiles.locate(name),
        },
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

fn unsupported(profiles: &Profiles, name: &str, what: &str) -> Error {
    Error::Unsupported {
        profile: name.to_string(),
        location: profiles.locate(name),
        what: what.to_string(),
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
