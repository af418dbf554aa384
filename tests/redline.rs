//! The redline: release B with every change since A marked. The words struck
//! through (red) and underlined (blue) on its pages are exactly those the
//! comparison of the document trees names; unchanged questions carry no marks
//! and no bars; page 1 says it is a comparison; the bytes are the same twice.

mod common;

use std::path::Path;

use common::*;
use faqpress::model::doc::{Block, Inline, Link};
use faqpress::model::labels::Label;
use faqpress::project::Project;
use faqpress::timeline::Snapshot;
use faqpress::timeline::redline::{Mark, RBlock, Redline, Status, Token};
use typst::layout::{Frame, FrameItem};
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

/// A question that moved to another section reads as moved, naming the
/// section it left; the question removed with its section stands where it
/// stood, not after the moved one.
#[test]
fn a_question_moved_to_another_section_reads_as_moved() {
    let p = TempProject::from_sources(&repo().join("tests/fixtures/good/sections-over-time"));
    let project = Project::open(&p.sources()).expect("the sources load");
    let (a, b) = (
        project.release(Some("1.0")).expect("1.0"),
        project.release(Some("3.0")).expect("3.0"),
    );
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
