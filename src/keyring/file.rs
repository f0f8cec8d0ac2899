//! The encrypted-file backend: every item in one file (the caller picks
//! the path, e.g. `<config dir>/credbroker/keyring.json`), sealed with a
//! key stretched from a passphrase.
//!
//! The file is a small JSON document: `format`, `kdf` (Argon2id: version,
//! costs, salt), `cipher` (XChaCha20-Poly1305), `nonce`, `ciphertext`
//! (base64). The plaintext is a JSON map profile -> {access_key_id,
//! secret_access_key}; nothing of it, key ids included, is in the clear.
//! The header (format, kdf, cipher) is bound to the ciphertext as
//! associated data, so costs or salt edited in the file fail the tag like a
//! wrong passphrase would. Each write draws a new 24-byte nonce (random
//! nonces are safe at XChaCha's size) and keeps the salt, so a write costs
//! one key derivation (the read's), not two.
//!
//! Invariants, the cache's (`src/cache/`), whose helpers do the work:
//! the directory is 0700 and the file 0600 from their creation, a
//! directory or file of another user's or that group/others can write is
//! refused, the file is never opened through a symlink, and a write is a
//! temporary file in the same directory renamed over the old one, so a
//! writer killed at any instant leaves the old file or the new one. Writes
//! are read-modify-write under an exclusive lock on `<file>.lock`; reads
//! take no lock (a rename is atomic).

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{self, Read as _};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{KeyringError, PASSPHRASE_VAR, Store, StoredKey};
use crate::cache::{self, PrivateDir};
use crate::secret::Secret;

const BACKEND: &str = "file";
/// The `format` of the document; another value is not ours.
const FORMAT: &str = "credbroker-keyring-v1";
const KDF_ALG: &str = "argon2id";
const CIPHER: &str = "xchacha20poly1305";
/// Largest file we read: a thousand profiles take about 150 KiB.
const MAX_FILE: u64 = 16 * 1024 * 1024;
/// How long a writer waits for another's read-modify-write (one key
/// derivation, a fraction of a second).
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;

const DIR: PrivateDir = PrivateDir {
    what: "keyring directory",
    setting: "the keyring file setting",
};

/// Argon2id's costs: memory in KiB, passes, lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    pub m_cost: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

impl Cost {
    /// 64 MiB, 3 passes, 1 lane: a few hundred milliseconds once per cache
    /// miss, and memory-hard against guessing on GPUs.
    pub const DEFAULT: Cost = Cost {
        m_cost: 64 * 1024,
        t_cost: 3,
        p_cost: 1,
    };
    /// The most a file may ask for: a planted file must not make us
    /// allocate gigabytes or spin for minutes.
    const MAX: Cost = Cost {
        m_cost: 1024 * 1024,
        t_cost: 64,
        p_cost: 16,
    };
}

/// The encrypted file, and the passphrase that opens it.
pub struct FileStore {
    path: PathBuf,
    passphrase: Secret,
    cost: Cost,
}

/// The `kdf` of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Kdf {
    alg: String,
    version: u32,
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
}

/// What is authenticated along with the ciphertext.
#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    kdf: &'a Kdf,
    cipher: &'a str,
}

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    kdf: Kdf,
    cipher: String,
    nonce: String,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    access_key_id: String,
    secret_access_key: Secret,
}

type Items = BTreeMap<String, Item>;
type Key = Zeroizing<[u8; 32]>;

/// An opened file: its key derivation and key (reused for the rewrite),
/// and its items.
struct Opened {
    kdf: Kdf,
    key: Key,
    items: Items,
}

impl FileStore {
    pub fn new(path: PathBuf, passphrase: Secret) -> Self {
        Self {
            path,
            passphrase,
            cost: Cost::DEFAULT,
        }
    }

    /// Other Argon2id costs for new files (tests use tiny ones). A file
    /// keeps the costs it was written with until it is rewritten.
    pub fn with_cost(mut self, cost: Cost) -> Self {
        self.cost = cost;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the passphrase opens the file (one key derivation);
    /// `Ok(false)`: there is no file yet, which any passphrase will create.
    pub fn passphrase_works(&self) -> Result<bool, KeyringError> {
        Ok(self.read()?.is_some())
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        self.path.with_file_name(name)
    }

    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        }
    }

    /// The file's items, `None` when there is no file.
    fn read(&self) -> Result<Option<Opened>, KeyringError> {
        if !cache::check_private_dir(self.dir(), DIR).map_err(from_cache)? {
            return Ok(None);
        }
        let Some(bytes) = self.read_bytes()? else {
            return Ok(None);
        };
        self.open(&bytes).map(Some)
    }

    /// The raw file, refused unless it is a regular file of ours that
    /// only we can read and write; never through a symlink.
    fn read_bytes(&self) -> Result<Option<Vec<u8>>, KeyringError> {
        let path = &self.path;
        let file = match OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(path)
        {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                return Err(insecure(
                    path,
                    "it is a symlink",
                    "replace it with the file itself",
                ));
            }
            Err(e) => return Err(io_error(path, "read", &e)),
            Ok(file) => file,
        };
        let meta = file.metadata().map_err(|e| io_error(path, "read", &e))?;
        if !meta.is_file() {
            return Err(insecure(
                path,
                "it is not a regular file",
                "point the setting at a file",
            ));
        }
        // SAFETY: geteuid has no preconditions and cannot fail.
        let uid = unsafe { libc::geteuid() };
        if meta.uid() != uid {
            return Err(insecure(
                path,
                &format!("it is owned by uid {}, not by you (uid {uid})", meta.uid()),
                "use a keyring file of your own",
            ));
        }
        let mode = meta.mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(insecure(
                path,
                &format!("its mode is {mode:03o}: group or others could read or replace it"),
                &format!("chmod 600 {}", path.display()),
            ));
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, "read", &e))?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(not_ours(path, "it is larger than any keyring file"));
        }
        Ok(Some(bytes))
    }

    fn open(&self, bytes: &[u8]) -> Result<Opened, KeyringError> {
        let path = &self.path;
        let doc: Document = serde_json::from_slice(bytes)
            .map_err(|e| not_ours(path, &format!("it is not a keyring document ({e})")))?;
        if doc.format != FORMAT {
            return Err(not_ours(
                path,
                &format!("its format is `{}`, not `{FORMAT}`", doc.format),
            ));
        }
        if doc.cipher != CIPHER || doc.kdf.alg != KDF_ALG || doc.kdf.version != 0x13 {
            return Err(not_ours(
                path,
                &format!(
                    "it uses {} (version {}) and {}, not {KDF_ALG} (version 19) and {CIPHER}",
                    doc.kdf.alg, doc.kdf.version, doc.cipher
                ),
            ));
        }
        let cost = cost_of(&doc.kdf);
        if cost.m_cost > Cost::MAX.m_cost
            || cost.t_cost > Cost::MAX.t_cost
            || cost.p_cost > Cost::MAX.p_cost
        {
            return Err(not_ours(path, "its key derivation costs are out of bounds"));
        }
        let decode = |what: &str, text: &str| {
            B64.decode(text)
                .map_err(|_| not_ours(path, &format!("its {what} is not base64")))
        };
        let salt = decode("salt", &doc.kdf.salt)?;
        let nonce = decode("nonce", &doc.nonce)?;
        let ciphertext = decode("ciphertext", &doc.ciphertext)?;
        if salt.len() < 8 || nonce.len() != NONCE_LEN {
            return Err(not_ours(path, "its salt or nonce has the wrong length"));
        }
        let key = self.derive(&salt, cost)?;
        let aad = header_bytes(&doc.kdf);
        let plaintext = XChaCha20Poly1305::new(&(*key).into())
            .decrypt(
                &XNonce::try_from(nonce.as_slice()).expect("length checked above"),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| KeyringError {
                backend: BACKEND,
                message: format!("wrong passphrase for the encrypted file {}", path.display()),
                fix: format!(
                    "give the passphrase the file was written with ({PASSPHRASE_VAR} or the prompt)"
                ),
            })?;
        let items: Items = serde_json::from_slice(&plaintext)
            // serde_json's message may quote the input, which is secret.
            .map_err(|_| not_ours(path, "its decrypted contents are not a map of keys"))?;
        Ok(Opened {
            kdf: doc.kdf,
            key,
            items,
        })
    }

    fn derive(&self, salt: &[u8], cost: Cost) -> Result<Key, KeyringError> {
        if self.passphrase.expose().is_empty() {
            return Err(KeyringError {
                backend: BACKEND,
                message: format!(
                    "no passphrase for the encrypted file {}",
                    self.path.display()
                ),
                fix: format!("set {PASSPHRASE_VAR}, or run credbroker on a terminal to be asked"),
            });
        }
        let params = Params::new(cost.m_cost, cost.t_cost, cost.p_cost, Some(32)).map_err(|e| {
            not_ours(
                &self.path,
                &format!("its key derivation costs are invalid ({e})"),
            )
        })?;
        let mut key: Key = Zeroizing::new([0; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(self.passphrase.expose().as_bytes(), salt, &mut *key)
            .map_err(|e| not_ours(&self.path, &format!("its key derivation failed ({e})")))?;
        Ok(key)
    }

    /// A key derivation for a new file, or for one written with other costs.
    fn fresh_kdf(&self) -> Result<(Kdf, Key), KeyringError> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| random_failed(&e))?;
        let key = self.derive(&salt, self.cost)?;
        let kdf = Kdf {
            alg: KDF_ALG.to_string(),
            version: 0x13,
            m_cost: self.cost.m_cost,
            t_cost: self.cost.t_cost,
            p_cost: self.cost.p_cost,
            salt: B64.encode(salt),
        };
        Ok((kdf, key))
    }

    /// Read, change and rewrite the file under its lock. `change` says
    /// whether it changed anything; when it did not, nothing is written
    /// (nor created). One key derivation: the read's, whose key the write
    /// reuses, or a new file's.
    fn modify(&self, change: impl FnOnce(&mut Items) -> bool) -> Result<bool, KeyringError> {
        cache::private_dir(self.dir(), DIR).map_err(from_cache)?;
        let lock = self.lock_path();
        let _guard = cache::lock_file_blocking(
            &lock,
            &format!("the keyring file {}", self.path.display()),
            LOCK_TIMEOUT,
        )
        .map_err(from_cache)?;
        let mut opened = self.read()?;
        let mut empty = Items::new();
        let items = opened.as_mut().map_or(&mut empty, |o| &mut o.items);
        if !change(items) {
            return Ok(false);
        }
        let (kdf, key, items) = match opened {
            Some(o) if cost_of(&o.kdf) == self.cost => (o.kdf, o.key, o.items),
            Some(o) => {
                let (kdf, key) = self.fresh_kdf()?;
                (kdf, key, o.items)
            }
            None => {
                let (kdf, key) = self.fresh_kdf()?;
                (kdf, key, empty)
            }
        };
        self.write(&kdf, &key, &items)?;
        Ok(true)
    }

    fn write(&self, kdf: &Kdf, key: &Key, items: &Items) -> Result<(), KeyringError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| random_failed(&e))?;
        let plaintext = Zeroizing::new(serde_json::to_vec(items).expect("a map of strings"));
        let aad = header_bytes(kdf);
        let ciphertext = XChaCha20Poly1305::new(&(**key).into())
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| KeyringError {
                backend: BACKEND,
                message: "encryption failed".to_string(),
                fix: "report this as a bug".to_string(),
            })?;
        let doc = Document {
            format: FORMAT.to_string(),
            kdf: kdf.clone(),
            cipher: CIPHER.to_string(),
            nonce: B64.encode(nonce),
            ciphertext: B64.encode(&ciphertext),
        };
        let mut bytes = serde_json::to_vec_pretty(&doc).expect("strings and numbers");
        bytes.push(b'\n');
        cache::write_private(&self.path, &bytes).map_err(|e| io_error(&self.path, "write", &e))
    }
}

impl Store for FileStore {
    fn get(&self, profile: &str) -> Result<Option<StoredKey>, KeyringError> {
        let Some(mut opened) = self.read()? else {
            return Ok(None);
        };
        Ok(opened.items.remove(profile).map(|item| StoredKey {
            access_key_id: item.access_key_id,
            secret_access_key: item.secret_access_key,
        }))
    }

    fn set(&self, profile: &str, key: &StoredKey) -> Result<(), KeyringError> {
        self.modify(|items| {
            items.insert(
                profile.to_string(),
                Item {
                    access_key_id: key.access_key_id.clone(),
                    secret_access_key: key.secret_access_key.clone(),
                },
            );
            true
        })
        .map(drop)
    }

    fn remove(&self, profile: &str) -> Result<bool, KeyringError> {
        // No directory, no file: nothing to remove, nothing to create.
        if !cache::check_private_dir(self.dir(), DIR).map_err(from_cache)? {
            return Ok(false);
        }
        self.modify(|items| items.remove(profile).is_some())
    }

    fn list(&self) -> Result<Vec<(String, String)>, KeyringError> {
        let Some(opened) = self.read()? else {
            return Ok(Vec::new());
        };
        Ok(opened
            .items
            .into_iter()
            .map(|(profile, item)| (profile, item.access_key_id))
            .collect())
    }
}

fn cost_of(kdf: &Kdf) -> Cost {
    Cost {
        m_cost: kdf.m_cost,
        t_cost: kdf.t_cost,
        p_cost: kdf.p_cost,
    }
}

fn header_bytes(kdf: &Kdf) -> Zeroizing<Vec<u8>> {
    let header = Header {
        format: FORMAT,
        kdf,
        cipher: CIPHER,
    };
    Zeroizing::new(serde_json::to_vec(&header).expect("strings and numbers"))
}

fn not_ours(path: &Path, why: &str) -> KeyringError {
    KeyringError {
        backend: BACKEND,
        message: format!("{} is not a credbroker keyring file: {why}", path.display()),
        fix: "move it away (credbroker then starts a new file), or point the keyring file setting elsewhere"
            .to_string(),
    }
}

fn insecure(path: &Path, why: &str, fix: &str) -> KeyringError {
    KeyringError {
        backend: BACKEND,
        message: format!(
            "refusing to use the encrypted file {}: {why}",
            path.display()
        ),
        fix: fix.to_string(),
    }
}

fn io_error(path: &Path, doing: &str, e: &io::Error) -> KeyringError {
    KeyringError {
        backend: BACKEND,
        message: format!("cannot {doing} the encrypted file {}: {e}", path.display()),
        fix: "check the file and its directory (permissions, free space)".to_string(),
    }
}

fn random_failed(e: &getrandom::Error) -> KeyringError {
    KeyringError {
        backend: BACKEND,
        message: format!("the system's random source failed: {e}"),
        fix: "retry; if it persists, check the system's entropy source".to_string(),
    }
}

/// The cache's refusals (a directory of another user's, a lock timeout)
/// keep their sentence and hint.
fn from_cache(e: crate::error::Error) -> KeyringError {
    let fix = e.hint().unwrap_or_else(|| match e {
        crate::error::Error::LockTimeout { .. } => {
            "retry when the other credbroker process is done".to_string()
        }
        _ => "check the keyring file's directory".to_string(),
    });
    let mut message = e.to_string();
    if let Some(source) = std::error::Error::source(&e) {
        message = format!("{message}: {source}");
    }
    KeyringError {
        backend: BACKEND,
        message,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const TINY: Cost = Cost {
        m_cost: 64,
        t_cost: 1,
        p_cost: 1,
    };
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

    fn store(dir: &Path, passphrase: &str) -> FileStore {
        FileStore::new(dir.join("credbroker/keyring.json"), Secret::new(passphrase)).with_cost(TINY)
    }

    fn key(id: &str, secret: &str) -> StoredKey {
        StoredKey {
            access_key_id: id.to_string(),
            secret_access_key: Secret::new(secret),
        }
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// The real costs are valid Argon2id parameters (tests use tiny ones).
    #[test]
    fn the_default_costs_are_valid() {
        let c = Cost::DEFAULT;
        assert!(Params::new(c.m_cost, c.t_cost, c.p_cost, Some(32)).is_ok());
        assert_eq!(FileStore::new("k".into(), Secret::new("p")).cost, c);
    }

    #[test]
    fn a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "pass");
        assert_eq!(s.get("dev").unwrap(), None);
        assert_eq!(s.list().unwrap(), vec![]);
        assert!(!s.remove("dev").unwrap());
        assert!(!s.passphrase_works().unwrap());
        assert!(!s.path().exists(), "reading or removing creates nothing");
    }

    #[test]
    fn round_trip_replace_remove_list() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "correct horse");
        s.set("dev", &key(KEY_ID, SECRET)).unwrap();
        s.set("prod", &key("AKIAPROD", "prod-secret")).unwrap();
        assert_eq!(s.get("dev").unwrap(), Some(key(KEY_ID, SECRET)));
        assert_eq!(s.get("staging").unwrap(), None);
        // A second store, as another process would open the file.
        let again = store(dir.path(), "correct horse");
        assert_eq!(
            again.get("prod").unwrap(),
            Some(key("AKIAPROD", "prod-secret"))
        );
        s.set("dev", &key("AKIANEW", "rotated")).unwrap();
        assert_eq!(s.get("dev").unwrap(), Some(key("AKIANEW", "rotated")));
        assert_eq!(
            s.list().unwrap(),
            vec![
                ("dev".to_string(), "AKIANEW".to_string()),
                ("prod".to_string(), "AKIAPROD".to_string())
            ]
        );
        assert!(s.remove("dev").unwrap());
        let before = std::fs::read(s.path()).unwrap();
        assert!(!s.remove("dev").unwrap());
        assert_eq!(
            std::fs::read(s.path()).unwrap(),
            before,
            "nothing to remove, nothing written"
        );
        assert_eq!(s.get("dev").unwrap(), None);
        assert_eq!(s.list().unwrap().len(), 1);
        assert!(s.passphrase_works().unwrap());
    }

    #[test]
    fn modes_are_private_and_nothing_is_in_the_clear() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "pass");
        s.set("dev", &key(KEY_ID, SECRET)).unwrap();
        assert_eq!(mode(s.path()), 0o600);
        assert_eq!(mode(s.path().parent().unwrap()), 0o700);
        let raw = std::fs::read_to_string(s.path()).unwrap();
        for (i, needle) in [SECRET, KEY_ID, "dev", "pass"].iter().enumerate() {
            assert!(!raw.contains(needle), "needle {i} is in the file");
        }
        let doc: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(doc["format"], FORMAT);
        assert_eq!(doc["kdf"]["alg"], "argon2id");
        let left: Vec<_> = std::fs::read_dir(s.path().parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            left.iter()
                .all(|n| n == "keyring.json" || n == "keyring.json.lock"),
            "no temporary file left: {left:?}"
        );
    }

    #[test]
    fn a_wrong_passphrase_is_a_clear_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "right")
            .set("dev", &key(KEY_ID, SECRET))
            .unwrap();
        let before = std::fs::read(dir.path().join("credbroker/keyring.json")).unwrap();
        let wrong = store(dir.path(), "wrong");
        let e = wrong.get("dev").unwrap_err();
        assert_eq!(e.backend, "file");
        assert!(
            e.message
                .starts_with("wrong passphrase for the encrypted file "),
            "{e}"
        );
        assert!(e.message.contains("keyring.json"), "{e}");
        assert!(e.fix.contains(PASSPHRASE_VAR), "{e}");
        assert_eq!(wrong.set("other", &key("A", "B")).unwrap_err(), e);
        assert_eq!(wrong.list().unwrap_err(), e);
        assert_eq!(std::fs::read(wrong.path()).unwrap(), before);
        assert!(!format!("{e} {e:?}").contains(SECRET));
    }

    #[test]
    fn an_edited_header_fails_the_tag() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "pass");
        s.set("dev", &key(KEY_ID, SECRET)).unwrap();
        let raw = std::fs::read_to_string(s.path()).unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&raw).unwrap();
        doc["kdf"]["t_cost"] = 2.into();
        std::fs::write(s.path(), serde_json::to_vec(&doc).unwrap()).unwrap();
        let e = store(dir.path(), "pass")
            .with_cost(TINY)
            .get("dev")
            .unwrap_err();
        assert!(e.message.starts_with("wrong passphrase"), "{e}");
    }

    #[test]
    fn garbage_is_a_clear_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "pass");
        std::fs::create_dir_all(s.path().parent().unwrap()).unwrap();
        std::fs::set_permissions(
            s.path().parent().unwrap(),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        for garbage in [&b"\x00\xffnot json"[..], b"{\"format\": \"other\"}", b"[]"] {
            std::fs::write(s.path(), garbage).unwrap();
            std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
            let e = s.get("dev").unwrap_err();
            assert!(
                e.message.contains("is not a credbroker keyring file"),
                "{e}"
            );
            assert!(e.message.contains(&s.path().display().to_string()), "{e}");
            // Never overwritten by a set.
            assert!(s.set("dev", &key(KEY_ID, SECRET)).is_err());
            assert_eq!(std::fs::read(s.path()).unwrap(), garbage);
        }
    }

    #[test]
    fn a_file_or_dir_others_can_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "pass");
        s.set("dev", &key(KEY_ID, SECRET)).unwrap();
        std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o666)).unwrap();
        let e = s.get("dev").unwrap_err();
        assert!(
            e.message.contains("refusing") && e.message.contains("666"),
            "{e}"
        );
        assert!(e.fix.contains("chmod 600"), "{e}");
        std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        let parent = s.path().parent().unwrap();
        std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = s.get("dev").unwrap_err();
        assert!(
            e.message.contains("refusing") && e.message.contains("777"),
            "{e}"
        );
        assert!(s.set("dev", &key(KEY_ID, SECRET)).is_err());
    }

    #[test]
    fn a_symlinked_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "pass");
        s.set("dev", &key(KEY_ID, SECRET)).unwrap();
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::rename(s.path(), &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, s.path()).unwrap();
        let e = s.get("dev").unwrap_err();
        assert!(e.message.contains("symlink"), "{e}");
    }

    #[test]
    fn an_empty_passphrase_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = store(dir.path(), "")
            .set("dev", &key(KEY_ID, SECRET))
            .unwrap_err();
        assert!(e.fix.contains(PASSPHRASE_VAR), "{e}");
    }

    /// New costs apply at the next write, with a new salt.
    #[test]
    fn a_file_is_rewritten_with_the_configured_costs() {
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "pass")
            .set("dev", &key(KEY_ID, SECRET))
            .unwrap();
        let bigger = Cost {
            m_cost: 128,
            ..TINY
        };
        let s = store(dir.path(), "pass").with_cost(bigger);
        s.set("prod", &key("AKIAPROD", "p")).unwrap();
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(s.path()).unwrap()).unwrap();
        assert_eq!(doc["kdf"]["m_cost"], 128);
        assert_eq!(store(dir.path(), "pass").list().unwrap().len(), 2);
    }

    /// Concurrent writers never lose each other's items.
    #[test]
    fn concurrent_sets_keep_every_item() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|scope| {
            for i in 0..4 {
                let root = dir.path();
                scope.spawn(move || {
                    store(root, "pass")
                        .set(&format!("p{i}"), &key(&format!("AKIA{i}"), "s"))
                        .unwrap();
                });
            }
        });
        assert_eq!(store(dir.path(), "pass").list().unwrap().len(), 4);
    }
}
