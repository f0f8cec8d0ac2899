//! Every account a sign-in can see: `sso accounts`, `sso populate` and
//! `batch --sso-session`, against the fake portal's ListAccounts and
//! ListAccountRoles (paged, throttling on demand).

use super::{SESSION, Sso};

/// The fake lists `count` accounts with roles Role1 and Role2.
fn organization(sso: &Sso, count: usize) {
    sso.ctl(&format!("accounts?count={count}&roles=Role1,Role2"));
}

fn listed(run: &crate::support::Run) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stderr));
    value.as_array().unwrap().clone()
}

fn role_count(accounts: &[serde_json::Value]) -> usize {
    accounts
        .iter()
        .map(|a| a["roles"].as_array().unwrap().len())
        .sum()
}

#[test]
fn sso_accounts_lists_a_thousand_accounts_through_a_throttling_portal() {
    let sso = Sso::new();
    organization(&sso, 1000);
    // Expired but refreshable: the listing refreshes it once.
    sso.sign_in(SESSION, -60, true);
    sso.ctl("throttle?every=3");
    let run = sso.run(&["sso", "accounts", "--format", "json"]);
    run.assert_code(0);
    let accounts = listed(&run);
    assert_eq!(accounts.len(), 1000);
    assert_eq!(role_count(&accounts), 2000);
    assert_eq!(accounts[0]["account_name"], "acct-0000");
    assert_eq!(accounts[0]["account_id"], "100000000000");
    assert_eq!(accounts[0]["email"], "aws+0@example.com");
    assert_eq!(accounts[0]["roles"], serde_json::json!(["Role1", "Role2"]));
    let counts = sso.counts();
    assert_eq!(
        counts.get("CreateToken:refresh_token"),
        Some(&1),
        "{counts:?}"
    );
    let throttled = counts.get("ListAccounts:throttled").copied().unwrap_or(0)
        + counts
            .get("ListAccountRoles:throttled")
            .copied()
            .unwrap_or(0);
    assert!(throttled > 300, "every third call throttled: {counts:?}");
    assert!(!run.stderr.contains(&format!("access-{}", sso.ctx.ns)));

    // Cached: the next listing (a table) calls nothing.
    let before = sso.counts();
    let run = sso.run(&["sso", "accounts", "--sso-session", SESSION]);
    run.assert_code(0);
    assert_eq!(run.stdout.lines().count(), 2001, "a header and 2,000 rows");
    assert!(run.stdout.starts_with("ACCOUNT_ID"));
    assert_eq!(sso.counts(), before);

    // --refresh scans again.
    sso.ctl("throttle?every=0");
    sso.ctl("accounts?count=3&roles=Admin");
    let run = sso.run(&["sso", "accounts", "--refresh", "--format", "json"]);
    run.assert_code(0);
    assert_eq!(role_count(&listed(&run)), 3);
}

#[test]
fn sso_accounts_without_a_sign_in_and_no_terminal_names_the_login_command() {
    let sso = Sso::new();
    organization(&sso, 5);
    let run = sso.run(&["sso", "accounts"]);
    run.assert_code(6)
        .assert_stderr_has("credbroker login --sso-session corp")
        .assert_stderr_has("aws sso login --sso-session corp");
    assert_eq!(sso.count("ListAccounts"), 0);
    assert_eq!(sso.count("CreateToken"), 0);
}

#[test]
fn batch_over_a_sign_in_gets_every_account_with_one_portal_call_each() {
    let sso = Sso::new();
    organization(&sso, 1000);
    sso.sign_in(SESSION, -60, true);
    let run = sso.run(&[
        "batch",
        "--sso-session",
        SESSION,
        "--role-name",
        "Role1",
        "--quiet",
        "--concurrency",
        "64",
    ]);
    run.assert_code(0);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1000);
    assert!(lines.iter().all(|l| l["ok"] == true), "{}", run.stderr);
    let mut labels: Vec<&str> = lines
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    labels.sort();
    assert_eq!(labels[0], "acct-0000/Role1");
    labels.dedup();
    assert_eq!(labels.len(), 1000);
    assert_eq!(lines[0]["account_id"].as_str().unwrap().len(), 12);
    sso.assert_one_token_refresh(1000);

    // Filtered by account: one line, a cache hit (no portal call).
    let before = sso.count("GetRoleCredentials");
    let run = sso.run(&[
        "batch",
        "--sso-session",
        SESSION,
        "--accounts",
        "100000000007",
        "--quiet",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout.lines().count(), 2, "Role1 and Role2");
    assert!(run.stdout.contains("\"acct-0007/Role2\""));
    assert_eq!(
        sso.count("GetRoleCredentials"),
        before + 1,
        "only Role2 was not cached"
    );
}

/// The profile names in the AWS config file, as boto3 reads them.
fn boto3_profiles(sso: &Sso) -> Vec<String> {
    let out = crate::support::output(
        std::process::Command::new(crate::support::python())
            .args([
                "-c",
                "import boto3, json; print(json.dumps(boto3.Session().available_profiles))",
            ])
            .env("AWS_CONFIG_FILE", sso.ctx.path(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                sso.ctx.path(".aws/credentials"),
            ),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn config_text(sso: &Sso) -> String {
    std::fs::read_to_string(sso.ctx.path(".aws/config")).unwrap()
}

const HAND_WRITTEN: &str = "\
# my own comment, kept as it is
[profile mine]
region = us-west-2   ; trailing spaces and a comment

[profile acct-0005.Role1]
sso_session = corp
sso_account_id = 100000000005
sso_role_name = Role1
region = ap-south-1
";

#[test]
fn populate_writes_a_thousand_accounts_keeps_the_rest_and_prunes_what_went() {
    let sso = Sso::new();
    let original = format!("{}{HAND_WRITTEN}", super::SSO_CONFIG);
    sso.ctx.config(&original);
    organization(&sso, 1000);
    sso.sign_in(SESSION, 3600, false);
    sso.ctl("throttle?every=3");
    let run = sso.run(&["sso", "populate"]);
    run.assert_code(0)
        .assert_stderr_has("1999 profiles written")
        .assert_stderr_has("acct-0005.Role1");
    let first = config_text(&sso);
    assert!(
        first.starts_with(&original),
        "outside the block, byte for byte"
    );
    assert!(first.contains("# credbroker sso populate corp: begin\n"));
    assert!(first.ends_with("# credbroker sso populate corp: end\n"));
    let profiles = boto3_profiles(&sso);
    assert_eq!(
        profiles.len(),
        4 + 2 + 1999,
        "the SSO config's, mine, and 1,999"
    );
    assert!(profiles.iter().any(|p| p == "acct-0999.Role2"));
    let cp = sso.run(&["credential-process", "acct-0042.Role2"]);
    cp.assert_code(0);
    assert!(cp.stdout.contains("\"AccessKeyId\""));

    // A rerun leaves the file byte-identical.
    let run = sso.run(&["sso", "populate"]);
    run.assert_code(0).assert_stderr_has("unchanged");
    assert_eq!(config_text(&sso), first);

    // Ten accounts disappear: stale until --prune, which removes their 20.
    sso.ctl("throttle?every=0");
    sso.ctl("accounts?count=990&roles=Role1,Role2");
    let run = sso.run(&["sso", "populate", "--refresh"]);
    run.assert_code(0)
        .assert_stderr_has("20 profiles are no longer listed");
    assert_eq!(config_text(&sso), first);
    let dry = sso.run(&["sso", "populate", "--prune", "--dry-run"]);
    dry.assert_code(0);
    assert_eq!(
        dry.stdout
            .lines()
            .filter(|l| l.starts_with("-[profile"))
            .count(),
        20
    );
    assert_eq!(config_text(&sso), first, "--dry-run writes nothing");
    let run = sso.run(&["sso", "populate", "--prune"]);
    run.assert_code(0).assert_stderr_has("20 pruned");
    let after = boto3_profiles(&sso);
    let gone: Vec<&String> = profiles.iter().filter(|p| !after.contains(p)).collect();
    assert_eq!(gone.len(), 20, "{gone:?}");
    assert!(gone.iter().all(|p| p.starts_with("acct-099")), "{gone:?}");
    assert!(config_text(&sso).starts_with(&original));
    let backup = sso.ctx.path(".aws/config.credbroker.bak");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), first);
}

#[test]
fn two_populates_at_once_keep_both_blocks() {
    let sso = Sso::new();
    sso.ctx.config(&format!(
        "{}\n[sso-session other]\nsso_start_url = https://d-other.awsapps.com/start\nsso_region = eu-west-1\n",
        super::SSO_CONFIG
    ));
    organization(&sso, 200);
    sso.sign_in(SESSION, 3600, false);
    sso.sign_in("other", 3600, false);
    for round in 0..3 {
        let children = crate::support::spawn_all(2, |i| {
            let session = ["corp", "other"][i];
            let template = format!("{session}-{{account_id}}-{{role_name}}-{round}");
            sso.cmd(&[
                "sso",
                "populate",
                "--sso-session",
                session,
                "--name",
                &template,
            ])
        });
        for child in children {
            let out = crate::support::finish(child);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let profiles = boto3_profiles(&sso);
        for session in ["corp", "other"] {
            let prefix = format!("{session}-");
            let suffix = format!("-{round}");
            let n = profiles
                .iter()
                .filter(|p| p.starts_with(&prefix) && p.ends_with(&suffix))
                .count();
            assert_eq!(n, 400, "round {round}: {session}'s block");
        }
    }
}
