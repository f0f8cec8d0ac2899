//! Files outside the cache that other programs share. The SSO token file
//! the AWS CLI reads is replaced under the caller's lock for it:
//! its directory is created 0700 if missing, temporary files left beside it
//! by a writer that was killed are removed, and the file is replaced with
//! [`super::write_private`] (temp + rename, 0600, never through a symlink),
//! so a writer killed at any instant leaves the old file or the new one.

use std::fs;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

/// Replace `path` with `bytes`. The caller holds the lock that guards the
/// file, so no other writer's temporary file is in flight.
pub fn replace_locked_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_temps(dir, &name, Writers::Any);
    super::write_private(path, bytes)
}

/// Whether [`replace_if_unchanged`] replaced the file.
#[derive(Debug, PartialEq, Eq)]
pub enum Replaced {
    Yes,
    /// The file no longer held what the caller read (another program,
    /// which takes no lock, wrote it meanwhile): nothing was written.
    Changed,
}

/// Replace the file of the user's at `path` (the AWS config file; through
/// a symlink, its target) with `bytes`, if it still holds `expected`
/// (`None`: it did not exist): a temporary file beside it with the same
/// mode, flushed, compared just before the rename, and the previous file
/// kept at `backup` (0600). The caller holds the lock of the directory;
/// other programs take none, hence the comparison.
pub fn replace_if_unchanged(
    path: &Path,
    expected: Option<&[u8]>,
    bytes: &[u8],
    backup: &Path,
) -> io::Result<Replaced> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mode = fs::metadata(&path).map_or(0o600, |m| m.permissions().mode() & 0o7777);
    remove_temps(dir, &name, Writers::Any);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.set_permissions(fs::Permissions::from_mode(mode))?;
            f.sync_all()
        });
    let outcome = written.and_then(|()| {
        let current = match fs::read(&path) {
            Ok(current) => Some(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if current.as_deref() != expected {
            return Ok(Replaced::Changed);
        }
        if let Some(old) = &current {
            super::write_private(backup, old)?;
        }
        fs::rename(&tmp, &path)?;
        Ok(Replaced::Yes)
    });
    if outcome.as_ref().map_or(true, |r| *r != Replaced::Yes) {
        let _ = fs::remove_file(&tmp);
    }
    outcome
}

/// Whose temporary files [`remove_temps`] removes.
pub(super) enum Writers {
    /// Every one: the caller holds the lock that guards the file, so none
    /// is being written now.
    Any,
    /// Those whose writer (the pid in the name) is gone: for files written
    /// without a lock.
    Gone,
}

/// Temporary files `.<name>.<pid>.tmp` left beside `name` in `dir` by
/// writers that were killed mid-write.
pub(super) fn remove_temps(dir: &Path, name: &str, writers: Writers) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for item in entries.flatten() {
        let file = item.file_name();
        let pid = file
            .to_string_lossy()
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .map(|pid| pid.parse::<libc::pid_t>().ok());
        let stale = match (pid, &writers) {
            (None, _) => false,
            (Some(_), Writers::Any) => true,
            (Some(pid), Writers::Gone) => pid.is_some_and(|pid| !super::lock::process_alive(pid)),
        };
        if stale {
            let _ = fs::remove_file(item.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file changed under the rewrite (the AWS CLI takes no lock) is not
    /// replaced; an unchanged one is, keeping its mode and a backup.
    #[test]
    fn a_file_changed_meanwhile_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (path, backup) = (dir.path().join("config"), dir.path().join("config.bak"));
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let r = replace_if_unchanged(&path, Some(b"older"), b"new", &backup).unwrap();
        assert_eq!(r, Replaced::Changed);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert!(!backup.exists());
        let r = replace_if_unchanged(&path, Some(b"old"), b"new", &backup).unwrap();
        assert_eq!(r, Replaced::Yes);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(&backup).unwrap(), "old");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary left"
        );
    }

    /// A temporary file planted under write_private's name (as a symlink
    /// to where the attacker reads) is never written through.
    #[test]
    fn write_private_never_writes_through_a_planted_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("creds.env");
        let planted = dir.path().join("attacker-reads-this");
        std::fs::write(&planted, b"").unwrap();
        let tmp = dir
            .path()
            .join(format!(".creds.env.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&planted, &tmp).unwrap();
        super::super::write_private(&target, b"SECRET=1\n").unwrap();
        assert_eq!(std::fs::read(&planted).unwrap(), b"");
        assert_eq!(std::fs::read(&target).unwrap(), b"SECRET=1\n");
    }
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writes_0600_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sso/cache/abc.json");
        replace_locked_file(&path, b"one").unwrap();
        std::fs::write(dir.path().join("sso/cache/.abc.json.1.tmp"), b"torn").unwrap();
        replace_locked_file(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "stale temporary files are removed");
    }
}
