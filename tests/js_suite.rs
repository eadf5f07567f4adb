//! Runs the JavaScript unit tests (`node --test tests/js/`) as part of `cargo test`, so the one
//! test command covers `assert.js` and `helpers.js` too. Skips with a reason when Node or the
//! npm packages are missing, unless `LESSONS_REQUIRE_NODE=1` (CI) makes that a failure.

mod common;

use std::process::Command;

#[test]
fn node_test_suite_passes() {
    let repo = common::repo();
    if common::skip_unless(
        "LESSONS_REQUIRE_NODE",
        &[
            (
                "node is not installed",
                Command::new("node").arg("--version").output().is_ok(),
            ),
            (
                "node_modules is missing: run `npm ci`",
                repo.join("node_modules/chai/package.json").exists(),
            ),
        ],
    ) {
        return;
    }
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/js/"])
        .current_dir(&repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "node --test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Guard against a suite that silently runs nothing.
    let passed = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("ℹ pass "))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(0);
    assert!(
        passed >= 50,
        "only {passed} JavaScript tests passed:\n{stdout}"
    );
}
