//! `faqpress publish`: copies a release into the archive and records it in
//! the manifest. An archived file is never replaced.

use std::path::{Path, PathBuf};

use clap::Args;

use anyhow::Context;

use crate::archive::{
    self, Archive, ArchivedFile, ArchivedRedline, Fingerprint, MANIFEST, ProblemKind, Record,
    TextDrift, manifest,
};
use crate::commands::signing::{self, Signed};
use crate::config::{PdfArgs, PdfConfig, SourceArgs};
use crate::diag::{self, Diagnostic};
use crate::error::{Failure, Result};
use crate::model::ids::ReleaseIndex;
use crate::output;
use crate::project::Project;
use crate::typeset::compile::{Compiled, typst_version};

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
    /// Sign the archived file with this SSH ed25519 private key (OpenSSH format,
    /// no passphrase): a detached signature `<file>.sig` beside it, checked by
    /// `verify` against `allowed_signers` in the archive, and by `ssh-keygen -Y verify`.
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,
    /// Also archive the release's HTML edition beside the PDF, recorded with it.
    #[arg(long)]
    pub html: bool,
    /// Also archive the redline from this earlier release to the one published
    /// (`<id>_v<B>_redline-from-v<A>.pdf`, as `faqpress redline` writes it),
    /// recorded with it and signed with it when `--sign` is given.
    #[arg(long, value_name = "VERSION")]
    pub redline_from: Option<String>,
}

pub fn run(args: &PublishArgs) -> Result<()> {
    let project = Project::open(&args.source.sources)?;
    diag::emit(
        project.files(),
        &project.warnings,
        args.source.diagnostic_format,
    );
    let index = chosen_release(&project, args.release.as_deref())?;
    let redline_from = match args.redline_from.as_deref() {
        Some(version) => Some(earlier_release(&project, version, index)?),
        None => None,
    };
    let dir = args
        .archive
        .clone()
        .unwrap_or_else(|| archive::default_dir(&args.source.sources));
    let config = args.pdf.resolve(false, &project.faq.document)?;
    // A key that cannot sign is refused before the lock creates the archive
    // folder; who may sign is checked below, against the archive as locked.
    if let Some(key) = args.sign.as_deref() {
        signing::check_key(key)?;
    }
    // One publish at a time: from reading the archive to recording the
    // release, no other publish or verify sees the archive.
    let _lock = archive::lock::exclusive(&dir, || {
        crate::note!(
            "waiting for another faqpress to finish with the archive `{}`",
            dir.display()
        );
    })
    .with_context(|| format!("cannot lock the archive folder `{}`", dir.display()))?;
    fault_point("locked");
    recover(&project, &config, &dir)?;
    let archive = intact_archive(&dir)?;
    let signer = signing::signer(&archive, args.sign.as_deref(), &project.faq.document.id)?;
    fault_point("archive-read");
    let compiled = project.compile(index, &config)?;
    diag::emit(
        project.files(),
        &compiled.warnings,
        args.source.diagnostic_format,
    );

    let mut record = record(&project, index, &config, &compiled);
    let signed = match &signer {
        Some(signer) => Some(signer.sign(&record.file, &compiled.pdf)?),
        None => None,
    };
    if let Some(signed) = &signed {
        record.signature = Some(signed.name.clone());
        record.signed_by = Some(signed.fingerprint.clone());
    }
    let page = if args.html {
        let page = project.html(index)?;
        record.html = Some(ArchivedFile {
            file: output::html_name(&project.faq, index),
            sha256: archive::sha256_hex(&page),
            size: page.len() as u64,
        });
        Some(page)
    } else {
        None
    };
    let redline = match redline_from {
        Some(from) => Some(archived_redline(
            &project,
            from,
            index,
            &config,
            signer.as_ref(),
            &mut record,
        )?),
        None => None,
    };
    let version = &record.version;
    if let Some(archived) = archive.manifest.by_version(version) {
        let html_differs = attached_differs(
            version,
            (record.html.as_ref(), archived.html.as_ref()),
            |now, then| now.sha256 != then.sha256,
            (
                "its HTML edition",
                "publish the HTML edition with the next release: `faqpress publish --html`",
            ),
        )?;
        let redline_differs = attached_differs(
            version,
            (record.redline.as_ref(), archived.redline.as_ref()),
            |now, then| now.sha256 != then.sha256 || now.from != then.from,
            (
                "a redline",
                "publish the redline with the next release: `faqpress publish --redline-from A`",
            ),
        )?;
        if archived.sha256 == record.sha256 && !html_differs && !redline_differs {
            crate::note!(
                "release {version} is archived already as {}, byte for byte the same; nothing to do",
                dir.join(&archived.file).display()
            );
            return Ok(());
        }
        return Err(refuse_republish(&project, index, archived, &dir));
    }
    let path = dir.join(&record.file);
    add_to_archive(
        &project,
        &archive,
        &record,
        &compiled.pdf,
        signed.as_ref(),
        page.as_deref(),
        redline.as_ref(),
    )?;
    crate::note!(
        "published release {version}: {}  {} pages, {} KiB, SHA-256 {}",
        path.display(),
        record.pages,
        record.size.div_ceil(1024),
        record.sha256
    );
    if let (Some(signed), Some(signer)) = (&signed, &signer) {
        crate::note!(
            "signed as {} with {}: {}",
            signed.principal,
            signed.fingerprint,
            dir.join(&signed.name).display()
        );
        if signed.new_signers.is_some() {
            crate::note!(
                "wrote {} with this key as `{}`; give regulators the key's fingerprint through a second channel",
                signer.signers_path().display(),
                signed.principal
            );
        }
    }
    if let Some(html) = &record.html {
        crate::note!(
            "  with its HTML edition: {}  {} KiB, SHA-256 {}",
            dir.join(&html.file).display(),
            html.size.div_ceil(1024),
            html.sha256
        );
    }
    if let Some(redline) = &record.redline {
        crate::note!(
            "  with its redline from {}: {}  {} KiB, SHA-256 {}",
            redline.from,
            dir.join(&redline.file).display(),
            redline.size.div_ceil(1024),
            redline.sha256
        );
    }
    crate::note!(
        "recorded in {}; commit the archive folder to keep it",
        dir.join(MANIFEST).display()
    );
    Ok(())
}

/// Whether a file archived beside release `version` (its web page, its
/// redline) differs from the one built now, by `differs`; one built now
/// that the record lacks is refused, for a record is never changed: `what`
/// names the file in that error, `hint` says how to publish it instead.
fn attached_differs<T>(
    version: &str,
    (now, then): (Option<&T>, Option<&T>),
    differs: impl Fn(&T, &T) -> bool,
    (what, hint): (&str, &str),
) -> Result<bool> {
    match (now, then) {
        (Some(now), Some(then)) => Ok(differs(now, then)),
        (Some(_), None) => Err(Failure::usage(
            format!(
                "release {version} is archived already without {what}, and an archived record is never changed"
            ),
            Some(hint.into()),
        )),
        (None, _) => Ok(false),
    }
}

/// Writes the PDF, then the manifest that records it. In this order a crash
/// at any point leaves either no trace but a temporary file, or a PDF that is
/// not recorded yet: [`recover`] completes both on the next publish.
fn add_to_archive(
    project: &Project,
    archive: &Archive,
    record: &Record,
    pdf: &[u8],
    signed: Option<&Signed>,
    page: Option<&[u8]>,
    redline: Option<&Redline>,
) -> Result<()> {
    let path = archive.dir.join(&record.file);
    output::write_new_atomic_then(&path, pdf, || fault_point("pdf-staged"))?;
    fault_point("pdf-written");
    let mut written = vec![path.clone()];
    if let Some(signed) = signed {
        match signing::write(&archive.dir, signed) {
            Ok(files) => written.extend(files),
            Err(err) => {
                let _ = std::fs::remove_file(&path);
                return Err(err);
            }
        }
        fault_point("signature-written");
    }
    if let (Some(page), Some(html)) = (page, &record.html) {
        let html_path = archive.dir.join(&html.file);
        if let Err(err) = output::write_new_atomic(&html_path, page) {
            let _ = std::fs::remove_file(&path);
            return Err(err.into());
        }
        written.push(html_path);
        fault_point("html-written");
    }
    if let (Some(redline), Some(archived)) = (redline, &record.redline) {
        let mut write = || -> Result<()> {
            let redline_path = archive.dir.join(&archived.file);
            output::write_new_atomic(&redline_path, &redline.pdf)?;
            written.push(redline_path);
            if let Some(signed) = &redline.signed {
                written.extend(signing::write(&archive.dir, signed)?);
            }
            Ok(())
        };
        if let Err(err) = write() {
            for file in &written {
                let _ = std::fs::remove_file(file);
            }
            return Err(err);
        }
    }
    let order: Vec<&str> = project.faq.entry_order().collect();
    let text = manifest::append(&archive.text, record, &order);
    let manifest = archive.dir.join(MANIFEST);
    if let Err(err) = output::write_atomic_then(&manifest, text.as_bytes(), || {
        fault_point("manifest-staged")
    }) {
        // Unrecorded, the new files would be strays in the archive.
        for file in &written {
            let _ = std::fs::remove_file(file);
        }
        return Err(err.into());
    }
    fault_point("manifest-written");
    Ok(())
}

/// The redline to archive with a release, and its signature.
struct Redline {
    pdf: Vec<u8>,
    signed: Option<Signed>,
}

/// Builds (and signs) the redline of `to` from `from` and records it in
/// `record`.
fn archived_redline(
    project: &Project,
    from: ReleaseIndex,
    to: ReleaseIndex,
    config: &PdfConfig,
    signer: Option<&signing::Signer>,
    record: &mut Record,
) -> Result<Redline> {
    let pdf = project.compile_redline(from, to, config)?.pdf;
    let file = output::redline_name(&project.faq, from, to);
    let signed = match signer {
        Some(signer) => {
            let mut signed = signer.sign(&file, &pdf)?;
            // `allowed_signers`, when new, is written with the release's own signature.
            signed.new_signers = None;
            Some(signed)
        }
        None => None,
    };
    record.redline = Some(ArchivedRedline {
        from: project.faq.releases[from].version.clone(),
        file,
        sha256: archive::sha256_hex(&pdf),
        size: pdf.len() as u64,
        signature: signed.as_ref().map(|s| s.name.clone()),
    });
    Ok(Redline { pdf, signed })
}

/// The release `version`, which must come before the release `to`.
fn earlier_release(project: &Project, version: &str, to: ReleaseIndex) -> Result<ReleaseIndex> {
    let from = project.release(Some(version))?;
    if from >= to {
        return Err(Failure::usage(
            format!(
                "release {version} is not older than release {}, the one published; a redline shows a release against an earlier one",
                project.faq.releases[to].version
            ),
            Some("name the release readers hold: `faqpress publish --redline-from 5.0`".into()),
        ));
    }
    Ok(from)
}

/// Completes what an interrupted publish left in the archive: its temporary
/// files are removed, and a PDF it wrote but did not record is recorded when
/// it is byte for byte the release today's sources build (with this
/// publish's settings). Anything else is left for [`intact_archive`] to
/// refuse.
fn recover(project: &Project, config: &PdfConfig, dir: &Path) -> Result<()> {
    let Ok(archive) = Archive::open(dir) else {
        return Ok(());
    };
    for problem in archive.check_files() {
        if problem.kind != ProblemKind::Extra {
            continue;
        }
        let path = dir.join(&problem.file);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        let temporary =
            problem.file.starts_with(output::TEMP_PREFIX) && problem.file.ends_with(".tmp");
        // A signature of a PDF that was never recorded, and that PDF: a
        // signed publish cut short before the manifest. Both go, and the next
        // `publish --sign` writes them anew; adopting the PDF alone would
        // record the release as unsigned.
        let signature = problem.file.ends_with(".sig");
        // An unrecorded redline was never published: the next
        // `publish --redline-from` builds it anew.
        let redline = problem.file.ends_with(".pdf") && problem.file.contains("_redline-from-v");
        let signed = dir.join(format!("{}.sig", problem.file)).is_file();
        // An unrecorded web page is recorded with the PDF beside it, or left.
        if problem.file.ends_with(".html") {
            continue;
        }
        if is_file && (temporary || signature || signed || redline) {
            remove_stray(&path)?;
        } else if is_file {
            adopt(project, config, dir, &problem.file)?;
        }
    }
    Ok(())
}

fn remove_stray(path: &Path) -> Result<()> {
    std::fs::remove_file(path).with_context(|| format!("cannot remove `{}`", path.display()))?;
    crate::note!(
        "removed {}, left over from an interrupted publish",
        path.display()
    );
    Ok(())
}

/// Records the unrecorded PDF `file` if it is a release of the sources, not
/// recorded yet, and byte for byte what they build; with the web page
/// beside it if there is one, and it is byte for byte what they build too.
fn adopt(project: &Project, config: &PdfConfig, dir: &Path, file: &str) -> Result<()> {
    let faq = &project.faq;
    let Some(index) = faq
        .release_indices()
        .find(|&i| output::pdf_name(faq, i) == file && !faq.releases[i].draft)
    else {
        return Ok(());
    };
    let html = output::html_name(faq, index);
    let html_path = dir.join(&html);
    let archive = intact_archive_but(dir, &[file, &html])?;
    if archive
        .manifest
        .by_version(&faq.releases[index].version)
        .is_some()
    {
        return Ok(());
    }
    let compiled = project.compile(index, config)?;
    let folder = crate::source::inside::Folder {
        root: dir,
        name: "the archive folder",
        max_bytes: compiled.pdf.len() as u64,
        too_big_hint: "",
    };
    if folder.read(&dir.join(file)).ok().as_deref() != Some(&compiled.pdf[..]) {
        return Ok(());
    }
    let mut record = record(project, index, config, &compiled);
    if html_path.is_file() {
        let page = project.html(index)?;
        if folder.read(&html_path).ok().as_deref() != Some(&page[..]) {
            return Ok(());
        }
        record.html = Some(ArchivedFile {
            file: html,
            sha256: archive::sha256_hex(&page),
            size: page.len() as u64,
        });
    }
    let order: Vec<&str> = faq.entry_order().collect();
    let text = manifest::append(&archive.text, &record, &order);
    output::write_atomic_then(&dir.join(MANIFEST), text.as_bytes(), || {
        fault_point("manifest-staged")
    })?;
    let with_page = if record.html.is_some() {
        " with its web page"
    } else {
        ""
    };
    crate::note!(
        "recorded {}{with_page} as release {}: an interrupted publish had written it without recording it, and it is byte for byte what the sources build",
        dir.join(file).display(),
        record.version
    );
    Ok(())
}

/// The archive in `dir` if nothing is wrong with it but the unrecorded
/// `files`.
fn intact_archive_but(dir: &Path, files: &[&str]) -> Result<Archive> {
    let archive = Archive::open(dir).map_err(|p| not_intact(dir, vec![p.to_string()]))?;
    let problems: Vec<String> = archive
        .check_files()
        .iter()
        .filter(|p| !files.contains(&p.file.as_str()))
        .map(ToString::to_string)
        .collect();
    if !problems.is_empty() {
        return Err(not_intact(dir, problems));
    }
    Ok(archive)
}

/// Test hook: with `FAQPRESS_FAULT=<step>` in the environment, publish
/// aborts at that step as a `kill -9` would (nothing is cleaned up), with
/// `FAQPRESS_FAULT=<step>:pause` it waits there for half a second. The tests
/// use it to stop publish between any two writes and to make publishes
/// overlap; it is not a feature.
fn fault_point(step: &str) {
    let Some(fault) = std::env::var_os("FAQPRESS_FAULT") else {
        return;
    };
    let fault = fault.to_string_lossy();
    if fault == step {
        std::process::abort();
    }
    if fault.strip_suffix(":pause") == Some(step) {
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// The release asked for, or the latest that is not a draft; never a draft.
fn chosen_release(project: &Project, version: Option<&str>) -> Result<ReleaseIndex> {
    let faq = &project.faq;
    let index = match version {
        Some(version) => project.release(Some(version))?,
        None => faq.latest(true).ok_or_else(|| {
            Failure::usage(
                "every release is a draft; there is nothing to publish",
                Some("remove `draft = true` from a release in faq.toml once it is final".into()),
            )
        })?,
    };
    let release = &faq.releases[index];
    if release.draft {
        let diag = Diagnostic::error(
            Some(release.loc.clone()),
            format!(
                "release `{}` is a draft; drafts are never published",
                release.version
            ),
        )
        .hint("remove `draft = true` from this release once it is final, then publish it");
        return Err(sources_failure(project, diag));
    }
    Ok(index)
}

/// The archive in `dir`, if every file in it is as recorded.
fn intact_archive(dir: &Path) -> Result<Archive> {
    intact_archive_but(dir, &[])
}

fn not_intact(dir: &Path, problems: Vec<String>) -> Failure {
    Failure::usage(
        format!(
            "the archive `{}` is not intact; nothing was published\n  {}",
            dir.display(),
            problems.join("\n  ")
        ),
        Some("run `faqpress verify` and restore the archive from version control".into()),
    )
}

/// What the manifest records about a release built now.
fn record(
    project: &Project,
    index: ReleaseIndex,
    config: &PdfConfig,
    compiled: &Compiled,
) -> Record {
    let faq = &project.faq;
    let release = &faq.releases[index];
    let fingerprint = Fingerprint::of_release(faq, index);
    Record {
        version: release.version.clone(),
        date: manifest::toml_date(&release.date),
        file: output::pdf_name(faq, index),
        sha256: archive::sha256_hex(&compiled.pdf),
        size: compiled.pdf.len() as u64,
        pages: compiled.pages,
        pdf_standard: config.names(),
        attach_sources: config.attach_sources,
        faqpress: env!("CARGO_PKG_VERSION").to_string(),
        typst: typst_version().to_string(),
        document_text: fingerprint.document_text,
        change_table: fingerprint.change_table,
        questions: fingerprint.questions.into_iter().collect(),
        signature: None,
        signed_by: None,
        html: None,
        redline: None,
    }
}

/// The error for a release that is archived already but builds differently
/// today: located at the release in faq.toml, naming what changed.
fn refuse_republish(
    project: &Project,
    index: ReleaseIndex,
    archived: &Record,
    dir: &Path,
) -> Failure {
    let faq = &project.faq;
    let release = &faq.releases[index];
    let drift = TextDrift::between(archived, &Fingerprint::of_release(faq, index));
    let mut diag = Diagnostic::error(
        Some(release.loc.clone()),
        format!(
            "release `{}` is archived already as {}, and the sources now give a different PDF; an archived release is never replaced",
            release.version,
            dir.join(&archived.file).display()
        ),
    );
    let changes = drift.describe(faq, index);
    if changes.is_empty() {
        diag = diag.hint(format!(
            "no text changed: layout, fonts, images or the toolchain did (published with faqpress {} and Typst {})",
            archived.faqpress, archived.typst
        ));
    }
    for line in changes {
        diag = diag.hint(line);
    }
    let diag = diag.hint("to issue the change, add a new [[release]] to faq.toml, give the edit a revision `since` it, and publish that release; to keep the archived text, undo the edit (`faqpress verify` shows every difference)");
    sources_failure(project, diag)
}

fn sources_failure(project: &Project, diag: Diagnostic) -> Failure {
    Failure::Sources {
        files: project.files().clone(),
        diags: vec![diag],
    }
}
