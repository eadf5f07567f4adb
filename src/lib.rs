//! `lessons`: write, translate and test coding lessons in freeCodeCamp's challenge markdown.
//!
//! The model ([`challenge`], [`curriculum`]) is the `lessons-model` crate, which knows nothing of
//! HTML, engines or servers; the commands are functions here that `main.rs` and the tests call
//! alike.

pub mod commands;

// The model is its own crate (crates/model), below every consumer; re-exported so that
// `crate::challenge` and `lessons::challenge` read as before.
pub use lessons_model::{challenge, codes, curriculum, diagnostic, source};
// The translation checks likewise (crates/check), on top of the model only.
pub use lessons_check as check;
// The hint runner (crates/hints), on top of the model only.
pub use lessons_hints as hints;
// The site builder (crates/render), on top of the model only.
pub use lessons_render as render;
// The dev server (crates/serve), on top of the site builder and the checks.
pub use lessons_serve as serve;
