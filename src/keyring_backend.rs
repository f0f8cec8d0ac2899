//! The value of the `keyring` setting (which backend keeps long-term
//! keys) and the variable of the file backend's passphrase: what the
//! settings need to know of the keyring, without the backends
//! (`crate::keyring`), which sit above the settings and the cache.

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
