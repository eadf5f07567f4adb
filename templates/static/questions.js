/**
 * questions.js — lets a learner answer a lesson's questions, quizzes and fill-in-the-blank
 * sentence on the page, with the lesson's own feedback.
 *
 * Without this script the page is complete on its own: the options are a list and the answer
 * (with its feedback) waits under "Show the answer". This script only adds to that page, so
 * a learner without JavaScript loses nothing:
 *
 * - A question's options become a group of radio buttons (a fieldset with a legend: Tab
 *   enters the group, the arrow keys choose, Enter or the Check button checks). The verdict
 *   appears in a live region: the chosen option's feedback from the lesson when it has one,
 *   after a translated "Correct." or "Not quite.".
 * - A quiz is one form: every question is a group, one button checks them all, and the score
 *   ("3 of 5") is announced; each question shows its own verdict.
 * - The gaps of a fill-in-the-blank sentence become labelled text inputs, compared with the
 *   lesson's answers as freeCodeCamp compares them (fill-in-the-blank/show.tsx: the typed text
 *   trimmed, curly quotes made straight, case ignored); a wrong or empty gap shows that
 *   blank's feedback.
 *
 * The interface text comes from the locale's strings file (`static/runner-strings.<locale>.js`,
 * from the Fluent files: one copy per site, not one per page), the right answers and the
 * feedback from the static markup itself (`data-correct`, the hidden `.option-feedback`, the
 * answers under "Show the answer"), so there is one source for both.
 */
(function () {
  'use strict';

  const strings = readStrings();
  // `{name}` placeholders are filled in here; Fluent has already chosen the words.
  const say = (key, values) =>
    String(strings[key] || key).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));

  // Ids for the elements made here, unique on the page.
  let nextId = 0;
  const newId = (prefix) => `${prefix}-${++nextId}`;

  function readStrings() {
    const all = window.lessonsRunnerStrings || {};
    const mine = {};
    for (const key of Object.keys(all)) if (key.startsWith('q-')) mine[key.slice(2)] = all[key];
    return mine;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // The language of the content around `el` (English on an untranslated lesson's page), so
  // that feedback copied elsewhere is still read in its own language.
  function langOf(el) {
    const owner = el.closest('[lang]');
    return owner ? owner.lang : document.documentElement.lang;
  }

  // A verdict line and, when the lesson has one, a copy of its feedback.
  function verdict(ok, feedback) {
    const box = element('div', 'verdict-box ' + (ok ? 'is-right' : 'is-wrong'));
    box.appendChild(element('p', 'verdict-line', say(ok ? 'correct' : 'not-quite')));
    if (feedback) {
      const copy = feedback.cloneNode(true);
      copy.hidden = false;
      copy.className = 'feedback';
      copy.lang = langOf(feedback);
      box.appendChild(copy);
    }
    return box;
  }

  // ------------------------------------------------------------------ one choice question

  /**
   * Replaces a question's `ol.options` with a radio group. Returns the group and `check()`,
   * which shows the verdict in `feedbackEl` and says whether the question was answered and
   * answered right.
   */
  function choiceGroup(ol, textEl, feedbackEl) {
    const name = newId('choice');
    const fieldset = element('fieldset', 'choice-group');
    fieldset.appendChild(element('legend', '', say('choose')));
    if (textEl) {
      // The question itself describes the group, so a screen reader reads it on entering.
      if (!textEl.id) textEl.id = newId('question');
      fieldset.setAttribute('aria-describedby', textEl.id);
    }
    const choices = Array.from(ol.children).map((li, i) => choice(li, name, i, langOf(li)));
    for (const c of choices) fieldset.appendChild(c.row);
    ol.replaceWith(fieldset);

    function check() {
      const chosen = choices.find((c) => c.input.checked);
      for (const c of choices) c.row.classList.remove('is-right', 'is-wrong');
      feedbackEl.textContent = '';
      if (!chosen) {
        feedbackEl.appendChild(element('p', 'verdict-line', say('choose-first')));
        return { answered: false, correct: false };
      }
      chosen.row.classList.add(chosen.correct ? 'is-right' : 'is-wrong');
      feedbackEl.appendChild(verdict(chosen.correct, chosen.feedback));
      return { answered: true, correct: chosen.correct };
    }
    return { fieldset, check, first: choices[0] && choices[0].input };
  }

  /**
   * One option: a radio button named by the option's own content (which may hold code blocks,
   * which a <label> may not contain, hence aria-labelledby and a click handler on the row).
   */
  function choice(li, name, index, lang) {
    const row = element('div', 'choice');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = String(index);
    input.id = newId('option');
    const text = element('div', 'choice-text');
    text.id = input.id + '-text';
    text.lang = lang;
    const feedback = li.querySelector('.option-feedback');
    if (feedback) feedback.remove();
    while (li.firstChild) text.appendChild(li.firstChild);
    input.setAttribute('aria-labelledby', text.id);
    row.append(input, text);
    // The whole row chooses the option, as a label would (but leave links and selections be).
    row.addEventListener('click', (event) => {
      if (event.target === input || event.target.closest('a')) return;
      if (String(window.getSelection() || '')) return;
      input.checked = true;
      input.focus();
    });
    return { row, input, correct: li.hasAttribute('data-correct'), feedback };
  }

  function checkButton(label) {
    const button = element('button', 'primary', label);
    button.type = 'submit';
    return button;
  }

  function liveRegion(className) {
    const region = element('div', className);
    region.setAttribute('aria-live', 'polite');
    return region;
  }

  // A standalone question (`# --questions--`): its own form, button and live verdict.
  function setupQuestion(section) {
    const ol = section.querySelector(':scope > ol.options');
    if (!ol) return;
    const form = element('form', 'check-form');
    form.noValidate = true;
    const feedback = liveRegion('check-feedback');
    ol.before(form);
    form.appendChild(ol);
    const group = choiceGroup(ol, section.querySelector(':scope > .prose'), feedback);
    form.append(checkButton(say('check')), feedback);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      group.check();
    });
  }

  // ------------------------------------------------------------------ a quiz

  // A quiz: one form around its questions; each question shows its verdict (not announced one
  // by one: the score is), the button announces the score.
  function setupQuiz(section) {
    const list = section.querySelector(':scope > ol.quiz-questions');
    if (!list) return;
    const form = element('form', 'check-form quiz-form');
    form.noValidate = true;
    list.before(form);
    form.appendChild(list);
    const groups = [];
    for (const li of list.children) {
      const ol = li.querySelector(':scope > ol.options');
      if (!ol) continue;
      const feedback = element('div', 'check-feedback');
      ol.after(feedback);
      groups.push(choiceGroup(ol, li.querySelector(':scope > .prose'), feedback));
    }
    const score = liveRegion('check-feedback quiz-score');
    form.append(checkButton(say('check-quiz')), score);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const results = groups.map((g) => g.check());
      const correct = results.filter((r) => r.correct).length;
      const unanswered = results.filter((r) => !r.answered).length;
      score.textContent = '';
      const line = element('p', 'verdict-line', say('score', { correct, total: results.length }));
      if (unanswered) line.textContent += ' ' + say('unanswered', { n: unanswered });
      score.appendChild(line);
    });
  }

  // ------------------------------------------------------------------ fill in the blank

  // The answers and their feedback, from the list under "Show the answer".
  function blankAnswers(section) {
    return Array.from(section.querySelectorAll('details.answer > ol > li')).map((li) => {
      const feedback = li.querySelector('.feedback');
      const copy = li.cloneNode(true);
      const inCopy = copy.querySelector('.feedback');
      if (inCopy) inCopy.remove();
      return { text: copy.textContent.trim(), feedback };
    });
  }

  function setupBlanks(section) {
    const sentence = section.querySelector('.sentence');
    const gaps = sentence ? Array.from(sentence.querySelectorAll('.blank')) : [];
    const answers = blankAnswers(section);
    // A sentence whose gaps and answers disagree stays static rather than check wrongly.
    if (!gaps.length || gaps.length !== answers.length) return;
    const form = element('form', 'check-form blanks-form');
    form.noValidate = true;
    sentence.before(form);
    form.appendChild(sentence);
    const inputs = gaps.map((gap, i) => blankInput(gap, i, gaps.length, answers[i].text));
    const feedback = liveRegion('check-feedback');
    form.append(checkButton(say('check-blanks')), feedback);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      feedback.textContent = '';
      const list = element('ul', 'blank-results');
      let correct = 0;
      inputs.forEach((input, i) => {
        const typed = input.value.trim();
        const ok = sameAnswer(typed, answers[i].text);
        if (ok) correct++;
        list.appendChild(blankResult(input, i, typed, ok, answers[i].feedback));
      });
      feedback.append(element('p', 'verdict-line', say('score', { correct, total: inputs.length })), list);
    });
  }

  // As freeCodeCamp compares a blank: the typed text trimmed, with the quotes a phone's
  // keyboard makes (“” ‘’) taken as straight ones, and case ignored.
  function sameAnswer(typed, answer) {
    const straight = typed.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
    return straight.toLowerCase() === answer.toLowerCase();
  }

  // A gap becomes a text input, labelled "Blank 2 of 4" for whoever cannot see the sentence.
  function blankInput(gap, i, total, answer) {
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'blank-input';
    input.id = newId('blank');
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('autocapitalize', 'off');
    input.size = Math.max(4, answer.length + 1);
    const label = element('label', 'visually-hidden', say('blank-label', { n: i + 1, total }));
    label.htmlFor = input.id;
    gap.replaceWith(label, input);
    return input;
  }

  // One line of the blanks' verdict; a wrong or empty gap gets its feedback and points to it.
  function blankResult(input, i, typed, ok, feedback) {
    const item = element('li', ok ? 'is-right' : 'is-wrong');
    item.id = input.id + '-result';
    const key = ok ? 'blank-correct' : typed ? 'blank-wrong' : 'blank-empty';
    item.appendChild(element('p', 'verdict-line', say(key, { n: i + 1 })));
    if (!ok && feedback) {
      const copy = feedback.cloneNode(true);
      copy.lang = langOf(feedback);
      item.appendChild(copy);
    }
    if (ok) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', item.id);
    }
    return item;
  }

  // ------------------------------------------------------------------ the page

  for (const section of document.querySelectorAll('section.question')) setupQuestion(section);
  for (const section of document.querySelectorAll('section.quiz')) setupQuiz(section);
  const blanks = document.getElementById('fill-in-the-blank');
  if (blanks) setupBlanks(blanks);
})();
