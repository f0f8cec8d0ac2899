//! The local credential server: what the AWS SDKs' container credential
//! provider asks (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the token of
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN`), answered over HTTP/1.1 for the
//! profiles it serves, one path each ([`address`]).
//!
//! This module owns the wire: the listener, routing, the token check
//! ([`token`]), the answers and their status codes (`reply`). What it
//! serves comes from a [`Source`]: the commands give it the broker, as
//! every consumer gets credentials, so that a request takes the cache
//! protocol's one way (and, within the server, the broker's single-flight).
//!
//! Invariants:
//! - the token is checked first, in constant time: a request without it
//!   learns nothing (no credentials, no profile names, not whether a path
//!   exists);
//! - credentials go only into an answer to the token's holder; stderr
//!   carries neither them nor the token: a request is logged only when it
//!   fails, by method, path and status, with the error's own words, which
//!   hold no secret;
//! - nothing here blocks a runtime worker; connections are bounded in
//!   number ([`MAX_CONNECTIONS`]) and in how long a request's head may take
//!   ([`HEAD_TIMEOUT`]), and finished ones are reaped, so that memory does
//!   not grow with the requests served.

pub mod address;
mod reply;
pub mod token;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::AUTHORIZATION;
use hyper::{Method, Request, StatusCode};
use tokio::task::JoinSet;

use crate::credentials::Credentials;
use crate::error::{Error, ExitCode};
use reply::Reply;
use token::Token;

/// Connections open at once; the next waits to be accepted.
pub const MAX_CONNECTIONS: usize = 1024;
/// How long a client may take to send a request's head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long requests in flight may finish after the server is told to stop.
const DRAIN: Duration = Duration::from_secs(5);

/// Where the credentials come from.
pub trait Source: Send + Sync + 'static {
    /// The credentials of `profile`, one of those the server serves.
    fn answer(&self, profile: &str) -> impl Future<Output = anyhow::Result<Answer>> + Send;
}

/// Credentials the container credential protocol can carry, and the role
/// they are for, if known.
pub struct Answer {
    credentials: Credentials,
    role_arn: Option<String>,
}

impl Answer {
    /// `credentials`, resolved for `profile`, as an answer: they must have
    /// a session token and an expiration, which every SDK requires here.
    pub fn new(
        profile: &str,
        credentials: Credentials,
        role_arn: Option<String>,
    ) -> Result<Answer, Error> {
        if credentials.session_token.is_none() || credentials.expiration.is_none() {
            return Err(Error::LongTermKeys {
                profile: profile.to_string(),
            });
        }
        Ok(Answer {
            credentials,
            role_arn,
        })
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

/// A server bound to its address, not serving yet.
pub struct Server<S> {
    listener: std::net::TcpListener,
    state: Arc<State<S>>,
}

struct State<S> {
    token: Token,
    profiles: Vec<String>,
    source: S,
}

impl<S: Source> Server<S> {
    /// Listen on `addr` (see [`address::check`]) for `profiles`, answering
    /// from `source` to whoever sends `token`.
    pub fn bind(
        addr: SocketAddr,
        token: Token,
        profiles: Vec<String>,
        source: S,
    ) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        Ok(Server {
            listener,
            state: Arc::new(State {
                token,
                profiles,
                source,
            }),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn token(&self) -> &Token {
        &self.state.token
    }

    /// Serve until `shutdown` resolves; then accept nothing more, and give
    /// the requests in flight a few seconds to finish.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let mut connections = JoinSet::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let slot = tokio::select! {
                () = &mut shutdown => break,
                slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            };
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        let state = self.state.clone();
                        let stopping = stopping.clone();
                        connections.spawn(async move {
                            connection(stream, state, stopping).await;
                            drop(slot);
                        });
                    }
                    // Out of file descriptors, a connection reset before
                    // it was accepted: try again shortly.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        drop(listener);
        let _ = stop.send(true);
        let drained = async { while connections.join_next().await.is_some() {} };
        let _ = tokio::time::timeout(DRAIN, drained).await;
        Ok(())
    }
}

/// One connection: HTTP/1.1, kept alive, until the client closes it or
/// the server stops (after the request in flight, if any).
async fn connection<S: Source>(
    stream: tokio::net::TcpStream,
    state: Arc<State<S>>,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |request| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(handle(&state, request).await.into_response()) }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = stopping.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// The reply to one request; a failed one is said on stderr.
async fn handle<S: Source>(state: &State<S>, request: Request<Incoming>) -> Reply {
    let method = request.method().clone();
    // Whatever a client sent as its path, a log line stays a line.
    let path: String = request.uri().path().chars().take(200).collect();
    let (reply, why) = route(state, &request).await;
    if reply.status != StatusCode::OK {
        let why = why
            .map(|w| format!("\n{}", w.trim_end()))
            .unwrap_or_default();
        crate::report::line(&format!(
            "credbroker server: {method} {path}: {}{why}",
            reply.status
        ));
    }
    reply
}

/// The reply, and for a failure, what the server's stderr says of it.
async fn route<S: Source>(
    state: &State<S>,
    request: &Request<Incoming>,
) -> (Reply, Option<String>) {
    let refused = |status, code, message: &str| (Reply::error(status, code, message), None);
    let Some(given) = request.headers().get(AUTHORIZATION) else {
        return refused(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "no Authorization header: send the server's token (AWS_CONTAINER_AUTHORIZATION_TOKEN)",
        );
    };
    if !state.token.matches(given.as_bytes()) {
        return refused(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "the Authorization header does not hold this server's token",
        );
    }
    if request.method() != Method::GET {
        return refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "only GET is served",
        );
    }
    let path = request.uri().path();
    let Some(profile) = address::profile_of(path).filter(|p| state.profiles.contains(p)) else {
        let served: Vec<String> = state.profiles.iter().map(|p| address::path(p)).collect();
        return refused(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!(
                "nothing is served at {path}; this server serves {}",
                served.join(", ")
            ),
        );
    };
    match state.source.answer(&profile).await {
        Ok(answer) => (Reply::credentials(&answer), None),
        Err(e) => failed(&profile, &e),
    }
}

/// A request that could not be served: 503 for what may pass by itself
/// (STS unavailable, a lock held too long), 500 otherwise; the code is
/// the error's kind as `batch` names it.
fn failed(profile: &str, e: &anyhow::Error) -> (Reply, Option<String>) {
    let kind = crate::report::exit_code(e);
    let status = match kind {
        ExitCode::StsUnavailable | ExitCode::LockTimeout => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let typed = e.chain().find_map(|c| c.downcast_ref::<Error>());
    let hint = match typed {
        Some(t) if t.needs_a_person() => Some(format!(
            "a credential server never asks on the terminal: run `credbroker exec {profile} -- true` \
             in a terminal, which asks there, and the next request is served from what it cached"
        )),
        _ => crate::report::hint(e),
    };
    let message = match &hint {
        Some(hint) => format!("{e:#}; hint: {hint}"),
        None => format!("{e:#}"),
    };
    let log = crate::report::render_with_hint(e, hint.as_deref());
    (Reply::error(status, kind.kind(), &message), Some(log))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::StsError;

    fn sts(code: &str) -> Box<StsError> {
        Box::new(StsError {
            profile: "prod".into(),
            role_arn: None,
            action: "AssumeRole",
            code: code.into(),
            message: "m".into(),
            retry_after: None,
        })
    }

    /// What may pass by itself is a 503, anything else a 500; what needs a
    /// person says what to run instead of the flags a command would take.
    #[test]
    fn failures_are_500_or_503_and_say_what_to_do() {
        let cases: Vec<(Error, StatusCode, &str, &str)> = vec![
            (
                Error::StsUnavailable(sts("Throttling")),
                StatusCode::SERVICE_UNAVAILABLE,
                "sts_unavailable",
                "",
            ),
            (
                Error::StsRefused(sts("AccessDenied")),
                StatusCode::INTERNAL_SERVER_ERROR,
                "sts_refused",
                "trust policy",
            ),
            (
                Error::NoMfaCode {
                    profile: "base".into(),
                    serial: "s".into(),
                    message: "no code".into(),
                },
                StatusCode::INTERNAL_SERVER_ERROR,
                "config",
                "run `credbroker exec prod -- true` in a terminal",
            ),
            (
                Error::StsRefused(sts(crate::error::LOGIN_REQUIRED)),
                StatusCode::INTERNAL_SERVER_ERROR,
                "sts_refused",
                "credbroker exec prod -- true",
            ),
        ];
        for (error, status, code, hint) in cases {
            let (reply, log) = failed("prod", &anyhow::Error::new(error));
            assert_eq!(reply.status, status, "{code}");
            let response = reply.into_response();
            assert_eq!(response.status(), status);
            let log = log.expect("a failure is logged");
            assert!(log.starts_with("error: "), "{log}");
            assert!(log.contains(hint), "{code}: {log}");
            assert!(!log.contains("--mfa-token"), "{log}");
        }
    }
}
