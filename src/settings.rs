//! Settings and their precedence: flags, then `CREDBROKER_*` environment
//! variables (both handled by clap), then `config.toml`, then defaults.
//!
//! Every setting is documented once, here and in the README's table.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;
use crate::output::shell::ShellFormat;

pub const DEFAULT_REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);
pub const DEFAULT_MIN_TTL: Duration = Duration::from_secs(5 * 60);
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5 * 60);
pub const DEFAULT_STS_MAX_ATTEMPTS: u32 = 3;
pub const DEFAULT_STS_TIMEOUT: Duration = Duration::from_secs(30);

/// The effective settings of one run.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config_file: PathBuf,
    pub cache_dir: PathBuf,
    pub refresh_window: Duration,
    pub min_ttl: Duration,
    pub lock_timeout: Duration,
    pub export_format: Option<ShellFormat>,
    pub sts_max_attempts: u32,
    pub sts_timeout: Duration,
}

/// What flags and environment variables gave (`None`: not given).
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
}

/// `config.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    cache_dir: Option<PathBuf>,
    refresh_window: Option<String>,
    min_ttl: Option<String>,
    lock_timeout: Option<String>,
    export_format: Option<String>,
    sts_max_attempts: Option<u32>,
    sts_timeout: Option<String>,
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

impl Settings {
    pub fn resolve(overrides: Overrides) -> Result<Self, Error> {
        let config_file = overrides
            .config_file
            .clone()
            .unwrap_or_else(default_config_file);
        let file = read_file(&config_file)?;
        let origin = config_file.display().to_string();
        let duration = |name: &str, value: &Option<String>| -> Result<Option<Duration>, Error> {
            value
                .as_deref()
                .map(|v| {
                    crate::duration::parse(v).map_err(|message| Error::Setting {
                        name: name.into(),
                        origin: origin.clone(),
                        message,
                    })
                })
                .transpose()
        };
        let export_format = match (&overrides.export_format, &file.export_format) {
            (Some(f), _) => Some(*f),
            (None, Some(name)) => {
                Some(ShellFormat::from_name(name).ok_or_else(|| Error::Setting {
                    name: "export_format".into(),
                    origin: origin.clone(),
                    message: format!("unknown format `{name}`"),
                })?)
            }
            (None, None) => None,
        };
        Ok(Settings {
            cache_dir: overrides
                .cache_dir
                .or(file.cache_dir.clone())
                .unwrap_or_else(default_cache_dir),
            refresh_window: overrides
                .refresh_window
                .or(duration("refresh_window", &file.refresh_window)?)
                .unwrap_or(DEFAULT_REFRESH_WINDOW),
            min_ttl: overrides
                .min_ttl
                .or(duration("min_ttl", &file.min_ttl)?)
                .unwrap_or(DEFAULT_MIN_TTL),
            lock_timeout: overrides
                .lock_timeout
                .or(duration("lock_timeout", &file.lock_timeout)?)
                .unwrap_or(DEFAULT_LOCK_TIMEOUT),
            export_format,
            sts_max_attempts: overrides
                .sts_max_attempts
                .or(file.sts_max_attempts)
                .unwrap_or(DEFAULT_STS_MAX_ATTEMPTS),
            sts_timeout: overrides
                .sts_timeout
                .or(duration("sts_timeout", &file.sts_timeout)?)
                .unwrap_or(DEFAULT_STS_TIMEOUT),
            config_file,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileSettings::default()),
        Err(e) => {
            return Err(Error::Setting {
                name: "config.toml".into(),
                origin: path.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    toml::from_str(&text).map_err(|e| Error::Setting {
        name: "config.toml".into(),
        origin: path.display().to_string(),
        message: e.message().to_string(),
    })
}
