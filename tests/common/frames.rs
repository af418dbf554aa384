//! Reading the text of a laid-out document: every page's frames walked for
//! their runs of text, with the place of each glyph, as the PDF export
//! receives them.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// One run of text on a page, in points from the page's top left corner.
#[derive(Debug, Clone)]
pub struct Run {
    /// Where the baseline starts.
    pub x: f64,
    pub y: f64,
    /// The font size.
    pub size: f64,
    pub text: String,
    /// Each glyph's text with its left and right edge, in order.
    pub glyphs: Vec<(String, f64, f64)>,
    /// Set at an angle (a watermark), not along the page's lines.
    pub rotated: bool,
    /// The font's family, and whether it is bold.
    pub family: String,
    pub bold: bool,
    /// The text's colour as `#rrggbb`, if it is a plain colour.
    pub color: Option<String>,
}

impl Run {
    /// Where the run ends.
    pub fn end(&self) -> f64 {
        self.glyphs.last().map_or(self.x, |g| g.2)
    }
}

/// Every run of text of a frame and the frames inside it.
pub fn runs(frame: &Frame) -> Vec<Run> {
    let mut out = vec![];
    walk(frame, Transform::identity(), &mut out);
    out
}

fn walk(frame: &Frame, ts: Transform, out: &mut Vec<Run>) {
    each_item(frame, ts, &mut |pos, item, ts| {
        if let FrameItem::Text(text) = item {
            out.push(run(text, pos, ts));
        }
    });
}

/// Calls `f` for every item of `frame` but groups, which it enters: with the
/// item's place in its frame and the transform from that frame to the page.
pub fn each_item(frame: &Frame, ts: Transform, f: &mut impl FnMut(Point, &FrameItem, Transform)) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let ts = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                each_item(&group.frame, ts, f);
            }
            _ => f(*pos, item, ts),
        }
    }
}

fn run(text: &TextItem, pos: Point, ts: Transform) -> Run {
    let at = |dx: Abs| Point::new(pos.x + dx, pos.y).transform(ts).x.to_pt();
    let origin = pos.transform(ts);
    let mut glyphs = vec![];
    let mut advance = Abs::zero();
    for glyph in &text.glyphs {
        let left = advance + glyph.x_offset.at(text.size);
        advance += glyph.x_advance.at(text.size);
        let part = text.text.get(glyph.range()).unwrap_or_default().to_string();
        glyphs.push((part, at(left), at(advance)));
    }
    Run {
        x: origin.x.to_pt(),
        y: origin.y.to_pt(),
        size: text.size.to_pt() * ts.sy.get().abs().max(ts.sx.get().abs()),
        text: text.text.to_string(),
        glyphs,
        rotated: !ts.kx.is_zero() || !ts.ky.is_zero(),
        family: text.font.info().family.clone(),
        bold: text.font.info().variant.weight.to_number() >= 600,
        color: match &text.fill {
            typst::visualize::Paint::Solid(color) => Some(color.to_hex().to_string()),
            _ => None,
        },
    }
}

/// Points per column of the text a page is written as: narrower than any
/// character, so text at the same place starts in the same column.
const COLUMN: f64 = 2.0;

/// The runs of a page as lines of text, top to bottom, each run in the
/// column of its place: runs on one baseline (within half their size) make a
/// line; a run that starts right where the one before it ends continues its
/// word, one after a gap starts in its own column, at least one space on. A
/// word hyphenated at the line end keeps the soft hyphen (U+00AD) Typst sets
/// there. Text set at an angle (the draft watermark) comes first, a line of
/// its own for each run.
pub fn page_text(frame: &Frame) -> String {
    let (rotated, mut level): (Vec<Run>, Vec<Run>) =
        runs(frame).into_iter().partition(|r| r.rotated);
    level.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Run>> = vec![];
    for run in level {
        match lines.last_mut() {
            Some(line) if (run.y - line[0].y).abs() <= 0.5 * run.size.max(line[0].size) => {
                line.push(run)
            }
            _ => lines.push(vec![run]),
        }
    }
    let mut out: Vec<String> = rotated.into_iter().map(|r| r.text).collect();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut text = String::new();
        let mut end: Option<f64> = None;
        for run in line {
            let touching = end.is_some_and(|end| run.x - end < 0.1 * run.size);
            if !touching {
                let used = text.chars().count();
                let column = (run.x / COLUMN).round().max(0.0) as usize;
                let column = if end.is_some() {
                    column.max(used + 1)
                } else {
                    column
                };
                text.extend(std::iter::repeat_n(' ', column.saturating_sub(used)));
            }
            text.push_str(&run.text);
            end = Some(run.end());
        }
        out.push(text.trim_end().to_string());
    }
    out.join("\n")
}

/// The text of each page of a laid-out document.
pub fn page_texts(doc: &PagedDocument) -> Vec<String> {
    doc.pages().iter().map(|p| page_text(&p.frame)).collect()
}

/// The width of each page and every word on it with its right edge, in
/// points; a word is what runs between white space.
pub fn word_edges(doc: &PagedDocument) -> Vec<(f64, Vec<(f64, String)>)> {
    doc.pages()
        .iter()
        .map(|page| {
            let mut words = vec![];
            for run in runs(&page.frame) {
                let mut word = String::new();
                let mut right = 0.0;
                for (text, _, edge) in &run.glyphs {
                    if !text.is_empty() && text.chars().all(char::is_whitespace) {
                        if !word.is_empty() {
                            words.push((right, std::mem::take(&mut word)));
                        }
                        continue;
                    }
                    word.push_str(text);
                    right = *edge;
                }
                if !word.is_empty() {
                    words.push((right, word));
                }
            }
            (page.frame.width().to_pt(), words)
        })
        .collect()
}
