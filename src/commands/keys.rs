//! `credbroker keys add|list|remove|rotate|import`: long-term keys in a
//! keyring instead of `~/.aws/credentials`.
//!
//! The keyring holds the secret; the index (`keys.toml`, see
//! `keyring::index`) says which profile's keys are in which backend under
//! which key id, so that resolution and a cache hit never touch the
//! keyring. Every change stores in the keyring first and updates the index
//! after, under the index directory's lock: a failure in between leaves
//! keys stored but unused, never an index naming keys that are not there.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Context;
use crate::cli::KeysCommand;
use crate::credentials::Credentials;
use crate::error::{CallFailure, Error, Status};
use crate::keyring::index::{Entry, Index};
use crate::keyring::{Backend, KeyringError, StoredKey};
use crate::report::Reporter;
use crate::runner::keyring::Keyrings;
use crate::secret::Secret;

/// Rewrites of the credentials file tried while another program keeps
/// changing it.
const ATTEMPTS: usize = 5;

pub fn run(ctx: &Context, cmd: &KeysCommand) -> anyhow::Result<Status> {
    let keyrings = Keyrings::new(&ctx.settings.config_file, ctx.settings.process_timeout);
    let backend = ctx.settings.keyring;
    match cmd {
        KeysCommand::Add { profile, env } => add(ctx, &keyrings, backend, profile, *env),
        KeysCommand::List => list(&keyrings, backend),
        KeysCommand::Remove { profile } => remove(ctx, &keyrings, backend, profile),
        KeysCommand::Rotate { profile } => rotate(ctx, &keyrings, profile),
        KeysCommand::Import {
            profiles,
            from_aws_vault: false,
        } => import_credentials_file(ctx, &keyrings, backend, profiles),
        KeysCommand::Import {
            profiles,
            from_aws_vault: true,
        } => import_aws_vault(ctx, &keyrings, backend, profiles),
    }
}

/// A keyring's failure for `profile`: exit 3, the backend's message and fix.
fn keyring_failed(profile: &str, f: CallFailure) -> Error {
    Error::Keyring {
        profile: Some(profile.to_string()),
        message: f.message,
    }
}

/// A keyring that could not be read, for no one profile: exit 3.
fn unusable(e: impl std::fmt::Display) -> Error {
    Error::Keyring {
        profile: None,
        message: e.to_string(),
    }
}

fn block_on<T>(work: impl Future<Output = T>) -> anyhow::Result<T> {
    Ok(crate::runtime::runtime()?.block_on(work))
}

fn add(
    ctx: &Context,
    keyrings: &Keyrings,
    backend: Backend,
    profile: &str,
    from_env: bool,
) -> anyhow::Result<Status> {
    let read = match from_env {
        true => keys_from_env(),
        false => keys_from_terminal(profile),
    };
    // What was given is not a key: said before anything is stored (exit 2).
    let key = match read.and_then(|key| check_shape(&key).map(|()| key)) {
        Ok(key) => key,
        Err(e) => {
            crate::report::line(&format!(
                "error: {e:#}\nhint: nothing was stored; `credbroker keys add --help` says what it takes"
            ));
            return Ok(crate::error::ExitCode::Usage.into());
        }
    };
    store(ctx, keyrings, backend, profile, key.clone())?;
    crate::report::line(&format!(
        "stored key {} of profile `{profile}` in keyring `{}`",
        key.access_key_id,
        backend.name()
    ));
    if let Ok(profiles) = ctx.profiles()
        && profiles
            .get(profile)
            .is_some_and(|s| s.contains_key("aws_access_key_id"))
    {
        ctx.reporter.warn(&format!(
            "profile `{profile}` also has keys in {}, which are used first; \
             `credbroker keys import {profile}` moves them here instead",
            profiles.credentials_file.display()
        ));
    }
    Ok(Status::SUCCESS)
}

fn keys_from_env() -> anyhow::Result<StoredKey> {
    let var = |name: &str| {
        crate::settings::env_var_os(name)
            .and_then(|v| v.into_string().ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if var("AWS_SESSION_TOKEN").is_some() {
        anyhow::bail!(
            "AWS_SESSION_TOKEN is set: the keys in the environment are temporary; \
             a keyring keeps long-term keys (an IAM user's, AKIA...)"
        );
    }
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok(StoredKey {
            access_key_id: id,
            secret_access_key: Secret::new(secret),
        }),
        _ => anyhow::bail!("--env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to be set"),
    }
}

fn keys_from_terminal(profile: &str) -> anyhow::Result<StoredKey> {
    use crate::runner::terminal;
    let ask = |prompt: &str, hidden: bool| {
        terminal::ask(prompt, hidden).ok_or_else(|| {
            anyhow::anyhow!(
                "keys of profile `{profile}` are asked on the terminal, and {}; \
                 use --env with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead",
                terminal::why_not()
            )
        })
    };
    let id = ask(&format!("Access key ID of profile `{profile}`: "), false)?;
    let secret = ask("Secret access key (not shown): ", true)?;
    Ok(StoredKey {
        access_key_id: id.expose().trim().to_string(),
        secret_access_key: Secret::new(secret.expose().trim()),
    })
}

/// A long-term access key id (`AKIA` and 16 more capitals and digits, as
/// IAM issues them) and a secret of the shape IAM gives (40 characters of
/// base64): what was pasted is a key, not a fragment or a temporary one.
fn check_shape(key: &StoredKey) -> anyhow::Result<()> {
    let id = &key.access_key_id;
    let id_ok = id.len() >= 16
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !id_ok {
        anyhow::bail!(
            "{} is not an access key id (AKIA followed by capitals and digits)",
            crate::quote::quote(id)
        );
    }
    if id.starts_with("ASIA") {
        anyhow::bail!(
            "{id} is a temporary key (ASIA...), which needs a session token; a keyring keeps long-term keys (AKIA...)"
        );
    }
    let secret = key.secret_access_key.expose();
    let secret_ok = (30..=128).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
    if !secret_ok {
        // Never the value: it may be most of a real secret.
        anyhow::bail!(
            "the secret access key given for {id} is not one ({} characters; IAM's are 40 of A-Z, a-z, 0-9, + and /)",
            secret.len()
        );
    }
    Ok(())
}

/// Store `key` for `profile` in `backend`, then record it in the index.
fn store(
    ctx: &Context,
    keyrings: &Keyrings,
    backend: Backend,
    profile: &str,
    key: StoredKey,
) -> anyhow::Result<()> {
    let entry = Entry {
        access_key_id: key.access_key_id.clone(),
        backend,
    };
    let name = profile.to_string();
    block_on(
        keyrings.call(backend, &format!("storing profile `{profile}`"), move |s| {
            s.set(&name, &key)
        }),
    )?
    .map_err(|f| keyring_failed(profile, f))?;
    update_index(ctx, |index| {
        index.profiles.insert(profile.to_string(), entry);
    })
}

/// Change the index under its directory's lock.
fn update_index(ctx: &Context, change: impl FnOnce(&mut Index)) -> anyhow::Result<()> {
    let path = ctx.keys_index();
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    create_private_dir(&dir)?;
    let _lock = block_on(crate::cache::lock_directory(
        &dir,
        "the keyring index",
        ctx.settings.lock_timeout,
        ctx.reporter.as_ref(),
    ))??;
    let mut index = Index::load(&path).map_err(|message| Error::ConfigFile {
        path: path.clone(),
        message,
    })?;
    change(&mut index);
    crate::cache::replace_locked_file(&path, index.to_toml().as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

fn list(keyrings: &Keyrings, backend: Backend) -> anyhow::Result<Status> {
    let listed = block_on(keyrings.call(backend, "listing its profiles", |s| s.list()))?
        .map_err(|f| unusable(f.message))?;
    let width = listed.iter().map(|(p, _)| p.chars().count()).max();
    let mut out = String::new();
    for (profile, id) in &listed {
        let pad = width.unwrap_or(0) - profile.chars().count() + 2;
        out.push_str(&format!("{profile}{}{id}\n", " ".repeat(pad)));
    }
    crate::output::print_stdout(&out)?;
    Ok(Status::SUCCESS)
}

fn remove(
    ctx: &Context,
    keyrings: &Keyrings,
    backend: Backend,
    profile: &str,
) -> anyhow::Result<Status> {
    let name = profile.to_string();
    let removed = block_on(keyrings.call(
        backend,
        &format!("removing profile `{profile}`"),
        move |s| s.remove(&name),
    ))?
    .map_err(|f| keyring_failed(profile, f))?;
    let mut indexed = false;
    update_index(ctx, |index| {
        // An entry of another backend stays: it names keys still there.
        if index.get(profile).is_some_and(|e| e.backend == backend) {
            indexed = index.profiles.remove(profile).is_some();
        }
    })?;
    if !removed && !indexed {
        return Err(Error::Keyring {
            profile: Some(profile.to_string()),
            message: format!(
                "keyring `{}` holds no keys for it; `credbroker keys list` shows what it holds",
                backend.name()
            ),
        }
        .into());
    }
    crate::report::line(&format!(
        "removed the keys of profile `{profile}` from keyring `{}`",
        backend.name()
    ));
    Ok(Status::SUCCESS)
}

/// A call of `keys rotate` that failed: IAM's refusal or unavailability.
fn iam_failed(profile: &str, action: &'static str, f: CallFailure) -> Error {
    Error::call_failed(profile.to_string(), None, action, f)
}

fn long_term(key: &StoredKey) -> Credentials {
    Credentials {
        access_key_id: key.access_key_id.clone(),
        secret_access_key: key.secret_access_key.clone(),
        session_token: None,
        expiration: None,
        issued_at: None,
    }
}

/// `keys rotate`: a new key from IAM signed by the old one, stored, the
/// index moved to it, then the old key deleted (signed by itself, still
/// valid: the new one may take IAM seconds to be accepted everywhere) and
/// the cached sessions it signed cleared. Until the new key is stored and
/// indexed the old one stays; a new key that could not be stored is
/// deleted again.
fn rotate(ctx: &Context, keyrings: &Keyrings, profile: &str) -> anyhow::Result<Status> {
    let index = Index::load(&ctx.keys_index()).map_err(|message| Error::ConfigFile {
        path: ctx.keys_index(),
        message,
    })?;
    let Some(entry) = index.get(profile).cloned() else {
        return Err(Error::Keyring {
            profile: Some(profile.to_string()),
            message: "has no keys in a keyring; `credbroker keys add` stores them (a profile with keys in ~/.aws/credentials: `credbroker keys import` first)".into(),
        }
        .into());
    };
    let backend = entry.backend;
    // The links the old key signs now, to clear once it is gone.
    let old_base = crate::link::hash(&["static", &entry.access_key_id]);
    let stale = sessions_of(ctx, &old_base);
    let sts = ctx.sts();
    let old = block_on(keyrings.keys(backend, profile, &entry.access_key_id))?
        .map_err(|f| keyring_failed(profile, f))?;
    let old_creds = long_term(&old);
    let (new_id, new_secret) = block_on(crate::iam::create_access_key(&old_creds, &sts))?
        .map_err(|f| iam_failed(profile, "IAM CreateAccessKey", f))?;
    let new = StoredKey {
        access_key_id: new_id.clone(),
        secret_access_key: new_secret,
    };
    if let Err(e) = store(ctx, keyrings, backend, profile, new) {
        // The old key is still stored (or put back) and valid: undo IAM's half.
        let name = profile.to_string();
        let _ = block_on(keyrings.call(backend, "restoring the old key", move |s| {
            s.set(&name, &old)
        }));
        let undone = block_on(crate::iam::delete_access_key(&old_creds, &sts, &new_id));
        let undo = match undone {
            Ok(Ok(())) => format!("the new key {new_id} was deleted again"),
            _ => format!(
                "the new key {new_id} could not be deleted again: delete it with `aws iam delete-access-key --access-key-id {new_id}`"
            ),
        };
        return Err(e.context(format!(
            "profile `{profile}`: the old key {} stays in use; {undo}",
            entry.access_key_id
        )));
    }
    crate::report::line(&format!(
        "profile `{profile}`: new key {new_id} stored in keyring `{}`",
        backend.name()
    ));
    block_on(crate::iam::delete_access_key(
        &old_creds,
        &sts,
        &entry.access_key_id,
    ))?
    .map_err(|f| iam_failed(profile, "IAM DeleteAccessKey of the old key", f))
    .with_context(|| {
        format!(
            "the new key is in use; the old key {} is still active in IAM: delete it with \
             `aws iam delete-access-key --access-key-id {}`",
            entry.access_key_id, entry.access_key_id
        )
    })?;
    let cleared = clear(ctx, &stale)?;
    crate::report::line(&format!(
        "profile `{profile}`: old key {} deleted; {cleared} cached session(s) it signed cleared",
        entry.access_key_id
    ));
    Ok(Status::SUCCESS)
}

/// The cache keys of every link, of every profile's chain, that rests on
/// the base keyed `base` (a key about to be deleted).
fn sessions_of(ctx: &Context, base: &str) -> Vec<String> {
    let Ok(profiles) = ctx.profiles() else {
        return Vec::new();
    };
    let env = crate::chain::EnvSnapshot::from_process();
    let mut keys: Vec<String> = profiles
        .names()
        .filter_map(|name| crate::chain::resolve(&profiles, name, &env).ok())
        .filter(|chain| chain.base.as_ref().is_some_and(|b| b.key == base))
        .flat_map(|chain| chain.hops.into_iter().map(|h| h.key))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn clear(ctx: &Context, keys: &[String]) -> anyhow::Result<usize> {
    let cache = ctx.cache()?;
    let mut removed = 0;
    for key in keys {
        if cache.remove(key)? == crate::cache::Removed::Yes {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The long-term keys of `[name]` sections in a credentials file's text,
/// by name (sections with a session token hold temporary keys: skipped).
fn file_keys(text: &str) -> Vec<(String, StoredKey)> {
    let mut out = Vec::new();
    for (name, lines) in sections(text) {
        let value = |key: &str| {
            lines.iter().find_map(|l| match l.split_once('=') {
                Some((k, v)) if k.trim().eq_ignore_ascii_case(key) => Some(v.trim().to_string()),
                _ => None,
            })
        };
        if value("aws_session_token").is_some() {
            continue;
        }
        if let (Some(id), Some(secret)) =
            (value("aws_access_key_id"), value("aws_secret_access_key"))
        {
            out.push((
                name,
                StoredKey {
                    access_key_id: id,
                    secret_access_key: Secret::new(secret),
                },
            ));
        }
    }
    out
}

/// The `[name]` sections of an INI text: name and body lines.
fn sections(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        match header(line) {
            Some(name) => out.push((name, Vec::new())),
            None => {
                if let Some((_, body)) = out.last_mut() {
                    body.push(line);
                }
            }
        }
    }
    out
}

fn header(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix('[')?.split(']').next()?;
    Some(inner.trim().to_string())
}

/// `text` without the key lines of the sections `names` (and a section's
/// header when nothing but blank lines is left in it); every other byte
/// as it was.
fn without_keys(text: &str, names: &[String]) -> String {
    const KEYS: &[&str] = &["aws_access_key_id", "aws_secret_access_key"];
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut keep = vec![true; lines.len()];
    let mut current: Option<(String, usize)> = None;
    let finish = |section: Option<(String, usize)>, end: usize, keep: &mut Vec<bool>| {
        if let Some((name, start)) = section
            && names.contains(&name)
        {
            let body = start + 1..end;
            for i in body.clone() {
                let key = lines[i]
                    .split_once('=')
                    .map(|(k, _)| k.trim().to_ascii_lowercase());
                if key.is_some_and(|k| KEYS.contains(&k.as_str())) {
                    keep[i] = false;
                }
            }
            if body.clone().all(|i| !keep[i] || lines[i].trim().is_empty()) {
                keep[start] = false;
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some(name) = header(line) {
            finish(current.take(), i, &mut keep);
            current = Some((name, i));
        }
    }
    finish(current.take(), lines.len(), &mut keep);
    lines
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| *l)
        .collect()
}

/// `keys import [PROFILE...]`: the keys of `~/.aws/credentials` into the
/// keyring, then out of the file (atomically, a backup beside it).
fn import_credentials_file(
    ctx: &Context,
    keyrings: &Keyrings,
    backend: Backend,
    names: &[String],
) -> anyhow::Result<Status> {
    let (_, path) = crate::profile::default_paths();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let backup = backup_path(&path);
    for _ in 0..ATTEMPTS {
        let _lock = block_on(crate::cache::lock_directory(
            &dir,
            &format!("the rewrite of {}", path.display()),
            ctx.settings.lock_timeout,
            ctx.reporter.as_ref(),
        ))??;
        let old =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = std::str::from_utf8(&old)
            .with_context(|| format!("cannot read {}: it is not UTF-8", path.display()))?;
        let found = file_keys(text);
        let chosen: Vec<(String, StoredKey)> = match names.is_empty() {
            true => found,
            false => {
                for name in names {
                    if !found.iter().any(|(n, _)| n == name) {
                        return Err(Error::ConfigFile {
                            path: path.clone(),
                            message: format!(
                                "has no long-term keys of profile `{name}` (aws_access_key_id and aws_secret_access_key, without aws_session_token)"
                            ),
                        }
                        .into());
                    }
                }
                found
                    .into_iter()
                    .filter(|(n, _)| names.contains(n))
                    .collect()
            }
        };
        if chosen.is_empty() {
            crate::report::line(&format!(
                "no long-term keys to import in {}",
                path.display()
            ));
            return Ok(Status::SUCCESS);
        }
        for (name, key) in &chosen {
            check_shape(key).map_err(|e| Error::ConfigFile {
                path: path.clone(),
                message: format!("profile `{name}`: {e}"),
            })?;
        }
        for (name, key) in &chosen {
            store(ctx, keyrings, backend, name, key.clone())?;
        }
        let moved: Vec<String> = chosen.iter().map(|(n, _)| n.clone()).collect();
        let new = without_keys(text, &moved);
        let replaced =
            crate::cache::replace_if_unchanged(&path, Some(&old), new.as_bytes(), &backup)
                .with_context(|| format!("cannot write {}", path.display()))?;
        if replaced == crate::cache::Replaced::Yes {
            for (name, key) in &chosen {
                crate::report::line(&format!(
                    "imported key {} of profile `{name}` into keyring `{}`",
                    key.access_key_id,
                    backend.name()
                ));
            }
            crate::report::line(&format!(
                "removed them from {} (the file before: {})",
                path.display(),
                backup.display()
            ));
            return Ok(Status::SUCCESS);
        }
    }
    anyhow::bail!(
        "{} kept changing while it was rewritten; the keys are stored in the keyring, run `credbroker keys import` again to remove them from the file",
        path.display()
    )
}

fn backup_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        "{}.credbroker.bak",
        path.file_name().unwrap_or_default().to_string_lossy()
    ))
}

/// `keys import --from-aws-vault [PROFILE...]`: aws-vault's stored keys
/// (not its cached sessions) into the keyring, aws-vault's store left as
/// it is. From aws-vault's backend as `AWS_VAULT_BACKEND` names it, else
/// the one of the same kind as credbroker's.
fn import_aws_vault(
    ctx: &Context,
    keyrings: &Keyrings,
    backend: Backend,
    names: &[String],
) -> anyhow::Result<Status> {
    use crate::keyring::aws_vault;
    let var = |name: &str| {
        crate::settings::env_var_os(name)
            .and_then(|v| v.into_string().ok())
            .filter(|v| !v.is_empty())
    };
    let theirs = match var("AWS_VAULT_BACKEND") {
        Some(b) if b == "file" => Backend::File,
        Some(b) if b == "secret-service" => Backend::SecretService,
        Some(other) => anyhow::bail!(
            "aws-vault's backend {} (AWS_VAULT_BACKEND) cannot be read; credbroker reads its `secret-service` and `file` backends",
            crate::quote::quote(&other)
        ),
        None if matches!(backend, Backend::File | Backend::SecretService) => backend,
        None => anyhow::bail!(
            "set AWS_VAULT_BACKEND to the backend aws-vault uses (`secret-service` or `file`)"
        ),
    };
    // Their keyring is another program's: read through the runner too.
    let what = format!("aws-vault's {} keyring", theirs.name());
    let read = keyrings.run(&what, move || aws_vault_items(theirs));
    let items = block_on(read)?.map_err(|f| unusable(f.message))?;
    let mut found = Vec::new();
    for (key, data) in &items {
        if let Some(stored) = aws_vault::keys_from_item(key, data).map_err(unusable)? {
            check_shape(&stored)
                .with_context(|| format!("profile `{key}` in aws-vault's keyring"))?;
            found.push((key.clone(), stored));
        }
    }
    for name in names {
        if !found.iter().any(|(n, _)| n == name) {
            anyhow::bail!(
                "aws-vault's {} keyring holds no long-term keys of profile `{name}`",
                theirs.name()
            );
        }
    }
    let chosen: Vec<_> = found
        .into_iter()
        .filter(|(n, _)| names.is_empty() || names.contains(n))
        .collect();
    if chosen.is_empty() {
        crate::report::line(&format!(
            "aws-vault's {} keyring holds no long-term keys",
            theirs.name()
        ));
        return Ok(Status::SUCCESS);
    }
    for (name, key) in chosen {
        let id = key.access_key_id.clone();
        store(ctx, keyrings, backend, &name, key)?;
        crate::report::line(&format!(
            "imported key {id} of profile `{name}` from aws-vault's {} keyring into keyring `{}`",
            theirs.name(),
            backend.name()
        ));
    }
    Ok(Status::SUCCESS)
}

/// The items of aws-vault's `backend` keyring that hold a profile's
/// long-term keys (by the shapes aws-vault stores), as key and data.
/// Blocking: its file keyring's passphrase may be asked on the terminal.
fn aws_vault_items(backend: Backend) -> Result<Vec<(String, Vec<u8>)>, KeyringError> {
    use crate::keyring::aws_vault;
    if backend == Backend::File {
        let dir = aws_vault::file_dir().ok_or_else(|| KeyringError {
            backend: "aws-vault file",
            message: "there is no home directory to find ~/.awsvault/keys in".into(),
            fix: format!("set {}", aws_vault::FILE_DIR_ENV),
        })?;
        let passphrase = crate::settings::env_var_os(aws_vault::FILE_PASSPHRASE_ENV)
            .and_then(|v| v.into_string().ok())
            .filter(|v| !v.is_empty())
            .map(Secret::new)
            .or_else(|| {
                crate::runner::terminal::ask(
                    &format!("Passphrase of aws-vault's keyring {}: ", dir.display()),
                    true,
                )
            })
            .ok_or_else(|| KeyringError {
                backend: "aws-vault file",
                message: format!(
                    "its passphrase is needed, and {}",
                    crate::runner::terminal::why_not()
                ),
                fix: format!("set {}", aws_vault::FILE_PASSPHRASE_ENV),
            })?;
        return aws_vault::file_items(&dir, &passphrase);
    }
    let collection = aws_vault::collection_from_env();
    let store = crate::keyring::secret_service::SecretServiceStore::new(None);
    let mut items = Vec::new();
    for (label, _, secret) in store.collection_items(&collection)? {
        if aws_vault::is_profile_item(&label) {
            let data = aws_vault::item_data(
                "aws-vault secret-service",
                &label,
                secret.expose().as_bytes(),
            )?;
            items.push((label, data));
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# my keys\n[default]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\naws_secret_access_key = s1\n\n[dev] ; dev account\n# rotated monthly\naws_access_key_id=AKIABBBBBBBBBBBBBBBB\naws_secret_access_key=s2\nregion = eu-west-1\n\n[tmp]\naws_access_key_id = ASIACCCCCCCCCCCCCCCC\naws_secret_access_key = s3\naws_session_token = t\n";

    #[test]
    fn long_term_keys_are_found_and_temporary_ones_skipped() {
        let found: Vec<_> = file_keys(FILE)
            .into_iter()
            .map(|(n, k)| (n, k.access_key_id))
            .collect();
        assert_eq!(
            found,
            [
                ("default".to_string(), "AKIAAAAAAAAAAAAAAAAA".to_string()),
                ("dev".to_string(), "AKIABBBBBBBBBBBBBBBB".to_string())
            ]
        );
    }

    #[test]
    fn removing_keys_keeps_every_other_byte() {
        let out = without_keys(FILE, &["default".into(), "dev".into()]);
        assert_eq!(
            out,
            "# my keys\n\n[dev] ; dev account\n# rotated monthly\nregion = eu-west-1\n\n[tmp]\naws_access_key_id = ASIACCCCCCCCCCCCCCCC\naws_secret_access_key = s3\naws_session_token = t\n"
        );
        assert_eq!(without_keys(FILE, &[]), FILE);
        let no_newline = "[a]\naws_access_key_id = X\naws_secret_access_key = Y";
        assert_eq!(without_keys(no_newline, &["a".into()]), "");
    }

    #[test]
    fn shapes_are_checked_without_echoing_the_secret() {
        let key = |id: &str, secret: &str| StoredKey {
            access_key_id: id.into(),
            secret_access_key: Secret::new(secret),
        };
        let good = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert!(check_shape(&key("AKIAIOSFODNN7EXAMPLE", good)).is_ok());
        let temp = check_shape(&key("ASIAIOSFODNN7EXAMPLE", good)).unwrap_err();
        assert!(temp.to_string().contains("temporary"), "{temp}");
        assert!(check_shape(&key("akia-nope", good)).is_err());
        let bad = check_shape(&key("AKIAIOSFODNN7EXAMPLE", "short secret")).unwrap_err();
        assert!(!bad.to_string().contains("short secret"), "{bad}");
    }
}
