//! `credbroker list`: every profile, its chain, and the cache state of each
//! link. Reads only; never calls STS.

use serde::Serialize;

use super::Context;
use crate::chain::{self, EnvSnapshot};
use crate::cli::{ListArgs, ListFormat};
use crate::clock::now;
use crate::credentials::Window;
use crate::error::Status;
use crate::link::Kind;
use crate::output::link_state;
use crate::profile;

#[derive(Serialize)]
struct Row {
    profile: String,
    /// How the chain starts: static-keys, environment, web-identity, ...
    start: Option<String>,
    chain: Option<String>,
    links: Vec<LinkState>,
    error: Option<String>,
}

#[derive(Serialize)]
struct LinkState {
    profile: String,
    role_arn: String,
    state: String,
    /// For SSO links: the session and its sign-in token's state.
    #[serde(skip_serializing_if = "Option::is_none")]
    sign_in: Option<String>,
}

pub fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<Status> {
    let profiles = ctx.profiles()?;
    for ignored in &profiles.ignored {
        crate::report::Reporter::warn(
            ctx.reporter.as_ref(),
            &crate::error::chain_message(&profile::ignored_error(ignored)),
        );
    }
    if profiles.names().next().is_none() {
        crate::report::Reporter::warn(
            ctx.reporter.as_ref(),
            &format!("no profiles in {}", profiles.describe_files()),
        );
    }
    let cache = ctx.cache()?;
    let env = EnvSnapshot::from_process();
    let (window, now) = (ctx.settings.refresh_window, now());
    let sign_in_window = Window::new(window, ctx.settings.parent_min_ttl());
    let rows: Vec<Row> = profiles
        .names()
        .map(|name| match chain::resolve(&profiles, name, &env) {
            // The usual way to call credbroker itself: not a chain to walk.
            Err(_)
                if profiles
                    .get(name)
                    .is_some_and(|p| p.contains_key("credential_process")) =>
            {
                Row {
                    profile: name.to_string(),
                    start: Some("credential-process".into()),
                    chain: Some(format!(
                        "credential_process: {}",
                        profiles
                            .get(name)
                            .and_then(|p| p.get("credential_process"))
                            .map_or("", |c| c)
                    )),
                    links: Vec::new(),
                    error: None,
                }
            }
            Ok(chain) => Row {
                profile: name.to_string(),
                start: Some(chain.start_kind().to_string()),
                chain: Some(chain.describe()),
                links: chain
                    .hops
                    .iter()
                    .enumerate()
                    .map(|(i, hop)| LinkState {
                        profile: hop.profile.clone(),
                        role_arn: hop.call.target().to_string(),
                        state: match chain.signed_out(i) {
                            true => "signed out: cached credentials not served".to_string(),
                            false => link_state(&cache.read(&hop.key), window, now),
                        },
                        sign_in: hop.call.status(sign_in_window, now),
                    })
                    .collect(),
                error: None,
            },
            Err(e) => Row {
                profile: name.to_string(),
                start: None,
                chain: None,
                links: Vec::new(),
                error: Some(e.to_string()),
            },
        })
        .collect();
    let text = match args.format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&rows)?),
        ListFormat::Table => table(&rows),
    };
    crate::output::print_stdout(&text)?;
    Ok(Status::SUCCESS)
}

/// The widest the PROFILE column grows; longer names overflow it.
const MAX_NAME_COLUMN: usize = 40;

fn table(rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|r| r.profile.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, MAX_NAME_COLUMN);
    // Padded by hand: a format width must fit in u16, and a profile name
    // need not.
    let pad = |text: &str| {
        let fill = width.saturating_sub(text.chars().count());
        format!("{text}{}", " ".repeat(fill))
    };
    let mut out = format!("{}  CHAIN / STATE\n", pad("PROFILE"));
    for row in rows {
        let profile = pad(&row.profile);
        match (&row.chain, &row.error) {
            (Some(chain), _) => {
                let start = row.start.as_deref().unwrap_or("");
                out.push_str(&format!("{profile}  {chain}  ({start})\n"));
                for link in &row.links {
                    out.push_str(&format!(
                        "{}    {}: {}\n",
                        pad(""),
                        link.profile,
                        link.state
                    ));
                    if let Some(sign_in) = &link.sign_in {
                        out.push_str(&format!("{}      {sign_in}\n", pad("")));
                    }
                }
            }
            (None, Some(err)) => out.push_str(&format!("{profile}  error: {err}\n")),
            (None, None) => {}
        }
    }
    out
}
