# Sourced by the benchmarks.
#
# `bench_workspace` makes the temporary folder `tmp` and, on exit, stops what the benchmark
# started: the server in `pid` (or the servers in `pids`), the cluster in `pg_dir`; a script may
# define `bench_on_exit` to keep something from `tmp` first.
bench_workspace() {
  tmp=$(mktemp -d)
  chmod 755 "$tmp"  # as root, the cluster runs as an unprivileged user who must reach $tmp/pg
  pid=""
  pids=()
  pg_dir=""
  trap bench_cleanup EXIT
}
bench_cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if ((${#pids[@]})); then wait 2>/dev/null || true; fi
  if declare -F bench_on_exit >/dev/null; then bench_on_exit; fi
  [[ -n $pg_dir ]] && bash scripts/pg.sh stop "$pg_dir"
  rm -rf "$tmp"
}

# `bench_database` sets `db` to a fresh empty database of $engine in
# $tmp: an SQLite file, or a database `relais` on a throwaway PostgreSQL cluster started in
# $tmp/pg (its folder in `pg_dir`, for the script's cleanup to stop it, and its key file in
# RELAIS_KEY_FILE). PG_CONF, when set, tunes the cluster (scripts/pg.sh).
bench_database() {
  if [[ $engine == postgresql ]]; then
    pg_dir="$tmp/pg"
    pg_url=$(bash scripts/pg.sh start "$pg_dir" "$(bash scripts/pg.sh free-port 54392)")
    export RELAIS_KEY_FILE="$tmp/relais.key"
    psql -q "$pg_url/postgres" -c "CREATE DATABASE relais" >/dev/null
    db="$pg_url/relais"
  else
    db="$tmp/relais.db"
  fi
}

# `bench_google_cluster PORT` gives the Google Benchmark binary a throwaway PostgreSQL cluster in
# RELAIS_BENCH_PG when $engine is postgresql (it makes and drops its own database there).
bench_google_cluster() {
  if [[ $engine == postgresql ]]; then
    pg_dir="$tmp/pg"
    export RELAIS_BENCH_PG
    RELAIS_BENCH_PG=$(bash scripts/pg.sh start "$pg_dir" "$(bash scripts/pg.sh free-port "$1")")
  fi
}

# A loopback port nobody answers on.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
}
