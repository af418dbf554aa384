//! The command line: the commands and their arguments, dispatch, and how
//! failures are printed.

use clap::{Parser, Subcommand};

use crate::commands::build::BuildArgs;
use crate::commands::completions::CompletionsArgs;
use crate::commands::diff::DiffArgs;
use crate::commands::help::HelpArgs;
use crate::commands::new::NewArgs;
use crate::commands::publish::PublishArgs;
use crate::commands::redline::RedlineArgs;
use crate::commands::serve::ServeArgs;
use crate::commands::verify::VerifyArgs;
use crate::commands::watch::WatchArgs;
use crate::commands::{self};
use crate::config::SourceArgs;
use crate::diag::DiagnosticFormat;

const AFTER_HELP: &str = "\
Exit codes: 0 success, 1 errors in the sources (nothing was written),
2 usage or environment errors (a folder that cannot be written, say).

Examples:
  faqpress build                      build the latest release of ./sources into ./out
  faqpress check                      validate every release, write nothing
  faqpress build --release 4.0        build one given release
  faqpress diff 4.0 6.0               what changed between two releases
  faqpress redline 4.0 6.0            release 6.0 as a PDF with every change since 4.0 marked
  faqpress watch                      rebuild the preview on every save
  faqpress serve                      preview in the browser while editing
  faqpress new my-faq                 start a new FAQ project
  faqpress completions bash           shell completions (bash, zsh, fish, …)
  faqpress publish                    archive the latest release, immutably
  faqpress verify                     prove the archive is intact and reproducible
  faqpress help format                the source-format reference: every key, the Markdown, every error";

/// Compiles versioned FAQ documents (TOML + Markdown) into dated, archival PDFs.
#[derive(Debug, Parser)]
#[command(
    name = "faqpress",
    version,
    about,
    after_help = AFTER_HELP,
    disable_help_subcommand = true
)]
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
    /// Write release B (the latest by default) as a PDF with every change since
    /// release A marked: out/<id>_v<B>_redline-from-v<A>.pdf.
    #[command(
        after_help = "Deleted words are struck through in red, inserted words underlined in blue,\nand every changed line has a bar in the left margin. Page 1 says that the file\nis a comparison and not a release, and lists the changed questions.\n\nExamples:\n  faqpress redline 4.0 6.0\n  faqpress redline 4.0          (against the latest release)"
    )]
    Redline(RedlineArgs),
    /// Build a release, then rebuild it on every change to the sources,
    /// layouts or fonts.
    #[command(
        after_help = "Examples:\n  faqpress watch\n  faqpress watch --release 4.0 --out preview\n\nStop with Ctrl-C. On errors the last good PDF stays as it is."
    )]
    Watch(WatchArgs),
    /// Preview a release in the browser while editing: the web page beside the
    /// PDF's pages, updated on every save, with errors shown in the page.
    #[command(
        after_help = "Examples:\n  faqpress serve                 then open http://127.0.0.1:8000/\n  faqpress serve --release 4.0 --port 8080\n\nListens on 127.0.0.1 only unless --bind names another address. Stop with Ctrl-C."
    )]
    Serve(ServeArgs),
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
    /// Print the source-format reference (`help format`), or the help of a
    /// command.
    #[command(
        after_help = "Examples:\n  faqpress help format            every file, key, Markdown construct and error\n  faqpress help format | less\n  faqpress help build"
    )]
    Help(HelpArgs),
}

/// Runs the command line and returns the exit code.
pub fn main() -> u8 {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Build(args) => args.source.diagnostic_format,
        Command::Check(args) => args.diagnostic_format,
        Command::Diff(args) => args.source.diagnostic_format,
        Command::Redline(args) => args.source.diagnostic_format,
        Command::Watch(args) => args.source.diagnostic_format,
        Command::Serve(args) => args.source.diagnostic_format,
        Command::New(_) | Command::Completions(_) | Command::Help(_) => DiagnosticFormat::Human,
        Command::Publish(args) => args.source.diagnostic_format,
        Command::Verify(args) => args.source.diagnostic_format,
    };
    let result = match cli.command {
        Command::Build(args) => commands::build::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Redline(args) => commands::redline::run(&args),
        Command::Watch(args) => commands::watch::run(&args),
        Command::Serve(args) => commands::serve::run(&args),
        Command::New(args) => commands::new::run(&args),
        Command::Completions(args) => commands::completions::run::<Cli>(&args),
        Command::Help(args) => commands::help::run::<Cli>(&args),
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
            crate::console::report(&failure, format);
            failure.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
