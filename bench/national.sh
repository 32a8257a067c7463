#!/usr/bin/env bash
# National-size benchmark (issue 9): `relais demo --size national` (3,500 structures, 3
# operators, 500,000 cards, 150,000 requests) timed on one engine (ENGINE=sqlite, the default,
# or postgresql on a throwaway cluster started here), then every list and summary the web app
# reads, as the coordinator, each asked 5 times: the server's own time (from its access log)
# and the size of the answer. Targets: the demo in under 3 minutes; every answer under 50 ms
# and 200 KB; a card found by its whole number or ICCID under 5 ms at the server.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
engine=${ENGINE:-sqlite}
. bench/lib.sh
bench_workspace

bench_database

start=$(date +%s.%N)
"$build/relais" demo --size national --db "$db" >/dev/null
demo_s=$(echo "$(date +%s.%N) - $start" | bc)
printf 'relais demo --size national (%s): %.1f s\n' "$engine" "$demo_s"
if [[ $engine == sqlite ]]; then
  echo "database file: $(($(stat -c%s "$db") / 1000000)) MB"
else
  echo "database: $(psql -At "$db" -c "SELECT pg_size_pretty(pg_database_size('relais'))")"
fi

"$build/relais" serve --db "$db" --port 0 --web "$tmp/none" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
base="http://127.0.0.1:$port"
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"coordinator@demo.relais","password":"relais-demo"}' \
  "$base/api/v1/session" | sed -n 's/^Set-Cookie: \(relais_session=[^;]*\).*/\1/p')
get() { curl -s -H "Cookie: $cookie" "$base$1"; }

# A card of the middle of the stock, to be found by its whole ICCID, number and last digits.
card=$(get "/api/v1/sims?limit=1&cursor=$(get '/api/v1/sims?limit=200' | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).next_cursor))')")
iccid=$(node -e 'console.log(JSON.parse(process.argv[1]).items[0].iccid)' "$card")
msisdn=$(node -e 'console.log(JSON.parse(process.argv[1]).items[0].msisdn)' "$card")
state_filter="state=reserved"

paths=(
  "/api/v1/organisations?limit=50"
  "/api/v1/organisations?kind=structure&department=13&limit=50"
  "/api/v1/organisations?q=accueil&limit=50"
  "/api/v1/users?limit=50"
  "/api/v1/sims?limit=50"
  "/api/v1/sims?$state_filter&limit=50"
  "/api/v1/sims?q=$iccid"
  "/api/v1/sims?q=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$msisdn")"
  "/api/v1/sims?q=0${msisdn:4:1}%20${msisdn:5:2}"
  "/api/v1/sims?q=${iccid: -6}"
  "/api/v1/sims/$iccid"
  "/api/v1/sim-batches"
  "/api/v1/stock/summary"
  "/api/v1/requests?limit=50"
  "/api/v1/requests?state=submitted,endorsed&limit=50"
  "/api/v1/requests?department=75&limit=50"
  "/api/v1/requests/summary"
  "/api/v1/referrals?limit=50"
  "/api/v1/allocation"
  "/api/v1/allocation/requests?limit=50"
  "/api/v1/allocation/requests?q=cada&sort=missing&limit=50"
  "/api/v1/packing-orders?limit=50"
  "/api/v1/shipments?limit=50"
  "/api/v1/incidents?limit=50"
)
for path in "${paths[@]}"; do
  for run in 1 2 3 4 5; do
    curl -s -o "$tmp/body.$run" -w '%{http_code}\n' -H "Cookie: $cookie" "$base$path" >"$tmp/status"
  done
  cp "$tmp/body.5" "$tmp/body.$(echo -n "$path" | sha1sum | cut -c1-12)"
  cp "$tmp/status" "$tmp/status.$(echo -n "$path" | sha1sum | cut -c1-12)"
done
sleep 2  # the access log is flushed every second
printf '\n%-62s %10s %10s %8s\n' "answer (coordinator, median of 5)" "server ms" "bytes" "status"
worst_ms=0
worst_bytes=0
for path in "${paths[@]}"; do
  key=$(echo -n "$path" | sha1sum | cut -c1-12)
  # "GET /api/v1/... 200 1234B 3.2ms": the server's own time for each of the five.
  ms=$(grep -F "GET $path " "$tmp/log" | sed -n 's/.* \([0-9.]*\)ms$/\1/p' | sort -n |
    awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  bytes=$(stat -c%s "$tmp/body.$key")
  printf '%-62s %10s %10s %8s\n' "${path:0:62}" "$ms" "$bytes" "$(cat "$tmp/status.$key")"
  worst_ms=$(echo "if ($ms > $worst_ms) $ms else $worst_ms" | bc)
  ((bytes > worst_bytes)) && worst_bytes=$bytes
done
echo
echo "slowest answer: $worst_ms ms; largest: $worst_bytes bytes"
echo "targets: demo under 180 s; every answer under 50 ms and 200 KB; whole ICCID or number under 5 ms"
