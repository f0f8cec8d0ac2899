//! Where long-term keys live when they are not in `~/.aws/credentials`:
//! the OS keyring (the freedesktop Secret Service, macOS's keychain) or an
//! encrypted file. One [`Store`] per backend, chosen by the `keyring`
//! setting. The backends only store and fetch; when they are called (only
//! on a cache miss, with a deadline, a notice, a panic contained) is
//! `runner::keyring`'s business, and which profile's keys are where is the
//! index's (`keys.toml`, no secret in it).
//!
//! Items are keyed by profile name; each holds an access key id and its
//! secret. Nothing here prints or returns a secret but through [`Secret`].

pub mod aws_vault;
pub mod file;
pub mod index;
pub mod secret_service;

pub use crate::keyring_backend::{Backend, PASSPHRASE_VAR};
use crate::secret::Secret;

/// Long-term keys as a backend holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredKey {
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

/// What went wrong with a backend: a sentence that names the backend, and
/// the fix. Never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("keyring `{backend}`: {message}; {fix}")]
pub struct KeyringError {
    pub backend: &'static str,
    pub message: String,
    pub fix: String,
}

/// One backend's items. Blocking calls: the caller runs them off the async
/// runtime, with a deadline.
pub trait Store: Send + Sync {
    /// The keys stored for `profile`, if any.
    fn get(&self, profile: &str) -> Result<Option<StoredKey>, KeyringError>;
    /// Store `key` for `profile`, replacing what was there.
    fn set(&self, profile: &str, key: &StoredKey) -> Result<(), KeyringError>;
    /// Remove `profile`'s keys; whether there were any.
    fn remove(&self, profile: &str) -> Result<bool, KeyringError>;
    /// Every profile stored, with its key id (never the secret), by name.
    fn list(&self) -> Result<Vec<(String, String)>, KeyringError>;
}
