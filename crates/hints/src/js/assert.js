/**
 * assert.js — a chai-compatible `assert` for lesson hints.
 *
 * This one file is loaded, unchanged, by the `lessons` binary's embedded JavaScript engine
 * (QuickJS, before every hint) and by lesson pages in the browser (a plain <script> tag), so it
 * is a classic script in plain ES2020: no modules, no Node or DOM APIs. It defines
 * `globalThis.assert` (callable, like chai's `assert(expr, msg)`) and `globalThis.AssertionError`.
 *
 * Semantics and failure messages follow chai 6's `assert` interface (equality, deep equality,
 * include, members, keys, throws, …); the project's differential test (tests/js/assert.test.mjs)
 * runs the same cases through chai and through this file. Written from chai's documented and
 * observed behaviour, not from its source. Known differences are listed in README.md.
 */
(function (global) {
  'use strict';

  class AssertionError extends Error {
    constructor(message, props) {
      super(message);
      this.name = 'AssertionError';
      this.showDiff = false;
      if (props) Object.assign(this, props);
    }
  }

  // ---------------------------------------------------------------- inspection (chai's `inspect`)

  // chai shortens every value it shows in a message to about 40 characters.
  const LIMIT = 40;
  // Type checks go by the toString tag, not instanceof, so values from another realm (an iframe,
  // a Node vm context) are recognised too.
  const toTag = (v) => Object.prototype.toString.call(v).slice(8, -1);
  const isTag = (v, tag) => v !== null && typeof v === 'object' && toTag(v) === tag;

  function quote(s) {
    // chai quotes with single quotes and escapes only quotes and control characters.
    const esc = s.replace(/[\x00-\x1f\x7f']/g, (c) => {
      const named = { "'": "\\'", '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' }[c];
      return named || '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    });
    return "'" + esc + "'";
  }

  function inspectString(s, budget) {
    const q = quote(s);
    if (q.length <= budget) return q;
    return q.slice(0, Math.max(1, budget - 2)) + "…'";
  }

  function inspectKey(k) {
    if (typeof k === 'symbol') return '[' + k.toString() + ']';
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : quote(k);
  }

  // Joins rendered items within `budget` characters; what does not fit becomes `…(n)`.
  function inspectList(items, render, budget, seen) {
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const sep = out ? ', ' : '';
      const s = render(items[i], Math.max(budget - out.length - sep.length, 1), seen);
      const last = i === items.length - 1;
      const marker = last ? '' : ', …(' + (items.length - i - 1) + ')';
      if (i > 0 && out.length + sep.length + s.length + marker.length > budget) {
        return out + sep + '…(' + (items.length - i) + ')';
      }
      out += sep + s;
    }
    return out;
  }

  function inspect(v, budget, seen) {
    if (budget === undefined) budget = LIMIT;
    seen = seen || [];
    switch (typeof v) {
      case 'string': return inspectString(v, budget);
      case 'number': return v === 0 ? (1 / v < 0 ? '-0' : '+0') : String(v);
      case 'bigint': return v + 'n';
      case 'symbol': return v.toString();
      case 'undefined': case 'boolean': return String(v);
      case 'function': return v.name ? '[Function ' + v.name + ']' : '[Function]';
    }
    if (v === null) return 'null';
    if (seen.includes(v)) return '[Circular]';
    const inner = seen.concat([v]);
    const tag = toTag(v);
    const wrap = (prefix, body) => (body ? prefix + '[ ' + body + ' ]' : prefix + '[]');
    const item = (x, b, s) => inspect(x, b, s);
    if (Array.isArray(v)) return wrap('', inspectList(Array.from(v), item, budget - 4, inner));
    if (tag === 'Arguments') return wrap('Arguments', inspectList(Array.from(v), item, budget - 13, inner));
    if (ArrayBuffer.isView(v) && tag !== 'DataView') {
      // chai prints a typed array's zeros as 0, not +0.
      return wrap(tag, inspectList(Array.from(v), (x, b) => (Object.is(x, 0) ? '0' : inspect(x, b)), budget - tag.length - 4, inner));
    }
    if (tag === 'RegExp') return String(v);
    if (tag === 'Date') return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (tag === 'Number' || tag === 'String' || tag === 'Boolean') return inspect(v.valueOf(), budget, inner);
    if (tag === 'Map') {
      const body = inspectList(Array.from(v), (e, b, s) => inspect(e[0], b, s) + ' => ' + inspect(e[1], b, s), budget - 6, inner);
      return body ? 'Map{ ' + body + ' }' : 'Map{}';
    }
    if (tag === 'Set') {
      const body = inspectList(Array.from(v), item, budget - 6, inner);
      return body ? 'Set{ ' + body + ' }' : 'Set{}';
    }
    if (tag === 'WeakMap' || tag === 'WeakSet' || tag === 'Promise') return tag + '{…}';
    const keys = Object.keys(v).concat(Object.getOwnPropertySymbols(v).filter((s) => Object.prototype.propertyIsEnumerable.call(v, s)));
    const props = (b) => inspectList(keys.filter((k) => !(tag === 'Error' && (k === 'stack' || k === 'message'))),
      (k, bb, s) => inspectKey(k) + ': ' + inspect(v[k], bb - inspectKey(k).length - 2, s), b, inner);
    if (tag === 'Error') {
      const head = v.message ? v.name + ': ' + v.message : String(v.name);
      const body = props(budget - head.length - 5);
      return body ? head + ' { ' + body + ' }' : head;
    }
    const proto = Object.getPrototypeOf(v);
    const plain = !proto || Object.getPrototypeOf(proto) === null;
    const ctor = !plain && typeof proto.constructor === 'function' ? proto.constructor.name : '';
    const body = props(budget - ctor.length - 4);
    return ctor + (body ? '{ ' + body + ' }' : '{}');
  }

  // chai's objDisplay: a value whose inspection is still too long is shown as a short summary.
  function show(v) {
    const s = inspect(v);
    if (s.length < LIMIT) return s;
    if (typeof v === 'function') return v.name ? '[Function: ' + v.name + ']' : '[Function]';
    if (Array.isArray(v)) return '[ Array(' + v.length + ') ]';
    if (toTag(v) === 'Object') {
      const keys = Object.keys(v);
      return '{ Object (' + (keys.length > 2 ? keys.slice(0, 2).join(', ') + ', ...' : keys.join(', ')) + ') }';
    }
    return s;
  }

  // ---------------------------------------------------------------- deep equality (chai's deep-eql)

  // type-detect's name for a value: 'null', a typeof name, or the object's toString tag.
  function typeName(v) {
    if (v === null) return 'null';
    const t = typeof v;
    return t === 'object' ? toTag(v) : t;
  }

  function enumerableKeys(o) {
    // chai compares own and inherited enumerable string keys, plus own enumerable symbols.
    const keys = [];
    for (const k in o) keys.push(k);
    for (const s of Object.getOwnPropertySymbols(o)) if (Object.prototype.propertyIsEnumerable.call(o, s)) keys.push(s);
    return keys;
  }

  function deepEqual(a, b, stack) {
    if (a === b) return a !== 0 || 1 / a === 1 / b; // +0 and -0 differ, as in chai
    if (a !== a && b !== b) return true; // NaN equals NaN
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
    const type = typeName(a);
    if (type !== typeName(b)) return false;
    stack = stack || [];
    // A pair already being compared further up is assumed equal (circular structures).
    if (stack.some((p) => p[0] === a && p[1] === b)) return true;
    stack = stack.concat([[a, b]]);
    const eqList = (x, y) => x.length === y.length && x.every((e, i) => deepEqual(e, y[i], stack));
    switch (type) {
      case 'Number': case 'String': case 'Boolean': case 'Date':
        return Object.is(a.valueOf(), b.valueOf()) || a.valueOf() === b.valueOf();
      case 'RegExp': return String(a) === String(b);
      case 'Promise': case 'WeakMap': case 'WeakSet': case 'Symbol': return false;
      case 'Error':
        return a.name === b.name && a.message === b.message && a.code === b.code && objectEqual(a, b, stack);
      case 'Array': case 'Arguments':
      case 'Int8Array': case 'Uint8Array': case 'Uint8ClampedArray': case 'Int16Array': case 'Uint16Array':
      case 'Int32Array': case 'Uint32Array': case 'Float32Array': case 'Float64Array':
      case 'BigInt64Array': case 'BigUint64Array':
        return eqList(Array.from(a), Array.from(b));
      case 'Map': case 'Set':
        // chai sorts both collections' entries with the default (string) sort, then compares
        // them in order; we do the same so results agree, even for its order-sensitive corners.
        return a.size === b.size && eqList(Array.from(a).sort(), Array.from(b).sort());
    }
    return objectEqual(a, b, stack);
  }

  function objectEqual(a, b, stack) {
    const ka = enumerableKeys(a);
    const kb = enumerableKeys(b);
    if (ka.length !== kb.length) return false;
    const sortKeys = (ks) => ks.map((k) => (typeof k === 'symbol' ? k.toString() : k)).sort();
    const sa = sortKeys(ka);
    const sb = sortKeys(kb);
    if (!sa.every((k, i) => k === sb[i])) return false;
    return ka.every((k) => deepEqual(a[k], b[k], stack));
  }

  // ---------------------------------------------------------------- helpers

  function fail(msg, text, props) {
    throw new AssertionError(msg ? msg + ': ' + text : text, props);
  }
  function check(ok, msg, text, props) {
    if (!ok) fail(msg, text, props);
  }
  const diff = (actual, expected) => ({ actual, expected, showDiff: true });
  const article = (t) => (/^[aeiou]/i.test(t) ? 'an ' : 'a ');

  function requireNotNull(v, msg) {
    if (v === null || v === undefined) fail(msg, 'Target cannot be null or undefined.');
  }

  function hasProperty(o, name) {
    return o !== null && o !== undefined && name in Object(o);
  }

  // "a.b[0]" -> ['a', 'b', '0']; "\." and "\[" escape the characters in names.
  function parsePath(path) {
    const parts = [];
    const re = /\[(\d+)\]|((?:\\.|[^.[\]\\])+)/g;
    let m;
    while ((m = re.exec(path))) parts.push(m[1] !== undefined ? m[1] : m[2].replace(/\\(.)/g, '$1'));
    return parts;
  }
  function getPath(o, path) {
    let cur = o;
    const parts = parsePath(path);
    for (let i = 0; i < parts.length; i++) {
      if (!hasProperty(cur, parts[i])) return { exists: false };
      cur = cur[parts[i]];
    }
    return { exists: true, value: cur };
  }

  function compareNumbers(v, n, op, words, msg) {
    // Like chai, a boxed Number counts as a number (the type is read with type-detect's rules).
    const numeric = (x) => ['number', 'bigint'].includes(typeName(x).toLowerCase());
    const isDate = isTag(v, 'Date');
    if (!isDate && !numeric(v)) fail(msg, 'expected ' + show(v) + ' to be a number or a date');
    if (isDate && !isTag(n, 'Date')) fail(msg, 'the argument to ' + words.split(' ').pop() + ' must be a date');
    if (!isDate && !numeric(n)) fail(msg, 'the argument to ' + words.split(' ').pop() + ' must be a number');
    check(op(v, n), msg, 'expected ' + show(v) + ' to be ' + words + ' ' + show(n), diff(v, n));
  }

  // include/notInclude and their deep/nested variants, following chai's `include`.
  function include(hay, needle, msg, opts) {
    // Arrays and object values compare with === (chai uses indexOf); Sets and Maps with SameValueZero.
    const strict = (x, y) => x === y;
    const sameValueZero = (x, y) => x === y || (x !== x && y !== y);
    const neg = !!opts.negate;
    const not = neg ? 'not ' : '';
    const t = typeName(hay);
    const inc = (opts.deep ? 'deep ' : '') + 'include';
    const simple = (found) => check(found !== neg, msg, 'expected ' + show(hay) + ' to ' + not + inc + ' ' + show(needle));
    if (t.toLowerCase() === 'string') return simple(String(hay).indexOf(needle) !== -1); // boxed strings too, as in chai
    if (Array.isArray(hay) && !opts.nested) return simple(hay.some((x) => (opts.deep ? deepEqual : strict)(x, needle)));
    if (t === 'Set' || t === 'Map') return simple(Array.from(hay.values()).some((x) => (opts.deep ? deepEqual : sameValueZero)(x, needle)));
    if (t === 'WeakSet') return simple(hay.has(needle));
    // Anything else is searched for the needle's properties, which needs an object needle.
    if (needle === null || (typeof needle !== 'object' && typeof needle !== 'function')) {
      const nt = typeName(needle).toLowerCase();
      fail(msg, 'the given combination of arguments (' + typeName(hay).toLowerCase() + ' and ' + nt + ') is invalid for this assertion. ' +
        'You can use an array, a map, an object, a set, a string, or a weakset instead of a ' + nt);
    }
    // An object needle is a set of properties that must all be present with equal values.
    const kind = (opts.nested ? 'nested ' : opts.deep ? 'deep ' : '') + 'property ';
    const keys = Object.keys(needle);
    if (keys.length) requireNotNull(hay, msg);
    const results = keys.map((k) => {
      const got = opts.nested ? getPath(hay, k) : { exists: hasProperty(hay, k), value: hasProperty(hay, k) ? hay[k] : undefined };
      return { k, got, ok: got.exists && (opts.deep ? deepEqual : strict)(got.value, needle[k]) };
    });
    if (!neg) {
      for (const r of results) {
        if (!r.got.exists) fail(msg, 'expected ' + show(hay) + ' to have ' + kind + show(r.k));
        if (!r.ok) {
          fail(msg, 'expected ' + show(hay) + ' to have ' + kind + show(r.k) + ' of ' + show(needle[r.k]) + ', but got ' + show(r.got.value),
            diff(r.got.value, needle[r.k]));
        }
      }
    } else if (results.length && results.every((r) => r.ok)) {
      const r = results[0];
      fail(msg, 'expected ' + show(hay) + ' to not have ' + kind + show(r.k) + ' of ' + show(needle[r.k]), diff(r.got.value, needle[r.k]));
    }
  }

  function propertyVal(o, prop, val, msg, deep, negate) {
    requireNotNull(o, msg);
    const has = hasProperty(o, prop);
    const kind = deep ? 'deep property ' : 'property ';
    const ok = has && (deep ? deepEqual(o[prop], val) : o[prop] === val);
    if (!negate) {
      if (!has) fail(msg, 'expected ' + show(o) + ' to have ' + kind + show(prop));
      check(ok, msg, 'expected ' + show(o) + ' to have ' + kind + show(prop) + ' of ' + show(val) + ', but got ' + show(o[prop]), diff(o[prop], val));
    } else {
      check(!ok, msg, 'expected ' + show(o) + ' to not have ' + kind + show(prop) + ' of ' + show(val), diff(o[prop], val));
    }
  }

  // chai's member comparison: `ordered` compares by position; otherwise each expected member must
  // match a distinct actual member (same-members) or just any actual member (`contains`).
  function isSubset(sub, sup, eq, contains, ordered) {
    if (!contains && sub.length !== sup.length) return false;
    if (ordered) return sub.every((x, i) => eq(x, sup[i]));
    const pool = sup.slice();
    return sub.every((x) => {
      const i = pool.findIndex((y) => eq(x, y));
      if (i === -1) return false;
      if (!contains) pool.splice(i, 1);
      return true;
    });
  }

  function members(actual, expected, msg, opts) {
    for (const v of [actual, expected]) {
      if (v === null || v === undefined || typeof Object(v)[Symbol.iterator] !== 'function') {
        fail(msg, 'expected ' + show(v) + ' to be an iterable', diff(actual, expected));
      }
    }
    const a = Array.from(Object(actual));
    const e = Array.from(Object(expected));
    const eq = opts.deep ? deepEqual : (x, y) => x === y || (x !== x && y !== y);
    const ok = opts.contains ? isSubset(e, a, eq, true, opts.ordered) : isSubset(a, e, eq, false, opts.ordered);
    const what = opts.contains ? 'be a superset of' : 'have the same ' + (opts.ordered ? 'ordered ' : '') + 'members as';
    check(ok !== !!opts.negate, msg, 'expected ' + show(actual) + ' to ' + (opts.negate ? 'not ' : '') + what + ' ' + show(expected), diff(actual, expected));
  }

  function keys(o, wanted, msg, all) {
    requireNotNull(o, msg);
    const t = typeName(o);
    const actual = t === 'Map' ? Array.from(o.keys()) : t === 'Set' ? Array.from(o.values())
      : Object.keys(o).concat(Object.getOwnPropertySymbols(o).filter((s) => Object.prototype.propertyIsEnumerable.call(o, s)));
    let want = wanted;
    if (!Array.isArray(want)) want = typeName(want) === 'Object' ? Object.keys(want) : [want];
    if (!(t === 'Map' || t === 'Set')) want = want.map((k) => (typeof k === 'symbol' ? k : String(k)));
    if (!want.length) fail(msg, 'keys required');
    const has = (k) => actual.some((x) => x === k);
    const ok = want.every(has) && (!all || actual.length === want.length);
    const names = want.map((k) => show(k));
    const list = names.length > 1 ? names.slice(0, -1).join(', ') + ', and ' + names[names.length - 1] : names[0];
    check(ok, msg, 'expected ' + show(o) + ' to ' + (all ? 'have ' : 'contain ') + (names.length > 1 ? 'keys ' : 'key ') + list,
      diff(actual.slice().sort(), want.slice().sort()));
  }

  // assert.throws / doesNotThrow: (fn, errorLike?, errMsgMatcher?, message?)
  function throwsArgs(errorLike, matcher, msg) {
    if (typeof errorLike === 'string' || isTag(errorLike, 'RegExp')) return [null, errorLike, matcher];
    return [errorLike, matcher, msg];
  }
  const errText = (e) => (isTag(e, 'Error') ? String(e) : e);
  const errMessage = (e) => (typeof e === 'string' ? e : e && e.message);
  function ctorMatches(thrown, errorLike) {
    if (isTag(errorLike, 'Error')) return thrown === errorLike;
    return typeof errorLike === 'function' && thrown instanceof errorLike;
  }
  function expectedName(errorLike) {
    return isTag(errorLike, 'Error') ? String(errorLike) : errorLike.name;
  }
  function messageMatches(thrown, matcher) {
    const m = errMessage(thrown);
    return isTag(matcher, 'RegExp') ? matcher.test(m) : typeof m === 'string' && m.indexOf(matcher) !== -1;
  }

  // ---------------------------------------------------------------- the interface

  const assert = function assert(expression, message) {
    if (!expression) throw new AssertionError(message === undefined ? '' : String(message));
  };

  Object.assign(assert, {
    fail(actual, expected, message, operator) {
      if (arguments.length < 2) {
        throw new AssertionError(actual === undefined ? 'assert.fail()' : String(actual));
      }
      throw new AssertionError(message === undefined ? 'assert.fail()' : message, { actual, expected, operator });
    },

    isOk: (v, msg) => check(v, msg, 'expected ' + show(v) + ' to be truthy'),
    isNotOk: (v, msg) => check(!v, msg, 'expected ' + show(v) + ' to be falsy'),

    equal: (a, b, msg) => check(a == b, msg, 'expected ' + show(a) + ' to equal ' + show(b), diff(a, b)),
    notEqual: (a, b, msg) => check(a != b, msg, 'expected ' + show(a) + ' to not equal ' + show(b), diff(a, b)),
    strictEqual: (a, b, msg) => check(a === b, msg, 'expected ' + show(a) + ' to equal ' + show(b), diff(a, b)),
    notStrictEqual: (a, b, msg) => check(a !== b, msg, 'expected ' + show(a) + ' to not equal ' + show(b), diff(a, b)),
    deepEqual: (a, b, msg) => check(deepEqual(a, b), msg, 'expected ' + show(a) + ' to deeply equal ' + show(b), diff(a, b)),
    notDeepEqual: (a, b, msg) => check(!deepEqual(a, b), msg, 'expected ' + show(a) + ' to not deeply equal ' + show(b), diff(a, b)),

    isAbove: (v, n, msg) => compareNumbers(v, n, (x, y) => x > y, 'above', msg),
    isAtLeast: (v, n, msg) => compareNumbers(v, n, (x, y) => x >= y, 'at least', msg),
    isBelow: (v, n, msg) => compareNumbers(v, n, (x, y) => x < y, 'below', msg),
    isAtMost: (v, n, msg) => compareNumbers(v, n, (x, y) => x <= y, 'at most', msg),

    isTrue: (v, msg) => check(v === true, msg, 'expected ' + show(v) + ' to be true', diff(v, true)),
    isNotTrue: (v, msg) => check(v !== true, msg, 'expected ' + show(v) + ' to not equal true', diff(v, true)),
    isFalse: (v, msg) => check(v === false, msg, 'expected ' + show(v) + ' to be false', diff(v, false)),
    isNotFalse: (v, msg) => check(v !== false, msg, 'expected ' + show(v) + ' to not equal false', diff(v, false)),
    isNull: (v, msg) => check(v === null, msg, 'expected ' + show(v) + ' to equal null', diff(v, null)),
    isNotNull: (v, msg) => check(v !== null, msg, 'expected ' + show(v) + ' to not equal null', diff(v, null)),
    isUndefined: (v, msg) => check(v === undefined, msg, 'expected ' + show(v) + ' to equal undefined', diff(v, undefined)),
    isDefined: (v, msg) => check(v !== undefined, msg, 'expected ' + show(v) + ' to not equal undefined'),
    isNaN: (v, msg) => check(Number.isNaN(v), msg, 'expected ' + show(v) + ' to be NaN'),
    isNotNaN: (v, msg) => check(!Number.isNaN(v), msg, 'expected ' + show(v) + ' not to be NaN'),
    exists: (v, msg) => check(v !== null && v !== undefined, msg, 'expected ' + show(v) + ' to exist'),
    notExists: (v, msg) => check(v === null || v === undefined, msg, 'expected ' + show(v) + ' to not exist'),

    isFunction: (v, msg) => check(typeof v === 'function', msg, 'expected ' + show(v) + ' to be a callable function'),
    isNotFunction: (v, msg) => check(typeof v !== 'function', msg, 'expected ' + show(v) + ' not to be a callable function'),

    typeOf: (v, type, msg) => check(typeName(v).toLowerCase() === String(type).toLowerCase(), msg,
      'expected ' + show(v) + ' to be ' + article(type) + type),
    notTypeOf: (v, type, msg) => check(typeName(v).toLowerCase() !== String(type).toLowerCase(), msg,
      'expected ' + show(v) + ' not to be ' + article(type) + type),

    instanceOf: (v, C, msg) => check(v instanceof C, msg, 'expected ' + show(v) + ' to be an instance of ' + ((C && C.name) || '')),
    notInstanceOf: (v, C, msg) => check(!(v instanceof C), msg, 'expected ' + show(v) + ' to not be an instance of ' + ((C && C.name) || '')),

    include: (hay, needle, msg) => include(hay, needle, msg, {}),
    notInclude: (hay, needle, msg) => include(hay, needle, msg, { negate: true }),
    deepInclude: (hay, needle, msg) => include(hay, needle, msg, { deep: true }),
    notDeepInclude: (hay, needle, msg) => include(hay, needle, msg, { deep: true, negate: true }),
    nestedInclude: (hay, needle, msg) => include(hay, needle, msg, { nested: true }),
    notNestedInclude: (hay, needle, msg) => include(hay, needle, msg, { nested: true, negate: true }),
    deepNestedInclude: (hay, needle, msg) => include(hay, needle, msg, { nested: true, deep: true }),

    match(v, re, msg) {
      // Like chai, test with `exec`, so a /g regex's lastIndex behaves exactly the same.
      check(re.exec(v), msg, 'expected ' + show(v) + ' to match ' + show(re));
    },
    notMatch(v, re, msg) {
      check(!re.exec(v), msg, 'expected ' + show(v) + ' not to match ' + show(re));
    },

    property(o, prop, msg) {
      requireNotNull(o, msg);
      check(hasProperty(o, prop), msg, 'expected ' + show(o) + ' to have property ' + show(prop));
    },
    notProperty(o, prop, msg) {
      requireNotNull(o, msg);
      check(!hasProperty(o, prop), msg, 'expected ' + show(o) + ' to not have property ' + show(prop));
    },
    propertyVal: (o, p, v, msg) => propertyVal(o, p, v, msg, false, false),
    notPropertyVal: (o, p, v, msg) => propertyVal(o, p, v, msg, false, true),
    deepPropertyVal: (o, p, v, msg) => propertyVal(o, p, v, msg, true, false),
    notDeepPropertyVal: (o, p, v, msg) => propertyVal(o, p, v, msg, true, true),

    lengthOf(o, n, msg) {
      requireNotNull(o, msg);
      const t = typeName(o);
      if (t === 'Map' || t === 'Set') {
        return check(o.size == n, msg, 'expected ' + show(o) + ' to have a size of ' + show(n) + ' but got ' + show(o.size), diff(o.size, n));
      }
      if (!hasProperty(o, 'length')) fail(msg, 'expected ' + show(o) + " to have property 'length'");
      check(o.length == n, msg, 'expected ' + show(o) + ' to have a length of ' + show(n) + ' but got ' + show(o.length), diff(o.length, n));
    },

    isEmpty: (v, msg) => emptiness(v, msg, false),
    isNotEmpty: (v, msg) => emptiness(v, msg, true),

    approximately(v, expected, delta, msg) {
      for (const x of [v, expected, delta]) {
        if (typeName(x).toLowerCase() !== 'number') fail(msg, 'expected ' + show(x) + ' to be numeric', diff(v, expected));
      }
      const abs = (x) => (x < 0 ? -x : x);
      check(abs(v - expected) <= delta, msg, 'expected ' + show(v) + ' to be close to ' + show(expected) + ' +/- ' + show(delta));
    },

    oneOf(v, list, msg) {
      if (!Array.isArray(list)) fail(msg, 'expected ' + show(list) + ' to be an array');
      check(list.indexOf(v) !== -1, msg, 'expected ' + show(v) + ' to be one of ' + show(list), diff(v, list));
    },

    sameMembers: (a, e, msg) => members(a, e, msg, {}),
    notSameMembers: (a, e, msg) => members(a, e, msg, { negate: true }),
    sameDeepMembers: (a, e, msg) => members(a, e, msg, { deep: true }),
    notSameDeepMembers: (a, e, msg) => members(a, e, msg, { deep: true, negate: true }),
    sameOrderedMembers: (a, e, msg) => members(a, e, msg, { ordered: true }),
    notSameOrderedMembers: (a, e, msg) => members(a, e, msg, { ordered: true, negate: true }),
    sameDeepOrderedMembers: (a, e, msg) => members(a, e, msg, { ordered: true, deep: true }),
    notSameDeepOrderedMembers: (a, e, msg) => members(a, e, msg, { ordered: true, deep: true, negate: true }),
    includeMembers: (a, e, msg) => members(a, e, msg, { contains: true }),
    notIncludeMembers: (a, e, msg) => members(a, e, msg, { contains: true, negate: true }),
    includeDeepMembers: (a, e, msg) => members(a, e, msg, { contains: true, deep: true }),
    notIncludeDeepMembers: (a, e, msg) => members(a, e, msg, { contains: true, deep: true, negate: true }),
    includeOrderedMembers: (a, e, msg) => members(a, e, msg, { contains: true, ordered: true }),

    hasAllKeys: (o, k, msg) => keys(o, k, msg, true),
    containsAllKeys: (o, k, msg) => keys(o, k, msg, false),

    throws(fn, errorLike, matcher, msg) {
      [errorLike, matcher, msg] = throwsArgs(errorLike, matcher, msg);
      if (typeof fn !== 'function') fail(msg, 'expected ' + show(fn) + ' to be a function');
      let thrown;
      let threw = false;
      try {
        fn();
      } catch (e) {
        threw = true;
        thrown = e;
      }
      const f = show(fn);
      if (!threw) {
        const what = errorLike ? expectedName(errorLike) : 'an error';
        fail(msg, 'expected ' + f + ' to throw ' + what, diff(undefined, errorLike || matcher));
      }
      if (errorLike && !ctorMatches(thrown, errorLike)) {
        fail(msg, 'expected ' + f + ' to throw ' + show(expectedName(errorLike)) + ' but ' + show(errText(thrown)) + ' was thrown',
          diff(errText(thrown), expectedName(errorLike)));
      }
      if (matcher !== undefined && matcher !== null && !messageMatches(thrown, matcher)) {
        const how = isTag(matcher, 'RegExp') ? 'matching ' : 'including ';
        fail(msg, 'expected ' + f + ' to throw error ' + how + show(matcher) + ' but got ' + show(errMessage(thrown)),
          diff(errMessage(thrown), matcher));
      }
      return thrown;
    },

    doesNotThrow(fn, errorLike, matcher, msg) {
      [errorLike, matcher, msg] = throwsArgs(errorLike, matcher, msg);
      if (typeof fn !== 'function') fail(msg, 'expected ' + show(fn) + ' to be a function');
      try {
        fn();
      } catch (thrown) {
        const f = show(fn);
        const hasMatcher = matcher !== undefined && matcher !== null;
        // chai only complains about an error that fits what was described (if anything was).
        if (!errorLike && !hasMatcher) {
          fail(msg, 'expected ' + f + ' to not throw an error but ' + show(errText(thrown)) + ' was thrown', diff(thrown, undefined));
        }
        if (errorLike && ctorMatches(thrown, errorLike) && (!hasMatcher || messageMatches(thrown, matcher))) {
          fail(msg, 'expected ' + f + ' to not throw ' + show(expectedName(errorLike)) + ' but ' + show(errText(thrown)) + ' was thrown',
            diff(thrown, errorLike));
        }
        if (!errorLike && messageMatches(thrown, matcher)) {
          const how = isTag(matcher, 'RegExp') ? 'not matching ' : 'not including ';
          fail(msg, 'expected ' + f + ' to throw error ' + how + show(matcher), diff(errMessage(thrown), matcher));
        }
      }
    },

    isFrozen: (o, msg) => check(Object.isFrozen(o), msg, 'expected ' + show(o) + ' to be frozen'),
    isNotFrozen: (o, msg) => check(!Object.isFrozen(o), msg, 'expected ' + show(o) + ' to not be frozen'),
    isSealed: (o, msg) => check(Object.isSealed(o), msg, 'expected ' + show(o) + ' to be sealed'),
    isNotSealed: (o, msg) => check(!Object.isSealed(o), msg, 'expected ' + show(o) + ' to not be sealed'),
    isExtensible: (o, msg) => check(Object.isExtensible(o), msg, 'expected ' + show(o) + ' to be extensible'),
    isNotExtensible: (o, msg) => check(!Object.isExtensible(o), msg, 'expected ' + show(o) + ' to not be extensible'),
  });

  function emptiness(v, msg, negate) {
    const t = typeName(v);
    let size;
    if (typeof v === 'string' || Array.isArray(v)) size = v.length;
    else if (t === 'Map' || t === 'Set') size = v.size;
    else if (t === 'WeakMap' || t === 'WeakSet') fail(msg, '.empty was passed a weak collection');
    else if (typeof v === 'function') fail(msg, '.empty was passed a function' + (v.name ? ' ' + v.name : ''));
    else if (v === null || typeof v !== 'object') fail(msg, '.empty was passed non-string primitive ' + show(v));
    else size = Object.keys(v).length;
    check((size === 0) !== negate, msg, 'expected ' + show(v) + (negate ? ' not to be empty' : ' to be empty'));
  }

  // Type checks: isString / isNotString, isNumber, isBoolean, isObject, isArray.
  const typeChecks = { String: 'string', Number: 'number', Boolean: 'boolean', Object: 'object', Array: 'array' };
  Object.keys(typeChecks).forEach((name) => {
    const type = typeChecks[name];
    const is = (v) => (type === 'array' ? Array.isArray(v) : type === 'object' ? typeName(v) === 'Object' : typeName(v).toLowerCase() === type);
    const what = article(type) + type;
    assert['is' + name] = (v, msg) => check(is(v), msg, 'expected ' + show(v) + ' to be ' + what);
    assert['isNot' + name] = (v, msg) => check(!is(v), msg, 'expected ' + show(v) + ' not to be ' + what);
  });

  // chai's aliases.
  assert.ok = assert.isOk;
  assert.notOk = assert.isNotOk;
  assert.deepStrictEqual = assert.deepEqual;
  assert.notEmpty = assert.isNotEmpty;
  assert.closeTo = assert.approximately;
  assert.throw = assert.throws;
  assert.Throw = assert.throws;
  assert.includeDeepOrderedMembers = (a, e, msg) => members(a, e, msg, { contains: true, ordered: true, deep: true });
  assert.frozen = assert.isFrozen;

  // Exposed for tests and for the runner's own messages.
  assert.AssertionError = AssertionError;
  Object.defineProperty(assert, 'inspect', { value: inspect, enumerable: false });

  global.assert = assert;
  global.AssertionError = AssertionError;
})(globalThis);
