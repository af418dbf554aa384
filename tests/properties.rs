//! Property tests: any Unicode text in any text field of the sources gives
//! either a PDF that shows the text's printable characters, or errors that
//! say where in the sources the problem is. Never a panic, never an error
//! from inside the generated Typst or the layout.
//!
//! The seed is fixed, so every run checks the same cases; set
//! `PROPTEST_RNG_SEED=<number>` (and `PROPTEST_CASES`) to explore others.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use faqpress::config::PdfConfig;
use faqpress::diag::{self, Diagnostic, DiagnosticFormat, SourceFiles};
use faqpress::error::Failure;
use faqpress::project::Project;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use typst_layout::PagedDocument;

/// A fixed seed unless `PROPTEST_RNG_SEED` asks for another; `cases` unless
/// `PROPTEST_CASES` asks for more. Each case compiles a PDF (50–200 ms).
fn config(cases: u32) -> Config {
    let mut config = Config {
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if matches!(config.rng_seed, RngSeed::Random) {
        config.rng_seed = RngSeed::Fixed(0x000f_a9b7_e55e);
    }
    config
}

// ---------------------------------------------------------------------------
// Text strategies

/// Characters with a meaning in Typst markup, Markdown or TOML.
const SYNTAX: &[char] = &[
    '#', '$', '[', ']', '{', '}', '(', ')', '\\', '"', '\'', '<', '>', '@', '*', '_', '`', '/',
    '=', '-', '+', '~', '^', '&', ';', ':', ',', '.', '|', '!', '%', '?',
];

/// Characters the built-in fonts show, or that are invisible by nature:
/// bidi marks, joiners, combining marks, other scripts, odd spaces.
const TRICKY_SHOWN: &[char] = &[
    ' ', ' ', '\t', '\n', '\r', '\u{85}', '\u{a0}', '\u{ad}', '\u{200b}', '\u{200d}', '\u{200e}',
    '\u{200f}', '\u{202e}', '\u{2028}', '\u{2066}', '\u{2069}', '\u{feff}', '\u{fe0f}', '\u{301}',
    '\u{308}', 'ß', 'é', 'ø', 'Ω', 'Ж', 'א', 'ب', '€', '→', '…', '„', '“', '–', 'ﬁ',
];

/// Characters no built-in font has: controls, emoji, CJK, private use.
const TRICKY_MISSING: &[char] = &[
    '\u{0}',
    '\u{7}',
    '\u{1b}',
    '\u{7f}',
    '\u{9f}',
    '中',
    '😀',
    '👩',
    '\u{1f3fd}',
    '\u{e000}',
    '\u{f8ff}',
    '\u{fffe}',
    '\u{10ffff}',
];

fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        10 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        2 => prop::char::range('0', '9'),
        6 => prop::sample::select(SYNTAX),
        5 => prop::sample::select(TRICKY_SHOWN),
        1 => prop::sample::select(TRICKY_MISSING),
        // Any Unicode scalar value at all.
        1 => any::<char>(),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(String::from_iter)
}

/// Markdown building blocks mixed with hostile text, for answers.
fn hostile_markdown() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "\n\n",
        "\n",
        "- ",
        "1. ",
        "> ",
        "> [!NOTE]\n> ",
        "> [!WARNING]\n> ",
        "**",
        "*",
        "_",
        "`",
        "~~",
        "    ",
        "```\n",
        "```rust\n",
        "\\\n",
        "  \n",
        "---\n",
        "[link](https://example.org/a?b=c)",
        "<https://example.org/x>",
        "<a@example.org>",
        "[](#plain)",
        "[the plain one](#plain)",
        "[^1]",
        "\n\n[^1]: a note\n",
        "| a | b |\n|---|:-:|\n| c | d |\n",
        "&amp;",
        "&#x41;",
        "#",
        "$x$",
        "@ref",
        "<label>",
        "//",
        "/*",
        "#import \"x\": *",
        "#read(\"/etc/passwd\")",
    ];
    prop::collection::vec(
        prop_oneof![
            2 => prop::sample::select(TOKENS).prop_map(str::to_string),
            3 => hostile_text(12),
        ],
        0..14,
    )
    .prop_map(|parts| parts.concat())
}

// ---------------------------------------------------------------------------
// Projects

/// The text fields under test.
#[derive(Debug, Clone, Copy)]
enum Field {
    Title,
    Organization,
    SectionTitle,
    Version,
    Question,
    EntryTitle,
    Answer,
    Note,
    Label,
}

fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes a small two-release project with `text` in `field` and plain text
/// everywhere else.
fn write_project(dir: &Path, field: Field, text: &str) {
    let value = |f: Field, default: &str| {
        if std::mem::discriminant(&f) == std::mem::discriminant(&field) {
            toml_str(text)
        } else {
            toml_str(default)
        }
    };
    let faq = format!(
        r#"[document]
id = "props"
title = {title}
organization = {organization}
language = "en"

[[section]]
title = {section}
entries = ["hostile", "plain"]

[labels]
contents = {label}

[[release]]
version = "1.0"
date = 2026-03-02T12:00:00

[[release]]
version = {version}
date = 2026-03-04
notes = [{{ text = {note} }}]
"#,
        title = value(Field::Title, "Plain title"),
        organization = value(Field::Organization, "Plain organisation"),
        section = value(Field::SectionTitle, "Plain section"),
        label = value(Field::Label, "Contents"),
        version = value(Field::Version, "2.0"),
        note = value(Field::Note, "Plain note"),
    );
    let entry_title = match field {
        Field::EntryTitle => format!("title = {}\n", toml_str(text)),
        _ => String::new(),
    };
    let hostile = format!(
        "question = {}\n{entry_title}answer = {}\n",
        value(Field::Question, "Plain question?"),
        value(Field::Answer, "Plain answer."),
    );
    let sources = dir.join("sources");
    std::fs::create_dir_all(sources.join("entries")).expect("create sources");
    std::fs::write(sources.join("faq.toml"), faq).expect("write faq.toml");
    std::fs::write(sources.join("entries/hostile.toml"), hostile).expect("write entry");
    std::fs::write(
        sources.join("entries/plain.toml"),
        "question = \"Another question?\"\nanswer = \"Another answer.\"\n",
    )
    .expect("write entry");
}

/// What building the latest release gave: a PDF, and the layout it was
/// exported from.
enum Outcome {
    Pdf(PagedDocument),
    Errors,
}

/// Opens and compiles the project in `dir`, checking that every failure is
/// a set of errors placed in the sources.
fn build(dir: &Path) -> Result<Outcome, TestCaseError> {
    let project = match Project::open(&dir.join("sources")) {
        Ok(project) => project,
        Err(failure) => {
            check_failure(failure, None)?;
            return Ok(Outcome::Errors);
        }
    };
    let index = project.release(None).expect("a latest release");
    let name = faqpress::output::pdf_name(&project.faq, index);
    prop_assert!(
        Path::new(&name).file_name() == Some(name.as_ref()) && name.len() <= 255,
        "the PDF name {name:?} is not a single, valid file name"
    );
    let config = match PdfConfig::resolve(None, false, &project.faq.document) {
        Ok(config) => config,
        Err(failure) => {
            check_failure(failure, Some(project.layout_file))?;
            return Ok(Outcome::Errors);
        }
    };
    match project.compile(index, &config) {
        Ok(_) => match project.layout(index, &config) {
            Ok((layout, _)) => Ok(Outcome::Pdf(layout)),
            Err(failure) => Err(TestCaseError::fail(format!(
                "the release compiles, but its layout fails: {failure:?}"
            ))),
        },
        Err(failure) => {
            check_failure(failure, Some(project.layout_file))?;
            Ok(Outcome::Errors)
        }
    }
}

/// A failure must be errors in the sources, each with a place that is not
/// the layout, and must render without panicking.
fn check_failure(failure: Failure, layout: Option<usize>) -> Result<(), TestCaseError> {
    let Failure::Sources { files, diags } = failure else {
        return Err(TestCaseError::fail(format!(
            "expected errors in the sources, got {failure:?}"
        )));
    };
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    prop_assert!(!errors.is_empty(), "a failure without errors: {diags:?}");
    let shown = render(&files, &diags);
    for error in errors {
        let placed = error
            .at
            .as_ref()
            .is_some_and(|(file, _)| Some(*file) != layout && *file != 0);
        prop_assert!(placed, "an error not placed in the sources:\n{shown}");
        prop_assert!(
            !error.message.contains("laying out"),
            "an error from inside the generated Typst:\n{shown}"
        );
    }
    Ok(())
}

fn render(files: &SourceFiles, diags: &[Diagnostic]) -> String {
    diag::render(files, diags, DiagnosticFormat::Short)
        + &diag::render(files, diags, DiagnosticFormat::Human)
}

// ---------------------------------------------------------------------------
// What the PDF must show

/// Unicode's Default_Ignorable_Code_Point: never drawn.
fn default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// A character that leaves ink on the page.
fn printable(c: char) -> bool {
    !c.is_control() && !c.is_whitespace() && !default_ignorable(c)
}

/// The characters of a Markdown answer that reach the page: text and code,
/// not link targets or image descriptions, and the text of a footnote only
/// when the answer (or a note it shows) refers to it.
fn visible_markdown(source: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM;
    let mut shown = String::new();
    // Each note's text and the notes it refers to.
    let mut notes: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut referenced = vec![];
    let mut in_image = 0;
    let mut in_note: Option<String> = None;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image -= 1,
            Event::Start(Tag::FootnoteDefinition(name)) => {
                in_note = Some(name.to_string());
                notes.entry(name.to_string()).or_default();
            }
            Event::End(TagEnd::FootnoteDefinition) => in_note = None,
            Event::FootnoteReference(name) => match &in_note {
                Some(note) => notes
                    .entry(note.clone())
                    .or_default()
                    .1
                    .push(name.to_string()),
                None => referenced.push(name.to_string()),
            },
            Event::Text(text) | Event::Code(text) if in_image == 0 => match &in_note {
                Some(note) => notes.entry(note.clone()).or_default().0.push_str(&text),
                None => shown.push_str(&text),
            },
            _ => {}
        }
    }
    let mut done = BTreeSet::new();
    while let Some(name) = referenced.pop() {
        if let Some((text, refs)) = notes.get(&name)
            && done.insert(name)
        {
            shown.push_str(text);
            referenced.extend(refs.iter().cloned());
        }
    }
    shown
}

fn pdf_text(layout: &PagedDocument) -> String {
    common::frames::page_texts(layout).concat()
}

/// Builds a project with `text` in `field`; a PDF must show every printable
/// character of what the field shows.
fn check_field(field: Field, text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temporary folder");
    write_project(dir.path(), field, text);
    let Outcome::Pdf(pdf) = build(dir.path())? else {
        return Ok(());
    };
    let shown = match field {
        Field::Answer => visible_markdown(text),
        // A one-page document shows it only above the title, in capitals.
        Field::Organization => text.to_uppercase(),
        _ => text.to_string(),
    };
    let page_text = pdf_text(&pdf);
    let on_page: BTreeSet<char> = page_text.chars().collect();
    let lost: Vec<String> = shown
        .chars()
        .filter(|&c| printable(c) && !on_page.contains(&c))
        .map(|c| format!("{c:?}"))
        .collect();
    prop_assert!(
        lost.is_empty(),
        "characters missing from the PDF: {}\n--- page text:\n{page_text}",
        lost.join(" ")
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn any_document_title(text in hostile_text(40)) {
        check_field(Field::Title, &text)?;
    }

    #[test]
    fn any_organization(text in hostile_text(40)) {
        check_field(Field::Organization, &text)?;
    }

    #[test]
    fn any_section_title(text in hostile_text(40)) {
        check_field(Field::SectionTitle, &text)?;
    }

    #[test]
    fn any_version(text in hostile_text(16)) {
        check_field(Field::Version, &text)?;
    }

    #[test]
    fn any_question(text in hostile_text(60)) {
        check_field(Field::Question, &text)?;
    }

    #[test]
    fn any_short_title(text in hostile_text(40)) {
        check_field(Field::EntryTitle, &text)?;
    }

    #[test]
    fn any_release_note(text in hostile_text(60)) {
        check_field(Field::Note, &text)?;
    }

    #[test]
    fn any_label(text in hostile_text(30)) {
        check_field(Field::Label, &text)?;
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn any_markdown_answer(text in hostile_markdown()) {
        check_field(Field::Answer, &text)?;
    }
}
