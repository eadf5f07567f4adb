/**
 * dom-runner.js — the page side of `lessons test` for DOM lessons (src/hints/dom.rs).
 *
 * Every document of the runner's tabs starts with it. A tab holds one host page; each lesson run
 * gets a fresh hidden iframe in it (`#__lessons-frame`, 300×150 and off-screen, as in
 * freeCodeCamp's test runner), whose srcdoc is the lesson page. The frame loads assert.js,
 * helpers.js, wrap.js and dollar.js before this file and before any of the page's own scripts,
 * so learner code finds `$`, `assert` and `__helpers` as it does in freeCodeCamp's frame.
 *
 * In the host page, `__lessonsHost`:
 * - `build(input)` makes a lesson page as freeCodeCamp does (FCC-RUNNER.md §2): scripts
 *   through Babel (when the host page has it), index.html parsed, `link[href=styles.css]` and
 *   `script[src=script.js]` given the files' contents, `documentElement.innerHTML` kept; the
 *   before-all hook first, then the doctype when index.html starts with one, then the
 *   `required` links and scripts in a `<head>`.
 * - `load(html)` replaces the frame with a new one holding the page, and waits for its `load`;
 *   `unload()` removes it.
 * - `begin(setup)`, `hint(test, form)` and `afterAll()` call the frame's `__lessonsRun`.
 *
 * In the frame, `__lessonsRun`:
 * - `begin(setup)` starts a run of hints: `code`, `editableContents` and the hooks; it returns
 *   what the page's own scripts threw while it loaded.
 * - `hint(test, form)` evaluates one hint as freeCodeCamp does: the async IIFE made by wrap.js,
 *   direct-eval'd in strict mode with `code` and `editableContents` in scope, awaited; then the
 *   after-each hook. Resolves to `{ passed, message, console }`, never rejects.
 * - `afterAll()` runs the after-all hook.
 */
(function (global) {
  'use strict';
  const FRAME_ID = '__lessons-frame';
  let role = null;
  try {
    if (global.top === global) role = 'host';
    else if (global.parent === global.top && global.frameElement && global.frameElement.id === FRAME_ID) role = 'frame';
  } catch (e) {
    role = null;
  }
  if (role === 'host') host();
  if (role === 'frame') frame();

  // ================================================================== the host page

  function host() {
    const document = global.document;

    // freeCodeCamp runs the learner's JavaScript through Babel (preset-env, so ES5 with
    // "use strict"): `const` becomes `var`, arrow functions named functions… and hints rely on
    // that (`String(fn)` matched against `function name(`, learner constants reassigned). The
    // host page has Babel when the runner found it (@babel/standalone 7); else scripts run as
    // written.
    const compiled = new Map();
    function babel(code) {
      const B = global.Babel;
      if (!B || !code.trim()) return code;
      let out = compiled.get(code);
      if (out === undefined) {
        try {
          out = B.transform(code, { presets: ['env'] }).code;
        } catch (e) {
          out = new Error(String((e && e.message) || e));
        }
        if (compiled.size > 500) compiled.clear();
        compiled.set(code, out);
      }
      if (out instanceof Error) throw out;
      return out;
    }

    const JS_TYPES = ['', 'text/javascript', 'application/javascript'];

    function embed(html, files) {
      const doc = new global.DOMParser().parseFromString(html, 'text/html');
      const root = doc.documentElement;
      // Inline scripts are compiled as they are written in index.html, before script.js is put in.
      for (const el of root.querySelectorAll('script:not([src])')) {
        if (JS_TYPES.includes((el.getAttribute('type') || '').trim().toLowerCase())) el.textContent = babel(el.textContent);
      }
      const find = (a, b) => root.querySelector(a) || root.querySelector(b);
      const link = find('link[href="styles.css"]', 'link[href="./styles.css"]');
      const script = find('script[src="script.js"]', 'script[src="./script.js"]');
      if (link) {
        const style = doc.createElement('style');
        style.classList.add('fcc-injected-styles');
        style.innerHTML = files.css === undefined ? '' : files.css;
        link.parentNode.appendChild(style);
        link.removeAttribute('href');
        link.dataset.href = 'styles.css';
      }
      if (script) {
        script.innerHTML = files.js === undefined ? '' : files.js;
        script.removeAttribute('src');
        script.setAttribute('data-src', 'script.js');
      }
      return root.innerHTML;
    }

    const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

    /**
     * @param {{files: {ext: string, contents: string}[], required: {link?: string, src?: string}[], beforeAll: string}} input
     * @returns {{html: string, errors: string[]}} the frame's srcdoc, and why the code did not compile
     */
    function build(input) {
      const files = {};
      for (const f of input.files) if (!(f.ext in files)) files[f.ext] = f.contents;
      const errors = [];
      let body;
      let head = (input.required || [])
        .map((r) => (r.link ? "<link rel='stylesheet' href='" + attr(r.link) + "' />" : r.src ? "<script src='" + attr(r.src) + "' type='text/javascript'></script>" : ''))
        .join('');
      try {
        if (files.js !== undefined) files.js = babel(files.js);
        if (files.html !== undefined) {
          body = embed(files.html, files);
        } else {
          // No index.html: each file as the element that holds it, in order.
          body = input.files
            .map((f) => (f.ext === 'css' ? '<style>' + f.contents + '</style>' : f.ext === 'js' ? '<script>' + babel(f.contents) + '</script>' : f.contents))
            .join('');
        }
      } catch (e) {
        // As in freeCodeCamp: code that does not compile leaves an empty page, and the hints
        // still run (on `code`).
        errors.push("the lesson's code does not compile: " + e.message);
        body = '';
        head = '';
      }
      const beforeAll = input.beforeAll ? '<script data-lessons-before-all>\n' + input.beforeAll + '\n</script>' : '';
      const doctype = files.html !== undefined && /^\s*<!DOCTYPE html>/i.test(files.html) ? '<!DOCTYPE html>' : '';
      return { html: beforeAll + doctype + '<head>' + head + '</head>' + body, errors };
    }

    let current = null;

    function load(html) {
      if (current) current.remove();
      const frame = document.createElement('iframe');
      frame.id = FRAME_ID;
      frame.allow = 'autoplay';
      // Hidden as freeCodeCamp hides its test frame: laid out at the default 300×150.
      frame.style.position = 'absolute';
      frame.style.left = '-9999px';
      frame.style.top = '-9999px';
      frame.style.visibility = 'hidden';
      current = frame;
      return new Promise((resolve) => {
        frame.addEventListener('load', () => resolve(true), { once: true });
        frame.srcdoc = html;
        document.body.appendChild(frame);
      });
    }

    function run() {
      const w = current && current.contentWindow;
      const r = w && w.__lessonsRun;
      if (!r) throw new Error('the page left its frame, or the frame has no runner');
      return r;
    }

    Object.defineProperty(global, '__lessonsHost', {
      value: Object.freeze({
        build,
        load,
        // The last page of a lesson goes when the lesson is done, so that its timers and
        // animations do not run on while the tab waits for the next lesson.
        unload: () => {
          if (current) current.remove();
          current = null;
          return true;
        },
        begin: (setup) => run().begin(setup),
        hint: async (test, form) => run().hint(test, form),
        afterAll: async () => run().afterAll(),
      }),
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }

  // ================================================================== the lesson frame

  function frame() {
    const wrapHint = global.__lessonsWrapHint;
    const show = global.__lessonsShow;
    const describe = global.__lessonsDescribe;

    // Direct eval in a function made by the Function constructor: the hint sees the page's
    // globals, `code` and `editableContents`, and none of this file's names. Its body is strict,
    // so the eval is strict too.
    const evaluate = new global.Function('code', 'editableContents', "'use strict';\nreturn eval(arguments[2]);");

    // Learner code runs in the same page as the hints: it must not be able to replace what the
    // hints call (`assert.equal = () => {}`) to make them pass.
    function deepFreeze(o, seen) {
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) return;
      seen.add(o);
      Object.freeze(o);
      for (const k of Reflect.ownKeys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (d && 'value' in d && k !== 'prototype') deepFreeze(d.value, seen);
      }
    }
    for (const name of ['assert', 'AssertionError', '__helpers', '$', 'jQuery']) {
      const value = global[name];
      if (value === undefined) continue;
      deepFreeze(value, new Set());
      Object.defineProperty(global, name, { value, writable: false, configurable: false, enumerable: false });
    }

    // The frame shares its origin with the host page: each lesson page starts with empty storage.
    try {
      global.localStorage.clear();
      global.sessionStorage.clear();
    } catch (e) {
      // storage is unavailable: nothing to clear
    }

    // As in freeCodeCamp's sandboxed frame: no dialogs, no popups, no form submission.
    global.alert = function alert() {};
    global.confirm = function confirm() {
      return false;
    };
    global.prompt = function prompt() {
      return null;
    };
    global.open = function open() {
      return null;
    };
    global.print = function print() {};
    global.addEventListener('submit', (e) => e.preventDefault());

    const CAP = 64 << 10;
    let capture = null;
    function push(level, text) {
      if (!capture) return;
      const line = level === 'log' ? text : '[' + level + '] ' + text;
      const room = CAP - capture.bytes;
      if (line.length <= room) {
        capture.bytes += line.length;
        capture.lines.push(line);
        return;
      }
      if (room > 0) capture.lines.push(line.slice(0, room));
      capture.bytes = CAP;
      capture.dropped += line.length - Math.max(room, 0);
    }
    const console = global.console;
    for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
      console[level] = function (...args) {
        push(level, args.map(show).join(' '));
      };
    }

    // What the page's own scripts threw while it loaded (hints after that log their own).
    const pageErrors = [];
    global.addEventListener('error', (e) => {
      if (pageErrors.length < 20 && e && e.message) pageErrors.push(e.message);
    });

    const none = { code: '', editableContents: '', beforeEach: '', afterEach: '', afterAll: '' };
    let setup = none;

    function begin(s) {
      setup = Object.assign({}, none, s);
      for (const el of global.document.querySelectorAll('script[data-lessons-before-all]')) el.remove();
      return { errors: pageErrors.splice(0) };
    }

    async function hint(test, form) {
      capture = { lines: [], bytes: 0, dropped: 0 };
      let message = null;
      try {
        await evaluate(setup.code, setup.editableContents, wrapHint(test, form, setup.beforeEach));
      } catch (e) {
        message = describe(e);
      }
      if (setup.afterEach) {
        try {
          await evaluate(setup.code, setup.editableContents, '(async () => {\n' + setup.afterEach + '\n;})()');
        } catch (e) {
          if (message === null) message = 'the after-each hook threw: ' + describe(e);
        }
      }
      const c = capture;
      capture = null;
      if (c.dropped > 0) c.lines.push('… ' + c.dropped + ' bytes more');
      return { passed: message === null, message, console: c.lines };
    }

    async function afterAll() {
      if (!setup.afterAll) return null;
      try {
        await evaluate(setup.code, setup.editableContents, '(async () => {\n' + setup.afterAll + '\n;})()');
        return null;
      } catch (e) {
        return describe(e);
      }
    }

    Object.defineProperty(global, '__lessonsRun', {
      value: Object.freeze({ begin, hint, afterAll }),
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }
})(globalThis);
