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
use crate::runner::process::{Helper, split_command};
use crate::sts::StsTarget;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Process {
    pub command: String,
    /// The profiles being resolved, passed down to the command.
    pub resolving: Vec<String>,
    /// `program#hash`: the program's name and a hash of the whole command
    /// line, for labels and listings. The arguments may hold tokens and are
    /// never shown.
    pub label: String,
    /// The program is named by a relative path, so what runs depends on the
    /// working directory (part of the key, not of the memo's fingerprint).
    pub relative: bool,
    /// `credbroker_cache = false` on the profile: run every time.
    pub cache: bool,
}

impl Kind for Process {
    fn kind(&self) -> &'static str {
        "credential-process"
    }

    fn action(&self) -> &'static str {
        "credential_process command"
    }

    fn target(&self) -> &str {
        &self.label
    }

    fn memoizable(&self) -> bool {
        !self.relative
    }

    fn cached(&self) -> bool {
        self.cache
    }

    fn keyed_on_environment(&self) -> bool {
        true
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        fetch(cx, self).await
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
    let Some(argv) = split_command(command) else {
        return Err(link::invalid(
            profiles,
            name,
            "credential_process is empty or has unbalanced quotes",
            "quote the command as a POSIX shell would (no shell runs it)",
        ));
    };
    let cache = match profiles.get(name).and_then(|s| s.get("credbroker_cache")) {
        None => true,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            return Err(link::invalid(
                profiles,
                name,
                &format!("credbroker_cache = `{v}` is neither true nor false"),
                "set credbroker_cache = false to run the credential_process every time",
            ));
        }
    };
    let mut resolving = env.resolving.clone();
    resolving.push(name.to_string());
    let identity = Identity::of(&argv[0]);
    let key = link::hash(&[
        "credential-process",
        command,
        &identity.program,
        identity.cwd.as_deref().unwrap_or(""),
        &env.process_env,
        if cache { "" } else { "uncached" },
    ]);
    Ok(Link {
        profile: name.to_string(),
        call: Process {
            label: format!(
                "{}#{}",
                program_name(&argv[0]),
                &link::hash(&[command])[..8]
            ),
            command: command.to_string(),
            resolving,
            relative: identity.cwd.is_some(),
            cache,
        },
        sts: StsTarget {
            region: "us-east-1".into(),
            endpoint_url: None,
        },
        key,
    })
}

/// What selects the program a command line runs, beyond its text: the
/// file a bare name resolves to on `PATH` (itself in the environment's
/// digest), and the working directory for a relative path.
struct Identity {
    program: String,
    cwd: Option<String>,
}

impl Identity {
    fn of(program: &str) -> Self {
        let path = std::path::Path::new(program);
        if path.is_absolute() {
            return Self {
                program: program.to_string(),
                cwd: None,
            };
        }
        if program.contains('/') {
            let cwd = std::env::current_dir().unwrap_or_default();
            return Self {
                program: program.to_string(),
                cwd: Some(cwd.to_string_lossy().into_owned()),
            };
        }
        let found = crate::settings::env_var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(program))
                .find(|candidate| candidate.is_file())
        });
        Self {
            program: found
                .map_or_else(|| program.to_string(), |p| p.to_string_lossy().into_owned()),
            cwd: None,
        }
    }
}

/// The last part of a program's path: what labels show of a command.
fn program_name(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
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
async fn fetch(cx: &Fetch<'_>, call: &Process) -> Result<Credentials, CallFailure> {
    let helper = Helper {
        setting: "credential_process",
        profile: cx.profile,
        command: &call.command,
        env: vec![(RESOLVING_VAR, call.resolving.join("\n"))],
    };
    let source = helper.describe();
    let stdout = crate::runner::process::run(&helper, &cx.helpers)
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
