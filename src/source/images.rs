//! Images checked before Typst decodes them, in the sources pass, so that a
//! problem is reported at the image's file and the answer that uses it:
//! size on disk, pixels read from the header (a small PNG can unpack to
//! gigabytes), a format that matches the file's name, a file that is
//! complete, and for an SVG a document that parses and whose own images,
//! linked or embedded as `data:` URIs, pass the same checks.

use std::io::Cursor;
use std::path::Path;

use base64::Engine;

use crate::source::limits::{MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, images_folder};

/// How deep SVGs may embed SVGs.
pub const MAX_SVG_NESTING: usize = 4;

/// A problem with an image, as a message and a hint.
pub type Problem = (String, String);

/// Checks the image file `path` below the sources folder `root`; `shown` is
/// its name in messages. Returns the pixels Typst will decode for it: a
/// raster image's, or those of every image an SVG holds.
pub fn check_file(root: &Path, path: &Path, shown: &str) -> Result<u64, Problem> {
    let len = std::fs::metadata(path).map_or(0, |m| m.len());
    if len > MAX_IMAGE_BYTES {
        return Err(too_big(len, shown));
    }
    let bytes = images_folder(root).read(path).map_err(|err| {
        (
            format!("image `{shown}` cannot be read ({err})"),
            "put the image into the sources folder as an ordinary file".to_string(),
        )
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let dir = path.parent().unwrap_or(root);
    Check {
        root,
        dir,
        depth: 0,
    }
    .image(&bytes, &ext, shown)
}

struct Check<'a> {
    root: &'a Path,
    /// The folder links in an SVG are relative to.
    dir: &'a Path,
    /// SVGs around this image.
    depth: usize,
}

impl Check<'_> {
    fn image(&self, bytes: &[u8], ext: &str, shown: &str) -> Result<u64, Problem> {
        if bytes.len() as u64 > MAX_IMAGE_BYTES {
            return Err(too_big(bytes.len() as u64, shown));
        }
        if ext == "svg" {
            return self.svg(bytes, shown);
        }
        raster(bytes, ext, shown)
    }

    /// An SVG must parse as Typst's SVG reader parses it, and every image in
    /// it is checked: a link to a file in the sources folder, or a `data:`
    /// URI, measured before anything is decoded. Together they are one
    /// image: their pixels add up to the same limit.
    fn svg(&self, bytes: &[u8], shown: &str) -> Result<u64, Problem> {
        let broken = |why: String| {
            (
                format!("image `{shown}` is not a valid SVG ({why})"),
                "open it in a vector drawing program and export it again as plain SVG".to_string(),
            )
        };
        if self.depth >= MAX_SVG_NESTING {
            return Err((
                format!("image `{shown}` nests SVG images more than {MAX_SVG_NESTING} deep"),
                "export the drawing again as one flat SVG".into(),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| broken("it is not UTF-8 text".into()))?;
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(text, options)
            .map_err(|err| broken(err.to_string()))?;
        let images = doc
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "image");
        let mut pixels = 0;
        for node in images {
            let hrefs = node
                .attributes()
                .filter(|a| a.name() == "href")
                .map(|a| a.value().trim());
            for href in hrefs {
                pixels += self.svg_image(href, shown)?;
            }
        }
        if pixels > MAX_IMAGE_PIXELS {
            let together = format!(
                "holds images of {} megapixels together",
                pixels.div_ceil(1_000_000)
            );
            return Err(too_many_pixels(shown, &together));
        }
        Ok(pixels)
    }

    fn svg_image(&self, href: &str, shown: &str) -> Result<u64, Problem> {
        if href.is_empty() || href.starts_with('#') {
            return Ok(0);
        }
        let inner_shown = format!("{shown} → {}", excerpt(href));
        if let Some(data) = href.strip_prefix("data:") {
            // Measured before it is decoded: base64 is 4 bytes for 3.
            let decoded = data.len() as u64 / 4 * 3;
            if decoded > MAX_IMAGE_BYTES {
                return Err(too_big(decoded, &inner_shown));
            }
            let (kind, bytes) = data_uri(data).ok_or_else(|| {
                (
                    format!("image `{inner_shown}` is a `data:` URI that cannot be read"),
                    "embed images as base64 `data:image/png;base64,…`, or link a file beside the SVG"
                        .to_string(),
                )
            })?;
            let ext = match kind.as_str() {
                "image/svg+xml" => "svg",
                "image/png" => "png",
                "image/jpeg" | "image/jpg" => "jpg",
                "image/gif" => "gif",
                "image/webp" => "webp",
                _ => {
                    return Err((
                        format!(
                            "image `{inner_shown}` embeds `{}`, which is no image Typst reads",
                            excerpt(&kind)
                        ),
                        "embed PNG, JPEG, GIF, WebP or SVG".into(),
                    ));
                }
            };
            let inner = Check {
                depth: self.depth + 1,
                ..*self
            };
            return inner.image(&bytes, ext, &inner_shown);
        }
        let linked = href.strip_prefix("file://").unwrap_or(href);
        let target = self.dir.join(linked);
        let inside = match (target.canonicalize(), self.root.canonicalize()) {
            (Ok(real), Ok(root)) => real.starts_with(root) && real.is_file(),
            _ => false,
        };
        if linked.starts_with('/') || linked.contains("://") || !inside {
            return Err((
                format!(
                    "image `{shown}` links to `{}`, which is not an image file in the sources folder",
                    excerpt(href)
                ),
                "put the linked image beside the SVG, or embed it into the SVG".into(),
            ));
        }
        let bytes = images_folder(self.root).read(&target).map_err(|err| {
            (
                format!("image `{inner_shown}` cannot be read ({err})"),
                "put the linked image beside the SVG as an ordinary file".to_string(),
            )
        })?;
        let ext = target
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let dir = target.parent().unwrap_or(self.root);
        Check {
            root: self.root,
            dir,
            depth: self.depth + 1,
        }
        .image(&bytes, &ext, &inner_shown)
    }
}

fn too_big(len: u64, shown: &str) -> Problem {
    (
        format!(
            "image `{shown}` is {} MiB; images may have at most {} MiB",
            len.div_ceil(1024 * 1024),
            MAX_IMAGE_BYTES / (1024 * 1024)
        ),
        "scale the image down or save it compressed (JPEG for photos, PNG for screenshots)".into(),
    )
}

/// A raster image: its format as its name says, its pixels within the
/// limit, and a complete file.
fn raster(bytes: &[u8], ext: &str, shown: &str) -> Result<u64, Problem> {
    let broken = |why: String| {
        (
            format!("image `{shown}` cannot be read ({why})"),
            "open it in an image program and save it again as PNG or JPEG".to_string(),
        )
    };
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| broken(err.to_string()))?;
    let Some(format) = reader.format() else {
        return Err(broken("it is no PNG, JPEG, GIF or WebP file".into()));
    };
    let (name, expected): (&str, &[&str]) = match format {
        image::ImageFormat::Png => ("PNG", &["png"]),
        image::ImageFormat::Jpeg => ("JPEG", &["jpg", "jpeg"]),
        image::ImageFormat::Gif => ("GIF", &["gif"]),
        image::ImageFormat::WebP => ("WebP", &["webp"]),
        _ => return Err(broken("it is no PNG, JPEG, GIF or WebP file".into())),
    };
    if !expected.contains(&ext) {
        return Err((
            format!("image `{shown}` is a {name} file, but its name says `.{ext}`"),
            format!("rename it to end in `.{}`", expected[0]),
        ));
    }
    let (w, h) = reader
        .into_dimensions()
        .map_err(|err| broken(err.to_string()))?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(too_many_pixels(shown, &format!("has {w} × {h} pixels")));
    }
    if !complete(bytes, format) {
        return Err(broken(format!("the {name} file is cut off")));
    }
    Ok(pixels)
}

/// `pixels` says how many the image `shown` has.
fn too_many_pixels(shown: &str, pixels: &str) -> Problem {
    (
        format!(
            "image `{shown}` {pixels}; images may have at most {} megapixels",
            MAX_IMAGE_PIXELS / 1_000_000
        ),
        "scale the image down; 2000 pixels across are plenty for a printed page".into(),
    )
}

/// Whether the file's structure runs to its end: PNG chunks up to `IEND`,
/// the GIF trailer, the length a WebP's RIFF header gives, JPEG's end
/// marker. Nothing is decompressed.
fn complete(bytes: &[u8], format: image::ImageFormat) -> bool {
    match format {
        image::ImageFormat::Png => png_complete(bytes),
        image::ImageFormat::Gif => bytes.last() == Some(&0x3B),
        image::ImageFormat::WebP => {
            let riff = bytes
                .get(4..8)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
            riff.is_some_and(|len| len + 8 <= bytes.len())
        }
        image::ImageFormat::Jpeg => {
            // Some programs add bytes after the end marker; look near the end.
            let tail = &bytes[bytes.len().saturating_sub(4096)..];
            tail.windows(2).any(|w| w == [0xFF, 0xD9])
        }
        _ => true,
    }
}

fn png_complete(bytes: &[u8]) -> bool {
    let mut at = 8;
    while let Some(header) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let end = at + 12 + len;
        if end > bytes.len() {
            return false;
        }
        if &header[4..8] == b"IEND" {
            return true;
        }
        at = end;
    }
    false
}

/// The media type and bytes of a `data:` URI (what follows `data:`):
/// base64 or percent-encoded.
fn data_uri(data: &str) -> Option<(String, Vec<u8>)> {
    let (meta, payload) = data.split_once(',')?;
    let mut parts = meta.split(';');
    let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let base64 = parts.any(|p| p.trim().eq_ignore_ascii_case("base64"));
    let bytes = if base64 {
        let clean: String = payload
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(clean)
            .ok()?
    } else {
        percent_decode(payload)?
    };
    Some((kind, bytes))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A link as messages show it: a `data:` URI by its start only.
fn excerpt(href: &str) -> String {
    if href.chars().count() <= 60 {
        return href.to_string();
    }
    let start: String = href.chars().take(40).collect();
    format!("{start}…")
}
