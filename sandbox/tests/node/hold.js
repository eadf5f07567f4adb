'use strict';
// A client that connects, says so on stdout, then just stays (at most a minute) until the test
// kills or freezes it. usage: node hold.js URL
const io = require('socket.io-client');
const socket = io(process.argv[2], { forceNew: true, reconnection: false, transports: ['websocket'] });
socket.on('user count', (n) => console.log('count ' + n));
setTimeout(() => process.exit(0), 60000);
