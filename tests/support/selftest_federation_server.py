#!/usr/bin/env python3
"""Checks the fake sign-in federation endpoint (federation_server.py) against
the requests the real clients send, byte for byte as they build them:

- aws-vault (cli/login.go): Go's json.Marshal of a map (keys sorted,
  compact), url.Values.Encode (keys sorted, QueryEscape), no
  SessionDuration; login as `?Action=login&Issuer=aws-vault&Destination=…
  &SigninToken=…` with QueryEscape;
- granted (pkg/console/aws.go): the same encodings, a struct's JSON in
  field order, and a login whose Issuer is empty (url.Values, sorted);
- AWS's documented Python broker: `Action` then `SessionDuration=43200`
  then `quote_plus(json.dumps(...))` (with the spaces json.dumps puts in).

Each must get a token that the login redeems (302 to the destination);
malformed requests must be refused with 400 text/html, and the calls
recorded without a secret."""

import hashlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import quote_plus

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "federation_server.py")
SESSION = {
    "sessionId": "ASIAEXAMPLEEXAMPLE01",
    "sessionKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLEKEY",
    "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJH+/=",
}
DESTINATION = "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def go_query_escape(s):
    """Go's url.QueryEscape: unreserved characters kept, space as +."""
    return quote_plus(s, safe="")


def go_values_encode(values):
    """Go's url.Values.Encode: keys sorted, each value QueryEscape'd."""
    return "&".join(f"{go_query_escape(k)}={go_query_escape(v)}" for k, v in sorted(values.items()))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url):
    """(status, content type, body, Location) without following redirects."""
    try:
        with OPENER.open(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read(), r.headers.get("Location")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read(), e.headers.get("Location")


def token_from(status, ctype, body):
    check(status == 200, f"getSigninToken answered {status}: {body[:200]!r}")
    check(ctype.startswith("application/json"), f"content type {ctype}")
    token = json.loads(body)["SigninToken"]
    check(token and any(c in token for c in "+/="), "a token that needs encoding")
    return token


def main():
    proc = subprocess.Popen([sys.executable, SERVER], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline().split()[1])
        base = f"http://127.0.0.1:{port}"
        federation = f"{base}/ns/self/federation"

        def ctl(op):
            return json.load(urllib.request.urlopen(f"{base}/ctl/self/{op}"))

        # aws-vault
        go_json = json.dumps(dict(sorted(SESSION.items())), separators=(",", ":"))
        query = go_values_encode({"Action": "getSigninToken", "Session": go_json})
        token = token_from(*get(f"{federation}?{query}")[:3])
        login = (f"{federation}?Action=login&Issuer=aws-vault&Destination="
                 f"{go_query_escape(DESTINATION)}&SigninToken={go_query_escape(token)}")
        status, _, _, location = get(login)
        check(status == 302 and location == DESTINATION, f"aws-vault login: {status} {location}")

        # granted: the struct's fields in order, an empty Issuer, sorted.
        granted_json = json.dumps(SESSION, separators=(",", ":"))
        query = go_values_encode({"Action": "getSigninToken", "Session": granted_json})
        token = token_from(*get(f"{federation}?{query}")[:3])
        query = go_values_encode({"Action": "login", "Issuer": "", "SigninToken": token,
                                  "Destination": DESTINATION})
        status, _, _, location = get(f"{federation}?{query}")
        check(status == 302 and location == DESTINATION, f"granted login: {status} {location}")

        # AWS's documented Python sample, SessionDuration first.
        query = ("Action=getSigninToken&SessionDuration=43200&Session="
                 + quote_plus(json.dumps(SESSION)))
        token_from(*get(f"{federation}?{query}")[:3])

        calls = [c for c in ctl("calls") if c["action"] == "getSigninToken"]
        check(len(calls) == 3 and all(c["ok"] for c in calls), f"calls {calls}")
        key_hash = hashlib.sha256(SESSION["sessionKey"].encode()).hexdigest()
        for c in calls:
            check(c["session_id"] == SESSION["sessionId"], "the key id is recorded")
            check(c["session_key_sha256"] == key_hash, "the secret's hash is recorded")
            check(SESSION["sessionKey"] not in json.dumps(c), "no secret in the record")
        check([c["session_duration"] for c in calls] == [None, None, 43200], "durations")
        check(calls[2]["params"] == ["Action", "SessionDuration", "Session"], "order recorded")

        # What the real endpoint refuses, the fake refuses.
        bad = {
            "no token": {k: v for k, v in SESSION.items() if k != "sessionToken"},
            "extra key": dict(SESSION, sessionExpiration="x"),
            "empty token": dict(SESSION, sessionToken=""),
        }
        for what, session in bad.items():
            query = go_values_encode({"Action": "getSigninToken",
                                      "Session": json.dumps(session)})
            status, ctype, _, _ = get(f"{federation}?{query}")
            check(status == 400 and ctype.startswith("text/html"), f"{what}: {status} {ctype}")
        for what, query in {
            "not JSON": "Action=getSigninToken&Session=%7Bnope",
            "raw JSON": "Action=getSigninToken&Session=" + json.dumps(SESSION).replace(" ", ""),
            "short duration": "Action=getSigninToken&SessionDuration=60&Session="
                              + quote_plus(json.dumps(SESSION)),
            "twice": "Action=getSigninToken&Action=getSigninToken&Session="
                     + quote_plus(json.dumps(SESSION)),
            "unknown": "Action=getSigninToken&Bogus=1&Session=" + quote_plus(json.dumps(SESSION)),
        }.items():
            status, _, _, _ = get(f"{federation}?{query}")
            check(status == 400, f"{what}: {status}")
        status, _, _, _ = get(f"{federation}?Action=login&Issuer=x&Destination="
                              f"{go_query_escape(DESTINATION)}&SigninToken=forged")
        check(status == 400, "a forged token is refused")
        # An unencoded token: its `+` reads as a space, and it is refused.
        status, _, _, _ = get(f"{federation}?Action=login&Issuer=x&Destination="
                              f"{go_query_escape(DESTINATION)}&SigninToken={token}")
        check(status == 400, "an unencoded token is refused")

        # Faults.
        ctl("fault?status=503&count=1")
        query = go_values_encode({"Action": "getSigninToken", "Session": go_json})
        status, ctype, _, _ = get(f"{federation}?{query}")
        check(status == 503 and ctype == "text/html", f"fault: {status} {ctype}")
        check(get(f"{federation}?{query}")[0] == 200, "the fault was for one call")
        counts = ctl("counts")
        check(counts.get("getSigninToken") == 13 and counts.get("login") == 4, f"counts {counts}")
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    print("PASS federation_server selftest")


if __name__ == "__main__":
    main()
