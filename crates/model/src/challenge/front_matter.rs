//! The YAML front matter: located in the file, parsed with gray_matter's YAML engine, and typed
//! key by key so that every wrong key is reported at its own line, not just the first.

use crate::codes::Code;
use std::collections::BTreeMap;

use gray_matter::engine::{Engine, YAML};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Ctx;
use crate::diagnostic::Pos;

/// Typed front matter. Required keys are plain fields; every optional key of FORMAT.md §3 is
/// typed; anything else is kept in `extra` so nothing an author wrote is lost.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontMatter {
    pub id: String,
    pub title: String,
    pub challenge_type: u8,
    pub dashed_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forum_topic_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bilibili_ids: Option<BilibiliIds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_locale_ids: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_type: Option<DemoType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<RequiredResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms_trophy_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_category: Option<HelpCategory>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<Prerequisite>,
    #[serde(rename = "saveSubmissionToDB", skip_serializing_if = "Option::is_none")]
    pub save_submission_to_db: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_locked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_coming_soon: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// Keys this version does not know, kept as written.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
    /// Where `id:` and `dashedName:` are, for problems found when linking files together.
    #[serde(skip)]
    pub id_pos: Pos,
    #[serde(skip)]
    pub dashed_name_pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BilibiliIds {
    pub aid: u64,
    pub bvid: String,
    pub cid: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DemoType {
    #[serde(rename = "onClick")]
    OnClick,
    #[serde(rename = "onLoad")]
    OnLoad,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequiredResource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_domain: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelpCategory {
    JavaScript,
    #[serde(rename = "HTML-CSS")]
    HtmlCss,
    Python,
    #[serde(rename = "Backend Development")]
    BackendDevelopment,
    #[serde(rename = "C-Sharp")]
    CSharp,
    English,
    Odin,
    Euler,
    Rosetta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prerequisite {
    pub id: String,
    pub title: String,
}

/// Where the front matter ends: the byte offset of the body.
pub struct Located<'a> {
    pub yaml: &'a str,
    /// Offset of the YAML text (the line after the opening `---`).
    pub yaml_offset: usize,
    pub body_offset: usize,
}

/// Where the text after the front matter starts, as [`locate`] finds it; the end of the text
/// when it has none. [`locate`] on the text up to there finds what it finds on the whole.
pub fn end(text: &str) -> usize {
    match scan(text) {
        Scan::Found(located) => located.body_offset,
        Scan::NoOpening(_) | Scan::Unclosed(_) => text.len(),
    }
}

/// Finds the `---` … `---` block at the top of the file.
pub fn locate<'a>(ctx: &mut Ctx<'a>) -> Option<Located<'a>> {
    match scan(ctx.text) {
        Scan::Found(located) => Some(located),
        Scan::NoOpening(first_end) => {
            ctx.report(
                Code::NoFrontMatter,
                0..first_end,
                "missing front matter: a challenge file starts with a `---` line, then YAML with \
                 id, title, challengeType and dashedName, then another `---` line",
            );
            None
        }
        Scan::Unclosed(first_end) => {
            ctx.report(
                Code::FrontMatterUnclosed,
                0..first_end,
                "the front matter opened here is never closed: add a `---` line after its last key",
            );
            None
        }
    }
}

/// What the top of a file holds; the problems carry the end of the first line.
enum Scan<'a> {
    Found(Located<'a>),
    NoOpening(usize),
    Unclosed(usize),
}

fn scan(text: &str) -> Scan<'_> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Scan::NoOpening(first_end);
    }
    let yaml_offset = (first_end + 1).min(text.len());
    let mut pos = yaml_offset;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            return Scan::Found(Located {
                yaml: &text[yaml_offset..pos],
                yaml_offset,
                body_offset: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Scan::Unclosed(first_end)
}

/// Parses and types the front matter. Returns `None` only when it cannot be read at all.
pub fn parse(ctx: &mut Ctx<'_>, loc: &Located<'_>) -> Option<FrontMatter> {
    let pod = match <YAML as Engine>::parse(loc.yaml) {
        Ok(pod) => pod,
        Err(e) => {
            let msg = e.to_string();
            let (line, col) = yaml_error_position(&msg).unwrap_or((1, 1));
            let offset = line_offset(loc.yaml, line).map_or(0, |o| o + col.saturating_sub(1));
            let offset = (loc.yaml_offset + offset).min(ctx.text.len());
            ctx.report(
                Code::FrontMatterYaml,
                offset..offset,
                format!(
                    "the front matter is not valid YAML: {}",
                    clean_yaml_message(&msg)
                ),
            );
            return None;
        }
    };
    let value: Value = pod.deserialize().unwrap_or(Value::Null);
    let mut map = match value {
        Value::Object(map) => map,
        Value::Null => serde_json::Map::new(),
        _ => {
            ctx.report(
                Code::FrontMatterYaml,
                loc.yaml_offset..loc.yaml_offset,
                "the front matter must be YAML keys and values (`id: …`, `title: …`)",
            );
            return None;
        }
    };
    let mut keys = Keys {
        ctx,
        loc,
        map: &mut map,
    };
    let fm = FrontMatter {
        id: keys.required_string("id").unwrap_or_default(),
        title: keys.required_string("title").unwrap_or_default(),
        challenge_type: keys.challenge_type().unwrap_or(u8::MAX),
        dashed_name: keys.required_string("dashedName").unwrap_or_default(),
        forum_topic_id: keys.optional("forumTopicId", "a whole number"),
        video_url: keys.optional("videoUrl", "text"),
        video_id: keys.optional("videoId", "text"),
        bilibili_ids: keys.optional("bilibiliIds", "`{aid: number, bvid: text, cid: number}`"),
        video_locale_ids: keys.optional("videoLocaleIds", "language: id pairs"),
        demo_type: keys.optional("demoType", "`onClick` or `onLoad`"),
        url: keys.optional("url", "text"),
        required: keys
            .optional("required", "a list of `{link, raw, src, crossDomain}`")
            .unwrap_or_default(),
        ms_trophy_id: keys.optional("msTrophyId", "text"),
        help_category: keys.optional(
            "helpCategory",
            "one of JavaScript, HTML-CSS, Python, Backend Development, C-Sharp, English, Odin, \
             Euler, Rosetta",
        ),
        prerequisites: keys
            .optional("prerequisites", "a list of `{id, title}`")
            .unwrap_or_default(),
        save_submission_to_db: keys.optional("saveSubmissionToDB", "true or false"),
        is_locked: keys.optional("isLocked", "true or false"),
        is_coming_soon: keys.optional("isComingSoon", "true or false"),
        transcript: keys.optional("transcript", "text"),
        extra: BTreeMap::new(),
        id_pos: Pos::default(),
        dashed_name_pos: Pos::default(),
    };
    let extra = std::mem::take(keys.map).into_iter().collect();
    let mut fm = fm;
    fm.extra = extra;
    fm.id_pos = keys.pos("id");
    fm.dashed_name_pos = keys.pos("dashedName");
    let ok = !fm.id.is_empty()
        && !fm.title.is_empty()
        && fm.challenge_type != u8::MAX
        && !fm.dashed_name.is_empty();
    ok.then_some(fm)
}

struct Keys<'c, 'a, 'l> {
    ctx: &'c mut Ctx<'a>,
    loc: &'l Located<'l>,
    map: &'c mut serde_json::Map<String, Value>,
}

impl Keys<'_, '_, '_> {
    /// The span of the value of `key:` in the file (of the key itself when the value is empty),
    /// or of the opening `---` when the key is absent.
    fn span(&self, key: &str) -> std::ops::Range<usize> {
        let mut offset = self.loc.yaml_offset;
        for line in self.loc.yaml.split_inclusive('\n') {
            let content = line.trim_end();
            if let Some(after_key) = content.strip_prefix(key)
                && let Some(value) = after_key.trim_start().strip_prefix(':')
            {
                let value = value.trim();
                let end = offset + content.len();
                return if value.is_empty() {
                    offset..end
                } else {
                    end - value.len()..end
                };
            }
            offset += line.len();
        }
        0..3
    }

    fn pos(&self, key: &str) -> Pos {
        let span = self.span(key);
        let (line, col) = self.ctx.lines.line_col(self.ctx.text, span.start);
        Pos { line, col, span }
    }

    /// The raw text after `key:` on its line, unquoted. Used when YAML typed a value we read as
    /// text (an id made only of digits, say) as a number.
    fn raw(&self, key: &str) -> Option<String> {
        let span = self.span(key);
        let raw = self.ctx.text.get(span)?.trim();
        Some(raw.trim_matches(|c| c == '\'' || c == '"').to_string())
    }

    fn required_string(&mut self, key: &str) -> Option<String> {
        let value = self.map.remove(key);
        let text = match value {
            None | Some(Value::Null) => {
                let span = self.span(key);
                self.ctx.report(Code::MissingKey,
                    span,
                    format!("the front matter has no `{key}`; every challenge needs id, title, challengeType and dashedName"),
                );
                return None;
            }
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(_) | Value::Bool(_)) => self.raw(key).unwrap_or_default(),
            Some(_) => {
                let span = self.span(key);
                self.ctx.report(
                    Code::BadKey,
                    span,
                    format!("`{key}` must be text, not a list or a mapping"),
                );
                return None;
            }
        };
        if text.is_empty() {
            let span = self.span(key);
            self.ctx
                .report(Code::MissingKey, span, format!("`{key}` is empty"));
            return None;
        }
        let problem = match key {
            "id" if !(text.len() == 24 && text.bytes().all(|b| b.is_ascii_hexdigit())) => Some(
                format!("`id` must be 24 hexadecimal digits (a MongoDB ObjectId), found `{text}`"),
            ),
            "dashedName"
                if !text
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
            {
                Some(format!(
                    "`dashedName` may hold only lowercase letters, digits and `-`, found `{text}`"
                ))
            }
            _ => None,
        };
        if let Some(message) = problem {
            let span = self.span(key);
            self.ctx.report(Code::BadKey, span, message);
            return None;
        }
        Some(text)
    }

    fn challenge_type(&mut self) -> Option<u8> {
        let key = "challengeType";
        let value = self.map.remove(key);
        let n = match &value {
            None | Some(Value::Null) => {
                let span = self.span(key);
                self.ctx.report(Code::MissingKey,
                    span,
                    "the front matter has no `challengeType`; every challenge needs id, title, challengeType and dashedName",
                );
                return None;
            }
            Some(Value::Number(n)) => n.as_u64(),
            // Two real Ukrainian files have stray spaces here (FORMAT.md §1).
            Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
            Some(_) => None,
        };
        match n {
            Some(n) if n <= 33 => Some(n as u8),
            _ => {
                let shown = self.raw(key).unwrap_or_default();
                let span = self.span(key);
                self.ctx.report(
                    Code::BadKey,
                    span,
                    format!("`challengeType` must be a whole number from 0 to 33, found `{shown}`"),
                );
                None
            }
        }
    }

    fn optional<T: DeserializeOwned>(&mut self, key: &str, expected: &str) -> Option<T> {
        let value = self.map.remove(key)?;
        if value.is_null() {
            return None;
        }
        // Values such as a quoted number (`forumTopicId: '301552'`) are accepted as well.
        let attempt = serde_json::from_value::<T>(value.clone()).or_else(|e| match &value {
            Value::String(s) => serde_json::from_str::<T>(s.trim()).map_err(|_| e),
            _ => Err(e),
        });
        match attempt {
            Ok(v) => Some(v),
            Err(_) => {
                let span = self.span(key);
                self.ctx
                    .report(Code::BadKey, span, format!("`{key}` must be {expected}"));
                None
            }
        }
    }
}

/// yaml-rust2 ends its messages with `at byte B line L column C` (line 1-based, column 0-based).
fn yaml_error_position(msg: &str) -> Option<(usize, usize)> {
    let at = msg.rfind(" line ")?;
    let mut words = msg[at..].split_whitespace();
    words.next();
    let line: usize = words.next()?.parse().ok()?;
    words.next();
    let col: usize = words
        .next()?
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some((line, col + 1))
}

fn clean_yaml_message(msg: &str) -> String {
    let msg = msg.trim_start_matches("Failed to deserialize: ");
    let msg = msg.trim_start_matches("Deserialize error: ");
    match msg.find(" at byte ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn line_offset(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shallow parse reads the text up to [`end`]: the front matter found there is the one
    /// found in the whole text.
    #[test]
    fn the_front_matter_ends_where_locate_finds_its_end() {
        for text in [
            "---\nid: a\n---\n# --description--\n",
            "---\nid: a\n---",
            "---  \nid: a\n---  \nbody\n---\n",
            "---\nid: a\n",
            "no front matter\n---\n",
            "",
        ] {
            let end = end(text);
            let whole = match scan(text) {
                Scan::Found(l) => Some((l.yaml, l.yaml_offset, l.body_offset)),
                _ => None,
            };
            let head = match scan(&text[..end]) {
                Scan::Found(l) => Some((l.yaml, l.yaml_offset, l.body_offset)),
                _ => None,
            };
            assert_eq!(head, whole, "{text:?}");
        }
    }
}
