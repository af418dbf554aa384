//! Two releases compared on their document trees, for the redline: release
//! B's sections and questions in B's order, with every section and question
//! removed since A where it stood, and inside each question and answer the
//! words deleted and inserted.
//!
//! Blocks are matched with `similar` on a key that ignores where a text is
//! written in the sources; a paragraph that changed is diffed word by word,
//! its inline formatting kept; a table or code block that changed is shown
//! old-then-new as a whole, because a word diff inside it would mislead.

use similar::{Algorithm, ChangeTag, DiffOp};

use crate::model::Faq;
use crate::model::doc::{AlertKind, Block, Inline, Link, Style, Text};
use crate::model::ids::{EntryId, ReleaseIndex};
use crate::timeline::Snapshot;

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

/// A plain one-line text (a question) as pieces with one mark.
fn text_pieces(text: &str, mark: Mark) -> Vec<Piece<'_>> {
    tokens_of_text(text)
        .into_iter()
        .map(|(styles, token)| Piece {
            mark,
            styles,
            token,
        })
        .collect()
}

type Tok<'a> = (Vec<Style>, Token<'a>);

fn tokens_of_text(text: &str) -> Vec<Tok<'_>> {
    let mut out = vec![];
    split_words(text, &[], &mut out);
    out
}

fn split_words<'a>(text: &'a str, styles: &[Style], out: &mut Vec<Tok<'a>>) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((styles.to_vec(), Token::Word(&text[s..i])));
            }
            if !matches!(out.last(), Some((_, Token::Space))) {
                out.push((styles.to_vec(), Token::Space));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((styles.to_vec(), Token::Word(&text[s..])));
    }
}

fn tokens_of_inlines<'a>(inlines: &'a [Inline], styles: &mut Vec<Style>, out: &mut Vec<Tok<'a>>) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => split_words(text, styles, out),
            Inline::SoftBreak => out.push((styles.clone(), Token::Space)),
            Inline::LineBreak => out.push((styles.clone(), Token::LineBreak)),
            Inline::Styled(style, inner) => {
                styles.push(*style);
                tokens_of_inlines(inner, styles, out);
                styles.pop();
            }
            other => out.push((styles.clone(), Token::Atom(other))),
        }
    }
}

fn inline_tokens(inlines: &[Inline]) -> Vec<Tok<'_>> {
    let mut out = vec![];
    tokens_of_inlines(inlines, &mut vec![], &mut out);
    out
}

/// What two tokens are compared by: the word and its styles; an inline
/// compared whole by its content, not by where it is written.
fn token_key(tok: &Tok) -> String {
    match &tok.1 {
        Token::Word(w) => format!("w{:?}{w}", tok.0),
        Token::Space => " ".into(),
        Token::LineBreak => "\n".into(),
        Token::Atom(inline) => format!("a{:?}{}", tok.0, inline_key(inline)),
    }
}

/// The word-level diff of two runs of tokens.
fn diff_pieces<'a>(old: &[Tok<'a>], new: &[Tok<'a>]) -> Vec<Piece<'a>> {
    let old_keys: Vec<String> = old.iter().map(token_key).collect();
    let new_keys: Vec<String> = new.iter().map(token_key).collect();
    let mut out = vec![];
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    // Deletions of a replaced run come before its insertions.
    for op in ops {
        for change in op.iter_changes(&old_keys, &new_keys) {
            let (mark, tok) = match (change.tag(), change.old_index(), change.new_index()) {
                (ChangeTag::Equal, _, Some(j)) => (Mark::Same, &new[j]),
                (ChangeTag::Delete, Some(i), _) => (Mark::Deleted, &old[i]),
                (ChangeTag::Insert, _, Some(j)) => (Mark::Inserted, &new[j]),
                _ => continue,
            };
            out.push(Piece {
                mark,
                styles: tok.0.clone(),
                token: tok.1.clone(),
            });
        }
    }
    group_runs(out)
}

/// Myers alternates deleted and inserted words where a phrase was rewritten;
/// readers want the old phrase, then the new one. Each stretch of changed
/// words (with the spaces between them) becomes its deleted words, a space,
/// and its inserted words; spaces inside a run carry its mark.
fn group_runs(pieces: Vec<Piece<'_>>) -> Vec<Piece<'_>> {
    let changed = |p: &Piece| p.mark != Mark::Same && p.token != Token::Space;
    let mut out = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        if !changed(&pieces[i]) {
            let mut piece = pieces[i].clone();
            if piece.token == Token::Space {
                piece.mark = Mark::Same;
            }
            out.push(piece);
            i += 1;
            continue;
        }
        // The stretch: changed words, and spaces followed by more of them.
        let mut end = i;
        let mut j = i;
        while j < pieces.len() {
            if changed(&pieces[j]) {
                end = j + 1;
            } else if pieces[j].token != Token::Space {
                break;
            }
            j += 1;
        }
        let stretch = &pieces[i..end];
        for mark in [Mark::Deleted, Mark::Inserted] {
            let run: Vec<&Piece> = stretch
                .iter()
                .filter(|p| changed(p) && p.mark == mark)
                .collect();
            if run.is_empty() {
                continue;
            }
            if mark == Mark::Inserted
                && stretch
                    .iter()
                    .any(|p| changed(p) && p.mark == Mark::Deleted)
            {
                out.push(space(Mark::Same));
            }
            for (k, piece) in run.iter().enumerate() {
                if k > 0 {
                    out.push(space(mark));
                }
                out.push((*piece).clone());
            }
        }
        i = end;
    }
    out
}

fn space<'a>(mark: Mark) -> Piece<'a> {
    Piece {
        mark,
        styles: vec![],
        token: Token::Space,
    }
}

/// Blocks wholly deleted or inserted.
fn whole_blocks(blocks: &[Block], mark: Mark) -> Vec<RBlock<'_>> {
    blocks.iter().map(|b| whole_block(b, mark)).collect()
}

fn whole_block(block: &Block, mark: Mark) -> RBlock<'_> {
    match block {
        Block::Paragraph(inlines) | Block::Plain(inlines) => RBlock::Inlines {
            paragraph: matches!(block, Block::Paragraph(_)),
            pieces: inline_tokens(inlines)
                .into_iter()
                .map(|(styles, token)| Piece {
                    mark,
                    styles,
                    token,
                })
                .collect(),
        },
        Block::List(list) => RBlock::List {
            start: list.start,
            tight: list.tight,
            items: list.items.iter().map(|i| whole_blocks(i, mark)).collect(),
        },
        Block::Quote(inner) => RBlock::Quote(whole_blocks(inner, mark)),
        Block::Alert(kind, title, inner) => {
            RBlock::Alert(*kind, title.as_deref(), whole_blocks(inner, mark))
        }
        other => RBlock::Whole(mark, other),
    }
}

/// The blocks of B against those of A.
fn diff_blocks<'a>(old: &'a [Block], new: &'a [Block]) -> Vec<RBlock<'a>> {
    let old_keys: Vec<String> = old.iter().map(block_key).collect();
    let new_keys: Vec<String> = new.iter().map(block_key).collect();
    let mut out = vec![];
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                out.extend(new[new_index..new_index + len].iter().map(RBlock::Same));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(whole_blocks(
                &old[old_index..old_index + old_len],
                Mark::Deleted,
            )),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(whole_blocks(
                &new[new_index..new_index + new_len],
                Mark::Inserted,
            )),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds = &old[old_index..old_index + old_len];
                let news = &new[new_index..new_index + new_len];
                let paired = olds.len().min(news.len());
                for (o, n) in olds.iter().zip(news).take(paired) {
                    out.extend(pair(o, n));
                }
                out.extend(whole_blocks(&olds[paired..], Mark::Deleted));
                out.extend(whole_blocks(&news[paired..], Mark::Inserted));
            }
        }
    }
    out
}

/// A block of A and the one of B in its place.
fn pair<'a>(old: &'a Block, new: &'a Block) -> Vec<RBlock<'a>> {
    match (old, new) {
        (Block::Paragraph(a), Block::Paragraph(b)) | (Block::Plain(a), Block::Plain(b)) => {
            vec![RBlock::Inlines {
                paragraph: matches!(new, Block::Paragraph(_)),
                pieces: diff_pieces(&inline_tokens(a), &inline_tokens(b)),
            }]
        }
        (Block::List(a), Block::List(b)) if a.start.is_some() == b.start.is_some() => {
            let mut items = vec![];
            let old_keys: Vec<String> = a.items.iter().map(|i| blocks_key(i)).collect();
            let new_keys: Vec<String> = b.items.iter().map(|i| blocks_key(i)).collect();
            for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
                for (o, n) in op_pairs(&op) {
                    items.push(match (o, n) {
                        (Some(i), Some(j)) => diff_blocks(&a.items[i], &b.items[j]),
                        (Some(i), None) => whole_blocks(&a.items[i], Mark::Deleted),
                        (None, Some(j)) => whole_blocks(&b.items[j], Mark::Inserted),
                        (None, None) => continue,
                    });
                }
            }
            vec![RBlock::List {
                start: b.start,
                tight: b.tight,
                items,
            }]
        }
        (Block::Quote(a), Block::Quote(b)) => vec![RBlock::Quote(diff_blocks(a, b))],
        (Block::Alert(k, s, a), Block::Alert(l, t, b)) if k == l && s == t => {
            vec![RBlock::Alert(*l, t.as_deref(), diff_blocks(a, b))]
        }
        _ => vec![
            whole_block(old, Mark::Deleted),
            whole_block(new, Mark::Inserted),
        ],
    }
}

/// The items an op covers, as (old, new) index pairs: equal and replaced
/// items side by side, the rest of a replacement alone.
fn op_pairs(op: &DiffOp) -> Vec<(Option<usize>, Option<usize>)> {
    match *op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => (0..len)
            .map(|k| (Some(old_index + k), Some(new_index + k)))
            .collect(),
        DiffOp::Delete {
            old_index, old_len, ..
        } => (0..old_len).map(|k| (Some(old_index + k), None)).collect(),
        DiffOp::Insert {
            new_index, new_len, ..
        } => (0..new_len).map(|k| (None, Some(new_index + k))).collect(),
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => (0..old_len.max(new_len))
            .map(|k| {
                (
                    (k < old_len).then_some(old_index + k),
                    (k < new_len).then_some(new_index + k),
                )
            })
            .collect(),
    }
}

fn blocks_key(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(block_key)
        .collect::<Vec<_>>()
        .join("\u{1}")
}

/// A block's content without the places its inlines are written at.
fn block_key(block: &Block) -> String {
    match block {
        Block::Paragraph(i) => format!("P({})", inlines_key(i)),
        Block::Plain(i) => format!("T({})", inlines_key(i)),
        Block::List(l) => format!(
            "L({:?},{},{})",
            l.start,
            l.tight,
            l.items
                .iter()
                .map(|i| blocks_key(i))
                .collect::<Vec<_>>()
                .join("\u{2}")
        ),
        Block::Quote(b) => format!("Q({})", blocks_key(b)),
        Block::Alert(k, t, b) => format!("A({:?},{:?},{})", k, t, blocks_key(b)),
        Block::Code { lang, text } => format!("C({lang:?},{text:?})"),
        Block::Table(t) => {
            let row = |cells: &[Vec<Inline>]| {
                cells
                    .iter()
                    .map(|c| inlines_key(c))
                    .collect::<Vec<_>>()
                    .join("\u{3}")
            };
            format!(
                "X({:?},{},{})",
                t.align,
                row(&t.head),
                t.rows
                    .iter()
                    .map(|r| row(r))
                    .collect::<Vec<_>>()
                    .join("\u{2}")
            )
        }
        Block::Rule => "R".into(),
    }
}

fn inlines_key(inlines: &[Inline]) -> String {
    inlines.iter().map(inline_key).collect()
}

fn inline_key(inline: &Inline) -> String {
    match inline {
        Inline::Text(t) => format!("{t:?}"),
        Inline::SoftBreak => "~".into(),
        Inline::LineBreak => "\\".into(),
        Inline::Code(c) => format!("`{c:?}`"),
        Inline::Styled(s, i) => format!("{s:?}({})", inlines_key(i)),
        Inline::Link(Link {
            url,
            autolink,
            text,
            ..
        }) => format!("link({url:?},{autolink},{})", inlines_key(text)),
        Inline::Ref { id, text, .. } => format!("ref({},{})", id.as_str(), inlines_key(text)),
        Inline::Image(image) => format!("img({:?},{:?})", image.path, image.alt),
        Inline::FootnoteRef(name) => format!("fn({name:?})"),
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
