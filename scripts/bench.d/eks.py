#!/usr/bin/env python3
"""An EKS token on a warm cache: `credbroker eks-token` against `aws eks
get-token`, the exec plugin kubectl runs on every call.

Usage (scripts/bench runs it as its step "eks"):
    eks.py --cb CREDBROKER --noop DO_NOTHING --aws AWS_CLI --out DIR

Starts the local STS (moto), writes a throwaway HOME whose ~/.aws/config
holds the chain base (keys) -> mid (role) -> prod (role) and `client`, the
AWS CLI's profile that takes prod's credentials from credbroker
(`credential_process = credbroker credential-process prod`, how an AWS CLI
user shares credbroker's cache). Warms both, checks that a second run of
each calls no STS and that credbroker serves the same token, then one
hyperfine run times the do-nothing binary, `credential-process prod`,
`eks-token --cluster-name demo --profile prod` (as `eks-kubeconfig` writes
it) and `aws eks get-token --cluster-name demo --profile client`. Prints a
Markdown table (wall medians, and CPU time: user + system, which moves
less when the machine is busy) and the targets: an eks-token hit costs a
credential-process hit (CPU time, at most 1.2x: one more small file) and
aws eks get-token takes at least 100x as long (wall medians). Timing that
calls STS, or a token that changes, is an error.
Raw results: DIR/hyperfine-eks.json.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EKS_OVER_HIT_MAX = 1.2
AWS_OVER_EKS_MIN = 100.0


def get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


def token_digest(stdout):
    """The SHA-256 of the token an ExecCredential carries (never the token)."""
    doc = json.loads(stdout)
    token = doc["status"]["token"]
    if not token.startswith("k8s-aws-v1."):
        raise ValueError("not an EKS token")
    return hashlib.sha256(token.encode()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cb", required=True)
    ap.add_argument("--noop", required=True)
    ap.add_argument("--aws", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-runs", type=int, default=30)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    sts = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "tests/support/sts_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    word, port = sts.stdout.readline().split()
    assert word == "LISTENING"
    work = tempfile.mkdtemp(prefix="credbroker-eks.")
    os.chmod(work, 0o700)
    raw = os.path.join(args.out, "hyperfine-eks.json")
    try:
        ns = f"eks{os.getpid()}"
        home = os.path.join(work, "home")
        os.makedirs(os.path.join(home, ".aws"))
        with open(os.path.join(home, ".aws/config"), "w") as f:
            f.write(
                "[profile base]\n"
                "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n"
                "[profile mid]\nrole_arn = arn:aws:iam::111111111111:role/mid\n"
                "source_profile = base\n\n"
                "[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/admin\n"
                "source_profile = mid\nregion = us-east-1\n\n"
                f"[profile client]\ncredential_process = {args.cb} credential-process prod\n"
                "region = us-east-1\n"
            )
        env = {
            "HOME": home,
            "PATH": os.environ["PATH"],
            "USER": "bench",
            "LANG": "C.UTF-8",
            "AWS_ENDPOINT_URL_STS": f"http://127.0.0.1:{port}/ns/{ns}",
        }
        eks_token = [args.cb, "eks-token", "--cluster-name", "demo", "--profile", "prod"]
        aws_token = [args.aws, "eks", "get-token", "--cluster-name", "demo", "--profile", "client"]

        def run(cmd):
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"eks: {cmd[0]} {cmd[1]} failed: {done.stderr.strip()}")
            return done.stdout

        def calls():
            return get(f"http://127.0.0.1:{port}/ctl/{ns}/counts")

        first = token_digest(run(eks_token))
        token_digest(run(aws_token))
        warm = calls()
        if token_digest(run(eks_token)) != first:
            sys.exit("eks: a warm eks-token signed another token")
        token_digest(run(aws_token))
        if calls() != warm:
            sys.exit(f"eks: a warm run called STS: {warm} -> {calls()}")
        time.sleep(2.5)  # past the memo's "recently changed" window (src/memo.rs)
        cmd = ["hyperfine", "-N", "--warmup", "5", "--min-runs", str(args.min_runs)]
        cmd += ["--style", "basic", "--export-json", raw]
        cmd += ["--command-name", "do-nothing", args.noop]
        cmd += ["--command-name", "credential-process", f"{args.cb} credential-process prod"]
        cmd += ["--command-name", "eks-token", " ".join(eks_token)]
        # The AWS CLI takes half a second a run: fewer runs, same medians.
        cmd += ["--command-name", "aws eks get-token", " ".join(aws_token)]
        subprocess.run(cmd, check=True, stdout=sys.stderr, env=env)
        if calls() != warm:
            sys.exit(f"eks: timing called STS: {warm} -> {calls()}")
        if token_digest(run(eks_token)) != first:
            sys.exit("eks: eks-token signed another token during timing")
    finally:
        sts.stdin.close()
        sts.wait()
        subprocess.run(["rm", "-rf", work])

    with open(raw) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    med = {name: r["median"] for name, r in results.items()}
    runs = {name: len(r["times"]) for name, r in results.items()}
    # CPU time (user + system) moves less than wall time when the machine is
    # busy: a hit's cost against another hit's is judged on it.
    cpu = {name: r["user"] + r["system"] for name, r in results.items()}
    eks_over_hit = cpu["eks-token"] / cpu["credential-process"]
    aws_over_eks = med["aws eks get-token"] / med["eks-token"]
    aws_over_eks_cpu = cpu["aws eks get-token"] / cpu["eks-token"]
    met = lambda ok: "met" if ok else "**NOT met**"
    print("EKS token on a warm cache: one hyperfine run (0 STS calls while timing)\n")
    print("| | do-nothing | credential-process hit | eks-token hit | aws eks get-token |")
    print("|---|---|---|---|---|")
    print("| wall, median | " + " | ".join(
        f"{med[n] * 1000:.2f} ms ({runs[n]} runs)" for n in med) + " |")
    print("| CPU (user + system), mean | " + " | ".join(
        f"{cpu[n] * 1000:.2f} ms" for n in cpu) + " |")
    print(
        f"\nTargets: an eks-token hit costs a credential-process hit (CPU ratio ≤ {EKS_OVER_HIT_MAX}): "
        f"{eks_over_hit:.2f}×, {met(eks_over_hit <= EKS_OVER_HIT_MAX)}; "
        f"aws eks get-token ≥ {AWS_OVER_EKS_MIN:.0f}× eks-token (wall medians): "
        f"{aws_over_eks:.0f}×, {met(aws_over_eks >= AWS_OVER_EKS_MIN)} "
        f"({aws_over_eks_cpu:.0f}× in CPU time)."
    )


if __name__ == "__main__":
    main()
