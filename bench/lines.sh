#!/usr/bin/env bash
# Lines in use (issue 12), Google Benchmark over the use cases (bench/lines_bench.cpp): an
# operator's status report of 100,000 lines, beside a 100,000-card import in the same run; the
# to-do list of a structure with 2,000 lines; its rebuilding by a structure and by a resident; the
# daily job over every structure. ENGINE=postgresql runs it on a throwaway PostgreSQL cluster.
# Targets: the report under 10 s, the to-do list under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build=${BUILD:-build}
engine=${ENGINE:-sqlite}
bench_workspace
bench_google_cluster 54393
echo "lines in use ($engine)"
"$build/relais_bench" --benchmark_filter='StatusReport|Reference|Todo' "$@"
