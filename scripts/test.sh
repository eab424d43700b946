#!/usr/bin/env bash
# What `make test` (and so CI) runs: system packages, lint, type checks, then every test
# including the slow ones (real Whisper model, real Kafka broker, real PostgreSQL, Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
start=$(date +%s)

bash scripts/system-deps.sh
bash scripts/kafka.sh fetch                      # cached in ~/.cache/liveguard/kafka
LIVEGUARD_TEST_POSTGRES_URL=$(bash scripts/postgres.sh start | tail -1)
export LIVEGUARD_TEST_POSTGRES_URL

echo "== ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .
echo "== mypy"
"$BIN/mypy" liveguard tests bench
echo "== pytest"
set +e
# Two processes (pytest-xdist), whole files to each: most of the suite's time is waiting on
# brokers, subprocesses and the model, and those waits overlap (tests/README.md, "Speed").
"$BIN/pytest" -q -p no:cacheprovider -n 2 --dist loadfile --durations=15 "$@"
rc=$?
set -e
echo "== done in $(( $(date +%s) - start )) s (pytest exit $rc)"
exit $rc
