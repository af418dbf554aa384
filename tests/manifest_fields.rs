//! The manifest protects what it records: verify checks every field of a
//! record against the archived file and its rebuild, not only the checksum,
//! and says which releases carry no signature.

mod common;

use common::mini::{mini, run};
use common::{TempProject, assert_ok, stdout};

fn published() -> TempProject {
    let project = mini();
    assert_ok(&run(&project, &["publish", "--release", "1.0"]));
    project
}

/// Replaces the value of `key` in the manifest's first record.
fn edit_manifest(project: &TempProject, key: &str, value: &str) {
    let path = project.path().join("archive/manifest.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let prefix = format!("{key} = ");
    let mut done = false;
    let edited: Vec<String> = text
        .lines()
        .map(|line| {
            if !done && line.starts_with(&prefix) {
                done = true;
                format!("{prefix}{value}")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(done, "no `{key}` in the manifest");
    std::fs::write(&path, edited.join("\n") + "\n").unwrap();
}

/// Verify fails, even with --allow-drift, and reports `expected`.
fn assert_tampered(project: &TempProject, expected: &str) {
    for args in [&["verify"][..], &["verify", "--allow-drift"]] {
        let out = run(project, args);
        let said = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?} passed:\n{said}");
        assert!(said.contains(expected), "`{expected}` not in:\n{said}");
    }
}

#[test]
fn an_untouched_record_verifies_and_is_named_unsigned() {
    let project = published();
    let out = run(&project, &["verify"]);
    assert_ok(&out);
    assert!(
        stdout(&out).contains("unsigned: release 1.0 ("),
        "{}",
        stdout(&out)
    );
}

#[test]
fn edited_pages_date_size_and_versions_are_caught() {
    for (key, value, expected) in [
        ("pages", "7", "pages = 7 is recorded, the file has 2 pages"),
        (
            "date",
            "2026-03-01T12:00:00",
            "date = 2026-03-01T12:00:00 is recorded, the file is dated 2026-03-02T12:00:00",
        ),
        ("typst", "\"0.14.0\"", "typst = \"0.14.0\" is recorded"),
        (
            "faqpress",
            "\"99.0.0\"",
            "faqpress = \"99.0.0\" is recorded",
        ),
    ] {
        let project = published();
        edit_manifest(&project, key, value);
        assert_tampered(&project, expected);
    }
}

#[test]
fn an_edited_question_fingerprint_is_caught() {
    let project = published();
    edit_manifest(&project, "a", &format!("\"{}\"", "0".repeat(64)));
    let out = run(&project, &["verify"]);
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("the texts recorded for the release differ from today's sources"),
        "{said}"
    );
    assert!(
        said.contains("question 1 (a) \"Q?\": text changed"),
        "{said}"
    );
}
