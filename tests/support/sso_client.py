#!/usr/bin/env python3
"""boto3 and botocore as the other clients of an SSO sign-in, beside
credbroker, in the tests: they read and refresh the same token file in
~/.aws/sso/cache (HOME, AWS_CONFIG_FILE and the AWS_ENDPOINT_URL_SSO* variables
come from the test), taking no lock, as they do on a user's machine.

Usage:
    sso_client.py refresh PROFILE
        botocore's SSO token provider, once: an expired token is refreshed
        and written back. Prints ``REFRESHED`` or ``NOT REFRESHED``.
    sso_client.py worker PROFILE
        Imports boto3, prints ``READY``, then for each line read from stdin
        resolves the profile's credentials with a new boto3 Session (its SSO
        token provider refreshes the token when it must) and prints ``OK``
        or ``FAILED <error class>``. Exits when stdin closes.

Never prints a token or a credential.
"""

import sys

import boto3
from botocore.tokens import SSOTokenProvider


def refresh(profile):
    session = boto3.Session(profile_name=profile)._session
    provider = SSOTokenProvider(session, profile_name=profile)
    token = provider.load_token()
    before = provider._token_loader(  # the token as the file held it
        provider._sso_config["sso_start_url"],
        session_name=provider._sso_config["session_name"])["accessToken"]
    frozen = token.get_frozen_token()
    print("REFRESHED" if frozen.token != before else "NOT REFRESHED", flush=True)


def worker(profile):
    print("READY", flush=True)
    for _ in sys.stdin:
        try:
            creds = boto3.Session(profile_name=profile).get_credentials()
            frozen = creds.get_frozen_credentials()
            print("OK" if frozen.access_key.startswith("ASIA") else "FAILED no key", flush=True)
        except Exception as e:  # noqa: BLE001 (the test counts outcomes)
            print(f"FAILED {type(e).__name__}", flush=True)


def main():
    mode, profile = sys.argv[1], sys.argv[2]
    {"refresh": refresh, "worker": worker}[mode](profile)


if __name__ == "__main__":
    main()
