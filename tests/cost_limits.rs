//! The cost of a release is bounded: long words, footnotes, and the Markdown,
//! footnotes and unbreakable text of a whole release have limits, each with
//! a located error, so that the worst case within all of them builds in
//! bounded time and memory (measured in README, "Robustness").

mod common;

use common::mini::{FAQ, assert_fails, mini, run, write};
use common::{TempProject, assert_ok};
use faqpress::source::limits::{
    MAX_RELEASE_FOOTNOTES, MAX_RELEASE_MARKDOWN_BYTES, MAX_RELEASE_UNBROKEN_CHARS,
    MAX_TEXT_FOOTNOTES, MAX_URL_BYTES, MAX_WORD_CHARS,
};

/// A FAQ whose questions have the given answers, in one release.
fn with_answers(answers: &[String]) -> TempProject {
    let project = mini();
    let ids: Vec<String> = (0..answers.len()).map(|i| format!("\"q{i}\"")).collect();
    let faq = FAQ.replace(
        "entries = [\"a\"]",
        &format!("entries = [{}]", ids.join(", ")),
    );
    write(&project, "sources/faq.toml", faq);
    for (i, answer) in answers.iter().enumerate() {
        let text = toml::Value::String(answer.clone()).to_string();
        write(
            &project,
            &format!("sources/entries/q{i}.toml"),
            format!("question = \"Question {i}?\"\nanswer = {text}\n"),
        );
    }
    std::fs::remove_file(project.path().join("sources/entries/a.toml")).unwrap();
    project
}

fn word(chars: usize) -> String {
    (0..chars)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect()
}

fn notes(n: usize) -> String {
    let refs: Vec<String> = (0..n).map(|i| format!("w{i}[^n{i}]")).collect();
    let defs: Vec<String> = (0..n).map(|i| format!("[^n{i}]: Note {i}.")).collect();
    format!("{}\n\n{}\n", refs.join(" "), defs.join("\n"))
}

fn check(project: &TempProject) -> std::process::Output {
    run(project, &["check", "--diagnostic-format", "short"])
}

#[test]
fn a_word_longer_than_the_limit_is_refused_where_it_starts() {
    let project = with_answers(&[format!("Before.\n\nSome {}\n", word(MAX_WORD_CHARS + 1))]);
    assert_fails(
        &check(&project),
        1,
        &[&format!(
            "sources/entries/q0.toml:5:6: error: a word of {} characters without a space; words may have at most {MAX_WORD_CHARS}",
            MAX_WORD_CHARS + 1
        )],
    );
    // In a code block too.
    let project = with_answers(&[format!("```\n{}\n```\n", word(MAX_WORD_CHARS + 1))]);
    assert_fails(
        &check(&project),
        1,
        &["sources/entries/q0.toml:4:1: error: a word of"],
    );
    let project = with_answers(&[format!("Some {}\n", word(MAX_WORD_CHARS))]);
    assert_ok(&check(&project));
}

/// A web address of `bytes` bytes, in pieces short enough to break.
fn address(bytes: usize) -> String {
    let head = "https://www.example.com/";
    let mut url = head.to_string();
    while url.len() < bytes {
        url.push_str(if bytes - url.len() >= 3 { "ab/" } else { "a" });
    }
    url
}

#[test]
fn a_link_address_longer_than_typst_takes_is_refused_at_the_link() {
    // Typst refuses it while laying out the page, where the error cannot
    // name the link: "URL is too long (while laying out the document)".
    let long = address(MAX_URL_BYTES + 1);
    let project = with_answers(&[format!(
        "See
[the page]({long}).
"
    )]);
    assert_fails(
        &check(&project),
        1,
        &[&format!(
            "sources/entries/q0.toml:4:1: error: a link address of {} bytes; addresses may have at most {MAX_URL_BYTES}",
            MAX_URL_BYTES + 1
        )],
    );
    let project = with_answers(&[format!(
        "See
[the page]({}).
",
        address(MAX_URL_BYTES)
    )]);
    assert_ok(&run(&project, &["build"]));
}

#[test]
fn footnotes_have_a_limit_per_text_and_per_release() {
    let project = with_answers(&[notes(MAX_TEXT_FOOTNOTES + 1)]);
    assert_fails(
        &check(&project),
        1,
        &[&format!(
            "this text has {} footnotes; a text may have at most {MAX_TEXT_FOOTNOTES}",
            MAX_TEXT_FOOTNOTES + 1
        )],
    );
    let per_text = MAX_TEXT_FOOTNOTES;
    let texts = MAX_RELEASE_FOOTNOTES / per_text + 1;
    let project = with_answers(&vec![notes(per_text); texts]);
    assert_fails(
        &check(&project),
        1,
        &[&format!(
            "sources/faq.toml:8:1: error: release 1.0 has {} footnotes; a release may have at most {MAX_RELEASE_FOOTNOTES}",
            per_text * texts
        )],
    );
}

#[test]
fn a_release_has_a_limit_on_its_markdown_and_its_unbreakable_text() {
    let paragraph = "Ordinary words of an answer, one after the other. ".repeat(20) + "\n\n";
    let answer = paragraph.repeat(200 * 1024 / paragraph.len());
    let count = MAX_RELEASE_MARKDOWN_BYTES / answer.len() + 1;
    let project = with_answers(&vec![answer; count]);
    assert_fails(
        &check(&project),
        1,
        &[
            "sources/faq.toml:8:1: error: release 1.0 holds",
            &format!(
                "a release may hold at most {} KiB",
                MAX_RELEASE_MARKDOWN_BYTES / 1024
            ),
        ],
    );
    // Snippets count with the text they are inserted into.
    let long = format!("{}\n\n", word(MAX_WORD_CHARS));
    let runs = MAX_RELEASE_UNBROKEN_CHARS / MAX_WORD_CHARS + 1;
    let project = with_answers(&["{{#snippet data}}\n".to_string()]);
    write(&project, "sources/snippets/data.md", long.repeat(runs));
    assert_fails(
        &check(&project),
        1,
        &["release 1.0 holds", "of text in long runs without a space"],
    );
}
