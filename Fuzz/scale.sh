#!/usr/bin/env bash
# Screening time and peak memory at 1x, 10x and 100x input size (issue 6). Usage: Fuzz/scale.sh path/to/screen
# Prints a table; asserts nothing (timings depend on the machine). Inputs are generated in a temporary folder.
set -euo pipefail
screen=${1:-.build/release/screen}
unit_kb=${UNIT_KB:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
profile="$here/Tests/PostScreenTests/Fixtures/school/postscreen.toml"

mixed='Well done Ben Smith for the award! Year 11s, text me on 07700 900412 if you get stuck.
Parents can reach me at jo.smith82@gmail.com over the summer 😀 — Веn Ѕmith was brilliant.
Housewarming at 22 Kingfisher Close, BS40 7TJ. Mr Jones stole money from the PTA, apparently.
Meeting moved to 12/03/2024 at 15:30 in Room 214. Won 3-1, subs are £12.50 each. #TestProud
snap me on liv.elliott92 and I'"'"'ll add you. DM me if you want some chilli. 日本語のテキスト
'
prose='Well done Ben Smith for the award! So proud of Year 10 today, they were brilliant.
Mr Jones ran the trip, the head was useless, SLT have stitched us up again 😀 — Веn Ѕmith.
Meeting moved to Thursday. Won 3-1, subs are £12.50 each. #TestProud 日本語のテキスト
'
make_input() {  # name text kilobytes
  local f="$dir/$1" size=$(( $3 * 1024 ))
  : > "$f"
  while [ "$(stat -c %s "$f")" -lt "$size" ]; do printf '%s' "$2$2$2$2$2$2$2$2" >> "$f"; done
  # Double until big enough (fast for 10 MB+).
}
grow() {  # src dst factor
  : > "$2"; for _ in $(seq "$3"); do cat "$1" >> "$2"; done
}
printf '%-6s %6s %12s %10s %10s %10s\n' input scale bytes seconds "peak MB" findings
for kind in prose mixed; do
  text=$prose; [ "$kind" = mixed ] && text=$mixed
  make_input "$kind-1" "$text" "$unit_kb"
  grow "$dir/$kind-1" "$dir/$kind-10" 10
  grow "$dir/$kind-10" "$dir/$kind-100" 10
  for n in 1 10 100; do
    f="$dir/$kind-$n"
    out=$( { /usr/bin/time -f '%e %M' timeout "${SCALE_TIMEOUT:-600}" "$screen" --profile "$profile" --format json --fail-on none "$f" \
      | grep -o '"category"' | wc -l; } 2>&1 ) || true
    findings=$(echo "$out" | head -1)
    read -r secs kb <<<"$(echo "$out" | tail -1)"
    printf '%-6s %5sx %12s %10s %10s %10s\n' "$kind" "$n" "$(stat -c %s "$f")" "$secs" "$(( ${kb:-0} / 1024 ))" "$findings"
  done
done
