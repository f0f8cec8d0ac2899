//! Signing in to IAM Identity Center, as `aws sso login` does: the
//! authorization code grant with PKCE (browser, loopback redirect, `state`
//! checked), or the device authorization grant (URL and code shown, polling
//! that honours `interval` and `slow_down`). The token, its refresh token and
//! the client registration go to the AWS CLI's token file.
//!
//! A sign-in runs under the token's lock: concurrent sign-ins for one
//! session make one flow, the others wait for it and use its token.

use std::io::{Read as _, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::credentials::Window;
use crate::error::CallFailure;
use crate::error::FailureKind;
use crate::kinds::sso::Session;
use crate::kinds::sso::oidc::{self, Poll, Registration};
use crate::kinds::sso::token::{self, State, TokenFile};
use crate::kinds::token_file::save;
use crate::report::Reporter;
use crate::runner::file::{self, Follow};
use crate::runner::{Limits, url_encode as encode};
use crate::secret::Secret;
use crate::settings::Settings;

/// How long the loopback listener waits for the browser's redirect.
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(300);
/// The redirect URI registered; the port is chosen per sign-in (RFC 8252).
const REDIRECT_PATH: &str = "/oauth/callback";

/// How to sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Authorization code with PKCE in a browser; the device flow when no
    /// browser can be opened.
    Browser,
    /// Device authorization; `open_browser` opens the verification page.
    Device { open_browser: bool },
}

/// What `login` did.
pub enum Outcome {
    SignedIn {
        expires_at: String,
    },
    /// Another process signed in while this one waited for the lock.
    SignedInMeanwhile {
        expires_at: String,
    },
}

/// Sign in to `session` under its token lock (waiting up to the settings'
/// lock timeout); prompts go to `out`.
pub async fn login(
    session: &Session,
    flow: Flow,
    cache: &Cache,
    settings: &Settings,
    limits: &Limits,
    reporter: &dyn Reporter,
    out: &mut (dyn Write + Send),
) -> Result<Outcome, CallFailure> {
    let path = session.token_path();
    let before = token::read(&path).token().map(|t| t.access_token.clone());
    let _lock = super::lock_sign_in(cache, session, settings.lock_timeout, reporter).await?;
    let found = token::read(&path);
    let window = Window::new(settings.refresh_window, settings.parent_min_ttl());
    if let (State::Valid, Some(t)) = (
        token::judge(&found, window, crate::clock::now()),
        found.token(),
    ) && Some(&t.access_token) != before.as_ref()
    {
        return Ok(Outcome::SignedInMeanwhile {
            expires_at: t.expires_at.clone(),
        });
    }
    let new = sign_in(session, flow, cache, limits, out).await?;
    save(&path, &new)?;
    Ok(Outcome::SignedIn {
        expires_at: new.expires_at,
    })
}

/// Sign in on the user's terminal when there is one (prompts go to
/// `/dev/tty`, never to stdout, which an SDK reads); `None` without one,
/// or when it was given up ([`crate::runner::terminal`]).
/// The caller holds the token's lock.
pub async fn from_terminal(
    session: &Session,
    cache: &Cache,
    limits: &Limits,
) -> Option<Result<TokenFile, CallFailure>> {
    let mut tty = crate::runner::terminal::open(std::fs::OpenOptions::new().write(true))?;
    let _ = writeln!(
        tty,
        "credbroker: signing in to {} for profile `{}`",
        session.describe(),
        session.profile
    );
    Some(sign_in(session, Flow::Browser, cache, limits, &mut tty).await)
}

/// Run one flow and return the new token (not yet saved). Where it is to
/// be saved is checked first: a sign-in whose token cannot be kept is not
/// started.
pub async fn sign_in(
    session: &Session,
    flow: Flow,
    cache: &Cache,
    limits: &Limits,
    out: &mut (dyn Write + Send),
) -> Result<TokenFile, CallFailure> {
    file::check_replaceable(&session.token_path()).map_err(|e| {
        failure(
            FailureKind::Permanent,
            crate::error::TOKEN_PATH_UNUSABLE,
            format!(
                "the sign-in token of {} cannot be saved where the AWS CLI and the SDKs \
                 keep it: {e}",
                session.describe()
            ),
        )
    })?;
    match flow {
        Flow::Browser => match crate::runner::process::browser() {
            Some(browser) => pkce(session, &browser, cache, limits, out).await,
            None => {
                let _ = writeln!(
                    out,
                    "No browser to open here (set $BROWSER to use one); signing in with a code instead."
                );
                device(session, false, cache, limits, out).await
            }
        },
        Flow::Device { open_browser } => device(session, open_browser, cache, limits, out).await,
    }
}

async fn pkce(
    session: &Session,
    browser: &str,
    cache: &Cache,
    limits: &Limits,
    out: &mut (dyn Write + Send),
) -> Result<TokenFile, CallFailure> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| failure(FailureKind::Transient, "LoopbackFailed", e.to_string()))?;
    let port = listener
        .local_addr()
        .map_err(|e| failure(FailureKind::Transient, "LoopbackFailed", e.to_string()))?
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}{REDIRECT_PATH}");
    let registration = registration(
        session,
        Some(&format!("http://127.0.0.1{REDIRECT_PATH}")),
        cache,
        limits,
    )
    .await?;
    let verifier = Secret::new(base64url(&random_bytes(64)));
    let challenge = base64url(&Sha256::digest(verifier.expose().as_bytes()));
    let state = hex(&random_bytes(16));
    let scopes = session_scopes(session).join(" ");
    let url = format!(
        "{}/authorize?response_type=code&client_id={}&redirect_uri={}&state={}&code_challenge_method=S256&scopes={}&code_challenge={}",
        oidc::base_url(session),
        encode(&registration.client_id),
        encode(&redirect_uri),
        state,
        encode(&scopes),
        challenge
    );
    let _ = writeln!(
        out,
        "Signing in to {} in your browser. If it does not open, visit:\n\n  {url}\n",
        session.describe()
    );
    crate::runner::process::open_browser(browser, &url, &[]);
    let callback = tokio::task::spawn_blocking(move || wait_for_callback(&listener, &state))
        .await
        .map_err(|e| failure(FailureKind::Transient, "LoopbackFailed", e.to_string()))??;
    oidc::exchange_code(
        session,
        &registration,
        &callback,
        &verifier,
        &redirect_uri,
        limits,
    )
    .await
}

async fn device(
    session: &Session,
    open_browser: bool,
    cache: &Cache,
    limits: &Limits,
    out: &mut (dyn Write + Send),
) -> Result<TokenFile, CallFailure> {
    let registration = registration(session, None, cache, limits).await?;
    let device = oidc::start_device(session, &registration, limits).await?;
    let complete = device
        .verification_uri_complete
        .clone()
        .unwrap_or_else(|| device.verification_uri.clone());
    let _ = writeln!(
        out,
        "To sign in to {}, open\n\n  {}\n\nand enter the code\n\n  {}\n\n(or open {complete})",
        session.describe(),
        device.verification_uri,
        device.user_code
    );
    if open_browser && let Some(browser) = crate::runner::process::browser() {
        crate::runner::process::open_browser(&browser, &complete, &[]);
    }
    let _ = writeln!(out, "Waiting for the sign-in to be approved...");
    let deadline = Instant::now() + Duration::from_secs(device.expires_in.max(1) as u64);
    let mut interval = device.interval.max(1) as u64;
    loop {
        tokio::time::sleep(Duration::from_secs(interval)).await;
        match oidc::poll_device(session, &registration, &device, limits).await? {
            Poll::Token(token) => return Ok(*token),
            Poll::Pending => {}
            // RFC 8628: add 5 seconds to the interval for this and every
            // later poll.
            Poll::SlowDown => interval += 5,
        }
        if Instant::now() >= deadline {
            return Err(failure(
                FailureKind::Permanent,
                "ExpiredTokenException",
                "the sign-in code expired before it was approved; run the login again".into(),
            ));
        }
    }
}

/// A client registration for this session and grant, reused while valid
/// (kept 0600 in credbroker's cache directory).
async fn registration(
    session: &Session,
    redirect_uri: Option<&str>,
    cache: &Cache,
    limits: &Limits,
) -> Result<Registration, CallFailure> {
    let path = Some(registration_path(session, redirect_uri.is_some(), cache));
    let now = crate::clock::now();
    if let Some(path) = &path
        && let Ok(text) = file::read(path, Follow::Never, 64 * 1024)
        && let Ok(saved) = serde_json::from_str::<SavedRegistration>(&text)
        && saved.expires_at > now + 3600
    {
        return Ok(Registration {
            client_id: saved.client_id,
            client_secret: saved.client_secret,
            expires_at: saved.expires_at,
        });
    }
    let registration = oidc::register(session, redirect_uri, limits).await?;
    if let Some(path) = &path {
        let saved = SavedRegistration {
            client_id: registration.client_id.clone(),
            client_secret: registration.client_secret.clone(),
            expires_at: registration.expires_at,
        };
        // Only a cache: a registration that cannot be kept is made again.
        let bytes = serde_json::to_vec(&saved).expect("a registration serializes");
        let _ = crate::cache::replace_locked_file(path, &bytes);
    }
    Ok(registration)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SavedRegistration {
    client_id: String,
    client_secret: Secret,
    expires_at: i64,
}

fn registration_path(session: &Session, code_grant: bool, cache: &Cache) -> std::path::PathBuf {
    let grant = if code_grant { "code" } else { "device" };
    let key = crate::link::hash(&[
        "sso-registration",
        &session.start_url,
        &session.region,
        &session.scopes.join(","),
        session.oidc_endpoint.as_deref().unwrap_or(""),
        grant,
    ]);
    cache.side_file(&format!("sso-client-{key}.registration"))
}

fn session_scopes(session: &Session) -> Vec<String> {
    match session.scopes.is_empty() {
        true => vec![oidc::DEFAULT_SCOPE.to_string()],
        false => session.scopes.clone(),
    }
}

/// Accept connections until the redirect arrives; answer the browser.
fn wait_for_callback(listener: &TcpListener, state: &str) -> Result<Secret, CallFailure> {
    let deadline = Instant::now() + CALLBACK_TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(outcome) = callback(stream, state) {
                    return outcome;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(failure(
                        FailureKind::Permanent,
                        "SignInTimedOut",
                        format!(
                            "no answer from the browser within {}; run the login again, or use --use-device-code",
                            crate::duration::format(CALLBACK_TIMEOUT)
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => {
                return Err(failure(
                    FailureKind::Transient,
                    "LoopbackFailed",
                    e.to_string(),
                ));
            }
        }
    }
}

/// One request to the loopback listener: `None` when it is not the
/// redirect (a favicon), else the code or why the sign-in failed. Its
/// `state` is checked before anything else in it is looked at: any page
/// the browser visits can send it here, and only the authorization
/// server knows the state.
fn callback(mut stream: TcpStream, state: &str) -> Option<Result<Secret, CallFailure>> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = vec![0u8; 8192];
    let mut len = 0;
    while len < buf.len() {
        match stream.read(&mut buf[len..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => len += n,
        }
        if buf[..len].windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    let request = String::from_utf8_lossy(&buf[..len]);
    let target = request.split_whitespace().nth(1).unwrap_or("");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != REDIRECT_PATH {
        respond(&mut stream, "404 Not Found", "Not found.");
        return None;
    }
    let param = |key: &str| {
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == key).then(|| decode(v))
        })
    };
    let outcome = match (param("state"), param("code"), param("error")) {
        (got, _, _) if got.as_deref() != Some(state) => Err(failure(
            FailureKind::Permanent,
            "StateMismatch",
            "the browser's redirect carried another sign-in's state, so it was refused (a stale or forged redirect); run the login again".into(),
        )),
        (_, _, Some(error)) => Err(failure(
            FailureKind::Permanent,
            "SignInRefused",
            format!(
                "the sign-in was refused: {} {}",
                printable(&error),
                printable(&param("error_description").unwrap_or_default())
            ),
        )),
        (_, Some(code), None) => Ok(Secret::new(code)),
        _ => Err(failure(
            FailureKind::Permanent,
            "SignInRefused",
            "the browser's redirect carried no code".into(),
        )),
    };
    match &outcome {
        Ok(_) => respond(
            &mut stream,
            "200 OK",
            "Signed in. You can close this window and return to the terminal.",
        ),
        Err(f) => respond(&mut stream, "400 Bad Request", &f.message),
    }
    Some(outcome)
}

/// Answer the browser with `text`, HTML-escaped (it may echo what the
/// redirect carried).
fn respond(stream: &mut TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><title>credbroker</title><p>{}</p>\n",
        html_escape(text)
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the authorization server said, fit for a terminal: control
/// characters (escape sequences) dropped, and at most a few lines' worth.
fn printable(text: &str) -> String {
    const MAX: usize = 300;
    let kept: String = text.chars().filter(|c| !c.is_control()).collect();
    match kept.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &kept[..cut]),
        None => kept,
    }
}

fn failure(kind: FailureKind, code: &str, message: String) -> CallFailure {
    CallFailure {
        kind,
        code: code.into(),
        message,
    }
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .expect("/dev/urandom is readable");
    buf
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Base64url without padding (RFC 7636 for verifier and challenge).
fn base64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_encodings() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            base64url(&Sha256::digest(verifier.as_bytes())),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(&random_bytes(64)).len(), 86);
        assert_eq!(
            encode("http://127.0.0.1:8/a b"),
            "http%3A%2F%2F127.0.0.1%3A8%2Fa%20b"
        );
        assert_eq!(decode("a%2Fb+c%zz%4"), "a/b c%zz%4");
    }

    #[test]
    fn what_the_redirect_carried_is_escaped_for_the_page_and_the_terminal() {
        assert_eq!(
            html_escape(r#"<script>a="1" & 'b'</script>"#),
            "&lt;script&gt;a=&quot;1&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(printable("red\u{1b}[31m\r\nline"), "red[31mline");
        assert_eq!(printable(&"x".repeat(400)).chars().count(), 301);
    }
}
