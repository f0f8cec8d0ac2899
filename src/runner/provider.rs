//! aws-config's own credential providers (IMDS, container credentials),
//! run within the deadline of every AWS call, with a notice when slow, and
//! validated like any answer.
//!
//! The providers panic on some answers no real endpoint gives (the IMDS
//! client on a role name that is not a URL path: `"inst\n"`, an HTML page
//! with status 200). A panic there is the endpoint's odd answer, not a bug
//! of credbroker's: each provider runs on a thread of its own, with a
//! runtime of its own, its panics [`crate::report::contain`]ed, and a panic
//! becomes a transient failure naming the endpoint.

use std::future::Future;
use std::time::Duration;

use aws_credential_types::provider::error::CredentialsError;

use super::Limits;
use crate::answer::{Answer, Expect};
use crate::credentials::Credentials;
use crate::error::{CallFailure, FailureKind};

/// The failure code of an answer that made the SDK panic.
pub const UNUSABLE_ANSWER: &str = "UnusableAnswer";

/// Credentials from the provider that `make` builds and runs, from
/// `source` (`the EC2 instance metadata service at http://…`), within
/// `limits`. `make` runs on a thread of its own, so that the provider
/// cannot take the process down with it, nor block a worker.
pub async fn credentials<F, Fut>(
    source: &str,
    limits: &Limits,
    make: F,
) -> Result<Credentials, CallFailure>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = Result<aws_credential_types::Credentials, CredentialsError>>,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    let deadline = limits.deadline;
    let spawned = std::thread::Builder::new()
        .name("credbroker-provider".into())
        .spawn(move || {
            let outcome = crate::report::contain(|| {
                let runtime = crate::runtime::runtime().map_err(|e| format!("{e:#}"))?;
                let out = runtime.block_on(async {
                    tokio::time::timeout(deadline, make())
                        .await
                        .unwrap_or_else(|_| Err(CredentialsError::provider_timed_out(deadline)))
                });
                // Nothing the provider left behind is waited for.
                runtime.shutdown_background();
                Ok::<_, String>(out)
            });
            let _ = tx.send(outcome);
        });
    if let Err(e) = spawned {
        return Err(failure(
            FailureKind::Transient,
            "Internal",
            format!("could not start a thread to call {source}: {e}"),
        ));
    }
    // The thread keeps its own deadline; this one only guards against a
    // provider that blocks its thread.
    let waited = super::with_notice(limits, source, async {
        tokio::time::timeout(deadline + Duration::from_secs(1), rx).await
    })
    .await;
    let result = match waited {
        Ok(Ok(Ok(Ok(result)))) => result,
        Ok(Ok(Ok(Err(runtime)))) => {
            return Err(failure(
                FailureKind::Transient,
                "Internal",
                format!("could not call {source}: {runtime}"),
            ));
        }
        // The provider panicked: its message is the SDK's, not for people.
        Ok(Ok(Err(_panic))) => {
            return Err(failure(
                FailureKind::Transient,
                UNUSABLE_ANSWER,
                format!("{source} gave an answer the SDK could not handle"),
            ));
        }
        Ok(Err(_)) | Err(_) => Err(CredentialsError::provider_timed_out(deadline)),
    };
    from_provider(result, source, deadline)
}

fn failure(kind: FailureKind, code: &str, message: String) -> CallFailure {
    CallFailure {
        kind,
        code: code.into(),
        message,
    }
}

/// Credentials from one of aws-config's providers, validated like any answer.
fn from_provider(
    result: Result<aws_credential_types::Credentials, CredentialsError>,
    source: &str,
    deadline: Duration,
) -> Result<Credentials, CallFailure> {
    let creds = result.map_err(|e| {
        let kind = match &e {
            CredentialsError::CredentialsNotLoaded(_)
            | CredentialsError::InvalidConfiguration(_) => FailureKind::Permanent,
            _ => FailureKind::Transient,
        };
        let (code, message) = match &e {
            CredentialsError::CredentialsNotLoaded(_) => {
                ("CredentialsNotLoaded", crate::error::chain_message(&e))
            }
            CredentialsError::InvalidConfiguration(_) => {
                ("InvalidConfiguration", crate::error::chain_message(&e))
            }
            CredentialsError::ProviderTimedOut(_) => (
                "Timeout",
                format!(
                    "did not answer within {} (sts_timeout)",
                    crate::duration::format(deadline)
                ),
            ),
            // The causes' messages, never their Debug form.
            _ => ("ProviderError", crate::error::chain_message(&e)),
        };
        // The provider's messages may quote the answer (a token it did
        // not expect, an error code): bounded, and inert.
        let message = crate::error::excerpt(&message, 400);
        failure(kind, code, format!("{source}: {message}"))
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
    fn a_panic_in_a_provider_is_a_failure_naming_the_source() {
        let rt = crate::runtime::runtime().unwrap();
        let limits = Limits::new(Duration::from_secs(5));
        let failed = rt
            .block_on(credentials(
                "the EC2 instance metadata service at http://127.0.0.1:9/",
                &limits,
                || async {
                    if true {
                        panic!("valid request");
                    }
                    Err(CredentialsError::not_loaded("unreachable"))
                },
            ))
            .unwrap_err();
        assert_eq!(failed.kind, FailureKind::Transient);
        assert_eq!(failed.code, UNUSABLE_ANSWER);
        assert_eq!(
            failed.message,
            "the EC2 instance metadata service at http://127.0.0.1:9/ gave an answer the SDK could not handle"
        );
    }

    #[test]
    fn a_provider_that_blocks_its_thread_still_ends_at_the_deadline() {
        let rt = crate::runtime::runtime().unwrap();
        let limits = Limits::new(Duration::from_secs(1));
        let started = std::time::Instant::now();
        let failed = rt
            .block_on(credentials(
                "the container credentials endpoint",
                &limits,
                || async {
                    std::thread::sleep(Duration::from_secs(30));
                    Err(CredentialsError::not_loaded("late"))
                },
            ))
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(failed.code, "Timeout");
        assert_eq!(
            failed.message,
            "the container credentials endpoint: did not answer within 1s (sts_timeout)"
        );
    }
}
