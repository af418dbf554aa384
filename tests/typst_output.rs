//! The Typst faqpress generates for the sample and the good fixture, release
//! by release, as reviewed snapshots: a change in output shows as a diff in
//! `tests/snapshots/` (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::fmt::Write;
use std::path::Path;

use faqpress::config::PdfConfig;
use faqpress::project::Project;

mod common;

/// Every generated file of every release, in one text per release; the files
/// that are the same for every document (`main.typ`, the runtime) once.
fn snapshots(sources: &Path, name: &str) {
    let project = Project::open(sources).expect("the project opens");
    let config = PdfConfig::resolve(None, false, &project.faq.document).expect("standards");
    let mut fixed = String::new();
    for index in project.faq.release_indices() {
        let version = &project.faq.releases[index.get()].version;
        let mut text = String::new();
        for file in project.typst_files(index, &config) {
            let shared = file.path == "main.typ" || file.path == "faqpress-runtime.typ";
            let out = if shared { &mut fixed } else { &mut text };
            if shared && out.contains(&format!("=== {}\n", file.path)) {
                continue;
            }
            let _ = writeln!(out, "=== {}\n{}", file.path, file.text);
        }
        insta::assert_snapshot!(format!("{name}-v{version}"), text);
    }
    insta::assert_snapshot!(format!("{name}-shared"), fixed);
}

#[test]
fn sample_typst_is_as_reviewed() {
    snapshots(&common::repo().join("sources"), "sample");
}

#[test]
fn good_fixture_typst_is_as_reviewed() {
    snapshots(&common::repo().join("tests/fixtures/good"), "fixture");
}
