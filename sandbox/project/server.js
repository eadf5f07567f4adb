'use strict';
// The real-time user counter: the project a learner has at the end of the
// "real-time user counter" lessons. The Rust sandbox serves this file at
// /_api/server.js, and the same behaviour tests run against it under Node.
const express = require('express');
const path = require('path');

const app = express();
const http = require('http').createServer(app);
const io = require('socket.io')(http);

// The heartbeat is Socket.IO's default (25 s + 20 s) unless the environment shortens it: the
// sandbox's tests do, so a client that vanished is counted out within seconds.
if (process.env.PING_INTERVAL_MS) io.engine.opts.pingInterval = Number(process.env.PING_INTERVAL_MS);
if (process.env.PING_TIMEOUT_MS) io.engine.opts.pingTimeout = Number(process.env.PING_TIMEOUT_MS);

app.use('/public', express.static(path.join(__dirname, 'public')));

app.get('/', (req, res) => {
  res.sendFile(path.join(__dirname, 'views', 'index.html'));
});

let currentUsers = 0;

io.on('connection', (socket) => {
  ++currentUsers;
  io.emit('user count', currentUsers);
  console.log('A user has connected');

  socket.on('disconnect', () => {
    --currentUsers;
    io.emit('user count', currentUsers);
    console.log('A user has disconnected');
  });
});

const PORT = process.env.PORT || 3000;
http.listen(PORT, () => {
  console.log('Listening on port ' + PORT);
});
