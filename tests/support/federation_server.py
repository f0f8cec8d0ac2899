#!/usr/bin/env python3
"""A fake AWS sign-in federation endpoint for credbroker's console tests,
speaking the wire format AWS documents ("Enable custom identity broker
access to the AWS console") and aws-vault and granted use
(selftest_federation_server.py checks it against their requests):

    GET <base>/federation?Action=getSigninToken&Session=<JSON>[&SessionDuration=N]
        Session is the URL-encoded JSON object {"sessionId", "sessionKey",
        "sessionToken"} (exactly those, non-empty strings); SessionDuration,
        when given, 900 to 43200. Answers 200 application/json
        {"SigninToken": "..."}, a token valid for 15 minutes; a malformed
        request is a 400 text/html page, as the real endpoint's errors are.
    GET <base>/federation?Action=login&Issuer=I&Destination=D&SigninToken=T
        302 to D when T was issued here less than 15 minutes ago, else 400.

Tokens are standard base64 holding `+`, `/` and `=`, so a client that
does not URL-encode them fails here.

Usage: python tests/support/federation_server.py
Prints ``LISTENING <port>`` once bound, serves on 127.0.0.1, exits when its
stdin closes. Requests live under a namespace: point AWS_ENDPOINT_URL_SIGNIN
at ``http://127.0.0.1:<port>/ns/<ns>``.

Control (GET, JSON answers), per namespace:
    /ctl/<ns>/counts     calls by action
    /ctl/<ns>/calls      every call, oldest first: the parameter names in
                         order, and for getSigninToken `session_id`,
                         `session_duration`, the SHA-256 of sessionKey and
                         sessionToken (never a secret itself), `ok`; for
                         login `issuer`, `destination`, `token_ok`
    /ctl/<ns>/tokens     the sign-in tokens issued (for tests that check
                         they were printed nowhere else)
    /ctl/<ns>/fault?status=N[&content_type=T][&body=B][&count=-1][&delay_ms=D]
                         answer the next `count` getSigninToken calls (-1:
                         all) with status N, content type T and body B
                         instead (status 200 with a body that is not a token
                         is a mangled answer)
    /ctl/<ns>/clear      no more faults
"""

import base64
import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

TOKEN_SECONDS = 15 * 60
SESSION_KEYS = ("sessionId", "sessionKey", "sessionToken")


class Namespace:
    def __init__(self):
        self.counts = {}
        self.calls = []
        self.tokens = {}  # token -> issued at
        self.fault = None


LOCK = threading.Lock()
NAMESPACES = {}


def ns(name):
    if name not in NAMESPACES:
        NAMESPACES[name] = Namespace()
    return NAMESPACES[name]


def new_token():
    """Standard base64 holding `+`, `/` and `=` (95 bytes end in one `=`),
    so that a client that does not URL-encode a token fails."""
    while True:
        token = base64.b64encode(secrets.token_bytes(95)).decode()
        if "+" in token and "/" in token:
            return token


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


class BadRequest(Exception):
    pass


# What RFC 3986 lets a query hold unencoded; JSON's braces and quotes,
# spaces and the like must come percent-encoded.
QUERY_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                  "-._~%!$&'()*+,;=:@/?")


def parse(query, allowed):
    """The query's parameters, strictly: encoded, each once, all known."""
    if not set(query) <= QUERY_CHARS:
        raise BadRequest("the query holds characters that must be percent-encoded")
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError as e:
        raise BadRequest(f"malformed query: {e}")
    names = [k for k, _ in pairs]
    if len(set(names)) != len(names):
        raise BadRequest("a parameter is given twice")
    unknown = [k for k in names if k not in allowed]
    if unknown:
        raise BadRequest(f"unknown parameters {unknown}")
    return dict(pairs), names


def session_of(params):
    try:
        session = json.loads(params.get("Session", ""))
    except ValueError:
        raise BadRequest("Session is not JSON")
    if not isinstance(session, dict) or sorted(session) != sorted(SESSION_KEYS):
        raise BadRequest(f"Session must hold exactly {SESSION_KEYS}")
    if not all(isinstance(session[k], str) and session[k] for k in SESSION_KEYS):
        raise BadRequest("Session's values must be non-empty strings")
    duration = params.get("SessionDuration")
    if duration is not None:
        if not duration.isdigit() or not 900 <= int(duration) <= 43200:
            raise BadRequest("SessionDuration must be 900 to 43200")
        duration = int(duration)
    return session, duration


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass  # requests hold secrets and tokens: never logged

    def send(self, status, content_type, body, headers=()):
        body = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def bad_request(self, why):
        page = f"<html><head><title>Bad Request</title></head><body>{why}</body></html>"
        self.send(400, "text/html;charset=UTF-8", page)

    def do_GET(self):
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if parts[0] == "ctl" and len(parts) == 3:
            query = dict(parse_qsl(url.query))
            return self.send(200, "application/json", json.dumps(control(parts[1], parts[2], query)))
        if len(parts) == 3 and parts[0] == "ns" and parts[2] == "federation":
            return self.federation(parts[1], url.query)
        self.send(404, "text/html", "<html>Not Found</html>")

    def federation(self, name, query):
        action = dict(parse_qsl(query, keep_blank_values=True)).get("Action")
        with LOCK:
            space = ns(name)
            space.counts[action] = space.counts.get(action, 0) + 1
        if action == "getSigninToken":
            return self.get_signin_token(name, query)
        if action == "login":
            return self.login(name, query)
        self.bad_request("unknown Action")

    def get_signin_token(self, name, query):
        call = {"action": "getSigninToken", "ok": False}
        try:
            params, call["params"] = parse(query, {"Action", "Session", "SessionDuration"})
            session, call["session_duration"] = session_of(params)
            call["session_id"] = session["sessionId"]
            call["session_key_sha256"] = sha256(session["sessionKey"])
            call["session_token_sha256"] = sha256(session["sessionToken"])
        except BadRequest as e:
            call["error"] = str(e)
            with LOCK:
                ns(name).calls.append(call)
            return self.bad_request(e)
        with LOCK:
            space = ns(name)
            space.calls.append(call)
            fault = space.fault
            if fault and fault["remaining"] != 0:
                if fault["remaining"] > 0:
                    fault["remaining"] -= 1
            else:
                fault = None
        if fault:
            time.sleep(fault["delay_ms"] / 1000)
            call["error"] = f"fault {fault['status']}"
            return self.send(fault["status"], fault["content_type"], fault["body"])
        token = new_token()
        with LOCK:
            ns(name).tokens[token] = time.time()
        call["ok"] = True
        self.send(200, "application/json", json.dumps({"SigninToken": token}))

    def login(self, name, query):
        call = {"action": "login", "token_ok": False}
        try:
            params, call["params"] = parse(
                query, {"Action", "Issuer", "Destination", "SigninToken"})
            call["issuer"] = params.get("Issuer")
            call["destination"] = params.get("Destination")
            with LOCK:
                issued = ns(name).tokens.get(params.get("SigninToken", ""))
            call["token_ok"] = issued is not None and time.time() - issued < TOKEN_SECONDS
            if not call["destination"]:
                raise BadRequest("no Destination")
            if not call["token_ok"]:
                raise BadRequest("the sign-in token is unknown or expired")
        except BadRequest as e:
            call["error"] = str(e)
            with LOCK:
                ns(name).calls.append(call)
            return self.bad_request(e)
        with LOCK:
            ns(name).calls.append(call)
        self.send(302, "text/html", "", [("Location", call["destination"])])


def control(name, op, q):
    with LOCK:
        space = ns(name)
        if op == "counts":
            return space.counts
        if op == "calls":
            return space.calls
        if op == "tokens":
            return sorted(space.tokens)
        if op == "fault":
            status = int(q.get("status", 500))
            space.fault = {
                "status": status,
                "content_type": q.get("content_type", "text/html"),
                "body": q.get("body", f"<html><body>{status}</body></html>"),
                "remaining": int(q.get("count", -1)),
                "delay_ms": int(q.get("delay_ms", 0)),
            }
            return {}
        if op == "clear":
            space.fault = None
            return {}
    return {"error": f"unknown control {op}"}


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that went away (credbroker exits with an idle pooled
        # connection, a test kills it) is nobody's error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdout.write(f"LISTENING {server.server_address[1]}\n")
    sys.stdout.flush()
    sys.stdin.read()


if __name__ == "__main__":
    main()
