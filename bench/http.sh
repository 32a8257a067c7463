#!/usr/bin/env bash
# HTTP benchmark: wrk on loopback against a real `relais serve` (demo programme, SQLite) and, in
# the same run, against nginx serving static files of the same sizes as the two answers.
# ENGINE=postgresql runs on a throwaway PostgreSQL cluster; SERVERS=N (N > 1) runs N servers on
# the one database behind HAProxy (packaging/haproxy/relais.cfg, round-robin), measured through
# the balancer. SERVE_ARGS adds options to each `relais serve` (e.g. "--threads 4").
#   GET /api/v1/health                      vs nginx, a file as large as the health answer
#   GET /api/v1/organisations?limit=50      vs nginx, a file as large as that page (logged in)
# Prints requests/s, the ratio to nginx, p99 latency, and relais's resident memory.
# Needs wrk and nginx (installed here if missing: nginx-light, only for this benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
engine=${ENGINE:-sqlite}
servers=${SERVERS:-1}

if ! command -v wrk >/dev/null || ! command -v bc >/dev/null || [[ ! -x /usr/sbin/nginx ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends wrk bc nginx-light >/dev/null
fi

. bench/lib.sh
bench_workspace


# relais on a fresh demo database, its access log discarded as a production log file would be.
bench_database
"$build/relais" demo --no-history --db "$db" >/dev/null
relais_pids=()
ports=()
for i in $(seq "$servers"); do
  port=$(free_port)
  "$build/relais" serve --db "$db" --port "$port" --web "$tmp/none" ${SERVE_ARGS:-} >"$tmp/relais$i.log" 2>&1 &
  relais_pids+=($!)
  pids+=($!)
  ports+=("$port")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
done
relais_pid=${relais_pids[0]}
base="http://127.0.0.1:${ports[0]}"
if ((servers > 1)); then
  # The packaged configuration, made local: bind on loopback, one server line per instance,
  # without the settings of `global` that only a system service needs.
  lb_port=$(free_port)
  backends="${ports[*]}"
  awk -v port="$lb_port" -v backends="$backends" '
    /^[^ \t#]/ { section = $1 }
    section == "global" && ($1 == "chroot" || $1 == "user" || $1 == "group" || $1 == "daemon" ||
                           $1 == "stats" || $1 == "log") { next }
    $1 == "bind" { if (!binds++) print "    bind 127.0.0.1:" port; next }
    $1 == "server" {
      if (!servers++) {
        options = ""; for (i = 4; i <= NF; i++) options = options " " $i
        n = split(backends, b, " ")
        for (i = 1; i <= n; i++) print "    server relais" i " 127.0.0.1:" b[i] options
      }
      next
    }
    { print }' packaging/haproxy/relais.cfg >"$tmp/haproxy.cfg"
  haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
  "$haproxy" -f "$tmp/haproxy.cfg" -db >"$tmp/haproxy.log" 2>&1 &
  pids+=($!)
  base="http://127.0.0.1:$lb_port"
  for _ in $(seq 100); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.1; done
fi
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"email":"coordinator@demo.relais","password":"relais-demo"}' "$base/api/v1/session" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(relais_session=[^;]*\).*/\1/p')

# nginx serving two files of the same sizes as the two JSON answers.
mkdir -p "$tmp/www" "$tmp/nginx"
curl -s "$base/api/v1/health" >"$tmp/www/health.json"
curl -s -H "Cookie: $cookie" "$base/api/v1/organisations?limit=50" >"$tmp/www/list.json"
nginx_port=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  server { listen 127.0.0.1:$nginx_port; root $tmp/www; default_type application/json; }
}
CONF
/usr/sbin/nginx -c "$tmp/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nginx_port/health.json" >/dev/null && break; sleep 0.1; done

# wrk once: prints "rps p99_ms".
measure() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@")
  echo "$out" >>"$tmp/wrk.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

read -r h_rps h_p99 < <(measure "$base/api/v1/health")
read -r n1_rps n1_p99 < <(measure "http://127.0.0.1:$nginx_port/health.json")
read -r l_rps l_p99 < <(measure -H "Cookie: $cookie" "$base/api/v1/organisations?limit=50")
read -r n2_rps n2_p99 < <(measure "http://127.0.0.1:$nginx_port/list.json")
rss_kb=0
hwm_kb=0
for p in "${relais_pids[@]}"; do
  rss_kb=$(( $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status") > rss_kb ? $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status") : rss_kb ))
  hwm_kb=$(( $(awk '/^VmHWM:/ {print $2}' "/proc/$p/status") > hwm_kb ? $(awk '/^VmHWM:/ {print $2}' "/proc/$p/status") : hwm_kb ))
done

printf '\n%s, %d server(s)%s\n' "$engine" "$servers" "$( ((servers > 1)) && echo ' behind HAProxy')"
printf '%-44s %10s %9s %8s\n' "wrk -t$threads -c$connections -d$duration" "req/s" "p99 ms" "× nginx"
printf '%-44s %10.0f %9.2f %8.2f\n' "relais GET /api/v1/health ($(stat -c%s "$tmp/www/health.json") B)" "$h_rps" "$h_p99" "$(echo "$h_rps / $n1_rps" | bc -l)"
printf '%-44s %10.0f %9.2f\n' "nginx  same-size static file" "$n1_rps" "$n1_p99"
printf '%-44s %10.0f %9.2f %8.2f\n' "relais GET organisations?limit=50 ($(stat -c%s "$tmp/www/list.json") B)" "$l_rps" "$l_p99" "$(echo "$l_rps / $n2_rps" | bc -l)"
printf '%-44s %10.0f %9.2f\n' "nginx  same-size static file" "$n2_rps" "$n2_p99"
echo "relais resident memory (largest server): $((rss_kb / 1024)) MB now, $((hwm_kb / 1024)) MB peak"
if ((servers > 1)) && [[ $engine == postgresql ]]; then
  echo "target (issue 9): list >= 0.30x nginx, p99 < 10 ms"
else
  echo "targets: health >= 0.70x nginx, list >= 0.25x nginx, p99 < 5 ms, resident < 30 MB"
fi
