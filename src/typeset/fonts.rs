//! Fonts: those compiled into the binary and a project's own `fonts/`.
//! System fonts are never used, so that a PDF comes out the same everywhere.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

use crate::diag::Diagnostic;

/// Largest font file in a project's `fonts/` (a CJK collection is about 30 MiB).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

include!(concat!(env!("OUT_DIR"), "/fonts.rs"));

/// Font files that are part of a document: the embedded ones and a project's.
pub struct Fonts {
    store: FontStore,
    /// Every font file by name, for `--emit-typst`.
    pub files: Vec<(String, FontFile)>,
}

pub enum FontFile {
    Embedded(&'static [u8]),
    /// A project's font, as read once when the project was opened.
    Project(Bytes),
}

impl FontFile {
    pub fn data(&self) -> &[u8] {
        match self {
            Self::Embedded(data) => data,
            Self::Project(bytes) => bytes.as_slice(),
        }
    }
}

impl Fonts {
    /// The embedded fonts plus those in `project_fonts`, if that folder exists,
    /// and an error for each file there that is not a font Typst can use.
    /// Project fonts are read once, under the rules of the project's folders;
    /// font data is parsed only when a document uses the font.
    pub fn load(project: &Path) -> (Self, Vec<Diagnostic>) {
        let mut store = FontStore::new();
        let mut files = vec![];
        let mut problems = vec![];
        for (name, data) in EMBEDDED_FONTS {
            for (index, info) in FontInfo::iter(data).enumerate() {
                let source = Embedded {
                    data,
                    index: index as u32,
                };
                store.push((source, info));
            }
            files.push((name.to_string(), FontFile::Embedded(data)));
        }
        let folder = crate::source::limits::project_folder(project, MAX_FONT_BYTES);
        for path in font_files(&project.join("fonts")) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shown = format!("fonts/{name}");
            let data = match folder.read(&path) {
                Ok(data) => Bytes::new(data),
                Err(err) => {
                    problems.push(font_problem(&shown, &format!("cannot be read ({err})")));
                    continue;
                }
            };
            // This repository's own `fonts/` is already embedded.
            if EMBEDDED_FONTS
                .iter()
                .any(|(n, d)| *n == name && **d == *data.as_slice())
            {
                continue;
            }
            let faces: Vec<FontInfo> = FontInfo::iter(&data).collect();
            let broken = (0..faces.len().max(1))
                .find(|&index| Font::new(data.clone(), index as u32).is_none());
            if let Some(index) = broken {
                let what = if faces.is_empty() {
                    "is not a font file Typst can read (TrueType, OpenType or a collection of them)"
                        .to_string()
                } else {
                    format!("is damaged: face {index} cannot be read")
                };
                problems.push(font_problem(&shown, &what));
                continue;
            }
            for (index, info) in faces.into_iter().enumerate() {
                let source = Loaded {
                    data: data.clone(),
                    index: index as u32,
                };
                store.push((source, info));
            }
            files.push((name, FontFile::Project(data)));
        }
        (Self { store, files }, problems)
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }
}

/// The error for a file in `fonts/` that cannot be used.
fn font_problem(shown: &str, what: &str) -> Diagnostic {
    Diagnostic::error(None, format!("font `{shown}` {what}")).hint(
        "replace it with a TrueType or OpenType file (.ttf, .otf, .ttc), or remove it from `fonts/`",
    )
}

/// A font face in a project's file, read when the project was opened.
struct Loaded {
    data: Bytes,
    index: u32,
}

impl typst_kit::fonts::FontSource for Loaded {
    fn load(&self) -> Option<Font> {
        Font::new(self.data.clone(), self.index)
    }
}

/// A font face inside an embedded file, parsed on first use.
struct Embedded {
    data: &'static [u8],
    index: u32,
}

impl typst_kit::fonts::FontSource for Embedded {
    fn load(&self) -> Option<Font> {
        Font::new(Bytes::new(self.data), self.index)
    }
}

/// The font files directly inside `dir`, sorted by name.
fn font_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
        })
        .collect();
    files.sort();
    files
}
