//! MFA: an MFA session (`sts:GetSessionToken`) on long-term keys, and the
//! one place an MFA code is read.
//!
//! Invariants: a code is read only by the refresh of a link that sends it,
//! so with that link's lock held (one prompt for every waiting process); a
//! code is sent at most once (a code given by flag or variable is used for
//! one call, then the next source is asked); when there is no terminal and
//! no source, the refresh fails before any STS call. The code never reaches
//! a message.

use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::answer::Expect;
use crate::aws_call::{self, DateProbe};
use crate::cache::Credentials;
use crate::chain::{self, Base, Call, EnvSnapshot, Hop, Mfa, MfaSession};
use crate::error::{Error, FailureKind};
use crate::profile::{Profiles, Section};
use crate::secret::Secret;
use crate::sts::{Sts, StsFailure};

/// The failure code of "no way to read a code"; the broker turns it into
/// [`Error::NoMfaCode`].
pub const NO_CODE: &str = "NoMfaCode";
/// The variable that gives a code, like `--mfa-token`.
pub const TOKEN_VAR: &str = "CREDBROKER_MFA_TOKEN";
/// GetSessionToken's default duration (12 h), as the AWS CLI's MFA
/// helpers use; IAM users may ask for up to 36 h.
pub const DEFAULT_DURATION: i32 = 43_200;
const MAX_DURATION: i32 = 129_600;

/// The MFA session link above `base`.
pub fn session_link(
    profiles: &Profiles,
    base: &Base,
    mfa: Mfa,
    holder: &Section,
    selected: &Section,
    env: &EnvSnapshot,
) -> Result<Hop, Error> {
    let duration_seconds = [holder, selected]
        .iter()
        .find_map(|s| s.get("mfa_session_duration"))
        .map(|text| match text.trim().parse::<i32>() {
            Ok(n) if (900..=MAX_DURATION).contains(&n) => Ok(n),
            _ => Err(chain::invalid(
                profiles,
                &base.origin,
                &format!(
                    "mfa_session_duration = `{text}` is not a number of seconds from 900 to 129600"
                ),
                "set mfa_session_duration between 900 (15 minutes) and 129600 (36 hours)",
            )),
        })
        .transpose()?;
    let sts = chain::link_sts_target(profiles, &base.origin, holder, selected, env)?;
    // Keyed on the keys and the device only: every chain on them shares the
    // session, whatever duration each profile would ask for.
    let key = chain::hash(&[
        "mfa-session",
        &base.key,
        &mfa.serial,
        sts.endpoint_url.as_deref().unwrap_or(""),
    ]);
    Ok(Hop {
        profile: base.origin.clone(),
        call: Call::SessionToken(MfaSession {
            mfa,
            duration_seconds,
        }),
        sts,
        key,
    })
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
    /// `flag` is `--mfa-token`; without it, `CREDBROKER_MFA_TOKEN` is read.
    pub fn new(flag: Option<Secret>, duration: Option<i32>) -> Self {
        let given = flag.or_else(|| {
            crate::settings::env_var(TOKEN_VAR)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .map(Secret::new)
        });
        Self {
            given,
            used: AtomicBool::new(false),
            reading: tokio::sync::Mutex::new(()),
            duration,
        }
    }

    /// A code for `mfa`, read for `profile`. Call with the link's lock held.
    pub async fn read(&self, profile: &str, mfa: &Mfa) -> Result<Secret, StsFailure> {
        if let Some(code) = &self.given
            && !self.used.swap(true, Ordering::SeqCst)
        {
            return Ok(code.clone());
        }
        let spent = self.given.is_some();
        let _one_at_a_time = self.reading.lock().await;
        if let Some(command) = &mfa.process {
            let argv = super::split_command(command).ok_or_else(|| StsFailure {
                kind: FailureKind::Permanent,
                code: "ProcessFailed".into(),
                message: format!(
                    "mfa_process of profile `{profile}` is empty or has unbalanced quotes"
                ),
            })?;
            let out = super::blocking(move || super::run_captured(&argv, &[])).await;
            let code = out.map_err(|f| StsFailure {
                message: format!("mfa_process of profile `{profile}`: {}", f.message),
                ..f
            })?;
            return non_empty(
                code,
                &format!(
                    "mfa_process of profile `{profile}` printed no code for MFA device {}",
                    mfa.serial
                ),
            );
        }
        let prompt = format!("MFA code for {} (profile {profile}): ", mfa.serial);
        let serial = mfa.serial.clone();
        let profile = profile.to_string();
        super::blocking(move || match prompt_tty(&prompt) {
            Some(line) => non_empty(
                line,
                &format!("no code was entered for MFA device {serial} (profile `{profile}`)"),
            ),
            None => Err(no_code(&profile, &serial, spent)),
        })
        .await
    }
}

fn non_empty(text: String, what: &str) -> Result<Secret, StsFailure> {
    match text.trim() {
        "" => Err(StsFailure {
            kind: FailureKind::Permanent,
            code: NO_CODE.into(),
            message: what.into(),
        }),
        code => Ok(Secret::new(code)),
    }
}

/// Ask on the controlling terminal, never on stdout (which carries the
/// credentials) nor only on stderr (which SDKs capture). `None` when
/// there is no terminal.
fn prompt_tty(prompt: &str) -> Option<String> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    (&tty).write_all(prompt.as_bytes()).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(&tty).read_line(&mut line).ok()?;
    Some(line)
}

fn no_code(profile: &str, serial: &str, spent: bool) -> StsFailure {
    let spent = match spent {
        true => {
            " (the code given by --mfa-token or CREDBROKER_MFA_TOKEN was already used once in this run)"
        }
        false => "",
    };
    StsFailure {
        kind: FailureKind::Permanent,
        code: NO_CODE.into(),
        message: format!(
            "profile `{profile}` needs a code for MFA device {serial}, and there is no terminal to ask on{spent}"
        ),
    }
}

/// `sts:GetSessionToken` with a code, signed by the long-term keys.
pub async fn session_token(
    sts: &Sts,
    codes: &Codes,
    parent: &Credentials,
    hop: &Hop,
    session: &MfaSession,
) -> Result<Credentials, StsFailure> {
    let code = codes.read(&hop.profile, &session.mfa).await?;
    let duration = codes
        .duration
        .or(session.duration_seconds)
        .unwrap_or(DEFAULT_DURATION);
    // Never retried: STS refuses a code it has already seen.
    let overrides = crate::sts::overrides(&hop.sts)
        .credentials_provider(crate::sts::provider(parent))
        .retry_config(aws_sdk_sts::config::retry::RetryConfig::disabled());
    let site = crate::sts::site(&hop.sts, "GetSessionToken");
    let probe = DateProbe::default();
    let send = sts
        .client()
        .await
        .get_session_token()
        .serial_number(&session.mfa.serial)
        .token_code(code.expose())
        .duration_seconds(duration)
        .customize()
        .config_override(overrides)
        .interceptor(probe.clone())
        .send();
    let output = aws_call::call(&site, sts.limits(), send)
        .await
        .map_err(|e| refused_code(crate::sts::scrub(e, parent), &code))?;
    site.validate(
        crate::sts::answer(output.credentials),
        Expect::Temporary,
        &probe,
    )
}

/// A call that sent a code and was refused: say that the code may be the
/// reason, and keep the code itself out of the message.
pub fn refused_code(mut failure: StsFailure, code: &Secret) -> StsFailure {
    failure.message = failure.message.replace(code.expose(), "REDACTED");
    if failure.kind == FailureKind::Permanent && failure.code.starts_with("AccessDenied") {
        failure.message.push_str(
            " (the MFA code may be wrong or already used: each code works once; wait for the next one and try again)",
        );
    }
    failure
}

/// The typed error for a failure to read a code.
pub fn no_code_error(hop: &Hop, message: &str) -> Error {
    Error::NoMfaCode {
        profile: hop.profile.clone(),
        serial: hop.call.mfa().map_or("", |m| m.serial.as_str()).to_string(),
        message: message.to_string(),
    }
}
