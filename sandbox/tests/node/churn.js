'use strict';
// Churn: CLIENTS clients connect at once, then keep disconnecting and reconnecting for SECONDS.
// Every 'user count' any client receives must lie in [1, CLIENTS + 1] (the observer counts too),
// the observer must end on 1, and a fresh client afterwards must see 1: the count went back to 0.
// usage: node churn.js URL [CLIENTS=1000] [SECONDS=10]
const { waitFor, finish, assert } = require('./lib');
const io = require('socket.io-client');

function connect(url) {
  // WebSocket only: 1,000 long-polling sessions would measure the polling machinery instead.
  return io(url, { forceNew: true, reconnection: false, transports: ['websocket'] });
}

function pause(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(url, clients, seconds) {
  const upper = clients + 1;
  const stats = { sessions: 0, messages: 0, min: Infinity, max: -Infinity, bad: [], errors: 0 };
  const check = (n) => {
    stats.messages++;
    if (n < stats.min) stats.min = n;
    if (n > stats.max) stats.max = n;
    if (!(Number.isInteger(n) && n >= 1 && n <= upper) && stats.bad.length < 10) stats.bad.push(n);
  };

  const observer = connect(url);
  let observed = 0;
  observer.on('user count', (n) => { observed = n; check(n); });
  await waitFor('the observer to see 1', () => observed === 1, 5000);

  const deadline = Date.now() + seconds * 1000;
  async function slot() {
    // Bounded twice: by the deadline, and by a cap on sessions per slot.
    for (let round = 0; round < 1000 && Date.now() < deadline; round++) {
      const socket = connect(url);
      let first = false;
      let failed = false;
      socket.on('user count', (n) => { first = true; check(n); });
      socket.on('connect_error', () => { failed = true; });
      try {
        await waitFor('a first count', () => first || failed, 20000);
      } catch (err) {
        failed = true;
      }
      if (failed) stats.errors++;
      stats.sessions++;
      await pause(200 + Math.random() * 1800);
      socket.disconnect();
      await pause(Math.random() * 500);
    }
  }
  await Promise.all(Array.from({ length: clients }, slot));

  await waitFor('the observer to settle on 1', () => observed === 1, 20000);
  observer.disconnect();
  // The observer's disconnect and the probe's connect travel on different connections, so the
  // server may count the probe first and send it 2, then 1: the probe's latest count must come
  // to 1.
  const probe = connect(url);
  let probed;
  probe.on('user count', (n) => { probed = n; });
  await waitFor('the probe to get a count', () => probed !== undefined, 5000);
  try {
    await waitFor('the probe to see 1', () => probed === 1, 2000);
  } catch (e) {
    // The assertion below says what was seen.
  }
  probe.disconnect();

  assert(stats.bad.length === 0, 'counts out of [1, ' + upper + ']: ' + stats.bad.join(', '));
  assert(stats.errors === 0, stats.errors + ' sessions never received a count');
  assert(probed === 1, 'a fresh client saw ' + probed + ', so the count did not return to 0');
  return { ...stats, bad: undefined, final: probed - 1 };
}

const clients = Number(process.argv[3] || 1000);
const seconds = Number(process.argv[4] || 10);
finish(main(process.argv[2], clients, seconds));
