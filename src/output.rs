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

/// The redline's file name: `<id>_v<B>_redline-from-v<A>.pdf`.
pub fn redline_name(faq: &Faq, from: ReleaseIndex, to: ReleaseIndex) -> String {
    format!(
        "{}_v{}_redline-from-v{}.pdf",
        faq.document.id, faq.releases[to].version, faq.releases[from].version
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

/// [`write_atomic`], calling `staged` between writing the temporary file
/// and renaming it.
pub fn write_atomic_then(path: &Path, data: &[u8], staged: impl FnOnce()) -> anyhow::Result<()> {
    let tmp = temp_with(path, data, 0o644)?;
    staged();
    persist(tmp, path)
}

fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> anyhow::Result<()> {
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    sync_dir(path);
    Ok(())
}

/// Makes a rename in the folder of `path` durable (where the system allows).
fn sync_dir(path: &Path) {
    if let Ok(dir) = std::fs::File::open(parent_dir(path)) {
        let _ = dir.sync_all();
    }
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
    write_new_atomic_then(path, data, || {})
}

/// [`write_new_atomic`], calling `staged` between writing the temporary file
/// and renaming it.
pub fn write_new_atomic_then(
    path: &Path,
    data: &[u8],
    staged: impl FnOnce(),
) -> anyhow::Result<()> {
    let tmp = temp_with(path, data, 0o644)?;
    staged();
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
    sync_dir(path);
    Ok(())
}

/// A complete, synced temporary file holding `data` in the folder of `path`.
/// Temporary files are private (0600) by default; the result is an ordinary
/// file others may read, so it gets `mode` (the umask still applies).
fn temp_with(path: &Path, data: &[u8], mode: u32) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = parent_dir(path);
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

/// Files a command writes together: either all of them are written, or none
/// is and nothing is left behind. Each is staged as a complete, synced
/// temporary file beside its final name; only when every one is staged, and
/// no final name is taken by a folder, are they renamed into place.
#[derive(Default)]
pub struct Batch {
    staged: Vec<(PathBuf, tempfile::NamedTempFile)>,
    /// Folders made for the staged files, outermost first; removed again
    /// when the batch is dropped without being written.
    made: Vec<PathBuf>,
}

impl Batch {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stages `data` to be written to `path`.
    pub fn add(&mut self, path: &Path, data: &[u8]) -> anyhow::Result<()> {
        self.add_mode(path, data, 0o644)
    }

    /// Stages a script that should be executable.
    pub fn add_executable(&mut self, path: &Path, data: &[u8]) -> anyhow::Result<()> {
        self.add_mode(path, data, 0o755)
    }

    fn add_mode(&mut self, path: &Path, data: &[u8], mode: u32) -> anyhow::Result<()> {
        let dir = parent_dir(path);
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && std::fs::symlink_metadata(d).is_err())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder `{}`", dir.display()))?;
        self.made.extend(missing.into_iter().rev());
        let tmp = temp_with(path, data, mode)?;
        self.staged.retain(|(p, _)| p != path);
        self.staged.push((path.to_path_buf(), tmp));
        Ok(())
    }

    /// Renames every staged file to its final name.
    pub fn write(mut self) -> anyhow::Result<()> {
        for (path, _) in &self.staged {
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
                anyhow::bail!(
                    "cannot write `{}`: a folder has that name; nothing was written",
                    path.display()
                );
            }
        }
        for (path, tmp) in std::mem::take(&mut self.staged) {
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        self.made.clear();
        Ok(())
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.staged.clear();
        for dir in self.made.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Whether `path`, which need not exist yet, lies in the folder `dir` (or is
/// it) once links are resolved.
pub fn lies_in(path: &Path, dir: &Path) -> bool {
    let (Some(path), Some(dir)) = (resolved(path), resolved(dir)) else {
        return false;
    };
    path.starts_with(dir)
}

/// `path` with its longest existing part made canonical and the rest
/// appended.
fn resolved(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let mut rest = vec![];
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, part| p.join(part)));
        }
        rest.push(existing.file_name()?);
        existing = existing.parent()?;
    }
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
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
    fn a_batch_writes_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut batch = Batch::new();
        batch.add(&dir.path().join("a.pdf"), b"a").unwrap();
        batch
            .add(&dir.path().join("new/deeper/b.txt"), b"b")
            .unwrap();
        std::fs::create_dir(dir.path().join("c.pdf")).unwrap();
        batch.add(&dir.path().join("c.pdf"), b"c").unwrap();
        assert!(batch.write().is_err());
        assert_eq!(names(dir.path()), ["c.pdf"]);

        let mut batch = Batch::new();
        batch.add(&dir.path().join("a.pdf"), b"a").unwrap();
        batch.add(&dir.path().join("new/b.txt"), b"b").unwrap();
        batch.write().unwrap();
        assert_eq!(names(dir.path()), ["a.pdf", "c.pdf", "new"]);
        assert_eq!(std::fs::read(dir.path().join("new/b.txt")).unwrap(), b"b");
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
