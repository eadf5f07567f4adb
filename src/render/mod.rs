//! `render`: a [`Curriculum`](crate::curriculum::Curriculum) → a static, localized lesson
//! site. Depends on the model only (never on `check` or `hints`).
//!
//! - [`Site`] knows the pages and renders any one of them in memory ([`Site::render`]), so a
//!   dev server can serve a page without writing anything;
//! - [`output::write_site`] renders all of them in parallel into a staging folder, checks the
//!   links and swaps the new site in;
//! - [`Highlighter`] highlights code once per distinct (language, code) and caches it on disk;
//! - [`i18n`] holds the Fluent UI strings and the localized superblock and block titles.

pub mod config;
pub mod highlight;
pub mod html;
pub mod i18n;
pub mod lesson;
pub mod links;
pub mod markdown;
pub mod output;
pub mod site;
pub mod templates;

pub use config::Config;
pub use highlight::Highlighter;
pub use output::{MARKER, Written, write_site};
pub use site::{Page, PageKind, Rendered, Site};
