//! The authoring loop as a user meets it: `diff` between releases, `new`
//! followed by `build`, `watch` rebuilding on edits, and the "neu" /
//! "aktualisiert" marks readers see on changed questions.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::frames::page_texts;
use common::{TempProject, assert_ok, faqpress, pdf_pages, repo, stderr, stdout};

fn diff_json(project: &TempProject, from: &str, to: &str) -> serde_json::Value {
    let output = project.run(&["diff", from, to, "--format", "json"]);
    assert_ok(&output);
    serde_json::from_str(&stdout(&output)).expect("diff --format json prints JSON")
}

/// The ids of the questions whose text changed, or that came or went, by kind.
fn content_changes(json: &serde_json::Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for q in json["questions"].as_array().expect("questions") {
        for change in q["changes"].as_array().expect("changes") {
            let change = change.as_str().expect("a change is a string");
            if change != "moved" {
                out.insert((q["id"].as_str().unwrap().to_string(), change.to_string()));
            }
        }
    }
    out
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(id, kind)| (id.to_string(), kind.to_string()))
        .collect()
}

#[test]
fn diff_lists_exactly_the_questions_that_changed() {
    let project = TempProject::sample();
    // Between 4.0 and 6.0 the sample revises `betroffene-systeme` (5.0),
    // `notfallplan` and `updates` (6.0, the latter with a new question) and
    // removes `kundenportal` (5.0).
    let json = diff_json(&project, "4.0", "6.0");
    assert_eq!(
        content_changes(&json),
        set(&[
            ("betroffene-systeme", "answer"),
            ("kundenportal", "removed"),
            ("notfallplan", "answer"),
            ("updates", "answer"),
            ("updates", "question"),
        ])
    );
    assert_eq!(json["from"]["version"], "4.0");
    assert_eq!(json["to"]["version"], "6.0");
    assert_eq!(json["summary"]["changed"], 3);
    assert_eq!(json["summary"]["removed"], 1);
    assert_eq!(json["summary"]["added"], 0);
    // Questions listed only as moved kept their text and changed their number.
    for q in json["questions"].as_array().unwrap() {
        if q["changes"] == serde_json::json!(["moved"]) {
            assert_eq!(q["before"]["question"], q["after"]["question"]);
            assert_eq!(q["before"]["answer"], q["after"]["answer"]);
            assert_ne!(q["before"]["number"], q["after"]["number"]);
        }
    }
}

#[test]
fn diff_of_one_edited_entry_lists_that_entry_only() {
    let project = TempProject::sample();
    project.edit(
        "faq.toml",
        "at = \"notfallplan\" }]",
        "at = \"notfallplan\" }]\n\n[[release]]\nversion = \"7.0\"\ndate = 2026-03-20T10:00:00",
    );
    let entry = project.sources().join("entries/kontakt.toml");
    let text = std::fs::read_to_string(&entry).unwrap();
    let revised = format!(
        "[[revision]]\nsince = \"1.0\"\n{text}\n[[revision]]\nsince = \"7.0\"\nanswer = \"\"\"\nSchreiben Sie uns an [service@example.com](mailto:service@example.com).\n\"\"\"\n"
    );
    std::fs::write(&entry, revised).unwrap();

    let json = diff_json(&project, "6.0", "7.0");
    assert_eq!(content_changes(&json), set(&[("kontakt", "answer")]));
    assert_eq!(json["questions"].as_array().unwrap().len(), 1);
    assert_eq!(json["summary"]["unchanged"], 17);

    let output = project.run(&["diff", "6.0", "7.0"]);
    assert_ok(&output);
    let text = stdout(&output);
    assert!(text.contains("kontakt"), "{text}");
    assert!(text.contains("answer changed"), "{text}");
    // Not a terminal: plain markers, no colour codes.
    assert!(
        text.contains("[-Unsere Telefonanlage ist vom Angriff"),
        "{text}"
    );
    assert!(text.contains("(mailto:service@example.com).+}"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.trim_end()
            .ends_with("0 added, 0 removed, 1 changed, 0 moved, 17 unchanged"),
        "{text}"
    );
}

#[test]
fn diff_colours_only_when_asked_or_on_a_terminal() {
    let project = TempProject::sample();
    let output = project.run(&["diff", "1.0", "2.0", "--color", "always"]);
    assert_ok(&output);
    let text = stdout(&output);
    assert!(text.contains("\u{1b}[32m"), "{text}");
    assert!(!text.contains("{+"), "{text}");
}

#[test]
fn diff_refuses_an_unknown_release() {
    let project = TempProject::sample();
    let output = project.run(&["diff", "4.0", "6.1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `6.0`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn new_project_builds_at_once() {
    for language in ["de", "en"] {
        let dir = tempfile::tempdir().unwrap();
        let output = faqpress(dir.path(), &["new", "Meine FAQ", "--language", language]);
        assert_ok(&output);
        let project = dir.path().join("Meine FAQ");
        assert!(project.join("sources/faq.toml").is_file());
        let output = faqpress(&project, &["build"]);
        assert_ok(&output);
        let pdfs: Vec<_> = std::fs::read_dir(project.join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(pdfs.len(), 1, "{pdfs:?}");
        assert!(pdfs[0].starts_with("meine-faq_v1.1_"), "{pdfs:?}");
        // The second release revises one question and adds one.
        let text = pdf_pages(
            &project.join("sources"),
            &project.join("out").join(&pdfs[0]),
        )
        .join("\n");
        let (updated, new) = if language == "de" {
            ("Aktualisierung Frage 1", "3 hinzugefügt")
        } else {
            ("question 1 updated", "3 added")
        };
        assert!(text.contains(updated) && text.contains(new), "{text}");
        assert_ok(&faqpress(&project, &["check"]));
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = faqpress(dir.path(), &["new", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not empty"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("sources").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

/// Release 7.0 of the sample with `kontakt` revised, `sicherheitsvorkehrungen`
/// revised editorially, and a new question; the marks get labels that
/// cannot occur in any answer.
fn project_with_release_7() -> TempProject {
    let project = TempProject::sample();
    project.edit(
        "faq.toml",
        "at = \"notfallplan\" }]",
        "at = \"notfallplan\" }]\n\n[[release]]\nversion = \"7.0\"\ndate = 2026-03-20T10:00:00\n\n[labels]\nnew = \"MARKNEW\"\nupdated = \"MARKUPDATED\"",
    );
    project.edit(
        "faq.toml",
        "    \"kontakt\",\n",
        "    \"kontakt\",\n    \"testfrage\",\n",
    );
    std::fs::write(
        project.sources().join("entries/testfrage.toml"),
        "since = \"7.0\"\nquestion = \"Gibt es heute etwas Neues?\"\nanswer = \"Ja.\"\n",
    )
    .unwrap();
    append(
        &project,
        "entries/kontakt.toml",
        "[[revision]]\nsince = \"7.0\"\nquestion = \"Wie erreiche ich Ihren Service jetzt?\"\n",
    );
    append(
        &project,
        "entries/sicherheitsvorkehrungen.toml",
        "\n[[revision]]\nsince = \"7.0\"\neditorial = true\nanswer = \"Wir haben unsere Systeme geschützt.\"\n",
    );
    project
}

/// Turns a short-form entry into the full form if needed, then appends `tail`.
fn append(project: &TempProject, file: &str, tail: &str) {
    let path = project.sources().join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    if !text.contains("[[revision]]") {
        text = format!("[[revision]]\nsince = \"1.0\"\n{text}\n");
    }
    std::fs::write(&path, text + tail).unwrap();
}

/// The text of a PDF built with `--pdf-standard none`, with line breaks and
/// hyphenation undone.
fn flat_text(project: &TempProject, pdf: &Path) -> String {
    let layout = common::layout(&project.sources(), pdf, Some("none"));
    let text = page_texts(&layout).join(" ").replace("\u{ad}\n", "");
    common::flat(&text)
}

#[test]
fn marks_appear_exactly_on_the_questions_changed_in_the_release() {
    let project = project_with_release_7();
    assert_ok(&project.run(&["build", "--pdf-standard", "none"]));
    let pdf = project.out().join("kunden-faq_v7.0_2026-03-20.pdf");
    let text = flat_text(&project, &pdf);
    // Each mark twice: in the contents and beside the heading.
    assert_eq!(text.matches("MARKUPDATED").count(), 2, "{text}");
    assert_eq!(text.matches("MARKNEW").count(), 2, "{text}");
    assert_eq!(
        text.matches("Wie erreiche ich Ihren Service jetzt? MARKUPDATED")
            .count(),
        2,
        "{text}"
    );
    assert_eq!(
        text.matches("Gibt es heute etwas Neues? MARKNEW").count(),
        2,
        "{text}"
    );

    // An earlier release shows its own changes, not those of 7.0.
    assert_ok(&project.run(&["build", "--release", "6.0", "--pdf-standard", "none"]));
    let text = flat_text(
        &project,
        &project.out().join("kunden-faq_v6.0_2026-03-16.pdf"),
    );
    assert!(!text.contains("MARKNEW"), "{text}");
    assert_eq!(text.matches("MARKUPDATED").count(), 4, "{text}");
}

#[test]
fn a_layout_can_switch_the_marks_off() {
    let project = project_with_release_7();
    let layouts = project.path().join("layouts");
    std::fs::create_dir(&layouts).unwrap();
    let standard = std::fs::read_to_string(common::repo().join("layouts/standard.typ")).unwrap();
    let quiet = standard.replace("#let show-marks = true", "#let show-marks = false");
    assert_ne!(
        quiet, standard,
        "the standard layout has a show-marks option"
    );
    std::fs::write(layouts.join("standard.typ"), quiet).unwrap();
    assert_ok(&project.run(&["build", "--pdf-standard", "none"]));
    let text = flat_text(
        &project,
        &project.out().join("kunden-faq_v7.0_2026-03-20.pdf"),
    );
    assert!(text.contains("Gibt es heute etwas Neues?"), "{text}");
    assert!(
        !text.contains("MARKNEW") && !text.contains("MARKUPDATED"),
        "{text}"
    );
}

/// A running `faqpress watch` with its standard error read line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

/// How long a step of the watch test may take at most: generous for a
/// loaded machine, and only ever reached when something is broken.
const BOUND: Duration = Duration::from_secs(60);

impl Watch {
    fn start(project: &TempProject) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_faqpress"))
            .args(["watch", "--pdf-standard", "none"])
            .current_dir(project.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("faqpress watch starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            lines,
            seen: vec![],
        }
    }

    /// Waits for a line containing `needle`; returns the lines up to it.
    fn wait_for(&mut self, needle: &str) -> Vec<String> {
        let deadline = Instant::now() + BOUND;
        let mut got = vec![];
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    got.push(line.clone());
                    if line.contains(needle) {
                        return got;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with `{needle}`; watch printed:\n{}",
            self.seen.join("\n")
        );
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the exit.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + BOUND;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "watch did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[cfg(unix)]
fn watch_rebuilds_on_edits_and_keeps_the_last_good_pdf_on_errors() {
    let project = TempProject::sample();
    let pdf = project.out().join("kunden-faq_v6.0_2026-03-16.pdf");
    let mut watch = Watch::start(&project);
    watch.wait_for("built out/");
    assert!(pdf.is_file());

    // One entry edited: a new PDF with the new text.
    project.edit(
        "entries/kontakt.toml",
        "Rückrufnummer",
        "Rückrufnummer (Mobilfunk)",
    );
    let lines = watch.wait_for("built out/");
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("sources/entries/kontakt.toml changed"),
        "{lines:?}"
    );
    assert!(flat_text(&project, &pdf).contains("Rückrufnummer (Mobilfunk)"));

    // A broken edit: the error is printed and the PDF stays as it was.
    let good = std::fs::read(&pdf).unwrap();
    project.edit("entries/kontakt.toml", "question = ", "questoin = ");
    let lines = watch
        .wait_for("the last good PDF is left as it was")
        .join("\n");
    assert!(lines.contains("unknown key `questoin`"), "{lines}");
    assert!(
        lines.contains("sources/entries/kontakt.toml:1:1"),
        "{lines}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), good);

    // The fix, saved the way many editors save: a new file renamed over the old.
    let entry = project.sources().join("entries/kontakt.toml");
    let fixed = std::fs::read_to_string(&entry)
        .unwrap()
        .replace("questoin = ", "question = ")
        .replace("(Mobilfunk)", "(Festnetz)");
    let scratch = project.sources().join("entries/kontakt.toml.saving");
    std::fs::write(&scratch, fixed).unwrap();
    std::fs::rename(&scratch, &entry).unwrap();
    let lines = watch.wait_for("built out/");
    assert!(
        lines.last().unwrap().contains("kontakt.toml changed"),
        "{lines:?}"
    );
    assert!(flat_text(&project, &pdf).contains("Rückrufnummer (Festnetz)"));

    // Ctrl-C ends the session cleanly, leaving nothing half-written.
    let status = watch.interrupt();
    assert!(status.success(), "{status:?}");
    watch.wait_for("stopped watching");
    let left: Vec<_> = std::fs::read_dir(project.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["kunden-faq_v6.0_2026-03-16.pdf"]);
}

#[test]
fn help_shows_an_example_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&faqpress(dir.path(), &["--help"]));
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(
        commands.contains(&"watch") && commands.contains(&"diff"),
        "{help}"
    );
    for command in commands {
        let output = faqpress(dir.path(), &[command, "--help"]);
        assert_ok(&output);
        let text = stdout(&output);
        assert!(
            text.contains("Examples:") && text.contains(&format!("faqpress {command}")),
            "`faqpress {command} --help` has no example:\n{text}"
        );
    }
}

/// The format reference travels with the binary: the very text of
/// docs/format.md, and what `new` points a user to.
#[test]
fn help_format_prints_the_reference_from_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let output = faqpress(dir.path(), &["help", "format"]);
    assert_ok(&output);
    let reference = std::fs::read_to_string(common::repo().join("docs/format.md")).unwrap();
    assert_eq!(stdout(&output), reference);

    let output = faqpress(dir.path(), &["help", "build"]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("faqpress build"),
        "{}",
        stdout(&output)
    );
    let output = faqpress(dir.path(), &["help", "formt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("ask for one of: format, build"),
        "{}",
        stderr(&output)
    );

    for language in ["de", "en"] {
        let project = dir.path().join(language);
        assert_ok(&faqpress(
            dir.path(),
            &["new", language, "--language", language],
        ));
        let faq = std::fs::read_to_string(project.join("sources/faq.toml")).unwrap();
        assert!(faq.contains("`faqpress help format`"), "{faq}");
        assert!(!faq.contains("docs/format.md"), "{faq}");
    }
}

#[test]
fn completions_are_printed_for_common_shells() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let output = faqpress(dir.path(), &["completions", shell]);
        assert_ok(&output);
        let script = stdout(&output);
        assert!(
            script.contains("faqpress") && script.contains("watch"),
            "{shell}"
        );
    }
}

/// `diff` names the sections of a question that moved between them, in
/// text and in JSON.
#[test]
fn diff_reports_a_question_moved_to_another_section() {
    let project = TempProject::from_sources(&repo().join("tests/fixtures/good/sections-over-time"));
    let output = project.run(&["diff", "2.0", "3.0", "--color", "never"]);
    assert_ok(&output);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("  2 → 5  kontakt  moved from section “Allgemeines” to “Kontakt”"),
        "{text}"
    );
    assert!(text.contains("  4 → 2  daten\n"), "{text}");
    assert!(
        text.contains("1 added, 1 removed, 0 changed, 4 moved, 1 unchanged"),
        "{text}"
    );
    let output = project.run(&["diff", "2.0", "3.0", "--format", "json"]);
    assert_ok(&output);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let kontakt = json["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|q| q["id"] == "kontakt")
        .expect("kontakt differs");
    assert_eq!(kontakt["changes"], serde_json::json!(["moved"]));
    assert_eq!(kontakt["before"]["section"], "Allgemeines");
    assert_eq!(kontakt["after"]["section"], "Kontakt");
}
