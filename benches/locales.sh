#!/usr/bin/env bash
# What a translation costs the build: a content root built cold (no output, no highlight cache)
# with English only and with English + Ukrainian, RUNS times each, alternating; prints every run
# (wall, user and system CPU, peak memory) and the medians' ratios. The README's "English +
# Ukrainian" row and issue 13's "≤ 1.5× the English-only build" come from here.
#
#   bash benches/locales.sh /tmp/fcc-curriculum/curriculum [RUNS]   # default 5 runs
#   BASELINE=/path/to/an/older/lessons bash benches/locales.sh ROOT  # that binary too, alternating
#   MEASURE=instructions bash benches/locales.sh ROOT                # instructions, not seconds
#
# MEASURE=instructions counts the instructions each build executes (valgrind's cachegrind, one
# run of each, the two builds side by side on the two cores; about 3 minutes a binary for the
# real tree; `apt-get install -y valgrind`). A count does not move with the machine's speed,
# which on a shared VM moves the same build's time by half: use it to tell whether a change
# helped, and the seconds for what a user waits. It leaves out the kernel's share (writing the
# files), which is larger for two languages, so its ratio runs a little under the CPU time's.
#
# The content root is copied to $TMPDIR first (use TMPDIR=/dev/shm to leave the disk out of
# it). Needs a release build (`cargo build --release`) and /usr/bin/time; run it on a quiet
# machine: the figures are wall times on shared cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:?usage: bash benches/locales.sh CONTENT_ROOT [RUNS]}
runs=${2:-5}
lessons=${LESSONS:-$PWD/target/release/lessons}
work=$(mktemp -d "${TMPDIR:-/tmp}/lessons-locales.XXXXXX")
trap 'rm -rf "$work"' EXIT

cp -r "$root" "$work/content"
for set in en uk; do
  case $set in en) langs='"en"' ;; uk) langs='"en", "uk"' ;; esac
  cat > "$work/$set.toml" <<EOF
languages = [$langs]
content = "$work/content"
output = "$work/public"
EOF
done
binaries=("$lessons")
[ -n "${BASELINE:-}" ] && binaries+=("$BASELINE")

if [ "${MEASURE:-seconds}" = instructions ]; then
  command -v valgrind > /dev/null || { echo "MEASURE=instructions needs valgrind" >&2; exit 1; }
  for bin in "${binaries[@]}"; do
    for set in en uk; do
      # Each build its own output: the two run at once.
      sed "s#$work/public#$work/public-$set#" "$work/$set.toml" > "$work/$set-vg.toml"
      rm -rf "$work/public-$set"
      valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        --log-file="$work/vg-$set" "$bin" build --config "$work/$set-vg.toml" --no-cache \
        > /dev/null 2> "$work/err-$set" &
    done
    wait
    for set in en uk; do
      # "==pid== I   refs:      30,038,817,409"
      count=$(sed -n 's/.*I *refs: *//p' "$work/vg-$set" | tr -d ,)
      [ -n "$count" ] || { cat "$work/vg-$set" "$work/err-$set" >&2; exit 1; }
      echo "$bin $set $count" >> "$work/counts"
    done
  done
  python3 - "$work/counts" <<'EOF'
import sys
counts = {}
for line in open(sys.argv[1]):
    bin, s, n = line.split()
    counts.setdefault(bin, {})[s] = int(n)
for bin, c in counts.items():
    print(f"{bin}: English {c['en'] / 1e9:.2f} G instructions, English + Ukrainian "
          f"{c['uk'] / 1e9:.2f} G: {c['uk'] / c['en']:.3f}x")
EOF
  exit 0
fi

for ((run = 1; run <= runs; run++)); do
  for bin in "${binaries[@]}"; do
    for set in en uk; do
      rm -rf "$work/public"
      /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" build --config "$work/$set.toml" \
        --no-cache > "$work/out" 2> "$work/err" || { tail "$work/err" >&2; exit 1; }
      read -r wall user sys rss < "$work/time"
      echo "$bin $set $wall $user $sys $rss" >> "$work/runs"
      printf '%-40s %-5s wall %5.2f s  CPU %5.2f s  peak %4d MB  | %s\n' "$bin" "$set" \
        "$wall" "$(awk "BEGIN{print $user + $sys}")" "$((rss / 1024))" "$(tail -1 "$work/out")"
    done
  done
done
echo
python3 - "$work/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    bin, s, wall, user, sys_, rss = line.split()
    runs.setdefault(bin, {}).setdefault(s, []).append((float(wall), float(user) + float(sys_)))
for bin, sets in runs.items():
    med = {s: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
           for s, r in sets.items()}
    (ew, ec), (uw, uc) = med["en"], med["uk"]
    # Each English build and the English + Ukrainian one right after it ran on the same machine
    # state: the median of those pairs' ratios moves less when the machine's speed drifts.
    pairs = list(zip(sets["en"], sets["uk"]))
    pw = statistics.median(u[0] / e[0] for e, u in pairs)
    pc = statistics.median(u[1] / e[1] for e, u in pairs)
    print(f"{bin}: median of {len(sets['en'])}: English {ew:.2f} s wall, {ec:.2f} s CPU; "
          f"English + Ukrainian {uw:.2f} s wall, {uc:.2f} s CPU: "
          f"{uw / ew:.2f}x the wall time, {uc / ec:.2f}x the CPU; "
          f"run by run: {pw:.2f}x the wall time, {pc:.2f}x the CPU")
EOF
