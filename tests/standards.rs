//! PDF/A and PDF/UA without Java: what the PDFs declare and carry, read with
//! lopdf. veraPDF, the reference validator, runs in CI (`.ci/verapdf.sh`);
//! these tests catch a lost claim, structure tree, font or attachment early.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{TempProject, assert_ok, faqpress, stderr};
use lopdf::{Dictionary, Document, Object};

// --- reading PDFs with lopdf -------------------------------------------------------------

/// The objects of a PDF.
struct Pdf {
    path: PathBuf,
    doc: Document,
}

impl Pdf {
    fn read(path: &Path) -> Self {
        let doc = Document::load(path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        Self {
            path: path.to_path_buf(),
            doc,
        }
    }

    /// Follows a reference; other values are returned as they are.
    fn resolve<'a>(&'a self, value: &'a Object) -> &'a Object {
        match self.doc.dereference(value) {
            Ok((_, object)) => object,
            Err(err) => panic!("{}: a broken reference: {err}", self.path.display()),
        }
    }

    /// A value as a dictionary, following a reference; a stream gives its
    /// dictionary.
    fn dict<'a>(&'a self, value: &'a Object) -> &'a Dictionary {
        match self.resolve(value) {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            other => panic!("{}: not a dictionary: {other:?}", self.path.display()),
        }
    }

    /// An entry of a dictionary, references followed.
    fn get<'a>(&'a self, dict: &'a Dictionary, key: &str) -> Option<&'a Object> {
        dict.get(key.as_bytes())
            .ok()
            .map(|value| self.resolve(value))
    }

    /// Every object's dictionary (a stream's, for a stream).
    fn all(&self) -> impl Iterator<Item = &Dictionary> {
        self.doc.objects.values().filter_map(|o| match o {
            Object::Dictionary(dict) => Some(dict),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        })
    }

    fn catalog(&self) -> &Dictionary {
        let root = self.doc.trailer.get(b"Root").expect("/Root in the trailer");
        self.dict(root)
    }

    /// A stream's data, decoded.
    fn stream(&self, value: &Object) -> Vec<u8> {
        match self.resolve(value) {
            Object::Stream(stream) => stream
                .get_plain_content()
                .unwrap_or_else(|err| panic!("cannot decode a stream: {err}")),
            other => panic!("{}: not a stream: {other:?}", self.path.display()),
        }
    }

    /// The XMP metadata of the document.
    fn xmp(&self) -> String {
        let metadata = self
            .catalog()
            .get(b"Metadata")
            .expect("/Metadata in the catalog");
        String::from_utf8(self.stream(metadata)).expect("XMP is UTF-8")
    }

    /// The decoded content streams of each page.
    fn page_contents(&self) -> Vec<String> {
        let pages = self.dict(self.catalog().get(b"Pages").expect("/Pages"));
        let mut out = vec![];
        for kid in array(self.get(pages, "Kids").expect("page list")) {
            let page = self.dict(kid);
            let contents = page.get(b"Contents").expect("/Contents");
            let data: Vec<u8> = match self.resolve(contents) {
                Object::Array(items) => items.iter().flat_map(|r| self.stream(r)).collect(),
                Object::Stream(_) => self.stream(contents),
                other => panic!("unexpected /Contents {other:?}"),
            };
            out.push(String::from_utf8_lossy(&data).into_owned());
        }
        out
    }

    /// The titles of the bookmarks, depth first.
    fn bookmarks(&self) -> Vec<String> {
        let mut out = vec![];
        if let Some(outlines) = self.get(self.catalog(), "Outlines") {
            self.collect_bookmarks(self.get(self.dict(outlines), "First"), &mut out);
        }
        out
    }

    fn collect_bookmarks<'a>(&'a self, mut item: Option<&'a Object>, out: &mut Vec<String>) {
        while let Some(node) = item {
            let node = self.dict(node);
            out.push(text(self.get(node, "Title")));
            self.collect_bookmarks(self.get(node, "First"), out);
            item = self.get(node, "Next");
        }
    }

    /// The structure roles used in the structure tree.
    fn roles(&self) -> BTreeSet<String> {
        self.all()
            .filter(|o| is_name(self.get(o, "Type"), "StructElem"))
            .filter_map(|o| name(self.get(o, "S")?).map(|s| format!("/{s}")))
            .collect()
    }

    /// Attached files by name, with their file specification.
    fn attachments(&self) -> Vec<(String, &Dictionary)> {
        let Some(names) = self.get(self.catalog(), "Names") else {
            return vec![];
        };
        let Some(tree) = self.get(self.dict(names), "EmbeddedFiles") else {
            return vec![];
        };
        let mut out = vec![];
        self.collect_names(self.dict(tree), &mut out);
        out
    }

    fn collect_names<'a>(&'a self, node: &'a Dictionary, out: &mut Vec<(String, &'a Dictionary)>) {
        if let Some(pairs) = self.get(node, "Names") {
            for pair in array(pairs).chunks(2) {
                out.push((text(Some(self.resolve(&pair[0]))), self.dict(&pair[1])));
            }
        }
        for kid in self.get(node, "Kids").map(array).into_iter().flatten() {
            self.collect_names(self.dict(kid), out);
        }
    }

    /// The data of an attached file: the stream its specification embeds.
    fn attachment(&self, name: &str) -> Vec<u8> {
        let (_, spec) = self
            .attachments()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no attachment `{name}` in {}", self.path.display()));
        let embedded = self.dict(spec.get(b"EF").expect("/EF"));
        self.stream(embedded.get(b"F").expect("/F in /EF"))
    }
}

/// An array's items; panics on anything else.
fn array(value: &Object) -> &[Object] {
    match value {
        Object::Array(items) => items,
        other => panic!("not an array: {other:?}"),
    }
}

/// A name's text, without the slash.
fn name(value: &Object) -> Option<&str> {
    value
        .as_name()
        .ok()
        .map(|n| std::str::from_utf8(n).expect("an ASCII name"))
}

fn is_name(value: Option<&Object>, expected: &str) -> bool {
    value.and_then(name) == Some(expected)
}

fn is_true(value: Option<&Object>) -> bool {
    matches!(value, Some(Object::Boolean(true)))
}

/// A PDF text string (PDFDocEncoding, UTF-16 or UTF-8); empty when absent.
fn text(value: Option<&Object>) -> String {
    value.map_or_else(String::new, |v| {
        lopdf::decode_text_string(v).expect("a PDF text string")
    })
}

/// A field of the XMP packet, written as an element or as an attribute.
fn xmp_field(xmp: &str, name: &str) -> Option<String> {
    if let Some(start) = xmp.find(&format!("<{name}>")) {
        let rest = &xmp[start + name.len() + 2..];
        return rest.find('<').map(|end| rest[..end].to_string());
    }
    let start = xmp.find(&format!("{name}=\""))?;
    let rest = &xmp[start + name.len() + 2..];
    rest.find('"').map(|end| rest[..end].to_string())
}

/// The standards a PDF claims in its XMP metadata: "a-2b", "ua-1".
fn claims(pdf: &Pdf) -> Vec<String> {
    let xmp = pdf.xmp();
    let mut out = vec![];
    if let Some(part) = xmp_field(&xmp, "pdfaid:part") {
        let conformance = xmp_field(&xmp, "pdfaid:conformance").unwrap_or_default();
        out.push(format!("a-{part}{}", conformance.to_lowercase()));
    }
    if let Some(part) = xmp_field(&xmp, "pdfuaid:part") {
        out.push(format!("ua-{part}"));
    }
    out
}

fn only_pdf(dir: &Path) -> PathBuf {
    let pdfs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("output folder")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(
        pdfs.len(),
        1,
        "expected one PDF in {}: {pdfs:?}",
        dir.display()
    );
    pdfs.into_iter().next().expect("one PDF")
}

fn build_sample(args: &[&str]) -> (TempProject, Pdf) {
    let project = TempProject::sample();
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    assert_ok(&project.run(&all));
    let pdf = Pdf::read(&only_pdf(&project.out()));
    (project, pdf)
}

// --- the default: PDF/A-2b + PDF/UA-1 ----------------------------------------------------

#[test]
fn the_default_pdf_claims_pdfa_2b_and_pdfua_1() {
    let (_project, pdf) = build_sample(&[]);
    assert_eq!(claims(&pdf), ["a-2b", "ua-1"]);
    assert!(
        pdf.attachments().is_empty(),
        "nothing is attached by default"
    );
}

#[test]
fn the_title_is_shown_in_the_window_and_the_language_is_declared() {
    let (_project, pdf) = build_sample(&[]);
    let catalog = pdf.catalog();
    assert_eq!(text(pdf.get(catalog, "Lang")), "de");
    let prefs = pdf.dict(
        catalog
            .get(b"ViewerPreferences")
            .expect("/ViewerPreferences"),
    );
    assert!(is_true(pdf.get(prefs, "DisplayDocTitle")));
    let xmp = pdf.xmp();
    assert!(
        xmp.contains("Fragen und Antworten zum Cyberangriff"),
        "dc:title missing from the XMP:\n{xmp}"
    );
}

#[test]
fn the_pdf_carries_a_structure_tree_with_headings_tables_lists_and_figures() {
    let (_project, pdf) = build_sample(&[]);
    let catalog = pdf.catalog();
    assert!(catalog.has(b"StructTreeRoot"), "no structure tree");
    let mark_info = pdf.dict(catalog.get(b"MarkInfo").expect("/MarkInfo"));
    assert!(is_true(pdf.get(mark_info, "Marked")));
    let roles = pdf.roles();
    for role in [
        "/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/LBody", "/Figure", "/Link", "/P",
    ] {
        assert!(
            roles.contains(role),
            "no {role} in the structure tree: {roles:?}"
        );
    }
    // Every figure (the images of the answers) has its alt text.
    for figure in pdf.all().filter(|o| is_name(pdf.get(o, "S"), "Figure")) {
        assert!(
            !text(pdf.get(figure, "Alt")).trim().is_empty(),
            "figure without alt text: {figure:?}"
        );
    }
}

#[test]
fn links_to_questions_say_where_they_lead() {
    let (_project, pdf) = build_sample(&[]);
    let descriptions: Vec<String> = pdf
        .all()
        .filter(|o| is_name(pdf.get(o, "Subtype"), "Link"))
        .map(|o| text(pdf.get(o, "Contents")))
        .collect();
    assert!(!descriptions.is_empty());
    assert!(
        descriptions.iter().all(|d| !d.trim().is_empty()),
        "{descriptions:?}"
    );
    assert!(
        descriptions
            .iter()
            .any(|d| d.starts_with("Frage 1: Wer steckt hinter dem Angriff?, Seite ")),
        "contents links name the question they lead to: {descriptions:?}"
    );
}

#[test]
fn bookmarks_lead_to_every_question_and_the_file_has_an_id() {
    let (project, pdf) = build_sample(&[]);
    let bookmarks = pdf.bookmarks();
    let questions = common::question_titles(&project.sources());
    assert!(questions.len() > 10, "{questions:?}");
    let bookmarked: Vec<&String> = bookmarks.iter().filter(|b| questions.contains(b)).collect();
    assert_eq!(
        bookmarked,
        questions.iter().collect::<Vec<_>>(),
        "a bookmark for every question, in order: {bookmarks:?}"
    );
    // PDF/A requires the file identifier: two byte strings in the trailer.
    let id = pdf.doc.trailer.get(b"ID").expect("/ID in the trailer");
    let parts = array(id);
    assert_eq!(parts.len(), 2, "{id:?}");
    for part in parts {
        let bytes = part.as_str().expect("/ID holds strings");
        assert!(bytes.len() >= 16, "{id:?}");
    }
}

#[test]
fn every_font_is_embedded() {
    let (_project, pdf) = build_sample(&[]);
    let descriptors: Vec<&Dictionary> = pdf
        .all()
        .filter(|o| is_name(pdf.get(o, "Type"), "FontDescriptor"))
        .collect();
    assert!(!descriptors.is_empty());
    for d in descriptors {
        assert!(
            ["FontFile", "FontFile2", "FontFile3"]
                .iter()
                .any(|k| matches!(pdf.get(d, k), Some(Object::Stream(_)))),
            "font not embedded: {:?}",
            pdf.get(d, "FontName")
        );
    }
}

#[test]
fn header_footer_and_draft_watermark_are_artifacts() {
    let project = TempProject::sample();
    let faq = project.sources().join("faq.toml");
    let mut text = std::fs::read_to_string(&faq).expect("faq.toml");
    text.push_str("\n[[release]]\nversion = \"99.0\"\ndate = 2099-01-01\ndraft = true\n");
    std::fs::write(&faq, text).expect("write faq.toml");
    assert_ok(&project.run(&["build"]));
    let pdf = Pdf::read(&only_pdf(&project.out()));
    assert_eq!(claims(&pdf), ["a-2b", "ua-1"]);
    let pages = pdf.page_contents();
    assert!(pages.len() > 1);
    for (i, content) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(
            content.contains("/Subtype/Footer/Type/Pagination>>BDC"),
            "page {n}: footer is no artifact"
        );
        assert!(
            content.contains("/Subtype/Header/Type/Pagination>>BDC"),
            "page {n}: header is no artifact"
        );
        // The watermark's text is drawn inside the background artifact.
        let start = content
            .find("/Type/Background>>BDC")
            .unwrap_or_else(|| panic!("page {n}: the draft watermark is no artifact"));
        let artifact = &content[start..];
        let end = artifact.find("EMC").expect("artifact is closed");
        assert!(
            artifact[..end].contains("BT"),
            "page {n}: no watermark text in the artifact"
        );
    }
}

// --- choosing standards ---------------------------------------------------------------------

#[test]
fn pdf_standard_in_faq_toml_and_on_the_command_line_choose_others() {
    let project = TempProject::sample();
    project.edit(
        "faq.toml",
        "[document]\n",
        "[document]\npdf-standard = \"ua-1\"\n",
    );
    assert_ok(&project.run(&["build"]));
    assert_eq!(claims(&Pdf::read(&only_pdf(&project.out()))), ["ua-1"]);

    std::fs::remove_dir_all(project.out()).expect("clean out/");
    assert_ok(&project.run(&["build", "--pdf-standard", "a-2a,ua-1"]));
    assert_eq!(
        claims(&Pdf::read(&only_pdf(&project.out()))),
        ["a-2a", "ua-1"]
    );

    std::fs::remove_dir_all(project.out()).expect("clean out/");
    assert_ok(&project.run(&["build", "--pdf-standard", "none"]));
    assert!(claims(&Pdf::read(&only_pdf(&project.out()))).is_empty());
}

#[test]
fn incompatible_standards_are_refused_before_anything_is_written() {
    let project = TempProject::sample();
    let out = project.run(&["build", "--pdf-standard", "a-2b,a-3b"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be combined"),
        "{}",
        stderr(&out)
    );

    let out = project.run(&["build", "--pdf-standard", "a-2x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown PDF standard `a-2x`"),
        "{}",
        stderr(&out)
    );

    let out = project.run(&["build", "--attach-sources", "--pdf-standard", "a-2b,ua-1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("which PDF/A-2b does not allow"), "{err}");
    assert!(err.contains("a-3b"), "the hint names PDF/A-3: {err}");
    assert!(
        project.pdfs().is_empty(),
        "nothing is written: {:?}",
        project.pdfs()
    );
}

// --- attach-sources -----------------------------------------------------------------------

/// A 2×2 PNG.
const DOT_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x90, 0xf5, 0x2f, 0x06,
    0x22, 0x86, 0xff, 0x60, 0x00, 0x00, 0x26, 0x98, 0x07, 0xb9, 0xa5, 0x74, 0xa3, 0xac, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A project with a history: `alpha` reworded in 2.0 (with a snippet),
/// `beta` removed in 2.0, `gamma` new in 2.0 with an image.
fn history_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let sources = dir.path().join("sources");
    let write = |name: &str, data: &[u8]| {
        let path = sources.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, data).expect("write");
    };
    write(
        "faq.toml",
        br#"[document]
id = "archive-test"
title = "Questions about the outage"
organization = "Example Ltd"
language = "en"
entries = ["alpha", "beta", "gamma"]

[labels]
contents = "Questions"

[[release]]
version = "1.0"
date = 2026-01-05T09:00:00

[[release]]
version = "2.0"
date = 2026-01-07
notes = [{ text = "Contact details added", at = "gamma" }]
"#,
    );
    write(
        "entries/alpha.toml",
        br#"[[revision]]
since = "1.0"
question = "What happened?"
answer = "First wording.\n"

[[revision]]
since = "2.0"
answer = """
Second wording, with a "quote" and a backslash \\ in it.

{{#snippet contact}}
"""
"#,
    );
    write(
        "entries/beta.toml",
        br#"removed = "2.0"

[[revision]]
since = "1.0"
question = "Is this temporary?"
answer = "Yes.\n"
"#,
    );
    write(
        "entries/gamma.toml",
        br#"since = "2.0"
question = "Where do I see the status?"
answer = """
![A status chart in two colours](images/dot.png)
"""
"#,
    );
    write(
        "snippets/contact.md",
        b"Write to [help@example.org](mailto:help@example.org).\n",
    );
    write("images/dot.png", DOT_PNG);
    dir
}

fn attachment_names(pdf: &Pdf) -> Vec<String> {
    let mut names: Vec<String> = pdf.attachments().into_iter().map(|(n, _)| n).collect();
    names.sort();
    names
}

#[test]
fn attach_sources_embeds_the_text_in_force_in_each_release() {
    let dir = history_project();
    assert_ok(&faqpress(
        dir.path(),
        &["build", "--all", "--attach-sources"],
    ));
    let out = dir.path().join("out");
    let first = Pdf::read(&out.join("archive-test_v1.0_2026-01-05.pdf"));
    let second = Pdf::read(&out.join("archive-test_v2.0_2026-01-07.pdf"));

    assert_eq!(claims(&first), ["a-3b", "ua-1"]);
    assert_eq!(claims(&second), ["a-3b", "ua-1"]);
    assert_eq!(
        attachment_names(&first),
        [
            "sources/entries/alpha.toml",
            "sources/entries/beta.toml",
            "sources/faq.toml"
        ]
    );
    assert_eq!(
        attachment_names(&second),
        [
            "sources/entries/alpha.toml",
            "sources/entries/gamma.toml",
            "sources/faq.toml",
            "sources/images/dot.png"
        ]
    );

    // The attached files are TOML that holds exactly the text in force.
    let toml = |pdf: &Pdf, name: &str| -> toml::Table {
        let text = String::from_utf8(pdf.attachment(name)).expect("UTF-8");
        toml::from_str(&text).unwrap_or_else(|e| panic!("{name} is not TOML ({e}):\n{text}"))
    };
    let string =
        |table: &toml::Table, key: &str| table[key].as_str().expect("a string").to_string();
    let alpha1 = toml(&first, "sources/entries/alpha.toml");
    assert_eq!(string(&alpha1, "answer"), "First wording.\n");
    let alpha2 = toml(&second, "sources/entries/alpha.toml");
    assert_eq!(string(&alpha2, "question"), "What happened?");
    let answer = string(&alpha2, "answer");
    assert!(
        answer.contains("a \"quote\" and a backslash \\ in it"),
        "{answer}"
    );
    assert!(
        answer.contains("Write to [help@example.org]"),
        "snippets are expanded: {answer}"
    );
    assert!(
        !answer.contains("First wording") && !answer.contains("{{#snippet"),
        "{answer}"
    );
    // Answers stay readable: over several lines, not one escaped line.
    let alpha2_text =
        String::from_utf8(second.attachment("sources/entries/alpha.toml")).expect("UTF-8");
    assert!(
        alpha2_text.contains("\nWrite to [help@example.org]"),
        "{alpha2_text}"
    );

    let faq1 = toml(&first, "sources/faq.toml");
    let versions = |faq: &toml::Table| -> Vec<String> {
        faq["release"]
            .as_array()
            .expect("releases")
            .iter()
            .map(|r| r["version"].as_str().expect("a version").to_string())
            .collect()
    };
    assert_eq!(versions(&faq1), ["1.0"]);
    assert_eq!(
        faq1["labels"]["contents"].as_str(),
        Some("Questions"),
        "label overrides are kept: {faq1}"
    );
    let faq2 = toml(&second, "sources/faq.toml");
    let entries: Vec<&str> = faq2["document"]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    assert_eq!(entries, ["alpha", "gamma"]);
    let notes = faq2["release"][1]["notes"].as_array().expect("notes");
    assert_eq!(notes[0]["text"].as_str(), Some("Contact details added"));
    assert_eq!(notes[0]["at"].as_str(), Some("gamma"));
    assert_eq!(second.attachment("sources/images/dot.png"), DOT_PNG);

    // Each file is the document's source, described and typed, and listed
    // among the document's associated files.
    for (name, spec) in second.attachments() {
        assert!(
            is_name(second.get(spec, "AFRelationship"), "Source"),
            "{name}"
        );
        let desc = text(second.get(spec, "Desc"));
        assert!(desc.contains("release 2.0"), "{name}: {desc}");
        assert_eq!(text(second.get(spec, "UF")), name);
        let embedded = second.dict(spec.get(b"EF").expect("/EF"));
        let stream = second.dict(embedded.get(b"F").expect("/F in /EF"));
        let mime = if name.ends_with(".png") {
            "image/png"
        } else {
            "application/toml"
        };
        assert!(is_name(second.get(stream, "Subtype"), mime), "{name}");
    }
    let associated = second
        .get(second.catalog(), "AF")
        .map_or(0, |af| array(af).len());
    assert_eq!(associated, 4);
}

#[test]
fn the_attached_sources_are_a_project_that_faqpress_builds() {
    let dir = history_project();
    assert_ok(&faqpress(dir.path(), &["build", "--attach-sources"]));
    let pdf = Pdf::read(&only_pdf(&dir.path().join("out")));
    let copy = tempfile::tempdir().expect("temporary folder");
    for (name, _) in pdf.attachments() {
        let path = copy.path().join(&name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, pdf.attachment(&name)).expect("write");
    }
    assert_ok(&faqpress(copy.path(), &["check"]));
    assert_ok(&faqpress(copy.path(), &["build"]));
    let rebuilt = only_pdf(&copy.path().join("out"));
    assert_eq!(
        rebuilt.file_name(),
        only_pdf(&dir.path().join("out")).file_name(),
        "same document, same release"
    );
    let text = common::pdf_pages(&copy.path().join("sources"), &rebuilt).join("\n");
    assert!(
        text.contains("Second wording") && text.contains("Where do I see the status?"),
        "{text}"
    );
}

#[test]
fn attach_sources_in_faq_toml_gives_the_same_pdf_as_the_flag() {
    let by_flag = history_project();
    assert_ok(&faqpress(by_flag.path(), &["build", "--attach-sources"]));
    let by_toml = history_project();
    let faq = by_toml.path().join("sources/faq.toml");
    let text = std::fs::read_to_string(&faq).expect("faq.toml");
    std::fs::write(
        &faq,
        text.replace(
            "language = \"en\"\n",
            "language = \"en\"\nattach-sources = true\n",
        ),
    )
    .expect("write");
    assert_ok(&faqpress(by_toml.path(), &["build"]));
    let a = std::fs::read(only_pdf(&by_flag.path().join("out"))).expect("pdf");
    let b = std::fs::read(only_pdf(&by_toml.path().join("out"))).expect("pdf");
    // The snapshot's faq.toml records attach-sources either way, so the files
    // are identical: nothing of the machine or the moment goes in.
    assert!(
        a == b,
        "the same release with its sources gives the same bytes"
    );
}
