/**
 * wrap.js — turns a hint's test code into a script that evaluates to a promise.
 *
 * Loaded by the `lessons` binary's embedded engine and by lesson pages alike, so a hint is
 * wrapped the same way wherever it runs. The two forms of the real curriculum (FORMAT.md §4.2):
 *
 * - function form, `async (getUserInput) => { … }` (backend hints until 2024), or any hint that
 *   is only a function: the expression is called with `getUserInput`, whose
 *   `getUserInput('url')` is the app's URL;
 * - statement form (current): the code runs inside an async function, so top-level `await`
 *   works, with `code` in scope (the learner's code, or the app's URL for backend lessons).
 *
 * A hint passes when the promise fulfils; it fails when it rejects (a throw, a failed assert).
 * `__lessonsDescribe(e)` says why in the same words everywhere, and `__lessonsShow(v)` turns a
 * logged value into a console line.
 */
(function (global) {
  'use strict';

  /**
   * @param {string} test the hint's test code, exactly as written
   * @param {'function'|'statement'} form
   * @param {string} [beforeEach] the challenge's `# --before-each--` hook
   * @returns {string} source that evaluates to a promise
   */
  function wrapHint(test, form, beforeEach) {
    const before = beforeEach ? beforeEach + ';\n' : '';
    if (form === 'function') {
      // A trailing `;` would end the parenthesised expression early; a trailing line comment
      // would swallow the closing parenthesis, hence the newlines.
      const expr = test.replace(/[\s;]+$/, '');
      // Pages have no `getUserInput` (only backend hints ask for it).
      return '(async () => {\n' + before + 'const __hint = (\n' + expr + "\n);\nreturn await __hint(typeof getUserInput === 'undefined' ? undefined : getUserInput);\n})()";
    }
    return '(async () => {\n' + before + test + '\n;})()';
  }

  /** A value as a console line: strings as they are, errors by name and message, else JSON. */
  function show(v) {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return v.name + ': ' + v.message;
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return String(v);
    }
  }

  /**
   * What a failed hint says: an assertion's own message, otherwise the error's name and
   * message, otherwise the thrown value (old `$.get` hints reject with an xhr-like object).
   */
  function describe(e) {
    if (e && e.name === 'AssertionError') return e.message;
    if (e instanceof Error) return e.name + ': ' + e.message;
    return 'threw ' + show(e);
  }

  global.__lessonsWrapHint = wrapHint;
  global.__lessonsShow = show;
  global.__lessonsDescribe = describe;
})(typeof globalThis !== 'undefined' ? globalThis : this);
