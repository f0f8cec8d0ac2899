//! A sign-in token file that other clients share and rewrite (the SSO
//! token `aws sso login` writes, the `aws login` token): what the SSO and
//! `login_session` kinds do with one alike. It is read through the runner
//! (never blocks, a regular file only), parsed without quoting it (it
//! holds secrets), judged into a [`State`], written back atomically under
//! the sign-in's lock, and after a refused refresh read again until
//! another client's rewrite shows ([`changed_since`]): the refresh token
//! works once, and whoever spent it first writes the token it got.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::cache::{Cache, LockGuard};
use crate::error::{CallFailure, Error, FailureKind};
use crate::report::Reporter;
use crate::runner::file::{self, FileError, Follow};

/// Largest token file read; a real one is a few KiB.
const MAX_FILE: u64 = 256 * 1024;

/// How long a refused refresh waits for the token file to change: the
/// client that spent the refresh token first (the AWS CLI, an SDK) writes
/// the token it got a moment after its answer came.
pub const REFUSED_GRACE: Duration = Duration::from_secs(2);
/// How often the file is read again meanwhile.
const REREAD_EVERY: Duration = Duration::from_millis(25);
/// Refreshes tried with tokens other clients wrote, before giving up.
pub const MAX_REFRESHES: usize = 3;

/// What reading a token file found.
pub enum Found<T> {
    Missing,
    Token(Box<T>),
    /// Unreadable or not a token: the reason, without its content.
    Bad(String),
}

impl<T> Found<T> {
    pub fn token(&self) -> Option<&T> {
        match self {
            Found::Token(t) => Some(t),
            _ => None,
        }
    }
}

/// What to do with a token now.
#[derive(Debug, PartialEq)]
pub enum State {
    /// Use it: outside the refresh window, or inside it without a way to
    /// refresh but above the floor.
    Valid,
    /// Inside the refresh window (or expired), with a way to refresh.
    Refresh,
    /// Sign in again; why, for the message.
    Login(String),
}

/// The token file at `path` through the runner's [`file::read`], and the
/// file's witness as that reading found it ([`file::witness_of`]), to tell
/// whether another program rewrote it since. `what` names the kind of file
/// in messages (`an SSO token file`).
pub fn read_witnessed<T: DeserializeOwned>(path: &Path, what: &str) -> (Found<T>, String) {
    let read = file::read(path, Follow::Links, MAX_FILE);
    let witness = file::witness_of(&read);
    let text = match read {
        Ok(text) => text,
        Err(FileError::Missing { .. }) => return (Found::Missing, witness),
        Err(e) => return (Found::Bad(e.to_string()), witness),
    };
    (parse(path, &text, what), witness)
}

/// The token file at `path` (named in messages) from its text: a token,
/// or why it is none, saying where and never what.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, what: &str) -> Found<T> {
    match serde_json::from_str::<T>(text) {
        Ok(t) => Found::Token(Box::new(t)),
        Err(e) => Found::Bad(format!(
            "{} is not {what} (line {}, column {})",
            path.display(),
            e.line(),
            e.column()
        )),
    }
}

/// The file's bytes, as the other clients write it.
pub fn to_json<T: Serialize>(token: &T) -> Vec<u8> {
    serde_json::to_vec(token).expect("a token file always serializes")
}

/// Write a token where the other clients read it. The caller holds the
/// sign-in's lock.
pub fn save<T: Serialize>(path: &Path, token: &T) -> Result<(), CallFailure> {
    crate::cache::replace_locked_file(path, &to_json(token)).map_err(|e| CallFailure {
        kind: FailureKind::Transient,
        code: "TokenNotSaved".into(),
        message: format!("cannot write {}: {e}", path.display()),
    })
}

/// How long to wait for another client's rewrite after a refresh failed:
/// a refusal may be a refresh token spent first elsewhere.
pub fn grace(f: &CallFailure) -> Duration {
    match f.kind {
        FailureKind::Permanent => REFUSED_GRACE,
        FailureKind::Transient => Duration::ZERO,
    }
}

/// The token file once it no longer matches `witness`, waiting up to
/// `grace` for that (and through a file caught half-written by a client
/// that writes in place); `None` if it stayed the same.
pub async fn changed_since<T: DeserializeOwned>(
    path: &Path,
    witness: &str,
    grace: Duration,
    what: &str,
) -> Option<(Found<T>, String)> {
    let deadline = std::time::Instant::now() + grace;
    loop {
        let (found, now_witness) = read_witnessed::<T>(path, what);
        let whole = !matches!(found, Found::Bad(_));
        let changed = now_witness != witness;
        if (changed && whole) || std::time::Instant::now() >= deadline {
            return changed.then_some((found, now_witness));
        }
        tokio::time::sleep(REREAD_EVERY).await;
    }
}

/// `Code: message`, or the code alone (OIDC errors often carry no message).
pub fn describe(f: &CallFailure) -> String {
    match f.message.is_empty() {
        true => f.code.clone(),
        false => format!("{}: {}", f.code, f.message),
    }
}

/// Take the lock of a sign-in (`key`, described as `label` to waiters): the
/// one lock for refreshing its token and for signing in.
pub async fn lock(
    cache: &Cache,
    key: &str,
    label: &str,
    lock_timeout: Duration,
    reporter: &dyn Reporter,
) -> Result<LockGuard, CallFailure> {
    cache
        .lock(key, label, lock_timeout, reporter)
        .await
        .map_err(|e| CallFailure {
            kind: FailureKind::Transient,
            code: match e {
                Error::LockTimeout { .. } => "LockTimeout".into(),
                _ => "LockFailed".into(),
            },
            message: crate::error::chain_message(&e),
        })
}
