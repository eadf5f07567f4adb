#!/usr/bin/env bash
# Runs a Socket.IO / Engine.IO conformance suite against `sandbox --protocol-test` and prints
# its pass count. It fetches nothing: bring the suite yourself and install its npm packages.
#
# usage (from anywhere): sandbox/conformance/run.sh SUITE
#   SUITE is one of
#   - the test-suite/ folder of socketio/socket.io-protocol or socketio/engine.io-protocol
#     (mocha; run `npm ci` in that folder first), or
#   - one of socketioxide's ports, e2e/socketioxide/test-suites/v5.ts or
#     e2e/engineioxide/test-suites/v4.ts (node --test; run `npm ci` in that folder first).
#     Node 22.6+ strips the types itself; on older Node set TSX_LOADER to tsx's
#     dist/loader.mjs (`npm install tsx` anywhere outside the repo).
# env: SANDBOX_BIN, the server binary (default: `cargo build -p sandbox`, then target/debug/sandbox).
#
# The suites hard-code http://localhost:3000, so the server listens on 127.0.0.1:3000; a port
# already in use is an error. The suite's full output goes to $LOG (default: a temporary file),
# the last line is "<suite>: N of T passed, N failed".
set -euo pipefail

if [[ $# -ne 1 ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
suite="$(realpath "$1")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
log="${LOG:-$(mktemp -t conformance.XXXXXX.log)}"

if [[ -z "${SANDBOX_BIN:-}" ]]; then
  cargo build -q -p sandbox --manifest-path "$root/Cargo.toml" >&2
  SANDBOX_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/sandbox"
fi

if (exec 3<>/dev/tcp/127.0.0.1/3000) 2>/dev/null; then
  echo "port 3000 is in use; the suites need it (stop the other server first)" >&2
  exit 1
fi

"$SANDBOX_BIN" --protocol-test --port 3000 >"$log.server" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/3000) 2>/dev/null; then break; fi
  sleep 0.1
done

status=0
if [[ -d "$suite" ]]; then
  # An upstream test-suite/ folder: mocha, from the folder's own node_modules.
  name="$(basename "$(dirname "$suite")")"
  [[ -x "$suite/node_modules/.bin/mocha" ]] || { echo "run \`npm ci\` in $suite first" >&2; exit 1; }
  (cd "$suite" && ./node_modules/.bin/mocha --reporter spec test-suite.js) >"$log" 2>&1 || status=$?
  passed="$(grep -Eo '[0-9]+ passing' "$log" | grep -Eo '[0-9]+' || echo 0)"
  failed="$(grep -Eo '[0-9]+ failing' "$log" | grep -Eo '[0-9]+' || echo 0)"
  total="$(grep -cE '^ *it\(' "$suite/test-suite.js")"
else
  # One of socketioxide's TypeScript ports: node's own test runner.
  name="socketioxide $(basename "$(dirname "$(dirname "$suite")")")/$(basename "$suite")"
  if node --experimental-strip-types -e '' 2>/dev/null; then
    loader=(--experimental-strip-types)
  elif [[ -n "${TSX_LOADER:-}" ]]; then
    loader=(--import "$TSX_LOADER")
  else
    echo "this Node cannot run TypeScript: use Node 22.6+ or set TSX_LOADER" >&2
    exit 1
  fi
  (cd "$(dirname "$suite")" && node "${loader[@]}" --test --test-reporter=spec "$suite") \
    >"$log" 2>&1 || status=$?
  passed="$(grep -Eo '^ℹ pass [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)"
  total="$(grep -Eo '^ℹ tests [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)"
  # Tests cancelled by a failed neighbour (node --test) count as not passed.
  failed=$((total - passed))
fi

echo "output: $log (server: $log.server)"
# mocha counts a failed hook as one more failure, so "failed" can exceed total - passed.
echo "$name: $passed of $total passed, $failed failed"
exit "$status"
