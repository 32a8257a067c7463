#!/usr/bin/env bash
# Micro-benchmarks of the pure core (Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
# The lines-in-use and results benchmarks build a national database first: bench/lines.sh and
# bench/results.sh run them.
"${BUILD:-build}/relais_bench" --benchmark_min_time=0.5 --benchmark_filter='-StatusReport|Reference|Todo|Results' "$@"
