//! `credbroker console` against a fake sign-in federation endpoint
//! (`tests/support/federation_server.py`, checked against aws-vault's and
//! granted's requests by its selftest), the local STS (moto) and, for SSO,
//! the fake portal.
//!
//! The URL credbroker prints signs anyone in: these tests compare it and
//! its token without ever printing them (no `assert_eq!` on them), and check
//! that stderr holds neither a token nor a secret.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::sso::{SESSION, Sso};
use crate::support::{
    Creds, Ctx, DEADLINE, FakeServer, Run, Waiters, output, python, script, spawn_all,
};

fn server() -> &'static FakeServer {
    static SERVER: OnceLock<FakeServer> = OnceLock::new();
    SERVER.get_or_init(|| FakeServer::start("federation_server.py"))
}

/// The fake sign-in endpoint in `ctx`'s namespace.
fn endpoint(ctx: &Ctx) -> String {
    format!("http://127.0.0.1:{}/ns/{}", server().port, ctx.ns)
}

/// `cmd` pointed at the fake sign-in endpoint.
fn signing_in(ctx: &Ctx, mut cmd: Command) -> Command {
    cmd.env("AWS_ENDPOINT_URL_SIGNIN", endpoint(ctx));
    cmd
}

fn console(ctx: &Ctx, args: &[&str]) -> Run {
    let mut all = vec!["console"];
    all.extend_from_slice(args);
    Run::from(output(&mut signing_in(ctx, ctx.cmd(&all))))
}

/// A control call to the fake sign-in endpoint.
fn ctl(ctx: &Ctx, op: &str) -> serde_json::Value {
    let (status, body) = get(&format!(
        "http://127.0.0.1:{}/ctl/{}/{op}",
        server().port,
        ctx.ns
    ));
    assert_eq!(status, 200, "control call {op}");
    serde_json::from_str(&body).unwrap()
}

/// The getSigninToken calls the fake recorded, oldest first.
fn signin_calls(ctx: &Ctx) -> Vec<serde_json::Value> {
    let calls = ctl(ctx, "calls");
    let calls = calls.as_array().unwrap();
    calls
        .iter()
        .filter(|c| c["action"] == "getSigninToken")
        .cloned()
        .collect()
}

/// The one getSigninToken call of a test that made one.
#[track_caller]
fn one_signin_call(ctx: &Ctx) -> serde_json::Value {
    let calls = signin_calls(ctx);
    assert_eq!(calls.len(), 1, "{calls:?}");
    calls[0].clone()
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `call` carried exactly `creds` as its session.
#[track_caller]
fn assert_session_is(call: &serde_json::Value, creds: &Creds) {
    assert_eq!(call["ok"], true, "{call:?}");
    assert_eq!(call["session_id"], creds.access_key_id.as_str());
    assert!(
        call["session_key_sha256"] == sha256(&creds.secret).as_str()
            && call["session_token_sha256"] == sha256(&creds.token).as_str(),
        "the session's secret and token are not the profile's"
    );
}

/// `GET url` (plain HTTP on 127.0.0.1): the status and the body, or the
/// Location of a redirect.
fn get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("a local http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .map(str::to_string);
    (status, location.unwrap_or_else(|| body.to_string()))
}

/// A query's parameters in order, percent-decoded.
fn query(url: &str) -> Vec<(String, String)> {
    let (_, query) = url.split_once('?').unwrap_or_default();
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-encoding of everything but RFC 3986's unreserved characters.
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

fn decode(text: &str) -> String {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                out.push(u8::from_str_radix(&hex, 16).unwrap());
            }
            b => out.push(b),
        }
    }
    String::from_utf8(out).unwrap()
}

/// A run of `console --print` that succeeded: its one URL, checked to be a
/// login at the fake endpoint with a token it issued, as parameters.
#[track_caller]
fn login_url(ctx: &Ctx, run: &Run) -> BTreeMap<String, String> {
    assert_eq!(run.code, 0, "console failed: {run:?}");
    assert!(
        run.stdout.ends_with('\n') && run.stdout.lines().count() == 1,
        "stdout is not exactly one line"
    );
    let url = run.stdout.trim_end();
    assert!(
        url.starts_with(&format!("{}/federation?", endpoint(ctx))),
        "the URL is not on the sign-in endpoint"
    );
    let params = query(url);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["Action", "Issuer", "Destination", "SigninToken"]);
    let params: BTreeMap<String, String> = params.into_iter().collect();
    assert_eq!(params["Action"], "login");
    assert_eq!(params["Issuer"], "credbroker");
    let issued = ctl(ctx, "tokens");
    assert!(
        issued
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == params["SigninToken"].as_str()),
        "the URL's token is not one the endpoint issued"
    );
    // A browser given it is signed in and sent to the destination.
    let (status, location) = get(url);
    assert_eq!(status, 302, "the login was refused");
    assert_eq!(location, params["Destination"]);
    params
}

/// Neither a sign-in token nor a secret (nor the request that carries
/// them) in `text`.
#[track_caller]
fn assert_nothing_leaks(ctx: &Ctx, text: &str, creds: &[&Creds]) {
    for token in ctl(ctx, "tokens").as_array().unwrap() {
        assert!(
            !text.contains(token.as_str().unwrap()),
            "a sign-in token is in stderr"
        );
    }
    for needle in [
        "\"SigninToken\"",
        "SigninToken=",
        "sessionKey",
        "Session=",
        "Action=login",
    ] {
        assert!(!text.contains(needle), "stderr shows {needle}");
    }
    for c in creds {
        c.assert_not_in(text, "stderr");
    }
}

const DESTINATION_EU: &str =
    "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1";

#[test]
fn a_role_chain_signs_in_with_its_own_session_and_prints_one_url() {
    let ctx = Ctx::with_chain();
    let run = console(&ctx, &["prod", "--print"]);
    let params = login_url(&ctx, &run);
    assert_eq!(params["Destination"], DESTINATION_EU);
    assert_eq!(run.stderr, "", "nothing on stderr");
    assert_eq!(ctx.assume_role_calls(), 2);
    let prod = ctx.run(&["credential-process", "prod"]).creds();
    let call = one_signin_call(&ctx);
    assert_session_is(&call, &prod);
    // Not asked for, so not sent; Action first, as AWS's sample sends it.
    assert_eq!(call["params"], serde_json::json!(["Action", "Session"]));
    assert_eq!(call["session_duration"], serde_json::Value::Null);
    // Warm: the credentials come from the cache, the token is new.
    let again = console(&ctx, &["prod", "--print"]);
    login_url(&ctx, &again);
    assert_eq!(ctx.assume_role_calls(), 2);
    assert_session_is(&signin_calls(&ctx)[1], &prod);
    assert_nothing_leaks(&ctx, &again.stderr, &[&prod]);
}

#[test]
fn an_sso_profile_signs_in_with_its_role_credentials() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 8 * 3600, false);
    let run = Run::from(output(&mut signing_in(
        &sso.ctx,
        sso.cmd(&["console", "dev", "--print"]),
    )));
    let params = login_url(&sso.ctx, &run);
    assert_eq!(
        params["Destination"],
        "https://console.aws.amazon.com/console/home"
    );
    let dev = Run::from(output(&mut sso.cmd(&["credential-process", "dev"]))).creds();
    assert_session_is(&one_signin_call(&sso.ctx), &dev);
    assert_eq!(sso.count("GetRoleCredentials"), 1);
    assert_nothing_leaks(&sso.ctx, &run.stderr, &[&dev]);
}

#[test]
fn a_web_identity_profile_signs_in_with_its_role_session() {
    let ctx = Ctx::new();
    let token = ctx.path("token");
    std::fs::write(&token, "web-token\n").unwrap();
    ctx.config(&format!(
        "[profile wi]\nrole_arn = arn:aws:iam::111111111111:role/wi\n\
         web_identity_token_file = {}\nregion = us-east-1\n",
        token.display()
    ));
    let run = console(&ctx, &["wi", "--print", "--duration", "4h"]);
    let params = login_url(&ctx, &run);
    assert_eq!(
        params["Destination"],
        "https://console.aws.amazon.com/console/home?region=us-east-1"
    );
    assert_eq!(ctx.count("AssumeRoleWithWebIdentity"), 1);
    let wi = ctx.run(&["credential-process", "wi"]).creds();
    let call = one_signin_call(&ctx);
    assert_session_is(&call, &wi);
    // A role's first session: AWS takes a console session of up to 12 h.
    assert_eq!(call["session_duration"], 14_400);
    assert_nothing_leaks(&ctx, &run.stderr, &[&wi]);
}

#[test]
fn static_keys_sign_in_through_a_cached_federation_token() {
    let ctx = Ctx::with_chain();
    let run = console(&ctx, &["base", "--print"]);
    login_url(&ctx, &run);
    assert_eq!(ctx.count("GetCallerIdentity"), 1);
    assert_eq!(ctx.count("GetFederationToken"), 1);
    let calls = ctx.calls("GetFederationToken", None);
    let params = &calls[0]["params"];
    // moto answers GetCallerIdentity for unknown keys as user `moto`.
    assert_eq!(params["Name"], "moto");
    assert_eq!(params["DurationSeconds"], "43200");
    let policy: serde_json::Value =
        serde_json::from_str(params["Policy"].as_str().unwrap()).unwrap();
    assert_eq!(
        policy["Statement"],
        serde_json::json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
    );
    assert_eq!(calls[0]["signer"], "AKIAIOSFODNN7EXAMPLE");
    // The federated user's session, cached as a link of `base`.
    let (_, entry) = ctx.entry_of("base");
    let creds = &entry["credentials"];
    let federated = Creds {
        access_key_id: creds["access_key_id"].as_str().unwrap().to_string(),
        secret: creds["secret_access_key"].as_str().unwrap().to_string(),
        token: creds["session_token"].as_str().unwrap().to_string(),
        expiration: String::new(),
    };
    let call = one_signin_call(&ctx);
    assert_session_is(&call, &federated);
    // Its console session lasts as long as it does: no SessionDuration.
    assert_eq!(call["session_duration"], serde_json::Value::Null);

    // Warm: no STS call at all; another duration is another session.
    login_url(&ctx, &console(&ctx, &["base", "--print"]));
    assert_eq!(ctx.count("GetFederationToken"), 1);
    assert_session_is(&signin_calls(&ctx)[1], &federated);
    let run = console(&ctx, &["base", "--print", "--duration", "2h"]);
    login_url(&ctx, &run);
    let calls = ctx.calls("GetFederationToken", None);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1]["params"]["DurationSeconds"], "7200");
    assert_eq!(
        signin_calls(&ctx)[2]["session_duration"],
        serde_json::Value::Null
    );
    assert_eq!(run.stderr, "");
    assert_nothing_leaks(&ctx, &run.stderr, &[&federated]);
}

#[test]
fn service_and_destination_land_in_destination() {
    let ctx = Ctx::with_chain();
    let cases: &[(&[&str], &str)] = &[
        (
            &["prod", "--print", "--service", "s3"],
            "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
        ),
        (
            &[
                "prod",
                "--print",
                "--service",
                "dynamodb",
                "--region",
                "us-east-1",
            ],
            "https://console.aws.amazon.com/dynamodbv2/home?region=us-east-1",
        ),
        (
            &[
                "prod",
                "--print",
                "--destination",
                "https://s3.console.aws.amazon.com/s3/buckets/logs?region=eu-west-1&tab=objects",
            ],
            "https://s3.console.aws.amazon.com/s3/buckets/logs?region=eu-west-1&tab=objects",
        ),
    ];
    for (args, want) in cases {
        let params = login_url(&ctx, &console(&ctx, args));
        assert_eq!(params["Destination"], *want, "{args:?}");
    }
    // AWS_REGION is the region the user works in: it wins over the
    // profile's, as in the SDKs.
    let mut cmd = signing_in(&ctx, ctx.cmd(&["console", "prod", "--print"]));
    cmd.env("AWS_REGION", "ap-southeast-2");
    let params = login_url(&ctx, &Run::from(output(&mut cmd)));
    assert_eq!(
        params["Destination"],
        "https://ap-southeast-2.console.aws.amazon.com/console/home?region=ap-southeast-2"
    );
}

#[test]
fn a_foreign_destination_is_refused_before_any_call() {
    let ctx = Ctx::with_chain();
    for bad in [
        &[
            "prod",
            "--print",
            "--destination",
            "https://evil.example/console",
        ][..],
        &[
            "prod",
            "--print",
            "--destination",
            "https://console.aws.amazon.com.evil.example/",
        ],
        &[
            "prod",
            "--print",
            "--destination",
            "https://console.aws.amazon.com@evil.example/",
        ],
        &[
            "prod",
            "--destination",
            "https://console.amazonaws.cn/",
            "--region",
            "eu-west-1",
        ],
        &[
            "prod",
            "--print",
            "--service",
            "s3?next=https://evil.example",
        ],
        &["prod", "--print", "--region", "us-iso-east-1"],
    ] {
        let run = console(&ctx, bad);
        run.assert_code(2);
        assert_eq!(run.stdout, "", "{bad:?}");
        assert!(run.stderr.starts_with("error: "), "{run:?}");
        run.assert_stderr_has("hint: nothing was sent anywhere");
    }
    let run = console(&ctx, &["prod", "--destination", "https://evil.example/"]);
    run.assert_stderr_has("is not on the aws console (https://console.aws.amazon.com");
    assert_eq!(ctx.assume_role_calls(), 0);
    assert!(signin_calls(&ctx).is_empty());
}

/// $BROWSER for the console: `tests/support/console_browser.py` records
/// what it was given and follows the login as far as the redirect.
fn browser(ctx: &Ctx, profile: &str) -> (Run, serde_json::Value) {
    let log = ctx.path("browser.log");
    let mut cmd = signing_in(ctx, ctx.cmd(&["console", profile]));
    cmd.env(
        "BROWSER",
        format!(
            "{} {}",
            python().display(),
            script("console_browser.py").display()
        ),
    )
    .env("TEST_BROWSER_LOG", &log);
    let run = Run::from(output(&mut cmd));
    // The browser runs on after credbroker: wait for what it wrote.
    let start = std::time::Instant::now();
    let seen = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().next() {
            break serde_json::from_str(line).unwrap();
        }
        assert!(start.elapsed() < DEADLINE, "the browser was not started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    std::fs::remove_file(&log).unwrap();
    (run, seen)
}

#[test]
fn the_browser_gets_the_url_and_the_profiles_browser_profile() {
    let ctx = Ctx::with_chain();
    let (run, seen) = browser(&ctx, "prod");
    run.assert_code(0);
    assert_eq!(run.stdout, "", "the URL goes to the browser only");
    run.assert_stderr_has("Opening the aws console for profile `prod` (eu-west-1) in the browser.");
    assert_eq!(seen["argc"], 1);
    assert_eq!(seen["status"], 302, "the browser was not signed in");
    assert_eq!(seen["location"], DESTINATION_EU);
    let url = seen["url"].as_str().unwrap();
    let params: BTreeMap<String, String> = query(url).into_iter().collect();
    assert!(
        url.starts_with(&format!("{}/federation?Action=login&", endpoint(&ctx))),
        "the browser got another URL"
    );
    assert_eq!(params["Destination"], DESTINATION_EU);
    assert_eq!(seen["env"]["CREDBROKER_PROFILE"], "prod");
    for var in ["CREDBROKER_BROWSER_PROFILE", "CREDBROKER_CONTAINER_URL"] {
        assert!(
            seen["env"].get(var).is_none(),
            "{var}: no browser profile unless the profile names one"
        );
    }
    let prod = ctx.run(&["credential-process", "prod"]).creds();
    assert_nothing_leaks(&ctx, &run.stderr, &[&prod]);

    // A browser profile: named to the opener, with the URL as the Granted
    // Containers extension opens it.
    let config = crate::support::CHAIN_CONFIG.replace(
        "region = eu-west-1\n",
        "region = eu-west-1\nconsole_browser_profile = prod admin\n",
    );
    ctx.config(&config);
    let (run, seen) = browser(&ctx, "prod");
    run.assert_code(0);
    let env = &seen["env"];
    assert_eq!(env["CREDBROKER_PROFILE"], "prod");
    assert_eq!(env["CREDBROKER_BROWSER_PROFILE"], "prod admin");
    let url = seen["url"].as_str().unwrap();
    let container = format!(
        "ext+granted-containers:name=prod%20admin&url={}",
        encode(url)
    );
    assert!(
        env["CREDBROKER_CONTAINER_URL"] == container.as_str(),
        "CREDBROKER_CONTAINER_URL is not the URL in Granted's container form"
    );
}

#[test]
fn without_a_browser_the_url_goes_to_stdout() {
    let ctx = Ctx::with_chain();
    // No $BROWSER, no display: as over SSH.
    let run = console(&ctx, &["prod"]);
    login_url(&ctx, &run);
    assert_eq!(
        run.stderr,
        "notice: no browser to open here (set $BROWSER); the sign-in URL is on stdout\n"
    );
}

#[test]
fn sixteen_consoles_on_a_cold_chain_make_one_sts_call_per_link() {
    let ctx = Ctx::with_chain();
    ctx.hold_role("role/mid");
    let children = spawn_all(16, |_| {
        let mut cmd = signing_in(&ctx, ctx.cmd(&["console", "prod", "--print"]));
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    waiters.until("mid's AssumeRole held", |_| ctx.held_role("role/mid") == 1);
    waiters.until_said("waiting: ", 15);
    assert_eq!(ctx.assume_role_calls(), 1);
    ctx.release_role("role/mid");
    let runs = waiters.finish();
    let prod = ctx.run(&["credential-process", "prod"]).creds();
    for run in &runs {
        login_url(&ctx, run);
        assert_nothing_leaks(&ctx, &run.stderr, &[&prod]);
    }
    assert_eq!(ctx.assume_role_calls(), 2, "one AssumeRole per link");
    let calls = signin_calls(&ctx);
    assert_eq!(calls.len(), 16);
    for call in &calls {
        assert_session_is(call, &prod);
    }
}

#[test]
fn sixteen_consoles_on_cold_long_term_keys_ask_for_one_federation_token() {
    let ctx = Ctx::with_chain();
    ctx.ctl_ok("hold?action=GetFederationToken");
    let children = spawn_all(16, |_| {
        let mut cmd = signing_in(&ctx, ctx.cmd(&["console", "base", "--print"]));
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    ctx.ctl_ok("wait_held?action=GetFederationToken&n=1&timeout=60");
    waiters.until_said("waiting: ", 15);
    ctx.ctl_ok("release?action=GetFederationToken");
    let runs = waiters.finish();
    for run in &runs {
        login_url(&ctx, run);
        assert_nothing_leaks(&ctx, &run.stderr, &[]);
    }
    // One refresh of the link: the user's name, then the token.
    assert_eq!(ctx.count("GetCallerIdentity"), 1);
    assert_eq!(ctx.count("GetFederationToken"), 1);
    let calls = signin_calls(&ctx);
    assert_eq!(calls.len(), 16);
    assert!(
        calls
            .iter()
            .all(|c| c["session_id"] == calls[0]["session_id"])
    );
}

#[test]
fn a_chained_role_gets_no_session_duration_and_says_why() {
    let ctx = Ctx::with_chain();
    let run = console(&ctx, &["prod", "--print", "--duration", "4h"]);
    login_url(&ctx, &run);
    run.assert_stderr_has(
        "warning: `prod` is a role assumed with the session of `mid` (role chaining): AWS caps \
         its console session at one hour",
    );
    assert_eq!(
        one_signin_call(&ctx)["session_duration"],
        serde_json::Value::Null
    );
    // `mid` is assumed with long-term keys: its console session may last 4 h.
    let run = console(&ctx, &["mid", "--print", "--duration", "4h"]);
    login_url(&ctx, &run);
    assert_eq!(run.stderr, "");
    assert_eq!(signin_calls(&ctx)[1]["session_duration"], 14_400);
}

#[test]
fn a_failed_sign_in_names_the_endpoint_and_what_came_back() {
    let ctx = Ctx::with_chain();
    let at = format!(
        "AWS sign-in getSigninToken at {}/federation",
        endpoint(&ctx)
    );
    let cases: &[(&str, i32, &[&str])] = &[
        (
            "status=400&content_type=text/html&count=1",
            6,
            &[
                "refused the session: HTTP 400 (text/html)",
                "hint: the sign-in endpoint takes",
            ],
        ),
        (
            "status=503&content_type=text/html&count=1",
            7,
            &["answered HTTP 503 (text/html), not a sign-in token"],
        ),
        (
            "status=200&content_type=text/html&body=%3Chtml%3Eportal%3C/html%3E&count=1",
            7,
            &["answered HTTP 200 (text/html) without a sign-in token: the body is not JSON"],
        ),
    ];
    let prod = ctx.run(&["credential-process", "prod"]).creds();
    for (fault, code, says) in cases {
        ctl(&ctx, &format!("fault?{fault}"));
        let run = console(&ctx, &["prod", "--print"]);
        run.assert_code(*code);
        assert_eq!(run.stdout, "");
        run.assert_stderr_has(
            "error: AWS sign-in getSigninToken failed for profile `prod` (role \
             arn:aws:iam::222222222222:role/admin)",
        );
        run.assert_stderr_has(&at);
        for s in *says {
            run.assert_stderr_has(s);
        }
        assert_nothing_leaks(&ctx, &run.stderr, &[&prod]);
    }
    // What may pass is tried again, as every AWS call is.
    ctl(&ctx, "fault?status=503&count=1");
    let mut cmd = signing_in(&ctx, ctx.cmd(&["console", "prod", "--print"]));
    cmd.env("CREDBROKER_STS_MAX_ATTEMPTS", "2");
    login_url(&ctx, &Run::from(output(&mut cmd)));
    // A sign-in endpoint that is not there: named, with what to check.
    let mut cmd = ctx.cmd(&["console", "prod", "--print"]);
    cmd.env("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1:9");
    let run = Run::from(output(&mut cmd));
    run.assert_code(7);
    run.assert_stderr_has(
        "could not reach AWS sign-in getSigninToken at http://127.0.0.1:9/federation",
    );
    run.assert_stderr_has("hint: check the network, and that the sign-in endpoint is right");
    prod.assert_not_in(&run.stderr, "stderr");
}

#[test]
fn the_signin_endpoint_follows_the_sdks_rules() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "[profile base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\
         aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\
         [profile mid]\nrole_arn = arn:aws:iam::111111111111:role/mid\nsource_profile = base\n\
         services = local\n\
         [services local]\nsignin =\n  endpoint_url = {}\n",
        endpoint(&ctx)
    ));
    // `[services]` `signin`, with no variable set.
    login_url(
        &ctx,
        &Run::from(output(&mut ctx.cmd(&["console", "mid", "--print"]))),
    );
    assert_eq!(signin_calls(&ctx).len(), 1);
    // The variable wins over the file.
    let mut cmd = ctx.cmd(&["console", "mid", "--print"]);
    cmd.env("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1:9");
    Run::from(output(&mut cmd)).assert_code(7);
    assert_eq!(signin_calls(&ctx).len(), 1);
}
