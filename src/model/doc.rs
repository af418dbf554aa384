//! The document tree: an answer, intro, closing or snippet parsed once from
//! its Markdown into typed blocks and inlines.
//!
//! Nothing here is Typst or HTML: renderers turn the tree into either, and a
//! comparison of two releases walks two trees. Text is kept as the parser
//! delivered it (a run of text may arrive in several pieces), so that every
//! renderer sees the same pieces; places in the sources are kept where a later
//! check may want to point at them.

use std::collections::BTreeMap;

use crate::diag::Loc;
use crate::model::ids::EntryId;

/// A Markdown text of the sources (an answer, the intro, the closing), its
/// snippets expanded, and its tree.
#[derive(Debug, Clone)]
pub struct Text {
    /// A name unique in the FAQ and the same in every release that shows
    /// this text (`kontakt-2` for the answer of `kontakt` written in the
    /// third release, `intro`): footnote labels are made from it.
    pub key: String,
    /// The Markdown as written, snippets expanded.
    pub source: String,
    /// Where the text starts in the sources.
    pub at: Loc,
    pub blocks: Vec<Block>,
    /// Footnote texts by name; the tree refers to them with
    /// [`Inline::FootnoteRef`].
    pub footnotes: BTreeMap<String, Vec<Block>>,
}

/// Two texts are the same when their Markdown is: where they stand in the
/// sources does not matter.
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph: its inlines, ended by a paragraph break.
    Paragraph(Vec<Inline>),
    /// Inlines that stand in a container without a paragraph of their own
    /// (the text of a tight list item, a table cell).
    Plain(Vec<Inline>),
    /// A bullet list (`start` is `None`) or a numbered list.
    List(List),
    Quote(Vec<Block>),
    /// A GFM alert, `> [!NOTE]`: a box with a heading, the kind's label or
    /// the title written on the marker line (`> [!WARNING] Fristen`).
    Alert(AlertKind, Option<String>, Vec<Block>),
    Code {
        /// The language of a fenced block, when it is a plain name.
        lang: Option<String>,
        text: String,
    },
    Table(Table),
    /// A thematic break, `---`.
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// The first number of a numbered list; `None` for bullets.
    pub start: Option<u64>,
    /// No paragraph inside any item: items follow without space.
    pub tight: bool,
    pub items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    /// The header cells.
    pub head: Vec<Cell>,
    /// The body, row by row; a short row has fewer cells than columns.
    pub rows: Vec<Vec<Cell>>,
}

pub type Cell = Vec<Inline>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl AlertKind {
    /// The name of the kind, also the key of its heading's label.
    pub fn key(self) -> &'static str {
        match self {
            AlertKind::Note => "note",
            AlertKind::Tip => "tip",
            AlertKind::Important => "important",
            AlertKind::Warning => "warning",
            AlertKind::Caution => "caution",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, as one piece of what the parser delivered.
    Text(String),
    /// A soft line break: a space to the reader.
    SoftBreak,
    /// A hard line break.
    LineBreak,
    /// Inline code.
    Code(String),
    Styled(Style, Vec<Inline>),
    /// A link to a web or mail address.
    Link(Link),
    /// A link to another question: `[](#kontakt)`; with empty text it reads
    /// "Frage 5".
    Ref {
        id: EntryId,
        text: Vec<Inline>,
        at: Loc,
    },
    Image(Image),
    /// A footnote mark; the text is in [`Text::footnotes`] under this name.
    FootnoteRef(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// `https://…`, `http://…` or `mailto:…`, checked.
    pub url: String,
    /// Written as `<https://…>`: the address is the text.
    pub autolink: bool,
    pub text: Vec<Inline>,
    pub at: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Relative to the sources folder, with `/` as separator, checked.
    pub path: String,
    pub alt: String,
    /// What Typst decodes it to, measured from the file's header (an SVG's:
    /// those of the images in it).
    pub pixels: u64,
    pub at: Loc,
}

impl Text {
    /// Every cross-reference, with where it is written, in document order
    /// (footnotes after the text).
    pub fn refs(&self) -> Vec<(&EntryId, &Loc)> {
        let mut out = vec![];
        self.visit(&mut |inline| {
            if let Inline::Ref { id, at, .. } = inline {
                out.push((id, at));
            }
        });
        out
    }

    /// Every image path, in document order (footnotes after the text).
    pub fn images(&self) -> Vec<&str> {
        let mut out = vec![];
        self.visit(&mut |inline| {
            if let Inline::Image(image) = inline {
                out.push(image.path.as_str());
            }
        });
        out
    }

    /// Calls `f` for every inline of the text and its footnotes, depth first.
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Inline)) {
        let footnotes = self.footnotes.values();
        for block in self.blocks.iter().chain(footnotes.flatten()) {
            block.visit(f);
        }
    }
}

impl Block {
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Inline)) {
        match self {
            Block::Paragraph(inlines) | Block::Plain(inlines) => visit_all(inlines, f),
            Block::List(list) => list.items.iter().flatten().for_each(|b| b.visit(f)),
            Block::Quote(blocks) | Block::Alert(_, _, blocks) => {
                blocks.iter().for_each(|b| b.visit(f))
            }
            Block::Table(table) => table
                .head
                .iter()
                .chain(table.rows.iter().flatten())
                .for_each(|cell| visit_all(cell, f)),
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn visit_all<'a>(inlines: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        match inline {
            Inline::Styled(_, inner) => visit_all(inner, f),
            Inline::Link(Link { text, .. }) | Inline::Ref { text, .. } => visit_all(text, f),
            _ => {}
        }
    }
}
