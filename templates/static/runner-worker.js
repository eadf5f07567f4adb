/**
 * runner-worker.js — runs one hint of a lesson in a Web Worker, for static/runner.js.
 *
 * A fresh worker per hint, as `lessons test` uses a fresh engine context per hint: the page
 * sends one job, the worker answers with messages and is then thrown away (or terminated by
 * the page when it takes too long — an endless loop in the learner's code cannot freeze the
 * page, because it only ever blocks this worker).
 *
 * The hint globals are the CLI's own files, loaded unchanged: `assert` (hints/assert.js),
 * `__helpers` (hints/helpers.js) and the hint wrapping (hints/wrap.js). The browser has fetch,
 * URL, timers and console natively, which the CLI's prelude.js emulates in QuickJS.
 *
 * Job: { setup, code, appUrl, test, form, beforeEach }
 *   setup  — script evaluated first in the global scope (beforeAll hook + head + learner code
 *            + tail), or '' for backend lessons;
 *   code   — the value of `code` (the learner's code, or the app's URL without a trailing /).
 * Answers: { type: 'ready' } once `setup` has run, then
 *          { type: 'done', ok, stage: 'setup' | 'hint', message, console: [lines] }.
 */
/* eslint-env worker */
'use strict';

importScripts('hints/assert.js', 'hints/helpers.js', 'hints/wrap.js');

// How values and errors read comes from the shared hints/wrap.js, so messages match the CLI's.
const show = self.__lessonsShow;
const describeError = self.__lessonsDescribe;

// What the learner's code and the hint print, shown under a failing hint as the CLI does. At
// most 1000 lines: a loop that logs must not exhaust the page's memory through us.
const lines = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  self.console[level] = (...args) => {
    if (lines.length < 1000) {
      const text = args.map(show).join(' ');
      lines.push(level === 'log' ? text : '[' + level + '] ' + text);
    }
  };
}

function done(ok, stage, message) {
  self.postMessage({ type: 'done', ok, stage, message: message || '', console: lines.slice() });
}

self.onmessage = (event) => {
  const job = event.data;
  // Globals, as the CLI defines them: `code` and, for the function form, getUserInput('url').
  self.code = job.code;
  self.getUserInput = (name) => (name === 'url' ? job.appUrl : undefined);
  if (job.setup) {
    // A classic script of its own (not eval): its top-level `const`/`let`, such as a hook's
    // `const __logs = []`, stay visible to the hint, as in the CLI's global evaluation.
    const url = URL.createObjectURL(new Blob([job.setup], { type: 'text/javascript' }));
    try {
      importScripts(url);
    } catch (e) {
      done(false, 'setup', describeError(e));
      return;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  self.postMessage({ type: 'ready' });
  let promise;
  try {
    // Indirect eval: global scope, as the CLI evaluates the wrapped hint.
    promise = (0, eval)(self.__lessonsWrapHint(job.test, job.form, job.beforeEach || ''));
  } catch (e) {
    done(false, 'compile', describeError(e));
    return;
  }
  Promise.resolve(promise).then(
    () => done(true, 'hint', ''),
    (e) => done(false, 'hint', describeError(e)),
  );
};
