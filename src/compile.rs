//! Compiling one release to PDF in-process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::attach;
use crate::diag::Diagnostic;
use crate::error::{Failure, Result};
use crate::generate::{self, TypstFile};
use crate::project::Project;
use crate::release::Snapshot;
use crate::world::FaqWorld;

/// The PDF standards written unless a project or the command line says
/// otherwise: archival and accessible.
pub const DEFAULT_STANDARDS: &[&str] = &["a-2b", "ua-1"];

/// The default with `attach-sources`: PDF/A-2 forbids embedded files other
/// than PDF/A documents, PDF/A-3 allows them.
pub const ATTACH_STANDARDS: &[&str] = &["a-3b", "ua-1"];

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

/// A standard as people write it: `a-2b` is PDF/A-2b, `ua-1` PDF/UA-1.
pub fn display_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("ua-") {
        format!("PDF/UA-{rest}")
    } else if let Some(rest) = name.strip_prefix("a-") {
        format!("PDF/A-{rest}")
    } else {
        name.to_string()
    }
}

/// The release's date as Typst's `today()`.
fn today(project: &Project, index: usize) -> Datetime {
    use chrono::Datelike;
    let d = project.faq.releases[index].date.date;
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .expect("a valid chrono date is a valid Typst date")
}

/// The generated Typst files of a release; with `attach-sources` the
/// document also attaches the release's sources.
pub fn typst_files(project: &Project, index: usize) -> Vec<TypstFile> {
    let mut files = generate::typst_files(&Snapshot::new(&project.faq, index));
    if project.faq.document.attach_sources
        && let Some(content) = files.iter_mut().find(|f| f.path == generate::CONTENT_PATH)
    {
        content
            .text
            .push_str(&attach::typst(&attach::snapshot(project, index)));
    }
    files
}

/// One release's compilation and how long it took.
pub struct Timed {
    pub index: usize,
    pub result: Result<Compiled>,
    pub time: Duration,
}

/// Compiles `releases` and returns them in their order. Consecutive releases
/// share most of their text, and Typst reuses the layout of what it has laid
/// out before; so each core takes a run of consecutive releases and compiles
/// them one after the other. The PDFs are the same as when compiled alone.
pub fn compile_many(project: &Project, releases: &[usize], settings: &PdfSettings) -> Vec<Timed> {
    let timed = |index: usize| {
        let started = Instant::now();
        let result = compile(project, index, settings);
        Timed {
            index,
            result,
            time: started.elapsed(),
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(releases.len() / 2)
        .max(1);
    if workers == 1 {
        // On this thread: another would add its own heap and stack.
        return releases.iter().map(|&index| timed(index)).collect();
    }
    let runs: Vec<&[usize]> = releases.chunks(releases.len().div_ceil(workers)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(|| run.iter().map(|&index| timed(index)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Compiles a release in a fresh world.
pub fn compile(project: &Project, index: usize, settings: &PdfSettings) -> Result<Compiled> {
    // Typst's memoized results stay in a global cache: without eviction
    // `build --all` of 20 large releases held 2.6 GB. Keep what the last few
    // compilations used (with runs on two cores, the last two of each), which
    // holds what the next release can reuse.
    typst::comemo::evict(4);
    let mut world = FaqWorld::new(
        Arc::clone(&project.env),
        typst_files(project, index),
        today(project, index),
    );
    compile_in(&mut world, project, index, settings)
}

/// Lays a release out as [`compile`] does, without the PDF export: the pages
/// with every run of text and where it stands, for reading what a release
/// shows without reading its PDF back.
pub fn layout(project: &Project, index: usize) -> Result<PagedDocument> {
    let world = FaqWorld::new(
        Arc::clone(&project.env),
        typst_files(project, index),
        today(project, index),
    );
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| sources_failure(&world, project, &errors[..]))
}

/// Compiles a release in `world`, which may hold an earlier compilation
/// (watch mode reuses what Typst computed for it).
pub fn compile_in(
    world: &mut FaqWorld,
    project: &Project,
    index: usize,
    settings: &PdfSettings,
) -> Result<Compiled> {
    let standards = settings.resolve_for(project)?;
    world.set_generated(typst_files(project, index), today(project, index));
    let warned = typst::compile::<PagedDocument>(world);
    let mut warnings: Vec<Diagnostic> = warned
        .warnings
        .iter()
        .map(|d| typst_diag(world, project, d))
        .collect();
    let doc = warned
        .output
        .map_err(|errors| sources_failure(world, project, &errors[..]))?;
    // Characters no font has: reported where the sources write them, rather
    // than as a PDF export error inside the layout.
    let missing = crate::glyphs::missing(&doc, project.env.fonts.book());
    if !missing.is_empty() {
        return Err(Failure::Sources {
            files: project.files().clone(),
            diags: crate::glyphs::diagnostics(&missing, project.files()),
        });
    }
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
    let contract = (!in_layout && project.faq.document.layout != "standard").then(|| {
        format!(
            "the layout `{}` may lack a function faqpress calls: see docs/layouts.md; `build --emit-typst DIR` writes the generated Typst to read the error in place",
            project.faq.document.layout
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

impl PdfSettings {
    /// The command line's standards, else the project's, else the default
    /// (a-3b + ua-1 when the project attaches its sources).
    pub fn for_project(project: &Project, cli: Option<Vec<String>>) -> Self {
        let default = if project.faq.document.attach_sources {
            ATTACH_STANDARDS
        } else {
            DEFAULT_STANDARDS
        };
        let standards = cli
            .or_else(|| project.faq.document.pdf_standard.clone())
            .unwrap_or_else(|| default.iter().map(|s| s.to_string()).collect());
        Self { standards }
    }

    /// Like [`resolve`](Self::resolve), and checks that the standards allow
    /// what the project puts into the PDF: attached sources need PDF/A-3 or
    /// PDF/A-4f/e (or no PDF/A at all).
    pub fn resolve_for(&self, project: &Project) -> Result<PdfStandards> {
        let standards = self.resolve()?;
        if project.faq.document.attach_sources {
            let forbids = |s: &str| s.starts_with("a-1") || s.starts_with("a-2") || s == "a-4";
            if let Some(name) = self.standards.iter().find(|s| forbids(s)) {
                return Err(Failure::usage(
                    format!(
                        "attach-sources embeds the release's sources in the PDF, which {} does not allow",
                        display_name(name)
                    ),
                    Some(format!(
                        "use PDF/A-3 (`--pdf-standard {}`, or `pdf-standard = [\"a-3b\", \"ua-1\"]` in [document]), \
                         or leave the standard unset: with attach-sources the default is {}",
                        ATTACH_STANDARDS.join(","),
                        ATTACH_STANDARDS.join(" + ")
                    )),
                ));
            }
        }
        Ok(standards)
    }
}
