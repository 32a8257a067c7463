#!/usr/bin/env bash
# Runs the micro-benchmarks, then loads a real `relais serve` on loopback with wrk:
# the health endpoint and a 50-row page of the organisations directory, on the demo programme.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
duration=${DURATION:-10s}

"$build/relais_bench" --benchmark_min_time=0.5

tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$build/relais" demo --db "$tmp/relais.db" >/dev/null
"$build/relais" serve --db "$tmp/relais.db" --port 0 --web "$tmp/none" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$tmp/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"coordinator@demo.relais","password":"relais-demo"}' \
  "http://127.0.0.1:$port/api/v1/session" | sed -n 's/^Set-Cookie: \(relais_session=[^;]*\).*/\1/p')

echo "== wrk: GET /api/v1/health"
wrk -t2 -c32 -d"$duration" "http://127.0.0.1:$port/api/v1/health"
echo "== wrk: GET /api/v1/organisations?limit=50 (logged in)"
wrk -t2 -c32 -d"$duration" -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/organisations?limit=50"
