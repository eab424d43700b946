#!/usr/bin/env bash
# A real PostgreSQL for the tests: installs Debian's server if missing, starts the cluster and
# makes a throw-away database. Prints the SQLAlchemy URL on its last line.
#
#   scripts/postgres.sh start|stop|url
set -euo pipefail

DB=${LIVEGUARD_PG_DB:-liveguard_test}
USER_NAME=${LIVEGUARD_PG_USER:-liveguard}
PASSWORD=${LIVEGUARD_PG_PASSWORD:-liveguard}
URL="postgresql+psycopg://$USER_NAME:$PASSWORD@127.0.0.1:5432/$DB"

say() { echo "postgres.sh: $*" >&2; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

install() {
  if ls /etc/postgresql/*/main >/dev/null 2>&1; then return 0; fi
  say "installing Debian's postgresql"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
}

version() { ls /etc/postgresql | sort -V | tail -1; }

start() {
  install
  local v; v=$(version)
  if ! pg_lsclusters -h | awk -v v="$v" '$1==v && $2=="main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start >&2
  fi
  for _ in $(seq 1 600); do  # until the server answers; the bound only guards against a hang
    if as_root su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  as_root su postgres -c "psql -qAt" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_NAME') THEN
    CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD' CREATEDB;
  END IF;
END \$\$;
SQL
  if ! as_root su postgres -c "psql -qAtc \"select 1 from pg_database where datname='$DB'\"" | grep -q 1; then
    as_root su postgres -c "createdb -O $USER_NAME $DB" >&2
  fi
  say "ready"
  echo "$URL"
}

stop() {
  local v; v=$(version)
  as_root pg_ctlcluster --skip-systemctl-redirect "$v" main stop >&2 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
