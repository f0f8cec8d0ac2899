//! Table-driven tests for [`resolve`] and [`resolve_ad_hoc`].
//!
//! Every table builds [`Profiles`] from a config file's text through the
//! binary's own parser (see [`profiles`]); the files' paths do not exist, so
//! `Profiles::locate` falls back to the config path and nothing on disk is
//! read.

use super::*;
use crate::kinds::role::AssumeRole;
use crate::link::Kind;

const CONFIG_FILE: &str = "/nonexistent/config";
const CREDENTIALS_FILE: &str = "/nonexistent/credentials";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// [`Profiles`] from a config file's text, parsed by [`crate::profile::parse`]
/// exactly as the binary parses `~/.aws/config` (so a section the SDK's
/// parser drops is dropped here too); there is no credentials file.
fn profiles(text: &str) -> Profiles {
    crate::profile::parse(
        Some(text),
        None,
        CONFIG_FILE.into(),
        CREDENTIALS_FILE.into(),
    )
    .unwrap_or_else(|e| panic!("test config does not parse: {e}\n{text}"))
}

/// `[profile NAME]` with static keys: `ID` and the secret `NAME-secret`;
/// more lines of the section may follow.
#[rustfmt::skip]
macro_rules! keys {
    ($name:literal, $id:literal) => {
        concat!(
            "[profile ", $name, "]\n",
            "aws_access_key_id = ", $id, "\n",
            "aws_secret_access_key = ", $name, "-secret\n",
        )
    };
}

/// `[profile NAME]` assuming `arn:aws:iam::ACCOUNT:role/NAME` from `SOURCE`;
/// more lines of the section may follow.
#[rustfmt::skip]
macro_rules! role {
    ($name:literal, $account:literal, $source:literal) => {
        concat!(
            "[profile ", $name, "]\n",
            "role_arn = arn:aws:iam::", $account, ":role/", $name, "\n",
            "source_profile = ", $source, "\n",
        )
    };
}

/// A `const`-friendly description of an [`EnvSnapshot`].
#[derive(Clone, Copy, Debug)]
struct Env {
    region: Option<&'static str>,
    endpoint_url_sts: Option<&'static str>,
    endpoint_url: Option<&'static str>,
    ignore: Option<bool>,
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`)
    keys: Option<(&'static str, &'static str)>,
    access_key_id_only: Option<&'static str>,
    session_token: Option<&'static str>,
}

const NO_ENV: Env = Env {
    region: None,
    endpoint_url_sts: None,
    endpoint_url: None,
    ignore: None,
    keys: None,
    access_key_id_only: None,
    session_token: None,
};

impl Env {
    fn snapshot(self) -> EnvSnapshot {
        EnvSnapshot {
            region: self.region.map(str::to_string),
            endpoint_url_sts: self.endpoint_url_sts.map(str::to_string),
            endpoint_url: self.endpoint_url.map(str::to_string),
            ignore_configured_endpoints: self.ignore,
            access_key_id: self
                .keys
                .map(|(id, _)| id)
                .or(self.access_key_id_only)
                .map(str::to_string),
            secret_access_key: self.keys.map(|(_, secret)| Secret::new(secret)),
            session_token: self.session_token.map(Secret::new),
            ..EnvSnapshot::default()
        }
    }
}

fn resolve_ok(case: &str, config: &str, profile: &str, env: Env) -> Chain {
    resolve(&profiles(config), profile, &env.snapshot())
        .unwrap_or_else(|e| panic!("case `{case}`: resolve({profile}) failed: {e:?}"))
}

fn resolve_err(case: &str, config: &str, profile: &str, env: Env) -> Error {
    match resolve(&profiles(config), profile, &env.snapshot()) {
        Ok(chain) => panic!("case `{case}`: expected an error, got {}", chain.describe()),
        Err(e) => e,
    }
}

fn hop_profiles(chain: &Chain) -> Vec<&str> {
    chain.hops.iter().map(|h| h.profile.as_str()).collect()
}

fn assume(hop: &Hop) -> &AssumeRole {
    match &hop.call {
        Call::AssumeRole(role) => role,
        other => panic!("not a role hop: {other:?}"),
    }
}

fn hop_arns(chain: &Chain) -> Vec<&str> {
    chain.hops.iter().filter_map(|h| h.role_arn()).collect()
}

fn all_keys(chain: &Chain) -> Vec<&str> {
    chain
        .base
        .iter()
        .map(|b| b.key.as_str())
        .chain(chain.hops.iter().map(|h| h.key.as_str()))
        .collect()
}

fn is_key_format(key: &str) -> bool {
    key.len() == 32
        && key
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A static base and four role hops stacked on it, plus an Environment-based
/// pair.
const LADDER: &str = concat!(
    keys!("base", "AKIDBASE"),
    role!("one", "111111111111", "base"),
    role!("two", "222222222222", "one"),
    role!("three", "333333333333", "two"),
    role!("four", "444444444444", "three"),
    "[profile ci]\n\
     role_arn = arn:aws:iam::555555555555:role/ci\n\
     credential_source = Environment\n",
    role!("deploy", "666666666666", "ci")
);

/// One role over a base; the cases below vary one line of it.
const ONE_HOP: &str = concat!(
    keys!("base", "AKIDBASE"),
    role!("r", "111111111111", "base")
);

#[derive(Debug)]
enum Want {
    NotFound {
        suggestions: &'static [&'static str],
    },
    MissingSource {
        profile: &'static str,
        source: &'static str,
    },
    NoCredentials {
        profile: &'static str,
    },
    /// `message` must appear in the error's message.
    Invalid {
        profile: &'static str,
        message: &'static str,
    },
}

fn check_error(case: &str, got: Error, want: &Want) {
    let files = format!("{CONFIG_FILE} and {CREDENTIALS_FILE}");
    match (got, want) {
        (
            Error::ProfileNotFound {
                files: got_files,
                suggestions,
                ..
            },
            Want::NotFound { suggestions: want },
        ) => {
            assert_eq!(suggestions, *want, "case `{case}`: suggestions");
            assert_eq!(got_files, files, "case `{case}`: files");
        }
        (
            Error::MissingSourceProfile {
                profile,
                source_profile,
                location,
                ..
            },
            Want::MissingSource {
                profile: p,
                source: s,
            },
        ) => {
            assert_eq!(
                (profile.as_str(), source_profile.as_str()),
                (*p, *s),
                "case `{case}`"
            );
            assert_eq!(location, CONFIG_FILE, "case `{case}`: location");
        }
        (Error::NoCredentials { profile, location }, Want::NoCredentials { profile: p }) => {
            assert_eq!(profile, *p, "case `{case}`: profile");
            assert_eq!(location, CONFIG_FILE, "case `{case}`: location");
        }
        (
            Error::InvalidProfile {
                profile,
                location,
                message,
                hint,
            },
            Want::Invalid {
                profile: p,
                message: m,
            },
        ) => {
            assert_eq!(profile, *p, "case `{case}`: profile");
            assert!(
                message.contains(m),
                "case `{case}`: message {message:?} lacks {m:?}"
            );
            assert_eq!(location, CONFIG_FILE, "case `{case}`: location");
            assert!(!hint.is_empty(), "case `{case}`: empty hint");
        }
        (got, want) => panic!("case `{case}`: expected {want:?}, got {got:?}"),
    }
}

const BASE: &str = keys!("base", "AKIDBASE");

mod ad_hoc;
mod cycles;
mod depth;
mod interface;
mod invalid;
mod keys;
mod kinds;
mod secrets;
mod sources;
mod sts_target;
