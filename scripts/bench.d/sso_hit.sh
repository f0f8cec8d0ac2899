#!/usr/bin/env bash
# Cache-hit cost of an SSO profile, release build, fake SSO on 127.0.0.1.
# Usage: cargo build --release && scripts/bench.d/sso_hit.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/target/release/credbroker
PY=${CREDBROKER_TEST_PYTHON:-$ROOT/.venv/bin/python}
H=$(mktemp -d); trap 'kill $SP 2>/dev/null; rm -rf $H' EXIT
coproc SRV { exec $PY $ROOT/tests/support/sso_server.py; }
SP=$SRV_PID
read -r _ PORT <&"${SRV[0]}"
E=http://127.0.0.1:$PORT/ns/m
curl -s "http://127.0.0.1:$PORT/ctl/m/token?access=AT" >/dev/null
mkdir -p $H/.aws/sso/cache
printf '[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\n' > $H/.aws/config
F=$($PY -c 'import hashlib;print(hashlib.sha1(b"corp").hexdigest())')
echo "{\"startUrl\":\"https://x/start\",\"region\":\"eu-west-1\",\"accessToken\":\"AT\",\"expiresAt\":\"$(date -u -d '+8 hours' +%Y-%m-%dT%H:%M:%SZ)\"}" > $H/.aws/sso/cache/$F.json
export HOME=$H AWS_ENDPOINT_URL_SSO=$E AWS_ENDPOINT_URL_SSO_OIDC=$E
$BIN credential-process dev >/dev/null
N=200; s=$(date +%s%N)
for i in $(seq $N); do $BIN credential-process dev >/dev/null; done
e=$(date +%s%N); echo "SSO cache hit: $(( (e-s)/N/1000 )) us per run over $N runs"
s=$(date +%s%N)
for i in $(seq $N); do $BIN --version >/dev/null; done
e=$(date +%s%N); echo "credbroker --version: $(( (e-s)/N/1000 )) us per run"
echo "portal calls: $(curl -s http://127.0.0.1:$PORT/ctl/m/counts)"
