//! Links that are not plain roles: MFA sessions, web identity, instance metadata, containers, nested processes, SSO.

use super::*;

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
