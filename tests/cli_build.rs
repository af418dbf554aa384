//! `faqpress build` as a user runs it, in a copy of the sample: which files it
//! writes, under which names, in which folders.

mod common;

use std::path::Path;

use common::*;

/// `<id>_v<version>_<YYYY-MM-DD>.pdf` for a release of the sample, read from
/// its faq.toml (the latest release when `version` is `None`).
fn expected_name(project: &TempProject, version: Option<&str>) -> String {
    let text = std::fs::read_to_string(project.sources().join("faq.toml")).expect("faq.toml");
    let faq: toml::Table = toml::from_str(&text).expect("faq.toml is TOML");
    let id = faq["document"]["id"].as_str().expect("document id");
    let releases = faq["release"].as_array().expect("releases");
    let release = match version {
        Some(v) => releases
            .iter()
            .find(|r| r["version"].as_str() == Some(v))
            .expect("the release is in faq.toml"),
        None => releases.last().expect("a release"),
    };
    let version = release["version"].as_str().expect("version");
    let date = release["date"]
        .as_datetime()
        .and_then(|d| d.date)
        .expect("date");
    format!(
        "{id}_v{version}_{:04}-{:02}-{:02}.pdf",
        date.year, date.month, date.day
    )
}

/// Every file below `dir`, as paths relative to it, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn assert_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|_| panic!("{} exists", path.display()));
    assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", path.display());
}

#[test]
fn build_writes_the_latest_release_under_its_dated_name() {
    let p = TempProject::sample();
    let expected = expected_name(&p, None);
    assert_eq!(expected, "kunden-faq_v6.0_2026-03-16.pdf");
    assert_ok(&p.run(&["build"]));
    assert_eq!(files_below(&p.out()), [expected.as_str()]);
    assert_pdf(&p.out().join(&expected));
}

#[test]
fn build_release_writes_that_release() {
    let p = TempProject::sample();
    let expected = expected_name(&p, Some("2.0"));
    assert_eq!(expected, "kunden-faq_v2.0_2026-03-04.pdf");
    assert_ok(&p.run(&["build", "--release", "2.0"]));
    assert_eq!(files_below(&p.out()), [expected.as_str()]);
    let pages = pdf_pages(&p.sources(), &p.out().join(&expected));
    assert!(
        pages[0].contains("Version 2.0"),
        "the PDF is release 2.0:\n{}",
        pages[0]
    );
}

#[test]
fn build_of_an_unknown_release_writes_nothing() {
    let p = TempProject::sample();
    let output = p.run(&["build", "--release", "9.9"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("unknown release `9.9`"),
        "{}",
        stderr(&output)
    );
    assert!(!p.out().exists(), "no out folder for a failed build");
}

#[test]
fn build_out_writes_into_the_given_folder() {
    let p = TempProject::sample();
    let expected = expected_name(&p, None);
    assert_ok(&p.run(&["build", "--out", "dist/pdf"]));
    assert_eq!(files_below(&p.path().join("dist/pdf")), [expected]);
    assert!(!p.out().exists(), "nothing is written to out/");
}

#[test]
fn build_emit_typst_writes_a_typst_project() {
    let p = TempProject::sample();
    let expected = expected_name(&p, None);
    assert_ok(&p.run(&["build", "--emit-typst", "typst"]));
    assert_eq!(files_below(&p.out()), [expected]);

    let dir = p.path().join("typst");
    let files = files_below(&dir);
    for wanted in ["main.typ", "faqpress-layout.typ", "compile.sh"] {
        assert!(files.contains(&wanted.to_string()), "{wanted} in {files:?}");
    }
    // Each answer in a file of its own, and the images it uses where it
    // looks for them.
    let answer = std::fs::read_to_string(dir.join("faqpress-answers/notfallplan.typ"))
        .expect("the answer's file");
    assert!(
        answer.contains("\"/images/wiederanlauf.png\""),
        "the answer uses the image: {answer}"
    );
    let main = std::fs::read_to_string(dir.join("main.typ")).expect("main.typ");
    let image = std::fs::read(dir.join("images/wiederanlauf.png")).expect("image written");
    let original = std::fs::read(p.sources().join("images/wiederanlauf.png")).expect("image");
    assert!(image == original, "the image is copied unchanged");
    // The fonts the document uses.
    let fonts: Vec<&String> = files.iter().filter(|f| f.starts_with("fonts/")).collect();
    assert!(
        fonts
            .iter()
            .any(|f| f.ends_with(".ttf") || f.ends_with(".otf")),
        "font files in {files:?}"
    );
    assert!(
        main.contains("#import \"/faqpress-layout.typ\""),
        "main.typ imports the layout"
    );
    let script = std::fs::read_to_string(dir.join("compile.sh")).expect("compile.sh");
    assert!(
        script.contains("typst compile") && script.contains("--font-path fonts"),
        "{script}"
    );
}

/// A PDF is a file to pass on: it gets the permissions of any file the user
/// creates, not those of a private temporary file; compile.sh can be run.
#[cfg(unix)]
#[test]
fn written_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let p = TempProject::sample();
    assert_ok(&p.run(&["build", "--emit-typst", "typst"]));
    let mode = |path: &Path| {
        std::fs::metadata(path)
            .expect("file exists")
            .permissions()
            .mode()
            & 0o777
    };
    let ordinary = p.path().join("ordinary");
    std::fs::write(&ordinary, b"x").expect("write a file");
    let pdf = p.out().join(expected_name(&p, None));
    assert_eq!(
        format!("{:o}", mode(&pdf)),
        format!("{:o}", mode(&ordinary))
    );
    let script = mode(&p.path().join("typst/compile.sh"));
    assert!(script & 0o100 != 0, "compile.sh is executable: {script:o}");
}
