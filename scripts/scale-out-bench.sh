#!/usr/bin/env bash
# The scale-out figures of docs/scale-out.md: starts a throwaway PostgreSQL 15 cluster on a
# temporary directory and runs `liaison bench spread` against, in turn,
#   embedded  one hub process on the embedded store,
#   pg1       one hub process on PostgreSQL (--instances many, the default with --db),
#   pg2       two hub processes on the same PostgreSQL database, clients spread over both,
# each on a fresh database, alternating the three for --rounds rounds so a busy machine weighs
# on all of them alike. After each PostgreSQL run it prints the hubs' group-commit timings
# (transactions, writes per transaction, database time per write, stripe-lock waits, how long
# the shared log head was held): the inputs of the N-machine model in docs/scale-out.md.
#
# With --machine-cpus C, each hub process and PostgreSQL run as if on a machine of their own:
# each in its own CPU control group capped at C cores (the bench client stays outside, as
# clients are elsewhere). On a 2-core machine, 0.5 models "one machine per process" for up to
# two hubs beside PostgreSQL, so embedded, pg1 and pg2 compare as deployments do. Needs root
# and a cgroup cpu controller (v1 or v2).
#
# Usage: scripts/scale-out-bench.sh [--rounds N] [--only embedded,pg1,pg2] [--machine-cpus C]
#                                   [liaison bench options]
#   e.g. scripts/scale-out-bench.sh --rounds 2 --clients 16 --duration 8 --warmup 3
#        scripts/scale-out-bench.sh --machine-cpus 0.5 --clients 16 --duration 10 --warmup 20
# Environment: LIAISON_JAR (a built liaison.jar to run instead of this checkout's, e.g. an older
#              build to compare against), PG_BINDIR (directory holding initdb and pg_ctl; found automatically on Debian),
#              PG_PORT (default 5434), HUB_PORT (first hub port, default 18082).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_port="${PG_PORT:-5434}"
hub_port="${HUB_PORT:-18082}"
rounds=1
only="embedded,pg1,pg2"
machine_cpus=""
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --machine-cpus) machine_cpus="$2"; shift 2 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done
[ "${#bench_args[@]}" -gt 0 ] || bench_args=(--clients 16 --duration 8 --warmup 3)

script=scale-out-bench
package=postgresql-15
# shellcheck source=pg-binaries.sh
. "$here/scripts/pg-binaries.sh"

# --machine-cpus: one CPU control group per modelled machine, under cg_base.
cg_base=""
cg_v2=""
if [ -n "$machine_cpus" ]; then
  [ "$(id -u)" = 0 ] || { echo "scale-out-bench: --machine-cpus needs root (CPU control groups)" >&2; exit 1; }
  quota_us="$(awk -v c="$machine_cpus" 'BEGIN { q = int(c * 100000); if (q < 1000) exit 1; print q }')" \
    || { echo "scale-out-bench: --machine-cpus must be a number of cores of at least 0.01, not '$machine_cpus'" >&2; exit 2; }
  if grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    cg_v2=1
    cg_base="/sys/fs/cgroup/liaison-scaleout-$$"
    echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
  elif [ -w /sys/fs/cgroup/cpu ]; then
    cg_base="/sys/fs/cgroup/cpu/liaison-scaleout-$$"
  else
    echo "scale-out-bench: --machine-cpus needs a writable cgroup cpu controller (v1 or v2)" >&2; exit 1
  fi
  mkdir "$cg_base"
  [ -n "$cg_v2" ] && { echo +cpu >"$cg_base/cgroup.subtree_control" || true; }
  echo "scale-out-bench: each hub and PostgreSQL capped at $machine_cpus cores (control groups under $cg_base)" >&2
fi
# Prints the control group of machine NAME (made on first use), or nothing without --machine-cpus.
machine() {
  [ -n "$cg_base" ] || return 0
  local cg="$cg_base/$1"
  if [ ! -d "$cg" ]; then
    mkdir "$cg"
    if [ -n "$cg_v2" ]; then
      echo "$quota_us 100000" >"$cg/cpu.max"
    else
      echo 100000 >"$cg/cpu.cfs_period_us"
      echo "$quota_us" >"$cg/cpu.cfs_quota_us"
    fi
  fi
  echo "$cg"
}
# Runs a command inside control group $1 (none if empty).
in_machine() { # cgroup command...
  local cg="$1"
  shift
  [ -z "$cg" ] || echo "$BASHPID" >"$cg/cgroup.procs"
  exec "$@"
}
# How often the cap held a machine back, from its cpu.stat.
throttled() { # name
  [ -n "$cg_base" ] && [ -f "$cg_base/$1/cpu.stat" ] || return 0
  awk -v n="$1" '/^nr_periods/ {p=$2} /^nr_throttled/ {t=$2} END { if (p) printf "  %s: throttled in %d of %d periods of 100 ms\n", n, t, p }' "$cg_base/$1/cpu.stat"
}

# Build once, then run every process from a copy of the jar, so no rebuild happens mid-run.
jar="${LIAISON_JAR:-}"
if [ -z "$jar" ]; then
  "$here/liaison" --version >/dev/null
  jar="$here/target/liaison.jar"
fi
dir="$(mktemp -d -t liaison-scaleout-XXXXXX)"
cp "$jar" "$dir/liaison.jar"
chmod 755 "$dir" # the cluster runs as postgres and must reach its directory
mkdir -p "$dir/pg"
[ "${#as_pg[@]}" -gt 0 ] && chown postgres "$dir/pg"
hubs=()
stop_hubs() {
  for pid in "${hubs[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${hubs[@]}"; do wait "$pid" 2>/dev/null || true; done
  hubs=()
}
cleanup() {
  stop_hubs
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  if [ -n "$cg_base" ] && [ -d "$cg_base" ]; then
    sleep 0.5 # PostgreSQL's last processes leave their group
    rmdir "$cg_base"/*/ 2>/dev/null || true
    rmdir "$cg_base" 2>/dev/null || true
  fi
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 >/dev/null
# PostgreSQL's defaults (fsync and synchronous_commit on), room for two hubs' pools.
(in_machine "$(machine postgres)" "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w \
  -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null)
echo "scale-out-bench: PostgreSQL $("${as_pg[@]}" "$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port" >&2

# Starts one hub; its log goes to $dir/<name>.log.
start_hub() { # name port [hub options]
  local name="$1" port="$2" cg
  shift 2
  cg="$(machine "$name")"
  (in_machine "$cg" java ${LIAISON_JAVA_OPTS:-} -jar "$dir/liaison.jar" hub --dev-auth --access-log off --port "$port" \
    --data "$dir/$name.data" "$@" >"$dir/$name.log" 2>&1) &
  hubs+=("$!")
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/healthy" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "scale-out-bench: hub $name did not start; its log:" >&2
  cat "$dir/$name.log" >&2
  exit 1
}

run() { # setup round
  local setup="$1" round="$2" urls db
  case "$setup" in
    embedded)
      start_hub "embedded-$round" "$hub_port"
      urls="http://127.0.0.1:$hub_port" ;;
    pg1|pg2)
      db="bench_${setup}_$round"
      "${as_pg[@]}" "$bindir/createdb" -h "$dir/pg" -p "$pg_port" -U postgres "$db"
      start_hub "$setup-$round-a" "$hub_port" --db "jdbc:postgresql://127.0.0.1:$pg_port/$db?user=postgres"
      urls="http://127.0.0.1:$hub_port"
      if [ "$setup" = pg2 ]; then
        start_hub "$setup-$round-b" "$((hub_port + 1))" --db "jdbc:postgresql://127.0.0.1:$pg_port/$db?user=postgres"
        urls="$urls,http://127.0.0.1:$((hub_port + 1))"
      fi ;;
    *) echo "scale-out-bench: unknown setup $setup (embedded, pg1, pg2)" >&2; exit 2 ;;
  esac
  echo "=== round $round: $setup ($urls)"
  java ${LIAISON_JAVA_OPTS:-} -jar "$dir/liaison.jar" bench spread --hub "$urls" "${bench_args[@]}"
  stop_hubs # a clean stop logs each engine's last timings
  grep -h "group commit" "$dir/$setup-$round"-*.log 2>/dev/null | sed 's/^/  hub: /' || true
  for m in "$setup-$round" "$setup-$round-a" "$setup-$round-b"; do throttled "$m"; done
}

for round in $(seq 1 "$rounds"); do
  for setup in ${only//,/ }; do
    run "$setup" "$round"
  done
done
throttled postgres
