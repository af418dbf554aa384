//! The one way source text enters generated HTML: escaped as text or as a
//! quoted attribute value.
//!
//! Text from the sources is never written as markup. In text, `&`, `<` and
//! `>` become character references; in an attribute value (always written in
//! double quotes) the quotes do too. Characters HTML forbids in a document
//! (control characters other than white space, noncharacters) become U+FFFD,
//! and line breaks of every kind become `\n`, so that the page stays valid
//! whatever the sources hold.

/// Appends `text` escaped for an element's content.
pub fn push_text(out: &mut String, text: &str) {
    push(out, text, false);
}

/// Appends `text` escaped for an attribute value in double quotes.
pub fn push_attr(out: &mut String, text: &str) {
    push(out, text, true);
}

/// `text` escaped for an element's content.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text(&mut out, text);
    out
}

/// `text` escaped for an attribute value in double quotes.
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_attr(&mut out, text);
    out
}

fn push(out: &mut String, text: &str, attr: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&#39;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push('\t'),
            // An invisible byte-order mark pasted into a text.
            '\u{feff}' => {}
            c if c.is_control() || is_noncharacter(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// U+FDD0–U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xfdd0..=0xfdef).contains(&n) || n & 0xfffe == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::{attr, text};

    #[test]
    fn markup_characters_become_references() {
        assert_eq!(
            text("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert('x') &amp; \"y\"&lt;/script&gt;"
        );
        assert_eq!(
            attr("\" onload=\"x' <b>"),
            "&quot; onload=&quot;x&#39; &lt;b&gt;"
        );
    }

    #[test]
    fn references_in_the_sources_stay_text() {
        assert_eq!(text("&lt;b&gt; &#x3c;"), "&amp;lt;b&amp;gt; &amp;#x3c;");
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(
            text("a\u{0}b\u{1b}c\u{9f}d\u{fffe}e\u{fdd0}"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}"
        );
        assert_eq!(text("a\r\nb\u{2028}c\u{feff}"), "a\nb\nc");
    }
}
