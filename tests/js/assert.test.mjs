// Differential tests for src/hints/js/assert.js against chai's `assert` (chai 6, a devDependency).
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

const source = fs.readFileSync(new URL('../../src/hints/js/assert.js', import.meta.url), 'utf8');
function load() {
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: 'assert.js' });
  return context;
}
const ours = load();

class Foo { constructor() { this.a = 1; } }
class MyError extends Error {}
const throwType = () => { throw new TypeError('bad type'); };
const throwPlain = () => { throw new Error('plain boom'); };
const throwString = () => { throw 'just a string'; };
const noThrow = () => 42;
const sharedErr = new RangeError('shared');
const throwShared = () => { throw sharedErr; };
const circA = { name: 'x' }; circA.self = circA;
const circB = { name: 'x' }; circB.self = circB;
const frozen = Object.freeze({ a: 1 });
const longCode = 'function add(a, b) {\n  return a + b;\n}\nconsole.log(add(1, 2));';

// method: { pass: [[args…]], fail: [[args…]] }. Each args list may end with a message string.
const cases = {
  // chai's callable `assert(expr, msg)` is tested under the name ''.
  '': { pass: [[true], [1], ['x', 'msg']], fail: [[false], [0, 'zero is falsy'], [null]] },
  fail: { pass: [], fail: [[], ['boom'], [1, 2, 'custom'], [1, 2, 'm', '>']] },
  ok: { pass: [[1], ['a'], [{}], [[]]], fail: [[0], [''], [null, 'msg'], [NaN]] },
  isOk: { pass: [[1], [true], [-1]], fail: [[0], [undefined], [false, 'm']] },
  isNotOk: { pass: [[0], [''], [null]], fail: [[1], ['a'], [{}, 'm']] },
  equal: {
    pass: [[1, 1], ['1', 1], [null, undefined], [0, false], ['a', 'a']],
    fail: [[2, 3], ['a', 'b'], [{ a: 1 }, { a: 1 }], [1, 2, 'custom message'], [NaN, NaN], ['it\'s', 'x'], [[1, 2], [1, 2]]],
  },
  notEqual: { pass: [[1, 2], [{}, {}], ['a', 'b']], fail: [[1, '1'], [null, undefined], [2, 2, 'm']] },
  strictEqual: {
    pass: [[1, 1], ['a', 'a'], [null, null], [frozen, frozen]],
    fail: [['1', 1], [{}, {}], [NaN, NaN], [0, false, 'msg'], [-0, 1], [longCode, 'x']],
  },
  notStrictEqual: { pass: [['1', 1], [{}, {}], [null, undefined]], fail: [[1, 1], ['a', 'a', 'm'], [frozen, frozen]] },
  deepEqual: {
    pass: [
      [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }], [[1, 2], [1, 2]], [NaN, NaN], [new Date(5), new Date(5)],
      [/a/g, /a/g], [new Map([[1, 'a'], [2, 'b']]), new Map([[2, 'b'], [1, 'a']])], [new Set([1, 2]), new Set([2, 1])],
      [new Foo(), { a: 1 }], [circA, circB], [{ a: 1, b: 2 }, { b: 2, a: 1 }], [new Error('x'), new Error('x')],
      [new Map([[{ k: 1 }, [1]]]), new Map([[{ k: 1 }, [1]]])], [Object.create(null), {}], [[, 1], [undefined, 1]],
    ],
    fail: [
      [{ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }], [-0, 0], [[1], { 0: 1 }], [/a/g, /a/i], [{ a: undefined }, {}],
      [new Set([1]), new Set([2])], [new Error('x'), new Error('y')], [new TypeError('x'), new Error('x')],
      ['1', 1], [new Date(1), new Date(2), 'dates'], [[1, 2, 3], [1, 2]],
    ],
  },
  deepStrictEqual: { pass: [[{ a: 1 }, { a: 1 }], [[], []], [1, 1]], fail: [[{ a: 1 }, { a: 2 }], [[1], [2]], ['a', 'b', 'm']] },
  notDeepEqual: { pass: [[{ a: 1 }, { a: 2 }], [[1], [1, 2]], [-0, 0]], fail: [[{ a: 1 }, { a: 1 }], [[1], [1]], [NaN, NaN, 'm']] },
  isAbove: {
    pass: [[2, 1], [0.5, 0], [new Date(6), new Date(5)], [2n, 1n]],
    fail: [[1, 2], [1, 1], [1, 2, 'M'], ['1', 0], [1, '0'], [new Date(5), new Date(6)], [new Date(5), 6]],
  },
  isAtLeast: { pass: [[2, 1], [1, 1], [new Date(5), new Date(5)]], fail: [[1, 2], [-1, 0, 'm'], [null, 0]] },
  isBelow: { pass: [[1, 2], [-5, 0], [new Date(5), new Date(6)]], fail: [[3, 2], [2, 2], ['1', 2, 'm']] },
  isAtMost: { pass: [[1, 2], [2, 2], [-Infinity, 0]], fail: [[3, 2], [Infinity, 0, 'm'], [undefined, 1]] },
  isTrue: { pass: [[true], [1 === 1], [!0]], fail: [[1], [false], ['true'], [false, 'custom']] },
  isNotTrue: { pass: [[false], [1], ['true']], fail: [[true], [true, 'm']] },
  isFalse: { pass: [[false], [1 === 2], [!1]], fail: [[0], [true], ['', 'm']] },
  isNotFalse: { pass: [[true], [0], ['']], fail: [[false], [false, 'm']] },
  isNull: { pass: [[null], [JSON.parse('null')], [[].find(() => 0) ?? null]], fail: [[1], [undefined], [0, 'm']] },
  isNotNull: { pass: [[1], [undefined], [0]], fail: [[null], [null, 'm']] },
  isUndefined: { pass: [[undefined], [[][0]], [({}).x]], fail: [[null], [1], ['', 'm']] },
  isDefined: { pass: [[null], [0], ['']], fail: [[undefined], [undefined, 'm']] },
  isNaN: { pass: [[NaN], [0 / 0], [Number('x')]], fail: [[1], ['a'], [undefined, 'm']] },
  isNotNaN: { pass: [[1], ['a'], [Infinity]], fail: [[NaN], [NaN, 'm']] },
  exists: { pass: [[0], [''], [false], [{}]], fail: [[null], [undefined], [null, 'M']] },
  notExists: { pass: [[null], [undefined], [undefined, 'm']], fail: [[1], [0], ['', 'm']] },
  isFunction: {
    pass: [[() => 1], [function named() {}], [async () => 1], [class A {}], [function* gen() {}]],
    fail: [[{}], [1, 'M'], [null], ['function']],
  },
  isNotFunction: { pass: [[{}], [1], ['f']], fail: [[() => 1], [Math.max, 'm']] },
  isObject: {
    pass: [[{}], [new Foo()], [Object.create(null)], [{ a: [1] }]],
    fail: [[null], [[]], [new Date(0)], [() => 1], ['obj', 'm']],
  },
  isNotObject: { pass: [[null], [[]], [1]], fail: [[{}], [{ a: 1 }, 'm']] },
  isArray: { pass: [[[]], [[1, 2]], [Array.from('ab')]], fail: [[{}], ['ab'], [{ length: 0 }, 'm']] },
  isNotArray: { pass: [[{}], ['a'], [null]], fail: [[[]], [[1], 'm']] },
  isString: { pass: [['a'], [''], [String(1)]], fail: [[1], [['a']], [null, 'M'], [{ a: 1 }]] },
  isNotString: { pass: [[1], [null], [['a']]], fail: [['a'], ['', 'm']] },
  isNumber: { pass: [[1], [NaN], [Infinity]], fail: [['1'], [null], [1n, 'm']] },
  isNotNumber: { pass: [['1'], [null], [1n]], fail: [[1], [NaN, 'm']] },
  isBoolean: { pass: [[true], [false], [!!1]], fail: [[1], ['true'], [null, 'm']] },
  isNotBoolean: { pass: [[1], ['true'], [null]], fail: [[true], [false, 'm']] },
  typeOf: {
    pass: [[1, 'number'], ['a', 'string'], [null, 'null'], [new Date(), 'date'], [/a/, 'regexp'], [new Map(), 'map'], [[], 'array']],
    fail: [[1, 'string'], [[], 'object'], [null, 'object', 'm'], [undefined, 'null']],
  },
  notTypeOf: { pass: [[1, 'string'], [[], 'object'], [null, 'undefined']], fail: [[1, 'number'], ['a', 'string', 'm']] },
  instanceOf: {
    pass: [[new Foo(), Foo], [new MyError('x'), Error], [[], Array], [new Date(), Date]],
    fail: [[1, Error], [{}, MyError], [{ a: 1 }, Foo, 'm']],
  },
  notInstanceOf: { pass: [[1, Error], [{}, Foo], [[], Map]], fail: [[new Foo(), Foo], [[], Object, 'm']] },
  include: {
    pass: [
      ['abc', 'b'], [[1, 2], 2], [{ a: 1, b: 2 }, { a: 1 }], [new Set([1]), 1], [new Map([[1, 2]]), 2], ['abc', ''],
      [new Set([NaN]), NaN], [{ a: 1, b: 2 }, { a: 1, b: 2 }],
    ],
    fail: [
      ['abc', 'x'], [[1, 2], 3], [{ a: 1 }, { a: 2 }], [{ a: 1 }, { b: 1 }], [[{ a: 1 }], { a: 1 }], ['abc', 'x', 'M'],
      [new Set([1]), 2], [5, 1], [null, 1], [{ a: 1 }, 'a'], [[NaN], NaN],
    ],
  },
  notInclude: {
    pass: [['abc', 'x'], [[1, 2], 3], [{ a: 1 }, { a: 2 }], [[{ a: 1 }], { a: 1 }], [{ a: 1, b: 2 }, { a: 1, b: 3 }]],
    fail: [['abc', 'b'], [[1], 1], [{ a: 1 }, { a: 1 }], ['abc', 'a', 'm']],
  },
  deepInclude: {
    pass: [[[{ a: 1 }], { a: 1 }], [{ a: { b: 1 } }, { a: { b: 1 } }], ['abc', 'bc'], [new Set([[1]]), [1]]],
    fail: [[[{ a: 1 }], { a: 2 }], [{ a: { b: 1 } }, { a: { b: 2 } }], [[[1]], [2], 'm']],
  },
  notDeepInclude: { pass: [[[{ a: 1 }], { a: 2 }], ['abc', 'x'], [{ a: { b: 1 } }, { a: { b: 2 } }]], fail: [[[{ a: 1 }], { a: 1 }], [[[1]], [1], 'm']] },
  nestedInclude: {
    pass: [[{ a: { b: [1] } }, { 'a.b[0]': 1 }], [{ '.a': { '[b]': 1 } }, { '\\.a.\\[b\\]': 1 }], [{ a: { b: 'x' } }, { 'a.b': 'x' }], [{ a: [{ c: 3 }] }, { 'a[0].c': 3 }]],
    fail: [[{ a: { b: [1] } }, { 'a.b[0]': 2 }], [{ a: 1 }, { b: 1 }], [{ a: { b: {} } }, { 'a.b': {} }, 'm']],
  },
  notNestedInclude: { pass: [[{ a: { b: 1 } }, { 'a.b': 2 }], [{ a: 1 }, { 'a.c': 1 }], [{ a: { b: {} } }, { 'a.b': {} }]], fail: [[{ a: { b: 1 } }, { 'a.b': 1 }], [{ a: [1] }, { 'a[0]': 1 }, 'm']] },
  match: {
    pass: [['abc', /b/], ['ABC', /abc/i], ['a\nb', /^b$/m], [1, /1/], ['aaa', /a/g], [null, /null/]],
    fail: [['abc', /x/], ['abc', /B/], ['abc', /x/, 'custom'], ['a\nb', /^b$/], [longCode, /subtract/], ['', /./g]],
  },
  notMatch: {
    pass: [['abc', /x/], ['abc', /B/], ['a\nb', /^b$/]],
    fail: [['abc', /b/gi], ['abc', /a/, 'm'], ['x y', /\s/]],
  },
  property: {
    pass: [[{ a: 1 }, 'a'], [{ a: undefined }, 'a'], ['abc', 'length'], [new Foo(), 'constructor'], [[1], '0']],
    fail: [[{ a: 1 }, 'b'], [{}, 'a', 'M'], [[], 'x'], [null, 'a'], [{ a: { b: 1 } }, 'b']],
  },
  notProperty: { pass: [[{ a: 1 }, 'b'], [{}, 'x'], [[], 'x']], fail: [[{ a: 1 }, 'a'], ['abc', 'length', 'm']] },
  propertyVal: {
    pass: [[{ a: 1 }, 'a', 1], [{ a: 'x' }, 'a', 'x'], [[5], '0', 5]],
    fail: [[{ a: 1 }, 'a', 2], [{ a: 1 }, 'b', 2], [{ a: { b: 1 } }, 'a', { b: 1 }, 'm']],
  },
  notPropertyVal: { pass: [[{ a: 1 }, 'a', 2], [{ a: 1 }, 'b', 1], [{ a: {} }, 'a', {}]], fail: [[{ a: 1 }, 'a', 1], [{ a: 'x' }, 'a', 'x', 'm']] },
  deepPropertyVal: {
    pass: [[{ a: { b: 1 } }, 'a', { b: 1 }], [{ a: [1] }, 'a', [1]], [{ a: 1 }, 'a', 1]],
    fail: [[{ a: { b: 1 } }, 'a', { b: 2 }], [{ a: 1 }, 'b', 1], [{ a: [1] }, 'a', [2], 'm']],
  },
  notDeepPropertyVal: { pass: [[{ a: { b: 1 } }, 'a', { b: 2 }], [{ a: 1 }, 'b', 1], [{ a: [1] }, 'a', [2]]], fail: [[{ a: { b: 1 } }, 'a', { b: 1 }], [{ a: [1] }, 'a', [1], 'm']] },
  lengthOf: {
    pass: [[[1, 2], 2], ['abc', 3], [new Map([[1, 2]]), 1], [new Set([1, 2]), 2], [{ length: 2 }, 2], [[], 0]],
    fail: [[[1, 2], 3], ['abc', 2], ['ab', 3, 'M'], [new Map([[1, 2]]), 2], [new Set([1]), 2], [5, 1], [null, 1], [longCode, 3]],
  },
  isEmpty: {
    pass: [[[]], [''], [{}], [new Map()], [new Set()]],
    fail: [[[1]], ['a'], [{ a: 1 }], [new Map([[1, 1]])], [5], [null], [() => 1], [new WeakMap()], [' ', 'm']],
  },
  isNotEmpty: { pass: [[[1]], ['a'], [{ a: 1 }], [new Set([1])]], fail: [[[]], [''], [{}, 'm'], [5]] },
  notEmpty: { pass: [[[1]], ['a'], [{ a: 1 }]], fail: [[{}], [[]], ['', 'm']] },
  approximately: {
    pass: [[1, 1.4, 0.5], [10, 9, 1], [Math.PI, 3.1416, 0.0001], [-1, -1, 0]],
    fail: [[1, 2, 0.5], [10, 12, 1, 'm'], ['1', 1, 1], [1, '1', 1]],
  },
  closeTo: { pass: [[1, 1.4, 0.5], [0.1 + 0.2, 0.3, 1e-9], [5, 5, 0]], fail: [[1, 3, 1], [1, 1.5, 0.4, 'm']] },
  oneOf: {
    pass: [[1, [1, 2]], ['a', ['b', 'a']], [null, [null]]],
    fail: [[1, [2, 3]], [{ a: 1 }, [{ a: 1 }]], [1, 2], ['x', ['y'], 'm']],
  },
  sameMembers: {
    pass: [[[1, 2], [2, 1]], [[], []], [['a', 'b', 'a'], ['a', 'a', 'b']], [new Set([1, 2]), [2, 1]]],
    fail: [[[1, 2], [1, 3]], [[1, 1, 2], [1, 2, 2]], [[{ a: 1 }], [{ a: 1 }]], [[1], [1, 1], 'm'], [1, [1]]],
  },
  notSameMembers: { pass: [[[1, 2], [1, 3]], [[{ a: 1 }], [{ a: 1 }]], [[1], [1, 1]]], fail: [[[1, 2], [2, 1]], [[], [], 'm']] },
  sameDeepMembers: {
    pass: [[[{ a: 1 }, { b: 2 }], [{ b: 2 }, { a: 1 }]], [[[1]], [[1]]], [[1, 2], [2, 1]]],
    fail: [[[{ a: 1 }], [{ a: 2 }]], [[{ a: 1 }], [{ a: 1 }, { a: 1 }]], [[[1]], [[2]], 'm']],
  },
  sameOrderedMembers: {
    pass: [[[1, 2], [1, 2]], [[], []], [['a'], ['a']]],
    fail: [[[1, 2], [2, 1]], [[1, 2], [1, 2, 3]], [[{ a: 1 }], [{ a: 1 }], 'm']],
  },
  sameDeepOrderedMembers: {
    pass: [[[{ a: 1 }, { b: 2 }], [{ a: 1 }, { b: 2 }]], [[[1]], [[1]]], [[1], [1]]],
    fail: [[[{ a: 1 }], [{ a: 2 }]], [[{ a: 1 }, { b: 2 }], [{ b: 2 }, { a: 1 }]], [[1], [], 'm']],
  },
  includeMembers: {
    pass: [[[1, 2, 3], [2, 1]], [[1, 2], []], [[1, 2], [1, 1]]],
    fail: [[[1, 2], [3]], [[{ a: 1 }], [{ a: 1 }]], [[1], [1, 2], 'm']],
  },
  notIncludeMembers: { pass: [[[1, 2], [3]], [[{ a: 1 }], [{ a: 1 }]], [[1], [1, 2]]], fail: [[[1, 2], [1]], [[1, 2], [], 'm']] },
  includeDeepMembers: {
    pass: [[[{ a: 1 }, { b: 2 }], [{ b: 2 }]], [[[1], [2]], [[2]]], [[1, 2], [1]]],
    fail: [[[{ a: 1 }], [{ a: 2 }]], [[[1]], [[2]]], [[1], [2], 'm']],
  },
  hasAllKeys: {
    pass: [[{ a: 1, b: 2 }, ['a', 'b']], [{ a: 1, b: 2 }, { b: 0, a: 0 }], [new Map([['a', 1]]), ['a']], [new Set(['x']), ['x']], [{ a: 1 }, 'a']],
    fail: [[{ a: 1, b: 2 }, ['a']], [{ a: 1 }, ['a', 'b']], [new Set(['a']), ['a', 'b']], [{ a: 1, b: 2 }, 'a'], [{ a: 1 }, [], 'm']],
  },
  containsAllKeys: {
    pass: [[{ a: 1, b: 2 }, ['a']], [{ a: 1, b: 2 }, { a: 0 }], [[1, 2], ['0']], [new Map([['a', 1], ['b', 2]]), ['b']]],
    fail: [[{ a: 1 }, ['a', 'b']], [{ a: 1 }, { a: 1, b: 2 }], [new Map([['a', 1]]), ['c'], 'm']],
  },
  throws: {
    pass: [
      [throwType], [throwType, TypeError], [throwType, Error], [throwType, 'bad'], [throwType, /type$/], [throwType, TypeError, 'bad'],
      [throwType, TypeError, /bad/], [throwString, 'string'], [throwShared, sharedErr], [throwPlain, Error, 'plain', 'm'],
    ],
    fail: [
      [noThrow], [throwType, RangeError], [throwType, 'nope'], [throwType, /nope/], [throwType, TypeError, 'nope'],
      [throwType, TypeError, /nope/], [throwType, new TypeError('bad type')], [noThrow, RangeError], [noThrow, 'x'],
      [function named() {}], [5], [throwPlain, MyError, 'm'],
    ],
  },
  doesNotThrow: {
    pass: [[noThrow], [throwPlain, RangeError], [throwPlain, 'nothing like it'], [() => {}, TypeError, 'm']],
    fail: [[throwPlain], [throwType, TypeError], [throwType, /bad/], [throwType, 'bad'], [throwString], [throwPlain, Error, 'm']],
  },
  isFrozen: { pass: [[frozen], [Object.freeze([])], [1]], fail: [[{}], [[]], [{ a: 1 }, 'm']] },
  isNotFrozen: { pass: [[{}], [[]], [{ a: 1 }]], fail: [[frozen], [Object.freeze({}), 'm']] },
};

// Failing cases ('method:index' in its fail list) whose message we deliberately do not compare,
// each with the reason. None at present: every failing case above has chai's exact message.
// (Known differences on values outside this table are listed in src/hints/js/README.md.)
const msgDiffers = {};

// Runs one call; returns null when it passed, or { name, message } of the AssertionError.
function run(assertImpl, method, args) {
  for (const a of args) if (a instanceof RegExp) a.lastIndex = 0; // /g regexes keep state between runs
  const fn = method === '' ? assertImpl : assertImpl[method];
  if (typeof fn !== 'function') return { missing: true };
  try {
    fn.apply(assertImpl, args);
    return null;
  } catch (e) {
    return { name: e && e.name, message: e && e.message };
  }
}

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
