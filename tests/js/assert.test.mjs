// Differential tests for crates/hints/src/js/assert.js against chai's `assert` (chai 6, a devDependency).
//
// assert.js is loaded as the classic script it is (the same file the embedded engine and lesson
// pages load) into a fresh `vm` context. Every case runs through chai and through ours: both must
// pass, or both must throw an AssertionError. For failing cases the messages must be identical too,
// except for the few cases marked `msgDiffers` (each with the reason).
//
// Run: node --test tests/js/
import { test } from 'node:test';
import nodeAssert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';

const { assert: chaiAssert } = await import(new URL('../../node_modules/chai/index.js', import.meta.url));

const source = fs.readFileSync(new URL('../../crates/hints/src/js/assert.js', import.meta.url), 'utf8');
function load() {
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: 'assert.js' });
  return context;
}
const ours = load();

// The case table is shared with the QuickJS run of the same cases (tests/assert_quickjs.rs).
vm.runInThisContext(fs.readFileSync(new URL('./assert-cases.js', import.meta.url), 'utf8'), { filename: 'assert-cases.js' });
const { cases, msgDiffers, runCase: run, values } = globalThis.assertCases;
const { Foo, MyError, throwType, throwPlain, throwString, noThrow, sharedErr, throwShared, circA, circB, frozen, longCode } = values;

const label = (method, args) => `${method || 'assert'}(${args.map((a) => ours.assert.inspect(a)).join(', ')})`;

let total = 0;
for (const [method, { pass, fail }] of Object.entries(cases)) {
  test(`assert.${method || '(callable)'}`, () => {
    if (method !== 'fail') nodeAssert.ok(pass.length >= 3, `${method}: at least 3 passing cases`);
    nodeAssert.ok(fail.length >= 2, `${method}: at least 2 failing cases`);
    for (const args of pass) {
      total++;
      const c = run(chaiAssert, method, args);
      nodeAssert.equal(c, null, `chai itself should pass ${label(method, args)}: ${c && c.message}`);
      const o = run(ours.assert, method, args);
      nodeAssert.equal(o, null, `ours should pass ${label(method, args)}: ${o && o.message}`);
    }
    for (const args of fail) {
      total++;
      const c = run(chaiAssert, method, args);
      nodeAssert.ok(c && c.name === 'AssertionError', `chai itself should fail ${label(method, args)}`);
      const o = run(ours.assert, method, args);
      nodeAssert.ok(o && !o.missing, `ours should fail ${label(method, args)}`);
      nodeAssert.equal(o.name, 'AssertionError', `ours should throw an AssertionError for ${label(method, args)}`);
      const key = `${method}:${fail.indexOf(args)}`;
      if (!(key in msgDiffers)) nodeAssert.equal(o.message, c.message, `message of ${label(method, args)}`);
    }
  });
}

test('every method in the issue list is covered', () => {
  const issueList = `match, equal, strictEqual, exists, isTrue, lengthOf, deepEqual, notMatch, isNotNull, isNotEmpty,
    isFunction, include, isFalse, isAtLeast, property, isAbove, isEmpty, notEmpty, isString, isObject, isArray,
    isDefined, notEqual, isNumber, oneOf, isBelow, propertyVal, deepInclude, notExists, approximately, isUndefined,
    sameMembers, notStrictEqual, deepStrictEqual, fail, notInclude, isNull, instanceOf, isAtMost, typeOf,
    containsAllKeys, isBoolean, throws, sameDeepMembers, notProperty, doesNotThrow, isOk, isNotOk, ok, isNotNaN, isNaN,
    isNotTrue, sameOrderedMembers, sameDeepOrderedMembers, hasAllKeys, notDeepEqual, includeMembers, nestedInclude,
    closeTo, deepPropertyVal, includeDeepMembers, isFrozen`.split(/[\s,]+/).filter(Boolean);
  for (const m of issueList) {
    nodeAssert.equal(typeof ours.assert[m], 'function', `assert.${m} exists`);
    nodeAssert.ok(cases[m], `assert.${m} has differential cases`);
  }
  nodeAssert.ok(total > 300, `ran ${total} cases`);
  console.log(`differential table: ${total} cases over ${Object.keys(cases).length} methods`);
});

test('AssertionError shape', () => {
  const { assert, AssertionError } = ours;
  let err;
  try { assert.strictEqual(1, 2, 'numbers'); } catch (e) { err = e; }
  nodeAssert.ok(err instanceof AssertionError);
  nodeAssert.ok(err instanceof vm.runInContext('Error', ours));
  nodeAssert.equal(err.name, 'AssertionError');
  nodeAssert.equal(err.message, 'numbers: expected 1 to equal 2');
  nodeAssert.equal(err.actual, 1);
  nodeAssert.equal(err.expected, 2);
  nodeAssert.equal(err.showDiff, true);
  nodeAssert.equal(assert.AssertionError, AssertionError);
});

test('throws returns the thrown error, like chai', () => {
  const e = ours.assert.throws(throwType, TypeError);
  nodeAssert.equal(e.message, 'bad type');
});

test('match uses exec, so a shared /g regex alternates like in chai', () => {
  const outcomes = (impl) => {
    const pattern = /a/g;
    const results = [];
    for (let i = 0; i < 3; i++) {
      try { impl.match('a', pattern); results.push(true); } catch { results.push(false); }
    }
    return results;
  };
  nodeAssert.deepEqual(outcomes(chaiAssert), [true, false, true]);
  nodeAssert.deepEqual(outcomes(ours.assert), [true, false, true]);
});

test('long values are shortened in messages like chai', () => {
  const values = ['x'.repeat(100), 'x'.repeat(38), 'x'.repeat(39), { a: 'x'.repeat(100) }, ['x'.repeat(100)],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], Array.from({ length: 30 }, (_, i) => i),
    { aaaaaaaaaa: 1, bbbbbbbbbbb: 2, ccccccccccc: 3, ddd: 4 }, { alpha: 1, beta: 2, gamma: 3, delta: 4, epsilon: 5 }];
  for (const v of values) {
    nodeAssert.equal(run(ours.assert, 'equal', [v, 'Q']).message, run(chaiAssert, 'equal', [v, 'Q']).message);
  }
});

test('values are shown like chai shows them', () => {
  function args() { return arguments; }
  const values = [0, -0, NaN, -Infinity, 1e21, 10n, Symbol('s'), undefined, null, true, 'a\nb', "it's", 'say "hi"',
    [], {}, [undefined, null], [1, , 3], { '1': 1, a_b: 2, $c: 3, 'd e': 4 }, { [Symbol('k')]: 1 }, new Foo(),
    function named() {}, () => 1, class Klass {}, /a.b/gi, new Date(0), new Map([[1, { a: 1 }]]), new Set([1, 'a']),
    new Map(), new Set(), new Error('boom'), new RangeError('r'), new Uint8Array(2), new WeakMap(), Promise.resolve(),
    new Number(1), new String('s'), { f() {} }, { a: { b: { c: { d: 1 } } } }, args()];
  for (const v of values) {
    nodeAssert.equal(run(ours.assert, 'equal', [v, 'Q']).message, run(chaiAssert, 'equal', [v, 'Q']).message);
  }
});

test('works as a classic script in a context with nothing but the language', () => {
  // Mirrors QuickJS: no console, no process, no require; `globalThis` only.
  const ctx = vm.createContext(Object.create(null));
  vm.runInContext(source, ctx);
  const out = vm.runInContext(`
    let msg = '';
    try { assert.match('abc', /x/); } catch (e) { msg = e.message; }
    [typeof assert, typeof AssertionError, msg].join('|');
  `, ctx);
  nodeAssert.equal(out, "function|function|expected 'abc' to match /x/");
});

test('pairwise parity with chai over a pool of values', () => {
  // Every method below is called with every (actual, expected) pair from a pool of ~40 values:
  // pass/fail must agree everywhere; messages must agree except on chai's argument-validation
  // paths, where chai itself prints oddities (e.g. "expected  to be a number or a date" for an
  // array) or validates differently (closeTo with a missing `expected`, object keys on a Map).
  const pool = () => [0, -0, 1, '1', '', 'a', NaN, null, undefined, true, false, [], [1], [1, 2], [[1]], {}, { a: 1 },
    { a: 1, b: 2 }, { a: { b: 1 } }, new Foo(), new Date(0), new Date(1), /a/, /a/g, new Map(), new Map([[1, 2]]),
    new Set(), new Set([1]), new Set([[1]]), new Error('x'), [undefined], { a: undefined }, Symbol.for('s'),
    new String('a'), new Number(1), new Uint8Array([1])];
  const methods = ['deepEqual', 'notDeepEqual', 'equal', 'notEqual', 'strictEqual', 'include', 'notInclude', 'deepInclude',
    'sameMembers', 'sameDeepMembers', 'includeMembers', 'lengthOf', 'property', 'isAbove', 'isAtLeast', 'oneOf', 'typeOf',
    'hasAllKeys', 'containsAllKeys', 'propertyVal', 'deepPropertyVal', 'approximately'];
  const messageExempt = new Set(['isAbove', 'isAtLeast', 'hasAllKeys', 'containsAllKeys', 'approximately']);
  const outcome = (impl, m, args) => {
    try { impl[m](...args); return 'PASS'; } catch (e) { return e.name === 'AssertionError' ? e.message : 'OTHER'; }
  };
  const A = pool();
  const B = pool();
  let compared = 0;
  for (const m of methods) {
    for (const a of A) {
      for (const b of B) {
        const args = m === 'approximately' ? [a, b, 0.5]
          : m === 'propertyVal' || m === 'deepPropertyVal' ? [a, 'a', b]
            : m === 'property' || m === 'typeOf' ? [a, typeof b === 'string' ? b : typeof b] : [a, b];
        const c = outcome(chaiAssert, m, args);
        if (c === 'OTHER') continue; // chai crashed with a TypeError: no behaviour to match
        const o = outcome(ours.assert, m, args);
        compared++;
        nodeAssert.equal(o === 'PASS', c === 'PASS', `${label(m, args)}: chai ${c}, ours ${o}`);
        if (!messageExempt.has(m)) nodeAssert.equal(o, c, `message of ${label(m, args)}`);
      }
    }
  }
  nodeAssert.ok(compared > 25000, `compared ${compared} calls`);
});
