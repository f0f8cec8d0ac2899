//! The AWS SDK for Rust as a client of credbroker's credential server, for
//! the end-to-end tests (`tests/it/server.rs` builds and runs it):
//! credentials come from aws-config's default chain, whose ECS provider
//! reads `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN`, exactly as in any program.
//!
//! Calls GetCallerIdentity once and prints `{"arn", "access_key_id",
//! "expiration"}` as one JSON line, never a secret; exits 1 on failure.

#![allow(
    clippy::disallowed_macros,
    reason = "a test client: its one JSON line goes to stdout, its error to stderr"
)]

use aws_config::BehaviorVersion;
use aws_credential_types::provider::ProvideCredentials;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("rust_sdk_client: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let provider = config
        .credentials_provider()
        .ok_or("the default chain gave no credentials provider")?;
    let credentials = provider
        .provide_credentials()
        .await
        .map_err(|e| aws_smithy_types::error::display::DisplayErrorContext(e).to_string())?;
    let identity = aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| aws_smithy_types::error::display::DisplayErrorContext(e).to_string())?;
    let expiration = credentials
        .expiry()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    let line = serde_json::json!({
        "arn": identity.arn(),
        "access_key_id": credentials.access_key_id(),
        "expiration": expiration,
    });
    println!("{line}");
    Ok(())
}
