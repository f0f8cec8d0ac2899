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

// ---------------------------------------------------------------------------
// Depth 1 to 5
// ---------------------------------------------------------------------------

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

#[test]
fn depth() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        env: Env,
        origin: &'static str,
        access_key_id: &'static str,
        hops: &'static [&'static str],
        arns: &'static [&'static str],
        describe: &'static str,
    }
    let env_keys = Env {
        keys: Some(("AKIDENV", "env-secret")),
        ..NO_ENV
    };
    let cases = [
        Case {
            name: "depth 1: static keys only",
            config: LADDER,
            profile: "base",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            hops: &[],
            arns: &[],
            describe: "base",
        },
        Case {
            name: "depth 2: one hop",
            config: LADDER,
            profile: "one",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            hops: &["one"],
            arns: &["arn:aws:iam::111111111111:role/one"],
            describe: "base -> one",
        },
        Case {
            name: "depth 3: two hops",
            config: LADDER,
            profile: "two",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            hops: &["one", "two"],
            arns: &[
                "arn:aws:iam::111111111111:role/one",
                "arn:aws:iam::222222222222:role/two",
            ],
            describe: "base -> one -> two",
        },
        Case {
            name: "depth 4: three hops",
            config: LADDER,
            profile: "three",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            hops: &["one", "two", "three"],
            arns: &[
                "arn:aws:iam::111111111111:role/one",
                "arn:aws:iam::222222222222:role/two",
                "arn:aws:iam::333333333333:role/three",
            ],
            describe: "base -> one -> two -> three",
        },
        Case {
            name: "depth 5: four hops",
            config: LADDER,
            profile: "four",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            hops: &["one", "two", "three", "four"],
            arns: &[
                "arn:aws:iam::111111111111:role/one",
                "arn:aws:iam::222222222222:role/two",
                "arn:aws:iam::333333333333:role/three",
                "arn:aws:iam::444444444444:role/four",
            ],
            describe: "base -> one -> two -> three -> four",
        },
        Case {
            name: "depth 3 over credential_source = Environment",
            config: LADDER,
            profile: "deploy",
            env: env_keys,
            origin: "environment",
            access_key_id: "AKIDENV",
            hops: &["ci", "deploy"],
            arns: &[
                "arn:aws:iam::555555555555:role/ci",
                "arn:aws:iam::666666666666:role/deploy",
            ],
            describe: "environment -> ci -> deploy",
        },
    ];
    for c in &cases {
        let chain = resolve_ok(c.name, c.config, c.profile, c.env);
        assert_eq!(chain.profile, c.profile, "case `{}`: chain.profile", c.name);
        assert_eq!(
            chain.base.as_ref().unwrap().origin,
            c.origin,
            "case `{}`: base origin",
            c.name
        );
        assert_eq!(
            chain.base.as_ref().unwrap().access_key_id,
            c.access_key_id,
            "case `{}`: base key id",
            c.name
        );
        assert_eq!(hop_profiles(&chain), c.hops, "case `{}`: hop order", c.name);
        assert_eq!(hop_arns(&chain), c.arns, "case `{}`: role_arns", c.name);
        assert_eq!(
            chain.describe(),
            c.describe,
            "case `{}`: describe()",
            c.name
        );
        // Every link has its own well-formed key.
        let keys = all_keys(&chain);
        for (i, k) in keys.iter().enumerate() {
            assert!(is_key_format(k), "case `{}`: link {i} key {k:?}", c.name);
            assert!(
                !keys[..i].contains(k),
                "case `{}`: link {i} repeats a key",
                c.name
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Source profiles
// ---------------------------------------------------------------------------

#[test]
fn source_profiles() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        origin: &'static str,
        access_key_id: &'static str,
        hops: &'static [&'static str],
        arns: &'static [&'static str],
    }
    let cases = [
        Case {
            // `src`'s own source_profile names a profile that does not exist:
            // walking it would fail, so this also proves it is not walked.
            name: "a source profile's static keys win over its role_arn",
            config: concat!(
                keys!("src", "AKIDSRC"),
                "role_arn = arn:aws:iam::111111111111:role/ignored\n\
                 source_profile = nowhere\n",
                role!("top", "222222222222", "src")
            ),
            profile: "top",
            origin: "src",
            access_key_id: "AKIDSRC",
            hops: &["top"],
            arns: &["arn:aws:iam::222222222222:role/top"],
        },
        Case {
            name: "a selected profile with keys and role_arn + source_profile uses the role",
            config: concat!(
                keys!("base", "AKIDBASE"),
                keys!("both", "AKIDBOTH"),
                "role_arn = arn:aws:iam::333333333333:role/both\n\
                 source_profile = base\n"
            ),
            profile: "both",
            origin: "base",
            access_key_id: "AKIDBASE",
            hops: &["both"],
            arns: &["arn:aws:iam::333333333333:role/both"],
        },
        Case {
            name: "source_profile = itself with keys: its keys, then its role",
            config: concat!(
                keys!("me", "AKIDME"),
                "role_arn = arn:aws:iam::444444444444:role/me\n\
                 source_profile = me\n"
            ),
            profile: "me",
            origin: "me",
            access_key_id: "AKIDME",
            hops: &["me"],
            arns: &["arn:aws:iam::444444444444:role/me"],
        },
        Case {
            name: "a self-sourcing profile used as a source contributes only its keys",
            config: concat!(
                keys!("me", "AKIDME"),
                "role_arn = arn:aws:iam::444444444444:role/me\n\
                 source_profile = me\n",
                role!("top", "555555555555", "me")
            ),
            profile: "top",
            origin: "me",
            access_key_id: "AKIDME",
            hops: &["top"],
            arns: &["arn:aws:iam::555555555555:role/top"],
        },
        Case {
            name: "keys in the middle of a chain stop the walk there",
            config: concat!(
                keys!("root", "AKIDROOT"),
                keys!("mid", "AKIDMID"),
                "role_arn = arn:aws:iam::666666666666:role/mid\n\
                 source_profile = root\n",
                role!("top", "777777777777", "mid")
            ),
            profile: "top",
            origin: "mid",
            access_key_id: "AKIDMID",
            hops: &["top"],
            arns: &["arn:aws:iam::777777777777:role/top"],
        },
        Case {
            name: "the same middle profile selected directly uses its role",
            config: concat!(
                keys!("root", "AKIDROOT"),
                keys!("mid", "AKIDMID"),
                "role_arn = arn:aws:iam::666666666666:role/mid\n\
                 source_profile = root\n"
            ),
            profile: "mid",
            origin: "root",
            access_key_id: "AKIDROOT",
            hops: &["mid"],
            arns: &["arn:aws:iam::666666666666:role/mid"],
        },
    ];
    for c in &cases {
        let chain = resolve_ok(c.name, c.config, c.profile, NO_ENV);
        assert_eq!(
            chain.base.as_ref().unwrap().origin,
            c.origin,
            "case `{}`: base origin",
            c.name
        );
        assert_eq!(
            chain.base.as_ref().unwrap().access_key_id,
            c.access_key_id,
            "case `{}`: base key id",
            c.name
        );
        assert_eq!(hop_profiles(&chain), c.hops, "case `{}`: hops", c.name);
        assert_eq!(hop_arns(&chain), c.arns, "case `{}`: role_arns", c.name);
    }
}

// ---------------------------------------------------------------------------
// Cycles
// ---------------------------------------------------------------------------

#[test]
fn cycles() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        path: &'static [&'static str],
    }
    let cases = [
        Case {
            name: "a -> b -> a",
            config: concat!(
                role!("a", "111111111111", "b"),
                role!("b", "222222222222", "a")
            ),
            profile: "a",
            path: &["a", "b", "a"],
        },
        Case {
            name: "self-loop without keys",
            config: role!("s", "111111111111", "s"),
            profile: "s",
            path: &["s", "s"],
        },
        Case {
            name: "self-loop without keys reached as a source",
            config: concat!(
                role!("top", "111111111111", "s"),
                role!("s", "222222222222", "s")
            ),
            profile: "top",
            path: &["top", "s", "s"],
        },
        Case {
            name: "three-profile loop entered in the middle",
            config: concat!(
                role!("a", "111111111111", "b"),
                role!("b", "222222222222", "c"),
                role!("c", "333333333333", "a")
            ),
            profile: "b",
            path: &["b", "c", "a", "b"],
        },
        Case {
            name: "loop below the selected profile",
            config: concat!(
                role!("top", "111111111111", "a"),
                role!("a", "222222222222", "b"),
                role!("b", "333333333333", "a")
            ),
            profile: "top",
            path: &["top", "a", "b", "a"],
        },
        Case {
            // As in botocore and the Rust SDK: revisiting a profile is a loop
            // even when that profile has keys (only `source_profile = itself`
            // is allowed).
            name: "a -> b -> a where a has keys",
            config: concat!(
                keys!("a", "AKIDA"),
                "role_arn = arn:aws:iam::111111111111:role/a\n\
                 source_profile = b\n",
                role!("b", "222222222222", "a")
            ),
            profile: "a",
            path: &["a", "b", "a"],
        },
    ];
    for c in &cases {
        match resolve_err(c.name, c.config, c.profile, NO_ENV) {
            Error::Cycle {
                profile,
                path,
                start,
                location,
            } => {
                assert_eq!(profile, c.profile, "case `{}`: Cycle.profile", c.name);
                assert_eq!(path, c.path, "case `{}`: Cycle.path", c.name);
                assert_eq!(Some(&start), path.last(), "case `{}`: Cycle.start", c.name);
                // The files are not on disk here: the location falls back
                // to the config file (tests/it/errors.rs checks the line).
                assert_eq!(location, CONFIG_FILE, "case `{}`: Cycle.location", c.name);
            }
            other => panic!("case `{}`: expected Cycle, got {other:?}", c.name),
        }
    }
}

// ---------------------------------------------------------------------------
// Missing and invalid pieces
// ---------------------------------------------------------------------------

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

#[test]
fn missing_and_invalid() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        env: Env,
        want: Want,
    }
    let config_with_names = concat!(
        keys!("prod", "AKIDPROD"),
        keys!("dev", "AKIDDEV"),
        keys!("staging", "AKIDSTAGING")
    );
    let cases = [
        // -- not found
        Case {
            name: "typo `prdo` suggests `prod`",
            config: config_with_names,
            profile: "prdo",
            env: NO_ENV,
            want: Want::NotFound {
                suggestions: &["prod"],
            },
        },
        Case {
            name: "prefix `stag` suggests `staging`",
            config: config_with_names,
            profile: "stag",
            env: NO_ENV,
            want: Want::NotFound {
                suggestions: &["staging"],
            },
        },
        Case {
            name: "nothing close: no suggestions",
            config: config_with_names,
            profile: "completely-unrelated",
            env: NO_ENV,
            want: Want::NotFound { suggestions: &[] },
        },
        Case {
            name: "no profiles at all",
            config: "",
            profile: "default",
            env: NO_ENV,
            want: Want::NotFound { suggestions: &[] },
        },
        // -- missing source_profile
        Case {
            name: "missing source_profile names both profiles",
            config: role!("orphan", "111111111111", "ghost"),
            profile: "orphan",
            env: NO_ENV,
            want: Want::MissingSource {
                profile: "orphan",
                source: "ghost",
            },
        },
        Case {
            name: "missing source_profile deeper in the chain names the middle profile",
            config: concat!(
                role!("top", "111111111111", "mid"),
                role!("mid", "222222222222", "ghost")
            ),
            profile: "top",
            env: NO_ENV,
            want: Want::MissingSource {
                profile: "mid",
                source: "ghost",
            },
        },
        // -- no credentials
        Case {
            name: "empty profile",
            config: "[profile empty]\n\
                     region = eu-west-1",
            profile: "empty",
            env: NO_ENV,
            want: Want::NoCredentials { profile: "empty" },
        },
        Case {
            name: "empty source profile is named, not the selected one",
            config: concat!(
                role!("top", "111111111111", "empty"),
                "[profile empty]\n\
                 region = eu-west-1\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: Want::NoCredentials { profile: "empty" },
        },
        // -- invalid
        Case {
            name: "access key id without secret",
            config: "[profile half]\n\
                     aws_access_key_id = AKIDHALF",
            profile: "half",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "half",
                message: "no aws_secret_access_key",
            },
        },
        Case {
            name: "access key id without secret in a source profile",
            config: concat!(
                role!("top", "111111111111", "half"),
                "[profile half]\n\
                 aws_access_key_id = AKIDHALF\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "half",
                message: "no aws_secret_access_key",
            },
        },
        Case {
            name: "role_arn without a source",
            config: "[profile lone]\n\
                     role_arn = arn:aws:iam::111111111111:role/lone",
            profile: "lone",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "lone",
                message: "role_arn without source_profile or credential_source",
            },
        },
        Case {
            name: "both source_profile and credential_source",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("both", "111111111111", "base"),
                "credential_source = Environment\n"
            ),
            profile: "both",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "both",
                message: "both source_profile and credential_source",
            },
        },
        Case {
            name: "duration_seconds = abc",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "duration_seconds = abc\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "r",
                message: "duration_seconds = `abc`",
            },
        },
        Case {
            name: "duration_seconds = 100 (below 900)",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "duration_seconds = 100\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "r",
                message: "duration_seconds = `100`",
            },
        },
        Case {
            name: "duration_seconds = 50000 (above 43200)",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "duration_seconds = 50000\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "r",
                message: "duration_seconds = `50000`",
            },
        },
        Case {
            name: "duration_seconds = 899 (just below the range)",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "duration_seconds = 899\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "r",
                message: "duration_seconds = `899`",
            },
        },
        Case {
            name: "bad duration_seconds in a middle hop names that hop",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                "duration_seconds = 43201\n",
                role!("top", "222222222222", "mid")
            ),
            profile: "top",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "mid",
                message: "duration_seconds = `43201`",
            },
        },
        // -- credential_source
        Case {
            name: "unknown credential_source",
            config: "[profile r]\n\
                     role_arn = arn:aws:iam::111111111111:role/r\n\
                     credential_source = Bogus",
            profile: "r",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "r",
                message: "unknown credential_source `Bogus`",
            },
        },
        Case {
            name: "credential_source = Environment without env keys",
            config: "[profile r]\n\
                     role_arn = arn:aws:iam::111111111111:role/r\n\
                     credential_source = Environment",
            profile: "r",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "r",
                message: "credential_source = Environment",
            },
        },
        Case {
            name: "credential_source = Environment with an access key id but no secret",
            config: "[profile r]\n\
                     role_arn = arn:aws:iam::111111111111:role/r\n\
                     credential_source = Environment",
            profile: "r",
            env: Env {
                access_key_id_only: Some("AKIDENV"),
                ..NO_ENV
            },
            want: Want::Invalid {
                profile: "r",
                message: "credential_source = Environment",
            },
        },
        // -- SSO
        Case {
            name: "sso_session without its section",
            config: "[profile sso]\n\
                     sso_session = corp\n\
                     sso_account_id = 123456789012\n\
                     sso_role_name = Admin",
            profile: "sso",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "sso",
                message: "there is no [sso-session corp] section",
            },
        },
        Case {
            name: "sso-session without a region",
            config: "[sso-session corp]\n\
                     sso_start_url = https://corp.awsapps.com/start\n\
                     [profile sso]\n\
                     sso_session = corp\n\
                     sso_account_id = 123456789012\n\
                     sso_role_name = Admin",
            profile: "sso",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "sso",
                message: "[sso-session corp] has no sso_region",
            },
        },
        Case {
            name: "profile and sso-session disagree",
            config: "[sso-session corp]\n\
                     sso_start_url = https://corp.awsapps.com/start\n\
                     sso_region = eu-west-1\n\
                     [profile sso]\n\
                     sso_session = corp\n\
                     sso_region = us-east-1\n\
                     sso_account_id = 123456789012\n\
                     sso_role_name = Admin",
            profile: "sso",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "sso",
                message: "sets sso_region = us-east-1, but its [sso-session corp] says eu-west-1",
            },
        },
        Case {
            name: "sso without a role name",
            config: "[sso-session corp]\n\
                     sso_start_url = https://corp.awsapps.com/start\n\
                     sso_region = eu-west-1\n\
                     [profile sso]\n\
                     sso_session = corp\n\
                     sso_account_id = 123456789012",
            profile: "sso",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "sso",
                message: "has no sso_role_name",
            },
        },
        Case {
            name: "legacy sso_start_url without a region",
            config: "[profile sso]\n\
                     sso_start_url = https://corp.awsapps.com/start",
            profile: "sso",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "sso",
                message: "no sso_region",
            },
        },
        // -- unsupported sources
        Case {
            name: "web_identity_token_file alone",
            config: "[profile wi]\n\
                     web_identity_token_file = /tmp/token",
            profile: "wi",
            env: NO_ENV,
            want: Want::Invalid {
                profile: "wi",
                message: "web_identity_token_file without role_arn",
            },
        },
    ];
    for c in &cases {
        let err = resolve_err(c.name, c.config, c.profile, c.env);
        check_error(c.name, err, &c.want);
    }
}

/// Settings that look like the invalid ones above but are fine.
#[test]
fn accepted_settings() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        env: Env,
        origin: &'static str,
        access_key_id: &'static str,
        /// `duration_seconds` of each hop, the one nearest the base first.
        durations: &'static [Option<i32>],
    }
    let cases = [
        Case {
            name: "duration_seconds = 3600",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "duration_seconds = 3600\n"
            ),
            profile: "r",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            durations: &[Some(3600)],
        },
        Case {
            name: "duration_seconds at both ends of the range, per hop",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                "duration_seconds = 900\n",
                role!("top", "222222222222", "mid"),
                "duration_seconds = 43200\n"
            ),
            profile: "top",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            durations: &[Some(900), Some(43200)],
        },
        Case {
            name: "no duration_seconds",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base")
            ),
            profile: "r",
            env: NO_ENV,
            origin: "base",
            access_key_id: "AKIDBASE",
            durations: &[None],
        },
        Case {
            name: "credential_source = Environment with env keys",
            config: "[profile r]\n\
                     role_arn = arn:aws:iam::111111111111:role/r\n\
                     credential_source = Environment",
            profile: "r",
            env: Env {
                keys: Some(("AKIDENV", "env-secret")),
                session_token: Some("env-token"),
                ..NO_ENV
            },
            origin: "environment",
            access_key_id: "AKIDENV",
            durations: &[None],
        },
    ];
    for c in &cases {
        let chain = resolve_ok(c.name, c.config, c.profile, c.env);
        assert_eq!(
            chain.base.as_ref().unwrap().origin,
            c.origin,
            "case `{}`: origin",
            c.name
        );
        assert_eq!(
            chain.base.as_ref().unwrap().access_key_id,
            c.access_key_id,
            "case `{}`: key id",
            c.name
        );
        let durations: Vec<_> = chain
            .hops
            .iter()
            .map(|h| assume(h).duration_seconds)
            .collect();
        assert_eq!(durations, c.durations, "case `{}`: durations", c.name);
        if let Some((_, secret)) = c.env.keys {
            assert_eq!(
                chain.base.as_ref().unwrap().secret_access_key.expose(),
                secret,
                "case `{}`: secret",
                c.name
            );
            assert_eq!(
                chain
                    .base
                    .as_ref()
                    .unwrap()
                    .session_token
                    .as_ref()
                    .map(Secret::expose),
                c.env.session_token,
                "case `{}`: session token",
                c.name
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Cache keys
// ---------------------------------------------------------------------------

/// Which link of a chain to compare.
#[derive(Clone, Copy, Debug)]
enum Link {
    Base,
    Hop(usize),
}

fn link_key(chain: &Chain, link: Link) -> &str {
    match link {
        Link::Base => &chain.base.as_ref().unwrap().key,
        Link::Hop(i) => &chain.hops[i].key,
    }
}

/// Two chains sharing `mid` (and the base below it).
const SHARED: &str = concat!(
    keys!("base", "AKIDBASE"),
    role!("mid", "111111111111", "base"),
    role!("x", "222222222222", "mid"),
    role!("y", "333333333333", "mid"),
    "[profile z]\n\
     role_arn = arn:aws:iam::333333333333:role/y\n\
     source_profile = mid\n"
);

/// `mid` shared by selected profiles with different regions and endpoints.
const REGIONS: &str = concat!(
    keys!("base", "AKIDBASE"),
    role!("mid", "111111111111", "base"),
    role!("prod", "222222222222", "mid"),
    "region = eu-west-1\n",
    role!("dev", "333333333333", "mid"),
    "region = ap-southeast-2\n\
     [profile local]\n\
     role_arn = arn:aws:iam::333333333333:role/dev\n\
     source_profile = mid\n\
     endpoint_url = http://localhost:4566\n"
);

/// One role over a base; the cases below vary one line of it.
const ONE_HOP: &str = concat!(
    keys!("base", "AKIDBASE"),
    role!("r", "111111111111", "base")
);

#[test]
fn cache_keys() {
    struct Side {
        config: &'static str,
        profile: &'static str,
        env: Env,
    }
    struct Case {
        name: &'static str,
        a: Side,
        b: Side,
        link: Link,
        same: bool,
    }
    const fn side(config: &'static str, profile: &'static str) -> Side {
        Side {
            config,
            profile,
            env: NO_ENV,
        }
    }
    let cases = [
        Case {
            name: "two chains sharing a source link share its key",
            a: side(SHARED, "x"),
            b: side(SHARED, "y"),
            link: Link::Hop(0),
            same: true,
        },
        Case {
            name: "the shared link selected on its own has the same key",
            a: side(SHARED, "mid"),
            b: side(SHARED, "x"),
            link: Link::Hop(0),
            same: true,
        },
        Case {
            name: "two chains sharing a source share the base key",
            a: side(SHARED, "x"),
            b: side(SHARED, "y"),
            link: Link::Base,
            same: true,
        },
        Case {
            name: "different roles on the same parent differ",
            a: side(SHARED, "x"),
            b: side(SHARED, "y"),
            link: Link::Hop(1),
            same: false,
        },
        Case {
            name: "the same role under two profile names shares a key",
            a: side(SHARED, "y"),
            b: side(SHARED, "z"),
            link: Link::Hop(1),
            same: true,
        },
        Case {
            name: "resolving twice is deterministic",
            a: side(LADDER, "four"),
            b: side(LADDER, "four"),
            link: Link::Hop(3),
            same: true,
        },
        Case {
            name: "different access key ids give different base keys",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    keys!("base", "AKIDOTHER"),
                    role!("r", "111111111111", "base")
                ),
                "r",
            ),
            link: Link::Base,
            same: false,
        },
        Case {
            name: "different access key ids give different keys for the same role",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    keys!("base", "AKIDOTHER"),
                    role!("r", "111111111111", "base")
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "a changed access key id propagates to the top of a deep chain",
            a: side(LADDER, "four"),
            b: side(
                concat!(
                    keys!("base", "AKIDOTHER"),
                    role!("one", "111111111111", "base"),
                    role!("two", "222222222222", "one"),
                    role!("three", "333333333333", "two"),
                    role!("four", "444444444444", "three")
                ),
                "four",
            ),
            link: Link::Hop(3),
            same: false,
        },
        Case {
            name: "a changed middle role changes the key of the hop above it",
            a: side(SHARED, "x"),
            b: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    "[profile mid]\n\
                     role_arn = arn:aws:iam::111111111111:role/OTHER\n\
                     source_profile = base\n",
                    role!("x", "222222222222", "mid")
                ),
                "x",
            ),
            link: Link::Hop(1),
            same: false,
        },
        Case {
            name: "Environment keys with different ids differ",
            a: Side {
                config: "[profile r]\n\
                         role_arn = arn:aws:iam::111111111111:role/r\n\
                         credential_source = Environment",
                profile: "r",
                env: Env {
                    keys: Some(("AKIDENV1", "env-secret")),
                    ..NO_ENV
                },
            },
            b: Side {
                config: "[profile r]\n\
                         role_arn = arn:aws:iam::111111111111:role/r\n\
                         credential_source = Environment",
                profile: "r",
                env: Env {
                    keys: Some(("AKIDENV2", "env-secret")),
                    ..NO_ENV
                },
            },
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "external_id changes the key",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "external_id = ext-1\n"
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "a different external_id changes the key",
            a: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "external_id = ext-1\n"
                ),
                "r",
            ),
            b: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "external_id = ext-2\n"
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "duration_seconds changes the key",
            a: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "duration_seconds = 3600\n"
                ),
                "r",
            ),
            b: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "duration_seconds = 7200\n"
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "role_session_name changes the key",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "role_session_name = alice\n"
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "endpoint_url changes the key",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    keys!("base", "AKIDBASE"),
                    role!("r", "111111111111", "base"),
                    "endpoint_url = http://localhost:4566\n"
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "the env endpoint changes the key",
            a: side(ONE_HOP, "r"),
            b: Side {
                config: ONE_HOP,
                profile: "r",
                env: Env {
                    endpoint_url_sts: Some("https://sts.eu-west-1.amazonaws.com"),
                    ..NO_ENV
                },
            },
            link: Link::Hop(0),
            same: false,
        },
        Case {
            // The region does not change what a link's credentials are.
            name: "the region alone does not change the key",
            a: side(ONE_HOP, "r"),
            b: Side {
                config: ONE_HOP,
                profile: "r",
                env: Env {
                    region: Some("eu-west-1"),
                    ..NO_ENV
                },
            },
            link: Link::Hop(0),
            same: true,
        },
        Case {
            name: "chains whose selected profiles differ in region still share a link",
            a: side(REGIONS, "prod"),
            b: side(REGIONS, "dev"),
            link: Link::Hop(0),
            same: true,
        },
        Case {
            name: "a hop's own region does not split the link either",
            a: side(REGIONS, "mid"),
            b: side(REGIONS, "prod"),
            link: Link::Hop(0),
            same: true,
        },
        Case {
            name: "chains whose selected profiles differ in endpoint do not share a link",
            a: side(REGIONS, "dev"),
            b: side(REGIONS, "local"),
            link: Link::Hop(0),
            same: false,
        },
        Case {
            name: "changing only the secret keeps the base key",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    "[profile base]\n\
                     aws_access_key_id = AKIDBASE\n\
                     aws_secret_access_key = ROTATED-secret\n",
                    role!("r", "111111111111", "base")
                ),
                "r",
            ),
            link: Link::Base,
            same: true,
        },
        Case {
            name: "changing only the secret keeps the hop key",
            a: side(ONE_HOP, "r"),
            b: side(
                concat!(
                    "[profile base]\n\
                     aws_access_key_id = AKIDBASE\n\
                     aws_secret_access_key = ROTATED-secret\n",
                    role!("r", "111111111111", "base")
                ),
                "r",
            ),
            link: Link::Hop(0),
            same: true,
        },
        Case {
            name: "changing only the env secret keeps the key",
            a: Side {
                config: "[profile r]\n\
                         role_arn = arn:aws:iam::111111111111:role/r\n\
                         credential_source = Environment",
                profile: "r",
                env: Env {
                    keys: Some(("AKIDENV", "env-secret-1")),
                    ..NO_ENV
                },
            },
            b: Side {
                config: "[profile r]\n\
                         role_arn = arn:aws:iam::111111111111:role/r\n\
                         credential_source = Environment",
                profile: "r",
                env: Env {
                    keys: Some(("AKIDENV", "env-secret-2")),
                    ..NO_ENV
                },
            },
            link: Link::Hop(0),
            same: true,
        },
    ];
    for c in &cases {
        let a = resolve_ok(c.name, c.a.config, c.a.profile, c.a.env);
        let b = resolve_ok(c.name, c.b.config, c.b.profile, c.b.env);
        let (ka, kb) = (link_key(&a, c.link), link_key(&b, c.link));
        if c.same {
            assert_eq!(ka, kb, "case `{}`: {:?} keys should match", c.name, c.link);
        } else {
            assert_ne!(ka, kb, "case `{}`: {:?} keys should differ", c.name, c.link);
        }
    }
}

#[test]
fn cache_key_format_and_secrecy() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        env: Env,
        /// Secret values that must appear in no key.
        secrets: &'static [&'static str],
    }
    // The secrets are lowercase hex on purpose: a key that *was* the secret,
    // or a prefix of it, would pass a format check but fail here.
    let cases = [
        Case {
            name: "static base, two hops",
            config: concat!(
                "[profile base]\n\
                 aws_access_key_id = AKIDBASE\n\
                 aws_secret_access_key = 0123456789abcdef0123456789abcdef\n\
                 aws_session_token = fedcba9876543210fedcba9876543210\n",
                role!("mid", "111111111111", "base"),
                role!("top", "222222222222", "mid")
            ),
            profile: "top",
            env: NO_ENV,
            secrets: &[
                "0123456789abcdef0123456789abcdef",
                "fedcba9876543210fedcba9876543210",
            ],
        },
        Case {
            name: "Environment base",
            config: "[profile r]\n\
                     role_arn = arn:aws:iam::111111111111:role/r\n\
                     credential_source = Environment",
            profile: "r",
            env: Env {
                keys: Some(("AKIDENV", "aaaabbbbccccddddeeeeffff00001111")),
                session_token: Some("1111222233334444555566667777888899990000"),
                ..NO_ENV
            },
            secrets: &[
                "aaaabbbbccccddddeeeeffff00001111",
                "1111222233334444555566667777888899990000",
            ],
        },
    ];
    for c in &cases {
        let chain = resolve_ok(c.name, c.config, c.profile, c.env);
        // The secret made it into the chain, so the checks below mean something.
        assert_eq!(
            chain.base.as_ref().unwrap().secret_access_key.expose(),
            c.secrets[0],
            "case `{}`",
            c.name
        );
        for key in all_keys(&chain) {
            assert!(
                is_key_format(key),
                "case `{}`: key {key:?} is not 32 lowercase hex chars",
                c.name
            );
            for secret in c.secrets {
                assert!(
                    !key.contains(secret),
                    "case `{}`: key contains a secret",
                    c.name
                );
                assert!(
                    !secret.contains(key),
                    "case `{}`: key is part of a secret",
                    c.name
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// STS target
// ---------------------------------------------------------------------------

#[test]
fn sts_target() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        env: Env,
        /// (hop profile, region, endpoint) for each hop, the one nearest the base first.
        want: &'static [(&'static str, &'static str, Option<&'static str>)],
    }
    const LOCAL: &str = "http://localhost:4566";
    let cases = [
        // -- region
        Case {
            name: "default region is us-east-1",
            config: ONE_HOP,
            profile: "r",
            env: NO_ENV,
            want: &[("r", "us-east-1", None)],
        },
        Case {
            name: "env region beats every profile",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                "region = ap-south-1\n",
                role!("top", "222222222222", "mid"),
                "region = eu-west-1\n"
            ),
            profile: "top",
            env: Env {
                region: Some("ca-central-1"),
                ..NO_ENV
            },
            want: &[("mid", "ca-central-1", None), ("top", "ca-central-1", None)],
        },
        Case {
            name: "the hop profile's region beats the selected profile's",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                "region = ap-south-1\n",
                role!("top", "222222222222", "mid"),
                "region = eu-west-1\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: &[("mid", "ap-south-1", None), ("top", "eu-west-1", None)],
        },
        Case {
            name: "a hop without a region takes the selected profile's",
            config: concat!(
                keys!("base", "AKIDBASE"),
                "region = sa-east-1\n",
                role!("mid", "111111111111", "base"),
                role!("top", "222222222222", "mid"),
                "region = eu-west-1\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: &[("mid", "eu-west-1", None), ("top", "eu-west-1", None)],
        },
        Case {
            name: "the static base profile's region is not used",
            config: concat!(
                keys!("base", "AKIDBASE"),
                "region = sa-east-1\n",
                role!("r", "111111111111", "base")
            ),
            profile: "r",
            env: NO_ENV,
            want: &[("r", "us-east-1", None)],
        },
        // -- endpoint
        Case {
            name: "AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL and the profile",
            config: concat!(
                "[services local]\n\
                 sts =\n  endpoint_url = http://services:1\n",
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "services = local\n\
                 endpoint_url = http://profile:2\n"
            ),
            profile: "r",
            env: Env {
                endpoint_url_sts: Some("http://env-sts:3"),
                endpoint_url: Some("http://env-all:4"),
                ..NO_ENV
            },
            want: &[("r", "us-east-1", Some("http://env-sts:3"))],
        },
        Case {
            name: "AWS_ENDPOINT_URL beats the services section",
            config: concat!(
                "[services local]\n\
                 sts =\n  endpoint_url = http://services:1\n",
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "services = local\n\
                 endpoint_url = http://profile:2\n"
            ),
            profile: "r",
            env: Env {
                endpoint_url: Some("http://env-all:4"),
                ..NO_ENV
            },
            want: &[("r", "us-east-1", Some("http://env-all:4"))],
        },
        Case {
            name: "the services sts endpoint beats the profile's endpoint_url",
            config: concat!(
                "[services local]\n\
                 sts =\n  endpoint_url = http://services:1\n",
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "services = local\n\
                 endpoint_url = http://profile:2\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: &[("r", "us-east-1", Some("http://services:1"))],
        },
        Case {
            name: "the profile's endpoint_url alone",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "endpoint_url = http://profile:2\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: &[("r", "us-east-1", Some("http://profile:2"))],
        },
        Case {
            name: "services naming a section without an sts endpoint falls back to endpoint_url",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "services = nothing-for-sts\n\
                 endpoint_url = http://profile:2\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: &[("r", "us-east-1", Some("http://profile:2"))],
        },
        Case {
            name: "a hop's own endpoint beats the selected profile's services",
            config: concat!(
                "[services local]\n\
                 sts =\n  endpoint_url = http://services:1\n",
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                "endpoint_url = http://mid:5\n",
                role!("top", "222222222222", "mid"),
                "services = local\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: &[
                ("mid", "us-east-1", Some("http://mid:5")),
                ("top", "us-east-1", Some("http://services:1")),
            ],
        },
        Case {
            name: "a hop without an endpoint takes the selected profile's",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                role!("top", "222222222222", "mid"),
                "endpoint_url = http://localhost:4566\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: &[
                ("mid", "us-east-1", Some(LOCAL)),
                ("top", "us-east-1", Some(LOCAL)),
            ],
        },
        // -- ignore_configured_endpoint_urls
        Case {
            name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drops env and profile endpoints",
            config: concat!(
                "[services local]\n\
                 sts =\n  endpoint_url = http://services:1\n",
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "services = local\n\
                 endpoint_url = http://profile:2\n"
            ),
            profile: "r",
            env: Env {
                endpoint_url_sts: Some("http://env-sts:3"),
                endpoint_url: Some("http://env-all:4"),
                ignore: Some(true),
                ..NO_ENV
            },
            want: &[("r", "us-east-1", None)],
        },
        Case {
            name: "ignore_configured_endpoint_urls = true in the profile drops everything",
            config: concat!(
                "[services local]\n\
                 sts =\n  endpoint_url = http://services:1\n",
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "services = local\n\
                 endpoint_url = http://profile:2\n\
                 ignore_configured_endpoint_urls = true\n"
            ),
            profile: "r",
            env: Env {
                endpoint_url_sts: Some("http://env-sts:3"),
                endpoint_url: Some("http://env-all:4"),
                ..NO_ENV
            },
            want: &[("r", "us-east-1", None)],
        },
        Case {
            name: "ignore_configured_endpoint_urls = TRUE in the selected profile covers lower hops",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("mid", "111111111111", "base"),
                "endpoint_url = http://mid:5\n",
                role!("top", "222222222222", "mid"),
                "ignore_configured_endpoint_urls = TRUE\n"
            ),
            profile: "top",
            env: NO_ENV,
            want: &[("mid", "us-east-1", None), ("top", "us-east-1", None)],
        },
        Case {
            name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false overrides the profile's true",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "endpoint_url = http://profile:2\n\
                 ignore_configured_endpoint_urls = true\n"
            ),
            profile: "r",
            env: Env {
                ignore: Some(false),
                ..NO_ENV
            },
            want: &[("r", "us-east-1", Some("http://profile:2"))],
        },
        Case {
            name: "ignore_configured_endpoint_urls = false keeps the endpoint",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("r", "111111111111", "base"),
                "endpoint_url = http://profile:2\n\
                 ignore_configured_endpoint_urls = false\n"
            ),
            profile: "r",
            env: NO_ENV,
            want: &[("r", "us-east-1", Some("http://profile:2"))],
        },
    ];
    for c in &cases {
        let chain = resolve_ok(c.name, c.config, c.profile, c.env);
        let got: Vec<_> = chain
            .hops
            .iter()
            .map(|h| {
                (
                    h.profile.as_str(),
                    h.sts.region.as_str(),
                    h.sts.endpoint_url.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, c.want, "case `{}`: (hop, region, endpoint)", c.name);
    }
}

// ---------------------------------------------------------------------------
// Ad-hoc chains
// ---------------------------------------------------------------------------

#[test]
fn ad_hoc() {
    struct Case {
        name: &'static str,
        config: &'static str,
        source: &'static str,
        env: Env,
        role_arn: &'static str,
        external_id: Option<&'static str>,
        duration_seconds: Option<i32>,
        session_name: Option<&'static str>,
        describe: &'static str,
        region: &'static str,
        endpoint: Option<&'static str>,
    }
    const ARN: &str = "arn:aws:iam::999999999999:role/adhoc";
    let cases = [
        Case {
            name: "on a static source",
            config: LADDER,
            source: "base",
            env: NO_ENV,
            role_arn: ARN,
            external_id: None,
            duration_seconds: None,
            session_name: None,
            describe: "base -> base+arn:aws:iam::999999999999:role/adhoc",
            region: "us-east-1",
            endpoint: None,
        },
        Case {
            name: "on a source with one hop, with every option",
            config: LADDER,
            source: "one",
            env: NO_ENV,
            role_arn: ARN,
            external_id: Some("ext-42"),
            duration_seconds: Some(1800),
            session_name: Some("alice"),
            describe: "base -> one -> one+arn:aws:iam::999999999999:role/adhoc",
            region: "us-east-1",
            endpoint: None,
        },
        Case {
            name: "on a source with four hops",
            config: LADDER,
            source: "four",
            env: NO_ENV,
            role_arn: ARN,
            external_id: Some("ext-7"),
            duration_seconds: Some(43200),
            session_name: None,
            describe: "base -> one -> two -> three -> four -> four+arn:aws:iam::999999999999:role/adhoc",
            region: "us-east-1",
            endpoint: None,
        },
        Case {
            name: "the source profile's region and endpoint apply to the ad-hoc hop",
            config: concat!(
                keys!("base", "AKIDBASE"),
                role!("src", "111111111111", "base"),
                "region = eu-central-1\n\
                 endpoint_url = http://localhost:4566\n"
            ),
            source: "src",
            env: NO_ENV,
            role_arn: ARN,
            external_id: None,
            duration_seconds: Some(900),
            session_name: None,
            describe: "base -> src -> src+arn:aws:iam::999999999999:role/adhoc",
            region: "eu-central-1",
            endpoint: Some("http://localhost:4566"),
        },
        Case {
            name: "env region applies to the ad-hoc hop",
            config: LADDER,
            source: "base",
            env: Env {
                region: Some("us-west-2"),
                ..NO_ENV
            },
            role_arn: ARN,
            external_id: None,
            duration_seconds: None,
            session_name: None,
            describe: "base -> base+arn:aws:iam::999999999999:role/adhoc",
            region: "us-west-2",
            endpoint: None,
        },
    ];
    for c in &cases {
        let p = profiles(c.config);
        let env = c.env.snapshot();
        let role = AdHocRole {
            role_arn: c.role_arn.to_string(),
            external_id: c.external_id.map(str::to_string),
            duration_seconds: c.duration_seconds,
            session_name: c.session_name.map(str::to_string),
        };
        let chain = resolve_ad_hoc(&p, c.source, &role, &env)
            .unwrap_or_else(|e| panic!("case `{}`: {e:?}", c.name));
        let plain = resolve(&p, c.source, &env).expect("source resolves");
        let n = c.name;

        assert_eq!(chain.describe(), c.describe, "case `{n}`: describe()");
        let want_profile = format!("{}+{}", c.source, c.role_arn);
        assert_eq!(chain.profile, want_profile, "case `{n}`: chain.profile");
        assert_eq!(chain.base, plain.base, "case `{n}`: base unchanged");
        assert_eq!(
            chain.hops[..plain.hops.len()],
            plain.hops[..],
            "case `{n}`: lower hops unchanged"
        );
        assert_eq!(
            chain.hops.len(),
            plain.hops.len() + 1,
            "case `{n}`: one extra hop"
        );

        let last = chain.hops.last().expect("ad-hoc hop");
        assert_eq!(last.profile, want_profile, "case `{n}`: hop profile");
        assert_eq!(assume(last).role_arn, c.role_arn, "case `{n}`: role_arn");
        assert_eq!(
            assume(last).external_id.as_deref(),
            c.external_id,
            "case `{n}`: external_id"
        );
        assert_eq!(
            assume(last).duration_seconds,
            c.duration_seconds,
            "case `{n}`: duration"
        );
        assert_eq!(
            assume(last).session_name.as_deref(),
            c.session_name,
            "case `{n}`: session name"
        );
        assert_eq!(last.sts.region, c.region, "case `{n}`: region");
        assert_eq!(
            last.sts.endpoint_url.as_deref(),
            c.endpoint,
            "case `{n}`: endpoint"
        );
        assert!(is_key_format(&last.key), "case `{n}`: key format");

        // The key depends on the parent's: rotate the base access key id and
        // the ad-hoc hop's key must change; repeat and it must not.
        let parent = plain
            .hops
            .last()
            .map_or(&plain.base.as_ref().unwrap().key, |h| &h.key);
        assert_ne!(&last.key, parent, "case `{n}`: hop key equals parent key");
        let again = resolve_ad_hoc(&p, c.source, &role, &env).expect("again");
        assert_eq!(
            again.hops.last().map(|h| &h.key),
            Some(&last.key),
            "case `{n}`: deterministic"
        );
        let rotated = profiles(&c.config.replace("AKIDBASE", "AKIDROTATED"));
        let rotated = resolve_ad_hoc(&rotated, c.source, &role, &env).expect("rotated");
        assert_ne!(
            rotated.base.as_ref().unwrap().key,
            chain.base.as_ref().unwrap().key,
            "case `{n}`: rotation changes the base key"
        );
        assert_ne!(
            rotated.hops.last().map(|h| &h.key),
            Some(&last.key),
            "case `{n}`: ad-hoc key ignores its parent"
        );
    }
}

/// Ad-hoc keys compared across sources and role options.
#[test]
fn ad_hoc_keys() {
    struct Case {
        name: &'static str,
        a: (&'static str, Option<&'static str>),
        b: (&'static str, Option<&'static str>),
        same: bool,
    }
    const ARN: &str = "arn:aws:iam::111111111111:role/one";
    let cases = [
        Case {
            name: "the same role on different parents differs",
            a: ("base", None),
            b: ("one", None),
            same: false,
        },
        Case {
            name: "the same role on two deeper parents differs",
            a: ("two", None),
            b: ("three", None),
            same: false,
        },
        Case {
            name: "external_id changes the ad-hoc key",
            a: ("one", None),
            b: ("one", Some("ext")),
            same: false,
        },
        Case {
            name: "same source and options: same key",
            a: ("two", Some("ext")),
            b: ("two", Some("ext")),
            same: true,
        },
    ];
    let p = profiles(LADDER);
    let env = EnvSnapshot::default();
    let key = |(source, external_id): (&str, Option<&str>)| {
        let role = AdHocRole {
            role_arn: ARN.to_string(),
            external_id: external_id.map(str::to_string),
            ..AdHocRole::default()
        };
        let chain = resolve_ad_hoc(&p, source, &role, &env).expect("resolves");
        chain.hops.last().expect("ad-hoc hop").key.clone()
    };
    for c in &cases {
        let (ka, kb) = (key(c.a), key(c.b));
        assert_eq!(ka == kb, c.same, "case `{}`: {ka} vs {kb}", c.name);
    }

    // An ad-hoc role identical to a profile's role on the same parent shares
    // that profile hop's cache entry (the profile name is not in the key).
    let by_profile = resolve(&p, "one", &env).expect("one");
    assert_eq!(
        key(("base", None)),
        by_profile.hops[0].key,
        "ad-hoc == profile hop"
    );
}

#[test]
fn ad_hoc_errors() {
    struct Case {
        name: &'static str,
        config: &'static str,
        source: &'static str,
        want: Want,
    }
    let cases = [
        Case {
            name: "missing source profile",
            config: BASE,
            source: "bsae",
            want: Want::NotFound {
                suggestions: &["base"],
            },
        },
        Case {
            name: "source without credentials",
            config: "[profile empty]\n\
                     region = eu-west-1",
            source: "empty",
            want: Want::NoCredentials { profile: "empty" },
        },
    ];
    let role = AdHocRole {
        role_arn: "arn:aws:iam::111111111111:role/x".to_string(),
        ..AdHocRole::default()
    };
    for c in &cases {
        match resolve_ad_hoc(
            &profiles(c.config),
            c.source,
            &role,
            &EnvSnapshot::default(),
        ) {
            Ok(chain) => panic!(
                "case `{}`: expected an error, got {}",
                c.name,
                chain.describe()
            ),
            Err(e) => check_error(c.name, e, &c.want),
        }
    }
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

#[test]
fn debug_never_shows_secrets() {
    struct Case {
        name: &'static str,
        config: &'static str,
        profile: &'static str,
        env: Env,
        ad_hoc: Option<&'static str>,
        secret: &'static str,
        token: Option<&'static str>,
    }
    let cases = [
        Case {
            name: "static keys with a session token",
            config: "[profile base]\n\
                     aws_access_key_id = AKIDBASE\n\
                     aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET\n\
                     aws_session_token = FwoGZXIvYXdzEXAMPLETOKEN",
            profile: "base",
            env: NO_ENV,
            ad_hoc: None,
            secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET",
            token: Some("FwoGZXIvYXdzEXAMPLETOKEN"),
        },
        Case {
            name: "role chain over static keys",
            config: concat!(
                "[profile base]\n\
                 aws_access_key_id = AKIDBASE\n\
                 aws_secret_access_key = chain-secret-value\n",
                role!("mid", "111111111111", "base"),
                role!("top", "222222222222", "mid")
            ),
            profile: "top",
            env: NO_ENV,
            ad_hoc: None,
            secret: "chain-secret-value",
            token: None,
        },
        Case {
            name: "Environment base with a session token",
            config: "[profile r]\n\
                     role_arn = arn:aws:iam::111111111111:role/r\n\
                     credential_source = Environment",
            profile: "r",
            env: Env {
                keys: Some(("AKIDENV", "env-secret-value")),
                session_token: Some("env-session-token-value"),
                ..NO_ENV
            },
            ad_hoc: None,
            secret: "env-secret-value",
            token: Some("env-session-token-value"),
        },
        Case {
            name: "ad-hoc chain",
            config: "[profile base]\n\
                     aws_access_key_id = AKIDBASE\n\
                     aws_secret_access_key = adhoc-secret-value\n\
                     aws_session_token = adhoc-token-value",
            profile: "base",
            env: NO_ENV,
            ad_hoc: Some("arn:aws:iam::999999999999:role/adhoc"),
            secret: "adhoc-secret-value",
            token: Some("adhoc-token-value"),
        },
    ];
    for c in &cases {
        let p = profiles(c.config);
        let env = c.env.snapshot();
        let chain = match c.ad_hoc {
            None => resolve(&p, c.profile, &env),
            Some(arn) => {
                let role = AdHocRole {
                    role_arn: arn.to_string(),
                    ..AdHocRole::default()
                };
                resolve_ad_hoc(&p, c.profile, &role, &env)
            }
        }
        .unwrap_or_else(|e| panic!("case `{}`: {e:?}", c.name));
        // The values are really in the chain...
        assert_eq!(
            chain.base.as_ref().unwrap().secret_access_key.expose(),
            c.secret,
            "case `{}`",
            c.name
        );
        assert_eq!(
            chain
                .base
                .as_ref()
                .unwrap()
                .session_token
                .as_ref()
                .map(Secret::expose),
            c.token,
            "case `{}`",
            c.name
        );
        // ...and no Debug form shows them.
        for shown in [
            format!("{chain:?}"),
            format!("{chain:#?}"),
            chain.describe(),
        ] {
            assert!(
                !shown.contains(c.secret),
                "case `{}`: secret in {shown}",
                c.name
            );
            if let Some(token) = c.token {
                assert!(
                    !shown.contains(token),
                    "case `{}`: token in {shown}",
                    c.name
                );
            }
        }
        assert!(
            format!("{chain:?}").contains("REDACTED"),
            "case `{}`: no redaction marker",
            c.name
        );
    }
}

// ---------------------------------------------------------------------------
// Links that are not plain roles: MFA sessions, web identity, instance
// metadata, containers, nested credential_process
// ---------------------------------------------------------------------------

const MFA_CONFIG: &str = concat!(
    keys!("base", "AKIDBASE"),
    keys!("other", "AKIDOTHER"),
    role!("a", "111111111111", "base"),
    "mfa_serial = arn:aws:iam::000000000000:mfa/me\n\
     mfa_process = pass otp aws\n",
    role!("b", "222222222222", "base"),
    "mfa_serial = arn:aws:iam::000000000000:mfa/me\n",
    role!("c", "333333333333", "other"),
    "mfa_serial = arn:aws:iam::000000000000:mfa/me\n",
    role!("above", "444444444444", "a"),
    "mfa_serial = arn:aws:iam::000000000000:mfa/me\n",
    keys!("keyed", "AKIDKEYED"),
    "mfa_serial = arn:aws:iam::000000000000:mfa/keyed\n\
     mfa_session_duration = 3600\n\
     [profile on-keyed]\n\
     role_arn = arn:aws:iam::555555555555:role/k\n\
     source_profile = keyed\n",
    keys!("temp", "ASIATEMP"),
    "aws_session_token = temp-token\n\
     [profile on-temp]\n\
     role_arn = arn:aws:iam::666666666666:role/t\n\
     source_profile = temp\n\
     mfa_serial = arn:aws:iam::000000000000:mfa/me\n"
);

fn kinds(chain: &Chain) -> Vec<&'static str> {
    chain.hops.iter().map(|h| h.call.kind()).collect()
}

#[test]
fn mfa_on_long_term_keys_is_a_session_link_shared_by_chains() {
    let a = resolve_ok("a", MFA_CONFIG, "a", NO_ENV);
    assert_eq!(kinds(&a), ["mfa-session", "role"]);
    assert_eq!(hop_profiles(&a), ["base", "a"]);
    let Call::SessionToken(session) = &a.hops[0].call else {
        panic!("{:?}", a.hops[0].call)
    };
    assert_eq!(session.mfa.serial, "arn:aws:iam::000000000000:mfa/me");
    assert_eq!(session.mfa.process.as_deref(), Some("pass otp aws"));
    assert_eq!(assume(&a.hops[1]).mfa, None, "the session carries the MFA");
    assert_eq!(a.describe(), "base -> base [mfa-session] -> a");

    let b = resolve_ok("b", MFA_CONFIG, "b", NO_ENV);
    assert_eq!(
        a.hops[0].key, b.hops[0].key,
        "same keys and serial: one session"
    );
    let c = resolve_ok("c", MFA_CONFIG, "c", NO_ENV);
    assert_ne!(
        a.hops[0].key, c.hops[0].key,
        "other keys: their own session"
    );
    let plain = resolve_ok("plain", BASE, "base", NO_ENV);
    assert!(plain.hops.is_empty(), "no mfa_serial, no session");
}

#[test]
fn mfa_on_the_keys_profile_or_above_a_temporary_source() {
    let keyed = resolve_ok("keyed", MFA_CONFIG, "on-keyed", NO_ENV);
    assert_eq!(kinds(&keyed), ["mfa-session", "role"]);
    let Call::SessionToken(session) = &keyed.hops[0].call else {
        panic!()
    };
    assert_eq!(session.duration_seconds, Some(3600));
    let alone = resolve_ok("keys alone", MFA_CONFIG, "keyed", NO_ENV);
    assert_eq!(kinds(&alone), ["mfa-session"]);
    assert_eq!(alone.hops[0].key, keyed.hops[0].key);

    // Above a role, the code goes with that hop's AssumeRole.
    let above = resolve_ok("above", MFA_CONFIG, "above", NO_ENV);
    assert_eq!(kinds(&above), ["mfa-session", "role", "role"]);
    assert_eq!(
        assume(&above.hops[2])
            .mfa
            .as_ref()
            .map(|m| m.serial.as_str()),
        Some("arn:aws:iam::000000000000:mfa/me")
    );
    // Temporary keys cannot call GetSessionToken.
    let temp = resolve_ok("temp", MFA_CONFIG, "on-temp", NO_ENV);
    assert_eq!(kinds(&temp), ["role"]);
    assert!(assume(&temp.hops[0]).mfa.is_some());
}

#[test]
fn starting_links_of_every_kind() {
    let config = "[profile wi]\n\
                  role_arn = arn:aws:iam::111111111111:role/wi\n\
                  web_identity_token_file = /var/run/token\n\
                  role_session_name = ci\n\
                  [profile on-wi]\n\
                  role_arn = arn:aws:iam::222222222222:role/top\n\
                  source_profile = wi\n\
                  [profile ec2]\n\
                  role_arn = arn:aws:iam::333333333333:role/ec2\n\
                  credential_source = Ec2InstanceMetadata\n\
                  [profile ecs]\n\
                  role_arn = arn:aws:iam::444444444444:role/ecs\n\
                  credential_source = EcsContainer\n\
                  [profile proc]\n\
                  credential_process = /bin/creds --profile 'a b'\n\
                  [profile on-proc]\n\
                  role_arn = arn:aws:iam::555555555555:role/p\n\
                  source_profile = proc";
    let cases: &[(&str, &[&str], &str)] = &[
        ("wi", &["web-identity"], "web-identity"),
        ("on-wi", &["web-identity", "role"], "web-identity"),
        (
            "ec2",
            &["ec2-instance-metadata", "role"],
            "ec2-instance-metadata",
        ),
        ("ecs", &["ecs-container", "role"], "ecs-container"),
        ("proc", &["credential-process"], "credential-process"),
        (
            "on-proc",
            &["credential-process", "role"],
            "credential-process",
        ),
    ];
    for (profile, want, start) in cases {
        let chain = resolve_ok(profile, config, profile, NO_ENV);
        assert_eq!(kinds(&chain), *want, "{profile}");
        assert_eq!(chain.start_kind(), *start, "{profile}");
        assert!(chain.base.is_none(), "{profile}");
    }
    let wi = resolve_ok("wi", config, "on-wi", NO_ENV);
    let Call::WebIdentity(w) = &wi.hops[0].call else {
        panic!()
    };
    assert_eq!(w.role_arn, "arn:aws:iam::111111111111:role/wi");
    assert_eq!(w.session_name.as_deref(), Some("ci"));
    assert_eq!(wi.hops[1].key.len(), 32);
}

#[test]
fn web_identity_from_the_environment() {
    let mut env = NO_ENV.snapshot();
    env.web_identity = Some(crate::link::EnvWebIdentity {
        token_file: "/t".into(),
        role_arn: "arn:aws:iam::111111111111:role/env".into(),
        session_name: None,
    });
    let chain = resolve(&profiles(""), "default", &env).unwrap();
    assert_eq!(kinds(&chain), ["web-identity"]);
    assert!(resolve(&profiles(""), "other", &env).is_err());
}

#[test]
fn a_profile_being_resolved_up_the_process_tree_fails_at_once() {
    let config = "[profile loop]\n\
                  credential_process = credbroker credential-process --profile loop\n\
                  [profile top]\n\
                  role_arn = arn:aws:iam::1:role/x\n\
                  source_profile = loop";
    let mut env = NO_ENV.snapshot();
    let chain = resolve(&profiles(config), "loop", &env).unwrap();
    let Call::Process(p) = &chain.hops[0].call else {
        panic!()
    };
    assert_eq!(p.resolving, ["loop"], "passed down to the command");
    env.resolving = p.resolving.clone();
    for name in ["loop", "top"] {
        check_error(
            name,
            resolve(&profiles(config), name, &env).unwrap_err(),
            &Want::Invalid {
                profile: "loop",
                message: "is already being resolved by a credbroker process up the process tree",
            },
        );
    }
}

#[test]
fn sso_profiles_start_chains() {
    let config = concat!(
        "[sso-session corp]\n\
         sso_start_url = https://corp.awsapps.com/start\n\
         sso_region = eu-west-1\n\
         sso_registration_scopes = sso:account:access, codewhisperer:completions\n\
         [profile dev]\n\
         sso_session = corp\n\
         sso_account_id = 111111111111\n\
         sso_role_name = Dev\n\
         [profile other-dev]\n\
         sso_session = corp\n\
         sso_account_id = 111111111111\n\
         sso_role_name = Dev\n\
         region = us-west-2\n",
        role!("admin", "222222222222", "dev"),
        "[profile legacy]\n\
         sso_start_url = https://corp.awsapps.com/start\n\
         sso_region = eu-west-1\n\
         sso_account_id = 111111111111\n\
         sso_role_name = Dev\n"
    );
    let env = EnvSnapshot {
        endpoint_url_sso: Some("http://127.0.0.1:1/portal".into()),
        ..EnvSnapshot::default()
    };
    let chain = resolve(&profiles(config), "admin", &env).unwrap();
    assert!(chain.base.is_none());
    assert_eq!(hop_profiles(&chain), ["dev", "admin"]);
    let Call::Sso(sso) = &chain.hops[0].call else {
        panic!("the first link is SSO");
    };
    assert_eq!(sso.session.name.as_deref(), Some("corp"));
    assert_eq!(sso.session.region, "eu-west-1");
    assert_eq!(
        sso.session.scopes,
        ["sso:account:access", "codewhisperer:completions"]
    );
    assert_eq!(
        sso.session.portal_endpoint.as_deref(),
        Some("http://127.0.0.1:1/portal")
    );
    assert_eq!(sso.target, "sso:111111111111/Dev");
    assert!(!chain.hops[0].call.needs_parent());
    assert_eq!(
        chain.hops[1].role_arn(),
        Some("arn:aws:iam::222222222222:role/admin")
    );
    // Two profiles naming the same session and role share the link.
    let dev = resolve(&profiles(config), "dev", &env).unwrap();
    let other = resolve(&profiles(config), "other-dev", &env).unwrap();
    assert_eq!(dev.hops[0].key, other.hops[0].key);
    let legacy = resolve(&profiles(config), "legacy", &env).unwrap();
    let Call::Sso(l) = &legacy.hops[0].call else {
        panic!("legacy is SSO");
    };
    assert_eq!(l.session.name, None);
    assert_ne!(legacy.hops[0].key, dev.hops[0].key);
}

/// The container and IMDS endpoint variables are part of those links' keys,
/// read from the [`EnvSnapshot`] (which the memo of resolved chains keys on),
/// so another endpoint is another link and another top hop.
#[test]
fn metadata_endpoint_variables_are_in_the_snapshot_and_the_keys() {
    let config = "[profile ec2]\n\
                  role_arn = arn:aws:iam::333333333333:role/ec2\n\
                  credential_source = Ec2InstanceMetadata\n\
                  [profile ecs]\n\
                  role_arn = arn:aws:iam::444444444444:role/ecs\n\
                  credential_source = EcsContainer";
    for (profile, var) in [
        ("ec2", "AWS_EC2_METADATA_SERVICE_ENDPOINT"),
        ("ecs", "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
    ] {
        let plain = resolve(&profiles(config), profile, &EnvSnapshot::default()).unwrap();
        let mut env = EnvSnapshot::default();
        env.source_endpoints
            .insert(var, "http://127.0.0.1:1/elsewhere".into());
        let moved = resolve(&profiles(config), profile, &env).unwrap();
        for link in 0..2 {
            assert_ne!(
                plain.hops[link].key, moved.hops[link].key,
                "{profile}: link {link} keeps its key when {var} changes"
            );
        }
        assert_ne!(
            format!("{:?}", EnvSnapshot::default()),
            format!("{env:?}"),
            "the memo's key must see {var}"
        );
    }
}

/// The configs above go through the SDK's parser, which drops a config
/// file's `[name]` section (only `[default]` and `[profile name]` are
/// profiles there); so does this file's [`profiles`], as the binary does.
#[test]
fn a_bare_section_in_the_config_file_is_not_a_profile() {
    let config = "[x]\n\
                  aws_access_key_id = AKIDX\n\
                  aws_secret_access_key = x-secret\n\
                  [default]\n\
                  aws_access_key_id = AKIDDEFAULT\n\
                  aws_secret_access_key = default-secret\n";
    let profiles = profiles(config);
    assert_eq!(profiles.names().collect::<Vec<_>>(), ["default"]);
    match resolve(&profiles, "x", &EnvSnapshot::default()) {
        Err(Error::InvalidProfile {
            profile, location, ..
        }) => {
            assert_eq!(profile, "x");
            assert_eq!(location, format!("{CONFIG_FILE} line 1"));
        }
        other => panic!("expected the dropped section to be reported, got {other:?}"),
    }
}
