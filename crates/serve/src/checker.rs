//! The translator preview's statuses: where every lesson stands in each translation locale,
//! checked in the background. Neither the site ([`super::live`]) nor the preview pages
//! ([`super::preview`]) own this: both read it, so it sits below them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::check;
use crate::curriculum::Curriculum;
use crate::diagnostic::{Diagnostic, Severity};

/// Where a lesson stands in one locale (in the order the index lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    Errors,
    Untranslated,
    Missing,
    Done,
}

/// One lesson of the status index.
#[derive(Debug, Clone)]
pub struct Row {
    pub block: usize,
    pub lesson: usize,
    pub status: Status,
    pub findings: usize,
}

/// Every lesson's status in one locale. Checking means reading every translated file and
/// judging every sentence (seconds on the real curriculum), so the rows are filled in the
/// background, and kept until the lesson or the curriculum changes.
pub struct Statuses {
    /// (block, lesson) of every lesson with an English file, in curriculum order.
    pub keys: Vec<(usize, usize)>,
    pub rows: Vec<OnceLock<Row>>,
}

impl Statuses {
    fn new(c: &Curriculum) -> Statuses {
        let keys: Vec<(usize, usize)> = c
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| {
                block
                    .lessons
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.english.is_some())
                    .map(move |(l, _)| (b, l))
            })
            .collect();
        let rows = keys.iter().map(|_| OnceLock::new()).collect();
        Statuses { keys, rows }
    }

    pub fn checked(&self) -> usize {
        self.rows.iter().filter(|r| r.get().is_some()).count()
    }

    pub fn complete(&self) -> bool {
        self.rows.iter().all(|r| r.get().is_some())
    }
}

/// The statuses of every translation locale, and the thread that fills them. A new site gets
/// a new checker; the old one stops when its site is dropped or replaced.
#[derive(Default)]
pub struct Checker {
    by_locale: HashMap<String, Arc<Statuses>>,
    cancel: Arc<AtomicBool>,
}

impl Checker {
    /// Checks every lesson of a new curriculum afresh.
    pub fn fresh(c: &Arc<Curriculum>, keep: &[String]) -> Checker {
        let by_locale = c
            .languages
            .iter()
            .filter(|l| l.code != "en")
            .map(|l| (l.code.clone(), Arc::new(Statuses::new(c))))
            .collect();
        Checker::started(by_locale, c, keep)
    }

    /// One lesson changed (and nothing else): this checker's statuses, with only that lesson
    /// checked again. This one stops.
    pub fn carried(
        &self,
        c: &Arc<Curriculum>,
        keep: &[String],
        block: usize,
        lesson: usize,
    ) -> Checker {
        self.stop();
        let by_locale = self
            .by_locale
            .iter()
            .map(|(code, statuses)| {
                let rows = statuses
                    .keys
                    .iter()
                    .zip(&statuses.rows)
                    .map(|(key, row)| match row.get() {
                        Some(r) if *key != (block, lesson) => OnceLock::from(r.clone()),
                        _ => OnceLock::new(),
                    })
                    .collect();
                let statuses = Statuses {
                    keys: statuses.keys.clone(),
                    rows,
                };
                (code.clone(), Arc::new(statuses))
            })
            .collect();
        Checker::started(by_locale, c, keep)
    }

    /// Stops checking (without waiting for the lesson being checked); what is checked stays.
    pub fn stop(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    fn started(
        by_locale: HashMap<String, Arc<Statuses>>,
        c: &Arc<Curriculum>,
        keep: &[String],
    ) -> Checker {
        let checker = Checker {
            by_locale,
            cancel: Arc::default(),
        };
        let todo: Vec<(String, Arc<Statuses>)> = checker
            .by_locale
            .iter()
            .filter(|(_, s)| !s.complete())
            .map(|(l, s)| (l.clone(), s.clone()))
            .collect();
        if todo.is_empty() {
            return checker;
        }
        let stop = checker.cancel.clone();
        let c = c.clone();
        let keep = keep.to_vec();
        // Not joined: a replaced checker's thread ends after the lesson it is checking.
        let _ = std::thread::Builder::new()
            .name("lessons-preview".into())
            .spawn(move || {
                // Threads of its own rather than rayon's: a full rebuild's loading keeps those
                // busy, and a changed lesson's status should not wait for it.
                let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
                for (locale, statuses) in todo {
                    let opts = options(&locale, &keep);
                    let next = AtomicUsize::new(0);
                    std::thread::scope(|s| {
                        for _ in 0..workers {
                            s.spawn(|| {
                                while !stop.load(Ordering::Relaxed) {
                                    let i = next.fetch_add(1, Ordering::Relaxed);
                                    let Some(&(b, l)) = statuses.keys.get(i) else {
                                        return;
                                    };
                                    statuses.rows[i].get_or_init(|| row(&c, b, l, &opts));
                                }
                            });
                        }
                    });
                }
            });
        checker
    }

    pub fn get(&self, locale: &str) -> Option<&Arc<Statuses>> {
        self.by_locale.get(locale)
    }
}

impl Drop for Checker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The checker's options for `locale`, with the site's keep-language list.
pub fn options(locale: &str, keep: &[String]) -> check::Options {
    check::Options {
        locale: locale.to_string(),
        keep_language: keep.to_vec(),
    }
}

/// One lesson's status in `opts.locale`.
fn row(c: &Curriculum, b: usize, l: usize, opts: &check::Options) -> Row {
    let block = &c.blocks[b];
    let lesson = &block.lessons[l];
    let (status, findings) = match (&lesson.english, lesson.translations.get(&opts.locale)) {
        (Some(english), Some(t)) => {
            let keep = check::keeps_language(
                opts,
                &block.meta.dashed_name,
                block.meta.superblock.as_deref(),
            );
            let found = check::pair(english, t, opts, keep);
            let status = if found.iter().any(Diagnostic::is_error) {
                Status::Errors
            } else if found.iter().any(|d| d.severity == Severity::Warning) {
                Status::Untranslated
            } else {
                Status::Done
            };
            (status, found.len())
        }
        _ => (Status::Missing, 0),
    };
    Row {
        block: b,
        lesson: l,
        status,
        findings,
    }
}
