//! What goes to stdout: the `credential_process` JSON, shell exports, and
//! what Kubernetes clients read.

pub mod kube;
pub mod shell;

use std::io::Write;

use serde::Serialize;

use crate::clock::rfc3339;
use crate::credentials::Credentials;

/// The `credential_process` shape; `batch` lines embed it too.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessOutput<'a> {
    version: u8,
    access_key_id: &'a str,
    secret_access_key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration: Option<String>,
}

impl<'a> ProcessOutput<'a> {
    pub fn new(creds: &'a Credentials) -> Self {
        ProcessOutput {
            version: 1,
            access_key_id: &creds.access_key_id,
            secret_access_key: creds.secret_access_key.expose(),
            session_token: creds.session_token.as_ref().map(|t| t.expose()),
            expiration: creds.expiration.map(rfc3339),
        }
    }
}

/// The credentials' environment ([`env_vars`]) rendered as `format`
/// statements: what `export` prints and `batch --env-dir` writes.
pub fn render_env(format: shell::ShellFormat, creds: &Credentials, region: Option<&str>) -> String {
    render_vars(format, &env_vars(creds, region))
}

/// Variables in the shape of [`env_vars`] (`None`: unset) rendered as
/// `format` statements.
pub fn render_vars(format: shell::ShellFormat, vars: &[(&'static str, Option<String>)]) -> String {
    let vars: Vec<shell::Var<'_>> = vars
        .iter()
        .map(|(name, value)| match value {
            Some(v) => shell::Var::Set(name, v),
            None => shell::Var::Unset(name),
        })
        .collect();
    shell::render(format, &vars)
}

/// A cache entry's state for listings: `fresh until T`, `refresh due
/// (expires T)`, `expired T`, `missing`, plus a backoff in force. Freshness
/// and backoff are the broker's own rules ([`crate::credentials::freshness`],
/// [`crate::credentials::in_backoff`]).
pub fn link_state(
    read: &crate::cache::Read,
    refresh_window: std::time::Duration,
    now: i64,
) -> String {
    use crate::cache::Read;
    use crate::credentials::{Freshness, freshness, in_backoff};
    let entry = match read {
        Read::Missing => return "missing".into(),
        Read::Corrupt(_) => return "corrupt (will be rewritten)".into(),
        Read::Found(entry) => entry,
    };
    let backoff = entry
        .failure
        .as_ref()
        .filter(|f| in_backoff(f.retry_after, now))
        .map(|f| format!(", {} until {}", f.code, rfc3339(f.retry_after)))
        .unwrap_or_default();
    let window = i64::try_from(refresh_window.as_secs()).unwrap_or(i64::MAX);
    let creds = match &entry.credentials {
        None => "no credentials".to_string(),
        Some(c) => {
            let until = c.expiration.map(rfc3339).unwrap_or_default();
            match freshness(c, window, now) {
                Freshness::Expired => format!("expired {until}"),
                Freshness::RefreshDue => format!("refresh due (expires {until})"),
                Freshness::Fresh => format!("fresh until {until}"),
            }
        }
    };
    format!("{creds}{backoff}")
}

/// The one line `credential_process` prints.
pub fn credential_process_json(creds: &Credentials) -> String {
    serde_json::to_string(&ProcessOutput::new(creds)).expect("plain strings always serialize")
}

/// The environment a credential consumer needs, in a fixed order: `Some` to
/// set, `None` to unset. The one list of variables that `export` unsets and
/// `exec` removes, because they would shadow or contradict the credentials.
pub fn env_vars(creds: &Credentials, region: Option<&str>) -> Vec<(&'static str, Option<String>)> {
    let mut vars: Vec<(&'static str, Option<String>)> = vec![
        ("AWS_ACCESS_KEY_ID", Some(creds.access_key_id.clone())),
        (
            "AWS_SECRET_ACCESS_KEY",
            Some(creds.secret_access_key.expose().to_string()),
        ),
        (
            "AWS_SESSION_TOKEN",
            creds.session_token.as_ref().map(|t| t.expose().to_string()),
        ),
        ("AWS_CREDENTIAL_EXPIRATION", creds.expiration.map(rfc3339)),
    ];
    vars.extend(region_vars(region));
    vars.extend(SHADOWING.iter().map(|&name| (name, None)));
    vars
}

/// What [`env_vars`] always unsets: a profile in the environment would make
/// SDKs ignore the keys; boto2-era clients read a stale token from
/// AWS_SECURITY_TOKEN.
pub const SHADOWING: &[&str] = &["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"];

/// The environment a client of a credential server needs, in the shape of
/// [`env_vars`]: the server's URL and token, the region as [`env_vars`]
/// sets it, and, unset, every variable through which an SDK would find
/// credentials before it asks the server ([`SERVER_SHADOWING`]).
pub fn server_env_vars(
    url: &str,
    token: &str,
    region: Option<&str>,
) -> Vec<(&'static str, Option<String>)> {
    let mut vars: Vec<(&'static str, Option<String>)> = vec![
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", Some(url.to_string())),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", Some(token.to_string())),
    ];
    vars.extend(region_vars(region));
    vars.extend(SERVER_SHADOWING.iter().map(|&name| (name, None)));
    vars
}

/// What [`server_env_vars`] unsets: the SDKs' default chains (botocore,
/// the JavaScript and Rust SDKs alike) take keys from the environment, a
/// profile, and a web identity before the container endpoint; the relative
/// URI wins over the full one, and a token file over the token.
pub const SERVER_SHADOWING: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

/// `AWS_REGION` and `AWS_DEFAULT_REGION` (which boto3 reads), when a region
/// is to be set.
fn region_vars(region: Option<&str>) -> Vec<(&'static str, Option<String>)> {
    region
        .into_iter()
        .flat_map(|r| {
            [
                ("AWS_REGION", Some(r.into())),
                ("AWS_DEFAULT_REGION", Some(r.into())),
            ]
        })
        .collect()
}

/// Write to stdout; a closed pipe (`credbroker export | head`) is not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn credential_process_has_the_exact_shape() {
        let creds = Credentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("s\"e/c"),
            session_token: Some(Secret::new("tok")),
            expiration: Some(1_795_400_000),
            issued_at: None,
        };
        assert_eq!(
            credential_process_json(&creds),
            r#"{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"s\"e/c","SessionToken":"tok","Expiration":"2026-11-23T02:13:20Z"}"#
        );
    }

    /// `list` shows a backoff exactly when the broker keeps to it: one
    /// further ahead than any backoff (a clock that jumped) is ignored by
    /// both.
    #[test]
    fn list_shows_the_backoff_the_broker_keeps() {
        use crate::cache::{Entry, Failure, Label, Read};
        use crate::credentials::BACKOFF_CAP;
        let now = 1_800_000_000;
        let state = |retry_after: i64| {
            let entry = Entry {
                version: 1,
                generation: 1,
                label: Label {
                    profile: "p".into(),
                    role_arn: "arn:aws:iam::111111111111:role/r".into(),
                    endpoint: None,
                },
                credentials: None,
                failure: Some(Failure {
                    kind: crate::error::FailureKind::Transient,
                    code: "Throttling".into(),
                    message: String::new(),
                    at: now - 1,
                    consecutive: 1,
                    retry_after,
                    witness: None,
                }),
            };
            link_state(
                &Read::Found(Box::new(entry)),
                std::time::Duration::from_secs(900),
                now,
            )
        };
        assert!(state(now + 60).contains("Throttling until"));
        assert!(state(now + BACKOFF_CAP).contains("Throttling until"));
        assert_eq!(state(now), "no credentials");
        assert_eq!(state(now + BACKOFF_CAP + 1), "no credentials");
    }

    #[test]
    fn long_term_keys_have_no_token_or_expiration() {
        let creds = Credentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: Secret::new("x"),
            session_token: None,
            expiration: None,
            issued_at: None,
        };
        assert_eq!(
            credential_process_json(&creds),
            r#"{"Version":1,"AccessKeyId":"AKIAEXAMPLE","SecretAccessKey":"x"}"#
        );
    }
}
