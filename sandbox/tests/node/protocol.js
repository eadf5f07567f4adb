'use strict';
// Checks the sandbox's --protocol-test mode with the npm socket.io-client: the "auth" greeting, "message" echo (binary included), "message-with-ack", the "emit-with-ack"
// round trip, the /custom namespace and the refusal of unknown namespaces.
// usage: node protocol.js URL
const { waitFor, finish, assert } = require('./lib');
const io = require('socket.io-client');

function open(url, opts) {
  return io(url, { forceNew: true, reconnection: false, transports: ['websocket'], ...opts });
}

function once(socket, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ' + event + ' in ' + timeoutMs + ' ms')), timeoutMs);
    socket.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function main(url) {
  const result = {};

  const plain = open(url);
  const [plainAuth] = await once(plain, 'auth');
  assert(same(plainAuth, {}), 'auth without payload: ' + JSON.stringify(plainAuth));

  const withAuth = open(url, { auth: { token: '123' } });
  const [auth] = await once(withAuth, 'auth');
  assert(same(auth, { token: '123' }), 'auth payload: ' + JSON.stringify(auth));

  const bin = Buffer.from([1, 2, 3]);
  withAuth.emit('message', 1, '2', { 3: [true] }, bin);
  const back = await once(withAuth, 'message-back');
  assert(back.length === 4, 'message-back arguments: ' + back.length);
  assert(same(back.slice(0, 3), [1, '2', { 3: [true] }]), 'message-back: ' + JSON.stringify(back));
  assert(Buffer.isBuffer(back[3]) && Buffer.from(back[3]).equals(bin), 'binary came back as ' + typeof back[3]);

  const acked = await withAuth.timeout(2000).emitWithAck('message-with-ack', 'a', 2, bin);
  // emitWithAck resolves with the first argument only; use the callback form for all of them.
  assert(acked === 'a', 'message-with-ack first argument: ' + JSON.stringify(acked));
  const allAcked = await new Promise((resolve) => withAuth.emit('message-with-ack', 'x', 7, (...args) => resolve(args)));
  assert(same(allAcked, ['x', 7]), 'message-with-ack arguments: ' + JSON.stringify(allAcked));

  const rounds = [];
  withAuth.on('emit-with-ack', (...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    rounds.push({ args, ack: Boolean(ack) });
    if (ack) ack('answer', ...args);
  });
  withAuth.emit('emit-with-ack', 'q', 1);
  await waitFor('two emit-with-ack events', () => rounds.length === 2, 3000);
  assert(same(rounds, [{ args: ['q', 1], ack: true }, { args: ['answer', 'q', 1], ack: false }]),
    'emit-with-ack rounds: ' + JSON.stringify(rounds));

  const custom = open(new URL('/custom', url).href, { auth: { ns: 'custom' } });
  const [customAuth] = await once(custom, 'auth');
  assert(same(customAuth, { ns: 'custom' }), '/custom auth: ' + JSON.stringify(customAuth));

  const unknown = open(new URL('/random', url).href);
  const [error] = await once(unknown, 'connect_error');
  result.unknownNamespace = error.message;

  for (const s of [plain, withAuth, custom, unknown]) s.disconnect();
  return result;
}

finish(main(process.argv[2]));
