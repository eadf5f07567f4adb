/**
 * questions.mjs — end-to-end checks of what a learner reads when they answer something on a
 * lesson page, in headless Chromium (playwright-core with Debian's `chromium`):
 *
 * - a failed hint of a JavaScript lesson's Ukrainian page says the hint itself ("Ще ні: …"),
 *   with the assertion folded under a closed "Подробиці"; code that throws gets a one-line
 *   explanation, the error folded;
 * - a question, a quiz and a fill-in-the-blank sentence answered from the keyboard only, with
 *   the lesson's own feedback;
 * - the same pages without JavaScript: the static "Show the answer" still works;
 * - axe-core on those pages, light and dark; screenshots of the quiz, 390 px wide.
 *
 * tests/e2e.rs builds and serves the site, then runs this script with:
 *
 *   LESSONS_CHROMIUM      the browser executable
 *   LESSONS_SITE_URL      the served site's root URL (ends in /)
 *   LESSONS_SCENARIO      JSON: { javascript: { path, wrong }, question, quiz, blanks } (lesson
 *                         paths under a locale folder; `wrong` is code that fails some hints)
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
const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
// The same pages as a browser with JavaScript off sees them.
const noScript = await browser.newContext({ viewport: { width: 1000, height: 900 }, javaScriptEnabled: false });
const pageErrors = [];
context.on('weberror', (e) => pageErrors.push(String(e.error())));

async function open(path, ctx = context) {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${path}: console: ${m.text()}`);
  });
  await page.goto(site + path);
  return page;
}


async function axeLightAndDark(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Presses Tab (at most `max` times) until the focused element matches `selector`. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** In the focused radio group (focus on its first radio, none chosen), chooses option `k`. */
async function choose(page, k) {
  if (k === 0) await page.keyboard.press('Space');
  for (let i = 0; i < k; i++) await page.keyboard.press('ArrowDown');
}

const focused = (page) => page.evaluate(() => document.activeElement.outerHTML.slice(0, 200));

// ---------------------------------------------------------------- without JavaScript, first:
// the static page tells which option is right, which the keyboard checks below rely on.

const correct = {};
await check('without JavaScript: the static answers open from the keyboard, nothing is enhanced', async () => {
  for (const [name, path] of [['question', `en/${scenario.question}`], ['quiz', `en/${scenario.quiz}`], ['blanks', `uk/${scenario.blanks}`]]) {
    const page = await open(path, noScript);
    assert((await page.locator('.check-form, input').count()) === 0, `${name}: enhanced without JavaScript`);
    // Which option of each question is right (the quiz's list or the questions in turn).
    correct[name] = await page.$$eval('ol.options', (lists) => lists.map((ol) => [...ol.children].findIndex((li) => li.hasAttribute('data-correct'))));
    const summary = page.locator('details.answer > summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    assert(await page.locator('details.answer').first().evaluate((d) => d.open), `${name}: Enter did not open the answer`);
    const answer = page.locator('details.answer').first();
    assert((await answer.innerText()).trim().length > 20, `${name}: the answer is empty`);
    await page.close();
  }
  assert(correct.quiz.length >= 5 && correct.quiz.every((k) => k >= 0), `quiz answers: ${correct.quiz}`);
  assert(correct.question.every((k) => k >= 0), `question answers: ${correct.question}`);
});

// ---------------------------------------------------------------- a failed hint, in Ukrainian

await check('uk JavaScript lesson: a failed hint says the hint in Ukrainian, the assertion folded', async () => {
  const page = await open(`uk/${scenario.javascript.path}`);
  await page.locator('#editor-0').fill(scenario.javascript.wrong);
  await runTests(page);
  const failed = await page.$$eval('#tests ol.tests > li.failed', (items) =>
    items.map((li) => {
      const details = li.querySelector('.result details');
      return {
        hint: li.querySelector('.hint-text').textContent.trim(),
        message: (li.querySelector('.result .failure-message') || {}).textContent || '',
        messageVisible: !!li.querySelector('.result .failure-message') && li.querySelector('.result .failure-message').offsetHeight > 0,
        open: details ? details.open : null,
        summary: details ? details.querySelector('summary').textContent : null,
        detail: details ? details.querySelector('pre.failure').textContent : '',
        // What the learner sees of the result: a closed <details> shows its summary only.
        shown: li.querySelector('.result').innerText,
      };
    }),
  );
  assert(failed.length >= 2, `${failed.length} hints failed`);
  for (const f of failed) {
    assert(/[а-яіїєґ]/i.test(f.hint), `the hint is not Ukrainian: ${f.hint}`);
    assert(f.messageVisible, `no visible message for: ${f.hint}`);
    assert(f.message.startsWith('Ще ні:') && f.message.includes(f.hint), `message: ${f.message}`);
    assert(f.open === false, `details open (or missing) for: ${f.hint}`);
    assert(f.summary === 'Подробиці', `summary: ${f.summary}`);
    assert(f.detail.length > 0, `no detail for: ${f.hint}`);
    assert(!f.shown.includes(f.detail) && !/expected|to match|\/.+\\s/.test(f.shown), `assertion text shown: ${f.shown}`);
  }
  // The hint checked with a regular expression: its regex is in the details, and nowhere else.
  const regex = failed.find((f) => f.detail.includes('to match /'));
  assert(regex, `no failure quotes a regular expression: ${JSON.stringify(failed.map((f) => f.detail))}`);
  // Opened from the keyboard, the details show the assertion.
  await page.locator('#tests li.failed .result details > summary').first().focus();
  await page.keyboard.press('Enter');
  assert(await page.locator('#tests li.failed .result details').first().evaluate((d) => d.open), 'Enter did not open the details');
  assert(await page.isVisible('#tests li.failed .result details pre.failure >> nth=0'), 'the opened detail is not visible');
  await axeLightAndDark(page, 'uk JavaScript lesson after a failed run');
  await page.close();
});

await check('uk JavaScript lesson: code that throws gets a one-line explanation, the error folded', async () => {
  const page = await open(`uk/${scenario.javascript.path}`);
  await page.locator('#editor-0').fill(`${scenario.javascript.wrong}\nthrow new TypeError('boom from the learner');\n`);
  await runTests(page);
  const first = page.locator('#tests ol.tests > li').first();
  const message = await first.locator('.result .failure-message').innerText();
  assert(message === 'Ваш код викинув помилку ще до запуску цього тесту. Розгорніть подробиці, щоб побачити її.', `message: ${message}`);
  const details = first.locator('.result details');
  assert(!(await details.evaluate((d) => d.open)), 'the details are open');
  assert((await details.locator('pre.failure').textContent()).includes('boom from the learner'), 'the error is not in the details');
  assert(!(await first.locator('.result').innerText()).includes('boom'), 'the error shows outside the details');
  await page.close();
});

// ---------------------------------------------------------------- a question with feedback

await check('en question: keyboard only, a wrong option shows its feedback, the right one "Correct."', async () => {
  const page = await open(`en/${scenario.question}`);
  const first = page.locator('section.question').first();
  const right = correct.question[0];
  assert((await first.locator('.choice input[type="radio"]').count()) >= 2, 'no radio group');
  // The static page's feedback of the options: the first wrong option that has one is chosen.
  const staticFeedback = await (async () => {
    const p = await open(`en/${scenario.question}`, noScript);
    const items = await p.$$eval('section.question ol.options', (lists) =>
      [...lists[0].children].map((li) => (li.querySelector('.option-feedback') || {}).textContent || null),
    );
    await p.close();
    return items;
  })();
  const wrong = staticFeedback.findIndex((f, i) => f && i !== right);
  assert(wrong >= 0, 'no wrong option with feedback');
  await tabTo(page, 'section.question input[type="radio"]');
  await choose(page, wrong);
  assert(await first.locator('input[type="radio"]').nth(wrong).isChecked(), `option ${wrong} not chosen: ${await focused(page)}`);
  // Enter in the group checks the answer (the form's implicit submission).
  await page.keyboard.press('Enter');
  const feedback = first.locator('.check-feedback');
  assert((await feedback.getAttribute('aria-live')) === 'polite', 'the feedback is not a live region');
  let text = await feedback.innerText();
  assert(text.startsWith('Not quite.') && text.includes(staticFeedback[wrong].trim().slice(0, 30)), `wrong feedback: ${text}`);
  // The right option, then Tab to the Check button and Space.
  const steps = right - wrong;
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  assert(await first.locator('input[type="radio"]').nth(right).isChecked(), `the right option is not chosen: ${await focused(page)}`);
  await tabTo(page, 'section.question button[type="submit"]');
  await page.keyboard.press('Space');
  text = await feedback.innerText();
  assert(text.startsWith('Correct.'), `right feedback: ${text}`);
  if (staticFeedback[right]) assert(text.includes(staticFeedback[right].trim().slice(0, 30)), `right feedback: ${text}`);
  assert((await first.locator('legend').innerText()) === 'Choose one answer', 'no legend');
  await axeLightAndDark(page, 'en question after answering');
  await page.close();
});

// ---------------------------------------------------------------- a quiz

/** Answers the quiz from the keyboard: every question right but the first; returns the page. */
async function answerQuiz(locale) {
  const page = await open(`${locale}/${scenario.quiz}`);
  const groups = page.locator('section.quiz fieldset');
  const n = await groups.count();
  assert(n === correct.quiz.length, `${n} radio groups for ${correct.quiz.length} questions`);
  for (let q = 0; q < n; q++) {
    const name = await groups.nth(q).locator('input').first().getAttribute('name');
    await tabTo(page, `section.quiz input[type="radio"][name="${name}"]`);
    const k = q === 0 ? (correct.quiz[0] + 1) % 4 : correct.quiz[q];
    await choose(page, k);
    assert(await groups.nth(q).locator('input').nth(k).isChecked(), `question ${q + 1}: option ${k} not chosen`);
  }
  await tabTo(page, 'section.quiz button[type="submit"]');
  await page.keyboard.press('Enter');
  return page;
}

await check('quiz (en and uk): keyboard only, the score and each question\'s verdict', async () => {
  for (const [locale, score, right, wrong] of [
    ['en', `9 of ${correct.quiz.length} correct.`, 'Correct.', 'Not quite.'],
    ['uk', `Правильно: 9 з ${correct.quiz.length}.`, 'Правильно.', 'Не зовсім.'],
  ]) {
    const page = await answerQuiz(locale);
    const region = page.locator('section.quiz .quiz-score');
    assert((await region.getAttribute('aria-live')) === 'polite', 'the score is not a live region');
    assert((await region.innerText()).trim() === score, `${locale} score: ${await region.innerText()}`);
    const verdicts = await page.$$eval('section.quiz .quiz-questions > li .check-feedback', (els) => els.map((e) => e.innerText.trim()));
    assert(verdicts[0] === wrong && verdicts.slice(1).every((v) => v === right), `${locale} verdicts: ${verdicts}`);
    assert(await page.locator('section.quiz .choice.is-wrong').count() === 1, 'the wrong choice is not marked');
    await axeLightAndDark(page, `${locale} quiz after answering`);
    // Screenshots of the answered quiz, 390 px wide (a phone) and 1000 px.
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1000, height: 900 });
      await page.screenshot({ path: join(shots, `quiz-${locale}-${scheme}.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(shots, `quiz-${locale}-${scheme}-390.png`), fullPage: true });
    }
    await page.close();
  }
});

await check('quiz: checked with nothing chosen, it says how many questions have no answer', async () => {
  const page = await open(`en/${scenario.quiz}`);
  await tabTo(page, 'section.quiz button[type="submit"]', 200);
  await page.keyboard.press('Enter');
  const text = (await page.locator('section.quiz .quiz-score').innerText()).trim();
  assert(text === `0 of ${correct.quiz.length} correct. Questions without an answer: ${correct.quiz.length}.`, text);
  const verdicts = await page.$$eval('section.quiz .check-feedback:not(.quiz-score)', (els) => els.map((e) => e.innerText.trim()));
  assert(verdicts.every((v) => v === 'Choose an answer first.'), `verdicts: ${verdicts}`);
  await page.close();
});

// ---------------------------------------------------------------- fill in the blank

await check('uk fill in the blank: typed answers (trimmed, case ignored, as freeCodeCamp); a wrong one shows its feedback', async () => {
  const staticPage = await open(`uk/${scenario.blanks}`, noScript);
  const answers = await staticPage.$$eval('#fill-in-the-blank details.answer > ol > li', (lis) =>
    lis.map((li) => {
      const copy = li.cloneNode(true);
      const fb = copy.querySelector('.feedback');
      const feedback = fb ? fb.textContent.trim() : '';
      if (fb) fb.remove();
      return { text: copy.textContent.trim(), feedback };
    }),
  );
  await staticPage.close();
  assert(answers.length >= 2 && /^[a-z]/.test(answers[0].text), `answers: ${JSON.stringify(answers)}`);
  const page = await open(`uk/${scenario.blanks}`);
  const inputs = page.locator('#fill-in-the-blank input.blank-input');
  assert((await inputs.count()) === answers.length, `${await inputs.count()} inputs for ${answers.length} answers`);
  const labels = await inputs.evaluateAll((els) => els.map((e) => (e.labels[0] || {}).textContent));
  assert(labels[0] === `Пропуск 1 з ${answers.length}`, `labels: ${labels}`);
  await tabTo(page, '#fill-in-the-blank input.blank-input');
  for (const [i, a] of answers.entries()) {
    if (i > 0) await page.keyboard.press('Tab');
    // The first wrong (the answer cut short); the others right, one in capitals, all with
    // spaces around, which freeCodeCamp ignores.
    const typed = i === 0 ? a.text.slice(0, -1) : i === 1 ? `  ${a.text.toUpperCase()} ` : `  ${a.text} `;
    await page.keyboard.type(typed);
  }
  await page.keyboard.press('Enter');
  const feedback = page.locator('#fill-in-the-blank .check-feedback');
  assert((await feedback.getAttribute('aria-live')) === 'polite', 'the feedback is not a live region');
  let text = await feedback.innerText();
  assert(text.includes(`Правильно: ${answers.length - 1} з ${answers.length}.`), `score: ${text}`);
  assert(text.includes('Пропуск 1: не зовсім.') && text.includes(answers[0].feedback.slice(0, 30)), `blank 1: ${text}`);
  assert(text.includes('Пропуск 2: правильно.') && !text.includes(answers[1].feedback.slice(0, 30)), `blank 2: ${text}`);
  assert((await inputs.first().getAttribute('aria-invalid')) === 'true', 'blank 1 not marked invalid');
  await axeLightAndDark(page, 'uk blanks after a wrong answer');
  // Back to the first gap (Shift+Tab), retyped; Enter checks again.
  for (let i = 1; i < answers.length; i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(answers[0].text);
  await page.keyboard.press('Enter');
  text = await feedback.innerText();
  assert(text.includes(`Правильно: ${answers.length} з ${answers.length}.`), `score: ${text}`);
  assert((await inputs.first().getAttribute('aria-invalid')) === null, 'blank 1 still marked invalid');
  await page.close();
});

await check('no errors on any page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

await finish(browser, 'question scenarios');
