//! Telling a person: the traits through which core code reports waiting
//! and warnings (the CLI implements them), and how a run ends badly: an
//! error report on stderr, and the panic hook. Both end in an [`ExitCode`]
//! decided in `error.rs`.

use std::io::Write;

use crate::error::{Error, ExitCode};

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
    let typed = err.chain().find_map(|e| e.downcast_ref::<Error>());
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "caused by: {cause}");
    }
    if let Some(hint) = typed.and_then(Error::hint) {
        let _ = writeln!(stderr, "hint: {hint}");
    }
    typed.map_or(ExitCode::Failure, Error::exit_code)
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
        eprintln!("error: credbroker hit a bug{place}; please report it");
        std::process::exit(ExitCode::Failure as i32);
    }));
}
