//! Writing results: file names, and writes that never leave a partial file
//! under a final name.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::model::Faq;

/// `<id>_v<version>_<YYYY-MM-DD>.pdf`, with `_draft` for drafts.
pub fn pdf_name(faq: &Faq, index: usize) -> String {
    let release = &faq.releases[index];
    let draft = if release.draft { "_draft" } else { "" };
    format!(
        "{}_v{}_{}{draft}.pdf",
        faq.document.id,
        release.version,
        release.date.date.format("%Y-%m-%d")
    )
}

/// Writes `data` to `path` through a temporary file in the same folder and a
/// rename, so that `path` is either the old file or the complete new one.
pub fn write_atomic(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder `{}`", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".faqpress-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write to folder `{}`", dir.display()))?;
    tmp.write_all(data)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// The path of a release's PDF in `out`.
pub fn pdf_path(out: &Path, faq: &Faq, index: usize) -> PathBuf {
    out.join(pdf_name(faq, index))
}
