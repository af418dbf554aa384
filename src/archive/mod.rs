//! The archive of published releases: a folder of PDFs that are never
//! replaced, and `manifest.toml` recording each one (see [`manifest`]).
//!
//! This module reads an archive, checks its files against the manifest, and
//! compares what was published with what the sources say today.

pub mod fingerprint;
pub mod lock;
pub mod manifest;
pub mod signature;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use fingerprint::{Fingerprint, sha256_hex};
pub use manifest::{ArchivedFile, ArchivedRedline, MANIFEST, Manifest, Record};

use crate::model::Faq;
use crate::model::ids::ReleaseIndex;
use crate::output::TEMP_PREFIX;
use crate::source::inside::Folder;
use crate::timeline::Snapshot;

/// An archive folder as read from disk.
#[derive(Debug)]
pub struct Archive {
    pub dir: PathBuf,
    /// The manifest's text, empty when there is none yet.
    pub text: String,
    pub manifest: Manifest,
}

/// Something wrong with the archive's files: they no longer are what was
/// published.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file concerned, relative to the archive folder.
    pub file: String,
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The manifest cannot be read or contradicts itself.
    Manifest,
    /// A file the manifest lists is gone.
    Missing,
    /// A file the manifest lists holds other bytes.
    Changed,
    /// A file the manifest does not list.
    Extra,
    /// A signature is missing, does not match its file, or its signer is not
    /// allowed.
    Signature,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.kind {
            ProblemKind::Manifest => "manifest",
            ProblemKind::Missing => "missing",
            ProblemKind::Changed => "changed",
            ProblemKind::Extra => "extra",
            ProblemKind::Signature => "signature",
        };
        write!(f, "{label}: {}: {}", self.file, self.message)
    }
}

impl Archive {
    /// Reads the archive in `dir`. A folder or manifest that does not exist
    /// yet is an empty archive.
    pub fn open(dir: &Path) -> Result<Self, Problem> {
        let path = dir.join(MANIFEST);
        let text = match archive_folder(dir, MAX_MANIFEST_BYTES).read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                manifest_problem("is not UTF-8 text; restore it from version control".into())
            })?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(err) => return Err(manifest_problem(format!("cannot be read ({err})"))),
        };
        let manifest = Manifest::parse(&text).map_err(|err| {
            manifest_problem(format!(
                "is not a valid manifest; restore it from version control\n{err}"
            ))
        })?;
        Ok(Self {
            dir: dir.to_path_buf(),
            text,
            manifest,
        })
    }

    /// Whether the archive holds anything at all (a manifest or files).
    pub fn exists(&self) -> bool {
        !self.text.is_empty() || std::fs::read_dir(&self.dir).is_ok_and(|mut d| d.next().is_some())
    }

    /// Checks every file against the manifest: each listed file present with
    /// its recorded size and SHA-256, and no file that is not listed.
    pub fn check_files(&self) -> Vec<Problem> {
        let mut problems = self.check_manifest();
        for record in &self.manifest.records {
            if valid_file_name(&record.file) {
                problems.extend(self.check_file(record));
            }
            if let Some(html) = record.html.as_ref().filter(|h| valid_html_name(&h.file)) {
                problems.extend(self.check_bytes(&record.version, html));
            }
            if let Some(redline) = record.redline.as_ref().filter(|r| valid_file_name(&r.file)) {
                problems.extend(self.check_bytes(&record.version, &redline.archived_file()));
            }
        }
        problems.extend(self.extra_files());
        problems.extend(signature::problems(self));
        problems
    }

    /// Records that contradict each other or name impossible files.
    fn check_manifest(&self) -> Vec<Problem> {
        let mut out = vec![];
        let mut versions = BTreeSet::new();
        let mut files = BTreeSet::new();
        for record in &self.manifest.records {
            if !valid_file_name(&record.file) {
                out.push(manifest_problem(format!(
                    "release {} names the file `{}`, which is not a PDF file name in this folder",
                    record.version, record.file
                )));
            }
            if !versions.insert(record.version.as_str()) {
                out.push(manifest_problem(format!(
                    "release {} is recorded more than once",
                    record.version
                )));
            }
            let attached = [
                (
                    record.html.as_ref().map(|h| h.file.as_str()),
                    "HTML file",
                    "an HTML",
                    valid_html_name as fn(&str) -> bool,
                ),
                (
                    record.redline.as_ref().map(|r| r.file.as_str()),
                    "redline",
                    "a PDF",
                    valid_file_name,
                ),
            ];
            for (file, what, kind, valid) in attached {
                let Some(file) = file else { continue };
                if !valid(file) {
                    out.push(manifest_problem(format!(
                        "release {} names the {what} `{file}`, which is not {kind} file name in this folder",
                        record.version
                    )));
                }
                if !files.insert(file) {
                    out.push(manifest_problem(format!(
                        "the file `{file}` is recorded more than once"
                    )));
                }
            }
            if !files.insert(record.file.as_str()) {
                out.push(manifest_problem(format!(
                    "the file `{}` is recorded more than once",
                    record.file
                )));
            }
        }
        out
    }

    fn check_file(&self, record: &Record) -> Option<Problem> {
        let pdf = ArchivedFile {
            file: record.file.clone(),
            sha256: record.sha256.clone(),
            size: record.size,
        };
        self.check_bytes(&record.version, &pdf)
    }

    /// Checks one archived file of release `version` against its record.
    fn check_bytes(&self, version: &str, record: &ArchivedFile) -> Option<Problem> {
        let path = self.dir.join(&record.file);
        let problem = |kind, message: String| Problem {
            file: record.file.clone(),
            kind,
            message,
        };
        match std::fs::symlink_metadata(&path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Some(problem(
                    ProblemKind::Missing,
                    format!(
                        "release {} is recorded in the manifest but its file is gone",
                        version
                    ),
                ));
            }
            Ok(meta) if !meta.is_file() => {
                return Some(problem(
                    ProblemKind::Changed,
                    "is not a regular file".into(),
                ));
            }
            _ => {}
        }
        // Read only as much as was recorded, and nothing that blocks.
        let read = archive_folder(&self.dir, record.size.max(1)).read(&path);
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(_) if std::fs::metadata(&path).is_ok_and(|m| m.len() != record.size) => {
                let len = std::fs::metadata(&path).map_or(0, |m| m.len());
                return Some(problem(
                    ProblemKind::Changed,
                    format!(
                        "differs from what was published as release {}: it has {len} bytes, the manifest records {}",
                        version, record.size
                    ),
                ));
            }
            Err(err) => {
                return Some(problem(
                    ProblemKind::Changed,
                    format!("cannot be read ({err})"),
                ));
            }
        };
        let sha = sha256_hex(&bytes);
        if sha == record.sha256 && bytes.len() as u64 == record.size {
            return None;
        }
        let what = if bytes.len() as u64 == record.size {
            format!(
                "its SHA-256 is {sha}, the manifest records {}",
                record.sha256
            )
        } else {
            format!(
                "it has {} bytes, the manifest records {}",
                bytes.len(),
                record.size
            )
        };
        Some(problem(
            ProblemKind::Changed,
            format!(
                "differs from what was published as release {}: {what}",
                version
            ),
        ))
    }

    /// Files in the folder that the manifest does not list.
    fn extra_files(&self) -> Vec<Problem> {
        let listed: BTreeSet<&str> = self
            .manifest
            .records
            .iter()
            .flat_map(|r| {
                std::iter::once(r.file.as_str())
                    .chain(r.signature.as_deref())
                    .chain(r.html.iter().map(|h| h.file.as_str()))
                    .chain(r.redline.iter().flat_map(|l| {
                        std::iter::once(l.file.as_str()).chain(l.signature.as_deref())
                    }))
            })
            .chain([signature::ALLOWED_SIGNERS])
            .collect();
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return vec![];
        };
        let mut names: Vec<String> = dir
            .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
            .filter(|name| name != MANIFEST && !listed.contains(name.as_str()))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|name| {
                let message = if name.starts_with(TEMP_PREFIX) {
                    "is left over from an interrupted write; delete it".to_string()
                } else {
                    "is not recorded in the manifest; only published releases belong in the archive (a PDF an interrupted publish left is recorded by the next `faqpress publish` if it is what the sources build)"
                        .to_string()
                };
                Problem {
                    file: name,
                    kind: ProblemKind::Extra,
                    message,
                }
            })
            .collect()
    }
}

/// The largest manifest read (a record is about 2 KiB per 50 questions).
pub const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// The archive folder's rules for the files read from it.
fn archive_folder(dir: &Path, max_bytes: u64) -> Folder<'_> {
    Folder {
        root: dir,
        name: "the archive folder",
        max_bytes,
        too_big_hint: "restore the archive folder from version control",
    }
}

fn manifest_problem(message: String) -> Problem {
    Problem {
        file: MANIFEST.into(),
        kind: ProblemKind::Manifest,
        message,
    }
}

/// A plain PDF file name: no folders, not hidden.
fn valid_file_name(name: &str) -> bool {
    name.ends_with(".pdf")
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name().is_some_and(|n| n == name)
}

/// A plain HTML file name: no folders, not hidden.
fn valid_html_name(name: &str) -> bool {
    name.strip_suffix(".html")
        .is_some_and(|stem| valid_file_name(&format!("{stem}.pdf")))
}

/// How the texts of a release differ between its record and the sources.
#[derive(Debug, Default, PartialEq)]
pub struct TextDrift {
    /// Question ids whose text changed, in today's document order.
    pub changed: Vec<String>,
    /// Questions the release holds today but did not when published.
    pub added: Vec<String>,
    /// Questions the release held when published but no longer does.
    pub removed: Vec<String>,
    pub document_text: bool,
    pub change_table: bool,
}

impl TextDrift {
    pub fn between(record: &Record, now: &Fingerprint) -> Self {
        let mut drift = Self {
            document_text: record.document_text != now.document_text,
            change_table: record.change_table != now.change_table,
            ..Self::default()
        };
        for (id, hash) in &now.questions {
            match record.questions.get(id) {
                None => drift.added.push(id.clone()),
                Some(old) if old != hash => drift.changed.push(id.clone()),
                Some(_) => {}
            }
        }
        drift.removed = record
            .questions
            .keys()
            .filter(|id| !now.questions.iter().any(|(now_id, _)| now_id == *id))
            .cloned()
            .collect();
        drift
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// One line per difference, naming questions by their number and text
    /// in release `index` of `faq` (today's sources).
    pub fn describe(&self, faq: &Faq, index: ReleaseIndex) -> Vec<String> {
        let snap = Snapshot::new(faq, index);
        let name = |id: &str| match snap.questions().find(|q| q.id == id) {
            Some(q) => format!("question {} ({id}) \"{}\"", q.number, q.question),
            None => format!("question `{id}`"),
        };
        let mut out = vec![];
        for id in &self.changed {
            out.push(format!("{}: text changed since it was published", name(id)));
        }
        for id in &self.added {
            out.push(format!(
                "{}: added, it was not in the release as published",
                name(id)
            ));
        }
        for id in &self.removed {
            out.push(format!(
                "{}: was in the release as published, now gone from it",
                name(id)
            ));
        }
        if self.document_text {
            out.push("title, intro, closing or labels changed since it was published".into());
        }
        if self.change_table {
            out.push("the change table changed since it was published".into());
        }
        out
    }
}

/// The archive folder used when none is given: `archive/` in the project
/// folder, the folder that holds the sources folder.
pub fn default_dir(sources: &Path) -> PathBuf {
    sources
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("archive")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_in_the_folder() {
        assert!(valid_file_name("faq_v1.0_2026-03-02.pdf"));
        for bad in [
            "../x.pdf",
            "a/b.pdf",
            ".hidden.pdf",
            "x.txt",
            "",
            "..",
            "C:\\x.pdf",
        ] {
            assert!(!valid_file_name(bad), "{bad}");
        }
        assert!(valid_html_name("faq_v1.0_2026-03-02.html"));
        assert!(!valid_html_name("../faq.html"));
        assert!(!valid_html_name("faq_v1.0_2026-03-02.pdf"));
    }
}
