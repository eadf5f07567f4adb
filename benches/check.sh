#!/usr/bin/env bash
# `lessons check` of a content root (parsing every file and every check, no output written), RUNS
# times, alternating with BASELINE when given; prints every run (wall, user + system CPU, peak
# memory), the medians, and whether the two binaries' findings are the same. The README's
# `lessons check` figure comes from here.
#
#   bash benches/check.sh /tmp/fcc-curriculum/curriculum [RUNS]      # default 6 runs
#   BASELINE=/path/to/an/older/lessons bash benches/check.sh ROOT     # that binary too
#
# Needs a release build (`cargo build --release`) and /usr/bin/time. The content is copied to
# $TMPDIR first (TMPDIR=/dev/shm leaves the disk out). Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:?usage: bash benches/check.sh CONTENT_ROOT [RUNS]}
runs=${2:-6}
lessons=${LESSONS:-$PWD/target/release/lessons}
work=$(mktemp -d "${TMPDIR:-/tmp}/lessons-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$root" "$work/content"
binaries=("$lessons")
[ -n "${BASELINE:-}" ] && binaries+=("$BASELINE")

for bin in "${binaries[@]}"; do
  # The findings, without the summary line's time: both binaries must agree.
  "$bin" check "$work/content" 2>&1 | grep -v ' errors\? in [0-9]* ms$' > "$work/findings.$(cksum <<< "$bin" | cut -d' ' -f1)" || true
done
if [ ${#binaries[@]} -eq 2 ]; then
  if cmp -s "$work"/findings.*; then echo "findings: the same"; else echo "findings: DIFFER"; fi
fi
for ((run = 1; run <= runs; run++)); do
  for bin in "${binaries[@]}"; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" check "$work/content" > /dev/null 2>&1 || true
    read -r wall user sys rss < "$work/time"
    echo "$bin $wall $user $sys $rss" >> "$work/runs"
    printf '%-40s wall %5.2f s  CPU %5.2f s  peak %4d MB\n' "$bin" "$wall" \
      "$(awk "BEGIN{print $user + $sys}")" "$((rss / 1024))"
  done
done
echo
python3 - "$work/runs" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    bin, wall, user, sys_, rss = line.split()
    runs.setdefault(bin, []).append((float(wall), float(user) + float(sys_)))
for bin, r in runs.items():
    print(f"{bin}: median of {len(r)}: {statistics.median(w for w, _ in r):.2f} s wall, "
          f"{statistics.median(c for _, c in r):.2f} s CPU")
PY
