/**
 * runner.js — lets a lesson page run its own hint tests, as `lessons test` does.
 *
 * The page carries the hints as JSON (`#lesson-tests`, written by `lessons build`) and its UI
 * text from `static/runner-strings.<locale>.js` (from the Fluent files). Each hint runs in a fresh Web Worker
 * (static/runner-worker.js) that loads the CLI's own assert.js, helpers.js and wrap.js: the
 * same assertions and the same wrapping in the page and in the terminal.
 *
 * - Backend lessons: `code` is the app's URL (the URL field, remembered in localStorage);
 *   the hints fetch the app's files, which the sandbox allows from local pages (CORS).
 * - JavaScript lessons: the learner edits the seed in a <textarea>; before each hint the
 *   worker evaluates beforeAll + head + the learner's code + tail, with `code` set to the
 *   learner's code. A worker that does not answer within the time limit is terminated and the
 *   page says so; the page itself never runs learner code, so it stays responsive.
 * - DOM lessons (HTML/CSS lessons, workshops, labs): the learner edits every seed file, and
 *   sees the page they make in a sandboxed preview frame, rebuilt a moment after they stop
 *   typing. The page is made by the CLI's own dom-runner.js (static/hints/dom-runner.js,
 *   loaded by this page, which is its host: `__lessonsHost.build` embeds the files as
 *   freeCodeCamp does). "Run the tests" builds a fresh page from the editors, with the
 *   before-all hook, loads it into the runner's hidden test frame after assert.js, helpers.js,
 *   wrap.js, dollar.js and dom-runner.js (which, there, is the frame side), and evaluates the
 *   hints in it one after the other, the page's state kept between them, with the other hooks,
 *   as `lessons test` does. A hint that does not settle within the time limit fails; the
 *   frame runs on the page's thread, so unlike a worker a loop that never ends cannot be
 *   stopped.
 * - Counter lessons: a small widget shows the sandbox's live user count through the sandbox's
 *   own Socket.IO client (`<sandbox>/socket.io/socket.io.js`), or says the sandbox is down.
 *
 * Pages opened from disk (file://): Chromium refuses to start workers there, so backend and
 * JavaScript lessons, whose hints each run in a worker, cannot run their tests. Their panel
 * says so as soon as the page opens (the site has to be served: `lessons serve`, or any static
 * server), and shows no "Run the tests" button to click in vain; the editors and Reset still
 * work. DOM lessons run their hints in a frame on the page itself, which works from disk too,
 * so they keep their runner. (Should a worker still fail to start over http, the run says so.)
 */
(function () {
  'use strict';

  const script = document.currentScript;
  const workerUrl = new URL('runner-worker.js', script ? script.src : location.href).href;
  const STORAGE_KEY = 'lessons.appUrl';
  // What a DOM lesson's test frame loads before the page, in this order, as `lessons test`
  // puts them in its frame (dom-runner.js last: it reads what the others define).
  const FRAME_SCRIPTS = ['assert.js', 'helpers.js', 'wrap.js', 'dollar.js', 'dom-runner.js'].map(
    (name) => new URL('hints/' + name, script ? script.src : location.href).href,
  );
  // How long a DOM lesson's page may take to load: freeCodeCamp gives its frame 20 s, and so
  // does `lessons test`.
  const LOAD_TIMEOUT_MS = 20000;
  // How long the preview waits after the last key press before it shows the page again.
  const PREVIEW_DELAY_MS = 400;

  function readJson(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  // `{name}` placeholders are filled in here; Fluent has already chosen the words.
  function format(text, values) {
    return String(text).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }

  // Set by static/runner-strings.<locale>.js, loaded before this script.
  const strings = window.lessonsRunnerStrings || {};
  const say = (key, values) => format(strings[key] || key, values || {});

  // ------------------------------------------------------------------ one hint in a worker

  /**
   * Runs one job in a fresh worker. Resolves with { ok, stage, message, console }; stage is
   * 'setup' (the learner's code threw), 'compile' (the hint's code does not parse), 'hint',
   * 'timeout-setup' (the learner's code never finished), 'timeout' (the hint never finished)
   * or 'worker' (no worker could be started).
   */
  function runInWorker(job, timeoutMs) {
    return new Promise((resolve) => {
      let worker;
      try {
        worker = new Worker(workerUrl);
      } catch (e) {
        resolve({ ok: false, stage: 'worker', message: String(e && e.message ? e.message : e), console: [] });
        return;
      }
      let ready = false;
      let settled = false;
      const finish = (result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => {
        finish({ ok: false, stage: ready || !job.setup ? 'timeout' : 'timeout-setup', message: '', console: [] });
      }, timeoutMs);
      worker.onmessage = (event) => {
        const m = event.data || {};
        if (m.type === 'ready') ready = true;
        else if (m.type === 'done') finish(m);
      };
      // An uncaught error in the worker: a failing script load (no worker on file://, a
      // missing file) before it is ready, or a throw in a timer callback afterwards, which
      // fails the hint as it does in the CLI.
      worker.onerror = (event) => {
        event.preventDefault();
        const message = event.message || '';
        if (!ready && !message) finish({ ok: false, stage: 'worker', message, console: [] });
        else finish({ ok: false, stage: ready ? 'hint' : 'setup', message, console: [] });
      };
      worker.postMessage(job);
    });
  }

  // ------------------------------------------------------------------ the panel

  function setup(panel) {
    const data = readJson('lesson-tests');
    if (!data || !Array.isArray(data.hints)) return;
    const form = panel.querySelector('.run-form');
    const status = panel.querySelector('.run-status');
    const button = form.querySelector('button[type="submit"]');
    const items = Array.from(panel.querySelectorAll('ol.tests > li'));
    const urlField = form.querySelector('input[type="url"]');
    const editors = Array.from(document.querySelectorAll('.editor textarea'));
    for (const editor of editors) fillEditor(editor);
    const reset = document.getElementById('reset-code');
    let running = false;
    // Every hint of a backend or JavaScript lesson runs in a worker, which a page opened from
    // disk cannot start; a DOM lesson's frame can load from disk.
    const needsServer = location.protocol === 'file:' && data.kind !== 'dom';

    form.hidden = false;
    if (needsServer) {
      // Said at once, politely, where the button would be; the button goes (a backend lesson's
      // form, which holds nothing but the app's address and the button, goes with it).
      const notice = document.createElement('p');
      notice.id = 'run-needs-server';
      notice.className = 'notice run-notice';
      notice.setAttribute('role', 'status');
      form.before(notice);
      notice.textContent = say('needs-server');
      button.hidden = true;
      if (urlField) form.hidden = true;
    }
    if (urlField) {
      try {
        const saved = localStorage.getItem(STORAGE_KEY);
        if (saved) urlField.value = saved;
      } catch (e) {
        // Storage can be off (privacy settings); the default address still works.
      }
    }
    for (const editor of editors) showEditor(editor);
    // editor.js, where the page loads it, takes the editors over (highlighting, line numbers,
    // the editable region enforced, the learner's code kept); they stay textareas with the
    // same value, which is what the runs read.
    const editorKit = window.lessonsEditor;
    if (editorKit) editorKit.start(editors);
    const preview = data.kind === 'dom' ? startPreview(data, editors) : null;
    if (reset) {
      reset.addEventListener('click', () => {
        if (running) return;
        for (const editor of editors) {
          if (editorKit) {
            editorKit.reset(editor);
          } else {
            editor.value = editor.defaultValue;
            markRegion(editor);
          }
        }
        if (preview) preview();
        clearResults();
        status.textContent = say('reset-done');
        const first = editorKit ? editorKit.shown(editors) : editors[0];
        if (first) first.focus();
      });
    }

    function clearResults() {
      for (const li of items) {
        li.classList.remove('passed', 'failed', 'running');
        const verdict = li.querySelector('.verdict');
        verdict.querySelector('.mark').textContent = '';
        verdict.querySelector('.verdict-text').textContent = '';
        const result = li.querySelector('.result');
        result.hidden = true;
        result.textContent = '';
      }
    }

    /**
     * A hint's verdict. `failure` says what went wrong: `{ hint: true, detail }` when the hint
     * itself failed (its assertion, or what the learner's code threw inside it), or `{ text,
     * detail }` when the hint could not run (a time limit, the learner's code threw first…).
     * The learner reads, first, something they can act on in the page's language: the hint's
     * own text ("Not yet: …"), as freeCodeCamp shows it, or a one-line explanation. The
     * assertion's text and the test's code stay folded under "Details": they are in English,
     * and a regular expression tells a beginner little.
     */
    function show(li, ok, failure, lines) {
      li.classList.remove('running');
      li.classList.add(ok ? 'passed' : 'failed');
      const verdict = li.querySelector('.verdict');
      verdict.querySelector('.mark').textContent = ok ? '✓' : '✗';
      verdict.querySelector('.verdict-text').textContent = say(ok ? 'passed' : 'failed');
      const result = li.querySelector('.result');
      result.textContent = '';
      if (!ok) {
        result.appendChild(failureLead(li, failure));
        if (failure.detail) result.appendChild(folded(failure.detail));
        if (lines && lines.length) {
          const out = document.createElement('pre');
          out.className = 'console';
          out.setAttribute('aria-label', say('console-label'));
          out.textContent = lines.join('\n');
          result.appendChild(out);
        }
        result.hidden = false;
      }
    }

    // The main line of a failure: "Not yet:" and a copy of the hint's text, or the explanation.
    function failureLead(li, failure) {
      const lead = document.createElement('div');
      lead.className = 'failure-message';
      if (!failure.hint) {
        lead.textContent = failure.text;
        return lead;
      }
      const label = document.createElement('strong');
      label.textContent = say('not-yet');
      lead.appendChild(label);
      const hint = li.querySelector('.hint-text').cloneNode(true);
      hint.className = 'failure-hint';
      // A copy must not repeat the original's ids.
      for (const el of hint.querySelectorAll('[id]')) el.removeAttribute('id');
      // The hint keeps its own language: English on a page whose lesson is not translated,
      // where the result around it is in the page's language.
      hint.lang = li.closest('[lang]').lang;
      lead.appendChild(hint);
      return lead;
    }

    // The raw text (an assertion, an error) under a closed <details>: there for whoever wants it.
    function folded(detail) {
      const details = document.createElement('details');
      details.className = 'failure-details';
      const summary = document.createElement('summary');
      summary.textContent = say('details');
      const text = document.createElement('pre');
      text.className = 'failure';
      // The assertion is in English whatever the page's language.
      text.lang = 'en';
      text.textContent = detail;
      details.append(summary, text);
      return details;
    }

    function failureOf(r) {
      const seconds = Math.round(data.timeoutMs / 100) / 10;
      switch (r.stage) {
        case 'timeout-setup':
          return { text: say('timeout-code', { seconds }) };
        case 'timeout':
          return { text: say('timeout-hint', { seconds }) };
        case 'setup':
          return { text: say('code-error'), detail: r.message };
        case 'compile':
          return { text: say('hint-error'), detail: r.message };
        default:
          return { hint: true, detail: r.message };
      }
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (running || needsServer) return;
      let appUrl = '';
      if (urlField) {
        appUrl = urlField.value.trim().replace(/\/+$/, '');
        if (!/^https?:\/\/[^/]/.test(appUrl)) {
          status.textContent = say('url-invalid');
          urlField.setAttribute('aria-invalid', 'true');
          urlField.focus();
          return;
        }
        urlField.removeAttribute('aria-invalid');
        try {
          localStorage.setItem(STORAGE_KEY, urlField.value.trim());
        } catch (e) {
          // Not remembered, but the run goes on.
        }
      }
      running = true;
      // aria-disabled rather than disabled: a disabled button loses the keyboard focus, and
      // the learner would have to find their way back to it after every run.
      button.setAttribute('aria-disabled', 'true');
      if (reset) reset.setAttribute('aria-disabled', 'true');
      clearResults();
      panel.setAttribute('aria-busy', 'true');
      status.textContent = say('running');
      try {
        await (data.kind === 'dom' ? runPage() : runAll(appUrl));
      } finally {
        running = false;
        button.removeAttribute('aria-disabled');
        if (reset) reset.removeAttribute('aria-disabled');
        panel.removeAttribute('aria-busy');
      }
    });

    async function runAll(appUrl) {
      if (urlField && !(await reachable(appUrl))) {
        status.textContent = say('unreachable', { url: appUrl });
        return;
      }
      const sources = editors.map((e) => e.value);
      const code = urlField ? appUrl : sources.join('\n');
      let setupScript = '';
      if (!urlField) {
        // As `hints::run::program`: beforeAll, then head, learner code and tail per file.
        if (data.beforeAll) setupScript += data.beforeAll + ';\n';
        data.files.forEach((f, i) => {
          setupScript += f.head + '\n' + (sources[i] || '') + '\n' + f.tail + '\n';
        });
      }
      let passed = 0;
      let stopped = false;
      for (let i = 0; i < data.hints.length; i++) {
        const li = items[i];
        const hint = data.hints[i];
        if (stopped) {
          // The learner's code never finished before an earlier hint: it would not finish
          // now either, and waiting for every hint in turn helps nobody.
          show(li, false, { text: say('not-run') }, []);
          continue;
        }
        li.classList.add('running');
        const r = await runInWorker(
          { setup: setupScript, code, appUrl, test: hint.test, form: hint.form, beforeEach: data.beforeEach || '' },
          data.timeoutMs,
        );
        if (r.stage === 'worker') {
          li.classList.remove('running');
          status.textContent = say('no-worker');
          return;
        }
        if (r.stage === 'timeout-setup') stopped = true;
        if (r.ok) passed++;
        show(li, r.ok, failureOf(r), r.console);
        status.textContent = say(r.ok ? 'hint-passed' : 'hint-failed', { n: i + 1 });
      }
      const summary = say('summary', { passed, total: data.hints.length });
      const verdict = passed === data.hints.length ? say('all-passed') : stopped ? say('timeout-code', { seconds: data.timeoutMs / 1000 }) : say('some-failed');
      status.textContent = summary + ' ' + verdict;
    }

    // A DOM lesson: one fresh page from the editors, every hint evaluated in it in turn.
    async function runPage() {
      const host = window.__lessonsHost;
      if (!host) {
        status.textContent = say('no-dom-runner');
        return;
      }
      const seconds = Math.round(data.timeoutMs / 100) / 10;
      const failAll = (from, failure, lines) => {
        for (let i = from; i < items.length; i++) show(items[i], false, failure, lines || []);
      };
      const sources = editors.map((e) => e.value);
      // Notes shown under each failing hint, as the CLI prints them: what did not compile and
      // what the page's own scripts threw while it loaded.
      let notes;
      try {
        const built = await host.build(pageInput(data, sources, { forTests: true }));
        notes = built.errors.map((e) => '[error] ' + e);
        const srcdoc = FRAME_SCRIPTS.map((src) => '<script data-lessons-runner src="' + attr(src) + '"></script>').join('') + built.html;
        const loaded = await within(host.load(srcdoc, { memoryStorage: true }), LOAD_TIMEOUT_MS);
        if (loaded === TIMED_OUT) {
          failAll(0, { text: say('page-timeout', { seconds: LOAD_TIMEOUT_MS / 1000 }) });
          status.textContent = say('page-timeout', { seconds: LOAD_TIMEOUT_MS / 1000 });
          host.unload();
          return;
        }
        // The runner's own scripts leave the page before any hint runs (freeCodeCamp's
        // evaluator removes its script too), so a hint that counts `script` elements sees the
        // learner's only.
        const frame = document.getElementById('__lessons-frame');
        const doc = frame && frame.contentDocument;
        if (doc) for (const el of doc.querySelectorAll('script[data-lessons-runner]')) el.remove();
        const begun = host.begin({
          code: sources.join(''),
          editableContents: editors.map(editableText).join(''),
          beforeEach: data.beforeEach || '',
          afterEach: data.afterEach || '',
          afterAll: data.afterAll || '',
        });
        for (const e of begun.errors) notes.push('[error] ' + say('page-threw') + ' ' + e);
      } catch (e) {
        failAll(0, { text: say('page-error'), detail: String((e && e.message) || e) });
        status.textContent = say('some-failed');
        host.unload();
        return;
      }
      let passed = 0;
      for (let i = 0; i < data.hints.length; i++) {
        const li = items[i];
        const hint = data.hints[i];
        li.classList.add('running');
        let r;
        try {
          r = await within(host.hint(hint.test, hint.form), data.timeoutMs);
        } catch (e) {
          // The frame is gone or broken (the learner's code navigated it away…): no later hint
          // can run either.
          failAll(i, { text: say('page-error'), detail: String((e && e.message) || e) }, notes);
          break;
        }
        if (r === TIMED_OUT) {
          show(li, false, { text: say('timeout-hint', { seconds }) }, notes);
        } else {
          if (r.passed) passed++;
          show(li, r.passed, { hint: true, detail: r.message || '' }, r.passed ? r.console : notes.concat(r.console));
        }
        status.textContent = say(r !== TIMED_OUT && r.passed ? 'hint-passed' : 'hint-failed', { n: i + 1 });
      }
      if (data.afterAll) {
        try {
          await within(host.afterAll(), data.timeoutMs);
        } catch (e) {
          // As in the CLI, the after-all hook decides no hint's verdict.
        }
      }
      // The page goes once its hints have run, so that its timers and animations stop.
      host.unload();
      const summary = say('summary', { passed, total: data.hints.length });
      status.textContent = summary + ' ' + (passed === data.hints.length ? say('all-passed') : say('some-failed'));
    }
  }

  const TIMED_OUT = { timedOut: true };

  /** A promise's value, or TIMED_OUT when it has not settled after `ms`. */
  function within(promise, ms) {
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), ms);
    });
    return Promise.race([Promise.resolve(promise), late]).finally(() => clearTimeout(timer));
  }

  const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

  /**
   * What `__lessonsHost.build` makes a DOM lesson's page from, as `lessons test` hands it over
   * (hints::run::page_run): per file its head, the learner's code and its tail, each on lines
   * of their own, no-break spaces as spaces. The test page has the before-all hook and leaves
   * jQuery out (dollar.js is its `$`, frozen); the preview is the page alone, with jQuery.
   */
  function pageInput(data, sources, options) {
    const forTests = !!(options && options.forTests);
    return {
      files: data.files.map((f, i) => ({
        ext: f.ext,
        contents: [f.head, sources[i] || '', f.tail].filter((part) => part).join('\n').replace(/\u00a0/g, ' '),
      })),
      required: (data.required || []).filter((r) => !(forTests && r.jquery)),
      template: data.template || '',
      enzyme: false,
      fakeTimers: false,
      beforeAll: forTests ? data.beforeAll || '' : '',
    };
  }

  /** The editable region of an editor as it is now (it grows with the lines added to it). */
  function editableText(editor) {
    const from = Number(editor.dataset.from);
    const to = Number(editor.dataset.to);
    if (!from || !to) return '';
    const lines = editor.value.split('\n');
    const end = to + (lines.length - editor.defaultValue.split('\n').length);
    return lines.slice(from - 1, Math.max(from - 1, end)).join('\n');
  }

  // ------------------------------------------------------------------ the preview

  /**
   * Shows the page the editors make in the preview frame, and again a moment after each
   * change. Returns a function that shows it now (after a reset). The frame is sandboxed
   * without same-origin: the learner's page cannot reach this one or its storage.
   */
  function startPreview(data, editors) {
    const box = document.getElementById('preview');
    const frame = document.getElementById('preview-frame');
    const host = window.__lessonsHost;
    if (!box || !frame || !host) return null;
    box.hidden = false;
    let timer = null;
    let shown = 0;
    async function update() {
      clearTimeout(timer);
      const mine = ++shown;
      let built;
      try {
        built = await host.build(pageInput(data, editors.map((e) => e.value)));
      } catch (e) {
        // Nothing to show until the code builds again; the tests say why.
        return;
      }
      // A slower build of older code must not replace a newer page.
      if (mine === shown) frame.srcdoc = built.html;
    }
    for (const editor of editors) {
      editor.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(update, PREVIEW_DELAY_MS);
      });
    }
    update();
    return update;
  }

  /** Whether anything answers at the app's URL (any HTTP answer counts, even an error). */
  async function reachable(url) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    try {
      await fetch(url + '/', { mode: 'no-cors', cache: 'no-store', signal: controller.signal });
      return true;
    } catch (e) {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  // ------------------------------------------------------------------ the editor

  // The editable region is painted behind the text (a background that scrolls with it), from
  // the seed's region; lines the learner adds inside it stretch it, since the code after the
  // region keeps its number of lines.
  // The page carries each seed file once, highlighted; its editor starts from that text (the
  // block's one dropped final newline is put back where the seed has it).
  function fillEditor(editor) {
    const figure = editor.closest('figure');
    const code = figure && figure.querySelector('pre.code');
    if (!code) return;
    editor.defaultValue = code.textContent + ('eol' in editor.dataset ? '\n' : '');
  }

  function showEditor(editor) {
    const box = editor.closest('.editor');
    box.hidden = false;
    const figure = editor.closest('figure');
    const staticCode = figure && figure.querySelector('pre.code');
    if (staticCode) staticCode.hidden = true;
    // editor.js marks the region itself.
    if (window.lessonsEditor) return;
    editor.addEventListener('input', () => markRegion(editor));
    markRegion(editor);
  }

  function markRegion(editor) {
    const seedLines = editor.defaultValue.split('\n').length;
    const lines = editor.value.split('\n').length;
    // The editor grows with the code (never below the seed's size), so all of it stays in view.
    editor.rows = Math.max(seedLines, lines) + 1;
    const from = Number(editor.dataset.from);
    const to = Number(editor.dataset.to);
    if (!from || !to) return;
    const end = Math.max(from, to + (lines - seedLines));
    editor.style.setProperty('--region-from', String(from - 1));
    editor.style.setProperty('--region-lines', String(end - from + 1));
    editor.classList.add('has-region');
  }

  // ------------------------------------------------------------------ live user count

  function liveCount(box) {
    const sandbox = box.dataset.sandbox;
    const value = box.querySelector('.live-value');
    const state = box.querySelector('.live-state');
    box.hidden = false;
    const down = () => {
      value.textContent = '–';
      state.textContent = say('live-unreachable', { url: sandbox });
      box.classList.add('down');
    };
    const tag = document.createElement('script');
    tag.src = sandbox + '/socket.io/socket.io.js';
    tag.onerror = down;
    tag.onload = () => {
      if (typeof window.io !== 'function') return down();
      const socket = window.io(sandbox);
      socket.on('connect', () => {
        box.classList.remove('down');
        state.textContent = say('live-connected');
      });
      socket.on('user count', (n) => {
        value.textContent = String(n);
      });
      socket.on('connect_error', down);
      socket.on('disconnect', down);
    };
    document.head.appendChild(tag);
  }

  // ------------------------------------------------------------------ start

  function start() {
    const panel = document.querySelector('[data-runner]');
    if (panel) setup(panel);
    const live = document.getElementById('live-count');
    if (live) liveCount(live);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
