//! The on-disk cache: one JSON entry per link, `<key>.json`, guarded by
//! `<key>.lock`. Nothing outside this module opens an entry or a lock.
//!
//! Invariants:
//! - the directory is 0700 and entries 0600 from the moment they exist
//!   (created with those modes, never chmod-ed after writing);
//! - a directory owned by another user or writable by group/others is
//!   refused, as ssh refuses such a key;
//! - symlinks inside the directory are never followed (`O_NOFOLLOW`);
//! - an entry is replaced by writing a temporary file in the same directory,
//!   flushing it and renaming it over the old one, so readers see the old or
//!   the new entry, never a torn one, whenever the writer dies;
//! - an unreadable or corrupt entry is a miss with a warning; the next
//!   refresh rewrites it.

mod entry;
mod lock;
mod private;

use private::Writers;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use entry::{Entry, FORMAT_VERSION, Failure, Label};
pub use lock::LockGuard;
pub use private::{Replaced, replace_if_unchanged, replace_locked_file};

use crate::error::Error;
use crate::report::WaitObserver;

/// Largest entry we will read; a real one is about 1.5 KiB.
const MAX_ENTRY: u64 = 64 * 1024;
/// Largest listing we will read: 1,000 accounts with two roles each take
/// about 150 KiB.
const MAX_LISTING: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
    /// `false`: the cache could not be used (read-only, full, a lock file
    /// that cannot be created); every read misses, every lock is granted
    /// at once and every write is dropped, so the protocol resolves the
    /// chain without it.
    enabled: bool,
}

/// What reading an entry found.
#[derive(Debug)]
pub enum Read {
    Missing,
    Found(Box<Entry>),
    /// Unreadable or corrupt: a miss, with the reason for the warning.
    Corrupt(String),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Removed {
    Yes,
    Missing,
    /// Locked by a refresh in progress; left alone.
    Busy,
}

impl Read {
    pub fn entry(&self) -> Option<&Entry> {
        match self {
            Read::Found(e) => Some(e),
            _ => None,
        }
    }

    pub fn generation(&self) -> u64 {
        self.entry().map_or(0, |e| e.generation)
    }
}

impl Cache {
    /// Open the cache at `dir`, creating it 0700 if needed and refusing an
    /// insecure one.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        let meta = match fs::metadata(dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create_dir(dir)?;
                fs::metadata(dir)
            }
            other => other,
        };
        let meta = meta.map_err(|source| Error::CacheIo {
            path: dir.to_path_buf(),
            source,
        })?;
        check_dir(dir, &meta, CACHE_DIR)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            enabled: true,
        })
    }

    /// A cache that keeps nothing, for when `dir` cannot be written: see
    /// [`Error::unwritable_cache`].
    pub fn uncached(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            enabled: false,
        }
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    fn lock_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.lock"))
    }

    /// A file of credbroker's own beside the entries (an SSO client
    /// registration), written with [`write_private`]; never an entry.
    pub fn side_file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Read an entry without taking its lock (safe: writes are atomic).
    pub fn read(&self, key: &str) -> Read {
        if !self.enabled {
            return Read::Missing;
        }
        let path = self.entry_path(key);
        let mut file = match open_no_follow(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Read::Missing,
            Err(e) => return Read::Corrupt(format!("cannot open {}: {e}", path.display())),
        };
        let mut text = String::new();
        if let Err(e) = (&mut file).take(MAX_ENTRY).read_to_string(&mut text) {
            return Read::Corrupt(format!("cannot read {}: {e}", path.display()));
        }
        match Entry::decode(&text) {
            Ok(e) => Read::Found(Box::new(e)),
            Err(why) => Read::Corrupt(format!("{} {why}", path.display())),
        }
    }

    /// Take the exclusive lock of `key`, waiting at most `timeout`.
    pub async fn lock(
        &self,
        key: &str,
        label: &str,
        timeout: Duration,
        observer: &dyn WaitObserver,
    ) -> Result<LockGuard, Error> {
        if !self.enabled {
            return Ok(LockGuard::unlocked());
        }
        lock::acquire(self.lock_path(key), label, timeout, observer).await
    }

    /// Take the lock of `key` only if nobody holds it.
    pub fn try_lock(&self, key: &str) -> Result<Option<LockGuard>, Error> {
        if !self.enabled {
            return Ok(Some(LockGuard::unlocked()));
        }
        lock::try_acquire(&self.lock_path(key))
    }

    /// Write `entry` atomically, only over the generation the caller started
    /// from (`expected`; 0 means "no entry"). Returns `false`, writing
    /// nothing, when the entry moved on meanwhile: a late result never
    /// replaces a newer one. The caller must hold the key's lock.
    pub fn write(
        &self,
        key: &str,
        entry: &Entry,
        expected: u64,
        _lock: &LockGuard,
    ) -> Result<bool, Error> {
        if !self.enabled {
            return Ok(true);
        }
        if self.read(key).generation() != expected {
            return Ok(false);
        }
        self.remove_stale_temps(key);
        let path = self.entry_path(key);
        let tmp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let io_err = |source| Error::CacheIo {
            path: path.clone(),
            source,
        };
        let bytes = serde_json::to_vec(entry).expect("an entry always serializes");
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&tmp)
            .map_err(io_err)?;
        let written = file.write_all(&bytes).and_then(|()| file.sync_all());
        drop(file);
        if written.is_ok() {
            test_pause_before_rename(&tmp);
        }
        let renamed = written.and_then(|()| match fs::rename(&tmp, &path) {
            // Something put a directory where the entry goes: it holds no
            // entry (reads refuse it), so it is replaced. We hold the lock,
            // the directory is ours (0700), and remove_dir_all does not
            // follow symlinks.
            Err(_) if is_real_dir(&path) => {
                fs::remove_dir_all(&path).and_then(|()| fs::rename(&tmp, &path))
            }
            other => other,
        });
        if let Err(e) = renamed {
            let _ = fs::remove_file(&tmp);
            return Err(io_err(e));
        }
        Ok(true)
    }

    /// Temporary files of `key` left by a writer that died mid-write. Only
    /// called under the key's lock, so none of them is being written now.
    fn remove_stale_temps(&self, key: &str) {
        private::remove_temps(&self.dir, key, Writers::Any);
    }

    /// The memo in slot `slot` (see `memo.rs`), if there is one.
    pub fn read_memo(&self, slot: &str) -> Option<Vec<u8>> {
        if !self.enabled {
            return None;
        }
        let file = open_no_follow(&self.dir.join(format!("{slot}.memo"))).ok()?;
        let mut bytes = Vec::new();
        file.take(MAX_ENTRY).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// Replace the memo in `slot`, atomically; best effort (a memo is only
    /// a shortcut). No lock: every writer of a slot writes a memo that is
    /// right for its own fingerprint, and the reader checks that.
    pub fn write_memo(&self, slot: &str, bytes: &[u8]) {
        if !self.enabled {
            return;
        }
        self.remove_dead_memo_temps(slot);
        self.replace_best_effort(&format!("{slot}.memo"), bytes);
    }

    /// Replace the file `name` in the directory with `bytes` (0600, temp +
    /// rename); best effort, for the files that only save work.
    fn replace_best_effort(&self, name: &str, bytes: &[u8]) {
        let path = self.dir.join(name);
        let tmp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&tmp)
            .and_then(|mut f| f.write_all(bytes))
            .and_then(|()| fs::rename(&tmp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Temporary memo files of `slot` left by writers that died mid-write.
    /// Memo writers take no lock, so only a temporary whose writer (the pid
    /// in its name) is gone is removed.
    fn remove_dead_memo_temps(&self, slot: &str) {
        private::remove_temps(&self.dir, &format!("{slot}.memo"), Writers::Gone);
    }

    /// The listing `name` (what an SSO sign-in can see, as
    /// the SSO kind stores it), if there is one.
    pub fn read_listing(&self, name: &str) -> Option<Vec<u8>> {
        if !self.enabled {
            return None;
        }
        let file = open_no_follow(&self.dir.join(format!("{name}.listing"))).ok()?;
        let mut bytes = Vec::new();
        file.take(MAX_LISTING).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// Replace the listing `name`, atomically; best effort, as a memo (a
    /// listing only saves a scan, and every writer writes a whole one).
    pub fn write_listing(&self, name: &str, bytes: &[u8]) {
        if !self.enabled {
            return;
        }
        let file = format!("{name}.listing");
        private::remove_temps(&self.dir, &file, Writers::Gone);
        self.replace_best_effort(&file, bytes);
    }

    /// Remove every memo; best effort.
    pub fn remove_memos(&self) {
        if !self.enabled {
            return;
        }
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        for item in dir.flatten() {
            if item.file_name().to_string_lossy().ends_with(".memo") {
                let _ = fs::remove_file(item.path());
            }
        }
    }

    /// Every entry in the directory, with its key.
    pub fn entries(&self) -> Result<Vec<(String, Read)>, Error> {
        if !self.enabled {
            return Ok(Vec::new());
        }
        let dir = fs::read_dir(&self.dir).map_err(|source| Error::CacheIo {
            path: self.dir.clone(),
            source,
        })?;
        let mut out: Vec<(String, Read)> = dir
            .flatten()
            .filter_map(|item| {
                let name = item.file_name().to_string_lossy().into_owned();
                let key = name.strip_suffix(".json")?.to_string();
                (!key.starts_with('.')).then(|| {
                    let read = self.read(&key);
                    (key, read)
                })
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Remove the entry of `key` unless it is being refreshed right now
    /// (removing it under a writer would discard that refresh). Its lock
    /// file stays (see `lock`).
    pub fn remove(&self, key: &str) -> Result<Removed, Error> {
        if !self.enabled {
            return Ok(Removed::Missing);
        }
        let path = self.entry_path(key);
        let Some(_guard) = lock::try_acquire(&self.lock_path(key))? else {
            return Ok(Removed::Busy);
        };
        match fs::remove_file(&path) {
            Ok(()) => Ok(Removed::Yes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Removed::Missing),
            Err(source) => Err(Error::CacheIo { path, source }),
        }
    }
}

fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn open_no_follow(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

fn create_dir(dir: &Path) -> Result<(), Error> {
    if let Some(parent) = dir.parent() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|source| Error::CacheIo {
                path: parent.to_path_buf(),
                source,
            })?;
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        // Another process created it first; `check_dir` judges it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(Error::CacheIo {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// A directory that will hold secrets: what it is, and the setting that
/// names it, for messages.
pub struct PrivateDir {
    pub what: &'static str,
    pub setting: &'static str,
}

const CACHE_DIR: PrivateDir = PrivateDir {
    what: "cache directory",
    setting: "--cache-dir or CREDBROKER_CACHE_DIR",
};

/// Take the lock of the directory `dir` (see [`lock::acquire_dir`]): the
/// one lock for rewriting a file in it that is not the cache's.
pub async fn lock_directory(
    dir: &Path,
    label: &str,
    timeout: Duration,
    observer: &dyn WaitObserver,
) -> Result<LockGuard, Error> {
    lock::acquire_dir(dir, label, timeout, observer).await
}

/// Create `dir` (0700) if it is missing, then refuse it unless it is a
/// directory of ours that only we can write, as for the cache directory:
/// for other directories that receive secrets (`batch --env-dir`).
pub fn private_dir(dir: &Path, kind: PrivateDir) -> Result<(), Error> {
    let io = |source| Error::CacheIo {
        path: dir.to_path_buf(),
        source,
    };
    let meta = match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(io)?;
            fs::symlink_metadata(dir)
        }
        other => other,
    };
    check_dir(dir, &meta.map_err(io)?, kind)
}

/// Refuse `dir` unless it is a directory of ours that only we can write,
/// as [`private_dir`] does, without creating it: for reading files that
/// hold secrets (the keyring's encrypted file). `Ok(false)`: it is missing.
pub fn check_private_dir(dir: &Path, kind: PrivateDir) -> Result<bool, Error> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(Error::CacheIo {
            path: dir.to_path_buf(),
            source,
        }),
        Ok(meta) => check_dir(dir, &meta, kind).map(|()| true),
    }
}

/// Take the exclusive lock at `path` (created 0600 if missing, never
/// deleted) from a thread that may block, waiting at most `timeout`: for
/// a file outside the cache rewritten read-modify-write (the keyring's
/// encrypted file), whose writers may run on any thread.
pub fn lock_file_blocking(path: &Path, label: &str, timeout: Duration) -> Result<LockGuard, Error> {
    lock::acquire_blocking(path, label, timeout)
}

fn check_dir(dir: &Path, meta: &fs::Metadata, kind: PrivateDir) -> Result<(), Error> {
    let refuse = |reason: String, hint: String| Error::InsecureCacheDir {
        what: kind.what,
        path: dir.to_path_buf(),
        reason,
        hint,
    };
    if !meta.is_dir() {
        return Err(refuse(
            "it is not a directory".into(),
            format!("point {} at a directory", kind.setting),
        ));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() };
    if meta.uid() != uid {
        return Err(refuse(
            format!("it is owned by uid {}, not by you (uid {uid})", meta.uid()),
            format!("use a {} of your own ({})", kind.what, kind.setting),
        ));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o022 != 0 {
        return Err(refuse(
            format!("its mode is {mode:03o}: group or others could replace cached credentials"),
            format!("chmod 700 {}", dir.display()),
        ));
    }
    Ok(())
}

/// TEST-ONLY pause point, for the end-to-end test that SIGKILLs a writer at
/// the one instant random kills rarely hit; not a setting, never documented
/// for users. With `CREDBROKER_TEST_PAUSE_BEFORE_RENAME=<file>`, an entry
/// writer (or [`write_private`]: the SSO token file the AWS CLI reads) that
/// has written and flushed its temporary file creates `<file>`,
/// says so on stderr, and waits until `<file>` is removed before renaming.
/// Read only on this write path (a miss), never on a cache hit.
fn test_pause_before_rename(tmp: &Path) {
    #[allow(
        clippy::disallowed_methods,
        reason = "a test-only hook, deliberately outside the settings"
    )]
    let Some(file) = std::env::var_os("CREDBROKER_TEST_PAUSE_BEFORE_RENAME") else {
        return;
    };
    let file = PathBuf::from(file);
    if fs::write(&file, b"").is_err() {
        return;
    }
    crate::report::line(&format!(
        "test pause: {} written; remove {} to rename it",
        tmp.display(),
        file.display()
    ));
    while file.exists() {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Write a private file (0600 from the start) atomically: a temporary file
/// in the same directory, flushed, renamed over `path`; never through a
/// symlink. For files that hold secrets outside the cache (`batch --env-dir`).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.unwrap_or_default(),
        std::process::id()
    ));
    // create_new: a temporary file someone else put there (a directory
    // others can write) is never written through. One of ours left by a
    // killed writer with a reused pid is removed (never followed: it is the
    // name that goes), and the file created anew.
    let create = || {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&tmp)
    };
    let mut file = match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(&tmp)?;
            create()?
        }
        other => other?,
    };
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if written.is_ok() {
        test_pause_before_rename(&tmp);
    }
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}
