//! What a reader sees on the pages of the standard layout, read from the
//! laid-out frames of built PDFs: hyphenation, addresses, numbers, header,
//! keeps, code, line length, links for print, drafts. The fixtures
//! `long-de` and `long-en` have a 110-character title, two-level numbers up
//! to 2.15, code, tables and links whose text is not their address.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::frames::{self, Run};
use common::{TempProject, assert_ok, repo};
use typst_layout::PagedDocument;

/// Body text size of the standard layout, in points.
const BODY: f64 = 10.5;
const SHY: char = '\u{ad}';

/// The latest release of a project, built by the binary and laid out.
struct Built {
    _project: TempProject,
    sources: PathBuf,
    doc: PagedDocument,
}

fn build(sources: &Path, extra: &[(&str, &str, &str)]) -> Built {
    let project = TempProject::from_sources(sources);
    for (file, from, to) in extra {
        project.edit(file, from, to);
    }
    assert_ok(&project.run(&["build"]));
    let pdf = project.pdfs().pop().expect("a PDF");
    let doc = common::layout(&project.sources(), &project.out().join(&pdf), None);
    let sources = project.sources();
    Built {
        _project: project,
        sources,
        doc,
    }
}

fn sample() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&repo().join("sources"), &[]))
}

fn long(lang: &str) -> &'static Built {
    static DE: OnceLock<Built> = OnceLock::new();
    static EN: OnceLock<Built> = OnceLock::new();
    let cell = if lang == "de" { &DE } else { &EN };
    cell.get_or_init(|| {
        build(
            &repo().join("tests/fixtures").join(format!("long-{lang}")),
            &[],
        )
    })
}

fn all() -> [&'static Built; 3] {
    [sample(), long("de"), long("en")]
}

/// The runs of a page grouped into lines, top to bottom, each left to right.
fn lines(page: &typst::layout::Frame) -> Vec<Vec<Run>> {
    let mut runs: Vec<Run> = frames::runs(page)
        .into_iter()
        .filter(|r| !r.rotated)
        .collect();
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Vec<Run>> = vec![];
    for run in runs {
        match out.last_mut() {
            Some(line) if (run.y - line[0].y).abs() <= 0.4 * run.size.max(line[0].size) => {
                line.push(run)
            }
            _ => out.push(vec![run]),
        }
    }
    for line in &mut out {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

fn text_of(line: &[Run]) -> String {
    line.iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_lines(doc: &PagedDocument) -> Vec<Vec<Vec<Run>>> {
    doc.pages().iter().map(|p| lines(&p.frame)).collect()
}

/// Whether a run is question or section heading text (11 pt, 14 pt).
fn is_heading(run: &Run) -> bool {
    (run.size - 11.0).abs() < 0.1 || (run.size - 14.0).abs() < 0.1
}

#[test]
fn only_body_text_is_hyphenated() {
    for built in all() {
        for (n, page) in page_lines(&built.doc).iter().enumerate() {
            for line in page {
                let last = line.last().expect("a run");
                if last.text.ends_with(SHY) {
                    assert!(
                        (last.size - BODY).abs() < 0.1 && !last.bold,
                        "{}: page {}: `{}` is hyphenated ({} pt)",
                        built.sources.display(),
                        n + 1,
                        text_of(line),
                        last.size
                    );
                }
            }
        }
    }
}

/// Canonical text: no white space; soft hyphens kept unless `shy` is false.
fn canon(text: &str, shy: bool) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && (shy || *c != SHY))
        .collect()
}

#[test]
fn contents_entries_and_change_cells_are_never_hyphenated() {
    for built in all() {
        let pages = frames::page_texts(&built.doc);
        for page in &pages {
            let lines: Vec<&str> = page.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // A contents entry ends in a leader; a wrapped one just before.
                let entry =
                    line.contains(".....") || lines.get(i + 1).is_some_and(|l| l.contains("....."));
                assert!(
                    !(entry && line.ends_with(SHY)),
                    "a contents entry is hyphenated: `{line}`"
                );
            }
        }
        let front = &pages[0];
        let changes = front
            .split_once("Versionierung")
            .or_else(|| front.split_once("Version history"))
            .expect("a change table")
            .1;
        let changes = changes.split(['I', 'C']).next().unwrap_or(changes);
        assert!(
            !changes.contains(SHY),
            "a change cell is hyphenated:\n{changes}"
        );
    }
}

/// The lines of every page that end in a hyphen Typst added, with the line
/// after each.
fn hyphenated_lines(doc: &PagedDocument) -> Vec<(usize, String, String)> {
    let mut out = vec![];
    for (n, page) in frames::page_texts(doc).iter().enumerate() {
        let lines: Vec<&str> = page.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.ends_with(SHY) {
                let next = lines.get(i + 1).copied().unwrap_or("").trim().to_string();
                out.push((n + 1, line.trim_end_matches(SHY).to_string(), next));
            }
        }
    }
    out
}

#[test]
fn body_text_hyphenates_at_most_twice_in_a_row_and_never_near_a_word_edge() {
    for built in all() {
        let pages = frames::page_texts(&built.doc);
        for (n, page) in pages.iter().enumerate() {
            let mut run = 0;
            for line in page.lines() {
                run = if line.ends_with(SHY) { run + 1 } else { 0 };
                assert!(
                    run <= 2,
                    "{}: page {}: three hyphenated lines in a row, up to `{line}`",
                    built.sources.display(),
                    n + 1
                );
            }
        }
        for (page, line, next) in hyphenated_lines(&built.doc) {
            let at = format!(
                "{}: page {page}: `{line}` / `{next}`",
                built.sources.display()
            );
            let head = line.rsplit([' ', '(', '„', '"']).next().unwrap_or("");
            assert!(
                head.chars().count() >= 3,
                "{at}: fragment `{head}` before the hyphen"
            );
            let tail = next
                .split([' ', ',', '.', ';', ':', ')', '“', '"'])
                .next()
                .unwrap_or("");
            assert!(
                tail.chars().count() >= 3,
                "{at}: fragment `{tail}` after it"
            );
        }
    }
}

/// Every `mailto:` address of a project's sources.
fn mail_addresses(sources: &Path) -> Vec<String> {
    let mut out = vec![];
    let mut files = vec![sources.join("faq.toml")];
    for entry in std::fs::read_dir(sources.join("entries")).expect("entries") {
        files.push(entry.expect("an entry").path());
    }
    for file in files {
        let text = std::fs::read_to_string(file).expect("a source file");
        for part in text.split("mailto:").skip(1) {
            let end = part.find([')', '>', '"']).unwrap_or(part.len());
            out.push(part[..end].to_string());
        }
    }
    out
}

#[test]
fn mail_addresses_read_as_written_without_an_added_hyphen() {
    for built in all() {
        let text = canon(&frames::page_texts(&built.doc).concat(), true);
        let addresses = mail_addresses(&built.sources);
        assert!(!addresses.is_empty());
        for address in addresses {
            assert!(
                text.contains(&address),
                "{}: `{address}` is not printed as written",
                built.sources.display()
            );
        }
    }
}

#[test]
fn keep_whole_words_and_the_organisation_never_break() {
    for (built, words) in [
        (long("de"), ["NordPraxis", "x.connect", "Datentechnik"]),
        (long("en"), ["HarbourDesk", "x.connect", "Harbour"]),
    ] {
        for (page, line, next) in hyphenated_lines(&built.doc) {
            let fragment = line.rsplit(' ').next().unwrap_or("");
            let tail = next.split(' ').next().unwrap_or("");
            let word = format!("{fragment}{tail}");
            for keep in words {
                assert!(
                    !word.contains(keep),
                    "page {page}: `{keep}` is hyphenated: `{line}` / `{next}`"
                );
            }
        }
    }
}

#[test]
fn numbers_never_touch_their_text() {
    for built in [long("de"), long("en")] {
        for (n, page) in frames::page_texts(&built.doc).iter().enumerate() {
            for line in page.lines() {
                let line = line.trim_start();
                let number: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                if number.contains('.') && number.chars().next().is_some_and(|c| c.is_ascii_digit())
                {
                    let after = line[number.len()..].chars().next();
                    assert!(
                        after.is_none_or(char::is_whitespace),
                        "{}: page {}: number glued to its text: `{line}`",
                        built.sources.display(),
                        n + 1
                    );
                }
            }
        }
    }
}

/// The lines in a page's header (above the text block).
fn header_lines(page: &[Vec<Run>]) -> Vec<&Vec<Run>> {
    page.iter().filter(|l| l[0].y < 60.0).collect()
}

#[test]
fn the_header_is_one_line_even_for_a_long_title() {
    for built in [long("de"), long("en")] {
        for page in page_lines(&built.doc).iter().skip(1) {
            let header = header_lines(page);
            assert_eq!(
                header.len(),
                1,
                "header lines: {:?}",
                header.iter().map(|l| text_of(l)).collect::<Vec<_>>()
            );
            let runs = header[0];
            for pair in runs.windows(2) {
                assert!(
                    pair[0].end() <= pair[1].x + 0.01,
                    "`{}` overlaps `{}`",
                    pair[0].text,
                    pair[1].text
                );
            }
            assert!(
                text_of(runs).contains('…'),
                "the long title is cut: {}",
                text_of(runs)
            );
        }
    }
}

/// Where the footer starts on a page of the standard layout (A4, 2.6 cm).
const FOOTER_TOP: f64 = 841.89 - 2.6 * 72.0 / 2.54;

#[test]
fn a_question_heading_has_two_lines_of_its_answer_below_it() {
    for built in all() {
        let pages = page_lines(&built.doc);
        for (n, page) in pages.iter().enumerate() {
            let body: Vec<&Vec<Run>> = page
                .iter()
                .filter(|l| l[0].y > 60.0 && l[0].y < FOOTER_TOP)
                .collect();
            let Some(last) = body
                .iter()
                .rposition(|l| l.iter().all(|r| (r.size - 11.0).abs() < 0.1))
            else {
                continue;
            };
            let below = body.len() - last - 1;
            if below >= 2 {
                continue;
            }
            // A one-line answer is all of it: the next page starts with a heading.
            let next_starts_with_heading = pages.get(n + 1).is_none_or(|next| {
                next.iter()
                    .find(|l| l[0].y > 60.0)
                    .is_none_or(|l| is_heading(&l[0]))
            });
            assert!(
                below == 1 && next_starts_with_heading,
                "{}: page {}: `{}` has {below} line(s) of its answer below it",
                built.sources.display(),
                n + 1,
                text_of(body[last])
            );
        }
    }
}

#[test]
fn code_is_large_enough_and_wraps_with_a_mark() {
    for built in all() {
        let runs: Vec<Run> = built
            .doc
            .pages()
            .iter()
            .flat_map(|p| frames::runs(&p.frame))
            .collect();
        let mono: Vec<&Run> = runs.iter().filter(|r| r.family.contains("Mono")).collect();
        assert!(!mono.is_empty());
        for run in &mono {
            assert!(run.size >= 8.5, "code at {} pt: `{}`", run.size, run.text);
        }
    }
    let en = long("en");
    let lines: Vec<String> = page_lines(&en.doc)
        .iter()
        .flatten()
        .filter(|l| l.iter().any(|r| r.family.contains("Mono")))
        .map(|l| text_of(l))
        .collect();
    assert!(
        lines.iter().any(|l| l.starts_with('↪')),
        "no continued code line: {lines:#?}"
    );
    for line in &lines {
        assert!(
            !line.trim_end().ends_with('-'),
            "code wraps at a hyphen: `{line}`"
        );
    }
}

#[test]
fn body_lines_hold_65_to_80_characters() {
    for built in all() {
        let mut lengths = vec![];
        for page in page_lines(&built.doc) {
            let body: Vec<&Vec<Run>> = page
                .iter()
                .filter(|l| {
                    l.iter()
                        .all(|r| (r.size - BODY).abs() < 0.1 && r.family == "Inter")
                })
                .collect();
            let right = body
                .iter()
                .map(|l| l.last().map_or(0.0, |r| r.end()))
                .fold(0.0, f64::max);
            for line in body {
                // Full lines only: a paragraph's last line says nothing of the measure.
                if line.last().map_or(0.0, |r| r.end()) > right - 40.0 {
                    lengths.push(text_of(line).chars().count());
                }
            }
        }
        lengths.sort_unstable();
        let median = lengths[lengths.len() / 2];
        assert!(
            (60..=85).contains(&median),
            "{}: median line of {median} characters",
            built.sources.display()
        );
    }
}

#[test]
fn a_link_whose_text_is_not_its_address_shows_the_address_for_print() {
    let en = long("en");
    let text = canon(&frames::page_texts(&en.doc).concat(), false);
    assert!(text.contains("printablechecklist"));
    assert!(text.contains("https://www.harbourline.example/downloads/migration-checklist.pdf"));
    // A link to a question with its own text names the question and its page.
    let pages = frames::page_texts(&en.doc);
    // The heading's page: the last one naming the question (the contents come first).
    let page = pages
        .iter()
        .rposition(|p| p.contains("How do I set a new password"))
        .expect("question 2.2")
        + 1;
    let place = canon(&format!("(question 2.2, page {page})"), false);
    assert!(text.contains(&place), "no `{place}`");
}

#[test]
fn a_link_whose_text_is_its_address_reads_as_an_address_and_is_not_repeated() {
    // The sample's intro links `[www.example.com/sicherheitsvorfall](https://…)`.
    let built = sample();
    let text = canon(&frames::page_texts(&built.doc).concat(), false);
    let full = "https://www.example.com/sicherheitsvorfall";
    let copies = text
        .match_indices(full)
        .filter(|(at, _)| !text[at + full.len()..].starts_with('/'));
    assert_eq!(
        copies.count(),
        0,
        "the address is printed again beside its text"
    );
    assert!(text.contains("www.example.com/sicherheitsvorfall"));
    // It breaks only where an address may: never inside a word of it.
    for page in page_lines(&built.doc) {
        for line in page {
            let line = text_of(&line);
            let shown = "www.example.com/sicherheitsvorfall";
            let word = shown.len() - "sicherheitsvorfall".len();
            let cut = (word + 1..shown.len()).any(|n| line.ends_with(&shown[..n]));
            assert!(!cut, "the address breaks inside a word: `{line}`");
        }
    }
}

#[test]
fn marks_stay_with_the_last_word_on_its_baseline() {
    let built = long("en");
    for page in page_lines(&built.doc) {
        for line in &page {
            for (i, run) in line.iter().enumerate() {
                if run.text != "new" && run.text != "updated"
                    || !run.bold
                    || run.color.as_deref() != Some("#ffffff")
                {
                    continue;
                }
                assert!(
                    i > 0
                        && !line[i - 1]
                            .text
                            .trim()
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.'),
                    "a mark alone: `{}`",
                    text_of(line)
                );
                let previous = &line[i - 1];
                assert!(
                    (previous.y - run.y).abs() < 0.3,
                    "the mark is off the baseline by {} pt",
                    run.y - previous.y
                );
                if let Some(page_number) = line
                    .last()
                    .filter(|r| r.text.chars().all(|c| c.is_ascii_digit()))
                {
                    assert!(
                        (page_number.y - run.y).abs() < 0.3,
                        "the page number sits {} pt off",
                        page_number.y - run.y
                    );
                }
            }
        }
    }
}

#[test]
fn english_change_lines_start_with_a_capital() {
    let front = &frames::page_texts(&long("en").doc)[0];
    assert!(front.contains("Page 3,"), "{front}");
    assert!(!front.contains("page 3,"), "{front}");
}

#[test]
fn a_table_with_an_empty_header_has_no_header_row() {
    let en = long("en");
    let runs: Vec<Run> = en
        .doc
        .pages()
        .iter()
        .flat_map(|p| frames::runs(&p.frame))
        .collect();
    let cell = runs
        .iter()
        .find(|r| r.text.starts_with("Label printers"))
        .expect("the table");
    assert!(!cell.bold, "the first row is set as a header");
}

#[test]
fn a_draft_says_so_in_its_footer_and_metadata() {
    let built = build(
        &repo().join("tests/fixtures/long-en"),
        &[(
            "faq.toml",
            "date = 2026-03-02T08:00:00\n",
            "date = 2026-03-02T08:00:00\ndraft = true\n",
        )],
    );
    for page in page_lines(&built.doc) {
        let footer: Vec<String> = page
            .iter()
            .filter(|l| l[0].y > FOOTER_TOP)
            .map(|l| text_of(l))
            .collect();
        assert!(
            footer.iter().any(|l| l.contains("DRAFT")),
            "footer: {footer:?}"
        );
    }
    let out = built.sources.parent().expect("project").join("out");
    let pdf = std::fs::read_dir(&out)
        .expect("out")
        .next()
        .expect("a PDF")
        .expect("entry")
        .path();
    let pdf = lopdf::Document::load(pdf).expect("a PDF");
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .expect("an Info dictionary");
    let info = pdf.get_dictionary(info).expect("Info");
    let title = info.get(b"Title").expect("a title");
    let title = lopdf::decode_text_string(title).expect("a text title");
    assert!(title.ends_with("(DRAFT)"), "title: {title}");
}

#[test]
fn no_page_but_the_last_is_more_than_half_empty() {
    for built in all() {
        let pages = page_lines(&built.doc);
        let height = built.doc.pages()[0].frame.height().to_pt();
        for (n, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let lowest = page
                .iter()
                .filter(|l| l[0].y < FOOTER_TOP)
                .map(|l| l[0].y)
                .fold(0.0, f64::max);
            assert!(
                lowest > height / 2.0,
                "{}: page {} ends at {lowest:.0} pt of {height:.0}",
                built.sources.display(),
                n + 1
            );
        }
    }
}

#[test]
fn an_image_that_prints_coarsely_is_warned_about_where_it_is_used() {
    let project = TempProject::from_sources(&repo().join("tests/fixtures/long-en"));
    let images = project.sources().join("images");
    std::fs::create_dir_all(&images).expect("images folder");
    // 300 pixels set at their natural 300 pt: 72 pixels per inch.
    image::RgbImage::from_pixel(300, 80, image::Rgb([200, 60, 60]))
        .save(images.join("small.png"))
        .expect("a PNG");
    project.edit(
        "entries/printers.toml",
        "As a rule, yes.",
        "![A wiring diagram](images/small.png)\n\nAs a rule, yes.",
    );
    let output = project.run(&["build"]);
    assert_ok(&output);
    let said = common::stderr(&output);
    assert!(said.contains("entries/printers.toml:"), "{said}");
    assert!(
        said.contains("`images/small.png` prints at 72 pixels per inch"),
        "{said}"
    );
    // A sharp image is not mentioned.
    let sample = TempProject::sample();
    let said = common::stderr(&sample.run(&["build"]));
    assert!(!said.contains("pixels per inch"), "{said}");
}
