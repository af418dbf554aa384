//! Every release faqpress generates is laid out in two passes: the first
//! finds where everything falls, the second fills in the page numbers, and
//! nothing the second pass writes may move anything the first one measured.
//! A third pass costs a whole layout more; Typst counts its passes in the
//! timing scopes `iter (1)`, `iter (2)`, … that `typst compile --timings`
//! shows, and this test reads them the same way.
//!
//! A redline may take three: it reads the exact place of every changed word
//! to draw its bar, and in the first pass every footnote counts 0, so a
//! footnote number of another width before a changed word moves it.
//!
//! One test function on purpose: the timer is global to the process.

mod common;

use std::path::Path;

use common::repo;
use faqpress::config::PdfConfig;
use faqpress::project::Project;

/// The number of layout passes of each release of `sources`, and of the
/// redline of each release against the one before.
fn passes(sources: &Path) -> Vec<(String, usize)> {
    let project = Project::open(sources)
        .unwrap_or_else(|failure| panic!("{} do not load: {failure:?}", sources.display()));
    let config = PdfConfig::resolve(None, false, &project.faq.document).expect("standards");
    let indices: Vec<_> = project.faq.release_indices().collect();
    let mut counted = Vec::new();
    for (i, &index) in indices.iter().enumerate() {
        let version = project.faq.release(index).version.to_string();
        let n = counting(|| project.layout(index, &config).map(drop));
        counted.push((version.clone(), n));
        if i > 0 {
            let n = counting(|| project.layout_redline(indices[i - 1], index).map(drop));
            counted.push((format!("redline to {version}"), n));
        }
    }
    counted
}

/// The layout passes `lay_out` takes; it must succeed.
fn counting<E: std::fmt::Debug>(lay_out: impl FnOnce() -> Result<(), E>) -> usize {
    typst_timing::clear();
    typst_timing::enable();
    let laid_out = lay_out();
    typst_timing::disable();
    if let Err(failure) = laid_out {
        panic!("a document fails: {failure:?}");
    }
    iterations()
}

/// The passes the timer recorded since it was cleared.
fn iterations() -> usize {
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).expect("timing events");
    let text = String::from_utf8(json).expect("JSON is UTF-8");
    (1..=5)
        .filter(|n| {
            text.contains(&format!(
                "\"name\":\"iter ({n})\",\"cat\":\"typst\",\"ph\":\"B\""
            ))
        })
        .count()
}

#[test]
fn every_release_converges_in_two_passes() {
    let mut projects = vec![repo().join("sources")];
    let fixtures = repo().join("tests/fixtures");
    for name in ["good", "long-de", "long-en", "redline/sources"] {
        projects.push(fixtures.join(name));
    }
    for entry in std::fs::read_dir(fixtures.join("good")).expect("good fixtures") {
        let path = entry.expect("entry").path();
        if path.join("faq.toml").is_file() {
            projects.push(path);
        }
    }
    // The current-version stamp takes the same room in every pass.
    let stamped = common::TempProject::sample();
    stamped.edit(
        "faq.toml",
        "[document]\n",
        "[document]\nurl = \"https://www.example.com/faq\"\nrelease-url = \"https://www.example.com/faq/v{version}.pdf\"\n",
    );
    projects.push(stamped.sources());
    let mut slow = Vec::new();
    for sources in &projects {
        for (document, n) in passes(sources) {
            assert!(n >= 1, "{}: no pass recorded", sources.display());
            let most = if document.starts_with("redline") {
                3
            } else {
                2
            };
            if n > most {
                slow.push(format!(
                    "{} {document}: {n} passes, at most {most}",
                    sources.display()
                ));
            }
        }
    }
    assert!(
        slow.is_empty(),
        "documents laid out in more passes than they need:\n{}",
        slow.join("\n")
    );
}
