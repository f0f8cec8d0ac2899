//! `source_profile` cycles.

use super::*;

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
