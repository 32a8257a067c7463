#!/usr/bin/env bash
# Residents benchmark, at the server through HTTP on loopback, on the demo programme: a handover
# (scan to recorded: the card moves, the line is written, audited) and its taking back, 200 of
# each; the resident's leaflet PDF (A5, its PUK read and audited), 20 in French and 20 in Arabic
# (shaped right to left); beside GET /api/v1/health in the same run, the floor of any request.
# ENGINE=postgresql runs it on a throwaway PostgreSQL cluster.
# Targets: a handover under 20 ms, a leaflet under 300 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build=${BUILD:-build}
engine=${ENGINE:-sqlite}
rounds=${ROUNDS:-200}
bench_workspace
bench_database

"$build/relais" demo --no-history --db "$db" >/dev/null
"$build/relais" serve --db "$db" --port 0 --web "$tmp/none" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
base="http://127.0.0.1:$port/api/v1"
curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"structure@demo.relais","password":"relais-demo"}' "$base/session" >"$tmp/login"
cookie=$(sed -n 's/^Set-Cookie: \(relais_session=[^;]*\).*/\1/p' "$tmp/login")
csrf=$(grep -o '"csrf_token":"[^"]*"' "$tmp/login" | cut -d'"' -f4)
post() {  # path, JSON body; prints the body, the time on the last line
  curl -s -w '\n%{time_total}\n' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' -d "$2" "$base$1"
}
card=$(curl -s -H "Cookie: $cookie" "$base/sims?state=at_structure&limit=1" |
  grep -o '"iccid":"[0-9]*"' | head -1 | cut -d'"' -f4)

# Residents who consented to the line, each to receive the card then give it back.
for i in $(seq "$rounds"); do
  id=$(post /residents '{"household_size":2,"children":1,"languages":["ar","fr"],"first_name":"Amina"}' |
    grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  post "/residents/$id/consents" '{"purpose":"line","method":"oral"}' >/dev/null
  echo "$id"
done >"$tmp/residents"

stats() {
  sort -n | awk '{a[NR] = $1} END {
    p = int(NR * 0.95); if (p < 1) p = 1
    printf "median %.1f ms, p95 %.1f ms, max %.1f ms (%d)", a[int((NR + 1) / 2)] * 1000, a[p] * 1000, a[NR] * 1000, NR
  }'
}
: >"$tmp/handovers"
: >"$tmp/takebacks"
while read -r id; do
  post /handovers "{\"resident_id\":$id,\"iccid\":\"$card\"}" >"$tmp/h"
  grep -q '"taken_back_at":null' "$tmp/h" || { echo "handover failed: $(head -c 300 "$tmp/h")" >&2; exit 1; }
  tail -1 "$tmp/h" >>"$tmp/handovers"
  line=$(grep -o '^{"id":[0-9]*' "$tmp/h" | cut -d: -f2)
  post "/handovers/$line/take-back" '{"reason":"wrong_person"}' | tail -1 >>"$tmp/takebacks"
done <"$tmp/residents"
last=$(tail -1 "$tmp/residents")
post /handovers "{\"resident_id\":$last,\"iccid\":\"$card\"}" >/dev/null
leaflet() {
  for _ in $(seq 20); do
    curl -s -o "$tmp/leaflet.pdf" -w '%{time_total}\n' -H "Cookie: $cookie" \
      "$base/residents/$last/leaflet.pdf?lang=$1"
  done | stats
}
fr=$(leaflet fr)
ar=$(leaflet ar)
health=$(for _ in $(seq "$rounds"); do
  curl -s -o /dev/null -w '%{time_total}\n' "$base/health"
done | stats)
echo "engine $engine, card $card"
echo "GET /health (reference):   $health"
echo "handover (POST /handovers): $(stats <"$tmp/handovers")"
echo "take-back:                  $(stats <"$tmp/takebacks")"
echo "leaflet PDF, French:        $fr"
echo "leaflet PDF, Arabic:        $ar"
echo "targets: a handover under 20 ms, a leaflet under 300 ms"
