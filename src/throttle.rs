//! Throttling that slows a batch down instead of failing its targets.
//!
//! One [`Throttle`] is shared by every STS call of a batch. It bounds how
//! many calls are in flight with a window that halves on a throttling
//! answer (at most once per round of calls, as TCP does per round trip) and
//! grows back by one per round of successes; until the first throttling
//! answer the window is open. A throttled call is retried, after a jittered
//! backoff, up to the throttle's budget; only then does its target fail,
//! with an error that says it was throttled.

use std::sync::Mutex;
use std::time::Duration;

/// Extra attempts for a throttled call in a batch or a listing: with the
/// shared window halving on each round of throttling, this outlasts any
/// burst one process can cause by itself.
pub const RETRIES: u32 = 10;

/// Above this many calls in flight the window is open again.
const OPEN: f64 = 4096.0;

pub struct Throttle {
    /// Extra attempts for a throttled call.
    pub retries: u32,
    state: Mutex<State>,
    freed: tokio::sync::Notify,
}

struct State {
    /// How many calls may be in flight (`OPEN`: no limit).
    window: f64,
    in_flight: usize,
    /// Calls finished since the window was last cut.
    since_cut: usize,
}

/// One call in flight; frees its place when dropped.
pub struct Slot<'a> {
    throttle: &'a Throttle,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut s = self.throttle.lock();
        s.in_flight -= 1;
        s.since_cut += 1;
        drop(s);
        self.throttle.freed.notify_waiters();
    }
}

impl Throttle {
    pub fn new(retries: u32) -> Self {
        Throttle {
            retries,
            state: Mutex::new(State {
                window: OPEN,
                in_flight: 0,
                since_cut: 0,
            }),
            freed: tokio::sync::Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wait for a place in the window.
    pub async fn slot(&self) -> Slot<'_> {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            {
                let mut s = self.lock();
                if (s.in_flight as f64) < s.window.max(1.0) {
                    s.in_flight += 1;
                    return Slot { throttle: self };
                }
            }
            freed.await;
        }
    }

    /// STS said slow down: halve the window, once per round.
    pub fn throttled(&self) {
        let mut s = self.lock();
        let current = s.window.min(s.in_flight as f64 + 1.0);
        if s.window >= OPEN || s.since_cut as f64 >= current {
            s.window = (current / 2.0).max(1.0);
            s.since_cut = 0;
        }
    }

    /// A call went through: grow the window by one per window's worth.
    pub fn succeeded(&self) {
        let mut s = self.lock();
        if s.window < OPEN {
            s.window += 1.0 / s.window;
            if s.window >= OPEN {
                s.window = OPEN;
            }
        }
    }

    /// The pause before retry `n` (1-based): full jitter over an
    /// exponential ceiling, so that retries do not arrive in step.
    pub fn backoff(n: u32) -> Duration {
        let ceiling_ms = (50u64 << n.min(7)).min(5_000);
        Duration::from_millis(jitter(ceiling_ms))
    }

    #[cfg(test)]
    fn window(&self) -> f64 {
        self.lock().window
    }
}

/// A number in `0..=max`, from the clock's nanoseconds (good enough to
/// spread retries; not for anything secret).
fn jitter(max: u64) -> u64 {
    let nanos = crate::clock::system_now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mixed = nanos.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
    mixed % (max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_window_halves_once_per_round_and_grows_back() {
        let t = Throttle::new(5);
        let slots: Vec<_> = {
            let mut v = Vec::new();
            for _ in 0..8 {
                v.push(t.slot().await);
            }
            v
        };
        t.throttled();
        assert_eq!(t.window(), 4.5, "half of what was in flight (+1)");
        t.throttled();
        assert_eq!(t.window(), 4.5, "not cut twice in one round");
        drop(slots);
        for _ in 0..5 {
            let _s = t.slot().await;
        }
        t.throttled();
        assert!(t.window() < 4.5, "a round later it may be cut again");
        let before = t.window();
        t.succeeded();
        assert!(t.window() > before);
    }

    #[tokio::test]
    async fn a_full_window_waits_for_a_free_place() {
        let t = std::sync::Arc::new(Throttle::new(1));
        let first = t.slot().await;
        t.throttled();
        assert_eq!(t.window(), 1.0);
        let t2 = t.clone();
        let waiter = tokio::spawn(async move {
            let _s = t2.slot().await;
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(first);
        waiter.await.unwrap();
    }

    #[test]
    fn backoff_is_bounded() {
        for n in 1..20 {
            assert!(Throttle::backoff(n) <= Duration::from_secs(5));
        }
    }
}
