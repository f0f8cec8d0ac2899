//! The everyday commands, against the local STS, with exact call counts.

use crate::support::{BIN, CHAIN_CONFIG, Ctx};

#[test]
fn two_hop_chain_calls_sts_once_per_link_then_serves_from_cache() {
    let ctx = Ctx::with_chain();
    let first = ctx.run(&["credential-process", "prod"]);
    let creds = first.creds();
    assert_eq!(ctx.assume_role_calls(), 2, "one AssumeRole per link");
    assert!(creds.access_key_id.starts_with("ASIA"), "{creds:?}");
    assert!(
        creds.expiration.ends_with('Z') && creds.expiration.len() == 20,
        "{creds:?}"
    );
    assert_eq!(first.stderr, "", "nothing on stderr on success");

    let second = ctx.run(&["credential-process", "--profile", "prod"]);
    assert_eq!(second.creds(), creds, "served from the cache");
    assert_eq!(ctx.assume_role_calls(), 2, "a cache hit makes no STS call");
    // The alias and AWS_PROFILE select the same cached credentials.
    assert_eq!(ctx.run(&["process", "prod"]).creds(), creds);
    let by_env = ctx.run_env(&["credential-process"], &[("AWS_PROFILE", "prod")]);
    assert_eq!(by_env.creds(), creds);
    assert_eq!(ctx.assume_role_calls(), 2);
}

/// Who signed each hop, and what it sent: the STS layer records every
/// call's form parameters and the key id of its Authorization header.
#[test]
fn each_hop_is_signed_by_the_link_below_it_and_sends_its_profile_settings() {
    let ctx = Ctx::new();
    ctx.config(&CHAIN_CONFIG.replace(
        "source_profile = base\n",
        "source_profile = base\nexternal_id = ext-mid\nduration_seconds = 1800\nrole_session_name = mid-session\n",
    ));
    let prod = ctx.run(&["credential-process", "prod"]).creds();
    let calls = ctx.calls("AssumeRole", None);
    assert_eq!(calls.len(), 2, "one call per hop");
    let (mid, top) = (&calls[0], &calls[1]);
    assert_eq!(
        mid["signer"], "AKIAIOSFODNN7EXAMPLE",
        "hop 1: the static keys"
    );
    assert_eq!(
        mid["params"]["RoleArn"],
        "arn:aws:iam::111111111111:role/mid"
    );
    assert_eq!(mid["params"]["ExternalId"], "ext-mid");
    assert_eq!(mid["params"]["DurationSeconds"], "1800");
    assert_eq!(mid["params"]["RoleSessionName"], "mid-session");
    let mid_key = &ctx.entry_of("mid").1["credentials"]["access_key_id"];
    assert!(mid_key.as_str().unwrap().starts_with("ASIA"));
    assert_eq!(&top["signer"], mid_key, "hop 2: mid's session");
    assert_eq!(
        top["params"]["RoleArn"],
        "arn:aws:iam::222222222222:role/admin"
    );
    assert!(
        top["params"].get("ExternalId").is_none(),
        "mid's settings stay mid's"
    );
    assert_ne!(top["signer"].as_str(), Some(prod.access_key_id.as_str()));
}

#[test]
fn chains_that_share_a_link_share_its_cache_entry() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    ctx.run(&["credential-process", "dev"]).creds();
    assert_eq!(ctx.assume_role_calls(), 3, "mid is assumed once for both");
    assert_eq!(ctx.entries().len(), 3);
}

#[test]
fn static_keys_are_printed_without_sts() {
    let ctx = Ctx::with_chain();
    let run = ctx.run(&["credential-process", "base"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "{\"Version\":1,\"AccessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}\n"
    );
    assert_eq!(ctx.counts().len(), 0, "no STS call at all");
}

#[test]
fn keys_in_the_credentials_file_and_custom_file_locations() {
    let ctx = Ctx::new();
    let config = ctx.path("elsewhere/config");
    let credentials = ctx.path("elsewhere/creds");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "[profile app]\nrole_arn = arn:aws:iam::444444444444:role/app\nsource_profile = keys\n",
    )
    .unwrap();
    std::fs::write(
        &credentials,
        "[keys]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = s3cr3t\n",
    )
    .unwrap();
    let run = crate::support::output(
        ctx.cmd(&["credential-process", "app"])
            .env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials),
    );
    crate::support::Run::from(run).creds();
    assert_eq!(ctx.assume_role_calls(), 1);
}

#[test]
fn refresh_window_and_floor_decide_when_to_call_sts() {
    let ctx = Ctx::with_chain();
    let original = ctx.run(&["credential-process", "prod"]).creds();
    assert_eq!(ctx.assume_role_calls(), 2);

    // 20 minutes left: outside the 15-minute window, served.
    ctx.set_expiry("prod", 20 * 60);
    assert_eq!(
        ctx.run(&["credential-process", "prod"])
            .creds()
            .access_key_id,
        original.access_key_id
    );
    assert_eq!(ctx.assume_role_calls(), 2);

    // 10 minutes left: inside the window, refreshed (only the last link).
    ctx.set_expiry("prod", 10 * 60);
    let refreshed = ctx.run(&["credential-process", "prod"]).creds();
    assert_ne!(refreshed.access_key_id, original.access_key_id);
    assert_eq!(ctx.assume_role_calls(), 3);

    // --min-ttl above what is cached forces a refresh too.
    let run = ctx.run(&["credential-process", "prod", "--min-ttl", "2h"]);
    run.assert_code(7)
        .assert_stderr_has("below the minimum of 2h");
    assert_eq!(
        ctx.assume_role_calls(),
        4,
        "it tried once; STS gives at most 1h here"
    );
}

#[test]
fn short_sessions_are_still_cached() {
    // 15-minute sessions sit inside the 15-minute window from the start;
    // the window is capped at half a session's life so they still cache.
    let ctx = Ctx::with_chain();
    let args = [
        "credential-process",
        "--role-arn",
        "arn:aws:iam::5:role/short",
        "--source-profile",
        "base",
        "--duration",
        "15m",
    ];
    let first = ctx.run(&args).creds();
    assert_eq!(ctx.run(&args).creds(), first);
    assert_eq!(ctx.assume_role_calls(), 1);
    // The listing judges freshness by the broker's rule, not a copy of it.
    let listed = ctx.run(&["cache", "list"]);
    assert_eq!(listed.code, 0, "{listed:?}");
    let row = listed
        .stdout
        .lines()
        .find(|l| l.contains("role/short"))
        .unwrap_or_else(|| panic!("no row for the short role: {listed:?}"));
    assert!(row.contains("fresh until"), "{row}");
}

#[test]
fn exec_keeps_a_region_set_in_the_environment() {
    let ctx = Ctx::with_chain();
    let run = ctx.run_env(
        &[
            "exec",
            "prod",
            "--",
            "sh",
            "-c",
            "printf '%s|%s' \"$AWS_REGION\" \"$AWS_DEFAULT_REGION\"",
        ],
        &[("AWS_REGION", "us-west-2")],
    );
    assert_eq!(run.stdout, "us-west-2|", "{run:?}");
}

#[test]
fn force_refresh_refreshes_only_the_last_link() {
    let ctx = Ctx::with_chain();
    let a = ctx.run(&["credential-process", "prod"]).creds();
    let b = ctx
        .run(&["credential-process", "prod", "--force-refresh"])
        .creds();
    assert_ne!(a.access_key_id, b.access_key_id);
    assert_eq!(ctx.assume_role_calls(), 3);
    assert_eq!(
        ctx.run(&["credential-process", "prod"]).creds(),
        b,
        "the forced result is cached"
    );
}

#[test]
fn settings_precedence_flag_over_env_over_file() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    // Windows are capped at half a session's life (30m for these 1h
    // sessions), so 25 minutes left sits between the settings compared.
    ctx.set_expiry("prod", 25 * 60);
    let toml = ctx.path(".config/credbroker/config.toml");
    std::fs::create_dir_all(toml.parent().unwrap()).unwrap();
    std::fs::write(&toml, "refresh_window = \"50m\"\n").unwrap();

    // env (1m) beats the file (50m): 25 minutes left is fresh, no call.
    let run = ctx.run_env(
        &["credential-process", "prod"],
        &[("CREDBROKER_REFRESH_WINDOW", "1m")],
    );
    run.creds();
    assert_eq!(ctx.assume_role_calls(), 2);
    // the file alone (50m, so 30m): 25 minutes left is due, one call.
    ctx.set_expiry("prod", 25 * 60);
    ctx.run(&["credential-process", "prod"]).creds();
    assert_eq!(ctx.assume_role_calls(), 3);
    // flag (1m) beats env (50m).
    ctx.set_expiry("prod", 25 * 60);
    let run = ctx.run_env(
        &["credential-process", "prod", "--refresh-window", "1m"],
        &[("CREDBROKER_REFRESH_WINDOW", "50m")],
    );
    run.creds();
    assert_eq!(ctx.assume_role_calls(), 3);

    let shown = ctx.run(&["config"]);
    assert_eq!(shown.code, 0, "{shown:?}");
    assert!(
        shown.stdout.contains("refresh_window = \"50m\""),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains(&toml.display().to_string()),
        "{}",
        shown.stdout
    );
}

#[test]
fn ad_hoc_role_on_a_source_profile() {
    let ctx = Ctx::with_chain();
    let args = [
        "credential-process",
        "--role-arn",
        "arn:aws:iam::555555555555:role/adhoc",
        "--source-profile",
        "mid",
        "--external-id",
        "xyz",
        "--duration",
        "1h",
    ];
    let a = ctx.run(&args).creds();
    assert_eq!(ctx.assume_role_calls(), 2, "mid, then the ad-hoc role");
    assert_eq!(ctx.run(&args).creds(), a);
    assert_eq!(ctx.assume_role_calls(), 2);
}

#[test]
fn sts_endpoint_from_a_services_section() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile svc]\nrole_arn = arn:aws:iam::1:role/svc\nsource_profile = base\nservices = local\n\n[services local]\nsts =\n  endpoint_url = {}\n",
        ctx.endpoint()
    ));
    let run = crate::support::output(
        ctx.cmd(&["credential-process", "svc"])
            .env_remove("AWS_ENDPOINT_URL_STS"),
    );
    crate::support::Run::from(run).creds();
    assert_eq!(ctx.assume_role_calls(), 1);
}

#[test]
fn export_sets_and_unsets_variables_in_a_real_shell() {
    let ctx = Ctx::with_chain();
    let creds = ctx.run(&["credential-process", "prod"]).creds();
    let bin = crate::support::BIN;
    let out = ctx.bash(&format!(
        "export AWS_PROFILE=stale AWS_SECURITY_TOKEN=stale; eval \"$('{bin}' export prod --format bash)\"; \
         printf '%s|%s|%s|%s|%s|%s' \"$AWS_ACCESS_KEY_ID\" \"${{AWS_PROFILE-unset}}\" \"${{AWS_SECURITY_TOKEN-unset}}\" \
         \"$AWS_REGION\" \"$AWS_DEFAULT_REGION\" \"$AWS_CREDENTIAL_EXPIRATION\""
    ));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        format!(
            "{}|unset|unset|eu-west-1|eu-west-1|{}",
            creds.access_key_id, creds.expiration
        )
    );
    // The secret and token arrive intact too (compared, never printed).
    let out = ctx.bash(&format!(
        "eval \"$('{bin}' export prod)\"; printf '%s\\n%s' \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\""
    ));
    assert!(
        out.stdout == format!("{}\n{}", creds.secret, creds.token),
        "the exported secrets differ"
    );
}

#[test]
fn export_format_follows_shell_unless_told() {
    let ctx = Ctx::with_chain();
    let fish = ctx.run_env(&["export", "prod"], &[("SHELL", "/usr/bin/fish")]);
    assert!(
        fish.stdout.starts_with("set -gx AWS_ACCESS_KEY_ID '"),
        "{fish:?}"
    );
    let plain = ctx.run(&["export", "prod"]);
    assert!(
        plain.stdout.starts_with("export AWS_ACCESS_KEY_ID='"),
        "{plain:?}"
    );
    assert!(plain.stdout.contains("\nunset AWS_PROFILE\n"), "{plain:?}");
    let json = ctx.run(&["export", "prod", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json format parses");
    assert_eq!(v["AWS_REGION"], "eu-west-1");
    let env = ctx.run_env(
        &["export", "prod"],
        &[("CREDBROKER_EXPORT_FORMAT", "powershell")],
    );
    assert!(
        env.stdout.starts_with("$Env:AWS_ACCESS_KEY_ID = '"),
        "{env:?}"
    );
    assert_eq!(ctx.assume_role_calls(), 2);
}

#[test]
fn exec_runs_the_command_with_credentials_and_its_exit_code() {
    let ctx = Ctx::with_chain();
    let creds = ctx.run(&["credential-process", "prod"]).creds();
    let run = ctx.run_env(&[
            "exec",
            "prod",
            "--",
            "sh",
            "-c",
            "printf '%s|%s|%s|%s|%s' \"$AWS_ACCESS_KEY_ID\" \"${AWS_PROFILE-unset}\" \"${AWS_SESSION_TOKEN:+token}\" \"${AWS_SECURITY_TOKEN-unset}\" \"$AWS_REGION\"; exit 7",
        ], &[("AWS_PROFILE", "prod"), ("AWS_SESSION_TOKEN", "stale"), ("AWS_SECURITY_TOKEN", "stale")]);
    assert_eq!(run.code, 7, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("{}|unset|token|unset|eu-west-1", creds.access_key_id)
    );
    let missing = ctx.run(&["exec", "prod", "--", "no-such-command-xyz"]);
    missing
        .assert_code(127)
        .assert_stderr_has("cannot run `no-such-command-xyz`");
}

#[test]
fn exec_reports_a_non_executable_file_as_126_and_a_signal_death_as_128_plus_n() {
    use std::os::unix::fs::PermissionsExt;
    let ctx = Ctx::with_chain();
    let script = ctx.path("not-executable.sh");
    std::fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o644)).unwrap();
    let script = script.to_str().unwrap();
    ctx.run(&["exec", "prod", "--", script])
        .assert_code(126)
        .assert_stderr_has(&format!("cannot run `{script}`"));
    // exec replaces itself with the command, so a command killed by a
    // signal is credbroker killed by it: its shell reports 128 + N.
    for signal in [libc::SIGKILL, libc::SIGTERM] {
        let run = ctx.bash(&format!(
            "'{BIN}' exec prod -- sh -c 'kill -{signal} $$'; echo \"exit $?\""
        ));
        assert_eq!(run.stdout, format!("exit {}\n", 128 + signal), "{run:?}");
    }
}

#[test]
fn exec_forwards_sigterm_to_the_command() {
    use std::io::{BufRead, BufReader};
    let ctx = Ctx::with_chain();
    let mut child = ctx
        .cmd(&[
            "exec",
            "prod",
            "--",
            "sh",
            "-c",
            "trap 'exit 42' TERM; echo ready; while :; do sleep 0.05; done",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "ready\n");
    // SAFETY: kill with a pid we own.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert_eq!(crate::support::finish(child).status.code(), Some(42));
}

#[test]
fn list_shows_chains_and_cache_state() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "dev"]).creds();
    let run = ctx.run(&["list"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.contains(&"prod     base -> mid -> prod  (static-keys)"),
        "{}",
        run.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("dev: fresh until ")),
        "{}",
        run.stdout
    );
    assert!(
        lines.iter().any(|l| l.trim() == "prod: missing"),
        "{}",
        run.stdout
    );
    let json = ctx.run(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let prod = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["profile"] == "prod")
        .unwrap();
    assert_eq!(prod["chain"], "base -> mid -> prod");
    assert_eq!(prod["start"], "static-keys");
    assert_eq!(prod["links"][1]["state"], "missing");
    assert_eq!(ctx.assume_role_calls(), 2, "list never calls STS");
}

#[test]
fn cache_clear_of_one_profile_keeps_the_rest() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "prod"]).creds();
    ctx.run(&["credential-process", "dev"]).creds();
    let listed = ctx.run(&["cache", "list"]);
    assert_eq!(listed.stdout.lines().count(), 4, "{}", listed.stdout);
    let cleared = ctx.run(&["cache", "clear", "dev"]);
    assert_eq!(cleared.stderr, "removed 2 cache entries\n");
    assert_eq!(ctx.entries().len(), 1, "only prod's own entry is left");
    ctx.run(&["credential-process", "prod"]).creds();
    assert_eq!(
        ctx.assume_role_calls(),
        3,
        "prod was kept; mid is fetched again only for dev"
    );
    ctx.run(&["credential-process", "dev"]).creds();
    ctx.run(&["cache", "clear"])
        .assert_code(0)
        .assert_stderr_has("removed 3 cache entries");
    assert!(ctx.entries().is_empty());
}
