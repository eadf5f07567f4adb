'use strict';
// The same measure as latency.js, with the real socket.io-client from npm: connect → first
// 'user count' latency, the count every client ends on, and server memory per connection; then
// every client leaves, and a last client must see 1 (the count went back to 0).
// usage: node client.js URL CLIENTS SERVER_PID [WINDOW=100]
//
// With coalesced broadcasts (src/counter.rs) each client decodes a few dozen counts while the
// others connect, not one per connect, so the JavaScript client no longer dominates the run.
const { rssKiB, percentile, connectAll } = require('./common');
const { io } = require('socket.io-client');

function connect(url) {
  // WebSocket only, as latency.js: 10,000 long-polling sessions would measure polling.
  return io(url, { forceNew: true, reconnection: false, transports: ['websocket'] });
}

async function main(url, clients, pid, window) {
  const baseline = rssKiB(pid);
  const latencies = [];
  const sockets = [];
  const lastCount = [];
  let failures = 0;
  let backwards = 0;

  function one() {
    return new Promise((resolve) => {
      const started = process.hrtime.bigint();
      const socket = connect(url);
      const index = sockets.length;
      sockets.push(socket);
      lastCount.push(undefined);
      let done = false;
      const finish = (ok) => {
        if (done) return;
        done = true;
        if (ok) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        else failures++;
        resolve();
      };
      const timer = setTimeout(() => finish(false), 60000);
      socket.on('user count', (n) => {
        // While clients only arrive, a client's counts never go down.
        if (lastCount[index] !== undefined && n < lastCount[index]) backwards++;
        lastCount[index] = n;
        clearTimeout(timer);
        finish(true);
      });
      socket.on('connect_error', () => { clearTimeout(timer); finish(false); });
    });
  }

  const connectSeconds = await connectAll(clients, window, one);
  // Let the last broadcasts arrive before reading memory and the counts.
  await new Promise((r) => setTimeout(r, 2000));
  const loaded = rssKiB(pid);
  const stale = lastCount.filter((n) => n !== clients).length;
  for (const s of sockets) s.disconnect();
  // Every client gone: a new one must be alone.
  await new Promise((r) => setTimeout(r, 2000));
  const last = connect(url);
  const alone = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 10000);
    last.on('user count', (n) => { clearTimeout(timer); resolve(n); });
  });
  last.disconnect();

  latencies.sort((a, b) => a - b);
  return {
    client: 'socket.io-client',
    clients,
    connected: latencies.length,
    failures,
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    max_ms: Number(latencies[latencies.length - 1].toFixed(2)),
    connect_all_s: connectSeconds,
    stale,
    backwards,
    count_after_all_left: alone,
    rss_baseline_kib: baseline,
    rss_loaded_kib: loaded,
    rss_per_client_kib: Number(((loaded - baseline) / clients).toFixed(2)),
  };
}

main(process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] || 100)).then(
  (r) => { console.log(JSON.stringify(r)); process.exit(0); },
  (e) => { console.error(e.stack || String(e)); process.exit(1); },
);
