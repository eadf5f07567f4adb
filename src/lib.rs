//! `lessons`: write, translate and test coding lessons in freeCodeCamp's challenge markdown.
//!
//! The model ([`challenge`], [`curriculum`]) knows nothing of HTML, engines or servers; the
//! commands are functions here that `main.rs` and the tests call alike.

pub mod challenge;
pub mod check;
pub mod codes;
pub mod commands;
pub mod curriculum;
pub mod diagnostic;
pub mod hints;
pub mod render;
pub mod serve;
pub mod source;
