//! Characters that no font can show.
//!
//! Text pasted from e-mails and web pages brings emoji, CJK, private-use and
//! control characters. When no font of the project has a character, Typst
//! draws an empty box and PDF/A export fails with an error that points into
//! the layout. This check runs on the laid-out document instead, finds every
//! character drawn as such a box, and reports it where it is written in the
//! sources (literally, as a TOML escape or as an HTML entity), with a hint.

use std::collections::BTreeSet;
use std::ops::Range;

use typst::layout::{Frame, FrameItem};
use typst::text::{FontBook, is_default_ignorable};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, SourceFiles};

/// How many places are reported for one character.
const MAX_PLACES: usize = 8;

/// The characters that no font in `book` has and that were drawn as empty
/// boxes (or could not be put into the PDF), in order of their code points.
pub fn missing(doc: &PagedDocument, book: &FontBook) -> BTreeSet<char> {
    let mut clusters = BTreeSet::new();
    for page in doc.pages() {
        collect(&page.frame, &mut clusters);
    }
    let covered = |c: char| {
        (0..)
            .map_while(|index| book.info(index))
            .any(|info| info.coverage.contains(c as u32))
    };
    // A box may stand for a whole cluster or run, such as a letter with an
    // emoji skin tone after it; the culprits are the characters no font has.
    // Only when there are none (a font lacks a glyph it claims to have, say)
    // is every boxed character reported.
    let boxed: BTreeSet<char> = clusters.iter().flat_map(|c| c.chars()).collect();
    let culprits: BTreeSet<char> = boxed
        .iter()
        .copied()
        .filter(|&c| !is_default_ignorable(c) && !covered(c))
        .collect();
    if culprits.is_empty() { boxed } else { culprits }
}

/// The text of every glyph drawn as an empty box, or standing for text
/// that PDF/A and PDF/UA forbid (U+0000, U+FEFF and U+FFFE, which can ride
/// along with a combining mark drawn on its own).
fn collect(frame: &Frame, out: &mut BTreeSet<String>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect(&group.frame, out),
            FrameItem::Text(text) => {
                for glyph in &text.glyphs {
                    let shown = text.text.get(glyph.range()).unwrap_or_default();
                    let forbidden = shown.contains(['\u{0}', '\u{feff}', '\u{fffe}']);
                    if glyph.id == 0 || forbidden {
                        out.insert(shown.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

/// One error per place where a missing character is written; characters
/// that cannot be found in any file get one error without a place.
pub fn diagnostics(missing: &BTreeSet<char>, files: &SourceFiles) -> Vec<Diagnostic> {
    let mut out = vec![];
    for &c in missing {
        let places = places_of(c, files);
        if places.is_empty() {
            out.push(diagnostic(c, None));
        }
        for at in places.into_iter().take(MAX_PLACES) {
            out.push(diagnostic(c, Some(at)));
        }
    }
    out.sort_by_key(|d| d.at.as_ref().map(|(file, range)| (*file, range.start)));
    out
}

fn diagnostic(c: char, at: Option<(usize, Range<usize>)>) -> Diagnostic {
    let invisible = c.is_control() || c.is_whitespace() || is_default_ignorable(c);
    let shown = if invisible {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}` (U+{:04X})", c as u32)
    };
    let message = if invisible {
        format!("the invisible character {shown} cannot be printed here")
    } else {
        format!("the character {shown} is in none of the fonts")
    };
    let hint = if invisible {
        "it was probably pasted from another program; delete it".to_string()
    } else {
        "replace it, or put a font that has it into the project's `fonts/` folder".to_string()
    };
    Diagnostic::error(at, message).hint(hint)
}

/// Where `c` is written in the files: as itself, as a TOML escape (`\t`,
/// `\uXXXX`, `\UXXXXXXXX`), or as an HTML entity (`&#x1F600;`, `&#128512;`,
/// `&hearts;`), which Markdown turns into the character.
fn places_of(c: char, files: &SourceFiles) -> Vec<(usize, Range<usize>)> {
    let mut out = vec![];
    // File 0 stands for the project as a whole and has no text.
    for file in 1..files.len() {
        let text = files.text(file);
        let literal = text.match_indices(c).map(|(i, m)| i..i + m.len());
        let places = literal
            .chain(escapes_of(text, c))
            .chain(entities_of(text, c));
        out.extend(places.map(|range| (file, range)));
        if out.len() >= MAX_PLACES {
            break;
        }
    }
    out.sort_by_key(|(file, range)| (*file, range.start));
    out.truncate(MAX_PLACES);
    out
}

/// TOML escapes that stand for `c`.
fn escapes_of(text: &str, c: char) -> impl Iterator<Item = Range<usize>> + '_ {
    text.match_indices('\\').filter_map(move |(i, _)| {
        let rest = &text[i + 1..];
        let (value, len) = match rest.chars().next()? {
            't' => (u32::from('\t'), 1),
            'b' => (0x8, 1),
            'f' => (0xc, 1),
            'e' => (0x1b, 1),
            'u' => (u32::from_str_radix(rest.get(1..5)?, 16).ok()?, 5),
            'U' => (u32::from_str_radix(rest.get(1..9)?, 16).ok()?, 9),
            _ => return None,
        };
        (value == u32::from(c)).then_some(i..i + 1 + len)
    })
}

/// HTML entities that Markdown turns into text holding `c`.
fn entities_of(text: &str, c: char) -> impl Iterator<Item = Range<usize>> + '_ {
    text.match_indices('&').filter_map(move |(i, _)| {
        let len = text[i + 1..]
            .char_indices()
            .take(40)
            .find(|(_, ch)| !(ch.is_ascii_alphanumeric() || *ch == '#'))
            .filter(|(_, ch)| *ch == ';')
            .map(|(j, _)| j)?;
        let entity = &text[i..i + len + 2];
        let decoded = pulldown_cmark::Parser::new(entity).any(|event| match event {
            pulldown_cmark::Event::Text(t) => t.contains(c) && t.as_ref() != entity,
            _ => false,
        });
        decoded.then_some(i..i + entity.len())
    })
}
