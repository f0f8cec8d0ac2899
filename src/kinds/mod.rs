//! The link kinds, one module each, and their one registration: [`Call`],
//! the enum a chain's links are made of. Every method of [`Kind`] on
//! [`Call`] hands on to the kind's own implementation (see [`dispatch`]),
//! so nothing above this module matches on a kind.
//!
//! To add a kind: its module here (see `link.rs` for what it implements),
//! one variant of [`Call`], one line in [`dispatch`]; and, if a chain can
//! start with it, its builder in `chain::start_link`.

pub mod ecs;
pub mod eks;
pub mod federation;
pub mod imds;
pub mod login;
pub mod mfa;
pub mod process;
pub mod role;
pub mod sso;
pub mod token_file;
pub mod web_identity;

use serde::{Deserialize, Serialize};

use crate::credentials::{Credentials, Window};
use crate::error::CallFailure;
use crate::link::{Base, ConsoleSession, Fetch, Kind, Link};
use crate::runner::mfa_code::Mfa;

/// The call that refreshes a link: one variant per kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Call {
    AssumeRole(role::AssumeRole),
    /// `sts:GetSessionToken` with an MFA code, signed by long-term keys.
    SessionToken(mfa::MfaSession),
    /// `sts:AssumeRoleWithWebIdentity`, unsigned.
    WebIdentity(web_identity::WebIdentity),
    /// `credential_source = Ec2InstanceMetadata` (IMDSv2).
    InstanceMetadata(imds::InstanceMetadata),
    /// `credential_source = EcsContainer`.
    Container(ecs::Container),
    /// A nested `credential_process` command.
    Process(process::Process),
    /// SSO portal `GetRoleCredentials`, with the session's sign-in token.
    Sso(Box<sso::SsoRole>),
    /// An `aws login` console session (`login_session`), refreshed with
    /// Sign-In `CreateOAuth2Token`.
    Login(Box<login::LoginSession>),
    /// An EKS token presigned with the chain's base (`eks-token`).
    EksToken(eks::EksToken),
    /// `sts:GetFederationToken` on long-term keys, for the console.
    FederationToken(federation::FederationToken),
}

/// `$call.$method($args)` on whichever kind `$call` holds.
macro_rules! dispatch {
    ($call:expr, $kind:ident => $body:expr) => {
        match $call {
            Call::AssumeRole($kind) => $body,
            Call::SessionToken($kind) => $body,
            Call::WebIdentity($kind) => $body,
            Call::InstanceMetadata($kind) => $body,
            Call::Container($kind) => $body,
            Call::Process($kind) => $body,
            Call::Sso($kind) => $body,
            Call::EksToken($kind) => $body,
            Call::FederationToken($kind) => $body,
            Call::Login($kind) => $body,
        }
    };
}

impl Kind for Call {
    fn kind(&self) -> &'static str {
        dispatch!(self, k => k.kind())
    }

    fn action(&self) -> &'static str {
        dispatch!(self, k => k.action())
    }

    fn target(&self) -> &str {
        dispatch!(self, k => k.target())
    }

    fn role_arn(&self) -> Option<&str> {
        dispatch!(self, k => k.role_arn())
    }

    fn account_id(&self) -> Option<&str> {
        dispatch!(self, k => k.account_id())
    }

    fn mfa(&self) -> Option<&Mfa> {
        dispatch!(self, k => k.mfa())
    }

    fn needs_parent(&self) -> bool {
        dispatch!(self, k => k.needs_parent())
    }

    fn memoizable(&self) -> bool {
        dispatch!(self, k => k.memoizable())
    }

    fn cached(&self) -> bool {
        dispatch!(self, k => k.cached())
    }

    fn console_session(&self) -> ConsoleSession {
        dispatch!(self, k => k.console_session())
    }

    fn keyed_on_environment(&self) -> bool {
        dispatch!(self, k => k.keyed_on_environment())
    }

    fn sign_in_file(&self) -> Option<std::path::PathBuf> {
        dispatch!(self, k => k.sign_in_file())
    }

    fn status(&self, window: Window, now: i64) -> Option<String> {
        dispatch!(self, k => k.status(window, now))
    }

    async fn fetch(&self, cx: &Fetch<'_>) -> Result<Credentials, CallFailure> {
        dispatch!(self, k => k.fetch(cx).await)
    }
}

/// A link of a chain, of any kind.
pub type Hop = Link<Call>;

impl Hop {
    /// `profile (target)`, for messages and listings. Never a secret.
    pub fn label(&self) -> String {
        format!("{} ({})", self.profile, self.call.target())
    }

    /// The role this link assumes, if it assumes one.
    pub fn role_arn(&self) -> Option<&str> {
        self.call.role_arn()
    }
}

/// A static base (optional: a chain may start with a link that needs no
/// credentials of its own, such as SSO or web identity) and the links above it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    pub profile: String,
    pub base: Option<Base>,
    pub hops: Vec<Hop>,
}

impl Chain {
    /// `base -> hop -> hop`, for listings.
    pub fn describe(&self) -> String {
        self.base
            .iter()
            .map(|b| b.origin.clone())
            .chain(self.hops.iter().map(|h| match h.call.kind() {
                "role" => h.profile.clone(),
                kind => format!("{} [{}]", h.profile, kind),
            }))
            .collect::<Vec<_>>()
            .join(" -> ")
    }

    /// How the chain starts, for `list`: `static-keys`, `keyring`, `environment`, or
    /// the kind of its first link.
    pub fn start_kind(&self) -> &'static str {
        match (&self.base, self.hops.first()) {
            (Some(b), _) if b.origin == "environment" => "environment",
            (Some(b), _) if b.stored.is_some() => "keyring",
            (Some(_), _) => "static-keys",
            (None, Some(hop)) => hop.call.kind(),
            (None, None) => "none",
        }
    }

    /// The files of the sign-ins links up to link `i` rest on
    /// ([`Kind::sign_in_file`]).
    pub fn sign_in_files(&self, i: usize) -> impl Iterator<Item = std::path::PathBuf> + '_ {
        self.hops
            .iter()
            .take(i + 1)
            .filter_map(|h| h.call.sign_in_file())
    }

    /// Whether link `i` rests on a sign-in that has ended, its own or that
    /// of a link below it ([`crate::link::signed_out`]): its cached
    /// credentials are not served.
    pub fn signed_out(&self, i: usize) -> bool {
        self.sign_in_files(i).any(|f| crate::link::signed_out(&f))
    }

    /// The key of the link below link `i` (the base's for the first link).
    pub fn parent_key(&self, i: usize) -> Option<&str> {
        match i {
            0 => self.base.as_ref().map(|b| b.key.as_str()),
            _ => self.hops.get(i - 1).map(|h| h.key.as_str()),
        }
    }
}
