//! Many processes at once: one STS call per link, everywhere.

use crate::support::{Ctx, Waiters, spawn_all};

/// `n` processes, cold cache, every AssumeRole held until all but the one
/// holding the lock say they are waiting: then nobody can have slipped
/// through before the first result was written.
fn storm(
    ctx: &Ctx,
    n: usize,
    profile_of: impl Fn(usize) -> &'static str,
) -> Vec<crate::support::Run> {
    ctx.hold(-1);
    let children = spawn_all(n, |i| {
        let mut cmd = ctx.cmd(&["credential-process", profile_of(i)]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    ctx.wait_held(1);
    waiters.until_said("waiting: ", n - 1);
    assert_eq!(
        ctx.assume_role_calls(),
        1,
        "only the lock holder reached STS"
    );
    ctx.release(None);
    waiters.finish()
}

#[test]
fn thirty_two_processes_on_a_cold_two_hop_chain_make_two_calls() {
    let ctx = Ctx::with_chain();
    let runs = storm(&ctx, 32, |_| "prod");
    let first = runs[0].creds();
    for run in &runs {
        assert_eq!(run.creds(), first, "all print the same credentials");
        first.assert_not_in(&run.stderr, "stderr");
    }
    assert_eq!(ctx.assume_role_calls(), 2);
    let waiting = runs
        .iter()
        .filter(|r| {
            r.stderr
                .contains("waiting: another credbroker process (pid ")
        })
        .count();
    assert_eq!(waiting, 31, "every waiter said whom it waited for");
}

#[test]
fn sixty_four_processes_on_three_profiles_sharing_a_source() {
    let ctx = Ctx::with_chain();
    ctx.config(&format!(
        "{}\n[profile stage]\nrole_arn = arn:aws:iam::444444444444:role/stage\nsource_profile = mid\n",
        crate::support::CHAIN_CONFIG
    ));
    let profiles = ["prod", "dev", "stage"];
    let runs = storm(&ctx, 64, |i| profiles[i % 3]);
    assert_eq!(
        ctx.assume_role_calls(),
        4,
        "mid once, then each profile once"
    );
    for (p, profile) in profiles.iter().enumerate() {
        let mine: Vec<_> = runs.iter().skip(p).step_by(3).map(|r| r.creds()).collect();
        assert!(
            mine.iter().all(|c| *c == mine[0]),
            "{profile}: all got the same credentials"
        );
    }
}
