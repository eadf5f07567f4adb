'use strict';
// Idle and slow-header connections against a running server: opens IDLE connections that never
// send a byte and HALF connections that send half a request's headers, then reports how many
// the server closed and when. Loopback only; stops by itself after LIMIT_S seconds.
// usage: node slow.js URL [IDLE=2000] [HALF=500] [LIMIT_S=74]
const net = require('net');

const url = new URL(process.argv[2] || 'http://127.0.0.1:3000/');
const idle = Number(process.argv[3] || 2000);
const half = Number(process.argv[4] || 500);
const limitS = Number(process.argv[5] || 74);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
  console.error('loopback only');
  process.exit(2);
}

const started = Date.now();
const closedAfter = { idle: [], half: [] };
let errors = 0;

function open(kind) {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      if (kind === 'half') {
        socket.write(`GET /_api/server.js HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: `);
      }
      resolve();
    });
    socket.on('data', () => {});
    socket.on('error', () => { errors++; });
    socket.on('close', () => closedAfter[kind].push((Date.now() - started) / 1000));
  });
}

async function main() {
  const opening = [];
  for (let i = 0; i < idle; i++) opening.push(open('idle'));
  for (let i = 0; i < half; i++) opening.push(open('half'));
  await Promise.all(opening);
  const opened_s = (Date.now() - started) / 1000;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const done = closedAfter.idle.length === idle && closedAfter.half.length === half;
      if (done || Date.now() - started > limitS * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  const max = (xs) => (xs.length ? Math.max(...xs) : null);
  const min = (xs) => (xs.length ? Math.min(...xs) : null);
  console.log(JSON.stringify({
    opened_s,
    idle_closed: closedAfter.idle.length, idle_open: idle - closedAfter.idle.length,
    idle_first_close_s: min(closedAfter.idle), idle_last_close_s: max(closedAfter.idle),
    half_closed: closedAfter.half.length, half_open: half - closedAfter.half.length,
    half_first_close_s: min(closedAfter.half), half_last_close_s: max(closedAfter.half),
    errors,
  }));
  process.exit(0);
}

main();
