/*
 * A small Socket.IO client for the lessons sandbox, written for this project.
 *
 * Speaks Engine.IO 4 / Socket.IO 5 over the WebSocket transport only
 * (`/socket.io/?EIO=4&transport=websocket`): no long-polling, no binary
 * attachments, one WebSocket per io() call. That is all the counter lessons
 * need, and it keeps this file short enough to read in one sitting.
 *
 *   const socket = io();                  // same origin, namespace "/"
 *   socket.on('user count', (n) => ...);  // events from the server
 *   socket.emit('hello', 1, (ack) => ...) // a trailing function asks for an ack
 *   socket.disconnect();
 *
 * Built-in events: 'connect', 'disconnect' (reason), 'connect_error' (Error).
 */
(function (global) {
  'use strict';

  // Reconnection is bounded: a server that stays down should not be hammered forever.
  var MAX_RECONNECT_ATTEMPTS = 20;
  var MAX_RECONNECT_DELAY_MS = 5000;

  // Engine.IO packet types (first character of every WebSocket text frame).
  var EIO_OPEN = '0';
  var EIO_CLOSE = '1';
  var EIO_PING = '2';
  var EIO_PONG = '3';
  var EIO_MESSAGE = '4';

  // Socket.IO packet types (first character of an Engine.IO message).
  var SIO_CONNECT = '0';
  var SIO_DISCONNECT = '1';
  var SIO_EVENT = '2';
  var SIO_ACK = '3';
  var SIO_CONNECT_ERROR = '4';
  var SIO_BINARY_EVENT = '5';
  var SIO_BINARY_ACK = '6';

  function Socket(url, opts) {
    this._handlers = {};
    var page = global.location ? global.location.href : undefined;
    var target = new URL(url || page, page);
    // io() on a page means "this server"; only an explicit URL names a namespace.
    this.nsp = url && target.pathname !== '/' ? target.pathname : '/';
    var path = opts.path || '/socket.io/';
    var scheme = target.protocol === 'https:' ? 'wss:' : 'ws:';
    this._endpoint = scheme + '//' + target.host + path + '?EIO=4&transport=websocket';
    this.auth = opts.auth;
    this.id = undefined;
    this.connected = false;
    this._reconnection = opts.reconnection !== false;
    this._attempts = 0;
    this._closedByUser = false;
    this._acks = {};
    this._nextAckId = 0;
    this._outbox = []; // emits made before the connection is ready
    this._skipFrames = 0; // binary frames of a packet we do not decode
    this._heartbeat = null;
    this._open();
  }

  Socket.prototype.on = function (event, fn) {
    (this._handlers[event] = this._handlers[event] || []).push(fn);
    return this;
  };

  Socket.prototype.off = function (event, fn) {
    var list = this._handlers[event] || [];
    this._handlers[event] = fn ? list.filter(function (h) { return h !== fn; }) : [];
    return this;
  };

  Socket.prototype._fire = function (event, args) {
    var list = (this._handlers[event] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].apply(this, args);
      } catch (err) {
        // One broken listener must not silence the others; report it like an uncaught error.
        setTimeout(function () { throw err; });
      }
    }
  };

  Socket.prototype._prefix = function () {
    return this.nsp === '/' ? '' : this.nsp + ',';
  };

  Socket.prototype.emit = function (event) {
    var args = Array.prototype.slice.call(arguments);
    var id = '';
    if (typeof args[args.length - 1] === 'function') {
      id = String(this._nextAckId++);
      this._acks[id] = args.pop();
    }
    var frame = EIO_MESSAGE + SIO_EVENT + this._prefix() + id + JSON.stringify(args);
    if (this.connected) {
      this._ws.send(frame);
    } else {
      this._outbox.push(frame);
    }
    return this;
  };

  Socket.prototype.disconnect = function () {
    this._closedByUser = true;
    var wasConnected = this.connected;
    if (wasConnected) {
      this._ws.send(EIO_MESSAGE + SIO_DISCONNECT + this._prefix());
    }
    this._teardown();
    if (wasConnected) {
      this._fire('disconnect', ['io client disconnect']);
    }
    return this;
  };
  Socket.prototype.close = Socket.prototype.disconnect;

  Socket.prototype._open = function () {
    var self = this;
    var ws = new WebSocket(this._endpoint);
    ws.binaryType = 'arraybuffer';
    this._ws = ws;
    ws.onmessage = function (ev) {
      if (ws !== self._ws) return;
      if (typeof ev.data !== 'string') {
        if (self._skipFrames > 0) self._skipFrames--;
        return;
      }
      try {
        self._onFrame(ev.data);
      } catch (err) {
        // A frame we cannot parse means we are out of step with the server: start over.
        self._fire('connect_error', [err]);
        ws.close();
      }
    };
    ws.onclose = function () {
      if (ws === self._ws) self._onTransportClose('transport close');
    };
    ws.onerror = function () {
      // `close` always follows `error`; reconnection is handled there.
    };
  };

  Socket.prototype._armHeartbeat = function () {
    var self = this;
    clearTimeout(this._heartbeat);
    // The server pings every pingInterval and gives up after pingTimeout; if we hear nothing
    // for both, the connection is dead even if the OS has not noticed.
    this._heartbeat = setTimeout(function () {
      self._onTransportClose('ping timeout');
    }, this._pingInterval + this._pingTimeout);
  };

  Socket.prototype._onFrame = function (frame) {
    var type = frame.charAt(0);
    if (type === EIO_OPEN) {
      var handshake = JSON.parse(frame.slice(1));
      this._pingInterval = handshake.pingInterval;
      this._pingTimeout = handshake.pingTimeout;
      this._armHeartbeat();
      var auth = this.auth === undefined ? '' : JSON.stringify(this.auth);
      this._ws.send(EIO_MESSAGE + SIO_CONNECT + this._prefix() + auth);
    } else if (type === EIO_PING) {
      this._ws.send(EIO_PONG);
      this._armHeartbeat();
    } else if (type === EIO_CLOSE) {
      this._onTransportClose('transport close');
    } else if (type === EIO_MESSAGE) {
      this._onPacket(frame.slice(1));
    }
  };

  Socket.prototype._onPacket = function (packet) {
    var type = packet.charAt(0);
    var i = 1;
    if (type === SIO_BINARY_EVENT || type === SIO_BINARY_ACK) {
      var dash = packet.indexOf('-', i);
      this._skipFrames += Number(packet.slice(i, dash));
      console.warn('socket.io.js: binary packets are not supported; one was dropped');
      return;
    }
    var nsp = '/';
    if (packet.charAt(i) === '/') {
      var comma = packet.indexOf(',', i);
      var end = comma < 0 ? packet.length : comma;
      nsp = packet.slice(i, end);
      i = comma < 0 ? packet.length : comma + 1;
    }
    if (nsp !== this.nsp) return;
    var idStart = i;
    while (i < packet.length && packet.charAt(i) >= '0' && packet.charAt(i) <= '9') i++;
    var id = packet.slice(idStart, i);
    var data = i < packet.length ? JSON.parse(packet.slice(i)) : undefined;

    if (type === SIO_CONNECT) {
      this.id = data && data.sid;
      this.connected = true;
      this._attempts = 0;
      var outbox = this._outbox;
      this._outbox = [];
      for (var k = 0; k < outbox.length; k++) this._ws.send(outbox[k]);
      this._fire('connect', []);
    } else if (type === SIO_EVENT && Array.isArray(data)) {
      if (id !== '') data.push(this._acknowledger(id));
      this._fire(String(data[0]), data.slice(1));
    } else if (type === SIO_ACK && Array.isArray(data)) {
      var callback = this._acks[id];
      delete this._acks[id];
      if (callback) callback.apply(this, data);
    } else if (type === SIO_DISCONNECT) {
      // The server closed this namespace on purpose: like socket.io-client, do not reconnect.
      this._closedByUser = true;
      this._teardown();
      this.connected = false;
      this._fire('disconnect', ['io server disconnect']);
    } else if (type === SIO_CONNECT_ERROR) {
      this._closedByUser = true;
      this._teardown();
      var message = data && data.message ? data.message : String(data);
      this._fire('connect_error', [new Error(message)]);
    }
  };

  Socket.prototype._acknowledger = function (id) {
    var self = this;
    var sent = false;
    return function () {
      if (sent || !self.connected) return;
      sent = true;
      var args = Array.prototype.slice.call(arguments);
      self._ws.send(EIO_MESSAGE + SIO_ACK + self._prefix() + id + JSON.stringify(args));
    };
  };

  // Closes the WebSocket and forgets it, so its late events are ignored.
  Socket.prototype._teardown = function () {
    clearTimeout(this._heartbeat);
    this.connected = false;
    var ws = this._ws;
    this._ws = null;
    if (ws) {
      try {
        ws.close();
      } catch (err) {
        // Already closing: nothing more to do.
      }
    }
  };

  Socket.prototype._onTransportClose = function (reason) {
    var wasConnected = this.connected;
    this._teardown();
    this._acks = {}; // answers to a dead connection will never come
    if (wasConnected) {
      this._fire('disconnect', [reason]);
    } else if (!this._closedByUser) {
      this._fire('connect_error', [new Error(reason)]);
    }
    if (this._closedByUser || !this._reconnection) return;
    if (this._attempts >= MAX_RECONNECT_ATTEMPTS) return;
    this._attempts++;
    var delay = Math.min(500 * Math.pow(2, this._attempts - 1), MAX_RECONNECT_DELAY_MS);
    var self = this;
    // Jitter spreads a crowd of clients that lost the same server over time.
    setTimeout(function () {
      if (!self._closedByUser) self._open();
    }, delay * (0.5 + Math.random() / 2));
  };

  function io(url, opts) {
    if (typeof url === 'object' && url !== null) {
      opts = url;
      url = undefined;
    }
    return new Socket(url, opts || {});
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = io;
  } else {
    global.io = io;
  }
})(typeof window !== 'undefined' ? window : globalThis);
