//! Files that another program may have put in place (a web identity token
//! file, the SSO sign-in token in `~/.aws/sso/cache`, the container
//! credentials' authorization token file): every one is read through
//! [`read`], which opens it without blocking (`O_NONBLOCK`: a FIFO with no
//! writer would otherwise block the open, with a lock held, forever),
//! requires a regular file (checked on the open descriptor, so the file
//! checked is the file read), and reads at most a bounded size.
//!
//! Symbolic links: token files legitimately are links (Kubernetes mounts a
//! projected token through `..data`), so they are followed, and what they
//! lead to must be a regular file; a file in credbroker's own cache is
//! opened with [`Follow::Never`] (`O_NOFOLLOW`), as every cache file is.

use std::fs::File;
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Whether the last component of the path may be a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// Follow it: the file it leads to must be a regular file.
    Links,
    /// Refuse it (`O_NOFOLLOW`): a link planted in credbroker's cache.
    Never,
}

/// Why a file could not be read; its message names the file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{} does not exist", .path.display())]
    Missing { path: PathBuf },
    #[error("{} is not a regular file (it is {what})", .path.display())]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("{} is larger than {max} bytes", .path.display())]
    TooLarge { path: PathBuf, max: u64 },
    #[error("{} is not UTF-8 text", .path.display())]
    NotText { path: PathBuf },
    #[error("{} is not a directory (it is {what})", .path.display())]
    NotDirectory { path: PathBuf, what: &'static str },
    #[error("{} is not writable by this user", .path.display())]
    NotWritable { path: PathBuf },
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The text of `path`, at most `max` bytes, if it is a regular file.
/// Never blocks on what the path names (a FIFO, a device).
pub fn read(path: &Path, follow: Follow, max: u64) -> Result<String, FileError> {
    let io = |source: std::io::Error| FileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut flags = libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY;
    if follow == Follow::Never {
        flags |= libc::O_NOFOLLOW;
    }
    let file = match File::options().read(true).custom_flags(flags).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(FileError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) && follow == Follow::Never => {
            return Err(FileError::NotRegular {
                path: path.to_path_buf(),
                what: "a symbolic link",
            });
        }
        Err(e) => return Err(io(e)),
    };
    let kind = file.metadata().map_err(io)?.file_type();
    if !kind.is_file() {
        return Err(FileError::NotRegular {
            path: path.to_path_buf(),
            what: what_it_is(kind),
        });
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            max,
        });
    }
    String::from_utf8(bytes).map_err(|_| FileError::NotText {
        path: path.to_path_buf(),
    })
}

/// Whether nothing is at `path` (or something that is not a directory is on
/// the way there): a `stat`, for what must be checked on every use.
pub fn missing(path: &Path) -> bool {
    matches!(std::fs::metadata(path), Err(e) if absent(&e))
}

/// Largest file [`witness`] reads whole: a sign-in file is a few KiB.
const WITNESS_MAX: u64 = 256 * 1024;

/// A digest of what is at `path` now (its content, or why there is none),
/// to tell later whether another program rewrote it: never the content.
pub fn witness(path: &Path) -> String {
    witness_of(&read(path, Follow::Links, WITNESS_MAX))
}

/// [`witness`] of one reading of a file (of at most 256 KiB).
pub fn witness_of(read: &Result<String, FileError>) -> String {
    use sha2::{Digest, Sha256};
    let digest = |bytes: &[u8]| -> String {
        let hash = Sha256::digest(bytes);
        hash[..16].iter().map(|b| format!("{b:02x}")).collect()
    };
    match read {
        Ok(text) => format!("sha256:{}", digest(text.as_bytes())),
        Err(FileError::Missing { .. }) => "missing".into(),
        Err(e) => format!("unreadable:{}", digest(e.to_string().as_bytes())),
    }
}

/// Whether a file can be put at `path` by writing beside it and renaming
/// (the SSO token file credbroker writes for the AWS CLI), checked before
/// anything is done to get its content: what is there must be a regular
/// file (or a link to one), and the nearest directory above it that
/// exists must be a directory this user can write (the ones missing below
/// it are created). The error names the path and what is wrong with it.
pub fn check_replaceable(path: &Path) -> Result<(), FileError> {
    let io = |at: &Path| {
        let at = at.to_path_buf();
        move |source| FileError::Io { path: at, source }
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(meta) => {
            return Err(FileError::NotRegular {
                path: path.to_path_buf(),
                what: what_it_is(meta.file_type()),
            });
        }
        Err(e) if absent(&e) => {}
        Err(e) => return Err(io(path)(e)),
    }
    for dir in path.ancestors().skip(1) {
        let dir = match dir.as_os_str().is_empty() {
            true => Path::new("."),
            false => dir,
        };
        match std::fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {
                return match writable(dir) {
                    true => Ok(()),
                    false => Err(FileError::NotWritable {
                        path: dir.to_path_buf(),
                    }),
                };
            }
            Ok(meta) => {
                return Err(FileError::NotDirectory {
                    path: dir.to_path_buf(),
                    what: what_it_is(meta.file_type()),
                });
            }
            Err(e) if absent(&e) => {}
            Err(e) => return Err(io(dir)(e)),
        }
    }
    Ok(())
}

/// Nothing there, or something that is not a directory on the way there
/// (found when the walk up reaches it).
fn absent(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(libc::ENOTDIR)
}

/// Whether this user may create files in directory `dir`.
fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access only checks.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// What a file that is not a regular file is, for messages.
fn what_it_is(kind: std::fs::FileType) -> &'static str {
    if kind.is_file() {
        "a file"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mkfifo(path: &Path) {
        let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn only_regular_files_are_read_and_nothing_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "eyJ.token\n").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        let fifo_link = dir.path().join("fifo-link");
        std::os::unix::fs::symlink(&fifo, &fifo_link).unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 65]).unwrap();

        assert_eq!(read(&file, Follow::Links, 64).unwrap(), "eyJ.token\n");
        assert_eq!(read(&link, Follow::Links, 64).unwrap(), "eyJ.token\n");
        let message = |path: &Path, follow| read(path, follow, 64).unwrap_err().to_string();
        let name = |p: &Path| p.display().to_string();
        let cases = [
            (
                &fifo,
                Follow::Links,
                format!("{} is not a regular file (it is a FIFO)", name(&fifo)),
            ),
            (
                &fifo_link,
                Follow::Links,
                format!("{} is not a regular file (it is a FIFO)", name(&fifo_link)),
            ),
            (
                &link,
                Follow::Never,
                format!(
                    "{} is not a regular file (it is a symbolic link)",
                    name(&link)
                ),
            ),
            (
                &dir.path().to_path_buf(),
                Follow::Links,
                format!(
                    "{} is not a regular file (it is a directory)",
                    name(dir.path())
                ),
            ),
            (
                &big,
                Follow::Links,
                format!("{} is larger than 64 bytes", name(&big)),
            ),
            (
                &dir.path().join("none"),
                Follow::Links,
                format!("{}/none does not exist", name(dir.path())),
            ),
        ];
        for (path, follow, want) in cases {
            assert_eq!(message(path, follow), want);
        }
        assert!(matches!(
            read(Path::new("/dev/null"), Follow::Links, 64),
            Err(FileError::NotRegular {
                what: "a character device",
                ..
            })
        ));
    }

    #[test]
    fn what_stands_where_a_file_is_to_be_put_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token.json");
        assert!(check_replaceable(&file).is_ok(), "nothing there yet");
        assert!(check_replaceable(&dir.path().join("a/b/token.json")).is_ok());
        std::fs::write(&file, "{}").unwrap();
        assert!(check_replaceable(&file).is_ok(), "a file to replace");
        let message = |path: &Path| check_replaceable(path).unwrap_err().to_string();
        let name = |p: &Path| p.display().to_string();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert_eq!(
            message(&sub),
            format!("{} is not a regular file (it is a directory)", name(&sub))
        );
        assert_eq!(
            message(&file.join("x/token.json")),
            format!("{} is not a directory (it is a file)", name(&file))
        );
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        assert_eq!(
            message(&fifo),
            format!("{} is not a regular file (it is a FIFO)", name(&fifo))
        );
    }
}
