//! Limits on what the sources may ask for, so that extreme or hostile input
//! gets a clear error instead of exhausting memory or time, or producing a
//! PDF that breaks a PDF/A or PDF/UA rule.
//!
//! Every limit is listed in the README ("Robustness") and checked by a test
//! in `tests/robustness.rs`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diag::Loc;
use crate::diag::{Diagnostic, FileRef, SourceFiles};
use crate::model::Faq;
use crate::model::doc::{Inline, Text};
use crate::source::inside::Folder;

/// How deep lists and block quotes may nest in Markdown.
pub const MAX_NESTING: usize = 24;
/// How deep snippets may insert snippets.
pub const MAX_SNIPPET_DEPTH: usize = 16;

/// Largest source file (faq.toml, an entry, a snippet).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Largest Markdown text (an answer, intro or closing) once its snippets are
/// inserted: about 60 pages. More is almost certainly a paste gone wrong, or
/// snippets that include each other many times over.
pub const MAX_MARKDOWN_BYTES: usize = 256 * 1024;
/// Most Markdown in one release, all its texts with their snippets: about
/// 125 pages. The cost of a build grows with it (see README, "Robustness"):
/// ragged text broken for the whole paragraph at once costs Typst about
/// 8 s of CPU per 256 KiB.
pub const MAX_RELEASE_MARKDOWN_BYTES: usize = 512 * 1024;
/// Most footnotes in one text, and in one release: Typst's cost for
/// footnotes grows faster than their number.
pub const MAX_TEXT_FOOTNOTES: usize = 100;
pub const MAX_RELEASE_FOOTNOTES: usize = 200;
/// Longest link address, in bytes: Typst refuses longer ones when it lays
/// the page out, where the error could not name the link.
pub const MAX_URL_BYTES: usize = 8000;
/// Longest word (characters without a space): a pasted hash or base64 line
/// longer than this belongs in a file, not on a page.
pub const MAX_WORD_CHARS: usize = 4096;
/// Most characters in one release in runs of 40 or more without a space,
/// hyphen or slash, which may break anywhere: each costs Typst about six
/// times as much as ordinary text.
pub const MAX_RELEASE_UNBROKEN_CHARS: usize = 32 * 1024;
/// Most questions in one FAQ (a release of 1000 takes about 15 s).
pub const MAX_ENTRIES: usize = 1000;
/// Longest one-line text: titles, questions, labels, notes, change wordings.
/// PDF/A allows at most 32767 bytes in a PDF string (bookmarks, metadata).
pub const MAX_LINE_CHARS: usize = 1000;
/// Longest document id and version: both are part of the PDF's file name,
/// and a longer version squeezes the change table's last column.
pub const MAX_NAME_CHARS: usize = 32;
/// Largest image file.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Most pixels in an image (width × height); 40 megapixels take 160 MB once
/// decoded.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// All images of a release together, each file counted once (Typst decodes
/// each once): about 120 MiB of memory per 40 megapixels.
pub const MAX_RELEASE_IMAGE_PIXELS: u64 = 200_000_000;

/// Reads a source file below `root` like `std::fs::read`, under the rules of
/// [`Folder`]: a regular file inside the sources folder, at most
/// [`MAX_FILE_BYTES`]. The error says why, for a message "cannot read
/// `file` (…)".
pub fn read_source_file(root: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    sources_folder(root).read(path)
}

/// The sources folder's rules for the files read from it.
pub fn sources_folder(root: &Path) -> Folder<'_> {
    Folder {
        root,
        name: "the sources folder",
        max_bytes: MAX_FILE_BYTES,
        too_big_hint: "split long answers into several questions",
    }
}

/// The sources folder's rules for images, which may be larger than text.
pub fn images_folder(root: &Path) -> Folder<'_> {
    Folder {
        max_bytes: MAX_IMAGE_BYTES,
        too_big_hint: "scale the image down or save it compressed",
        ..sources_folder(root)
    }
}

/// The rules for the project's other folders (`layouts/`, `fonts/`), with
/// `base` the project folder that holds them and the sources folder.
pub fn project_folder(base: &Path, max_bytes: u64) -> Folder<'_> {
    Folder {
        root: base,
        name: "the project folder",
        max_bytes,
        too_big_hint: "check that it is the file you meant",
    }
}

/// Checks an image file below `root` before Typst decodes it (see
/// [`crate::source::images`]).
/// Returns the pixels it decodes to.
pub fn check_image(root: &Path, path: &Path, shown: &str) -> Result<u64, (String, String)> {
    crate::source::images::check_file(root, path, shown)
}

/// Checks the texts of a loaded FAQ: no blank titles or headings (PDF/UA
/// requires them), nothing longer than the limits above.
pub fn check(faq: &Faq) -> Vec<Diagnostic> {
    let mut check = Check {
        files: &faq.files,
        tables: HashMap::new(),
        out: vec![],
    };
    check.document(faq);
    check.entries(faq);
    check.releases(faq);
    check.out
}

/// How much a release asks of the typesetter.
#[derive(Default)]
struct Cost<'a> {
    markdown: usize,
    footnotes: usize,
    unbroken: usize,
    /// Pixels by image file.
    images: BTreeMap<&'a str, u64>,
}

impl<'a> Cost<'a> {
    fn add(&mut self, text: &'a Text) {
        self.markdown += text.source.len();
        self.footnotes += text.footnotes.len();
        self.unbroken += unbroken_chars(&text.source);
        text.visit(&mut |inline| {
            if let Inline::Image(image) = inline {
                self.images.insert(&image.path, image.pixels);
            }
        });
    }

    fn pixels(&self) -> u64 {
        self.images.values().sum()
    }

    /// The largest images, for a message: "images/a.png (40 MP), …".
    fn largest_images(&self) -> String {
        let mut images: Vec<(&str, u64)> = self.images.iter().map(|(p, n)| (*p, *n)).collect();
        images.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = images
            .iter()
            .take(3)
            .map(|(path, pixels)| format!("{path} ({} MP)", pixels.div_ceil(1_000_000)))
            .collect();
        shown.join(", ")
    }
}

/// The characters of `text` in runs of 40 or more without a space, hyphen
/// or slash (those the layout may break anywhere).
pub fn unbroken_chars(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|run| run.chars().count())
        .filter(|&n| n >= 40)
        .sum()
}

struct Check<'a> {
    files: &'a SourceFiles,
    /// Each file's TOML, parsed once when a problem in it is to be placed.
    tables: HashMap<FileRef, Option<toml::Spanned<DeTable<'a>>>>,
    out: Vec<Diagnostic>,
}

/// A step on the way to a value in a TOML file.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}
use Step::{Index, Key};

/// What a text may be.
#[derive(Clone, Copy, PartialEq)]
enum Rule {
    /// A heading or title: not blank, at most [`MAX_LINE_CHARS`].
    Heading,
    /// Any one-line text: at most [`MAX_LINE_CHARS`].
    Line,
    /// A part of file names: at most [`MAX_NAME_CHARS`].
    Name,
}

impl Check<'_> {
    fn document(&mut self, faq: &Faq) {
        let Some(file) = faq.releases.first().map(|r| r.loc.0) else {
            return;
        };
        let doc = &faq.document;
        self.text(
            file,
            &[Key("document"), Key("title")],
            &doc.title,
            Rule::Heading,
            "the document title",
        );
        self.text(
            file,
            &[Key("document"), Key("id")],
            &doc.id,
            Rule::Name,
            "the document id",
        );
        self.text(
            file,
            &[Key("document"), Key("organization")],
            &doc.organization,
            Rule::Heading,
            "the organization",
        );
        if let Some(subtitle) = &doc.subtitle {
            self.text(
                file,
                &[Key("document"), Key("subtitle")],
                subtitle,
                Rule::Line,
                "the subtitle",
            );
        }
        self.labels(file, faq);
        self.sections_and_releases(file, faq);
        for markdown in doc.intro.iter().chain(doc.closing.iter()) {
            self.markdown(markdown);
        }
        let entries: usize = faq.sections.iter().map(|s| s.entries.len()).sum();
        if entries > MAX_ENTRIES {
            let at = self
                .place(file, &[Key("document"), Key("entries")])
                .or_else(|| self.place(file, &[Key("section")]));
            self.out.push(
                Diagnostic::error(
                    at,
                    format!(
                        "{entries} questions are listed; an FAQ may have at most {MAX_ENTRIES}"
                    ),
                )
                .hint("split the FAQ into several documents, one per audience or topic"),
            );
        }
    }

    /// The limits on a release as a whole, reported at the release.
    fn releases(&mut self, faq: &Faq) {
        for index in faq.release_indices() {
            let snap = crate::timeline::Snapshot::without_changes(faq, index);
            let mut cost = Cost::default();
            for text in snap.texts() {
                cost.add(text);
            }
            let release = &faq.releases[index];
            let version = &release.version;
            let at = Some(release.loc.clone());
            let hint = "split the FAQ into several documents, or shorten the answers";
            if cost.markdown > MAX_RELEASE_MARKDOWN_BYTES {
                self.out.push(Diagnostic::error(at.clone(), format!(
                    "release {version} holds {} KiB of Markdown with its snippets; a release may hold at most {} KiB",
                    cost.markdown.div_ceil(1024), MAX_RELEASE_MARKDOWN_BYTES / 1024
                )).hint(hint));
            }
            if cost.footnotes > MAX_RELEASE_FOOTNOTES {
                self.out.push(Diagnostic::error(at.clone(), format!(
                    "release {version} has {} footnotes; a release may have at most {MAX_RELEASE_FOOTNOTES}",
                    cost.footnotes
                )).hint("write the notes into the answers' text, or link to a page that has them"));
            }
            if cost.pixels() > MAX_RELEASE_IMAGE_PIXELS {
                self.out.push(Diagnostic::error(at.clone(), format!(
                    "release {version} shows images of {} megapixels together; a release may show at most {} (the largest: {})",
                    cost.pixels().div_ceil(1_000_000), MAX_RELEASE_IMAGE_PIXELS / 1_000_000, cost.largest_images()
                )).hint("scale the images down; 2000 pixels across are plenty for a printed page"));
            }
            if cost.unbroken > MAX_RELEASE_UNBROKEN_CHARS {
                self.out.push(Diagnostic::error(at, format!(
                    "release {version} holds {} KiB of text in long runs without a space (hashes, base64, long addresses); a release may hold at most {} KiB",
                    cost.unbroken.div_ceil(1024), MAX_RELEASE_UNBROKEN_CHARS / 1024
                )).hint("put long data into a file and link to it, or break it with spaces"));
            }
        }
    }

    fn labels(&mut self, file: FileRef, faq: &Faq) {
        for (label, value) in faq.labels.iter() {
            let key = label.key();
            // The labels that are headings must not be blank.
            let rule = if label.is_heading() {
                Rule::Heading
            } else {
                Rule::Line
            };
            self.text(
                file,
                &[Key("labels"), Key(key)],
                value,
                rule,
                &format!("the label `{key}`"),
            );
        }
    }

    fn sections_and_releases(&mut self, file: FileRef, faq: &Faq) {
        for (i, section) in faq.sections.iter().enumerate() {
            if let Some(title) = &section.title {
                self.text(
                    file,
                    &[Key("section"), Index(i), Key("title")],
                    title,
                    Rule::Heading,
                    "a section title",
                );
            }
        }
        for (i, release) in faq.releases.iter().enumerate() {
            let at = [Key("release"), Index(i), Key("version")];
            self.text(file, &at, &release.version, Rule::Name, "a version");
            if let Some(title) = &release.title {
                let at = [Key("release"), Index(i), Key("title")];
                self.text(file, &at, title, Rule::Heading, "the document title");
            }
            if let Some(subtitle) = &release.subtitle {
                let at = [Key("release"), Index(i), Key("subtitle")];
                self.text(file, &at, subtitle, Rule::Line, "the subtitle");
            }
            for (j, note) in release.notes.iter().enumerate() {
                let at = [
                    Key("release"),
                    Index(i),
                    Key("notes"),
                    Index(j),
                    Key("text"),
                ];
                self.text(file, &at, &note.text, Rule::Heading, "a note");
            }
        }
    }

    fn entries(&mut self, faq: &Faq) {
        for entry in faq.entries.values() {
            let file = entry.loc.0;
            if let Some(title) = &entry.title {
                self.text(
                    file,
                    &[Key("title")],
                    title,
                    Rule::Heading,
                    "the short title",
                );
            }
            for (k, revision) in entry.revisions.iter().enumerate() {
                if let Some(question) = &revision.question {
                    self.revision_text(file, k, "question", question, Rule::Heading, "a question");
                }
                if let Some(change) = &revision.change {
                    self.revision_text(file, k, "change", change, Rule::Line, "a change wording");
                }
                if let Some(answer) = &revision.answer {
                    self.markdown(answer);
                }
            }
        }
    }

    /// A text of the `k`-th revision: in the short form a top-level key, in
    /// the full form a key of the `k`-th `[[revision]]`.
    fn revision_text(
        &mut self,
        file: FileRef,
        k: usize,
        key: &str,
        text: &str,
        rule: Rule,
        what: &str,
    ) {
        let Some((message, hint)) = problem(text, rule, what) else {
            return;
        };
        let at = self
            .place(file, &[Key("revision"), Index(k), Key(key)])
            .or_else(|| self.place(file, &[Key(key)]))
            .unwrap_or((file, 0..0));
        self.out
            .push(Diagnostic::error(Some(at), message).hint(hint));
    }

    fn markdown(&mut self, markdown: &crate::model::doc::Text) {
        let len = markdown.source.len();
        if len > MAX_MARKDOWN_BYTES {
            let at = markdown.at.clone();
            self.out.push(
                Diagnostic::error(
                    Some(at),
                    format!(
                        "this text is {} KiB long with its snippets; a text may have at most {} KiB",
                        len.div_ceil(1024),
                        MAX_MARKDOWN_BYTES / 1024
                    ),
                )
                .hint("split it into several questions, or check the snippets it inserts"),
            );
        }
    }

    fn text(&mut self, file: FileRef, path: &[Step], text: &str, rule: Rule, what: &str) {
        if let Some((message, hint)) = problem(text, rule, what) {
            let at = self.place(file, path).unwrap_or((file, 0..0));
            self.out
                .push(Diagnostic::error(Some(at), message).hint(hint));
        }
    }

    /// Where the value at `path` is written in `file`.
    fn place(&mut self, file: FileRef, path: &[Step]) -> Option<Loc> {
        let files = self.files;
        let root = self
            .tables
            .entry(file)
            .or_insert_with(|| DeTable::parse(files.text(file)).ok())
            .as_ref()?;
        let mut current: Option<&toml::Spanned<DeValue>> = None;
        for step in path {
            let table = match current.map(|v| v.get_ref()) {
                None => Some(root.get_ref()),
                Some(DeValue::Table(table)) => Some(table),
                Some(_) => None,
            };
            let next = match (step, table, current.map(|v| v.get_ref())) {
                (Key(key), Some(table), _) => table
                    .iter()
                    .find(|(k, _)| k.get_ref().as_ref() == *key)
                    .map(|(_, v)| v),
                (Index(i), _, Some(DeValue::Array(items))) => items.get(*i),
                _ => None,
            }?;
            current = Some(next);
        }
        current.map(|v| (file, v.span()))
    }
}

/// What is wrong with `text` under `rule`, as a message and a hint.
fn problem(text: &str, rule: Rule, what: &str) -> Option<(String, String)> {
    let max = if rule == Rule::Name {
        MAX_NAME_CHARS
    } else {
        MAX_LINE_CHARS
    };
    let chars = text.chars().count();
    if rule == Rule::Heading && blank(text) {
        Some((
            format!("{what} is blank"),
            "write some visible text; a PDF for screen readers needs it".to_string(),
        ))
    } else if chars > max {
        let hint = if rule == Rule::Name {
            "it is part of the PDF's file name; keep it short, such as \"2.1\""
        } else {
            "shorten it; longer text belongs into an answer"
        };
        Some((
            format!("{what} is {chars} characters long; at most {max} are allowed"),
            hint.to_string(),
        ))
    } else {
        None
    }
}

/// Text that shows nothing: empty, spaces, or invisible characters only.
fn blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_control() || typst::text::is_default_ignorable(c))
}
