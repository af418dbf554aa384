//! A release date written with an offset is an instant: the PDF's metadata
//! records it in UTC, the page shows it as written with its zone, and the file
//! name keeps the day as written.

mod common;

use std::path::Path;

use common::*;
use lopdf::{Document, Object};

/// The PDF's Info `/CreationDate` and XMP `xmp:CreateDate`.
fn metadata_dates(pdf: &Path) -> (String, String) {
    let doc = Document::load(pdf).expect("a PDF lopdf reads");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|info| doc.dereference(info))
        .and_then(|(_, info)| info.as_dict())
        .expect("an Info dictionary");
    let creation = match info.get(b"CreationDate").expect("/CreationDate") {
        Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("/CreationDate is not a string: {other:?}"),
    };
    let catalog = doc.catalog().expect("a catalog");
    let metadata = catalog.get(b"Metadata").expect("/Metadata");
    let (_, stream) = doc.dereference(metadata).expect("the XMP stream");
    let xmp = match stream {
        Object::Stream(stream) => stream.get_plain_content().expect("XMP decodes"),
        other => panic!("/Metadata is not a stream: {other:?}"),
    };
    let xmp = String::from_utf8(xmp).expect("XMP is UTF-8");
    let start = xmp.find("<xmp:CreateDate>").expect("xmp:CreateDate") + 16;
    let end = start + xmp[start..].find('<').expect("end of xmp:CreateDate");
    (creation, xmp[start..end].to_string())
}

#[test]
fn a_release_at_plus_five_hours_is_that_instant_in_utc() {
    let p = TempProject::sample();
    p.edit(
        "faq.toml",
        "date = 2026-03-16T17:00:00",
        "date = 2026-03-16T16:00:00+05:00",
    );
    assert_ok(&p.run(&["build"]));
    assert_eq!(p.pdfs(), ["kunden-faq_v6.0_2026-03-16.pdf"]);
    let pdf = p.out().join("kunden-faq_v6.0_2026-03-16.pdf");

    let (info, xmp) = metadata_dates(&pdf);
    assert_eq!(info, "D:20260316110000Z");
    assert_eq!(xmp, "2026-03-16T11:00:00Z");

    let pages = pdf_pages(&p.sources(), &pdf);
    assert!(
        flat(&pages.concat()).contains("6.0 16.03.2026 / 16.00 Uhr (UTC+5)"),
        "the change table shows the time as written, with its zone:\n{}",
        pages[0]
    );
    for (n, page) in pages.iter().enumerate() {
        assert!(
            flat(page).contains("Version 6.0 · 16.03.2026 / 16.00 Uhr (UTC+5)"),
            "page {} has the zone in its footer:\n{page}",
            n + 1
        );
    }
    // The releases before it were written without a zone, and show none.
    assert!(flat(&pages.concat()).contains("5.0 11.03.2026 / 12.00 Uhr Seite"));
}

#[test]
fn a_release_at_minus_eight_hours_moves_to_the_next_day_in_utc() {
    let p = TempProject::from_sources(&repo().join("tests/fixtures/good"));
    p.edit(
        "faq.toml",
        "date = 2026-03-04T13:00:00",
        "date = 2026-03-04T20:30:00-08:00",
    );
    assert_ok(&p.run(&["build", "--release", "2.0"]));
    // The file name keeps the day as written, not the day in UTC.
    assert_eq!(p.pdfs(), ["test-faq_v2.0_2026-03-04.pdf"]);
    let pdf = p.out().join("test-faq_v2.0_2026-03-04.pdf");

    let (info, xmp) = metadata_dates(&pdf);
    assert_eq!(info, "D:20260305043000Z");
    assert_eq!(xmp, "2026-03-05T04:30:00Z");

    let pages = pdf_pages(&p.sources(), &pdf);
    assert!(
        flat(&pages[0]).contains("4 March 2026, 20:30 (UTC-08:00)"),
        "page 1 shows the time as written, with its zone:\n{}",
        pages[0]
    );
    assert!(flat(&pages[0]).contains("2 March 2026, 12:00 –"));
}

#[test]
fn a_time_without_a_zone_is_recorded_as_written() {
    let p = TempProject::sample();
    assert_ok(&p.run(&["build"]));
    let (info, xmp) = metadata_dates(&p.out().join("kunden-faq_v6.0_2026-03-16.pdf"));
    assert_eq!(info, "D:20260316170000Z");
    assert_eq!(xmp, "2026-03-16T17:00:00Z");
}

#[test]
fn the_release_order_compares_instants_not_the_times_as_written() {
    // 15:00 at +05:00 is 10:00 UTC, before 13:00 at -08:00 (21:00 UTC), although
    // it reads later.
    let p = TempProject::from_sources(&repo().join("tests/fixtures/good"));
    p.edit(
        "faq.toml",
        "date = 2026-03-04T13:00:00",
        "date = 2026-03-04T15:00:00+05:00",
    );
    p.edit(
        "faq.toml",
        "date = 2026-03-02T12:00:00",
        "date = 2026-03-04T13:00:00-08:00",
    );
    let output = p.run(&["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("release `2.0` is dated before the release `1.0` above it"),
        "{}",
        stderr(&output)
    );

    // 13:00 at -08:00 (21:00 UTC) after 15:00 at +05:00 (10:00 UTC) is in order,
    // although it reads earlier.
    let p = TempProject::from_sources(&repo().join("tests/fixtures/good"));
    p.edit(
        "faq.toml",
        "date = 2026-03-02T12:00:00",
        "date = 2026-03-04T15:00:00+05:00",
    );
    p.edit(
        "faq.toml",
        "date = 2026-03-04T13:00:00",
        "date = 2026-03-04T13:00:00-08:00",
    );
    assert_ok(&p.run(&["check"]));
}
