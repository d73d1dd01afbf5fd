# Sourced by the scripts that start a throwaway PostgreSQL 15 cluster (scale-out-bench.sh,
# postgis-baseline.sh). Sets `bindir`, the directory holding initdb, pg_ctl and postgres, and
# `as_pg`, the prefix that runs them as the `postgres` account when the script runs as root
# (initdb refuses root). Expects `script` (the caller's name, for messages) and `package` (what
# to install when the binaries are missing). Environment: PG_BINDIR overrides the search.
bindir="${PG_BINDIR:-}"
if [ -z "$bindir" ]; then
  if command -v initdb >/dev/null 2>&1; then
    bindir="$(dirname "$(readlink -f "$(command -v initdb)")")"
  else
    # Debian and Ubuntu keep each major version's server binaries outside PATH.
    bindir="$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)"
  fi
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "$script: PostgreSQL 15 server binaries not found; install $package or set PG_BINDIR" >&2
  exit 1
fi
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "$script: running as root needs a 'postgres' user" >&2; exit 1; }
  as_pg=(runuser -u postgres --)
fi
