#!/usr/bin/env bash
# Run a command against a private, throw-away PostgreSQL cluster on 127.0.0.1.
# The cluster lives in a temporary folder, listens on a free port, and is
# stopped and removed when the command ends, whatever its outcome.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=$(mktemp -d /tmp/assessment-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$DATA"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATA/db" -U postgres -A trust --no-sync -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres assessment_test
export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/assessment_test"
export TEST_PG_ADMIN_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
set +e
"$@"
status=$?
set -e
exit $status
