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
use crate::error::{ExitCode, Status};
use crate::output::env_vars;

pub fn run(ctx: &Context, args: ExecArgs) -> anyhow::Result<Status> {
    let resolved = ctx.resolve(&args.cred)?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| anyhow!("no command given after `--`"))?;
    let mut command = Command::new(program);
    command.args(rest);
    for (name, value) in env_vars(&resolved.credentials, resolved.region.as_deref()) {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    // A code works once: a credbroker run by CMD must not send it again.
    for var in crate::settings::CHILD_ENV_REMOVE {
        command.env_remove(var);
    }
    command.env("CREDBROKER_PROFILE", &resolved.chain.profile);
    let err = command.exec();
    crate::report::line(&format!(
        "error: cannot run `{}`: {err}",
        program.to_string_lossy()
    ));
    Ok(ExitCode::cannot_start(&err).into())
}
