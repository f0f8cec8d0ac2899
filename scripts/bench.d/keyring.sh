#!/usr/bin/env bash
# What a keyring costs on a cache miss, and that a hit costs nothing more.
#
# Usage (scripts/bench runs it as its step "keyring", or alone with
# `scripts/bench --keyring-only`):
#     keyring.sh CREDBROKER PYTHON DO_NOTHING OUTDIR
#
# Starts the local STS (moto) and a throwaway HOME whose config holds three
# one-hop chains (`*-mid`: a role on long-term keys) whose keys are in
# ~/.aws/credentials, in the encrypted file (Argon2id 64 MiB, 3 passes) and
# in a GNOME Keyring on a private session bus (dbus-run-session, unlocked
# from a throwaway passphrase). One hyperfine run times the do-nothing
# binary, a miss of each (`--force-refresh`: the role is assumed again, so
# its keys are read again) and a hit of each. The difference between a
# miss on keyring keys and a miss on keys in the file is the keyring's
# cost. Checks that every miss made one STS call and no hit made any.
# Prints a Markdown table; raw results in OUTDIR/hyperfine-keyring.json.
set -euo pipefail
CB=$1 PY=$2 NOOP=$3 OUT=$4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${KEYRING_RUNS:-40}

if [ -z "${DBUS_SESSION_BUS_ADDRESS-}" ] || [ -z "${KEYRING_BENCH_INSIDE-}" ]; then
  exec env KEYRING_BENCH_INSIDE=1 dbus-run-session -- "$0" "$@"
fi

work=$(mktemp -d)
sts_pid=""
cleanup() {
  [ -n "$sts_pid" ] && kill "$sts_pid" 2>/dev/null || true
  pkill -u "$(id -u)" -f "gnome-keyring-daemon.*$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export HOME=$work/home XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME/.aws" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
printf 'bench passphrase\n' | gnome-keyring-daemon --unlock --components=secrets --daemonize \
  --control-directory="$work/run/keyring" >/dev/null

"$PY" "$ROOT/tests/support/sts_server.py" --no-stdin-watch >"$work/sts.out" 2>"$work/sts.err" &
sts_pid=$!
for _ in $(seq 100); do grep -q LISTENING "$work/sts.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/LISTENING/ {print $2}' "$work/sts.out")
[ -n "$port" ] || { echo "keyring.sh: the local STS did not start" >&2; exit 1; }
ENDPOINT=http://127.0.0.1:$port/ns/keyring
export AWS_ENDPOINT_URL_STS=$ENDPOINT CREDBROKER_STS_MAX_ATTEMPTS=1
export CREDBROKER_KEYRING_PASSPHRASE='bench file passphrase'

cat >"$HOME/.aws/credentials" <<'INI'
[files]
aws_access_key_id = AKIAFILESEXAMPLE0001
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
INI
cat >"$HOME/.aws/config" <<'INI'
[profile files-mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = files

[profile file-keyring-mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = in-file

[profile gnome-keyring-mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = in-gnome
INI
secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
AWS_ACCESS_KEY_ID=AKIAINFILEEXAMPLE001 AWS_SECRET_ACCESS_KEY=$secret \
  "$CB" --keyring file keys add in-file --env 2>/dev/null
AWS_ACCESS_KEY_ID=AKIAINGNOMEEXAMPLE01 AWS_SECRET_ACCESS_KEY=$secret \
  "$CB" --keyring secret-service keys add in-gnome --env 2>/dev/null

calls() {
  "$PY" -c 'import json, sys, urllib.request as u; print(json.load(u.urlopen(sys.argv[1])).get("AssumeRole", 0))' \
    "http://127.0.0.1:$port/ctl/keyring/counts"
}
for p in files-mid file-keyring-mid gnome-keyring-mid; do "$CB" credential-process "$p" >/dev/null; done
before=$(calls)

hyperfine -N --style none --warmup 3 --runs "$RUNS" --export-json "$OUT/hyperfine-keyring.json" \
  -n "do-nothing" "$NOOP" \
  -n "miss, keys in ~/.aws/credentials" "$CB credential-process files-mid --force-refresh" \
  -n "miss, keys in the encrypted file" "$CB credential-process file-keyring-mid --force-refresh" \
  -n "miss, keys in GNOME Keyring" "$CB credential-process gnome-keyring-mid --force-refresh" \
  -n "hit, keys in ~/.aws/credentials" "$CB credential-process files-mid" \
  -n "hit, keys in the encrypted file" "$CB credential-process file-keyring-mid" \
  -n "hit, keys in GNOME Keyring" "$CB credential-process gnome-keyring-mid" >/dev/null

after=$(calls)
want=$(( 3 * (RUNS + 3) ))
[ $(( after - before )) -eq "$want" ] || {
  echo "keyring.sh: $(( after - before )) AssumeRole calls while timing, expected $want (one per miss, none per hit)" >&2
  exit 1
}

"$PY" - "$OUT/hyperfine-keyring.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
median = {r["command"]: r["median"] * 1000 for r in results}
base = median["miss, keys in ~/.aws/credentials"]
hit = median["hit, keys in ~/.aws/credentials"]
print("| command | median | beside keys in ~/.aws/credentials |")
print("|---|---|---|")
for r in results:
    name = r["command"]
    ref = base if name.startswith("miss") else hit if name.startswith("hit") else None
    extra = "" if ref is None or name.endswith("credentials") else f"{median[name] - ref:+.2f} ms"
    print(f"| {name} | {median[name]:.2f} ms | {extra} |")
PY
