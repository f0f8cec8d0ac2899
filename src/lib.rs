//! credbroker: an AWS credential broker.
//!
//! `main.rs` only calls [`run`]. The modules form layers; each imports only
//! from the layers below it. Bottom to top:
//!
//! 1. Vocabulary: [`clock`] (the wall clock, RFC 3339), [`secret`],
//!    [`duration`], [`quote`], [`runtime`], [`shell_format`],
//!    [`keyring_backend`] (the `keyring` setting's value); [`error`] (errors, exit
//!    codes, the [`error::CallFailure`] of any outside call);
//!    [`credentials`] (the credentials type, the one freshness rule and the
//!    one backoff rule); [`report`] (the one writer to stderr, the reporter
//!    traits, error reports, the panic hook).
//! 2. Answers and pacing: [`answer`] (validation of every answer),
//!    [`throttle`] (the shared adaptive window).
//! 3. Files and settings: [`settings`] (flags, environment, config.toml;
//!    the variables removed from every child),
//!    [`profile`] (the AWS files as plain data), [`cache`] (every cache
//!    file and lock), [`keyring`] (the keyring backends and the index of
//!    which profile's keys are where).
//! 4. The way out: [`runner`] (AWS calls, the console's sign-in endpoint,
//!    helper processes, browsers, token files, providers, MFA codes:
//!    deadlines, notices, cancellation, the retry policy, classification,
//!    scrubbing; the keyring backends' calls), [`sts`] (the STS client),
//!    [`organizations`] (the accounts of AWS Organizations, `batch --org`),
//!    [`iam`] (access keys, `keys rotate`).
//! 5. Links: [`link`] (a link's shape, the [`link::Kind`] interface,
//!    endpoints, keys), then [`kinds`] (one module per kind, and their one
//!    registration, [`kinds::Call`]).
//! 6. Resolution: [`chain`] (a profile into a chain of links), [`memo`]
//!    (resolved chains remembered for the cache-hit path).
//! 7. The protocol: [`broker`].
//! 8. Consumers: [`output`], [`batch`], [`server`] (the credential
//!    server's wire: listener, token, answers), then [`cli`] and
//!    [`commands`] (one file per command).

pub mod answer;
pub mod batch;
pub mod broker;
pub mod cache;
pub mod chain;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod credentials;
pub mod duration;
pub mod error;
pub mod iam;
pub mod keyring;
pub mod keyring_backend;
pub mod kinds;
pub mod link;
pub mod memo;
pub mod organizations;
pub mod output;
pub mod profile;
pub mod quote;
pub mod report;
pub mod runner;
pub mod runtime;
pub mod secret;
pub mod server;
pub mod settings;
pub mod shell_format;
pub mod sts;
pub mod throttle;

use clap::Parser;

use crate::error::{ExitCode, Status};

/// Parse the command line, run the command, report any error; returns the
/// process exit code.
pub fn run() -> i32 {
    report::install_panic_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `credbroker generate-docs DIR` writes completions/ and man/ for
    // packaging. It is not a clap subcommand, so it never shows up in
    // completions, help or "did you mean" suggestions.
    if let [_, command, dir] = args.as_slice()
        && command == "generate-docs"
    {
        return finish(commands::generate_docs(std::path::Path::new(dir)));
    }
    let parsed = cli::parse_fast(&args).map_or_else(|| cli::Cli::try_parse_from(&args), Ok);
    match parsed {
        Ok(cli) => finish(commands::dispatch(cli)),
        Err(err) => {
            let _ = err.print();
            ExitCode::of_clap(&err) as i32
        }
    }
}

/// A command's status, or its error reported.
fn finish(outcome: anyhow::Result<Status>) -> i32 {
    outcome.unwrap_or_else(|e| report::report(&e).into()).code()
}
