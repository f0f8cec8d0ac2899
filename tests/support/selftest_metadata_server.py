#!/usr/bin/env python3
"""Self-test for tests/support/metadata_server.py: botocore's own IMDS and
container credential fetchers must accept what it serves. Exits non-zero on
any failure."""

import json
import os
import subprocess
import sys
import urllib.request

from botocore.utils import ContainerMetadataFetcher, InstanceMetadataFetcher

HERE = os.path.dirname(os.path.abspath(__file__))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "metadata_server.py")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    line = server.stdout.readline().decode()
    check(line.startswith("LISTENING "), f"first line {line!r}")
    port = int(line.split()[1])
    base = f"http://127.0.0.1:{port}"
    try:
        imds = InstanceMetadataFetcher(
            timeout=5, num_attempts=1,
            env={"AWS_EC2_METADATA_SERVICE_ENDPOINT": base + "/"},
            config={"ec2_metadata_service_endpoint": base + "/"})
        creds = imds.retrieve_iam_role_credentials()
        check(creds.get("access_key", "").startswith("ASIAIMDS"), f"IMDS credentials: {sorted(creds)}")
        check(creds.get("token") and creds.get("expiry_time"), "IMDS token and expiry")
        check(creds.get("role_name") == "credbroker-test-instance-role", "IMDS role name")

        ecs = ContainerMetadataFetcher(sleep=lambda _: None)
        creds = ecs.retrieve_full_uri(base + "/ecs/creds",
                                      headers={"Authorization": "ecs-test-authorization-token"})
        check(creds["AccessKeyId"].startswith("ASIAECS"), "ECS credentials")
        check(creds["Token"] and creds["Expiration"], "ECS token and expiration")
        try:
            ecs.retrieve_full_uri(base + "/ecs/creds", headers={"Authorization": "wrong"})
            raise AssertionError("a wrong authorization token must be refused")
        except Exception as e:  # botocore raises MetadataRetrievalError
            check("403" in str(e) or "Forbidden" in str(e) or "status" in str(e).lower(),
                  f"refusal: {e}")

        with urllib.request.urlopen(base + "/ctl/counts") as r:
            counts = json.loads(r.read())
        unauthorized = counts.pop("unauthorized")
        check(counts == {"token": 1, "role": 1, "imds_credentials": 1, "ecs": 1},
              f"counts {counts}")
        check(unauthorized >= 1, "the wrong token was refused")
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    print("PASS metadata_server selftest")


if __name__ == "__main__":
    main()
