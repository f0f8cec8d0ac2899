//! `credbroker login`: sign in to IAM Identity Center for a profile or an
//! `[sso-session]`, writing the token where the AWS CLI reads it.

use super::Context;
use crate::chain::EnvSnapshot;
use crate::cli::LoginArgs;
use crate::error::{Error, Status};
use crate::kinds::sso::login::{self, Flow, Outcome};
use crate::kinds::sso::{self, Session};

pub fn run(ctx: &Context, args: &LoginArgs) -> anyhow::Result<Status> {
    let profiles = ctx.profiles()?;
    let env = EnvSnapshot::from_process();
    let session = match &args.sso_session {
        Some(name) => sso::profile::session_named(&profiles, name, &env)?,
        None => {
            let (name, _) = super::context::choose_profile(args.profile.clone());
            crate::chain::sso_session_of(&profiles, &name, &env)?
        }
    };
    let flow = match (args.use_device_code, args.no_browser) {
        (false, false) => Flow::Browser,
        (_, no_browser) => Flow::Device {
            open_browser: !no_browser,
        },
    };
    let cache = ctx.cache()?;
    let mut prompts = crate::report::Stderr;
    let outcome = crate::runtime::runtime()?.block_on(login::login(
        &session,
        flow,
        &cache,
        &ctx.settings,
        &crate::runner::Limits::new(ctx.settings.sts_timeout)
            .with_attempts(ctx.settings.sts_max_attempts),
        ctx.reporter.as_ref(),
        &mut prompts,
    ));
    match outcome {
        Ok(Outcome::SignedIn { expires_at }) => crate::report::line(&format!(
            "Signed in to {} until {expires_at}. The AWS CLI and the SDKs share this sign-in ({}).",
            session.describe(),
            session.token_path().display()
        )),
        Ok(Outcome::SignedInMeanwhile { expires_at }) => crate::report::line(&format!(
            "Another process signed in to {} while this one waited (until {expires_at}); using that sign-in.",
            session.describe()
        )),
        Err(f) => return Err(failed(&session, f).into()),
    }
    Ok(Status::SUCCESS)
}

fn failed(session: &Session, f: crate::error::CallFailure) -> Error {
    Error::call_failed(session.profile.clone(), None, "SSO sign-in", f)
}
