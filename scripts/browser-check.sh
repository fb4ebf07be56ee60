#!/usr/bin/env bash
# Renders duly's HTML pages in headless Chromium and checks them: `duly table --format html`
# (plain and --with-quotes) for each policy, and the case report `duly eval --format html` for
# each policy with example cases (examples/cases/<policy>/, as of 2026-11-22, the examples'
# date) and for tests/cases/e2e.jsonl. A screenshot of each and its printed PDF go under
# target/screenshots/ (never commit these), plus a --dump-dom pass that fails when the page did
# not render what it should or logged a script error.
#
# Usage: scripts/browser-check.sh [POLICY.duly …]
#        (default: examples/quickstart.duly and every policies/*.duly)
# Needs Debian's `chromium` (apt-get update && apt-get install -y chromium).

set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "chromium is missing: installing it with apt-get" >&2
        apt-get update && apt-get install -y chromium
    else
        echo "error: chromium is missing; install it with: apt-get update && apt-get install -y chromium" >&2
        exit 2
    fi
fi

cargo build --quiet --bin duly
duly=target/debug/duly
out=target/screenshots
mkdir -p "$out"

if [ "$#" -gt 0 ]; then
    policies=("$@")
else
    policies=(examples/quickstart.duly)
    for p in policies/*.duly; do
        [ -e "$p" ] && policies+=("$p")
    done
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# One headless Chromium run; extra arguments say what to produce.
chrome() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --enable-logging=stderr --v=0 \
        --user-data-dir="$profile" "$@"
}

# Renders $out/NAME.html in Chromium at 1280×HEIGHT (screenshot NAME.png), dumps its DOM
# (NAME.dom.html, log NAME.dom.log) and prints it (NAME.pdf, print CSS: A4 landscape; page 1 as
# NAME.print.png when poppler is installed). Sets `problems` to what is wrong with any page:
# a missing screenshot or PDF, tables without captions, a script, a console message.
render() {
    local name=$1 height=$2
    local url
    url="file://$(realpath "$out/$name.html")"
    chrome --screenshot="$(realpath "$out")/$name.png" --window-size=1280,"$height" "$url" \
        >/dev/null 2>"$out/$name.screenshot.log" || true
    chrome --dump-dom "$url" >"$out/$name.dom.html" 2>"$out/$name.dom.log" || true
    local pdf
    pdf="$(realpath "$out")/$name.pdf"
    chrome --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null 2>&1 || true
    if [ -s "$pdf" ] && command -v pdftoppm >/dev/null 2>&1; then
        pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$out/$name.print"
    fi
    problems=()
    [ -s "$out/$name.png" ] || problems+=("no screenshot")
    [ -s "$pdf" ] || problems+=("no printed PDF")
    local dom="$out/$name.dom.html"
    tables=$(grep -o '<table' "$dom" | wc -l)
    local captions
    captions=$(grep -o '<caption>' "$dom" | wc -l)
    [ "$tables" = "$captions" ] || problems+=("$tables tables but $captions captions")
    ! grep -q '<script' "$dom" || problems+=("the page contains a script")
    # The pages have no scripts, so any console message or uncaught exception is a fault.
    if grep -E 'Uncaught|:CONSOLE[:(]' "$out/$name.dom.log" >/dev/null; then
        problems+=("JavaScript error or console message (see $out/$name.dom.log)")
    fi
}

# Prints the verdict on one page from `problems`; counts failures.
verdict() {
    if [ "${#problems[@]}" -eq 0 ]; then
        echo "ok   $1: $2"
    else
        echo "FAIL $1: ${problems[*]}" >&2
        failures=$((failures + 1))
    fi
}

failures=0
for policy in "${policies[@]}"; do
    name=$(basename "$policy" .duly)
    for variant in plain quotes; do
        flags=(--format html)
        [ "$variant" = quotes ] && flags+=(--with-quotes)
        if ! "$duly" table "$policy" "${flags[@]}" -o "$out/$name-$variant.html"; then
            echo "FAIL $policy ($variant): duly table failed" >&2
            failures=$((failures + 1))
            continue
        fi
        render "$name-$variant" 2000
        dom="$out/$name-$variant.dom.html"
        grep -q '<table' "$dom" || problems+=("no <table> in the rendered DOM")
        grep -q '<th scope="row">' "$dom" || problems+=("no row headers")
        verdict "$policy ($variant)" "$tables tables, screenshot $out/$name-$variant.png"
    done
done

# Case reports: one page per policy with example cases, and the end-to-end cases (every status).
reports=()
for policy in "${policies[@]}"; do
    dir=examples/cases/$(basename "$policy" .duly)
    [ -d "$dir" ] && reports+=("$policy|$dir|2026-11-22")
done
[ "$#" -eq 0 ] && reports+=("tests/cases/e2e.duly|tests/cases/e2e.jsonl|2026-12-20")
for entry in "${reports[@]}"; do
    IFS='|' read -r policy cases as_of <<<"$entry"
    name=report-$(basename "$policy" .duly)
    if [ -d "$cases" ]; then inputs=("$cases"/*.json); else inputs=("$cases"); fi
    run=(eval --policy "$policy" "${inputs[@]}" --as-of "$as_of")
    if ! "$duly" "${run[@]}" --format html >"$out/$name.html"; then
        echo "FAIL $policy report: duly eval failed" >&2
        failures=$((failures + 1))
        continue
    fi
    expected=$("$duly" "${run[@]}" --format json | wc -l)
    render "$name" 4000
    dom="$out/$name.dom.html"
    grep -q '<section id="summary">' "$dom" || problems+=("no summary section in the rendered DOM")
    sections=$(grep -o '<details class="case"' "$dom" | wc -l)
    [ "$sections" = "$expected" ] || problems+=("$sections case sections for $expected cases")
    timelines=$(grep -o '<svg class="timeline"' "$dom" | wc -l)
    [ "$timelines" -gt 0 ] || problems+=("no timeline")
    verdict "$policy report" "$sections cases, $timelines timelines, screenshot $out/$name.png"
done

[ "$failures" -eq 0 ] || { echo "$failures page(s) failed" >&2; exit 1; }
