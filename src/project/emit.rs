//! `--emit-typst DIR`: the generated document as a plain Typst project, so
//! that `typst compile` produces the same PDF and users can go on by hand.

use std::path::Path;

use anyhow::Context;

use crate::config::PdfConfig;
use crate::error::Result;
use crate::model::ids::ReleaseIndex;
use crate::output::Batch;
use crate::project::Project;
use crate::render::typst::{LAYOUT_PATH, MAIN_PATH};
use crate::timeline::Snapshot;
use crate::typeset::compile::typst_version;

/// Stages release `index` of `project` in `batch`, to be written to `dir` as
/// a Typst project, with a `compile.sh` that runs the Typst CLI on it.
pub fn emit_typst(
    project: &Project,
    index: ReleaseIndex,
    config: &PdfConfig,
    dir: &Path,
    batch: &mut Batch,
) -> Result<()> {
    for file in project.typst_files(index, config) {
        batch.add(&dir.join(&file.path), file.text.as_bytes())?;
    }
    batch.add(&dir.join(LAYOUT_PATH), project.env.layout.text().as_bytes())?;
    for (name, file) in &project.env.fonts.files {
        batch.add(&dir.join("fonts").join(name), file.data())?;
    }
    let snap = Snapshot::without_changes(&project.faq, index);
    for image in snap.images() {
        let data = crate::source::limits::images_folder(&project.env.root)
            .read(&project.env.root.join(image))
            .with_context(|| format!("cannot read image `{image}`"))?;
        batch.add(&dir.join(image), &data)?;
    }
    let standards: Vec<&str> = config
        .standards
        .iter()
        .map(|s| s.name())
        .filter(|s| *s != "none")
        .collect();
    let flag = if standards.is_empty() {
        String::new()
    } else {
        format!(" --pdf-standard {}", standards.join(","))
    };
    let script = format!(
        "#!/bin/sh\n# Compiles this folder with the Typst CLI {} to the same document faqpress builds.\ncd \"$(dirname \"$0\")\" && exec typst compile --root . --ignore-system-fonts --ignore-embedded-fonts --font-path fonts{flag} {MAIN_PATH} \"${{1:-faq.pdf}}\"\n",
        typst_version()
    );
    batch.add_executable(&dir.join("compile.sh"), script.as_bytes())?;
    Ok(())
}
