# Рядки інтерфейсу згенерованого сайту, українською.

# Назва сайту в заголовку та в кожному <title>, коли lessons.toml не задає власної (`title`
# лишається типовим, «Lessons»).
site-title = Уроки

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
pager-label = Попередній і наступний урок

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

# Запуск тестів на сторінці. `{ $n }`, `{ $passed }`, `{ $total }` і `{ $url }` у рядках run-*
# підставляє скрипт сторінки під час перевірки.
run-tests = Запустити тести
run-reset = Скинути
run-reset-done = Код повернуто до початкового.
run-editor-label = Ваш код ({ $file })
run-url-label = Адреса вашого застосунку
run-url-help = Тести читають файли вашого застосунку за цією адресою. Типово це пісочниця, { $url }: запустіть її командою «lessons sandbox» або введіть адресу власного застосунку.
run-url-invalid = Введіть повну адресу, що починається з http:// або https://.
run-running = Тести виконуються…
run-passed = Пройдено:
run-failed = Не пройдено:
run-hint-passed = Тест { $n } пройдено.
run-hint-failed = Тест { $n } не пройдено.
run-summary = Пройдено тестів: { $passed } з { $total }.
run-all-passed = Чудово: ваш код проходить усі тести.
run-some-failed = Прочитайте повідомлення під тестами, що не пройшли, змініть код і запустіть їх знову.
run-timeout-code = Ваш код не завершився за { $seconds } с, тож його зупинено. Можливо, десь є нескінченний цикл?
run-timeout-hint = Цей тест не завершився за { $seconds } с, тож його зупинено.
run-not-run = Не запущено: ваш код не завершився.
run-code-threw = Ваш код викинув помилку ще до запуску тесту:
run-hint-broken = Код цього тесту не виконується:
run-console-label = Що вивів код
run-unreachable = За адресою { $url } ніхто не відповідає. Запустіть пісочницю командою «lessons sandbox» або перевірте адресу.
run-no-worker = Цей браузер не дозволяє сторінці запустити перевірку тестів; так буває, коли сторінку відкрито з диска. Запустіть сайт на сервері (наприклад, «lessons serve») і відкрийте його через http://.
run-needs-server = Цю сторінку відкрито з диска (file://), а звідти браузер не дає їй запускати тести. Щоб виконати їх, запустіть сайт на сервері (наприклад, командою «lessons serve») і відкрийте цю сторінку через http://.
run-preview-title = Попередній перегляд
run-preview-help = Сторінка, яку створює ваш код; оновлюється, поки ви пишете.
run-preview-frame = Попередній перегляд вашої сторінки
run-page-threw = Скрипт вашої сторінки викинув помилку під час її завантаження:
run-page-timeout = Ваша сторінка не завантажилася за { $seconds } с, тож тести не запущено.
run-page-broken = Тестова сторінка перестала працювати (можливо, ваш код перейшов з неї на іншу?):
run-no-dom-runner = Ця сторінка не може запустити тести: не завантажився засіб для їх запуску.

live-title = Наживо в пісочниці
live-label = Зараз підключено користувачів:
live-connecting = Підключення до пісочниці…
live-connected = Ця сторінка — один із них: відкрийте урок в іншій вкладці й подивіться, як зміниться число.
live-unreachable = Пісочниця за адресою { $url } недоступна, тож лічильника наживо немає. Запустіть її командою «lessons sandbox».

# serve and preview
preview-title = Перегляд перекладу
preview-title-locale = Перегляд перекладу: { $locale }
preview-locales-intro = Виберіть переклад для перевірки.
preview-checking = Перевіряємо переклади: перевірено { $checked } з { $total } уроків. Сторінка оновлюється сама.
preview-done-count = Без жодної проблеми перекладено { $done } з { $total } уроків.
preview-status-errors = Код або структура відрізняються від англійських
preview-status-untranslated = У перекладі лишився англійський текст
preview-status-missing = Ще не перекладено
preview-status-done = Готово
preview-findings = { $count ->
    [one] { $count } зауваження
    [few] { $count } зауваження
    [many] { $count } зауважень
   *[other] { $count } зауваження
}
preview-nav-label = Перегляд перекладу
preview-all-lessons = Усі уроки ({ $locale })
preview-open-lesson = Цей урок на сайті
preview-next = Наступний урок із проблемами: { $title }
preview-no-other = В інших уроках проблем немає.
preview-still-checking = Інші уроки ще перевіряються.
preview-english = Англійська
preview-line = рядок { $line }
preview-no-problem = Проблем не знайдено.
preview-untranslated = неперекладений текст
preview-create-file = Перекладу ще немає. Створіть цей файл (шлях від кореня вмісту):
preview-copy-source = Копіювати англійський файл
preview-copied = Скопійовано: вставте в новий файл і перекладіть.
preview-copy-failed = Не вдалося скопіювати: текст виділено, скопіюйте його клавішами Ctrl+C.
preview-english-source = Англійський файл, з якого почати
preview-choose-title = Урок { $id }
preview-choose-intro = Урок із цим id є в кількох блоках:
preview-interactive = Інтерактивна частина
preview-question-n = Запитання { $n }
preview-solution-n = Розв’язок { $n }
preview-test-differs = Код тесту відрізняється від англійського:
preview-hint-not-in-english = Цього тесту немає в англійській версії:
preview-file-same = Так само, як англійською.
preview-file-differs = Відрізняється від англійського (коментарі можна перекладати, решту — ні):
preview-file-missing = Немає в перекладі:
preview-file-extra = Немає в англійській версії:
problems-title = Проблеми у вмісті
problems-intro = { $count ->
    [one] { $count } помилка
    [few] { $count } помилки
    [many] { $count } помилок
   *[other] { $count } помилки
} — кожна показана на своїй сторінці; решта сторінок працює. Сторінка оновлюється сама, коли файли збережено.
problems-fatal = Сайт неможливо показати
problems-errors = Помилки
problems-warnings = Попередження ({ $count })
problems-notes = Примітки ({ $count })
problems-show = Показати
problems-on-page = на сторінці
build-error-title = Не вдалося перебудувати сайт
build-error-text = Виправте проблеми нижче; сторінка оновиться сама, коли файли буде збережено.
lesson-error-title = Цей урок неможливо показати
lesson-error-text = { $count ->
    [one] У його файлі { $count } помилка; виправте її, і сторінка оновиться сама.
    [few] У його файлі { $count } помилки; виправте їх, і сторінка оновиться сама.
    [many] У його файлі { $count } помилок; виправте їх, і сторінка оновиться сама.
   *[other] У його файлі { $count } помилки; виправте їх, і сторінка оновиться сама.
} Інші сторінки працюють як зазвичай.
render-error-title = Не вдалося показати цю сторінку
render-error-text = на ній зламалися шаблони. Сторінка оновиться сама, коли шаблони буде збережено.
banner = { $count ->
    [one] { $count } проблема у вмісті — див.
    [few] { $count } проблеми у вмісті — див.
    [many] { $count } проблем у вмісті — див.
   *[other] { $count } проблеми у вмісті — див.
}

# editor
editor-keys = У редакторі Tab вставляє два пробіли, а Shift+Tab їх прибирає. Щоб вийти з редактора, натисніть Escape, а потім Tab.
editor-locked = Цей рядок лише для читання: змінювати можна тільки позначені рядки.
# questions and feedback
# Тест, що не пройшов, на сторінці уроку: після run-not-yet іде текст підказки; саме
# твердження сховано під run-details.
run-not-yet = Ще ні:
run-details = Подробиці
run-code-error = Ваш код викинув помилку ще до запуску цього тесту. Розгорніть подробиці, щоб побачити її.
run-hint-error = Код самого цього тесту не виконується, тож він не може перевірити ваш.
run-page-error = Тестова сторінка перестала працювати. Можливо, ваш код перейшов з неї на іншу?
# Запитання, тести й заповнення пропусків на сторінці.
q-choose = Виберіть одну відповідь
q-check = Перевірити
q-check-quiz = Перевірити тест
q-check-blanks = Перевірити відповіді
q-choose-first = Спершу виберіть відповідь.
q-correct = Правильно.
q-not-quite = Не зовсім.
q-score = Правильно: { $correct } з { $total }.
q-unanswered = Запитань без відповіді: { $n }.
q-blank-label = Пропуск { $n } з { $total }
q-blank-correct = Пропуск { $n }: правильно.
q-blank-wrong = Пропуск { $n }: не зовсім.
q-blank-empty = Пропуск { $n }: порожній.
