//! `credbroker export`: statements that set the credential variables in the
//! calling shell.

use super::Context;
use crate::cli::ExportArgs;
use crate::error::Status;
use crate::output::render_env;
use crate::output::shell::ShellFormat;

pub fn run(ctx: &Context, args: &ExportArgs) -> anyhow::Result<Status> {
    let resolved = ctx.resolve(&args.cred)?;
    let format = args
        .format
        .or(ctx.settings.export_format)
        .unwrap_or_else(|| {
            ShellFormat::from_shell_path(&crate::settings::env_var("SHELL").unwrap_or_default())
        });
    let text = render_env(format, &resolved.credentials, resolved.region.as_deref());
    crate::output::print_stdout(&text)?;
    Ok(Status::SUCCESS)
}
