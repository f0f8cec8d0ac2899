//! Raw profile data: the AWS config and credentials files, read with the same
//! parser the AWS SDK for Rust uses, turned into plain maps.
//!
//! Nothing here decides what a profile means; [`crate::chain`] does that as a
//! pure function over [`Profiles`], so it can be tested with tables of cases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aws_runtime::env_config::property::PropertiesKey;

use crate::error::Error;

/// The profile keys credbroker reads. The SDK's parser does not expose a
/// section's keys, so the set is named here.
const KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "role_arn",
    "source_profile",
    "credential_source",
    "external_id",
    "role_session_name",
    "duration_seconds",
    "mfa_serial",
    "region",
    "endpoint_url",
    "services",
    "ignore_configured_endpoint_urls",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "sso_region",
    "sso_registration_scopes",
    "credential_process",
];

/// The `[sso-session NAME]` keys credbroker reads.
const SSO_SESSION_KEYS: &[&str] = &["sso_start_url", "sso_region", "sso_registration_scopes"];

/// The `[services NAME]` service ids whose `endpoint_url` credbroker reads
/// besides `sts`.
const SSO_SERVICES: &[&str] = &["sso", "sso_oidc"];

pub type Section = BTreeMap<String, String>;

/// Every profile, merged from both files as the SDK merges them.
#[derive(Clone, Debug, Default)]
pub struct Profiles {
    pub profiles: BTreeMap<String, Section>,
    /// `[services NAME]` sections: NAME -> STS endpoint_url, when one is set.
    pub sts_endpoints: BTreeMap<String, String>,
    /// `[sso-session NAME]` sections.
    pub sso_sessions: BTreeMap<String, Section>,
    /// `[services NAME]` endpoints of the SSO portal and SSO OIDC:
    /// (NAME, `sso` | `sso_oidc`) -> endpoint_url.
    pub sso_endpoints: BTreeMap<(String, String), String>,
    pub config_file: PathBuf,
    pub credentials_file: PathBuf,
}

impl Profiles {
    pub fn get(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// "~/.aws/config and ~/.aws/credentials", for messages.
    pub fn describe_files(&self) -> String {
        format!(
            "{} and {}",
            self.config_file.display(),
            self.credentials_file.display()
        )
    }

    /// Where a profile is defined, as `path line N`, for messages. Reads the
    /// files again: this runs only on error paths.
    pub fn locate(&self, name: &str) -> String {
        let config_headers = if name == "default" {
            vec!["default".to_string(), "profile default".to_string()]
        } else {
            vec![format!("profile {name}")]
        };
        find_header(&self.config_file, &config_headers)
            .or_else(|| find_header(&self.credentials_file, &[name.to_string()]))
            .unwrap_or_else(|| self.config_file.display().to_string())
    }
}

impl Profiles {
    /// Where an `[sso-session NAME]` section is, as `path line N`.
    pub fn locate_sso_session(&self, name: &str) -> String {
        find_header(&self.config_file, &[format!("sso-session {name}")])
            .unwrap_or_else(|| self.config_file.display().to_string())
    }
}

fn find_header(path: &Path, headers: &[String]) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().enumerate().find_map(|(i, line)| {
        let inner = line.trim().strip_prefix('[')?.split(']').next()?;
        let inner = inner.split_whitespace().collect::<Vec<_>>().join(" ");
        headers
            .contains(&inner)
            .then(|| format!("{} line {}", path.display(), i + 1))
    })
}

/// The config and credentials file paths, as the SDK finds them.
fn default_paths() -> (PathBuf, PathBuf) {
    let home = dirs::home_dir().unwrap_or_default();
    let pick = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(default))
    };
    (
        pick("AWS_CONFIG_FILE", ".aws/config"),
        pick("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"),
    )
}

/// Load both files with `aws_config::profile::load`.
pub fn load() -> anyhow::Result<Profiles> {
    use aws_runtime::env_config::file::EnvConfigFiles as ProfileFiles;
    use aws_types::os_shim_internal::{Env, Fs};

    let (config_file, credentials_file) = default_paths();
    let fs = Fs::real();
    let env = Env::real();
    let files = ProfileFiles::default();
    // The real `Fs` reads synchronously inside the future, so it completes on
    // its first poll; no runtime is needed on the cache-hit path.
    let loaded = crate::block_on(aws_config::profile::load(&fs, &env, &files, None));
    let set = match loaded {
        Ok(set) => set,
        Err(err) => {
            // The SDK's error says what failed; its source says where.
            let mut message = err.to_string();
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message = cause.to_string();
                source = cause.source();
            }
            let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
            return Err(Error::ConfigParse { message }.into());
        }
    };

    let mut profiles = BTreeMap::new();
    for name in set.profiles() {
        let Some(profile) = set.get_profile(name) else {
            continue;
        };
        let section: Section = KEYS
            .iter()
            .filter_map(|k| profile.get(k).map(|v| (k.to_string(), v.to_string())))
            .collect();
        profiles.insert(name.to_string(), section);
    }

    let mut sts_endpoints = BTreeMap::new();
    for section in profiles.values() {
        let Some(services) = section.get("services") else {
            continue;
        };
        let key = PropertiesKey::builder()
            .section_key("services")
            .section_name(services)
            .property_name("sts")
            .sub_property_name("endpoint_url")
            .build();
        if let Ok(key) = key
            && let Some(url) = set.other_sections().get(&key)
        {
            sts_endpoints.insert(services.clone(), url.clone());
        }
    }

    let sso_sessions = set
        .sso_sessions()
        .filter_map(|name| {
            let session = set.sso_session(name)?;
            let section: Section = SSO_SESSION_KEYS
                .iter()
                .filter_map(|k| session.get(k).map(|v| (k.to_string(), v.to_string())))
                .collect();
            Some((name.to_string(), section))
        })
        .collect();
    let mut sso_endpoints = BTreeMap::new();
    for services in profiles.values().filter_map(|s| s.get("services")) {
        for service in SSO_SERVICES {
            let key = PropertiesKey::builder()
                .section_key("services")
                .section_name(services)
                .property_name(*service)
                .sub_property_name("endpoint_url")
                .build();
            if let Ok(key) = key
                && let Some(url) = set.other_sections().get(&key)
            {
                sso_endpoints.insert((services.clone(), service.to_string()), url.clone());
            }
        }
    }

    Ok(Profiles {
        profiles,
        sts_endpoints,
        sso_sessions,
        sso_endpoints,
        config_file,
        credentials_file,
    })
}
