#!/usr/bin/env bash
# PostScreen's benchmark suite: runs Benchmarks/ (ordo-one/benchmark) and prints a table, then times
# `screen` on one draft from launch to exit with hyperfine (default profile and a 2,000-pupil roster).
#
#   scripts/bench.sh            run everything and print the tables
#   scripts/bench.sh check      also fail (exit non-zero) when a metric regressed past Benchmarks/Thresholds
#   scripts/bench.sh update     rewrite Benchmarks/Thresholds from this machine's run (commit the result)
#   FILTER='Screen\..*' scripts/bench.sh   only the benchmarks whose names match
#
# Figures and the machine they came from: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode=${1:-run}
filter=(); [ -n "${FILTER:-}" ] && filter=(--filter "$FILTER")

bash scripts/install-deps.sh hyperfine

cd Benchmarks
case "$mode" in
  run)
    swift package benchmark --no-progress --time-units microseconds "${filter[@]}" ;;
  check)
    swift package benchmark thresholds check --no-progress "${filter[@]}" ;;
  update)
    swift package --allow-writing-to-package-directory benchmark thresholds update --no-progress "${filter[@]}" ;;
  *)
    echo "usage: scripts/bench.sh [run|check|update]" >&2; exit 2 ;;
esac

# Start-up: one draft, launch to exit, with the release CLI.
cd "$root"
swift build -c release --product screen --scratch-path .build-bench >/dev/null
swift build -c release --product screen-mix --package-path Benchmarks >/dev/null
screen=$root/.build-bench/release/screen
profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
"$(swift build -c release --package-path Benchmarks --show-bin-path)/screen-mix" profile "$profile_dir"
echo "Well done to everyone in Year 9 for a brilliant sports day! Views my own." > "$profile_dir/draft.txt"
hyperfine --warmup 3 --runs 30 -N \
  -n "screen, default profile" "$screen --format json --fail-on none $profile_dir/draft.txt" \
  -n "screen, 2,000-pupil roster" "$screen --format json --fail-on none --profile $profile_dir/postscreen.toml $profile_dir/draft.txt"
