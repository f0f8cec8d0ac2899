//! `credbroker sso accounts`: every account and role an SSO sign-in can
//! use, from the portal or from the listing cached a moment ago. The
//! listing here is also what `sso populate` and `batch --sso-session` use.

use std::sync::Arc;

use super::Context;
use crate::chain::EnvSnapshot;
use crate::cli::{ListFormat, SsoAccountsArgs, SsoListing};
use crate::error::{Error, Status};
use crate::kinds::sso::accounts::{self, Account};
use crate::kinds::sso::{self, Session};
use crate::profile::Profiles;
use crate::throttle::Throttle;

pub fn run(ctx: &Context, args: &SsoAccountsArgs) -> anyhow::Result<Status> {
    let profiles = ctx.profiles()?;
    let (_, listed) = listing(ctx, &profiles, &args.listing)?;
    let text = match args.format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&listed)?),
        ListFormat::Table => table(&listed),
    };
    crate::output::print_stdout(&text)?;
    Ok(Status::SUCCESS)
}

/// The session `args` names (or the only one), and what it can see: the
/// cached listing when it is fresh and `--refresh` was not given, else a
/// scan of the portal (remembered for the next command).
pub(super) fn listing(
    ctx: &Context,
    profiles: &Profiles,
    args: &SsoListing,
) -> anyhow::Result<(Session, Vec<Account>)> {
    let session = session(profiles, args.sso_session.as_deref())?;
    let now = crate::clock::now();
    let cache = ctx.cache().ok();
    if !args.refresh
        && let Some(listed) = cache
            .as_ref()
            .and_then(|c| accounts::remembered(c, &session, now))
    {
        return Ok((session, listed));
    }
    let throttle = Arc::new(Throttle::new(crate::throttle::RETRIES));
    let broker = ctx.broker_on(false, ctx.sts().with_throttle(throttle))?;
    let bar = ctx.reporter.progress(0);
    bar.set_message("accounts listed");
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let scan = async {
        let token = broker.sso_sign_in(&session).await?;
        accounts::discover(
            &session,
            &token,
            broker.sts(),
            args.list_concurrency as usize,
            &progress,
        )
        .await
    };
    let listed = crate::runtime::runtime()?.block_on(scan);
    bar.finish_and_clear();
    let listed = listed.map_err(|f| failed(&session, f))?;
    if let Some(cache) = &cache {
        accounts::remember(cache, &session, &listed, crate::clock::now());
    }
    Ok((session, listed))
}

/// `--sso-session NAME`, or the only `[sso-session]` of the config file.
fn session(profiles: &Profiles, name: Option<&str>) -> anyhow::Result<Session> {
    let env = EnvSnapshot::from_process();
    let name = match name {
        Some(name) => name.to_string(),
        None => {
            let names: Vec<&String> = profiles.sso_sessions.keys().collect();
            match names[..] {
                [only] => only.clone(),
                [] => anyhow::bail!(
                    "{} has no [sso-session] section; add one (`aws configure sso-session`) or give --sso-session NAME",
                    profiles.config_file.display()
                ),
                _ => anyhow::bail!(
                    "{} has several [sso-session] sections ({}); choose one with --sso-session NAME",
                    profiles.config_file.display(),
                    names
                        .iter()
                        .map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    Ok(sso::profile::session_named(profiles, &name, &env)?)
}

fn failed(session: &Session, f: crate::error::CallFailure) -> Error {
    let profile = session.name.clone().unwrap_or_default();
    Error::call_failed(profile, None, "SSO account listing", f)
}

/// One row per account and role, columns padded by hand.
fn table(listed: &[Account]) -> String {
    let rows: Vec<[&str; 4]> = listed
        .iter()
        .flat_map(|a| {
            a.roles.iter().map(move |r| {
                [
                    a.account_id.as_str(),
                    a.account_name.as_str(),
                    r.as_str(),
                    a.email.as_str(),
                ]
            })
        })
        .collect();
    let header = ["ACCOUNT_ID", "ACCOUNT_NAME", "ROLE", "EMAIL"];
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
                .min(48)
        })
        .collect();
    let line = |cells: [&str; 4]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i < 3 {
                let fill = widths[i].saturating_sub(cell.chars().count()) + 2;
                out.push_str(&" ".repeat(fill));
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    std::iter::once(line(header))
        .chain(rows.into_iter().map(line))
        .collect()
}
