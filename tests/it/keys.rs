//! `credbroker keys`: long-term keys in a keyring (a real GNOME Keyring on
//! a private D-Bus, and the encrypted file), used by chains as keys in
//! `~/.aws/credentials` are, read only when a link above them is refreshed.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::support::{Ctx, Run, output, spawn_all};

pub const KEY_ID: &str = "AKIAKEYRINGEXAMPLE01";
pub const SECRET: &str = "kEyRiNgSeCrEt/0123456789abcdefghijKLMNOP";
const PASSPHRASE: &str = "correct horse battery staple";

/// `base`'s keys are nowhere in the AWS files: only in the keyring.
pub const CONFIG: &str = "\
[profile mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = base

[profile prod]
role_arn = arn:aws:iam::222222222222:role/prod
source_profile = mid
";

/// Where the keys go in one test: the encrypted file, or a Secret Service.
pub enum Keyring {
    File,
    SecretService(crate::keyring_bus::KeyringBus),
}

impl Keyring {
    pub fn secret_service() -> Keyring {
        Keyring::SecretService(crate::keyring_bus::KeyringBus::start())
    }

    pub fn env(&self) -> Vec<(String, String)> {
        match self {
            Keyring::File => vec![
                ("CREDBROKER_KEYRING".into(), "file".into()),
                ("CREDBROKER_KEYRING_PASSPHRASE".into(), PASSPHRASE.into()),
            ],
            Keyring::SecretService(bus) => {
                let mut env = vec![("CREDBROKER_KEYRING".into(), "secret-service".into())];
                env.push(("DBUS_SESSION_BUS_ADDRESS".into(), bus.address()));
                env
            }
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Keyring::File => "file",
            Keyring::SecretService(_) => "secret-service",
        }
    }
}

/// `credbroker ARGS` with the keyring's environment and `extra`.
pub fn cmd(ctx: &Ctx, keyring: &Keyring, args: &[&str], extra: &[(&str, &str)]) -> Command {
    let mut cmd = ctx.cmd(args);
    cmd.envs(keyring.env());
    cmd.envs(extra.iter().copied());
    cmd
}

pub fn run(ctx: &Ctx, keyring: &Keyring, args: &[&str], extra: &[(&str, &str)]) -> Run {
    Run::from(output(&mut cmd(ctx, keyring, args, extra)))
}

/// `keys add PROFILE --env` with `id` and `secret`.
pub fn add(ctx: &Ctx, keyring: &Keyring, profile: &str, id: &str, secret: &str) -> Run {
    run(
        ctx,
        keyring,
        &["keys", "add", profile, "--env"],
        &[("AWS_ACCESS_KEY_ID", id), ("AWS_SECRET_ACCESS_KEY", secret)],
    )
}

/// Every file under `dir` whose bytes hold `needle` (none may).
pub fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file()
                && let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

fn add_list_resolve_remove(keyring: Keyring) {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let added = add(&ctx, &keyring, "base", KEY_ID, SECRET);
    added.assert_code(0);
    assert_eq!(added.stdout, "");
    assert_eq!(
        added.stderr,
        format!(
            "stored key {KEY_ID} of profile `base` in keyring `{}`\n",
            keyring.name()
        )
    );
    let listed = run(&ctx, &keyring, &["keys", "list"], &[]);
    listed.assert_code(0);
    assert_eq!(listed.stdout, format!("base  {KEY_ID}\n"));

    // A two-hop chain on keys that are only in the keyring.
    let first = run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(ctx.assume_role_calls(), 2);
    let mid = ctx.calls("AssumeRole", Some("role/mid"));
    assert_eq!(mid.len(), 1);
    assert_eq!(
        mid[0]["signer"], KEY_ID,
        "mid is signed by the keyring's key"
    );
    let prod = ctx.calls("AssumeRole", Some("role/prod"));
    assert_ne!(prod[0]["signer"], KEY_ID, "prod is signed by mid's session");
    // A hit: no call, the same credentials.
    let again = run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(again, first);
    assert_eq!(ctx.assume_role_calls(), 2);
    // `list` shows where the chain starts.
    let list = run(&ctx, &keyring, &["list"], &[]);
    list.assert_code(0);
    assert!(list.stdout.contains("base"), "{list:?}");

    // The secret is in no file under HOME (index, encrypted file, cache,
    // GNOME Keyring's own files) and in no output.
    assert_eq!(files_holding(ctx.home.path(), SECRET), Vec::<String>::new());
    if let Keyring::SecretService(bus) = &keyring {
        assert_eq!(files_holding(bus.files(), SECRET), Vec::<String>::new());
    }
    for out in [&added, &listed, &list] {
        assert!(!out.stdout.contains(SECRET) && !out.stderr.contains(SECRET));
    }
    let index = std::fs::read_to_string(ctx.path(".config/credbroker/keys.toml")).unwrap();
    assert!(index.contains(KEY_ID), "the index names the key id");

    let removed = run(&ctx, &keyring, &["keys", "remove", "base"], &[]);
    removed.assert_code(0);
    assert_eq!(
        removed.stderr,
        format!(
            "removed the keys of profile `base` from keyring `{}`\n",
            keyring.name()
        )
    );
    assert_eq!(run(&ctx, &keyring, &["keys", "list"], &[]).stdout, "");
    let gone = run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "mid", "--force-refresh"],
        &[],
    );
    gone.assert_code(3)
        .assert_stderr_has("source_profile `base`");
    let again = run(&ctx, &keyring, &["keys", "remove", "base"], &[]);
    again.assert_code(3).assert_stderr_has("holds no keys");
}

#[test]
fn file_keys_add_list_resolve_remove() {
    add_list_resolve_remove(Keyring::File);
}

#[test]
fn secret_service_keys_add_list_resolve_remove() {
    add_list_resolve_remove(Keyring::secret_service());
}

#[test]
fn a_wrong_passphrase_is_said_and_no_other_key_is_used() {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    add(&ctx, &Keyring::File, "base", KEY_ID, SECRET).assert_code(0);
    let wrong = run(
        &ctx,
        &Keyring::File,
        &["credential-process", "--profile", "prod"],
        &[("CREDBROKER_KEYRING_PASSPHRASE", "not it")],
    );
    wrong
        .assert_code(3)
        .assert_stderr_has("profile `base`")
        .assert_stderr_has("wrong passphrase")
        .assert_stderr_has("CREDBROKER_KEYRING_PASSPHRASE");
    assert_eq!(wrong.stdout, "");
    assert_eq!(
        ctx.assume_role_calls(),
        0,
        "nothing is signed by other keys"
    );
    // No passphrase and no terminal: said, not asked.
    let mut none = cmd(
        &ctx,
        &Keyring::File,
        &["credential-process", "--profile", "prod"],
        &[],
    );
    none.env_remove("CREDBROKER_KEYRING_PASSPHRASE");
    let none = Run::from(output(&mut none));
    none.assert_code(3)
        .assert_stderr_has("set CREDBROKER_KEYRING_PASSPHRASE");
}

#[test]
fn import_moves_keys_out_of_the_credentials_file_into_the_file_keyring() {
    import_moves_keys_out_of_the_credentials_file_and_keeps_the_rest(Keyring::File);
}

#[test]
fn import_moves_keys_out_of_the_credentials_file_into_gnome_keyring() {
    import_moves_keys_out_of_the_credentials_file_and_keeps_the_rest(Keyring::secret_service());
}

fn import_moves_keys_out_of_the_credentials_file_and_keeps_the_rest(keyring: Keyring) {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let original = format!(
        "# managed by hand\n[other]\naws_access_key_id = AKIAOTHERPROFILE0001\naws_secret_access_key = otherSecret/0123456789abcdefghijKLMNOPQR\n\n[base] ; the root keys\n# rotated monthly\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\nregion = eu-west-1\n\n[temp]\naws_access_key_id = ASIATEMPORARY0000001\naws_secret_access_key = tempSecret/0123456789abcdefghijKLMNOPQRS\naws_session_token = token\n"
    );
    let creds_file = ctx.path(".aws/credentials");
    std::fs::write(&creds_file, &original).unwrap();
    let imported = run(&ctx, &keyring, &["keys", "import", "base"], &[]);
    imported.assert_code(0);
    assert!(!imported.stderr.contains(SECRET) && imported.stdout.is_empty());
    let now = std::fs::read_to_string(&creds_file).unwrap();
    assert_eq!(
        now,
        "# managed by hand\n[other]\naws_access_key_id = AKIAOTHERPROFILE0001\naws_secret_access_key = otherSecret/0123456789abcdefghijKLMNOPQR\n\n[base] ; the root keys\n# rotated monthly\nregion = eu-west-1\n\n[temp]\naws_access_key_id = ASIATEMPORARY0000001\naws_secret_access_key = tempSecret/0123456789abcdefghijKLMNOPQRS\naws_session_token = token\n"
    );
    let backup = ctx.path(".aws/credentials.credbroker.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The chain now starts from the keyring's copy.
    run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/mid"))[0]["signer"],
        KEY_ID
    );
    let listed = run(&ctx, &keyring, &["keys", "list"], &[]);
    assert_eq!(listed.stdout, format!("base  {KEY_ID}\n"));
    // Nothing named: every profile of long-term keys (not the temporary).
    let rest = run(&ctx, &keyring, &["keys", "import"], &[]);
    rest.assert_code(0);
    let listed = run(&ctx, &keyring, &["keys", "list"], &[]);
    assert_eq!(
        listed.stdout,
        format!("base   {KEY_ID}\nother  AKIAOTHERPROFILE0001\n")
    );
    assert!(
        std::fs::read_to_string(&creds_file)
            .unwrap()
            .contains("ASIATEMPORARY0000001")
    );
    // A profile without long-term keys there: named, exit 3, nothing changed.
    let before = std::fs::read(&creds_file).unwrap();
    let none = run(&ctx, &keyring, &["keys", "import", "temp"], &[]);
    none.assert_code(3)
        .assert_stderr_has("has no long-term keys of profile `temp`");
    assert_eq!(std::fs::read(&creds_file).unwrap(), before);
}

/// Counts the opens of one file by other processes, with inotifywait.
struct Opens {
    child: Child,
}

impl Opens {
    fn watch(file: &Path) -> Opens {
        let mut child = Command::new("inotifywait")
            .args(["-m", "-q", "-e", "open", "--format", "%e"])
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("inotifywait (inotify-tools, installed by scripts/setup-system)");
        // inotifywait says "Watches established." on stderr when ready (-q
        // keeps it quiet: wait until the watch is in place another way).
        std::thread::sleep(std::time::Duration::from_millis(300));
        let _ = &mut child;
        Opens { child }
    }

    fn count(mut self) -> usize {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let _ = self.child.kill();
        let out = self.child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    }
}

#[test]
fn thirty_two_processes_on_a_cold_chain_read_the_keyring_once() {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let keyring = Keyring::File;
    add(&ctx, &keyring, "base", KEY_ID, SECRET).assert_code(0);
    let file = ctx.path(".config/credbroker/keyring.json");
    let opens = Opens::watch(&file);
    let children = spawn_all(32, |_| {
        cmd(
            &ctx,
            &keyring,
            &["credential-process", "--profile", "prod"],
            &[],
        )
    });
    let runs: Vec<Run> = children
        .into_iter()
        .map(|c| Run::from(crate::support::finish(c)))
        .collect();
    let first = runs[0].creds();
    for r in &runs {
        assert_eq!(r.creds(), first);
    }
    assert_eq!(opens.count(), 1, "one keyring read per refresh");
    assert_eq!(ctx.calls("AssumeRole", Some("role/mid")).len(), 1);
    assert_eq!(ctx.calls("AssumeRole", Some("role/prod")).len(), 1);
    // A hit never touches the keyring.
    let opens = Opens::watch(&file);
    run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(opens.count(), 0, "a cache hit never reads the keyring");
}

#[test]
fn an_aws_vault_file_keyring_is_imported_without_its_sessions() {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let theirs = ctx.path(".awsvault/keys");
    std::fs::create_dir_all(&theirs).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws-vault/keys");
    for f in std::fs::read_dir(&fixtures).unwrap().flatten() {
        std::fs::copy(f.path(), theirs.join(f.file_name())).unwrap();
    }
    let before: Vec<_> = std::fs::read_dir(&theirs)
        .unwrap()
        .flatten()
        .map(|f| f.file_name())
        .collect();
    let vault_pass = ("AWS_VAULT_FILE_PASSPHRASE", "correct horse battery staple");
    // A wrong passphrase of aws-vault's: said, nothing imported.
    let wrong = run(
        &ctx,
        &Keyring::File,
        &["keys", "import", "--from-aws-vault"],
        &[("AWS_VAULT_FILE_PASSPHRASE", "nope")],
    );
    wrong
        .assert_code(3)
        .assert_stderr_has("AWS_VAULT_FILE_PASSPHRASE");
    assert_eq!(run(&ctx, &Keyring::File, &["keys", "list"], &[]).stdout, "");

    let one = run(
        &ctx,
        &Keyring::File,
        &["keys", "import", "--from-aws-vault", "work"],
        &[vault_pass],
    );
    one.assert_code(0);
    assert_eq!(
        one.stderr,
        "imported key AKIAIOSFODNN7EXAMPLE of profile `work` from aws-vault's file keyring into keyring `file`\n"
    );
    let all = run(
        &ctx,
        &Keyring::File,
        &["keys", "import", "--from-aws-vault"],
        &[vault_pass],
    );
    all.assert_code(0);
    assert!(
        !all.stderr.contains("GetSessionToken") && !all.stderr.contains("oidc"),
        "{all:?}"
    );
    let listed = run(&ctx, &Keyring::File, &["keys", "list"], &[]);
    assert_eq!(
        listed.stdout,
        "ci            AKIAEXAMPLEJWCRYPTO1\nteam/admin%1  AKIAI44QH8DHBEXAMPLE\nwork          AKIAIOSFODNN7EXAMPLE\n"
    );
    // aws-vault's keyring is left as it was.
    let after: Vec<_> = std::fs::read_dir(&theirs)
        .unwrap()
        .flatten()
        .map(|f| f.file_name())
        .collect();
    assert_eq!(before, after);
    // An imported profile is a profile: its keys sign a role above them.
    ctx.config("[profile via-work]\nrole_arn = arn:aws:iam::111111111111:role/mid\nsource_profile = work\n");
    run(
        &ctx,
        &Keyring::File,
        &["credential-process", "--profile", "via-work"],
        &[],
    )
    .creds();
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/mid"))[0]["signer"],
        "AKIAIOSFODNN7EXAMPLE"
    );
}

/// An IAM user with one access key in the local IAM (moto), made with
/// boto3: the key id and secret.
fn iam_user(ctx: &Ctx, name: &str) -> (String, String) {
    let script = r#"
import sys, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="AKIAADMINEXAMPLE0001", aws_secret_access_key="a" * 40)
iam.create_user(UserName=sys.argv[2])
key = iam.create_access_key(UserName=sys.argv[2])["AccessKey"]
print(key["AccessKeyId"])
print(key["SecretAccessKey"])
"#;
    let out = output(
        Command::new(crate::support::python())
            .args(["-c", script, &ctx.endpoint(), name])
            .stdin(Stdio::null()),
    );
    assert!(out.status.success(), "boto3 could not make the IAM user");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    (lines.next().unwrap().into(), lines.next().unwrap().into())
}

/// The access key ids IAM has for user `name`.
fn iam_keys(ctx: &Ctx, name: &str) -> Vec<String> {
    let script = r#"
import sys, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="AKIAADMINEXAMPLE0001", aws_secret_access_key="a" * 40)
for k in iam.list_access_keys(UserName=sys.argv[2])["AccessKeyMetadata"]:
    print(k["AccessKeyId"])
"#;
    let out = output(
        Command::new(crate::support::python())
            .args(["-c", script, &ctx.endpoint(), name])
            .stdin(Stdio::null()),
    );
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn rotate_in_the_file_keyring() {
    rotate_replaces_the_key_in_iam_and_the_keyring_and_clears_its_sessions(Keyring::File);
}

#[test]
fn rotate_in_gnome_keyring() {
    rotate_replaces_the_key_in_iam_and_the_keyring_and_clears_its_sessions(
        Keyring::secret_service(),
    );
}

fn rotate_replaces_the_key_in_iam_and_the_keyring_and_clears_its_sessions(keyring: Keyring) {
    let ctx = Ctx::new();
    let user = format!("rotor-{}", ctx.ns);
    ctx.config(&CONFIG.replace("source_profile = base", "source_profile = rotor"));
    let iam = ("AWS_ENDPOINT_URL_IAM", ctx.endpoint());
    let iam = [(iam.0, iam.1.as_str())];
    let (old_id, old_secret) = iam_user(&ctx, &user);
    add(&ctx, &keyring, "rotor", &old_id, &old_secret).assert_code(0);
    let before = run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/mid"))[0]["signer"],
        old_id
    );

    // IAM refuses: the old key stays stored and usable.
    ctx.ctl_ok(
        "fault?action=CreateAccessKey&code=LimitExceeded&status=409&count=1&message=injected",
    );
    let refused = run(&ctx, &keyring, &["keys", "rotate", "rotor"], &iam);
    refused.assert_code(6).assert_stderr_has("LimitExceeded");
    assert_eq!(iam_keys(&ctx, &user), std::slice::from_ref(&old_id));
    assert_eq!(
        run(&ctx, &keyring, &["keys", "list"], &[]).stdout,
        format!("rotor  {old_id}\n")
    );

    let rotated = run(&ctx, &keyring, &["keys", "rotate", "rotor"], &iam);
    rotated.assert_code(0);
    assert!(!rotated.stderr.contains(&old_secret) && rotated.stdout.is_empty());
    let now = iam_keys(&ctx, &user);
    assert_eq!(now.len(), 1, "the old key is deleted: {now:?}");
    let new_id = now[0].clone();
    assert_ne!(new_id, old_id);
    assert_eq!(
        rotated.stderr,
        format!(
            "profile `rotor`: new key {new_id} stored in keyring `{}`\n\
             profile `rotor`: old key {old_id} deleted; 2 cached session(s) it signed cleared\n",
            keyring.name()
        )
    );
    assert_eq!(
        run(&ctx, &keyring, &["keys", "list"], &[]).stdout,
        format!("rotor  {new_id}\n")
    );
    // The sessions the old key signed are gone: the chain is refreshed,
    // signed by the new key.
    let after = run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_ne!(after, before);
    let mid = ctx.calls("AssumeRole", Some("role/mid"));
    assert_eq!(mid.len(), 2);
    assert_eq!(mid[1]["signer"], new_id);
}

/// Counts calls of one D-Bus method on a bus, with dbus-monitor.
struct Calls {
    child: Child,
}

impl Calls {
    fn watch(bus: &crate::keyring_bus::KeyringBus, member: &str) -> Calls {
        let rule = format!("type='method_call',member='{member}'");
        let child = Command::new("dbus-monitor")
            .args(["--address", &bus.address(), &rule])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (dbus-bin, installed by scripts/setup-system)");
        std::thread::sleep(std::time::Duration::from_millis(500));
        Calls { child }
    }

    fn count(mut self, member: &str) -> usize {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let _ = self.child.kill();
        let out = self.child.wait_with_output().unwrap();
        let needle = format!("member={member}");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("method call") && l.contains(&needle))
            .count()
    }
}

#[test]
fn thirty_two_processes_on_a_cold_chain_ask_the_secret_service_once() {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let keyring = Keyring::secret_service();
    add(&ctx, &keyring, "base", KEY_ID, SECRET).assert_code(0);
    let Keyring::SecretService(bus) = &keyring else {
        unreachable!()
    };
    let reads = Calls::watch(bus, "GetSecret");
    let children = spawn_all(32, |_| {
        cmd(
            &ctx,
            &keyring,
            &["credential-process", "--profile", "prod"],
            &[],
        )
    });
    let runs: Vec<Run> = children
        .into_iter()
        .map(|c| Run::from(crate::support::finish(c)))
        .collect();
    let first = runs[0].creds();
    for r in &runs {
        assert_eq!(r.creds(), first);
    }
    assert_eq!(reads.count("GetSecret"), 1, "one keyring read per refresh");
    assert_eq!(ctx.calls("AssumeRole", Some("role/mid")).len(), 1);
    assert_eq!(ctx.calls("AssumeRole", Some("role/prod")).len(), 1);
    let Keyring::SecretService(bus) = &keyring else {
        unreachable!()
    };
    let reads = Calls::watch(bus, "GetSecret");
    run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(
        reads.count("GetSecret"),
        0,
        "a cache hit never asks the keyring"
    );
}

#[test]
fn a_locked_collection_is_said_not_prompted_and_no_other_key_is_used() {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let keyring = Keyring::secret_service();
    add(&ctx, &keyring, "base", KEY_ID, SECRET).assert_code(0);
    let Keyring::SecretService(bus) = &keyring else {
        unreachable!()
    };
    bus.lock();
    let locked = run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    );
    locked
        .assert_code(3)
        .assert_stderr_has("profile `base`")
        .assert_stderr_has("keyring `secret-service`")
        .assert_stderr_has("locked");
    assert_eq!(locked.stdout, "");
    assert_eq!(ctx.assume_role_calls(), 0);
    // Storing is refused too, and nothing is half written.
    let add_locked = add(&ctx, &keyring, "other", "AKIAOTHERPROFILE0001", SECRET);
    add_locked.assert_code(3).assert_stderr_has("locked");
    assert!(
        !std::fs::read_to_string(ctx.path(".config/credbroker/keys.toml"))
            .unwrap()
            .contains("other")
    );
    // Unlocked (as the desktop would): at once, nothing remembered.
    bus.unlock();
    run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "prod"],
        &[],
    )
    .creds();
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/mid"))[0]["signer"],
        KEY_ID
    );
}

#[test]
fn no_session_bus_is_said_with_the_fix() {
    let ctx = Ctx::new();
    ctx.config(CONFIG);
    let bus = crate::keyring_bus::KeyringBus::without_keyring();
    let nothing = ctx.run_env(
        &["keys", "add", "base", "--env"],
        &[
            ("CREDBROKER_KEYRING", "secret-service"),
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"),
            ("AWS_ACCESS_KEY_ID", KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    nothing
        .assert_code(3)
        .assert_stderr_has("no D-Bus session bus")
        .assert_stderr_has("keyring = file");
    let no_service = ctx.run_env(
        &["keys", "list"],
        &[
            ("CREDBROKER_KEYRING", "secret-service"),
            ("DBUS_SESSION_BUS_ADDRESS", &bus.address()),
        ],
    );
    no_service
        .assert_code(3)
        .assert_stderr_has("org.freedesktop.secrets");
    assert!(!nothing.stderr.contains(SECRET));
}

#[test]
fn config_shows_the_keyring_and_why() {
    let ctx = Ctx::new();
    let line = |run: Run| {
        run.assert_code(0);
        run.stdout
            .lines()
            .find(|l| l.starts_with("keyring = "))
            .unwrap_or_default()
            .to_string()
    };
    let no_bus = line(ctx.run(&["config"]));
    assert_eq!(
        no_bus,
        "keyring = \"file\"  # default: from no D-Bus session bus"
    );
    let bus = line(ctx.run_env(
        &["config"],
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/x")],
    ));
    assert_eq!(
        bus,
        "keyring = \"secret-service\"  # default: from DBUS_SESSION_BUS_ADDRESS"
    );
    let chosen = line(ctx.run_env(
        &["config", "--keyring", "none"],
        &[("CREDBROKER_KEYRING", "file")],
    ));
    assert_eq!(chosen, "keyring = \"none\"  # flag --keyring");
    let bad = ctx.run_env(&["config"], &[("CREDBROKER_KEYRING", "vault")]);
    bad.assert_code(3).assert_stderr_has("CREDBROKER_KEYRING");
}

#[test]
fn keys_add_refuses_what_is_not_a_long_term_key_and_stores_nothing() {
    let ctx = Ctx::new();
    let keyring = Keyring::File;
    let half = "kEyRiNgSeCrEt/0123";
    let short = add(&ctx, &keyring, "base", KEY_ID, half);
    short
        .assert_code(2)
        .assert_stderr_has("is not one (18 characters")
        .assert_stderr_has("nothing was stored");
    assert!(!short.stderr.contains(half));
    let temporary = run(
        &ctx,
        &keyring,
        &["keys", "add", "base", "--env"],
        &[
            ("AWS_ACCESS_KEY_ID", "ASIAKEYRINGEXAMPLE01"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", "token"),
        ],
    );
    temporary.assert_code(2).assert_stderr_has("temporary");
    let missing = run(&ctx, &keyring, &["keys", "add", "base", "--env"], &[]);
    missing
        .assert_code(2)
        .assert_stderr_has("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    // No terminal to ask on: said, with the way that needs none.
    let no_tty = run(&ctx, &keyring, &["keys", "add", "base"], &[]);
    no_tty.assert_code(2).assert_stderr_has("use --env");
    assert!(!ctx.path(".config/credbroker/keys.toml").exists());
    assert!(!ctx.path(".config/credbroker/keyring.json").exists());
}

/// An item as 99designs/keyring stores it for aws-vault: the JSON of a
/// `keyring.Item` whose `Data` is the base64 of aws-vault's own JSON.
fn aws_vault_item(key: &str, data: &str) -> String {
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(data);
    serde_json::json!({
        "Key": key,
        "Data": data,
        "Label": format!("aws-vault ({key})"),
        "Description": "",
        "KeychainNotTrustApplication": false,
        "KeychainNotSynchronizable": false
    })
    .to_string()
}

#[test]
fn an_aws_vault_secret_service_collection_is_imported_without_its_sessions() {
    let ctx = Ctx::new();
    ctx.config("[profile via-work]\nrole_arn = arn:aws:iam::111111111111:role/mid\nsource_profile = work\n");
    let keyring = Keyring::secret_service();
    let Keyring::SecretService(bus) = &keyring else {
        unreachable!()
    };
    let theirs = bus.create_collection("awsvault");
    let keys = |id: &str, token: &str| {
        format!(
            r#"{{"AccessKeyID":"{id}","SecretAccessKey":"{SECRET}","SessionToken":"{token}","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}}"#
        )
    };
    bus.create_item(
        &theirs,
        "work",
        &[("profile", "work")],
        &aws_vault_item("work", &keys(KEY_ID, "")),
    );
    let session = "sts.GetSessionToken,d29yaw,,1925089445";
    bus.create_item(
        &theirs,
        session,
        &[("profile", session)],
        &aws_vault_item(session, &keys("ASIASESSIONEXAMPLE01", "token")),
    );
    let imported = run(&ctx, &keyring, &["keys", "import", "--from-aws-vault"], &[]);
    imported.assert_code(0);
    assert_eq!(
        imported.stderr,
        format!(
            "imported key {KEY_ID} of profile `work` from aws-vault's secret-service keyring into keyring `secret-service`\n"
        )
    );
    assert_eq!(
        run(&ctx, &keyring, &["keys", "list"], &[]).stdout,
        format!("work  {KEY_ID}\n")
    );
    // aws-vault's items stay where they were: its own `work` beside
    // credbroker's new one, and its session.
    assert_eq!(bus.count(&[("profile", "work")]), 2);
    assert_eq!(
        bus.count(&[("profile", "work"), ("application", "credbroker")]),
        1
    );
    assert_eq!(bus.count(&[("profile", session)]), 1);
    run(
        &ctx,
        &keyring,
        &["credential-process", "--profile", "via-work"],
        &[],
    )
    .creds();
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/mid"))[0]["signer"],
        KEY_ID
    );
}
