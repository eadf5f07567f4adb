'use strict';
// Clients spread over two sandboxes that share one count through Redis; then instance B goes
// away (the test passes B's pid and the signal) and A's clients must see the total without B's.
// usage: node cluster.js URL_A URL_B N_A N_B PID_B SIGKILL|SIGTERM
// Prints {"fill": {"a": [...], "b": [...]}, "after": [...], "elapsed_ms": ...}: the counts the
// two watchers saw while the clients connected, what A's watcher saw after the signal, and the
// time from the signal until every client of A saw N_A.
const { waitFor, counted, finish, assert } = require('./lib');
const io = require('socket.io-client');

async function main(urlA, urlB, nA, nB, pidB, signal) {
  const connect = (url) => () =>
    io(url, { forceNew: true, reconnection: false, transports: ['websocket'] });
  const total = nA + nB;
  const watcherA = counted(connect(urlA));
  await waitFor('the watcher on A to see 1', () => watcherA.last() === 1, 10000);
  const watcherB = counted(connect(urlB));
  await waitFor('both watchers to see 2', () => watcherA.last() === 2 && watcherB.last() === 2, 10000);
  const onA = [watcherA];
  const onB = [watcherB];
  for (let i = 1; i < nA; i++) onA.push(counted(connect(urlA)));
  for (let i = 1; i < nB; i++) onB.push(counted(connect(urlB)));
  const all = onA.concat(onB);
  await waitFor('every client to see ' + total, () => all.every((c) => c.last() === total), 10000);
  const fill = { a: watcherA.counts.slice(), b: watcherB.counts.slice() };

  const signalled = Date.now();
  process.kill(pidB, signal);
  await waitFor('every client of A to see ' + nA, () => onA.every((c) => c.last() === nA), 20000);
  const elapsed = Date.now() - signalled;
  // The total must stay exact: no late or stale count may follow.
  await new Promise((r) => setTimeout(r, 1500));
  assert(onA.every((c) => c.last() === nA), 'a client of A moved on from ' + nA);
  const after = watcherA.counts.slice(fill.a.length);
  for (const c of onA) c.socket.disconnect();
  for (const c of onB) c.socket.disconnect();
  return { fill, after, elapsed_ms: elapsed };
}

const [urlA, urlB, nA, nB, pidB, signal] = process.argv.slice(2);
finish(main(urlA, urlB, Number(nA), Number(nB), Number(pidB), signal));
