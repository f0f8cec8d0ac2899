//! `credbroker export`: statements that set the credential variables in the
//! calling shell.

use super::Context;
use crate::cli::ExportArgs;
use crate::error::Status;
use crate::output::env_vars;
use crate::output::shell::{self, ShellFormat, Var};

pub fn run(ctx: &Context, args: &ExportArgs) -> anyhow::Result<Status> {
    let resolved = ctx.resolve(&args.cred)?;
    let format = args
        .format
        .or(ctx.settings.export_format)
        .unwrap_or_else(|| {
            ShellFormat::from_shell_path(&crate::settings::env_var("SHELL").unwrap_or_default())
        });
    let vars = env_vars(&resolved.credentials, resolved.region.as_deref());
    let vars: Vec<Var<'_>> = vars
        .iter()
        .map(|(name, value)| match value {
            Some(v) => Var::Set(name, v),
            None => Var::Unset(name),
        })
        .collect();
    crate::output::print_stdout(&shell::render(format, &vars))?;
    Ok(Status::SUCCESS)
}
