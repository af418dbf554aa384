//! Fonts: those compiled into the binary and a project's own `fonts/`.
//! System fonts are never used, so that a PDF comes out the same everywhere.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

include!(concat!(env!("OUT_DIR"), "/fonts.rs"));

/// Font files that are part of a document: the embedded ones and a project's.
pub struct Fonts {
    store: FontStore,
    /// Every font file by name, for `--emit-typst`.
    pub files: Vec<(String, FontFile)>,
}

pub enum FontFile {
    Embedded(&'static [u8]),
    Project(std::path::PathBuf),
}

impl Fonts {
    /// The embedded fonts plus those in `project_fonts`, if that folder exists.
    /// Font data is parsed only when a document uses the font.
    pub fn load(project_fonts: Option<&Path>) -> Self {
        let mut store = FontStore::new();
        let mut files = vec![];
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
        for path in project_fonts.map(font_files).unwrap_or_default() {
            // A file that cannot be read or parsed adds no faces; Typst then
            // reports the missing family where the layout asks for it.
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // This repository's own `fonts/` is already embedded.
            if EMBEDDED_FONTS
                .iter()
                .any(|(n, d)| *n == name && **d == *data)
            {
                continue;
            }
            for (index, info) in FontInfo::iter(&data).enumerate() {
                store.push((
                    FontPath {
                        path: path.clone(),
                        index: index as u32,
                    },
                    info,
                ));
            }
            files.push((name, FontFile::Project(path)));
        }
        Self { store, files }
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
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
