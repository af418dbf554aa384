//! Every mistake in the sources is caught before a PDF goes out.
//!
//! The negative corpus: each folder `tests/fixtures/bad/<case>/` holds the
//! files of the small FAQ in `tests/fixtures/good/` that the case breaks, and
//! `expect.toml`: the exit code, the file and line the error must name, and
//! the strings the message must contain. A case is run on a copy of `good/`
//! with its files laid over it (and `delete`d files removed), through `check`
//! and through `build`, with a PDF of the expected name already in `out/`
//! that must stay untouched. A case with `exit = 0` is a warning: both
//! commands name its place and hint, and `build` writes the PDF.
//!
//! Snapshots: the complete output of `check` for a few representative cases
//! is kept in `tests/snapshots/<case>.txt`. After an intended change of the
//! wording, rewrite them with `UPDATE_SNAPSHOTS=1 cargo test --test errors`
//! and review the diff.

mod common;

use std::path::{Path, PathBuf};

use common::{TempProject, copy_dir, repo, stderr};

/// The PDF that `build` would write for the good fixture's latest release.
const GOOD_PDF: &str = "test-faq_v3.0_2026-03-06.pdf";

/// What a PDF already in `out/` holds before a failing build.
const EXISTING: &[u8] = b"%PDF-1.7 an earlier build, to be left alone";

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// What a case expects, from its `expect.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Expect {
    exit: i32,
    /// The file the first error names, as shown (`sources/…`); absent for
    /// usage errors, which name no file.
    file: Option<String>,
    line: Option<usize>,
    contains: Vec<String>,
    #[serde(default)]
    delete: Vec<String>,
    /// Extra arguments for `build`.
    #[serde(default)]
    args: Vec<String>,
    /// The exit code of `check`, when it differs from `exit` (a case about
    /// `build`'s own arguments).
    check_exit: Option<i32>,
    /// The name of the PDF that must stay untouched, when the case changes
    /// the latest release's version or date.
    pdf: Option<String>,
}

/// A copy of the good fixture with the case's files laid over it.
fn project_for(case: &str) -> (TempProject, Expect) {
    let dir = fixtures().join("bad").join(case);
    let text = std::fs::read_to_string(dir.join("expect.toml")).expect("expect.toml");
    let expect: Expect = toml::from_str(&text).expect("a valid expect.toml");
    let project = TempProject::from_sources(&fixtures().join("good"));
    overlay(&dir, &project.sources());
    for file in &expect.delete {
        std::fs::remove_file(project.sources().join(file)).expect("a file of the good fixture");
    }
    (project, expect)
}

/// Copies the case's files (all but `expect.toml`) over the sources.
fn overlay(case: &Path, sources: &Path) {
    for entry in std::fs::read_dir(case).expect("case folder") {
        let entry = entry.expect("folder entry");
        let target = sources.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "expect.toml" {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn run_case(case: &str) {
    let (project, expect) = project_for(case);
    let pdf = expect.pdf.as_deref().unwrap_or(GOOD_PDF);
    std::fs::create_dir_all(project.out()).expect("out/");
    std::fs::write(project.out().join(pdf), EXISTING).expect("existing PDF");

    // `check`, rendered like Typst: the place on a `┌─ file:line:col` line,
    // the message, and the hints.
    let check = project.run(&["check"]);
    let check_exit = expect.check_exit.unwrap_or(expect.exit);
    let out = stderr(&check);
    assert_eq!(
        check.status.code(),
        Some(check_exit),
        "{case}: exit code of `check`:\n{out}"
    );
    if check_exit == expect.exit {
        assert_place(case, &expect, &out, |file, line| {
            format!("┌─ {file}:{line}:")
        });
        for wanted in &expect.contains {
            assert!(
                out.contains(wanted.as_str()),
                "{case}: no `{wanted}` in:\n{out}"
            );
        }
    }

    // `build`, one line per problem: `file:line:col: error: message`
    // (without hints).
    let mut args = vec!["build", "--diagnostic-format", "short"];
    args.extend(expect.args.iter().map(String::as_str));
    let build = project.run(&args);
    let out = stderr(&build);
    assert_eq!(
        build.status.code(),
        Some(expect.exit),
        "{case}: exit code of `build`:\n{out}"
    );
    assert_place(case, &expect, &out, |file, line| format!("{file}:{line}:"));
    if expect.exit == 0 {
        let now = std::fs::read(project.out().join(pdf)).expect("the PDF");
        assert!(
            now.starts_with(b"%PDF") && now != EXISTING,
            "{case}: no PDF built:\n{out}"
        );
        return;
    }
    let message = &expect.contains[0];
    assert!(
        out.contains(message.as_str()),
        "{case}: no `{message}` in:\n{out}"
    );

    assert_eq!(
        project.pdfs(),
        vec![pdf.to_string()],
        "{case}: `build` wrote a PDF:\n{out}"
    );
    let now = std::fs::read(project.out().join(pdf)).expect("the existing PDF");
    assert_eq!(now, EXISTING, "{case}: `build` replaced the existing PDF");
}

/// Asserts that `out` names the expected file and line.
fn assert_place(case: &str, expect: &Expect, out: &str, place: impl Fn(&str, usize) -> String) {
    match (&expect.file, expect.line) {
        (Some(file), Some(line)) => {
            let place = place(file, line);
            assert!(out.contains(&place), "{case}: no `{place}` in:\n{out}");
        }
        (None, None) => assert_eq!(expect.exit, 2, "{case}: only usage errors name no file"),
        _ => panic!("{case}: expect.toml gives `file` and `line` together"),
    }
}

/// One named test per case folder, and the list the guard compares with the
/// folders.
macro_rules! bad_cases {
    ($($name:ident),* $(,)?) => {
        const CASES: &[&str] = &[$(stringify!($name)),*];
        mod bad {
            $(
                #[test]
                fn $name() {
                    super::run_case(&stringify!($name).replace('_', "-"));
                }
            )*
        }
    };
}

bad_cases! {
    toml_syntax,
    toml_duplicate_key,
    unknown_key,
    unknown_key_entry,
    unknown_table,
    unknown_label,
    missing_field,
    missing_question,
    missing_release_date,
    mistyped_version,
    mistyped_date,
    mistyped_entries,
    duplicate_version,
    release_dates_not_increasing,
    no_releases,
    draft_before_release,
    entry_file_missing,
    entry_listed_typo,
    entry_listed_twice,
    entry_invalid_id,
    entries_and_sections,
    listing_release_unknown,
    listing_overlap,
    listing_gap,
    listing_removed_not_after_since,
    listing_without_sections,
    listing_unknown_key,
    mixed_forms,
    since_unknown,
    removed_unknown,
    removed_not_after_since,
    revision_after_removed,
    note_at_unknown,
    note_at_absent,
    revisions_out_of_order,
    revisions_same_release,
    revision_missing_since,
    snippet_unknown,
    snippet_cycle,
    link_empty_target,
    link_hash_target,
    link_unknown_entry,
    link_absent_entry,
    link_mailto_without_address,
    link_without_scheme,
    raw_html,
    raw_html_after_escape,
    raw_html_in_snippet,
    heading,
    image_missing,
    image_without_alt,
    image_outside_sources,
    image_corrupt,
    not_utf8,
    not_utf8_snippet,
    question_empty,
    answer_empty,
    language_unsupported,
    layout_unknown,
    footnote_without_text,
    release_unknown,
    several_at_once,
    alert_marker_unknown,
    admonition_foreign,
    note_number_without_entry,
    note_placeholder_unknown,
    toml_escape_in_multiline_string,
    change_order_unknown,
    change_pages_unknown,
    reason_without_change,
    url_not_https,
}

/// No case folder is skipped: each has its named test above, and each named
/// test its folder.
#[test]
fn every_case_folder_has_its_test() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures().join("bad"))
        .expect("tests/fixtures/bad")
        .map(|e| {
            e.expect("folder entry")
                .file_name()
                .to_string_lossy()
                .replace('-', "_")
        })
        .collect();
    folders.sort();
    let mut tests: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    tests.sort();
    let untested: Vec<_> = folders.iter().filter(|f| !tests.contains(f)).collect();
    let missing: Vec<_> = tests.iter().filter(|t| !folders.contains(t)).collect();
    assert!(
        untested.is_empty(),
        "case folders without a test in bad_cases!: {untested:?}"
    );
    assert!(
        missing.is_empty(),
        "tests in bad_cases! without a folder: {missing:?}"
    );
}

/// The corpus only means something if the FAQ it breaks is clean.
#[test]
fn the_good_fixture_builds_without_warnings() {
    let project = TempProject::from_sources(&fixtures().join("good"));
    let check = project.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("3 releases checked, 0 warnings"),
        "{}",
        stderr(&check)
    );
    let build = project.run(&["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert_eq!(project.pdfs(), vec![GOOD_PDF.to_string()]);
}

/// A byte-order mark and Windows line ends are how some editors save UTF-8;
/// they are no mistake.
#[test]
fn bom_and_crlf_are_accepted() {
    let project = TempProject::from_sources(&fixtures().join("good"));
    for file in [
        "faq.toml",
        "entries/what-happened.toml",
        "entries/contact.toml",
        "snippets/never-ask.md",
    ] {
        let path = project.sources().join(file);
        let text = std::fs::read_to_string(&path).expect("fixture file");
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        std::fs::write(&path, windows).expect("write fixture file");
    }
    let check = project.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stderr(&check).contains("0 warnings"), "{}", stderr(&check));
}

/// With a BOM and CRLF line ends, an error still names the right column.
#[test]
fn errors_in_crlf_files_name_the_right_place() {
    let project = TempProject::from_sources(&fixtures().join("good"));
    let path = project.sources().join("entries/contact.toml");
    let text = std::fs::read_to_string(&path).expect("fixture file");
    let broken = text.replace("(mailto:help@example.org)", "(mailto:)");
    std::fs::write(&path, format!("\u{feff}{}", broken.replace('\n', "\r\n"))).expect("write");
    let check = project.run(&["check", "--diagnostic-format", "short"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check)
            .contains("sources/entries/contact.toml:4:10: error: malformed link target `mailto:`"),
        "{}",
        stderr(&check)
    );
}

/// A file in `entries/` that no list names is legal (a question in the
/// making) but likely forgotten: a warning, and the PDF is built.
#[test]
fn an_unlisted_entry_file_is_a_warning() {
    let project = TempProject::from_sources(&fixtures().join("good"));
    let listed = project.sources().join("entries/contact.toml");
    std::fs::copy(
        listed,
        project.sources().join("entries/draft-question.toml"),
    )
    .expect("copy");
    let build = project.run(&["build", "--diagnostic-format", "short"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(
        stderr(&build).contains(
            "sources/entries/draft-question.toml:1:1: warning: `sources/entries/draft-question.toml` is not listed in faq.toml"
        ),
        "{}",
        stderr(&build)
    );
    assert_eq!(project.pdfs(), vec![GOOD_PDF.to_string()]);
}

/// A revision that repeats the text before it would mark the question as
/// updated without a change.
#[test]
fn a_revision_identical_to_the_one_before_is_a_warning() {
    let project = TempProject::from_sources(&fixtures().join("good"));
    let path = project.sources().join("entries/what-happened.toml");
    let text = std::fs::read_to_string(&path).expect("fixture file");
    std::fs::write(
        &path,
        format!("{text}\n[[revision]]\nsince = \"3.0\"\nquestion = \"What happened?\"\n"),
    )
    .expect("write");
    project.edit(
        "entries/what-happened.toml",
        "since = \"3.0\"",
        "since = \"2.0\"",
    );
    let check = project.run(&["check", "--diagnostic-format", "short"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains(
            "sources/entries/what-happened.toml:21:1: warning: revision is identical to the text before it"
        ),
        "{}",
        stderr(&check)
    );
}

/// A sources folder that is not there is a usage error, not a mistake in
/// the sources.
#[test]
fn a_missing_sources_folder_is_reported() {
    let project = TempProject::from_sources(&fixtures().join("good"));
    let check = project.run(&["check", "--sources", "elsewhere"]);
    assert_ne!(check.status.code(), Some(0));
    assert!(
        stderr(&check).contains("sources folder `elsewhere` does not exist"),
        "{}",
        stderr(&check)
    );
    assert!(
        stderr(&check).contains("--sources DIR"),
        "{}",
        stderr(&check)
    );
}

// Snapshots of the rendered diagnostics.

/// Compares the output of `check` for a case with its snapshot.
fn snapshot(case: &str, format: &str) {
    let (project, _) = project_for(case);
    let check = project.run(&["check", "--diagnostic-format", format]);
    let actual = stderr(&check);
    let name = if format == "human" {
        case.to_string()
    } else {
        format!("{case}.{format}")
    };
    let path = repo().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("snapshots folder")).expect("snapshots/");
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        panic!(
            "the diagnostics of `{case}` differ from tests/snapshots/{name}.txt\n{}\n\
             if the change is intended: UPDATE_SNAPSHOTS=1 cargo test --test errors, and review the diff",
            line_diff(&expected, &actual)
        );
    }
}

/// A minimal line diff: `-` expected, `+` actual.
fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header("expected", "actual")
        .to_string()
}

#[test]
fn snapshot_unknown_key() {
    snapshot("unknown-key", "human");
}

#[test]
fn snapshot_snippet_cycle() {
    snapshot("snippet-cycle", "human");
}

#[test]
fn snapshot_link_unknown_entry() {
    snapshot("link-unknown-entry", "human");
}

#[test]
fn snapshot_removed_not_after_since() {
    snapshot("removed-not-after-since", "human");
}

#[test]
fn snapshot_toml_syntax() {
    snapshot("toml-syntax", "human");
}

#[test]
fn snapshot_several_at_once() {
    snapshot("several-at-once", "human");
}

#[test]
fn snapshot_several_at_once_short() {
    snapshot("several-at-once", "short");
}
