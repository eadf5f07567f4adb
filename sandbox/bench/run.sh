#!/usr/bin/env bash
# Benchmark: connect → first 'user count' latency (p50/p99) and server memory per connection,
# at 1,000 and 10,000 concurrent clients, for the Rust sandbox (release build) and, with
# --with-node, for the reference project under Node.
# usage (from the repo root): sandbox/bench/run.sh [--with-node] [CLIENT_COUNTS...]
# BENCH_WINDOW (default 100) caps the handshakes in flight at once. BENCH_CLIENT=socket.io uses
# the real socket.io-client (client.js) instead of bare WebSockets (latency.js).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
with_node=0
if [[ "${1:-}" == "--with-node" ]]; then with_node=1; shift; fi
counts=("$@")
if [[ ${#counts[@]} -eq 0 ]]; then counts=(1000 10000); fi

# Each side holds one descriptor per client; 10,000 clients need more than the usual 1,024.
ulimit -n "$(ulimit -Hn)"
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -p sandbox --manifest-path "$root/Cargo.toml" >&2
bin="$target/release/sandbox"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

wait_listening() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2
  return 1
}

run_one() { # name count command...
  local name="$1" count="$2"; shift 2
  local port; port="$(free_port)"
  PORT="$port" "$@" --port "$port" >/dev/null 2>&1 &
  local pid=$!
  wait_listening "$port"
  local result
  local driver=latency.js
  if [[ "${BENCH_CLIENT:-}" == socket.io ]]; then driver=client.js; fi
  result="$(node "$root/sandbox/bench/$driver" "http://127.0.0.1:$port/" "$count" "$pid" "${BENCH_WINDOW:-100}")"
  # utime + stime of the server, in clock ticks (100 a second on Linux)
  local cpu; cpu="$(awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$pid/stat")"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$name ${result%\}},\"server_cpu_s\":$cpu}"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(node --version), $(uname -sr)"
for count in "${counts[@]}"; do
  run_one rust "$count" "$bin"
  if [[ $with_node == 1 ]]; then
    # server.js reads PORT and ignores the --port argument.
    run_one node "$count" node "$root/sandbox/project/server.js"
  fi
done
