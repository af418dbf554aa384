//! The FAQ as read from its sources: validated, with every reference resolved
//! to an index, its texts as document trees, and nothing yet about any one
//! release's layout.

pub mod address;
pub mod date;
pub mod doc;
pub mod ids;
pub mod labels;
pub mod placeholders;

use std::collections::BTreeMap;
use std::ops::Index;
use std::path::PathBuf;

pub use date::ReleaseDate;
use doc::Text;
use ids::{EntryId, ReleaseIndex};
use labels::{Labels, Language};

use crate::diag::{Loc, SourceFiles};

/// A whole FAQ project.
#[derive(Debug, Clone)]
pub struct Faq {
    pub document: Document,
    pub labels: Labels,
    /// The questions in document order, grouped; a FAQ without sections has a
    /// single section without a title.
    pub sections: Vec<Section>,
    pub releases: Vec<Release>,
    pub entries: BTreeMap<EntryId, Entry>,
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
    /// A shorter title for the running header; without it a long title is
    /// cut there with an ellipsis.
    pub short_title: Option<String>,
    pub organization: String,
    /// `url`: where the latest version always is; page 1 shows it as text
    /// and as a QR code, every footer its short form. `None`: no stamp.
    pub url: Option<String>,
    /// `release-url`: each release's own address, with `{version}` where its
    /// version goes (see [`Document::release_url_of`]).
    pub release_url: Option<String>,
    /// Words that are never hyphenated (product and brand names); the
    /// organisation's name never is either.
    pub keep_whole: Vec<String>,
    pub language: Language,
    pub layout: String,
    pub numbering: Numbering,
    pub intro: Option<Text>,
    pub closing: Option<Text>,
    /// Standards named in `pdf-standard`, if any (the command line may
    /// override); checked when the build is configured.
    pub pdf_standard: Option<Vec<String>>,
    pub attach_sources: bool,
    /// Whether the change table says which questions were renumbered in a
    /// release (`report-renumbering = true`; off by default, so that existing
    /// sources build to the same PDFs).
    pub report_renumbering: bool,
    /// The number of the first question (or section, with per-section
    /// numbering), `number-start`, default 1.
    pub number_start: u64,
    /// Text before every number, `number-prefix` ("A" gives A1, A2 …).
    pub number_prefix: String,
    /// The order of the change table's rows, `change-order`.
    pub change_order: ChangeOrder,
    /// Where a change line names its page, `change-pages`.
    pub change_pages: ChangePages,
}

/// The order of the change table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOrder {
    /// The first release first (the default).
    OldestFirst,
    /// The release being built first, as many public bodies keep it.
    NewestFirst,
}

/// Where a change line names the page of what it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangePages {
    /// At the start of the line, "Seite 6, …" (the default).
    Inline,
    /// In a column of its own.
    Column,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 1, 2, 3 … through all sections.
    Continuous,
    /// 1.1, 1.2, 2.1 … restarting in each section.
    PerSection,
    /// No numbers: questions are named by their short title or question.
    None,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: Option<String>,
    pub entries: Vec<Listing>,
}

/// A question listed in a section, for the releases the listing covers: a
/// question that moves between sections is listed in each, the old listing
/// `removed` from the release the new one holds it `since`.
#[derive(Debug, Clone)]
pub struct Listing {
    pub id: EntryId,
    /// The first release the question stands here in; `None`: from the first.
    pub since: Option<ReleaseIndex>,
    /// The release from which on it stands here no more; `None`: never.
    pub removed: Option<ReleaseIndex>,
}

impl Listing {
    /// A listing for every release, as a plain id in `entries` is.
    pub fn always(id: EntryId) -> Self {
        Self {
            id,
            since: None,
            removed: None,
        }
    }

    /// Whether the question stands here in `release` (when it is present).
    pub fn covers(&self, release: ReleaseIndex) -> bool {
        self.since.is_none_or(|s| s <= release) && self.removed.is_none_or(|r| release < r)
    }
}

#[derive(Debug, Clone)]
pub struct Release {
    pub version: String,
    pub date: ReleaseDate,
    /// The document's title from this release on, when it changes.
    pub title: Option<String>,
    /// The subtitle from this release on, when it changes.
    pub subtitle: Option<String>,
    /// Who made the release, for the change table's Author column.
    pub author: Option<String>,
    pub notes: Vec<Note>,
    pub draft: bool,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub text: String,
    pub at: Option<NoteTarget>,
    pub at_loc: Option<Loc>,
    /// Why, for the change table's Reason column.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    Changes,
    Contents,
    Entry(EntryId),
}

/// One question with its history.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: EntryId,
    /// A short wording for the contents and bookmarks.
    pub title: Option<String>,
    /// The release the entry first appears in.
    pub since: ReleaseIndex,
    /// The release from which on it is gone.
    pub removed: Option<ReleaseIndex>,
    pub revisions: Vec<Revision>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Revision {
    pub since: ReleaseIndex,
    pub question: Option<String>,
    pub answer: Option<Text>,
    pub change: Option<String>,
    /// Why, for the change table's Reason column; only with `change`.
    pub reason: Option<String>,
    pub editorial: bool,
    pub loc: Loc,
}

/// The text of an entry in force in one release.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryText<'a> {
    pub question: &'a str,
    pub answer: &'a Text,
}

impl Entry {
    /// How the change table and links name the question without numbers:
    /// its short title, else its question, as of `release`.
    pub fn name_at(&self, release: ReleaseIndex) -> Option<&str> {
        self.title
            .as_deref()
            .or_else(|| self.text_at(release).map(|t| t.question))
    }

    pub fn is_present(&self, release: ReleaseIndex) -> bool {
        self.since <= release && self.removed.is_none_or(|r| release < r)
    }

    /// The question and answer in force in `release`.
    pub fn text_at(&self, release: ReleaseIndex) -> Option<EntryText<'_>> {
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
    pub fn update_in(&self, release: ReleaseIndex) -> Option<&Revision> {
        if release == self.since {
            return None;
        }
        self.revisions
            .iter()
            .find(|r| r.since == release && !r.editorial)
    }
}

impl Faq {
    /// The release with this version.
    pub fn release_index(&self, version: &str) -> Option<ReleaseIndex> {
        self.releases
            .iter()
            .position(|r| r.version == version)
            .map(ReleaseIndex)
    }

    pub fn release(&self, index: ReleaseIndex) -> &Release {
        &self.releases[index]
    }

    /// Every release, the oldest first.
    pub fn release_indices(&self) -> impl DoubleEndedIterator<Item = ReleaseIndex> + use<> {
        (0..self.releases.len()).map(ReleaseIndex)
    }

    /// The entry ids in the order of the lists, each once (a question that
    /// moves between sections is listed in each).
    pub fn entry_order(&self) -> impl Iterator<Item = &str> {
        let mut seen = std::collections::HashSet::new();
        self.sections
            .iter()
            .flat_map(|s| s.entries.iter().map(|l| l.id.as_str()))
            .filter(move |id| seen.insert(*id))
    }

    /// The title in force in `release`: set by it or the latest release
    /// before it that sets one, else the document's.
    pub fn title_at(&self, release: ReleaseIndex) -> &str {
        self.releases[..=release.get()]
            .iter()
            .rev()
            .find_map(|r| r.title.as_deref())
            .unwrap_or(&self.document.title)
    }

    /// The subtitle in force in `release`, as [`Faq::title_at`] finds it.
    pub fn subtitle_at(&self, release: ReleaseIndex) -> Option<&str> {
        self.releases[..=release.get()]
            .iter()
            .rev()
            .find_map(|r| r.subtitle.as_deref())
            .or(self.document.subtitle.as_deref())
    }

    /// The latest release, or the latest that is not a draft.
    pub fn latest(&self, published_only: bool) -> Option<ReleaseIndex> {
        self.release_indices()
            .rev()
            .find(|&i| !published_only || !self.releases[i].draft)
    }
}

impl Index<ReleaseIndex> for [Release] {
    type Output = Release;

    fn index(&self, index: ReleaseIndex) -> &Release {
        &self[index.get()]
    }
}

/// Indexing a `Vec` does not fall back on the slice's impl: Vec's own,
/// for slice indices, is chosen first.
impl Index<ReleaseIndex> for Vec<Release> {
    type Output = Release;

    fn index(&self, index: ReleaseIndex) -> &Release {
        &self.as_slice()[index]
    }
}

/// Whether two versions are the same number written differently: `2` and
/// `2.0`, `v2.0` and `2.0`.
pub fn same_version(a: &str, b: &str) -> bool {
    let norm = |v: &str| {
        let v = v.trim().trim_start_matches(['v', 'V']);
        let mut parts: Vec<&str> = v.split('.').collect();
        while parts.len() > 1 && parts.last().is_some_and(|p| p.chars().all(|c| c == '0')) {
            parts.pop();
        }
        parts.join(".")
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::same_version;

    #[test]
    fn versions_written_differently_are_the_same() {
        assert!(same_version("2", "2.0"));
        assert!(same_version("v2.0", "2.0"));
        assert!(same_version("2.0.0", "2"));
        assert!(!same_version("3.0", "1.0"));
        assert!(!same_version("2.1", "2.0"));
    }
}
