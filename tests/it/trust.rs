//! Issue 14, "trust at the edges": inputs that must give a clear error or a
//! cache miss, never a panic, a wrong answer or another identity.

use crate::support::*;

/// An entry whose numbers no real answer has (an expiration of i64::MIN or
/// i64::MAX, an issue time after the expiry) is a corrupt entry: a miss
/// with a warning, and rewritten. Before, i64::MAX overflowed `e - now` and
/// a release build served the entry as fresh.
#[test]
fn an_entry_with_absurd_numbers_is_a_miss_and_is_rewritten() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).assert_code(0);
    assert_eq!(ctx.assume_role_calls(), 2);
    type Corrupt = fn(&mut serde_json::Value);
    let cases: &[(&str, Corrupt)] = &[
        ("i64::MAX", |c| c["expiration"] = i64::MAX.into()),
        ("i64::MIN", |c| c["expiration"] = i64::MIN.into()),
        ("issued after expiry", |c| {
            let e = c["expiration"].as_i64().unwrap();
            c["issued_at"] = (e + 10).into();
        }),
        ("a NUL in the key id", |c| {
            c["access_key_id"] = "ASIA\u{0}X".into()
        }),
    ];
    for (n, (case, corrupt)) in cases.iter().enumerate() {
        let (name, mut entry) = ctx.entry_of("prod");
        corrupt(&mut entry["credentials"]);
        std::fs::write(ctx.cache_dir().join(&name), entry.to_string()).unwrap();
        let run = ctx.run(&["credential-process", "prod"]);
        run.assert_code(0)
            .assert_stderr_has("ignoring the cache entry of prod");
        assert!(!run.stderr.contains("hit a bug"), "{case}: {run:?}");
        assert_eq!(
            ctx.assume_role_calls(),
            3 + n as u64,
            "{case}: refreshed once"
        );
        let (_, rewritten) = ctx.entry_of("prod");
        let e = rewritten["credentials"]["expiration"].as_i64().unwrap();
        assert!(e > now() && e < now() + 86_400, "{case}: rewritten");
    }
}

/// A NUL or another control character in what a source answers is refused
/// before it is cached or printed (before: `exec` failed with a misleading
/// 126 and `export` tripped a debug assertion).
#[test]
fn a_control_character_in_an_answer_is_refused() {
    let ctx = Ctx::new();
    let helper = ctx.path("creds.sh");
    std::fs::write(
        &helper,
        "#!/bin/sh\nprintf '{\"Version\":1,\"AccessKeyId\":\"AKID\\\\u0000X\",\"SecretAccessKey\":\"s\"}'\n",
    )
    .unwrap();
    std::fs::set_permissions(&helper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    ctx.config(&format!(
        "[profile proc]\ncredential_process = {}\n",
        helper.display()
    ));
    for args in [
        &["credential-process", "proc"][..],
        &["export", "proc"],
        &["exec", "proc", "--", "true"],
    ] {
        let run = ctx.run(args);
        run.assert_stderr_has("control character");
        assert_eq!(run.code, 6, "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: nothing printed");
    }
}

/// `list` with a profile name longer than a format width may be (65,536
/// characters) prints it; before, "hit a bug at src/commands/list.rs".
#[test]
fn list_survives_a_very_long_profile_name() {
    let ctx = Ctx::new();
    let name = "p".repeat(65_536);
    ctx.config(&format!(
        "[profile {name}]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    ));
    let run = ctx.run(&["list"]);
    run.assert_code(0);
    assert!(run.stdout.contains(&name));
    assert!(!run.stderr.contains("hit a bug"), "{run:?}");
}

/// A batch glob that matches nothing is bad input (exit 2, naming the
/// pattern), not a profile to look up; before: exit 3, "batch: 1 targets".
#[test]
fn a_batch_glob_matching_nothing_is_exit_2() {
    let ctx = Ctx::with_chain();
    let run = ctx.run(&["batch", "zz-*"]);
    run.assert_code(2)
        .assert_stderr_has("pattern `zz-*`")
        .assert_stderr_has("matches no profile");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_eq!(ctx.assume_role_calls(), 0);
}

/// A typo in `source_profile` gets a did-you-mean, as a typo in `--profile`
/// does.
#[test]
fn a_source_profile_typo_gets_a_did_you_mean() {
    let ctx = Ctx::new();
    ctx.config(
        "[profile base]\naws_access_key_id = AKID\naws_secret_access_key = s\n\
         [profile app]\nrole_arn = arn:aws:iam::111111111111:role/app\nsource_profile = bsae\n",
    );
    ctx.run(&["credential-process", "app"])
        .assert_code(3)
        .assert_stderr_has("did you mean `base`?");
}

/// A helper that prints credentials whose key id says where it ran (its
/// directory's name) and for whom (`$TEAM`), and counts its runs.
fn identity_helper(path: &std::path::Path, runs: &std::path::Path) {
    std::fs::write(
        path,
        format!(
            "#!/bin/sh\necho run >> {runs}\n\
             exp=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)\n\
             printf '{{\"Version\":1,\"AccessKeyId\":\"AKID%s%s\",\"SecretAccessKey\":\"s\",\
             \"SessionToken\":\"t\",\"Expiration\":\"%s\"}}' \"$(basename \"$PWD\")\" \"$TEAM\" \"$exp\"\n",
            runs = runs.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
}

fn runs(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// `credential_process = ./creds.sh` run from projA, then from projB: each
/// gets its own directory's credentials (before: projB got projA's, and a
/// role chained on it was signed by them). From the same directory again:
/// served from the cache, the helper not run.
#[test]
fn a_relative_nested_process_is_keyed_on_its_directory() {
    let ctx = Ctx::new();
    let counter = ctx.path("runs");
    for dir in ["projA", "projB"] {
        std::fs::create_dir_all(ctx.path(dir)).unwrap();
        identity_helper(&ctx.path(&format!("{dir}/creds.sh")), &counter);
    }
    ctx.config("[profile proc]\ncredential_process = ./creds.sh\n");
    let in_dir = |dir: &str| {
        let mut cmd = ctx.cmd(&["credential-process", "proc"]);
        cmd.current_dir(ctx.path(dir));
        Run::from(output(&mut cmd))
    };
    let a = in_dir("projA");
    a.assert_code(0);
    let b = in_dir("projB");
    b.assert_code(0);
    assert_eq!(a.creds().access_key_id, "AKIDprojA");
    assert_eq!(b.creds().access_key_id, "AKIDprojB");
    assert_eq!(runs(&counter), 2);
    let again = in_dir("projA");
    assert_eq!(again.creds().access_key_id, "AKIDprojA");
    assert_eq!(runs(&counter), 2, "the same directory is a cache hit");
}

/// The environment the command sees selects its identity: TEAM=red and
/// TEAM=blue get their own credentials; a variable that only describes the
/// terminal (TERM, PWD, SHLVL, ...) does not split the cache.
#[test]
fn a_nested_process_is_keyed_on_its_environment() {
    let ctx = Ctx::new();
    let counter = ctx.path("runs");
    let helper = ctx.path("bin/creds.sh");
    std::fs::create_dir_all(ctx.path("bin")).unwrap();
    identity_helper(&helper, &counter);
    ctx.config(&format!(
        "[profile proc]\ncredential_process = {}\n[profile on-proc]\n\
         role_arn = arn:aws:iam::111111111111:role/r\nsource_profile = proc\n",
        helper.display()
    ));
    let red = ctx.run_env(&["credential-process", "proc"], &[("TEAM", "red")]);
    let blue = ctx.run_env(&["credential-process", "proc"], &[("TEAM", "blue")]);
    // The helper runs in the test's own directory.
    let here = std::env::current_dir().unwrap();
    let here = here.file_name().unwrap().to_string_lossy();
    let (red_id, blue_id) = (format!("AKID{here}red"), format!("AKID{here}blue"));
    assert_eq!(red.creds().access_key_id, red_id);
    assert_eq!(blue.creds().access_key_id, blue_id);
    assert_eq!(runs(&counter), 2);
    let red_again = ctx.run_env(
        &["credential-process", "proc"],
        &[("TEAM", "red"), ("TERM", "xterm-256color"), ("SHLVL", "3")],
    );
    assert_eq!(red_again.creds().access_key_id, red_id);
    assert_eq!(
        runs(&counter),
        2,
        "terminal-only variables are not identity"
    );
    // A role chained on it is signed by each environment's own keys.
    ctx.run_env(&["credential-process", "on-proc"], &[("TEAM", "red")])
        .assert_code(0);
    ctx.run_env(&["credential-process", "on-proc"], &[("TEAM", "blue")])
        .assert_code(0);
    let signers: Vec<String> = ctx
        .calls("AssumeRole", None)
        .iter()
        .map(|c| c["signer"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(signers, [red_id, blue_id], "each signed by its own");
}

/// `credbroker_cache = false` runs the command every time; its arguments
/// (which may hold tokens) appear in no label, listing or error.
#[test]
fn a_nested_process_can_opt_out_and_its_arguments_stay_hidden() {
    let ctx = Ctx::new();
    let counter = ctx.path("runs");
    let helper = ctx.path("creds.sh");
    identity_helper(&helper, &counter);
    ctx.config(&format!(
        "[profile proc]\ncredential_process = {} --token=SECRETARG\ncredbroker_cache = false\n\
         [profile cached]\ncredential_process = {} --token=SECRETARG\n\
         [profile broken]\ncredential_process = /bin/false --token=SECRETARG\n",
        helper.display(),
        helper.display()
    ));
    for _ in 0..2 {
        ctx.run(&["credential-process", "proc"]).assert_code(0);
    }
    assert_eq!(runs(&counter), 2, "run every time");
    ctx.run(&["credential-process", "cached"]).assert_code(0);
    let broken = ctx.run(&["credential-process", "broken"]);
    assert_eq!(broken.code, 6, "{broken:?}");
    for run in [ctx.run(&["list"]), ctx.run(&["cache", "list"]), broken] {
        assert!(!run.stdout.contains("SECRETARG"), "{run:?}");
        assert!(!run.stderr.contains("SECRETARG"), "{run:?}");
    }
    let entries = serde_json::to_string(&ctx.entries()).unwrap();
    assert!(
        !entries.contains("SECRETARG"),
        "a cache entry holds the arguments"
    );
}

/// `batch --env-dir` refuses a directory others can write (they could plant
/// the temporary file and receive the keys) or that is not ours, as the
/// cache directory is refused; nothing is resolved or written then.
#[test]
fn an_env_dir_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let ctx = Ctx::with_chain();
    let dir = ctx.path("shared-envs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = ctx.run(&["batch", "prod", "--env-dir", dir.to_str().unwrap()]);
    run.assert_code(4)
        .assert_stderr_has("refusing to use --env-dir directory")
        .assert_stderr_has("its mode is 777");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
    assert_eq!(ctx.assume_role_calls(), 0, "nothing resolved");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        ctx.run(&["batch", "prod", "--env-dir", dir.to_str().unwrap()])
            .assert_code(4)
            .assert_stderr_has("it is owned by uid 65534");
    }
}

/// With neither ~/.aws/config nor ~/.aws/credentials, `list` says so, and a
/// "not found" error says that neither file exists.
#[test]
fn no_aws_files_at_all_is_said_plainly() {
    let ctx = Ctx::new();
    std::fs::remove_dir_all(ctx.path(".aws")).unwrap();
    let list = ctx.run(&["list"]);
    list.assert_code(0)
        .assert_stderr_has("no profiles in ")
        .assert_stderr_has("neither of which exists");
    ctx.run(&["credential-process", "prod"])
        .assert_code(3)
        .assert_stderr_has("neither of which exists");
}

/// What an `mfa_process` prints is read as a code only when its first line,
/// trimmed, is six digits (before: `'482913  \r\nTRAILINGJUNK'` went to STS
/// as it was); anything else is an error naming the helper, without echoing
/// what it printed. A helper that fails is reported as the helper's
/// failure: STS was never called.
#[test]
fn mfa_process_output_is_a_code_or_a_clear_error() {
    let ctx = Ctx::new();
    let helper = ctx.path("mfa.sh");
    let config = |printed: &str| {
        std::fs::write(&helper, format!("#!/bin/sh\nprintf '{printed}'\n")).unwrap();
        std::fs::set_permissions(&helper, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        ctx.config(&format!(
            "[profile base]\naws_access_key_id = AKIAMFABASE\naws_secret_access_key = s\n\
             mfa_serial = arn:aws:iam::111111111111:mfa/me\nmfa_process = {}\n\
             [profile app]\nrole_arn = arn:aws:iam::111111111111:role/app\nsource_profile = base\n",
            helper.display()
        ));
    };
    config("482913  \\r\\nTRAILINGJUNK");
    ctx.run(&["credential-process", "app"]).assert_code(0);
    let sent: Vec<String> = ctx
        .calls("GetSessionToken", None)
        .iter()
        .map(|c| {
            c["params"]["TokenCode"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(sent, ["482913"]);

    std::fs::remove_dir_all(ctx.cache_dir()).unwrap();
    config("WRONGOUTPUT\\n");
    let run = ctx.run(&["credential-process", "app"]);
    run.assert_code(6)
        .assert_stderr_has("mfa_process of profile `base`")
        .assert_stderr_has("printed no 6-digit code");
    assert!(!run.stderr.contains("WRONGOUTPUT"), "{run:?}");
    assert!(!run.stderr.contains("STS refused"), "{run:?}");
    assert_eq!(ctx.count("GetSessionToken"), 1, "STS not called again");

    std::fs::write(&helper, "#!/bin/sh\nexit 1\n").unwrap();
    let run = ctx.run(&["credential-process", "app"]);
    run.assert_code(6)
        .assert_stderr_has("STS GetSessionToken not called")
        .assert_stderr_has("exited with status 1");
    assert!(!run.stderr.contains("STS refused"), "{run:?}");
    assert_eq!(ctx.count("GetSessionToken"), 1, "STS not called again");
}
