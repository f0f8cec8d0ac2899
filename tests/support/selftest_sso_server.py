#!/usr/bin/env python3
"""Checks the fake SSO portal and OIDC (sso_server.py) against boto3's own
`sso` and `sso-oidc` clients: what the fake answers, the real client
accepts, and errors come back with the codes the real services use."""

import base64
import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sso_server.py")


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    proc = subprocess.Popen([sys.executable, SERVER], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline().split()[1])
        base = f"http://127.0.0.1:{port}"
        endpoint = f"{base}/ns/self"
        ctl = lambda op: json.load(urllib.request.urlopen(f"{base}/ctl/self/{op}"))
        cfg = Config(signature_version=UNSIGNED, retries={"max_attempts": 1})
        oidc = boto3.client("sso-oidc", region_name="eu-west-1", endpoint_url=endpoint, config=cfg)
        sso = boto3.client("sso", region_name="eu-west-1", endpoint_url=endpoint, config=cfg)

        reg = oidc.register_client(clientName="t", clientType="public",
                                   grantTypes=["authorization_code", "refresh_token"],
                                   redirectUris=["http://127.0.0.1/oauth/callback"],
                                   issuerUrl="https://x/start")
        check(reg["clientId"] and reg["clientSecret"], "register")
        cid, cs = reg["clientId"], reg["clientSecret"]

        # device flow: one slow_down, approved at the third poll
        ctl("device?approve_after=3&slow_down_at=2")
        dev = oidc.start_device_authorization(clientId=cid, clientSecret=cs, startUrl="https://x/start")
        grant = "urn:ietf:params:oauth:grant-type:device_code"
        codes = []
        for _ in range(2):
            try:
                oidc.create_token(clientId=cid, clientSecret=cs, grantType=grant,
                                  deviceCode=dev["deviceCode"])
            except ClientError as e:
                codes.append(e.response["Error"]["Code"])
        check(codes == ["AuthorizationPendingException", "SlowDownException"], f"poll codes {codes}")
        tok = oidc.create_token(clientId=cid, clientSecret=cs, grantType=grant,
                                deviceCode=dev["deviceCode"])
        check(tok["accessToken"] and tok["expiresIn"] > 0 and tok["refreshToken"], "device token")

        # refresh
        new = oidc.create_token(clientId=cid, clientSecret=cs, grantType="refresh_token",
                                refreshToken=tok["refreshToken"])
        check(new["accessToken"] != tok["accessToken"], "refreshed")
        try:
            oidc.create_token(clientId=cid, clientSecret=cs, grantType="refresh_token",
                              refreshToken=tok["refreshToken"])
            raise AssertionError("a used refresh token must be refused")
        except ClientError as e:
            check(e.response["Error"]["Code"] == "InvalidGrantException", "invalid grant")

        # authorization code with PKCE
        verifier = "v" * 64
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        redirect = "http://127.0.0.1:1/oauth/callback"
        q = f"response_type=code&client_id={cid}&redirect_uri={redirect}&state=s1&code_challenge={challenge}&code_challenge_method=S256"

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(f"{endpoint}/authorize?{q}")
            raise AssertionError("authorize must redirect")
        except urllib.error.HTTPError as e:
            check(e.code == 302, "302")
            loc = urlsplit(e.headers["Location"])
            params = parse_qs(loc.query)
        check(params["state"] == ["s1"], "state echoed")
        tok = oidc.create_token(clientId=cid, clientSecret=cs, grantType="authorization_code",
                                code=params["code"][0], codeVerifier=verifier, redirectUri=redirect)
        check(tok["accessToken"], "code token")

        # the portal
        creds = sso.get_role_credentials(roleName="R", accountId="111111111111",
                                         accessToken=tok["accessToken"])["roleCredentials"]
        check(creds["accessKeyId"].startswith("ASIA") and creds["expiration"] > 0, "role creds")
        try:
            sso.get_role_credentials(roleName="R", accountId="1", accessToken="nope")
            raise AssertionError("bad token accepted")
        except ClientError as e:
            check(e.response["Error"]["Code"] == "UnauthorizedException", "unauthorized")
        counts = ctl("counts")
        check(counts["GetRoleCredentials"] == 2 and counts["CreateToken:refresh_token"] == 2
              and counts["CreateToken:device_code"] == 3, f"counts {counts}")
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    print("PASS sso_server selftest")


if __name__ == "__main__":
    main()
