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
//!
//! A sign-in another program shares ([`Kind::sign_in_file`]) is looked at
//! each time an entry is read (`Broker::outside`): credentials resting on
//! a sign-in that has ended are not served, and a failure is not learned
//! once the sign-in's file has changed since its refresh began.
//! Credentials still above the floor are served through a failure that
//! asks for a new sign-in, with a warning that says how (the SDKs'
//! advisory window).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cache::{self, Cache, Entry, Failure, Label};
use crate::chain::{Base, Chain, Hop};
use crate::clock::rfc3339;
use crate::credentials::Credentials;
use crate::credentials::{Freshness, Window, backoff, freshness, in_backoff};
use crate::error::CallFailure;
use crate::error::{Error, FailureKind, LOGIN_REQUIRED, StsError};
use crate::link::{Fetch, Kind};
use crate::report::Reporter;
use crate::sts::Sts;

/// How long a permanent failure is remembered: long enough for the processes
/// already waiting to learn it, short enough that a fixed trust policy is
/// picked up at once.
const PERMANENT_MEMORY: i64 = 5;
/// The backoff when nothing usable is cached: long enough to absorb a burst
/// of callers, short enough not to outlast an outage by much.
const BURST_BACKOFF: i64 = 10;

#[derive(Clone, Debug)]
pub struct Policy {
    /// Refresh when less than this remains (at most half a session's life).
    pub refresh_window: Duration,
    /// Never serve the requested link with less than this left.
    pub min_ttl: Duration,
    /// The floor for the links below it, which only sign the next call.
    pub parent_min_ttl: Duration,
    pub lock_timeout: Duration,
    /// The deadline of a helper process (`mfa_process`, a nested
    /// `credential_process`); shorter than `lock_timeout`, so that waiters
    /// learn the helper's timeout instead of timing out on the lock.
    pub process_timeout: Duration,
    /// Refresh the requested link even when its entry is fresh.
    pub force_refresh: bool,
}

pub struct Broker {
    cache: Cache,
    policy: Policy,
    sts: Sts,
    reporter: Arc<dyn Reporter>,
    flights: Mutex<HashMap<String, Arc<Flight>>>,
    mfa: crate::runner::mfa_code::Codes,
    /// The wall clock every decision is given (see [`crate::clock`]).
    clock: crate::clock::Clock,
    /// How to read keys kept in a keyring (`None`: this broker does not).
    keyrings: Option<crate::runner::keyring::Keyrings>,
}

/// In-process single-flight for one key.
#[derive(Default)]
struct Flight {
    gate: tokio::sync::Mutex<()>,
    /// The last lock timeout on this key (when, and the holder it named), so
    /// that tasks queued behind it fail with it instead of waiting again.
    timed_out: Mutex<Option<(Instant, String)>>,
}

/// What the policy asks of one link of the chain, in seconds.
#[derive(Clone, Copy, Debug)]
struct Want {
    force: bool,
    min_ttl: i64,
    /// Refresh when less than this remains (capped per session, see [`window`]).
    refresh_window: i64,
}

/// What the protocol makes of an entry as read: a pure function of the
/// entry, what is wanted, the policy and the time ([`decide`]).
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Settled without calling anything.
    Done(Outcome),
    /// Missing, inside the refresh window, forced, or past its backoff.
    Refresh,
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Serve(Credentials),
    /// Usable credentials served through a transient failure's backoff.
    ServeStale(Credentials, Failure),
    /// Credentials someone else just fetched, with less than the floor left.
    BelowFloor(i64),
    /// A failure recorded by whoever refreshed last, learned without a call.
    Failed(Failure),
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
            mfa: Default::default(),
            clock: crate::clock::now,
            keyrings: None,
        }
    }

    /// Read keys kept in a keyring through `keyrings`.
    pub fn with_keyrings(mut self, keyrings: crate::runner::keyring::Keyrings) -> Self {
        self.keyrings = Some(keyrings);
        self
    }

    /// Decide by another clock than the system's.
    pub fn with_clock(mut self, clock: crate::clock::Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Serve the requested link only with at least `min_ttl` left (a
    /// consumer's own floor: an EKS token lives minutes, not an hour).
    pub fn with_min_ttl(mut self, min_ttl: Duration) -> Self {
        self.policy.min_ttl = min_ttl;
        self
    }

    /// Where this run's MFA codes come from (`--mfa-token`, `--mfa-duration`).
    pub fn with_mfa(mut self, codes: crate::runner::mfa_code::Codes) -> Self {
        self.mfa = codes;
        self
    }

    /// The client of every AWS call, with the run's throttle.
    pub fn sts(&self) -> &Sts {
        &self.sts
    }

    /// The sign-in token of `session`, as an SSO link's fetch gets it
    /// (refreshed, or signed in on a terminal, under the sign-in's lock),
    /// for the calls that list what the sign-in can see.
    pub async fn sso_sign_in(
        &self,
        session: &crate::kinds::sso::Session,
    ) -> Result<crate::secret::Secret, CallFailure> {
        let target = crate::sts::StsTarget {
            region: session.region.clone(),
            endpoint_url: session.portal_endpoint.clone(),
        };
        let cx = Fetch {
            profile: &session.profile,
            sts_target: &target,
            parent: None,
            sts: &self.sts,
            codes: &self.mfa,
            cache: &self.cache,
            lock_timeout: self.policy.lock_timeout,
            reporter: self.reporter.as_ref(),
            helpers: crate::runner::Limits::new(self.policy.process_timeout),
            window: Window::new(self.policy.refresh_window, self.policy.parent_min_ttl),
        };
        crate::kinds::sso::access_token(session, &cx).await
    }

    /// The cache-hit path, synchronous so that a hit needs no runtime: the
    /// last link's entry, read and judged without a lock. `None` when the
    /// protocol has to go on (a refresh, a wait, or an entry to heal).
    pub fn cached(&self, chain: &Chain) -> Option<Result<Credentials, Error>> {
        let Some(hop) = chain.hops.last() else {
            // Keys in a keyring are read on the async path.
            return match chain.base.as_ref().is_some_and(|b| b.stored.is_some()) {
                true => None,
                false => Some(static_credentials(chain)),
            };
        };
        let last = chain.hops.len() - 1;
        let (read, _) = self.outside(chain, last, self.cache.read(&hop.key));
        let want = self.want(chain, last);
        match decide(read.entry(), &want, (self.clock)(), None) {
            Verdict::Refresh => None,
            Verdict::Done(outcome) => Some(self.conclude(hop, &want, outcome)),
        }
    }

    /// The credentials at the end of `chain`.
    pub async fn credentials(&self, chain: &Chain) -> Result<Credentials, Error> {
        match (chain.hops.len(), &chain.base) {
            (0, Some(base)) if base.stored.is_some() => self
                .stored_keys(base)
                .await
                .map_err(|f| keyring_error(&base.origin, &f.message)),
            (0, _) => static_credentials(chain),
            (n, _) => self.link(chain, n - 1).await,
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
            refresh_window: secs(self.policy.refresh_window),
        }
    }

    fn link<'a>(&'a self, chain: &'a Chain, i: usize) -> HopFuture<'a> {
        Box::pin(async move {
            let hop = &chain.hops[i];
            let want = self.want(chain, i);
            let (first, _) = self.outside(chain, i, self.read(hop));
            if let Verdict::Done(outcome) = decide(first.entry(), &want, (self.clock)(), None) {
                return self.conclude(hop, &want, outcome);
            }
            // Still usable but inside the refresh window: refresh ahead, but
            // never wait for someone else's refresh, and fall back to these
            // if the refresh fails for a reason that may pass.
            let fallback = match want.force {
                true => None,
                false => usable(first.entry(), (self.clock)(), want.min_ttl).cloned(),
            };
            let refreshed = self
                .refresh(chain, i, &want, first.generation(), fallback.clone())
                .await;
            match (refreshed, fallback) {
                // Failures that may pass, and a sign-in to renew: what was
                // issued before is still good (the SDKs' advisory window).
                (Err(e), Some(cached)) if e.is_transient() || e.needs_sign_in() => {
                    self.reporter.warn(&format!(
                        "{e}; serving cached credentials of {} for now",
                        hop.label()
                    ));
                    Ok(cached)
                }
                (result, _) => result,
            }
        })
    }

    /// The locked part of the protocol. With `ahead` (usable credentials
    /// in hand), gives way and serves them instead of waiting when another
    /// task or process is already refreshing this link.
    async fn refresh(
        &self,
        chain: &Chain,
        i: usize,
        want: &Want,
        started: u64,
        ahead: Option<Credentials>,
    ) -> Result<Credentials, Error> {
        let hop = &chain.hops[i];
        let flight = self.flight(&hop.key);
        let entered = Instant::now();
        let _gate = match &ahead {
            Some(cached) => match flight.gate.try_lock() {
                Ok(gate) => gate,
                Err(_) => return Ok(cached.clone()),
            },
            None => flight.gate.lock().await,
        };
        self.check_flight_timeout(&flight, entered, hop)?;
        // Another task of this process may have refreshed it meanwhile.
        let (read, superseded) = self.outside(chain, i, self.cache.read(&hop.key));
        let since = (!superseded).then_some(started);
        if let Verdict::Done(outcome) = decide(read.entry(), want, (self.clock)(), since) {
            return self.conclude(hop, want, outcome);
        }

        // Keys in a keyring are read under this link's lock, below: one
        // read per refresh however many processes wait for it.
        let (parent, stored) = match (i, &chain.base) {
            _ if !hop.call.needs_parent() => (None, None),
            (0, Some(base)) if base.stored.is_some() => (None, Some(base)),
            (0, Some(base)) => (Some(base_credentials(base)), None),
            (0, None) => (None, None),
            _ => (Some(self.link(chain, i - 1).await?), None),
        };
        let lock = if let Some(cached) = ahead {
            match self.cache.try_lock(&hop.key)? {
                Some(lock) => lock,
                None => return Ok(cached),
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
        let (current, superseded) = self.outside(chain, i, self.cache.read(&hop.key));
        let since = (!superseded).then_some(started);
        if let Verdict::Done(outcome) = decide(current.entry(), want, (self.clock)(), since) {
            return self.conclude(hop, want, outcome);
        }
        if hop.call.mfa().is_some() {
            // Waiters say whom they wait for: a person typing a code.
            lock.annotate("an MFA code is being entered there");
        }
        // Taken before the call: a failure is about what the call read.
        let witness = witness(hop);
        let keys = match stored {
            // Not recorded: what a keyring refuses (a locked collection, a
            // wrong passphrase) depends on this process's passphrase and on
            // the keyring's state now, neither of which the next process
            // shares.
            Some(base) => Some(
                self.stored_keys(base)
                    .await
                    .map_err(|f| keyring_error(&base.origin, &f.message))?,
            ),
            None => None,
        };
        let outcome = self.fetch(keys.as_ref().or(parent.as_ref()), hop).await;
        let written = Written {
            lock: &lock,
            previous: current.entry(),
            witness,
        };
        self.record(chain, i, want, written, outcome)
    }

    /// Call whatever refreshes `hop` (its kind's [`Kind::fetch`]), signed
    /// with `parent` where it needs one. Runs with the link's lock held.
    async fn fetch(
        &self,
        parent: Option<&Credentials>,
        hop: &Hop,
    ) -> Result<Credentials, CallFailure> {
        let cx = Fetch {
            profile: &hop.profile,
            sts_target: &hop.sts,
            parent,
            sts: &self.sts,
            codes: &self.mfa,
            cache: &self.cache,
            lock_timeout: self.policy.lock_timeout,
            reporter: self.reporter.as_ref(),
            helpers: crate::runner::Limits::new(self.policy.process_timeout),
            window: Window::new(self.policy.refresh_window, self.policy.parent_min_ttl),
        };
        hop.call.fetch(&cx).await
    }

    /// The long-term keys of `base`, which a keyring holds: read there
    /// (only ever on a refresh).
    async fn stored_keys(&self, base: &Base) -> Result<Credentials, CallFailure> {
        let (Some(backend), Some(keyrings)) = (base.stored, &self.keyrings) else {
            return Err(CallFailure {
                kind: crate::error::FailureKind::Permanent,
                code: crate::runner::keyring::KEYRING_FAILED.into(),
                message: format!(
                    "the keys of profile `{}` are in a keyring, which this command does not read",
                    base.origin
                ),
            });
        };
        let key = keyrings
            .keys(backend, &base.origin, &base.access_key_id)
            .await?;
        Ok(Credentials {
            access_key_id: key.access_key_id,
            secret_access_key: key.secret_access_key,
            session_token: None,
            expiration: None,
            issued_at: None,
        })
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

    /// Link `i`'s entry as the world outside the cache stands now: without
    /// its credentials while a sign-in it rests on has ended
    /// ([`Chain::signed_out`]), and without its recorded failure once the
    /// link's sign-in file is no longer as that refresh found it
    /// ([`witness`]). `true` when a failure was dropped so: the entry's
    /// generation then tells of no outcome to learn.
    fn outside(&self, chain: &Chain, i: usize, mut read: cache::Read) -> (cache::Read, bool) {
        let mut superseded = false;
        if let cache::Read::Found(entry) = &mut read {
            if entry.credentials.is_some() && chain.signed_out(i) {
                entry.credentials = None;
            }
            let stale = |f: &Failure| f.witness.is_some() && f.witness != witness(&chain.hops[i]);
            if entry.failure.as_ref().is_some_and(stale) {
                entry.failure = None;
                superseded = true;
            }
        }
        (read, superseded)
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

    /// Turn a settled outcome into what the caller gets.
    fn conclude(&self, hop: &Hop, want: &Want, outcome: Outcome) -> Result<Credentials, Error> {
        match outcome {
            Outcome::Serve(c) => Ok(c),
            Outcome::ServeStale(c, failure) => {
                self.reporter.warn(&stale_warning(hop, &failure, &c));
                Ok(c)
            }
            Outcome::BelowFloor(remaining) => Err(below_floor(hop, remaining, want)),
            Outcome::Failed(failure) => Err(failure_error(hop, &failure)),
        }
    }

    /// Write the outcome of a refresh of link `i` into the entry, then
    /// serve it.
    fn record(
        &self,
        chain: &Chain,
        i: usize,
        want: &Want,
        written: Written<'_>,
        outcome: Result<Credentials, CallFailure>,
    ) -> Result<Credentials, Error> {
        let (hop, lock, previous) = (&chain.hops[i], written.lock, written.previous);
        let now = (self.clock)();
        let generation = previous.map_or(0, |e| e.generation);
        let (mut entry, served) = recorded(previous, outcome, want, now);
        if let Some(f) = entry.failure.as_mut() {
            f.witness = written.witness;
        }
        // A refused or missing MFA code is not remembered: the waiters
        // learn it, the next attempt asks for a new code.
        if let Some(f) = entry
            .failure
            .as_mut()
            .filter(|f| f.kind == FailureKind::Permanent)
            && hop.call.mfa().is_some()
        {
            f.retry_after = now;
        }
        let entry = Entry {
            label: Label {
                profile: hop.profile.clone(),
                role_arn: hop.call.target().to_string(),
                endpoint: hop.sts.endpoint_url.clone(),
            },
            ..entry
        };
        // Credentials without an expiration (a credential_process that
        // prints long-term keys), and links that opt out, are not cached:
        // asked for every time.
        let keep = hop.call.cached()
            && entry
                .credentials
                .as_ref()
                .is_none_or(|c| c.expiration.is_some());
        let written = match keep {
            true => self.cache.write(&hop.key, &entry, generation, lock),
            false => Ok(true),
        };
        match written {
            Ok(true) => {}
            Ok(false) => {
                // A newer result landed while this one was in flight: it wins.
                let (newer, superseded) = self.outside(chain, i, self.cache.read(&hop.key));
                let since = (!superseded).then_some(generation);
                return match decide(newer.entry(), want, now, since) {
                    Verdict::Refresh => Err(stale_result(hop)),
                    Verdict::Done(outcome) => self.conclude(hop, want, outcome),
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
        self.conclude(hop, want, served)
    }
}

/// Where a refresh's outcome is written: under `lock`, over `previous`
/// (as read after the lock was taken), with the kind's `witness` of what
/// the refresh read.
struct Written<'a> {
    lock: &'a cache::LockGuard,
    previous: Option<&'a Entry>,
    witness: Option<String>,
}

/// What a refresh's outcome makes of the entry (label left empty), and
/// what to serve: new credentials, or the failure as the next caller would
/// learn it (stale credentials through a transient backoff).
fn recorded(
    previous: Option<&Entry>,
    outcome: Result<Credentials, CallFailure>,
    want: &Want,
    now: i64,
) -> (Entry, Outcome) {
    let generation = previous.map_or(0, |e| e.generation) + 1;
    let entry = |credentials, failure| Entry {
        version: cache::FORMAT_VERSION,
        generation,
        label: Label {
            profile: String::new(),
            role_arn: String::new(),
            endpoint: None,
        },
        credentials,
        failure,
    };
    match outcome {
        Ok(new) => {
            let creds = Credentials {
                issued_at: Some(now),
                ..new
            };
            let served = match creds.remaining(now) {
                r if r < want.min_ttl => Outcome::BelowFloor(r),
                _ => Outcome::Serve(creds.clone()),
            };
            (entry(Some(creds), None), served)
        }
        Err(f) => {
            let old = previous.and_then(|e| e.credentials.clone());
            let usable_until = old
                .as_ref()
                .and_then(|c| c.expiration)
                .map(|e| e - want.min_ttl);
            let failure = next_failure(
                previous.and_then(|e| e.failure.as_ref()),
                f,
                now,
                usable_until,
            );
            let served = learned_failure(old.as_ref(), &failure, now, want);
            (entry(old, Some(failure)), served)
        }
    }
}

/// The protocol's decision for an entry as read. `started` is the
/// generation seen before waiting: if the entry moved on since, someone else
/// refreshed (or failed) for us, and that outcome is taken as it is.
fn decide(entry: Option<&Entry>, want: &Want, now: i64, started: Option<u64>) -> Verdict {
    let Some(entry) = entry else {
        return Verdict::Refresh;
    };
    let refreshed_meanwhile = started.is_some_and(|g| g != entry.generation);
    if let Some(creds) = &entry.credentials {
        let remaining = creds.remaining(now);
        let usable = remaining >= want.min_ttl;
        let fresh = usable && freshness(creds, want.refresh_window, now) == Freshness::Fresh;
        if fresh && !want.force {
            return Verdict::Done(Outcome::Serve(creds.clone()));
        }
        if refreshed_meanwhile && entry.failure.is_none() {
            return Verdict::Done(match usable {
                true => Outcome::Serve(creds.clone()),
                false => Outcome::BelowFloor(remaining),
            });
        }
    }
    match &entry.failure {
        Some(f) if refreshed_meanwhile || (!want.force && in_backoff(f.retry_after, now)) => {
            Verdict::Done(learned_failure(entry.credentials.as_ref(), f, now, want))
        }
        _ => Verdict::Refresh,
    }
}

/// A recent failure: serve still-usable credentials through a transient
/// backoff, or through a sign-in to renew (what it issued is still good),
/// otherwise report it without calling again.
fn learned_failure(
    credentials: Option<&Credentials>,
    failure: &Failure,
    now: i64,
    want: &Want,
) -> Outcome {
    let usable = credentials.filter(|c| c.remaining(now) >= want.min_ttl);
    let passes = failure.kind == FailureKind::Transient || failure.code == LOGIN_REQUIRED;
    match usable {
        Some(creds) if passes => Outcome::ServeStale(creds.clone(), failure.clone()),
        _ => Outcome::Failed(failure.clone()),
    }
}

fn below_floor(hop: &Hop, remaining: i64, want: &Want) -> Error {
    Error::BelowFloor {
        label: hop.label(),
        remaining: Duration::from_secs(remaining.max(0) as u64),
        min_ttl: Duration::from_secs(want.min_ttl.max(0) as u64),
    }
}

/// The entry's credentials if they have at least `min_ttl` left.
fn usable(entry: Option<&Entry>, now: i64, min_ttl: i64) -> Option<&Credentials> {
    entry?
        .credentials
        .as_ref()
        .filter(|c| c.remaining(now) >= min_ttl)
}

/// The witness of `hop`'s sign-in file, if it has one
/// ([`crate::link::sign_in_witness`]).
fn witness(hop: &Hop) -> Option<String> {
    let file = hop.call.sign_in_file()?;
    Some(crate::link::sign_in_witness(&file))
}

fn lock_ignoring_poison<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The failure to record. A transient backoff never outlasts the cached
/// credentials' usable life (`usable_until`): once they are below the
/// floor, trying STS again beats failing without trying.
fn next_failure(
    previous: Option<&Failure>,
    f: CallFailure,
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
        witness: None,
    }
}

fn failure_error(hop: &Hop, f: &Failure) -> Error {
    if f.code == crate::runner::mfa_code::NO_CODE {
        return crate::kinds::mfa::no_code_error(&hop.profile, hop.call.mfa(), &f.message);
    }
    if f.code == crate::error::NESTED_CONFIG {
        return Error::NestedConfig {
            profile: hop.profile.clone(),
            message: f.message.clone(),
        };
    }
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

/// Keys a keyring could not give: what the backend said, and its fix.
fn keyring_error(profile: &str, message: &str) -> Error {
    Error::Keyring {
        profile: Some(profile.to_string()),
        message: message.to_string(),
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
        action: hop.call.action(),
        code: code.to_string(),
        message: message.to_string(),
        retry_after,
    })
}

fn stale_warning(hop: &Hop, f: &Failure, creds: &Credentials) -> String {
    let until = creds.expiration.map(rfc3339).unwrap_or_default();
    match f.kind {
        FailureKind::Transient => format!(
            "STS {} for {}; serving cached credentials valid until {until}; next try after {}",
            f.code,
            hop.label(),
            rfc3339(f.retry_after)
        ),
        // A sign-in to renew: its message says how.
        FailureKind::Permanent => format!(
            "{}; serving the cached credentials of {}, valid until {until}, meanwhile",
            f.message,
            hop.label()
        ),
    }
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
        expiration: base.expiration,
        issued_at: None,
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    //! The protocol's decisions as tables over (entry, want, now): no
    //! clock, no files, no STS.
    use super::*;
    use crate::credentials::BACKOFF_CAP;
    use crate::secret::Secret;

    const NOW: i64 = 1_000_000;
    const WANT: Want = Want {
        force: false,
        min_ttl: 300,
        refresh_window: 900,
    };

    /// Credentials issued an hour before they expire, `left` seconds from now.
    fn creds(left: i64) -> Credentials {
        Credentials {
            access_key_id: "ASIATEST".into(),
            secret_access_key: Secret::new("s"),
            session_token: Some(Secret::new("t")),
            expiration: Some(NOW + left),
            issued_at: Some(NOW + left - 3600),
        }
    }

    fn failure(kind: FailureKind, retry_in: i64) -> Failure {
        Failure {
            kind,
            code: "Code".into(),
            message: "message".into(),
            at: NOW - 1,
            consecutive: 1,
            retry_after: NOW + retry_in,
            witness: None,
        }
    }

    fn entry(generation: u64, credentials: Option<Credentials>, failure: Option<Failure>) -> Entry {
        Entry {
            version: cache::FORMAT_VERSION,
            generation,
            label: Label {
                profile: "p".into(),
                role_arn: "r".into(),
                endpoint: None,
            },
            credentials,
            failure,
        }
    }

    struct Quiet;
    impl crate::report::WaitObserver for Quiet {
        fn waiting(&self, _: &str, _: &str) {}
    }
    impl Reporter for Quiet {
        fn warn(&self, _: &str) {}
    }

    /// The broker decides by the clock it is given, not the system's: one
    /// cached entry is a hit an hour before its expiry and a refresh after.
    #[test]
    fn the_cache_hit_path_reads_the_clock_it_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache")).unwrap();
        let hop = Hop {
            profile: "p".into(),
            call: crate::kinds::Call::AssumeRole(crate::kinds::role::AssumeRole {
                role_arn: "r".into(),
                external_id: None,
                session_name: None,
                duration_seconds: None,
                mfa: None,
            }),
            sts: crate::sts::StsTarget {
                region: "us-east-1".into(),
                endpoint_url: None,
            },
            key: "0123456789abcdef0123456789abcdef".into(),
        };
        let lock = cache.try_lock(&hop.key).unwrap().unwrap();
        let written = cache.write(&hop.key, &entry(0, Some(creds(3600)), None), 0, &lock);
        assert!(written.unwrap());
        drop(lock);
        let chain = Chain {
            profile: "p".into(),
            base: None,
            hops: vec![hop],
        };
        let broker = |clock: crate::clock::Clock| {
            let policy = Policy {
                refresh_window: Duration::from_secs(900),
                min_ttl: Duration::from_secs(300),
                parent_min_ttl: Duration::from_secs(300),
                lock_timeout: Duration::from_secs(1),
                process_timeout: Duration::from_secs(1),
                force_refresh: false,
            };
            let sts = Sts::new(1, Duration::from_secs(1));
            Broker::new(cache.clone(), policy, sts, Arc::new(Quiet)).with_clock(clock)
        };
        let hit = broker(|| NOW).cached(&chain).expect("a hit at NOW");
        assert_eq!(hit.unwrap().expiration, Some(NOW + 3600));
        assert!(
            broker(|| NOW + 3000).cached(&chain).is_none(),
            "due at NOW + 3000"
        );
    }

    fn sts_failure(kind: FailureKind) -> CallFailure {
        CallFailure {
            kind,
            code: "Code".into(),
            message: "message".into(),
        }
    }

    #[test]
    fn decide_table() {
        use FailureKind::{Permanent, Transient};
        let forced = Want {
            force: true,
            ..WANT
        };
        let short = Credentials {
            issued_at: Some(NOW + 600 - 900),
            ..creds(600)
        };
        let serve = |c: Credentials| Verdict::Done(Outcome::Serve(c));
        let login_required = |retry_in| Failure {
            code: LOGIN_REQUIRED.into(),
            ..failure(Permanent, retry_in)
        };
        #[rustfmt::skip]
        type Case = (&'static str, Option<Entry>, Want, Option<u64>, Verdict);
        let cases: Vec<Case> = vec![
            ("no entry", None, WANT, None, Verdict::Refresh),
            (
                "fresh",
                Some(entry(1, Some(creds(3000)), None)),
                WANT,
                None,
                serve(creds(3000)),
            ),
            (
                "fresh but forced",
                Some(entry(1, Some(creds(3000)), None)),
                forced,
                None,
                Verdict::Refresh,
            ),
            (
                "inside the window, still usable",
                Some(entry(1, Some(creds(600)), None)),
                WANT,
                None,
                Verdict::Refresh,
            ),
            (
                "below the floor",
                Some(entry(1, Some(creds(100)), None)),
                WANT,
                None,
                Verdict::Refresh,
            ),
            (
                "a 15-minute session is fresh for half its life",
                Some(entry(1, Some(short.clone()), None)),
                WANT,
                None,
                serve(short),
            ),
            (
                "refreshed meanwhile, in the window",
                Some(entry(2, Some(creds(600)), None)),
                WANT,
                Some(1),
                serve(creds(600)),
            ),
            (
                "refreshed meanwhile, below the floor",
                Some(entry(2, Some(creds(100)), None)),
                WANT,
                Some(1),
                Verdict::Done(Outcome::BelowFloor(100)),
            ),
            (
                "same generation, below the floor",
                Some(entry(2, Some(creds(100)), None)),
                WANT,
                Some(2),
                Verdict::Refresh,
            ),
            (
                "transient backoff with usable credentials",
                Some(entry(1, Some(creds(600)), Some(failure(Transient, 60)))),
                WANT,
                None,
                Verdict::Done(Outcome::ServeStale(creds(600), failure(Transient, 60))),
            ),
            (
                "transient backoff, nothing usable",
                Some(entry(1, Some(creds(100)), Some(failure(Transient, 10)))),
                WANT,
                None,
                Verdict::Done(Outcome::Failed(failure(Transient, 10))),
            ),
            (
                "permanent failure remembered",
                Some(entry(1, None, Some(failure(Permanent, 5)))),
                WANT,
                None,
                Verdict::Done(Outcome::Failed(failure(Permanent, 5))),
            ),
            (
                "permanent failure never serves stale",
                Some(entry(1, Some(creds(600)), Some(failure(Permanent, 5)))),
                WANT,
                None,
                Verdict::Done(Outcome::Failed(failure(Permanent, 5))),
            ),
            (
                "a sign-in to renew, usable credentials: served through it",
                Some(entry(1, Some(creds(600)), Some(login_required(5)))),
                WANT,
                None,
                Verdict::Done(Outcome::ServeStale(creds(600), login_required(5))),
            ),
            (
                "a sign-in to renew, nothing usable",
                Some(entry(1, Some(creds(100)), Some(login_required(5)))),
                WANT,
                None,
                Verdict::Done(Outcome::Failed(login_required(5))),
            ),
            (
                "backoff over",
                Some(entry(1, Some(creds(600)), Some(failure(Transient, 0)))),
                WANT,
                None,
                Verdict::Refresh,
            ),
            (
                "a backoff beyond any cap is a clock jump",
                Some(entry(1, None, Some(failure(Transient, BACKOFF_CAP + 1)))),
                WANT,
                None,
                Verdict::Refresh,
            ),
            (
                "forced through a backoff",
                Some(entry(1, None, Some(failure(Transient, 60)))),
                forced,
                None,
                Verdict::Refresh,
            ),
            (
                "forced, but someone failed meanwhile",
                Some(entry(2, None, Some(failure(Permanent, 5)))),
                forced,
                Some(1),
                Verdict::Done(Outcome::Failed(failure(Permanent, 5))),
            ),
            (
                "a failure past its backoff, learned because it is new",
                Some(entry(2, None, Some(failure(Transient, 0)))),
                WANT,
                Some(1),
                Verdict::Done(Outcome::Failed(failure(Transient, 0))),
            ),
        ];
        for (name, entry, want, started, expected) in cases {
            assert_eq!(
                decide(entry.as_ref(), &want, NOW, started),
                expected,
                "case `{name}`"
            );
        }
    }

    #[test]
    fn next_failure_table() {
        use FailureKind::{Permanent, Transient};
        let previous = |kind, consecutive| Failure {
            consecutive,
            ..failure(kind, 0)
        };
        #[rustfmt::skip]
        type Case = (&'static str, Option<Failure>, FailureKind, Option<i64>, u32, i64);
        let cases: Vec<Case> = vec![
            (
                "permanent: remembered 5 s",
                None,
                Permanent,
                Some(NOW + 3000),
                1,
                PERMANENT_MEMORY,
            ),
            (
                "transient, nothing usable: a burst backoff",
                None,
                Transient,
                None,
                1,
                BURST_BACKOFF,
            ),
            (
                "transient, usable for long: the first backoff",
                None,
                Transient,
                Some(NOW + 3000),
                1,
                60,
            ),
            (
                "the second in a row doubles",
                Some(previous(Transient, 1)),
                Transient,
                Some(NOW + 3000),
                2,
                120,
            ),
            (
                "doubling stops at the cap",
                Some(previous(Transient, 9)),
                Transient,
                Some(NOW + 86_400),
                10,
                BACKOFF_CAP,
            ),
            (
                "clamped to the floor of the cached credentials",
                Some(previous(Transient, 3)),
                Transient,
                Some(NOW + 200),
                4,
                200,
            ),
            (
                "usable for less than a burst: a burst",
                None,
                Transient,
                Some(NOW + 5),
                1,
                BURST_BACKOFF,
            ),
            (
                "a permanent failure resets the count",
                Some(previous(Permanent, 1)),
                Transient,
                Some(NOW + 3000),
                1,
                60,
            ),
        ];
        for (name, prev, kind, usable_until, consecutive, wait) in cases {
            let f = next_failure(prev.as_ref(), sts_failure(kind), NOW, usable_until);
            assert_eq!(
                (f.kind, f.consecutive, f.retry_after - NOW, f.at),
                (kind, consecutive, wait, NOW),
                "case `{name}`"
            );
        }
    }

    #[test]
    fn recorded_table() {
        use FailureKind::{Permanent, Transient};
        // A success: new credentials, stamped, generation + 1, failure cleared.
        let old = entry(4, Some(creds(600)), Some(failure(Transient, 0)));
        let fetched = Credentials {
            issued_at: None,
            ..creds(3600)
        };
        let (e, served) = recorded(Some(&old), Ok(fetched.clone()), &WANT, NOW);
        let stamped = Credentials {
            issued_at: Some(NOW),
            ..fetched
        };
        assert_eq!(
            (e.generation, e.failure, e.credentials.clone()),
            (5, None, Some(stamped.clone()))
        );
        assert_eq!(served, Outcome::Serve(stamped));
        // A success that is already below the floor is cached but not served.
        let (_, served) = recorded(None, Ok(creds(100)), &WANT, NOW);
        assert_eq!(served, Outcome::BelowFloor(100));
        // A transient failure keeps the old credentials and serves them stale.
        let old = entry(1, Some(creds(600)), None);
        let (e, served) = recorded(Some(&old), Err(sts_failure(Transient)), &WANT, NOW);
        assert_eq!(e.credentials, Some(creds(600)));
        let f = e.failure.expect("the failure is recorded");
        assert_eq!(served, Outcome::ServeStale(creds(600), f));
        // A permanent failure is reported even with usable credentials.
        let (e, served) = recorded(Some(&old), Err(sts_failure(Permanent)), &WANT, NOW);
        assert!(matches!(served, Outcome::Failed(f) if f.kind == Permanent));
        assert_eq!(e.generation, 2);
    }

    #[test]
    fn backoff_doubles_to_a_cap() {
        let got: Vec<i64> = (1..=6).map(backoff).collect();
        assert_eq!(got, [60, 120, 240, 480, 900, 900]);
        assert_eq!(backoff(u32::MAX), 900);
    }
}
