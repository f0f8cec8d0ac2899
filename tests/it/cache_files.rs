//! The cache on disk: modes, atomic replacement, healing, refusal, symlinks.

use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};

use crate::support::Ctx;

#[test]
fn directory_is_0700_and_entries_and_locks_0600() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    let dir = ctx.cache_dir();
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let mut files = 0;
    for item in std::fs::read_dir(&dir).unwrap().flatten() {
        let mode = item.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{:?}", item.file_name());
        files += 1;
    }
    assert_eq!(
        files, 5,
        "two entries, two lock files and the memo of the resolved chain, no temporaries left"
    );
}

#[test]
fn entries_are_replaced_by_rename_and_stale_temporaries_removed() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    let (name, before) = ctx.entry_of("prod");
    let path = ctx.cache_dir().join(&name);
    let inode = std::fs::metadata(&path).unwrap().ino();
    // A temporary left by a writer killed mid-write.
    let key = name.trim_end_matches(".json");
    let leftover = ctx.cache_dir().join(format!(".{key}.99999.tmp"));
    std::fs::write(&leftover, "{half an ent").unwrap();

    ctx.run(&["credential-process", "prod", "--force-refresh"])
        .creds();
    let (_, after) = ctx.entry_of("prod");
    assert_ne!(
        std::fs::metadata(&path).unwrap().ino(),
        inode,
        "a new file was renamed over"
    );
    assert_eq!(
        after["generation"].as_u64(),
        Some(before["generation"].as_u64().unwrap() + 1)
    );
    assert!(!leftover.exists(), "the dead writer's temporary is gone");
}

#[test]
fn a_corrupt_entry_is_a_miss_with_a_warning_and_is_rewritten() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    let (name, _) = ctx.entry_of("prod");
    std::fs::write(
        ctx.cache_dir().join(&name),
        "{\"version\":1,\"generation\":",
    )
    .unwrap();
    let run = ctx.run(&["credential-process", "prod"]);
    run.creds();
    run.assert_stderr_has(
        "warning: ignoring the cache entry of prod (arn:aws:iam::222222222222:role/admin):",
    )
    .assert_stderr_has("is corrupt")
    .assert_stderr_has("it will be rewritten");
    assert_eq!(
        ctx.assume_role_calls(),
        3,
        "only the corrupt link was refreshed"
    );
    assert_eq!(ctx.entry_of("prod").1["generation"], 1, "rewritten whole");
    let again = ctx.run(&["credential-process", "prod"]);
    assert_eq!(again.stderr, "", "healed: no warning the next time");
}

#[test]
fn an_insecure_cache_directory_is_refused() {
    let ctx = Ctx::with_chain();
    let dir = ctx.cache_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = ctx.run(&["credential-process", "prod"]);
    run.assert_code(4)
        .assert_stderr_has("error: refusing to use cache directory ")
        .assert_stderr_has("its mode is 777")
        .assert_stderr_has(&format!("hint: chmod 700 {}", dir.display()));
    assert_eq!(ctx.counts().len(), 0);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written there"
    );
}

#[test]
fn a_cache_directory_owned_by_someone_else_is_refused() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        #[allow(clippy::disallowed_macros, reason = "a test's note to whoever runs it")]
        {
            eprintln!("skipped: needs root to chown a directory to another user");
        }
        return;
    }
    let ctx = Ctx::with_chain();
    let dir = ctx.cache_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
    ctx.run(&["credential-process", "prod"])
        .assert_code(4)
        .assert_stderr_has("it is owned by uid 65534, not by you (uid 0)");
}

#[test]
fn a_planted_symlink_is_never_followed() {
    let ctx = Ctx::with_chain();
    let first = ctx.run(&["credential-process", "prod"]).creds();
    let (name, entry) = ctx.entry_of("prod");
    // An attacker's file, dressed as a valid entry, linked into the cache.
    let planted = ctx.path("planted.json");
    std::fs::write(&planted, entry.to_string()).unwrap();
    let link = ctx.cache_dir().join(&name);
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&planted, &link).unwrap();

    let run = ctx.run(&["credential-process", "prod"]);
    let second = run.creds();
    run.assert_stderr_has("warning: ignoring the cache entry of prod");
    assert_ne!(
        second.access_key_id, first.access_key_id,
        "the planted entry was not served"
    );
    assert!(
        !std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "replaced by a real file"
    );
    assert_eq!(
        std::fs::read_to_string(&planted).unwrap(),
        entry.to_string(),
        "the target was not written"
    );
}

#[test]
fn cache_location_flag_over_env_over_default() {
    let ctx = Ctx::with_chain();
    let from_env = ctx.path("env-cache");
    let from_flag = ctx.path("flag-cache");
    let env = [("CREDBROKER_CACHE_DIR", from_env.to_str().unwrap())];
    ctx.run_env(&["credential-process", "mid"], &env).creds();
    assert_eq!(
        std::fs::read_dir(&from_env).unwrap().count(),
        3,
        "entry, lock and memo"
    );
    let flag = [
        "credential-process",
        "mid",
        "--cache-dir",
        from_flag.to_str().unwrap(),
    ];
    ctx.run_env(&flag, &env).creds();
    assert_eq!(std::fs::read_dir(&from_flag).unwrap().count(), 3);
    assert!(!ctx.cache_dir().exists(), "the default was never used");
    assert_eq!(ctx.assume_role_calls(), 2, "separate caches, one call each");
}

#[test]
fn an_unusable_cache_directory_is_a_clear_error() {
    let ctx = Ctx::with_chain();
    let not_a_dir = ctx.path("cache-file");
    std::fs::write(&not_a_dir, "").unwrap();
    let run = ctx.run(&[
        "credential-process",
        "prod",
        "--cache-dir",
        not_a_dir.to_str().unwrap(),
    ]);
    run.assert_code(4)
        .assert_stderr_has("error: refusing to use cache directory ")
        .assert_stderr_has("it is not a directory")
        .assert_stderr_has("hint: point --cache-dir or CREDBROKER_CACHE_DIR at a directory");
    assert_eq!(ctx.counts().len(), 0);
}

/// A lock file replaced by a symlink is never opened through it: the run
/// refuses (exit 4, naming the lock) rather than flock or create the target.
#[test]
fn a_symlinked_lock_file_is_refused_not_followed() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).creds();
    let lock = ctx.lock_of("mid");
    let target = ctx.path("victim");
    std::fs::write(&target, "victim\n").unwrap();
    let missing = ctx.path("not-there");
    let calls = ctx.assume_role_calls();
    for planted in [&target, &missing] {
        std::fs::remove_file(&lock).unwrap();
        std::os::unix::fs::symlink(planted, &lock).unwrap();
        let run = ctx.run(&["credential-process", "mid", "--force-refresh"]);
        run.assert_code(4)
            .assert_stderr_has(&format!("error: cache I/O failed at {}", lock.display()))
            .assert_stderr_has("Too many levels of symbolic links")
            .assert_stderr_has(&format!(
                "hint: {} is a symbolic link, and credbroker never follows one in its cache: remove it",
                lock.display()
            ));
        assert_eq!(run.stdout, "");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "victim\n");
    assert!(!missing.exists(), "the link's target was not created");
    assert_eq!(ctx.assume_role_calls(), calls, "no call without the lock");
}

/// A cache directory that is itself a symlink (dotfiles do this) is judged
/// by the directory it points at, as ssh judges `~/.ssh`: a private one of
/// ours is used, one others could write is refused.
#[test]
fn a_symlinked_cache_directory_is_judged_by_its_target() {
    let ctx = Ctx::with_chain();
    let link = ctx.path("cache-link");
    let private = ctx.path("private");
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&private)
        .unwrap();
    std::os::unix::fs::symlink(&private, &link).unwrap();
    let args = [
        "credential-process",
        "mid",
        "--cache-dir",
        link.to_str().unwrap(),
    ];
    ctx.run(&args).creds();
    assert!(
        std::fs::read_dir(&private)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".json")),
        "the entry lives in the target"
    );

    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o777)).unwrap();
    ctx.run(&args).assert_code(4).assert_stderr_has(&format!(
        "error: refusing to use cache directory {}: its mode is 777",
        link.display()
    ));
    assert_eq!(ctx.assume_role_calls(), 1);
}
