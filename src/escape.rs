//! The one way source text enters generated Typst: as a string literal.
//!
//! Text from the sources is never written as Typst markup or code. It becomes a
//! Typst string literal, which Typst shows as plain text whatever it contains:
//! `#`, `$`, `<`, `@`, `]`, `//` and backslashes have no meaning inside it.

/// A Typst string literal holding exactly `text`.
pub fn str_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
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
