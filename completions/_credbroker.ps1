
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
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print credentials as `credential_process` JSON (for ~/.aws/config)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell commands that export credentials: `eval "$(credbroker export prod)"`')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with credentials in its environment')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Resolve many profiles at once and print one JSON line each')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles, their chains and the cache state of each link')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Inspect or clear the credential cache')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective settings and where they come from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ for packaging (used to keep the committed copies current)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'credbroker;credential-process' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to resolve (same as the positional PROFILE)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve credentials with less than this left [default: 5m]')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Assume this role on top of --source-profile instead of naming a profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume --role-arn')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id for --role-arn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Session duration for --role-arn (900s to 12h)')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'Session name for --role-arn [default: credbroker-<user>-<time>]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;export' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to resolve (same as the positional PROFILE)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve credentials with less than this left [default: 5m]')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Assume this role on top of --source-profile instead of naming a profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume --role-arn')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id for --role-arn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Session duration for --role-arn (900s to 12h)')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'Session name for --role-arn [default: credbroker-<user>-<time>]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: from $SHELL, else sh]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: from $SHELL, else sh]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;exec' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to resolve (same as the positional PROFILE)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve credentials with less than this left [default: 5m]')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Assume this role on top of --source-profile instead of naming a profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume --role-arn')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id for --role-arn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Session duration for --role-arn (900s to 12h)')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'Session name for --role-arn [default: credbroker-<user>-<time>]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link even if its cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;batch' {
            [CompletionResult]::new('--role-arns', '--role-arns', [CompletionResultType]::ParameterName, 'A file of role ARNs (one per line, `#` comments) to assume from --source-profile')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'Profile whose credentials assume the roles of --role-arns')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many chains to resolve at once')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Never serve credentials with less than this left [default: 5m]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Call STS for the last link of every chain even if cached credentials are fresh')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;login' {
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'Sign in to this [sso-session] section instead of a profile''s')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser: show a URL and a code to enter (device authorization)')
            [CompletionResult]::new('--use-device-code', '--use-device-code', [CompletionResultType]::ParameterName, 'Sign in with a code (device authorization) instead of the browser redirect')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;cache' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
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
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;cache;clear' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
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
        'credbroker;config' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;completions' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'credbroker;generate-docs' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <platform cache dir>/credbroker]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s refresh before giving up [default: 5m]')
            [CompletionResult]::new('--refresh-window', '--refresh-window', [CompletionResultType]::ParameterName, 'Refresh credentials when less than this remains [default: 15m]')
            [CompletionResult]::new('--sts-max-attempts', '--sts-max-attempts', [CompletionResultType]::ParameterName, 'Attempts per STS call, with the SDK''s jittered backoff between them [default: 3]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: <platform config dir>/credbroker/config.toml]')
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
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Resolve many profiles at once and print one JSON line each')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (SSO), sharing the sign-in with the AWS CLI')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles, their chains and the cache state of each link')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Inspect or clear the credential cache')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective settings and where they come from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ for packaging (used to keep the committed copies current)')
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
        'credbroker;help;batch' {
            break
        }
        'credbroker;help;login' {
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
        'credbroker;help;config' {
            break
        }
        'credbroker;help;completions' {
            break
        }
        'credbroker;help;generate-docs' {
            break
        }
        'credbroker;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
