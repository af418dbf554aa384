//! Markdown answers to Typst code.
//!
//! Each answer becomes one Typst code block (`{ … }`) built only from function
//! calls and string literals made by [`str_lit`]: the user's text never becomes
//! markup, so it can never run. The calls are standard Typst elements plus a
//! few `faq-…` functions that the generated document defines (cross-references,
//! note boxes, images), so that a layout can restyle them.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diag::{Diagnostic, Diagnostics};
use crate::escape::str_lit;
use crate::load::fields::Loc;
use crate::text::MappedText;

/// How deep lists and block quotes may nest.
pub const MAX_NESTING: usize = 24;

/// An answer (or intro, closing) converted to Typst.
#[derive(Debug, Clone, PartialEq)]
pub struct Markdown {
    pub source: MappedText,
    /// A Typst code expression producing the content.
    pub typst: String,
    /// Links to other questions: the entry id and where the link is written.
    pub links: Vec<(String, Loc)>,
    /// Images used, as paths relative to the sources folder.
    pub images: Vec<String>,
}

/// Every name the generated answer code calls or passes: Typst elements,
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
];

/// Converts `source`; `root` is the sources folder (for images), `key` a
/// unique name used for footnote labels.
pub fn convert(source: MappedText, root: &Path, key: &str, diags: &mut Diagnostics) -> Markdown {
    let mut conv = Converter {
        source: &source,
        root,
        key,
        diags,
        stack: vec![Frame::new(Kind::Root)],
        links: vec![],
        images: vec![],
        notes: BTreeMap::new(),
        note_refs: vec![],
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM;
    for (event, range) in Parser::new_ext(&source.text, options).into_offset_iter() {
        conv.event(event, range);
    }
    let typst = conv.finish();
    let (links, images) = (conv.links, conv.images);
    Markdown {
        source,
        typst,
        links,
        images,
    }
}

enum Kind {
    Root,
    Paragraph,
    Inline(&'static str),
    Link {
        dest: String,
        range: Range<usize>,
        autolink: bool,
    },
    Image {
        dest: String,
        range: Range<usize>,
    },
    Quote(Option<BlockQuoteKind>),
    List {
        start: Option<u64>,
        tight: bool,
    },
    Item,
    Code {
        lang: Option<String>,
    },
    Table {
        align: Vec<&'static str>,
    },
    TableHead,
    TableRow,
    TableCell,
    Footnote(String),
    /// Content that is reported and dropped (raw HTML, headings).
    Dropped,
}

struct Frame {
    kind: Kind,
    items: Vec<String>,
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

struct Converter<'a> {
    source: &'a MappedText,
    root: &'a Path,
    key: &'a str,
    diags: &'a mut Diagnostics,
    stack: Vec<Frame>,
    links: Vec<(String, Loc)>,
    images: Vec<String>,
    /// Footnote definitions by name.
    notes: BTreeMap<String, String>,
    /// Footnote references: name and where written.
    note_refs: Vec<(String, Range<usize>)>,
}

impl Converter<'_> {
    fn error(&mut self, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(Some(self.source.loc(range)), message).hint(hint));
    }

    fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the root frame is never popped")
    }

    fn emit(&mut self, code: String) {
        self.top().items.push(code);
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                self.top().text.push_str(&text);
                if !matches!(self.top().kind, Kind::Code { .. }) {
                    // A word glued to a link (`[mail](…)ben`): Typst 0.15
                    // fails ("expected link ancestor") when it hyphenates at
                    // the link's end. A word joiner keeps the word whole.
                    let previous = self
                        .stack
                        .iter()
                        .rev()
                        .find(|f| !f.items.is_empty() || !matches!(f.kind, Kind::Inline(_)))
                        .and_then(|f| f.items.last());
                    let after_link = previous
                        .is_some_and(|item| item.contains("link(") || item.contains("faq-ref("));
                    if after_link && text.starts_with(char::is_alphanumeric) {
                        self.emit(str_lit("\u{2060}"));
                    }
                    self.emit(str_lit(&text));
                    self.undefined_footnote(range);
                }
            }
            Event::Code(text) => {
                self.top().text.push_str(&text);
                self.emit(format!("raw({})", str_lit(&text)));
            }
            Event::SoftBreak => {
                self.top().text.push(' ');
                self.emit("\" \"".into());
            }
            Event::HardBreak => self.emit("linebreak()".into()),
            Event::Rule => self.emit("faq-rule()".into()),
            Event::Html(_) | Event::InlineHtml(_) => self.error(
                range,
                "raw HTML is not allowed in answers",
                "write Markdown instead: **bold**, *italic*, [text](https://…); a line break is a backslash at the end of the line",
            ),
            Event::FootnoteReference(name) => {
                self.note_refs.push((name.to_string(), range));
                self.emit(format!("\u{0}fn:{}\u{0}", self.note_refs.len() - 1));
            }
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::TaskListMarker(_) => {}
        }
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
        // Lists and quotes count as levels (Typst gives up on about 30 nested
        // quotes); all frames together bound inline nesting too.
        let levels = self
            .stack
            .iter()
            .filter(|f| matches!(f.kind, Kind::Quote(_) | Kind::List { .. }))
            .count();
        let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_));
        if self.stack.len() > MAX_NESTING * 3 || (container && levels >= MAX_NESTING) {
            // Reported once, where it starts; what is inside is dropped.
            if !matches!(self.top().kind, Kind::Dropped) {
                self.error(
                    range,
                    format!("Markdown nested more than {MAX_NESTING} levels deep"),
                    "flatten the lists or quotes",
                );
            }
            self.stack.push(Frame::new(Kind::Dropped));
            return;
        }
        let kind = match tag {
            Tag::Paragraph => {
                if let Some(Frame {
                    kind: Kind::List { tight, .. },
                    ..
                }) = self.stack.iter_mut().rev().nth(1)
                {
                    *tight = false;
                }
                Kind::Paragraph
            }
            Tag::Heading { .. } => {
                self.error(range, "headings are not allowed in answers", "the question is the heading; use **bold** text, or a blank line before a `---` rule");
                Kind::Dropped
            }
            Tag::HtmlBlock => Kind::Dropped,
            Tag::BlockQuote(kind) => Kind::Quote(kind),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Kind::Code {
                lang: code_lang(&info),
            },
            Tag::CodeBlock(CodeBlockKind::Indented) => Kind::Code { lang: None },
            Tag::List(start) => Kind::List { start, tight: true },
            Tag::Item => Kind::Item,
            Tag::FootnoteDefinition(name) => Kind::Footnote(name.to_string()),
            Tag::Table(align) => Kind::Table {
                align: align.iter().map(align_name).collect(),
            },
            Tag::TableHead => Kind::TableHead,
            Tag::TableRow => Kind::TableRow,
            Tag::TableCell => Kind::TableCell,
            Tag::Emphasis => Kind::Inline("emph"),
            Tag::Strong => Kind::Inline("strong"),
            Tag::Strikethrough => Kind::Inline("strike"),
            Tag::Superscript => Kind::Inline("super"),
            Tag::Subscript => Kind::Inline("sub"),
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
        };
        self.stack.push(Frame::new(kind));
    }

    fn end(&mut self, _tag: TagEnd) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let text = frame.text.clone();
        let code = match frame.kind {
            Kind::Root | Kind::Dropped => None,
            Kind::Paragraph => Some(format!("{}\nparbreak()", block(&frame.items))),
            Kind::Inline(func) => Some(format!("{func}({})", block(&frame.items))),
            Kind::Link {
                dest,
                range,
                autolink,
            } => self.link(dest, range, autolink, &frame.items),
            Kind::Image { dest, range } => self.image(dest, range, &text),
            Kind::Quote(kind) => Some(quote(kind, &frame.items)),
            Kind::List { start, tight } => Some(list(start, tight, &frame.items)),
            Kind::Item | Kind::TableCell => Some(block(&frame.items)),
            Kind::Code { lang } => Some(match lang {
                Some(lang) => format!(
                    "raw(block: true, lang: {}, {})",
                    str_lit(&lang),
                    str_lit(&text)
                ),
                None => format!("raw(block: true, {})", str_lit(&text)),
            }),
            Kind::Table { align } => Some(format!(
                "table(columns: {}, align: ({},), {})",
                align.len().max(1),
                align.join(", "),
                frame.items.join(", ")
            )),
            Kind::TableHead => Some(format!("table.header({})", frame.items.join(", "))),
            Kind::TableRow => Some(frame.items.join(", ")),
            Kind::Footnote(name) => {
                self.notes.insert(name, block(&frame.items));
                None
            }
        };
        if let Some(parent) = self.stack.last_mut() {
            parent.text.push_str(&text);
            if let Some(code) = code {
                parent.items.push(code);
            }
        }
    }

    fn link(
        &mut self,
        dest: String,
        range: Range<usize>,
        autolink: bool,
        items: &[String],
    ) -> Option<String> {
        let body = block(items);
        if let Some(id) = dest.strip_prefix('#') {
            if id.is_empty() {
                self.error(
                    range,
                    "link without a target",
                    "write the target: [text](https://…), [text](mailto:…) or [](#question-id)",
                );
                return None;
            }
            self.links.push((id.to_string(), self.source.loc(range)));
            let target = str_lit(id);
            return Some(if items.is_empty() {
                format!("faq-ref({target})")
            } else {
                format!("faq-ref({target}, {body})")
            });
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
        Some(if autolink || items.is_empty() {
            format!("link({})", str_lit(&dest))
        } else {
            format!("link({}, {body})", str_lit(&dest))
        })
    }

    fn image(&mut self, dest: String, range: Range<usize>, alt: &str) -> Option<String> {
        if alt.trim().is_empty() {
            self.error(
                range.clone(),
                "image without alt text",
                "describe the image for screen readers: ![what it shows](images/x.png)",
            );
        }
        let path = match check_image(self.root, &dest) {
            Ok(path) => path,
            Err((message, hint)) => {
                self.error(range, message, hint);
                return None;
            }
        };
        self.images.push(path.clone());
        Some(format!(
            "faq-image({}, alt: {})",
            str_lit(&format!("/{path}")),
            str_lit(alt.trim())
        ))
    }

    /// Puts the footnotes in place and returns the whole answer's code.
    fn finish(&mut self) -> String {
        let refs = std::mem::take(&mut self.note_refs);
        for (name, range) in &refs {
            if !self.notes.contains_key(name) {
                self.error(
                    range.clone(),
                    format!("footnote `[^{name}]` has no text"),
                    format!("add a line `[^{name}]: the note's text` below the answer"),
                );
            }
        }
        // Markers are replaced in the order they appear in the code, again
        // and again: a note's text may refer to a note defined before it, and
        // its marker only enters the code with that text. Each text is put
        // in once (later uses refer to it by label), so this ends.
        let mut code = block(&self.stack[0].items);
        let mut first_use: BTreeMap<&str, usize> = BTreeMap::new();
        while let Some(start) = code.find("\u{0}fn:") {
            let after = start + "\u{0}fn:".len();
            let Some(len) = code[after..].find('\u{0}') else {
                break;
            };
            let end = after + len + 1;
            let name = code[after..end - 1]
                .parse::<usize>()
                .ok()
                .and_then(|index| refs.get(index))
                .map(|(name, _)| name.as_str());
            let replacement = match name.map(|n| (n, self.notes.get(n), first_use.get(n))) {
                None | Some((_, None, _)) => String::new(),
                Some((_, Some(_), Some(first))) => format!(
                    "footnote(label({}))",
                    str_lit(&format!("fn-{}-{first}", self.key))
                ),
                Some((name, Some(body), None)) => {
                    let label = format!("fn-{}-{}", self.key, first_use.len());
                    first_use.insert(name, first_use.len());
                    format!("[#footnote({body})<{label}>]")
                }
            };
            code.replace_range(start..end, &replacement);
        }
        code
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

fn quote(kind: Option<BlockQuoteKind>, items: &[String]) -> String {
    let kind = match kind {
        None => return format!("quote(block: true, {})", block(items)),
        Some(BlockQuoteKind::Note) => "note",
        Some(BlockQuoteKind::Tip) => "tip",
        Some(BlockQuoteKind::Important) => "important",
        Some(BlockQuoteKind::Warning) => "warning",
        Some(BlockQuoteKind::Caution) => "caution",
    };
    format!("faq-alert({}, {})", str_lit(kind), block(items))
}

fn list(start: Option<u64>, tight: bool, items: &[String]) -> String {
    let items = items.join(", ");
    match start {
        Some(start) => format!("enum(tight: {tight}, start: {start}, {items})"),
        None => format!("list(tight: {tight}, {items})"),
    }
}

fn align_name(align: &pulldown_cmark::Alignment) -> &'static str {
    match align {
        pulldown_cmark::Alignment::Center => "center",
        pulldown_cmark::Alignment::Right => "right",
        pulldown_cmark::Alignment::None | pulldown_cmark::Alignment::Left => "left",
    }
}

/// The language of a fenced code block, if it is a plain name.
fn code_lang(info: &str) -> Option<String> {
    let lang = info.split_whitespace().next()?;
    lang.chars()
        .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c))
        .then(|| lang.to_string())
}

/// Accepts https, http and mailto addresses that have something after the scheme.
pub fn check_url(dest: &str) -> Result<(), &'static str> {
    let dest = dest.trim();
    if dest.is_empty() {
        return Err("write the target: [text](https://…), [text](mailto:…) or [](#question-id)");
    }
    if let Some(address) = dest.strip_prefix("mailto:") {
        let addr = address.split('?').next().unwrap_or("");
        let (user, host) = addr.split_once('@').unwrap_or(("", ""));
        if user.is_empty() || !host.contains('.') || addr.contains(char::is_whitespace) {
            return Err(
                "a mailto link needs an address: [hilfe@example.org](mailto:hilfe@example.org)",
            );
        }
        return Ok(());
    }
    let rest = dest
        .strip_prefix("https://")
        .or_else(|| dest.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            if host.is_empty()
                || host.contains(char::is_whitespace)
                || !host.contains('.') && !host.starts_with("localhost")
            {
                Err("a web link needs a host name: [text](https://www.example.org/page)")
            } else if rest.contains(char::is_whitespace) {
                Err("a web address cannot contain spaces; write them as %20")
            } else {
                Ok(())
            }
        }
        None => Err(
            "links go to https://, http:// or mailto: addresses, or to a question as (#question-id)",
        ),
    }
}

/// Checks an image path: relative, inside the sources folder, an existing file
/// of a format Typst reads. Returns the path relative to the folder.
fn check_image(root: &Path, dest: &str) -> Result<String, (String, String)> {
    let outside = || {
        (format!("image `{dest}` lies outside the sources folder"), "put the image into the sources folder, such as images/diagram.png, and link it relatively".to_string())
    };
    if dest.contains("://") || dest.starts_with('/') || dest.starts_with('\\') || dest.contains(':')
    {
        return Err(outside());
    }
    let relative = dest.trim_start_matches("./");
    if relative.split(['/', '\\']).any(|part| part == "..") {
        return Err(outside());
    }
    let ext = Path::new(relative)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
        return Err((
            format!("image `{dest}` is not a PNG, JPEG, GIF, SVG or WebP file"),
            "convert the image to PNG or JPEG".to_string(),
        ));
    }
    let path = root.join(relative);
    if !path.is_file() {
        return Err((
            format!("image `{dest}` does not exist"),
            format!("put the file at `{relative}` in the sources folder, or fix the path"),
        ));
    }
    let (Ok(real), Ok(real_root)) = (path.canonicalize(), root.canonicalize()) else {
        return Err(outside());
    };
    if !real.starts_with(&real_root) {
        return Err(outside());
    }
    crate::limits::check_image(&real_root, &real, dest)?;
    Ok(relative.replace('\\', "/"))
}

#[cfg(test)]
mod tests;
