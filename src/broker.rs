//! The cache protocol: how a link's credentials are found or refreshed.
//!
//! ```text
//! read entry (no lock)            -> usable and outside refresh window: serve
//! in-process single-flight on key -> one task per process goes on
//! resolve parent link (same protocol, its own lock)
//! lock <key>.lock (polled, never blocking a worker; bounded by the timeout)
//! re-read entry                   -> refreshed meanwhile: serve it
//!                                 -> failure recorded, in backoff: serve stale or report it
//! call STS                        -> write entry atomically (generation + 1)
//! unlock; serve
//! ```
//!
//! Invariants: at most one STS call per link at a time across all processes
//! and tasks; a failure is written into the entry so that waiters learn it
//! instead of retrying; never two entry locks held at once (the parent is
//! resolved, and its lock released, before the child's lock is taken); a
//! write only lands over the generation its refresh started from.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cache::{self, Cache, Credentials, Entry, Failure, Label, WaitObserver};
use crate::chain::{Base, Call, Chain, Hop};
use crate::error::{Error, FailureKind, StsError};
use crate::output::rfc3339;
use crate::sts::{Sts, StsFailure};

/// How long a permanent failure is remembered: long enough for the processes
/// already waiting to learn it, short enough that a fixed trust policy is
/// picked up at once.
const PERMANENT_MEMORY: i64 = 5;
/// First transient backoff; it doubles per consecutive failure up to the cap.
const BACKOFF_BASE: i64 = 60;
const BACKOFF_CAP: i64 = 15 * 60;
/// The backoff when nothing usable is cached: long enough to absorb a burst
/// of callers, short enough not to outlast an outage by much.
const BURST_BACKOFF: i64 = 10;

/// Where the broker tells a person about warnings and waiting.
pub trait Reporter: WaitObserver + Send + Sync {
    fn warn(&self, message: &str);
}

#[derive(Clone, Debug)]
pub struct Policy {
    /// Refresh when less than this remains (at most half a session's life).
    pub refresh_window: Duration,
    /// Never serve the requested link with less than this left.
    pub min_ttl: Duration,
    /// The floor for the links below it, which only sign the next call.
    pub parent_min_ttl: Duration,
    pub lock_timeout: Duration,
    /// Refresh the requested link even when its entry is fresh.
    pub force_refresh: bool,
}

pub struct Broker {
    cache: Cache,
    policy: Policy,
    sts: Sts,
    reporter: Arc<dyn Reporter>,
    flights: Mutex<HashMap<String, Arc<Flight>>>,
}

/// In-process single-flight for one key.
#[derive(Default)]
struct Flight {
    gate: tokio::sync::Mutex<()>,
    /// The last lock timeout on this key (when, and the holder it named), so
    /// that tasks queued behind it fail with it instead of waiting again.
    timed_out: Mutex<Option<(Instant, String)>>,
}

/// What the policy asks of one link of the chain.
struct Want {
    force: bool,
    min_ttl: i64,
}

/// What to do with an entry as read.
#[derive(Debug)]
enum Decision {
    Serve(Credentials),
    ServeStale(Credentials, String),
    Fail(Error),
    Refresh,
}

type HopFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, Error>> + Send + 'a>>;

impl Broker {
    pub fn new(cache: Cache, policy: Policy, sts: Sts, reporter: Arc<dyn Reporter>) -> Self {
        Self {
            cache,
            policy,
            sts,
            reporter,
            flights: Mutex::new(HashMap::new()),
        }
    }

    /// The cache-hit path, synchronous so that a hit needs no runtime: the
    /// last link's entry, read and judged without a lock. `None` when the
    /// protocol has to go on (a refresh, a wait, or an entry to heal).
    pub fn cached(&self, chain: &Chain) -> Option<Result<Credentials, Error>> {
        let Some(hop) = chain.hops.last() else {
            return Some(static_credentials(chain));
        };
        let read = self.cache.read(&hop.key);
        match self.decide(
            &read,
            hop,
            now(),
            &self.want(chain, chain.hops.len() - 1),
            None,
        ) {
            Decision::Refresh => None,
            other => Some(self.conclude(other)),
        }
    }

    /// The credentials at the end of `chain`.
    pub async fn credentials(&self, chain: &Chain) -> Result<Credentials, Error> {
        match chain.hops.len() {
            0 => static_credentials(chain),
            n => self.link(chain, n - 1).await,
        }
    }

    fn want(&self, chain: &Chain, i: usize) -> Want {
        let last = i + 1 == chain.hops.len();
        Want {
            force: self.policy.force_refresh && last,
            min_ttl: secs(if last {
                self.policy.min_ttl
            } else {
                self.policy.parent_min_ttl
            }),
        }
    }

    fn link<'a>(&'a self, chain: &'a Chain, i: usize) -> HopFuture<'a> {
        Box::pin(async move {
            let hop = &chain.hops[i];
            let want = self.want(chain, i);
            let first = self.read(hop);
            match self.decide(&first, hop, now(), &want, None) {
                Decision::Refresh => {}
                other => return self.conclude(other),
            }
            // Still usable but inside the refresh window: refresh ahead, but
            // never wait for someone else's refresh, and fall back to these
            // if the refresh fails for a reason that may pass.
            let fallback = match want.force {
                true => None,
                false => usable(first.entry(), now(), want.min_ttl).cloned(),
            };
            let refreshed = self
                .refresh(chain, i, &want, first.generation(), fallback.is_some())
                .await;
            match (refreshed, fallback) {
                (Ok(Some(creds)), _) => Ok(creds),
                (Ok(None), Some(cached)) => Ok(cached),
                (Err(e), Some(cached)) if e.is_transient() => {
                    self.reporter.warn(&format!(
                        "{e}; serving cached credentials of {} for now",
                        hop.label()
                    ));
                    Ok(cached)
                }
                (Err(e), _) => Err(e),
                (Ok(None), None) => unreachable!("only a non-blocking refresh gives way"),
            }
        })
    }

    /// The locked part of the protocol. With `non_blocking`, gives way
    /// (`Ok(None)`) instead of waiting when another task or process is
    /// already refreshing this link.
    async fn refresh(
        &self,
        chain: &Chain,
        i: usize,
        want: &Want,
        started: u64,
        non_blocking: bool,
    ) -> Result<Option<Credentials>, Error> {
        let hop = &chain.hops[i];
        let flight = self.flight(&hop.key);
        let entered = Instant::now();
        let _gate = match non_blocking {
            true => match flight.gate.try_lock() {
                Ok(gate) => gate,
                Err(_) => return Ok(None),
            },
            false => flight.gate.lock().await,
        };
        self.check_flight_timeout(&flight, entered, hop)?;
        // Another task of this process may have refreshed it meanwhile.
        match self.decide(&self.cache.read(&hop.key), hop, now(), want, Some(started)) {
            Decision::Refresh => {}
            other => return self.conclude(other).map(Some),
        }

        let parent = match (i, &chain.base) {
            _ if !hop.call.needs_parent() => None,
            (0, Some(base)) => Some(base_credentials(base)),
            (0, None) => None,
            _ => Some(self.link(chain, i - 1).await?),
        };
        let lock = if non_blocking {
            match self.cache.try_lock(&hop.key)? {
                Some(lock) => lock,
                None => return Ok(None),
            }
        } else {
            let locked = self
                .cache
                .lock(
                    &hop.key,
                    &hop.label(),
                    self.policy.lock_timeout,
                    self.reporter.as_ref(),
                )
                .await;
            if let Err(Error::LockTimeout { holder, .. }) = &locked {
                *lock_ignoring_poison(&flight.timed_out) = Some((Instant::now(), holder.clone()));
            }
            locked?
        };
        let current = self.cache.read(&hop.key);
        match self.decide(&current, hop, now(), want, Some(started)) {
            Decision::Refresh => {}
            other => return self.conclude(other).map(Some),
        }
        let outcome = self.fetch(parent.as_ref(), hop).await;
        self.record(hop, want, &lock, current.entry(), outcome)
            .map(Some)
    }

    /// Call whatever refreshes `hop`, signed with `parent` where it needs one.
    /// Runs with the link's lock held.
    async fn fetch(
        &self,
        parent: Option<&Credentials>,
        hop: &Hop,
    ) -> Result<Credentials, StsFailure> {
        match (&hop.call, parent) {
            (Call::AssumeRole(role), Some(parent)) => {
                self.sts.assume_role(parent, &hop.sts, role).await
            }
            (Call::Sso(role), _) => {
                crate::sso::role_credentials(
                    role,
                    &self.cache,
                    self.policy.lock_timeout,
                    self.reporter.as_ref(),
                )
                .await
            }
            (call, None) => Err(StsFailure {
                kind: FailureKind::Permanent,
                code: "NoSourceCredentials".into(),
                message: format!(
                    "{} needs source credentials, and the chain has none",
                    call.action()
                ),
            }),
        }
    }

    /// A task that queued behind a lock timeout on the same key fails with
    /// it rather than waiting a whole timeout again.
    fn check_flight_timeout(
        &self,
        flight: &Flight,
        entered: Instant,
        hop: &Hop,
    ) -> Result<(), Error> {
        match &*lock_ignoring_poison(&flight.timed_out) {
            Some((at, holder)) if *at >= entered => Err(Error::LockTimeout {
                label: hop.label(),
                holder: holder.clone(),
                timeout: self.policy.lock_timeout,
            }),
            _ => Ok(()),
        }
    }

    fn read(&self, hop: &Hop) -> cache::Read {
        let read = self.cache.read(&hop.key);
        if let cache::Read::Corrupt(reason) = &read {
            self.reporter.warn(&format!(
                "ignoring the cache entry of {}: {reason}; it will be rewritten",
                hop.label()
            ));
        }
        read
    }

    fn flight(&self, key: &str) -> Arc<Flight> {
        lock_ignoring_poison(&self.flights)
            .entry(key.to_string())
            .or_default()
            .clone()
    }

    /// `started` is the generation seen before waiting: if the entry moved on
    /// since, someone else refreshed (or failed) for us, and that outcome is
    /// taken as it is.
    fn decide(
        &self,
        read: &cache::Read,
        hop: &Hop,
        now: i64,
        want: &Want,
        started: Option<u64>,
    ) -> Decision {
        let Some(entry) = read.entry() else {
            return Decision::Refresh;
        };
        let refreshed_meanwhile = started.is_some_and(|g| g != entry.generation);
        if let Some(creds) = &entry.credentials {
            let remaining = creds.remaining(now);
            let usable = remaining >= want.min_ttl;
            let fresh = usable && remaining > self.window(creds);
            if fresh && !want.force {
                return Decision::Serve(creds.clone());
            }
            if refreshed_meanwhile && entry.failure.is_none() {
                return match usable {
                    true => Decision::Serve(creds.clone()),
                    false => Decision::Fail(self.below_floor(hop, remaining, want)),
                };
            }
        }
        match &entry.failure {
            Some(f) if refreshed_meanwhile || (!want.force && in_backoff(f, now)) => {
                self.learned_failure(hop, entry, f, now, want)
            }
            _ => Decision::Refresh,
        }
    }

    /// The refresh window for these credentials: the setting, but at most
    /// half their lifetime, so that short sessions are still cached.
    fn window(&self, creds: &Credentials) -> i64 {
        let window = secs(self.policy.refresh_window);
        match (creds.issued_at, creds.expiration) {
            (Some(issued), Some(expires)) => window.min((expires - issued) / 2),
            _ => window,
        }
    }

    /// A recent failure: serve still-usable credentials through a transient
    /// backoff, otherwise report it without calling STS again.
    fn learned_failure(
        &self,
        hop: &Hop,
        entry: &Entry,
        failure: &Failure,
        now: i64,
        want: &Want,
    ) -> Decision {
        match (failure.kind, usable(Some(entry), now, want.min_ttl)) {
            (FailureKind::Transient, Some(creds)) => {
                Decision::ServeStale(creds.clone(), stale_warning(hop, failure, creds))
            }
            _ => Decision::Fail(failure_error(hop, failure)),
        }
    }

    fn conclude(&self, decision: Decision) -> Result<Credentials, Error> {
        match decision {
            Decision::Serve(c) => Ok(c),
            Decision::ServeStale(c, warning) => {
                self.reporter.warn(&warning);
                Ok(c)
            }
            Decision::Fail(e) => Err(e),
            Decision::Refresh => unreachable!("refresh is handled by the caller"),
        }
    }

    /// Write the outcome of a refresh into the entry, then serve it.
    fn record(
        &self,
        hop: &Hop,
        want: &Want,
        lock: &cache::LockGuard,
        previous: Option<&Entry>,
        outcome: Result<Credentials, StsFailure>,
    ) -> Result<Credentials, Error> {
        let now = now();
        let generation = previous.map_or(0, |e| e.generation);
        let old = previous.and_then(|e| e.credentials.clone());
        let (credentials, failure) = match outcome {
            Ok(new) => (
                Some(Credentials {
                    issued_at: Some(now),
                    ..new
                }),
                None,
            ),
            Err(f) => {
                let usable_until = old
                    .as_ref()
                    .and_then(|c| c.expiration)
                    .map(|e| e - want.min_ttl);
                let previous_failure = previous.and_then(|e| e.failure.as_ref());
                (
                    old,
                    Some(next_failure(previous_failure, f, now, usable_until)),
                )
            }
        };
        let entry = Entry {
            version: cache::FORMAT_VERSION,
            generation: generation + 1,
            label: Label {
                profile: hop.profile.clone(),
                role_arn: hop.call.target().to_string(),
            },
            credentials,
            failure,
        };
        match self.cache.write(&hop.key, &entry, generation, lock) {
            Ok(true) => {}
            Ok(false) => {
                // A newer result landed while this one was in flight: it wins.
                let newer = self.cache.read(&hop.key);
                return match self.decide(&newer, hop, now, want, Some(generation)) {
                    Decision::Refresh => Err(stale_result(hop)),
                    other => self.conclude(other),
                };
            }
            // Fresh credentials are worth serving even if they cannot be kept.
            Err(e) if entry.failure.is_none() => self.reporter.warn(&format!(
                "could not save the credentials of {}: {}; serving them uncached",
                hop.label(),
                crate::error::chain_message(&e)
            )),
            Err(_) => {}
        }
        match (&entry.failure, entry.credentials.clone()) {
            (None, Some(creds)) => match creds.remaining(now) {
                r if r < want.min_ttl => Err(self.below_floor(hop, r, want)),
                _ => Ok(creds),
            },
            (Some(f), _) => self.conclude(self.learned_failure(hop, &entry, f, now, want)),
            (None, None) => unreachable!("a success always has credentials"),
        }
    }

    fn below_floor(&self, hop: &Hop, remaining: i64, want: &Want) -> Error {
        Error::BelowFloor {
            label: hop.label(),
            remaining: Duration::from_secs(remaining.max(0) as u64),
            min_ttl: Duration::from_secs(want.min_ttl.max(0) as u64),
        }
    }
}

/// The entry's credentials if they have at least `min_ttl` left.
fn usable(entry: Option<&Entry>, now: i64, min_ttl: i64) -> Option<&Credentials> {
    entry?
        .credentials
        .as_ref()
        .filter(|c| c.remaining(now) >= min_ttl)
}

/// Inside a failure's backoff. A `retry_after` further ahead than any
/// backoff could reach comes from a clock that jumped, and is ignored.
fn in_backoff(f: &Failure, now: i64) -> bool {
    f.retry_after > now && f.retry_after <= now + BACKOFF_CAP
}

fn lock_ignoring_poison<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The failure to record. A transient backoff never outlasts the cached
/// credentials' usable life (`usable_until`): once they are below the
/// floor, trying STS again beats failing without trying.
fn next_failure(
    previous: Option<&Failure>,
    f: StsFailure,
    now: i64,
    usable_until: Option<i64>,
) -> Failure {
    let consecutive = match previous {
        Some(p) if p.kind == FailureKind::Transient && f.kind == FailureKind::Transient => {
            p.consecutive.saturating_add(1)
        }
        _ => 1,
    };
    let wait = match (f.kind, usable_until) {
        (FailureKind::Permanent, _) => PERMANENT_MEMORY,
        (FailureKind::Transient, Some(until)) if until > now + BURST_BACKOFF => {
            backoff(consecutive).min(until - now)
        }
        (FailureKind::Transient, _) => BURST_BACKOFF,
    };
    Failure {
        kind: f.kind,
        code: f.code,
        message: f.message,
        at: now,
        consecutive,
        retry_after: now + wait,
    }
}

/// 60 s, 120 s, 240 s, ... up to 15 minutes.
pub fn backoff(consecutive: u32) -> i64 {
    let doublings = consecutive.saturating_sub(1).min(10);
    (BACKOFF_BASE << doublings).min(BACKOFF_CAP)
}

fn failure_error(hop: &Hop, f: &Failure) -> Error {
    match f.kind {
        FailureKind::Permanent => Error::StsRefused(sts_error(hop, &f.code, &f.message, None)),
        FailureKind::Transient => Error::StsUnavailable(sts_error(
            hop,
            &f.code,
            &f.message,
            Some(rfc3339(f.retry_after)),
        )),
    }
}

fn stale_result(hop: &Hop) -> Error {
    Error::StsUnavailable(sts_error(
        hop,
        "Superseded",
        "a newer refresh replaced this one and is not usable",
        None,
    ))
}

fn sts_error(hop: &Hop, code: &str, message: &str, retry_after: Option<String>) -> Box<StsError> {
    Box::new(StsError {
        profile: hop.profile.clone(),
        role_arn: hop.role_arn().map(str::to_string),
        service: hop.call.service(),
        action: hop.call.action(),
        code: code.to_string(),
        message: message.to_string(),
        retry_after,
    })
}

fn stale_warning(hop: &Hop, f: &Failure, creds: &Credentials) -> String {
    let until = creds.expiration.map(rfc3339).unwrap_or_default();
    format!(
        "STS {} for {}; serving cached credentials valid until {until}; next try after {}",
        f.code,
        hop.label(),
        rfc3339(f.retry_after)
    )
}

/// A chain without links: its static keys.
fn static_credentials(chain: &Chain) -> Result<Credentials, Error> {
    chain
        .base
        .as_ref()
        .map(base_credentials)
        .ok_or_else(|| Error::NoCredentials {
            profile: chain.profile.clone(),
            location: "no links and no keys".into(),
        })
}

fn base_credentials(base: &Base) -> Credentials {
    Credentials {
        access_key_id: base.access_key_id.clone(),
        secret_access_key: base.secret_access_key.clone(),
        session_token: base.session_token.clone(),
        expiration: None,
        issued_at: None,
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_cap() {
        let got: Vec<i64> = (1..=6).map(backoff).collect();
        assert_eq!(got, [60, 120, 240, 480, 900, 900]);
        assert_eq!(backoff(u32::MAX), 900);
    }
}
