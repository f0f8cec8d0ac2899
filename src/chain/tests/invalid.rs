//! Missing and invalid pieces: each one error naming the profile.

use super::*;

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
