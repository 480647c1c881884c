#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: created in a temporary folder with the
# Debian server binaries, listening on a free loopback port, and always stopped and removed
# afterwards, whether the command passes or fails. The command sees QGOV_DATABASE_URL.
#   scripts/with-postgres.sh .venv/bin/pytest
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "error: PostgreSQL server binaries not found (run scripts/system-deps.sh)" >&2
  exit 2
fi

workdir=$(mktemp -d -t qgov-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# initdb refuses to run as root: run the server as the unprivileged 'postgres' (or 'nobody') user.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  id -u "$pg_user" >/dev/null 2>&1 || pg_user=nobody
  chown "$pg_user" "$workdir"
  chmod 700 "$workdir"
  as_user=(runuser -u "$pg_user" --)
fi

stop() {
  "${as_user[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop EXIT INT TERM

"${as_user[@]}" "$bindir/initdb" -D "$workdir/data" -U qgov --auth=trust -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 || {
  cat "$workdir/initdb.log" >&2; exit 2; }
# Tests trade durability for speed; benchmarks set QGOV_PG_DURABLE=1 to measure real commits.
options="-c listen_addresses=127.0.0.1 -p $port -k $workdir -c max_connections=200"
if [ "${QGOV_PG_DURABLE:-0}" != "1" ]; then
  options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${as_user[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 -o "$options" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 2; }

export QGOV_DATABASE_URL="postgresql://qgov@127.0.0.1:$port/qgov"
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U qgov qgov
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
status=0
"$@" || status=$?
exit $status
