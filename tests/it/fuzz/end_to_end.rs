//! Mutated answers and hostile numbers through the real binary: what STS,
//! the SSO portal, instance metadata and a container endpoint answer is
//! mutated (the seeded generator of this module's parent) and served to
//! `credential-process`; settings and cache entries get the largest
//! numbers there are. Whatever comes back: no "hit a bug", an exit code of
//! the README's table (0: the mutation still holds credentials; 6 or 7: it
//! does not), nothing on stdout but credentials, and no secret of the
//! answer nor of the signing keys on stderr.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

use super::mutations::{Rng, mutate};
use crate::support::{Creds, Ctx, FakeServer, Run, now, output};

/// Mutations per endpoint, beyond the fixed hostile bodies.
const MUTATIONS: usize = 12;

/// What the parent key and every served secret hold, to look for on stderr.
const MARKER: &str = "S3CR3T";

/// Static keys for a chain signed by them.
const KEYS: &str = "[profile base]
aws_access_key_id = AKIAFUZZEXAMPLE00010
aws_secret_access_key = fuzzS3CR3TbaseKEY00010
";

/// A local endpoint that answers every request with the response set last:
/// status line, content type and body as given.
struct Answers {
    port: u16,
    response: Arc<Mutex<Vec<u8>>>,
}

impl Answers {
    fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let response = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&response);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let answer = shared.lock().unwrap().clone();
                std::thread::spawn(move || serve(conn, &answer));
            }
        });
        Answers { port, response }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn set(&self, status: &str, ctype: &str, body: &[u8]) {
        let mut r = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        *self.response.lock().unwrap() = r;
    }
}

/// Read one request (headers, then its body) and answer it.
fn serve(conn: std::net::TcpStream, answer: &[u8]) {
    let mut reader = BufReader::new(&conn);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let _ = (&conn).write_all(answer);
}

/// The cases for one endpoint: the valid body, fixed hostile ones, then
/// seeded mutations of the valid body.
fn bodies(valid: &str, hostile: &[String], seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let mut out = vec![valid.as_bytes().to_vec()];
    out.extend(hostile.iter().map(|h| h.as_bytes().to_vec()));
    out.extend((0..MUTATIONS).map(|_| mutate(&mut rng, valid.as_bytes())));
    out
}

/// `body` with `field`'s value replaced, for the fixed hostile cases.
fn with(body: &str, from: &str, to: &str) -> String {
    assert!(body.contains(from), "{from}");
    body.replace(from, to)
}

/// One case's outcome, checked; a description of what is wrong, if anything.
fn check(case: usize, run: &Run) -> Option<String> {
    let mut wrong = Vec::new();
    for bug in ["hit a bug", "panicked", "RUST_BACKTRACE"] {
        if run.stderr.contains(bug) {
            wrong.push(format!("{bug:?} on stderr"));
        }
    }
    match run.code {
        0 => {
            let creds = Creds::parse(&run.stdout);
            if creds.access_key_id.is_empty() || creds.secret.is_empty() {
                wrong.push("exit 0 with empty credentials".into());
            }
        }
        6 | 7 if run.stdout.is_empty() => {}
        6 | 7 => wrong.push("something on stdout with an error".into()),
        code => wrong.push(format!("exit {code}, not 0, 6 or 7")),
    }
    if run.stderr.contains(MARKER) {
        wrong.push("a secret on stderr".into());
    }
    if run.stderr.chars().any(|c| c.is_control() && c != '\n') {
        wrong.push("a control character on stderr".into());
    }
    // The stderr of a failed case is shown without its secrets (none is
    // expected there, and the marker check above says if one is).
    (!wrong.is_empty()).then(|| {
        format!(
            "case {case}: {}; exit {}; stderr: {}",
            wrong.join(", "),
            run.code,
            credbroker::error::excerpt(&run.stderr.replace(MARKER, "******"), 600)
        )
    })
}

/// No entry, no learned failure: each case is a first call.
fn fresh_cache(ctx: &Ctx) {
    let _ = std::fs::remove_dir_all(ctx.cache_dir());
}

fn assert_all_clear(what: &str, failures: Vec<String>) {
    assert!(failures.is_empty(), "{what}:\n{}", failures.join("\n"));
}

/// An hour from now, as AWS writes it.
fn in_an_hour() -> String {
    credbroker::clock::rfc3339(now() + 3600)
}

#[test]
fn mutated_sts_answers() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{KEYS}[profile role]\nrole_arn = arn:aws:iam::111111111111:role/fuzz\nsource_profile = base\n"
    ));
    let valid = format!(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n\
         <AssumeRoleResult><Credentials>\n\
         <AccessKeyId>ASIAFUZZEXAMPLE00011</AccessKeyId>\n\
         <SecretAccessKey>fuzzS3CR3TsecretKEY00011</SecretAccessKey>\n\
         <SessionToken>fuzzS3CR3TsessionTOKEN00011</SessionToken>\n\
         <Expiration>{}</Expiration>\n\
         </Credentials>\n\
         <AssumedRoleUser><AssumedRoleId>AROAFUZZ:s</AssumedRoleId>\
         <Arn>arn:aws:sts::111111111111:assumed-role/fuzz/s</Arn></AssumedRoleUser>\n\
         </AssumeRoleResult>\n\
         <ResponseMetadata><RequestId>fuzz-request</RequestId></ResponseMetadata>\n\
         </AssumeRoleResponse>\n",
        in_an_hour()
    );
    let expiration = format!("<Expiration>{}</Expiration>", in_an_hour());
    let hostile = [
        String::new(),
        with(
            &valid,
            &expiration,
            "<Expiration>+99999-01-01T00:00:00Z</Expiration>",
        ),
        with(
            &valid,
            &expiration,
            "<Expiration>1970-01-01T00:00:00Z</Expiration>",
        ),
        with(
            &valid,
            &expiration,
            "<Expiration>9223372036854775807</Expiration>",
        ),
        with(&valid, "ASIAFUZZEXAMPLE00011", "ASIA\u{1b}[31mFUZZ"),
        with(&valid, "fuzzS3CR3TsecretKEY00011", "fuzzS3CR3T&#0;KEY"),
        with(&valid, "<Credentials>", &"<Credentials>".repeat(5000)),
        with(&valid, "fuzzS3CR3TsessionTOKEN00011", &"A".repeat(1 << 20)),
        "<ErrorResponse><Error><Type>Sender</Type><Code>\u{1b}[2J</Code>\
         <Message>fuzzS3CR3T</Message></Error></ErrorResponse>"
            .to_string(),
        with(
            &valid,
            "<AssumedRoleUser>",
            &format!(
                "{}{}<AssumedRoleUser>",
                "<a>".repeat(200_000),
                "</a>".repeat(200_000)
            ),
        ),
        with(
            &valid,
            "<AssumedRoleUser>",
            &format!("{}<AssumedRoleUser>", "<a>".repeat(200_000)),
        ),
    ];
    let answers = Answers::start();
    let mut failures = Vec::new();
    for (i, body) in bodies(&valid, &hostile, 11).iter().enumerate() {
        answers.set("200 OK", "text/xml", body);
        fresh_cache(&ctx);
        let mut cmd = ctx.cmd(&["credential-process", "role"]);
        cmd.env("AWS_ENDPOINT_URL_STS", answers.endpoint());
        failures.extend(check(i, &Run::from(output(&mut cmd))));
    }
    assert_all_clear("STS AssumeRole", failures);
}

/// The credentials JSON IMDS and container endpoints answer.
fn metadata_credentials() -> String {
    format!(
        "{{\"Code\": \"Success\", \"LastUpdated\": \"{}\", \"Type\": \"AWS-HMAC\",\n\
         \"AccessKeyId\": \"ASIAFUZZEXAMPLE00012\",\n\
         \"SecretAccessKey\": \"fuzzS3CR3TsecretKEY00012\",\n\
         \"Token\": \"fuzzS3CR3TsessionTOKEN00012\",\n\
         \"Expiration\": \"{}\"}}\n",
        credbroker::clock::rfc3339(now()),
        in_an_hour()
    )
}

fn metadata_hostile(valid: &str) -> Vec<String> {
    let expiration = format!("\"Expiration\": \"{}\"", in_an_hour());
    vec![
        String::new(),
        "null".into(),
        with(
            valid,
            &expiration,
            "\"Expiration\": \"+99999-01-01T00:00:00Z\"",
        ),
        with(valid, &expiration, "\"Expiration\": 9223372036854775807"),
        with(
            valid,
            &expiration,
            "\"Expiration\": \"1970-01-01T00:00:00Z\"",
        ),
        with(valid, "ASIAFUZZEXAMPLE00012", "ASIA\\u0000FUZZ"),
        with(valid, "fuzzS3CR3TsecretKEY00012", "fuzzS3CR3T\\u001b[31m"),
        with(
            valid,
            "\"Code\": \"Success\"",
            &format!(
                "\"Code\": \"\\u001b[2J{}\", \"Message\": \"\\u001b]0;{}\"",
                "C".repeat(5000),
                "M".repeat(5000)
            ),
        ),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        with(
            valid,
            "\"Code\"",
            &format!(
                "\"x\": {}{}, \"Code\"",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        with(
            valid,
            "\"Code\"",
            &format!(
                "\"x\": {}{}, \"Code\"",
                "{\"a\":".repeat(50_000),
                "}".repeat(50_000)
            ),
        ),
    ]
}

const METADATA_ROLE: &str =
    "[profile box]\nrole_arn = arn:aws:iam::111111111111:role/box\ncredential_source = ";

#[test]
fn mutated_instance_metadata_answers() {
    let meta = FakeServer::start("metadata_server.py");
    let ctl = |path: &str| {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", meta.port)).unwrap();
        write!(s, "GET /ctl/{path} HTTP/1.0\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        assert_eq!(text.split_whitespace().nth(1), Some("200"), "{path}");
    };
    let enc = |b: &[u8]| -> String { b.iter().map(|b| format!("%{b:02X}")).collect() };
    let ctx = Ctx::new();
    ctx.config(&format!("{METADATA_ROLE}Ec2InstanceMetadata\n"));
    let valid = metadata_credentials();
    let mut failures = Vec::new();
    // The control call carries the body in its URL: no empty one (the
    // fake takes that for none), nothing longer than a URL can be.
    let cases = bodies(&valid, &metadata_hostile(&valid), 12);
    for (i, body) in cases
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.is_empty() && b.len() < 16 * 1024)
    {
        ctl(&format!(
            "answer?what=imds_credentials&body={}&ctype=text/plain",
            enc(body)
        ));
        fresh_cache(&ctx);
        let mut cmd = ctx.cmd(&["credential-process", "box"]);
        cmd.env(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            format!("http://127.0.0.1:{}/", meta.port),
        );
        failures.extend(check(i, &Run::from(output(&mut cmd))));
    }
    assert_all_clear("IMDS credentials", failures);
}

#[test]
fn mutated_container_answers() {
    let ctx = Ctx::new();
    ctx.config(&format!("{METADATA_ROLE}EcsContainer\n"));
    let valid = metadata_credentials();
    let answers = Answers::start();
    let mut failures = Vec::new();
    for (i, body) in bodies(&valid, &metadata_hostile(&valid), 13)
        .iter()
        .enumerate()
    {
        answers.set("200 OK", "application/json", body);
        fresh_cache(&ctx);
        let mut cmd = ctx.cmd(&["credential-process", "box"]);
        cmd.env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", answers.endpoint()),
        );
        failures.extend(check(i, &Run::from(output(&mut cmd))));
    }
    assert_all_clear("container credentials", failures);
}

#[test]
fn mutated_sso_portal_answers() {
    use sha1::Digest;
    let ctx = Ctx::new();
    ctx.config(
        "[sso-session fuzz]\nsso_start_url = https://fuzz.awsapps.com/start\nsso_region = us-east-1\n\
         [profile sso]\nsso_session = fuzz\nsso_account_id = 111111111111\nsso_role_name = Fuzz\n",
    );
    let token_dir = ctx.path(".aws/sso/cache");
    std::fs::create_dir_all(&token_dir).unwrap();
    let name: String = sha1::Sha1::digest(b"fuzz")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(
        token_dir.join(format!("{name}.json")),
        format!(
            "{{\"startUrl\":\"https://fuzz.awsapps.com/start\",\"region\":\"us-east-1\",\
             \"accessToken\":\"fuzzS3CR3TaccessTOKEN00013\",\"expiresAt\":\"{}\"}}",
            credbroker::clock::rfc3339(now() + 8 * 3600)
        ),
    )
    .unwrap();
    let ms = (now() + 3600) * 1000;
    let valid = format!(
        "{{\"roleCredentials\":{{\"accessKeyId\":\"ASIAFUZZEXAMPLE00013\",\
         \"secretAccessKey\":\"fuzzS3CR3TsecretKEY00013\",\
         \"sessionToken\":\"fuzzS3CR3TsessionTOKEN00013\",\"expiration\":{ms}}}}}"
    );
    let hostile = [
        String::new(),
        "{}".into(),
        with(&valid, &ms.to_string(), "9223372036854775807"),
        with(&valid, &ms.to_string(), "-9223372036854775808"),
        with(&valid, &ms.to_string(), "1e400"),
        with(&valid, "ASIAFUZZEXAMPLE00013", "ASIA\\u0000FUZZ"),
        with(&valid, "\"sessionToken\"", "\"sessionToken\":null,\"x\""),
        format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000)),
    ];
    let answers = Answers::start();
    let mut failures = Vec::new();
    for (i, body) in bodies(&valid, &hostile, 14).iter().enumerate() {
        answers.set("200 OK", "application/json", body);
        fresh_cache(&ctx);
        let mut cmd = ctx.cmd(&["credential-process", "sso"]);
        cmd.env("AWS_ENDPOINT_URL_SSO", answers.endpoint());
        failures.extend(check(i, &Run::from(output(&mut cmd))));
    }
    assert_all_clear("SSO GetRoleCredentials", failures);
}

/// The largest numbers there are, in every duration setting: a clear
/// error (exit 3) naming the setting. Before, an sts_timeout of u64::MAX
/// seconds made "credbroker hit a bug" (a Duration overflow).
#[test]
fn huge_durations_in_settings_are_errors_naming_them() {
    let ctx = Ctx::new();
    ctx.config(&format!("{METADATA_ROLE}Ec2InstanceMetadata\n"));
    let vars = [
        "CREDBROKER_STS_TIMEOUT",
        "CREDBROKER_LOCK_TIMEOUT",
        "CREDBROKER_PROCESS_TIMEOUT",
        "CREDBROKER_REFRESH_WINDOW",
        "CREDBROKER_MIN_TTL",
    ];
    let values = [
        "18446744073709551615",
        "9223372036854775807s",
        "99999999999999999999d",
        "367d",
    ];
    let mut failures = Vec::new();
    for var in vars {
        for value in values {
            let mut cmd = ctx.cmd(&["credential-process", "box"]);
            cmd.env(var, value)
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/");
            let run = Run::from(output(&mut cmd));
            if run.code != 3 || !run.stderr.contains(var) || run.stderr.contains("hit a bug") {
                failures.push(format!("{var}={value}: {run:?}"));
            }
        }
    }
    let config = ctx.path("credbroker.toml");
    std::fs::write(&config, "sts_timeout = 18446744073709551615\n").unwrap();
    let run = ctx.run_env(
        &["credential-process", "box"],
        &[("CREDBROKER_CONFIG", config.to_str().unwrap())],
    );
    if run.code != 3 || !run.stderr.contains("sts_timeout") {
        failures.push(format!("config.toml: {run:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A cache entry whose generation is the largest there is: a corrupt
/// entry (a miss with a warning, rewritten), never an overflow when the
/// refresh writes generation + 1.
#[test]
fn an_entry_at_the_last_generation_is_a_miss_and_is_rewritten() {
    let ctx = Ctx::with_chain();
    ctx.run(&["credential-process", "mid"]).assert_code(0);
    let (name, mut entry) = ctx.entry_of("mid");
    entry["generation"] = u64::MAX.into();
    std::fs::write(ctx.cache_dir().join(&name), entry.to_string()).unwrap();
    let run = ctx.run(&["credential-process", "mid"]);
    run.assert_code(0)
        .assert_stderr_has("ignoring the cache entry of mid")
        .assert_stderr_has("a generation out of range");
    assert_eq!(ctx.entry_of("mid").1["generation"], 1);
}
