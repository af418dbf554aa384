//! The FAQ as read from its sources: validated, with every reference resolved
//! to an index, and nothing yet about any one release's layout.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::SourceFiles;
use crate::labels::{Labels, Language};
use crate::load::fields::Loc;
use crate::markdown::Markdown;

/// A whole FAQ project.
#[derive(Debug, Clone)]
pub struct Faq {
    pub document: Document,
    pub labels: Labels,
    /// The questions in document order, grouped; a FAQ without sections has a
    /// single section without a title.
    pub sections: Vec<Section>,
    pub releases: Vec<Release>,
    pub entries: BTreeMap<String, Entry>,
    /// The folder that holds `faq.toml`.
    pub root: PathBuf,
    /// Every file read, for diagnostics.
    pub files: SourceFiles,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub organization: String,
    pub language: Language,
    pub layout: String,
    pub numbering: Numbering,
    pub intro: Option<Markdown>,
    pub closing: Option<Markdown>,
    /// Standards named in `pdf-standard`, if any (the command line may override).
    pub pdf_standard: Option<Vec<String>>,
    pub attach_sources: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 1, 2, 3 … through all sections.
    Continuous,
    /// 1.1, 1.2, 2.1 … restarting in each section.
    PerSection,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: Option<String>,
    pub entries: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Release {
    pub version: String,
    pub date: ReleaseDate,
    pub notes: Vec<Note>,
    pub draft: bool,
    pub loc: Loc,
}

/// A release's date as written: a date, optionally a time and an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseDate {
    pub date: chrono::NaiveDate,
    pub time: Option<chrono::NaiveTime>,
    /// Offset from UTC in minutes, when the date-time carries one.
    pub offset_minutes: Option<i32>,
}

impl ReleaseDate {
    /// A sortable instant; a date without a time counts as its midnight.
    pub fn instant(&self) -> chrono::NaiveDateTime {
        let local = self.date.and_time(self.time.unwrap_or_default());
        local - chrono::Duration::minutes(i64::from(self.offset_minutes.unwrap_or(0)))
    }
}

#[derive(Debug, Clone)]
pub struct Note {
    pub text: String,
    pub at: Option<NoteTarget>,
    pub at_loc: Option<Loc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    Changes,
    Contents,
    Entry(String),
}

/// One question with its history.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// A short wording for the contents and bookmarks.
    pub title: Option<String>,
    /// Index of the release the entry first appears in.
    pub since: usize,
    /// Index of the release from which on it is gone.
    pub removed: Option<usize>,
    pub revisions: Vec<Revision>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Revision {
    pub since: usize,
    pub question: Option<String>,
    pub answer: Option<Markdown>,
    pub change: Option<String>,
    pub editorial: bool,
    pub loc: Loc,
}

/// The text of an entry in force in one release.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryText<'a> {
    pub question: &'a str,
    pub answer: &'a Markdown,
}

impl Entry {
    pub fn is_present(&self, release: usize) -> bool {
        self.since <= release && self.removed.is_none_or(|r| release < r)
    }

    /// The question and answer in force in `release`.
    pub fn text_at(&self, release: usize) -> Option<EntryText<'_>> {
        let mut question = None;
        let mut answer = None;
        for rev in self.revisions.iter().take_while(|r| r.since <= release) {
            question = rev.question.as_deref().or(question);
            answer = rev.answer.as_ref().or(answer);
        }
        Some(EntryText {
            question: question?,
            answer: answer?,
        })
    }

    /// The revision made in `release` that readers should be told about.
    pub fn update_in(&self, release: usize) -> Option<&Revision> {
        if release == self.since {
            return None;
        }
        self.revisions
            .iter()
            .find(|r| r.since == release && !r.editorial)
    }
}

impl Faq {
    /// Index of the release with this version.
    pub fn release_index(&self, version: &str) -> Option<usize> {
        self.releases.iter().position(|r| r.version == version)
    }

    /// The entry ids in document order.
    pub fn entry_order(&self) -> impl Iterator<Item = &str> {
        self.sections
            .iter()
            .flat_map(|s| s.entries.iter().map(String::as_str))
    }

    /// The latest release, or the latest that is not a draft.
    pub fn latest(&self, published_only: bool) -> Option<usize> {
        (0..self.releases.len())
            .rev()
            .find(|&i| !published_only || !self.releases[i].draft)
    }
}
