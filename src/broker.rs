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
use std::time::Duration;

use crate::cache::{self, Cache, Credentials, Entry, Failure, Label, WaitObserver};
use crate::chain::{Base, Chain, Hop};
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

/// Where the broker tells a person about warnings and waiting.
pub trait Reporter: WaitObserver + Send + Sync {
    fn warn(&self, message: &str);
}

#[derive(Clone, Debug)]
pub struct Policy {
    /// Refresh when less than this remains.
    pub refresh_window: Duration,
    /// Never serve credentials with less than this left.
    pub min_ttl: Duration,
    pub lock_timeout: Duration,
    /// Refresh the requested link even when its entry is fresh.
    pub force_refresh: bool,
}

pub struct Broker {
    cache: Cache,
    policy: Policy,
    sts: Sts,
    reporter: Arc<dyn Reporter>,
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
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

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The cache-hit path, synchronous so that a hit needs no runtime: the
    /// last link's entry, read and judged without a lock. `None` when the
    /// protocol has to go on (a refresh, a wait, or an entry to heal).
    pub fn cached(&self, chain: &Chain) -> Option<Result<Credentials, Error>> {
        let Some(hop) = chain.hops.last() else {
            return Some(Ok(base_credentials(&chain.base)));
        };
        let read = self.cache.read(&hop.key);
        match self.decide(&read, hop, now(), self.policy.force_refresh, None) {
            Decision::Refresh => None,
            other => Some(self.conclude(other)),
        }
    }

    /// The credentials at the end of `chain`.
    pub async fn credentials(&self, chain: &Chain) -> Result<Credentials, Error> {
        match chain.hops.len() {
            0 => Ok(base_credentials(&chain.base)),
            n => self.link(chain, n - 1).await,
        }
    }

    fn link<'a>(&'a self, chain: &'a Chain, i: usize) -> HopFuture<'a> {
        Box::pin(async move {
            let hop = &chain.hops[i];
            let force = self.policy.force_refresh && i + 1 == chain.hops.len();
            let first = self.read(hop);
            let started = first.generation();
            match self.decide(&first, hop, now(), force, None) {
                Decision::Refresh => {}
                other => return self.conclude(other),
            }

            let flight = self.flight(&hop.key);
            let _flight = flight.lock().await;
            // Another task of this process may have refreshed it meanwhile.
            match self.decide(&self.cache.read(&hop.key), hop, now(), force, Some(started)) {
                Decision::Refresh => {}
                other => return self.conclude(other),
            }

            let parent = match i {
                0 => base_credentials(&chain.base),
                _ => self.link(chain, i - 1).await?,
            };
            let lock = self
                .cache
                .lock(
                    &hop.key,
                    &hop.label(),
                    self.policy.lock_timeout,
                    self.reporter.as_ref(),
                )
                .await?;
            let current = self.cache.read(&hop.key);
            match self.decide(&current, hop, now(), force, Some(started)) {
                Decision::Refresh => {}
                other => return self.conclude(other),
            }
            let outcome = self.sts.assume_role(&parent, hop).await;
            self.record(hop, &lock, current.entry(), outcome)
        })
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

    fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        flights.entry(key.to_string()).or_default().clone()
    }

    /// `started` is the generation seen before waiting: if the entry moved on
    /// since, someone else refreshed (or failed) for us.
    fn decide(
        &self,
        read: &cache::Read,
        hop: &Hop,
        now: i64,
        force: bool,
        started: Option<u64>,
    ) -> Decision {
        let Some(entry) = read.entry() else {
            return Decision::Refresh;
        };
        let refreshed_meanwhile = started.is_some_and(|g| g != entry.generation);
        let min_ttl = secs(self.policy.min_ttl);
        let window = secs(self.policy.refresh_window);
        if let Some(creds) = &entry.credentials {
            let remaining = creds.remaining(now);
            let usable = remaining >= min_ttl;
            let fresh = usable && remaining > window;
            if (fresh && !force) || (usable && refreshed_meanwhile && entry.failure.is_none()) {
                return Decision::Serve(creds.clone());
            }
        }
        match &entry.failure {
            Some(f) if f.retry_after > now && (!force || refreshed_meanwhile) => {
                self.learned_failure(hop, entry, f, now)
            }
            _ => Decision::Refresh,
        }
    }

    /// A recent failure: serve still-usable credentials through a transient
    /// backoff, otherwise report it without calling STS again.
    fn learned_failure(&self, hop: &Hop, entry: &Entry, failure: &Failure, now: i64) -> Decision {
        let usable = entry
            .credentials
            .as_ref()
            .filter(|c| c.remaining(now) >= secs(self.policy.min_ttl));
        match (failure.kind, usable) {
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
        lock: &cache::LockGuard,
        previous: Option<&Entry>,
        outcome: Result<Credentials, StsFailure>,
    ) -> Result<Credentials, Error> {
        let now = now();
        let generation = previous.map_or(0, |e| e.generation);
        let label = Label {
            profile: hop.profile.clone(),
            role_arn: hop.role_arn.clone(),
        };
        let old = previous.and_then(|e| e.credentials.clone());
        let (credentials, failure) = match outcome {
            Ok(new) => (Some(new), None),
            Err(f) => (
                old,
                Some(next_failure(
                    previous.and_then(|e| e.failure.as_ref()),
                    f,
                    now,
                )),
            ),
        };
        let entry = Entry {
            version: cache::FORMAT_VERSION,
            generation: generation + 1,
            label,
            credentials,
            failure,
        };
        if !self.cache.write(&hop.key, &entry, generation, lock)? {
            // A newer result landed while this one was in flight: it wins.
            let newer = self.cache.read(&hop.key);
            return match self.decide(&newer, hop, now, false, Some(generation)) {
                Decision::Refresh => Err(stale_result(hop)),
                other => self.conclude(other),
            };
        }
        match (&entry.failure, entry.credentials.clone()) {
            (None, Some(creds)) => self.check_floor(hop, creds, now),
            (Some(f), _) => self.conclude(self.learned_failure(hop, &entry, f, now)),
            (None, None) => unreachable!("a success always has credentials"),
        }
    }

    fn check_floor(&self, hop: &Hop, creds: Credentials, now: i64) -> Result<Credentials, Error> {
        let remaining = creds.remaining(now);
        if remaining < secs(self.policy.min_ttl) {
            return Err(Error::BelowFloor {
                label: hop.label(),
                remaining: Duration::from_secs(remaining.max(0) as u64),
                min_ttl: self.policy.min_ttl,
            });
        }
        Ok(creds)
    }
}

fn next_failure(previous: Option<&Failure>, f: StsFailure, now: i64) -> Failure {
    let consecutive = match previous {
        Some(p) if p.kind == FailureKind::Transient && f.kind == FailureKind::Transient => {
            p.consecutive.saturating_add(1)
        }
        _ => 1,
    };
    let wait = match f.kind {
        FailureKind::Permanent => PERMANENT_MEMORY,
        FailureKind::Transient => backoff(consecutive),
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
        role_arn: Some(hop.role_arn.clone()),
        action: "AssumeRole",
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

fn base_credentials(base: &Base) -> Credentials {
    Credentials {
        access_key_id: base.access_key_id.clone(),
        secret_access_key: base.secret_access_key.clone(),
        session_token: base.session_token.clone(),
        expiration: None,
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
