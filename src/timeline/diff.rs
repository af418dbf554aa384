//! What changed between two releases, per question: the comparison behind
//! `faqpress diff`, kept free of any output format.
//!
//! Texts are compared as readers got them (snippets expanded); numbers and
//! sections come from each release's [`Snapshot`]. The word-level diff is
//! `similar`'s (Myers over the words), so that we do not maintain a diff
//! algorithm of our own.

use serde::Serialize;
use similar::{Algorithm, ChangeTag};

use crate::model::ids::ReleaseIndex;
use crate::model::{Entry, Faq};
use crate::timeline::Snapshot;

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
pub fn compare(faq: &Faq, from: ReleaseIndex, to: ReleaseIndex) -> Comparison {
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
            answer: q.answer.source.clone(),
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
fn only_editorial(entry: &Entry, from: ReleaseIndex, to: ReleaseIndex) -> bool {
    let (low, high) = (from.min(to), from.max(to));
    let mut revisions = entry
        .revisions
        .iter()
        .filter(|r| r.since > low && r.since <= high)
        .peekable();
    revisions.peek().is_some() && revisions.all(|r| r.editorial)
}

fn release_info(faq: &Faq, index: ReleaseIndex) -> ReleaseInfo {
    let release = &faq.releases[index];
    ReleaseInfo {
        version: release.version.clone(),
        date: release.date.iso(),
    }
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

/// The word-level diff of two texts, split into lines. Only words are
/// compared, so text that was merely re-wrapped shows no change, and
/// neighbouring changed words form one change (`[-old words-]{+new words+}`).
pub fn word_diff(old: &str, new: &str) -> Vec<Vec<Piece>> {
    let (_, old_words) = words(old);
    let (new_lead, new_words) = words(new);
    let old_keys: Vec<&str> = old_words.iter().map(|w| w.0).collect();
    let new_keys: Vec<&str> = new_words.iter().map(|w| w.0).collect();
    let mut pieces = vec![(PieceKind::Same, new_lead.to_string())];
    let mut run = Run::default();
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        for change in op.iter_changes(&old_keys, &new_keys) {
            match (change.tag(), change.old_index(), change.new_index()) {
                (ChangeTag::Equal, _, Some(j)) => {
                    run.flush(&mut pieces);
                    let (word, space) = new_words[j];
                    pieces.push((PieceKind::Same, format!("{word}{space}")));
                }
                (ChangeTag::Delete, Some(i), _) => run.deleted.push(old_words[i]),
                (ChangeTag::Insert, _, Some(j)) => run.inserted.push(new_words[j]),
                _ => {}
            }
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

/// A word and the whitespace after it.
type Word<'a> = (&'a str, &'a str);

/// The whitespace a text starts with, and its words.
fn words(text: &str) -> (&str, Vec<Word<'_>>) {
    let body = text.trim_start();
    let lead = &text[..text.len() - body.len()];
    let mut out = vec![];
    let mut rest = body;
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let next = after.trim_start();
        out.push((word, &after[..after.len() - next.len()]));
        rest = next;
    }
    (lead, out)
}

/// Consecutive changed words.
#[derive(Default)]
struct Run<'a> {
    deleted: Vec<Word<'a>>,
    inserted: Vec<Word<'a>>,
}

impl Run<'_> {
    /// Emits the run as pieces and starts a new one. The space after the
    /// run is the new text's (the old one's if nothing was inserted).
    fn flush(&mut self, pieces: &mut Vec<(PieceKind, String)>) {
        let deleted = std::mem::take(&mut self.deleted);
        let inserted = std::mem::take(&mut self.inserted);
        let after = inserted.last().or(deleted.last()).map_or("", |w| w.1);
        pieces.push((PieceKind::Deleted, join(&deleted)));
        pieces.push((PieceKind::Inserted, join(&inserted)));
        pieces.push((PieceKind::Same, after.to_string()));
    }
}

/// Words with the space between them, without the space after the last.
fn join(words: &[Word]) -> String {
    let mut out = String::new();
    for (i, (word, space)) in words.iter().enumerate() {
        out.push_str(word);
        if i + 1 < words.len() {
            out.push_str(space);
        }
    }
    out
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
        let lines = word_diff("Updates are paused.\nAsk us.", "Updates are back.\nAsk us.");
        assert_eq!(
            render(&lines),
            ["Updates are [-paused.-]{+back.+}", "Ask us."]
        );
        assert!(line_changed(&lines[0]));
        assert!(!line_changed(&lines[1]));
    }

    #[test]
    fn a_change_in_the_middle_keeps_the_spacing_around_it() {
        let lines = word_diff("a b c\n\nd", "a x y c\n\nd");
        assert_eq!(render(&lines), ["a [-b-]{+x y+} c", "", "d"]);
        let lines = word_diff("a b c", "a c");
        assert_eq!(render(&lines), ["a [-b-] c"]);
    }

    #[test]
    fn rewrapping_is_not_a_change() {
        let lines = word_diff("one two\nthree", "one\ntwo three");
        assert!(lines.iter().all(|l| !line_changed(l)));
        assert_eq!(render(&lines), ["one", "two three"]);
    }
}
