//! The syntaxes `credbroker export` speaks, by name: a setting
//! (`export_format`) as much as an output, so it lives below both.

/// An output syntax for `credbroker export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellFormat {
    /// POSIX sh, dash, ksh and anything else sh-like.
    Sh,
    Bash,
    Zsh,
    Fish,
    /// PowerShell 7 (`pwsh`) and Windows PowerShell.
    PowerShell,
    /// Nushell.
    Nu,
    /// A `.env` file as read by docker compose and the dotenv libraries.
    Dotenv,
    /// One JSON object, for scripts.
    Json,
}

impl ShellFormat {
    /// All formats, in the order shown in help.
    pub const ALL: [ShellFormat; 8] = [
        ShellFormat::Sh,
        ShellFormat::Bash,
        ShellFormat::Zsh,
        ShellFormat::Fish,
        ShellFormat::PowerShell,
        ShellFormat::Nu,
        ShellFormat::Dotenv,
        ShellFormat::Json,
    ];

    /// The name used on the command line: "sh", "bash", "zsh", "fish",
    /// "powershell", "nu", "dotenv", "json".
    pub fn name(self) -> &'static str {
        match self {
            ShellFormat::Sh => "sh",
            ShellFormat::Bash => "bash",
            ShellFormat::Zsh => "zsh",
            ShellFormat::Fish => "fish",
            ShellFormat::PowerShell => "powershell",
            ShellFormat::Nu => "nu",
            ShellFormat::Dotenv => "dotenv",
            ShellFormat::Json => "json",
        }
    }

    /// Parse a name as given on the command line, case-insensitively.
    /// Besides [`ShellFormat::name`], accepts "posix" for Sh, "pwsh" for
    /// PowerShell and "nushell" for Nu.
    pub fn from_name(s: &str) -> Option<ShellFormat> {
        let format = match s.to_ascii_lowercase().as_str() {
            "sh" | "posix" => ShellFormat::Sh,
            "bash" => ShellFormat::Bash,
            "zsh" => ShellFormat::Zsh,
            "fish" => ShellFormat::Fish,
            "powershell" | "pwsh" => ShellFormat::PowerShell,
            "nu" | "nushell" => ShellFormat::Nu,
            "dotenv" => ShellFormat::Dotenv,
            "json" => ShellFormat::Json,
            _ => return None,
        };
        Some(format)
    }

    /// Guess the format from a `$SHELL` value such as "/usr/bin/zsh",
    /// "/opt/homebrew/bin/fish", "pwsh" or "nu".
    ///
    /// Anything unrecognised maps to Sh: POSIX quoting is understood by every
    /// sh-like shell (dash, ksh, mksh, busybox sh...), so it is the safe default.
    pub fn from_shell_path(shell: &str) -> ShellFormat {
        // `$SHELL` is normally an absolute path, but Windows paths with `\`
        // and `.exe` turn up for pwsh, and login shells spell argv[0] "-zsh".
        let base = shell.trim().rsplit(['/', '\\']).next().unwrap_or_default();
        let base = base.trim_start_matches('-').to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        match base {
            "bash" => ShellFormat::Bash,
            "zsh" => ShellFormat::Zsh,
            "fish" => ShellFormat::Fish,
            "pwsh" | "powershell" => ShellFormat::PowerShell,
            "nu" | "nushell" => ShellFormat::Nu,
            _ => ShellFormat::Sh,
        }
    }
}
