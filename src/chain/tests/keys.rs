//! Cache keys: what each includes and what two chains share.

use super::*;

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
