//! What every command shares: the settings, the reporter, and the way from
//! `CredArgs` to credentials.

use std::sync::Arc;
use std::time::Duration;

use crate::broker::{Broker, Policy};
use crate::cache::Cache;
use crate::chain::{self, AdHocRole, Chain, EnvSnapshot};
use crate::cli::CredArgs;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::profile::{self, Profiles};
use crate::report::Reporter;
use crate::report::WaitObserver;
use crate::settings::{Overrides, Settings};
use crate::sts::{Sts, StsTarget};

pub struct Context {
    pub settings: Settings,
    pub reporter: Arc<StderrReporter>,
    /// Set once the cache turned out unwritable (and that was said).
    uncached: std::sync::atomic::AtomicBool,
    /// The cache, opened once per run (a hit opens it once, not per use).
    opened: std::sync::OnceLock<Cache>,
}

/// A resolved request: the chain, its credentials, the profile's region.
pub struct Resolved {
    pub chain: Chain,
    pub credentials: Credentials,
    pub region: Option<String>,
    /// Where the named profile's STS calls go (region and endpoint by the
    /// SDK's precedence), for a consumer that signs one (`eks-token`);
    /// `None` when an endpoint it configures is invalid.
    pub sts: Option<StsTarget>,
}

impl Context {
    /// The settings resolved from the command line's `overrides`
    /// ([`crate::cli::Cli::overrides`]), the environment and config.toml.
    pub fn new(overrides: Overrides) -> anyhow::Result<Self> {
        let settings = Settings::resolve(overrides)?;
        let reporter = Arc::new(StderrReporter {
            lock_timeout: settings.lock_timeout,
            progress: std::sync::OnceLock::new(),
        });
        let notices = reporter.clone();
        crate::runner::aws::route_notices(move |line| notices.line(line));
        Ok(Self {
            settings,
            reporter,
            uncached: Default::default(),
            opened: Default::default(),
        })
    }

    /// The cache directory, opened (and checked) on first use only.
    pub fn cache(&self) -> Result<Cache, Error> {
        if let Some(cache) = self.opened.get() {
            return Ok(cache.clone());
        }
        let cache = Cache::open(&self.settings.cache_dir)?;
        Ok(self.opened.get_or_init(|| cache).clone())
    }

    pub fn broker(&self, args: &CredArgs) -> Result<Broker, Error> {
        let codes = crate::runner::mfa_code::Codes::new(
            self.settings.mfa_token.clone(),
            args.mfa_duration
                .map(|d| d.as_secs().min(i32::MAX as u64) as i32),
        );
        Ok(self
            .broker_on(args.force_refresh, self.sts())?
            .with_mfa(codes))
    }

    /// An STS client as the settings ask (built on the first call only).
    pub fn sts(&self) -> Sts {
        Sts::new(self.settings.sts_max_attempts, self.settings.sts_timeout)
    }

    /// A broker calling STS through `sts`.
    pub fn broker_on(&self, force_refresh: bool, sts: Sts) -> Result<Broker, Error> {
        let policy = Policy {
            refresh_window: self.settings.refresh_window,
            min_ttl: self.settings.min_ttl,
            parent_min_ttl: self.settings.parent_min_ttl(),
            lock_timeout: self.settings.lock_timeout,
            process_timeout: self.settings.process_timeout,
            force_refresh,
        };
        let cache = match self.cache() {
            Ok(_) if self.uncached.load(std::sync::atomic::Ordering::SeqCst) => {
                Cache::uncached(&self.settings.cache_dir)
            }
            Ok(cache) => cache,
            Err(e) => match e.unwritable_cache() {
                Some(reason) => {
                    self.go_uncached(&reason);
                    Cache::uncached(&self.settings.cache_dir)
                }
                None => return Err(e),
            },
        };
        let reporter: Arc<dyn Reporter> = self.reporter.clone();
        let keyrings = crate::runner::keyring::Keyrings::new(
            &self.settings.config_file,
            self.settings.process_timeout,
        );
        Ok(Broker::new(cache, policy, sts, reporter).with_keyrings(keyrings))
    }

    /// The AWS files' profiles, with the keyring's (`keys.toml`).
    pub fn profiles(&self) -> anyhow::Result<Profiles> {
        crate::profile::load(&self.keys_index())
    }

    /// Where the keyring index is: beside the settings file.
    pub fn keys_index(&self) -> std::path::PathBuf {
        crate::keyring::index::path(&self.settings.config_file)
    }

    /// The chain `args` asks for.
    pub fn chain(&self, profiles: &Profiles, args: &CredArgs) -> Result<Chain, Error> {
        self.chain_in(profiles, args, &EnvSnapshot::from_process())
    }

    /// The chain `args` asks for, in environment `env`.
    pub fn chain_in(
        &self,
        profiles: &Profiles,
        args: &CredArgs,
        env: &EnvSnapshot,
    ) -> Result<Chain, Error> {
        match (&args.role_arn, &args.source_profile) {
            (Some(role_arn), Some(source)) => {
                let role = AdHocRole {
                    role_arn: role_arn.clone(),
                    external_id: args.external_id.clone(),
                    duration_seconds: args
                        .duration
                        .map(|d| d.as_secs().min(i32::MAX as u64) as i32),
                    session_name: args.role_session_name.clone(),
                };
                chain::resolve_ad_hoc(profiles, source, &role, env)
            }
            _ => {
                let (name, chosen_by) = chosen_profile(args);
                chain::resolve(profiles, &name, env).map_err(|e| match e {
                    Error::ProfileNotFound {
                        profile,
                        files,
                        suggestions,
                        chosen_by: None,
                    } if profile == name => Error::ProfileNotFound {
                        profile,
                        files,
                        suggestions,
                        chosen_by,
                    },
                    other => other,
                })
            }
        }
    }

    /// Resolve `args` to credentials, refreshing through the cache protocol.
    /// A cache hit on an unchanged setup is served from the memo of the
    /// resolved chain (see [`crate::memo`]) without parsing the AWS files,
    /// and without a runtime.
    pub fn resolve(&self, args: &CredArgs) -> anyhow::Result<Resolved> {
        // Built on first use only: a hit through the memo builds it late,
        // and a profile that does not resolve needs none.
        let built = std::cell::OnceCell::new();
        let broker = || -> Result<&Broker, Error> {
            if built.get().is_none() {
                let _ = built.set(self.broker(args)?);
            }
            Ok(built.get().expect("set just above"))
        };
        let pending = match self.lookup(args, &broker)? {
            Lookup::Hit(resolved) => return Ok(resolved),
            Lookup::Refresh(pending) => pending,
        };
        let runtime = crate::runtime::runtime()?;
        let credentials = match runtime.block_on(broker()?.credentials(&pending.chain)) {
            Ok(creds) => creds,
            Err(e) => match self.without_cache(&e, args) {
                Some(uncached) => runtime.block_on(uncached?.credentials(&pending.chain))?,
                None => return Err(e.into()),
            },
        };
        Ok(self.remember(pending, credentials))
    }

    /// [`Context::resolve`] for a consumer that lives on a runtime and
    /// keeps one broker for its whole life (the credential server): the
    /// same steps, those that read or write files on the runtime's blocking
    /// pool, never on a worker, and the locked part on `shared`'s broker,
    /// so that concurrent requests share its single-flight.
    pub async fn resolve_shared(
        self: &Arc<Self>,
        shared: &Shared,
        args: &Arc<CredArgs>,
    ) -> anyhow::Result<Resolved> {
        let broker = shared.current();
        let looked = {
            let (ctx, broker, args) = (self.clone(), broker.clone(), args.clone());
            tokio::task::spawn_blocking(move || ctx.lookup(&args, &|| Ok(&*broker))).await??
        };
        let pending = match looked {
            Lookup::Hit(resolved) => return Ok(resolved),
            Lookup::Refresh(pending) => pending,
        };
        let credentials = match broker.credentials(&pending.chain).await {
            Ok(creds) => creds,
            Err(e) => match self.without_cache(&e, args) {
                Some(uncached) => {
                    let uncached = shared.replace(&broker, uncached?);
                    uncached.credentials(&pending.chain).await?
                }
                None => return Err(e.into()),
            },
        };
        let ctx = self.clone();
        Ok(tokio::task::spawn_blocking(move || ctx.remember(pending, credentials)).await?)
    }

    /// The steps of a request that need no runtime: the memo of resolved
    /// chains, or the AWS files; then the cache-hit path on `broker` (built
    /// when first needed). They read files: never call this on a runtime's
    /// worker.
    pub fn lookup<'b>(
        &self,
        args: &CredArgs,
        broker: &dyn Fn() -> Result<&'b Broker, Error>,
    ) -> anyhow::Result<Lookup> {
        let (config_file, credentials_file) = profile::default_paths();
        let env = EnvSnapshot::from_process();
        let adhoc = format!(
            "{:?}",
            (
                &args.role_arn,
                &args.source_profile,
                &args.external_id,
                args.duration,
                &args.role_session_name
            )
        );
        let memo_key = crate::memo::key(
            &adhoc,
            &profile_name(args),
            &env,
            &[&config_file, &credentials_file, &self.keys_index()],
        );
        if let Some(resolved) = memo_key
            .as_ref()
            .and_then(|k| self.hit_from_memo(k, broker))
        {
            return Ok(Lookup::Hit(resolved));
        }
        let profiles = self.profiles()?;
        let chain = self.chain_in(&profiles, args, &env)?;
        let named = args
            .source_profile
            .clone()
            .unwrap_or_else(|| profile_name(args));
        let region = region_to_set(&profiles, &named, &env);
        // The named profile's STS target, for consumers that call STS
        // themselves (eks-token signs for it); kept in the memo.
        let section = profiles.get(&named).cloned().unwrap_or_default();
        let sts = crate::link::sts_target(&profiles, &section, &section, &env).ok();
        let hit = broker()?.cached(&chain);
        let pending = Pending {
            chain,
            region,
            sts,
            memo_key,
        };
        match hit {
            Some(hit) => Ok(Lookup::Hit(self.remember(pending, hit?))),
            None => Ok(Lookup::Refresh(pending)),
        }
    }

    /// The end of a request: its resolved chain remembered for the next
    /// hit (a file written: never on a runtime's worker).
    pub fn remember(&self, pending: Pending, credentials: Credentials) -> Resolved {
        if let Some(key) = &pending.memo_key
            && let Some(bytes) = crate::memo::encode(
                key,
                &pending.chain,
                pending.region.as_deref(),
                pending.sts.as_ref(),
            )
            && !self.uncached.load(std::sync::atomic::Ordering::SeqCst)
            && let Ok(cache) = self.cache()
        {
            cache.write_memo(&key.slot, &bytes);
        }
        Resolved {
            chain: pending.chain,
            credentials,
            region: pending.region,
            sts: pending.sts,
        }
    }

    /// After `e` from the protocol: a broker without the cache when `e`
    /// says the cache cannot be written (which is said once), else `None`.
    fn without_cache(&self, e: &Error, args: &CredArgs) -> Option<Result<Broker, Error>> {
        let reason = e.unwritable_cache()?;
        self.go_uncached(&reason);
        Some(self.broker(args))
    }

    /// The credentials at the end of `chain`, by the cache protocol through
    /// the broker `broker` makes: a hit without a runtime, else a refresh;
    /// a cache that turns out unwritable is said once and done without.
    pub fn serve(
        &self,
        chain: &Chain,
        broker: impl Fn() -> Result<Broker, Error>,
    ) -> anyhow::Result<Credentials> {
        let first = broker()?;
        if let Some(hit) = first.cached(chain) {
            return Ok(hit?);
        }
        match crate::runtime::runtime()?.block_on(first.credentials(chain)) {
            Ok(creds) => Ok(creds),
            // A lock file or entry that cannot be written: again, without
            // the cache.
            Err(e) => match e.unwritable_cache() {
                Some(reason) if !self.uncached.load(std::sync::atomic::Ordering::SeqCst) => {
                    self.go_uncached(&reason);
                    let again = broker()?;
                    Ok(crate::runtime::runtime()?.block_on(again.credentials(chain))?)
                }
                _ => Err(e.into()),
            },
        }
    }

    /// A cache hit through the memo, or `None` for the full way.
    fn hit_from_memo<'b>(
        &self,
        key: &crate::memo::Key,
        broker: &dyn Fn() -> Result<&'b Broker, Error>,
    ) -> Option<Resolved> {
        let cache = self.cache().ok()?;
        let memo = crate::memo::decode(key, &cache.read_memo(&key.slot)?)?;
        match broker().ok()?.cached(&memo.chain)? {
            Ok(credentials) => Some(Resolved {
                chain: memo.chain,
                credentials,
                region: memo.region,
                sts: memo.sts,
            }),
            Err(_) => None,
        }
    }
}

/// A request after [`Context::lookup`].
pub enum Lookup {
    /// Served from the cache, or needing no call: done.
    Hit(Resolved),
    /// The protocol's locked part comes next: the broker's credentials for
    /// the chain, then [`Context::remember`].
    Refresh(Pending),
}

/// A request on its way through the broker.
pub struct Pending {
    chain: Chain,
    region: Option<String>,
    sts: Option<StsTarget>,
    memo_key: Option<crate::memo::Key>,
}

/// The one broker of a consumer that lives long (the credential server):
/// every request goes through it, so that concurrent requests for a link
/// share its in-process single-flight. It is replaced once, by a broker
/// without the cache, if the cache turns out unwritable.
pub struct Shared {
    current: std::sync::RwLock<Arc<Broker>>,
}

impl Shared {
    pub fn new(broker: Broker) -> Self {
        Self {
            current: std::sync::RwLock::new(Arc::new(broker)),
        }
    }

    fn current(&self) -> Arc<Broker> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Put `new` in place of `old` (unless another request already
    /// replaced it); the broker in place after.
    fn replace(&self, old: &Arc<Broker>, new: Broker) -> Arc<Broker> {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if Arc::ptr_eq(&current, old) {
            *current = Arc::new(new);
        }
        current.clone()
    }
}

impl Context {
    /// Say once that credentials are not cached, and why; from now on the
    /// brokers of this run work without the cache.
    fn go_uncached(&self, reason: &str) {
        if !self
            .uncached
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            self.reporter.warn(&format!(
                "credentials are not cached: {reason}; resolving without the cache \
                 (every run calls STS until the cache directory is writable)"
            ));
        }
    }
}

/// The region to give a consumer of `named`'s credentials: only the named
/// profile's own region (AWS_REGION is the region the user works in, which
/// a source profile's region says nothing about), and nothing when the
/// environment sets one, which wins as in the SDKs.
pub fn region_to_set(profiles: &Profiles, named: &str, env: &EnvSnapshot) -> Option<String> {
    match env.region {
        Some(_) => None,
        None => profiles.get(named).and_then(|p| p.get("region").cloned()),
    }
}

/// The profile named on the command line, else `$AWS_DEFAULT_PROFILE`, else
/// `$AWS_PROFILE`, else `default`. The AWS CLI (botocore) reads the two
/// variables in this order, so the first set one wins as it does there.
pub fn profile_name(args: &CredArgs) -> String {
    chosen_profile(args).0
}

/// The profile name, and the environment variable that gave it, if one did.
fn chosen_profile(args: &CredArgs) -> (String, Option<&'static str>) {
    choose_profile(args.profile.clone().or_else(|| args.profile_flag.clone()))
}

/// `named` (from the command line), else the variables, in [`profile_name`]'s
/// order; and the variable that gave it, if one did.
pub fn choose_profile(named: Option<String>) -> (String, Option<&'static str>) {
    let var = |name: &'static str| crate::settings::env_var(name).map(|p| (p, Some(name)));
    named
        .map(|p| (p, None))
        .or_else(|| var("AWS_DEFAULT_PROFILE"))
        .or_else(|| var("AWS_PROFILE"))
        .unwrap_or_else(|| ("default".to_string(), None))
}

/// Warnings and waiting notices on stderr, one line each; printed above
/// the progress bar when one is showing.
pub struct StderrReporter {
    lock_timeout: Duration,
    progress: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl StderrReporter {
    /// A progress bar for `total` items, drawn only when stderr is a
    /// terminal (never into a pipe or a log).
    pub fn progress(&self, total: u64) -> indicatif::ProgressBar {
        let bar = match crate::report::Stderr::is_terminal() {
            true => indicatif::ProgressBar::new(total).with_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .expect("a valid template"),
            ),
            false => indicatif::ProgressBar::hidden(),
        };
        self.progress.get_or_init(|| bar).clone()
    }

    fn line(&self, text: &str) {
        match self.progress.get() {
            Some(bar) => bar.suspend(|| crate::report::line(text)),
            None => crate::report::line(text),
        }
    }
}

impl WaitObserver for StderrReporter {
    fn waiting(&self, label: &str, holder: &str) {
        self.line(&format!(
            "waiting: {holder} is refreshing {label}; waiting up to {} (--lock-timeout)",
            crate::duration::format(self.lock_timeout)
        ));
    }
}

impl Reporter for StderrReporter {
    fn warn(&self, message: &str) {
        self.line(&format!("warning: {message}"));
    }
}
