# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_credbroker_global_optspecs
    string join \n cache-dir= lock-timeout= refresh-window= min-ttl= sts-max-attempts= sts-timeout= process-timeout= keyring= config= h/help V/version
end

function __fish_credbroker_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_credbroker_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_credbroker_using_subcommand
    set -l cmd (__fish_credbroker_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c credbroker -n "__fish_credbroker_needs_command" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_needs_command" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_needs_command" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_needs_command" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "credential-process" -d 'Print credentials as `credential_process` JSON (for ~/.aws/config)'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "export" -d 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "exec" -d 'Run a command with credentials in its environment'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "serve" -d 'Serve credentials to AWS SDKs over HTTP, one path per profile, until SIGINT or SIGTERM'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "batch" -d 'Credentials for many targets at once: JSON lines, .env files, or a command per target'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "console" -d 'Open the AWS web console for a profile, with credentials from the same cache'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "login" -d 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "eks-token" -d 'Print a Kubernetes ExecCredential with an EKS token, as `aws eks get-token` does, from the cache'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "eks-kubeconfig" -d 'Print, or merge into a kubeconfig, a kubeconfig user that runs `credbroker eks-token`'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "sso" -d 'IAM Identity Center: the accounts and roles a sign-in can use'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "list" -d 'List profiles, their chains and the cache state of each link'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "cache" -d 'Inspect or clear the credential cache'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "keys" -d 'Long-term keys in the OS keyring or an encrypted file, instead of ~/.aws/credentials'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "config" -d 'Print the effective settings and where they come from'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c credbroker -n "__fish_credbroker_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l profile -d 'Profile to resolve (same as the positional PROFILE)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l role-arn -d 'Assume this role on top of --source-profile instead of naming a profile' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l source-profile -d 'Profile whose credentials assume --role-arn' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l external-id -d 'External id for --role-arn' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l duration -d 'Session duration for --role-arn (900s to 12h)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l role-session-name -d 'Session name for --role-arn [default: credbroker-<user>-<time>]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l mfa-token -d 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l mfa-duration -d 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile\'s mfa_session_duration, else 12h]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -l force-refresh -d 'Call STS for the last link even if its cached credentials are fresh'
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand credential-process" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l profile -d 'Profile to resolve (same as the positional PROFILE)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l role-arn -d 'Assume this role on top of --source-profile instead of naming a profile' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l source-profile -d 'Profile whose credentials assume --role-arn' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l external-id -d 'External id for --role-arn' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l duration -d 'Session duration for --role-arn (900s to 12h)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l role-session-name -d 'Session name for --role-arn [default: credbroker-<user>-<time>]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l mfa-token -d 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l mfa-duration -d 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile\'s mfa_session_duration, else 12h]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -s f -l format -d 'Output format (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]' -r -f -a "sh\t''
bash\t''
zsh\t''
fish\t''
powershell\t''
nu\t''
dotenv\t''
json\t''"
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -l force-refresh -d 'Call STS for the last link even if its cached credentials are fresh'
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand export" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l profile -d 'Profile to resolve (same as the positional PROFILE)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l role-arn -d 'Assume this role on top of --source-profile instead of naming a profile' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l source-profile -d 'Profile whose credentials assume --role-arn' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l external-id -d 'External id for --role-arn' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l duration -d 'Session duration for --role-arn (900s to 12h)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l role-session-name -d 'Session name for --role-arn [default: credbroker-<user>-<time>]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l mfa-token -d 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l mfa-duration -d 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile\'s mfa_session_duration, else 12h]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l force-refresh -d 'Call STS for the last link even if its cached credentials are fresh'
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -l server -d 'Give the command a credential server for its lifetime instead of keys, so that it never holds expired ones'
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand exec" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l listen -d 'Address and port to listen on, e.g. 127.0.0.1:9911 [default: 127.0.0.1 on a free port]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -s f -l format -d 'Format of the variables printed at start (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]' -r -f -a "sh\t''
bash\t''
zsh\t''
fish\t''
powershell\t''
nu\t''
dotenv\t''
json\t''"
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -l allow-non-loopback -d 'Allow --listen on an address other than loopback (a docker network\'s gateway, 0.0.0.0): whoever can reach it and holds the token gets the credentials'
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand serve" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l role-arns -d 'A file of role ARNs to assume from --source-profile: `ARN [LABEL]` per line, `#` comments' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l accounts -d 'Account ids (12 digits, comma-separated) in which to assume --role-name; with --sso-session, the accounts to keep' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l accounts-file -d 'A file of account ids in which to assume --role-name: `ID [LABEL]` per line, `#` comments' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l role-name -d 'The role to assume in each account of --accounts/--accounts-file (partition from the source profile\'s region); with --sso-session, the roles to keep (repeatable)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l source-profile -d 'Profile whose credentials assume the roles of --role-arns and --role-name' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l sso-session -d 'Every account and role this [sso-session] can use (as `sso accounts` lists them), straight from the sign-in without profiles; labels are ACCOUNT_NAME/ROLE' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l org-profile -d 'The profile whose credentials list the organization\'s accounts [default: --source-profile]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l ou -d 'Only the accounts of this organizational unit and the units under it' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l concurrency -d 'How many targets to work on at once (commands included)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l env-dir -d 'Write `<target>.env` (dotenv, mode 0600) per target into DIR instead of JSON lines' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l output-dir -d 'With a command: write its output to DIR/<target>.out and .err' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l timeout -d 'Give up on a target (credentials and command) after this long' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l org -d 'Every active account of AWS Organizations, each with --role-name assumed from --source-profile (labels are account ids)'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l ordered -d 'Print in input order (each line as soon as all before it are done) instead of completion order'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l no-prefix -d 'With a command: do not prefix its output lines with the target'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l fail-fast -d 'Start no new target after the first failure'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -s q -l quiet -d 'No progress bar, and no summary when every target succeeded'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -l force-refresh -d 'Call STS for the last link of every chain even if cached credentials are fresh'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand batch" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l profile -d 'Profile whose console to open (same as the positional PROFILE)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l service -d 'Open this service\'s console (`s3`, `ec2`, `lambda`, `cloudwatch`, …) in the region' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l destination -d 'Open this console URL; it must be on the partition\'s console host (console.aws.amazon.com or a host under it), anything else is refused' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l region -d 'The console\'s region, which also picks the partition (aws, aws-cn, aws-us-gov) [default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the profile\'s region]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l duration -d 'Length of the console session (15m to 12h): a role\'s SessionDuration (not for a role assumed with another role\'s session: AWS caps those at one hour), or the federated user\'s session of long-term keys [default: AWS\'s for a role; 12h for long-term keys]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l mfa-token -d 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l print -d 'Print the sign-in URL on stdout instead of opening a browser (it signs anyone in for 15 minutes: keep it to yourself)'
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -l force-refresh -d 'Call STS for the last link even if its cached credentials are fresh'
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand console" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l sso-session -d 'Sign in to this [sso-session] section instead of a profile\'s' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l no-browser -d 'Do not open a browser: show a URL and a code to enter (device authorization)'
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -l use-device-code -d 'Sign in with a code (device authorization) instead of the browser redirect'
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand login" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l cluster-name -d 'The EKS cluster\'s name (or an Outposts cluster\'s id), signed into the token' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l profile -d 'Profile whose credentials sign the token (same as the positional PROFILE)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l region -d 'Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile\'s region, else us-east-1]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l role-arn -d 'Sign with this role, assumed with the profile\'s credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -l force-refresh -d 'Sign a new token, with freshly refreshed credentials, even if the cached ones are fresh'
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-token" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l cluster-name -d 'The EKS cluster\'s name (or an Outposts cluster\'s id), signed into the token' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l profile -d 'Profile whose credentials sign the token (same as the positional PROFILE)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l region -d 'Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile\'s region, else us-east-1]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l role-arn -d 'Sign with this role, assumed with the profile\'s credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l server -d 'The cluster\'s API server endpoint: also write a `clusters` and a `contexts` entry' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l certificate-authority-data -d 'The cluster\'s CA certificate, base64 as `aws eks describe-cluster` prints it' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l alias -d 'Name of the entries written [default: PROFILE@CLUSTER]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l kubeconfig -d 'The kubeconfig --write merges into [default: first file of $KUBECONFIG, else ~/.kube/config]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -l write -d 'Merge the entries into the kubeconfig instead of printing them'
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand eks-kubeconfig" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -f -a "accounts" -d 'List every account (id, name, email) and role an SSO sign-in can use'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -f -a "populate" -d 'Write one profile per account and role into the AWS config file'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and not __fish_seen_subcommand_from accounts populate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l sso-session -d 'The [sso-session] section to use [default: the only one in the config file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l list-concurrency -d 'How many accounts\' roles to list at once' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l format -d 'Output format: a table (one row per account and role), or JSON (one object per account with its roles)' -r -f -a "table\t''
json\t''"
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -l refresh -d 'Scan the portal even when a listing of the last 10 minutes is cached'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from accounts" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l sso-session -d 'The [sso-session] section to use [default: the only one in the config file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l list-concurrency -d 'How many accounts\' roles to list at once' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l name -d 'Profile names: {account_name}, {account_id} and {role_name}; characters the SDK refuses in a name become `-`' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l region -d 'The profiles\' region [default: the sso-session\'s sso_region]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l refresh -d 'Scan the portal even when a listing of the last 10 minutes is cached'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l prune -d 'Remove profiles of accounts and roles the sign-in no longer lists'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -l dry-run -d 'Print what would change, and change nothing'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from populate" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from help" -f -a "accounts" -d 'List every account (id, name, email) and role an SSO sign-in can use'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from help" -f -a "populate" -d 'Write one profile per account and role into the AWS config file'
complete -c credbroker -n "__fish_credbroker_using_subcommand sso; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand list" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "list" -d 'List cached entries: key, profile, role, state'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "clear" -d 'Remove cached entries: all of them, or those of one profile\'s chain'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "list" -d 'List cached entries: key, profile, role, state'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove cached entries: all of them, or those of one profile\'s chain'
complete -c credbroker -n "__fish_credbroker_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -f -a "add" -d 'Store a profile\'s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -f -a "list" -d 'List stored profiles and their key ids (never a secret)'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -f -a "remove" -d 'Remove a profile\'s stored keys'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -f -a "rotate" -d 'Replace a profile\'s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -f -a "import" -d 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault\'s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and not __fish_seen_subcommand_from add list remove rotate import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -l env -d 'Take the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -l from-aws-vault -d 'Read aws-vault\'s stored keys instead of ~/.aws/credentials'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "add" -d 'Store a profile\'s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List stored profiles and their key ids (never a secret)'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile\'s stored keys'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace a profile\'s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "import" -d 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault\'s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is'
complete -c credbroker -n "__fish_credbroker_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand config" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l cache-dir -d 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l lock-timeout -d 'How long to wait for another process\'s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l refresh-window -d 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l min-ttl -d 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l sts-max-attempts -d 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console\'s sign-in), with the SDK\'s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l sts-timeout -d 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l process-timeout -d 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l keyring -d 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]' -r
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -l config -d 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]' -r -F
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -s h -l help -d 'Print help'
complete -c credbroker -n "__fish_credbroker_using_subcommand completions" -s V -l version -d 'Print version'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "credential-process" -d 'Print credentials as `credential_process` JSON (for ~/.aws/config)'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "export" -d 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "exec" -d 'Run a command with credentials in its environment'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "serve" -d 'Serve credentials to AWS SDKs over HTTP, one path per profile, until SIGINT or SIGTERM'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "batch" -d 'Credentials for many targets at once: JSON lines, .env files, or a command per target'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "console" -d 'Open the AWS web console for a profile, with credentials from the same cache'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "login" -d 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "eks-token" -d 'Print a Kubernetes ExecCredential with an EKS token, as `aws eks get-token` does, from the cache'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "eks-kubeconfig" -d 'Print, or merge into a kubeconfig, a kubeconfig user that runs `credbroker eks-token`'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "sso" -d 'IAM Identity Center: the accounts and roles a sign-in can use'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "list" -d 'List profiles, their chains and the cache state of each link'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "cache" -d 'Inspect or clear the credential cache'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "keys" -d 'Long-term keys in the OS keyring or an encrypted file, instead of ~/.aws/credentials'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "config" -d 'Print the effective settings and where they come from'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and not __fish_seen_subcommand_from credential-process export exec serve batch console login eks-token eks-kubeconfig sso list cache keys config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from sso" -f -a "accounts" -d 'List every account (id, name, email) and role an SSO sign-in can use'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from sso" -f -a "populate" -d 'Write one profile per account and role into the AWS config file'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "list" -d 'List cached entries: key, profile, role, state'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clear" -d 'Remove cached entries: all of them, or those of one profile\'s chain'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "add" -d 'Store a profile\'s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'List stored profiles and their key ids (never a secret)'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "remove" -d 'Remove a profile\'s stored keys'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Replace a profile\'s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable'
complete -c credbroker -n "__fish_credbroker_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "import" -d 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault\'s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is'
