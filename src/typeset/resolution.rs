//! Raster images that print too coarsely at the size the layout gives them.
//!
//! A screenshot 400 pixels wide set 12 cm wide prints at 85 pixels per inch
//! and looks blurred on paper. Only the laid-out document knows the size an
//! image is set at, so the check walks its frames.

use typst::layout::{Frame, FrameItem};
use typst::visualize::ImageKind;
use typst_layout::PagedDocument;

/// Below this many pixels per inch a printed image looks blurred.
pub const MIN_PPI: f64 = 150.0;

/// A raster image as placed: its alternative text (how the sources name it
/// to the reader) and the pixels per inch it prints at.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub alt: Option<String>,
    pub ppi: f64,
}

/// Every raster image of `doc` that prints below [`MIN_PPI`], once per
/// alternative text, at its coarsest.
pub fn coarse(doc: &PagedDocument) -> Vec<Placed> {
    let mut out: Vec<Placed> = vec![];
    for page in doc.pages() {
        walk(&page.frame, 1.0, &mut out);
    }
    out
}

fn walk(frame: &Frame, scale: f64, out: &mut Vec<Placed>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let sx = group.transform.sx.get().abs().max(f64::EPSILON);
                walk(&group.frame, scale * sx, out);
            }
            FrameItem::Image(image, size, _) if matches!(image.kind(), ImageKind::Raster(_)) => {
                let inches = size.x.to_inches() * scale;
                if inches <= 0.0 {
                    continue;
                }
                let ppi = image.width() / inches;
                if ppi >= MIN_PPI {
                    continue;
                }
                let alt = image.alt().map(str::to_string);
                match out.iter_mut().find(|p| p.alt == alt) {
                    Some(seen) => seen.ppi = seen.ppi.min(ppi),
                    None => out.push(Placed { alt, ppi }),
                }
            }
            _ => {}
        }
    }
}
