'use strict';
// Connect → first 'user count' latency and server memory per connection.
// usage: node latency.js URL CLIENTS SERVER_PID [WINDOW=100]
//
// Clients speak Engine.IO 4 / Socket.IO 5 over a bare `ws` WebSocket: socket.io-client decodes
// every broadcast in JavaScript, and at 10,000 clients (≈50 million 'user count' frames, since
// each connect is broadcast to everyone) the client, not the server, would be measured.
// At most WINDOW handshakes are in flight at once; all CLIENTS stay connected until the end.
// `stale` counts the clients whose last 'user count', once all are connected and the storm has
// drained, is not CLIENTS: every client must end on the exact number.
const { rssKiB, percentile, connectAll } = require('./common');
const WebSocket = require('ws');

async function main(url, clients, pid, window) {
  const endpoint = new URL('/socket.io/?EIO=4&transport=websocket', url).href.replace(/^http/, 'ws');
  const baseline = rssKiB(pid);
  const latencies = [];
  const sockets = [];
  const lastCount = [];
  let failures = 0;

  function one() {
    return new Promise((resolve) => {
      const started = process.hrtime.bigint();
      const ws = new WebSocket(endpoint, { perMessageDeflate: false });
      const index = sockets.length;
      sockets.push(ws);
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
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        if (text === '2') ws.send('3'); // Engine.IO ping → pong, or the server drops us
        else if (text[0] === '0') ws.send('40'); // Engine.IO open → Socket.IO connect to "/"
        else if (text.startsWith('42["user count",')) {
          lastCount[index] = Number(text.slice(16, -1));
          if (!done) {
            clearTimeout(timer);
            finish(true);
          }
        }
      });
      ws.on('error', () => { clearTimeout(timer); finish(false); });
    });
  }

  const connectSeconds = await connectAll(clients, window, one);
  // Let the broadcast storm drain before reading memory.
  await new Promise((r) => setTimeout(r, 2000));
  const loaded = rssKiB(pid);
  const stale = lastCount.filter((n) => n !== clients).length;
  for (const ws of sockets) ws.terminate();

  latencies.sort((a, b) => a - b);
  return {
    clients,
    connected: latencies.length,
    failures,
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    max_ms: Number(latencies[latencies.length - 1].toFixed(2)),
    connect_all_s: connectSeconds,
    stale,
    rss_baseline_kib: baseline,
    rss_loaded_kib: loaded,
    rss_per_client_kib: Number(((loaded - baseline) / clients).toFixed(2)),
  };
}

main(process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] || 100)).then(
  (r) => { console.log(JSON.stringify(r)); process.exit(0); },
  (e) => { console.error(e.stack || String(e)); process.exit(1); },
);
