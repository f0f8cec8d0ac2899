//! `credbroker cache list|clear`.

use super::Context;
use super::context::profile_name;
use crate::cache::{Read, Removed};
use crate::chain::{self, EnvSnapshot};
use crate::cli::{CacheCommand, CredArgs};
use crate::clock::now;
use crate::error::Status;
use crate::output::link_state;

pub fn run(ctx: &Context, cmd: &CacheCommand) -> anyhow::Result<Status> {
    let cache = ctx.cache()?;
    match cmd {
        CacheCommand::List => {
            let (window, now) = (ctx.settings.refresh_window, now());
            let rows: Vec<[String; 5]> = cache
                .entries()?
                .into_iter()
                .map(|(key, read)| {
                    let (profile, role, endpoint) = match &read {
                        Read::Found(e) => (
                            e.label.profile.clone(),
                            e.label.role_arn.clone(),
                            e.label.endpoint.clone().unwrap_or_else(|| "default".into()),
                        ),
                        _ => ("?".into(), "?".into(), "?".into()),
                    };
                    let state = link_state(&read, window, now);
                    [key, profile, role, endpoint, state]
                })
                .collect();
            crate::output::print_stdout(&table(
                ["KEY", "PROFILE", "ROLE", "ENDPOINT", "STATE"],
                &rows,
            ))?;
        }
        CacheCommand::Clear { profile } => {
            let keys: Vec<String> = match profile {
                None => {
                    // The memos of resolved chains go too: a cleared cache
                    // is an empty directory (they hold no credentials).
                    cache.remove_memos();
                    cache.entries()?.into_iter().map(|(k, _)| k).collect()
                }
                Some(name) => {
                    let profiles = ctx.profiles()?;
                    let args = CredArgs {
                        profile: Some(name.clone()),
                        ..CredArgs::default()
                    };
                    let chain = chain::resolve(
                        &profiles,
                        &profile_name(&args),
                        &EnvSnapshot::from_process(),
                    )?;
                    // The chain's links as resolved now, and any entry
                    // labelled with the profile (issued under another
                    // endpoint or environment, so under another key).
                    let mut keys: Vec<String> = chain.hops.iter().map(|h| h.key.clone()).collect();
                    for (key, read) in cache.entries()? {
                        if read.entry().is_some_and(|e| &e.label.profile == name)
                            && !keys.contains(&key)
                        {
                            keys.push(key);
                        }
                    }
                    keys
                }
            };
            let (mut removed, mut busy) = (0, 0);
            for key in &keys {
                match cache.remove(key)? {
                    Removed::Yes => removed += 1,
                    Removed::Busy => busy += 1,
                    Removed::Missing => {}
                }
            }
            let plural = |n: usize| if n == 1 { "entry" } else { "entries" };
            crate::report::line(&format!("removed {removed} cache {}", plural(removed)));
            if busy > 0 {
                crate::report::line(&format!(
                    "warning: kept {busy} cache {} being refreshed right now; run `credbroker cache clear` again",
                    plural(busy)
                ));
            }
        }
    }
    Ok(Status::SUCCESS)
}

/// Columns as wide as their widest cell (in characters), the last one
/// unpadded.
fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; N]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == N {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(header);
    for row in rows {
        out.push_str(&line(std::array::from_fn(|i| row[i].as_str())));
    }
    out
}
