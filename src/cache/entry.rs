//! The on-disk entry of one link: its credentials, its last failure and a
//! generation that grows with every write.

use serde::{Deserialize, Serialize};

use crate::error::FailureKind;
use crate::secret::Secret;

pub const FORMAT_VERSION: u32 = 1;

/// Temporary credentials as STS returned them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<Secret>,
    /// Unix seconds; `None` for long-term keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    /// Unix seconds when STS issued them, to know the session's lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<i64>,
}

impl Credentials {
    /// Seconds of validity left at `now` (`i64::MAX` for long-term keys).
    pub fn remaining(&self, now: i64) -> i64 {
        self.expiration.map_or(i64::MAX, |e| e - now)
    }
}

/// The last refresh that failed, so that others learn it once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: FailureKind,
    pub code: String,
    pub message: String,
    /// Unix seconds of the failure.
    pub at: i64,
    /// Transient failures in a row; the backoff doubles with each.
    pub consecutive: u32,
    /// Until then (unix seconds) nobody calls STS for this link again.
    pub retry_after: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub profile: String,
    pub role_arn: String,
    /// The STS endpoint that issued the credentials, when not the default
    /// one (it is part of the key: two entries may differ only by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub version: u32,
    pub generation: u64,
    pub label: Label,
    #[serde(default)]
    pub credentials: Option<Credentials>,
    #[serde(default)]
    pub failure: Option<Failure>,
}
