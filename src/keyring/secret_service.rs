//! STUB (replaced by the kr-backends branch).
use super::{KeyringError, Store, StoredKey};
pub struct SecretServiceStore;
impl SecretServiceStore {
    pub fn new(_bus_address: Option<String>) -> Self {
        Self
    }
}
fn stub() -> KeyringError {
    KeyringError {
        backend: "secret-service",
        message: "stub".into(),
        fix: "stub".into(),
    }
}
impl Store for SecretServiceStore {
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
