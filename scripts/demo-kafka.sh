#!/usr/bin/env bash
# `make demo-kafka`: the demo through the real Kafka broker and separate processes.
#
#   broker (scripts/kafka.sh) → liveguard publish --realtime → N × liveguard worker
#     → Kafka events topics → liveguard alerts-consume → database ← liveguard serve (pages)
#
# Environment: LIVEGUARD_DEMO_WORKERS (default 2), LIVEGUARD_API_PORT (8000),
# LIVEGUARD_KAFKA_PORT (9092), LIVEGUARD_DEMO_SOURCE (default the bundled Chinese stream),
# LIVEGUARD_DEMO_FAST=1 (publish without real-time pacing), LIVEGUARD_DEMO_EXIT=1 (stop once
# the stream has been processed, for scripted runs), LIVEGUARD_DEMO_RUN_DIR (logs + database,
# default var/demo-kafka). Ctrl-C stops everything this script started.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BIN=${LIVEGUARD_BIN:-$REPO/.venv/bin}
LG="$BIN/liveguard"
WORKERS=${LIVEGUARD_DEMO_WORKERS:-2}
PORT=${LIVEGUARD_API_PORT:-8000}
KPORT=${LIVEGUARD_KAFKA_PORT:-9092}
SOURCE=${LIVEGUARD_DEMO_SOURCE:-}
if [[ -z $SOURCE ]]; then
  SOURCE=$("$BIN/python" -c 'from liveguard.pipeline.demo import find_demo_stream; print(find_demo_stream())')
fi
[[ -f $SOURCE ]] || { echo "demo-kafka: no demo stream found; set LIVEGUARD_DEMO_SOURCE" >&2; exit 2; }

RUN=${LIVEGUARD_DEMO_RUN_DIR:-$REPO/var/demo-kafka}
mkdir -p "$RUN"
export LIVEGUARD_DATA_DIR=$RUN/data
export LIVEGUARD_KAFKA_BOOTSTRAP=127.0.0.1:$KPORT
export LIVEGUARD_KAFKA_PORT=$KPORT
export LIVEGUARD_TOPIC_PREFIX=${LIVEGUARD_TOPIC_PREFIX:-liveguard.demo.}
export LIVEGUARD_API_PORT=$PORT
STREAM=demo-kafka-$(date -u +%Y%m%d-%H%M%S)

PIDS=()
STARTED_KAFKA=0
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $STARTED_KAFKA == 1 ]]; then bash "$HERE/kafka.sh" stop || true; fi
}
trap cleanup EXIT INT TERM

if ! bash "$HERE/kafka.sh" status >/dev/null 2>&1; then
  bash "$HERE/kafka.sh" start
  STARTED_KAFKA=1
fi
"$LG" topics create --partitions 4
# Workers that join the group before the new topic's metadata is visible can end up with no
# partitions; wait until the broker reports the audio topic's partitions.
"$BIN/python" - "$LIVEGUARD_KAFKA_BOOTSTRAP" "${LIVEGUARD_TOPIC_PREFIX}audio" <<'PY'
import sys, time
from kafka import KafkaConsumer
consumer = KafkaConsumer(bootstrap_servers=sys.argv[1])
try:
    for _ in range(600):  # until the broker reports them; the bound is a hang guard
        if consumer.partitions_for_topic(sys.argv[2]):
            break
        time.sleep(0.5)
    else:
        sys.exit(f"demo-kafka: topic {sys.argv[2]} has no partitions")
finally:
    consumer.close()
PY

# Demo users: created once, a fresh token printed on every run (sign in with user + token).
declare -A ROLE=([demo-moderator]=moderator [demo-regulator]=regulator [demo-merchant]=merchant)
CREDS=()
for user in demo-moderator demo-regulator demo-merchant; do
  extra=()
  [[ ${ROLE[$user]} == merchant ]] && extra=(--merchant-id m-demo)
  "$LG" user add "$user" --role "${ROLE[$user]}" "${extra[@]}" >/dev/null 2>&1 || true
  token=$("$LG" token create "$user" --name demo-kafka 2>/dev/null | grep -o 'lg_[A-Za-z0-9_-]*' | tail -1)
  CREDS+=("  ${ROLE[$user]}  $user  $token")
done

"$LG" serve --port "$PORT" >"$RUN/api.log" 2>&1 &
PIDS+=($!)
"$LG" alerts-consume >"$RUN/alerts-consume.log" 2>&1 &
PIDS+=($!)
WORKER_PIDS=()
for i in $(seq 1 "$WORKERS"); do
  "$LG" worker --id "w$i" >"$RUN/worker-$i.log" 2>&1 &
  PIDS+=($!)
  WORKER_PIDS+=($!)
done
workers_alive() {
  local pid
  for pid in "${WORKER_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/ui/login" && break
  sleep 0.3
done
echo "LiveGuard (Kafka mode) is running: http://127.0.0.1:$PORT/ui/   logs: $RUN/*.log"
echo "Sign in with user + token:"
printf '%s\n' "${CREDS[@]}"
echo "Live view: http://127.0.0.1:$PORT/ui/live/$STREAM"

pace=(--realtime)
[[ ${LIVEGUARD_DEMO_FAST:-0} == 1 ]] && pace=()
"$LG" publish "$SOURCE" --stream-id "$STREAM" --platform demo --room room-1 \
  --host-id host-demo --merchant-id m-demo "${pace[@]}"
echo "Stream $STREAM published to Kafka; the workers are transcribing and checking it."

if [[ ${LIVEGUARD_DEMO_EXIT:-0} == 1 ]]; then
  db="$LIVEGUARD_DATA_DIR/liveguard.db"
  for _ in $(seq 1 600); do
    ended=$("$BIN/python" - "$db" "$STREAM" <<'PY'
import sqlite3, sys
try:
    row = sqlite3.connect(sys.argv[1]).execute(
        "select ended_at is not null from streams where id = ?", (sys.argv[2],)).fetchone()
except sqlite3.Error:
    row = None
print(1 if row and row[0] else 0)
PY
)
    [[ $ended == 1 ]] && break
    if ! workers_alive; then
      echo "demo-kafka: every worker exited; see $RUN/worker-*.log" >&2
      exit 1
    fi
    sleep 1
  done
  "$BIN/python" - "$db" "$STREAM" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
segs = db.execute("select count(*) from segments where stream_id = ?", (sys.argv[2],)).fetchone()[0]
cases = db.execute("select count(*) from cases where stream_id = ?", (sys.argv[2],)).fetchone()[0]
print(f"demo-kafka: {segs} segments, {cases} cases for {sys.argv[2]}")
PY
  exit 0
fi
echo "Press Ctrl-C to stop."
wait "${PIDS[0]}"
