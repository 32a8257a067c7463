#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets of fuzz/ (clang, ASan + UBSan) in their own build folder,
# then runs each for SECONDS_PER_TARGET (default 60) and prints one line per target.
#   bench/fuzz.sh [SECONDS_PER_TARGET]
# Environment: TARGETS="csv json" to run only some; PARALLEL=N targets at once (default 1);
# BUILD_FUZZ (default build-fuzz); FUZZ_WORK (default fuzz-work) holds what the runs find and
# keep between runs, never committed: corpus/<target>/ (inputs that reached new code; the seeds
# of fuzz/corpus/<target>/ are read, not written), crashes/<target>/ (every crashing, leaking or
# slow input, kept) and logs/<target>.log. Exits 1 when a target found anything.
# Replay one input: build-fuzz/fuzz/fuzz_<target> fuzz-work/crashes/<target>/crash-...
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${BUILD_FUZZ:-build-fuzz}
work=${FUZZ_WORK:-fuzz-work}
parallel=${PARALLEL:-1}
all="csv sim_file status_report structures json http_request identifiers"
targets=${TARGETS:-$all}

# The longest input worth trying: a few hundred lines of a file, a request at the header limit
# (16 KiB) with a small body, a number or an ICCID with room for spaces.
max_len() {
  case $1 in
    identifiers) echo 64 ;;
    json) echo 8192 ;;
    http_request) echo 20000 ;;
    *) echo 16384 ;;
  esac
}
# libphonenumber's metadata makes the identifiers' target the largest at rest.
rss_limit() {
  case $1 in
    identifiers) echo 1536 ;;
    *) echo 1024 ;;
  esac
}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is missing (scripts/setup.sh installs it)" >&2
  exit 2
fi
CC=clang CXX=clang++ cmake -S . -B "$build" -DRELAIS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  >/dev/null || exit 2
cmake --build "$build" -j "${JOBS:-$(nproc)}" >"$build/fuzz-build.log" 2>&1 || {
  tail -40 "$build/fuzz-build.log" >&2
  echo "fuzz: build failed" >&2
  exit 2
}

run_one() {
  local t=$1 corpus=$work/corpus/$1 crashes=$work/crashes/$1 log=$work/logs/$1.log
  mkdir -p "$corpus" "$crashes" "$work/logs"
  local dict=()
  [[ -f fuzz/$t.dict ]] && dict=(-dict="fuzz/$t.dict")
  local TIMEFORMAT='%U %S'  # the CPU seconds the run took, whatever else the machine runs
  { time "$build/fuzz/fuzz_$t" "$corpus" "fuzz/corpus/$t" "${dict[@]}" \
    -max_total_time="$seconds" -max_len="$(max_len "$t")" -rss_limit_mb="$(rss_limit "$t")" \
    -timeout=10 -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1; } 2>"$log.cpu"
  echo $? >"$log.status"
}

running=0
for t in $targets; do
  [[ -x $build/fuzz/fuzz_$t ]] || { echo "fuzz: no target $t" >&2; exit 2; }
  run_one "$t" &
  running=$((running + 1))
  if ((running >= parallel)); then
    wait -n
    running=$((running - 1))
  fi
done
wait

found=0
for t in $targets; do
  log=$work/logs/$t.log
  status=$(cat "$log.status" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE ' cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  corpus=$(find "$work/corpus/$t" -type f | wc -l)
  crashes=$(find "$work/crashes/$t" -type f | wc -l)
  cpu=$(awk '{printf "%d", $1 + $2}' "$log.cpu" 2>/dev/null)
  if ((status != 0)); then
    found=$((found + 1))
    echo "fuzz $t: FAILED after ${runs:-?} runs, see $log and $work/crashes/$t/"
  else
    echo "fuzz $t: ${seconds}s (${cpu:-?}s CPU), ${runs:-0} runs, cov ${cov:-0}, corpus $corpus," \
      "crash inputs kept $crashes"
  fi
done
n=$(wc -w <<<"$targets")
echo "fuzz: $((n - found)) of $n targets clean, $found failed"
((found == 0))
