#!/usr/bin/env python3
"""Local STS for credbroker end-to-end tests.

A thin WSGI layer in front of moto's server-mode STS that counts calls per
namespace, can hold requests until released, and can inject faults.

Usage:
    python tests/support/sts_server.py [--port N] [--no-stdin-watch]

Prints exactly one line ``LISTENING <port>`` on stdout once bound, then serves
on 127.0.0.1. Exits as soon as stdin reaches EOF (unless --no-stdin-watch).

STS requests (and Organizations', counted by their X-Amz-Target action;
moto keeps one organization per calling account):
    POST /ns/<ns>/...   -> namespace <ns>; the prefix is stripped before moto
    POST /...           -> namespace "default"

Control (GET, JSON responses):
    /ctl/<ns>/counts
    /ctl/<ns>/hold?action=A[&count=N][&role=S]        (count -1/absent: unlimited)
    /ctl/<ns>/wait_held?action=A[&n=K][&timeout=S][&role=S]   (408 on timeout)
    /ctl/<ns>/release[?action=A][&count=K][&role=S]   (no count: all + cancel rule)
        `role=S` picks the calls whose RoleArn contains S: a hold with a role
        is its own rule beside the action's (the role's rule is used first),
        wait_held counts, and release releases and cancels, only those calls
        (release without a role: every held call and rule of the action).
    /ctl/<ns>/fault?action=A[&code=C][&status=400][&count=-1][&message=M][&delay_ms=D]
                    [&every=N]   (only every Nth matching call: N-1 pass, the Nth faults)
                    [&role=S]    (only calls whose RoleArn contains S)
                    [&echo=token] (append the request's X-Amz-Security-Token
                                   to the message, as a careless service might)
    /ctl/<ns>/wait_count?action=A[&n=K][&timeout=S]   (408 on timeout)
    /ctl/<ns>/mangle?action=A&kind=K[&count=-1][&skew=S][&location=URL]
        answer the next `count` calls (-1: all) not as STS would. Kinds:
        no_secret  200, moto's answer without SecretAccessKey and SessionToken
        truncated  200, moto's answer cut inside SecretAccessKey
        html503    503 text/html, a load balancer's error page
        redirect   302 to `location`, a proxy's or portal's redirect
        skew       moto's answer as a server whose clock is `skew` seconds
                   off ours: the Date header and Expiration both shifted
                   (skew=-7200: the local clock looks 2 hours ahead)
    /ctl/<ns>/clear
    /ctl/<ns>/reset
    /ctl/<ns>/last?action=A                           (the last call's form parameters)
    /ctl/<ns>/calls?action=A[&role=S]                 (every call, oldest first:
        {"params": form parameters, "signer": the access key id of the
        Authorization header's Credential, or null for an unsigned call})
"""

import argparse
import io
import json
import os
import sys
import threading
import time
import uuid
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

# Safety valve: a held request proceeds by itself after this many seconds.
HOLD_MAX_SECONDS = 120.0
DEFAULT_WAIT_TIMEOUT = 30.0
STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/"


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------


class Held:
    __slots__ = ("event", "role_arn")

    def __init__(self, role_arn):
        self.event = threading.Event()
        self.role_arn = role_arn or ""

    def matches(self, role):
        return role is None or role in self.role_arn


class Fault:
    __slots__ = ("code", "status", "remaining", "message", "delay_ms",
                 "every", "role", "seen", "echo")

    def __init__(self, code, status, remaining, message, delay_ms,
                 every=1, role=None, echo=None):
        self.code = code
        self.status = status
        self.remaining = remaining  # -1 = unlimited
        self.message = message
        self.delay_ms = delay_ms
        self.every = max(every, 1)
        self.role = role
        self.seen = 0  # matching calls so far
        self.echo = echo  # "token": echo the request's session token

    def applies(self, role_arn):
        """Called once per call of the action (caller holds STATE.cond)."""
        if self.remaining == 0:
            return False
        if self.role is not None and self.role not in (role_arn or ""):
            return False
        self.seen += 1
        return self.seen % self.every == 0


class Mangle:
    __slots__ = ("kind", "remaining", "skew", "location")

    def __init__(self, kind, remaining, skew, location):
        self.kind = kind
        self.remaining = remaining  # -1 = unlimited
        self.skew = skew
        self.location = location


# The skew of the Date header of the answer this thread is writing.
DATE_SKEW = threading.local()

MANGLE_KINDS = ("no_secret", "truncated", "html503", "redirect", "skew")


class Namespace:
    def __init__(self):
        self.mangles = {}  # action -> Mangle
        self.counts = {}  # action -> int
        # action -> {role filter or None: remaining (-1 = unlimited)}
        self.hold_rules = {}
        self.held = {}  # action -> [Held] oldest first
        self.faults = {}  # action -> Fault
        self.last = {}  # action -> the last call's form parameters
        self.calls = {}  # action -> [{"params": ..., "signer": ...}]

    def held_count(self, action, role=None):
        return sum(1 for h in self.held.get(action, ()) if h.matches(role))

    def take_hold(self, action, role_arn):
        """Whether a call of `action` for `role_arn` is held: the first
        rule whose role filter matches it, role rules before the action's."""
        rules = self.hold_rules.get(action, {})
        roles = [r for r in rules if r is not None and r in (role_arn or "")]
        for role in roles + ([None] if None in rules else []):
            remaining = rules[role]
            if remaining == 1:
                del rules[role]
            elif remaining > 0:
                rules[role] = remaining - 1
            return True
        return False

    def release(self, action, count=None, role=None):
        """Release the `count` oldest held requests of `action` whose role
        matches (None: all)."""
        lst = self.held.get(action, [])
        matching = [h for h in lst if h.matches(role)]
        if count is None or count < 0:
            count = len(matching)
        to_release = matching[:count]
        rest = [h for h in lst if h not in to_release]
        if rest:
            self.held[action] = rest
        else:
            self.held.pop(action, None)
        for h in to_release:
            h.event.set()
        return len(to_release)

    def clear(self):
        for action in list(self.held):
            self.release(action)
        self.hold_rules.clear()
        self.faults.clear()
        self.mangles.clear()


class State:
    def __init__(self):
        self.cond = threading.Condition()
        self.namespaces = {}

    def ns(self, name):
        # caller holds self.cond
        ns = self.namespaces.get(name)
        if ns is None:
            ns = self.namespaces[name] = Namespace()
        return ns


STATE = State()


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


class BadRequest(Exception):
    pass


def json_response(start_response, status, obj):
    body = json.dumps(obj).encode()
    reasons = {200: "OK", 400: "Bad Request", 404: "Not Found",
               408: "Request Timeout", 500: "Internal Server Error"}
    start_response(
        f"{status} {reasons.get(status, 'Status')}",
        [("Content-Type", "application/json"),
         ("Content-Length", str(len(body)))],
    )
    return [body]


def fault_response(start_response, fault):
    request_id = str(uuid.uuid4())
    err_type = "Receiver" if fault.status >= 500 else "Sender"
    body = (
        f'<ErrorResponse xmlns="{STS_XMLNS}">'
        f"<Error><Type>{err_type}</Type>"
        f"<Code>{escape(fault.code)}</Code>"
        f"<Message>{escape(fault.message)}</Message></Error>"
        f"<RequestId>{request_id}</RequestId>"
        f"</ErrorResponse>"
    ).encode()
    start_response(
        f"{fault.status} Injected Fault",
        [("Content-Type", "text/xml"),
         ("Content-Length", str(len(body))),
         ("x-amzn-RequestId", request_id)],
    )
    return [body]


def read_body(environ):
    inp = environ.get("wsgi.input")
    if inp is None:
        return b""
    length = environ.get("CONTENT_LENGTH") or ""
    try:
        n = int(length)
    except ValueError:
        n = -1
    if n >= 0:
        return inp.read(n) if n else b""
    if environ.get("wsgi.input_terminated"):
        return inp.read()
    return b""


def first(qs, key, default=None):
    v = qs.get(key)
    return v[0] if v else default


def int_param(qs, key, default):
    v = first(qs, key)
    if v is None or v == "":
        return default
    try:
        return int(v)
    except ValueError:
        raise BadRequest(f"parameter {key!r} must be an integer, got {v!r}")


def float_param(qs, key, default):
    v = first(qs, key)
    if v is None or v == "":
        return default
    try:
        return float(v)
    except ValueError:
        raise BadRequest(f"parameter {key!r} must be a number, got {v!r}")


def required(qs, key):
    v = first(qs, key)
    if not v:
        raise BadRequest(f"missing parameter {key!r}")
    return v


def split_ns(path):
    """'/ns/foo/bar' -> ('foo', '/bar'); '/x' -> ('default', '/x')."""
    if path.startswith("/ns/"):
        rest = path[len("/ns/"):]
        name, sep, remainder = rest.partition("/")
        if name:
            return name, (sep + remainder) or "/"
    return "default", path or "/"


# --------------------------------------------------------------------------
# Control endpoints
# --------------------------------------------------------------------------


def ctl_counts(ns_name, qs):
    with STATE.cond:
        return 200, dict(STATE.ns(ns_name).counts)


def ctl_hold(ns_name, qs):
    action = required(qs, "action")
    count = int_param(qs, "count", -1)
    role = first(qs, "role") or None
    with STATE.cond:
        ns = STATE.ns(ns_name)
        rules = ns.hold_rules.setdefault(action, {})
        if count == 0:
            rules.pop(role, None)
        else:
            rules[role] = -1 if count < 0 else count
        STATE.cond.notify_all()
    return 200, {"ok": True, "action": action, "count": count, "role": role}


def ctl_wait_held(ns_name, qs):
    action = required(qs, "action")
    n = int_param(qs, "n", 1)
    timeout = float_param(qs, "timeout", DEFAULT_WAIT_TIMEOUT)
    role = first(qs, "role") or None
    with STATE.cond:
        ns = STATE.ns(ns_name)
        ok = STATE.cond.wait_for(lambda: ns.held_count(action, role) >= n,
                                 timeout)
        return (200 if ok else 408), {"held": ns.held_count(action, role)}


def ctl_release(ns_name, qs):
    action = first(qs, "action")
    count = int_param(qs, "count", None)
    role = first(qs, "role") or None
    with STATE.cond:
        ns = STATE.ns(ns_name)
        actions = [action] if action else list(set(ns.held) | set(ns.hold_rules))
        released = 0
        for a in actions:
            released += ns.release(a, count, role)
            if count is None:
                if role is None:
                    ns.hold_rules.pop(a, None)
                else:
                    ns.hold_rules.get(a, {}).pop(role, None)
        STATE.cond.notify_all()
    return 200, {"released": released}


def ctl_fault(ns_name, qs):
    action = required(qs, "action")
    code = first(qs, "code") or "Throttling"
    status = int_param(qs, "status", 400)
    count = int_param(qs, "count", -1)
    message = first(qs, "message", "injected fault")
    delay_ms = int_param(qs, "delay_ms", 0)
    every = int_param(qs, "every", 1)
    role = first(qs, "role")
    echo = first(qs, "echo")
    if echo not in (None, "token"):
        raise BadRequest("echo must be 'token'")
    with STATE.cond:
        ns = STATE.ns(ns_name)
        if count == 0:
            ns.faults.pop(action, None)
        else:
            ns.faults[action] = Fault(code, status, -1 if count < 0 else count,
                                      message, delay_ms, every, role, echo)
    return 200, {"ok": True, "action": action, "code": code,
                 "status": status, "count": count}


def ctl_mangle(ns_name, qs):
    action = required(qs, "action")
    kind = required(qs, "kind")
    if kind not in MANGLE_KINDS:
        raise BadRequest(f"kind must be one of {MANGLE_KINDS}")
    count = int_param(qs, "count", -1)
    skew = int_param(qs, "skew", 0)
    location = first(qs, "location", "http://127.0.0.1:9/login")
    with STATE.cond:
        ns = STATE.ns(ns_name)
        if count == 0:
            ns.mangles.pop(action, None)
        else:
            ns.mangles[action] = Mangle(kind, -1 if count < 0 else count,
                                        skew, location)
    return 200, {"ok": True, "action": action, "kind": kind, "count": count}


def ctl_wait_count(ns_name, qs):
    action = required(qs, "action")
    n = int_param(qs, "n", 1)
    timeout = float_param(qs, "timeout", DEFAULT_WAIT_TIMEOUT)
    with STATE.cond:
        ns = STATE.ns(ns_name)
        ok = STATE.cond.wait_for(lambda: ns.counts.get(action, 0) >= n, timeout)
        return (200 if ok else 408), {"count": ns.counts.get(action, 0)}


def ctl_last(ns_name, qs):
    action = required(qs, "action")
    with STATE.cond:
        return 200, STATE.ns(ns_name).last.get(action, {})


def ctl_calls(ns_name, qs):
    action = required(qs, "action")
    role = first(qs, "role")
    with STATE.cond:
        calls = STATE.ns(ns_name).calls.get(action, [])
        return 200, [c for c in calls
                     if role is None or role in c["params"].get("RoleArn", "")]


def signer(environ):
    """The access key id a SigV4 request was signed with, or None."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    _, sep, rest = auth.partition("Credential=")
    return rest.split("/", 1)[0] if sep else None


def ctl_clear(ns_name, qs):
    with STATE.cond:
        STATE.ns(ns_name).clear()
        STATE.cond.notify_all()
    return 200, {"ok": True}


def ctl_reset(ns_name, qs):
    with STATE.cond:
        ns = STATE.ns(ns_name)
        ns.clear()
        ns.counts.clear()
        ns.calls.clear()
        STATE.cond.notify_all()
    return 200, {"ok": True}


CONTROL = {
    "counts": ctl_counts,
    "hold": ctl_hold,
    "wait_held": ctl_wait_held,
    "release": ctl_release,
    "fault": ctl_fault,
    "mangle": ctl_mangle,
    "wait_count": ctl_wait_count,
    "clear": ctl_clear,
    "last": ctl_last,
    "calls": ctl_calls,
    "reset": ctl_reset,
}


def handle_control(environ, start_response, path):
    parts = path.strip("/").split("/")
    # ["ctl", ns, op]
    if len(parts) != 3 or not parts[1] or parts[2] not in CONTROL:
        return json_response(start_response, 404,
                             {"error": f"unknown control path {path!r}"})
    qs = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    try:
        status, obj = CONTROL[parts[2]](parts[1], qs)
    except BadRequest as e:
        return json_response(start_response, 400, {"error": str(e)})
    return json_response(start_response, status, obj)


# --------------------------------------------------------------------------
# STS proxying
# --------------------------------------------------------------------------


class App:
    def __init__(self, moto_app):
        self.moto_app = moto_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        if path == "/ctl" or path.startswith("/ctl/"):
            return handle_control(environ, start_response, path)
        return self.handle_sts(environ, start_response, path)

    def handle_sts(self, environ, start_response, path):
        ns_name, rest = split_ns(path)

        body = read_body(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["wsgi.input_terminated"] = False

        action = None
        params = {}
        ctype = environ.get("CONTENT_TYPE", "")
        if body and ("x-www-form-urlencoded" in ctype or not ctype):
            try:
                params = {k: v[0] for k, v in
                          parse_qs(body.decode("utf-8", "replace")).items()}
                action = params.get("Action")
            except Exception:
                action = None
        if not action:
            action = first(parse_qs(environ.get("QUERY_STRING", "")), "Action")
        if not action and environ.get("HTTP_X_AMZ_TARGET", "").startswith("AWSOrganizations"):
            # Organizations (JSON, X-Amz-Target), forwarded to moto as it is.
            action = environ["HTTP_X_AMZ_TARGET"].rsplit(".", 1)[-1]

        # Rewrite the path for moto (STS only routes "/").
        environ["PATH_INFO"] = rest
        environ["SCRIPT_NAME"] = ""
        environ["REQUEST_URI"] = rest
        environ["RAW_URI"] = rest

        if action:
            held = None
            with STATE.cond:
                ns = STATE.ns(ns_name)
                ns.counts[action] = ns.counts.get(action, 0) + 1
                ns.last[action] = params
                ns.calls.setdefault(action, []).append(
                    {"params": params, "signer": signer(environ)})
                if ns.take_hold(action, params.get("RoleArn")):
                    held = Held(params.get("RoleArn"))
                    ns.held.setdefault(action, []).append(held)
                STATE.cond.notify_all()

            if held is not None:
                if not held.event.wait(HOLD_MAX_SECONDS):
                    sys.stderr.write(
                        f"sts_server: held {ns_name}/{action} timed out after "
                        f"{HOLD_MAX_SECONDS:.0f}s, proceeding\n")
                with STATE.cond:
                    lst = ns.held.get(action)
                    if lst and held in lst:
                        lst.remove(held)
                        if not lst:
                            del ns.held[action]
                    STATE.cond.notify_all()

            fault = None
            with STATE.cond:
                f = ns.faults.get(action)
                if f is not None and f.applies(params.get("RoleArn")):
                    message = f.message
                    if f.echo == "token":
                        message += " (request token: " + environ.get(
                            "HTTP_X_AMZ_SECURITY_TOKEN", "none") + ")"
                    fault = Fault(f.code, f.status, 1, message, f.delay_ms)
                    if f.remaining > 0:
                        f.remaining -= 1
                        if f.remaining == 0:
                            del ns.faults[action]
            if fault is not None:
                if fault.delay_ms > 0:
                    time.sleep(fault.delay_ms / 1000.0)
                return fault_response(start_response, fault)

            mangle = None
            with STATE.cond:
                m = ns.mangles.get(action)
                if m is not None and m.remaining != 0:
                    mangle = m
                    if m.remaining > 0:
                        m.remaining -= 1
                        if m.remaining == 0:
                            del ns.mangles[action]
            if mangle is not None:
                return self.mangled(environ, start_response, mangle)

        return self.moto_app(environ, start_response)

    def mangled(self, environ, start_response, mangle):
        if mangle.kind == "html503":
            body = (b"<html><head><title>503 Service Temporarily Unavailable"
                    b"</title></head><body><h1>503 Service Temporarily "
                    b"Unavailable</h1></body></html>")
            start_response("503 Service Temporarily Unavailable",
                           [("Content-Type", "text/html"),
                            ("Content-Length", str(len(body)))])
            return [body]
        if mangle.kind == "redirect":
            body = (f'<html><body><a href="{escape(mangle.location)}">'
                    f"Found</a></body></html>").encode()
            start_response("302 Found",
                           [("Location", mangle.location),
                            ("Content-Type", "text/html"),
                            ("Content-Length", str(len(body)))])
            return [body]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        body = b"".join(self.moto_app(environ, capture))
        status = captured["status"]
        headers = [(k, v) for (k, v) in captured["headers"]
                   if k.lower() not in ("content-length", "date")]
        text = body.decode("utf-8")
        if status.startswith("200"):
            text = mangle_body(text, mangle)
        if mangle.kind == "skew":
            # http.server writes the Date header itself, from
            # date_time_string(), on this same thread.
            DATE_SKEW.value = mangle.skew
        body = text.encode("utf-8")
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]


def mangle_body(text, mangle):
    import re
    if mangle.kind == "no_secret":
        text = re.sub(r"<SecretAccessKey>[^<]*</SecretAccessKey>", "", text)
        return re.sub(r"<SessionToken>[^<]*</SessionToken>", "", text)
    if mangle.kind == "truncated":
        at = text.index("<SecretAccessKey>") + len("<SecretAccessKey>") + 8
        return text[:at]
    if mangle.kind == "skew":
        from datetime import datetime, timedelta

        def shift(m):
            t = datetime.strptime(m.group(1)[:19], "%Y-%m-%dT%H:%M:%S")
            t += timedelta(seconds=mangle.skew)
            return f"<Expiration>{t.strftime('%Y-%m-%dT%H:%M:%SZ')}</Expiration>"
        return re.sub(r"<Expiration>([^<]*)</Expiration>", shift, text)
    return text


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def watch_stdin():
    try:
        while True:
            chunk = sys.stdin.buffer.read1(65536) if hasattr(
                sys.stdin.buffer, "read1") else sys.stdin.buffer.read(65536)
            if not chunk:
                break
    except Exception:
        pass
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-stdin-watch", action="store_true",
                        help="do not exit when stdin reaches EOF")
    args = parser.parse_args()

    if not args.no_stdin_watch:
        threading.Thread(target=watch_stdin, name="stdin-watch",
                         daemon=True).start()

    import logging
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import BaseWSGIServer, make_server

    # Fan-out tests open hundreds of connections at once; werkzeug's default
    # listen backlog (128) drops SYNs under that, and a dropped SYN costs the
    # client a retransmission delay that can outlast its connect timeout.
    BaseWSGIServer.request_queue_size = 4096

    class QuietHandler(MotoRequestHandler):
        def date_time_string(self, timestamp=None):
            skew = getattr(DATE_SKEW, "value", 0)
            DATE_SKEW.value = 0
            if timestamp is None:
                timestamp = time.time()
            return super().date_time_string(timestamp + skew)

        def log_request(self, *args, **kwargs):
            pass

        def log(self, type, message, *args):
            if type == "error":
                sys.stderr.write("sts_server: " + (message % args) + "\n")

    moto_app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", args.port, App(moto_app), threaded=True,
                         request_handler=QuietHandler)
    # Build moto's STS Flask app now so the first request is not slow.
    try:
        moto_app.get_application({
            "PATH_INFO": "/",
            "HTTP_AUTHORIZATION": "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0",
        })
    except Exception as e:  # not fatal; it will be built lazily
        sys.stderr.write(f"sts_server: warm-up failed: {e!r}\n")

    sys.stdout.write(f"LISTENING {server.port}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
