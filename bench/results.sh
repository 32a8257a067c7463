#!/usr/bin/env bash
# A programme's results (issue 13), Google Benchmark over the use cases (bench/results_bench.cpp)
# on the national demo (500,000 cards, 3 programmes): the dashboard read again, after a write
# and with another filter (target: under 200 ms), each export (target: under 5 s), beside the
# funder's stock summary in the same run. ENGINE=postgresql runs it on a throwaway PostgreSQL
# cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build=${BUILD:-build}
engine=${ENGINE:-sqlite}
bench_workspace
bench_google_cluster 54394
echo "results ($engine)"
"$build/relais_bench" --benchmark_filter='Results' "$@"
