//! Which profiles have keys in a keyring, their key ids and backends:
//! `keys.toml` beside credbroker's `config.toml`. No secret in it: it is
//! what lets a cache hit key a chain on the access key id without touching
//! the keyring (the secret is read only on a miss, from the backend named
//! here), and what `keys list` shows.
//!
//! ```toml
//! [profiles.dev]
//! access_key_id = "AKIA..."
//! backend = "secret-service"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Backend;

/// The index's file name, beside `config.toml`.
pub const FILE_NAME: &str = "keys.toml";

/// One profile's stored keys, as the index knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub access_key_id: String,
    pub backend: Backend,
}

/// The whole index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    #[serde(default)]
    pub profiles: BTreeMap<String, Entry>,
}

/// `keys.toml` in the directory of the settings file `config_file`.
pub fn path(config_file: &Path) -> PathBuf {
    config_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FILE_NAME)
}

impl Index {
    /// The index at `path`; empty when there is none. A file that cannot
    /// be read or parsed is an error (what is wrong with it; the caller
    /// names the file): skipping it would turn a keyring profile into "no
    /// credentials" without saying why.
    pub fn load(path: &Path) -> Result<Index, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Index::default()),
            Err(e) => return Err(format!("cannot be read: {e}")),
        };
        toml::from_str(&text).map_err(|e| {
            format!(
                "is not a keyring index (written by `credbroker keys`): {}",
                crate::quote::excerpt(e.message().trim(), 200)
            )
        })
    }

    /// The entry of `profile`, if its keys are in a keyring.
    pub fn get(&self, profile: &str) -> Option<&Entry> {
        self.profiles.get(profile)
    }

    /// The file's text.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# credbroker's keyring index: which profiles' long-term keys are in\n\
             # which keyring (no secret here). Written by `credbroker keys`.\n",
        );
        out.push_str(&toml::to_string(self).unwrap_or_default());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_absent_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(Index::load(&path).unwrap(), Index::default());
        let mut index = Index::default();
        index.profiles.insert(
            "dev".into(),
            Entry {
                access_key_id: "AKIAEXAMPLE".into(),
                backend: Backend::SecretService,
            },
        );
        std::fs::write(&path, index.to_toml()).unwrap();
        assert_eq!(Index::load(&path).unwrap(), index);
        assert!(index.to_toml().contains("backend = \"secret-service\""));
    }

    #[test]
    fn a_broken_index_says_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[profiles.dev]\nbackend = \"vault\"\n").unwrap();
        let err = Index::load(&path).unwrap_err();
        assert!(err.starts_with("is not a keyring index"), "{err}");
        assert!(err.contains("vault"), "{err}");
    }
}
