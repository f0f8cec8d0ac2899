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

/// The test STS layer's answers that are not STS answers, as boto3 sees
/// them (tests/support/selftest_sts_server.py), so the tests below fake
/// what real proxies and servers do.
#[test]
fn the_test_sts_layer_agrees_with_boto3() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support/selftest_sts_server.py");
    let out = Command::new("timeout")
        .arg("120")
        .arg(python())
        .arg(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "selftest failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Make the local STS answer the next AssumeRole call as `kind`.
fn mangle(ctx: &Ctx, kind: &str, extra: &str) {
    ctx.ctl_ok(&format!(
        "mangle?action=AssumeRole&kind={kind}&count=1{extra}"
    ));
}

/// `mid` is one hop on static keys: one AssumeRole per refresh.
fn refresh_mid(ctx: &Ctx) -> Run {
    ctx.run(&["credential-process", "mid", "--force-refresh"])
}

#[track_caller]
fn assert_failed_uncached(ctx: &Ctx, run: &Run, lines: &[&str]) {
    run.assert_code(7);
    assert_eq!(run.stdout, "", "nothing printed");
    let mut rest = run.stderr.as_str();
    for line in lines {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("stderr lacks {line:?} (in order): {run:?}"));
        rest = &rest[at + line.len()..];
    }
    for debug in ["DispatchFailure", "ConnectorError", "Unknown", "Some("] {
        assert!(!run.stderr.contains(debug), "a Debug dump: {run:?}");
    }
    for (_, entry) in ctx.entries() {
        assert!(entry["credentials"].is_null(), "nothing cached: {entry}");
    }
    // The next, proper answer is taken and cached.
    let next = refresh_mid(ctx);
    let creds = next.creds();
    assert!(creds.access_key_id.starts_with("ASIA"));
    assert!(!creds.secret.is_empty() && !creds.token.is_empty());
    assert!(!ctx.entry_of("mid").1["credentials"].is_null());
}

#[test]
fn an_sts_answer_without_secret_or_token_is_an_error() {
    let ctx = Ctx::with_chain();
    mangle(&ctx, "no_secret", "");
    let run = refresh_mid(&ctx);
    let endpoint = ctx.endpoint();
    assert_failed_uncached(
        &ctx,
        &run,
        &[
            &format!(
                "error: STS AssumeRole failed for profile `mid` (role arn:aws:iam::111111111111:role/mid): \
                 InvalidAnswer: an unexpected answer from STS AssumeRole at {endpoint} (region us-east-1): \
                 it lacks SecretAccessKey, SessionToken\n"
            ),
            "hint: the endpoint answered without usable credentials",
        ],
    );
}

#[test]
fn a_truncated_sts_answer_is_an_error() {
    let ctx = Ctx::with_chain();
    mangle(&ctx, "truncated", "");
    let run = refresh_mid(&ctx);
    let endpoint = ctx.endpoint();
    assert_failed_uncached(
        &ctx,
        &run,
        &[&format!(
            "an unexpected answer from STS AssumeRole at {endpoint} (region us-east-1): it lacks"
        )],
    );
}

#[test]
fn an_html_error_page_is_transient_and_says_what_answered() {
    let ctx = Ctx::with_chain();
    mangle(&ctx, "html503", "");
    let run = refresh_mid(&ctx);
    let endpoint = ctx.endpoint();
    assert_failed_uncached(
        &ctx,
        &run,
        &[
            &format!(
                "HTTP503: STS AssumeRole at {endpoint} (region us-east-1) answered HTTP 503 (text/html), \
                 which is not an AWS answer\n"
            ),
            "hint: something other than AWS answered (a proxy, load balancer or portal)",
        ],
    );
}

#[test]
fn a_redirect_is_an_error_naming_where_it_points() {
    let ctx = Ctx::with_chain();
    mangle(&ctx, "redirect", "&location=http://portal.example/login");
    let run = refresh_mid(&ctx);
    assert_failed_uncached(
        &ctx,
        &run,
        &[
            "answered HTTP 302 (text/html, a redirect to http://portal.example/login), which is not an AWS answer\n",
            "hint: something other than AWS answered",
        ],
    );
}

#[test]
fn clock_skew_is_detected_from_the_date_header() {
    let ctx = Ctx::with_chain();
    // STS's clock, and the expiration it hands out, are two hours behind
    // ours: our clock is two hours ahead.
    mangle(&ctx, "skew", "&skew=-7200");
    let run = refresh_mid(&ctx);
    assert_failed_uncached(
        &ctx,
        &run,
        &[
            "ClockSkew: this computer's clock is 2h ahead of the clock of STS AssumeRole at ",
            "hint: set this computer's clock right",
        ],
    );
    assert!(!run.stderr.contains("min-ttl"), "{run:?}");
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

/// Give `path` (a directory) to the unprivileged user, with `mode`.
fn give_to_nobody(path: &std::path::Path, mode: u32) {
    std::fs::create_dir_all(path).unwrap();
    std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[track_caller]
fn assert_resolved_uncached(run: &Run, why: &str) {
    let creds = run.creds();
    assert!(creds.access_key_id.starts_with("ASIA"), "{creds:?}");
    let warnings: Vec<&str> = run.stderr.lines().collect();
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
        "# mine\nrefresh_window = 600\nlock_timeout = \"2m\"\nsts_timeout = 9\n",
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
             sts_timeout = \"9s\"  # {toml_s} line 4\n"
        )
    );
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
    let run = Run::from(cmd.output().unwrap());
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
    let (name, _) = ctx.entry_of("mid");
    let path = ctx.cache_dir().join(name.replace(".json", ".lock"));
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    std::fs::write(&path, format!("pid {dead} since 2026-11-23T00:00:00Z")).unwrap();
    // Another process holds the lock without writing a note of its own.
    let mut holder = Command::new("flock")
        .arg("-x")
        .arg(&path)
        .args(["-c", "echo locked; exec cat"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line, "locked\n");
    let run = ctx.run(&[
        "credential-process",
        "mid",
        "--force-refresh",
        "--lock-timeout",
        "1s",
    ]);
    drop(holder.stdin.take());
    holder.wait().unwrap();
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
