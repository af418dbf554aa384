//! `--emit-typst DIR`: the generated document as a plain Typst project, so
//! that `typst compile` produces the same PDF and users can go on by hand.

use std::path::Path;

use anyhow::Context;

use crate::compile::{PdfSettings, typst_files};
use crate::error::Result;
use crate::fonts::FontFile;
use crate::generate::{LAYOUT_PATH, MAIN_PATH};
use crate::output::{write_atomic, write_executable};
use crate::project::Project;
use crate::release::Snapshot;

pub fn emit_typst(
    project: &Project,
    index: usize,
    settings: &PdfSettings,
    dir: &Path,
) -> Result<()> {
    for file in typst_files(project, index) {
        write_atomic(&dir.join(&file.path), file.text.as_bytes())?;
    }
    write_atomic(&dir.join(LAYOUT_PATH), project.env.layout.text().as_bytes())?;
    for (name, file) in &project.env.fonts.files {
        let data = match file {
            FontFile::Embedded(data) => data.to_vec(),
            FontFile::Project(path) => std::fs::read(path)
                .with_context(|| format!("cannot read font `{}`", path.display()))?,
        };
        write_atomic(&dir.join("fonts").join(name), &data)?;
    }
    let snap = Snapshot::new(&project.faq, index);
    let images = snap.questions().flat_map(|q| q.answer.images.iter());
    let doc = &project.faq.document;
    let images = images.chain(
        doc.intro
            .iter()
            .chain(doc.closing.iter())
            .flat_map(|m| m.images.iter()),
    );
    for image in images {
        let data = std::fs::read(project.env.root.join(image))
            .with_context(|| format!("cannot read image `{image}`"))?;
        write_atomic(&dir.join(image), &data)?;
    }
    let standards: Vec<&str> = settings
        .standards
        .iter()
        .map(String::as_str)
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
    write_executable(&dir.join("compile.sh"), script.as_bytes())?;
    Ok(())
}

/// The version of the Typst crates faqpress is built with.
pub fn typst_version() -> &'static str {
    env!("FAQPRESS_TYPST_VERSION")
}
