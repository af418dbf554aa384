//! `faqpress watch`: build a release, then rebuild it whenever a source,
//! snippet, image, layout or font file changes.
//!
//! One Typst world lives for the whole session, so that Typst's memoization
//! (comemo) reuses the layout of everything an edit did not touch; the
//! sources themselves are re-read on every change, which is cheap. Folders
//! are watched rather than files, so that editors that save by writing a new
//! file and renaming it over the old one are seen too.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::Context;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use typst::foundations::Datetime;

use clap::Args;

use crate::config::{PdfArgs, SourceArgs};
use crate::diag;
use crate::error::{Failure, Result};
use crate::output;
use crate::project::Project;
use crate::typeset::compile::Compiled;
use crate::typeset::world::{Env, FaqWorld};

/// How long the file system must be quiet before a rebuild: editors write a
/// file in several steps.
const QUIET: Duration = Duration::from_millis(100);
/// A stream of changes that never pauses still rebuilds this often.
const MAX_BATCH: Duration = Duration::from_millis(1000);

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The release to preview (its version); the latest by default.
    #[arg(long, value_name = "VERSION")]
    pub release: Option<String>,
    /// The folder the PDF is written to.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &WatchArgs) -> Result<()> {
    super::build::refuse_archive(&args.out, &args.source.sources)?;
    let paths = Paths::new(&args.source.sources, &args.out)?;
    let (tx, rx) = channel();
    let mut folders = Folders::new(&paths, tx.clone())?;
    stop_on_interrupt(tx)?;
    let mut session = Session { args, warm: None };
    crate::note!(
        "watching {} (Ctrl-C to stop)",
        paths.watched_names().join(", ")
    );
    session.rebuild(&[], &paths);
    while let Some(changed) = next_batch(&rx, &paths) {
        folders.refresh(&paths, &changed);
        session.rebuild(&changed, &paths);
    }
    crate::note!("stopped watching");
    Ok(())
}

/// What the main loop is told.
pub(crate) enum Signal {
    Fs(notify::Result<notify::Event>),
    /// Build again now, without a change on disk (`serve` switched releases).
    Poke,
    Stop,
}

/// Ctrl-C (and SIGTERM, SIGHUP) end the session after the build under way,
/// so that no half-written file is left; a second Ctrl-C ends it at once.
pub(crate) fn stop_on_interrupt(tx: Sender<Signal>) -> Result<()> {
    let asked = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        if asked.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = tx.send(Signal::Stop);
    })
    .context("cannot handle Ctrl-C")?;
    Ok(())
}

/// The folders that matter, canonical so that event paths can be compared.
pub(crate) struct Paths {
    sources: PathBuf,
    layouts: PathBuf,
    pub(crate) fonts: PathBuf,
    /// The project folder (beside the sources), watched without its
    /// subfolders to see `layouts/` or `fonts/` appear.
    pub(crate) base: PathBuf,
    out: PathBuf,
}

impl Paths {
    pub(crate) fn new(sources: &Path, out: &Path) -> Result<Self> {
        let sources = sources.canonicalize().map_err(|err| {
            Failure::usage(
                format!("cannot watch `{}` ({err})", sources.display()),
                Some(
                    "run faqpress in the folder that holds `sources/`, or pass --sources DIR"
                        .to_string(),
                ),
            )
        })?;
        let base = sources.parent().unwrap_or(&sources).to_path_buf();
        let out = absolute(out);
        Ok(Self {
            layouts: base.join("layouts"),
            fonts: base.join("fonts"),
            sources,
            base,
            out,
        })
    }

    /// The folders watched recursively.
    fn roots(&self) -> [&Path; 3] {
        [&self.sources, &self.layouts, &self.fonts]
    }

    pub(crate) fn watched_names(&self) -> Vec<String> {
        self.roots()
            .iter()
            .filter(|p| p.is_dir())
            .map(|p| diag::display_path(p, &self.base) + "/")
            .collect()
    }

    /// Whether a change at `path` can change the document.
    fn relevant(&self, path: &Path) -> bool {
        // The PDFs written; unless the output folder holds the sources.
        if path.starts_with(&self.out) && !self.sources.starts_with(&self.out) {
            return false;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let scratch = name.starts_with('.')
            || name.starts_with('#')
            || name.ends_with('~')
            || name == "4913"
            || [".swp", ".swx", ".swo", ".tmp"]
                .iter()
                .any(|ext| name.ends_with(ext));
        !scratch && self.roots().iter().any(|root| path.starts_with(root))
    }
}

/// `path` made absolute without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir().unwrap_or_default().join(path),
    }
}

/// The file system watches: the project folder itself, and the sources,
/// layouts and fonts folders with everything below them.
pub(crate) struct Folders {
    watcher: RecommendedWatcher,
    watched: Vec<PathBuf>,
}

impl Folders {
    pub(crate) fn new(paths: &Paths, tx: Sender<Signal>) -> Result<Self> {
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(Signal::Fs(event));
        })
        .context("cannot watch the file system")?;
        watcher
            .watch(&paths.base, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", paths.base.display()))?;
        let mut folders = Self {
            watcher,
            watched: vec![],
        };
        folders.refresh(paths, &[]);
        Ok(folders)
    }

    /// Watches the folders that exist now; one that was just replaced (or
    /// created) is watched afresh.
    pub(crate) fn refresh(&mut self, paths: &Paths, changed: &[PathBuf]) {
        for root in paths.roots() {
            let known = self.watched.iter().any(|w| w == root);
            let renewed = changed.iter().any(|c| c == root);
            if known && (renewed || !root.is_dir()) {
                let _ = self.watcher.unwatch(root);
                self.watched.retain(|w| w != root);
            }
            if root.is_dir() && !self.watched.iter().any(|w| w == root) {
                match self.watcher.watch(root, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(root.to_path_buf()),
                    Err(err) => crate::note!("warning: cannot watch `{}` ({err})", root.display()),
                }
            }
        }
    }
}

/// Waits for changes and returns the paths changed, once the file system
/// has been quiet for a moment; `None` when it is time to stop.
pub(crate) fn next_batch(rx: &Receiver<Signal>, paths: &Paths) -> Option<Vec<PathBuf>> {
    let mut changed: Vec<PathBuf> = vec![];
    let mut first = None;
    loop {
        let signal = match first {
            None => rx.recv().ok()?,
            Some(start) => {
                let left = MAX_BATCH.saturating_sub(Instant::elapsed(&start));
                match rx.recv_timeout(QUIET.min(left)) {
                    Ok(signal) => signal,
                    Err(RecvTimeoutError::Timeout) => return Some(changed),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        let event = match signal {
            Signal::Stop => return None,
            Signal::Poke => return Some(changed),
            Signal::Fs(Err(err)) => {
                crate::note!("warning: file watching: {err}");
                continue;
            }
            Signal::Fs(Ok(event)) => event,
        };
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in event.paths {
            if paths.relevant(&path) && !changed.contains(&path) {
                changed.push(path);
                first.get_or_insert_with(Instant::now);
            }
        }
    }
}

/// The state kept from one build to the next.
struct Session<'a> {
    args: &'a WatchArgs,
    warm: Option<Warm>,
}

/// A Typst world with what Typst computed in it so far, and the layout and
/// fonts it was made with.
pub(crate) struct Warm {
    world: FaqWorld,
    env: Arc<Env>,
}

impl Session<'_> {
    /// Builds once and says how it went, in one line when it worked.
    fn rebuild(&mut self, changed: &[PathBuf], paths: &Paths) {
        let start = Instant::now();
        let fonts_changed = changed.iter().any(|p| p.starts_with(&paths.fonts));
        let result = self.build(fonts_changed);
        let cause = cause(changed, paths);
        match result {
            Ok((path, compiled)) => crate::note!(
                "{cause}built {}  {} pages, {} KiB, {} ms",
                path.display(),
                compiled.pages,
                compiled.pdf.len().div_ceil(1024),
                start.elapsed().as_millis()
            ),
            Err(failure) => {
                if !cause.is_empty() {
                    crate::note!("{}", cause.trim_end_matches(": "));
                }
                crate::console::report(&failure, self.args.source.diagnostic_format);
                crate::note!("the last good PDF is left as it was; watching for changes");
            }
        }
        // Keep what recent builds computed, drop what has not been used since.
        typst::comemo::evict(10);
    }

    fn build(&mut self, fonts_changed: bool) -> Result<(PathBuf, Compiled)> {
        let args = self.args;
        let format = args.source.diagnostic_format;
        let project = Project::open(&args.source.sources)?;
        diag::emit(project.files(), &project.warnings, format);
        let index = project.release(args.release.as_deref())?;
        let config = args.pdf.resolve(false, &project.faq.document)?;
        let world = self.world_for(&project, fonts_changed);
        let compiled = project.compile_in(world, index, &config)?;
        diag::emit(project.files(), &compiled.warnings, format);
        let path = output::pdf_path(&args.out, &project.faq, index);
        output::write_atomic(&path, &compiled.pdf)?;
        Ok((path, compiled))
    }

    fn world_for(&mut self, project: &Project, fonts_changed: bool) -> &mut FaqWorld {
        warm_world(&mut self.warm, project, fonts_changed)
    }
}

/// The long-lived world, made anew only when the layout or the fonts
/// changed (they are part of the world, not of the sources).
pub(crate) fn warm_world<'w>(
    warm: &'w mut Option<Warm>,
    project: &Project,
    fonts_changed: bool,
) -> &'w mut FaqWorld {
    let reusable = warm.as_ref().is_some_and(|warm| {
        !fonts_changed
            && warm.env.layout.text() == project.env.layout.text()
            && warm.env.root == project.env.root
    });
    if !reusable {
        let placeholder = Datetime::from_ymd(2000, 1, 1).expect("a valid date");
        *warm = Some(Warm {
            world: FaqWorld::new(Arc::clone(&project.env), Vec::new(), placeholder),
            env: Arc::clone(&project.env),
        });
    }
    &mut warm.as_mut().expect("set above").world
}

/// "entries/x.toml changed: ", naming files that still exist first (an
/// editor's temporary file is gone once it was renamed into place).
pub(crate) fn cause(changed: &[PathBuf], paths: &Paths) -> String {
    let mut shown: Vec<&PathBuf> = changed.iter().filter(|p| p.is_file()).collect();
    if shown.is_empty() {
        shown = changed.iter().collect();
    }
    let Some(first) = shown.first() else {
        return String::new();
    };
    let name = diag::display_path(first, &paths.base);
    match shown.len() {
        1 => format!("{name} changed: "),
        n => format!("{name} and {} more changed: ", n - 1),
    }
}
