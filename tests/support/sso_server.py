#!/usr/bin/env python3
"""A fake IAM Identity Center for credbroker's end-to-end tests: the SSO
portal (GetRoleCredentials, ListAccounts, ListAccountRoles, paged) and SSO OIDC (RegisterClient,
StartDeviceAuthorization, CreateToken, and the /authorize page of the
authorization code grant), speaking the services' REST-JSON wire format.

Usage: python tests/support/sso_server.py
Prints ``LISTENING <port>`` once bound, serves on 127.0.0.1, exits when its
stdin closes.

Service requests live under a namespace: ``/ns/<ns>/federation/credentials``,
``/ns/<ns>/client/register``, ``/ns/<ns>/device_authorization``,
``/ns/<ns>/token``, ``/ns/<ns>/authorize``, ``/ns/<ns>/assignment/accounts``,
``/ns/<ns>/assignment/roles``. Point AWS_ENDPOINT_URL_SSO and
AWS_ENDPOINT_URL_SSO_OIDC at ``http://127.0.0.1:<port>/ns/<ns>``.

Control (GET, JSON answers), per namespace:
    /ctl/<ns>/counts                  calls by action; CreateToken also by grant
                                      type as ``CreateToken:<grant>``
    /ctl/<ns>/token?access=A[&refresh=R&client_id=C&client_secret=S]
                                      accept access token A (and refresh token R
                                      for client C/S) as if issued here
    /ctl/<ns>/hold?action=A[&count=N] hold the next N calls of A (-1: all)
    /ctl/<ns>/wait_held?action=A[&n=K][&timeout=S]
    /ctl/<ns>/release[?action=A]      release held calls (and stop holding)
    /ctl/<ns>/fault?action=A&code=C[&status=400][&count=-1][&delay_ms=D][&every=N]
                                      answer calls of A with error C; with
                                      every=N only each N-th call of A (the
                                      N-th, 2N-th, ...) is faulted
    /ctl/<ns>/accounts?count=N[&roles=R1,R2][&first=K][&names=T][&page=P]
                                      the accounts the portal lists: N accounts
                                      numbered K.. (ids 1000000000NN), named by
                                      template T (``{i}`` is the number; default
                                      ``acct-{i:04d}``), each with the roles
                                      R1, R2 (default Role1,Role2); pages hold
                                      at most P items (default 20)
    /ctl/<ns>/throttle?every=N[&actions=A,B]
                                      answer each N-th portal call among the
                                      actions A, B (default ListAccounts,
                                      ListAccountRoles) with HTTP 429; a
                                      request's next attempt after a 429 is
                                      served (no run of bad luck in tests)
                                      TooManyRequestsException; every=0 stops
    /ctl/<ns>/device?approve_after=N[&slow_down_at=K]
                                      device codes are approved at the N-th poll;
                                      the K-th poll answers SlowDownException
    /ctl/<ns>/authorize?[state=S][&error=E&error_description=D]
                                      /authorize redirects with state S instead
                                      of the one it was given; with error=E, it
                                      redirects with an OAuth error (and the
                                      state) instead of a code

Refresh tokens are rotated as IAM Identity Center rotates them: each one
works once, and the refresh_token grant answers a new one beside the new
access token (``invalid_grant`` for a spent one).
"""

import base64
import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

HOLD_MAX_SECONDS = 120.0
TOKEN_SECONDS = 8 * 3600
ROLE_SECONDS = 3600


class Namespace:
    def __init__(self):
        self.counts = {}
        self.access = set()
        self.refresh = {}  # refresh token -> client id
        self.clients = {}  # client id -> secret
        self.hold_rules = {}
        self.held = {}  # action -> [Event]
        self.faults = {}  # action -> dict
        self.devices = {}  # device code -> polls so far
        self.approve_after = 1
        self.slow_down_at = None
        self.codes = {}  # code -> (client id, challenge, redirect uri)
        self.state_override = None
        self.error_redirect = None  # (error, description) for /authorize
        self.accounts = []  # [{accountId, accountName, emailAddress, roles}]
        self.page = 20
        self.throttle_every = 0
        self.throttle_actions = {"ListAccounts", "ListAccountRoles"}
        self.throttle_seen = 0
        # Requests just throttled: their next attempt is served, so that a
        # client's retries never meet a run of bad luck (each request is
        # throttled at most once in a row; the rate stays about 1/N).
        self.throttled_requests = set()

    def count(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1


COND = threading.Condition()
NAMESPACES = {}


def ns(name):
    if name not in NAMESPACES:
        NAMESPACES[name] = Namespace()
    return NAMESPACES[name]


class ApiError(Exception):
    def __init__(self, status, code, message, oauth=None):
        super().__init__(message)
        self.status, self.code, self.message, self.oauth = status, code, message, oauth


def new_token():
    return secrets.token_urlsafe(24)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    # -- plumbing ----------------------------------------------------------

    def send(self, status, obj=None, headers=()):
        body = b"" if obj is None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        return json.loads(raw) if raw else {}

    def route(self, method):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            if parts[0] == "ctl" and len(parts) == 3:
                return self.send(200, control(parts[1], parts[2], query))
            if parts[0] == "ns" and len(parts) >= 3:
                name, rest = parts[1], "/".join(parts[2:])
                action = ACTIONS.get((method, rest))
                if action is None:
                    return self.send(404, {"message": f"no route {method} {rest}"})
                return self.api(name, action, query)
            self.send(404, {"message": "unknown path"})
        except ApiError as e:
            self.send_error_json(e)
        except ValueError as e:
            self.send(400, {"message": str(e)})

    def do_GET(self):
        self.guarded("GET")

    def do_POST(self):
        self.guarded("POST")

    def guarded(self, method):
        try:
            self.route(method)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the caller is gone (a test killed it): nobody to answer

    def send_error_json(self, e):
        body = {"message": e.message}
        if e.oauth:
            body = {"error": e.oauth, "error_description": e.message}
        self.send(e.status, body, [("x-amzn-ErrorType", e.code)])

    # -- the services ------------------------------------------------------

    def api(self, name, action, query):
        body = self.body() if self.command == "POST" else {}
        grant = body.get("grantType") if action == "CreateToken" else None
        with COND:
            space = ns(name)
            space.count(action)
            if grant:
                space.count(f"{action}:{short_grant(grant)}")
            fault = space.faults.get(action)
            retried = self.path in space.throttled_requests
            space.throttled_requests.discard(self.path)
            if (fault is None and action in space.throttle_actions and space.throttle_every
                    and not retried):
                space.throttle_seen += 1
                if space.throttle_seen % space.throttle_every == 0:
                    space.throttled_requests.add(self.path)
                    space.count(f"{action}:throttled")
                    fault = {"status": 429, "code": "TooManyRequestsException",
                             "remaining": 1, "delay_ms": 0, "every": 1}
            if fault and fault["every"] > 1:
                fault["seen"] += 1
                if fault["seen"] % fault["every"] != 0:
                    fault = None
            if fault and fault["remaining"] != 0:
                if fault["remaining"] > 0:
                    fault["remaining"] -= 1
            else:
                fault = None
            event = None
            rule = space.hold_rules.get(action)
            if rule is not None and rule != 0:
                space.hold_rules[action] = rule - 1 if rule > 0 else rule
                event = threading.Event()
                space.held.setdefault(action, []).append(event)
                COND.notify_all()
        if event is not None:
            event.wait(HOLD_MAX_SECONDS)
        if fault:
            time.sleep(fault["delay_ms"] / 1000)
            raise ApiError(fault["status"], fault["code"], "injected")
        with COND:
            space = ns(name)
            if action == "GetRoleCredentials":
                return self.send(200, role_credentials(space, self.headers, query))
            if action == "ListAccounts":
                return self.send(200, list_accounts(space, self.headers, query))
            if action == "ListAccountRoles":
                return self.send(200, list_account_roles(space, self.headers, query))
            if action == "RegisterClient":
                return self.send(200, register(space, body))
            if action == "StartDeviceAuthorization":
                return self.send(200, device_authorization(space, body))
            if action == "CreateToken":
                return self.send(200, create_token(space, body))
            if action == "Authorize":
                location = authorize(space, query)
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()


ACTIONS = {
    ("GET", "federation/credentials"): "GetRoleCredentials",
    ("POST", "client/register"): "RegisterClient",
    ("POST", "device_authorization"): "StartDeviceAuthorization",
    ("POST", "token"): "CreateToken",
    ("GET", "authorize"): "Authorize",
    ("GET", "assignment/accounts"): "ListAccounts",
    ("GET", "assignment/roles"): "ListAccountRoles",
}


def short_grant(grant):
    return grant.rsplit(":", 1)[-1]


def role_credentials(space, headers, query):
    token = headers.get("x-amz-sso_bearer_token")
    if token not in space.access:
        raise ApiError(401, "UnauthorizedException", "Session token not found or invalid")
    if not query.get("role_name") or not query.get("account_id"):
        raise ApiError(400, "InvalidRequestException", "role_name and account_id are required")
    return {"roleCredentials": {
        "accessKeyId": "ASIA" + secrets.token_hex(8).upper(),
        "secretAccessKey": secrets.token_urlsafe(30),
        "sessionToken": secrets.token_urlsafe(60),
        "expiration": int((time.time() + ROLE_SECONDS) * 1000),
    }}


def check_bearer(space, headers):
    if headers.get("x-amz-sso_bearer_token") not in space.access:
        raise ApiError(401, "UnauthorizedException", "Session token not found or invalid")


def page_of(space, items, query, key):
    """One page of ``items`` under ``key``, as the portal pages: at most
    max_result (and the fake's page size), with an opaque nextToken."""
    size = space.page
    if query.get("max_result"):
        size = min(size, int(query["max_result"]))
        if size < 1:
            raise ApiError(400, "InvalidRequestException", "max_result must be at least 1")
    start = 0
    if query.get("next_token"):
        try:
            start = int(base64.urlsafe_b64decode(query["next_token"].encode()).decode()[2:])
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "InvalidRequestException", "bad next_token")
    out = {key: items[start:start + size]}
    if start + size < len(items):
        out["nextToken"] = base64.urlsafe_b64encode(f"p:{start + size}".encode()).decode()
    return out


def list_accounts(space, headers, query):
    check_bearer(space, headers)
    items = [{k: a[k] for k in ("accountId", "accountName", "emailAddress")}
             for a in space.accounts]
    return page_of(space, items, query, "accountList")


def list_account_roles(space, headers, query):
    check_bearer(space, headers)
    account = query.get("account_id")
    if not account:
        raise ApiError(400, "InvalidRequestException", "account_id is required")
    found = next((a for a in space.accounts if a["accountId"] == account), None)
    if found is None:
        raise ApiError(403, "ForbiddenException", "No access")
    items = [{"roleName": r, "accountId": account} for r in found["roles"]]
    return page_of(space, items, query, "roleList")


def make_accounts(q):
    count, first = int(q.get("count", 0)), int(q.get("first", 0))
    roles = [r for r in q.get("roles", "Role1,Role2").split(",") if r]
    names = q.get("names", "acct-{i:04d}")
    return [{"accountId": f"{100000000000 + i}", "accountName": names.format(i=i),
             "emailAddress": f"aws+{i}@example.com", "roles": roles}
            for i in range(first, first + count)]


def register(space, body):
    if not body.get("clientName") or not body.get("clientType"):
        raise ApiError(400, "InvalidRequestException", "clientName and clientType are required",
                       "invalid_request")
    grants = body.get("grantTypes") or []
    if "authorization_code" in grants and not (body.get("redirectUris") and body.get("issuerUrl")):
        raise ApiError(400, "InvalidRequestException",
                       "authorization_code needs redirectUris and issuerUrl", "invalid_request")
    client_id, secret = "client-" + secrets.token_hex(6), new_token()
    space.clients[client_id] = secret
    now = int(time.time())
    return {"clientId": client_id, "clientSecret": secret, "clientIdIssuedAt": now,
            "clientSecretExpiresAt": now + 90 * 86400}


def check_client(space, body):
    cid = body.get("clientId")
    if cid not in space.clients or space.clients[cid] != body.get("clientSecret"):
        raise ApiError(401, "InvalidClientException", "unknown client", "invalid_client")
    return cid


def device_authorization(space, body):
    check_client(space, body)
    code = new_token()
    space.devices[code] = 0
    user = secrets.token_hex(2).upper() + "-" + secrets.token_hex(2).upper()
    uri = "https://device.sso.example/"
    return {"deviceCode": code, "userCode": user, "verificationUri": uri,
            "verificationUriComplete": uri + "?user_code=" + user,
            "expiresIn": 600, "interval": 1}


def issue(space, cid):
    access, refresh = new_token(), new_token()
    space.access.add(access)
    space.refresh[refresh] = cid
    return {"accessToken": access, "tokenType": "Bearer", "expiresIn": TOKEN_SECONDS,
            "refreshToken": refresh}


def create_token(space, body):
    cid = check_client(space, body)
    grant = body.get("grantType")
    if grant == "refresh_token":
        if space.refresh.get(body.get("refreshToken")) != cid:
            raise ApiError(400, "InvalidGrantException", "invalid refresh token", "invalid_grant")
        del space.refresh[body["refreshToken"]]
        return issue(space, cid)
    if grant == "urn:ietf:params:oauth:grant-type:device_code":
        code = body.get("deviceCode")
        if code not in space.devices:
            raise ApiError(400, "InvalidGrantException", "unknown device code", "invalid_grant")
        space.devices[code] += 1
        polls = space.devices[code]
        if space.slow_down_at == polls:
            raise ApiError(400, "SlowDownException", "slow down", "slow_down")
        if polls < space.approve_after:
            raise ApiError(400, "AuthorizationPendingException", "pending", "authorization_pending")
        del space.devices[code]
        return issue(space, cid)
    if grant == "authorization_code":
        found = space.codes.pop(body.get("code"), None)
        verifier = body.get("codeVerifier") or ""
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not found or found != (cid, challenge, body.get("redirectUri")):
            raise ApiError(400, "InvalidGrantException", "bad code, verifier or redirect",
                           "invalid_grant")
        return issue(space, cid)
    raise ApiError(400, "UnsupportedGrantTypeException", f"grant {grant}", "unsupported_grant_type")


def authorize(space, query):
    for key in ("response_type", "client_id", "redirect_uri", "state",
                "code_challenge", "code_challenge_method"):
        if not query.get(key):
            raise ApiError(400, "InvalidRequestException", f"missing {key}")
    if query["client_id"] not in space.clients or query["code_challenge_method"] != "S256":
        raise ApiError(400, "InvalidRequestException", "unknown client or method")
    code = new_token()
    space.codes[code] = (query["client_id"], query["code_challenge"], query["redirect_uri"])
    state = space.state_override or query["state"]
    if space.error_redirect:
        error, description = space.error_redirect
        return query["redirect_uri"] + "?" + urlencode(
            {"error": error, "error_description": description, "state": state})
    return query["redirect_uri"] + "?" + urlencode({"code": code, "state": state})


def control(name, op, q):
    with COND:
        space = ns(name)
        if op == "counts":
            return space.counts
        if op == "token":
            space.access.add(q["access"])
            if q.get("refresh"):
                space.refresh[q["refresh"]] = q["client_id"]
                space.clients[q["client_id"]] = q["client_secret"]
            return {}
        if op == "hold":
            space.hold_rules[q["action"]] = int(q.get("count", -1))
            return {}
        if op == "wait_held":
            n, deadline = int(q.get("n", 1)), time.monotonic() + float(q.get("timeout", 30))
            while len(space.held.get(q["action"], [])) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ApiError(408, "Timeout", "not enough held calls")
                COND.wait(left)
            return {}
        if op == "release":
            actions = [q["action"]] if q.get("action") else list(space.held) + list(space.hold_rules)
            for action in actions:
                space.hold_rules.pop(action, None)
                for event in space.held.pop(action, []):
                    event.set()
            return {}
        if op == "fault":
            space.faults[q["action"]] = {
                "code": q["code"], "status": int(q.get("status", 400)),
                "remaining": int(q.get("count", -1)), "delay_ms": int(q.get("delay_ms", 0)),
                "every": int(q.get("every", 1)), "seen": 0}
            return {}
        if op == "accounts":
            space.accounts = make_accounts(q)
            space.page = int(q.get("page", 20))
            return {"accounts": len(space.accounts)}
        if op == "throttle":
            space.throttle_every = int(q.get("every", 0))
            space.throttle_seen = 0
            space.throttled_requests.clear()
            if q.get("actions"):
                space.throttle_actions = set(q["actions"].split(","))
            return {}
        if op == "device":
            space.approve_after = int(q.get("approve_after", 1))
            space.slow_down_at = int(q["slow_down_at"]) if q.get("slow_down_at") else None
            return {}
        if op == "authorize":
            space.state_override = q.get("state")
            space.error_redirect = ((q["error"], q.get("error_description", ""))
                                    if q.get("error") else None)
            return {}
    raise ApiError(404, "NotFound", f"unknown control {op}")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdout.write(f"LISTENING {server.server_address[1]}\n")
    sys.stdout.flush()
    sys.stdin.read()


if __name__ == "__main__":
    main()
