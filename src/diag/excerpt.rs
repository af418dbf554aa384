//! The part of a source file one diagnostic shows.
//!
//! codespan-reporting prints every line a label touches in full. A source
//! line can be 2 MiB long (a pasted base64 block, thousands of ids in one
//! list), and printing it once per diagnostic made the report of 2,500
//! unknown ids 160 MB. So each diagnostic is drawn against an [`Excerpt`]:
//! the lines of its label when they are short, else a window of the label's
//! first line around it. The excerpt reports the line and column of the
//! place in the whole file, so `file:line:column` stays exact; its text is
//! made safe for a terminal with [`crate::terminal::clean`].

use std::ops::Range;

use codespan_reporting::files::{Error, Files, SimpleFile};

use crate::terminal::clean;

/// A line longer than this many characters is shown as a window of it.
pub const MAX_LINE_CHARS: usize = 200;
/// How many characters of a long line are shown before the place.
const BEFORE_CHARS: usize = 60;
/// Marks where a long line was cut.
const CUT: &str = "…";

/// The start of each line of a file, computed once per file and report so
/// that finding a line costs a binary search, not a scan from the start.
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> Self {
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        Self(std::iter::once(0).chain(breaks).collect())
    }

    /// The 0-based line that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset) - 1
    }

    /// The bytes of line `line` without its line break.
    fn span(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.0[line];
        let end = self.0.get(line + 1).map_or(text.len(), |&next| next - 1);
        let content = text[start..end].trim_end_matches('\r');
        start..start + content.len()
    }
}

/// One diagnostic's view of its file, for codespan-reporting.
pub struct Excerpt {
    file: SimpleFile<String, String>,
    /// The label, as a byte range of the excerpt's text.
    pub label: Range<usize>,
    /// The 1-based line of the file that the excerpt's first line is.
    first_line: usize,
    /// The 1-based column of the label's start in the file's line.
    column: usize,
}

impl Excerpt {
    /// The excerpt of `text` (shown as `name`) for the label `range`, which
    /// lies on char boundaries.
    pub fn new(name: &str, text: &str, lines: &LineStarts, range: Range<usize>) -> Self {
        let first = lines.line_of(range.start);
        let last = lines.line_of(range.end).max(first);
        let mut start_line = lines.span(text, first);
        // A place at the `\r` of a `\r\n` lies past the line's text.
        start_line.end = start_line.end.max(range.start);
        let column = text[start_line.start..range.start].chars().count() + 1;
        let whole = start_line.start..lines.span(text, last).end.max(range.start);
        let (shown, label) = if (first..=last).all(|l| is_short(&text[lines.span(text, l)])) {
            whole_lines(text, whole, range)
        } else {
            window(text, start_line, range)
        };
        Self {
            file: SimpleFile::new(clean(name).into_owned(), shown),
            label,
            first_line: first + 1,
            column,
        }
    }
}

fn is_short(line: &str) -> bool {
    line.len() <= MAX_LINE_CHARS || line.chars().nth(MAX_LINE_CHARS).is_none()
}

/// The lines `whole` as they are (made safe), with the label moved along.
fn whole_lines(text: &str, whole: Range<usize>, range: Range<usize>) -> (String, Range<usize>) {
    let end = range.end.min(whole.end).max(range.start);
    pieces(
        "",
        &text[whole.start..range.start],
        &text[range.start..end],
        &text[end..whole.end],
        "",
    )
}

/// Up to [`MAX_LINE_CHARS`] characters of the long line `line` around the
/// label's start; a label that runs on past the window is cut with it.
fn window(text: &str, line: Range<usize>, range: Range<usize>) -> (String, Range<usize>) {
    let before = text[line.start..range.start]
        .char_indices()
        .rev()
        .take(BEFORE_CHARS)
        .last()
        .map_or(range.start, |(i, _)| line.start + i);
    let after = &text[range.start..line.end];
    let end = after
        .char_indices()
        .nth(MAX_LINE_CHARS - text[before..range.start].chars().count())
        .map_or(line.end, |(i, _)| range.start + i);
    let label_end = range.end.clamp(range.start, end);
    pieces(
        if before > line.start { CUT } else { "" },
        &text[before..range.start],
        &text[range.start..label_end],
        &text[label_end..end],
        if end < line.end { CUT } else { "" },
    )
}

/// Joins the parts of an excerpt, each made safe, and says where the label
/// is in the result.
fn pieces(
    open: &str,
    before: &str,
    label: &str,
    after: &str,
    close: &str,
) -> (String, Range<usize>) {
    let mut out = String::from(open);
    out.push_str(&clean(before));
    let start = out.len();
    out.push_str(&clean(label));
    let end = out.len();
    out.push_str(&clean(after));
    out.push_str(close);
    (out, start..end)
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.file.name())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.file.source())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        self.file.line_index((), byte_index)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        self.file.line_range((), line_index)
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(self.first_line + line_index)
    }

    /// The column in the file, not in the excerpt, which may be cut or hold
    /// escapes; codespan asks only for the label's start.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        if line_index == 0 && byte_index == self.label.start {
            return Ok(self.column);
        }
        let line = self.file.line_range((), line_index)?;
        let source = self.file.source();
        Ok(codespan_reporting::files::column_index(source, line, byte_index) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, range: Range<usize>) -> Excerpt {
        Excerpt::new("f.toml", text, &LineStarts::new(text), range)
    }

    fn shown(e: &Excerpt) -> (&str, &str) {
        let text = e.file.source().as_str();
        (text, &text[e.label.clone()])
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let text = "a = 1\nb = \"x\"\nc = 3\n";
        let e = excerpt(text, 10..13);
        assert_eq!(shown(&e), ("b = \"x\"", "\"x\""));
        assert_eq!((e.first_line, e.column), (2, 5));
    }

    #[test]
    fn a_long_line_is_cut_around_the_place() {
        let line = format!("ids = [{}]", "\"abc\", ".repeat(1000));
        let text = format!("x = 1\n{line}\n");
        let at = 6 + line.find("\"abc\"").unwrap() + 7 * 500;
        let e = excerpt(&text, at..at + 5);
        let (shown, label) = shown(&e);
        assert_eq!(label, "\"abc\"");
        assert!(shown.starts_with(CUT) && shown.ends_with(CUT), "{shown}");
        assert!(shown.chars().count() <= MAX_LINE_CHARS + 2, "{shown}");
        assert_eq!((e.first_line, e.column), (2, 7 + 7 * 500 + 1));
    }

    #[test]
    fn escapes_keep_the_label_on_its_text() {
        let text = "q = \"\u{1b}[2J\"\n";
        let e = excerpt(text, 4..10);
        assert_eq!(shown(&e), ("q = \"\\u{1b}[2J\"", "\"\\u{1b}[2J\""));
        assert_eq!(e.column, 5);
    }
}
