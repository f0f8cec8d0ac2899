//! Telling a person: the one writer to stderr ([`Stderr`], [`line`]), the
//! traits through which core code reports waiting and warnings (the CLI
//! implements them), and how a run ends badly: an error report on stderr,
//! and the panic hook. Both end in an [`ExitCode`] decided in `error.rs`.
//!
//! Invariant: a write to stderr never fails and never panics. stderr
//! carries no data, only words for a person; when nobody reads it any more
//! (`2>&1 | head -1`, a closed pipe) the words are dropped and the command
//! goes on, so that its exit code is the one the README states. `eprintln!`
//! panics on such a pipe (and the panic hook's own `eprintln!` then aborts
//! the process), so clippy.toml bans it and every other way to stderr goes
//! through here.

use std::io::Write;

use crate::error::{Error, ExitCode};

/// stderr, through which every message goes: writes always succeed, and
/// what cannot be written is dropped.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stderr;

impl Stderr {
    /// Whether stderr is a terminal (progress bars are drawn only there).
    pub fn is_terminal() -> bool {
        use std::io::IsTerminal;
        #[allow(clippy::disallowed_methods, reason = "the one writer to stderr")]
        std::io::stderr().is_terminal()
    }
}

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        #[allow(clippy::disallowed_methods, reason = "the one writer to stderr")]
        let _ = std::io::stderr().lock().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `text` and a newline on stderr, in one write; dropped if stderr is gone.
pub fn line(text: &str) {
    let _ = Stderr.write_all(format!("{text}\n").as_bytes());
}

/// Told about waiting, so the CLI can show it.
pub trait WaitObserver: Send + Sync {
    fn waiting(&self, label: &str, holder: &str);
}

/// Where the broker tells a person about warnings and waiting.
pub trait Reporter: WaitObserver + Send + Sync {
    fn warn(&self, message: &str);
}

/// Print `error:`, `caused by:` and `hint:` lines; return the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    let _ = Stderr.write_all(render(err).as_bytes());
    exit_code(err)
}

/// The `error:`, `caused by:` and `hint:` lines of `err` (each ending with
/// a newline), as [`report`] prints them.
pub fn render(err: &anyhow::Error) -> String {
    render_with_hint(err, hint(err).as_deref())
}

/// [`render`] with another `hint:` than the error's own (a consumer that
/// knows better what to do, as the credential server does).
pub fn render_with_hint(err: &anyhow::Error, hint: Option<&str>) -> String {
    let mut text = format!("error: {err}\n");
    for cause in err.chain().skip(1) {
        text.push_str(&format!("caused by: {cause}\n"));
    }
    if let Some(hint) = hint {
        text.push_str(&format!("hint: {hint}\n"));
    }
    text
}

/// The typed error in `err`'s chain, if any: what decides the exit code
/// and gives the hint.
fn typed(err: &anyhow::Error) -> Option<&Error> {
    err.chain().find_map(|e| e.downcast_ref::<Error>())
}

/// The fix for `err`, if its typed error has one.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    typed(err).and_then(Error::hint)
}

/// The exit code `err` ends a command with.
pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    typed(err).map_or(ExitCode::Failure, Error::exit_code)
}

thread_local! {
    /// Set on a thread that runs a dependency's code whose panics are
    /// contained (see [`contain`]).
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `work` with a panic on this thread contained: the hook says nothing
/// and does not exit; the panic comes back as `Err` for the caller to
/// report as a failure of whatever it called (the runner, for the SDK's
/// providers). Never for credbroker's own code: its panics are bugs.
pub fn contain<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    let before = CONTAINED.replace(true);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CONTAINED.set(before);
    outcome
}

/// A panic is a bug: one line, no backtrace, and exit code 1 (the README's
/// table) at once, on whatever thread it happened, unless it is
/// [`contain`]ed. Locks are released by the kernel; entries are only ever
/// replaced by rename, so none is torn.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if CONTAINED.try_with(std::cell::Cell::get).unwrap_or(false) {
            return;
        }
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        line(&format!(
            "error: credbroker hit a bug{place}; please report it"
        ));
        std::process::exit(ExitCode::Failure as i32);
    }));
}
