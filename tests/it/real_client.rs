//! A real consumer: the AWS CLI calling credbroker as its credential_process.

use crate::support::{BIN, CHAIN_CONFIG, Ctx, Run};

#[test]
fn aws_cli_gets_the_assumed_role_identity_through_credential_process() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile client]\ncredential_process = {BIN} credential-process --profile prod\nregion = us-east-1\n"
    ));
    let mut cmd = std::process::Command::new(crate::support::aws_cli());
    cmd.args([
        "sts",
        "get-caller-identity",
        "--profile",
        "client",
        "--output",
        "json",
    ]);
    crate::support::copy_env(&ctx.cmd(&[]), &mut cmd);
    let run = Run::from(crate::support::output(&mut cmd));
    assert_eq!(run.code, 0, "aws failed: {run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let arn = v["Arn"].as_str().unwrap();
    assert!(
        arn.starts_with("arn:aws:sts::222222222222:assumed-role/admin/credbroker-tester-"),
        "{arn}"
    );
    assert_eq!(ctx.assume_role_calls(), 2);
}
