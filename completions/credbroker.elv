
use builtin;
use str;

set edit:completion:arg-completer[credbroker] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'credbroker'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'credbroker'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand credential-process 'Print credentials as `credential_process` JSON (for ~/.aws/config)'
            cand export 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`'
            cand exec 'Run a command with credentials in its environment'
            cand batch 'Credentials for many targets at once: JSON lines, .env files, or a command per target'
            cand console 'Open the AWS web console for a profile, with credentials from the same cache'
            cand login 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI'
            cand list 'List profiles, their chains and the cache state of each link'
            cand cache 'Inspect or clear the credential cache'
            cand config 'Print the effective settings and where they come from'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;credential-process'= {
            cand --profile 'Profile to resolve (same as the positional PROFILE)'
            cand --role-arn 'Assume this role on top of --source-profile instead of naming a profile'
            cand --source-profile 'Profile whose credentials assume --role-arn'
            cand --external-id 'External id for --role-arn'
            cand --duration 'Session duration for --role-arn (900s to 12h)'
            cand --role-session-name 'Session name for --role-arn [default: credbroker-<user>-<time>]'
            cand --mfa-token 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)'
            cand --mfa-duration 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile''s mfa_session_duration, else 12h]'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --force-refresh 'Call STS for the last link even if its cached credentials are fresh'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;export'= {
            cand --profile 'Profile to resolve (same as the positional PROFILE)'
            cand --role-arn 'Assume this role on top of --source-profile instead of naming a profile'
            cand --source-profile 'Profile whose credentials assume --role-arn'
            cand --external-id 'External id for --role-arn'
            cand --duration 'Session duration for --role-arn (900s to 12h)'
            cand --role-session-name 'Session name for --role-arn [default: credbroker-<user>-<time>]'
            cand --mfa-token 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)'
            cand --mfa-duration 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile''s mfa_session_duration, else 12h]'
            cand -f 'Output format (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]'
            cand --format 'Output format (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --force-refresh 'Call STS for the last link even if its cached credentials are fresh'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;exec'= {
            cand --profile 'Profile to resolve (same as the positional PROFILE)'
            cand --role-arn 'Assume this role on top of --source-profile instead of naming a profile'
            cand --source-profile 'Profile whose credentials assume --role-arn'
            cand --external-id 'External id for --role-arn'
            cand --duration 'Session duration for --role-arn (900s to 12h)'
            cand --role-session-name 'Session name for --role-arn [default: credbroker-<user>-<time>]'
            cand --mfa-token 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)'
            cand --mfa-duration 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile''s mfa_session_duration, else 12h]'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --force-refresh 'Call STS for the last link even if its cached credentials are fresh'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;batch'= {
            cand --role-arns 'A file of role ARNs to assume from --source-profile: `ARN [LABEL]` per line, `#` comments'
            cand --accounts 'Account ids (12 digits, comma-separated) in which to assume --role-name'
            cand --accounts-file 'A file of account ids in which to assume --role-name: `ID [LABEL]` per line, `#` comments'
            cand --role-name 'The role to assume in each account of --accounts/--accounts-file (partition from the source profile''s region)'
            cand --source-profile 'Profile whose credentials assume the roles of --role-arns and --role-name'
            cand --concurrency 'How many targets to work on at once (commands included)'
            cand --env-dir 'Write `<target>.env` (dotenv, mode 0600) per target into DIR instead of JSON lines'
            cand --output-dir 'With a command: write its output to DIR/<target>.out and .err'
            cand --timeout 'Give up on a target (credentials and command) after this long'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --ordered 'Print in input order (each line as soon as all before it are done) instead of completion order'
            cand --no-prefix 'With a command: do not prefix its output lines with the target'
            cand --fail-fast 'Start no new target after the first failure'
            cand -q 'No progress bar, and no summary when every target succeeded'
            cand --quiet 'No progress bar, and no summary when every target succeeded'
            cand --force-refresh 'Call STS for the last link of every chain even if cached credentials are fresh'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;console'= {
            cand --profile 'Profile whose console to open (same as the positional PROFILE)'
            cand --service 'Open this service''s console (`s3`, `ec2`, `lambda`, `cloudwatch`, …) in the region'
            cand --destination 'Open this console URL; it must be on the partition''s console host (console.aws.amazon.com or a host under it), anything else is refused'
            cand --region 'The console''s region, which also picks the partition (aws, aws-cn, aws-us-gov) [default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the profile''s region]'
            cand --duration 'Length of the console session (15m to 12h): a role''s SessionDuration (not for a role assumed with another role''s session: AWS caps those at one hour), or the federated user''s session of long-term keys [default: AWS''s for a role; 12h for long-term keys]'
            cand --mfa-token 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --print 'Print the sign-in URL on stdout instead of opening a browser (it signs anyone in for 15 minutes: keep it to yourself)'
            cand --force-refresh 'Call STS for the last link even if its cached credentials are fresh'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;login'= {
            cand --sso-session 'Sign in to this [sso-session] section instead of a profile''s'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --no-browser 'Do not open a browser: show a URL and a code to enter (device authorization)'
            cand --use-device-code 'Sign in with a code (device authorization) instead of the browser redirect'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;list'= {
            cand --format 'Output format'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;cache'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List cached entries: key, profile, role, state'
            cand clear 'Remove cached entries: all of them, or those of one profile''s chain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;cache;list'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;cache;clear'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;cache;help'= {
            cand list 'List cached entries: key, profile, role, state'
            cand clear 'Remove cached entries: all of them, or those of one profile''s chain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;cache;help;list'= {
        }
        &'credbroker;cache;help;clear'= {
        }
        &'credbroker;cache;help;help'= {
        }
        &'credbroker;config'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;completions'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;help'= {
            cand credential-process 'Print credentials as `credential_process` JSON (for ~/.aws/config)'
            cand export 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`'
            cand exec 'Run a command with credentials in its environment'
            cand batch 'Credentials for many targets at once: JSON lines, .env files, or a command per target'
            cand console 'Open the AWS web console for a profile, with credentials from the same cache'
            cand login 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI'
            cand list 'List profiles, their chains and the cache state of each link'
            cand cache 'Inspect or clear the credential cache'
            cand config 'Print the effective settings and where they come from'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;help;credential-process'= {
        }
        &'credbroker;help;export'= {
        }
        &'credbroker;help;exec'= {
        }
        &'credbroker;help;batch'= {
        }
        &'credbroker;help;console'= {
        }
        &'credbroker;help;login'= {
        }
        &'credbroker;help;list'= {
        }
        &'credbroker;help;cache'= {
            cand list 'List cached entries: key, profile, role, state'
            cand clear 'Remove cached entries: all of them, or those of one profile''s chain'
        }
        &'credbroker;help;cache;list'= {
        }
        &'credbroker;help;cache;clear'= {
        }
        &'credbroker;help;config'= {
        }
        &'credbroker;help;completions'= {
        }
        &'credbroker;help;help'= {
        }
    ]
    $completions[$command]
}
