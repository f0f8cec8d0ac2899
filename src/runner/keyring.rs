//! The keyring backends (`crate::keyring`), the one way to them: each call
//! on a thread of its own (a backend blocks: D-Bus round trips, a
//! memory-hard key derivation, a passphrase typed on the terminal), within
//! a deadline (`process_timeout`: long enough to type a passphrase), with
//! a notice when slow and a panic contained, and its failure as a
//! [`CallFailure`] the cache protocol records like any other link's, so
//! processes waiting on the same link learn it instead of asking again.

use std::path::PathBuf;
use std::time::Duration;

use super::Limits;
use crate::error::{CallFailure, FailureKind};
use crate::keyring::{Backend, KeyringError, PASSPHRASE_VAR, Store, StoredKey};
use crate::secret::Secret;

/// The failure code of a keyring that could not give the keys.
pub const KEYRING_FAILED: &str = "KeyringUnavailable";

/// The file of the `file` backend, in credbroker's config directory.
pub const FILE_NAME: &str = "keyring.json";

/// How to reach the backends: where the encrypted file is, its passphrase
/// if one was given for this run, and the deadline of one call.
#[derive(Clone, Debug)]
pub struct Keyrings {
    pub dir: PathBuf,
    pub passphrase: Option<Secret>,
    pub deadline: Duration,
}

impl Keyrings {
    /// The backends for the settings file `config_file` (its directory
    /// holds the index and the encrypted file), the passphrase from
    /// [`PASSPHRASE_VAR`], and `deadline`.
    pub fn new(config_file: &std::path::Path, deadline: Duration) -> Self {
        let passphrase = crate::settings::env_var_os(PASSPHRASE_VAR)
            .and_then(|v| v.into_string().ok())
            .filter(|v| !v.is_empty())
            .map(Secret::new);
        Self {
            dir: crate::keyring::index::path(config_file)
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default(),
            passphrase,
            deadline,
        }
    }

    /// Where the `file` backend keeps its items.
    pub fn file_path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Open `backend`. Blocking (the file's passphrase may be asked on the
    /// terminal): call it inside [`Keyrings::call`].
    pub fn open(&self, backend: Backend) -> Result<Box<dyn Store>, KeyringError> {
        match backend {
            Backend::SecretService => Ok(Box::new(
                crate::keyring::secret_service::SecretServiceStore::new(None),
            )),
            Backend::File => {
                let path = self.file_path();
                let passphrase = match &self.passphrase {
                    Some(p) => p.clone(),
                    None => super::terminal::ask(
                        &format!("Passphrase of {}: ", path.display()),
                        true,
                    )
                    .ok_or_else(|| KeyringError {
                        backend: "file",
                        message: format!(
                            "the passphrase of {} is needed, and {}",
                            path.display(),
                            super::terminal::why_not()
                        ),
                        fix: format!("set {PASSPHRASE_VAR}"),
                    })?,
                };
                Ok(Box::new(crate::keyring::file::FileStore::new(
                    path, passphrase,
                )))
            }
            Backend::Keychain => Err(KeyringError {
                backend: "keychain",
                message: "this build of credbroker cannot use the macOS keychain".into(),
                fix: "set keyring = secret-service or file".into(),
            }),
            Backend::None => Err(KeyringError {
                backend: "none",
                message: "no keyring is in use (keyring = none)".into(),
                fix: "set keyring to secret-service, keychain or file, or keep the keys in ~/.aws/credentials".into(),
            }),
        }
    }

    /// `work` on `backend`'s store (opened on the same thread), within
    /// the deadline; `what` says what it waits for in the notice.
    pub async fn call<T: Send + 'static>(
        &self,
        backend: Backend,
        what: &str,
        work: impl FnOnce(&dyn Store) -> Result<T, KeyringError> + Send + 'static,
    ) -> Result<T, CallFailure> {
        let this = self.clone();
        let what = format!("the keyring `{}` ({what})", backend.name());
        self.run(&what, move || work(this.open(backend)?.as_ref()))
            .await
    }

    /// Blocking keyring `work` (a backend's, or another program's keyring
    /// being read, as aws-vault's for an import) on a thread of its own,
    /// its panic contained, within the deadline, with a notice naming
    /// `what` when slow.
    pub async fn run<T: Send + 'static>(
        &self,
        what: &str,
        work: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
    ) -> Result<T, CallFailure> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("credbroker-keyring".into())
            .spawn(move || {
                let _ = tx.send(crate::report::contain(work));
            });
        if let Err(e) = spawned {
            return Err(failure(
                FailureKind::Transient,
                format!("could not start a thread to reach the keyring: {e}"),
            ));
        }
        let limits = Limits::new(self.deadline);
        let waited =
            super::with_notice(&limits, what, tokio::time::timeout(self.deadline, rx)).await;
        match waited {
            Ok(Ok(Ok(Ok(value)))) => Ok(value),
            Ok(Ok(Ok(Err(e)))) => Err(failure(FailureKind::Permanent, e.to_string())),
            Ok(Ok(Err(_panic))) => Err(failure(
                FailureKind::Transient,
                format!("{what} failed unexpectedly (its library panicked)"),
            )),
            Ok(Err(_)) => Err(failure(
                FailureKind::Transient,
                format!("{what} ended without an answer"),
            )),
            Err(_) => Err(failure(
                FailureKind::Transient,
                format!(
                    "{what} did not answer within {} (a prompt nobody sees, or a hung \
                     service); raise process_timeout if it needs longer",
                    crate::duration::format(self.deadline)
                ),
            )),
        }
    }

    /// The keys `backend` holds for `profile`, which the index says are
    /// there under key id `access_key_id`.
    pub async fn keys(
        &self,
        backend: Backend,
        profile: &str,
        access_key_id: &str,
    ) -> Result<StoredKey, CallFailure> {
        let name = profile.to_string();
        let found = self
            .call(
                backend,
                &format!("the keys of profile `{profile}`"),
                move |s| s.get(&name),
            )
            .await?;
        match found {
            Some(key) if key.access_key_id == access_key_id => Ok(key),
            Some(key) => Err(failure(
                FailureKind::Permanent,
                format!(
                    "keyring `{}`: profile `{profile}` holds key {} there, but the index says {access_key_id}; \
                     store the keys again with `credbroker keys add {profile}`",
                    backend.name(),
                    crate::quote::quote(&key.access_key_id)
                ),
            )),
            None => Err(failure(
                FailureKind::Permanent,
                format!(
                    "keyring `{}` holds no keys for profile `{profile}` any more; \
                     store them again with `credbroker keys add {profile}`",
                    backend.name()
                ),
            )),
        }
    }
}

fn failure(kind: FailureKind, message: String) -> CallFailure {
    CallFailure {
        kind,
        code: KEYRING_FAILED.into(),
        message,
    }
}
