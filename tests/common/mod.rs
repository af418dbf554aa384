//! Helpers shared by the integration tests: a copy of the sample project in a
//! temporary folder, running the binary, and reading PDFs with poppler.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    Command::new(env!("CARGO_BIN_EXE_faqpress"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("faqpress runs")
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

/// The text of each page of a PDF, as poppler's pdftotext reads it.
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}
