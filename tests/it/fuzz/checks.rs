//! The properties every parser keeps, one function per parser: given any
//! bytes, it returns (no panic, no hang) either what it parsed, usable by
//! what comes next, or an error that is clear (a sentence on one line, no
//! control character, no Rust `Debug`, bounded) and that does not depend
//! on the secrets of its input: the same input with every secret value
//! changed (same length and shape, other letters and digits) gives the
//! same messages, labels and `Debug` output. Each function panics when its
//! parser breaks a property.
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
    "secretAccessKey",
    "sessionToken",
    "idToken",
    "dpopKey",
];

/// A message a person can act on: not empty, at most [`MAX_MESSAGE`]
/// characters, one line without control characters or Rust `Debug`
/// (`Some(`, ` { `, ...: unless the `input` holds that text itself, which
/// the message may quote). `what` names the parser in the panic.
pub fn assert_clear(what: &str, message: &str, input: &[u8]) {
    assert_clear_within(what, message, input, MAX_MESSAGE);
}

/// [`assert_clear`] for a message that may quote a whole value of the
/// input (the AWS files are the user's own, and their errors show the
/// value they are about): at most `max` characters.
pub fn assert_clear_within(what: &str, message: &str, input: &[u8], max: usize) {
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
        let quoted = || input.windows(debug.len()).any(|w| w == debug.as_bytes());
        assert!(
            !message.contains(debug) || quoted(),
            "{what}: Rust Debug ({debug}) in {}",
            quote(message)
        );
    }
}

/// `secret` with its letters and digits rotated (`a`→`n`, `0`→`5`):
/// another value of the same length and shape.
fn rotate(secret: &str) -> String {
    secret
        .chars()
        .map(|c| match c {
            'a'..='z' => (b'a' + (c as u8 - b'a' + 13) % 26) as char,
            'A'..='Z' => (b'A' + (c as u8 - b'A' + 13) % 26) as char,
            '0'..='9' => (b'0' + (c as u8 - b'0' + 5) % 10) as char,
            other => other,
        })
        .collect()
}

/// What a person sees of `text` (`observe`: messages, labels, `Debug`)
/// does not change when each of `secrets` is changed where it stands in
/// `text`.
fn assert_secrets_unseen(
    what: &str,
    text: &str,
    secrets: &[String],
    observe: impl Fn(&str) -> Vec<String>,
) {
    if secrets.is_empty() {
        return;
    }
    let other = rotated(text, secrets);
    if other == text {
        return;
    }
    // Never print what was seen: it is what may hold the secret.
    assert!(
        observe(text) == observe(&other),
        "{what}: what is shown depends on a secret of the input"
    );
}

/// The secret values of a JSON input that can be changed in its text
/// alone: each stands only as whole string literals (no escape in it), in
/// no other value or key, and holds a letter or digit.
pub fn json_secrets(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let (mut secret, mut public) = (Vec::new(), Vec::new());
    walk(&value, false, &mut secret, &mut public);
    secret.retain(|s: &String| {
        let literal = format!("\"{s}\"");
        s.chars().any(|c| c.is_ascii_alphanumeric())
            && text.matches(s.as_str()).count() == text.matches(literal.as_str()).count()
            && !public.iter().any(|p| p.contains(s.as_str()))
    });
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
/// without a defect, and valid at [`NOW`].
fn assert_usable(what: &str, creds: &Credentials) {
    assert_eq!(
        creds.defect(),
        None,
        "{what}: accepted credentials the cache would refuse"
    );
    if let Some(e) = creds.expiration {
        assert!(e > NOW, "{what}: accepted credentials that expired");
    }
}

/// What a `credential_process` prints (`kinds::process::parse_output`).
pub fn process_output(data: &[u8]) {
    const SOURCE: &str = "credential_process of profile `fuzz` (creds#0123abcd)";
    // The runner refuses output that is not UTF-8 before any parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parse = |text: &str| credbroker::kinds::process::parse_output(text, SOURCE, NOW);
    match parse(text) {
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
            assert_clear("process output", &f.message, data);
        }
    }
    assert_secrets_unseen("process output", text, &json_secrets(text), |t| {
        vec![match parse(t) {
            Ok(creds) => format!("{creds:?}"),
            Err(f) => f.message,
        }]
    });
}

/// What a person is told about an SSO token file: why it is unusable, or
/// what to do with it at several times and windows.
fn token_messages(path: &Path, text: &str) -> Vec<String> {
    let found = token::parse(path, text);
    let mut out = Vec::new();
    if let token::Found::Bad(why) = &found {
        out.push(why.clone());
    }
    for window in WINDOWS {
        for now in [NOW, 0, credentials::LATEST] {
            if let token::State::Login(why) = token::judge(&found, window, now) {
                out.push(why);
            }
        }
    }
    out
}

/// An SSO token file (`kinds::sso::token::parse`), and what is decided
/// from it: its state at any time, its client registration, its rewrite.
pub fn sso_token(data: &[u8]) {
    let path = Path::new("/home/u/.aws/sso/cache/0123.json");
    // The runner refuses a file that is not UTF-8 before any parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for message in token_messages(path, text) {
        assert_clear("sso token", &message, data);
    }
    assert_secrets_unseen("sso token", text, &json_secrets(text), |t| {
        token_messages(path, t)
    });
    match token::parse(path, text) {
        token::Found::Bad(_) => {}
        token::Found::Missing => panic!("sso token: text parsed as a missing file"),
        token::Found::Token(t) => {
            let _ = t.registration(NOW);
            let rewritten = token::to_json(&t);
            let again = std::str::from_utf8(&rewritten).expect("a rewrite is UTF-8");
            match token::parse(path, again) {
                // Compared without printing: the fields may hold secrets.
                token::Found::Token(back) => {
                    assert!(back.expires_at == t.expires_at, "sso token: rewrite");
                    assert!(back.access_token == t.access_token, "sso token: rewrite");
                    assert!(back.other == t.other, "sso token: unknown fields kept");
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
    assert_secrets_unseen("cache entry", text, &json_secrets(text), |t| {
        vec![match Entry::decode(t) {
            Ok(entry) => format!("{entry:?}"),
            Err(why) => why,
        }]
    });
    let entry = match Entry::decode(text) {
        Err(why) => return assert_clear("cache entry", &why, data),
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
    let Some(parsed) = credbroker::memo::parse(data) else {
        return;
    };
    for file in &parsed.sign_ins {
        let _ = credbroker::link::signed_out(file);
    }
    let chain = &parsed.memo.chain;
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
            assert_clear("settings", &e.to_string(), data);
            if let Some(hint) = e.hint() {
                assert_clear("settings hint", &hint, data);
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
            assert_clear("batch input", &p.message, data);
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
        assert_clear("batch labels", &p.message, data);
    }
}

/// The values of the AWS files' secret keys, and the arguments of their
/// helper commands (which may hold tokens): each that can be changed in
/// the text alone (it stands in no other line, a key in no command, and
/// it holds a letter or digit).
fn ini_secrets(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut keys, mut args, mut public) = (Vec::new(), Vec::new(), Vec::new());
    let (mut commands, mut programs) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            public.push(line);
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "aws_secret_access_key" | "aws_session_token" => {
                public.push(key);
                keys.push(value.to_string());
            }
            "credential_process" | "mfa_process" => {
                public.push(key);
                commands.push(value);
                // Words as the command is split (quotes group them): the
                // program is shown (its name, in labels), the rest never.
                match credbroker::runner::process::split_command(value) {
                    Some(words) => {
                        programs.push(words[0].clone());
                        args.extend(words.into_iter().skip(1));
                    }
                    None => public.push(value),
                }
            }
            // The whole line: a secret may also span a key and its value.
            _ => public.push(line),
        }
    }
    let changeable = |s: &String| {
        s.chars().any(|c| c.is_ascii_alphanumeric())
            && !public.iter().any(|p| p.contains(s.as_str()))
            && !programs.iter().any(|p: &String| p.contains(s.as_str()))
    };
    keys.retain(|k| changeable(k) && !commands.iter().any(|c| c.contains(k.as_str())));
    args.retain(changeable);
    (keys, args)
}

/// What a person sees of the AWS files `config` and `credentials`: the
/// parse's error, or each profile's resolution error (and hint) or chain
/// and labels; then each chain's `Debug`, which no person sees but which
/// must not hold a key either.
struct Shown {
    seen: Vec<String>,
    debug: Vec<String>,
}

fn aws_files_shown(config: &str, credentials: Option<&str>) -> Shown {
    use credbroker::{chain, profile};
    let profiles = match profile::parse(
        Some(config),
        credentials,
        "/home/u/.aws/config".into(),
        "/home/u/.aws/credentials".into(),
    ) {
        Ok(p) => p,
        Err(e) => {
            return Shown {
                seen: vec![e.to_string()],
                debug: Vec::new(),
            };
        }
    };
    let mut seen: Vec<String> = profiles
        .ignored
        .iter()
        .map(|i| profile::ignored_error(i).to_string())
        .collect();
    let mut debug = Vec::new();
    let env = chain::EnvSnapshot::default();
    let mut names: Vec<&str> = profiles.names().take(16).collect();
    names.push("fuzz-no-such-profile");
    for name in names {
        match chain::resolve(&profiles, name, &env) {
            Err(e) => {
                seen.push(e.to_string());
                seen.extend(e.hint());
            }
            Ok(chain) => {
                seen.push(chain.describe());
                seen.extend(chain.hops.iter().map(|h| h.label()));
                debug.push(format!("{chain:?}"));
            }
        }
    }
    Shown { seen, debug }
}

/// `text` with each of `secrets` changed (see [`rotate`]).
fn rotated(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), &rotate(s)))
}

/// The AWS config and credentials files through the SDK's parser
/// (`profile::decode`, `profile::parse`), then every profile they name
/// resolved into a chain (`chain::resolve`). The input is the config
/// file, then optionally `\n----\n` and the credentials file.
pub fn aws_files(data: &[u8]) {
    use credbroker::profile;
    let (config, credentials) = match data.windows(6).position(|w| w == b"\n----\n") {
        Some(at) => (&data[..at], Some(&data[at + 6..])),
        None => (data, None),
    };
    // A message may show a value or a name in full, or several names (a
    // cycle), never more than the files hold.
    let max = MAX_MESSAGE + 2 * data.len();
    let decode = |path: &str, bytes: &[u8]| match profile::decode(Path::new(path), bytes.to_vec()) {
        Ok(text) => Some(text),
        Err(e) => {
            assert_clear("aws files", &e.to_string(), data);
            None
        }
    };
    let Some(config) = decode("/home/u/.aws/config", config) else {
        return;
    };
    let credentials = match credentials {
        None => None,
        Some(bytes) => match decode("/home/u/.aws/credentials", bytes) {
            None => return,
            some => some,
        },
    };
    let shown = aws_files_shown(&config, credentials.as_deref());
    for seen in &shown.seen {
        assert_clear_within("aws files", seen, data, max);
    }
    // Both files as one text, so that a secret is changed in both.
    let both = format!("{config}\n----\n{}", credentials.as_deref().unwrap_or(""));
    let (keys, args) = ini_secrets(&both);
    let shown_in = |text: &str| {
        let (config, rest) = text.split_once("\n----\n").expect("the separator stays");
        aws_files_shown(config, credentials.is_some().then_some(rest))
    };
    // Keys and tokens: in no message, label, nor a chain's Debug.
    if !keys.is_empty() {
        let other = shown_in(&rotated(&both, &keys));
        assert!(
            other.seen == shown.seen && other.debug == shown.debug,
            "aws files: what is shown depends on a key of the input"
        );
    }
    // A helper's arguments: in no message nor label (a chain's Debug holds
    // its command, and so does its cache key; a label shows a hash of the
    // command line, which changes with them).
    if !args.is_empty() {
        let blank = |seen: &[String]| seen.iter().map(|s| without_hashes(s)).collect::<Vec<_>>();
        let other = shown_in(&rotated(&both, &args));
        assert!(
            blank(&other.seen) == blank(&shown.seen),
            "aws files: what is shown depends on a helper's argument"
        );
    }
}

/// `text` with the command hash of each label (`program#0123abcd`) blanked.
fn without_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let hex = rest.bytes().take(8).filter(u8::is_ascii_hexdigit).count();
        if hex == 8 {
            out.push_str("HASH");
            rest = &rest[8..];
        }
    }
    out.push_str(rest);
    out
}

/// An answer's credentials (`answer::Answer::validate`), as any source
/// hands them over: the first byte says which fields are present, then
/// the key id, secret and token separated by `0xff`, then the expiration
/// as 8 little-endian bytes.
pub fn answer(data: &[u8]) {
    const SOURCE: &str = "an unexpected answer from STS AssumeRole at https://sts.amazonaws.com";
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(4, |b| *b == 0xff);
    let mut field = |bit: u8| {
        let part = parts.next().unwrap_or_default();
        (flags & bit != 0).then(|| String::from_utf8_lossy(part).into_owned())
    };
    let (access_key_id, secret, token) = (field(1), field(2), field(4));
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
    let validate = |secret: Option<String>, token: Option<String>| {
        Answer {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret,
            session_token: token,
            expiration,
        }
        .validate(expect, NOW, SOURCE)
    };
    let shown = |outcome: Result<Credentials, credbroker::error::CallFailure>| match outcome {
        Ok(creds) => format!("{creds:?}"),
        Err(f) => f.message,
    };
    match validate(secret.clone(), token.clone()) {
        Ok(creds) => assert_usable("answer", &creds),
        Err(f) => {
            assert_eq!(f.code, "InvalidAnswer", "answer");
            assert!(f.message.starts_with(SOURCE), "answer: names the source");
            assert_clear("answer", &f.message, data);
        }
    }
    let other = |v: &Option<String>| v.as_deref().map(rotate);
    assert!(
        shown(validate(secret.clone(), token.clone()))
            == shown(validate(other(&secret), other(&token))),
        "answer: what is shown depends on a secret"
    );
}

/// What `eks-token` and `eks-kubeconfig` read: `KUBERNETES_EXEC_INFO` (the
/// first line of the input, `output::kube::exec_api_version`) and an
/// existing kubeconfig (the rest, `output::kube::merge`), which must merge
/// into YAML that merges again to the same text.
pub fn kube(data: &[u8]) {
    use credbroker::output::kube;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (info, existing) = text.split_once('\n').unwrap_or((text, ""));
    let (version, warning) = kube::exec_api_version(Some(info));
    assert!(
        version.starts_with("client.authentication.k8s.io/"),
        "kube: {version}"
    );
    if let Some(warning) = warning {
        assert_clear("KUBERNETES_EXEC_INFO", &warning, data);
    }
    let entries = kube::Entries {
        name: "arn:aws:eks:eu-west-1:111111111111:cluster/fuzz".into(),
        command: "credbroker".into(),
        args: vec!["eks-token".into(), "--cluster-name".into(), "fuzz".into()],
        server: Some("https://fuzz.eks.amazonaws.com".into()),
        certificate_authority_data: Some("LS0tLS1CRUdJTg==".into()),
    };
    match kube::merge(existing, &entries) {
        Err(why) => assert_clear("kubeconfig", &why, data),
        Ok(merged) => {
            let again = kube::merge(&merged, &entries).expect("a merged kubeconfig merges again");
            assert_eq!(again, merged, "kubeconfig: merging twice changes it");
        }
    }
}

/// `sso populate` (`kinds::sso::populate::plan`) over an AWS config file
/// (the input after its first line) and the accounts a portal lists (the
/// first line: account names and role names, `name:role` separated by
/// `|`, as outside text): an error that is clear, or a file the SDK's
/// parser still reads (when it read the original) and that a second run
/// leaves as it is.
pub fn sso_populate(data: &[u8]) {
    use credbroker::kinds::sso::accounts::Account;
    use credbroker::kinds::sso::populate;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (listing, config) = text.split_once('\n').unwrap_or((text, ""));
    let listed: Vec<Account> = listing
        .split('|')
        .take(8)
        .enumerate()
        .map(|(i, entry)| {
            let (name, role) = entry.split_once(':').unwrap_or((entry, "ReadOnly"));
            Account {
                account_id: format!("{:012}", 100_000_000_000u64 + i as u64),
                account_name: name.to_string(),
                email: format!("{i}@example.com"),
                roles: vec![role.to_string()],
            }
        })
        .collect();
    let request = populate::Request {
        session: "corp",
        template: populate::DEFAULT_TEMPLATE,
        region: "eu-west-1",
        prune: data.len().is_multiple_of(2),
    };
    let plan = match populate::plan(config, &listed, &request) {
        Err(why) => return assert_clear("sso populate", &why, data),
        Ok(plan) => plan,
    };
    let parse = |text: &str| {
        credbroker::profile::parse(Some(text), None, "/home/u/.aws/config".into(), "/k".into())
    };
    if parse(config).is_ok()
        && let Err(e) = parse(&plan.text)
    {
        panic!(
            "sso populate: wrote a file the SDK's parser refuses: {}",
            quote(&e.to_string())
        );
    }
    let again =
        populate::plan(&plan.text, &listed, &request).expect("a populated file populates again");
    assert!(
        again.text == plan.text,
        "sso populate: a second run changes the file"
    );
}

/// What a person is told about an `aws login` token file.
fn login_messages(path: &Path, text: &str) -> Vec<String> {
    use credbroker::kinds::login::token;
    let found = token::parse(path, text);
    let mut out = Vec::new();
    match &found {
        token::Found::Bad(why) => out.push(why.clone()),
        token::Found::Token(t) => out.push(match token::credentials(t, path) {
            Ok(creds) => format!("{creds:?}"),
            Err(f) => f.message,
        }),
        token::Found::Missing => {}
    }
    for window in WINDOWS {
        for now in [NOW, 0, credentials::LATEST] {
            if let token::State::Login(why) = token::judge(&found, window, now) {
                out.push(why);
            }
        }
    }
    out
}

/// The token file `aws login` writes (`kinds::login::token::parse`), and
/// what is decided from it: its state at any time, its credentials (as
/// every answer is validated), its rewrite.
pub fn login_token(data: &[u8]) {
    use credbroker::kinds::login::token;
    let path = Path::new("/home/u/.aws/login/cache/0123.json");
    // The runner refuses a file that is not UTF-8 before any parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let messages = login_messages(path, text);
    for message in messages.iter().filter(|m| !m.starts_with("Credentials {")) {
        assert_clear("login token", message, data);
    }
    assert_secrets_unseen("login token", text, &json_secrets(text), |t| {
        login_messages(path, t)
    });
    if let token::Found::Token(t) = token::parse(path, text) {
        if let Ok(creds) = token::credentials(&t, path) {
            assert_eq!(
                creds.defect(),
                None,
                "login token: credentials the cache would refuse"
            );
        }
        let rewritten = token::to_json(&t);
        let again = std::str::from_utf8(&rewritten).expect("a rewrite is UTF-8");
        match token::parse(path, again) {
            // Compared without printing: the fields may hold secrets.
            token::Found::Token(back) => {
                assert!(back.access_token.expires_at == t.access_token.expires_at);
                assert!(back.other == t.other, "login token: unknown fields kept");
            }
            _ => panic!("login token: its own rewrite does not parse"),
        }
    }
}
