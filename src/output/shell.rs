//! Rendering environment-variable assignments for each supported shell.
//!
//! This module owns the text that `credbroker export` prints for
//! `eval "$(credbroker export prod)"` (and each other shell's equivalent):
//! which statement sets or unsets a variable, and how a value is quoted.
//!
//! Invariant: every value round-trips exactly through the target's parser.
//! Whatever bytes a value holds (quotes, `$`, backticks, backslashes,
//! newlines, `%`, `#`, unicode), the variable the shell ends up with is equal
//! to the value we were given, and nothing in it is ever executed or expanded.
//! The only exception is NUL, which no environment can hold at all.
//!
//! Values are usually secrets (secret keys, session tokens), so nothing here
//! logs a value, and no assertion message ever contains one.

use std::fmt;

pub use crate::shell_format::ShellFormat;

/// One variable: set to a value, or unset.
///
/// `Debug` is written by hand so that a stray `{:?}` cannot print a secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Var<'a> {
    Set(&'a str, &'a str),
    Unset(&'a str),
}

impl<'a> Var<'a> {
    fn name(&self) -> &'a str {
        match *self {
            Var::Set(name, _) | Var::Unset(name) => name,
        }
    }

    fn as_set(&self) -> Option<(&'a str, &'a str)> {
        match *self {
            Var::Set(name, value) => Some((name, value)),
            Var::Unset(_) => None,
        }
    }
}

impl fmt::Debug for Var<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Var::Set(name, _) => f
                .debug_tuple("Set")
                .field(name)
                .field(&format_args!("<redacted>"))
                .finish(),
            Var::Unset(name) => f.debug_tuple("Unset").field(name).finish(),
        }
    }
}

/// Render all vars, one statement per line, ending with a newline.
///
/// Formats that cannot unset (dotenv, json) omit `Unset` vars. An empty
/// rendering is the empty string, except for json, which is always an object.
pub fn render(format: ShellFormat, vars: &[Var<'_>]) -> String {
    debug_check(vars);
    let mut out = String::new();
    match format {
        ShellFormat::Sh | ShellFormat::Bash | ShellFormat::Zsh => {
            render_lines(&mut out, vars, &POSIX)
        }
        ShellFormat::Fish => render_lines(&mut out, vars, &FISH),
        ShellFormat::PowerShell => render_lines(&mut out, vars, &POWERSHELL),
        ShellFormat::Dotenv => render_lines(&mut out, vars, &DOTENV),
        ShellFormat::Nu => render_nu(&mut out, vars),
        ShellFormat::Json => render_json(&mut out, vars),
    }
    out
}

// ---------------------------------------------------------------------------
// Caller contract
// ---------------------------------------------------------------------------

/// Names are spliced in unquoted, so they must be plain identifiers; they come
/// from our own constants, hence a debug assertion rather than an error.
/// Messages name the variable, never its value.
fn debug_check(vars: &[Var<'_>]) {
    for (i, var) in vars.iter().enumerate() {
        let name = var.name();
        debug_assert!(is_plain_name(name), "invalid variable name {name:?}");
        // nu rejects a record with a repeated key, and in the other formats
        // which one wins would depend on the format.
        debug_assert!(
            vars[..i].iter().all(|earlier| earlier.name() != name),
            "variable {name} given twice"
        );
        if let Var::Set(_, value) = var {
            debug_assert!(
                !value.contains('\0'),
                "value of {name} contains NUL, which no environment can hold"
            );
        }
    }
}

/// ASCII uppercase and underscore (digits after the first character are
/// allowed too: they are just as inert in every format).
fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = matches!(chars.next(), Some('A'..='Z' | '_'));
    first_ok && chars.all(|c| matches!(c, 'A'..='Z' | '0'..='9' | '_'))
}

// ---------------------------------------------------------------------------
// Line-per-variable formats: sh/bash/zsh, fish, PowerShell, dotenv
// ---------------------------------------------------------------------------

/// How a line-per-variable format spells its statements:
/// `{set_prefix}NAME{set_infix}<quoted value>` and `{unset.0}NAME{unset.1}`.
struct LineSyntax {
    set_prefix: &'static str,
    set_infix: &'static str,
    quote: fn(&mut String, &str),
    /// `None` when the format has no way to unset; such vars are skipped.
    unset: Option<(&'static str, &'static str)>,
}

const POSIX: LineSyntax = LineSyntax {
    set_prefix: "export ",
    set_infix: "=",
    quote: push_posix_quoted,
    unset: Some(("unset ", "")),
};

const FISH: LineSyntax = LineSyntax {
    set_prefix: "set -gx ",
    set_infix: " ",
    quote: push_fish_quoted,
    unset: Some(("set -e ", "")),
};

const POWERSHELL: LineSyntax = LineSyntax {
    set_prefix: "$Env:",
    set_infix: " = ",
    quote: push_powershell_quoted,
    // Remove-Item fails on a variable that is not set; that is not an error here.
    unset: Some(("Remove-Item Env:", " -ErrorAction SilentlyContinue")),
};

const DOTENV: LineSyntax = LineSyntax {
    set_prefix: "",
    set_infix: "=",
    quote: push_dotenv_quoted,
    unset: None,
};

fn render_lines(out: &mut String, vars: &[Var<'_>], syntax: &LineSyntax) {
    for var in vars {
        match *var {
            Var::Set(name, value) => {
                out.push_str(syntax.set_prefix);
                out.push_str(name);
                out.push_str(syntax.set_infix);
                (syntax.quote)(out, value);
            }
            Var::Unset(name) => {
                let Some((prefix, suffix)) = syntax.unset else {
                    continue;
                };
                out.push_str(prefix);
                out.push_str(name);
                out.push_str(suffix);
            }
        }
        out.push('\n');
    }
}

/// POSIX single quotes make everything literal, newlines included, except `'`
/// itself, which cannot be escaped inside them: close the quotes, add an
/// escaped quote, reopen.
fn push_posix_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str(r"'\''"),
            _ => out.push(c),
        }
    }
    out.push('\'');
}

/// Inside fish single quotes `\'` and `\\` are the only escapes; everything
/// else, newlines included, is literal. Escaping every backslash also keeps a
/// trailing one from swallowing the closing quote.
fn push_fish_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
}

/// PowerShell single-quoted strings are literal except for quotes, which are
/// doubled. PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as single
/// quotes, so those are doubled too, or they would end the string.
///
/// CR and LF are spliced in as `"`r"` / `"`n"` pieces instead of being left
/// raw, keeping each statement on one line: `credbroker export powershell |
/// Invoke-Expression` runs its input one line at a time.
fn push_powershell_quoted(out: &mut String, value: &str) {
    out.push('\'');
    let mut in_literal = true;
    for c in value.chars() {
        if matches!(c, '\r' | '\n') {
            if in_literal {
                out.push_str("' + \"");
                in_literal = false;
            }
            out.push_str(if c == '\n' { "`n" } else { "`r" });
            continue;
        }
        if !in_literal {
            out.push_str("\" + '");
            in_literal = true;
        }
        if is_powershell_single_quote(c) {
            out.push(c);
        }
        out.push(c);
    }
    // The first piece is always a '...' string, so `+` concatenates.
    out.push(if in_literal { '\'' } else { '"' });
}

fn is_powershell_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Single quotes, the quoting dotenv readers take literally: no `$`,
/// backtick or `$(...)` substitution (docker compose and python-dotenv), and
/// line breaks kept inside the quotes. Only `\\` and `\'` are escapes
/// there (python-dotenv undoes exactly those). python-dotenv alone still
/// expands `${NAME}` inside single quotes unless read with
/// `interpolate=False`; AWS credentials never contain `${`.
fn push_dotenv_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
}

// ---------------------------------------------------------------------------
// Record formats: nu, json
// ---------------------------------------------------------------------------

/// `hide-env -i` lines first (`-i` so an already-unset variable is not an
/// error), then one `load-env` record holding every Set var.
fn render_nu(out: &mut String, vars: &[Var<'_>]) {
    for var in vars {
        if let Var::Unset(name) = *var {
            out.push_str("hide-env -i ");
            out.push_str(name);
            out.push('\n');
        }
    }
    let mut set = vars.iter().filter_map(Var::as_set).peekable();
    if set.peek().is_none() {
        return;
    }
    out.push_str("load-env { ");
    for (i, (name, value)) in set.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str(": ");
        push_nu_quoted(out, value);
    }
    out.push_str(" }\n");
}

/// nu double-quoted strings take JSON-like escapes, but its `\u` form changed
/// from `\uXXXX` (older releases) to `\u{X}` (current ones), so neither is safe.
/// We use only escapes every version accepts; other control characters go out
/// raw, which nu's lexer keeps verbatim inside double quotes.
fn push_nu_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str(r"\\"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            '\u{7}' => out.push_str(r"\a"),
            '\u{8}' => out.push_str(r"\b"),
            '\u{C}' => out.push_str(r"\f"),
            '\u{1B}' => out.push_str(r"\e"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// One object on one line, keys in the given order.
fn render_json(out: &mut String, vars: &[Var<'_>]) {
    out.push('{');
    for (i, (name, value)) in vars.iter().filter_map(Var::as_set).enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_quoted(out, name);
        out.push(':');
        push_json_quoted(out, value);
    }
    out.push_str("}\n");
}

/// An RFC 8259 string, as serde_json writes it (control characters escaped).
fn push_json_quoted(out: &mut String, value: &str) {
    out.push_str(&serde_json::Value::from(value).to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::io::ErrorKind;
    use std::path::PathBuf;
    use std::process::{Command, Output, Stdio};

    // --- names ---------------------------------------------------------------

    #[test]
    fn every_name_parses_back() {
        for format in ShellFormat::ALL {
            assert_eq!(ShellFormat::from_name(format.name()), Some(format));
        }
    }

    #[test]
    fn from_name_takes_aliases_in_any_case() {
        assert_eq!(ShellFormat::from_name("POSIX"), Some(ShellFormat::Sh));
        assert_eq!(
            ShellFormat::from_name("pwsh"),
            Some(ShellFormat::PowerShell)
        );
        assert_eq!(
            ShellFormat::from_name("PowerShell"),
            Some(ShellFormat::PowerShell)
        );
        assert_eq!(ShellFormat::from_name("NuShell"), Some(ShellFormat::Nu));
        assert_eq!(ShellFormat::from_name("Json"), Some(ShellFormat::Json));
        assert_eq!(ShellFormat::from_name("csh"), None);
        assert_eq!(ShellFormat::from_name(""), None);
    }

    #[test]
    fn from_shell_path_guesses() {
        let cases = [
            ("/usr/bin/zsh", ShellFormat::Zsh),
            ("/bin/bash", ShellFormat::Bash),
            ("/opt/homebrew/bin/fish", ShellFormat::Fish),
            ("pwsh", ShellFormat::PowerShell),
            ("/usr/local/bin/pwsh", ShellFormat::PowerShell),
            (
                r"C:\Program Files\PowerShell\7\pwsh.exe",
                ShellFormat::PowerShell,
            ),
            ("nu", ShellFormat::Nu),
            ("/home/u/.cargo/bin/nu", ShellFormat::Nu),
            ("-zsh", ShellFormat::Zsh),
            ("/bin/sh", ShellFormat::Sh),
            ("/bin/dash", ShellFormat::Sh),
            ("/bin/ksh", ShellFormat::Sh),
            ("/bin/tcsh", ShellFormat::Sh),
            ("", ShellFormat::Sh),
            ("/usr/bin/", ShellFormat::Sh),
        ];
        for (shell, expected) in cases {
            assert_eq!(ShellFormat::from_shell_path(shell), expected, "{shell:?}");
        }
    }

    #[test]
    fn debug_never_shows_a_value() {
        let shown = format!(
            "{:?}",
            [
                Var::Set("AWS_SECRET_ACCESS_KEY", "hunter2"),
                Var::Unset("X")
            ]
        );
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(
            shown,
            r#"[Set("AWS_SECRET_ACCESS_KEY", <redacted>), Unset("X")]"#
        );
    }

    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "invalid variable name")]
    fn lowercase_names_are_rejected_in_debug() {
        render(ShellFormat::Sh, &[Var::Unset("path")]);
    }

    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "contains NUL")]
    fn nul_values_are_rejected_in_debug() {
        render(ShellFormat::Json, &[Var::Set("A", "x\0y")]);
    }

    // --- exact text ----------------------------------------------------------

    const PLAIN: &str = "AKIAIOSFODNN7EXAMPLE";
    const EMPTY: &str = "";
    const SQUOTE: &str = "it's";
    const DQUOTE: &str = r#"say "hi""#;
    const DOLLAR: &str = "$HOME `id` $(id) ${X}";
    const BACKSLASH: &str = r"C:\dir\";
    const NEWLINES: &str = "line1\nline2\n";
    const CRLF: &str = "a\r\nb";
    const TAB: &str = "a\tb";
    const PUNCT: &str = "100% #1 ~user !x";
    const UNICODE: &str = "héllo ☃ 日本 🦀";
    const SMART: &str = "‘a’ ‚b‛ “c”";
    const CONTROL: &str = "\u{1}\u{7}\u{8}\u{C}\u{1B}[0m\u{7F}";
    const NASTY: &str = "a'b\"c$d`e\\f g\nh %i #j";

    /// Each row: a value, and the statement rendering `V` set to it must give.
    fn assert_renders(format: ShellFormat, rows: &[(&str, &str)]) {
        for &(value, statement) in rows {
            let got = render(format, &[Var::Set("V", value)]);
            assert_eq!(
                got,
                format!("{statement}\n"),
                "{format:?} rendering {value:?}"
            );
        }
    }

    #[test]
    fn posix_text() {
        assert_renders(
            ShellFormat::Sh,
            &[
                (PLAIN, "export V='AKIAIOSFODNN7EXAMPLE'"),
                (EMPTY, "export V=''"),
                (SQUOTE, r"export V='it'\''s'"),
                (DQUOTE, r#"export V='say "hi"'"#),
                (DOLLAR, "export V='$HOME `id` $(id) ${X}'"),
                (BACKSLASH, r"export V='C:\dir\'"),
                (NEWLINES, "export V='line1\nline2\n'"),
                (CRLF, "export V='a\r\nb'"),
                (TAB, "export V='a\tb'"),
                (PUNCT, "export V='100% #1 ~user !x'"),
                (UNICODE, "export V='héllo ☃ 日本 🦀'"),
                (SMART, "export V='‘a’ ‚b‛ “c”'"),
                (CONTROL, "export V='\u{1}\u{7}\u{8}\u{C}\u{1B}[0m\u{7F}'"),
                (NASTY, "export V='a'\\''b\"c$d`e\\f g\nh %i #j'"),
            ],
        );
    }

    #[test]
    fn bash_and_zsh_are_posix() {
        let vars = [Var::Set("A", NASTY), Var::Unset("B"), Var::Set("C", SMART)];
        let sh = render(ShellFormat::Sh, &vars);
        assert_eq!(render(ShellFormat::Bash, &vars), sh);
        assert_eq!(render(ShellFormat::Zsh, &vars), sh);
    }

    #[test]
    fn fish_text() {
        assert_renders(
            ShellFormat::Fish,
            &[
                (PLAIN, "set -gx V 'AKIAIOSFODNN7EXAMPLE'"),
                (EMPTY, "set -gx V ''"),
                (SQUOTE, r"set -gx V 'it\'s'"),
                (DQUOTE, r#"set -gx V 'say "hi"'"#),
                (DOLLAR, "set -gx V '$HOME `id` $(id) ${X}'"),
                (BACKSLASH, r"set -gx V 'C:\\dir\\'"),
                (NEWLINES, "set -gx V 'line1\nline2\n'"),
                (CRLF, "set -gx V 'a\r\nb'"),
                (TAB, "set -gx V 'a\tb'"),
                (PUNCT, "set -gx V '100% #1 ~user !x'"),
                (UNICODE, "set -gx V 'héllo ☃ 日本 🦀'"),
                (SMART, "set -gx V '‘a’ ‚b‛ “c”'"),
                (CONTROL, "set -gx V '\u{1}\u{7}\u{8}\u{C}\u{1B}[0m\u{7F}'"),
                (NASTY, "set -gx V 'a\\'b\"c$d`e\\\\f g\nh %i #j'"),
            ],
        );
    }

    #[test]
    fn powershell_text() {
        assert_renders(
            ShellFormat::PowerShell,
            &[
                (PLAIN, "$Env:V = 'AKIAIOSFODNN7EXAMPLE'"),
                (EMPTY, "$Env:V = ''"),
                (SQUOTE, "$Env:V = 'it''s'"),
                (DQUOTE, r#"$Env:V = 'say "hi"'"#),
                (DOLLAR, "$Env:V = '$HOME `id` $(id) ${X}'"),
                (BACKSLASH, r"$Env:V = 'C:\dir\'"),
                (NEWLINES, "$Env:V = 'line1' + \"`n\" + 'line2' + \"`n\""),
                (CRLF, "$Env:V = 'a' + \"`r`n\" + 'b'"),
                ("\nx", "$Env:V = '' + \"`n\" + 'x'"),
                (TAB, "$Env:V = 'a\tb'"),
                (PUNCT, "$Env:V = '100% #1 ~user !x'"),
                (UNICODE, "$Env:V = 'héllo ☃ 日本 🦀'"),
                (SMART, "$Env:V = '‘‘a’’ ‚‚b‛‛ “c”'"),
                (CONTROL, "$Env:V = '\u{1}\u{7}\u{8}\u{C}\u{1B}[0m\u{7F}'"),
                (NASTY, "$Env:V = 'a''b\"c$d`e\\f g' + \"`n\" + 'h %i #j'"),
            ],
        );
    }

    #[test]
    fn nu_text() {
        assert_renders(
            ShellFormat::Nu,
            &[
                (PLAIN, r#"load-env { V: "AKIAIOSFODNN7EXAMPLE" }"#),
                (EMPTY, r#"load-env { V: "" }"#),
                (SQUOTE, r#"load-env { V: "it's" }"#),
                (DQUOTE, r#"load-env { V: "say \"hi\"" }"#),
                (DOLLAR, r#"load-env { V: "$HOME `id` $(id) ${X}" }"#),
                (BACKSLASH, r#"load-env { V: "C:\\dir\\" }"#),
                (NEWLINES, r#"load-env { V: "line1\nline2\n" }"#),
                (CRLF, r#"load-env { V: "a\r\nb" }"#),
                (TAB, r#"load-env { V: "a\tb" }"#),
                (PUNCT, r#"load-env { V: "100% #1 ~user !x" }"#),
                (UNICODE, r#"load-env { V: "héllo ☃ 日本 🦀" }"#),
                (SMART, r#"load-env { V: "‘a’ ‚b‛ “c”" }"#),
                (CONTROL, "load-env { V: \"\u{1}\\a\\b\\f\\e[0m\u{7F}\" }"),
                (NASTY, r#"load-env { V: "a'b\"c$d`e\\f g\nh %i #j" }"#),
            ],
        );
    }

    #[test]
    fn dotenv_text() {
        assert_renders(
            ShellFormat::Dotenv,
            &[
                (PLAIN, r#"V='AKIAIOSFODNN7EXAMPLE'"#),
                (EMPTY, r#"V=''"#),
                (SQUOTE, r#"V='it\'s'"#),
                (DQUOTE, r#"V='say "hi"'"#),
                (DOLLAR, r#"V='$HOME `id` $(id) ${X}'"#),
                (BACKSLASH, r#"V='C:\\dir\\'"#),
                (NEWLINES, "V='line1\nline2\n'"),
                (CRLF, "V='a\r\nb'"),
                (TAB, "V='a\tb'"),
                (PUNCT, r#"V='100% #1 ~user !x'"#),
                (UNICODE, r#"V='héllo ☃ 日本 🦀'"#),
                (SMART, r#"V='‘a’ ‚b‛ “c”'"#),
                (CONTROL, "V='\u{1}\u{7}\u{8}\u{C}\u{1B}[0m\u{7F}'"),
                (NASTY, "V='a\\'b\"c$d`e\\\\f g\nh %i #j'"),
            ],
        );
    }

    #[test]
    fn json_text() {
        assert_renders(
            ShellFormat::Json,
            &[
                (PLAIN, r#"{"V":"AKIAIOSFODNN7EXAMPLE"}"#),
                (EMPTY, r#"{"V":""}"#),
                (SQUOTE, r#"{"V":"it's"}"#),
                (DQUOTE, r#"{"V":"say \"hi\""}"#),
                (DOLLAR, r#"{"V":"$HOME `id` $(id) ${X}"}"#),
                (BACKSLASH, r#"{"V":"C:\\dir\\"}"#),
                (NEWLINES, r#"{"V":"line1\nline2\n"}"#),
                (CRLF, r#"{"V":"a\r\nb"}"#),
                (TAB, r#"{"V":"a\tb"}"#),
                (PUNCT, r#"{"V":"100% #1 ~user !x"}"#),
                (UNICODE, r#"{"V":"héllo ☃ 日本 🦀"}"#),
                (SMART, r#"{"V":"‘a’ ‚b‛ “c”"}"#),
                (CONTROL, "{\"V\":\"\\u0001\\u0007\\b\\f\\u001b[0m\u{7F}\"}"),
                (NASTY, r#"{"V":"a'b\"c$d`e\\f g\nh %i #j"}"#),
            ],
        );
    }

    #[test]
    fn several_vars_keep_order_and_unset() {
        let vars = [Var::Set("A", "1"), Var::Unset("B"), Var::Set("C", "x y")];
        let expected = [
            (ShellFormat::Sh, "export A='1'\nunset B\nexport C='x y'\n"),
            (
                ShellFormat::Fish,
                "set -gx A '1'\nset -e B\nset -gx C 'x y'\n",
            ),
            (
                ShellFormat::PowerShell,
                "$Env:A = '1'\nRemove-Item Env:B -ErrorAction SilentlyContinue\n$Env:C = 'x y'\n",
            ),
            (
                ShellFormat::Nu,
                "hide-env -i B\nload-env { A: \"1\", C: \"x y\" }\n",
            ),
            (ShellFormat::Dotenv, "A='1'\nC='x y'\n"),
            (ShellFormat::Json, "{\"A\":\"1\",\"C\":\"x y\"}\n"),
        ];
        for (format, text) in expected {
            assert_eq!(render(format, &vars), text, "{format:?}");
        }
    }

    #[test]
    fn nothing_to_set() {
        let only_unset = [Var::Unset("B")];
        assert_eq!(render(ShellFormat::Nu, &only_unset), "hide-env -i B\n");
        assert_eq!(render(ShellFormat::Dotenv, &only_unset), "");
        assert_eq!(render(ShellFormat::Json, &only_unset), "{}\n");
        for format in ShellFormat::ALL {
            let expected = if format == ShellFormat::Json {
                "{}\n"
            } else {
                ""
            };
            assert_eq!(render(format, &[]), expected, "{format:?}");
        }
    }

    #[test]
    fn escaping_formats_keep_one_statement_per_line() {
        // sh-like, fish and dotenv leave line breaks raw inside quotes
        // (their whole input is parsed at once; dotenv's single quotes have
        // no escape for them); the rest must stay one statement per line
        // whatever the value holds. PowerShell relies on it: Invoke-Expression
        // runs piped input line by line.
        let vars = [Var::Set("A", "x\ny\r\nz"), Var::Set("B", NASTY)];
        for format in [ShellFormat::PowerShell, ShellFormat::Nu, ShellFormat::Json] {
            let text = render(format, &vars);
            let lines = text.lines().count();
            let expected = if format == ShellFormat::Nu || format == ShellFormat::Json {
                1
            } else {
                2
            };
            assert_eq!(lines, expected, "{format:?}: {text:?}");
            assert!(!text.contains('\r'), "{format:?}: {text:?}");
        }
    }

    // --- live round trips through real shells ------------------------------

    /// What every live shell must round-trip. (No empty value: Windows
    /// PowerShell and older pwsh delete a variable assigned the empty string,
    /// whatever the quoting; the exact-text tables cover empty values.)
    const LIVE_SET: [(&str, &str); 4] = [
        ("CB_TEST_NASTY", "a'b\"c$d`e\\f g\nh %i #j"),
        ("CB_TEST_UNICODE", "héllo ☃ 日本語 🦀 ‘smart’ “quotes” ‚‛"),
        (
            "CB_TEST_CONTROL",
            "cr\r\nlf\ttab \u{1}\u{7}\u{1B}[0m\u{7F} \\",
        ),
        // Last, so the trailing newlines meet `$(...)` stripping the output's.
        (
            "CB_TEST_TRAILING",
            "ends in a backslash and newlines \\\n\n",
        ),
    ];
    /// Preset in the shell's environment; the rendering must remove it.
    const LIVE_GONE: &str = "CB_TEST_GONE";

    /// Runs inside each shell after loading the rendering: dumps the exported
    /// environment NUL-separated, to a file rather than stdout because pwsh
    /// and nu re-encode what external commands print. Every shell under test
    /// parses `cmd 'single quoted'` the same way.
    const DUMP_ENV: &str = r#"sh -c 'env -0 >"$CB_TEST_OUT"'"#;

    fn live_vars() -> Vec<Var<'static>> {
        let mut vars: Vec<Var<'static>> = LIVE_SET.iter().map(|&(n, v)| Var::Set(n, v)).collect();
        vars.insert(1, Var::Unset(LIVE_GONE));
        vars
    }

    /// The script that loads `$CB_TEST_RENDERED` the way a user would.
    fn load_script(format: ShellFormat, rendered: &str) -> String {
        match format {
            ShellFormat::Sh | ShellFormat::Bash | ShellFormat::Zsh => {
                r#"eval "$(printf '%s' "$CB_TEST_RENDERED")""#.to_string()
            }
            ShellFormat::Fish => r#"printf '%s' "$CB_TEST_RENDERED" | source"#.to_string(),
            // Piped native output reaches Invoke-Expression one line at a time.
            ShellFormat::PowerShell => {
                r#"$Env:CB_TEST_RENDERED -split "`n" | Where-Object { $_ } | Invoke-Expression"#
                    .to_string()
            }
            // nu has no eval: the rendering is the script.
            ShellFormat::Nu => rendered.to_string(),
            ShellFormat::Dotenv | ShellFormat::Json => unreachable!("not a shell"),
        }
    }

    fn temp_path(label: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "credbroker-shell-test-{}-{label}",
            std::process::id()
        ))
    }

    /// Run `cmd`; a missing program fails the test (scripts/test installs
    /// every reader these tests use, so a skip would hide a broken setup).
    fn run_reader(cmd: &mut Command) -> Output {
        match cmd.stdin(Stdio::null()).output() {
            Ok(output) => output,
            Err(e) if e.kind() == ErrorKind::NotFound => panic!(
                "{:?} is not installed: run scripts/test, which installs the shells and the test venv",
                cmd.get_program()
            ),
            Err(e) => panic!("could not start {:?}: {e}", cmd.get_program()),
        }
    }

    /// The test venv's python (with python-dotenv), as scripts/test sets it.
    fn python() -> PathBuf {
        crate::settings::env_var_os("CREDBROKER_TEST_PYTHON").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"),
            PathBuf::from,
        )
    }

    fn parse_env_dump(bytes: &[u8]) -> HashMap<String, String> {
        bytes
            .split(|&b| b == 0)
            .filter_map(|entry| {
                let entry = String::from_utf8_lossy(entry);
                let (name, value) = entry.split_once('=')?;
                Some((name.to_string(), value.to_string()))
            })
            .collect()
    }

    /// Render the live vars for `format`, load them in `program`, and check
    /// the environment it exports to a child.
    fn assert_shell_round_trips(program: &str, args: &[&str], format: ShellFormat) {
        let rendered = render(format, &live_vars());
        let out_path = temp_path(program);
        let script = format!("{}\n{DUMP_ENV}\n", load_script(format, &rendered));
        let mut cmd = Command::new(program);
        cmd.args(args)
            .arg(script)
            .env("CB_TEST_RENDERED", &rendered)
            .env("CB_TEST_OUT", &out_path)
            .env(LIVE_GONE, "stale")
            .env_remove("BASH_ENV")
            .env_remove("ENV");
        let output = run_reader(&mut cmd);
        let dump = std::fs::read(&out_path);
        let _ = std::fs::remove_file(&out_path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{program} failed: {stderr}");
        let env = parse_env_dump(
            &dump.unwrap_or_else(|e| panic!("{program} wrote no env: {e}; {stderr}")),
        );
        for (name, value) in LIVE_SET {
            assert_eq!(
                env.get(name).map(String::as_str),
                Some(value),
                "{program}: {name}; {stderr}"
            );
        }
        assert_eq!(env.get(LIVE_GONE), None, "{program}: {LIVE_GONE} still set");
    }

    #[test]
    fn live_sh() {
        assert_shell_round_trips("sh", &["-c"], ShellFormat::Sh);
    }

    #[test]
    fn live_dash() {
        assert_shell_round_trips("dash", &["-c"], ShellFormat::Sh);
    }

    #[test]
    fn live_bash() {
        assert_shell_round_trips("bash", &["-c"], ShellFormat::Bash);
    }

    #[test]
    fn live_zsh() {
        assert_shell_round_trips("zsh", &["-f", "-c"], ShellFormat::Zsh);
    }

    #[test]
    fn live_fish() {
        assert_shell_round_trips("fish", &["--no-config", "-c"], ShellFormat::Fish);
    }

    #[test]
    #[ignore = "pwsh is in none of the package registries this machine reaches"]
    fn live_pwsh() {
        assert_shell_round_trips(
            "pwsh",
            &["-NoProfile", "-NonInteractive", "-Command"],
            ShellFormat::PowerShell,
        );
    }

    #[test]
    #[ignore = "nushell is not a Debian package; building it from crates.io takes longer than the whole suite"]
    fn live_nu() {
        assert_shell_round_trips("nu", &["--no-config-file", "-c"], ShellFormat::Nu);
    }

    // --- live round trips through python readers ----------------------------

    /// Load the rendering with the test venv's python: `import` names the
    /// module, `load` is an expression over `path`. Returns the values in
    /// file order.
    fn python_values(label: &str, rendered: &str, import: &str, load: &str) -> Vec<String> {
        let path = temp_path(label);
        std::fs::write(&path, rendered).expect("write temp file");
        let script = format!(
            "import sys\nimport {import}\n\
             path = sys.argv[1]\nd = {load}\n\
             sys.stdout.buffer.write(b''.join(v.encode() + b'\\0' for v in d.values()))\n"
        );
        let output = run_reader(Command::new(python()).arg("-c").arg(script).arg(&path));
        let _ = std::fs::remove_file(&path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "python3 failed: {stderr}");
        let mut values: Vec<String> = output
            .stdout
            .split(|&b| b == 0)
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect();
        values.pop(); // after the last terminator
        values
    }

    #[test]
    fn live_json_python() {
        let vars: Vec<Var<'_>> = LIVE_SET.iter().map(|&(n, v)| Var::Set(n, v)).collect();
        let rendered = render(ShellFormat::Json, &vars);
        let load = "json.loads(open(path, encoding='utf-8').read())";
        let values = python_values("json", &rendered, "json", load);
        let expected: Vec<&str> = LIVE_SET.iter().map(|&(_, v)| v).collect();
        assert_eq!(values, expected);
    }
}
