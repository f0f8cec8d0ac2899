//! `credbroker batch`: many targets in one process.
//!
//! All targets share one broker, so a link common to many of them (the
//! source profile of an organisation's roles) is refreshed by one task while
//! the others wait for it in-process, and one throttle, so that STS
//! throttling slows the whole batch down instead of failing targets. Tasks
//! run on a multi-threaded runtime with far more tasks than workers; nothing
//! in the protocol blocks a worker, so a fan-out of any size finishes.
//!
//! Targets are started in input order, at most `--concurrency` at a time;
//! once the batch stops (`--fail-fast`, a closed stdout, a signal) no new
//! target starts, and the summary still says what happened to each.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::Serialize;
use tokio::task::JoinSet;

use super::Context;
use super::context::region_to_set;
use crate::batch::command::{self, Running};
use crate::batch::printer::{Printer, Stream};
use crate::batch::stop::{Reason, Stop};
use crate::batch::targets::{self, Problem, RoleEntry};
use crate::broker::Broker;
use crate::chain::{self, AdHocRole, Chain, EnvSnapshot};
use crate::cli::BatchArgs;
use crate::credentials::Credentials;
use crate::error::{Error, ExitCode, Status};
use crate::kinds::sso::Session;
use crate::kinds::sso::accounts::Account;
use crate::link::Kind;
use crate::organizations;
use crate::output::ProcessOutput;
use crate::output::shell::ShellFormat;
use crate::profile::Profiles;
use crate::throttle::Throttle;

/// One thing to get credentials for.
struct Target {
    label: String,
    profile: Option<String>,
    account_id: Option<String>,
    role_arn: Option<String>,
    /// The region to give a command or an .env file.
    region: Option<String>,
    chain: Result<Chain, Error>,
}

/// What became of a target.
#[derive(Clone)]
enum Outcome {
    Ok,
    Failed { code: Status, kind: &'static str },
}

/// `{"target":…,"profile":…,"account_id":…,"role_arn":…,"ok":…}` followed by
/// the `credential_process` fields or the error.
#[derive(Serialize)]
struct Line<'a> {
    target: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a str>,
    account_id: Option<&'a str>,
    role_arn: Option<&'a str>,
    ok: bool,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    credentials: Option<ProcessOutput<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i32>,
}

/// Where each target's result goes.
enum Mode {
    Lines,
    EnvDir(std::path::PathBuf),
    Command(command::Spec),
}

pub fn run(ctx: &Context, args: &BatchArgs) -> anyhow::Result<Status> {
    let profiles = ctx.profiles()?;
    if let Some(source) = &args.source_profile {
        // Once, rather than the same error on every target built on it.
        chain::resolve(&profiles, source, &EnvSnapshot::from_process())?;
    }
    let listed = match &args.sso_session {
        Some(name) => {
            let listing = crate::cli::SsoListing {
                sso_session: Some(name.clone()),
                refresh: false,
                list_concurrency: 16,
            };
            Some(super::sso_accounts::listing(ctx, &profiles, &listing)?)
        }
        None => None,
    };
    let org = match args.org {
        true => org_accounts(ctx, &profiles, args)?,
        false => Vec::new(),
    };
    let targets = match &listed {
        Some((session, accounts)) => sso_targets(session, accounts, args),
        None => targets(&profiles, args, &org),
    };
    let targets = match targets {
        Ok(t) => t,
        Err(problems) => return Ok(usage_error(&problems)),
    };
    let mode = mode(args)?;
    let throttle = Arc::new(Throttle::new(crate::throttle::RETRIES));
    let sts = ctx.sts().with_throttle(throttle);
    let broker = Arc::new(ctx.broker_on(args.force_refresh, sts)?);
    raise_open_file_limit();
    let runtime = crate::runtime::multi_thread(2)?;
    let bar = match args.quiet {
        true => indicatif::ProgressBar::hidden(),
        false => ctx.reporter.progress(targets.len() as u64),
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} · {per_sec} · ETA {eta} · {msg}",
        )
        .expect("a valid template"),
    );
    let stop = Arc::new(Stop::default());
    use std::io::IsTerminal;
    let stdout_bar = std::io::stdout().is_terminal().then(|| bar.clone());
    let (printer, printed) = Printer::start(args.ordered, stdout_bar, stop.clone());
    let batch = Batch {
        broker,
        mode,
        printer,
        stop: stop.clone(),
        running: Running::default(),
        live: Mutex::new(HashMap::new()),
        failed: Default::default(),
        timeout: args.timeout,
        fail_fast: args.fail_fast,
        bar: bar.clone(),
    };
    let total = targets.len();
    let outcomes = runtime.block_on(fan_out(Arc::new(batch), targets_arc(targets), args));
    // The printer's thread ends once every task's clone of it is gone.
    drop(runtime);
    let write_error = printed.finish();
    bar.finish_and_clear();
    let (outcomes, labels) = outcomes?;
    summary(&outcomes, &labels, total, args.quiet, stop.reason());
    if let Some(e) = write_error {
        return Err(anyhow::Error::new(e).context("cannot write to stdout"));
    }
    Ok(exit_code(&outcomes, stop.reason()))
}

fn targets_arc(targets: Vec<Target>) -> Vec<Arc<Target>> {
    targets.into_iter().map(Arc::new).collect()
}

fn mode(args: &BatchArgs) -> anyhow::Result<Mode> {
    if let Some((program, rest)) = args.command.split_first() {
        if let Some(dir) = &args.output_dir {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        return Ok(Mode::Command(command::Spec {
            program: program.clone(),
            args: rest.to_vec(),
            prefix: !args.no_prefix,
            output_dir: args.output_dir.clone(),
        }));
    }
    match &args.env_dir {
        Some(dir) => {
            // It receives secrets: ours alone, as the cache directory.
            crate::cache::private_dir(
                dir,
                crate::cache::PrivateDir {
                    what: "--env-dir directory",
                    setting: "--env-dir",
                },
            )?;
            Ok(Mode::EnvDir(dir.clone()))
        }
        None => Ok(Mode::Lines),
    }
}

/// Bad input: every problem, one per line, then the fix; exit 2.
fn usage_error(problems: &[Problem]) -> Status {
    let mut text = String::new();
    for p in problems.iter().take(50) {
        text.push_str(&format!("error: {}: {}\n", p.place, p.message));
    }
    if problems.len() > 50 {
        text.push_str(&format!("error: … and {} more\n", problems.len() - 50));
    }
    text.push_str(
        "hint: nothing was sent to STS; `credbroker batch --help` shows what batch accepts",
    );
    crate::report::line(&text);
    ExitCode::Usage.into()
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

/// Every target, validated, deduplicated, in input order; or every problem.
fn targets(
    profiles: &Profiles,
    args: &BatchArgs,
    org: &[String],
) -> Result<Vec<Target>, Vec<Problem>> {
    let env = EnvSnapshot::from_process();
    let mut problems = Vec::new();
    let mut out: Vec<(Target, String)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut unmatched: Vec<&str> = Vec::new();
    for pattern in &args.patterns {
        let matched: Vec<&str> = profiles.names().filter(|n| glob(pattern, n)).collect();
        if matched.is_empty() && pattern.contains(['*', '?', '[']) {
            unmatched.push(pattern);
        }
        let names = match matched.is_empty() {
            // Resolving it reports "not found", with a did-you-mean.
            true => vec![pattern.as_str()],
            false => matched,
        };
        for name in names {
            if seen.insert(format!("profile\0{name}")) {
                out.push((profile_target(profiles, name, &env), "a profile".into()));
            }
        }
    }
    let roles = role_entries(profiles, args, &env, org, &mut problems);
    if let Some(source) = &args.source_profile {
        for (entry, origin) in roles {
            if !seen.insert(format!("role\0{source}\0{}", entry.role_arn)) {
                continue;
            }
            let role = AdHocRole {
                role_arn: entry.role_arn.clone(),
                ..AdHocRole::default()
            };
            let target = Target {
                label: entry
                    .label
                    .clone()
                    .unwrap_or_else(|| targets::default_role_label(&entry)),
                profile: None,
                account_id: Some(entry.account_id.clone()),
                role_arn: Some(entry.role_arn.clone()),
                region: region_to_set(profiles, source, &env),
                chain: chain::resolve_ad_hoc(profiles, source, &role, &env),
            };
            out.push((target, origin));
        }
    }
    problems.extend(targets::clashing_labels(
        out.iter()
            .map(|(t, origin)| (t.label.as_str(), origin.as_str())),
    ));
    // Only globs that matched nothing: nothing to resolve, and the input
    // is the mistake (beside other targets, each is a failed line).
    if out.len() == unmatched.len() && problems.is_empty() {
        out.clear();
        problems.extend(unmatched.iter().map(|pattern| Problem {
            place: format!("pattern `{pattern}`"),
            message: format!("matches no profile in {}", profiles.describe_files()),
        }));
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem {
            place: "batch".into(),
            message: "nothing to resolve: give profile patterns, --role-arns FILE, or --accounts/--accounts-file with --role-name (all with --source-profile but the patterns)".into(),
        });
    }
    match problems.is_empty() {
        true => Ok(out.into_iter().map(|(t, _)| t).collect()),
        false => Err(problems),
    }
}

/// The ids of the active accounts of the organization (`--org`), listed
/// with the credentials of `--org-profile` (default: the source profile).
fn org_accounts(
    ctx: &Context,
    profiles: &Profiles,
    args: &BatchArgs,
) -> anyhow::Result<Vec<String>> {
    let env = EnvSnapshot::from_process();
    let Some(name) = args.org_profile.as_ref().or(args.source_profile.as_ref()) else {
        anyhow::bail!("--org needs --source-profile (or --org-profile) to list the organization");
    };
    let chain = chain::resolve(profiles, name, &env)?;
    let throttle = Arc::new(Throttle::new(crate::throttle::RETRIES));
    let broker = ctx.broker_on(false, ctx.sts().with_throttle(throttle))?;
    let region = region_to_set(profiles, name, &env).unwrap_or_else(|| "us-east-1".into());
    let listed = crate::runtime::runtime()?.block_on(async {
        let credentials = broker.credentials(&chain).await?;
        let target = organizations::Target {
            credentials: &credentials,
            region,
            endpoint_url: organizations::endpoint_from_env(),
        };
        organizations::active_accounts(&target, broker.sts(), args.ou.as_deref())
            .await
            .map_err(|f| org_failed(name, f))
    })?;
    Ok(listed.into_iter().map(|a| a.id).collect())
}

fn org_failed(profile: &str, f: crate::error::CallFailure) -> Error {
    Error::call_failed(
        profile.to_string(),
        None,
        "Organizations account listing",
        f,
    )
}

/// Every (account, role) the sign-in lists, kept by `--role-name` and
/// `--accounts` when given; labelled `ACCOUNT_NAME/ROLE` (with the account
/// id after a name that two accounts share).
fn sso_targets(
    session: &Session,
    listed: &[Account],
    args: &BatchArgs,
) -> Result<Vec<Target>, Vec<Problem>> {
    let mut problems = Vec::new();
    for role in &args.role_name {
        if let Err(message) = targets::role_name(role) {
            problems.push(Problem {
                place: "--role-name".into(),
                message,
            });
        }
    }
    for id in &args.accounts {
        if let Err(message) = targets::account_id(id.trim()) {
            problems.push(Problem {
                place: "--accounts".into(),
                message,
            });
        }
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for account in listed {
        *names.entry(account.account_name.as_str()).or_default() += 1;
    }
    let keep_account =
        |id: &str| args.accounts.is_empty() || args.accounts.iter().any(|a| a.trim() == id);
    let keep_role =
        |role: &str| args.role_name.is_empty() || args.role_name.iter().any(|r| r == role);
    let mut out = Vec::new();
    for account in listed.iter().filter(|a| keep_account(&a.account_id)) {
        let name = match names.get(account.account_name.as_str()) {
            Some(1) if !account.account_name.is_empty() => account.account_name.clone(),
            _ => format!("{}-{}", account.account_name, account.account_id),
        };
        for role in account.roles.iter().filter(|r| keep_role(r)) {
            let label = format!("{name}/{role}");
            out.push(Target {
                chain: Ok(chain::sso_role(session, &account.account_id, role, &label)),
                label,
                profile: None,
                account_id: Some(account.account_id.clone()),
                role_arn: None,
                region: None,
            });
        }
    }
    problems.extend(targets::clashing_labels(
        out.iter()
            .map(|t| (t.label.as_str(), "the sign-in's listing")),
    ));
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem {
            place: "--sso-session".into(),
            message: format!(
                "{} lists no account and role that --role-name and --accounts keep",
                session.describe()
            ),
        });
    }
    match problems.is_empty() {
        true => Ok(out),
        false => Err(problems),
    }
}

fn profile_target(profiles: &Profiles, name: &str, env: &EnvSnapshot) -> Target {
    let chain = chain::resolve(profiles, name, env);
    let last = chain.as_ref().ok().and_then(|c| c.hops.last());
    let role_arn = last.and_then(|h| h.role_arn()).map(str::to_string);
    let account_id = match &role_arn {
        Some(arn) => targets::role_arn(arn).ok(),
        None => last.and_then(|h| h.call.account_id()).map(str::to_string),
    };
    Target {
        label: name.to_string(),
        profile: Some(name.to_string()),
        account_id,
        role_arn,
        region: region_to_set(profiles, name, env),
        chain,
    }
}

/// The roles of --role-arns, --accounts and --accounts-file, each with
/// where it came from (for clashing labels).
fn role_entries(
    profiles: &Profiles,
    args: &BatchArgs,
    env: &EnvSnapshot,
    org: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<(RoleEntry, String)> {
    let mut out = Vec::new();
    if let Some(file) = &args.role_arns
        && let Some(text) = read_input(file, problems)
    {
        let (entries, bad) = targets::parse_role_arns(&text, file);
        problems.extend(bad);
        out.extend(
            entries
                .into_iter()
                .map(|e| (e, format!("{}", file.display()))),
        );
    }
    let mut accounts: Vec<(String, Option<String>, String)> = Vec::new();
    for id in &args.accounts {
        let id = id.trim();
        match targets::account_id(id) {
            Ok(()) => accounts.push((id.to_string(), None, "--accounts".into())),
            Err(message) => problems.push(Problem {
                place: "--accounts".into(),
                message,
            }),
        }
    }
    accounts.extend(org.iter().map(|id| (id.clone(), None, "--org".to_string())));
    if let Some(file) = &args.accounts_file
        && let Some(text) = read_input(file, problems)
    {
        let (entries, bad) = targets::parse_accounts(&text, file);
        problems.extend(bad);
        let origin = file.display().to_string();
        accounts.extend(entries.into_iter().map(|(id, l)| (id, l, origin.clone())));
    }
    let role_name = match (&args.role_name[..], &args.source_profile) {
        ([], _) => {
            if !accounts.is_empty() {
                problems.push(Problem {
                    place: "--accounts".into(),
                    message: "account ids need --role-name (the role to assume in each)".into(),
                });
            }
            return out;
        }
        (_, None) => {
            problems.push(Problem {
                place: "--role-name".into(),
                message: "needs --source-profile (whose credentials assume it), or --sso-session"
                    .into(),
            });
            return out;
        }
        ([one], Some(_)) => one,
        (_, Some(_)) => {
            problems.push(Problem {
                place: "--role-name".into(),
                message:
                    "give one role name with --source-profile (several only with --sso-session)"
                        .into(),
            });
            return out;
        }
    };
    if let Err(message) = targets::role_name(role_name) {
        problems.push(Problem {
            place: "--role-name".into(),
            message,
        });
        return out;
    }
    let source = args.source_profile.as_deref().unwrap_or_default();
    let region = env
        .region
        .clone()
        .or_else(|| profiles.get(source).and_then(|p| p.get("region").cloned()))
        .unwrap_or_default();
    let partition = targets::partition(&region);
    for (account_id, label, origin) in accounts {
        let entry = RoleEntry {
            role_arn: targets::arn_for(partition, &account_id, role_name),
            label: Some(label.unwrap_or_else(|| account_id.clone())),
            account_id,
        };
        out.push((entry, origin));
    }
    out
}

/// An input file's text, or a problem naming it.
fn read_input(file: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    match std::fs::read_to_string(file) {
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(Problem {
                place: file.display().to_string(),
                message: format!("cannot read it: {e}"),
            });
            None
        }
    }
}

/// What every task shares.
struct Batch {
    broker: Arc<Broker>,
    mode: Mode,
    printer: Printer,
    stop: Arc<Stop>,
    running: Running,
    /// Targets in flight: label and start, for the progress bar.
    live: Mutex<HashMap<usize, (String, Instant)>>,
    failed: std::sync::atomic::AtomicUsize,
    timeout: Option<Duration>,
    fail_fast: bool,
    bar: indicatif::ProgressBar,
}

type Outcomes = (Vec<Option<Outcome>>, Vec<String>);

async fn fan_out(
    batch: Arc<Batch>,
    targets: Vec<Arc<Target>>,
    args: &BatchArgs,
) -> anyhow::Result<Outcomes> {
    let labels: Vec<String> = targets.iter().map(|t| t.label.clone()).collect();
    // Registered before any target starts, so no signal slips past.
    use tokio::signal::unix::{SignalKind, signal};
    let handlers = (
        signal(SignalKind::interrupt()).context("cannot handle SIGINT")?,
        signal(SignalKind::terminate()).context("cannot handle SIGTERM")?,
    );
    let signals = tokio::spawn(forward_signals(batch.clone(), handlers));
    let ticker = (!batch.bar.is_hidden()).then(|| tokio::spawn(tick(batch.clone())));
    let permits = Arc::new(tokio::sync::Semaphore::new(args.concurrency as usize));
    let mut outcomes: Vec<Option<Outcome>> = vec![None; targets.len()];
    let mut tasks = JoinSet::new();
    let mut next = 0;
    let collect = |joined: Result<(usize, Outcome), tokio::task::JoinError>,
                   outcomes: &mut Vec<Option<Outcome>>|
     -> anyhow::Result<()> {
        let (i, outcome) = joined.context("a batch task failed")?;
        outcomes[i] = Some(outcome);
        Ok(())
    };
    while next < targets.len() {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            Some(joined) = tasks.join_next() => {
                collect(joined, &mut outcomes)?;
                continue;
            }
        };
        if batch.stop.stopped() {
            break;
        }
        let target = targets[next].clone();
        let index = next;
        let b = batch.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let outcome = b.one(index, &target).await;
            b.printer.done(index);
            (index, outcome)
        });
        next += 1;
    }
    for index in next..targets.len() {
        batch.printer.done(index);
    }
    while let Some(joined) = tasks.join_next().await {
        collect(joined, &mut outcomes)?;
    }
    signals.abort();
    if let Some(t) = ticker {
        t.abort();
    }
    Ok((outcomes, labels))
}

/// Ctrl-C (or SIGTERM): start nothing new, pass it on to running commands.
async fn forward_signals(
    batch: Arc<Batch>,
    (mut int, mut term): (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
) {
    loop {
        let signo = tokio::select! {
            _ = int.recv() => libc::SIGINT,
            _ = term.recv() => libc::SIGTERM,
        };
        batch.stop.stop(Reason::Signal(signo));
        batch.running.signal(signo);
    }
}

/// Keep the bar's message current: failures so far and the target that
/// has been running longest.
async fn tick(batch: Arc<Batch>) {
    let mut every = tokio::time::interval(Duration::from_millis(250));
    loop {
        every.tick().await;
        let longest = {
            let live = batch.live.lock().unwrap_or_else(|e| e.into_inner());
            live.values()
                .min_by_key(|(_, started)| *started)
                .map(|(label, started)| {
                    format!("longest: {label} ({}s)", started.elapsed().as_secs())
                })
        };
        let failed = batch.failed.load(std::sync::atomic::Ordering::Relaxed);
        batch.bar.set_message(format!(
            "{failed} failed{}",
            longest.map(|l| format!(" · {l}")).unwrap_or_default()
        ));
    }
}

impl Batch {
    async fn one(&self, index: usize, target: &Target) -> Outcome {
        self.live
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(index, (target.label.clone(), Instant::now()));
        let work = self.work(index, target);
        let outcome = match self.timeout {
            Some(limit) => match tokio::time::timeout(limit, work).await {
                Ok(o) => o,
                Err(_) => {
                    let message = format!(
                        "timed out after {} (--timeout)",
                        crate::duration::format(limit)
                    );
                    let code = ExitCode::TimedOut;
                    self.fail(index, target, code.into(), code.kind(), message)
                }
            },
            None => work.await,
        };
        self.live
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&index);
        self.bar.inc(1);
        if let Outcome::Failed { .. } = outcome {
            self.failed
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if self.fail_fast {
                self.stop.stop(Reason::FailFast);
            }
        }
        outcome
    }

    /// Credentials, then whatever the mode does with them.
    async fn work(&self, index: usize, target: &Target) -> Outcome {
        let creds = match &target.chain {
            Err(e) => Err((e.exit_code(), e.to_string())),
            Ok(chain) => tokio::select! {
                c = self.broker.credentials(chain) => c.map_err(|e| (e.exit_code(), e.to_string())),
                () = self.stop.interruption() => {
                    let code = ExitCode::Interrupted;
                    return self.fail(index, target, code.into(), code.kind(),
                        "interrupted before its credentials arrived".into());
                }
            },
        };
        let creds = match creds {
            Ok(c) => c,
            Err((code, message)) => {
                return self.fail(index, target, code.into(), code.kind(), message);
            }
        };
        match &self.mode {
            Mode::Lines => {
                let line = Line {
                    credentials: Some(ProcessOutput::new(&creds)),
                    ..line(target, None)
                };
                self.print_line(index, &line);
                Outcome::Ok
            }
            Mode::EnvDir(dir) => match write_env(dir, target, &creds) {
                Ok(()) => Outcome::Ok,
                Err(e) => {
                    let message = crate::error::chain_message(e.as_ref());
                    self.fail(index, target, ExitCode::Failure.into(), "output", message)
                }
            },
            Mode::Command(spec) => {
                let env = command::Env {
                    label: &target.label,
                    profile: target.profile.as_deref(),
                    account_id: target.account_id.as_deref(),
                    role_arn: target.role_arn.as_deref(),
                    region: target.region.as_deref(),
                };
                match command::run(spec, &env, &creds, index, &self.printer, &self.running).await {
                    Ok(status) if status.is_success() => Outcome::Ok,
                    Ok(status) => failed(status, "command"),
                    Err(e) => {
                        let code = e
                            .downcast_ref::<std::io::Error>()
                            .map_or(ExitCode::CannotRun, ExitCode::cannot_start);
                        let message = crate::error::chain_message(e.as_ref());
                        self.fail(index, target, code.into(), "command", message)
                    }
                }
            }
        }
    }

    /// Report a failure where this mode reports them, and return it.
    fn fail(
        &self,
        index: usize,
        target: &Target,
        code: Status,
        kind: &'static str,
        message: String,
    ) -> Outcome {
        match &self.mode {
            Mode::Lines => {
                let line = Line {
                    ok: false,
                    error: Some(&message),
                    error_kind: Some(kind),
                    exit_code: Some(code.code()),
                    ..line(target, None)
                };
                self.print_line(index, &line);
            }
            Mode::EnvDir(_) | Mode::Command(_) => self.printer.out(
                index,
                Stream::Stderr,
                format!("[{}] error: {message}\n", target.label).into_bytes(),
            ),
        }
        failed(code, kind)
    }

    fn print_line(&self, index: usize, line: &Line<'_>) {
        let mut text = serde_json::to_string(line).expect("plain strings always serialize");
        text.push('\n');
        self.printer.out(index, Stream::Stdout, text.into_bytes());
    }
}

/// A target's line with its identity filled in.
fn line<'a>(target: &'a Target, credentials: Option<ProcessOutput<'a>>) -> Line<'a> {
    Line {
        target: &target.label,
        profile: target.profile.as_deref(),
        account_id: target.account_id.as_deref(),
        role_arn: target.role_arn.as_deref(),
        ok: true,
        credentials,
        error: None,
        error_kind: None,
        exit_code: None,
    }
}

fn failed(code: Status, kind: &'static str) -> Outcome {
    Outcome::Failed { code, kind }
}

/// `<dir>/<target>.env`: the variables `export --format dotenv` prints,
/// written atomically, 0600.
fn write_env(dir: &Path, target: &Target, creds: &Credentials) -> anyhow::Result<()> {
    let text = crate::output::render_env(ShellFormat::Dotenv, creds, target.region.as_deref());
    let path = dir.join(targets::file_name(&target.label, ".env"));
    crate::cache::write_private(&path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The batch's status: a signal or a closed stdout decides it; else the
/// first failed target, in input order; else 0.
fn exit_code(outcomes: &[Option<Outcome>], stop: Option<Reason>) -> Status {
    match stop {
        Some(Reason::Signal(_)) => return ExitCode::Interrupted.into(),
        Some(Reason::BrokenPipe) => return ExitCode::BrokenPipe.into(),
        _ => {}
    }
    outcomes
        .iter()
        .flatten()
        .find_map(|o| match o {
            Outcome::Failed { code, .. } => Some(*code),
            Outcome::Ok => None,
        })
        .unwrap_or(Status::SUCCESS)
}

/// `batch: 10 targets: 8 succeeded, 2 failed (a: exit 6, b: exit 3), 0 not started`.
fn summary(
    outcomes: &[Option<Outcome>],
    labels: &[String],
    total: usize,
    quiet: bool,
    stop: Option<Reason>,
) {
    let ok = outcomes
        .iter()
        .filter(|o| matches!(o, Some(Outcome::Ok)))
        .count();
    let failed: Vec<String> = outcomes
        .iter()
        .zip(labels)
        .filter_map(|(o, label)| match o {
            Some(Outcome::Failed { code, kind, .. }) => {
                Some(format!("{label}: {kind}, exit {}", code.code()))
            }
            _ => None,
        })
        .collect();
    let not_started = outcomes.iter().filter(|o| o.is_none()).count();
    if quiet && failed.is_empty() && not_started == 0 {
        return;
    }
    let mut text = format!(
        "batch: {total} targets: {ok} succeeded, {} failed",
        failed.len()
    );
    if !failed.is_empty() {
        const SHOWN: usize = 20;
        let mut list = failed
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        if failed.len() > SHOWN {
            list.push_str(&format!("; and {} more", failed.len() - SHOWN));
        }
        text.push_str(&format!(" ({list})"));
    }
    text.push_str(&format!(", {not_started} not started"));
    match stop {
        Some(Reason::FailFast) => text.push_str(" (stopped by --fail-fast)"),
        Some(Reason::BrokenPipe) => text.push_str(" (stdout was closed)"),
        Some(Reason::OutputFailed) => text.push_str(" (stdout failed)"),
        Some(Reason::Signal(s)) => text.push_str(&format!(
            " (interrupted by {})",
            if s == libc::SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            }
        )),
        None => {}
    }
    crate::report::line(&text);
}

/// Shell-style glob with `*` and `?` (`wildmatch` matches in time linear in
/// the pattern times the name, without backtracking on `*`).
fn glob(pattern: &str, name: &str) -> bool {
    wildmatch::WildMatch::new(pattern).matches(name)
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

    /// `a*a*a*...b` against `aaaa...` took exponential time with a
    /// backtracking matcher; this returns at once.
    #[test]
    fn pathological_globs_are_not_exponential() {
        let pattern = format!("{}b", "a*".repeat(40));
        let name = "a".repeat(200);
        assert!(!glob(&pattern, &name));
        assert!(glob(&format!("{}*", "a*".repeat(40)), &name));
    }
}
