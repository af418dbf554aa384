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
//! The Typst renderer writes them into the document. The same
//! release gives the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::labels::Labels;
use crate::model::{ChangeOrder, ChangePages, NoteTarget, Numbering, Release};
use crate::timeline::{Question, Snapshot};

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

/// The files attached to the release of `snap`, in a fixed order;
/// `own_layout` is the text of the project's layout when it is not the
/// built-in one.
pub fn snapshot(snap: &Snapshot, own_layout: Option<&str>) -> Vec<SourceFile> {
    let faq = snap.faq;
    let version = &faq.releases[snap.index].version;
    let about = |what: &str| format!("faqpress source of release {version}: {what}");
    let mut files = vec![SourceFile {
        name: format!("{SOURCES_DIR}/faq.toml"),
        content: Content::Text(faq_toml(snap)),
        mime_type: "application/toml",
        description: about("document settings, order of the questions, releases"),
    }];
    for q in snap.questions() {
        files.push(SourceFile {
            name: format!("{SOURCES_DIR}/entries/{}.toml", q.id),
            content: Content::Text(entry_toml(snap, q)),
            mime_type: "application/toml",
            description: about(&format!("question {} as worded in this release", q.number)),
        });
    }
    let doc = &faq.document;
    let mut images: Vec<&str> = snap.images();
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
    if let Some(layout) = own_layout {
        files.push(SourceFile {
            name: format!("layouts/{}.typ", doc.layout),
            content: Content::Text(layout.to_string()),
            mime_type: "text/plain",
            description: about("the layout (appearance) of the document"),
        });
    }
    files
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
    let titled = snap.sections.iter().any(|s| s.title.is_some());
    let defaults = Labels::new(doc.language);
    let project = FaqToml {
        document: DocumentToml {
            id: &doc.id,
            title: faq.title_at(snap.index),
            subtitle: faq.subtitle_at(snap.index),
            organization: &doc.organization,
            url: doc.url.as_deref(),
            release_url: doc.release_url.as_deref(),
            language: doc.language.code(),
            layout: &doc.layout,
            numbering: match doc.numbering {
                Numbering::Continuous => None,
                Numbering::PerSection => Some("per-section"),
                Numbering::None => Some("none"),
            },
            change_order: (doc.change_order == ChangeOrder::NewestFirst).then_some("newest-first"),
            change_pages: (doc.change_pages == ChangePages::Column).then_some("column"),
            pdf_standard: doc.pdf_standard.as_deref(),
            // The snapshot is made only for a PDF that carries its sources,
            // whether faq.toml or the command line asked for them.
            attach_sources: Some(true),
            report_renumbering: doc.report_renumbering.then_some(true),
            number_start: (doc.number_start != 1).then_some(doc.number_start),
            number_prefix: (!doc.number_prefix.is_empty()).then_some(doc.number_prefix.as_str()),
            entries: (!titled).then(|| ids(snap.questions())),
            intro: doc.intro.as_ref().map(|t| t.source.as_str()),
            closing: doc.closing.as_ref().map(|t| t.source.as_str()),
        },
        labels: faq
            .labels
            .iter()
            .filter(|(label, text)| defaults.get(*label) != *text)
            .map(|(label, text)| (label.key(), text))
            .collect(),
        section: if titled {
            snap.sections
                .iter()
                .map(|s| SectionToml {
                    title: s.title,
                    entries: ids(s.questions.iter()),
                })
                .collect()
        } else {
            vec![]
        },
        release: faq.releases[..=snap.index.get()]
            .iter()
            .map(|r| release_toml(snap, r))
            .collect(),
    };
    format!(
        "# Sources of release {} ({}) of `{}`, attached to its PDF by faqpress {}.\n\
         # The text in force in this release: each question present, in short form,\n\
         # with the wording of this release and snippets expanded.\n\n{}",
        one_line(&release.version),
        release.date.day(),
        doc.id,
        env!("CARGO_PKG_VERSION"),
        to_toml(&project),
    )
}

fn release_toml<'a>(snap: &Snapshot<'a>, release: &'a Release) -> ReleaseToml<'a> {
    let notes = release.notes.iter().map(|note| {
        let at = match &note.at {
            Some(NoteTarget::Changes) => Some("changes"),
            Some(NoteTarget::Contents) => Some("contents"),
            // A note about a question that is gone by this release keeps its
            // text only.
            Some(NoteTarget::Entry(id)) => {
                snap.number_of(id.as_str()).is_some().then_some(id.as_str())
            }
            None => None,
        };
        NoteToml {
            text: &note.text,
            at,
            reason: note.reason.as_deref(),
        }
    });
    ReleaseToml {
        version: &release.version,
        date: release
            .date
            .iso()
            .parse()
            .expect("a chrono date and time written as TOML parse as a TOML date-time"),
        draft: release.draft.then_some(true),
        author: release.author.as_deref(),
        notes: notes.collect(),
    }
}

/// The ids of `questions`, for an `entries` list.
fn ids<'q, 'a: 'q>(questions: impl Iterator<Item = &'q Question<'a>>) -> Vec<String> {
    questions.map(|q| q.id.to_string()).collect()
}

/// `entries/<id>.toml` of the snapshot: the short form.
fn entry_toml(snap: &Snapshot, q: &Question) -> String {
    let release = &snap.faq.releases[snap.index];
    let entry = EntryToml {
        title: q.title,
        question: q.question,
        answer: &q.answer.source,
    };
    format!(
        "# Question {} of release {}, as worded in this release.\n{}",
        q.number,
        one_line(&release.version),
        to_toml(&entry)
    )
}

/// TOML as the `toml` crate writes it: text over several lines as a
/// multi-line string, so that answers stay readable.
fn to_toml(value: &impl Serialize) -> String {
    toml::to_string_pretty(value).expect("the snapshot's tables are valid TOML")
}

/// A version for a comment line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[derive(Serialize)]
struct FaqToml<'a> {
    document: DocumentToml<'a>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    section: Vec<SectionToml<'a>>,
    release: Vec<ReleaseToml<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct DocumentToml<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    organization: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    release_url: Option<&'a str>,
    language: &'a str,
    layout: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    numbering: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change_order: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change_pages: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf_standard: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attach_sources: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_renumbering: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number_start: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number_prefix: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closing: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionToml<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    entries: Vec<String>,
}

#[derive(Serialize)]
struct ReleaseToml<'a> {
    version: &'a str,
    date: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<NoteToml<'a>>,
}

#[derive(Serialize)]
struct NoteToml<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct EntryToml<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    question: &'a str,
    answer: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Serialize)]
    struct One<'a> {
        k: &'a str,
    }

    fn round_trip(text: &str) -> String {
        let written = to_toml(&One { k: text });
        let table: toml::Table = toml::from_str(&written).expect("valid TOML");
        table["k"].as_str().expect("a string").to_string()
    }

    #[test]
    fn answers_stay_readable_over_several_lines() {
        let text = "Ein \"Zitat\" mit \\Backslash.\n\n- Punkt\n";
        let written = to_toml(&One { k: text });
        assert!(written.contains("\n- Punkt\n"), "{written}");
        assert_eq!(round_trip(text), text);
    }

    #[test]
    fn triple_quotes_and_control_characters_survive() {
        for text in [
            "a\"\"\"b\nc",
            "x\r\ny\n",
            "\u{0}\u{1b}\u{7f}\n",
            "ends with quote\"",
            "\n",
            "a'''b\n",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            prop_assert_eq!(round_trip(&text), text);
        }
    }
}
