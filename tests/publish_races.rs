//! Publish under races and crashes: publishes at once are taken in turn and
//! each is recorded; a publish killed at any step leaves either no trace or
//! a state that the next publish completes, and verify never sees half of one.
//!
//! Crashes and overlaps are made with publish's test hook `FAQPRESS_FAULT`:
//! `<step>` aborts the process at that step (as `kill -9` would), and
//! `<step>:pause` holds it there for half a second.

mod common;

use std::process::{Child, Command, Output, Stdio};

use common::mini::{mini, run};
use common::{TempProject, assert_ok, stderr, stdout};
use faqpress::archive::Manifest;

fn spawn(project: &TempProject, args: &[&str], fault: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_faqpress"))
        .args(args)
        .current_dir(project.path())
        .env("NO_COLOR", "1")
        .env("FAQPRESS_FAULT", fault)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("faqpress starts")
}

fn finish(child: Child) -> Output {
    child.wait_with_output().expect("faqpress ends")
}

fn with_fault(project: &TempProject, args: &[&str], fault: &str) -> Output {
    finish(spawn(project, args, fault))
}

fn recorded(project: &TempProject) -> Vec<String> {
    let text =
        std::fs::read_to_string(project.path().join("archive/manifest.toml")).unwrap_or_default();
    let manifest = Manifest::parse(&text).expect("the manifest parses");
    let mut versions: Vec<String> = manifest.records.into_iter().map(|r| r.version).collect();
    versions.sort();
    versions
}

fn archive_files(project: &TempProject) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project.path().join("archive"))
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn publishes_at_once_are_taken_in_turn_and_each_recorded() {
    let project = mini();
    // Both read the archive, then wait there: without a lock both would
    // record their release into the same empty manifest.
    let first = spawn(
        &project,
        &["publish", "--release", "1.0"],
        "archive-read:pause",
    );
    let second = spawn(
        &project,
        &["publish", "--release", "2.0"],
        "archive-read:pause",
    );
    let (first, second) = (finish(first), finish(second));
    assert_ok(&first);
    assert_ok(&second);
    assert_eq!(recorded(&project), ["1.0", "2.0"]);
    assert_ok(&run(&project, &["verify"]));
}

#[test]
fn the_same_release_published_twice_at_once_is_recorded_once() {
    let project = mini();
    let first = spawn(&project, &["publish"], "archive-read:pause");
    let second = spawn(&project, &["publish"], "archive-read:pause");
    let (first, second) = (finish(first), finish(second));
    assert_ok(&first);
    assert_ok(&second);
    let said = stderr(&first) + &stderr(&second);
    assert!(said.contains("nothing to do"), "{said}");
    assert_eq!(recorded(&project), ["2.0"]);
    assert_ok(&run(&project, &["verify"]));
}

#[test]
fn verify_waits_for_a_publish_under_way() {
    let project = mini();
    assert_ok(&run(&project, &["publish", "--release", "1.0"]));
    // Verify starts while the PDF is written and the manifest is not yet.
    let publish = spawn(&project, &["publish"], "pdf-written:pause");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let verify = run(&project, &["verify"]);
    assert_ok(&finish(publish));
    assert_ok(&verify);
    assert!(
        stdout(&verify).contains("2 releases recorded"),
        "{}",
        stdout(&verify)
    );
}

/// Publish of release 1.0 killed at `step`, then the next publish (2.0) and
/// one of 1.0: the archive ends as if nothing had happened.
fn killed_at(step: &str) -> (String, String) {
    let project = mini();
    let killed = with_fault(&project, &["publish", "--release", "1.0"], step);
    assert!(!killed.status.success(), "not killed at {step}");
    let next = run(&project, &["publish"]);
    assert_ok(&next);
    let after_next = recorded(&project);
    let again = run(&project, &["publish", "--release", "1.0"]);
    assert_ok(&again);
    assert_eq!(recorded(&project), ["1.0", "2.0"], "after a kill at {step}");
    assert_eq!(
        archive_files(&project),
        [
            "manifest.toml",
            "mini_v1.0_2026-03-02.pdf",
            "mini_v2.0_2026-03-04.pdf"
        ]
    );
    let verify = run(&project, &["verify"]);
    assert_ok(&verify);
    (stderr(&next), after_next.join(","))
}

#[test]
fn a_kill_before_anything_is_written_leaves_no_trace() {
    for step in ["locked", "archive-read"] {
        let (said, recorded) = killed_at(step);
        assert_eq!(recorded, "2.0", "{said}");
        assert!(!said.contains("interrupted"), "{said}");
    }
}

#[test]
fn a_kill_while_the_pdf_is_written_leaves_a_temporary_file_the_next_publish_removes() {
    let (said, recorded) = killed_at("pdf-staged");
    assert_eq!(recorded, "2.0", "{said}");
    assert!(
        said.contains("left over from an interrupted publish"),
        "{said}"
    );
}

#[test]
fn a_pdf_written_but_not_recorded_is_recorded_by_the_next_publish() {
    for step in ["pdf-written", "manifest-staged"] {
        let (said, recorded) = killed_at(step);
        assert_eq!(recorded, "1.0,2.0", "after a kill at {step}: {said}");
        assert!(
            said.contains(
                "as release 1.0: an interrupted publish had written it without recording it"
            ),
            "{said}"
        );
    }
}

#[test]
fn a_kill_while_recording_a_left_pdf_is_completed_too() {
    let project = mini();
    let killed = with_fault(&project, &["publish", "--release", "1.0"], "pdf-written");
    assert!(!killed.status.success());
    let killed = with_fault(&project, &["publish"], "manifest-staged");
    assert!(!killed.status.success());
    assert_ok(&run(&project, &["publish"]));
    assert_eq!(recorded(&project), ["1.0", "2.0"]);
    assert_ok(&run(&project, &["verify"]));
}

#[test]
fn a_left_pdf_that_is_not_what_the_sources_build_is_refused() {
    let project = mini();
    let killed = with_fault(&project, &["publish", "--release", "1.0"], "pdf-written");
    assert!(!killed.status.success());
    let pdf = project.path().join("archive/mini_v1.0_2026-03-02.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"%tampered\n");
    std::fs::write(&pdf, bytes).unwrap();
    let out = run(&project, &["publish"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not recorded in the manifest"));
    assert!(recorded(&project).is_empty());
}

#[test]
fn a_web_page_written_but_not_recorded_is_recorded_with_its_pdf() {
    let project = mini();
    let args = ["publish", "--release", "1.0", "--html"];
    let killed = with_fault(&project, &args, "html-written");
    assert!(!killed.status.success());
    let html = "mini_v1.0_2026-03-02.html";
    assert!(archive_files(&project).contains(&html.to_string()));
    let next = run(&project, &["publish"]);
    assert_ok(&next);
    assert!(
        stderr(&next).contains("with its web page as release 1.0"),
        "{}",
        stderr(&next)
    );
    assert_eq!(recorded(&project), ["1.0", "2.0"]);
    let text = std::fs::read_to_string(project.path().join("archive/manifest.toml")).unwrap();
    let manifest = Manifest::parse(&text).unwrap();
    let first = manifest
        .records
        .iter()
        .find(|r| r.version == "1.0")
        .unwrap();
    assert_eq!(first.html.as_ref().map(|h| h.file.as_str()), Some(html));
    assert_ok(&run(&project, &["verify"]));

    // A page that is not what the sources build is refused with its PDF.
    let project = mini();
    assert!(!with_fault(&project, &args, "html-written").status.success());
    std::fs::write(project.path().join("archive").join(html), "<p>other</p>").unwrap();
    let out = run(&project, &["publish"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not recorded in the manifest"));
    assert!(recorded(&project).is_empty());
}
