#!/bin/bash
# Runs the same cases with two release binaries and compares every data file
# they write (CSV, JSON, Markdown) byte for byte: a performance change must
# leave them identical. Cases: Monte Carlo runs of every reaction, the yield
# noise, the issuance response, a sweep and a tornado.
#
# usage: scripts/perf/same-outputs.sh OLD_BINARY NEW_BINARY   (from the repository root)
set -euo pipefail
old=$1
new=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cases() {
  local B=$1 D=$2
  "$B" run japan-fire-sale --paths 2000 --out "$D/japan-fire-sale" -q --format svg
  "$B" run contagion --paths 500 --out "$D/contagion" -q --format svg
  "$B" run uncertain-japan --paths 500 --out "$D/uncertain-japan" -q --format svg
  for s in fed-backstop yen-intervention-2022 auction-strike japan-china march-2020 rate-shock-1pct \
    japan-optimal april-2025 q3-2024 baseline japan-gradual; do
    "$B" run "$s" --paths 300 --out "$D/$s" -q --format svg
  done
  "$B" run fed-backstop --set issuance_response.threshold_bp=50 --set issuance_response.bills_shift=0.3 \
    --paths 300 --out "$D/fed-issuance" -q --format svg
  "$B" run uncertain-japan --set issuance_response.threshold_bp=50 --set issuance_response.bills_shift=0.3 \
    --paths 200 --out "$D/unc-issuance" -q --format svg
  "$B" run japan-fire-sale --set market.noise_bp_per_sqrt_year=40 --paths 300 --out "$D/jfs-noise" -q --format svg
  "$B" run japan-fire-sale --out "$D/jfs-det" -q --format svg
  "$B" sweep japan-fire-sale --vary holders.japan.sale.steps=1,6,24 --out "$D/sweep" -q
  "$B" sweep --tornado uncertain-japan --out "$D/tornado" -q
}
cases "$old" "$tmp/old"
cases "$new" "$tmp/new"
rc=0
n=0
while IFS= read -r f; do
  n=$((n + 1))
  cmp -s "$tmp/old/$f" "$tmp/new/$f" || { echo "DIFFERENT: $f"; rc=1; }
done < <(cd "$tmp/old" && find . -type f \( -name '*.csv' -o -name '*.json' -o -name '*.md' \) | sort)
[ "$rc" = 0 ] && echo "ALL IDENTICAL ($n files)"
exit "$rc"
