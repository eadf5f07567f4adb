/**
 * wrap.js — turns a hint's test code into a script that evaluates to a promise.
 *
 * Loaded by the `lessons` binary's embedded engine and by lesson pages alike, so a hint is
 * wrapped the same way wherever it runs. The two forms of the real curriculum (FORMAT.md §4.2):
 *
 * - function form, `async (getUserInput) => { … }` (backend hints until 2024): the expression
 *   is called with `getUserInput`, whose `getUserInput('url')` is the app's URL;
 * - statement form (current): the code runs inside an async function, so top-level `await`
 *   works, with `code` in scope (the learner's code, or the app's URL for backend lessons).
 *
 * A hint passes when the promise fulfils; it fails when it rejects (a throw, a failed assert).
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
      return '(async () => {\n' + before + 'const __hint = (\n' + expr + '\n);\nreturn await __hint(getUserInput);\n})()';
    }
    return '(async () => {\n' + before + test + '\n;})()';
  }

  global.__lessonsWrapHint = wrapHint;
})(typeof globalThis !== 'undefined' ? globalThis : this);
