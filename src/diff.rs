//! What changed between two releases, per question: the comparison behind
//! `faqpress diff`, kept free of any output format.
//!
//! Texts are compared as readers got them (snippets expanded); numbers and
//! sections come from each release's [`Snapshot`]. The word-level diff is
//! `similar`'s, so that we do not maintain a diff algorithm of our own.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::model::{Entry, Faq, ReleaseDate};
use crate::release::Snapshot;

/// Two releases compared.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub from: ReleaseInfo,
    pub to: ReleaseInfo,
    /// Every question that differs in any way, in document order.
    pub questions: Vec<QuestionDiff>,
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct ReleaseInfo {
    pub version: String,
    /// ISO 8601 as written in `faq.toml`: a date, or a date-time with an
    /// optional offset.
    pub date: String,
}

/// One question that differs between the releases.
#[derive(Debug, Serialize)]
pub struct QuestionDiff {
    pub id: String,
    /// What changed, among `added`, `removed`, `question`, `answer`, `moved`.
    pub changes: Vec<Change>,
    /// Every revision between the releases that touched the question was
    /// editorial (a wording fix that the document does not announce).
    pub editorial: bool,
    /// The question as it was in the first release, if it was there.
    pub before: Option<Place>,
    /// The question as it is in the second release, if it is there.
    pub after: Option<Place>,
}

/// A question's place and text in one release.
#[derive(Debug, Serialize)]
pub struct Place {
    pub number: String,
    pub section: Option<String>,
    pub question: String,
    /// The answer's Markdown, snippets expanded.
    pub answer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    /// The question's text changed.
    Question,
    /// The answer changed.
    Answer,
    /// The number or the section changed; the text may be the same.
    Moved,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Question => "question changed",
            Change::Answer => "answer changed",
            Change::Moved => "moved",
        }
    }
}

/// How many questions fall into each kind; a question whose text changed is
/// counted as `changed` only, even if it also moved.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Same text, new number or section.
    pub moved: usize,
    pub unchanged: usize,
}

impl QuestionDiff {
    /// Whether what readers read changed (not only where it stands).
    pub fn content_changed(&self) -> bool {
        self.changes.iter().any(|c| *c != Change::Moved)
    }
}

/// Compares release `from` with release `to` (indices into the releases; any
/// order).
pub fn compare(faq: &Faq, from: usize, to: usize) -> Comparison {
    let before = Snapshot::new(faq, from);
    let after = Snapshot::new(faq, to);
    let mut questions = vec![];
    let mut summary = Summary::default();
    for id in faq.entry_order() {
        let Some(entry) = faq.entries.get(id) else {
            continue;
        };
        let old = place(&before, id);
        let new = place(&after, id);
        if old.is_none() && new.is_none() {
            continue;
        }
        let changes = changes(old.as_ref(), new.as_ref());
        count(&mut summary, &changes);
        if changes.is_empty() {
            continue;
        }
        questions.push(QuestionDiff {
            id: id.to_string(),
            editorial: only_editorial(entry, from, to),
            changes,
            before: old,
            after: new,
        });
    }
    Comparison {
        from: release_info(faq, from),
        to: release_info(faq, to),
        questions,
        summary,
    }
}

/// Where and how a question stands in a release, if it is there.
fn place(snap: &Snapshot, id: &str) -> Option<Place> {
    snap.sections.iter().find_map(|section| {
        let q = section.questions.iter().find(|q| q.id == id)?;
        Some(Place {
            number: q.number.clone(),
            section: section.title.map(str::to_string),
            question: q.question.to_string(),
            answer: q.answer.source.text.clone(),
        })
    })
}

fn changes(old: Option<&Place>, new: Option<&Place>) -> Vec<Change> {
    let (old, new) = match (old, new) {
        (None, Some(_)) => return vec![Change::Added],
        (Some(_), None) => return vec![Change::Removed],
        (Some(old), Some(new)) => (old, new),
        (None, None) => return vec![],
    };
    let mut out = vec![];
    if old.question != new.question {
        out.push(Change::Question);
    }
    if old.answer != new.answer {
        out.push(Change::Answer);
    }
    if old.number != new.number || old.section != new.section {
        out.push(Change::Moved);
    }
    out
}

fn count(summary: &mut Summary, changes: &[Change]) {
    match changes {
        [] => summary.unchanged += 1,
        [Change::Added] => summary.added += 1,
        [Change::Removed] => summary.removed += 1,
        [Change::Moved] => summary.moved += 1,
        _ => summary.changed += 1,
    }
}

/// Whether all revisions made after the earlier release, up to the later
/// one, are editorial (and there is at least one).
fn only_editorial(entry: &Entry, from: usize, to: usize) -> bool {
    let (low, high) = (from.min(to), from.max(to));
    let mut revisions = entry
        .revisions
        .iter()
        .filter(|r| r.since > low && r.since <= high)
        .peekable();
    revisions.peek().is_some() && revisions.all(|r| r.editorial)
}

fn release_info(faq: &Faq, index: usize) -> ReleaseInfo {
    let release = &faq.releases[index];
    ReleaseInfo {
        version: release.version.clone(),
        date: iso_date(&release.date),
    }
}

/// A release date in ISO 8601, as precise as it was written.
pub fn iso_date(date: &ReleaseDate) -> String {
    let mut out = date.date.format("%Y-%m-%d").to_string();
    if let Some(time) = date.time {
        out += &time.format("T%H:%M:%S").to_string();
        if let Some(minutes) = date.offset_minutes {
            let sign = if minutes < 0 { '-' } else { '+' };
            let m = minutes.unsigned_abs();
            out += &format!("{sign}{:02}:{:02}", m / 60, m % 60);
        }
    }
    out
}

/// A piece of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: PieceKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    Same,
    Deleted,
    Inserted,
}

/// The word-level diff of two texts, split into lines. Neighbouring changed
/// words form one change (`[-old words-]{+new words+}`, not word by word), and
/// changes in whitespace alone (text re-wrapped) are not shown as changes.
pub fn word_diff(old: &str, new: &str) -> Vec<Vec<Piece>> {
    let diff = TextDiff::from_words(old, new);
    let mut run = Run::default();
    let mut pieces = vec![];
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal if text.trim().is_empty() && run.active() => run.space.push_str(text),
            ChangeTag::Equal => {
                run.flush(&mut pieces);
                pieces.push((PieceKind::Same, text.to_string()));
            }
            tag => run.add(tag == ChangeTag::Delete, text),
        }
    }
    run.flush(&mut pieces);
    let mut lines: Vec<Vec<Piece>> = vec![vec![]];
    for (kind, text) in pieces {
        let mut parts = text.split('\n');
        if let Some(first) = parts.next() {
            push_piece(lines.last_mut().expect("never empty"), kind, first);
        }
        for part in parts {
            lines.push(vec![]);
            push_piece(lines.last_mut().expect("never empty"), kind, part);
        }
    }
    lines
}

/// Consecutive changed words, with the unchanged spaces between them.
#[derive(Default)]
struct Run {
    deleted: String,
    inserted: String,
    /// Unchanged whitespace seen since the last changed word.
    space: String,
}

impl Run {
    fn active(&self) -> bool {
        !self.deleted.is_empty() || !self.inserted.is_empty()
    }

    fn add(&mut self, deleted: bool, text: &str) {
        let space = std::mem::take(&mut self.space);
        self.deleted.push_str(&space);
        self.inserted.push_str(&space);
        if deleted {
            self.deleted.push_str(text);
        } else {
            self.inserted.push_str(text);
        }
    }

    /// Emits the run as pieces and starts a new one.
    fn flush(&mut self, pieces: &mut Vec<(PieceKind, String)>) {
        let deleted = std::mem::take(&mut self.deleted);
        let inserted = std::mem::take(&mut self.inserted);
        if deleted.trim().is_empty() && inserted.trim().is_empty() {
            pieces.push((PieceKind::Same, inserted));
        } else {
            pieces.push((PieceKind::Deleted, deleted));
            pieces.push((PieceKind::Inserted, inserted));
        }
        pieces.push((PieceKind::Same, std::mem::take(&mut self.space)));
    }
}

fn push_piece(line: &mut Vec<Piece>, kind: PieceKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => line.push(Piece {
            kind,
            text: text.to_string(),
        }),
    }
}

/// Whether a line of a word diff holds a change.
pub fn line_changed(line: &[Piece]) -> bool {
    line.iter().any(|p| p.kind != PieceKind::Same)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(lines: &[Vec<Piece>]) -> Vec<String> {
        lines
            .iter()
            .map(|line| {
                line.iter()
                    .map(|p| match p.kind {
                        PieceKind::Same => p.text.clone(),
                        PieceKind::Deleted => format!("[-{}-]", p.text),
                        PieceKind::Inserted => format!("{{+{}+}}", p.text),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn word_diff_marks_changed_words_only() {
        let lines = word_diff(
            "Updates are paused.\nAsk us.",
            "Updates are back.\nAsk us.",
        );
        assert_eq!(
            render(&lines),
            ["Updates are [-paused.-]{+back.+}", "Ask us."]
        );
        assert!(line_changed(&lines[0]));
        assert!(!line_changed(&lines[1]));
    }

    #[test]
    fn rewrapping_is_not_a_change() {
        let lines = word_diff("one two\nthree", "one\ntwo three");
        assert!(lines.iter().all(|l| !line_changed(l)));
        assert_eq!(render(&lines), ["one", "two three"]);
    }

    #[test]
    fn iso_dates_keep_their_precision() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let plain = ReleaseDate {
            date,
            time: None,
            offset_minutes: None,
        };
        assert_eq!(iso_date(&plain), "2026-03-02");
        let timed = ReleaseDate {
            time: chrono::NaiveTime::from_hms_opt(12, 0, 0),
            offset_minutes: Some(-90),
            ..plain
        };
        assert_eq!(iso_date(&timed), "2026-03-02T12:00:00-01:30");
    }
}
