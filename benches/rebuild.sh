#!/usr/bin/env bash
# Rebuild figures of benches/BUILD-PERFORMANCE.md ("Rebuilds"): the English site of a content root
# built cold (no output, no highlight cache), again with nothing changed, and again after a
# one-sentence edit of one English lesson's description; RUNS runs of each (default 3), each
# timed with GNU time (wall, user and system CPU, peak memory).
#
#   bash benches/rebuild.sh /tmp/fcc-curriculum/curriculum [RUNS]
#   BASELINE=/path/to/an/older/lessons bash benches/rebuild.sh ROOT   # the same with that binary too
#   LESSON=challenges/english/blocks/basic-javascript/56533eb9ac21ba0edf2244c3.md bash … ROOT
#                                        # the lesson to edit (default: the first with a description)
#
# The content root is copied first (the edit never touches ROOT). Needs a release build
# (`cargo build --release`) and /usr/bin/time. Run it on a quiet machine: the figures are wall
# times on shared cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:?usage: bash benches/rebuild.sh CONTENT_ROOT [RUNS]}
runs=${2:-3}
lessons=${LESSONS:-$PWD/target/release/lessons}
work=$(mktemp -d "${TMPDIR:-/tmp}/lessons-rebuild.XXXXXX")
trap 'rm -rf "$work"' EXIT

cp -r "$root" "$work/content"
cat > "$work/lessons.toml" <<EOF
languages = ["en"]
content = "$work/content"
output = "$work/public"
cache = "$work/cache"
EOF
# The lesson to edit: the first English file (by path) with a description.
english=$work/content/challenges/english # freeCodeCamp's layout…
[ -d "$english" ] || english=$work/content/english # …or this project's content/
if [ -n "${LESSON:-}" ]; then
  lesson=$work/content/$LESSON # a path relative to ROOT
else
  lesson=$(grep -rl --include='*.md' '^# --description--' "$english" | sort | head -1 || true)
fi
[ -f "$lesson" ] || { echo "no English lesson with a description under $english" >&2; exit 1; }
echo "content: $root ($(find "$english" -name '*.md' | wc -l) English files); edited lesson: ${lesson#"$work/content/"}"

timed() { # label, binary: one build; prints wall, CPU and peak memory, then the summary line
  local label=$1 bin=$2
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" build --config "$work/lessons.toml" \
    > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  printf '%-26s wall %5.2f s  user %5.2f s  sys %5.2f s  peak %4d MB  | %s\n' \
    "$label" "$wall" "$user" "$sys" "$((rss / 1024))" "$(tail -1 "$work/out")"
}

edit() { # appends a sentence to the first paragraph of the lesson's description
  awk -v n="$1" '
    done == 0 && seen && NF { print $0 " Edit " n "."; done = 1; next }
    /^# --description--/ { seen = 1 }
    { print }' "$lesson" > "$work/edited" && mv "$work/edited" "$lesson"
}

measure() { # label, binary
  local name=$1 bin=$2
  echo
  echo "$name: $bin"
  for i in $(seq "$runs"); do
    # An older binary keeps the replaced site beside the output: gone too, for a real cold build.
    rm -rf "$work/public" "$work/cache" "$work"/.public.lessons-*
    timed "cold $i" "$bin"
  done
  for i in $(seq "$runs"); do
    timed "nothing changed $i" "$bin"
  done
  for i in $(seq "$runs"); do
    edit "$i"
    timed "one lesson edited $i" "$bin"
  done
}

if [ -n "${BASELINE:-}" ]; then
  measure baseline "$BASELINE"
  rm -rf "$work/public" "$work/cache" "$work"/.public.lessons-*
fi
measure lessons "$lessons"
