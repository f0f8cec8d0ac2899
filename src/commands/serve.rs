//! `credbroker serve [PROFILE…]`: a credential server in the foreground,
//! until SIGINT or SIGTERM; and what `exec --server` shares with it
//! ([`start`]).
//!
//! A server is one more consumer of the broker: every request is resolved
//! as `credential-process` resolves it ([`Context::resolve_shared`]), on
//! one broker for the server's whole life, so that requests for the same
//! link share its single-flight, and processes elsewhere its lock and
//! cache entry. Every profile is resolved once before the server answers,
//! while the terminal is still the user's (an MFA code, an SSO sign-in);
//! then the terminal is given up ([`crate::runner::terminal`]): a request
//! never asks a person.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;

use super::context::{Context, Resolved, Shared};
use crate::cli::{CredArgs, ServeArgs};
use crate::error::Status;
use crate::report::Reporter;
use crate::server::{Answer, Server, Source, address, token::Token};

pub fn run(ctx: Context, args: &ServeArgs) -> anyhow::Result<Status> {
    let listen = args.listen.unwrap_or(address::DEFAULT);
    let warning = address::check(listen, args.allow_non_loopback)?;
    let format = ctx.settings.export_format;
    let requests = requests(args);
    crate::runtime::server()?.block_on(async {
        let started = start(Arc::new(ctx), requests, listen).await?;
        // From here on, SIGINT and SIGTERM stop the server: before a
        // client can know of it.
        let stop = stop_signal()?;
        if let Some(warning) = warning {
            crate::report::line(&format!("warning: {warning}"));
        }
        let mut text = String::new();
        for served in &started.served {
            text.push_str(&crate::output::render_vars(format, &served.env(&started)?));
        }
        crate::output::print_stdout(&text)?;
        let names: Vec<&str> = started.served.iter().map(|s| s.name.as_str()).collect();
        crate::report::line(&format!(
            "credbroker: serving {} on {} until SIGINT or SIGTERM",
            names.join(", "),
            started.server.local_addr()?
        ));
        started.server.run(stop).await?;
        Ok(Status::SUCCESS)
    })
}

/// The profiles named, each once, in order; else the one every command
/// chooses when none is named (`$AWS_DEFAULT_PROFILE`, `$AWS_PROFILE`,
/// `default`).
fn requests(args: &ServeArgs) -> Vec<CredArgs> {
    let mut names: Vec<&String> = Vec::new();
    for name in &args.profiles {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let request = |profile: Option<&String>| CredArgs {
        profile: profile.cloned(),
        ..CredArgs::default()
    };
    match names.is_empty() {
        true => vec![request(None)],
        false => names.into_iter().map(|n| request(Some(n))).collect(),
    }
}

/// Resolves once SIGINT or SIGTERM arrives.
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// A server bound and ready, and what its clients need of each profile.
pub(super) struct Started {
    pub server: Server<BrokerSource>,
    pub served: Vec<Served>,
}

/// One profile served: its path's name and the region a client gets.
pub(super) struct Served {
    pub name: String,
    pub region: Option<String>,
}

impl Served {
    /// The variables a client of this profile needs, in the shape of
    /// [`crate::output::env_vars`], with `CREDBROKER_PROFILE`.
    pub fn env(&self, started: &Started) -> anyhow::Result<Vec<(&'static str, Option<String>)>> {
        let url = address::url(started.server.local_addr()?, &self.name);
        let token = started.server.token().expose();
        let mut vars = crate::output::server_env_vars(&url, token, self.region.as_deref());
        vars.push(("CREDBROKER_PROFILE", Some(self.name.clone())));
        Ok(vars)
    }
}

/// Resolve each of `requests` once, on the broker the server will use,
/// then give up the terminal and bind `listen`. A request that cannot be
/// served fails the start, with its own error and exit code.
pub(super) async fn start(
    ctx: Arc<Context>,
    requests: Vec<CredArgs>,
    listen: SocketAddr,
) -> anyhow::Result<Started> {
    let broker = ctx.broker(requests.first().unwrap_or(&CredArgs::default()))?;
    let shared = Shared::new(broker);
    let mut routes = Vec::new();
    let mut served = Vec::new();
    for args in requests {
        let args = Arc::new(args);
        let resolved = ctx.resolve_shared(&shared, &args).await?;
        let name = resolved.chain.profile.clone();
        let region = resolved.region.clone();
        answer(&name, resolved)?;
        routes.push((name.clone(), args));
        served.push(Served { name, region });
    }
    crate::runner::terminal::give_up();
    warn_of_shadowing_profile(&ctx);
    let token = Token::generate().context("could not read random bytes for the server's token")?;
    let names = served.iter().map(|s| s.name.clone()).collect();
    let source = BrokerSource {
        ctx,
        shared,
        routes,
    };
    let server = Server::bind(listen, token, names, source)
        .with_context(|| format!("cannot listen on {listen}"))?;
    Ok(Started { server, served })
}

/// What a request gets: the broker's credentials for the profile of its
/// path, through the same resolution as every command.
pub(super) struct BrokerSource {
    ctx: Arc<Context>,
    shared: Shared,
    routes: Vec<(String, Arc<CredArgs>)>,
}

impl Source for BrokerSource {
    async fn answer(&self, profile: &str) -> anyhow::Result<Answer> {
        let (_, args) = self
            .routes
            .iter()
            .find(|(name, _)| name == profile)
            .with_context(|| format!("profile `{profile}` is not served here"))?;
        let resolved = self.ctx.resolve_shared(&self.shared, args).await?;
        Ok(answer(profile, resolved)?)
    }
}

fn answer(profile: &str, resolved: Resolved) -> Result<Answer, crate::error::Error> {
    let role_arn = resolved
        .chain
        .hops
        .last()
        .and_then(|h| h.role_arn())
        .map(str::to_string);
    Answer::new(profile, resolved.credentials, role_arn)
}

/// The SDKs' default chains read the profile files before they ask a
/// credential server: a `default` profile with credentials of its own
/// would be used instead of the server by every client that names none.
fn warn_of_shadowing_profile(ctx: &Context) {
    const PROVIDING: &[&str] = &[
        "aws_access_key_id",
        "role_arn",
        "credential_process",
        "credential_source",
        "web_identity_token_file",
        "sso_session",
        "sso_start_url",
        "login_session",
    ];
    let Ok(profiles) = ctx.profiles() else {
        return;
    };
    if let Some(section) = profiles.get("default")
        && let Some(key) = PROVIDING.iter().find(|k| section.get(**k).is_some())
    {
        ctx.reporter.warn(&format!(
            "profile `default` sets {key}: an AWS SDK reads it before it asks the credential \
             server, so a client that names no profile uses `default`'s credentials instead \
             (give the client AWS_PROFILE of a profile without credentials, or move them out of `default`)"
        ));
    }
}
