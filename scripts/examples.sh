#!/usr/bin/env bash
# The main job on the shipped material: check every policy, then evaluate each
# policy's example cases (examples/cases/<policy>/) and print per-rule timeliness.
# Usage: scripts/examples.sh [--as-of YYYY-MM-DD]   (default 2026-11-22, the examples' date)
set -euo pipefail
cd "$(dirname "$0")/.."
as_of=2026-11-22
[ "${1:-}" = "--as-of" ] && as_of=$2
cargo build --release --quiet --bin duly
duly=target/release/duly
echo "== duly check policies/*.duly"
$duly check policies/*.duly
for dir in examples/cases/*/; do
  policy=policies/$(basename "$dir").duly
  [ -f "$policy" ] || continue
  echo
  echo "== $policy, $(ls "$dir"/*.json | wc -l) example case(s), as of $as_of"
  $duly eval --policy "$policy" "$dir"/*.json --as-of "$as_of" --summary --format human
done
