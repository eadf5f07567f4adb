#!/usr/bin/env bash
# The DOM runner's speed on real blocks: lessons and hints per second through `lessons test`
# (headless Chromium, one browser per run, pages in parallel), three runs per block, best kept.
#
#   bash benches/dom-runner.sh                      # blocks of ../shared/curriculum
#   bash benches/dom-runner.sh path/to/block …      # any block folders
#
# Needs a release build (`cargo build --release`), Chromium (`apt-get install chromium`) and
# `npm ci` (Babel, React, D3… for the pages). Each run is a whole `lessons test` process, so the
# figures include starting Chromium (about 0.3 s) and loading the curriculum.
set -euo pipefail
cd "$(dirname "$0")/.."
lessons=./target/release/lessons
if [ $# -eq 0 ]; then
  root=$(bash ../shared/curriculum/unpack.sh)
  blocks=(
    "$root/challenges/english/blocks/workshop-cat-photo-app"           # HTML/CSS workshop, 0
    "$root/challenges/english/blocks/learn-css-flexbox-by-building-a-photo-gallery"
    "$root/challenges/english/blocks/react"                            # React 16 + Enzyme, 6
    "$root/challenges/english/blocks/workshop-shopping-list-app"       # React 18 modules, 0
  )
else
  blocks=("$@")
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-48s %8s %7s %9s %10s %10s\n' block lessons hints "wall (s)" lessons/s hints/s
for block in "${blocks[@]}"; do
  [ -d "$block" ] || { echo "no such block: $block" >&2; continue; }
  best=
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$lessons" test --locale en --format json "$block" > "$out/report.json" 2> "$out/err" || true
    wall=$(awk "BEGIN{print $(date +%s.%N) - $start}")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
  done
  read -r lessons_run hints_run < <(python3 - "$out/report.json" <<'EOF'
import json, sys
reports = [r for r in json.load(open(sys.argv[1])) if r["status"] == "ran"]
print(len(reports), sum(len(r["results"]) for r in reports))
EOF
  )
  printf '%-48s %8d %7d %9.2f %10.1f %10.1f\n' "$(basename "$block")" "$lessons_run" "$hints_run" \
    "$best" "$(awk "BEGIN{print $lessons_run / $best}")" "$(awk "BEGIN{print $hints_run / $best}")"
done
