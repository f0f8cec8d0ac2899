//! `credbroker cache list|clear`.

use super::Context;
use super::context::profile_name;
use crate::broker::now;
use crate::cache::{Read, Removed};
use crate::chain::{self, EnvSnapshot};
use crate::cli::{CacheCommand, CredArgs};
use crate::output::link_state;
use crate::profile;

pub fn run(ctx: &Context, cmd: &CacheCommand) -> anyhow::Result<i32> {
    let cache = ctx.cache()?;
    match cmd {
        CacheCommand::List => {
            let mut out = format!("{:32}  {:20}  {:40}  STATE\n", "KEY", "PROFILE", "ROLE");
            let (window, now) = (ctx.settings.refresh_window, now());
            for (key, read) in cache.entries()? {
                let (profile, role) = match &read {
                    Read::Found(e) => (e.label.profile.clone(), e.label.role_arn.clone()),
                    _ => ("?".into(), "?".into()),
                };
                out.push_str(&format!(
                    "{key:32}  {profile:20}  {role:40}  {}\n",
                    link_state(&read, window, now)
                ));
            }
            crate::print_stdout(&out)?;
        }
        CacheCommand::Clear { profile } => {
            let keys: Vec<String> = match profile {
                None => cache.entries()?.into_iter().map(|(k, _)| k).collect(),
                Some(name) => {
                    let profiles = profile::load()?;
                    let args = CredArgs {
                        profile: Some(name.clone()),
                        ..CredArgs::default()
                    };
                    let chain = chain::resolve(
                        &profiles,
                        &profile_name(&args),
                        &EnvSnapshot::from_process(),
                    )?;
                    chain.hops.iter().map(|h| h.key.clone()).collect()
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
            eprintln!("removed {removed} cache {}", plural(removed));
            if busy > 0 {
                eprintln!(
                    "warning: kept {busy} cache {} being refreshed right now; run `credbroker cache clear` again",
                    plural(busy)
                );
            }
        }
    }
    Ok(0)
}
