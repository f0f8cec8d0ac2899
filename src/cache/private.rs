//! A private file outside the cache that another program shares (the SSO
//! token file the AWS CLI reads), replaced under the caller's lock for it:
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
