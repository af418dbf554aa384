//! Texts compared word by word: the words, spaces and whole inlines of a
//! paragraph or heading with their formatting, diffed, and runs of changes
//! grouped so that a rewritten phrase reads old then new.

use similar::{Algorithm, ChangeTag};

use super::{Mark, Piece, Token};
use crate::model::doc::{Inline, Link, Style};

/// A plain one-line text (a question) as pieces with one mark.
pub(super) fn text_pieces(text: &str, mark: Mark) -> Vec<Piece<'_>> {
    tokens_of_text(text)
        .into_iter()
        .map(|(styles, token)| Piece {
            mark,
            styles,
            token,
        })
        .collect()
}

pub(super) type Tok<'a> = (Vec<Style>, Token<'a>);

pub(super) fn tokens_of_text(text: &str) -> Vec<Tok<'_>> {
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

pub(super) fn inline_tokens(inlines: &[Inline]) -> Vec<Tok<'_>> {
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
pub(super) fn diff_pieces<'a>(old: &[Tok<'a>], new: &[Tok<'a>]) -> Vec<Piece<'a>> {
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

pub(super) fn space<'a>(mark: Mark) -> Piece<'a> {
    Piece {
        mark,
        styles: vec![],
        token: Token::Space,
    }
}

pub(super) fn inlines_key(inlines: &[Inline]) -> String {
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
