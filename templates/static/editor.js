/**
 * editor.js — the lesson page's code editor: a small one of our own, no library.
 *
 * Why: a bare <textarea> shows no colours and no line numbers, and the editable region was only
 * painted on it, so a learner could type anywhere. runner.js still owns the editors (it fills
 * each from the seed, reads the code to test from `textarea.value`, and resets them); when this
 * file is loaded it hands them over to `window.lessonsEditor.start(editors)`, which gives each:
 *
 * - a highlighted copy of its text (<pre aria-hidden>) under the textarea, whose own glyphs are
 *   transparent (the caret and the selection stay), redrawn on each input and moved with its
 *   scroll; the tokenizer below knows JavaScript, CSS and HTML, and little else on purpose;
 * - a line-number gutter;
 * - its editable region enforced: the text before line data-from and after line data-to (as in
 *   the seed) never changes. `beforeinput` refuses an edit whose result would change it (typing,
 *   paste, cut, line breaks, deletes: their result can be worked out beforehand); `input` checks
 *   the result of the others (drag and drop, undo, word deletes, IME) and puts the last good text
 *   back. The region grows and shrinks with the lines the learner writes in it;
 * - Tab indents by two spaces, Shift+Tab outdents; Escape then Tab leaves the editor, so a
 *   keyboard is never trapped (the visually hidden help text says so);
 * - the learner's code kept in localStorage per page, locale and file (storage that is off or
 *   full only means nothing is kept);
 * - tabs, when the lesson has several editors.
 *
 * Without JavaScript the page shows the highlighted seed as before; without this file runner.js
 * keeps its plain textareas.
 */
(function () {
  'use strict';

  const INDENT = '  ';
  // The interface text, from the locale's strings file loaded before this script.
  const STRINGS = window.lessonsRunnerStrings || {};
  const editors = new WeakMap();

  // ------------------------------------------------------------------ the tokenizer

  // A token is [class, text]; class '' is plain text. Class letters: k keyword, s string,
  // c comment, n number, t tag (or CSS selector), a attribute (or CSS property).
  const JS_WORDS = new Set(
    ('async await break case catch class const continue debugger default delete do else export ' +
      'extends false finally for function if import in instanceof let new null of return static ' +
      'super switch this throw true try typeof undefined var void while with yield').split(' '),
  );
  // Comments, strings (template literals across lines), numbers, words.
  const JS_RE =
    /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:\\[\s\S]|[^\\'\n])*'?|"(?:\\[\s\S]|[^\\"\n])*"?|`(?:\\[\s\S]|[^\\`])*`?)|(\b(?:0[xXbBoO][\da-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?n?)\b|\.\d+\b)|([A-Za-z_$][\w$]*)/g;
  // Comments, strings, at-rules, numbers with their unit, names (selectors, properties,
  // values, colours), braces.
  const CSS_RE =
    /(\/\*[\s\S]*?(?:\*\/|$))|('(?:\\[\s\S]|[^\\'\n])*'?|"(?:\\[\s\S]|[^\\"\n])*"?)|(@[\w-]+|!important)|(-?(?:\d+\.?\d*|\.\d+)(?:%|[a-zA-Z]+)?)|(#[\w-]+|\.?-?[A-Za-z_][\w-]*)|([{}])/g;
  const COLON = /\s*:/y;

  function javascript(text, out) {
    scan(text, JS_RE, out, (m) => (m[1] ? 'c' : m[2] ? 's' : m[3] ? 'n' : JS_WORDS.has(m[4]) ? 'k' : ''));
  }

  // Selectors outside braces, properties (a name before a colon) and values inside them.
  function css(text, out) {
    let depth = 0;
    scan(text, CSS_RE, out, (m, end) => {
      if (m[1]) return 'c';
      if (m[2]) return 's';
      if (m[3]) return 'k';
      if (m[4]) return 'n';
      if (m[6]) {
        depth = Math.max(0, depth + (m[6] === '{' ? 1 : -1));
        return '';
      }
      if (depth === 0) return 't';
      if (/^#[\da-fA-F]{3,8}$/.test(m[5])) return 'n';
      COLON.lastIndex = end;
      return COLON.test(text) ? 'a' : '';
    });
  }

  /** Every match of `re` classed by `classify(match, end)`; the text between them plain. */
  function scan(text, re, out, classify) {
    let at = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!m[0]) {
        re.lastIndex++;
        continue;
      }
      if (m.index > at) out.push(['', text.slice(at, m.index)]);
      out.push([classify(m, m.index + m[0].length), m[0]]);
      at = m.index + m[0].length;
    }
    if (at < text.length) out.push(['', text.slice(at)]);
  }

  const HTML_RE = /(<!--[\s\S]*?(?:-->|$))|(<![^>]*>?)|<(\/?)([A-Za-z][\w:-]*)|(&#?\w+;)/g;
  const ATTR_RE = /(\s+)|(\/?>)|(=)|("[^"]*"?|'[^']*'?)|([^\s=>"'/]+|\/)/y;

  // Tags, attributes and their values; a <script> or <style> element's content in its own
  // language.
  function html(text, out) {
    let at = 0;
    HTML_RE.lastIndex = 0;
    for (let m = HTML_RE.exec(text); m; m = HTML_RE.exec(text)) {
      if (m.index > at) out.push(['', text.slice(at, m.index)]);
      at = m.index + m[0].length;
      if (m[1] || m[2] || m[5]) {
        out.push([m[1] ? 'c' : m[2] ? 'k' : 'n', m[0]]);
        continue;
      }
      out.push(['t', m[0]]);
      const closed = attributes(text, at, out);
      at = closed.at;
      const name = m[4].toLowerCase();
      if (!m[3] && closed.open && (name === 'script' || name === 'style')) {
        const end = text.toLowerCase().indexOf('</' + name, at);
        const stop = end < 0 ? text.length : end;
        (name === 'script' ? javascript : css)(text.slice(at, stop), out);
        at = stop;
      }
      HTML_RE.lastIndex = at;
    }
    if (at < text.length) out.push(['', text.slice(at)]);
  }

  /** The attributes of a tag from `at` to its `>`: where it ends, and whether it is left open. */
  function attributes(text, at, out) {
    let afterEquals = false;
    ATTR_RE.lastIndex = at;
    for (let m = ATTR_RE.exec(text); m; m = ATTR_RE.exec(text)) {
      at = ATTR_RE.lastIndex;
      if (m[2]) {
        out.push(['t', m[0]]);
        return { at, open: m[2] === '>' };
      }
      const cls = m[1] ? '' : m[3] ? '' : m[4] || afterEquals ? 's' : 'a';
      if (!m[1]) afterEquals = !!m[3];
      out.push([cls, m[0]]);
    }
    return { at, open: false };
  }

  const LANGUAGES = { js: javascript, mjs: javascript, jsx: javascript, ts: javascript, css, html, htm: html };

  function tokenize(text, lang) {
    const out = [];
    if (lang) lang(text, out);
    else out.push(['', text]);
    return out;
  }

  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  /** The highlighted HTML of each line (a token across lines is split at each line end). */
  function highlightLines(text, lang) {
    const lines = [''];
    for (const [cls, value] of tokenize(text, lang)) {
      value.split('\n').forEach((part, i) => {
        if (i) lines.push('');
        if (part) lines[lines.length - 1] += cls ? '<span class="t-' + cls + '">' + escape(part) + '</span>' : escape(part);
      });
    }
    return lines;
  }

  // ------------------------------------------------------------------ the locked text

  /**
   * What must not change: the seed's text before its region (ending in a line break) and after
   * it (starting with one). Null when the whole file is editable.
   */
  function lockOf(editor) {
    const from = Number(editor.dataset.from);
    const to = Number(editor.dataset.to);
    if (!from || !to) return null;
    const lines = editor.defaultValue.split('\n');
    return {
      from,
      head: from > 1 ? lines.slice(0, from - 1).join('\n') + '\n' : '',
      tail: to < lines.length ? '\n' + lines.slice(to).join('\n') : '',
    };
  }

  function allowed(lock, text) {
    return !lock || (text.length >= lock.head.length + lock.tail.length && text.startsWith(lock.head) && text.endsWith(lock.tail));
  }

  /** The region's first and last line (1-based) in `text`, which the learner may have grown. */
  function regionOf(lock, text) {
    if (!lock) return null;
    const inside = text.slice(lock.head.length, text.length - lock.tail.length);
    return [lock.from, lock.from + inside.split('\n').length - 1];
  }

  /**
   * The text an edit would leave, when that can be known before it happens; null otherwise
   * (drops, undo, word and line deletes, IME: checked once they happened).
   */
  function predict(value, start, end, event) {
    const type = event.inputType;
    let text;
    if (type === 'insertText' || type === 'insertReplacementText') text = event.data;
    else if (type === 'insertFromPaste') text = event.dataTransfer ? event.dataTransfer.getData('text/plain') : event.data;
    else if (type === 'insertLineBreak' || type === 'insertParagraph') text = '\n';
    else if (type === 'deleteByCut') text = '';
    else if (type === 'deleteContentBackward' || type === 'deleteContentForward') {
      text = '';
      if (start === end && type === 'deleteContentBackward') start = Math.max(0, start - 1);
      else if (start === end) end = Math.min(value.length, end + 1);
    } else return null;
    if (text == null) return null;
    return value.slice(0, start) + text.replace(/\r\n?/g, '\n') + value.slice(end);
  }

  // ------------------------------------------------------------------ storage

  // Storage can be off (privacy settings), full or refused: the editor works without it.
  function stored(op, key, value) {
    try {
      const s = window.localStorage;
      if (op === 'get') return s.getItem(key);
      if (op === 'set') s.setItem(key, value);
      else s.removeItem(key);
    } catch (e) {
      // Nothing is kept; the learner's code stays in the page.
    }
    return null;
  }

  function storageKey(editor) {
    const figure = editor.closest('figure');
    const name = figure && figure.querySelector('.filename');
    return ['lessons.code', location.pathname, document.documentElement.lang, name ? name.textContent : '', editor.id].join('|');
  }

  // ------------------------------------------------------------------ one editor

  function el(tag, className, hidden) {
    const e = document.createElement(tag);
    e.className = className;
    if (hidden) e.setAttribute('aria-hidden', 'true');
    return e;
  }

  function languageOf(editor) {
    const figure = editor.closest('figure');
    const name = figure && figure.querySelector('.filename');
    const ext = name ? name.textContent.trim().split('.').pop().toLowerCase() : '';
    return LANGUAGES[ext] || null;
  }

  /** Puts the gutter and the highlighted copy around the textarea; returns the editor's state. */
  function attach(editor) {
    const frame = el('div', 'ed');
    const gutter = el('div', 'ed-gutter', true);
    const numbers = el('div', 'ed-numbers');
    const body = el('div', 'ed-body');
    const copy = el('pre', 'ed-copy', true);
    const box = editor.closest('.editor');
    const status = el('p', 'visually-hidden');
    status.setAttribute('role', 'status');
    // The keyboard help comes from the locale's strings file (one copy per site, not one per
    // editor of every page); an editor exists only with this script, so it is written here.
    const help = el('p', 'visually-hidden');
    help.id = editor.id.replace(/^editor-/, 'editor-keys-');
    help.textContent = STRINGS['editor-keys'] || '';
    box.append(help);
    const described = editor.getAttribute('aria-describedby');
    editor.setAttribute('aria-describedby', described ? described + ' ' + help.id : help.id);
    editor.before(frame);
    gutter.append(numbers);
    body.append(copy, editor);
    frame.append(gutter, body);
    box.append(status);
    editor.classList.add('has-region');
    editor.setAttribute('wrap', 'off');
    const state = {
      editor,
      frame,
      numbers,
      copy,
      status,
      lockedMessage: STRINGS['editor-locked'] || '',
      lock: lockOf(editor),
      lang: languageOf(editor),
      key: storageKey(editor),
      escaped: false,
      selection: [0, 0],
      scrollbar: 0,
      lineCount: -1,
    };
    restore(state);
    state.good = editor.value;
    editor.addEventListener('beforeinput', (e) => beforeInput(state, e));
    editor.addEventListener('input', () => afterInput(state));
    editor.addEventListener('keydown', (e) => keyDown(state, e));
    editor.addEventListener('blur', () => {
      state.escaped = false;
    });
    editor.addEventListener('scroll', () => follow(state));
    editors.set(editor, state);
    draw(state);
    return state;
  }

  function restore(state) {
    const saved = stored('get', state.key);
    // A copy that no longer fits the seed (the lesson changed since) is dropped.
    if (saved == null) return;
    if (allowed(state.lock, saved)) state.editor.value = saved;
    else stored('remove', state.key);
  }

  function beforeInput(state, event) {
    const { editor } = state;
    state.selection = [editor.selectionStart, editor.selectionEnd];
    if (!state.lock) return;
    const next = predict(editor.value, editor.selectionStart, editor.selectionEnd, event);
    if (next !== null && !allowed(state.lock, next)) {
      event.preventDefault();
      refuse(state);
    }
  }

  // What slipped past `beforeinput` is undone here, before anyone else hears of the change
  // (runner.js's preview listens after this).
  function afterInput(state) {
    const { editor } = state;
    if (!allowed(state.lock, editor.value)) {
      editor.value = state.good;
      editor.setSelectionRange(state.selection[0], state.selection[1]);
      refuse(state);
    } else {
      state.good = editor.value;
      if (editor.value === editor.defaultValue) stored('remove', state.key);
      else stored('set', state.key, editor.value);
    }
    draw(state);
  }

  /** Says (to screen readers, and by a flash of the region) that the text there is read-only. */
  function refuse(state) {
    state.frame.classList.remove('ed-refused');
    void state.frame.offsetWidth;
    state.frame.classList.add('ed-refused');
    // Emptied first, so that the same message is announced again.
    state.status.textContent = '';
    setTimeout(() => {
      state.status.textContent = state.lockedMessage;
    }, 30);
  }

  function keyDown(state, event) {
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    if (event.key === 'Escape') {
      state.escaped = true;
      return;
    }
    if (event.key === 'Tab' && plain) {
      // After Escape, Tab does what it does everywhere else: it moves the focus on.
      if (state.escaped) {
        state.escaped = false;
        return;
      }
      event.preventDefault();
      indent(state, event.shiftKey);
      return;
    }
    if (event.key === 'Enter' && plain && !event.shiftKey) {
      // A new line starts where the one above it does.
      const { value, selectionStart } = state.editor;
      const line = value.slice(value.lastIndexOf('\n', selectionStart - 1) + 1, selectionStart);
      const lead = line.match(/^[ \t]*/)[0];
      if (lead) {
        event.preventDefault();
        replace(state, selectionStart, state.editor.selectionEnd, '\n' + lead);
      }
    }
    if (event.key !== 'Shift') state.escaped = false;
  }

  /** Two spaces at the caret; or the selected lines (Shift: the caret's line) in or out by two. */
  function indent(state, out) {
    const { editor } = state;
    const { value, selectionStart: start, selectionEnd: end } = editor;
    if (!out && !value.slice(start, end).includes('\n')) {
      replace(state, start, end, INDENT);
      return;
    }
    const first = value.lastIndexOf('\n', start - 1) + 1;
    const last = end > start && value[end - 1] === '\n' ? end - 1 : end;
    const stop = value.indexOf('\n', last) < 0 ? value.length : value.indexOf('\n', last);
    const block = value.slice(first, stop);
    const lines = block.split('\n');
    const changed = lines.map((l) => (out ? l.replace(/^ {1,2}/, '') : INDENT + l)).join('\n');
    if (changed === block || !replace(state, first, stop, changed)) return;
    if (start === end) {
      const moved = changed.length - block.length;
      const caret = Math.max(first, start + moved);
      editor.setSelectionRange(caret, caret);
    } else {
      editor.setSelectionRange(first, first + changed.length);
    }
  }

  /**
   * Replaces a range as typing would, unless that would change the locked text (execCommand
   * fires no `beforeinput`, so the check is made here): through execCommand, so that the edit
   * lands in the browser's undo history; a browser without it gets setRangeText. Whether the
   * text was replaced.
   */
  function replace(state, from, to, text) {
    const { editor } = state;
    if (!allowed(state.lock, editor.value.slice(0, from) + text + editor.value.slice(to))) {
      refuse(state);
      return false;
    }
    editor.setSelectionRange(from, to);
    let done = false;
    try {
      done = document.execCommand('insertText', false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {
      editor.setRangeText(text, from, to, 'end');
      editor.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return true;
  }

  // ------------------------------------------------------------------ drawing

  /** The highlighted copy and the gutter from the text as it is now. */
  function draw(state) {
    const text = state.editor.value;
    const lines = highlightLines(text, state.lang);
    const region = regionOf(state.lock, text);
    const kind = (n) => (!region ? '' : n < region[0] || n > region[1] ? ' ed-locked' : ' ed-region');
    state.copy.innerHTML = lines.map((html, i) => '<span class="ed-line' + kind(i + 1) + '">' + html + '</span>').join('');
    const regionKey = region ? region.join('-') : '';
    if (state.lineCount !== lines.length || state.regionKey !== regionKey) {
      state.lineCount = lines.length;
      state.regionKey = regionKey;
      let numbers = '';
      for (let n = 1; n <= lines.length; n++) numbers += '<span class="ed-line' + kind(n) + '">' + n + '</span>';
      state.numbers.innerHTML = numbers;
    }
    fit(state);
    follow(state);
  }

  // The textarea is as tall as its lines (it never scrolls up or down, so neither do the copy and
  // the gutter), plus its horizontal scrollbar when it has one.
  function fit(state) {
    for (let tries = 0; tries < 2; tries++) {
      state.editor.style.height = 'calc(' + state.lineCount + ' * var(--ed-lh) + 2 * var(--ed-pad) + ' + state.scrollbar + 'px)';
      const bar = state.editor.offsetHeight - state.editor.clientHeight;
      if (bar === state.scrollbar || !state.editor.offsetHeight) return;
      state.scrollbar = bar;
    }
  }

  function follow(state) {
    const { scrollLeft, scrollTop } = state.editor;
    state.copy.style.transform = 'translate(' + -scrollLeft + 'px,' + -scrollTop + 'px)';
    state.numbers.style.transform = 'translateY(' + -scrollTop + 'px)';
  }

  // ------------------------------------------------------------------ tabs

  /** Several editors: one tab per file (arrow keys, Home and End move between them). */
  function tabs(list) {
    const figures = list.map((e) => e.closest('figure'));
    if (figures.length < 2 || figures.some((f) => !f)) return;
    const heading = figures[0].parentElement.querySelector('h2');
    const bar = el('div', 'ed-tabs');
    bar.setAttribute('role', 'tablist');
    if (heading) {
      heading.id = heading.id || 'files-title';
      bar.setAttribute('aria-labelledby', heading.id);
    }
    const buttons = figures.map((figure, i) => {
      const panel = el('div', 'ed-panel');
      panel.id = 'ed-panel-' + i;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', 'ed-tab-' + i);
      figure.before(panel);
      panel.append(figure);
      const tab = el('button', 'ed-tab');
      tab.type = 'button';
      tab.id = 'ed-tab-' + i;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      const name = figure.querySelector('.filename');
      tab.textContent = name ? name.textContent : String(i + 1);
      bar.append(tab);
      return { tab, panel, editor: list[i] };
    });
    buttons[0].panel.before(bar);
    const select = (i, focus) => {
      buttons.forEach((b, j) => {
        b.tab.setAttribute('aria-selected', String(i === j));
        b.tab.tabIndex = i === j ? 0 : -1;
        b.panel.hidden = i !== j;
      });
      const state = editors.get(buttons[i].editor);
      if (state) draw(state);
      if (focus) buttons[i].tab.focus();
    };
    bar.addEventListener('click', (e) => {
      const i = buttons.findIndex((b) => b.tab === e.target.closest('[role=tab]'));
      if (i >= 0) select(i, true);
    });
    bar.addEventListener('keydown', (e) => {
      const now = buttons.findIndex((b) => b.tab === document.activeElement);
      const n = buttons.length;
      const to = { ArrowRight: now + 1, ArrowLeft: now - 1 + n, Home: 0, End: n - 1 }[e.key];
      if (now < 0 || to === undefined) return;
      e.preventDefault();
      select(to % n, true);
    });
    select(0, false);
  }

  // ------------------------------------------------------------------ runner.js's side

  window.lessonsEditor = {
    /** Takes over runner.js's editors (filled with their seed and shown). */
    start(list) {
      const states = list.map(attach);
      tabs(list);
      // A narrower window can give an editor a horizontal scrollbar, which needs room.
      window.addEventListener('resize', () => states.forEach(fit));
    },
    /** Back to the seed, and nothing kept. */
    reset(editor) {
      const state = editors.get(editor);
      editor.value = editor.defaultValue;
      if (!state) return;
      state.good = editor.value;
      stored('remove', state.key);
      draw(state);
    },
    /** The editor a reset should focus: the one on show. */
    shown(list) {
      return list.find((e) => e.offsetParent !== null) || list[0];
    },
  };
})();
