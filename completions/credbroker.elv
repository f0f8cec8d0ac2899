
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand credential-process 'Print credentials as `credential_process` JSON (for ~/.aws/config)'
            cand export 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`'
            cand exec 'Run a command with credentials in its environment'
            cand serve 'Serve credentials to AWS SDKs over HTTP, one path per profile, until SIGINT or SIGTERM'
            cand batch 'Credentials for many targets at once: JSON lines, .env files, or a command per target'
            cand console 'Open the AWS web console for a profile, with credentials from the same cache'
            cand login 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI'
            cand eks-token 'Print a Kubernetes ExecCredential with an EKS token, as `aws eks get-token` does, from the cache'
            cand eks-kubeconfig 'Print, or merge into a kubeconfig, a kubeconfig user that runs `credbroker eks-token`'
            cand sso 'IAM Identity Center: the accounts and roles a sign-in can use'
            cand list 'List profiles, their chains and the cache state of each link'
            cand cache 'Inspect or clear the credential cache'
            cand keys 'Long-term keys in the OS keyring or an encrypted file, instead of ~/.aws/credentials'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --force-refresh 'Call STS for the last link even if its cached credentials are fresh'
            cand --server 'Give the command a credential server for its lifetime instead of keys, so that it never holds expired ones'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;serve'= {
            cand --listen 'Address and port to listen on, e.g. 127.0.0.1:9911 [default: 127.0.0.1 on a free port]'
            cand -f 'Format of the variables printed at start (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]'
            cand --format 'Format of the variables printed at start (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --allow-non-loopback 'Allow --listen on an address other than loopback (a docker network''s gateway, 0.0.0.0): whoever can reach it and holds the token gets the credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;batch'= {
            cand --role-arns 'A file of role ARNs to assume from --source-profile: `ARN [LABEL]` per line, `#` comments'
            cand --accounts 'Account ids (12 digits, comma-separated) in which to assume --role-name; with --sso-session, the accounts to keep'
            cand --accounts-file 'A file of account ids in which to assume --role-name: `ID [LABEL]` per line, `#` comments'
            cand --role-name 'The role to assume in each account of --accounts/--accounts-file (partition from the source profile''s region); with --sso-session, the roles to keep (repeatable)'
            cand --source-profile 'Profile whose credentials assume the roles of --role-arns and --role-name'
            cand --sso-session 'Every account and role this [sso-session] can use (as `sso accounts` lists them), straight from the sign-in without profiles; labels are ACCOUNT_NAME/ROLE'
            cand --org-profile 'The profile whose credentials list the organization''s accounts [default: --source-profile]'
            cand --ou 'Only the accounts of this organizational unit and the units under it'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --org 'Every active account of AWS Organizations, each with --role-name assumed from --source-profile (labels are account ids)'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --no-browser 'Do not open a browser: show a URL and a code to enter (device authorization)'
            cand --use-device-code 'Sign in with a code (device authorization) instead of the browser redirect'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;eks-token'= {
            cand --cluster-name 'The EKS cluster''s name (or an Outposts cluster''s id), signed into the token'
            cand --profile 'Profile whose credentials sign the token (same as the positional PROFILE)'
            cand --region 'Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile''s region, else us-east-1]'
            cand --role-arn 'Sign with this role, assumed with the profile''s credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --force-refresh 'Sign a new token, with freshly refreshed credentials, even if the cached ones are fresh'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;eks-kubeconfig'= {
            cand --cluster-name 'The EKS cluster''s name (or an Outposts cluster''s id), signed into the token'
            cand --profile 'Profile whose credentials sign the token (same as the positional PROFILE)'
            cand --region 'Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile''s region, else us-east-1]'
            cand --role-arn 'Sign with this role, assumed with the profile''s credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)'
            cand --server 'The cluster''s API server endpoint: also write a `clusters` and a `contexts` entry'
            cand --certificate-authority-data 'The cluster''s CA certificate, base64 as `aws eks describe-cluster` prints it'
            cand --alias 'Name of the entries written [default: PROFILE@CLUSTER]'
            cand --kubeconfig 'The kubeconfig --write merges into [default: first file of $KUBECONFIG, else ~/.kube/config]'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --write 'Merge the entries into the kubeconfig instead of printing them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;sso'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand accounts 'List every account (id, name, email) and role an SSO sign-in can use'
            cand populate 'Write one profile per account and role into the AWS config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;sso;accounts'= {
            cand --sso-session 'The [sso-session] section to use [default: the only one in the config file]'
            cand --list-concurrency 'How many accounts'' roles to list at once'
            cand --format 'Output format: a table (one row per account and role), or JSON (one object per account with its roles)'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --refresh 'Scan the portal even when a listing of the last 10 minutes is cached'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;sso;populate'= {
            cand --sso-session 'The [sso-session] section to use [default: the only one in the config file]'
            cand --list-concurrency 'How many accounts'' roles to list at once'
            cand --name 'Profile names: {account_name}, {account_id} and {role_name}; characters the SDK refuses in a name become `-`'
            cand --region 'The profiles'' region [default: the sso-session''s sso_region]'
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --refresh 'Scan the portal even when a listing of the last 10 minutes is cached'
            cand --prune 'Remove profiles of accounts and roles the sign-in no longer lists'
            cand --dry-run 'Print what would change, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;sso;help'= {
            cand accounts 'List every account (id, name, email) and role an SSO sign-in can use'
            cand populate 'Write one profile per account and role into the AWS config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;sso;help;accounts'= {
        }
        &'credbroker;sso;help;populate'= {
        }
        &'credbroker;sso;help;help'= {
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
        &'credbroker;keys'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Store a profile''s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env'
            cand list 'List stored profiles and their key ids (never a secret)'
            cand remove 'Remove a profile''s stored keys'
            cand rotate 'Replace a profile''s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable'
            cand import 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault''s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;keys;add'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --env 'Take the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;keys;list'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;keys;remove'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;keys;rotate'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;keys;import'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
            cand --config 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]'
            cand --from-aws-vault 'Read aws-vault''s stored keys instead of ~/.aws/credentials'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'credbroker;keys;help'= {
            cand add 'Store a profile''s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env'
            cand list 'List stored profiles and their key ids (never a secret)'
            cand remove 'Remove a profile''s stored keys'
            cand rotate 'Replace a profile''s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable'
            cand import 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault''s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'credbroker;keys;help;add'= {
        }
        &'credbroker;keys;help;list'= {
        }
        &'credbroker;keys;help;remove'= {
        }
        &'credbroker;keys;help;rotate'= {
        }
        &'credbroker;keys;help;import'= {
        }
        &'credbroker;keys;help;help'= {
        }
        &'credbroker;config'= {
            cand --cache-dir 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]'
            cand --lock-timeout 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]'
            cand --refresh-window 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]'
            cand --min-ttl 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]'
            cand --sts-max-attempts 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]'
            cand --sts-timeout 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]'
            cand --process-timeout 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]'
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand --keyring 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]'
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
            cand serve 'Serve credentials to AWS SDKs over HTTP, one path per profile, until SIGINT or SIGTERM'
            cand batch 'Credentials for many targets at once: JSON lines, .env files, or a command per target'
            cand console 'Open the AWS web console for a profile, with credentials from the same cache'
            cand login 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI'
            cand eks-token 'Print a Kubernetes ExecCredential with an EKS token, as `aws eks get-token` does, from the cache'
            cand eks-kubeconfig 'Print, or merge into a kubeconfig, a kubeconfig user that runs `credbroker eks-token`'
            cand sso 'IAM Identity Center: the accounts and roles a sign-in can use'
            cand list 'List profiles, their chains and the cache state of each link'
            cand cache 'Inspect or clear the credential cache'
            cand keys 'Long-term keys in the OS keyring or an encrypted file, instead of ~/.aws/credentials'
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
        &'credbroker;help;serve'= {
        }
        &'credbroker;help;batch'= {
        }
        &'credbroker;help;console'= {
        }
        &'credbroker;help;login'= {
        }
        &'credbroker;help;eks-token'= {
        }
        &'credbroker;help;eks-kubeconfig'= {
        }
        &'credbroker;help;sso'= {
            cand accounts 'List every account (id, name, email) and role an SSO sign-in can use'
            cand populate 'Write one profile per account and role into the AWS config file'
        }
        &'credbroker;help;sso;accounts'= {
        }
        &'credbroker;help;sso;populate'= {
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
        &'credbroker;help;keys'= {
            cand add 'Store a profile''s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env'
            cand list 'List stored profiles and their key ids (never a secret)'
            cand remove 'Remove a profile''s stored keys'
            cand rotate 'Replace a profile''s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable'
            cand import 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault''s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is'
        }
        &'credbroker;help;keys;add'= {
        }
        &'credbroker;help;keys;list'= {
        }
        &'credbroker;help;keys;remove'= {
        }
        &'credbroker;help;keys;rotate'= {
        }
        &'credbroker;help;keys;import'= {
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
