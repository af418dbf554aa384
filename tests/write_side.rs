//! Nothing is written on error, on the write side too: a build never writes
//! into the archive, `build --all` writes every PDF or none, and a build with
//! `--emit-typst` writes the PDF only when the Typst can be written as well.

mod common;

use std::path::Path;

use common::mini::{assert_fails, mini, run, write};
use common::{TempProject, assert_ok};

/// Every file below `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            out.push(path.strip_prefix(root).unwrap().display().to_string());
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn published() -> TempProject {
    let project = mini();
    assert_ok(&run(&project, &["publish", "--release", "1.0"]));
    project
}

#[test]
fn a_build_never_writes_into_the_archive() {
    let project = published();
    let archive = project.path().join("archive");
    let before = tree(&archive);
    let manifest = std::fs::read(archive.join("manifest.toml")).unwrap();
    for out in ["archive", "archive/", "./archive/new", "sources/../archive"] {
        assert_fails(
            &run(&project, &["build", "--release", "1.0", "--out", out]),
            2,
            &["is inside an archive of published releases"],
        );
    }
    assert_fails(
        &run(&project, &["build", "--emit-typst", "archive/typst"]),
        2,
        &["is inside an archive of published releases"],
    );
    // Also an archive elsewhere, known by its manifest.
    assert_ok(&run(&project, &["publish", "--archive", "records"]));
    assert_fails(
        &run(&project, &["build", "--all", "--out", "records"]),
        2,
        &["`records` is inside an archive"],
    );
    assert_eq!(tree(&archive), before);
    assert_eq!(
        std::fs::read(archive.join("manifest.toml")).unwrap(),
        manifest
    );
    assert!(!project.out().exists());
}

#[test]
fn build_all_writes_every_pdf_or_none() {
    let project = mini();
    // The second release's name is taken by a folder.
    std::fs::create_dir_all(project.out().join("mini_v2.0_2026-03-04.pdf/x")).unwrap();
    let out = run(&project, &["build", "--all"]);
    assert_fails(&out, 2, &["a folder has that name; nothing was written"]);
    assert_eq!(
        tree(&project.out()),
        ["mini_v2.0_2026-03-04.pdf", "mini_v2.0_2026-03-04.pdf/x"]
    );
    std::fs::remove_dir_all(project.out()).unwrap();
    assert_ok(&run(&project, &["build", "--all"]));
    assert_eq!(
        project.pdfs(),
        ["mini_v1.0_2026-03-02.pdf", "mini_v2.0_2026-03-04.pdf"]
    );
}

#[test]
fn a_failing_emit_typst_writes_no_pdf() {
    let project = mini();
    // The folder for the Typst is a file.
    write(&project, "typst", "not a folder");
    let out = run(&project, &["build", "--emit-typst", "typst"]);
    assert_fails(&out, 2, &["typst"]);
    assert!(!project.out().exists(), "{:?}", tree(&project.out()));

    // A file of the Typst is taken by a folder: neither PDF nor Typst.
    std::fs::remove_file(project.path().join("typst")).unwrap();
    std::fs::create_dir_all(project.path().join("typst/compile.sh/x")).unwrap();
    let out = run(&project, &["build", "--emit-typst", "typst"]);
    assert_fails(&out, 2, &["compile.sh`: a folder has that name"]);
    assert!(!project.out().exists(), "{:?}", tree(&project.out()));
    assert_eq!(
        tree(&project.path().join("typst")),
        ["compile.sh", "compile.sh/x"]
    );

    std::fs::remove_dir_all(project.path().join("typst")).unwrap();
    assert_ok(&run(&project, &["build", "--emit-typst", "typst"]));
    assert_eq!(project.pdfs(), ["mini_v2.0_2026-03-04.pdf"]);
    assert!(project.path().join("typst/compile.sh").is_file());
}
