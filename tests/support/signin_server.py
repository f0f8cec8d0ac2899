#!/usr/bin/env python3
"""A fake AWS Sign-In for credbroker's end-to-end tests of `login_session`
profiles: ``POST /v1/token`` (CreateOAuth2Token, the refresh of an
`aws login` session) in the service's REST-JSON wire format, with the DPoP
proof checked (an ES256 JWT whose key must be the session's own). Refresh
tokens work once, as the real ones do: a spent one is refused with
``AccessDeniedException`` (``error: TOKEN_EXPIRED``).

Usage: python tests/support/signin_server.py
Prints ``LISTENING <port>`` once bound, serves on 127.0.0.1, exits when its
stdin closes. Point AWS_ENDPOINT_URL_SIGNIN at ``http://127.0.0.1:<port>/ns/<ns>``.

Control (GET, JSON answers), per namespace:
    /ctl/<ns>/login?expires_in=S[&account=A]
                        sign in as `aws login` does: a new session (a P-256
                        DPoP key, a refresh token) whose credentials expire
                        in S seconds (negative: expired); answers the token
                        file's JSON, which the test writes
    /ctl/<ns>/spend     refresh as another client would (spending the
                        current refresh token); answers the new token file
    /ctl/<ns>/counts    {"refresh": calls, "refreshed": answered with a
                        token, "refused": refused}
    /ctl/<ns>/hold?count=N          hold the next N refresh calls
    /ctl/<ns>/wait_held?n=K         wait until K calls are held
    /ctl/<ns>/release               release them (and stop holding)
"""

import base64
import datetime
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

CLIENT_ID = "arn:aws:signin:::devtools/same-device"
LOCK = threading.Lock()
NAMESPACES = {}


class Namespace:
    def __init__(self):
        self.counts = {"refresh": 0, "refreshed": 0, "refused": 0}
        self.token = None  # the token file as the last writer made it
        self.key = None
        self.refresh_token = None  # the one that works now
        self.hold = 0
        self.held = 0
        self.released = threading.Event()


def ns(name):
    with LOCK:
        return NAMESPACES.setdefault(name, Namespace())


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def rfc3339(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def new_credentials(space, expires_in):
    space.refresh_token = "rt-" + secrets.token_urlsafe(24)
    return {
        "accessKeyId": "ASIA" + secrets.token_hex(8).upper(),
        "secretAccessKey": secrets.token_urlsafe(30),
        "sessionToken": "st-" + secrets.token_urlsafe(40),
    }, space.refresh_token


def login(space, q):
    space.key = ec.generate_private_key(ec.SECP256R1())
    pem = space.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    creds, refresh = new_credentials(space, 0)
    creds["accountId"] = q.get("account", "123456789012")
    creds["expiresAt"] = rfc3339(now() + datetime.timedelta(seconds=int(q.get("expires_in", -60))))
    space.token = {
        "accessToken": creds,
        "tokenType": "aws_sigv4",
        "refreshToken": refresh,
        "idToken": "id-" + secrets.token_urlsafe(20),
        "clientId": CLIENT_ID,
        "dpopKey": pem,
    }
    return space.token


def refreshed(space, expires_in=900):
    """The answer to a refresh with the current refresh token."""
    creds, refresh = new_credentials(space, expires_in)
    return {"accessToken": creds, "tokenType": "aws_sigv4", "expiresIn": expires_in,
            "refreshToken": refresh}


def spend(space):
    """Another client (botocore) refreshes and rewrites the file."""
    out = refreshed(space)
    token = json.loads(json.dumps(space.token))
    token["accessToken"] = dict(out["accessToken"], accountId=token["accessToken"]["accountId"],
                                expiresAt=rfc3339(now() + datetime.timedelta(seconds=900)))
    token["refreshToken"] = out["refreshToken"]
    space.token = token
    return token


class ApiError(Exception):
    def __init__(self, status, code, oauth, message):
        super().__init__(message)
        self.status, self.code, self.oauth, self.message = status, code, oauth, message


def check_dpop(space, proof, url):
    try:
        header_b64, payload_b64, sig_b64 = proof.split(".")
        header = json.loads(b64url_decode(header_b64))
        payload = json.loads(b64url_decode(payload_b64))
        sig = b64url_decode(sig_b64)
    except Exception:
        raise ApiError(400, "ValidationException", None, "malformed DPoP proof")
    if header.get("typ") != "dpop+jwt" or header.get("alg") != "ES256":
        raise ApiError(400, "ValidationException", None, "DPoP header is not dpop+jwt/ES256")
    numbers = space.key.public_key().public_numbers()
    jwk = header.get("jwk", {})
    if (jwk.get("kty"), jwk.get("crv")) != ("EC", "P-256") or \
            b64url_decode(jwk.get("x", "")) != numbers.x.to_bytes(32, "big") or \
            b64url_decode(jwk.get("y", "")) != numbers.y.to_bytes(32, "big"):
        raise ApiError(400, "ValidationException", None, "DPoP key is not the session's")
    if payload.get("htm") != "POST" or not str(payload.get("htu", "")).endswith("/v1/token") \
            or not payload.get("jti") or not isinstance(payload.get("iat"), int):
        raise ApiError(400, "ValidationException", None, "DPoP claims are wrong")
    if len(sig) != 64:
        raise ApiError(400, "ValidationException", None, "DPoP signature is not r||s")
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    try:
        space.key.public_key().verify(der, f"{header_b64}.{payload_b64}".encode(),
                                      ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise ApiError(400, "ValidationException", None, "DPoP signature does not verify")


def create_token(space, headers, body, url):
    with LOCK:
        space.counts["refresh"] += 1
        hold = space.hold > 0
        if hold:
            space.hold -= 1
            space.held += 1
    if hold:
        space.released.wait(60)
    if space.key is None:
        raise ApiError(400, "ValidationException", None, "no session signed in")
    check_dpop(space, headers.get("DPoP", ""), url)
    if body.get("clientId") != CLIENT_ID or body.get("grantType") != "refresh_token":
        raise ApiError(400, "ValidationException", None, "wrong clientId or grantType")
    with LOCK:
        if body.get("refreshToken") != space.refresh_token:
            space.counts["refused"] += 1
            raise ApiError(401, "AccessDeniedException", "TOKEN_EXPIRED",
                           "the refresh token was already used")
        space.counts["refreshed"] += 1
        return refreshed(space)


def control(name, op, q):
    space = ns(name)
    if op == "login":
        return login(space, q)
    if op == "spend":
        with LOCK:
            return spend(space)
    if op == "counts":
        return space.counts
    if op == "hold":
        space.released.clear()
        space.hold = int(q.get("count", 1))
        return {}
    if op == "wait_held":
        deadline = now() + datetime.timedelta(seconds=float(q.get("timeout", 60)))
        while space.held < int(q.get("n", 1)) and now() < deadline:
            threading.Event().wait(0.01)
        return {"held": space.held}
    if op == "release":
        space.hold = 0
        space.released.set()
        return {}
    raise ApiError(404, "NotFound", None, f"unknown control {op}")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def route(self, method):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            if method == "GET" and parts[0] == "ctl" and len(parts) == 3:
                return self.send(200, control(parts[1], parts[2], query))
            if method == "POST" and parts[0] == "ns" and parts[2:] == ["v1", "token"]:
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                host = self.headers.get("Host", "")
                return self.send(200, create_token(ns(parts[1]), self.headers, body,
                                                   f"http://{host}{url.path}"))
            self.send(404, {"message": "unknown path"})
        except ApiError as e:
            body = {"message": e.message}
            if e.oauth:
                body["error"] = e.oauth
            self.send(e.status, body, [("x-amzn-ErrorType", e.code)])

    def do_GET(self):
        self.guarded("GET")

    def do_POST(self):
        self.guarded("POST")

    def guarded(self, method):
        try:
            self.route(method)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdout.write(f"LISTENING {server.server_address[1]}\n")
    sys.stdout.flush()
    sys.stdin.read()


if __name__ == "__main__":
    main()
