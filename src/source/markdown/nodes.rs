//! The tree assembled from pulldown-cmark's events: what each tag becomes,
//! and the nodes collected under it turned into blocks, inlines, cells.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, LinkType, Tag};

use super::{Kind, Node};
use crate::model::doc::{AlertKind, Align, Block, Cell, Inline, Style, Table};

/// What a frame for `tag` builds, for the tags that need no check when they
/// start.
pub(super) fn kind_of(tag: Tag, range: Range<usize>) -> Kind {
    match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { .. } | Tag::HtmlBlock => Kind::Dropped,
        Tag::BlockQuote(kind) => Kind::Quote { kind, titled: None },
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Kind::Code {
            lang: code_lang(&info),
        },
        Tag::CodeBlock(CodeBlockKind::Indented) => Kind::Code { lang: None },
        Tag::List(start) => Kind::List { start, tight: true },
        Tag::Item => Kind::Item,
        Tag::FootnoteDefinition(name) => Kind::Footnote(name.to_string()),
        Tag::Table(align) => Kind::Table {
            align: align.iter().map(align_of).collect(),
        },
        Tag::TableHead => Kind::TableHead,
        Tag::TableRow => Kind::TableRow,
        Tag::TableCell => Kind::TableCell,
        Tag::Emphasis => Kind::Styled(Style::Emphasis),
        Tag::Strong => Kind::Styled(Style::Strong),
        Tag::Strikethrough => Kind::Styled(Style::Strikethrough),
        Tag::Superscript => Kind::Styled(Style::Superscript),
        Tag::Subscript => Kind::Styled(Style::Subscript),
        Tag::Link {
            link_type,
            dest_url,
            ..
        } => {
            let dest = if link_type == LinkType::Email {
                format!("mailto:{dest_url}")
            } else {
                dest_url.to_string()
            };
            Kind::Link {
                dest,
                range,
                autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
            }
        }
        Tag::Image { dest_url, .. } => Kind::Image {
            dest: dest_url.to_string(),
            range,
        },
        Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition
        | Tag::MetadataBlock(_) => Kind::Dropped,
    }
}

/// Whether raw HTML is a line break: `<br>`, `<br/>`, `<br />`.
pub(super) fn is_line_break(html: &str) -> bool {
    let inner = html.trim().to_ascii_lowercase();
    let Some(inner) = inner.strip_prefix("<br").and_then(|r| r.strip_suffix('>')) else {
        return false;
    };
    matches!(inner.trim(), "" | "/")
}

/// The inlines among `items`.
pub(super) fn inlines(items: Vec<Node>) -> Vec<Inline> {
    items
        .into_iter()
        .filter_map(|node| match node {
            Node::Inline(inline) => Some(inline),
            _ => None,
        })
        .collect()
}

/// The blocks among `items`; inlines that stand among them, as in a tight
/// list item, are gathered into [`Block::Plain`].
pub(super) fn blocks(items: Vec<Node>) -> Vec<Block> {
    let mut out: Vec<Block> = vec![];
    for node in items {
        match node {
            Node::Block(block) => out.push(block),
            Node::Inline(inline) => match out.last_mut() {
                Some(Block::Plain(run)) => run.push(inline),
                _ => out.push(Block::Plain(vec![inline])),
            },
            Node::Item(_) | Node::Cell(_) | Node::Row(_) => {}
        }
    }
    out
}

pub(super) fn cells(items: Vec<Node>) -> Vec<Cell> {
    items
        .into_iter()
        .filter_map(|node| match node {
            Node::Cell(cell) => Some(cell),
            _ => None,
        })
        .collect()
}

/// A table from its head and rows, in the order the parser gives them.
pub(super) fn table(align: Vec<Align>, items: Vec<Node>) -> Table {
    let mut rows = items.into_iter().filter_map(|node| match node {
        Node::Row(row) => Some(row),
        _ => None,
    });
    let head = rows.next().unwrap_or_default();
    Table {
        align,
        head,
        rows: rows.collect(),
    }
}

pub(super) fn quote(
    kind: Option<BlockQuoteKind>,
    titled: Option<(AlertKind, String)>,
    blocks: Vec<Block>,
) -> Block {
    let kind = match kind {
        None => match titled {
            Some((kind, title)) => return Block::Alert(kind, Some(title), blocks),
            None => return Block::Quote(blocks),
        },
        Some(BlockQuoteKind::Note) => AlertKind::Note,
        Some(BlockQuoteKind::Tip) => AlertKind::Tip,
        Some(BlockQuoteKind::Important) => AlertKind::Important,
        Some(BlockQuoteKind::Warning) => AlertKind::Warning,
        Some(BlockQuoteKind::Caution) => AlertKind::Caution,
    };
    Block::Alert(kind, None, blocks)
}

pub(super) fn align_of(align: &pulldown_cmark::Alignment) -> Align {
    match align {
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
        pulldown_cmark::Alignment::None | pulldown_cmark::Alignment::Left => Align::Left,
    }
}

/// The language of a fenced code block, if it is a plain name.
pub(super) fn code_lang(info: &str) -> Option<String> {
    let lang = info.split_whitespace().next()?;
    lang.chars()
        .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c))
        .then(|| lang.to_string())
}
