//! `lessons-render`: a [`Curriculum`](crate::curriculum::Curriculum) → a static, localized
//! lesson site. Depends on the model only (never on `check` or `hints`: the lesson pages' copies
//! of the hint runner's JavaScript are included as files).
//!
//! - [`Site`] knows the pages and renders any one of them in memory ([`Site::render`]), so a
//!   dev server can serve a page without writing anything;
//! - [`output::write_site`] renders in parallel the pages that may have changed (each page has
//!   an input key, [`Site::page_keys`]), checks the links, and writes only the files whose
//!   contents changed, keeping a manifest of what it made in the output's marker file;
//! - [`Highlighter`] highlights code once per distinct (language, code) and caches it on disk;
//! - [`reuse`] remembers which content files parsed without a problem, so that a rebuild reads
//!   only their front matter;
//! - [`i18n`] holds the Fluent UI strings and the localized superblock and block titles.

// The model's modules under the names the renderer has always used (`crate::challenge` …).
use lessons_model::{challenge, codes, curriculum, diagnostic, source};

pub mod config;
pub mod highlight;
pub mod html;
pub mod i18n;
pub mod lesson;
pub mod links;
pub mod markdown;
pub mod output;
pub mod reuse;
pub mod site;
pub mod templates;

pub use config::Config;
pub use highlight::Highlighter;
pub use output::{MARKER, Written, write_site};
pub use site::{Page, PageKind, Rendered, Site};
