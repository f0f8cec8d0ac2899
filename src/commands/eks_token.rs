//! `credbroker eks-token`: kubectl's exec credential plugin for EKS, a
//! consumer of the same broker as `credential-process`.
//!
//! The profile's credentials are resolved exactly as `credential-process`
//! resolves them ([`Context::resolve`]: the memo, the cache, every link
//! kind). The token is then one more link on top of them, in a chain of its
//! own whose base is those credentials (see `kinds/eks.rs`): the broker
//! serves it from its cache entry, or signs it under that entry's lock. A
//! hit therefore costs what a `credential-process` hit costs, plus one
//! small file read: no STS client, no runtime, no signing.

use anyhow::anyhow;

use super::Context;
use super::context::{Resolved, choose_profile};
use crate::chain::{Base, Chain};
use crate::cli::{CredArgs, EksCluster, EksTokenArgs};
use crate::error::Status;
use crate::kinds::{Call, eks};
use crate::output::kube;
use crate::report::Reporter;
use crate::sts::StsTarget;

pub fn run(ctx: &Context, args: &EksTokenArgs) -> anyhow::Result<Status> {
    let cred = signer_args(&args.cluster, args.force_refresh);
    let resolved = ctx.resolve(&cred)?;
    let sts = signing_target(ctx, &resolved, &cred, args.cluster.region.as_deref())?;
    let profile = resolved.chain.profile.clone();
    let link = eks::link(
        &profile,
        &args.cluster.cluster_name,
        sts,
        &resolved.credentials.access_key_id,
    );
    let chain = Chain {
        base: Some(Base::served(&profile, &resolved.credentials)),
        hops: vec![link.map(Call::EksToken)],
        profile,
    };
    let token = ctx.serve(&chain, || {
        Ok(ctx.broker(&cred)?.with_min_ttl(eks::TOKEN_FLOOR))
    })?;
    let (Some(value), Some(expiration)) = (eks::token_of(&token), token.expiration) else {
        return Err(anyhow!(
            "the cached EKS token of {} is not a token; run again with --force-refresh",
            chain.hops[0].label()
        ));
    };
    let exec_info = crate::settings::env_var("KUBERNETES_EXEC_INFO");
    let (api_version, warning) = kube::exec_api_version(exec_info.as_deref());
    if let Some(warning) = warning {
        ctx.reporter.warn(&warning);
    }
    crate::output::print_stdout(&kube::exec_credential(api_version, value, expiration))?;
    Ok(Status::SUCCESS)
}

/// The credentials that sign a token for `cluster`, asked for as
/// `credential-process` is asked: the profile, or `--role-arn` assumed with
/// the profile's credentials (an ad-hoc role on it as source).
pub fn signer_args(cluster: &EksCluster, force_refresh: bool) -> CredArgs {
    let profile = cluster
        .profile
        .clone()
        .or_else(|| cluster.profile_flag.clone());
    match &cluster.role_arn {
        Some(role_arn) => CredArgs {
            role_arn: Some(role_arn.clone()),
            source_profile: Some(choose_profile(profile).0),
            force_refresh,
            ..CredArgs::default()
        },
        None => CredArgs {
            profile,
            force_refresh,
            ..CredArgs::default()
        },
    }
}

/// Where the token is signed for: the named profile's STS target (region
/// and endpoint by the SDK's precedence), in `region` when one is given.
fn signing_target(
    ctx: &Context,
    resolved: &Resolved,
    cred: &CredArgs,
    region: Option<&str>,
) -> anyhow::Result<StsTarget> {
    let sts = match &resolved.sts {
        Some(sts) => sts.clone(),
        // An endpoint the profile sets is invalid: the full way, for the
        // error that names the profile and its file.
        None => {
            let profiles = ctx.profiles()?;
            let named = cred
                .source_profile
                .clone()
                .unwrap_or_else(|| super::context::profile_name(cred));
            let section = profiles.get(&named).cloned().unwrap_or_default();
            let env = crate::chain::EnvSnapshot::from_process();
            crate::link::link_sts_target(&profiles, &named, &section, &section, &env)?
        }
    };
    Ok(StsTarget {
        region: region.map_or(sts.region, str::to_string),
        endpoint_url: sts.endpoint_url,
    })
}
