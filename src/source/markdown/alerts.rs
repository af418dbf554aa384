//! The first line of a block quote, read for alert markers that the Markdown
//! parser does not take: a GFM marker with a title after it
//! (`> [!WARNING] Wichtig`), and a marker that is misspelt or unknown
//! (`> [!WARN]`); and paragraphs that open an admonition of another tool
//! (`!!! warning "…"`, `:::note`), which would otherwise print as written.

use std::ops::Range;

use crate::diag::nearest;
use crate::model::doc::AlertKind;

/// The kinds as written in a marker, with the kind each stands for.
const MARKERS: [(&str, AlertKind); 5] = [
    ("NOTE", AlertKind::Note),
    ("TIP", AlertKind::Tip),
    ("IMPORTANT", AlertKind::Important),
    ("WARNING", AlertKind::Warning),
    ("CAUTION", AlertKind::Caution),
];

/// What the first line of a block quote holds.
#[derive(Debug, PartialEq)]
pub enum Marker {
    /// A known marker with a title: the quote is an alert headed by the
    /// title; `line` is the marker line, to be left out of the box.
    Titled {
        kind: AlertKind,
        title: String,
        line: Range<usize>,
    },
    /// `[!NAME]` with a name that is no kind: the marker as written, and the
    /// place of the marker in the text.
    Unknown { written: String, at: Range<usize> },
}

/// Reads the line of `text` at `start`, where a block quote's `>` stands.
pub fn quote_marker(text: &str, start: usize) -> Option<Marker> {
    let rest = text.get(start..)?;
    let end = start + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let line = &text[start..end];
    let after_quote = line.strip_prefix('>')?;
    let trimmed = after_quote.trim_start_matches([' ', '\t']);
    let marker_start = end - line.len() + (line.len() - trimmed.len());
    let inner = trimmed.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let name = &inner[..close];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let written = format!("[!{name}]");
    let title = inner[close + 1..].trim();
    match kind_named(name) {
        // A bare known marker is the parser's own alert.
        Some(_) if title.is_empty() => None,
        Some(kind) => Some(Marker::Titled {
            kind,
            title: title.to_string(),
            line: start..end,
        }),
        None => Some(Marker::Unknown {
            at: marker_start..marker_start + written.len(),
            written,
        }),
    }
}

fn kind_named(name: &str) -> Option<AlertKind> {
    MARKERS
        .iter()
        .find(|(marker, _)| marker.eq_ignore_ascii_case(name))
        .map(|(_, kind)| *kind)
}

/// The hint for an unknown marker: the nearest kind, and all of them.
pub fn unknown_marker_hint(written: &str) -> String {
    let name = written
        .trim_start_matches("[!")
        .trim_end_matches(']')
        .to_ascii_uppercase();
    let near = nearest(&name, MARKERS.iter().map(|(m, _)| *m)).or_else(|| synonym(&name));
    let all = "`[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`";
    match near {
        Some(marker) => format!(
            "did you mean `[!{marker}]`? A box is a quote whose first line is {all}, optionally followed by its title"
        ),
        None => format!(
            "a box is a quote whose first line is {all}, optionally followed by its title; to show the brackets, write `\\[!{name}]`"
        ),
    }
}

/// An admonition of another tool that opens the paragraph at `start`:
/// the kind it names and the text of its first line.
pub fn foreign_admonition(text: &str, start: usize) -> Option<(AlertKind, String)> {
    let rest = text.get(start..)?;
    let line = rest.lines().next()?.trim_end();
    // MkDocs and Python-Markdown: `!!! note "Title"`, `??? note` (foldable).
    // Docusaurus, VuePress and Pandoc: `:::note Title`, `::: warning`.
    let body = line
        .strip_prefix("!!!")
        .or_else(|| line.strip_prefix("???"))
        .or_else(|| line.strip_prefix(":::"))?;
    let body = body.trim_start_matches(['+', ' ', '{', '.']);
    let word: String = body.chars().take_while(|c| c.is_alphabetic()).collect();
    if word.is_empty() {
        // A closing `:::`, or text that starts with three marks.
        return None;
    }
    let kind = kind_named(&word)
        .or_else(|| synonym(&word.to_ascii_uppercase()).and_then(kind_named))
        .unwrap_or(AlertKind::Note);
    let title = body[word.len()..]
        .trim()
        .trim_matches(['"', '}'])
        .trim()
        .to_string();
    Some((kind, title))
}

/// The hint for an admonition of another tool: the same box as a GFM alert.
pub fn admonition_hint(kind: AlertKind, title: &str) -> String {
    let marker = marker_of_kind(kind);
    let first = if title.is_empty() {
        format!("> [!{marker}]")
    } else {
        format!("> [!{marker}] {title}")
    };
    format!(
        "write the box as a quote: `{first}` on its first line, and `> ` before each line of its text"
    )
}

/// Names other tools use for the kinds.
fn synonym(name: &str) -> Option<&'static str> {
    Some(match name {
        "INFO" | "INFORMATION" | "HINWEIS" | "ABSTRACT" | "SUMMARY" | "QUOTE" | "EXAMPLE"
        | "NOTIZ" => "NOTE",
        "HINT" | "TIPP" | "SUCCESS" | "CHECK" | "DONE" => "TIP",
        "WICHTIG" | "QUESTION" | "HELP" | "FAQ" => "IMPORTANT",
        "WARN" | "ATTENTION" | "ACHTUNG" | "WARNUNG" => "WARNING",
        "DANGER" | "ERROR" | "FAILURE" | "BUG" | "VORSICHT" | "GEFAHR" => "CAUTION",
        _ => return None,
    })
}

fn marker_of_kind(kind: AlertKind) -> &'static str {
    MARKERS
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("NOTE", |(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_marker_with_a_title_is_a_titled_alert() {
        let text = "> [!WARNING] Wichtig: Fristen\n> Text\n";
        assert_eq!(
            quote_marker(text, 0),
            Some(Marker::Titled {
                kind: AlertKind::Warning,
                title: "Wichtig: Fristen".into(),
                line: 0..30,
            })
        );
        assert_eq!(quote_marker("> [!note]\n> Text", 0), None);
        assert_eq!(quote_marker("> Text [!NOTE]", 0), None);
    }

    #[test]
    fn an_unknown_marker_is_found_with_its_place() {
        let text = "Vorher\n\n>  [!WARN] Achtung\n";
        let Some(Marker::Unknown { written, at }) = quote_marker(text, 8) else {
            panic!("not found");
        };
        assert_eq!(written, "[!WARN]");
        assert_eq!(&text[at], "[!WARN]");
        assert!(unknown_marker_hint("[!WARN]").contains("`[!WARNING]`"));
        assert!(unknown_marker_hint("[!Hinweis]").contains("`[!NOTE]`"));
        assert!(unknown_marker_hint("[!xyzzy]").contains("\\[!XYZZY]"));
    }

    #[test]
    fn admonitions_of_other_tools_are_recognised() {
        assert_eq!(
            foreign_admonition("!!! warning \"Fristen beachten\"\n    Text", 0),
            Some((AlertKind::Warning, "Fristen beachten".into()))
        );
        assert_eq!(
            foreign_admonition(":::note\nText\n:::", 0),
            Some((AlertKind::Note, String::new()))
        );
        assert_eq!(
            foreign_admonition("::: danger Stop", 0),
            Some((AlertKind::Caution, "Stop".into()))
        );
        assert_eq!(foreign_admonition(":::\n", 0), None);
        assert_eq!(foreign_admonition("!!!1!", 0), None);
        assert!(admonition_hint(AlertKind::Warning, "Fristen").contains("`> [!WARNING] Fristen`"));
    }
}
