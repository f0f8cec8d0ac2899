//! `credbroker sso populate`: one profile per account and role the sign-in
//! lists, in a marker-delimited block of the AWS config file.
//!
//! The rewrite runs under the lock of the config file's directory (two
//! `populate` runs never lose each other's block); the AWS CLI takes no
//! lock, so the file is compared with what was read just before the
//! rename, and on a difference read, planned and written again.

use anyhow::Context as _;

use super::Context;
use crate::cli::SsoPopulateArgs;
use crate::error::Status;
use crate::kinds::sso::populate::{self, Plan, Request};
use crate::profile;

/// Rewrites tried while another program keeps changing the file.
const ATTEMPTS: usize = 5;

pub fn run(ctx: &Context, args: &SsoPopulateArgs) -> anyhow::Result<Status> {
    populate::check_template(&args.template).map_err(anyhow::Error::msg)?;
    let profiles = ctx.profiles()?;
    let (session, listed) = super::sso_accounts::listing(ctx, &profiles, &args.listing)?;
    let name = session.name.clone().unwrap_or_default();
    let request = Request {
        session: &name,
        template: &args.template,
        region: args.region.as_deref().unwrap_or(&session.region),
        prune: args.prune,
    };
    let (path, _) = profile::default_paths();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let backup = path.with_file_name(format!(
        "{}.credbroker.bak",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    let runtime = crate::runtime::runtime()?;
    for _ in 0..ATTEMPTS {
        let _lock = runtime.block_on(crate::cache::lock_directory(
            &dir,
            &format!("the rewrite of {}", path.display()),
            ctx.settings.lock_timeout,
            ctx.reporter.as_ref(),
        ))?;
        let old = match std::fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let text = std::str::from_utf8(old.as_deref().unwrap_or_default())
            .with_context(|| format!("cannot read {}: it is not UTF-8", path.display()))?;
        let plan = populate::plan(text, &listed, &request)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("cannot populate {}", path.display()))?;
        let unchanged = old.as_deref() == Some(plan.text.as_bytes());
        if args.dry_run {
            if !unchanged {
                crate::output::print_stdout(&populate::diff(&plan, &path.display().to_string()))?;
            }
            report(&plan, &path, "would be", unchanged);
            return Ok(Status::SUCCESS);
        }
        if unchanged {
            report(&plan, &path, "", true);
            return Ok(Status::SUCCESS);
        }
        let replaced = crate::cache::replace_if_unchanged(
            &path,
            old.as_deref(),
            plan.text.as_bytes(),
            &backup,
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
        if replaced == crate::cache::Replaced::Yes {
            report(&plan, &path, "", false);
            return Ok(Status::SUCCESS);
        }
    }
    anyhow::bail!(
        "{} kept changing while credbroker rewrote it ({ATTEMPTS} tries); run `credbroker sso populate` again",
        path.display()
    )
}

/// What was (or `would be`) done, on stderr.
fn report(plan: &Plan, path: &std::path::Path, would: &str, unchanged: bool) {
    let mut text = match unchanged {
        true => format!("{}: {} profiles, unchanged", path.display(), plan.written),
        false => format!(
            "{}: {} profiles {}written{}",
            path.display(),
            plan.written,
            if would.is_empty() { "" } else { "would be " },
            match plan.pruned.len() {
                0 => String::new(),
                n => format!(", {n} pruned"),
            }
        ),
    };
    if !plan.shadowed.is_empty() {
        text.push_str(&format!(
            "\nnote: {} profiles are written by hand outside the block and win: {}",
            plan.shadowed.len(),
            names(&plan.shadowed)
        ));
    }
    if !plan.stale.is_empty() {
        text.push_str(&format!(
            "\nnote: {} profiles are no longer listed by the sign-in (stale; --prune removes them): {}",
            plan.stale.len(),
            names(&plan.stale)
        ));
    }
    crate::report::line(&text);
}

fn names(list: &[String]) -> String {
    let mut out = list.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
    if list.len() > 20 {
        out.push_str(&format!(", … and {} more", list.len() - 20));
    }
    out
}
