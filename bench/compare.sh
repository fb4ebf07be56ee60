#!/usr/bin/env bash
# Cross-checks and times duly against the pandas baseline (bench/pandas_baseline.py) on the
# synthetic caseload of scripts/bench.sh. Not part of CI: it needs Python with pandas.
#
# Usage: bench/compare.sh [--obligations] [--edge] [--time] [CASES]     (default CASES: 100000)
#   (always)       diff the two per-rule summaries (`duly eval --summary --format csv`)
#   --obligations  also diff every obligation: case, rule, due, status, done
#   --edge         also diff every obligation on a hand-written caseload of edge cases the
#                  generator never produces (clock changes, bank-holiday and weekend anchors,
#                  29 February, two plans, unsorted rows, missing facts, open periods)
#   --time         whole-process wall time, CPU time and peak RSS, 3 runs each (after one
#                  warm-up): duly on JSON Lines,
#                  duly on CSV, pandas on CSV (best and median wall time)
#
# duly: $DULY if set (e.g. a copy pinned to one commit, since others rebuild target/release),
# else target/release/duly, built first.
# Python: $PYTHON, else target/bench/venv/bin/python if present, else python3. Set one up with
#   python3 -m venv target/bench/venv && target/bench/venv/bin/pip install -r bench/requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
obligations=false edge=false timing=false n=100000
for a in "$@"; do
  case $a in
    --obligations) obligations=true ;;
    --edge) edge=true ;;
    --time) timing=true ;;
    *) n=$a ;;
  esac
done
py=${PYTHON:-$( [ -x target/bench/venv/bin/python ] && echo target/bench/venv/bin/python || echo python3 )}
dir=target/bench/$n
if [ -z "${DULY:-}" ] || [ ! -f "$dir/cases.jsonl" ]; then
  cargo build --release --quiet --bin duly --example gen_caseload
fi
[ -f "$dir/cases.jsonl" ] || target/release/examples/gen_caseload "$n" "$dir"
out=$dir/compare
mkdir -p "$out"
as_of=2026-11-22
duly=("${DULY:-target/release/duly}" eval --policy bench/ten-rules.duly --as-of $as_of)
csv_in=("$dir/events.csv" --children "$dir/children.csv")

"${duly[@]}" "${csv_in[@]}" --summary --format csv > "$out/duly-summary.csv"
"$py" bench/pandas_baseline.py "${csv_in[@]}" --as-of $as_of > "$out/pandas-summary.csv"
if diff -u "$out/duly-summary.csv" "$out/pandas-summary.csv"; then
  echo "summaries: identical ($n cases)"
else
  echo "summaries: DIFFER (above: - duly, + pandas)"; status=1
fi

# case,rule,due,status,done of every decided obligation, sorted: duly's CSV columns are
# case,rule,task,anchor_event,anchor_at,due,target,status,done,late_by.
decided() { awk -F, 'NR > 1 && $8 ~ /^(met|late|overdue|pending)$/ { print $1 "," $2 "," $6 "," $8 "," $9 }' | LC_ALL=C sort; }

if $obligations; then
  "${duly[@]}" "${csv_in[@]}" --format csv | decided > "$out/duly-obligations.sorted"
  "$py" bench/pandas_baseline.py "${csv_in[@]}" --as-of $as_of --obligations "$out/pandas-obligations.csv" > /dev/null
  tail -n +2 "$out/pandas-obligations.csv" | LC_ALL=C sort > "$out/pandas-obligations.sorted"
  if diff "$out/duly-obligations.sorted" "$out/pandas-obligations.sorted" > "$out/obligations.diff"; then
    echo "obligations: identical ($(wc -l < "$out/duly-obligations.sorted") with case, rule, due, status, done)"
  else
    echo "obligations: $(grep -c '^[<>]' "$out/obligations.diff") differing lines, see $out/obligations.diff (< duly, > pandas)"
    status=1
  fi
fi

if $edge; then
  e=$out/edge
  mkdir -p "$e"
  cat > "$e/events.csv" <<'CSV'
case,event,at,s47_agreed
DST1,referral,2024-10-26T10:00,
DST1,decision,2024-10-27T01:30,
DST2,referral,2024-10-26T02:00,
DST2,decision,2024-10-27T01:30,
DST3,referral,2024-03-30T01:30,
DST3,decision,2024-03-31T01:30,
DST4,referral,2024-03-30T02:00,
DST4,decision,2024-03-31T02:30,
DST5,referral,2024-10-26T01:30,
DST5,decision,2024-10-27T01:00,
NODEC,referral,2026-11-21T20:00,
NODEC,strategy_discussion,2026-11-24,
HOL,referral,2024-12-24T09:00,
HOL,decision,2024-12-24T09:30,
HOL,strategy_discussion,2024-12-25,true
HOL,icpc,2025-01-17,
HOL,cp_plan_start,2025-01-18,
HOL,cp_visit,2025-01-18,
HOL,cp_visit,2025-01-18,
HOL,cp_visit,2025-02-05,
HOL,cp_plan_end,2025-02-20,
HOL,cp_plan_start,2025-03-01,
HOL,cp_visit,2025-03-20,
HOL,core_group,2025-01-31,
HOL,core_group,2025-03-20,
HOL,rcpc,2025-04-30,
WKND,referral,2025-05-03T11:00,
WKND,decision,2025-05-03T12:00,
WKND,strategy_discussion,2025-05-10,
WKND,icpc,2025-05-31,
WKND,cp_plan_start,2025-05-31,
WKND,cp_visit,2025-06-20,
WKND,core_group,2025-06-13,
WKND,rcpc,2025-08-31,
WKND,icpc,2025-11-30,
WKND,rcpc,2026-02-28,
FEB29,referral,2025-01-02T10:00,
FEB29,decision,2025-01-02T11:00,
FEB29,entered_care,2025-06-01,
FEB29,lac_review,2026-02-28,
FEB29,lac_review,2026-03-01,
LEFT,referral,2025-01-02T10:00,
LEFT,decision,2025-01-02T11:00,
LEFT,entered_care,2025-06-01,
LEFT,left_care,2025-09-01,
LEFT,lac_review,2025-06-30,
LEFT,entered_care,2026-09-01,
LEFT,lac_review,2026-09-01,
LEFT,lac_review,2026-09-01,
OPEN,referral,2026-10-01T10:00,
OPEN,decision,2026-10-03T11:00,
OPEN,strategy_discussion,2026-10-05,true
OPEN,icpc,2026-10-20,
OPEN,cp_plan_start,2026-10-20,
OPEN,cp_visit,2026-11-01,
OPEN,core_group,2026-10-25,
OPEN,entered_care,2026-11-01,
UNSORTED,cp_visit,2025-03-10,
UNSORTED,cp_plan_end,2025-06-30,
UNSORTED,cp_visit,2025-02-20,
UNSORTED,cp_plan_start,2025-02-03,
UNSORTED,cp_visit,2025-06-30,
UNSORTED,core_group,2025-07-01,
UNSORTED,icpc,2025-02-03,
UNSORTED,referral,2025-01-31T12:00,
UNSORTED,decision,2025-01-31T11:00,
UNSORTED,decision,2025-02-02T11:00,
CSV
  cat > "$e/children.csv" <<'CSV'
case,date_of_birth
FEB29,2008-02-29
LEFT,2008-09-01
OPEN,2010-01-01
UNSORTED,
WKND,2007-05-31
CSV
  "${duly[@]}" "$e/events.csv" --children "$e/children.csv" --format csv | decided > "$e/duly.sorted"
  "$py" bench/pandas_baseline.py "$e/events.csv" --children "$e/children.csv" --as-of $as_of \
    --obligations "$e/pandas.csv" > /dev/null 2>&1
  tail -n +2 "$e/pandas.csv" | LC_ALL=C sort > "$e/pandas.sorted"
  if diff "$e/duly.sorted" "$e/pandas.sorted"; then
    echo "edge cases: identical ($(wc -l < "$e/duly.sorted") obligations)"
  else
    echo "edge cases: DIFFER (< duly, > pandas)"; status=1
  fi
fi

if $timing; then
  echo "load: $(uptime)"
  measure() { # label, command...: 3 runs after one warm-up: best and median wall time, CPU time, peak RSS
    local label=$1; shift
    "$@" > /dev/null 2>&1
    local runs=()
    for _ in 1 2 3; do
      /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" > /dev/null 2>&1
      runs+=("$(tail -1 "$out/time.txt")")
    done
    printf '%s\n' "${runs[@]}" | sort -n | awk -v l="$label" '
      { s[NR] = $1; m[NR] = $2; c[NR] = $3 + $4 } END {
        max = m[1]; for (i = 2; i <= NR; i++) if (m[i] > max) max = m[i]
        printf "%-11s wall best %5.2f s, median %5.2f s (runs %s %s %s); CPU (user+sys) best run %5.2f s; peak RSS %4d MB\n",
          l, s[1], s[2], s[1], s[2], s[3], c[1], max / 1024 }'
  }
  measure "duly jsonl" "${duly[@]}" "$dir/cases.jsonl" --summary --format csv
  measure "duly csv" "${duly[@]}" "${csv_in[@]}" --summary --format csv
  measure "pandas csv" "$py" bench/pandas_baseline.py "${csv_in[@]}" --as-of $as_of
  echo "events: $(($(wc -l < "$dir/events.csv") - 1))"
fi
exit ${status:-0}
