//! IAM Identity Center: SSO links against a fake portal and OIDC
//! (`tests/support/sso_server.py`, checked against boto3 by its selftest).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::support::{Ctx, FakeServer, Run, Waiters, output, python, spawn_all};

use crate::support::script as support;

mod orgs;
mod recovery;

fn server() -> &'static FakeServer {
    static SERVER: OnceLock<FakeServer> = OnceLock::new();
    SERVER.get_or_init(|| FakeServer::start("sso_server.py"))
}

/// $BROWSER for a sign-in: `tests/support/test_browser.py` plays the user.
fn test_browser() -> String {
    format!(
        "{} {}",
        python().display(),
        support("test_browser.py").display()
    )
}

pub(crate) const SESSION: &str = "corp";
const START_URL: &str = "https://d-1234567890.awsapps.com/start";

const SSO_CONFIG: &str = "\
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer

[profile ops]
sso_session = corp
sso_account_id = 444444444444
sso_role_name = Operator

[profile admin]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = dev

[profile legacy]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = ReadOnly
";

/// A test context with the fake SSO beside the local STS (the console's
/// tests use it too).
pub(crate) struct Sso {
    pub(crate) ctx: Ctx,
    port: u16,
}

impl Sso {
    pub(crate) fn new() -> Self {
        let ctx = Ctx::new();
        ctx.config(SSO_CONFIG);
        Sso {
            ctx,
            port: server().port,
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/ns/{}", self.port, self.ctx.ns)
    }

    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.ctx.cmd(args);
        cmd.env("AWS_ENDPOINT_URL_SSO", self.endpoint())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", self.endpoint())
            .env("CREDBROKER_LOCK_TIMEOUT", "2m");
        // No controlling terminal, as under an SDK or in CI, even when the
        // tests run in one: credbroker must not start a sign-in on its own.
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid is async-signal-safe and touches no memory.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        cmd
    }

    /// `credbroker login ARGS` with the test browser as $BROWSER.
    fn login(&self, args: &[&str]) -> Run {
        let mut all = vec!["login"];
        all.extend_from_slice(args);
        let mut cmd = self.cmd(&all);
        cmd.env("BROWSER", test_browser())
            .env("TEST_BROWSER_LOG", self.ctx.path("browser.log"));
        Run::from(output(&mut cmd))
    }

    fn browser_log(&self) -> String {
        std::fs::read_to_string(self.ctx.path("browser.log")).unwrap_or_default()
    }

    /// The page the test browser was last answered with: it runs in the
    /// background and may write its log after credbroker exited.
    fn browser_page(&self) -> String {
        let start = std::time::Instant::now();
        loop {
            let log = self.browser_log();
            if log.ends_with('\n') || start.elapsed() > crate::support::DEADLINE {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
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
        assert!(
            response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"),
            "control call {op}: {response}"
        );
        let body = response.split("\r\n\r\n").nth(1).unwrap_or("null");
        serde_json::from_str(body).unwrap()
    }

    fn counts(&self) -> BTreeMap<String, u64> {
        self.ctl("counts")
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect()
    }

    pub(crate) fn count(&self, action: &str) -> u64 {
        self.counts().get(action).copied().unwrap_or(0)
    }

    /// The sign-in was refreshed once, and `roles` role credentials fetched.
    #[track_caller]
    fn assert_one_token_refresh(&self, roles: u64) {
        let counts = self.counts();
        assert_eq!(
            counts.get("CreateToken:refresh_token"),
            Some(&1),
            "{counts:?}"
        );
        assert_eq!(counts.get("GetRoleCredentials"), Some(&roles), "{counts:?}");
    }

    fn token_path(&self, input: &str) -> PathBuf {
        use sha1_hex::hex;
        self.ctx
            .path(".aws/sso/cache")
            .join(format!("{}.json", hex(input)))
    }

    /// Write a token file as `aws sso login` does, and make the fake accept
    /// it. `refresh`: with a refresh token and a live client registration.
    pub(crate) fn sign_in(&self, name: &str, expires_in: i64, refresh: bool) -> serde_json::Value {
        let now = crate::support::now();
        let mut token = serde_json::json!({
            "startUrl": START_URL,
            "region": "eu-west-1",
            "accessToken": format!("access-{}", self.ctx.ns),
            "expiresAt": rfc3339(now + expires_in),
        });
        let mut ctl = format!("token?access=access-{}", self.ctx.ns);
        if refresh {
            token["refreshToken"] = format!("refresh-{}", self.ctx.ns).into();
            token["clientId"] = "client-seeded".into();
            token["clientSecret"] = "secret-seeded".into();
            token["registrationExpiresAt"] = rfc3339(now + 30 * 86400).into();
            ctl.push_str(&format!(
                "&refresh=refresh-{}&client_id=client-seeded&client_secret=secret-seeded",
                self.ctx.ns
            ));
        }
        self.ctl(&ctl);
        let path = self.token_path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, token.to_string()).unwrap();
        token
    }

    /// Write a token file as another program would.
    fn write_token(&self, name: &str, token: &serde_json::Value) {
        let path = self.token_path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, token.to_string()).unwrap();
    }

    /// `tests/support/sso_client.py MODE dev`: boto3 and botocore on this
    /// HOME, config and fakes, as another client of the same sign-in.
    fn client(&self, mode: &str) -> Command {
        let mut cmd = Command::new(python());
        cmd.arg(support("sso_client.py"))
            .args([mode, "dev"])
            .env_clear()
            .env("HOME", self.ctx.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", self.ctx.path(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.ctx.path(".aws/credentials"),
            )
            .env("AWS_ENDPOINT_URL_SSO", self.endpoint())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", self.endpoint());
        cmd
    }

    fn token(&self, name: &str) -> serde_json::Value {
        let text = std::fs::read_to_string(self.token_path(name)).unwrap();
        serde_json::from_str(&text).expect("the token file is whole JSON")
    }
}

mod sha1_hex {
    use sha1::{Digest, Sha1};

    /// SHA-1 hex, as botocore computes the file name.
    pub fn hex(input: &str) -> String {
        Sha1::digest(input.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// `2026-11-23T06:00:00Z`, as botocore writes `expiresAt`.
fn rfc3339(unix: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap()
        .format(&format)
        .unwrap()
}

#[test]
fn thirty_two_processes_on_a_cold_sso_profile_make_one_portal_call() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 8 * 3600, false);
    sso.ctl("hold?action=GetRoleCredentials&count=-1");
    let children = spawn_all(32, |_| sso.cmd(&["credential-process", "dev"]));
    let mut waiters = Waiters::new(children);
    sso.ctl("wait_held?action=GetRoleCredentials&n=1&timeout=60");
    waiters.until_said("waiting: ", 31);
    assert_eq!(sso.count("GetRoleCredentials"), 1);
    sso.ctl("release?action=GetRoleCredentials");
    let runs = waiters.finish();
    let first = runs[0].creds();
    for run in &runs {
        assert_eq!(run.creds(), first, "all print the same credentials");
        first.assert_not_in(&run.stderr, "stderr");
    }
    assert_eq!(sso.count("GetRoleCredentials"), 1);

    // A role chained on it: one AssumeRole more, no second portal call.
    let admin = sso.run(&["credential-process", "admin"]).creds();
    assert_ne!(admin, first);
    assert_eq!(sso.ctx.assume_role_calls(), 1);
    assert_eq!(sso.count("GetRoleCredentials"), 1);
    assert_eq!(sso.run(&["credential-process", "dev"]).creds(), first);
}

#[test]
fn sixteen_processes_with_an_expired_token_refresh_it_once() {
    let sso = Sso::new();
    let old = sso.sign_in(SESSION, -60, true);
    sso.ctl("hold?action=CreateToken&count=-1");
    let children = spawn_all(16, |_| sso.cmd(&["credential-process", "admin"]));
    let mut waiters = Waiters::new(children);
    sso.ctl("wait_held?action=CreateToken&n=1&timeout=60");
    waiters.until_said("waiting: ", 15);
    sso.ctl("release?action=CreateToken");
    let runs = waiters.finish();
    let first = runs[0].creds();
    for run in &runs {
        assert_eq!(run.creds(), first);
    }
    sso.assert_one_token_refresh(1);
    assert_eq!(sso.ctx.assume_role_calls(), 1);

    // Rewritten in the SDK's format, 0600, with the registration kept.
    let token = sso.token(SESSION);
    let keys: Vec<&str> = token
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let mut want = vec![
        "accessToken",
        "clientId",
        "clientSecret",
        "expiresAt",
        "refreshToken",
        "region",
        "registrationExpiresAt",
        "startUrl",
    ];
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want);
    assert_ne!(token["accessToken"], old["accessToken"]);
    assert_eq!(token["clientId"], "client-seeded");
    assert_eq!(token["startUrl"], START_URL);
    let expires = token["expiresAt"].as_str().unwrap();
    assert!(
        expires.len() == 20 && expires.ends_with('Z'),
        "expiresAt as botocore writes it: {expires}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sso.token_path(SESSION))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // boto3, pointed at the same fakes, uses it without refreshing.
    let script = r#"
import boto3, sys
s = boto3.Session(profile_name="dev")
c = s.get_credentials().get_frozen_credentials()
print(c.access_key[:4])
"#;
    let out = output(
        Command::new(python())
            .args(["-c", script])
            .env("HOME", sso.ctx.home.path())
            .env("AWS_CONFIG_FILE", sso.ctx.path(".aws/config"))
            .env("AWS_ENDPOINT_URL_SSO", sso.endpoint())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", sso.endpoint()),
    );
    assert!(
        out.status.success(),
        "boto3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ASIA");
    sso.assert_one_token_refresh(2);
}

/// Two roles of one session: two links, two link locks, one token. The
/// token's own lock is what keeps its refresh to one.
#[test]
fn two_roles_of_one_session_refresh_its_token_once() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    sso.ctl("hold?action=CreateToken&count=-1");
    let profiles = ["dev", "ops"];
    let children = spawn_all(16, |i| sso.cmd(&["credential-process", profiles[i % 2]]));
    let mut waiters = Waiters::new(children);
    sso.ctl("wait_held?action=CreateToken&n=1&timeout=60");
    // 14 wait on their link's lock, one on the token's lock.
    waiters.until_said("waiting: ", 15);
    assert_eq!(sso.count("CreateToken"), 1, "only one process refreshes");
    sso.ctl("release?action=CreateToken");
    let runs = waiters.finish();
    for (i, run) in runs.iter().enumerate() {
        assert_eq!(run.creds(), runs[i % 2].creds());
    }
    assert_ne!(runs[0].creds(), runs[1].creds());
    assert!(
        runs.iter().any(|r| r
            .stderr
            .contains("refreshing the SSO sign-in of sso-session `corp`")),
        "the waiter on the token says what it waits for"
    );
    sso.assert_one_token_refresh(2);
}

#[test]
fn an_expired_token_without_refresh_and_no_terminal_names_the_login_command() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, false);
    let run = sso.run(&["credential-process", "admin"]);
    run.assert_code(6)
        .assert_stderr_has("credbroker login dev")
        .assert_stderr_has("aws sso login --sso-session corp")
        .assert_stderr_has("sso-session `corp`");
    assert!(!run.stderr.contains(&format!("access-{}", sso.ctx.ns)));
    assert_eq!(sso.count("GetRoleCredentials"), 0);
    assert_eq!(sso.count("CreateToken"), 0);
    assert_eq!(sso.ctx.assume_role_calls(), 0);

    // No token at all: the same, for a legacy profile too.
    let run = sso.run(&["credential-process", "legacy"]);
    run.assert_code(6)
        .assert_stderr_has("credbroker login legacy")
        .assert_stderr_has("aws sso login --profile legacy");
}

#[test]
fn legacy_profiles_resolve() {
    let sso = Sso::new();
    sso.sign_in(START_URL, 3600, false);
    let creds = sso.run(&["credential-process", "legacy"]).creds();
    assert!(creds.access_key_id.starts_with("ASIA"));
    assert_eq!(sso.count("GetRoleCredentials"), 1);
}

#[test]
fn a_sigkill_during_a_refresh_leaves_the_token_file_whole() {
    let sso = Sso::new();
    let old = sso.sign_in(SESSION, -60, true);
    sso.ctl("hold?action=CreateToken&count=1");
    let mut child = sso
        .cmd(&["credential-process", "dev"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    sso.ctl("wait_held?action=CreateToken&n=1&timeout=60");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(sso.token(SESSION), old, "the old token, untouched");
    // The lock died with it: the next process refreshes at once.
    let creds = sso.run(&["credential-process", "dev"]).creds();
    assert!(creds.access_key_id.starts_with("ASIA"));
    assert_ne!(sso.token(SESSION)["accessToken"], old["accessToken"]);
    let leftovers = std::fs::read_dir(sso.ctx.path(".aws/sso/cache"))
        .unwrap()
        .count();
    assert_eq!(leftovers, 1, "no temporary files left beside the token");
    // The dead process's request may now go on; its answer reaches nobody.
    sso.ctl("release?action=CreateToken");
}

/// The instant that matters for the file the AWS CLI reads: the refreshed
/// token is whole in its temporary file, not yet renamed. Killed there, the
/// old token file survives byte for byte. Its refresh token was spent by the
/// dead process (the fake, like IAM Identity Center, rotates refresh
/// tokens), so the next process asks for a sign-in, clearly and at once.
#[test]
fn a_sigkill_between_the_token_write_and_its_rename_leaves_the_old_token() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    let before = std::fs::read(sso.token_path(SESSION)).unwrap();
    let pause = sso.ctx.path("pause");
    let mut cmd = sso.cmd(&["credential-process", "dev"]);
    cmd.env("CREDBROKER_TEST_PAUSE_BEFORE_RENAME", &pause);
    let mut victim = Waiters::new(vec![
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    ]);
    victim.until_said("test pause: ", 1);
    assert_eq!(sso.count("CreateToken"), 1);
    victim.kill();
    victim.finish();
    assert!(
        std::fs::read(sso.token_path(SESSION)).unwrap() == before,
        "the old token file, byte for byte"
    );
    // The lock died with the victim: the next process is not kept waiting.
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("run `credbroker login dev`");
    assert_eq!(sso.count("CreateToken"), 2);
    assert!(
        std::fs::read(sso.token_path(SESSION)).unwrap() == before,
        "a failed refresh writes nothing"
    );
    // Signed in again (as `aws sso login` does), everything works (forced:
    // a refused sign-in is remembered for 5 s, like any permanent failure).
    sso.sign_in(SESSION, 3600, true);
    assert!(
        sso.run(&["credential-process", "dev", "--force-refresh"])
            .creds()
            .access_key_id
            .starts_with("ASIA")
    );
}

#[test]
fn login_in_the_browser_signs_in_for_credbroker_and_the_aws_cli() {
    let sso = Sso::new();
    let run = sso.login(&["dev"]);
    run.assert_code(0)
        .assert_stderr_has("/authorize?response_type=code")
        .assert_stderr_has("Signed in to sso-session `corp`");
    assert!(run.stdout.is_empty(), "prompts never go to stdout");
    let counts = sso.counts();
    assert_eq!(counts.get("RegisterClient"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("Authorize"), Some(&1), "{counts:?}");
    assert_eq!(
        counts.get("CreateToken:authorization_code"),
        Some(&1),
        "{counts:?}"
    );
    let token = sso.token(SESSION);
    for key in [
        "accessToken",
        "refreshToken",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
    ] {
        assert!(token[key].is_string(), "{key} is written");
    }
    assert!(!run.stderr.contains(token["accessToken"].as_str().unwrap()));
    assert!(!run.stderr.contains(token["refreshToken"].as_str().unwrap()));

    // A following credential-process needs no sign-in.
    sso.run(&["credential-process", "admin"]).creds();
    assert_eq!(sso.count("CreateToken"), 1);
    assert_eq!(sso.count("GetRoleCredentials"), 1);

    // Signing in again reuses the client registration.
    sso.login(&["dev"]).assert_code(0);
    assert_eq!(sso.count("RegisterClient"), 1);
    assert_eq!(sso.count("CreateToken:authorization_code"), 2);
}

#[test]
fn login_refuses_a_redirect_with_another_state() {
    let sso = Sso::new();
    sso.ctl("authorize?state=forged");
    let run = sso.login(&["dev"]);
    run.assert_code(6).assert_stderr_has("StateMismatch");
    assert_eq!(sso.count("CreateToken"), 0);
    assert!(!sso.token_path(SESSION).exists());
}

#[test]
fn login_with_a_code_polls_until_approved_and_slows_down_when_asked() {
    let sso = Sso::new();
    sso.ctl("device?approve_after=2&slow_down_at=1");
    let run = sso.login(&["--no-browser", "--sso-session", "corp"]);
    run.assert_code(0)
        .assert_stderr_has("https://device.sso.example/")
        .assert_stderr_has("and enter the code");
    assert_eq!(sso.browser_log(), "", "--no-browser opens nothing");
    let counts = sso.counts();
    assert_eq!(
        counts.get("StartDeviceAuthorization"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(
        counts.get("CreateToken:device_code"),
        Some(&2),
        "{counts:?}"
    );
    sso.run(&["credential-process", "dev"]).creds();
    assert_eq!(sso.count("CreateToken"), 2, "no sign-in needed");
}

#[test]
fn two_logins_at_once_make_one_flow() {
    let sso = Sso::new();
    sso.ctl("hold?action=CreateToken&count=-1");
    let children = spawn_all(2, |_| {
        let mut cmd = sso.cmd(&["login", "--use-device-code", "dev"]);
        cmd.env("BROWSER", "true");
        cmd
    });
    let mut waiters = Waiters::new(children);
    sso.ctl("wait_held?action=CreateToken&n=1&timeout=60");
    waiters.until_said("waiting: ", 1);
    sso.ctl("release?action=CreateToken");
    let runs = waiters.finish();
    for run in &runs {
        run.assert_code(0);
    }
    assert_eq!(
        runs.iter()
            .filter(|r| r.stderr.contains("Another process signed in"))
            .count(),
        1,
        "{runs:?}"
    );
    assert_eq!(sso.count("StartDeviceAuthorization"), 1);
    assert_eq!(sso.count("CreateToken"), 1);
}

#[test]
fn list_shows_sso_links_and_cache_clear_keeps_the_sign_in() {
    let sso = Sso::new();
    let token = sso.sign_in(SESSION, 8 * 3600, false);
    let list = sso.run(&["list"]);
    list.assert_code(0);
    assert!(
        list.stdout
            .contains("sso:111111111111/Developer via sso-session `corp`: signed in until"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("dev: missing"), "{}", list.stdout);
    assert!(!list.stdout.contains(token["accessToken"].as_str().unwrap()));
    sso.run(&["credential-process", "dev"]).creds();
    let list = sso.run(&["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let dev = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["profile"] == "dev")
        .unwrap();
    assert_eq!(dev["links"][0]["role_arn"], "sso:111111111111/Developer");
    assert!(
        dev["links"][0]["state"]
            .as_str()
            .unwrap()
            .starts_with("fresh until")
    );

    let clear = sso.run(&["cache", "clear", "dev"]);
    clear
        .assert_code(0)
        .assert_stderr_has("removed 1 cache entry");
    assert_eq!(sso.token(SESSION), token, "the sign-in stays");
    sso.run(&["credential-process", "dev"]).creds();
    assert_eq!(sso.count("GetRoleCredentials"), 2);
    assert_eq!(sso.count("CreateToken"), 0);
}

/// With a terminal (a pty from `script`), a credential-process whose
/// session has no sign-in starts the sign-in itself, on the terminal.
#[test]
fn credential_process_on_a_terminal_signs_in_by_itself() {
    let sso = Sso::new();
    let base = sso.cmd(&[]);
    let mut cmd = Command::new("script");
    cmd.args([
        "-qec",
        &format!("{} credential-process dev", crate::support::BIN),
        "/dev/null",
    ])
    .stdin(Stdio::null());
    crate::support::copy_env(&base, &mut cmd);
    cmd.env("BROWSER", test_browser());
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe and touches no memory.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let run = Run::from(output(&mut cmd));
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("credbroker: signing in to sso-session `corp` for profile `dev`"),
        "the prompt is on the terminal: {run:?}"
    );
    assert!(run.stdout.contains("\"AccessKeyId\":\"ASIA"));
    let counts = sso.counts();
    assert_eq!(
        counts.get("CreateToken:authorization_code"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(counts.get("GetRoleCredentials"), Some(&1), "{counts:?}");
    assert!(sso.token(SESSION)["refreshToken"].is_string());
}

/// A refresh that fails for a reason that may pass is learned once: the
/// processes waiting for it get its outcome instead of calling again.
#[test]
fn a_failed_token_refresh_is_learned_once() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    sso.ctl("fault?action=CreateToken&code=InternalServerException&status=500");
    sso.ctl("hold?action=CreateToken&count=1");
    let children = spawn_all(8, |_| sso.cmd(&["credential-process", "dev"]));
    let mut waiters = Waiters::new(children);
    sso.ctl("wait_held?action=CreateToken&n=1&timeout=60");
    waiters.until_said("waiting: ", 7);
    sso.ctl("release?action=CreateToken");
    for run in waiters.finish() {
        run.assert_code(7)
            .assert_stderr_has("InternalServerException");
    }
    assert_eq!(sso.count("CreateToken"), 1);
    assert_eq!(sso.count("GetRoleCredentials"), 0);
}

/// The portal gets the one retry policy of every AWS call: the attempts of
/// `sts_max_attempts`, no more (the SDK's own default was 3 whatever the
/// setting) and no fewer.
#[test]
fn the_portal_is_retried_as_sts_is() {
    for (attempts, code, calls) in [("1", 7, 1), ("3", 0, 3)] {
        let sso = Sso::new();
        sso.sign_in(SESSION, 3600, true);
        sso.ctl("fault?action=GetRoleCredentials&code=InternalServerException&status=500&count=2");
        let mut cmd = sso.cmd(&["credential-process", "dev"]);
        cmd.env("CREDBROKER_STS_MAX_ATTEMPTS", attempts);
        let run = Run::from(output(&mut cmd));
        run.assert_code(code);
        assert_eq!(
            sso.count("GetRoleCredentials"),
            calls,
            "sts_max_attempts {attempts}: {run:?}"
        );
    }
}

/// In a batch the portal's throttling answers go through the batch's
/// shared throttle, as STS's do: each throttled call is retried on the
/// batch's budget, with one attempt per call.
#[test]
fn a_batch_rides_out_a_throttling_portal() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 3600, true);
    sso.ctl("fault?action=GetRoleCredentials&code=TooManyRequestsException&status=429&count=3");
    let mut cmd = sso.cmd(&["batch", "dev", "ops", "--concurrency", "2"]);
    cmd.env("CREDBROKER_STS_MAX_ATTEMPTS", "1");
    let run = Run::from(output(&mut cmd));
    run.assert_code(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert!(
        lines.iter().all(|l| l["AccessKeyId"].is_string()),
        "{run:?}"
    );
    assert_eq!(sso.count("GetRoleCredentials"), 5);
}

/// Endpoints from a `[services]` section, as the SDK reads them.
#[test]
fn services_sections_point_at_the_portal_and_oidc() {
    let sso = Sso::new();
    sso.ctx.config(&format!(
        "{SSO_CONFIG}
[services local-sso]
sso =
  endpoint_url = {e}
sso_oidc =
  endpoint_url = {e}

[profile svc]
sso_session = corp
sso_account_id = 555555555555
sso_role_name = Developer
services = local-sso
",
        e = sso.endpoint()
    ));
    sso.sign_in(SESSION, -60, true);
    let mut cmd = sso.cmd(&["credential-process", "svc"]);
    cmd.env_remove("AWS_ENDPOINT_URL_SSO")
        .env_remove("AWS_ENDPOINT_URL_SSO_OIDC");
    Run::from(output(&mut cmd)).creds();
    assert_eq!(sso.count("CreateToken:refresh_token"), 1);
    assert_eq!(sso.count("GetRoleCredentials"), 1);
}

/// One process, many tasks: a batch over two roles of one session and a
/// role chained on one of them refreshes the token once and calls the
/// portal once per role.
#[test]
fn a_batch_over_one_session_refreshes_its_token_once() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    let run = sso.run(&["batch", "dev", "ops", "admin", "--concurrency", "8"]);
    run.assert_code(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l["AccessKeyId"].is_string()));
    sso.assert_one_token_refresh(2);
    assert_eq!(sso.ctx.assume_role_calls(), 1);
}

#[test]
fn login_for_a_profile_without_sso_says_so() {
    let sso = Sso::new();
    let config = format!("{SSO_CONFIG}\n[profile plain]\nregion = eu-west-1\n");
    sso.ctx.config(&config);
    let line = 1 + config.lines().position(|l| l == "[profile plain]").unwrap();
    sso.login(&["plain"])
        .assert_code(3)
        .assert_stderr_has("profile `plain`")
        .assert_stderr_has("does not use SSO")
        .assert_stderr_has(&format!("config line {line})"));
    assert!(sso.counts().is_empty(), "nothing was called");
    sso.login(&["--sso-session", "crop"])
        .assert_code(3)
        .assert_stderr_has("there is no [sso-session crop] section in")
        .assert_stderr_has("hint: did you mean `corp`?");
}

/// A token the portal no longer accepts (revoked, signed out elsewhere):
/// the error says to sign in again and never shows the token.
#[test]
fn a_token_the_portal_refuses_asks_for_a_new_sign_in() {
    let sso = Sso::new();
    let token = serde_json::json!({
        "startUrl": START_URL,
        "region": "eu-west-1",
        "accessToken": "revoked-token-value",
        "expiresAt": rfc3339(crate::support::now() + 3600),
    });
    let path = sso.token_path(SESSION);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, token.to_string()).unwrap();
    let run = sso.run(&["credential-process", "dev"]);
    run.assert_code(6)
        .assert_stderr_has("the SSO portal refused the sign-in of sso-session `corp`")
        .assert_stderr_has("credbroker login dev");
    assert!(!run.stderr.contains("revoked-token-value"));
    assert_eq!(sso.count("GetRoleCredentials"), 1);
}

/// The sign-in token is judged by the one freshness rule, with the same
/// settings as credentials: with a 30-minute refresh window a token with 20
/// minutes left is refreshed ahead (it had a fixed 15-minute window of its
/// own), and one that cannot be refreshed is used down to the floor of the
/// links that only sign the next call (`--min-ttl`, default 5 minutes), not
/// to a fixed 60 seconds.
#[test]
fn the_sign_in_token_follows_the_refresh_window_and_the_floor() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 20 * 60, true);
    let run = Run::from(output(
        sso.cmd(&["credential-process", "dev"])
            .env("CREDBROKER_REFRESH_WINDOW", "30m"),
    ));
    run.creds();
    sso.assert_one_token_refresh(1);

    let sso = Sso::new();
    sso.sign_in(SESSION, 3 * 60, false);
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("credbroker login dev");
    assert_eq!(sso.count("GetRoleCredentials"), 0);
    // (--force-refresh: past the failure just learned.)
    sso.run(&[
        "credential-process",
        "dev",
        "--min-ttl",
        "1m",
        "--force-refresh",
    ])
    .creds();
    assert_eq!(sso.count("GetRoleCredentials"), 1);
}

/// botocore reads an `expiresAt` with a `+0000` offset (dateutil); so
/// does credbroker.
#[test]
fn an_expires_at_with_a_plus_0000_offset_is_read() {
    let sso = Sso::new();
    let mut token = sso.sign_in(SESSION, 3600, false);
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]+0000");
    let expires = time::OffsetDateTime::from_unix_timestamp(crate::support::now() + 3600)
        .unwrap()
        .format(&format)
        .unwrap();
    token["expiresAt"] = expires.into();
    sso.write_token(SESSION, &token);
    let run = sso.run(&["credential-process", "dev"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"));
    assert_eq!(sso.count("GetRoleCredentials"), 1);
    assert!(!run.stderr.contains("unreadable"), "{run:?}");
}

/// A token path that cannot take the token is found before any sign-in
/// flow starts (nothing registered, no browser opened), and the error says
/// what is wrong with it.
#[test]
fn login_into_a_token_path_that_is_a_directory_fails_before_signing_in() {
    let sso = Sso::new();
    let path = sso.token_path(SESSION);
    std::fs::create_dir_all(&path).unwrap();
    let run = sso.login(&["dev"]);
    run.assert_code(6)
        .assert_stderr_has(&path.display().to_string())
        .assert_stderr_has("is a directory");
    assert!(sso.counts().is_empty(), "nothing was called: {run:?}");
    assert_eq!(sso.browser_log(), "", "no browser was opened");
    let run = sso.login(&["--use-device-code", "dev"]);
    run.assert_code(6).assert_stderr_has("is a directory");
    assert!(sso.counts().is_empty(), "nothing was called: {run:?}");
}

/// Batch lines of SSO targets carry the account they are for, as lines
/// of role targets do.
#[test]
fn batch_lines_of_sso_targets_carry_their_account_id() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 3600, false);
    sso.sign_in(START_URL, 3600, false);
    let run = sso.run(&["batch", "dev", "ops", "admin", "legacy"]);
    run.assert_code(0);
    let accounts: BTreeMap<String, serde_json::Value> = run
        .json_lines()
        .into_iter()
        .map(|l| {
            (
                l["target"].as_str().unwrap().to_string(),
                l["account_id"].clone(),
            )
        })
        .collect();
    let want: BTreeMap<String, serde_json::Value> = [
        ("admin", "222222222222"),
        ("dev", "111111111111"),
        ("legacy", "333333333333"),
        ("ops", "444444444444"),
    ]
    .into_iter()
    .map(|(t, a)| (t.to_string(), a.into()))
    .collect();
    assert_eq!(accounts, want);
}

/// `%XX` for everything but unreserved characters, for a control call's
/// query.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The loopback page: a redirect with another sign-in's `state` is refused
/// before anything else in it is looked at (an `error=` too), and what the
/// page and the error echo of the redirect is escaped.
#[test]
fn the_login_loopback_checks_state_first_and_escapes_what_it_echoes() {
    let sso = Sso::new();
    let error = encode("<script>alert(1)</script>");
    let description = encode("<b>no</b> \u{1b}[31mred");
    sso.ctl(&format!(
        "authorize?state=forged&error={error}&error_description={description}"
    ));
    let run = sso.login(&["dev"]);
    run.assert_code(6).assert_stderr_has("StateMismatch");
    let page = sso.browser_page();
    assert!(page.starts_with("400 "), "{page}");
    assert!(
        !page.contains("<script>") && !page.contains("alert"),
        "{page}"
    );

    // The right state: the error is reported, escaped on the page, and
    // without control characters on the terminal.
    sso.ctl(&format!(
        "authorize?error={error}&error_description={description}"
    ));
    std::fs::remove_file(sso.ctx.path("browser.log")).unwrap();
    let run = sso.login(&["dev"]);
    run.assert_code(6).assert_stderr_has("SignInRefused");
    assert!(!run.stderr.contains('\u{1b}'), "{run:?}");
    let page = sso.browser_page();
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(
        !page.contains("<script>") && !page.contains("<b>"),
        "{page}"
    );
    assert_eq!(sso.count("CreateToken"), 0);
    assert!(!sso.token_path(SESSION).exists());
}

/// 200 SSO targets, the portal throttling every third call: the batch's
/// shared throttle paces the portal and retries on the batch's budget, so
/// every target gets its credentials whatever `sts_max_attempts` says.
#[test]
fn two_hundred_sso_targets_ride_out_a_portal_throttling_every_third_call() {
    let mut config = SSO_CONFIG.to_string();
    for i in 0..200 {
        config.push_str(&format!(
            "\n[profile bulk-{i:03}]\nsso_session = corp\nsso_account_id = {}\nsso_role_name = Developer\n",
            100_000_000_000u64 + i
        ));
    }
    for attempts in ["1", "3"] {
        let sso = Sso::new();
        sso.ctx.config(&config);
        sso.sign_in(SESSION, 3600, false);
        sso.ctl("fault?action=GetRoleCredentials&code=TooManyRequestsException&status=429&every=3");
        let mut cmd = sso.cmd(&["batch", "bulk-*", "--concurrency", "32"]);
        cmd.env("CREDBROKER_STS_MAX_ATTEMPTS", attempts);
        let run = Run::from(output(&mut cmd));
        run.assert_code(0);
        let lines = run.json_lines();
        assert_eq!(lines.len(), 200, "sts_max_attempts {attempts}: {run:?}");
        assert!(
            lines.iter().all(|l| l["ok"] == true),
            "sts_max_attempts {attempts}: {run:?}"
        );
        // 200 answered, and every third call of 299 throttled.
        assert_eq!(sso.count("GetRoleCredentials"), 299);
    }
}
