/**
 * dollar.js — a small jQuery-style `$` for DOM lesson pages, written for this project.
 *
 * freeCodeCamp's lesson frames have jQuery as `$`: hints call it (`$('#x').css('color')`,
 * `.hasClass()`, `.children()`, `.length`…) and so does the learner code of the jQuery lessons
 * (`$(document).ready(…)`, `.addClass()`, `.appendTo()`, `.clone()`…). This file gives the
 * page the part of jQuery 3 those use, with jQuery's semantics (getters read the first element,
 * setters write all of them, `.css()` reads computed styles); tests/dom.rs runs the same table
 * of calls through this file and through real jQuery in Chromium and compares the results.
 *
 * A classic script (ES2020, DOM APIs); defines `globalThis.$` and `globalThis.jQuery`.
 */
(function (global) {
  'use strict';
  const document = global.document;
  if (!document) return;

  // ------------------------------------------------------------------ selectors

  // jQuery's own pseudo-classes, which querySelectorAll does not know. Positional ones
  // (`:even`, `:eq(1)`…) count within the matches of the selector before them.
  const EXT = /:(even|odd|first|last|eq|gt|lt|contains|visible|hidden|header|input|button|text|checkbox|radio|submit|selected|parent|animated)(?:\((["']?)(.*?)\2\))?(?![\w-])/;

  function visible(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }

  const FILTERS = {
    even: (els) => els.filter((_, i) => i % 2 === 0),
    odd: (els) => els.filter((_, i) => i % 2 === 1),
    first: (els) => els.slice(0, 1),
    last: (els) => els.slice(-1),
    eq: (els, n) => {
      const i = Number(n);
      const el = els[i < 0 ? els.length + i : i];
      return el ? [el] : [];
    },
    gt: (els, n) => {
      const i = Number(n);
      return els.slice(i < 0 ? els.length + i + 1 : i + 1);
    },
    lt: (els, n) => {
      const i = Number(n);
      return els.slice(0, i < 0 ? Math.max(0, els.length + i) : i);
    },
    contains: (els, t) => els.filter((el) => (el.textContent || '').includes(t)),
    visible: (els) => els.filter(visible),
    hidden: (els) => els.filter((el) => !visible(el)),
    header: (els) => els.filter((el) => /^H[1-6]$/.test(el.nodeName)),
    input: (els) => els.filter((el) => /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.nodeName)),
    button: (els) => els.filter((el) => el.nodeName === 'BUTTON' || (el.nodeName === 'INPUT' && el.type === 'button')),
    text: (els) => els.filter((el) => el.nodeName === 'INPUT' && el.type === 'text'),
    checkbox: (els) => els.filter((el) => el.nodeName === 'INPUT' && el.type === 'checkbox'),
    radio: (els) => els.filter((el) => el.nodeName === 'INPUT' && el.type === 'radio'),
    submit: (els) => els.filter((el) => el.type === 'submit' && /^(INPUT|BUTTON)$/.test(el.nodeName)),
    selected: (els) => els.filter((el) => el.selected === true),
    parent: (els) => els.filter((el) => el.firstChild !== null),
    animated: () => [],
  };

  // The display an element of this kind has by default (what `.show()` gives back).
  const displays = {};
  function defaultDisplay(el) {
    const name = el.nodeName;
    if (!displays[name]) {
      const probe = document.createElement(name);
      (document.body || document.documentElement).appendChild(probe);
      const d = global.getComputedStyle(probe).display;
      probe.remove();
      displays[name] = d === 'none' || !d ? 'block' : d;
    }
    return displays[name];
  }

  function syntaxError(selector) {
    return new Error('Syntax error, unrecognized expression: ' + selector);
  }

  // Splits a selector list on its top-level commas.
  function splitGroups(selector) {
    const parts = [];
    let depth = 0;
    let quote = null;
    let start = 0;
    for (let i = 0; i < selector.length; i++) {
      const c = selector[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
      else if (c === ',' && depth === 0) {
        parts.push(selector.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(selector.slice(start));
    return parts.map((p) => p.trim());
  }

  function inDocumentOrder(els) {
    const unique = Array.from(new Set(els));
    return unique.sort((a, b) => {
      if (a === b || !a.compareDocumentPosition) return 0;
      const pos = a.compareDocumentPosition(b);
      return pos & 4 ? -1 : pos & 2 ? 1 : 0;
    });
  }

  // One selector group (no top-level comma), possibly with jQuery pseudo-classes.
  function queryGroup(group, roots) {
    const m = EXT.exec(group);
    if (!m) {
      const out = [];
      for (const root of roots) {
        try {
          out.push(...root.querySelectorAll(group));
        } catch (e) {
          throw syntaxError(group);
        }
      }
      return roots.length > 1 ? inDocumentOrder(out) : out;
    }
    const before = group.slice(0, m.index).trim();
    const after = group.slice(m.index + m[0].length);
    let els = queryGroup(before === '' || /[\s>+~]$/.test(before) ? before + '*' : before, roots);
    els = FILTERS[m[1]](els, m[3]);
    if (after.trim() === '') return els;
    // What follows applies to the filtered elements: more pseudo-classes, or descendants.
    if (/^[\s>+~]/.test(after)) {
      const rest = after.trim();
      const scoped = /^[>+~]/.test(rest) ? ':scope ' + rest : rest;
      return inDocumentOrder(els.flatMap((el) => queryGroup(scoped, [el])));
    }
    return els.filter((el) => matches(el, '*' + after));
  }

  function query(selector, root) {
    const groups = splitGroups(selector);
    if (groups.some((g) => g === '')) throw syntaxError(selector);
    try {
      const found = groups.flatMap((g) => queryGroup(g, [root || document]));
      return groups.length > 1 ? inDocumentOrder(found) : found;
    } catch (e) {
      throw invalid(selector);
    }
  }

  // The error jQuery gives for a selector it cannot read: an unknown pseudo-class by name,
  // otherwise the whole selector.
  function invalid(selector) {
    const re = /:([\w-]+)/g;
    let m;
    while ((m = re.exec(selector))) {
      if (EXT.test(m[0])) continue;
      try {
        document.querySelector('*:' + m[1]);
      } catch (e) {
        try {
          document.querySelector('*:' + m[1] + '(a)');
        } catch (e2) {
          return syntaxError('unsupported pseudo: ' + m[1]);
        }
      }
    }
    return syntaxError(selector);
  }

  function matches(el, selector) {
    if (!el || el.nodeType !== 1) return false;
    if (!EXT.test(selector)) {
      try {
        return el.matches(selector);
      } catch (e) {
        throw invalid(selector);
      }
    }
    const root = el.ownerDocument || document;
    return query(selector, root).includes(el);
  }

  // ------------------------------------------------------------------ the wrapper

  function jQuery(selector, context) {
    return new Wrapper(selector, context);
  }

  function isArrayLike(v) {
    return v != null && typeof v === 'object' && typeof v.length === 'number' && v !== global && v.nodeType === undefined;
  }

  function parseHTML(html) {
    const t = document.createElement('template');
    t.innerHTML = html.trim();
    return Array.from(t.content.childNodes);
  }

  function Wrapper(selector, context) {
    let els = [];
    if (selector == null || selector === '') {
      els = [];
    } else if (typeof selector === 'function') {
      return jQuery(document).ready(selector);
    } else if (typeof selector === 'string') {
      const s = selector.trim();
      if (s[0] === '<' && s[s.length - 1] === '>' && s.length >= 3) {
        els = parseHTML(s);
      } else if (context != null) {
        els = jQuery(context).find(selector).get();
      } else {
        els = query(selector, document);
      }
    } else if (selector instanceof Wrapper) {
      els = selector.get();
    } else if (selector.nodeType || selector === global) {
      els = [selector];
    } else if (isArrayLike(selector)) {
      els = Array.from(selector);
    } else {
      els = [selector];
    }
    for (let i = 0; i < els.length; i++) this[i] = els[i];
    this.length = els.length;
  }

  const fn = Wrapper.prototype;
  jQuery.fn = fn;
  fn.jquery = '3.7.1';
  fn.constructor = jQuery;

  const from = (els) => jQuery(inDocumentOrder(els.filter((e) => e != null)));
  const elementsOf = (w) => Array.prototype.filter.call(w, (e) => e && e.nodeType === 1);
  const each = (w, f) => {
    for (let i = 0; i < w.length; i++) f(w[i], i);
    return w;
  };
  const camel = (s) => s.replace(/^-ms-/, 'ms-').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const hyphen = (s) => (s.startsWith('--') ? s : s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
  // Properties jQuery does not append `px` to when given a number.
  const UNITLESS = /^(?:animationIterationCount|aspectRatio|borderImageOutset|borderImageSlice|borderImageWidth|boxFlex|boxFlexGroup|boxOrdinalGroup|columnCount|columns|fillOpacity|flex|flexGrow|flexPositive|flexShrink|flexNegative|flexOrder|floodOpacity|fontWeight|gridArea|gridColumn|gridColumnEnd|gridColumnStart|gridRow|gridRowEnd|gridRowStart|lineHeight|lineClamp|opacity|order|orphans|scale|stopOpacity|strokeMiterlimit|strokeOpacity|tabSize|widows|zIndex|zoom)$/;

  // What a filter argument accepts: a selector, a function, an element or a wrapper.
  function predicate(test) {
    if (typeof test === 'string') return (el) => matches(el, test);
    if (typeof test === 'function') return (el, i) => !!test.call(el, i, el);
    if (test == null) return () => false;
    const set = test.nodeType ? [test] : Array.from(test);
    return (el) => set.includes(el);
  }

  Object.assign(fn, {
    get(i) {
      if (i === undefined) return Array.prototype.slice.call(this);
      return this[i < 0 ? this.length + i : i];
    },
    toArray() {
      return this.get();
    },
    each(f) {
      for (let i = 0; i < this.length; i++) if (f.call(this[i], i, this[i]) === false) break;
      return this;
    },
    map(f) {
      const out = [];
      for (let i = 0; i < this.length; i++) {
        const v = f.call(this[i], i, this[i]);
        if (v != null) Array.isArray(v) ? out.push(...v) : out.push(v);
      }
      return jQuery(out);
    },
    eq(i) {
      const el = this.get(i);
      return jQuery(el === undefined ? [] : [el]);
    },
    first() {
      return this.eq(0);
    },
    last() {
      return this.eq(-1);
    },
    slice(a, b) {
      return jQuery(this.get().slice(a, b));
    },
    filter(test) {
      const p = predicate(test);
      return jQuery(this.get().filter((el, i) => p(el, i)));
    },
    not(test) {
      const p = predicate(test);
      return jQuery(this.get().filter((el, i) => !p(el, i)));
    },
    is(test) {
      const p = predicate(test);
      return this.get().some((el, i) => p(el, i));
    },
    has(sel) {
      return this.filter((_, el) => (typeof sel === 'string' ? query(sel, el).length > 0 : el !== sel && el.contains(sel)));
    },
    index(el) {
      if (el === undefined) {
        const first = this[0];
        return first && first.parentNode ? Array.from(first.parentNode.children).indexOf(first) : -1;
      }
      if (typeof el === 'string') return jQuery(el).get().indexOf(this[0]);
      return this.get().indexOf(el && el.nodeType ? el : el[0]);
    },
    add(sel, ctx) {
      return from(this.get().concat(jQuery(sel, ctx).get()));
    },
    find(sel) {
      if (typeof sel !== 'string') {
        const wanted = jQuery(sel).get();
        return jQuery(wanted.filter((w) => this.get().some((el) => el !== w && el.contains(w))));
      }
      const found = [];
      for (const el of elementsOf(this).concat(this.get().filter((e) => e.nodeType === 9 || e.nodeType === 11))) {
        const scoped = /^\s*[>+~]/.test(sel) ? ':scope ' + sel : sel;
        found.push(...query(scoped, el));
      }
      return from(found);
    },
    children(sel) {
      const kids = elementsOf(this).flatMap((el) => Array.from(el.children));
      return jQuery(inDocumentOrder(kids)).filter(sel === undefined ? () => true : sel);
    },
    contents() {
      return jQuery(this.get().flatMap((el) => Array.from(el.childNodes)));
    },
    parent(sel) {
      const ps = this.get().map((el) => el.parentNode).filter((p) => p && p.nodeType !== 11);
      return from(ps).filter(sel === undefined ? () => true : sel);
    },
    parents(sel) {
      const out = [];
      for (const el of this.get()) {
        for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) out.push(p);
      }
      const all = jQuery(Array.from(new Set(out)).reverse()).get();
      const sorted = inDocumentOrder(all).reverse();
      return jQuery(sorted).filter(sel === undefined ? () => true : sel);
    },
    closest(sel) {
      const out = [];
      for (const el of this.get()) {
        for (let c = el; c && c.nodeType === 1; c = c.parentNode) {
          if (matches(c, sel)) {
            out.push(c);
            break;
          }
        }
      }
      return from(out);
    },
    siblings(sel) {
      const out = [];
      for (const el of elementsOf(this)) {
        if (el.parentNode) out.push(...Array.from(el.parentNode.children).filter((s) => s !== el));
      }
      return from(out).filter(sel === undefined ? () => true : sel);
    },
    next(sel) {
      return from(elementsOf(this).map((el) => el.nextElementSibling)).filter(sel === undefined ? () => true : sel);
    },
    prev(sel) {
      return from(elementsOf(this).map((el) => el.previousElementSibling)).filter(sel === undefined ? () => true : sel);
    },
    end() {
      return this;
    },

    // ---------------------------------------------------------------- reading and writing

    attr(name, value) {
      if (typeof name === 'object') {
        for (const k of Object.keys(name)) this.attr(k, name[k]);
        return this;
      }
      if (value === undefined) {
        const el = this[0];
        if (!el || el.nodeType !== 1) return undefined;
        const v = el.getAttribute(name);
        return v === null ? undefined : v;
      }
      return each(this, (el, i) => {
        if (el.nodeType !== 1) return;
        const v = typeof value === 'function' ? value.call(el, i, el.getAttribute(name)) : value;
        if (v === null) el.removeAttribute(name);
        else el.setAttribute(name, String(v));
      });
    },
    removeAttr(name) {
      return each(this, (el) => {
        if (el.nodeType === 1) for (const n of String(name).split(/\s+/)) if (n) el.removeAttribute(n);
      });
    },
    prop(name, value) {
      if (typeof name === 'object') {
        for (const k of Object.keys(name)) this.prop(k, name[k]);
        return this;
      }
      if (value === undefined) return this[0] ? this[0][name] : undefined;
      return each(this, (el, i) => {
        el[name] = typeof value === 'function' ? value.call(el, i, el[name]) : value;
      });
    },
    removeProp(name) {
      return each(this, (el) => {
        delete el[name];
      });
    },
    data(key, value) {
      const el = this[0];
      if (key === undefined) return el && el.dataset ? Object.assign({}, el.dataset) : undefined;
      if (value === undefined) {
        if (!el || !el.dataset) return undefined;
        const v = el.dataset[camel(key)];
        if (v === undefined) return undefined;
        try {
          return /^(?:\{[\w\W]*\}|\[[\w\W]*\]|true|false|null|-?\d+(?:\.\d+)?)$/.test(v) ? JSON.parse(v) : v;
        } catch (e) {
          return v;
        }
      }
      return each(this, (e) => {
        if (e.dataset) e.dataset[camel(key)] = typeof value === 'string' ? value : JSON.stringify(value);
      });
    },
    css(name, value) {
      if (Array.isArray(name)) {
        const out = {};
        for (const n of name) out[n] = this.css(n);
        return out;
      }
      if (typeof name === 'object' && name !== null) {
        for (const k of Object.keys(name)) this.css(k, name[k]);
        return this;
      }
      if (value === undefined) {
        const el = this[0];
        if (!el || el.nodeType !== 1) return undefined;
        const computed = global.getComputedStyle(el);
        const prop = hyphen(name);
        let v = computed.getPropertyValue(prop);
        if (v === '' && !el.isConnected) v = el.style.getPropertyValue(prop);
        return v;
      }
      return each(this, (el, i) => {
        if (el.nodeType !== 1) return;
        let v = typeof value === 'function' ? value.call(el, i, this.eq(i).css(name)) : value;
        if (typeof v === 'number' && !UNITLESS.test(camel(name)) && !name.startsWith('--')) v += 'px';
        if (v === null || v === '') el.style.removeProperty(hyphen(name));
        else el.style.setProperty(hyphen(name), String(v));
      });
    },
    text(value) {
      if (value === undefined) return this.get().map((el) => el.textContent).join('');
      return each(this, (el, i) => {
        el.textContent = typeof value === 'function' ? value.call(el, i, el.textContent) : String(value);
      });
    },
    html(value) {
      if (value === undefined) return this[0] && this[0].nodeType === 1 ? this[0].innerHTML : undefined;
      return each(this, (el, i) => {
        el.innerHTML = typeof value === 'function' ? value.call(el, i, el.innerHTML) : String(value);
      });
    },
    val(value) {
      if (value === undefined) {
        const el = this[0];
        if (!el) return undefined;
        if (el.nodeName === 'SELECT' && el.multiple) return Array.from(el.selectedOptions).map((o) => o.value);
        return el.value;
      }
      return each(this, (el) => {
        if (Array.isArray(value) && el.nodeName === 'SELECT') {
          for (const o of el.options) o.selected = value.includes(o.value);
        } else if (Array.isArray(value) && (el.type === 'checkbox' || el.type === 'radio')) {
          el.checked = value.includes(el.value);
        } else {
          el.value = value == null ? '' : String(value);
        }
      });
    },
    addClass(names) {
      return each(this, (el, i) => {
        const list = typeof names === 'function' ? names.call(el, i, el.className) : names;
        if (el.classList) for (const c of String(list || '').split(/\s+/)) if (c) el.classList.add(c);
      });
    },
    removeClass(names) {
      return each(this, (el, i) => {
        if (!el.classList) return;
        if (names === undefined) {
          el.setAttribute('class', '');
          return;
        }
        const list = typeof names === 'function' ? names.call(el, i, el.className) : names;
        for (const c of String(list || '').split(/\s+/)) if (c) el.classList.remove(c);
      });
    },
    toggleClass(names, state) {
      return each(this, (el) => {
        if (!el.classList) return;
        for (const c of String(names || '').split(/\s+/)) {
          if (!c) continue;
          if (state === undefined) el.classList.toggle(c);
          else el.classList.toggle(c, !!state);
        }
      });
    },
    hasClass(name) {
      return this.get().some((el) => el.nodeType === 1 && (' ' + (el.getAttribute('class') || '') + ' ').replace(/[\t\r\n\f]/g, ' ').includes(' ' + name + ' '));
    },
    width() {
      const el = this[0];
      if (!el) return undefined;
      if (el === global) return global.innerWidth;
      if (el.nodeType === 9) return el.documentElement.scrollWidth;
      const s = global.getComputedStyle(el);
      return parseFloat(s.width) || 0;
    },
    height() {
      const el = this[0];
      if (!el) return undefined;
      if (el === global) return global.innerHeight;
      if (el.nodeType === 9) return el.documentElement.scrollHeight;
      const s = global.getComputedStyle(el);
      return parseFloat(s.height) || 0;
    },
    offset() {
      const el = this[0];
      if (!el || !el.getBoundingClientRect) return undefined;
      const r = el.getBoundingClientRect();
      return { top: r.top + global.pageYOffset, left: r.left + global.pageXOffset };
    },
    show() {
      return each(this, (el) => {
        if (!el.style) return;
        el.style.display = '';
        if (global.getComputedStyle(el).display === 'none') el.style.display = defaultDisplay(el);
      });
    },
    hide() {
      return each(this, (el) => {
        if (el.style) el.style.display = 'none';
      });
    },
    toggle(state) {
      return each(this, (el) => {
        const hidden = el.style && global.getComputedStyle(el).display === 'none';
        const show = state === undefined ? hidden : !!state;
        jQuery(el)[show ? 'show' : 'hide']();
      });
    },

    // ---------------------------------------------------------------- changing the tree

    append(...contents) {
      return insert(this, contents, (target, node) => target.appendChild(node));
    },
    prepend(...contents) {
      return insert(this, contents, (target, node) => target.insertBefore(node, target.firstChild));
    },
    after(...contents) {
      return insert(this, contents, (target, node) => target.parentNode && target.parentNode.insertBefore(node, target.nextSibling), true);
    },
    before(...contents) {
      return insert(this, contents, (target, node) => target.parentNode && target.parentNode.insertBefore(node, target));
    },
    appendTo(target) {
      return moveTo(this, target, 'append');
    },
    prependTo(target) {
      return moveTo(this, target, 'prepend');
    },
    insertAfter(target) {
      return moveTo(this, target, 'after');
    },
    insertBefore(target) {
      return moveTo(this, target, 'before');
    },
    replaceWith(content) {
      return each(this, (el) => {
        if (!el.parentNode) return;
        const nodes = toNodes([content]);
        for (const n of nodes) el.parentNode.insertBefore(n, el);
        el.parentNode.removeChild(el);
      });
    },
    wrap(html) {
      return each(this, (el) => {
        const w = toNodes([html])[0];
        if (!w || !el.parentNode) return;
        const wrapper = w.cloneNode(true);
        el.parentNode.insertBefore(wrapper, el);
        let inner = wrapper;
        while (inner.firstElementChild) inner = inner.firstElementChild;
        inner.appendChild(el);
      });
    },
    remove(sel) {
      return each(this, (el) => {
        if (sel !== undefined && !matches(el, sel)) return;
        if (el.parentNode) el.parentNode.removeChild(el);
      });
    },
    detach(sel) {
      return this.remove(sel);
    },
    empty() {
      return each(this, (el) => {
        while (el.firstChild) el.removeChild(el.firstChild);
      });
    },
    clone() {
      return jQuery(this.get().map((el) => el.cloneNode(true)));
    },

    // ---------------------------------------------------------------- events

    ready(f) {
      if (typeof f !== 'function') return this;
      const run = () => f.call(document, jQuery);
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
      else global.setTimeout(run);
      return this;
    },
    on(types, sel, handler) {
      if (typeof sel === 'function') {
        handler = sel;
        sel = undefined;
      }
      if (typeof handler !== 'function') return this;
      return each(this, (el) => {
        for (const type of String(types).split(/\s+/)) {
          if (!type) continue;
          const name = type.split('.')[0];
          const listener = function (event) {
            let target = this;
            if (sel) {
              target = null;
              for (let t = event.target; t && t !== el; t = t.parentNode) {
                if (matches(t, sel)) {
                  target = t;
                  break;
                }
              }
              if (!target) return;
            }
            const r = handler.call(target, event);
            if (r === false) {
              event.preventDefault();
              event.stopPropagation();
            }
          };
          listeners.push({ el, type, handler, listener });
          el.addEventListener(name, listener);
        }
      });
    },
    off(types, handler) {
      return each(this, (el) => {
        for (let i = listeners.length - 1; i >= 0; i--) {
          const l = listeners[i];
          if (l.el !== el) continue;
          if (types !== undefined && !String(types).split(/\s+/).includes(l.type)) continue;
          if (handler !== undefined && l.handler !== handler) continue;
          el.removeEventListener(l.type.split('.')[0], l.listener);
          listeners.splice(i, 1);
        }
      });
    },
    one(types, handler) {
      const self = this;
      const once = function (e) {
        self.off(types, once);
        return handler.call(this, e);
      };
      return this.on(types, once);
    },
    trigger(type) {
      return each(this, (el) => {
        const name = typeof type === 'string' ? type : type.type;
        if (typeof el[name] === 'function' && /^(click|focus|blur|submit|select|reset)$/.test(name)) el[name]();
        else el.dispatchEvent(new global.Event(name, { bubbles: true, cancelable: true }));
      });
    },
  });

  const listeners = [];
  for (const name of ['click', 'dblclick', 'submit', 'change', 'input', 'keydown', 'keyup', 'keypress', 'focus', 'blur', 'mouseover', 'mouseout', 'mouseenter', 'mouseleave', 'mousedown', 'mouseup', 'resize', 'scroll', 'select']) {
    fn[name] = function (handler) {
      return handler === undefined ? this.trigger(name) : this.on(name, handler);
    };
  }

  function toNodes(contents) {
    const out = [];
    for (const c of contents) {
      if (c == null) continue;
      if (typeof c === 'string') {
        const s = c.trim();
        if (s[0] === '<') out.push(...parseHTML(s));
        else out.push(document.createTextNode(c));
      } else if (c.nodeType) out.push(c);
      else if (isArrayLike(c)) out.push(...Array.from(c));
      else out.push(document.createTextNode(String(c)));
    }
    return out;
  }

  // Inserts into every target: the last target gets the nodes themselves, the others clones
  // (as jQuery does).
  function insert(w, contents, put, reverse) {
    const nodes = toNodes(contents);
    const targets = w.get();
    targets.forEach((target, i) => {
      const last = i === targets.length - 1;
      const list = reverse ? nodes.slice().reverse() : nodes;
      for (const n of list) put(target, last ? n : n.cloneNode(true));
    });
    return w;
  }

  function moveTo(w, target, how) {
    const targets = jQuery(target);
    const inserted = [];
    targets.get().forEach((t, i) => {
      const last = i === targets.length - 1;
      const nodes = w.get().map((n) => (last ? n : n.cloneNode(true)));
      inserted.push(...nodes);
      jQuery(t)[how](nodes);
    });
    return jQuery(inserted);
  }

  // ------------------------------------------------------------------ statics

  Object.assign(jQuery, {
    each(obj, f) {
      if (isArrayLike(obj) || Array.isArray(obj)) {
        for (let i = 0; i < obj.length; i++) if (f.call(obj[i], i, obj[i]) === false) break;
      } else {
        for (const k of Object.keys(obj)) if (f.call(obj[k], k, obj[k]) === false) break;
      }
      return obj;
    },
    map(arr, f) {
      const out = [];
      const keys = isArrayLike(arr) || Array.isArray(arr) ? Array.from(arr, (_, i) => i) : Object.keys(arr);
      for (const k of keys) {
        const v = f(arr[k], k);
        if (v != null) Array.isArray(v) ? out.push(...v) : out.push(v);
      }
      return out;
    },
    grep(arr, f, invert) {
      return Array.from(arr).filter((v, i) => !!f(v, i) !== !!invert);
    },
    inArray(v, arr, from) {
      return arr == null ? -1 : Array.prototype.indexOf.call(arr, v, from);
    },
    extend(...args) {
      let deep = false;
      if (typeof args[0] === 'boolean') deep = args.shift();
      const target = args.length === 1 ? jQuery : args.shift() || {};
      for (const src of args) {
        if (src == null) continue;
        for (const k of Object.keys(src)) {
          const v = src[k];
          if (deep && v && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) {
            const base = target[k] && typeof target[k] === 'object' ? target[k] : Array.isArray(v) ? [] : {};
            target[k] = jQuery.extend(true, base, v);
          } else if (v !== undefined) target[k] = v;
        }
      }
      return target;
    },
    trim(s) {
      return s == null ? '' : String(s).trim();
    },
    isArray: Array.isArray,
    isFunction: (v) => typeof v === 'function',
    isNumeric: (v) => (typeof v === 'number' || typeof v === 'string') && !isNaN(v - parseFloat(v)),
    isPlainObject: (v) => v != null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v)),
    isEmptyObject: (v) => {
      for (const _ in v) return false;
      return true;
    },
    type(v) {
      if (v == null) return String(v);
      const t = Object.prototype.toString.call(v).slice(8, -1).toLowerCase();
      return typeof v === 'object' || typeof v === 'function' ? t : typeof v;
    },
    makeArray: (v) => (v == null ? [] : isArrayLike(v) ? Array.from(v) : [v]),
    merge(a, b) {
      let n = a.length;
      for (let i = 0; i < b.length; i++) a[n++] = b[i];
      a.length = n;
      return a;
    },
    contains: (a, b) => a !== b && a.contains(b),
    parseHTML: (s) => parseHTML(String(s)),
    parseJSON: (s) => JSON.parse(s),
    noop() {},
    now: () => Date.now(),
    ajax(url, options) {
      if (typeof url === 'object') {
        options = url;
        url = options.url;
      }
      options = options || {};
      const method = (options.method || options.type || 'GET').toUpperCase();
      let body;
      if (options.data !== undefined && method !== 'GET') {
        body = typeof options.data === 'string' ? options.data : new URLSearchParams(options.data).toString();
      }
      const p = global.fetch(url, { method, body, headers: body && typeof options.data !== 'string' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : undefined }).then(async (r) => {
        const text = await r.text();
        if (!r.ok) throw Object.assign(new Error(r.statusText), { status: r.status, responseText: text });
        const type = options.dataType || (/json/.test(r.headers.get('content-type') || '') ? 'json' : 'text');
        return type === 'json' ? JSON.parse(text) : text;
      });
      if (options.success) p.then(options.success);
      if (options.error) p.catch(options.error);
      return p;
    },
    get(url, data, success) {
      if (typeof data === 'function') return jQuery.ajax(url, { success: data });
      const q = data ? (url.includes('?') ? '&' : '?') + new URLSearchParams(data) : '';
      return jQuery.ajax(url + q, { success });
    },
    getJSON(url, data, success) {
      if (typeof data === 'function') return jQuery.ajax(url, { dataType: 'json', success: data });
      return jQuery.ajax(url, { dataType: 'json', data, success });
    },
    post(url, data, success) {
      return jQuery.ajax(url, { method: 'POST', data, success });
    },
  });

  global.jQuery = global.$ = jQuery;
})(globalThis);
