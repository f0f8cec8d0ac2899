//! What `credbroker batch` resolves, read and checked before any STS call.
//!
//! Targets come from profile globs, a file of role ARNs, and account ids
//! (`--accounts`, `--accounts-file`) with one role name; the ad-hoc ones are
//! assumed from `--source-profile`. Every input line is validated here, and
//! every malformed one is reported with its file and line number, so that a
//! typo never reaches STS (where it would fail late, one call at a time,
//! without a line number). Duplicates collapse to their first occurrence,
//! and labels (the name a target goes by in lines, prefixes and file names)
//! are unique.
//!
//! The parsing functions are pure: text in, entries and problems out.

use std::collections::HashMap;
use std::path::Path;

use crate::error::quote;

/// A role to assume from the source profile, as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleEntry {
    pub role_arn: String,
    pub account_id: String,
    pub label: Option<String>,
}

/// A malformed input, with where it was found (`file:line` or the flag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub message: String,
}

/// Where a line came from, for messages.
fn place(file: &Path, line: usize) -> String {
    format!("{}:{line}", file.display())
}

/// The fields of a line, without a `#` comment (at the start of the line or
/// after whitespace: `#` is not valid in an id, an ARN or a label anyway).
fn fields(line: &str) -> Vec<&str> {
    let mut cut = line.len();
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            cut = i;
            break;
        }
        prev_space = c.is_whitespace();
    }
    line[..cut].split_whitespace().collect()
}

/// Check an account id: exactly 12 ASCII digits.
pub fn account_id(text: &str) -> Result<(), String> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(format!(
        "{} is not an AWS account id (an account id is 12 digits, leading zeros included)",
        quote(text)
    ))
}

/// Characters IAM allows in a role name (and in each segment of its path).
fn role_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

/// Check a role name as `--role-name` gives it (`audit` or `path/audit`).
pub fn role_name(text: &str) -> Result<(), String> {
    let name = text.rsplit('/').next().unwrap_or_default();
    let ok = !name.is_empty()
        && name.len() <= 64
        && text.len() <= 512
        && !text.starts_with('/')
        && text
            .split('/')
            .all(|seg| !seg.is_empty() && seg.chars().all(role_name_char));
    match ok {
        true => Ok(()),
        false => Err(format!(
            "{} is not a role name (up to 64 of letters, digits and `+=,.@_-`, optionally after a path such as `team/`)",
            quote(text)
        )),
    }
}

/// Check a role ARN and return its account id.
pub fn role_arn(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts[..] else {
        return Err(format!(
            "{} is not a role ARN (expected arn:aws:iam::123456789012:role/NAME)",
            quote(text)
        ));
    };
    if arn != "arn" || !partition.starts_with("aws") || service != "iam" || !region.is_empty() {
        return Err(format!(
            "{} is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)",
            quote(text)
        ));
    }
    account_id(account).map_err(|e| format!("in {}: {e}", quote(text)))?;
    let Some(name) = resource.strip_prefix("role/") else {
        let kind = resource.split('/').next().unwrap_or(resource);
        return Err(format!(
            "{} is not a role ARN (it names a {}): only roles can be assumed",
            quote(text),
            quote(kind)
        ));
    };
    role_name(name).map_err(|e| format!("in {}: {e}", quote(text)))?;
    Ok(account.to_string())
}

/// Check a label: letters, digits and `._@+=,-`, not starting with `.`.
/// Labels name files, so nothing that could climb out of a directory.
pub fn label(text: &str) -> Result<(), String> {
    let ok = !text.is_empty()
        && text.len() <= 128
        && !text.starts_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@+=,-".contains(c));
    match ok {
        true => Ok(()),
        false => Err(format!(
            "{} is not a usable label (up to 128 of letters, digits and `._@+=,-`, not starting with `.`)",
            quote(text)
        )),
    }
}

/// The partition of a region, for the ARNs built from account ids.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

/// `ID [LABEL]` per line, as `--accounts-file` holds them: (id, label).
pub fn parse_accounts(text: &str, file: &Path) -> (Vec<(String, Option<String>)>, Vec<Problem>) {
    parse_lines(text, file, "ACCOUNT_ID", "account ids", |id, label| {
        account_id(id).map(|()| (id.to_string(), label.map(str::to_string)))
    })
}

/// `ARN [LABEL]` per line, as `--role-arns` holds them.
pub fn parse_role_arns(text: &str, file: &Path) -> (Vec<RoleEntry>, Vec<Problem>) {
    parse_lines(text, file, "ROLE_ARN", "role ARNs", |arn, label| {
        role_arn(arn).map(|account_id| RoleEntry {
            role_arn: arn.to_string(),
            account_id,
            label: label.map(str::to_string),
        })
    })
}

/// `FIELD [LABEL]` per line (blank lines and `#` comments skipped): each
/// line checked by `check` and the label by [`label`], every malformed line
/// reported with its place, and a file with nothing in it is a problem too.
fn parse_lines<T>(
    text: &str,
    file: &Path,
    field: &str,
    what: &str,
    check: impl Fn(&str, Option<&str>) -> Result<T, String>,
) -> (Vec<T>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let checked = match fields(line)[..] {
            [] => continue,
            [first] => check(first, None),
            [first, l] => check(first, Some(l)).and_then(|item| label(l).map(|()| item)),
            ref many => Err(format!(
                "expected `{field} [LABEL]`, found {} fields (put comments after `#`)",
                many.len()
            )),
        };
        match checked {
            Ok(item) => out.push(item),
            Err(message) => problems.push(Problem {
                place: place(file, i + 1),
                message,
            }),
        }
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(empty(file, what));
    }
    (out, problems)
}

fn empty(file: &Path, what: &str) -> Problem {
    Problem {
        place: file.display().to_string(),
        message: format!("lists no {what} (only blank lines and comments)"),
    }
}

/// The ARN assumed in `account` for `--role-name`.
pub fn arn_for(partition: &str, account: &str, role_name: &str) -> String {
    format!("arn:{partition}:iam::{account}:role/{role_name}")
}

/// The default label of a role target: `ACCOUNT-NAME`, from its ARN.
pub fn default_role_label(entry: &RoleEntry) -> String {
    let name = entry.role_arn.rsplit('/').next().unwrap_or_default();
    format!("{}-{name}", entry.account_id)
}

/// A file name for `label` (`<label><ext>`): profile names may hold any
/// character, so everything outside the label alphabet becomes `_`.
pub fn file_name(label: &str, ext: &str) -> String {
    let mut name: String = label
        .chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || "._@+=,-".contains(c) {
                true => c,
                false => '_',
            },
        )
        .collect();
    if name.starts_with('.') || name.is_empty() {
        name.insert(0, '_');
    }
    name.push_str(ext);
    name
}

/// Labels that two different targets share, each with its places.
pub fn clashing_labels<'a>(labels: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Problem> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (label, origin) in labels {
        let file = file_name(label, "");
        match seen.get(&file) {
            Some(first) => problems.push(Problem {
                place: origin.to_string(),
                message: format!(
                    "the label {} is already taken by {first}; give one of them another label",
                    quote(label)
                ),
            }),
            None => {
                seen.insert(file, origin);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids() {
        for (text, ok) in [
            ("123456789012", true),
            ("000000000001", true),
            ("12", false),
            ("1234567890123", false),
            ("12345678901a", false),
            ("", false),
        ] {
            assert_eq!(account_id(text).is_ok(), ok, "{text}");
        }
    }

    #[test]
    fn role_arns() {
        for (text, want) in [
            ("arn:aws:iam::123456789012:role/audit", Ok("123456789012")),
            (
                "arn:aws-cn:iam::123456789012:role/team/audit",
                Ok("123456789012"),
            ),
            ("arn:aws:iam::123456789012:user/alice", Err("not a role")),
            ("arn:aws:iam::12:role/audit", Err("12 digits")),
            (
                "arn:aws:sts::123456789012:role/audit",
                Err("not an IAM role ARN"),
            ),
            ("arn:aws:iam::123456789012:role/", Err("not a role name")),
            ("arn:aws:iam::123456789012:role/a b", Err("not a role name")),
            ("123456789012", Err("not a role ARN")),
        ] {
            match (role_arn(text), want) {
                (Ok(acct), Ok(w)) => assert_eq!(acct, w),
                (Err(e), Err(w)) => assert!(e.contains(w), "{text}: {e}"),
                (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn accounts_file_lines() {
        let text = "# prod accounts\n111111111111 prod-a\n\n222222222222   # trailing comment\n12\n333333333333 a b\n444444444444 ../x\n";
        let (ok, problems) = parse_accounts(text, Path::new("acc.txt"));
        assert_eq!(
            ok,
            [
                ("111111111111".to_string(), Some("prod-a".to_string())),
                ("222222222222".to_string(), None)
            ]
        );
        let places: Vec<&str> = problems.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(places, ["acc.txt:5", "acc.txt:6", "acc.txt:7"]);
        assert!(
            problems[0]
                .message
                .contains("`12` is not an AWS account id")
        );
    }

    #[test]
    fn empty_and_comment_only_files_are_problems() {
        for text in ["", "\n\n", "# nothing\n  # here\n"] {
            let (ok, problems) = parse_accounts(text, Path::new("f"));
            assert!(ok.is_empty());
            assert_eq!(problems.len(), 1, "{text:?}");
            assert!(problems[0].message.contains("lists no account ids"));
        }
    }

    #[test]
    fn arn_file_lines() {
        let text = "arn:aws:iam::111111111111:role/a\narn:aws:iam::222222222222:user/b\narn:aws:iam::333333333333:role/c mine # note\n";
        let (ok, problems) = parse_role_arns(text, Path::new("arns"));
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].label.as_deref(), Some("mine"));
        assert_eq!(default_role_label(&ok[0]), "111111111111-a");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].place, "arns:2");
    }

    #[test]
    fn partitions_and_names() {
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("eu-west-1"), "aws");
        assert_eq!(file_name("team/prod admin", ".env"), "team_prod_admin.env");
        assert_eq!(file_name(".hidden", ".out"), "_.hidden.out");
        assert!(role_name("team/audit").is_ok());
        assert!(role_name("/audit").is_err());
        assert!(label("../x").is_err());
    }

    #[test]
    fn clashing_labels_are_reported() {
        let labels = [("a", "x:1"), ("b", "x:2"), ("a", "y:1")];
        let problems = clashing_labels(labels.into_iter());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].place, "y:1");
        assert!(problems[0].message.contains("x:1"));
    }
}
