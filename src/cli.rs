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
    /// Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]
    #[arg(long, global = true, value_name = "BACKEND", value_parser = keyring_backend)]
    pub keyring: Option<crate::keyring_backend::Backend>,
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
            Command::Serve(args) => (&None, args.format),
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
            keyring: g.keyring,
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
    /// AWS_DEFAULT_PROFILE, AWS_SECURITY_TOKEN, CREDBROKER_MFA_TOKEN (a
    /// code is good for one call) and CREDBROKER_KEYRING_PASSPHRASE, and
    /// with CREDBROKER_PROFILE. credbroker
    /// replaces itself with the command (exec), so signals reach the command
    /// directly and its exit code is credbroker's.
    ///
    /// With --server, for commands that outlive their credentials (a long
    /// apply, an IDE, a container): the command gets no keys but
    /// AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN
    /// for a credential server on loopback, from which its SDK fetches fresh
    /// credentials whenever its own near expiry; AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
    /// AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME,
    /// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE are removed too, as the SDKs
    /// would use them first. credbroker stays the command's parent for its
    /// lifetime: it forwards SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
    /// SIGALRM and SIGWINCH (and SIGINT, unless stdin is a terminal, whose
    /// Ctrl-C reaches the command directly), exits with the command's status
    /// (128 + N when a signal N ended it), and the server stops with it.
    Exec(ExecArgs),
    /// Serve credentials to AWS SDKs over HTTP, one path per profile, until
    /// SIGINT or SIGTERM.
    ///
    /// The SDKs' container credential provider fetches from
    /// AWS_CONTAINER_CREDENTIALS_FULL_URI with the token of
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN; credbroker prints both for each
    /// profile on stdout (as `export` prints variables, with the region and
    /// CREDBROKER_PROFILE, and the variables that would shadow the server
    /// unset), then serves /profiles/NAME from its cache: every client of a
    /// link shares one STS call. Every profile is resolved at start, where
    /// an MFA code or an SSO sign-in can be asked on the terminal; a request
    /// never asks. It listens on loopback unless --listen names another
    /// address together with --allow-non-loopback. Exit 0 once stopped.
    Serve(ServeArgs),
    /// Credentials for many targets at once: JSON lines, .env files, or a
    /// command per target.
    ///
    /// Targets: profile names or globs, `--role-arns FILE`, and
    /// `--accounts`/`--accounts-file` with `--role-name`, the roles assumed
    /// from `--source-profile`; or every account and role an SSO sign-in
    /// can use (`--sso-session NAME`, kept by `--role-name` and
    /// `--accounts`), labelled ACCOUNT_NAME/ROLE; or the active accounts of
    /// AWS Organizations (`--org`, optionally `--ou`) with `--role-name`
    /// from `--source-profile`. Input is checked before any STS call (a
    /// malformed line is reported with its file and line; exit 2), and
    /// duplicates are resolved once. Links shared by several targets are
    /// refreshed once; STS throttling slows the batch down.
    ///
    /// Each line: `{"target","profile","account_id","role_arn","ok",…}` then
    /// the credential_process fields, or `"error","error_kind","exit_code"`.
    /// With `-- CMD ARGS`, CMD runs once per target with its credentials and
    /// CREDBROKER_TARGET, CREDBROKER_ACCOUNT_ID, CREDBROKER_ROLE_ARN set, and
    /// without AWS_PROFILE, AWS_DEFAULT_PROFILE, AWS_SECURITY_TOKEN,
    /// CREDBROKER_MFA_TOKEN and CREDBROKER_KEYRING_PASSPHRASE (as `exec`);
    /// its output lines are prefixed with
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
    /// Print a Kubernetes ExecCredential with an EKS token, as `aws eks
    /// get-token` does, from the cache.
    ///
    /// kubectl runs its exec plugin on every call; this one costs a cache
    /// hit. The token (a presigned STS GetCallerIdentity URL bound to the
    /// cluster) is signed locally with the profile's credentials from the
    /// cache (any chain: roles, MFA, SSO, ...), then cached itself: it is
    /// valid 14 minutes after signing, or until those credentials expire if
    /// sooner, and served while at least a minute of it is left. The
    /// apiVersion is the one kubectl asks for in KUBERNETES_EXEC_INFO, else
    /// client.authentication.k8s.io/v1beta1. `credbroker eks-kubeconfig`
    /// prints the kubeconfig user that calls it.
    EksToken(EksTokenArgs),
    /// Print, or merge into a kubeconfig, a kubeconfig user that runs
    /// `credbroker eks-token`.
    ///
    /// Prints a kubeconfig whose `users` entry runs `credbroker eks-token`
    /// for the cluster and profile; with --server, also a `clusters` entry
    /// (with --certificate-authority-data) and a `contexts` entry joining the
    /// two. Nothing calls EKS: the endpoint and CA are yours to give (`aws
    /// eks describe-cluster` shows them). With --write, the entries are
    /// merged into --kubeconfig, else the first file of $KUBECONFIG, else
    /// ~/.kube/config (entries of the same names are replaced, the rest
    /// kept; written atomically, mode 0600), and a context written becomes
    /// the current one.
    EksKubeconfig(EksKubeconfigArgs),
    /// IAM Identity Center: the accounts and roles a sign-in can use.
    #[command(subcommand)]
    Sso(SsoCommand),
    /// List profiles, their chains and the cache state of each link.
    List(ListArgs),
    /// Inspect or clear the credential cache.
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Long-term keys in the OS keyring or an encrypted file, instead of
    /// ~/.aws/credentials.
    ///
    /// A profile without keys in the AWS files uses the keys stored under
    /// its name, read only when a link above them is refreshed (never on a
    /// cache hit). The backend is the `keyring` setting. The AWS CLI and
    /// SDKs do not read keyrings: they reach these keys through
    /// `credential_process = credbroker credential-process --profile NAME`.
    #[command(subcommand)]
    Keys(KeysCommand),
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
    /// Give the command a credential server for its lifetime instead of
    /// keys, so that it never holds expired ones
    #[arg(long, conflicts_with = "force_refresh")]
    pub server: bool,
    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args, PartialEq)]
pub struct ServeArgs {
    /// Profiles to serve, each at /profiles/NAME [default: $AWS_DEFAULT_PROFILE, else $AWS_PROFILE, else `default`]
    #[arg(value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// Address and port to listen on, e.g. 127.0.0.1:9911 [default: 127.0.0.1 on a free port]
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<std::net::SocketAddr>,
    /// Allow --listen on an address other than loopback (a docker network's
    /// gateway, 0.0.0.0): whoever can reach it and holds the token gets the
    /// credentials
    #[arg(long, requires = "listen")]
    pub allow_non_loopback: bool,
    /// Format of the variables printed at start (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]
    #[arg(long, short, value_name = "FORMAT", value_parser = shell_format())]
    pub format: Option<ShellFormat>,
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
    /// Account ids (12 digits, comma-separated) in which to assume
    /// --role-name; with --sso-session, the accounts to keep
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub accounts: Vec<String>,
    /// A file of account ids in which to assume --role-name: `ID [LABEL]` per
    /// line, `#` comments
    #[arg(long, value_name = "FILE")]
    pub accounts_file: Option<PathBuf>,
    /// The role to assume in each account of --accounts/--accounts-file
    /// (partition from the source profile's region); with --sso-session,
    /// the roles to keep (repeatable)
    #[arg(long, value_name = "NAME")]
    pub role_name: Vec<String>,
    /// Profile whose credentials assume the roles of --role-arns and --role-name
    #[arg(long, value_name = "PROFILE")]
    pub source_profile: Option<String>,
    /// Every account and role this [sso-session] can use (as `sso accounts`
    /// lists them), straight from the sign-in without profiles; labels are
    /// ACCOUNT_NAME/ROLE
    #[arg(long, value_name = "NAME", conflicts_with_all = ["source_profile", "role_arns", "accounts_file"])]
    pub sso_session: Option<String>,
    /// Every active account of AWS Organizations, each with --role-name
    /// assumed from --source-profile (labels are account ids)
    #[arg(long, requires_all = ["role_name", "source_profile"], conflicts_with = "sso_session")]
    pub org: bool,
    /// The profile whose credentials list the organization's accounts
    /// [default: --source-profile]
    #[arg(long, value_name = "PROFILE", requires = "org")]
    pub org_profile: Option<String>,
    /// Only the accounts of this organizational unit and the units under it
    #[arg(long, value_name = "OU_ID", requires = "org")]
    pub ou: Option<String>,
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

/// Which cluster a token is for, and whose credentials sign it.
#[derive(Debug, Args, PartialEq)]
pub struct EksCluster {
    /// The EKS cluster's name (or an Outposts cluster's id), signed into
    /// the token
    #[arg(long, value_name = "NAME", value_parser = cluster_name)]
    pub cluster_name: String,
    /// Profile whose credentials sign the token [default: $AWS_DEFAULT_PROFILE, else $AWS_PROFILE, else `default`]
    #[arg(value_name = "PROFILE", conflicts_with = "profile_flag")]
    pub profile: Option<String>,
    /// Profile whose credentials sign the token (same as the positional PROFILE)
    #[arg(long = "profile", value_name = "PROFILE", id = "profile_flag")]
    pub profile_flag: Option<String>,
    /// Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region, else us-east-1]
    #[arg(long, value_name = "REGION", value_parser = region)]
    pub region: Option<String>,
    /// Sign with this role, assumed with the profile's credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
}

#[derive(Debug, Args, PartialEq)]
pub struct EksTokenArgs {
    #[command(flatten)]
    pub cluster: EksCluster,
    /// Sign a new token, with freshly refreshed credentials, even if the
    /// cached ones are fresh
    #[arg(long)]
    pub force_refresh: bool,
}

#[derive(Debug, Args, PartialEq)]
pub struct EksKubeconfigArgs {
    #[command(flatten)]
    pub cluster: EksCluster,
    /// The cluster's API server endpoint: also write a `clusters` and a `contexts` entry
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The cluster's CA certificate, base64 as `aws eks describe-cluster` prints it
    #[arg(long, value_name = "BASE64", requires = "server")]
    pub certificate_authority_data: Option<String>,
    /// Name of the entries written [default: PROFILE@CLUSTER]
    #[arg(long, value_name = "NAME")]
    pub alias: Option<String>,
    /// Merge the entries into the kubeconfig instead of printing them
    #[arg(long)]
    pub write: bool,
    /// The kubeconfig --write merges into [default: first file of $KUBECONFIG, else ~/.kube/config]
    #[arg(long, value_name = "FILE", requires = "write")]
    pub kubeconfig: Option<PathBuf>,
}

/// An EKS cluster name as EKS allows it (1 to 100 characters: a letter or
/// digit, then letters, digits, `-` and `_`); an Outposts cluster id (a
/// UUID) is one too.
fn cluster_name(text: &str) -> Result<String, String> {
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match first_ok && rest_ok && text.len() <= 100 {
        true => Ok(text.to_string()),
        false => Err(format!(
            "`{}` is not an EKS cluster name (1 to 100 letters, digits, `-` and `_`, starting with a letter or digit)",
            text.escape_debug()
        )),
    }
}

/// A region name: lowercase letters, digits and `-`.
fn region(text: &str) -> Result<String, String> {
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    match !text.is_empty() && text.len() <= 64 && text.chars().all(ok) {
        true => Ok(text.to_string()),
        false => Err(format!(
            "`{}` is not a region name (e.g. eu-west-1)",
            text.escape_debug()
        )),
    }
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
pub enum SsoCommand {
    /// List every account (id, name, email) and role an SSO sign-in can use.
    ///
    /// Calls ListAccounts and ListAccountRoles on the SSO portal (every
    /// page, a bounded number at once, slowed down together when the portal
    /// throttles), with the sign-in shared with the AWS CLI (refreshed once
    /// under credbroker's lock; without a terminal and without a sign-in,
    /// the error says how to sign in). The listing is cached for 10 minutes
    /// (`--refresh` scans again), so `sso populate` and `batch
    /// --sso-session` right after do not scan again.
    Accounts(SsoAccountsArgs),
    /// Write one profile per account and role into the AWS config file.
    ///
    /// The profiles (sso_session, sso_account_id, sso_role_name, region) go
    /// into a block between `# credbroker sso populate NAME: begin` and
    /// `…: end`; everything outside it is kept byte for byte, and a profile
    /// of the same name written by hand outside it wins (and is reported).
    /// The file is replaced atomically (same mode), the previous one kept
    /// beside it as `<file>.credbroker.bak`; a rerun with nothing changed
    /// leaves it byte-identical. Profiles of accounts or roles no longer
    /// listed are kept and reported as stale, or removed with --prune.
    Populate(SsoPopulateArgs),
}

#[derive(Debug, Args, PartialEq)]
pub struct SsoPopulateArgs {
    #[command(flatten)]
    pub listing: SsoListing,
    /// Profile names: {account_name}, {account_id} and {role_name};
    /// characters the SDK refuses in a name become `-`
    #[arg(
        long = "name",
        value_name = "TEMPLATE",
        default_value = "{account_name}.{role_name}"
    )]
    pub template: String,
    /// The profiles' region [default: the sso-session's sso_region]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Remove profiles of accounts and roles the sign-in no longer lists
    #[arg(long)]
    pub prune: bool,
    /// Print what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// Which sign-in to list, and how.
#[derive(Debug, Default, Args, PartialEq)]
pub struct SsoListing {
    /// The [sso-session] section to use [default: the only one in the config file]
    #[arg(long, value_name = "NAME")]
    pub sso_session: Option<String>,
    /// Scan the portal even when a listing of the last 10 minutes is cached
    #[arg(long)]
    pub refresh: bool,
    /// How many accounts' roles to list at once
    #[arg(long = "list-concurrency", default_value_t = 16, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub list_concurrency: u32,
}

#[derive(Debug, Args, PartialEq)]
pub struct SsoAccountsArgs {
    #[command(flatten)]
    pub listing: SsoListing,
    /// Output format: a table (one row per account and role), or JSON (one
    /// object per account with its roles)
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
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

#[derive(Debug, Subcommand, PartialEq)]
pub enum KeysCommand {
    /// Store a profile's access key id and secret: asked on the terminal
    /// (the secret is not echoed), or from AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY with --env.
    Add {
        profile: String,
        /// Take the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
        #[arg(long)]
        env: bool,
    },
    /// List stored profiles and their key ids (never a secret).
    List,
    /// Remove a profile's stored keys.
    Remove { profile: String },
    /// Replace a profile's key with a new one: iam:CreateAccessKey signed
    /// by the current key, the new key stored, then the old one deleted and
    /// its cached sessions cleared. On any failure the old key stays stored
    /// and usable.
    Rotate { profile: String },
    /// Move keys from ~/.aws/credentials into the keyring (all profiles
    /// with long-term keys, or those named), removing them from the file:
    /// written atomically, the rest of the file kept byte for byte, a
    /// backup (mode 0600) beside it. With --from-aws-vault, from
    /// aws-vault's keyring instead (its Secret Service collection, or its
    /// encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it
    /// is.
    Import {
        profiles: Vec<String>,
        /// Read aws-vault's stored keys instead of ~/.aws/credentials
        #[arg(long)]
        from_aws_vault: bool,
    },
}

fn keyring_backend(text: &str) -> Result<crate::keyring_backend::Backend, String> {
    crate::keyring_backend::Backend::parse(text)
}

/// The argument shapes `credential_process` lines and kubeconfig users
/// use, parsed without building clap's command tree (a third of a cache
/// hit's instructions):
/// `credential-process|process [PROFILE | --profile PROFILE | --profile=PROFILE]`,
/// and `eks-token` with `--cluster-name`, `--profile`, `--region`,
/// `--role-arn` (each once, with a separate value) and at most one PROFILE.
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
    let command = match *command {
        "credential-process" | "process" => Command::CredentialProcess(fast_cred_args(rest)?),
        "eks-token" => Command::EksToken(fast_eks_token_args(rest)?),
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
        keyring: None,
        config: None,
    };
    Some(Cli { global, command })
}

/// A value clap takes as a value, not as a flag.
fn plain(value: &str) -> bool {
    !value.is_empty() && !value.starts_with('-')
}

/// `[PROFILE | --profile PROFILE | --profile=PROFILE]`.
fn fast_cred_args(rest: &[&str]) -> Option<CredArgs> {
    let plain = |p: &&str| plain(p);
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
    Some(CredArgs {
        profile,
        profile_flag,
        ..CredArgs::default()
    })
}

/// `--cluster-name NAME` and, each at most once, `--profile P`, `--region
/// R`, `--role-arn ARN`, PROFILE (not with `--profile`), in any order;
/// values checked by the parsers clap uses.
fn fast_eks_token_args(rest: &[&str]) -> Option<EksTokenArgs> {
    let (mut name, mut profile, mut flag, mut region, mut role) = (None, None, None, None, None);
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        let slot = match *word {
            "--cluster-name" => &mut name,
            "--profile" => &mut flag,
            "--region" => &mut region,
            "--role-arn" => &mut role,
            positional if plain(positional) => {
                if profile.replace(positional.to_string()).is_some() {
                    return None;
                }
                continue;
            }
            _ => return None,
        };
        let value = words.next().filter(|v| plain(v))?;
        if slot.replace(value.to_string()).is_some() {
            return None;
        }
    }
    if profile.is_some() && flag.is_some() {
        return None;
    }
    Some(EksTokenArgs {
        cluster: EksCluster {
            cluster_name: cluster_name(&name?).ok()?,
            profile,
            profile_flag: flag,
            region: match region {
                Some(r) => Some(self::region(&r).ok()?),
                None => None,
            },
            role_arn: role,
        },
        force_refresh: false,
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
            "eks-token --cluster-name demo",
            "eks-token --cluster-name demo prod",
            "eks-token prod --cluster-name demo",
            "eks-token --cluster-name demo --profile prod --region eu-west-1",
            "eks-token --cluster-name demo --profile prod --region eu-west-1 --role-arn arn:aws:iam::1:role/x",
            "eks-token --region us-east-1 --role-arn arn:aws:iam::1:role/x --cluster-name a_b-1 p",
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
            "eks-token",
            "eks-token prod",
            "eks-token --cluster-name",
            "eks-token --cluster-name -x",
            "eks-token --cluster-name a.b",
            "eks-token --cluster-name demo --cluster-name other",
            "eks-token --cluster-name demo prod --profile prod",
            "eks-token --cluster-name demo prod dev",
            "eks-token --cluster-name demo --region EU",
            "eks-token --cluster-name demo --region",
            "eks-token --cluster-name=demo",
            "eks-token --cluster-name demo --force-refresh",
            "eks-token --cluster-name demo --help",
            "eks-token --cluster-name demo --min-ttl 1h",
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
        for var in crate::output::SERVER_SHADOWING {
            assert!(
                help("exec").contains(var),
                "exec --server's help lacks {var}"
            );
        }
    }
}
