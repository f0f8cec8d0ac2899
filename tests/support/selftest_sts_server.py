#!/usr/bin/env python3
"""Self-test for tests/support/sts_server.py. Run with a python that has
moto[server] and boto3 installed. Exits non-zero on any failure."""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "sts_server.py")
ACCOUNT = "123456789012"
NO_RETRY = Config(retries={"total_max_attempts": 1}, connect_timeout=5,
                  read_timeout=60)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def ctl(port, path, expect=200):
    url = f"http://127.0.0.1:{port}/ctl/{path}"
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            status, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    obj = json.loads(body)
    check(status == expect, f"GET {path}: status {status} != {expect}: {obj}")
    return obj


def client(port, ns, key="AKIAIOSFODNN7EXAMPLE", secret="dummysecret",
           token=None):
    endpoint = f"http://127.0.0.1:{port}/ns/{ns}" if ns else f"http://127.0.0.1:{port}"
    return boto3.client(
        "sts", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        aws_session_token=token, config=NO_RETRY)


def assume(c, role="test-role", session="test-session"):
    return c.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{role}",
                         RoleSessionName=session)


def run_tests(port):
    # --- AssumeRole + GetCallerIdentity -----------------------------------
    c = client(port, "ns1")
    r = assume(c, "test-role", "sess-one")
    cr = r["Credentials"]
    for k in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"):
        check(cr.get(k), f"AssumeRole missing {k}")
    c2 = client(port, "ns1", cr["AccessKeyId"], cr["SecretAccessKey"],
                cr["SessionToken"])
    ident = c2.get_caller_identity()
    want = f"arn:aws:sts::{ACCOUNT}:assumed-role/test-role/sess-one"
    check(ident["Arn"] == want, f"caller identity {ident['Arn']!r} != {want!r}")
    check(ident["Account"] == ACCOUNT, "account")

    # --- counts per namespace ---------------------------------------------
    check(ctl(port, "ns1/counts") == {"AssumeRole": 1, "GetCallerIdentity": 1},
          f"ns1 counts {ctl(port, 'ns1/counts')}")
    client(port, "ns2").get_caller_identity()
    check(ctl(port, "ns2/counts") == {"GetCallerIdentity": 1}, "ns2 counts")
    check(ctl(port, "ns1/counts") == {"AssumeRole": 1, "GetCallerIdentity": 1},
          "ns1 counts changed by ns2")
    check(ctl(port, "ns-empty/counts") == {}, "fresh namespace not empty")
    last = ctl(port, "ns1/last?action=AssumeRole")
    check(last.get("RoleSessionName") == "sess-one"
          and last.get("RoleArn") == f"arn:aws:iam::{ACCOUNT}:role/test-role",
          f"ns1 last AssumeRole {last}")
    check(ctl(port, "ns2/last?action=AssumeRole") == {}, "ns2 has no AssumeRole")

    # --- the other STS calls credbroker makes -----------------------------
    s = client(port, "ns-mfa").get_session_token(
        SerialNumber=f"arn:aws:iam::{ACCOUNT}:mfa/me", TokenCode="123456",
        DurationSeconds=3600)
    check(s["Credentials"]["SessionToken"], "GetSessionToken answers a session")
    check(ctl(port, "ns-mfa/last?action=GetSessionToken").get("TokenCode") == "123456",
          "GetSessionToken's code recorded")
    w = boto3.client("sts", endpoint_url=f"http://127.0.0.1:{port}/ns/ns-wi",
                     region_name="us-east-1", config=NO_RETRY).assume_role_with_web_identity(
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/wi", RoleSessionName="wi",
        WebIdentityToken="a-token")
    check(w["Credentials"]["AccessKeyId"], "AssumeRoleWithWebIdentity answers")
    check(ctl(port, "ns-wi/counts") == {"AssumeRoleWithWebIdentity": 1}, "unsigned call counted")
    # no prefix -> "default"
    client(port, None).get_caller_identity()
    check(ctl(port, "default/counts").get("GetCallerIdentity") == 1,
          "default namespace")
    check(ctl(port, "ns2/wait_count?action=GetCallerIdentity&n=1&timeout=1")
          == {"count": 1}, "wait_count satisfied")
    check(ctl(port, "ns2/wait_count?action=GetCallerIdentity&n=2&timeout=0.2",
              expect=408) == {"count": 1}, "wait_count timeout")

    # --- hold / wait_held / release ---------------------------------------
    ctl(port, "ns3/hold?action=AssumeRole&count=1")
    result = {}

    def worker():
        try:
            result["resp"] = assume(client(port, "ns3"), "held-role", "held-sess")
        except Exception as e:  # noqa
            result["err"] = e

    t = threading.Thread(target=worker, daemon=True)
    t.start()
    check(ctl(port, "ns3/wait_held?action=AssumeRole&n=1&timeout=10")
          == {"held": 1}, "wait_held")
    check(ctl(port, "ns3/counts") == {"AssumeRole": 1}, "held request counted")
    time.sleep(0.3)
    check(t.is_alive() and not result, "held request finished early")
    check(ctl(port, "ns3/wait_held?action=AssumeRole&n=2&timeout=0.2",
              expect=408) == {"held": 1}, "wait_held timeout")
    check(ctl(port, "ns3/release?action=AssumeRole&count=1")
          == {"released": 1}, "release")
    t.join(30)
    check(not t.is_alive(), "held request not released")
    check("resp" in result, f"held request failed: {result.get('err')!r}")
    check(result["resp"]["AssumedRoleUser"]["Arn"]
          == f"arn:aws:sts::{ACCOUNT}:assumed-role/held-role/held-sess",
          "held response arn")
    # rule had count=1: next call not held
    assume(client(port, "ns3"))
    check(ctl(port, "ns3/counts") == {"AssumeRole": 2}, "ns3 counts after")

    # unlimited hold, two requests, release all
    ctl(port, "ns3b/hold?action=GetCallerIdentity")
    threads = [threading.Thread(
        target=lambda: client(port, "ns3b").get_caller_identity(), daemon=True)
        for _ in range(2)]
    for th in threads:
        th.start()
    check(ctl(port, "ns3b/wait_held?action=GetCallerIdentity&n=2&timeout=10")
          == {"held": 2}, "two held")
    check(ctl(port, "ns3b/release?action=GetCallerIdentity")
          == {"released": 2}, "release all")
    for th in threads:
        th.join(30)
        check(not th.is_alive(), "release all did not release")
    client(port, "ns3b").get_caller_identity()  # rule cancelled: not held

    # per-role holds: each role behind its own barrier, released one by one
    ctl(port, "ns3c/hold?action=AssumeRole&role=role/one")
    ctl(port, "ns3c/hold?action=AssumeRole&role=role/two&count=1")
    done = []

    def assume_as(role):
        assume(client(port, "ns3c"), role)
        done.append(role)

    threads = [threading.Thread(target=assume_as, args=(r,), daemon=True)
               for r in ("one", "two", "one")]
    for th in threads:
        th.start()
    check(ctl(port, "ns3c/wait_held?action=AssumeRole&role=role/one&n=2"
                    "&timeout=10") == {"held": 2}, "two held on role one")
    check(ctl(port, "ns3c/wait_held?action=AssumeRole&role=role/two&n=1"
                    "&timeout=10") == {"held": 1}, "one held on role two")
    check(ctl(port, "ns3c/wait_held?action=AssumeRole&n=3&timeout=1")
          == {"held": 3}, "three held in all")
    assume(client(port, "ns3c"), "three")  # no rule for it: not held
    check(ctl(port, "ns3c/release?action=AssumeRole&role=role/two")
          == {"released": 1}, "release role two only")
    threads[1].join(30)
    check(done == ["two"], f"role two released alone: {done}")
    check(ctl(port, "ns3c/wait_held?action=AssumeRole&role=role/one&n=2"
                    "&timeout=1") == {"held": 2}, "role one still held")
    check(ctl(port, "ns3c/release?action=AssumeRole&role=role/one")
          == {"released": 2}, "release role one")
    for th in threads:
        th.join(30)
        check(not th.is_alive(), "per-role release did not release")
    assume(client(port, "ns3c"), "one")  # its rule was cancelled

    # --- every call recorded, with its signer --------------------------------
    c = client(port, "ns7", key="AKIAFIRSTSIGNER00001")
    first_hop = assume(c, "hop-one", "s1")["Credentials"]
    c2 = client(port, "ns7", first_hop["AccessKeyId"],
                first_hop["SecretAccessKey"], first_hop["SessionToken"])
    c2.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/hop-two",
                   RoleSessionName="s2", ExternalId="ext-1",
                   DurationSeconds=1800)
    calls = ctl(port, "ns7/calls?action=AssumeRole")
    check([c["signer"] for c in calls]
          == ["AKIAFIRSTSIGNER00001", first_hop["AccessKeyId"]],
          f"signers {[c['signer'] for c in calls]}")
    second = ctl(port, "ns7/calls?action=AssumeRole&role=hop-two")
    check(len(second) == 1 and second[0]["params"]["ExternalId"] == "ext-1"
          and second[0]["params"]["DurationSeconds"] == "1800",
          f"hop two's parameters {second}")
    ctl(port, "ns7/reset")
    check(ctl(port, "ns7/calls?action=AssumeRole") == [], "reset forgets calls")

    # --- faults ------------------------------------------------------------
    ctl(port, "ns4/fault?action=AssumeRole&code=Throttling&count=1"
              "&message=Rate%20exceeded")
    try:
        assume(client(port, "ns4"))
        raise AssertionError("fault not injected")
    except ClientError as e:
        err = e.response["Error"]
        check(err["Code"] == "Throttling", f"fault code {err}")
        check(err["Message"] == "Rate exceeded", f"fault message {err}")
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, "status")
    r = assume(client(port, "ns4"))
    check(r["Credentials"]["AccessKeyId"], "call after fault")
    check(ctl(port, "ns4/counts") == {"AssumeRole": 2}, "ns4 counts")

    # every third call faults; a role filter picks calls by RoleArn
    ctl(port, "ns4b/fault?action=AssumeRole&code=Throttling&every=3")
    outcomes = []
    for _ in range(6):
        try:
            assume(client(port, "ns4b"))
            outcomes.append("ok")
        except ClientError as e:
            outcomes.append(e.response["Error"]["Code"])
    check(outcomes == ["ok", "ok", "Throttling"] * 2, f"every=3: {outcomes}")
    ctl(port, "ns4c/fault?action=AssumeRole&code=AccessDenied&role=role/denied")
    c = client(port, "ns4c")
    try:
        c.assume_role(RoleArn="arn:aws:iam::123456789012:role/denied-1",
                      RoleSessionName="session")
        raise AssertionError("role fault not injected")
    except ClientError as e:
        check(e.response["Error"]["Code"] == "AccessDenied", "role fault code")
    r = assume(c)
    check(r["Credentials"]["AccessKeyId"], "other roles pass the role filter")

    # echo=token: the message carries the request's session token back
    ctl(port, "ns4d/fault?action=AssumeRole&code=AccessDenied&count=1"
              "&message=denied&echo=token")
    try:
        assume(client(port, "ns4d", token="the-session-token"))
        raise AssertionError("echo fault not injected")
    except ClientError as e:
        check(e.response["Error"]["Message"]
              == "denied (request token: the-session-token)",
              f"echo message {e.response['Error']}")
    ctl(port, "ns4d/fault?action=AssumeRole&echo=nope", expect=400)

    # 5xx fault with delay; clear removes it
    ctl(port, "ns5/fault?action=GetCallerIdentity&code=InternalFailure"
              "&status=500&delay_ms=200")
    t0 = time.monotonic()
    try:
        client(port, "ns5").get_caller_identity()
        raise AssertionError("5xx fault not injected")
    except ClientError as e:
        check(e.response["Error"]["Code"] == "InternalFailure", "5xx code")
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 500, "5xx")
    check(time.monotonic() - t0 >= 0.2, "delay_ms not applied")
    ctl(port, "ns5/clear")
    client(port, "ns5").get_caller_identity()
    check(ctl(port, "ns5/counts") == {"GetCallerIdentity": 2}, "clear keeps counts")
    ctl(port, "ns5/reset")
    check(ctl(port, "ns5/counts") == {}, "reset zeroes counts")

    # --- mangled answers, as boto3 sees them ----------------------------------
    from email.utils import parsedate_to_datetime
    ctl(port, "ns6/mangle?action=AssumeRole&kind=no_secret&count=1")
    cr = assume(client(port, "ns6"))["Credentials"]
    check(cr.get("AccessKeyId") and "SecretAccessKey" not in cr
          and "SessionToken" not in cr, f"no_secret: {sorted(cr)}")
    ctl(port, "ns6/mangle?action=AssumeRole&kind=truncated&count=1")
    try:
        cr = assume(client(port, "ns6"))["Credentials"]
        check(not cr.get("SessionToken"), "truncated: a complete answer")
    except Exception as e:  # botocore refuses the broken XML: fine too
        check("XML" in type(e).__name__ or "parse" in str(e).lower(),
              f"truncated: {type(e).__name__}: {e}")
    for kind, status in (("html503", 503), ("redirect", 302)):
        ctl(port, f"ns6/mangle?action=AssumeRole&kind={kind}&count=1")
        try:
            assume(client(port, "ns6"))
            check(False, f"{kind}: boto3 accepted it")
        except ClientError as e:
            got = e.response["ResponseMetadata"]["HTTPStatusCode"]
            check(got == status, f"{kind}: status {got}")
    ctl(port, "ns6/mangle?action=AssumeRole&kind=skew&skew=-7200&count=1")
    r = assume(client(port, "ns6"))
    date = parsedate_to_datetime(r["ResponseMetadata"]["HTTPHeaders"]["date"])
    off = date.timestamp() - time.time()
    check(-7300 < off < -7100, f"skew: Date is {off:.0f}s off")
    left = r["Credentials"]["Expiration"].timestamp() - time.time()
    check(-3700 < left < -3500, f"skew: Expiration is {left:.0f}s from now")
    check(assume(client(port, "ns6"))["Credentials"].get("SecretAccessKey"),
          "count=1 mangles one call")

    # --- misc ---------------------------------------------------------------
    ctl(port, "ns1/nope", expect=404)
    ctl(port, "ns1/hold", expect=400)


def main():
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, SERVER], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        startup = time.monotonic() - t0
        check(line.startswith("LISTENING "), f"bad first line {line!r}")
        port = int(line.split()[1])
        run_tests(port)

        # --- stdin EOF -> exit --------------------------------------------
        proc.stdin.close()
        rc = proc.wait(timeout=10)
        check(rc == 0, f"server exit code {rc}")
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    print(f"PASS sts_server selftest (startup {startup:.2f}s, "
          f"total {time.monotonic() - t0:.2f}s)")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
