//! Links that start or extend a chain without plain AssumeRole: MFA
//! sessions (one code for everyone), web identity, instance metadata,
//! container credentials, nested credential_process.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use crate::support::{BIN, Ctx, Run, Waiters, python, spawn_all};

const SERIAL: &str = "arn:aws:iam::000000000000:mfa/tester";

/// An executable `#!/bin/sh` script in the test's HOME.
fn script(ctx: &Ctx, name: &str, body: &str) -> PathBuf {
    let path = ctx.path(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn lines_in(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

fn hold(ctx: &Ctx, action: &str) {
    ctx.ctl_ok(&format!("hold?action={action}&count=-1"));
}

fn wait_held(ctx: &Ctx, action: &str) {
    ctx.ctl_ok(&format!("wait_held?action={action}&n=1&timeout=60"));
}

/// No controlling terminal, as under an SDK or in CI: a new session.
fn without_tty(cmd: &mut Command) -> &mut Command {
    // SAFETY: setsid is async-signal-safe and touches no parent state.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        })
    }
}

fn env_of(ctx: &Ctx, cmd: &mut Command) {
    crate::support::copy_env(&ctx.cmd(&[]), cmd);
}

/// Keys `base` and `other`; `a`, `b` on base and `c` on other, all with
/// the same MFA device; `top` on `a`. `mfa_process` counts its runs.
fn mfa_ctx() -> (Ctx, PathBuf) {
    let ctx = Ctx::new();
    let counter = ctx.path("mfa-codes-read");
    let mfa = script(
        &ctx,
        "mfa.sh",
        &format!("echo read >> {}\necho ' 123456 '", counter.display()),
    );
    let mfa = mfa.display();
    ctx.config(&format!(
        "[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
[profile other]
aws_access_key_id = AKIAOTHERKEYEXAMPLE1
aws_secret_access_key = other/secret/EXAMPLEKEY
[profile a]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = base
mfa_serial = {SERIAL}
mfa_process = {mfa}
[profile top]
role_arn = arn:aws:iam::222222222222:role/top
source_profile = a
[profile b]
role_arn = arn:aws:iam::333333333333:role/b
source_profile = base
mfa_serial = {SERIAL}
mfa_process = {mfa}
[profile c]
role_arn = arn:aws:iam::444444444444:role/c
source_profile = other
mfa_serial = {SERIAL}
mfa_process = {mfa}
[profile typed]
role_arn = arn:aws:iam::555555555555:role/typed
source_profile = base
mfa_serial = {SERIAL}
[profile on-typed]
role_arn = arn:aws:iam::666666666666:role/on-typed
source_profile = typed
"
    ));
    (ctx, counter)
}

fn assert_same(runs: &[Run]) {
    let first = runs[0].creds();
    for run in runs {
        assert_eq!(run.creds(), first, "all print the same credentials");
        first.assert_not_in(&run.stderr, "stderr");
    }
}

#[test]
fn sixteen_processes_on_a_cold_mfa_role_read_one_code() {
    let (ctx, counter) = mfa_ctx();
    hold(&ctx, "GetSessionToken");
    let children = spawn_all(16, |_| {
        let mut cmd = ctx.cmd(&["credential-process", "top"]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    wait_held(&ctx, "GetSessionToken");
    waiters.until_said("an MFA code is being entered there", 15);
    assert_eq!(ctx.count("GetSessionToken"), 1);
    ctx.release(None);
    ctx.ctl_ok("release?action=GetSessionToken");
    let runs = waiters.finish();
    assert_same(&runs);
    assert_eq!(lines_in(&counter), 1, "mfa_process ran once");
    assert_eq!(ctx.count("GetSessionToken"), 1);
    assert_eq!(ctx.count("AssumeRole"), 2, "one per hop");
    let said = runs
        .iter()
        .filter(|r| {
            r.stderr
                .contains("waiting: another credbroker process (pid ")
        })
        .count();
    assert_eq!(said, 15);
    let (_, session) = ctx.entry_of("base");
    assert_eq!(session["label"]["role_arn"], SERIAL);
    assert!(
        !std::fs::read_dir(ctx.cache_dir())
            .unwrap()
            .flatten()
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("123456"))),
        "the code is never stored"
    );
}

/// The pty helper: the command under a pseudo-terminal that types `code`
/// once told to; returns the child and the pipe that tells it.
fn typed_at_a_terminal(ctx: &Ctx, args: &[&str], code: &str) -> (Child, ChildStdin) {
    let helper = crate::support::script("pty_answer.py");
    let mut cmd = Command::new(python());
    env_of(ctx, &mut cmd);
    cmd.arg(helper)
        .args(["MFA code for", code, "--", BIN])
        .args(args)
        .env("CREDBROKER_LOCK_TIMEOUT", "2m")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    without_tty(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let go = child.stdin.take().unwrap();
    (child, go)
}

#[test]
fn a_code_typed_at_a_terminal_serves_sixteen_processes() {
    let (ctx, _) = mfa_ctx();
    let (typist, mut go) = typed_at_a_terminal(&ctx, &["credential-process", "on-typed"], "654321");
    let mut prompted = Waiters::new(vec![typist]);
    prompted.until_said("PROMPTED", 1);
    let others = spawn_all(15, |_| {
        let mut cmd = ctx.cmd(&["credential-process", "on-typed"]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        without_tty(&mut cmd);
        cmd
    });
    let mut waiters = Waiters::new(others);
    waiters.until_said("an MFA code is being entered there", 15);
    assert_eq!(
        ctx.count("GetSessionToken"),
        0,
        "nothing sent before the code"
    );
    writeln!(go, "go").unwrap();
    drop(go);
    let typed = prompted.finish().remove(0);
    assert_eq!(typed.code, 0, "{typed:?}");
    let mut runs = waiters.finish();
    runs.push(Run {
        stderr: String::new(),
        ..typed
    });
    assert_same(&runs);
    assert_eq!(ctx.count("GetSessionToken"), 1);
    assert_eq!(ctx.count("AssumeRole"), 2);
    let last = ctx.ctl_ok("last?action=GetSessionToken");
    assert_eq!(last["TokenCode"], "654321");
    assert_eq!(last["SerialNumber"], SERIAL);
}

/// An `mfa_process` that prompts on the terminal and reads the code there
/// (a password manager asking for its passphrase): it runs in a process
/// group of its own, which is handed the terminal while it runs, so its
/// read is not stopped by SIGTTIN, and credbroker takes the terminal back.
#[test]
fn an_mfa_process_may_prompt_on_the_terminal() {
    let ctx = Ctx::new();
    let helper = script(
        &ctx,
        "ask.sh",
        "printf 'Passphrase for the MFA helper: ' > /dev/tty\nread code < /dev/tty\necho \"$code\"",
    );
    ctx.config(&format!(
        "[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
[profile asked]
role_arn = arn:aws:iam::111111111111:role/asked
source_profile = base
mfa_serial = {SERIAL}
mfa_process = {}
",
        helper.display()
    ));
    let pty = crate::support::script("pty_answer.py");
    let mut cmd = Command::new(python());
    env_of(&ctx, &mut cmd);
    cmd.arg(pty)
        .args(["Passphrase for the MFA helper", "246810", "--", BIN])
        .args(["credential-process", "asked"])
        .env("CREDBROKER_PROCESS_TIMEOUT", "20s")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    without_tty(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let mut go = child.stdin.take().unwrap();
    let mut prompted = Waiters::new(vec![child]);
    prompted.until_said("PROMPTED", 1);
    writeln!(go, "go").unwrap();
    drop(go);
    let run = prompted.finish().remove(0);
    assert_eq!(run.code, 0, "{run:?}");
    run.creds();
    assert_eq!(
        ctx.ctl_ok("last?action=GetSessionToken")["TokenCode"],
        "246810"
    );
}

#[test]
fn roles_on_the_same_keys_and_device_share_one_mfa_session() {
    let (ctx, counter) = mfa_ctx();
    let a = ctx.run(&["credential-process", "a"]).creds();
    let b = ctx.run(&["credential-process", "b"]).creds();
    assert_ne!(a, b);
    assert_eq!(lines_in(&counter), 1, "one code for both roles");
    assert_eq!(ctx.count("GetSessionToken"), 1);
    ctx.run(&["credential-process", "c"]).creds();
    assert_eq!(lines_in(&counter), 2, "other keys: their own session");
    assert_eq!(ctx.count("GetSessionToken"), 2);
    assert_eq!(ctx.count("AssumeRole"), 3);
    let last = ctx.ctl_ok("last?action=GetSessionToken");
    assert_eq!(last["DurationSeconds"], "43200", "12 hours by default");
}

#[test]
fn without_a_terminal_or_a_code_source_it_fails_at_once() {
    let (ctx, _) = mfa_ctx();
    let mut cmd = ctx.cmd(&["credential-process", "typed"]);
    without_tty(&mut cmd);
    let run = Run::from(crate::support::output(&mut cmd));
    run.assert_code(3)
        .assert_stderr_has(&format!("needs a code for MFA device {SERIAL}"))
        .assert_stderr_has("--mfa-token")
        .assert_stderr_has("CREDBROKER_MFA_TOKEN")
        .assert_stderr_has("mfa_process");
    assert!(ctx.counts().is_empty(), "no STS call: {:?}", ctx.counts());
    // Not remembered: a code given now is used at once.
    let mut cmd = ctx.cmd(&["credential-process", "typed"]);
    cmd.env("CREDBROKER_MFA_TOKEN", "246810");
    without_tty(&mut cmd);
    let run = Run::from(crate::support::output(&mut cmd));
    run.creds();
    assert!(!run.stderr.contains("246810"), "{run:?}");
    assert_eq!(
        ctx.ctl_ok("last?action=GetSessionToken")["TokenCode"],
        "246810"
    );
}

#[test]
fn a_refused_code_is_a_clear_error_and_the_next_attempt_asks_again() {
    let (ctx, _) = mfa_ctx();
    ctx.ctl_ok("fault?action=GetSessionToken&code=AccessDenied&status=403&count=1&message=MultiFactorAuthentication+failed+with+invalid+MFA+one+time+pass+code.");
    let mut cmd = ctx.cmd(&["credential-process", "typed", "--mfa-token", "111111"]);
    without_tty(&mut cmd);
    let run = Run::from(crate::support::output(&mut cmd));
    run.assert_code(6)
        .assert_stderr_has("GetSessionToken")
        .assert_stderr_has("AccessDenied")
        .assert_stderr_has("the MFA code may be wrong or already used");
    assert!(!run.stderr.contains("111111"), "{run:?}");
    let mut cmd = ctx.cmd(&["credential-process", "typed", "--mfa-token", "222222"]);
    without_tty(&mut cmd);
    Run::from(crate::support::output(&mut cmd)).creds();
    assert_eq!(ctx.count("GetSessionToken"), 2, "each code sent once");
}

#[test]
fn mfa_above_a_role_goes_with_that_assume_role() {
    let ctx = Ctx::with_chain();
    ctx.config(&format!(
        "{}\n[profile guarded]\nrole_arn = arn:aws:iam::777777777777:role/guarded\n\
         source_profile = mid\nmfa_serial = {SERIAL}\n",
        crate::support::CHAIN_CONFIG
    ));
    ctx.run(&["credential-process", "guarded", "--mfa-token", "135790"])
        .creds();
    assert_eq!(ctx.count("GetSessionToken"), 0, "mid is temporary");
    let last = ctx.ctl_ok("last?action=AssumeRole");
    assert_eq!(last["RoleArn"], "arn:aws:iam::777777777777:role/guarded");
    assert_eq!(last["TokenCode"], "135790");
    assert_eq!(last["SerialNumber"], SERIAL);
}

/// STS refuses a code it has seen: a call that carries one is sent once,
/// even where the SDK would retry a 5xx.
#[test]
fn a_call_carrying_an_mfa_code_is_never_retried() {
    let (ctx, counter) = mfa_ctx();
    let fault = |action: &str| {
        ctx.ctl_ok(&format!(
            "fault?action={action}&code=InternalFailure&status=500&count=1&message=injected"
        ));
    };
    fault("GetSessionToken");
    let run = ctx.run_env(
        &["credential-process", "b"],
        &[("CREDBROKER_STS_MAX_ATTEMPTS", "3")],
    );
    assert_eq!(run.code, 7, "{run:?}");
    assert_eq!(ctx.count("GetSessionToken"), 1, "the code went out once");
    assert_eq!(lines_in(&counter), 1);

    let ctx = Ctx::with_chain();
    ctx.config(&format!(
        "{}\n[profile guarded]\nrole_arn = arn:aws:iam::777777777777:role/guarded\n\
         source_profile = mid\nmfa_serial = {SERIAL}\n",
        crate::support::CHAIN_CONFIG
    ));
    ctx.run(&["credential-process", "mid"]).creds();
    ctx.ctl_ok("fault?action=AssumeRole&code=InternalFailure&status=500&count=1&message=injected");
    let run = ctx.run_env(
        &["credential-process", "guarded", "--mfa-token", "135790"],
        &[("CREDBROKER_STS_MAX_ATTEMPTS", "3")],
    );
    assert_eq!(run.code, 7, "{run:?}");
    assert_eq!(ctx.assume_role_calls(), 2, "mid, then guarded once");
}

/// Something other than STS answering GetSessionToken (a proxy's HTML 503,
/// a web server's 404, another service's JSON) is "STS unavailable", exit
/// 7 as the README says, as for AssumeRole; never a refusal of the code.
#[test]
fn a_non_sts_answer_to_get_session_token_is_unavailable() {
    let (ctx, _) = mfa_ctx();
    ctx.ctl_ok("mangle?action=GetSessionToken&kind=html503&count=1");
    let run = ctx.run(&["credential-process", "b"]);
    run.assert_code(7)
        .assert_stderr_has("answered HTTP 503 (text/html), which is not an AWS answer")
        .assert_stderr_has("hint: something other than AWS answered");
    let answers = [
        ("404 Not Found", "text/plain", "Not Found"),
        ("200 OK", "application/json", "{\"status\":\"up\"}"),
    ];
    for (status, content_type, body) in answers {
        let (ctx, _) = mfa_ctx();
        let endpoint = not_sts(format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        ));
        let run = ctx.run_env(
            &["credential-process", "b"],
            &[("AWS_ENDPOINT_URL_STS", &endpoint)],
        );
        run.assert_code(7)
            .assert_stderr_has("GetSessionToken")
            .assert_stderr_has("hint: something other than AWS answered");
        assert!(!run.stderr.contains("MFA code may be wrong"), "{run:?}");
        assert_eq!(run.stdout, "");
    }
    // The same rule for AssumeRole: one classification for every call.
    let ctx = Ctx::with_chain();
    let endpoint =
        not_sts("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into());
    ctx.run_env(
        &["credential-process", "mid"],
        &[("AWS_ENDPOINT_URL_STS", &endpoint)],
    )
    .assert_code(7)
    .assert_stderr_has("STS AssumeRole");
}

/// An endpoint that answers every request with `response`, whatever it asks.
fn not_sts(response: String) -> String {
    use std::io::{BufRead, BufReader, Read};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut reader = BufReader::new(&conn);
            let mut length = 0;
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let _ = reader.read_exact(&mut vec![0; length]);
            let _ = (&conn).write_all(response.as_bytes());
        }
    });
    format!("http://127.0.0.1:{port}")
}

// ---------------------------------------------------------------------------
// Web identity
// ---------------------------------------------------------------------------

fn web_identity_ctx() -> (Ctx, PathBuf) {
    let ctx = Ctx::new();
    let token = ctx.path("token");
    std::fs::write(&token, "first-token\n").unwrap();
    ctx.config(&format!(
        "[profile wi]
role_arn = arn:aws:iam::111111111111:role/wi
web_identity_token_file = {}
role_session_name = ci
[profile deploy]
role_arn = arn:aws:iam::222222222222:role/deploy
source_profile = wi
",
        token.display()
    ));
    (ctx, token)
}

#[test]
fn sixteen_processes_make_one_web_identity_call_and_a_rotated_token_is_read() {
    let (ctx, token) = web_identity_ctx();
    hold(&ctx, "AssumeRoleWithWebIdentity");
    let children = spawn_all(16, |_| {
        let mut cmd = ctx.cmd(&["credential-process", "deploy"]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    wait_held(&ctx, "AssumeRoleWithWebIdentity");
    waiters.until_said("waiting: ", 15);
    ctx.ctl_ok("release?action=AssumeRoleWithWebIdentity");
    let runs = waiters.finish();
    assert_same(&runs);
    assert_eq!(ctx.count("AssumeRoleWithWebIdentity"), 1);
    assert_eq!(ctx.count("AssumeRole"), 1);
    let last = ctx.ctl_ok("last?action=AssumeRoleWithWebIdentity");
    assert_eq!(last["WebIdentityToken"], "first-token");
    assert_eq!(last["RoleSessionName"], "ci");

    std::fs::write(&token, "rotated-token\n").unwrap();
    ctx.set_expiry("wi", 120);
    ctx.run(&["credential-process", "wi"]).creds();
    assert_eq!(ctx.count("AssumeRoleWithWebIdentity"), 2);
    let last = ctx.ctl_ok("last?action=AssumeRoleWithWebIdentity");
    assert_eq!(last["WebIdentityToken"], "rotated-token");
}

#[test]
fn web_identity_from_the_environment() {
    let ctx = Ctx::new();
    let token = ctx.path("env-token");
    std::fs::write(&token, "env-token").unwrap();
    let run = ctx.run_env(
        &["credential-process"],
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::111111111111:role/from-env"),
            ("AWS_ROLE_SESSION_NAME", "env-session"),
        ],
    );
    run.creds();
    let last = ctx.ctl_ok("last?action=AssumeRoleWithWebIdentity");
    assert_eq!(last["RoleArn"], "arn:aws:iam::111111111111:role/from-env");
    assert_eq!(last["RoleSessionName"], "env-session");
    assert!(!run.stderr.contains("env-token"));
}

// ---------------------------------------------------------------------------
// Nested credential_process
// ---------------------------------------------------------------------------

#[test]
fn sixteen_processes_run_a_nested_credential_process_once() {
    let ctx = Ctx::new();
    let counter = ctx.path("process-runs");
    let gate = ctx.path("gate");
    let process = script(
        &ctx,
        "creds.sh",
        &format!(
            "echo run >> {counter}\n\
             while [ ! -e {gate} ]; do sleep 0.02; done\n\
             exp=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)\n\
             printf '{{\"Version\": 1, \"AccessKeyId\": \"ASIANESTED\", \"SecretAccessKey\": \"nested-secret\", \
             \"SessionToken\": \"nested-token\", \"Expiration\": \"%s\"}}' \"$exp\"",
            counter = counter.display(),
            gate = gate.display()
        ),
    );
    ctx.config(&format!(
        "[profile nested]\ncredential_process = {} --with 'an arg'\n\
         [profile above]\nrole_arn = arn:aws:iam::111111111111:role/above\nsource_profile = nested\n",
        process.display()
    ));
    let children = spawn_all(16, |_| {
        let mut cmd = ctx.cmd(&["credential-process", "above"]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    waiters.until_said("waiting: ", 15);
    std::fs::write(&gate, "").unwrap();
    let runs = waiters.finish();
    assert_same(&runs);
    assert_eq!(lines_in(&counter), 1, "the command ran once");
    assert_eq!(ctx.count("AssumeRole"), 1);
    let nested = ctx.run(&["credential-process", "nested"]).creds();
    assert_eq!(nested.access_key_id, "ASIANESTED");
    assert_eq!(lines_in(&counter), 1, "cached: it has an expiration");
}

#[test]
fn a_nested_process_without_expiration_runs_every_time() {
    let ctx = Ctx::new();
    let counter = ctx.path("runs");
    let process = script(
        &ctx,
        "keys.sh",
        &format!(
            "echo run >> {}\nprintf '{{\"Version\":1,\"AccessKeyId\":\"AKIAKEYS\",\"SecretAccessKey\":\"s\"}}'",
            counter.display()
        ),
    );
    ctx.config(&format!(
        "[profile keys]\ncredential_process = {}\n",
        process.display()
    ));
    for _ in 0..2 {
        let out = ctx.run(&["credential-process", "keys"]);
        assert_eq!(out.code, 0, "{out:?}");
        assert!(out.stdout.contains("\"AKIAKEYS\""));
    }
    assert_eq!(lines_in(&counter), 2);
    assert!(ctx.entries().is_empty(), "nothing cached");
}

#[test]
fn a_nested_process_never_sees_the_mfa_code_given_to_this_run() {
    let ctx = Ctx::new();
    let process = script(
        &ctx,
        "keys.sh",
        "[ -z \"$CREDBROKER_MFA_TOKEN\" ] || exit 9\n\
         printf '{\"Version\":1,\"AccessKeyId\":\"AKIAKEYS\",\"SecretAccessKey\":\"s\"}'",
    );
    ctx.config(&format!(
        "[profile keys]\ncredential_process = {}\n",
        process.display()
    ));
    let out = ctx.run_env(
        &["credential-process", "keys"],
        &[("CREDBROKER_MFA_TOKEN", "123456")],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\"AKIAKEYS\""));
}

#[test]
fn a_recursive_credential_process_fails_fast() {
    let ctx = Ctx::new();
    let counter = ctx.path("forks");
    let wrapper = script(
        &ctx,
        "again.sh",
        &format!(
            "echo fork >> {}\nexec {BIN} credential-process --profile loop",
            counter.display()
        ),
    );
    ctx.config(&format!(
        "[profile loop]\ncredential_process = {}\n",
        wrapper.display()
    ));
    let run = ctx.run(&["credential-process", "loop"]);
    // The inner credbroker's config error is the outer's too (README: 3).
    run.assert_code(3)
        .assert_stderr_has("profile `loop` (")
        .assert_stderr_has(
            "is already being resolved by a credbroker process up the process tree (loop -> loop)",
        )
        .assert_stderr_has("hint: give credbroker a separate profile for its own use")
        .assert_stderr_has(&format!(
            "error: profile `loop`: credential_process of profile `loop` (`{}`) exited with status 3",
            wrapper.display()
        ));
    assert_eq!(lines_in(&counter), 1, "no fork storm");
}

// ---------------------------------------------------------------------------
// Instance metadata and container credentials
// ---------------------------------------------------------------------------

struct Metadata {
    port: u16,
    _server: crate::support::FakeServer,
}

impl Metadata {
    fn start() -> Self {
        let server = crate::support::FakeServer::start("metadata_server.py");
        Metadata {
            port: server.port,
            _server: server,
        }
    }

    /// A control call: its status and body.
    fn ctl(&self, path: &str) -> (u16, String) {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET /ctl/{path} HTTP/1.0\r\n\r\n").unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut s, &mut text).unwrap();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (
            status,
            text.split("\r\n\r\n").nth(1).unwrap_or("").to_string(),
        )
    }

    fn counts(&self) -> serde_json::Value {
        serde_json::from_str(&self.ctl("counts").1).unwrap()
    }

    /// The environment that points credbroker's IMDS and ECS providers here.
    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                format!("http://127.0.0.1:{}/", self.port),
            ),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("http://127.0.0.1:{}/ecs/creds", self.port),
            ),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "ecs-test-authorization-token".into(),
            ),
        ]
    }
}

#[test]
fn a_role_assumed_from_instance_metadata_and_from_a_container() {
    let meta = Metadata::start();
    let ctx = Ctx::new();
    ctx.config(
        "[profile ec2]\nrole_arn = arn:aws:iam::111111111111:role/ec2\ncredential_source = Ec2InstanceMetadata\n\
         [profile ecs]\nrole_arn = arn:aws:iam::222222222222:role/ecs\ncredential_source = EcsContainer\n",
    );
    let endpoint = format!("http://127.0.0.1:{}/", meta.port);
    let full_uri = format!("http://127.0.0.1:{}/ecs/creds", meta.port);
    let env: &[(&str, &str)] = &[
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "ecs-test-authorization-token",
        ),
    ];
    let ec2 = ctx.run_env(&["credential-process", "ec2"], env).creds();
    let ecs = ctx.run_env(&["credential-process", "ecs"], env).creds();
    assert_ne!(ec2, ecs);
    assert_eq!(ctx.count("AssumeRole"), 2);
    let counts = meta.counts();
    assert_eq!(counts["imds_credentials"], 1, "{counts}");
    assert_eq!(counts["ecs"], 1, "{counts}");
    assert_eq!(counts["unauthorized"], 0, "{counts}");
    // The source links are cached like any other.
    ctx.run_env(&["credential-process", "ec2", "--force-refresh"], env)
        .creds();
    assert_eq!(meta.counts()["imds_credentials"], 1);
    let listed = ctx.run_env(&["list", "--format", "json"], env);
    let rows: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let start_of = |p: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["profile"] == p)
            .unwrap()["start"]
            .clone()
    };
    assert_eq!(start_of("ec2"), "ec2-instance-metadata");
    assert_eq!(start_of("ecs"), "ecs-container");

    ctx.run(&["cache", "clear"]);
    let disabled = ctx.run_env(
        &["credential-process", "ec2"],
        &[env[0], ("AWS_EC2_METADATA_DISABLED", "true")],
    );
    disabled
        .assert_code(6)
        .assert_stderr_has("IMDS disabled by AWS_EC2_METADATA_DISABLED");
    assert_eq!(meta.counts()["token"], 1, "IMDS not called");
}

/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` is checked through the runner
/// before the SDK's provider reads it (with a blocking read): a regular file
/// is used, a FIFO is an error naming it at once, with no call made.
#[test]
fn the_container_token_file_must_be_a_regular_file() {
    let meta = Metadata::start();
    let ctx = Ctx::new();
    ctx.config(
        "[profile ecs]\nrole_arn = arn:aws:iam::222222222222:role/ecs\ncredential_source = EcsContainer\n",
    );
    let full_uri = format!("http://127.0.0.1:{}/ecs/creds", meta.port);
    let token = ctx.path("ecs-token");
    std::fs::write(&token, "ecs-test-authorization-token").unwrap();
    let token_s = token.display().to_string();
    let env: &[(&str, &str)] = &[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token_s),
    ];
    ctx.run_env(&["credential-process", "ecs"], env).creds();
    assert_eq!(meta.counts()["ecs"], 1);
    assert_eq!(meta.counts()["unauthorized"], 0);

    let fifo = ctx.path("ecs-token.fifo");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let fifo_s = fifo.display().to_string();
    ctx.run(&["cache", "clear"]).assert_code(0);
    let started = std::time::Instant::now();
    let run = ctx.run_env(
        &["credential-process", "ecs"],
        &[env[0], ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &fifo_s)],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{run:?}"
    );
    run.assert_code(6)
        .assert_stderr_has(&format!(
            "cannot use AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: {fifo_s} is not a regular file (it is a FIFO)"
        ));
    assert_eq!(meta.counts()["ecs"], 1, "no call with the FIFO");
}

// ---------------------------------------------------------------------------
// The new entries survive what the old ones survive
// ---------------------------------------------------------------------------

/// A context for `kind`, the profile to ask for, the label profile of the
/// kind's own entry, and how to hold / release its refresh.
struct Kind {
    ctx: Ctx,
    profile: &'static str,
    entry: &'static str,
    gate: Option<PathBuf>,
    action: Option<&'static str>,
    /// The instance-metadata fake and what of it to hold (`imds`, `ecs`).
    meta: Option<(Metadata, &'static str)>,
}

impl Kind {
    fn all() -> Vec<Kind> {
        let (mfa, _) = mfa_ctx();
        let (wi, _) = web_identity_ctx();
        let nested = Ctx::new();
        let gate = nested.path("gate");
        let process = script(
            &nested,
            "gated.sh",
            &format!(
                "echo started >> {}.started\nwhile [ ! -e {} ]; do sleep 0.02; done\n\
                 exp=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)\n\
                 printf '{{\"Version\":1,\"AccessKeyId\":\"ASIAG\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"%s\"}}' \"$exp\"",
                gate.display(),
                gate.display()
            ),
        );
        nested.config(&format!(
            "[profile nested]\ncredential_process = {}\n",
            process.display()
        ));
        // The metadata link is labelled with the profile that names the
        // source, so the role above it lives in a profile of its own.
        let metadata = |source: &str, what: &'static str| {
            let ctx = Ctx::new();
            ctx.config(&format!(
                "[profile src]\nrole_arn = arn:aws:iam::111111111111:role/src\ncredential_source = {source}\n"
            ));
            (ctx, Some((Metadata::start(), what)))
        };
        let (imds, imds_meta) = metadata("Ec2InstanceMetadata", "imds");
        let (ecs, ecs_meta) = metadata("EcsContainer", "ecs");
        vec![
            Kind {
                ctx: mfa,
                profile: "a",
                entry: "base",
                gate: None,
                action: Some("GetSessionToken"),
                meta: None,
            },
            Kind {
                ctx: wi,
                profile: "wi",
                entry: "wi",
                gate: None,
                action: Some("AssumeRoleWithWebIdentity"),
                meta: None,
            },
            Kind {
                ctx: nested,
                profile: "nested",
                entry: "nested",
                gate: Some(gate),
                action: None,
                meta: None,
            },
            Kind {
                ctx: imds,
                profile: "src",
                entry: "src",
                gate: None,
                action: None,
                meta: imds_meta,
            },
            Kind {
                ctx: ecs,
                profile: "src",
                entry: "src",
                gate: None,
                action: None,
                meta: ecs_meta,
            },
        ]
    }

    fn hold(&self) {
        if let Some(action) = self.action {
            hold(&self.ctx, action);
        }
        if let Some((meta, what)) = &self.meta {
            assert_eq!(meta.ctl(&format!("hold?what={what}")).0, 200);
        }
    }

    /// The kind's own entry (for metadata kinds, the one below the role,
    /// which carries the same profile label).
    fn entry_of(&self) -> (String, serde_json::Value) {
        let target = match &self.meta {
            Some((_, "imds")) => Some("instance metadata"),
            Some(_) => Some("container credentials"),
            None => None,
        };
        match target {
            None => self.ctx.entry_of(self.entry),
            Some(t) => self
                .ctx
                .entries()
                .into_iter()
                .find(|(_, e)| e["label"]["profile"] == self.entry && e["label"]["role_arn"] == t)
                .unwrap_or_else(|| panic!("no {t} entry")),
        }
    }

    /// Whether the entry sits below the profile asked for, so that only a
    /// refresh of that profile reaches it.
    fn below(&self) -> bool {
        self.profile != self.entry || self.meta.is_some()
    }

    /// The binary with this kind's environment.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.ctx.cmd(args);
        if let Some((meta, _)) = &self.meta {
            cmd.envs(meta.env());
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(crate::support::output(&mut self.cmd(args)))
    }

    /// Until the holder is inside its refresh, with the lock taken.
    fn wait_held(&self) {
        if let Some(action) = self.action {
            wait_held(&self.ctx, action);
        }
        if let Some((meta, _)) = &self.meta {
            assert_eq!(
                meta.ctl("wait_held?n=1").0,
                200,
                "the metadata call was never held"
            );
        }
        if let Some(gate) = &self.gate {
            let started = gate.with_extension("started");
            // The gated command announces itself with a file: wait for it.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while !started.exists() {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the command never started"
                );
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
    }

    fn release(&self) {
        if let Some(action) = self.action {
            self.ctx.ctl_ok(&format!("release?action={action}"));
        }
        if let Some((meta, _)) = &self.meta {
            assert_eq!(meta.ctl("release").0, 200);
        }
        if let Some(gate) = &self.gate {
            std::fs::write(gate, "").unwrap();
        }
    }
}

#[test]
fn a_corrupt_entry_of_each_kind_is_a_miss_with_a_warning_and_is_rewritten() {
    for kind in Kind::all() {
        let ctx = &kind.ctx;
        kind.release();
        kind.run(&["credential-process", kind.profile]).creds();
        let (name, _) = kind.entry_of();
        std::fs::write(ctx.cache_dir().join(&name), "{\"version\":1,\"gen").unwrap();
        // The MFA session sits below role `a`, the metadata link below
        // role `src`: refresh the role to reach it.
        let run = match kind.below() {
            false => kind.run(&["credential-process", kind.profile]),
            true => kind.run(&["credential-process", kind.profile, "--force-refresh"]),
        };
        run.creds();
        run.assert_stderr_has(&format!(
            "warning: ignoring the cache entry of {} (",
            kind.entry
        ))
        .assert_stderr_has("it will be rewritten");
        assert_eq!(kind.entry_of().1["generation"], 1, "{}", kind.entry);
        let again = kind.run(&["credential-process", kind.profile]);
        assert_eq!(again.stderr, "", "{}: healed", kind.entry);
    }
}

#[test]
fn a_holder_of_each_kind_killed_mid_refresh_leaves_its_lock_to_a_waiter() {
    // Not the instance-metadata kind: the SDK's IMDS client gives up on an
    // answer after 1 s, so a held answer fails the refresh (a recorded
    // failure, learned by the waiter) before there is a holder to kill.
    for kind in Kind::all()
        .into_iter()
        .filter(|k| !matches!(k.meta, Some((_, "imds"))))
    {
        kind.hold();
        let mut holder = kind
            .cmd(&["credential-process", kind.profile])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        kind.wait_held();
        let mut waiters = Waiters::new(spawn_all(1, |_| {
            let mut cmd = kind.cmd(&["credential-process", kind.profile]);
            cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
            cmd
        }));
        waiters.until_said("waiting: ", 1);
        holder.kill().unwrap(); // SIGKILL, mid-refresh
        holder.wait().unwrap();
        kind.release();
        let runs = waiters.finish();
        runs[0].creds();
        let (_, entry) = kind.entry_of();
        assert_eq!(
            entry["generation"], 1,
            "{}: written once, whole",
            kind.entry
        );
        assert!(entry["credentials"]["access_key_id"].is_string());
    }
}

#[test]
fn exec_does_not_pass_the_mfa_code_on() {
    let (ctx, _) = mfa_ctx();
    let run = ctx.run_env(
        &[
            "exec",
            "typed",
            "--",
            "sh",
            "-c",
            "echo \"code=[$CREDBROKER_MFA_TOKEN]\"",
        ],
        &[("CREDBROKER_MFA_TOKEN", "975310")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "code=[]\n");
    assert_eq!(ctx.count("GetSessionToken"), 1);
}

/// `batch -- CMD` removes the same variables from its commands as `exec`
/// and helpers do: a code given for this run is not handed on.
#[test]
fn batch_commands_do_not_get_the_mfa_code() {
    let (ctx, _) = mfa_ctx();
    let run = ctx.run_env(
        &[
            "batch",
            "b",
            "--",
            "sh",
            "-c",
            "echo \"code=[$CREDBROKER_MFA_TOKEN]\"",
        ],
        &[("CREDBROKER_MFA_TOKEN", "975310")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "[b] code=[]\n");
}

#[test]
fn a_nested_process_that_prints_bad_credentials_is_refused_without_echoing_them() {
    let ctx = Ctx::new();
    let v2 = script(
        &ctx,
        "v2.sh",
        "printf '{\"Version\":2,\"AccessKeyId\":\"AKIAV2\",\"SecretAccessKey\":\"hush-v2\"}'",
    );
    let garbage = script(&ctx, "garbage.sh", "printf 'SecretAccessKey=hush-garbage'");
    let empty = script(
        &ctx,
        "empty.sh",
        "printf '{\"Version\":1,\"AccessKeyId\":\"AKIAE\",\"SecretAccessKey\":\"\"}'",
    );
    let failing = script(&ctx, "fails.sh", "echo 'vault sealed' >&2; exit 4");
    ctx.config(&format!(
        "[profile v2]\ncredential_process = {}\n[profile garbage]\ncredential_process = {}\n\
         [profile empty]\ncredential_process = {}\n[profile failing]\ncredential_process = {}\n",
        v2.display(),
        garbage.display(),
        empty.display(),
        failing.display()
    ));
    let cases = [
        ("v2", "printed Version 2, expected 1"),
        (
            "garbage",
            "printed something that is not credential_process JSON",
        ),
        ("empty", "lacks SecretAccessKey"),
        ("failing", "exited with status 4"),
    ];
    for (profile, message) in cases {
        let run = ctx.run(&["credential-process", profile]);
        run.assert_code(6)
            .assert_stderr_has(&format!(
                "error: credential_process command failed for profile `{profile}`"
            ))
            .assert_stderr_has(message);
        assert!(!run.stderr.contains("hush"), "{profile}: {run:?}");
        assert_eq!(run.stdout, "", "{profile}");
    }
}

#[test]
fn a_batch_over_roles_on_one_mfa_device_reads_one_code() {
    let (ctx, counter) = mfa_ctx();
    let mut config = std::fs::read_to_string(ctx.path(".aws/config")).unwrap();
    for i in 0..12 {
        config.push_str(&format!(
            "[profile r{i:02}]\nrole_arn = arn:aws:iam::{:012}:role/r\nsource_profile = base\n\
             mfa_serial = {SERIAL}\nmfa_process = {}\n",
            100 + i,
            ctx.path("mfa.sh").display()
        ));
    }
    ctx.config(&config);
    let run = ctx.run(&["batch", "r*", "--concurrency", "12"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 12);
    assert_eq!(lines_in(&counter), 1, "one code for the whole batch");
    assert_eq!(ctx.count("GetSessionToken"), 1);
    assert_eq!(ctx.count("AssumeRole"), 12);
}
