/**
 * harness.mjs — what every browser script of the end-to-end tests shares: its settings from the
 * environment, checks that all run and are counted, Debian's Chromium launched through
 * playwright-core with no network of its own, and axe-core's verdict on a page.
 */
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The environment variable `name`, which the Rust test that runs the script sets. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run this script through its \`cargo test\`)`);
  return v;
}

/** The names of the checks that failed so far. */
export const failures = [];

/** Runs one check; a failure is printed and counted, and the next check runs all the same. */
export async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    failures.push(name);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Debian's Chromium (`LESSONS_CHROMIUM`), headless. A fresh profile each launch (playwright
 * makes a temporary user-data-dir); the flags keep Chromium from reaching the network on its own
 * and from needing a GPU or a setuid sandbox (containers and CI run as root).
 */
export function launch() {
  return chromium.launch({
    executablePath: env('LESSONS_CHROMIUM'),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** axe-core on `page`: fails on any serious or critical violation, naming each. */
export async function axe(page, name) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert(violations.length === 0, `${name}: axe found\n  ${violations.join('\n  ')}`);
}

/** How long a lesson page's run may take here: the runner's own limit is 5 s per hint, and
 * the waits leave room for a slow machine. */
export const RUN_TIMEOUT = 30_000;

/**
 * Runs a lesson page's tests — `how`: 'click' the Run button, 'keyboard' (Enter on the focused
 * button) or 'wait' (a run already started) — and waits until the run is over: the button
 * enabled again and every hint marked passed or failed.
 */
export async function runTests(page, how = 'click') {
  if (how === 'keyboard') {
    await page.keyboard.press('Enter');
  } else if (how === 'click') {
    await page.click('.run-form button[type="submit"]');
  }
  await page.waitForFunction(
    () => {
      const items = document.querySelectorAll('#tests ol.tests > li');
      const button = document.querySelector('.run-form button[type="submit"]');
      return !button.hasAttribute('aria-disabled') && [...items].every((li) => li.matches('.passed, .failed'));
    },
    null,
    { timeout: RUN_TIMEOUT },
  );
}

/** Closes `browser`, then exits 1 if a check failed, else prints `all <what> passed`. */
export async function finish(browser, what) {
  await browser.close();
  if (failures.length) {
    console.log(`\n${failures.length} failed: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(`\nall ${what} passed`);
}
