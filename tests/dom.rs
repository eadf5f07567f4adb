//! DOM lessons in headless Chromium (crates/hints/src/dom.rs): fixture lessons through the `lessons`
//! binary, learner scripts through Babel, the skip without Chromium, and our jQuery-style `$`
//! (crates/hints/src/js/dollar.js) checked case by case against real jQuery from npm.
//!
//! Tests that need Chromium (Debian's `chromium`, or `LESSONS_CHROMIUM`) or `node_modules`
//! skip with a printed reason when those are missing, unless `LESSONS_REQUIRE_BROWSER=1`.

mod common;

use std::process::Command;

use serde_json::{Value, json};

/// Skips the test (see `common::skip`) unless `needed` is there; under
/// `LESSONS_REQUIRE_BROWSER=1` a missing piece fails it.
fn skip_unless(needed: &str, there: bool) -> bool {
    common::skip_unless("LESSONS_REQUIRE_BROWSER", &[(needed, there)])
}

/// Chromium, or `None` with the test skipped.
fn chromium() -> Option<std::path::PathBuf> {
    let found = lessons::hints::dom::find_chromium();
    (!skip_unless(
        "Chromium is not installed (apt-get install chromium)",
        found.is_some(),
    ))
    .then_some(found)
    .flatten()
}

/// `lessons test --format json` on files: the reports, and the summary line.
fn test_json(paths: &[&str], env: &[(&str, &str)]) -> (Value, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_lessons"))
        .args(["test", "--format", "json"])
        .args(paths)
        .envs(env.iter().copied())
        .current_dir(common::repo())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let reports: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let summary = stderr.lines().last().unwrap_or("").to_string();
    (reports, summary, out.status.code())
}

fn results(report: &Value) -> Vec<(bool, Option<String>, Vec<String>)> {
    report["results"]
        .as_array()
        .unwrap_or_else(|| panic!("not run: {report}"))
        .iter()
        .map(|r| {
            (
                r["passed"].as_bool().unwrap(),
                r["message"].as_str().map(String::from),
                r["console"]
                    .as_array()
                    .map(|c| c.iter().map(|l| l.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_dom_lesson_passes_on_its_solution_and_its_seed_fails() {
    if chromium().is_none() {
        return;
    }
    let (reports, summary, code) = test_json(&["tests/fixtures/dom/passes.md"], &[]);
    assert_eq!(summary, "7 passed, 0 failed, 0 skipped", "{reports:#}");
    assert_eq!(code, Some(0));
    let r = &reports[0];
    assert_eq!(r["challengeType"], 25);
    let rs = results(r);
    assert_eq!(rs.len(), 7, "{r:#}");
    assert!(rs.iter().all(|(passed, ..)| *passed), "{r:#}");
    assert_eq!(r["results"][6]["number"], 0, "the seed check comes last");
}

#[test]
fn failing_hints_say_what_chai_says_and_a_hint_that_never_ends_is_stopped() {
    if chromium().is_none() {
        return;
    }
    let started = std::time::Instant::now();
    let (reports, summary, code) =
        test_json(&["--timeout", "1", "tests/fixtures/dom/fails.md"], &[]);
    assert_eq!(code, Some(1));
    assert_eq!(summary, "1 passed, 4 failed, 0 skipped", "{reports:#}");
    let rs = results(&reports[0]);
    let (passed, message, console) = &rs[0];
    assert!(!passed);
    assert_eq!(message.as_deref(), Some("expected 'Hello' to equal 'Bye'"));
    assert_eq!(
        console,
        &[
            "[error] the page's script threw: Uncaught ReferenceError: undefinedFunction is not defined",
            "looking for the paragraph"
        ]
    );
    assert!(
        rs[1]
            .1
            .as_deref()
            .unwrap()
            .starts_with("the hint did not finish within 1 s"),
        "{:?}",
        rs[1]
    );
    // The page answers again after the endless loop was stopped, and keeps its state.
    assert_eq!(
        rs[2].1.as_deref(),
        Some("two paragraphs: expected 1 to equal 2")
    );
    assert_eq!(rs[3].1.as_deref(), Some("TypeError: Failed to fetch"));
    // The seed fails the first hint, as it must.
    assert!(rs[4].0);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn learner_scripts_go_through_babel_as_in_freecodecamp() {
    if chromium().is_none() {
        return;
    }
    if skip_unless(
        "node_modules/@babel/standalone is missing: run `npm ci`",
        common::repo()
            .join("node_modules/@babel/standalone/babel.min.js")
            .is_file(),
    ) {
        return;
    }
    let (reports, summary, _) = test_json(&["tests/fixtures/dom/babel.md"], &[]);
    assert_eq!(summary, "3 passed, 0 failed, 0 skipped", "{reports:#}");
    // Without Babel the same hints see the code as written.
    let (reports, summary, _) = test_json(
        &["tests/fixtures/dom/babel.md"],
        &[("LESSONS_BABEL", "/nonexistent/babel.min.js")],
    );
    assert_eq!(summary, "1 passed, 2 failed, 0 skipped", "{reports:#}");
    assert_eq!(
        results(&reports[0])[1].1.as_deref(),
        Some("TypeError: Assignment to constant variable.")
    );
}

/// node_modules with the libraries lesson pages load and the Enzyme bundle (`npm ci`), or
/// `false` with the reason printed (a failure under `LESSONS_REQUIRE_BROWSER=1`).
fn page_libraries() -> bool {
    let n = common::repo().join("node_modules");
    let have = [
        "react-18.3.1/umd/react.development.js",
        "d3/dist/d3.min.js",
        ".lessons/enzyme.js",
    ]
    .iter()
    .all(|f| n.join(f).is_file());
    !skip_unless(
        "node_modules lacks React, D3 or the Enzyme bundle: run `npm ci`",
        have,
    )
}

#[test]
fn react_sass_d3_fake_timers_and_endless_loops_run_as_in_freecodecamp_and_can_fail() {
    if chromium().is_none() || !page_libraries() {
        return;
    }
    let (reports, summary, code) = test_json(&["tests/fixtures/dom-libraries"], &[]);
    assert_eq!(summary, "26 passed, 3 failed, 1 skipped", "{reports:#}");
    assert_eq!(code, Some(1));
    let by_title = |t: &str| {
        reports
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["title"] == t)
            .unwrap_or_else(|| panic!("no lesson {t}: {reports:#}"))
            .clone()
    };
    let failures = |t: &str| -> Vec<(usize, String)> {
        results(&by_title(t))
            .into_iter()
            .enumerate()
            .filter(|(_, (passed, ..))| !passed)
            .map(|(i, (_, message, console))| {
                (i + 1, message.unwrap_or_default() + &console.join("\n"))
            })
            .collect()
    };
    // React 16: JSX through Babel, React from node_modules, the block's template, Enzyme and
    // DeepFreeze; a button that does nothing fails the click hint.
    assert_eq!(failures("A counter with Enzyme"), vec![]);
    assert_eq!(
        failures("A counter that does not count"),
        vec![(2, "expected +0 to equal 1".to_string())]
    );
    // React 18: index.jsx as a UMD module imported by index.html, prepTestComponent, React's
    // props on the DOM.
    assert_eq!(failures("A greeting component"), vec![]);
    assert_eq!(
        failures("A greeting with the wrong label"),
        vec![(3, "expected 'name' to equal 'name-input'".to_string())]
    );
    // Sass compiled; Sass that does not compile says why.
    assert_eq!(failures("A Sass variable"), vec![]);
    assert_eq!(
        failures("Sass that does not compile"),
        vec![(
            1,
            "[error] the Sass does not compile: Undefined variable. (line:3:12)".to_string()
        )]
    );
    // D3 at the version the lesson requires, and no other in its place.
    assert_eq!(failures("Paragraphs made by D3"), vec![]);
    let other = by_title("A version of D3 that is not installed");
    assert_eq!(other["status"], "skipped");
    assert!(
        other["reason"]
            .as_str()
            .unwrap()
            .contains("node_modules has no d3@3.5.17"),
        "{other:#}"
    );
    // The endless loop was broken after 1.5 s and the script went on; without loop protection
    // the page would not load within 20 s.
    assert_eq!(failures("A loop that never ends"), vec![]);
    // `__FakeTimers` (@sinonjs/fake-timers), installed by the before-all hook, drives the
    // page's setInterval; the seed, which never starts it, fails.
    assert_eq!(failures("A countdown under fake timers"), vec![]);
}

#[test]
fn without_chromium_dom_lessons_are_skipped_with_the_reason() {
    let (reports, summary, code) = test_json(
        &["tests/fixtures/dom/passes.md"],
        &[
            ("LESSONS_CHROMIUM", "/nonexistent/chromium"),
            ("LESSONS_REQUIRE_BROWSER", "0"),
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(summary, "0 passed, 0 failed, 6 skipped");
    assert_eq!(reports[0]["status"], "skipped");
    assert_eq!(
        reports[0]["reason"],
        "DOM lessons need Chromium (apt-get install chromium), which was not found"
    );

    // Where the browser is required, that is an error.
    let out = Command::new(env!("CARGO_BIN_EXE_lessons"))
        .args(["test", "tests/fixtures/dom/passes.md"])
        .env("LESSONS_CHROMIUM", "/nonexistent/chromium")
        .env("LESSONS_REQUIRE_BROWSER", "1")
        .current_dir(common::repo())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("LESSONS_REQUIRE_BROWSER=1 but DOM lessons need Chromium"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------- `$` against jQuery

/// The page every `$` case runs on.
const PLAYGROUND: &str = r#"<!DOCTYPE html>
<html><head><style>
  .red { color: red; } #left-well { background-color: rgb(0, 128, 0); } .hidden { display: none; }
  h3 { font-size: 20px; }
</style></head><body>
<div class="container-fluid">
  <h3 class="text-primary text-center">jQuery <em>Playground</em></h3>
  <div class="row">
    <div class="col-xs-6">
      <h4>#left-well</h4>
      <div class="well" id="left-well">
        <button class="btn btn-default target" id="target1">#target1</button>
        <button class="btn btn-default target red" id="target2" data-n="2" data-info='{"a":1}'>#target2</button>
        <button class="btn btn-default target" id="target3" disabled>#target3</button>
      </div>
    </div>
    <div class="col-xs-6">
      <h4>#right-well</h4>
      <div class="well" id="right-well">
        <button class="btn btn-default target" id="target4">  #target4  </button>
        <button class="btn btn-default target" id="target5">#target5</button>
        <button class="btn btn-default target hidden" id="target6">#target6</button>
      </div>
    </div>
  </div>
  <form id="f"><input id="name" type="text" value="cat"><input id="box" type="checkbox" checked>
    <select id="sel"><option value="a">A</option><option value="b" selected>B</option></select>
    <textarea id="ta">text</textarea></form>
  <ul id="list"><li>one</li><li>two</li><li>three</li><li>four</li></ul>
</div>
</body></html>"#;

/// Expressions, each run on a fresh playground with our `$` and with jQuery 3.7.1; the value
/// and the body's HTML afterwards must be the same.
const CASES: &[&str] = &[
    // what DOM hints call
    "$('#target4').html()",
    "$('#target4').text()",
    "$('#target4').text().trim()",
    "$('h3').html()",
    "$('#target2').hasClass('red')",
    "$('.target').hasClass('red')",
    "$('.nothing').hasClass('red')",
    "$('#target2').css('color')",
    "$('#left-well').css('background-color')",
    "$('#left-well').css('backgroundColor')",
    "$('h3').css('font-size')",
    "$('#right-well').children().css('color')",
    "$('#target3').prop('disabled')",
    "$('#target1').prop('disabled')",
    "$('#left-well').children('#target2').length",
    "$('#right-well').children('#target2').length",
    "$('.btn-default').length",
    "$('.target:nth-child(2)')",
    "$('.target:even')",
    "$('.target:odd')",
    "$('.target:first')",
    "$('.target:last')",
    "$('.target:eq(2)')",
    "$('.target:gt(3)')",
    "$('.target:lt(2)')",
    "$('li:even, h4')",
    "$('button:contains(target5)')",
    "$('.target:hidden')",
    "$('.target:visible').length",
    "$(':header')",
    "$('#nothing').length",
    "$('#target1') && $('#target1').length",
    "$('.well').children().length",
    "$('#target1')[0].id",
    "$('.target').get(1).id",
    "$('.target').get(-1).id",
    "$('.target').get().length",
    "$('.target').toArray().map(e => e.id)",
    "$('.target').eq(-2)",
    "$('.target').first()",
    "$('.target').last()",
    "$('.target').slice(1, 3)",
    "$('#target2').parent()",
    "$('.target').parent()",
    "$('#target2').parents('.row')",
    "$('#target2').closest('.col-xs-6')",
    "$('#target2').siblings()",
    "$('#target2').next()",
    "$('#target2').prev()",
    "$('#target3').next().length",
    "$('.container-fluid').find('h4')",
    "$('.row').find('> div')",
    "$('#list').find('li:last')",
    "$('.target').filter('.red')",
    "$('.target').filter((i) => i % 3 === 0)",
    "$('.target').not('.red').length",
    "$('#target2').is('.red')",
    "$('#target2').is('button')",
    "$('#target2').is(':disabled')",
    "$('#target3').is(':disabled')",
    "$('.target').index($('#target3'))",
    "$('#target5').index()",
    "$('#target2').attr('id')",
    "$('#target2').attr('title')",
    "$('#target2').attr('data-n')",
    "$('#target2').data('n')",
    "$('#target2').data('info')",
    "$('#name').val()",
    "$('#sel').val()",
    "$('#ta').val()",
    "$('#box').prop('checked')",
    "$('#box').is(':checked')",
    "$('li').map(function () { return this.textContent; }).get()",
    "(() => { const ids = []; $('.target').each(function (i, el) { ids.push(i + ':' + this.id + ':' + (el === this)); }); return ids; })()",
    "(() => { const ids = []; $('.target').each(function (i) { ids.push(this.id); return i < 1; }); return ids; })()",
    "$('<p class=\"x\">new</p>')",
    "$('<p>one</p><p>two</p>').length",
    "$(document).length",
    "$(window).length",
    "$(document.getElementById('target1'))",
    "$(document.querySelectorAll('li'))",
    "$($('.well'))",
    "$('li', '#list').length",
    "$('')",
    "$()",
    "$(null).length",
    "$.trim('  a b  ')",
    "$.map([1, 2, 3], (v) => v * 2)",
    "$.each([1, 2], () => {})",
    "$.extend({}, { a: 1 }, { b: 2 })",
    "$.isArray([])",
    "$.inArray(2, [1, 2, 3])",
    "typeof $.fn.jquery",
    // what the jQuery lessons' code does
    "$('#target1').css('color', 'red') && $('#target1').css('color')",
    "$('#target1').css({ color: 'blue', 'font-size': 30 }) && $('#target1').attr('style')",
    "$('#target1').css('width', 100) && $('#target1').css('width')",
    "$('#target1').css('opacity', 0.5) && $('#target1').css('opacity')",
    "$('#target1').prop('disabled', true) && $('#target1').prop('disabled')",
    "$('#target4').remove().length",
    "$('#target2').appendTo('#right-well')",
    "$('#target5').clone().appendTo('#left-well')",
    "$('#target1').parent().css('background-color', 'red')",
    "$('#right-well').children().css('color', 'orange')",
    "$('.target:nth-child(2)').addClass('animated bounce')",
    "$('.target:even').addClass('animated shake')",
    "$('button').removeClass('btn-default')",
    "$('#target2').removeClass()",
    "$('#target2').toggleClass('red')",
    "$('#target2').toggleClass('x y', true)",
    "$('h3').html('<em>jQuery Playground</em>')",
    "$('#target4').text('new text')",
    "$('#target1').attr('title', 'hi')",
    "$('#target2').removeAttr('data-n')",
    "$('#name').val('dog') && $('#name').val()",
    "$('#list').append('<li>five</li>')",
    "$('#list').prepend('<li>zero</li>')",
    "$('#list li:first').after('<li>after</li>')",
    "$('#list li:last').before('<li>before</li>')",
    "$('.well').append('<span>x</span>')",
    "$('<b>b</b>').prependTo('#left-well')",
    "$('#list').empty()",
    "$('#target6').show() && $('#target6').css('display')",
    "$('#target1').hide() && $('#target1').css('display')",
    "$('#target1').toggle() && $('#target1').css('display')",
    "$('li').first().replaceWith('<li>first</li>')",
    "(() => { let n = 0; $('#target1').on('click', () => { n++; }); $('#target1').click(); $('#target1')[0].click(); return n; })()",
    "(() => { let n = 0; $('#target1').click(function () { n += this.id.length; }); $('#target1').trigger('click'); return n; })()",
    "(() => { let n = 0; const h = () => { n++; }; $('#target1').on('click', h); $('#target1').off('click', h); $('#target1').click(); return n; })()",
    "(() => { let n = ''; $('#list').on('click', 'li', function () { n += this.textContent; }); $('li')[1].click(); return n; })()",
    "(() => { let n = 0; $('#target1').one('click', () => { n++; }); $('#target1').click().click(); return n; })()",
    "(() => { let v; $('#name').on('change', function () { v = this.value; }); $('#name').val('x').trigger('change'); return v; })()",
    "new Promise((resolve) => $(document).ready(() => resolve($('.target').length)))",
    "new Promise((resolve) => $(() => resolve('ready')))",
    // errors
    "(() => { try { $('#target1:nope'); return 'no error'; } catch (e) { return e.message; } })()",
    "(() => { try { $('.target:eq(1))'); return 'no error'; } catch (e) { return e.message; } })()",
];

/// Turns a case's value into JSON that both libraries give alike: a jQuery object is the list
/// of its elements, an element its tag, id and classes.
const NORMALIZE: &str = r#"
(async (value) => {
  const node = (n) => n === window ? 'window' : n === document ? 'document'
    : n && n.nodeType === 1 ? n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.getAttribute('class') ? '.' + n.getAttribute('class').trim().split(/\s+/).join('.') : '')
    : n && n.nodeType === 3 ? 'text:' + n.textContent : String(n && n.nodeName);
  const norm = (v) => {
    if (v === undefined) return '<undefined>';
    if (v === null || typeof v !== 'object' && typeof v !== 'function') return v;
    if (typeof v === 'function') return '<function>';
    if (typeof v.jquery === 'string') return { jq: Array.from(v).map(node) };
    if (v === window || v.nodeType) return node(v);
    if (Array.isArray(v)) return v.map(norm);
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = norm(v[k]);
    return o;
  };
  let result;
  try {
    result = norm(await value());
  } catch (e) {
    result = { threw: e.message };
  }
  await new Promise((r) => setTimeout(r, 5));
  return JSON.stringify({ result, body: document.body.innerHTML });
})
"#;

#[test]
fn our_dollar_does_what_jquery_does() {
    let Some(chrome) = chromium() else {
        return;
    };
    let jquery_path = common::repo().join("node_modules/jquery/dist/jquery.js");
    let jquery = std::fs::read_to_string(&jquery_path);
    if skip_unless(
        "node_modules/jquery is missing: run `npm ci`",
        jquery.is_ok(),
    ) {
        return;
    }
    let Ok(jquery) = jquery else { return };
    let ours = lessons::hints::dom::DOLLAR_JS;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let failures = rt.block_on(async {
        use chromiumoxide::browser::{Browser, BrowserConfig};
        use futures::StreamExt;
        let config = BrowserConfig::builder()
            .chrome_executable(chrome)
            .new_headless_mode()
            .no_sandbox()
            .user_data_dir(profile.path())
            .build()
            .unwrap();
        let (mut browser, mut handler) = Browser::launch(config).await.unwrap();
        let pump = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let url = format!(
            "data:text/html;base64,{}",
            base64_encode(PLAYGROUND.as_bytes())
        );
        // A few pages at once; each case gets a fresh document per library.
        let chunks: Vec<&[&str]> = CASES.chunks(CASES.len().div_ceil(4)).collect();
        let mut pages = Vec::new();
        for _ in &chunks {
            pages.push(browser.new_page("about:blank").await.unwrap());
        }
        let runs = chunks.iter().zip(&pages).map(|(cases, page)| {
            let url = url.as_str();
            let jquery = jquery.as_str();
            async move {
                let mut failures = Vec::new();
                for case in *cases {
                    let mut outputs = Vec::new();
                    for lib in [ours, jquery] {
                        page.goto(url).await.unwrap();
                        page.evaluate_expression(lib).await.unwrap();
                        let expr = format!("({NORMALIZE})(() => ({case}))");
                        let out: String = page
                            .evaluate_expression(expr)
                            .await
                            .unwrap_or_else(|e| panic!("{case}: {e}"))
                            .into_value()
                            .unwrap();
                        outputs.push(serde_json::from_str::<Value>(&out).unwrap());
                    }
                    if outputs[0] != outputs[1] {
                        failures.push(
                            json!({ "case": case, "ours": outputs[0], "jquery": outputs[1] }),
                        );
                    }
                }
                failures
            }
        });
        let failures: Vec<Value> = futures::future::join_all(runs)
            .await
            .into_iter()
            .flatten()
            .collect();
        browser.close().await.unwrap();
        let _ = browser.wait().await;
        pump.abort();
        failures
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from jQuery:\n{}",
        failures.len(),
        CASES.len(),
        serde_json::to_string_pretty(&failures).unwrap()
    );
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
