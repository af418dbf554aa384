//! Where each part of a TOML string value stands in its file.
//!
//! An answer is Markdown inside a TOML string. To point an error in the
//! Markdown at the right line and column of the `.toml` file, the decoded
//! string is walked side by side with the literal as written: plain runs map
//! one to one, each escape (`\"`, `\\`, `\u00e9`, a line-ending backslash) and
//! each CRLF line break maps to where it is written.

use crate::diag::Loc;
use crate::source::mapped::MappedText;

/// Maps a decoded TOML string back onto the file it was written in. Should
/// the literal not decode to `value` (which would be a bug here, not in the
/// sources), the whole text points at the start of the string.
pub fn mapped(value: &str, loc: &Loc, file_text: &str) -> MappedText {
    let (file, span) = loc;
    let raw = file_text.get(span.clone()).unwrap_or("");
    let (start, content, escapes) = content_of(raw);
    match walk(value, content, escapes) {
        Some(parts) => {
            let mut text = MappedText::default();
            for part in parts {
                let at = span.start + start + part.raw_start;
                text.push(&value[part.value], *file, at, part.exact);
            }
            text
        }
        None => {
            let mut text = MappedText::default();
            text.push(value, *file, span.start, false);
            text
        }
    }
}

/// A piece of the decoded value and where it is written in the literal.
struct Part {
    value: std::ops::Range<usize>,
    raw_start: usize,
    /// Written exactly as decoded (no escape, no CRLF), so offsets inside it
    /// map one to one.
    exact: bool,
}

/// Walks `value` and the literal's `raw` content together.
fn walk(value: &str, raw: &str, escapes: bool) -> Option<Vec<Part>> {
    let (mut i, mut j) = (0, 0);
    let mut parts: Vec<Part> = vec![];
    let mut run: Option<(usize, usize)> = None;
    let close = |run: &mut Option<(usize, usize)>, parts: &mut Vec<Part>, j: usize| {
        if let Some((ri, rj)) = run.take() {
            parts.push(Part {
                value: rj..j,
                raw_start: ri,
                exact: true,
            });
        }
    };
    while i < raw.len() {
        let rest = &raw[i..];
        if escapes && rest.starts_with('\\') {
            close(&mut run, &mut parts, j);
            let (raw_len, decoded) = escape(rest)?;
            let decoded_len = decoded.map_or(0, char::len_utf8);
            if let Some(c) = decoded {
                if !value[j..].starts_with(c) {
                    return None;
                }
                parts.push(Part {
                    value: j..j + decoded_len,
                    raw_start: i,
                    exact: false,
                });
            }
            i += raw_len;
            j += decoded_len;
        } else if rest.starts_with("\r\n") && value[j..].starts_with('\n') {
            close(&mut run, &mut parts, j);
            parts.push(Part {
                value: j..j + 1,
                raw_start: i,
                exact: false,
            });
            i += 2;
            j += 1;
        } else {
            let c = rest.chars().next()?;
            if !value[j..].starts_with(c) {
                return None;
            }
            run.get_or_insert((i, j));
            i += c.len_utf8();
            j += c.len_utf8();
        }
    }
    close(&mut run, &mut parts, j);
    (j == value.len()).then_some(parts)
}

/// One escape at the start of `rest`: how long it is written, and the
/// character it stands for (`None` for a line-ending backslash, which stands
/// for nothing and swallows the whitespace after it).
fn escape(rest: &str) -> Option<(usize, Option<char>)> {
    let after = &rest[1..];
    let simple = match after.chars().next()? {
        'b' => Some('\u{8}'),
        't' => Some('\t'),
        'n' => Some('\n'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((2, Some(c)));
    }
    let hex = |len: usize| {
        let digits = after.get(1..1 + len)?;
        let c = char::from_u32(u32::from_str_radix(digits, 16).ok()?)?;
        Some((2 + len, Some(c)))
    };
    match after.chars().next()? {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        c if c.is_whitespace() => {
            let ws = after.len() - after.trim_start().len();
            Some((1 + ws, None))
        }
        _ => None,
    }
}

/// The offset and raw content of a string literal without its delimiters (and
/// without the newline that may follow an opening `"""`), and whether escapes
/// are decoded in it (basic strings) or not (literal strings).
fn content_of(raw: &str) -> (usize, &str, bool) {
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
            let content = raw.get(start..end.max(start)).unwrap_or("");
            return (start, content, delim.starts_with('"'));
        }
    }
    (0, raw, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `file` (one key `answer`) and maps its value.
    fn map(file: &str) -> (String, MappedText) {
        let table = toml::de::DeTable::parse(file).expect("valid TOML");
        let (_, value) = table.get_ref().iter().next().expect("one key");
        let text = value.get_ref().as_str().expect("a string").to_string();
        let mapped = mapped(&text, &(0, value.span()), file);
        (text, mapped)
    }

    /// The text of `file` that the first occurrence of `needle` in the value maps to.
    fn shown<'f>(file: &'f str, text: &str, mapped: &MappedText, needle: &str) -> &'f str {
        let start = text.find(needle).expect("needle in value");
        let (_, at) = mapped.loc(start..start + needle.len());
        &file[at]
    }

    #[test]
    fn multi_line_strings_map_exactly() {
        let file = "answer = \"\"\"\nHallo **Welt**\n\"\"\"\n";
        let (text, m) = map(file);
        assert_eq!(shown(file, &text, &m, "**Welt*"), "**Welt*");
    }

    #[test]
    fn text_after_an_escape_maps_exactly() {
        let file = "answer = \"\"\"\nA \\\"quote\\\" and\\\\\nnext <b>line</b>\n\"\"\"\n";
        let (text, m) = map(file);
        assert!(text.contains("\"quote\" and\\\nnext"));
        assert_eq!(shown(file, &text, &m, "<b>"), "<b>");
        assert_eq!(shown(file, &text, &m, "and"), "and");
    }

    #[test]
    fn unicode_escapes_and_line_continuations_map() {
        let file = "answer = \"\"\"\nCaf\\u00e9 ist \\\n    offen <i>heute</i>\n\"\"\"\n";
        let (text, m) = map(file);
        assert!(text.starts_with("Café ist offen"));
        assert_eq!(shown(file, &text, &m, "<i>"), "<i>");
        let e = text.find('é').expect("é");
        assert_eq!(&file[m.loc(e..e + 2).1.start..][..6], "\\u00e9");
    }

    #[test]
    fn crlf_line_ends_map() {
        let file = "answer = '''\r\nline one\r\nline <two>\r\n'''\r\n";
        let (text, m) = map(file);
        assert_eq!(shown(file, &text, &m, "<two>"), "<two>");
    }

    #[test]
    fn single_line_strings_map() {
        let file = "answer = \"a\\tb <c>\"";
        let (text, m) = map(file);
        assert_eq!(shown(file, &text, &m, "<c>"), "<c>");
        assert_eq!(m.loc(1..2).1, 11..11);
    }

    #[test]
    fn a_value_that_does_not_match_points_at_the_start() {
        let m = mapped("other", &(0, 9..14), "answer = \"abc\"");
        assert_eq!(m.loc(2..3).1, 9..9);
    }
}
