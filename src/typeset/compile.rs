//! Typesetting one release with the typst crates: layout, the glyph check,
//! and PDF export.

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards};

use crate::diag::{Diagnostic, FileRef, SourceFiles};
use crate::error::{Failure, Result};
use crate::render::typst::TypstFile;
use crate::typeset::world::FaqWorld;

/// A compiled release.
pub struct Compiled {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// Raster images that print below 150 pixels per inch.
    pub coarse_images: Vec<crate::typeset::resolution::Placed>,
}

/// What Typst's errors are reported against.
pub struct Context<'a> {
    /// The project's files, the layout among them.
    pub files: &'a SourceFiles,
    pub layout_file: FileRef,
    /// The layout's name; a project layout may lack what faqpress calls.
    pub layout_name: &'a str,
}

/// Lays out `files` in `world` (which may hold an earlier compilation: watch
/// mode reuses what Typst computed for it) and exports the PDF.
pub fn compile(
    world: &mut FaqWorld,
    files: Vec<TypstFile>,
    today: Datetime,
    standards: PdfStandards,
    cx: &Context,
) -> Result<Compiled> {
    compile_keeping_pages(world, files, today, standards, cx).map(|(compiled, _)| compiled)
}

/// [`compile`], also returning the laid-out pages (the preview shows them).
pub fn compile_keeping_pages(
    world: &mut FaqWorld,
    files: Vec<TypstFile>,
    today: Datetime,
    standards: PdfStandards,
    cx: &Context,
) -> Result<(Compiled, PagedDocument)> {
    world.set_generated(files, today);
    let (doc, mut warnings) = layout(world, cx)?;
    let options = PdfOptions {
        ident: Smart::Auto,
        timestamp: None,
        standards,
        ..PdfOptions::default()
    };
    let pdf =
        typst_pdf::pdf(&doc, &options).map_err(|errors| sources_failure(world, cx, &errors[..]))?;
    warnings.retain(|w| !w.message.is_empty());
    let compiled = Compiled {
        pdf,
        pages: doc.pages().len(),
        warnings,
        coarse_images: crate::typeset::resolution::coarse(&doc),
    };
    Ok((compiled, doc))
}

/// Page `n` (from 0) of a laid-out document as a PNG image, 1.5 pixels to
/// the point (A4 is 893 pixels wide).
pub fn page_png(doc: &PagedDocument, n: usize) -> Option<Vec<u8>> {
    let page = doc.pages().get(n)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(1.5),
        ..typst_render::RenderOptions::default()
    };
    typst_render::render(page, &options).encode_png().ok()
}

/// The laid-out document of the files in `world`, and Typst's warnings.
pub fn layout(world: &FaqWorld, cx: &Context) -> Result<(PagedDocument, Vec<Diagnostic>)> {
    let warned = typst::compile::<PagedDocument>(world);
    let warnings: Vec<Diagnostic> = warned
        .warnings
        .iter()
        .map(|d| typst_diag(world, cx, d))
        .collect();
    let doc = warned
        .output
        .map_err(|errors| sources_failure(world, cx, &errors[..]))?;
    // Characters no font has: reported where the sources write them, rather
    // than as a PDF export error inside the layout.
    let missing = crate::typeset::glyphs::missing(&doc, world.book());
    if !missing.is_empty() {
        return Err(Failure::Sources {
            files: cx.files.clone(),
            diags: crate::typeset::glyphs::diagnostics(&missing, cx.files),
        });
    }
    Ok((doc, warnings))
}

pub(crate) fn sources_failure(
    world: &FaqWorld,
    cx: &Context,
    errors: &[SourceDiagnostic],
) -> Failure {
    let diags = errors.iter().map(|d| typst_diag(world, cx, d)).collect();
    Failure::Sources {
        files: cx.files.clone(),
        diags,
    }
}

/// A Typst diagnostic in our terms. Errors in the layout point into it; errors
/// in the generated file cannot be placed in the sources and say so.
fn typst_diag(world: &FaqWorld, cx: &Context, diag: &SourceDiagnostic) -> Diagnostic {
    let in_layout = diag.span.id() == Some(world.layout_id());
    let mut message = diag.message.to_string();
    let at = if in_layout {
        world.range(diag.span).map(|r| (cx.layout_file, r))
    } else {
        message = format!("{message} (while laying out the document)");
        None
    };
    let contract = (!in_layout && cx.layout_name != "standard").then(|| {
        format!(
            "the layout `{}` may lack a function faqpress calls: see docs/layouts.md; `build --emit-typst DIR` writes the generated Typst to read the error in place",
            cx.layout_name
        )
    });
    let mut out = match diag.severity {
        TypstSeverity::Error => Diagnostic::error(at, message),
        TypstSeverity::Warning => Diagnostic::warning(at, message),
    };
    out.hints = diag.hints.iter().map(|h| h.v.to_string()).collect();
    out.hints.extend(contract);
    out
}

/// The version of the typst crates faqpress is built with.
pub fn typst_version() -> &'static str {
    typst::utils::version().raw()
}
