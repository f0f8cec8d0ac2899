//! `credbroker eks-kubeconfig`: the kubeconfig user that runs `credbroker
//! eks-token` for a cluster, printed or merged into a kubeconfig. Nothing is
//! called: no credentials are resolved and EKS is not asked for the
//! cluster's endpoint (given with `--server`, if wanted).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};

use super::Context;
use super::context::choose_profile;
use crate::cli::EksKubeconfigArgs;
use crate::error::Status;
use crate::output::kube::{self, Entries};
use crate::runner::file::{self, FileError, Follow};

/// The largest kubeconfig read for a merge.
const MAX_KUBECONFIG: u64 = 16 * 1024 * 1024;

pub fn run(_ctx: &Context, args: &EksKubeconfigArgs) -> anyhow::Result<Status> {
    let entries = entries(args)?;
    if !args.write {
        crate::output::print_stdout(&kube::kubeconfig(&entries))?;
        return Ok(Status::SUCCESS);
    }
    let path = match &args.kubeconfig {
        Some(path) => path.clone(),
        None => default_kubeconfig()?,
    };
    let existing = match file::read(&path, Follow::Links, MAX_KUBECONFIG) {
        Ok(text) => text,
        Err(FileError::Missing { .. }) => String::new(),
        Err(e) => return Err(e.into()),
    };
    let merged = kube::merge(&existing, &entries)
        .map_err(|why| anyhow!("cannot merge into {}: {why}", path.display()))?;
    write(&path, merged.as_bytes())?;
    let what = match entries.server {
        Some(_) => "user, cluster and context (now the current context)",
        None => "user",
    };
    crate::report::line(&format!(
        "wrote the {what} `{}` to {}",
        entries.name,
        path.display()
    ));
    Ok(Status::SUCCESS)
}

/// The entries `args` describe; the plugin's arguments name the profile
/// (as chosen now: the flag, else the variables, else `default`), so the
/// entry keeps signing with it whatever AWS_PROFILE says later.
fn entries(args: &EksKubeconfigArgs) -> anyhow::Result<Entries> {
    let c = &args.cluster;
    let (profile, _) = choose_profile(c.profile.clone().or_else(|| c.profile_flag.clone()));
    let mut plugin = vec![
        "eks-token".to_string(),
        "--cluster-name".to_string(),
        c.cluster_name.clone(),
        "--profile".to_string(),
        profile.clone(),
    ];
    if let Some(region) = &c.region {
        plugin.extend(["--region".to_string(), region.clone()]);
    }
    if let Some(role_arn) = &c.role_arn {
        plugin.extend(["--role-arn".to_string(), role_arn.clone()]);
    }
    if let Some(server) = &args.server
        && !(server.starts_with("https://") || server.starts_with("http://"))
    {
        bail!(
            "--server `{server}` is not an http(s) URL (e.g. https://ABC.gr7.eu-west-1.eks.amazonaws.com)"
        );
    }
    if let Some(ca) = &args.certificate_authority_data
        && !ca
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
    {
        bail!(
            "--certificate-authority-data is not base64 (give it as `aws eks describe-cluster` prints certificateAuthority.data)"
        );
    }
    Ok(Entries {
        name: args
            .alias
            .clone()
            .unwrap_or_else(|| format!("{profile}@{}", c.cluster_name)),
        command: "credbroker".to_string(),
        args: plugin,
        server: args.server.clone(),
        certificate_authority_data: args.certificate_authority_data.clone(),
    })
}

/// kubectl's: the first file of `$KUBECONFIG`, else `~/.kube/config`.
fn default_kubeconfig() -> anyhow::Result<PathBuf> {
    if let Some(list) = crate::settings::env_var_os("KUBECONFIG")
        && let Some(first) = std::env::split_paths(&list).find(|p| !p.as_os_str().is_empty())
    {
        return Ok(first);
    }
    dirs::home_dir()
        .map(|home| home.join(".kube").join("config"))
        .ok_or_else(|| anyhow!("no home directory to find ~/.kube/config in; give --kubeconfig"))
}

/// Replace `path` atomically, mode 0600 (a kubeconfig may hold other
/// users' keys), creating its directory (0700) if needed.
fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    crate::cache::write_private(path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}
