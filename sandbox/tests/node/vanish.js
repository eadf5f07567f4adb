'use strict';
// A client that vanishes without a goodbye is counted out by the heartbeat.
// usage: node vanish.js URL kill|stop
//   kill: SIGKILL the client process (the kernel closes its TCP connection);
//   stop: SIGSTOP it, so the connection stays open but nobody answers pings — only the
//         heartbeat (pingInterval + pingTimeout) can notice.
// Prints {"elapsed_ms": ...}: from the signal to the observer seeing the count drop.
const path = require('path');
const { spawn } = require('child_process');
const { waitFor, clientFactory, counted, finish } = require('./lib');

async function main(url, mode) {
  const connect = await clientFactory(url);
  const observer = counted(connect);
  await waitFor('the observer to see 1', () => observer.last() === 1, 5000);
  const child = spawn(process.execPath, [path.join(__dirname, 'hold.js'), url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let childSaw = false;
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('count')) childSaw = true; });
    await waitFor('the held client to connect', () => childSaw && observer.last() === 2, 10000);
    const signalled = Date.now();
    child.kill(mode === 'stop' ? 'SIGSTOP' : 'SIGKILL');
    await waitFor('the observer to see 1 again', () => observer.last() === 1, 60000);
    const elapsed = Date.now() - signalled;
    observer.socket.disconnect();
    return { mode, elapsed_ms: elapsed, counts: observer.counts };
  } finally {
    child.kill('SIGKILL');
  }
}

finish(main(process.argv[2], process.argv[3]));
