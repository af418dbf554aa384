//! `faqpress serve`: a live preview in the browser. It builds a release (the
//! latest, or `--release V`) as the HTML edition and as PDF pages, serves both
//! on a local address, and on every save builds again and tells the open page
//! to update (server-sent events), which keeps its scroll position. A mistake
//! shows in the page as the diagnostics `check` prints, above the last good
//! preview, until it is fixed. The file watching is `watch`'s.
//!
//! Beside the release's PDF pages the page can show those of its redline
//! against an earlier release; while it does, every build lays the redline
//! out again after the release, in a world of its own.
//!
//! It serves a fixed set of addresses, all from memory ([`http`]): no file of
//! the project or of the machine is ever served, and it listens on 127.0.0.1
//! unless `--bind` says otherwise.

mod http;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use clap::Args;

use crate::commands::watch::{self, Folders, Paths, Signal, Warm};
use crate::config::{PdfArgs, SourceArgs};
use crate::diag::{self, DiagnosticFormat};
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::project::Project;
use typst_layout::PagedDocument;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The release to preview first (its version); the latest by default.
    #[arg(long, value_name = "VERSION")]
    pub release: Option<String>,
    /// The port to listen on.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on; only this machine can connect to the default.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_name = "ADDR")]
    pub bind: IpAddr,
}

/// What the page shows, as the last build left it.
#[derive(Debug, Default)]
pub(crate) struct Preview {
    /// Counts the builds, good or not: the page asks again when it changes.
    pub generation: u64,
    /// The build whose edition and pages are shown (0: none yet).
    pub good: u64,
    pub title: String,
    pub release: String,
    pub releases: Vec<String>,
    pub edition: Vec<u8>,
    /// The laid-out pages of the release's PDF.
    pub pages: Pages,
    /// The laid-out pages of the redline, while the page asks for one.
    pub redline: Pages,
    /// The release the redline compares against (empty: none shown).
    pub redline_from: String,
    /// The diagnostics of the last build, as `check` prints them, if it failed.
    pub error: Option<String>,
    /// The last progress line.
    pub status: String,
}

impl Preview {
    /// The release's pages, or the redline's.
    pub fn pages_mut(&mut self, redline: bool) -> &mut Pages {
        if redline {
            &mut self.redline
        } else {
            &mut self.pages
        }
    }
}

/// Laid-out pages, drawn as images when the page asks for them.
#[derive(Debug, Default)]
pub(crate) struct Pages {
    /// The build they come from (0: none).
    pub good: u64,
    pub document: Option<Arc<PagedDocument>>,
    /// Pages drawn so far, by number from 1.
    pub pngs: BTreeMap<usize, Arc<Vec<u8>>>,
}

impl Pages {
    fn new(good: u64, document: PagedDocument) -> Self {
        Self {
            good,
            document: Some(Arc::new(document)),
            pngs: BTreeMap::new(),
        }
    }

    pub fn count(&self) -> usize {
        self.document.as_ref().map_or(0, |d| d.pages().len())
    }
}

/// The preview shared between the builder and the server's threads.
pub(crate) struct Shared {
    pub preview: Mutex<Preview>,
    /// Signalled after every build.
    pub built: Condvar,
    /// The release the page asked for, if it switched.
    pub wanted: Mutex<Option<String>>,
    /// The release the page asked to see the redline from, if any.
    pub wanted_redline: Mutex<Option<String>>,
    /// Tells the builder to build now.
    pub poke: Mutex<Sender<Signal>>,
}

pub fn run(args: &ServeArgs) -> Result<()> {
    let listener = listen(args.bind, args.port)?;
    let paths = Paths::new(&args.source.sources, &PathBuf::from("out"))?;
    let (tx, rx) = channel();
    let mut folders = Folders::new(&paths, tx.clone())?;
    watch::stop_on_interrupt(tx.clone())?;
    let shared = Arc::new(Shared {
        preview: Mutex::new(Preview::default()),
        built: Condvar::new(),
        wanted: Mutex::new(args.release.clone()),
        wanted_redline: Mutex::new(None),
        poke: Mutex::new(tx),
    });
    let server = http::Server::start(listener, args.bind, Arc::clone(&shared))?;
    crate::note!(
        "serving the preview at http://{} (Ctrl-C to stop); watching {}",
        server.address(),
        paths.watched_names().join(", ")
    );
    let mut builder = Builder {
        args,
        warm: None,
        warm_redline: None,
        shared: &shared,
    };
    builder.rebuild(&[], &paths);
    while let Some(changed) = watch::next_batch(&rx, &paths) {
        folders.refresh(&paths, &changed);
        builder.rebuild(&changed, &paths);
    }
    server.stop();
    crate::note!("stopped serving");
    Ok(())
}

/// A listener on `addr:port`; a port in use is an error that names the
/// next free one.
fn listen(addr: IpAddr, port: u16) -> Result<TcpListener> {
    match TcpListener::bind((addr, port)) {
        Ok(listener) => Ok(listener),
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..=port.saturating_add(100))
                .find(|&p| TcpListener::bind((addr, p)).is_ok());
            let hint = match free {
                Some(p) => format!("port {p} is free: `faqpress serve --port {p}`"),
                None => "choose another port with `--port N`".to_string(),
            };
            Err(Failure::usage(
                format!("port {port} on {addr} is in use (is another preview running?)"),
                Some(hint),
            ))
        }
        Err(err) => Err(Failure::usage(
            format!("cannot listen on {addr} port {port} ({err})"),
            Some("choose another address with `--bind ADDR` or port with `--port N`".into()),
        )),
    }
}

/// Builds the preview, keeping one Typst world from build to build (and
/// one for the redline).
struct Builder<'a> {
    args: &'a ServeArgs,
    warm: Option<Warm>,
    warm_redline: Option<Warm>,
    shared: &'a Shared,
}

/// One good build.
struct Built {
    project: Project,
    index: ReleaseIndex,
    title: String,
    release: String,
    releases: Vec<String>,
    edition: Vec<u8>,
    document: PagedDocument,
}

impl Builder<'_> {
    fn rebuild(&mut self, changed: &[PathBuf], paths: &Paths) {
        let start = Instant::now();
        let fonts_changed = changed.iter().any(|p| p.starts_with(&paths.fonts));
        let result = self.build(fonts_changed);
        let cause = watch::cause(changed, paths);
        let mut preview = self.lock();
        preview.generation += 1;
        let built = match result {
            Ok(built) => {
                preview.status = format!(
                    "{cause}built release {}: page {} KiB, {} PDF pages, {} ms",
                    built.release,
                    built.edition.len().div_ceil(1024),
                    built.document.pages().len(),
                    start.elapsed().as_millis()
                );
                crate::note!("{}", preview.status);
                preview.good = preview.generation;
                preview.title = built.title;
                preview.release = built.release;
                preview.releases = built.releases;
                preview.edition = built.edition;
                preview.pages = Pages::new(preview.generation, built.document);
                preview.error = None;
                Some((built.project, built.index))
            }
            Err(failure) => {
                if !cause.is_empty() {
                    crate::note!("{}", cause.trim_end_matches(": "));
                }
                self.show_failure(&mut preview, &failure);
                preview.status =
                    format!("{cause}errors in the sources, shown above the last good preview");
                None
            }
        };
        drop(preview);
        self.shared.built.notify_all();
        // The release is shown first; its redline follows when laid out.
        if let Some((project, index)) = built {
            self.rebuild_redline(&project, index, fonts_changed);
        }
        typst::comemo::evict(10);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Preview> {
        self.shared
            .preview
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Prints a failure as `check` does and puts it above the preview.
    fn show_failure(&self, preview: &mut Preview, failure: &Failure) {
        crate::console::report(failure, self.args.source.diagnostic_format);
        crate::note!("the page shows the errors above the last good preview; watching for changes");
        preview.error = Some(crate::console::render(failure, DiagnosticFormat::Human));
    }

    /// Lays out the redline of release `to` if the page asks for one, and
    /// drops the one shown if it no longer does.
    fn rebuild_redline(&mut self, project: &Project, to: ReleaseIndex, fonts_changed: bool) {
        let start = Instant::now();
        let wanted = self
            .shared
            .wanted_redline
            .lock()
            .map(|w| w.clone())
            .unwrap_or(None);
        let Some(wanted) = wanted.filter(|_| to.previous().is_some()) else {
            let mut preview = self.lock();
            if preview.redline.good != 0 {
                preview.generation += 1;
                preview.redline = Pages::default();
                preview.redline_from.clear();
                drop(preview);
                self.shared.built.notify_all();
            }
            return;
        };
        let result = self.build_redline(project, to, &wanted, fonts_changed);
        let mut preview = self.lock();
        preview.generation += 1;
        match result {
            Ok((from, document)) => {
                let line = format!(
                    "built the redline from {from}: {} PDF pages, {} ms",
                    document.pages().len(),
                    start.elapsed().as_millis()
                );
                crate::note!("{line}");
                preview.status = format!("{}; {line}", preview.status);
                preview.redline = Pages::new(preview.generation, document);
                preview.redline_from = from;
            }
            Err(failure) => {
                self.show_failure(&mut preview, &failure);
                preview.status = format!(
                    "{}; the redline has errors, shown above the last good preview",
                    preview.status
                );
            }
        }
        drop(preview);
        self.shared.built.notify_all();
    }

    /// The redline of `to` from release `wanted`, or from the one before
    /// `to` when `wanted` is not older (the page switched releases).
    fn build_redline(
        &mut self,
        project: &Project,
        to: ReleaseIndex,
        wanted: &str,
        fonts_changed: bool,
    ) -> Result<(String, PagedDocument)> {
        let mut from = project.release(Some(wanted))?;
        if from >= to {
            from = to.previous().unwrap_or(from);
        }
        let world = watch::warm_world(&mut self.warm_redline, project, fonts_changed);
        let (document, warnings) = project.layout_redline_in(world, from, to)?;
        diag::emit(
            project.files(),
            &warnings,
            self.args.source.diagnostic_format,
        );
        Ok((project.faq.releases[from.get()].version.clone(), document))
    }

    fn build(&mut self, fonts_changed: bool) -> Result<Built> {
        let args = self.args;
        let format = args.source.diagnostic_format;
        let project = Project::open(&args.source.sources)?;
        diag::emit(project.files(), &project.warnings, format);
        let wanted = self.shared.wanted.lock().map(|w| w.clone()).unwrap_or(None);
        let index = project.release(wanted.as_deref())?;
        let config = args.pdf.resolve(false, &project.faq.document)?;
        let world = watch::warm_world(&mut self.warm, &project, fonts_changed);
        let (compiled, doc) = project.compile_in_keeping_pages(world, index, &config)?;
        diag::emit(project.files(), &compiled.warnings, format);
        let edition = project.html(index)?;
        let faq = &project.faq;
        Ok(Built {
            title: faq.document.title.clone(),
            release: faq.releases[index.get()].version.clone(),
            releases: faq.releases.iter().map(|r| r.version.clone()).collect(),
            edition,
            document: doc,
            index,
            project,
        })
    }
}
