//! `credbroker config`: the effective settings, as config.toml would say
//! them, each with where it came from (flag, environment variable,
//! config.toml line, default).

use super::Context;
use crate::duration::format;
use crate::error::Status;
use crate::settings::{Source, keys};

pub fn run(ctx: &Context) -> anyhow::Result<Status> {
    let s = &ctx.settings;
    let source = |key: &str| s.sources.get(key).cloned().unwrap_or(Source::Default);
    let exists = if s.config_file.exists() {
        ""
    } else {
        ", not present"
    };
    let mut text = format!(
        "# settings file: {} ({}{exists})\n",
        s.config_file.display(),
        source("config")
    );
    for (key, _, _) in keys() {
        let value = match key {
            "cache_dir" => toml_string(&s.cache_dir.display().to_string()),
            "refresh_window" => toml_string(&format(s.refresh_window)),
            "min_ttl" => toml_string(&format(s.min_ttl)),
            "lock_timeout" => toml_string(&format(s.lock_timeout)),
            "export_format" => toml_string(s.export_format.name()),
            "sts_max_attempts" => s.sts_max_attempts.to_string(),
            "sts_timeout" => toml_string(&format(s.sts_timeout)),
            "process_timeout" => toml_string(&format(s.process_timeout)),
            "keyring" => toml_string(s.keyring.name()),
            other => unreachable!("setting {other} has no display"),
        };
        text.push_str(&format!("{key} = {value}  # {}\n", source(key)));
    }
    crate::output::print_stdout(&text)?;
    Ok(Status::SUCCESS)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}
