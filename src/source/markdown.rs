//! Markdown of the sources into the [document tree](crate::model::doc).
//!
//! Every rule about what answers may contain is checked here, once, with the
//! place in the sources: raw HTML, headings, links, images, footnotes, depth.
//! What is reported is left out of the tree.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, Event, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::doc::{AlertKind, Align, Block, Cell, Image, Inline, Link, List, Style, Text};
use crate::model::ids::EntryId;
use crate::source::limits::{MAX_NESTING, MAX_TEXT_FOOTNOTES, MAX_URL_BYTES, MAX_WORD_CHARS};
use crate::source::mapped::MappedText;
use alerts::Marker;

mod alerts;
mod destinations;
mod nodes;

use destinations::check_image;
pub use destinations::check_url;
use nodes::{blocks, cells, inlines, is_line_break, kind_of, quote, table};

/// Parses `source`; `root` is the sources folder (for images), `key` the
/// text's name in the FAQ (see [`Text::key`]).
pub fn parse(source: &MappedText, root: &Path, key: &str, diags: &mut Diagnostics) -> Text {
    let mut parser = TreeBuilder {
        source,
        root,
        diags,
        stack: vec![Frame::new(Kind::Root)],
        footnotes: BTreeMap::new(),
        note_refs: vec![],
        skip: None,
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM;
    for (event, range) in Parser::new_ext(&source.text, options).into_offset_iter() {
        parser.event(event, range);
    }
    parser.check_footnotes();
    let root = parser.stack.swap_remove(0);
    Text {
        key: key.to_string(),
        source: source.text.clone(),
        at: source.loc(0..0),
        blocks: blocks(root.items),
        footnotes: parser.footnotes,
    }
}

/// What a frame of the parser's stack is building.
enum Kind {
    Root,
    Paragraph,
    Styled(Style),
    Link {
        dest: String,
        range: Range<usize>,
        autolink: bool,
    },
    Image {
        dest: String,
        range: Range<usize>,
    },
    /// A block quote, or an alert: of the parser's (`[!NOTE]` alone on the
    /// first line) or with a title on the marker line.
    Quote {
        kind: Option<BlockQuoteKind>,
        titled: Option<(AlertKind, String)>,
    },
    List {
        start: Option<u64>,
        tight: bool,
    },
    Item,
    Code {
        lang: Option<String>,
    },
    Table {
        align: Vec<Align>,
    },
    TableHead,
    TableRow,
    TableCell,
    Footnote(String),
    /// Content that is reported and left out (raw HTML, headings).
    Dropped,
}

/// What a finished frame gives its parent.
enum Node {
    Block(Block),
    Inline(Inline),
    Item(Vec<Block>),
    Cell(Cell),
    Row(Vec<Cell>),
}

struct Frame {
    kind: Kind,
    items: Vec<Node>,
    /// Plain text seen inside (alt text of images, code block contents).
    text: String,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            items: vec![],
            text: String::new(),
        }
    }
}

struct TreeBuilder<'a> {
    source: &'a MappedText,
    root: &'a Path,
    diags: &'a mut Diagnostics,
    stack: Vec<Frame>,
    footnotes: BTreeMap<String, Vec<Block>>,
    /// Footnote references: name and where written.
    note_refs: Vec<(String, Range<usize>)>,
    /// The marker line of a titled alert: what the parser makes of it is
    /// left out, the title is the box's heading.
    skip: Option<Range<usize>>,
}

impl TreeBuilder<'_> {
    fn error(&mut self, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(Some(self.source.loc(range)), message).hint(hint));
    }

    fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the root frame is never popped")
    }

    fn push(&mut self, inline: Inline) {
        self.top().items.push(Node::Inline(inline));
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        if let Some(skip) = &self.skip {
            if range.start >= skip.end {
                self.skip = None;
            } else if range.start >= skip.start && range.end <= skip.end {
                return;
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                self.long_words(&text, range.clone());
                self.top().text.push_str(&text);
                if !matches!(self.top().kind, Kind::Code { .. }) {
                    self.push(Inline::Text(text.into_string()));
                    self.undefined_footnote(range);
                }
            }
            Event::Code(text) => {
                self.long_words(&text, range.clone());
                self.top().text.push_str(&text);
                self.push(Inline::Code(text.into_string()));
            }
            Event::SoftBreak => {
                self.top().text.push(' ');
                self.push(Inline::SoftBreak);
            }
            Event::HardBreak => self.push(Inline::LineBreak),
            Event::Rule => self.top().items.push(Node::Block(Block::Rule)),
            Event::InlineHtml(html) if is_line_break(&html) && self.in_table_cell() => {
                self.push(Inline::LineBreak)
            }
            Event::Html(_) | Event::InlineHtml(_) => self.error(
                range,
                "raw HTML is not allowed in answers",
                "write Markdown instead: **bold**, *italic*, [text](https://…); a line break is a backslash at the end of the line (in a table cell, `<br>`)",
            ),
            Event::FootnoteReference(name) => {
                self.note_refs.push((name.to_string(), range));
                self.push(Inline::FootnoteRef(name.into_string()));
            }
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::TaskListMarker(_) => {}
        }
    }

    /// Whether the text being read is in a table cell, where `<br>` is a
    /// line break (as on GitHub): a cell holds one line of Markdown.
    fn in_table_cell(&self) -> bool {
        self.stack.iter().any(|f| matches!(f.kind, Kind::TableCell))
    }

    /// Reports a `[^name]` that ends at `range` and came through as text:
    /// pulldown-cmark turns only references with a definition into
    /// footnote events, so without this check the brackets would be printed.
    fn undefined_footnote(&mut self, range: Range<usize>) {
        let source = &self.source.text;
        let Some(before) = source.get(..range.end).and_then(|s| s.strip_suffix(']')) else {
            return;
        };
        // The name has no spaces or brackets, so the search stops at the
        // nearest one and stays linear however many brackets the text has.
        let Some(open) = before.rfind(|c: char| c.is_whitespace() || "[]".contains(c)) else {
            return;
        };
        let Some(name) = before[open..].strip_prefix("[^") else {
            return;
        };
        if name.is_empty() || before[..open].ends_with('\\') {
            return;
        }
        self.error(
            open..range.end,
            format!("footnote `[^{name}]` has no text"),
            format!("add a line `[^{name}]: the note's text` below the answer, or write `\\[^{name}]` to show the brackets"),
        );
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        if self.too_deep(&tag, range.clone()) {
            self.stack.push(Frame::new(Kind::Dropped));
            return;
        }
        let kind = match tag {
            Tag::Paragraph => {
                // A paragraph in an item makes its list loose.
                if let Some(Frame {
                    kind: Kind::List { tight, .. },
                    ..
                }) = self.stack.iter_mut().rev().nth(1)
                {
                    *tight = false;
                }
                self.foreign_admonition(range.start);
                Kind::Paragraph
            }
            Tag::Heading { .. } => {
                self.error(range, "headings are not allowed in answers", "the question is the heading; use **bold** text, or a blank line before a `---` rule");
                Kind::Dropped
            }
            Tag::BlockQuote(None) => Kind::Quote {
                kind: None,
                titled: self.quote_marker(range.start),
            },
            other => kind_of(other, range),
        };
        self.stack.push(Frame::new(kind));
    }

    /// A titled alert whose quote starts at `start`, or a warning about an
    /// unknown marker there.
    fn quote_marker(&mut self, start: usize) -> Option<(AlertKind, String)> {
        match alerts::quote_marker(&self.source.text, start)? {
            Marker::Titled { kind, title, line } => {
                self.skip = Some(line);
                Some((kind, title))
            }
            Marker::Unknown { written, at } => {
                let hint = alerts::unknown_marker_hint(&written);
                self.diags.push(
                    Diagnostic::warning(
                        Some(self.source.loc(at)),
                        format!("unknown alert marker `{written}`: the quote is shown as written"),
                    )
                    .hint(hint),
                );
                None
            }
        }
    }

    /// Warns about a paragraph at `start` that opens an admonition of
    /// another tool, which faqpress would print as written.
    fn foreign_admonition(&mut self, start: usize) {
        let Some((kind, title)) = alerts::foreign_admonition(&self.source.text, start) else {
            return;
        };
        let text = &self.source.text[start..];
        let len = text.find('\n').unwrap_or(text.len());
        let line = text[..len].trim_end();
        self.diags.push(
            Diagnostic::warning(
                Some(self.source.loc(start..start + line.len())),
                format!("`{line}` is not a box in faqpress: it is shown as written"),
            )
            .hint(alerts::admonition_hint(kind, &title)),
        );
    }

    /// Whether `tag` would nest too deep; reported once, where it starts
    /// (what is inside is dropped). Lists and quotes count as levels (Typst
    /// gives up on about 30 nested quotes); all frames together bound inline
    /// nesting too.
    fn too_deep(&mut self, tag: &Tag, range: Range<usize>) -> bool {
        let levels = self
            .stack
            .iter()
            .filter(|f| matches!(f.kind, Kind::Quote { .. } | Kind::List { .. }))
            .count();
        let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_));
        if self.stack.len() <= MAX_NESTING * 3 && !(container && levels >= MAX_NESTING) {
            return false;
        }
        if !matches!(self.top().kind, Kind::Dropped) {
            self.error(
                range,
                format!("Markdown nested more than {MAX_NESTING} levels deep"),
                "flatten the lists or quotes",
            );
        }
        true
    }

    fn end(&mut self, _tag: TagEnd) {
        // The root frame stays: an unbalanced end cannot pop it.
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let text = frame.text;
        let items = frame.items;
        let node = match frame.kind {
            Kind::Root | Kind::Dropped => None,
            Kind::Paragraph => Some(Node::Block(Block::Paragraph(inlines(items)))),
            Kind::Styled(style) => Some(Node::Inline(Inline::Styled(style, inlines(items)))),
            Kind::Link {
                dest,
                range,
                autolink,
            } => self
                .link(dest, range, autolink, inlines(items))
                .map(Node::Inline),
            Kind::Image { dest, range } => self.image(dest, range, &text).map(Node::Inline),
            Kind::Quote { kind, titled } => Some(Node::Block(quote(kind, titled, blocks(items)))),
            Kind::List { start, tight } => Some(Node::Block(Block::List(List {
                start,
                tight,
                items: items
                    .into_iter()
                    .filter_map(|node| match node {
                        Node::Item(blocks) => Some(blocks),
                        _ => None,
                    })
                    .collect(),
            }))),
            Kind::Item => Some(Node::Item(blocks(items))),
            Kind::Code { lang } => Some(Node::Block(Block::Code {
                lang,
                text: text.clone(),
            })),
            Kind::Table { align } => Some(Node::Block(Block::Table(table(align, items)))),
            Kind::TableHead | Kind::TableRow => Some(Node::Row(cells(items))),
            Kind::TableCell => Some(Node::Cell(inlines(items))),
            Kind::Footnote(name) => {
                self.footnotes.insert(name, blocks(items));
                None
            }
        };
        if let Some(parent) = self.stack.last_mut() {
            parent.text.push_str(&text);
            if let Some(node) = node {
                parent.items.push(node);
            }
        }
    }

    fn link(
        &mut self,
        dest: String,
        range: Range<usize>,
        autolink: bool,
        text: Vec<Inline>,
    ) -> Option<Inline> {
        let at = self.source.loc(range.clone());
        if let Some(id) = dest.strip_prefix('#') {
            if id.is_empty() {
                self.error(
                    range,
                    "link without a target",
                    "write the target: [text](https://…), [text](mailto:…) or [](#question-id)",
                );
                return None;
            }
            let id = EntryId::new(id);
            return Some(Inline::Ref { id, text, at });
        }
        if dest.len() > MAX_URL_BYTES {
            self.error(
                range,
                format!(
                    "a link address of {} bytes; addresses may have at most {MAX_URL_BYTES}",
                    dest.len()
                ),
                "link to a shorter address, for example a page of your own site that forwards to it",
            );
            return None;
        }
        if let Err(hint) = check_url(&dest) {
            let message = if dest.trim().is_empty() {
                "link without a target".to_string()
            } else {
                format!("malformed link target `{dest}`")
            };
            self.error(range, message, hint);
            return None;
        }
        Some(Inline::Link(Link {
            url: dest,
            autolink,
            text,
            at,
        }))
    }

    fn image(&mut self, dest: String, range: Range<usize>, alt: &str) -> Option<Inline> {
        if alt.trim().is_empty() {
            self.error(
                range.clone(),
                "image without alt text",
                "describe the image for screen readers: ![what it shows](images/x.png)",
            );
        }
        let (path, pixels) = match check_image(self.root, &dest) {
            Ok(checked) => checked,
            Err((message, hint)) => {
                self.error(range, message, hint);
                return None;
            }
        };
        Some(Inline::Image(Image {
            path,
            alt: alt.trim().to_string(),
            pixels,
            at: self.source.loc(range),
        }))
    }

    /// Reports a word longer than [`MAX_WORD_CHARS`] in `text`, which is
    /// written at `range`.
    fn long_words(&mut self, text: &str, range: Range<usize>) {
        let mut start = 0;
        for run in text.split(char::is_whitespace) {
            let chars = run.chars().count();
            if chars > MAX_WORD_CHARS {
                // Where the word starts, if the text is written as it is.
                let written = self.source.text.get(range.clone()) == Some(text);
                let at = if written {
                    range.start + start..range.start + start + 1
                } else {
                    range.clone()
                };
                self.error(
                    at,
                    format!("a word of {chars} characters without a space; words may have at most {MAX_WORD_CHARS}"),
                    "a pasted hash or data block belongs in a file the answer links to; or break it with spaces",
                );
                return;
            }
            start += run.len()
                + text[start + run.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
        }
    }

    /// Reports references to footnotes that have no text, and footnotes
    /// past the limit of one text.
    fn check_footnotes(&mut self) {
        if self.footnotes.len() > MAX_TEXT_FOOTNOTES
            && let Some((_, range)) = self.note_refs.get(MAX_TEXT_FOOTNOTES).cloned()
        {
            self.error(
                range,
                format!(
                    "this text has {} footnotes; a text may have at most {MAX_TEXT_FOOTNOTES}",
                    self.footnotes.len()
                ),
                "write the notes into the text, or split it into several questions",
            );
        }
        let refs = std::mem::take(&mut self.note_refs);
        for (name, range) in refs {
            if !self.footnotes.contains_key(&name) {
                self.error(
                    range,
                    format!("footnote `[^{name}]` has no text"),
                    format!("add a line `[^{name}]: the note's text` below the answer"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
