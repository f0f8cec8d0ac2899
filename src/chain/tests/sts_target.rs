//! Where each hop calls STS: region and endpoint precedence.

use super::*;

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
