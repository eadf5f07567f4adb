'use strict';
// Three clients see 1, 2, 3; when one leaves, the other two see 2.
// usage: node basic.js URL [--own-client] [--websocket]
const { waitFor, clientFactory, counted, finish, assert } = require('./lib');

async function main(url) {
  const connect = await clientFactory(url);
  const a = counted(connect);
  await waitFor('the first client to see 1', () => a.last() === 1, 5000);
  const b = counted(connect);
  await waitFor('two clients to see 2', () => a.last() === 2 && b.last() === 2, 5000);
  const c = counted(connect);
  await waitFor('three clients to see 3', () => [a, b, c].every((x) => x.last() === 3), 5000);
  c.socket.disconnect();
  await waitFor('the other two to see 2', () => a.last() === 2 && b.last() === 2, 5000);
  // Nothing else may arrive: the counts are exact, in order, with no stray broadcast.
  await new Promise((r) => setTimeout(r, 200));
  const seen = { a: a.counts, b: b.counts, c: c.counts };
  assert(JSON.stringify(seen) === JSON.stringify({ a: [1, 2, 3, 2], b: [2, 3, 2], c: [3] }),
    'unexpected sequences ' + JSON.stringify(seen));
  for (const x of [a, b, c]) assert(typeof x.counts[0] === 'number', 'payload is not a number');
  a.socket.disconnect();
  b.socket.disconnect();
  return seen;
}

finish(main(process.argv[2]));
