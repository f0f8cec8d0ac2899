//! Many processes at once: one STS call per link, everywhere.

use crate::support::{CHAIN_CONFIG, Ctx, Run, Waiters, spawn_all};

/// One link of a storm: the role it assumes, the profile its label names,
/// and how many of the processes need it.
struct Link {
    role: &'static str,
    profile: &'static str,
    processes: usize,
}

/// `n` processes, cold cache, each link's AssumeRole held behind its own
/// barrier. A barrier opens once every process that needs the link is
/// accounted for, either as a held call or as a process that said it waits
/// for the link's lock; then exactly one call of that link may have reached
/// STS. Without the lock every process is a held call, so the count fails
/// at the first barrier instead of timing out.
fn storm(
    ctx: &Ctx,
    n: usize,
    profile_of: impl Fn(usize) -> &'static str,
    links: &[Link],
) -> Vec<Run> {
    for link in links {
        ctx.hold_role(link.role);
    }
    let children = spawn_all(n, |i| {
        let mut cmd = ctx.cmd(&["credential-process", profile_of(i)]);
        cmd.env("CREDBROKER_LOCK_TIMEOUT", "2m");
        cmd
    });
    let mut waiters = Waiters::new(children);
    for link in links {
        let waiting = format!("is refreshing {} (", link.profile);
        waiters.until(
            &format!("{} processes at {}'s barrier", link.processes, link.profile),
            |w| ctx.held_role(link.role) as usize + w.saying(&waiting) >= link.processes,
        );
        assert_eq!(
            ctx.calls("AssumeRole", Some(link.role)).len(),
            1,
            "only the lock holder of {} reached STS",
            link.profile
        );
        assert_eq!(
            waiters.saying(&waiting),
            link.processes - 1,
            "{}'s waiters",
            link.profile
        );
        ctx.release_role(link.role);
    }
    waiters.finish()
}

const MID: Link = Link {
    role: "role/mid",
    profile: "mid",
    processes: 0,
};

#[test]
fn thirty_two_processes_on_a_cold_two_hop_chain_make_two_calls() {
    let ctx = Ctx::with_chain();
    let links = [
        Link {
            processes: 32,
            ..MID
        },
        Link {
            role: "role/admin",
            profile: "prod",
            processes: 32,
        },
    ];
    let runs = storm(&ctx, 32, |_| "prod", &links);
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
    // Every process but mid's lock holder waited at mid; that holder waits
    // too if another process locks prod before it gets there (a waiter
    // polling mid's lock can win that race), so 31 or 32.
    assert!(
        (31..=32).contains(&waiting),
        "every waiter said whom it waited for: {waiting}"
    );
}

#[test]
fn sixty_four_processes_on_three_profiles_sharing_a_source() {
    let ctx = Ctx::with_chain();
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile stage]\nrole_arn = arn:aws:iam::444444444444:role/stage\nsource_profile = mid\n",
    ));
    let profiles = ["prod", "dev", "stage"];
    let leaf = |role, profile, p: usize| Link {
        role,
        profile,
        processes: (p..64).step_by(3).count(),
    };
    let links = [
        Link {
            processes: 64,
            ..MID
        },
        leaf("role/admin", "prod", 0),
        leaf("role/dev", "dev", 1),
        leaf("role/stage", "stage", 2),
    ];
    let runs = storm(&ctx, 64, |i| profiles[i % 3], &links);
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
