//! The on-disk entry of one link: its credentials, its last failure and a
//! generation that grows with every write.

use serde::{Deserialize, Serialize};

use crate::credentials::Credentials;
use crate::error::FailureKind;

pub const FORMAT_VERSION: u32 = 1;

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
    /// The link kind's witness of what the failed refresh read outside the
    /// cache (`Kind::witness`): the failure holds only while it is the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<String>,
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

impl Entry {
    /// What makes an entry unusable although it parsed: its credentials'
    /// defect, or a failure whose timestamps are out of range.
    pub fn defect(&self) -> Option<&'static str> {
        if let Some(defect) = self.credentials.as_ref().and_then(Credentials::defect) {
            return Some(defect);
        }
        let failure_times = self.failure.iter().flat_map(|f| [f.at, f.retry_after]);
        match failure_times.into_iter().all(crate::credentials::in_range) {
            true => None,
            false => Some("a failure timestamp out of range"),
        }
    }
}
