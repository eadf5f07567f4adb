//! assert.js inside the embedded engine: the differential case table (tests/js/assert-cases.js)
//! runs through chai under Node and through assert.js under QuickJS, and every case must pass
//! or fail alike, with chai's message. The Node suite checks the same table under V8; this one
//! proves the engine that `lessons test` really uses agrees.

mod common;

use std::process::Command;
use std::time::Duration;

use lessons::challenge::TestForm;
use lessons::hints::engine::{self, Job, Limits};

const CHAI_RESULTS: &str = r#"
import vm from 'node:vm';
import fs from 'node:fs';
const { assert } = await import(new URL('./node_modules/chai/index.js', 'file://' + process.cwd() + '/'));
vm.runInThisContext(fs.readFileSync('tests/js/assert-cases.js', 'utf8'), { filename: 'assert-cases.js' });
process.stdout.write(JSON.stringify(globalThis.assertCases.runAll(assert)));
"#;

const COMPARE: &str = r#"
const expected = JSON.parse(code);
const got = assertCases.runAll(assert);
const bad = [];
if (got.length !== expected.length) bad.push(`${got.length} cases here, ${expected.length} under chai`);
got.forEach((g, i) => {
  const e = expected[i];
  if (!e || e.key !== g.key) { bad.push(`case ${i}: ${g.key} vs ${e && e.key}`); return; }
  if ((e.result === null) !== (g.result === null)) {
    bad.push(`${g.key}: chai ${e.result ? 'fails: ' + e.result.message : 'passes'}, ours ${g.result ? 'fails: ' + g.result.message : 'passes'}`);
    return;
  }
  if (e.result === null) return;
  const [method, , index] = g.key.split(':');
  if (g.result.name !== e.result.name) bad.push(`${g.key}: threw ${g.result.name}, chai ${e.result.name}`);
  if ((method + ':' + index) in assertCases.msgDiffers) return;
  if (g.result.message !== e.result.message) bad.push(`${g.key}: "${g.result.message}" but chai says "${e.result.message}"`);
});
if (bad.length) throw new Error(bad.length + ' differences from chai in QuickJS:\n' + bad.slice(0, 30).join('\n'));
console.log(got.length + ' cases agree');
"#;

#[test]
fn assert_js_matches_chai_inside_quickjs() {
    let repo = common::repo();
    if common::skip_unless(
        "LESSONS_REQUIRE_NODE",
        &[(
            "node_modules is missing: run `npm ci`",
            repo.join("node_modules/chai/package.json").exists(),
        )],
    ) {
        return;
    }
    let out = Command::new("node")
        .args(["--input-type=module", "-e", CHAI_RESULTS])
        .current_dir(&repo)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = String::from_utf8(out.stdout).unwrap();
    let cases = std::fs::read_to_string(repo.join("tests/js/assert-cases.js")).unwrap();

    let outcome = engine::run(&Job {
        test: COMPARE,
        form: TestForm::Statement,
        code: &expected,
        app_url: None,
        hooks: None,
        setup: Some(&cases),
        before_each: None,
        limits: Limits {
            timeout: Duration::from_secs(30),
            ..Limits::default()
        },
    });
    assert!(outcome.passed, "{}", outcome.message.unwrap_or_default());
    let n: usize = outcome.console[0]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n >= 500, "{:?}", outcome.console);
}
