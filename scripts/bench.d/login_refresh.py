#!/usr/bin/env python3
"""N processes at once on one expired `aws login` session, against the
test fake of AWS Sign-In (tests/support/signin_server.py, whose refresh
tokens work once, as the real ones do): how many refresh calls each tool
makes, and how many of its processes fail. botocore's own `login_session`
provider (tests/support/login_client.py; needs botocore's `crt` extra)
beside `credbroker credential-process`.

Usage: login_refresh.py CREDBROKER_BIN [--n 16] [--rounds 5]
Prints one line per round and tool; never a credential.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUPPORT = os.path.join(ROOT, "tests", "support")
SESSION = "arn:aws:iam::123456789012:user/console"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("credbroker")
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    server = subprocess.Popen([sys.executable, os.path.join(SUPPORT, "signin_server.py")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[1])

    def ctl(ns, op):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ctl/{ns}/{op}") as r:
            return json.load(r)

    tools = {
        "botocore": lambda: [sys.executable, os.path.join(SUPPORT, "login_client.py"), "console"],
        "credbroker": lambda: [args.credbroker, "credential-process", "console"],
    }
    for rnd in range(1, args.rounds + 1):
        for tool, command in tools.items():
            ns = f"{tool}-{rnd}"
            with tempfile.TemporaryDirectory() as home:
                os.makedirs(os.path.join(home, ".aws", "login", "cache"))
                with open(os.path.join(home, ".aws", "config"), "w") as f:
                    f.write(f"[profile console]\nlogin_session = {SESSION}\nregion = eu-west-1\n")
                name = hashlib.sha256(SESSION.encode()).hexdigest() + ".json"
                with open(os.path.join(home, ".aws", "login", "cache", name), "w") as f:
                    json.dump(ctl(ns, "login?expires_in=-60"), f)
                env = {"HOME": home, "PATH": os.environ.get("PATH", ""),
                       "AWS_ENDPOINT_URL_SIGNIN": f"http://127.0.0.1:{port}/ns/{ns}"}
                if "PYTHONPATH" in os.environ:
                    env["PYTHONPATH"] = os.environ["PYTHONPATH"]
                procs = [subprocess.Popen(command(), env=env, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL) for _ in range(args.n)]
                failed = sum(p.wait() != 0 for p in procs)
            c = ctl(ns, "counts")
            print(f"round {rnd} {tool:10} processes {args.n}: refresh calls {c['refresh']}, "
                  f"refused {c['refused']}, processes failed {failed}")
    server.stdin.close()
    server.wait()


if __name__ == "__main__":
    main()
