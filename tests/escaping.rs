//! Text from the sources can never run as Typst code: characters that mean
//! something to Typst (`#`, `$`, `<`, `@`, `]`, `\`, `//`, `/*`, quotes) are
//! printed as they are, wherever the text stands: a question, a title, each
//! kind of Markdown in an answer, a snippet, a release note, a revision's
//! change wording, a label, a section title, a version.

mod common;

use common::html;
use common::*;
use faqpress::model::ids::ReleaseIndex;
use faqpress::project::Project;
use faqpress::timeline::Snapshot;

/// What every place must show, character for character.
const SHOWN: &str = r#"#read("/etc/passwd") #panic("x") $x$ <lbl> @ref ] \ // /* 'q' "dq""#;

/// The same text as Markdown: `<`, `]`, `\` and `*` escaped.
const MARKDOWN: &str = r#"#read("/etc/passwd") #panic("x") $x$ \<lbl> @ref \] \\ // /\* 'q' "dq""#;

/// A release whose version holds characters Typst treats specially.
const VERSION: &str = "7.0 #$x$@]";

/// `text` escaped for a TOML basic string.
fn escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `text` as a TOML basic string.
fn basic(text: &str) -> String {
    format!("\"{}\"", escaped(text))
}

/// `text` as a TOML literal string.
fn literal(text: &str) -> String {
    format!("'''{text}'''")
}

/// The tagged text expected at one place.
fn shown(tag: &str) -> String {
    format!("{tag} {SHOWN}")
}

fn markdown(tag: &str) -> String {
    format!("{tag} {MARKDOWN}")
}

/// An entry with the text at every place an answer can hold it.
fn hostile_entry() -> String {
    format!(
        r#"title = {title}

[[revision]]
since = "1.0"
question = {question}
answer = "Erste Fassung."

[[revision]]
since = {version}
change = {change}
answer = '''
{para}

- {item}
  - {nested}

| Spalte | Wert |
|---|---|
| eins | {cell} |

[{link}](https://example.org/a)

`C01 #read("/etc/passwd") <lbl> \ ] $x$ @ref`

```
{code}
```

Mit Fußnote[^1] und Verweis auf [](#kontakt).

> [!NOTE]
> {note}

> [!WARNING]
> {warning}

{{{{#snippet boese}}}}

[^1]: {footnote}
'''
"#,
        title = literal(&shown("H01")),
        question = literal(&shown("Q01")),
        version = basic(VERSION),
        change = literal(&format!("{} {{n}}", shown("C02"))),
        para = markdown("P01"),
        item = markdown("L01"),
        nested = markdown("L02"),
        cell = markdown("Z01"),
        link = markdown("K01"),
        code = shown("D01"),
        note = markdown("B01"),
        warning = markdown("W01"),
        footnote = markdown("F01"),
    )
}

/// The sample with hostile text in every place, and a release that shows it.
fn hostile_project() -> TempProject {
    let p = TempProject::sample();
    let faq = "faq.toml";
    p.edit(
        faq,
        "title = \"Fragen und Antworten zum Cyberangriff auf die Ostwind Praxissoftware GmbH\"",
        &format!("title = {}", literal(&shown("T01"))),
    );
    p.edit(
        faq,
        "subtitle = \"Informationen für Praxen, MVZ und Vertriebspartner\"",
        &format!("subtitle = {}", literal(&shown("U01"))),
    );
    p.edit(
        faq,
        "organization = \"Ostwind Praxissoftware GmbH\"",
        &format!("organization = {}", literal(&shown("O01"))),
    );
    p.edit(
        faq,
        "closing = \"\"\"\n",
        &format!("closing = \"\"\"\n{}\n\n", escaped(&markdown("E01"))),
    );
    p.edit(
        faq,
        "[[section]]",
        &format!(
            "[labels]\ncontents = {}\nquestion-ref = {}\n\n[[section]]",
            literal(&shown("V01")),
            literal(&format!("{} Nr. {{n}}", shown("R01"))),
        ),
    );
    p.edit(
        faq,
        "title = \"Service, Updates und Kontakt\"",
        &format!("title = {}", literal(&shown("S01"))),
    );
    p.edit(
        faq,
        "    \"kontakt\",\n]",
        "    \"kontakt\",\n    \"boese\",\n]",
    );
    let release = format!(
        "\n[[release]]\nversion = {}\ndate = 2026-03-20T10:00:00\nnotes = [{{ text = {}, at = \"boese\" }}, {{ text = {} }}]\n",
        basic(VERSION),
        literal(&shown("N01")),
        literal(&shown("N02")),
    );
    let path = p.sources().join(faq);
    let text = std::fs::read_to_string(&path).expect("faq.toml");
    std::fs::write(&path, text + &release).expect("write faq.toml");
    std::fs::write(p.sources().join("entries/boese.toml"), hostile_entry()).expect("entry");
    std::fs::write(
        p.sources().join("snippets/boese.md"),
        markdown("G01") + "\n",
    )
    .expect("snippet");
    p
}

/// Text without white space and soft hyphens: what was set, however the
/// lines were broken.
/// Text without white space, soft hyphens and the mark that starts the
/// continuation of a wrapped code line.
fn canon(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}' && *c != '↪')
        .collect()
}

#[test]
fn source_text_is_printed_literally_everywhere() {
    let p = hostile_project();
    let output = p.run(&["build"]);
    assert_ok(&output);
    let pdfs = p.pdfs();
    assert_eq!(pdfs, [format!("kunden-faq_v{VERSION}_2026-03-20.pdf")]);
    let pages = pdf_pages(&p.sources(), &p.out().join(&pdfs[0]));
    let text = canon(&pages.join("\n"));

    let project = Project::open(&p.sources()).expect("the sources load");
    let latest = ReleaseIndex(project.faq.releases.len() - 1);
    let snap = Snapshot::new(&project.faq, latest);
    let number = |id: &str| snap.number_of(id).expect("question present").to_string();

    let mut expected: Vec<String> = [
        "T01", "U01", "E01", "V01", "S01", "H01", "Q01", "P01", "L01", "L02", "Z01", "K01", "D01",
        "B01", "W01", "G01", "F01", "N01", "N02",
    ]
    .iter()
    .map(|tag| shown(tag))
    .collect();
    expected.push(format!("{} Nr. {}", shown("R01"), number("kontakt")));
    expected.push(format!("{} {}", shown("C02"), number("boese")));
    expected.push(r#"C01 #read("/etc/passwd") <lbl> \ ] $x$ @ref"#.to_string());
    expected.push(format!("Version {VERSION}"));
    // In full only above the title, in capitals: the running header cuts it.
    expected.push(shown("O01").to_uppercase());
    let missing: Vec<&String> = expected
        .iter()
        .filter(|e| !text.contains(&canon(e)))
        .collect();
    assert!(
        missing.is_empty(),
        "not printed literally: {missing:#?}\nPDF text:\n{}",
        pages.join("\n")
    );
    assert!(
        !text.contains("root:"),
        "a file of the machine was read into the PDF"
    );
}

/// The same places in the HTML edition: every probe is text a reader sees,
/// and the page holds no element or attribute but faqpress's own.
#[test]
fn source_text_is_text_in_the_page() {
    let p = hostile_project();
    assert_ok(&p.run(&["build", "--format", "html"]));
    let name = format!("kunden-faq_v{VERSION}_2026-03-20.html");
    let html = std::fs::read_to_string(p.out().join(&name)).expect("the page is written");
    let project = Project::open(&p.sources()).expect("the sources load");
    let latest = ReleaseIndex(project.faq.releases.len() - 1);
    let snap = Snapshot::new(&project.faq, latest);
    let number = |id: &str| snap.number_of(id).expect("question present").to_string();

    let text = canon(&html::text(&html));
    let mut expected: Vec<String> = [
        "T01", "U01", "O01", "E01", "V01", "S01", "H01", "Q01", "P01", "L01", "L02", "Z01", "K01",
        "D01", "B01", "W01", "G01", "F01", "N01", "N02",
    ]
    .iter()
    .map(|tag| shown(tag))
    .collect();
    expected.push(format!("{} Nr. {}", shown("R01"), number("kontakt")));
    expected.push(format!("{} {}", shown("C02"), number("boese")));
    expected.push(r#"C01 #read("/etc/passwd") <lbl> \ ] $x$ @ref"#.to_string());
    expected.push(format!("Version {VERSION}"));
    let missing: Vec<&String> = expected
        .iter()
        .filter(|e| !text.contains(&canon(e)))
        .collect();
    assert!(missing.is_empty(), "not shown as text: {missing:#?}");

    let attributes = [
        "lang",
        "charset",
        "name",
        "content",
        "id",
        "class",
        "href",
        "src",
        "alt",
        "scope",
        "start",
        "role",
        "aria-labelledby",
    ];
    for tag in html::tags(&html) {
        assert!(
            html::ELEMENTS.contains(&tag.name.as_str()),
            "element from the sources: {tag:?}"
        );
        for (attr, _) in &tag.attrs {
            assert!(
                attributes.contains(&attr.as_str()),
                "attribute from the sources: {tag:?}"
            );
        }
    }
}

#[test]
fn hostile_text_in_every_release_compiles() {
    let p = hostile_project();
    let output = p.run(&["build", "--all"]);
    assert_ok(&output);
    assert_eq!(p.pdfs().len(), 7);
    assert!(
        !stderr(&output).to_lowercase().contains("warning"),
        "{}",
        stderr(&output)
    );
}
