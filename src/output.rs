//! Writing results: file names, and writes that never leave a partial file
//! under a final name.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::model::Faq;
use crate::model::ids::ReleaseIndex;

/// `<id>_v<version>_<YYYY-MM-DD>.pdf`, with `_draft` for drafts.
pub fn pdf_name(faq: &Faq, index: ReleaseIndex) -> String {
    format!("{}.pdf", file_stem(faq, index))
}

/// The HTML edition's name: the PDF's with `.html`.
pub fn html_name(faq: &Faq, index: ReleaseIndex) -> String {
    format!("{}.html", file_stem(faq, index))
}

/// `<id>_v<version>_<YYYY-MM-DD>`, with `_draft` for drafts.
fn file_stem(faq: &Faq, index: ReleaseIndex) -> String {
    let release = &faq.releases[index];
    let draft = if release.draft { "_draft" } else { "" };
    format!(
        "{}_v{}_{}{draft}",
        faq.document.id,
        release.version,
        release.date.day()
    )
}

/// The prefix of the temporary files [`write_atomic`] creates; a file with it
/// left in a folder is the trace of a write killed half-way.
pub const TEMP_PREFIX: &str = ".faqpress-";

/// Writes `data` to `path` through a temporary file in the same folder and a
/// rename, so that `path` is either the old file or the complete new one.
/// On error the temporary file is removed.
pub fn write_atomic(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    write_atomic_mode(path, data, 0o644)
}

/// [`write_atomic`] for a script that should be executable.
pub fn write_executable(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    write_atomic_mode(path, data, 0o755)
}

fn write_atomic_mode(path: &Path, data: &[u8], mode: u32) -> anyhow::Result<()> {
    let tmp = temp_with(path, data, mode)?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// Like [`write_atomic`], but never replaces a file: fails if `path` exists,
/// also when another process creates it in the meantime.
pub fn write_new_atomic(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let tmp = temp_with(path, data, 0o644)?;
    tmp.persist_noclobber(path).map_err(|e| {
        let exists = e.error.kind() == std::io::ErrorKind::AlreadyExists;
        let err = anyhow::Error::from(e.error);
        if exists {
            err.context(format!(
                "`{}` exists already and is never replaced",
                path.display()
            ))
        } else {
            err.context(format!("cannot write `{}`", path.display()))
        }
    })?;
    Ok(())
}

/// A complete, synced temporary file holding `data` in the folder of `path`.
/// Temporary files are private (0600) by default; the result is an ordinary
/// file others may read, so it gets `mode` (the umask still applies).
fn temp_with(path: &Path, data: &[u8], mode: u32) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder `{}`", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write to folder `{}`", dir.display()))?;
    tmp.write_all(data)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(tmp)
}

/// The path of a release's PDF in `out`.
pub fn pdf_path(out: &Path, faq: &Faq, index: ReleaseIndex) -> PathBuf {
    out.join(pdf_name(faq, index))
}

/// The path of a release's HTML edition in `out`.
pub fn html_path(out: &Path, faq: &Faq, index: ReleaseIndex) -> PathBuf {
    out.join(html_name(faq, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_new_atomic(&path, b"first").unwrap();
        let err = write_new_atomic(&path, b"second").unwrap_err();
        assert!(format!("{err:#}").contains("never replaced"), "{err:#}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("b.pdf");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), b"x").unwrap();
        assert!(write_atomic(&blocked, b"data").is_err());
        assert_eq!(names(dir.path()), ["b.pdf"]);
    }
}
