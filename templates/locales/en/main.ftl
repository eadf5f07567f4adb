# UI strings of the generated site, English. Every key here is the fallback for other locales.

# The site's name in the header and in every <title>, when lessons.toml names none (its
# `title` left at the default, "Lessons").
site-title = Lessons

skip-to-content = Skip to content
choose-language = Choose a language
choose-language-intro = The same lessons, in every language they are written in.
language-label = Language
home = All courses
curriculum-heading = Courses
lessons-heading = Lessons
blocks-heading = Blocks
breadcrumbs = You are here
footer = Made with lessons: static pages built from challenge files.

lesson-count = { $count ->
    [one] { $count } lesson
   *[other] { $count } lessons
}
block-count = { $count ->
    [one] { $count } block
   *[other] { $count } blocks
}
translated-count = { $translated } of { $total } translated
lesson-position = Lesson { $n } of { $total }

previous = Previous
next = Next
back-to-block = Back to the block
pager-label = Previous and next lesson

not-translated-title = Not translated yet
not-translated = This lesson has not been translated into your language yet. Here it is in English.
in-english = in English

section-description = Description
section-instructions = Instructions
section-tests = Tests
section-tests-intro = Your code passes when all of these hold:
section-files = Starting code
section-solution = Solution
show-solution = Show the solution
show-solution-n = Show solution { $n }
section-questions = Question
section-quiz = Quiz
quiz-n = Quiz { $n }
show-answer = Show the answer
correct-answer = Correct answer
section-fill = Fill in the blanks
blank = blank
section-notes = Notes
section-explanation = Explanation
section-transcript = Transcript
section-assignment = Before you go on
section-scene = Dialogue
editable-region = Editable region
editable-line = You edit line { $line }; the rest stays as it is.
editable-lines = You edit lines { $from }–{ $to }; the rest stays as it is.

not-found-title = Page not found
not-found-text = There is no page at this address. It may have moved when the course changed.

# Running the tests in the page. `{ $n }`, `{ $passed }`, `{ $total }` and `{ $url }` in the
# run-* strings are filled in by the page's script while the tests run.
run-tests = Run the tests
run-reset = Reset
run-reset-done = The code is back to the starting code.
run-editor-label = Your code ({ $file })
run-url-label = Your app’s address
run-url-help = The tests read your app’s files from this address. By default it is the sandbox, { $url }: start it with “lessons sandbox”, or enter the address of your own app.
run-url-invalid = Enter a full address that starts with http:// or https://.
run-running = Running the tests…
run-passed = Passed:
run-failed = Failed:
run-hint-passed = Test { $n } passed.
run-hint-failed = Test { $n } failed.
run-summary = { $passed } of { $total } tests passed.
run-all-passed = Well done: your code passes every test.
run-some-failed = Read the messages under the failed tests, change your code, and run them again.
run-timeout-code = Your code did not finish within { $seconds } s and was stopped. Is there a loop that never ends?
run-timeout-hint = This test did not finish within { $seconds } s and was stopped.
run-not-run = Not run: your code did not finish.
run-code-threw = Your code threw an error before the test ran:
run-hint-broken = This test’s code does not run:
run-console-label = What the code printed
run-unreachable = Nothing answers at { $url }. Start the sandbox with “lessons sandbox”, or check the address.
run-no-worker = This browser does not let the page start its test runner, which happens when the page is opened from disk. Serve the site (for example with “lessons serve”) and open it over http://.
run-needs-server = This page was opened from disk (file://), where the browser does not let it run its tests. Serve the site (for example with “lessons serve”) and open this page over http:// to run them.
run-preview-title = Preview
run-preview-help = The page your code makes, updated as you type.
run-preview-frame = Preview of your page
run-page-threw = Your page’s script threw an error while the page loaded:
run-page-timeout = Your page did not finish loading within { $seconds } s, so the tests did not run.
run-page-broken = The test page stopped working (did your code leave the page?):
run-no-dom-runner = This page cannot run its tests: its test runner did not load.

live-title = Live in the sandbox
live-label = Users connected now:
live-connecting = Connecting to the sandbox…
live-connected = This page is one of them: open the lesson in another tab and watch the number change.
live-unreachable = The sandbox at { $url } is not reachable, so there is no live count. Start it with “lessons sandbox”.

# serve and preview
# `lessons serve`'s own pages: the translator preview (/__preview/), the problems and the
# error pages. Diagnostics themselves stay in English, as in the terminal.
preview-title = Translation preview
preview-title-locale = Translation preview: { $locale }
preview-locales-intro = Choose the translation to review.
preview-checking = Checking the translations: { $checked } of { $total } lessons checked so far. This page refreshes by itself.
preview-done-count = { $done } of { $total } lessons translated with no problem found.
preview-status-errors = Code or structure differs from English
preview-status-untranslated = English text left in the translation
preview-status-missing = Not translated yet
preview-status-done = Done
preview-findings = { $count ->
    [one] { $count } finding
   *[other] { $count } findings
}
preview-nav-label = Translation preview
preview-all-lessons = All lessons ({ $locale })
preview-open-lesson = This lesson on the site
preview-next = Next lesson with problems: { $title }
preview-no-other = No other lesson has problems.
preview-still-checking = The other lessons are still being checked.
preview-english = English
preview-line = line { $line }
preview-no-problem = No problem found.
preview-untranslated = untranslated text
preview-create-file = There is no translation yet. Create this file, relative to the content root:
preview-copy-source = Copy the English file
preview-copied = Copied: paste it into the new file and translate it.
preview-copy-failed = Could not copy: the text is selected, copy it with Ctrl+C.
preview-english-source = The English file, to start from
preview-choose-title = Lesson { $id }
preview-choose-intro = Several blocks have a lesson with this id:
preview-interactive = Interactive
preview-question-n = Question { $n }
preview-solution-n = Solution { $n }
preview-test-differs = The test code differs from English:
preview-hint-not-in-english = This test is not in English:
preview-file-same = Same as English.
preview-file-differs = Differs from English (comments may be translated; anything else may not):
preview-file-missing = Missing in the translation:
preview-file-extra = Not in English:
problems-title = Problems in the content
problems-intro = { $count ->
    [one] { $count } error
   *[other] { $count } errors
} — each shows on its own page; all other pages are served. This page reloads by itself when files are saved.
problems-fatal = The site cannot be shown
problems-errors = Errors
problems-warnings = Warnings ({ $count })
problems-notes = Notes ({ $count })
problems-show = Show them
problems-on-page = on
build-error-title = The site could not be rebuilt
build-error-text = Fix the problems below; this page reloads by itself when the files are saved.
lesson-error-title = This lesson cannot be shown
lesson-error-text = { $count ->
    [one] Its file has { $count } error; fix it and this page reloads by itself.
   *[other] Its file has { $count } errors; fix them and this page reloads by itself.
} The other pages are served as usual.
render-error-title = This page could not be rendered
render-error-text = the templates failed on it. This page reloads by itself when the templates are saved.
banner = { $count ->
    [one] { $count } problem in the content — see
   *[other] { $count } problems in the content — see
}

# editor
# Read to screen readers with each code editor: how to type a tab and how to leave the editor.
editor-keys = In the editor, Tab inserts two spaces and Shift+Tab removes them. To leave the editor, press Escape, then Tab.
# Announced when the learner tries to change a line outside the editable region.
editor-locked = That line is read-only: only the marked lines can be changed.
# questions and feedback
# A failed test on a lesson page: the hint's text follows run-not-yet; the assertion itself
# is folded under run-details.
run-not-yet = Not yet:
run-details = Details
run-code-error = Your code threw an error before this test could run. Open the details to see the error.
run-hint-error = This test’s own code does not run, so it cannot check yours.
run-page-error = The test page stopped working. Did your code leave the page?
# Questions, quizzes and fill in the blank, answered on the page.
q-choose = Choose one answer
q-check = Check
q-check-quiz = Check the quiz
q-check-blanks = Check the answers
q-choose-first = Choose an answer first.
q-correct = Correct.
q-not-quite = Not quite.
q-score = { $correct } of { $total } correct.
q-unanswered = Questions without an answer: { $n }.
q-blank-label = Blank { $n } of { $total }
q-blank-correct = Blank { $n }: correct.
q-blank-wrong = Blank { $n }: not quite.
q-blank-empty = Blank { $n }: empty.
