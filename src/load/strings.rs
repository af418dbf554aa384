//! Where the text of a TOML string value starts in its file.

use crate::load::fields::Loc;
use crate::text::MappedText;

/// Maps a decoded TOML string back onto the file it was written in. When the
/// string was written without escapes, every offset maps exactly; otherwise the
/// whole text points at the start of the string.
pub fn mapped(value: &str, loc: &Loc, file_text: &str) -> MappedText {
    let (file, span) = loc;
    let raw = file_text.get(span.clone()).unwrap_or("");
    let (start, content) = content_of(raw);
    let mut text = MappedText::default();
    let exact = content == value;
    text.push(
        value,
        *file,
        span.start + if exact { start } else { 0 },
        exact,
    );
    text
}

/// The offset and raw content of a string literal without its delimiters (and
/// without the newline that may follow an opening `"""`).
fn content_of(raw: &str) -> (usize, &str) {
    for delim in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * delim.len() && raw.starts_with(delim) && raw.ends_with(delim) {
            let mut start = delim.len();
            if delim.len() == 3 {
                if raw[start..].starts_with("\r\n") {
                    start += 2;
                } else if raw[start..].starts_with('\n') {
                    start += 1;
                }
            }
            let end = raw.len() - delim.len();
            return (start, raw.get(start..end.max(start)).unwrap_or(""));
        }
    }
    (0, raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_strings_map_exactly() {
        let file = "answer = \"\"\"\nHallo **Welt**\n\"\"\"\n";
        let span = 9..file.len() - 1;
        let text = mapped("Hallo **Welt**\n", &(0, span), file);
        let (_, at) = text.loc(6..13);
        assert_eq!(&file[at], "**Welt*");
    }

    #[test]
    fn escaped_strings_point_at_their_start() {
        let file = "answer = \"a\\tb\"";
        let text = mapped("a\tb", &(0, 9..file.len()), file);
        assert_eq!(text.loc(2..3).1, 9..9);
    }
}
