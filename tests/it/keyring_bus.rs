//! A real GNOME Keyring on a private D-Bus session bus, per test, and the
//! Secret Service backend's tests against it (never skipped: the daemons
//! come from `scripts/setup-system`).
//!
//! [`KeyringBus`] starts `dbus-daemon` on a socket in the test's own temp
//! dir, with a configuration of its own (no service activation: nothing
//! but what the test starts ever answers), then `gnome-keyring-daemon
//! --unlock` with the test passphrase on stdin and HOME/XDG dirs in the
//! temp dir, which creates the `login` collection and makes it the
//! default. Both daemons are killed and reaped on drop. The harness talks
//! to the keyring over zbus (the crate's own D-Bus library) for what a
//! test sets up: lock, unlock without a prompt (gnome-keyring's
//! `UnlockWithMasterPassword`), another collection (`awsvault`).
//!
//! Secrets: assertions compare values and never print a secret.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use credbroker::keyring::secret_service::SecretServiceStore;
use credbroker::keyring::{Store, StoredKey};
use credbroker::secret::Secret;
use zbus::zvariant::{OwnedObjectPath, Value};

const PASSPHRASE: &str = "test keyring passphrase";
const SERVICE: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
const SERVICE_IFACE: &str = "org.freedesktop.Secret.Service";
const GNOME_IFACE: &str = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface";
const DEFAULT_ALIAS: &str = "/org/freedesktop/secrets/aliases/default";

/// The secret struct of the Secret Service API: session, parameters,
/// value, content type.
type SecretStruct = (OwnedObjectPath, Vec<u8>, Vec<u8>, String);

/// A private session bus, with a GNOME Keyring on it unless
/// [`KeyringBus::without_keyring`].
pub struct KeyringBus {
    dir: tempfile::TempDir,
    address: String,
    dbus: Child,
    keyring: Option<Child>,
}

impl KeyringBus {
    /// A bus and an unlocked GNOME Keyring whose default collection is
    /// `login`.
    pub fn start() -> KeyringBus {
        let mut bus = Self::without_keyring();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets", "--foreground"])
            .env_clear()
            .envs(bus.env())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon (scripts/setup-system installs it)");
        // --unlock reads the passphrase until end of file.
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(PASSPHRASE.as_bytes()).unwrap();
        drop(stdin);
        bus.keyring = Some(keyring);
        bus.wait_for_login();
        bus
    }

    /// A bus where nothing owns `org.freedesktop.secrets`.
    pub fn without_keyring() -> KeyringBus {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "data", "config", "run"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.path().join("run"),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        let socket = dir.path().join("bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(&config, bus_config(&socket)).unwrap();
        let mut dbus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon (scripts/setup-system installs it)");
        let mut line = String::new();
        BufReader::new(dbus.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read dbus-daemon's address");
        let address = line.trim().to_string();
        assert!(address.starts_with("unix:"), "dbus-daemon printed {line:?}");
        KeyringBus {
            dir,
            address,
            dbus,
            keyring: None,
        }
    }

    /// The directory of the daemons' own files (GNOME Keyring's keyrings).
    pub fn files(&self) -> &std::path::Path {
        self.dir.path()
    }

    pub fn address(&self) -> String {
        self.address.clone()
    }

    /// The environment of a command that should use this keyring.
    pub fn env(&self) -> Vec<(String, String)> {
        let at = |sub: &str| self.dir.path().join(sub).display().to_string();
        vec![
            ("DBUS_SESSION_BUS_ADDRESS".into(), self.address.clone()),
            ("HOME".into(), at("home")),
            ("XDG_DATA_HOME".into(), at("data")),
            ("XDG_CONFIG_HOME".into(), at("config")),
            ("XDG_RUNTIME_DIR".into(), at("run")),
        ]
    }

    pub fn store(&self) -> SecretServiceStore {
        SecretServiceStore::new(Some(self.address()))
    }

    fn connection(&self) -> zbus::blocking::Connection {
        zbus::blocking::connection::Builder::address(self.address.as_str())
            .unwrap()
            .method_timeout(Duration::from_secs(5))
            .build()
            .expect("connect to the private bus")
    }

    fn call<B, R>(
        &self,
        conn: &zbus::blocking::Connection,
        path: &str,
        iface: &str,
        method: &str,
        body: &B,
    ) -> R
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
        R: for<'d> zbus::zvariant::DynamicDeserialize<'d>,
    {
        conn.call_method(Some(SERVICE), path, Some(iface), method, body)
            .unwrap_or_else(|e| panic!("{iface}.{method}: {e}"))
            .body()
            .deserialize()
            .unwrap_or_else(|e| panic!("{iface}.{method}'s answer: {e}"))
    }

    /// Until the keyring answers and its default collection exists.
    fn wait_for_login(&mut self) {
        let start = Instant::now();
        let conn = self.connection();
        loop {
            let answer = conn.call_method(
                Some(SERVICE),
                SERVICE_PATH,
                Some(SERVICE_IFACE),
                "ReadAlias",
                &("default",),
            );
            if let Ok(reply) = answer
                && let Ok(path) = reply.body().deserialize::<OwnedObjectPath>()
                && path.as_str() != "/"
            {
                assert_eq!(path.as_str(), "/org/freedesktop/secrets/collection/login");
                return;
            }
            if let Some(Ok(Some(status))) = self.keyring.as_mut().map(|k| k.try_wait()) {
                panic!("gnome-keyring-daemon exited: {status}");
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "gnome-keyring-daemon did not answer within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A plain (unencrypted) session on `conn`, for sending secrets.
    fn plain_session(&self, conn: &zbus::blocking::Connection) -> OwnedObjectPath {
        let (_, session): (zbus::zvariant::OwnedValue, OwnedObjectPath) = self.call(
            conn,
            SERVICE_PATH,
            SERVICE_IFACE,
            "OpenSession",
            &("plain", Value::from("")),
        );
        session
    }

    /// Lock the default collection, as a screen lock or a timeout would.
    pub fn lock(&self) {
        self.lock_collection(DEFAULT_ALIAS);
    }

    pub fn lock_collection(&self, path: &str) {
        let conn = self.connection();
        let path = OwnedObjectPath::try_from(path).unwrap();
        let (locked, _prompt): (Vec<OwnedObjectPath>, OwnedObjectPath) =
            self.call(&conn, SERVICE_PATH, SERVICE_IFACE, "Lock", &(vec![path],));
        assert_eq!(locked.len(), 1, "the collection was not locked");
    }

    /// Unlock the default collection without a prompt.
    pub fn unlock(&self) {
        let conn = self.connection();
        let session = self.plain_session(&conn);
        let login = OwnedObjectPath::try_from("/org/freedesktop/secrets/collection/login").unwrap();
        let secret: SecretStruct = (
            session,
            vec![],
            PASSPHRASE.as_bytes().to_vec(),
            "text/plain".into(),
        );
        conn.call_method(
            Some(SERVICE),
            SERVICE_PATH,
            Some(GNOME_IFACE),
            "UnlockWithMasterPassword",
            &(login, secret),
        )
        .expect("UnlockWithMasterPassword");
    }

    /// A new collection labelled `label`, unlocked, without a prompt.
    pub fn create_collection(&self, label: &str) -> OwnedObjectPath {
        let conn = self.connection();
        let session = self.plain_session(&conn);
        let properties = HashMap::from([(
            "org.freedesktop.Secret.Collection.Label",
            Value::from(label),
        )]);
        let secret: SecretStruct = (
            session,
            vec![],
            b"collection pass".to_vec(),
            "text/plain".into(),
        );
        self.call(
            &conn,
            SERVICE_PATH,
            GNOME_IFACE,
            "CreateWithMasterPassword",
            &(properties, secret),
        )
    }

    /// Store an item in `collection`, as another program would.
    pub fn create_item(
        &self,
        collection: &OwnedObjectPath,
        label: &str,
        attributes: &[(&str, &str)],
        secret: &str,
    ) {
        let conn = self.connection();
        let session = self.plain_session(&conn);
        let attributes: HashMap<&str, &str> = attributes.iter().copied().collect();
        let properties = HashMap::from([
            ("org.freedesktop.Secret.Item.Label", Value::from(label)),
            (
                "org.freedesktop.Secret.Item.Attributes",
                Value::from(attributes),
            ),
        ]);
        let secret: SecretStruct = (
            session,
            vec![],
            secret.as_bytes().to_vec(),
            "text/plain".into(),
        );
        let (_item, _prompt): (OwnedObjectPath, OwnedObjectPath) = self.call(
            &conn,
            collection.as_str(),
            "org.freedesktop.Secret.Collection",
            "CreateItem",
            &(properties, secret, true),
        );
    }

    /// How many items, in any collection, match `attributes`.
    pub fn count(&self, attributes: &[(&str, &str)]) -> usize {
        let conn = self.connection();
        let attributes: HashMap<&str, &str> = attributes.iter().copied().collect();
        let (unlocked, locked): (Vec<OwnedObjectPath>, Vec<OwnedObjectPath>) = self.call(
            &conn,
            SERVICE_PATH,
            SERVICE_IFACE,
            "SearchItems",
            &(attributes,),
        );
        unlocked.len() + locked.len()
    }
}

impl Drop for KeyringBus {
    fn drop(&mut self) {
        for child in self.keyring.iter_mut().chain([&mut self.dbus]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A session bus that activates nothing: only the daemons a test starts
/// ever own a name on it.
fn bus_config(socket: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        socket.display()
    )
}

fn key(id: &str, secret: &str) -> StoredKey {
    StoredKey {
        access_key_id: id.to_string(),
        secret_access_key: Secret::new(secret),
    }
}

/// Compare without printing the secret on failure.
fn assert_key(got: Option<StoredKey>, id: &str, secret: &str) {
    let got = got.expect("an item");
    assert_eq!(got.access_key_id, id);
    assert!(
        got.secret_access_key.expose() == secret,
        "wrong secret for {id}"
    );
}

#[test]
fn round_trip_with_two_profiles() {
    let bus = KeyringBus::start();
    let store = bus.store();
    assert_eq!(store.list().unwrap(), vec![]);
    assert!(store.get("dev").unwrap().is_none());
    store.set("dev", &key("AKIADEV", "dev-secret/+=")).unwrap();
    store.set("prod", &key("AKIAPROD", "prod-secret")).unwrap();
    assert_key(store.get("dev").unwrap(), "AKIADEV", "dev-secret/+=");
    assert_key(store.get("prod").unwrap(), "AKIAPROD", "prod-secret");
    assert_eq!(
        store.list().unwrap(),
        vec![
            ("dev".to_string(), "AKIADEV".to_string()),
            ("prod".to_string(), "AKIAPROD".to_string())
        ]
    );
    assert!(store.remove("dev").unwrap());
    assert!(!store.remove("dev").unwrap());
    assert!(store.get("dev").unwrap().is_none());
    assert_key(store.get("prod").unwrap(), "AKIAPROD", "prod-secret");
    assert_eq!(store.list().unwrap().len(), 1);
}

/// The items as other tools see them: in `login`, with the documented
/// attributes, one per profile whatever its key id was.
#[test]
fn set_replaces_the_profiles_item() {
    let bus = KeyringBus::start();
    let store = bus.store();
    store.set("dev", &key("AKIAOLD", "old")).unwrap();
    store.set("dev", &key("AKIAOLD", "old-again")).unwrap();
    store.set("dev", &key("AKIANEW", "new")).unwrap();
    assert_key(store.get("dev").unwrap(), "AKIANEW", "new");
    assert_eq!(
        bus.count(&[("application", "credbroker"), ("profile", "dev")]),
        1
    );
    assert_eq!(
        bus.count(&[
            ("application", "credbroker"),
            ("profile", "dev"),
            ("access_key_id", "AKIANEW")
        ]),
        1
    );
    let login = store.collection_items("Login").unwrap();
    assert_eq!(login.len(), 1);
    assert_eq!(login[0].0, "credbroker: dev");
    assert!(login[0].2.expose() == "new");
}

/// Locked: an error that says so, at once (no prompt, no hang); unlocked
/// again, everything works.
#[test]
fn a_locked_collection_is_a_quick_clear_error() {
    let bus = KeyringBus::start();
    let store = bus.store();
    store.set("dev", &key("AKIADEV", "dev-secret")).unwrap();
    bus.lock();
    let start = Instant::now();
    let errors = [
        store.get("dev").unwrap_err(),
        store.set("dev", &key("AKIADEV", "x")).unwrap_err(),
        store.set("new", &key("AKIANEW", "x")).unwrap_err(),
        store.remove("dev").unwrap_err(),
    ];
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    for e in &errors {
        assert_eq!(e.backend, "secret-service");
        assert!(e.message.contains("locked"), "{e}");
        assert!(e.fix.contains("unlock"), "{e}");
        assert!(!format!("{e} {e:?}").contains("dev-secret"));
    }
    // list needs no secret: gnome-keyring gives a locked item's
    // attributes.
    assert_eq!(
        store.list().unwrap(),
        vec![("dev".to_string(), "AKIADEV".to_string())]
    );
    bus.unlock();
    assert_key(store.get("dev").unwrap(), "AKIADEV", "dev-secret");
}

#[test]
fn no_bus_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let address = format!("unix:path={}", dir.path().join("nobody").display());
    let start = Instant::now();
    let e = SecretServiceStore::new(Some(address))
        .get("dev")
        .unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(e.backend, "secret-service");
    assert!(e.message.contains("no D-Bus session bus"), "{e}");
    assert!(
        e.fix.contains("dbus-run-session") && e.fix.contains("keyring = file"),
        "{e}"
    );
}

#[test]
fn no_secret_service_on_the_bus_is_a_clear_error() {
    let bus = KeyringBus::without_keyring();
    let start = Instant::now();
    let e = bus.store().list().unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(e.message.contains("no Secret Service"), "{e}");
    assert!(e.fix.contains("keyring = file"), "{e}");
}

/// aws-vault's items, in their collection, for importing them.
#[test]
fn collection_items_reads_another_collection() {
    let bus = KeyringBus::start();
    let awsvault = bus.create_collection("awsvault");
    bus.create_item(
        &awsvault,
        "aws-vault (dev)",
        &[("profile", "dev"), ("service", "aws-vault")],
        r#"{"AccessKeyID":"AKIADEV","SecretAccessKey":"vault-secret"}"#,
    );
    bus.create_item(
        &awsvault,
        "aws-vault (prod)",
        &[("profile", "prod")],
        "prod-data",
    );
    let mut items = bus.store().collection_items("awsvault").unwrap();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].0, "aws-vault (dev)");
    assert_eq!(items[0].1.get("profile").map(String::as_str), Some("dev"));
    assert_eq!(
        items[0].1.get("service").map(String::as_str),
        Some("aws-vault")
    );
    assert!(
        items[0]
            .2
            .expose()
            .contains("\"SecretAccessKey\":\"vault-secret\"")
    );
    assert_eq!(items[1].0, "aws-vault (prod)");
    assert!(items[1].2.expose() == "prod-data");
    // credbroker's own items stay in the default collection.
    assert_eq!(bus.store().list().unwrap(), vec![]);
    let e = bus.store().collection_items("no-such").unwrap_err();
    assert!(
        e.message.contains("no collection labelled `no-such`"),
        "{e}"
    );
    bus.lock_collection(awsvault.as_str());
    let e = bus.store().collection_items("awsvault").unwrap_err();
    assert!(e.message.contains("`awsvault` is locked"), "{e}");
}

/// Called as `runner::keyring` calls it (a tokio blocking thread, where a
/// runtime handle is current) and from a plain thread.
#[test]
fn works_from_a_blocking_task_and_a_plain_thread() {
    let bus = KeyringBus::start();
    let address = bus.address();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let address = address.clone();
        tokio::task::spawn_blocking(move || {
            let store = SecretServiceStore::new(Some(address));
            store.set("dev", &key("AKIADEV", "s1")).unwrap();
            assert_key(store.get("dev").unwrap(), "AKIADEV", "s1");
        })
        .await
        .unwrap();
    });
    std::thread::spawn(move || {
        let store = SecretServiceStore::new(Some(address));
        assert_key(store.get("dev").unwrap(), "AKIADEV", "s1");
    })
    .join()
    .unwrap();
}

/// The daemons are gone once the harness is dropped.
#[test]
fn drop_leaves_no_daemon() {
    let bus = KeyringBus::start();
    let pids = [bus.dbus.id(), bus.keyring.as_ref().unwrap().id()];
    let socket: PathBuf = bus.dir.path().join("bus");
    drop(bus);
    for pid in pids {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "pid {pid} is still there"
        );
    }
    assert!(!socket.exists(), "the temp dir is removed");
}
