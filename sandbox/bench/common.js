'use strict';
// What latency.js (bare WebSockets) and client.js (socket.io-client) share: the server's
// resident memory, percentiles, and the windowed connect loop.
const fs = require('fs');

/** The server's VmRSS in KiB. */
function rssKiB(pid) {
  const status = fs.readFileSync('/proc/' + pid + '/status', 'utf8');
  const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.replace(/[^0-9]/g, ''));
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Calls `one()` `clients` times with at most `window` calls in flight; resolves to seconds. */
async function connectAll(clients, window, one) {
  const started = Date.now();
  let next = 0;
  async function lane() {
    while (next < clients) {
      next++;
      await one();
    }
  }
  await Promise.all(Array.from({ length: Math.min(window, clients) }, lane));
  return (Date.now() - started) / 1000;
}

module.exports = { rssKiB, percentile, connectAll };
