# UI strings of the generated site, English. Every key here is the fallback for other locales.

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
