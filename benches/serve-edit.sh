#!/usr/bin/env bash
# `lessons serve` on a whole curriculum: how long until the first lesson page answers, and how
# long from saving an edited lesson until the served page shows the edit (the issue-13 figures).
#
#   bash benches/serve-edit.sh [ROOT]     # ROOT: a content root; default ../shared/curriculum
#   EDITS=10 bash benches/serve-edit.sh
#
# The content is copied to a temporary folder first (the script edits it). Needs a release build
# (`cargo build --release`) and curl. Each edit appends a numbered sentence to one English
# lesson's description and polls the page every 10 ms until the sentence is there.
set -euo pipefail
cd "$(dirname "$0")/.."
lessons=${LESSONS:-./target/release/lessons} # LESSONS: another binary to measure
[[ -x $lessons ]] || { echo "build first: cargo build --release" >&2; exit 1; }
root=${1:-$(bash ../shared/curriculum/unpack.sh)}
[[ -d $root/challenges ]] || { echo "$root has no challenges/ folder" >&2; exit 1; }
edits=${EDITS:-5}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=
cp -r "$root" "$tmp/tree"

# A lesson with a description, in a block the structure lists.
# (`|| true`: head closing the pipe early makes grep fail under pipefail.)
file=$(grep -l -- '^# --description--' "$tmp/tree/challenges/english/blocks/basic-javascript/"*.md | head -1 || true)
dashed=$(sed -n 's/^dashedName: *//p' "$file" | head -1)
port=$((20000 + RANDOM % 20000))
now() { date +%s.%N; }
start=$(now)
"$lessons" serve --content "$tmp/tree" --port "$port" > "$tmp/serve.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$port/en/learn/javascript-algorithms-and-data-structures/basic-javascript/$dashed/"
until curl -fsS -o /dev/null "$url" 2>/dev/null; do
  sleep 0.05
  kill -0 "$pid" 2>/dev/null || { echo "serve exited:" >&2; tail "$tmp/serve.log" >&2; exit 1; }
done
printf 'first page: %.2f s after start (%s)\n' "$(awk "BEGIN{print $(now) - $start}")" "$url"

times=()
for i in $(seq 1 "$edits"); do
  marker="Edited sentence number $i-$RANDOM."
  # Appended to the description section: the line after its heading.
  python3 - "$file" "$marker" <<'PY'
import sys
path, marker = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = text.replace("# --description--\n", f"# --description--\n\n{marker}\n", 1)
open(path, "w", encoding="utf-8").write(text)
PY
  saved=$(now)
  until curl -fsS "$url" 2>/dev/null | grep -qF "$marker"; do
    sleep 0.01
    if awk "BEGIN{exit !($(now) - $saved > 10)}"; then echo "edit $i not served within 10 s" >&2; exit 1; fi
  done
  ms=$(awk "BEGIN{printf \"%d\", ($(now) - $saved) * 1000}")
  times+=("$ms")
  echo "edit $i: served after $ms ms"
  sleep 0.5
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "edits: median $(echo "$sorted" | sed -n "$(( (edits + 1) / 2 ))p") ms, max $(echo "$sorted" | tail -1) ms (of $edits)"
