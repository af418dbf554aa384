//! Markdown through the tree to Typst: every construct the format allows
//! parses and renders, and no source text escapes its string literal.

use super::*;
use crate::diag::Loc;
use crate::render::typst::escape::str_lit;
use crate::render::typst::tree::{CODE_NAMES, text_code};
use proptest::prelude::*;
use typst::syntax::{SyntaxKind, SyntaxNode, parse_code};

/// A text parsed and rendered: its Typst code and what the tree records.
struct Converted {
    typst: String,
    links: Vec<(String, Loc)>,
    images: Vec<String>,
}

/// Parses `md` as an answer of the entry with key `k`, images looked up
/// in `root`, renders it and checks that the result is safe generated code.
fn conv_in(root: &Path, md: &str) -> (Converted, Vec<Diagnostic>) {
    let mut source = MappedText::default();
    source.push(md, 0, 0, true);
    let mut diags = Diagnostics::default();
    let text = parse(&source, root, "k", &mut diags);
    let typst = text_code(&text);
    assert_generated_code(&typst);
    let converted = Converted {
        typst,
        links: text
            .refs()
            .into_iter()
            .map(|(id, at)| (id.to_string(), at.clone()))
            .collect(),
        images: text.images().into_iter().map(str::to_string).collect(),
    };
    (converted, diags.list)
}

fn conv(md: &str) -> (Converted, Vec<Diagnostic>) {
    conv_in(Path::new("/nonexistent"), md)
}

/// The Typst code of an answer that converts without diagnostics.
fn typst(md: &str) -> String {
    let (markdown, diags) = conv(md);
    assert!(diags.is_empty(), "unexpected diagnostics: {diags:?}");
    markdown.typst
}

/// The messages of the diagnostics, with the text they point at.
fn errors(md: &str) -> Vec<(String, String)> {
    let (_, diags) = conv(md);
    diags
        .iter()
        .map(|d| {
            let range = d.at.clone().map(|(_, r)| r).unwrap_or_default();
            (d.message.clone(), md[range].to_string())
        })
        .collect()
}

/// Asserts that `code` parses as Typst code and consists only of string
/// literals, numbers, booleans, `none`, footnote labels, punctuation and the
/// allowed names: no markup, math, raw text or other identifiers.
fn assert_generated_code(code: &str) {
    let root = parse_code(code);
    let (errors, warnings) = root.errors_and_warnings();
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "generated code does not parse: {errors:?} {warnings:?}\n{code}"
    );
    check_leaves(&root, code);
}

fn check_leaves(node: &SyntaxNode, code: &str) {
    let text = node.leaf_text().as_str();
    let ok = match node.kind() {
        SyntaxKind::Ident => CODE_NAMES.contains(&text),
        SyntaxKind::Label => text.starts_with("<fn-k-"),
        SyntaxKind::Str
        | SyntaxKind::Int
        | SyntaxKind::Bool
        | SyntaxKind::None
        | SyntaxKind::Space
        | SyntaxKind::Hash
        | SyntaxKind::Comma
        | SyntaxKind::Colon
        | SyntaxKind::Dot
        | SyntaxKind::LeftBrace
        | SyntaxKind::RightBrace
        | SyntaxKind::LeftBracket
        | SyntaxKind::RightBracket
        | SyntaxKind::LeftParen
        | SyntaxKind::RightParen
        | SyntaxKind::Markup => true,
        _ => node.children().len() > 0,
    };
    assert!(
        ok,
        "unexpected {:?} `{text}` in generated code:\n{code}",
        node.kind()
    );
    for child in node.children() {
        check_leaves(child, code);
    }
}

#[test]
fn paragraphs_are_strings_joined_by_parbreaks() {
    let long = "word ".repeat(40);
    assert_eq!(
        typst(&format!("{long}\n\nthree\nfour")),
        format!(
            "{{\n{}\nparbreak()\n{{\n\"three\"\n\" \"\n\"four\"\n}}\nparbreak()\n}}",
            str_lit(long.trim())
        )
    );
}

#[test]
fn a_short_first_paragraph_leads_into_the_next_block() {
    assert_eq!(
        typst("one\ntwo\n\nthree"),
        "{\nfaq-lead({\n\"one\"\n\" \"\n\"two\"\n})\n\"three\"\nparbreak()\n}"
    );
}

#[test]
fn paragraphs_that_introduce_a_list_code_or_table_lead_into_it() {
    let long = "word ".repeat(40);
    let colon = typst(&format!("{long}\n\nDo this:\n\n- a\n"));
    assert!(colon.contains("faq-lead(\"Do this:\")\nlist("), "{colon}");
    let bold = typst(&format!("{long}\n\n**Steps**\n\n```\nx\n```\n"));
    assert!(
        bold.contains("faq-lead(strong(\"Steps\"))\nfaq-code("),
        "{bold}"
    );
    let plain = typst(&format!("{long}\n\nNo colon.\n\n- a\n"));
    assert!(!plain.contains("faq-lead"), "{plain}");
}

#[test]
fn a_table_whose_header_is_empty_has_no_header_row() {
    let code = typst("| | |\n|---|---|\n| a | b |\n");
    assert!(code.starts_with("faq-headless(table("), "{code}");
    assert!(!code.contains("table.header"), "{code}");
}

#[test]
fn inline_styles_become_element_calls() {
    assert_eq!(
        typst("**b** *e* ~~s~~ `c`"),
        "{\n{\nstrong(\"b\")\n\" \"\nemph(\"e\")\n\" \"\nstrike(\"s\")\n\" \"\nraw(\"c\")\n}\nparbreak()\n}"
    );
}

#[test]
fn hard_breaks_become_linebreaks() {
    let code = typst("a  \nb\\\nc");
    assert_eq!(code.matches("linebreak()").count(), 2, "{code}");
}

#[test]
fn nested_lists_nest_list_calls() {
    assert_eq!(
        typst("- a\n  - b\n- c"),
        "{\nlist(tight: true, {\n\"a\"\nlist(tight: true, \"b\")\n}, \"c\")\n}"
    );
}

#[test]
fn numbered_lists_keep_their_start_and_looseness() {
    assert_eq!(
        typst("3. a\n4. b"),
        "enum(tight: true, start: 3, \"a\", \"b\")"
    );
    let loose = typst("1. a\n\n2. b");
    assert!(
        loose.starts_with("{\nenum(tight: false, start: 1, "),
        "{loose}"
    );
}

#[test]
fn numbered_list_inside_bullet_list() {
    let code = typst("- a\n  1. x\n  2. y\n- b");
    assert!(
        code.contains(
            "list(tight: true, {\n\"a\"\nenum(tight: true, start: 1, \"x\", \"y\")\n}, \"b\")"
        ),
        "{code}"
    );
}

#[test]
fn tables_have_header_alignment_and_padded_rows() {
    assert_eq!(
        typst("| a | b | c |\n|:-|-:|:-:|\n| 1 |\n| 2 | 3 | 4 |\n"),
        "table(columns: 3, align: (left, right, center,), table.header(\"a\", \"b\", \"c\"), \"1\", [], [], \"2\", \"3\", \"4\")"
    );
}

#[test]
fn table_cells_hold_inline_markup() {
    let code = typst("| a |\n|---|\n| **x** [y](https://example.org) |\n");
    assert!(
        code.contains("{\nstrong(\"x\")\n\" \"\nfaq-link(\"https://example.org\", (\"https://\", \"example.\", \"org\",), \"y\")\n}"),
        "{code}"
    );
}

#[test]
fn footnotes_are_labelled_and_reused() {
    let code = typst("x[^1] y[^1] z[^b]\n\n[^1]: one\n[^b]: two");
    let first = code.find("[#footnote({\n\"one\"\nparbreak()\n})<fn-k-0>]");
    let again = code.find("footnote(label(\"fn-k-0\"))");
    let second = code.find("[#footnote({\n\"two\"\nparbreak()\n})<fn-k-1>]");
    assert!(
        first.is_some() && again.is_some() && second.is_some(),
        "{code}"
    );
    assert!(first < again && again < second, "{code}");
    assert!(
        !code.contains('\u{0}'),
        "a footnote marker was left: {code:?}"
    );
}

#[test]
fn footnote_definitions_alone_print_nothing() {
    assert_eq!(typst("text\n\n[^1]: unused"), "{\n\"text\"\nparbreak()\n}");
}

#[test]
fn alerts_become_note_boxes() {
    for (marker, kind) in [
        ("NOTE", "note"),
        ("TIP", "tip"),
        ("IMPORTANT", "important"),
        ("WARNING", "warning"),
        ("CAUTION", "caution"),
    ] {
        assert_eq!(
            typst(&format!("> [!{marker}]\n> Text")),
            format!("{{\nfaq-alert(\"{kind}\", {{\n\"Text\"\nparbreak()\n}})\n}}")
        );
    }
}

#[test]
fn plain_block_quotes_stay_quotes() {
    assert_eq!(
        typst("> Zitat"),
        "{\nquote(block: true, {\n\"Zitat\"\nparbreak()\n})\n}"
    );
}

#[test]
fn autolinks_show_their_address() {
    assert_eq!(
        typst("<https://www.example.org/a?b=c>"),
        "{\nfaq-link(\"https://www.example.org/a?b=c\", (\"https://\", \"www.\", \"example.\", \"org/\", \"a?\", \"b=c\",))\nparbreak()\n}"
    );
}

#[test]
fn email_autolinks_become_mailto_links() {
    assert_eq!(
        typst("<hilfe@example.org>"),
        "{\nfaq-link(\"mailto:hilfe@example.org\", (\"hilfe@\", \"example.\", \"org\",))\nparbreak()\n}"
    );
}

#[test]
fn mailto_links_keep_their_text() {
    assert_eq!(
        typst("[Schreiben Sie uns](mailto:hilfe@example.org)"),
        "{\nfaq-link(\"mailto:hilfe@example.org\", (\"hilfe@\", \"example.\", \"org\",), \"Schreiben Sie uns\")\nparbreak()\n}"
    );
}

#[test]
fn cross_references_with_empty_text_are_recorded() {
    let md = "Siehe [](#kontakt).";
    let (markdown, diags) = conv(md);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(
        markdown.typst.contains("faq-ref(\"kontakt\")"),
        "{}",
        markdown.typst
    );
    assert_eq!(markdown.links.len(), 1);
    let (id, (file, range)) = &markdown.links[0];
    assert_eq!((id.as_str(), *file), ("kontakt", 0));
    assert_eq!(&md[range.clone()], "[](#kontakt)");
}

#[test]
fn cross_references_with_text_keep_it() {
    let (markdown, _) = conv("[die Kontaktfrage](#kontakt) und [](#updates)");
    assert!(
        markdown
            .typst
            .contains("faq-ref(\"kontakt\", plain: \"die Kontaktfrage\", \"die Kontaktfrage\")"),
        "{}",
        markdown.typst
    );
    let ids: Vec<&str> = markdown.links.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["kontakt", "updates"]);
}

#[test]
fn links_without_a_target_are_errors() {
    assert_eq!(
        errors("a [x](#) b"),
        [("link without a target".to_string(), "[x](#)".to_string())]
    );
    assert_eq!(errors("[x]()")[0].0, "link without a target");
}

#[test]
fn malformed_links_are_errors() {
    for dest in [
        "ftp://example.org",
        "www.example.org",
        "https://",
        "mailto:nobody",
    ] {
        let found = errors(&format!("[x]({dest})"));
        assert_eq!(found.len(), 1, "{dest}: {found:?}");
    }
    assert_eq!(
        errors("[x](ftp://example.org)")[0].0,
        "malformed link target `ftp://example.org`"
    );
}

#[test]
fn raw_html_is_an_error_and_dropped() {
    let (markdown, diags) = conv("a <b>bold</b> c");
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert_eq!(diags[0].message, "raw HTML is not allowed in answers");
    assert!(!markdown.typst.contains("<b>"), "{}", markdown.typst);
    assert_eq!(
        errors("<div>\nx\n</div>")[0].0,
        "raw HTML is not allowed in answers"
    );
}

#[test]
fn headings_are_errors_pointing_at_the_heading() {
    assert_eq!(
        errors("text\n\n## Heading\n\nmore"),
        [(
            "headings are not allowed in answers".to_string(),
            "## Heading\n".to_string()
        )]
    );
}

#[test]
fn code_blocks_keep_text_and_plain_languages() {
    assert_eq!(
        typst("```rust\nlet x = \"#y\";\n```"),
        "faq-code(\"rust\", \"let x = \\\"#y\\\";\\n\")"
    );
    assert_eq!(typst("```{evil}\nx\n```"), "faq-code(none, \"x\\n\")");
    assert_eq!(typst("    indented"), "faq-code(none, \"indented\")");
}

#[test]
fn rules_become_faq_rules() {
    assert_eq!(typst("a\n\n---\n\nb").matches("faq-rule()").count(), 1);
}

#[test]
fn footnote_without_text_is_an_error() {
    assert_eq!(
        errors("a[^x] b"),
        [(
            "footnote `[^x]` has no text".to_string(),
            "[^x]".to_string()
        )]
    );
}

#[test]
fn bracket_text_that_is_no_footnote_passes() {
    for md in [
        "a \\[^x] b",
        "`[^x]`",
        "```\n[^x]\n```",
        "[^x y]",
        "[a]",
        "a[^1]\n\n[^1]: b",
    ] {
        let (_, diags) = conv(md);
        assert!(diags.is_empty(), "{md}: {diags:?}");
    }
}

/// A valid 1 × 1 pixel PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

#[test]
fn images_point_into_the_sources_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("images")).expect("images folder");
    std::fs::write(dir.path().join("images/plan.png"), PNG).expect("image");
    let (markdown, diags) = conv_in(dir.path(), "![Der Plan](images/plan.png)");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        markdown.typst,
        "{\nfaq-image(\"/images/plan.png\", alt: \"Der Plan\")\nparbreak()\n}"
    );
    assert_eq!(markdown.images, ["images/plan.png"]);
}

#[test]
fn bad_images_are_errors() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("images")).expect("images folder");
    std::fs::write(dir.path().join("images/plan.png"), PNG).expect("image");
    let message = |md: &str| {
        let (_, diags) = conv_in(dir.path(), md);
        diags.iter().map(|d| d.message.clone()).collect::<Vec<_>>()
    };
    assert_eq!(message("![](images/plan.png)"), ["image without alt text"]);
    assert_eq!(
        message("![x](images/none.png)"),
        ["image `images/none.png` does not exist"]
    );
    assert_eq!(
        message("![x](../secret.png)"),
        ["image `../secret.png` lies outside the sources folder"]
    );
    assert_eq!(
        message("![x](/etc/x.png)"),
        ["image `/etc/x.png` lies outside the sources folder"]
    );
    assert_eq!(
        message("![x](https://example.org/x.png)"),
        ["image `https://example.org/x.png` lies outside the sources folder"]
    );
    assert_eq!(
        message("![x](images/plan.pdf)"),
        ["image `images/plan.pdf` is not a PNG, JPEG, GIF, SVG or WebP file"]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let md = format!("{}x", "> ".repeat(200));
    let (_, diags) = conv(&md);
    assert!(
        diags.iter().any(|d| d.message.contains("nested more than")),
        "{diags:?}"
    );
}

/// The text the code shows: its string literals, decoded and joined.
fn shown(code: &str) -> String {
    fn walk(node: &SyntaxNode, out: &mut String) {
        if node.kind() == SyntaxKind::Str {
            let lit = node.leaf_text();
            let mut chars = lit[1..lit.len() - 1].chars();
            while let Some(c) = chars.next() {
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some(other) => out.push(other),
                    None => {}
                }
            }
        }
        for child in node.children() {
            walk(child, out);
        }
    }
    let mut out = String::new();
    walk(&parse_code(code), &mut out);
    out
}

/// Text that would be code or markup in Typst stays a string literal.
#[test]
fn adversarial_text_stays_in_string_literals() {
    let payload = r#"#read("/etc/passwd") #panic("x") $x$ \<lbl> @ref \] \\ // /\* 'a' "b""#;
    let expected = r#"#read("/etc/passwd") #panic("x") $x$ <lbl> @ref ] \ // /* 'a' "b""#;
    for md in [
        payload.to_string(),
        format!("- {payload}\n  - {payload}"),
        format!("| h |\n|---|\n| {payload} |"),
        format!("[{payload}](https://example.org)"),
        format!("a[^1]\n\n[^1]: {payload}"),
        format!("> [!NOTE]\n> {payload}"),
        format!("**{payload}**"),
    ] {
        let code = typst(&md);
        assert!(shown(&code).contains(expected), "{md}\n{code}");
    }
    let code = typst(r#"`#read("/etc/passwd") <lbl> \ ]`"#);
    assert!(
        code.contains(r##"raw("#read(\"/etc/passwd\") <lbl> \\ ]")"##),
        "{code}"
    );
}

proptest! {
    /// Whatever the Markdown, the result is only calls and literals.
    #[test]
    fn any_text_converts_to_safe_code(md in "[-a-z #$<>@\\[\\]\\\\/*\"'`_~|!{}()^:.0-9\n]{0,80}") {
        let _ = conv(&md);
    }
}
