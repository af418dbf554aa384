//! One release of a FAQ as its readers see it: which questions it holds, with
//! which numbers and texts, and the rows of its change table.

use crate::labels::format_date;
use crate::markdown::Markdown;
use crate::model::{Faq, NoteTarget, Numbering};

/// A release ready to be laid out.
#[derive(Debug)]
pub struct Snapshot<'a> {
    pub faq: &'a Faq,
    pub index: usize,
    pub sections: Vec<SnapSection<'a>>,
    pub rows: Vec<ChangeRow>,
}

#[derive(Debug)]
pub struct SnapSection<'a> {
    pub title: Option<&'a str>,
    pub questions: Vec<Question<'a>>,
}

#[derive(Debug)]
pub struct Question<'a> {
    pub id: &'a str,
    pub number: String,
    pub question: &'a str,
    pub title: Option<&'a str>,
    pub answer: &'a Markdown,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    New,
    Updated,
    Removed,
    /// A revision's own `change` wording or a release note.
    Text,
}

impl ChangeKind {
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Updated => "updated",
            ChangeKind::Removed => "removed",
            ChangeKind::Text => "text",
        }
    }
}

impl<'a> Snapshot<'a> {
    pub fn new(faq: &'a Faq, index: usize) -> Self {
        let sections = sections_at(faq, index);
        let mut snapshot = Snapshot {
            faq,
            index,
            sections,
            rows: vec![],
        };
        snapshot.rows = (0..=index).map(|j| snapshot.change_row(j)).collect();
        snapshot
    }

    pub fn questions(&self) -> impl Iterator<Item = &Question<'a>> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn number_of(&self, id: &str) -> Option<&str> {
        self.questions()
            .find(|q| q.id == id)
            .map(|q| q.number.as_str())
    }

    fn change_row(&self, j: usize) -> ChangeRow {
        let faq = self.faq;
        let release = &faq.releases[j];
        let then = (j != self.index).then(|| Snapshot {
            faq,
            index: j,
            sections: sections_at(faq, j),
            rows: vec![],
        });
        let then = then.as_ref().unwrap_or(self);
        let before = (j > 0).then(|| Snapshot {
            faq,
            index: j - 1,
            sections: sections_at(faq, j - 1),
            rows: vec![],
        });
        let mut items: Vec<(usize, ChangeItem)> = vec![];
        for note in &release.notes {
            let (order, target) = match &note.at {
                Some(NoteTarget::Changes) => (0, Some("faq-changes".to_string())),
                Some(NoteTarget::Contents) => (1, Some("faq-contents".to_string())),
                Some(NoteTarget::Entry(id)) => (
                    2 + self.position(id).unwrap_or(usize::MAX / 4),
                    self.label_if_present(id),
                ),
                None => (usize::MAX, None),
            };
            items.push((
                order,
                ChangeItem {
                    kind: ChangeKind::Text,
                    target,
                    number: String::new(),
                    text: note.text.clone(),
                },
            ));
        }
        for (pos, q) in then.questions().enumerate() {
            let entry = &faq.entries[q.id];
            let number = self.number_of(q.id).unwrap_or(&q.number).to_string();
            let order = 2 + self.position(q.id).unwrap_or(usize::MAX / 4 + pos);
            let target = self.label_if_present(q.id);
            let item = if entry.since == j && j > 0 {
                ChangeItem {
                    kind: ChangeKind::New,
                    target,
                    number,
                    text: String::new(),
                }
            } else if entry.since == j {
                continue;
            } else if let Some(rev) = entry.update_in(j) {
                match &rev.change {
                    Some(text) => ChangeItem {
                        kind: ChangeKind::Text,
                        target,
                        text: text.replace("{n}", &number),
                        number,
                    },
                    None => ChangeItem {
                        kind: ChangeKind::Updated,
                        target,
                        number,
                        text: String::new(),
                    },
                }
            } else {
                continue;
            };
            items.push((order, item));
        }
        if let Some(before) = &before {
            for q in before
                .questions()
                .filter(|q| faq.entries[q.id].removed == Some(j))
            {
                let item = ChangeItem {
                    kind: ChangeKind::Removed,
                    target: None,
                    number: q.number.clone(),
                    text: String::new(),
                };
                items.push((usize::MAX / 2, item));
            }
        }
        items.sort_by_key(|(order, _)| *order);
        ChangeRow {
            version: release.version.clone(),
            date: format_date(&release.date, faq.document.language),
            items: items.into_iter().map(|(_, item)| item).collect(),
        }
    }

    /// Position of a question in this document.
    fn position(&self, id: &str) -> Option<usize> {
        self.questions().position(|q| q.id == id)
    }

    fn label_if_present(&self, id: &str) -> Option<String> {
        self.position(id).map(|_| question_label(id))
    }
}

pub fn question_label(id: &str) -> String {
    format!("q-{id}")
}

/// The questions present in release `index`, numbered.
fn sections_at(faq: &Faq, index: usize) -> Vec<SnapSection<'_>> {
    let mut counter = 0;
    let mut out = vec![];
    for section in &faq.sections {
        let mut questions = vec![];
        for id in &section.entries {
            let Some(entry) = faq.entries.get(id) else {
                continue;
            };
            if !entry.is_present(index) {
                continue;
            }
            let Some(text) = entry.text_at(index) else {
                continue;
            };
            counter += 1;
            let in_section = questions.len() + 1;
            let number = match faq.document.numbering {
                Numbering::Continuous => counter.to_string(),
                Numbering::PerSection => format!("{}.{in_section}", out.len() + 1),
            };
            let mark = if entry.since == index && index > 0 {
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
                questions,
            });
        }
    }
    out
}
