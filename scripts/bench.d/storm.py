#!/usr/bin/env python3
"""Storm launcher: start N copies of one command at the same instant, wait
for all of them, and time each one.

Usage:
    storm.py --n N --out FILE [--label TEXT] [--ctl URL] [--prime]
             [--expect same-key|any-key|none] -- COMMAND [ARG...]

How the start is made simultaneous: the launcher forks N children first;
each child sets up its stdin (/dev/null), stdout and stderr (files in a
private temporary directory) and execs a tiny /bin/sh stub that tells the
launcher it is ready and blocks on a pipe. When all N are ready the launcher
notes the time and closes the pipe: every stub wakes at once and execs
COMMAND. So forking is not in any measurement, and all N processes really
compete for the CPUs, the cache and its locks at the same time. What remains
of the launcher in each measurement is the stub's wake-up and exec (a few
tenths of a millisecond of CPU per process, the same for every command).

What is measured, for each process: wall time from that release to its exit
(as seen by wait4 in the launcher), its exit code, and its user+system CPU
time (which includes the fork child's and the stub's before the release, a
few ms). The storm's total is the release to the last exit.

--ctl URL    the local STS's control URL for this storm's namespace
             (http://127.0.0.1:PORT/ctl/NS): the launcher reads the call
             counts just before the release and just after the last exit,
             and records the difference.
--prime      run COMMAND once (untimed, before the counts are read) so the
             storm is a warm one; it must exit 0.
--expect     same-key: every process prints credential_process JSON with one
             and the same AccessKeyId (default); any-key: JSON with an
             AccessKeyId, not necessarily the same one (a baseline that
             assumes the role once per process); none: no output check.

Secrets: stdout files are read, parsed and deleted; only AccessKeyIds (not
secret) and counts are recorded. Stderr excerpts of failed processes are
recorded with every secret seen in any stdout replaced by <redacted>.

The JSON written to --out is described in README.md beside this file. The
exit code is 0 when the storm ran, whatever its checks found (the caller
reads "checks"); 2 on a usage error or when the storm could not run.
"""

import argparse
import fcntl
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request


def counts(url):
    with urllib.request.urlopen(url.rstrip("/") + "/counts", timeout=30) as r:
        return json.load(r)


def percentile(sorted_values, q):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def run_prime(argv):
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


# The stub each child runs before the release: say "ready" on fd 4, wait for
# EOF on fd 3, close both, exec the command. A small shell is the cheapest
# thing to exec from a fork of Python: after the release only the shell's
# wake-up and its exec remain, not the teardown of a copy of the launcher.
STUB = 'printf . >&4; exec 4>&-; read _ <&3; exec 3<&-; exec "$@"'


def spawn(argv, out_path, err_path, barrier, ready):
    """Fork a child that waits (in /bin/sh) for the release, then execs argv."""
    out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err_fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open(os.devnull, os.O_RDONLY)
            # Park every source above the targets, then place them: 0-2 the
            # usual, 3 the barrier, 4 the ready pipe; close everything else.
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100)
                    for fd in (null, out_fd, err_fd, barrier, ready)]
            for target, fd in enumerate(high):
                os.dup2(fd, target)
                os.set_inheritable(target, True)
            os.closerange(5, 1 << 16)
            os.execv("/bin/sh", ["sh", "-c", STUB, "sh"] + argv)
        except BaseException as e:
            try:
                os.write(2, f"storm.py: cannot start {argv[0]}: {e}\n".encode())
            except OSError:
                pass
        os._exit(127)
    os.close(out_fd)
    os.close(err_fd)
    return pid


def read_and_delete(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return ""
    os.unlink(path)
    return data.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser(description="start N processes at once and time each")
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--ctl")
    ap.add_argument("--prime", action="store_true")
    ap.add_argument("--expect", choices=["same-key", "any-key", "none"], default="same-key")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    argv = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not argv or args.n < 1:
        ap.error("need --n >= 1 and a command after --")
    exe = shutil.which(argv[0])
    if exe is None:
        sys.stderr.write(f"storm.py: command not found: {argv[0]}\n")
        return 2
    argv = [os.path.abspath(exe)] + argv[1:]

    workdir = tempfile.mkdtemp(prefix="storm-")
    try:
        return storm(args, argv, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def storm(args, argv, workdir):
    n = args.n
    result = {
        "label": args.label,
        "n": n,
        "command": [os.path.basename(argv[0])] + argv[1:],
        "primed": args.prime,
    }

    if args.prime:
        code, out, err = run_prime(argv)
        if code != 0:
            sys.stderr.write(
                f"storm.py: priming run of {args.label or argv[0]} exited {code}; "
                f"stderr:\n{err[-2000:]}\n")
            return 2
        if args.expect != "none":
            try:
                result["prime_access_key_id"] = json.loads(out)["AccessKeyId"]
            except (ValueError, KeyError, TypeError):
                sys.stderr.write("storm.py: priming run printed no credential JSON\n")
                return 2

    barrier_r, barrier_w = os.pipe()
    ready_r, ready_w = os.pipe()
    pids = {}
    paths = []
    for i in range(n):
        out_path = os.path.join(workdir, f"{i}.out")
        err_path = os.path.join(workdir, f"{i}.err")
        paths.append((out_path, err_path))
        pid = spawn(argv, out_path, err_path, barrier=barrier_r, ready=ready_w)
        pids[pid] = i
    os.close(barrier_r)
    os.close(ready_w)
    got = 0
    while got < n:  # every child has closed its copies of the pipes' ends
        chunk = os.read(ready_r, n - got)
        if not chunk:
            break
        got += len(chunk)
    os.close(ready_r)
    if got < n:
        os.close(barrier_w)
        for pid in pids:
            os.waitpid(pid, 0)
        sys.stderr.write(f"storm.py: only {got} of {n} children got ready\n")
        return 2

    before = counts(args.ctl) if args.ctl else None
    t0 = time.perf_counter_ns()
    os.close(barrier_w)  # release: all children exec now
    wall_ns = [0] * n
    codes = [None] * n
    cpu_s = [0.0] * n
    for _ in range(n):
        pid, status, ru = os.wait4(-1, 0)
        t = time.perf_counter_ns()
        i = pids[pid]
        wall_ns[i] = t - t0
        codes[i] = os.waitstatus_to_exitcode(status)
        cpu_s[i] = ru.ru_utime + ru.ru_stime
    total_ns = max(wall_ns)
    after = counts(args.ctl) if args.ctl else None

    # Outputs: AccessKeyIds only; secrets are kept just long enough to redact
    # them from stderr excerpts.
    key_ids = []
    secrets = set()
    stderrs = []
    bad_output = 0
    for i, (out_path, err_path) in enumerate(paths):
        out = read_and_delete(out_path)
        stderrs.append(read_and_delete(err_path))
        if args.expect == "none":
            continue
        try:
            doc = json.loads(out)
            key_ids.append(doc["AccessKeyId"])
            for k in ("SecretAccessKey", "SessionToken"):
                if doc.get(k):
                    secrets.add(doc[k])
        except (ValueError, KeyError, TypeError):
            key_ids.append(None)
            if codes[i] == 0:
                bad_output += 1

    def redact(text):
        for s in secrets:
            text = text.replace(s, "<redacted>")
        return text

    failed = [i for i in range(n) if codes[i] != 0]
    distinct = sorted({k for k in key_ids if k})
    walls_ms = sorted(w / 1e6 for w in wall_ns)
    checks = {
        "all_exit_0": not failed,
        "exit_codes": sorted({c for c in codes}),
        "failed": len(failed),
        "bad_output": bad_output,
    }
    if args.expect != "none":
        checks["distinct_access_key_ids"] = len(distinct)
    if args.expect == "same-key":
        same = len(distinct) == 1 and None not in key_ids
        if args.prime:
            same = same and distinct == [result["prime_access_key_id"]]
        checks["same_access_key_id"] = same
    checks["ok"] = (checks["all_exit_0"] and bad_output == 0
                    and checks.get("same_access_key_id", True))
    if distinct and args.expect == "same-key":
        result["access_key_id"] = distinct[0]
    if failed:
        checks["stderr_samples"] = [
            {"process": i, "exit": codes[i], "stderr": redact(stderrs[i])[-1500:]}
            for i in failed[:3]
        ]
    result.update({
        "total_ms": total_ns / 1e6,
        "p50_ms": percentile(walls_ms, 0.50),
        "p99_ms": percentile(walls_ms, 0.99),
        "min_ms": walls_ms[0],
        "max_ms": walls_ms[-1],
        "mean_ms": sum(walls_ms) / n,
        # user+system CPU per process, including the launcher's fork child
        # and stub before the release (a few ms): compare storms, not tools.
        "cpu_ms_mean_incl_launcher": 1000 * sum(cpu_s) / n,
        "checks": checks,
    })
    if before is not None:
        actions = set(before) | set(after)
        result["sts_calls"] = {a: after.get(a, 0) - before.get(a, 0) for a in sorted(actions)}
        result["assume_role_calls"] = result["sts_calls"].get("AssumeRole", 0)

    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    facts = []
    if "assume_role_calls" in result:
        facts.append(f"{result['assume_role_calls']} AssumeRole")
    if "distinct_access_key_ids" in checks:
        facts.append(f"{checks['distinct_access_key_ids']} distinct AccessKeyId")
    facts.append(f"exit 0: {n - len(failed)}/{n}")
    status = "ok" if checks["ok"] else "CHECK FAILED"
    sys.stderr.write(
        f"  {args.label or 'storm'} N={n}: p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, total {result['total_ms']:.1f} ms; "
        f"{', '.join(facts)} [{status}]\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
