//! `credbroker console`: the AWS web console for any profile, one more
//! consumer of the same broker and cache.
//!
//! The credentials come from the broker through [`Context::serve`], as
//! every command's do; a chain that ends in long-term keys gets a federated user's session
//! on top first (`chain::federated`), a link cached like any other. The
//! sign-in federation endpoint ([`crate::runner::signin`]) trades them for
//! a sign-in token, and the token goes into a login URL that lands on the
//! destination: printed on stdout, or handed to the browser. The token
//! signs anyone in for 15 minutes, so the URL goes nowhere else: not to
//! stderr, and to no host but the partition's console.
//!
//! Everything decided before any call is a pure function of the arguments,
//! the region and the chain ([`Partition`], [`destination`],
//! [`session_length`]), tested with tables below.

use super::Context;
use super::context::profile_name;
use crate::chain::{self, Chain, EnvSnapshot};
use crate::cli::ConsoleArgs;
use crate::error::{Error, ExitCode, Status};
use crate::link::{self, ConsoleSession, Kind, Service};
use crate::profile::{Profiles, Section};
use crate::report::Reporter;
use crate::runner::signin;

/// Who the login URL says signed the user in.
const ISSUER: &str = "credbroker";

/// The federated user's session of long-term keys, unless `--duration`
/// says otherwise: as long as a console session can be.
const DEFAULT_FEDERATION: u64 = 43_200;

pub fn run(ctx: &Context, args: &ConsoleArgs) -> anyhow::Result<Status> {
    let cred = args.cred();
    let name = profile_name(&cred);
    let profiles = ctx.profiles()?;
    let env = EnvSnapshot::from_process();
    let section = profiles.get(&name).cloned().unwrap_or_default();
    let region = args
        .region
        .clone()
        .or_else(|| env.region.clone())
        .or_else(|| section.get("region").cloned());
    // Everything the command line decides is checked before any call.
    let place = Partition::of(region.as_deref()).and_then(|partition| {
        let destination = destination(partition, region.as_deref(), args)?;
        Ok((partition, destination))
    });
    let (partition, destination) = match place {
        Ok(place) => place,
        Err(problem) => return Ok(usage(&problem)),
    };
    let endpoint = signin_endpoint(&profiles, &name, &section, &env)?
        .unwrap_or_else(|| format!("https://{}", partition.signin_host(region.as_deref())));

    let requested = args.duration.map(|d| d.as_secs());
    let chain = ctx.chain_in(&profiles, &cred, &env)?;
    let federation = requested.unwrap_or(DEFAULT_FEDERATION) as i32;
    let (chain, without_mfa) = chain::federated(&profiles, chain, &env, federation)?;
    if let Some(serial) = without_mfa {
        ctx.reporter.warn(&format!(
            "a federated user's session carries no MFA ({serial} is not asked for): \
             policies of `{name}` that require MFA deny it in the console"
        ));
    }
    let (session_duration, why_not) = session_length(&chain, requested);
    if let Some(why) = why_not {
        ctx.reporter.warn(&why);
    }
    let creds = ctx.serve(&chain, || ctx.broker(&cred))?;
    if creds.session_token.is_none() {
        return Err(not_a_session(&profiles, &name).into());
    }
    let limits = crate::runner::Limits::new(ctx.settings.sts_timeout)
        .with_attempts(ctx.settings.sts_max_attempts);
    let token = crate::runtime::runtime()?
        .block_on(signin::signin_token(
            &endpoint,
            &creds,
            session_duration,
            &limits,
        ))
        .map_err(|f| refused(&chain, f))?;
    let url = signin::login_url(&endpoint, ISSUER, &destination, &token);
    let browser = match args.print {
        true => None,
        false => crate::runner::process::browser(),
    };
    match browser {
        Some(browser) => {
            let browser_profile = section.get("console_browser_profile");
            open(&browser, &url, &name, browser_profile.map(String::as_str));
            crate::report::line(&format!(
                "Opening the {} console for profile `{name}`{} in the browser.",
                partition.name(),
                region.map(|r| format!(" ({r})")).unwrap_or_default()
            ));
        }
        None => {
            if !args.print {
                crate::runner::notice(
                    "no browser to open here (set $BROWSER); the sign-in URL is on stdout",
                );
            }
            crate::output::print_stdout(&format!("{}\n", url.expose()))?;
        }
    }
    Ok(Status::SUCCESS)
}

/// Hand `url` to `browser` (the opener's contract, README "The web
/// console"): the URL as its argument; `CREDBROKER_PROFILE`; and, for a
/// profile that names a browser profile, `CREDBROKER_BROWSER_PROFILE` and
/// the URL in the Granted Containers extension's form.
fn open(browser: &str, url: &crate::secret::Secret, profile: &str, browser_profile: Option<&str>) {
    let container = browser_profile.map(|p| container_url(p, url.expose()));
    let mut env = vec![("CREDBROKER_PROFILE", profile)];
    if let (Some(p), Some(c)) = (browser_profile, &container) {
        env.push(("CREDBROKER_BROWSER_PROFILE", p));
        env.push(("CREDBROKER_CONTAINER_URL", c.as_str()));
    }
    crate::runner::process::open_browser(browser, url.expose(), &env);
}

/// Credentials without a session (long-term keys a `credential_process`
/// printed), which the endpoint refuses.
fn not_a_session(profiles: &Profiles, name: &str) -> Error {
    link::invalid(
        profiles,
        name,
        "its credentials are long-term keys (from a credential_process), and the console \
         signs in only with a session: a role's or a federated user's",
        "have the credential_process print temporary credentials, or give the profile \
         aws_access_key_id and aws_secret_access_key (credbroker then asks for a \
         federated user's session)",
    )
}

/// The partitions whose console a federation sign-in reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partition {
    Aws,
    China,
    GovCloud,
}

impl Partition {
    /// The partition of `region` (no region: `aws`).
    pub fn of(region: Option<&str>) -> Result<Self, String> {
        let Some(region) = region else {
            return Ok(Partition::Aws);
        };
        let valid = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(format!("`{region}` is not a region name"));
        }
        if region.starts_with("cn-") {
            return Ok(Partition::China);
        }
        if region.starts_with("us-gov-") {
            return Ok(Partition::GovCloud);
        }
        let isolated = ["us-iso", "eu-iso", "eusc-"];
        if isolated.iter().any(|p| region.starts_with(p)) {
            return Err(format!(
                "region `{region}` is in a partition whose console a federation sign-in \
                 from here does not reach; credbroker opens the consoles of aws, aws-cn and \
                 aws-us-gov"
            ));
        }
        Ok(Partition::Aws)
    }

    pub fn name(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::China => "aws-cn",
            Partition::GovCloud => "aws-us-gov",
        }
    }

    /// The console's domain: every console URL is on it or under it.
    pub fn console_domain(self) -> &'static str {
        match self {
            Partition::Aws => "console.aws.amazon.com",
            Partition::China => "console.amazonaws.cn",
            Partition::GovCloud => "console.amazonaws-us-gov.com",
        }
    }

    fn signin_domain(self) -> &'static str {
        match self {
            Partition::Aws => "signin.aws.amazon.com",
            Partition::China => "signin.amazonaws.cn",
            Partition::GovCloud => "signin.amazonaws-us-gov.com",
        }
    }

    /// `eu-west-1.console.aws.amazon.com`: in `aws` the region's own host
    /// (us-east-1's is the global one), elsewhere the partition's.
    pub fn console_host(self, region: Option<&str>) -> String {
        self.regional(self.console_domain(), region)
    }

    /// `eu-west-1.signin.aws.amazon.com`, as [`Partition::console_host`].
    pub fn signin_host(self, region: Option<&str>) -> String {
        self.regional(self.signin_domain(), region)
    }

    fn regional(self, domain: &str, region: Option<&str>) -> String {
        match (self, region) {
            (Partition::Aws, Some(r)) if r != "us-east-1" => format!("{r}.{domain}"),
            _ => domain.to_string(),
        }
    }
}

/// Console paths that are not the service's name (`--service ddb`).
const SERVICE_PATHS: &[(&str, &str)] = &[
    ("cfn", "cloudformation"),
    ("codebuild", "codesuite/codebuild"),
    ("codecommit", "codesuite/codecommit"),
    ("codedeploy", "codesuite/codedeploy"),
    ("codepipeline", "codesuite/codepipeline"),
    ("ct", "cloudtrail"),
    ("cw", "cloudwatch"),
    ("ddb", "dynamodbv2"),
    ("dynamodb", "dynamodbv2"),
    ("eventbridge", "events"),
    ("organizations", "organizations/v2"),
    ("r53", "route53/v2"),
    ("route53", "route53/v2"),
    ("sfn", "states"),
    ("ssm", "systems-manager"),
    ("stepfunctions", "states"),
];

/// Where the login lands: `--destination` (on the partition's console
/// host, or refused), `--service`'s console, or the console's home, in
/// `region` when one is known. `Err`: what is wrong with the arguments.
pub fn destination(
    partition: Partition,
    region: Option<&str>,
    args: &ConsoleArgs,
) -> Result<String, String> {
    if let Some(url) = &args.destination {
        return match on_console(partition, url) {
            true => Ok(url.clone()),
            false => Err(format!(
                "--destination `{url}` is not on the {} console (https://{} or a host under \
                 it); the sign-in token goes to no other host",
                partition.name(),
                partition.console_domain()
            )),
        };
    }
    let path = match &args.service {
        None => "console",
        Some(name) => {
            let valid = name.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
            if !valid {
                return Err(format!(
                    "--service `{name}` is not a service's name (lowercase letters, digits \
                     and `-`, such as `s3` or `ec2`)"
                ));
            }
            SERVICE_PATHS
                .iter()
                .find(|(alias, _)| alias == name)
                .map_or(name.as_str(), |(_, path)| path)
        }
    };
    let query = region.map(|r| format!("?region={r}")).unwrap_or_default();
    Ok(format!(
        "https://{}/{path}/home{query}",
        partition.console_host(region)
    ))
}

/// Whether `url` is an `https://` URL on the partition's console domain or
/// a host under it, with no user, password or port: the only place a
/// sign-in token may be sent to.
fn on_console(partition: Partition, url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let domain = partition.console_domain();
    let label_ok = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match host.strip_suffix(domain) {
        Some("") => true,
        Some(sub) => sub
            .strip_suffix('.')
            .is_some_and(|sub| sub.split('.').all(label_ok)),
        None => false,
    }
}

/// The `SessionDuration` to ask for (seconds), where AWS allows one, and,
/// when `requested` cannot be, what to say instead: a role's session takes
/// one unless the role was assumed with another role's session (role
/// chaining: one hour at most, and no `SessionDuration`); a federated
/// user's lasts as long as its credentials, which were asked for that long.
pub fn session_length(chain: &Chain, requested: Option<u64>) -> (Option<u64>, Option<String>) {
    let Some(seconds) = requested else {
        return (None, None);
    };
    let asked = crate::duration::format(std::time::Duration::from_secs(seconds));
    let Some((i, last)) = chain.hops.iter().enumerate().next_back() else {
        return (
            None,
            Some(format!(
                "the credentials of `{}` are a session written into the profile: its console \
                 session's length is AWS's, not --duration {asked}",
                chain.profile
            )),
        );
    };
    match last.call.console_session() {
        ConsoleSession::FederatedUser => (None, None),
        ConsoleSession::Role => match i.checked_sub(1).map(|p| &chain.hops[p]) {
            Some(source) if source.call.console_session() != ConsoleSession::Refused => (
                None,
                Some(format!(
                    "`{}` is a role assumed with the session of `{}` (role chaining): AWS \
                     caps its console session at one hour and takes no SessionDuration for \
                     it, so --duration {asked} is not sent",
                    last.profile, source.profile
                )),
            ),
            _ => (Some(seconds), None),
        },
        ConsoleSession::AsIs | ConsoleSession::Refused => (
            None,
            Some(format!(
                "`{}` gets its credentials from {}, which may not take a SessionDuration: \
                 its console session's length is AWS's, not --duration {asked}",
                last.profile,
                last.call.action()
            )),
        ),
    }
}

/// The sign-in endpoint the SDK's rules give for the service `signin`
/// (`AWS_ENDPOINT_URL_SIGNIN`, `AWS_ENDPOINT_URL`, `[services]` `signin`,
/// `endpoint_url`), if one is configured.
fn signin_endpoint(
    profiles: &Profiles,
    name: &str,
    section: &Section,
    env: &EnvSnapshot,
) -> Result<Option<String>, Error> {
    let service = Service {
        name: "AWS sign-in",
        key: "signin",
        env_var: "AWS_ENDPOINT_URL_SIGNIN",
        env_value: env.endpoint_url_signin.as_deref(),
    };
    link::endpoint_url(env, &service, section, section, |services| {
        profiles
            .sso_endpoints
            .get(&(services.to_string(), "signin".to_string()))
            .cloned()
    })
    .map_err(|message| {
        link::invalid(
            profiles,
            name,
            &message,
            "write the endpoint as a full URL, e.g. `https://signin.aws.amazon.com`",
        )
    })
}

/// The URL as the Granted Containers Firefox extension opens it, in the
/// container `name`.
fn container_url(name: &str, url: &str) -> String {
    format!(
        "ext+granted-containers:name={}&url={}",
        crate::runner::url_encode(name),
        crate::runner::url_encode(url)
    )
}

/// A failed `getSigninToken`, as the error of the profile's last link.
fn refused(chain: &Chain, f: crate::error::CallFailure) -> Error {
    let last = chain.hops.last();
    Error::call_failed(
        last.map_or(chain.profile.clone(), |h| h.profile.clone()),
        last.and_then(|h| h.role_arn().map(str::to_string)),
        crate::error::SIGNIN_ACTION,
        f,
    )
}

/// Arguments that cannot make a console URL: said before any call; exit 2.
fn usage(problem: &str) -> Status {
    crate::report::line(&format!(
        "error: {problem}\nhint: nothing was sent anywhere; `credbroker console --help` \
         says what console accepts"
    ));
    ExitCode::Usage.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Call;

    fn args(service: Option<&str>, destination: Option<&str>) -> ConsoleArgs {
        ConsoleArgs {
            service: service.map(str::to_string),
            destination: destination.map(str::to_string),
            ..ConsoleArgs::default()
        }
    }

    #[test]
    fn partitions_and_hosts() {
        let cases: &[(Option<&str>, Partition, &str, &str)] = &[
            (
                None,
                Partition::Aws,
                "console.aws.amazon.com",
                "signin.aws.amazon.com",
            ),
            (
                Some("us-east-1"),
                Partition::Aws,
                "console.aws.amazon.com",
                "signin.aws.amazon.com",
            ),
            (
                Some("eu-west-1"),
                Partition::Aws,
                "eu-west-1.console.aws.amazon.com",
                "eu-west-1.signin.aws.amazon.com",
            ),
            (
                Some("cn-north-1"),
                Partition::China,
                "console.amazonaws.cn",
                "signin.amazonaws.cn",
            ),
            (
                Some("cn-northwest-1"),
                Partition::China,
                "console.amazonaws.cn",
                "signin.amazonaws.cn",
            ),
            (
                Some("us-gov-west-1"),
                Partition::GovCloud,
                "console.amazonaws-us-gov.com",
                "signin.amazonaws-us-gov.com",
            ),
        ];
        for (region, partition, console, signin) in cases {
            let p = Partition::of(*region).unwrap();
            assert_eq!(p, *partition, "{region:?}");
            assert_eq!(p.console_host(*region), *console, "{region:?}");
            assert_eq!(p.signin_host(*region), *signin, "{region:?}");
        }
        for bad in [
            "us-iso-east-1",
            "us-isob-east-1",
            "eusc-de-east-1",
            "EU-WEST-1",
            "",
        ] {
            assert!(Partition::of(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn destinations() {
        let aws = Partition::Aws;
        // (region, --service, --destination, Destination)
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);
        let cases: &[Case] = &[
            (
                Some("eu-west-1"),
                None,
                None,
                "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
            ),
            (
                None,
                None,
                None,
                "https://console.aws.amazon.com/console/home",
            ),
            (
                Some("eu-west-1"),
                Some("s3"),
                None,
                "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
            ),
            (
                Some("us-east-1"),
                Some("ddb"),
                None,
                "https://console.aws.amazon.com/dynamodbv2/home?region=us-east-1",
            ),
            (
                Some("eu-west-1"),
                Some("codesuite/codebuild"),
                None,
                "https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/home?region=eu-west-1",
            ),
            (
                Some("eu-west-1"),
                None,
                Some("https://s3.console.aws.amazon.com/s3/buckets/b?region=eu-west-1"),
                "https://s3.console.aws.amazon.com/s3/buckets/b?region=eu-west-1",
            ),
            (
                None,
                None,
                Some("https://console.aws.amazon.com"),
                "https://console.aws.amazon.com",
            ),
        ];
        for (region, service, dest, want) in cases {
            let got = destination(aws, *region, &args(*service, *dest));
            assert_eq!(got.as_deref(), Ok(*want), "{service:?} {dest:?}");
        }
        let gov = destination(
            Partition::GovCloud,
            Some("us-gov-west-1"),
            &args(Some("ec2"), None),
        );
        assert_eq!(
            gov.as_deref(),
            Ok("https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1")
        );
    }

    #[test]
    fn foreign_destinations_and_odd_services_are_refused() {
        let refused = [
            "http://console.aws.amazon.com/",
            "https://evil.example/",
            "https://console.aws.amazon.com.evil.example/",
            "https://evilconsole.aws.amazon.com/",
            "https://console.aws.amazon.com@evil.example/",
            "https://user@console.aws.amazon.com/",
            "https://console.aws.amazon.com:8443/",
            "https://.console.aws.amazon.com/",
            "https://a..console.aws.amazon.com/",
            "https://console.amazonaws.cn/",
            "https://console.aws.amazon.com\\@evil.example/",
            "https://console.aws.amazon.com /x",
            "//console.aws.amazon.com/",
            "console.aws.amazon.com",
        ];
        for url in refused {
            let got = destination(Partition::Aws, None, &args(None, Some(url)));
            assert!(got.is_err(), "{url} was taken");
        }
        let china = destination(
            Partition::China,
            Some("cn-north-1"),
            &args(None, Some("https://console.aws.amazon.com/")),
        );
        assert!(china.unwrap_err().contains("aws-cn console"));
        for service in ["S3", "s3?x=1", "../s3", "s3/", "a b", "s3#x", ""] {
            let got = destination(Partition::Aws, None, &args(Some(service), None));
            assert!(got.is_err(), "{service:?} was taken");
        }
    }

    fn chain(profile: &str, config: &str) -> Chain {
        let profiles =
            crate::profile::parse(Some(config), None, "config".into(), "credentials".into())
                .unwrap();
        let env = EnvSnapshot::default();
        let chain = crate::chain::resolve(&profiles, profile, &env).unwrap();
        crate::chain::federated(&profiles, chain, &env, 3600)
            .unwrap()
            .0
    }

    const CONFIG: &str = "\
[profile keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret
[profile mfa]
aws_access_key_id = AKIAEXAMPLE2
aws_secret_access_key = secret
mfa_serial = arn:aws:iam::111111111111:mfa/alice
[profile role]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = keys
[profile chained]
role_arn = arn:aws:iam::222222222222:role/b
source_profile = role
[profile after-mfa]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = mfa
[profile session]
aws_access_key_id = ASIAEXAMPLE
aws_secret_access_key = secret
aws_session_token = token
[profile process]
credential_process = /bin/creds
";

    #[test]
    fn long_term_keys_get_a_federated_session_and_lengths_follow_aws() {
        let kinds = |c: &Chain| c.hops.iter().map(|h| h.call.kind()).collect::<Vec<_>>();
        assert_eq!(kinds(&chain("keys", CONFIG)), ["federation-token"]);
        // GetSessionToken's session is refused: the keys are federated
        // instead.
        let mfa = chain("mfa", CONFIG);
        assert_eq!(kinds(&mfa), ["federation-token"]);
        assert!(matches!(
            &mfa.hops[0].call,
            Call::FederationToken(t) if t.duration_seconds == 3600
        ));
        assert_eq!(kinds(&chain("role", CONFIG)), ["role"]);
        assert_eq!(kinds(&chain("after-mfa", CONFIG)), ["mfa-session", "role"]);
        assert_eq!(kinds(&chain("session", CONFIG)), Vec::<&str>::new());

        // (profile, --duration, SessionDuration, what is said instead)
        type Case<'a> = (&'a str, Option<u64>, Option<u64>, Option<&'a str>);
        let cases: &[Case] = &[
            ("role", Some(14_400), Some(14_400), None),
            ("role", None, None, None),
            ("after-mfa", Some(14_400), Some(14_400), None),
            ("chained", Some(14_400), None, Some("role chaining")),
            ("chained", None, None, None),
            ("keys", Some(14_400), None, None),
            ("process", Some(3600), None, Some("credential_process")),
            (
                "session",
                Some(3600),
                None,
                Some("written into the profile"),
            ),
        ];
        for (profile, requested, want, says) in cases {
            let (got, why) = session_length(&chain(profile, CONFIG), *requested);
            assert_eq!(got, *want, "{profile}");
            match says {
                Some(s) => assert!(why.as_deref().is_some_and(|w| w.contains(s)), "{why:?}"),
                None => assert_eq!(why, None, "{profile}"),
            }
        }
    }

    #[test]
    fn the_container_url_is_the_granted_extensions() {
        assert_eq!(
            container_url("prod admin", "https://x/federation?a=1&b=2"),
            "ext+granted-containers:name=prod%20admin&url=https%3A%2F%2Fx%2Ffederation%3Fa%3D1%26b%3D2"
        );
    }
}
