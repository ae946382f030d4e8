#!/bin/bash
# Instructions per Monte Carlo path-step of a release binary (callgrind, one
# thread): the run with 3,010 paths minus the run with 10 paths, divided by
# 3,000 paths × the scenario's 120 steps. Repeatable to the instruction
# whatever else the machine is doing, unlike wall-clock time.
#
# usage: scripts/perf/instructions-per-path-step.sh [BINARY] [SCENARIO]
#   defaults: target/release/selloff, japan-fire-sale (run from the repository root)
set -euo pipefail
B=${1:-target/release/selloff}
S=${2:-japan-fire-sale}
STEPS=120
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ir() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$1.out" \
    "$B" run "$S" --paths "$1" --threads 1 --out "$tmp/out$1" -q --format svg 2>&1 |
    grep -oP "Collected : \K[0-9]+"
}
small=$(ir 10)
big=$(ir 3010)
echo "$S: $(((big - small) / (3000 * STEPS))) instructions per path-step (callgrind totals $small and $big)"
