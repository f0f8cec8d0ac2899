//! STUB (replaced by the kr-backends branch).
use super::{KeyringError, Store, StoredKey};
pub struct FileStore;
impl FileStore {
    pub fn new(_path: std::path::PathBuf, _passphrase: crate::secret::Secret) -> Self {
        Self
    }
}
fn stub() -> KeyringError {
    KeyringError {
        backend: "file",
        message: "stub".into(),
        fix: "stub".into(),
    }
}
impl Store for FileStore {
    fn get(&self, _: &str) -> Result<Option<StoredKey>, KeyringError> {
        Err(stub())
    }
    fn set(&self, _: &str, _: &StoredKey) -> Result<(), KeyringError> {
        Err(stub())
    }
    fn remove(&self, _: &str) -> Result<bool, KeyringError> {
        Err(stub())
    }
    fn list(&self) -> Result<Vec<(String, String)>, KeyringError> {
        Err(stub())
    }
}
