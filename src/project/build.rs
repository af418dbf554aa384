//! A release of the project, from the model to the PDF: its timeline, the
//! Typst rendered from it, and the typesetting.

use std::sync::Arc;
use std::time::{Duration, Instant};

use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::config::PdfConfig;
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::doc::Inline;
use crate::model::ids::ReleaseIndex;
use crate::project::{Project, STANDARD_LAYOUT};
use crate::render::typst::{self as typst_render, TypstFile};
use crate::timeline::Snapshot;
use crate::timeline::attached;
use crate::typeset::compile::{self, Compiled, Context};
use crate::typeset::resolution::{MIN_PPI, Placed};
use crate::typeset::world::FaqWorld;

/// One release's compilation and how long it took.
pub struct Timed {
    pub index: ReleaseIndex,
    pub result: Result<Compiled>,
    pub time: Duration,
}

impl Project {
    /// The generated Typst files of a release; with attached sources the
    /// document also attaches the release's sources.
    pub fn typst_files(&self, index: ReleaseIndex, config: &PdfConfig) -> Vec<TypstFile> {
        let snap = Snapshot::new(&self.faq, index);
        let mut files = typst_render::typst_files(&snap);
        if config.attach_sources {
            let layout = self.env.layout.text();
            let own_layout = (layout != STANDARD_LAYOUT).then_some(layout);
            let attached = attached::snapshot(&snap, own_layout);
            typst_render::attach_to(&mut files, &attached);
        }
        files
    }

    /// Compiles a release in a fresh world.
    pub fn compile(&self, index: ReleaseIndex, config: &PdfConfig) -> Result<Compiled> {
        // Typst's memoized results stay in a global cache: without eviction
        // `build --all` of 20 large releases held 2.6 GB. Keep what the last few
        // compilations used (with runs on two cores, the last two of each), which
        // holds what the next release can reuse.
        typst::comemo::evict(4);
        let mut world = FaqWorld::new(Arc::clone(&self.env), vec![], self.today(index));
        self.compile_in(&mut world, index, config)
    }

    /// Compiles a release in `world`, which may hold an earlier compilation
    /// (watch mode reuses what Typst computed for it).
    pub fn compile_in(
        &self,
        world: &mut FaqWorld,
        index: ReleaseIndex,
        config: &PdfConfig,
    ) -> Result<Compiled> {
        let standards = config.typst_standards()?;
        let files = self.typst_files(index, config);
        let mut compiled =
            compile::compile(world, files, self.today(index), standards, &self.context())?;
        let coarse = std::mem::take(&mut compiled.coarse_images);
        compiled
            .warnings
            .extend(self.coarse_warnings(index, &coarse));
        Ok(compiled)
    }

    /// A warning at each image of the release that prints below 150 pixels
    /// per inch, found by its alternative text (which every image has).
    fn coarse_warnings(&self, index: ReleaseIndex, coarse: &[Placed]) -> Vec<Diagnostic> {
        let snap = Snapshot::new(&self.faq, index);
        let mut images = vec![];
        for text in snap.texts() {
            text.visit(&mut |inline| {
                if let Inline::Image(image) = inline {
                    images.push(image);
                }
            });
        }
        coarse
            .iter()
            .filter_map(|placed| {
                let image = images.iter().find(|i| Some(&i.alt) == placed.alt.as_ref())?;
                let message = format!(
                    "`{}` prints at {:.0} pixels per inch, below the {:.0} a sharp print needs",
                    image.path, placed.ppi, MIN_PPI
                );
                Some(Diagnostic::warning(Some(image.at.clone()), message).hint(
                    "use an image with more pixels (twice as wide as it shows on screen), or an SVG",
                ))
            })
            .collect()
    }

    /// [`Project::compile_in`], also returning the laid-out pages.
    pub fn compile_in_keeping_pages(
        &self,
        world: &mut FaqWorld,
        index: ReleaseIndex,
        config: &PdfConfig,
    ) -> Result<(Compiled, PagedDocument)> {
        let standards = config.typst_standards()?;
        let files = self.typst_files(index, config);
        compile::compile_keeping_pages(world, files, self.today(index), standards, &self.context())
    }

    /// The laid-out pages of a release, before PDF export, with Typst's
    /// warnings.
    pub fn layout(
        &self,
        index: ReleaseIndex,
        config: &PdfConfig,
    ) -> Result<(PagedDocument, Vec<Diagnostic>)> {
        let files = self.typst_files(index, config);
        let world = FaqWorld::new(Arc::clone(&self.env), files, self.today(index));
        compile::layout(&world, &self.context())
    }

    /// Compiles `releases` and returns them in their order. Consecutive releases
    /// share most of their text, and Typst reuses the layout of what it has laid
    /// out before; so each core takes a run of consecutive releases and compiles
    /// them one after the other. The PDFs are the same as when compiled alone.
    pub fn compile_many(&self, releases: &[ReleaseIndex], config: &PdfConfig) -> Vec<Timed> {
        let timed = |index: ReleaseIndex| {
            let started = Instant::now();
            let result = self.compile(index, config);
            Timed {
                index,
                result,
                time: started.elapsed(),
            }
        };
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(releases.len() / 2)
            .max(1);
        if workers == 1 {
            // On this thread: another would add its own heap and stack.
            return releases.iter().map(|&index| timed(index)).collect();
        }
        let runs: Vec<&[ReleaseIndex]> =
            releases.chunks(releases.len().div_ceil(workers)).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .iter()
                .map(|run| {
                    scope.spawn(|| run.iter().map(|&index| timed(index)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    }

    /// The release's date as Typst's `today()`.
    pub(crate) fn today(&self, index: ReleaseIndex) -> Datetime {
        let (year, month, day) = self.faq.release(index).date.ymd();
        Datetime::from_ymd(year, month, day).expect("a valid chrono date is a valid Typst date")
    }

    pub(super) fn context(&self) -> Context<'_> {
        Context {
            files: self.files(),
            layout_file: self.layout_file,
            layout_name: &self.faq.document.layout,
        }
    }
}
