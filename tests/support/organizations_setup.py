#!/usr/bin/env python3
"""Builds an organization in moto's Organizations behind sts_server.py, for
`batch --org`: run with the server's namespaced endpoint and the role ARN
whose account owns the organization (moto keeps one organization per
account, so each test's account is its own).

    python organizations_setup.py ENDPOINT ROLE_ARN

50 accounts (the management account and 49 members): 5 in an OU `team`
(2 of them in its child OU `team/sub`), one member closed (SUSPENDED).
Prints JSON: {"active": [...], "ou": OU_ID, "in_ou": [...], "suspended": ID}."""

import json
import sys

import boto3


def main():
    endpoint, role_arn = sys.argv[1], sys.argv[2]
    keys = dict(aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", **keys)
    c = sts.assume_role(RoleArn=role_arn, RoleSessionName="setup")["Credentials"]
    org = boto3.client("organizations", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id=c["AccessKeyId"],
                       aws_secret_access_key=c["SecretAccessKey"],
                       aws_session_token=c["SessionToken"])
    management = org.create_organization(FeatureSet="ALL")["Organization"]["MasterAccountId"]
    root = org.list_roots()["Roots"][0]["Id"]
    team = org.create_organizational_unit(ParentId=root, Name="team")["OrganizationalUnit"]["Id"]
    sub = org.create_organizational_unit(ParentId=team, Name="sub")["OrganizationalUnit"]["Id"]
    members = [org.create_account(AccountName=f"member-{i:02d}", Email=f"m{i}@example.com")
               ["CreateAccountStatus"]["AccountId"] for i in range(49)]
    for i, account in enumerate(members[:5]):
        org.move_account(AccountId=account, SourceParentId=root,
                         DestinationParentId=sub if i < 2 else team)
    suspended = members[-1]
    org.close_account(AccountId=suspended)
    active = sorted([management] + members[:-1])
    print(json.dumps({"active": active, "ou": team, "in_ou": sorted(members[:5]),
                      "suspended": suspended}))


if __name__ == "__main__":
    main()
