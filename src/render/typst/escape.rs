//! The one way source text enters generated Typst: as a string literal.
//!
//! Text from the sources is never written as Typst markup or code. It becomes a
//! Typst string literal, which Typst shows as plain text whatever it contains:
//! `#`, `$`, `<`, `@`, `]`, `//` and backslashes have no meaning inside it.

/// A Typst string literal holding `text`, with two changes that keep the
/// meaning: every line break (`\r\n`, `\r`, U+000B, U+000C, U+0085, U+2028,
/// U+2029) becomes `\n`, since Typst draws a tab after the others as an
/// empty box; and U+FEFF (a byte-order mark pasted into the middle of a
/// text, invisible) is left out, since PDF/UA forbids it.
pub fn str_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push_str("\\n")
            }
            '\t' => out.push_str("\\t"),
            '\u{feff}' => {}
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::str_lit;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(str_lit(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }

    #[test]
    fn control_characters_become_unicode_escapes() {
        assert_eq!(str_lit("a\u{0}b\u{1b}\n"), r#""a\u{0}b\u{1b}\n""#);
    }

    #[test]
    fn markup_characters_stay_as_they_are() {
        assert_eq!(
            str_lit("#read(\"/etc/passwd\") $x$ <l> @r // /*"),
            "\"#read(\\\"/etc/passwd\\\") $x$ <l> @r // /*\""
        );
    }
}
