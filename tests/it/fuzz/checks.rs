//! The properties every parser keeps, one function per parser: given any
//! bytes, it returns (no panic, no hang) either what it parsed, usable by
//! what comes next, or an error that is clear (a sentence, no control
//! character, no Rust `Debug`, bounded) and holds no secret of its input.
//! Each function panics when its parser breaks a property.
//!
//! The suite runs these over seeded mutations (`tests/it/fuzz/`), and the
//! coverage-guided fuzz targets (`fuzz/fuzz_targets/`, `scripts/fuzz`)
//! include this very file, so both check the same properties.

use std::path::Path;

use credbroker::answer::{Answer, Expect};
use credbroker::cache::Entry;
use credbroker::credentials::{self, Credentials, Window};
use credbroker::error::{FailureKind, quote};
use credbroker::kinds::sso::token;
use credbroker::link::Kind;
use credbroker::secret::Secret;
use credbroker::settings::Settings;

/// "Now" for every check: 2027-01-15, well inside the range of dates.
pub const NOW: i64 = 1_800_000_000;

/// The longest clear message, in characters (paths and names included).
const MAX_MESSAGE: usize = 1024;

/// The refresh window and floor of the checks: the defaults, and the
/// largest a setting allows.
const WINDOWS: [Window; 2] = [
    Window {
        refresh_window: 900,
        floor: 300,
    },
    Window {
        refresh_window: 366 * 86_400,
        floor: 366 * 86_400,
    },
];

/// JSON keys whose values are secrets, in every format checked here.
const SECRET_KEYS: &[&str] = &[
    "SecretAccessKey",
    "SessionToken",
    "Token",
    "accessToken",
    "refreshToken",
    "clientSecret",
    "secret_access_key",
    "session_token",
];

/// A message a person can act on: not empty, bounded, one line of text
/// without control characters or Rust `Debug`, and without any of
/// `secrets`. `what` names the parser in the panic (never the secret).
pub fn assert_clear(what: &str, message: &str, secrets: &[String]) {
    assert_clear_within(what, message, secrets, MAX_MESSAGE);
}

/// [`assert_clear`] for a message that may quote a whole value of the
/// input (the AWS files are the user's own, and their errors show the
/// value they are about): at most `max` characters.
pub fn assert_clear_within(what: &str, message: &str, secrets: &[String], max: usize) {
    assert!(!message.trim().is_empty(), "{what}: an empty message");
    assert!(
        message.chars().count() <= max,
        "{what}: a message of {} characters: {}",
        message.chars().count(),
        quote(message)
    );
    assert!(
        !message.chars().any(char::is_control),
        "{what}: a control character in {}",
        quote(message)
    );
    for debug in ["Some(", "None", "Ok(", "Err(", "Error {", " { ", "kind:"] {
        assert!(
            !message.contains(debug),
            "{what}: Rust Debug ({debug}) in {}",
            quote(message)
        );
    }
    for secret in secrets {
        assert!(
            !message.contains(secret.as_str()),
            "{what}: a message holds a secret of its input"
        );
    }
}

/// The secret values of a JSON input, less those that also stand in a
/// field that is not secret (a message may quote that field). Values
/// shorter than 4 characters are too common to look for.
pub fn json_secrets(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let (mut secret, mut public) = (Vec::new(), Vec::new());
    walk(&value, false, &mut secret, &mut public);
    secret.retain(|s: &String| s.chars().count() >= 4 && !public.iter().any(|p| p.contains(s)));
    secret
}

fn walk(
    value: &serde_json::Value,
    is_secret: bool,
    secret: &mut Vec<String>,
    public: &mut Vec<String>,
) {
    match value {
        serde_json::Value::String(s) if is_secret => secret.push(s.clone()),
        serde_json::Value::String(s) => public.push(s.clone()),
        serde_json::Value::Array(items) => {
            for item in items {
                walk(item, is_secret, secret, public);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                public.push(key.clone());
                walk(item, SECRET_KEYS.contains(&key.as_str()), secret, public);
            }
        }
        other => public.push(other.to_string()),
    }
}

/// Credentials that something validated: what the cache takes back
/// without a defect, valid at [`NOW`], and whose `Debug` shows no secret.
fn assert_usable(what: &str, creds: &Credentials) {
    assert_eq!(
        creds.defect(),
        None,
        "{what}: accepted credentials the cache would refuse"
    );
    if let Some(e) = creds.expiration {
        assert!(e > NOW, "{what}: accepted credentials that expired");
    }
    assert_redacted(what, creds);
}

/// `Debug` of `creds` is the same whatever their secrets: it shows none.
fn assert_redacted(what: &str, creds: &Credentials) {
    let placeholder = Credentials {
        secret_access_key: Secret::new("x"),
        session_token: creds.session_token.as_ref().map(|_| Secret::new("y")),
        ..creds.clone()
    };
    assert_eq!(
        format!("{creds:?}"),
        format!("{placeholder:?}"),
        "{what}: Debug shows a secret"
    );
}

/// What a `credential_process` prints (`kinds::process::parse_output`).
pub fn process_output(data: &[u8]) {
    const SOURCE: &str = "credential_process of profile `fuzz` (creds#0123abcd)";
    // The runner refuses output that is not UTF-8 before any parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match credbroker::kinds::process::parse_output(text, SOURCE, NOW) {
        Ok(creds) => assert_usable("process output", &creds),
        Err(f) => {
            assert_eq!(
                f.code,
                "InvalidAnswer",
                "process output: {}",
                quote(&f.code)
            );
            assert_eq!(f.kind, FailureKind::Permanent, "process output");
            assert!(
                f.message.starts_with(SOURCE),
                "process output: names the command"
            );
            assert_clear("process output", &f.message, &json_secrets(text));
        }
    }
}

/// An SSO token file (`kinds::sso::token::parse`), and what is decided
/// from it: its state at any time, its client registration, its rewrite.
pub fn sso_token(data: &[u8]) {
    let path = Path::new("/home/u/.aws/sso/cache/0123.json");
    // The runner refuses a file that is not UTF-8 before any parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let secrets = json_secrets(text);
    let found = token::parse(path, text);
    for window in WINDOWS {
        for now in [NOW, 0, credentials::LATEST] {
            if let token::State::Login(why) = token::judge(&found, window, now) {
                assert_clear("sso token", &why, &secrets);
            }
        }
    }
    match &found {
        token::Found::Bad(why) => assert_clear("sso token", why, &secrets),
        token::Found::Missing => panic!("sso token: text parsed as a missing file"),
        token::Found::Token(t) => {
            let _ = t.registration(NOW);
            let rewritten = token::to_json(t);
            let again = std::str::from_utf8(&rewritten).expect("a rewrite is UTF-8");
            match token::parse(path, again) {
                token::Found::Token(back) => {
                    assert_eq!(back.expires_at, t.expires_at, "sso token: rewrite");
                    assert_eq!(back.access_token, t.access_token, "sso token: rewrite");
                    assert_eq!(back.other, t.other, "sso token: unknown fields kept");
                }
                _ => panic!("sso token: its own rewrite does not parse"),
            }
        }
    }
}

/// A cache entry (`cache::Entry::decode`), and what the protocol computes
/// from one: freshness, floor, backoff, the next generation.
pub fn cache_entry(data: &[u8]) {
    // A file that is not UTF-8 is an I/O error naming it, before decoding.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let entry = match Entry::decode(text) {
        Err(why) => return assert_clear("cache entry", &why, &json_secrets(text)),
        Ok(entry) => entry,
    };
    assert!(
        entry.generation.checked_add(1).is_some(),
        "cache entry: accepted a generation that has no successor"
    );
    if let Some(creds) = &entry.credentials {
        for window in WINDOWS {
            let _ = credentials::freshness(creds, window.refresh_window, NOW);
            let _ = credentials::above_floor(creds.expiration, window.floor, NOW);
        }
        let _ = creds.remaining(NOW);
        assert_redacted("cache entry", creds);
    }
    if let Some(f) = &entry.failure {
        let _ = credentials::in_backoff(f.retry_after, NOW);
        let _ = credentials::backoff(f.consecutive);
    }
    let written = serde_json::to_string(&entry).expect("an entry serializes");
    assert_eq!(
        Entry::decode(&written).ok().as_ref(),
        Some(&entry),
        "cache entry: what is written back reads back the same"
    );
}

/// A memo of a resolved chain (`memo::parse`), and what a cache hit asks
/// of its link.
pub fn memo(data: &[u8]) {
    let Some((_fingerprint, memo)) = credbroker::memo::parse(data) else {
        return;
    };
    let chain = &memo.chain;
    let _ = (chain.describe(), chain.start_kind(), chain.parent_key(0));
    for hop in &chain.hops {
        let _ = (hop.label(), hop.role_arn());
        let call = &hop.call;
        let _ = (call.kind(), call.action(), call.target(), call.mfa());
        let _ = (call.needs_parent(), call.memoizable(), call.cached());
        for window in WINDOWS {
            let _ = call.status(window, NOW);
        }
        // The key names the link's files in the cache directory.
        assert!(
            hop.key.len() == 32 && hop.key.bytes().all(|b| b.is_ascii_hexdigit()),
            "memo: accepted a link key that is not a hash: {}",
            quote(&hop.key)
        );
    }
}

/// `config.toml` (`Settings::from_file_text`).
pub fn settings(data: &[u8]) {
    let path = Path::new("/home/u/.config/credbroker/config.toml");
    // A file that is not UTF-8 is an error naming it, before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Settings::from_file_text(path, text) {
        Err(e) => {
            assert_clear("settings", &e.to_string(), &[]);
            if let Some(hint) = e.hint() {
                assert_clear("settings hint", &hint, &[]);
            }
        }
        Ok(s) => {
            let max = credbroker::duration::MAX;
            for (name, d) in [
                ("refresh_window", s.refresh_window),
                ("min_ttl", s.min_ttl),
                ("lock_timeout", s.lock_timeout),
                ("sts_timeout", s.sts_timeout),
                ("process_timeout", s.process_timeout),
            ] {
                assert!(d <= max, "settings: {name} above the largest duration");
            }
            let _ = Window::new(s.refresh_window, s.min_ttl);
        }
    }
}

/// A batch input file, as `--accounts-file` and `--role-arns`
/// (`batch::targets::parse_accounts`, `parse_role_arns`), and the file
/// names made from its labels.
pub fn batch_input(data: &[u8]) {
    use credbroker::batch::targets;
    let path = Path::new("targets.txt");
    // A file that is not UTF-8 is an error naming it, before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count();
    let check_problems = |problems: &[targets::Problem]| {
        for p in problems {
            assert_clear("batch input", &p.message, &[]);
            let line = p
                .place
                .strip_prefix("targets.txt:")
                .map(str::parse::<usize>);
            match line {
                None => assert_eq!(p.place, "targets.txt", "batch input: a place"),
                Some(line) => assert!(
                    line.is_ok_and(|n| (1..=lines).contains(&n)),
                    "batch input: a place outside the file"
                ),
            }
        }
        assert!(
            problems.len() <= lines.max(1),
            "batch input: more problems than lines"
        );
    };
    let (accounts, problems) = targets::parse_accounts(text, path);
    check_problems(&problems);
    let mut labels = Vec::new();
    for (id, label) in &accounts {
        assert!(
            targets::account_id(id).is_ok(),
            "batch input: accepted a bad id"
        );
        labels.extend(label.clone());
    }
    let (roles, problems) = targets::parse_role_arns(text, path);
    check_problems(&problems);
    for role in &roles {
        assert_eq!(
            targets::role_arn(&role.role_arn).as_ref(),
            Ok(&role.account_id)
        );
        labels.push(targets::default_role_label(role));
        labels.extend(role.label.clone());
    }
    for label in &labels {
        let name = targets::file_name(label, ".env");
        assert!(
            !name.contains('/') && !name.starts_with('.') && name != ".env",
            "batch input: a label's file name climbs out: {}",
            quote(&name)
        );
    }
    let places: Vec<String> = (0..labels.len())
        .map(|i| format!("targets.txt:{}", i + 1))
        .collect();
    let clashes = targets::clashing_labels(
        labels
            .iter()
            .map(String::as_str)
            .zip(places.iter().map(String::as_str)),
    );
    for p in clashes {
        assert_clear("batch labels", &p.message, &[]);
    }
}

/// The values of the AWS files' secret keys, and the arguments of their
/// helper commands (which may hold tokens), less those that also stand
/// elsewhere in the text (and, for keys, in an argument: a chain's `Debug`
/// shows commands).
fn ini_secrets(texts: &[&str]) -> (Vec<String>, Vec<String>) {
    let (mut keys, mut args, mut public) = (Vec::new(), Vec::new(), Vec::new());
    for line in texts.iter().flat_map(|t| t.lines()) {
        let Some((key, value)) = line.split_once('=') else {
            public.push(line);
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "aws_secret_access_key" | "aws_session_token" => keys.push(value.to_string()),
            "credential_process" | "mfa_process" => {
                let mut words = value.split_whitespace();
                public.push(words.next().unwrap_or_default());
                args.extend(words.map(str::to_string));
            }
            _ => public.push(line),
        }
    }
    let elsewhere = |s: &String, texts: &[&str]| texts.iter().any(|p| p.contains(s.as_str()));
    args.retain(|s| s.chars().count() >= 6 && !elsewhere(s, &public));
    let arg_texts: Vec<&str> = args.iter().map(String::as_str).collect();
    keys.retain(|s| s.chars().count() >= 6 && !elsewhere(s, &public) && !elsewhere(s, &arg_texts));
    (keys, args)
}

/// The AWS config and credentials files through the SDK's parser
/// (`profile::decode`, `profile::parse`), then every profile they name
/// resolved into a chain (`chain::resolve`). The input is the config
/// file, then optionally `\n----\n` and the credentials file.
pub fn aws_files(data: &[u8]) {
    use credbroker::{chain, profile};
    let (config, credentials) = match data.windows(6).position(|w| w == b"\n----\n") {
        Some(at) => (&data[..at], Some(&data[at + 6..])),
        None => (data, None),
    };
    let config_path = Path::new("/home/u/.aws/config");
    let credentials_path = Path::new("/home/u/.aws/credentials");
    let decode = |path: &Path, bytes: &[u8]| match profile::decode(path, bytes.to_vec()) {
        Ok(text) => Some(text),
        Err(e) => {
            assert_clear("aws files", &e.to_string(), &[]);
            None
        }
    };
    let Some(config) = decode(config_path, config) else {
        return;
    };
    let credentials = match credentials {
        None => None,
        Some(bytes) => match decode(credentials_path, bytes) {
            None => return,
            some => some,
        },
    };
    let (keys, args) = ini_secrets(&[&config, credentials.as_deref().unwrap_or_default()]);
    let secrets: Vec<String> = keys.iter().chain(&args).cloned().collect();
    let profiles = match profile::parse(
        Some(&config),
        credentials.as_deref(),
        config_path.to_path_buf(),
        credentials_path.to_path_buf(),
    ) {
        Ok(p) => p,
        Err(e) => {
            return assert_clear_within(
                "aws files",
                &e.to_string(),
                &secrets,
                MAX_MESSAGE + 2 * data.len(),
            );
        }
    };
    // A message may show a value or name in full, twice (a cycle: every
    // name on it), never more than the files hold.
    let max = MAX_MESSAGE + 2 * data.len();
    let clear = |what: &str, message: &str| assert_clear_within(what, message, &secrets, max);
    let env = chain::EnvSnapshot::default();
    let mut names: Vec<&str> = profiles.names().take(16).collect();
    names.push("fuzz-no-such-profile");
    for name in names {
        match chain::resolve(&profiles, name, &env) {
            Err(e) => {
                clear("profile resolution", &e.to_string());
                if let Some(hint) = e.hint() {
                    clear("profile resolution hint", &hint);
                }
            }
            Ok(chain) => {
                clear("a chain", &chain.describe());
                let debug = format!("{chain:?}");
                assert!(
                    !keys.iter().any(|s| debug.contains(s.as_str())),
                    "profile resolution: a chain's Debug shows a secret"
                );
                for hop in &chain.hops {
                    clear("a link's label", &hop.label());
                }
            }
        }
    }
    for ignored in &profiles.ignored {
        clear(
            "an ignored section",
            &profile::ignored_error(ignored).to_string(),
        );
    }
}

/// An answer's credentials (`answer::Answer::validate`), as any source
/// hands them over: the first byte says which fields are present, then
/// the key id, secret and token separated by `0xff`, then the expiration
/// as 8 little-endian bytes.
pub fn answer(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(4, |b| *b == 0xff);
    let mut field = |bit: u8| {
        let part = parts.next().unwrap_or_default();
        (flags & bit != 0).then(|| String::from_utf8_lossy(part).into_owned())
    };
    let (access_key_id, secret_access_key, session_token) = (field(1), field(2), field(4));
    let expiration = parts.next().filter(|_| flags & 8 != 0).map(|b| {
        let mut bytes = [0u8; 8];
        let n = b.len().min(8);
        bytes[..n].copy_from_slice(&b[..n]);
        i64::from_le_bytes(bytes)
    });
    let expect = match flags & 16 {
        0 => Expect::Temporary,
        _ => Expect::KeysAtLeast,
    };
    let secrets: Vec<String> = [&secret_access_key, &session_token]
        .into_iter()
        .flatten()
        .filter(|s| {
            s.chars().count() >= 4 && !access_key_id.as_deref().unwrap_or("").contains(s.as_str())
        })
        .cloned()
        .collect();
    let answer = Answer {
        access_key_id,
        secret_access_key,
        session_token,
        expiration,
    };
    const SOURCE: &str = "an unexpected answer from STS AssumeRole at https://sts.amazonaws.com";
    match answer.validate(expect, NOW, SOURCE) {
        Ok(creds) => assert_usable("answer", &creds),
        Err(f) => {
            assert_eq!(f.code, "InvalidAnswer", "answer");
            assert!(f.message.starts_with(SOURCE), "answer: names the source");
            assert_clear("answer", &f.message, &secrets);
        }
    }
}
