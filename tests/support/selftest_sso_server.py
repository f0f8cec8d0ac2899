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
import tempfile
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


def check_token_provider(endpoint, cid, cs, refresh_token):
    """botocore's own SSO token provider refreshes an expired token against
    the fake and writes the rotated refresh token back to its cache."""
    from botocore.session import Session
    from botocore.tokens import SSOTokenProvider, _sso_json_dumps
    from botocore.utils import JSONFileCache

    with tempfile.TemporaryDirectory() as d:
        config = os.path.join(d, "config")
        with open(config, "w") as f:
            f.write("[sso-session s]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n"
                    "[profile p]\nsso_session = s\n")
        os.environ.update(AWS_CONFIG_FILE=config, AWS_ENDPOINT_URL_SSO_OIDC=endpoint)
        cache = JSONFileCache(os.path.join(d, "cache"), dumps_func=_sso_json_dumps)
        key = hashlib.sha1(b"s").hexdigest()
        cache[key] = {"startUrl": "https://x/start", "region": "eu-west-1",
                      "accessToken": "expired-access", "expiresAt": "2000-01-01T00:00:00Z",
                      "clientId": cid, "clientSecret": cs,
                      "registrationExpiresAt": "2100-01-01T00:00:00Z",
                      "refreshToken": refresh_token}
        token = SSOTokenProvider(Session(profile="p"), cache=cache).load_token()
        frozen = token.get_frozen_token()
        written = cache[key]
        check(frozen.token != "expired-access", "botocore refreshed the token")
        check(written["accessToken"] == frozen.token, "botocore wrote the new token")
        check(written["refreshToken"] not in ("", refresh_token),
              "botocore wrote the rotated refresh token")


def check_listing(sso, ctl, token):
    """ListAccounts and ListAccountRoles through boto3's own paginators:
    every account and role, over several pages; throttling answers
    TooManyRequestsException on each N-th listing call; calls are counted."""
    ctl("accounts?count=45&roles=Admin,ReadOnly,Audit&page=10")
    accounts = [a for page in sso.get_paginator("list_accounts").paginate(accessToken=token)
                for a in page["accountList"]]
    check(len(accounts) == 45 and len({a["accountId"] for a in accounts}) == 45,
          f"{len(accounts)} accounts")
    check(accounts[0] == {"accountId": "100000000000", "accountName": "acct-0000",
                          "emailAddress": "aws+0@example.com"}, f"account {accounts[0]}")
    pages = list(sso.get_paginator("list_account_roles").paginate(
        accessToken=token, accountId="100000000044", PaginationConfig={"PageSize": 2}))
    roles = [r["roleName"] for page in pages for r in page["roleList"]]
    check(roles == ["Admin", "ReadOnly", "Audit"] and len(pages) == 2, f"roles {roles}")
    for call in (lambda: sso.list_accounts(accessToken="nope"),
                 lambda: sso.list_account_roles(accessToken=token, accountId="999999999999")):
        try:
            call()
            raise AssertionError("a bad token or an unknown account was accepted")
        except ClientError as e:
            check(e.response["Error"]["Code"] in ("UnauthorizedException", "ForbiddenException"),
                  e.response["Error"]["Code"])
    counts = ctl("counts")
    check(counts["ListAccounts"] == 6 and counts["ListAccountRoles"] == 3, f"counts {counts}")
    ctl("throttle?every=3")
    once = boto3.client("sso", region_name="eu-west-1", endpoint_url=sso.meta.endpoint_url,
                        config=Config(signature_version=UNSIGNED,
                                      retries={"total_max_attempts": 1}))
    codes = []
    for _ in range(6):
        try:
            once.list_accounts(accessToken=token, maxResults=5)
            codes.append("ok")
        except ClientError as e:
            codes.append(e.response["Error"]["Code"])
            check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 429, "429")
    # Every third call, but the same request's next attempt after a 429 is
    # served (and not counted): ok, ok, 429, retry served, ok, ok.
    check(codes == ["ok", "ok", "TooManyRequestsException", "ok", "ok", "ok"],
          f"throttled {codes}")
    check(ctl("counts")["ListAccounts:throttled"] == 1, "throttled calls counted")
    # boto3's own retry gets through a throttling portal.
    listed = [a for page in sso.get_paginator("list_accounts").paginate(accessToken=token)
              for a in page["accountList"]]
    check(len(listed) == 45, "boto3 lists every account through throttling")
    ctl("throttle?every=0")


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

        # refresh, with rotation as IAM Identity Center does it: the answer
        # carries a new refresh token; each refresh token works once.
        rotated = tok["refreshToken"]
        for _ in range(2):
            new = oidc.create_token(clientId=cid, clientSecret=cs, grantType="refresh_token",
                                    refreshToken=rotated)
            check(new["accessToken"] != tok["accessToken"], "refreshed")
            check(new.get("refreshToken") and new["refreshToken"] != rotated,
                  "a refresh answers a new refresh token")
            try:
                oidc.create_token(clientId=cid, clientSecret=cs, grantType="refresh_token",
                                  refreshToken=rotated)
                raise AssertionError("a used refresh token must be refused")
            except ClientError as e:
                check(e.response["Error"]["Code"] == "InvalidGrantException", "invalid grant")
            rotated = new["refreshToken"]
        check_token_provider(endpoint, cid, cs, rotated)

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
        check_listing(sso, ctl, tok["accessToken"])
        counts = ctl("counts")
        check(counts["GetRoleCredentials"] == 2 and counts["CreateToken:refresh_token"] == 5
              and counts["CreateToken:device_code"] == 3, f"counts {counts}")
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    print("PASS sso_server selftest")


if __name__ == "__main__":
    main()
