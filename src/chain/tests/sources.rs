//! Source profiles: whose keys win, `source_profile` to itself.

use super::*;

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
