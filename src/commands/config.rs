//! `credbroker config`: the effective settings, as config.toml would say them.

use super::Context;
use crate::duration::format;

pub fn run(ctx: &Context) -> anyhow::Result<i32> {
    let s = &ctx.settings;
    let exists = if s.config_file.exists() {
        ""
    } else {
        " (not present)"
    };
    let text = format!(
        "# settings file: {}{exists}\n\
         cache_dir = {:?}\n\
         refresh_window = \"{}\"\n\
         min_ttl = \"{}\"\n\
         lock_timeout = \"{}\"\n\
         export_format = \"{}\"\n\
         sts_max_attempts = {}\n",
        s.config_file.display(),
        s.cache_dir.display().to_string(),
        format(s.refresh_window),
        format(s.min_ttl),
        format(s.lock_timeout),
        s.export_format.map_or("(from $SHELL)", |f| f.name()),
        s.sts_max_attempts,
    );
    crate::print_stdout(&text)?;
    Ok(0)
}
