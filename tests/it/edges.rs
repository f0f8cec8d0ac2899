//! Issue 13's edges: every link kind keeps every guarantee where it talks to
//! the world. Token files that are FIFOs, helpers (`mfa_process`, a nested
//! `credential_process`) that never exit or are cancelled by SIGTERM, odd
//! answers from instance metadata, closed stderr pipes, and the rules that
//! drifted apart (exit codes, the variables removed from a child).
//!
//! Written test-first: they fail until the one runner of issue 13 lands.
//! Every process a test starts here has its own deadline, far shorter than
//! the suite's: a hang fails the test (and the process is killed) instead of
//! hanging the suite. Output goes to files, not pipes, so a helper's orphan
//! that keeps a pipe open cannot block the test either; orphans are killed
//! when the test ends, pass or fail.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::support::{BIN, CHAIN_CONFIG, Ctx, FakeServer, Run, copy_env};

const SERIAL: &str = "arn:aws:iam::000000000000:mfa/tester";

/// Static keys in `base`, as in the test chain.
const BASE_KEYS: &str = "[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
";

// ---------------------------------------------------------------------------
// Processes with a deadline, output to files
// ---------------------------------------------------------------------------

/// A started process whose stdout and stderr go to files.
struct Spawned {
    child: Child,
    started: Instant,
    dir: tempfile::TempDir,
}

/// A process that ended (or was killed at its deadline).
struct Timed {
    run: Run,
    status: ExitStatus,
    took: Duration,
    /// It ran past its deadline and was killed with SIGKILL.
    late: bool,
}

impl Spawned {
    fn start(cmd: &mut Command) -> Spawned {
        Spawned::start_with_stderr(cmd, None)
    }

    /// `stderr`: where stderr goes instead of a file (read back as empty).
    fn start_with_stderr(cmd: &mut Command, stderr: Option<Stdio>) -> Spawned {
        let dir = tempfile::tempdir().unwrap();
        let out = std::fs::File::create(dir.path().join("stdout")).unwrap();
        let err = std::fs::File::create(dir.path().join("stderr")).unwrap();
        let child = cmd
            .stdout(Stdio::from(out))
            .stderr(stderr.unwrap_or_else(|| Stdio::from(err)))
            .spawn()
            .unwrap();
        Spawned {
            child,
            started: Instant::now(),
            dir,
        }
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Whether it has exited (without reaping it twice).
    fn exited(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }

    /// Wait until it exits or `limit` has passed since it started; then
    /// SIGKILL it (`late`).
    fn wait_within(mut self, limit: Duration) -> Timed {
        let mut late = false;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if self.started.elapsed() >= limit {
                late = true;
                let _ = self.child.kill();
                break self.child.wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let took = self.started.elapsed();
        let read = |name: &str| {
            String::from_utf8_lossy(&std::fs::read(self.dir.path().join(name)).unwrap())
                .into_owned()
        };
        let run = Run {
            code: status.code().unwrap_or(-1),
            stdout: read("stdout"),
            stderr: read("stderr"),
        };
        Timed {
            run,
            status,
            took,
            late,
        }
    }
}

impl Drop for Spawned {
    /// A process a failing test left running is killed, never leaked.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl std::fmt::Debug for Timed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let signal = self
            .status
            .signal()
            .map(|s| format!(", killed by signal {s}"))
            .unwrap_or_default();
        write!(
            f,
            "after {:?}{}{signal}: {:?}",
            self.took,
            if self.late {
                " (killed at its deadline)"
            } else {
                ""
            },
            self.run
        )
    }
}

/// The binary as `ctx.cmd` runs it, with a lock timeout far above every
/// deadline here: a test that ends early did not end on the lock.
fn cmd(ctx: &Ctx, args: &[&str]) -> Command {
    let mut cmd = ctx.cmd(args);
    cmd.env("CREDBROKER_LOCK_TIMEOUT", "5m");
    cmd
}

/// `bash -c script` with the environment of `ctx.cmd`.
fn bash(ctx: &Ctx, script: &str) -> Command {
    let mut sh = Command::new("bash");
    sh.arg("-c").arg(script).stdin(Stdio::null());
    copy_env(&ctx.cmd(&[]), &mut sh);
    sh
}

#[track_caller]
fn assert_no_bug(run: &Run) {
    for bug in ["hit a bug", "panicked", "RUST_BACKTRACE"] {
        assert!(!run.stderr.contains(bug), "{bug:?} in {run:?}");
    }
}

fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
}

// ---------------------------------------------------------------------------
// Helper processes: their pids, whether they live, and cleaning up
// ---------------------------------------------------------------------------

/// `tests/support/hang.sh PIDFILE` as a command line for a profile.
fn hang_command(pidfile: &Path) -> String {
    format!(
        "sh {} {}",
        crate::support::script("hang.sh").display(),
        pidfile.display()
    )
}

/// The helper's pid and its forked child's, once it wrote them.
fn pids_in(pidfile: &Path) -> Option<Vec<i32>> {
    let text = std::fs::read_to_string(pidfile).ok()?;
    let pids: Vec<i32> = text
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    (pids.len() == 2).then_some(pids)
}

/// Whether `pid` is a live process (a zombie is not: it has exited and
/// only waits to be reaped).
fn alive(pid: i32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (comm) S ...`: the state follows the last `)`.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    !matches!(state, Some('Z' | 'X') | None)
}

/// Wait up to `grace` for every pid to be gone; the ones still alive.
fn still_alive_after(pids: &[i32], grace: Duration) -> Vec<i32> {
    let start = Instant::now();
    loop {
        let alive: Vec<i32> = pids.iter().copied().filter(|&p| alive(p)).collect();
        if alive.is_empty() || start.elapsed() >= grace {
            return alive;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Kills, when the test ends (pass or fail), the helper processes a failing
/// credbroker left running.
struct Reaper(Vec<i32>);

impl Drop for Reaper {
    fn drop(&mut self) {
        for &pid in &self.0 {
            if alive(pid) {
                // SAFETY: a plain signal to a pid this test's helper recorded
                // and that is still alive.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
    }
}

/// A profile whose helper hangs, and what the error must name.
struct Hanging {
    ctx: Ctx,
    pidfile: PathBuf,
    profile: &'static str,
    helper: &'static str,
}

/// `guarded` assumes a role on `base`'s keys with an MFA device whose
/// `mfa_process` never exits.
fn hanging_mfa_process() -> Hanging {
    let ctx = Ctx::new();
    let pidfile = ctx.path("helper.pids");
    ctx.config(&format!(
        "{BASE_KEYS}[profile guarded]
role_arn = arn:aws:iam::111111111111:role/guarded
source_profile = base
mfa_serial = {SERIAL}
mfa_process = {}
",
        hang_command(&pidfile)
    ));
    Hanging {
        ctx,
        pidfile,
        profile: "guarded",
        helper: "mfa_process",
    }
}

/// `nested` is a `credential_process` that never exits.
fn hanging_credential_process() -> Hanging {
    let ctx = Ctx::new();
    let pidfile = ctx.path("helper.pids");
    ctx.config(&format!(
        "[profile nested]\ncredential_process = {}\n",
        hang_command(&pidfile)
    ));
    Hanging {
        ctx,
        pidfile,
        profile: "nested",
        helper: "credential_process",
    }
}

// ---------------------------------------------------------------------------
// 1, 2. Token files that are FIFOs
// ---------------------------------------------------------------------------

/// Two processes for `profile`, the second started right after the first:
/// each fails within 2 s (the lock timeout is 5 minutes, so neither waited
/// out a lock) with an error naming `fifo` as not a regular file.
#[track_caller]
fn both_fail_fast_on_the_fifo(ctx: &Ctx, profile: &str, env: &[(&str, String)], fifo: &Path) {
    let start = || {
        let mut c = cmd(ctx, &["credential-process", "--profile", profile]);
        c.envs(env.iter().map(|(k, v)| (k, v)));
        Spawned::start(&mut c)
    };
    let first = start();
    let second = start();
    let limit = Duration::from_secs(10);
    let runs = [first.wait_within(limit), second.wait_within(limit)];
    for (which, t) in ["first", "second"].iter().zip(&runs) {
        assert!(
            !t.late,
            "the {which} process was still running after {limit:?} (blocked on the FIFO, \
             or on the lock of one that is): {t:?}"
        );
        assert!(
            t.took < Duration::from_secs(2),
            "the {which} process took {:?}: {t:?}",
            t.took
        );
        assert_no_bug(&t.run);
        assert_eq!(t.run.stdout, "", "{which}: nothing printed");
        // A token file that cannot be used is the source refusing, as an
        // unreadable web identity token file or a missing SSO sign-in is
        // today (README: 6).
        t.run.assert_code(6);
        t.run
            .assert_stderr_has(&fifo.display().to_string())
            .assert_stderr_has("not a regular file");
    }
    assert!(ctx.counts().is_empty(), "no STS call: {:?}", ctx.counts());
}

#[test]
fn a_fifo_as_web_identity_token_file_fails_fast_and_holds_no_lock() {
    let ctx = Ctx::new();
    let fifo = ctx.path("token.fifo");
    mkfifo(&fifo);
    ctx.config(&format!(
        "[profile wi]
role_arn = arn:aws:iam::111111111111:role/wi
web_identity_token_file = {}
role_session_name = ci
",
        fifo.display()
    ));
    both_fail_fast_on_the_fifo(&ctx, "wi", &[], &fifo);
}

#[test]
fn a_fifo_as_sso_token_file_fails_fast_and_holds_no_lock() {
    let ctx = Ctx::new();
    ctx.config(
        "[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer
",
    );
    // Where `aws sso login` keeps the session's token: the SHA-1 of the
    // session name, as botocore names it.
    use sha1::{Digest, Sha1};
    let name: String = Sha1::digest(b"corp")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = ctx.path(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join(format!("{name}.json"));
    mkfifo(&fifo);
    // Nothing may be asked of a portal: point it at a closed port.
    let nowhere = "http://127.0.0.1:1".to_string();
    let env = [
        ("AWS_ENDPOINT_URL_SSO", nowhere.clone()),
        ("AWS_ENDPOINT_URL_SSO_OIDC", nowhere),
    ];
    both_fail_fast_on_the_fifo(&ctx, "dev", &env, &fifo);
}

// ---------------------------------------------------------------------------
// 3. Helpers that never exit: the process_timeout deadline
// ---------------------------------------------------------------------------

/// With `CREDBROKER_PROCESS_TIMEOUT=2s` credbroker gives up on the helper
/// well within 10 s, names the profile and the helper, and kills the
/// helper's whole process group: the helper and the child it forked.
///
/// Exit code 7: a helper that did not answer in time is a transient failure,
/// as an STS call or an IMDS/ECS endpoint that times out is (README's table,
/// row 7; `ExitCode::StsUnavailable`). 124 is `batch --timeout`'s own code
/// for a target, not a helper's deadline.
fn a_hanging_helper_times_out(h: Hanging) {
    let mut c = cmd(&h.ctx, &["credential-process", "--profile", h.profile]);
    c.env("CREDBROKER_PROCESS_TIMEOUT", "2s");
    let t = Spawned::start(&mut c).wait_within(Duration::from_secs(20));
    let pids = pids_in(&h.pidfile);
    let _reaper = Reaper(pids.clone().unwrap_or_default());
    let pids = pids.unwrap_or_else(|| panic!("the {} helper never ran: {t:?}", h.helper));
    // Every way this goes wrong, at once: a late run also leaves orphans.
    let mut wrong = Vec::new();
    if t.late {
        wrong.push(format!(
            "credbroker still waited for its {} after 20 s with process_timeout 2s",
            h.helper
        ));
    } else if t.took >= Duration::from_secs(10) {
        wrong.push(format!("it took {:?}, not under 10 s", t.took));
    }
    let left = still_alive_after(&pids, Duration::from_secs(3));
    if !left.is_empty() {
        wrong.push(format!(
            "the {} helper's processes {left:?} (of {pids:?}) outlived credbroker",
            h.helper
        ));
    }
    assert!(wrong.is_empty(), "{}: {t:?}", wrong.join("; "));
    assert_no_bug(&t.run);
    assert_eq!(t.run.stdout, "", "nothing printed");
    t.run
        .assert_code(7)
        .assert_stderr_has(&format!("`{}`", h.profile))
        .assert_stderr_has(h.helper);
}

#[test]
fn a_hanging_mfa_process_times_out_and_leaves_nothing_running() {
    a_hanging_helper_times_out(hanging_mfa_process());
}

#[test]
fn a_hanging_nested_credential_process_times_out_and_leaves_nothing_running() {
    a_hanging_helper_times_out(hanging_credential_process());
}

// ---------------------------------------------------------------------------
// 4. SIGTERM while a helper hangs
// ---------------------------------------------------------------------------

/// SIGTERM to credbroker while its helper hangs: it exits promptly and the
/// helper's whole process group is gone.
///
/// Exit code 130: the README documents one code for a run cut short by
/// Ctrl-C or SIGTERM (130, `ExitCode::Interrupted`, "batch interrupted by
/// Ctrl-C / SIGTERM"); a single command interrupted the same way uses the
/// same code rather than a second one (143) or dying by the signal (which
/// would leave no chance to kill the helper's group first).
fn sigterm_while_a_helper_hangs(h: Hanging) {
    let mut c = cmd(&h.ctx, &["credential-process", "--profile", h.profile]);
    // Far beyond this test: the deadline must not be what ends the helper.
    c.env("CREDBROKER_PROCESS_TIMEOUT", "5m");
    let mut spawned = Spawned::start(&mut c);
    let start = Instant::now();
    let pids = loop {
        if let Some(pids) = pids_in(&h.pidfile) {
            break pids;
        }
        if spawned.exited() || start.elapsed() > Duration::from_secs(15) {
            let t = spawned.wait_within(Duration::ZERO);
            panic!("the {} helper never recorded its pids: {t:?}", h.helper);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _reaper = Reaper(pids.clone());
    // SAFETY: a plain signal to the child we spawned and have not reaped.
    unsafe { libc::kill(spawned.pid(), libc::SIGTERM) };
    let t = spawned.wait_within(start.elapsed() + Duration::from_secs(10));
    let mut wrong = Vec::new();
    if t.late {
        wrong.push("credbroker ignored SIGTERM for 10 s".to_string());
    } else if (t.status.code(), t.status.signal()) != (Some(130), None) {
        wrong.push("it did not exit with code 130".to_string());
    }
    let left = still_alive_after(&pids, Duration::from_secs(3));
    if !left.is_empty() {
        wrong.push(format!(
            "the {} helper's processes {left:?} (of {pids:?}) outlived credbroker",
            h.helper
        ));
    }
    assert!(wrong.is_empty(), "{}: {t:?}", wrong.join("; "));
    assert_no_bug(&t.run);
    assert_eq!(t.run.stdout, "", "nothing printed");
}

#[test]
fn sigterm_while_mfa_process_hangs_kills_its_group() {
    sigterm_while_a_helper_hangs(hanging_mfa_process());
}

#[test]
fn sigterm_while_a_nested_credential_process_hangs_kills_its_group() {
    sigterm_while_a_helper_hangs(hanging_credential_process());
}

// ---------------------------------------------------------------------------
// 5. Instance metadata that answers what no instance answers
// ---------------------------------------------------------------------------

/// A fresh metadata fake (each case sets an odd answer for good).
struct Metadata {
    server: FakeServer,
}

impl Metadata {
    fn start() -> Self {
        Metadata {
            server: FakeServer::start("metadata_server.py"),
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/", self.server.port)
    }

    fn ctl(&self, path: &str) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.server.port)).unwrap();
        write!(s, "GET /ctl/{path} HTTP/1.0\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        assert_eq!(
            text.split_whitespace().nth(1),
            Some("200"),
            "control call {path}: {text}"
        );
        text.split("\r\n\r\n").nth(1).unwrap_or("").to_string()
    }

    /// Answer `what` with status 200, `body` (URL-encoded here) and `ctype`.
    fn answer(&self, what: &str, body: &str, ctype: &str) {
        let enc = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        self.ctl(&format!(
            "answer?what={what}&body={}&ctype={}",
            enc(body),
            enc(ctype)
        ));
    }
}

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n\
                         <body><h1>Captive portal</h1><p>Please sign in.</p></body></html>\n";

/// A role list of `"inst\n"`, a role list that is an HTML page, credentials
/// that are an HTML page, all with status 200: the SDK's IMDS client must
/// not be let to panic on them ("credbroker hit a bug", exit 1). Each is an
/// error naming the endpoint, exit 7: an answer that is not the service's
/// is a transient failure, as a non-AWS answer from STS is (README: "IMDS/ECS
/// endpoints that ... fail").
#[test]
fn odd_instance_metadata_answers_are_errors_naming_the_endpoint_not_bugs() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "a role list of \"inst\\n\"",
            "role_list",
            "inst\n",
            "text/plain",
        ),
        (
            "a role list that is an HTML page",
            "role_list",
            HTML_PAGE,
            "text/html",
        ),
        (
            "credentials that are an HTML page",
            "imds_credentials",
            HTML_PAGE,
            "text/html",
        ),
    ];
    let mut wrong = Vec::new();
    for &(case, what, body, ctype) in cases {
        let meta = Metadata::start();
        meta.answer(what, body, ctype);
        let ctx = Ctx::new();
        ctx.config(
            "[profile ec2]\nrole_arn = arn:aws:iam::111111111111:role/ec2\n\
             credential_source = Ec2InstanceMetadata\n",
        );
        let mut c = cmd(&ctx, &["credential-process", "--profile", "ec2"]);
        c.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", meta.endpoint());
        let t = Spawned::start(&mut c).wait_within(Duration::from_secs(60));
        assert!(!t.late, "{case}: {t:?}");
        assert_eq!(t.run.stdout, "", "{case}: nothing printed");
        assert_eq!(ctx.count("AssumeRole"), 0, "{case}: no role assumed");
        // Every case is checked; the failures are reported together.
        let mut problems = Vec::new();
        for bug in ["hit a bug", "panicked"] {
            if t.run.stderr.contains(bug) {
                problems.push(format!("{bug:?} in stderr"));
            }
        }
        if t.run.code != 7 {
            problems.push(format!("exit {}, not 7", t.run.code));
        }
        let endpoint = format!("127.0.0.1:{}", meta.server.port);
        if !t.run.stderr.contains(&endpoint) {
            problems.push(format!("the error does not name the endpoint {endpoint}"));
        }
        if !problems.is_empty() {
            wrong.push(format!("{case}: {}: {t:?}", problems.join(", ")));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Credentials IMDS answers already expired (an instance whose role
/// credentials stopped refreshing) are refused, as every source's expired
/// answer is: exit 7, no role assumed with them, nothing cached. Before,
/// the SDK's provider extended them ("static stability"), credbroker cached
/// them as fresh and signed AssumeRole with dead keys. An unreachable IMDS
/// is transient too (exit 7, not 6).
#[test]
fn expired_or_unreachable_instance_metadata_is_exit_7() {
    let meta = Metadata::start();
    let hour_ago = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let expired = serde_json::json!({
        "Code": "Success",
        "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAEXPIREDEXPIRED",
        "SecretAccessKey": "expired-secret",
        "Token": "expired-token",
        "Expiration": hour_ago
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
    });
    meta.answer("imds_credentials", &expired.to_string(), "application/json");
    let ctx = Ctx::new();
    ctx.config(
        "[profile ec2]\nrole_arn = arn:aws:iam::111111111111:role/ec2\n\
         credential_source = Ec2InstanceMetadata\n",
    );
    let mut c = cmd(&ctx, &["credential-process", "--profile", "ec2"]);
    c.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", meta.endpoint());
    let t = Spawned::start(&mut c).wait_within(Duration::from_secs(60));
    assert_eq!(t.run.code, 7, "{t:?}");
    assert!(t.run.stderr.contains("already expired"), "{t:?}");
    assert_eq!(ctx.count("AssumeRole"), 0, "no role assumed with dead keys");
    assert!(
        !serde_json::to_string(&ctx.entries())
            .unwrap()
            .contains("ASIAEXPIRED"),
        "nothing cached"
    );
    // Nothing listens there: a connection refused is not "retrying will
    // not help".
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let mut c = cmd(&ctx, &["credential-process", "--profile", "ec2"]);
    c.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &nowhere);
    let t = Spawned::start(&mut c).wait_within(Duration::from_secs(60));
    assert_eq!(t.run.code, 7, "{t:?}");
}

// ---------------------------------------------------------------------------
// 6. Closed pipes: `| head -1` and `2>&-`
// ---------------------------------------------------------------------------

/// `credbroker batch 'p*' 2>&1 | head -1`: stdout and stderr are the same
/// pipe, and its reader is gone after the first line. The batch stops and
/// exits 141, as the README documents for a closed stdout; never 134
/// (SIGABRT: a panic on EPIPE, then another in the panic hook).
///
/// Deterministic: p2..p5's AssumeRole calls are held until the reader has
/// exited (the right side of the pipe closes its stdin and leaves a mark),
/// so their lines (and the summary, and any notice) meet a closed pipe.
#[test]
fn batch_into_head_exits_141_never_aborts() {
    let ctx = Ctx::new();
    let mut config = BASE_KEYS.to_string();
    for i in 1..=5 {
        config.push_str(&format!(
            "[profile p{i}]\nrole_arn = arn:aws:iam::10000000000{i}:role/r{i}\nsource_profile = base\n"
        ));
    }
    ctx.config(&config);
    for i in 2..=5 {
        ctx.hold_role(&format!("role/r{i}"));
    }
    let closed = ctx.path("reader-closed");
    let script = format!(
        "'{BIN}' batch 'p*' --concurrency 5 2>&1 | {{ head -1; exec 0<&-; : > '{}'; }}; \
         echo \"status=${{PIPESTATUS[0]}}\"",
        closed.display()
    );
    let mut spawned = Spawned::start(&mut bash(&ctx, &script));
    let start = Instant::now();
    while !closed.exists() {
        if spawned.exited() || start.elapsed() > Duration::from_secs(30) {
            for i in 2..=5 {
                ctx.release_role(&format!("role/r{i}"));
            }
            let t = spawned.wait_within(Duration::ZERO);
            panic!("head never read a first line: {t:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for i in 2..=5 {
        ctx.release_role(&format!("role/r{i}"));
    }
    let t = spawned.wait_within(start.elapsed() + Duration::from_secs(60));
    assert!(
        !t.late,
        "the batch kept running after its reader left: {t:?}"
    );
    assert_no_bug(&t.run);
    let mut lines = t.run.stdout.lines();
    let first: serde_json::Value = serde_json::from_str(lines.next().unwrap_or(""))
        .unwrap_or_else(|_| panic!("head's line is not a batch line: {t:?}"));
    assert_eq!(first["ok"], true, "the first line is p1's credentials");
    assert_eq!(first["target"], "p1");
    let status = lines.next().unwrap_or("");
    assert_ne!(status, "status=134", "credbroker aborted (SIGABRT): {t:?}");
    assert_eq!(status, "status=141", "{t:?}");
}

/// `credential-process … 2>&-`, and a stderr pipe whose reader is gone (an
/// SDK that stopped reading what it captured): a plain success and a cache
/// miss that warns (a corrupt entry) both exit 0 with the JSON on stdout,
/// and the entry is healed. Never an abort on a failed write to stderr.
#[test]
fn credential_process_with_stderr_closed_still_prints_the_json() {
    let ctx = Ctx::new();
    ctx.config(CHAIN_CONFIG);
    let closed = || -> Timed {
        let script = format!("'{BIN}' credential-process --profile mid 2>&-");
        Spawned::start(&mut bash(&ctx, &script)).wait_within(Duration::from_secs(60))
    };
    let broken = || -> Timed {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // every write to stderr now fails with EPIPE
        Spawned::start_with_stderr(
            &mut cmd(&ctx, &["credential-process", "--profile", "mid"]),
            Some(Stdio::from(writer)),
        )
        .wait_within(Duration::from_secs(60))
    };
    let corrupt = || {
        let (name, _) = ctx.entry_of("mid");
        std::fs::write(ctx.cache_dir().join(&name), "{\"version\":1,\"gen").unwrap();
    };
    let mut wrong = Vec::new();
    let mut check = |what: &str, t: Timed| {
        assert!(!t.late, "{what}: {t:?}");
        if t.run.code != 0 {
            wrong.push(format!("{what}: {t:?}"));
        } else {
            t.run.creds();
        }
    };
    check("2>&-, a cold miss", closed());
    check("2>&-, a plain hit", closed());
    corrupt();
    check("2>&-, a corrupt entry (a warning)", closed());
    check("stderr a broken pipe, a plain hit", broken());
    corrupt();
    check(
        "stderr a broken pipe, a corrupt entry (a warning)",
        broken(),
    );
    assert!(wrong.is_empty(), "not exit 0:\n{}", wrong.join("\n"));
    assert_eq!(ctx.assume_role_calls(), 3, "one miss, two corrupt entries");
    assert!(
        ctx.entry_of("mid").1["generation"].as_u64() >= Some(1),
        "rewritten whole"
    );
    // A warning to a closed stderr went nowhere: not into a file credbroker
    // opened (a closed fd 2 is the next file's number).
    for entry in std::fs::read_dir(ctx.cache_dir()).unwrap().flatten() {
        let text = std::fs::read(entry.path()).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&text).contains("warning:"),
            "stderr's text landed in {}",
            entry.path().display()
        );
    }
}

// ---------------------------------------------------------------------------
// 7. Rules that drifted apart: one rule, one home
// ---------------------------------------------------------------------------

/// `exec` and nested processes do not hand the run's MFA code on; neither
/// does `batch -- CMD`.
#[test]
fn batch_commands_do_not_see_the_mfa_code() {
    let ctx = Ctx::new();
    ctx.config(CHAIN_CONFIG);
    let mut c = cmd(
        &ctx,
        &[
            "batch",
            "mid",
            "--",
            "sh",
            "-c",
            "echo \"code=[$CREDBROKER_MFA_TOKEN]\"",
        ],
    );
    c.env("CREDBROKER_MFA_TOKEN", "975310");
    let t = Spawned::start(&mut c).wait_within(Duration::from_secs(60));
    assert!(!t.late, "{t:?}");
    assert_eq!(t.run.code, 0, "{t:?}");
    assert_eq!(t.run.stdout, "[mid] code=[]\n", "{t:?}");
}

/// A `credential_process` that calls credbroker for the profile being
/// resolved: the credbroker inside stops at once with exit 3 (README), and
/// the one outside reports the same 3, not the 6 of a failed helper.
#[test]
fn a_recursion_through_a_nested_process_exits_3_inside_and_outside() {
    let ctx = Ctx::new();
    let codes = ctx.path("inner-codes");
    let wrapper = ctx.path("again.sh");
    std::fs::write(
        &wrapper,
        format!(
            "'{BIN}' credential-process --profile loop\ncode=$?\necho $code >> '{}'\nexit $code\n",
            codes.display()
        ),
    )
    .unwrap();
    ctx.config(&format!(
        "[profile loop]\ncredential_process = sh {}\n",
        wrapper.display()
    ));
    let t = Spawned::start(&mut cmd(&ctx, &["credential-process", "--profile", "loop"]))
        .wait_within(Duration::from_secs(60));
    assert!(!t.late, "{t:?}");
    assert_no_bug(&t.run);
    assert_eq!(
        std::fs::read_to_string(&codes).unwrap_or_default(),
        "3\n",
        "the credbroker inside ran once and exited 3: {t:?}"
    );
    t.run
        .assert_code(3)
        .assert_stderr_has("is already being resolved by a credbroker process up the process tree");
}

/// A local endpoint that answers every request with `response` (a whole
/// HTTP/1.1 answer): something that is not STS where STS should be.
fn not_sts_endpoint(response: &'static str) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&conn);
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let _ = (&conn).write_all(response.as_bytes());
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// An answer to GetSessionToken that STS would not give is a transient
/// failure, exit 7, as the README's table says ("an answer that is not
/// STS's or lacks credentials"), and as it is for AssumeRole (hostile.rs);
/// not a refusal (6). Each way the local STS mangles an answer (an HTML 503
/// page, a proxy's redirect, an answer without the secret, a truncated one,
/// a skewed clock), and answers from something that is not STS at all (a
/// web server's 404, another service's JSON, a plain `OK`). The code sent
/// is never shown.
#[test]
fn a_non_aws_answer_to_get_session_token_exits_7() {
    let config = format!(
        "{BASE_KEYS}[profile guarded]
role_arn = arn:aws:iam::111111111111:role/guarded
source_profile = base
mfa_serial = {SERIAL}
"
    );
    let run = |ctx: &Ctx, endpoint: Option<&str>| -> Timed {
        let mut c = cmd(
            ctx,
            &[
                "credential-process",
                "--profile",
                "guarded",
                "--mfa-token",
                "123456",
            ],
        );
        if let Some(endpoint) = endpoint {
            c.env("AWS_ENDPOINT_URL_STS", endpoint);
        }
        Spawned::start(&mut c).wait_within(Duration::from_secs(60))
    };
    let mut wrong = Vec::new();
    let mut check = |kind: &str, t: Timed| {
        assert!(!t.late, "{kind}: {t:?}");
        assert_no_bug(&t.run);
        assert!(
            !t.run.stderr.contains("123456"),
            "{kind}: the code is shown"
        );
        assert_eq!(t.run.stdout, "", "{kind}: nothing printed");
        assert!(
            t.run.stderr.contains("GetSessionToken"),
            "{kind}: the error names the action: {t:?}"
        );
        if t.run.code != 7 {
            wrong.push(format!("{kind}: {t:?}"));
        }
    };
    let mangled = [
        ("html503", ""),
        ("redirect", "&location=http://portal.example/login"),
        ("no_secret", ""),
        ("truncated", ""),
        ("skew", "&skew=-7200"),
    ];
    for (kind, extra) in mangled {
        let ctx = Ctx::new();
        ctx.config(&config);
        ctx.ctl_ok(&format!(
            "mangle?action=GetSessionToken&kind={kind}&count=1{extra}"
        ));
        check(kind, run(&ctx, None));
        assert_eq!(ctx.count("GetSessionToken"), 1, "{kind}: sent once");
        assert_eq!(ctx.count("AssumeRole"), 0, "{kind}");
    }
    let not_sts: [(&str, &'static str); 3] = [
        (
            "a web server's 404",
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\
             Connection: close\r\n\r\nNot Found",
        ),
        (
            "another service's JSON",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\
             Connection: close\r\n\r\n{\"status\":\"up\"}",
        ),
        (
            "a plain OK",
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\
             Connection: close\r\n\r\nOK",
        ),
    ];
    for (kind, response) in not_sts {
        let ctx = Ctx::new();
        ctx.config(&config);
        let endpoint = not_sts_endpoint(response);
        check(kind, run(&ctx, Some(&endpoint)));
    }
    assert!(wrong.is_empty(), "not exit 7:\n{}", wrong.join("\n"));
}

/// Markup-free text: backticks, roff escapes and line breaks gone.
fn plain(text: &str) -> String {
    text.replace('`', "")
        .replace("\\*(Aq", "'")
        .replace("\\(aq", "'")
        .replace("\\(cq", "'")
        .replace("\\(em", "—")
        .replace("\\&", "")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\-", "-")
        .replace("\\e", "\\")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The README's exit-code table: (code, meaning), `N` included.
fn readme_exit_codes(root: &Path) -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let table = readme
        .split_once("\n## Exit codes\n")
        .expect("README has an `## Exit codes` section")
        .1;
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|row| {
            // | code | error_kind | meaning |: the meaning is the last cell.
            let cells: Vec<&str> = row.trim_matches('|').split('|').collect();
            let meaning = cells[cells.len() - 1];
            (cells[0].trim().to_string(), plain(meaning))
        })
        .collect()
}

/// A man page's EXIT STATUS section: (code, meaning), `N` included.
fn man_exit_codes(page: &str) -> Vec<(String, String)> {
    let section = page
        .split_once(".SH \"EXIT STATUS\"\n")
        .map(|(_, rest)| rest)
        .unwrap_or("");
    let section = section.split("\n.SH ").next().unwrap_or("");
    section
        .split(".TP\n")
        .filter(|p| !p.trim().is_empty())
        .filter_map(|p| {
            let (tag, meaning) = p.split_once('\n')?;
            Some((plain(tag), plain(meaning)))
        })
        .collect()
}

/// One table of exit codes: every code of the README's table (124, 130 and
/// 141 included) is in every man page's EXIT STATUS section, and
/// credbroker(1) gives each the README's meaning, word for word; neither
/// lists a code the other lacks.
#[test]
fn the_man_pages_and_the_readme_give_the_same_exit_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = readme_exit_codes(root);
    let codes: Vec<&str> = readme.iter().map(|(c, _)| c.as_str()).collect();
    for want in [
        "0", "1", "2", "3", "4", "5", "6", "7", "124", "130", "141", "N",
    ] {
        assert!(
            codes.contains(&want),
            "README's table lacks {want}: {codes:?}"
        );
    }
    let main = std::fs::read_to_string(root.join("man/credbroker.1")).unwrap();
    let man: std::collections::BTreeMap<String, String> =
        man_exit_codes(&main).into_iter().collect();
    // Every difference at once.
    let mut wrong = Vec::new();
    for (code, readme_says) in &readme {
        match man.get(code) {
            None => wrong.push(format!("credbroker.1 lacks exit {code} ({readme_says})")),
            Some(man_says) if man_says != readme_says => wrong.push(format!(
                "exit {code}: credbroker.1 says {man_says:?}, the README {readme_says:?}"
            )),
            Some(_) => {}
        }
    }
    for code in man.keys() {
        if !codes.contains(&code.as_str()) {
            wrong.push(format!(
                "credbroker.1 has exit {code}, the README's table does not"
            ));
        }
    }
    for file in std::fs::read_dir(root.join("man")).unwrap() {
        let path = file.unwrap().path();
        let page = std::fs::read_to_string(&path).unwrap();
        let listed: Vec<String> = man_exit_codes(&page).into_iter().map(|(c, _)| c).collect();
        if listed != codes {
            wrong.push(format!(
                "{}: EXIT STATUS lists {listed:?}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
