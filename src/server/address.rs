//! Where the server listens, and the URL of each profile it serves.
//!
//! Loopback unless asked otherwise: any other address (a docker network's
//! gateway, every interface) needs `--allow-non-loopback` and is said on
//! stderr, because whoever can reach it and holds the token gets the
//! credentials. A profile's path is `/profiles/NAME`, the name
//! percent-encoded, so that any profile name (`team/prod`) is one segment.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::error::Error;

/// Loopback, on a port the system picks.
pub const DEFAULT: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);

/// Where a profile's path starts.
const PREFIX: &str = "/profiles/";

/// Everything but RFC 3986's unreserved characters is encoded in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether the server may listen on `addr`: `Ok(None)` for loopback;
/// for another address with `allowed` (`--allow-non-loopback`), the
/// warning to print; without it, the refusal.
pub fn check(addr: SocketAddr, allowed: bool) -> Result<Option<String>, Error> {
    let ip = addr.ip();
    if ip.is_loopback() {
        return Ok(None);
    }
    if !allowed {
        return Err(Error::NotLoopback {
            addr: addr.to_string(),
        });
    }
    let reach = match ip.is_unspecified() {
        true => "every interface of this machine, so anyone who can reach any of them",
        false => "an address other than loopback, so anyone who can reach it",
    };
    Ok(Some(format!(
        "listening on {addr}: {reach} and holds the token gets the credentials served"
    )))
}

/// The URL of `profile` on a server bound to `bound`. A server on the
/// unspecified address is named by loopback: that is what reaches it from
/// this machine (a container names this machine's address instead).
pub fn url(bound: SocketAddr, profile: &str) -> String {
    let host = match bound.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), bound.port())
        }
        ip if ip.is_unspecified() => {
            SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), bound.port())
        }
        _ => bound,
    };
    format!("http://{host}{}", path(profile))
}

/// `/profiles/NAME`, the name percent-encoded.
pub fn path(profile: &str) -> String {
    format!("{PREFIX}{}", utf8_percent_encode(profile, SEGMENT))
}

/// The profile a request's path names, if it names one.
pub fn profile_of(path: &str) -> Option<String> {
    let name = path.strip_prefix(PREFIX)?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    percent_decode_str(name)
        .decode_utf8()
        .ok()
        .map(|n| n.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_allowed_anything_else_only_when_asked() {
        let addr = |s: &str| s.parse::<SocketAddr>().unwrap();
        for ok in ["127.0.0.1:0", "127.0.0.2:9911", "[::1]:80"] {
            assert!(matches!(check(addr(ok), false), Ok(None)), "{ok}");
        }
        for other in [
            "0.0.0.0:9911",
            "[::]:9911",
            "169.254.170.2:9911",
            "172.17.0.1:80",
        ] {
            let refused = check(addr(other), false).unwrap_err();
            assert!(matches!(refused, Error::NotLoopback { .. }), "{other}");
            assert_eq!(refused.exit_code(), crate::error::ExitCode::Usage);
            let warning = check(addr(other), true).unwrap().expect("a warning");
            assert!(warning.contains(other), "{warning}");
        }
        let every = check(addr("0.0.0.0:1"), true).unwrap().unwrap();
        assert!(every.contains("every interface"), "{every}");
    }

    #[test]
    fn every_profile_name_is_one_segment_that_comes_back() {
        for name in [
            "prod",
            "team/prod",
            "a b",
            "x%2Fy",
            "base+arn:aws:iam::1:role/r",
            "ünï",
        ] {
            let url = url("127.0.0.1:9911".parse().unwrap(), name);
            let path = url.strip_prefix("http://127.0.0.1:9911").unwrap();
            assert_eq!(path.matches('/').count(), 2, "{path}");
            assert_eq!(profile_of(path).as_deref(), Some(name), "{path}");
        }
        assert_eq!(
            url("127.0.0.1:1".parse().unwrap(), "prod"),
            "http://127.0.0.1:1/profiles/prod"
        );
        assert_eq!(
            url("[::]:1".parse().unwrap(), "p"),
            "http://[::1]:1/profiles/p"
        );
        assert_eq!(
            url("0.0.0.0:1".parse().unwrap(), "p"),
            "http://127.0.0.1:1/profiles/p"
        );
        for bad in [
            "/",
            "/profiles/",
            "/profiles",
            "/profiles/a/b",
            "/other/prod",
            "/profiles/%FF",
        ] {
            assert_eq!(profile_of(bad), None, "{bad}");
        }
    }
}
