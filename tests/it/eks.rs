//! `eks-token` and `eks-kubeconfig`: the token `aws eks get-token` builds,
//! served from the cache; the Python `kubernetes` client as kubectl's
//! stand-in. Tokens and credentials are compared, never printed: URLs go
//! through `tests/support/eks_token.py`, which gives secrets as digests.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{
    BIN, CHAIN_CONFIG, Ctx, Run, Waiters, copy_env, output, python, script, spawn_all,
};

const CLUSTER: &[&str] = &["eks-token", "--cluster-name", "demo"];

/// The usual chain, and `client`: the AWS CLI's profile that gets `prod`'s
/// credentials from credbroker, as `aws eks get-token` users have it.
fn client_ctx() -> Ctx {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile client]\ncredential_process = {BIN} credential-process prod\nregion = eu-west-1\n"
    ));
    ctx
}

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    CLUSTER
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect()
}

/// `cmd` (an environment like credbroker's in `ctx`) with `stdin`, run.
fn run_with(ctx: &Ctx, mut cmd: Command, stdin: &str, unset: &[&str]) -> Run {
    copy_env(&ctx.cmd(&[]), &mut cmd);
    // The AWS CLI 1's own signer, as `aws eks get-token` runs it without
    // awscrt (which the venv has for botocore's login provider): the CRT
    // signer orders the query differently, and the tests compare order.
    cmd.env("BOTO_DISABLE_CRT", "true");
    for var in unset {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes()).unwrap();
    Run::from(crate::support::finish(child))
}

/// `tests/support/eks_token.py ARGS` with `stdin`.
fn helper(ctx: &Ctx, args: &[&str], stdin: &str, unset: &[&str]) -> Run {
    let mut cmd = Command::new(python());
    cmd.arg(script("eks_token.py")).args(args);
    let run = run_with(ctx, cmd, stdin, unset);
    assert_eq!(run.code, 0, "eks_token.py {args:?} failed: {run:?}");
    run
}

/// An ExecCredential, decoded: its fields and its URL, secrets as digests.
fn decode(ctx: &Ctx, exec_credential: &str) -> serde_json::Value {
    serde_json::from_str(&helper(ctx, &["decode"], exec_credential, &[]).stdout).unwrap()
}

fn aws(ctx: &Ctx, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(crate::support::aws_cli());
    cmd.args(args);
    copy_env(&ctx.cmd(&[]), &mut cmd);
    // As in `helper`: the AWS CLI's own signer, not awscrt's.
    cmd.env("BOTO_DISABLE_CRT", "true");
    cmd.envs(env.iter().copied());
    Run::from(output(&mut cmd))
}

fn unix(rfc3339: &serde_json::Value) -> i64 {
    let text = rfc3339.as_str().expect("a timestamp");
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .unix_timestamp()
}

fn amz_date(url: &serde_json::Value) -> i64 {
    let text = url["params"]["X-Amz-Date"].as_str().unwrap();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    time::PrimitiveDateTime::parse(text, &format)
        .unwrap()
        .assume_utc()
        .unix_timestamp()
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn token_of(run: &Run) -> String {
    assert_eq!(run.code, 0, "eks-token failed: {run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    v["status"]["token"].as_str().expect("a token").to_string()
}

#[test]
fn the_token_matches_aws_eks_get_token_parameter_by_parameter() {
    let ctx = client_ctx();
    let ours = ctx.run(&args(&["prod"]));
    assert_eq!(ours.code, 0, "{ours:?}");
    let theirs = aws(
        &ctx,
        &[
            "eks",
            "get-token",
            "--cluster-name",
            "demo",
            "--profile",
            "client",
        ],
        &[],
    );
    assert_eq!(theirs.code, 0, "aws eks get-token failed: {theirs:?}");
    let (a, b) = (decode(&ctx, &ours.stdout), decode(&ctx, &theirs.stdout));
    for field in ["kind", "apiVersion", "spec"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    let (ua, ub) = (&a["url"], &b["url"]);
    for part in ["scheme", "host", "path", "names"] {
        assert_eq!(ua[part], ub[part], "the URL's {part}");
    }
    let local = ctx.endpoint();
    let (host, path) = local
        .strip_prefix("http://")
        .unwrap()
        .split_once('/')
        .unwrap();
    assert_eq!(
        (&ua["host"], &ua["path"]),
        (&host.into(), &format!("/{path}").into())
    );
    for param in [
        "Action",
        "Version",
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Expires",
        "X-Amz-SignedHeaders",
    ] {
        assert_eq!(ua["params"][param], ub["params"][param], "{param}");
    }
    assert!(
        ua["params"]["X-Amz-Security-Token"] == ub["params"]["X-Amz-Security-Token"],
        "both are signed by prod's session"
    );
    let credential = ua["params"]["X-Amz-Credential"].as_str().unwrap();
    assert!(
        credential.ends_with("/eu-west-1/sts/aws4_request"),
        "{credential}"
    );
    assert_eq!(ua["params"]["X-Amz-SignedHeaders"], "host;x-k8s-aws-id");
    assert_eq!(ua["params"]["X-Amz-Expires"], "60");
    assert!((amz_date(ua) - amz_date(ub)).abs() < 300);
    // Both say 14 minutes after signing.
    let ours_until = unix(&a["expirationTimestamp"]);
    assert!((ours_until - amz_date(ua) - 14 * 60).abs() <= 1);
    assert!((ours_until - unix(&b["expirationTimestamp"])).abs() < 300);
    // The AWS CLI got prod's credentials from credbroker's cache.
    assert_eq!(ctx.assume_role_calls(), 2);
}

/// The same token, byte for byte, as the AWS CLI's own code builds for the
/// same credentials at the same instant: same URL, same signature. With
/// the local STS, another region, and the real regional hosts of two
/// partitions.
#[test]
fn the_signature_is_the_one_the_aws_cli_computes() {
    let ctx = client_ctx();
    let endpoint = ["AWS_ENDPOINT_URL_STS"];
    let cases: [(&str, &[&str], &str, &[&str]); 4] = [
        ("prod", &[], "eu-west-1", &[]),
        ("prod", &["--region", "us-west-2"], "us-west-2", &[]),
        ("base", &["--region", "eu-north-1"], "eu-north-1", &endpoint),
        ("base", &["--region", "cn-north-1"], "cn-north-1", &endpoint),
    ];
    for (profile, flags, region, unset) in cases {
        let mut cmd = ctx.cmd(&["credential-process", profile]);
        for var in unset {
            cmd.env_remove(var);
        }
        let creds = Run::from(output(&mut cmd));
        assert_eq!(creds.code, 0, "{creds:?}");
        let mut cmd = ctx.cmd(&args(&[&[profile], flags].concat()));
        for var in unset {
            cmd.env_remove(var);
        }
        let token = Run::from(output(&mut cmd));
        assert_eq!(token.code, 0, "{token:?}");
        let given = format!(
            r#"{{"exec": {}, "credentials": {}}}"#,
            token.stdout.trim(),
            creds.stdout.trim()
        );
        let out = helper(&ctx, &["rebuild", "demo", region], &given, unset);
        let verdict: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(
            verdict["differ"],
            serde_json::json!([]),
            "{profile} {flags:?}"
        );
        assert_eq!(verdict["same"], true, "{profile} {flags:?}");
    }
    let host = |region: &[&str]| {
        let mut cmd = ctx.cmd(&args(&[&["base"][..], region].concat()));
        cmd.env_remove("AWS_ENDPOINT_URL_STS");
        let run = Run::from(output(&mut cmd));
        decode(&ctx, &run.stdout)["url"]["host"].clone()
    };
    assert_eq!(
        host(&["--region", "eu-north-1"]),
        "sts.eu-north-1.amazonaws.com"
    );
    assert_eq!(
        host(&["--region", "cn-north-1"]),
        "sts.cn-north-1.amazonaws.com.cn"
    );
}

#[test]
fn a_hit_serves_the_cached_token_and_new_credentials_sign_a_new_one() {
    let ctx = Ctx::with_chain();
    let first = token_of(&ctx.run(&args(&["prod"])));
    assert_eq!(ctx.assume_role_calls(), 2);
    let (_, entry) = ctx
        .entries()
        .into_iter()
        .find(|(_, e)| e["label"]["role_arn"] == "EKS token for demo in eu-west-1")
        .expect("the token has an entry of its own");
    assert_eq!(entry["generation"], 1);
    assert_eq!(entry["label"]["profile"], "prod");
    let again = ctx.run(&args(&["prod"]));
    assert!(token_of(&again) == first, "a hit serves the cached token");
    assert!(!again.stderr.contains(&first), "the token is not on stderr");
    assert_eq!(ctx.assume_role_calls(), 2, "a hit calls nothing");
    // Another cluster: another token, the same credentials.
    let other = token_of(&ctx.run(&["eks-token", "--cluster-name", "other", "prod"]));
    assert!(other != first);
    assert_eq!(ctx.assume_role_calls(), 2);
    // New credentials for prod: a new token, signed by them.
    let forced = token_of(&ctx.run(&args(&["prod", "--force-refresh"])));
    assert!(forced != first, "new credentials, a new token");
    assert_eq!(ctx.assume_role_calls(), 3);
    assert_eq!(ctx.calls("AssumeRole", Some("role/admin")).len(), 2);
}

/// A token never outlives the credentials that signed it: credentials with
/// 400 s left (served through STS throttling) sign a token that expires with
/// them, not 14 minutes later.
#[test]
fn a_token_expires_with_its_signing_credentials() {
    let ctx = Ctx::with_chain();
    assert_eq!(ctx.run(&["credential-process", "prod"]).code, 0);
    ctx.set_expiry("prod", 400);
    ctx.fault("Throttling", 400, -1);
    let run = ctx.run(&args(&["prod"]));
    assert_eq!(run.code, 0, "{run:?}");
    run.assert_stderr_has("serving cached credentials");
    let doc = decode(&ctx, &run.stdout);
    let until = unix(&doc["expirationTimestamp"]);
    let now = crate::support::now();
    assert!(
        (until - (now + 400)).abs() <= 5,
        "expires in {} s",
        until - now
    );
}

/// `KUBERNETES_EXEC_INFO`: the apiVersion the client asks for, as the AWS
/// CLI answers it, with a warning when it does.
#[test]
fn the_api_version_follows_kubernetes_exec_info_as_the_aws_cli_does() {
    let ctx = client_ctx();
    let info = |v: &str| {
        format!(r#"{{"kind":"ExecCredential","apiVersion":"{v}","spec":{{"interactive":false}}}}"#)
    };
    let cases = [
        None,
        Some(info("client.authentication.k8s.io/v1")),
        Some(info("client.authentication.k8s.io/v1beta1")),
        Some(info("client.authentication.k8s.io/v1alpha1")),
        Some(info("client.authentication.k8s.io/v9")),
        Some("{not json".to_string()),
        Some(String::new()),
    ];
    for exec_info in cases {
        let env: Vec<(&str, &str)> = exec_info
            .iter()
            .map(|v| ("KUBERNETES_EXEC_INFO", v.as_str()))
            .collect();
        let ours = ctx.run_env(&args(&["prod"]), &env);
        assert_eq!(ours.code, 0, "{ours:?}");
        let theirs = aws(
            &ctx,
            &[
                "eks",
                "get-token",
                "--cluster-name",
                "demo",
                "--profile",
                "client",
            ],
            &env,
        );
        assert_eq!(theirs.code, 0, "{theirs:?}");
        let version = |run: &Run| {
            serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()["apiVersion"].clone()
        };
        assert_eq!(version(&ours), version(&theirs), "{exec_info:?}");
        assert_eq!(
            ours.stderr.contains("warning:"),
            !theirs.stderr.trim().is_empty(),
            "{exec_info:?}: ours {ours:?}, theirs {theirs:?}"
        );
    }
}

/// 32 processes at once on a cold chain: one STS call per link and one
/// signed token. Each write pauses before its rename (the test hook), which
/// holds that link's lock: at each pause, 31 processes must be waiting for
/// the holder, and STS must have seen one call for the link.
#[test]
fn thirty_two_processes_on_a_cold_chain_make_one_call_per_link_and_one_token() {
    let ctx = Ctx::with_chain();
    let pause = ctx.path("pause");
    let children = spawn_all(32, |_| {
        let mut cmd = ctx.cmd(&args(&["prod"]));
        cmd.env("CREDBROKER_TEST_PAUSE_BEFORE_RENAME", &pause)
            .env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    let stages = [
        ("is refreshing mid (", 1),
        ("is refreshing prod (arn:", 2),
        ("is refreshing prod (EKS token for demo in eu-west-1)", 2),
    ];
    for (needle, calls) in stages {
        waiters.until(&format!("a paused writer and 31 saying {needle:?}"), |w| {
            pause.exists() && w.saying(needle) >= 31
        });
        assert_eq!(waiters.saying(needle), 31, "{needle}");
        assert_eq!(ctx.assume_role_calls(), calls, "at {needle}");
        std::fs::remove_file(&pause).unwrap();
    }
    let runs = waiters.finish();
    let first = token_of(&runs[0]);
    for run in &runs {
        assert!(token_of(run) == first, "all print the one token");
        assert!(!run.stderr.contains(&first), "no token on stderr");
    }
    assert_eq!(ctx.assume_role_calls(), 2);
    let tokens: Vec<_> = ctx
        .entries()
        .into_values()
        .filter(|e| e["label"]["role_arn"] == "EKS token for demo in eu-west-1")
        .collect();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["generation"], 1, "the token was written once");
}

fn path_with_bin() -> std::ffi::OsString {
    let dir = Path::new(BIN).parent().unwrap();
    std::env::join_paths(
        std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap()
}

/// The Python `kubernetes` client loads a kubeconfig whose user
/// `eks-kubeconfig --write` merged in, runs `credbroker eks-token` through
/// it, and gets the token as its bearer token, for the exec apiVersion
/// written (v1beta1) and for v1.
#[test]
fn the_kubernetes_client_gets_the_bearer_token_through_the_kubeconfig() {
    let ctx = Ctx::with_chain();
    let kubeconfig = ctx.path("kube/config");
    std::fs::create_dir_all(kubeconfig.parent().unwrap()).unwrap();
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\nusers:\n- name: someone\n  user: {token: keep-me}\n",
    )
    .unwrap();
    let write = ctx.run_env(
        &[
            "eks-kubeconfig",
            "--cluster-name",
            "demo",
            "prod",
            "--server",
            "https://127.0.0.1:9",
            "--certificate-authority-data",
            "Tm90IGEgQ0E=",
            "--write",
        ],
        &[(
            "KUBECONFIG",
            &format!("{}:/nonexistent", kubeconfig.display()),
        )],
    );
    assert_eq!(write.code, 0, "{write:?}");
    write.assert_stderr_has("prod@demo");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&kubeconfig).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&kubeconfig).unwrap();
    assert!(text.contains("keep-me"), "the other user is kept");
    let direct = sha256(&token_of(&ctx.run(&args(&["prod"]))));
    let through_client = |ctx: &Ctx| {
        let mut cmd = Command::new(python());
        cmd.arg(script("eks_token.py")).arg("kube").arg(&kubeconfig);
        copy_env(&ctx.cmd(&[]), &mut cmd);
        cmd.env("PATH", path_with_bin());
        let run = Run::from(output(&mut cmd));
        assert_eq!(run.code, 0, "the kubernetes client failed: {run:?}");
        run.stdout.trim().to_string()
    };
    assert_eq!(through_client(&ctx), direct);
    let v1 = text.replace(
        "client.authentication.k8s.io/v1beta1",
        "client.authentication.k8s.io/v1",
    );
    assert_ne!(v1, text);
    std::fs::write(&kubeconfig, v1).unwrap();
    assert_eq!(through_client(&ctx), direct);
    assert_eq!(ctx.assume_role_calls(), 2);
}

/// Without --write, the entries are printed: a user only, or with --server
/// its cluster and context; nothing is resolved or called.
#[test]
fn eks_kubeconfig_prints_the_user_that_runs_eks_token() {
    let ctx = Ctx::with_chain();
    let run = ctx.run_env(
        &[
            "eks-kubeconfig",
            "--cluster-name",
            "demo",
            "--region",
            "eu-west-2",
        ],
        &[("AWS_PROFILE", "dev")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "name: dev@demo",
        "command: credbroker",
        "- eks-token",
        "- dev",
        "- eu-west-2",
        "client.authentication.k8s.io/v1beta1",
    ] {
        assert!(run.stdout.contains(needle), "{needle}: {}", run.stdout);
    }
    assert!(!run.stdout.contains("clusters"), "{}", run.stdout);
    assert_eq!(ctx.assume_role_calls(), 0);
    assert!(ctx.entries().is_empty(), "nothing resolved");
    let bad = ctx.run(&["eks-token", "--cluster-name", "-x", "prod"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    let bad = ctx.run(&["eks-token", "--cluster-name", "a b", "prod"]);
    bad.assert_code(2)
        .assert_stderr_has("not an EKS cluster name");
}

/// `--role-arn`: the token is signed by that role, assumed from the
/// profile's credentials and cached as `credential-process --role-arn`
/// caches it (one AssumeRole for both).
#[test]
fn role_arn_signs_with_the_role_assumed_from_the_profile() {
    let ctx = Ctx::with_chain();
    let role = "arn:aws:iam::444444444444:role/eks";
    let run = ctx.run(&args(&["mid", "--role-arn", role]));
    assert_eq!(run.code, 0, "{run:?}");
    let calls = ctx.calls("AssumeRole", Some("role/eks"));
    assert_eq!(calls.len(), 1);
    let creds = ctx
        .run(&[
            "credential-process",
            "--role-arn",
            role,
            "--source-profile",
            "mid",
        ])
        .creds();
    assert_eq!(
        ctx.calls("AssumeRole", Some("role/eks")).len(),
        1,
        "one cached role"
    );
    let url = &decode(&ctx, &run.stdout)["url"];
    let credential = url["params"]["X-Amz-Credential"].as_str().unwrap();
    assert!(
        credential.starts_with(&format!("{}/", creds.access_key_id)),
        "signed by the role's session: {credential} vs {creds:?}"
    );
    let signer = calls[0]["signer"].as_str().unwrap_or_default().to_string();
    let mid = ctx.run(&["credential-process", "mid"]).creds();
    assert_eq!(
        signer, mid.access_key_id,
        "the role was assumed with mid's credentials"
    );
}
