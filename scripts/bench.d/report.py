#!/usr/bin/env python3
"""Reports for scripts/bench (standard library only).

    report.py hit DIR          medians and ratios of DIR/hyperfine.json
    report.py size DIR         medians and ratio of DIR/hyperfine-config-size.json
    report.py summary DIR [KEY=VALUE ...]
                               the Markdown summary of DIR/hyperfine.json and
                               DIR/storms/*.json on stdout, also written to
                               DIR/summary.md; KEY=VALUE pairs describe the
                               run (date, nproc, cpu, credbroker, git, ...)

Exit code of `summary`: 0 when every correctness check passed (targets met
or not), 1 when a check failed (a process failed, AccessKeyIds differ, a warm
run called STS, a file is missing).
"""

import json
import os
import re
import sys

# The three commands of the cache-hit benchmark, in hyperfine's order.
HIT_NAMES = ("do-nothing", "credbroker", "botocore")
STORM_NS = (16, 64, 256)

# Targets.
HIT_B_OVER_A_MAX = 1.5
# A hit with a 5,000-profile config, over a hit with the small one.
SIZE_RATIO_MAX = 2.0
HIT_C_OVER_B_MIN = 100.0
COLD_ASSUME_ROLE_CALLS = 2
WARM_TOTAL_RATIO_MAX = 1.5
WARM_TARGET_N = 256

STORM_FILE = re.compile(r"(?P<tool>[a-z]+)-(?P<state>cold|warm)-(?P<n>[0-9]+)-r(?P<rep>[0-9]+)\.json")


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt_ms(ms):
    if ms is None:
        return "—"
    if ms >= 10000:
        return f"{ms / 1000:.1f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def met(ok):
    return "met" if ok else "**NOT met**"


def hit_results(d):
    """{name: hyperfine result} for the three commands."""
    doc = load(os.path.join(d, "hyperfine.json"))
    results = doc["results"]
    if len(results) != 3:
        raise SystemExit(f"report.py: hyperfine.json has {len(results)} results, expected 3")
    return dict(zip(HIT_NAMES, results))


def hit_ratios(r):
    a = r["do-nothing"]["median"]
    b = r["credbroker"]["median"]
    c = r["botocore"]["median"]
    return b / a, c / b


def cmd_hit(d):
    r = hit_results(d)
    print("cache hit, hyperfine medians:")
    for label, name in (("(a) do-nothing binary", "do-nothing"),
                        ("(b) credbroker credential-process prod", "credbroker"),
                        ("(c) botocore, warm ~/.aws/cli/cache", "botocore")):
        x = r[name]
        print(f"  {label:42} median {fmt_ms(x['median'] * 1000):>9}  "
              f"mean {fmt_ms(x['mean'] * 1000):>9} ± {fmt_ms(x['stddev'] * 1000):>9}  "
              f"({len(x['times'])} runs)")
    ba, cb = hit_ratios(r)
    print(f"  b/a = {ba:.2f}  (target ≤ {HIT_B_OVER_A_MAX}: {met(ba <= HIT_B_OVER_A_MAX)})")
    print(f"  c/b = {cb:.0f}  (target ≥ {HIT_C_OVER_B_MIN:.0f}: {met(cb >= HIT_C_OVER_B_MIN)})")
    return 0


def median_rep(reps):
    """The repetition with the median total (the upper one of an even count)."""
    return reps[len(reps) // 2] if reps else None


def storm_cell(reps, calls=True):
    s = median_rep(reps)
    if s is None:
        return "—"
    parts = [f"p50 {fmt_ms(s['p50_ms'])}", f"p99 {fmt_ms(s['p99_ms'])}",
             f"total {fmt_ms(s['total_ms'])}"]
    if calls and "assume_role_calls" in s:
        counts = sorted({r.get("assume_role_calls") for r in reps})
        each = " each" if len(reps) > 1 and len(counts) == 1 else ""
        parts.append(f"{'/'.join(map(str, counts))} AssumeRole{each}")
    cell = " · ".join(parts)
    if len(reps) > 1:
        cell += f" (median of {len(reps)})"
    return cell


def cmd_summary(d, pairs):
    meta = dict(p.split("=", 1) for p in pairs)
    problems = []
    lines = []

    r = hit_results(d)
    ba, cb = hit_ratios(r)
    # storms[tool, state, n] = the repetitions' results, fastest total first.
    storms = {}
    for name in sorted(os.listdir(os.path.join(d, "storms"))):
        m = STORM_FILE.fullmatch(name)
        if m:
            key = (m["tool"], m["state"], int(m["n"]))
            storms.setdefault(key, []).append(load(os.path.join(d, "storms", name)))
    for reps in storms.values():
        reps.sort(key=lambda s: s["total_ms"])
    for tool, state in (("credbroker", "cold"), ("credbroker", "warm"),
                        ("botocore", "cold"), ("botocore", "warm"), ("noop", "warm")):
        for n in STORM_NS:
            if (tool, state, n) not in storms:
                problems.append(f"no {tool} {state} storm of {n} in {d}/storms")

    # Correctness checks, over every repetition.
    processes = 0
    for (tool, state, n), reps in sorted(storms.items()):
        for s in reps:
            processes += s["n"]
            c = s["checks"]
            what = f"{tool} {state} N={n} ({s['label']})"
            if not c["all_exit_0"]:
                problems.append(f"{what}: {c['failed']} processes failed "
                                f"(exit codes {c['exit_codes']})")
            if c.get("bad_output"):
                problems.append(f"{what}: {c['bad_output']} printed no credentials")
            if c.get("same_access_key_id") is False:
                problems.append(f"{what}: {c['distinct_access_key_ids']} distinct AccessKeyIds")
            if state == "warm" and s.get("assume_role_calls"):
                problems.append(f"{what}: {s['assume_role_calls']} AssumeRole calls")
    hit_calls = meta.get("hit_sts_calls")
    if hit_calls not in (None, "0"):
        problems.append(f"the cache-hit benchmark made {hit_calls} STS calls")
    for name in HIT_NAMES:
        codes = r[name].get("exit_codes") or []
        if any(codes):
            problems.append(f"hyperfine: {name} had non-zero exits")

    # The table.
    when = meta.get("date", "?")
    head = (f"{when} · nproc {meta.get('nproc', '?')} · CPU: {meta.get('cpu', '?')} · "
            f"credbroker {meta.get('credbroker', '?')}"
            + (f" (git {meta['git']})" if meta.get("git") else "")
            + (f" · hyperfine {meta['hyperfine']}" if meta.get("hyperfine") else "")
            + (f" · botocore {meta['botocore']}" if meta.get("botocore") else "")
            + (f" · CPUs {meta['busy']} busy just before" if meta.get("busy") else ""))
    lines.append(f"**credbroker benchmark** — {head}")
    lines.append("")
    lines.append("| benchmark | do-nothing binary | credbroker | botocore (AWS CLI's way) "
                 "| target | result |")
    lines.append("|---|---|---|---|---|---|")

    def hit_cell(name):
        x = r[name]
        return f"{fmt_ms(x['median'] * 1000)} ({len(x['times'])} runs)"

    lines.append(
        "| cache hit, hyperfine median | " + " | ".join(hit_cell(n) for n in HIT_NAMES)
        + f" | b/a ≤ {HIT_B_OVER_A_MAX}; c/b ≥ {HIT_C_OVER_B_MIN:.0f} "
        f"| b/a = {ba:.2f}: {met(ba <= HIT_B_OVER_A_MAX)}; "
        f"c/b = {cb:.0f}: {met(cb >= HIT_C_OVER_B_MIN)} |")

    targets = {"b/a": ba <= HIT_B_OVER_A_MAX, "c/b": cb >= HIT_C_OVER_B_MIN}
    for n in STORM_NS:
        cb_cold = storms.get(("credbroker", "cold", n), [])
        bc_cold = storms.get(("botocore", "cold", n), [])
        if cb_cold:
            calls = [r.get("assume_role_calls") for r in cb_cold]
            ok = all(c == COLD_ASSUME_ROLE_CALLS for c in calls)
            targets[f"cold {n}"] = ok
            shown = "/".join(map(str, sorted(set(calls))))
            if len(cb_cold) > 1:
                shown += f" in all {len(cb_cold)}" if ok else f" (in {len(cb_cold)} storms)"
            base = ""
            if bc_cold and "assume_role_calls" in bc_cold[0]:
                base = f"; botocore {bc_cold[0]['assume_role_calls']}"
            result = f"{shown}{base}: {met(ok)}"
        else:
            result = "missing"
        lines.append(f"| storm N={n}, cold | — | {storm_cell(cb_cold)} | {storm_cell(bc_cold)} "
                     f"| credbroker: exactly {COLD_ASSUME_ROLE_CALLS} AssumeRole | {result} |")
    for n in STORM_NS:
        noop = storms.get(("noop", "warm", n), [])
        cbw = storms.get(("credbroker", "warm", n), [])
        bcw = storms.get(("botocore", "warm", n), [])
        if noop and cbw:
            ratio = median_rep(cbw)["total_ms"] / median_rep(noop)["total_ms"]
            # Ratios of the storms run back to back (same repetition number).
            by_rep = {}
            for tool_reps, slot in ((noop, 0), (cbw, 1)):
                for r in tool_reps:
                    by_rep.setdefault(r["label"].rsplit("#", 1)[-1], [None, None])[slot] = r
            pair = sorted(b["total_ms"] / a["total_ms"]
                          for a, b in by_rep.values() if a and b)
            spread = f" (pairs {pair[0]:.2f}–{pair[-1]:.2f}×)" if len(pair) > 1 else ""
            if n == WARM_TARGET_N:
                ok = ratio <= WARM_TOTAL_RATIO_MAX
                targets[f"warm {n}"] = ok
                target = f"credbroker total ≤ {WARM_TOTAL_RATIO_MAX}× do-nothing"
                result = f"{ratio:.2f}×{spread}: {met(ok)}"
            else:
                target = "—"
                result = f"{ratio:.2f}× do-nothing{spread}"
        else:
            target, result = "—", "missing"
        lines.append(f"| storm N={n}, warm | {storm_cell(noop, calls=False)} "
                     f"| {storm_cell(cbw)} | {storm_cell(bcw)} | {target} | {result} |")
    rows, size_ok = size_lines(d)
    lines.extend(rows)
    if size_ok is not None:
        targets["config size"] = size_ok
    check_text = ("every storm process exited 0; each credbroker storm and each warm "
                  "botocore storm printed one AccessKeyId; warm runs and the cache-hit "
                  "benchmark made 0 STS calls"
                  if not problems else "FAILED: " + "; ".join(problems))
    lines.append(f"| checks ({processes} storm processes) | | | | all succeed, same "
                 f"credentials | {check_text} |")
    missed = [k for k, ok in targets.items() if not ok]
    lines.append("")
    lines.append(
        f"Targets met: {len(targets) - len(missed)} of {len(targets)}"
        + (f" (missed: {', '.join(missed)})" if missed else "")
        + ". Storm times are per process from a common start (p50, p99) and for the "
        "whole storm (total); see scripts/bench.d/README.md.")

    text = "\n".join(lines) + "\n"
    with open(os.path.join(d, "summary.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    if problems:
        sys.stderr.write("report.py: checks failed:\n" + "".join(f"  {p}\n" for p in problems))
        return 1
    return 0


def size_lines(d):
    """The config-size result as Markdown table rows, and whether it met."""
    path = os.path.join(d, "hyperfine-config-size.json")
    if not os.path.exists(path):
        return [], None
    results = {x["command"]: x for x in load(path)["results"]}
    med = {name: results[name]["median"] * 1000 for name in results}
    ratio = med["5000-profiles"] / med["small"]
    ok = ratio <= SIZE_RATIO_MAX
    no_memo = med.get("5000-profiles-no-memo")
    rows = [
        f"| cache hit, 5,000-profile config vs 3 profiles (median) | — "
        f"| {fmt_ms(med['5000-profiles'])} vs {fmt_ms(med['small'])}"
        + (f" (full parse: {fmt_ms(no_memo)})" if no_memo else "")
        + f" | — | ≤ {SIZE_RATIO_MAX}× | {ratio:.2f}×: {met(ok)} |"
    ]
    return rows, ok


def cmd_size(d):
    rows, ok = size_lines(d)
    if ok is None:
        print("no hyperfine-config-size.json")
        return 1
    results = {x["command"]: x for x in load(os.path.join(d, "hyperfine-config-size.json"))["results"]}
    print("cache hit by config size, hyperfine medians:")
    for name, x in results.items():
        print(f"  {name:24} {fmt_ms(x['median'] * 1000)}")
    ratio = results["5000-profiles"]["median"] / results["small"]["median"]
    print(f"  5000-profiles / small = {ratio:.2f} (target <= {SIZE_RATIO_MAX}): {met(ok)}")
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "size":
        return cmd_size(argv[2])
    if len(argv) >= 3 and argv[1] == "hit" and len(argv) == 3:
        return cmd_hit(argv[2])
    if len(argv) >= 3 and argv[1] == "summary":
        return cmd_summary(argv[2], argv[3:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
