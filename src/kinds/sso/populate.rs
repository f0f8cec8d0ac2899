//! `sso populate` as a pure function: the AWS config file's text and what a
//! sign-in lists in, the new text out (one profile per account and role,
//! inside a block of the file delimited by marker comments).
//!
//! Invariants: every byte outside the block is kept as it was; the block is
//! rendered in one order and one format, so a rerun over the same listing
//! gives the same bytes; profile names are normalized to what the SDK's
//! parser accepts, and two targets that would get one name are an error; a
//! profile written by hand outside the block wins over a generated one of
//! the same name.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::accounts::Account;

/// The default name template.
pub const DEFAULT_TEMPLATE: &str = "{account_name}.{role_name}";

/// What to write.
pub struct Request<'a> {
    /// The `[sso-session]` the profiles use; it names the block.
    pub session: &'a str,
    pub template: &'a str,
    pub region: &'a str,
    pub prune: bool,
}

/// The new text, and what changed.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub text: String,
    /// Generated profiles now in the block.
    pub written: usize,
    /// In the block before, no longer listed: kept (without `--prune`).
    pub stale: Vec<String>,
    /// In the block before, no longer listed: removed (`--prune`).
    pub pruned: Vec<String>,
    /// Listed, but a profile of that name outside the block wins.
    pub shadowed: Vec<String>,
    /// The old block's and the new block's sections, for `--dry-run`.
    pub old: BTreeMap<String, String>,
    pub new: BTreeMap<String, String>,
}

fn begin(session: &str) -> String {
    format!("# credbroker sso populate {session}: begin")
}

fn end(session: &str) -> String {
    format!("# credbroker sso populate {session}: end")
}

/// Characters the SDK's profile parser accepts in a profile name.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c)
}

/// The profile name `template` gives `account`'s `role`: each character
/// the SDK would refuse becomes `-`, runs of `-` collapse.
pub fn profile_name(template: &str, account: &Account, role: &str) -> String {
    let raw = template
        .replace("{account_name}", &account.account_name)
        .replace("{account_id}", &account.account_id)
        .replace("{role_name}", role);
    let mut out = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        let c = if name_char(c) { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches('-').to_string()
}

/// Check a template: it must tell accounts and roles apart.
pub fn check_template(template: &str) -> Result<(), String> {
    let has_account = template.contains("{account_name}") || template.contains("{account_id}");
    if !has_account || !template.contains("{role_name}") {
        return Err(format!(
            "the name template `{template}` must hold {{role_name}} and {{account_name}} or {{account_id}}"
        ));
    }
    Ok(())
}

/// The new file for `text` and `listed`, or the collisions.
pub fn plan(text: &str, listed: &[Account], request: &Request) -> Result<Plan, String> {
    check_template(request.template)?;
    let (before, block, after) = split(text, request.session)?;
    let outside = outside_profiles(&before, &after);
    let old = sections(block.unwrap_or_default(), request.session)?;
    // A section of the block that one outside it shares: the two merge (the
    // later one's keys win), so neither dropping, pruning nor rewriting it
    // would leave that profile as it is.
    if let Some(name) = old.keys().find(|n| outside.contains(*n)) {
        return Err(format!(
            "profile {} is both in the `sso populate` block of sso-session `{}` and outside it, and the two merge; remove the one in the block",
            crate::error::quote(name),
            request.session
        ));
    }
    let mut plan = Plan {
        old: old
            .iter()
            .map(|(n, s)| (n.clone(), s.text.clone()))
            .collect(),
        ..Plan::default()
    };
    let mut owners: HashMap<String, (&Account, &str)> = HashMap::new();
    let mut new: BTreeMap<String, String> = BTreeMap::new();
    for account in listed {
        for role in &account.roles {
            check_listed(account, role)?;
            let name = profile_name(request.template, account, role);
            if name.is_empty() {
                return Err(format!(
                    "the name template `{}` gives account {} role {role} an empty name",
                    request.template, account.account_id
                ));
            }
            if let Some((other, other_role)) = owners.insert(name.clone(), (account, role)) {
                return Err(format!(
                    "two profiles would be named `{name}`: account {} ({}) role {other_role}, and account {} ({}) role {role}; use a --name template with {{account_id}}",
                    other.account_id,
                    crate::error::quote(&other.account_name),
                    account.account_id,
                    crate::error::quote(&account.account_name)
                ));
            }
            if outside.contains(&name) {
                plan.shadowed.push(name);
                continue;
            }
            let section = render(
                &name,
                &[
                    ("sso_session", request.session),
                    ("sso_account_id", &account.account_id),
                    ("sso_role_name", role),
                    ("region", request.region),
                ],
            );
            new.insert(name, section);
        }
    }
    plan.written = new.len();
    for (name, section) in &old {
        if new.contains_key(name) || owners.contains_key(name) {
            continue;
        }
        match request.prune {
            true => plan.pruned.push(name.clone()),
            false => {
                plan.stale.push(name.clone());
                new.insert(name.clone(), section.text.clone());
            }
        }
    }
    let mut body = String::new();
    body.push_str(&begin(request.session));
    body.push('\n');
    body.push_str(&format!(
        "# Written by `credbroker sso populate --sso-session {}`: edits inside this block are replaced.\n",
        request.session
    ));
    for section in new.values() {
        body.push('\n');
        body.push_str(section);
    }
    body.push_str(&end(request.session));
    body.push('\n');
    let mut out = before;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&body);
    out.push_str(&after);
    plan.text = out;
    plan.new = new;
    Ok(plan)
}

/// `[profile NAME]` and its keys, one per line.
/// What the sign-in listed is written into the file as values: an account
/// id must be one (12 digits) and a role name one (IAM's letters, digits
/// and `+=,.@_-`, up to 64), so that nothing else (a line break that would
/// start a section of its own, a control character) reaches the file.
fn check_listed(account: &Account, role: &str) -> Result<(), String> {
    let id = &account.account_id;
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "the sign-in listed an account id {} that is not one (12 digits)",
            crate::error::quote(id)
        ));
    }
    let role_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if role.is_empty() || role.len() > 64 || !role.chars().all(role_char) {
        return Err(format!(
            "the sign-in listed for account {id} a role name {} that is not one \
             (up to 64 of letters, digits and `+=,.@_-`)",
            crate::error::quote(role)
        ));
    }
    Ok(())
}

fn render(name: &str, keys: &[(&str, &str)]) -> String {
    let mut out = format!("[profile {name}]\n");
    for (key, value) in keys {
        out.push_str(&format!("{key} = {value}\n"));
    }
    out
}

/// The text before the block, the block's lines between its markers, and
/// the text after it; no block: all of it before, and nothing after.
fn split<'t>(text: &'t str, session: &str) -> Result<(String, Option<&'t str>, String), String> {
    let (begin, end) = (begin(session), end(session));
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match start {
            None if trimmed == begin => start = Some((offset, offset + line.len())),
            Some((first, inner)) if trimmed == end => {
                let after = &text[offset + line.len()..];
                return Ok((
                    text[..first].to_string(),
                    Some(&text[inner..offset]),
                    after.to_string(),
                ));
            }
            _ => {}
        }
        offset += line.len();
    }
    match start {
        Some(_) => Err(format!(
            "the block `{begin}` has no `{end}` line: fix the file by hand (nothing was written)"
        )),
        None => Ok((text.to_string(), None, String::new())),
    }
}

/// A section of the old block.
struct Section {
    text: String,
}

/// The old block's profiles by name, each rendered as the block renders
/// them (so a stale one is written back as it was).
fn sections(block: &str, session: &str) -> Result<BTreeMap<String, Section>, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, Vec<(String, String)>)> = None;
    let finish = |current: Option<(String, Vec<(String, String)>)>,
                  out: &mut BTreeMap<String, Section>| {
        if let Some((name, keys)) = current {
            let keys: Vec<(&str, &str)> =
                keys.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let text = render(&name, &keys);
            out.insert(name, Section { text });
        }
    };
    for raw in block.lines() {
        let line = raw.trim();
        if let Some(name) = header(line) {
            finish(current.take(), &mut out);
            current = Some((name, Vec::new()));
        } else if line.starts_with('[') {
            // Another kind of section (`[default]`, `[services x]`): never
            // written here, and it may merge with one of the same name
            // outside the block, so neither dropping nor keeping it as the
            // block's is safe.
            return Err(format!(
                "the `sso populate` block of sso-session `{session}` holds the section {}, which the block never holds; move it out of the block (between `# credbroker sso populate {session}: begin` and `end`)",
                crate::error::quote(line)
            ));
        } else if raw.starts_with([' ', '\t']) {
            // A sub-property (`sts =` then `  endpoint_url = ...`), which
            // the block never holds: flattened, it would set the profile's
            // own endpoint_url.
            continue;
        } else if let (Some((_, keys)), Some((k, v))) = (current.as_mut(), line.split_once('='))
            && !line.starts_with(['#', ';'])
            // `= value`: no setting (written back, ` = value` would read
            // as a sub-property the next time).
            && !k.trim().is_empty()
        {
            keys.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    finish(current, &mut out);
    Ok(out)
}

/// `NAME` of a `[profile NAME]` line.
fn header(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    let name = inner.strip_prefix("profile")?;
    name.starts_with([' ', '\t'])
        .then(|| name.trim().to_string())
}

/// Profiles defined outside the block (written by hand).
fn outside_profiles(before: &str, after: &str) -> HashSet<String> {
    before
        .lines()
        .chain(after.lines())
        .filter_map(header)
        .collect()
}

/// `--dry-run`'s text: each profile added (`+`), removed (`-`) or changed
/// (both), in name order.
pub fn diff(plan: &Plan, file: &str) -> String {
    let mut out = format!("--- {file}\n+++ {file} (after sso populate)\n");
    let names: std::collections::BTreeSet<&String> =
        plan.old.keys().chain(plan.new.keys()).collect();
    for name in names {
        let (old, new) = (plan.old.get(name), plan.new.get(name));
        if old == new {
            continue;
        }
        for line in old.map(|s| s.lines()).into_iter().flatten() {
            out.push_str(&format!("-{line}\n"));
        }
        for line in new.map(|s| s.lines()).into_iter().flatten() {
            out.push_str(&format!("+{line}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, name: &str, roles: &[&str]) -> Account {
        Account {
            account_id: id.into(),
            account_name: name.into(),
            email: String::new(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn request(prune: bool) -> Request<'static> {
        Request {
            session: "corp",
            template: DEFAULT_TEMPLATE,
            region: "eu-west-1",
            prune,
        }
    }

    /// A stale section is kept with its own keys only: a sub-property
    /// never becomes its own; a section of another kind in the block is
    /// refused, not dropped (found by fuzzing: `[services]`'s
    /// `endpoint_url` became the profile's; a `[default]` in the block
    /// merged with the one outside it).
    #[test]
    fn stale_sections_keep_only_their_own_keys() {
        let text = "# credbroker sso populate corp: begin\n\
                    [profile gone]\nsso_session = corp\nsso_role_name = Old\n\
                    services = local\nsts =\n  endpoint_url = http://evil.example\n\
                    = 1\n\
                    # credbroker sso populate corp: end\n";
        let plan = plan(text, &[], &request(false)).unwrap();
        assert_eq!(plan.stale, ["gone"]);
        assert_eq!(
            plan.new["gone"],
            "[profile gone]\nsso_session = corp\nsso_role_name = Old\nservices = local\nsts = \n"
        );
        assert!(!plan.text.contains("endpoint_url"), "{}", plan.text);
        let foreign = text.replace("sts =\n", "[services local]\nsts =\n");
        let err = super::plan(&foreign, &[], &request(false)).unwrap_err();
        assert!(err.contains("`[services local]`"), "{err}");
    }

    /// A stale section that one outside the block merges with is neither
    /// pruned nor rewritten: refused (found by fuzzing).
    #[test]
    fn a_stale_section_also_outside_the_block_is_refused() {
        let text = "[profile gone]\nregion = us-east-1\n\
                    # credbroker sso populate corp: begin\n\
                    [profile gone]\nsso_session = corp\nsso_role_name = Old\n\
                    # credbroker sso populate corp: end\n";
        for prune in [false, true] {
            let err = plan(text, &[], &request(prune)).unwrap_err();
            assert!(err.contains("profile `gone` is both"), "{err}");
            assert!(err.contains("remove the one in the block"), "{err}");
        }
    }

    #[test]
    fn a_listing_that_would_write_more_than_values_is_refused() {
        let injected = account(
            "111111111111",
            "prod",
            &["ReadOnly\n[profile evil]\ncredential_process = sh -c evil"],
        );
        let err = plan("", &[injected], &request(false)).unwrap_err();
        assert!(
            err.contains("a role name `ReadOnly\\n[profile evil]"),
            "{err}"
        );
        let bad_id = account("1111\n", "prod", &["ReadOnly"]);
        assert!(plan("", &[bad_id], &request(false)).is_err());
    }

    #[test]
    fn names_are_normalized() {
        let a = account("111111111111", "My Prod (EU)", &[]);
        assert_eq!(
            profile_name(DEFAULT_TEMPLATE, &a, "Admin"),
            "My-Prod-EU-.Admin"
        );
        assert_eq!(
            profile_name("{account_id}-{role_name}", &a, "Admin"),
            "111111111111-Admin"
        );
        assert!(check_template("{account_name}").is_err());
    }

    #[test]
    fn outside_bytes_are_kept_and_a_rerun_is_identical() {
        let text = "# mine\n[default]\nregion = us-east-1\n\n[profile prod.Admin]\nregion = x\n# tail without newline";
        let listed = [
            account("111111111111", "prod", &["Admin", "Read"]),
            account("222222222222", "dev", &["Admin"]),
        ];
        let first = plan(text, &listed, &request(false)).unwrap();
        assert!(first.text.starts_with(text));
        assert_eq!(first.shadowed, vec!["prod.Admin"]);
        assert_eq!(first.written, 2);
        let second = plan(&first.text, &listed, &request(false)).unwrap();
        assert_eq!(second.text, first.text);
        // Text after the block survives too.
        let later = format!("{}[profile after]\nregion = y\n", first.text);
        let third = plan(&later, &listed, &request(false)).unwrap();
        assert_eq!(third.text, later);
    }

    #[test]
    fn gone_profiles_are_stale_until_pruned() {
        let listed = [
            account("111111111111", "prod", &["Admin"]),
            account("222222222222", "dev", &["Admin"]),
        ];
        let first = plan("", &listed, &request(false)).unwrap();
        let kept = plan(&first.text, &listed[..1], &request(false)).unwrap();
        assert_eq!(kept.stale, vec!["dev.Admin"]);
        assert_eq!(kept.text, first.text);
        let pruned = plan(&first.text, &listed[..1], &request(true)).unwrap();
        assert_eq!(pruned.pruned, vec!["dev.Admin"]);
        assert!(!pruned.text.contains("dev.Admin"));
        assert!(diff(&pruned, "config").contains("-[profile dev.Admin]"));
    }

    #[test]
    fn collisions_name_both_accounts() {
        let listed = [
            account("111111111111", "prod eu", &["Admin"]),
            account("222222222222", "prod-eu", &["Admin"]),
        ];
        let e = plan("", &listed, &request(false)).unwrap_err();
        assert!(
            e.contains("111111111111") && e.contains("222222222222"),
            "{e}"
        );
    }

    #[test]
    fn an_unclosed_block_is_refused() {
        let e = plan(
            "# credbroker sso populate corp: begin\n",
            &[],
            &request(false),
        )
        .unwrap_err();
        assert!(
            e.contains("no `# credbroker sso populate corp: end`"),
            "{e}"
        );
    }
}
