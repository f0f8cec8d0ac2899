//! credbroker: an AWS credential broker.
//!
//! `main.rs` only calls [`run`]. The pieces, in the order a request meets
//! them: [`cli`] parses, [`settings`] layers flags, environment and
//! config.toml, [`profile`] reads the AWS files into plain data, [`chain`]
//! resolves a profile into links, [`broker`] runs the cache protocol over
//! [`cache`] (which owns every file and lock) and [`sts`], and [`output`]
//! prints. Each command is one file under [`commands`].

pub mod answer;
pub mod aws_call;
pub mod batch;
pub mod broker;
pub mod cache;
pub mod chain;
pub mod cli;
pub mod commands;
pub mod duration;
pub mod error;
pub mod memo;
pub mod output;
pub mod profile;
pub mod secret;
pub mod settings;
pub mod source;
pub mod sso;
pub mod sts;

use std::future::Future;
use std::io::Write;
use std::task::{Context as TaskContext, Poll, Waker};

use clap::Parser;

use crate::error::{Error, ExitCode};

/// Parse the command line, run the command, report any error; returns the
/// process exit code.
pub fn run() -> i32 {
    install_panic_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `credbroker generate-docs DIR` writes completions/ and man/ for
    // packaging. It is not a clap subcommand, so it never shows up in
    // completions, help or "did you mean" suggestions.
    if let [_, command, dir] = args.as_slice()
        && command == "generate-docs"
    {
        return commands::generate_docs(std::path::Path::new(dir)).unwrap_or_else(|e| report(&e));
    }
    let parsed = cli::parse_fast(&args).map_or_else(|| cli::Cli::try_parse_from(&args), Ok);
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return err.exit_code();
        }
    };
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

/// Print `error:`, `caused by:` and `hint:` lines; return the exit code.
pub fn report(err: &anyhow::Error) -> i32 {
    let typed = err.chain().find_map(|e| e.downcast_ref::<Error>());
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "caused by: {cause}");
    }
    if let Some(hint) = typed.and_then(Error::hint) {
        let _ = writeln!(stderr, "hint: {hint}");
    }
    typed.map_or(ExitCode::Failure, Error::exit_code) as i32
}

/// A panic is a bug: one line, no backtrace, and exit code 1 (the README's
/// table) at once, on whatever thread it happened. Locks are released by the
/// kernel; entries are only ever replaced by rename, so none is torn.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: credbroker hit a bug{place}; please report it");
        std::process::exit(ExitCode::Failure as i32);
    }));
}

/// Write to stdout; a closed pipe (`credbroker export | head`) is not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Drive a future that completes without waiting (the SDK's profile loader
/// over the real filesystem reads synchronously).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = TaskContext::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(out) => out,
        Poll::Pending => {
            // Not expected; fall back to a real runtime rather than spin.
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a current-thread runtime builds")
                .block_on(future)
        }
    }
}
