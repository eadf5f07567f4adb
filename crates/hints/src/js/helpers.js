/**
 * helpers.js — `__helpers` for lesson hints: the JavaScript-related functions of freeCodeCamp's
 * `@freecodecamp/curriculum-helpers`, written for this project from their documented behaviour.
 *
 * Like assert.js, this one file is loaded unchanged by the `lessons` binary's embedded engine
 * (QuickJS) and by lesson pages in the browser, so it is a classic script in plain ES2020 with no
 * Node or DOM APIs. It defines `globalThis.__helpers`.
 *
 * Provided: removeJSComments, removeWhiteSpace, removeHtmlComments, removeCssComments,
 * escapeRegExp, concatRegex, functionRegex, functionRegExString, getFunctionParams,
 * isCalledWithNoArgs, permutateRegex, retryingTest, spyOn, spyOnCallbacks, RandomMocker, and,
 * for DOM lesson pages only (they read a `document`), CSSHelp and prepTestComponent. Left out (and why) is listed in README.md.
 */
(function (global) {
  'use strict';

  // Keywords after which a `/` starts a regular expression rather than a division.
  const REGEX_AFTER_WORD = /^(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/;

  /**
   * Removes // and /* *\/ comments from JavaScript source, leaving strings, template literals and
   * regular expression literals alone (so a URL in a string survives). A line comment keeps its
   * line break; a block comment that starts its line also takes the line break after it, so no
   * blank line is left behind. Block comments nest, as the curriculum's helper documents. Source
   * that cannot be tokenised (an unclosed string, comment or regex) is returned unchanged.
   */
  function removeJSComments(code) {
    try {
      return stripComments(String(code));
    } catch (e) {
      return code;
    }
  }

  function stripComments(src) {
    let out = '';
    let i = 0;
    let prev = ''; // last significant token, to tell a regex from a division
    const braces = []; // for each open `{`: true when it opened a template literal's ${ … }
    const n = src.length;
    const malformed = () => { throw new Error('malformed'); };

    const readQuoted = (q) => {
      let j = i + 1;
      while (j < n && src[j] !== q) {
        if (src[j] === '\\') j++;
        else if (src[j] === '\n') malformed();
        j++;
      }
      if (j >= n) malformed();
      return j + 1;
    };
    // Reads template text from i (just after ` or }) up to the closing ` or the next ${.
    const readTemplate = () => {
      let j = i;
      while (j < n) {
        if (src[j] === '\\') j += 2;
        else if (src[j] === '`') return { end: j + 1, open: false };
        else if (src[j] === '$' && src[j + 1] === '{') return { end: j + 2, open: true };
        else j++;
      }
      return malformed();
    };
    const readRegex = () => {
      let j = i + 1;
      let inClass = false;
      while (j < n) {
        const c = src[j];
        if (c === '\n') malformed();
        if (c === '\\') j++;
        else if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        j++;
      }
      if (j >= n) malformed();
      j++;
      while (j < n && /[a-z]/i.test(src[j])) j++;
      return j;
    };

    while (i < n) {
      const c = src[i];
      const next = src[i + 1];
      if (c === '/' && next === '/') {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      if (c === '/' && next === '*') {
        let depth = 1;
        let j = i + 2;
        while (j < n && depth) {
          if (src[j] === '/' && src[j + 1] === '*') { depth++; j += 2; }
          else if (src[j] === '*' && src[j + 1] === '/') { depth--; j += 2; }
          else j++;
        }
        if (depth) malformed();
        const startsLine = /(^|\n)[ \t]*$/.test(out);
        if (startsLine && src[j] === '\n') j++;
        else if (startsLine && src[j] === '\r' && src[j + 1] === '\n') j += 2;
        i = j;
        continue;
      }
      let end;
      if (c === '"' || c === "'") {
        end = readQuoted(c);
        prev = 'value';
      } else if (c === '`' || (c === '}' && braces[braces.length - 1] === true)) {
        if (c === '}') braces.pop();
        i++;
        const t = readTemplate();
        if (t.open) braces.push(true);
        out += src.slice(i - 1, t.end);
        i = t.end;
        prev = t.open ? '{' : 'value';
        continue;
      } else if (c === '/') {
        // 'value' (a string or regex just ended) and words, ) and ] mean a division follows.
        const regexStart = prev === '' || /^[^\w$)\]]/.test(prev) || REGEX_AFTER_WORD.test(prev);
        if (regexStart) {
          end = readRegex();
          prev = 'value';
        } else {
          end = i + 1;
          prev = '/';
        }
      } else if (/[\w$]/.test(c)) {
        end = i + 1;
        while (end < n && /[\w$]/.test(src[end])) end++;
        prev = src.slice(i, end);
      } else {
        end = i + 1;
        if (c === '{') braces.push(false);
        if (c === '}') braces.pop();
        if (!/\s/.test(c)) prev = c;
      }
      out += src.slice(i, end);
      i = end;
    }
    return out;
  }

  /** Removes every whitespace character (spaces, tabs, line breaks…). */
  function removeWhiteSpace(str) {
    return String(str).replace(/\s/g, '');
  }

  /** Removes <!-- … --> comments; an unclosed comment runs to the end of the text. */
  function removeHtmlComments(str) {
    return String(str).replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  }

  /** Removes /* … *\/ comments from CSS. */
  function removeCssComments(str) {
    return String(str).replace(/\/\*[\s\S]*?\*\//g, '');
  }

  /** Escapes the characters that have a meaning in a regular expression. */
  function escapeRegExp(str) {
    return String(str).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }

  /** Joins regular expressions (or pattern strings) into one regex; flags are not kept. */
  function concatRegex(...parts) {
    return new RegExp(parts.map((p) => (p instanceof RegExp ? p.source : new RegExp(p).source)).join(''));
  }

  /**
   * A regex that finds a function definition: `function name(params) {…}`, `name = (params) => …`
   * (with an optional let/const/var) or `name = function (params) {…}`. `name` null matches
   * anonymous functions; `params` omitted matches any parameter list; whitespace is free.
   * Options: `capture` (default false) puts the whole definition in group 1; `includeBody`
   * (default true) — when false the match stops just after the opening `{` (or after `=>` for an
   * arrow function without braces). An arrow function without braces has no known end, so its
   * body matches greedily to the end of the text.
   */
  function functionRegex(name, params, options) {
    return new RegExp(functionRegExString(name, params, options));
  }

  function functionRegExString(name, params, options) {
    const opts = Object.assign({ capture: false, includeBody: true }, options);
    const id = name ? escapeRegExp(name) : null;
    const list = Array.isArray(params)
      ? params.map((p) => escapeRegExp(p)).join('\\s*,\\s*')
      : '[^)]*';
    const bare = Array.isArray(params) ? (params.length === 1 ? escapeRegExp(params[0]) : null) : '[\\w$]+';
    const parens = '\\(\\s*' + list + '\\s*\\)';
    const arrowParams = bare ? '(?:' + parens + '|' + bare + ')' : parens;
    const block = opts.includeBody ? '\\{[\\s\\S]*?\\}' : '\\{';
    const arrowBody = opts.includeBody ? '(?:\\{[\\s\\S]*?\\}|[\\s\\S]*)' : '\\{?';
    const binding = id ? '(?:(?:let|const|var)\\s+)?(?<![\\w$])' + id + '\\s*=\\s*' : '';
    const forms = [
      '(?:async\\s+)?function\\s*\\*?\\s*' + (id ? '(?<![\\w$])' + id : '[\\w$]*') + '\\s*' + parens + '\\s*' + block,
      binding + '(?:async\\s*)?' + arrowParams + '\\s*=>\\s*' + arrowBody,
    ];
    if (id) forms.push(binding + '(?:async\\s+)?function\\s*\\*?\\s*[\\w$]*\\s*' + parens + '\\s*' + block);
    return (opts.capture ? '(' : '(?:') + forms.join('|') + ')';
  }

  // Splits on commas that are not nested in brackets or strings.
  function splitTopLevel(text) {
    const parts = [];
    let depth = 0;
    let quote = null;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
      else if (c === ',' && depth === 0) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(text.slice(start));
    return parts.map((p) => p.trim()).filter(Boolean);
  }

  /**
   * The parameters of the first function defined in `code` (declaration, function expression or
   * arrow function), as `[{ name, defaultValue }]`. A string default is given without its quotes;
   * any other default as its source text; `defaultValue` is undefined when there is none.
   * Destructured and rest parameters keep their source text as the name (`{a, b}`, `...rest`).
   */
  function getFunctionParams(code) {
    const src = removeJSComments(String(code));
    const paren = src.indexOf('(');
    const bareArrow = /([\w$]+)\s*=>/.exec(src);
    if (bareArrow && (paren === -1 || bareArrow.index < paren)) return [{ name: bareArrow[1], defaultValue: undefined }];
    if (paren === -1) return [];
    let depth = 0;
    let end = paren;
    for (; end < src.length; end++) {
      if (src[end] === '(') depth++;
      else if (src[end] === ')' && --depth === 0) break;
    }
    return splitTopLevel(src.slice(paren + 1, end)).map((param) => {
      const eq = findDefaultEquals(param);
      if (eq === -1) return { name: param, defaultValue: undefined };
      const value = param.slice(eq + 1).trim();
      const quoted = /^(['"`])([\s\S]*)\1$/.exec(value);
      return { name: param.slice(0, eq).trim(), defaultValue: quoted ? quoted[2] : value };
    });
  }

  // Index of the `=` that introduces a default value (not inside brackets, not `==` or `=>`).
  function findDefaultEquals(param) {
    let depth = 0;
    for (let i = 0; i < param.length; i++) {
      const c = param[i];
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
      else if (c === '=' && depth === 0 && param[i + 1] !== '=' && param[i + 1] !== '>' && !'=!<>'.includes(param[i - 1])) return i;
    }
    return -1;
  }

  /**
   * True when `code` (comments ignored) calls `name` with no arguments, e.g. `name()` or
   * `obj.name( )`. A declaration `function name() {` is not a call.
   */
  function isCalledWithNoArgs(name, code) {
    const re = new RegExp('(?<!function\\s*\\*?\\s*)(?<![\\w$])' + escapeRegExp(name) + '\\s*\\(\\s*\\)(?!\\s*\\{)');
    return re.test(removeJSComments(String(code)));
  }

  /**
   * A regex matching the given regexes (or pattern strings) in any order: every permutation,
   * its parts joined by `elementsSeparator` (default `\s*\|\|\s*`), the permutations joined by
   * `permutationsSeparator` (default `|`), in one group (capturing when `capture`). Named
   * groups and their back-references get the permutation's number as a suffix, so that names
   * stay unique and each back-reference points into its own permutation.
   */
  function permutateRegex(regexes, options) {
    const opts = Object.assign({ capture: false, elementsSeparator: '\\s*\\|\\|\\s*', permutationsSeparator: '|' }, options);
    const sources = regexes.map((r) => (r instanceof RegExp ? r.source : new RegExp(r).source));
    const orders = [];
    const permute = (rest, taken) => {
      if (rest.length === 0) {
        orders.push(taken);
        return;
      }
      rest.forEach((item, i) => permute(rest.slice(0, i).concat(rest.slice(i + 1)), taken.concat([item])));
    };
    permute(sources, []);
    const body = orders
      .map((order, n) =>
        order
          .join(opts.elementsSeparator)
          .replace(/\(\?<([A-Za-z0-9_]+)>/g, (_, name) => '(?<' + name + '_' + n + '>')
          .replace(/\\k<([A-Za-z0-9_]+)>/g, (_, name) => '\\k<' + name + '_' + n + '>'),
      )
      .join(opts.permutationsSeparator);
    return new RegExp((opts.capture ? '(' : '(?:') + body + ')');
  }

  /**
   * Resolves once `test()` returns something truthy, trying again every millisecond or so;
   * rejects with `new Error(message)` after `tries` tries (default 20). For pages whose
   * elements appear a moment after they load.
   */
  function retryingTest(test, message, tries = 20) {
    return new Promise((resolve, reject) => {
      const attempt = (left) => {
        if (left < 1) {
          reject(new Error(message));
          return;
        }
        if (test()) {
          resolve();
          return;
        }
        setTimeout(() => attempt(left - 1), 1);
      };
      attempt(tries);
    });
  }

  // ------------------------------------------------------------------ spies and randomness

  /**
   * Replaces `obj[method]` with a spy that calls the original (with the same `this`) and
   * records each call's arguments in `calls` and its result in `returns`; `restore()` puts the
   * original back. Throws a TypeError when `obj[method]` is not a function.
   */
  function spyOn(obj, method) {
    const original = obj[method];
    if (typeof original !== 'function') throw new TypeError('spyOn can only be called on function properties');
    const calls = [];
    const returns = [];
    const spy = function (...args) {
      calls.push(args);
      const result = original.apply(this, args);
      returns.push(result);
      return result;
    };
    spy.calls = calls;
    spy.returns = returns;
    spy.restore = () => {
      obj[method] = original;
    };
    obj[method] = spy;
    return spy;
  }

  /**
   * `mock()` makes `Math.random` a repeatable sequence (a linear congruential generator with
   * multiplier 1664525, increment 1013904223, modulus 2^32 and seed 42, so the first value is
   * 0.2523451747838408); `restore()` puts the real one back.
   */
  class RandomMocker {
    constructor() {
      this.random = Math.random;
    }
    mock() {
      let seed = 42;
      Math.random = () => {
        seed = (1664525 * seed + 1013904223) % 4294967296;
        return seed / 4294967296;
      };
    }
    restore() {
      Math.random = this.random;
    }
  }

  // ------------------------------------------------------------------ CSSHelp (DOM pages only)

  // CSSRule type numbers (the CSSRule constants, which QuickJS does not have).
  const STYLE_RULE = 1;
  const RULE_KINDS = { import: 3, media: 4, fontface: 5, keyframes: 7 };

  /**
   * Reads the lesson's stylesheet through the CSSOM. `new CSSHelp(document)`: the stylesheet is
   * the one a `link` whose href contains "styles" loaded (when it has rules), else the
   * `style.fcc-injected-styles` element the runner makes from styles.css, else the first
   * `<style>` with neither a class nor a media attribute.
   */
  class CSSHelp {
    constructor(doc) {
      this.doc = doc;
    }
    getStyleSheet() {
      const doc = this.doc;
      if (!doc) return null;
      const link = doc.querySelector("link[href*='styles']");
      if (link && link.sheet && link.sheet.cssRules && link.sheet.cssRules.length) return link.sheet;
      const injected = doc.querySelector('style.fcc-injected-styles');
      if (injected) return injected.sheet;
      const tag = doc.querySelector('style:not([class]):not([media])');
      return tag ? tag.sheet : null;
    }
    /** The rules of a stylesheet as an array (empty for none). */
    styleSheetToCssRulesArray(sheet) {
      return Array.from((sheet && sheet.cssRules) || []);
    }
    _styleRules() {
      return this.styleSheetToCssRulesArray(this.getStyleSheet()).filter((r) => r.type === STYLE_RULE);
    }
    /** The style of the first top-level rule whose selector text is exactly `selector`, with `getPropVal(prop, strip)`; null when none. */
    getStyle(selector) {
      const rule = this._styleRules().find((r) => r && r.selectorText === selector);
      if (!rule) return null;
      const style = rule.style;
      style.getPropVal = (prop, strip = false) => (strip ? style.getPropertyValue(prop).replace(/\s+/g, '') : style.getPropertyValue(prop));
      return style;
    }
    /** getStyle of the first of `selectors` that has a rule. */
    getStyleAny(selectors) {
      for (const s of selectors) {
        const style = this.getStyle(s);
        if (style) return style;
      }
      return null;
    }
    /** The styles of every top-level rule whose selector text is `selector`. */
    getStyleDeclarations(selector) {
      return this._styleRules()
        .filter((r) => r && r.selectorText === selector)
        .map((r) => r.style);
    }
    /** `{ isDeclaredAfter(other) }` for the rule of `selector`: whether it comes after `other`'s rule; null when there is none. */
    getStyleRule(selector) {
      const rule = this._styleRules().find((r) => r && r.selectorText === selector);
      if (!rule) return null;
      const all = this.styleSheetToCssRulesArray(rule.parentStyleSheet);
      return {
        isDeclaredAfter: (other) => {
          const prev = all.find((r) => r.type === STYLE_RULE && r.selectorText === other);
          return prev ? all.indexOf(rule) > all.indexOf(prev) : false;
        },
      };
    }
    /** Every top-level rule, or those of one kind: 'media', 'fontface', 'import' or 'keyframes'. */
    getCSSRules(kind) {
      const rules = this.styleSheetToCssRulesArray(this.getStyleSheet());
      const type = RULE_KINDS[kind];
      return type === undefined ? rules : rules.filter((r) => r.type === type);
    }
    /** Whether any top-level style rule sets `property`. */
    isPropertyUsed(property) {
      return this._styleRules().some((r) => r.style && r.style.getPropertyValue(property));
    }
    /** The rules inside the first `@media` whose media text is exactly `mediaText`. */
    getRuleListsWithinMedia(mediaText) {
      const media = this.getCSSRules('media').find((m) => m && m.media && m.media.mediaText === mediaText);
      return Array.from((media && media.cssRules) || []);
    }
    /**
     * Selectors that reach the elements `selector` matches by tag names alone: for each element
     * and each of its ancestors, the path from that ancestor down (`div > p`, `div p`), with
     * `:nth-child(n)` where a tag has same-tag siblings. No duplicates.
     */
    selectorsFromSelector(selector) {
      const out = [];
      for (let el of Array.from(this.doc.querySelectorAll(selector))) {
        const direct = [];
        while (el.parentNode) {
          let tag = el.tagName.toLowerCase();
          const parent = el.parentNode;
          const same = Array.from(parent.children).filter((e) => e.tagName === el.tagName);
          if (same.length > 1) tag += ':nth-child(' + (Array.from(parent.childNodes).indexOf(el) + 1) + ')';
          direct.unshift(tag);
          out.push(direct.join(' > '), direct.join(' '));
          el = parent;
        }
      }
      return Array.from(new Set(out));
    }
  }

  /**
   * Replaces `obj[method]` so that every function passed to it is wrapped in a spy; each call's
   * spies (or the plain arguments) are recorded in `callbackSpies`.
   */
  function spyOnCallbacks(obj, method) {
    const original = obj[method];
    const callbackSpies = [];
    const wrapper = (...args) => {
      const spies = [];
      callbackSpies.push(spies);
      const passed = args.map((arg) => {
        if (typeof arg !== 'function') return arg;
        const calls = [];
        const returns = [];
        const callback = (...inner) => {
          calls.push(inner);
          const result = arg(...inner);
          returns.push(result);
          return result;
        };
        callback.calls = calls;
        callback.returns = returns;
        spies.push(callback);
        return callback;
      });
      return original(...passed);
    };
    wrapper.callbackSpies = callbackSpies;
    wrapper.restore = () => {
      obj[method] = original;
    };
    obj[method] = wrapper;
    return wrapper;
  }

  // Renders a component into a detached `div` with the page's React 18 (`React.act`, so that
  // effects and state updates have run) and returns the `div`: React workshop hints read the
  // rendered DOM and the React props on it. Pages without React get an empty `div`.
  async function prepTestComponent(component, props) {
    global.IS_REACT_ACT_ENVIRONMENT = true;
    const div = global.document.createElement('div');
    const React = global.React;
    const ReactDOM = global.ReactDOM;
    const element = React && React.createElement(component, props);
    if (React && typeof React.act === 'function') {
      await React.act(async () => {
        if (ReactDOM && ReactDOM.createRoot) ReactDOM.createRoot(div).render(element);
      });
    }
    return div;
  }

  global.__helpers = {
    removeJSComments,
    removeWhiteSpace,
    removeHtmlComments,
    removeCssComments,
    escapeRegExp,
    concatRegex,
    functionRegex,
    functionRegExString,
    getFunctionParams,
    isCalledWithNoArgs,
    permutateRegex,
    retryingTest,
    spyOn,
    spyOnCallbacks,
    prepTestComponent,
    RandomMocker,
    CSSHelp,
  };
})(globalThis);
