#!/usr/bin/env bash
# Allocation benchmark: 100,000 approved requests over 1,000,000 SIM cards, in SQLite or, with
# ENGINE=postgresql, in PostgreSQL (a throwaway cluster started here).
# Times `relais allocate` (the preview: reading the requests and the stock, the engine, the JSON)
# and `relais allocate --apply` (the same, then every card reserved with its event, in one
# transaction). Targets: preview under 1 s, apply under 10 s.
# The pure engine alone is timed by bench/core.sh (BM_AllocatePreview).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
cards=${CARDS:-1000000}
requests=${REQUESTS:-100000}
if ! command -v bc >/dev/null || [[ ! -x /usr/bin/time ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends bc time >/dev/null
fi

engine=${ENGINE:-sqlite}
. bench/lib.sh
bench_workspace

# The same valid operator file as bench/import.sh.
bash bench/sims_csv.sh "$cards" >"$tmp/sims.csv"

bench_database
if [[ $engine == postgresql ]]; then
  sql() { psql -q -v ON_ERROR_STOP=1 -At "$db" "$@"; }
else
  sql() { sqlite3 "$db" "$@"; }
fi
"$build/relais" demo --no-history --db "$db" >/dev/null
"$build/relais" import sims --db "$db" --operator SFR --plan CU-2020 --reference bench "$tmp/sims.csv" >/dev/null
# 100,000 approved requests spread over the demo's 120 structures, 1 to 20 cards each (about
# 1,050,000 asked for 1,002,428 in stock: some are served in part), with varied needs and dates.
if [[ $engine == postgresql ]]; then
  sql <<SQL
INSERT INTO requests (programme_id, structure_id, quantity, needs, leaflet_languages, comment,
                      state, approved_quantity, created_by, created_at, submitted_at, updated_at)
SELECT 1, s.id, 1 + (i * 7) % 20,
       'keep_in_touch:' || ((i * 3) % (1 + (i * 7) % 20)) || ' schooling:' || (i % 2) ||
       ' job_search:' || ((i * 5) % 3 % (1 + (i * 7) % 20)),
       'fr', '', 'approved', 1 + (i * 7) % 20, 'bench', '2020-04-01T00:00:00Z',
       to_char(timestamp '2020-04-01' + (i % 86400) * interval '1 second',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       '2020-04-01T00:00:00Z'
FROM generate_series(0, $requests - 1) AS i
JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM organisations
      WHERE kind = 'structure') s
  ON s.k = i % (SELECT COUNT(*) FROM organisations WHERE kind = 'structure');
ANALYZE;
SQL
else
sql <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $requests),
structures AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM organisations
               WHERE kind = 'structure'),
how_many AS (SELECT COUNT(*) AS c FROM structures)
INSERT INTO requests (programme_id, structure_id, quantity, needs, leaflet_languages, comment,
                      state, approved_quantity, created_by, created_at, submitted_at, updated_at)
SELECT 1, s.id, 1 + (i * 7) % 20,
       'keep_in_touch:' || ((i * 3) % (1 + (i * 7) % 20)) || ' schooling:' || (i % 2) ||
       ' job_search:' || ((i * 5) % 3 % (1 + (i * 7) % 20)),
       'fr', '', 'approved', 1 + (i * 7) % 20, 'bench', '2020-04-01T00:00:00Z',
       strftime('%Y-%m-%dT%H:%M:%SZ', '2020-04-01', '+' || (i % 86400) || ' seconds'),
       '2020-04-01T00:00:00Z'
FROM n JOIN how_many JOIN structures s ON s.k = n.i % how_many.c;
SQL
fi
count_sql="SELECT COUNT(*) FROM sims WHERE state = 'in_stock'"
if [[ $engine == postgresql ]]; then in_stock=$(sql -c "$count_sql"); else in_stock=$(sql "$count_sql"); fi
echo "database ($engine): $in_stock cards in stock, $requests approved requests waiting"

runs=${RUNS:-3}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
: >"$tmp/preview_times"
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$build/relais" allocate --db "$db" >"$tmp/preview.json"
  echo "$(date +%s.%N) - $start" | bc >>"$tmp/preview_times"
done
preview_s=$(median <"$tmp/preview_times")
allocated=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).allocated)' "$tmp/preview.json")

# Apply once (it changes the database), on a copy so that the preview runs above stay comparable.
if [[ $engine == postgresql ]]; then
  psql -q "$pg_url/postgres" -c "CREATE DATABASE apply TEMPLATE relais" >/dev/null
  apply_db="$pg_url/apply"
else
  cp "$db" "$tmp/apply.db"
  [[ -e "$db.key" ]] && cp "$db.key" "$tmp/apply.db.key"
  apply_db="$tmp/apply.db"
fi
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$tmp/rss" "$build/relais" allocate --db "$apply_db" --apply >"$tmp/applied.json"
apply_s=$(echo "$(date +%s.%N) - $start" | bc)
reserved=$(node -e 'const a = JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(a.allocated)' "$tmp/applied.json")
partial=$(node -e 'const a = JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(a.total.partly_served)' "$tmp/applied.json")

printf '\nrelais allocate (preview, %d requests, median of %d): %6.2f s  (%s cards allocated)\n' \
  "$requests" "$runs" "$preview_s" "$allocated"
printf 'relais allocate --apply (%s):                    %6.2f s  (%s cards reserved, %s requests served in part, peak %d MB)\n' "$engine" \
  "$apply_s" "$reserved" "$partial" "$(( $(cat "$tmp/rss") / 1024 ))"
echo "targets: preview under 1 s, apply under 10 s"
