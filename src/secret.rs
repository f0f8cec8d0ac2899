//! A wrapper for secret values (secret access keys, session tokens).
//!
//! Invariant: a `Secret` never reaches stderr, a log, an error or a `Debug`
//! print by accident. It has no `Display`, its `Debug` prints `REDACTED`, and
//! the only way to the value is the greppable [`Secret::expose`].

use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself. Call this only where the value goes to the
    /// requested output (stdout, a child's environment, the cache file).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("REDACTED")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("wJalrXUtnFEMI/K7MDENG");
        assert_eq!(format!("{s:?}"), "REDACTED");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(REDACTED)");
        assert_eq!(s.expose(), "wJalrXUtnFEMI/K7MDENG");
    }
}
