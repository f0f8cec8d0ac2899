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

/// A panic is a bug: one line, no backtrace, and exit code 1 (the README's
/// table) at once, on whatever thread it happened. Locks are released by the
/// kernel; entries are only ever replaced by rename, so none is torn.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: credbroker hit a bug{place}; please report it");
        std::process::exit(ExitCode::Failure as i32);
    }));
}
