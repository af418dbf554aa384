//! `faqpress check`: every release through Typst layout, nothing written.

use crate::cli::SourceArgs;
use crate::compile::{self, PdfSettings};
use crate::diag;
use crate::error::{Failure, Result};
use crate::project::Project;

pub fn run(args: &SourceArgs) -> Result<()> {
    let project = Project::open(&args.sources)?;
    let settings = PdfSettings::for_project(&project, None);
    let mut warnings = project.warnings.clone();
    let mut errors = vec![];
    let releases: Vec<usize> = (0..project.faq.releases.len()).collect();
    for timed in compile::compile_many(&project, &releases, &settings) {
        match timed.result {
            Ok(compiled) => warnings.extend(compiled.warnings),
            Err(Failure::Sources { diags, .. }) => errors.extend(diags),
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        // A problem in the layout shows up once per release; say it once.
        crate::project::dedup(&mut errors);
        return Err(Failure::Sources {
            files: project.files().clone(),
            diags: errors,
        });
    }
    diag::emit(project.files(), &warnings, args.diagnostic_format);
    crate::note!(
        "{} releases checked, {} warning{}",
        project.faq.releases.len(),
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    );
    Ok(())
}
