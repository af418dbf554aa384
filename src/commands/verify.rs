//! `faqpress verify`: proves that the archive holds exactly what was
//! published, and reports where today's sources would build something else.

use std::path::Path;

use crate::archive::{
    self, Archive, Fingerprint, MANIFEST, Problem, ProblemKind, Record, TextDrift,
};
use crate::cli::VerifyArgs;
use crate::compile::{self, PdfSettings};
use crate::diag;
use crate::error::{Failure, Result};
use crate::output;
use crate::project::Project;

/// Runs the checks and prints the report; `Ok(false)` when verification
/// failed (the report says why).
pub fn run(args: &VerifyArgs) -> Result<bool> {
    let dir = args
        .archive
        .clone()
        .unwrap_or_else(|| archive::default_dir(&args.source.sources));
    let archive = match Archive::open(&dir) {
        Ok(archive) => archive,
        Err(problem) => {
            println!("{}", problem_line(&problem));
            eprintln!("error: the archive `{}` cannot be verified", dir.display());
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
    let mut project = Project::open(&args.source.sources)?;
    diag::emit(
        project.files(),
        &project.warnings,
        args.source.diagnostic_format,
    );
    println!();
    println!(
        "Rebuilding the archived releases from {}",
        args.source.sources.display()
    );
    let mut drifted = 0;
    for record in &archive.manifest.records {
        // Rebuilt as published: with or without its sources attached.
        project.faq.document.attach_sources = record.attach_sources;
        if !report_rebuild(&project, record, args)? {
            drifted += 1;
        }
    }
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
    println!(
        "Checking {} against {} ({} release{} recorded)",
        dir.display(),
        MANIFEST,
        records.len(),
        plural(records.len())
    );
    let problems = archive.check_files();
    for record in records {
        if !problems.iter().any(|p| p.file == record.file) {
            println!("  ok        {}  SHA-256 as recorded", record.file);
        }
    }
    for problem in &problems {
        println!("{}", problem_line(problem));
    }
    problems
}

fn problem_line(problem: &Problem) -> String {
    let label = match problem.kind {
        ProblemKind::Manifest => "MANIFEST",
        ProblemKind::Missing => "MISSING",
        ProblemKind::Changed => "CHANGED",
        ProblemKind::Extra => "EXTRA",
    };
    format!("  {label:<9} {}: {}", problem.file, problem.message)
}

/// Rebuilds one archived release and prints how it compares; `Ok(true)` if it
/// is reproduced byte for byte.
fn report_rebuild(project: &Project, record: &Record, args: &VerifyArgs) -> Result<bool> {
    let version = &record.version;
    let faq = &project.faq;
    let Some(index) = faq.release_index(version) else {
        println!("  {version}  DRIFT: the release is no longer in faq.toml");
        return Ok(false);
    };
    let settings = PdfSettings {
        standards: record.pdf_standard.clone(),
    };
    let compiled = match compile::compile(project, index, &settings) {
        Ok(compiled) => compiled,
        Err(Failure::Sources { files, diags }) => {
            diag::emit(&files, &diags, args.source.diagnostic_format);
            println!("  {version}  DRIFT: cannot be rebuilt from today's sources (errors above)");
            return Ok(false);
        }
        Err(Failure::Usage { message, .. }) => {
            println!("  {version}  DRIFT: cannot be rebuilt: {message}");
            return Ok(false);
        }
        Err(other) => return Err(other),
    };
    let mut lines = vec![];
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
    lines.extend(text.describe(faq, index));
    let reproduced = archive::sha256_hex(&compiled.pdf) == record.sha256;
    if reproduced {
        println!("  {version}  reproduced byte for byte");
        for line in lines {
            println!("         (sources differ, but print the same) {line}");
        }
        return Ok(true);
    }
    if lines.is_empty() {
        lines.push(format!(
            "the rebuilt PDF differs although no text changed: layout, fonts, images or toolchain (published with faqpress {} and Typst {}, now faqpress {} and Typst {})",
            record.faqpress,
            record.typst,
            env!("CARGO_PKG_VERSION"),
            crate::emit::typst_version()
        ));
    }
    println!("  {version}  DRIFT against {}", record.file);
    for line in lines {
        println!("         {line}");
    }
    Ok(false)
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
    ] {
        let n = count(kind);
        if n > 0 {
            parts.push(format!("{n} {what}{}", plural(n)));
        }
    }
    let tampered = !parts.is_empty();
    if drifted > 0 {
        parts.push(format!(
            "{drifted} of {releases} release{} drifted from today's sources{}",
            plural(releases),
            if allow_drift { " (allowed)" } else { "" }
        ));
    }
    println!();
    let passed = !tampered && (drifted == 0 || allow_drift);
    if parts.is_empty() {
        println!(
            "verified: {releases} archived release{} intact and reproduced byte for byte",
            plural(releases)
        );
    } else if passed {
        println!("verified: archive intact; {}", parts.join("; "));
    } else {
        eprintln!("error: verification failed: {}", parts.join("; "));
        if tampered {
            eprintln!(
                "  hint: an archived file is never changed; restore the archive folder from version control"
            );
        } else {
            eprintln!(
                "  hint: undo the edits to published text, or issue them in a new release; --allow-drift accepts the drift"
            );
        }
    }
    passed
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
