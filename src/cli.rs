//! The command line: arguments, dispatch, and how failures are printed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;
use crate::diag::{self, DiagnosticFormat};
use crate::error::Failure;

const AFTER_HELP: &str = "\
Exit codes: 0 success, 1 errors in the sources (nothing was written),
2 usage or environment errors (a folder that cannot be written, say).

Examples:
  faqpress build                      build the latest release of ./sources into ./out
  faqpress check                      validate every release, write nothing
  faqpress build --release 4.0        build one given release
  faqpress diff 4.0 6.0               what changed between two releases
  faqpress watch                      rebuild the preview on every save
  faqpress new my-faq                 start a new FAQ project
  faqpress completions bash           shell completions (bash, zsh, fish, …)
  faqpress publish                    archive the latest release, immutably
  faqpress verify                     prove the archive is intact and reproducible";

/// Compiles versioned FAQ documents (TOML + Markdown) into dated, archival PDFs.
#[derive(Debug, Parser)]
#[command(name = "faqpress", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a release (the latest by default) into a dated PDF.
    #[command(
        after_help = "Examples:\n  faqpress build\n  faqpress build --release 4.0 --out dist\n  faqpress build --all\n  faqpress build --emit-typst typst-out"
    )]
    Build(BuildArgs),
    /// Validate every release, through Typst layout, and write nothing.
    #[command(
        after_help = "Examples:\n  faqpress check\n  faqpress check --sources other/sources --diagnostic-format short"
    )]
    Check(SourceArgs),
    /// Show what changed between two releases, question by question.
    #[command(
        after_help = "Examples:\n  faqpress diff 4.0 6.0\n  faqpress diff 4.0            (against the latest release)\n  faqpress diff 1.0 2.0 --format json | jq '.summary'\n\nIn text, deleted words are shown red (or [-so-]) and inserted words green\n(or {+so+}); colour only on a terminal and when NO_COLOR is not set."
    )]
    Diff(DiffArgs),
    /// Build a release, then rebuild it on every change to the sources,
    /// layouts or fonts.
    #[command(
        after_help = "Examples:\n  faqpress watch\n  faqpress watch --release 4.0 --out preview\n\nStop with Ctrl-C. On errors the last good PDF stays as it is."
    )]
    Watch(WatchArgs),
    /// Create a new FAQ project, ready to edit and build.
    #[command(
        after_help = "Examples:\n  faqpress new kunden-faq\n  faqpress new customer-faq --language en\n  cd kunden-faq && faqpress build"
    )]
    New(NewArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  faqpress completions bash > ~/.local/share/bash-completion/completions/faqpress\n  faqpress completions zsh > ~/.zfunc/_faqpress\n  faqpress completions fish > ~/.config/fish/completions/faqpress.fish"
    )]
    Completions(CompletionsArgs),
    /// Archive a release (the latest that is not a draft) for good: the PDF
    /// into the archive folder, its checksum into the manifest there.
    #[command(
        after_help = "The archive folder is `archive/` in the project folder (the folder that holds\nthe sources folder) unless --archive names another. An archived file is never\nreplaced: publishing the same bytes again does nothing, publishing different\nbytes under an archived version is refused, and drafts are never published.\n\nExamples:\n  faqpress publish\n  faqpress publish --release 4.0\n  git add archive && git commit -m \"Publish release 4.0\""
    )]
    Publish(PublishArgs),
    /// Check every archived file against the manifest, then rebuild each
    /// archived release and report drift from today's sources.
    #[command(
        after_help = "Exit codes: 0 the archive is intact and every release is reproduced (or the\ndrift is allowed), 1 a file is changed, missing or extra, or a release drifted,\n2 usage errors (no archive, say).\n\nExamples:\n  faqpress verify\n  faqpress verify --archive records --allow-drift"
    )]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The release to publish (its version); the latest that is not a draft by default.
    #[arg(long, value_name = "VERSION")]
    pub release: Option<String>,
    /// The archive folder; `archive/` beside the sources folder by default.
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The archive folder; `archive/` beside the sources folder by default.
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Report releases that today's sources build differently, but do not fail on them
    /// (a changed, missing or extra archived file still fails).
    #[arg(long)]
    pub allow_drift: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    /// For people: a word-level diff of each changed answer.
    Text,
    /// For tools: every changed question with both texts.
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The earlier release (its version).
    #[arg(value_name = "A")]
    pub from: String,
    /// The later release; the latest by default.
    #[arg(value_name = "B")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = clap::ColorChoice::Auto)]
    pub color: clap::ColorChoice,
}

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

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// The language of the document and of the example text.
    #[arg(long, value_parser = ["de", "en"], default_value = "de")]
    pub language: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// The sources folder (holds faq.toml).
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// How errors are printed.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostic_format: DiagnosticFormat,
}

#[derive(Debug, Args, Clone)]
pub struct PdfArgs {
    /// PDF standards to conform to, comma-separated (default from faq.toml, else a-2b,ua-1; "none" for plain PDF).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub pdf_standard: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The release to build (its version); the latest by default.
    #[arg(long, value_name = "VERSION", conflicts_with = "all")]
    pub release: Option<String>,
    /// Build every release, each its own dated PDF.
    #[arg(long)]
    pub all: bool,
    /// Embed the release's sources in the PDF (PDF/A-3b + PDF/UA-1 by default),
    /// as `attach-sources = true` in [document] does.
    #[arg(long)]
    pub attach_sources: bool,
    /// The folder the PDFs are written to.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Also write the generated Typst, with layout, fonts and images, to DIR.
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
}

/// Runs the command line and returns the exit code.
pub fn main() -> u8 {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Build(args) => args.source.diagnostic_format,
        Command::Check(args) => args.diagnostic_format,
        Command::Diff(args) => args.source.diagnostic_format,
        Command::Watch(args) => args.source.diagnostic_format,
        Command::New(_) | Command::Completions(_) => DiagnosticFormat::Human,
        Command::Publish(args) => args.source.diagnostic_format,
        Command::Verify(args) => args.source.diagnostic_format,
    };
    let result = match cli.command {
        Command::Build(args) => commands::build::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Watch(args) => commands::watch::run(&args),
        Command::New(args) => commands::new::run(&args),
        Command::Completions(args) => commands::completions::run(&args),
        Command::Publish(args) => commands::publish::run(&args),
        // The report is printed already; a failed verification exits with 1.
        Command::Verify(args) => match commands::verify::run(&args) {
            Ok(true) => Ok(()),
            Ok(false) => return 1,
            Err(failure) => Err(failure),
        },
    };
    match result {
        Ok(()) => 0,
        Err(failure) => {
            report(&failure, format);
            failure.exit_code()
        }
    }
}

/// Prints a failure to standard error.
pub fn report(failure: &Failure, format: DiagnosticFormat) {
    match failure {
        Failure::Sources { files, diags } => {
            diag::emit(files, diags, format);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            crate::note!(
                "{errors} error{} in the sources; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
        }
        Failure::Usage { message, hint } => {
            crate::note!("error: {message}");
            if let Some(hint) = hint {
                crate::note!("  hint: {hint}");
            }
        }
        Failure::Env(err) => {
            crate::note!("error: {err:#}");
        }
    }
}
