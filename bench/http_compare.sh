#!/usr/bin/env bash
# Two builds of relais side by side, for "a change must not cost speed": each serves its own
# copy of one demo database, and wrk runs against them in turn, ROUNDS times, on the two answers
# of bench/http.sh (health, and a page of 50 organisations logged in). For each run it prints
# requests/s and the server's CPU time per request (user + system, from /proc), which a busy
# machine disturbs far less than requests/s; then the median of each.
#   bench/http_compare.sh BEFORE_BINARY AFTER_BINARY
# Environment: ROUNDS (default 6), DURATION (default 10s), CONNECTIONS (32), THREADS (2);
# PIN=1 runs the servers on the first processor and wrk (one thread) on the second, so that
# neither takes the other's processor: the steadiest figures on a machine of two.
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/http_compare.sh BEFORE_BINARY AFTER_BINARY}
after=${2:?usage: bench/http_compare.sh BEFORE_BINARY AFTER_BINARY}
rounds=${ROUNDS:-6}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
engine=sqlite
server_cpu=()
client_cpu=()
if [[ ${PIN:-0} == 1 ]]; then
  server_cpu=(taskset -c 0)
  client_cpu=(taskset -c 1)
  threads=1
fi

command -v wrk >/dev/null || {
  echo "wrk is missing (bench/http.sh installs it)" >&2
  exit 2
}

. bench/lib.sh
bench_workspace


# Each binary makes its own demo database (its own migrations); the demo is the same rows.
declare -A port cookie server
for name in before after; do
  bin=${!name}
  "$bin" demo --no-history --db "$tmp/$name.db" >/dev/null
  port[$name]=$(free_port)
  "${server_cpu[@]}" "$bin" serve --db "$tmp/$name.db" --port "${port[$name]}" --web "$tmp/none" >"$tmp/$name.log" 2>&1 &
  server[$name]=$!
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:${port[$name]}/api/v1/health" >/dev/null && break; sleep 0.1; done
  cookie[$name]=$(curl -s -i -H 'Content-Type: application/json' \
    -d '{"email":"coordinator@demo.relais","password":"relais-demo"}' \
    "http://127.0.0.1:${port[$name]}/api/v1/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(relais_session=[^;]*\).*/\1/p')
done

# CPU ticks (user + system) a process has used.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# run NAME WHAT [DURATION]: one wrk run; prints "requests/s cpu_us_per_request".
run() {
  local name=$1 what=$2 d=${3:-$duration} url args=()
  url="http://127.0.0.1:${port[$name]}/api/v1/health"
  if [[ $what == list ]]; then
    url="http://127.0.0.1:${port[$name]}/api/v1/organisations?limit=50"
    args=(-H "Cookie: ${cookie[$name]}")
  fi
  local t0 t1 out
  t0=$(ticks "${server[$name]}")
  out=$("${client_cpu[@]}" wrk -t"$threads" -c"$connections" -d"$d" "${args[@]}" "$url")
  t1=$(ticks "${server[$name]}")
  local requests rps
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "$name $what: answers other than 2xx" >&2
    exit 1
  fi
  echo "$rps $(echo "($t1 - $t0) * 1000000 / $hz / $requests" | bc -l)"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Warm both up (first connections, caches).
for name in before after; do run "$name" health 2s >/dev/null; run "$name" list 2s >/dev/null; done

printf '%-6s %-7s %-7s %10s %12s\n' round answer binary "req/s" "CPU µs/req"
for what in health list; do
  for r in $(seq "$rounds"); do
    # Alternate which binary goes first, so that neither always follows the other.
    order=(before after)
    ((r % 2 == 0)) && order=(after before)
    for name in "${order[@]}"; do
      read -r rps us < <(run "$name" "$what")
      printf '%-6s %-7s %-7s %10.0f %12.2f\n' "$r" "$what" "$name" "$rps" "$us"
      echo "$rps" >>"$tmp/$what.$name.rps"
      echo "$us" >>"$tmp/$what.$name.us"
    done
  done
done

echo
printf '%-7s %-7s %12s %14s\n' answer binary "median req/s" "median CPU µs"
for what in health list; do
  for name in before after; do
    printf '%-7s %-7s %12.0f %14.2f\n' "$what" "$name" "$(median <"$tmp/$what.$name.rps")" \
      "$(median <"$tmp/$what.$name.us")"
  done
done
