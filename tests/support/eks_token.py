#!/usr/bin/env python3
"""EKS tokens as the tests compare them, never printing a secret.

    eks_token.py decode < EXEC_CREDENTIAL_JSON
        The ExecCredential's fields and its token's URL as JSON: scheme,
        host, path, the query's parameter names in order, their values,
        except X-Amz-Security-Token and X-Amz-Signature, which are given as
        SHA-256 digests.

    eks_token.py rebuild CLUSTER REGION < {"exec": EXEC_CREDENTIAL, "credentials": CREDENTIAL_PROCESS_JSON}
        Builds the token with the AWS CLI's own code (awscli's
        TokenGenerator on the STS client its STSClientFactory makes, which
        honours AWS_ENDPOINT_URL_STS) for the same credentials, region and
        signing instant (the X-Amz-Date of the given token), and prints
        {"same": true|false, "differ": [names of the URL parts that differ]}.

    eks_token.py kube KUBECONFIG
        Loads KUBECONFIG with the Python `kubernetes` client, which runs the
        user's exec plugin, and prints the SHA-256 of the bearer token it got
        (from its configuration's Authorization header).
"""

import base64
import datetime
import hashlib
import json
import sys
from urllib.parse import parse_qsl, urlsplit

PREFIX = "k8s-aws-v1."
SECRET_PARAMS = ("X-Amz-Security-Token", "X-Amz-Signature")


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def url_of(token):
    assert token.startswith(PREFIX), "the token lacks its k8s-aws-v1. prefix"
    body = token[len(PREFIX):]
    assert "=" not in body, "the token is padded"
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


def parts(url):
    split = urlsplit(url)
    params = parse_qsl(split.query, keep_blank_values=True)
    return {
        "scheme": split.scheme,
        "host": split.netloc,
        "path": split.path,
        "names": [name for name, _ in params],
        "params": {
            name: digest(value) if name in SECRET_PARAMS else value for name, value in params
        },
    }


def decode():
    doc = json.load(sys.stdin)
    out = {
        "kind": doc.get("kind"),
        "apiVersion": doc.get("apiVersion"),
        "spec": doc.get("spec"),
        "expirationTimestamp": doc["status"]["expirationTimestamp"],
        "url": parts(url_of(doc["status"]["token"])),
    }
    json.dump(out, sys.stdout)


def rebuild(cluster, region):
    import botocore.auth
    import botocore.session
    from awscli.customizations.eks.get_token import STSClientFactory, TokenGenerator

    given = json.load(sys.stdin)
    ours = given["exec"]["status"]["token"]
    creds = given["credentials"]
    stamp = dict(parse_qsl(urlsplit(url_of(ours)).query))["X-Amz-Date"]
    instant = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc
    )
    # The signer reads the clock here: sign at the instant credbroker did.
    botocore.auth.get_current_datetime = lambda *a, **k: instant.replace(tzinfo=None)
    session = botocore.session.Session()
    session.set_credentials(
        creds["AccessKeyId"], creds["SecretAccessKey"], creds.get("SessionToken")
    )
    client = STSClientFactory(session).get_sts_client(region_name=region)
    theirs = TokenGenerator(client).get_token(cluster)
    a, b = parts(url_of(ours)), parts(url_of(theirs))
    differ = [k for k in ("scheme", "host", "path", "names") if a[k] != b[k]]
    differ += sorted(
        n for n in set(a["params"]) | set(b["params"]) if a["params"].get(n) != b["params"].get(n)
    )
    json.dump({"same": ours == theirs, "differ": differ}, sys.stdout)


def kube(path):
    from kubernetes import client, config

    configuration = client.Configuration()
    config.load_kube_config(config_file=path, client_configuration=configuration)
    header = configuration.api_key.get("authorization", "")
    assert header.startswith("Bearer "), "no bearer token in the client's configuration"
    print(digest(header[len("Bearer "):]))


def main(argv):
    if argv[1:] == ["decode"]:
        decode()
    elif len(argv) == 4 and argv[1] == "rebuild":
        rebuild(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "kube":
        kube(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
