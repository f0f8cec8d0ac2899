//! credbroker: an AWS credential broker.
//!
//! `main.rs` only calls [`run`]. The pieces, in the order a request meets
//! them: [`cli`] parses, [`settings`] layers flags, environment and
//! config.toml, [`profile`] reads the AWS files into plain data, [`chain`]
//! resolves a profile into links, [`broker`] runs the cache protocol over
//! [`cache`] (which owns every file and lock) and [`sts`], and [`output`]
//! prints. Each command is one file under [`commands`]; errors end in
//! [`report`], exit codes are decided in [`error`], and [`runtime`] builds
//! the async runtime.

pub mod answer;
pub mod aws_call;
pub mod batch;
pub mod broker;
pub mod cache;
pub mod chain;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod duration;
pub mod error;
pub mod memo;
pub mod output;
pub mod profile;
pub mod report;
pub mod runtime;
pub mod secret;
pub mod settings;
pub mod source;
pub mod sso;
pub mod sts;

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
