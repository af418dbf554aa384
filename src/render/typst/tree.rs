//! The document tree as Typst code.
//!
//! Each text becomes one Typst code block (`{ … }`) built only from function
//! calls and string literals made by [`str_lit`]: the user's text never becomes
//! markup, so it can never run. The calls are standard Typst elements plus a
//! few `faq-…` functions that the generated document defines (cross-references,
//! note boxes, images), so that a layout can restyle them.

use std::collections::BTreeMap;

use crate::model::doc::{Align, Block, Image, Inline, Link, List, Style, Table, Text};
use crate::render::typst::escape::str_lit;

/// Every name the generated text code calls or passes: Typst elements,
/// their named arguments and the `faq-…` functions of the generated document.
/// Anything else in it would be source text that escaped its string literal;
/// the unit tests and the fuzz targets check that against this list.
pub const CODE_NAMES: &[&str] = &[
    "align",
    "alt",
    "block",
    "center",
    "columns",
    "emph",
    "enum",
    "faq-alert",
    "faq-code",
    "faq-headless",
    "faq-image",
    "faq-lead",
    "faq-link",
    "faq-ref",
    "faq-rule",
    "footnote",
    "header",
    "label",
    "lang",
    "left",
    "linebreak",
    "link",
    "list",
    "note",
    "parbreak",
    "plain",
    "quote",
    "raw",
    "right",
    "start",
    "strike",
    "strong",
    "sub",
    "super",
    "table",
    "tight",
    "title",
];

/// A Typst code expression producing the text's content.
pub fn text_code(text: &Text) -> String {
    let mut writer = Writer {
        notes: vec![],
        in_note: false,
    };
    let code = block(&writer.answer(&text.blocks));
    writer.in_note = true;
    let notes = text
        .footnotes
        .iter()
        .map(|(name, blocks)| (name.as_str(), block(&writer.blocks(blocks))))
        .collect();
    let mut footnotes = Footnotes {
        marks: &writer.notes,
        notes,
        key: &text.key,
        first_use: BTreeMap::new(),
    };
    footnotes.place(code)
}

/// Turns the tree into code items, with footnote marks as placeholders
/// (`\0fn:N\0`, N an index into `notes`): a mark's code depends on whether
/// the note was used before, which only the finished order tells
/// ([`Footnotes`]).
struct Writer<'a> {
    /// The note name of each placeholder.
    notes: Vec<&'a str>,
    /// Writing a footnote's text, where a link cannot get a footnote.
    in_note: bool,
}

/// An answer's first paragraph up to this length (about two lines) stays on
/// the page of what follows it, so that a question's heading is never
/// followed by a single line at a page's foot.
const SHORT_LEAD: usize = 160;

impl<'a> Writer<'a> {
    /// A text's blocks; a short first paragraph leads into the next block.
    fn answer(&mut self, blocks: &'a [Block]) -> Vec<String> {
        match blocks {
            [Block::Paragraph(inlines), second, ..]
                if !matches!(second, Block::Plain(_)) && plain_len(inlines) <= SHORT_LEAD =>
            {
                let mut items = vec![format!("faq-lead({})", block(&self.inlines(inlines, None)))];
                items.extend(self.blocks(&blocks[1..]));
                items
            }
            _ => self.blocks(blocks),
        }
    }

    fn blocks(&mut self, blocks: &'a [Block]) -> Vec<String> {
        let mut items = vec![];
        for (i, b) in blocks.iter().enumerate() {
            match b {
                // Inlines among blocks stand beside them as items.
                Block::Plain(inlines) => self.inlines_into(inlines, &mut items, None),
                Block::Paragraph(inlines) if leads_into(inlines, blocks.get(i + 1)) => {
                    items.push(format!("faq-lead({})", block(&self.inlines(inlines, None))));
                }
                other => items.push(self.block(other)),
            }
        }
        items
    }

    fn block(&mut self, b: &'a Block) -> String {
        match b {
            Block::Paragraph(inlines) => {
                format!("{}\nparbreak()", block(&self.inlines(inlines, None)))
            }
            Block::Plain(inlines) => block(&self.inlines(inlines, None)),
            Block::List(list) => self.list(list),
            Block::Quote(blocks) => format!("quote(block: true, {})", block(&self.blocks(blocks))),
            Block::Alert(kind, None, blocks) => format!(
                "faq-alert({}, {})",
                str_lit(kind.key()),
                block(&self.blocks(blocks))
            ),
            Block::Alert(kind, Some(title), blocks) => format!(
                "faq-alert({}, title: {}, {})",
                str_lit(kind.key()),
                str_lit(title),
                block(&self.blocks(blocks))
            ),
            Block::Code { lang, text } => {
                let lang = lang.as_deref().map_or_else(|| "none".into(), str_lit);
                format!("faq-code({lang}, {})", str_lit(text))
            }
            Block::Table(table) => self.table(table),
            Block::Rule => "faq-rule()".into(),
        }
    }

    fn list(&mut self, list: &'a List) -> String {
        let items: Vec<String> = list
            .items
            .iter()
            .map(|item| block(&self.blocks(item)))
            .collect();
        let (items, tight) = (items.join(", "), list.tight);
        match list.start {
            Some(start) => format!("enum(tight: {tight}, start: {start}, {items})"),
            None => format!("list(tight: {tight}, {items})"),
        }
    }

    fn table(&mut self, table: &'a Table) -> String {
        let align: Vec<&str> = table.align.iter().map(|a| align_name(*a)).collect();
        let mut row = |cells: &'a [Vec<Inline>]| -> String {
            let cells: Vec<String> = cells
                .iter()
                .map(|c| block(&self.inlines(c, None)))
                .collect();
            cells.join(", ")
        };
        let headless = table.head.iter().all(|cell| is_blank(cell));
        let mut parts = vec![];
        if !headless {
            parts.push(format!("table.header({})", row(&table.head)));
        }
        parts.extend(table.rows.iter().map(|r| row(r)));
        let code = format!(
            "table(columns: {}, align: ({},), {})",
            align.len().max(1),
            align.join(", "),
            parts.join(", ")
        );
        if headless {
            format!("faq-headless({code})")
        } else {
            code
        }
    }

    /// The items of a run of inlines; `before` is the item that precedes
    /// the run when it opens a styled span (see [`Writer::text`]).
    fn inlines(&mut self, inlines: &'a [Inline], before: Option<&str>) -> Vec<String> {
        let mut items = vec![];
        self.inlines_into(inlines, &mut items, before);
        items
    }

    fn inlines_into(
        &mut self,
        inlines: &'a [Inline],
        items: &mut Vec<String>,
        before: Option<&str>,
    ) {
        for inline in inlines {
            let previous = items.last().map(String::as_str).or(before);
            let glued = matches!(inline, Inline::Text(text) if glued_to_link(previous, text));
            // A styled span's first word follows what precedes the span.
            let previous = match inline {
                Inline::Styled(..) => previous.map(str::to_string),
                _ => None,
            };
            if glued {
                items.push(str_lit("\u{2060}"));
            }
            let code = self.inline(inline, previous.as_deref());
            items.push(code);
        }
    }

    /// One inline's code; `before` is the item that precedes a styled span.
    fn inline(&mut self, inline: &'a Inline, before: Option<&str>) -> String {
        match inline {
            Inline::Text(text) => str_lit(text),
            Inline::SoftBreak => "\" \"".into(),
            Inline::LineBreak => "linebreak()".into(),
            Inline::Code(code) => format!("raw({})", str_lit(code)),
            Inline::Styled(style, inner) => {
                let inner = self.inlines(inner, before);
                format!("{}({})", style_name(*style), block(&inner))
            }
            Inline::Link(link) => self.link(link),
            Inline::Ref { id, text, .. } => {
                let target = str_lit(id.as_str());
                if text.is_empty() {
                    format!("faq-ref({target})")
                } else {
                    let plain = str_lit(&plain_text(text));
                    let body = block(&self.inlines(text, None));
                    format!("faq-ref({target}, plain: {plain}, {body})")
                }
            }
            Inline::Image(Image { path, alt, .. }) => format!(
                "faq-image({}, alt: {})",
                str_lit(&format!("/{path}")),
                str_lit(alt)
            ),
            Inline::FootnoteRef(name) => {
                self.notes.push(name);
                format!("\u{0}fn:{}\u{0}", self.notes.len() - 1)
            }
        }
    }

    /// A link shows its address cut where it may break; a text of its own
    /// comes with the address for a printed copy.
    fn link(&mut self, link: &'a Link) -> String {
        let address = link
            .url
            .strip_prefix("mailto:")
            .or_else(|| link.url.strip_prefix("tel:"))
            .unwrap_or(&link.url);
        let text = plain_text(&link.text);
        // A text that is the address without its scheme
        // ("www.example.com/x" for https://www.example.com/x) is shown as
        // that address: cut where an address may break, with no copy of it.
        let bare = address.split_once("://").map_or(address, |(_, rest)| rest);
        let is_address = link.text.is_empty()
            || [address, bare, link.url.as_str()].contains(&text.as_str())
            || text.trim_end_matches('/') == bare.trim_end_matches('/');
        let shown = if is_address && !link.text.is_empty() {
            text.as_str()
        } else {
            address
        };
        let pieces: Vec<String> = address_pieces(shown).iter().map(|p| str_lit(p)).collect();
        let call = format!("faq-link({}, ({},)", str_lit(&link.url), pieces.join(", "));
        if link.autolink || is_address {
            format!("{call})")
        } else {
            let note = if self.in_note { ", note: true" } else { "" };
            format!("{call}{note}, {})", block(&self.inlines(&link.text, None)))
        }
    }
}

/// The longest run of an address without a place to break: longer runs (a
/// hash, a token) break between characters, still without a hyphen.
const ADDRESS_RUN: usize = 24;

/// An address cut after each `/ . @ - ? &` (a run of them stays together,
/// as in `https://`), where a line may break without a hyphen.
pub(crate) fn address_pieces(address: &str) -> Vec<String> {
    let is_break = |c: char| matches!(c, '/' | '.' | '@' | '-' | '?' | '&');
    let mut pieces = vec![];
    let mut piece = String::new();
    let mut chars = address.chars().peekable();
    while let Some(c) = chars.next() {
        piece.push(c);
        let at_break = is_break(c) && !chars.peek().is_some_and(|&n| is_break(n));
        if at_break || piece.chars().count() >= ADDRESS_RUN {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// The text of inlines without their formatting, as a reader sees it.
fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            Inline::Styled(_, inner) => out.push_str(&plain_text(inner)),
            Inline::Link(link) => out.push_str(&plain_text(&link.text)),
            Inline::Ref { text, .. } => out.push_str(&plain_text(text)),
            Inline::Image(_) | Inline::FootnoteRef(_) => {}
        }
    }
    out
}

/// Inlines that show nothing: an empty table cell.
fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Text(text) => text.trim().is_empty(),
        Inline::SoftBreak => true,
        _ => false,
    })
}

fn plain_len(inlines: &[Inline]) -> usize {
    plain_text(inlines).trim().chars().count()
}

/// A paragraph that introduces the block after it: it ends with a colon, or
/// it is only bold text (a heading within an answer).
fn leads_into(inlines: &[Inline], next: Option<&Block>) -> bool {
    let introduces = matches!(
        next,
        Some(
            Block::List(_)
                | Block::Code { .. }
                | Block::Table(_)
                | Block::Quote(_)
                | Block::Alert(..)
        )
    );
    let colon = plain_text(inlines).trim_end().ends_with(':');
    let bold = matches!(inlines, [Inline::Styled(Style::Strong, _)]);
    introduces && (colon || bold)
}

/// A word glued to a link (`[mail](…)ben`): Typst 0.15 fails ("expected link
/// ancestor") when it hyphenates at the link's end. A word joiner keeps the
/// word whole.
fn glued_to_link(previous: Option<&str>, text: &str) -> bool {
    let after_link =
        previous.is_some_and(|item| item.contains("link(") || item.contains("faq-ref("));
    after_link && text.starts_with(char::is_alphanumeric)
}

/// Puts the footnotes in place of their marks, in the order the marks
/// appear, a note's own marks right after its mark: the first mark of a note
/// brings its text, later ones refer to it by label. Each text is put in
/// once, so this ends, and each piece of code is read once; notes that mark
/// notes nest on a stack of their own, not on the call stack.
struct Footnotes<'a> {
    /// The note name of each placeholder.
    marks: &'a [&'a str],
    /// Each note's code, by name, until its first mark takes it.
    notes: BTreeMap<&'a str, String>,
    key: &'a str,
    /// The label number of each note used so far.
    first_use: BTreeMap<&'a str, usize>,
}

/// Code being read: where, and what closes it once read.
struct Open {
    code: String,
    pos: usize,
    close: String,
}

const MARK: &str = "\u{0}fn:";

impl Footnotes<'_> {
    fn place(&mut self, code: String) -> String {
        let mut out = String::with_capacity(code.len());
        let mut stack = vec![Open {
            code,
            pos: 0,
            close: String::new(),
        }];
        while let Some(open) = stack.last_mut() {
            let rest = &open.code[open.pos..];
            let mark = rest.find(MARK).and_then(|start| {
                let after = start + MARK.len();
                let len = rest[after..].find('\u{0}')?;
                Some((start, after, len))
            });
            let Some((start, after, len)) = mark else {
                out.push_str(rest);
                out.push_str(&open.close);
                stack.pop();
                continue;
            };
            out.push_str(&rest[..start]);
            let name = rest[after..after + len]
                .parse::<usize>()
                .ok()
                .and_then(|m| self.marks.get(m).copied());
            open.pos += after + len + 1;
            if let Some(note) = name.and_then(|name| self.note(name, &mut out)) {
                stack.push(note);
            }
        }
        out
    }

    /// Writes a mark of note `name`: a reference to its label, or the start of
    /// its first use, whose text is returned to be read next.
    fn note(&mut self, name: &'_ str, out: &mut String) -> Option<Open> {
        if let Some(first) = self.first_use.get(name) {
            let label = format!("fn-{}-{first}", self.key);
            out.push_str(&format!("footnote(label({}))", str_lit(&label)));
            return None;
        }
        let (name, code) = self.notes.remove_entry(name)?;
        let number = self.first_use.len();
        self.first_use.insert(name, number);
        out.push_str("[#footnote(");
        Some(Open {
            code,
            pos: 0,
            close: format!(")<fn-{}-{number}>]", self.key),
        })
    }
}

/// A code block joining the items: `{ a; b; c }`.
fn block(items: &[String]) -> String {
    match items {
        [] => "[]".into(),
        [one] if !one.contains('\n') => one.clone(),
        _ => format!("{{\n{}\n}}", items.join("\n")),
    }
}

/// The Typst function of an inline style.
pub fn style_name(style: Style) -> &'static str {
    match style {
        Style::Emphasis => "emph",
        Style::Strong => "strong",
        Style::Strikethrough => "strike",
        Style::Superscript => "super",
        Style::Subscript => "sub",
    }
}

fn align_name(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}
