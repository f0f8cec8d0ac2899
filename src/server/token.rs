//! The server's authorization token: 256 bits from the operating system's
//! random source, compared in constant time.
//!
//! Invariant: the token is a [`Secret`]; it reaches only the requested
//! output (`serve`'s stdout, the environment of `exec --server`'s command)
//! and is never logged, nor echoed in an answer.

use subtle::ConstantTimeEq;

use crate::secret::Secret;

/// Random bytes in a token: more than the 128 bits a guess must beat.
const BYTES: usize = 32;

pub struct Token(Secret);

impl Token {
    /// A new token, as 64 hexadecimal digits (a valid header value, and
    /// nothing a shell or a `.env` file would read specially).
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; BYTES];
        getrandom::fill(&mut bytes)?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Token(Secret::new(hex)))
    }

    /// Whether `given` (an `Authorization` header's value) is this token,
    /// in time that does not depend on where they differ.
    pub fn matches(&self, given: &[u8]) -> bool {
        self.0.expose().as_bytes().ct_eq(given).into()
    }

    /// The token itself, for the requested output only.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_match_only_themselves() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.expose(), b.expose());
        assert!(a.matches(a.expose().as_bytes()));
        assert!(!a.matches(b.expose().as_bytes()));
        assert!(!a.matches(&a.expose().as_bytes()[..63]));
        assert!(!a.matches(b""));
        assert!(!a.matches(format!("Bearer {}", a.expose()).as_bytes()));
    }
}
