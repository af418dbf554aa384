//! Text from the sources made safe to show on a terminal.
//!
//! The sources are untrusted, and a terminal obeys the characters it is sent:
//! `ESC ]0;…` retitles the window, `ESC [2J` clears it, a bare carriage return
//! overwrites what a line said, and a right-to-left override (U+202E) shows
//! text in an order other than the one it has. Everything faqpress prints as
//! text passes through [`clean`] (in `console` and `diag`), which shows such
//! characters as escapes instead; machine formats (JSON) keep their own
//! escaping.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` changes how a terminal lays out or orders text rather than
/// being shown: C0 and C1 controls and DEL (`char::is_control`), the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and
/// the line and paragraph separators (U+2028, U+2029; U+0085 is a C1
/// control).
pub fn is_hostile(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The bidi characters that reorder the text after them (Trojan Source).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hostile character shown as an escape, `\u{1b}` for ESC;
/// a newline, a tab and the carriage return of a `\r\n` are layout and stay.
/// Borrows when there is nothing to escape, the common case.
pub fn clean(text: &str) -> Cow<'_, str> {
    let Some(first) = text
        .char_indices()
        .find(|&(i, c)| hostile_at(text, i, c))
        .map(|(i, _)| i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for (i, c) in text[first..].char_indices() {
        if hostile_at(text, first + i, c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether the character `c` at byte `i` of `text` must be escaped.
fn hostile_at(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' => !text[i + 1..].starts_with('\n'),
        _ => is_hostile(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(clean("Frage 1\n\tAntwort ü"), Cow::Borrowed(_)));
        assert!(matches!(clean("a\r\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_bidi_and_separators_are_escaped() {
        assert_eq!(clean("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(clean("a\rb"), "a\\u{d}b");
        assert_eq!(clean("ab\r"), "ab\\u{d}");
        assert_eq!(clean("\u{9b}2J \u{7f}"), "\\u{9b}2J \\u{7f}");
        assert_eq!(clean("1.0\u{202e}fdp"), "1.0\\u{202e}fdp");
        assert_eq!(clean("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(clean("a\u{2028}b\u{85}c"), "a\\u{2028}b\\u{85}c");
    }
}
