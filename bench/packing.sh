#!/usr/bin/env bash
# Packing benchmark: a 500-card parcel. Times the packing list PDF (500 Code 128 barcodes, a QR
# code, 17 pages) and every scan of the 500 cards at the server, through HTTP on loopback.
# Targets: the packing list under 1 s, a scan answered under 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
cards=${CARDS:-500}
tmp=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

db="$tmp/relais.db"
"$build/relais" demo --no-history --db "$db" >/dev/null
# One structure with room for the parcel, and its request approved for $cards cards.
sqlite3 "$db" <<SQL
UPDATE organisations SET capacity = $cards + 100 WHERE id = 20;
INSERT INTO requests (programme_id, structure_id, quantity, needs, leaflet_languages, comment,
                      state, approved_quantity, created_by, created_at, submitted_at, updated_at)
VALUES (1, 20, $cards, 'keep_in_touch:$cards', 'fr ar', '', 'approved', $cards, 'bench',
        '2020-04-01T00:00:00Z', '2020-04-01T00:00:00Z', '2020-04-01T00:00:00Z');
SQL
"$build/relais" allocate --db "$db" --apply >/dev/null

"$build/relais" serve --db "$db" --port 0 --web "$tmp/none" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
base="http://127.0.0.1:$port/api/v1"
login() {
  curl -s -i -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1@demo.relais\",\"password\":\"relais-demo\"}" "$base/session" >"$tmp/login"
  cookie=$(sed -n 's/^Set-Cookie: \(relais_session=[^;]*\).*/\1/p' "$tmp/login")
  csrf=$(grep -o '"csrf_token":"[^"]*"' "$tmp/login" | cut -d'"' -f4)
}
login coordinator
curl -s -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" "$base/packing-orders" >"$tmp/orders"
order=$(grep -o '"id":[0-9]*,"reference":"CO-[0-9]*","state":"open","structure_id":20' "$tmp/orders" |
  sed 's/"id":\([0-9]*\),.*/\1/')
login logistics
curl -s -H "Cookie: $cookie" "$base/packing-orders/$order" | grep -o '"iccid":"[0-9]*"' | cut -d'"' -f4 >"$tmp/iccids"
echo "parcel CO-$order: $(wc -l <"$tmp/iccids") cards"

stats() {
  sort -n | awk '{a[NR] = $1} END {
    p = int(NR * 0.99); if (p < 1) p = 1
    printf "median %.1f ms, p99 %.1f ms, max %.1f ms", a[int(NR / 2) + 1] * 1000, a[p] * 1000, a[NR] * 1000
  }'
}
list=$(for _ in $(seq 10); do
  curl -s -o "$tmp/list.pdf" -w '%{time_total}\n' -H "Cookie: $cookie" "$base/packing-orders/$order/packing-list.pdf"
done | stats)
pages=$(pdfinfo "$tmp/list.pdf" | sed -n 's/^Pages: *//p')
scans=$(while read -r iccid; do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' -d "{\"iccid\":\"$iccid\"}" "$base/packing-orders/$order/scans"
done <"$tmp/iccids" | stats)
wrong=$(for _ in $(seq 100); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' -d "{\"iccid\":\"$(head -1 "$tmp/iccids")\"}" "$base/packing-orders/$order/scans"
done | stats)
echo "packing list of $cards cards ($pages pages), 10 downloads: $list"
echo "scans packing each of the $cards cards: $scans"
echo "wrong scans (already packed), 100: $wrong"
echo "targets: packing list under 1 s, a scan under 20 ms"
