//! `faqpress build`: one release, or all, into dated PDFs and web pages.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use crate::archive;
use crate::config::{Edition, PdfArgs, SourceArgs};
use crate::diag;
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::output;
use crate::project::Project;

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The release to build (its version); the latest by default.
    #[arg(long, value_name = "VERSION", conflicts_with = "all")]
    pub release: Option<String>,
    /// Build every release, each its own dated PDF.
    #[arg(long)]
    pub all: bool,
    /// Embed the release's sources in the PDF (PDF/A-3b + PDF/UA-1 by default),
    /// as `attach-sources = true` in [document] does.
    #[arg(long)]
    pub attach_sources: bool,
    /// What to write for each release, comma-separated: pdf, html or both.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "pdf",
        value_name = "LIST"
    )]
    pub format: Vec<Edition>,
    /// The folder the PDFs are written to.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Also write the generated Typst, with layout, fonts and images, to DIR.
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
}

pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    refuse_archive(&args.out, &args.source.sources)?;
    if let Some(dir) = &args.emit_typst {
        refuse_archive(dir, &args.source.sources)?;
    }
    let project = Project::open(&args.source.sources)?;
    let loaded = start.elapsed();
    diag::emit(
        project.files(),
        &project.warnings,
        args.source.diagnostic_format,
    );
    let config = args
        .pdf
        .resolve(args.attach_sources, &project.faq.document)?;
    let releases: Vec<ReleaseIndex> = if args.all {
        project.faq.release_indices().collect()
    } else {
        vec![project.release(args.release.as_deref())?]
    };
    // Make everything first: a failing release writes nothing at all.
    let mut compiled = vec![];
    if args.format.contains(&Edition::Pdf) {
        for timed in project.compile_many(&releases, &config) {
            let result = timed.result?;
            diag::emit(
                project.files(),
                &result.warnings,
                args.source.diagnostic_format,
            );
            compiled.push((timed.index, result, timed.time));
        }
    }
    let mut pages = vec![];
    if args.format.contains(&Edition::Html) {
        for &index in &releases {
            let started = Instant::now();
            pages.push((index, project.html(index)?, started.elapsed()));
        }
    }
    // Every output of the command, or none: the PDFs, the pages and the
    // emitted Typst are staged, then put in place together.
    let mut batch = output::Batch::new();
    for (index, result, _) in &compiled {
        batch.add(
            &output::pdf_path(&args.out, &project.faq, *index),
            &result.pdf,
        )?;
    }
    for (index, page, _) in &pages {
        batch.add(&output::html_path(&args.out, &project.faq, *index), page)?;
    }
    if let Some(dir) = &args.emit_typst {
        let index = *releases.last().expect("at least one release");
        crate::project::emit::emit_typst(&project, index, &config, dir, &mut batch)?;
    }
    batch.write()?;
    for (index, result, time) in &compiled {
        let path = output::pdf_path(&args.out, &project.faq, *index);
        crate::note!(
            "{}  {} pages, {} KiB, {} ms",
            path.display(),
            result.pages,
            result.pdf.len().div_ceil(1024),
            time.as_millis()
        );
    }
    for (index, page, time) in &pages {
        let path = output::html_path(&args.out, &project.faq, *index);
        crate::note!(
            "{}  {} KiB, {} ms",
            path.display(),
            page.len().div_ceil(1024),
            time.as_millis()
        );
    }
    if args.all {
        crate::note!(
            "{} releases built into {} in {:.2} s (sources, layout and fonts loaded once, in {} ms)",
            releases.len(),
            args.out.display(),
            start.elapsed().as_secs_f64(),
            loaded.as_millis()
        );
    }
    if let Some(dir) = &args.emit_typst {
        crate::note!("Typst written to {}", dir.display());
    }
    Ok(())
}

/// Refuses to write into the archive: `dir` must not lie in the project's
/// archive folder nor in any folder whose manifest records releases, where a build would
/// replace a published file.
pub fn refuse_archive(dir: &Path, sources: &Path) -> Result<()> {
    let archive = archive::default_dir(sources);
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let holds_manifest = absolute.ancestors().any(|d| {
        d.join(archive::MANIFEST).is_file()
            && archive::Archive::open(d).is_ok_and(|a| !a.manifest.records.is_empty())
    });
    if output::lies_in(dir, &archive) || holds_manifest {
        return Err(Failure::usage(
            format!(
                "`{}` is inside an archive of published releases; a build never writes there",
                dir.display()
            ),
            Some("write to another folder with --out DIR (`out` by default); `faqpress publish` adds a release to the archive".into()),
        ));
    }
    Ok(())
}
