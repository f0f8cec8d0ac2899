//! From a profile name to a chain of links: a pure function over
//! [`Profiles`] and an [`EnvSnapshot`], with cycle detection.
//!
//! A chain is a base (long-term keys) followed by links of any kind. Every
//! link has a cache key: a hash of its canonical description that includes
//! its parent's key (never the parent's secrets) and, at the base, the
//! access key id, so rotated keys never see old sessions and two chains
//! that share a link share its cache entry. Each kind builds its own link
//! (`src/kinds/`); this module only walks the profiles and decides which.

use crate::error::Error;
use crate::kinds::sso::Session;
use crate::kinds::{Call, ecs, federation, imds, login, mfa, process, role, sso, web_identity};
use crate::link::{ConsoleSession, Kind, hash, invalid};
use crate::profile::{Profiles, Section};
use crate::secret::Secret;

pub use crate::kinds::{Chain, Hop};
pub use crate::link::{Base, EnvSnapshot};

/// An ad-hoc hop given on the command line (`--role-arn`).
#[derive(Clone, Debug, Default)]
pub struct AdHocRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub duration_seconds: Option<i32>,
    pub session_name: Option<String>,
}

/// Resolve `name` into a chain, as the AWS SDKs walk `source_profile`:
/// walk the source profiles down to where the chain starts, put an MFA
/// session above long-term keys when a device asks for one, then key the
/// role hops from the bottom up.
pub fn resolve(profiles: &Profiles, name: &str, env: &EnvSnapshot) -> Result<Chain, Error> {
    if env.resolving.iter().any(|p| p == name) {
        return Err(process::recursion(profiles, name, &env.resolving));
    }
    let selected = profiles.get(name).cloned().unwrap_or_default();
    let (start, mut pending) = walk(profiles, name, &selected, env)?;
    let (base, mut hops) = match start {
        Start::Keys(base) => (Some(base), Vec::new()),
        Start::Link(link) => (None, vec![link]),
    };
    if let Some(session) = mfa_session(profiles, base.as_ref(), &mut pending, &selected, env)? {
        hops.push(session);
    }
    let mut parent_key = match (&base, hops.last()) {
        (_, Some(link)) => link.key.clone(),
        (Some(base), None) => base.key.clone(),
        (None, None) => String::new(),
    };
    for p in pending {
        let hop = p
            .finish(profiles, &selected, env, &parent_key)?
            .map(Call::AssumeRole);
        parent_key = hop.key.clone();
        hops.push(hop);
    }
    Ok(Chain {
        profile: name.to_string(),
        base,
        hops,
    })
}

/// Walk from `name` down its `source_profile`s to where the chain starts,
/// collecting the role hops on the way (returned bottom first), with cycle
/// detection.
fn walk(
    profiles: &Profiles,
    name: &str,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<(Start, Vec<role::Pending>), Error> {
    let mut visited: Vec<String> = Vec::new();
    let mut pending: Vec<role::Pending> = Vec::new();
    let mut current = name.to_string();
    let start = loop {
        let section = match profiles.get(&current) {
            Some(s) => s,
            // As in the SDKs' default chain: no profile at all, but a web
            // identity in the environment (EKS, GitHub Actions).
            None if visited.is_empty() && name == "default" && env.web_identity.is_some() => {
                let link = start_link(profiles, name, &Section::new(), selected, env)?;
                break Start::Link(link.ok_or_else(|| not_found(profiles, name))?);
            }
            None if visited.is_empty() => return Err(not_found(profiles, name)),
            None => {
                let profile = visited.last().cloned().unwrap_or_default();
                return Err(Error::MissingSourceProfile {
                    location: profiles.locate(&profile),
                    suggestions: crate::profile::suggest(&current, profiles.names()),
                    profile,
                    source_profile: current,
                });
            }
        };
        if visited.contains(&current) {
            return Err(cycle(profiles, name, current, visited));
        }
        visited.push(current.clone());
        let is_source = visited.len() > 1;
        // As in botocore and the SDKs: a source profile's own static keys win
        // over its role_arn.
        if is_source && let Some(base) = own_keys(profiles, &current, section)? {
            break Start::Keys(base);
        }
        let Some(role_arn) = section.get("role_arn") else {
            if let Some(base) = own_keys(profiles, &current, section)? {
                break Start::Keys(base);
            }
            if let Some(link) = start_link(profiles, &current, section, selected, env)? {
                break Start::Link(link);
            }
            return Err(no_credentials(profiles, &current));
        };
        pending.push(role::Pending::from_profile(
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
                let Some(base) = own_keys(profiles, &current, section)? else {
                    return Err(cycle(profiles, name, current, visited));
                };
                break Start::Keys(base);
            }
            (Some(source), None) => current = source.clone(),
            (None, Some(source)) => break credential_source(profiles, &current, source, env)?,
            (None, None) if section.contains_key("web_identity_token_file") => {
                // The role_arn is the web identity's own, not a hop.
                pending.pop();
                break Start::Link(
                    web_identity::from_profile(profiles, &current, section, selected, env)?
                        .map(Call::WebIdentity),
                );
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

    pending.reverse();
    Ok((start, pending))
}

/// The cycle `visited` closes by coming back to `current`.
fn cycle(profiles: &Profiles, name: &str, current: String, mut visited: Vec<String>) -> Error {
    visited.push(current.clone());
    Error::Cycle {
        profile: name.to_string(),
        location: profiles.locate(&current),
        start: current,
        path: visited,
    }
}

/// Long-term keys and an MFA device (on the first hop, or on the keys' own
/// profile): an MFA session between them, shared by every chain on the same
/// keys and serial, so the hops above need no code.
fn mfa_session(
    profiles: &Profiles,
    base: Option<&Base>,
    pending: &mut [role::Pending],
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Option<Hop>, Error> {
    let Some(base) = base.filter(|b| b.session_token.is_none()) else {
        return Ok(None);
    };
    let own = profiles
        .get(&base.origin)
        .and_then(|s| role::mfa_of(&base.origin, s));
    let first = pending.first_mut().and_then(|p| p.mfa.take());
    let Some(mfa) = first.or(own) else {
        return Ok(None);
    };
    let holder = profiles.get(&base.origin).cloned().unwrap_or_default();
    let link = mfa::session_link(profiles, base, mfa, &holder, selected, env)?;
    Ok(Some(link.map(Call::SessionToken)))
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
    if let Some(link) = sso::profile::link(profiles, name, section, selected, env)? {
        return Ok(Some(link.map(|role| Call::Sso(Box::new(role)))));
    }
    if let Some(link) = login::link(profiles, name, section, selected, env)? {
        return Ok(Some(link.map(|session| Call::Login(Box::new(session)))));
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
        return Ok(Some(
            process::link(profiles, name, command, env)?.map(Call::Process),
        ));
    }
    if let Some(from_env) = &env.web_identity {
        return Ok(Some(
            web_identity::from_env(profiles, name, from_env, selected, env)?.map(Call::WebIdentity),
        ));
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
    let hop = role::Pending {
        profile: format!("{source}+{}", role.role_arn),
        section: Section::new(),
        role_arn: role.role_arn.clone(),
        external_id: role.external_id.clone(),
        session_name: role.session_name.clone(),
        duration_seconds: role.duration_seconds,
        mfa: None,
    }
    .finish(profiles, &selected, env, &parent_key)?
    .map(Call::AssumeRole);
    chain.profile = hop.profile.clone();
    chain.hops.push(hop);
    Ok(chain)
}

/// The chain of one SSO role reached straight from a sign-in, without a
/// profile (`batch --sso-session`), named `label`.
pub fn sso_role(session: &Session, account_id: &str, role_name: &str, label: &str) -> Chain {
    let hop = sso::profile::role_link(
        label,
        session.clone(),
        account_id.to_string(),
        role_name.to_string(),
    )
    .map(|role| Call::Sso(Box::new(role)));
    Chain {
        profile: label.to_string(),
        base: None,
        hops: vec![hop],
    }
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
        expiration: None,
        stored: None,
    })
}

/// Keys a keyring holds for `name` (`credbroker keys`): keyed on the key id
/// the index records, as keys in the files are; the secret is read by the
/// broker only when a link above them is refreshed.
fn keyring_base(name: &str, entry: &crate::keyring::index::Entry) -> Base {
    Base {
        origin: name.to_string(),
        key: hash(&["static", &entry.access_key_id]),
        access_key_id: entry.access_key_id.clone(),
        secret_access_key: Secret::new(""),
        session_token: None,
        expiration: None,
        stored: Some(entry.backend),
    }
}

/// Where `name`'s long-term keys are: the files first, then a keyring.
fn own_keys(profiles: &Profiles, name: &str, section: &Section) -> Result<Option<Base>, Error> {
    if section.contains_key("aws_access_key_id") {
        return static_base(profiles, name, section).map(Some);
    }
    Ok(profiles.stored.get(name).map(|e| keyring_base(name, e)))
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
                expiration: None,
                stored: None,
            })),
            _ => Err(invalid(
                profiles,
                name,
                "uses credential_source = Environment, but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set",
                "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            )),
        },
        "Ec2InstanceMetadata" => Ok(Start::Link(
            imds::link(name, env).map(Call::InstanceMetadata),
        )),
        "EcsContainer" => Ok(Start::Link(ecs::link(name, env).map(Call::Container))),
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

fn not_found(profiles: &Profiles, name: &str) -> Error {
    if let Some(ignored) = profiles.ignored.iter().find(|i| i.name == name) {
        return crate::profile::ignored_error(ignored);
    }
    Error::ProfileNotFound {
        profile: name.to_string(),
        files: profiles.describe_files(),
        suggestions: crate::profile::suggest(name, profiles.names()),
        chosen_by: None,
    }
}

/// `chain` as the console's sign-in federation endpoint takes it, which
/// wants a role's or a federated user's session: `chain` itself, unless it
/// ends in long-term keys or in the MFA session on them (which the endpoint
/// refuses). Then a federated user's session on those keys
/// (GetFederationToken, `duration_seconds` long) takes the place of what
/// was above them, and the MFA device left out, if any, comes back too
/// (GetFederationToken takes no code).
pub fn federated(
    profiles: &Profiles,
    mut chain: Chain,
    env: &EnvSnapshot,
    duration_seconds: i32,
) -> Result<(Chain, Option<String>), Error> {
    let refused = match chain.hops.last() {
        None => false,
        Some(hop)
            if hop.call.console_session() == ConsoleSession::Refused && chain.hops.len() == 1 =>
        {
            true
        }
        Some(_) => return Ok((chain, None)),
    };
    // Temporary keys written into a profile are a session already.
    let Some(base) = chain.base.as_ref().filter(|b| b.session_token.is_none()) else {
        return Ok((chain, None));
    };
    let selected = profiles.get(&chain.profile).cloned().unwrap_or_default();
    let link = federation::link(profiles, base, duration_seconds, &selected, env)?;
    let left_out = match refused {
        true => chain
            .hops
            .pop()
            .and_then(|h| h.call.mfa().map(|m| m.serial.clone())),
        false => None,
    };
    chain.hops.push(link.map(Call::FederationToken));
    Ok((chain, left_out))
}

/// The session a profile's chain starts from, for `credbroker login`.
pub fn sso_session_of(
    profiles: &Profiles,
    name: &str,
    env: &EnvSnapshot,
) -> Result<Session, Error> {
    let chain = match resolve(profiles, name, env) {
        Err(Error::NoCredentials { .. }) => None,
        other => Some(other?),
    };
    match chain.as_ref().and_then(|c| c.hops.first()).map(|h| &h.call) {
        Some(Call::Sso(sso)) => Ok(sso.session.clone()),
        _ => Err(invalid(
            profiles,
            name,
            "does not use SSO (neither it nor its source profiles set sso_session or sso_start_url)",
            "sign in with `credbroker login --sso-session NAME`, or name an SSO profile",
        )),
    }
}

#[cfg(test)]
mod tests;
