//! Everything that refreshes a link other than `sts:AssumeRole`: one module
//! per kind (MFA sessions, web identity, instance metadata, container
//! credentials, nested `credential_process`). Each module builds its link
//! for `chain` and refreshes it for `broker::Broker::fetch`, which runs it
//! with the link's lock held. Answers go through `answer::Answer::validate`.

pub mod ecs;
pub mod imds;
pub mod mfa;
pub mod process;
pub mod web_identity;

use aws_credential_types::provider::error::CredentialsError;

use crate::answer::{Answer, Expect};
use crate::cache::Credentials;
use crate::error::FailureKind;
use crate::sts::StsFailure;

/// A command line split as the AWS CLI splits `credential_process` (POSIX
/// shell words, no shell run).
pub fn split_command(command: &str) -> Option<Vec<String>> {
    shlex::split(command).filter(|words| !words.is_empty())
}

/// Run `argv` without a shell, stdin and stderr inherited (so a password
/// manager can prompt), stdout captured. Blocking: call from
/// `spawn_blocking`. `env` is added to the command's environment.
pub fn run_captured(argv: &[String], env: &[(&str, String)]) -> Result<String, StsFailure> {
    let failed = |message: String| StsFailure {
        kind: FailureKind::Permanent,
        code: "ProcessFailed".into(),
        message,
    };
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| failed("the command is empty".into()))?;
    let output = std::process::Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        // A code given for this run is good for one call: never hand it on.
        .env_remove(mfa::TOKEN_VAR)
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| failed(format!("could not run `{program}`: {e}")))?;
    if !output.status.success() {
        let status = match output.status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was killed by a signal".into(),
        };
        return Err(failed(format!("`{program}` {status}")));
    }
    String::from_utf8(output.stdout).map_err(|_| failed(format!("`{program}` printed non-UTF-8")))
}

/// Run blocking work off the async workers.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StsFailure> + Send + 'static,
) -> Result<T, StsFailure> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(StsFailure {
            kind: FailureKind::Transient,
            code: "Internal".into(),
            message: format!("a helper task failed: {e}"),
        })
    })
}

/// Run a provider's call within the deadline of every AWS call (the
/// providers' own timeouts are per attempt).
pub async fn within<T>(
    limits: &crate::aws_call::Limits,
    call: impl std::future::Future<Output = Result<T, CredentialsError>>,
) -> Result<T, CredentialsError> {
    tokio::time::timeout(limits.deadline, call)
        .await
        .unwrap_or_else(|_| Err(CredentialsError::provider_timed_out(limits.deadline)))
}

/// Credentials from one of aws-config's providers, validated like any answer.
pub fn from_provider(
    result: Result<aws_credential_types::Credentials, CredentialsError>,
    source: &str,
) -> Result<Credentials, StsFailure> {
    let creds = result.map_err(|e| {
        let kind = match &e {
            CredentialsError::CredentialsNotLoaded(_)
            | CredentialsError::InvalidConfiguration(_) => FailureKind::Permanent,
            _ => FailureKind::Transient,
        };
        let code = match &e {
            CredentialsError::CredentialsNotLoaded(_) => "CredentialsNotLoaded",
            CredentialsError::InvalidConfiguration(_) => "InvalidConfiguration",
            CredentialsError::ProviderTimedOut(_) => "Timeout",
            _ => "ProviderError",
        };
        StsFailure {
            kind,
            code: code.into(),
            // The causes' messages, never their Debug form.
            message: format!("{source}: {}", crate::error::chain_message(&e)),
        }
    })?;
    let expiration = creds.expiry().map(|t| {
        t.duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    Answer {
        access_key_id: Some(creds.access_key_id().to_string()),
        secret_access_key: Some(creds.secret_access_key().to_string()),
        session_token: creds.session_token().map(str::to_string),
        expiration,
    }
    .validate(Expect::Temporary, crate::clock::now(), source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_the_aws_cli() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("/bin/creds", Some(&["/bin/creds"])),
            (
                "creds --profile 'a b' \"c\\\"d\" e\\ f",
                Some(&["creds", "--profile", "a b", "c\"d", "e f"]),
            ),
            (
                "op item get \"AWS alice\" --otp",
                Some(&["op", "item", "get", "AWS alice", "--otp"]),
            ),
            (
                "no $HOME | expansion;",
                Some(&["no", "$HOME", "|", "expansion;"]),
            ),
            ("unbalanced 'quote", None),
            ("   ", None),
        ];
        for (line, want) in cases {
            let got = split_command(line);
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn the_resolving_stack_round_trips() {
        let stack = vec!["a".to_string(), "b c".to_string()];
        assert_eq!(process::resolving_stack(Some(stack.join("\n"))), stack);
        assert!(process::resolving_stack(None).is_empty());
        assert!(process::resolving_stack(Some(String::new())).is_empty());
    }
}
