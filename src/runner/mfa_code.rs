//! The one place an MFA code is read: `--mfa-token` or
//! `CREDBROKER_MFA_TOKEN` (one value, good for one call, resolved with the
//! other settings), then the profile's `mfa_process`, then the terminal
//! (`/dev/tty`).
//!
//! Invariants: a code is read only by the refresh of a link that sends it,
//! so with that link's lock held (one prompt for every waiting process); a
//! code given by flag or variable is used for one call; the code never
//! reaches a message.

use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use super::Limits;
use super::process::Helper;
use crate::error::{CallFailure, FailureKind};
use crate::secret::Secret;

/// The failure code of "no way to read a code"; the broker turns it into
/// [`crate::error::Error::NoMfaCode`].
pub const NO_CODE: &str = "NoMfaCode";

/// How a link gets its MFA code: the device's serial and the profile's
/// `mfa_process`, if any.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mfa {
    pub serial: String,
    pub process: Option<String>,
    /// The profile that sets them (for messages: the MFA session link is
    /// named after the profile of the keys, which may not be this one).
    #[serde(default)]
    pub profile: String,
}

/// Where codes come from in this process: `--mfa-token` or
/// `CREDBROKER_MFA_TOKEN` (one value, good for one call), then the
/// profile's `mfa_process`, then the terminal.
#[derive(Default)]
pub struct Codes {
    given: Option<Secret>,
    used: AtomicBool,
    /// One reader at a time in this process (a batch with several MFA
    /// devices): two prompts on one terminal would mix.
    reading: tokio::sync::Mutex<()>,
    /// `--mfa-duration`, over the profile's `mfa_session_duration`.
    pub duration: Option<i32>,
}

impl Codes {
    /// `given`: the code of `--mfa-token` or `CREDBROKER_MFA_TOKEN`, as
    /// the settings resolved it (`Settings::mfa_token`).
    pub fn new(given: Option<Secret>, duration: Option<i32>) -> Self {
        Self {
            given,
            used: AtomicBool::new(false),
            reading: tokio::sync::Mutex::new(()),
            duration,
        }
    }

    /// A code for `mfa`, read for `profile`. Call with the link's lock held.
    /// `helpers`: the deadline of an `mfa_process`.
    pub async fn read(
        &self,
        profile: &str,
        mfa: &Mfa,
        helpers: &Limits,
    ) -> Result<Secret, CallFailure> {
        if let Some(code) = &self.given
            && !self.used.swap(true, Ordering::SeqCst)
        {
            return Ok(code.clone());
        }
        let spent = self.given.is_some();
        let _one_at_a_time = self.reading.lock().await;
        if let Some(command) = &mfa.process {
            let helper = Helper {
                setting: "mfa_process",
                profile: if mfa.profile.is_empty() {
                    profile
                } else {
                    &mfa.profile
                },
                command,
                env: Vec::new(),
            };
            let printed = super::process::run(&helper, helpers).await?;
            return code_in(&printed).ok_or_else(|| CallFailure {
                kind: FailureKind::Permanent,
                code: crate::error::NOT_AN_MFA_CODE.into(),
                // Never what it printed: it may be anything.
                message: format!(
                    "{} printed no 6-digit code on its first line for MFA device {}",
                    helper.describe(),
                    mfa.serial
                ),
            });
        }
        let prompt = format!("MFA code for {} (profile {profile}): ", mfa.serial);
        let serial = mfa.serial.clone();
        let profile = profile.to_string();
        super::process::blocking(move || match prompt_tty(&prompt) {
            Some(line) => non_empty(
                line,
                &format!("no code was entered for MFA device {serial} (profile `{profile}`)"),
            ),
            None => Err(no_code(&profile, &serial, spent)),
        })
        .await
    }
}

/// The code in what a helper printed: its first line, trimmed, when that is
/// exactly six digits (what every MFA device shows).
fn code_in(printed: &str) -> Option<Secret> {
    let line = printed.lines().next().unwrap_or_default().trim();
    (line.len() == 6 && line.bytes().all(|b| b.is_ascii_digit())).then(|| Secret::new(line))
}

fn non_empty(text: String, what: &str) -> Result<Secret, CallFailure> {
    match text.trim() {
        "" => Err(CallFailure {
            kind: FailureKind::Permanent,
            code: NO_CODE.into(),
            message: what.into(),
        }),
        code => Ok(Secret::new(code)),
    }
}

/// Ask on the controlling terminal, never on stdout (which carries the
/// credentials) nor only on stderr (which SDKs capture). `None` when
/// there is no terminal, or it was given up ([`super::terminal`]).
fn prompt_tty(prompt: &str) -> Option<String> {
    let tty = super::terminal::open(std::fs::OpenOptions::new().read(true).write(true))?;
    (&tty).write_all(prompt.as_bytes()).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(&tty).read_line(&mut line).ok()?;
    Some(line)
}

fn no_code(profile: &str, serial: &str, spent: bool) -> CallFailure {
    let spent = match spent {
        true => {
            " (the code given by --mfa-token or CREDBROKER_MFA_TOKEN was already used once in this run)"
        }
        false => "",
    };
    CallFailure {
        kind: FailureKind::Permanent,
        code: NO_CODE.into(),
        message: format!(
            "profile `{profile}` needs a code for MFA device {serial}, and {}{spent}",
            super::terminal::why_not()
        ),
    }
}

/// A call that sent a code and was refused: say that the code may be the
/// reason. (The caller scrubs the code itself out, with [`super::scrub`].)
pub fn refused_code(mut failure: CallFailure) -> CallFailure {
    if failure.kind == FailureKind::Permanent && failure.code.starts_with("AccessDenied") {
        failure.message.push_str(
            " (the MFA code may be wrong or already used: each code works once; wait for the next one and try again)",
        );
    }
    failure
}

#[cfg(test)]
mod code_tests {
    use super::code_in;

    #[test]
    fn a_helper_prints_the_code_on_its_first_line() {
        let cases: &[(&str, Option<&str>)] = &[
            ("482913\n", Some("482913")),
            ("  482913  \r\nTRAILINGJUNK", Some("482913")),
            ("482913", Some("482913")),
            ("482913  junk", None),
            ("48291", None),
            ("4829133", None),
            ("", None),
            ("\n482913", None),
            ("４８２９１３", None),
        ];
        for (printed, want) in cases {
            let got = code_in(printed);
            assert_eq!(got.as_ref().map(|c| c.expose()), *want, "{printed:?}");
        }
    }
}
