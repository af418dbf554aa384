//! The current-version stamp: with `url` in `[document]`, page 1 says where
//! the latest version always is, as text and as a QR code that a scanner
//! reads back as that address, and every page's footer carries the short
//! address; without `url` nothing of it is there; a bad address is an error
//! at its place.

mod common;

use common::*;
use faqpress::config::PdfConfig;
use faqpress::project::Project;

const URL: &str = "https://www.example.com/sicherheitsvorfall/";
const SHORT: &str = "www.example.com/sicherheitsvorfall";
const PINNED: &str = "https://www.example.com/sicherheitsvorfall/faq-v{version}.pdf";
const LATEST: &str = "kunden-faq_v6.0_2026-03-16.pdf";

/// A copy of the sample with `url`, and `release-url` when `pinned`.
fn with_url(pinned: bool) -> TempProject {
    let p = TempProject::sample();
    let mut keys = format!("[document]\nurl = \"{URL}\"\n");
    if pinned {
        keys += &format!("release-url = \"{PINNED}\"\n");
    }
    p.edit("faq.toml", "[document]\n", &keys);
    p
}

/// The page `n` (from 0) of the latest release of `sources` as Typst lays it
/// out, rendered at 3 pixels a point and read by a QR decoder: the text of
/// each code found, with its width in centimetres.
fn qr_codes_on_page(sources: &std::path::Path, n: usize) -> Vec<(String, f64)> {
    let project = Project::open(sources).expect("the sources load");
    let index = project.release(None).expect("the latest release");
    let config = PdfConfig::resolve(None, false, &project.faq.document).expect("standards");
    let (doc, _) = project
        .layout(index, &config)
        .expect("the release lays out");
    let scale = 3.0;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(scale),
        ..typst_render::RenderOptions::default()
    };
    let pixmap = typst_render::render(&doc.pages()[n], &options);
    let (width, height) = (pixmap.width() as usize, pixmap.height() as usize);
    let rgba = pixmap.data();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let at = (y * width + x) * 4;
        // Premultiplied RGBA on a transparent page: no alpha is white.
        let (r, g, b, a) = (rgba[at], rgba[at + 1], rgba[at + 2], rgba[at + 3]);
        let luma = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
        (luma + 255 - u32::from(a)).min(255) as u8
    });
    image
        .detect_grids()
        .iter()
        .map(|grid| {
            let (_, text) = grid.decode().expect("the QR code decodes");
            let xs = grid.bounds.iter().map(|p| p.x);
            let span = xs.clone().max().unwrap_or(0) - xs.min().unwrap_or(0);
            // Pixels to points to centimetres.
            (text, f64::from(span) / scale * 2.54 / 72.0)
        })
        .collect()
}

#[test]
fn page_1_shows_the_address_as_text_and_as_a_qr_code_that_decodes_to_it() {
    let p = with_url(true);
    assert_ok(&p.run(&["build"]));
    let pages = pdf_pages(&p.sources(), &p.out().join(LATEST));
    let first = flat(&pages[0]);
    assert!(
        first.contains(&format!("Die jeweils aktuelle Fassung dieser FAQ: {SHORT}")),
        "{first}"
    );
    assert!(
        first.contains(
            "Diese Fassung (Version 6.0): https://www.example.com/sicherheitsvorfall/faq-v6.0.pdf"
        ),
        "{first}"
    );
    // The stamp stands between the title and the change table.
    let at = |text: &str| {
        first
            .find(text)
            .unwrap_or_else(|| panic!("{text}: {first}"))
    };
    assert!(at("Cyberangriff") < at("Die jeweils aktuelle Fassung"));
    assert!(at("Die jeweils aktuelle Fassung") < at("Versionierung"));

    let codes = qr_codes_on_page(&p.sources(), 0);
    assert_eq!(codes.len(), 1, "one QR code on page 1: {codes:?}");
    let (text, width) = &codes[0];
    assert_eq!(
        text, URL,
        "the code holds the address of the latest version"
    );
    // The modules without their quiet zone, in a code 2.5 cm wide.
    assert!(
        (1.6..=2.5).contains(width),
        "the code is {width:.2} cm wide"
    );
    assert!(
        qr_codes_on_page(&p.sources(), 1).is_empty(),
        "page 2 has no code"
    );
}

#[test]
fn every_footer_carries_the_short_address() {
    let p = with_url(false);
    assert_ok(&p.run(&["build"]));
    let pages = pdf_pages(&p.sources(), &p.out().join(LATEST));
    assert!(pages.len() > 3);
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let footer = format!(
            "Version 6.0 · 16.03.2026 / 17.00 Uhr · {SHORT} Seite {} von {total}",
            n + 1
        );
        assert!(
            flat(page).contains(&footer),
            "page {} has no `{footer}`: {page}",
            n + 1
        );
    }
    // Without `release-url`, no address of this version.
    assert!(!flat(&pages[0]).contains("Diese Fassung"));
}

#[test]
fn the_web_page_shows_the_same_address_and_code() {
    let p = with_url(true);
    assert_ok(&p.run(&["build", "--format", "html"]));
    let page = std::fs::read_to_string(p.out().join("kunden-faq_v6.0_2026-03-16.html"))
        .expect("the web page");
    let tags = html::tags(&page);
    let links: Vec<&str> = tags
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href"))
        .collect();
    assert_eq!(
        links.iter().filter(|&&href| href == URL).count(),
        2,
        "stamp and footer"
    );
    assert!(links.contains(&"https://www.example.com/sicherheitsvorfall/faq-v6.0.pdf"));
    let qr = tags
        .iter()
        .find(|t| t.attr("class") == Some("qr"))
        .expect("the QR code");
    assert!(
        qr.attr("src")
            .is_some_and(|s| s.starts_with("data:image/svg+xml;base64,"))
    );
    assert_eq!(
        qr.attr("alt"),
        Some(format!("QR-Code mit der Adresse der aktuellen Fassung: {URL}").as_str())
    );
}

#[test]
fn without_url_there_is_no_stamp_and_no_address() {
    let p = TempProject::sample();
    assert_ok(&p.run(&["build", "--format", "pdf,html"]));
    let project = Project::open(&p.sources()).expect("the sources load");
    let index = project.release(None).expect("the latest release");
    let config = PdfConfig::resolve(None, false, &project.faq.document).expect("standards");
    for file in project.typst_files(index, &config) {
        assert!(!file.text.contains("#faq-stamp("), "{}", file.path);
    }
    let pages = pdf_pages(&p.sources(), &p.out().join(LATEST));
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let footer = format!(
            "Version 6.0 · 16.03.2026 / 17.00 Uhr Seite {} von {total}",
            n + 1
        );
        assert!(flat(page).contains(&footer), "page {}: {page}", n + 1);
    }
    assert!(qr_codes_on_page(&p.sources(), 0).is_empty());
    let page = std::fs::read_to_string(p.out().join("kunden-faq_v6.0_2026-03-16.html"))
        .expect("the web page");
    assert!(!page.contains("current-version"));
    assert!(!page.contains("image/svg+xml"));
}

#[test]
fn addresses_that_cannot_be_printed_or_scanned_are_errors_at_their_place() {
    let long = format!("https://www.example.com/{}", "a".repeat(100));
    let cases: Vec<(String, &str)> = vec![
        (
            "url = \"http://www.example.com/faq\"".into(),
            "`url` is not a usable web address: it is `http://`",
        ),
        (
            "url = \"www.example.com\"".into(),
            "`url` is not a usable web address: it does not start with `https://`",
        ),
        (
            "url = \"https://www.example.com/\\u001b[2Jfaq\"".into(),
            "it holds U+001B",
        ),
        (
            "url = \"https://www.example.com/neue faq\"".into(),
            "it holds a space",
        ),
        (format!("url = \"{long}\""), "more than 120"),
        (
            "url = \"https://intranet/faq\"".into(),
            "`intranet` is not a host name",
        ),
        (
            "url = \"https://www.example.com/\"\nrelease-url = \"https://www.example.com/faq.pdf\""
                .into(),
            "`release-url` has no `{version}`",
        ),
        (
            format!("release-url = \"{PINNED}\""),
            "`release-url` without `url`",
        ),
    ];
    for (keys, message) in cases {
        let p = TempProject::sample();
        p.edit("faq.toml", "[document]\n", &format!("[document]\n{keys}\n"));
        let output = p.run(&["build", "--diagnostic-format", "short"]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{keys}: {text}");
        let line = text
            .lines()
            .find(|l| l.contains(message))
            .unwrap_or_else(|| panic!("{keys}: no `{message}` in {text}"));
        // The last key written is the one wrong, on line 2 or 3.
        let row = 1 + keys.lines().count();
        assert!(
            line.starts_with(&format!("sources/faq.toml:{row}:")),
            "{keys}: {line}"
        );
        assert!(p.pdfs().is_empty(), "{keys}: a PDF was written");
    }
}
