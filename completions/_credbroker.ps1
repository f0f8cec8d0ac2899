
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'credbroker' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'credbroker'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'credbroker' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print credentials as `credential_process` JSON (for ~/.aws/config)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with credentials in its environment')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve credentials to AWS SDKs over HTTP, one path per profile, until SIGINT or SIGTERM')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Credentials for many targets at once: JSON lines, .env files, or a command per target')
            [CompletionResult]::new('console', 'console', [CompletionResultType]::ParameterValue, 'Open the AWS web console for a profile, with credentials from the same cache')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI')
            [CompletionResult]::new('eks-token', 'eks-token', [CompletionResultType]::ParameterValue, 'Print a Kubernetes ExecCredential with an EKS token, as `aws eks get-token` does, from the cache')
            [CompletionResult]::new('eks-kubeconfig', 'eks-kubeconfig', [CompletionResultType]::ParameterValue, 'Print, or merge into a kubeconfig, a kubeconfig user that runs `credbroker eks-token`')
            [CompletionResult]::new('sso', 'sso', [CompletionResultType]::ParameterValue, 'IAM Identity Center: the accounts and roles a sign-in can use')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles, their chains and the cache state of each link')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Inspect or clear the credential cache')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Long-term keys in the OS keyring or an encrypted file, instead of ~/.aws/credentials')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective settings and where they come from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;credential-process' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to resolve (same as the positional PROFILE)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Assume this role on top of --source-profile instead of naming a profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume --role-arn')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id for --role-arn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Session duration for --role-arn (900s to 12h)')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'Session name for --role-arn [default: credbroker-<user>-<time>]')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)')
            [CompletionResult]::new('--mfa-duration', '--mfa-duration', [CompletionResultType]::ParameterName, 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile''s mfa_session_duration, else 12h]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;export' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to resolve (same as the positional PROFILE)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Assume this role on top of --source-profile instead of naming a profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume --role-arn')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id for --role-arn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Session duration for --role-arn (900s to 12h)')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'Session name for --role-arn [default: credbroker-<user>-<time>]')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)')
            [CompletionResult]::new('--mfa-duration', '--mfa-duration', [CompletionResultType]::ParameterName, 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile''s mfa_session_duration, else 12h]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;exec' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to resolve (same as the positional PROFILE)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Assume this role on top of --source-profile instead of naming a profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume --role-arn')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id for --role-arn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Session duration for --role-arn (900s to 12h)')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'Session name for --role-arn [default: credbroker-<user>-<time>]')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)')
            [CompletionResult]::new('--mfa-duration', '--mfa-duration', [CompletionResultType]::ParameterName, 'Duration of a new MFA session (GetSessionToken; 900s to 36h) [default: the profile''s mfa_session_duration, else 12h]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Give the command a credential server for its lifetime instead of keys, so that it never holds expired ones')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on, e.g. 127.0.0.1:9911 [default: 127.0.0.1 on a free port]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Format of the variables printed at start (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format of the variables printed at start (env CREDBROKER_EXPORT_FORMAT) [default: from $SHELL, else sh]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--allow-non-loopback', '--allow-non-loopback', [CompletionResultType]::ParameterName, 'Allow --listen on an address other than loopback (a docker network''s gateway, 0.0.0.0): whoever can reach it and holds the token gets the credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;batch' {
            [CompletionResult]::new('--role-arns', '--role-arns', [CompletionResultType]::ParameterName, 'A file of role ARNs to assume from --source-profile: `ARN [LABEL]` per line, `#` comments')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Account ids (12 digits, comma-separated) in which to assume --role-name; with --sso-session, the accounts to keep')
            [CompletionResult]::new('--accounts-file', '--accounts-file', [CompletionResultType]::ParameterName, 'A file of account ids in which to assume --role-name: `ID [LABEL]` per line, `#` comments')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role to assume in each account of --accounts/--accounts-file (partition from the source profile''s region); with --sso-session, the roles to keep (repeatable)')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume the roles of --role-arns and --role-name')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'Every account and role this [sso-session] can use (as `sso accounts` lists them), straight from the sign-in without profiles; labels are ACCOUNT_NAME/ROLE')
            [CompletionResult]::new('--org-profile', '--org-profile', [CompletionResultType]::ParameterName, 'The profile whose credentials list the organization''s accounts [default: --source-profile]')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'Only the accounts of this organizational unit and the units under it')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many targets to work on at once (commands included)')
            [CompletionResult]::new('--env-dir', '--env-dir', [CompletionResultType]::ParameterName, 'Write `<target>.env` (dotenv, mode 0600) per target into DIR instead of JSON lines')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'With a command: write its output to DIR/<target>.out and .err')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a target (credentials and command) after this long')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every active account of AWS Organizations, each with --role-name assumed from --source-profile (labels are account ids)')
            [CompletionResult]::new('--ordered', '--ordered', [CompletionResultType]::ParameterName, 'Print in input order (each line as soon as all before it are done) instead of completion order')
            [CompletionResult]::new('--no-prefix', '--no-prefix', [CompletionResultType]::ParameterName, 'With a command: do not prefix its output lines with the target')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Start no new target after the first failure')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar, and no summary when every target succeeded')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar, and no summary when every target succeeded')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link of every chain even if cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;console' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose console to open (same as the positional PROFILE)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Open this service''s console (`s3`, `ec2`, `lambda`, `cloudwatch`, …) in the region')
            [CompletionResult]::new('--destination', '--destination', [CompletionResultType]::ParameterName, 'Open this console URL; it must be on the partition''s console host (console.aws.amazon.com or a host under it), anything else is refused')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The console''s region, which also picks the partition (aws, aws-cn, aws-us-gov) [default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the profile''s region]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Length of the console session (15m to 12h): a role''s SessionDuration (not for a role assumed with another role''s session: AWS caps those at one hour), or the federated user''s session of long-term keys [default: AWS''s for a role; 12h for long-term keys]')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code, when a link needs one (env CREDBROKER_MFA_TOKEN; used for one STS call; else `mfa_process`, else a prompt on the terminal)')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the sign-in URL on stdout instead of opening a browser (it signs anyone in for 15 minutes: keep it to yourself)')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;login' {
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'Sign in to this [sso-session] section instead of a profile''s')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser: show a URL and a code to enter (device authorization)')
            [CompletionResult]::new('--use-device-code', '--use-device-code', [CompletionResultType]::ParameterName, 'Sign in with a code (device authorization) instead of the browser redirect')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;eks-token' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The EKS cluster''s name (or an Outposts cluster''s id), signed into the token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose credentials sign the token (same as the positional PROFILE)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile''s region, else us-east-1]')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Sign with this role, assumed with the profile''s credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Sign a new token, with freshly refreshed credentials, even if the cached ones are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;eks-kubeconfig' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The EKS cluster''s name (or an Outposts cluster''s id), signed into the token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose credentials sign the token (same as the positional PROFILE)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the STS endpoint the token is signed for [default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile''s region, else us-east-1]')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Sign with this role, assumed with the profile''s credentials (and cached as `credential-process --role-arn ARN --source-profile PROFILE` caches it)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The cluster''s API server endpoint: also write a `clusters` and a `contexts` entry')
            [CompletionResult]::new('--certificate-authority-data', '--certificate-authority-data', [CompletionResultType]::ParameterName, 'The cluster''s CA certificate, base64 as `aws eks describe-cluster` prints it')
            [CompletionResult]::new('--alias', '--alias', [CompletionResultType]::ParameterName, 'Name of the entries written [default: PROFILE@CLUSTER]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig --write merges into [default: first file of $KUBECONFIG, else ~/.kube/config]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Merge the entries into the kubeconfig instead of printing them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;sso' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List every account (id, name, email) and role an SSO sign-in can use')
            [CompletionResult]::new('populate', 'populate', [CompletionResultType]::ParameterValue, 'Write one profile per account and role into the AWS config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;sso;accounts' {
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'The [sso-session] section to use [default: the only one in the config file]')
            [CompletionResult]::new('--list-concurrency', '--list-concurrency', [CompletionResultType]::ParameterName, 'How many accounts'' roles to list at once')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table (one row per account and role), or JSON (one object per account with its roles)')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Scan the portal even when a listing of the last 10 minutes is cached')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;sso;populate' {
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'The [sso-session] section to use [default: the only one in the config file]')
            [CompletionResult]::new('--list-concurrency', '--list-concurrency', [CompletionResultType]::ParameterName, 'How many accounts'' roles to list at once')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Profile names: {account_name}, {account_id} and {role_name}; characters the SDK refuses in a name become `-`')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The profiles'' region [default: the sso-session''s sso_region]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Scan the portal even when a listing of the last 10 minutes is cached')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Remove profiles of accounts and roles the sign-in no longer lists')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;sso;help' {
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List every account (id, name, email) and role an SSO sign-in can use')
            [CompletionResult]::new('populate', 'populate', [CompletionResultType]::ParameterValue, 'Write one profile per account and role into the AWS config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;sso;help;accounts' {
            break
        }
        'credbroker;sso;help;populate' {
            break
        }
        'credbroker;sso;help;help' {
            break
        }
        'credbroker;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;cache' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached entries: key, profile, role, state')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached entries: all of them, or those of one profile''s chain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;cache;list' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;cache;clear' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;cache;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached entries: key, profile, role, state')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached entries: all of them, or those of one profile''s chain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;cache;help;list' {
            break
        }
        'credbroker;cache;help;clear' {
            break
        }
        'credbroker;cache;help;help' {
            break
        }
        'credbroker;keys' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a profile''s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored profiles and their key ids (never a secret)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile''s stored keys')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a profile''s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault''s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;keys;add' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Take the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;keys;list' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;keys;remove' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;keys;rotate' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;keys;import' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--from-aws-vault', '--from-aws-vault', [CompletionResultType]::ParameterName, 'Read aws-vault''s stored keys instead of ~/.aws/credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;keys;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a profile''s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored profiles and their key ids (never a secret)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile''s stored keys')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a profile''s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault''s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;keys;help;add' {
            break
        }
        'credbroker;keys;help;list' {
            break
        }
        'credbroker;keys;help;remove' {
            break
        }
        'credbroker;keys;help;rotate' {
            break
        }
        'credbroker;keys;help;import' {
            break
        }
        'credbroker;keys;help;help' {
            break
        }
        'credbroker;config' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;completions' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory (env CREDBROKER_CACHE_DIR) [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up (env CREDBROKER_LOCK_TIMEOUT) [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains (env CREDBROKER_REFRESH_WINDOW) [default: 15m]')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve the requested credentials with less than this left; the links below them keep at most the default (env CREDBROKER_MIN_TTL) [default: 5m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (STS, the SSO portal, SSO OIDC, the console''s sign-in), with the SDK''s jittered backoff between them (env CREDBROKER_STS_MAX_ATTEMPTS) [default: 3]')
            [CompletionResult]::new('--sts-timeout', '--sts-timeout', [CompletionResultType]::ParameterName, 'Deadline of one STS call, all attempts included (env CREDBROKER_STS_TIMEOUT) [default: 30s]')
            [CompletionResult]::new('--process-timeout', '--process-timeout', [CompletionResultType]::ParameterName, 'Deadline of a helper process (mfa_process, a nested credential_process); then its whole process group is killed (env CREDBROKER_PROCESS_TIMEOUT) [default: 2m]')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Where `keys` stores long-term keys: secret-service, keychain, file or none (env CREDBROKER_KEYRING) [default: keychain on macOS; secret-service with a D-Bus session bus, else file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (env CREDBROKER_CONFIG) [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;help' {
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print credentials as `credential_process` JSON (for ~/.aws/config)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with credentials in its environment')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve credentials to AWS SDKs over HTTP, one path per profile, until SIGINT or SIGTERM')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Credentials for many targets at once: JSON lines, .env files, or a command per target')
            [CompletionResult]::new('console', 'console', [CompletionResultType]::ParameterValue, 'Open the AWS web console for a profile, with credentials from the same cache')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI')
            [CompletionResult]::new('eks-token', 'eks-token', [CompletionResultType]::ParameterValue, 'Print a Kubernetes ExecCredential with an EKS token, as `aws eks get-token` does, from the cache')
            [CompletionResult]::new('eks-kubeconfig', 'eks-kubeconfig', [CompletionResultType]::ParameterValue, 'Print, or merge into a kubeconfig, a kubeconfig user that runs `credbroker eks-token`')
            [CompletionResult]::new('sso', 'sso', [CompletionResultType]::ParameterValue, 'IAM Identity Center: the accounts and roles a sign-in can use')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles, their chains and the cache state of each link')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Inspect or clear the credential cache')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Long-term keys in the OS keyring or an encrypted file, instead of ~/.aws/credentials')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective settings and where they come from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;help;credential-process' {
            break
        }
        'credbroker;help;export' {
            break
        }
        'credbroker;help;exec' {
            break
        }
        'credbroker;help;serve' {
            break
        }
        'credbroker;help;batch' {
            break
        }
        'credbroker;help;console' {
            break
        }
        'credbroker;help;login' {
            break
        }
        'credbroker;help;eks-token' {
            break
        }
        'credbroker;help;eks-kubeconfig' {
            break
        }
        'credbroker;help;sso' {
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List every account (id, name, email) and role an SSO sign-in can use')
            [CompletionResult]::new('populate', 'populate', [CompletionResultType]::ParameterValue, 'Write one profile per account and role into the AWS config file')
            break
        }
        'credbroker;help;sso;accounts' {
            break
        }
        'credbroker;help;sso;populate' {
            break
        }
        'credbroker;help;list' {
            break
        }
        'credbroker;help;cache' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached entries: key, profile, role, state')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached entries: all of them, or those of one profile''s chain')
            break
        }
        'credbroker;help;cache;list' {
            break
        }
        'credbroker;help;cache;clear' {
            break
        }
        'credbroker;help;keys' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a profile''s access key id and secret: asked on the terminal (the secret is not echoed), or from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --env')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored profiles and their key ids (never a secret)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile''s stored keys')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a profile''s key with a new one: iam:CreateAccessKey signed by the current key, the new key stored, then the old one deleted and its cached sessions cleared. On any failure the old key stays stored and usable')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move keys from ~/.aws/credentials into the keyring (all profiles with long-term keys, or those named), removing them from the file: written atomically, the rest of the file kept byte for byte, a backup (mode 0600) beside it. With --from-aws-vault, from aws-vault''s keyring instead (its Secret Service collection, or its encrypted files with AWS_VAULT_FILE_PASSPHRASE), leaving it as it is')
            break
        }
        'credbroker;help;keys;add' {
            break
        }
        'credbroker;help;keys;list' {
            break
        }
        'credbroker;help;keys;remove' {
            break
        }
        'credbroker;help;keys;rotate' {
            break
        }
        'credbroker;help;keys;import' {
            break
        }
        'credbroker;help;config' {
            break
        }
        'credbroker;help;completions' {
            break
        }
        'credbroker;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
