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

/// Run `task(i)` for every `i` in `0..count`, at most `limit` at a time, on
/// the current task (nothing needs to be `'static`); the results in index
/// order. The first error stops new work and is returned once the calls in
/// flight have ended.
pub async fn bounded<T, E, F, Fut>(count: usize, limit: usize, task: F) -> Result<Vec<T>, E>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    use std::cell::{Cell, RefCell};
    let next = Cell::new(0usize);
    let failed: RefCell<Option<E>> = RefCell::new(None);
    let results: RefCell<Vec<Option<T>>> = RefCell::new((0..count).map(|_| None).collect());
    let worker = || async {
        loop {
            let i = next.get();
            if i >= count || failed.borrow().is_some() {
                return;
            }
            next.set(i + 1);
            match task(i).await {
                Ok(v) => results.borrow_mut()[i] = Some(v),
                Err(e) => {
                    failed.borrow_mut().get_or_insert(e);
                }
            }
        }
    };
    let mut workers: Vec<_> = (0..limit.clamp(1, count.max(1)))
        .map(|_| Box::pin(worker()))
        .collect();
    std::future::poll_fn(|cx| {
        workers.retain_mut(|w| w.as_mut().poll(cx).is_pending());
        match workers.is_empty() {
            true => Poll::Ready(()),
            false => Poll::Pending,
        }
    })
    .await;
    drop(workers);
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    Ok(results.into_inner().into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn bounded_keeps_order_and_the_limit() {
        let in_flight = std::cell::Cell::new(0);
        let peak = std::cell::Cell::new(0);
        let out: Result<Vec<usize>, ()> = super::bounded(50, 4, |i| {
            let (in_flight, peak) = (&in_flight, &peak);
            async move {
                in_flight.set(in_flight.get() + 1);
                peak.set(peak.get().max(in_flight.get()));
                tokio::task::yield_now().await;
                in_flight.set(in_flight.get() - 1);
                Ok(i * 2)
            }
        })
        .await;
        assert_eq!(out.unwrap(), (0..50).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(peak.get(), 4);
        let err: Result<Vec<()>, usize> =
            super::bounded(
                10,
                3,
                |i| async move { if i == 5 { Err(i) } else { Ok(()) } },
            )
            .await;
        assert_eq!(err.unwrap_err(), 5);
    }
}
