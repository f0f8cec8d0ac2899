//! The one way out to the world: every exchange with something credbroker
//! did not write goes through here. AWS endpoints ([`aws`]: deadline,
//! notice, retry policy, classification, clock check), helper processes
//! ([`process`]: deadline, notice, the whole process group killed on a
//! deadline or a signal), files another program put in place ([`file`]:
//! opened without blocking, regular files only), aws-config's providers
//! ([`provider`]: deadline, a panic inside them contained), MFA codes
//! ([`mfa_code`]), the console's sign-in federation endpoint ([`signin`]:
//! the SDK's HTTP client, with the AWS calls' deadline, notice, attempts,
//! classification and scrubbing) and the user's terminal ([`terminal`]:
//! given up for good by a process that answers requests) and the keyring
//! backends ([`keyring`]: a thread of their own, deadline, notice, panic
//! contained).
//!
//! What every exchange shares lives here: its [`Limits`] (deadline, when
//! to say it is slow, attempts), the notice on stderr ([`notice`]), the
//! one scrubber of secrets in messages ([`scrub`]), and the encoding of a
//! URL's query values ([`url_encode`]).

pub mod aws;
pub mod file;
pub mod keyring;
pub mod mfa_code;
pub mod process;
pub mod provider;
pub mod signin;
pub mod terminal;

use std::time::Duration;

use crate::error::CallFailure;

/// After this long, say on stderr what the call waits for.
pub const NOTICE_AFTER: Duration = Duration::from_secs(2);

/// The deadline of one exchange (an AWS call with all its attempts, or a
/// helper process), when to say it is slow, and how many attempts an AWS
/// call gets.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub deadline: Duration,
    pub notice_after: Duration,
    /// Attempts of an AWS call (`sts_max_attempts`), for every endpoint;
    /// see [`aws::retry`].
    pub attempts: u32,
}

impl Limits {
    /// The notice comes after [`NOTICE_AFTER`], or halfway to a shorter
    /// deadline, so that it always comes before the timeout. One attempt.
    pub fn new(deadline: Duration) -> Self {
        Self {
            deadline,
            notice_after: NOTICE_AFTER.min(deadline / 2),
            attempts: 1,
        }
    }

    /// The same limits with `attempts` attempts per AWS call (at least one).
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }
}

type NoticeSink = Box<dyn Fn(&str) + Send + Sync>;

static NOTICES: std::sync::OnceLock<NoticeSink> = std::sync::OnceLock::new();

/// Send slow-call notices (whole `notice: ...` lines) to `sink`, the CLI's
/// reporter, which prints them above a progress bar, instead of straight to
/// stderr. The first call wins.
pub fn route_notices(sink: impl Fn(&str) + Send + Sync + 'static) {
    let _ = NOTICES.set(Box::new(sink));
}

/// Say what an exchange waits for, once per process: a batch of a thousand
/// slow calls to the same endpoint needs one line, not a thousand.
pub fn notice(text: &str) {
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if said.iter().any(|s| s == text) {
        return;
    }
    said.push(text.to_string());
    drop(said);
    let line = format!("notice: {text}");
    match NOTICES.get() {
        Some(sink) => sink(&line),
        None => {
            crate::report::line(&line);
        }
    }
}

/// `work`, with a notice on stderr (`waiting for <what>`) when it takes
/// longer than `limits.notice_after`.
pub async fn with_notice<T>(limits: &Limits, what: &str, work: impl Future<Output = T>) -> T {
    let mut work = std::pin::pin!(work);
    tokio::select! {
        out = &mut work => out,
        () = tokio::time::sleep(limits.notice_after) => {
            notice(&format!("waiting for {what}"));
            work.await
        }
    }
}

/// `text` as a URL query value: every byte but RFC 3986's unreserved
/// characters percent-encoded (as Go's `url.QueryEscape` and Python's
/// `quote_plus` do, for text without spaces).
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Secrets shorter than this are replaced only where they stand alone (not
/// inside a longer run of letters and digits): a six-digit MFA code must
/// not mangle the account id `123456789012` that happens to contain it.
/// Longer ones (keys, tokens) are replaced wherever they appear.
const SHORT_SECRET: usize = 16;

/// The longest message kept: an endpoint's error page is not a message.
const MAX_MESSAGE: usize = 500;

/// The one scrubber: every failure message that may hold what was sent
/// (an endpoint echoing the request, a helper's complaint) passes through
/// here before it is stored or printed. Replaces exactly the given secret
/// values (never a pattern, so nothing else is mangled) with `REDACTED`,
/// and cuts a long message short.
pub fn scrub(mut failure: CallFailure, secrets: &[&str]) -> CallFailure {
    let mut secrets: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
    // Longest first: a secret that contains another goes whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in secrets {
        failure.message = replace_exact(&failure.message, secret);
    }
    if failure.message.len() > MAX_MESSAGE {
        let cut = (0..=MAX_MESSAGE)
            .rev()
            .find(|i| failure.message.is_char_boundary(*i))
            .unwrap_or(0);
        failure.message.truncate(cut);
        failure.message.push('…');
    }
    failure
}

/// `text` with every occurrence of `secret` replaced (a short secret only
/// where no letter or digit touches it).
fn replace_exact(text: &str, secret: &str) -> String {
    if secret.len() >= SHORT_SECRET {
        return text.replace(secret, "REDACTED");
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(secret) {
        let (before, after) = (&rest[..at], &rest[at + secret.len()..]);
        out.push_str(before);
        let touches = word(before.chars().next_back())
            || word(out.chars().next_back().filter(|_| before.is_empty()))
            || word(after.chars().next());
        out.push_str(if touches { secret } else { "REDACTED" });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FailureKind;

    fn scrubbed(message: &str, secrets: &[&str]) -> String {
        let failure = CallFailure {
            kind: FailureKind::Permanent,
            code: "Code".into(),
            message: message.into(),
        };
        scrub(failure, secrets).message
    }

    #[test]
    fn only_the_exact_secrets_are_replaced() {
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let cases: &[(&str, &[&str], &str)] = &[
            // Long secrets, wherever they are.
            (
                &format!("signature of {key} does not match"),
                &[key],
                "signature of REDACTED does not match",
            ),
            (&format!("x{key}y"), &[key], "xREDACTEDy"),
            // An MFA code standing alone goes; inside an account id or an
            // ARN it is not the code.
            (
                "code 123456 refused for arn:aws:iam::111123456789:role/r",
                &["123456"],
                "code REDACTED refused for arn:aws:iam::111123456789:role/r",
            ),
            ("123456", &["123456"], "REDACTED"),
            ("(123456)a123456", &["123456"], "(REDACTED)a123456"),
            ("1234561234567", &["123456"], "1234561234567"),
            // Nothing to replace, and empty secrets are no secrets.
            ("AccessDenied", &["", "654321"], "AccessDenied"),
            // Several, the longer first.
            (
                &format!("{key} and {}", &key[..20]),
                &[&key[..20], key],
                "REDACTED and REDACTED",
            ),
        ];
        for (message, secrets, want) in cases {
            assert_eq!(scrubbed(message, secrets), *want, "{message}");
        }
    }

    #[test]
    fn long_messages_are_cut_on_a_character() {
        let long = "é".repeat(400);
        let out = scrubbed(&long, &[]);
        assert!(out.len() <= MAX_MESSAGE + '…'.len_utf8(), "{}", out.len());
        assert!(out.ends_with('…'));
    }

    #[test]
    fn notice_comes_before_the_deadline() {
        assert_eq!(
            Limits::new(Duration::from_secs(30)).notice_after,
            NOTICE_AFTER
        );
        assert_eq!(
            Limits::new(Duration::from_secs(2)).notice_after,
            Duration::from_secs(1)
        );
        assert_eq!(Limits::new(Duration::from_secs(2)).attempts, 1);
        assert_eq!(
            Limits::new(Duration::from_secs(2))
                .with_attempts(0)
                .attempts,
            1
        );
    }
}
