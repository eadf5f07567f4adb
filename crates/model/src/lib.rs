//! `lessons-model`: what a challenge file says and how files make a curriculum — the one
//! place that knows freeCodeCamp's challenge format.
//!
//! - [`challenge`]: one file parsed (front matter, sections, hints, seed and solution files,
//!   questions), every problem found as a [`diagnostic::Diagnostic`] with its position;
//! - [`curriculum`]: a content root walked, every file parsed in parallel, linked by the
//!   structure files into superblocks → blocks → lessons, one per language;
//! - [`codes`]: every diagnostic code, its severity and what it means; [`source`]: line and
//!   column of a byte offset; [`diagnostic`]: a problem and how it prints.
//!
//! It knows nothing of HTML, JavaScript engines or servers (this crate depends on no other part
//! of `lessons`); the renderer, the checks, the hint runner, the server and the CLI read it.

pub mod challenge;
pub mod codes;
pub mod curriculum;
pub mod diagnostic;
pub mod source;
