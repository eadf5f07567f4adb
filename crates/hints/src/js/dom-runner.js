/**
 * dom-runner.js — the page side of `lessons test` for DOM lessons (crates/hints/src/dom.rs).
 *
 * Every document of the runner's tabs starts with it. A tab holds one host page; each lesson run
 * gets a fresh hidden iframe in it (`#__lessons-frame`, 300×150 and off-screen, as in
 * freeCodeCamp's test runner), whose srcdoc is the lesson page. The frame loads assert.js,
 * helpers.js, wrap.js and dollar.js before this file and before any of the page's own scripts,
 * so learner code finds `$`, `assert` and `__helpers` as it does in freeCodeCamp's frame.
 *
 * In the host page, `__lessonsHost`:
 * - `build(input)` makes a lesson page as freeCodeCamp does (FCC-RUNNER.md §2): scripts
 *   through Babel (when the host page has it; JSX and TypeScript too, as UMD modules in a lesson
 *   of several files with JSX), index.html parsed, its `text/scss` styles compiled (by the
 *   runner, at `/__lessons/sass`), `link[href=styles.css]`, `script[src=script.js]`, `index.ts`
 *   and `index.jsx`/`index.tsx` given the files' contents, `documentElement.innerHTML` kept,
 *   held by the block's template when it has one; the before-all hook first, then the doctype
 *   when index.html starts with one, then the `required` links and scripts (and Enzyme for
 *   React 16) in a `<head>`.
 * - `load(html, options)` replaces the frame with a new one holding the page, and waits for its
 *   `load`; `unload()` removes it. `options.memoryStorage`: the frame gets in-memory
 *   `localStorage` and `sessionStorage` instead of clearing the ones it shares with the host
 *   (a lesson page built by `lessons build` is the host there, and keeps its own storage).
 * - `begin(setup)`, `hint(test, form)` and `afterAll()` call the frame's `__lessonsRun`.
 *
 * In the frame, loop protection (`__lessonsLoopStart`, `__lessonsLoopCheck`) and `__lessonsRun`:
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
    // that (`String(fn)` matched against `function name(`, learner constants reassigned). JSX
    // adds preset-react, TypeScript is stripped of its types (freeCodeCamp runs the TypeScript
    // compiler; Babel's TypeScript preset gives the same JavaScript without checking types), and
    // a lesson of several files with JSX makes its files UMD modules (`import … from
    // './index.jsx'` reads `window.index`). The host page has Babel when the runner found it
    // (@babel/standalone 7); else scripts run as written.
    const compiled = new Map();
    function babel(code, kind) {
      const B = global.Babel;
      if (!B || !code.trim()) return code;
      kind = kind || {};
      const key = (kind.react ? 'r' : '-') + (kind.ts ? 't' : '-') + (kind.modules ? 'm' : '-') + code;
      let out = compiled.get(key);
      if (out === undefined) {
        const presets = ['env'];
        if (kind.react) presets.push('react');
        if (kind.ts) presets.push(['typescript', { isTSX: !!kind.react, allExtensions: true }]);
        const options = { presets };
        if (kind.modules) {
          options.plugins = ['transform-modules-umd'];
          if (kind.moduleId) options.moduleId = kind.moduleId;
        }
        try {
          out = B.transform(code, options).code;
        } catch (e) {
          out = new Error(String((e && e.message) || e));
        }
        if (compiled.size > 500) compiled.clear();
        compiled.set(key, out);
      }
      if (out instanceof Error) throw out;
      return out;
    }

    // The kind of each file the way freeCodeCamp's transformers see it.
    const KINDS = {
      js: {},
      jsx: { react: true },
      ts: { ts: true },
      tsx: { react: true, ts: true },
    };

    const JS_TYPES = ['', 'text/javascript', 'application/javascript', 'text/babel'];
    const UMD = 'transform-modules-umd';

    // `<style type="text/scss">`, compiled by the runner (Rust's grass) as freeCodeCamp compiles
    // it in a worker (with Dart Sass).
    async function sass(doc, errors) {
      for (const style of doc.querySelectorAll('style[type~="text/scss"]')) {
        style.type = 'text/css';
        const r = await global.fetch('/__lessons/sass?' + encodeURIComponent(style.innerHTML));
        const text = await r.text();
        if (r.ok) style.innerHTML = text;
        else errors.push('the Sass does not compile: ' + text);
      }
    }

    async function embed(html, files, modules, errors) {
      const doc = new global.DOMParser().parseFromString(html, 'text/html');
      const root = doc.documentElement;
      await sass(doc, errors);
      // Inline scripts are compiled as they are written in index.html, before the files are put
      // in; `text/babel` ones with JSX, and as modules in a lesson of modules.
      for (const el of root.querySelectorAll('script')) {
        const type = (el.getAttribute('type') || '').trim().toLowerCase();
        if (!JS_TYPES.includes(type)) continue;
        const isBabel = type === 'text/babel';
        const hasSource = el.hasAttribute('src');
        if (isBabel && !modules) el.removeAttribute('type');
        if (isBabel && !hasSource) {
          el.removeAttribute('type');
          el.setAttribute('data-type', 'text/babel');
        }
        if (el.textContent) el.textContent = babel(el.textContent, { react: isBabel, modules });
      }
      const find = (...selectors) => {
        for (const s of selectors) {
          const el = root.querySelector(s);
          if (el) return el;
        }
        return null;
      };
      const link = find('link[href="styles.css"]', 'link[href="./styles.css"]');
      if (link) {
        const style = doc.createElement('style');
        style.classList.add('fcc-injected-styles');
        style.innerHTML = files.css === undefined ? '' : files.css;
        link.parentNode.appendChild(style);
        link.removeAttribute('href');
        link.dataset.href = 'styles.css';
      }
      const put = (el, name, contents, babelType) => {
        if (!el) return;
        el.innerHTML = contents === undefined ? '' : contents;
        el.removeAttribute('src');
        if (babelType) {
          el.removeAttribute('type');
          el.setAttribute('data-type', 'text/babel');
        }
        el.setAttribute('data-src', name);
      };
      put(find('script[src="script.js"]', 'script[src="./script.js"]'), 'script.js', files.js);
      put(find('script[src="index.ts"]', 'script[src="./index.ts"]'), 'index.ts', files.ts);
      for (const ext of ['jsx', 'tsx']) {
        const at = (src) => 'script[data-plugins="' + UMD + '"][type="text/babel"][src="' + src + '"]';
        put(find(at('index.' + ext), at('./index.' + ext)), 'index.' + ext, files[ext], true);
      }
      return root.innerHTML;
    }

    const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

    /**
     * @param {{files: {ext: string, contents: string}[], required: {link?: string, src?: string}[], template: string, enzyme: boolean, fakeTimers: boolean, beforeAll: string}} input
     * @returns {Promise<{html: string, errors: string[]}>} the frame's srcdoc, and why the code did not compile
     */
    async function build(input) {
      const files = {};
      for (const f of input.files) if (!(f.ext in files)) files[f.ext] = f.contents;
      // As freeCodeCamp's build: a lesson of several files with JSX or TSX is made of modules.
      const modules = input.files.length > 1 && ('jsx' in files || 'tsx' in files);
      const errors = [];
      let body;
      let head = (input.required || [])
        .map((r) => (r.link ? "<link rel='stylesheet' href='" + attr(r.link) + "' />" : r.src ? "<script src='" + attr(r.src) + "' type='text/javascript'></script>" : ''))
        .join('');
      try {
        for (const ext of Object.keys(KINDS)) {
          if (files[ext] === undefined) continue;
          const kind = Object.assign({}, KINDS[ext]);
          if (modules && kind.react) Object.assign(kind, { modules: true, moduleId: 'index' });
          files[ext] = babel(files[ext], kind);
        }
        if (files.html !== undefined) {
          body = await embed(files.html, files, modules, errors);
        } else {
          // No index.html: the script (index.jsx, else script.js, index.ts, index.tsx) or else
          // each file as the element that holds it, in order.
          const main = ['jsx', 'js', 'ts', 'tsx'].find((ext) => files[ext] !== undefined);
          body =
            main !== undefined
              ? '<script>' + files[main] + '</script>'
              : input.files.map((f) => (f.ext === 'css' ? '<style>' + f.contents + '</style>' : f.contents)).join('');
        }
      } catch (e) {
        // As in freeCodeCamp: code that does not compile leaves an empty page, and the hints
        // still run (on `code`).
        errors.push("the lesson's code does not compile: " + e.message);
        body = '';
        head = '';
      }
      // React 16 lessons: Enzyme, after React (freeCodeCamp loads it when React 16 is required).
      if (input.enzyme) head += "<script src='/__lessons/enzyme.js'></script><script>__lessonsTakeEnzyme();</script>";
      // The block's template (React blocks: the `#root` their lessons render into) holds the
      // page, as lodash's template puts it in freeCodeCamp's build.
      if (input.template && body) {
        body = input.template.replace(/\$\{\s*source\s*(\|\|\s*(''|""))?\s*\}/g, () => body);
      }
      // `__FakeTimers` before the before-all hook, which may install it.
      const fakeTimers = input.fakeTimers ? "<script src='/__lessons/fake-timers.js'></script>" : '';
      const beforeAll = fakeTimers + (input.beforeAll ? '<script data-lessons-before-all>\n' + input.beforeAll + '\n</script>' : '');
      const doctype = files.html !== undefined && /^\s*<!DOCTYPE html>/i.test(files.html) ? '<!DOCTYPE html>' : '';
      return { html: beforeAll + doctype + '<head>' + head + '</head>' + body, errors };
    }

    let current = null;

    function load(html, options) {
      if (current) current.remove();
      const frame = document.createElement('iframe');
      frame.id = FRAME_ID;
      frame.allow = 'autoplay';
      if (options && options.memoryStorage) frame.dataset.lessonsStorage = 'memory';
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
    // `DeepFreeze` is there too, as in freeCodeCamp's frame (Redux hints freeze a state to
    // check that a reducer does not change it).
    const plain = new global.Function('code', 'editableContents', 'DeepFreeze', "'use strict';\nreturn eval(arguments[3]);");
    // Lessons that require React 16 also see `Enzyme` (FCC-RUNNER.md §2), which the runner's
    // bundle put in the page before the lesson's scripts (see `begin`).
    const withEnzyme = new global.Function('code', 'editableContents', 'DeepFreeze', 'Enzyme', "'use strict';\nreturn eval(arguments[4]);");
    let enzyme;
    const hintFreeze = (o) => {
      Object.freeze(o);
      for (const k of Object.getOwnPropertyNames(o)) {
        const v = o[k];
        if (v !== null && (typeof v === 'object' || typeof v === 'function') && !Object.isFrozen(v)) hintFreeze(v);
      }
      return o;
    };
    const evaluate = (code, editable, source) =>
      enzyme === undefined ? plain(code, editable, hintFreeze, source) : withEnzyme(code, editable, hintFreeze, enzyme, source);

    // Loop protection, as freeCodeCamp's: the runner rewrites the lesson's script files
    // (crates/hints/src/loops.rs) to call these in every loop; every 2,000 iterations the time is
    // checked, and past 1.5 s the loop is broken with a warning. The clock is taken now, before
    // the page can replace it.
    const clock = global.Date.now;
    const loopStart = () => ({ started: clock(), count: 0 });
    const loopCheck = (loop, line) => {
      loop.count += 1;
      if (loop.count % 2000 !== 0 || clock() - loop.started <= 1500) return false;
      global.console.log('Potential infinite loop detected on line ' + line + '. Tests may be failing because of this.');
      return true;
    };
    for (const [name, value] of [['__lessonsLoopStart', loopStart], ['__lessonsLoopCheck', loopCheck]]) {
      Object.defineProperty(global, name, { value, writable: false, configurable: false, enumerable: false });
    }

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
    // A host that keeps its own storage (a lesson page of the site) asks for storage in memory
    // instead, which starts empty too and goes with the frame.
    if (global.frameElement.dataset.lessonsStorage === 'memory') {
      for (const name of ['localStorage', 'sessionStorage']) {
        try {
          Object.defineProperty(global, name, { value: memoryStorage(), configurable: true, enumerable: true });
        } catch (e) {
          // Cannot be replaced: left as it is rather than cleared, as it is the host's too.
        }
      }
    } else {
      try {
        global.localStorage.clear();
        global.sessionStorage.clear();
      } catch (e) {
        // storage is unavailable: nothing to clear
      }
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

    // Enzyme as its bundle made it: the script after the bundle calls this before any of the
    // lesson's own scripts can replace the global.
    let enzymeAtLoad;
    Object.defineProperty(global, '__lessonsTakeEnzyme', {
      value: () => {
        if (enzymeAtLoad === undefined) enzymeAtLoad = global.__lessonsEnzyme;
      },
      writable: false,
      configurable: false,
      enumerable: false,
    });

    // What the page's own scripts threw while it loaded (hints after that log their own).
    const pageErrors = [];
    global.addEventListener('error', (e) => {
      if (pageErrors.length < 20 && e && e.message) pageErrors.push(e.message);
    });

    const none = { code: '', editableContents: '', beforeEach: '', afterEach: '', afterAll: '' };
    let setup = none;

    function begin(s) {
      setup = Object.assign({}, none, s);
      // Taken from where the bundle's `<script>` left it, before the page's own scripts ran
      // (`data-lessons-enzyme` marks that moment).
      enzyme = enzymeAtLoad;
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

    // The Storage methods lessons use, on a Map.
    function memoryStorage() {
      const items = new Map();
      return {
        get length() {
          return items.size;
        },
        key: (i) => {
          const keys = Array.from(items.keys());
          return i >= 0 && i < keys.length ? keys[i] : null;
        },
        getItem: (k) => (items.has(String(k)) ? items.get(String(k)) : null),
        setItem: (k, v) => {
          items.set(String(k), String(v));
        },
        removeItem: (k) => {
          items.delete(String(k));
        },
        clear: () => items.clear(),
      };
    }

    Object.defineProperty(global, '__lessonsRun', {
      value: Object.freeze({ begin, hint, afterAll }),
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }
})(globalThis);
