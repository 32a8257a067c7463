#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, kept whole inside one folder:
#
#   scripts/pg.sh start DIR PORT   initdb in DIR, serve on 127.0.0.1:PORT; prints the base URL
#                                  (postgresql://relais@127.0.0.1:PORT) and nothing else on stdout
#   scripts/pg.sh stop DIR         stops it; nothing to do when it is not running or DIR is gone
#   scripts/pg.sh free-port [P]    prints the first port from P (54329) that nobody listens on
#
# The superuser is `relais`, trusted without a password on 127.0.0.1 and on the socket inside
# DIR, and nowhere else. Durability is off (fsync, synchronous_commit, full_page_writes): the data
# is thrown away with DIR. PostgreSQL refuses to run as root, so as root (CI) the cluster runs as
# the unprivileged `postgres` user of Debian's package (created with useradd --system when absent)
# and DIR is given to that user. PG_CONF, when set, is added to postgresql.conf (the benchmarks
# tune the cluster as a server meant for bulk loads: PG_CONF=$'shared_buffers = 512MB\n...').
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SUPERUSER=relais
RUN_AS=postgres

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

# Runs a PostgreSQL program as the cluster's owner: ourselves, or the unprivileged user as root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u "$RUN_AS" -- "$@")
  else
    "$@"
  fi
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir=${1:?usage: pg.sh start DIR PORT} port=${2:?usage: pg.sh start DIR PORT}
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "bad port: $port"
  [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL 15 in $PG_BIN (Debian package postgresql-15)"
  listening "$port" && die "port $port is already in use"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ -z $(ls -A "$dir") ]] || die "$dir is not empty"

  if [[ $(id -u) -eq 0 ]]; then
    if ! id -u "$RUN_AS" >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_AS"
    fi
    chown "$RUN_AS:" "$dir"
    # The owner must reach DIR: a folder under a private home (/root) would not do.
    as_owner test -w "$dir" || die "$RUN_AS cannot write to $dir: choose a folder under /tmp"
  fi
  chmod 700 "$dir"

  local data=$dir/data socket=$dir/socket
  as_owner mkdir "$socket"
  if ! as_owner "$PG_BIN/initdb" --pgdata="$data" --username="$SUPERUSER" --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi
  as_owner tee "$data/pg_hba.conf" >/dev/null <<EOF
# Throwaway test cluster: the superuser without a password, on loopback and DIR's socket only.
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# scripts/pg.sh: a private test cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket'
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_timezone = 'UTC'
timezone = 'UTC'
${PG_CONF:-}
EOF
  if ! as_owner "$PG_BIN/pg_ctl" --pgdata="$data" --log="$dir/postgres.log" --wait --timeout=60 \
    start >/dev/null; then
    tail -n 30 "$dir/postgres.log" >&2 || true
    die "the cluster in $dir did not start"
  fi
  echo "postgresql://$SUPERUSER@127.0.0.1:$port"
}

stop() {
  local dir=${1:?usage: pg.sh stop DIR}
  local data=$dir/data
  [[ -f $data/PG_VERSION ]] || return 0
  # 3: not running (a stale postmaster.pid included); nothing to stop.
  as_owner "$PG_BIN/pg_ctl" --pgdata="$data" status >/dev/null 2>&1 || return 0
  as_owner "$PG_BIN/pg_ctl" --pgdata="$data" --mode=fast --wait --timeout=60 stop >/dev/null
}

free_port() {
  local port=${1:-54329}
  while listening "$port"; do
    ((port++ < 65535)) || die "no free port"
  done
  echo "$port"
}

case ${1:-} in
  start) start "${@:2}" ;;
  stop) stop "${@:2}" ;;
  free-port) free_port "${@:2}" ;;
  *)
    echo "usage: pg.sh start DIR PORT | stop DIR | free-port [FROM]" >&2
    exit 2
    ;;
esac
