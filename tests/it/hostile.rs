//! Hostile setups credbroker did not write: config files it cannot read or
//! decode, profile names the SDK's parser drops, bad STS answers, hung
//! endpoints, caches it cannot write. Each one used to give a wrong answer,
//! a hang or an unhelpful error.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::support::{CHAIN_CONFIG, Ctx, Run, python};

/// `[default]` is a role chain in the config file; the credentials file has
/// long-term keys under `[default]` too. Skipping the config file would
/// print those keys: the wrong identity.
const DEFAULT_CHAIN: &str =
    "[default]\nrole_arn = arn:aws:iam::111111111111:role/ops\nsource_profile = keys\n";
const ADMIN_KEYS: &str = "[default]\naws_access_key_id = AKIAADMINADMINADMIN1\naws_secret_access_key = admin-secret\n\
                          [keys]\naws_access_key_id = AKIAKEYSKEYSKEYSKEY1\naws_secret_access_key = keys-secret\n";

fn admin_setup(config: &[u8]) -> Ctx {
    let ctx = Ctx::new();
    std::fs::write(ctx.path(".aws/config"), config).unwrap();
    std::fs::write(ctx.path(".aws/credentials"), ADMIN_KEYS).unwrap();
    ctx
}

/// The same command as an unprivileged user (the tests run as root, which
/// reads any file). HOME must be reachable for that user.
fn as_nobody(ctx: &Ctx, args: &[&str]) -> Run {
    let mut dir = ctx.home.path().to_path_buf();
    while dir.parent().is_some() {
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode | 0o711)).unwrap();
        if !dir.pop() {
            break;
        }
        if dir == std::env::temp_dir() || dir.as_os_str() == "/" {
            break;
        }
    }
    let inner = ctx.cmd(args);
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(inner.get_program())
        .args(inner.get_args())
        .env_clear()
        .stdin(std::process::Stdio::null());
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    Run::from(cmd.output().unwrap())
}

#[test]
fn a_config_file_that_is_not_utf8_is_an_error_not_skipped() {
    // A Latin-1 `é` in a comment on line 2.
    let mut config = b"# ops account\n# r\xe9sum\xe9 of the setup\n".to_vec();
    config.extend_from_slice(DEFAULT_CHAIN.as_bytes());
    let ctx = admin_setup(&config);
    let run = ctx.run(&["credential-process"]);
    run.assert_code(3);
    assert_eq!(run.stdout, "", "no credentials at all");
    let config = ctx.path(".aws/config");
    assert!(
        run.stderr.starts_with(&format!(
            "error: {} is not UTF-8 text: line 2 has the byte 0xe9\nhint: ",
            config.display()
        )),
        "{run:?}"
    );
    assert!(!run.stderr.contains("admin-secret"));
    assert_eq!(ctx.counts().len(), 0, "no STS call");
}

#[test]
fn an_unreadable_config_file_is_an_error_not_skipped() {
    let ctx = admin_setup(DEFAULT_CHAIN.as_bytes());
    let config = ctx.path(".aws/config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(
        ctx.path(".aws/credentials"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let run = as_nobody(&ctx, &["credential-process"]);
    run.assert_code(3);
    assert_eq!(run.stdout, "", "no credentials at all");
    assert!(
        run.stderr.starts_with(&format!(
            "error: {} cannot be read: Permission denied (os error 13)\nhint: ",
            config.display()
        )),
        "{run:?}"
    );
    // An unreadable credentials file is just as much an error.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(
        ctx.path(".aws/credentials"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let run = as_nobody(&ctx, &["list"]);
    run.assert_code(3);
    run.assert_stderr_has("credentials cannot be read: Permission denied");
}

#[test]
fn aws_default_profile_selects_the_profile_as_in_the_aws_cli() {
    let ctx = Ctx::with_chain();
    let base = |env: &[(&str, &str)]| ctx.run_env(&["credential-process"], env);
    let by_default = base(&[("AWS_DEFAULT_PROFILE", "base")]);
    assert_eq!(by_default.creds().access_key_id, "AKIAIOSFODNN7EXAMPLE");
    // Both set: AWS_DEFAULT_PROFILE wins, as botocore reads it first.
    let both = base(&[("AWS_DEFAULT_PROFILE", "base"), ("AWS_PROFILE", "nope")]);
    assert_eq!(both.creds().access_key_id, "AKIAIOSFODNN7EXAMPLE");
    let boto = Command::new(python())
        .args(["-c", "import boto3; print(boto3.Session().profile_name)"])
        .env("AWS_CONFIG_FILE", ctx.path(".aws/config"))
        .env("AWS_DEFAULT_PROFILE", "base")
        .env("AWS_PROFILE", "nope")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&boto.stdout),
        "base\n",
        "botocore agrees"
    );
    // The command line beats both.
    let flag = ctx.run_env(
        &["credential-process", "nope"],
        &[("AWS_DEFAULT_PROFILE", "base")],
    );
    flag.assert_code(3)
        .assert_stderr_has("profile `nope` not found");
}

/// Profile names boto3 accepts and the SDK's parser drops (a space, a
/// non-ASCII letter, `[profile x]` in the credentials file): credbroker
/// names the file and line instead of "not found", and lists them as
/// warnings. What the SDK keeps, credbroker resolves.
#[test]
fn profile_names_the_sdk_drops_are_reported_with_file_and_line() {
    let ctx = Ctx::new();
    ctx.config(
        "[profile café]\naws_access_key_id = AKIACAFE000000000001\naws_secret_access_key = s1\n\
         [profile my team]\naws_access_key_id = AKIATEAM000000000002\naws_secret_access_key = s2\n\
         [profile ok.name@x+y]\naws_access_key_id = AKIAOKOK000000000003\naws_secret_access_key = s3\n",
    );
    std::fs::write(
        ctx.path(".aws/credentials"),
        "[profile keyed]\naws_access_key_id = AKIAKEYD000000000004\naws_secret_access_key = s4\n",
    )
    .unwrap();
    let script = "import boto3, json\n\
                  s = boto3.Session()\n\
                  out = {p: boto3.Session(profile_name=p).get_credentials().access_key\n\
                         for p in s.available_profiles}\n\
                  print(json.dumps(out, sort_keys=True))";
    let boto = Command::new(python())
        .args(["-c", script])
        .env("AWS_CONFIG_FILE", ctx.path(".aws/config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", ctx.path(".aws/credentials"))
        .output()
        .unwrap();
    let boto: serde_json::Value = serde_json::from_slice(&boto.stdout)
        .unwrap_or_else(|_| panic!("boto3: {}", String::from_utf8_lossy(&boto.stderr)));
    let config = ctx.path(".aws/config").display().to_string();
    let creds_file = ctx.path(".aws/credentials").display().to_string();
    // boto3 resolves two of the three (botocore wants exactly two words in
    // `[profile NAME]`); credbroker reports all three where they are.
    let dropped = [
        ("café", format!("{config} line 1"), true),
        ("my team", format!("{config} line 4"), false),
        ("profile keyed", format!("{creds_file} line 1"), true),
    ];
    for (name, location, boto_has) in &dropped {
        assert_eq!(
            boto.get(*name).is_some(),
            *boto_has,
            "boto3 on {name}: {boto}"
        );
        let run = ctx.run(&["credential-process", name]);
        run.assert_code(3);
        assert!(
            run.stderr.starts_with(&format!(
                "error: profile `{name}` ({location}): this section is ignored by the AWS SDKs' config parser"
            )),
            "{run:?}"
        );
        assert_eq!(run.stdout, "");
    }
    // What both accept resolves to the same keys.
    let ok = ctx.run(&["credential-process", "ok.name@x+y"]).creds();
    assert_eq!(boto["ok.name@x+y"], ok.access_key_id.as_str());
    let list = ctx.run(&["list"]);
    list.assert_code(0);
    assert!(list.stdout.contains("ok.name@x+y"), "{}", list.stdout);
    for (name, location, _) in &dropped {
        assert!(
            list.stderr.contains(&format!(
                "warning: profile `{name}` ({location}): this section is ignored"
            )),
            "{list:?}"
        );
    }
}

#[test]
fn a_chain_config_stays_a_chain() {
    // The control for the tests above: readable UTF-8 files give the role.
    let ctx = admin_setup(DEFAULT_CHAIN.as_bytes());
    let run = ctx.run(&["credential-process"]);
    let creds = run.creds();
    assert!(creds.access_key_id.starts_with("ASIA"), "{creds:?}");
    assert_eq!(ctx.assume_role_calls(), 1);
    let _ = CHAIN_CONFIG;
}
