#!/usr/bin/env python3
"""Cache-hit cost per link kind, with a small and a 5,000-profile config.

Usage (scripts/bench runs it as its step "kinds"):
    kinds.py --cb CREDBROKER --noop DO_NOTHING --out DIR

Starts the local STS (moto) and the fake SSO of tests/support, writes two
throwaway HOMEs whose ~/.aws/config holds one profile per kind (a
static-key role chain, an SSO profile, a role chain on SSO, a role chain on
an MFA session, web identity, a nested credential_process with an
expiration); the big HOME adds 5,000 generated role profiles. Every profile
is warmed once, the files are left alone past the memo's 2 s "recently
changed" window, then one hyperfine run times the do-nothing binary and
`credential-process PROFILE` for every kind in both HOMEs. Prints a
Markdown table (median, ratio to the do-nothing binary measured in the same
run, big/small ratio) and checks that timing made no STS or portal call.
Raw results: DIR/hyperfine-kinds-small.json and -5000.json.
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

KINDS = [
    ("role-chain", "static keys -> role -> role"),
    ("sso", "SSO profile"),
    ("sso-chain", "SSO -> role"),
    ("mfa-chain", "static keys -> MFA session -> role"),
    ("web-identity", "web identity"),
    ("process", "nested credential_process (with expiration)"),
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


def config_text(work, big):
    token_file = os.path.join(work, "web-identity-token")
    with open(token_file, "w") as f:
        f.write("a-web-identity-token")
    helper = os.path.join(work, "creds.sh")
    with open(helper, "w") as f:
        f.write(
            "#!/bin/sh\n"
            'exp=$(date -u -d "+1 hour" +%Y-%m-%dT%H:%M:%SZ)\n'
            'printf \'{"Version":1,"AccessKeyId":"AKIDPROCESS","SecretAccessKey":"s",'
            '"SessionToken":"t","Expiration":"%s"}\' "$exp"\n'
        )
    os.chmod(helper, 0o755)
    text = f"""[profile base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[profile mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = base

[profile role-chain]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = mid

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1

[profile sso]
sso_session = corp
sso_account_id = 333333333333
sso_role_name = Dev

[profile sso-chain]
role_arn = arn:aws:iam::444444444444:role/admin
source_profile = sso

[profile mfa-base]
aws_access_key_id = AKIAMFAEXAMPLE000001
aws_secret_access_key = mfa-secret
mfa_serial = arn:aws:iam::111111111111:mfa/bench
mfa_process = echo 123456

[profile mfa-chain]
role_arn = arn:aws:iam::555555555555:role/admin
source_profile = mfa-base

[profile web-identity]
role_arn = arn:aws:iam::666666666666:role/web
web_identity_token_file = {token_file}

[profile process]
credential_process = {helper}
"""
    if big:
        text += "".join(
            f"\n[profile org-{i:04d}]\nrole_arn = arn:aws:iam::{100000000000 + i}:role/"
            f"OrganizationAccountAccessRole\nsource_profile = mid\nregion = us-east-1\n"
            for i in range(5000)
        )
    return text


def make_home(work, name, big, sso_token):
    home = os.path.join(work, name)
    os.makedirs(os.path.join(home, ".aws/sso/cache"))
    with open(os.path.join(home, ".aws/config"), "w") as f:
        f.write(config_text(work, big))
    token_name = hashlib.sha1(b"corp").hexdigest() + ".json"
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 8 * 3600))
    with open(os.path.join(home, ".aws/sso/cache", token_name), "w") as f:
        json.dump(
            {
                "startUrl": "https://example.awsapps.com/start",
                "region": "eu-west-1",
                "accessToken": sso_token,
                "expiresAt": expires,
            },
            f,
        )
    return home


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cb", required=True)
    ap.add_argument("--noop", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-runs", type=int, default=30)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    sts, sts_port = start("sts_server.py")
    sso, sso_port = start("sso_server.py")
    work = tempfile.mkdtemp(prefix="credbroker-kinds.")
    os.chmod(work, 0o700)
    try:
        ns = f"kinds{os.getpid()}"
        get(f"http://127.0.0.1:{sso_port}/ctl/{ns}/token?access=bench-access-token")
        env = {
            "PATH": os.environ["PATH"],
            "USER": "bench",
            "LANG": "C.UTF-8",
            "AWS_ENDPOINT_URL_STS": f"http://127.0.0.1:{sts_port}/ns/{ns}",
            "AWS_ENDPOINT_URL_SSO": f"http://127.0.0.1:{sso_port}/ns/{ns}",
            "AWS_ENDPOINT_URL_SSO_OIDC": f"http://127.0.0.1:{sso_port}/ns/{ns}",
        }
        homes = {
            "small": make_home(work, "small", False, "bench-access-token"),
            "5000": make_home(work, "big", True, "bench-access-token"),
        }

        def env_of(home):
            return dict(env, HOME=home)

        for size, home in homes.items():
            for kind, _ in KINDS:
                run = subprocess.run(
                    [args.cb, "credential-process", kind],
                    env=env_of(home),
                    capture_output=True,
                    text=True,
                )
                if run.returncode != 0:
                    sys.exit(f"kinds: warming {kind} ({size}) failed: {run.stderr.strip()}")
        time.sleep(2.5)  # past the memo's "recently changed" window (src/memo.rs)

        def calls():
            return (
                get(f"http://127.0.0.1:{sts_port}/ctl/{ns}/counts"),
                get(f"http://127.0.0.1:{sso_port}/ctl/{ns}/counts"),
            )

        before = calls()
        # One hyperfine run per HOME, started in that HOME's environment so
        # that every command (the do-nothing binary included) is exec'd the
        # same way, with no wrapper process.
        for size, home in homes.items():
            cmd = ["hyperfine", "-N", "--warmup", "10", "--min-runs", str(args.min_runs)]
            cmd += ["--style", "basic"]
            cmd += ["--export-json", os.path.join(args.out, f"hyperfine-kinds-{size}.json")]
            cmd += ["--command-name", "do-nothing", args.noop]
            for kind, _ in KINDS:
                cmd += ["--command-name", kind, f"{args.cb} credential-process {kind}"]
            subprocess.run(cmd, check=True, stdout=sys.stderr, env=env_of(home))
        if calls() != before:
            sys.exit(f"kinds: timing called a service: {before} -> {calls()}")
    finally:
        sts.stdin.close()
        sso.stdin.close()
        sts.wait()
        sso.wait()
        subprocess.run(["rm", "-rf", work])

    results = {}
    for size in ("small", "5000"):
        with open(os.path.join(args.out, f"hyperfine-kinds-{size}.json")) as f:
            results[size] = {r["command"]: r["median"] for r in json.load(f)["results"]}
    print("Cache hit per link kind: medians, each beside the do-nothing binary of the same run\n")
    print(
        f"do-nothing: {results['small']['do-nothing'] * 1000:.2f} ms (small run), "
        f"{results['5000']['do-nothing'] * 1000:.2f} ms (5,000 run)\n"
    )
    print("| kind | small config | ratio | 5,000 profiles | ratio | 5,000 / small |")
    print("|---|---|---|---|---|---|")
    for kind, description in KINDS:
        small = results["small"][kind]
        big = results["5000"][kind]
        print(
            f"| {description} | {small * 1000:.2f} ms | {small / results['small']['do-nothing']:.2f}x "
            f"| {big * 1000:.2f} ms | {big / results['5000']['do-nothing']:.2f}x | {big / small:.2f} |"
        )


if __name__ == "__main__":
    main()
