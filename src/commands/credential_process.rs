//! `credbroker credential-process`: the JSON the AWS SDKs read, and nothing
//! else on stdout.

use super::Context;
use crate::cli::CredArgs;
use crate::error::Status;
use crate::output::credential_process_json;

pub fn run(ctx: &Context, args: &CredArgs) -> anyhow::Result<Status> {
    let resolved = ctx.resolve(args)?;
    crate::output::print_stdout(&format!(
        "{}\n",
        credential_process_json(&resolved.credentials)
    ))?;
    Ok(Status::SUCCESS)
}
