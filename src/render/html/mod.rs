//! The HTML edition of one release: a single self-contained page with the
//! same title, change table, contents, questions, marks and texts as the PDF,
//! built from the same tree and timeline. Its look is the stylesheet
//! `page.css`, embedded in the page; it has no scripts and loads nothing.
//!
//! This module and [`tree`] are the only ones that write HTML, and [`escape`]
//! the only way source text enters it. Anchors: every question has its entry
//! id (`#kontakt`), so a reader can link one question; the page's own anchors
//! contain `_`, which no entry id does.

pub mod escape;
pub mod tree;

use std::collections::BTreeMap;
use std::fmt::Write;

use base64::Engine;

use crate::model::address;
use crate::model::doc::Text;
use crate::model::labels::{Label, Labels};
use crate::timeline::{ChangeItem, ChangeKind, ChangeRow, Mark, Question, Snapshot};
use escape::{attr, push_text, text};
use tree::Page;

/// The stylesheet of every page, screen and print.
const STYLE: &str = include_str!("page.css");

/// The anchor of the change table.
pub const CHANGES_ID: &str = "faq_changes";
/// The anchor of the contents.
pub const CONTENTS_ID: &str = "faq_contents";

/// The anchor of the `n`-th section (from 1).
pub fn section_id(n: usize) -> String {
    format!("faq_section{n}")
}

/// What the layout decides for the page too.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Whether new and updated questions are marked (the layout's `show-marks`).
    pub show_marks: bool,
}

/// The page of a release. `images` holds the bytes of every image the
/// release shows ([`Snapshot::images`]), by their path in the sources.
pub fn page(snap: &Snapshot, images: &BTreeMap<String, Vec<u8>>, options: Options) -> String {
    let faq = snap.faq;
    let doc = &faq.document;
    let labels = &faq.labels;
    let release = &faq.releases[snap.index];
    let date = release.date.display(doc.language);
    let edition = format!(
        "{} {} · {date}",
        labels.get(Label::Version),
        release.version
    );
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} – {}</title>\n<meta name=\"author\" content=\"{}\">\n\
         <meta name=\"description\" content=\"{}\">\n<meta name=\"generator\" content=\"faqpress {}\">\n\
         <style>\n{STYLE}{}</style>\n</head>\n<body>\n",
        doc.language.code(),
        text(&doc.title),
        text(&edition),
        attr(&doc.organization),
        attr(&edition),
        env!("CARGO_PKG_VERSION"),
        // Only with the stamp, so that a page without one stays as it was.
        if doc.url.is_some() { STAMP_STYLE } else { "" },
    );
    header(&mut out, snap, &edition);
    let unnumbered = snap.unnumbered();
    let number_of = |id: &str| {
        let number = snap.number_of(id)?;
        if !unnumbered {
            return Some(number.to_string());
        }
        let q = snap.questions().find(|q| q.id.as_str() == id)?;
        Some(q.title.unwrap_or(q.question).to_string())
    };
    let mut page = Page {
        labels,
        number_of: &number_of,
        unnumbered,
        images,
        footnotes: 0,
    };
    out.push_str("<main>\n");
    changes(&mut out, labels, &snap.rows);
    contents(&mut out, snap, options.show_marks);
    if let Some(intro) = &doc.intro {
        text_div(&mut out, "intro", intro, &mut page);
    }
    body(&mut out, snap, options.show_marks, &mut page);
    if let Some(closing) = &doc.closing {
        text_div(&mut out, "closing", closing, &mut page);
    }
    out.push_str("</main>\n<footer>\n<p>");
    push_text(&mut out, &doc.organization);
    out.push_str(" · ");
    push_text(&mut out, &edition);
    if let Some(url) = &doc.url {
        let _ = write!(
            out,
            " · <a href=\"{}\">{}</a>",
            attr(url),
            text(address::short(url))
        );
    }
    out.push_str("</p>\n</footer>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, snap: &Snapshot, edition: &str) {
    let doc = &snap.faq.document;
    out.push_str("<header>\n");
    if snap.faq.releases[snap.index].draft {
        out.push_str("<p class=\"draft\">");
        push_text(out, snap.faq.labels.get(Label::Draft));
        out.push_str("</p>\n");
    }
    out.push_str("<p class=\"organization\">");
    push_text(out, &doc.organization);
    out.push_str("</p>\n<h1>");
    push_text(out, &doc.title);
    out.push_str("</h1>\n");
    if let Some(subtitle) = &doc.subtitle {
        out.push_str("<p class=\"subtitle\">");
        push_text(out, subtitle);
        out.push_str("</p>\n");
    }
    out.push_str("<p class=\"edition\">");
    push_text(out, edition);
    out.push_str("</p>\n");
    stamp(out, snap);
    out.push_str("</header>\n");
}

/// The rules of the current-version stamp, added to the stylesheet of a
/// page that has one.
const STAMP_STYLE: &str = ".current-version { display: flex; gap: 1rem; align-items: center; justify-content: space-between; margin: 0.75rem 0 0; font-size: 0.9rem; color: var(--muted); }\n\
.current-version p { margin: 0.2rem 0; }\n.current-version .qr { width: 6rem; height: 6rem; flex: none; }\n";

/// With `url`: where the latest version always is, as a link and as a QR
/// code (an SVG image with alt text), and with `release-url` this release's
/// own address, as on the PDF's first page.
fn stamp(out: &mut String, snap: &Snapshot) {
    let faq = snap.faq;
    let Some(url) = &faq.document.url else {
        return;
    };
    let labels = &faq.labels;
    let version = &faq.releases[snap.index].version;
    let _ = write!(
        out,
        "<div class=\"current-version\">\n<div>\n<p>{} <a href=\"{}\">{}</a></p>\n",
        text(labels.get(Label::CurrentVersion)),
        attr(url),
        text(address::short(url))
    );
    if let Some(template) = &faq.document.release_url {
        let pinned = address::pinned(template, version);
        let _ = writeln!(
            out,
            "<p>{} <a href=\"{}\">{}</a></p>",
            text(&labels.get(Label::ThisVersion).replace("{version}", version)),
            attr(&pinned),
            text(&pinned)
        );
    }
    out.push_str("</div>\n");
    if let Some(svg) = crate::render::qr::svg(url) {
        let data = base64::engine::general_purpose::STANDARD.encode(svg);
        let _ = writeln!(
            out,
            "<img class=\"qr\" src=\"data:image/svg+xml;base64,{data}\" alt=\"{}\">",
            attr(&labels.get(Label::QrCode).replace("{url}", url))
        );
    }
    out.push_str("</div>\n");
}

fn changes(out: &mut String, labels: &Labels, rows: &[ChangeRow]) {
    // An Author and a Reason column only where a release shown uses them.
    let authors = rows.iter().any(|r| r.author.is_some());
    let reasons = rows
        .iter()
        .any(|r| r.items.iter().any(|i| i.reason.is_some()));
    let _ = write!(
        out,
        "<section class=\"changes\" aria-labelledby=\"{CHANGES_ID}\">\n<h2 id=\"{CHANGES_ID}\">{}</h2>\n\
         <table>\n<thead>\n<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        text(labels.get(Label::Changes)),
        text(labels.get(Label::Version)),
        text(labels.get(Label::Date)),
    );
    if authors {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            text(labels.get(Label::Author))
        );
    }
    let _ = write!(
        out,
        "<th scope=\"col\">{}</th>",
        text(labels.get(Label::Change))
    );
    if reasons {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            text(labels.get(Label::Reason))
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            text(&row.version),
            text(&row.date)
        );
        if authors {
            let _ = write!(
                out,
                "<td>{}</td>",
                text(row.author.as_deref().unwrap_or(""))
            );
        }
        out.push_str("<td>");
        change_cell(out, labels, &row.items);
        out.push_str("</td>");
        if reasons {
            // One line per change line, beside it.
            out.push_str("<td>");
            let lines: Vec<String> = change_groups(&row.items)
                .iter()
                .map(|g| text(g[0].reason.as_deref().unwrap_or("")))
                .collect();
            out.push_str(&lines.join("<br>\n"));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The lines of a change cell: neighbours of the same kind grouped, unless
/// they name a question by its name or have a reason.
fn change_groups(items: &[ChangeItem]) -> Vec<Vec<&ChangeItem>> {
    let alone = |item: &ChangeItem| {
        matches!(
            item.kind,
            ChangeKind::Text | ChangeKind::Renumbered | ChangeKind::Moved
        ) || item.name.is_some()
            || item.reason.is_some()
    };
    let mut groups: Vec<Vec<&ChangeItem>> = vec![];
    for item in items {
        match groups.last_mut() {
            Some(group) if !alone(item) && !alone(group[0]) && group[0].kind == item.kind => {
                group.push(item)
            }
            _ => groups.push(vec![item]),
        }
    }
    groups
}

/// One change cell. Neighbouring lines of the same kind are grouped, "neue
/// Fragen Nr. 15 und 16 hinzugefügt", each number linking to its question;
/// where the PDF names pages, the page links.
fn change_cell(out: &mut String, labels: &Labels, items: &[ChangeItem]) {
    let groups = change_groups(items);
    if groups.is_empty() {
        push_text(out, labels.get(Label::NoChange));
        return;
    }
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>\n");
        }
        let first = group[0];
        if matches!(
            first.kind,
            ChangeKind::Text | ChangeKind::Renumbered | ChangeKind::Moved
        ) {
            let generated = first.kind != ChangeKind::Text;
            let line = if generated {
                capitalised(&first.text)
            } else {
                first.text.clone()
            };
            linked(out, first.target.as_deref(), &text(&line));
            continue;
        }
        if let Some(name) = &first.name {
            let label = match first.kind {
                ChangeKind::New => Label::NewQuestionNamed,
                ChangeKind::Updated => Label::UpdatedQuestionNamed,
                _ => Label::RemovedQuestionNamed,
            };
            let mut named = String::new();
            linked(&mut named, first.target.as_deref(), &text(name));
            let mut parts = labels.get(label).splitn(2, "{title}");
            push_text(out, &capitalised(parts.next().unwrap_or("")));
            if let Some(rest) = parts.next() {
                out.push_str(&named);
                push_text(out, rest);
            }
            continue;
        }
        let label = match (first.kind, group.len() > 1) {
            (ChangeKind::New, false) => Label::NewQuestion,
            (ChangeKind::New, true) => Label::NewQuestions,
            (ChangeKind::Updated, false) => Label::UpdatedQuestion,
            (ChangeKind::Updated, true) => Label::UpdatedQuestions,
            (_, false) => Label::RemovedQuestion,
            (_, true) => Label::RemovedQuestions,
        };
        let mut numbers = String::new();
        for (j, item) in group.iter().enumerate() {
            if j > 0 {
                let last = j + 1 == group.len();
                push_text(
                    &mut numbers,
                    if last { labels.get(Label::And) } else { ", " },
                );
            }
            let mut one = String::new();
            linked(&mut one, item.target.as_deref(), &text(&item.number));
            numbers.push_str(&one);
        }
        // The label is source text (it may be overridden), the numbers are
        // already HTML: escape around the placeholder.
        let wording = labels.get(label);
        let mut parts = wording.splitn(2, "{n}");
        push_text(out, &capitalised(parts.next().unwrap_or("")));
        if let Some(rest) = parts.next() {
            out.push_str(&numbers);
            push_text(out, rest);
        }
    }
}

/// `html` as a link to the change item's target, when it is in the page.
/// A generated change line starts with a capital, as in the PDF, also where
/// its label is written in lower case ("neue Frage Nr. 5 hinzugefügt").
fn capitalised(line: &str) -> String {
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn linked(out: &mut String, target: Option<&str>, html: &str) {
    match target.and_then(anchor) {
        Some(id) => {
            let _ = write!(out, "<a href=\"#{}\">{html}</a>", attr(&id));
        }
        None => out.push_str(html),
    }
}

/// The page's anchor for a target of the timeline (a Typst label:
/// `q-<entry id>`, `faq-changes`, `faq-contents`).
fn anchor(target: &str) -> Option<String> {
    match target {
        "faq-changes" => Some(CHANGES_ID.to_string()),
        "faq-contents" => Some(CONTENTS_ID.to_string()),
        _ => target.strip_prefix("q-").map(str::to_string),
    }
}

fn contents(out: &mut String, snap: &Snapshot, show_marks: bool) {
    let labels = &snap.faq.labels;
    let _ = writeln!(
        out,
        "<nav class=\"contents\" aria-labelledby=\"{CONTENTS_ID}\">\n<h2 id=\"{CONTENTS_ID}\">{}</h2>\n<ul>",
        text(labels.get(Label::Contents))
    );
    for (index, section) in snap.sections.iter().enumerate() {
        let nested = section.title.is_some();
        if let Some(title) = section.title {
            let _ = writeln!(
                out,
                "<li class=\"section\"><a href=\"#{}\">{}</a>\n<ul>",
                section_id(index + 1),
                text(title)
            );
        }
        for q in &section.questions {
            let _ = write!(
                out,
                "<li><a href=\"#{}\">{}{}</a>",
                attr(q.id.as_str()),
                number_span(&q.number),
                text(q.title.unwrap_or(q.question))
            );
            mark(out, labels, q.mark.filter(|_| show_marks));
            out.push_str("</li>\n");
        }
        if nested {
            out.push_str("</ul>\n</li>\n");
        }
    }
    out.push_str("</ul>\n</nav>\n");
}

fn mark(out: &mut String, labels: &Labels, mark: Option<Mark>) {
    if let Some(mark) = mark {
        let label = match mark {
            Mark::New => Label::New,
            Mark::Updated => Label::Updated,
        };
        let _ = write!(
            out,
            " <span class=\"mark mark-{}\">{}</span>",
            mark.key(),
            text(labels.get(label))
        );
    }
}

fn text_div(out: &mut String, class: &str, body: &Text, page: &mut Page) {
    let _ = writeln!(out, "<div class=\"{class}\">");
    out.push_str(&tree::text_html(body, page));
    out.push_str("</div>\n");
}

fn body(out: &mut String, snap: &Snapshot, show_marks: bool, page: &mut Page) {
    let sections = snap.sections.iter().any(|s| s.title.is_some());
    for (index, section) in snap.sections.iter().enumerate() {
        if let Some(title) = section.title {
            let id = section_id(index + 1);
            let _ = writeln!(
                out,
                "<section class=\"section\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
                text(title)
            );
        }
        for q in &section.questions {
            let heading = if sections { "h3" } else { "h2" };
            question(out, q, heading, show_marks, page);
        }
        if section.title.is_some() {
            out.push_str("</section>\n");
        }
    }
}

fn question(out: &mut String, q: &Question, heading: &str, show_marks: bool, page: &mut Page) {
    let id = attr(q.id.as_str());
    let _ = write!(
        out,
        "<article class=\"question\" id=\"{id}\" aria-labelledby=\"{id}_h\">\n<{heading} id=\"{id}_h\">{}{}",
        number_span(&q.number),
        text(q.question)
    );
    mark(out, page.labels, q.mark.filter(|_| show_marks));
    let _ = writeln!(out, "</{heading}>");
    out.push_str(&tree::text_html(q.answer, page));
    out.push_str("</article>\n");
}

/// A question's number before its text, "<span>5.</span> "; nothing for a
/// question without one (`numbering = "none"`).
fn number_span(number: &str) -> String {
    if number.is_empty() {
        String::new()
    } else {
        format!("<span class=\"number\">{}.</span> ", text(number))
    }
}
