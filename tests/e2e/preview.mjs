/**
 * preview.mjs — the translator preview of `lessons serve` in headless Chromium (playwright-core
 * with Debian's own `chromium`), 390 px wide: screenshots in light and dark, axe-core with no
 * serious or critical violation in either, no request that fails (no favicon 404), the copy
 * button of an untranslated lesson puts the English file on the clipboard, and an unknown
 * address under /uk/ gets the Ukrainian 404 page. tests/serve.rs starts the server and runs this
 * script with:
 *
 *   LESSONS_CHROMIUM      the browser executable
 *   LESSONS_SERVE_URL     the server's root URL (ends in /)
 *   LESSONS_PREVIEW       the preview address of a translated lesson (uk)
 *   LESSONS_UNTRANSLATED  the preview address of a lesson with no uk file
 *   LESSONS_ENGLISH       the English file of that lesson, as it must be copied
 *   LESSONS_SCREENSHOTS   folder for the screenshots
 *
 * Prints one line per check and exits 1 when any failed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, axe, check, env, finish, launch } from './harness.mjs';

const base = env('LESSONS_SERVE_URL');
const shots = env('LESSONS_SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
const failed = [];
// The one address that must fail is the unknown one the 404 check asks for.
const UNKNOWN = 'uk/nope/';
context.on('response', (r) => {
  if (r.status() >= 400 && !r.url().endsWith(UNKNOWN)) failed.push(`${r.status()} ${r.url()}`);
});
const errors = [];
context.on('weberror', (e) => errors.push(String(e.error())));



/** Opens `path`, and in light and dark takes a screenshot and runs axe. */
async function shoot(path, name) {
  const page = await context.newPage();
  await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(shots, `${name}-${scheme}.png`), fullPage: true });
    await axe(page, `${name} (${scheme})`);
  }
  return page;
}

await check('the uk preview of a lesson, light and dark', async () => {
  const page = await shoot(env('LESSONS_PREVIEW'), 'preview-uk');
  assert((await page.getAttribute('html', 'lang')) === 'uk', 'lang="uk"');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `no sideways scrolling at 390 px: the page is ${width} px wide`);
  await page.close();
});

await check('the uk status index, light and dark', async () => {
  const page = await shoot('__preview/uk/', 'preview-uk-index');
  assert((await page.getAttribute('html', 'lang')) === 'uk', 'lang="uk"');
  await page.close();
});

await check('the en preview (the list of translations), light and dark', async () => {
  const page = await shoot('__preview/', 'preview-en');
  assert((await page.getAttribute('html', 'lang')) === 'en', 'lang="en"');
  await page.close();
});

await check('an untranslated lesson: the copy button copies the English file', async () => {
  const page = await shoot(env('LESSONS_UNTRANSLATED'), 'preview-uk-untranslated');
  await page.click('button[data-copy]');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied === env('LESSONS_ENGLISH'), `the clipboard holds ${copied.length} characters`);
  await page.close();
});

await check('an unknown address under /uk/ gets the Ukrainian 404 page', async () => {
  const page = await context.newPage();
  const response = await page.goto(new URL(UNKNOWN, base).href, { waitUntil: 'load' });
  assert(response.status() === 404, `status ${response.status()}`);
  assert((await page.getAttribute('html', 'lang')) === 'uk', 'lang="uk"');
  const heading = await page.textContent('h1');
  assert(/[а-яіїєґ]/i.test(heading), `a Ukrainian heading, got ${JSON.stringify(heading)}`);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(shots, `not-found-uk-${scheme}.png`), fullPage: true });
    await axe(page, `/uk/nope/ (${scheme})`);
  }
  await page.close();
});

await check('no request failed (no favicon 404) and no script error', async () => {
  assert(failed.length === 0, failed.join(', '));
  assert(errors.length === 0, errors.join(', '));
});

await finish(browser, 'preview scenarios');
