//! Helpers shared by the integration tests: a copy of the sample project in a
//! temporary folder, running the binary, and reading what a PDF shows from
//! its layout.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use faqpress::config::{PdfConfig, Standard};
use faqpress::output;
use faqpress::project::Project;
use faqpress::timeline::Snapshot;
use typst_layout::PagedDocument;

pub mod frames;
pub mod html;
pub mod mini;
pub mod png;
pub mod webdriver;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary project folder holding a copy of `sources/` (and nothing else).
pub struct TempProject {
    pub dir: tempfile::TempDir,
}

impl TempProject {
    /// A copy of this repository's sample FAQ.
    pub fn sample() -> Self {
        Self::from_sources(&repo().join("sources"))
    }

    /// A copy of any sources folder.
    pub fn from_sources(sources: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(sources, &dir.path().join("sources"));
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn sources(&self) -> PathBuf {
        self.path().join("sources")
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("out")
    }

    /// Runs faqpress in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        faqpress(self.path(), args)
    }

    /// Replaces `from` by `to` in a file of the sources; panics if `from` is absent.
    pub fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.sources().join(file);
        let text = std::fs::read_to_string(&path).expect("source file");
        assert!(text.contains(from), "`{from}` not found in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write source");
    }

    /// The PDFs in `out/`, by file name, sorted.
    pub fn pdfs(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.out())
            .map(|d| {
                d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.retain(|n| n.ends_with(".pdf"));
        names.sort();
        names
    }
}

/// Runs the faqpress binary in `dir`.
pub fn faqpress(dir: &Path, args: &[&str]) -> Output {
    // Read at run time, so that examples can share this module.
    let Some(bin) = option_env!("CARGO_BIN_EXE_faqpress") else {
        panic!("the faqpress binary is known to integration tests only");
    };
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("faqpress runs")
}

/// `text` with every run of white space, line and page breaks included, as
/// one space: what a reader reads, however it is laid out.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts success and shows stderr otherwise.
pub fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "faqpress failed ({:?}):\n{}",
        output.status.code(),
        stderr(output)
    );
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The laid-out document of the release that faqpress wrote to `pdf` from
/// `sources`, read through the library: the release is the one whose file
/// name `pdf` has, and compiled again it must give the very bytes of `pdf`
/// (with `pdf_standard` as given to `--pdf-standard`, else the project's),
/// so what a test reads is what the binary wrote.
pub fn layout(sources: &Path, pdf: &Path, pdf_standard: Option<&str>) -> PagedDocument {
    let project = match Project::open(sources) {
        Ok(project) => project,
        Err(failure) => panic!("{} do not load: {failure:?}", sources.display()),
    };
    let name = pdf.file_name().expect("a PDF file name").to_string_lossy();
    let index = project
        .faq
        .release_indices()
        .find(|&i| output::pdf_name(&project.faq, i) == name)
        .unwrap_or_else(|| panic!("no release of {} is `{name}`", sources.display()));
    let standards: Option<Vec<Standard>> = pdf_standard.map(|list| {
        list.split(',')
            .map(|s| s.parse().expect("a known standard"))
            .collect()
    });
    let config = PdfConfig::resolve(standards.as_deref(), false, &project.faq.document)
        .unwrap_or_else(|failure| panic!("the standards do not resolve: {failure:?}"));
    let compiled = match project.compile(index, &config) {
        Ok(compiled) => compiled,
        Err(failure) => panic!("`{name}` does not compile: {failure:?}"),
    };
    let written = std::fs::read(pdf).expect("the PDF is written");
    assert!(
        compiled.pdf == written,
        "{} is not the release the sources give now",
        pdf.display()
    );
    match project.layout(index, &config) {
        Ok((doc, _)) => doc,
        Err(failure) => panic!("`{name}` cannot be laid out: {failure:?}"),
    }
}

/// "N. question" (or its short title, if it has one) for each question of
/// the latest release of `sources`, in order: what its heading and bookmark say.
pub fn question_titles(sources: &Path) -> Vec<String> {
    let project = match Project::open(sources) {
        Ok(project) => project,
        Err(failure) => panic!("{} do not load: {failure:?}", sources.display()),
    };
    let index = project.release(None).expect("a latest release");
    let snapshot = Snapshot::new(&project.faq, index);
    snapshot
        .questions()
        .map(|q| format!("{}. {}", q.number, q.title.unwrap_or(q.question)))
        .collect()
}

/// The text of each page of a PDF faqpress wrote from `sources` with the
/// project's PDF standards, as its layout places it (see
/// [`frames::page_texts`]).
pub fn pdf_pages(sources: &Path, pdf: &Path) -> Vec<String> {
    frames::page_texts(&layout(sources, pdf, None))
}
