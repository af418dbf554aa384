//! The release timeline: which questions a release holds, their numbers and
//! marks, and the rows of the change table.

use super::*;
use crate::model::Faq;

/// Loads a FAQ from `faq.toml` and entries given as (id, TOML).
fn faq(faq_toml: &str, entries: &[(&str, &str)]) -> (tempfile::TempDir, Faq) {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(sources.join("entries")).unwrap();
    std::fs::write(sources.join("faq.toml"), faq_toml).unwrap();
    for (id, text) in entries {
        std::fs::write(sources.join(format!("entries/{id}.toml")), text).unwrap();
    }
    let loaded = crate::source::load(&sources);
    assert!(
        !loaded.diags.iter().any(|d| d.is_error()),
        "{:?}",
        loaded.diags
    );
    (dir, loaded.faq.unwrap())
}

const RELEASES: &str = r#"
[[release]]
version = "1.0"
date = 2026-03-02T12:00:00

[[release]]
version = "2.0"
date = 2026-03-04T13:00:00

[[release]]
version = "3.0"
date = 2026-03-05
"#;

fn doc(entries_or_sections: &str) -> String {
    format!(
        "[document]\nid = \"t\"\ntitle = \"T\"\norganization = \"O\"\nlanguage = \"en\"\n{entries_or_sections}\n{RELEASES}"
    )
}

const PLAIN: &str = "question = \"Q?\"\nanswer = \"A.\"\n";

fn numbers(snap: &Snapshot) -> Vec<(String, String)> {
    snap.questions()
        .map(|q| (q.id.to_string(), q.number.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn numbers_run_on_and_close_up_when_a_question_is_removed_or_added() {
    let (_dir, faq) = faq(
        &doc("entries = [\"a\", \"b\", \"c\"]"),
        &[
            ("a", PLAIN),
            (
                "b",
                "removed = \"3.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n",
            ),
            ("c", "since = \"2.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n"),
        ],
    );
    let first = Snapshot::new(&faq, ReleaseIndex(0));
    assert_eq!(numbers(&first), pairs(&[("a", "1"), ("b", "2")]));
    let second = Snapshot::new(&faq, ReleaseIndex(1));
    assert_eq!(
        numbers(&second),
        pairs(&[("a", "1"), ("b", "2"), ("c", "3")])
    );
    let third = Snapshot::new(&faq, ReleaseIndex(2));
    assert_eq!(numbers(&third), pairs(&[("a", "1"), ("c", "2")]));
}

#[test]
fn per_section_numbers_restart_in_each_section() {
    let sections = "numbering = \"per-section\"\n\n[[section]]\ntitle = \"S1\"\nentries = [\"a\", \"b\"]\n\n[[section]]\ntitle = \"S2\"\nentries = [\"c\"]\n";
    // [[section]] tables must come after [document]'s keys and before the releases.
    let (_dir, faq) = faq(&doc(sections), &[("a", PLAIN), ("b", PLAIN), ("c", PLAIN)]);
    let snap = Snapshot::new(&faq, ReleaseIndex(0));
    assert_eq!(
        numbers(&snap),
        pairs(&[("a", "1.1"), ("b", "1.2"), ("c", "2.1")])
    );
    assert_eq!(snap.sections.len(), 2);
    assert_eq!(snap.sections[1].title, Some("S2"));
}

#[test]
fn marks_say_new_and_updated_but_not_editorial() {
    let revised = r#"
[[revision]]
since = "1.0"
question = "Q?"
answer = "A."

[[revision]]
since = "2.0"
answer = "A, longer."

[[revision]]
since = "3.0"
editorial = true
answer = "A, longer!"
"#;
    let (_dir, faq) = faq(
        &doc("entries = [\"a\", \"b\"]"),
        &[
            ("a", revised),
            ("b", "since = \"2.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n"),
        ],
    );
    let marks = |i| -> Vec<Option<Mark>> {
        Snapshot::new(&faq, ReleaseIndex(i))
            .questions()
            .map(|q| q.mark)
            .collect()
    };
    assert_eq!(marks(0), [None]);
    assert_eq!(marks(1), [Some(Mark::Updated), Some(Mark::New)]);
    assert_eq!(marks(2), [None, None]);
}

#[test]
fn change_rows_list_new_updated_removed_and_notes_in_document_order() {
    let faq_toml = doc("entries = [\"a\", \"b\", \"c\"]").replace(
        "version = \"3.0\"\ndate = 2026-03-05",
        "version = \"3.0\"\ndate = 2026-03-05\nnotes = [{ text = \"Contents added\", at = \"contents\" }, { text = \"About c\", at = \"c\" }]",
    );
    let (_dir, faq) = faq(
        &faq_toml,
        &[
            (
                "a",
                "[[revision]]\nsince = \"1.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n\n[[revision]]\nsince = \"3.0\"\nchange = \"Question {n} reworded\"\nquestion = \"Q, new?\"\n",
            ),
            (
                "b",
                "removed = \"3.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n",
            ),
            ("c", "since = \"2.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n"),
        ],
    );
    let snap = Snapshot::new(&faq, ReleaseIndex(2));
    assert_eq!(snap.rows.len(), 3);
    assert!(
        snap.rows[0].items.is_empty(),
        "the first release has no changes"
    );
    assert_eq!(snap.rows[0].date, "2 March 2026, 12:00");
    assert_eq!(snap.rows[2].date, "5 March 2026");
    let row = |i: usize| -> Vec<(ChangeKind, String, String)> {
        snap.rows[i]
            .items
            .iter()
            .map(|it| (it.kind, it.number.clone(), it.text.clone()))
            .collect()
    };
    // Numbers are those of the document being built: c is 3 in 2.0, 2 in 3.0.
    assert_eq!(row(1), [(ChangeKind::New, "2".to_string(), String::new())]);
    assert_eq!(
        row(2),
        [
            (
                ChangeKind::Text,
                String::new(),
                "Contents added".to_string()
            ),
            (
                ChangeKind::Text,
                "1".to_string(),
                "Question 1 reworded".to_string()
            ),
            (ChangeKind::Text, String::new(), "About c".to_string()),
            (ChangeKind::Removed, "2".to_string(), String::new()),
        ]
    );
    let targets: Vec<Option<&str>> = snap.rows[2]
        .items
        .iter()
        .map(|it| it.target.as_deref())
        .collect();
    assert_eq!(
        targets,
        [Some("faq-contents"), Some("q-a"), Some("q-c"), None]
    );
}

#[test]
fn renumbered_questions_get_a_line_in_their_release() {
    let toml = doc("report-renumbering = true\nentries = [\"neu\", \"a\", \"b\", \"c\"]");
    let (_dir, on) = faq(
        &toml,
        &[
            (
                "neu",
                "since = \"2.0\"\nquestion = \"N?\"\nanswer = \"N.\"\n",
            ),
            ("a", PLAIN),
            ("b", PLAIN),
            ("c", PLAIN),
        ],
    );
    let snap = Snapshot::new(&on, ReleaseIndex(2));
    let lines = |row: &ChangeRow| -> Vec<(ChangeKind, String)> {
        row.items.iter().map(|i| (i.kind, i.text.clone())).collect()
    };
    assert_eq!(
        lines(&snap.rows[1]),
        [
            (ChangeKind::New, String::new()),
            (
                ChangeKind::Renumbered,
                "questions 2 to 4 renumbered (previously 1 to 3)".to_string()
            ),
        ]
    );
    assert!(snap.rows[2].items.is_empty());

    let off = toml.replace("report-renumbering = true", "report-renumbering = false");
    let (_dir2, quiet) = faq(
        &off,
        &[
            (
                "neu",
                "since = \"2.0\"\nquestion = \"N?\"\nanswer = \"N.\"\n",
            ),
            ("a", PLAIN),
            ("b", PLAIN),
            ("c", PLAIN),
        ],
    );
    let snap = Snapshot::new(&quiet, ReleaseIndex(2));
    assert_eq!(lines(&snap.rows[1]), [(ChangeKind::New, String::new())]);
}

/// Sections where `b` moves from S1 to S2 in 3.0, after `c`.
fn moving(extra: &str) -> String {
    doc(&format!(
        "{extra}\n[[section]]\ntitle = \"S1\"\nentries = [\"a\", {{ id = \"b\", removed = \"3.0\" }}]\n\n[[section]]\ntitle = \"S2\"\nentries = [\"c\", {{ id = \"b\", since = \"3.0\" }}, \"d\"]\n"
    ))
}

#[test]
fn a_moved_question_is_numbered_where_it_stands_and_reported_as_moved() {
    let entries = [("a", PLAIN), ("b", PLAIN), ("c", PLAIN), ("d", PLAIN)];
    let (_dir, faq) = faq(&moving("report-renumbering = true"), &entries);
    let second = Snapshot::new(&faq, ReleaseIndex(1));
    assert_eq!(
        numbers(&second),
        pairs(&[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])
    );
    let third = Snapshot::new(&faq, ReleaseIndex(2));
    assert_eq!(
        numbers(&third),
        pairs(&[("a", "1"), ("c", "2"), ("b", "3"), ("d", "4")])
    );
    assert_eq!(third.sections[1].title, Some("S2"));
    assert!(third.questions().all(|q| q.mark.is_none()));
    let lines: Vec<(ChangeKind, String)> = third.rows[2]
        .items
        .iter()
        .map(|i| (i.kind, i.text.clone()))
        .collect();
    // c moved up because b left: that is a renumbering; b's own new
    // number is told by its move, and d kept its number.
    assert_eq!(
        lines,
        [
            (
                ChangeKind::Moved,
                "question 3 moved to section “S2” (previously question 2)".to_string()
            ),
            (
                ChangeKind::Renumbered,
                "question 2 renumbered (previously 3)".to_string()
            ),
        ]
    );
    assert!(third.rows[1].items.is_empty());
}

#[test]
fn a_moved_question_without_numbers_is_named_with_both_sections() {
    let named = "question = \"Where is b?\"\nanswer = \"Here.\"\n";
    let entries = [("a", PLAIN), ("b", named), ("c", PLAIN), ("d", PLAIN)];
    let (_dir, faq) = faq(&moving("numbering = \"none\""), &entries);
    let snap = Snapshot::new(&faq, ReleaseIndex(2));
    let texts: Vec<&str> = snap.rows[2].items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        ["question “Where is b?” moved to section “S2” (previously in “S1”)"]
    );
}

#[test]
fn the_german_line_names_the_new_section_and_the_old_number() {
    let entries = [("a", PLAIN), ("b", PLAIN), ("c", PLAIN), ("d", PLAIN)];
    let (_dir, faq) = faq(
        &moving("").replace("language = \"en\"", "language = \"de\""),
        &entries,
    );
    let snap = Snapshot::new(&faq, ReleaseIndex(2));
    assert_eq!(
        snap.rows[2].items[0].text,
        "Frage 3 in den Abschnitt „S2“ verschoben (bisher Frage 2)"
    );
}

/// The redline of 1.0 against 2.0 where S2 loses its first question, S3 its
/// only one and S4 is new.
#[test]
fn a_redline_marks_sections_new_and_gone_and_keeps_removed_questions_in_theirs() {
    use crate::timeline::redline::{Mark, Redline, Status};
    let gone =
        "removed = \"2.0\"\n\n[[revision]]\nsince = \"1.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n";
    let new = "since = \"2.0\"\nquestion = \"Q?\"\nanswer = \"A.\"\n";
    let entries = [
        ("a", PLAIN),
        ("b", gone),
        ("c", PLAIN),
        ("d", gone),
        ("e", new),
    ];
    let sections = "[[section]]\ntitle = \"S1\"\nentries = [\"a\"]\n\n[[section]]\ntitle = \"S2\"\nentries = [\"b\", \"c\"]\n\n[[section]]\ntitle = \"S3\"\nentries = [\"d\"]\n\n[[section]]\ntitle = \"S4\"\nentries = [\"e\"]\n";
    let (_dir, faq) = faq(&doc(sections), &entries);
    let redline = Redline::new(&faq, ReleaseIndex(0), ReleaseIndex(1));
    let shown: Vec<(Option<&str>, Mark, usize)> = redline
        .sections
        .iter()
        .map(|s| (s.title, s.mark, s.number))
        .collect();
    assert_eq!(
        shown,
        [
            (Some("S1"), Mark::Same, 1),
            (Some("S2"), Mark::Same, 2),
            (Some("S3"), Mark::Deleted, 3),
            (Some("S4"), Mark::Inserted, 3),
        ]
    );
    let questions: Vec<(&str, Status, usize)> = redline
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.status, q.section))
        .collect();
    assert_eq!(
        questions,
        [
            ("a", Status::Unchanged, 0),
            ("b", Status::Removed, 1),
            ("c", Status::Moved, 1),
            ("d", Status::Removed, 2),
            ("e", Status::Added, 3),
        ]
    );
}
