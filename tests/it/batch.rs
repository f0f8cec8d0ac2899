//! `credbroker batch` as a user runs it: account lists, input checking,
//! output modes, commands per target, throttling, and stopping.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::support::{CHAIN_CONFIG, Ctx, Run};

/// `n` account ids, one per line.
fn account_ids(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{:012}", 500_000_000_000u64 + i as u64))
        .collect()
}

fn accounts_file(ctx: &Ctx, ids: &[String]) -> String {
    let path = ctx.path("accounts.txt");
    std::fs::write(&path, ids.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_string()
}

/// The error lines (they carry no secrets), for failure messages.
fn errors(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| l.contains("\"error\""))
        .take(5)
        .map(String::from)
        .collect()
}

fn batch_accounts(ctx: &Ctx, file: &str, source: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "batch",
        "--accounts-file",
        file,
        "--role-name",
        "audit",
        "--source-profile",
        source,
    ];
    args.extend_from_slice(extra);
    ctx.run(&args)
}

#[test]
fn five_hundred_accounts_with_one_role_name_cold() {
    let ctx = Ctx::with_chain();
    let ids = account_ids(500);
    let file = accounts_file(&ctx, &ids);
    let run = batch_accounts(&ctx, &file, "mid", &["--concurrency", "64"]);
    assert_eq!(run.code, 0, "{run:?} {:?}", errors(&run));
    let out = run.json_lines();
    assert_eq!(out.len(), 500);
    let mut seen = BTreeSet::new();
    for l in &out {
        let id = l["account_id"].as_str().unwrap();
        assert_eq!(l["target"], id);
        assert_eq!(l["ok"], true);
        assert_eq!(l["role_arn"], format!("arn:aws:iam::{id}:role/audit"));
        assert!(l["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
        assert_eq!(l["Version"], 1);
        assert!(l.get("profile").is_none(), "ad-hoc targets have no profile");
        seen.insert(id.to_string());
    }
    assert_eq!(seen, ids.iter().cloned().collect(), "every account, once");
    assert_eq!(ctx.assume_role_calls(), 501, "500 roles plus mid once");
    run.assert_stderr_has("batch: 500 targets: 500 succeeded, 0 failed, 0 not started");
}

#[test]
fn profile_targets_name_their_account_and_role() {
    let ctx = Ctx::with_chain();
    let run = ctx.run(&["batch", "prod", "base"]);
    assert_eq!(run.code, 0, "{run:?}");
    let out = run.json_lines();
    let prod = out.iter().find(|l| l["target"] == "prod").unwrap();
    assert_eq!(prod["profile"], "prod");
    assert_eq!(prod["account_id"], "222222222222");
    assert_eq!(prod["role_arn"], "arn:aws:iam::222222222222:role/admin");
    assert_eq!(prod["ok"], true);
    let base = out.iter().find(|l| l["target"] == "base").unwrap();
    assert_eq!(base["account_id"], Value::Null, "static keys: unknown");
    assert_eq!(base["ok"], true);
    run.assert_stderr_has("batch: 2 targets: 2 succeeded, 0 failed, 0 not started\n");
    let quiet = ctx.run(&["batch", "prod", "base", "--quiet"]);
    assert_eq!(
        (quiet.code, quiet.stderr.as_str()),
        (0, ""),
        "no summary when all is well"
    );
    let failing = ctx.run(&["batch", "prod", "nope", "--quiet"]);
    assert_eq!(failing.code, 3);
    failing.assert_stderr_has("batch: 2 targets: 1 succeeded, 1 failed (nope: config, exit 3)");
}

/// Another process holds the shared link `mid` (its STS answer held), so
/// eight targets built on it wait, more than the batch's two workers; a
/// thousand distinct chains must still all finish, and then the waiters
/// read the holder's result without calling STS for `mid` themselves.
#[test]
fn distinct_chains_finish_while_waiters_on_a_held_shared_link_outnumber_the_workers() {
    let ctx = Ctx::new();
    let mut config = CHAIN_CONFIG.to_string();
    for i in 0..1000 {
        config.push_str(&format!(
            "\n[profile org-{i:04}]\nrole_arn = arn:aws:iam::{:012}:role/audit\nsource_profile = base\n",
            100_000_000_000u64 + i
        ));
    }
    for i in 0..8 {
        config.push_str(&format!(
            "\n[profile team-{i}]\nrole_arn = arn:aws:iam::{:012}:role/team\nsource_profile = mid\n",
            900_000_000_000u64 + i
        ));
    }
    ctx.config(&config);
    ctx.hold(1);
    let mut holder = ctx
        .cmd(&["credential-process", "mid"])
        // Held for as long as the batch runs: no deadline of its own.
        .env("CREDBROKER_STS_TIMEOUT", "5m")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    ctx.wait_held(1);
    let mut batch = ctx
        .cmd(&["batch", "org-*", "team-*", "--concurrency", "256"])
        // Deadlock, not latency, is under test (see fanout.rs).
        .env("CREDBROKER_STS_TIMEOUT", "5m")
        .env("CREDBROKER_LOCK_TIMEOUT", "5m")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = batch.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Drained as it comes, so a full stderr pipe can never stall the batch.
    let mut stderr = batch.stderr.take().unwrap();
    let drain = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
        err
    });
    let mut got = Vec::new();
    while got.len() < 1000 {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => got.push(line),
            Err(_) => {
                let _ = batch.kill();
                let _ = holder.kill();
                ctx.release(None);
                panic!("only {} of 1000 distinct chains finished: stuck", got.len());
            }
        }
    }
    assert!(
        got.iter().all(|l| !l.contains("\"team-")),
        "a team target finished while mid was held"
    );
    assert_eq!(
        ctx.assume_role_calls(),
        1001,
        "the held mid and 1000 org roles"
    );
    ctx.release(None);
    let status = crate::support::finish(batch).status;
    reader.join().unwrap();
    got.extend(rx.try_iter());
    let err = drain.join().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(
        err.matches("waiting: ").count(),
        1,
        "one task waits on the lock for the process, and says so: {err}"
    );
    assert_eq!(got.len(), 1008);
    for l in &got {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["ok"], true, "{}", v["target"]);
    }
    assert!(crate::support::finish(holder).status.success());
    assert_eq!(
        ctx.assume_role_calls(),
        1009,
        "mid once (by the holder), then the eight team roles"
    );
}

#[test]
fn one_throttled_call_in_three_slows_the_batch_down_and_nothing_fails() {
    let ctx = Ctx::with_chain();
    let file = accounts_file(&ctx, &account_ids(300));
    ctx.ctl_ok("fault?action=AssumeRole&code=Throttling&every=3&message=Rate%20exceeded");
    let run = batch_accounts(&ctx, &file, "base", &["--concurrency", "64"]);
    assert_eq!(run.code, 0, "{run:?} {:?}", errors(&run));
    assert_eq!(run.json_lines().len(), 300);
    assert!(run.json_lines().iter().all(|l| l["ok"] == true));
    // Every third call throttled and retried: 300 successes take 449 calls
    // (the 450th would be throttled, and nobody needs it).
    assert_eq!(ctx.assume_role_calls(), 449);
}

#[test]
fn a_target_throttled_past_its_budget_fails_and_says_so() {
    let ctx = Ctx::with_chain();
    ctx.ctl_ok("fault?action=AssumeRole&code=Throttling&role=111111111111&message=Rate%20exceeded");
    let run = ctx.run(&[
        "batch",
        "--accounts",
        "111111111111,222222222222",
        "--role-name",
        "audit",
        "--source-profile",
        "base",
    ]);
    assert_eq!(run.code, 7, "{run:?}");
    let out = run.json_lines();
    let bad = out.iter().find(|l| l["target"] == "111111111111").unwrap();
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["error_kind"], "sts_unavailable");
    assert_eq!(bad["exit_code"], 7);
    let message = bad["error"].as_str().unwrap();
    assert!(
        message.contains("throttled by STS on 11 attempts"),
        "{message}"
    );
    assert!(
        out.iter()
            .any(|l| l["target"] == "222222222222" && l["ok"] == true)
    );
    assert_eq!(
        ctx.assume_role_calls(),
        12,
        "11 attempts, and the other role"
    );
}

#[test]
fn denied_roles_fail_alone_and_the_summary_counts_them() {
    let ctx = Ctx::with_chain();
    let ids = account_ids(20);
    let file = accounts_file(&ctx, &ids);
    ctx.ctl_ok("fault?action=AssumeRole&code=AccessDenied&role=50000000000&message=not%20allowed");
    // Ids ...000 to ...009 contain "50000000000"; ...010 to ...019 do not.
    let run = batch_accounts(&ctx, &file, "base", &[]);
    assert_eq!(run.code, 6, "{run:?}");
    let out = run.json_lines();
    assert_eq!(out.len(), 20);
    let failed: Vec<&Value> = out.iter().filter(|l| l["ok"] == false).collect();
    assert_eq!(failed.len(), 10);
    for l in &failed {
        assert_eq!(l["error_kind"], "sts_refused");
        assert_eq!(l["exit_code"], 6);
        assert!(l["error"].as_str().unwrap().contains("AccessDenied"));
        assert!(l.get("AccessKeyId").is_none());
    }
    run.assert_stderr_has(
        "batch: 20 targets: 10 succeeded, 10 failed (500000000000: sts_refused, exit 6;",
    );
    run.assert_stderr_has(", 0 not started");
    assert_eq!(ctx.assume_role_calls(), 20);
}

#[test]
fn a_command_per_target_sees_its_own_account() {
    let ctx = Ctx::with_chain();
    let aws = crate::support::aws_cli();
    let ids = [
        "111111111111",
        "222222222222",
        "333333333333",
        "444444444444",
    ];
    let run = ctx.run_env(
        &[
            "batch",
            "--accounts",
            &ids.join(","),
            "--role-name",
            "audit",
            "--source-profile",
            "base",
            "--",
            aws.to_str().unwrap(),
            "sts",
            "get-caller-identity",
            "--query",
            "Arn",
            "--output",
            "text",
        ],
        &[("AWS_DEFAULT_REGION", "us-east-1")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let mut got: Vec<&str> = run.stdout.lines().collect();
    got.sort();
    let want: Vec<String> = ids
        .iter()
        .map(|id| format!("[{id}] arn:aws:sts::{id}:assumed-role/audit/"))
        .collect();
    assert_eq!(got.len(), 4, "{:?}", run.stdout);
    for (line, want) in got.iter().zip(&want) {
        assert!(
            line.starts_with(want),
            "{line:?} should start with {want:?}"
        );
    }
    run.assert_stderr_has("batch: 4 targets: 4 succeeded, 0 failed, 0 not started");
}

#[test]
fn a_failing_command_makes_the_batch_fail_and_is_named_in_the_summary() {
    let ctx = Ctx::with_chain();
    let script = r#"echo "$CREDBROKER_TARGET $CREDBROKER_ACCOUNT_ID $CREDBROKER_ROLE_ARN ${AWS_ACCESS_KEY_ID:+has-key}"; echo oops >&2; [ "$CREDBROKER_ACCOUNT_ID" != 222222222222 ] || exit 3"#;
    let args = |extra: &[&str]| {
        let mut a = vec![
            "batch",
            "--accounts",
            "111111111111,222222222222",
            "--role-name",
            "audit",
            "--source-profile",
            "base",
            "--ordered",
        ];
        a.extend_from_slice(extra);
        a.extend_from_slice(&["--", "sh", "-c", script]);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run_args = |extra: &[&str]| {
        let a = args(extra);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        ctx.run(&refs)
    };
    let run = run_args(&[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stdout,
        "[111111111111] 111111111111 111111111111 arn:aws:iam::111111111111:role/audit has-key\n\
         [222222222222] 222222222222 222222222222 arn:aws:iam::222222222222:role/audit has-key\n"
    );
    run.assert_stderr_has("[111111111111] oops\n");
    run.assert_stderr_has(
        "batch: 2 targets: 1 succeeded, 1 failed (222222222222: command, exit 3), 0 not started",
    );

    let bare = run_args(&["--no-prefix"]);
    assert_eq!(bare.code, 3);
    assert!(
        bare.stdout.lines().all(|l| !l.starts_with('[')),
        "{}",
        bare.stdout
    );

    let dir = ctx.path("out");
    let files = run_args(&["--output-dir", dir.to_str().unwrap()]);
    assert_eq!(files.code, 3);
    assert_eq!(files.stdout, "");
    let out = std::fs::read_to_string(dir.join("111111111111.out")).unwrap();
    assert!(out.starts_with("111111111111 111111111111 arn:"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.join("222222222222.err")).unwrap(),
        "oops\n"
    );
}

#[test]
fn a_closed_stdout_stops_the_batch() {
    let ctx = Ctx::with_chain();
    let file = accounts_file(&ctx, &account_ids(1000));
    let run = ctx.bash(&format!(
        "{} batch --accounts-file {file} --role-name audit --source-profile base --concurrency 8 | head -1; \
         echo \"status=${{PIPESTATUS[0]}}\"",
        crate::support::BIN
    ));
    let mut out = run.stdout.lines();
    let first: Value = serde_json::from_str(out.next().unwrap()).unwrap();
    assert_eq!(first["ok"], true);
    assert_eq!(out.next(), Some("status=141"), "{run:?}");
    let calls = ctx.assume_role_calls();
    assert!(calls < 200, "{calls} AssumeRole calls for one line");
    assert!(run.stderr.contains("(stdout was closed)"), "{run:?}");
}

#[test]
fn ordered_lines_follow_the_input() {
    let ctx = Ctx::with_chain();
    let ids = account_ids(100);
    let file = accounts_file(&ctx, &ids);
    let run = batch_accounts(&ctx, &file, "base", &["--ordered", "--concurrency", "32"]);
    assert_eq!(run.code, 0, "{run:?}");
    let got: Vec<String> = run
        .json_lines()
        .iter()
        .map(|l| l["target"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ids);
}

#[test]
fn env_dir_files_are_private_and_round_trip_through_a_shell() {
    use std::os::unix::fs::PermissionsExt;
    let ctx = Ctx::with_chain();
    let dir = ctx.path("envs");
    let common = [
        "batch",
        "prod",
        "--accounts",
        "111111111111,222222222222",
        "--role-name",
        "audit",
        "--source-profile",
        "base",
    ];
    let mut args = common.to_vec();
    args.extend(["--env-dir", dir.to_str().unwrap()]);
    let run = ctx.run(&args);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "", "files instead of lines");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let json = ctx.run(&common); // cache hits: the same credentials
    for l in json.json_lines() {
        let target = l["target"].as_str().unwrap();
        let path = dir.join(format!("{target}.env"));
        assert_eq!(mode(&path), 0o600, "{target}");
        let shell = ctx.bash(&format!(
            "set -a; . '{}'; printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"${{AWS_REGION-unset}}\"",
            path.display()
        ));
        let got: Vec<&str> = shell.stdout.lines().collect();
        let region = if target == "prod" {
            "eu-west-1"
        } else {
            "unset"
        };
        let want = [
            l["AccessKeyId"].as_str().unwrap(),
            l["SecretAccessKey"].as_str().unwrap(),
            l["SessionToken"].as_str().unwrap(),
            l["Expiration"].as_str().unwrap(),
            region,
        ];
        assert!(
            got == want,
            "{target}: the shell read other values (not shown)"
        );
    }
}

#[test]
fn fail_fast_starts_nothing_after_the_first_failure() {
    let ctx = Ctx::with_chain();
    let ids = account_ids(5);
    let file = accounts_file(&ctx, &ids);
    ctx.ctl_ok("fault?action=AssumeRole&code=AccessDenied&role=500000000001");
    let run = batch_accounts(&ctx, &file, "base", &["--fail-fast", "--concurrency", "1"]);
    assert_eq!(run.code, 6, "{run:?}");
    let out = run.json_lines();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["ok"], true);
    assert_eq!(out[1]["ok"], false);
    assert_eq!(ctx.assume_role_calls(), 2);
    run.assert_stderr_has("1 succeeded, 1 failed (500000000001: sts_refused, exit 6), 3 not started (stopped by --fail-fast)");
}

#[test]
fn a_target_past_its_timeout_fails_alone() {
    let ctx = Ctx::with_chain();
    ctx.hold(-1);
    let run = ctx.run(&[
        "batch",
        "--accounts",
        "111111111111",
        "--role-name",
        "audit",
        "--source-profile",
        "base",
        "--timeout",
        "1s",
    ]);
    ctx.release(None);
    assert_eq!(run.code, 124, "{run:?}");
    let out = run.json_lines();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["error_kind"], "timeout");
    assert_eq!(out[0]["exit_code"], 124);
    assert_eq!(out[0]["error"], "timed out after 1s (--timeout)");
    assert_eq!(ctx.assume_role_calls(), 1);
}

/// Bad input is reported with file and line, exit 2, before any STS call.
#[test]
fn bad_input_files_are_refused_before_any_call() {
    let ctx = Ctx::with_chain();
    let cases: &[(&str, &str, &str)] = &[
        ("--accounts-file", "", "accounts.txt: lists no account ids"),
        (
            "--accounts-file",
            "# only\n\n  # comments\n",
            "lists no account ids",
        ),
        (
            "--accounts-file",
            "111111111111\n\n12\n",
            "accounts.txt:3: `12` is not an AWS account id",
        ),
        (
            "--accounts-file",
            "111111111111 a b\n",
            "accounts.txt:1: expected `ACCOUNT_ID [LABEL]`, found 3 fields",
        ),
        (
            "--role-arns",
            "arn:aws:iam::111111111111:role/ok\narn:aws:iam::111111111111:user/alice\n",
            "accounts.txt:2: `arn:aws:iam::111111111111:user/alice` is not a role ARN (it names a `user`)",
        ),
    ];
    for (flag, text, want) in cases {
        let path = ctx.path("accounts.txt");
        std::fs::write(&path, text).unwrap();
        let mut args = vec![
            "batch",
            flag,
            path.to_str().unwrap(),
            "--source-profile",
            "base",
        ];
        if *flag == "--accounts-file" {
            args.extend(["--role-name", "audit"]);
        }
        let run = ctx.run(&args);
        assert_eq!(run.code, 2, "{text:?}: {run:?}");
        run.assert_stderr_has(want);
        run.assert_stderr_has("nothing was sent to STS");
    }
    let missing = ctx.run(&[
        "batch",
        "--role-arns",
        "/nonexistent/arns.txt",
        "--source-profile",
        "base",
    ]);
    assert_eq!(missing.code, 2, "{missing:?}");
    missing.assert_stderr_has("error: /nonexistent/arns.txt: cannot read it: No such file");
    let nothing = ctx.run(&["batch"]);
    assert_eq!(nothing.code, 2, "{nothing:?}");
    nothing.assert_stderr_has("nothing to resolve");
    let flag = ctx.run(&[
        "batch",
        "--accounts",
        "1,222222222222",
        "--role-name",
        "audit",
        "--source-profile",
        "base",
    ]);
    assert_eq!(flag.code, 2);
    flag.assert_stderr_has("error: --accounts: `1` is not an AWS account id");
    assert_eq!(ctx.assume_role_calls(), 0);
}

#[test]
fn duplicates_are_resolved_and_printed_once() {
    let ctx = Ctx::with_chain();
    let arns = ctx.path("arns.txt");
    std::fs::write(
        &arns,
        "arn:aws:iam::111111111111:role/audit\narn:aws:iam::111111111111:role/audit # again\n",
    )
    .unwrap();
    let run = ctx.run(&[
        "batch",
        "prod",
        "pro*",
        "--role-arns",
        arns.to_str().unwrap(),
        "--accounts",
        "111111111111,111111111111,222222222222",
        "--role-name",
        "audit",
        "--source-profile",
        "base",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut targets: Vec<String> = run
        .json_lines()
        .iter()
        .map(|l| l["target"].as_str().unwrap().to_string())
        .collect();
    targets.sort();
    assert_eq!(targets, ["111111111111-audit", "222222222222", "prod"]);
    assert_eq!(ctx.assume_role_calls(), 4, "mid, prod, and two roles");
}

/// Under a pseudo-terminal (stdout and stderr both the terminal), the
/// progress bar is drawn, and every JSON line still stands on a row of its
/// own. The bar must have been drawn before the held STS calls are let go.
#[test]
fn the_progress_bar_never_shares_a_row_with_a_line() {
    let ctx = Ctx::with_chain();
    let file = accounts_file(&ctx, &account_ids(50));
    ctx.hold(-1);
    let script = r#"
import os, pty, sys, urllib.request
args, release, out = sys.argv[1:-2], sys.argv[-2], sys.argv[-1]
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
import fcntl, struct, termios
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
data, released = b"", False
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
    if not released and b"0/50" in data:
        urllib.request.urlopen(release).read()
        released = True
_, status = os.waitpid(pid, 0)
open(out, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(status))
"#;
    let raw = ctx.path("pty.out");
    let release = format!(
        "{}/release?action=AssumeRole",
        ctx.endpoint().replace("/ns/", "/ctl/")
    );
    let python = crate::support::python();
    let mut cmd = std::process::Command::new(python);
    crate::support::copy_env(&ctx.cmd(&[]), &mut cmd);
    cmd.env("TERM", "xterm").args([
        "-c",
        script,
        crate::support::BIN,
        "batch",
        "--accounts-file",
        &file,
        "--role-name",
        "audit",
        "--source-profile",
        "base",
        &release,
        raw.to_str().unwrap(),
    ]);
    let run = Run::from(crate::support::output(&mut cmd));
    ctx.release(None);
    assert_eq!(run.code, 0, "{run:?}");
    let data = String::from_utf8(std::fs::read(&raw).unwrap()).unwrap();
    assert!(data.contains("0/50"), "the bar was drawn");
    // What a terminal shows, row by row: each JSON line must be a row of
    // its own, the bar erased before it and not drawn over it.
    let rows = screen_rows(&data);
    let json: Vec<&String> = rows.iter().filter(|r| r.contains("\"target\"")).collect();
    assert_eq!(json.len(), 50, "{} rows", rows.len());
    for row in json {
        let line: Value = serde_json::from_str(row).unwrap_or_else(|_| {
            panic!(
                "a row mixes a line with something else: {:?}",
                row.chars()
                    .filter(|c| !c.is_alphanumeric())
                    .collect::<String>()
            )
        });
        assert_eq!(line["ok"], true);
    }
}

/// The rows a terminal ends up showing for `data`, enough of one for the
/// progress bar's drawing: `\r`, `\n`, erase-line (`ESC[2K`) and moves
/// up/down (`ESC[nA`, `ESC[nB`) over a one-row bar. Trailing blanks trimmed.
fn screen_rows(data: &str) -> Vec<String> {
    let mut rows: Vec<Vec<char>> = vec![Vec::new()];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                if rows.len() <= row {
                    rows.push(Vec::new());
                }
            }
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                let mut arg = String::new();
                let mut cmd = ' ';
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        cmd = d;
                        break;
                    }
                    arg.push(d);
                }
                let n: usize = arg.parse().unwrap_or(1);
                match cmd {
                    'K' => rows[row].clear(),
                    'A' => row = row.saturating_sub(n),
                    'B' => {
                        row += n;
                        while rows.len() <= row {
                            rows.push(Vec::new());
                        }
                    }
                    _ => {}
                }
            }
            c => {
                let r = &mut rows[row];
                while r.len() < col {
                    r.push(' ');
                }
                if col < r.len() {
                    r[col] = c;
                } else {
                    r.push(c);
                }
                col += 1;
            }
        }
    }
    rows.into_iter()
        .map(|r| r.into_iter().collect::<String>().trim_end().to_string())
        .collect()
}

/// Ctrl-C: no new targets, the signal reaches each running command once,
/// and the summary is still printed.
#[test]
fn an_interrupt_is_forwarded_to_running_commands_and_summarised() {
    let ctx = Ctx::with_chain();
    let file = accounts_file(&ctx, &account_ids(5));
    let script = r#"trap 'echo got-int; exit 9' INT; echo started; while :; do sleep 0.05; done"#;
    let mut child = ctx
        .cmd(&[
            "batch",
            "--accounts-file",
            &file,
            "--role-name",
            "audit",
            "--source-profile",
            "base",
            "--concurrency",
            "2",
            "--",
            "sh",
            "-c",
            script,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Past the deadline the batch is killed, which ends the reads below.
    let (done, finished) = mpsc::channel::<()>();
    let pid = child.id() as i32;
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(crate::support::DEADLINE).is_err() {
            // SAFETY: a plain signal to the child we spawned.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    while seen.matches("started").count() < 2 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("the commands never started: {seen}");
        }
        seen.push_str(&line);
    }
    // SAFETY: a plain signal to the child we spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    let status = child.wait().unwrap();
    let _ = done.send(());
    watchdog.join().unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert_eq!(rest.matches("got-int").count(), 2, "{rest}");
    assert!(
        err.contains("0 succeeded, 2 failed")
            && err.contains("3 not started (interrupted by SIGINT)"),
        "{err}"
    );
}

/// A command past `--timeout` is killed with its whole process group; the
/// batch reports it and goes on.
#[test]
fn a_command_past_its_timeout_is_killed_with_its_group() {
    let ctx = Ctx::with_chain();
    // A grandchild holds this FIFO open for writing: the reader sees EOF
    // when (and only when) it is gone.
    let fifo = ctx.path("held");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let script = format!(
        "if [ \"$CREDBROKER_ACCOUNT_ID\" = 222222222222 ]; then (exec 3>'{}'; sleep 60) & wait; fi; echo done",
        fifo.display()
    );
    let child = ctx
        .cmd(&[
            "batch",
            "--accounts",
            "111111111111,222222222222",
            "--role-name",
            "audit",
            "--source-profile",
            "base",
            "--timeout",
            "1s",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut held = std::fs::File::open(&fifo).unwrap(); // waits for the writer
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut held, &mut rest);
        let _ = tx.send(());
    });
    let gone = rx.recv_timeout(Duration::from_secs(30));
    let run = Run::from(crate::support::finish(child));
    assert!(
        gone.is_ok(),
        "the timed-out command's group outlived it: {run:?}"
    );
    assert_eq!(run.code, 124, "{run:?}");
    assert_eq!(run.stdout, "[111111111111] done\n");
    run.assert_stderr_has("[222222222222] error: timed out after 1s (--timeout)");
    run.assert_stderr_has("1 succeeded, 1 failed (222222222222: timeout, exit 124)");
}

/// The write end of a pipe whose reader is gone: every write to it fails
/// with EPIPE, as stderr does under `2>&1 | head -1` once head is done.
fn broken_pipe() -> std::fs::File {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills the two descriptors; both are owned below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: fds[0] is ours, closed once; fds[1] is handed to the File.
    unsafe {
        libc::close(fds[0]);
        std::fs::File::from_raw_fd(fds[1])
    }
}

/// A closed stderr never aborts: stdout and stderr into one pipe that its
/// reader closes is the documented 141 (not SIGABRT's 134), and a batch
/// whose stderr alone is broken still prints every line and exits 0.
#[test]
fn a_closed_stderr_never_aborts_a_batch() {
    let ctx = Ctx::with_chain();
    let file = accounts_file(&ctx, &account_ids(1000));
    let run = ctx.bash(&format!(
        "{} batch --accounts-file {file} --role-name audit --source-profile base --concurrency 8 2>&1 | head -1; \
         echo \"status=${{PIPESTATUS[0]}}\"",
        crate::support::BIN
    ));
    let mut out = run.stdout.lines();
    let first: Value = serde_json::from_str(out.next().unwrap()).unwrap();
    assert_eq!(first["ok"], true);
    assert_eq!(out.next(), Some("status=141"), "{run:?}");

    let mut cmd = ctx.cmd(&["batch", "mid", "prod", "dev"]);
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(broken_pipe())
        .spawn()
        .unwrap();
    let run = Run::from(crate::support::finish(child));
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json_lines().len(), 3);
}

/// `credential_process` under a caller that closed stderr (`2>&-`) or
/// whose stderr pipe is broken: exit 0 with the JSON, even when there is a
/// warning to print; and the warning never lands in a file that took
/// stderr's place.
#[test]
fn credential_process_without_a_stderr_still_answers() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    let corrupt = |ctx: &Ctx| {
        let (name, _) = ctx.entry_of("prod");
        std::fs::write(ctx.cache_dir().join(name), "{\"version\":1,\"generation\":").unwrap();
    };
    corrupt(&ctx);
    let run = ctx.bash(&format!(
        "{} credential-process --profile prod 2>&-",
        crate::support::BIN
    ));
    assert_eq!(run.code, 0, "{run:?}");
    run.creds();
    for (name, entry) in ctx.entries() {
        assert!(entry.is_object(), "{name} is a whole entry");
    }
    for file in std::fs::read_dir(ctx.cache_dir()).unwrap() {
        let text = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&text).contains("warning:"),
            "stderr went into a cache file"
        );
    }
    corrupt(&ctx);
    let child = ctx
        .cmd(&["credential-process", "prod"])
        .stdout(Stdio::piped())
        .stderr(broken_pipe())
        .spawn()
        .unwrap();
    let run = Run::from(crate::support::finish(child));
    assert_eq!(run.code, 0, "{run:?}");
    run.creds();
}

/// `batch --org`: the active accounts of moto's Organizations (50 accounts,
/// 5 in an OU and its child, one suspended), each assumed from the source
/// profile; the organization listed with the credentials of --org-profile.
#[test]
fn batch_over_an_organization_targets_its_active_accounts() {
    let ctx = Ctx::new();
    // moto keeps one organization per account: this test's own.
    let owner = format!(
        "{:012}",
        700_000_000_000u64 + std::process::id() as u64 % 1_000_000
    );
    let role = format!("arn:aws:iam::{owner}:role/orgadmin");
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile orgadmin]\nrole_arn = {role}\nsource_profile = base\n"
    ));
    let out = crate::support::output(
        std::process::Command::new(crate::support::python())
            .arg(crate::support::script("organizations_setup.py"))
            .args([&ctx.endpoint(), &role]),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let org: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect()
    };
    let targets = |extra: &[&str]| -> BTreeSet<String> {
        let mut args = vec![
            "batch",
            "--org",
            "--org-profile",
            "orgadmin",
            "--role-name",
            "audit",
            "--source-profile",
            "base",
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let mut cmd = ctx.cmd(&args);
        cmd.env("AWS_ENDPOINT_URL_ORGANIZATIONS", ctx.endpoint());
        let run = Run::from(crate::support::output(&mut cmd));
        assert_eq!(run.code, 0, "{}\n{:?}", run.stderr, errors(&run));
        run.stdout
            .lines()
            .map(|l| {
                let line: Value = serde_json::from_str(l).unwrap();
                assert_eq!(line["ok"], true);
                let id = line["account_id"].as_str().unwrap().to_string();
                assert_eq!(line["role_arn"], format!("arn:aws:iam::{id}:role/audit"));
                id
            })
            .collect()
    };
    let all = targets(&[]);
    assert_eq!(all.len(), 49, "50 accounts less the suspended one");
    assert_eq!(all, ids(&org["active"]));
    assert!(!all.contains(org["suspended"].as_str().unwrap()));
    let team = targets(&["--ou", org["ou"].as_str().unwrap()]);
    assert_eq!(team, ids(&org["in_ou"]), "the OU and its child");
    let counts = ctx.counts();
    assert!(
        counts.get("ListAccounts").is_some_and(|n| *n >= 1),
        "{counts:?}"
    );
    assert!(
        counts.get("ListChildren").is_some_and(|n| *n >= 2),
        "{counts:?}"
    );
}
