#!/usr/bin/env bash
# Prepares etcd (3.4, Debian packages) for podkit's etcd-backed store and its tests.
#
# On a Debian machine, as root:
#   1. installs `etcd-server` (the `etcd` binary) and `etcd-client` (`etcdctl`) if missing
#      (apt-get update only when installing). The package's init script is kept from starting
#      a system member: the tests start their own members (test/etcd/etcd-env.ts).
#   2. with --start only: starts ONE member for the default demo/serve usage, client
#      http://127.0.0.1:2379, peer http://127.0.0.1:2380, data dir
#      ${PODKIT_ETCD_DATA:-/tmp/podkit-etcd-default}, log ${PODKIT_ETCD_LOG:-/tmp/podkit-etcd.log},
#      and waits until `etcdctl endpoint health` answers. Skipped when a member already answers.
#
# Without --start no member is left running. Idempotent: every step is skipped when its result
# is already there. Prints what it did.
# Environment: PODKIT_ETCD_DATA, PODKIT_ETCD_LOG, PODKIT_ETCD_WAIT (seconds, default 30).
set -euo pipefail

CLIENT_URL="http://127.0.0.1:2379"
PEER_URL="http://127.0.0.1:2380"
MEMBER_NAME="podkit-default"
DATA_DIR="${PODKIT_ETCD_DATA:-/tmp/podkit-etcd-default}"
ETCD_LOG="${PODKIT_ETCD_LOG:-/tmp/podkit-etcd.log}"
WAIT_SECONDS="${PODKIT_ETCD_WAIT:-30}"

say() { printf 'etcd-setup: %s\n' "$*"; }
fail() { printf 'etcd-setup: ERROR: %s\n' "$*" >&2; exit 1; }

start=false
for arg in "$@"; do
  case "$arg" in
    --start) start=true ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument: $arg (usage: scripts/etcd-setup.sh [--start])" ;;
  esac
done

# 1. Packages ---------------------------------------------------------------------------------
missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "need root to install ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install ${missing[*]} yourself (this script targets Debian)"
  # etcd-server's postinst starts a system member (/etc/init.d/etcd, data in /var/lib/etcd) on
  # 127.0.0.1:2379 unless a policy-rc.d forbids it; forbid it for this install only.
  policy=/usr/sbin/policy-rc.d
  own_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from podkit scripts/etcd-setup.sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    own_policy=true
    trap 'rm -f "$policy"' EXIT
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  if [ "$own_policy" = true ]; then rm -f "$policy"; trap - EXIT; fi
  say "installed ${missing[*]}"
else
  say "etcd already installed (etcd and etcdctl on PATH)"
fi
command -v etcd >/dev/null 2>&1 || fail "etcd is not on PATH after installing etcd-server"
command -v etcdctl >/dev/null 2>&1 || fail "etcdctl is not on PATH after installing etcd-client"
say "$(etcd --version | head -n 1), $(ETCDCTL_API=3 etcdctl version | head -n 1)"

# 2. Optional default member ------------------------------------------------------------------
if [ "$start" != true ]; then
  say "done (no member started; pass --start for the default member on $CLIENT_URL)"
  exit 0
fi

member_answers() { ETCDCTL_API=3 timeout 5 etcdctl --endpoints="$CLIENT_URL" --command-timeout=2s endpoint health >/dev/null 2>&1; }

if member_answers; then
  say "a member already answers on $CLIENT_URL: not starting another"
  exit 0
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
data_real="$(realpath -m "$DATA_DIR")"
case "$data_real/" in
  "$repo_root"/*) fail "the data dir $DATA_DIR is inside the repository; point PODKIT_ETCD_DATA elsewhere" ;;
esac
mkdir -p "$DATA_DIR"
chmod 700 "$DATA_DIR"

say "starting member $MEMBER_NAME (client $CLIENT_URL, peer $PEER_URL, data $DATA_DIR, log $ETCD_LOG)"
# ETCD_* variables of the caller would silently change the member's configuration.
env_clean=()
while IFS='=' read -r name _; do
  case "$name" in ETCD_*) env_clean+=(-u "$name") ;; esac
done < <(env)
setsid env "${env_clean[@]}" etcd \
  --name "$MEMBER_NAME" \
  --data-dir "$DATA_DIR" \
  --listen-client-urls "$CLIENT_URL" \
  --advertise-client-urls "$CLIENT_URL" \
  --listen-peer-urls "$PEER_URL" \
  --initial-advertise-peer-urls "$PEER_URL" \
  --initial-cluster "$MEMBER_NAME=$PEER_URL" \
  --initial-cluster-token "$MEMBER_NAME" \
  --initial-cluster-state new \
  --logger zap --log-outputs stderr \
  >>"$ETCD_LOG" 2>&1 </dev/null &
pid=$!
started_at=$SECONDS
until member_answers; do
  waited=$((SECONDS - started_at))
  if ! kill -0 "$pid" 2>/dev/null; then
    printf 'etcd-setup: ERROR: etcd exited during start-up. Last lines of %s:\n' "$ETCD_LOG" >&2
    tail -n 30 "$ETCD_LOG" >&2 || true
    exit 1
  fi
  if [ "$waited" -ge "$WAIT_SECONDS" ]; then
    printf 'etcd-setup: ERROR: etcd did not answer within %ss (stopping pid %s). Last lines of %s:\n' "$WAIT_SECONDS" "$pid" "$ETCD_LOG" >&2
    tail -n 30 "$ETCD_LOG" >&2 || true
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done
say "member up after $((SECONDS - started_at))s (pid $pid; stop it with: kill $pid)"
say "done"
