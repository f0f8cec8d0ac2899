//! A memo of resolved chains, so that a cache hit does not parse the AWS
//! files (a 5,000-profile config costs tens of milliseconds to parse).
//!
//! The memo maps a request to the last link of its chain (which is all a
//! cache hit reads) and the profile's region. It is used only when every
//! input of resolution is the same as when it was written:
//!
//! - the request: the profile name as chosen (flags, `AWS_DEFAULT_PROFILE`,
//!   `AWS_PROFILE`) and the ad-hoc role flags;
//! - the files: the AWS config and credentials files and the keyring
//!   index (`keys.toml`): their paths (`AWS_CONFIG_FILE`,
//!   `AWS_SHARED_CREDENTIALS_FILE`, `HOME`, the settings file's) and identities: device, inode, size, mode, mtime and ctime to
//!   the nanosecond (a missing file counts as a state too). A file changed
//!   within the last [`RACY`] could be changed again within the same
//!   timestamp tick without its identity changing (git's "racy" problem),
//!   so for such a file its content's hash is part of the fingerprint;
//! - the environment resolution reads: [`EnvSnapshot`]'s fields, through
//!   its `Debug` output (secrets show as present/absent, which is all
//!   resolution uses of them), so a variable added to the snapshot is
//!   covered here without a second list; the digest of the whole
//!   environment (a nested `credential_process`'s identity) is checked only
//!   for chains whose links are keyed on it, so any other chain's memo
//!   survives a changed variable, and a slot does not multiply with
//!   environments;
//! - credbroker's version.
//!
//! The memo also lists the files of the sign-ins the chain rests on (SSO
//! token files, `Kind::sign_in_file`): while one is gone (signed out), the
//! memo is not used, and the full way finds the chain signed out.
//!
//! Anything else (a miss, a refresh, a failure) goes the full way. Every
//! link kind is memoized the same way: the memo holds the last link as its
//! kind serializes it, which holds no secret (key ids, role ARNs,
//! endpoints, commands, the entry key; never a key or token).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::chain::{Chain, EnvSnapshot, Hop};
use crate::link::Kind;
use crate::sts::StsTarget;

/// A file changed more recently than this is fingerprinted by content too.
pub const RACY: Duration = Duration::from_secs(2);

const FORMAT: &str = "credbroker-memo-4";

/// Where a request's memo lives (`slot`), and what must match to use it.
pub struct Key {
    pub slot: String,
    fingerprint: String,
    /// The environment's digest (`EnvSnapshot::process_env`): checked only
    /// for chains whose keys hold it (a nested `credential_process`), so
    /// that any other chain's memo survives a changed variable.
    process_env: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    fingerprint: String,
    chain_profile: String,
    region: Option<String>,
    /// The named profile's STS target (see `Resolved::sts`).
    sts: Option<StsTarget>,
    /// The last link, of whatever kind: each kind's data is serializable.
    hop: Hop,
    /// The sign-in files of every link of the chain.
    sign_ins: Vec<PathBuf>,
    /// The environment's digest, for a chain keyed on it.
    process_env: Option<String>,
}

/// What a memo gives back: a chain of only its last link, the region and
/// the STS target of the named profile.
pub struct Memo {
    pub chain: Chain,
    pub region: Option<String>,
    pub sts: Option<StsTarget>,
}

fn feed(h: &mut Sha256, part: &[u8]) {
    h.update((part.len() as u64).to_le_bytes());
    h.update(part);
}

/// The key of this request, or `None` when a file's state cannot be told.
/// `adhoc` describes the request's ad-hoc role flags (`--role-arn` and its
/// companions), if any.
pub fn key(adhoc: &str, profile_name: &str, env: &EnvSnapshot, files: &[&Path]) -> Option<Key> {
    let mut slot = Sha256::new();
    feed(&mut slot, FORMAT.as_bytes());
    feed(&mut slot, env!("CARGO_PKG_VERSION").as_bytes());
    feed(&mut slot, profile_name.as_bytes());
    feed(&mut slot, adhoc.as_bytes());
    // The environment's digest changes with any variable: it is checked
    // only for chains keyed on it (see `Stored::process_env`), never part
    // of the slot (which would grow a memo file per environment).
    let without_digest = EnvSnapshot {
        process_env: String::new(),
        ..env.clone()
    };
    feed(&mut slot, format!("{without_digest:?}").as_bytes());
    for path in files {
        feed(&mut slot, path.as_os_str().as_encoded_bytes());
    }
    let slot = slot.finalize();
    let mut fingerprint = Sha256::new();
    feed(&mut fingerprint, &slot);
    for path in files {
        feed(&mut fingerprint, &file_state(path)?);
    }
    Some(Key {
        slot: hex(&slot[..16]),
        fingerprint: hex(&fingerprint.finalize()),
        process_env: env.process_env.clone(),
    })
}

/// A file's identity, plus its content's hash when it changed recently.
fn file_state(path: &Path) -> Option<Vec<u8>> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(b"absent".to_vec()),
        Err(_) => return None,
    };
    let mut state = Vec::with_capacity(120);
    for n in [
        meta.dev(),
        meta.ino(),
        meta.size(),
        u64::from(meta.mode()),
        meta.mtime() as u64,
        meta.mtime_nsec() as u64,
        meta.ctime() as u64,
        meta.ctime_nsec() as u64,
    ] {
        state.extend_from_slice(&n.to_le_bytes());
    }
    let changed = |secs: i64, nsecs: i64| {
        SystemTime::UNIX_EPOCH
            + Duration::new(secs.max(0) as u64, nsecs.clamp(0, 999_999_999) as u32)
    };
    let newest =
        changed(meta.mtime(), meta.mtime_nsec()).max(changed(meta.ctime(), meta.ctime_nsec()));
    let racy = crate::clock::system_now()
        .duration_since(newest)
        .map_or(true, |age| age < RACY);
    if racy {
        let bytes = std::fs::read(path).ok()?;
        state.extend_from_slice(&Sha256::digest(&bytes));
    }
    Some(state)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The memo's bytes for `chain`: its last link (all a hit reads), any kind.
pub fn encode(
    key: &Key,
    chain: &Chain,
    region: Option<&str>,
    sts: Option<&StsTarget>,
) -> Option<Vec<u8>> {
    if !chain.hops.iter().all(|h| h.call.memoizable()) {
        return None;
    }
    let last = chain.hops.len().checked_sub(1)?;
    let stored = Stored {
        fingerprint: key.fingerprint.clone(),
        chain_profile: chain.profile.clone(),
        region: region.map(str::to_string),
        sts: sts.cloned(),
        hop: chain.hops[last].clone(),
        sign_ins: chain.sign_in_files(last).collect(),
        process_env: chain
            .hops
            .iter()
            .any(|h| h.call.keyed_on_environment())
            .then(|| key.process_env.clone()),
    };
    serde_json::to_vec(&stored).ok()
}

/// The memo in `bytes`, if it was written for exactly this fingerprint
/// (and environment, for a chain keyed on it) and no sign-in its chain
/// rests on has ended.
pub fn decode(key: &Key, bytes: &[u8]) -> Option<Memo> {
    let stored = parse(bytes)?;
    let other_env = stored
        .process_env
        .is_some_and(|digest| digest != key.process_env);
    let signed_out = stored.sign_ins.iter().any(|f| crate::link::signed_out(f));
    (stored.fingerprint == key.fingerprint && !other_env && !signed_out).then_some(stored.memo)
}

/// A memo as it is stored: the fingerprint it was written for, the
/// environment's digest for a chain keyed on it, the sign-in files its
/// chain rests on, and the memo.
pub struct Parsed {
    pub fingerprint: String,
    pub process_env: Option<String>,
    pub sign_ins: Vec<PathBuf>,
    pub memo: Memo,
}

/// What `bytes` hold, if they are a memo. Anything else is no memo (a
/// miss, silently: a memo is a shortcut).
pub fn parse(bytes: &[u8]) -> Option<Parsed> {
    let s: Stored = serde_json::from_slice(bytes).ok()?;
    // The key names the link's files in the cache directory: only a key
    // as `link::hash` makes it, never a path.
    if !crate::link::is_key(&s.hop.key) {
        return None;
    }
    Some(Parsed {
        fingerprint: s.fingerprint,
        process_env: s.process_env,
        sign_ins: s.sign_ins,
        memo: Memo {
            chain: Chain {
                profile: s.chain_profile,
                base: None,
                hops: vec![s.hop],
            },
            region: s.region,
            sts: s.sts,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(dir: &Path, env: &EnvSnapshot) -> String {
        let config = dir.join("config");
        let creds = dir.join("credentials");
        let k = key("", "prod", env, &[&config, &creds]).unwrap();
        format!("{}:{}", k.slot, k.fingerprint)
    }

    #[test]
    fn every_input_changes_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let env = EnvSnapshot::default();
        let absent = key_of(dir.path(), &env);
        std::fs::write(dir.path().join("config"), "[profile prod]\nrole_arn = a\n").unwrap();
        let written = key_of(dir.path(), &env);
        assert_ne!(absent, written);
        // Same size, same inode, within the racy window: the content counts.
        std::fs::write(dir.path().join("config"), "[profile prod]\nrole_arn = b\n").unwrap();
        assert_ne!(written, key_of(dir.path(), &env));
        let region = EnvSnapshot {
            region: Some("eu-west-1".into()),
            ..EnvSnapshot::default()
        };
        assert_ne!(key_of(dir.path(), &env), key_of(dir.path(), &region));
        let secret = EnvSnapshot {
            secret_access_key: Some(crate::secret::Secret::new("s")),
            ..EnvSnapshot::default()
        };
        assert_ne!(key_of(dir.path(), &env), key_of(dir.path(), &secret));
        assert_eq!(key_of(dir.path(), &env), key_of(dir.path(), &env));
    }
}
