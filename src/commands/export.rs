//! `credbroker export`: statements that set the credential variables in the
//! calling shell.

use super::Context;
use crate::cli::ExportArgs;
use crate::error::Status;
use crate::output::render_env;

pub fn run(ctx: &Context, args: &ExportArgs) -> anyhow::Result<Status> {
    let resolved = ctx.resolve(&args.cred)?;
    let text = render_env(
        ctx.settings.export_format,
        &resolved.credentials,
        resolved.region.as_deref(),
    );
    crate::output::print_stdout(&text)?;
    Ok(Status::SUCCESS)
}
