/**
 * prelude.js — the browser-like globals that hint code expects and QuickJS does not have:
 * `console` (captured), `setTimeout`/`clearTimeout`/`setInterval`, `fetch` with a minimal
 * Response, `URL`/`URLSearchParams`, a jQuery-style `$.get`/`$.post`, and `getUserInput`.
 *
 * Engine-only: lesson pages get these from the browser. The native side provides
 * `__native.log(level, text)`, `__native.fetch(url, method, headersJson, body)` and
 * `__native.parseUrl(input, base)`; the last two answer with JSON text (`{"ok": …}` or
 * `{"error": "…"}`), so only strings cross the boundary. Everything else is plain JavaScript.
 */
(function (global) {
  'use strict';
  const native = global.__native;

  // ------------------------------------------------------------------ console

  // wrap.js (shared with the lesson pages) defines how values and errors read; it is loaded
  // after this file, so it is looked up when something is logged.
  const show = (v) => global.__lessonsShow(v);
  const logAt = (level) => (...args) => native.log(level, args.map(show).join(' '));
  global.console = {
    log: logAt('log'),
    info: logAt('info'),
    warn: logAt('warn'),
    error: logAt('error'),
    debug: logAt('debug'),
    // Nothing to clear in a captured log; lessons that teach it still call it.
    clear: () => {},
  };

  // ------------------------------------------------------------------ loop protection
  // Learner code is rewritten (crates/hints/src/loops.rs) to call these in every loop, as
  // freeCodeCamp's loop-protect does: every 2,000 iterations the time is checked, and past
  // 1.5 s the loop is broken with a warning. `Date.now` is taken now, before learner code can
  // replace it (fake timers, RandomMocker-style mocks).
  const clock = Date.now;
  const warn = logAt('warn');
  global.__lessonsLoopStart = () => ({ started: clock(), count: 0 });
  global.__lessonsLoopCheck = (loop, line) => {
    loop.count += 1;
    if (loop.count % 2000 !== 0 || clock() - loop.started <= 1500) return false;
    warn('Potential infinite loop detected on line ' + line + '. Tests may fail if this is not changed.');
    return true;
  };

  // ------------------------------------------------------------------ timers
  // The host's event loop calls __runTimers(now) after the job queue drains; it runs what is
  // due and returns the time of the next timer, or -1 when none is left.

  let nextId = 1;
  const timers = new Map();
  function addTimer(fn, ms, args, repeat) {
    const id = nextId++;
    const delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { fn, args, due: Date.now() + delay, delay, repeat });
    return id;
  }
  global.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  global.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  global.clearTimeout = global.clearInterval = (id) => {
    timers.delete(id);
  };
  global.__runTimers = function (now) {
    for (const [id, t] of Array.from(timers)) {
      if (t.due > now || !timers.has(id)) continue;
      if (t.repeat) t.due = now + Math.max(1, t.delay);
      else timers.delete(id);
      if (typeof t.fn === 'function') t.fn(...t.args);
    }
    let next = -1;
    for (const t of timers.values()) if (next < 0 || t.due < next) next = t.due;
    return next;
  };

  // ------------------------------------------------------------------ URL

  class URLSearchParams {
    constructor(init) {
      this._list = [];
      if (typeof init === 'string') {
        const s = init.replace(/^\?/, '');
        for (const part of s ? s.split('&') : []) {
          const i = part.indexOf('=');
          const dec = (x) => decodeURIComponent(x.replace(/\+/g, ' '));
          this._list.push(i < 0 ? [dec(part), ''] : [dec(part.slice(0, i)), dec(part.slice(i + 1))]);
        }
      } else if (init && typeof init === 'object') {
        const entries = Array.isArray(init) || typeof init[Symbol.iterator] === 'function' ? Array.from(init) : Object.entries(init);
        for (const [k, v] of entries) this._list.push([String(k), String(v)]);
      }
    }
    get(k) {
      const e = this._list.find(([n]) => n === k);
      return e ? e[1] : null;
    }
    getAll(k) {
      return this._list.filter(([n]) => n === k).map(([, v]) => v);
    }
    has(k) {
      return this._list.some(([n]) => n === k);
    }
    set(k, v) {
      const i = this._list.findIndex(([n]) => n === k);
      if (i < 0) {
        this._list.push([String(k), String(v)]);
        return;
      }
      this._list[i][1] = String(v);
      this._list = this._list.filter(([n], j) => n !== k || j === i);
    }
    append(k, v) {
      this._list.push([String(k), String(v)]);
    }
    delete(k) {
      this._list = this._list.filter(([n]) => n !== k);
    }
    forEach(cb, self) {
      for (const [k, v] of this._list) cb.call(self, v, k, this);
    }
    keys() {
      return this._list.map(([k]) => k)[Symbol.iterator]();
    }
    values() {
      return this._list.map(([, v]) => v)[Symbol.iterator]();
    }
    entries() {
      return this._list.map((e) => e.slice())[Symbol.iterator]();
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString() {
      const enc = (x) => encodeURIComponent(x).replace(/%20/g, '+');
      return this._list.map(([k, v]) => enc(k) + '=' + enc(v)).join('&');
    }
  }

  // Parsing is done natively by the `url` crate (WHATWG URL); this class holds the parts.
  class URL {
    constructor(input, base) {
      const answer = JSON.parse(native.parseUrl(String(input), base === undefined ? '' : String(base)));
      if (answer.error) throw new TypeError(answer.error);
      const parts = answer.ok;
      Object.assign(this, { _parts: parts });
      this.searchParams = new URLSearchParams(parts.search);
    }
    get href() {
      return this._parts.href;
    }
    get origin() {
      return this._parts.origin;
    }
    get protocol() {
      return this._parts.protocol;
    }
    get host() {
      return this._parts.host;
    }
    get hostname() {
      return this._parts.hostname;
    }
    get port() {
      return this._parts.port;
    }
    get pathname() {
      return this._parts.pathname;
    }
    get search() {
      return this._parts.search;
    }
    get hash() {
      return this._parts.hash;
    }
    get username() {
      return this._parts.username;
    }
    get password() {
      return this._parts.password;
    }
    toString() {
      return this.href;
    }
    toJSON() {
      return this.href;
    }
  }
  global.URL = URL;
  global.URLSearchParams = URLSearchParams;

  // ------------------------------------------------------------------ fetch

  class Headers {
    constructor(pairs) {
      this._map = new Map();
      for (const [k, v] of pairs || []) this._map.set(String(k).toLowerCase(), String(v));
    }
    get(k) {
      const v = this._map.get(String(k).toLowerCase());
      return v === undefined ? null : v;
    }
    has(k) {
      return this._map.has(String(k).toLowerCase());
    }
    forEach(cb) {
      this._map.forEach((v, k) => cb(v, k, this));
    }
  }

  class Response {
    constructor(r) {
      this.status = r.status;
      this.statusText = r.statusText;
      this.ok = r.status >= 200 && r.status < 300;
      this.url = r.url;
      this.headers = new Headers(r.headers);
      this._body = r.body;
    }
    text() {
      return Promise.resolve(this._body);
    }
    json() {
      return new Promise((resolve) => resolve(JSON.parse(this._body)));
    }
  }

  function headerPairs(h) {
    if (!h) return [];
    if (h instanceof Headers) return Array.from(h._map);
    if (Array.isArray(h)) return h;
    return Object.entries(h);
  }

  // The request itself blocks in the host, bounded by the hint's time limit; the promise
  // keeps the async shape that hint code awaits.
  global.fetch = function (input, init) {
    return new Promise((resolve, reject) => {
      const opts = init || {};
      const url = input instanceof URL ? input.href : input && input.url ? input.url : String(input);
      const method = String(opts.method || 'GET').toUpperCase();
      const body = opts.body == null ? '' : String(opts.body);
      const answer = JSON.parse(native.fetch(url, method, JSON.stringify(headerPairs(opts.headers)), body));
      if (answer.error) reject(new TypeError(answer.error));
      else resolve(new Response(answer.ok));
    });
  };

  // ------------------------------------------------------------------ jQuery-style $.get/$.post

  function ajax(method, url, data) {
    return global.fetch(url, {
      method,
      headers: data ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined,
      body: data ? new URLSearchParams(data).toString() : undefined,
    }).then((res) =>
      res.text().then((text) => {
        if (!res.ok) {
          // jQuery rejects with the xhr; hints read responseText and status from it.
          throw { status: res.status, statusText: res.statusText, responseText: text };
        }
        const type = res.headers.get('content-type') || '';
        return type.includes('json') ? JSON.parse(text) : text;
      })
    );
  }
  /** `$.ajax({url, type|method, data, contentType})`: a JSON string `data` is sent as it is. */
  function ajaxOptions(opts) {
    const o = opts || {};
    const method = String(o.type || o.method || 'GET').toUpperCase();
    const data = o.data;
    if (data == null) return ajax(method, o.url);
    if (typeof data === 'string') {
      return sendRaw(method, o.url, data, o.contentType || 'application/x-www-form-urlencoded');
    }
    if (method === 'GET' || method === 'DELETE') {
      return ajax(method, o.url + (String(o.url).includes('?') ? '&' : '?') + new URLSearchParams(data));
    }
    return ajax(method, o.url, data);
  }
  function sendRaw(method, url, body, type) {
    return global.fetch(url, { method, headers: { 'content-type': type }, body }).then((res) =>
      res.text().then((text) => {
        if (!res.ok) throw { status: res.status, statusText: res.statusText, responseText: text };
        const t = res.headers.get('content-type') || '';
        return t.includes('json') ? JSON.parse(text) : text;
      })
    );
  }
  global.$ = global.jQuery = {
    get: (url, data) => ajax('GET', data ? url + (String(url).includes('?') ? '&' : '?') + new URLSearchParams(data) : url),
    post: (url, data) => ajax('POST', url, data),
    ajax: (urlOrOpts, opts) =>
      ajaxOptions(typeof urlOrOpts === 'string' ? Object.assign({}, opts, { url: urlOrOpts }) : urlOrOpts),
  };

  // ------------------------------------------------------------------ XMLHttpRequest, FormData

  /** Enough of XMLHttpRequest for the hints that use it: open/setRequestHeader/send, then
   * readyState 4 with status, statusText, responseText and onreadystatechange/onload. */
  class XMLHttpRequest {
    constructor() {
      this.readyState = 0;
      this.status = 0;
      this.statusText = '';
      this.responseText = '';
      this.onreadystatechange = null;
      this.onload = null;
      this.onerror = null;
      this._headers = {};
    }
    open(method, url) {
      this._method = String(method).toUpperCase();
      this._url = url;
      this.readyState = 1;
    }
    setRequestHeader(k, v) {
      this._headers[k] = v;
    }
    getResponseHeader(k) {
      return this._response ? this._response.headers.get(k) : null;
    }
    send(body) {
      const done = () => {
        this.readyState = 4;
        if (typeof this.onreadystatechange === 'function') this.onreadystatechange.call(this);
      };
      global
        .fetch(this._url, { method: this._method, headers: this._headers, body: body == null ? undefined : body })
        .then((res) =>
          res.text().then((text) => {
            this._response = res;
            this.status = res.status;
            this.statusText = res.statusText;
            this.responseText = this.response = text;
            done();
            if (typeof this.onload === 'function') this.onload.call(this);
          })
        )
        .catch((e) => {
          this.status = 0;
          done();
          if (typeof this.onerror === 'function') this.onerror.call(this, e);
          else throw e;
        });
    }
  }
  global.XMLHttpRequest = XMLHttpRequest;

  /** Form fields, sent URL-encoded (files cannot be read here). */
  class FormData {
    constructor() {
      this._list = [];
    }
    append(k, v) {
      this._list.push([String(k), typeof v === 'string' ? v : String(v)]);
    }
    get(k) {
      const e = this._list.find((p) => p[0] === k);
      return e ? e[1] : null;
    }
    toString() {
      return new URLSearchParams(this._list).toString();
    }
  }
  global.FormData = FormData;

  // ------------------------------------------------------------------ dates in words (en-US)
  // QuickJS has no Intl: the options real lessons use, in American English, which is what the
  // hints expect.

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const pad2 = (n) => String(n).padStart(2, '0');
  function formatDate(d, opts) {
    const o = opts || {};
    const hasDate = o.year || o.month || o.day || o.weekday;
    const hasTime = o.hour || o.minute || o.second;
    const parts = {};
    if (o.weekday) parts.weekday = o.weekday === 'long' ? DAYS[d.getDay()] : DAYS[d.getDay()].slice(0, 3);
    if (o.month) {
      const m = d.getMonth();
      parts.month = o.month === 'long' ? MONTHS[m] : o.month === 'short' ? MONTHS[m].slice(0, 3) : o.month === '2-digit' ? pad2(m + 1) : String(m + 1);
    }
    if (o.day) parts.day = o.day === '2-digit' ? pad2(d.getDate()) : String(d.getDate());
    if (o.year) parts.year = o.year === '2-digit' ? pad2(d.getFullYear() % 100) : String(d.getFullYear());
    let date = '';
    if (hasDate) {
      const words = o.month === 'long' || o.month === 'short';
      if (words) {
        date = [parts.month, parts.day].filter(Boolean).join(' ');
        if (parts.year) date += (parts.day ? ', ' : ' ') + parts.year;
      } else {
        date = [parts.month, parts.day, parts.year].filter(Boolean).join('/');
      }
      if (parts.weekday) date = parts.weekday + (date ? ', ' + date : '');
    }
    let time = '';
    if (hasTime) time = formatTime(d, o);
    return [date, time].filter(Boolean).join(', ');
  }
  function formatTime(d, o) {
    const h24 = d.getHours();
    const twelve = !(o && (o.hour12 === false || o.hourCycle === 'h23'));
    const h = twelve ? h24 % 12 || 12 : h24;
    let t = (o && o.hour === '2-digit') || !twelve ? pad2(h) : String(h);
    t += ':' + pad2(d.getMinutes());
    if (!o || o.second || !o.hour) t += ':' + pad2(d.getSeconds());
    return twelve ? t + ' ' + (h24 < 12 ? 'AM' : 'PM') : t;
  }
  const DEFAULT_DATE = { year: 'numeric', month: 'numeric', day: 'numeric' };
  Date.prototype.toLocaleDateString = function (locale, opts) {
    return formatDate(this, opts && Object.keys(opts).length ? opts : DEFAULT_DATE);
  };
  Date.prototype.toLocaleTimeString = function (locale, opts) {
    return formatTime(this, opts || null);
  };
  Date.prototype.toLocaleString = function (locale, opts) {
    if (opts && Object.keys(opts).length) return formatDate(this, opts);
    return formatDate(this, DEFAULT_DATE) + ', ' + formatTime(this, null);
  };
  if (typeof global.Intl === 'undefined') {
    global.Intl = {
      DateTimeFormat: class {
        constructor(locale, opts) {
          this._opts = opts && Object.keys(opts).length ? opts : DEFAULT_DATE;
        }
        format(d) {
          return formatDate(d === undefined ? new Date() : new Date(d), this._opts);
        }
      },
      getCanonicalLocales: (l) => (l == null ? [] : [].concat(l).map(String)),
    };
  }

  /** The pre-2021 runner's deep-equality check, still called by a few hints. */
  global.DeepEqual = (a, b) => {
    try {
      global.assert.deepEqual(a, b);
      return true;
    } catch (e) {
      return false;
    }
  };

  // ------------------------------------------------------------------ getUserInput

  global.getUserInput = (name) => (name === 'url' ? global.__appUrl : undefined);
})(globalThis);
