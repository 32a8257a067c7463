#!/usr/bin/env bash
# Soak test (issue 14.8): a real `relais serve` on the demo programme (SQLite; ENGINE=postgresql
# for a throwaway cluster) under a mixed workload with the attacks of issue 14 mixed in
# (bench/soak.lua: lists, scans, logins, imports; unknown routes, malformed JSON, 100 kB logins,
# logins of unknown accounts, files of bad lines). First its capacity on that mix (wrk as fast as
# it answers, CAPACITY_TIME), then DURATION (600 s by default) at PERCENT (80) % of it, paced
# per connection. Samples the server's resident memory every 5 s. Prints the statuses, the 5xx
# count (must be 0), p99, the peak memory (must stay under 64 MB) and whether the memory curve is
# flat (the last third's highest sample within 4 MB of the first third's); exits 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
engine=${ENGINE:-sqlite}
duration=${DURATION:-600}
capacity_time=${CAPACITY_TIME:-20}
percent=${PERCENT:-80}
connections=${CONNECTIONS:-16}  # measuring the capacity
soak_connections=${SOAK_CONNECTIONS:-64}  # holding 80 % of it: wrk's pace is in whole ms
threads=${THREADS:-2}

if ! command -v wrk >/dev/null; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends wrk >/dev/null
fi

. bench/lib.sh
bench_workspace
bench_database
"$build/relais" demo --no-history --db "$db" >/dev/null
token() { "$build/relais" token add --db "$db" --email "$1@demo.relais" --name soak | tail -1; }
export COORDINATOR_TOKEN LOGISTICS_TOKEN OPERATOR_TOKEN
COORDINATOR_TOKEN=$(token coordinator)
LOGISTICS_TOKEN=$(token logistics)
OPERATOR_TOKEN=$(token operator)

# The demo's open parcel's cards (the first 12 of the demo's SFR batch) for the scans, a small
# good file (imported once, then the same file again: 200) and a file of 2,000 bad lines.
luhn() {
  local body=$1 sum=0 i d
  for ((i = 0; i < ${#body}; i++)); do
    d=${body:${#body}-1-i:1}
    if ((i % 2 == 0)); then d=$((d * 2)); ((d > 9)) && d=$((d - 9)); fi
    sum=$((sum + d))
  done
  echo "$body$(((10 - sum % 10) % 10))"
}
for n in $(seq 0 11); do
  export "SCAN_$n=$(luhn "89331020$(printf '%010d' $((1200000 + n)))")"
done
export GOOD_FILE BAD_FILE
GOOD_FILE=$(printf 'iccid,msisdn\n'; for n in $(seq 0 9); do
  printf '%s,+3361%07d\n' "$(luhn "89331020$(printf '%010d' $((1900000 + n)))")" $((9000000 + n)); done)
BAD_FILE=$(printf 'iccid,msisdn\n'; for n in $(seq 1 2000); do printf 'not-a-card-%d,0\n' "$n"; done)

port=$(bash scripts/pg.sh free-port 18480)
"$build/relais" serve --db "$db" --port "$port" --web "$tmp/none" >"$tmp/relais.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
# The coordinator's browser: its device cookie lets its right password in while the attacks of
# the mix have this address throttled.
export DEVICE_COOKIE
DEVICE_COOKIE=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"coordinator@demo.relais","password":"relais-demo"}' "$base/api/v1/session" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(relais_device=[^;]*\).*/\1/p')

echo "capacity: wrk -t$threads -c$connections -d${capacity_time}s on the mix"
DELAY_MS=0 wrk -t"$threads" -c"$connections" -d"${capacity_time}s" --latency -s bench/soak.lua "$base" >"$tmp/capacity.txt"
capacity=$(awk '/^requests\/s:/ {print $2}' "$tmp/capacity.txt")
target=$(awk -v c="$capacity" -v p="$percent" 'BEGIN {printf "%.0f", c * p / 100}')
# Each connection waits DELAY_MS between its requests, and each request takes its own time
# besides: a first guess (connections / delay = the target rate), 10 s measured at it, and the
# delay corrected by the time each request took on top.
guess=$(awk -v n="$soak_connections" -v t="$target" 'BEGIN {printf "%d", n * 1000 / t}')
DELAY_MS=$guess wrk -t"$threads" -c"$soak_connections" -d10s -s bench/soak.lua "$base" >"$tmp/calibration.txt"
measured=$(awk '/^requests\/s:/ {print $2}' "$tmp/calibration.txt")
delay_ms=$(awk -v n="$soak_connections" -v t="$target" -v r="$measured" -v d="$guess" \
  'BEGIN {o = n * 1000 / r - d; v = n * 1000 / t - o; if (v < 0) v = 0; printf "%d", v}')
echo "capacity $capacity req/s; soak at $percent % = $target req/s ($delay_ms ms between requests on each of $soak_connections connections) for ${duration}s"

samples="$tmp/memory.csv"
echo "seconds,rss_kb" >"$samples"
(
  start=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    echo "$(($(date +%s) - start)),$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")" >>"$samples"
    sleep 5
  done
) &
pids+=($!)
DELAY_MS=$delay_ms wrk -t"$threads" -c"$soak_connections" -d"${duration}s" --latency --timeout 10s -s bench/soak.lua "$base" >"$tmp/soak.txt"

cat "$tmp/soak.txt" | sed -n '/^statuses:/,$p'
peak_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
rate=$(awk '/^requests\/s:/ {print $2}' "$tmp/soak.txt")
errors=$(awk '/^server errors:/ {print $3}' "$tmp/soak.txt")
read -r first last < <(awk -F, 'NR > 1 { t[NR] = $1; r[NR] = $2; n = NR }
  END { third = int((n - 1) / 3); f = 0; l = 0
        for (i = 2; i < 2 + third; i++) if (r[i] > f) f = r[i]
        for (i = n - third + 1; i <= n; i++) if (r[i] > l) l = r[i]
        print f, l }' "$samples")
echo "held $rate req/s ($(awk -v r="$rate" -v c="$capacity" 'BEGIN {printf "%.0f", 100 * r / c}') % of capacity)"
echo "memory: peak $((peak_kb / 1024)) MB; highest sample of the first third $((first / 1024)) MB, of the last third $((last / 1024)) MB"
if [[ -n ${SOAK_CURVE:-} ]]; then cp "$samples" "$SOAK_CURVE"; fi
ok=1
((errors == 0)) || { echo "FAIL: $errors answers 5xx"; ok=0; }
((peak_kb < 64 * 1024)) || { echo "FAIL: peak memory $((peak_kb / 1024)) MB >= 64 MB"; ok=0; }
((last <= first + 4096)) || { echo "FAIL: memory grew from $((first / 1024)) MB to $((last / 1024)) MB"; ok=0; }
((ok)) && echo "soak passed: zero 5xx, peak under 64 MB, flat memory"
((ok))
