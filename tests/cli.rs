//! The `lessons` binary as a user runs it: exit codes, the summary line, snippets, JSON.

mod common;

use std::process::{Command, Output};

fn lessons(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lessons"))
        .args(args)
        .current_dir(common::repo())
        .output()
        .unwrap()
}

#[test]
fn check_reports_every_broken_file_in_one_run_and_fails() {
    let out = lessons(&["check", "tests/fixtures/invalid"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Every line is `path:line:col: severity[code]: message`; files freeCodeCamp ships give
    // warnings, the rest errors.
    let headers: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .collect();
    let errors = headers.iter().filter(|l| l.contains(": error[")).count();
    assert!(errors > 0 && errors < headers.len(), "{stdout}");
    let files = std::fs::read_dir(common::repo().join("tests/fixtures/invalid"))
        .unwrap()
        .count();
    for entry in std::fs::read_dir(common::repo().join("tests/fixtures/invalid")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            headers
                .iter()
                .any(|h| h.starts_with(&format!("tests/fixtures/invalid/{name}:"))),
            "no problem printed for {name}"
        );
    }
    // The offending line is shown under each problem.
    assert!(stdout.contains("│ # --hint--"), "{stdout}");
    assert!(stdout.contains("│ challengeType: one"), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with(&format!("{files} files, ")), "{last}");
    assert!(last.ends_with(" ms"), "{last}");
    assert!(
        last.contains(&format!(" languages, {errors} errors in ")),
        "{last}"
    );
}

#[test]
fn check_of_the_bundled_course_passes() {
    let out = lessons(&["check"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("27 files, 27 challenges, 2 languages, 0 errors in "),
        "{last}"
    );
}

#[test]
fn parse_prints_one_json_object_per_challenge() {
    let out = lessons(&["parse", "--json", "content"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 27);
    for o in &objects {
        for key in [
            "id",
            "title",
            "challengeType",
            "dashedName",
            "tests",
            "challengeFiles",
            "solutions",
            "source",
        ] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
    }
    let with_regions = objects
        .iter()
        .flat_map(|o| o["challengeFiles"].as_array().unwrap())
        .filter(|f| f["editableRegionBoundaries"].as_array().unwrap().len() == 2)
        .count();
    assert!(with_regions >= 4, "{with_regions}");
    let function_form = objects
        .iter()
        .flat_map(|o| o["tests"].as_array().unwrap())
        .filter(|t| t["form"] == "function")
        .count();
    assert!(function_form > 0);
}

#[test]
fn a_missing_path_is_a_clear_error() {
    let out = lessons(&["check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no/such/dir does not exist"), "{stderr}");
}

#[test]
fn keep_language_from_lessons_toml_silences_a_language_block() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo().join("tests/fixtures/translation-root");
    let run = |cwd: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_lessons"))
            .args(["check", "--locale", "es"])
            .arg(&root)
            .current_dir(cwd)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(dir.path()).contains("warning[untranslated-text]: untranslated paragraph"));
    std::fs::write(
        dir.path().join("lessons.toml"),
        "keep_language = [\"greetings\"]\n",
    )
    .unwrap();
    let out = run(dir.path());
    assert!(!out.contains("warning:"), "{out}");
}

/// The README's table of diagnostics is the one `lessons check --list-codes` prints, so a new
/// or re-decided rule cannot land without its line there.
#[test]
fn readme_lists_every_diagnostic_code() {
    let out = lessons(&["check", "--list-codes"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(table, lessons::codes::markdown_table());
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's diagnostics table is out of date: paste `lessons check --list-codes` into it"
    );
    assert!(table.lines().count() > 40);
}

/// A time limit that is not a time (NaN, an infinity, negative, zero, too long, a word) is a
/// usage error that says what to give, never a panic.
#[test]
fn a_timeout_that_is_not_a_time_is_refused_with_the_range() {
    for bad in ["nan", "inf", "-1", "0", "1e30", "abc"] {
        let out = lessons(&["test", &format!("--timeout={bad}"), "content"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(!stderr.contains("panicked"), "{bad}: {stderr}");
        assert!(
            stderr.contains("0.01 to 3600") || stderr.contains("is not a number of seconds"),
            "{bad}: {stderr}"
        );
    }
}

/// A folder the walk cannot read is an `unreadable` error naming it, not lessons that go
/// missing without a word. Permissions do not stop root, so as root the check runs as `nobody`
/// (util-linux's `setpriv`); without a way to drop them, the test says so and skips.
#[test]
fn a_folder_that_cannot_be_read_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if common::skip_unless(
        "",
        &[(
            "running as root without setpriv, permissions cannot be tested",
            !is_root || std::path::Path::new("/usr/bin/setpriv").exists(),
        )],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let target = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    };
    copy(
        &common::repo().join("tests/fixtures/translation-root"),
        &root,
    );
    let locked = root.join("english/blocks/locked");
    std::fs::create_dir_all(&locked).unwrap();
    // Readable by anyone but the locked folder, so that `nobody` can walk the rest.
    for e in walkdir::WalkDir::new(dir.path()) {
        let e = e.unwrap();
        let mode = if e.file_type().is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let bin = env!("CARGO_BIN_EXE_lessons");
    let root_arg = root.to_str().unwrap();
    let out = if is_root {
        Command::new("/usr/bin/setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin,
                "check",
                root_arg,
            ])
            .output()
            .unwrap()
    } else {
        Command::new(bin)
            .args(["check", root_arg])
            .output()
            .unwrap()
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{}:1:1: error[unreadable]: cannot read this folder or file, so its lessons are left out",
            locked.display()
        )),
        "{stdout}"
    );
}
