//! `lessons parse PATH… --json`: the model as JSON, one object per challenge per line.

use std::io::Write;
use std::path::PathBuf;

use super::{Loaded, load};
use crate::diagnostic::Printer;

/// Prints one JSON object per challenge (JSON Lines) to `out` and problems to `err`.
/// Returns whether there were errors.
pub fn main(paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<bool> {
    let mut diags = Vec::new();
    for path in paths {
        match load(path, &mut diags)? {
            Loaded::Curriculum(c) => {
                for lesson in c.lessons() {
                    for ch in lesson.english.iter().chain(lesson.translations.values()) {
                        serde_json::to_writer(&mut *out, ch)?;
                        writeln!(out)?;
                    }
                }
            }
            Loaded::Files { challenges, .. } => {
                for ch in &challenges {
                    serde_json::to_writer(&mut *out, ch)?;
                    writeln!(out)?;
                }
            }
        }
    }
    let mut printer = Printer::new();
    for d in &diags {
        printer.print(err, d)?;
    }
    Ok(diags.iter().any(|d| d.is_error()))
}
