#!/usr/bin/env python3
"""Credential server benchmark for scripts/bench: a warm `credbroker serve`
beside the same number of `credbroker credential-process` runs.

Usage: serve.py --cb CREDBROKER --load SERVE_LOAD --home HOME
                --endpoint URL --ctl URL --out DIR
                [--n 10000] [--concurrency 1,16] [--memory-requests 100000]

Against the local STS (namespace given by --endpoint/--ctl), with the
chain base -> mid -> prod of HOME:
  1. warms the cache (`credential-process prod`), starts `serve prod`;
  2. for each concurrency C: N requests to the server over C keep-alive
     connections, then N `credential-process prod` runs, C at a time
     (serve_load: requests or runs per second, p50, p99, max);
  3. the server's resident memory (VmRSS) after 1,000 requests and again
     after --memory-requests more;
  4. checks: every answer 200 / exit 0, one AccessKeyId for all (the same
     from both), no STS call while timing, the server exits 0 on SIGTERM.
Writes DIR/server.json and DIR/server.md; prints the Markdown to stdout.
Credentials are never printed: serve_load parses answers and keeps only
the key id; the server's variables stay in this process.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import urllib.request


def counts(ctl):
    with urllib.request.urlopen(ctl.rstrip("/") + "/counts", timeout=30) as r:
        return json.load(r).get("AssumeRole", 0)


def die(message):
    sys.stderr.write(f"serve.py: {message}\n")
    sys.exit(1)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def load(argv, env):
    proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        die(f"{' '.join(argv[:2])} failed: {proc.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(proc.stdout)


def main():
    ap = argparse.ArgumentParser()
    for name in ("--cb", "--load", "--home", "--endpoint", "--ctl", "--out"):
        ap.add_argument(name, required=True)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--concurrency", default="1,16")
    ap.add_argument("--memory-requests", type=int, default=100000)
    a = ap.parse_args()
    env = {
        "HOME": a.home,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "USER": "bench",
        "LANG": "C.UTF-8",
        "AWS_ENDPOINT_URL_STS": a.endpoint,
    }
    warm = subprocess.run([a.cb, "credential-process", "prod"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if warm.returncode != 0:
        die(f"credential-process prod failed: {warm.stderr.decode(errors='replace')}")
    server = subprocess.Popen([a.cb, "serve", "prod", "--format", "json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = server.stdout.readline()
        if not line:
            die(f"serve printed nothing: {server.stderr.read().decode(errors='replace')}")
        variables = json.loads(line)
        url = variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
        token = variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        before = counts(a.ctl)
        rows = []
        for c in [int(x) for x in a.concurrency.split(",")]:
            sys.stderr.write(f"serve: {a.n} requests, {c} at a time\n")
            http = load([a.load, "http", url, token, str(a.n), str(c)], env)
            sys.stderr.write(f"credential-process: {a.n} runs, {c} at a time\n")
            runs = load([a.load, "exec", str(a.n), str(c), "--", a.cb, "credential-process", "prod"], env)
            rows.append({"concurrency": c, "serve": http, "credential_process": runs})
        keys = {r[k]["access_key_id"] for r in rows for k in ("serve", "credential_process")}
        if len(keys) != 1:
            die(f"{len(keys)} different AccessKeyIds between the server and credential-process")
        load([a.load, "http", url, token, "1000", "16"], env)
        rss_before = rss_mib(server.pid)
        sys.stderr.write(f"serve: {a.memory_requests} more requests for its memory\n")
        memory = load([a.load, "http", url, token, str(a.memory_requests), "16"], env)
        rss_after = rss_mib(server.pid)
        calls = counts(a.ctl) - before
        if calls != 0:
            die(f"{calls} AssumeRole calls while timing a warm cache")
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            code = server.wait()
    if code != 0:
        die(f"serve exited {code} on SIGTERM: {server.stderr.read().decode(errors='replace')[-2000:]}")
    result = {"n": a.n, "rows": rows, "rss_mib_after_1000": rss_before,
              "rss_mib_after_more": rss_after, "memory_requests": a.memory_requests,
              "memory_run": memory, "sts_calls": calls}
    with open(os.path.join(a.out, "server.json"), "w") as f:
        json.dump(result, f, indent=1)
    md = render(result)
    with open(os.path.join(a.out, "server.md"), "w") as f:
        f.write(md)
    sys.stdout.write(md)


def render(r):
    n = f"{r['n']:,}"
    out = [
        "",
        f"**Credential server** (warm cache, {n} requests to `serve prod` over keep-alive "
        f"connections beside {n} `credential-process prod` runs; serve_load, times per "
        "request or run)",
        "",
        "| concurrency | `serve`: requests/s | p50 | p99 | `credential-process`: runs/s | p50 | p99 | serve / process throughput |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in r["rows"]:
        s, p = row["serve"], row["credential_process"]
        out.append(
            f"| {row['concurrency']} | {s['per_second']:,.0f} | {s['p50_ms']:.3f} ms | {s['p99_ms']:.3f} ms "
            f"| {p['per_second']:,.0f} | {p['p50_ms']:.2f} ms | {p['p99_ms']:.2f} ms "
            f"| {s['per_second'] / p['per_second']:.0f}× |")
    m = r["memory_run"]
    out += [
        "",
        f"Server memory (VmRSS): {r['rss_mib_after_1000']:.1f} MiB after 1,000 requests, "
        f"{r['rss_mib_after_more']:.1f} MiB after {r['memory_requests']:,} more "
        f"({m['per_second']:,.0f} requests/s, p99 {m['p99_ms']:.3f} ms, concurrency 16). "
        f"One AccessKeyId in every answer; {r['sts_calls']} STS calls while timing.",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    main()
