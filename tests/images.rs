//! Every image is checked in the sources pass, before layout, and a problem
//! is reported at the answer that uses it, naming the file: hostile or
//! malformed SVGs, images embedded in SVGs as `data:` URIs (measured before
//! they are decoded), cut-off files and files whose name lies about their
//! format.

mod common;

use std::io::Cursor;

use base64::Engine;
use common::mini::{assert_fails, mini, run, write};
use common::png::png_header;
use common::{TempProject, assert_ok, stderr};

/// The mini FAQ whose answer shows `images/<name>`, holding `content`.
fn with_image(name: &str, content: &[u8]) -> TempProject {
    let project = mini();
    write(
        &project,
        "sources/entries/a.toml",
        format!(
            "question = \"Q?\"\nanswer = \"\"\"\nText.\n\n![A picture](images/{name})\n\"\"\"\n"
        ),
    );
    write(&project, &format!("sources/images/{name}"), content);
    project
}

/// Check fails at the image in the answer with every piece of `expected`.
fn assert_refused(project: &TempProject, expected: &[&str]) {
    let out = run(project, &["check", "--diagnostic-format", "short"]);
    let mut all = vec!["sources/entries/a.toml:5:1: error: image `images/"];
    all.extend_from_slice(expected);
    let err = assert_fails(&out, 1, &all);
    assert!(!err.contains("layout"), "reported in the layout:\n{err}");
}

fn encoded(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 255]));
    let mut out = Cursor::new(vec![]);
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, format)
        .expect("encode");
    out.into_inner()
}

fn svg(body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100\" height=\"100\">{body}</svg>"
    )
}

fn data_uri(kind: &str, bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("data:{kind};base64,{b64}")
}

#[test]
fn an_image_embedded_in_an_svg_is_measured_before_it_is_decoded() {
    let huge = data_uri("image/png", &png_header(64_000, 64_000));
    let doc = svg(&format!(
        "<image href=\"{huge}\" width=\"10\" height=\"10\"/>"
    ));
    let project = with_image("a.svg", doc.as_bytes());
    assert_refused(
        &project,
        &["has 64000 × 64000 pixels; images may have at most"],
    );

    // Inside an SVG inside an SVG, with the xlink prefix.
    let inner = data_uri("image/svg+xml", doc.as_bytes());
    let outer = svg(&format!(
        "<image xlink:href=\"{inner}\" width=\"10\" height=\"10\"/>"
    ));
    let project = with_image("b.svg", outer.as_bytes());
    assert_refused(&project, &["has 64000 × 64000 pixels"]);

    let fine = data_uri("image/png", &encoded(4, 4, image::ImageFormat::Png));
    let doc = svg(&format!(
        "<image href=\"{fine}\" width=\"10\" height=\"10\"/>"
    ));
    assert_ok(&run(&with_image("c.svg", doc.as_bytes()), &["build"]));
}

#[test]
fn svgs_nested_too_deep_are_refused() {
    let mut doc = svg("<rect width=\"5\" height=\"5\"/>");
    for _ in 0..6 {
        let uri = data_uri("image/svg+xml", doc.as_bytes());
        doc = svg(&format!(
            "<image href=\"{uri}\" width=\"10\" height=\"10\"/>"
        ));
    }
    let project = with_image("deep.svg", doc.as_bytes());
    assert_refused(&project, &["nests SVG images more than 4 deep"]);
}

#[test]
fn hostile_and_malformed_svgs_are_refused_at_their_file() {
    let external = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
        <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&x;</text></svg>";
    let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a0 \"lol\">");
    for i in 1..12 {
        let prev = format!("&a{};", i - 1).repeat(10);
        laughs.push_str(&format!("<!ENTITY a{i} \"{prev}\">"));
    }
    laughs.push_str("]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a11;</text></svg>");
    let looped = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]>\
        <svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a;</text></svg>";
    let prefixed = "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\
        <svg:image xlink:href=\"/etc/hostname\" width=\"10\" height=\"10\"/></svg:svg>";
    for (name, doc, expected) in [
        ("external.svg", external, "is not a valid SVG"),
        ("laughs.svg", laughs.as_str(), "is not a valid SVG"),
        ("loop.svg", looped, "is not a valid SVG"),
        (
            "cut.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect",
            "is not a valid SVG",
        ),
        (
            "prefixed.svg",
            prefixed,
            "links to `/etc/hostname`, which is not an image file in the sources folder",
        ),
    ] {
        let project = with_image(name, doc.as_bytes());
        let started = std::time::Instant::now();
        assert_refused(&project, &[name, expected]);
        assert!(
            started.elapsed().as_secs() < 20,
            "{name} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn cut_off_images_are_refused_at_their_file() {
    for (name, format) in [
        ("cut.png", image::ImageFormat::Png),
        ("cut.gif", image::ImageFormat::Gif),
        ("cut.webp", image::ImageFormat::WebP),
        ("cut.jpg", image::ImageFormat::Jpeg),
    ] {
        let whole = encoded(64, 64, format);
        assert_ok(&run(&with_image(name, &whole), &["check"]));
        let project = with_image(name, &whole[..whole.len() * 2 / 3]);
        assert_refused(&project, &[name, "cannot be read"]);
    }
}

#[test]
fn an_image_whose_name_lies_about_its_format_is_refused() {
    let jpeg = encoded(8, 8, image::ImageFormat::Jpeg);
    let project = with_image("photo.png", &jpeg);
    assert_refused(
        &project,
        &["images/photo.png` is a JPEG file, but its name says `.png`"],
    );
}

/// The mini FAQ whose answer shows each of `shown` (names in `images/`),
/// each file claiming `width` × `height` pixels.
fn with_images(shown: &[&str], width: u32, height: u32) -> TempProject {
    let project = mini();
    let images: Vec<String> = shown
        .iter()
        .map(|name| format!("![Picture {name}](images/{name})"))
        .collect();
    write(
        &project,
        "sources/entries/a.toml",
        format!(
            "question = \"Q?\"\nanswer = \"\"\"\nText.\n\n{}\n\"\"\"\n",
            images.join("\n\n")
        ),
    );
    for name in shown {
        write(
            &project,
            &format!("sources/images/{name}"),
            png_header(width, height),
        );
    }
    project
}

#[test]
fn the_images_of_a_release_have_a_pixel_budget_each_file_counted_once() {
    let check = |project: &TempProject| run(project, &["check", "--diagnostic-format", "short"]);
    // Six files of 36 megapixels: each within the limit, 216 together.
    let six = ["a.png", "b.png", "c.png", "d.png", "e.png", "f.png"];
    let err = assert_fails(
        &check(&with_images(&six, 6000, 6000)),
        1,
        &[
            "sources/faq.toml:8:1: error: release 1.0 shows images of 216 megapixels together; a release may show at most 200 (the largest: images/a.png (36 MP), images/b.png (36 MP), images/c.png (36 MP))",
            "sources/faq.toml:12:1: error: release 2.0 shows images of 216",
        ],
    );
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    // Five are within the budget, and one file shown six times is decoded
    // once: these pass the sources pass, and only Typst finds that the
    // made-up files hold no pixels.
    for within in [&six[..5], &["a.png"; 6]] {
        let err = stderr(&check(&with_images(within, 6000, 6000)));
        assert!(err.contains("decod"), "{err}");
        assert!(!err.contains("megapixels together"), "{err}");
    }
}

#[test]
fn the_images_in_an_svg_add_up_to_the_limit_of_one_image() {
    let part = data_uri("image/png", &png_header(5000, 5000));
    let doc = svg(&format!(
        "<image href=\"{part}\" width=\"10\" height=\"10\"/><image href=\"{part}\" width=\"10\" height=\"10\"/>"
    ));
    assert_refused(
        &with_image("two.svg", doc.as_bytes()),
        &["two.svg` holds images of 50 megapixels together; images may have at most 40 megapixels"],
    );
    let small = data_uri("image/png", &encoded(4, 4, image::ImageFormat::Png));
    let doc = svg(&format!(
        "<image href=\"{small}\" width=\"10\" height=\"10\"/><image href=\"{small}\" width=\"10\" height=\"10\"/>"
    ));
    assert_ok(&run(&with_image("two.svg", doc.as_bytes()), &["build"]));
}
