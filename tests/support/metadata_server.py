#!/usr/bin/env python3
"""Local EC2 instance metadata (IMDSv2) and ECS container credentials
endpoints for credbroker end-to-end tests, on 127.0.0.1.

Usage:
    python tests/support/metadata_server.py

Prints exactly one line ``LISTENING <port>`` on stdout once bound, then
serves until stdin reaches EOF.

IMDSv2 (the wire format of the real service):
    PUT /latest/api/token                    (X-aws-ec2-metadata-token-ttl-seconds) -> token
    GET /latest/meta-data/iam/security-credentials/        (X-aws-ec2-metadata-token) -> role name
    GET /latest/meta-data/iam/security-credentials/<role>  -> credentials JSON
    Requests without a valid token get 401, as on an instance that requires IMDSv2.
ECS container credentials:
    GET /ecs/creds                           (Authorization must equal ECS_TOKEN) -> credentials JSON
    GET /ecs/creds without it                -> 403
Control:
    GET /ctl/counts  -> {"token": n, "role": n, "imds_credentials": n, "ecs": n, "unauthorized": n}
    GET /ctl/hold?what=imds|ecs   hold credential answers of that kind until released
    GET /ctl/wait_held?n=K        until K answers are held (408 after 60 s)
    GET /ctl/release              answer every held request, stop holding
    GET /ctl/answer?what=role_list|imds_credentials&body=B[&ctype=T]
        from now on, answer the role list (GET .../security-credentials/), or
        every credentials request whatever the role, with status 200, body B
        and Content-Type T (default text/plain): an answer no instance gives
        (a role name with a trailing newline, a proxy's HTML page)
"""

import datetime
import json
import os
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROLE = "credbroker-test-instance-role"
ECS_TOKEN = "ecs-test-authorization-token"
COUNTS = {"token": 0, "role": 0, "imds_credentials": 0, "ecs": 0, "unauthorized": 0}
TOKENS = set()
LOCK = threading.Lock()
# Holds: which kinds are held, how many requests wait, and their release.
HELD = threading.Condition(LOCK)
HOLDING = set()
WAITING = [0]
RELEASED = threading.Event()
# Odd answers set by /ctl/answer: what -> (body, content type).
ODD = {}


def hold_if_asked(what):
    with HELD:
        if what not in HOLDING:
            return
        WAITING[0] += 1
        HELD.notify_all()
    RELEASED.wait(120)


def credentials(prefix):
    expiration = (datetime.datetime.now(datetime.timezone.utc)
                  + datetime.timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "Code": "Success",
        "LastUpdated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Type": "AWS-HMAC",
        "AccessKeyId": prefix + secrets.token_hex(8).upper(),
        "SecretAccessKey": secrets.token_urlsafe(30),
        "Token": secrets.token_urlsafe(60),
        "Expiration": expiration,
        "RoleArn": f"arn:aws:iam::123456789012:role/{ROLE}",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def count(self, what):
        with LOCK:
            COUNTS[what] += 1

    def send(self, status, body, ctype="text/plain"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path != "/latest/api/token":
            return self.send(404, "not found")
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
        if not ttl or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.send(400, "bad ttl")
        token = secrets.token_urlsafe(32)
        with LOCK:
            TOKENS.add(token)
        self.count("token")
        self.send_response(200)
        self.send_header("X-aws-ec2-metadata-token-ttl-seconds", ttl)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(token)))
        self.end_headers()
        self.wfile.write(token.encode())

    def control(self, path, query):
        from urllib.parse import parse_qs
        qs = {k: v[0] for k, v in parse_qs(query).items()}
        if path == "/ctl/counts":
            with LOCK:
                return self.send(200, json.dumps(COUNTS), "application/json")
        if path == "/ctl/hold":
            with HELD:
                RELEASED.clear()
                HOLDING.add(qs.get("what", "imds"))
            return self.send(200, "{}", "application/json")
        if path == "/ctl/wait_held":
            n = int(qs.get("n", "1"))
            with HELD:
                ok = HELD.wait_for(lambda: WAITING[0] >= n, timeout=60)
            return self.send(200 if ok else 408, "{}", "application/json")
        if path == "/ctl/answer":
            what = qs.get("what")
            if what not in ("role_list", "imds_credentials") or "body" not in qs:
                return self.send(400, "what=role_list|imds_credentials and body= please")
            with LOCK:
                ODD[what] = (qs["body"], qs.get("ctype", "text/plain"))
            return self.send(200, "{}", "application/json")
        if path == "/ctl/release":
            with HELD:
                HOLDING.clear()
                WAITING[0] = 0
                RELEASED.set()
            return self.send(200, "{}", "application/json")
        return self.send(404, "not found")

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path.startswith("/ctl/"):
            return self.control(path, query)
        if self.path == "/ecs/creds":
            if self.headers.get("Authorization") != ECS_TOKEN:
                self.count("unauthorized")
                return self.send(403, "forbidden")
            self.count("ecs")
            hold_if_asked("ecs")
            creds = credentials("ASIAECS")
            for k in ("Code", "LastUpdated", "Type"):
                creds.pop(k)
            return self.send(200, json.dumps(creds), "application/json")
        prefix = "/latest/meta-data/iam/security-credentials/"
        if self.path.startswith(prefix):
            with LOCK:
                ok = self.headers.get("X-aws-ec2-metadata-token") in TOKENS
            if not ok:
                self.count("unauthorized")
                return self.send(401, "unauthorized")
            rest = self.path[len(prefix):]
            with LOCK:
                odd_role_list = ODD.get("role_list")
                odd_credentials = ODD.get("imds_credentials")
            if rest == "":
                self.count("role")
                if odd_role_list is not None:
                    return self.send(200, *odd_role_list)
                return self.send(200, ROLE)
            if odd_credentials is not None:
                self.count("imds_credentials")
                return self.send(200, *odd_credentials)
            if rest == ROLE:
                self.count("imds_credentials")
                hold_if_asked("imds")
                return self.send(200, json.dumps(credentials("ASIAIMDS")), "text/plain")
        self.send(404, "not found")


def watch_stdin():
    try:
        while sys.stdin.buffer.read(65536):
            pass
    except Exception:
        pass
    os._exit(0)


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client killed while its answer was held: nothing to report.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=watch_stdin, daemon=True).start()
    sys.stdout.write(f"LISTENING {server.server_address[1]}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
