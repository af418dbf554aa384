//! The redline: release B with every change since A marked. The words struck
//! through (red) and underlined (blue) on its pages are exactly those the
//! comparison of the document trees names; unchanged questions carry no marks
//! and no bars; page 1 says it is a comparison; the bytes are the same twice.

mod common;

use std::path::Path;

use common::*;
use faqpress::model::doc::{Block, Inline, Link};
use faqpress::model::ids::ReleaseIndex;
use faqpress::model::labels::Label;
use faqpress::project::Project;
use faqpress::timeline::Snapshot;
use faqpress::timeline::redline::{Mark, RBlock, RSection, Redline, Status, Token};
use typst::layout::{Frame, FrameItem, Transform};
use typst::visualize::Paint;

const DELETED: &str = "#b42318";
const INSERTED: &str = "#1d4fb8";

fn fixture() -> TempProject {
    TempProject::from_sources(&repo().join("tests/fixtures/redline/sources"))
}

/// The text set in `color` on every page, as words (a word hyphenated at a
/// line end joined again).
fn words_in(project: &Project, from: &str, to: &str, color: &str) -> Vec<String> {
    let (a, b) = (
        project.release(Some(from)).expect("release A"),
        project.release(Some(to)).expect("release B"),
    );
    let (doc, _) = match project.layout_redline(a, b) {
        Ok(laid_out) => laid_out,
        Err(failure) => panic!("the redline cannot be laid out: {failure:?}"),
    };
    let mut text = String::new();
    for page in doc.pages() {
        collect(&page.frame, color, &mut text);
    }
    // A hyphen Typst sets at a line end is a soft hyphen in the text.
    let text = text.replace(" \u{ad}", "\u{ad}").replace("\u{ad} ", "");
    text.split_whitespace().map(str::to_string).collect()
}

fn collect(frame: &Frame, color: &str, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect(&group.frame, color, out),
            FrameItem::Text(text) => {
                let Paint::Solid(fill) = &text.fill else {
                    continue;
                };
                // Footnote marks (a link's address as a footnote) are not words.
                if fill.to_hex() != color || text.size.to_pt() < 8.0 {
                    continue;
                }
                out.push(' ');
                out.push_str(&text.text);
            }
            _ => {}
        }
    }
}

/// The words the comparison marks with `mark`, as a reader sees them.
fn named_words(project: &Project, from: &str, to: &str, mark: Mark) -> Vec<String> {
    let faq = &project.faq;
    let (a, b) = (
        project.release(Some(from)).expect("release A"),
        project.release(Some(to)).expect("release B"),
    );
    let redline = Redline::new(faq, a, b);
    let snap = Snapshot::without_changes(faq, b);
    let visible = |inline: &Inline, out: &mut Vec<String>| visible_words(inline, &snap, out);
    let mut out = vec![];
    for section in redline.sections.iter().filter(|s| s.mark == mark) {
        out.extend(
            section
                .title
                .into_iter()
                .flat_map(str::split_whitespace)
                .map(String::from),
        );
    }
    for q in &redline.questions {
        let number_mark = match q.status {
            Status::Added => Mark::Inserted,
            Status::Removed => Mark::Deleted,
            _ => Mark::Same,
        };
        if number_mark == mark {
            let number = q
                .number
                .as_ref()
                .or(q.old_number.as_ref())
                .expect("a number");
            out.push(format!("{number}."));
        }
        let mut pieces: Vec<_> = q.question.iter().collect();
        let mut wholes = vec![];
        for block in &q.answer {
            blocks_of(block, &mut pieces, &mut wholes);
        }
        for piece in pieces.into_iter().filter(|p| p.mark == mark) {
            match &piece.token {
                Token::Word(word) => out.push(word.to_string()),
                Token::Atom(inline) => visible(inline, &mut out),
                Token::Space | Token::LineBreak => {}
            }
        }
        for (whole_mark, block) in wholes {
            if whole_mark == mark {
                block_words(block, &snap, &mut out);
            }
        }
    }
    out
}

fn blocks_of<'a>(
    block: &'a RBlock<'a>,
    pieces: &mut Vec<&'a faqpress::timeline::redline::Piece<'a>>,
    wholes: &mut Vec<(Mark, &'a Block)>,
) {
    match block {
        RBlock::Same(_) => {}
        RBlock::Whole(mark, block) => wholes.push((*mark, block)),
        RBlock::Inlines { pieces: p, .. } => pieces.extend(p.iter()),
        RBlock::List { items, .. } => items
            .iter()
            .flatten()
            .for_each(|b| blocks_of(b, pieces, wholes)),
        RBlock::Quote(blocks) | RBlock::Alert(_, _, blocks) => {
            blocks.iter().for_each(|b| blocks_of(b, pieces, wholes))
        }
    }
}

/// The words a block shown whole holds.
fn block_words(block: &Block, snap: &Snapshot, out: &mut Vec<String>) {
    let inlines = |inlines: &[Inline], out: &mut Vec<String>| {
        inlines.iter().for_each(|i| visible_words(i, snap, out))
    };
    match block {
        Block::Paragraph(i) | Block::Plain(i) => inlines(i, out),
        Block::List(list) => list
            .items
            .iter()
            .flatten()
            .for_each(|b| block_words(b, snap, out)),
        Block::Quote(blocks) | Block::Alert(_, _, blocks) => {
            blocks.iter().for_each(|b| block_words(b, snap, out))
        }
        Block::Code { text, .. } => out.extend(text.split_whitespace().map(str::to_string)),
        Block::Table(table) => table
            .head
            .iter()
            .chain(table.rows.iter().flatten())
            .for_each(|cell| inlines(cell, out)),
        Block::Rule => {}
    }
}

/// The words an inline compared whole shows.
fn visible_words(inline: &Inline, snap: &Snapshot, out: &mut Vec<String>) {
    let texts = |inlines: &[Inline], out: &mut Vec<String>| {
        for inline in inlines {
            visible_words(inline, snap, out);
        }
    };
    match inline {
        Inline::Text(text) | Inline::Code(text) => {
            out.extend(text.split_whitespace().map(str::to_string));
        }
        Inline::Styled(_, inner) => texts(inner, out),
        Inline::Link(Link {
            autolink: true,
            url,
            ..
        }) => out.push(url.clone()),
        Inline::Link(Link { text, .. }) => texts(text, out),
        Inline::Ref { id, text, .. } if text.is_empty() => {
            let number = snap.number_of(id.as_str()).expect("a question of B");
            let label = snap
                .faq
                .labels
                .get(Label::QuestionRef)
                .replace("{n}", number);
            out.extend(label.split_whitespace().map(str::to_string));
        }
        Inline::Ref { text, .. } => texts(text, out),
        _ => {}
    }
}

fn sorted(mut words: Vec<String>) -> Vec<String> {
    words.sort();
    words
}

fn assert_marks_are_the_diffs(sources: &Path, from: &str, to: &str) {
    let project = Project::open(sources).expect("the sources load");
    for (mark, color) in [(Mark::Deleted, DELETED), (Mark::Inserted, INSERTED)] {
        let named = named_words(&project, from, to, mark);
        assert!(!named.is_empty(), "{mark:?}: the comparison names no words");
        // Compared as characters: a long word in a code block may break
        // between any two characters without a hyphen.
        let chars = |words: Vec<String>| {
            let mut chars: Vec<char> = words.concat().chars().collect();
            chars.sort();
            chars.into_iter().collect::<String>()
        };
        assert_eq!(
            chars(words_in(&project, from, to, color)),
            chars(named),
            "{mark:?} text on the pages (left) and in the comparison (right)"
        );
    }
}

#[test]
fn the_fixtures_marks_are_exactly_the_words_the_comparison_names() {
    let p = fixture();
    assert_marks_are_the_diffs(&p.sources(), "1.0", "2.0");
    let project = Project::open(&p.sources()).expect("the sources load");
    assert_eq!(
        sorted(named_words(&project, "1.0", "2.0", Mark::Deleted)),
        sorted(
            [
                "happened?",
                "evening",
                "are",
                "still",
                "file",
                "3.",
                "Are",
                "the",
                "backups",
                "safe?",
                "The",
                "backups",
                "were",
                "kept",
                "apart",
                "and",
                "are",
                "intact."
            ]
            .map(String::from)
            .to_vec()
        )
    );
}

#[test]
fn the_samples_marks_from_4_0_to_6_0_are_exactly_the_words_the_comparison_names() {
    assert_marks_are_the_diffs(&repo().join("sources"), "4.0", "6.0");
}

#[test]
fn added_removed_moved_and_unchanged_questions_read_as_such() {
    let p = fixture();
    let output = p.run(&["redline", "1.0"]);
    assert_ok(&output);
    let name = "redline-faq_v2.0_redline-from-v1.0.pdf";
    assert_eq!(p.pdfs(), [name]);
    let first = std::fs::read(p.out().join(name)).expect("the redline");
    assert_ok(&p.run(&["redline", "1.0", "2.0"]));
    assert_eq!(first, std::fs::read(p.out().join(name)).expect("again"));

    let project = Project::open(&p.sources()).expect("the sources load");
    let (a, b) = (
        project.release(Some("1.0")).expect("1.0"),
        project.release(Some("2.0")).expect("2.0"),
    );
    let redline = Redline::new(&project.faq, a, b);
    let status: Vec<(&str, Status)> = redline
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.status))
        .collect();
    assert_eq!(
        status,
        [
            ("status", Status::Added),
            ("what-happened", Status::Changed),
            ("hours", Status::Moved),
            ("backups", Status::Removed),
            ("passwords", Status::Unchanged),
            ("contact", Status::Unchanged),
        ]
    );

    // Unchanged and moved questions: nothing marked, no bars (the bars come
    // with the marks), in the generated document.
    let content = project
        .redline_files(a, b)
        .into_iter()
        .find(|f| f.path == "faqpress-content.typ")
        .expect("the content file")
        .text;
    for id in ["hours", "passwords", "contact"] {
        let start = content
            .find(&format!("<rl-{id}>"))
            .expect("the question's place");
        let end = content[start..]
            .find("#metadata(none)<rl-")
            .map_or(content.len(), |e| start + e);
        let rest = &content[start..end];
        let end = rest[1..].find("#metadata").map_or(rest.len(), |e| e + 1);
        let question = &rest[..end];
        for mark in ["rl-del", "rl-ins", "rl-block", "rl-barred"] {
            assert!(!question.contains(mark), "{id} carries {mark}:\n{question}");
        }
    }

    let pages = frames::page_texts(&project.layout_redline(a, b).expect("laid out").0);
    let flat: Vec<String> = pages
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(flat[0].contains("Comparison: version 2.0 against version 1.0"));
    assert!(flat[0].contains("This is a comparison of two versions of this FAQ, not a release."));
    for line in [
        "Are all systems running again? — new, page 1",
        "What happened to the servers? (previously question 1) — changed, page 1",
        "When can I call the help desk? (previously question 2) — moved only, page 1",
        "Are the backups safe? (previously question 3) — removed, page 1",
    ] {
        assert!(
            flat[0].contains(line),
            "page 1 lacks `{line}`:\n{}",
            pages[0]
        );
    }
    // The list of changed questions leaves the unchanged one out.
    let start = flat[0].find("Changed questions").expect("the list");
    let end = flat[0].find("removed, page 1").expect("its last line");
    assert!(!flat[0][start..end].contains("Do I need to change my password"));
    let body = flat.join(" ");
    assert!(body.contains("When can I call the help desk? (previously question 2)"));
    assert!(body.contains("4. Do I need to change my password? Yes."));
    for page in &flat {
        assert!(page.contains("Version 1.0 → 2.0 (comparison)"), "{page}");
    }
}

#[test]
fn a_redline_needs_an_older_release_first() {
    let p = fixture();
    let output = p.run(&["redline", "2.0", "1.0"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("is not older than"));
    assert!(p.pdfs().is_empty());
}

/// The fixture whose sections come and go, and its releases 1.0 and 3.0.
fn sections_over_time() -> (TempProject, Project, ReleaseIndex, ReleaseIndex) {
    let p = TempProject::from_sources(&repo().join("tests/fixtures/good/sections-over-time"));
    let project = Project::open(&p.sources()).expect("the sources load");
    let a = project.release(Some("1.0")).expect("1.0");
    let b = project.release(Some("3.0")).expect("3.0");
    (p, project, a, b)
}

/// A question that moved to another section reads as moved, naming the
/// section it left; the question removed with its section stands where it
/// stood, not after the moved one.
#[test]
fn a_question_moved_to_another_section_reads_as_moved() {
    let (_p, project, a, b) = sections_over_time();
    let redline = Redline::new(&project.faq, a, b);
    let status: Vec<(&str, Status, Option<&str>)> = redline
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.status, q.moved_from))
        .collect();
    assert_eq!(
        status,
        [
            ("was-ist-passiert", Status::Unchanged, None),
            ("notbetrieb", Status::Removed, None),
            ("daten", Status::Moved, None),
            ("passwoerter", Status::Moved, None),
            ("wiederherstellung", Status::Added, None),
            ("kontakt", Status::Moved, Some("Allgemeines")),
            ("hotline", Status::Added, None),
        ]
    );
    let pages = frames::page_texts(&project.layout_redline(a, b).expect("laid out").0);
    let flat = flat(&pages.join(" "));
    assert!(
        flat.contains(
            "Wie erreiche ich den Service? (bisher Frage 2 im Abschnitt „Allgemeines“) — nur verschoben"
        ),
        "{flat}"
    );
    assert!(
        flat.contains(
            "Kontakt 5. Wie erreiche ich den Service? (bisher Frage 2 im Abschnitt „Allgemeines“)"
        ),
        "{flat}"
    );
}

/// A line drawn on a page (a strike, an underline, a change bar): its
/// bounding box in points from the page's top left corner, and its colour.
#[derive(Debug)]
struct Drawn {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    color: String,
}

fn drawn(frame: &Frame, ts: Transform, out: &mut Vec<Drawn>) {
    frames::each_item(frame, ts, &mut |pos, item, ts| {
        let FrameItem::Shape(shape, _) = item else {
            return;
        };
        // A decoration is a stroked line, a bar a filled shape.
        let paint = shape
            .stroke
            .as_ref()
            .map(|s| &s.paint)
            .or(shape.fill.as_ref());
        let Some(Paint::Solid(color)) = paint else {
            return;
        };
        let bbox = shape.bbox(false);
        let (a, b) = (
            (pos + bbox.min).transform(ts),
            (pos + bbox.max).transform(ts),
        );
        out.push(Drawn {
            left: a.x.to_pt().min(b.x.to_pt()),
            top: a.y.to_pt().min(b.y.to_pt()),
            right: a.x.to_pt().max(b.x.to_pt()),
            bottom: a.y.to_pt().max(b.y.to_pt()),
            color: color.to_hex().to_string(),
        });
    });
}

/// How a heading's word is set on the redline's pages.
#[derive(Debug, PartialEq)]
struct HeadingWord {
    color: String,
    /// A line in its colour runs through the word.
    struck: bool,
    /// A line in its colour runs under the word.
    underlined: bool,
    /// A bar stands in the left margin beside it.
    barred: bool,
}

/// Every place `word` stands on the pages as a section heading's word
/// (14 pt), in order.
fn heading_words(doc: &typst_layout::PagedDocument, word: &str) -> Vec<HeadingWord> {
    let mut out = vec![];
    for page in doc.pages() {
        let mut lines = vec![];
        drawn(&page.frame, Transform::identity(), &mut lines);
        for run in frames::runs(&page.frame) {
            if run.text != word || run.size < 13.0 {
                continue;
            }
            let color = run.color.clone().unwrap_or_default();
            let across = |line: &&Drawn| {
                line.color == color && line.left <= run.x + 1.0 && line.right >= run.end() - 1.0
            };
            let struck = lines
                .iter()
                .filter(across)
                .any(|l| l.top > run.y - 0.7 * run.size && l.bottom < run.y);
            let underlined = lines
                .iter()
                .filter(across)
                .any(|l| l.top > run.y && l.bottom < run.y + 0.4 * run.size);
            // The bars stand 1.2 cm from the page's left edge.
            let barred = lines.iter().any(|l| {
                l.color == "#000000"
                    && (l.left - 34.0).abs() < 3.0
                    && l.top < run.y
                    && l.bottom > run.y - 0.7 * run.size
            });
            out.push(HeadingWord {
                color,
                struck,
                underlined,
                barred,
            });
        }
    }
    out
}

/// A section new since A has its heading marked as inserted; one gone since
/// A stands struck through where it stood, with the question removed with
/// it under it; unchanged sections carry no marks.
#[test]
fn sections_new_and_gone_since_a_are_marked_where_they_stand() {
    let (p, project, a, b) = sections_over_time();
    let redline = Redline::new(&project.faq, a, b);
    let sections: Vec<(Option<&str>, Mark)> = redline
        .sections
        .iter()
        .map(|s: &RSection| (s.title, s.mark))
        .collect();
    assert_eq!(
        sections,
        [
            (Some("Allgemeines"), Mark::Same),
            (Some("Übergangsbetrieb"), Mark::Deleted),
            (Some("Ihre Daten"), Mark::Same),
            (Some("Wiederherstellung"), Mark::Inserted),
            (Some("Kontakt"), Mark::Inserted),
        ]
    );
    let removed = redline
        .questions
        .iter()
        .find(|q| q.id.as_str() == "notbetrieb")
        .expect("the removed question");
    assert_eq!(removed.section, 1, "it stands under its own section");

    let doc = project.layout_redline(a, b).expect("laid out").0;
    let inserted = HeadingWord {
        color: INSERTED.into(),
        struck: false,
        underlined: true,
        barred: true,
    };
    let deleted = HeadingWord {
        color: DELETED.into(),
        struck: true,
        underlined: false,
        barred: true,
    };
    assert_eq!(heading_words(&doc, "Kontakt"), [inserted]);
    assert_eq!(heading_words(&doc, "Wiederherstellung").len(), 1);
    assert_eq!(heading_words(&doc, "Übergangsbetrieb"), [deleted]);
    for word in ["Allgemeines", "Ihre", "Daten"] {
        for found in heading_words(&doc, word) {
            assert_eq!(
                (found.struck, found.underlined, found.barred),
                (false, false, false),
                "{word}"
            );
            assert_ne!(found.color, INSERTED);
            assert_ne!(found.color, DELETED);
        }
    }
    let flat = flat(&frames::page_texts(&doc).join(" "));
    let at = |text: &str| {
        flat.find(text)
            .unwrap_or_else(|| panic!("no `{text}` in {flat}"))
    };
    // Where it stood: after the first section's question, before "Ihre Daten".
    assert!(at("1. Was ist passiert?") < at("Übergangsbetrieb 3. Wie arbeite ich im Notbetrieb?"));
    assert!(at("Papierformular.") < at("Ihre Daten 2. Sind meine Daten betroffen?"));

    // Every red and blue word on the pages, headings included, is one the
    // comparison names.
    assert_marks_are_the_diffs(&p.sources(), "1.0", "3.0");
}
