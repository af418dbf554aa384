//! A FAQ project opened for work: its model, checked, with the environment to
//! compile its releases in ([`build`]), and the way out to plain Typst
//! ([`emit`]).

pub mod build;
pub mod emit;
pub mod html;
pub mod redline;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFiles, nearest};
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::model::{Faq, same_version};
use crate::source;
use crate::typeset::fonts::Fonts;
use crate::typeset::world::Env;

/// The built-in layout.
pub const STANDARD_LAYOUT: &str = include_str!("../../layouts/standard.typ");

pub struct Project {
    pub faq: Faq,
    pub env: Arc<Env>,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The folder that holds the sources, `layouts/` and `fonts/`.
    pub base: PathBuf,
    /// The layout's text among the files, for errors in it.
    pub layout_file: crate::diag::FileRef,
}

impl Project {
    /// Reads and checks the sources; every error of every release is
    /// collected before failing.
    pub fn open(sources: &Path) -> Result<Self> {
        // A folder that exists but cannot be read is the machine's refusal,
        // not a mistake in the sources (a missing one is reported by `load`).
        if !sources.exists() {
            return Err(Failure::usage(
                format!("sources folder `{}` does not exist", sources.display()),
                Some(
                    "run faqpress in the folder that holds `sources/`, or pass `--sources DIR`"
                        .into(),
                ),
            ));
        }
        if let Err(err) = std::fs::read_dir(sources) {
            let context = format!("cannot read the sources folder `{}`", sources.display());
            return Err(Failure::Env(anyhow::Error::new(err).context(context)));
        }
        let loaded = source::load(sources);
        let mut diags = loaded.diags;
        let mut files = loaded.files;
        let Some(faq) = loaded.faq else {
            return Err(Failure::Sources { files, diags });
        };
        let base = sources.parent().map(Path::to_path_buf).unwrap_or_default();
        let layout = match layout_text(&base, &faq.document.layout) {
            Ok(text) => text,
            Err(diag) => {
                diags.push(diag);
                String::new()
            }
        };
        let (fonts, font_problems) = Fonts::load(&base);
        diags.extend(font_problems);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Failure::Sources { files, diags });
        }
        let layout_name = format!("layouts/{}.typ", faq.document.layout);
        let layout_file = files.add(layout_name, layout.clone());
        let env = Env::new(fonts, layout, sources)?;
        let mut faq = faq;
        faq.files = files;
        Ok(Self {
            faq,
            env: Arc::new(env),
            warnings: diags,
            base,
            layout_file,
        })
    }

    /// The release named `version`, or the latest.
    pub fn release(&self, version: Option<&str>) -> Result<ReleaseIndex> {
        let Some(version) = version else {
            return self
                .faq
                .latest(false)
                .ok_or_else(|| Failure::usage("the FAQ has no releases", None));
        };
        self.faq.release_index(version).ok_or_else(|| {
            let known: Vec<&str> = self
                .faq
                .releases
                .iter()
                .map(|r| r.version.as_str())
                .collect();
            let same = known.iter().find(|k| same_version(k, version)).copied();
            let hint = match same.or_else(|| nearest(version, known.iter().copied())) {
                Some(near) => format!(
                    "did you mean `{near}`? known releases: {}",
                    known.join(", ")
                ),
                None => format!("known releases: {}", known.join(", ")),
            };
            Failure::usage(format!("unknown release `{version}`"), Some(hint))
        })
    }

    pub fn files(&self) -> &SourceFiles {
        &self.faq.files
    }
}

/// The layout's text: the project's `layouts/<name>.typ`, or the built-in
/// standard layout when the project has no file of that name. A file that
/// is there but cannot be read (a link out of the project, a FIFO, not
/// UTF-8) is an error, never replaced by the built-in layout.
fn layout_text(base: &Path, name: &str) -> std::result::Result<String, Diagnostic> {
    let shown = format!("layouts/{name}.typ");
    let path = base.join("layouts").join(format!("{name}.typ"));
    let there = std::fs::symlink_metadata(&path).is_ok();
    if !there && name == "standard" {
        return Ok(STANDARD_LAYOUT.to_string());
    }
    let folder = source::limits::project_folder(base, source::limits::MAX_FILE_BYTES);
    let text = folder.read(&path).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| std::io::Error::other("it is not UTF-8 text"))
    });
    text.map_err(|err| {
        let hint = if there {
            format!("make `{shown}` an ordinary UTF-8 text file inside the project, or remove it to use the built-in layout")
        } else {
            format!("create `{shown}` beside the sources folder, or use `layout = \"standard\"`")
        };
        Diagnostic::error(None, format!("cannot read layout `{shown}` ({err})")).hint(hint)
    })
}
