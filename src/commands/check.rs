//! `faqpress check`: every release through Typst layout, nothing written.

use crate::config::{PdfConfig, SourceArgs};
use crate::diag;
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::project::Project;

pub fn run(args: &SourceArgs) -> Result<()> {
    let project = Project::open(&args.sources)?;
    let config = PdfConfig::resolve(None, false, &project.faq.document)?;
    let mut warnings = project.warnings.clone();
    let mut errors = vec![];
    let releases: Vec<ReleaseIndex> = project.faq.release_indices().collect();
    for timed in project.compile_many(&releases, &config) {
        match timed.result {
            Ok(compiled) => warnings.extend(compiled.warnings),
            Err(Failure::Sources { diags, .. }) => errors.extend(diags),
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        // A problem in the layout shows up once per release; say it once.
        crate::source::checks::dedup(&mut errors);
        return Err(Failure::Sources {
            files: project.files().clone(),
            diags: errors,
        });
    }
    diag::emit(project.files(), &warnings, args.diagnostic_format);
    crate::note!(
        "{} release{} checked, {} warning{}",
        project.faq.releases.len(),
        if project.faq.releases.len() == 1 {
            ""
        } else {
            "s"
        },
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    );
    Ok(())
}
