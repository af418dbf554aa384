//! Reading a FAQ project from its sources folder into the [`Faq`] model:
//! only files inside the folder ([`limits`]), TOML fields with their places
//! ([`fields`]), snippets expanded ([`snippets`]), Markdown parsed into
//! document trees ([`markdown`]), and every check done ([`checks`]).
//!
//! Loading never stops at the first problem: it reads as much as it can and
//! returns every diagnostic. The model is only returned when every file could
//! be read into it; the checks of the whole may still have found errors.

pub mod checks;
pub mod entry_file;
pub mod faq_file;
pub mod fields;
pub mod images;
pub mod inside;
pub mod limits;
pub mod mapped;
pub mod markdown;
pub mod snippets;
pub mod strings;

use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics, FileRef, Loc, SourceFiles, display_path};
use crate::model::Faq;

/// A list of questions as written: a section, and where each of its
/// listings is.
pub type Listed = (crate::model::Section, Vec<ListedAt>);

/// Where a listing is written, with the releases it names as written (they
/// are resolved once the releases are read).
#[derive(Debug, Clone)]
pub struct ListedAt {
    /// The place of the id.
    pub id: Loc,
    /// `since = "…"` of a listing written as a table, with its place.
    pub since: Option<(String, Loc)>,
    /// `removed = "…"` of a listing written as a table, with its place.
    pub removed: Option<(String, Loc)>,
    /// Whether an error was reported about the listing itself: the checks
    /// of a moving question's listings would only repeat it.
    pub faulty: bool,
}

impl ListedAt {
    /// A plain id, or a table without `since` and `removed`: it holds the
    /// question in every release.
    pub fn is_plain(&self) -> bool {
        self.since.is_none() && self.removed.is_none()
    }
}

/// The result of loading: the model if it could be built, and all diagnostics.
pub struct Loaded {
    pub faq: Option<Faq>,
    pub files: SourceFiles,
    pub diags: Vec<Diagnostic>,
}

/// Reads and checks the sources folder `root`.
pub fn load(root: &Path) -> Loaded {
    let mut reader = Reader::new(root);
    let faq = faq_file::read_project(&mut reader);
    let Reader {
        files, mut diags, ..
    } = reader;
    let faq = faq.filter(|_| !diags.has_errors()).map(|mut faq| {
        faq.files = files.clone();
        faq
    });
    if let Some(faq) = &faq {
        diags.list.extend(checks::check(faq));
        checks::dedup(&mut diags.list);
    }
    Loaded {
        faq,
        files,
        diags: diags.list,
    }
}

/// Shared state while the files of a project are read.
pub struct Reader {
    pub root: PathBuf,
    /// Paths in messages are shown relative to this folder (the project folder
    /// that holds the sources), so that `sources/entries/x.toml` reads naturally.
    base: PathBuf,
    pub files: SourceFiles,
    pub diags: Diagnostics,
}

impl Reader {
    fn new(root: &Path) -> Self {
        let base = root.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut files = SourceFiles::default();
        // File 0 stands for the project as a whole in messages without a place.
        files.add(display_path(root, &base), String::new());
        Self {
            root: root.to_path_buf(),
            base,
            files,
            diags: Diagnostics::default(),
        }
    }

    pub fn shown(&self, path: &Path) -> String {
        display_path(path, &self.base)
    }

    /// Reads a text file: UTF-8, a byte-order mark is dropped.
    pub fn read_text(&mut self, path: &Path, wanted_by: Option<Loc>) -> Option<FileRef> {
        let name = self.shown(path);
        if let Some(existing) = self.files.find(&name) {
            return Some(existing);
        }
        let bytes = match limits::read_source_file(&self.root, path) {
            Ok(bytes) => bytes,
            Err(err) => {
                let msg = if err.kind() == std::io::ErrorKind::NotFound {
                    format!("file `{name}` does not exist")
                } else {
                    format!("cannot read `{name}` ({err})")
                };
                let at = wanted_by.or(Some((0, 0..0)));
                self.diags.push(Diagnostic::error(at, msg));
                return None;
            }
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Some(self.files.add(name, text.to_string())),
            Err(err) => {
                let valid = err.valid_up_to();
                let text = String::from_utf8_lossy(bytes).into_owned();
                let file = self.files.add(name.clone(), text);
                self.diags
                    .error((file, valid..valid + 1), format!("`{name}` is not valid UTF-8"))
                    .hints
                    .push("save the file as UTF-8 (most editors offer this under \"Save with encoding\")".into());
                None
            }
        }
    }

    /// Parses a TOML file and hands its table to `read`; syntax errors are
    /// reported with their place and `read` is not called.
    pub fn with_toml<R>(
        &mut self,
        file: FileRef,
        read: impl FnOnce(&mut Self, &DeTable<'_>) -> R,
    ) -> Option<R> {
        let text = self.files.text(file).to_string();
        let (table, errors) = DeTable::parse_recoverable(&text);
        // Only the first syntax error of a file is reported. The parser
        // recovers and goes on, but what it finds after a first error is
        // mostly the same mistake seen again: each line of text an unclosed
        // string left outside becomes "a key with no value", an unclosed
        // array swallows the tables after it. The other files are still read.
        let first = errors
            .iter()
            .min_by_key(|err| err.span().map_or(0, |span| span.start));
        if let Some(err) = first {
            let span = err.span().unwrap_or(0..0);
            let message = err.message().trim();
            let hint = escape_hint(&text, span.start, message)
                .unwrap_or_else(|| toml_hint(message).into());
            self.diags
                .error((file, span), format!("invalid TOML: {message}"))
                .hints
                .push(hint);
            return None;
        }
        Some(read(self, table.get_ref()))
    }
}

/// What to do about a backslash that TOML read as a bad escape (a Windows
/// path `domain\user`, a regular expression), if the error at `at` is one:
/// the literal string that takes backslashes as they stand.
fn escape_hint(text: &str, at: usize, message: &str) -> Option<String> {
    let escape = ["escape", "unicode value digits", "hexadecimal"];
    if !escape.iter().any(|e| message.contains(e)) {
        return None;
    }
    let before = text.get(..at)?;
    let backslash = before.rfind('\\')?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    // Inside a `"""` string when an odd number of them comes before.
    let multi_line = before.matches("\"\"\"").count() % 2 == 1;
    let word_start = before[..backslash]
        .rfind(|c: char| c.is_whitespace() || c == '"')
        .map_or(0, |i| i + 1)
        .max(line_start);
    let word_end = text[backslash..]
        .find(|c: char| c.is_whitespace() || c == '"')
        .map_or(text.len(), |i| backslash + i);
    let word = &text[word_start..word_end];
    let doubled = word.replace('\\', "\\\\");
    Some(if multi_line {
        format!(
            "a backslash in a \"\"\" string starts an escape: write the text between ''' and ''' instead (a literal string, which takes `{word}` as it stands), or double the backslash: `{doubled}`"
        )
    } else {
        format!(
            "a backslash in a \"…\" string starts an escape: write the text between single quotes '…' instead (a literal string, which takes `{word}` as it stands), or double the backslash: `{doubled}`"
        )
    })
}

/// What to do about a TOML syntax error, by what the parser says.
fn toml_hint(message: &str) -> &'static str {
    if message.contains("key with no value") || message.contains("unquoted keys") {
        "this line is read as a key: is a text above it not closed? text over several lines goes between ''' and '''"
    } else if message.contains("duplicate") {
        "each key may appear once in a table: remove or rename one of them"
    } else if message.contains("string") {
        "close the text with the quotes it opens with; text over several lines goes between ''' and '''"
    } else if message.contains("comma") {
        "separate the items of a list with single commas: [\"a\", \"b\"]"
    } else {
        "see https://toml.io for the syntax; text needs quotes, text over several lines goes between ''' and '''"
    }
}

/// The names of the files in `dir` ending in `suffix`, without it, sorted; an
/// unreadable or missing folder has none.
pub fn file_stems(dir: &Path, suffix: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(suffix)
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}
