//! Every file lock credbroker takes lives here (clippy.toml bans `File::lock`
//! and friends elsewhere).
//!
//! Locks are std's `File::try_lock` (flock on Linux): released by the kernel
//! when the holder dies, SIGKILL included. A waiter polls `try_lock` with a
//! short backoff on the async runtime instead of blocking a worker thread, so
//! any number of waiters can share a small pool. The holder writes its pid
//! and start time into the lock file so waiters can say whom they wait for.
//! Lock files are never deleted: deleting one while it is held would let a
//! second process lock a fresh inode beside the first.

#![allow(clippy::disallowed_methods)] // the one place allowed to lock

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::report::WaitObserver;

/// How long a waiter stays quiet before it says whom it waits for.
const NOTICE_AFTER: Duration = Duration::from_secs(1);

/// A held exclusive lock; dropping it closes the file, which releases it.
#[derive(Debug)]
pub struct LockGuard {
    /// `None`: the cache is not in use, and there is nothing to lock.
    _file: Option<File>,
}

impl LockGuard {
    pub(super) fn unlocked() -> Self {
        Self { _file: None }
    }
}

pub(super) fn open_lock_file(path: &Path) -> Result<File, Error> {
    let io_err = |source| Error::CacheIo {
        path: path.to_path_buf(),
        source,
    };
    // O_NONBLOCK: a planted FIFO must not hang the open (flock ignores it).
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(path)
        .map_err(io_err)?;
    if !file.metadata().map_err(io_err)?.is_file() {
        return Err(io_err(std::io::Error::other("not a regular file")));
    }
    Ok(file)
}

/// Take the exclusive lock at `path`, waiting at most `timeout`.
pub async fn acquire(
    path: PathBuf,
    label: &str,
    timeout: Duration,
    observer: &dyn WaitObserver,
) -> Result<LockGuard, Error> {
    let file = open_lock_file(&path)?;
    wait_for(file, path, label, timeout, observer).await
}

/// Take the exclusive lock of the directory `dir` itself (flock on the
/// directory), waiting at most `timeout`: for rewriting a file of the
/// user's (the AWS config file) without leaving a lock file beside it.
pub async fn acquire_dir(
    dir: &Path,
    label: &str,
    timeout: Duration,
    observer: &dyn WaitObserver,
) -> Result<LockGuard, Error> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
        .open(dir)
        .map_err(|source| Error::CacheIo {
            path: dir.to_path_buf(),
            source,
        })?;
    wait_for(file, dir.to_path_buf(), label, timeout, observer).await
}

async fn wait_for(
    mut file: File,
    path: PathBuf,
    label: &str,
    timeout: Duration,
    observer: &dyn WaitObserver,
) -> Result<LockGuard, Error> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(2);
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => {
                record_holder(&mut file);
                return Ok(LockGuard { _file: Some(file) });
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(source)) => return Err(Error::CacheIo { path, source }),
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(Error::LockTimeout {
                label: label.to_string(),
                holder: read_holder(&mut file),
                timeout,
            });
        }
        if !told && waited >= NOTICE_AFTER {
            observer.waiting(label, &read_holder(&mut file));
            told = true;
        }
        tokio::time::sleep(delay.min(timeout - waited)).await;
        delay = (delay * 2).min(Duration::from_millis(50));
    }
}

impl LockGuard {
    /// Add what the holder is doing to the note waiters read (`pid N since
    /// T; <doing>`).
    pub fn annotate(&self, doing: &str) {
        if let Some(mut file) = self._file.as_ref() {
            let _ = file.write_all(format!("; {doing}").as_bytes());
        }
    }
}

/// Take the exclusive lock at `path` from a thread that may block (a
/// keyring backend, run off the async runtime by its caller), polling as
/// [`acquire`] does, for at most `timeout`.
pub fn acquire_blocking(path: &Path, label: &str, timeout: Duration) -> Result<LockGuard, Error> {
    let mut file = open_lock_file(path)?;
    let start = Instant::now();
    let mut delay = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => {
                record_holder(&mut file);
                return Ok(LockGuard { _file: Some(file) });
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(source)) => {
                return Err(Error::CacheIo {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(Error::LockTimeout {
                label: label.to_string(),
                holder: read_holder(&mut file),
                timeout,
            });
        }
        std::thread::sleep(delay.min(timeout - waited));
        delay = (delay * 2).min(Duration::from_millis(50));
    }
}

/// Try once, without waiting: for a refresh ahead that gives way to one
/// already running, and for `cache clear`, which skips busy entries.
pub fn try_acquire(path: &Path) -> Result<Option<LockGuard>, Error> {
    let mut file = open_lock_file(path)?;
    match file.try_lock() {
        Ok(()) => {
            record_holder(&mut file);
            Ok(Some(LockGuard { _file: Some(file) }))
        }
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(source)) => Err(Error::CacheIo {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Best effort: the lock is what matters, the note only helps messages.
fn record_holder(file: &mut File) {
    let note = format!(
        "pid {} since {}",
        std::process::id(),
        crate::clock::rfc3339(crate::clock::now())
    );
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = file.write_all(note.as_bytes());
}

fn read_holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind();
    let _ = file.take(200).read_to_string(&mut text);
    let text = text.trim();
    // The note outlives its writer: a holder that died left it behind, and
    // whoever holds the lock now may not have written one.
    let noted = text
        .strip_prefix("pid ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|pid| pid.parse::<i32>().ok());
    match noted {
        _ if text.is_empty() => "another process (holder unknown)".to_string(),
        Some(pid) if !process_alive(pid) => format!(
            "another process (holder unknown: the lock file names pid {pid}, which is no longer running)"
        ),
        _ => format!("another credbroker process ({text})"),
    }
}

/// Whether a process with this pid exists (EPERM: it does, as another user).
pub(super) fn process_alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 only checks; it has no other effect.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A blocking waiter gives up at its timeout, naming the holder, and
    /// gets the lock once the holder is gone.
    #[test]
    fn acquire_blocking_waits_at_most_its_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.lock");
        let held = acquire_blocking(&path, "k", Duration::from_secs(1)).unwrap();
        let start = Instant::now();
        let e = acquire_blocking(&path, "k", Duration::from_millis(100)).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(2));
        match e {
            Error::LockTimeout { holder, .. } => {
                assert!(holder.contains(&std::process::id().to_string()), "{holder}")
            }
            e => panic!("{e}"),
        }
        drop(held);
        acquire_blocking(&path, "k", Duration::from_millis(100)).unwrap();
    }
}
