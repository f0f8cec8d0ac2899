//! `batch … -- CMD ARGS`: one command per target, with that target's
//! credentials in its environment.
//!
//! Each command runs in a process group of its own with stdin closed: a
//! terminal's Ctrl-C reaches credbroker only, which forwards it to every
//! running group once (so no command sees it twice), and stops starting new
//! ones. A command that outlives its target's timeout, or a batch that goes
//! away, takes its whole group with it (SIGKILL). Output lines are prefixed
//! with the target's label, or written to `<label>.out` / `<label>.err`.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Mutex;

use anyhow::Context as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use super::printer::{Printer, Stream};
use crate::credentials::Credentials;
use crate::error::Status;
use crate::output::env_vars;

pub struct Spec {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub prefix: bool,
    pub output_dir: Option<PathBuf>,
}

/// What a command learns about its target, beyond the credentials.
pub struct Env<'a> {
    pub label: &'a str,
    pub profile: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub role_arn: Option<&'a str>,
    pub region: Option<&'a str>,
}

/// Process groups of the commands running now, for signal forwarding.
#[derive(Default)]
pub struct Running {
    groups: Mutex<HashSet<i32>>,
}

impl Running {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<i32>> {
        self.groups.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Send `signal` to every running command's group.
    pub fn signal(&self, signal: i32) {
        for pgid in self.lock().iter() {
            // SAFETY: kill only sends a signal to the group we created.
            unsafe {
                libc::kill(-pgid, signal);
            }
        }
    }
}

/// Removes a group from `Running` and kills what is left of it when the
/// command is abandoned (timeout, interruption) before it was reaped.
struct Group<'a> {
    running: &'a Running,
    pgid: i32,
    reaped: bool,
}

impl Drop for Group<'_> {
    fn drop(&mut self) {
        self.running.lock().remove(&self.pgid);
        if !self.reaped {
            // SAFETY: as above; the group is ours.
            unsafe {
                libc::kill(-self.pgid, libc::SIGKILL);
            }
        }
    }
}

/// Run the command for one target; its exit status as a shell reports it
/// (128 + signal when killed). `Err` when it could not be started.
pub async fn run(
    spec: &Spec,
    env: &Env<'_>,
    creds: &Credentials,
    index: usize,
    printer: &Printer,
    running: &Running,
) -> anyhow::Result<Status> {
    let mut cmd = tokio::process::Command::new(&spec.program);
    cmd.args(&spec.args)
        .stdin(Stdio::null())
        .process_group(0)
        .kill_on_drop(true);
    for (name, value) in env_vars(creds, env.region) {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    for var in crate::settings::CHILD_ENV_REMOVE {
        cmd.env_remove(var);
    }
    cmd.env("CREDBROKER_TARGET", env.label);
    for (name, value) in [
        ("CREDBROKER_PROFILE", env.profile),
        ("CREDBROKER_ACCOUNT_ID", env.account_id),
        ("CREDBROKER_ROLE_ARN", env.role_arn),
    ] {
        match value {
            Some(v) => cmd.env(name, v),
            None => cmd.env_remove(name),
        };
    }
    match &spec.output_dir {
        Some(dir) => {
            let file = |ext: &str| -> anyhow::Result<Stdio> {
                let path = dir.join(super::targets::file_name(env.label, ext));
                let f = std::fs::File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                Ok(Stdio::from(f))
            };
            cmd.stdout(file(".out")?).stderr(file(".err")?);
        }
        None => {
            cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        }
    }
    let mut child = cmd.spawn().with_context(|| {
        format!(
            "cannot run `{}` for {}",
            spec.program.to_string_lossy(),
            env.label
        )
    })?;
    let pgid = child.id().map_or(0, |id| id as i32);
    running.lock().insert(pgid);
    let mut group = Group {
        running,
        pgid,
        reaped: false,
    };
    let prefix = match spec.prefix {
        true => format!("[{}] ", env.label).into_bytes(),
        false => Vec::new(),
    };
    let out = child.stdout.take();
    let err = child.stderr.take();
    let copy_out = copy_lines(out, &prefix, index, Stream::Stdout, printer);
    let copy_err = copy_lines(err, &prefix, index, Stream::Stderr, printer);
    let (status, (), ()) = tokio::join!(child.wait(), copy_out, copy_err);
    let status = status.context("waiting for the command")?;
    group.reaped = true;
    Ok(Status::of_child(status))
}

/// Copy a command's output to the printer line by line, each prefixed.
async fn copy_lines(
    from: Option<impl AsyncRead + Unpin>,
    prefix: &[u8],
    index: usize,
    stream: Stream,
    printer: &Printer,
) {
    let Some(from) = from else { return };
    let mut reader = BufReader::new(from);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let mut out = Vec::with_capacity(prefix.len() + line.len() + 1);
                out.extend_from_slice(prefix);
                out.extend_from_slice(&line);
                if !line.ends_with(b"\n") {
                    out.push(b'\n');
                }
                printer.out(index, stream, out);
            }
        }
    }
}
