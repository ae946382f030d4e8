#!/bin/bash
# Compares the memory guard's estimate with the measured peak (GNU time's
# maximum resident set size) over the shipped scenarios, step lengths and
# Monte Carlo sizes. Prints: scenario step paths estimate_MB peak_MB peak/estimate.
# usage: scripts/memory-check.sh BINARY [PATHS...]   (from the repository root; default paths 0 200 5000)
set -uo pipefail
bin=$1
shift
paths=("${@:-0 200 5000}")
[ $# -eq 0 ] && paths=(0 200 5000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-24s %-8s %7s %10s %9s %6s\n' scenario step paths estimate_MB peak_MB ratio
for f in scenarios/*.toml; do
  s=$(basename "$f" .toml)
  for step in day week month quarter; do
    for n in "${paths[@]}"; do
      out="$tmp/$s-$step-$n"
      est=$(SELLOFF_PRINT_MEMORY_ESTIMATE=1 /usr/bin/time -f "peak %M" "$bin" run "$s" --set "time.step=\"$step\"" \
        --paths "$n" --out "$out" -q --format png --max-memory-mb 100000 2>&1 | tr '\n' ' ')
      e=$(sed -n 's/.*memory estimate: \([0-9]*\) bytes.*/\1/p' <<<"$est")
      p=$(sed -n 's/.*peak \([0-9]*\).*/\1/p' <<<"$est")
      if [ -z "$e" ] || [ -z "$p" ]; then
        printf '%-24s %-8s %7s %s\n' "$s" "$step" "$n" "failed: ${est:0:120}"
        continue
      fi
      awk -v s="$s" -v st="$step" -v n="$n" -v e="$e" -v p="$p" \
        'BEGIN { printf "%-24s %-8s %7s %10.1f %9.1f %6.2f\n", s, st, n, e/1048576, p/1024, (p*1024)/e }'
      rm -rf "$out"
    done
  done
done
