//! Source text as the parser sees it, and byte offset → line:column conversion.

use std::borrow::Cow;

/// Strips a leading BOM and every `\r`, as the real curriculum needs (FORMAT.md §1: some
/// translated files have CRLF endings). Removing `\r` keeps every line number and every column
/// before the line end unchanged, so positions found in the normalised text are true positions
/// in the file on disk.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // memchr's search rather than `str::contains`: this runs over every byte of every file.
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace('\r', ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// Start offsets of every line, for turning byte offsets into 1-based line and column numbers.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line, col + 1)
    }

    /// Byte offset where a 1-based line starts (clamped to the end of the text).
    pub fn line_start(&self, line: usize, text_len: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text_len)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let t = "ab\nпривіт\n\nx";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), (1, 1));
        assert_eq!(idx.line_col(t, 3), (2, 1));
        let x = t.find('x').unwrap();
        assert_eq!(idx.line_col(t, x), (4, 1));
        let i = t.find('в').unwrap();
        assert_eq!(idx.line_col(t, i), (2, 4));
    }

    #[test]
    fn crlf_and_bom() {
        assert_eq!(normalize("\u{feff}a\r\nb\r\n"), "a\nb\n");
        assert!(matches!(normalize("plain"), Cow::Borrowed(_)));
    }
}
