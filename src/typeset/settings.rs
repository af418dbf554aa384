//! What the layout decides for every edition, read from the layout itself:
//! its module is evaluated with the typst crates (no layout of pages), so
//! the HTML edition follows a project layout that switches the marks off.

use typst::World;
use typst::WorldExt;
use typst::comemo::Track;
use typst::engine::{Route, Sink, Traced};
use typst::foundations::Value;

use crate::diag::Diagnostic;
use crate::error::{Failure, Result};
use crate::typeset::compile::{Context, sources_failure};
use crate::typeset::world::FaqWorld;

/// The binding of the standard layout that shows or hides the "neu" /
/// "aktualisiert" marks.
const SHOW_MARKS: &str = "show-marks";

/// What the layout decides beyond the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Whether readers see the marks of new and updated questions: the
    /// layout's `show-marks`, true for a layout without one.
    pub show_marks: bool,
}

/// The settings of the layout in `world`. A layout that fails to evaluate
/// gives its errors, placed in it, as a build of the PDF would.
pub fn settings(world: &FaqWorld, cx: &Context) -> Result<Settings> {
    let dyn_world: &dyn World = world;
    let mut sink = Sink::new();
    let module = typst_eval::eval(
        dyn_world.track(),
        world.library(),
        Traced::default().track(),
        sink.track_mut(),
        Route::default().track(),
        world.layout(),
    )
    .map_err(|errors| sources_failure(world, cx, &errors[..]))?;
    let show_marks = match module.scope().get(SHOW_MARKS) {
        None => true,
        Some(binding) => match binding.read() {
            Value::Bool(show) => *show,
            other => {
                let at = world.range(binding.span()).map(|r| (cx.layout_file, r));
                let message = format!(
                    "`{SHOW_MARKS}` in the layout is {}, not `true` or `false`",
                    other.ty().short_name()
                );
                return Err(Failure::Sources {
                    files: cx.files.clone(),
                    diags: vec![Diagnostic::error(at, message).hint(format!(
                        "write `#let {SHOW_MARKS} = true` or `#let {SHOW_MARKS} = false`"
                    ))],
                });
            }
        },
    };
    Ok(Settings { show_marks })
}
