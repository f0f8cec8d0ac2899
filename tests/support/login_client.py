#!/usr/bin/env python3
"""botocore's own `login_session` provider as another client of the same
`aws login` session: ``login_client.py PROFILE`` prints the access key id
of the credentials botocore resolves (refreshing the session if it thinks
it must), or ``FAILED <error class>``. Never a secret."""

import sys

import botocore.session


def main():
    session = botocore.session.Session(profile=sys.argv[1])
    try:
        creds = session.get_credentials().get_frozen_credentials()
    except Exception as e:  # what a user of botocore would see, by class
        print(f"FAILED {type(e).__name__}")
        return 1
    print(creds.access_key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
