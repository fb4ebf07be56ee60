#!/usr/bin/env bash
# Renders `duly table --format html` pages in headless Chromium and checks them: a screenshot of
# each (plain and --with-quotes) and its printed PDF under target/screenshots/ (never commit
# these), plus a --dump-dom pass that fails when the page did not render its captioned tables
# or logged a script error.
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

failures=0
for policy in "${policies[@]}"; do
    name=$(basename "$policy" .duly)
    for variant in plain quotes; do
        flags=(--format html)
        [ "$variant" = quotes ] && flags+=(--with-quotes)
        page="$out/$name-$variant.html"
        if ! "$duly" table "$policy" "${flags[@]}" -o "$page"; then
            echo "FAIL $policy ($variant): duly table failed" >&2
            failures=$((failures + 1))
            continue
        fi
        url="file://$(realpath "$page")"
        shot="$out/$name-$variant.png"
        chrome --screenshot="$(realpath "$out")/$name-$variant.png" --window-size=1280,2000 "$url" \
            >/dev/null 2>"$out/$name-$variant.screenshot.log" || true
        chrome --dump-dom "$url" >"$out/$name-$variant.dom.html" 2>"$out/$name-$variant.dom.log" || true
        # The printed page (print CSS: A4 landscape); page 1 as an image when poppler is installed.
        pdf="$(realpath "$out")/$name-$variant.pdf"
        chrome --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null 2>&1 || true
        if [ -s "$pdf" ] && command -v pdftoppm >/dev/null 2>&1; then
            pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$out/$name-$variant.print"
        fi

        problems=()
        [ -s "$shot" ] || problems+=("no screenshot")
        [ -s "$pdf" ] || problems+=("no printed PDF")
        dom="$out/$name-$variant.dom.html"
        grep -q '<table' "$dom" || problems+=("no <table> in the rendered DOM")
        tables=$(grep -o '<table' "$dom" | wc -l)
        captions=$(grep -o '<caption>' "$dom" | wc -l)
        [ "$tables" = "$captions" ] || problems+=("$tables tables but $captions captions")
        grep -q '<th scope="row">' "$dom" || problems+=("no row headers")
        ! grep -q '<script' "$dom" || problems+=("the page contains a script")
        # The page has no scripts, so any console message or uncaught exception is a fault.
        if grep -E 'Uncaught|:CONSOLE[:(]' "$out/$name-$variant.dom.log" >/dev/null; then
            problems+=("JavaScript error or console message (see $out/$name-$variant.dom.log)")
        fi
        if [ "${#problems[@]}" -eq 0 ]; then
            echo "ok   $policy ($variant): $tables tables, screenshot $shot"
        else
            echo "FAIL $policy ($variant): ${problems[*]}" >&2
            failures=$((failures + 1))
        fi
    done
done

[ "$failures" -eq 0 ] || { echo "$failures page(s) failed" >&2; exit 1; }
