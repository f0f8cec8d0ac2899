//! aws-config's own credential providers (IMDS, container credentials),
//! run within the deadline of every call and validated like any answer.

use aws_credential_types::provider::error::CredentialsError;

use crate::answer::{Answer, Expect};
use crate::credentials::Credentials;
use crate::error::{CallFailure, FailureKind};

/// Run a provider's call within the deadline of every AWS call (the
/// providers' own timeouts are per attempt).
pub async fn within<T>(
    limits: &crate::runner::aws::Limits,
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
) -> Result<Credentials, CallFailure> {
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
        CallFailure {
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
