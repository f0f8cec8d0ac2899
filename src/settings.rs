//! Settings and their precedence: flags, then `CREDBROKER_*` environment
//! variables, then `config.toml`, then defaults. This module is the one
//! resolver: clap only parses flags; the environment and the file are read
//! here, so that every value knows where it came from (`credbroker config`)
//! and a bad one is reported under its own name.
//!
//! Every setting is documented once, here ([`SETTINGS`]); the README's
//! table and the man page's SETTINGS section are generated from it.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;
use crate::keyring_backend::Backend;
use crate::secret::Secret;
use crate::shell_format::ShellFormat;

pub const DEFAULT_REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);
pub const DEFAULT_MIN_TTL: Duration = Duration::from_secs(5 * 60);
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5 * 60);
pub const DEFAULT_STS_MAX_ATTEMPTS: u32 = 3;
pub const DEFAULT_STS_TIMEOUT: Duration = Duration::from_secs(30);
/// Long enough to approve a password manager's prompt, and shorter than
/// [`DEFAULT_LOCK_TIMEOUT`], so that the processes waiting on the lock of a
/// hung helper's link learn its timeout instead of timing out on the lock.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(2 * 60);

/// The variable that gives an MFA code, like `--mfa-token`. Good for one
/// call: never handed on to a process credbroker runs.
pub const MFA_TOKEN_VAR: &str = "CREDBROKER_MFA_TOKEN";

/// The variables removed from every process credbroker runs: `exec`'s
/// command, `batch -- CMD`'s commands, and helpers (`mfa_process`, a nested
/// `credential_process`). A code given for this run is good for one call,
/// so a credbroker started by the child must not send it again; the
/// encrypted keyring file's passphrase is this run's, not the child's. (A command
/// given credentials also loses what would shadow them: see
/// `output::env_vars`.)
pub const CHILD_ENV_REMOVE: &[&str] = &[MFA_TOKEN_VAR, crate::keyring_backend::PASSPHRASE_VAR];

/// One setting, as documented: its config.toml key (empty when it has
/// none), flag, environment variable, default and meaning, in Markdown.
pub struct Setting {
    pub key: &'static str,
    pub flag: &'static str,
    /// The flag column's Markdown when it says more than `` `flag` ``
    /// (where the flag is taken); empty otherwise.
    pub flag_doc: &'static str,
    pub env: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Every setting, documented once: the README's settings table and the
/// man page's SETTINGS section are generated from here (a test compares
/// the README's), `credbroker config` lists the ones with a key.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "cache_dir",
        flag: "--cache-dir",
        flag_doc: "",
        env: "CREDBROKER_CACHE_DIR",
        default: "`~/.cache/credbroker` (platform cache dir)",
        meaning: "where entries and locks live",
    },
    Setting {
        key: "refresh_window",
        flag: "--refresh-window",
        flag_doc: "",
        env: "CREDBROKER_REFRESH_WINDOW",
        default: "`15m`",
        meaning: "refresh when less than this remains (at most half a session's life)",
    },
    Setting {
        key: "min_ttl",
        flag: "--min-ttl",
        flag_doc: "",
        env: "CREDBROKER_MIN_TTL",
        default: "`5m`",
        meaning: "never serve the requested credentials with less left; the links below them (and an SSO sign-in token), which only sign the next call, keep at most `5m`",
    },
    Setting {
        key: "lock_timeout",
        flag: "--lock-timeout",
        flag_doc: "",
        env: "CREDBROKER_LOCK_TIMEOUT",
        default: "`5m`",
        meaning: "how long to wait for another process's refresh",
    },
    Setting {
        key: "export_format",
        flag: "--format",
        flag_doc: "`export --format`, `serve --format`",
        env: "CREDBROKER_EXPORT_FORMAT",
        default: "from `$SHELL`, else `sh`",
        meaning: "default format of `export`, and of the variables `serve` prints",
    },
    Setting {
        key: "sts_max_attempts",
        flag: "--sts-max-attempts",
        flag_doc: "",
        env: "CREDBROKER_STS_MAX_ATTEMPTS",
        default: "`3`",
        meaning: "attempts per AWS call, for every endpoint (STS, the SSO portal, SSO OIDC; SDK standard retry, jittered backoff; the console's sign-in endpoint: the same attempts, 0.5 s then doubling between them); never retried: a call that sends an MFA code, a refresh token or an authorization code, which work once",
    },
    Setting {
        key: "sts_timeout",
        flag: "--sts-timeout",
        flag_doc: "",
        env: "CREDBROKER_STS_TIMEOUT",
        default: "`30s`",
        meaning: "deadline of one AWS call (and of an IMDS or container credentials answer), all attempts included; a notice on stderr after 2 s",
    },
    Setting {
        key: "process_timeout",
        flag: "--process-timeout",
        flag_doc: "",
        env: "CREDBROKER_PROCESS_TIMEOUT",
        default: "`2m`",
        meaning: "deadline of a helper process (`mfa_process`, a nested `credential_process`): a notice on stderr after 2 s naming it, then its whole process group is killed (exit 7); also of a keyring call, typing the file's passphrase included (exit 3). Keep it below `lock_timeout`, so that waiting processes learn the timeout instead of timing out on the lock",
    },
    Setting {
        key: "keyring",
        flag: "--keyring",
        flag_doc: "",
        env: "CREDBROKER_KEYRING",
        default: "`keychain` on macOS; on Linux `secret-service` when there is a D-Bus session bus, else `file`",
        meaning: "where `keys add` and `keys import` put long-term keys, and which backend `keys list` and `keys remove` use: `secret-service`, `keychain`, `file` (encrypted, passphrase from `CREDBROKER_KEYRING_PASSPHRASE` or the terminal) or `none`. A profile's keys are read from the backend they were stored in, only on a cache miss",
    },
    Setting {
        key: "",
        flag: "--mfa-token",
        flag_doc: "`--mfa-token` (`credential-process`, `export`, `exec`, `console`)",
        env: "CREDBROKER_MFA_TOKEN",
        default: "—",
        meaning: "an MFA code, good for one STS call (never in config.toml; see MFA above)",
    },
    Setting {
        key: "",
        flag: "--config",
        flag_doc: "",
        env: "CREDBROKER_CONFIG",
        default: "see above",
        meaning: "the settings file itself",
    },
];

/// The settings config.toml can hold: key, flag, environment variable.
pub fn keys() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SETTINGS
        .iter()
        .filter(|s| !s.key.is_empty())
        .map(|s| (s.key, s.flag, s.env))
}

/// The README's settings table, from [`SETTINGS`].
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| config.toml key | flag | environment | default | meaning |\n|---|---|---|---|---|\n",
    );
    for s in SETTINGS {
        let key = match s.key {
            "" => "—".to_string(),
            key => format!("`{key}`"),
        };
        let flag = match s.flag_doc {
            "" => format!("`{}`", s.flag),
            doc => doc.to_string(),
        };
        out.push_str(&format!(
            "| {key} | {flag} | `{}` | {} | {} |\n",
            s.env, s.default, s.meaning
        ));
    }
    out
}

/// The variable that names the settings file.
pub const CONFIG_VAR: &str = "CREDBROKER_CONFIG";

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    /// config.toml, at this line.
    File(PathBuf, usize),
    Default,
    /// A default taken from elsewhere: `$SHELL (/bin/zsh)`.
    DefaultFrom(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "environment variable {var}"),
            Source::File(path, line) => write!(f, "{} line {line}", path.display()),
            Source::Default => write!(f, "default"),
            Source::DefaultFrom(from) => write!(f, "default: from {from}"),
        }
    }
}

/// The effective settings of one run.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config_file: PathBuf,
    pub cache_dir: PathBuf,
    pub refresh_window: Duration,
    pub min_ttl: Duration,
    pub lock_timeout: Duration,
    /// `export`'s format: the flag, the variable, config.toml, else from
    /// `$SHELL` (else `sh`).
    pub export_format: ShellFormat,
    pub sts_max_attempts: u32,
    pub sts_timeout: Duration,
    pub process_timeout: Duration,
    /// Where `keys` commands store and look for long-term keys.
    pub keyring: Backend,
    /// An MFA code given for this run (`--mfa-token`, else
    /// [`MFA_TOKEN_VAR`]; never in config.toml): good for one call.
    pub mfa_token: Option<Secret>,
    /// Where each value came from, by config.toml key (and `config` for the
    /// settings file itself, `mfa_token` for the code).
    pub sources: BTreeMap<&'static str, Source>,
}

impl Settings {
    /// The floor of the links below the requested one, which only sign the
    /// next call: `min_ttl`, but never above its default. A raised floor is
    /// for the credentials asked for; raised for a role chain's links it
    /// would refresh them on every call (chained sessions last at most 1h).
    pub fn parent_min_ttl(&self) -> Duration {
        self.min_ttl.min(DEFAULT_MIN_TTL)
    }
}

/// What flags gave (`None`: not given).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    pub refresh_window: Option<Duration>,
    pub min_ttl: Option<Duration>,
    pub lock_timeout: Option<Duration>,
    pub export_format: Option<ShellFormat>,
    pub sts_max_attempts: Option<u32>,
    pub sts_timeout: Option<Duration>,
    pub process_timeout: Option<Duration>,
    pub keyring: Option<Backend>,
    pub mfa_token: Option<Secret>,
}

/// A duration in config.toml: `"15m"` or a number of seconds.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FileDuration {
    Secs(u64),
    Text(String),
}

/// `config.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    cache_dir: Option<PathBuf>,
    refresh_window: Option<FileDuration>,
    min_ttl: Option<FileDuration>,
    lock_timeout: Option<FileDuration>,
    export_format: Option<String>,
    sts_max_attempts: Option<u32>,
    sts_timeout: Option<FileDuration>,
    process_timeout: Option<FileDuration>,
    keyring: Option<String>,
}

/// `<platform config dir>/credbroker/config.toml`.
pub fn default_config_file() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("credbroker")
        .join("config.toml")
}

/// `<platform cache dir>/credbroker`.
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("credbroker")
}

fn key_info(key: &str) -> (&'static str, &'static str, &'static str) {
    keys()
        .find(|(k, _, _)| *k == key)
        .expect("every setting is in SETTINGS")
}

/// One layer after the other for one key.
struct Layers<'a> {
    env: &'a dyn Fn(&str) -> Option<OsString>,
    file_path: &'a Path,
    file_text: &'a str,
    sources: BTreeMap<&'static str, Source>,
}

impl Layers<'_> {
    /// The value of `key`: the flag, else the variable (parsed by `parse`,
    /// an error under the variable's name), else the file's (converted by
    /// `from_file`), else `default`.
    fn pick<T, F>(
        &mut self,
        key: &str,
        flag: Option<T>,
        parse: impl Fn(&str) -> Result<T, String>,
        file: Option<F>,
        from_file: impl Fn(F) -> Result<T, String>,
        default: T,
    ) -> Result<T, Error> {
        let (key, flag_name, var) = key_info(key);
        if let Some(v) = flag {
            self.sources.insert(key, Source::Flag(flag_name));
            return Ok(v);
        }
        if let Some(raw) = (self.env)(var).filter(|v| !v.is_empty()) {
            let bad = |message: String| Error::Setting {
                name: var.into(),
                origin: "the environment".into(),
                message,
            };
            let text = raw
                .into_string()
                .map_err(|_| bad("the value is not UTF-8".into()))?;
            let value = parse(&text).map_err(bad)?;
            self.sources.insert(key, Source::Env(var));
            return Ok(value);
        }
        if let Some(v) = file {
            let line = key_line(self.file_text, key);
            let value = from_file(v).map_err(|message| Error::Setting {
                name: key.into(),
                origin: format!("{} line {line}", self.file_path.display()),
                message,
            })?;
            self.sources
                .insert(key, Source::File(self.file_path.to_path_buf(), line));
            return Ok(value);
        }
        self.sources.insert(key, Source::Default);
        Ok(default)
    }
}

fn file_duration(v: FileDuration) -> Result<Duration, String> {
    match v {
        FileDuration::Secs(n) => crate::duration::bounded(Duration::from_secs(n)),
        FileDuration::Text(t) => crate::duration::parse(&t),
    }
}

fn shell_format(name: &str) -> Result<ShellFormat, String> {
    ShellFormat::from_name(name).ok_or_else(|| {
        format!(
            "unknown format {}; one of {}",
            crate::error::quote(name),
            ShellFormat::ALL.map(ShellFormat::name).join(", ")
        )
    })
}

fn count(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{} is not a whole number", crate::error::quote(text)))
}

/// The one place the process environment is read (`clippy.toml` bans
/// `std::env::var*` elsewhere): [`Settings::resolve`] reads `CREDBROKER_*`
/// here, `link::EnvSnapshot` captures resolution's inputs from
/// here, and the few other readers (`SHELL`, `USER`, `BROWSER`, ...) name
/// their variable here too, so a grep for `env_var` finds every input.
#[allow(
    clippy::disallowed_methods,
    reason = "the one reader of the process environment"
)]
pub fn env_var_os(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// Every variable of the environment, as a child process would inherit it.
#[allow(
    clippy::disallowed_methods,
    reason = "the one reader of the environment"
)]
pub fn env_vars_os() -> impl Iterator<Item = (OsString, OsString)> {
    std::env::vars_os()
}

/// A variable's value, when it is set, non-empty and UTF-8.
pub fn env_var(name: &str) -> Option<String> {
    env_var_os(name)
        .and_then(|v| v.into_string().ok())
        .filter(|v| !v.is_empty())
}

impl Settings {
    /// Resolve from the process environment.
    pub fn resolve(overrides: Overrides) -> Result<Self, Error> {
        Self::resolve_with(overrides, &env_var_os)
    }

    pub fn resolve_with(
        overrides: Overrides,
        env: &dyn Fn(&str) -> Option<OsString>,
    ) -> Result<Self, Error> {
        let mut sources = BTreeMap::new();
        let config_file = match (
            overrides.config_file.clone(),
            env(CONFIG_VAR).filter(|v| !v.is_empty()),
        ) {
            (Some(path), _) => {
                sources.insert("config", Source::Flag("--config"));
                path
            }
            (None, Some(path)) => {
                sources.insert("config", Source::Env(CONFIG_VAR));
                PathBuf::from(path)
            }
            (None, None) => {
                sources.insert("config", Source::Default);
                default_config_file()
            }
        };
        let text = read_text(&config_file)?;
        Self::resolve_text(overrides, env, config_file, &text, sources)
    }

    /// The settings a `config.toml` of `text` at `path` (named in messages)
    /// gives, without flags or environment: the file's parse and each of
    /// its values checked, as [`Settings::resolve`] does.
    pub fn from_file_text(path: &Path, text: &str) -> Result<Self, Error> {
        let sources = BTreeMap::from([("config", Source::Default)]);
        Self::resolve_text(
            Overrides::default(),
            &|_| None,
            path.to_path_buf(),
            text,
            sources,
        )
    }

    /// Resolve with `text` as the settings file's content.
    fn resolve_text(
        overrides: Overrides,
        env: &dyn Fn(&str) -> Option<OsString>,
        config_file: PathBuf,
        text: &str,
        sources: BTreeMap<&'static str, Source>,
    ) -> Result<Self, Error> {
        let file = parse_file(&config_file, text)?;
        let mut layers = Layers {
            env,
            file_path: &config_file,
            file_text: text,
            sources,
        };
        let duration = crate::duration::parse;
        let cache_dir = layers.pick(
            "cache_dir",
            overrides.cache_dir,
            |t| Ok(PathBuf::from(t)),
            file.cache_dir,
            Ok,
            default_cache_dir(),
        )?;
        let refresh_window = layers.pick(
            "refresh_window",
            overrides.refresh_window,
            duration,
            file.refresh_window,
            file_duration,
            DEFAULT_REFRESH_WINDOW,
        )?;
        let min_ttl = layers.pick(
            "min_ttl",
            overrides.min_ttl,
            duration,
            file.min_ttl,
            file_duration,
            DEFAULT_MIN_TTL,
        )?;
        let lock_timeout = layers.pick(
            "lock_timeout",
            overrides.lock_timeout,
            duration,
            file.lock_timeout,
            file_duration,
            DEFAULT_LOCK_TIMEOUT,
        )?;
        let export_format = layers.pick(
            "export_format",
            overrides.export_format.map(Some),
            |t| shell_format(t).map(Some),
            file.export_format,
            |t| shell_format(&t).map(Some),
            None,
        )?;
        let export_format = export_format.unwrap_or_else(|| {
            let shell = env("SHELL")
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty());
            let from = format!("$SHELL ({})", shell.as_deref().unwrap_or("unset"));
            layers
                .sources
                .insert("export_format", Source::DefaultFrom(from));
            ShellFormat::from_shell_path(shell.as_deref().unwrap_or_default())
        });
        let sts_max_attempts = layers.pick(
            "sts_max_attempts",
            overrides.sts_max_attempts,
            count,
            file.sts_max_attempts,
            Ok,
            DEFAULT_STS_MAX_ATTEMPTS,
        )?;
        let sts_timeout = layers.pick(
            "sts_timeout",
            overrides.sts_timeout,
            duration,
            file.sts_timeout,
            file_duration,
            DEFAULT_STS_TIMEOUT,
        )?;
        let process_timeout = layers.pick(
            "process_timeout",
            overrides.process_timeout,
            duration,
            file.process_timeout,
            file_duration,
            DEFAULT_PROCESS_TIMEOUT,
        )?;
        let keyring = layers.pick(
            "keyring",
            overrides.keyring.map(Some),
            |t| Backend::parse(t).map(Some),
            file.keyring,
            |t| Backend::parse(&t).map(Some),
            None,
        )?;
        let keyring = keyring.unwrap_or_else(|| {
            let (backend, from) = Backend::platform_default(env);
            layers.sources.insert("keyring", Source::DefaultFrom(from));
            backend
        });
        let mfa_token = mfa_token(overrides.mfa_token, env, &mut layers.sources)?;
        let sources = layers.sources;
        Ok(Settings {
            config_file,
            cache_dir,
            refresh_window,
            min_ttl,
            lock_timeout,
            export_format,
            sts_max_attempts,
            sts_timeout,
            process_timeout,
            keyring,
            mfa_token,
            sources,
        })
    }
}

/// The MFA code given for this run: the flag, else the variable (trimmed;
/// empty is unset). No config.toml key: a code in a file is no code.
fn mfa_token(
    flag: Option<Secret>,
    env: &dyn Fn(&str) -> Option<OsString>,
    sources: &mut BTreeMap<&'static str, Source>,
) -> Result<Option<Secret>, Error> {
    if let Some(code) = flag {
        sources.insert("mfa_token", Source::Flag("--mfa-token"));
        return Ok(Some(code));
    }
    let Some(raw) = env(MFA_TOKEN_VAR) else {
        return Ok(None);
    };
    let text = raw.into_string().map_err(|_| Error::Setting {
        name: MFA_TOKEN_VAR.into(),
        origin: "the environment".into(),
        message: "the value is not UTF-8".into(),
    })?;
    match text.trim() {
        "" => Ok(None),
        code => {
            sources.insert("mfa_token", Source::Env(MFA_TOKEN_VAR));
            Ok(Some(Secret::new(code)))
        }
    }
}

fn read_text(path: &Path) -> Result<String, Error> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(Error::Setting {
            name: "config.toml".into(),
            origin: path.display().to_string(),
            message: e.to_string(),
        }),
    }
}

fn parse_file(path: &Path, text: &str) -> Result<FileSettings, Error> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let origin = match line {
            Some(line) => format!("{} line {line}", path.display()),
            None => path.display().to_string(),
        };
        // toml's message may quote the file: bounded, and inert.
        let message = crate::error::excerpt(e.message().trim(), 300);
        // serde names an unknown key `unknown field `x``: say it plainly.
        let name = e
            .message()
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .map_or_else(
                || "config.toml".to_string(),
                |key| crate::error::excerpt(key, crate::error::QUOTE_MAX),
            );
        Error::Setting {
            name,
            origin,
            message,
        }
    })
}

/// The line where `key` is set in config.toml text (1 if not found, which
/// only happens with exotic TOML such as dotted keys).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(flags: Overrides, env: &[(&str, &str)], file: &str) -> Result<Settings, Error> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, file).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain([(CONFIG_VAR.to_string(), path.display().to_string())])
            .collect();
        Settings::resolve_with(flags, &|name| {
            env.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn flags_then_env_then_file_then_default() {
        let s = resolve(
            Overrides {
                lock_timeout: Some(Duration::from_secs(7)),
                ..Overrides::default()
            },
            &[
                ("CREDBROKER_MIN_TTL", "1h"),
                ("CREDBROKER_LOCK_TIMEOUT", "9s"),
            ],
            "# settings\nmin_ttl = \"2m\"\n  refresh_window = 900\nsts_max_attempts = 5\n",
        )
        .unwrap();
        assert_eq!(s.lock_timeout, Duration::from_secs(7));
        assert_eq!(s.sources["lock_timeout"], Source::Flag("--lock-timeout"));
        assert_eq!(s.min_ttl, Duration::from_secs(3600));
        assert_eq!(s.sources["min_ttl"], Source::Env("CREDBROKER_MIN_TTL"));
        assert_eq!(s.refresh_window, Duration::from_secs(900));
        assert!(matches!(s.sources["refresh_window"], Source::File(_, 3)));
        assert!(matches!(s.sources["sts_max_attempts"], Source::File(_, 4)));
        assert_eq!(s.sts_timeout, DEFAULT_STS_TIMEOUT);
        assert_eq!(s.sources["sts_timeout"], Source::Default);
        assert_eq!(s.process_timeout, DEFAULT_PROCESS_TIMEOUT);
        assert!(DEFAULT_PROCESS_TIMEOUT < DEFAULT_LOCK_TIMEOUT);
        assert_eq!(s.sources["config"], Source::Env(CONFIG_VAR));
    }

    #[test]
    fn bad_values_are_named_where_they_were_set() {
        let err = resolve(Overrides::default(), &[("CREDBROKER_MIN_TTL", "soon")], "").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid setting `CREDBROKER_MIN_TTL` from the environment: "),
            "{err}"
        );
        let err = resolve(Overrides::default(), &[], "min_ttl = \"1h\"\ncolour = 3\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("invalid setting `colour` from "), "{text}");
        assert!(
            text.contains("config.toml line 2: unknown field `colour`"),
            "{text}"
        );
        let err = resolve(Overrides::default(), &[], "\n\nmin_ttl = \"soon\"\n").unwrap_err();
        assert!(err.to_string().contains("config.toml line 3: "), "{err}");
    }

    /// The export format's whole precedence lives here: the flag, the
    /// variable, config.toml, then `$SHELL`, then `sh`.
    #[test]
    fn the_export_format_down_to_the_shell() {
        let format = |flag: Option<ShellFormat>, env: &[(&str, &str)], file: &str| {
            let s = resolve(
                Overrides {
                    export_format: flag,
                    ..Overrides::default()
                },
                env,
                file,
            )
            .unwrap();
            (s.export_format, s.sources["export_format"].to_string())
        };
        let fish = [
            ("SHELL", "/usr/bin/fish"),
            ("CREDBROKER_EXPORT_FORMAT", "nu"),
        ];
        assert_eq!(
            format(Some(ShellFormat::Json), &fish, "export_format = \"zsh\"\n"),
            (ShellFormat::Json, "flag --format".into())
        );
        assert_eq!(
            format(None, &fish, "export_format = \"zsh\"\n").0,
            ShellFormat::Nu
        );
        assert_eq!(
            format(None, &fish[..1], "export_format = \"zsh\"\n").0,
            ShellFormat::Zsh
        );
        assert_eq!(
            format(None, &fish[..1], ""),
            (
                ShellFormat::Fish,
                "default: from $SHELL (/usr/bin/fish)".into()
            )
        );
        assert_eq!(
            format(None, &[], ""),
            (ShellFormat::Sh, "default: from $SHELL (unset)".into())
        );
    }

    /// The MFA code is a setting like the others: the flag, else the
    /// variable; never printed.
    #[test]
    fn the_mfa_code_is_resolved_here() {
        let s = resolve(Overrides::default(), &[(MFA_TOKEN_VAR, " 123456 ")], "").unwrap();
        assert_eq!(s.mfa_token.as_ref().map(Secret::expose), Some("123456"));
        assert_eq!(s.sources["mfa_token"], Source::Env(MFA_TOKEN_VAR));
        assert!(!format!("{s:?}").contains("123456"));
        let s = resolve(
            Overrides {
                mfa_token: Some(Secret::new("654321")),
                ..Overrides::default()
            },
            &[(MFA_TOKEN_VAR, "123456")],
            "",
        )
        .unwrap();
        assert_eq!(s.mfa_token.as_ref().map(Secret::expose), Some("654321"));
        let s = resolve(Overrides::default(), &[(MFA_TOKEN_VAR, "  ")], "").unwrap();
        assert!(s.mfa_token.is_none());
    }
}
