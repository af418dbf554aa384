//! The document tree as HTML.
//!
//! Every element and attribute name here is a literal of this module; text
//! from the sources enters only through [`escape`], as content or as a quoted
//! attribute value, so none of it can become markup. Footnotes are numbered
//! through the whole page and listed at the end of the text that marks them.

use std::collections::BTreeMap;
use std::fmt::Write;

use base64::Engine;

use crate::model::doc::{Align, Block, Image, Inline, Link, List, Style, Table, Text};
use crate::model::labels::{Label, Labels};
use crate::render::html::escape::{attr, push_text};

/// What a text needs from the page around it.
pub struct Page<'a> {
    pub labels: &'a Labels,
    /// A question's number in this release, by id (without numbers, its
    /// name); `None` when absent.
    pub number_of: &'a dyn Fn(&str) -> Option<String>,
    /// Whether questions go without numbers (`numbering = "none"`): a link
    /// without text then reads the question's name.
    pub unnumbered: bool,
    /// The bytes of every image the release shows, by path in the sources.
    pub images: &'a BTreeMap<String, Vec<u8>>,
    /// Footnotes numbered so far on the page.
    pub footnotes: usize,
}

/// The id of footnote `n` and of its first mark. Entry ids are slugs
/// (`[a-z0-9-]`), so an id with `_` never meets a question's anchor.
pub fn footnote_id(n: usize) -> String {
    format!("faq_fn{n}")
}

fn footnote_ref_id(n: usize) -> String {
    format!("faq_fnref{n}")
}

/// The text as HTML, its footnotes after it.
pub fn text_html(text: &Text, page: &mut Page) -> String {
    let mut writer = Writer {
        page,
        text,
        numbered: BTreeMap::new(),
        queue: vec![],
    };
    let mut out = String::new();
    writer.blocks(&text.blocks, &mut out);
    writer.footnotes(&mut out);
    out
}

struct Writer<'p, 'a, 't> {
    page: &'p mut Page<'a>,
    text: &'t Text,
    /// The page-wide number of every footnote marked so far in this text.
    numbered: BTreeMap<&'t str, usize>,
    /// Footnotes marked but not yet written, in the order of their marks.
    queue: Vec<&'t str>,
}

impl<'t> Writer<'_, '_, 't> {
    fn blocks(&mut self, blocks: &'t [Block], out: &mut String) {
        for b in blocks {
            self.block(b, out);
        }
    }

    fn block(&mut self, b: &'t Block, out: &mut String) {
        match b {
            Block::Paragraph(inlines) => {
                out.push_str("<p>");
                self.inlines(inlines, out);
                out.push_str("</p>\n");
            }
            Block::Plain(inlines) => self.inlines(inlines, out),
            Block::List(list) => self.list(list, out),
            Block::Quote(blocks) => {
                out.push_str("<blockquote>\n");
                self.blocks(blocks, out);
                out.push_str("</blockquote>\n");
            }
            Block::Alert(kind, title, blocks) => {
                let _ = write!(
                    out,
                    "<div class=\"alert alert-{}\" role=\"note\">\n<p class=\"alert-title\">",
                    kind.key()
                );
                // A box's own title, else the label of its kind.
                let label = self.page.labels.get(alert_label(kind.key()));
                push_text(out, title.as_deref().unwrap_or(label));
                out.push_str("</p>\n");
                self.blocks(blocks, out);
                out.push_str("</div>\n");
            }
            Block::Code { lang, text } => {
                out.push_str("<pre><code");
                if let Some(lang) = lang {
                    let _ = write!(out, " class=\"language-{}\"", attr(lang));
                }
                out.push('>');
                push_text(out, text);
                out.push_str("</code></pre>\n");
            }
            Block::Table(table) => self.table(table, out),
            Block::Rule => out.push_str("<hr>\n"),
        }
    }

    fn list(&mut self, list: &'t List, out: &mut String) {
        let tag = match list.start {
            Some(1) | None => {
                let tag = if list.start.is_some() { "ol" } else { "ul" };
                let _ = writeln!(out, "<{tag}>");
                tag
            }
            Some(start) => {
                let _ = writeln!(out, "<ol start=\"{start}\">");
                "ol"
            }
        };
        for item in &list.items {
            out.push_str("<li>");
            self.blocks(item, out);
            out.push_str("</li>\n");
        }
        let _ = writeln!(out, "</{tag}>");
    }

    fn table(&mut self, table: &'t Table, out: &mut String) {
        out.push_str("<table>\n<thead>\n<tr>");
        for (i, cell) in table.head.iter().enumerate() {
            let _ = write!(out, "<th scope=\"col\"{}>", align_class(table, i));
            self.inlines(cell, out);
            out.push_str("</th>");
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let _ = write!(out, "<td{}>", align_class(table, i));
                self.inlines(cell, out);
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    fn inlines(&mut self, inlines: &'t [Inline], out: &mut String) {
        for inline in inlines {
            self.inline(inline, out);
        }
    }

    fn inline(&mut self, inline: &'t Inline, out: &mut String) {
        match inline {
            Inline::Text(text) => push_text(out, text),
            Inline::SoftBreak => out.push('\n'),
            Inline::LineBreak => out.push_str("<br>\n"),
            Inline::Code(code) => {
                out.push_str("<code>");
                push_text(out, code);
                out.push_str("</code>");
            }
            Inline::Styled(style, inner) => {
                let tag = style_tag(*style);
                let _ = write!(out, "<{tag}>");
                self.inlines(inner, out);
                let _ = write!(out, "</{tag}>");
            }
            Inline::Link(link) => self.link(link, out),
            Inline::Ref { id, text, .. } => {
                let number = (self.page.number_of)(id.as_str());
                if number.is_some() {
                    let _ = write!(out, "<a href=\"#{}\">", attr(id.as_str()));
                }
                match (&number, text.is_empty()) {
                    (_, false) => self.inlines(text, out),
                    (Some(name), true) if self.page.unnumbered => push_text(out, name),
                    (Some(n), true) => {
                        let label = self.page.labels.get(Label::QuestionRef);
                        push_text(out, &label.replace("{n}", n));
                    }
                    (None, true) => push_text(out, id.as_str()),
                }
                if number.is_some() {
                    out.push_str("</a>");
                }
            }
            Inline::Image(image) => self.image(image, out),
            Inline::FootnoteRef(name) => self.mark(name, out),
        }
    }

    fn link(&mut self, link: &'t Link, out: &mut String) {
        let _ = write!(out, "<a href=\"{}\">", attr(&link.url));
        if link.autolink || link.text.is_empty() {
            push_text(out, link.url.strip_prefix("mailto:").unwrap_or(&link.url));
        } else {
            self.inlines(&link.text, out);
        }
        out.push_str("</a>");
    }

    fn image(&mut self, image: &Image, out: &mut String) {
        let Some(bytes) = self.page.images.get(&image.path) else {
            // The sources' checks found every image; without its bytes the
            // reader still gets its description.
            push_text(out, &image.alt);
            return;
        };
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let _ = write!(
            out,
            "<img src=\"data:{};base64,{data}\" alt=\"{}\">",
            mime(&image.path, bytes),
            attr(&image.alt)
        );
    }

    /// A footnote mark: the note's page-wide number, linking to the note.
    fn mark(&mut self, name: &'t str, out: &mut String) {
        if !self.text.footnotes.contains_key(name) {
            return;
        }
        let (n, first) = match self.numbered.get(name) {
            Some(&n) => (n, false),
            None => {
                self.page.footnotes += 1;
                let n = self.page.footnotes;
                self.numbered.insert(name, n);
                self.queue.push(name);
                (n, true)
            }
        };
        out.push_str("<sup class=\"fn\"><a href=\"#");
        out.push_str(&footnote_id(n));
        if first {
            let _ = write!(out, "\" id=\"{}", footnote_ref_id(n));
        }
        let _ = write!(out, "\">{n}</a></sup>");
    }

    /// The notes marked in the text, in the order of their first marks; a
    /// note's own marks queue the notes they name.
    fn footnotes(&mut self, out: &mut String) {
        if self.queue.is_empty() {
            return;
        }
        let first = self.numbered[self.queue[0]];
        let _ = writeln!(out, "<ol class=\"footnotes\" start=\"{first}\">");
        let mut next = 0;
        while let Some(&name) = self.queue.get(next) {
            next += 1;
            let n = self.numbered[name];
            let _ = write!(out, "<li id=\"{}\">", footnote_id(n));
            if let Some(blocks) = self.text.footnotes.get(name) {
                self.blocks(blocks, out);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
}

fn alert_label(key: &str) -> Label {
    Label::parse(key).unwrap_or(Label::Note)
}

fn align_class(table: &Table, column: usize) -> &'static str {
    match table.align.get(column) {
        Some(Align::Center) => " class=\"center\"",
        Some(Align::Right) => " class=\"right\"",
        _ => "",
    }
}

fn style_tag(style: Style) -> &'static str {
    match style {
        Style::Emphasis => "em",
        Style::Strong => "strong",
        Style::Strikethrough => "s",
        Style::Superscript => "sup",
        Style::Subscript => "sub",
    }
}

/// The media type of an image: by its first bytes, as Typst decides, else
/// by its extension (SVG is text).
fn mime(path: &str, bytes: &[u8]) -> &'static str {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xff, 0xd8, ..] => "image/jpeg",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => "image/webp",
        _ if path.to_ascii_lowercase().ends_with(".svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
