//! Releases are records: every release built as it stood then, drafts kept
//! apart, an archive that is only ever appended to, and `verify` proving it
//! intact and reproducible.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

const NAMES: [&str; 6] = [
    "kunden-faq_v1.0_2026-03-02.pdf",
    "kunden-faq_v2.0_2026-03-04.pdf",
    "kunden-faq_v3.0_2026-03-05.pdf",
    "kunden-faq_v4.0_2026-03-09.pdf",
    "kunden-faq_v5.0_2026-03-11.pdf",
    "kunden-faq_v6.0_2026-03-16.pdf",
];

/// The text of a whole PDF on one line: words joined by single spaces,
/// words hyphenated at a line end joined again.
fn flat_text(p: &TempProject, pdf: &Path) -> String {
    let text = pdf_pages(&p.sources(), pdf)
        .join("\n")
        .replace("\u{ad}\n", "");
    flat(&text)
}

/// The versions in the change table on page 1, in table order.
fn change_table_versions(p: &TempProject, pdf: &Path) -> Vec<String> {
    let pages = pdf_pages(&p.sources(), pdf);
    pages[0]
        .lines()
        .skip_while(|line| line.trim() != "Versionierung")
        .take_while(|line| line.trim() != "Inhaltsverzeichnis")
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let version = words.next()?;
            let date = words.next()?;
            let is_version =
                version.contains('.') && version.chars().all(|c| c.is_ascii_digit() || c == '.');
            let is_date = date.len() == 10 && date.chars().filter(|c| *c == '.').count() == 2;
            (is_version && is_date).then(|| version.to_string())
        })
        .collect()
}

fn archive(p: &TempProject) -> PathBuf {
    p.path().join("archive")
}

/// Every file of the archive with its bytes.
fn archive_files(p: &TempProject) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(archive(p))
        .expect("archive folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn output_text(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

/// Asserts that faqpress failed with `code` and shows its output otherwise.
fn assert_fails(output: &Output, code: i32) -> String {
    let text = output_text(output);
    assert_eq!(
        output.status.code(),
        Some(code),
        "unexpected exit status; output:\n{text}"
    );
    text
}

fn publish(p: &TempProject, version: &str) {
    assert_ok(&p.run(&["publish", "--release", version]));
}

fn no_temp_files(dir: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.starts_with(".faqpress-") || n.ends_with(".tmp")),
        "temporary files left in {}: {leftovers:?}",
        dir.display()
    );
}

#[test]
fn build_all_writes_every_release_as_it_stood_then() {
    let p = TempProject::sample();
    let output = p.run(&["build", "--all"]);
    assert_ok(&output);
    assert_eq!(p.pdfs(), NAMES);
    let err = stderr(&output);
    assert!(
        err.contains("6 releases built into out"),
        "no summary:\n{err}"
    );
    for name in NAMES {
        assert!(err.contains(name), "no progress line for {name}:\n{err}");
    }

    let texts: Vec<String> = NAMES
        .iter()
        .map(|n| flat_text(&p, &p.out().join(n)))
        .collect();
    for (k, name) in NAMES.iter().enumerate() {
        let versions = change_table_versions(&p, &p.out().join(name));
        let expected: Vec<String> = (1..=k + 1).map(|v| format!("{v}.0")).collect();
        assert_eq!(versions, expected, "change table of {name}");
    }
    // `termin-app` is added in release 3.0.
    let added = "keine SMS-Bestätigung";
    assert!(!texts[0].contains(added) && !texts[1].contains(added));
    assert!(texts[2].contains(added) && texts[5].contains(added));
    // `fernwartung` is revised in release 2.0: release 1.0 keeps its first answer.
    let old = "Unsere bisherige Fernwartungsumgebung haben wir am 28. Februar";
    let new = "Seit dem 3. März arbeiten wir mit einer vollständig neu";
    assert!(
        texts[0].contains(old) && !texts[0].contains(new),
        "release 1.0 shows the old answer"
    );
    assert!(
        !texts[1].contains(old) && texts[1].contains(new),
        "release 2.0 shows the new answer"
    );
    no_temp_files(&p.out());
}

#[test]
fn builds_are_identical_across_folders_working_directories_and_users() {
    let a = TempProject::sample();
    let b = TempProject::sample();
    assert_ok(&a.run(&["build", "--release", "4.0"]));
    // The second build runs elsewhere, with absolute paths, another output
    // folder, another user, home and time zone.
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let out = b.path().join("deeper").join("pdfs");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_faqpress"))
        .args(["build", "--release", "4.0", "--sources"])
        .arg(b.sources())
        .arg("--out")
        .arg(&out)
        .current_dir(elsewhere.path())
        .env("USER", "someone-else")
        .env("HOME", elsewhere.path())
        .env("TZ", "Pacific/Kiritimati")
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("faqpress runs");
    assert_ok(&output);
    let name = NAMES[3];
    let first = std::fs::read(a.out().join(name)).expect("first PDF");
    let second = std::fs::read(out.join(name)).expect("second PDF");
    assert!(first == second, "the two builds of {name} differ");
    let folder = b.path().to_string_lossy().into_owned();
    assert!(
        !second.windows(folder.len()).any(|w| w == folder.as_bytes()),
        "the PDF holds the path of its project folder"
    );
}

#[test]
fn drafts_are_marked_and_never_published() {
    let p = TempProject::sample();
    let faq = p.sources().join("faq.toml");
    let mut text = std::fs::read_to_string(&faq).expect("faq.toml");
    text.push_str("\n[[release]]\nversion = \"7.0\"\ndate = 2026-03-20T10:00:00\ndraft = true\n");
    std::fs::write(&faq, text).expect("write faq.toml");

    assert_ok(&p.run(&["build", "--release", "7.0"]));
    assert_eq!(p.pdfs(), ["kunden-faq_v7.0_2026-03-20_draft.pdf"]);

    let refused = assert_fails(&p.run(&["publish", "--release", "7.0"]), 1);
    assert!(refused.contains("release `7.0` is a draft"), "{refused}");
    assert!(
        refused.contains("faq.toml:"),
        "the error points into faq.toml:\n{refused}"
    );
    assert!(!archive(&p).exists(), "a refused publish wrote an archive");

    // Without --release, publish takes the latest release that is not a draft.
    assert_ok(&p.run(&["publish"]));
    assert_eq!(
        archive_files(&p).keys().collect::<Vec<_>>(),
        ["kunden-faq_v6.0_2026-03-16.pdf", "manifest.toml"]
    );
}

#[test]
fn publish_records_the_release_and_verify_passes() {
    let p = TempProject::sample();
    publish(&p, "2.0");
    publish(&p, "6.0");
    let files = archive_files(&p);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [NAMES[1], NAMES[5], "manifest.toml"]
    );
    let manifest = String::from_utf8(files["manifest.toml"].clone()).expect("UTF-8 manifest");
    for field in [
        "version = \"6.0\"",
        "date = 2026-03-16T17:00:00",
        &format!("file = \"{}\"", NAMES[5]),
        "sha256 = \"",
        "size = ",
        &format!("faqpress = \"{}\"", env!("CARGO_PKG_VERSION")),
        "typst = \"0.15",
        "[release.questions]",
        "termin-app = \"",
    ] {
        assert!(
            manifest.contains(field),
            "manifest lacks `{field}`:\n{manifest}"
        );
    }
    // The manifest's SHA-256 is that of the archived file.
    let sha = sha256_of(&files[NAMES[5]]);
    assert!(manifest.contains(&format!("sha256 = \"{sha}\"")));

    // The same bytes again: nothing changes.
    let again = p.run(&["publish", "--release", "6.0"]);
    assert_ok(&again);
    assert!(
        stderr(&again).contains("nothing to do"),
        "{}",
        stderr(&again)
    );
    assert_eq!(archive_files(&p), files);

    let verify = p.run(&["verify"]);
    assert_ok(&verify);
    let text = output_text(&verify);
    assert!(text.contains("2.0  reproduced byte for byte"), "{text}");
    assert!(text.contains("6.0  reproduced byte for byte"), "{text}");
    no_temp_files(&archive(&p));
}

fn sha256_of(bytes: &[u8]) -> String {
    faqpress::archive::sha256_hex(bytes)
}

#[test]
fn verify_names_a_changed_archived_file() {
    let p = TempProject::sample();
    publish(&p, "3.0");
    let path = archive(&p).join(NAMES[2]);
    let mut bytes = std::fs::read(&path).expect("archived PDF");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&path, bytes).expect("tamper");

    let text = assert_fails(&p.run(&["verify"]), 1);
    assert!(text.contains(&format!("CHANGED   {}", NAMES[2])), "{text}");
    assert!(text.contains("1 changed file"), "{text}");
    // Publishing on top of a tampered archive is refused.
    let refused = assert_fails(&p.run(&["publish", "--release", "4.0"]), 2);
    assert!(refused.contains("not intact"), "{refused}");
    assert!(!archive(&p).join(NAMES[3]).exists());
}

#[test]
fn verify_names_a_missing_archived_file() {
    let p = TempProject::sample();
    publish(&p, "1.0");
    publish(&p, "2.0");
    std::fs::remove_file(archive(&p).join(NAMES[0])).expect("delete");

    let text = assert_fails(&p.run(&["verify"]), 1);
    assert!(text.contains(&format!("MISSING   {}", NAMES[0])), "{text}");
    assert!(!text.contains(&format!("MISSING   {}", NAMES[1])), "{text}");
}

#[test]
fn verify_names_a_stray_file() {
    let p = TempProject::sample();
    publish(&p, "1.0");
    std::fs::write(archive(&p).join("notes.txt"), "not a release").expect("stray file");

    let text = assert_fails(&p.run(&["verify"]), 1);
    assert!(text.contains("EXTRA     notes.txt"), "{text}");
    assert!(text.contains("1 extra file"), "{text}");
}

#[test]
fn verify_reports_drift_per_release_and_question() {
    let p = TempProject::sample();
    publish(&p, "1.0");
    publish(&p, "2.0");
    // Edit the first answer of `fernwartung`, in force only in release 1.0.
    p.edit(
        "entries/fernwartung.toml",
        "Unsere bisherige Fernwartungsumgebung",
        "Unsere alte Fernwartungsumgebung",
    );

    let text = assert_fails(&p.run(&["verify"]), 1);
    assert!(text.contains("1.0  DRIFT"), "{text}");
    assert!(
        text.contains("(fernwartung)") && text.contains("text changed since it was published"),
        "{text}"
    );
    assert!(text.contains("2.0  reproduced byte for byte"), "{text}");
    assert!(text.contains("1 of 2 releases drifted"), "{text}");
    // The drift is reported, but accepted when asked to.
    let allowed = p.run(&["verify", "--allow-drift"]);
    assert_ok(&allowed);
    assert!(output_text(&allowed).contains("1.0  DRIFT"));
}

#[test]
fn verify_reports_layout_drift_when_no_text_changed() {
    let p = TempProject::sample();
    publish(&p, "1.0");
    let layouts = p.path().join("layouts");
    std::fs::create_dir_all(&layouts).expect("layouts folder");
    let standard =
        std::fs::read_to_string(repo().join("layouts/standard.typ")).expect("standard layout");
    let rule = "line(length: 100%, stroke: 0.4pt";
    assert!(
        standard.contains(rule),
        "the footer rule of the standard layout"
    );
    let thicker = standard.replacen(rule, "line(length: 100%, stroke: 0.8pt", 1);
    std::fs::write(layouts.join("standard.typ"), thicker).expect("layout");

    let text = assert_fails(&p.run(&["verify"]), 1);
    assert!(text.contains("1.0  DRIFT"), "{text}");
    assert!(text.contains("although no text changed"), "{text}");
}

#[test]
fn publishing_different_bytes_under_an_archived_version_is_refused() {
    let p = TempProject::sample();
    publish(&p, "1.0");
    publish(&p, "2.0");
    let before = archive_files(&p);
    p.edit(
        "entries/fernwartung.toml",
        "Unsere bisherige Fernwartungsumgebung",
        "Unsere alte Fernwartungsumgebung",
    );

    let text = assert_fails(&p.run(&["publish", "--release", "1.0"]), 1);
    assert!(text.contains("release `1.0` is archived already"), "{text}");
    assert!(text.contains("never replaced"), "{text}");
    assert!(
        text.contains("(fernwartung)"),
        "names the changed question:\n{text}"
    );
    assert_eq!(archive_files(&p), before, "the archive changed");
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let p = TempProject::sample();
    // A folder under the PDF's final name makes the final rename fail.
    std::fs::create_dir_all(p.out().join(NAMES[5])).expect("blocking folder");
    let output = p.run(&["build"]);
    assert_fails(&output, 2);
    no_temp_files(&p.out());
}

#[test]
fn verify_without_an_archive_is_a_usage_error() {
    let p = TempProject::sample();
    let text = assert_fails(&p.run(&["verify"]), 2);
    assert!(text.contains("there is no archive at `archive`"), "{text}");
}

#[test]
fn verify_rejects_an_unreadable_manifest() {
    let p = TempProject::sample();
    std::fs::create_dir_all(archive(&p)).expect("archive folder");
    std::fs::write(archive(&p).join("manifest.toml"), "[[release]\nversion = ").expect("manifest");
    let text = assert_fails(&p.run(&["verify"]), 1);
    assert!(
        text.contains("manifest.toml: is not a valid manifest"),
        "{text}"
    );
    let refused = assert_fails(&p.run(&["publish"]), 2);
    assert!(refused.contains("not intact"), "{refused}");
}

#[test]
fn verify_rebuilds_a_release_with_the_settings_it_was_published_with() {
    let p = TempProject::sample();
    p.edit(
        "faq.toml",
        "layout = \"standard\"",
        "layout = \"standard\"\nattach-sources = true",
    );
    publish(&p, "2.0");
    let manifest = std::fs::read_to_string(archive(&p).join("manifest.toml")).expect("manifest");
    assert!(manifest.contains("attach-sources = true"), "{manifest}");
    assert!(
        manifest.contains("pdf-standard = [\"a-3b\", \"ua-1\"]"),
        "{manifest}"
    );
    // Switched off later, the published release is still rebuilt as it was.
    p.edit("faq.toml", "attach-sources = true", "");
    let verify = p.run(&["verify"]);
    assert_ok(&verify);
    assert!(output_text(&verify).contains("2.0  reproduced byte for byte"));
}
