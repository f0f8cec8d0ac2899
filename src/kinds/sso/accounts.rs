//! What a sign-in can see: every account (`ListAccounts`) and each
//! account's roles (`ListAccountRoles`) on the SSO portal, every page.
//!
//! Invariants: every portal call goes through the runner (deadline, notice,
//! the one retry policy) and is paced by the shared throttle
//! ([`Sts::paced`]: one adaptive window, jittered retries on
//! `TooManyRequestsException`); at most `concurrency` account listings are
//! in flight. A listing is remembered in the cache directory for
//! [`FRESH_FOR`] (it holds no secret, only names), so that `sso populate`
//! and `batch --sso-session` right after `sso accounts` do not scan again.

use serde::{Deserialize, Serialize};

use super::Session;
use super::portal;
use crate::cache::Cache;
use crate::error::CallFailure;
use crate::secret::Secret;
use crate::sts::Sts;

/// An account the sign-in can use, and its roles (sorted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub account_id: String,
    pub account_name: String,
    pub email: String,
    pub roles: Vec<String>,
}

/// How long a remembered listing is used instead of a new scan (seconds).
pub const FRESH_FOR: i64 = 10 * 60;

/// What is stored: the listing, when it was made, and for which sign-in.
#[derive(Serialize, Deserialize)]
struct Stored {
    listed_at: i64,
    /// [`identity`] of the session, so that a renamed file never mixes
    /// two portals.
    session: String,
    accounts: Vec<Account>,
}

/// What selects the listing: the session, its start URL and its portal.
fn identity(session: &Session) -> String {
    format!(
        "{}\n{}\n{}",
        session.name.as_deref().unwrap_or(""),
        session.start_url,
        session.portal_endpoint.as_deref().unwrap_or("")
    )
}

/// The cache's name for `session`'s listing.
fn slot(session: &Session) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(identity(session).as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("sso-accounts-{hex}")
}

/// The remembered listing of `session`, if it is younger than
/// [`FRESH_FOR`] at `now`.
pub fn remembered(cache: &Cache, session: &Session, now: i64) -> Option<Vec<Account>> {
    let stored: Stored = serde_json::from_slice(&cache.read_listing(&slot(session))?).ok()?;
    let fresh = (0..FRESH_FOR).contains(&(now - stored.listed_at));
    (fresh && stored.session == identity(session)).then_some(stored.accounts)
}

/// Remember `accounts` as `session`'s listing at `now` (best effort).
pub fn remember(cache: &Cache, session: &Session, accounts: &[Account], now: i64) {
    let stored = Stored {
        listed_at: now,
        session: identity(session),
        accounts: accounts.to_vec(),
    };
    if let Ok(bytes) = serde_json::to_vec(&stored) {
        cache.write_listing(&slot(session), &bytes);
    }
}

/// Every account `token` can see on `session`'s portal with its roles,
/// sorted by account name then id. `progress(done, total)` after each
/// account's roles.
pub async fn discover(
    session: &Session,
    token: &Secret,
    sts: &Sts,
    concurrency: usize,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<Account>, CallFailure> {
    let limits = sts.limits();
    let mut infos = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let (page, after) = sts
            .paced("the SSO portal", || {
                portal::list_accounts(session, token, next.as_deref(), limits)
            })
            .await?;
        infos.extend(page);
        match after {
            Some(token) if !token.is_empty() => next = Some(token),
            _ => break,
        }
    }
    infos.sort_by(|a, b| (&a.account_name, &a.account_id).cmp(&(&b.account_name, &b.account_id)));
    infos.dedup_by(|a, b| a.account_id == b.account_id);
    let total = infos.len();
    let done = std::cell::Cell::new(0);
    crate::runtime::bounded(total, concurrency, |i| {
        let (info, done) = (&infos[i], &done);
        async move {
            let roles = roles_of(session, token, sts, &info.account_id).await?;
            done.set(done.get() + 1);
            progress(done.get(), total);
            Ok(Account {
                account_id: info.account_id.clone(),
                account_name: info.account_name.clone(),
                email: info.email.clone(),
                roles,
            })
        }
    })
    .await
}

/// Every role of `account_id`, every page, sorted.
async fn roles_of(
    session: &Session,
    token: &Secret,
    sts: &Sts,
    account_id: &str,
) -> Result<Vec<String>, CallFailure> {
    let mut roles = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let (page, after) = sts
            .paced("the SSO portal", || {
                portal::list_account_roles(
                    session,
                    token,
                    account_id,
                    next.as_deref(),
                    sts.limits(),
                )
            })
            .await?;
        roles.extend(page);
        match after {
            Some(token) if !token.is_empty() => next = Some(token),
            _ => break,
        }
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}
