//! Prints the text of PDFs that faqpress wrote, as the test suite reads it:
//! from the layout of their release, compiled again from the sources (which
//! must give the very bytes of each PDF). `.ci/cross-check.sh` compares it
//! with what poppler's pdftotext reads from the PDFs themselves.
//!
//! Usage: layout-text SOURCES PDF...   (pages end with a form feed, as with
//! pdftotext; each PDF's text goes to PDF.layout.txt beside it)

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let Some((sources, pdfs)) = args.split_first().filter(|(_, pdfs)| !pdfs.is_empty()) else {
        eprintln!("usage: layout-text SOURCES PDF...");
        std::process::exit(2);
    };
    for pdf in pdfs {
        let mut text = String::new();
        for page in common::pdf_pages(sources, pdf) {
            text.push_str(&page);
            text.push_str("\n\u{c}");
        }
        let out = Path::new(pdf).with_extension("layout.txt");
        std::fs::write(&out, text).expect("write the text");
    }
}
