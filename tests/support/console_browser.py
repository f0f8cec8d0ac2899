#!/usr/bin/env python3
"""A test "browser" for `credbroker console`: given as $BROWSER, it opens
the URL it is given as a browser would, without following the redirect to
the real console, and appends what it saw as one JSON line to
$TEST_BROWSER_LOG: the URL, the CREDBROKER_* variables it was started with,
and the sign-in endpoint's answer (status and Location)."""

import json
import os
import sys
import urllib.error
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


url = sys.argv[1]
seen = {"url": url, "argc": len(sys.argv) - 1,
        "env": {k: v for k, v in os.environ.items() if k.startswith("CREDBROKER_")}}
try:
    with urllib.request.build_opener(NoRedirect).open(url, timeout=30) as r:
        seen["status"], seen["location"] = r.status, r.headers.get("Location")
except urllib.error.HTTPError as e:
    seen["status"], seen["location"] = e.code, e.headers.get("Location")
with open(os.environ["TEST_BROWSER_LOG"], "a") as f:
    f.write(json.dumps(seen) + "\n")
