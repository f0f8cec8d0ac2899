#!/usr/bin/env python3
"""Baseline: resolve an AWS profile the way the AWS CLI does, with botocore.

The AWS CLI (awscli/customizations/assumerole.py) gives botocore's
assume-role credential provider a JSONFileCache on ~/.aws/cli/cache; this
does the same and prints the result as credential_process JSON, so the
benchmark can compare it with `credbroker credential-process`.

Usage: botocore_creds.py PROFILE
Stdout carries the credentials (the benchmark never shows them); errors go
to stderr.
"""

import json
import os
import sys

import botocore.session
from botocore.credentials import JSONFileCache


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: botocore_creds.py PROFILE\n")
        return 2
    session = botocore.session.Session(profile=sys.argv[1])
    cache_dir = os.path.expanduser(os.path.join("~", ".aws", "cli", "cache"))
    provider = session.get_component("credential_provider").get_provider("assume-role")
    provider.cache = JSONFileCache(cache_dir)
    creds = session.get_credentials()
    if creds is None:
        sys.stderr.write("botocore found no credentials\n")
        return 1
    frozen = creds.get_frozen_credentials()
    out = {
        "Version": 1,
        "AccessKeyId": frozen.access_key,
        "SecretAccessKey": frozen.secret_key,
        "SessionToken": frozen.token,
    }
    expiry = getattr(creds, "_expiry_time", None)
    if expiry is not None:
        out["Expiration"] = expiry.isoformat()
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
