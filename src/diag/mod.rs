//! Diagnostics about the sources: what is wrong, where, and how to fix it.
//!
//! Every problem found in the sources becomes a [`Diagnostic`] that points at a
//! byte range of a file registered in [`SourceFiles`]. They are collected, not
//! thrown, so that a user sees all mistakes at once.

use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

use crate::terminal::clean;
use excerpt::{Excerpt, LineStarts};

mod excerpt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Index of a file in [`SourceFiles`].
pub type FileRef = usize;

/// A place in the sources: a file and a byte range of it.
pub type Loc = (FileRef, Range<usize>);

/// One problem in the sources.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file and byte range the problem is at; `None` for problems of the
    /// project as a whole (no releases in a missing file, say).
    pub at: Option<(FileRef, Range<usize>)>,
    pub message: String,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(at: Option<(FileRef, Range<usize>)>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            at,
            message: message.into(),
            hints: vec![],
        }
    }

    pub fn warning(at: Option<(FileRef, Range<usize>)>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            at,
            message: message.into(),
            hints: vec![],
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Collects diagnostics while the sources are read and checked.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diag: Diagnostic) {
        self.list.push(diag);
    }

    pub fn error(
        &mut self,
        at: (FileRef, Range<usize>),
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.list.push(Diagnostic::error(Some(at), message));
        self.list.last_mut().expect("just pushed")
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }
}

/// The text of every file that diagnostics may point into, with the name it is
/// shown under (relative to the folder that holds the sources).
#[derive(Debug, Default, Clone)]
pub struct SourceFiles {
    files: Vec<(String, String)>,
}

impl SourceFiles {
    pub fn add(&mut self, name: String, text: String) -> FileRef {
        self.files.push((name, text));
        self.files.len() - 1
    }

    pub fn name(&self, file: FileRef) -> &str {
        &self.files[file].0
    }

    pub fn text(&self, file: FileRef) -> &str {
        &self.files[file].1
    }

    /// How many files there are; they are numbered from 0.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Finds a file by its shown name.
    pub fn find(&self, name: &str) -> Option<FileRef> {
        self.files.iter().position(|(n, _)| n == name)
    }

    /// 1-based line and column of a byte offset (column counted in characters).
    pub fn line_col(&self, file: FileRef, offset: usize) -> (usize, usize) {
        let text = self.text(file);
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// Like Typst and rustc: the source line with the problem underlined.
    #[default]
    Human,
    /// One `file:line:col: error: message` line each, for editors and CI.
    Short,
}

/// At most this many diagnostics are printed; one line says how many more
/// there are. A mistake repeated thousands of times (a list of unknown ids)
/// is fixed from the first few, and a report of megabytes helps nobody.
pub const MAX_SHOWN: usize = 200;

/// Renders diagnostics to a string (no colour), as they would be printed.
pub fn render(files: &SourceFiles, diags: &[Diagnostic], format: DiagnosticFormat) -> String {
    let mut buffer = termcolor::Buffer::no_color();
    write(&mut buffer, files, diags, format);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Prints diagnostics to standard error, in colour when that is a terminal.
/// They are rendered into a buffer first and written at once: codespan writes
/// a few bytes at a time, and unbuffered that was a system call each.
pub fn emit(files: &SourceFiles, diags: &[Diagnostic], format: DiagnosticFormat) {
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let writer = termcolor::BufferWriter::stderr(choice);
    let mut buffer = writer.buffer();
    write(&mut buffer, files, diags, format);
    // Writing to standard error only fails if the stream is gone.
    let _ = writer.print(&buffer);
}

fn write(
    out: &mut dyn termcolor::WriteColor,
    files: &SourceFiles,
    diags: &[Diagnostic],
    format: DiagnosticFormat,
) {
    let mut config = term::Config::default();
    if format == DiagnosticFormat::Short {
        config.display_style = term::DisplayStyle::Short;
    }
    let mut lines: Vec<Option<LineStarts>> = (0..files.len()).map(|_| None).collect();
    for diag in diags.iter().take(MAX_SHOWN) {
        let excerpt = diag.at.as_ref().map(|(file, range)| {
            let text = files.text(*file);
            let starts = lines[*file].get_or_insert_with(|| LineStarts::new(text));
            Excerpt::new(files.name(*file), text, starts, label_range(text, range))
        });
        let mut cs = CsDiagnostic::new(match diag.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        })
        .with_message(clean(&diag.message))
        .with_notes(
            diag.hints
                .iter()
                .map(|h| format!("hint: {}", clean(h)))
                .collect(),
        );
        // Writing to a terminal or buffer only fails if the stream is gone.
        let _ = match &excerpt {
            Some(excerpt) => {
                cs = cs.with_labels(vec![Label::primary((), excerpt.label.clone())]);
                term::emit(out, &config, excerpt, &cs)
            }
            None => term::emit(out, &config, &SimpleFile::new("", ""), &cs),
        };
    }
    if let Some(line) = not_shown(diags) {
        let _ = writeln!(out, "{line}");
    }
}

/// The byte range a label underlines: inside the text, on char boundaries.
fn label_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, range.start.min(text.len()));
    let mut end = floor_char_boundary(text, range.end.min(text.len())).max(start);
    // A range that ends with its line break (a Markdown heading, a snippet
    // line) would be drawn across two lines.
    let trimmed = text[start..end].trim_end_matches(['\n', '\r']).len();
    if trimmed > 0 {
        end = start + trimmed;
    }
    start..end
}

/// The line that says how many diagnostics past [`MAX_SHOWN`] were left out.
fn not_shown(diags: &[Diagnostic]) -> Option<String> {
    let rest = diags.get(MAX_SHOWN..).filter(|rest| !rest.is_empty())?;
    let errors = rest.iter().filter(|d| d.is_error()).count();
    let warnings = rest.len() - errors;
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let what = match (errors, warnings) {
        (_, 0) => count(errors, "error"),
        (0, _) => count(warnings, "warning"),
        _ => format!(
            "{} and {}",
            count(errors, "error"),
            count(warnings, "warning")
        ),
    };
    Some(format!(
        "note: not shown: {what} more; fix the {MAX_SHOWN} above (often one mistake repeated) and check again"
    ))
}

/// Shows a path relative to `base` when it lies below it, with forward slashes.
pub fn display_path(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Returns the known name closest to `name`, if it is close enough to be a
/// likely typo.
pub fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
