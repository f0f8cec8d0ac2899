//! The freedesktop Secret Service backend (GNOME Keyring, KWallet,
//! KeePassXC) over the D-Bus session bus, in pure Rust (`secret-service`
//! on zbus): nothing to link, and a build without a desktop works.
//!
//! Items live in the default collection (GNOME's `login`), one per
//! profile: attributes `application=credbroker`, `profile`,
//! `access_key_id` (not secret, so `list` reads attributes only), label
//! `credbroker: <profile>`, the secret access key as the secret.
//!
//! Never a prompt: a prompt with no one to answer it waits forever, so
//! nothing here unlocks. A locked collection is an error saying how to
//! unlock it, checked before any call that could prompt.
//!
//! Each call opens one connection in a current-thread runtime of its own
//! and closes it: the methods are called from tokio's blocking threads (a
//! runtime handle is current there, but the thread is not inside the
//! runtime, so a runtime of our own may block on it) and from plain
//! threads alike, and leave no thread behind. zbus's blocking API would
//! start a global multi-thread runtime instead. Every D-Bus call has a
//! timeout, and the whole call a deadline of its own.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use secret_service::{Collection, EncryptionType, Item, SecretService};

use super::{KeyringError, Store, StoredKey};
use crate::secret::Secret;

const BACKEND: &str = "secret-service";
const APPLICATION: &str = "credbroker";
const CONTENT_TYPE: &str = "text/plain";
/// How long one D-Bus call may take.
const METHOD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole operation may take.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const NO_BUS_FIX: &str =
    "run inside a desktop session or `dbus-run-session`, or set keyring = file";

/// The default collection of the Secret Service on a session bus.
pub struct SecretServiceStore {
    address: Address,
    timeout: Duration,
}

enum Address {
    /// Given, or from `DBUS_SESSION_BUS_ADDRESS` / `$XDG_RUNTIME_DIR/bus`.
    Known(String),
    /// Neither: why.
    Missing(&'static str),
}

/// An item of a collection: its label, its attributes, its secret.
pub type CollectionItem = (String, BTreeMap<String, String>, Secret);

impl SecretServiceStore {
    /// `bus_address`: the D-Bus address to use; `None`: the session bus
    /// as libdbus finds it, `DBUS_SESSION_BUS_ADDRESS`, else
    /// `unix:path=$XDG_RUNTIME_DIR/bus` when that socket exists.
    pub fn new(bus_address: Option<String>) -> Self {
        Self {
            address: match bus_address {
                Some(address) => Address::Known(address),
                None => session_bus_address(),
            },
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Another deadline for each operation.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Every item of the collection labelled `collection_label` (aws-vault
    /// keeps its items in one labelled `awsvault`), secrets as UTF-8
    /// (lossy). A missing or locked collection is an error.
    pub fn collection_items(
        &self,
        collection_label: &str,
    ) -> Result<Vec<CollectionItem>, KeyringError> {
        self.run(async |ss| {
            let mut found = None;
            for collection in ss.get_all_collections().await.map_err(failed)? {
                if collection.get_label().await.map_err(failed)? == collection_label {
                    found = Some(collection);
                    break;
                }
            }
            let Some(collection) = found else {
                return Err(KeyringError {
                    backend: BACKEND,
                    message: format!(
                        "the Secret Service has no collection labelled `{collection_label}`"
                    ),
                    fix: "check the name with your keyring tool (e.g. Seahorse), or run the tool that owns it once"
                        .to_string(),
                });
            };
            ensure_unlocked(&collection, &format!("`{collection_label}`")).await?;
            let mut out = Vec::new();
            for item in collection.get_all_items().await.map_err(failed)? {
                let label = item.get_label().await.map_err(failed)?;
                let attributes = item.get_attributes().await.map_err(failed)?;
                let secret =
                    read_secret(&item, &collection, &format!("`{collection_label}`")).await?;
                out.push((label, attributes.into_iter().collect(), secret));
            }
            Ok(out)
        })
    }

    /// Connect, run `op` against the service, disconnect; within the
    /// deadline.
    fn run<T>(
        &self,
        op: impl AsyncFnOnce(&SecretService<'_>) -> Result<T, KeyringError>,
    ) -> Result<T, KeyringError> {
        let address = match &self.address {
            Address::Known(address) => address.as_str(),
            Address::Missing(why) => {
                return Err(KeyringError {
                    backend: BACKEND,
                    message: format!("there is no D-Bus session bus ({why})"),
                    fix: NO_BUS_FIX.to_string(),
                });
            }
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| KeyringError {
                backend: BACKEND,
                message: format!("cannot start the D-Bus client: {e}"),
                fix: "retry; check the process's limits (threads, open files)".to_string(),
            })?;
        let timeout = self.timeout;
        runtime.block_on(async move {
            let work = async {
                let ss = connect(address).await?;
                op(&ss).await
            };
            tokio::time::timeout(timeout, work)
                .await
                .unwrap_or_else(|_| {
                    Err(KeyringError {
                        backend: BACKEND,
                        message: format!(
                            "the Secret Service on {address} did not answer within {}",
                            crate::duration::format(timeout)
                        ),
                        fix: "check your keyring daemon (is it waiting on a prompt?), or set keyring = file"
                            .to_string(),
                    })
                })
        })
    }
}

impl Store for SecretServiceStore {
    fn get(&self, profile: &str) -> Result<Option<StoredKey>, KeyringError> {
        self.run(async |ss| {
            let collection = default_collection(ss).await?;
            let items = collection
                .search_items(profile_attributes(profile))
                .await
                .map_err(failed)?;
            let Some(item) = items.first() else {
                return Ok(None);
            };
            // No Locked round trip first: GetSecret says IsLocked itself.
            let attributes = item.get_attributes().await.map_err(failed)?;
            let secret = read_secret(item, &collection, "default").await?;
            Ok(Some(StoredKey {
                access_key_id: attributes.get("access_key_id").cloned().unwrap_or_default(),
                secret_access_key: secret,
            }))
        })
    }

    fn set(&self, profile: &str, key: &StoredKey) -> Result<(), KeyringError> {
        self.run(async |ss| {
            let collection = default_collection(ss).await?;
            ensure_unlocked(&collection, "default").await?;
            // Items stored under another key id: replace=true only replaces
            // an item with the very same attributes.
            let old = collection
                .search_items(profile_attributes(profile))
                .await
                .map_err(failed)?;
            let mut attributes = profile_attributes(profile);
            attributes.insert("access_key_id", &key.access_key_id);
            let created = collection
                .create_item(
                    &format!("credbroker: {profile}"),
                    attributes,
                    key.secret_access_key.expose().as_bytes(),
                    true,
                    CONTENT_TYPE,
                )
                .await
                .map_err(failed)?;
            // Only once the new item exists: a call cut short leaves the
            // old item or both, never none.
            for item in old {
                if item.item_path != created.item_path {
                    item.delete().await.map_err(failed)?;
                }
            }
            Ok(())
        })
    }

    fn remove(&self, profile: &str) -> Result<bool, KeyringError> {
        self.run(async |ss| {
            let collection = default_collection(ss).await?;
            let items = collection
                .search_items(profile_attributes(profile))
                .await
                .map_err(failed)?;
            if items.is_empty() {
                return Ok(false);
            }
            ensure_unlocked(&collection, "default").await?;
            for item in &items {
                item.delete().await.map_err(failed)?;
            }
            Ok(true)
        })
    }

    fn list(&self) -> Result<Vec<(String, String)>, KeyringError> {
        self.run(async |ss| {
            let collection = default_collection(ss).await?;
            let items = collection
                .search_items(HashMap::from([("application", APPLICATION)]))
                .await
                .map_err(failed)?;
            let mut out = Vec::new();
            for item in &items {
                let attributes = match item.get_attributes().await {
                    Ok(attributes) => attributes,
                    Err(e) if is_locked(&e) => {
                        return Err(locked(&collection, "default").await);
                    }
                    Err(e) => return Err(failed(e)),
                };
                if let Some(profile) = attributes.get("profile") {
                    let id = attributes.get("access_key_id").cloned().unwrap_or_default();
                    out.push((profile.clone(), id));
                }
            }
            out.sort();
            out.dedup_by(|a, b| a.0 == b.0);
            Ok(out)
        })
    }
}

fn profile_attributes(profile: &str) -> HashMap<&str, &str> {
    HashMap::from([("application", APPLICATION), ("profile", profile)])
}

/// The session bus as libdbus finds it.
fn session_bus_address() -> Address {
    if let Some(address) = crate::settings::env_var("DBUS_SESSION_BUS_ADDRESS") {
        return Address::Known(address);
    }
    let Some(runtime_dir) = crate::settings::env_var("XDG_RUNTIME_DIR") else {
        return Address::Missing("DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are not set");
    };
    let socket = Path::new(&runtime_dir).join("bus");
    if socket.exists() {
        Address::Known(format!("unix:path={}", socket.display()))
    } else {
        Address::Missing(
            "DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist",
        )
    }
}

async fn connect(address: &str) -> Result<SecretService<'static>, KeyringError> {
    let no_bus = |why: String| KeyringError {
        backend: BACKEND,
        message: format!("there is no D-Bus session bus at {address} ({why})"),
        fix: NO_BUS_FIX.to_string(),
    };
    let connection = zbus::connection::Builder::address(address)
        .map_err(|e| no_bus(format!("not a D-Bus address: {e}")))?
        .method_timeout(METHOD_TIMEOUT)
        .build()
        .await
        .map_err(|e| match e {
            zbus::Error::InputOutput(io) => no_bus(io.to_string()),
            zbus::Error::Address(why) => no_bus(format!("not a D-Bus address: {why}")),
            e => no_bus(e.to_string()),
        })?;
    SecretService::connect_with_existing(EncryptionType::Dh, connection)
        .await
        .map_err(|e| match error_name(&e).as_deref() {
            Some(
                "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NameHasNoOwner"
                | "org.freedesktop.DBus.Error.Spawn.ChildExited"
                | "org.freedesktop.DBus.Error.Spawn.ExecFailed"
                | "org.freedesktop.DBus.Error.Spawn.ServiceNotFound",
            ) => KeyringError {
                backend: BACKEND,
                message: format!(
                    "no Secret Service (org.freedesktop.secrets) answers on the D-Bus session bus at {address}"
                ),
                fix: "start your keyring (GNOME Keyring, KWallet, KeePassXC with its Secret Service integration), or set keyring = file"
                    .to_string(),
            },
            _ => failed(e),
        })
}

async fn default_collection<'a>(ss: &'a SecretService<'_>) -> Result<Collection<'a>, KeyringError> {
    ss.get_default_collection().await.map_err(|e| match e {
        secret_service::Error::NoResult => KeyringError {
            backend: BACKEND,
            message: "the Secret Service has no default collection".to_string(),
            fix: "create one and make it the default with your keyring tool (e.g. Seahorse), or log in to the desktop session once, or set keyring = file"
                .to_string(),
        },
        e => failed(e),
    })
}

/// Refuse a locked collection: unlocking could prompt, and a prompt with
/// nobody to answer it hangs.
async fn ensure_unlocked(collection: &Collection<'_>, which: &str) -> Result<(), KeyringError> {
    if collection.is_locked().await.map_err(failed)? {
        return Err(locked(collection, which).await);
    }
    Ok(())
}

async fn locked(collection: &Collection<'_>, which: &str) -> KeyringError {
    let name = match collection.get_label().await {
        Ok(label) if !label.is_empty() && which == "default" => {
            format!("the default Secret Service collection (`{label}`)")
        }
        _ if which == "default" => "the default Secret Service collection".to_string(),
        _ => format!("the Secret Service collection {which}"),
    };
    KeyringError {
        backend: BACKEND,
        message: format!("{name} is locked"),
        fix: "unlock it: log in to the desktop session, or unlock it with your keyring tool (e.g. Seahorse); credbroker never prompts"
            .to_string(),
    }
}

/// The item's secret; a locked item is its collection's error.
async fn read_secret(
    item: &Item<'_>,
    collection: &Collection<'_>,
    which: &str,
) -> Result<Secret, KeyringError> {
    match item.get_secret().await {
        Ok(mut bytes) => {
            let secret = Secret::new(String::from_utf8_lossy(&bytes).into_owned());
            zeroize::Zeroize::zeroize(&mut bytes);
            Ok(secret)
        }
        Err(e) if is_locked(&e) => Err(locked(collection, which).await),
        Err(e) => Err(failed(e)),
    }
}

fn is_locked(e: &secret_service::Error) -> bool {
    matches!(e, secret_service::Error::Locked)
        || error_name(e).as_deref() == Some("org.freedesktop.Secret.Error.IsLocked")
}

/// The D-Bus error name of a failed call, if it was one.
fn error_name(e: &secret_service::Error) -> Option<String> {
    use zbus::DBusError as _;
    match e {
        secret_service::Error::Zbus(zbus::Error::MethodError(name, _, _)) => Some(name.to_string()),
        secret_service::Error::Zbus(zbus::Error::FDO(e)) => Some(e.name().to_string()),
        secret_service::Error::ZbusFdo(e) => Some(e.name().to_string()),
        _ => None,
    }
}

/// Anything else. secret-service's errors carry D-Bus names and
/// descriptions, never a secret.
fn failed(e: secret_service::Error) -> KeyringError {
    if is_locked(&e) {
        return KeyringError {
            backend: BACKEND,
            message: "the Secret Service collection is locked".to_string(),
            fix: "unlock it: log in to the desktop session, or unlock it with your keyring tool (e.g. Seahorse); credbroker never prompts"
                .to_string(),
        };
    }
    KeyringError {
        backend: BACKEND,
        message: format!("the Secret Service failed: {e}"),
        fix: "check that your keyring works (`secret-tool search application credbroker`), or set keyring = file"
            .to_string(),
    }
}
