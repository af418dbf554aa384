//! Compiling one release to PDF in-process.

use std::sync::Arc;

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diag::Diagnostic;
use crate::error::{Failure, Result};
use crate::generate;
use crate::project::Project;
use crate::release::Snapshot;
use crate::world::FaqWorld;

/// The PDF standards written unless a project or the command line says
/// otherwise: archival and accessible.
pub const DEFAULT_STANDARDS: &[&str] = &["a-2b", "ua-1"];

/// A compiled release.
pub struct Compiled {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Settings of the PDF output.
#[derive(Clone)]
pub struct PdfSettings {
    pub standards: Vec<String>,
}

impl PdfSettings {
    /// Checks the standards before anything is compiled.
    pub fn resolve(&self) -> Result<PdfStandards> {
        let mut list = vec![];
        for name in &self.standards {
            if name == "none" {
                continue;
            }
            let standard: PdfStandard = serde_json::from_value(serde_json::Value::String(name.clone())).map_err(|_| {
                Failure::usage(
                    format!("unknown PDF standard `{name}`"),
                    Some("use a-1b, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1, a PDF version such as 1.7, or none".into()),
                )
            })?;
            list.push(standard);
        }
        PdfStandards::new(&list).map_err(|err| {
            Failure::usage(
                format!(
                    "the PDF standards {} cannot be combined ({})",
                    self.standards.join(" + "),
                    err.message()
                ),
                Some("choose compatible standards, such as a-2b with ua-1".into()),
            )
        })
    }
}

/// The release's date as Typst's `today()`.
fn today(project: &Project, index: usize) -> Datetime {
    use chrono::Datelike;
    let d = project.faq.releases[index].date.date;
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .expect("a valid chrono date is a valid Typst date")
}

/// The generated main file of a release.
pub fn main_text(project: &Project, index: usize) -> String {
    generate::main_file(&Snapshot::new(&project.faq, index))
}

/// Compiles a release in a fresh world.
pub fn compile(project: &Project, index: usize, settings: &PdfSettings) -> Result<Compiled> {
    let mut world = FaqWorld::new(
        Arc::clone(&project.env),
        main_text(project, index),
        today(project, index),
    );
    compile_in(&mut world, project, index, settings)
}

/// Compiles a release in `world`, which may hold an earlier compilation
/// (watch mode reuses what Typst computed for it).
pub fn compile_in(
    world: &mut FaqWorld,
    project: &Project,
    index: usize,
    settings: &PdfSettings,
) -> Result<Compiled> {
    let standards = settings.resolve()?;
    world.set_main(&main_text(project, index), today(project, index));
    let warned = typst::compile::<PagedDocument>(world);
    let mut warnings: Vec<Diagnostic> = warned
        .warnings
        .iter()
        .map(|d| typst_diag(world, project, d))
        .collect();
    let doc = warned
        .output
        .map_err(|errors| sources_failure(world, project, &errors[..]))?;
    let options = PdfOptions {
        ident: Smart::Auto,
        timestamp: None,
        standards,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options)
        .map_err(|errors| sources_failure(world, project, &errors[..]))?;
    warnings.retain(|w| !w.message.is_empty());
    Ok(Compiled {
        pdf,
        pages: doc.pages().len(),
        warnings,
    })
}

fn sources_failure(world: &FaqWorld, project: &Project, errors: &[SourceDiagnostic]) -> Failure {
    let diags = errors
        .iter()
        .map(|d| typst_diag(world, project, d))
        .collect();
    Failure::Sources {
        files: project.files().clone(),
        diags,
    }
}

/// A Typst diagnostic in our terms. Errors in the layout point into it; errors
/// in the generated file cannot be placed in the sources and say so.
fn typst_diag(world: &FaqWorld, project: &Project, diag: &SourceDiagnostic) -> Diagnostic {
    let in_layout = diag.span.id() == Some(project.env.layout.id());
    let mut message = diag.message.to_string();
    let at = if in_layout {
        world.range(diag.span).map(|r| (project.layout_file, r))
    } else {
        message = format!("{message} (while laying out the document)");
        None
    };
    let mut out = match diag.severity {
        TypstSeverity::Error => Diagnostic::error(at, message),
        TypstSeverity::Warning => Diagnostic::warning(at, message),
    };
    out.hints = diag.hints.iter().map(|h| h.v.to_string()).collect();
    out
}

impl PdfSettings {
    /// The command line's standards, else the project's, else the default.
    pub fn for_project(project: &Project, cli: Option<Vec<String>>) -> Self {
        let standards = cli
            .or_else(|| project.faq.document.pdf_standard.clone())
            .unwrap_or_else(|| DEFAULT_STANDARDS.iter().map(|s| s.to_string()).collect());
        Self { standards }
    }
}
