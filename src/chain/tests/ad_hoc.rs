//! Ad-hoc chains (`--role-arn` on a source profile).

use super::*;

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
