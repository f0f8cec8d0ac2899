//! completions/ and man/ are generated from the CLI definition; a stale
//! committed copy fails here.

use crate::support::BIN;

#[test]
fn committed_completions_and_man_pages_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(BIN)
        .args(["generate-docs"])
        .arg(fresh.path())
        .status()
        .unwrap();
    assert!(status.success());
    for sub in ["completions", "man"] {
        let mut names: Vec<_> = std::fs::read_dir(fresh.path().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        let mut committed: Vec<_> = std::fs::read_dir(root.join(sub))
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        committed.sort();
        assert_eq!(
            names, committed,
            "{sub}/ differs: run `cargo run -- generate-docs .`"
        );
        for name in names {
            let want = std::fs::read(fresh.path().join(sub).join(&name)).unwrap();
            let have = std::fs::read(root.join(sub).join(&name)).unwrap();
            assert!(
                want == have,
                "{sub}/{name:?} is stale: run `cargo run -- generate-docs .`"
            );
        }
    }
}

/// The README's exit code table is error.rs's table, word for word (the
/// man pages' EXIT STATUS is generated from it, checked above).
#[test]
fn the_readme_exit_code_table_is_the_one_table() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split_once("\n## Exit codes\n")
        .expect("README has an `## Exit codes` section")
        .1;
    let table: String = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    let want = credbroker::error::ExitCode::markdown_table();
    assert!(
        table == want,
        "README.md's exit code table differs from src/error.rs; replace it with:\n\n{want}"
    );
}

/// The README's settings table is the one list in src/settings.rs (which
/// the man page's SETTINGS section is generated from too).
#[test]
fn the_readme_settings_table_is_the_one_list() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split_once("\n## Settings\n")
        .expect("README has a `## Settings` section")
        .1;
    let table: String = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    let want = credbroker::settings::markdown_table();
    assert!(
        table == want,
        "README.md's settings table differs from src/settings.rs; replace it with:\n\n{want}"
    );
    let man = include_str!("../../man/credbroker.1");
    for s in credbroker::settings::SETTINGS {
        let env = s.env.trim_matches('`').replace('-', "\\-");
        assert!(man.contains(&env), "credbroker.1 lacks {}", s.env);
    }
}

/// The README's list of variables left out of a nested credential_process's
/// identity is the list in src/link.rs, name for name.
#[test]
fn the_readme_lists_the_session_only_variables_of_link_rs() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("only describe a terminal or login session:")
        .expect("README lists the session-only variables");
    let end = start
        + readme[start..]
            .find(". So `TEAM=red`")
            .expect("the list ends");
    let mut listed: Vec<&str> = readme[start..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|name| {
            name.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    listed.sort_unstable();
    let mut want: Vec<&str> = credbroker::link::SESSION_ONLY_VARS.to_vec();
    want.sort_unstable();
    assert_eq!(listed, want, "README.md vs link::SESSION_ONLY_VARS");
}
