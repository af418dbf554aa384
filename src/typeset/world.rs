//! The hermetic Typst world a release is compiled in.
//!
//! It serves the generated main file and the layout from memory, fonts from
//! the binary and the project, and other files (images) only from inside the
//! sources folder. There are no packages, no system fonts and no clock: the
//! date is the release's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::render::typst::{LAYOUT_PATH, MAIN_PATH, TypstFile};
use crate::typeset::fonts::Fonts;

/// What stays the same for every release of a project: the standard library,
/// the fonts and the layout. Built once, shared by all compilations.
pub struct Env {
    library: LazyHash<Library>,
    pub fonts: Fonts,
    pub layout: Source,
    /// The sources folder, canonical.
    pub root: PathBuf,
}

impl Env {
    pub fn new(fonts: Fonts, layout_text: String, root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            layout: Source::new(file_id(LAYOUT_PATH), layout_text),
            root: root.canonicalize()?,
        })
    }
}

pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|_| VirtualPath::new("/").expect("the root is a valid path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation: a release's generated files in a shared environment.
pub struct FaqWorld {
    env: Arc<Env>,
    generated: HashMap<FileId, Source>,
    today: Datetime,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl FaqWorld {
    pub fn new(env: Arc<Env>, generated: Vec<TypstFile>, today: Datetime) -> Self {
        let mut world = Self {
            env,
            generated: HashMap::new(),
            today,
            files: Mutex::new(HashMap::new()),
        };
        world.set_generated(generated, today);
        world
    }

    /// Replaces the generated files. A file that stays is edited rather than
    /// replaced, so that Typst can reuse what it computed for its unchanged
    /// parts.
    pub fn set_generated(&mut self, generated: Vec<TypstFile>, today: Datetime) {
        let mut next = HashMap::with_capacity(generated.len());
        for file in generated {
            let id = file_id(&file.path);
            let source = match self.generated.remove(&id) {
                Some(mut source) => {
                    source.replace(&file.text);
                    source
                }
                None => Source::new(id, file.text),
            };
            next.insert(id, source);
        }
        self.generated = next;
        self.today = today;
        self.files.lock().map(|mut f| f.clear()).ok();
    }

    /// The layout's file.
    pub fn layout_id(&self) -> FileId {
        self.env.layout.id()
    }

    /// The layout's source text.
    pub fn layout(&self) -> &Source {
        &self.env.layout
    }

    /// A generated file by its path in the generated project.
    pub fn generated_source(&self, path: &str) -> Option<&Source> {
        self.generated.get(&file_id(path))
    }

    /// Reads a file below the sources folder; anything that resolves outside
    /// it, through `..` or a symbolic link, is refused.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let path = id
            .vpath()
            .realize(&self.env.root)
            .map_err(FileError::Realize)?;
        let real = path
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&self.env.root) {
            return Err(FileError::AccessDenied);
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        // Only regular files (reading a FIFO would block), and only images
        // within the limits: an SVG may link to an image that the Markdown
        // checks have not seen.
        if !real.is_file() {
            return Err(FileError::AccessDenied);
        }
        let shown = real
            .strip_prefix(&self.env.root)
            .unwrap_or(&real)
            .display()
            .to_string();
        crate::source::limits::check_image(&self.env.root, &real, &shown)
            .map_err(|(message, _)| FileError::Other(Some(message.into())))?;
        crate::source::limits::images_folder(&self.env.root)
            .read(&real)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
}

impl World for FaqWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.env.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.env.fonts.book()
    }

    fn main(&self) -> FileId {
        file_id(MAIN_PATH)
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(source) = self.generated.get(&id) {
            Ok(source.clone())
        } else if id == self.env.layout.id() {
            Ok(self.env.layout.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if self.generated.contains_key(&id) || id == self.env.layout.id() {
            let source = self.source(id)?;
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        if id.root() != &VirtualRoot::Project {
            return Err(FileError::AccessDenied);
        }
        let mut files = self.files.lock().map_err(|_| FileError::Other(None))?;
        files.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.env.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
