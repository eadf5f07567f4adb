#!/usr/bin/env bash
# Every command over the real curriculum (../shared/curriculum: English 2025-09, Ukrainian
# 2026-07), timed: the figures of the README's "The real curriculum" section.
#
#   bash benches/real-curriculum.sh            # check, check --locale uk, build, serve, test
#   SKIP_TEST=1 bash benches/real-curriculum.sh
#
# Needs a release build (`cargo build --release`) and GNU time (/usr/bin/time). Run it on a quiet
# machine: the build and test figures are CPU-bound.
set -euo pipefail
cd "$(dirname "$0")/.."
lessons=./target/release/lessons
root=$(bash ../shared/curriculum/unpack.sh)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

timed() { # name, command…: prints wall, CPU (user+sys) and peak memory of the command
  local name=$1; shift
  local rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" > "$out/$name.out" 2> "$out/$name.err" || rc=$?
  read -r wall user sys rss < <(tail -1 "$out/time")
  printf '%-28s wall %6.1f s   CPU %6.1f s   peak %5d MB   exit %d\n' \
    "$name" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$((rss / 1024))" "$rc"
}

echo "content root: $root ($(find "$root/challenges" -name '*.md' | wc -l) files)"
echo

timed "lessons check" "$lessons" check "$root"
tail -3 "$out/lessons check.out"
echo
timed "lessons check --locale uk" "$lessons" check --locale uk "$root"
tail -4 "$out/lessons check --locale uk.out"
echo
timed "lessons build (cold)" "$lessons" build --content "$root" --output "$out/public" --no-cache
tail -1 "$out/lessons build (cold).out"
grep -c 'broken-content-link\]' "$out/lessons build (cold).err" | sed 's/^/broken content links: /'
for l in en uk; do
  echo "$l lesson pages: $(find "$out/public/$l/learn" -mindepth 4 -name index.html | wc -l)"
done
echo "output: $(du -sh "$out/public" | cut -f1)"
rm -rf "$out/public"
echo

port=$((20000 + RANDOM % 20000))
start=$(date +%s.%N)
"$lessons" serve --content "$root" --port "$port" > "$out/serve.log" 2>&1 &
pid=$!
lesson="uk/learn/javascript-algorithms-and-data-structures/basic-javascript/comment-your-javascript-code/"
until curl -fsS -o /dev/null "http://127.0.0.1:$port/$lesson" 2>/dev/null &&
  curl -fsS -o /dev/null "http://127.0.0.1:$port/__preview/uk/" 2>/dev/null; do
  sleep 0.2
  if ! kill -0 "$pid" 2>/dev/null; then echo "serve exited"; tail "$out/serve.log"; break; fi
done
printf '%-28s a Ukrainian lesson and /__preview/uk/ answered %.1f s after start\n' \
  "lessons serve" "$(awk "BEGIN{print $(date +%s.%N) - $start}")"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
echo

if [ -z "${SKIP_TEST:-}" ]; then
  timed "lessons test (en)" "$lessons" test --locale en --format json "$root"
  tail -1 "$out/lessons test (en).err"
  # Run, passed, failed by kind; skipped by reason; failures by cause (the README's tables).
  python3 benches/test-figures.py "$out/lessons test (en).out" --causes 15
  timed "lessons test --url :1 (en)" "$lessons" test --locale en --format json \
    --url http://127.0.0.1:1 "$root/challenges/english/blocks"
  python3 - "$out/lessons test --url :1 (en).out" <<'EOF'
import json, sys
reports = json.load(open(sys.argv[1]))
backend = [r for r in reports if r["challengeType"] in (2, 4)]
passed = sum(h["passed"] for r in backend for h in r.get("results", []))
ran = sum(len(r.get("results", [])) for r in backend)
print(f"backend hints against a dead --url: {ran} run, {passed} passed")
EOF
fi
