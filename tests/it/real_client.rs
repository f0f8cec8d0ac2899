//! A real consumer: the AWS CLI calling credbroker as its credential_process.

use crate::support::{BIN, CHAIN_CONFIG, Ctx, Run};

#[test]
fn aws_cli_gets_the_assumed_role_identity_through_credential_process() {
    let ctx = Ctx::new();
    ctx.config(&format!(
        "{CHAIN_CONFIG}\n[profile client]\ncredential_process = {BIN} credential-process --profile prod\nregion = us-east-1\n"
    ));
    let python = std::env::var_os("CREDBROKER_TEST_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python")
        });
    let aws = python.parent().unwrap().join("aws");
    let mut cmd = std::process::Command::new(aws);
    cmd.args([
        "sts",
        "get-caller-identity",
        "--profile",
        "client",
        "--output",
        "json",
    ]);
    cmd.env_clear();
    for (k, v) in ctx.cmd(&[]).get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
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
