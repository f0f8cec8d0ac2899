#!/usr/bin/env python3
"""`credbroker console --print` on a warm cache, against the fake sign-in
endpoint, beside a cache hit and the endpoint's own answer.

Usage (scripts/bench runs it as its step "console", or alone with
`scripts/bench --console-only`):
    console.py --cb CREDBROKER --noop DO_NOTHING --out DIR

Starts the local STS (moto) and the fake sign-in federation endpoint of
tests/support, and a throwaway HOME whose config holds the chain base
(keys) -> mid -> prod. Warms `credential-process prod`, `console prod` (a
role chain's session) and `console base` (long-term keys: a federated
user's session, cached), then one hyperfine run times the do-nothing
binary, the cache hit, and both consoles with --print (output discarded:
the URLs are never shown); then the same commands run in turn, one of each
per round (--rounds, 300), so that a shared machine's changing load falls
on all of them alike. Beside them, the endpoint's own answer: one
getSigninToken on a new connection, timed in this process (median of 200),
which is what a warm console cannot do without. Checks that timing made no
STS call and that every console run made exactly one getSigninToken call.
Prints a Markdown table; raw results in DIR/hyperfine-console.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CONFIG = """[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[profile mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = base

[profile prod]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = mid
region = eu-west-1
"""

COMMANDS = [
    ("do-nothing", None),
    ("cache hit", ["credential-process", "prod"]),
    ("console, role chain", ["console", "prod", "--print"]),
    ("console, long-term keys", ["console", "base", "--print"]),
]


def start(script):
    proc = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "tests/support", script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    word, port = proc.stdout.readline().split()
    assert word == "LISTENING", script
    return proc, int(port)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


def endpoint_answer_ms(signin, runs=200):
    """getSigninToken on a new connection each time, as each credbroker
    run makes one: the median, in ms. A made-up session: the fake checks
    its shape, not its keys."""
    session = json.dumps({"sessionId": "ASIABENCH", "sessionKey": "k", "sessionToken": "t"})
    url = f"{signin}/federation?Action=getSigninToken&Session={urllib.parse.quote_plus(session)}"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as answer:
            json.loads(answer.read())["SigninToken"]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved(commands, env, rounds):
    """Each command once per round, in turn: median wall time in ms."""
    times = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, line in commands:
            start = time.perf_counter()
            subprocess.run(line, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cb", required=True)
    ap.add_argument("--noop", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-runs", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=300)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    export = os.path.join(args.out, "hyperfine-console.json")

    sts, sts_port = start("sts_server.py")
    signin_proc, signin_port = start("federation_server.py")
    work = tempfile.mkdtemp(prefix="credbroker-console.")
    os.chmod(work, 0o700)
    try:
        ns = f"console{os.getpid()}"
        signin = f"http://127.0.0.1:{signin_port}/ns/{ns}"
        home = os.path.join(work, "home")
        os.makedirs(os.path.join(home, ".aws"))
        with open(os.path.join(home, ".aws/config"), "w") as f:
            f.write(CONFIG)
        env = {
            "HOME": home,
            "PATH": os.environ["PATH"],
            "USER": "bench",
            "LANG": "C.UTF-8",
            "AWS_ENDPOINT_URL_STS": f"http://127.0.0.1:{sts_port}/ns/{ns}",
            "AWS_ENDPOINT_URL_SIGNIN": signin,
        }
        for _, argv in COMMANDS[1:]:
            run = subprocess.run([args.cb, *argv], env=env, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"console: warming `{' '.join(argv)}` failed: {run.stderr.strip()}")
        time.sleep(2.5)  # past the memo's "recently changed" window (src/memo.rs)

        def sts_calls():
            return get(f"http://127.0.0.1:{sts_port}/ctl/{ns}/counts")

        def signin_calls():
            return get(f"http://127.0.0.1:{signin_port}/ctl/{ns}/counts").get("getSigninToken", 0)

        before, signin_before = sts_calls(), signin_calls()
        warmup = 10
        cmd = ["hyperfine", "-N", "--warmup", str(warmup), "--min-runs", str(args.min_runs)]
        cmd += ["--style", "basic", "--export-json", export]
        lines = [(name, [args.noop] if argv is None else [args.cb, *argv]) for name, argv in COMMANDS]
        for name, line in lines:
            cmd += ["--command-name", name, " ".join(line)]
        subprocess.run(cmd, check=True, stdout=sys.stderr, env=env)
        in_turn = interleaved(lines, env, args.rounds)
        if sts_calls() != before:
            sys.exit(f"console: timing called STS: {before} -> {sts_calls()}")
        with open(export) as f:
            results = {r["command"]: r for r in json.load(f)["results"]}
        consoles = [name for name, argv in COMMANDS if argv and argv[0] == "console"]
        expected = sum(len(results[n]["times"]) + warmup + args.rounds for n in consoles)
        made = signin_calls() - signin_before
        if made != expected:
            sys.exit(f"console: {made} getSigninToken calls for {expected} console runs")
        answer_ms = endpoint_answer_ms(signin)
    finally:
        sts.stdin.close()
        signin_proc.stdin.close()
        sts.wait()
        signin_proc.wait()
        subprocess.run(["rm", "-rf", work])

    median = {name: results[name]["median"] * 1000 for name, _ in COMMANDS}
    cpu = {name: (results[name]["user"] + results[name]["system"]) * 1000 for name, _ in COMMANDS}
    print("Console on a warm cache, fake sign-in endpoint on loopback: one hyperfine run "
          f"(median, CPU), then {args.rounds} rounds of the commands in turn (median)\n")
    print("| command | hyperfine median | CPU (user+sys, mean) | in turn, median "
          "| in turn, beyond the cache hit |")
    print("|---|---|---|---|---|")
    for name, _ in COMMANDS:
        extra = "" if name in ("do-nothing", "cache hit") else (
            f"{in_turn[name] - in_turn['cache hit']:+.2f} ms")
        print(f"| {name} | {median[name]:.2f} ms ({len(results[name]['times'])} runs) "
              f"| {cpu[name]:.2f} ms | {in_turn[name]:.2f} ms | {extra} |")
    print(f"| the endpoint's answer alone (getSigninToken on a new connection, "
          f"in-process, median of 200) | | | {answer_ms:.2f} ms | |")
    print("\n(\"In turn\" times include this script's fork and exec of each command.)")
    print("\nChecks: no STS call while timing; one getSigninToken call per console run.")


if __name__ == "__main__":
    main()
