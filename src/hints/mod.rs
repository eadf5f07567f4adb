//! Running hint tests: the embedded engine, what each kind of lesson runs against, and reports.

pub mod dom;
pub mod engine;
pub mod fetch;
pub mod libraries;
pub mod loops;
pub mod run;
