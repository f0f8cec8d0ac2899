//! From a profile to an SSO link: `sso_session` with an `[sso-session]`
//! section, or the legacy keys on the profile itself, as botocore reads
//! them (keys set in both places must agree).

use crate::error::Error;
use crate::kinds::sso::{Session, SsoRole};
use crate::link::{self, EnvSnapshot, Link, Service, invalid};
use crate::profile::{Profiles, Section};
use crate::sts::StsTarget;

/// The SSO link `section` describes, if it describes one.
pub fn link(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Option<Link<SsoRole>>, Error> {
    let session = match (section.get("sso_session"), section.get("sso_start_url")) {
        (Some(session), _) => from_session(profiles, name, section, session)?,
        (None, Some(start_url)) => legacy(profiles, name, section, start_url)?,
        (None, None) if section.contains_key("sso_account_id") => {
            return Err(invalid(
                profiles,
                name,
                "sets sso_account_id without sso_session or sso_start_url",
                "add `sso_session = NAME` and an `[sso-session NAME]` section with sso_start_url and sso_region",
            ));
        }
        (None, None) => return Ok(None),
    };
    let require = |key: &str| {
        section.get(key).cloned().ok_or_else(|| {
            invalid(
                profiles,
                name,
                &format!("uses SSO but has no {key}"),
                &format!("add `{key} = …` to the profile (sso_account_id and sso_role_name name the role to sign in to)"),
            )
        })
    };
    let account_id = require("sso_account_id")?;
    let role_name = require("sso_role_name")?;
    let endpoint = |service: Service| {
        link::endpoint_url(env, &service, section, selected, |services| {
            profiles
                .sso_endpoints
                .get(&(services.to_string(), service.key.to_string()))
                .cloned()
        })
        .map_err(|message| {
            invalid(
                profiles,
                name,
                &message,
                "write the endpoint as a full URL, e.g. `https://portal.sso.eu-west-1.amazonaws.com`",
            )
        })
    };
    let session = Session {
        portal_endpoint: endpoint(portal_service(env))?,
        oidc_endpoint: endpoint(oidc_service(env))?,
        ..session
    };
    Ok(Some(role_link(name, session, account_id, role_name)))
}

/// The link to `role_name` in `account_id` through `session`, named
/// `profile`: from a profile, or straight from what a sign-in lists
/// (`batch --sso-session`). The key does not hold the name, so both share
/// one cache entry.
pub fn role_link(
    profile: &str,
    session: Session,
    account_id: String,
    role_name: String,
) -> Link<SsoRole> {
    let key = link::hash(&[
        "sso",
        session.name.as_deref().unwrap_or(""),
        &session.start_url,
        &account_id,
        &role_name,
        // Which portal issued them, as for STS endpoints.
        session.portal_endpoint.as_deref().unwrap_or(""),
    ]);
    let sts = StsTarget {
        region: session.region.clone(),
        endpoint_url: session.portal_endpoint.clone(),
    };
    Link {
        profile: profile.to_string(),
        call: SsoRole {
            target: format!("sso:{account_id}/{role_name}"),
            session,
            account_id,
            role_name,
        },
        sts,
        key,
    }
}

/// An `[sso-session NAME]` on its own, for `credbroker login --sso-session`.
pub fn session_named(profiles: &Profiles, name: &str, env: &EnvSnapshot) -> Result<Session, Error> {
    if !profiles.sso_sessions.contains_key(name) {
        return Err(Error::SsoSessionNotFound {
            name: name.to_string(),
            file: profiles.config_file.display().to_string(),
            suggestions: crate::profile::suggest(
                name,
                profiles.sso_sessions.keys().map(String::as_str),
            ),
        });
    }
    let empty = Section::new();
    let mut session = from_session(profiles, name, &empty, name)?;
    session.profile = String::new();
    let endpoint = |service: Service| {
        link::endpoint_url(env, &service, &empty, &empty, |_| None).map_err(|message| {
            Error::InvalidProfile {
                profile: name.to_string(),
                location: profiles.locate_sso_session(name),
                message,
                hint: "write the endpoint as a full URL".into(),
            }
        })
    };
    session.oidc_endpoint = endpoint(oidc_service(env))?;
    session.portal_endpoint = endpoint(portal_service(env))?;
    Ok(session)
}

fn portal_service(env: &EnvSnapshot) -> Service<'_> {
    Service {
        name: "SSO portal",
        key: "sso",
        env_var: "AWS_ENDPOINT_URL_SSO",
        env_value: env.endpoint_url_sso.as_deref(),
    }
}

fn oidc_service(env: &EnvSnapshot) -> Service<'_> {
    Service {
        name: "SSO OIDC",
        key: "sso_oidc",
        env_var: "AWS_ENDPOINT_URL_SSO_OIDC",
        env_value: env.endpoint_url_sso_oidc.as_deref(),
    }
}

fn from_session(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    session_name: &str,
) -> Result<Session, Error> {
    let Some(sso) = profiles.sso_sessions.get(session_name) else {
        return Err(invalid(
            profiles,
            name,
            &format!(
                "names sso_session `{session_name}`, but there is no [sso-session {session_name}] section"
            ),
            &format!(
                "add `[sso-session {session_name}]` with sso_start_url and sso_region to {}",
                profiles.config_file.display()
            ),
        ));
    };
    let session_err = |message: String, hint: String| Error::InvalidProfile {
        profile: name.to_string(),
        location: profiles.locate_sso_session(session_name),
        message,
        hint,
    };
    let get = |key: &str| -> Result<String, Error> {
        let value = sso.get(key).cloned().ok_or_else(|| {
            session_err(
                format!("its [sso-session {session_name}] has no {key}"),
                format!("add `{key} = …` to [sso-session {session_name}]"),
            )
        })?;
        match section.get(key) {
            Some(own) if *own != value => Err(session_err(
                format!("sets {key} = {own}, but its [sso-session {session_name}] says {value}"),
                format!("remove {key} from the profile (the sso-session's value is used)"),
            )),
            _ => Ok(value),
        }
    };
    let start_url = get("sso_start_url")?;
    let region = get("sso_region")?;
    let scopes = sso
        .get("sso_registration_scopes")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Session {
        name: Some(session_name.to_string()),
        start_url,
        region,
        scopes,
        oidc_endpoint: None,
        portal_endpoint: None,
        profile: name.to_string(),
    })
}

fn legacy(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    start_url: &str,
) -> Result<Session, Error> {
    let Some(region) = section.get("sso_region") else {
        return Err(invalid(
            profiles,
            name,
            "sets sso_start_url but no sso_region",
            "add `sso_region = …` (the region of your IAM Identity Center), or move both into an [sso-session] section",
        ));
    };
    Ok(Session {
        name: None,
        start_url: start_url.to_string(),
        region: region.clone(),
        scopes: Vec::new(),
        oidc_endpoint: None,
        portal_endpoint: None,
        profile: name.to_string(),
    })
}
