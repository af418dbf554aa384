//! One release of a FAQ as its readers see it: which questions it holds, with
//! which numbers and texts, and the rows of its change table; and how two
//! releases differ ([`diff`]).

pub mod attached;
pub mod diff;
pub mod redline;
pub mod renumbering;

use std::collections::HashMap;

use crate::model::doc::Text;
use crate::model::ids::{EntryId, ReleaseIndex};
use crate::model::labels::{Label, Language};
use crate::model::{ChangeOrder, Faq, Note, NoteTarget, Numbering, placeholders};

/// A release ready to be laid out.
#[derive(Debug)]
pub struct Snapshot<'a> {
    pub faq: &'a Faq,
    pub index: ReleaseIndex,
    pub sections: Vec<SnapSection<'a>>,
    pub rows: Vec<ChangeRow>,
    /// Each question's place in the document, by id: the lookups of the
    /// change table would otherwise scan the document for every question of
    /// every release.
    places: HashMap<&'a str, Place>,
}

/// Where a question is: its position in the document, its section, its
/// index in the section.
#[derive(Debug, Clone, Copy)]
struct Place {
    position: usize,
    section: usize,
    index: usize,
}

#[derive(Debug)]
pub struct SnapSection<'a> {
    pub title: Option<&'a str>,
    /// The section's place among the `[[section]]` tables: a question whose
    /// section changed between two releases has moved.
    pub place: usize,
    pub questions: Vec<Question<'a>>,
}

#[derive(Debug)]
pub struct Question<'a> {
    pub id: &'a EntryId,
    pub number: String,
    pub question: &'a str,
    pub title: Option<&'a str>,
    pub answer: &'a Text,
    pub mark: Option<Mark>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    New,
    Updated,
}

impl Mark {
    pub fn key(self) -> &'static str {
        match self {
            Mark::New => "new",
            Mark::Updated => "updated",
        }
    }
}

/// One row of the change table.
#[derive(Debug)]
pub struct ChangeRow {
    pub version: String,
    pub date: String,
    /// The release's `author`, for the Author column.
    pub author: Option<String>,
    pub items: Vec<ChangeItem>,
}

/// One line of a change cell, before Typst adds page numbers and groups
/// neighbours on the same page.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeItem {
    pub kind: ChangeKind,
    /// The label whose page the line names, if it is in this document.
    pub target: Option<String>,
    /// The question number, for grouped kinds.
    pub number: String,
    /// The wording, for kinds with their own text.
    pub text: String,
    /// Without numbers (`numbering = "none"`): the question's name, for the
    /// `…-named` wordings. Such lines are never grouped.
    pub name: Option<String>,
    /// Why (`reason` of a note or revision), for the Reason column. Lines
    /// with a reason are never grouped.
    pub reason: Option<String>,
}

impl ChangeItem {
    /// A line of a grouped kind: it names a question by its number.
    fn numbered(kind: ChangeKind, target: Option<String>, number: &str) -> Self {
        Self {
            kind,
            target,
            number: number.to_string(),
            text: String::new(),
            name: None,
            reason: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    New,
    Updated,
    Removed,
    /// A revision's own `change` wording or a release note.
    Text,
    /// Questions whose numbers changed: the generated wording, in `text`.
    Renumbered,
    /// A question that moved to another section: the generated wording, in
    /// `text`.
    Moved,
}

impl ChangeKind {
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Updated => "updated",
            ChangeKind::Removed => "removed",
            ChangeKind::Text => "text",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Moved => "moved",
        }
    }
}

impl<'a> Snapshot<'a> {
    pub fn new(faq: &'a Faq, index: ReleaseIndex) -> Self {
        let mut snapshot = Self::without_changes(faq, index);
        // Each release's questions are needed twice: as "then" for its own
        // row and as "before" for the next one.
        let mut before: Option<Vec<SnapSection>> = None;
        let mut rows = Vec::with_capacity(index.get() + 1);
        for j in index.up_to() {
            let then = (j != index).then(|| sections_at(faq, j));
            rows.push(snapshot.change_row(j, then.as_deref(), before.as_deref()));
            before = then;
        }
        if faq.document.change_order == ChangeOrder::NewestFirst {
            rows.reverse();
        }
        snapshot.rows = rows;
        snapshot
    }

    /// The questions of a release without its change table (`rows` is
    /// empty), for checks that look at every release: building the table
    /// visits every earlier release.
    pub fn without_changes(faq: &'a Faq, index: ReleaseIndex) -> Self {
        let sections = sections_at(faq, index);
        let mut places = HashMap::new();
        let all = sections.iter().enumerate().flat_map(|(section, s)| {
            s.questions
                .iter()
                .enumerate()
                .map(move |(index, q)| (q.id.as_str(), section, index))
        });
        for (position, (id, section, index)) in all.enumerate() {
            places.entry(id).or_insert(Place {
                position,
                section,
                index,
            });
        }
        Snapshot {
            faq,
            index,
            sections,
            rows: vec![],
            places,
        }
    }

    pub fn questions(&self) -> impl Iterator<Item = &Question<'a>> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The texts of the release: the answers present, the intro, the closing.
    pub fn texts(&self) -> impl Iterator<Item = &'a Text> {
        let doc = &self.faq.document;
        let answers: Vec<&'a Text> = self.questions().map(|q| q.answer).collect();
        answers
            .into_iter()
            .chain(doc.intro.iter())
            .chain(doc.closing.iter())
    }

    /// Every image the release's texts show, as paths in the sources folder.
    pub fn images(&self) -> Vec<&'a str> {
        self.texts().flat_map(Text::images).collect()
    }

    pub fn number_of(&self, id: &str) -> Option<&str> {
        let place = self.places.get(id)?;
        Some(&self.sections[place.section].questions[place.index].number)
    }

    /// Whether questions go without numbers (`numbering = "none"`).
    pub fn unnumbered(&self) -> bool {
        self.faq.document.numbering == Numbering::None
    }

    /// How a question is named where it has no number: its short title or
    /// its question, in this document or else in release `j`.
    fn name_of(&self, id: &EntryId, j: ReleaseIndex) -> Option<String> {
        let entry = self.faq.entries.get(id)?;
        let shown = if entry.is_present(self.index) {
            self.index
        } else {
            j
        };
        entry.name_at(shown).map(str::to_string)
    }

    /// What `{n}` reads in a note or a `change` about question `id`: its
    /// number, or without numbers its name in quotes.
    fn reference(&self, id: &EntryId, j: ReleaseIndex, number: &str) -> String {
        if !self.unnumbered() {
            return number.to_string();
        }
        let name = self.name_of(id, j).unwrap_or_default();
        match self.faq.document.language {
            Language::De => format!("„{name}“"),
            Language::En => format!("“{name}”"),
        }
    }

    /// The name of a question for a generated line, without numbers.
    fn item_name(&self, id: &EntryId, j: ReleaseIndex) -> Option<String> {
        if self.unnumbered() {
            self.name_of(id, j)
        } else {
            None
        }
    }

    /// The change table's row for release `j`, given the questions of `j`
    /// (`None`: this snapshot's own) and of the release before it.
    fn change_row(
        &self,
        j: ReleaseIndex,
        then: Option<&[SnapSection<'a>]>,
        before: Option<&[SnapSection<'a>]>,
    ) -> ChangeRow {
        let release = &self.faq.releases[j];
        let then = then.unwrap_or(&self.sections);
        // Each line with its place in the row: notes on the changes table and
        // the contents first, then by the place in this document of the
        // question they name, removed questions last.
        let mut items: Vec<(usize, ChangeItem)> = vec![];
        items.extend(
            release
                .notes
                .iter()
                .map(|note| self.note_item(j, note, then)),
        );
        let questions = then.iter().flat_map(|s| s.questions.iter()).enumerate();
        items.extend(questions.filter_map(|(pos, q)| self.question_item(j, pos, q)));
        if let Some(before) = before {
            let removed = before
                .iter()
                .flat_map(|s| s.questions.iter())
                .filter(|q| self.faq.entries[q.id].removed == Some(j))
                .map(|q| {
                    let mut item = ChangeItem::numbered(ChangeKind::Removed, None, &q.number);
                    item.name = self.item_name(q.id, j);
                    (usize::MAX / 2, item)
                });
            items.extend(removed);
            let moved = moves(before, then);
            items.extend(
                moved
                    .iter()
                    .map(|m| (usize::MAX / 2 + 1, self.moved_item(j, m))),
            );
            if self.faq.document.report_renumbering && !self.unnumbered() {
                // A moved question has its own line: its new number is
                // no renumbering.
                let skip: Vec<&str> = moved.iter().map(|m| m.id.as_str()).collect();
                let lines = renumbering::runs(before, then, &skip)
                    .into_iter()
                    .map(|run| {
                        let item = ChangeItem {
                            kind: ChangeKind::Renumbered,
                            target: None,
                            number: run.now.first().cloned().unwrap_or_default(),
                            text: renumbering::line(&run, &self.faq.labels),
                            name: None,
                            reason: None,
                        };
                        (usize::MAX / 2 + 1, item)
                    });
                items.extend(lines);
            }
        }
        items.sort_by_key(|(order, _)| *order);
        ChangeRow {
            version: release.version.clone(),
            date: release.date.display(self.faq.document.language),
            author: release.author.clone(),
            items: items.into_iter().map(|(_, item)| item).collect(),
        }
    }

    /// A release note's line, with its place in the row; `then` are the
    /// questions of the note's release, which holds the question it names.
    fn note_item(&self, j: ReleaseIndex, note: &Note, then: &[SnapSection]) -> (usize, ChangeItem) {
        // Checked when read: only `{n}`, and only in a note naming a question.
        // Its number is the one in this document, or, if the question is
        // gone from it, the one it had in the note's release.
        let number = match &note.at {
            Some(NoteTarget::Entry(id)) => self.number_of(id.as_str()).or_else(|| {
                then.iter()
                    .flat_map(|s| s.questions.iter())
                    .find(|q| q.id == id)
                    .map(|q| q.number.as_str())
            }),
            _ => None,
        };
        let number = match (&note.at, number) {
            (Some(NoteTarget::Entry(id)), Some(n)) => Some(self.reference(id, j, n)),
            _ => None,
        };
        let text =
            placeholders::fill(&note.text, number.as_deref()).unwrap_or_else(|_| note.text.clone());
        let (order, target) = match &note.at {
            Some(NoteTarget::Changes) => (0, Some("faq-changes".to_string())),
            Some(NoteTarget::Contents) => (1, Some("faq-contents".to_string())),
            Some(NoteTarget::Entry(id)) => (
                2 + self.position(id.as_str()).unwrap_or(usize::MAX / 4),
                self.label_if_present(id.as_str()),
            ),
            None => (usize::MAX, None),
        };
        let item = ChangeItem {
            kind: ChangeKind::Text,
            target,
            number: String::new(),
            text,
            name: None,
            reason: note.reason.clone(),
        };
        (order, item)
    }

    /// The line of question `q`, the `pos`-th of release `j`, if it was
    /// added or changed in `j`.
    fn question_item(
        &self,
        j: ReleaseIndex,
        pos: usize,
        q: &Question,
    ) -> Option<(usize, ChangeItem)> {
        let entry = &self.faq.entries[q.id];
        let id = q.id.as_str();
        let number = self.number_of(id).unwrap_or(&q.number).to_string();
        let order = 2 + self.position(id).unwrap_or(usize::MAX / 4 + pos);
        let target = self.label_if_present(id);
        let item = if entry.since == j {
            // Every question of the first release is new: none is named.
            if j == ReleaseIndex::FIRST {
                return None;
            }
            let mut item = ChangeItem::numbered(ChangeKind::New, target, &number);
            item.name = self.item_name(q.id, j);
            item
        } else {
            let rev = entry.update_in(j)?;
            match &rev.change {
                Some(text) => ChangeItem {
                    kind: ChangeKind::Text,
                    target,
                    text: text.replace("{n}", &self.reference(q.id, j, &number)),
                    number,
                    name: None,
                    reason: rev.reason.clone(),
                },
                None => {
                    let mut item = ChangeItem::numbered(ChangeKind::Updated, target, &number);
                    item.name = self.item_name(q.id, j);
                    item
                }
            }
        };
        Some((order, item))
    }

    /// The line of a question that moved to another section in release `j`:
    /// its numbers in `j` and the release before, as renumbering lines name
    /// them (no page: they say what happened in that release).
    fn moved_item(&self, j: ReleaseIndex, m: &Move) -> ChangeItem {
        let labels = &self.faq.labels;
        let text = match self.item_name(m.id, j) {
            Some(name) => labels
                .get(Label::MovedQuestionNamed)
                .replace("{title}", &name)
                .replace("{old-section}", m.from)
                .replace("{section}", m.to),
            None => labels
                .get(Label::MovedQuestion)
                .replace("{n}", &m.number)
                .replace("{old}", &m.old_number)
                .replace("{section}", m.to),
        };
        ChangeItem {
            kind: ChangeKind::Moved,
            target: None,
            number: m.number.clone(),
            text,
            name: None,
            reason: None,
        }
    }

    /// Position of a question in this document.
    fn position(&self, id: &str) -> Option<usize> {
        self.places.get(id).map(|place| place.position)
    }

    fn label_if_present(&self, id: &str) -> Option<String> {
        let place = self.places.get(id)?;
        Some(
            self.sections[place.section].questions[place.index]
                .id
                .label(),
        )
    }
}

/// A question that stands in another section than in the release before.
#[derive(Debug)]
struct Move<'a> {
    id: &'a EntryId,
    number: String,
    old_number: String,
    /// The titles of the section it left and of the one it is in.
    from: &'a str,
    to: &'a str,
}

/// The questions of `then` that stood in another section in `before`, in
/// the order of `then`.
fn moves<'a>(before: &[SnapSection<'a>], then: &[SnapSection<'a>]) -> Vec<Move<'a>> {
    let old: HashMap<&str, (&SnapSection, &Question)> = before
        .iter()
        .flat_map(|s| s.questions.iter().map(move |q| (q.id.as_str(), (s, q))))
        .collect();
    let mut out = vec![];
    for section in then {
        for q in &section.questions {
            let Some((was_in, was)) = old.get(q.id.as_str()) else {
                continue;
            };
            if was_in.place != section.place {
                out.push(Move {
                    id: q.id,
                    number: q.number.clone(),
                    old_number: was.number.clone(),
                    from: was_in.title.unwrap_or_default(),
                    to: section.title.unwrap_or_default(),
                });
            }
        }
    }
    out
}

/// The questions present in release `index`, numbered.
fn sections_at(faq: &Faq, index: ReleaseIndex) -> Vec<SnapSection<'_>> {
    let mut counter = 0;
    let mut out = vec![];
    for (place, section) in faq.sections.iter().enumerate() {
        let mut questions = vec![];
        for listing in &section.entries {
            let id = &listing.id;
            let Some(entry) = faq.entries.get(id) else {
                continue;
            };
            if !entry.is_present(index) || !listing.covers(index) {
                continue;
            }
            let Some(text) = entry.text_at(index) else {
                continue;
            };
            counter += 1;
            let in_section = questions.len() + 1;
            let doc = &faq.document;
            let first = doc.number_start.saturating_sub(1);
            let number = match doc.numbering {
                Numbering::Continuous => format!("{}{}", doc.number_prefix, first + counter),
                Numbering::PerSection => format!(
                    "{}{}.{in_section}",
                    doc.number_prefix,
                    first + out.len() as u64 + 1
                ),
                Numbering::None => String::new(),
            };
            let mark = if entry.since == index && index > ReleaseIndex::FIRST {
                Some(Mark::New)
            } else {
                entry.update_in(index).map(|_| Mark::Updated)
            };
            questions.push(Question {
                id,
                number,
                question: text.question,
                title: entry.title.as_deref(),
                answer: text.answer,
                mark,
            });
        }
        if !questions.is_empty() {
            out.push(SnapSection {
                title: section.title.as_deref(),
                place,
                questions,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
