//! Why a batch stops starting targets: the first failure under
//! `--fail-fast`, a closed stdout, a failed write, or a signal. The first
//! reason that decides the exit status wins; every task can ask, and wait
//! for, an interruption.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    FailFast,
    BrokenPipe,
    OutputFailed,
    /// SIGINT or SIGTERM (the number).
    Signal(i32),
}

#[derive(Default)]
pub struct Stop {
    stopped: AtomicBool,
    reason: Mutex<Option<Reason>>,
    signalled: tokio::sync::Notify,
    broken_pipe: AtomicBool,
}

impl Stop {
    pub fn stop(&self, reason: Reason) {
        let mut current = self.reason.lock().unwrap_or_else(|e| e.into_inner());
        match *current {
            // A fail-fast stop gives way to one that decides the status.
            None | Some(Reason::FailFast) => *current = Some(reason),
            Some(_) => {}
        }
        self.stopped.store(true, Ordering::SeqCst);
        match reason {
            Reason::BrokenPipe | Reason::OutputFailed => {
                self.broken_pipe.store(true, Ordering::SeqCst)
            }
            Reason::Signal(_) => self.signalled.notify_waiters(),
            Reason::FailFast => {}
        }
    }

    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Stdout is gone: write nothing more to it.
    pub fn broken_pipe(&self) -> bool {
        self.broken_pipe.load(Ordering::SeqCst)
    }

    pub fn reason(&self) -> Option<Reason> {
        *self.reason.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn interrupted(&self) -> bool {
        matches!(self.reason(), Some(Reason::Signal(_)))
    }

    /// Resolves once the batch is interrupted by a signal.
    pub async fn interruption(&self) {
        loop {
            let notified = self.signalled.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.interrupted() {
                return;
            }
            notified.await;
        }
    }
}
