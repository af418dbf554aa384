//! `attach-sources`: the sources of one release, embedded in its PDF.
//!
//! The snapshot is a small faqpress project holding exactly the text in force
//! in the release: `sources/faq.toml` (the document settings, the questions
//! of the release in their order, the releases up to this one),
//! `sources/entries/<id>.toml` for every question present, in short form with
//! the wording of this release (snippets expanded), the images those texts
//! use and, when the project has its own layout, `layouts/<name>.typ`. It
//! loads and builds with faqpress as it is; earlier wordings and removed
//! questions are not part of it (they live in the project's history and in
//! the earlier releases' PDFs).
//!
//! The files are written as `pdf.attach` calls with relationship "Source";
//! text files are string literals, images are read through the world. The
//! same release gives the same bytes.

use std::fmt::Write;

use crate::escape::str_lit;
use crate::labels::Labels;
use crate::model::{NoteTarget, Numbering, ReleaseDate};
use crate::project::{Project, STANDARD_LAYOUT};
use crate::release::{Question, Snapshot};

/// The folder the attached sources are named under.
pub const SOURCES_DIR: &str = "sources";

/// One file of the snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// The name in the PDF, `sources/entries/kontakt.toml` say.
    pub name: String,
    pub content: Content,
    pub mime_type: &'static str,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Text made from the model.
    Text(String),
    /// A file of the sources folder, by its path relative to that folder;
    /// Typst reads it through the world (which keeps reads inside the folder).
    File(String),
}

/// The files attached to release `index`, in a fixed order.
pub fn snapshot(project: &Project, index: usize) -> Vec<SourceFile> {
    let faq = &project.faq;
    let snap = Snapshot::new(faq, index);
    let version = &faq.releases[index].version;
    let about = |what: &str| format!("faqpress source of release {version}: {what}");
    let mut files = vec![SourceFile {
        name: format!("{SOURCES_DIR}/faq.toml"),
        content: Content::Text(faq_toml(&snap)),
        mime_type: "application/toml",
        description: about("document settings, order of the questions, releases"),
    }];
    for q in snap.questions() {
        files.push(SourceFile {
            name: format!("{SOURCES_DIR}/entries/{}.toml", q.id),
            content: Content::Text(entry_toml(&snap, q)),
            mime_type: "application/toml",
            description: about(&format!("question {} as worded in this release", q.number)),
        });
    }
    let doc = &faq.document;
    let mut images: Vec<&str> = snap
        .questions()
        .flat_map(|q| q.answer.images.iter())
        .chain(
            doc.intro
                .iter()
                .chain(doc.closing.iter())
                .flat_map(|m| m.images.iter()),
        )
        .map(String::as_str)
        .collect();
    images.sort_unstable();
    images.dedup();
    for image in images {
        files.push(SourceFile {
            name: format!("{SOURCES_DIR}/{image}"),
            content: Content::File(image.to_string()),
            mime_type: image_mime_type(image),
            description: about("image used in the text"),
        });
    }
    let layout = project.env.layout.text();
    if layout != STANDARD_LAYOUT {
        files.push(SourceFile {
            name: format!("layouts/{}.typ", doc.layout),
            content: Content::Text(layout.to_string()),
            mime_type: "text/plain",
            description: about("the layout (appearance) of the document"),
        });
    }
    files
}

/// The Typst code that attaches `files`; appended to the generated document.
/// One code block, so that no space between the calls can become text (an
/// empty line at the end of a full page would start a new page).
pub fn typst(files: &[SourceFile]) -> String {
    let mut out =
        String::from("\n// The release's sources, embedded in the PDF (attach-sources).\n#{\n");
    for file in files {
        let data = match &file.content {
            Content::Text(text) => format!("bytes({})", str_lit(text)),
            Content::File(path) => {
                format!("read({}, encoding: none)", str_lit(&format!("/{path}")))
            }
        };
        let _ = writeln!(
            out,
            "  std.pdf.attach({}, {data}, relationship: \"source\", mime-type: {}, description: {})",
            str_lit(&format!("/{}", file.name)),
            str_lit(file.mime_type),
            str_lit(&file.description),
        );
    }
    out.push_str("}\n");
    out
}

fn image_mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

/// `faq.toml` of the snapshot.
fn faq_toml(snap: &Snapshot) -> String {
    let faq = snap.faq;
    let doc = &faq.document;
    let release = &faq.releases[snap.index];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Sources of release {} ({}) of `{}`, attached to its PDF by faqpress {}.\n\
         # The text in force in this release: each question present, in short form,\n\
         # with the wording of this release and snippets expanded.\n",
        one_line(&release.version),
        release.date.date.format("%Y-%m-%d"),
        doc.id,
        env!("CARGO_PKG_VERSION"),
    );
    out.push_str("[document]\n");
    key(&mut out, "id", &toml_string(&doc.id));
    key(&mut out, "title", &toml_string(&doc.title));
    if let Some(subtitle) = &doc.subtitle {
        key(&mut out, "subtitle", &toml_string(subtitle));
    }
    key(&mut out, "organization", &toml_string(&doc.organization));
    key(&mut out, "language", &toml_string(doc.language.code()));
    key(&mut out, "layout", &toml_string(&doc.layout));
    if doc.numbering == Numbering::PerSection {
        key(&mut out, "numbering", "\"per-section\"");
    }
    if let Some(standards) = &doc.pdf_standard {
        key(&mut out, "pdf-standard", &inline_array(standards));
    }
    if doc.attach_sources {
        key(&mut out, "attach-sources", "true");
    }
    let titled = snap.sections.iter().any(|s| s.title.is_some());
    if !titled {
        let ids: Vec<&str> = snap.questions().map(|q| q.id).collect();
        key(&mut out, "entries", &block_array(&ids));
    }
    if let Some(intro) = &doc.intro {
        key(&mut out, "intro", &toml_string(&intro.source.text));
    }
    if let Some(closing) = &doc.closing {
        key(&mut out, "closing", &toml_string(&closing.source.text));
    }

    let defaults = Labels::new(doc.language);
    let changed: Vec<(&str, &str)> = faq
        .labels
        .iter()
        .filter(|(k, v)| defaults.get(k) != *v)
        .collect();
    if !changed.is_empty() {
        out.push_str("\n[labels]\n");
        for (k, v) in changed {
            key(&mut out, k, &toml_string(v));
        }
    }

    if titled {
        for section in &snap.sections {
            out.push_str("\n[[section]]\n");
            if let Some(title) = section.title {
                key(&mut out, "title", &toml_string(title));
            }
            let ids: Vec<&str> = section.questions.iter().map(|q| q.id).collect();
            key(&mut out, "entries", &block_array(&ids));
        }
    }

    for release in &faq.releases[..=snap.index] {
        out.push_str("\n[[release]]\n");
        key(&mut out, "version", &toml_string(&release.version));
        key(&mut out, "date", &toml_date(&release.date));
        if release.draft {
            key(&mut out, "draft", "true");
        }
        if !release.notes.is_empty() {
            let notes: Vec<String> = release
                .notes
                .iter()
                .map(|note| {
                    let at = match &note.at {
                        Some(NoteTarget::Changes) => Some("changes"),
                        Some(NoteTarget::Contents) => Some("contents"),
                        // A note about a question that is gone by this release
                        // keeps its text only.
                        Some(NoteTarget::Entry(id)) => {
                            snap.number_of(id).is_some().then_some(id.as_str())
                        }
                        None => None,
                    };
                    match at {
                        Some(at) => format!(
                            "{{ text = {}, at = {} }}",
                            basic_string(&note.text),
                            basic_string(at)
                        ),
                        None => format!("{{ text = {} }}", basic_string(&note.text)),
                    }
                })
                .collect();
            key(
                &mut out,
                "notes",
                &format!("[\n    {},\n]", notes.join(",\n    ")),
            );
        }
    }
    out
}

/// `entries/<id>.toml` of the snapshot: the short form.
fn entry_toml(snap: &Snapshot, q: &Question) -> String {
    let release = &snap.faq.releases[snap.index];
    let mut out = format!(
        "# Question {} of release {}, as worded in this release.\n",
        q.number,
        one_line(&release.version)
    );
    if let Some(title) = q.title {
        key(&mut out, "title", &toml_string(title));
    }
    key(&mut out, "question", &toml_string(q.question));
    key(&mut out, "answer", &toml_string(&q.answer.source.text));
    out
}

/// A version for a comment line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

fn inline_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| basic_string(s)).collect();
    format!("[{}]", items.join(", "))
}

fn block_array(items: &[&str]) -> String {
    let mut out = String::from("[\n");
    for item in items {
        let _ = writeln!(out, "    {},", basic_string(item));
    }
    out.push(']');
    out
}

/// A release date as TOML writes it: a local date, a local date-time or an
/// offset date-time, as in the sources.
fn toml_date(date: &ReleaseDate) -> String {
    let mut out = date.date.format("%Y-%m-%d").to_string();
    if let Some(time) = date.time {
        let _ = write!(out, "T{}", time.format("%H:%M:%S%.f"));
        if let Some(minutes) = date.offset_minutes {
            let sign = if minutes < 0 { '-' } else { '+' };
            let m = minutes.unsigned_abs();
            let _ = write!(out, "{sign}{:02}:{:02}", m / 60, m % 60);
        }
    }
    out
}

/// A TOML string holding exactly `text`: a multi-line basic string when it
/// spans lines (answers stay readable), else a basic string.
pub fn toml_string(text: &str) -> String {
    if !text.contains('\n') {
        return basic_string(text);
    }
    // A newline right after the opening quotes is not part of the string.
    let mut out = String::from("\"\"\"\n");
    escape_into(&mut out, text, true);
    out.push_str("\"\"\"");
    out
}

fn basic_string(text: &str) -> String {
    let mut out = String::from("\"");
    escape_into(&mut out, text, false);
    out.push('"');
    out
}

fn escape_into(out: &mut String, text: &str, multiline: bool) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' if multiline => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(value: &str) -> String {
        let table: toml::Table = toml::from_str(&format!("k = {value}\n")).expect("valid TOML");
        table["k"].as_str().expect("a string").to_string()
    }

    #[test]
    fn answers_become_readable_multi_line_strings() {
        let text = "Ein \"Zitat\" mit \\Backslash.\n\n- Punkt\n";
        let toml = toml_string(text);
        assert!(toml.starts_with("\"\"\"\nEin \\\"Zitat\\\""), "{toml}");
        assert_eq!(parse(&toml), text);
    }

    #[test]
    fn triple_quotes_and_control_characters_survive() {
        for text in [
            "a\"\"\"b\nc",
            "x\r\ny\n",
            "\u{0}\u{1b}\u{7f}\n",
            "ends with quote\"",
            "\n",
        ] {
            assert_eq!(parse(&toml_string(text)), text);
        }
    }

    #[test]
    fn dates_keep_their_form() {
        use chrono::{NaiveDate, NaiveTime};
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let time = NaiveTime::from_hms_opt(9, 5, 0);
        let plain = ReleaseDate {
            date,
            time: None,
            offset_minutes: None,
        };
        let local = ReleaseDate {
            date,
            time,
            offset_minutes: None,
        };
        let offset = ReleaseDate {
            date,
            time,
            offset_minutes: Some(-90),
        };
        assert_eq!(toml_date(&plain), "2026-03-02");
        assert_eq!(toml_date(&local), "2026-03-02T09:05:00");
        assert_eq!(toml_date(&offset), "2026-03-02T09:05:00-01:30");
        for d in [plain, local, offset] {
            let table: toml::Table = toml::from_str(&format!("d = {}", toml_date(&d))).unwrap();
            assert!(table["d"].is_datetime());
        }
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            prop_assert_eq!(parse(&toml_string(&text)), text.clone());
            prop_assert_eq!(parse(&basic_string(&text)), text);
        }
    }
}
