//! Build speed and memory: a synthetic curriculum shaped like the real one (20,000 lessons in
//! English and Ukrainian, median file about 2 KB, one or two highlighted code blocks per lesson
//! on average, seed and solution code identical across the languages) built cold (empty
//! highlight cache, new output folder), warm (cache filled by the cold build, new output
//! folder), again into that folder with nothing changed (no page rendered, no file written: see
//! `render::output`), and without highlighting (new output folder).
//!
//! Run: `cargo bench --bench build` (add `-- 5000` for another lesson count; set `TMPDIR` to
//! choose the disk). Each build runs in its own process so that its peak memory (VmHWM) is its
//! own. `benches/rebuild.sh` measures the same on a real curriculum, with a one-lesson edit.

#[path = "common/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use lessons::commands::build::run;
use lessons::render::Config;

/// mimalloc, as in the `lessons` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// One build in this process; prints `pages lessons locales ms distinct highlighted peak_mb`.
fn phase(content: &Path, out: &Path, cache: &Path, highlight: bool) {
    let config = Config {
        content: content.to_path_buf(),
        output: out.to_path_buf(),
        cache: cache.to_path_buf(),
        highlight,
        ..Config::default()
    };
    let started = Instant::now();
    let outcome = match run(&config, true, false) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("build failed: {e:#}");
            std::process::exit(1);
        }
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if outcome.failed() {
        eprintln!("build reported problems: {:?}", outcome.broken.first());
        std::process::exit(1);
    }
    println!(
        "RESULT {} {} {} {ms:.0} {} {} {:.0}",
        outcome.pages,
        outcome.lessons,
        outcome.locales,
        outcome.highlight.distinct,
        outcome.highlight.highlighted,
        peak_memory_mb().unwrap_or(0.0)
    );
}

fn spawn(exe: &Path, args: &[&str]) -> Option<Vec<f64>> {
    let output = Command::new(exe).args(args).output().ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find(|l| l.starts_with("RESULT "))?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    line.split_whitespace()
        .skip(1)
        .map(|x| x.parse().ok())
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--phase") {
        let get = |k: usize| PathBuf::from(&args[i + k]);
        phase(&get(2), &get(3), &get(4), args[i + 1] != "plain");
        return;
    }
    // `cargo bench` passes `--bench`; a bare number picks the lesson count.
    let lessons: usize = args
        .iter()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let started = Instant::now();
    let bytes = synthetic::write(&content, lessons).expect("write the synthetic curriculum");
    println!(
        "synthetic curriculum: {lessons} lessons × 2 languages, {:.1} MB of markdown, written in {} ms",
        bytes as f64 / 1e6,
        started.elapsed().as_millis()
    );
    let exe = std::env::current_exe().expect("own path");
    let cache = dir.path().join("cache");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (content_s, cache_s) = (s(&content), s(&cache));
    let out = dir.path().join("public");
    let out_s = s(&out);
    let empty_cache = s(&dir.path().join("no-cache"));
    println!(
        "{:<28} {:>7} {:>9} {:>10} {:>10} {:>13} {:>9}",
        "build", "pages", "ms", "pages/s", "distinct", "highlighted", "peak MB"
    );
    // `fresh`: into a new output folder (the one before is deleted first).
    for (name, kind, fresh, cache) in [
        ("cold (empty cache)", "hl", true, cache_s.as_str()),
        ("warm (cache from cold)", "hl", true, cache_s.as_str()),
        ("again, nothing changed", "hl", false, cache_s.as_str()),
        ("no highlighting", "plain", true, empty_cache.as_str()),
    ] {
        if fresh && out.exists() {
            std::fs::remove_dir_all(&out).expect("remove the last output");
        }
        match spawn(&exe, &["--phase", kind, &content_s, &out_s, cache]) {
            Some(r) if r.len() == 7 => println!(
                "{name:<28} {:>7} {:>9.0} {:>10.0} {:>10} {:>13} {:>9.0}",
                r[0],
                r[3],
                r[0] / (r[3] / 1000.0),
                r[4],
                r[5],
                r[6]
            ),
            _ => {
                eprintln!("{name}: the build failed");
                std::process::exit(1);
            }
        }
    }
}
