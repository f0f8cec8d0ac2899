//! SSO sign-ins that recover as well as the SDKs', and better, beside the
//! AWS CLI and the SDKs, which share the token file and take no lock.

use super::{SESSION, Sso};
use crate::support::Run;

/// A refused refresh is not learned while the token file has changed
/// since the refresh read it: the next process uses the new token at once
/// instead of being told, for 5 s, to sign in again.
#[test]
fn a_refused_refresh_is_not_learned_once_the_token_file_changed() {
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    // The refresh token no longer works (spent elsewhere, revoked).
    sso.ctl("fault?action=CreateToken&code=InvalidGrantException&status=400&count=1");
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("credbroker login dev");
    // Within the 5 s a refusal is remembered: `aws sso login` writes a new
    // token; the next call uses it.
    sso.sign_in(SESSION, 3600, true);
    let run = sso.run(&["credential-process", "dev"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");
    // An unchanged file: the refusal is learned (no second refresh).
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, true);
    sso.ctl("fault?action=CreateToken&code=InvalidGrantException&status=400&count=1");
    sso.run(&["credential-process", "dev"]).assert_code(6);
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("credbroker login dev");
    assert_eq!(sso.count("CreateToken"), 1);
}

/// After `credbroker login` or `aws sso login`, the next call within
/// the 5 s a refused sign-in is remembered does not say there is none.
#[test]
fn a_new_sign_in_is_seen_at_once() {
    let sso = Sso::new();
    sso.run(&["credential-process", "dev"])
        .assert_code(6)
        .assert_stderr_has("there is no sign-in token");
    sso.login(&["dev"]).assert_code(0);
    let run = sso.run(&["credential-process", "dev"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");

    // The same when another program signs in (as `aws sso login` does),
    // over an expired token that cannot be refreshed.
    let sso = Sso::new();
    sso.sign_in(SESSION, -60, false);
    sso.run(&["credential-process", "admin"])
        .assert_code(6)
        .assert_stderr_has("has no refresh token");
    sso.sign_in(SESSION, 3600, false);
    let run = sso.run(&["credential-process", "admin"]);
    assert!(run.creds().access_key_id.starts_with("ASIA"), "{run:?}");
}

/// Signing out (`aws sso logout` removes the token file) stops the
/// session's cached role credentials, and the role chains built on them,
/// from being served: through the memo of resolved chains, through the
/// full resolution, and in a batch. An expired token file still counts as
/// signed in.
#[test]
fn signing_out_stops_the_cached_role_credentials_of_the_session() {
    let sso = Sso::new();
    sso.sign_in(SESSION, 3600, false);
    let dev = sso.run(&["credential-process", "dev"]).creds();
    let admin = sso.run(&["credential-process", "admin"]).creds();

    sso.sign_in(SESSION, -60, false);
    assert_eq!(sso.run(&["credential-process", "dev"]).creds(), dev);
    assert_eq!(sso.run(&["credential-process", "admin"]).creds(), admin);

    std::fs::remove_file(sso.token_path(SESSION)).unwrap();
    let signed_out = |run: &Run| {
        run.assert_code(6)
            .assert_stderr_has("there is no sign-in token")
            .assert_stderr_has("credbroker login dev");
        assert!(!run.stdout.contains("AccessKeyId"), "{run:?}");
    };
    // The memo's way (the config is as it was) ...
    signed_out(&sso.run(&["credential-process", "dev"]));
    signed_out(&sso.run(&["credential-process", "admin"]));
    signed_out(&sso.run(&["export", "admin", "--format", "json"]));
    // ... and the full way (a changed config is a new resolution).
    let config = std::fs::read_to_string(sso.ctx.path(".aws/config")).unwrap();
    sso.ctx.config(&format!("{config}\n# changed\n"));
    signed_out(&sso.run(&["credential-process", "dev"]));
    signed_out(&sso.run(&["credential-process", "admin"]));
    let batch = sso.run(&["batch", "dev", "admin"]);
    batch.assert_code(6);
    assert!(
        batch.json_lines().iter().all(|l| l["ok"] == false),
        "{batch:?}"
    );
    assert_eq!(sso.count("GetRoleCredentials"), 1);
    assert_eq!(sso.ctx.assume_role_calls(), 1);

    // Signed in again: the cached credentials are served again.
    sso.sign_in(SESSION, 3600, false);
    assert_eq!(sso.run(&["credential-process", "admin"]).creds(), admin);
}
