//! Chains of depth 1 to 5.

use super::*;

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
