//! One file per command; `dispatch` only routes.

mod batch;
mod cache;
mod config;
mod console;
mod context;
mod credential_process;
mod docs;
mod eks_kubeconfig;
mod eks_token;
mod exec;
mod export;
mod keys;
mod list;
mod login;
mod serve;
mod sso_accounts;
mod sso_populate;

pub use context::{Context, StderrReporter};
pub use docs::generate as generate_docs;

use crate::cli::{Cli, Command, SsoCommand};
use crate::error::Status;

/// Run the parsed command; returns the exit code.
pub fn dispatch(cli: Cli) -> anyhow::Result<Status> {
    let ctx = Context::new(cli.overrides())?;
    match cli.command {
        Command::CredentialProcess(args) => credential_process::run(&ctx, &args),
        Command::Export(args) => export::run(&ctx, &args),
        Command::Exec(args) => exec::run(ctx, args),
        Command::Serve(args) => serve::run(ctx, &args),
        Command::Batch(args) => batch::run(&ctx, &args),
        Command::EksToken(args) => eks_token::run(&ctx, &args),
        Command::EksKubeconfig(args) => eks_kubeconfig::run(&ctx, &args),
        Command::Sso(SsoCommand::Accounts(args)) => sso_accounts::run(&ctx, &args),
        Command::Sso(SsoCommand::Populate(args)) => sso_populate::run(&ctx, &args),
        Command::List(args) => list::run(&ctx, &args),
        Command::Console(args) => console::run(&ctx, &args),
        Command::Login(args) => login::run(&ctx, &args),
        Command::Cache(cmd) => cache::run(&ctx, &cmd),
        Command::Keys(cmd) => keys::run(&ctx, &cmd),
        Command::Config => config::run(&ctx),
        Command::Completions { shell } => docs::completions(shell),
    }
}
