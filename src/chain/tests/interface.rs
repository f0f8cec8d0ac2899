//! Every link kind through the one interface ([`Kind`]): its kind name,
//! label, key, and a round trip through the memo of resolved chains (the
//! cache-hit path rebuilds the last link from the memo alone).

use super::*;

const EVERY_KIND: &str = concat!(
    keys!("base", "AKIDBASE"),
    "[profile role]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = base\n",
    "[profile mfa-base]\naws_access_key_id = AKIDMFA\naws_secret_access_key = mfa-secret\n",
    "mfa_serial = arn:aws:iam::111111111111:mfa/me\nmfa_process = echo 123456\n",
    "[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/m\nsource_profile = mfa-base\n",
    "[profile role-mfa]\nrole_arn = arn:aws:iam::111111111111:role/rm\nsource_profile = sso\n",
    "mfa_serial = arn:aws:iam::111111111111:mfa/me\n",
    "[profile wi]\nrole_arn = arn:aws:iam::222222222222:role/wi\n",
    "web_identity_token_file = /var/run/token\n",
    "[profile ec2]\ncredential_source = Ec2InstanceMetadata\n",
    "role_arn = arn:aws:iam::333333333333:role/ec2\n",
    "[profile ecs]\ncredential_source = EcsContainer\n",
    "role_arn = arn:aws:iam::444444444444:role/ecs\n",
    "[profile proc]\ncredential_process = /bin/creds --token=s3cr3t\n",
    "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n",
    "[profile sso]\nsso_session = corp\nsso_account_id = 555555555555\nsso_role_name = Dev\n",
);

/// For each profile: the kind of the link the interface is asked about
/// (the chain's last, or the `index`-th), and its label.
#[test]
fn every_kind_answers_through_the_interface_and_survives_the_memo() {
    let cases: &[(&str, usize, &str, &str, Option<&str>)] = &[
        (
            "role",
            0,
            "role",
            "role (arn:aws:iam::111111111111:role/r)",
            Some("arn:aws:iam::111111111111:role/r"),
        ),
        (
            "mfa",
            0,
            "mfa-session",
            "mfa-base (arn:aws:iam::111111111111:mfa/me)",
            None,
        ),
        (
            "role-mfa",
            1,
            "role",
            "role-mfa (arn:aws:iam::111111111111:role/rm)",
            Some("arn:aws:iam::111111111111:role/rm"),
        ),
        (
            "wi",
            0,
            "web-identity",
            "wi (arn:aws:iam::222222222222:role/wi)",
            Some("arn:aws:iam::222222222222:role/wi"),
        ),
        (
            "ec2",
            0,
            "ec2-instance-metadata",
            "ec2 (instance metadata)",
            None,
        ),
        (
            "ecs",
            0,
            "ecs-container",
            "ecs (container credentials)",
            None,
        ),
        ("proc", 0, "credential-process", "proc (creds#", None),
        ("sso", 0, "sso", "sso (sso:555555555555/Dev)", None),
    ];
    let dir = tempfile::tempdir().unwrap();
    let files = [dir.path().join("config"), dir.path().join("credentials")];
    let env = NO_ENV.snapshot();
    let memo_key = crate::memo::key("", "any", &env, &[&files[0], &files[1]]).unwrap();
    for (profile, index, kind, label, role_arn) in cases {
        let chain = resolve_ok(profile, EVERY_KIND, profile, NO_ENV);
        let hop = &chain.hops[*index];
        assert_eq!(hop.call.kind(), *kind, "{profile}");
        // Labels are exact but for a process's command hash.
        assert!(hop.label().starts_with(label), "{profile}: {}", hop.label());
        assert!(
            !hop.label().contains("s3cr3t"),
            "{profile}: arguments shown"
        );
        assert_eq!(hop.role_arn(), *role_arn, "{profile}");
        assert!(is_key_format(&hop.key), "{profile}: {}", hop.key);
        // The hit path rebuilds the last link from the memo alone.
        let last = chain.hops.last().unwrap();
        let sts = crate::sts::StsTarget {
            region: "eu-west-1".into(),
            endpoint_url: Some("http://127.0.0.1:1/sts".into()),
        };
        let bytes = crate::memo::encode(&memo_key, &chain, Some("eu-west-1"), Some(&sts)).unwrap();
        // ... while the sign-ins it rests on last (an SSO token file here
        // exists only if this machine has one).
        let signed_in = !chain.signed_out(chain.hops.len() - 1);
        match crate::memo::decode(&memo_key, &bytes) {
            Some(memo) => {
                assert!(signed_in, "{profile}: a memo of a signed-out chain");
                assert_eq!(&memo.chain.hops, &vec![last.clone()], "{profile}");
                assert_eq!(memo.chain.profile, chain.profile, "{profile}");
                assert_eq!(memo.region.as_deref(), Some("eu-west-1"), "{profile}");
                assert_eq!(memo.sts.as_ref(), Some(&sts), "{profile}");
            }
            None => assert!(!signed_in, "{profile}: the memo decodes"),
        }
        // No secret reaches the memo.
        let text = String::from_utf8(bytes).unwrap();
        for secret in ["base-secret", "mfa-secret", "123456"] {
            assert!(!text.contains(secret), "{profile}: the memo holds {secret}");
        }
    }
}

/// The console's kind: a federated user's session on long-term keys, put on
/// a chain by [`crate::chain::federated`], answers through the same
/// interface and survives the memo like any link.
#[test]
fn the_federation_token_answers_through_the_interface() {
    let profiles = profiles(EVERY_KIND);
    let env = NO_ENV.snapshot();
    let keys = crate::chain::resolve(&profiles, "base", &env).unwrap();
    let (chain, left_out) = crate::chain::federated(&profiles, keys, &env, 3600).unwrap();
    assert_eq!(left_out, None);
    let hop = &chain.hops[0];
    assert_eq!(hop.call.kind(), "federation-token");
    assert_eq!(hop.label(), "base (federated user)");
    assert_eq!(hop.role_arn(), None);
    assert!(hop.call.needs_parent());
    assert!(is_key_format(&hop.key), "{}", hop.key);
    let dir = tempfile::tempdir().unwrap();
    let files = [dir.path().join("config"), dir.path().join("credentials")];
    let memo_key = crate::memo::key("", "base", &env, &[&files[0], &files[1]]).unwrap();
    let bytes = crate::memo::encode(&memo_key, &chain, None, None).unwrap();
    let memo = crate::memo::decode(&memo_key, &bytes).unwrap();
    assert_eq!(memo.chain.hops, chain.hops);
    assert!(!String::from_utf8(bytes).unwrap().contains("base-secret"));
    // Another duration is another session, and the MFA session on keys
    // gives way to it (GetFederationToken takes no code).
    let other = crate::chain::resolve(&profiles, "base", &env).unwrap();
    let (other, _) = crate::chain::federated(&profiles, other, &env, 7200).unwrap();
    assert_ne!(other.hops[0].key, hop.key);
    let mfa = crate::chain::resolve(&profiles, "mfa-base", &env).unwrap();
    let (mfa, left_out) = crate::chain::federated(&profiles, mfa, &env, 3600).unwrap();
    assert_eq!(
        left_out.as_deref(),
        Some("arn:aws:iam::111111111111:mfa/me")
    );
    assert_eq!(mfa.hops.len(), 1);
    assert_eq!(mfa.hops[0].call.kind(), "federation-token");
}

/// A changed environment leaves the memo of every chain usable but those
/// keyed on it (a nested credential_process): before, any changed
/// variable (hyperfine's random padding, a terminal's) sent every hit the
/// full way through the AWS files.
#[test]
fn only_chains_keyed_on_the_environment_miss_the_memo_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let files = [dir.path().join("config"), dir.path().join("credentials")];
    let here = NO_ENV.snapshot();
    let there = EnvSnapshot {
        process_env: "another environment".into(),
        ..here.clone()
    };
    let key = |env: &EnvSnapshot| crate::memo::key("", "any", env, &[&files[0], &files[1]]);
    let (k_here, k_there) = (key(&here).unwrap(), key(&there).unwrap());
    assert_eq!(k_here.slot, k_there.slot, "one slot for both");
    for (profile, keyed) in [("role", false), ("wi", false), ("proc", true)] {
        let chain = resolve_ok(profile, EVERY_KIND, profile, NO_ENV);
        let bytes = crate::memo::encode(&k_here, &chain, None, None).unwrap();
        assert!(crate::memo::decode(&k_here, &bytes).is_some(), "{profile}");
        assert_eq!(
            crate::memo::decode(&k_there, &bytes).is_none(),
            keyed,
            "{profile}: a miss only when keyed on the environment"
        );
    }
}
