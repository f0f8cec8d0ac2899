//! `credbroker exec PROFILE -- CMD`: run CMD with credentials.
//!
//! credbroker replaces itself with CMD (execvp): signals from the terminal
//! or from a supervisor reach CMD directly, and CMD's exit code is the one
//! the caller sees. Nothing of credbroker remains that could hold a lock.

use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::anyhow;

use super::Context;
use crate::cli::ExecArgs;
use crate::output::env_vars;

/// Variables that would shadow or contradict the credentials we set.
const STALE: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    // A code works once: a credbroker run by CMD must not send it again.
    "CREDBROKER_MFA_TOKEN",
];

pub fn run(ctx: &Context, args: ExecArgs) -> anyhow::Result<i32> {
    let resolved = ctx.resolve(&args.cred)?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| anyhow!("no command given after `--`"))?;
    let mut command = Command::new(program);
    command.args(rest);
    for name in STALE {
        command.env_remove(name);
    }
    for (name, value) in env_vars(&resolved.credentials, resolved.region.as_deref()) {
        if let Some(value) = value {
            command.env(name, value);
        }
    }
    command.env("CREDBROKER_PROFILE", &resolved.chain.profile);
    let err = command.exec();
    let code = match err.kind() {
        std::io::ErrorKind::NotFound => 127,
        _ => 126,
    };
    eprintln!("error: cannot run `{}`: {err}", program.to_string_lossy());
    Ok(code)
}
