//! Helper processes (`mfa_process`, a nested `credential_process`): split
//! as the AWS CLI splits them, run without a shell, stdout captured.
//! Blocking work runs off the async workers ([`blocking`]).

use crate::error::CallFailure;
use crate::error::FailureKind;

/// A command line split as the AWS CLI splits `credential_process` (POSIX
/// shell words, no shell run).
pub fn split_command(command: &str) -> Option<Vec<String>> {
    shlex::split(command).filter(|words| !words.is_empty())
}

/// Run `argv` without a shell, stdin and stderr inherited (so a password
/// manager can prompt), stdout captured. Blocking: call from
/// `spawn_blocking`. `env` is added to the command's environment.
pub fn run_captured(argv: &[String], env: &[(&str, String)]) -> Result<String, CallFailure> {
    let failed = |message: String| CallFailure {
        kind: FailureKind::Permanent,
        code: "ProcessFailed".into(),
        message,
    };
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| failed("the command is empty".into()))?;
    let mut command = std::process::Command::new(program);
    for var in crate::settings::CHILD_ENV_REMOVE {
        command.env_remove(var);
    }
    let output = command
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| failed(format!("could not run `{program}`: {e}")))?;
    if !output.status.success() {
        return Err(match output.status.code() {
            Some(code) => CallFailure {
                code: crate::error::exit_status_code(code),
                ..failed(format!("`{program}` exited with status {code}"))
            },
            None => failed(format!("`{program}` was killed by a signal")),
        });
    }
    String::from_utf8(output.stdout).map_err(|_| failed(format!("`{program}` printed non-UTF-8")))
}

/// Run blocking work off the async workers.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CallFailure> + Send + 'static,
) -> Result<T, CallFailure> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(CallFailure {
            kind: FailureKind::Transient,
            code: "Internal".into(),
            message: format!("a helper task failed: {e}"),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_the_aws_cli() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("/bin/creds", Some(&["/bin/creds"])),
            (
                "creds --profile 'a b' \"c\\\"d\" e\\ f",
                Some(&["creds", "--profile", "a b", "c\"d", "e f"]),
            ),
            (
                "op item get \"AWS alice\" --otp",
                Some(&["op", "item", "get", "AWS alice", "--otp"]),
            ),
            (
                "no $HOME | expansion;",
                Some(&["no", "$HOME", "|", "expansion;"]),
            ),
            ("unbalanced 'quote", None),
            ("   ", None),
        ];
        for (line, want) in cases {
            let got = split_command(line);
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{line}");
        }
    }
}
