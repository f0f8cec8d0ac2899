//! SSO sign-ins that recover as well as the SDKs', and better, beside the
//! AWS CLI and the SDKs, which share the token file and take no lock.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};

use super::{SESSION, Sso};
use crate::support::{DEADLINE, Run, Waiters, finish, spawn_all};

/// IAM Identity Center rotates refresh tokens: each works once. When
/// another client (botocore's own token provider here) spends it first,
/// credbroker's refresh is refused; it re-reads the token file, finds the
/// token the other client wrote, and uses it.
#[test]
fn a_refresh_token_spent_by_another_client_is_recovered_from() {
    let sso = Sso::new();
    let old = sso.sign_in(SESSION, -60, true);
    sso.ctl("hold?action=CreateToken&count=1");
    let child = sso
        .cmd(&["credential-process", "dev"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    sso.ctl("wait_held?action=CreateToken&n=1&timeout=60");
    // botocore refreshes meanwhile (its call is not held), spending the
    // refresh token credbroker's held call carries.
    let botocore = Run::from(crate::support::output(&mut sso.client("refresh")));
    assert_eq!(botocore.stdout.trim(), "REFRESHED", "{botocore:?}");
    let theirs = sso.token(SESSION);
    // (compared, never printed: they are tokens)
    assert!(theirs["refreshToken"] != old["refreshToken"], "rotated");
    sso.ctl("release?action=CreateToken");
    let run = Run::from(finish(child));
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");
    let counts = sso.counts();
    assert_eq!(
        counts.get("CreateToken:refresh_token"),
        Some(&2),
        "{counts:?}"
    );
    assert_eq!(counts.get("GetRoleCredentials"), Some(&1), "{counts:?}");
    assert!(
        sso.token(SESSION) == theirs,
        "botocore's token is kept as it is"
    );
}

/// A refused refresh is not learned while the token file has changed
/// since the refresh read it: the next process uses the new token at once
/// instead of being told, for 5 s, to sign in again.
#[test]
fn a_refused_refresh_is_not_learned_once_the_token_file_changed() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    // The refresh token no longer works (spent elsewhere, revoked).
    sso.ctl("fault?action=CreateToken&code=InvalidGrantException&status=400&count=1");
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("credbroker login dev");
    // Within the 5 s a refusal is remembered: `aws sso login` writes a new
    // token; the next call uses it.
    sso.sign_in(SESSION, 3600, true);
    let run = sso.run(&["credential-process", "dev"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");
    // An unchanged file: the refusal is learned (no second refresh).
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    sso.ctl("fault?action=CreateToken&code=InvalidGrantException&status=400&count=1");
    sso.run(&["credential-process", "dev"]).assert_code(6);
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("credbroker login dev");
    assert_eq!(sso.count("CreateToken"), 1);
}

/// After `credbroker login` or `aws sso login`, the next call within
/// the 5 s a refused sign-in is remembered does not say there is none.
#[test]
fn a_new_sign_in_is_seen_at_once() {
    let sso = Sso::new();
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("there is no sign-in token");
    sso.login(&["dev"]).assert_code(0);
    let run = sso.run(&["credential-process", "dev"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");

    // The same when another program signs in (as `aws sso login` does),
    // over an expired token that cannot be refreshed.
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, false);
    sso.run(&["credential-process", "admin"])
        .assert_code(6)
        .assert_stderr_has("has no refresh token");
    sso.sign_in(SESSION, 3600, false);
    let run = sso.run(&["credential-process", "admin"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");
}

/// Signing out (`aws sso logout` removes the token file) stops the
/// session's cached role credentials, and the role chains built on them,
/// from being served: through the memo of resolved chains, through the
/// full resolution, and in a batch. An expired token file still counts as
/// signed in.
#[test]
fn signing_out_stops_the_cached_role_credentials_of_the_session() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 3600, false);
    let dev = sso.run(&["credential-process", "dev"]).creds();
    let admin = sso.run(&["credential-process", "admin"]).creds();

    sso.sign_in(SESSION, -60, false);
    assert_eq!(sso.run(&["credential-process", "dev"]).creds(), dev);
    assert_eq!(sso.run(&["credential-process", "admin"]).creds(), admin);

    std::fs::remove_file(sso.token_path(SESSION)).unwrap();
    let signed_out = |run: &Run| {
        run.assert_code(6)
            .assert_stderr_has("there is no sign-in token")
            .assert_stderr_has("credbroker login dev");
        assert!(!run.stdout.contains("AccessKeyId"), "{run:?}");
    };
    // The memo's way (the config is as it was) ...
    signed_out(&sso.run(&["credential-process", "dev"]));
    signed_out(&sso.run(&["credential-process", "admin"]));
    signed_out(&sso.run(&["export", "admin", "--format", "json"]));
    // ... and the full way (a changed config is a new resolution).
    let config = std::fs::read_to_string(sso.ctx.path(".aws/config")).unwrap();
    sso.ctx.config(&format!("{config}\n# changed\n"));
    signed_out(&sso.run(&["credential-process", "dev"]));
    signed_out(&sso.run(&["credential-process", "admin"]));
    let batch = sso.run(&["batch", "dev", "admin"]);
    batch.assert_code(6);
    assert!(
        batch.json_lines().iter().all(|l| l["ok"] == false),
        "{batch:?}"
    );
    assert_eq!(sso.count("GetRoleCredentials"), 1);
    assert_eq!(sso.ctx.assume_role_calls(), 1);

    // Signed in again: the cached credentials are served again.
    sso.sign_in(SESSION, 3600, false);
    assert_eq!(sso.run(&["credential-process", "admin"]).creds(), admin);
}

/// Role credentials inside the refresh window but above the floor, with a
/// sign-in that cannot be refreshed: served, with a warning that names the
/// sign-in command (botocore's advisory window), and so is a role chained
/// on them; below the floor, the sign-in is asked for.
#[test]
fn role_credentials_in_the_advisory_window_outlive_a_dead_sign_in() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 3600, false);
    let dev = sso.run(&["credential-process", "dev"]).creds();
    sso.run(&["credential-process", "admin"]).creds();
    sso.ctx.set_expiry("dev", 10 * 60);
    sso.ctx.set_expiry("admin", 10 * 60);
    sso.sign_in(SESSION, -60, false);

    for _ in 0..2 {
        // (twice: the refused refresh is remembered, and served through too)
        let run = sso.run(&["credential-process", "dev"]);
        run.assert_code(0)
            .assert_stderr_has("warning: ")
            .assert_stderr_has("credbroker login dev");
        assert_eq!(run.creds().access_key_id, dev.access_key_id);
        dev.assert_not_in(&run.stderr, "stderr");
    }
    // A role on them: refreshed ahead with them (they sign the call).
    let run = sso.run(&["credential-process", "admin"]);
    run.assert_code(0);
    let admin = run.creds();
    assert_eq!(sso.ctx.assume_role_calls(), 2);

    // The SSO link below its floor, so the role cannot be refreshed: the
    // role's own credentials, in their advisory window, are served.
    sso.ctx.set_expiry("dev", 60);
    sso.ctx.set_expiry("admin", 10 * 60);
    let run = sso.run(&["credential-process", "admin"]);
    run.assert_code(0).assert_stderr_has("credbroker login dev");
    assert_eq!(run.creds().access_key_id, admin.access_key_id);
    assert_eq!(sso.ctx.assume_role_calls(), 2);

    // Below the floor: no credentials, the sign-in command.
    sso.ctx.set_expiry("dev", 60);
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("credbroker login dev");
    assert_eq!(sso.count("GetRoleCredentials"), 1);
}

/// boto3 processes that resolve an SSO profile on demand, each round with
/// a new Session (tests/support/sso_client.py, `worker`).
struct Boto3Workers {
    stdins: Vec<ChildStdin>,
    lines: std::sync::mpsc::Receiver<String>,
    children: Vec<Child>,
}

impl Boto3Workers {
    fn start(sso: &Sso, n: usize) -> Self {
        let (tx, lines) = std::sync::mpsc::channel();
        let mut stdins = Vec::new();
        let mut children = Vec::new();
        for _ in 0..n {
            let mut child = sso
                .client("worker")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            stdins.push(child.stdin.take().unwrap());
            let out = BufReader::new(child.stdout.take().unwrap());
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in out.lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
            children.push(child);
        }
        let workers = Boto3Workers {
            stdins,
            lines,
            children,
        };
        assert!(workers.collect(n).iter().all(|l| l == "READY"));
        workers
    }

    /// Every worker resolves the profile once, now.
    fn go(&mut self) {
        for stdin in &mut self.stdins {
            stdin.write_all(b"go\n").unwrap();
            stdin.flush().unwrap();
        }
    }

    /// The next `n` lines the workers print.
    fn collect(&self, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| {
                self.lines
                    .recv_timeout(DEADLINE)
                    .expect("a boto3 worker answers within the deadline")
            })
            .collect()
    }
}

impl Drop for Boto3Workers {
    fn drop(&mut self) {
        self.stdins.clear();
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The mixed storm: 8 credbroker and 8 boto3 processes on an expired token
/// with a refresh token, 10 rounds. Every refresh is held at the fake until
/// all of them asked (one of credbroker's, under its lock, and boto3's 8,
/// which take no lock), then released together: one wins, the others are
/// refused. No credbroker process is told to sign in again, as the file
/// then holds the winner's valid token.
#[test]
fn a_storm_of_credbroker_and_boto3_on_an_expired_token_never_asks_credbroker_to_sign_in() {
    let sso = Sso::new();
    let mut boto3 = Boto3Workers::start(&sso, 8);
    let mut told_to_sign_in = Vec::new();
    let mut boto3_ok = 0;
    for round in 0..10 {
        sso.sign_in(SESSION, -60, true);
        sso.run(&["cache", "clear"]).assert_code(0);
        sso.ctl("hold?action=CreateToken&count=-1");
        let children = spawn_all(8, |_| sso.cmd(&["credential-process", "dev"]));
        let waiters = Waiters::new(children);
        boto3.go();
        sso.ctl("wait_held?action=CreateToken&n=9&timeout=60");
        sso.ctl("release?action=CreateToken");
        for run in waiters.finish() {
            if run.code != 0 {
                told_to_sign_in.push(format!("round {round}: {run:?}"));
            }
        }
        boto3_ok += boto3.collect(8).iter().filter(|l| *l == "OK").count();
        let token = sso.token(SESSION);
        let expires = token["expiresAt"].as_str().unwrap().to_string();
        assert!(
            expires > super::rfc3339(crate::support::now()),
            "round {round}: the file holds a valid token"
        );
    }
    assert!(
        told_to_sign_in.is_empty(),
        "{} credbroker processes failed (boto3: {boto3_ok} of 80 succeeded):\n{}",
        told_to_sign_in.len(),
        told_to_sign_in.join("\n")
    );
}
