//! Bad input gets one readable error naming the profile and the fix, a
//! documented exit code, and nothing else: no panic, no backtrace, no secret.

use crate::support::{CHAIN_CONFIG, Ctx, Run};

struct Case {
    name: &'static str,
    config: &'static str,
    args: &'static [&'static str],
    code: i32,
    /// Lines of stderr, each expected to start with one of these, in order.
    stderr_has: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "missing profile with a suggestion",
        config: CHAIN_CONFIG,
        args: &["credential-process", "prdo"],
        code: 3,
        stderr_has: &[
            "error: profile `prdo` not found in ",
            "hint: did you mean `prod`?",
        ],
    },
    Case {
        name: "source_profile cycle",
        config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
                 [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
        args: &["credential-process", "a"],
        code: 3,
        stderr_has: &[
            "error: profile `a` is its own source: a -> b -> a",
            "hint: ",
        ],
    },
    Case {
        name: "missing source profile",
        config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = gone\n",
        args: &["credential-process", "a"],
        code: 3,
        stderr_has: &[
            "error: profile `a` (",
            "config line 1) names source_profile `gone`, which does not exist",
            "hint: add a `[profile gone]` section",
        ],
    },
    Case {
        name: "missing source profile below line 1 names its own line",
        config: "[profile base]\naws_access_key_id = AKIA\naws_secret_access_key = x\n\n\
                 [profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = gone\n",
        args: &["credential-process", "a"],
        code: 3,
        stderr_has: &[
            "error: profile `a` (",
            "/.aws/config line 5) names source_profile `gone`, which does not exist",
            "hint: add a `[profile gone]` section",
        ],
    },
    Case {
        name: "profile without credentials below line 1",
        config: "[profile base]\naws_access_key_id = AKIA\naws_secret_access_key = x\n\
                 [profile empty]\nregion = us-east-1\n",
        args: &["credential-process", "empty"],
        code: 3,
        stderr_has: &[
            "error: profile `empty` (",
            "/.aws/config line 4) has no credentials",
        ],
    },
    Case {
        name: "profile without credentials",
        config: "[profile empty]\nregion = us-east-1\n",
        args: &["credential-process", "empty"],
        code: 3,
        stderr_has: &[
            "error: profile `empty` (",
            ") has no credentials",
            "hint: add aws_access_key_id",
        ],
    },
    Case {
        name: "unknown credential_source",
        config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = Magic\n",
        args: &["credential-process", "a"],
        code: 3,
        stderr_has: &[
            "has unknown credential_source `Magic`",
            "hint: use Environment",
        ],
    },
    Case {
        name: "malformed config line",
        config: "[profile ok]\naws_access_key_id = AKIA\nthis line has no equals sign\n",
        args: &["credential-process", "ok"],
        code: 3,
        stderr_has: &["error: ", "config on line 3", "hint: "],
    },
    Case {
        name: "bad duration_seconds",
        config: "[profile base]\naws_access_key_id = AKIA\naws_secret_access_key = x\n\
                 [profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\nduration_seconds = soon\n",
        args: &["credential-process", "a"],
        code: 3,
        stderr_has: &[
            "duration_seconds = `soon` is not a number",
            "hint: set duration_seconds between 900",
        ],
    },
    Case {
        name: "bad duration flag is a usage error",
        config: CHAIN_CONFIG,
        args: &["credential-process", "prod", "--min-ttl", "soon"],
        code: 2,
        stderr_has: &["error: invalid value 'soon' for '--min-ttl <DURATION>'"],
    },
    Case {
        name: "ad-hoc session duration out of range",
        config: CHAIN_CONFIG,
        args: &[
            "credential-process",
            "--role-arn",
            "arn:aws:iam::1:role/x",
            "--source-profile",
            "base",
            "--duration",
            "10s",
        ],
        code: 2,
        stderr_has: &[
            "error: invalid value '10s' for '--duration <DURATION>': `10s` is outside 900s (15m) to 43200s (12h)",
        ],
    },
];

#[test]
fn each_bad_input_gets_a_clear_error_and_exit_code() {
    for case in CASES {
        let ctx = Ctx::new();
        ctx.config(case.config);
        let run = ctx.run(case.args);
        assert_eq!(run.code, case.code, "{}: {run:?}", case.name);
        assert_eq!(run.stdout, "", "{}: stdout must stay empty", case.name);
        let mut rest = run.stderr.as_str();
        for needle in case.stderr_has {
            let at = rest.find(needle).unwrap_or_else(|| {
                panic!("{}: stderr lacks {needle:?} (in order): {run:?}", case.name)
            });
            rest = &rest[at + needle.len()..];
        }
        assert_clean(&run, case.name);
        assert_eq!(ctx.counts().len(), 0, "{}: no STS call", case.name);
    }
}

fn assert_clean(run: &Run, name: &str) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "wJalrXUtnFEMI",
    ] {
        assert!(
            !run.stderr.contains(bad),
            "{name}: stderr contains {bad:?}: {run:?}"
        );
    }
}

#[test]
fn sts_refusals_name_the_profile_and_role_and_are_not_retried() {
    for (code, status, exit, hint) in [
        (
            "AccessDenied",
            403,
            6,
            "hint: check the role's trust policy",
        ),
        (
            "InvalidClientTokenId",
            403,
            6,
            "hint: the source access keys are wrong",
        ),
        ("ExpiredToken", 400, 6, "hint: the source session expired"),
    ] {
        let ctx = Ctx::with_chain();
        ctx.fault(code, status, -1);
        // The SDK would retry a transient error 3 times; a refusal, never.
        let run = ctx.run_env(
            &["credential-process", "prod"],
            &[("CREDBROKER_STS_MAX_ATTEMPTS", "3")],
        );
        assert_eq!(run.code, exit, "{code}: {run:?}");
        let first = run.stderr.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!(
                "error: STS refused AssumeRole for profile `mid` (role arn:aws:iam::111111111111:role/mid): {code}: injected \
                 (HTTP {status} from {}, region eu-west-1)",
                ctx.endpoint()
            ),
            "{code}"
        );
        run.assert_stderr_has(hint);
        assert_clean(&run, code);
        assert_eq!(
            ctx.assume_role_calls(),
            1,
            "{code}: exactly one call, no retries"
        );
    }
}

#[test]
fn unreachable_sts_is_a_transient_error() {
    let ctx = Ctx::with_chain();
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let endpoint = format!("http://127.0.0.1:{port}");
    let run = ctx.run_env(
        &["credential-process", "prod"],
        &[("AWS_ENDPOINT_URL_STS", &endpoint)],
    );
    assert_eq!(run.code, 7, "{run:?}");
    run.assert_stderr_has("error: STS AssumeRole failed for profile `mid`")
        .assert_stderr_has("ConnectionFailed");
    assert_clean(&run, "unreachable");
}

#[test]
fn a_broken_settings_file_names_itself() {
    let ctx = Ctx::with_chain();
    let toml = ctx.path(".config/credbroker/config.toml");
    std::fs::create_dir_all(toml.parent().unwrap()).unwrap();
    std::fs::write(&toml, "lock_timeout = \"forever\"\n").unwrap();
    let run = ctx.run(&["credential-process", "prod"]);
    run.assert_code(3)
        .assert_stderr_has("error: invalid setting `lock_timeout` from ")
        .assert_stderr_has("config.toml line 1: invalid duration `forever`");
    std::fs::write(&toml, "no_such_setting = 1\n").unwrap();
    ctx.run(&["credential-process", "prod"])
        .assert_code(3)
        .assert_stderr_has("no_such_setting");
}

/// DESIGN.md: a `source_profile` cycle gets a message naming "the file/line
/// where it can": the profile where the cycle starts, and its line.
#[test]
fn a_cycle_error_names_where_the_cycle_is() {
    let ctx = Ctx::new();
    ctx.config(
        "[profile base]\naws_access_key_id = AKIA\naws_secret_access_key = x\n\
         [profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = d\n\
         [profile d]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = c\n",
    );
    ctx.run(&["credential-process", "c"])
        .assert_code(3)
        .assert_stderr_has("error: profile `c` is its own source: c -> d -> c")
        .assert_stderr_has("/.aws/config line 4");
}

/// Hop 2 is signed with hop 1's session; an STS that echoes the request's
/// token back in its message must not carry it to stderr or into the cache.
#[test]
fn a_hop_two_session_token_echoed_by_sts_is_scrubbed() {
    let ctx = Ctx::with_chain();
    let mid = ctx.run(&["credential-process", "mid"]).creds();
    ctx.ctl_ok(
        "fault?action=AssumeRole&code=AccessDenied&status=403&role=role/admin\
         &message=denied&echo=token",
    );
    for attempt in ["the refusal", "the learned refusal"] {
        let run = ctx.run(&["credential-process", "prod"]);
        run.assert_code(6)
            .assert_stderr_has("AccessDenied: denied (request token: REDACTED)");
        mid.assert_not_in(&run.stderr, attempt);
        assert_clean(&run, attempt);
    }
    let (_, prod) = ctx.entry_of("prod");
    assert!(
        !prod.to_string().contains(&mid.token),
        "the cached failure holds mid's session token"
    );
    let hop2 = ctx.calls("AssumeRole", Some("role/admin"));
    assert_eq!(
        hop2[0]["signer"], mid.access_key_id,
        "hop 2 was signed by mid's session"
    );
}
