//! Hint throughput: simple JavaScript hints, each in a fresh engine context, across all cores;
//! and the time to test the whole bundled course (sandbox included).
//! Run: `cargo bench --bench hints`.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lessons::challenge::TestForm;
use lessons::hints::engine::{self, Job, Limits};
use rayon::prelude::*;

/// mimalloc, as in the `lessons` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BATCH: usize = 400;

fn simple_hints(c: &mut Criterion) {
    let mut group = c.benchmark_group("hints");
    group.sample_size(10);
    group.throughput(Throughput::Elements(BATCH as u64));
    let job = Job {
        test: "assert.strictEqual(double(21), 42);\nassert.match(code, /function double/);",
        form: TestForm::Statement,
        code: "function double(n) { return n * 2; }",
        app_url: None,
        hooks: None,
        setup: Some("function double(n) { return n * 2; }"),
        before_each: None,
        limits: Limits::default(),
    };
    group.bench_function("fresh-context-each", |b| {
        b.iter(|| {
            (0..BATCH)
                .into_par_iter()
                .map(|_| engine::run(&job).passed)
                .filter(|p| *p)
                .count()
        })
    });
    group.finish();

    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut group = c.benchmark_group("bundled-course");
    group.sample_size(10);
    group.bench_function("lessons-test", |b| {
        b.iter(|| {
            let opts = lessons::commands::test::Options {
                paths: vec![content.clone()],
                locale: None,
                url: None,
                project: None,
                jobs: None,
                format: lessons::commands::test::Format::Pretty,
                timeout: Duration::from_secs(5),
            };
            let failed =
                lessons::commands::test::main(&opts, &mut std::io::sink(), &mut std::io::sink())
                    .expect("runs");
            assert!(!failed);
        })
    });
    group.finish();
}

criterion_group!(hints, simple_hints);
criterion_main!(hints);
