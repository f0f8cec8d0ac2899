//! Signing in to IAM Identity Center.
use crate::sso::Session;
use crate::sso::token::TokenFile;
use crate::sts::StsFailure;

/// Sign in on the user's terminal when there is one (prompts go to
/// `/dev/tty`); `None` without a terminal.
pub async fn from_terminal(session: &Session) -> Option<Result<TokenFile, StsFailure>> {
    let _ = session;
    None
}
