'use strict';
// Helpers shared by the behaviour scripts. Each script takes the server's base URL as its first
// argument, prints one JSON line with its findings and exits 0, or prints why it failed and
// exits 1. The Rust tests (sandbox/tests/counter.rs) run them against both servers.
const vm = require('vm');

// Every wait is bounded: a script must never hang a test run.
function waitFor(what, predicate, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve(Date.now() - started);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error('timed out after ' + timeoutMs + ' ms waiting for ' + what));
      }
    }, 5);
  });
}

// Loads the sandbox's own /socket.io/socket.io.js the way a browser would, so the tests exercise
// the script the demo page really runs. Needs Node's WebSocket (node --experimental-websocket).
async function loadServedClient(url) {
  if (typeof WebSocket === 'undefined') {
    throw new Error('WebSocket is missing: run node with --experimental-websocket');
  }
  const res = await fetch(new URL('/socket.io/socket.io.js', url));
  if (!res.ok) throw new Error('GET /socket.io/socket.io.js: ' + res.status);
  const context = { WebSocket, URL, setTimeout, clearTimeout, console };
  context.globalThis = context;
  vm.runInNewContext(await res.text(), context, { filename: 'socket.io.js' });
  return (target, opts) => context.io(target, opts);
}

// A connect function: the npm socket.io-client by default, the served client with --own-client.
async function clientFactory(url) {
  if (process.argv.includes('--own-client')) {
    const io = await loadServedClient(url);
    return () => io(url, { reconnection: false });
  }
  const io = require('socket.io-client');
  const transports = process.argv.includes('--websocket') ? ['websocket'] : undefined;
  return () => io(url, { forceNew: true, reconnection: false, transports });
}

// A client that records every 'user count' it receives.
function counted(connect) {
  const socket = connect();
  const counts = [];
  socket.on('user count', (n) => counts.push(n));
  return { socket, counts, last: () => counts[counts.length - 1] };
}

function finish(promise) {
  // A hard stop in case a socket keeps the event loop alive after a failure.
  const guard = setTimeout(() => {
    console.error('script did not finish in time');
    process.exit(1);
  }, 120000);
  promise.then(
    (result) => {
      clearTimeout(guard);
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (err) => {
      clearTimeout(guard);
      console.error(err && err.stack ? err.stack : String(err));
      process.exit(1);
    },
  );
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

module.exports = { waitFor, clientFactory, counted, finish, assert };
