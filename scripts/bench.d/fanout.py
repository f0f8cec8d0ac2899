#!/usr/bin/env python3
"""Fan-out benchmark for scripts/bench: `credbroker batch` on 1,000 accounts.

Usage: fanout.py --cb CREDBROKER --boto BOTOCORE_CREDS.PY --home HOME
                 --endpoint URL --ctl URL --out DIR [--accounts 1000]
                 [--concurrency 64] [--boto-sample 20] [--warm-reps 5]

Measures, against the local STS (namespace given by --endpoint/--ctl):
  1. batch cold: 1,000 accounts, one role name, source profile `base`
     (static keys), --concurrency 64: wall time, AssumeRole calls, peak RSS;
  2. batch warm: the same again (median of --warm-reps runs);
  3. the botocore loop: one botocore process per account, as a shell loop
     of the AWS CLI would resolve them, cold; only --boto-sample accounts
     are run and the time is extrapolated to all of them (said so);
  4. batch `-- true` on the warm targets against a shell loop of
     `credbroker exec --role-arn … -- true` (the cost of fan-out per command).
Peak RSS is GNU time's maximum resident set size (/usr/bin/time -f %M).
Every run is checked: exit 0, one ok line per account, the expected calls.
Writes DIR/fanout.json and DIR/fanout.md; prints the Markdown to stdout.
Credentials are never printed: stdout of credbroker goes to a file that is
parsed for `ok` and the account id, then deleted.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request


def counts(ctl):
    with urllib.request.urlopen(ctl.rstrip("/") + "/counts", timeout=30) as r:
        return json.load(r).get("AssumeRole", 0)


TIME = "/usr/bin/time"


def run(argv, env, stdout_path=None):
    """(wall seconds, peak RSS in MiB, exit code). The peak RSS comes from
    /usr/bin/time (GNU time's %M): a child's ru_maxrss also counts what its
    parent had mapped when it forked, so it is measured under the small
    `time` process rather than under this Python one."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    timed = [TIME, "-f", "credbroker-bench-rss %M"] + argv if os.path.exists(TIME) else argv
    t0 = time.monotonic()
    proc = subprocess.run(timed, env=env, stdout=out, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    if stdout_path:
        out.close()
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        sys.stderr.write(f"fanout: {argv[0]} exited {proc.returncode}:\n{err[-2000:]}\n")
        sys.exit(1)
    rss = [l.split()[1] for l in err.splitlines() if l.startswith("credbroker-bench-rss ")]
    return wall, (int(rss[-1]) / 1024.0 if rss else float("nan")), proc.returncode


def check_lines(path, ids):
    seen = set()
    with open(path) as f:
        for line in f:
            doc = json.loads(line)
            if doc.get("ok") is not True:
                sys.exit(f"fanout: a batch line is not ok: {doc.get('error')}")
            seen.add(doc["account_id"])
    os.unlink(path)
    if seen != set(ids):
        sys.exit(f"fanout: {len(seen)} accounts in the output, expected {len(ids)}")


def main():
    ap = argparse.ArgumentParser()
    for name in ("cb", "boto", "home", "endpoint", "ctl", "out", "python"):
        ap.add_argument("--" + name, required=name != "python")
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--boto-sample", type=int, default=20)
    ap.add_argument("--warm-reps", type=int, default=5)
    a = ap.parse_args()
    python = a.python or sys.executable

    ids = [f"{700000000000 + i:012d}" for i in range(a.accounts)]
    aws = os.path.join(a.home, ".aws")
    os.makedirs(aws, exist_ok=True)
    accounts = os.path.join(a.home, "accounts.txt")
    with open(accounts, "w") as f:
        f.write("\n".join(ids) + "\n")
    # Profiles for the botocore loop: the same roles, one profile each.
    with open(os.path.join(aws, "config"), "w") as f:
        f.write("[profile base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
                "region = us-east-1\n")
        for i in ids:
            f.write(f"\n[profile acct-{i}]\nrole_arn = arn:aws:iam::{i}:role/audit\n"
                    "source_profile = base\nregion = us-east-1\n")
    env = {"HOME": a.home, "PATH": os.environ["PATH"], "USER": "bench",
           "LANG": "C.UTF-8", "AWS_ENDPOINT_URL_STS": a.endpoint}
    cache = os.path.join(a.home, ".cache", "credbroker")
    batch = [a.cb, "batch", "--accounts-file", accounts, "--role-name", "audit",
             "--source-profile", "base", "--concurrency", str(a.concurrency), "--quiet"]
    lines = os.path.join(a.home, "lines.jsonl")
    r = {"accounts": a.accounts, "concurrency": a.concurrency}

    sys.stderr.write("fanout: batch cold\n")
    subprocess.run(["rm", "-rf", cache], check=True)
    before = counts(a.ctl)
    r["cold_s"], r["cold_rss_mib"], _ = run(batch, env, lines)
    r["cold_calls"] = counts(a.ctl) - before
    check_lines(lines, ids)
    if r["cold_calls"] != a.accounts:
        sys.exit(f"fanout: cold batch made {r['cold_calls']} AssumeRole calls")

    sys.stderr.write("fanout: batch warm\n")
    warm, rss = [], []
    before = counts(a.ctl)
    for _ in range(a.warm_reps):
        w, m, _ = run(batch, env, lines)
        check_lines(lines, ids)
        warm.append(w)
        rss.append(m)
    r["warm_s"] = statistics.median(warm)
    r["warm_rss_mib"] = max(rss)
    r["warm_calls"] = counts(a.ctl) - before

    sys.stderr.write(f"fanout: botocore loop, {a.boto_sample} of {a.accounts} accounts\n")
    subprocess.run(["rm", "-rf", os.path.join(aws, "cli", "cache")], check=True)
    t0 = time.monotonic()
    for i in ids[: a.boto_sample]:
        run([python, a.boto, f"acct-{i}"], env)
    sample = time.monotonic() - t0
    r["boto_sample"] = a.boto_sample
    r["boto_sample_s"] = sample
    r["boto_extrapolated_s"] = sample * a.accounts / a.boto_sample
    r["cold_speedup"] = r["boto_extrapolated_s"] / r["cold_s"]

    sys.stderr.write("fanout: -- true on warm targets, and an exec loop\n")
    before = counts(a.ctl)
    r["cmd_batch_s"], r["cmd_batch_rss_mib"], _ = run(batch + ["--", "true"], env)
    loop = ("while read -r id; do "
            f"{a.cb} exec --role-arn arn:aws:iam::$id:role/audit --source-profile base -- true "
            "|| exit 1; done < " + accounts)
    r["cmd_loop_s"], _, _ = run(["bash", "-c", loop], env)
    r["cmd_calls"] = counts(a.ctl) - before
    r["cmd_per_target_ms"] = 1000 * r["cmd_batch_s"] / a.accounts
    r["exec_per_target_ms"] = 1000 * r["cmd_loop_s"] / a.accounts

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "fanout.json"), "w") as f:
        json.dump(r, f, indent=2)
    met = lambda ok: "met" if ok else "NOT met"
    md = f"""
### Fan-out: `credbroker batch`, {a.accounts} accounts, concurrency {a.concurrency}

| run | wall | AssumeRole calls | peak RSS | target |
|---|---|---|---|---|
| batch, cold | {r['cold_s']:.2f} s | {r['cold_calls']} | {r['cold_rss_mib']:.1f} MiB | ≥ 50× the botocore loop: {r['cold_speedup']:.0f}×, {met(r['cold_speedup'] >= 50)}; RSS < 64 MB: {met(r['cold_rss_mib'] * 1.048576 < 64)} |
| batch, warm (median of {a.warm_reps}) | {r['warm_s']:.3f} s | {r['warm_calls']} | {r['warm_rss_mib']:.1f} MiB | < 0.5 s: {met(r['warm_s'] < 0.5)} |
| botocore loop (one process per account, cold) | {r['boto_extrapolated_s']:.0f} s, extrapolated from {a.boto_sample} accounts in {r['boto_sample_s']:.1f} s | ({a.accounts}) | | |
| batch `-- true`, warm | {r['cmd_batch_s']:.2f} s ({r['cmd_per_target_ms']:.2f} ms per target) | | {r['cmd_batch_rss_mib']:.1f} MiB | |
| shell loop of `credbroker exec … -- true`, warm | {r['cmd_loop_s']:.2f} s ({r['exec_per_target_ms']:.2f} ms per target) | {r['cmd_calls']} (both) | | |
"""
    with open(os.path.join(a.out, "fanout.md"), "w") as f:
        f.write(md)
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
