//! `credbroker batch`: many chains in one process, one JSON line each.
//!
//! All chains share one broker, so a link common to many of them (the source
//! profile of an organisation's roles) is refreshed by one task while the
//! others wait for it in-process. Tasks run on a multi-threaded runtime with
//! far more tasks than workers; nothing in the protocol blocks a worker, so
//! a fan-out of any size finishes.

use std::sync::Arc;

use anyhow::Context as _;
use serde::Serialize;
use tokio::task::JoinSet;

use super::Context;
use crate::broker::Broker;
use crate::chain::{self, AdHocRole, Chain, EnvSnapshot};
use crate::cli::BatchArgs;
use crate::error::{Error, ExitCode};
use crate::output::ProcessOutput;
use crate::profile::{self, Profiles};

/// `{"profile":…}` followed by the `credential_process` fields.
#[derive(Serialize)]
struct Line<'a> {
    profile: &'a str,
    #[serde(flatten)]
    credentials: ProcessOutput<'a>,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    profile: &'a str,
    error: String,
    exit_code: i32,
}

pub fn run(ctx: &Context, args: &BatchArgs) -> anyhow::Result<i32> {
    let profiles = profile::load()?;
    let targets = targets(&profiles, args)?;
    let broker = Arc::new(ctx.broker_with(args.min_ttl, args.force_refresh)?);
    raise_open_file_limit();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let progress = ctx.reporter.progress(targets.len() as u64);
    let code = runtime.block_on(fan_out(
        broker,
        targets,
        args.concurrency as usize,
        &progress,
    ));
    progress.finish_and_clear();
    code
}

/// Each task in flight holds a lock file and a connection: lift the soft
/// limit on open files to the hard one (1024 is a common soft default).
fn raise_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// (name, chain or the error resolving it), in the order given.
type Target = (String, Result<Chain, Error>);

fn targets(profiles: &Profiles, args: &BatchArgs) -> anyhow::Result<Vec<Target>> {
    let env = EnvSnapshot::from_process();
    let mut out: Vec<Target> = Vec::new();
    for pattern in &args.patterns {
        let matched: Vec<&str> = profiles.names().filter(|n| glob(pattern, n)).collect();
        if matched.is_empty() {
            out.push((pattern.clone(), chain::resolve(profiles, pattern, &env)));
        }
        for name in matched {
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_string(), chain::resolve(profiles, name, &env)));
            }
        }
    }
    if let (Some(file), Some(source)) = (&args.role_arns, &args.source_profile) {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        for arn in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let role = AdHocRole {
                role_arn: arn.to_string(),
                ..AdHocRole::default()
            };
            out.push((
                arn.to_string(),
                chain::resolve_ad_hoc(profiles, source, &role, &env),
            ));
        }
    }
    anyhow::ensure!(
        !out.is_empty(),
        "nothing to resolve: give profile patterns or --role-arns"
    );
    Ok(out)
}

async fn fan_out(
    broker: Arc<Broker>,
    targets: Vec<Target>,
    concurrency: usize,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<i32> {
    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    let mut first_failure = None;
    for (name, chain) in targets {
        let chain = match chain {
            Ok(c) => c,
            Err(e) => {
                first_failure.get_or_insert(e.exit_code() as i32);
                print_error(&name, &e)?;
                continue;
            }
        };
        let broker = broker.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            let result = broker.credentials(&chain).await;
            (name, result)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let (name, result) = joined.context("a resolution task failed")?;
        progress.inc(1);
        match result {
            Ok(creds) => {
                let line = Line {
                    profile: &name,
                    credentials: ProcessOutput::new(&creds),
                };
                crate::print_stdout(&format!("{}\n", serde_json::to_string(&line)?))?;
            }
            Err(e) => {
                first_failure.get_or_insert(e.exit_code() as i32);
                print_error(&name, &e)?;
            }
        }
    }
    Ok(first_failure.unwrap_or(ExitCode::Success as i32))
}

/// Errors go to stdout as JSON lines too, so a script sees every profile;
/// they carry no secrets.
fn print_error(name: &str, e: &Error) -> anyhow::Result<()> {
    let line = ErrorLine {
        profile: name,
        error: e.to_string(),
        exit_code: e.exit_code() as i32,
    };
    crate::print_stdout(&format!("{}\n", serde_json::to_string(&line)?))
}

/// Shell-style glob with `*` and `?`.
fn glob(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some('?'), Some(_)) => go(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs() {
        for (p, n, want) in [
            ("org-*", "org-prod", true),
            ("org-*", "org-", true),
            ("org-*", "dev", false),
            ("*", "x", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*-admin", "x-admin", true),
            ("exact", "exact", true),
            ("exact", "exactly", false),
        ] {
            assert_eq!(glob(p, n), want, "{p} vs {n}");
        }
    }
}
