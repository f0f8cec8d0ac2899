//! The async runtime, in the one place it is built. A cache hit never
//! builds one (see [`block_on`]).

use std::future::Future;
use std::task::{Context, Poll, Waker};

use anyhow::Context as _;

/// A small runtime: commands resolve one chain, and nothing in the protocol
/// blocks a worker (locks are polled), so one thread serves every task.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")
}

/// Drive a future that completes without waiting (the SDK's profile loader
/// over an in-memory filesystem reads synchronously).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(out) => out,
        Poll::Pending => {
            // Not expected; fall back to a real runtime rather than spin.
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a current-thread runtime builds")
                .block_on(future)
        }
    }
}

/// `batch`'s runtime: `workers` threads under far more tasks.
pub fn multi_thread(workers: usize) -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .context("could not start the async runtime")
}

/// The credential server's runtime: two workers answer any number of
/// connections (nothing in the protocol blocks them), and a small blocking
/// pool takes the file reads of requests (bounded, so that a burst of
/// requests queues instead of starting a thread each).
pub fn server() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(32)
        .enable_all()
        .build()
        .context("could not start the async runtime")
}
