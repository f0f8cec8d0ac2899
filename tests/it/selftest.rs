//! The test servers checked against a real client: boto3 (and botocore's
//! metadata fetchers) must accept what each local fake answers, and the
//! fake sign-in endpoint what aws-vault and granted send, or every other
//! test here proves nothing.

use std::process::Command;

use crate::support::{Run, output, python, script};

/// Run `tests/support/<name>`; it exits 0 when every check passed.
fn selftest(name: &str) -> Run {
    let run = Run::from(output(Command::new(python()).arg(script(name))));
    assert_eq!(run.code, 0, "{name} failed:\n{}{run:?}", run.stdout);
    run
}

#[test]
fn sts_server_passes_its_boto3_selftest() {
    let run = selftest("selftest_sts_server.py");
    assert!(run.stdout.contains("PASS sts_server selftest"), "{run:?}");
}

#[test]
fn the_fake_sso_matches_boto3() {
    selftest("selftest_sso_server.py");
}

#[test]
fn the_metadata_fake_passes_its_selftest_against_botocore() {
    selftest("selftest_metadata_server.py");
}

#[test]
fn the_fake_federation_endpoint_takes_what_aws_vault_and_granted_send() {
    let run = selftest("selftest_federation_server.py");
    assert!(
        run.stdout.contains("PASS federation_server selftest"),
        "{run:?}"
    );
}
