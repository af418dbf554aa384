//! The HTML edition: one self-contained page per release, with an anchor for
//! every question, links that all resolve inside the page, the same marks as
//! the PDF, nothing loaded from elsewhere, and the same bytes every time.

mod common;

use std::path::Path;

use common::html::{ELEMENTS, Tag, fragment_links, ids, tags, text};
use common::*;
use faqpress::project::Project;
use faqpress::timeline::{Mark, Snapshot};

/// Every page of every release of the sources, with its snapshot's facts.
fn check_pages(sources: &Path) {
    let project = Project::open(sources).expect("the sources load");
    for index in project.faq.release_indices() {
        let version = &project.faq.releases[index.get()].version;
        let html = String::from_utf8(project.html(index).expect("the page renders")).unwrap();
        let snap = Snapshot::new(&project.faq, index);
        let all = tags(&html);
        let ids = ids(&html);
        let unknown: Vec<&Tag> = all
            .iter()
            .filter(|t| !ELEMENTS.contains(&t.name.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "{version}: unexpected elements {unknown:?}"
        );

        let mut seen = std::collections::BTreeSet::new();
        for id in &ids {
            assert!(seen.insert(id), "{version}: id `{id}` is used twice");
        }
        for q in snap.questions() {
            assert!(
                ids.iter().any(|id| id == q.id.as_str()),
                "{version}: question `{}` has no anchor",
                q.id
            );
        }
        for target in fragment_links(&html) {
            assert!(
                ids.contains(&target),
                "{version}: link to #{target} leads nowhere"
            );
        }
        let contents = section_of(&html, "<nav class=\"contents\"", "</nav>");
        let listed: Vec<String> = fragment_links(contents)
            .into_iter()
            .filter(|t| !t.starts_with("faq_"))
            .collect();
        let questions: Vec<&str> = snap.questions().map(|q| q.id.as_str()).collect();
        assert_eq!(
            listed, questions,
            "{version}: the contents list every question in order"
        );

        // The change table links each question it names, by its number.
        let changes = section_of(&html, "<section class=\"changes\"", "</section>");
        for row in &snap.rows {
            for item in &row.items {
                if let Some(target) = item.target.as_deref().and_then(|t| t.strip_prefix("q-")) {
                    assert!(
                        fragment_links(changes).iter().any(|l| l == target),
                        "{version}: the change table does not link `{target}`"
                    );
                }
            }
        }

        for q in snap.questions() {
            let start = html
                .find(&format!("<article class=\"question\" id=\"{}\"", q.id))
                .unwrap();
            let heading = section_of(&html[start..], "<h", "</h");
            let expected = match q.mark {
                Some(Mark::New) => Some("mark-new"),
                Some(Mark::Updated) => Some("mark-updated"),
                None => None,
            };
            assert_eq!(
                expected.is_some(),
                heading.contains("class=\"mark"),
                "{version}: mark of `{}`",
                q.id
            );
            if let Some(class) = expected {
                assert!(
                    heading.contains(class),
                    "{version}: `{}` lacks {class}",
                    q.id
                );
            }
        }

        let lang = all
            .iter()
            .find(|t| t.name == "html")
            .and_then(|t| t.attr("lang"));
        assert_eq!(lang, Some(project.faq.document.language.code()));
        let page_text = text(&html);
        assert!(page_text.contains(&project.faq.document.title));
        assert!(
            page_text.contains(&format!("Version {version}")),
            "{version}: version shown"
        );
        for img in all.iter().filter(|t| t.name == "img") {
            assert!(
                img.attr("src")
                    .is_some_and(|s| s.starts_with("data:image/"))
            );
            assert!(img.attr("alt").is_some_and(|a| !a.trim().is_empty()));
        }
        // Nothing is loaded: no element but an image has a source, and links
        // to other addresses are only the answers' own, to be followed.
        for tag in &all {
            assert!(tag.name == "img" || tag.attr("src").is_none(), "{tag:?}");
            assert!(
                tag.attrs.iter().all(|(n, _)| !n.starts_with("on")),
                "{tag:?}"
            );
        }
    }
}

/// The part of `html` from `start` to the first `end` after it.
fn section_of<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in the page"));
    let len = html[from + 1..]
        .find(end)
        .map_or(html.len() - from, |e| e + 1);
    &html[from..from + len]
}

#[test]
fn every_page_of_the_sample_anchors_and_links_its_questions() {
    check_pages(&repo().join("sources"));
}

#[test]
fn every_page_of_the_fixture_anchors_and_links_its_questions() {
    check_pages(&repo().join("tests/fixtures/good"));
}

/// Questions without numbers, and a change table with Author and Reason
/// columns, newest first.
#[test]
fn pages_without_numbers_and_with_more_columns_anchor_and_link_their_questions() {
    check_pages(&repo().join("tests/fixtures/good/unnumbered"));
    check_pages(&repo().join("tests/fixtures/good/change-columns"));
}

/// Sections added and removed over time, and a question moving between them.
#[test]
fn pages_whose_sections_change_anchor_and_link_their_questions() {
    check_pages(&repo().join("tests/fixtures/good/sections-over-time"));
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn build_writes_the_page_beside_the_pdf() {
    let p = TempProject::sample();
    assert_ok(&p.run(&["build", "--format", "pdf,html"]));
    assert_eq!(
        files(&p.out()),
        [
            "kunden-faq_v6.0_2026-03-16.html",
            "kunden-faq_v6.0_2026-03-16.pdf"
        ]
    );
    let first = std::fs::read(p.out().join("kunden-faq_v6.0_2026-03-16.html")).unwrap();

    // Another folder, another time: the same bytes.
    let q = TempProject::sample();
    assert_ok(&q.run(&["build", "--format", "html", "--all"]));
    let names = files(&q.out());
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".html")), "{names:?}");
    let again = std::fs::read(q.out().join("kunden-faq_v6.0_2026-03-16.html")).unwrap();
    assert!(first == again, "two builds of the page differ");
    let folder = q.path().to_string_lossy().into_owned();
    assert!(!String::from_utf8(again).unwrap().contains(&folder));
}

#[test]
fn a_draft_page_says_so_at_the_top() {
    let p = TempProject::sample();
    let faq = p.sources().join("faq.toml");
    let mut text_of = std::fs::read_to_string(&faq).unwrap();
    text_of
        .push_str("\n[[release]]\nversion = \"7.0\"\ndate = 2026-03-20T10:00:00\ndraft = true\n");
    std::fs::write(&faq, text_of).unwrap();
    assert_ok(&p.run(&["build", "--format", "html", "--release", "7.0"]));
    assert_eq!(files(&p.out()), ["kunden-faq_v7.0_2026-03-20_draft.html"]);
    let html =
        std::fs::read_to_string(p.out().join("kunden-faq_v7.0_2026-03-20_draft.html")).unwrap();
    let header = section_of(&html, "<header>", "</header>");
    assert!(
        header.contains("<p class=\"draft\">ENTWURF</p>"),
        "{header}"
    );
}

#[test]
fn a_broken_source_writes_no_page() {
    let p = TempProject::sample();
    p.edit("entries/kontakt.toml", "question = ", "questio = ");
    let output = p.run(&["build", "--format", "html"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("kontakt.toml:1:1"),
        "{}",
        stderr(&output)
    );
    assert!(files(&p.out()).is_empty());
}

#[test]
fn publish_archives_the_page_and_verify_checks_it() {
    let p = TempProject::sample();
    assert_ok(&p.run(&["publish", "--release", "5.0"]));
    assert_ok(&p.run(&["publish", "--html"]));
    let archive = p.path().join("archive");
    assert_eq!(
        files(&archive),
        [
            "kunden-faq_v5.0_2026-03-11.pdf",
            "kunden-faq_v6.0_2026-03-16.html",
            "kunden-faq_v6.0_2026-03-16.pdf",
            "manifest.toml"
        ]
    );
    let manifest = std::fs::read_to_string(archive.join("manifest.toml")).unwrap();
    let page = std::fs::read(archive.join("kunden-faq_v6.0_2026-03-16.html")).unwrap();
    let record = &manifest[manifest.find("version = \"6.0\"").unwrap()..];
    assert!(
        record.contains("[release.html]\nfile = \"kunden-faq_v6.0_2026-03-16.html\""),
        "{manifest}"
    );
    assert!(
        record.contains(&format!("size = {}", page.len())),
        "{manifest}"
    );
    // The record of 5.0, published without its page, has none.
    let first = &manifest[..manifest.find("version = \"6.0\"").unwrap()];
    assert!(!first.contains("[release.html]"), "{manifest}");

    let verified = p.run(&["verify"]);
    assert_ok(&verified);
    assert!(
        stdout(&verified).contains("ok        kunden-faq_v6.0_2026-03-16.html"),
        "{}",
        stdout(&verified)
    );

    // Publishing again is a no-op; the page may not be added to 5.0's record.
    assert_ok(&p.run(&["publish", "--html"]));
    let refused = p.run(&["publish", "--release", "5.0", "--html"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("without its HTML edition"),
        "{}",
        stderr(&refused)
    );

    // A changed page is found.
    let mut tampered = page.clone();
    tampered.extend_from_slice(b"<!-- -->");
    std::fs::write(archive.join("kunden-faq_v6.0_2026-03-16.html"), &tampered).unwrap();
    let failed = p.run(&["verify"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stdout(&failed).contains("CHANGED   kunden-faq_v6.0_2026-03-16.html"),
        "{}",
        stdout(&failed)
    );
    std::fs::write(archive.join("kunden-faq_v6.0_2026-03-16.html"), &page).unwrap();

    // So is drift: an edit to the text of 6.0 changes the page (and the PDF).
    p.edit("entries/kontakt.toml", "Am Sandhafen 7", "Am Sandhafen 9");
    let drifted = p.run(&["verify"]);
    assert_eq!(drifted.status.code(), Some(1));
    assert!(
        stdout(&drifted)
            .contains("the rebuilt HTML edition differs from kunden-faq_v6.0_2026-03-16.html"),
        "{}",
        stdout(&drifted)
    );
}

#[test]
fn every_page_of_the_long_fixtures_anchors_and_links_its_questions() {
    check_pages(&repo().join("tests/fixtures/long-de"));
    check_pages(&repo().join("tests/fixtures/long-en"));
}

/// A copy of the sample whose own `layouts/standard.typ` is the built-in
/// one with `edit` applied.
fn sample_with_layout(edit: impl Fn(&str) -> String) -> TempProject {
    let p = TempProject::sample();
    let standard = std::fs::read_to_string(repo().join("layouts/standard.typ")).unwrap();
    let own = edit(&standard);
    assert_ne!(own, standard, "the edit changes the layout");
    std::fs::create_dir(p.path().join("layouts")).unwrap();
    std::fs::write(p.path().join("layouts/standard.typ"), own).unwrap();
    p
}

#[test]
fn a_layout_that_switches_the_marks_off_switches_them_off_in_the_page_too() {
    let p = sample_with_layout(|s| s.replace("#let show-marks = true", "#let show-marks = false"));
    let project = Project::open(&p.sources()).expect("the sources load");
    let mut marked = 0;
    for index in project.faq.release_indices() {
        let snap = Snapshot::new(&project.faq, index);
        marked += snap.questions().filter(|q| q.mark.is_some()).count();
        let html = String::from_utf8(project.html(index).expect("the page renders")).unwrap();
        assert!(!html.contains("class=\"mark"), "{index}: a mark is shown");
    }
    assert!(marked > 0, "the sample's releases mark questions");

    // The built-in layout, and a project layout that does not name the
    // option, keep them.
    let sample = TempProject::sample();
    let standard = Project::open(&sample.sources()).unwrap();
    let latest = standard.release(None).unwrap();
    let html = String::from_utf8(standard.html(latest).unwrap()).unwrap();
    assert!(html.contains("class=\"mark mark-"), "the marks are shown");
    let p = sample_with_layout(|s| s.replace("#let show-marks = true\n", ""));
    let project = Project::open(&p.sources()).unwrap();
    let html = String::from_utf8(project.html(latest).unwrap_or_default()).unwrap();
    assert!(html.contains("class=\"mark mark-"), "the marks are shown");
}

#[test]
fn a_layout_that_does_not_evaluate_stops_the_page_with_an_error_placed_in_it() {
    let cases: [(&str, &str, &[&str]); 3] = [
        // A syntax error, an error while evaluating, a value of another type.
        (
            "#let show-marks = (",
            "layouts/standard.typ:27:",
            &["error"],
        ),
        (
            "#let show-marks = 1 / 0",
            "layouts/standard.typ:27:",
            &["cannot divide by zero"],
        ),
        (
            "#let show-marks = \"no\"",
            "layouts/standard.typ:27:6: error: `show-marks` in the layout is str, not `true` or `false`",
            &["hint: write `#let show-marks = true`"],
        ),
    ];
    for (line, place, expected) in cases {
        let p = sample_with_layout(|s| s.replace("#let show-marks = true", line));
        let output = p.run(&["build", "--format", "html", "--diagnostic-format", "short"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{line}: {err}");
        assert!(err.contains(place), "{line}: {err}");
        // The hints, as `check` prints them.
        let err = stderr(&p.run(&["build", "--format", "html"]));
        for text in expected {
            assert!(err.contains(text), "{line}: {err}");
        }
        assert!(files(&p.out()).is_empty(), "{line}: a page was written");
    }
}

#[test]
fn a_box_with_a_title_of_its_own_shows_that_title() {
    let p = TempProject::from_sources(&repo().join("tests/fixtures/good/titled-alerts"));
    let project = Project::open(&p.sources()).expect("the sources load");
    let html = String::from_utf8(project.html(project.release(None).unwrap()).unwrap()).unwrap();
    let warning = section_of(&html, "<div class=\"alert alert-warning\"", "</div>");
    assert!(
        warning.contains("<p class=\"alert-title\">Reports are due within 72 hours</p>"),
        "{warning}"
    );
    assert!(!warning.contains("Warning"), "{warning}");
    // The box without one keeps its kind's label; no marker is shown.
    let note = section_of(&html, "<div class=\"alert alert-note\"", "</div>");
    assert!(note.contains("<p class=\"alert-title\">Note</p>"), "{note}");
    assert!(!text(&html).contains("[!"));
}

/// The lines of the change table's cells, as text, of the latest release.
fn change_lines(sources: &Path) -> Vec<String> {
    let project = Project::open(sources).expect("the sources load");
    let html = String::from_utf8(project.html(project.release(None).unwrap()).unwrap()).unwrap();
    let table = section_of(&html, "<section class=\"changes\"", "</section>");
    table
        .split("<td>")
        .skip(1)
        .flat_map(|cell| cell.split("</td>").next().unwrap_or("").split("<br>"))
        .map(|line| text(line).trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn generated_change_lines_start_with_a_capital_as_in_the_pdf() {
    let german = change_lines(&repo().join("sources"));
    assert!(
        german.contains(&"Neue Fragen Nr. 10 und 13 hinzugefügt".to_string()),
        "{german:#?}"
    );
    let english = change_lines(&repo().join("tests/fixtures/good/renumbering"));
    assert!(
        english
            .iter()
            .any(|l| l.starts_with("Questions 3 and 4 renumbered")),
        "{english:#?}"
    );
    for line in german.iter().chain(&english) {
        let first = line.chars().next().unwrap();
        assert!(!first.is_lowercase(), "`{line}` starts in lower case");
    }
}
