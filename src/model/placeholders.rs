//! Placeholders in texts faqpress fills in: `{n}` in a note that names a
//! question is that question's number. `{{` and `}}` are braces as text.

use std::ops::Range;

/// A brace in a note that is no placeholder faqpress fills in.
#[derive(Debug, PartialEq)]
pub struct BadPlaceholder {
    /// The byte range of the placeholder (or the lone brace) in the text.
    pub at: Range<usize>,
    pub written: String,
}

/// The note's text with `{n}` replaced by `number`; `None` as the number
/// means the note names no question, so `{n}` is an error there too.
pub fn fill(text: &str, number: Option<&str>) -> Result<String, BadPlaceholder> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let at = offset + i;
        let taken = if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            2
        } else if let (Some(n), true) = (number, tail.starts_with("{n}")) {
            out.push_str(n);
            3
        } else {
            let len = if tail.starts_with('{') {
                tail.find('}').map_or(1, |end| end + 1)
            } else {
                1
            };
            return Err(BadPlaceholder {
                at: at..at + len,
                written: tail[..len].to_string(),
            });
        };
        rest = &tail[taken..];
        offset = at + taken;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_is_the_number_of_the_question_named() {
        assert_eq!(
            fill("Frage {n} ergänzt", Some("5")),
            Ok("Frage 5 ergänzt".into())
        );
        assert_eq!(fill("{n} und {n}", Some("2.1")), Ok("2.1 und 2.1".into()));
        assert_eq!(fill("ohne", None), Ok("ohne".into()));
        assert_eq!(fill("{{n}} als Text", Some("5")), Ok("{n} als Text".into()));
    }

    #[test]
    fn other_braces_are_errors_with_their_place() {
        let bad = fill("Frage {n} ergänzt", None).unwrap_err();
        assert_eq!((bad.at, bad.written.as_str()), (6..9, "{n}"));
        let bad = fill("Seite {page}", Some("1")).unwrap_err();
        assert_eq!((bad.at, bad.written.as_str()), (6..12, "{page}"));
        assert_eq!(fill("a } b", None).unwrap_err().written, "}");
        assert_eq!(fill("a { b", None).unwrap_err().written, "{");
    }
}
