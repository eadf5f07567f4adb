//! Parsing and linking speed: the shared corpus sample (when `../shared` is there) and a
//! synthetic 20,000-file curriculum. Run: `cargo bench --bench parse`.
//! Reports files/s (Elements) and MB/s (Bytes) for the same work.

#[path = "common/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// mimalloc, as in the `lessons` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load(root: &Path) -> usize {
    let mut diags = Vec::new();
    let c = lessons::curriculum::load(root, &mut diags).expect("content root");
    assert!(diags.iter().all(|d| !d.is_error()), "{:?}", diags.first());
    c.challenge_count()
}

fn measure(c: &mut Criterion, name: &str, root: &Path) {
    let files = load(root) as u64;
    let bytes: u64 = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum();
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.throughput(Throughput::Elements(files));
    group.bench_function("files", |b| b.iter(|| load(root)));
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("bytes", |b| b.iter(|| load(root)));
    group.finish();
}

fn benches(c: &mut Criterion) {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus-sample/new-layout/curriculum");
    if sample.exists() {
        measure(c, "corpus-sample", &sample);
    } else {
        eprintln!("skipped corpus-sample: {} is absent", sample.display());
    }
    let dir = tempfile::tempdir().expect("temp dir");
    synthetic::write(dir.path(), 10_000).expect("write synthetic corpus");
    measure(c, "synthetic-20000-files", dir.path());
}

criterion_group!(parse, benches);
criterion_main!(parse);
