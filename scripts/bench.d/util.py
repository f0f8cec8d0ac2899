#!/usr/bin/env python3
"""Small helpers for scripts/bench (standard library only).

    util.py counts URL [ACTION]   STS calls of ACTION (default AssumeRole) in
                                  a namespace; URL is http://HOST:PORT/ctl/NS
    util.py keyid                 read credential_process JSON on stdin and
                                  print only its AccessKeyId (never a secret)
    util.py target-dir            cargo's target directory (from
                                  `cargo metadata` JSON on stdin)
"""

import json
import sys
import urllib.request


def main(argv):
    if len(argv) >= 2 and argv[1] == "counts" and len(argv) in (3, 4):
        action = argv[3] if len(argv) == 4 else "AssumeRole"
        with urllib.request.urlopen(argv[2].rstrip("/") + "/counts", timeout=30) as r:
            print(json.load(r).get(action, 0))
        return 0
    if argv[1:] == ["keyid"]:
        text = sys.stdin.read()
        try:
            doc = json.loads(text)
            key = doc["AccessKeyId"]
            if doc.get("Version") != 1 or not doc.get("SecretAccessKey") or not key:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            sys.stderr.write(
                f"util.py keyid: stdout was not credential_process JSON ({len(text)} bytes)\n")
            return 1
        print(key)
        return 0
    if argv[1:] == ["target-dir"]:
        print(json.load(sys.stdin)["target_directory"])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
