//! `faqpress build`: one release, or all, into dated PDFs.

use std::time::Instant;

use crate::cli::BuildArgs;
use crate::compile::{self, PdfSettings};
use crate::diag;
use crate::error::Result;
use crate::output;
use crate::project::Project;

pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let mut project = Project::open(&args.source.sources)?;
    project.faq.document.attach_sources |= args.attach_sources;
    let loaded = start.elapsed();
    diag::emit(
        project.files(),
        &project.warnings,
        args.source.diagnostic_format,
    );
    let settings = PdfSettings::for_project(&project, args.pdf.pdf_standard.clone());
    settings.resolve_for(&project)?;
    let releases: Vec<usize> = if args.all {
        (0..project.faq.releases.len()).collect()
    } else {
        vec![project.release(args.release.as_deref())?]
    };
    // Compile everything first: a failing release writes nothing at all.
    let mut compiled = vec![];
    for timed in compile::compile_many(&project, &releases, &settings) {
        let result = timed.result?;
        diag::emit(
            project.files(),
            &result.warnings,
            args.source.diagnostic_format,
        );
        compiled.push((timed.index, result, timed.time));
    }
    for (index, result, time) in &compiled {
        let path = output::pdf_path(&args.out, &project.faq, *index);
        output::write_atomic(&path, &result.pdf)?;
        crate::note!(
            "{}  {} pages, {} KiB, {} ms",
            path.display(),
            result.pages,
            result.pdf.len().div_ceil(1024),
            time.as_millis()
        );
    }
    if args.all {
        crate::note!(
            "{} releases built into {} in {:.2} s (sources, layout and fonts loaded once, in {} ms)",
            compiled.len(),
            args.out.display(),
            start.elapsed().as_secs_f64(),
            loaded.as_millis()
        );
    }
    if let Some(dir) = &args.emit_typst {
        let index = *releases.last().expect("at least one release");
        crate::emit::emit_typst(&project, index, &settings, dir)?;
        crate::note!("Typst written to {}", dir.display());
    }
    Ok(())
}
