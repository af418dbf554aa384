//! `faqpress redline A [B]`: release B as a PDF with every change since A
//! marked, for readers who hold A.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use crate::config::{PdfArgs, SourceArgs};
use crate::diag;
use crate::error::{Failure, Result};
use crate::output;
use crate::project::Project;

#[derive(Debug, Args)]
pub struct RedlineArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The release the reader holds (its version).
    #[arg(value_name = "FROM")]
    pub from: String,
    /// The release to show with its changes marked; the latest by default.
    #[arg(value_name = "TO")]
    pub to: Option<String>,
    /// The folder the PDF is written to.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &RedlineArgs) -> Result<()> {
    let start = Instant::now();
    let project = Project::open(&args.source.sources)?;
    diag::emit(
        project.files(),
        &project.warnings,
        args.source.diagnostic_format,
    );
    let from = project.release(Some(&args.from))?;
    let to = project.release(args.to.as_deref())?;
    if from >= to {
        return Err(Failure::usage(
            format!(
                "release {} is not older than release {}; a redline shows a later release against an earlier one",
                project.faq.releases[from].version, project.faq.releases[to].version
            ),
            Some("name the release the reader holds first: `faqpress redline 4.0 6.0`".into()),
        ));
    }
    let config = args.pdf.resolve(false, &project.faq.document)?;
    let compiled = project.compile_redline(from, to, &config)?;
    diag::emit(
        project.files(),
        &compiled.warnings,
        args.source.diagnostic_format,
    );
    let path = args.out.join(output::redline_name(&project.faq, from, to));
    output::write_atomic(&path, &compiled.pdf)?;
    crate::note!(
        "{}  {} pages, {} KiB, {} ms",
        path.display(),
        compiled.pages,
        compiled.pdf.len().div_ceil(1024),
        start.elapsed().as_millis()
    );
    Ok(())
}
