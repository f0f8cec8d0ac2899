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

use crate::secret::Secret;

/// A backend, as the `keyring` setting names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// The freedesktop Secret Service over the D-Bus session bus (GNOME
    /// Keyring, KWallet, KeePassXC).
    SecretService,
    /// macOS's login keychain.
    Keychain,
    /// An encrypted file in credbroker's config directory.
    File,
    /// No keyring: keys come from the AWS files only.
    None,
}

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

/// The variable that gives the `file` backend's passphrase (else it is
/// asked on the terminal). Never handed on to a process credbroker runs.
pub const PASSPHRASE_VAR: &str = "CREDBROKER_KEYRING_PASSPHRASE";

impl Backend {
    /// Every backend, as the setting spells it.
    pub const NAMES: &'static [&'static str] = &["secret-service", "keychain", "file", "none"];

    /// The setting's spelling.
    pub fn name(self) -> &'static str {
        match self {
            Backend::SecretService => "secret-service",
            Backend::Keychain => "keychain",
            Backend::File => "file",
            Backend::None => "none",
        }
    }

    /// The setting's value `text`.
    pub fn parse(text: &str) -> Result<Backend, String> {
        match text.trim() {
            "secret-service" => Ok(Backend::SecretService),
            "keychain" => Ok(Backend::Keychain),
            "file" => Ok(Backend::File),
            "none" => Ok(Backend::None),
            other => Err(format!(
                "{} is not a keyring backend (one of: {})",
                crate::quote::quote(other),
                Self::NAMES.join(", ")
            )),
        }
    }

    /// The default where nothing chose one, and what it was chosen from:
    /// the keychain on macOS; on Linux the Secret Service when there is a
    /// session bus (as libdbus finds it), else the encrypted file.
    pub fn platform_default(env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> (Backend, String) {
        if cfg!(target_os = "macos") {
            return (Backend::Keychain, "the platform (macOS)".into());
        }
        if env("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty()) {
            return (Backend::SecretService, "DBUS_SESSION_BUS_ADDRESS".into());
        }
        let bus = env("XDG_RUNTIME_DIR")
            .filter(|v| !v.is_empty())
            .map(|dir| std::path::PathBuf::from(dir).join("bus"));
        match bus {
            Some(bus) if bus.exists() => (Backend::SecretService, format!("{}", bus.display())),
            _ => (Backend::File, "no D-Bus session bus".into()),
        }
    }
}
