//! The optional additions to the source format, each shown by a small FAQ in
//! `tests/fixtures/good/<name>/`: built with the binary, and read from the
//! PDF's layout as a reader sees it.

mod common;

use common::frames::page_texts;
use common::{TempProject, assert_ok, repo, stderr};

/// A fixture's releases as built by `build --all`: (file name, text with
/// line breaks and hyphenation undone, text page by page).
struct Built {
    project: TempProject,
    pdfs: Vec<(String, String, Vec<String>)>,
}

fn build(fixture: &str) -> Built {
    let project = TempProject::from_sources(&repo().join("tests/fixtures/good").join(fixture));
    let output = project.run(&["build", "--all", "--pdf-standard", "none"]);
    assert_ok(&output);
    assert!(
        stderr(&output).contains(", 0 warnings") || !stderr(&output).contains("warning"),
        "{fixture} builds with warnings:\n{}",
        stderr(&output)
    );
    let pdfs = project
        .pdfs()
        .into_iter()
        .map(|name| {
            let layout =
                common::layout(&project.sources(), &project.out().join(&name), Some("none"));
            let pages = page_texts(&layout);
            let flat = pages.join(" ").replace("\u{ad}\n", "");
            let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
            (name, flat, pages)
        })
        .collect();
    Built { project, pdfs }
}

impl Built {
    /// The flat text of the release whose file name starts with `prefix`.
    fn text(&self, prefix: &str) -> &str {
        self.pdfs
            .iter()
            .find(|(name, ..)| name.starts_with(prefix))
            .map(|(_, text, _)| text.as_str())
            .unwrap_or_else(|| panic!("no PDF `{prefix}…` in {:?}", self.project.pdfs()))
    }

    fn pages(&self, prefix: &str) -> &[String] {
        self.pdfs
            .iter()
            .find(|(name, ..)| name.starts_with(prefix))
            .map(|(_, _, pages)| pages.as_slice())
            .unwrap_or_else(|| panic!("no PDF `{prefix}…`"))
    }
}

#[test]
fn a_box_shows_the_title_written_on_its_marker_line() {
    let built = build("titled-alerts");
    let text = built.text("titled-alerts_v1.0");
    assert!(
        text.contains(
            "The deadlines stay as they are. Reports are due within 72 hours Report a breach"
        ),
        "{text}"
    );
    // The untitled box keeps the kind's label; no marker is printed.
    assert!(text.contains("Note The authority confirms"), "{text}");
    assert!(!text.contains("[!"), "{text}");
    assert!(!text.contains("Warning"), "{text}");
}

#[test]
fn br_in_a_table_cell_breaks_the_line_in_that_cell() {
    let built = build("table-line-breaks");
    let page = built
        .pages("table-line-breaks_v1.0")
        .iter()
        .find(|p| p.contains("Help desk"))
        .expect("the table's page");
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    let desk = lines
        .iter()
        .position(|l| l.contains("Mon–Fri 8–18"))
        .expect("the first line of the cell");
    assert!(!lines[desk].contains("Sat"), "{page}");
    assert!(lines[desk + 1].contains("Sat 9–12"), "{page}");
    assert!(page.contains("on call"), "{page}");
    assert!(!page.contains("<br"), "{page}");
}

#[test]
fn n_in_a_note_is_the_number_of_the_question_it_names() {
    let built = build("note-numbers");
    // In 2.0 a question is added before `contact`, which becomes question 2.
    let text = built.text("note-numbers_v2.0");
    assert!(
        text.contains("Phone numbers in question 2 checked, no change"),
        "{text}"
    );
    assert!(!text.contains("{n}"), "{text}");
}

#[test]
fn renumbered_questions_are_reported_in_ranges() {
    let built = build("renumbering");
    let text = built.text("renumbering_v3.0");
    // 2.0 puts a question first: the four after it move down by one.
    assert!(
        text.contains(
            "Page 1, new question 1 added Questions 2 to 5 renumbered (previously 1 to 4)"
        ),
        "{text}"
    );
    // 3.0 removes question 3 of 2.0: the two after it move up.
    assert!(
        text.contains("Question 3 removed Questions 3 and 4 renumbered (previously 4 and 5)"),
        "{text}"
    );
    // The first release renumbers nothing.
    assert!(
        built
            .text("renumbering_v1.0")
            .contains("1.0 2 March 2026, 12:00 –")
    );
}

#[test]
fn renumbering_can_be_left_out_of_the_change_table() {
    let project = TempProject::from_sources(&repo().join("tests/fixtures/good/renumbering"));
    project.edit(
        "faq.toml",
        "report-renumbering = true",
        "report-renumbering = false",
    );
    assert_ok(&project.run(&["build", "--pdf-standard", "none"]));
    let pdf = project.out().join("renumbering_v3.0_2026-03-06.pdf");
    let text = page_texts(&common::layout(&project.sources(), &pdf, Some("none"))).join(" ");
    assert!(text.contains("Question 3 removed"), "{text}");
    assert!(!text.contains("renumbered"), "{text}");
}

/// The sample reports its renumberings in German.
#[test]
fn the_sample_reports_renumbering_in_german() {
    let project = TempProject::sample();
    assert_ok(&project.run(&["build", "--pdf-standard", "none"]));
    let pdf = project.out().join("kunden-faq_v6.0_2026-03-16.pdf");
    let pages = page_texts(&common::layout(&project.sources(), &pdf, Some("none")));
    let flat = common::flat(&pages.join(" "));
    assert!(
        flat.contains("Frage 6 entfernt Fragen 6 bis 18: Nummerierung geändert (bisher 7 bis 19)"),
        "{flat}"
    );
    assert!(
        flat.contains("Vorsicht vor gefälschten Zahlungsaufforderungen Nein."),
        "{flat}"
    );
}

/// The PDF's own title, from its metadata.
fn pdf_title(built: &Built, prefix: &str) -> String {
    let name = built
        .project
        .pdfs()
        .into_iter()
        .find(|n| n.starts_with(prefix))
        .expect("the PDF");
    let pdf = lopdf::Document::load(built.project.out().join(name)).expect("a PDF");
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .expect("an Info");
    let title = pdf
        .get_dictionary(info)
        .and_then(|d| d.get(b"Title"))
        .expect("a title");
    let bytes = title.as_str().expect("a string");
    // UTF-16 with a byte-order mark, or PDFDocEncoding (ASCII here).
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn a_release_may_change_the_title_and_the_later_ones_keep_it() {
    let built = build("title-change");
    let old = "Questions about the outage";
    let new = "Questions about the attack on our systems";
    let first = built.pages("title-change_v1.0");
    assert!(
        first[0].contains(old) && first[0].contains("For customers"),
        "{}",
        first[0]
    );
    assert!(first[1].contains(old), "the header: {}", first[1]);
    assert_eq!(pdf_title(&built, "title-change_v1.0"), old);
    for version in ["title-change_v2.0", "title-change_v3.0"] {
        let pages = built.pages(version);
        let flat = |page: &str| page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat(&pages[0]).contains(new), "{version}: {}", pages[0]);
        assert!(
            pages[0].contains("For customers and partners"),
            "{version}: {}",
            pages[0]
        );
        assert!(!pages.join(" ").contains(old), "{version}: {pages:?}");
        assert!(
            pages[1].lines().next().is_some_and(|l| l.contains(new)),
            "{version}: the header: {}",
            pages[1]
        );
        assert_eq!(pdf_title(&built, version), new);
    }
    assert!(
        built
            .text("title-change_v3.0")
            .contains("Page 1, Title changed: the outage was an attack")
    );
}

#[test]
fn numbers_may_start_later_and_carry_a_prefix() {
    let built = build("numbering-prefix");
    let text = built.text("numbering-prefix_v2.0");
    assert!(text.contains("A7. What happened?"), "{text}");
    assert!(text.contains("A8. How can I reach you?"), "{text}");
    assert!(text.contains("new question A8 added"), "{text}");
    assert!(text.contains("See also question A7."), "{text}");
    assert!(!text.contains(" 1. "), "{text}");
}

/// Without numbers the contents and headings show none, the change table
/// names questions by their short titles, links read those, and no
/// renumbering line appears although `report-renumbering` is on.
#[test]
fn questions_without_numbers_are_named_by_their_titles() {
    let built = build("unnumbered");
    let text = built.text("ohne-nummern_v3.0");
    for line in [
        "Seite 1, neue Frage „Stand“ hinzugefügt",
        "Seite 1, Aktualisierung Frage „Was ist",
        "Seite 1, neue Frage „Kontakt“ hinzugefügt",
        "Seite 1, Rufnummern in „Muss ich mein Passwort ändern?“ geprüft",
        "Seite 1, Hinweis zu „Muss ich mein",
        "Frage „Fax“ entfernt",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    // A link without text reads the short title; one with a text of its own
    // names the page alone.
    assert!(text.contains("Fragen beantwortet Kontakt."), "{text}");
    let place = text
        .split_once("fragt beim Service (Seite ")
        .map(|(_, rest)| rest.split_once(')').map_or("", |(page, _)| page));
    assert!(
        place.is_some_and(|page| !page.is_empty() && page.chars().all(|c| c.is_ascii_digit())),
        "{text}"
    );
    // No numbers before headings or contents lines, no "Frage 2".
    assert!(!text.contains("Nummerierung"), "{text}");
    assert!(!text.contains("1. "), "{text}");
    assert!(!text.contains("Frage 1"), "{text}");
    assert!(
        text.contains("Die Störung Laufen die Systeme wieder? Ja"),
        "{text}"
    );
}

/// The change table newest first, with Author and Reason columns and the
/// pages in a column of their own; a release before any reason shows no
/// Reason column.
#[test]
fn the_change_table_has_author_reason_and_page_columns() {
    let built = build("change-columns");
    // The table's lines are read across its columns: the change table is
    // what stands before the contents.
    let table = |prefix: &str| {
        let first = built.pages(prefix)[0]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        first
            .split("Inhaltsverzeichnis")
            .next()
            .unwrap_or("")
            .to_string()
    };
    let table2 = table("spezifikation-faq_v2.0");
    assert!(
        table2.contains("Autor Änderung Begründung Seite"),
        "{table2}"
    );
    let row = |version: &str| {
        table2
            .find(&format!(" {version} "))
            .unwrap_or_else(|| panic!("row {version}: {table2}"))
    };
    assert!(
        row("2.0") < row("1.1") && row("1.1") < row("1.0"),
        "{table2}"
    );
    for words in [
        "Qualitätssiche",
        "Frage 2: Institutionskarte",
        "Anforderung der",
        "Redaktionelle",
        "Neue Fragen Nr. 3 und 4",
    ] {
        assert!(table2.contains(words), "{words}: {table2}");
    }
    // The page stands in its column, not before the line.
    assert!(!table2.contains("Seite 1,"), "{table2}");
    let table1 = table("spezifikation-faq_v1.0");
    assert!(table1.contains("Autor Änderung Seite"), "{table1}");
    assert!(!table1.contains("Begründung"), "{table1}");
}

/// With the pages inline, a Reason column still stands beside the lines.
#[test]
fn the_reason_column_works_with_pages_inline() {
    let project = TempProject::from_sources(&repo().join("tests/fixtures/good/change-columns"));
    project.edit("faq.toml", "change-pages = \"column\"\n", "");
    assert_ok(&project.run(&["build", "--pdf-standard", "none"]));
    let pdf = project.out().join("spezifikation-faq_v2.0_2026-04-01.pdf");
    let text = page_texts(&common::layout(&project.sources(), &pdf, Some("none"))).join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Autor Änderung Begründung Uhrzeit"), "{text}");
    assert!(
        text.contains("Seite 1, neue Fragen Nr. 3 und 4 hinzugefügt"),
        "{text}"
    );
}

/// Sections over time: one added in 2.0, one whose only question goes in
/// 3.0 (its heading goes with it), and a question that moves between
/// sections in 3.0.
#[test]
fn sections_come_and_go_and_a_question_moves_between_them() {
    let built = build("sections-over-time");
    let first = built.text("abschnitte_v1.0");
    assert!(
        first.contains("Übergangsbetrieb 3. Wie arbeite ich im Notbetrieb? Bis die Server"),
        "{first}"
    );
    assert!(
        first.contains(
            "2. Wie erreiche ich den Service? Schreiben Sie an hilfe@example.org. Übergangsbetrieb"
        ),
        "{first}"
    );
    assert!(
        !first.contains("Wiederherstellung 6") && !first.contains("Kontakt"),
        "{first}"
    );

    // 2.0 adds a section, in the contents and in the body.
    let second = built.text("abschnitte_v2.0");
    assert!(
        second.contains(
            "2.0 04.03.2026 / 13.00 Uhr Seite 2, neue Frage Nr. 6 hinzugefügt Inhaltsverzeichnis"
        ),
        "{second}"
    );
    assert!(
        second.contains("Wiederherstellung 2 6. Wann laufen die Systeme wieder? neu"),
        "{second}"
    );
    assert!(
        second.contains(
            "Wiederherstellung 6. Wann laufen die Systeme wieder? neu Die ersten Dienste"
        ),
        "{second}"
    );

    // 3.0: the section without questions is gone from the contents and the
    // body; the moved question stands in its new section with the number
    // there, is neither new nor removed, and the change table says so.
    let third = built.text("abschnitte_v3.0");
    assert!(
        !third.contains("Übergangsbetrieb") && !third.contains("Notbetrieb"),
        "{third}"
    );
    assert!(
        third.contains(
            "3.0 06.03.2026 / 09.00 Uhr Seite 2, neue Frage Nr. 6 hinzugefügt Frage 3 entfernt \
             Frage 5 in den Abschnitt „Kontakt“ verschoben (bisher Frage 2) \
             Fragen 2 bis 4: Nummerierung geändert (bisher 4 bis 6) Inhaltsverzeichnis"
        ),
        "{third}"
    );
    assert!(
        third.contains("Kontakt 2 5. Wie erreiche ich den Service? ."),
        "{third}"
    );
    assert!(
        third.contains("Kontakt 5. Wie erreiche ich den Service? Schreiben Sie an hilfe@example.org. 6. Gibt es"),
        "{third}"
    );
    assert!(
        third.contains("lung. Ihre Daten 2. Sind meine Daten betroffen?"),
        "{third}"
    );
    assert!(
        !third.contains("Frage 2 entfernt") && !third.contains("Nr. 5"),
        "{third}"
    );

    // The web page says the same.
    let project = &built.project;
    assert_ok(&project.run(&["build", "--format", "html"]));
    let html = std::fs::read_to_string(project.out().join("abschnitte_v3.0_2026-03-06.html"))
        .expect("the web page");
    assert!(
        html.contains("Frage 5 in den Abschnitt „Kontakt“ verschoben (bisher Frage 2)"),
        "{html}"
    );
    assert!(!html.contains("Übergangsbetrieb"), "{html}");
}
