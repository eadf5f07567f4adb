# Рядки інтерфейсу згенерованого сайту, українською.

skip-to-content = Перейти до змісту
choose-language = Оберіть мову
choose-language-intro = Ті самі уроки всіма мовами, якими їх написано.
language-label = Мова
home = Усі курси
curriculum-heading = Курси
lessons-heading = Уроки
blocks-heading = Блоки
breadcrumbs = Ви тут
footer = Зроблено за допомогою lessons: статичні сторінки, зібрані з файлів завдань.

# Числа в українській: one — 1, 21, 31…; few — 2–4, 22–24…; many — 0, 5–20, 25–30…;
# other — дробові числа.
lesson-count = { $count ->
    [one] { $count } урок
    [few] { $count } уроки
    [many] { $count } уроків
   *[other] { $count } уроку
}
block-count = { $count ->
    [one] { $count } блок
    [few] { $count } блоки
    [many] { $count } блоків
   *[other] { $count } блоку
}
translated-count = Перекладено { $translated } з { $total }
lesson-position = Урок { $n } з { $total }

previous = Попередній
next = Наступний
back-to-block = Назад до блоку

not-translated-title = Ще не перекладено
not-translated = Цей урок ще не перекладено українською. Нижче — англійський оригінал.
in-english = англійською

section-description = Опис
section-instructions = Завдання
section-tests = Тести
section-tests-intro = Ваш код пройде перевірку, коли виконуються всі ці умови:
section-files = Початковий код
section-solution = Розв’язок
show-solution = Показати розв’язок
show-solution-n = Показати розв’язок { $n }
section-questions = Запитання
section-quiz = Тест
quiz-n = Тест { $n }
show-answer = Показати відповідь
correct-answer = Правильна відповідь
section-fill = Заповніть пропуски
blank = пропуск
section-notes = Примітки
section-explanation = Пояснення
section-transcript = Розшифровка
section-assignment = Перш ніж продовжити
section-scene = Діалог
editable-region = Редагована частина
editable-line = Ви змінюєте рядок { $line }; решта коду лишається як є.
editable-lines = Ви змінюєте рядки { $from }–{ $to }; решта коду лишається як є.

not-found-title = Сторінку не знайдено
not-found-text = За цією адресою сторінки немає. Можливо, вона переїхала, коли курс змінився.
