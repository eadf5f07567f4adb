/**
 * assert-cases.js — the differential cases for assert.js, as a classic script so that the
 * same table runs under Node (against chai and against assert.js, tests/js/assert.test.mjs) and
 * inside the embedded QuickJS engine (tests/assert_quickjs.rs, against what chai said).
 * Defines `globalThis.assertCases = { cases, msgDiffers, runCase, runAll, values }`.
 */
(function (global) {
  'use strict';
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
  // (Known differences on values outside this table are listed in crates/hints/src/js/README.md.)
  const msgDiffers = {};

  // Runs one call; returns null when it passed, or { name, message } of the AssertionError.
  function runCase(assertImpl, method, args) {
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

  // Every case in table order: { key: 'method:pass|fail:index', result: null | {name, message} }.
  function runAll(assertImpl) {
    const out = [];
    for (const [method, { pass, fail }] of Object.entries(cases)) {
      for (const [kind, list] of [['pass', pass], ['fail', fail]]) {
        list.forEach((args, i) => out.push({ key: method + ':' + kind + ':' + i, result: runCase(assertImpl, method, args) }));
      }
    }
    return out;
  }

  global.assertCases = {
    cases,
    msgDiffers,
    runCase,
    runAll,
    values: { Foo, MyError, throwType, throwPlain, throwString, noThrow, sharedErr, throwShared, circA, circB, frozen, longCode },
  };
})(globalThis);
