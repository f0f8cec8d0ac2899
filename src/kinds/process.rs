//! A nested `credential_process`: a profile whose credentials come from a
//! command. Run as the AWS CLI runs it (split into words, no shell), its
//! stdout parsed as `Version: 1` JSON and validated; cached as a link keyed
//! on the command line when the answer has an expiration, run every time
//! when it has none (as the SDKs do).
//!
//! Recursion guard: a command that calls credbroker for a profile already
//! being resolved up the process tree would fork forever. Each credbroker
//! passes the stack of profiles it is resolving down in
//! `CREDBROKER_RESOLVING` (one name per line), and a credbroker asked for a
//! profile on that stack fails at once.

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, Expect};
use crate::credentials::Credentials;
use crate::error::{CallFailure, Error, ExitCode, FailureKind, NESTED_CONFIG, exit_status_code};
use crate::link::{self, EnvSnapshot, Fetch, Kind, Link, RESOLVING_VAR};
use crate::profile::Profiles;
use crate::runner::process::{blocking, run_captured, split_command};
use crate::sts::StsTarget;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Process {
    pub command: String,
    /// The profiles being resolved, passed down to the command.
    pub resolving: Vec<String>,
}

impl Kind for Process {
    fn kind(&self) -> &'static str {
        "credential-process"
    }

    fn action(&self) -> &'static str {
        "credential_process command"
    }

    fn target(&self) -> &str {
        &self.command
    }

    async fn fetch(&self, _cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        fetch(self).await
    }
}

/// The error for a profile that is already being resolved up the tree.
pub fn recursion(profiles: &Profiles, name: &str, stack: &[String]) -> Error {
    let path: Vec<&str> = stack
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(name))
        .collect();
    link::invalid(
        profiles,
        name,
        &format!(
            "is already being resolved by a credbroker process up the process tree ({}): \
             its credential_process calls credbroker for a profile of its own chain, which would never end",
            path.join(" -> ")
        ),
        &format!(
            "give credbroker a separate profile for its own use: put the chain (role_arn, source_profile, ...) \
             in e.g. `[profile {name}-chain]` and set `credential_process = credbroker credential-process --profile {name}-chain`"
        ),
    )
}

/// The link of `name`'s `credential_process`.
pub fn link(
    profiles: &Profiles,
    name: &str,
    command: &str,
    env: &EnvSnapshot,
) -> Result<Link<Process>, Error> {
    if env.resolving.iter().any(|p| p == name) {
        return Err(recursion(profiles, name, &env.resolving));
    }
    if split_command(command).is_none() {
        return Err(link::invalid(
            profiles,
            name,
            &format!("credential_process `{command}` is empty or has unbalanced quotes"),
            "quote the command as a POSIX shell would (no shell runs it)",
        ));
    }
    let mut resolving = env.resolving.clone();
    resolving.push(name.to_string());
    Ok(Link {
        profile: name.to_string(),
        call: Process {
            command: command.to_string(),
            resolving,
        },
        sts: StsTarget {
            region: "us-east-1".into(),
            endpoint_url: None,
        },
        key: link::hash(&["credential-process", command]),
    })
}

/// A command that exits 3, as credbroker does on a configuration error (a
/// loop through this very profile, most often): the same error here, so
/// that the outer credbroker exits 3 too, as the README says.
fn nested_config(f: CallFailure, source: &str) -> CallFailure {
    match f.code == exit_status_code(ExitCode::Config as i32) {
        true => CallFailure {
            kind: FailureKind::Permanent,
            code: NESTED_CONFIG.into(),
            message: format!(
                "{source} exited with status 3, credbroker's exit code for a configuration error"
            ),
        },
        false => f,
    }
}

/// What a `credential_process` prints.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    version: Option<i64>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    expiration: Option<String>,
}

/// Run the command and validate what it prints.
async fn fetch(call: &Process) -> Result<Credentials, CallFailure> {
    let argv = split_command(&call.command).unwrap_or_default();
    let env = vec![(RESOLVING_VAR, call.resolving.join("\n"))];
    let program = argv.first().cloned().unwrap_or_default();
    let source = format!("credential_process `{program}`");
    let stdout = blocking(move || run_captured(&argv, &env))
        .await
        .map_err(|f| nested_config(f, &source))?;
    let bad = |message: String| CallFailure {
        kind: FailureKind::Permanent,
        code: "InvalidAnswer".into(),
        message,
    };
    // Only where, never what: the text holds secrets.
    let out: Output = serde_json::from_str(stdout.trim()).map_err(|e| {
        bad(format!(
            "{source} printed something that is not credential_process JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if out.version != Some(1) {
        return Err(bad(format!(
            "{source} printed Version {}, expected 1",
            out.version.map_or("(missing)".into(), |v| v.to_string())
        )));
    }
    let expiration = match &out.expiration {
        None => None,
        Some(text) => Some(
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                .map_err(|_| {
                    bad(format!(
                        "{source} printed an Expiration that is not RFC 3339: `{text}`"
                    ))
                })?
                .unix_timestamp(),
        ),
    };
    Answer {
        access_key_id: out.access_key_id,
        secret_access_key: out.secret_access_key,
        session_token: out.session_token,
        expiration,
    }
    .validate(Expect::KeysAtLeast, crate::clock::now(), &source)
    // A local command that answers badly will answer the same next time.
    .map_err(|f| CallFailure {
        kind: FailureKind::Permanent,
        ..f
    })
}
