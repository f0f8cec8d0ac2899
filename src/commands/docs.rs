//! Completions and man pages, generated from the clap definition.

use std::path::Path;

use anyhow::Context as _;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{ExitCode, Status};

pub fn completions(shell: Shell) -> anyhow::Result<Status> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "credbroker", &mut out);
    crate::output::print_stdout(&String::from_utf8_lossy(&out))?;
    Ok(Status::SUCCESS)
}

/// Write `dir/completions/*` and `dir/man/*.1`.
pub fn generate(dir: &Path) -> anyhow::Result<Status> {
    let completions = dir.join("completions");
    let man = dir.join("man");
    for d in [&completions, &man] {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        clap_complete::generate_to(shell, &mut Cli::command(), "credbroker", &completions)
            .with_context(|| format!("cannot write {shell} completions"))?;
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    man_pages(cmd, &man).context("cannot write man pages")?;
    Ok(Status::SUCCESS)
}

/// One page per command, as `clap_mangen::generate_to` writes them, with an
/// EXIT STATUS section (from [`ExitCode::TABLE`]) before VERSION.
fn man_pages(cmd: clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub.clone(), dir)?;
    }
    let page = clap_mangen::Man::new(cmd.clone());
    let mut out: Vec<u8> = Vec::new();
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        page.render_options_section(&mut out)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        page.render_subcommands_section(&mut out)?;
    }
    if cmd.get_after_long_help().is_some() || cmd.get_after_help().is_some() {
        page.render_extra_section(&mut out)?;
    }
    if cmd.get_name() == "credbroker" {
        out.extend_from_slice(settings_section().as_bytes());
    }
    out.extend_from_slice(exit_status_section().as_bytes());
    if cmd.get_version().is_some() || cmd.get_long_version().is_some() {
        page.render_version_section(&mut out)?;
    }
    // Each render_* call writes roff's two-line preamble: keep the first.
    let text = String::from_utf8_lossy(&out);
    let mut seen = std::collections::HashSet::new();
    let text: String = text
        .split_inclusive('\n')
        .filter(|line| {
            !line.starts_with(".ie \\n(.g .ds Aq") && !line.starts_with(".el .ds Aq")
                || seen.insert(line.to_string())
        })
        .collect();
    std::fs::write(dir.join(page.get_filename()), text)
}

/// Markdown to roff text: backticks dropped, backslashes and minus signs
/// escaped (no line of ours starts with `.` or `'`).
fn roff_text(markdown: &str) -> String {
    markdown
        .replace('`', "")
        .replace('\\', "\\e")
        .replace('-', "\\-")
}

/// `.SH SETTINGS`: every setting of [`crate::settings::SETTINGS`], so that
/// an installed binary documents them without the README.
fn settings_section() -> String {
    let mut roff = String::from(
        ".SH SETTINGS\nFlags override CREDBROKER_* environment variables, which override \
         config.toml (credbroker config prints its path), which overrides the defaults.\n",
    );
    for s in crate::settings::SETTINGS {
        let name = match s.key {
            "" => s.flag,
            key => key,
        };
        let flag = match s.flag_doc {
            "" => s.flag,
            doc => doc,
        };
        let names = [flag, s.env]
            .iter()
            .filter(|n| **n != name)
            .map(|n| roff_text(n))
            .collect::<Vec<_>>()
            .join(", ");
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR ({names}; default: {})\n{}\n",
            roff_text(name),
            roff_text(s.default),
            roff_text(s.meaning)
        ));
    }
    roff
}

/// `.SH "EXIT STATUS"` with one tagged paragraph per code of
/// [`ExitCode::TABLE`], then the codes passed through.
fn exit_status_section() -> String {
    let mut roff = String::from(".SH \"EXIT STATUS\"\n");
    let rows = ExitCode::TABLE
        .iter()
        .map(|(code, _, meaning)| ((*code as i32).to_string(), *meaning))
        .chain(std::iter::once(("N".to_string(), ExitCode::PASSED_THROUGH)));
    for (code, meaning) in rows {
        let meaning = roff_text(meaning);
        roff.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
    }
    roff
}
