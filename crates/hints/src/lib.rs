//! `lessons-hints`, running hint tests: the embedded engine, what each kind of lesson runs
//! against, and reports. It reads the model (`lessons-model`) and nothing else of `lessons`.

// The model's modules under the names the runner has always used (`crate::challenge` …).
use lessons_model::{challenge, source};

pub mod dom;
pub mod engine;
pub mod fetch;
pub mod libraries;
pub mod loops;
pub mod run;
