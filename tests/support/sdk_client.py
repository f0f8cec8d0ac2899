#!/usr/bin/env python3
"""boto3 as a client of credbroker's credential server, for the end-to-end
tests: credentials come from botocore's default chain (its container
provider reads AWS_CONTAINER_CREDENTIALS_FULL_URI and
AWS_CONTAINER_AUTHORIZATION_TOKEN), exactly as in any program.

Usage:
    sdk_client.py once
        GetCallerIdentity once; prints {"arn", "access_key_id", "expiration"}.
    sdk_client.py refresh N
        Calls GetCallerIdentity until N different access keys were used (60 s
        at most). botocore asks the server again whenever less than 15
        minutes are left, so with short sessions every call asks. Prints
        {"keys": [...], "calls": n, "errors": [...], "least_left": the least
        time left on the credentials botocore held after a call, counted
        from just before the call}.

Prints JSON on stdout and never a secret key or token; exits 1 on failure.
"""

import json
import sys
import time

import boto3


def frozen(session):
    creds = session.get_credentials()
    # Asking refreshes them when botocore thinks they are due.
    now = creds.get_frozen_credentials()
    expiry = getattr(creds, "_expiry_time", None)
    return creds, now, expiry


def once():
    session = boto3.Session()
    arn = session.client("sts").get_caller_identity()["Arn"]
    _, now, expiry = frozen(session)
    print(json.dumps({
        "arn": arn,
        "access_key_id": now.access_key,
        "expiration": int(expiry.timestamp()) if expiry else None,
    }))


def refresh(wanted):
    session = boto3.Session()
    client = session.client("sts")
    keys, errors, calls = [], [], 0
    least_left = None
    deadline = time.monotonic() + 60
    while len(keys) < wanted and time.monotonic() < deadline:
        calls += 1
        try:
            # Taken before asking: the server decided later, so this bounds
            # what was left when it served them from above, whatever the
            # delay (a busy machine) until the answer arrived.
            asked = time.time()
            _, now, expiry = frozen(session)
            left = expiry.timestamp() - asked
            least_left = left if least_left is None else min(least_left, left)
            client.get_caller_identity()
            if now.access_key not in keys:
                keys.append(now.access_key)
        except Exception as e:  # noqa: BLE001 - the test reports every error
            errors.append(f"{type(e).__name__}: {e}")
        time.sleep(0.25)
    print(json.dumps({"keys": keys, "calls": calls, "errors": errors,
                      "least_left": least_left}))
    return 0 if len(keys) >= wanted and not errors else 1


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "once"
    try:
        if mode == "once":
            once()
            return 0
        if mode == "refresh":
            return refresh(int(sys.argv[2]))
    except Exception as e:  # noqa: BLE001 - said on stderr, exit 1
        print(f"sdk_client: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(f"sdk_client: unknown mode {mode!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
