//! Output that hostile sources cannot blow up or take over: errors stay short
//! and cheap however many there are and however long their lines, and no
//! character from the sources reaches a terminal as a control sequence.

mod common;

use std::process::Output;
use std::time::{Duration, Instant};

use common::{TempProject, stderr, stdout};
use faqpress::diag::MAX_SHOWN;

/// `faq.toml` of a one-question FAQ up to its `entries` key, which the
/// caller writes.
const HEAD: &str = r#"[document]
id = "hostile"
title = "Hostile output"
organization = "Example Ltd"
language = "en"
"#;

const RELEASE: &str = "\n[[release]]\nversion = \"1.0\"\ndate = 2026-03-02T12:00:00\n";

fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A project with `faq.toml` as given and the entry `a`.
fn project(faq: &str) -> TempProject {
    let project = TempProject {
        dir: tempfile::tempdir().expect("temporary folder"),
    };
    write(&project, "faq.toml", faq);
    write(
        &project,
        "entries/a.toml",
        "question = \"Q?\"\nanswer = \"A.\"\n",
    );
    project
}

/// Writes a file below the sources folder, creating its folder.
fn write(project: &TempProject, path: &str, content: impl AsRef<[u8]>) {
    let path = project.sources().join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, content).expect("write file");
}

/// `n` unknown ids after `a`, all on line 6 of `faq.toml`, and the column
/// where the id number `i` starts.
fn unknown_ids_on_one_line(n: usize) -> (TempProject, impl Fn(usize) -> usize) {
    let ids: Vec<String> = (0..n).map(|i| format!("\"unknown-{i:05}\"")).collect();
    let faq = format!("{HEAD}entries = [\"a\", {}]\n{RELEASE}", ids.join(", "));
    let prefix = "entries = [\"a\", ".len();
    (project(&faq), move |i| {
        prefix + i * "\"unknown-00000\", ".len() + 1
    })
}

fn assert_errors(output: &Output, count: usize) -> String {
    let err = stderr(output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(
        err.contains(&format!(
            "\n{count} errors in the sources; nothing was written"
        )),
        "the final count is not {count}:\n{}",
        &err[err.len().saturating_sub(2000)..]
    );
    err
}

// ---------------------------------------------------------------------------
// Errors are cheap and short

#[test]
fn after_the_first_errors_one_line_says_how_many_more() {
    let n = MAX_SHOWN + 300;
    let ids: Vec<String> = (0..n).map(|i| format!("\"unknown-{i:05}\",\n")).collect();
    let faq = format!("{HEAD}entries = [\"a\",\n{}]\n{RELEASE}", ids.concat());
    let project = project(&faq);
    for format in ["human", "short"] {
        let output = project.run(&["check", "--diagnostic-format", format]);
        let err = assert_errors(&output, n);
        let shown = err.matches("error: question `unknown-").count();
        assert_eq!(shown, MAX_SHOWN, "{format}: {shown} errors shown");
        assert!(err.contains("`unknown-00199`") && !err.contains("`unknown-00200`"));
        assert_eq!(
            err.matches("note: not shown: 300 errors more").count(),
            1,
            "{format}:\n{}",
            &err[err.len() - 1000..]
        );
    }
}

#[test]
fn errors_on_a_long_line_show_an_excerpt_at_the_exact_place() {
    let (project, column) = unknown_ids_on_one_line(150);
    let output = project.run(&["check"]);
    let err = assert_errors(&output, 150);
    let longest = err.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 260, "a line of {longest} characters was printed");
    assert!(err.len() < 150 * 1200, "{} bytes for 150 errors", err.len());
    for i in [0, 1, 77, 149] {
        let header = format!("┌─ sources/faq.toml:6:{}\n", column(i));
        let at = err
            .find(&header)
            .unwrap_or_else(|| panic!("no `{header}` in output"));
        // The excerpt under the header underlines this id and no other.
        let excerpt: Vec<&str> = err[at..].lines().take(4).collect();
        let (line, carets) = (excerpt[2], excerpt[3]);
        let start = carets.chars().position(|c| c == '^').expect("an underline");
        let underlined = carets.matches('^').count();
        let shown: String = line.chars().skip(start).take(underlined).collect();
        assert_eq!(
            shown,
            format!("\"unknown-{i:05}\""),
            "{}",
            excerpt.join("\n")
        );
    }
    let short = stderr(&project.run(&["check", "--diagnostic-format", "short"]));
    for i in [0, 149] {
        let at = format!(
            "sources/faq.toml:6:{}: error: question `unknown-{i:05}`",
            column(i)
        );
        assert!(
            short.contains(&at),
            "no `{at}` in:\n{}",
            &short[..2000.min(short.len())]
        );
    }
}

#[test]
fn a_line_of_thousands_of_mistakes_reports_quickly_and_briefly() {
    let (project, _) = unknown_ids_on_one_line(2500);
    let start = Instant::now();
    let output = project.run(&["check"]);
    let took = start.elapsed();
    let err = assert_errors(&output, 2500);
    assert!(err.len() < 200_000, "{} bytes of errors", err.len());
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn sixteen_thousand_blank_notes_report_quickly_and_briefly() {
    let notes = "  { text = \"\" },\n".repeat(16_000);
    let faq = format!("{HEAD}entries = [\"a\"]\n{RELEASE}notes = [\n{notes}]\n");
    let project = project(&faq);
    let start = Instant::now();
    let output = project.run(&["check"]);
    let took = start.elapsed();
    let err = assert_errors(&output, 16_000);
    assert!(err.contains("note: not shown: 15800 errors more"));
    // The last note shown is the 200th, at its own line.
    assert!(err.contains(&format!("sources/faq.toml:{}:12", 9 + MAX_SHOWN)));
    assert!(err.len() < 100_000, "{} bytes of errors", err.len());
    assert!(took < Duration::from_secs(10), "{took:?}");
}

// ---------------------------------------------------------------------------
// Terminal output cannot be hijacked

/// Characters a terminal would obey: retitle, clear, a C1 CSI, a bare
/// carriage return, a bell, and a right-to-left override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7} \u{1b}[2J \u{9b}31m \r \u{202e}";

/// Whether `text` holds a control character other than newline and tab, a
/// bidi override or isolate, or a line separator.
fn has_hostile(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    })
}

fn two_releases(question_then: &str, question_now: &str) -> TempProject {
    let faq = format!(
        "{HEAD}entries = [\"a\"]\n{RELEASE}\n[[release]]\nversion = \"2.0\"\ndate = 2026-03-03T12:00:00\n"
    );
    let project = project(&faq);
    let entry = format!(
        "[[revision]]\nsince = \"1.0\"\nquestion = {}\nanswer = \"Old.\"\n\n[[revision]]\nsince = \"2.0\"\nquestion = {}\nanswer = {}\n",
        toml_str(question_then),
        toml_str(question_now),
        toml_str(&format!("New {HOSTILE} answer."))
    );
    write(&project, "entries/a.toml", entry);
    project
}

#[test]
fn diff_shows_control_characters_as_escapes() {
    let project = two_releases("Old question?", &format!("New {HOSTILE} question?"));
    let plain = stdout(&project.run(&["diff", "1.0", "2.0", "--color", "never"]));
    assert!(!has_hostile(&plain), "{plain:?}");
    for escaped in [
        "\\u{1b}]0;pwned\\u{7}",
        "\\u{1b}[2J",
        "\\u{9b}31m",
        "\\u{d}",
        "\\u{202e}",
    ] {
        assert!(plain.contains(escaped), "`{escaped}` not in {plain:?}");
    }
    // In colour, the only escapes are faqpress's own colours (SGR, `ESC [ … m`).
    let colour = stdout(&project.run(&["diff", "1.0", "2.0", "--color", "always"]));
    assert!(colour.contains("\\u{1b}[2J"), "{colour:?}");
    for sequence in colour.split('\u{1b}').skip(1) {
        let params: String = sequence.chars().skip(1).take_while(|c| *c != 'm').collect();
        assert!(
            sequence.starts_with('[') && params.chars().all(|c| c.is_ascii_digit() || c == ';'),
            "escape other than a colour: {sequence:?}"
        );
    }
    let without_colours: String = colour
        .split('\u{1b}')
        .enumerate()
        .map(|(i, s)| {
            if i == 0 {
                s
            } else {
                s.split_once('m').map_or(s, |(_, rest)| rest)
            }
        })
        .collect();
    assert!(!has_hostile(&without_colours), "{without_colours:?}");
    // JSON is for tools: the texts as they are, escaped the JSON way.
    let json = stdout(&project.run(&["diff", "1.0", "2.0", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let question = &value["questions"][0]["after"]["question"];
    assert_eq!(
        question.as_str(),
        Some(format!("New {HOSTILE} question?").as_str())
    );
}

#[test]
fn error_excerpts_show_control_characters_as_escapes() {
    let project = project(&format!(
        "{HEAD}entries = [\"a\"]\nintro = \"\"\"\n{{{{#snippet s}}}}\n\"\"\"\n{RELEASE}"
    ));
    // A raw HTML error on a snippet line that holds raw control bytes.
    write(
        &project,
        "snippets/s.md",
        format!("Text {HOSTILE} <b>bold</b>\n"),
    );
    for command in ["check", "build"] {
        for format in ["human", "short"] {
            let output = project.run(&[command, "--diagnostic-format", format]);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{err}");
            assert!(!has_hostile(&err), "{command} {format}: {err:?}");
            assert!(err.contains("sources/snippets/s.md:1:"), "{err}");
            if format == "human" {
                let line = format!("1 │ Text {} <b>bold</b>\n", escaped(HOSTILE));
                assert!(err.contains(&line), "{command}: {err}");
            }
        }
    }
}

/// How faqpress shows [`HOSTILE`] on a terminal.
fn escaped(text: &str) -> String {
    faqpress::terminal::clean(text).into_owned()
}

#[test]
fn a_toml_error_on_a_line_of_raw_control_bytes_is_shown_escaped() {
    // TOML refuses raw controls in strings: the error shows the line.
    let project = project(&format!(
        "{HEAD}entries = [\"a\"]\nintro = \"{HOSTILE}\"\n{RELEASE}"
    ));
    let err = stderr(&project.run(&["check"]));
    assert!(err.contains("sources/faq.toml:7:"), "{err}");
    assert!(!has_hostile(&err), "{err:?}");
    assert!(err.contains("\\u{1b}]0;pwned"), "{err}");
}

#[test]
fn file_names_in_messages_are_shown_escaped() {
    let project = project(&format!("{HEAD}entries = [\"a\"]\n{RELEASE}"));
    let entry = "question = \"Q?\"\nanswer = \"A.\"\n";
    // Files not listed are warned about by their names.
    write(&project, "entries/b\u{1b}]0;pwned\u{7}.toml", entry);
    write(&project, "entries/c\u{202e}lmth.toml", entry);
    for format in ["human", "short"] {
        let output = project.run(&["check", "--diagnostic-format", format]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(!has_hostile(&err), "{err:?}");
        assert!(
            err.contains("sources/entries/b\\u{1b}]0;pwned\\u{7}.toml"),
            "{err}"
        );
        assert!(err.contains("sources/entries/c\\u{202e}lmth.toml"), "{err}");
    }
}

#[test]
fn versions_with_controls_bidi_or_line_separators_are_refused_where_written() {
    for (written, code) in [
        ("1.0\\u202Efdp", "U+202E"),
        ("1.\\u2066x", "U+2066"),
        ("1.0\\u2028", "U+2028"),
        ("1.0\\u0085", "U+0085"),
        ("1.0\\u001B[2J", "U+001B"),
        ("1.0\\u009B", "U+009B"),
    ] {
        let faq = format!(
            "{HEAD}entries = [\"a\"]\n\n[[release]]\nversion = \"{written}\"\ndate = 2026-03-02T12:00:00\n"
        );
        let project = project(&faq);
        let output = project.run(&["check", "--diagnostic-format", "short"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{written}: {err}");
        assert!(
            err.contains("sources/faq.toml:9:11: error: invalid version"),
            "{written}: {err}"
        );
        let err = stderr(&project.run(&["check"]));
        assert!(err.contains("┌─ sources/faq.toml:9:11"), "{written}: {err}");
        assert!(
            err.contains(&format!("hint: it holds {code}")),
            "{written}: {err}"
        );
        assert!(!has_hostile(&err), "{err:?}");
    }
}

#[test]
fn a_document_id_with_a_bidi_override_is_refused_where_written() {
    let faq =
        format!("{HEAD}entries = [\"a\"]\n{RELEASE}").replace("\"hostile\"", "\"faq\\u202Efdp\"");
    let output = project(&faq).run(&["check", "--diagnostic-format", "short"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("sources/faq.toml:2:6: error: invalid document id"),
        "{err}"
    );
    assert!(err.contains("faq\\u{202e}fdp"), "{err}");
    assert!(!has_hostile(&err), "{err:?}");
}
