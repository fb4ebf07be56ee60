#!/usr/bin/env bash
# Whole-process benchmark of `duly eval --summary` on a synthetic caseload
# (bench/gen_caseload.rs) with the ten-rule policy bench/ten-rules.duly.
# Usage: scripts/bench.sh [CASES...]   (default: 100000 1000000)
# Prints wall time, events per second, peak memory, and evaluation ÷ parse-only.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin duly --example gen_caseload
sizes=("${@:-100000 1000000}")
out=target/bench
for n in ${sizes[@]}; do
  dir=$out/$n
  [ -f "$dir/cases.jsonl" ] || target/release/examples/gen_caseload "$n" "$dir"
  events=$(($(wc -l < "$dir/events.csv") - 1))
  for kind in jsonl csv; do
    if [ $kind = jsonl ]; then input=("$dir/cases.jsonl"); else input=("$dir/events.csv" --children "$dir/children.csv"); fi
    run() { /usr/bin/time -f "%e %M" target/release/duly eval --policy bench/ten-rules.duly "${input[@]}" --as-of 2026-11-22 --summary --format csv "$@" 2>&1 >/dev/null | tail -1; }
    run >/dev/null # warm the page cache
    read -r secs kb < <(run)
    read -r psecs pkb < <(run --parse-only)
    size=$(du -m "${input[0]}" | cut -f1)
    awk -v n="$n" -v e="$events" -v s="$secs" -v kb="$kb" -v ps="$psecs" -v k="$kind" -v mb="$size" 'BEGIN {
      printf "%-6s %8d cases %9d events %5d MB: %6.2f s, %6.2f M events/s, peak %4d MB; parse-only %5.2f s, eval/parse %.2f\n",
        k, n, e, mb, s, e / s / 1e6, kb / 1024, ps, s / ps }'
  done
done
