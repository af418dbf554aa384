//! Every file faqpress reads is sandboxed like the sources: layouts, fonts
//! and the archive too. A FIFO, a device or a link out of the project is
//! refused at once with the file's name, and a layout that is there but
//! cannot be read is an error, never replaced by the built-in one.

mod common;

use std::os::unix::fs::symlink;

use common::mini::{assert_fails, mini, mkfifo, run, write};
use common::{assert_ok, stderr};

#[test]
fn a_fifo_as_layout_or_font_is_refused_without_waiting() {
    let project = mini();
    mkfifo(&project.path().join("layouts/standard.typ"));
    mkfifo(&project.path().join("fonts/pipe.ttf"));
    let out = run(&project, &["build"]);
    assert_fails(
        &out,
        1,
        &[
            "cannot read layout `layouts/standard.typ` (it is not a regular file",
            "font `fonts/pipe.ttf` cannot be read (it is not a regular file",
        ],
    );
    assert!(project.pdfs().is_empty());
}

#[test]
fn a_layout_or_font_linked_out_of_the_project_is_not_read() {
    let project = mini();
    std::fs::create_dir_all(project.path().join("layouts")).unwrap();
    std::fs::create_dir_all(project.path().join("fonts")).unwrap();
    symlink("/etc/passwd", project.path().join("layouts/standard.typ")).unwrap();
    symlink("/dev/zero", project.path().join("fonts/zero.ttf")).unwrap();
    let out = run(&project, &["build"]);
    let err = assert_fails(
        &out,
        1,
        &[
            "cannot read layout `layouts/standard.typ` (it is a link to a file outside the project folder",
            "font `fonts/zero.ttf` cannot be read (it is a link to a file outside the project folder",
        ],
    );
    assert!(
        !err.contains("root:"),
        "a line of /etc/passwd is shown:\n{err}"
    );
}

#[test]
fn a_layout_that_is_there_but_unreadable_is_an_error_not_the_built_in_one() {
    let project = mini();
    std::fs::create_dir_all(project.path().join("layouts")).unwrap();
    symlink("gone.typ", project.path().join("layouts/standard.typ")).unwrap();
    let out = run(&project, &["build"]);
    assert_fails(&out, 1, &["cannot read layout `layouts/standard.typ`"]);

    write(&project, "layouts/standard.typ", b"#let x = \xff\xfe\n");
    let out = run(&project, &["build"]);
    assert_fails(
        &out,
        1,
        &["cannot read layout `layouts/standard.typ` (it is not UTF-8 text"],
    );
    assert!(project.pdfs().is_empty());

    // Without the file, the built-in layout is used.
    std::fs::remove_file(project.path().join("layouts/standard.typ")).unwrap();
    assert_ok(&run(&project, &["build"]));
}

#[test]
fn a_damaged_font_is_reported_at_its_file() {
    let project = mini();
    write(
        &project,
        "fonts/broken.ttf",
        b"\x00\x01\x00\x00 not really a font",
    );
    let out = run(&project, &["check"]);
    assert_fails(
        &out,
        1,
        &["font `fonts/broken.ttf` is not a font file Typst can read"],
    );
    // Half of a real font: its header promises tables that are cut off.
    let font = std::fs::read(common::repo().join("fonts/DejaVuSansMono.ttf")).unwrap();
    std::fs::remove_file(project.path().join("fonts/broken.ttf")).unwrap();
    write(&project, "fonts/half.ttf", &font[..font.len() / 2]);
    let out = run(&project, &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("font `fonts/half.ttf`"), "{err}");
}

#[test]
fn a_fifo_in_the_archive_stops_neither_verify_nor_publish() {
    let project = mini();
    assert_ok(&run(&project, &["publish", "--release", "1.0"]));
    let manifest = project.path().join("archive/manifest.toml");
    let saved = std::fs::read(&manifest).unwrap();
    mkfifo(&manifest);
    assert_fails(
        &run(&project, &["publish"]),
        2,
        &["manifest.toml: cannot be read (it is not a regular file"],
    );
    let out = run(&project, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(common::stdout(&out).contains("it is not a regular file"));

    std::fs::remove_file(&manifest).unwrap();
    symlink("/dev/zero", &manifest).unwrap();
    assert_fails(
        &run(&project, &["publish"]),
        2,
        &["manifest.toml: cannot be read (it is a link to a file outside the archive folder"],
    );
    std::fs::remove_file(&manifest).unwrap();
    std::fs::write(&manifest, saved).unwrap();
    assert_ok(&run(&project, &["verify"]));
}
