//! Raw profile data: the AWS config and credentials files, read with the same
//! parser the AWS SDK for Rust uses, turned into plain maps.
//!
//! Nothing here decides what a profile means; `chain` does that as a
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
    "mfa_process",
    "mfa_session_duration",
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
    "login_session",
    "credbroker_cache",
    "console_browser_profile",
];

/// The `[sso-session NAME]` keys credbroker reads.
const SSO_SESSION_KEYS: &[&str] = &["sso_start_url", "sso_region", "sso_registration_scopes"];

/// The `[services NAME]` service ids whose `endpoint_url` credbroker reads
/// besides `sts`.
const SSO_SERVICES: &[&str] = &["sso", "sso_oidc", "signin"];

pub type Section = BTreeMap<String, String>;

/// Every profile, merged from both files as the SDK merges them.
#[derive(Clone, Debug, Default)]
pub struct Profiles {
    pub profiles: BTreeMap<String, Section>,
    /// `[services NAME]` sections: NAME -> STS endpoint_url, when one is set.
    pub sts_endpoints: BTreeMap<String, String>,
    /// `[sso-session NAME]` sections.
    pub sso_sessions: BTreeMap<String, Section>,
    /// `[services NAME]` endpoints of the SSO portal, SSO OIDC and AWS
    /// Sign-In: (NAME, `sso` | `sso_oidc` | `signin`) -> endpoint_url.
    pub sso_endpoints: BTreeMap<(String, String), String>,
    pub config_file: PathBuf,
    pub credentials_file: PathBuf,
    /// Which of the two files does not exist (config, credentials).
    pub missing: (bool, bool),
    /// Profile sections the SDK's parser dropped (a name with a space or a
    /// non-ASCII letter, `[profile x]` in the credentials file, ...), so
    /// that "not found" can say where they are and why.
    pub ignored: Vec<Ignored>,
    /// Profiles whose long-term keys are in a keyring (`keys.toml`).
    pub stored: crate::keyring::index::Index,
}

/// A profile section present in a file that the SDK's parser ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub name: String,
    /// `path line N`.
    pub location: String,
}

impl Profiles {
    /// These profiles with the keyring keys of `index`: a profile stored
    /// there but named in neither file is a profile of its own (as
    /// `aws-vault add` makes one), with nothing but its keys.
    pub fn with_stored(mut self, index: crate::keyring::index::Index) -> Self {
        for name in index.profiles.keys() {
            self.profiles.entry(name.clone()).or_default();
        }
        self.stored = index;
        self
    }

    pub fn get(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// "~/.aws/config and ~/.aws/credentials", for messages.
    pub fn describe_files(&self) -> String {
        let (config, credentials) = (self.config_file.display(), self.credentials_file.display());
        match self.missing {
            (true, true) => format!("{config} and {credentials}, neither of which exists"),
            (true, false) => format!("{config} (which does not exist) and {credentials}"),
            (false, true) => format!("{config} and {credentials} (which does not exist)"),
            (false, false) => format!("{config} and {credentials}"),
        }
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

/// The config and credentials file paths, as the SDK finds them
/// (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, a leading `~` is the
/// home directory).
pub fn default_paths() -> (PathBuf, PathBuf) {
    let home = dirs::home_dir().unwrap_or_default();
    let pick = |var: &str, default: &str| match crate::settings::env_var_os(var)
        .filter(|v| !v.is_empty())
    {
        None => home.join(default),
        Some(v) => {
            let path = PathBuf::from(v);
            match path.strip_prefix("~") {
                Ok(rest) => home.join(rest),
                Err(_) => path,
            }
        }
    };
    (
        pick("AWS_CONFIG_FILE", ".aws/config"),
        pick("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"),
    )
}

/// A file's text: `None` when it does not exist; an error naming the file
/// when it exists but cannot be read or is not UTF-8. (The SDK's loader logs
/// and skips such a file, which can turn a role chain into the long-term
/// keys of `[default]`.)
fn read_text(path: &Path) -> Result<Option<String>, Error> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::ConfigFile {
                path: path.to_path_buf(),
                message: format!("cannot be read: {}", e),
            });
        }
    };
    decode(path, bytes).map(Some)
}

/// A file's bytes as text, or an error naming the file and the line of the
/// first byte that is not UTF-8.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        Error::ConfigFile {
            path: path.to_path_buf(),
            message: format!(
                "is not UTF-8 text: line {line} has the byte 0x{:02x}",
                bytes[at]
            ),
        }
    })
}

/// Load both files: read them here (see [`read_text`]), then [`parse`] them.
pub fn load(keys_index: &Path) -> anyhow::Result<Profiles> {
    let (config_file, credentials_file) = default_paths();
    let config_text = read_text(&config_file)?;
    let credentials_text = read_text(&credentials_file)?;
    let profiles = parse(
        config_text.as_deref(),
        credentials_text.as_deref(),
        config_file,
        credentials_file,
    )?;
    let index =
        crate::keyring::index::Index::load(keys_index).map_err(|message| Error::ConfigFile {
            path: keys_index.to_path_buf(),
            message,
        })?;
    Ok(profiles.with_stored(index))
}

/// Parse the two files' text (`None`: the file does not exist) with the
/// SDK's own parser (`aws_config::profile::load`), as [`load`] does; unit
/// tests build their [`Profiles`] here too, so they read text exactly as the
/// binary does. The paths only name the files in messages.
pub fn parse(
    config_text: Option<&str>,
    credentials_text: Option<&str>,
    config_file: PathBuf,
    credentials_file: PathBuf,
) -> Result<Profiles, Error> {
    for (text, path) in [
        (config_text, &config_file),
        (credentials_text, &credentials_file),
    ] {
        check_headers(text.unwrap_or_default(), path)?;
    }
    let set = load_with_sdk(
        config_text,
        credentials_text,
        &config_file,
        &credentials_file,
    )?;
    let profiles = sections(set.profiles(), KEYS, |name, key| {
        set.get_profile(name)?.get(key).map(str::to_string)
    });
    let sso_sessions = sections(set.sso_sessions(), SSO_SESSION_KEYS, |name, key| {
        set.sso_session(name)?.get(key).map(str::to_string)
    });
    let services = |service: &str| {
        let mut found = BTreeMap::new();
        for name in profiles.values().filter_map(|s| s.get("services")) {
            if let Some(url) = service_endpoint(&set, name, service) {
                found.insert(name.clone(), url);
            }
        }
        found
    };
    let sts_endpoints = services("sts");
    let mut sso_endpoints = BTreeMap::new();
    for service in SSO_SERVICES {
        for (name, url) in services(service) {
            sso_endpoints.insert((name, service.to_string()), url);
        }
    }
    let mut ignored = Vec::new();
    for (text, path, kind) in [
        (config_text, &config_file, HeaderKind::Config),
        (credentials_text, &credentials_file, HeaderKind::Credentials),
    ] {
        let headers = text.map(|t| profile_headers(t, kind));
        for (line, name) in headers.unwrap_or_default() {
            if !profiles.contains_key(&name) {
                ignored.push(Ignored {
                    name,
                    location: format!("{} line {line}", path.display()),
                });
            }
        }
    }
    let profiles = Profiles {
        profiles,
        sts_endpoints,
        sso_sessions,
        sso_endpoints,
        config_file,
        credentials_file,
        missing: (config_text.is_none(), credentials_text.is_none()),
        ignored,
        stored: Default::default(),
    };
    check_values(&profiles)?;
    Ok(profiles)
}

/// The key of `section` whose value holds a control character, if any (a
/// tab separates a command's words as a space does).
fn control_key(section: &Section) -> Option<&str> {
    let command = |key: &str| matches!(key, "credential_process" | "mfa_process");
    section
        .iter()
        .find(|(k, v)| {
            v.chars()
                .any(|c| c.is_control() && !(c == '\t' && command(k)))
        })
        .map(|(k, _)| k.as_str())
}

/// No value credbroker reads may hold a control character: it would reach
/// STS, a helper's command line, labels and messages. The SDK's parser
/// keeps them (and a line's `\r`); such a file is malformed.
fn check_values(profiles: &Profiles) -> Result<(), Error> {
    let hint = "remove it: an AWS config value is one line of text".to_string();
    if let Some((name, key)) = profiles
        .profiles
        .iter()
        .find_map(|(name, section)| Some((name, control_key(section)?)))
    {
        return Err(Error::InvalidProfile {
            profile: name.clone(),
            location: profiles.locate(name),
            message: format!("`{key}` holds a control character"),
            hint,
        });
    }
    let sessions = profiles.sso_sessions.iter().find_map(|(name, section)| {
        Some((
            format!("[sso-session {name}]"),
            control_key(section)?.to_string(),
        ))
    });
    let endpoints = profiles
        .sts_endpoints
        .iter()
        .map(|(name, url)| (name.as_str(), "sts", url))
        .chain(
            profiles
                .sso_endpoints
                .iter()
                .map(|((n, s), url)| (n.as_str(), s.as_str(), url)),
        )
        .find(|(_, _, url)| url.chars().any(char::is_control))
        .map(|(name, service, _)| {
            (
                format!("[services {name}]"),
                format!("{service}.endpoint_url"),
            )
        });
    match sessions.or(endpoints) {
        None => Ok(()),
        Some((section, key)) => Err(Error::ConfigFile {
            path: profiles.config_file.clone(),
            message: format!("has a control character in `{key}` of {section}; {hint}"),
        }),
    }
}

/// Both files through the SDK's own parser, from memory.
/// Refuse a file that spells one section two ways (`[profile web]` and
/// `[profile web ]`, `[profile  web]`, a tab or a `\r` inside the brackets):
/// the SDK's parser takes both for one section and merges them in an order
/// that changes from run to run, so which `role_arn` wins would too. The
/// same header twice is merged in file order, as botocore does: allowed.
fn check_headers(text: &str, path: &Path) -> Result<(), Error> {
    let mut seen: std::collections::HashMap<String, (usize, &str)> = Default::default();
    for (i, line) in text.lines().enumerate() {
        let Some(inner) = line
            .strip_prefix('[')
            .and_then(|rest| rest.rfind(']').map(|end| &rest[..end]))
        else {
            continue;
        };
        let section = inner.split_whitespace().collect::<Vec<_>>().join(" ");
        match seen.get(&section) {
            Some(&(first, spelled)) if spelled != inner => {
                return Err(Error::ConfigFile {
                    path: path.to_path_buf(),
                    message: format!(
                        "spells the section [{}] two ways, on line {first} and line {}: the AWS \
                         SDKs' parser merges them in no fixed order, so which values win would \
                         change from run to run; make them one section",
                        crate::error::excerpt(&section, crate::error::QUOTE_MAX),
                        i + 1
                    ),
                });
            }
            Some(_) => {}
            None => {
                seen.insert(section, (i + 1, inner));
            }
        }
    }
    Ok(())
}

fn load_with_sdk(
    config_text: Option<&str>,
    credentials_text: Option<&str>,
    config_file: &Path,
    credentials_file: &Path,
) -> Result<aws_config::profile::ProfileSet, Error> {
    use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles as ProfileFiles};
    use aws_types::os_shim_internal::{Env, Fs};

    // Each file the SDK's parser reads by its real path (so its errors name
    // it), from memory; a missing file is empty, as in the SDK.
    let mut map = std::collections::HashMap::new();
    let mut files = ProfileFiles::builder()
        .include_default_config_file(false)
        .include_default_credentials_file(false);
    // Config first, then credentials: the order of the SDK's default file
    // set, so credentials win where both set a key.
    for (text, path, kind) in [
        (config_text, config_file, EnvConfigFileKind::Config),
        (
            credentials_text,
            credentials_file,
            EnvConfigFileKind::Credentials,
        ),
    ] {
        files = match text {
            Some(text) => {
                map.insert(path.as_os_str().to_os_string(), text.as_bytes().to_vec());
                files.with_file(kind, path)
            }
            None => files.with_contents(kind, ""),
        };
    }
    let files = files.build();
    let fs = Fs::from_raw_map(map);
    let env = Env::from_slice(&[]);
    // The in-memory `Fs` completes on the first poll; no runtime is needed
    // on the cache-hit path.
    let loaded = crate::runtime::block_on(aws_config::profile::load(&fs, &env, &files, None));
    loaded.map_err(|err| {
        // The SDK's error says what failed; its source says where.
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            message = cause.to_string();
            source = cause.source();
        }
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        Error::ConfigParse { message }
    })
}

/// The `keys` credbroker reads of each named section, as `get` finds them.
fn sections<'a>(
    names: impl Iterator<Item = &'a str>,
    keys: &[&str],
    get: impl Fn(&str, &str) -> Option<String>,
) -> BTreeMap<String, Section> {
    names
        .map(|name| {
            let section = keys
                .iter()
                .filter_map(|k| get(name, k).map(|v| (k.to_string(), v)))
                .collect();
            (name.to_string(), section)
        })
        .collect()
}

/// `service = endpoint_url = URL` in `[services NAME]`, if set.
fn service_endpoint(
    set: &aws_config::profile::ProfileSet,
    name: &str,
    service: &str,
) -> Option<String> {
    let key = PropertiesKey::builder()
        .section_key("services")
        .section_name(name)
        .property_name(service)
        .sub_property_name("endpoint_url")
        .build()
        .ok()?;
    set.other_sections().get(&key).cloned()
}

/// The error for a profile the SDK's parser ignored.
pub fn ignored_error(ignored: &Ignored) -> Error {
    Error::InvalidProfile {
        // As the file has it, which may be anything.
        profile: crate::error::excerpt(&ignored.name, crate::error::QUOTE_MAX),
        location: ignored.location.clone(),
        message: "this section is ignored by the AWS SDKs' config parser, which credbroker \
                  uses: profile names may hold only ASCII letters, digits and `_-/.%@:+`, \
                  and sections must be `[profile NAME]` in the config file and `[NAME]` in \
                  the credentials file"
            .into(),
        hint: "rename the section (boto3 and the AWS CLI accept more names, the SDKs for \
               Rust, Go and Java do not)"
            .into(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderKind {
    Config,
    Credentials,
}

/// `(line, profile name)` of every section header that names a profile as a
/// person (and boto3) reads it: `[default]` and `[profile NAME]` in the
/// config file (other prefixes, `sso-session` and `services`, are not
/// profiles), `[NAME]` in the credentials file. Which of these the SDK
/// keeps is the SDK's decision, read back from its result.
fn profile_headers(text: &str, kind: HeaderKind) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let inner = line.strip_prefix('[')?;
            let inner = &inner[..inner.rfind(']')?];
            let inner = inner.trim_matches([' ', '\t']);
            let name = match (kind, inner.split_once([' ', '\t'])) {
                (HeaderKind::Credentials, _) | (HeaderKind::Config, None) => inner,
                (HeaderKind::Config, Some(("profile", rest))) => rest.trim_matches([' ', '\t']),
                (HeaderKind::Config, Some(_)) => return None,
            };
            Some((i + 1, name.to_string()))
        })
        .collect()
}

/// Up to three names close to `name`: by edit distance, or sharing a prefix.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let length = name.chars().count();
    let limit = (length / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let related = c.starts_with(name) || name.starts_with(c) || c.contains(name);
            // The distance is at least the difference in length: a name
            // far longer than any profile's (a hostile value) costs no
            // quadratic comparison.
            let d = match length.abs_diff(c.chars().count()) {
                gap if gap > limit => gap,
                _ => strsim::levenshtein(name, c),
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_config(text: &str) -> Result<Profiles, Error> {
        parse(Some(text), None, "/c".into(), "/k".into())
    }

    /// The SDK's parser merges two spellings of one header in an order
    /// that changes from run to run (seen: 25 runs of 50 gave each value).
    #[test]
    fn one_section_spelled_two_ways_is_an_error() {
        for first in [
            "[profile web ]",
            "[profile  web]",
            "[ profile web]",
            "[profile\tweb]",
            "[profile web\r]",
        ] {
            let text = format!("{first}\nrole_arn = one\n\n[profile web]\nrole_arn = two\n");
            let err = parse_config(&text).unwrap_err().to_string();
            assert!(
                err.contains("spells the section [profile web] two ways, on line 1 and line 4"),
                "{first:?}: {err}"
            );
        }
        let twice = "[profile web]\nregion = a\n[profile web]\nrole_arn = b\n";
        assert_eq!(
            parse_config(twice).unwrap().get("web").unwrap()["role_arn"],
            "b"
        );
        let err = parse(
            None,
            Some("[web]\nx = 1\n[web ]\n"),
            "/c".into(),
            "/k".into(),
        );
        assert!(err.unwrap_err().to_string().starts_with("/k spells"));
    }

    #[test]
    fn a_control_character_in_a_value_is_an_error_naming_it() {
        let err =
            parse_config("[profile p]\nrole_arn = arn:aws:iam::1\u{1b}[31m:role/x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "profile `p` (/c): `role_arn` holds a control character"
        );
        let err = parse_config("[sso-session s]\nsso_region = us\u{0}\n").unwrap_err();
        assert!(
            err.to_string().contains("`sso_region` of [sso-session s]"),
            "{err}"
        );
        assert!(parse_config("[profile p]\nrole_arn = a\tb\n").is_err());
        // CRLF files, tabs between a command's words, and keys credbroker
        // does not read are fine.
        let ok = parse_config("[profile p]\r\nregion = eu-west-1\r\ncli_pager = \u{7}\r\ncredential_process = a\tb\r\n").unwrap();
        assert_eq!(ok.get("p").unwrap()["region"], "eu-west-1");
    }
}
