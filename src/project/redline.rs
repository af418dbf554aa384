//! The redline of two releases of the project, from the model to the PDF.

use std::sync::Arc;

use typst_layout::PagedDocument;

use crate::config::PdfConfig;
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::ids::ReleaseIndex;
use crate::project::Project;
use crate::render::typst::{TypstFile, redline as render};
use crate::timeline::redline::Redline;
use crate::typeset::compile::{self, Compiled};
use crate::typeset::world::FaqWorld;

impl Project {
    /// The generated Typst files of release `to` with every change since `from` marked.
    pub fn redline_files(&self, from: ReleaseIndex, to: ReleaseIndex) -> Vec<TypstFile> {
        render::typst_files(&Redline::new(&self.faq, from, to))
    }

    /// Compiles the redline of `to` against `from`, dated as `to`.
    pub fn compile_redline(
        &self,
        from: ReleaseIndex,
        to: ReleaseIndex,
        config: &PdfConfig,
    ) -> Result<Compiled> {
        let standards = config.typst_standards()?;
        let files = self.redline_files(from, to);
        let mut world = FaqWorld::new(Arc::clone(&self.env), vec![], self.today(to));
        compile::compile(
            &mut world,
            files,
            self.today(to),
            standards,
            &self.context(),
        )
    }

    /// The laid-out pages of the redline, before PDF export.
    pub fn layout_redline(
        &self,
        from: ReleaseIndex,
        to: ReleaseIndex,
    ) -> Result<(PagedDocument, Vec<Diagnostic>)> {
        let mut world = FaqWorld::new(Arc::clone(&self.env), vec![], self.today(to));
        self.layout_redline_in(&mut world, from, to)
    }

    /// [`Project::layout_redline`] in `world`, which may hold an earlier
    /// layout (the preview reuses what Typst computed for it).
    pub fn layout_redline_in(
        &self,
        world: &mut FaqWorld,
        from: ReleaseIndex,
        to: ReleaseIndex,
    ) -> Result<(PagedDocument, Vec<Diagnostic>)> {
        world.set_generated(self.redline_files(from, to), self.today(to));
        compile::layout(world, &self.context())
    }
}
