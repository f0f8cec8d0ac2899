#!/usr/bin/env python3
"""A test "browser" for `credbroker login`: given as $BROWSER, it opens the
URL it is given and follows redirects, as a browser would after the user
approved the sign-in: the fake /authorize redirects to credbroker's loopback
listener with a code. Runs in the background; records what it saw in
$TEST_BROWSER_LOG when set."""

import os
import sys
import urllib.error
import urllib.request

url = sys.argv[1]
try:
    with urllib.request.urlopen(url, timeout=30) as r:
        outcome = f"{r.status} {r.read().decode(errors='replace')}"
except urllib.error.HTTPError as e:
    outcome = f"{e.code} {e.read().decode(errors='replace')}"
log = os.environ.get("TEST_BROWSER_LOG")
if log:
    with open(log, "a") as f:
        f.write(outcome + "\n")
