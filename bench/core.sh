#!/usr/bin/env bash
# Micro-benchmarks of the pure core (Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
"${BUILD:-build}/relais_bench" --benchmark_min_time=0.5 "$@"
