//! Every answer that carries credentials (STS, and whatever else starts a
//! chain) is checked here before it is cached or printed: a key id, a
//! secret, and, for temporary credentials, a session token and an expiration
//! still in the future. Anything less is an unexpected answer, never a
//! credential with an empty field.

use crate::credentials::{Credentials, in_range, printable};
use crate::error::CallFailure;
use crate::error::FailureKind;
use crate::secret::Secret;

/// Credentials as some service answered them, before they are trusted.
/// Empty strings count as missing.
#[derive(Default)]
pub struct Answer {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    /// Unix seconds.
    pub expiration: Option<i64>,
}

/// What kind of credentials the source must answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A session: key id, secret, token and expiration (STS, SSO, IMDS).
    Temporary,
    /// Key id and secret; token and expiration optional (credential_process).
    KeysAtLeast,
}

impl Answer {
    /// The credentials, or an `InvalidAnswer` failure naming what was missing.
    /// `source` names the answer (`an unexpected answer from STS AssumeRole
    /// at https://…`).
    pub fn validate(
        self,
        expect: Expect,
        now: i64,
        source: &str,
    ) -> Result<Credentials, CallFailure> {
        let present = |v: Option<String>| v.filter(|s| !s.is_empty());
        let access_key_id = present(self.access_key_id);
        let secret = present(self.secret_access_key);
        let token = present(self.session_token);
        // Some SDK models turn a missing timestamp into the epoch.
        let expiration = self.expiration.filter(|e| *e > 0);
        let mut missing = Vec::new();
        if access_key_id.is_none() {
            missing.push("AccessKeyId");
        }
        if secret.is_none() {
            missing.push("SecretAccessKey");
        }
        if expect == Expect::Temporary {
            if token.is_none() {
                missing.push("SessionToken");
            }
            if expiration.is_none() {
                missing.push("Expiration");
            }
        }
        if !missing.is_empty() {
            return Err(invalid(format!(
                "{source}: it lacks {}",
                missing.join(", ")
            )));
        }
        let values = [&access_key_id, &secret, &token];
        if values
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| !printable(v)))
        {
            return Err(invalid(format!(
                "{source}: a credential holds a control character"
            )));
        }
        if let Some(e) = expiration.filter(|e| !in_range(*e)) {
            return Err(invalid(format!(
                "{source}: its Expiration ({e}) is not a date credbroker can use"
            )));
        }
        if let Some(e) = expiration.filter(|e| *e <= now) {
            return Err(invalid(format!(
                "{source}: its credentials already expired at {}",
                crate::clock::rfc3339(e)
            )));
        }
        Ok(Credentials {
            access_key_id: access_key_id.unwrap_or_default(),
            secret_access_key: Secret::new(secret.unwrap_or_default()),
            session_token: token.map(Secret::new),
            expiration,
            issued_at: None,
        })
    }
}

fn invalid(message: String) -> CallFailure {
    CallFailure {
        // A proxy or a broken endpoint may answer properly next time.
        kind: FailureKind::Transient,
        code: "InvalidAnswer".into(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Answer {
        Answer {
            access_key_id: Some("ASIAEXAMPLE".into()),
            secret_access_key: Some("secret".into()),
            session_token: Some("token".into()),
            expiration: Some(2_000),
        }
    }

    #[test]
    fn complete_answers_pass() {
        let creds = full().validate(Expect::Temporary, 1_000, "STS").unwrap();
        assert_eq!(creds.access_key_id, "ASIAEXAMPLE");
        assert_eq!(creds.expiration, Some(2_000));
        let keys = Answer {
            session_token: None,
            expiration: None,
            ..full()
        };
        assert!(keys.validate(Expect::KeysAtLeast, 1_000, "process").is_ok());
    }

    #[test]
    fn missing_or_empty_fields_are_named() {
        let cases: Vec<(Answer, Expect, &str)> = vec![
            (
                Answer {
                    secret_access_key: None,
                    ..full()
                },
                Expect::Temporary,
                "SecretAccessKey",
            ),
            (
                Answer {
                    secret_access_key: Some(String::new()),
                    ..full()
                },
                Expect::Temporary,
                "SecretAccessKey",
            ),
            (
                Answer {
                    session_token: None,
                    ..full()
                },
                Expect::Temporary,
                "SessionToken",
            ),
            (
                Answer {
                    expiration: Some(0),
                    ..full()
                },
                Expect::Temporary,
                "Expiration",
            ),
            (
                Answer {
                    access_key_id: None,
                    ..full()
                },
                Expect::KeysAtLeast,
                "AccessKeyId",
            ),
        ];
        for (answer, expect, field) in cases {
            let err = answer.validate(expect, 1_000, "STS").unwrap_err();
            assert_eq!(err.code, "InvalidAnswer");
            assert!(err.message.contains(field), "{field}: {}", err.message);
        }
    }

    #[test]
    fn expired_answers_are_refused() {
        let err = full()
            .validate(Expect::Temporary, 2_000, "STS")
            .unwrap_err();
        assert!(err.message.contains("already expired"), "{}", err.message);
    }
}
