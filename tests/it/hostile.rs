//! Hostile setups credbroker did not write: config files it cannot read or
//! decode, profile names the SDK's parser drops, bad STS answers, hung
//! endpoints, caches it cannot write. Each one used to give a wrong answer,
//! a hang or an unhelpful error.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::support::{CHAIN_CONFIG, Ctx, Run, output, python};

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

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The same command as an unprivileged user (the tests run as root, which
/// reads and writes any file; as another user, as that user). HOME must be
/// reachable for that user.
fn as_nobody(ctx: &Ctx, args: &[&str]) -> Run {
    if !running_as_root() {
        return ctx.run(args);
    }
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
        .stdin(std::process::Stdio::null());
    crate::support::copy_env(&inner, &mut cmd);
    Run::from(output(&mut cmd))
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
    let boto = output(
        Command::new(python())
            .args(["-c", "import boto3; print(boto3.Session().profile_name)"])
            .env("AWS_CONFIG_FILE", ctx.path(".aws/config"))
            .env("AWS_DEFAULT_PROFILE", "base")
            .env("AWS_PROFILE", "nope"),
    );
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
    // A name from the environment that does not exist says where it came
    // from: AWS_DEFAULT_PROFILE now overrides an AWS_PROFILE that works.
    let stale = base(&[("AWS_DEFAULT_PROFILE", "old"), ("AWS_PROFILE", "base")]);
    stale
        .assert_code(3)
        .assert_stderr_has("error: profile `old` (from AWS_DEFAULT_PROFILE) not found in ")
        .assert_stderr_has("(AWS_DEFAULT_PROFILE wins over AWS_PROFILE, as in the AWS CLI: unset it, or name the profile)");
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
    let boto = output(
        Command::new(python())
            .args(["-c", script])
            .env("AWS_CONFIG_FILE", ctx.path(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", ctx.path(".aws/credentials")),
    );
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

/// An answer that is not what STS answers: how the local STS mangles the
/// next AssumeRole call, and the stderr lines expected, in order
/// (`{endpoint}` stands for the test's STS endpoint).
struct Mangled {
    kind: &'static str,
    extra: &'static str,
    stderr: &'static [&'static str],
}

const MANGLED: &[Mangled] = &[
    Mangled {
        kind: "no_secret",
        extra: "",
        stderr: &[
            "error: STS AssumeRole failed for profile `mid` (role arn:aws:iam::111111111111:role/mid): \
             InvalidAnswer: an unexpected answer from STS AssumeRole at {endpoint} (region us-east-1): \
             it lacks SecretAccessKey, SessionToken\n",
            "hint: the endpoint answered without usable credentials",
        ],
    },
    Mangled {
        kind: "truncated",
        extra: "",
        stderr: &[
            "an unexpected answer from STS AssumeRole at {endpoint} (region us-east-1): it lacks",
        ],
    },
    // An HTML error page is transient and says what answered.
    Mangled {
        kind: "html503",
        extra: "",
        stderr: &[
            "HTTP503: STS AssumeRole at {endpoint} (region us-east-1) answered HTTP 503 (text/html), \
             which is not an AWS answer\n",
            "hint: something other than AWS answered (a proxy, load balancer, portal or another service)",
        ],
    },
    // A redirect names where it points.
    Mangled {
        kind: "redirect",
        extra: "&location=http://portal.example/login",
        stderr: &[
            "answered HTTP 302 (text/html, a redirect to http://portal.example/login), which is not an AWS answer\n",
            "hint: something other than AWS answered",
        ],
    },
    // Clock skew, detected from the Date header: STS's clock, and the
    // expiration it hands out, are two hours behind ours.
    Mangled {
        kind: "skew",
        extra: "&skew=-7200",
        stderr: &[
            "ClockSkew: this computer's clock is 2h ahead of the clock of STS AssumeRole at ",
            "hint: set this computer's clock right",
        ],
    },
];

/// `mid` is one hop on static keys: one AssumeRole per refresh.
fn refresh_mid(ctx: &Ctx) -> Run {
    ctx.run(&["credential-process", "mid", "--force-refresh"])
}

/// Each mangled answer is a transient error (exit 7) that says what came
/// back, caches nothing and dumps no Debug; the next proper answer is
/// taken and cached.
#[test]
fn an_answer_sts_would_not_give_is_a_clear_uncached_error() {
    for case in MANGLED {
        let ctx = Ctx::with_chain();
        ctx.ctl_ok(&format!(
            "mangle?action=AssumeRole&kind={}&count=1{}",
            case.kind, case.extra
        ));
        let run = refresh_mid(&ctx);
        let kind = case.kind;
        run.assert_code(7);
        assert_eq!(run.stdout, "", "{kind}: nothing printed");
        let mut rest = run.stderr.as_str();
        for line in case.stderr {
            let line = line.replace("{endpoint}", &ctx.endpoint());
            let at = rest
                .find(&line)
                .unwrap_or_else(|| panic!("{kind}: stderr lacks {line:?} (in order): {run:?}"));
            rest = &rest[at + line.len()..];
        }
        for debug in [
            "DispatchFailure",
            "ConnectorError",
            "Unknown",
            "Some(",
            "min-ttl",
        ] {
            assert!(!run.stderr.contains(debug), "{kind}: {debug:?} in {run:?}");
        }
        for (_, entry) in ctx.entries() {
            assert!(entry["credentials"].is_null(), "{kind}: nothing cached");
        }
        let creds = refresh_mid(&ctx).creds();
        assert!(creds.access_key_id.starts_with("ASIA"));
        assert!(!creds.secret.is_empty() && !creds.token.is_empty());
        assert!(!ctx.entry_of("mid").1["credentials"].is_null());
    }
}

/// A socket that accepts and never answers: the call times out at the
/// deadline set through the setting, with a notice before it, and the
/// error names the endpoint.
#[test]
fn a_hung_endpoint_times_out_at_the_deadline_with_a_notice() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Hold every connection open, unanswered, until the test ends.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            held.push(conn);
        }
    });
    let ctx = Ctx::with_chain();
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    let run = ctx.run_env(
        &["credential-process", "mid"],
        &[
            ("AWS_ENDPOINT_URL_STS", &endpoint),
            ("CREDBROKER_STS_TIMEOUT", "2s"),
        ],
    );
    let took = started.elapsed();
    run.assert_code(7);
    let site = format!("STS AssumeRole at {endpoint} (region us-east-1)");
    assert!(
        run.stderr.starts_with(&format!(
            "notice: waiting for {site}\n\
             error: STS AssumeRole failed for profile `mid` (role arn:aws:iam::111111111111:role/mid): \
             Timeout: {site} did not answer within 2s (sts_timeout)\n\
             hint: the endpoint took the connection but did not answer"
        )),
        "{run:?}"
    );
    // The old behaviour was 2 to 3 minutes; the deadline is 2 s.
    assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
}

#[test]
fn a_refused_connection_names_the_endpoint_without_debug_dumps() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let ctx = Ctx::with_chain();
    let endpoint = format!("http://127.0.0.1:{port}");
    let run = ctx.run_env(
        &["credential-process", "mid"],
        &[("AWS_ENDPOINT_URL_STS", &endpoint)],
    );
    run.assert_code(7);
    assert!(
        run.stderr.contains(&format!(
            "ConnectionFailed: could not reach STS AssumeRole at {endpoint} (region us-east-1): \
             connection failed: Connection refused (os error 111)\n\
             hint: check the network, and that the endpoint is right"
        )),
        "{run:?}"
    );
    for debug in ["DispatchFailure", "ConnectorError", "hyper"] {
        assert!(!run.stderr.contains(debug), "a Debug dump: {run:?}");
    }
}

/// Stderr lines without the slow-call notice, which a loaded machine can
/// make any STS call print (after 2 s).
fn lines_but_notices(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.starts_with("notice: waiting for STS "))
        .collect()
}

/// Give `path` (a directory) to the unprivileged user, with `mode`.
fn give_to_nobody(path: &std::path::Path, mode: u32) {
    std::fs::create_dir_all(path).unwrap();
    if running_as_root() {
        std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[track_caller]
fn assert_resolved_uncached(run: &Run, why: &str) {
    let creds = run.creds();
    assert!(creds.access_key_id.starts_with("ASIA"), "{creds:?}");
    let warnings: Vec<&str> = lines_but_notices(&run.stderr);
    assert_eq!(warnings.len(), 1, "one warning: {run:?}");
    assert!(
        warnings[0].starts_with("warning: credentials are not cached: cannot write ")
            && warnings[0].contains(why)
            && warnings[0].ends_with("; resolving without the cache (every run calls STS until the cache directory is writable)"),
        "{run:?}"
    );
    creds.assert_not_in(&run.stderr, "stderr");
}

/// A read-only cache directory (the user's own, mode 0500): every run
/// resolves through STS with one warning, instead of exit 4. As an
/// unprivileged user, since root writes anywhere.
#[test]
fn a_read_only_cache_directory_degrades_to_uncached_credentials() {
    let ctx = Ctx::with_chain();
    give_to_nobody(&ctx.path(".cache"), 0o755);
    give_to_nobody(&ctx.cache_dir(), 0o500);
    for run in 1..=2 {
        let out = as_nobody(&ctx, &["credential-process", "prod"]);
        assert_resolved_uncached(&out, "Permission denied");
        assert_eq!(
            ctx.assume_role_calls(),
            2 * run,
            "run {run}: both links, uncached"
        );
    }
    assert_eq!(std::fs::read_dir(ctx.cache_dir()).unwrap().count(), 0);
}

/// A cache directory that cannot be created (its parent is not writable).
#[test]
fn a_cache_directory_that_cannot_be_created_degrades_too() {
    let ctx = Ctx::with_chain();
    std::fs::create_dir_all(ctx.path(".cache")).unwrap();
    std::fs::set_permissions(ctx.path(".cache"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = as_nobody(&ctx, &["credential-process", "mid"]);
    assert_resolved_uncached(&out, "Permission denied");
    assert_eq!(ctx.assume_role_calls(), 1);
    assert!(!ctx.cache_dir().exists());
}

#[test]
fn a_cache_entry_replaced_by_a_directory_is_repaired() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).creds();
    let (name, _) = ctx.entry_of("mid");
    let path = ctx.cache_dir().join(&name);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("junk"), "x").unwrap();
    let repaired = ctx.run(&["credential-process", "mid"]);
    repaired.creds();
    assert!(
        repaired
            .stderr
            .starts_with("warning: ignoring the cache entry of ")
            && repaired.stderr.lines().count() == 1,
        "{repaired:?}"
    );
    assert_eq!(ctx.assume_role_calls(), 2);
    assert!(path.is_file(), "the entry is a file again");
    let hit = ctx.run(&["credential-process", "mid"]);
    assert_eq!(hit.creds(), repaired.creds());
    assert_eq!(hit.stderr, "", "no warning once repaired");
    assert_eq!(ctx.assume_role_calls(), 2, "served from the repaired entry");
}

/// `credbroker config` shows every effective value and where it came from.
#[test]
fn config_shows_every_value_and_its_source() {
    let ctx = Ctx::new();
    let toml = ctx.path("settings.toml");
    std::fs::write(
        &toml,
        "# mine\nrefresh_window = 600\nlock_timeout = \"2m\"\nsts_timeout = 9\nkeyring = \"secret-service\"\n",
    )
    .unwrap();
    let toml_s = toml.display().to_string();
    let run = ctx.run_env(
        &["config", "--lock-timeout", "3m"],
        &[
            ("CREDBROKER_CONFIG", &toml_s),
            ("CREDBROKER_MIN_TTL", "1h"),
            ("CREDBROKER_EXPORT_FORMAT", "fish"),
            ("CREDBROKER_STS_MAX_ATTEMPTS", ""),
            ("CREDBROKER_PROCESS_TIMEOUT", "90s"),
        ],
    );
    run.assert_code(0);
    let cache = ctx.cache_dir().display().to_string();
    assert_eq!(
        run.stdout,
        format!(
            "# settings file: {toml_s} (environment variable CREDBROKER_CONFIG)\n\
             cache_dir = \"{cache}\"  # default\n\
             refresh_window = \"10m\"  # {toml_s} line 2\n\
             min_ttl = \"1h\"  # environment variable CREDBROKER_MIN_TTL\n\
             lock_timeout = \"3m\"  # flag --lock-timeout\n\
             export_format = \"fish\"  # environment variable CREDBROKER_EXPORT_FORMAT\n\
             sts_max_attempts = 3  # default\n\
             sts_timeout = \"9s\"  # {toml_s} line 4\n\
             process_timeout = \"1m30s\"  # environment variable CREDBROKER_PROCESS_TIMEOUT\n\
             keyring = \"secret-service\"  # {toml_s} line 5\n"
        )
    );
}

/// Every setting goes through the one resolver: `--min-ttl` is a global
/// flag like the others in the README's table (so `config` shows it as a
/// flag, and it means what CREDBROKER_MIN_TTL means), and CREDBROKER_MFA_TOKEN is read there too (a value that is not
/// UTF-8 is named like any setting's, not silently ignored).
#[test]
fn min_ttl_and_the_mfa_code_go_through_the_resolver() {
    let ctx = Ctx::with_chain();
    let run = ctx.run_env(
        &["config", "--min-ttl", "1h"],
        &[("SHELL", "/usr/bin/fish")],
    );
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("\nmin_ttl = \"1h\"  # flag --min-ttl\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("\nexport_format = \"fish\"  # default: from $SHELL (/usr/bin/fish)\n"),
        "{run:?}"
    );
    ctx.run(&["list", "--min-ttl", "1m"]).assert_code(0);
    // The variable means what the flag means: a floor above what STS gives
    // (1h) is the requested link's; `mid` below it only signs, keeps the
    // default floor, and is served from the cache.
    ctx.run(&["credential-process", "mid"]).creds();
    for (args, env) in [
        (
            &["credential-process", "prod", "--min-ttl", "2h"][..],
            &[][..],
        ),
        (
            &["credential-process", "prod"],
            &[("CREDBROKER_MIN_TTL", "2h")],
        ),
    ] {
        ctx.run_env(args, env)
            .assert_code(7)
            .assert_stderr_has("credentials for `prod (arn:aws:iam::222222222222:role/admin)`")
            .assert_stderr_has("below the minimum of 2h");
    }
    assert_eq!(
        ctx.assume_role_calls(),
        3,
        "mid once, then prod once per run"
    );

    use std::os::unix::ffi::OsStrExt;
    let mut cmd = ctx.cmd(&["credential-process", "prod"]);
    cmd.env(
        "CREDBROKER_MFA_TOKEN",
        std::ffi::OsStr::from_bytes(b"12\xff34"),
    );
    let run = Run::from(crate::support::output(&mut cmd));
    run.assert_code(3);
    assert!(
        run.stderr.starts_with(
            "error: invalid setting `CREDBROKER_MFA_TOKEN` from the environment: the value is not UTF-8"
        ),
        "{run:?}"
    );
    assert_eq!(ctx.assume_role_calls(), 3, "no call with a bad setting");
}

#[test]
fn bad_settings_are_named_where_they_were_set() {
    let ctx = Ctx::with_chain();
    let run = ctx.run_env(
        &["credential-process", "prod"],
        &[("CREDBROKER_MIN_TTL", "soon")],
    );
    run.assert_code(3);
    assert!(
        run.stderr
            .starts_with("error: invalid setting `CREDBROKER_MIN_TTL` from the environment: "),
        "{run:?}"
    );
    let toml = ctx.path("c.toml");
    std::fs::write(&toml, "min_ttl = 600\ncolour = \"red\"\n").unwrap();
    let run = ctx.run_env(
        &["credential-process", "prod"],
        &[("CREDBROKER_CONFIG", &toml.display().to_string())],
    );
    run.assert_code(3);
    assert!(
        run.stderr.starts_with(&format!(
            "error: invalid setting `colour` from {} line 2: unknown field `colour`",
            toml.display()
        )),
        "{run:?}"
    );
    assert_eq!(ctx.assume_role_calls(), 0);
}

#[test]
fn an_endpoint_without_a_scheme_is_a_config_error_naming_where_it_was_set() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile odd]\nrole_arn = arn:aws:iam::1:role/odd\nsource_profile = base\n\
         endpoint_url = sts.internal.example:8443\n"
    ));
    let mut cmd = ctx.cmd(&["credential-process", "odd"]);
    cmd.env_remove("AWS_ENDPOINT_URL_STS");
    let run = Run::from(output(&mut cmd));
    run.assert_code(3);
    let config = ctx.path(".aws/config").display().to_string();
    assert!(
        run.stderr.starts_with(&format!(
            "error: profile `odd` ({config} line 18): the STS endpoint `sts.internal.example:8443` \
             (set by `endpoint_url` of this profile) has no scheme\n\
             hint: write the endpoint as a full URL"
        )),
        "{run:?}"
    );
    let run = ctx.run_env(
        &["credential-process", "mid"],
        &[("AWS_ENDPOINT_URL_STS", "127.0.0.1:4566")],
    );
    run.assert_code(3);
    run.assert_stderr_has(
        "the STS endpoint `127.0.0.1:4566` (set by `AWS_ENDPOINT_URL_STS`) has no scheme",
    );
    assert_eq!(ctx.assume_role_calls(), 0);
}

/// The holder note outlives its writer; a note naming a pid that is no
/// longer running is not believed.
#[test]
fn a_lock_note_naming_a_dead_pid_says_the_holder_is_unknown() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).creds();
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    // The lock is held (by this test) while its note names the dead pid.
    let held = ctx.hold_lock_of("mid", &format!("pid {dead} since 2026-11-23T00:00:00Z"));
    let run = ctx.run(crate::support::REFRESH_MID_1S);
    drop(held);
    run.assert_code(5);
    assert!(
        run.stderr.starts_with(&format!(
            "error: timed out after 1s waiting for the lock on mid (arn:aws:iam::111111111111:role/mid), \
             held by another process (holder unknown: the lock file names pid {dead}, which is no longer running)\n"
        )),
        "{run:?}"
    );
}

/// The packaging command stays out of sight: not suggested for a typo, not
/// in any committed completion file.
#[test]
fn generate_docs_is_not_suggested_or_completed() {
    let ctx = Ctx::new();
    let run = ctx.run(&["generate-doc"]);
    run.assert_code(2);
    assert!(!run.stderr.contains("generate-docs"), "{run:?}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in std::fs::read_dir(root.join("completions")).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("generate-docs"), "{}", path.display());
    }
    let help = ctx.run(&["--help"]);
    assert!(!help.stdout.contains("generate-docs"));
}

/// Entries that differ only by endpoint are told apart, long names keep the
/// columns aligned, and `cache clear PROFILE` removes every entry labelled
/// with the profile, whatever endpoint issued it.
#[test]
fn cache_list_tells_endpoints_apart_and_clear_removes_them_all() {
    let ctx = Ctx::new();
    let long = "a-rather-long-profile-name-for-the-production-account";
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile {long}]\nrole_arn = arn:aws:iam::1:role/long\nsource_profile = base\n"
    ));
    let other = format!("{}-other", ctx.endpoint());
    ctx.run(&["credential-process", "mid"]).creds();
    ctx.run_env(
        &["credential-process", "mid"],
        &[("AWS_ENDPOINT_URL_STS", &other)],
    )
    .creds();
    ctx.run(&["credential-process", long]).creds();
    let list = ctx.run(&["cache", "list"]);
    list.assert_code(0);
    let lines: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", list.stdout);
    let column = |line: &str, what: &str| {
        line.find(what)
            .unwrap_or_else(|| panic!("{what} in {line}"))
    };
    let state_at = column(lines[0], "STATE");
    let endpoint_at = column(lines[0], "ENDPOINT");
    for line in &lines[1..] {
        assert_eq!(column(line, "fresh until"), state_at, "{}", list.stdout);
    }
    let mut endpoints: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l[endpoint_at..state_at].trim())
        .collect();
    endpoints.sort();
    let mut want = vec![ctx.endpoint(), ctx.endpoint(), other.clone()];
    want.sort();
    assert_eq!(endpoints, want, "{}", list.stdout);

    let cleared = ctx.run(&["cache", "clear", "mid"]);
    cleared.assert_code(0);
    assert_eq!(cleared.stderr, "removed 2 cache entries\n");
    assert_eq!(
        ctx.entries().len(),
        1,
        "only the long profile's entry is left"
    );
}

/// `export --format dotenv` is read back exactly by python-dotenv: `$`,
/// backticks, `$(...)`, quotes and backslashes stay as they are. (With
/// python-dotenv's default interpolation only `${NAME}` would expand; it
/// has no escape for that, so that case is read with interpolate=False.)
#[test]
fn dotenv_export_round_trips_through_python_dotenv() {
    let ctx = Ctx::new();
    let secret = r#"a'b"c$HOME`id`$(id)\e\\f\'g end\"#;
    let token = "tok${HOME}en";
    std::fs::write(
        ctx.path(".aws/credentials"),
        format!(
            "[hostile]\naws_access_key_id = AKIAHOSTILE000000001\naws_secret_access_key = {secret}\n\
             aws_session_token = {token}\n"
        ),
    )
    .unwrap();
    let plain = ctx.run(&["credential-process", "hostile"]).creds();
    assert_eq!(plain.secret, secret, "the SDK's parser keeps the value");
    assert_eq!(plain.token, token);
    let run = ctx.run(&["export", "hostile", "--format", "dotenv"]);
    run.assert_code(0);
    let file = ctx.path("creds.env");
    std::fs::write(&file, &run.stdout).unwrap();
    let read = |interpolate: &str| {
        let script = format!(
            "import dotenv, json, sys\n\
             v = dotenv.dotenv_values(sys.argv[1], interpolate={interpolate})\n\
             print(json.dumps(v))"
        );
        let out = output(
            Command::new(python())
                .args(["-c", &script])
                .arg(&file)
                .env("HOME", "/expanded"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v
    };
    let literal = read("False");
    // Compared as booleans: a failure must not print the secret.
    assert!(literal["AWS_SECRET_ACCESS_KEY"] == secret, "secret changed");
    assert!(literal["AWS_SESSION_TOKEN"] == token, "token changed");
    assert!(literal["AWS_ACCESS_KEY_ID"] == "AKIAHOSTILE000000001");
    let default = read("True");
    assert!(
        default["AWS_SECRET_ACCESS_KEY"] == secret,
        "secret changed by interpolation"
    );
}

/// The memo of resolved chains (a cache hit without parsing the files)
/// never serves a resolution whose inputs changed: the files' content
/// (same size, in place or renamed over), which file, the profile chosen,
/// the environment resolution reads.
#[test]
fn the_resolution_memo_never_serves_a_stale_chain() {
    let ctx = Ctx::new();
    let config = |role: &str| {
        format!(
            "[profile base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n\
             [profile app]\nrole_arn = arn:aws:iam::111111111111:role/{role}\nsource_profile = base\nregion = eu-west-1\n\
             [profile other]\nrole_arn = arn:aws:iam::222222222222:role/other\nsource_profile = base\n"
        )
    };
    let role_of = |run: &Run| -> String {
        let creds = run.creds();
        let (_, entry) = ctx
            .entries()
            .into_iter()
            .find(|(_, e)| e["credentials"]["access_key_id"] == creds.access_key_id.as_str())
            .expect("the served credentials are cached");
        entry["label"]["role_arn"].as_str().unwrap().to_string()
    };
    ctx.config(&config("one"));
    let first = ctx.run(&["credential-process", "app"]);
    assert!(role_of(&first).ends_with("role/one"));
    let memos = || {
        std::fs::read_dir(ctx.cache_dir())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".memo")
            })
            .count()
    };
    assert_eq!(memos(), 1, "the resolution was memoized");
    let hit = ctx.run(&["credential-process", "app"]);
    assert_eq!(hit.creds(), first.creds(), "a hit, through the memo");
    assert_eq!(ctx.assume_role_calls(), 1);

    // Same size, same inode, same second: the content decides.
    ctx.config(&config("two"));
    assert!(role_of(&ctx.run(&["credential-process", "app"])).ends_with("role/two"));
    assert_eq!(ctx.assume_role_calls(), 2);
    // Renamed over (a new inode), as editors save.
    let staged = ctx.path("staged");
    std::fs::write(&staged, config("tri")).unwrap();
    std::fs::rename(&staged, ctx.path(".aws/config")).unwrap();
    assert!(role_of(&ctx.run(&["credential-process", "app"])).ends_with("role/tri"));
    // Another file through AWS_CONFIG_FILE.
    let elsewhere = ctx.path("elsewhere");
    std::fs::write(&elsewhere, config("far")).unwrap();
    let run = ctx.run_env(
        &["credential-process", "app"],
        &[("AWS_CONFIG_FILE", elsewhere.to_str().unwrap())],
    );
    assert!(role_of(&run).ends_with("role/far"));
    // The profile chosen through the environment.
    let run = ctx.run_env(&["credential-process"], &[("AWS_PROFILE", "app")]);
    assert!(role_of(&run).ends_with("role/tri"));
    let run = ctx.run_env(&["credential-process"], &[("AWS_PROFILE", "other")]);
    assert!(role_of(&run).ends_with("role/other"));
    let run = ctx.run_env(
        &["credential-process"],
        &[("AWS_PROFILE", "app"), ("AWS_DEFAULT_PROFILE", "other")],
    );
    assert!(role_of(&run).ends_with("role/other"));
    // The region the environment gives (export sets the profile's only
    // when the environment has none).
    let export = |env: &[(&str, &str)]| {
        let run = ctx.run_env(&["export", "app", "--format", "bash"], env);
        run.assert_code(0);
        run.stdout.contains("AWS_REGION=")
    };
    assert!(export(&[]));
    assert!(!export(&[("AWS_REGION", "us-west-2")]));
    assert!(export(&[]));
    // The STS endpoint: another endpoint is another link.
    let entries = ctx.entries().len();
    let other = format!("{}-x", ctx.endpoint());
    ctx.run_env(
        &["credential-process", "app"],
        &[("AWS_ENDPOINT_URL_STS", &other)],
    )
    .creds();
    assert_eq!(ctx.entries().len(), entries + 1, "a new link, fetched");
    // `cache clear` leaves no memo behind.
    ctx.run(&["cache", "clear"]).assert_code(0);
    assert_eq!(memos(), 0);
    // A file that turns unreadable is an error, not a memo hit.
    std::fs::write(ctx.path(".aws/config"), b"# caf\xe9\n").unwrap();
    ctx.run(&["credential-process", "app"]).assert_code(3);
}

#[test]
fn every_man_page_has_an_exit_status_section() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in std::fs::read_dir(root.join("man")).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(".SH \"EXIT STATUS\"\n"), "{}", path.display());
        for code in 0..=7 {
            assert!(
                text.contains(&format!("\\fB{code}\\fR\n")),
                "{}: {code}",
                path.display()
            );
        }
    }
}

/// Processes waiting on the lock of a link whose holder is stuck on a hung
/// endpoint learn its timeout instead of each trying the endpoint again:
/// the endpoint sees one connection, and everyone fails with the timeout
/// at the deadline, not minutes later.
#[test]
fn waiters_on_a_hung_endpoint_learn_the_holders_timeout() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(conn);
        }
    });
    let ctx = Ctx::with_chain();
    let endpoint = format!("http://127.0.0.1:{port}");
    let children = crate::support::spawn_all(6, |_| {
        let mut cmd = ctx.cmd(&["credential-process", "mid"]);
        cmd.env("AWS_ENDPOINT_URL_STS", &endpoint)
            .env("CREDBROKER_STS_TIMEOUT", "3s");
        cmd
    });
    let runs = crate::support::Waiters::new(children).finish();
    for run in &runs {
        run.assert_code(7);
        assert!(
            run.stderr.contains(&format!(
                "Timeout: STS AssumeRole at {endpoint} (region us-east-1) did not answer within 3s (sts_timeout)"
            )),
            "{run:?}"
        );
    }
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one process tried the endpoint; the others learned its failure"
    );
}
