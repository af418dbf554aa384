//! The sample FAQ through the whole pipeline, every release of it: it compiles
//! without warnings, and every number a reader relies on (contents pages,
//! pages in the change table, page footers) is right on the pages as the
//! layout sets them, the layout the PDF was exported from. The same sources give the same bytes, wherever they lie.
//!
//! What the PDFs should say is taken from the library's own view of the
//! sources (numbers, questions, titles, labels), so the tests follow the
//! sample as it grows.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use faqpress::model::ids::ReleaseIndex;
use faqpress::model::labels::Label;
use faqpress::model::{Faq, NoteTarget};
use faqpress::project::Project;
use faqpress::timeline::Snapshot;

/// The sample copied to a temporary folder and built with `build --all`.
struct Built {
    project: TempProject,
    faq: Faq,
    stderr: String,
}

fn build_sample() -> Built {
    let project = TempProject::sample();
    let output = project.run(&["build", "--all"]);
    assert_ok(&output);
    let faq = match Project::open(&project.sources()) {
        Ok(opened) => opened.faq,
        Err(failure) => panic!("the sample does not load: {failure:?}"),
    };
    Built {
        stderr: stderr(&output),
        project,
        faq,
    }
}

impl Built {
    /// Every release: its index and the pages of its PDF.
    fn releases(&self) -> Vec<(usize, Document)> {
        (0..self.faq.releases.len())
            .map(|index| {
                let name = faqpress::output::pdf_name(&self.faq, ReleaseIndex(index));
                let pdf = self.project.out().join(name);
                (index, Document::read(&self.project.sources(), &pdf))
            })
            .collect()
    }

    fn label(&self, key: &str) -> String {
        let label = Label::parse(key).expect("a known label");
        self.faq.labels.get(label).to_string()
    }

    /// The marks a heading or contents line may carry after its text.
    fn marks(&self) -> [String; 2] {
        [canon(&self.label("new")), canon(&self.label("updated"))]
    }
}

/// A PDF's text: lines by page (pages count from 1).
struct Document {
    name: String,
    pages: Vec<Vec<String>>,
}

impl Document {
    fn read(sources: &Path, pdf: &Path) -> Self {
        let pages = pdf_pages(sources, pdf)
            .iter()
            .map(|page| page.lines().map(str::to_string).collect())
            .collect();
        let name = pdf.file_name().unwrap_or_default().to_string_lossy().into();
        Self { name, pages }
    }

    /// Each place where a few consecutive lines of one page, taken together,
    /// start with `start` (compared as [`canon`] text): the page and what
    /// follows, with [`SEP`] where a line ends.
    fn find<'a>(&'a self, start: &'a str) -> impl Iterator<Item = (usize, String)> + 'a {
        self.pages.iter().enumerate().flat_map(move |(p, lines)| {
            (0..lines.len()).filter_map(move |i| {
                if canon(&lines[i]).is_empty() {
                    return None;
                }
                let end = (i + 4).min(lines.len());
                let joined: Vec<String> = lines[i..end].iter().map(|l| canon(l)).collect();
                let joined = joined.join(&SEP.to_string());
                after_prefix(&joined, start).map(|rest| (p + 1, rest.to_string()))
            })
        })
    }

    /// The page of the first line that reads exactly `text`.
    fn page_of_line(&self, text: &str) -> Option<usize> {
        self.pages
            .iter()
            .position(|lines| lines.iter().any(|l| l.trim() == text))
            .map(|p| p + 1)
    }
}

/// Text without white space and soft hyphens, so that a wrapped or
/// hyphenated line compares equal to the text it was set from.
fn canon(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// Marks the end of a line in joined [`canon`] text.
const SEP: char = '\u{1}';

/// What follows `prefix` in `joined`, ignoring line ends inside the prefix.
fn after_prefix<'a>(joined: &'a str, prefix: &str) -> Option<&'a str> {
    let mut wanted = prefix.chars().peekable();
    for (i, c) in joined.char_indices() {
        let Some(&next) = wanted.peek() else {
            return Some(&joined[i..]);
        };
        if c == SEP {
            continue;
        }
        if c != next {
            return None;
        }
        wanted.next();
    }
    wanted.peek().is_none().then_some("")
}

/// `rest` without a leading line end and "neu" / "aktualisiert" mark.
fn strip_mark<'a>(rest: &'a str, marks: &[String]) -> &'a str {
    let rest = rest.trim_start_matches(SEP);
    marks
        .iter()
        .find_map(|mark| rest.strip_prefix(mark.as_str()))
        .unwrap_or(rest)
        .trim_start_matches(SEP)
}

/// The page each question's heading ("N. question") is on, by number.
fn heading_pages(built: &Built, index: usize, doc: &Document) -> BTreeMap<String, usize> {
    let snap = Snapshot::new(&built.faq, ReleaseIndex(index));
    let marks = built.marks();
    let mut pages = BTreeMap::new();
    for q in snap.questions() {
        let heading = canon(&format!("{}. {}", q.number, q.question));
        // The contents line of a question without a title starts the same
        // way; dot leaders tell it apart.
        let found: Vec<usize> = doc
            .find(&heading)
            .filter(|(_, rest)| !strip_mark(rest, &marks).starts_with('.'))
            .map(|(page, _)| page)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{}: the heading of question {} `{}` should appear once, found on pages {found:?}",
            doc.name,
            q.number,
            q.question
        );
        pages.insert(q.number.clone(), found[0]);
    }
    pages
}

/// The page number each question's contents line shows, by number.
fn contents_pages(built: &Built, index: usize, doc: &Document) -> BTreeMap<String, usize> {
    let snap = Snapshot::new(&built.faq, ReleaseIndex(index));
    let marks = built.marks();
    let mut pages = BTreeMap::new();
    for q in snap.questions() {
        let shown = q.title.unwrap_or(q.question);
        let line = canon(&format!("{}. {shown}", q.number));
        let numbers: Vec<usize> = doc
            .find(&line)
            .filter_map(|(_, rest)| {
                let leaders = strip_mark(&rest, &marks).strip_prefix('.')?;
                let digits: String = leaders
                    .trim_start_matches(['.', SEP])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            })
            .collect();
        assert_eq!(
            numbers.len(),
            1,
            "{}: contents line `{}. {shown} … page` should appear once, found {numbers:?}",
            doc.name,
            q.number
        );
        pages.insert(q.number.clone(), numbers[0]);
    }
    pages
}

#[test]
fn every_release_compiles_without_warnings() {
    let built = build_sample();
    assert!(
        !built.stderr.to_lowercase().contains("warning"),
        "build --all printed warnings:\n{}",
        built.stderr
    );
    let expected: Vec<String> = (0..built.faq.releases.len())
        .map(|i| faqpress::output::pdf_name(&built.faq, ReleaseIndex(i)))
        .collect();
    assert_eq!(built.project.pdfs(), expected);
    assert!(expected.len() >= 6, "the sample has six releases");
}

#[test]
fn contents_lines_show_the_page_of_their_question() {
    let built = build_sample();
    for (index, doc) in built.releases() {
        let headings = heading_pages(&built, index, &doc);
        let contents = contents_pages(&built, index, &doc);
        for (number, page) in &headings {
            assert_eq!(
                contents.get(number),
                Some(page),
                "{}: question {number} is on page {page}, the contents say {:?}",
                doc.name,
                contents.get(number)
            );
        }
    }
}

/// One line of a change cell that names a place: "Seite 6, neue Fragen
/// Nr. 15 und 16 hinzugefügt" is page 6 with the text after the comma.
struct CellLine {
    page: usize,
    text: String,
}

/// The lines of the change table that start with a page reference, with
/// their wrapped continuations (indented to the same column) joined again.
fn change_lines(built: &Built, doc: &Document) -> Vec<CellLine> {
    let on_page = built.label("on-page");
    let (prefix, after) = on_page.split_once("{page}").expect("on-page has {page}");
    let changes = built.label("changes");
    let contents = built.label("contents");
    let region = doc
        .pages
        .iter()
        .flatten()
        .skip_while(|l| l.trim() != changes)
        .take_while(|l| l.trim() != contents);
    // Lines without a page start a cell line of their own too: removed
    // questions ("Frage 6 entfernt") and notes without a place.
    let removed: Vec<(String, String)> = ["removed-question", "removed-questions"]
        .iter()
        .filter_map(|key| {
            let label = built.label(key);
            let (before, after) = label.split_once("{n}")?;
            Some((before.to_string(), after.to_string()))
        })
        .collect();
    // Renumbering lines ("Fragen 2 bis 9: Nummerierung geändert (bisher 1 bis
    // 8)") name no page either; they may wrap, so only their start is matched.
    let renumbered: Vec<(String, String)> = ["renumbered-question", "renumbered-questions"]
        .iter()
        .filter_map(|key| {
            let label = built.label(key);
            let (before, rest) = label.split_once("{n}")?;
            let word = rest.split_whitespace().next()?.to_string();
            Some((before.to_string(), word))
        })
        .collect();
    let starts_line = |text: &str| {
        removed.iter().any(|(before, after)| {
            text.starts_with(before.as_str()) && text.ends_with(after.as_str())
        }) || renumbered
            .iter()
            .any(|(before, word)| text.starts_with(before.as_str()) && text.contains(word.as_str()))
            || built
                .faq
                .releases
                .iter()
                .flat_map(|r| &r.notes)
                .any(|n| n.at.is_none() && n.text == text)
    };
    let mut cells: Vec<(usize, String)> = vec![];
    let mut open = false;
    for line in region {
        if let Some(column) = line.find(prefix) {
            cells.push((column, line[column + prefix.len()..].trim_end().to_string()));
            open = true;
            continue;
        }
        let continued = cells
            .last_mut()
            .filter(|_| open)
            .and_then(|(column, text)| {
                let more = line.get(*column..)?;
                let blank = line.get(..*column)?.trim().is_empty();
                let more = more.trim();
                (blank && !more.is_empty() && !starts_line(more)).then_some((text, more))
            });
        match continued {
            Some((text, more)) => match text.strip_suffix('\u{ad}') {
                Some(hyphenated) => *text = format!("{hyphenated}{more}"),
                None => *text = format!("{text} {more}"),
            },
            None => open = false,
        }
    }
    cells
        .into_iter()
        .filter_map(|(_, rest)| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let text = rest[digits.len()..].strip_prefix(after.trim_end())?;
            Some(CellLine {
                page: digits.parse().ok()?,
                text: text.trim().to_string(),
            })
        })
        .collect()
}

#[test]
fn change_table_pages_are_the_pages_of_the_questions_named() {
    let built = build_sample();
    let mut checked = 0;
    for (index, doc) in built.releases() {
        let headings = heading_pages(&built, index, &doc);
        let snap = Snapshot::new(&built.faq, ReleaseIndex(index));
        let note_page = |note: &str| -> Option<usize> {
            let target = built.faq.releases[..=index]
                .iter()
                .flat_map(|r| &r.notes)
                .find(|n| n.text == note)?
                .at
                .clone()?;
            match target {
                NoteTarget::Changes => doc.page_of_line(&built.label("changes")),
                NoteTarget::Contents => doc.page_of_line(&built.label("contents")),
                NoteTarget::Entry(id) => headings.get(snap.number_of(id.as_str())?).copied(),
            }
        };
        let mut named = vec![];
        for line in change_lines(&built, &doc) {
            let numbers: Vec<String> = line
                .text
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect();
            if numbers.is_empty() {
                assert_eq!(
                    note_page(&line.text),
                    Some(line.page),
                    "{}: the change table says page {} for the note `{}`",
                    doc.name,
                    line.page,
                    line.text
                );
            }
            for number in numbers {
                assert_eq!(
                    headings.get(&number),
                    Some(&line.page),
                    "{}: the change table says question {number} is on page {} (`{}`)",
                    doc.name,
                    line.page,
                    line.text
                );
                named.push(number);
            }
            checked += 1;
        }
        // Every question line of the cells was found, none was lost in parsing.
        let mut expected: Vec<String> = snap
            .rows
            .iter()
            .flat_map(|row| &row.items)
            .filter(|item| item.target.as_deref().is_some_and(|t| t.starts_with("q-")))
            .filter(|item| !item.number.is_empty())
            .map(|item| item.number.clone())
            .collect();
        expected.sort();
        named.sort();
        assert_eq!(
            named, expected,
            "{}: questions named in the change table",
            doc.name
        );
    }
    assert!(checked > 10, "only {checked} change table lines were found");
}

#[test]
fn every_page_footer_says_which_page_of_how_many() {
    let built = build_sample();
    for (index, doc) in built.releases() {
        let release = &built.faq.releases[index];
        let total = doc.pages.len();
        let date = release.date.display(built.faq.document.language);
        let version = format!("{} {} · {date}", built.label("version"), release.version);
        for (i, lines) in doc.pages.iter().enumerate() {
            let page_of = built
                .label("page-of")
                .replace("{page}", &(i + 1).to_string())
                .replace("{pages}", &total.to_string());
            let footer = lines
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(|l| canon(l))
                .unwrap_or_default();
            assert!(
                footer.contains(&canon(&version)) && footer.ends_with(&canon(&page_of)),
                "{} page {}: footer `{footer}` should hold `{version}` and end with `{page_of}`",
                doc.name,
                i + 1
            );
        }
    }
}

#[test]
fn the_same_sources_give_the_same_bytes_anywhere() {
    let read_all = |out: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(out)
            .expect("out folder")
            .map(|e| {
                let e = e.expect("folder entry");
                let bytes = std::fs::read(e.path()).expect("read PDF");
                (e.file_name().to_string_lossy().into_owned(), bytes)
            })
            .collect()
    };
    let first = build_sample();
    let before = read_all(&first.project.out());

    // Again, in the same folder.
    assert_ok(&first.project.run(&["build", "--all"]));
    let again = read_all(&first.project.out());

    // A copy under another name, in another folder.
    let other = TempProject::from_sources(&first.project.sources());
    let renamed = other.path().join("quellen");
    std::fs::rename(other.sources(), &renamed).expect("rename the copy");
    assert_ok(&other.run(&["build", "--all", "--sources", "quellen"]));
    let elsewhere = read_all(&other.out());

    // Each release alone, in a process of its own: `--all` compiles runs of
    // releases on several cores, reusing what Typst laid out for the release
    // before; none of that may show in the bytes.
    let alone = TempProject::from_sources(&first.project.sources());
    for release in &first.faq.releases {
        assert_ok(&alone.run(&["build", "--release", &release.version]));
    }
    let one_by_one = read_all(&alone.out());

    assert_eq!(before.len(), first.faq.releases.len());
    for (name, bytes) in &before {
        assert!(again[name] == *bytes, "{name} differs when built again");
        assert!(
            elsewhere.get(name) == Some(bytes),
            "{name} differs when built from a copy elsewhere"
        );
        assert!(
            one_by_one.get(name) == Some(bytes),
            "{name} differs when built alone"
        );
    }
}

/// What lets Typst reuse one release's layout for the next: the main file,
/// which sets the rules for the whole document, is the same for every
/// release, and an answer that did not change is the same file.
#[test]
fn releases_share_the_main_file_and_unchanged_answers() {
    let project = match Project::open(&TempProject::sample().sources()) {
        Ok(project) => project,
        Err(failure) => panic!("the sample does not load: {failure:?}"),
    };
    let files = |index: usize| -> BTreeMap<String, String> {
        faqpress::render::typst::typst_files(&Snapshot::new(&project.faq, ReleaseIndex(index)))
            .into_iter()
            .map(|f| (f.path, f.text))
            .collect()
    };
    let (v5, v6) = (files(4), files(5));
    assert_eq!(v5["main.typ"], v6["main.typ"]);
    assert_ne!(v5["faqpress-release.typ"], v6["faqpress-release.typ"]);
    // `notfallplan` is revised in 6.0, `angreifer` is not.
    let answer = |id: &str| format!("faqpress-answers/{id}.typ");
    assert_ne!(v5[&answer("notfallplan")], v6[&answer("notfallplan")]);
    assert_eq!(v5[&answer("angreifer")], v6[&answer("angreifer")]);
    // Nothing that changes from release to release reaches the main file.
    for value in ["6.0", "16.03.2026", "aktualisiert"] {
        assert!(!v6["main.typ"].contains(value), "main.typ holds {value}");
    }
}
