//! Errors a person can act on, and the exit codes they map to.
//!
//! Commands return `anyhow::Error`; the typed [`Error`] below is attached
//! wherever a caller branches on the kind or a hint helps. [`ExitCode`] is the
//! one place exit codes are decided: its one table is the README's and the
//! man pages' (generated, and compared by a test); a command
//! returns a [`Status`]: one of those, or a code passed through from a
//! program it ran.

pub use crate::quote::{QUOTE_MAX, excerpt, quote};
use std::path::PathBuf;
use std::time::Duration;

/// Declares [`ExitCode`] from one table: each row is a variant, its code,
/// the name `batch` lines give its kind (`error_kind`) and its meaning,
/// which is the variant's doc, and the man pages' and the README's text
/// ([`ExitCode::TABLE`]).
macro_rules! exit_codes {
    ($($variant:ident = $code:literal, $kind:literal, $meaning:literal;)*) => {
        /// credbroker's exit codes, decided here and nowhere else. The man
        /// pages' EXIT STATUS and the README's table are generated from
        /// [`ExitCode::TABLE`] (a test compares them).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ExitCode {
            $(#[doc = $meaning] $variant = $code,)*
        }

        impl ExitCode {
            /// Every code, in order: the code, its `error_kind`, and what
            /// it means (Markdown).
            pub const TABLE: &[(ExitCode, &str, &str)] =
                &[$((ExitCode::$variant, $kind, $meaning),)*];

            /// The name `batch` lines give the kind of a failure (`error_kind`).
            pub fn kind(self) -> &'static str {
                match self {
                    $(ExitCode::$variant => $kind,)*
                }
            }
        }
    };
}

exit_codes! {
    Success = 0, "none", "success";
    Failure = 1, "internal", "unexpected failure (a bug, or I/O outside the cache)";
    Usage = 2, "usage", "command line not understood; `batch` input malformed (reported with \
        file:line, before any STS call) or nothing to resolve; `serve --listen` on an address \
        other than loopback without `--allow-non-loopback`; `keys add` given something that is not \
        a long-term access key";
    Config = 3, "config", "AWS config or credbroker settings wrong: a config or credentials \
        file that cannot be read or is not UTF-8, missing profile (with did-you-mean), \
        `source_profile` cycle, missing source, no credentials, malformed line, bad setting, \
        an unknown `[sso-session]`, a `credential_process` loop (also in the credbroker \
        whose nested `credential_process` exited 3 for it); also an MFA code is needed and there is no terminal, `--mfa-token`, `CREDBROKER_MFA_TOKEN` or `mfa_process`; \
        `exec --server` or `serve` of a profile of long-term keys, which a credential server cannot serve; \
        long-term keys in a keyring that cannot give them (locked, no session bus, a wrong passphrase, removed)";
    Cache = 4, "cache", "cache directory insecure (owned by another user, group/other-writable) \
        or unusable";
    LockTimeout = 5, "lock_timeout", "timed out waiting for another process's lock";
    StsRefused = 6, "sts_refused", "STS refused: AccessDenied (also a wrong or reused MFA \
        code), InvalidClientTokenId, ExpiredToken, malformed role; not retried. Also a source \
        that refused: a nested `credential_process` that failed or printed bad JSON, IMDS/ECS \
        not available or disabled; SSO: no usable sign-in (`LoginRequired`, with the login \
        command), the portal or OIDC refused, a sign-in that failed";
    StsUnavailable = 7, "sts_unavailable", "STS (or the SSO portal/OIDC) unavailable \
        (throttling, 5xx, timeout, unreachable, an answer that is not STS's or lacks \
        credentials, a clock more than 5 minutes off STS's) and no usable cached credentials; \
        also credentials below `--min-ttl`, and IMDS/ECS endpoints that time out or fail";
    TimedOut = 124, "timeout", "`batch --timeout` ran out (the first failed target's code, as \
        `timeout(1)` reports it)";
    CannotRun = 126, "command", "`exec`/`batch -- CMD`: the command exists but cannot be run \
        (as a shell reports it)";
    CommandNotFound = 127, "command", "`exec`/`batch -- CMD`: the command was not found (as a \
        shell reports it)";
    Interrupted = 130, "interrupted", "`batch` interrupted by Ctrl-C / SIGTERM (128 + SIGINT, \
        as a shell reports it)";
    BrokenPipe = 141, "broken_pipe", "`batch`'s stdout was closed by its reader (128 + \
        SIGPIPE, as a shell reports a broken pipe); other commands end quietly with 0";
}

impl ExitCode {
    /// The codes that are not credbroker's own, after [`ExitCode::TABLE`].
    pub const PASSED_THROUGH: &str =
        "`exec`: the command's own exit code; `batch -- CMD`: the first failed target's";

    /// The README's exit code table (Markdown), generated from [`ExitCode::TABLE`].
    pub fn markdown_table() -> String {
        let mut out =
            String::from("| code | `error_kind` | meaning |\n|------|------|---------|\n");
        for (code, kind, meaning) in ExitCode::TABLE {
            out.push_str(&format!("| {} | `{kind}` | {meaning} |\n", *code as i32));
        }
        out.push_str(&format!("| N | | {} |\n", ExitCode::PASSED_THROUGH));
        out
    }
}

impl ExitCode {
    /// The code for a command that could not be started.
    pub fn cannot_start(err: &std::io::Error) -> ExitCode {
        match err.kind() {
            std::io::ErrorKind::NotFound => ExitCode::CommandNotFound,
            _ => ExitCode::CannotRun,
        }
    }

    /// clap's verdict on a command line: `--help` and `--version` succeed,
    /// anything else is a usage error.
    pub fn of_clap(err: &clap::Error) -> ExitCode {
        match err.use_stderr() {
            true => ExitCode::Usage,
            false => ExitCode::Success,
        }
    }
}

/// How a command ends: one of credbroker's own [`ExitCode`]s, or the exit
/// status of a program it ran (`batch -- CMD`), passed through.
#[derive(Clone, Copy, Debug)]
pub enum Status {
    Exit(ExitCode),
    /// A command's own code; killed by signal N, 128 + N (as a shell
    /// reports it).
    Child(i32),
}

impl Status {
    pub const SUCCESS: Status = Status::Exit(ExitCode::Success);

    /// A finished child's status.
    pub fn of_child(status: std::process::ExitStatus) -> Status {
        use std::os::unix::process::ExitStatusExt;
        Status::Child(
            status
                .code()
                .or_else(|| status.signal().map(|s| 128 + s))
                .unwrap_or(ExitCode::Failure as i32),
        )
    }

    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            Status::Exit(code) => code as i32,
            Status::Child(code) => code,
        }
    }

    pub fn is_success(self) -> bool {
        self.code() == 0
    }
}

impl From<ExitCode> for Status {
    fn from(code: ExitCode) -> Status {
        Status::Exit(code)
    }
}

/// What kind of STS failure this was; decides retry and backoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// Throttling, 5xx, timeouts, connection failures: back off and retry later.
    Transient,
    /// AccessDenied, invalid token, malformed role: retrying will not help.
    Permanent,
}

/// A failed call to anything outside (an AWS endpoint, a helper process, a
/// token file), classified: what the protocol records and learns once.
#[derive(Clone, Debug)]
pub struct CallFailure {
    pub kind: FailureKind,
    pub code: String,
    pub message: String,
}

impl CallFailure {
    /// The service asked the caller to slow down.
    pub fn is_throttling(&self) -> bool {
        THROTTLING.contains(&self.code.as_str())
    }
}

/// The transient codes that mean "slow down", whatever service sent them.
pub const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
];

/// The failure code of a sign-in that is missing, expired or refused: the
/// person has to sign in again.
pub const LOGIN_REQUIRED: &str = "LoginRequired";

/// The action of the console's sign-in federation endpoint, in messages.
pub const SIGNIN_ACTION: &str = "AWS sign-in getSigninToken";

/// The failure code of a session the sign-in federation endpoint refused
/// (an HTTP 4xx answer to `getSigninToken`).
pub const SIGNIN_REFUSED: &str = "SigninRefused";

/// The failure code of a sign-in whose token could not be saved where the
/// AWS CLI keeps it (a directory there, a directory that cannot be written).
pub const TOKEN_PATH_UNUSABLE: &str = "TokenPathUnusable";

/// The failure codes of a helper process (`mfa_process`, a nested
/// `credential_process`): it could not run or failed, it ran out of time,
/// it was stopped by an interruption, it printed what is not an MFA code.
pub const PROCESS_FAILED: &str = "ProcessFailed";
pub const PROCESS_TIMEOUT: &str = "ProcessTimeout";
pub const INTERRUPTED: &str = "Interrupted";
pub const NOT_AN_MFA_CODE: &str = "NotAnMfaCode";

/// The failure code of a helper process that exited with `status`.
pub fn exit_status_code(status: i32) -> String {
    format!("ExitStatus{status}")
}

/// Whether a failure with `code` came from a helper process, not from the
/// service the call was for: before an STS call (an `mfa_process`), STS
/// was then never called.
pub fn is_helper_failure(code: &str) -> bool {
    [
        PROCESS_FAILED,
        PROCESS_TIMEOUT,
        INTERRUPTED,
        NOT_AN_MFA_CODE,
    ]
    .contains(&code)
        || code
            .strip_prefix("ExitStatus")
            .is_some_and(|n| n.parse::<i32>().is_ok())
}

/// The failure code of a nested `credential_process` that exited with
/// [`ExitCode::Config`]: a credbroker that met a configuration error (a
/// `credential_process` loop, a missing profile). The error is reported as
/// [`Error::NestedConfig`], so the outer credbroker exits 3 as well.
pub const NESTED_CONFIG: &str = "NestedConfigError";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("profile `{profile}`{} not found in {files}", chosen_by.map(|v| format!(" (from {v})")).unwrap_or_default())]
    ProfileNotFound {
        profile: String,
        files: String,
        suggestions: Vec<String>,
        /// The environment variable that named the profile, if one did.
        chosen_by: Option<&'static str>,
    },
    #[error("profile `{profile}` is its own source: {} (the cycle starts at profile `{start}`, {location})", path.join(" -> "))]
    Cycle {
        profile: String,
        path: Vec<String>,
        /// The profile met twice, and where it is.
        start: String,
        location: String,
    },
    #[error(
        "profile `{profile}` ({location}) names source_profile `{source_profile}`, which does not exist"
    )]
    MissingSourceProfile {
        profile: String,
        source_profile: String,
        location: String,
        /// Existing profiles whose names are close (a typo?).
        suggestions: Vec<String>,
    },
    #[error("profile `{profile}` ({location}) has no credentials")]
    NoCredentials { profile: String, location: String },
    #[error("profile `{profile}` ({location}): {message}")]
    InvalidProfile {
        profile: String,
        location: String,
        message: String,
        hint: String,
    },
    #[error("there is no [sso-session {name}] section in {file}")]
    SsoSessionNotFound {
        name: String,
        file: String,
        suggestions: Vec<String>,
    },
    #[error("{message}")]
    NoMfaCode {
        profile: String,
        serial: String,
        message: String,
    },
    #[error("{} {message}", path.display())]
    ConfigFile { path: PathBuf, message: String },
    #[error("profile `{profile}`: {message}")]
    NestedConfig { profile: String, message: String },
    /// Long-term keys a keyring could not give (locked, no session bus, a
    /// wrong passphrase, gone): the message names the backend and the fix.
    #[error("{}{message}", profile.as_ref().map(|p| format!("profile `{p}`: ")).unwrap_or_default())]
    Keyring {
        profile: Option<String>,
        message: String,
    },
    #[error("could not parse the AWS config files: {message}")]
    ConfigParse { message: String },
    #[error(
        "refusing to listen on {addr}: it is not a loopback address, so anyone who can reach it and holds the token would get credentials"
    )]
    NotLoopback { addr: String },
    /// Long-term keys, which the container credential protocol cannot
    /// carry: every SDK requires a session token and an expiration there.
    #[error(
        "profile `{profile}` resolves to long-term keys (no session token, no expiration), which a credential server cannot serve: AWS SDKs require both from it"
    )]
    LongTermKeys { profile: String },
    #[error("invalid setting `{name}` from {origin}: {message}")]
    Setting {
        name: String,
        origin: String,
        message: String,
    },
    #[error("refusing to use {what} {}: {reason}", path.display())]
    InsecureCacheDir {
        /// `cache directory`, `--env-dir directory`, ...
        what: &'static str,
        path: PathBuf,
        reason: String,
        hint: String,
    },
    #[error("cache I/O failed at {}", path.display())]
    CacheIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("timed out after {} waiting for the lock on {label}, held by {holder}", crate::duration::format(*timeout))]
    LockTimeout {
        label: String,
        holder: String,
        timeout: Duration,
    },
    #[error("{} for profile `{}`{}: {}: {}", refused(.0), .0.profile, role_suffix(&.0.role_arn), .0.code, .0.message)]
    StsRefused(Box<StsError>),
    #[error("{} for profile `{}`{}: {}: {}", failed(.0), .0.profile, role_suffix(&.0.role_arn), .0.code, .0.message)]
    StsUnavailable(Box<StsError>),
    #[error("credentials for `{label}` expire in {}, below the minimum of {}", crate::duration::format(*remaining), crate::duration::format(*min_ttl))]
    BelowFloor {
        label: String,
        remaining: Duration,
        min_ttl: Duration,
    },
}

/// What an STS failure was about, for its message and hint.
#[derive(Debug)]
pub struct StsError {
    pub profile: String,
    pub role_arn: Option<String>,
    pub action: &'static str,
    pub code: String,
    pub message: String,
    /// When the backoff ends, for transient failures.
    pub retry_after: Option<String>,
}

impl Error {
    /// A call that failed outside the cache protocol (a console sign-in,
    /// an SSO listing, IAM, Organizations): refused (exit 6) or unavailable
    /// (exit 7) by its kind, for `profile` (and `role_arn`), with no backoff.
    pub fn call_failed(
        profile: String,
        role_arn: Option<String>,
        action: &'static str,
        f: CallFailure,
    ) -> Error {
        let error = Box::new(StsError {
            profile,
            role_arn,
            action,
            code: f.code,
            message: f.message,
            retry_after: None,
        });
        match f.kind {
            FailureKind::Permanent => Error::StsRefused(error),
            FailureKind::Transient => Error::StsUnavailable(error),
        }
    }
}

/// An error and its sources on one line, for warnings.
pub fn chain_message(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// `STS AssumeRole`, or the source itself when it is not STS.
/// Whether `action` is an STS action (the others name their service).
fn is_sts(action: &str) -> bool {
    action.starts_with("AssumeRole") || matches!(action, "GetSessionToken" | "GetFederationToken")
}

fn called(action: &str) -> String {
    match is_sts(action) {
        true => format!("STS {action}"),
        false => action.to_string(),
    }
}

fn refused(e: &StsError) -> String {
    match (is_sts(e.action), is_helper_failure(&e.code)) {
        (true, true) => format!("STS {} not called", e.action),
        (true, false) => format!("STS refused {}", e.action),
        (false, _) => format!("{} failed", e.action),
    }
}

fn failed(e: &StsError) -> String {
    match (is_sts(e.action), is_helper_failure(&e.code)) {
        (true, true) => format!("STS {} not called", e.action),
        _ => format!("{} failed", called(e.action)),
    }
}

fn role_suffix(role: &Option<String>) -> String {
    role.as_ref()
        .map(|r| format!(" (role {r})"))
        .unwrap_or_default()
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::ProfileNotFound { .. }
            | Error::Cycle { .. }
            | Error::MissingSourceProfile { .. }
            | Error::NoCredentials { .. }
            | Error::InvalidProfile { .. }
            | Error::NoMfaCode { .. }
            | Error::ConfigParse { .. }
            | Error::SsoSessionNotFound { .. }
            | Error::ConfigFile { .. }
            | Error::NestedConfig { .. }
            | Error::Keyring { .. }
            | Error::LongTermKeys { .. }
            | Error::Setting { .. } => ExitCode::Config,
            Error::InsecureCacheDir { .. } | Error::CacheIo { .. } => ExitCode::Cache,
            Error::LockTimeout { .. } => ExitCode::LockTimeout,
            Error::NotLoopback { .. } => ExitCode::Usage,
            Error::StsRefused(_) => ExitCode::StsRefused,
            Error::StsUnavailable(_) | Error::BelowFloor { .. } => ExitCode::StsUnavailable,
        }
    }

    /// When this is the cache's directory or a lock file that cannot be
    /// written (read-only, full, no permission), the reason: then the chain
    /// is resolved without the cache instead of failing.
    pub fn unwritable_cache(&self) -> Option<String> {
        use std::io::ErrorKind as K;
        match self {
            Error::CacheIo { path, source }
                if matches!(
                    source.kind(),
                    K::PermissionDenied | K::ReadOnlyFilesystem | K::StorageFull | K::QuotaExceeded
                ) =>
            {
                Some(format!("cannot write {}: {source}", path.display()))
            }
            _ => None,
        }
    }

    /// Whether only a person can get past this: an MFA code to type, an
    /// SSO sign-in to make.
    pub fn needs_a_person(&self) -> bool {
        match self {
            Error::NoMfaCode { .. } => true,
            Error::StsRefused(e) | Error::StsUnavailable(e) => e.code == LOGIN_REQUIRED,
            _ => false,
        }
    }

    /// Failures that may pass by themselves: worth serving cached
    /// credentials through.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::StsUnavailable(_) | Error::LockTimeout { .. } | Error::CacheIo { .. }
        )
    }

    /// A sign-in that is missing, expired or refused ([`LOGIN_REQUIRED`]):
    /// the person has to sign in again, but what it issued before stays
    /// good until it expires.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, Error::StsRefused(e) if e.code == LOGIN_REQUIRED)
    }

    /// The fix, for the `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            // The backend's message says the fix.
            Error::Keyring { .. } => None,
            Error::ProfileNotFound {
                suggestions,
                chosen_by,
                ..
            } => {
                let fix = match suggestions.is_empty() {
                    false => format!(
                        "did you mean {}?",
                        suggestions
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                    true => "`credbroker list` shows the profiles credbroker can see".into(),
                };
                Some(match chosen_by {
                    Some("AWS_DEFAULT_PROFILE") => format!(
                        "{fix} (AWS_DEFAULT_PROFILE wins over AWS_PROFILE, as in the AWS CLI: \
                         unset it, or name the profile)"
                    ),
                    Some(var) => format!("{fix} (or unset {var}, or name the profile)"),
                    None => fix,
                })
            }
            Error::Cycle { .. } => {
                Some("give one profile in the cycle static keys or a credential_source".into())
            }
            Error::MissingSourceProfile {
                source_profile,
                suggestions,
                ..
            } => Some(match suggestions.first() {
                Some(close) => format!(
                    "did you mean `{close}`? set `source_profile = {close}`, or add a `[profile {source_profile}]` section"
                ),
                None => format!(
                    "add a `[profile {source_profile}]` section, or point source_profile at an existing profile"
                ),
            }),
            Error::NoCredentials { .. } => Some(
                "add aws_access_key_id/aws_secret_access_key, or role_arn with source_profile".into(),
            ),
            Error::InvalidProfile { hint, .. } => Some(hint.clone()),
            Error::SsoSessionNotFound { suggestions, .. } => Some(match suggestions.first() {
                Some(s) => format!("did you mean `{s}`?"),
                None => "add an [sso-session NAME] section with sso_start_url and sso_region".into(),
            }),
            Error::NoMfaCode { profile, .. } => Some(format!(
                "give the code with --mfa-token CODE or CREDBROKER_MFA_TOKEN=CODE, \
                 or set `mfa_process = <command that prints a code>` in profile `{profile}`, \
                 or run credbroker where it can prompt on a terminal"
            )),
            Error::ConfigFile { .. } => Some(
                "make the file readable by this user and save it as UTF-8 (credbroker will not skip it: \
                 that could hand out other credentials than the ones you asked for)"
                    .into(),
            ),
            Error::NestedConfig { .. } => Some(
                "the credbroker run by credential_process said what is wrong above (a loop: give that \
                 credbroker a profile of its own, outside this profile's chain)"
                    .into(),
            ),
            Error::NotLoopback { .. } => Some(
                "listen on 127.0.0.1 (the default), or add --allow-non-loopback to listen there anyway (a docker network: see the README's Docker recipe)"
                    .into(),
            ),
            Error::LongTermKeys { profile } => Some(format!(
                "serve a profile that assumes a role or starts an MFA session (mfa_serial), or give a command the keys themselves: `credbroker exec {profile} -- CMD` (they do not expire)"
            )),
            Error::ConfigParse { .. } => Some(
                "fix that line: sections look like `[profile NAME]`, settings like `key = value`".into(),
            ),
            Error::Setting { .. } => Some(
                "durations look like `90s`, `15m` or `1h30m`; `man credbroker` (SETTINGS) and the README list every setting".into(),
            ),
            Error::InsecureCacheDir { hint, .. } => Some(hint.clone()),
            // O_NOFOLLOW refused a symbolic link planted in the cache.
            Error::CacheIo { path, source } if source.raw_os_error() == Some(libc::ELOOP) => Some(format!(
                "{} is a symbolic link, and credbroker never follows one in its cache: remove it (`rm {}`) and run again",
                path.display(),
                path.display()
            )),
            Error::CacheIo { .. } => Some(
                "check the cache directory's permissions, or choose another with --cache-dir or CREDBROKER_CACHE_DIR"
                    .into(),
            ),
            Error::LockTimeout { .. } => Some(
                "wait for that process to finish, or raise --lock-timeout / CREDBROKER_LOCK_TIMEOUT / lock_timeout in config.toml"
                    .into(),
            ),
            Error::StsRefused(e) => Some(match e.code.as_str() {
                "AccessDenied" => "check the role's trust policy and that the source identity may assume it".into(),
                "InvalidClientTokenId" | "SignatureDoesNotMatch" => {
                    "the source access keys are wrong or deactivated: rotate them in ~/.aws/credentials".into()
                }
                "ExpiredToken" => "the source session expired: refresh the source credentials".into(),
                LOGIN_REQUIRED => "sign in with the command above; credbroker, the AWS CLI and the SDKs share that sign-in".into(),
                SIGNIN_REFUSED => "the sign-in endpoint takes the session of a role or a federated user, valid for \
                    at least a few minutes: check the profile's credentials (`credbroker list`) and that \
                    AWS_ENDPOINT_URL_SIGNIN or `[services]` signin, if set, point at AWS's sign-in".into(),
                TOKEN_PATH_UNUSABLE => "move what is there out of the way (or make the directory writable), then sign in again".into(),
                code if is_helper_failure(code) => "fix the helper named above (run it by hand to see what it prints); credbroker runs it again next time".into(),
                _ => "fix the profile or the role named above; retrying will not help".into(),
            }),
            Error::StsUnavailable(e) => {
                let fix = match e.code.as_str() {
                    "ConnectionFailed" | "Timeout" if e.action == SIGNIN_ACTION => {
                        "check the network, and that the sign-in endpoint is right \
                        (AWS_ENDPOINT_URL_SIGNIN, `[services]` signin) and reachable (HTTPS_PROXY)"
                    }
                    "ConnectionFailed" => "check the network, and that the endpoint is right \
                        (endpoint_url, AWS_ENDPOINT_URL_STS) and reachable (HTTPS_PROXY)",
                    "Timeout" => "the endpoint took the connection but did not answer: check the \
                        network, proxy and endpoint, or raise --sts-timeout if it is only slow",
                    "InvalidAnswer" => "the endpoint answered without usable credentials: check \
                        that endpoint_url / AWS_ENDPOINT_URL_STS point at STS, not a proxy",
                    "ClockSkew" => "set this computer's clock right (NTP, e.g. `timedatectl set-ntp true`)",
                    code if code.starts_with("HTTP") => "something other than AWS answered \
                        (a proxy, load balancer, portal or another service): check HTTPS_PROXY, \
                        endpoint_url (a full https:// URL) and the region",
                    // The service itself said to slow down, or failed:
                    // waiting is the fix.
                    _ => {
                        let who = match is_sts(e.action) {
                            true => "STS".to_string(),
                            false => e.action.to_string(),
                        };
                        return Some(match &e.retry_after {
                            Some(t) => format!("calls to {who} are backed off until {t}; use --force-refresh to try now"),
                            None => format!("{who} is throttling or failing; try again later"),
                        });
                    }
                };
                Some(match &e.retry_after {
                    Some(t) => format!("{fix}; credbroker tries again after {t} (--force-refresh: now)"),
                    None => fix.into(),
                })
            }
            Error::BelowFloor { .. } => Some(
                "lower --min-ttl, or raise the role's duration_seconds (role chains get at most 1h)".into(),
            ),
        }
    }
}

#[cfg(test)]
mod quote_tests {
    use super::{QUOTE_MAX, quote};

    #[test]
    fn outside_text_is_quoted_short_and_inert() {
        assert_eq!(quote("tomorrow"), "`tomorrow`");
        assert_eq!(quote("a\nb\u{1b}[31m\0"), "`a\\nb\\u{1b}[31m\\u{0}`");
        assert_eq!(quote("\u{202e}x"), "`\\u{202e}x`");
        let long = "é".repeat(QUOTE_MAX + 10);
        assert_eq!(quote(&long), format!("`{}…`", "é".repeat(QUOTE_MAX)));
        assert_eq!(
            quote(&"é".repeat(QUOTE_MAX)),
            format!("`{}`", "é".repeat(QUOTE_MAX))
        );
    }
}

#[cfg(test)]
mod status_tests {
    use super::{ExitCode, Status};
    use std::process::Command;

    #[test]
    fn a_childs_code_passes_through_and_a_signal_is_128_plus_n() {
        let status = |script: &str| {
            Status::of_child(Command::new("sh").args(["-c", script]).status().unwrap())
        };
        assert!(status("exit 0").is_success());
        assert_eq!(status("exit 3").code(), 3);
        assert_eq!(status("kill -KILL $$").code(), 128 + 9);
        assert_eq!(status("kill -TERM $$").code(), 128 + 15);
    }

    #[test]
    fn a_command_that_cannot_start_is_126_or_127() {
        let missing = Command::new("/nonexistent/credbroker-test")
            .status()
            .unwrap_err();
        assert_eq!(ExitCode::cannot_start(&missing), ExitCode::CommandNotFound);
        let denied = Command::new("/").status().unwrap_err();
        assert_eq!(ExitCode::cannot_start(&denied), ExitCode::CannotRun);
        assert_eq!(Status::from(ExitCode::CommandNotFound).code(), 127);
        assert_eq!(Status::from(ExitCode::CannotRun).code(), 126);
    }
}
