//! The command line, as clap derive types. The doc comments are the help
//! text; completions and man pages are generated from these same types.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::shell_format::ShellFormat;

fn duration(text: &str) -> Result<Duration, String> {
    crate::duration::parse(text)
}

/// A session duration STS accepts: 15 minutes to 12 hours.
fn session_duration(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse(text)?;
    if !(900..=43200).contains(&d.as_secs()) {
        return Err(format!("`{text}` is outside 900s (15m) to 43200s (12h)"));
    }
    Ok(d)
}

fn shell_format() -> impl TypedValueParser<Value = ShellFormat> {
    PossibleValuesParser::new(ShellFormat::ALL.map(ShellFormat::name))
        .map(|name| ShellFormat::from_name(&name).expect("a listed format parses"))
}

/// An AWS credential broker: role chains, a locked on-disk cache, and the
/// formats tools consume.
///
/// credbroker resolves profiles from ~/.aws/config and ~/.aws/credentials,
/// caches the temporary credentials of every link of a role chain behind
/// file locks (so that any number of processes asking at once make one STS
/// call per link), and prints them for `credential_process`, for shells, or
/// into a command's environment.
#[derive(Debug, Parser, PartialEq)]
#[command(
    name = "credbroker",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Settings: flags, then CREDBROKER_* variables, then config.toml \
    (`credbroker config` shows its path), then defaults."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes, shown under their own heading after
/// each command's own.
#[derive(Debug, Args, PartialEq)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// How long to wait for another process's refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration)]
    pub lock_timeout: Option<Duration>,
    /// Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration)]
    pub refresh_window: Option<Duration>,
    /// Never serve the requested credentials with less than this left; the
    /// links below them keep at most the default (env CREDBROKER_MIN_TTL)
    /// [default: 5m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration)]
    pub min_ttl: Option<Duration>,
    /// Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console's sign-in), with the SDK's jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]
    #[arg(long, global = true, value_name = "N")]
    pub sts_max_attempts: Option<u32>,
    /// Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration)]
    pub sts_timeout: Option<Duration>,
    /// Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration)]
    pub process_timeout: Option<Duration>,
    /// Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl Cli {
    /// What the command line gives the settings resolver, which puts flags
    /// above every other layer: the global flags, `export --format`, and
    /// `--mfa-token`.
    pub fn overrides(&self) -> crate::settings::Overrides {
        let g = &self.global;
        let (mfa_token, export_format) = match &self.command {
            Command::CredentialProcess(cred) => (&cred.mfa_token, None),
            Command::Export(args) => (&args.cred.mfa_token, args.format),
            Command::Exec(args) => (&args.cred.mfa_token, None),
            Command::Console(args) => (&args.mfa_token, None),
            _ => (&None, None),
        };
        crate::settings::Overrides {
            config_file: g.config.clone(),
            cache_dir: g.cache_dir.clone(),
            refresh_window: g.refresh_window,
            min_ttl: g.min_ttl,
            lock_timeout: g.lock_timeout,
            export_format,
            sts_max_attempts: g.sts_max_attempts,
            sts_timeout: g.sts_timeout,
            process_timeout: g.process_timeout,
            mfa_token: mfa_token.clone(),
        }
    }
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum Command {
    /// Print credentials as `credential_process` JSON (for ~/.aws/config).
    ///
    /// Put `credential_process = credbroker credential-process --profile NAME`
    /// in a profile of ~/.aws/config. Stdout carries exactly the JSON the SDKs
    /// read; everything else goes to stderr.
    #[command(alias = "process")]
    CredentialProcess(CredArgs),
    /// Print shell commands that export credentials: `eval "$(credbroker export prod)"`.
    ///
    /// Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
    /// AWS_CREDENTIAL_EXPIRATION and, when the profile has a region,
    /// AWS_REGION and AWS_DEFAULT_REGION; unsets AWS_PROFILE,
    /// AWS_DEFAULT_PROFILE and AWS_SECURITY_TOKEN, which would shadow them
    /// (and, for long-term keys, AWS_SESSION_TOKEN and
    /// AWS_CREDENTIAL_EXPIRATION).
    Export(ExportArgs),
    /// Run a command with credentials in its environment.
    ///
    /// The command gets the variables `export` sets, without AWS_PROFILE,
    /// AWS_DEFAULT_PROFILE, AWS_SECURITY_TOKEN and CREDBROKER_MFA_TOKEN (a
    /// code is good for one call), and with CREDBROKER_PROFILE. credbroker
    /// replaces itself with the command (exec), so signals reach the command
    /// directly and its exit code is credbroker's.
    Exec(ExecArgs),
    /// Credentials for many targets at once: JSON lines, .env files, or a
    /// command per target.
    ///
    /// Targets: profile names or globs, `--role-arns FILE`, and
    /// `--accounts`/`--accounts-file` with `--role-name`, the roles assumed
    /// from `--source-profile`. Input is checked before any STS call (a
    /// malformed line is reported with its file and line; exit 2), and
    /// duplicates are resolved once. Links shared by several targets are
    /// refreshed once; STS throttling slows the batch down.
    ///
    /// Each line: `{"target","profile","account_id","role_arn","ok",…}` then
    /// the credential_process fields, or `"error","error_kind","exit_code"`.
    /// With `-- CMD ARGS`, CMD runs once per target with its credentials and
    /// CREDBROKER_TARGET, CREDBROKER_ACCOUNT_ID, CREDBROKER_ROLE_ARN set, and
    /// without AWS_PROFILE, AWS_DEFAULT_PROFILE, AWS_SECURITY_TOKEN and
    /// CREDBROKER_MFA_TOKEN (as `exec`); its output lines are prefixed with
    /// the target. A summary goes to stderr.
    /// Exit 0 when every target succeeded, else the status of the first failed
    /// target in input order; 124 timeout, 130 interrupted, 141 stdout closed.
    Batch(BatchArgs),
    /// Open the AWS web console for a profile, with credentials from the same cache.
    ///
    /// The profile's credentials, resolved and cached as for
    /// credential-process (role chains, SSO, web identity, MFA; long-term
    /// keys get a federated user's session, GetFederationToken, cached like
    /// any link), are traded for a sign-in token at the AWS sign-in
    /// federation endpoint (AWS_ENDPOINT_URL_SIGNIN, `[services]` `signin`).
    /// The sign-in URL, valid for 15 minutes, opens in $BROWSER (else the
    /// platform's opener), or is printed on stdout with --print or where no
    /// browser can be opened (over SSH). The opener gets the URL as its
    /// argument, and CREDBROKER_PROFILE; when the profile sets
    /// `console_browser_profile = NAME`, also CREDBROKER_BROWSER_PROFILE and
    /// CREDBROKER_CONTAINER_URL (the URL as the Granted Containers Firefox
    /// extension opens it in container NAME).
    Console(ConsoleArgs),
    /// Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI.
    ///
    /// Signs in in a browser (authorization code with PKCE), or with a code
    /// shown here (device authorization) with --use-device-code, --no-browser,
    /// or when no browser can be opened. The token is written where `aws sso
    /// login` keeps it (~/.aws/sso/cache), so credbroker, the AWS CLI and the
    /// SDKs share it and refresh it. Sign out with `aws sso logout`.
    Login(LoginArgs),
    /// List profiles, their chains and the cache state of each link.
    List(ListArgs),
    /// Inspect or clear the credential cache.
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Print the effective settings and where they come from.
    Config,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Which credentials: a profile, or an ad-hoc role on top of a source profile.
#[derive(Debug, Default, Args, PartialEq)]
pub struct CredArgs {
    /// Profile to resolve [default: $AWS_DEFAULT_PROFILE, else $AWS_PROFILE, else `default`]
    #[arg(value_name = "PROFILE", conflicts_with = "profile_flag")]
    pub profile: Option<String>,
    /// Profile to resolve (same as the positional PROFILE)
    #[arg(long = "profile", value_name = "PROFILE", id = "profile_flag")]
    pub profile_flag: Option<String>,
    /// Call STS for the last link even if its cached credentials are fresh
    #[arg(long)]
    pub force_refresh: bool,
    /// Assume this role on top of --source-profile instead of naming a profile
    #[arg(long, value_name = "ARN", requires = "source_profile", conflicts_with_all = ["profile", "profile_flag"])]
    pub role_arn: Option<String>,
    /// Profile whose credentials assume --role-arn
    #[arg(long, value_name = "PROFILE", requires = "role_arn")]
    pub source_profile: Option<String>,
    /// External id for --role-arn
    #[arg(long, value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,
    /// Session duration for --role-arn (900s to 12h)
    #[arg(long, value_name = "DURATION", requires = "role_arn", value_parser = session_duration)]
    pub duration: Option<Duration>,
    /// Session name for --role-arn [default: credbroker-<user>-<time>]
    #[arg(long, value_name = "NAME", requires = "role_arn")]
    pub role_session_name: Option<String>,
    /// MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for
    /// one STS call; else `mfa_process`, else a prompt on the terminal)
    #[arg(long, value_name = "CODE", value_parser = mfa_code)]
    pub mfa_token: Option<crate::secret::Secret>,
    /// Duration of a new MFA session (GetSessionToken; 900s to 36h)
    /// [default: the profile's mfa_session_duration, else 12h]
    #[arg(long, value_name = "DURATION", value_parser = mfa_duration)]
    pub mfa_duration: Option<Duration>,
}

fn mfa_code(text: &str) -> Result<crate::secret::Secret, String> {
    Ok(crate::secret::Secret::new(text.trim()))
}

/// GetSessionToken accepts 15 minutes to 36 hours.
fn mfa_duration(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse(text)?;
    if !(900..=129_600).contains(&d.as_secs()) {
        return Err(format!("`{text}` is outside 900s (15m) to 129600s (36h)"));
    }
    Ok(d)
}

/// Which console, for which profile, and where it goes.
#[derive(Debug, Default, Args, PartialEq)]
pub struct ConsoleArgs {
    /// Profile whose console to open [default: $AWS_DEFAULT_PROFILE, else $AWS_PROFILE, else `default`]
    #[arg(value_name = "PROFILE", conflicts_with = "profile_flag")]
    pub profile: Option<String>,
    /// Profile whose console to open (same as the positional PROFILE)
    #[arg(long = "profile", value_name = "PROFILE", id = "profile_flag")]
    pub profile_flag: Option<String>,
    /// Print the sign-in URL on stdout instead of opening a browser (it
    /// signs anyone in for 15 minutes: keep it to yourself)
    #[arg(long)]
    pub print: bool,
    /// Open this service's console (`s3`, `ec2`, `lambda`, `cloudwatch`, …)
    /// in the region
    #[arg(long, value_name = "NAME", conflicts_with = "destination")]
    pub service: Option<String>,
    /// Open this console URL; it must be on the partition's console host
    /// (console.aws.amazon.com or a host under it), anything else is refused
    #[arg(long, value_name = "URL")]
    pub destination: Option<String>,
    /// The console's region, which also picks the partition (aws, aws-cn,
    /// aws-us-gov) [default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the
    /// profile's region]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Length of the console session (15m to 12h): a role's SessionDuration
    /// (not for a role assumed with another role's session: AWS caps those
    /// at one hour), or the federated user's session of long-term keys
    /// [default: AWS's for a role; 12h for long-term keys]
    #[arg(long, value_name = "DURATION", value_parser = session_duration)]
    pub duration: Option<Duration>,
    /// Call STS for the last link even if its cached credentials are fresh
    #[arg(long)]
    pub force_refresh: bool,
    /// MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for
    /// one STS call; else `mfa_process`, else a prompt on the terminal)
    #[arg(long, value_name = "CODE", value_parser = mfa_code)]
    pub mfa_token: Option<crate::secret::Secret>,
}

impl ConsoleArgs {
    /// The credentials these arguments ask for, as every command asks.
    pub fn cred(&self) -> CredArgs {
        CredArgs {
            profile: self.profile.clone(),
            profile_flag: self.profile_flag.clone(),
            force_refresh: self.force_refresh,
            mfa_token: self.mfa_token.clone(),
            ..CredArgs::default()
        }
    }
}

#[derive(Debug, Args, PartialEq)]
pub struct ExportArgs {
    #[command(flatten)]
    pub cred: CredArgs,
    /// Output format (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]
    #[arg(long, short, value_name = "FORMAT", value_parser = shell_format())]
    pub format: Option<ShellFormat>,
}

#[derive(Debug, Args, PartialEq)]
pub struct ExecArgs {
    #[command(flatten)]
    pub cred: CredArgs,
    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args, PartialEq)]
pub struct BatchArgs {
    /// Profile names or globs (`*`, `?`), e.g. `org-*`
    #[arg(value_name = "PATTERN")]
    pub patterns: Vec<String>,
    /// A file of role ARNs to assume from --source-profile: `ARN [LABEL]` per
    /// line, `#` comments
    #[arg(long, value_name = "FILE", requires = "source_profile")]
    pub role_arns: Option<PathBuf>,
    /// Account ids (12 digits, comma-separated) in which to assume --role-name
    #[arg(
        long,
        value_name = "ID,…",
        value_delimiter = ',',
        requires = "role_name"
    )]
    pub accounts: Vec<String>,
    /// A file of account ids in which to assume --role-name: `ID [LABEL]` per
    /// line, `#` comments
    #[arg(long, value_name = "FILE", requires = "role_name")]
    pub accounts_file: Option<PathBuf>,
    /// The role to assume in each account of --accounts/--accounts-file
    /// (partition from the source profile's region)
    #[arg(long, value_name = "NAME", requires = "source_profile")]
    pub role_name: Option<String>,
    /// Profile whose credentials assume the roles of --role-arns and --role-name
    #[arg(long, value_name = "PROFILE")]
    pub source_profile: Option<String>,
    /// How many targets to work on at once (commands included)
    #[arg(long, default_value_t = 32, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub concurrency: u32,
    /// Print in input order (each line as soon as all before it are done)
    /// instead of completion order
    #[arg(long)]
    pub ordered: bool,
    /// Write `<target>.env` (dotenv, mode 0600) per target into DIR instead
    /// of JSON lines
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub env_dir: Option<PathBuf>,
    /// With a command: do not prefix its output lines with the target
    #[arg(long, requires = "command")]
    pub no_prefix: bool,
    /// With a command: write its output to DIR/<target>.out and .err
    #[arg(
        long,
        value_name = "DIR",
        requires = "command",
        conflicts_with = "no_prefix"
    )]
    pub output_dir: Option<PathBuf>,
    /// Start no new target after the first failure
    #[arg(long)]
    pub fail_fast: bool,
    /// Give up on a target (credentials and command) after this long
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub timeout: Option<Duration>,
    /// No progress bar, and no summary when every target succeeded
    #[arg(long, short)]
    pub quiet: bool,
    /// Call STS for the last link of every chain even if cached credentials are fresh
    #[arg(long)]
    pub force_refresh: bool,
    /// A command to run once per target, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args, PartialEq)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// Which sign-in, and how.
#[derive(Debug, Default, Args, PartialEq)]
pub struct LoginArgs {
    /// An SSO profile, or a profile whose chain starts at one [default: $AWS_DEFAULT_PROFILE, else $AWS_PROFILE, else `default`]
    #[arg(value_name = "PROFILE", conflicts_with = "sso_session")]
    pub profile: Option<String>,
    /// Sign in to this [sso-session] section instead of a profile's
    #[arg(long, value_name = "NAME")]
    pub sso_session: Option<String>,
    /// Do not open a browser: show a URL and a code to enter (device authorization)
    #[arg(long)]
    pub no_browser: bool,
    /// Sign in with a code (device authorization) instead of the browser redirect
    #[arg(long)]
    pub use_device_code: bool,
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum CacheCommand {
    /// List cached entries: key, profile, role, state.
    List,
    /// Remove cached entries: all of them, or those of one profile's chain.
    Clear {
        /// Only the links of this profile's chain
        profile: Option<String>,
    },
}

/// The argument shapes `credential_process` lines use, parsed without
/// building clap's command tree (a third of a cache hit's instructions):
/// `credential-process|process [PROFILE | --profile PROFILE | --profile=PROFILE]`.
/// Anything else returns `None` and goes to clap, which also owns every
/// error message. Must agree with clap exactly (see the tests). Settings
/// from the environment are read by [`crate::settings`], not here.
pub fn parse_fast(args: &[OsString]) -> Option<Cli> {
    let args: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str())
        .collect::<Option<_>>()?;
    let (command, rest) = args.split_first()?;
    if !matches!(*command, "credential-process" | "process") {
        return None;
    }
    let plain = |p: &&str| !p.is_empty() && !p.starts_with('-');
    let (profile, profile_flag) = match rest {
        [] => (None, None),
        [p] if plain(p) => (Some(p.to_string()), None),
        ["--profile", p] if plain(p) => (None, Some(p.to_string())),
        [flag] => (
            None,
            Some(
                flag.strip_prefix("--profile=")
                    .filter(|p| !p.is_empty())?
                    .to_string(),
            ),
        ),
        _ => return None,
    };
    let global = GlobalArgs {
        cache_dir: None,
        lock_timeout: None,
        refresh_window: None,
        min_ttl: None,
        sts_max_attempts: None,
        sts_timeout: None,
        process_timeout: None,
        config: None,
    };
    let cred = CredArgs {
        profile,
        profile_flag,
        ..CredArgs::default()
    };
    Some(Cli {
        global,
        command: Command::CredentialProcess(cred),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(line: &str) -> Vec<OsString> {
        std::iter::once("credbroker")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn fast_path_agrees_with_clap() {
        let cases = [
            "credential-process",
            "credential-process prod",
            "process prod",
            "credential-process --profile prod",
            "process --profile=prod",
        ];
        for line in cases {
            let fast = parse_fast(&argv(line)).unwrap_or_else(|| panic!("{line}: not taken"));
            let slow = Cli::try_parse_from(argv(line)).unwrap();
            assert_eq!(fast, slow, "{line}");
        }
    }

    #[test]
    fn everything_else_goes_to_clap() {
        for line in [
            "",
            "--help",
            "--version",
            "credential-process --help",
            "credential-process -h",
            "credential-process prod extra",
            "credential-process --force-refresh prod",
            "credential-process prod --min-ttl 1h",
            "credential-process --profile",
            "credential-process --profile=",
            "credential-process --profile --help",
            "export prod",
            "exec prod -- true",
            "list",
        ] {
            assert_eq!(parse_fast(&argv(line)), None, "{line:?}");
        }
    }

    /// The help of `export`, `exec` and `batch` names every variable they
    /// unset or remove (the lists live in output.rs and settings.rs).
    #[test]
    fn the_help_names_every_variable_removed() {
        use clap::CommandFactory;
        let help = |name: &str| {
            Cli::command()
                .find_subcommand_mut(name)
                .unwrap()
                .render_long_help()
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        for var in crate::output::SHADOWING {
            assert!(help("export").contains(var), "export's help lacks {var}");
        }
        for command in ["exec", "batch"] {
            for var in crate::output::SHADOWING
                .iter()
                .chain(crate::settings::CHILD_ENV_REMOVE)
            {
                assert!(help(command).contains(var), "{command}'s help lacks {var}");
            }
        }
    }
}
