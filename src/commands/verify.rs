//! `faqpress verify`: proves that the archive holds exactly what was
//! published, and reports where today's sources would build something else.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::archive::{
    self, Archive, ArchivedRedline, Fingerprint, MANIFEST, Problem, ProblemKind, Record, TextDrift,
};
use crate::config::{PdfConfig, SourceArgs};
use crate::diag;
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::output;
use crate::project::Project;
use crate::typeset::compile::typst_version;

/// Runs the checks and prints the report; `Ok(false)` when verification
/// failed (the report says why).
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

pub fn run(args: &VerifyArgs) -> Result<bool> {
    let dir = args
        .archive
        .clone()
        .unwrap_or_else(|| archive::default_dir(&args.source.sources));
    // A publish under way finishes before the archive is read.
    let lock = archive::lock::shared(&dir)
        .with_context(|| format!("cannot lock the archive folder `{}`", dir.display()))?;
    let archive = match Archive::open(&dir) {
        Ok(archive) => archive,
        Err(problem) => {
            crate::say!("{}", problem_line(&problem));
            crate::note!("error: the archive `{}` cannot be verified", dir.display());
            return Ok(false);
        }
    };
    if !archive.exists() {
        return Err(Failure::usage(
            format!("there is no archive at `{}`", dir.display()),
            Some("publish a release with `faqpress publish` first, or name the archive with --archive DIR".into()),
        ));
    }
    let problems = report_files(&archive, &dir);
    drop(lock);
    let project = Project::open(&args.source.sources)?;
    diag::emit(
        project.files(),
        &project.warnings,
        args.source.diagnostic_format,
    );
    crate::say!();
    crate::say!(
        "Rebuilding the archived releases from {}",
        args.source.sources.display()
    );
    let mut drifted = 0;
    let mut problems = problems;
    for record in &archive.manifest.records {
        let tampered = problems.iter().any(|p| p.file == record.file);
        let rebuilt = report_rebuild(&project, record, args, !tampered)?;
        if !rebuilt.reproduced {
            drifted += 1;
        }
        problems.extend(rebuilt.problems);
    }
    report_unsigned(&archive);
    Ok(summary(
        &problems,
        drifted,
        archive.manifest.records.len(),
        args.allow_drift,
    ))
}

/// Prints one line per archived file and per problem; returns the problems.
fn report_files(archive: &Archive, dir: &Path) -> Vec<Problem> {
    let records = &archive.manifest.records;
    crate::say!(
        "Checking {} against {} ({} release{} recorded)",
        dir.display(),
        MANIFEST,
        records.len(),
        plural(records.len())
    );
    let problems = archive.check_files();
    for record in records {
        let files = std::iter::once(&record.file)
            .chain(record.html.iter().map(|h| &h.file))
            .chain(record.redline.iter().map(|r| &r.file));
        for file in files {
            if !problems.iter().any(|p| &p.file == file) {
                crate::say!("  ok        {file}  SHA-256 as recorded");
            }
        }
        let signed = [(&record.signature, &record.file)]
            .into_iter()
            .chain(record.redline.iter().map(|r| (&r.signature, &r.file)));
        for (signature, file) in signed {
            if let (Some(sig), Some(by)) = (signature, &record.signed_by)
                && !problems.iter().any(|p| p.file == *sig || p.file == *file)
            {
                crate::say!("  ok        {sig}  signed with {by}, an allowed signer");
            }
        }
    }
    for problem in &problems {
        crate::say!("{}", problem_line(problem));
    }
    problems
}

fn problem_line(problem: &Problem) -> String {
    let label = match problem.kind {
        ProblemKind::Manifest => "MANIFEST",
        ProblemKind::Missing => "MISSING",
        ProblemKind::Changed => "CHANGED",
        ProblemKind::Extra => "EXTRA",
        ProblemKind::Signature => "SIGNATURE",
    };
    format!("  {label:<9} {}: {}", problem.file, problem.message)
}

/// How one archived release compares with its rebuild.
struct Rebuilt {
    /// Today's sources build the archived file byte for byte.
    reproduced: bool,
    /// Fields of the record that contradict the file or its rebuild.
    problems: Vec<Problem>,
}

impl Rebuilt {
    fn drift() -> Self {
        Self {
            reproduced: false,
            problems: vec![],
        }
    }
}

/// Rebuilds one archived release and prints how it compares. When the file
/// is intact (`intact`) and reproduced, every field of its record must be
/// what the file and its rebuild say.
fn report_rebuild(
    project: &Project,
    record: &Record,
    args: &VerifyArgs,
    intact: bool,
) -> Result<Rebuilt> {
    let version = &record.version;
    let faq = &project.faq;
    let Some(index) = faq.release_index(version) else {
        crate::say!("  {version}  DRIFT: the release is no longer in faq.toml");
        return Ok(Rebuilt::drift());
    };
    // Rebuilt as published: its standards, its sources attached or not.
    let config = match PdfConfig::recorded(&record.pdf_standard, record.attach_sources) {
        Ok(config) => config,
        Err(Failure::Usage { message, .. }) => {
            crate::say!("  {version}  DRIFT: cannot be rebuilt: {message}");
            return Ok(Rebuilt::drift());
        }
        Err(other) => return Err(other),
    };
    let compiled = match project.compile(index, &config) {
        Ok(compiled) => compiled,
        Err(Failure::Sources { files, diags }) => {
            diag::emit(&files, &diags, args.source.diagnostic_format);
            crate::say!(
                "  {version}  DRIFT: cannot be rebuilt from today's sources (errors above)"
            );
            return Ok(Rebuilt::drift());
        }
        Err(Failure::Usage { message, .. }) => {
            crate::say!("  {version}  DRIFT: cannot be rebuilt: {message}");
            return Ok(Rebuilt::drift());
        }
        Err(other) => return Err(other),
    };
    let mut lines: Vec<String> = vec![];
    let release = &faq.releases[index];
    let date = archive::manifest::toml_date(&release.date);
    if date != record.date {
        lines.push(format!(
            "date changed: published as {}, now {date}",
            record.date
        ));
    }
    if release.draft {
        lines.push("now marked as a draft".to_string());
    }
    let name = output::pdf_name(faq, index);
    if name != record.file {
        lines.push(format!("would now be written as {name}"));
    }
    let text = TextDrift::between(record, &Fingerprint::of_release(faq, index));
    let pdf_same = archive::sha256_hex(&compiled.pdf) == record.sha256;
    let html_differs = match &record.html {
        Some(html) => archive::sha256_hex(&project.html(index)?) != html.sha256,
        None => false,
    };
    let redline_differs = match &record.redline {
        Some(redline) => !redline_reproduced(project, redline, index, &config)?,
        None => false,
    };
    let reproduced = pdf_same && !html_differs && !redline_differs;
    if reproduced {
        let problems = if intact {
            record_problems(record, &compiled, &date)
        } else {
            vec![]
        };
        crate::say!("  {version}  reproduced byte for byte");
        for problem in &problems {
            crate::say!("{}", problem_line(problem));
        }
        if name != record.file {
            crate::say!(
                "         (sources differ, but print the same) would now be written as {name}"
            );
        }
        if text.is_empty() {
            return Ok(Rebuilt {
                reproduced: true,
                problems,
            });
        }
        // The file is what the sources build, but the texts' fingerprints
        // differ from the record: the text changed without changing the
        // print (spaces, say), or the manifest was edited.
        crate::say!(
            "         the texts recorded for the release differ from today's sources, which still print this very file (sources edited without a change on the page, or the manifest edited):"
        );
        for line in text.describe(faq, index) {
            crate::say!("         {line}");
        }
        return Ok(Rebuilt {
            reproduced: false,
            problems,
        });
    }
    lines.extend(text.describe(faq, index));
    let text_same = lines.is_empty();
    if let Some(html) = record.html.as_ref().filter(|_| html_differs) {
        lines.push(format!(
            "the rebuilt HTML edition differs from {}",
            html.file
        ));
    }
    if let Some(redline) = record.redline.as_ref().filter(|_| redline_differs) {
        lines.push(format!(
            "the rebuilt redline from release {} differs from {}",
            redline.from, redline.file
        ));
    }
    if text_same && !pdf_same {
        lines.push(format!(
            "the rebuilt PDF differs although no text changed: layout, fonts, images or toolchain (published with faqpress {} and Typst {}, now faqpress {} and Typst {})",
            record.faqpress,
            record.typst,
            env!("CARGO_PKG_VERSION"),
            typst_version()
        ));
    }
    crate::say!("  {version}  DRIFT against {}", record.file);
    for line in lines {
        crate::say!("         {line}");
    }
    Ok(Rebuilt::drift())
}

/// Whether today's sources build the archived `redline` of release `to`
/// byte for byte, with the release's recorded standards; a redline that
/// cannot be built (its earlier release gone, errors) is not reproduced.
fn redline_reproduced(
    project: &Project,
    redline: &ArchivedRedline,
    to: ReleaseIndex,
    config: &PdfConfig,
) -> Result<bool> {
    let Some(from) = project.faq.release_index(&redline.from) else {
        return Ok(false);
    };
    if output::redline_name(&project.faq, from, to) != redline.file {
        return Ok(false);
    }
    match project.compile_redline(from, to, config) {
        Ok(compiled) => Ok(archive::sha256_hex(&compiled.pdf) == redline.sha256),
        Err(Failure::Sources { .. } | Failure::Usage { .. }) => Ok(false),
        Err(other) => Err(other),
    }
}

/// The fields of `record` that contradict its file, which today's sources
/// rebuild byte for byte as `compiled` with their release date `date`: the
/// date, size, pages and Typst version are what the bytes say, and no
/// faqpress newer than this one can have written it.
fn record_problems(
    record: &Record,
    compiled: &crate::typeset::compile::Compiled,
    date: &toml::value::Datetime,
) -> Vec<Problem> {
    let mut wrong = vec![];
    // The date is printed into the file, on its pages and in its metadata.
    if *date != record.date {
        wrong.push(format!(
            "date = {} is recorded, the file is dated {date}",
            record.date
        ));
    }
    if compiled.pdf.len() as u64 != record.size {
        wrong.push(format!(
            "size {} is recorded, the file has {} bytes",
            record.size,
            compiled.pdf.len()
        ));
    }
    if compiled.pages != record.pages {
        let unit = if compiled.pages == 1 { "page" } else { "pages" };
        wrong.push(format!(
            "pages = {} is recorded, the file has {} {unit}",
            record.pages, compiled.pages
        ));
    }
    let creator = format!("/Creator(Typst {})", record.typst);
    if !contains(&compiled.pdf, creator.as_bytes()) {
        wrong.push(format!(
            "typst = \"{}\" is recorded, but the file names another Typst as its creator",
            record.typst
        ));
    }
    if newer(&record.faqpress, env!("CARGO_PKG_VERSION")) {
        wrong.push(format!(
            "faqpress = \"{}\" is recorded, a version newer than this faqpress {}, which builds the very same file",
            record.faqpress,
            env!("CARGO_PKG_VERSION")
        ));
    }
    wrong
        .into_iter()
        .map(|what| Problem {
            file: MANIFEST.into(),
            kind: ProblemKind::Manifest,
            message: format!(
                "the record of release {} does not match its file: {what}",
                record.version
            ),
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether version `a` is newer than `b` (both `x.y.z`); a version that is
/// not three numbers counts as newer, for no faqpress wrote it.
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| -> Option<Vec<u64>> {
        let parts: Option<Vec<u64>> = v.split('.').map(|p| p.parse().ok()).collect();
        parts.filter(|p| p.len() == 3)
    };
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => a > b,
        _ => true,
    }
}

/// Says which releases carry no signature beside their file.
fn report_unsigned(archive: &Archive) {
    let unsigned: Vec<&str> = archive
        .manifest
        .records
        .iter()
        .filter(|r| !archive.dir.join(format!("{}.sig", r.file)).is_file())
        .map(|r| r.version.as_str())
        .collect();
    if unsigned.is_empty() {
        return;
    }
    crate::say!();
    crate::say!(
        "unsigned: release{} {} (the checksums above show that the files match the manifest; only a signature shows that neither was rewritten, see `publish --sign`)",
        plural(unsigned.len()),
        unsigned.join(", ")
    );
}

/// Prints the verdict; `true` when verification passed.
fn summary(problems: &[Problem], drifted: usize, releases: usize, allow_drift: bool) -> bool {
    let count = |kind| problems.iter().filter(|p| p.kind == kind).count();
    let mut parts = vec![];
    for (kind, what) in [
        (ProblemKind::Manifest, "manifest problem"),
        (ProblemKind::Changed, "changed file"),
        (ProblemKind::Missing, "missing file"),
        (ProblemKind::Extra, "extra file"),
        (ProblemKind::Signature, "signature problem"),
    ] {
        let n = count(kind);
        if n > 0 {
            parts.push(format!("{n} {what}{}", plural(n)));
        }
    }
    let tampered = !problems.is_empty();
    if drifted > 0 {
        parts.push(format!(
            "{drifted} of {releases} release{} drifted from today's sources{}",
            plural(releases),
            if allow_drift { " (allowed)" } else { "" }
        ));
    }
    crate::say!();
    let passed = !tampered && (drifted == 0 || allow_drift);
    if parts.is_empty() {
        crate::say!(
            "verified: {releases} archived release{} intact and reproduced byte for byte",
            plural(releases)
        );
    } else if passed {
        crate::say!("verified: archive intact; {}", parts.join("; "));
    } else {
        crate::note!("error: verification failed: {}", parts.join("; "));
        if tampered {
            crate::note!(
                "  hint: an archived file is never changed; restore the archive folder from version control"
            );
        } else {
            crate::note!(
                "  hint: undo the edits to published text, or issue them in a new release; --allow-drift accepts the drift"
            );
        }
    }
    passed
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
