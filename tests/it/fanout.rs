//! One process, many chains: `credbroker batch`.

use std::fmt::Write as _;

use crate::support::{CHAIN_CONFIG, Ctx, Waiters, spawn_all};

fn org_config(n: usize, source: &str) -> String {
    let mut text = CHAIN_CONFIG.to_string();
    for i in 0..n {
        let _ = write!(
            text,
            "\n[profile org-{i:04}]\nrole_arn = arn:aws:iam::{:012}:role/audit\nsource_profile = {source}\n",
            100_000_000_000u64 + i as u64
        );
    }
    text
}

/// The error lines of a batch run (they carry no secrets), for messages.
fn errors(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains("\"error\""))
        .take(5)
        .map(String::from)
        .collect()
}

/// Two batches of the same 200 chains at once, the shared source's call
/// held: every chain of both processes waits on that one call. One task per
/// process reaches the link's file lock (the rest wait in-process), so only
/// the other process ever says it waits for it. Without the file lock both
/// processes call STS; without the single-flight a process's own tasks
/// wait on its lock, and say so.
#[test]
fn two_hundred_chains_sharing_a_source_refresh_it_once() {
    let ctx = Ctx::new();
    ctx.config(&org_config(200, "mid"));
    ctx.hold_role("role/mid");
    let mut waiters = Waiters::new(spawn_all(2, |_| {
        let mut cmd = ctx.cmd(&["batch", "org-*", "--concurrency", "64"]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    }));
    let waiting = "is refreshing mid (";
    waiters.until("both batches at mid's barrier", |w| {
        ctx.held_role("role/mid") as usize + w.saying(waiting) >= 2
    });
    assert_eq!(
        ctx.counts(),
        [("AssumeRole".to_string(), 1)].into(),
        "one call for mid, and no chain got past it"
    );
    ctx.release_role("role/mid");
    let runs = waiters.finish();
    let mut said = Vec::new();
    for run in &runs {
        assert_eq!(run.code, 0, "{run:?} {:?}", errors(&run.stdout));
        let out = run.json_lines();
        assert_eq!(out.len(), 200);
        assert!(
            out.iter()
                .all(|l| l["AccessKeyId"].as_str().unwrap().starts_with("ASIA"))
        );
        said.push(run.stderr.matches(waiting).count());
    }
    said.sort();
    assert_eq!(
        said,
        [0, 1],
        "one waiter on mid's lock, in the other process"
    );
    assert_eq!(ctx.assume_role_calls(), 201, "mid once, each org role once");
    // Who signed what: mid with the static keys, every org role with mid's session.
    let mid = ctx.calls("AssumeRole", Some("role/mid"));
    assert_eq!(mid[0]["signer"], "AKIAIOSFODNN7EXAMPLE");
    let audit = ctx.calls("AssumeRole", Some("role/audit"));
    assert_eq!(audit.len(), 200);
    let session = audit[0]["signer"].as_str().unwrap();
    assert!(session.starts_with("ASIA"), "{session}");
    assert!(
        audit.iter().all(|c| c["signer"] == session),
        "one mid session signs all"
    );
    // A second pass is all cache hits.
    let again = ctx.run(&["batch", "org-*"]);
    assert_eq!(again.json_lines().len(), 200);
    assert_eq!(ctx.assume_role_calls(), 201);
}

#[test]
fn a_thousand_distinct_chains_with_concurrency_far_above_the_workers_finish() {
    let ctx = Ctx::new();
    ctx.config(&org_config(1000, "base"));
    // What is tested is that nothing deadlocks; a loaded machine may take
    // longer than the 30 s deadline of one call to answer 512 at once.
    let run = ctx.run_env(
        &["batch", "org-*", "--concurrency", "512"],
        &[("CREDBROKER_STS_TIMEOUT", "5m")],
    );
    assert_eq!(run.code, 0, "{run:?} {:?}", errors(&run.stdout));
    assert_eq!(run.json_lines().len(), 1000);
    assert_eq!(ctx.assume_role_calls(), 1000);
}

#[test]
fn failures_are_lines_too_and_set_the_exit_code() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{}\n[profile broken]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = nowhere\n",
        org_config(3, "base")
    ));
    let arns = ctx.path("arns.txt");
    std::fs::write(
        &arns,
        "# audit roles\narn:aws:iam::777777777777:role/a\n\narn:aws:iam::888888888888:role/b\n",
    )
    .unwrap();
    let run = ctx.run(&[
        "batch",
        "org-*",
        "broken",
        "missing-*",
        "--role-arns",
        arns.to_str().unwrap(),
        "--source-profile",
        "base",
    ]);
    assert_eq!(run.code, 3, "the first failure's code: {run:?}");
    let out = run.json_lines();
    assert_eq!(out.len(), 3 + 1 + 1 + 2);
    let errors: Vec<_> = out.iter().filter(|l| l.get("error").is_some()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e["profile"] == "broken" && e["exit_code"] == 3)
    );
    assert!(errors.iter().any(|e| e["profile"] == "missing-*"));
    assert!(out.iter().any(|l| l["target"] == "888888888888-b"
        && l["role_arn"] == "arn:aws:iam::888888888888:role/b"
        && l["AccessKeyId"].is_string()));
    assert_eq!(ctx.assume_role_calls(), 5);
}
