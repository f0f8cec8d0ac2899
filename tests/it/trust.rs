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
