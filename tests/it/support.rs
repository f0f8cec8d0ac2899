//! The test context: a throwaway HOME with AWS config files, the real
//! credbroker binary, and a local STS (moto behind `tests/support/sts_server.py`)
//! that counts, holds and faults calls. One STS server serves the whole test
//! binary; each test gets its own namespace, so counts never mix.
//!
//! Secrets: helpers compare credentials without printing them, so a failing
//! assertion never shows a secret key or token.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

pub const BIN: &str = env!("CARGO_BIN_EXE_credbroker");

/// A fake server of `tests/support/` (STS, SSO, metadata): it prints
/// `LISTENING <port>` first and exits when its stdin closes, so it lives as
/// long as this value (held in a `static`, as long as the test binary).
pub struct FakeServer {
    pub port: u16,
    _stdin: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

impl FakeServer {
    pub fn start(name: &str) -> FakeServer {
        let mut child = Command::new(python())
            .arg(script(name))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("start {name}: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("read {name}'s port: {e}"));
        let port = line
            .trim()
            .strip_prefix("LISTENING ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line from {name}: {line:?}"));
        FakeServer {
            port,
            _stdin: Mutex::new(child.stdin.take().unwrap()),
            _child: Mutex::new(child),
        }
    }
}

pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("CREDBROKER_TEST_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(
        venv.exists(),
        "the end-to-end tests need moto: run `scripts/test` (it creates .venv), \
         or set CREDBROKER_TEST_PYTHON to a python with moto[server]"
    );
    venv
}

/// A file of `tests/support/` (the Python fakes and helpers).
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// The AWS CLI of the test venv (scripts/setup-venv installs it).
pub fn aws_cli() -> PathBuf {
    let aws = python().parent().unwrap().join("aws");
    assert!(
        aws.exists(),
        "the AWS CLI is installed in the venv by scripts/setup-venv"
    );
    aws
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Give `to` exactly the environment `from` sets (a test's `Ctx::cmd`),
/// to run another program (bash, the AWS CLI, setpriv) as credbroker runs.
pub fn copy_env(from: &Command, to: &mut Command) {
    to.env_clear();
    for (k, v) in from.get_envs() {
        if let Some(v) = v {
            to.env(k, v);
        }
    }
}

fn server() -> &'static FakeServer {
    static SERVER: OnceLock<FakeServer> = OnceLock::new();
    SERVER.get_or_init(|| FakeServer::start("sts_server.py"))
}

pub struct Ctx {
    pub home: tempfile::TempDir,
    pub ns: String,
    port: u16,
}

impl Ctx {
    pub fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let server = server();
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".aws")).unwrap();
        let ns = format!(
            "t{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        Ctx {
            home,
            ns,
            port: server.port,
        }
    }

    /// A context whose config has the usual test chain:
    /// `base` (static keys) -> `mid` -> `prod`, and `dev` on `mid` too.
    pub fn with_chain() -> Self {
        let ctx = Self::new();
        ctx.config(CHAIN_CONFIG);
        ctx
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    pub fn config(&self, text: &str) {
        std::fs::write(self.path(".aws/config"), text).unwrap();
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.path(".cache/credbroker")
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/ns/{}", self.port, self.ns)
    }

    /// The binary with a clean environment: this HOME, the local STS.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("USER", "tester")
            .env("AWS_ENDPOINT_URL_STS", self.endpoint())
            // A test that wants the SDK's retries says so.
            .env("CREDBROKER_STS_MAX_ATTEMPTS", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// `bash -c script` with the same environment as `cmd`.
    pub fn bash(&self, script: &str) -> Run {
        let mut sh = Command::new("bash");
        sh.arg("-c").arg(script);
        copy_env(&self.cmd(&[]), &mut sh);
        Run::from(output(&mut sh))
    }

    /// `run` with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.cmd(args);
        cmd.envs(env.iter().copied());
        Run::from(output(&mut cmd))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(output(&mut self.cmd(args)))
    }

    pub fn ctl(&self, op: &str) -> (u16, serde_json::Value) {
        let request = format!(
            "GET /ctl/{}/{op} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
            self.ns
        );
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response.split("\r\n\r\n").nth(1).unwrap_or("null");
        (
            status,
            serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
        )
    }

    pub fn ctl_ok(&self, op: &str) -> serde_json::Value {
        let (status, body) = self.ctl(op);
        assert_eq!(status, 200, "control call {op} answered {body}");
        body
    }

    /// STS calls received per action.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        let body = self.ctl_ok("counts");
        body.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect()
    }

    /// STS calls received for `action`.
    pub fn count(&self, action: &str) -> u64 {
        self.counts().get(action).copied().unwrap_or(0)
    }

    pub fn assume_role_calls(&self) -> u64 {
        self.count("AssumeRole")
    }

    /// Hold the next `n` AssumeRole calls (-1: all) until released.
    pub fn hold(&self, n: i64) {
        self.ctl_ok(&format!("hold?action=AssumeRole&count={n}"));
    }

    pub fn wait_held(&self, n: usize) {
        self.ctl_ok(&format!("wait_held?action=AssumeRole&n={n}&timeout=60"));
    }

    pub fn release(&self, n: Option<usize>) {
        match n {
            Some(n) => self.ctl_ok(&format!("release?action=AssumeRole&count={n}")),
            None => self.ctl_ok("release?action=AssumeRole"),
        };
    }

    /// Hold every AssumeRole call for roles whose ARN contains `role`
    /// (`"role/mid"`, say) until [`Ctx::release_role`]: one barrier per link.
    pub fn hold_role(&self, role: &str) {
        self.ctl_ok(&format!("hold?action=AssumeRole&role={role}"));
    }

    /// AssumeRole calls for `role` held right now.
    pub fn held_role(&self, role: &str) -> u64 {
        let (_, body) = self.ctl(&format!(
            "wait_held?action=AssumeRole&role={role}&n=0&timeout=0"
        ));
        body["held"].as_u64().unwrap_or(0)
    }

    /// Release the held calls for `role` and stop holding it.
    pub fn release_role(&self, role: &str) {
        self.ctl_ok(&format!("release?action=AssumeRole&role={role}"));
    }

    /// Every call of `action` (for roles containing `role`, if given),
    /// oldest first, as the STS layer recorded it: `params` (the form
    /// parameters) and `signer` (the access key id that signed it).
    pub fn calls(&self, action: &str, role: Option<&str>) -> Vec<serde_json::Value> {
        let filter = role.map(|r| format!("&role={r}")).unwrap_or_default();
        let body = self.ctl_ok(&format!("calls?action={action}{filter}"));
        body.as_array().cloned().unwrap_or_default()
    }

    /// Answer the next `count` AssumeRole calls (-1: all) with an STS error.
    pub fn fault(&self, code: &str, status: u16, count: i64) {
        self.ctl_ok(&format!(
            "fault?action=AssumeRole&code={code}&status={status}&count={count}&message=injected"
        ));
    }

    pub fn clear_faults(&self) {
        self.ctl_ok("clear");
    }

    /// Cache entries as JSON, by file name.
    pub fn entries(&self) -> BTreeMap<String, serde_json::Value> {
        let Ok(dir) = std::fs::read_dir(self.cache_dir()) else {
            return BTreeMap::new();
        };
        dir.flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".json").then(|| {
                    let text = std::fs::read_to_string(e.path()).unwrap();
                    (
                        name,
                        serde_json::from_str(&text).expect("entry is valid JSON"),
                    )
                })
            })
            .collect()
    }

    /// The entry whose label names `profile`.
    pub fn entry_of(&self, profile: &str) -> (String, serde_json::Value) {
        self.entries()
            .into_iter()
            .find(|(_, e)| e["label"]["profile"] == profile)
            .unwrap_or_else(|| panic!("no cache entry for {profile}"))
    }

    /// The lock file of `profile`'s entry.
    pub fn lock_of(&self, profile: &str) -> PathBuf {
        let (name, _) = self.entry_of(profile);
        self.cache_dir().join(name.replace(".json", ".lock"))
    }

    /// Hold the lock of `profile`'s entry from the test, as another process
    /// would, with `note` as the holder's note ("pid N since T").
    pub fn hold_lock_of(&self, profile: &str, note: &str) -> std::fs::File {
        let path = self.lock_of(profile);
        let held = std::fs::File::options()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        #[allow(clippy::disallowed_methods)] // the test plays the other holder
        held.lock().unwrap();
        std::fs::write(&path, note).unwrap();
        held
    }

    /// Let time pass for an entry: its credentials now expire `secs` from
    /// now, and were issued as long before that as they were valid for.
    pub fn set_expiry(&self, profile: &str, secs: i64) {
        let (name, mut entry) = self.entry_of(profile);
        let now = now();
        let creds = &mut entry["credentials"];
        let shift = now + secs - creds["expiration"].as_i64().unwrap();
        if let Some(issued) = creds["issued_at"].as_i64() {
            creds["issued_at"] = (issued + shift).into();
        }
        creds["expiration"] = (now + secs).into();
        std::fs::write(self.cache_dir().join(name), entry.to_string()).unwrap();
    }
}

pub const CHAIN_CONFIG: &str = "\
[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[profile mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = base

[profile prod]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = mid
region = eu-west-1

[profile dev]
role_arn = arn:aws:iam::333333333333:role/dev
source_profile = mid
";

/// A forced refresh of `mid` that waits at most a second for its lock: how
/// the lock tests meet a lock somebody else holds.
pub const REFRESH_MID_1S: &[&str] = &[
    "credential-process",
    "mid",
    "--force-refresh",
    "--lock-timeout",
    "1s",
];

/// A finished run. `Debug` hides stdout, which may hold secrets.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        Run::with_stderr(&out, stderr)
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {} (stdout: {} bytes hidden)\nstderr:\n{}",
            self.code,
            self.stdout.len(),
            self.stderr
        )
    }
}

impl Run {
    /// stdout as JSON lines (`batch`); a line that is not JSON fails the
    /// test without being printed (it may hold secrets).
    #[track_caller]
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("a line is not JSON ({e}): {} bytes", l.len()))
            })
            .collect()
    }

    /// A run whose stderr was read as it came (see [`Waiters`]).
    pub fn with_stderr(out: &Output, stderr: String) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        }
    }

    /// Assert success and return the credential_process JSON.
    #[track_caller]
    pub fn creds(&self) -> Creds {
        assert_eq!(self.code, 0, "credbroker failed: {self:?}");
        Creds::parse(&self.stdout)
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code: {self:?}");
        self
    }

    #[track_caller]
    pub fn assert_stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}: {self:?}"
        );
        self
    }
}

/// Parsed credential_process output; `Debug` shows only the access key id.
#[derive(Clone, PartialEq, Eq)]
pub struct Creds {
    pub access_key_id: String,
    pub secret: String,
    pub token: String,
    pub expiration: String,
}

impl Creds {
    #[track_caller]
    pub fn parse(stdout: &str) -> Creds {
        let v: serde_json::Value = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}), {} bytes", stdout.len()));
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        assert_eq!(v["Version"], 1, "Version must be 1");
        Creds {
            access_key_id: s("AccessKeyId"),
            secret: s("SecretAccessKey"),
            token: s("SessionToken"),
            expiration: s("Expiration"),
        }
    }

    /// Assert that `text` (stderr, say) holds neither secret.
    #[track_caller]
    pub fn assert_not_in(&self, text: &str, what: &str) {
        assert!(
            !self.secret.is_empty() && !text.contains(&self.secret),
            "{what} contains the secret key"
        );
        assert!(
            self.token.is_empty() || !text.contains(&self.token),
            "{what} contains the session token"
        );
    }
}

impl std::fmt::Debug for Creds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Creds({}, expires {}, secrets hidden)",
            self.access_key_id, self.expiration
        )
    }
}

/// How long any process a test starts may run: a deadlock fails the test
/// instead of hanging CI.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

/// Wait for `child` (reading its piped output), killing it at [`DEADLINE`].
pub fn finish(child: Child) -> Output {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let pid = child.id();
    let (done, finished) = channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let late = matches!(
            finished.recv_timeout(DEADLINE),
            Err(RecvTimeoutError::Timeout)
        );
        if late {
            // SAFETY: kill with a pid we spawned and have not reaped yet.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
        late
    });
    let output = child.wait_with_output().unwrap();
    let _ = done.send(());
    let late = watchdog.join().unwrap();
    assert!(
        !late,
        "process {pid} ran past the {DEADLINE:?} deadline (a deadlock?) and was killed"
    );
    output
}

/// `cmd.output()` with a deadline.
pub fn output(cmd: &mut Command) -> Output {
    finish(
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    )
}

/// Start `n` processes at once; each is `cmd(i)`.
pub fn spawn_all(n: usize, mut cmd: impl FnMut(usize) -> Command) -> Vec<Child> {
    (0..n)
        .map(|i| {
            cmd(i)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect()
}

/// Children whose stderr is read line by line as it comes, so a test can
/// wait until a number of them said something (a barrier: "they are all
/// blocked on the lock now") before it releases a held STS response.
pub struct Waiters {
    children: Vec<Child>,
    lines: std::sync::mpsc::Receiver<(usize, String)>,
    readers: Vec<std::thread::JoinHandle<()>>,
    seen: Vec<String>,
}

impl Waiters {
    pub fn new(mut children: Vec<Child>) -> Self {
        let (tx, lines) = std::sync::mpsc::channel();
        let readers = children
            .iter_mut()
            .enumerate()
            .map(|(i, c)| {
                let err = BufReader::new(c.stderr.take().unwrap());
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for line in err.lines().map_while(Result::ok) {
                        let _ = tx.send((i, line));
                    }
                })
            })
            .collect();
        let seen = vec![String::new(); children.len()];
        Waiters {
            children,
            lines,
            readers,
            seen,
        }
    }

    /// Block until `count` distinct children printed a line with `needle`.
    pub fn until_said(&mut self, needle: &str, count: usize) {
        self.until(&format!("{count} children saying {needle:?}"), |w| {
            w.saying(needle) >= count
        });
    }

    /// How many children printed a line with `needle` so far.
    pub fn saying(&self, needle: &str) -> usize {
        self.seen.iter().filter(|s| s.contains(needle)).count()
    }

    /// Block until `done` holds, reading lines as they come. `done` is
    /// checked again at least every 50 ms, so it may also look outside
    /// (how many calls the STS layer holds); `what` names it on failure.
    pub fn until(&mut self, what: &str, mut done: impl FnMut(&Self) -> bool) {
        let start = std::time::Instant::now();
        while !done(self) {
            assert!(
                start.elapsed() < DEADLINE,
                "waited {DEADLINE:?} for {what}; stderr so far: {:?}",
                self.seen
            );
            let tick = std::time::Duration::from_millis(50);
            if let Ok((i, line)) = self.lines.recv_timeout(tick) {
                self.seen[i].push_str(&line);
                self.seen[i].push('\n');
            }
        }
    }

    /// SIGKILL every child (they are reaped by [`Waiters::finish`]).
    pub fn kill(&mut self) {
        for child in &mut self.children {
            child.kill().unwrap();
        }
    }

    pub fn finish(mut self) -> Vec<Run> {
        let outputs: Vec<Output> = self.children.drain(..).map(finish).collect();
        for r in self.readers.drain(..) {
            r.join().unwrap();
        }
        while let Ok((i, line)) = self.lines.try_recv() {
            self.seen[i].push_str(&line);
            self.seen[i].push('\n');
        }
        outputs
            .into_iter()
            .zip(self.seen)
            .map(|(out, stderr)| Run::with_stderr(&out, stderr))
            .collect()
    }
}
