//! Two releases compared on their document trees, for the redline: release
//! B's sections and questions in B's order, with every section and question
//! removed since A where it stood, and inside each question and answer the
//! words deleted and inserted.
//!
//! Blocks are matched with `similar` on a key that ignores where a text is
//! written in the sources; a paragraph that changed is diffed word by word,
//! its inline formatting kept; a table or code block that changed is shown
//! old-then-new as a whole, because a word diff inside it would mislead.

use crate::model::Faq;
use crate::model::doc::{AlertKind, Block, Inline, Style, Text};
use crate::model::ids::{EntryId, ReleaseIndex};
use crate::timeline::Snapshot;

mod blocks;
mod words;

use blocks::{diff_blocks, whole_blocks};
use words::{diff_pieces, text_pieces, tokens_of_text};

/// Whether a piece is in both releases, only in A or only in B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Deleted,
    Inserted,
}

/// A word, the space between words, or an inline that is compared whole
/// (a link, a cross-reference, inline code, an image, a footnote mark).
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Word(&'a str),
    Space,
    Atom(&'a Inline),
    LineBreak,
}

/// A token with its mark and the styles around it (outermost first).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece<'a> {
    pub mark: Mark,
    pub styles: Vec<Style>,
    pub token: Token<'a>,
}

/// A block of the redline.
#[derive(Debug, Clone)]
pub enum RBlock<'a> {
    /// In both releases as it is.
    Same(&'a Block),
    /// A table, code block or rule only in A (`Deleted`) or only in B.
    Whole(Mark, &'a Block),
    /// A paragraph (or the text of a tight list item) with its words marked.
    Inlines {
        paragraph: bool,
        pieces: Vec<Piece<'a>>,
    },
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Vec<RBlock<'a>>>,
    },
    Quote(Vec<RBlock<'a>>),
    /// A note box, with its own title if it has one (release B's).
    Alert(AlertKind, Option<&'a str>, Vec<RBlock<'a>>),
}

/// What happened to a question between A and B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unchanged,
    /// Same text, another number or section.
    Moved,
    Changed,
    Added,
    Removed,
}

/// One question of the redline.
#[derive(Debug)]
pub struct RQuestion<'a> {
    pub id: &'a EntryId,
    pub status: Status,
    /// The number in B (`None` for a removed question).
    pub number: Option<String>,
    /// The number in A (`None` for an added question).
    pub old_number: Option<String>,
    /// The section (index into [`Redline::sections`]) it stands in.
    pub section: usize,
    /// The title of the section it stood in in A, when it moved to another.
    pub moved_from: Option<&'a str>,
    pub question: Vec<Piece<'a>>,
    pub answer: Vec<RBlock<'a>>,
    /// The answer in A, for its footnotes.
    pub old_text: Option<&'a Text>,
    /// The answer in B.
    pub new_text: Option<&'a Text>,
}

impl RQuestion<'_> {
    /// Whether anything in it is marked.
    pub fn marked(&self) -> bool {
        matches!(
            self.status,
            Status::Changed | Status::Added | Status::Removed
        )
    }
}

/// A section of the redline: in both releases, only in B (its questions
/// are new there or moved there) or only in A (its questions were removed or
/// moved away).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RSection<'a> {
    pub title: Option<&'a str>,
    /// `Same`, `Inserted` (only in B) or `Deleted` (only in A).
    pub mark: Mark,
    /// Its number among the sections of B, of A for one only A has, from 1.
    pub number: usize,
}

/// The redline of release `to` against release `from`.
#[derive(Debug)]
pub struct Redline<'a> {
    pub faq: &'a Faq,
    pub from: ReleaseIndex,
    pub to: ReleaseIndex,
    /// B's sections and, where they stood, those only A has.
    pub sections: Vec<RSection<'a>>,
    /// The questions, section by section.
    pub questions: Vec<RQuestion<'a>>,
}

type SnapQuestion<'a> = crate::timeline::Question<'a>;

impl<'a> Redline<'a> {
    pub fn new(faq: &'a Faq, from: ReleaseIndex, to: ReleaseIndex) -> Self {
        let old = Snapshot::without_changes(faq, from);
        let new = Snapshot::without_changes(faq, to);
        let in_new = |id: &EntryId| {
            new.sections
                .iter()
                .any(|s| s.questions.iter().any(|q| q.id == id))
        };
        // A section has the same place among the `[[section]]` tables in
        // every release: the sections of both, merged on it.
        let mut places: Vec<usize> = old
            .sections
            .iter()
            .chain(&new.sections)
            .map(|s| s.place)
            .collect();
        places.sort_unstable();
        places.dedup();
        let mut sections = vec![];
        let mut questions = vec![];
        for place in places {
            let was = old.sections.iter().position(|s| s.place == place);
            let now = new.sections.iter().position(|s| s.place == place);
            let (title, mark, number) = match (was, now) {
                (Some(_), Some(n)) => (new.sections[n].title, Mark::Same, n),
                (None, Some(n)) => (new.sections[n].title, Mark::Inserted, n),
                (Some(o), None) => (old.sections[o].title, Mark::Deleted, o),
                (None, None) => continue,
            };
            let section = sections.len();
            sections.push(RSection {
                title,
                mark,
                number: number + 1,
            });
            let kept: &[SnapQuestion<'a>] = now.map_or(&[], |n| &new.sections[n].questions);
            let had: &[SnapQuestion<'a>] = was.map_or(&[], |o| &old.sections[o].questions);
            // A question removed from the section stands after the last
            // question before it that is still in the section, or first.
            let mut removed_after: Vec<(Option<&EntryId>, &SnapQuestion<'a>)> = vec![];
            let mut last_kept = None;
            for q in had {
                if kept.iter().any(|k| k.id == q.id) {
                    last_kept = Some(q.id);
                } else if !in_new(q.id) {
                    removed_after.push((last_kept, q));
                }
            }
            let removed_at = |questions: &mut Vec<RQuestion<'a>>, after: Option<&EntryId>| {
                for (_, q) in removed_after.iter().filter(|(a, _)| *a == after) {
                    questions.push(removed(q, section));
                }
            };
            removed_at(&mut questions, None);
            for q in kept {
                let before = old
                    .sections
                    .iter()
                    .find_map(|s| s.questions.iter().find(|o| o.id == q.id).map(|o| (s, o)));
                let moved_from = before
                    .filter(|(s, _)| s.place != place)
                    .map(|(s, _)| s.title.unwrap_or_default());
                questions.push(compared(q, before.map(|(_, o)| o), moved_from, section));
                removed_at(&mut questions, Some(q.id));
            }
        }
        Redline {
            faq,
            from,
            to,
            sections,
            questions,
        }
    }
}

/// A question only A has.
fn removed<'a>(q: &SnapQuestion<'a>, section: usize) -> RQuestion<'a> {
    RQuestion {
        id: q.id,
        status: Status::Removed,
        number: None,
        old_number: Some(q.number.clone()),
        section,
        moved_from: None,
        question: text_pieces(q.question, Mark::Deleted),
        answer: whole_blocks(&q.answer.blocks, Mark::Deleted),
        old_text: Some(q.answer),
        new_text: None,
    }
}

/// A question of B against itself in A (`before`), if A has it;
/// `moved_from` is the title of the section it left.
fn compared<'a>(
    q: &SnapQuestion<'a>,
    before: Option<&SnapQuestion<'a>>,
    moved_from: Option<&'a str>,
    section: usize,
) -> RQuestion<'a> {
    let Some(o) = before else {
        return RQuestion {
            id: q.id,
            status: Status::Added,
            number: Some(q.number.clone()),
            old_number: None,
            section,
            moved_from: None,
            question: text_pieces(q.question, Mark::Inserted),
            answer: whole_blocks(&q.answer.blocks, Mark::Inserted),
            old_text: None,
            new_text: Some(q.answer),
        };
    };
    let text_same = o.question == q.question && o.answer == q.answer;
    let moved = o.number != q.number || moved_from.is_some();
    let status = if !text_same {
        Status::Changed
    } else if moved {
        Status::Moved
    } else {
        Status::Unchanged
    };
    let (question, answer) = if text_same {
        (
            text_pieces(q.question, Mark::Same),
            q.answer.blocks.iter().map(RBlock::Same).collect(),
        )
    } else {
        (
            diff_pieces(&tokens_of_text(o.question), &tokens_of_text(q.question)),
            diff_blocks(&o.answer.blocks, &q.answer.blocks),
        )
    };
    RQuestion {
        id: q.id,
        status,
        number: Some(q.number.clone()),
        old_number: Some(o.number.clone()),
        section,
        moved_from,
        question,
        answer,
        old_text: Some(o.answer),
        new_text: Some(q.answer),
    }
}

/// The words a redline marks, in order: each deleted and each inserted word
/// (and whole inline, by its text), as a reader finds them.
pub fn marked_words<'a>(pieces: &'a [Piece<'a>], mark: Mark) -> Vec<&'a str> {
    pieces
        .iter()
        .filter(|p| p.mark == mark)
        .filter_map(|p| match p.token {
            Token::Word(w) => Some(w),
            _ => None,
        })
        .collect()
}

impl RBlock<'_> {
    /// Every piece of the block, depth first.
    pub fn pieces(&self) -> Vec<&Piece<'_>> {
        match self {
            RBlock::Same(_) | RBlock::Whole(..) => vec![],
            RBlock::Inlines { pieces, .. } => pieces.iter().collect(),
            RBlock::List { items, .. } => items.iter().flatten().flat_map(|b| b.pieces()).collect(),
            RBlock::Quote(b) | RBlock::Alert(_, _, b) => {
                b.iter().flat_map(|b| b.pieces()).collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pieces: &[Piece], mark: Mark) -> Vec<String> {
        marked_words(pieces, mark)
            .iter()
            .map(|w| w.to_string())
            .collect()
    }

    #[test]
    fn a_replaced_word_is_deleted_then_inserted_and_spaces_stay_unmarked() {
        let old = tokens_of_text("Die Praxen sind informiert.");
        let new = tokens_of_text("Alle Praxen sind heute informiert.");
        let pieces = diff_pieces(&old, &new);
        assert_eq!(words(&pieces, Mark::Deleted), ["Die"]);
        assert_eq!(words(&pieces, Mark::Inserted), ["Alle", "heute"]);
    }

    #[test]
    fn a_rewritten_phrase_reads_old_then_new() {
        let old = tokens_of_text("a b c d");
        let new = tokens_of_text("a x c y z");
        let pieces = diff_pieces(&old, &new);
        let shown: Vec<String> = pieces
            .iter()
            .map(|p| match (p.mark, &p.token) {
                (_, Token::Space) => " ".to_string(),
                (Mark::Same, Token::Word(w)) => w.to_string(),
                (Mark::Deleted, Token::Word(w)) => format!("-{w}"),
                (Mark::Inserted, Token::Word(w)) => format!("+{w}"),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(shown.concat(), "a -b +x c -d +y +z");
    }

    #[test]
    fn unchanged_text_has_no_marks() {
        let old = tokens_of_text("Eine Frage?");
        let pieces = diff_pieces(&old, &old.clone());
        assert!(pieces.iter().all(|p| p.mark == Mark::Same));
    }
}
