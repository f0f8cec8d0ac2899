//! The credential server: `exec --server` and `serve`, with three real
//! clients (boto3, the AWS SDK for JavaScript, the AWS SDK for Rust), raw
//! requests for what no SDK sends, and the cache it shares with every
//! other command.
//!
//! Secrets: answers are parsed, never printed; the server's and the
//! clients' stderr are checked for the token and the credentials.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use crate::support::{
    BIN, CHAIN_CONFIG, Creds, Ctx, Run, copy_env, finish, output, python, script,
};

/// The SDKs the server is checked against.
#[derive(Clone, Copy, Debug)]
enum Client {
    Boto3,
    JavaScript,
    Rust,
}

const CLIENTS: [Client; 3] = [Client::Boto3, Client::JavaScript, Client::Rust];

impl Client {
    /// The client's program: one GetCallerIdentity through the SDK's
    /// default chain, printing `{"arn","access_key_id","expiration"}`.
    fn argv(self) -> Vec<String> {
        let path = |p: &Path| p.display().to_string();
        match self {
            Client::Boto3 => vec![
                path(&python()),
                path(&script("sdk_client.py")),
                "once".into(),
            ],
            Client::JavaScript => vec!["node".into(), path(&js_client())],
            Client::Rust => vec![path(rust_client())],
        }
    }
}

/// `tests/support/js/client.mjs`, with the SDK scripts/setup-js installs.
fn js_client() -> PathBuf {
    let dir = script("js");
    assert!(
        dir.join("node_modules/@aws-sdk/client-sts").exists(),
        "the AWS SDK for JavaScript is not installed: run scripts/setup-js (scripts/test does)"
    );
    dir.join("client.mjs")
}

/// The `rust_sdk_client` example, built once per test run beside the
/// binary under test (cargo builds examples only when asked).
pub fn rust_client() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let profile_dir = Path::new(BIN).parent().unwrap();
        let target_dir = profile_dir.parent().unwrap();
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .args([
                "build",
                "--quiet",
                "--locked",
                "--example",
                "rust_sdk_client",
            ])
            .arg("--manifest-path")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir);
        if profile_dir.ends_with("release") {
            cargo.arg("--release");
        }
        let built = output(&mut cargo);
        assert!(
            built.status.success(),
            "cargo could not build the rust_sdk_client example:\n{}",
            String::from_utf8_lossy(&built.stderr)
        );
        profile_dir.join("examples/rust_sdk_client")
    })
}

/// What a client printed.
#[derive(Debug)]
struct Identity {
    arn: String,
    access_key_id: String,
}

impl Identity {
    #[track_caller]
    fn of(client: Client, run: &Run) -> Identity {
        assert_eq!(run.code, 0, "{client:?} failed: {run:?}");
        let v: serde_json::Value = serde_json::from_str(run.stdout.trim())
            .unwrap_or_else(|e| panic!("{client:?} printed no JSON ({e})"));
        Identity {
            arn: v["arn"].as_str().unwrap_or_default().to_string(),
            access_key_id: v["access_key_id"].as_str().unwrap_or_default().to_string(),
        }
    }
}

/// The environment every client gets: the test's HOME and local STS, a
/// default region for the profiles that set none, quiet Node.
fn client_env(ctx: &Ctx, cmd: &mut Command) {
    copy_env(&ctx.cmd(&[]), cmd);
    cmd.env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_REGION", "us-east-1")
        .env("NODE_NO_WARNINGS", "1");
}

/// `credbroker [global…] exec --server PROFILE -- CLIENT`.
fn exec_server(ctx: &Ctx, global: &[&str], profile: &str, client: Client) -> Run {
    let mut cmd = Command::new(BIN);
    client_env(ctx, &mut cmd);
    cmd.args(global)
        .args(["exec", "--server", profile, "--"])
        .args(client.argv())
        .stdin(Stdio::null());
    Run::from(output(&mut cmd))
}

/// A running `credbroker serve … --format json`: the variables it printed
/// for each profile, and its stderr as it comes.
struct Serving {
    child: Option<Child>,
    vars: BTreeMap<String, BTreeMap<String, String>>,
    stderr: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Serving {
    /// `serve PROFILES… ARGS…` with `env`.
    fn start(ctx: &Ctx, profiles: &[&str], args: &[&str], env: &[(&str, &str)]) -> Serving {
        let mut cmd = ctx.cmd(&["serve", "--format", "json"]);
        cmd.args(profiles)
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let reader = {
            let stderr = stderr.clone();
            let pipe = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut all = stderr.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            })
        };
        let mut vars = BTreeMap::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        for _ in profiles {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            let Ok(block) = serde_json::from_str::<BTreeMap<String, String>>(&line) else {
                let _ = child.kill();
                let _ = child.wait();
                let _ = reader.join();
                panic!(
                    "serve printed no variables; stderr:\n{}",
                    stderr.lock().unwrap()
                );
            };
            vars.insert(block["CREDBROKER_PROFILE"].clone(), block);
        }
        Serving {
            child: Some(child),
            vars,
            stderr,
            reader: Some(reader),
        }
    }

    fn token(&self) -> String {
        let first = self.vars.values().next().unwrap();
        first["AWS_CONTAINER_AUTHORIZATION_TOKEN"].clone()
    }

    fn url(&self, profile: &str) -> String {
        self.vars[profile]["AWS_CONTAINER_CREDENTIALS_FULL_URI"].clone()
    }

    fn pid(&self) -> i32 {
        self.child.as_ref().unwrap().id() as i32
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `client` run with what `serve` printed for `profile`.
    fn client(&self, ctx: &Ctx, profile: &str, client: Client) -> Run {
        let argv = client.argv();
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..]);
        client_env(ctx, &mut cmd);
        cmd.envs(&self.vars[profile]).stdin(Stdio::null());
        Run::from(output(&mut cmd))
    }

    /// SIGTERM, then its exit code and everything it said on stderr.
    fn stop(mut self) -> (i32, String) {
        let child = self.child.take().unwrap();
        // SAFETY: a signal to our own child, not reaped yet.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let out = finish(child);
        self.reader.take().unwrap().join().unwrap();
        (out.status.code().unwrap_or(-1), self.stderr())
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One request over a connection of its own: the status and the JSON
/// body (never printed: it may hold credentials).
fn get(url: &str, method: &str, token: Option<&str>) -> (u16, serde_json::Value) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).unwrap();
    let auth = token
        .map(|t| format!("Authorization: {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or_default();
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{method} {path}: {status} without a JSON content type"
    );
    (status, serde_json::from_str(body).unwrap_or_default())
}

/// Credentials as an answer carries them, for comparing and for checking
/// a log (`Debug` shows the key id only).
fn creds_of(body: &serde_json::Value) -> Creds {
    let s = |k: &str| body[k].as_str().unwrap_or_default().to_string();
    Creds {
        access_key_id: s("AccessKeyId"),
        secret: s("SecretAccessKey"),
        token: s("Token"),
        expiration: s("Expiration"),
    }
}

#[track_caller]
fn assert_no_secret(text: &str, token: &str, creds: &[&Creds], what: &str) {
    assert!(!text.contains(token), "{what} holds the server's token");
    for c in creds {
        c.assert_not_in(text, what);
    }
}

#[test]
fn exec_server_serves_boto3_javascript_and_rust_from_the_shared_cache() {
    let ctx = Ctx::with_chain();
    let mut seen = Vec::new();
    for client in CLIENTS {
        let run = exec_server(&ctx, &[], "prod", client);
        let identity = Identity::of(client, &run);
        assert!(
            identity
                .arn
                .starts_with("arn:aws:sts::222222222222:assumed-role/admin/"),
            "{client:?}: {identity:?}"
        );
        seen.push((client, identity, run.stderr));
    }
    let cli = ctx.run(&["credential-process", "prod"]).creds();
    for (client, identity, stderr) in &seen {
        assert_eq!(
            identity.access_key_id, cli.access_key_id,
            "{client:?} got what credential-process prints"
        );
        cli.assert_not_in(stderr, "stderr");
    }
    assert_eq!(ctx.assume_role_calls(), 2, "one call per link, for all");
}

#[test]
fn serve_serves_boto3_javascript_and_rust_one_path_per_profile() {
    let ctx = Ctx::with_chain();
    let serving = Serving::start(&ctx, &["prod", "dev"], &[], &[]);
    assert_eq!(ctx.assume_role_calls(), 3, "mid once, then prod and dev");
    assert_eq!(serving.vars["prod"]["AWS_REGION"], "eu-west-1");
    assert!(!serving.vars["dev"].contains_key("AWS_REGION"));
    assert!(
        serving.url("prod").starts_with("http://127.0.0.1:")
            && serving.url("prod").ends_with("/profiles/prod"),
        "{}",
        serving.url("prod")
    );
    let mut answers = Vec::new();
    for (profile, role) in [("prod", "admin"), ("dev", "dev")] {
        let cli = ctx.run(&["credential-process", profile]).creds();
        for client in CLIENTS {
            let run = serving.client(&ctx, profile, client);
            let identity = Identity::of(client, &run);
            assert!(
                identity.arn.contains(&format!(":assumed-role/{role}/")),
                "{client:?} {profile}: {identity:?}"
            );
            assert_eq!(
                identity.access_key_id, cli.access_key_id,
                "{client:?} {profile}"
            );
            assert_no_secret(&run.stderr, &serving.token(), &[&cli], "a client's stderr");
        }
        answers.push(cli);
    }
    assert_eq!(
        ctx.assume_role_calls(),
        3,
        "every client was served from the cache"
    );
    let token = serving.token();
    let (code, stderr) = serving.stop();
    assert_eq!(code, 0, "serve ends well on SIGTERM: {stderr}");
    assert_no_secret(
        &stderr,
        &token,
        &answers.iter().collect::<Vec<_>>(),
        "serve's stderr",
    );
}

#[test]
fn a_missing_or_wrong_token_gets_nothing() {
    let ctx = Ctx::with_chain();
    let serving = Serving::start(&ctx, &["prod"], &[], &[]);
    let (url, token) = (serving.url("prod"), serving.token());
    let (status, body) = get(&url, "GET", Some(&token));
    assert_eq!(status, 200);
    let served = creds_of(&body);
    assert_eq!(body["RoleArn"], "arn:aws:iam::222222222222:role/admin");
    assert_eq!(body["AccountId"], "222222222222");
    // The token with its last character changed (to another one: a token
    // ending in `0` made this the right token one run in sixteen).
    let last = if token.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &token[..token.len() - 1]);
    assert_ne!(wrong, token);
    let unknown = url.replace("/profiles/prod", "/profiles/nope");
    for (what, url, method, sent, status, code) in [
        ("no token", &url, "GET", None, 401, "Unauthorized"),
        (
            "a wrong token",
            &url,
            "GET",
            Some(wrong.as_str()),
            403,
            "Forbidden",
        ),
        (
            "a wrong token, unknown path",
            &unknown,
            "GET",
            Some(&wrong),
            403,
            "Forbidden",
        ),
        (
            "an unknown path",
            &unknown,
            "GET",
            Some(&token),
            404,
            "NotFound",
        ),
        (
            "a POST",
            &url,
            "POST",
            Some(&token),
            405,
            "MethodNotAllowed",
        ),
    ] {
        let (got, body) = get(url, method, sent);
        assert_eq!((got, body["Code"].as_str()), (status, Some(code)), "{what}");
        assert!(body.get("AccessKeyId").is_none(), "{what}: no credentials");
        assert!(body["Message"].is_string(), "{what}: a message");
        let text = body.to_string();
        assert_no_secret(&text, &token, &[&served], what);
    }
    // What an SDK says when its token is wrong.
    let mut boto = serving.vars["prod"].clone();
    boto.insert("AWS_CONTAINER_AUTHORIZATION_TOKEN".into(), wrong);
    let mut cmd = Command::new(python());
    cmd.arg(script("sdk_client.py")).arg("once");
    client_env(&ctx, &mut cmd);
    let run = Run::from(output(cmd.envs(&boto)));
    assert_eq!(run.code, 1, "boto3 gets no credentials: {run:?}");
    assert!(run.stderr.contains("403"), "{run:?}");
    let (code, stderr) = serving.stop();
    assert_eq!(code, 0);
    assert!(stderr.contains("GET /profiles/prod: 401"), "{stderr}");
    assert!(stderr.contains("GET /profiles/prod: 403"), "{stderr}");
    assert_no_secret(&stderr, &token, &[&served], "serve's stderr");
}

/// A role of 15-minute sessions, served with a floor of 895 s: the served
/// credentials fall below it every 5 s, so botocore, which asks the
/// server on every call with less than 15 minutes left, sees a new key
/// within seconds, and never one below the floor.
#[test]
fn a_command_lives_across_refreshes_and_never_holds_credentials_below_the_floor() {
    let ctx = Ctx::new();
    ctx.config(&format!("{CHAIN_CONFIG}\n[profile short]\nrole_arn = arn:aws:iam::555555555555:role/short\nsource_profile = mid\nduration_seconds = 900\n"));
    let mut cmd = Command::new(BIN);
    client_env(&ctx, &mut cmd);
    cmd.args(["--min-ttl", "895s", "exec", "--server", "short", "--"])
        .arg(python())
        .arg(script("sdk_client.py"))
        .args(["refresh", "3"])
        .stdin(Stdio::null());
    let run = Run::from(output(&mut cmd));
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(v["errors"], serde_json::json!([]), "no call failed");
    assert_eq!(v["keys"].as_array().unwrap().len(), 3, "two refreshes seen");
    // The server's clock counts whole seconds: 895 s left by its count is
    // at least 894 s by the client's.
    let least = v["least_left"].as_f64().unwrap();
    assert!(
        least >= 894.0,
        "credentials with {least:.1} s left were held, below the 895 s floor"
    );
    let calls = ctx.calls("AssumeRole", Some("role/short")).len();
    assert!(
        (3..=4).contains(&calls),
        "{calls} AssumeRole calls for 3 keys"
    );
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/mid")).len(),
        1,
        "the link below keeps its own floor"
    );
}

/// 256 clients at once on a chain with nothing cached: each link's call is
/// held until all of them are in, and exactly one reaches STS. They wait
/// inside the server on the broker's single-flight, never on the lock
/// file (where each would say so after a second).
#[test]
fn two_hundred_fifty_six_clients_on_a_cold_chain_make_one_call_per_link() {
    const N: usize = 256;
    let ctx = Ctx::with_chain();
    let serving = Serving::start(&ctx, &["prod"], &[], &[("CREDBROKER_LOCK_TIMEOUT", "2m")]);
    // Started, it has resolved prod once; now nothing is cached.
    for (name, _) in ctx.entries() {
        std::fs::remove_file(ctx.cache_dir().join(name)).unwrap();
    }
    let before = ctx.assume_role_calls();
    ctx.hold_role("role/mid");
    ctx.hold_role("role/admin");
    let (url, token) = (serving.url("prod"), serving.token());
    let clients: Vec<_> = (0..N)
        .map(|_| {
            let (url, token) = (url.clone(), token.clone());
            std::thread::spawn(move || get(&url, "GET", Some(&token)))
        })
        .collect();
    wait_until("the server holds every connection", || {
        sockets(serving.pid()) > N
    });
    wait_until("mid's call is held", || ctx.held_role("role/mid") == 1);
    // Long enough for a request waiting on the lock file to say so.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    ctx.release_role("role/mid");
    wait_until("prod's call is held", || ctx.held_role("role/admin") == 1);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    ctx.release_role("role/admin");
    let answers: Vec<(u16, Creds)> = clients
        .into_iter()
        .map(|c| {
            let (status, body) = c.join().unwrap();
            (status, creds_of(&body))
        })
        .collect();
    assert_eq!(ctx.assume_role_calls() - before, 2, "one call per link");
    let first = &answers[0].1;
    for (status, creds) in &answers {
        assert_eq!(*status, 200);
        assert_eq!(creds, first, "all got the same credentials");
    }
    let token = serving.token();
    let (_, stderr) = serving.stop();
    assert!(
        !stderr.contains("waiting:"),
        "a request waited on the lock file: {stderr}"
    );
    assert_no_secret(&stderr, &token, &[first], "serve's stderr");
}

/// The sockets `pid` has open (its listener, its clients, STS).
fn sockets(pid: i32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| {
            d.flatten()
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < crate::support::DEADLINE,
            "waited too long for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `exec --server`'s command, started and ready: it exits 42 on SIGTERM
/// when `handles`, else dies of it.
fn exec_ready(ctx: &Ctx, handles: bool) -> (Child, BufReader<std::process::ChildStdout>) {
    let handler = match handles {
        true => "signal.signal(signal.SIGTERM, lambda *_: sys.exit(42))",
        false => "",
    };
    let child_code = format!(
        "import signal, sys, time\n{handler}\nprint('ready', flush=True)\ntime.sleep(60)\nsys.exit(3)"
    );
    let mut cmd = ctx.cmd(&["exec", "--server", "prod", "--"]);
    cmd.arg(python())
        .args(["-c", &child_code])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready", "the command started");
    (child, stdout)
}

#[test]
fn sigterm_to_exec_server_reaches_the_command_whose_status_passes_through() {
    let ctx = Ctx::with_chain();
    for (handles, expected) in [(true, 42), (false, 128 + libc::SIGTERM)] {
        let (child, _stdout) = exec_ready(&ctx, handles);
        // SAFETY: a signal to our own child, not reaped yet.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let run = Run::from(finish(child));
        assert_eq!(run.code, expected, "handles SIGTERM: {handles}; {run:?}");
    }
}

/// A request that needs an MFA code, to a server that never asks the
/// terminal: a clear error, a hint on the server's stderr, and served as
/// soon as the code was entered elsewhere.
#[test]
fn a_request_that_needs_an_mfa_code_says_what_to_run() {
    let ctx = Ctx::new();
    ctx.config(
        "[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
[profile typed]
role_arn = arn:aws:iam::555555555555:role/typed
source_profile = base
mfa_serial = arn:aws:iam::000000000000:mfa/tester
",
    );
    // At start, a code is there for the one call that needs it.
    let serving = Serving::start(&ctx, &["typed"], &[], &[("CREDBROKER_MFA_TOKEN", "123456")]);
    assert_eq!(ctx.count("GetSessionToken"), 1);
    ctx.set_expiry("base", 60);
    ctx.set_expiry("typed", 60);
    let (url, token) = (serving.url("typed"), serving.token());
    let (status, body) = get(&url, "GET", Some(&token));
    assert_eq!(
        (status, body["Code"].as_str()),
        (500, Some("config")),
        "{}",
        body["Message"]
    );
    let message = body["Message"].as_str().unwrap();
    assert!(
        message.contains("a credential server never asks on the terminal"),
        "{message}"
    );
    wait_until("the server says what to run", || {
        serving
            .stderr()
            .contains("run `credbroker exec typed -- true` in a terminal")
    });
    assert_eq!(
        ctx.count("GetSessionToken"),
        1,
        "the used code was not sent again"
    );
    // A person enters a code in a terminal (here: the variable).
    ctx.run_env(
        &["exec", "typed", "--", "true"],
        &[("CREDBROKER_MFA_TOKEN", "654321")],
    )
    .assert_code(0);
    let (status, body) = get(&url, "GET", Some(&token));
    assert_eq!(status, 200, "{}", body["Message"]);
    assert_eq!(ctx.count("GetSessionToken"), 2);
    let (_, stderr) = serving.stop();
    assert_no_secret(&stderr, &token, &[&creds_of(&body)], "serve's stderr");
    assert!(!stderr.contains("123456") && !stderr.contains("654321"));
}

#[test]
fn only_loopback_unless_allowed_and_never_long_term_keys() {
    let ctx = Ctx::with_chain();
    let refused = ctx.run(&["serve", "prod", "--listen", "0.0.0.0:0"]);
    refused
        .assert_code(2)
        .assert_stderr_has("refusing to listen on 0.0.0.0:0")
        .assert_stderr_has("--allow-non-loopback");
    assert_eq!(
        ctx.assume_role_calls(),
        0,
        "refused before resolving anything"
    );
    let serving = Serving::start(
        &ctx,
        &["prod"],
        &["--listen", "0.0.0.0:0", "--allow-non-loopback"],
        &[],
    );
    let url = serving.url("prod");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(get(&url, "GET", Some(&serving.token())).0, 200);
    let (_, stderr) = serving.stop();
    assert!(
        stderr.contains("warning: listening on 0.0.0.0:"),
        "{stderr}"
    );
    assert!(stderr.contains("every interface"), "{stderr}");
    for run in [
        ctx.run(&["serve", "base"]),
        ctx.run(&["exec", "--server", "base", "--", "true"]),
    ] {
        run.assert_code(3)
            .assert_stderr_has("profile `base` resolves to long-term keys")
            .assert_stderr_has("credbroker exec base -- CMD");
    }
    ctx.run(&["serve", "prdo"])
        .assert_code(3)
        .assert_stderr_has("did you mean `prod`");
}
