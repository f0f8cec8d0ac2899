//! The test servers checked against a real client: boto3 must accept what
//! the local STS layer answers, or every other test here proves nothing.

use std::path::Path;
use std::process::Command;

use crate::support::{Run, output, python};

#[test]
fn sts_server_passes_its_boto3_selftest() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/selftest_sts_server.py");
    let run = Run::from(output(Command::new(python()).arg(script)));
    assert_eq!(run.code, 0, "selftest failed: {run:?}");
    assert!(run.stdout.contains("PASS sts_server selftest"), "{run:?}");
}
