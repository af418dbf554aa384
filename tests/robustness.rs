//! Hostile and extreme inputs: every limit gives a clear error with its
//! place, long words stay on the page, the file system cannot be used to
//! read outside the project, and failures never leave a partial PDF.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::frames::{page_texts, word_edges};
use common::mini::run_bounded;
use common::png::png_header;
use common::{TempProject, assert_ok, pdf_pages, stderr};
use faqpress::source::limits::{
    MAX_ENTRIES, MAX_FILE_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_LINE_CHARS,
    MAX_MARKDOWN_BYTES, MAX_NAME_CHARS, MAX_NESTING, MAX_SNIPPET_DEPTH,
};

const BIN: &str = env!("CARGO_BIN_EXE_faqpress");

// ---------------------------------------------------------------------------
// Helpers

const FAQ: &str = r#"[document]
id = "robust"
title = "Robustness"
organization = "Example Ltd"
language = "en"
entries = ["a"]

[[release]]
version = "1.0"
date = 2026-03-02T12:00:00
"#;

fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A one-question FAQ in a temporary folder.
fn mini(question: &str, answer: &str) -> TempProject {
    let project = TempProject {
        dir: tempfile::tempdir().expect("temporary folder"),
    };
    write(&project, "faq.toml", FAQ);
    set_answer(&project, question, answer);
    project
}

fn set_answer(project: &TempProject, question: &str, answer: &str) {
    let entry = format!(
        "question = {}\nanswer = {}\n",
        toml_str(question),
        toml_str(answer)
    );
    write(project, "entries/a.toml", entry);
}

/// Writes a file below the sources folder, creating its folder.
fn write(project: &TempProject, path: &str, content: impl AsRef<[u8]>) {
    let path = project.sources().join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, content).expect("write file");
}

fn short_build(project: &TempProject) -> Output {
    project.run(&["build", "--diagnostic-format", "short"])
}

/// Asserts exit code 1 (errors in the sources) and that stderr holds every
/// expected piece; returns stderr.
fn assert_source_errors(output: &Output, expected: &[&str]) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "expected errors:\n{err}");
    for piece in expected {
        assert!(err.contains(piece), "`{piece}` not in:\n{err}");
    }
    err
}

/// Nothing was written: no PDF, and no temporary file either.
fn assert_nothing_written(out: &Path) {
    let left: Vec<String> = std::fs::read_dir(out)
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(left.is_empty(), "files left in {}: {left:?}", out.display());
}

fn the_pdf(project: &TempProject) -> PathBuf {
    let pdfs = project.pdfs();
    assert_eq!(pdfs.len(), 1, "expected one PDF, found {pdfs:?}");
    project.out().join(&pdfs[0])
}

fn pdf_text(project: &TempProject) -> String {
    pdf_pages(&project.sources(), &the_pdf(project)).concat()
}

// ---------------------------------------------------------------------------
// Size limits

#[test]
fn an_answer_over_the_size_limit_is_refused_where_it_starts() {
    let answer = "Many words that somebody pasted. ".repeat(MAX_MARKDOWN_BYTES / 33 + 10);
    let project = mini("Too long?", &answer);
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:2:11: error: this text is",
            &format!("a text may have at most {} KiB", MAX_MARKDOWN_BYTES / 1024),
        ],
    );
    assert_nothing_written(&project.out());
}

#[test]
fn a_long_answer_under_the_limit_builds() {
    let paragraph = "A long answer goes on and on, sentence after sentence. ".repeat(20);
    let mut answer = format!("{paragraph}\n\n").repeat(MAX_MARKDOWN_BYTES / 4 / 1100);
    answer.push_str("The last words.");
    let project = mini("Long?", &answer);
    assert_ok(&short_build(&project));
    let pages = pdf_pages(&project.sources(), &the_pdf(&project));
    assert!(pages.len() > 10, "only {} pages", pages.len());
    assert!(pages.concat().contains("The last words."));
}

#[test]
fn a_source_file_over_the_size_limit_is_refused() {
    let project = mini("Q?", "A.");
    let padding =
        "# a comment line that makes the file large\n".repeat(MAX_FILE_BYTES as usize / 40);
    write(
        &project,
        "entries/a.toml",
        format!("question = \"Q?\"\nanswer = \"A.\"\n{padding}"),
    );
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/faq.toml:6:",
            "cannot read `sources/entries/a.toml`",
            &format!("at most {} KiB", MAX_FILE_BYTES / 1024),
        ],
    );
    assert_nothing_written(&project.out());
}

#[test]
fn more_questions_than_the_limit_are_refused() {
    let project = mini("Q?", "A.");
    let ids: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("q{i}")).collect();
    for id in &ids {
        write(
            &project,
            &format!("entries/{id}.toml"),
            "question = \"Q?\"\nanswer = \"A.\"\n",
        );
    }
    let list = ids
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(", ");
    write(
        &project,
        "faq.toml",
        FAQ.replace("entries = [\"a\"]", &format!("entries = [{list}]")),
    );
    std::fs::remove_file(project.sources().join("entries/a.toml")).expect("remove");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/faq.toml:6:",
            &format!(
                "{} questions are listed; an FAQ may have at most {MAX_ENTRIES}",
                MAX_ENTRIES + 1
            ),
        ],
    );
}

#[test]
fn one_line_texts_have_a_length_limit() {
    let long = "x".repeat(MAX_LINE_CHARS + 1);
    let project = mini(&format!("Why {long}?"), "A.");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:1:12:",
            &format!(
                "a question is {} characters long; at most {MAX_LINE_CHARS}",
                MAX_LINE_CHARS + 6
            ),
        ],
    );

    let project = mini("Q?", "A.");
    let version = "1.".repeat(MAX_NAME_CHARS);
    write(
        &project,
        "faq.toml",
        FAQ.replace("\"1.0\"", &toml_str(&version)),
    );
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/faq.toml:9:11:",
            &format!(
                "a version is {} characters long; at most {MAX_NAME_CHARS}",
                version.len()
            ),
        ],
    );
}

#[test]
fn blank_titles_and_headings_are_refused() {
    let project = mini(" \u{200b} ", "A.");
    write(
        &project,
        "faq.toml",
        FAQ.replace("title = \"Robustness\"", "title = \"\"")
            .replace("[[release]]", "[labels]\ncontents = \"  \"\n\n[[release]]"),
    );
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/faq.toml:3:9: error: the document title is blank",
            "sources/faq.toml:9:12: error: the label `contents` is blank",
            "sources/entries/a.toml:1:12: error: a question is blank",
        ],
    );
}

// ---------------------------------------------------------------------------
// Nesting

#[test]
fn lists_and_quotes_nest_up_to_the_limit() {
    let deepest = format!("{}deepest point", "> - ".repeat(MAX_NESTING / 2));
    let project = mini("Deep?", &deepest);
    assert_ok(&short_build(&project));
    assert!(pdf_text(&project).contains("deepest point"));
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_once_where_it_starts() {
    // About 30 nested quotes used to stop Typst itself ("maximum show rule
    // depth exceeded"), reported without a place.
    for deep in [
        format!("{}too deep", "> ".repeat(MAX_NESTING + 1)),
        format!("{}too deep", "> ".repeat(40)),
        format!("{}too deep", "- ".repeat(MAX_NESTING + 1)),
    ] {
        let project = mini("Deep?", &deep);
        let out = short_build(&project);
        let err = assert_source_errors(
            &out,
            &[
                "sources/entries/a.toml:2:",
                &format!("Markdown nested more than {MAX_NESTING} levels deep"),
            ],
        );
        assert_eq!(err.matches("nested more than").count(), 1, "{err}");
    }
}

/// Snippets `s0` … `s<n-1>`, each inserting the next `fanout` times; the
/// answer inserts `s0`.
fn snippet_chain(n: usize, fanout: usize) -> TempProject {
    let project = mini("Snippets?", "Before.\n\n{{#snippet s0}}\n\nAfter.");
    for i in 0..n {
        let body = if i + 1 < n {
            format!("{{{{#snippet s{}}}}}\n\n", i + 1).repeat(fanout)
        } else {
            "The bottom of the chain.\n".to_string()
        };
        write(&project, &format!("snippets/s{i}.md"), body);
    }
    project
}

#[test]
fn snippets_nest_up_to_the_depth_limit() {
    let project = snippet_chain(MAX_SNIPPET_DEPTH, 1);
    assert_ok(&short_build(&project));
    assert!(pdf_text(&project).contains("The bottom of the chain."));

    let project = snippet_chain(MAX_SNIPPET_DEPTH + 1, 1);
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            &format!("sources/snippets/s{}.md:1:", MAX_SNIPPET_DEPTH - 1),
            &format!("snippets nested more than {MAX_SNIPPET_DEPTH} deep"),
        ],
    );
}

#[test]
fn snippets_that_multiply_are_stopped_by_the_size_limit() {
    // Ten copies on each of twelve levels would be 10^12 lines.
    let project = snippet_chain(12, 10);
    let out = run_bounded(
        project.path(),
        &["build", "--diagnostic-format", "short"],
        Duration::from_secs(300),
    );
    assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:3:1:",
            &format!("a text may have at most {} KiB", MAX_MARKDOWN_BYTES / 1024),
        ],
    );
    assert_nothing_written(&project.out());
}

// ---------------------------------------------------------------------------
// Long words stay on the page

#[test]
fn long_words_and_web_addresses_break_instead_of_running_off_the_page() {
    let word = "x".repeat(400);
    let hash = "0123456789abcdef".repeat(8);
    let url = format!(
        "https://example.com/{}/download?token={}",
        "a".repeat(150),
        "d".repeat(120)
    );
    let question = format!("What is {}?", "Q".repeat(120));
    let answer = format!(
        "A word: {word}.\n\nAn address: <{url}>\n\n| key | value |\n|---|---|\n| hash | {hash} |\n\n```\n{hash}{hash}\n```\n"
    );
    let project = mini(&question, &answer);
    assert_ok(&short_build(&project));
    let layout = common::layout(&project.sources(), &the_pdf(&project), None);
    let pages = word_edges(&layout);
    assert!(!pages.is_empty());
    for (width, words) in &pages {
        assert!(*width > 500.0, "page width {width}");
        assert!(!words.is_empty(), "a page without words");
        // The standard layout leaves 65 pt of margin; nothing may reach into
        // the last 36 pt (half an inch) of the page.
        let over: Vec<&(f64, String)> = words.iter().filter(|(x, _)| *x > width - 36.0).collect();
        assert!(over.is_empty(), "text runs off the page: {over:?}");
    }
    // The breaks are empty spaces, not characters: the text reads as written.
    let text: String = page_texts(&layout).concat().split_whitespace().collect();
    assert!(!text.contains('\u{200b}'), "zero-width spaces in the text");
    assert!(
        text.contains(&"x".repeat(400)),
        "the long word is not intact"
    );
    assert!(text.matches('x').count() >= 400);
}

// ---------------------------------------------------------------------------
// Images

fn with_image(name: &str, content: &[u8]) -> TempProject {
    let project = mini(
        "Picture?",
        &format!("Look:\n\n![A picture](images/{name})\n"),
    );
    write(&project, &format!("images/{name}"), content);
    project
}

#[test]
fn an_image_with_too_many_pixels_is_refused_before_it_is_decoded() {
    // 20000 × 20000 pixels would unpack to 1.6 GB.
    let project = with_image("huge.png", &png_header(20_000, 20_000));
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:5:1:",
            &format!(
                "image `images/huge.png` has 20000 × 20000 pixels; images may have at most {} megapixels",
                MAX_IMAGE_PIXELS / 1_000_000
            ),
        ],
    );
    assert_nothing_written(&project.out());
}

#[test]
fn an_image_file_over_the_size_limit_is_refused() {
    let project = with_image("big.png", &png_header(100, 100));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(project.sources().join("images/big.png"))
        .expect("open image");
    // A sparse file: large, but nothing written to disk.
    file.set_len(MAX_IMAGE_BYTES + 1).expect("grow image");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[&format!(
            "images may have at most {} MiB",
            MAX_IMAGE_BYTES / (1024 * 1024)
        )],
    );
}

#[test]
fn a_broken_image_is_refused_with_its_place() {
    let project = with_image("broken.png", b"this is no picture");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:5:1:",
            "image `images/broken.png` cannot be read",
        ],
    );
}

// ---------------------------------------------------------------------------
// The file system

fn sample_png() -> PathBuf {
    common::repo().join("sources/images/wiederanlauf.png")
}

#[test]
fn an_image_through_a_link_or_dotdot_out_of_the_sources_is_refused() {
    let project = mini(
        "Q?",
        "![Outside](images/linked.png)\n\n![Above](../above.png)\n",
    );
    std::fs::create_dir_all(project.sources().join("images")).expect("images");
    std::fs::copy(sample_png(), project.path().join("above.png")).expect("copy");
    symlink(
        project.path().join("above.png"),
        project.sources().join("images/linked.png"),
    )
    .expect("symlink");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "image `images/linked.png` lies outside the sources folder",
            "image `../above.png` lies outside the sources folder",
        ],
    );
    assert_nothing_written(&project.out());
}

#[test]
fn snippets_and_entries_linked_from_outside_are_not_read() {
    let project = mini("Q?", "{{#snippet leak}}\n");
    let secret = project.path().join("secret.md");
    std::fs::write(&secret, "TOP SECRET text from outside the project\n").expect("secret");
    std::fs::create_dir_all(project.sources().join("snippets")).expect("snippets");
    symlink(&secret, project.sources().join("snippets/leak.md")).expect("symlink");
    let out = short_build(&project);
    let err = assert_source_errors(
        &out,
        &[
            "cannot read `sources/snippets/leak.md` (it is a link to a file outside the sources folder",
        ],
    );
    assert!(!err.contains("TOP SECRET"), "{err}");
    assert_nothing_written(&project.out());

    let project = mini("Q?", "A.");
    let entry = project.path().join("entry.toml");
    std::fs::write(&entry, "question = \"TOP SECRET\"\nanswer = \"x\"\n").expect("entry");
    std::fs::remove_file(project.sources().join("entries/a.toml")).expect("remove");
    symlink(&entry, project.sources().join("entries/a.toml")).expect("symlink");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &["cannot read `sources/entries/a.toml` (it is a link to a file outside"],
    );
}

#[test]
fn links_inside_the_sources_are_followed() {
    let project = mini("Q?", "{{#snippet alias}}\n");
    write(&project, "snippets/real.md", "Text of the real snippet.\n");
    symlink("real.md", project.sources().join("snippets/alias.md")).expect("symlink");
    assert_ok(&short_build(&project));
    assert!(pdf_text(&project).contains("Text of the real snippet."));
}

#[test]
fn fifos_in_the_sources_are_refused_without_waiting_for_them() {
    let mkfifo = |path: &Path| {
        std::fs::remove_file(path).ok();
        let made = Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    };
    let build = |project: &TempProject| {
        run_bounded(
            project.path(),
            &["build", "--diagnostic-format", "short"],
            Duration::from_secs(60),
        )
    };
    let project = mini("Q?", "A.");
    mkfifo(&project.sources().join("faq.toml"));
    let out = build(&project);
    assert_source_errors(
        &out,
        &["cannot read `sources/faq.toml` (it is not a regular file"],
    );

    let project = mini("Q?", "{{#snippet pipe}}\n");
    std::fs::create_dir_all(project.sources().join("snippets")).expect("snippets");
    mkfifo(&project.sources().join("snippets/pipe.md"));
    let out = build(&project);
    assert_source_errors(
        &out,
        &["sources/entries/a.toml:3:1: error: unknown snippet `pipe`"],
    );
}

/// Whether this process runs as root, who may read and write anything.
fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs faqpress so that file permissions apply: as the user `nobody` when
/// the tests run as root (CI does). `None` when that is not possible here.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Option<Output> {
    if !is_root() {
        return Some(common::faqpress(dir, args));
    }
    let as_nobody = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
    };
    match as_nobody(&["--version"]) {
        Ok(probe) if probe.status.success() => Some(as_nobody(args).expect("setpriv runs")),
        _ => {
            eprintln!("skipped: faqpress cannot be run as an unprivileged user here");
            None
        }
    }
}

fn open_up(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn an_unreadable_sources_folder_is_an_environment_error() {
    let project = mini("Q?", "A.");
    open_up(project.path(), 0o777);
    open_up(&project.sources(), 0o000);
    let out = run_unprivileged(project.path(), &["build"]);
    open_up(&project.sources(), 0o755);
    let Some(out) = out else { return };
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot read the sources folder `sources`"),
        "{err}"
    );
    assert!(err.contains("Permission denied"), "{err}");
    assert_nothing_written(&project.out());
}

#[test]
fn an_output_folder_that_cannot_be_written_is_an_environment_error() {
    // `out` is a file, not a folder.
    let project = mini("Q?", "A.");
    std::fs::write(project.out(), "not a folder").expect("write");
    let out = project.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot create folder `out`") || err.contains("cannot write"),
        "{err}"
    );

    // `out` is a folder without write permission.
    let project = mini("Q?", "A.");
    open_up(project.path(), 0o755);
    open_up(&project.sources(), 0o755);
    std::fs::create_dir(project.out()).expect("out");
    open_up(&project.out(), 0o555);
    let Some(out) = run_unprivileged(project.path(), &["build"]) else {
        return;
    };
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write to folder `out`"), "{err}");
    assert_nothing_written(&project.out());
}

#[test]
fn a_full_disk_leaves_no_partial_file() {
    // An 8 KiB RAM disk as the output folder, in a private mount namespace
    // (so no root is needed and nothing outlives the test); the PDF needs
    // more. The folder is listed before the namespace, and the disk, go.
    let project = mini("Q?", "A.");
    std::fs::create_dir(project.out()).expect("out");
    let script = format!(
        "mount -t tmpfs -o size=8k tmpfs out || exit 99\n\
         {BIN} build --out out; code=$?\n\
         echo \"left: $(ls -A out)\"\n\
         exit $code"
    );
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .current_dir(project.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("unshare runs");
    if matches!(out.status.code(), Some(99) | None) || stderr(&out).contains("unshare:") {
        eprintln!(
            "skipped: no private RAM disk here ({})",
            stderr(&out).trim()
        );
        return;
    }
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(common::stdout(&out).trim(), "left:", "{err}");
}

#[test]
fn a_full_disk_for_messages_is_no_crash() {
    // Standard error on /dev/full: the messages are lost, the PDF is not.
    let project = mini("Q?", "A.");
    let status = Command::new(BIN)
        .arg("build")
        .current_dir(project.path())
        .stderr(std::fs::File::create("/dev/full").expect("/dev/full"))
        .status()
        .expect("faqpress runs");
    assert_eq!(status.code(), Some(0));
    assert_eq!(project.pdfs().len(), 1);
}

#[test]
fn two_builds_at_once_leave_one_complete_pdf() {
    let project = TempProject::sample();
    for _ in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(BIN)
                    .args(["build", "--out", "shared"])
                    .current_dir(project.path())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("faqpress starts")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert_ok(&out);
        }
    }
    let shared = project.path().join("shared");
    let names: Vec<String> = std::fs::read_dir(&shared)
        .expect("out folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "expected one file: {names:?}");
    // Complete and correct: the same bytes as a build on its own.
    assert_ok(&project.run(&["build", "--out", "alone"]));
    let alone = std::fs::read(project.path().join("alone").join(&names[0])).expect("alone");
    let shared = std::fs::read(shared.join(&names[0])).expect("shared");
    assert!(shared == alone, "the PDF of concurrent builds differs");
}

#[test]
fn a_closed_standard_error_is_no_crash() {
    // A reader that went away, as in `faqpress build 2>&1 | head -0`.
    let project = mini("Q?", "A.");
    let mut child = Command::new(BIN)
        .arg("build")
        .current_dir(project.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("faqpress starts");
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
    assert_eq!(project.pdfs().len(), 1);
}

// ---------------------------------------------------------------------------
// Findings of the property tests and the fuzzers, kept as regressions

#[test]
fn a_skin_tone_after_a_letter_is_reported_alone() {
    // The empty box stands for the whole cluster "a🏽"; only the emoji
    // modifier is missing from the fonts.
    let project = mini("Why a\u{1f3fd}?", "A.");
    let out = short_build(&project);
    let err = assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:1:18: error: the character `\u{1f3fd}` (U+1F3FD) is in none of the fonts",
        ],
    );
    assert!(!err.contains("U+0061"), "{err}");
}

#[test]
fn characters_pdf_ua_forbids_are_reported_even_when_drawn() {
    // U+FFFE with a combining mark is drawn as the mark, yet the PDF may
    // not contain U+FFFE.
    let project = mini("Q \u{fffe}\u{301}?", "A.");
    let out = short_build(&project);
    assert_source_errors(&out, &["sources/entries/a.toml:1:", "(U+FFFE)"]);
}

#[test]
fn pasted_line_separators_tabs_and_byte_order_marks_build() {
    // A tab after U+0085, U+2028 or \r was drawn as an empty box; U+FEFF
    // is forbidden by PDF/UA: the separators become \n, U+FEFF is left out.
    let project = mini(
        "Before\u{feff}after?",
        "one\u{85}\ttwo\u{2028}\tthree\r\tfour\u{feff}five",
    );
    assert_ok(&short_build(&project));
    let text = pdf_text(&project);
    for word in ["Beforeafter?", "one", "two", "three", "four", "five"] {
        assert!(text.contains(word), "`{word}` missing from:\n{text}");
    }
}

#[test]
fn footnotes_may_refer_to_notes_defined_before_them() {
    // The second note's marker used to be left in the generated Typst,
    // which then did not parse.
    let project = mini(
        "Notes?",
        "[^1]: The first note, see[^2].\n\n[^2]: The second note.\n\nText[^1].\n",
    );
    assert_ok(&short_build(&project));
    let text = pdf_text(&project);
    assert!(text.contains("The first note, see"), "{text}");
    assert!(text.contains("The second note."), "{text}");
}

#[test]
fn a_missing_character_written_as_an_entity_is_found_where_it_is_written() {
    // Found by the markdown fuzzer: `&#x0F600;` (with a leading zero) was
    // not found in the sources, and the error had no place.
    let project = mini("Q?", "Private use: &#x0F600;\n");
    let out = short_build(&project);
    assert_source_errors(
        &out,
        &[
            "sources/entries/a.toml:3:14: error: the character `\u{f600}` (U+F600) is in none of the fonts",
        ],
    );
}

#[test]
fn a_word_glued_to_a_link_builds_wherever_the_line_breaks() {
    // Found by the markdown fuzzer: Typst 0.15 failed with an internal
    // error ("expected link ancestor in logical tree") when it hyphenated a
    // word right at the end of a link glued to it. Each padding moves the
    // word along the line; 55 to 58 put the break at the link's end.
    for padding in 52..60 {
        for glued in [
            "[preiszuge](https://example.org)mailben",
            "[preiszuge](https://example.org)*mailben*",
            "**[preiszuge](https://example.org)**mailben",
        ] {
            let answer = format!("{} oder Zugangscodes {glued} more", "x".repeat(padding));
            let project = mini("Q?", &answer);
            assert_ok(&short_build(&project));
            assert!(pdf_text(&project).contains("preiszuge"));
        }
    }
}

#[test]
fn an_svg_is_checked_for_the_images_it_links_to() {
    // Typst loads the images an SVG links to itself: a huge one would be
    // decoded, a FIFO would block, and one outside the sources is refused
    // only while laying out, without a place.
    let svg = |links: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">\
             <a href=\"https://example.org\"><rect width=\"100\" height=\"100\"/></a>{links}</svg>"
        )
    };
    let image = |href: &str| format!("<image href=\"{href}\" width=\"50\" height=\"50\"/>");
    for (link, error) in [
        (
            "huge.png",
            "image `images/a.svg → huge.png` has 20000 × 20000 pixels",
        ),
        (
            "pipe.png",
            "image `images/a.svg` links to `pipe.png`, which is not an image file in the sources folder",
        ),
        (
            "../../above.png",
            "image `images/a.svg` links to `../../above.png`, which is not an image file",
        ),
    ] {
        let project = with_image("a.svg", svg(&image(link)).as_bytes());
        write(&project, "images/huge.png", png_header(20_000, 20_000));
        std::fs::copy(sample_png(), project.path().join("above.png")).expect("copy");
        let made = Command::new("mkfifo")
            .arg(project.sources().join("images/pipe.png"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let out = run_bounded(
            project.path(),
            &["build", "--diagnostic-format", "short"],
            Duration::from_secs(60),
        );
        assert_source_errors(&out, &["sources/entries/a.toml:5:1:", error]);
    }
    let project = with_image("a.svg", svg(&image("fine.png")).as_bytes());
    std::fs::copy(sample_png(), project.sources().join("images/fine.png")).expect("copy");
    assert_ok(&short_build(&project));
}
