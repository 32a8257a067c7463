# Sourced by the benchmarks. `bench_database` sets `db` to a fresh empty database of $engine in
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
