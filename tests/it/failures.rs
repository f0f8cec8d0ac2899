//! Refresh under failure: a failure is learned once, backoff is honoured,
//! a late result never wins, a killed holder leaves nothing torn, and waiting
//! is bounded.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::support::{Ctx, Run, Waiters, finish, now, spawn_all};

/// `n` processes on `mid` while the holder's AssumeRole is held; the held
/// call is then answered with `code`. Returns every run.
fn waiters_on_a_failing_refresh(ctx: &Ctx, n: usize, code: &str, status: u16) -> Vec<Run> {
    ctx.hold(1);
    let children = spawn_all(n, |_| ctx.cmd(&["credential-process", "mid"]));
    let mut waiters = Waiters::new(children);
    ctx.wait_held(1);
    waiters.until_said("waiting: ", n - 1);
    ctx.fault(code, status, -1);
    ctx.release(None);
    waiters.finish()
}

#[test]
fn waiters_learn_a_throttled_refresh_instead_of_retrying() {
    let ctx = Ctx::with_chain();
    let runs = waiters_on_a_failing_refresh(&ctx, 12, "Throttling", 400);
    for run in &runs {
        assert_eq!(run.code, 7, "{run:?}");
        run.assert_stderr_has("error: STS AssumeRole failed for profile `mid` (role arn:aws:iam::111111111111:role/mid): Throttling: injected")
            .assert_stderr_has("hint: calls to STS are backed off until ");
    }
    assert_eq!(ctx.assume_role_calls(), 1, "only the holder called STS");
}

#[test]
fn usable_credentials_are_served_while_another_process_refreshes_ahead() {
    let ctx = Ctx::with_chain();
    let cached = ctx.run(&["credential-process", "mid"]).creds();
    ctx.set_expiry("mid", 10 * 60); // inside the refresh window, above the floor
    ctx.hold(1);
    let holder = ctx
        .cmd(&["credential-process", "mid"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    ctx.wait_held(1);
    // Meanwhile nobody waits for the refresh: the cached credentials serve.
    for i in 0..12 {
        let run = ctx.run(&["credential-process", "mid"]);
        assert_eq!(run.creds().access_key_id, cached.access_key_id, "call {i}");
        assert_eq!(run.stderr, "", "call {i}: no waiting, no warning");
    }
    assert_eq!(
        ctx.assume_role_calls(),
        2,
        "the first fill, then only the holder's attempt"
    );
    // The holder's refresh is throttled: it serves the cached credentials too.
    ctx.fault("Throttling", 400, -1);
    ctx.release(None);
    let run = Run::from(finish(holder));
    assert_eq!(run.creds().access_key_id, cached.access_key_id);
    assert!(
        run.stderr.starts_with("warning: STS Throttling for mid"),
        "{run:?}"
    );
    assert_eq!(ctx.assume_role_calls(), 2);
}

#[test]
fn waiters_learn_a_permanent_refusal_at_once() {
    let ctx = Ctx::with_chain();
    let runs = waiters_on_a_failing_refresh(&ctx, 12, "AccessDenied", 403);
    for run in &runs {
        assert_eq!(run.code, 6, "{run:?}");
        run.assert_stderr_has("AccessDenied: injected");
    }
    assert_eq!(ctx.assume_role_calls(), 1);
}

#[test]
fn backoff_makes_one_attempt_sequence_then_tries_again_after_it() {
    let ctx = Ctx::with_chain();
    let cached = ctx.run(&["credential-process", "prod"]).creds();
    assert_eq!(ctx.assume_role_calls(), 2);
    ctx.set_expiry("prod", 10 * 60);
    ctx.fault("Throttling", 400, -1);

    for i in 0..20 {
        let run = ctx.run_env(
            &["credential-process", "prod"],
            &[("CREDBROKER_STS_MAX_ATTEMPTS", "2")],
        );
        assert_eq!(run.creds().access_key_id, cached.access_key_id, "call {i}");
        assert!(
            run.stderr.starts_with("warning: STS Throttling for prod"),
            "call {i}: {run:?}"
        );
        assert_eq!(run.stderr.lines().count(), 1, "call {i}: {run:?}");
        assert_eq!(
            ctx.assume_role_calls(),
            2 + 2,
            "call {i}: one sequence of 2 attempts, then none"
        );
    }
    let (_, entry) = ctx.entry_of("prod");
    let failure = &entry["failure"];
    assert_eq!(failure["kind"], "transient");
    assert_eq!(failure["consecutive"], 1);
    let wait = failure["retry_after"].as_i64().unwrap() - failure["at"].as_i64().unwrap();
    assert_eq!(wait, 60, "the first backoff is a minute");

    // The minute has passed: the next call tries again, fails again, and
    // the backoff doubles.
    let (name, mut entry) = ctx.entry_of("prod");
    entry["failure"]["retry_after"] = (now() - 1).into();
    std::fs::write(ctx.cache_dir().join(name), entry.to_string()).unwrap();
    ctx.run(&["credential-process", "prod"]).creds();
    assert_eq!(ctx.assume_role_calls(), 5);
    let failure = ctx.entry_of("prod").1["failure"].clone();
    assert_eq!(failure["consecutive"], 2);
    assert_eq!(
        failure["retry_after"].as_i64().unwrap() - failure["at"].as_i64().unwrap(),
        120
    );

    // --force-refresh ignores the backoff; success clears the failure.
    ctx.clear_faults();
    let fresh = ctx
        .run(&["credential-process", "prod", "--force-refresh"])
        .creds();
    assert_ne!(fresh.access_key_id, cached.access_key_id);
    assert_eq!(ctx.entry_of("prod").1["failure"], serde_json::Value::Null);
}

#[test]
fn below_the_floor_in_backoff_reports_the_recorded_error() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    ctx.set_expiry("prod", 2 * 60); // below the 5-minute floor
    ctx.fault("InternalFailure", 500, -1);
    ctx.run(&["credential-process", "prod"])
        .assert_code(7)
        .assert_stderr_has("InternalFailure");
    let calls = ctx.assume_role_calls();
    let again = ctx.run(&["credential-process", "prod"]);
    again
        .assert_code(7)
        .assert_stderr_has("hint: calls to STS are backed off until ");
    assert_eq!(
        ctx.assume_role_calls(),
        calls,
        "the recorded error, without calling STS"
    );
}

#[test]
fn a_late_result_never_replaces_a_newer_one() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).creds();
    let lock = ctx.lock_of("mid");

    // A: a forced refresh whose AssumeRole is held (it holds the lock).
    ctx.hold(1);
    let slow = ctx
        .cmd(&["credential-process", "mid", "--force-refresh"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    ctx.wait_held(1);
    // The lock is lost under A (a cleanup removed the file), so B can take
    // a fresh one and finish a newer refresh first.
    std::fs::remove_file(&lock).unwrap();
    let newer = ctx
        .run(&["credential-process", "mid", "--force-refresh"])
        .creds();
    assert_eq!(ctx.entry_of("mid").1["generation"], 2);
    ctx.release(None);
    let late = Run::from(finish(slow));

    assert_eq!(
        late.creds(),
        newer,
        "A serves the newer result instead of its own"
    );
    let (_, entry) = ctx.entry_of("mid");
    assert_eq!(
        entry["credentials"]["access_key_id"],
        newer.access_key_id.as_str(),
        "the newer result stays"
    );
    assert_eq!(entry["generation"], 2, "A wrote nothing");
    assert_eq!(ctx.assume_role_calls(), 3);
}

#[test]
fn lock_timeout_names_the_holder_and_the_setting() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).creds();
    // A live pid (this test's): the note is believed.
    let pid = std::process::id();
    let held = ctx.hold_lock_of("mid", &format!("pid {pid} since 2026-11-23T00:00:00Z"));

    let run = ctx.run(crate::support::REFRESH_MID_1S);
    run.assert_code(5);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            // The waiting notice comes after a second, so a 1 s timeout
            // ends the wait first.
            &format!(
                "error: timed out after 1s waiting for the lock on mid (arn:aws:iam::111111111111:role/mid), held by another credbroker process (pid {pid} since 2026-11-23T00:00:00Z)"
            ),
            "hint: wait for that process to finish, or raise --lock-timeout / CREDBROKER_LOCK_TIMEOUT / lock_timeout in config.toml",
        ]
    );
    assert_eq!(ctx.assume_role_calls(), 1);
    drop(held);
    ctx.run(crate::support::REFRESH_MID_1S).creds();
}

#[test]
fn a_holder_killed_mid_refresh_releases_its_lock_and_a_waiter_refreshes() {
    let ctx = Ctx::with_chain();
    ctx.hold(1);
    let mut holder = ctx.cmd(&["credential-process", "mid"]).spawn().unwrap();
    ctx.wait_held(1);
    let mut waiters = Waiters::new(spawn_all(1, |_| ctx.cmd(&["credential-process", "mid"])));
    waiters.until_said("waiting: ", 1);
    holder.kill().unwrap(); // SIGKILL
    holder.wait().unwrap();
    let runs = waiters.finish();
    runs[0].creds();
    assert_eq!(
        ctx.assume_role_calls(),
        2,
        "the dead holder's call, then the waiter's"
    );
    ctx.release(None);
    assert_eq!(
        ctx.entry_of("mid").1["generation"],
        1,
        "written once, whole"
    );
}

/// The instant the random kills below rarely hit: the new entry is whole in
/// its temporary file, not yet renamed over the old one. Killed there, the
/// old entry survives byte for byte and the next run is a clean hit; the
/// next writer sweeps the orphaned temporary file.
#[test]
fn sigkill_between_temp_write_and_rename_leaves_the_old_entry() {
    let ctx = Ctx::with_chain();
    let before = ctx.run(&["credential-process", "prod"]).creds();
    let (name, old) = ctx.entry_of("prod");
    let pause = ctx.path("pause");
    let paused = |pause: &std::path::Path| {
        Waiters::new(spawn_all(1, |_| {
            let mut cmd = ctx.cmd(&["credential-process", "prod", "--force-refresh"]);
            cmd.env("CREDBROKER_TEST_PAUSE_BEFORE_RENAME", pause);
            cmd
        }))
    };
    let temps = || -> Vec<serde_json::Value> {
        std::fs::read_dir(ctx.cache_dir())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
            .collect()
    };
    let mut victim = paused(&pause);
    victim.until_said("test pause: ", 1);
    let written = temps();
    assert_eq!(
        written.len(),
        1,
        "the new entry waits in one temporary file"
    );
    assert_eq!(
        written[0]["generation"],
        old["generation"].as_u64().unwrap() + 1
    );
    victim.kill();
    victim.finish();

    // Compared without printing: the entries hold secrets.
    assert!(
        ctx.entry_of("prod") == (name, old.clone()),
        "the old entry, unchanged"
    );
    let calls = ctx.assume_role_calls();
    let hit = ctx.run(&["credential-process", "prod"]);
    assert_eq!(hit.creds(), before, "served from the old entry");
    assert_eq!(hit.stderr, "", "a clean hit: no warning");
    assert_eq!(ctx.assume_role_calls(), calls);

    // Resumed instead of killed, the writer renames: the new entry wins and
    // no temporary file is left, the orphan included.
    let mut writer = paused(&pause);
    writer.until_said("test pause: ", 1);
    std::fs::remove_file(&pause).unwrap();
    let runs = writer.finish();
    assert_ne!(runs[0].creds(), before);
    assert_eq!(
        ctx.entry_of("prod").1["generation"],
        old["generation"].as_u64().unwrap() + 1
    );
    assert_eq!(temps(), Vec::<serde_json::Value>::new());
}

/// A tiny deterministic-enough generator: the seed is printed on failure.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn sigkill_at_random_moments_never_tears_an_entry() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Lcg(seed);
    for round in 0..60 {
        // Its stdout would carry credentials into the test log.
        let mut victim = ctx
            .cmd(&["credential-process", "prod", "--force-refresh"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(rng.below(40_000)));
        victim.kill().unwrap();
        victim.wait().unwrap();
        // Whatever moment it died at, every entry parses and has credentials.
        for (name, entry) in ctx.entries() {
            assert!(
                entry["credentials"]["access_key_id"].is_string(),
                "seed {seed} round {round}: {name} has no credentials"
            );
        }
        let run = ctx.run(&["credential-process", "prod"]);
        assert_eq!(run.code, 0, "seed {seed} round {round}: {run:?}");
        assert!(
            !run.stderr.contains("warning"),
            "seed {seed} round {round}: {run:?}"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(ctx.cache_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.len() <= 1,
        "temporaries are cleaned up by the next writer: {leftovers:?}"
    );
}

#[test]
fn tasks_queued_behind_a_lock_timeout_share_it_instead_of_waiting_again() {
    let ctx = Ctx::new();
    let mut config = crate::support::CHAIN_CONFIG.to_string();
    for i in 0..20 {
        config.push_str(&format!(
            "\n[profile org-{i}]\nrole_arn = arn:aws:iam::1:role/r{i}\nsource_profile = mid\n"
        ));
    }
    ctx.config(&config);
    ctx.run(&["credential-process", "mid"]).creds();
    ctx.set_expiry("mid", 60); // below the floor: everyone needs mid refreshed
    let _held = ctx.hold_lock_of("mid", "pid 4242 since 2026-11-23T00:00:00Z");
    let run = ctx.run(&["batch", "org-*", "--lock-timeout", "2s"]);
    assert_eq!(run.code, 5, "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 20);
    assert!(
        lines.iter().all(|l| l["exit_code"] == 5),
        "all report the lock timeout"
    );
    assert_eq!(
        run.stderr.matches("waiting: ").count(),
        1,
        "one task waited; the 19 queued behind it did not wait again: {run:?}"
    );
    assert_eq!(ctx.assume_role_calls(), 1);
}

#[test]
fn a_floor_above_the_session_length_is_reported_once_not_retried_by_each_waiter() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).creds(); // the parent stays cached
    ctx.hold(1);
    let children = spawn_all(8, |_| {
        ctx.cmd(&["credential-process", "prod", "--min-ttl", "2h"])
    });
    let mut waiters = Waiters::new(children);
    ctx.wait_held(1);
    waiters.until_said("waiting: ", 7);
    ctx.release(None);
    for run in waiters.finish() {
        run.assert_code(7)
            .assert_stderr_has("below the minimum of 2h");
    }
    assert_eq!(
        ctx.assume_role_calls(),
        2,
        "mid, then prod once: the waiters learned the result"
    );
}

#[test]
fn cache_clear_leaves_an_entry_that_is_being_refreshed() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    let held = ctx.hold_lock_of("prod", "pid 4242 since 2026-11-23T00:00:00Z");
    let run = ctx.run(&["cache", "clear"]);
    assert_eq!(
        run.stderr,
        "removed 1 cache entry\nwarning: kept 1 cache entry being refreshed right now; run `credbroker cache clear` again\n"
    );
    assert_eq!(ctx.entries().len(), 1);
    drop(held);
    ctx.run(&["cache", "clear"])
        .assert_stderr_has("removed 1 cache entry\n");
    assert!(ctx.entries().is_empty());
}

#[test]
fn sts_messages_never_carry_the_signing_secret() {
    let ctx = Ctx::with_chain();
    // An endpoint that echoes the signing key back in its error message.
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    ctx.ctl_ok(&format!(
        "fault?action=AssumeRole&code=SignatureDoesNotMatch&status=403&count=-1&message=key%20{}%20is%20wrong",
        secret.replace('/', "%2F")
    ));
    let run = ctx.run(&["credential-process", "prod"]);
    run.assert_code(6)
        .assert_stderr_has("SignatureDoesNotMatch: key REDACTED is wrong");
    assert!(!run.stderr.contains(secret));
    let stored = std::fs::read_to_string(ctx.cache_dir().join(ctx.entry_of("mid").0)).unwrap();
    assert!(
        !stored.contains(secret),
        "the recorded failure holds no secret either"
    );
}
