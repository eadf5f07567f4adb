/**
 * browser.mjs — the end-to-end scenarios of the lesson pages in headless Chromium, driven by
 * playwright-core with Debian's own `chromium` (no browser download). tests/e2e.rs builds the
 * bundled site, starts two sandboxes and a static server, then runs this script with:
 *
 *   LESSONS_CHROMIUM      the browser executable
 *   LESSONS_SITE_URL      the served site's root URL (ends in /)
 *   LESSONS_SITE_DIR      the same site on disk, for the file:// checks
 *   LESSONS_SANDBOX_URL   the sandbox serving the reference project (the pages' default)
 *   LESSONS_BROKEN_URL    a sandbox serving a project without the disconnect handler
 *   LESSONS_DEAD_URL      an address where nothing listens
 *   LESSONS_SCENARIO      JSON: { backend, javascript: { path, solution } , dom: { path,
 *                         seed: [file contents], solution: [file contents] } (in editor
 *                         order), pages: [...], broken: [{ passed, message }] — what `lessons
 *                         test` says for the backend lesson against LESSONS_BROKEN_URL }
 *   LESSONS_SCREENSHOTS   folder for the screenshots
 *
 * Every scenario runs even when an earlier one fails; the script prints one line per check and
 * exits 1 when any failed, with the reasons.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assert, axe, check, env, finish, launch, runTests } from './harness.mjs';

const site = env('LESSONS_SITE_URL');
const siteDir = env('LESSONS_SITE_DIR');
const sandbox = env('LESSONS_SANDBOX_URL');
const broken = env('LESSONS_BROKEN_URL');
const dead = env('LESSONS_DEAD_URL');
const scenario = JSON.parse(env('LESSONS_SCENARIO'));
const shots = env('LESSONS_SCREENSHOTS');
mkdirSync(shots, { recursive: true });



const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
// Errors on the page are failures of the page, whatever the scenario checks, but for the one a
// DOM lesson's scenario makes its page throw.
const BROKEN_ON_PURPOSE = 'the e2e scenario breaks this page on purpose';
const pageErrors = [];
context.on('weberror', (e) => {
  if (!String(e.error()).includes(BROKEN_ON_PURPOSE)) pageErrors.push(String(e.error()));
});

async function open(path) {
  const page = await context.newPage();
  page.on('console', (m) => {
    // Requests the scenarios make fail on purpose: the fixture project has no `/` (the
    // runner's reachability probe gets a 404), and nothing listens at the dead address.
    const from = m.location().url || '';
    const expected = m.text().startsWith('Failed to load resource') && (from.startsWith(broken) || from.startsWith(dead));
    if (m.type() === 'error' && !expected && !m.text().includes(BROKEN_ON_PURPOSE)) pageErrors.push(`${path}: console: ${m.text()} (${from})`);
  });
  await page.goto(site + path);
  return page;
}

/**
 * Submits the run form (by a click, by Enter in the focused field, or not at all for 'wait':
 * already started) and waits until every hint has a verdict; returns the verdicts.
 */
async function run(page, how = 'click') {
  await runTests(page, how);
  return verdicts(page);
}

function verdicts(page) {
  return page.$$eval('#tests ol.tests > li', (items) =>
    items.map((li) => ({
      passed: li.classList.contains('passed'),
      failed: li.classList.contains('failed'),
      mark: li.querySelector('.mark').textContent,
      label: li.querySelector('.verdict-text').textContent,
      // What the learner reads first (the hint's text, or why it could not run), and the
      // assertion or error folded under "Details".
      message: (li.querySelector('.result .failure-message') || {}).textContent || null,
      detail: (li.querySelector('.result pre.failure') || {}).textContent || null,
    })),
  );
}

const status = (page) => page.textContent('.run-status');


async function screenshot(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(shots, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

// ---------------------------------------------------------------- backend lesson, Ukrainian

const ukBackend = `uk/${scenario.backend}`;
await check('uk backend lesson: every hint passes against the sandbox, run from the keyboard', async () => {
  const page = await open(ukBackend);
  assert((await page.getAttribute('html', 'lang')) === 'uk', 'html lang is not uk');
  const field = page.locator('#app-url');
  assert((await field.inputValue()) === sandbox, `the URL field shows ${await field.inputValue()}, not ${sandbox}`);
  // Keyboard only: focus the field and press Enter, as a keyboard user submits the form.
  await field.focus();
  const results = await run(page, 'keyboard');
  assert(results.length === 5, `${results.length} hints`);
  for (const [i, r] of results.entries()) {
    assert(r.passed && r.mark === '✓' && r.label === 'Пройдено:', `hint ${i + 1}: ${JSON.stringify(r)}`);
  }
  const text = await status(page);
  assert(text.includes('Пройдено тестів: 5 з 5.'), `status: ${text}`);
  // Run again with the button itself, from the keyboard: focus stays on it afterwards.
  await page.focus('.run-form button[type="submit"]');
  await run(page, 'keyboard');
  assert(await page.evaluate(() => document.activeElement.matches('.run-form button[type="submit"]')), 'the button lost the focus');
  assert((await page.getAttribute('.run-status', 'role')) === 'status', 'the status is not a live region');
  // The README's picture (docs/screenshot.png): the live count and the test panel after the run.
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#live-count .live-value').textContent));
  await page.evaluate(() => document.activeElement.blur());
  // Page coordinates, which a full-page clip uses (boundingBox gives the viewport's).
  const [top, bottom] = await page.evaluate(() => [
    document.getElementById('live-count').getBoundingClientRect().top + scrollY,
    document.getElementById('tests').getBoundingClientRect().bottom + scrollY,
  ]);
  await page.screenshot({
    path: join(shots, 'readme.png'),
    fullPage: true,
    clip: { x: 0, y: top - 24, width: 1000, height: bottom - top + 48 },
  });
  await page.close();
});

await check('uk backend lesson: the live count shows the sandbox users', async () => {
  const page = await open(ukBackend);
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#live-count .live-value').textContent), null, {
    timeout: 10_000,
  });
  const n = Number(await page.textContent('#live-count .live-value'));
  assert(n >= 1, `count ${n}`);
  // A second page is a second user.
  const other = await open(ukBackend);
  await page.waitForFunction((before) => Number(document.querySelector('#live-count .live-value').textContent) > before, n, {
    timeout: 10_000,
  });
  await other.close();
  await page.waitForFunction((before) => Number(document.querySelector('#live-count .live-value').textContent) === before, n, {
    timeout: 10_000,
  });
  await page.close();
});

await check('uk backend lesson: a project without the disconnect handler fails the right hint', async () => {
  const page = await open(ukBackend);
  await page.fill('#app-url', broken);
  const results = await run(page);
  assert(results[0].failed && results[0].mark === '✗' && results[0].label === 'Не пройдено:', `hint 1: ${JSON.stringify(results[0])}`);
  assert(/disconnect/.test(results[0].detail), `hint 1 detail: ${results[0].detail}`);
  // The same verdicts and messages as `lessons test` against the same project.
  const expected = scenario.broken;
  assert(results.length === expected.length, `${results.length} results, the CLI has ${expected.length}`);
  for (const [i, r] of results.entries()) {
    assert(r.passed === expected[i].passed, `hint ${i + 1}: page ${r.passed}, CLI ${expected[i].passed}`);
    if (!r.passed) {
      assert(r.detail === expected[i].message, `hint ${i + 1}: page says\n${r.detail}\nCLI says\n${expected[i].message}`);
    }
  }
  // The failure is visible and announced.
  assert(await page.isVisible('#tests ol.tests > li:first-child .result .failure-message'), 'message not visible');
  assert((await status(page)).includes('Пройдено тестів:'), 'no summary');
  // The address is remembered across page loads.
  await page.reload();
  assert((await page.inputValue('#app-url')) === broken, 'the URL was not remembered');
  await page.fill('#app-url', dead);
  await page.click('.run-form button[type="submit"]');
  await page.waitForFunction((url) => document.querySelector('.run-status').textContent.includes(url), dead, {
    timeout: 10_000,
  });
  const unreachable = await status(page);
  assert(unreachable.includes('ніхто не відповідає'), `unreachable app: ${unreachable}`);
  // Put the default back for the screenshots.
  await page.fill('#app-url', sandbox);
  await run(page);
  await page.close();
});

await check('screenshots of the backend lesson after a run (uk and en, light and dark)', async () => {
  for (const locale of ['uk', 'en']) {
    const page = await open(`${locale}/${scenario.backend}`);
    await page.fill('#app-url', sandbox);
    await run(page);
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#live-count .live-value').textContent));
    await screenshot(page, `${locale}-backend-lesson`);
    await page.close();
  }
});

// ---------------------------------------------------------------- JavaScript lesson

const js = scenario.javascript;
await check('en JavaScript lesson: the seed fails, a correct solution passes every hint', async () => {
  const page = await open(`en/${js.path}`);
  const editor = page.locator('#editor-0');
  assert(await editor.isVisible(), 'no editor');
  assert(!(await page.isVisible('#files pre.code')), 'the static code is still shown beside the editor');
  const seed = await editor.inputValue();
  assert(seed === js.seed, 'the editor does not start with the seed');
  const region = await editor.evaluate((e) => e.classList.contains('has-region'));
  assert(region, 'the editable region is not marked');
  const before = await run(page);
  assert(before.some((r) => r.failed), 'the seed passes every hint');
  // Typed, as a learner would (fill replaces the whole text).
  await editor.fill(js.solution);
  const after = await run(page);
  for (const [i, r] of after.entries()) assert(r.passed, `hint ${i + 1}: ${r.message}`);
  assert((await status(page)).includes(`${after.length} of ${after.length} tests passed`), await status(page));
  await screenshot(page, 'en-javascript-lesson');
  await page.close();
});

await check('uk JavaScript lesson: an endless loop times out and the page stays responsive', async () => {
  const page = await open(`uk/${js.path}`);
  const editor = page.locator('#editor-0');
  await editor.fill(js.seed + '\nwhile (true) {}\n');
  await page.click('.run-form button[type="submit"]');
  // While the worker spins, the page still answers and repaints.
  await page.waitForTimeout(500);
  const started = Date.now();
  const answer = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(6 * 7))));
  assert(answer === 42 && Date.now() - started < 1000, 'the page did not respond during the run');
  assert((await page.getAttribute('.run-form button[type="submit"]', 'aria-disabled')) === 'true', 'the run is not in progress');
  // Reset does nothing until the run ends: the editor keeps the loop meanwhile. (`force`:
  // playwright itself would wait for an aria-disabled button.)
  await page.click('#reset-code', { force: true });
  assert((await editor.inputValue()).includes('while (true)'), 'reset acted during the run');
  const results = await run(page, 'wait');
  assert(results.every((r) => r.failed), 'a hint passed with an endless loop');
  assert(/не завершився за 5 с/.test(results[0].message), `first hint: ${results[0].message}`);
  assert(results.slice(1).every((r) => r.message === 'Не запущено: ваш код не завершився.'), JSON.stringify(results));
  const text = await status(page);
  assert(text.includes('Ваш код не завершився за 5 с'), `status: ${text}`);
  // Reset still works, and restores the seed.
  await page.click('#reset-code');
  assert((await editor.inputValue()) === js.seed, 'reset did not restore the seed');
  assert((await verdicts(page)).every((r) => !r.passed && !r.failed), 'reset left verdicts');
  assert((await status(page)) === 'Код повернуто до початкового.', `status after reset: ${await status(page)}`);
  await page.close();
});

// ---------------------------------------------------------------- DOM lesson

const dom = scenario.dom;
// A lesson with several files shows one editor at a time, in tabs (editor.js): its tab first.
async function fillFile(page, i, text) {
  const tab = page.locator(`#ed-tab-${i}`);
  if (await tab.count()) await tab.click();
  await page.locator('.editor textarea').nth(i).fill(text);
}
const previewText = (page, selector) =>
  page.frameLocator('#preview-frame').locator(selector).first().textContent({ timeout: 10_000 });

await check('en DOM lesson: the preview shows the typed page, the solution passes every hint, the seed fails', async () => {
  const page = await open(`en/${dom.path}`);
  // Something the site keeps in its storage, which the test frame must not clear.
  await page.evaluate(() => localStorage.setItem('lessons.appUrl', 'http://127.0.0.1:1'));
  const editors = page.locator('.editor textarea');
  assert((await editors.count()) === dom.seed.length, `${await editors.count()} editors for ${dom.seed.length} files`);
  for (const [i, seed] of dom.seed.entries()) {
    assert((await editors.nth(i).inputValue()) === seed, `editor ${i} does not start with the seed`);
  }
  assert(await page.isVisible('#preview-frame'), 'no preview');
  assert((await previewText(page, 'h1')) === 'Receipt', 'the preview does not show the seed');
  // Typed, as a learner would (fill replaces the whole text and fires `input`).
  for (const [i, solution] of dom.solution.entries()) await fillFile(page, i, solution);
  // The preview follows the editors: the typed element, filled in by the lesson's script.
  const typed = await page.waitForFunction(
    () => {
      const doc = document.getElementById('preview-frame');
      return doc && doc.srcdoc.includes('<p id="total"></p>');
    },
    null,
    { timeout: 10_000 },
  );
  assert(typed, 'the preview was not rebuilt');
  assert((await previewText(page, 'p#total')) === '$46.00', 'the preview does not show the typed p#total');
  const after = await run(page);
  assert(after.length === 4, `${after.length} hints`);
  for (const [i, r] of after.entries()) assert(r.passed && r.mark === '✓', `hint ${i + 1}: ${r.message}`);
  assert((await status(page)).includes('4 of 4 tests passed'), await status(page));
  assert(!(await page.isVisible('#__lessons-frame')), 'the test page is shown');
  await screenshot(page, 'en-dom-lesson');
  // The seed back (Reset): the hints fail again, with the assertion's own message.
  await page.click('#reset-code');
  for (const [i, seed] of dom.seed.entries()) assert((await editors.nth(i).inputValue()) === seed, `reset left editor ${i}`);
  const before = await run(page);
  assert(before.some((r) => r.failed), 'the seed passes every hint');
  assert(before[0].failed && /expected null to exist/.test(before[0].detail), `hint 1: ${JSON.stringify(before[0])}`);
  await page.waitForFunction(() => !document.getElementById('preview-frame').srcdoc.includes('id="total"'), null, { timeout: 10_000 });
  const kept = await page.evaluate(() => localStorage.getItem('lessons.appUrl'));
  assert(kept === 'http://127.0.0.1:1', `the site's storage was changed: ${kept}`);
  await page.evaluate(() => localStorage.removeItem('lessons.appUrl'));
  await page.close();
});

await check('uk DOM lesson: what the page\'s script throws shows under the failing hints', async () => {
  const page = await open(`uk/${dom.path}`);
  for (const [i, solution] of dom.solution.entries()) await fillFile(page, i, solution);
  // The script throws before it fills in the total: the second hint fails, and says why.
  await fillFile(page, 2, `throw new Error('${BROKEN_ON_PURPOSE}');\n` + dom.solution[2]);
  const results = await run(page);
  assert(results[0].passed && results[2].passed && results[3].passed, JSON.stringify(results));
  assert(results[1].failed, `hint 2: ${JSON.stringify(results[1])}`);
  const console = await page.textContent('#tests ol.tests > li:nth-child(2) .result pre.console');
  assert(console.includes('Скрипт вашої сторінки викинув помилку') && console.includes(BROKEN_ON_PURPOSE), `hint 2 console: ${console}`);
  assert((await status(page)).includes('Пройдено тестів: 3 з 4.'), await status(page));
  await page.close();
});

// ---------------------------------------------------------------- opened from disk

// Backend and JavaScript lessons run each hint in a worker, which a page opened from disk cannot
// start: their panel says so before any click, in the page's language, with no button to click
// in vain. DOM lessons run in a frame on the page, which works from disk too.
const fromDisk = async (path) => {
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(siteDir, path)).href);
  return page;
};
const NEEDS_SERVER = {
  en: 'This page was opened from disk (file://), where the browser does not let it run its tests.',
  uk: 'Цю сторінку відкрито з диска (file://), а звідти браузер не дає їй запускати тести.',
};

await check('from disk (file://): backend and JavaScript lessons say at once that the site must be served', async () => {
  for (const locale of ['en', 'uk']) {
    for (const path of [js.path, scenario.backend]) {
      const page = await fromDisk(`${locale}/${path}`);
      const notice = page.locator('#run-needs-server');
      await notice.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await notice.textContent();
      assert(text.startsWith(NEEDS_SERVER[locale]) && text.includes('lessons serve'), `${locale}/${path}: ${text}`);
      assert((await notice.getAttribute('role')) === 'status', `${locale}/${path}: the notice is not a polite status`);
      assert(!(await page.isVisible('.run-form button[type="submit"]')), `${locale}/${path}: the Run button is shown`);
      // Nothing ran: no hint has a verdict.
      assert((await verdicts(page)).every((r) => !r.passed && !r.failed), `${locale}/${path}: verdicts without a run`);
      if (path === js.path) {
        // The editor and Reset still work.
        const editor = page.locator('#editor-0');
        assert(await editor.isVisible(), `${locale}/${path}: no editor`);
        // Inside the editable region (the editor refuses changes to the lines around it).
        await editor.fill(js.seed + 'let changed = true;\n');
        assert((await editor.inputValue()) !== js.seed, `${locale}/${path}: the editor did not change`);
        await page.click('#reset-code');
        assert((await editor.inputValue()) === js.seed, `${locale}/${path}: reset did not restore the seed`);
        if (locale === 'uk') {
          await screenshot(page, 'uk-javascript-lesson-from-disk');
          await axe(page, `file:// ${locale}/${path}`);
        }
      }
      await page.close();
    }
  }
});

await check('from disk (file://): a DOM lesson keeps its runner, and its solution passes', async () => {
  const page = await fromDisk(`uk/${dom.path}`);
  assert((await page.locator('#run-needs-server').count()) === 0, 'a DOM lesson says it needs a server');
  for (const [i, solution] of dom.solution.entries()) await fillFile(page, i, solution);
  const results = await run(page);
  for (const [i, r] of results.entries()) assert(r.passed, `hint ${i + 1}: ${r.message}`);
  await page.close();
});

await check('over http://: no lesson says it needs a server, and every Run button shows', async () => {
  for (const locale of ['en', 'uk']) {
    for (const path of [js.path, scenario.backend, dom.path]) {
      const page = await open(`${locale}/${path}`);
      await page.locator('.run-form button[type="submit"]').waitFor({ state: 'visible', timeout: 10_000 });
      assert((await page.locator('#run-needs-server').count()) === 0, `${locale}/${path}: says it needs a server`);
      await page.close();
    }
  }
});

// ---------------------------------------------------------------- accessibility

await check('axe: no serious or critical violations, light and dark', async () => {
  const problems = [];
  for (const path of scenario.pages) {
    for (const scheme of ['light', 'dark']) {
      const page = await open(path);
      await page.emulateMedia({ colorScheme: scheme });
      // Lesson pages are checked with their runner shown and results in, as a learner sees them.
      if (await page.isVisible('.run-form')) await run(page);
      try {
        await axe(page, `${path} (${scheme})`);
      } catch (e) {
        problems.push(e.message);
      }
      await page.close();
    }
  }
  assert(problems.length === 0, problems.join('\n'));
});

await check('no script errors on any page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

await finish(browser, 'browser scenarios');
