//! A release's HTML edition: the page rendered from the timeline, with the
//! images it shows read the way the PDF's are (inside the sources folder,
//! within the limits).

use std::collections::BTreeMap;
use std::sync::Arc;

use typst::World;

use crate::diag::Diagnostic;
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::project::Project;
use crate::render::html;
use crate::timeline::Snapshot;
use crate::typeset::settings::settings;
use crate::typeset::world::{FaqWorld, file_id};

impl Project {
    /// The page of a release, as bytes of UTF-8. It follows what the layout
    /// decides for every edition (whether questions are marked).
    pub fn html(&self, index: ReleaseIndex) -> Result<Vec<u8>> {
        let snap = Snapshot::new(&self.faq, index);
        let world = FaqWorld::new(Arc::clone(&self.env), vec![], self.today(index));
        let settings = settings(&world, &self.context())?;
        let mut images = BTreeMap::new();
        let mut diags = vec![];
        for path in snap.images() {
            match world.file(file_id(&format!("/{path}"))) {
                Ok(bytes) => {
                    images.insert(path.to_string(), bytes.to_vec());
                }
                Err(err) => diags.push(
                    Diagnostic::error(None, format!("image `{path}` cannot be read ({err})"))
                        .hint("check that the file is in the sources folder and is an image"),
                ),
            }
        }
        if !diags.is_empty() {
            return Err(Failure::Sources {
                files: self.files().clone(),
                diags,
            });
        }
        let options = html::Options {
            show_marks: settings.show_marks,
        };
        Ok(html::page(&snap, &images, options).into_bytes())
    }
}
