//! Property tests of every parser credbroker owns or feeds: the AWS files
//! (through the SDK's parser, then resolution), cache entries, memos, SSO
//! token files, `credential_process` output, answers, settings, batch
//! input files, `KUBERNETES_EXEC_INFO` and kubeconfigs, `sso populate`,
//! `aws login` token files. Each gets its seeds (`fuzz/seeds/<target>/`, the fuzz
//! targets' too), a few hundred mutations of them and some arbitrary
//! bytes, from a fixed seed: the properties of [`checks`] must hold for
//! every one, and no case may take [`CASE_DEADLINE`] (a hang).
//! [`end_to_end`] runs mutated answers of every endpoint through the binary.
//!
//! `CREDBROKER_FUZZ_SEED=N` varies the seed, `CREDBROKER_FUZZ_CASES=N`
//! the number of cases per parser. A failure names the parser, the seed
//! and the case, and shows the start of its input escaped;
//! `CREDBROKER_FUZZ_DUMP=DIR` also writes the whole input there (to run
//! it again under a fuzz target: `scripts/fuzz TARGET FILE`).
//!
//! Coverage-guided fuzzing of the same checks: `scripts/fuzz`.

pub mod checks;
mod end_to_end;
mod mutations;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use mutations::{Rng, arbitrary, mutate};

/// Cases per parser beyond its seeds: a quarter arbitrary, the rest mutations.
const CASES: usize = 400;

/// The longest a single case may take before it counts as a hang.
const CASE_DEADLINE: Duration = Duration::from_secs(10);

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// The committed seeds of fuzz target `target`.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    files("fuzz/seeds", target)
}

/// The inputs that once broke a property of `target`'s parser (or of its
/// check), each kept in `fuzz/regressions/<target>/` when it was fixed.
fn regressions(target: &str) -> Vec<Vec<u8>> {
    files("fuzz/regressions", target)
}

/// The files of `<dir>/<target>/`, by name.
fn files(dir: &str, target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// The start of `input`, escaped: enough to see what broke, never a
/// whole (possibly huge) input.
fn excerpt(input: &[u8]) -> String {
    let head = &input[..input.len().min(240)];
    format!(
        "{} bytes: {}{}",
        input.len(),
        String::from_utf8_lossy(head).escape_debug(),
        if input.len() > head.len() { "…" } else { "" }
    )
}

/// Run `check` over the regressions of `target`, its `seeds`, then
/// generated cases, on a thread of its own so that a hang fails the test
/// instead of stalling the suite.
fn run(target: &'static str, check: fn(&[u8]), seeds: Vec<Vec<u8>>) {
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let base = env_number("CREDBROKER_FUZZ_SEED").unwrap_or(0x5eed);
    let cases = env_number("CREDBROKER_FUZZ_CASES").map_or(CASES, |n| n as usize);
    let seed = target
        .bytes()
        .fold(base, |h, b| h.rotate_left(5) ^ u64::from(b));
    let (progress, seen) = mpsc::channel::<Result<usize, String>>();
    std::thread::spawn(move || {
        let mut rng = Rng::new(seed);
        let inputs = regressions(target)
            .into_iter()
            .chain(seeds.iter().cloned())
            .map(Some)
            .chain((0..cases).map(|_| None));
        for (i, given) in inputs.enumerate() {
            let input = given.unwrap_or_else(|| match rng.below(4) {
                0 => arbitrary(&mut rng, 512),
                _ => {
                    let from = rng.pick(&seeds).clone();
                    mutate(&mut rng, &from)
                }
            });
            let _ = progress.send(Ok(i));
            // A case that hangs is found there, since it never fails.
            if let Some(dir) = std::env::var_os("CREDBROKER_FUZZ_DUMP") {
                let _ = std::fs::write(
                    Path::new(&dir).join(format!("{target}-{base}-running")),
                    &input,
                );
            }
            let outcome = std::panic::catch_unwind(|| check(&input));
            if let Err(panic) = outcome {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                if let Some(dir) = std::env::var_os("CREDBROKER_FUZZ_DUMP") {
                    let file = Path::new(&dir).join(format!("{target}-{base}-{i}"));
                    let _ = std::fs::write(file, &input);
                }
                let _ = progress.send(Err(format!(
                    "{target}: case {i} (seed {base}) broke a property: {why}\ninput: {}",
                    excerpt(&input)
                )));
                return;
            }
        }
    });
    let mut last = None;
    loop {
        match seen.recv_timeout(CASE_DEADLINE) {
            Ok(Ok(i)) => last = Some(i),
            Ok(Err(failure)) => panic!("{failure}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "{target}: case {} (seed {base}) still runs after {CASE_DEADLINE:?}: a hang",
                last.map_or("?".into(), |i| i.to_string())
            ),
        }
    }
}

#[test]
fn credential_process_output() {
    run(
        "process_output",
        checks::process_output,
        seeds("process_output"),
    );
}

#[test]
fn sso_token_files() {
    run("sso_token", checks::sso_token, seeds("sso_token"));
}

#[test]
fn cache_entries() {
    run("cache_entry", checks::cache_entry, seeds("cache_entry"));
}

#[test]
fn memos() {
    let mut all = seeds("memo");
    all.extend(memo_seeds());
    run("memo", checks::memo, all);
}

#[test]
fn settings_files() {
    run("settings", checks::settings, seeds("settings"));
}

#[test]
fn batch_input_files() {
    run("batch_input", checks::batch_input, seeds("batch_input"));
}

#[test]
fn aws_files() {
    run("aws_files", checks::aws_files, seeds("aws_files"));
}

#[test]
fn kubernetes_exec_info_and_kubeconfig() {
    run("kube", checks::kube, seeds("kube"));
}

#[test]
fn sso_populate() {
    run("sso_populate", checks::sso_populate, seeds("sso_populate"));
}

#[test]
fn aws_login_token_files() {
    run("login_token", checks::login_token, seeds("login_token"));
}

#[test]
fn answers() {
    run("answer", checks::answer, seeds("answer"));
}

/// The seeds are what their parsers accept: a mutation of a valid input
/// reaches past the first check.
#[test]
fn the_seeds_are_valid_inputs() {
    use credbroker::kinds::sso::token;
    for s in seeds("process_output") {
        let text = String::from_utf8(s).unwrap();
        assert!(credbroker::kinds::process::parse_output(&text, "p", checks::NOW).is_ok());
    }
    for s in seeds("sso_token") {
        let text = String::from_utf8(s).unwrap();
        assert!(matches!(
            token::parse(Path::new("t"), &text),
            token::Found::Token(_)
        ));
    }
    for s in seeds("cache_entry") {
        assert!(credbroker::cache::Entry::decode(std::str::from_utf8(&s).unwrap()).is_ok());
    }
    for s in seeds("memo").into_iter().chain(memo_seeds()) {
        assert!(
            credbroker::memo::parse(&s).is_some(),
            "a memo seed is stale: `cargo test --test it fuzz::write_memo_seeds -- --ignored` rewrites them"
        );
    }
    for s in seeds("settings") {
        let text = String::from_utf8(s).unwrap();
        credbroker::settings::Settings::from_file_text(Path::new("c"), &text).unwrap();
    }
    for s in seeds("batch_input") {
        let text = String::from_utf8(s).unwrap();
        let (a, _) = credbroker::batch::targets::parse_accounts(&text, Path::new("f"));
        let (r, _) = credbroker::batch::targets::parse_role_arns(&text, Path::new("f"));
        assert!(a.len() + r.len() >= 3);
    }
    let every_kind = memo_chains();
    assert!(every_kind.len() >= 8, "{} chains", every_kind.len());
}

/// Every chain of the `every_kind` AWS files seed, resolved.
fn memo_chains() -> Vec<credbroker::chain::Chain> {
    use credbroker::{chain, profile};
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/aws_files/every_kind.ini"),
    )
    .unwrap();
    let (config, credentials) = seed.split_once("\n----\n").unwrap();
    let profiles = profile::parse(
        Some(config),
        Some(credentials),
        "/nonexistent/config".into(),
        "/nonexistent/credentials".into(),
    )
    .unwrap();
    let env = chain::EnvSnapshot::default();
    profiles
        .names()
        .filter_map(|name| chain::resolve(&profiles, name, &env).ok())
        .filter(|c| !c.hops.is_empty())
        .collect()
}

/// Memos of links of every kind, as `memo::encode` writes them: the memo
/// of each chain cut after each of its links.
fn memo_seeds() -> Vec<Vec<u8>> {
    let env = credbroker::chain::EnvSnapshot::default();
    let files = [
        Path::new("/nonexistent/config"),
        Path::new("/nonexistent/credentials"),
    ];
    let mut memos: Vec<Vec<u8>> = memo_chains()
        .iter()
        .flat_map(|chain| {
            (1..=chain.hops.len()).map(|n| credbroker::chain::Chain {
                hops: chain.hops[..n].to_vec(),
                ..chain.clone()
            })
        })
        .filter_map(|chain| {
            let key = credbroker::memo::key("", &chain.profile, &env, &files)?;
            credbroker::memo::encode(&key, &chain, Some("eu-west-1"), None)
        })
        .collect();
    memos.sort();
    memos.dedup();
    memos
}

/// Rewrite `fuzz/seeds/memo/` from [`memo_seeds`] (when the memo format
/// or a kind's data changes).
#[test]
#[ignore = "writes the memo seeds of the fuzz target"]
fn write_memo_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/memo");
    for old in std::fs::read_dir(&dir).unwrap() {
        std::fs::remove_file(old.unwrap().path()).unwrap();
    }
    for (i, memo) in memo_seeds().iter().enumerate() {
        std::fs::write(dir.join(format!("{i:02}.json")), memo).unwrap();
    }
}
