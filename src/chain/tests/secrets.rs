//! Secrets never reach Debug output or errors.

use super::*;

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
