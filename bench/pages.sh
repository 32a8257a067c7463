#!/usr/bin/env bash
# Web app pages at national size (issue 9, speed): `relais demo --size national` on one engine
# (ENGINE=sqlite, the default, or postgresql on a throwaway cluster started here), served with
# the built web app; then, in headless Chromium (Debian's, launched as web/playwright.config.ts
# does) on a 360×800 screen, each demo role logs in and opens every page it reaches: its lists
# with their default filters, one item of each, the allocation page, the packing station at an
# open parcel, the stock, and a card searched by its whole ICCID and by its number
# (bench/pages.mjs). Each page opens in a fresh browser context, cold cache, logged in.
# Ready: a heading visible in <main>, no element aria-busy="true", no request pending, and
# nothing more (no request, no DOM change) for 500 ms; the time is from the navigation's start to
# the last response's end or the last DOM change, whichever is later (the 500 ms not counted). A
# search is timed from the click on Search.
# Memory, right after ready: the private memory of the page's renderer process (Private_Clean +
# Private_Dirty + Swap of /proc/PID/smaps_rollup); also shown, not judged: that process's RSS
# (which counts the Chromium libraries all its processes share), the JS heap in use (CDP
# Performance.getMetrics JSHeapUsedSize), and the private memory of all the browser's processes
# (Chromium's own base included: the first row, an empty page, shows it).
# Targets: each page ready in under 1 s and under 150 MB; rows over either are flagged. Then the
# server's slowest and largest API answers of the run (its access log; SERVER_LOG=FILE keeps it).
# ROLES=coordinator,funder limits the roles. A benchmark: exits 0 whatever the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
engine=${ENGINE:-sqlite}
. bench/lib.sh
bench_workspace
bench_on_exit() {
  if [[ -n ${SERVER_LOG:-} && -f $tmp/log ]]; then cp "$tmp/log" "$SERVER_LOG"; fi
}

if [[ ! -f web/dist/index.html ]]; then
  [[ -d web/node_modules ]] || (cd web && npm ci --silent)
  make --no-print-directory web
fi

bench_database

start=$(date +%s.%N)
"$build/relais" demo --size national --db "$db" >/dev/null
printf 'relais demo --size national (%s): %.1f s\n\n' "$engine" "$(echo "$(date +%s.%N) - $start" | bc)"

"$build/relais" serve --db "$db" --port 0 --web web/dist >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")

start=$(date +%s.%N)
node bench/pages.mjs "http://127.0.0.1:$port"
printf '\nbrowser run: %.0f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"

sleep 2  # the access log is flushed every second
# "GET /api/v1/... 200 1234B 3.2ms": every API answer of the run as method, path, status,
# bytes, ms; the slowest and the largest.
grep -o '[A-Z]* /api/[^ ]* [0-9]* [0-9]*B [0-9.]*ms$' "$tmp/log" | sed 's/B / /; s/ms$//' >"$tmp/api" || true
echo
echo "slowest API answers of the run (server time):"
sort -k5 -g -r "$tmp/api" | awk 'NR <= 8 {printf "  %8s ms %9s B  %s %s\n", $5, $4, $1, $2}'
echo "largest API answers of the run:"
sort -k4 -g -r "$tmp/api" | awk 'NR <= 5 {printf "  %8s ms %9s B  %s %s\n", $5, $4, $1, $2}'
echo
echo "targets: each page ready in under 1,000 ms and under 150 MB (the page's renderer, private)"
