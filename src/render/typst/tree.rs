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
    "faq-image",
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
    "parbreak",
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
    let mut writer = Writer { notes: vec![] };
    let code = block(&writer.blocks(&text.blocks));
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
}

impl<'a> Writer<'a> {
    fn blocks(&mut self, blocks: &'a [Block]) -> Vec<String> {
        let mut items = vec![];
        for b in blocks {
            match b {
                // Inlines among blocks stand beside them as items.
                Block::Plain(inlines) => self.inlines_into(inlines, &mut items, None),
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
            Block::Code {
                lang: Some(lang),
                text,
            } => {
                format!(
                    "raw(block: true, lang: {}, {})",
                    str_lit(lang),
                    str_lit(text)
                )
            }
            Block::Code { lang: None, text } => format!("raw(block: true, {})", str_lit(text)),
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
        let mut parts = vec![format!("table.header({})", row(&table.head))];
        parts.extend(table.rows.iter().map(|r| row(r)));
        format!(
            "table(columns: {}, align: ({},), {})",
            align.len().max(1),
            align.join(", "),
            parts.join(", ")
        )
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
                    format!("faq-ref({target}, {})", block(&self.inlines(text, None)))
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

    fn link(&mut self, link: &'a Link) -> String {
        if link.autolink || link.text.is_empty() {
            format!("link({})", str_lit(&link.url))
        } else {
            format!(
                "link({}, {})",
                str_lit(&link.url),
                block(&self.inlines(&link.text, None))
            )
        }
    }
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

fn style_name(style: Style) -> &'static str {
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
