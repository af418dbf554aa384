//! Markdown answers through the document tree to Typst, and on to PDF.
//!
//! Any UTF-8 text as an answer must parse and render to Typst code that parses and
//! uses only known names (source text never escapes its string literals),
//! with diagnostics that point inside the text. Text without errors is put
//! into a small project in place of an answer and compiled to PDF/A + UA:
//! that must succeed, or fail with errors placed in the sources.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use faqpress::config::PdfConfig;
use faqpress::diag::Diagnostics;
use faqpress::model::ids::ReleaseIndex;
use faqpress::project::Project;
use faqpress::render::typst::tree::text_code;
use faqpress::source::mapped::MappedText;
use faqpress_fuzz::{check_answer_code, check_compile_failure, check_diagnostics};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    sources: PathBuf,
    project: Project,
    config: PdfConfig,
}

const FAQ: &str = r#"[document]
id = "fuzz"
title = "Fuzzing"
organization = "Example"
language = "en"
entries = ["a", "b"]

[[release]]
version = "1.0"
date = 2026-03-02T12:00:00
"#;

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let sources = dir.path().join("sources");
        std::fs::create_dir_all(sources.join("entries")).expect("entries");
        std::fs::create_dir_all(sources.join("images")).expect("images");
        std::fs::write(sources.join("faq.toml"), FAQ).expect("faq.toml");
        std::fs::write(
            sources.join("entries/a.toml"),
            "question = \"A?\"\nanswer = \"a\"\n",
        )
        .expect("entry");
        std::fs::write(
            sources.join("entries/b.toml"),
            "question = \"B?\"\nanswer = \"b\"\n",
        )
        .expect("entry");
        let png = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../sources/images/wiederanlauf.png"
        );
        std::fs::copy(png, sources.join("images/x.png")).expect("image");
        let project = Project::open(&sources).expect("the fixture project opens");
        let config = PdfConfig::resolve(None, false, &project.faq.document)
            .expect("the default standards");
        Fixture {
            _dir: dir,
            sources,
            project,
            config,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > 64 * 1024 {
        return;
    }
    let fx = fixture();
    let mut faq = fx.project.faq.clone();
    let file = faq
        .files
        .add("sources/entries/fuzz.md".into(), text.to_string());
    let mut source = MappedText::default();
    source.push(text, file, 0, true);
    let mut diags = Diagnostics::default();
    let text = faqpress::source::markdown::parse(&source, &fx.sources, "a", &mut diags);
    check_answer_code(&text_code(&text));
    check_diagnostics(&faq.files, &diags.list);
    // Links to unknown questions are errors of the release check; the
    // size limits apply before anything is compiled.
    if diags.has_errors()
        || text
            .refs()
            .iter()
            .any(|(id, _)| !faq.entries.contains_key(*id))
    {
        return;
    }
    let Some(entry) = faq.entries.get_mut("a") else {
        return;
    };
    entry.revisions[0].answer = Some(text);
    if faqpress::source::limits::check(&faq).iter().any(|d| d.is_error()) {
        return;
    }
    let project = Project {
        faq,
        env: fx.project.env.clone(),
        warnings: vec![],
        base: fx.project.base.clone(),
        layout_file: fx.project.layout_file,
    };
    match project.compile(ReleaseIndex::FIRST, &fx.config) {
        Ok(compiled) => assert!(compiled.pdf.starts_with(b"%PDF-")),
        Err(failure) => check_compile_failure(&failure, project.layout_file),
    }
    // Typst's caches grow with every new input; trim them now and then.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    if RUNS.fetch_add(1, Ordering::Relaxed) % 64 == 63 {
        typst::comemo::evict(8);
    }
});
