//! The real curriculum (`../shared/curriculum`: English 2025-09, Ukrainian 2026-07): every file
//! parsed and linked with no error, and the findings by code pinned in snapshots, so that a
//! change in them is seen in review. Skipped without `../shared`; failed under CI
//! (`LESSONS_REQUIRE_SHARED=1`).

mod common;

use lessons::commands::check::{self, Options, Report};

/// Counts per code, one line each, then the totals: what the snapshot pins.
fn summary(report: &Report) -> String {
    let mut lines: Vec<String> = report
        .by_code()
        .iter()
        .map(|(code, severity, n)| format!("{n:>6} {severity}[{code}]"))
        .collect();
    lines.push(format!(
        "files {}, challenges {}, errors {}, warnings {}",
        report.files,
        report.challenges,
        report.errors(),
        report.warnings()
    ));
    for (lang, c) in &report.per_language {
        lines.push(format!(
            "{lang}: {} challenges, {} hints, {} solutions",
            c.challenges, c.hints, c.solutions
        ));
    }
    if let Some(t) = &report.translations {
        lines.push(format!(
            "compared {} (unplaced {}), without English {}",
            t.compared, t.compared_unplaced, t.without_english
        ));
    }
    lines.join("\n")
}

#[test]
fn real_tree_checks_with_no_error() {
    let Some(root) = common::real_curriculum() else {
        return;
    };
    let report = check::run(&[root]).unwrap();
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_snapshot!(summary(&report));
}

#[test]
fn real_tree_translation_check_compares_every_file_with_an_english_counterpart() {
    let Some(root) = common::real_curriculum() else {
        return;
    };
    let opts = Options {
        locale: Some("uk".into()),
        ..Options::default()
    };
    let report = check::run_with(&[root], &opts).unwrap();
    let t = report.translations.unwrap();
    // Every Ukrainian file is either compared or has no English file with its id.
    assert_eq!(
        t.compared + t.without_english,
        report.per_language["uk"].challenges
    );
    insta::assert_snapshot!(summary(&report));
}
