//! `login_session` profiles (`aws login` console sessions) against a fake
//! AWS Sign-In (`tests/support/signin_server.py`) whose refresh tokens
//! work once and which checks every DPoP proof against the session's key.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::support::{Ctx, FakeServer, Run, finish, output, python, script, spawn_all};

fn server() -> &'static FakeServer {
    static SERVER: OnceLock<FakeServer> = OnceLock::new();
    SERVER.get_or_init(|| FakeServer::start("signin_server.py"))
}

const SESSION: &str = "arn:aws:iam::123456789012:user/console";

const CONFIG: &str = "\
[profile console]
login_session = arn:aws:iam::123456789012:user/console
region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = console
";

struct Login {
    ctx: Ctx,
    port: u16,
}

impl Login {
    fn new() -> Self {
        let ctx = Ctx::new();
        ctx.config(CONFIG);
        Login {
            ctx,
            port: server().port,
        }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.ctx.cmd(args);
        cmd.env(
            "AWS_ENDPOINT_URL_SIGNIN",
            format!("http://127.0.0.1:{}/ns/{}", self.port, self.ctx.ns),
        )
        .env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(output(&mut self.cmd(args)))
    }

    fn ctl(&self, op: &str) -> serde_json::Value {
        let request = format!(
            "GET /ctl/{}/{op} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
            self.ctx.ns
        );
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.contains(" 200 "), "control call {op} failed");
        serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap()
    }

    fn count(&self, what: &str) -> u64 {
        self.ctl("counts")[what].as_u64().unwrap()
    }

    fn token_path(&self) -> PathBuf {
        let hex: String = Sha256::digest(SESSION.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.ctx.path(&format!(".aws/login/cache/{hex}.json"))
    }

    /// `aws login`: the fake's new session, written where the AWS CLI does.
    fn sign_in(&self, expires_in: i64) -> serde_json::Value {
        let token = self.ctl(&format!("login?expires_in={expires_in}"));
        self.write_token(&token);
        token
    }

    fn write_token(&self, token: &serde_json::Value) {
        let path = self.token_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, token.to_string()).unwrap();
    }

    /// `tests/support/login_client.py console`: botocore's own
    /// `login_session` provider on this HOME, config and fake, as another
    /// client of the same session (it takes no lock). `PYTHONPATH` passes
    /// through, for an `awscrt` (botocore's `crt` extra) kept beside the venv.
    fn botocore(&self) -> Command {
        let mut cmd = Command::new(python());
        cmd.arg(script("login_client.py"))
            .arg("console")
            .env_clear()
            .env("HOME", self.ctx.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", self.ctx.path(".aws/config"))
            .env(
                "AWS_ENDPOINT_URL_SIGNIN",
                format!("http://127.0.0.1:{}/ns/{}", self.port, self.ctx.ns),
            );
        if let Some(path) = std::env::var_os("PYTHONPATH") {
            cmd.env("PYTHONPATH", path);
        }
        cmd
    }

    fn token(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.token_path()).unwrap();
        serde_json::from_str(&text).expect("the token file is whole JSON")
    }
}

/// Whether `names` appear in `text` (the file as written) in this order.
#[track_caller]
fn assert_in_order(text: &str, names: &[&str]) {
    let at: Vec<usize> = names
        .iter()
        .map(|n| {
            text.find(&format!("\"{n}\":"))
                .unwrap_or_else(|| panic!("{n} is missing"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "fields out of order: {names:?}"
    );
}

/// An expired session and 16 credbroker processes at once: one refresh,
/// one answer for all, and the file rewritten in the SDK's format with
/// every field and the DPoP key kept, so the next client need not refresh.
#[test]
fn sixteen_processes_on_an_expired_session_refresh_it_once() {
    let login = Login::new();
    let old = login.sign_in(-60);
    let children = spawn_all(16, |_| login.cmd(&["credential-process", "console"]));
    let runs: Vec<Run> = children.into_iter().map(|c| Run::from(finish(c))).collect();
    for run in &runs {
        run.assert_code(0);
    }
    let first = runs[0].creds();
    assert!(
        runs.iter().all(|r| r.creds() == first),
        "16 identical outputs"
    );
    assert_eq!(login.count("refresh"), 1, "exactly one refresh call");
    assert_eq!(login.count("refreshed"), 1);

    let new = login.token();
    let at = &new["accessToken"];
    assert_eq!(first.access_key_id, at["accessKeyId"].as_str().unwrap());
    assert!(first.secret == at["secretAccessKey"].as_str().unwrap());
    assert!(first.token == at["sessionToken"].as_str().unwrap());
    assert!(at["accessKeyId"] != old["accessToken"]["accessKeyId"]);
    assert!(new["refreshToken"] != old["refreshToken"], "rotated");
    // The SDK's format: every field, in its order; what did not change kept.
    let text = std::fs::read_to_string(login.token_path()).unwrap();
    assert_in_order(
        &text,
        &[
            "accessToken",
            "accessKeyId",
            "secretAccessKey",
            "sessionToken",
            "accountId",
            "expiresAt",
            "tokenType",
            "refreshToken",
            "idToken",
            "clientId",
            "dpopKey",
        ],
    );
    assert_eq!(new.as_object().unwrap().len(), 6, "no field added or lost");
    assert_eq!(at.as_object().unwrap().len(), 5);
    assert_eq!(at["accountId"], old["accessToken"]["accountId"]);
    assert!(new["dpopKey"] == old["dpopKey"], "the DPoP key is kept");
    assert!(new["idToken"] == old["idToken"], "the id token is kept");
    assert_eq!(new["clientId"], old["clientId"]);
    assert_eq!(new["tokenType"], old["tokenType"]);
    let expires = at["expiresAt"].as_str().unwrap();
    assert!(
        expires.ends_with('Z') && expires.len() == 20,
        "expiresAt as the SDKs write it: {expires}"
    );
    // credbroker again: its cache, no second refresh.
    login.run(&["credential-process", "console"]).assert_code(0);
    assert_eq!(login.count("refresh"), 1);
    // botocore's own provider takes the rewritten file as it is.
    let botocore = Run::from(output(&mut login.botocore()));
    assert_eq!(botocore.stdout.trim(), first.access_key_id, "{botocore:?}");
    assert_eq!(login.count("refresh"), 1, "botocore did not refresh");
    // And the Rust SDK's (aws-config's `credentials-login`).
    let mut sdk = Command::new(crate::server::rust_client());
    crate::support::copy_env(&login.cmd(&[]), &mut sdk);
    sdk.env("AWS_PROFILE", "console")
        .env("AWS_CONFIG_FILE", login.ctx.path(".aws/config"));
    let sdk = Run::from(output(&mut sdk));
    assert_eq!(sdk.code, 0, "{sdk:?}");
    let line: serde_json::Value = serde_json::from_str(sdk.stdout.trim()).unwrap();
    assert_eq!(line["access_key_id"], first.access_key_id.as_str());
    assert_eq!(login.count("refresh"), 1, "the Rust SDK did not refresh");
}

/// Another client (botocore, which takes no lock) spends the refresh token
/// while credbroker's refresh is in flight: credbroker is refused, re-reads
/// the file, and uses the token the other client wrote.
#[test]
fn a_refresh_token_spent_by_another_client_is_recovered_from() {
    let login = Login::new();
    login.sign_in(-60);
    login.ctl("hold?count=1");
    let child = login
        .cmd(&["credential-process", "console"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    login.ctl("wait_held?n=1&timeout=60");
    let theirs = login.ctl("spend");
    login.write_token(&theirs);
    login.ctl("release");
    let run = Run::from(finish(child));
    run.assert_code(0);
    let creds = run.creds();
    assert_eq!(
        creds.access_key_id,
        theirs["accessToken"]["accessKeyId"].as_str().unwrap()
    );
    assert_eq!(login.count("refused"), 1, "credbroker's call was refused");
    assert_eq!(login.count("refresh"), 1, "and not tried again");
    assert!(login.token() == theirs, "the other client's token is kept");
}

/// An expired session without a refresh token: run `aws login`; no
/// browser, no call.
#[test]
fn an_expired_session_without_a_refresh_token_says_to_run_aws_login() {
    let login = Login::new();
    let mut token = login.sign_in(-60);
    token.as_object_mut().unwrap().remove("refreshToken");
    login.write_token(&token);
    let run = login.run(&["credential-process", "console"]);
    run.assert_code(6);
    run.assert_stderr_has("run `aws login --profile console`");
    assert!(!run.stderr.contains("credbroker login"), "{run:?}");
    assert_eq!(login.count("refresh"), 0);
}

/// A live session is used as it is (no call), and can start a role chain.
#[test]
fn a_live_session_is_used_without_a_refresh_and_starts_a_chain() {
    let login = Login::new();
    let token = login.sign_in(3600);
    let run = login.run(&["credential-process", "console"]);
    run.assert_code(0);
    assert_eq!(
        run.creds().access_key_id,
        token["accessToken"]["accessKeyId"].as_str().unwrap()
    );
    assert_eq!(login.count("refresh"), 0);
    let ctx = &login.ctx;
    let before = ctx.assume_role_calls();
    let run = login.run(&["credential-process", "admin"]);
    run.assert_code(0);
    assert_eq!(ctx.assume_role_calls(), before + 1);
}

/// The same race with botocore's own provider as the other client: it
/// refreshes (its call is not held) and rewrites the file while
/// credbroker's call, carrying the same refresh token, is held; credbroker
/// is refused, re-reads, and serves what botocore wrote.
#[test]
fn a_refresh_token_spent_by_botocore_is_recovered_from() {
    let login = Login::new();
    login.sign_in(-60);
    login.ctl("hold?count=1");
    let child = login
        .cmd(&["credential-process", "console"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    login.ctl("wait_held?n=1&timeout=60");
    let botocore = Run::from(output(&mut login.botocore()));
    assert!(botocore.stdout.starts_with("ASIA"), "{botocore:?}");
    let theirs = login.token();
    login.ctl("release");
    let run = Run::from(finish(child));
    run.assert_code(0);
    assert_eq!(run.creds().access_key_id, botocore.stdout.trim());
    assert_eq!(login.count("refreshed"), 1, "botocore's");
    assert_eq!(login.count("refused"), 1, "credbroker's");
    assert!(login.token() == theirs, "botocore's token is kept");
}

/// Signing out (the file removed) ends the session's cached credentials
/// at once, and the chains built on them.
#[test]
fn signing_out_stops_the_cached_credentials() {
    let login = Login::new();
    login.sign_in(3600);
    login.run(&["credential-process", "console"]).assert_code(0);
    login.run(&["credential-process", "admin"]).assert_code(0);
    std::fs::remove_file(login.token_path()).unwrap();
    for profile in ["console", "admin"] {
        let run = login.run(&["credential-process", profile]);
        run.assert_code(6);
        run.assert_stderr_has("aws login");
    }
    assert_eq!(login.count("refresh"), 0);
}
