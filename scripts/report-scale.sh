#!/usr/bin/env bash
# The HTML report at scale (issue 14): POSTS generated posts (default 1,000,000) screened by the release
# build, interrupted with Ctrl-C after INTERRUPT_AFTER seconds and resumed with --resume; then checks
# that the report, the summary and the JSONL agree (fails if not), and measures the page in headless
# Chromium: its size, first contentful paint and the time until the first page of posts is drawn.
# Needs chromium and chromium-driver (bash scripts/install-deps.sh chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${POSTS:-1000000}
dir=${REPORT_SCALE_DIR:-/tmp/postscreen-report-scale}
screen=.build/release/screen
python=.venv-browser/bin/python
bash scripts/browser-venv.sh
mkdir -p "$dir"
input=$dir/history-$posts.jsonl
test -s "$input" || python3 scripts/gen-history.py --posts "$posts" --output "$input"
rm -f "$dir/out.jsonl" "$dir/report.html" "$dir/summary.json"
args=(history --no-progress --fail-on none --output "$dir/out.jsonl" --report "$dir/report.html" --summary "$dir/summary.json" "$input")

"$screen" "${args[@]}" 2> "$dir/first.log" &
pid=$!
sleep "${INTERRUPT_AFTER:-20}"
kill -INT "$pid"
wait "$pid" || true
echo "first run: $(head -2 "$dir/first.log" | tr '\n' ' ')"
echo "JSONL after the interruption: $(wc -l < "$dir/out.jsonl") lines"
"$python" Tests/Browser/report_page.py --report "$dir/report.html" --jsonl "$dir/out.jsonl" --summary "$dir/summary.json" --agree

/usr/bin/time -f 'resumed run: %e s wall, %M KB peak' "$screen" "${args[@]}" --resume 2> "$dir/second.log" || true
grep -E "records read|resumed run" "$dir/second.log"
"$python" Tests/Browser/report_page.py --report "$dir/report.html" --jsonl "$dir/out.jsonl" --summary "$dir/summary.json" --agree
"$python" Tests/Browser/report_page.py --report "$dir/report.html" --measure
