/**
 * editor.mjs — the lesson page's code editor (templates/static/editor.js) in headless Chromium,
 * driven by playwright-core with Debian's `chromium`. tests/e2e.rs builds the bundled site,
 * serves it, and runs this script with:
 *
 *   LESSONS_CHROMIUM      the browser executable
 *   LESSONS_SITE_URL      the served site's root URL (ends in /)
 *   LESSONS_SCENARIO      JSON: { javascript: { path, seed, solution, wrong }, dom: { path,
 *                         files } } — a JavaScript lesson with one editor and an editable region
 *                         (its seed, its solution: the whole file, and a wrong answer: the
 *                         region's text), a DOM lesson with several editors (how many)
 *   LESSONS_SCREENSHOTS   folder for the screenshots
 *
 * Every check runs even when an earlier one fails; the script prints one line per check and
 * exits 1 when any failed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, axe, check, env, finish, launch, runTests } from './harness.mjs';

const site = env('LESSONS_SITE_URL');
const scenario = JSON.parse(env('LESSONS_SCENARIO'));
const shots = env('LESSONS_SCREENSHOTS');
mkdirSync(shots, { recursive: true });


const browser = await launch();
const pageErrors = [];
async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, ...options });
  context.on('weberror', (e) => pageErrors.push(String(e.error())));
  return context;
}
const context = await newContext();
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site).origin });

async function open(path, ctx = context) {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${path}: console: ${m.text()}`);
  });
  await page.goto(site + path);
  // Each check starts from the seed, whatever an earlier (failed) check left stored for this page.
  const cleared = await page.evaluate(() => {
    const mine = Object.keys(localStorage).filter((k) => k.startsWith('lessons.code|' + location.pathname + '|'));
    for (const k of mine) localStorage.removeItem(k);
    return mine.length;
  }).catch(() => 0);
  if (cleared) await page.reload();
  await page.locator('.ed').first().waitFor({ timeout: 10_000 });
  return page;
}

const js = scenario.javascript;
const ED = '#editor-0';
const value = (page, sel = ED) => page.inputValue(sel);

/** The locked text before and after the region, as the seed and data-from/data-to say. */
async function lockOf(page) {
  const [from, to] = await page.$eval(ED, (e) => [Number(e.dataset.from), Number(e.dataset.to)]);
  const lines = js.seed.split('\n');
  const head = from > 1 ? lines.slice(0, from - 1).join('\n') + '\n' : '';
  const tail = to < lines.length ? '\n' + lines.slice(to).join('\n') : '';
  return { from, to, head, tail };
}

/** Puts the caret (or a selection) in the editor, focused. */
async function caret(page, start, end = start) {
  await page.focus(ED);
  await page.$eval(ED, (e, [s, t]) => e.setSelectionRange(s, t), [start, end]);
}

/** Replaces the region's text as a learner would: select it, then type it in one go. */
async function typeRegion(page, text) {
  const lock = await lockOf(page);
  const now = await value(page);
  await caret(page, lock.head.length, now.length - lock.tail.length);
  await page.keyboard.insertText(text);
}

/** The solution's text in the region (the solution is the seed with its region written). */
async function solutionRegion(page) {
  const lock = await lockOf(page);
  assert(js.solution.startsWith(lock.head) && js.solution.endsWith(lock.tail), 'the solution does not keep the locked lines');
  return js.solution.slice(lock.head.length, js.solution.length - lock.tail.length);
}

const gutter = (page) => page.$$eval('.ed-gutter .ed-line', (spans) => spans.map((s) => s.textContent));
const regionRows = (page) => page.$$eval('.ed-copy .ed-line', (spans) => spans.map((s, i) => (s.classList.contains('ed-region') ? i + 1 : 0)).filter(Boolean));

async function run(page) {
  await runTests(page);
  return page.$$eval('#tests ol.tests > li', (items) => items.map((li) => li.classList.contains('passed')));
}


// ---------------------------------------------------------------- the editor itself

await check('en JavaScript lesson: the editor shows the seed highlighted, with a line number per line', async () => {
  const page = await open(`en/${js.path}`);
  assert((await value(page)) === js.seed, 'the editor does not start with the seed');
  assert(!(await page.isVisible('#files pre.code')), 'the static code is still shown');
  assert((await page.getAttribute('.ed-copy', 'aria-hidden')) === 'true', 'the highlighted copy is not hidden from screen readers');
  assert((await page.getAttribute('.ed-gutter', 'aria-hidden')) === 'true', 'the gutter is not hidden from screen readers');
  const lines = js.seed.split('\n');
  const numbers = await gutter(page);
  assert(numbers.join(',') === lines.map((_, i) => String(i + 1)).join(','), `gutter ${numbers.join(',')} for ${lines.length} lines`);
  // The copy holds the same text, line for line, coloured.
  const copy = await page.$$eval('.ed-copy .ed-line', (spans) => spans.map((s) => s.textContent));
  assert(copy.join('\n') === js.seed, 'the highlighted copy is not the text');
  const keywords = await page.$$eval('.ed-copy .t-k', (s) => s.map((e) => e.textContent));
  assert(keywords.includes('const') && keywords.includes('function') && keywords.includes('return'), `keywords: ${keywords}`);
  const numbersHl = await page.$$eval('.ed-copy .t-n', (s) => s.map((e) => e.textContent));
  assert(numbersHl.includes('64') && numbersHl.includes('100'), `numbers: ${numbersHl}`);
  // The copy lies exactly under the textarea's text: same height, line for line.
  const [copyHeight, areaHeight] = await page.evaluate(() => [document.querySelector('.ed-copy').scrollHeight, document.querySelector('#editor-0').scrollHeight]);
  assert(Math.abs(copyHeight - areaHeight) <= 1, `copy ${copyHeight}px, textarea ${areaHeight}px`);
  // The region is marked, the rest shown locked.
  const lock = await lockOf(page);
  const region = await regionRows(page);
  assert(region.join(',') === Array.from({ length: lock.to - lock.from + 1 }, (_, i) => lock.from + i).join(','), `region rows ${region}`);
  assert((await page.locator('.ed-copy .ed-locked').count()) === lines.length - region.length, 'locked lines not marked');
  // Typing highlights as it goes.
  await typeRegion(page, '// a note\nconst s = "text";');
  assert((await page.textContent('.ed-copy .t-c')) === '// a note', 'no comment colour');
  assert((await page.textContent('.ed-copy .t-s')) === '"text"', 'no string colour');
  assert((await gutter(page)).length === lines.length + 1, 'the gutter did not follow a new line');
  await page.click('#reset-code');
  await page.close();
});

await check('en JavaScript lesson: edits outside the editable region change nothing, inside they do', async () => {
  const page = await open(`en/${js.path}`);
  const lock = await lockOf(page);
  const seed = js.seed;
  // Typing on line 1.
  await caret(page, 0);
  await page.keyboard.type('xyz');
  assert((await value(page)) === seed, 'typing on a locked line changed the code');
  // Enter on a locked line.
  await page.keyboard.press('Enter');
  assert((await value(page)) === seed, 'Enter on a locked line changed the code');
  // Backspace at the region's first character would join it to the locked line above.
  await caret(page, lock.head.length);
  await page.keyboard.press('Backspace');
  assert((await value(page)) === seed, 'Backspace at the region start changed the code');
  // Delete at the region's end, and a selection across its start typed over.
  await caret(page, seed.length - lock.tail.length);
  await page.keyboard.press('Delete');
  assert((await value(page)) === seed, 'Delete at the region end changed the code');
  await caret(page, lock.head.length - 3, lock.head.length);
  await page.keyboard.type('q');
  assert((await value(page)) === seed, 'typing over a selection across the region start changed the code');
  // Paste on a locked line (the real clipboard, Ctrl+V).
  await page.evaluate(() => navigator.clipboard.writeText('pasted();'));
  await caret(page, 5);
  await page.keyboard.press('Control+V');
  assert((await value(page)) === seed, 'pasting on a locked line changed the code');
  // Cut of a selection that holds locked text.
  await caret(page, 0, lock.head.length);
  await page.keyboard.press('Control+X');
  assert((await value(page)) === seed, 'cutting locked text changed the code');
  // Whatever gets past beforeinput (a drop, a script) is put back on `input`.
  await page.$eval(ED, (e) => {
    e.setRangeText('dropped', 0, 0);
    e.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert((await value(page)) === seed, 'a change outside the region was not put back');
  // A refusal is announced.
  await page.waitForFunction(() => document.querySelector('.editor [role=status]').textContent.length > 0, null, { timeout: 2000 });
  // Inside the region: typing, a paste, Enter, and the region grows with the new lines. (The
  // refused cut still copied the locked text: the clipboard is filled again.)
  await page.evaluate(() => navigator.clipboard.writeText('pasted();'));
  await caret(page, lock.head.length);
  await page.keyboard.type('let a = 1;');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+V');
  const typed = lock.head + 'let a = 1;\npasted();' + seed.slice(lock.head.length);
  assert((await value(page)) === typed, `typing in the region: ${JSON.stringify(await value(page))}`);
  const region = await regionRows(page);
  assert(region.length === lock.to - lock.from + 2 && region[0] === lock.from, `region rows after a new line: ${region}`);
  assert((await gutter(page)).length === typed.split('\n').length, 'line numbers do not match the lines');
  // Undo takes the learner's edits back, never the locked text.
  await page.keyboard.press('Control+Z');
  const undone = await value(page);
  assert(undone.startsWith(lock.head) && undone.endsWith(lock.tail) && undone !== typed, `undo: ${JSON.stringify(undone)}`);
  // Backspace inside the region removes the line the learner added (the region shrinks).
  await typeRegion(page, 'a\nb');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  assert((await value(page)) === lock.head + 'a' + lock.tail, `backspace in the region: ${JSON.stringify(await value(page))}`);
  assert((await regionRows(page)).length === lock.to - lock.from + 1, 'the region did not shrink');
  await page.click('#reset-code');
  await page.close();
});

await check('en JavaScript lesson: Tab indents, Shift+Tab outdents, Escape then Tab leaves the editor', async () => {
  const page = await open(`en/${js.path}`);
  const lock = await lockOf(page);
  await caret(page, lock.head.length);
  await page.keyboard.press('Tab');
  assert((await value(page)) === lock.head + '  ' + js.seed.slice(lock.head.length), `Tab did not insert two spaces: ${JSON.stringify(await value(page))}`);
  assert(await page.$eval(ED, (e) => document.activeElement === e), 'Tab moved the focus');
  await page.keyboard.press('Shift+Tab');
  assert((await value(page)) === js.seed, 'Shift+Tab did not outdent');
  assert(await page.$eval(ED, (e) => document.activeElement === e), 'Shift+Tab moved the focus');
  // Several selected lines go in and out together.
  await typeRegion(page, 'a\nb');
  await caret(page, lock.head.length, lock.head.length + 3);
  await page.keyboard.press('Tab');
  assert((await value(page)) === lock.head + '  a\n  b' + lock.tail, `Tab on two lines: ${JSON.stringify(await value(page))}`);
  await page.keyboard.press('Shift+Tab');
  assert((await value(page)) === lock.head + 'a\nb' + lock.tail, `Shift+Tab on two lines: ${JSON.stringify(await value(page))}`);
  await page.click('#reset-code');
  // Tab on a locked line changes nothing.
  await caret(page, 0);
  await page.keyboard.press('Tab');
  assert((await value(page)) === js.seed, 'Tab indented a locked line');
  // Escape, then Tab: the focus goes on to the next control, the text is unchanged.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
  assert(focused !== 'editor-0', 'Escape then Tab left the focus in the editor');
  assert((await value(page)) === js.seed, 'Escape then Tab typed');
  // Escape, then Shift+Tab goes back out.
  await caret(page, lock.head.length);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  assert(await page.$eval(ED, (e) => document.activeElement !== e), 'Escape then Shift+Tab left the focus in the editor');
  // The way out is told to screen readers, in the page's language.
  const described = (await page.getAttribute(ED, 'aria-describedby')).split(' ');
  const help = await page.textContent('#' + described.find((id) => id.startsWith('editor-keys')));
  assert(/Escape/.test(help) && /Tab/.test(help), `help: ${help}`);
  await page.close();
});

await check('JavaScript lesson: the code survives a reload (localStorage, per locale), Reset restores the seed', async () => {
  const page = await open(`en/${js.path}`);
  await typeRegion(page, js.wrong);
  const edited = await value(page);
  await page.reload();
  await page.locator('.ed').waitFor();
  assert((await value(page)) === edited, 'the code was not restored after a reload');
  assert((await gutter(page)).length === edited.split('\n').length, 'line numbers after a reload');
  // Kept per locale: the Ukrainian page of the same lesson starts from its seed.
  const uk = await open(`uk/${js.path}`);
  assert((await value(uk, ED)) !== edited, 'the Ukrainian page shows the English page\'s code');
  await uk.close();
  await page.click('#reset-code');
  assert((await value(page)) === js.seed, 'Reset did not restore the seed');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lessons.code')));
  assert(kept.length === 0, `Reset left stored code: ${kept}`);
  await page.reload();
  await page.locator('.ed').waitFor();
  assert((await value(page)) === js.seed, 'the seed did not come back after Reset and a reload');
  await page.close();
});

await check('JavaScript lesson: storage that throws does not break the editor', async () => {
  const broken = await newContext();
  await broken.addInitScript(() => {
    const refuse = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    Storage.prototype.setItem = refuse;
    Storage.prototype.getItem = refuse;
    Storage.prototype.removeItem = refuse;
  });
  const page = await open(`en/${js.path}`, broken);
  await typeRegion(page, await solutionRegion(page));
  const results = await run(page);
  assert(results.every(Boolean), `with broken storage: ${results}`);
  await page.click('#reset-code');
  assert((await value(page)) === js.seed, 'Reset with broken storage');
  await broken.close();
});

await check('JavaScript lesson: the tests run on the edited code (wrong fails, the solution passes)', async () => {
  const page = await open(`uk/${js.path}`);
  await typeRegion(page, js.wrong);
  const wrong = await run(page);
  assert(wrong[0] && !wrong[1], `a wrong splitBill: ${wrong}`);
  await typeRegion(page, await solutionRegion(page));
  const right = await run(page);
  assert(right.every(Boolean), `the solution: ${right}`);
  await page.click('#reset-code');
  await page.close();
});

await check('without JavaScript the page shows the highlighted seed, and no editor', async () => {
  const off = await newContext({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(site + `en/${js.path}`);
  assert(await page.isVisible('#files pre.code'), 'no static code');
  assert(!(await page.isVisible('.editor')), 'an editor without JavaScript');
  await off.close();
});

// ---------------------------------------------------------------- several files: tabs

await check('DOM lesson: several files are tabs (arrow keys, Home, End), one editor shown at a time', async () => {
  const page = await open(`en/${scenario.dom.path}`);
  const tabs = page.locator('[role=tablist] [role=tab]');
  assert((await tabs.count()) === scenario.dom.files, `${await tabs.count()} tabs for ${scenario.dom.files} files`);
  const selected = () => page.$$eval('[role=tab]', (t) => t.findIndex((e) => e.getAttribute('aria-selected') === 'true'));
  const visible = () => page.$$eval('.editor textarea', (t) => t.map((e) => e.offsetParent !== null));
  assert((await selected()) === 0, 'the first tab is not selected');
  assert((await visible()).filter(Boolean).length === 1 && (await visible())[0], 'not only the first editor shows');
  await tabs.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  assert((await selected()) === 1 && (await visible())[1], 'ArrowRight');
  assert(await page.evaluate(() => document.activeElement.id === 'ed-tab-1'), 'the focus did not follow');
  await page.keyboard.press('End');
  assert((await selected()) === scenario.dom.files - 1, 'End');
  await page.keyboard.press('ArrowRight');
  assert((await selected()) === 0, 'ArrowRight from the last tab');
  await page.keyboard.press('ArrowLeft');
  assert((await selected()) === scenario.dom.files - 1, 'ArrowLeft from the first tab');
  await page.keyboard.press('Home');
  assert((await selected()) === 0, 'Home');
  // Each panel is labelled by its tab; the one tab in the Tab order is the selected one.
  const wiring = await page.$$eval('[role=tab]', (tabs) =>
    tabs.every((t) => {
      const panel = document.getElementById(t.getAttribute('aria-controls'));
      return panel && panel.getAttribute('role') === 'tabpanel' && panel.getAttribute('aria-labelledby') === t.id;
    }),
  );
  assert(wiring, 'tabs and panels are not wired together');
  await tabs.nth(1).click();
  assert((await selected()) === 1, 'a click does not select');
  await axe(page, 'en DOM lesson with tabs');
  await page.close();
});

// ---------------------------------------------------------------- accessibility, screenshots

await check('axe: no serious or critical violations on the pages with the editor, light and dark', async () => {
  const problems = [];
  for (const locale of ['en', 'uk']) {
    for (const scheme of ['light', 'dark']) {
      const page = await open(`${locale}/${js.path}`);
      await page.emulateMedia({ colorScheme: scheme });
      await typeRegion(page, await solutionRegion(page));
      try {
        await axe(page, `${locale} (${scheme})`);
      } catch (e) {
        problems.push(e.message);
      }
      await page.click('#reset-code');
      await page.close();
    }
  }
  assert(problems.length === 0, problems.join('\n'));
});

await check('screenshots of the JavaScript lesson with the editor (en, uk; light, dark; 390 px)', async () => {
  for (const locale of ['en', 'uk']) {
    for (const width of [1000, 390]) {
      const page = await open(`${locale}/${js.path}`);
      await page.setViewportSize({ width, height: 900 });
      await typeRegion(page, await solutionRegion(page));
      // Scrolled back to the start, as the page opens, and not focused.
      await page.$eval(ED, (e) => {
        e.setSelectionRange(0, 0);
        e.scrollLeft = 0;
        e.blur();
      });
      await page.waitForFunction(() => document.querySelector('.ed-copy').style.transform.startsWith('translate(0px'));
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const name = `editor-${locale}-${scheme}${width === 390 ? '-390' : ''}.png`;
        await page.screenshot({ path: join(shots, name), fullPage: true });
      }
      await page.click('#reset-code');
      await page.close();
    }
  }
});

await check('no script errors on any page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

await finish(browser, 'editor scenarios');
