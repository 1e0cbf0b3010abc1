#!/usr/bin/env bash
# `screen serve` under load on loopback (issue 15): a benchmark, not a test. Times start-up (launch to
# the "serving" line), then sends REQUESTS (10,000) typical drafts to POST /v1/screen from CLIENTS (16)
# keep-alive connections with wrk, ROUNDS (3) times, printing requests per second, the latency
# distribution, failed answers and the server's resident memory after each round. Figures: docs/serve.md.
#
#   scripts/serve-load.sh
#   REQUESTS=20000 CLIENTS=32 ROUNDS=5 scripts/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${REQUESTS:-10000}
CLIENTS=${CLIENTS:-16}
ROUNDS=${ROUNDS:-3}
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
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: $REQUESTS requests, $CLIENTS connections"
  REQUESTS_PER_THREAD=$(( REQUESTS / THREADS )) wrk -t"$THREADS" -c"$CLIENTS" -d120s --latency \
    -s Benchmarks/serve/load.lua "$url"
  echo "memory after round $round: $(rss)"
done
curl -sf "$url/v1/health" >/dev/null && echo "== still serving after the load"
