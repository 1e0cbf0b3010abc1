#!/usr/bin/env bash
# `screen serve` under load on loopback (issue 15): a benchmark, not a test. Times start-up (launch to
# the "serving" line); measures one client alone; then sends typical drafts to POST /v1/screen from
# CLIENTS (16) keep-alive connections with wrk for DURATION (5) seconds a round, ROUNDS (4) times, printing
# requests per second, the latency distribution, failed answers and the server's resident memory after
# each round (wrk stops on time, not on a count: at this machine's rate a round is 40,000+ requests);
# and times one 5,000-line batch. Figures: docs/serve.md.
#
#   scripts/serve-load.sh
#   CLIENTS=32 DURATION=10 ROUNDS=6 scripts/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-4}
THREADS=2
bash scripts/install-deps.sh wrk
swift build -c release --product screen >/dev/null
bin=.build/release/screen
profile=Tests/PostScreenTests/Fixtures/school/postscreen.toml
log=$(mktemp)
server=
trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -f "$log"' EXIT

start_server() {
  : >"$log"
  "$bin" serve --port 0 --profile "$profile" 2>"$log" &
  server=$!
  for _ in $(seq 1 200); do grep -q serving "$log" && return 0; sleep 0.01; done
  echo "the server did not start:" >&2; cat "$log" >&2; exit 1
}
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$server/status"; }

echo "== start-up: launch to the 'serving' line (5 launches)"
for _ in 1 2 3 4 5; do
  begin=$(date +%s%N)
  start_server
  echo "  $(( ($(date +%s%N) - begin) / 1000000 )) ms"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done

start_server
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
url="http://127.0.0.1:$port"
echo "== server at $url, memory after start: $(rss)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# Warm-up (not counted): the first drafts load the spelling dictionary and fault in the word lists.
wrk -t1 -c4 -d1s -s Benchmarks/serve/load.lua "$url" >/dev/null
echo "memory after warm-up: $(rss)"
echo "== one client alone, ${DURATION} s"
wrk -t1 -c1 -d"${DURATION}s" --latency -s Benchmarks/serve/load.lua "$url"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: $CLIENTS connections, ${DURATION} s"
  wrk -t"$THREADS" -c"$CLIENTS" -d"${DURATION}s" --latency -s Benchmarks/serve/load.lua "$url"
  echo "memory after round $round: $(rss)"
done
echo "== one batch of 5,000 drafts"
batch=$(mktemp)
python3 - "$batch" <<'PY'
import json, re, sys
drafts = re.findall(r'^  "(.*)",$', open("Benchmarks/serve/load.lua").read(), re.M)
with open(sys.argv[1], "w") as f:
    for n in range(5000):
        f.write(json.dumps({"id": str(n), "text": drafts[n % len(drafts)]}) + "\n")
PY
curl -s -o /dev/null -w "  %{size_upload} bytes in, %{size_download} bytes out, %{time_total} s, HTTP %{http_code}\n" \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$batch" "$url/v1/screen/batch"
rm -f "$batch"
echo "memory after the batch: $(rss)"
curl -sf "$url/v1/health" >/dev/null && echo "== still serving after the load"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
