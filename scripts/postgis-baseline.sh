#!/usr/bin/env bash
# The PostGIS baseline of issue #3: starts a throwaway PostgreSQL 15 cluster with PostGIS on a
# temporary directory, runs `liaison bench query --baseline postgis` against it beside an
# embedded hub with the same notices and queries, and removes the cluster afterwards.
#
# Prerequisite, for this baseline only (Debian/Ubuntu):
#   apt-get install -y postgresql-15-postgis-3
#
# Usage: scripts/postgis-baseline.sh [query|all] [liaison bench options]
#   e.g. scripts/postgis-baseline.sh --notices 10000 --clients 16 --duration 20 --json out.json
#   `all` also runs noop, congested and spread, so every ratio comes from the same run.
# Environment: PG_BINDIR (directory holding initdb and pg_ctl; found automatically on Debian),
#              PG_PORT (default 5433).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PG_PORT:-5433}"
scenario=query
case "${1:-}" in all|query) scenario="$1"; shift ;; esac

script=postgis-baseline
package=postgresql-15-postgis-3
# shellcheck source=pg-binaries.sh
. "$here/scripts/pg-binaries.sh"

dir="$(mktemp -d -t liaison-postgis-XXXXXX)"
[ "${#as_pg[@]}" -gt 0 ] && chown postgres "$dir"
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >/dev/null
# Settings a competent operator would give a read-mostly benchmark box; durability is not at stake
# for a read-only baseline, but fsync stays on.
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=64 -c jit=off" start >/dev/null
"${as_pg[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U postgres bench
echo "postgis-baseline: PostgreSQL $("${as_pg[@]}" "$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2

"$here/liaison" bench "$scenario" --embedded --baseline postgis \
  --pg "jdbc:postgresql://127.0.0.1:$port/bench?user=postgres" "$@"
