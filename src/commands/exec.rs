//! `credbroker exec PROFILE -- CMD`: run CMD with credentials.
//!
//! credbroker replaces itself with CMD (execvp): signals from the terminal
//! or from a supervisor reach CMD directly, and CMD's exit code is the one
//! the caller sees. Nothing of credbroker remains that could hold a lock.
//!
//! With `--server`, CMD gets a credential server instead of keys
//! (`serve`'s, see [`super::serve::start`]), so credbroker stays: CMD's
//! parent for its whole life, it forwards the signals meant for CMD,
//! exits with CMD's status, and the server stops with CMD.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus};
use std::sync::Arc;

use anyhow::anyhow;

use super::Context;
use crate::cli::ExecArgs;
use crate::error::{ExitCode, Status};
use crate::output::env_vars;

pub fn run(ctx: Context, args: ExecArgs) -> anyhow::Result<Status> {
    if args.server {
        return with_server(ctx, args);
    }
    let resolved = ctx.resolve(&args.cred)?;
    let mut command = command(&args.command)?;
    set_env(
        &mut command,
        &env_vars(&resolved.credentials, resolved.region.as_deref()),
        &resolved.chain.profile,
    );
    let err = command.exec();
    Ok(cannot_run(&args.command, &err))
}

/// CMD with its arguments.
fn command(argv: &[OsString]) -> anyhow::Result<Command> {
    let (program, rest) = argv
        .split_first()
        .ok_or_else(|| anyhow!("no command given after `--`"))?;
    let mut command = Command::new(program);
    command.args(rest);
    Ok(command)
}

/// `vars` (`None`: removed) and `CREDBROKER_PROFILE` in CMD's environment,
/// without the variables no child gets.
fn set_env(command: &mut Command, vars: &[(&'static str, Option<String>)], profile: &str) {
    for (name, value) in vars {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    // A code works once: a credbroker run by CMD must not send it again.
    for var in crate::settings::CHILD_ENV_REMOVE {
        command.env_remove(var);
    }
    command.env("CREDBROKER_PROFILE", profile);
}

/// CMD could not be started: said as a shell says it, with its code.
fn cannot_run(argv: &[OsString], err: &std::io::Error) -> Status {
    let program = argv
        .first()
        .map(|p| p.to_string_lossy())
        .unwrap_or_default();
    crate::report::line(&format!("error: cannot run `{program}`: {err}"));
    ExitCode::cannot_start(err).into()
}

/// `exec --server`: a server on loopback for CMD's lifetime.
fn with_server(ctx: Context, args: ExecArgs) -> anyhow::Result<Status> {
    let mut command = command(&args.command)?;
    let runtime = crate::runtime::server()?;
    let listen = crate::server::address::DEFAULT;
    let started = runtime.block_on(super::serve::start(Arc::new(ctx), vec![args.cred], listen))?;
    let served = &started.served[0];
    set_env(&mut command, &served.env(&started)?, &served.name);
    runtime.block_on(async move {
        let signals = forwarded_signals()?;
        let child = match tokio::process::Command::from(command).spawn() {
            Ok(child) => child,
            Err(err) => return Ok(cannot_run(&args.command, &err)),
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(started.server.run(async {
            let _ = stopped.await;
        }));
        let status = supervise(child, signals).await;
        let _ = stop.send(());
        let _ = server.await;
        Ok(Status::of_child(status?))
    })
}

/// The signals credbroker passes on to CMD. SIGINT from a terminal's
/// Ctrl-C reaches CMD directly (the two share a process group), so it is
/// passed on only when stdin is no terminal (a `kill -INT` meant for the
/// pair) or CMD left the group.
const FORWARDED: [libc::c_int; 8] = [
    libc::SIGINT,
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGWINCH,
];

/// From now on, the signals of [`FORWARDED`] arrive here instead of
/// ending credbroker.
fn forwarded_signals() -> std::io::Result<tokio::sync::mpsc::UnboundedReceiver<libc::c_int>> {
    use tokio::signal::unix::{SignalKind, signal};
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    for number in FORWARDED {
        let mut stream = signal(SignalKind::from_raw(number))?;
        let tx = tx.clone();
        tokio::spawn(
            async move { while stream.recv().await.is_some() && tx.send(number).is_ok() {} },
        );
    }
    Ok(rx)
}

/// Wait for CMD, passing on the signals that arrive meanwhile.
async fn supervise(
    mut child: tokio::process::Child,
    mut signals: tokio::sync::mpsc::UnboundedReceiver<libc::c_int>,
) -> std::io::Result<ExitStatus> {
    use std::io::IsTerminal;
    let interactive = std::io::stdin().is_terminal();
    loop {
        tokio::select! {
            status = child.wait() => return status,
            Some(number) = signals.recv() => {
                let Some(pid) = child.id().map(|id| id as libc::pid_t) else { continue };
                // SAFETY: plain queries and a signal to our own child,
                // which is not reaped yet (`wait` has not returned).
                unsafe {
                    let same_group = libc::getpgid(pid) == libc::getpgrp();
                    if number == libc::SIGINT && interactive && same_group {
                        continue;
                    }
                    libc::kill(pid, number);
                }
            }
        }
    }
}
